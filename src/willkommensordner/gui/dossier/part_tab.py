"""What the list tabs share: a table of records, a row of actions, save through the store."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from willkommensordner.domain.record import FieldProblem, Record
from willkommensordner.errors import UserError
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.dossier.models import Column, RecordTableModel
from willkommensordner.gui.dossier.record_dialog import RecordDialog, exec_while_unlocked
from willkommensordner.gui.widgets import record_table
from willkommensordner.vault.records import DossierBundle
from willkommensordner.vault.vault import Vault

R = TypeVar("R", bound=Record)


class PartTab(QWidget):
    """A tab listing one kind of dossier part. `changed` fires after it saved something.

    `draft_name` (set by the dossier view) and the action a button started are where a
    dialog's draft says it came from, so that it can be reopened after unlocking
    (`reopen_draft`).
    """

    changed = Signal()
    draft_name = ""

    def __init__(self, ctx: GuiContext, columns: list[Column[Any]], name: str) -> None:
        super().__init__()
        self.ctx = ctx
        self.tr = ctx.tr
        self.dossier_id: str | None = None
        self.model: RecordTableModel[Any] = RecordTableModel(columns, self)
        self.table = record_table(self.model, name, self)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.doubleClicked.connect(self._activated)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.update_actions())
        enter = QShortcut(QKeySequence(Qt.Key.Key_Return), self.table)
        enter.setContext(Qt.ShortcutContext.WidgetShortcut)
        enter.activated.connect(lambda: self._activated(self.table.currentIndex()))
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.remove_selected)
        self.actions_row = QHBoxLayout()
        self.actions_row.setContentsMargins(0, 0, 0, 0)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addLayout(self.actions_row)
        self.layout_.addWidget(self.table, 1)
        self._needs_row: list[QPushButton] = []
        self._actions: dict[str, Callable[[], Any]] = {"edit_selected": self.edit_selected}
        self._action: str | None = None

    # --- building ---------------------------------------------------------------------------

    def button(
        self,
        text: str,
        slot: Callable[[], Any],
        *,
        needs_row: bool = False,
        tip: str = "",
        shortcut: str = "",
    ) -> QPushButton:
        button = QPushButton(text, self)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        if tip:
            button.setToolTip(tip)
        if shortcut:
            button.setShortcut(QKeySequence(shortcut))
        name = getattr(slot, "__name__", "")
        if name.isidentifier():
            self._actions[name] = slot
        button.clicked.connect(lambda _checked=False: self.perform(name, slot))
        self.actions_row.addWidget(button)
        if needs_row:
            self._needs_row.append(button)
            button.setEnabled(False)
        return button

    def finish_actions(self) -> None:
        self.actions_row.addStretch(1)

    # --- state ------------------------------------------------------------------------------

    def load(self, bundle: DossierBundle) -> None:
        """Fresh rows; the selected record stays selected if it is still there."""
        previous = self.selected() if self.dossier_id == bundle.dossier.id else None
        self.dossier_id = bundle.dossier.id
        self.model.set_rows(self.rows_from(bundle))
        self.table.resizeColumnsToContents()
        if previous is not None:
            self.select_id(getattr(previous, "id", ""))
        self.update_actions()

    def rows_from(self, bundle: DossierBundle) -> list[Any]:
        raise NotImplementedError

    def clear(self) -> None:
        self.dossier_id = None
        self.model.clear()
        self.update_actions()

    def selected(self) -> Any | None:
        index = self.table.currentIndex()
        rows = self.table.selectionModel().selectedRows()
        if rows:
            index = rows[0]
        return self.model.row_object(index.row()) if index.isValid() else None

    def select_id(self, record_id: str) -> None:
        for row, record in enumerate(self.model.rows()):
            if getattr(record, "id", None) == record_id:
                self.table.selectRow(row)
                return

    def update_actions(self) -> None:
        has_row = self.selected() is not None
        for button in self._needs_row:
            button.setEnabled(has_row)

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.perform("edit_selected", self.edit_selected)

    def perform(self, name: str, slot: Callable[[], Any]) -> None:
        """Run an action of this tab; a dialog it opens knows which one (for its draft)."""
        self._action = name if name in self._actions else None
        try:
            slot()
        finally:
            self._action = None

    def draft_origin(self) -> dict[str, Any] | None:
        """Where a dialog opened now comes from; None outside a known action."""
        if self._action is None or not self.draft_name:
            return None
        record = self.selected()
        return {
            "tab": self.draft_name,
            "action": self._action,
            "record_id": getattr(record, "id", None),
            "dossier_id": self.dossier_id,
        }

    def reopen_draft(self, origin: dict[str, Any]) -> bool:
        """Open again the dialog a draft came from; False if that is no longer possible."""
        slot = self._actions.get(str(origin.get("action", "")))
        record_id = origin.get("record_id")
        if slot is None:
            return False
        if isinstance(record_id, str):
            self.select_id(record_id)
            if getattr(self.selected(), "id", None) != record_id:
                return False
        self.perform(str(origin["action"]), slot)
        return True

    def edit_selected(self) -> None:
        """Double click / Enter; tabs override."""

    def remove_selected(self) -> None:
        """The Delete key; tabs that can remove a record override (and ask first)."""

    # --- saving -----------------------------------------------------------------------------

    @property
    def vault(self) -> Vault:
        return self.ctx.require_vault()

    def run_dialog(self, dialog: RecordDialog[R]) -> R | None:
        """Show the dialog; the validated record on OK, None on cancel or invalid input."""
        dialog.setParent(self, dialog.windowFlags())
        try:
            if not exec_while_unlocked(self.ctx, dialog, self.draft_origin()):
                return None
            try:
                return dialog.build()
            except FieldProblem as exc:
                self.ctx.dialogs.show_error(exc, self.tr.gettext("Please check the entries"))
                return None
        finally:
            dialog.deleteLater()

    def edit_in(self, dialog: RecordDialog[R]) -> R | None:
        """Show the dialog, save what it gives in one transaction and select it."""
        record = self.run_dialog(dialog)
        if record is None or not self.save(record):
            return None
        self.select_id(record.id)
        return record

    def save(self, *records: Record) -> bool:
        """Save in one transaction; on failure nothing is stored and the message is shown."""
        try:
            with self.vault.db.transaction():
                for record in records:
                    self.vault.records.save(record)
        except UserError as exc:
            self.ctx.dialogs.show_error(exc)
            return False
        self.changed.emit()
        return True

    def delete_selected(self, question: str) -> None:
        record = self.selected()
        if record is None:
            return
        if not self.ctx.dialogs.ask(self.tr.gettext("Remove"), question):
            return
        try:
            self.vault.records.delete(record.KIND, record.id)
        except UserError as exc:
            self.ctx.dialogs.show_error(exc)
            return
        self.changed.emit()
