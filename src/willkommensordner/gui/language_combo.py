"""A language chosen by its name (with the name in its own script), stored as its code."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QWidget

from willkommensordner.gui.languages import NEWCOMER_LANGUAGES, language_name, native_name
from willkommensordner.i18n import Translator


def language_label(code: str, tr: Translator) -> str:
    """ "Arabisch – العربية": the UI's name for the counsellor, the own name for the newcomer."""
    own = native_name(code)
    name = language_name(code, tr)
    return f"{name} – {own}" if own and own != name else name


class LanguageCombo(QComboBox):
    """The common newcomer languages by name; any other code can still be typed."""

    edited = Signal()

    def __init__(self, tr: Translator, code: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tr = tr
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.addItem("", "")
        for known in NEWCOMER_LANGUAGES:
            self.addItem(language_label(known, tr), known)
        self.lineEdit().setPlaceholderText(tr.gettext("e.g. Arabic, or a code like ar"))
        self.set_code(code)
        self.currentIndexChanged.connect(lambda _i: self.edited.emit())
        self.lineEdit().textEdited.connect(lambda _t: self.edited.emit())

    def set_code(self, code: str) -> None:
        index = self.findData(code)
        if index < 0:
            # A code outside the list (e.g. from a partner's file) stays as it was.
            self.addItem(language_label(code, self.tr), code)
            index = self.count() - 1
        self.setCurrentIndex(index)

    def code(self) -> str:
        """The chosen language's code; typed text that names no listed language counts as a
        code, so the record's own validation can say what is wrong with it."""
        text = self.currentText().strip()
        index = self.findText(text)
        if index >= 0:
            return str(self.itemData(index))
        return text
