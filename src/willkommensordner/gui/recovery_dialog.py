"""Forgot the passphrase: open the vault with the recovery key and choose a new passphrase."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLineEdit, QWidget

from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.new_passphrase_dialog import NewPassphraseDialog
from willkommensordner.privacy import erasure_ledger
from willkommensordner.privacy.retention import reapply_erasures
from willkommensordner.vault.vault import Vault


class RecoveryDialog(NewPassphraseDialog):
    """Accepted once the vault is open (handed to the context) with the new passphrase set."""

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        tr = ctx.tr
        self.erased_again = 0
        self.key = QLineEdit()
        self.key.setAccessibleName(tr.gettext("Recovery key"))
        self.key.setPlaceholderText("XXXX-XXXX-XXXX-…")
        super().__init__(
            ctx,
            title=tr.gettext("Unlock with the recovery key"),
            proof=self.key,
            proof_label=tr.gettext("Recovery &key:"),
            ok_text=tr.gettext("Unlock and set the new passphrase"),
            busy_text=tr.gettext("Unlocking…"),
            intro=tr.gettext(
                "Type the recovery key from your printed recovery sheet, then choose a new "
                "passphrase. The recovery key stays valid."
            ),
            parent=parent,
        )

    def work(self, proof: str, new: str) -> Callable[[], Vault]:
        path, kdf = self.ctx.vault_path, self.ctx.kdf

        def unlock() -> Vault:
            vault = Vault.unlock_with_recovery_key(path, proof)
            try:
                vault.change_passphrase(new, kdf)
                # Often the first opening of a restored backup: erase again what was erased.
                self.erased_again = reapply_erasures(vault)
            except BaseException:
                vault.close()
                raise
            return vault

        return unlock

    def succeeded(self, vault: Vault) -> None:
        self.ctx.throttle.succeeded()
        self.ctx.set_vault(vault)
        self.accept()
        if self.erased_again:
            tr = self.ctx.tr
            self.ctx.dialogs.warning(
                tr.gettext("Deleted dossiers"),
                tr.format(erasure_ledger.REAPPLIED, {"count": self.erased_again}),
            )
