"""Item models of the Information section: languages, topics, search results.

Each row carries its own text direction, so a list shows Arabic names right-aligned even
when the counsellor's UI is German.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from willkommensordner.content import SearchHit, TopicInfo, direction, own_name
from willkommensordner.content.languages import name_in

CODE_ROLE = Qt.ItemDataRole.UserRole + 1
DIRECTION_ROLE = Qt.ItemDataRole.UserRole + 2  # Qt.LayoutDirection of the row's text

Index = QModelIndex | QPersistentModelIndex


def layout_direction(lang: str) -> Qt.LayoutDirection:
    return (
        Qt.LayoutDirection.RightToLeft
        if direction(lang) == "rtl"
        else Qt.LayoutDirection.LeftToRight
    )


def alignment(lang: str) -> Qt.AlignmentFlag:
    # AlignAbsolute: "right" must stay right also inside a view mirrored for an RTL UI.
    side = Qt.AlignmentFlag.AlignRight if direction(lang) == "rtl" else Qt.AlignmentFlag.AlignLeft
    return side | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter


class _RowModel(QAbstractListModel):
    """A read-only list whose rows are replaced as a whole."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        # QAbstractListModel hides columnCount from Python callers without an argument.
        return 0 if parent.isValid() else 1

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def _replace(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def _row(self, index: Index) -> Any | None:
        if not index.isValid() or index.parent().isValid() or index.column() != 0:
            return None
        if not 0 <= index.row() < len(self._rows):
            return None
        return self._rows[index.row()]


@dataclass(frozen=True)
class LanguageRow:
    code: str
    own_name: str  # in its own script: what a newcomer recognises
    ui_name: str  # in the counsellor's UI language, for the tooltip


class LanguageModel(_RowModel):
    """The content languages, each named in its own script (العربية, فارسی, ትግርኛ …)."""

    def __init__(self, codes: Sequence[str], ui_language: str, parent: Any = None) -> None:
        super().__init__(parent)
        self._ui_language = ui_language
        self._replace([LanguageRow(c, own_name(c), name_in(c, ui_language)) for c in codes])

    def add(self, code: str) -> int:
        """Offer a language no pack has yet (e.g. from a dossier); its pages fall back."""
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(LanguageRow(code, own_name(code), name_in(code, self._ui_language)))
        self.endInsertRows()
        return row

    def code_at(self, row: int) -> str:
        return str(self._rows[row].code)

    def row_of(self, code: str) -> int:
        for row, entry in enumerate(self._rows):
            if entry.code == code:
                return row
        return -1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        entry = self._row(index)
        if entry is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return entry.own_name
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{entry.ui_name} ({entry.code})"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(alignment(entry.code).value)
        if role == CODE_ROLE:
            return entry.code
        if role == DIRECTION_ROLE:
            return layout_direction(entry.code)
        return None


class TopicModel(_RowModel):
    """Topic titles in the reader's language (or along its fallback chain)."""

    def set_topics(self, topics: Sequence[TopicInfo]) -> None:
        self._replace(topics)

    def topic_at(self, row: int) -> TopicInfo:
        topic: TopicInfo = self._rows[row]
        return topic

    def row_of(self, topic_id: str) -> int:
        for row, topic in enumerate(self._rows):
            if topic.id == topic_id:
                return row
        return -1

    def topic_ids(self) -> list[str]:
        return [t.id for t in self._rows]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        topic = self._row(index)
        if topic is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return topic.title
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(alignment(topic.lang).value)
        if role == CODE_ROLE:
            return topic.id
        if role == DIRECTION_ROLE:
            return layout_direction(topic.lang)
        return None


class SearchResultModel(_RowModel):
    """Pages that contain every search word: title, and the passage that matched."""

    def set_hits(self, hits: Sequence[SearchHit]) -> None:
        self._replace(hits)

    def hit_at(self, row: int) -> SearchHit:
        hit: SearchHit = self._rows[row]
        return hit

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        hit = self._row(index)
        if hit is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{hit.title}\n{hit.snippet}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return hit.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return hit.snippet
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(alignment(hit.lang).value)
        if role == CODE_ROLE:
            return hit.topic_id
        if role == DIRECTION_ROLE:
            return layout_direction(hit.lang)
        return None
