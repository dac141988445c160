"""Data protection: the deletion queue, the retention period, real deletion and anonymisation.

The queue shows no names: the short id, why the dossier is due, since when it is closed and
since when it is due are enough to decide, and a list of names of former clients is itself
personal data on the screen. Deleting rewrites the vault file (VACUUM), which takes a while
on a large vault: every deletion runs in the runner, one dossier after the other, with
progress, and the buttons wait until it is done.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.runner import Task
from willkommensordner.gui.widgets import GREEN, explanation, heading, message_label
from willkommensordner.i18n import N_
from willkommensordner.privacy.retention import (
    QueueEntry,
    QueueReason,
    anonymise,
    deletion_queue,
    purge,
    retention_years,
    set_retention_years,
)

REASONS = {
    QueueReason.RETENTION_OVER: N_("Closed, retention period over"),
    QueueReason.TOMBSTONE: N_("Deleted in the app, content still stored"),
}


def _day(value: date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else "–"


class RetentionDialog(QDialog):
    """`reload()`, `delete_selected()`, `anonymise_selected()`, `delete_all()`; `busy`."""

    def __init__(
        self,
        ctx: GuiContext,
        parent: QWidget | None = None,
        *,
        open_monitoring: Callable[[], None] | None = None,
        open_dossier: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        tr = ctx.tr
        self.entries: list[QueueEntry] = []
        self.busy = False
        self.setWindowTitle(tr.gettext("Data protection"))
        self.resize(760, 560)

        self.years = QSpinBox()
        self.years.setRange(1, 30)
        self.years.setSuffix(" " + tr.gettext("years"))
        self.years.setAccessibleName(tr.gettext("Retention period"))
        self.save_years_button = QPushButton(tr.gettext("Apply period"))
        self.save_years_button.clicked.connect(self.save_years)
        period = QHBoxLayout()
        period.addWidget(QLabel(tr.gettext("Keep closed dossiers for")))
        period.addWidget(self.years)
        period.addWidget(self.save_years_button)
        period.addStretch(1)

        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [
                tr.gettext("Dossier"),
                tr.gettext("Reason"),
                tr.gettext("Closed since"),
                tr.gettext("Due since"),
            ]
        )
        self.table.setAccessibleName(tr.gettext("Dossiers due for deletion"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column in (0, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.empty = explanation(tr.gettext("No dossier is due for deletion."))
        self.empty.setStyleSheet(f"color: {GREEN};")

        self.delete_button = QPushButton(tr.gettext("Delete…"))
        self.delete_button.clicked.connect(lambda: self.delete_selected())
        self.anonymise_button = QPushButton(tr.gettext("Anonymise instead…"))
        self.anonymise_button.setToolTip(
            tr.gettext("Remove everything that identifies the person; keep what the figures count")
        )
        self.anonymise_button.clicked.connect(lambda: self.anonymise_selected())
        self.delete_all_button = QPushButton(tr.gettext("Delete all due…"))
        self.delete_all_button.clicked.connect(lambda: self.delete_all())
        # The queue shows no names; before deleting, the counsellor can look whose it is.
        self._open_dossier = open_dossier
        self.open_button = QPushButton(tr.gettext("Open dossier"))
        self.open_button.setToolTip(tr.gettext("Close this window and show the dossier"))
        self.open_button.clicked.connect(self.open_selected)
        self.open_button.setVisible(open_dossier is not None)
        actions = QHBoxLayout()
        actions.addWidget(self.open_button)
        actions.addWidget(self.delete_button)
        actions.addWidget(self.anonymise_button)
        actions.addStretch(1)
        actions.addWidget(self.delete_all_button)

        self.progress = QProgressBar()
        self.progress.setAccessibleName(tr.gettext("Progress"))
        self.progress.hide()
        self.status = message_label(GREEN)
        self.error = message_label()

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.monitoring_button: QPushButton | None = None
        if open_monitoring is not None:
            self.monitoring_button = buttons.addButton(
                tr.gettext("Monitoring figures…"), QDialogButtonBox.ButtonRole.ActionRole
            )
            self.monitoring_button.clicked.connect(open_monitoring)

        layout = QVBoxLayout(self)
        layout.addWidget(heading(tr.gettext("Retention and deletion"), 3))
        layout.addWidget(
            explanation(
                tr.gettext(
                    "Closed dossiers are kept for the retention period and then deleted for "
                    "good. Dossiers deleted in the app still hold their last content until "
                    "they are deleted here. Deleting removes the dossier, its scans and its "
                    "history from the vault file; it cannot be undone. Anonymising instead "
                    "removes everything that identifies the person and keeps only what the "
                    "monitoring counts."
                )
            )
        )
        layout.addLayout(period)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addLayout(actions)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        ctx.bridge.locked.connect(self.reject)
        self.reload()

    # --- reading ----------------------------------------------------------------------------

    def reload(self) -> Task:
        vault = self.ctx.require_vault()
        today = self.ctx.today()
        self._set_busy(True)
        return self.ctx.runner.submit(
            lambda: (retention_years(vault), deletion_queue(vault, today)),
            on_done=self._show,
            on_error=self._load_failed,
        )

    def _show(self, result: tuple[int, list[QueueEntry]]) -> None:
        years, self.entries = result
        tr = self.ctx.tr
        self.years.setValue(years)
        self.table.setRowCount(len(self.entries))
        for row, entry in enumerate(self.entries):
            cells = (
                entry.dossier_id[:8],
                tr.gettext(REASONS[entry.reason]),
                _day(entry.closed_on),
                _day(entry.delete_from),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, entry.dossier_id)
                self.table.setItem(row, column, item)
        self.table.setVisible(bool(self.entries))
        self.empty.setVisible(not self.entries)
        if self.entries:
            self.table.selectRow(0)
        self._set_busy(False)

    def selected_entry(self) -> QueueEntry | None:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        return self.entries[min(rows)] if rows and min(rows) < len(self.entries) else None

    # --- changing ---------------------------------------------------------------------------

    def save_years(self) -> None:
        vault = self.ctx.require_vault()
        years = self.years.value()
        self._set_busy(True)
        self.ctx.runner.submit(
            lambda: set_retention_years(vault, years),
            on_done=lambda _r: self._after(
                self.ctx.tr.format("Closed dossiers are kept for {years} years.", {"years": years})
            ),
            on_error=self._failed,
        )

    def open_selected(self) -> None:
        entry = self.selected_entry()
        if entry is None or self._open_dossier is None or entry.reason is QueueReason.TOMBSTONE:
            return
        self.accept()
        self._open_dossier(entry.dossier_id)

    def delete_selected(self) -> Task | None:
        entry = self.selected_entry()
        tr = self.ctx.tr
        if entry is None or self.busy:
            return None
        if not self.ctx.dialogs.ask(
            tr.gettext("Delete for good?"),
            tr.format(
                "The dossier {id} will be deleted for good: the person's data, scans, notes "
                "and history are removed from the vault file. This cannot be undone.",
                {"id": entry.dossier_id[:8]},
            ),
        ):
            return None
        return self._purge([entry.dossier_id])

    def delete_all(self) -> Task | None:
        tr = self.ctx.tr
        if not self.entries or self.busy:
            return None
        if not self.ctx.dialogs.ask(
            tr.gettext("Delete for good?"),
            tr.format(
                "All {count} dossiers in the list will be deleted for good: their data, "
                "scans, notes and history are removed from the vault file. This cannot be "
                "undone.",
                {"count": len(self.entries)},
            ),
        ):
            return None
        return self._purge([e.dossier_id for e in self.entries])

    def anonymise_selected(self) -> Task | None:
        entry = self.selected_entry()
        tr = self.ctx.tr
        if entry is None or self.busy or entry.reason is QueueReason.TOMBSTONE:
            return None
        if not self.ctx.dialogs.ask(
            tr.gettext("Anonymise for good?"),
            tr.format(
                "Names, contact data, document numbers, free text, notes, consents, scans "
                "and health answers of dossier {id} are removed for good; what the monitoring "
                "counts stays. This cannot be undone.",
                {"id": entry.dossier_id[:8]},
            ),
        ):
            return None
        vault = self.ctx.require_vault()
        dossier_id = entry.dossier_id
        self._set_busy(True)
        self.progress.setRange(0, 0)
        self.progress.show()
        return self.ctx.runner.submit(
            lambda: anonymise(vault, dossier_id),
            on_done=lambda _r: self._after(tr.gettext("The dossier was anonymised.")),
            on_error=self._failed,
            busy_text=tr.gettext("Anonymising…"),
        )

    def _purge(self, ids: list[str]) -> Task:
        """Delete one dossier after the other, each in its own worker run (with VACUUM)."""
        vault = self.ctx.require_vault()
        tr = self.ctx.tr
        self._set_busy(True)
        self.progress.setRange(0, len(ids))
        self.progress.setValue(0)
        self.progress.show()

        def step(done: int) -> Task:
            self.progress.setValue(done)
            if done == len(ids):
                message = tr.ngettext(
                    "{count} dossier was deleted for good.",
                    "{count} dossiers were deleted for good.",
                    len(ids),
                )
                return self._after(message.format(count=len(ids)))
            dossier_id = ids[done]
            return self.ctx.runner.submit(
                lambda: purge(vault, dossier_id),
                on_done=lambda _r: step(done + 1),
                on_error=self._failed,
                busy_text=tr.gettext("Deleting for good…"),
            )

        return step(0)

    def _after(self, message: str) -> Task:
        self.progress.hide()
        self.error.clear()
        self.status.setText(message)
        return self.reload()

    def _failed(self, exc: BaseException) -> None:
        self.progress.hide()
        self._set_busy(False)
        self.ctx.dialogs.show_error(exc)
        if not self.ctx.locked:
            self.reload()

    def _load_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.ctx.dialogs.show_error(exc)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.save_years_button.setEnabled(not busy)
        self.years.setEnabled(not busy)
        self._update_buttons()

    def _update_buttons(self) -> None:
        entry = self.selected_entry()
        self.delete_button.setEnabled(not self.busy and entry is not None)
        # A dossier deleted in the app is no longer shown anywhere, so it cannot be opened.
        self.open_button.setEnabled(
            not self.busy and entry is not None and entry.reason is QueueReason.RETENTION_OVER
        )
        self.anonymise_button.setEnabled(
            not self.busy and entry is not None and entry.reason is QueueReason.RETENTION_OVER
        )
        self.delete_all_button.setEnabled(not self.busy and bool(self.entries))
