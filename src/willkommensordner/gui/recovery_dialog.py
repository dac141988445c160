"""Forgot the passphrase: open the vault with the recovery key and choose a new passphrase."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from willkommensordner.errors import UserError
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.widgets import NewPassphraseForm, explanation, message_label
from willkommensordner.vault.vault import Vault


class RecoveryDialog(QDialog):
    """Accepted once the vault is open (handed to the context) with the new passphrase set."""

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        tr = ctx.tr
        self.setWindowTitle(tr.gettext("Unlock with the recovery key"))
        self.key = QLineEdit()
        self.key.setAccessibleName(tr.gettext("Recovery key"))
        self.key.setPlaceholderText("XXXX-XXXX-XXXX-…")
        self.form = NewPassphraseForm(tr)
        self.message = message_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(tr.gettext("Unlock and set the new passphrase"))
        self.ok.setEnabled(False)
        keyform = QFormLayout()
        keyform.addRow(tr.gettext("Recovery &key:"), self.key)
        layout = QVBoxLayout(self)
        layout.addWidget(
            explanation(
                tr.gettext(
                    "Type the recovery key from your printed recovery sheet, then choose a new "
                    "passphrase. The recovery key stays valid."
                )
            )
        )
        layout.addLayout(keyform)
        layout.addWidget(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.form.valid_changed.connect(self._update)
        self.key.textChanged.connect(self._update)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self._busy = False

    def _update(self) -> None:
        self.ok.setEnabled(not self._busy and self.form.is_valid() and bool(self.key.text()))

    def submit(self) -> None:
        if not self.ok.isEnabled():
            return
        self._busy = True
        self._update()
        path, key, new, kdf = (
            self.ctx.vault_path,
            self.key.text(),
            self.form.passphrase(),
            self.ctx.kdf,
        )

        def work() -> Vault:
            vault = Vault.unlock_with_recovery_key(path, key)
            try:
                vault.change_passphrase(new, kdf)
            except BaseException:
                vault.close()
                raise
            return vault

        self.message.setText(self.ctx.tr.gettext("Unlocking…"))
        self.ctx.runner.submit(work, self._done, self._failed, self.ctx.tr.gettext("Unlocking…"))

    def _done(self, vault: Vault) -> None:
        self._busy = False
        self.ctx.throttle.succeeded()
        self.ctx.set_vault(vault)
        self.key.clear()
        self.form.clear()
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self._update()
        if isinstance(exc, UserError):
            self.message.setText(exc.message(self.ctx.tr))
        else:
            self.message.clear()
            self.ctx.dialogs.show_error(exc)
