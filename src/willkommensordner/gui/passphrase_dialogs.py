"""Changing the passphrase and renewing the recovery key, from the settings."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.new_passphrase_dialog import NewPassphraseDialog
from willkommensordner.gui.recovery_key_panel import RecoveryKeyPanel
from willkommensordner.gui.widgets import PassphraseEdit, explanation
from willkommensordner.vault.envelope import Envelope
from willkommensordner.vault.location import envelope_path


class ChangePassphraseDialog(NewPassphraseDialog):
    """The current passphrase proves it is the counsellor, not someone at an unlocked laptop."""

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        tr = ctx.tr
        self.current = PassphraseEdit(tr, tr.gettext("Current passphrase"))
        super().__init__(
            ctx,
            title=tr.gettext("Change the passphrase"),
            proof=self.current,
            proof_label=tr.gettext("&Current passphrase:"),
            ok_text=tr.gettext("Change the passphrase"),
            busy_text=tr.gettext("Changing the passphrase…"),
            parent=parent,
        )

    def work(self, proof: str, new: str) -> Callable[[], None]:
        vault, kdf = self.ctx.require_vault(), self.ctx.kdf
        keys = envelope_path(vault.path)

        def change() -> None:
            envelope, _mac = Envelope.load(keys)
            envelope.unwrap_with_passphrase(proof)  # LockedError if it is not the current one
            vault.change_passphrase(new, kdf)

        return change

    def succeeded(self, _result: object) -> None:
        self.ctx.dialogs.info(
            self.ctx.tr.gettext("Passphrase changed"),
            self.ctx.tr.gettext("From now on, unlock with the new passphrase."),
        )
        self.accept()


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
