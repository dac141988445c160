"""A counsellor's first week, through the real widgets: the frictions of the first days.

Typing a time, turning agreements into steps, picking a paper type and a language, adding a
child, saving with Ctrl+S, the first start with its content pack and sample data.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton
from pytestqt.qtbot import QtBot

from tests.content_helpers import small_pack, zip_folder
from willkommensordner.content.library import ContentLibrary
from willkommensordner.content.store import PackStore, default_data_dir
from willkommensordner.domain.agreed_step import AgreedStep
from willkommensordner.domain.appointment import Appointment, AppointmentStatus
from willkommensordner.domain.document import Document
from willkommensordner.domain.document_type import DocumentType
from willkommensordner.domain.dossier import Dossier
from willkommensordner.domain.household import HouseholdMember, HouseholdRole
from willkommensordner.gui.collation import collated
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.dialogs import DialogRequest, Kind, ScriptedAnswerer
from willkommensordner.gui.dossier.documents_tab import DocumentDialog
from willkommensordner.gui.dossier.dossier_view import DossierView
from willkommensordner.gui.dossier.person_tab import MemberDialog
from willkommensordner.gui.dossier.timeline_tab import AppointmentDialog, OutcomeDialog
from willkommensordner.gui.language_combo import LanguageCombo
from willkommensordner.gui.main_window import MainWindow, Page
from willkommensordner.gui.settings_dialog import SettingsDialog
from willkommensordner.gui.widgets import MUTED, RED
from willkommensordner.i18n import translator

pytest_plugins = ("tests.gui_support",)

ACCEPT = int(QDialog.DialogCode.Accepted)


@pytest.fixture
def view(qtbot: QtBot, unlocked_ctx: GuiContext) -> DossierView:
    widget = DossierView(unlocked_ctx)
    widget.resize(1100, 760)
    qtbot.addWidget(widget)
    widget.show()
    return widget


@pytest.fixture
def dossier(unlocked_ctx: GuiContext) -> Dossier:
    return unlocked_ctx.require_vault().records.save(
        Dossier(family_name="Haddad", given_names="Mariam", opened_on=date(2024, 1, 5))
    )


def press_ok(fill: Callable[[Any], None]) -> Callable[[DialogRequest], int]:
    """Fill the dialog in, then press its OK button as a user would; the dialog's result."""

    def answer(request: DialogRequest) -> int:
        dialog = request.widget
        assert dialog is not None
        fill(dialog)
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        ok.click()
        return dialog.result()

    return answer


# --- appointments ------------------------------------------------------------------------------


def test_select_all_and_typing_a_time_gives_that_time(
    qtbot: QtBot,
    view: DossierView,
    dossier: Dossier,
    unlocked_ctx: GuiContext,
    answers: ScriptedAnswerer,
) -> None:
    view.open_dossier(dossier.id, tab="timeline")

    def type_time(dialog: AppointmentDialog) -> None:
        dialog.day.set_text("12.03.2026")
        assert dialog.time.text() == "09:00"
        dialog.time.setFocus()
        qtbot.keyClick(dialog.time, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(dialog.time, "14:30")

    answers.queue(Kind.DIALOG, press_ok(type_time))
    view.timeline.add()
    [added] = unlocked_ctx.require_vault().records.parts(dossier.id, Appointment)
    assert added.start == datetime(2026, 3, 12, 14, 30)


def test_a_time_that_is_not_a_time_or_falls_in_the_dst_gap_keeps_the_dialog_open(
    unlocked_ctx: GuiContext, dossier: Dossier
) -> None:
    dialog = AppointmentDialog(
        translator("de"),
        "Neuer Termin",
        Appointment(dossier_id=dossier.id, start=datetime(2027, 3, 1, 9, 0)),
    )
    dialog.time.setText("25:61")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.result() != ACCEPT
    assert "HH:MM" in dialog.form.problem_text("time")

    # 28.03.2027, 02:30 does not exist in Berlin: refused with the time the clocks show.
    dialog.day.set_text("28.03.2027")
    dialog.time.setText("02:30")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.result() != ACCEPT
    message = dialog.form.problem_text("time")
    assert "02:30" in message and "03:30" in message and "28.03.2027" in message
    dialog.time.setText("03:30")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.result() == ACCEPT
    dialog.deleteLater()


def test_the_interpreter_language_is_picked_by_name(
    unlocked_ctx: GuiContext, dossier: Dossier
) -> None:
    dialog = AppointmentDialog(
        unlocked_ctx.tr,
        "New appointment",
        Appointment(dossier_id=dossier.id, start=datetime(2026, 3, 2, 9, 0)),
    )
    picker = dialog.interpreter_language
    assert isinstance(picker, LanguageCombo)
    picker.setCurrentIndex(picker.findData("ti"))
    assert "Tigrinya" in picker.currentText()
    dialog.interpreter.setChecked(True)
    assert dialog.build().interpreter_language == "ti"
    dialog.deleteLater()


def test_add_step_from_outcome_prefills_the_agreements_one_by_one(
    unlocked_ctx: GuiContext, dossier: Dossier
) -> None:
    appointment = Appointment(dossier_id=dossier.id, start=datetime(2026, 3, 2, 9, 0))
    dialog = OutcomeDialog(unlocked_ctx.tr, appointment)
    dialog.agreements.setPlainText("- Kontoauszüge nachreichen\n2. Termin beim Jobcenter.\n")
    add = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Add step from outcome")
    add.click()
    add.click()
    add.click()  # nothing left to take over: an empty row for a step of one's own
    assert dialog.step_texts() == ["Kontoauszüge nachreichen", "Termin beim Jobcenter", ""]
    dialog.deleteLater()


def test_setting_the_status_to_kept_offers_the_agreed_steps(
    view: DossierView, dossier: Dossier, unlocked_ctx: GuiContext, answers: ScriptedAnswerer
) -> None:
    vault = unlocked_ctx.require_vault()
    planned = vault.records.save(
        Appointment(dossier_id=dossier.id, start=datetime(2026, 3, 2, 9, 0), purpose="Antrag")
    )
    view.open_dossier(dossier.id, tab="timeline")
    view.timeline.select_id(planned.id)

    def kept_in_the_form(dialog: AppointmentDialog) -> None:
        dialog.status.set_value(AppointmentStatus.KEPT)
        dialog.agreements.setPlainText("Mietvertrag kopieren\nAnmeldung im Bürgerbüro")

    shown: list[list[str]] = []

    def steps_dialog(dialog: OutcomeDialog) -> None:
        shown.append(dialog.step_texts())

    answers.queue(Kind.DIALOG, press_ok(kept_in_the_form))
    answers.queue(Kind.QUESTION, True)
    answers.queue(Kind.DIALOG, press_ok(steps_dialog))
    view.timeline.edit_selected()
    assert shown == [["Mietvertrag kopieren", "Anmeldung im Bürgerbüro"]]
    steps = vault.records.parts(dossier.id, AgreedStep)
    assert sorted(s.what for s in steps) == ["Anmeldung im Bürgerbüro", "Mietvertrag kopieren"]
    assert all(s.appointment_id == planned.id for s in steps)

    # Editing the kept appointment again asks nothing more.
    view.timeline.select_id(planned.id)
    answers.queue(Kind.DIALOG, press_ok(lambda d: d.purpose.setText("Antrag abgegeben")))
    view.timeline.edit_selected()
    assert [r.kind for r in answers.asked].count(Kind.QUESTION) == 1


# --- documents and household -------------------------------------------------------------------


def test_document_types_follow_german_collation_with_other_last(
    unlocked_ctx: GuiContext, dossier: Dossier
) -> None:
    tr = translator("de")
    dialog = DocumentDialog(tr, "Neues Dokument", Document(dossier_id=dossier.id), [])
    shown = [dialog.type.itemText(i) for i in range(dialog.type.count())]
    assert shown[-1] == "Sonstiges Dokument"
    assert shown.index("Führerschein") < shown.index("Geburtsurkunde")
    assert shown.index("Ankunftsnachweis") < shown.index("Arbeitsvertrag")
    assert shown[:-1] == collated(shown[:-1], str, tr)
    assert dialog.type.members[-1] is DocumentType.OTHER
    dialog.deleteLater()
    # Umlauts with their base letter (DIN 5007), not after "Z" as code points would.
    assert collated(["Zeugnis", "Ärztliche Bescheinigung", "Bahn", "Apfel"], str, tr) == [
        "Apfel",
        "Ärztliche Bescheinigung",
        "Bahn",
        "Zeugnis",
    ]


def test_a_new_household_member_starts_as_a_child_with_the_family_name(
    view: DossierView, dossier: Dossier, unlocked_ctx: GuiContext, answers: ScriptedAnswerer
) -> None:
    view.open_dossier(dossier.id)
    seen: list[tuple[str, HouseholdRole]] = []

    def child(dialog: MemberDialog) -> None:
        seen.append((dialog.family_name.text(), dialog.role.value()))
        dialog.given_names.setText("Yusuf")

    answers.queue(Kind.DIALOG, press_ok(child))
    add = next(b for b in view.person.findChildren(QPushButton) if b.text() == "Add member…")
    add.click()
    assert seen == [("Haddad", HouseholdRole.CHILD)]
    [member] = unlocked_ctx.require_vault().records.parts(dossier.id, HouseholdMember)
    assert (member.family_name, member.given_names) == ("Haddad", "Yusuf")


# --- saving --------------------------------------------------------------------------------------


def test_ctrl_s_confirms_in_the_status_bar(
    qtbot: QtBot, unlocked_ctx: GuiContext, dossier: Dossier, qapp: Any
) -> None:
    window = MainWindow(unlocked_ctx, qapp)
    qtbot.addWidget(window)
    window.show()
    window.open_dossier(dossier.id)
    assert window.page is Page.DOSSIER
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    person = window.dossier.person
    person.city.setFocus()
    qtbot.keyClicks(person.city, "Bochum")
    qtbot.keyClick(person.city, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert unlocked_ctx.require_vault().records.dossier(dossier.id).city == "Bochum"
    assert window.statusBar().currentMessage() == "Changes saved."
    qtbot.keyClick(person.city, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert window.statusBar().currentMessage() == "Nothing to save: everything is stored."


def test_the_analysis_has_no_second_set_of_save_buttons(view: DossierView) -> None:
    texts = [b.text().replace("&", "") for b in view.analysis.findChildren(QPushButton)]
    assert not any(t.startswith(("Save", "Revert")) for t in texts), texts
    assert view.save_button.isVisible() and view.revert_button.isVisible()


# --- first start -------------------------------------------------------------------------------


@pytest.fixture
def window(qtbot: QtBot, gui_ctx: GuiContext, qapp: Any) -> MainWindow:
    win = MainWindow(gui_ctx, qapp)
    qtbot.addWidget(win)
    win.show()
    return win


def test_first_start_return_goes_on_progress_is_calm_and_a_pack_can_be_imported(
    qtbot: QtBot, window: MainWindow, answers: ScriptedAnswerer, tmp_path: Path
) -> None:
    wizard = window.setup
    assert wizard is not None
    wizard.counsellor.setText("Erika Beispiel")
    qtbot.keyClick(wizard.counsellor, Qt.Key.Key_Return)
    assert wizard.step == 1
    wizard.passphrase.first.setText("Tee mit Minze am Montag 42")
    wizard.passphrase.second.setText("Tee mit Minze am Montag 42")
    wizard.understood.setChecked(True)
    qtbot.keyClick(wizard.passphrase.second, Qt.Key.Key_Return)
    # "Creating the vault…" is progress, not an error.
    assert wizard.create_message.text() == "Creating the vault…"
    assert MUTED in wizard.create_message.styleSheet()
    assert RED not in wizard.create_message.styleSheet()
    qtbot.waitUntil(lambda: wizard.step == 2, timeout=10_000)
    wizard.kept.setChecked(True)
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert wizard.step == 3

    pack = zip_folder(small_pack(tmp_path / "pack"), tmp_path / "musterdorf.zip")
    answers.queue(Kind.OPEN_FILE, pack)
    qtbot.mouseClick(wizard.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.imported_pack == "musterdorf", timeout=10_000)
    assert "musterdorf" in wizard.content_message.text()
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert window.page is Page.AGENDA
    library = ContentLibrary()
    assert {p.id for p in library.packs()} == {"bund", "musterdorf"}
    assert not library.demo_in_use()


def test_an_empty_vault_says_how_to_begin_and_sample_data_is_only_there_when_chosen(
    qtbot: QtBot, unlocked_ctx: GuiContext, answers: ScriptedAnswerer, qapp: Any
) -> None:
    window = MainWindow(unlocked_ctx, qapp)
    qtbot.addWidget(window)
    window.show()
    window.unlock_view.unlocked.emit()  # the vault is open already: go on as after unlocking
    window.show_agenda()
    unlocked_ctx.bridge.opened.emit()
    panel = window.agenda.first_steps
    qtbot.waitUntil(panel.isVisible, timeout=5000)
    assert panel.new_button.text() == "Create the first dossier"
    assert not ContentLibrary().demo_in_use()

    window.dossier.timeline.contacts = []  # read before: the nationwide pack has none
    answers.queue(Kind.QUESTION, True)
    qtbot.mouseClick(panel.sample_button, Qt.MouseButton.LeftButton)
    vault = unlocked_ctx.require_vault()
    qtbot.waitUntil(lambda: vault.records.has_dossiers() and not unlocked_ctx.runner.busy)
    assert "invented" in answers.asked[-1].text
    assert PackStore(default_data_dir()).demo_enabled()
    qtbot.waitUntil(lambda: window.information.view.library.demo_in_use(), timeout=10_000)
    assert window.dossier.timeline.contacts is None  # read again when next shown
    qtbot.waitUntil(lambda: not panel.isVisible(), timeout=5000)


def test_settings_list_the_packs_and_import_and_remove_them(
    qtbot: QtBot, unlocked_ctx: GuiContext, answers: ScriptedAnswerer, tmp_path: Path
) -> None:
    PackStore(default_data_dir()).set_demo_enabled(True)
    dialog = SettingsDialog(unlocked_ctx)
    qtbot.addWidget(dialog)
    section = dialog.content_packs
    qtbot.waitUntil(lambda: section.table.rowCount() == 2, timeout=10_000)
    rows = [
        [section.table.item(r, c).text() for c in range(4)] for r in range(section.table.rowCount())
    ]
    assert rows[0][1:] == ["1.0.0", "21.11.2026", "comes with the app"]
    assert rows[1][3] == "sample data (invented)"

    # The nationwide pack stays; the sample pack can be put away.
    section.select("bund")
    assert not section.remove_button.isEnabled()
    section.select("musterstadt")
    answers.queue(Kind.QUESTION, True)
    qtbot.mouseClick(section.remove_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: section.table.rowCount() == 1, timeout=10_000)
    assert not PackStore(default_data_dir()).demo_enabled()

    answers.queue(Kind.OPEN_FILE, zip_folder(small_pack(tmp_path / "p"), tmp_path / "p.zip"))
    qtbot.mouseClick(section.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: section.table.rowCount() == 2, timeout=10_000)
    assert [section.table.item(r, 3).text() for r in range(2)] == [
        "comes with the app",
        "imported",
    ]
    assert section.table.item(1, 1).text() == "2.0.0"
    section.select("musterdorf")
    answers.queue(Kind.QUESTION, True)
    qtbot.mouseClick(section.remove_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: section.table.rowCount() == 1, timeout=10_000)
    assert dialog.content_was_changed
