"""The welcome folder of one dossier and the information folder without personal data.

Reading order of the welcome folder: cover, contents, the personal pages first (what the
newcomer needs at the next appointment: Terminübersicht, agreed steps), the information
pages, contact points, emergency numbers, and last the divider pages of the Ordnungshilfe,
behind which the papers are filed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from reportlab.lib.colors import HexColor, white
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer

from willkommensordner.content.labels import Label, label
from willkommensordner.content.languages import normalize, own_name
from willkommensordner.content.library import ContentLibrary
from willkommensordner.content.model import ContactPoint
from willkommensordner.domain.document import Document
from willkommensordner.domain.document_type import DocumentCategory, DocumentType
from willkommensordner.domain.legal_status import LegalStatus
from willkommensordner.errors import NotFound
from willkommensordner.printing import print_labels
from willkommensordner.printing.flowables import (
    BODY,
    HEADINGS,
    BilingualBlock,
    SideBySide,
    TextParagraph,
    TextTable,
)
from willkommensordner.printing.pieces import (
    ACCENT,
    CELL,
    MUTED,
    Cell,
    Marker,
    bi_cell,
    bi_heading,
    bi_text,
    document_title,
    footer,
    german_date,
    pair,
    paper_german,
    reader,
    shown_language,
)
from willkommensordner.printing.printable import Printable
from willkommensordner.printing.sections import (
    contact_points,
    emergency_numbers,
    information_page,
    page_is_machine_made,
)
from willkommensordner.printing.timeline import appointments_table, steps_checklist
from willkommensordner.vault.records import DossierBundle

TITLE_STYLE = HEADINGS[1].replace(size=30.0, color=ACCENT, space_after=10.0)
NAME_STYLE = HEADINGS[1].replace(size=20.0, space_before=18.0, space_after=4.0)
TAB_COLORS = (
    "#1f5f8b",
    "#2e7d32",
    "#c62828",
    "#6a1b9a",
    "#ef6c00",
    "#00838f",
    "#8d6e63",
    "#546e7a",
)

# The content pack's target groups for a legal status (contact points are tagged with them).
_TARGET_GROUP = {
    LegalStatus.ANKUNFTSNACHWEIS: "asylum-procedure",
    LegalStatus.AUFENTHALTSGESTATTUNG: "asylum-procedure",
    LegalStatus.DULDUNG: "tolerated",
    LegalStatus.AUSREISEPFLICHTIG: "tolerated",
    LegalStatus.ASYL_ART16A: "protected",
    LegalStatus.FLUECHTLING: "protected",
    LegalStatus.SUBSIDIAER: "protected",
    LegalStatus.ABSCHIEBUNGSVERBOT: "protected",
    LegalStatus.FAMILY_REUNIFICATION: "protected",
    LegalStatus.TEMPORARY_PROTECTION: "ukraine",
    LegalStatus.EU_FREIZUEGIGKEIT: "eu-citizens",
}


def welcome_folder(
    bundle: DossierBundle,
    library: ContentLibrary,
    lang: str,
    *,
    show_name: bool = True,
    today: date | None = None,
) -> Printable:
    """The personal welcome folder. `show_name=False` leaves the person's (and family
    members') names off every page, e.g. when it is printed on a shared printer."""
    today = today or date.today()
    lang = reader(lang)
    pages = [library.page(topic.id, lang) for topic in library.topics("de")]
    contacts = _contacts_for(bundle, library)
    machine = print_labels.machine_made(lang) or any(page_is_machine_made(p) for p in pages)

    def story(numbers: dict[str, int]) -> list[Flowable]:
        sections: list[tuple[str, str, Callable[[], list[Flowable]]]] = [
            ("appointments", "appointments", lambda: appointments_table(bundle, lang)),
            ("steps", "steps", lambda: [bi_heading("steps", lang), *steps_checklist(bundle, lang)]),
        ]
        entries = _toc_entries(lang, pages, sections, contacts, numbers, with_documents=True)
        items: list[Flowable] = [*_cover(bundle, library, lang, today, show_name), PageBreak()]
        items += _contents(lang, entries, numbers)
        for key, _label_key, make in sections:
            items += [PageBreak(), Marker(key, print_labels.text(_label_key, "de"), numbers)]
            items += make()
        items += _information(pages, lang, numbers)
        items += _contact_section(contacts, lang, numbers)
        items += [PageBreak(), Marker("emergency", "Notrufnummern", numbers)]
        items += emergency_numbers(lang)
        items += _document_dividers(bundle, lang, numbers, show_name)
        return items

    title = document_title("folder_title", lang)
    return Printable(
        title,
        footer(lang, today, machine_made=machine, demo=library.demo_in_use()),
        story,
        True,
        lang,
    )


def information_folder(
    library: ContentLibrary, lang: str, *, today: date | None = None
) -> Printable:
    """The information folder to hand out at arrival: no personal data at all."""
    today = today or date.today()
    lang = reader(lang)
    pages = [library.page(topic.id, lang) for topic in library.topics("de")]
    contacts = library.contact_points()
    machine = print_labels.machine_made(lang) or any(page_is_machine_made(p) for p in pages)

    def story(numbers: dict[str, int]) -> list[Flowable]:
        entries = _toc_entries(lang, pages, [], contacts, numbers, with_documents=False)
        items: list[Flowable] = [*_info_cover(library, lang, today), PageBreak()]
        items += _contents(lang, entries, numbers)
        items += _information(pages, lang, numbers)
        items += _contact_section(contacts, lang, numbers)
        items += [PageBreak(), Marker("emergency", "Notrufnummern", numbers)]
        items += emergency_numbers(lang)
        return items

    title = document_title("info_title", lang)
    return Printable(
        title,
        footer(lang, today, machine_made=machine, demo=library.demo_in_use()),
        story,
        True,
        lang,
    )


def _contacts_for(bundle: DossierBundle, library: ContentLibrary) -> list[ContactPoint]:
    """Contact points of the person's appointments first, then those for their status."""
    chosen: list[ContactPoint] = []
    seen: set[str] = set()
    for appointment in sorted(bundle.appointments, key=lambda a: a.start):
        contact_id = appointment.contact_point_id
        if contact_id and contact_id not in seen:
            try:
                chosen.append(library.contact_point(contact_id))
            except NotFound:
                continue
            seen.add(contact_id)
    group = _TARGET_GROUP.get(bundle.dossier.legal_status) if bundle.dossier.legal_status else None
    for contact in library.contact_points(target_group=group or "all"):
        if contact.id not in seen:
            seen.add(contact.id)
            chosen.append(contact)
    return chosen


# --- cover and contents ----------------------------------------------------------------------


def _cover(
    bundle: DossierBundle, library: ContentLibrary, lang: str, today: date, show_name: bool
) -> list[Flowable]:
    dossier = bundle.dossier
    items = _title_block("folder_title", lang)
    items.append(TextParagraph(_language_line(lang), BODY.replace(color=MUTED), language="de"))
    if show_name:
        items.append(Spacer(1, 10 * mm))
        items += _label_line("for_person", lang)
        name = " ".join(p for p in (dossier.given_names, dossier.family_name) if p)
        items.append(TextParagraph(name or dossier.display_name, NAME_STYLE, language="de"))
        if dossier.native_name and dossier.native_name != name:
            items.append(
                TextParagraph(
                    dossier.native_name,
                    NAME_STYLE.replace(space_before=0),
                    direction="auto",
                    language="",
                )
            )
    items.append(Spacer(1, 10 * mm))
    place = _municipality(library) or dossier.city
    details: list[list[Cell]] = []
    if place:
        details.append([bi_cell("counselling", lang), place])
    if dossier.counsellor or dossier.agency:
        who = ", ".join(p for p in (dossier.counsellor, dossier.agency) if p)
        if details:
            details[0][1] = f"{who}\n{place}"
        else:
            details.append([bi_cell("counselling", lang), who])
    details.append([bi_cell("printed_on", lang), german_date(today)])
    items.append(
        TextTable(
            details, [50 * mm, 110 * mm], style=CELL.replace(size=10.5), header=False, mirror=False
        )
    )
    items.append(Spacer(1, 12 * mm))
    items.append(bi_text("cover_text", lang, BODY.replace(size=11.5)))
    return items


def _info_cover(library: ContentLibrary, lang: str, today: date) -> list[Flowable]:
    items = _title_block("info_title", lang)
    place = _municipality(library)
    if place:
        items.append(TextParagraph(place, NAME_STYLE, language="de"))
    items.append(Spacer(1, 8 * mm))
    items.append(TextParagraph(_language_line(lang), BODY.replace(size=12.0), language="de"))
    items.append(TextParagraph(german_date(today), BODY, language="de"))
    items.append(Spacer(1, 12 * mm))
    items.append(bi_text("info_text", lang, BODY.replace(size=11.5)))
    return items


def _title_block(key: str, lang: str) -> list[Flowable]:
    german, other = pair(key, lang)
    items: list[Flowable] = [Spacer(1, 30 * mm), TextParagraph(german, TITLE_STYLE, language="de")]
    if other is not None:
        items.append(TextParagraph(other, TITLE_STYLE, language=shown_language(key, lang)))
    return items


def _label_line(key: str, lang: str) -> list[Flowable]:
    german, other = pair(key, lang)
    style = BODY.replace(color=MUTED, space_after=0.0)
    if other is None:
        return [TextParagraph(german, style, language="de")]
    return [
        SideBySide(
            TextParagraph(german, style),
            TextParagraph(other, style, language=shown_language(key, lang)),
            rule=False,
        )
    ]


def _language_line(lang: str) -> str:
    return "Deutsch" if normalize(lang) == "de" else f"Deutsch · {own_name(lang)}"


def _municipality(library: ContentLibrary) -> str:
    for pack in library.packs():
        if pack.municipality:
            return pack.municipality
    return ""


Entry = tuple[str, str, str | None, str]  # key, German title, reader's title, its language


def _toc_entries(
    lang: str,
    pages: list,  # type: ignore[type-arg]
    sections: list[tuple[str, str, Callable[[], list[Flowable]]]],
    contacts: list[ContactPoint],
    numbers: dict[str, int],
    *,
    with_documents: bool,
) -> list[Entry]:
    entries: list[Entry] = []
    for key, label_key, _make in sections:
        german, other = pair(label_key, lang)
        entries.append((key, german, other, shown_language(label_key, lang)))
    for page in pages:
        other_title = None if normalize(lang) == "de" else page.title
        entries.append((f"topic-{page.topic_id}", page.source.title, other_title, page.lang))
    if contacts:
        other_contacts = None if normalize(lang) == "de" else label(Label.CONTACT_POINTS, lang)
        entries.append(("contacts", label(Label.CONTACT_POINTS, "de"), other_contacts, lang))
    german, other = pair("emergency", lang)
    entries.append(("emergency", german, other, shown_language("emergency", lang)))
    if with_documents:
        for index, category in enumerate(DocumentCategory, start=1):
            key = f"cat_{category.value}"
            german, other = pair(key, lang)
            entries.append(
                (
                    f"divider-{category.value}",
                    f"{index}  {german}",
                    other,
                    shown_language(key, lang),
                )
            )
    return entries


def _contents(lang: str, entries: list[Entry], numbers: dict[str, int]) -> list[Flowable]:
    """German title, the reader's title, page number. In the first pass the numbers are not
    known yet: "00" keeps the rows as wide as in the second."""
    german_only = normalize(lang) == "de"
    rows: list[list[Cell]] = []
    for key, german, other, other_lang in entries:
        number = TextParagraph(str(numbers.get(key, "00")), CELL.replace(size=10.5, align="end"))
        row: list[Cell] = [TextParagraph(german, CELL.replace(size=10.5))]
        if not german_only:
            row.append(TextParagraph(other or "", CELL.replace(size=10.5), language=other_lang))
        row.append(number)
        rows.append(row)
    widths = [150 * mm, 24 * mm] if german_only else [75 * mm, 75 * mm, 24 * mm]
    return [
        bi_heading("contents", lang),
        TextTable(rows, widths, style=CELL, header=False, mirror=False),
    ]


def _information(pages: list, lang: str, numbers: dict[str, int]) -> list[Flowable]:  # type: ignore[type-arg]
    items: list[Flowable] = []
    for page in pages:
        items.append(PageBreak())
        items.append(Marker(f"topic-{page.topic_id}", page.source.title, numbers))
        items += information_page(page, lang)
    return items


def _contact_section(
    contacts: list[ContactPoint], lang: str, numbers: dict[str, int]
) -> list[Flowable]:
    if not contacts:
        return []
    german = label(Label.CONTACT_POINTS, "de")
    other = None if normalize(lang) == "de" else label(Label.CONTACT_POINTS, lang)
    return [
        PageBreak(),
        Marker("contacts", german, numbers),
        BilingualBlock(german, other, lang, HEADINGS[1]),
        *contact_points(contacts, lang),
    ]


# --- Ordnungshilfe: one divider page per document category -----------------------------------


class DividerTab(Flowable):  # type: ignore[misc]
    """The coloured band of a divider page with its register tab sticking out into the
    outer margin, one step lower per category, like the tabs of a paper register."""

    def __init__(self, index: int, color: str, height: float = 22 * mm) -> None:
        super().__init__()
        self.index = index
        self.color = HexColor(color)
        self.band_height = height

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        return availWidth, self.band_height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(self.color)
        canvas.rect(0, 0, self.width, self.band_height, stroke=0, fill=1)
        tab_height = 24 * mm
        top = self.band_height - self.index * (tab_height + 2 * mm)
        canvas.roundRect(
            self.width + 4 * mm, top - tab_height, 16 * mm, tab_height, 2 * mm, stroke=0, fill=1
        )
        canvas.restoreState()
        number = TextParagraph(
            str(self.index + 1), HEADINGS[1].replace(size=22.0, color=white, align="center")
        )
        number.wrap(12 * mm, tab_height)
        number.drawOn(canvas, self.width + 6 * mm, top - tab_height / 2 - number.height / 2)


def _document_dividers(
    bundle: DossierBundle, lang: str, numbers: dict[str, int], show_name: bool
) -> list[Flowable]:
    items: list[Flowable] = []
    owners = _owner_names(bundle, lang, show_name)
    by_category: dict[DocumentCategory, list[Document]] = {}
    for document in bundle.documents:
        by_category.setdefault(document.type.category, []).append(document)
    for index, category in enumerate(DocumentCategory):
        key = f"cat_{category.value}"
        german, other = pair(key, lang)
        items += [
            PageBreak(),
            Marker(f"divider-{category.value}", f"{index + 1} {german}", numbers),
            DividerTab(index, TAB_COLORS[index % len(TAB_COLORS)]),
            Spacer(1, 4 * mm),
            BilingualBlock(
                f"{index + 1}  {german}",
                f"{index + 1}  {other}" if other else None,
                shown_language(key, lang),
                HEADINGS[1].replace(size=20.0),
            ),
        ]
        if index == 0:
            items.append(bi_text("documents_intro", lang))
        examples = [paper_german(kind) for kind in DocumentType if kind.category is category]
        items.append(bi_heading("belongs_here", lang, 3))
        items.append(TextParagraph(" · ".join(examples), BODY.replace(color=MUTED), language="de"))
        items.append(bi_heading("your_papers_here", lang, 2))
        papers = by_category.get(category, [])
        if not papers:
            items.append(bi_text("no_papers_yet", lang))
            continue
        rows: list[list[Cell]] = [
            [
                [CheckBoxHeader()],
                bi_cell("paper", lang),
                bi_cell("person", lang),
                bi_cell("valid_until", lang),
            ]
        ]
        for document in sorted(
            papers, key=lambda d: (paper_german(d.type), d.valid_until or date.max)
        ):
            title = paper_german(document.type)
            if document.title and document.title != title:
                title = f"{title}: {document.title}"
            rows.append(
                [
                    [_box()],
                    title,
                    owners.get(document.member_id or "", owners[""]),
                    german_date(document.valid_until) if document.valid_until else "–",
                ]
            )
        items.append(
            TextTable(rows, [10 * mm, 84 * mm, 50 * mm, 30 * mm], style=CELL, mirror=False)
        )
    return items


def CheckBoxHeader() -> Flowable:  # noqa: N802 - reads like a class in a story
    return Spacer(1, 1)


def _box() -> Flowable:
    from willkommensordner.printing.pieces import CheckBox

    return CheckBox(False)


def _owner_names(
    bundle: DossierBundle, lang: str, show_name: bool
) -> dict[str, list[Flowable] | str]:
    names: dict[str, list[Flowable] | str] = {}
    german, other = pair("owner_newcomer", lang)
    self_cell: list[Flowable] = [TextParagraph(german, CELL)]
    if other is not None:
        self_cell.append(
            TextParagraph(other, CELL, language=shown_language("owner_newcomer", lang))
        )
    dossier = bundle.dossier
    names[""] = (
        " ".join(p for p in (dossier.given_names, dossier.family_name) if p) or dossier.display_name
        if show_name
        else self_cell
    )
    for member in bundle.household:
        if show_name:
            names[member.id] = (
                " ".join(p for p in (member.given_names, member.family_name) if p)
                or member.native_name
            )
        else:
            names[member.id] = _ROLE_DE.get(member.role.value, "Angehörige Person")
    return names


_ROLE_DE = {
    "spouse": "Ehepartner/in",
    "partner": "Partner/in",
    "child": "Kind",
    "parent": "Elternteil",
    "sibling": "Geschwister",
    "grandparent": "Großelternteil",
    "guardian": "Vormund",
    "other": "Angehörige Person",
}
