"""The personal pages: the Terminübersicht (appointments with their outcomes, in date order)
and the agreed steps as a checklist. Free text (purpose, outcome, steps) is printed as the
counsellor wrote it; the labels around it come in both languages."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from willkommensordner.content.languages import normalize
from willkommensordner.domain.agreed_step import AgreedStep, StepOwner, StepStatus
from willkommensordner.domain.appointment import Appointment
from willkommensordner.printing.flowables import TextParagraph, TextTable
from willkommensordner.printing.pieces import (
    CELL,
    Cell,
    CheckBox,
    agency_german,
    bi_cell,
    bi_heading,
    bi_text,
    german_date,
    shown_language,
    truncate,
)
from willkommensordner.vault.records import DossierBundle

# A table row never grows taller than a page: long free text is cut in the overview (the
# dossier and the appointment slip keep all of it).
CELL_LIMIT = 600


def with_whom(appointment: Appointment, contact_name: str | None = None) -> str:
    return (
        appointment.agency_name
        or contact_name
        or agency_german(appointment.agency)
        or appointment.place
    )


def status_cell(appointment: Appointment, lang: str) -> list[Flowable]:
    return bi_cell(f"status_{appointment.status.value}", lang, CELL)


def appointments_table(bundle: DossierBundle, lang: str) -> list[Flowable]:
    items: list[Flowable] = [bi_heading("appointments", lang)]
    appointments = sorted(bundle.appointments, key=lambda a: a.start)
    if not appointments:
        return [*items, bi_text("no_appointments", lang)]
    header: list[Cell] = [
        bi_cell("date", lang),
        bi_cell("with_whom", lang),
        bi_cell("purpose", lang),
        bi_cell("outcome", lang),
    ]
    rows: list[list[Cell]] = [header]
    for appointment in appointments:
        when = f"{german_date(appointment.start.date())}\n{appointment.start:%H:%M}"
        where = with_whom(appointment)
        if appointment.place and appointment.place != where:
            where = f"{where}\n{appointment.place}"
        result = "\n".join(
            part for part in (appointment.outcome, appointment.agreements) if part.strip()
        )
        rows.append(
            [
                [TextParagraph(when, CELL), *status_cell(appointment, lang)],
                truncate(where, CELL_LIMIT),
                truncate(appointment.purpose, CELL_LIMIT),
                truncate(result, CELL_LIMIT) or "–",
            ]
        )
    items.append(TextTable(rows, [30 * mm, 44 * mm, 44 * mm, 56 * mm], style=CELL, mirror=False))
    return items


def owner_cell(step: AgreedStep, lang: str) -> list[Flowable]:
    cells = bi_cell(f"owner_{step.owner.value}", lang, CELL)
    if step.owner_name and step.owner is not StepOwner.NEWCOMER:
        cells.append(TextParagraph(step.owner_name, CELL))
    return cells


def steps_checklist(bundle: DossierBundle, lang: str) -> list[Flowable]:
    """Open steps first (by due date), then the done ones; dropped steps are left out."""
    steps = [s for s in bundle.steps if s.status is not StepStatus.DROPPED]
    if not steps:
        return [bi_text("no_steps", lang)]
    steps.sort(
        key=lambda s: (
            s.status is StepStatus.DONE,
            s.due is None,
            s.due or s.done_on,
            s.what,
        )
    )
    rows: list[list[Cell]] = [
        [
            TextParagraph("", CELL),
            bi_cell("step_what", lang),
            bi_cell("step_who", lang),
            bi_cell("step_due", lang),
        ]
    ]
    done_de, done_other = bi_label("step_done", lang)
    for step in steps:
        due: list[Flowable] = [TextParagraph(german_date(step.due) if step.due else "–", CELL)]
        if step.status is StepStatus.DONE and step.done_on:
            due.append(TextParagraph(f"{done_de} {german_date(step.done_on)}", CELL))
            if done_other is not None:
                due.append(
                    TextParagraph(
                        f"{done_other} {german_date(step.done_on)}",
                        CELL,
                        language=shown_language("step_done", lang),
                    )
                )
        rows.append(
            [
                [CheckBox(step.status is StepStatus.DONE)],
                truncate(step.what, CELL_LIMIT),
                owner_cell(step, lang),
                due,
            ]
        )
    return [TextTable(rows, [10 * mm, 94 * mm, 40 * mm, 30 * mm], style=CELL, mirror=False)]


def bi_label(key: str, lang: str) -> tuple[str, str | None]:
    from willkommensordner.printing.pieces import pair

    german, other = pair(key, lang)
    return german, other if normalize(lang) != "de" else None
