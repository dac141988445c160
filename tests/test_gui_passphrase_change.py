"""Changing the passphrase from the settings: the current one is checked, the new one works."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog

from willkommensordner.errors import LockedError
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.dialogs import DialogRequest, Kind, ScriptedAnswerer
from willkommensordner.gui.passphrase_dialogs import ChangePassphraseDialog
from willkommensordner.vault.vault import Vault

pytest_plugins = ("tests.gui_support",)

GUI_PASSPHRASE = "Tee mit Minze am Montag 42"  # the one tests.gui_support creates vaults with

NEW = "Ein ganz anderer Satz für das Büro 9"


def test_a_wrong_current_passphrase_is_refused_and_the_right_one_changes_it(
    qtbot, unlocked_ctx: GuiContext, answers: ScriptedAnswerer
) -> None:
    dialog = ChangePassphraseDialog(unlocked_ctx)
    qtbot.addWidget(dialog)
    assert not dialog.ok.isEnabled()
    dialog.current.setText("nicht die richtige Passphrase")
    dialog.form.first.setText(NEW)
    dialog.form.second.setText(NEW)
    assert dialog.ok.isEnabled()
    dialog.submit()
    qtbot.waitUntil(lambda: bool(dialog.message.text()) and dialog.ok.isEnabled(), timeout=10_000)
    assert "passphrase" in dialog.message.text().lower()
    assert dialog.result() != QDialog.DialogCode.Accepted

    told: list[DialogRequest] = []
    answers.queue(Kind.INFO, lambda request: told.append(request) or 0)
    dialog.current.setText(GUI_PASSPHRASE)
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=10_000)
    assert told and told[0].title == "Passphrase changed"
    # The fields do not keep the secrets once done.
    assert dialog.current.text() == "" and dialog.form.passphrase() == ""

    path = unlocked_ctx.vault_path
    unlocked_ctx.lock()
    with pytest.raises(LockedError):
        Vault.unlock(path, GUI_PASSPHRASE)
    Vault.unlock(path, NEW).close()
