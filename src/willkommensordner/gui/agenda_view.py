"""The start page after unlocking: what needs the counsellor's attention today and soon."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from babel.dates import format_date
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from willkommensordner.domain.agency import Agency
from willkommensordner.domain.agreed_step import StepOwner
from willkommensordner.domain.document_type import DocumentType
from willkommensordner.domain.legal_status import LegalStatus
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.first_steps import FirstStepsPanel
from willkommensordner.gui.runner import Task
from willkommensordner.gui.settings import EXPIRY_WARNING_WEEKS
from willkommensordner.gui.widgets import AMBER, BLUE, MUTED, RED, heading
from willkommensordner.i18n import Translator
from willkommensordner.vault.agenda import Agenda, AgendaItem

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1


def _enum_label(enum: Any, value: Any, tr: Translator) -> str:
    try:
        return tr.gettext(enum(value).label)
    except ValueError:
        return ""


def describe(item: AgendaItem, tr: Translator) -> str:
    """What the entry is about, in the UI language."""
    body = item.body
    if item.kind == "appointment":
        what = body.get("purpose") or body.get("agency_name") or ""
        agency = _enum_label(Agency, body.get("agency"), tr) if body.get("agency") else ""
        parts = [p for p in (what, agency if agency and agency != what else "") if p]
        if body.get("place"):
            parts.append(str(body["place"]))
        return " · ".join(parts) or tr.gettext("Appointment")
    if item.kind == "agreed_step":
        owner = _enum_label(StepOwner, body.get("owner"), tr) if body.get("owner") else ""
        what = str(body.get("what") or "")
        return f"{what} ({owner})" if owner else what
    if item.kind == "document":
        kind = _enum_label(DocumentType, body.get("type"), tr) or tr.gettext("Document")
        return tr.format("{document} runs out", {"document": kind})
    if item.kind == "residence_status":
        status = _enum_label(LegalStatus, body.get("legal_status"), tr)
        return tr.format("Residence status runs out: {status}", {"status": status})
    return ""


def when_text(item: AgendaItem, today: date, locale: str) -> str:
    when = item.when
    if isinstance(when, datetime):
        if when.date() == today:
            return when.strftime("%H:%M")
        return f"{format_date(when.date(), 'EEE dd.MM.', locale=locale)} {when:%H:%M}"
    return when.strftime("%d.%m.%Y")


class AgendaModel(QAbstractTableModel):
    """One section of the agenda: when, who, what. `clear()` empties it (on lock)."""

    def __init__(
        self, tr: Translator, accent: str, today: date, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._tr = tr
        self.accent = QColor(accent)
        self.today = today
        self.items: list[AgendaItem] = []
        self._texts: list[tuple[str, str, str]] = []
        self._headers = (tr.gettext("When"), tr.gettext("Person"), tr.gettext("What"))

    def set_items(self, items: list[AgendaItem], today: date) -> None:
        self.beginResetModel()
        self.today = today
        self.items = list(items)
        locale = self._tr.language if self._tr.language in ("de", "en", "ar") else "de"
        self._texts = [
            (when_text(i, today, locale), i.dossier_name, describe(i, self._tr)) for i in items
        ]
        self.endResetModel()

    def clear(self) -> None:
        self.set_items([], self.today)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 3

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal and 0 <= section < 3
        if horizontal and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._texts[index.row()][index.column()]
        if role == ID_ROLE:
            return self.items[index.row()].dossier_id
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 0:
            return self.accent
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tr.gettext("Open the dossier")
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class _SectionTable(QTableView):
    open_row = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.open_row.emit(self.currentIndex().row())
            return
        super().keyPressEvent(event)


class AgendaSection(QWidget):
    """A heading, a compact table sized to its rows, and a quiet line when it is empty."""

    def __init__(
        self, title: str, empty_text: str, model: AgendaModel, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.model = model
        self._base_title = title
        self.title = heading(title, 2)
        self.table = _SectionTable()
        self.table.setModel(model)
        self.table.setAccessibleName(title)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setFrameShape(QFrame.Shape.NoFrame)
        self.table.setCursor(Qt.CursorShape.PointingHandCursor)
        self.table.verticalHeader().setDefaultSectionSize(28)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(0, 140)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(1, 240)
        header.setStretchLastSection(True)
        self.empty = QLabel(empty_text)
        self.empty.setStyleSheet(f"color: {MUTED};")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 8)
        layout.addWidget(self.title)
        layout.addWidget(self.table)
        layout.addWidget(self.empty)
        model.modelReset.connect(self._resize)
        self._resize()

    def set_title(self, title: str) -> None:
        self._base_title = title
        self.table.setAccessibleName(title)
        self._resize()

    def _resize(self) -> None:
        rows = self.model.rowCount()
        self.title.setText(f"{self._base_title} ({rows})" if rows else self._base_title)
        self.table.setVisible(rows > 0)
        self.empty.setVisible(rows == 0)
        self.table.setFixedHeight(rows * self.table.verticalHeader().defaultSectionSize() + 4)


class AgendaView(QWidget):
    """`open_requested(dossier_id)` when an entry is clicked or Enter is pressed on it."""

    open_requested = Signal(str)

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        tr = ctx.tr
        today = ctx.today()
        self.today_model = AgendaModel(tr, BLUE, today, self)
        self.week_model = AgendaModel(tr, BLUE, today, self)
        self.overdue_model = AgendaModel(tr, RED, today, self)
        self.expiring_model = AgendaModel(tr, AMBER, today, self)
        self.models = (self.today_model, self.week_model, self.overdue_model, self.expiring_model)
        self.title = heading(tr.gettext("Agenda"), 6)
        self.date_label = QLabel()
        self.date_label.setStyleSheet(f"color: {MUTED};")
        self.sections = (
            AgendaSection(
                tr.gettext("Appointments today"),
                tr.gettext("No appointments today."),
                self.today_model,
            ),
            AgendaSection(
                tr.gettext("Next seven days"),
                tr.gettext("No appointments in the next seven days."),
                self.week_model,
            ),
            AgendaSection(
                tr.gettext("Overdue steps"),
                tr.gettext("No agreed step is overdue."),
                self.overdue_model,
            ),
            AgendaSection("", tr.gettext("No paper runs out soon."), self.expiring_model),
        )
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(24, 16, 24, 16)
        column.addWidget(self.title)
        column.addWidget(self.date_label)
        self.first_steps = FirstStepsPanel(ctx)
        self.first_steps.hide()
        column.addWidget(self.first_steps)
        for section in self.sections:
            column.addWidget(section)
            section.table.clicked.connect(self._open_index)
            section.table.open_row.connect(
                lambda row, m=section.model: self._open_id(m.index(row, 0).data(ID_ROLE))
            )
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the tables in it take the focus
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self._task: Task | None = None
        ctx.bridge.opened.connect(self.reload)
        ctx.bridge.locked.connect(self.clear)
        ctx.bridge.dossiers_changed.connect(lambda _ids: self.reload())
        ctx.settings.changed.connect(self._setting_changed)
        self._update_titles()

    def _setting_changed(self, name: str) -> None:
        if name == EXPIRY_WARNING_WEEKS.name:
            self._update_titles()
            self.reload()

    def _update_titles(self) -> None:
        tr = self.ctx.tr
        weeks = self.ctx.settings.get(EXPIRY_WARNING_WEEKS)
        self.sections[3].set_title(
            tr.format("Papers running out within {weeks} weeks", {"weeks": weeks})
        )
        locale = tr.language if tr.language in ("de", "en", "ar") else "de"
        self.date_label.setText(format_date(self.ctx.today(), "full", locale=locale))

    def reload(self) -> None:
        vault = self.ctx.vault
        if vault is None:
            return
        if self._task is not None:
            self._task.cancel()
        today, weeks = self.ctx.today(), self.ctx.settings.get(EXPIRY_WARNING_WEEKS)
        self._task = self.ctx.runner.submit(
            lambda: (vault.agenda(today=today, weeks=weeks), vault.records.has_dossiers()),
            self._loaded,
            busy_text=self.ctx.tr.gettext("Loading the agenda…"),
        )

    def _loaded(self, result: tuple[Agenda, bool]) -> None:
        agenda, has_dossiers = result
        self._task = None
        self.first_steps.setVisible(not has_dossiers)
        self._update_titles()
        self.today_model.set_items(agenda.appointments_today, agenda.today)
        self.week_model.set_items(agenda.appointments_week, agenda.today)
        self.overdue_model.set_items(agenda.overdue_steps, agenda.today)
        self.expiring_model.set_items(agenda.expiring, agenda.today)

    def clear(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None
        for model in self.models:
            model.clear()
        self.first_steps.hide()

    def focus_first(self) -> None:
        for section in self.sections:
            if section.model.rowCount():
                section.table.setFocus()
                section.table.setCurrentIndex(section.model.index(0, 0))
                return

    def _open_index(self, index: QModelIndex) -> None:
        self._open_id(index.data(ID_ROLE))

    def _open_id(self, dossier_id: object) -> None:
        if isinstance(dossier_id, str):
            self.open_requested.emit(dossier_id)
