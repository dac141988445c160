"""All dossiers at a glance: instant search, filters, badges; Enter opens one."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from willkommensordner.domain.legal_status import TargetGroup
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.dossier_table import (
    BadgeDelegate,
    Column,
    DossierFilterProxy,
    DossierTableModel,
)
from willkommensordner.gui.first_steps import FirstStepsPanel
from willkommensordner.gui.runner import Task
from willkommensordner.gui.widgets import MUTED, heading
from willkommensordner.vault.summaries import DossierSummary

SEARCH_DELAY_MS = 150
# Up to this many dossiers the search runs right away; above, in a worker.
SYNC_SEARCH_LIMIT = 2000
SEARCH_LIMIT = 1_000_000


class DossierTable(QTableView):
    """A table where Enter opens the current row, like a double click."""

    activated_row = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated_row.emit(self.currentIndex().row())
            return
        super().keyPressEvent(event)


class DossierListView(QWidget):
    """`open_requested(dossier_id)` when a row is opened; `new_requested()` for the button."""

    open_requested = Signal(str)
    new_requested = Signal()

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        tr = ctx.tr
        self.model = DossierTableModel(tr, self)
        self.proxy = DossierFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.search = QLineEdit()
        self.search.setPlaceholderText(
            tr.gettext("Search names in any script, document numbers, phone… (Ctrl+F)")
        )
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(tr.gettext("Search dossiers"))
        self.state = QComboBox()
        self.state.setAccessibleName(tr.gettext("Show open or closed dossiers"))
        for label, value in (
            (tr.gettext("Open dossiers"), (True, False)),
            (tr.gettext("Closed dossiers"), (False, True)),
            (tr.gettext("All dossiers"), (True, True)),
        ):
            self.state.addItem(label, value)
        self.group = QComboBox()
        self.group.setAccessibleName(tr.gettext("Target group"))
        self.group.addItem(tr.gettext("All target groups"), None)
        for group in TargetGroup:
            self.group.addItem(tr.gettext(group.label), group.value)
        self.counsellor = QComboBox()
        self.counsellor.setAccessibleName(tr.gettext("Counsellor"))
        self.counsellor.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self._fill_counsellors([])
        self.new_button = QPushButton(tr.gettext("&New dossier"))
        self.new_button.setToolTip(tr.gettext("New dossier (Ctrl+N)"))
        self.new_button.setAccessibleName(tr.gettext("New dossier"))

        self.table = DossierTable()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(tr.gettext("Dossiers"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(Column.NAME, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setItemDelegateForColumn(Column.BADGES, BadgeDelegate(tr, self.table))
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in (
            (Column.NAME, 210),
            (Column.NATIVE, 160),
            (Column.BORN, 95),
            (Column.STATUS, 300),
            (Column.COUNSELLOR, 130),
        ):
            header.resizeSection(column, width)
        self.table.verticalHeader().setDefaultSectionSize(30)

        self.count = QLabel()
        self.count.setStyleSheet(f"color: {MUTED};")
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet(f"color: {MUTED}; padding: 24px;")
        self.empty.hide()

        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        # Visible labels: screen readers on Linux find a list's label only through its buddy.
        for text, combo in (
            (tr.gettext("S&how:"), self.state),
            (tr.gettext("&Group:"), self.group),
            (tr.gettext("C&ounsellor:"), self.counsellor),
        ):
            label = QLabel(text)
            label.setBuddy(combo)
            filters.addWidget(label)
            filters.addWidget(combo)
        filters.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addWidget(heading(tr.gettext("Dossiers"), 4))
        layout.addLayout(filters)
        self.first_steps = FirstStepsPanel(ctx)
        self.first_steps.hide()
        layout.addWidget(self.first_steps)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.count)
        self.setTabOrder(self.search, self.state)
        self.setTabOrder(self.state, self.group)
        self.setTabOrder(self.group, self.counsellor)
        self.setTabOrder(self.counsellor, self.new_button)
        self.setTabOrder(self.new_button, self.table)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._run_search)
        self._search_task: Task | None = None
        self._loaded_once = False
        self._load_task: Task | None = None
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(200)
        self._reload_timer.timeout.connect(self.reload)

        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.search.returnPressed.connect(self._focus_results)
        self.state.currentIndexChanged.connect(self._filters_changed)
        self.group.currentIndexChanged.connect(self._filters_changed)
        self.counsellor.currentIndexChanged.connect(self._filters_changed)
        self.new_button.clicked.connect(self.new_requested)
        self.table.doubleClicked.connect(lambda index: self._open_row(index.row()))
        self.table.activated_row.connect(self._open_row)
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.rowsRemoved.connect(self._update_count)
        ctx.bridge.opened.connect(self.reload)
        ctx.bridge.locked.connect(self.clear)
        ctx.bridge.dossiers_changed.connect(lambda _ids: self._reload_timer.start())
        self._filters_changed()

    # --- loading ----------------------------------------------------------------------------

    def reload(self) -> None:
        """Fetch the summaries again (after unlock and after changes)."""
        vault = self.ctx.vault
        if vault is None:
            return
        if self._load_task is not None:
            self._load_task.cancel()
        self._load_task = self.ctx.runner.submit(
            lambda: vault.summaries(),
            self._loaded,
            busy_text=self.ctx.tr.gettext("Loading dossiers…"),
        )

    def _loaded(self, summaries: list[DossierSummary]) -> None:
        self._load_task = None
        self._loaded_once = True
        current = self.current_dossier_id()
        self.model.set_summaries(summaries)
        self._fill_counsellors(sorted({s.counsellor for s in summaries if s.counsellor}))
        if self.search.text().strip():
            self._run_search()
        self._update_count()
        if current is not None:
            self.select_dossier(current)

    def clear(self) -> None:
        """Forget every row and every typed search (the search text may be a name)."""
        self._loaded_once = False
        self._search_timer.stop()
        self._reload_timer.stop()
        for task in (self._search_task, self._load_task):
            if task is not None:
                task.cancel()
        self._search_task = self._load_task = None
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.proxy.set_filters(ids=None)
        self._show_rank(None)
        self.model.clear()
        self._fill_counsellors([])
        self._update_count()

    # --- search and filters -----------------------------------------------------------------

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _run_search(self) -> None:
        text = self.search.text().strip()
        if self._search_task is not None:
            self._search_task.cancel()
            self._search_task = None
        if not text:
            self.proxy.set_filters(ids=None)
            self._show_rank(None)
            return
        vault = self.ctx.vault
        if vault is None:
            return
        if self.model.rowCount() <= SYNC_SEARCH_LIMIT:
            self._apply_search(vault.search.find(text, limit=SEARCH_LIMIT))
        else:
            self._search_task = self.ctx.runner.submit(
                lambda: vault.search.find(text, limit=SEARCH_LIMIT), self._apply_search
            )

    def _apply_search(self, ids: list[str]) -> None:
        self._search_task = None
        self._show_rank({dossier_id: n for n, dossier_id in enumerate(ids)})
        self.proxy.set_filters(ids=frozenset(ids))
        if self.proxy.rowCount() and not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.proxy.index(0, 0))

    def _show_rank(self, rank: dict[str, int] | None) -> None:
        """Search results best first, with no column marked as sorted; a header click sorts
        them by that column, and without a search the last sorted column applies again."""
        if rank is None and not self.model.ranked:
            return
        header = self.table.horizontalHeader()
        if rank is None:
            header.setSortIndicator(*self.model.sorted_by)
        else:
            header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # the model ignores -1
        self.model.set_rank(rank)

    def _filters_changed(self) -> None:
        include_open, include_closed = self.state.currentData()
        group = self.group.currentData()
        self.proxy.set_filters(
            include_open=include_open,
            include_closed=include_closed,
            target_group=TargetGroup(group) if group else None,
            counsellor=self.counsellor.currentData() or None,
        )

    def _fill_counsellors(self, names: list[str]) -> None:
        current = self.counsellor.currentData()
        self.counsellor.blockSignals(True)
        self.counsellor.clear()
        self.counsellor.addItem(self.ctx.tr.gettext("All counsellors"), "")
        for name in names:
            self.counsellor.addItem(name, name)
        index = self.counsellor.findData(current) if current else 0
        self.counsellor.setCurrentIndex(max(index, 0))
        self.counsellor.blockSignals(False)
        if current and index < 0:
            self._filters_changed()

    def _update_count(self) -> None:
        tr = self.ctx.tr
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        self.count.setText(
            tr.format("{shown} of {total} dossiers", {"shown": shown, "total": total})
        )
        # A loaded, empty vault: the panel says how to begin (before loading: nothing).
        self.first_steps.setVisible(total == 0 and self._loaded_once and not self.ctx.locked)
        if total == 0 and not self.ctx.locked:
            self.empty.clear()
            self.empty.hide()
        elif shown == 0 and total:
            self.empty.setText(tr.gettext("No dossier matches the search and filters."))
            self.empty.show()
        else:
            self.empty.clear()
            self.empty.hide()

    # --- selection --------------------------------------------------------------------------

    def current_dossier_id(self) -> str | None:
        index = self.table.currentIndex()
        return self.proxy.dossier_id(index.row()) if index.isValid() else None

    def select_dossier(self, dossier_id: str) -> bool:
        row = self.model.row_of(dossier_id)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return False
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)
        return True

    def _focus_results(self) -> None:
        if self.proxy.rowCount():
            self.table.setFocus()
            if not self.table.currentIndex().isValid():
                self.table.setCurrentIndex(self.proxy.index(0, 0))

    def _open_row(self, row: int) -> None:
        dossier_id = self.proxy.dossier_id(row)
        if dossier_id is not None:
            self.open_requested.emit(dossier_id)
