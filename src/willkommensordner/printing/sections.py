"""Sections of the folders: information pages, contact points and emergency numbers (no
personal data), used by the welcome folder and the information folder alike."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import unquote

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer

from willkommensordner.content import markdown as md
from willkommensordner.content.contacts import opening_hours, spoken_languages
from willkommensordner.content.labels import Label, label
from willkommensordner.content.languages import normalize
from willkommensordner.content.library import ContentLibrary, ResolvedPage
from willkommensordner.content.model import ContactPoint
from willkommensordner.content.notices import notice_text
from willkommensordner.content.status import Status
from willkommensordner.printing.flowables import (
    BODY,
    HEADINGS,
    BilingualBlock,
    BulletList,
    SideBySide,
    TextParagraph,
    TextTable,
)
from willkommensordner.printing.pieces import (
    ACCENT,
    CELL,
    CELL_BOLD,
    FRAME_WIDTH,
    SMALL,
    Cell,
    bi_cell,
    bi_heading,
    bi_text,
    german_date,
    notice_language,
    pair,
    shown_language,
)
from willkommensordner.printing.text_layer import StyledText


def inline_plain(inlines: Sequence[md.Inline]) -> StyledText:
    """What inline content prints: its text with bold and italic ranges; a web link shows
    its address (paper has no links), a hard break starts a new line."""
    parts: list[str] = []
    bold: list[tuple[int, int]] = []
    italic: list[tuple[int, int]] = []

    def walk(nodes: Sequence[md.Inline]) -> None:
        for node in nodes:
            start = sum(len(part) for part in parts)
            if isinstance(node, md.Text):
                parts.append(node.text)
            elif isinstance(node, md.LineBreak):
                parts.append("\n")
            elif isinstance(node, md.Link):
                shown = md.inline_text(node.children)
                walk(node.children)
                if node.href.rstrip("/") not in shown:
                    parts.append(f" ({unquote(node.href)})")
            else:
                walk(node.children)
                end = sum(len(part) for part in parts)
                if isinstance(node, md.Strong):
                    bold.append((start, end))
                elif isinstance(node, md.Emphasis):
                    italic.append((start, end))

    walk(inlines)
    return StyledText("".join(parts), tuple(bold), tuple(italic))


def page_is_machine_made(page: ResolvedPage) -> bool:
    return page.status in (Status.MACHINE_MADE, Status.OUTDATED) or page.is_fallback


def information_page(page: ResolvedPage, lang: str) -> list[Flowable]:
    """One information page: the German source beside the page in the reader's language,
    block by block, with the page's notices in both languages above the text."""
    other_lang = page.lang
    german_only = normalize(other_lang) == "de"
    story: list[Flowable] = [
        BilingualBlock(
            page.source.title, None if german_only else page.title, other_lang, HEADINGS[1]
        )
    ]
    for kind, reader_notice in zip(page.notice_kinds, page.notices, strict=True):
        german_notice = notice_text(kind, "de", requested=page.requested_lang, shown=page.lang)
        story.append(
            BilingualBlock(
                german_notice,
                None if normalize(page.requested_lang) == "de" else reader_notice,
                notice_language(page.requested_lang),
                SMALL.replace(color=ACCENT, bold=True, space_after=5.0),
            )
        )
    stand_de = f"{label(Label.STAND, 'de')}: {german_date(page.stand)}"
    sources = "; ".join(source.render() for source in page.sources)
    if sources:
        stand_de += f" · {label(Label.SOURCES, 'de')}: {sources}"
    story.append(TextParagraph(stand_de, SMALL, language="de"))
    source_blocks = list(page.source.blocks)
    other_blocks: list[md.Block | None] = [] if german_only else list(page.blocks)
    count = max(len(source_blocks), len(other_blocks))
    for index in range(count):
        de_block = source_blocks[index] if index < len(source_blocks) else None
        other_block = other_blocks[index] if index < len(other_blocks) else None
        story.append(_block_pair(de_block, other_block, other_lang, german_only))
    return story


def _block_text(block: md.Block | None) -> StyledText:
    if block is None or isinstance(block, md.BulletList):
        return StyledText("")
    return inline_plain(block.children)


def _block_pair(
    de_block: md.Block | None, other_block: md.Block | None, lang: str, german_only: bool
) -> Flowable:
    sample = de_block or other_block
    if isinstance(sample, md.BulletList):
        de_items = (
            [inline_plain(i.children) for i in de_block.items]
            if isinstance(de_block, md.BulletList)
            else []
        )
        other_items = (
            [inline_plain(i.children) for i in other_block.items]
            if isinstance(other_block, md.BulletList)
            else []
        )
        if german_only:
            return BulletList(de_items, language="de")
        return SideBySide(
            BulletList(de_items, language="de"), BulletList(other_items, language=lang)
        )
    style = BODY
    if isinstance(sample, md.Heading):
        style = HEADINGS[2] if sample.level <= 2 else HEADINGS[3]
    return BilingualBlock(
        _block_text(de_block), None if german_only else _block_text(other_block), lang, style
    )


def contact_point(contact: ContactPoint, lang: str) -> Flowable:
    """Name, description, address, phone, e-mail, opening hours, languages spoken."""
    other = None if normalize(lang) == "de" else lang
    story: list[Flowable] = [TextParagraph(contact.name, HEADINGS[3], language="de")]
    de_desc = contact.describe("de")
    other_desc = contact.describe(lang) if other else None
    if de_desc:
        story.append(
            BilingualBlock(de_desc, other_desc if other_desc != de_desc else None, lang, BODY)
        )
    rows: list[list[Cell]] = []
    if contact.address is not None:
        rows.append([bi_cell("address", lang), contact.address.one_line()])
    if contact.phone:
        rows.append([bi_cell("phone", lang), contact.phone])
    if contact.email:
        rows.append([bi_cell("email", lang), contact.email])
    if contact.website:
        rows.append([_content_label(Label.SOURCES, lang, "Web"), contact.website])
    hours = _hours(contact, lang)
    if hours is not None:
        rows.append([_content_label(Label.OPENING_HOURS, lang), hours])
    if contact.languages:
        rows.append(
            [_content_label(Label.LANGUAGES_SPOKEN, lang), " · ".join(spoken_languages(contact))]
        )
    if rows:
        story.append(
            TextTable(
                rows,
                [42 * mm, FRAME_WIDTH - 42 * mm],
                languages=["de", "de"],
                style=CELL,
                header=False,
                mirror=False,
            )
        )
    story.append(Spacer(1, 4 * mm))
    return KeepTogether(story)


def _content_label(which: Label, lang: str, german: str | None = None) -> list[Flowable]:
    cells: list[Flowable] = [TextParagraph(german or label(which, "de"), CELL_BOLD)]
    if normalize(lang) != "de" and german is None:
        cells.append(TextParagraph(label(which, lang), CELL_BOLD, language=lang))
    return cells


def _hours(contact: ContactPoint, lang: str) -> list[Flowable] | None:
    if not contact.opening_hours:
        return None
    cells: list[Flowable] = []
    languages = ["de"] if normalize(lang) == "de" else ["de", lang]
    for language in languages:
        appointment = label(Label.BY_APPOINTMENT, language)
        lines = [
            f"{line.days}: {line.time}" + (f" ({appointment})" if line.by_appointment else "")
            for line in opening_hours(contact, language)
        ]
        cells.append(TextParagraph("\n".join(lines), CELL, language=language))
    note_de = contact.hours_note.get("de")
    if note_de:
        cells.append(TextParagraph(note_de, CELL, language="de"))
    return cells


def contact_points(contacts: Sequence[ContactPoint], lang: str) -> list[Flowable]:
    return [contact_point(contact, lang) for contact in contacts]


EMERGENCY_NUMBERS: tuple[tuple[str, str], ...] = (
    ("112", "em_112"),
    ("110", "em_110"),
    ("116 117", "em_116117"),
    ("116 016", "em_116016"),
    ("116 111", "em_116111"),
    ("0800 111 0 111", "em_seelsorge"),
)


def emergency_numbers(lang: str) -> list[Flowable]:
    rows: list[list[Cell]] = []
    for number, key in EMERGENCY_NUMBERS:
        german, other = pair(key, lang)
        row: list[Cell] = [
            TextParagraph(number, HEADINGS[2].replace(space_before=0, space_after=0)),
            TextParagraph(german, CELL.replace(size=10.0), language="de"),
        ]
        if other is not None:
            row.append(
                TextParagraph(other, CELL.replace(size=10.0), language=shown_language(key, lang))
            )
        rows.append(row)
    widths = [40 * mm, 67 * mm, 67 * mm] if normalize(lang) != "de" else [40 * mm, 134 * mm]
    return [
        bi_heading("emergency", lang, 1),
        TextTable(rows, widths, style=CELL, header=False, mirror=False),
        Spacer(1, 3 * mm),
        bi_text("emergency_free", lang),
    ]


def topic_pages(library: ContentLibrary, lang: str) -> list[tuple[str, ResolvedPage]]:
    return [(topic.id, library.page(topic.id, lang)) for topic in library.topics("de")]


def page_break_if_needed(height: float = 60 * mm) -> Flowable:
    return CondPageBreak(height)
