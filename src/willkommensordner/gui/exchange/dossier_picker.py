"""A checkable, filterable list of dossiers for choosing which ones to export."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QLineEdit, QListView, QVBoxLayout, QWidget

from willkommensordner.i18n import Translator
from willkommensordner.vault.search import fold
from willkommensordner.vault.summaries import DossierSummary

_Index = QModelIndex | QPersistentModelIndex


def summary_name(s: DossierSummary) -> str:
    name = ", ".join(p for p in (s.family_name, s.given_names) if p)
    return f"{name}   {s.native_name}".strip() if s.native_name else name


class DossierPickModel(QAbstractListModel):
    checked_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, str, str]] = []  # id, shown name, folded name for the filter
        self.checked: set[str] = set()

    def set_summaries(self, summaries: list[DossierSummary]) -> None:
        self.beginResetModel()
        self._rows = []
        for s in summaries:
            name = summary_name(s)
            self._rows.append((s.id, name, fold(name)))
        self.checked &= {r[0] for r in self._rows}
        self.endResetModel()

    def clear(self) -> None:
        self.beginResetModel()
        self._rows = []
        self.checked = set()
        self.endResetModel()

    def folded(self, row: int) -> str:
        return self._rows[row][2]

    def row_of(self, dossier_id: str) -> int | None:
        return next((n for n, r in enumerate(self._rows) if r[0] == dossier_id), None)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        dossier_id, name, _folded = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return name
        if role == Qt.ItemDataRole.CheckStateRole:
            checked = dossier_id in self.checked
            return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        return super().flags(index) | Qt.ItemFlag.ItemIsUserCheckable

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802 - Qt API
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole:
            return False
        dossier_id = self._rows[index.row()][0]
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self.checked.add(dossier_id)
        else:
            self.checked.discard(dossier_id)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.checked_changed.emit()
        return True

    def set_checked(self, dossier_id: str, checked: bool = True) -> None:
        row = self.row_of(dossier_id)
        if row is not None:
            state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
            self.setData(self.index(row), state.value, Qt.ItemDataRole.CheckStateRole)


class _NameFilter(QSortFilterProxyModel):
    def __init__(self, source: DossierPickModel) -> None:
        super().__init__(source)
        self._source = source
        self._text = ""
        self.setSourceModel(source)

    def set_text(self, text: str) -> None:
        self._text = fold(text.strip())
        self.invalidateFilter()

    def filterAcceptsRow(self, row: int, parent: _Index) -> bool:  # noqa: N802 - Qt API
        return not self._text or self._text in self._source.folded(row)


class DossierPicker(QWidget):
    """A search field over a list with a check box per dossier."""

    def __init__(self, tr: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = DossierPickModel(self)
        self.proxy = _NameFilter(self.model)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(tr.gettext("Filter by name…"))
        self.filter.setAccessibleName(tr.gettext("Filter dossiers by name"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.set_text)
        self.list = QListView()
        self.list.setModel(self.proxy)
        self.list.setAccessibleName(tr.gettext("Dossiers to export"))
        self.list.setUniformItemSizes(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)

    def checked_ids(self) -> list[str]:
        return sorted(self.model.checked)
