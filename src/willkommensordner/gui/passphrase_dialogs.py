"""Changing the passphrase and renewing the recovery key, from the settings."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QVBoxLayout, QWidget

from willkommensordner.errors import UserError
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.recovery_key_panel import RecoveryKeyPanel
from willkommensordner.gui.widgets import (
    NewPassphraseForm,
    PassphraseEdit,
    explanation,
    message_label,
)
from willkommensordner.vault.envelope import Envelope
from willkommensordner.vault.location import envelope_path


class ChangePassphraseDialog(QDialog):
    """The current passphrase proves it is the counsellor, not someone at an unlocked laptop."""

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        tr = ctx.tr
        self.setWindowTitle(tr.gettext("Change the passphrase"))
        self.current = PassphraseEdit(tr, tr.gettext("Current passphrase"))
        self.form = NewPassphraseForm(tr)
        self.message = message_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(tr.gettext("Change the passphrase"))
        self.ok.setEnabled(False)
        top = QFormLayout()
        top.addRow(tr.gettext("&Current passphrase:"), self.current)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.current.textChanged.connect(self._update)
        self.form.valid_changed.connect(self._update)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self._busy = False

    def _update(self) -> None:
        self.ok.setEnabled(not self._busy and bool(self.current.text()) and self.form.is_valid())

    def submit(self) -> None:
        if not self.ok.isEnabled():
            return
        vault = self.ctx.require_vault()
        old, new, kdf = self.current.text(), self.form.passphrase(), self.ctx.kdf
        keys = envelope_path(vault.path)

        def work() -> None:
            envelope, _mac = Envelope.load(keys)
            envelope.unwrap_with_passphrase(old)  # LockedError if it is not the current one
            vault.change_passphrase(new, kdf)

        self._busy = True
        self._update()
        self.message.setText(self.ctx.tr.gettext("Changing the passphrase…"))
        self.ctx.runner.submit(
            work, self._done, self._failed, self.ctx.tr.gettext("Changing the passphrase…")
        )

    def _done(self, _result: object) -> None:
        self._busy = False
        self.current.clear()
        self.form.clear()
        self.ctx.dialogs.info(
            self.ctx.tr.gettext("Passphrase changed"),
            self.ctx.tr.gettext("From now on, unlock with the new passphrase."),
        )
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self._update()
        if isinstance(exc, UserError):
            self.message.setText(exc.message(self.ctx.tr))
        else:
            self.message.clear()
            self.ctx.dialogs.show_error(exc)


class NewRecoveryKeyDialog(QDialog):
    """Shows a freshly made recovery key (the old one no longer works) with its sheet."""

    def __init__(self, ctx: GuiContext, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        tr = ctx.tr
        self.setWindowTitle(tr.gettext("New recovery key"))
        self.panel = RecoveryKeyPanel(ctx)
        self.panel.set_key(key)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        layout = QVBoxLayout(self)
        layout.addWidget(
            explanation(
                tr.gettext(
                    "This is your new recovery key. The old one no longer works: destroy the "
                    "old recovery sheet and lock the new one away."
                )
            )
        )
        layout.addWidget(self.panel)
        layout.addWidget(buttons)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        self.finished.connect(lambda _r: self.panel.clear())
