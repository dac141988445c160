"""Whole flows through the real window on a fresh vault: setup, dossiers, search, lock."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QDialog,
    QLabel,
    QLineEdit,
    QWidget,
)

from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.dialogs import DialogRequest, Kind, ScriptedAnswerer
from willkommensordner.gui.main_window import MainWindow, Page
from willkommensordner.gui.new_dossier_dialog import NewDossierDialog
from willkommensordner.vault.location import envelope_path
from willkommensordner.vault.throttle import UnlockThrottle

pytest_plugins = ("tests.gui_support",)

PASSPHRASE = "Tee mit Minze am Montag 42"


def texts_in(root: QWidget) -> list[str]:
    """Every text a widget tree shows: labels, fields, buttons, and item view cells."""
    found: list[str] = []
    for w in [root, *root.findChildren(QWidget)]:
        if isinstance(w, (QLabel, QLineEdit, QAbstractButton)):
            found.append(w.text())
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            model = w.model()
            for r in range(model.rowCount()):
                for c in range(model.columnCount()):
                    found.append(str(model.index(r, c).data() or ""))
        found.append(w.windowTitle())
    return found


def run_wizard(qtbot, window: MainWindow, answers: ScriptedAnswerer, tmp_path: Path) -> str:
    wizard = window.setup
    assert wizard is not None and window.page is Page.SETUP
    wizard.counsellor.setText("Erika Beispiel")
    wizard.agency.setText("Caritas Musterstadt")
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert wizard.step == 1
    qtbot.keyClicks(wizard.passphrase.first, "kurz")
    assert not wizard.next_button.isEnabled()
    assert "12 characters" in wizard.passphrase.hint.text()
    wizard.passphrase.first.setText(PASSPHRASE)
    qtbot.keyClicks(wizard.passphrase.second, PASSPHRASE[:-1] + "X")
    assert "differ" in wizard.passphrase.match.text()
    wizard.passphrase.second.setText(PASSPHRASE)
    assert not wizard.next_button.isEnabled()  # the warning must be acknowledged
    wizard.understood.setChecked(True)
    assert wizard.next_button.isEnabled()
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.step == 2, timeout=10_000)
    key = wizard.key_panel.key_label.text()
    assert len(key.replace("-", "")) == 36
    sheet = tmp_path / "out" / "recovery"
    sheet.parent.mkdir()
    answers.queue(Kind.SAVE_FILE, str(sheet))
    qtbot.mouseClick(wizard.key_panel.save_button, Qt.MouseButton.LeftButton)
    pdf = sheet.with_suffix(".pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    assert pdf.stat().st_mode & 0o777 == 0o600  # the recovery key: for the counsellor only
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert key in text and "vault.wko" in text
    assert not wizard.next_button.isEnabled()
    wizard.kept.setChecked(True)
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    # The last step offers the municipality's content pack; finishing without it is fine.
    assert wizard.step == 3 and wizard.import_button.isEnabled()
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert window.page is Page.AGENDA
    return key


def add_dossier(
    qtbot, window: MainWindow, answers: ScriptedAnswerer, **fields: str
) -> NewDossierDialog:
    shown: list[NewDossierDialog] = []

    def fill(request: DialogRequest) -> int:
        dialog = request.widget
        assert isinstance(dialog, NewDossierDialog)
        shown.append(dialog)
        for name, value in fields.items():
            getattr(dialog, name).setText(value)
        dialog.buttons.accepted.emit()
        return dialog.result()

    answers.queue(Kind.DIALOG, fill)
    window.act_new.trigger()
    return shown[0]


@pytest.fixture
def window(qtbot, gui_ctx: GuiContext, qapp) -> MainWindow:
    win = MainWindow(gui_ctx, qapp)
    qtbot.addWidget(win)
    win.show()
    return win


def test_first_start_to_idle_lock_and_back(
    qtbot, window: MainWindow, gui_ctx: GuiContext, answers: ScriptedAnswerer, tmp_path: Path
) -> None:
    run_wizard(qtbot, window, answers, tmp_path)
    assert gui_ctx.vault is not None
    assert gui_ctx.vault.author.counsellor == "Erika Beispiel"

    # A birth date that does not exist is refused next to its field; nothing is stored.
    def bad_then_good(request: DialogRequest) -> int:
        dialog = request.widget
        assert isinstance(dialog, NewDossierDialog)
        dialog.family_name.setText("Haddad")
        dialog.given_names.setText("Lina")
        dialog.native_name.setText("لينا حداد")
        dialog.birth_date.setText("31.02.1990")
        dialog.buttons.accepted.emit()
        problem = dialog.fields["birth_date"][1]
        assert "does not exist" in problem.text() and not problem.isHidden()
        assert dialog.result() != QDialog.DialogCode.Accepted
        assert gui_ctx.require_vault().summaries() == []
        dialog.birth_date.setText("00.00.1990")
        dialog.buttons.accepted.emit()
        return dialog.result()

    answers.queue(Kind.DIALOG, bad_then_good)
    window.act_new.trigger()
    assert window.page is Page.DOSSIER
    [summary] = gui_ctx.require_vault().summaries()
    assert summary.birth_date == "1990-00-00"
    add_dossier(qtbot, window, answers, family_name="Popescu", given_names="Ion")
    window.act_list.trigger()
    assert window.page is Page.LIST
    dossiers = window.dossiers
    qtbot.waitUntil(lambda: dossiers.model.rowCount() == 2)

    # Instant search: Latin, Arabic script, and nothing.
    qtbot.keyClicks(dossiers.search, "hadd")
    qtbot.waitUntil(lambda: dossiers.proxy.rowCount() == 1)
    assert dossiers.proxy.index(0, 0).data() == "Haddad, Lina"
    dossiers.search.clear()
    qtbot.waitUntil(lambda: dossiers.proxy.rowCount() == 2)
    dossiers.search.setText("حداد")
    qtbot.waitUntil(lambda: dossiers.proxy.rowCount() == 1)
    dossiers.search.setText("Haddad")
    qtbot.waitUntil(lambda: dossiers.proxy.rowCount() == 1)

    # Idle: the vault closes and nothing personal stays on screen or in a model.
    window.idle.set_timeout_ms(150)
    qtbot.waitUntil(lambda: gui_ctx.locked, timeout=5000)
    assert window.page is Page.UNLOCK
    for model in (dossiers.model, dossiers.proxy, *window.agenda.models):
        assert model.rowCount() == 0
    shown = "\n".join(texts_in(window))
    for secret in ("Haddad", "Lina", "حداد", "Popescu"):
        assert secret not in shown
    assert not window.toolbar.isVisible()

    # Unlocking returns to the list.
    window.unlock_view.passphrase.setText(PASSPHRASE)
    qtbot.mouseClick(window.unlock_view.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.page is Page.LIST, timeout=10_000)
    qtbot.waitUntil(lambda: dossiers.model.rowCount() == 2)


def test_wrong_passphrase_shows_message_and_changes_nothing(
    qtbot, window: MainWindow, gui_ctx: GuiContext, answers: ScriptedAnswerer, tmp_path: Path
) -> None:
    run_wizard(qtbot, window, answers, tmp_path)
    add_dossier(qtbot, window, answers, family_name="Tesfaye", given_names="Selam")
    window.lock()
    files = [gui_ctx.vault_path, envelope_path(gui_ctx.vault_path)]
    before = [hashlib.sha256(f.read_bytes()).hexdigest() for f in files]
    view = window.unlock_view
    view.passphrase.setText("Tee mit Minze am Dienstag 42")
    qtbot.keyClick(view.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "not right" in view.message.text(), timeout=10_000)
    assert gui_ctx.locked and window.page is Page.UNLOCK
    assert view.unlock_button.isEnabled()
    assert [hashlib.sha256(f.read_bytes()).hexdigest() for f in files] == before
    assert answers.messages() == []  # told in place, not with a pop-up


def test_after_wrong_passphrases_the_next_unlock_tells_and_the_pause_is_kept(
    qtbot, window: MainWindow, gui_ctx: GuiContext, answers: ScriptedAnswerer, tmp_path: Path
) -> None:
    run_wizard(qtbot, window, answers, tmp_path)
    window.lock()
    view = window.unlock_view
    view.passphrase.setText("Tee mit Minze am Dienstag 42")
    qtbot.keyClick(view.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "not right" in view.message.text(), timeout=10_000)
    # Kept beside the vault: a restarted program would wait as well.
    assert UnlockThrottle.beside(gui_ctx.vault_path).failures == 1
    view.passphrase.setText(PASSPHRASE)
    qtbot.keyClick(view.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not gui_ctx.locked, timeout=10_000)
    [warning] = answers.messages(Kind.WARNING)
    assert "1 time" in warning.text
    assert UnlockThrottle.beside(gui_ctx.vault_path).failures == 0


def test_lock_from_dossier_returns_to_the_same_dossier(
    qtbot, window: MainWindow, gui_ctx: GuiContext, answers: ScriptedAnswerer, tmp_path: Path
) -> None:
    run_wizard(qtbot, window, answers, tmp_path)
    add_dossier(qtbot, window, answers, family_name="Kovalenko", given_names="Olena")
    assert window.page is Page.DOSSIER
    dossier_id = gui_ctx.require_vault().summaries()[0].id
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert gui_ctx.locked and window.page is Page.UNLOCK
    assert "Kovalenko" not in "\n".join(texts_in(window))
    window.unlock_view.passphrase.setText(PASSPHRASE)
    window.unlock_view.try_unlock()
    qtbot.waitUntil(lambda: window.page is Page.DOSSIER, timeout=10_000)
    assert window.dossier.dossier_id == dossier_id


def test_forgotten_passphrase_recovery_key_sets_a_new_one(
    qtbot, window: MainWindow, gui_ctx: GuiContext, answers: ScriptedAnswerer, tmp_path: Path
) -> None:
    key = run_wizard(qtbot, window, answers, tmp_path)
    window.lock()
    new = "Ein neuer langer Satz fürs Büro 7"

    def recover(request: DialogRequest) -> int:
        dialog = request.widget
        assert dialog is not None
        dialog.key.setText("AAAA-" + key[5:])  # a typo first
        dialog.form.first.setText(new)
        dialog.form.second.setText(new)
        dialog.submit()
        qtbot.waitUntil(lambda: bool(dialog.message.text()) and not dialog._busy, timeout=10_000)
        assert gui_ctx.locked
        dialog.key.setText(key.lower())
        dialog.submit()
        qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=10_000)
        return dialog.result()

    answers.queue(Kind.DIALOG, recover)
    qtbot.mouseClick(window.unlock_view.forgot, Qt.MouseButton.LeftButton)
    assert not gui_ctx.locked and window.page is Page.AGENDA
    window.lock()
    window.unlock_view.passphrase.setText(new)
    window.unlock_view.try_unlock()
    qtbot.waitUntil(lambda: not gui_ctx.locked, timeout=10_000)


def test_shortcuts_switch_pages_and_focus_search(
    qtbot, window: MainWindow, answers: ScriptedAnswerer, tmp_path: Path
) -> None:
    run_wizard(qtbot, window, answers, tmp_path)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.page is Page.LIST
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.page is Page.AGENDA
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.page is Page.LIST
    assert window.dossiers.search.hasFocus()
