"""The dossier view on a real temp vault: edit, validate, timeline, documents, lock."""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path
from typing import Any

import icalendar
import pytest
from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QTableWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot
from reportlab.pdfgen import canvas

from willkommensordner.domain.agency import Agency
from willkommensordner.domain.agreed_step import AgreedStep, StepOwner, StepStatus
from willkommensordner.domain.appointment import Appointment, AppointmentStatus
from willkommensordner.domain.consent import Consent
from willkommensordner.domain.document import Document
from willkommensordner.domain.document_type import DocumentType
from willkommensordner.domain.dossier import Dossier
from willkommensordner.domain.household import HouseholdMember, HouseholdRole
from willkommensordner.domain.note import Note
from willkommensordner.domain.partial_date import PartialDate
from willkommensordner.domain.record import RecordKind
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.dialogs import Choice, DialogRequest, Kind, ScriptedAnswerer
from willkommensordner.gui.dossier.documents_tab import DocumentDialog
from willkommensordner.gui.dossier.dossier_view import DossierView
from willkommensordner.gui.dossier.timeline_tab import AppointmentDialog, OutcomeDialog
from willkommensordner.gui.pyside_workarounds import pin_none

pytest_plugins = ("tests.gui_support",)

ACCEPT = int(QDialog.DialogCode.Accepted)
SECRET_WORDS = ("Haddad", "Mariam", "مريم", "D-2291", "Lindenstraße", "Botschaft", "Jobcenter M")


@pytest.fixture
def view(qtbot: QtBot, unlocked_ctx: GuiContext) -> DossierView:
    pin_none()  # as the app does at start (gui/pyside_workarounds.py)
    widget = DossierView(unlocked_ctx)
    widget.resize(1100, 760)
    qtbot.addWidget(widget)
    widget.show()
    return widget


@pytest.fixture
def dossier(unlocked_ctx: GuiContext) -> Dossier:
    vault = unlocked_ctx.require_vault()
    d = vault.records.save(
        Dossier(
            family_name="Haddad",
            given_names="Mariam",
            native_name="مريم حداد",
            birth_date=PartialDate(1991),
            street="Lindenstraße 12",
            opened_on=date(2024, 1, 5),
        )
    )
    vault.records.save(
        HouseholdMember(dossier_id=d.id, role=HouseholdRole.CHILD, given_names="Yusuf")
    )
    vault.records.save(
        Document(
            dossier_id=d.id,
            type=DocumentType.DULDUNG,
            number="D-2291",
            valid_until=date(2020, 1, 1),
        )
    )
    vault.records.save(
        Appointment(
            dossier_id=d.id,
            start=datetime(2026, 3, 2, 9, 0),
            agency=Agency.AUSLAENDERBEHOERDE,
            purpose="Duldung",
            agreements="Botschaft anrufen",
        )
    )
    vault.records.save(AgreedStep(dossier_id=d.id, what="Botschaft anrufen", due=date(2020, 5, 1)))
    vault.records.save(Note(dossier_id=d.id, title="Erstgespräch", text="Mariam Haddad kam"))
    vault.records.save(
        Consent(dossier_id=d.id, recipient="Jobcenter Musterstadt", given_on=date(2026, 1, 1))
    )
    return d


def fill(fn: Any) -> Any:
    """A scripted answer for our own dialog: fill it in, then press OK."""

    def answer(request: DialogRequest) -> int:
        fn(request.widget)
        return ACCEPT

    return answer


def pdf_file(path: Path, pages: int = 2) -> Path:
    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    for number in range(pages):
        pdf.drawString(72, 760, f"Seite {number + 1}")
        pdf.showPage()
    pdf.save()
    path.write_bytes(out.getvalue())
    return path


# --- person form -------------------------------------------------------------------------------


def test_edit_a_field_save_and_find_it_in_vault_and_history(
    view: DossierView, dossier: Dossier, unlocked_ctx: GuiContext
) -> None:
    view.open_dossier(dossier.id)
    assert view.person.family_name.text() == "Haddad"
    assert not view.has_unsaved_changes()

    view.person.city.setText("Musterstadt")
    view.person.birth_date.set_text("00.05.1991")
    assert view.has_unsaved_changes()
    assert view.save_button.isEnabled()

    assert view.save_changes() is True
    vault = unlocked_ctx.require_vault()
    stored = vault.records.dossier(dossier.id)
    assert stored.city == "Musterstadt"
    assert stored.birth_date == PartialDate(1991, 5)
    assert not view.has_unsaved_changes()
    changes = {(e.field, e.old, e.new) for e in vault.history(dossier.id) if e.field}
    assert ("city", "", "Musterstadt") in changes

    # The history tab says it in words, newest first.
    model = view.history.model
    rows = [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]
    assert ["Person: City", "— → Musterstadt"] in [r[2:] for r in rows]
    assert ["Person: Date of birth", "00.00.1991 → 00.05.1991"] in [r[2:] for r in rows]
    assert rows[0][1] == "Erika Beispiel, Caritas"


def test_invalid_date_shows_message_beside_field_and_saves_nothing(
    view: DossierView, dossier: Dossier, unlocked_ctx: GuiContext
) -> None:
    vault = unlocked_ctx.require_vault()
    before = len(vault.history(dossier.id))
    view.open_dossier(dossier.id)
    view.person.city.setText("Musterstadt")
    view.person.arrival_date.set_text("31.02.2024")
    view.person.birth_date.set_text("1990-13")

    assert view.save_changes() is False
    assert "not a date" in view.person.problem_text("arrival_date")
    assert "month 13" in view.person.problem_text("birth_date")
    assert view.person.problem_text("city") == ""
    assert view.current_tab_name() == "person"
    assert vault.records.dossier(dossier.id).city == ""
    assert len(vault.history(dossier.id)) == before
    assert view.has_unsaved_changes()  # what was typed stays for correction

    # Record-level rules go to the message at the top of the form.
    view.person.arrival_date.set_text("")
    view.person.birth_date.set_text("")
    for field in (view.person.family_name, view.person.given_names, view.person.native_name):
        field.setText("")
    assert view.save_changes() is False
    assert "at least one name" in view.person.message.text()

    view.revert_changes()
    assert view.person.family_name.text() == "Haddad"
    assert view.person.problem_text("arrival_date") == ""
    assert not view.has_unsaved_changes()


def test_unsaved_changes_prompt_when_opening_another_dossier(
    view: DossierView, dossier: Dossier, unlocked_ctx: GuiContext, answers: ScriptedAnswerer
) -> None:
    other = unlocked_ctx.require_vault().records.save(Dossier(family_name="Petrenko"))
    view.open_dossier(dossier.id)
    view.person.phone.setText("0151 111")

    answers.queue(Kind.SAVE_DISCARD_CANCEL, Choice.CANCEL)
    view.open_dossier(other.id)
    assert view.dossier_id == dossier.id and view.person.phone.text() == "0151 111"

    answers.queue(Kind.SAVE_DISCARD_CANCEL, Choice.SAVE)
    view.open_dossier(other.id)
    assert view.dossier_id == other.id
    assert unlocked_ctx.require_vault().records.dossier(dossier.id).phone == "0151 111"


# --- timeline and steps ------------------------------------------------------------------------


def test_add_appointment_mark_kept_with_outcome_creates_agreed_step(
    view: DossierView, dossier: Dossier, unlocked_ctx: GuiContext, answers: ScriptedAnswerer
) -> None:
    vault = unlocked_ctx.require_vault()
    view.open_dossier(dossier.id)
    view.show_tab("timeline")

    def new_appointment(dialog: AppointmentDialog) -> None:
        dialog.day.set_text("12.03.2026")
        dialog.time.setText("10:30")
        dialog.agency.set_value(Agency.JOBCENTER)
        dialog.purpose.setText("Erstantrag")
        dialog.bring.setPlainText("Pass")

    answers.queue(Kind.DIALOG, fill(new_appointment))
    view.timeline.add()
    appointments = vault.records.parts(dossier.id, Appointment)
    added = next(a for a in appointments if a.purpose == "Erstantrag")
    assert added.start == datetime(2026, 3, 12, 10, 30)
    assert added.agency is Agency.JOBCENTER
    assert view.timeline.selected().id == added.id
    # Date order: the earlier appointment first.
    assert [a.purpose for a in view.timeline.model.rows()] == ["Duldung", "Erstantrag"]

    def outcome(dialog: OutcomeDialog) -> None:
        dialog.outcome.setPlainText("Antrag abgegeben")
        dialog.agreements.setPlainText("Kontoauszüge nachreichen")
        dialog.add_step_row("Kontoauszüge nachreichen", StepOwner.NEWCOMER, "20.03.2026")

    answers.queue(Kind.DIALOG, fill(outcome))
    view.timeline.mark_kept_selected()
    kept = vault.records.get(Appointment, added.id)
    assert kept.status is AppointmentStatus.KEPT
    assert kept.outcome == "Antrag abgegeben"
    steps = [s for s in vault.records.parts(dossier.id, AgreedStep) if s.appointment_id == added.id]
    assert [(s.what, s.owner, s.due) for s in steps] == [
        ("Kontoauszüge nachreichen", StepOwner.NEWCOMER, date(2026, 3, 20))
    ]
    assert "Kontoauszüge nachreichen" in [s.what for s in view.steps.model.rows()]
    history = [(e.field, e.old, e.new) for e in vault.history(dossier.id)]
    assert ("status", "planned", "kept") in history
    texts = [view.history.model.index(r, 3).data() for r in range(view.history.model.rowCount())]
    assert "planned → kept" in texts


def test_bad_step_row_keeps_the_outcome_dialog_open(
    view: DossierView, dossier: Dossier, unlocked_ctx: GuiContext
) -> None:
    view.open_dossier(dossier.id)
    appointment = view.timeline.model.rows()[0]
    dialog = OutcomeDialog(unlocked_ctx.tr, appointment)
    dialog.add_step_row("Anrufen", StepOwner.COUNSELLOR, "32.01.2026")
    dialog.accept()
    assert dialog.result() != ACCEPT
    assert "not a date" in dialog.step_message.text()
    dialog.deleteLater()


def test_reschedule_keeps_the_old_appointment_pointing_at_the_new(
    view: DossierView, dossier: Dossier, unlocked_ctx: GuiContext, answers: ScriptedAnswerer
) -> None:
    vault = unlocked_ctx.require_vault()
    view.open_dossier(dossier.id)
    old = view.timeline.model.rows()[0]
    view.timeline.select_id(old.id)
    answers.queue(Kind.DIALOG, fill(lambda d: d.day.set_text("16.03.2026")))
    view.timeline.reschedule_selected()
    moved = vault.records.get(Appointment, old.id)
    assert moved.status is AppointmentStatus.RESCHEDULED
    successor = vault.records.get(Appointment, moved.rescheduled_to or "")
    assert successor.start == datetime(2026, 3, 16, 9, 0)
    assert successor.status is AppointmentStatus.PLANNED
    assert successor.purpose == old.purpose

    view.timeline.select_id(successor.id)
    view.timeline.mark_missed_selected()
    assert vault.records.get(Appointment, successor.id).status is AppointmentStatus.MISSED


def test_export_all_appointments_as_ics(
    view: DossierView,
    dossier: Dossier,
    unlocked_ctx: GuiContext,
    answers: ScriptedAnswerer,
    tmp_path: Path,
) -> None:
    view.open_dossier(dossier.id)
    view.show_tab("timeline")
    target = tmp_path / "termine.ics"
    answers.queue(Kind.SAVE_FILE, target)
    view.timeline.export_all()
    cal = icalendar.Calendar.from_ical(target.read_bytes())
    (event,) = cal.walk("VEVENT")
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert "Haddad" not in target.read_text(encoding="utf-8")
    assert str(event["SUMMARY"]).endswith("(M. H.)")
    assert answers.messages(Kind.INFO)


def test_step_checkbox_and_overdue_highlight(
    view: DossierView, dossier: Dossier, unlocked_ctx: GuiContext
) -> None:
    view.open_dossier(dossier.id)
    model = view.steps.model
    due = model.index(0, 2)
    assert "overdue" in due.data()
    assert due.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert model.setData(model.index(0, 0), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    (step,) = unlocked_ctx.require_vault().records.parts(dossier.id, AgreedStep)
    assert step.status is StepStatus.DONE and step.done_on == unlocked_ctx.today()
    assert model.index(0, 0).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert "overdue" not in model.index(0, 2).data()


# --- documents ---------------------------------------------------------------------------------


def test_add_document_with_pdf_and_view_it(
    qtbot: QtBot,
    view: DossierView,
    dossier: Dossier,
    unlocked_ctx: GuiContext,
    answers: ScriptedAnswerer,
    tmp_path: Path,
) -> None:
    vault = unlocked_ctx.require_vault()
    scan = pdf_file(tmp_path / "aufenthaltsgestattung.pdf", pages=2)
    view.open_dossier(dossier.id)
    view.show_tab("documents")

    def new_document(dialog: DocumentDialog) -> None:
        dialog.type.set_value(DocumentType.AUFENTHALTSGESTATTUNG)
        dialog.number.setText("AG-17")
        dialog.valid_until.set_text("30.06.2026")
        dialog.add_paths([scan])

    answers.queue(Kind.DIALOG, fill(new_document))
    with qtbot.waitSignal(view.documents.viewer.loaded, timeout=5000):
        view.documents.add()
    stored = next(d for d in vault.records.parts(dossier.id, Document) if d.number == "AG-17")
    assert stored.valid_until == date(2026, 6, 30)
    (ref,) = stored.attachments
    assert ref.media_type == "application/pdf" and ref.filename == scan.name
    assert vault.attachments.read(ref.sha256) == scan.read_bytes()
    assert view.documents.selected().id == stored.id
    assert view.documents.scans.count() == 1
    assert view.documents.viewer.showing == "pdf"
    assert view.documents.viewer.page_count() == 2

    # The expired Duldung carries the red badge.
    rows = view.documents.model.rows()
    duldung = rows.index(next(d for d in rows if d.number == "D-2291"))
    assert "expired" in view.documents.model.index(duldung, 2).data()


def test_a_file_that_cannot_be_attached_leaves_no_document(
    qtbot: QtBot,
    view: DossierView,
    dossier: Dossier,
    unlocked_ctx: GuiContext,
    answers: ScriptedAnswerer,
    tmp_path: Path,
) -> None:
    vault = unlocked_ctx.require_vault()
    before = vault.records.parts(dossier.id, Document)
    text = tmp_path / "notes.txt"
    text.write_text("not a scan")
    view.open_dossier(dossier.id)
    answers.queue(Kind.DIALOG, fill(lambda d: (d.number.setText("X-1"), d.add_paths([text]))))
    view.documents.add()
    qtbot.waitUntil(lambda: bool(answers.messages(Kind.ERROR)), timeout=5000)
    assert vault.records.parts(dossier.id, Document) == before
    assert "Only PDF, JPEG" in answers.messages(Kind.ERROR)[-1].text


# --- lock and models ---------------------------------------------------------------------------


def _all_texts(root: QWidget) -> list[str]:
    texts: list[str] = []
    for line in root.findChildren(QLineEdit):
        texts.append(line.text())
    for label in root.findChildren(QLabel):
        texts.append(label.text())
    for edit in root.findChildren(QPlainTextEdit):
        texts.append(edit.toPlainText())
    for table in root.findChildren(QTableWidget):
        texts.append(str(table.rowCount()))
    for listing in root.findChildren(QListWidget):
        texts.extend(listing.item(i).text() for i in range(listing.count()))
    for item_view in root.findChildren(QAbstractItemView):
        model = item_view.model()
        if model is None:
            continue
        for r in range(model.rowCount()):
            for c in range(model.columnCount()):
                texts.append(str(model.index(r, c).data()))
    return texts


def test_lock_clears_every_widget_and_model(
    view: DossierView, dossier: Dossier, unlocked_ctx: GuiContext, qtbot: QtBot
) -> None:
    view.open_dossier(dossier.id)
    view.documents.select_id(view.documents.model.rows()[0].id)
    before = "\n".join(_all_texts(view))
    assert all(word in before for word in ("Haddad", "D-2291", "Botschaft"))

    unlocked_ctx.lock()  # bridge.locked → view.clear()
    after = "\n".join(_all_texts(view))
    for word in SECRET_WORDS:
        assert word not in after, word
    for model in view.findChildren(QAbstractItemModel):
        if model.parent() is view or isinstance(model.parent(), QWidget):
            assert model.rowCount() == 0 or "Haddad" not in str(model.index(0, 0).data())
    assert view.dossier_id is None
    assert not view.has_unsaved_changes()
    assert view.documents.viewer.showing == "empty"
    assert view.person.languages.table.rowCount() == 0
    assert view.person.household_model.rowCount() == 0


def test_models_pass_the_model_tester(
    view: DossierView, dossier: Dossier, qtmodeltester: Any
) -> None:
    view.open_dossier(dossier.id)
    models = [view.person.household_model, *(tab.model for tab in view.part_tabs)]
    for model in models:
        assert model.rowCount() > 0
        qtmodeltester.check(model)
    view.clear()
    for model in models:
        qtmodeltester.check(model)


def test_keyboard_save_and_tab_switching(
    qtbot: QtBot, view: DossierView, dossier: Dossier, unlocked_ctx: GuiContext
) -> None:
    view.open_dossier(dossier.id)
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    view.person.city.setFocus()
    qtbot.keyClicks(view.person.city, "Bochum")
    assert view.has_unsaved_changes()
    qtbot.keyClick(view.person.city, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert unlocked_ctx.require_vault().records.dossier(dossier.id).city == "Bochum"
    qtbot.keyClick(view.tabs, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert view.current_tab_name() == "timeline"
    assert view.person.city.accessibleName() == "City"


def test_tab_order_follows_the_form_row_by_row(view: DossierView, dossier: Dossier) -> None:
    view.open_dossier(dossier.id)
    person = view.person
    order = [person.family_name]
    widget: QWidget = person.family_name
    for _ in range(200):
        widget = widget.nextInFocusChain()
        if widget in (
            person.given_names,
            person.birth_date.line,
            person.legal_status,
            person.accommodation,
            person.preferred_language,
            person.counsellor,
        ):
            order.append(widget)
        if widget is person.counsellor:
            break
    assert order == [
        person.family_name,
        person.given_names,
        person.birth_date.line,
        person.legal_status,
        person.accommodation,
        person.preferred_language,
        person.counsellor,
    ]


def test_idle_lock_while_a_dialog_is_open_cancels_it(
    view: DossierView, dossier: Dossier, unlocked_ctx: GuiContext, answers: ScriptedAnswerer
) -> None:
    vault_path = unlocked_ctx.vault_path
    view.open_dossier(dossier.id)
    seen: dict[str, Any] = {}

    def typed_then_locked(request: DialogRequest) -> int:
        dialog = request.widget
        dialog.purpose.setText("Vertraulicher Anlass")
        unlocked_ctx.lock()  # the idle timer fires while the dialog is open
        seen["purpose"] = dialog.purpose.text()
        seen["visible"] = dialog.isVisible()
        return ACCEPT  # a late OK must not save anything

    answers.queue(Kind.DIALOG, typed_then_locked)
    view.timeline.add()
    assert seen == {"purpose": "", "visible": False}
    assert view.dossier_id is None
    assert answers.messages(Kind.ERROR) == []
    from tests.gui_support import GUI_PASSPHRASE
    from willkommensordner.vault.vault import Vault

    with Vault.unlock(vault_path, GUI_PASSPHRASE) as vault:
        purposes = [a.purpose for a in vault.records.parts(dossier.id, Appointment)]
    assert "Vertraulicher Anlass" not in purposes


def test_print_menu_opens_the_preview_in_the_persons_language(
    view: DossierView, dossier: Dossier, unlocked_ctx: GuiContext, qtbot: QtBot
) -> None:
    vault = unlocked_ctx.require_vault()
    dossier.preferred_language = "ar"
    vault.records.save(dossier)
    view.open_dossier(dossier.id)
    assert view.print_button.isEnabled()
    view.print_button.menu().aboutToShow.emit()
    assert not view.print_slip_action.isEnabled()  # no appointment chosen yet
    assert view.print_document("slip") is None
    preview = view.print_document("plan")
    assert preview is not None
    qtbot.addWidget(preview)
    qtbot.waitUntil(lambda: preview.page_count() > 0, timeout=20000)
    view.show_tab("timeline")
    view.timeline.table.selectRow(0)
    view.print_button.menu().aboutToShow.emit()
    assert view.print_slip_action.isEnabled()
    slip = view.print_document("slip")
    assert slip is not None
    qtbot.addWidget(slip)
    qtbot.waitUntil(lambda: slip.page_count() == 1, timeout=20000)


def test_a_deleted_note_comes_back_from_the_history(
    view: DossierView, dossier: Dossier, unlocked_ctx: GuiContext
) -> None:
    vault = unlocked_ctx.require_vault()
    note = vault.records.save(Note(dossier_id=dossier.id, text="Wohnung gefunden"))
    vault.records.delete(RecordKind.NOTE, note.id)
    view.open_dossier(dossier.id)
    history = view.history
    assert not history.undelete_button.isEnabled()
    row = next(
        r
        for r, e in enumerate(history.model.rows())
        if e.action == "delete" and e.record_id == note.id
    )
    history.table.selectRow(row)
    assert history.undelete_button.isEnabled()
    history.undelete_button.click()
    assert "Wohnung gefunden" in [n.text for n in vault.records.parts(dossier.id, Note)]
    assert vault.history(dossier.id)[-1].action == "undelete"
