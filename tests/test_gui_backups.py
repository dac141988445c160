"""Backups in the desktop app: on closing, from the settings, and restoring into a new file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog

from tests.exchange_support import add_document_with_scan, add_dossier, add_note
from willkommensordner.backup.vault_backup import (
    DEFAULT_KEEP,
    BackupSettings,
    create_backup,
    default_dir,
    existing_backups,
    restore_backup,
)
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.dialogs import DialogRequest, Kind, ScriptedAnswerer
from willkommensordner.gui.main_window import MainWindow, Page
from willkommensordner.gui.settings import AUTO_BACKUP, VAULT_PATH
from willkommensordner.gui.settings_dialog import SettingsDialog
from willkommensordner.vault.vault import Vault

pytest_plugins = ("tests.gui_support",)
PASSPHRASE = "Sicherung jeden Abend 2026"


def everything(v: Vault) -> dict[str, Any]:
    return {
        "dossier": v.db.query("SELECT * FROM dossier ORDER BY id"),
        "record": v.db.query("SELECT * FROM record ORDER BY id"),
        "blob": v.db.query("SELECT sha256, size, data FROM blob ORDER BY sha256"),
        "audit": v.db.query("SELECT * FROM audit ORDER BY rowid"),
    }


@pytest.fixture
def filled(gui_ctx: GuiContext) -> dict[str, Any]:
    """A vault with dossiers, notes, a scan and a deleted note; what it holds."""
    vault, _key = Vault.create(
        gui_ctx.vault_path, PASSPHRASE, counsellor="Erika", agency="Caritas", kdf=gui_ctx.kdf
    )
    for family, given in (("Haddad", "Rana"), ("Kovalenko", "Olena"), ("Popescu", "Ion")):
        d = add_dossier(vault, family, given)
        add_note(vault, d.id, f"Erstgespräch mit {given}")
        add_document_with_scan(vault, d.id)
    gone = add_note(vault, d.id, "doppelt")
    vault.records.delete(gone.KIND, gone.id)
    state = everything(vault)
    vault.close()
    return state


def open_window(qtbot: Any, qapp: Any, ctx: GuiContext) -> MainWindow:
    win = MainWindow(ctx, qapp)
    qtbot.addWidget(win)
    win.show()
    win.unlock_view.passphrase.setText(PASSPHRASE)
    win.unlock_view.try_unlock()
    qtbot.waitUntil(lambda: win.page is Page.AGENDA, timeout=10_000)
    return win


def test_closing_the_window_makes_a_backup_that_restores_every_record(
    qtbot, qapp, gui_ctx: GuiContext, filled: dict[str, Any], tmp_path: Path
) -> None:
    assert gui_ctx.settings.get(AUTO_BACKUP)  # on unless switched off
    win = open_window(qtbot, qapp, gui_ctx)
    folder = default_dir(gui_ctx.require_vault())
    assert existing_backups(folder) == []
    assert win.close()
    assert gui_ctx.locked and not win.isVisible()
    [backup] = existing_backups(folder)
    target = tmp_path / "restored" / "vault.wko"
    restore_backup(backup, target)
    restored = Vault.unlock(target, PASSPHRASE)
    try:
        assert everything(restored) == filled
        assert restored.search.find("Kovalenko")
    finally:
        restored.close()


def test_closing_with_backups_off_makes_none(
    qtbot, qapp, gui_ctx: GuiContext, filled: dict[str, Any]
) -> None:
    gui_ctx.settings.set(AUTO_BACKUP, False)
    win = open_window(qtbot, qapp, gui_ctx)
    folder = default_dir(gui_ctx.require_vault())
    assert win.close()
    assert existing_backups(folder) == [] and gui_ctx.locked


def test_a_failed_backup_is_reported_and_the_app_still_closes(
    qtbot, qapp, gui_ctx: GuiContext, answers: ScriptedAnswerer, filled: dict[str, Any], tmp_path
) -> None:
    win = open_window(qtbot, qapp, gui_ctx)
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the backup folder should be")
    BackupSettings(blocked, 3).save(gui_ctx.require_vault())
    assert win.close()
    assert gui_ctx.locked and not win.isVisible()
    [warning] = answers.messages(Kind.WARNING)
    assert warning.title == "The backup did not work"
    assert "No backup was made" in warning.text and "closes anyway" in warning.text
    assert blocked.read_text() == "a file where the backup folder should be"
    # The vault itself is whole.
    vault = Vault.unlock(gui_ctx.vault_path, PASSPHRASE)
    try:
        assert everything(vault) == filled
    finally:
        vault.close()


@pytest.fixture
def unlocked(gui_ctx: GuiContext, filled: dict[str, Any]) -> GuiContext:
    gui_ctx.set_vault(Vault.unlock(gui_ctx.vault_path, PASSPHRASE))
    return gui_ctx


def test_settings_store_folder_count_and_switch(
    qtbot, unlocked: GuiContext, answers: ScriptedAnswerer, tmp_path: Path
) -> None:
    dialog = SettingsDialog(unlocked)
    qtbot.addWidget(dialog)
    section = dialog.backups
    vault = unlocked.require_vault()
    assert section.isEnabled()
    assert section.keep.value() == DEFAULT_KEEP
    assert Path(section.directory.text()) == default_dir(vault)
    chosen = tmp_path / "usb" / "sicherungen"
    answers.queue(Kind.OPEN_DIRECTORY, chosen)
    section.choose.click()
    assert section.directory.text() == str(chosen)
    section.keep.setValue(3)
    section.enabled.setChecked(False)
    dialog.buttons.accepted.emit()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert BackupSettings.load(vault) == BackupSettings(chosen, 3)
    assert unlocked.settings.get(AUTO_BACKUP) is False

    # An empty folder is refused next to the section; nothing is stored.
    again = SettingsDialog(unlocked)
    qtbot.addWidget(again)
    again.backups.directory.setText("  ")
    again.buttons.accepted.emit()
    assert again.result() != QDialog.DialogCode.Accepted
    assert again.backups.message.text() == "Choose a folder for the backups."
    again.backups.directory.setText("sicherungen")
    again.buttons.accepted.emit()
    assert again.backups.message.text() == "Give the whole path of the folder, or choose it."
    a_file = tmp_path / "notiz.txt"
    a_file.write_text("kein Ordner")
    again.backups.directory.setText(str(a_file))
    again.buttons.accepted.emit()
    assert again.backups.message.text() == "This is a file, not a folder. Choose a folder."
    assert again.result() != QDialog.DialogCode.Accepted
    assert BackupSettings.load(vault) == BackupSettings(chosen, 3)


def test_while_locked_only_restore_is_offered_and_it_works(
    qtbot, gui_ctx: GuiContext, answers: ScriptedAnswerer, filled: dict[str, Any], tmp_path: Path
) -> None:
    """A vault that cannot be opened any more is when a restore is needed most."""
    vault = Vault.unlock(gui_ctx.vault_path, PASSPHRASE)
    backup = tmp_path / "hand.wkob"
    create_backup(vault, backup)
    vault.close()
    dialog = SettingsDialog(gui_ctx)
    qtbot.addWidget(dialog)
    section = dialog.backups
    assert not section.back_up.isEnabled() and not section.directory.isEnabled()
    assert not section.enabled.isEnabled() and section.restore.isEnabled()
    target = tmp_path / "neu.wko"
    answers.queue(Kind.QUESTION, True)
    answers.queue(Kind.OPEN_FILE, backup)
    answers.queue(Kind.SAVE_FILE, target)
    answers.queue(Kind.QUESTION, False)  # keep the current vault for the next start
    section.restore.click()
    qtbot.waitUntil(lambda: len([r for r in answers.asked if r.kind is Kind.QUESTION]) == 2)
    asked_dir = next(r for r in answers.asked if r.kind is Kind.OPEN_FILE).options["dir"]
    assert asked_dir == str(gui_ctx.vault_path.parent / "backups")
    assert gui_ctx.settings.get(VAULT_PATH) == ""
    restored = Vault.unlock(target, PASSPHRASE)
    try:
        assert everything(restored) == filled
    finally:
        restored.close()
    dialog.buttons.accepted.emit()  # saving while locked stores only the switch
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_back_up_now_and_restore_into_a_new_vault(
    qtbot, unlocked: GuiContext, answers: ScriptedAnswerer, filled: dict[str, Any], tmp_path: Path
) -> None:
    dialog = SettingsDialog(unlocked)
    qtbot.addWidget(dialog)
    section = dialog.backups
    folder = tmp_path / "sicherungen"
    section.directory.setText(str(folder))
    section.keep.setValue(2)
    for _ in range(3):
        section.back_up.click()
        qtbot.waitUntil(lambda: section.back_up.isEnabled(), timeout=10_000)
    backups = existing_backups(folder)
    assert len(backups) == 2  # the newest two are kept
    assert [m.title for m in answers.messages(Kind.INFO)] == ["Backup"] * 3
    assert "2 backups in the folder" in section.newest.text()

    # Restoring over the open vault is refused before anything is written.
    open_path = unlocked.vault_path
    before = open_path.read_bytes()
    answers.queue(Kind.QUESTION, True)
    answers.queue(Kind.OPEN_FILE, backups[-1])
    answers.queue(Kind.SAVE_FILE, open_path)
    section.restore.click()
    assert answers.messages(Kind.ERROR)[-1].text == (
        "This is the vault that is open now. Choose a new file name."
    )
    assert open_path.read_bytes() == before

    # Into a new file: the restored vault holds everything and opens with the passphrase.
    target = tmp_path / "neu" / "wiederhergestellt"
    answers.queue(Kind.QUESTION, True)
    answers.queue(Kind.OPEN_FILE, backups[-1])
    answers.queue(Kind.SAVE_FILE, target)
    answers.queue(Kind.QUESTION, True)  # open it at the next start
    section.restore.click()
    expected = target.with_name("wiederhergestellt.wko")
    qtbot.waitUntil(lambda: unlocked.settings.get(VAULT_PATH) == str(expected), timeout=10_000)
    explained = [r for r in answers.asked if r.kind is Kind.QUESTION]
    assert "recovery key" in explained[0].text and "stays exactly as it is" in explained[0].text
    assert "recovery key" in explained[-1].text
    restored = Vault.unlock(expected, PASSPHRASE)
    try:
        assert everything(restored) == filled
    finally:
        restored.close()
    assert unlocked.vault is not None and unlocked.vault.path == open_path


def test_a_damaged_backup_is_refused_with_a_clear_message(
    qtbot, unlocked: GuiContext, answers: ScriptedAnswerer, tmp_path: Path
) -> None:
    dialog = SettingsDialog(unlocked)
    qtbot.addWidget(dialog)
    bad = tmp_path / "kaputt.wkob"
    bad.write_bytes(b"not a backup at all" * 100)
    answers.queue(Kind.QUESTION, True)
    answers.queue(Kind.OPEN_FILE, bad)
    answers.queue(Kind.SAVE_FILE, tmp_path / "x.wko")

    def refused() -> bool:
        return any(r.kind is Kind.ERROR for r in answers.asked)

    dialog.backups.restore.click()
    qtbot.waitUntil(refused, timeout=10_000)
    error: DialogRequest = answers.messages(Kind.ERROR)[-1]
    assert error.title == "The backup was not restored"
    assert "not a backup" in error.text
    assert not (tmp_path / "x.wko").exists()


def test_after_hours_of_use_a_backup_unless_a_recent_one_exists(
    qtbot, qapp, gui_ctx: GuiContext, filled: dict[str, Any]
) -> None:
    win = open_window(qtbot, qapp, gui_ctx)
    auto = win.auto_backup
    assert auto.timer.isActive() and auto.timer.interval() == 4 * 3_600_000
    folder = default_dir(gui_ctx.require_vault())
    auto.timer.timeout.emit()
    qtbot.waitUntil(lambda: len(existing_backups(folder)) == 1, timeout=10_000)
    qtbot.waitUntil(lambda: not gui_ctx.runner.busy, timeout=10_000)
    auto.during_use()  # the one just made is recent enough
    qtbot.waitUntil(lambda: not gui_ctx.runner.busy, timeout=10_000)
    assert len(existing_backups(folder)) == 1
    win.lock()
    assert not auto.timer.isActive()


def test_closing_again_while_the_backup_runs_never_closes_the_vault_under_it(
    qtbot, qapp, gui_ctx: GuiContext, filled: dict[str, Any]
) -> None:
    from PySide6.QtCore import QTimer

    win = open_window(qtbot, qapp, gui_ctx)
    folder = default_dir(gui_ctx.require_vault())
    second: list[bool] = []
    # A second close request arrives while the first waits for its backup.
    QTimer.singleShot(0, lambda: second.append(win.close()))
    assert win.close()
    qtbot.waitUntil(lambda: bool(second), timeout=10_000)
    assert gui_ctx.locked and len(existing_backups(folder)) == 1
    restored_target = folder.parent / "again.wko"
    restore_backup(existing_backups(folder)[0], restored_target)
    again = Vault.unlock(restored_target, PASSPHRASE)
    try:
        assert everything(again) == filled
    finally:
        again.close()
