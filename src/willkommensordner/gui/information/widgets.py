"""The language switcher of the Information section and of newcomer mode."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QWidget

from willkommensordner.gui.information.document import base_font
from willkommensordner.gui.information.models import CODE_ROLE, LanguageModel


class LanguageSwitcher(QComboBox):
    """The reader's language, each name in its own script: العربية, فارسی, ትግርኛ …"""

    language_changed = Signal(str)

    def __init__(
        self,
        codes: Sequence[str],
        ui_language: str,
        point_size: float,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.languages = LanguageModel(codes, ui_language, self)
        self.setModel(self.languages)
        self.setFont(base_font(point_size))
        self.setMaxVisibleItems(len(codes))
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.currentIndexChanged.connect(self._changed)

    @property
    def language(self) -> str:
        code = self.currentData(CODE_ROLE)
        return str(code) if code else "de"

    def set_language(self, code: str) -> None:
        """Select `code`, adding it if no pack offers it; emits language_changed on a change."""
        row = self.languages.row_of(code)
        if row < 0:
            row = self.languages.add(code)
        self.setCurrentIndex(row)

    def _changed(self, row: int) -> None:
        if row >= 0:
            self.language_changed.emit(self.languages.code_at(row))
