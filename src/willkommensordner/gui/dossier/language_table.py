"""Rows of language and CEFR level, and, where asked for, whether the person reads and writes
it: the person's languages and the potential analysis's language question share this table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from willkommensordner.domain.language import CefrLevel
from willkommensordner.gui.language_combo import LanguageCombo
from willkommensordner.i18n import N_, Translator

CEFR_LABELS = {
    CefrLevel.NONE: N_("none"),
    CefrLevel.NATIVE: N_("native language"),
}

# Levels by combo index, "not given" first; not as item data (see gui/pyside_workarounds.py).
LEVELS: list[CefrLevel | None] = [None, *CefrLevel]


def cefr_label(level: CefrLevel, tr: Translator) -> str:
    label = CEFR_LABELS.get(level)
    return tr.gettext(label) if label else level.value


@dataclass(frozen=True)
class LanguageRow:
    code: str
    level: CefrLevel | None
    reads_writes: bool


class LanguageTable(QWidget):
    edited = Signal()

    def __init__(
        self,
        tr: Translator,
        *,
        with_reads: bool,
        not_given: str = "—",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.tr = tr
        self.with_reads = with_reads
        self.not_given = not_given
        headers = [tr.gettext("Language"), tr.gettext("Level (CEFR)")]
        if with_reads:
            headers.append(tr.gettext("Reads/writes"))
        self.table = QTableWidget(0, len(headers), self)
        self.table.setHorizontalHeaderLabels(headers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(headers)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().hide()
        self.add_button = QPushButton(tr.gettext("Add language"))
        self.add_button.clicked.connect(lambda: (self.add_row(), self.edited.emit()))
        self.remove_button = QPushButton(tr.gettext("Remove language"))
        self.remove_button.clicked.connect(self.remove_row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.setFocusProxy(self.table)

    def add_row(self, code: str = "", level: CefrLevel | None = None, reads: bool = False) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        language = LanguageCombo(self.tr, code)
        language.setAccessibleName(self.tr.gettext("Language"))
        language.edited.connect(self.edited.emit)
        levels = QComboBox()
        levels.addItem(self.not_given)
        for member in CefrLevel:
            levels.addItem(cefr_label(member, self.tr))
        levels.setCurrentIndex(LEVELS.index(level) if level in LEVELS else 0)
        levels.setAccessibleName(self.tr.gettext("Level (CEFR)"))
        levels.currentIndexChanged.connect(lambda _i: self.edited.emit())
        self.table.setCellWidget(row, 0, language)
        self.table.setCellWidget(row, 1, levels)
        if self.with_reads:
            check = QCheckBox()
            check.setChecked(reads)
            check.setAccessibleName(self.tr.gettext("Reads/writes"))
            check.toggled.connect(lambda _c: self.edited.emit())
            self.table.setCellWidget(row, 2, check)

    def remove_row(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            row = self.table.rowCount() - 1
        if row >= 0:
            self.table.removeRow(row)
            self.edited.emit()

    def rows(self) -> list[LanguageRow]:
        found = []
        for row in range(self.table.rowCount()):
            language = self.table.cellWidget(row, 0)
            levels = self.table.cellWidget(row, 1)
            assert isinstance(language, LanguageCombo) and isinstance(levels, QComboBox)
            reads = self.table.cellWidget(row, 2) if self.with_reads else None
            found.append(
                LanguageRow(
                    language.code(),
                    LEVELS[max(0, levels.currentIndex())],
                    isinstance(reads, QCheckBox) and reads.isChecked(),
                )
            )
        return found

    def clear(self) -> None:
        self.table.setRowCount(0)

    def draft_state(self) -> list[list[Any]]:
        return [[r.code, r.level.value if r.level else None, r.reads_writes] for r in self.rows()]

    def restore_draft_state(self, state: Any) -> None:
        if not isinstance(state, list):
            return
        self.clear()
        known = {m.value: m for m in CefrLevel}
        for row in state:
            if isinstance(row, list) and len(row) == 3 and isinstance(row[0], str):
                self.add_row(row[0], known.get(str(row[1])), bool(row[2]))
