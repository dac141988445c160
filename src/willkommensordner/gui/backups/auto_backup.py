"""Automatic rotating backups: one when the app closes, and one after some hours of use.

The backup itself is the core's `rotate` (a `VACUUM INTO` copy, seconds for a big vault), so
it runs in a worker. On closing the window waits for it behind a progress dialog (the event
loop keeps running); a failed backup is reported plainly and the app closes anyway.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from willkommensordner.backup.vault_backup import BackupSettings, rotate
from willkommensordner.errors import UserError
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.settings import AUTO_BACKUP
from willkommensordner.vault.vault import Vault

# A counsellor who never closes the app still gets a backup of the day's work.
HOURS_OF_USE = 4
_USE_INTERVAL = timedelta(hours=HOURS_OF_USE)


def backup_now(vault: Vault, settings: BackupSettings | None = None) -> Path:
    """A rotating backup even if a recent one exists (closing, "Back up now")."""
    made = rotate(vault, settings, min_interval=None)
    assert made is not None  # rotate only skips when given a minimum interval
    return made


class AutoBackup(QObject):
    """`before_close(parent)` from the window's close; the use timer runs while unlocked."""

    closing_backup_finished = Signal()

    def __init__(self, ctx: GuiContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.last_error: BaseException | None = None
        self._closing = False
        self.timer = QTimer(self)
        self.timer.setInterval(HOURS_OF_USE * 3_600_000)
        self.timer.timeout.connect(self.during_use)
        ctx.bridge.opened.connect(self.timer.start)
        ctx.bridge.locked.connect(self.timer.stop)

    @property
    def enabled(self) -> bool:
        return self.ctx.settings.get(AUTO_BACKUP)

    def during_use(self) -> None:
        """After hours of use: a backup unless one at least as recent exists."""
        vault = self.ctx.vault
        if vault is None or not self.enabled:
            return
        self.ctx.runner.submit(
            lambda: rotate(vault, min_interval=_USE_INTERVAL),
            None,
            self._report,
            busy_text=self.ctx.tr.gettext("Making a backup…"),
        )

    def before_close(self, parent: QWidget | None) -> Path | None:
        """Make the closing backup and wait for it; None if off, locked or failed."""
        vault = self.ctx.vault
        if vault is None or not self.enabled:
            return None
        if self._closing:
            # Asked to close again while waiting: the vault must stay open until the backup
            # is written, so this close waits for the same backup.
            wait = QEventLoop(self)
            self.closing_backup_finished.connect(wait.quit)
            wait.exec()
            return None
        self._closing = True
        tr = self.ctx.tr
        outcome: dict[str, object] = {}
        loop = QEventLoop(self)
        progress = QProgressDialog(tr.gettext("Making a backup before closing…"), "", 0, 0, parent)
        progress.setWindowTitle(tr.gettext("Backup"))
        progress.setCancelButton(None)  # type: ignore[arg-type] - Qt takes None: no button
        progress.setWindowModality(Qt.WindowModality.ApplicationModal)
        progress.setMinimumDuration(300)

        def done(path: object) -> None:
            outcome["path"] = path
            loop.quit()

        def failed(exc: BaseException) -> None:
            outcome["error"] = exc
            loop.quit()

        self.ctx.runner.submit(
            lambda: backup_now(vault), done, failed, busy_text=tr.gettext("Making a backup…")
        )
        if not outcome:
            loop.exec()
        self._closing = False
        self.closing_backup_finished.emit()
        progress.close()
        progress.deleteLater()
        error = outcome.get("error")
        if isinstance(error, BaseException):
            self._report(error, closing=True)
            return None
        path = outcome.get("path")
        return path if isinstance(path, Path) else None

    def _report(self, exc: BaseException, *, closing: bool = False) -> None:
        self.last_error = exc
        tr = self.ctx.tr
        reason = (
            exc.message(tr)
            if isinstance(exc, UserError)
            else tr.gettext("The backup folder could not be written (full, missing or no access).")
        )
        after = (
            tr.gettext("The app closes anyway; your vault itself is unchanged and complete.")
            if closing
            else tr.gettext("Your vault itself is unchanged. Check the backup folder in Settings.")
        )
        self.ctx.dialogs.warning(
            tr.gettext("The backup did not work"),
            tr.format(
                "No backup was made. {reason}\n\n{after}", {"reason": reason, "after": after}
            ),
        )
