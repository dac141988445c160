"""The page of open conflicts: which records were changed here and at another agency.

The list is read in a worker on demand (`refresh()`, with the comparison of the conflict to
show); another conflict's comparison is read when it is selected (one record: quick).
Resolving goes through the core's `ConflictStore.resolve` (one transaction) in a worker.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from willkommensordner.exchange.conflicts import Conflict, ConflictStore, Side
from willkommensordner.exchange.merge import load_local
from willkommensordner.gui.conflicts.comparison import (
    Comparison,
    compare,
    person_name,
    when_found,
)
from willkommensordner.gui.conflicts.conflict_detail import ConflictDetail
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.dossier.labels import kind_label
from willkommensordner.gui.runner import Task
from willkommensordner.gui.widgets import GREEN, explanation, heading, message_label
from willkommensordner.vault.vault import Vault

ID_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True, slots=True)
class _Read:
    conflicts: list[Conflict]
    names: dict[str, str]  # dossier id -> display name
    comparison: Comparison | None  # of the conflict to show


def conflict_store(vault: Vault) -> ConflictStore:
    return ConflictStore(vault.db, vault.records)


class ConflictsView(QWidget):
    """`count_changed(n)` after every refresh; `open_requested(dossier_id)`."""

    count_changed = Signal(int)
    open_requested = Signal(str)

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        tr = ctx.tr
        self.conflicts: list[Conflict] = []
        self._task: Task | None = None
        self.title = heading(tr.gettext("Conflicts"), 6)
        self.intro = explanation(
            tr.gettext(
                "These records were changed here and at another agency since your copies last"
                " met. Both versions are kept until you choose, field by field, which value is"
                " right."
            )
        )
        self.empty = explanation(tr.gettext("There are no conflicts to resolve."))
        self.message = message_label(GREEN)
        self.table = QTableWidget(0, 4)
        self.table.setAccessibleName(tr.gettext("Conflicts"))
        self.table.setHorizontalHeaderLabels(
            [
                tr.gettext("Person"),
                tr.gettext("Part of the dossier"),
                tr.gettext("Other version from"),
                tr.gettext("Found on"),
            ]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setResizeContentsPrecision(50)  # widths from the first rows: quick with many
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # the person's name
        self.detail = ConflictDetail(ctx)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(self.title)
        layout.addWidget(self.intro)
        layout.addWidget(self.message)
        layout.addWidget(self.empty)
        layout.addWidget(splitter, 1)
        self.splitter = splitter

        self.table.itemSelectionChanged.connect(self._selected)
        self.detail.resolve_requested.connect(self.resolve)
        self.detail.open_requested.connect(self.open_requested)
        ctx.bridge.locked.connect(self.clear)

    # --- reading ----------------------------------------------------------------------------

    def count(self) -> int:
        """Open conflicts now (a count over a small table: quick enough for the GUI thread)."""
        vault = self.ctx.vault
        return 0 if vault is None else conflict_store(vault).count_open()

    @property
    def loading(self) -> bool:
        return self._task is not None

    def refresh(self, select: str | None = None) -> None:
        """Read the open conflicts again in a worker; keep the selection where possible."""
        vault = self.ctx.vault
        if vault is None:
            self.clear()
            return
        keep = select or self.selected_id()
        tr = self.ctx.tr
        if self._task is not None:
            self._task.cancel()

        def read() -> _Read:
            conflicts = conflict_store(vault).list_conflicts()
            dossiers = load_local(vault.db, sorted({c.dossier_id for c in conflicts}))
            names = {did: person_name(local.body) for did, local in dossiers.items()}
            ids = [c.id for c in conflicts]
            chosen = keep if keep in ids else (ids[0] if ids else None)
            shown = next((c for c in conflicts if c.id == chosen), None)
            comparison = compare(vault, shown, tr) if shown is not None else None
            return _Read(conflicts, names, comparison)

        self._task = self.ctx.runner.submit(
            read, self._show, busy_text=tr.gettext("Reading the conflicts…")
        )

    def _show(self, read: _Read) -> None:
        self._task = None
        tr = self.ctx.tr
        current = self.selected_id()
        self.conflicts = read.conflicts
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.conflicts))
        for row, c in enumerate(self.conflicts):
            cells = (
                read.names.get(c.dossier_id, ""),
                kind_label(c.kind, tr),
                c.theirs_agency,
                when_found(c),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, c.id)
                self.table.setItem(row, column, item)
        self.table.blockSignals(False)
        self.empty.setVisible(not self.conflicts)
        self.splitter.setVisible(bool(self.conflicts))
        shown = read.comparison.conflict.id if read.comparison is not None else None
        if current != shown and current in {c.id for c in self.conflicts}:
            self.select(current)  # the counsellor chose another one while the list was read
        else:
            self._mark_selected(shown)
            self.detail.show_comparison(read.comparison)
        self.count_changed.emit(len(self.conflicts))

    def select(self, conflict_id: str | None) -> None:
        """Show this conflict's comparison (None: nothing selected)."""
        self._mark_selected(conflict_id)
        self._selected()

    def _mark_selected(self, conflict_id: str | None) -> None:
        ids = [c.id for c in self.conflicts]
        selection = self.table.selectionModel()
        self.table.blockSignals(True)
        selection.clearSelection()
        if conflict_id in ids:
            index = self.table.model().index(ids.index(conflict_id), 0)
            flags = (
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows
            )
            selection.setCurrentIndex(index, flags)
        self.table.blockSignals(False)

    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        value = self.table.item(rows[0].row(), 0).data(ID_ROLE)
        return str(value) if value else None

    def _selected(self) -> None:
        vault = self.ctx.vault
        chosen = self.selected_id()
        conflict = next((c for c in self.conflicts if c.id == chosen), None)
        if vault is None or conflict is None:
            self.detail.show_comparison(None)
            return
        self.detail.show_comparison(compare(vault, conflict, self.ctx.tr))

    # --- resolving --------------------------------------------------------------------------

    def resolve(self, conflict_id: str, choice: Side | dict[str, Side]) -> None:
        vault = self.ctx.require_vault()
        self.message.clear()
        self.detail.setEnabled(False)

        def done(_result: object) -> None:
            self.detail.setEnabled(True)
            self.message.setText(self.ctx.tr.gettext("Resolved. The chosen values are saved."))
            self.refresh()

        def failed(exc: BaseException) -> None:
            self.detail.setEnabled(True)
            self.ctx.dialogs.show_error(exc, self.ctx.tr.gettext("The conflict is not resolved"))
            self.refresh(conflict_id)

        self.ctx.runner.submit(
            lambda: conflict_store(vault).resolve(conflict_id, choice),
            done,
            failed,
            busy_text=self.ctx.tr.gettext("Saving the chosen values…"),
        )

    def clear(self) -> None:
        """Drop every name and value (lock)."""
        if self._task is not None:
            self._task.cancel()
            self._task = None
        self.conflicts = []
        self.table.setRowCount(0)
        self.detail.clear()
        self.message.clear()
