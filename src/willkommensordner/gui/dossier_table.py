"""The item model behind the dossier list: one row per `DossierSummary`, plus its filter proxy.

Sorting happens in the source model with Python's sort on precomputed keys (fast for 10,000
rows); the proxy only filters, in source order. Searching goes through the core's search index:
its ids reach the proxy as a filter and the model as a ranking, so the best match is on top
until the counsellor sorts by a column.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QFontMetrics, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from willkommensordner.domain.legal_status import TargetGroup
from willkommensordner.gui.widgets import AMBER, BLUE, MUTED, RED
from willkommensordner.i18n import Translator
from willkommensordner.vault.search import fold
from willkommensordner.vault.summaries import DossierSummary

ID_ROLE = Qt.ItemDataRole.UserRole + 1
BADGES_ROLE = Qt.ItemDataRole.UserRole + 2
Index = QModelIndex | QPersistentModelIndex
KEEP: Any = object()  # "leave this filter as it is"


class Column(IntEnum):
    NAME = 0
    NATIVE = 1
    BORN = 2
    STATUS = 3
    COUNSELLOR = 4
    BADGES = 5


class Badge(IntEnum):
    APPOINTMENT_TODAY = 0
    OVERDUE_STEP = 1
    PAPER_EXPIRES = 2
    CLOSED = 3


BADGE_COLORS = {
    Badge.APPOINTMENT_TODAY: BLUE,
    Badge.OVERDUE_STEP: RED,
    Badge.PAPER_EXPIRES: AMBER,
    Badge.CLOSED: MUTED,
}


def badge_labels(tr: Translator) -> dict[Badge, str]:
    return {
        Badge.APPOINTMENT_TODAY: tr.gettext("Appointment today"),
        Badge.OVERDUE_STEP: tr.gettext("Step overdue"),
        Badge.PAPER_EXPIRES: tr.gettext("Paper expires soon"),
        Badge.CLOSED: tr.gettext("Closed"),
    }


def badges_of(s: DossierSummary) -> tuple[Badge, ...]:
    found = []
    if s.appointment_today:
        found.append(Badge.APPOINTMENT_TODAY)
    if s.overdue_step:
        found.append(Badge.OVERDUE_STEP)
    if s.paper_expires_soon:
        found.append(Badge.PAPER_EXPIRES)
    if s.closed:
        found.append(Badge.CLOSED)
    return tuple(found)


def display_name(s: DossierSummary) -> str:
    return ", ".join(p for p in (s.family_name, s.given_names) if p) or s.native_name


def german_birth_date(stored: str | None) -> str:
    """ "1990-00-00" → "00.00.1990", as the papers write partly unknown dates."""
    if not stored or len(stored) != 10:
        return ""
    year, month, day = stored.split("-")
    return f"{day}.{month}.{year}"


class DossierTableModel(QAbstractTableModel):
    """Read-only rows of summaries; `clear()` forgets every one (used on lock)."""

    def __init__(self, tr: Translator, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tr = tr
        self.summaries: list[DossierSummary] = []
        self._badges: list[tuple[Badge, ...]] = []
        self._row_of: dict[str, int] = {}
        self._labels = badge_labels(tr)
        self._headers = (
            tr.gettext("Name"),
            tr.gettext("Name in own script"),
            tr.gettext("Born"),
            tr.gettext("Residence status"),
            tr.gettext("Counsellor"),
            tr.gettext("Notices"),
        )
        self._status_labels: dict[Any, str] = {}
        self._sort: tuple[int, Qt.SortOrder] = (Column.NAME, Qt.SortOrder.AscendingOrder)
        self._rank: Mapping[str, int] | None = None  # dossier id -> place in the search result

    # --- content ----------------------------------------------------------------------------

    def set_summaries(self, summaries: Sequence[DossierSummary]) -> None:
        self.beginResetModel()
        self.summaries = list(summaries)
        self._sort_rows()
        self.endResetModel()

    def clear(self) -> None:
        self.set_summaries([])

    def summary(self, row: int) -> DossierSummary:
        return self.summaries[row]

    def row_of(self, dossier_id: str) -> int | None:
        return self._row_of.get(dossier_id)

    def _reindex(self) -> None:
        self._row_of = {s.id: n for n, s in enumerate(self.summaries)}
        self._badges = [badges_of(s) for s in self.summaries]

    # --- Qt model API -----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.summaries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(Column)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._headers)
        if horizontal and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.summaries):
            return None
        s = self.summaries[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(s, index.row(), column)
        if role == ID_ROLE:
            return s.id
        if role == BADGES_ROLE:
            return [int(b) for b in self._badges[index.row()]]
        if role == Qt.ItemDataRole.ToolTipRole and column == Column.STATUS:
            return self._tr.gettext(s.target_group.label)
        if role == Qt.ItemDataRole.ForegroundRole and s.closed:
            return QColor(MUTED)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column; this ends the search ranking until the next search."""
        if not 0 <= column < len(Column):
            return
        self._relayout(lambda: setattr(self, "_sort", (column, order)), rank=None)

    def set_rank(self, rank: Mapping[str, int] | None) -> None:
        """Rows in the order of a search result (best first); None: by the sorted column."""
        self._relayout(lambda: None, rank=rank)

    @property
    def ranked(self) -> bool:
        return self._rank is not None

    @property
    def sorted_by(self) -> tuple[int, Qt.SortOrder]:
        return self._sort

    def _relayout(self, change: Any, *, rank: Mapping[str, int] | None) -> None:
        self.layoutAboutToBeChanged.emit()
        old_ids = [s.id for s in self.summaries]
        persistent = self.persistentIndexList()
        change()
        self._rank = rank
        self._sort_rows()
        self.changePersistentIndexList(
            persistent,
            [self.index(self._row_of[old_ids[p.row()]], p.column()) for p in persistent],
        )
        self.layoutChanged.emit()

    # --- helpers ----------------------------------------------------------------------------

    def _text(self, s: DossierSummary, row: int, column: int) -> str:
        if column == Column.NAME:
            return display_name(s)
        if column == Column.NATIVE:
            return s.native_name
        if column == Column.BORN:
            return german_birth_date(s.birth_date)
        if column == Column.STATUS:
            label = self._status_labels.get(s.legal_status)
            if label is None:
                label = self._status_labels[s.legal_status] = self._tr.gettext(s.legal_status.label)
            return label
        if column == Column.COUNSELLOR:
            return s.counsellor
        if column == Column.BADGES:
            return ", ".join(self._labels[b] for b in self._badges[row])
        return ""

    def _sort_rows(self) -> None:
        column, order = self._sort
        keys = {
            Column.NAME: lambda s: (fold(s.family_name or s.native_name), fold(s.given_names)),
            Column.NATIVE: lambda s: (s.native_name == "", s.native_name),
            Column.BORN: lambda s: s.birth_date or "",
            Column.STATUS: lambda s: self._tr.gettext(s.legal_status.label),
            Column.COUNSELLOR: lambda s: fold(s.counsellor),
            Column.BADGES: lambda s: tuple(-int(b) for b in badges_of(s)) or (1,),
        }
        self.summaries.sort(key=keys[Column(column)], reverse=order == Qt.SortOrder.DescendingOrder)
        if self._rank is not None:
            rank, last = self._rank, len(self._rank)
            self.summaries.sort(key=lambda s: rank.get(s.id, last))
        self._reindex()


class DossierFilterProxy(QSortFilterProxyModel):
    """Filters by search result ids, open/closed, target group and counsellor; sorts nothing.

    `sort()` is passed to the source model, so the view's header clicks sort all rows once in
    Python instead of through per-comparison callbacks.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ids: frozenset[str] | None = None
        self.include_open = True
        self.include_closed = False
        self.target_group: TargetGroup | None = None
        self.counsellor: str | None = None
        self.setDynamicSortFilter(False)

    def source(self) -> DossierTableModel:
        model = self.sourceModel()
        assert isinstance(model, DossierTableModel)
        return model

    def set_filters(
        self,
        *,
        ids: Any = KEEP,
        include_open: bool | None = None,
        include_closed: bool | None = None,
        target_group: Any = KEEP,
        counsellor: Any = KEEP,
    ) -> None:
        """Change any filters at once; the rows are filtered again a single time."""
        self.beginFilterChange()
        if ids is not KEEP:
            self.ids = ids
        if include_open is not None:
            self.include_open = include_open
        if include_closed is not None:
            self.include_closed = include_closed
        if target_group is not KEEP:
            self.target_group = target_group
        if counsellor is not KEEP:
            self.counsellor = counsellor
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        s = self.source().summaries[source_row]
        if s.closed and not self.include_closed:
            return False
        if not s.closed and not self.include_open:
            return False
        if self.ids is not None and s.id not in self.ids:
            return False
        if self.target_group is not None and s.target_group is not self.target_group:
            return False
        return not (self.counsellor is not None and s.counsellor != self.counsellor)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.source().sort(column, order)

    def dossier_id(self, row: int) -> str | None:
        if not 0 <= row < self.rowCount():
            return None
        return str(self.index(row, 0).data(ID_ROLE))


class BadgeDelegate(QStyledItemDelegate):
    """Paints the notices column as small coloured chips; the text stays for screen readers."""

    def __init__(self, tr: Translator, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._labels = badge_labels(tr)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        badges = [Badge(b) for b in index.data(BADGES_ROLE) or []]
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        if not badges:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(opt.font)
        rect = opt.rect.adjusted(4, 3, -4, -3)
        rtl = opt.direction == Qt.LayoutDirection.RightToLeft
        x = rect.right() if rtl else rect.left()
        for badge in badges:
            text = self._labels[badge]
            width = metrics.horizontalAdvance(text) + 14
            left = x - width if rtl else x
            if (rtl and left < rect.left()) or (not rtl and left + width > rect.right()):
                break
            chip = QRect(left, rect.top(), width, rect.height())
            color = QColor(BADGE_COLORS[badge])
            fill = QColor(color)
            fill.setAlpha(28)
            painter.setPen(color)
            painter.setBrush(fill)
            painter.drawRoundedRect(chip, chip.height() / 2, chip.height() / 2)
            painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, text)
            x = left - 6 if rtl else left + width + 6
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        hint = super().sizeHint(option, index)
        metrics = QFontMetrics(option.font)
        width = sum(
            metrics.horizontalAdvance(self._labels[Badge(b)]) + 20
            for b in index.data(BADGES_ROLE) or []
        )
        return QSize(max(hint.width(), width), hint.height() + 6)
