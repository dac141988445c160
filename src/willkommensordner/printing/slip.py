"""The appointment slip (one page, bilingual) and the plan (the agreed steps of a dossier).

The slip answers what a newcomer asks on the way: when (weekday and date in both
languages), where (the address of the linked contact point), with whom, what to bring, and
whether an interpreter is booked. Free text is cut so that the slip stays one page.
"""

from __future__ import annotations

from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from willkommensordner.content.languages import name_in, normalize
from willkommensordner.content.library import ContentLibrary
from willkommensordner.content.model import ContactPoint
from willkommensordner.domain.appointment import Appointment
from willkommensordner.domain.dossier import Dossier
from willkommensordner.errors import NotFound
from willkommensordner.printing import print_labels
from willkommensordner.printing.flowables import BODY, BulletList, TextParagraph, TextTable
from willkommensordner.printing.pieces import (
    CELL,
    FRAME_WIDTH,
    MUTED,
    Cell,
    bi_cell,
    bi_heading,
    bi_text,
    clock,
    document_title,
    footer,
    german_date,
    long_date,
    pair,
    reader,
    shown_language,
    truncate,
)
from willkommensordner.printing.printable import Printable
from willkommensordner.printing.timeline import steps_checklist, with_whom
from willkommensordner.vault.records import DossierBundle

VALUE = CELL.replace(size=11.0)
LABEL_WIDTH = 48 * mm


def appointment_slip(
    appointment: Appointment,
    library: ContentLibrary,
    lang: str,
    *,
    today: date | None = None,
) -> Printable:
    """One page: when, where, with whom, what to bring, interpreter."""
    today = today or date.today()
    lang = reader(lang)
    contact = _contact(appointment, library)

    def story(_numbers: dict[str, int]) -> list[Flowable]:
        rows: list[list[Cell]] = [
            [bi_cell("when", lang, VALUE.replace(bold=True)), _when(appointment, lang)],
        ]
        where = _where(appointment, contact)
        if where:
            rows.append([bi_cell("where", lang, VALUE.replace(bold=True)), where])
        rows.append(
            [
                bi_cell("with_whom", lang, VALUE.replace(bold=True)),
                truncate(with_whom(appointment, contact.name if contact else None), 200),
            ]
        )
        if appointment.purpose:
            rows.append(
                [
                    bi_cell("purpose", lang, VALUE.replace(bold=True)),
                    truncate(appointment.purpose, 300),
                ]
            )
        bring = [line.strip(" -•\t") for line in appointment.bring.splitlines() if line.strip()]
        if bring:
            rows.append(
                [
                    bi_cell("bring", lang, VALUE.replace(bold=True)),
                    [BulletList([truncate(b, 160) for b in bring[:10]], VALUE, language="de")],
                ]
            )
        rows.append(
            [
                bi_cell("interpreter", lang, VALUE.replace(bold=True)),
                _interpreter(appointment, lang),
            ]
        )
        items: list[Flowable] = [
            bi_heading("slip_title", lang),
            Spacer(1, 2 * mm),
            TextTable(
                rows,
                [LABEL_WIDTH, FRAME_WIDTH - LABEL_WIDTH],
                style=VALUE,
                header=False,
                mirror=False,
            ),
            Spacer(1, 6 * mm),
            bi_text("slip_hint", lang, BODY.replace(size=10.5)),
        ]
        return items

    # The slip names the contact point: if it is the demo town's, the slip says so.
    demo = contact is not None and library.is_demo_contact(contact.id)
    return Printable(
        document_title("slip_title", lang),
        footer(lang, today, machine_made=print_labels.machine_made(lang), demo=demo),
        story,
        language=lang,
    )


def plan(
    bundle: DossierBundle,
    lang: str,
    *,
    show_name: bool = True,
    today: date | None = None,
) -> Printable:
    """The agreed steps of a dossier as a checklist (one or two pages)."""
    today = today or date.today()
    lang = reader(lang)

    def story(_numbers: dict[str, int]) -> list[Flowable]:
        items: list[Flowable] = [bi_heading("plan_title", lang)]
        if show_name:
            items.append(TextParagraph(_name(bundle.dossier), BODY.replace(size=12.0, bold=True)))
        german, other_text = pair("printed_on", lang)
        line = f"{german}: {german_date(today)}"
        items.append(TextParagraph(line, BODY.replace(color=MUTED)))
        if other_text is not None:
            items.append(
                TextParagraph(
                    f"{other_text}: {german_date(today)}",
                    BODY.replace(color=MUTED),
                    language=shown_language("printed_on", lang),
                )
            )
        items.append(bi_heading("steps", lang, 2))
        items += steps_checklist(bundle, lang)
        return items

    return Printable(
        document_title("plan_title", lang),
        footer(lang, today, machine_made=print_labels.machine_made(lang)),
        story,
        language=lang,
    )


def _name(dossier: Dossier) -> str:
    latin = " ".join(p for p in (dossier.given_names, dossier.family_name) if p)
    return latin or dossier.display_name


def _contact(appointment: Appointment, library: ContentLibrary) -> ContactPoint | None:
    if not appointment.contact_point_id:
        return None
    try:
        return library.contact_point(appointment.contact_point_id)
    except NotFound:
        return None


def _when(appointment: Appointment, lang: str) -> list[Flowable]:
    start = appointment.start
    cells: list[Flowable] = [
        TextParagraph(
            f"{long_date(start.date(), 'de')}, {clock(start, 'de')}", VALUE.replace(bold=True)
        )
    ]
    if normalize(lang) != "de":
        cells.append(
            TextParagraph(
                f"{long_date(start.date(), lang)}، {clock(start, lang)}"
                if lang in ("ar", "fa", "ps")
                else f"{long_date(start.date(), lang)}, {clock(start, lang)}",
                VALUE.replace(bold=True),
                language=lang,
            )
        )
    return cells


def _where(appointment: Appointment, contact: ContactPoint | None) -> str:
    lines: list[str] = []
    if contact is not None:
        lines.append(contact.name)
        if contact.address is not None:
            lines.append(contact.address.one_line())
        if contact.phone:
            lines.append(contact.phone)
    if appointment.place and appointment.place not in lines:
        lines.append(appointment.place)
    return truncate("\n".join(lines), 300)


def _interpreter(appointment: Appointment, lang: str) -> list[Flowable]:
    key = "interpreter_booked" if appointment.interpreter_needed else "interpreter_not_booked"
    german, other = pair(key, lang)
    language = appointment.interpreter_language
    if appointment.interpreter_needed and language:
        german = f"{german}: {name_in(language, 'de')}"
        if other is not None:
            other = f"{other}: {name_in(language, shown_language(key, lang))}"
    cells: list[Flowable] = [TextParagraph(german, VALUE)]
    if other is not None:
        cells.append(TextParagraph(other, VALUE, language=shown_language(key, lang)))
    return cells
