"""The rich text of a page and of its contact points, built from the safe tree.

The page's blocks (content/markdown.py) are walked here and every author string is
HTML-escaped; no page text is ever passed through as markup, nothing refers to an image or
file, and only http(s) links become anchors. Every block carries the reader's writing
direction and an absolute alignment (Qt turns `dir`/`align` into the block format), so
Arabic, Persian and Pashto read right to left whatever the direction of the counsellor's UI.

One `setHtml` per page rather than a QTextCursor per fragment: with PySide6 6.12 on
Python 3.11 every call of a void Qt method from Python costs a reference to None (see
docs/gui-information.md), so the view makes as few of them as possible.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextDocument, QTextOption

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

MUTED_COLOUR = "#5f6368"
LINK_COLOUR = "#1f5f99"
# Phone numbers, e-mail and German addresses are left-to-right islands inside Arabic text:
# without an isolate the bidi algorithm would reorder "0800 111 0 111" into "111 0 111 0800".
LRI, FSI, PDI = "\u2066", "\u2068", "\u2069"


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


def prepare(doc: QTextDocument, lang: str, point_size: float) -> None:
    """Set the document's defaults for a reader of `lang` (direction, alignment, font)."""
    doc.setDefaultFont(base_font(point_size))
    doc.setDocumentMargin(max(12.0, point_size * 1.2))
    option = QTextOption()
    rtl = is_rtl(lang)
    option.setTextDirection(
        Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
    )
    side = Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft
    option.setAlignment(side | Qt.AlignmentFlag.AlignAbsolute)
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    doc.setDefaultTextOption(option)


class _Html:
    """Collects blocks in one writing direction."""

    def __init__(self, lang: str) -> None:
        self.rtl = is_rtl(lang)
        self.parts: list[str] = []

    @property
    def attrs(self) -> str:
        return 'dir="rtl" align="right"' if self.rtl else 'dir="ltr" align="left"'

    def style(self, top: int = 0, bottom: int = 8) -> str:
        # Noto Sans Arabic is already set with generous line spacing.
        height = 100 if self.rtl else 115
        return f'style="margin-top:{top}px; margin-bottom:{bottom}px; line-height:{height}%"'

    def block(self, tag: str, inner: str, *, top: int = 0, bottom: int = 8) -> None:
        self.parts.append(f"<{tag} {self.attrs} {self.style(top, bottom)}>{inner}</{tag}>")

    def bullet_list(self, items: Sequence[str], ordered: bool) -> None:
        tag = "ol" if ordered else "ul"
        rows = "".join(f"<li {self.attrs} {self.style(0, 3)}>{item}</li>" for item in items)
        self.parts.append(f'<{tag} {self.attrs} style="margin-bottom:8px">{rows}</{tag}>')

    def html(self) -> str:
        return "".join(self.parts)


def text(value: str) -> str:
    return html.escape(value, quote=True)


def link(label_text: str, href: str) -> str:
    # Only http(s) reaches here (the parser and the contact schema allow nothing else).
    return f'<a href="{text(href)}" style="color:{LINK_COLOUR}">{text(label_text)}</a>'


def muted(inner: str, scale: int = 85) -> str:
    return f'<span style="color:{MUTED_COLOUR}; font-size:{scale}%">{inner}</span>'


def inlines(nodes: Sequence[md.Inline]) -> str:
    parts: list[str] = []
    for node in nodes:
        if isinstance(node, md.Text):
            parts.append(text(node.text))
        elif isinstance(node, md.LineBreak):
            parts.append("<br>")
        elif isinstance(node, md.Strong):
            parts.append(f"<b>{inlines(node.children)}</b>")
        elif isinstance(node, md.Emphasis):
            parts.append(f"<i>{inlines(node.children)}</i>")
        elif isinstance(node, md.Link):
            parts.append(link(md.inline_text(node.children), node.href))
        else:
            # tel: and mailto: stay text: the desktop has no phone, and a mail program
            # opening by accident would be confusing in front of a newcomer.
            parts.append(text(ltr_island(md.inline_text(node.children))))
    return "".join(parts)


def page_html(page: ResolvedPage) -> str:
    """Title, text, then "Stand" and sources; the labels in the reader's language."""
    body = _Html(page.lang)
    body.block("h1", text(page.title), bottom=10)
    for block in page.blocks:
        if isinstance(block, md.Heading):
            level = min(block.level + 1, 3)
            body.block(f"h{level}", inlines(block.children), top=12, bottom=6)
        elif isinstance(block, md.Paragraph):
            body.block("p", inlines(block.children))
        else:
            body.bullet_list([inlines(item.children) for item in block.items], block.ordered)
    reader = page.requested_lang
    meta = _Html(reader)
    stand = page.stand.strftime("%d.%m.%Y")
    meta.block(
        "p", muted(f"{text(label(Label.STAND, reader))}: {ltr_island(stand)}"), top=14, bottom=2
    )
    if page.sources:
        meta.block("p", muted(text(label(Label.SOURCES, reader)) + ":"), bottom=2)
        for source in page.sources:
            inner = link(source.name, source.url) if source.url else text(source.name)
            meta.block("p", muted("• " + inner), bottom=2)
    return body.html() + meta.html()


def contacts_html(contacts: Sequence[ContactPoint], lang: str) -> str:
    """The contact points: name, description, address, phone, e-mail, hours, languages."""
    out = _Html(lang)
    out.block("h2", text(label(Label.CONTACT_POINTS, lang)), bottom=4)
    separator = "، " if is_rtl(lang) else ", "
    for contact in contacts:
        out.block("p", f"<b>{text(ltr_island(contact.name))}</b>", top=12, bottom=2)
        description = contact.describe(lang)
        if description:
            # It may come from a fallback language: isolated, its full stop stays at its end.
            out.block("p", text(f"{FSI}{description}{PDI}"), bottom=2)
        if contact.address is not None:
            out.block("p", text(ltr_island(contact.address.one_line())), bottom=2)
        if contact.phone:
            out.block("p", text(ltr_island(contact.phone)), bottom=2)
        if contact.email:
            out.block("p", text(ltr_island(contact.email)), bottom=2)
        if contact.website:
            out.block("p", link(contact.website, contact.website), bottom=2)
        hours = opening_hours(contact, lang)
        if hours:
            out.block("p", f"<b>{text(label(Label.OPENING_HOURS, lang))}</b>", top=4, bottom=1)
            for line in hours:
                entry = f"{line.days}: {ltr_island(line.time)}"
                if line.by_appointment:
                    entry += f" ({label(Label.BY_APPOINTMENT, lang)})"
                out.block("p", text(entry), bottom=1)
        spoken = spoken_languages(contact)
        if spoken:
            names = separator.join(f"{FSI}{name}{PDI}" for name in spoken)
            out.block(
                "p",
                f"<b>{text(label(Label.LANGUAGES_SPOKEN, lang))}:</b> {text(names)}",
                top=4,
                bottom=2,
            )
    return out.html()
