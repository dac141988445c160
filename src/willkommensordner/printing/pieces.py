"""Shared pieces of the printed documents: bilingual labels and headings, dates in both
languages, the page footer, the checkbox, the table of contents and German names of the
agencies and papers (the names authorities use and that are printed on the papers)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime

from babel.dates import format_date
from reportlab.lib.colors import Color, HexColor
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from willkommensordner.content.languages import normalize
from willkommensordner.content.notices import Notice, notice_text
from willkommensordner.domain.agency import Agency
from willkommensordner.domain.document_type import DocumentType
from willkommensordner.printing import print_labels
from willkommensordner.printing.document import PageFooter
from willkommensordner.printing.flowables import (
    BODY,
    HEADINGS,
    BilingualBlock,
    SideBySide,
    TextParagraph,
)
from willkommensordner.printing.languages import is_rtl
from willkommensordner.printing.text_layer import TextStyle

ACCENT = HexColor("#1f5f8b")
MUTED = HexColor("#4a5560")
SMALL = TextStyle(size=8.5, color=MUTED, space_after=3.0)
CELL = BODY.replace(size=9.0, space_before=0.0, space_after=0.0)
CELL_BOLD = CELL.replace(bold=True)
FRAME_WIDTH = 174 * mm  # A4 minus the 18 mm margins of build_document

Cell = str | Flowable | list[Flowable]


def reader(lang: str) -> str:
    """The language code the text layer and Babel get (Dari is written like Persian)."""
    return normalize(lang)


def document_title(key: str, lang: str) -> str:
    """A PDF's title: the German label, then the reader's ("Willkommensordner – ملف الترحيب")."""
    german, other = pair(key, lang)
    return german if other is None or other == german else f"{german} – {other}"


def shown_language(key: str, lang: str) -> str:
    return print_labels.text_and_language(key, lang)[1]


def pair(key: str, lang: str, **params: object) -> tuple[str, str | None]:
    """German label and the reader's one (None when the reader reads German)."""
    german = print_labels.text(key, "de", **params)
    if normalize(lang) == "de":
        return german, None
    return german, print_labels.text(key, lang, **params)


def bi_heading(key: str, lang: str, level: int = 1, **params: object) -> Flowable:
    german, other = pair(key, lang, **params)
    return BilingualBlock(german, other, shown_language(key, lang), style=HEADINGS[level])


def bi_text(key: str, lang: str, style: TextStyle = BODY) -> Flowable:
    german, other = pair(key, lang)
    return BilingualBlock(german, other, shown_language(key, lang), style=style)


def bi_cell(key: str, lang: str, style: TextStyle = CELL_BOLD, **params: object) -> list[Flowable]:
    """A table cell with the German label above the reader's one."""
    german, other = pair(key, lang, **params)
    cells: list[Flowable] = [TextParagraph(german, style, language="de")]
    if other is not None and other != german:
        cells.append(TextParagraph(other, style, language=shown_language(key, lang)))
    return cells


def para(text: str, style: TextStyle = CELL, language: str = "de") -> TextParagraph:
    return TextParagraph(text, style, language=language)


def side_by_side(german: Flowable, other: Flowable | None) -> Flowable:
    return german if other is None else SideBySide(german, other)


def german_date(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def long_date(day: date, lang: str) -> str:
    """ "Donnerstag, 12. März 2026" in the reader's language (German when Babel lacks it)."""
    for candidate in (reader(lang), reader(lang).split("_")[0], "de"):
        try:
            return str(format_date(day, "full", locale=candidate))
        except (ValueError, LookupError):
            continue
    return german_date(day)  # pragma: no cover - German always exists


def clock(moment: datetime, lang: str) -> str:
    return print_labels.text("oclock", lang, time=moment.strftime("%H:%M"))


def footer(lang: str, stand: date, *, machine_made: bool, demo: bool = False) -> PageFooter:
    """Page numbers and "Stand" in both languages; the machine-translation notice in German
    and the reader's language when anything on the pages is machine-made; with `demo` (the
    pages carry invented sample contact points) a warning at the top of every page."""
    from willkommensordner.content.labels import Label, label

    german_stand = f"Stand: {german_date(stand)}"
    german_page = "Seite {page}"
    notices: list[tuple[str, str]] = []
    if normalize(lang) != "de":
        other_stand = f"{label(Label.STAND, lang)}: {german_date(stand)}"
        german_stand = f"{german_stand}   ·   {other_stand}"
        other_page = print_labels.text("page", lang).replace("{", "{{").replace("}", "}}")
        german_page = f"{german_page} · {other_page} {{page}}"
        if machine_made:
            notices = [
                (notice_text(Notice.MACHINE_MADE, "de"), "de"),
                (notice_text(Notice.MACHINE_MADE, lang), notice_language(lang)),
            ]
    banner: list[tuple[str, str]] = []
    if demo:
        banner.append((print_labels.text("demo_banner", "de"), "de"))
        other, other_lang = print_labels.text_and_language("demo_banner", lang)
        if other_lang != "de":
            banner.append((other, other_lang))
    return PageFooter(stand=german_stand, page_label=german_page, notices=notices, banner=banner)


def notice_language(lang: str) -> str:
    """The language a notice for `lang` is written in (the notices fall back like pages)."""
    from willkommensordner.content.languages import fallback_chain
    from willkommensordner.content.notices import notice_languages

    for candidate in fallback_chain(reader(lang)):
        if candidate in notice_languages():
            return candidate
    return "de"  # pragma: no cover


def truncate(text: str, limit: int) -> str:
    """Long free text cut for a table cell or a one-page slip (the dossier keeps all of it)."""
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class CheckBox(Flowable):  # type: ignore[misc]
    """A drawn box, ticked when done (drawn, not a font glyph: no font has to carry ☐/☑)."""

    def __init__(self, ticked: bool, size: float = 9.0, color: Color = ACCENT) -> None:
        super().__init__()
        self.ticked = ticked
        self.size = size
        self.color = color

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return self.size, self.size + 3

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(self.color)
        canvas.setLineWidth(0.9)
        canvas.rect(0, 0, self.size, self.size)
        if self.ticked:
            s = self.size
            path = canvas.beginPath()
            path.moveTo(0.18 * s, 0.52 * s)
            path.lineTo(0.42 * s, 0.22 * s)
            path.lineTo(0.86 * s, 0.86 * s)
            canvas.setLineWidth(1.5)
            canvas.drawPath(path, stroke=1, fill=0)
        canvas.restoreState()


class Marker(Flowable):  # type: ignore[misc]
    """Records the page it lands on (for the table of contents) and adds a PDF bookmark."""

    def __init__(self, key: str, title: str, pages: dict[str, int], level: int = 0) -> None:
        super().__init__()
        self.key = key
        self.title = title
        self.pages = pages
        self.level = level
        self.width = self.height = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return 0.0, 0.0

    def draw(self) -> None:
        self.pages[self.key] = self.canv.getPageNumber()
        self.canv.bookmarkPage(self.key)
        self.canv.addOutlineEntry(self.title, self.key, level=self.level, closed=True)
        # Viewers open with the bookmarks shown: the sections are one click (or key) away.
        self.canv.showOutline()


def rtl_side(lang: str) -> bool:
    return is_rtl(reader(lang))


# German names of the agencies: the msgid's German part in parentheses, or this table.
_AGENCY_DE = {
    Agency.JOBCENTER: "Jobcenter",
    Agency.VHS: "Volkshochschule (VHS)",
    Agency.KITA: "Kita",
    Agency.SCHULE: "Schule",
    Agency.WOHLFAHRTSVERBAND: "Wohlfahrtsverband",
    Agency.KRANKENKASSE: "Krankenkasse",
    Agency.ARZT: "Arztpraxis",
    Agency.EHRENAMT: "Ehrenamtliche",
    Agency.OTHER: "",
    Agency.BAMF: "Bundesamt für Migration und Flüchtlinge (BAMF)",
    Agency.MBE: "Migrationsberatung für Erwachsene (MBE)",
    Agency.JMD: "Jugendmigrationsdienst (JMD)",
    Agency.KOMMUNALES_INTEGRATIONSZENTRUM: "Kommunales Integrationszentrum (KI)",
    Agency.ANERKENNUNGSBERATUNG: "Anerkennungsberatung (IHK/HWK)",
}
_PARENTHESES = re.compile(r"\(([^)]+)\)\s*$")


def agency_german(agency: Agency) -> str:
    if agency in _AGENCY_DE:
        return _AGENCY_DE[agency]
    found = _PARENTHESES.search(agency.label)
    return found.group(1) if found else agency.label


_PAPER_DE = {
    DocumentType.ANKUNFTSNACHWEIS: "Ankunftsnachweis",
    DocumentType.AUFENTHALTSTITEL: "Aufenthaltserlaubnis (eAT)",
    DocumentType.ASYLBESCHEID: "Asylbescheid (BAMF)",
    DocumentType.REISEPASS: "Reisepass",
    DocumentType.PASSERSATZ: "Passersatz",
    DocumentType.PERSONALAUSWEIS: "Personalausweis",
    DocumentType.GEBURTSURKUNDE: "Geburtsurkunde",
    DocumentType.HEIRATSURKUNDE: "Heiratsurkunde",
    DocumentType.MELDEBESCHEINIGUNG: "Meldebescheinigung",
    DocumentType.GESUNDHEITSKARTE: "Gesundheitskarte",
    DocumentType.BEHANDLUNGSSCHEIN: "Behandlungsschein",
    DocumentType.IMPFPASS: "Impfpass",
    DocumentType.U_HEFT: "U-Heft",
    DocumentType.ZEUGNIS: "Zeugnis",
    DocumentType.ANERKENNUNG: "Anerkennungsbescheid",
    DocumentType.INTEGRATIONSKURS_BERECHTIGUNG: "Berechtigung zum Integrationskurs (BAMF)",
    DocumentType.KITA_ANMELDUNG: "Kita-Anmeldung",
    DocumentType.SCHUL_ANMELDUNG: "Schulanmeldung",
    DocumentType.ARBEITSVERTRAG: "Arbeitsvertrag",
    DocumentType.ARBEITSERLAUBNIS: "Arbeitserlaubnis",
    DocumentType.STEUER_ID: "Steuer-Identifikationsnummer",
    DocumentType.SOZIALVERSICHERUNGSNUMMER: "Sozialversicherungsausweis",
    DocumentType.FUEHRERSCHEIN: "Führerschein",
    DocumentType.MIETVERTRAG: "Mietvertrag",
    DocumentType.BANKKONTO: "Bankkonto (Kontounterlagen)",
    DocumentType.LEISTUNGSBESCHEID: "Leistungsbescheid",
    DocumentType.OTHER: "Sonstiges Papier",
}


def paper_german(kind: DocumentType) -> str:
    return _PAPER_DE.get(kind, kind.label)


def spaced(items: Sequence[Flowable]) -> list[Flowable]:
    return list(items)
