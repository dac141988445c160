"""Importing a partner's file, step by step: file, passphrase, sender check, preview, apply.

Reading and checking the file (preview) and writing it (apply) run in workers. Apply makes
the rotating backup first, as the CLI does; the core applies everything in one transaction,
so a file that turns out damaged halfway leaves the vault as it was. Views refresh through
the bridge when the transaction commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QDialog, QLabel, QProgressBar, QVBoxLayout, QWidget

from willkommensordner.backup.vault_backup import rotate
from willkommensordner.errors import LockedError, UserError
from willkommensordner.exchange.age_files import uses_passphrase
from willkommensordner.exchange.importer import Importer, ImportPreview
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.exchange.import_preview import FilePassphraseDialog, ImportPreviewDialog
from willkommensordner.gui.widgets import isolate
from willkommensordner.i18n import N_

MAX_PASSPHRASE_TRIES = 5


class ApplyingDialog(QDialog):
    """Shown while the import is written: the core holds the vault for its one transaction,
    so the window must not start reading the vault meanwhile (it would wait, frozen)."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(text)
        self.setModal(True)
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        bar = QProgressBar()
        bar.setRange(0, 0)
        bar.setTextVisible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(text))
        layout.addWidget(bar)
        self.setMinimumWidth(360)

    def reject(self) -> None:
        pass  # the import cannot be stopped halfway; it ends by itself, all or nothing

    def finish(self) -> None:
        self.done(QDialog.DialogCode.Accepted.value)
        self.deleteLater()


@dataclass(frozen=True)
class ImportDone:
    report: ImportPreview
    open_conflicts: int


class ImportFlow(QObject):
    """`run()` walks the user through one import.

    - `imported(ImportDone)` after a successful apply,
    - `conflicts_pending(int)` when conflicts are left to resolve (the conflict view's hook),
    - `ended()` when the flow is over, however it ended.
    """

    imported = Signal(object)
    conflicts_pending = Signal(int)
    ended = Signal()

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._parent = parent
        self.path: Path | None = None
        self._passphrase: str | None = None
        self._tries = 0
        self.running = False
        self._applying: ApplyingDialog | None = None
        # Locking drops the worker's result: the flow ends here, with nothing left on screen.
        ctx.bridge.locked.connect(self._end)

    def run(self, path: Path | None = None) -> None:
        tr = self.ctx.tr
        if self.running or self.ctx.locked:
            return
        if path is None:
            path = self.ctx.dialogs.open_file(
                tr.gettext("Import a file from a partner agency"),
                tr.gettext("Export file (*.wkox);;All files (*)"),
            )
            if path is None:
                return
        self.path = path
        self._passphrase = None
        self._tries = 0
        self.running = True
        try:
            needs_passphrase = uses_passphrase(path)
        except UserError as exc:
            self._fail(exc)
            return
        if needs_passphrase:
            self._ask_passphrase("")
        else:
            self._preview()

    # --- steps ------------------------------------------------------------------------------

    def _ask_passphrase(self, message: str) -> None:
        dialog = FilePassphraseDialog(self.ctx, message, self._parent)
        if self.ctx.dialogs.exec(dialog) != QDialog.DialogCode.Accepted:
            self._end()
            return
        self._passphrase = dialog.passphrase.text()
        self._tries += 1
        self._preview()

    def _preview(self) -> None:
        vault = self.ctx.require_vault()
        path, passphrase = self.path, self._passphrase
        assert path is not None
        self.ctx.runner.submit(
            lambda: Importer(vault).preview(path, passphrase=passphrase),
            self._previewed,
            self._preview_failed,
            busy_text=self.ctx.tr.gettext("Checking the file…"),
        )

    def _preview_failed(self, exc: BaseException) -> None:
        wrong_passphrase = isinstance(exc, LockedError) and self._passphrase is not None
        if wrong_passphrase and self._tries < MAX_PASSPHRASE_TRIES:
            assert isinstance(exc, UserError)
            self._ask_passphrase(exc.message(self.ctx.tr))
            return
        self._fail(exc)

    def _previewed(self, preview: ImportPreview) -> None:
        tr = self.ctx.tr
        sender = preview.sender
        if not sender.trusted:
            if sender.contact is None:
                text = tr.format(
                    N_(
                        "The file comes from {agency}, which is not in your partner agencies."
                        " Its fingerprint is {fingerprint}. Only import it if you expected this"
                        " file: call the agency on a number you know and compare the"
                        " fingerprint. Import it anyway?"
                    ),
                    {"agency": isolate(sender.claimed_agency), "fingerprint": sender.fingerprint},
                )
            else:
                text = tr.format(
                    N_(
                        "The file comes from {name}, but you have not yet compared this"
                        " partner's fingerprint ({fingerprint}). Compare it by phone before"
                        " trusting the file. Import it anyway?"
                    ),
                    {"name": isolate(sender.contact.name), "fingerprint": sender.fingerprint},
                )
            if not self.ctx.dialogs.ask(tr.gettext("Sender not verified"), text):
                self._end()
                return
        dialog = ImportPreviewDialog(self.ctx, preview, self._parent)
        if self.ctx.dialogs.exec(dialog) != QDialog.DialogCode.Accepted:
            self._end()
            return
        self._apply(dialog.accept_deletions.isChecked())

    def _apply(self, accept_deletions: bool) -> None:
        vault = self.ctx.require_vault()
        path, passphrase = self.path, self._passphrase
        assert path is not None

        def work() -> ImportDone:
            # A partner's file changes many records at once: keep the rotating backup
            # current (at most one a day) so that a wrong merge can be undone.
            rotate(vault)
            importer = Importer(vault)
            report = importer.apply(
                path,
                passphrase=passphrase,
                confirm_unverified_sender=True,
                accept_deletions=accept_deletions,
            )
            return ImportDone(report, importer.conflicts.count_open())

        text = self.ctx.tr.gettext("Importing…")
        self._applying = ApplyingDialog(text, self._parent)
        self._applying.show()
        self.ctx.runner.submit(work, self._applied, self._fail, busy_text=text)

    def _applied(self, done: ImportDone) -> None:
        self._close_applying()
        tr = self.ctx.tr
        r = done.report
        text = tr.format(
            N_(
                "New dossiers: {new}. New records: {records}. Updated: {updated}. Deleted:"
                " {deleted}. Conflicts: {conflicts}. Kept ours (newer): {kept}. Unchanged:"
                " {unchanged}."
            ),
            {
                "new": len(r.new_dossiers),
                "records": len(r.new_records),
                "updated": len(r.updated),
                "deleted": len(r.deleted),
                "conflicts": len(r.conflicts),
                "kept": r.kept_ours,
                "unchanged": r.unchanged,
            },
        )
        if r.refused:
            text += "\n\n" + tr.format(
                N_(
                    "Refused: {count} change(s) to {dossiers} dossier(s) here that were never"
                    " handed to {name}. They were left out."
                ),
                {
                    "count": len(r.refused),
                    "dossiers": len(r.refused_dossiers),
                    "name": isolate(r.sender.agency),
                },
            )
        if done.open_conflicts:
            text += "\n\n" + tr.format(
                N_(
                    "{count} conflict(s) to resolve: records changed here and at the partner."
                    " Until you choose, our version stays."
                ),
                {"count": done.open_conflicts},
            )
        self.ctx.dialogs.info(tr.gettext("Import done"), text)
        self.imported.emit(done)
        if done.open_conflicts:
            self.conflicts_pending.emit(done.open_conflicts)
        self._end()

    def _fail(self, exc: BaseException) -> None:
        self._close_applying()
        self.ctx.dialogs.show_error(exc, self.ctx.tr.gettext("The file was not imported"))
        self._end()

    def _close_applying(self) -> None:
        if self._applying is not None:
            self._applying.finish()
            self._applying = None

    def _end(self) -> None:
        self._close_applying()
        self._passphrase = None
        self.running = False
        self.ended.emit()
