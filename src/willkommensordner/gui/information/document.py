"""Builds the rich text of a page and of its contact points straight from the safe tree.

No HTML is parsed: every author string is inserted as plain text with a character format,
so nothing in a page can load a resource or become markup. Every block gets the reader's
writing direction and an absolute alignment, so Arabic, Persian and Pashto read right to
left whatever the direction of the counsellor's UI.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextListFormat,
    QTextOption,
)

from willkommensordner.content import (
    ContactPoint,
    Label,
    ResolvedPage,
    direction,
    label,
    opening_hours,
    spoken_languages,
)
from willkommensordner.content import markdown as md

LINK_COLOUR = "#1f5f99"
MUTED_COLOUR = "#5f6368"
# Phone numbers, e-mail and German addresses are left-to-right islands inside Arabic text:
# without an isolate the bidi algorithm would reorder "0800 111 0 111" into "111 0 111 0800".
LRI, FSI, PDI = "\u2066", "\u2068", "\u2069"

HEADING_SCALE = {1: 1.6, 2: 1.3, 3: 1.12}


def is_rtl(lang: str) -> bool:
    return direction(lang) == "rtl"


def ltr_island(text: str) -> str:
    return f"{LRI}{text}{PDI}"


def base_font(point_size: float) -> QFont:
    """The page font: Noto Sans with its Arabic and Ethiopic siblings for other scripts."""
    font = QFont()
    font.setFamilies(["Noto Sans", "Noto Sans Arabic", "Noto Sans Ethiopic"])
    font.setPointSizeF(point_size)
    return font


class _Writer:
    """Appends blocks to a document in one direction; the first block reuses the empty one."""

    def __init__(self, doc: QTextDocument, lang: str) -> None:
        self.doc = doc
        self.rtl = is_rtl(lang)
        self.cursor = QTextCursor(doc)
        self.cursor.movePosition(QTextCursor.MoveOperation.End)
        self.point_size = doc.defaultFont().pointSizeF()
        self._fresh = doc.isEmpty()

    def block_format(self, top: float = 0, bottom: float = 8) -> QTextBlockFormat:
        fmt = QTextBlockFormat()
        fmt.setLayoutDirection(
            Qt.LayoutDirection.RightToLeft if self.rtl else Qt.LayoutDirection.LeftToRight
        )
        side = Qt.AlignmentFlag.AlignRight if self.rtl else Qt.AlignmentFlag.AlignLeft
        fmt.setAlignment(side | Qt.AlignmentFlag.AlignAbsolute)
        fmt.setTopMargin(top)
        fmt.setBottomMargin(bottom)
        fmt.setLineHeight(122 if self.rtl else 115, 1)  # 1 = ProportionalHeight
        return fmt

    def new_block(self, fmt: QTextBlockFormat) -> None:
        if self._fresh:
            self.cursor.setBlockFormat(fmt)
            self._fresh = False
        else:
            self.cursor.insertBlock(fmt, QTextCharFormat())

    def char_format(
        self, *, bold: bool = False, scale: float = 1.0, colour: str | None = None
    ) -> QTextCharFormat:
        fmt = QTextCharFormat()
        fmt.setFontPointSize(self.point_size * scale)
        if bold:
            fmt.setFontWeight(QFont.Weight.Bold)
        if colour:
            fmt.setForeground(QBrush(QColor(colour)))
        return fmt

    def text(self, text: str, fmt: QTextCharFormat) -> None:
        self.cursor.insertText(text, fmt)

    def inlines(self, nodes: Sequence[md.Inline], fmt: QTextCharFormat) -> None:
        for node in nodes:
            if isinstance(node, md.Text):
                self.text(node.text, fmt)
            elif isinstance(node, md.Strong):
                strong = QTextCharFormat(fmt)
                strong.setFontWeight(QFont.Weight.Bold)
                self.inlines(node.children, strong)
            elif isinstance(node, md.Link):
                self.link(md.inline_text(node.children), node.href, fmt)
            else:
                # tel: and mailto: stay text: the desktop has no phone, and a mail program
                # opening by accident would be confusing in front of a newcomer.
                self.text(ltr_island(md.inline_text(node.children)), fmt)

    def link(self, text: str, href: str, fmt: QTextCharFormat) -> None:
        anchor = QTextCharFormat(fmt)
        anchor.setAnchor(True)
        anchor.setAnchorHref(href)
        anchor.setForeground(QBrush(QColor(LINK_COLOUR)))
        anchor.setFontUnderline(True)
        anchor.setToolTip(href)
        self.text(text, anchor)

    def paragraph(self, nodes: Sequence[md.Inline], *, bottom: float = 8) -> None:
        self.new_block(self.block_format(bottom=bottom))
        self.inlines(nodes, self.char_format())

    def heading(self, text_or_nodes: str | Sequence[md.Inline], level: int) -> None:
        scale = HEADING_SCALE.get(level, 1.0)
        self.new_block(self.block_format(top=14 if level > 1 else 0, bottom=6))
        fmt = self.char_format(bold=True, scale=scale)
        fmt.setProperty(QTextCharFormat.Property.FontSizeAdjustment, 0)
        if isinstance(text_or_nodes, str):
            self.text(text_or_nodes, fmt)
        else:
            self.inlines(text_or_nodes, fmt)
        block_fmt = self.cursor.blockFormat()
        block_fmt.setHeadingLevel(level)
        self.cursor.setBlockFormat(block_fmt)

    def bullet_list(self, items: Sequence[Sequence[md.Inline]], ordered: bool) -> None:
        list_format = QTextListFormat()
        list_format.setStyle(
            QTextListFormat.Style.ListDecimal if ordered else QTextListFormat.Style.ListDisc
        )
        list_format.setIndent(1)
        text_list = None
        for index, nodes in enumerate(items):
            last = index == len(items) - 1
            self.new_block(self.block_format(bottom=8 if last else 3))
            if text_list is None:
                text_list = self.cursor.createList(list_format)
            else:
                text_list.add(self.cursor.block())
            self.inlines(nodes, self.char_format())

    def small(self, text: str, *, colour: str = MUTED_COLOUR, top: float = 0) -> None:
        self.new_block(self.block_format(top=top, bottom=2))
        self.text(text, self.char_format(scale=0.85, colour=colour))


def prepare(doc: QTextDocument, lang: str, point_size: float) -> None:
    """Empty the document and set its defaults for a reader of `lang`."""
    doc.clear()
    doc.setDefaultFont(base_font(point_size))
    doc.setDocumentMargin(max(12.0, point_size * 1.2))
    option = QTextOption(doc.defaultTextOption())
    option.setTextDirection(
        Qt.LayoutDirection.RightToLeft if is_rtl(lang) else Qt.LayoutDirection.LeftToRight
    )
    side = Qt.AlignmentFlag.AlignRight if is_rtl(lang) else Qt.AlignmentFlag.AlignLeft
    option.setAlignment(side | Qt.AlignmentFlag.AlignAbsolute)
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    doc.setDefaultTextOption(option)


def write_page(doc: QTextDocument, page: ResolvedPage) -> None:
    """Title, text, then "Stand" and sources, all in the language actually shown."""
    writer = _Writer(doc, page.lang)
    writer.heading(page.title, 1)
    for block in page.blocks:
        if isinstance(block, md.Heading):
            writer.heading(block.children, min(block.level + 1, 3))
        elif isinstance(block, md.Paragraph):
            writer.paragraph(block.children)
        else:
            writer.bullet_list([item.children for item in block.items], block.ordered)
    # "Stand" and source labels come in the reader's language, not the UI language.
    reader = page.requested_lang
    meta = _Writer(doc, reader)
    stand = f"{label(Label.STAND, reader)}: {ltr_island(page.stand.strftime('%d.%m.%Y'))}"
    meta.small(stand, top=14)
    if page.sources:
        meta.small(f"{label(Label.SOURCES, reader)}:")
        for source in page.sources:
            meta.new_block(meta.block_format(bottom=2))
            fmt = meta.char_format(scale=0.85, colour=MUTED_COLOUR)
            meta.text("• ", fmt)
            if source.url:
                meta.link(source.name, source.url, fmt)
            else:
                meta.text(source.name, fmt)


def write_contacts(doc: QTextDocument, contacts: Sequence[ContactPoint], lang: str) -> None:
    """The contact points: name, description, address, phone, e-mail, hours, languages."""
    writer = _Writer(doc, lang)
    writer.heading(label(Label.CONTACT_POINTS, lang), 2)
    separator = "، " if is_rtl(lang) else ", "
    for contact in contacts:
        writer.new_block(writer.block_format(top=10, bottom=2))
        writer.text(ltr_island(contact.name), writer.char_format(bold=True, scale=1.05))
        description = contact.describe(lang)
        if description:
            writer.new_block(writer.block_format(bottom=2))
            # It may come from a fallback language: isolated, its full stop stays at its end.
            writer.text(f"{FSI}{description}{PDI}", writer.char_format())
        normal = writer.char_format()
        if contact.address is not None:
            writer.new_block(writer.block_format(bottom=2))
            writer.text(ltr_island(contact.address.one_line()), normal)
        if contact.phone:
            writer.new_block(writer.block_format(bottom=2))
            writer.text(ltr_island(contact.phone), normal)
        if contact.email:
            writer.new_block(writer.block_format(bottom=2))
            writer.text(ltr_island(contact.email), normal)
        if contact.website:
            writer.new_block(writer.block_format(bottom=2))
            writer.link(contact.website, contact.website, normal)
        hours = opening_hours(contact, lang)
        if hours:
            writer.new_block(writer.block_format(top=4, bottom=2))
            writer.text(label(Label.OPENING_HOURS, lang), writer.char_format(bold=True))
            for line in hours:
                writer.new_block(writer.block_format(bottom=1))
                text = f"{line.days}: {ltr_island(line.time)}"
                if line.by_appointment:
                    text += f" ({label(Label.BY_APPOINTMENT, lang)})"
                writer.text(text, normal)
        spoken = spoken_languages(contact)
        if spoken:
            writer.new_block(writer.block_format(top=4, bottom=2))
            writer.text(f"{label(Label.LANGUAGES_SPOKEN, lang)}: ", writer.char_format(bold=True))
            writer.text(separator.join(f"{FSI}{name}{PDI}" for name in spoken), normal)
