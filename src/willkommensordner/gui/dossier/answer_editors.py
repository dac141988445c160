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
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from willkommensordner.domain.language import CefrLevel
from willkommensordner.gui.dossier.forms import DateField
from willkommensordner.gui.dossier.language_table import LanguageTable
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

    def restore_state(self, state: Any) -> None:
        """Put back what `state()` gave (JSON turns its tuples into lists)."""
        raise NotImplementedError

    def draft_state(self) -> Any:
        return self.state()

    def restore_draft_state(self, state: Any) -> None:
        self.restore_state(state)

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

    def restore_state(self, state: Any) -> None:
        if isinstance(state, str):
            self.edit.setPlainText(state)

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

    def restore_state(self, state: Any) -> None:
        if isinstance(state, str):
            self.edit.setText(state)


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

    def restore_state(self, state: Any) -> None:
        if isinstance(state, int) and 0 <= state < self.combo.count():
            self.combo.setCurrentIndex(state)


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

    def restore_state(self, state: Any) -> None:
        if isinstance(state, list | tuple) and len(state) == len(self.boxes):
            for checked, (_v, box) in zip(state, self.boxes, strict=True):
                box.setChecked(bool(checked))


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

    def restore_state(self, state: Any) -> None:
        if isinstance(state, str):
            self.field.line.setText(state)


class LanguageLevelsAnswer(AnswerEditor):
    """Rows of language and CEFR level; rows are added and removed with buttons."""

    def __init__(self, tr: Translator, question: QuestionText) -> None:
        super().__init__(tr, question)
        self.languages = LanguageTable(tr, with_reads=False, not_given=NOT_ANSWERED, parent=self)
        self.languages.edited.connect(self.edited.emit)
        self.table = self.languages.table
        self.table.setMinimumHeight(110)
        self.table.setMaximumHeight(150)
        self.table.setAccessibleName(question.label)
        self.add_button = self.languages.add_button
        self.remove_button = self.languages.remove_button
        self.layout_.addWidget(self.languages)
        self.setFocusProxy(self.table)

    def add_row(self, code: str = "", level: str | None = None) -> None:
        known = {m.value: m for m in CefrLevel}
        self.languages.add_row(code, known.get(level or ""))

    def rows(self) -> list[tuple[str, CefrLevel | None]]:
        return [(r.code, r.level) for r in self.languages.rows()]

    def value(self) -> Any:
        # A row with neither language nor level is an unused row, not a wrong answer.
        entries = [
            {"language": code, "level": level.value if level else ""}
            for code, level in self.rows()
            if code or level
        ]
        return entries or None

    def set_value(self, value: Any) -> None:
        self.languages.clear()
        for entry in value if isinstance(value, list) else []:
            if isinstance(entry, dict):
                self.add_row(str(entry.get("language", "")), entry.get("level"))

    def state(self) -> Any:
        return tuple(self.rows())

    def draft_state(self) -> Any:
        return self.languages.draft_state()

    def restore_draft_state(self, state: Any) -> None:
        self.languages.restore_draft_state(state)

    def restore_state(self, state: Any) -> None:
        self.languages.restore_draft_state(state)


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
