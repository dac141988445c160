"""One editor per question type of the potential analysis; the form picks them by type only.

The questionnaire is data (a municipality may add questions), so nothing here knows a
question id. Every editor hands back the answer as the questionnaire checks it (`value()`,
None for "not answered") and takes a stored answer (`set_value`); `state()` is what
"unsaved changes?" compares, without checking anything.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from willkommensordner.domain.language import CefrLevel
from willkommensordner.gui.dossier.forms import DateField
from willkommensordner.gui.dossier.person_tab import cefr_label
from willkommensordner.gui.language_combo import LanguageCombo
from willkommensordner.guidance.questionnaire import QuestionText, QuestionType
from willkommensordner.i18n import Translator

NOT_ANSWERED = "—"


class AnswerEditor(QWidget):
    """`edited` on every change; `value()` may raise InvalidInput (a date that is no date)."""

    edited = Signal()

    def __init__(self, tr: Translator, question: QuestionText) -> None:
        super().__init__()
        self.tr = tr
        self.question = question
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def state(self) -> Any:
        raise NotImplementedError

    def clear(self) -> None:
        self.set_value(None)


class TextAnswer(AnswerEditor):
    def __init__(self, tr: Translator, question: QuestionText) -> None:
        super().__init__(tr, question)
        self.edit = QPlainTextEdit(self)
        self.edit.setTabChangesFocus(True)
        self.edit.setMaximumHeight(64)
        self.edit.textChanged.connect(self.edited.emit)
        self.layout_.addWidget(self.edit)
        self.setFocusProxy(self.edit)

    def value(self) -> Any:
        return self.edit.toPlainText().strip() or None

    def set_value(self, value: Any) -> None:
        self.edit.setPlainText(str(value) if value else "")

    def state(self) -> Any:
        return self.edit.toPlainText()

    def clear(self) -> None:
        # A fresh document: the undo stack would give the old text back with Ctrl+Z.
        self.edit.clear()
        self.edit.document().clearUndoRedoStacks()


class IntegerAnswer(AnswerEditor):
    """A line rather than a spin box: it can stay empty, and a typo gets a message."""

    def __init__(self, tr: Translator, question: QuestionText) -> None:
        super().__init__(tr, question)
        self.edit = QLineEdit(self)
        self.edit.setMaximumWidth(120)
        q = question.question
        if q.minimum is not None and q.maximum is not None:
            self.edit.setPlaceholderText(f"{q.minimum}–{q.maximum}")
        self.edit.textChanged.connect(lambda _t: self.edited.emit())
        self.layout_.addWidget(self.edit)
        self.setFocusProxy(self.edit)

    def value(self) -> Any:
        text = self.edit.text().strip()
        if not text:
            return None
        try:
            return int(text)
        except ValueError:
            return text  # the questionnaire says what is wrong with it

    def set_value(self, value: Any) -> None:
        self.edit.setText("" if value is None else str(value))

    def state(self) -> Any:
        return self.edit.text()


class ChoiceAnswer(AnswerEditor):
    """One of the offered answers, or none yet. Yes/no questions are a choice of two."""

    def __init__(self, tr: Translator, question: QuestionText) -> None:
        super().__init__(tr, question)
        if question.question.type is QuestionType.BOOLEAN:
            choices: list[tuple[Any, str]] = [(True, tr.gettext("yes")), (False, tr.gettext("no"))]
        else:
            choices = list(question.options)
        # Values kept on our side, not as item data (see gui/pyside_workarounds.py).
        self.values: list[Any] = [None, *(v for v, _label in choices)]
        self.combo = QComboBox(self)
        self.combo.addItem(NOT_ANSWERED)
        for _value, label in choices:
            self.combo.addItem(label)
        self.combo.currentIndexChanged.connect(lambda _i: self.edited.emit())
        row = QHBoxLayout()
        row.addWidget(self.combo)
        row.addStretch(1)
        self.layout_.addLayout(row)
        self.setFocusProxy(self.combo)

    def value(self) -> Any:
        return self.values[max(0, self.combo.currentIndex())]

    def set_value(self, value: Any) -> None:
        # `in` would take 1 for True: compare by identity of type as well.
        for index, known in enumerate(self.values):
            if known == value and type(known) is type(value):
                self.combo.setCurrentIndex(index)
                return
        self.combo.setCurrentIndex(0)

    def state(self) -> Any:
        return self.combo.currentIndex()


class MultiChoiceAnswer(AnswerEditor):
    COLUMNS = 2

    def __init__(self, tr: Translator, question: QuestionText) -> None:
        super().__init__(tr, question)
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        self.boxes: list[tuple[str, QCheckBox]] = []
        for n, (value, label) in enumerate(question.options):
            box = QCheckBox(label, self)
            box.toggled.connect(lambda _c: self.edited.emit())
            grid.addWidget(box, n // self.COLUMNS, n % self.COLUMNS)
            self.boxes.append((value, box))
        self.layout_.addLayout(grid)
        if self.boxes:
            self.setFocusProxy(self.boxes[0][1])

    def value(self) -> Any:
        return [value for value, box in self.boxes if box.isChecked()] or None

    def set_value(self, value: Any) -> None:
        chosen = set(value) if isinstance(value, list) else set()
        for option, box in self.boxes:
            box.setChecked(option in chosen)

    def state(self) -> Any:
        return tuple(box.isChecked() for _v, box in self.boxes)


class DateAnswer(AnswerEditor):
    def __init__(self, tr: Translator, question: QuestionText) -> None:
        super().__init__(tr, question)
        self.field = DateField(tr, parent=self)
        self.field.setMaximumWidth(160)
        self.field.edited.connect(self.edited.emit)
        self.layout_.addWidget(self.field)
        self.setFocusProxy(self.field)

    def value(self) -> Any:
        found = self.field.value()  # InvalidInput with the message for this field
        return found.isoformat() if found else None

    def set_value(self, value: Any) -> None:
        try:
            self.field.set_value(date.fromisoformat(value) if value else None)
        except (TypeError, ValueError):
            self.field.set_value(None)

    def state(self) -> Any:
        return self.field.text()


# Levels by combo index, "—" (not given) first; not as item data (pyside_workarounds.py).
_LEVELS: list[CefrLevel | None] = [None, *CefrLevel]


class LanguageLevelsAnswer(AnswerEditor):
    """Rows of language and CEFR level; rows are added and removed with buttons."""

    def __init__(self, tr: Translator, question: QuestionText) -> None:
        super().__init__(tr, question)
        self.table = QTableWidget(0, 2, self)
        self.table.setHorizontalHeaderLabels([tr.gettext("Language"), tr.gettext("Level (CEFR)")])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().hide()
        self.table.setMinimumHeight(110)
        self.table.setMaximumHeight(150)
        self.table.setAccessibleName(question.label)
        self.add_button = QPushButton(tr.gettext("Add language"), self)
        self.add_button.clicked.connect(lambda: (self.add_row(), self.edited.emit()))
        self.remove_button = QPushButton(tr.gettext("Remove language"), self)
        self.remove_button.clicked.connect(self.remove_row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        self.layout_.addWidget(self.table)
        self.layout_.addLayout(buttons)
        self.setFocusProxy(self.table)

    def add_row(self, code: str = "", level: str | None = None) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        edit = LanguageCombo(self.tr, code)
        edit.setAccessibleName(self.tr.gettext("Language"))
        edit.edited.connect(self.edited.emit)
        combo = QComboBox()
        combo.addItem(NOT_ANSWERED)
        for member in CefrLevel:
            combo.addItem(cefr_label(member, self.tr))
        known = [m.value if m else None for m in _LEVELS]
        combo.setCurrentIndex(known.index(level) if level in known else 0)
        combo.setAccessibleName(self.tr.gettext("Level (CEFR)"))
        combo.currentIndexChanged.connect(lambda _i: self.edited.emit())
        self.table.setCellWidget(row, 0, edit)
        self.table.setCellWidget(row, 1, combo)

    def remove_row(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            row = self.table.rowCount() - 1
        if row >= 0:
            self.table.removeRow(row)
            self.edited.emit()

    def rows(self) -> list[tuple[str, CefrLevel | None]]:
        found = []
        for row in range(self.table.rowCount()):
            code = self.table.cellWidget(row, 0).code()  # type: ignore[union-attr]
            level = _LEVELS[max(0, self.table.cellWidget(row, 1).currentIndex())]  # type: ignore[union-attr]
            found.append((code, level))
        return found

    def value(self) -> Any:
        # A row with neither language nor level is an unused row, not a wrong answer.
        entries = [
            {"language": code, "level": level.value if level else ""}
            for code, level in self.rows()
            if code or level
        ]
        return entries or None

    def set_value(self, value: Any) -> None:
        self.table.setRowCount(0)
        for entry in value if isinstance(value, list) else []:
            if isinstance(entry, dict):
                self.add_row(str(entry.get("language", "")), entry.get("level"))

    def state(self) -> Any:
        return tuple(self.rows())


EDITORS: dict[QuestionType, type[AnswerEditor]] = {
    QuestionType.TEXT: TextAnswer,
    QuestionType.INTEGER: IntegerAnswer,
    QuestionType.BOOLEAN: ChoiceAnswer,
    QuestionType.CHOICE: ChoiceAnswer,
    QuestionType.MULTI_CHOICE: MultiChoiceAnswer,
    QuestionType.DATE: DateAnswer,
    QuestionType.LANGUAGE_LEVELS: LanguageLevelsAnswer,
}


def editor_for(tr: Translator, question: QuestionText) -> AnswerEditor:
    return EDITORS[question.question.type](tr, question)
