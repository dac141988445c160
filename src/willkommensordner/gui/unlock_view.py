"""The page a counsellor sees at every start and after each lock: one passphrase field."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from willkommensordner.errors import LockedError, UserError
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.recovery_dialog import RecoveryDialog
from willkommensordner.gui.widgets import (
    MUTED,
    PassphraseEdit,
    explanation,
    heading,
    isolate,
    message_label,
)
from willkommensordner.privacy import erasure_ledger
from willkommensordner.privacy.retention import reapply_erasures
from willkommensordner.vault.throttle import UnlockThrottle, notice
from willkommensordner.vault.vault import Vault


class UnlockView(QWidget):
    """`unlocked()` fires after the vault was opened and handed to the context."""

    unlocked = Signal()

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        tr = ctx.tr
        self.setObjectName("unlockView")
        card = QFrame()
        card.setObjectName("card")
        self.title = heading(tr.gettext("Willkommensordner is locked"))
        self.intro = explanation(tr.gettext("Enter your passphrase to open your dossiers."))
        self.passphrase = PassphraseEdit(tr, tr.gettext("Passphrase"))
        self.passphrase.setPlaceholderText(tr.gettext("Passphrase"))
        self.unlock_button = QPushButton(tr.gettext("&Unlock"))
        self.unlock_button.setDefault(True)
        self.unlock_button.setAccessibleName(tr.gettext("Unlock"))
        self.message = message_label()
        self.forgot = QPushButton(tr.gettext("Forgot the passphrase? Use the recovery key…"))
        self.forgot.setObjectName("link")
        self.forgot.setCursor(Qt.CursorShape.PointingHandCursor)
        self.forgot.setAccessibleName(tr.gettext("Unlock with the recovery key"))
        self.where = QLabel(tr.format("Vault: {path}", {"path": isolate(str(ctx.vault_path))}))
        self.where.setStyleSheet(f"color: {MUTED};")
        self.where.setWordWrap(True)
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        row = QHBoxLayout()
        row.addWidget(self.passphrase, 1)
        row.addWidget(self.unlock_button)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(32, 28, 32, 28)
        inner.setSpacing(12)
        inner.addWidget(self.title)
        inner.addWidget(self.intro)
        inner.addLayout(row)
        inner.addWidget(self.message)
        inner.addWidget(self.forgot, 0, Qt.AlignmentFlag.AlignLeading)
        inner.addSpacing(8)
        inner.addWidget(self.where)
        # No alignment flag for the card: aligned items get their plain size hint, which
        # ignores how tall wrapped messages need to be, and the fields would be squeezed.
        card.setFixedWidth(540)
        row_centre = QHBoxLayout()
        row_centre.addStretch(1)
        row_centre.addWidget(card)
        row_centre.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(2)
        outer.addLayout(row_centre)
        outer.addStretch(3)

        self.unlock_button.clicked.connect(self.try_unlock)
        self.passphrase.returnPressed.connect(self.try_unlock)
        self.forgot.clicked.connect(self.use_recovery_key)
        self._busy = False

    def reset(self) -> None:
        """Ready for the next attempt: empty field, focus in it."""
        self.passphrase.clear()
        self.message.clear()
        self._set_busy(False)
        self.passphrase.setFocus()

    def try_unlock(self) -> None:
        passphrase = self.passphrase.text()
        if self._busy:
            return
        if not passphrase:
            self.message.setText(self.ctx.tr.gettext("Please enter your passphrase."))
            return
        self._set_busy(True)
        self.message.setText(self.ctx.tr.gettext("Unlocking…"))
        path, throttle = self.ctx.vault_path, self.ctx.throttle
        self.ctx.runner.submit(
            lambda: _unlock(path, passphrase, throttle),
            self._unlocked,
            self._failed,
            busy_text=self.ctx.tr.gettext("Unlocking…"),
        )

    def use_recovery_key(self) -> None:
        dialog = RecoveryDialog(self.ctx, self)
        if self.ctx.dialogs.exec(dialog) == QDialog.DialogCode.Accepted and not self.ctx.locked:
            self.passphrase.clear()
            self.message.clear()
            self.unlocked.emit()

    def _unlocked(self, opened: tuple[Vault, int]) -> None:
        vault, again = opened
        self.passphrase.clear()
        self.message.clear()
        self._set_busy(False)
        self.ctx.set_vault(vault)
        self.unlocked.emit()
        told = notice(vault.failed_attempts)
        if told is not None:
            tr = self.ctx.tr
            self.ctx.dialogs.warning(
                tr.gettext("Wrong passphrases"), tr.format(told.msgid, told.params)
            )
        if again:
            tr = self.ctx.tr
            self.ctx.dialogs.warning(
                tr.gettext("Deleted dossiers"),
                tr.format(erasure_ledger.REAPPLIED, {"count": again}),
            )

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.passphrase.selectAll()
        self.passphrase.setFocus()
        tr = self.ctx.tr
        if isinstance(exc, LockedError):
            wait = round(self.ctx.throttle.delay())
            text = tr.gettext("This passphrase is not right. Please try again.")
            if wait:
                pause = tr.ngettext(
                    "The next attempt is checked after a pause of {seconds} second.",
                    "The next attempt is checked after a pause of {seconds} seconds.",
                    wait,
                )
                text += " " + pause.format(seconds=wait)
            self.message.setText(text)
        elif isinstance(exc, UserError):
            self.message.setText(exc.message(tr))
        else:
            self.message.clear()
            self.ctx.dialogs.show_error(exc)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.unlock_button.setEnabled(not busy)
        self.forgot.setEnabled(not busy)


def _unlock(path: Path, passphrase: str, throttle: UnlockThrottle) -> tuple[Vault, int]:
    """On the worker: unlock, then erase again what was erased after the copy was made."""
    vault = Vault.unlock(path, passphrase, throttle=throttle)
    try:
        return vault, reapply_erasures(vault)
    except BaseException:
        vault.close()
        raise
