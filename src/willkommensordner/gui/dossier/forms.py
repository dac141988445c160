"""Form building blocks of the dossier view: German dates, enum combos, messages beside fields.

Every editor sits in a row with a message label under it; `Form.show_problems` puts the
translated message of a `FieldProblem` beside the field it belongs to, so the counsellor
sees at once what to fix. Record-level messages (e.g. "at least one name") go to the form's
own message line at the top.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, time
from enum import Enum
from typing import Any, Generic, Protocol, TypeVar, runtime_checkable

from PySide6.QtCore import QDate, QPoint, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QSpinBox,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from willkommensordner.domain.partial_date import PartialDate
from willkommensordner.errors import InvalidInput, UserError
from willkommensordner.gui.language_combo import LanguageCombo
from willkommensordner.i18n import N_, Translator

ERROR_STYLE = "color: #b3261e;"
_FULL_DATE = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})\s*$")
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")
# "14:30", "14.30", "1430", "9:05", "9" — the ways people type a time on an invitation.
_TIME = re.compile(r"^\s*(\d{1,2})(?:[:.]?(\d{2}))?\s*(?:Uhr)?\s*$", re.IGNORECASE)

E = TypeVar("E", bound=Enum)


def german(value: date | PartialDate | None) -> str:
    """TT.MM.JJJJ, the way German papers and counsellors write dates; "" for none."""
    if value is None:
        return ""
    if isinstance(value, PartialDate):
        return value.german()
    return f"{value:%d.%m.%Y}"


def parse_german_date(text: str) -> date | None:
    """A full date from TT.MM.JJJJ (or ISO); empty text is no date."""
    if not text.strip():
        return None
    match = _FULL_DATE.match(text) or _ISO_DATE.match(text)
    if match:
        a, b, c = (int(g) for g in match.groups())
        day, month, year = (a, b, c) if _FULL_DATE.match(text) else (c, b, a)
        if year < 100:
            # "1.3.26", as people type appointments and deadlines: the nearer century.
            year += 2000 if year <= date.today().year % 100 + 20 else 1900
        try:
            return date(year, month, day)
        except ValueError:
            pass
    raise InvalidInput(
        N_("'{text}' is not a date. Please write it as DD.MM.YYYY."), text=text.strip()[:40]
    )


def parse_time(text: str) -> time:
    """A wall-clock time from HH:MM (also 14.30, 1430, 9); raises InvalidInput otherwise."""
    match = _TIME.match(text)
    if match:
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise InvalidInput(
        N_("'{text}' is not a time. Please write it as HH:MM, e.g. 14:30."), text=text.strip()[:20]
    )


class TimeField(QLineEdit):
    """A time typed as text (HH:MM).

    A QTimeEdit edits one section at a time: selecting all and typing "14:30" there ends in
    the minutes and keeps the old hour. Plain text behaves as every other field does.
    """

    def __init__(self, tr: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(tr.gettext("HH:MM"))
        self.setMaxLength(9)

    def set_value(self, value: time) -> None:
        self.setText(f"{value:%H:%M}")

    def value(self) -> time:
        return parse_time(self.text())


class DateField(QWidget):
    """A date typed German style (TT.MM.JJJJ) or picked from a calendar.

    `partial=True` (birth dates) also takes "00.00.1990" or "00.05.1990" for unknown parts;
    the calendar then only helps with complete dates.
    """

    edited = Signal()

    def __init__(self, tr: Translator, *, partial: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.partial = partial
        self.line = QLineEdit(self)
        self.line.setPlaceholderText(tr.gettext("DD.MM.YYYY"))
        self.line.setMaxLength(10)
        self.line.textEdited.connect(lambda _text: self.edited.emit())
        self.button = QToolButton(self)
        self.button.setText("▾")
        self.button.setToolTip(tr.gettext("Pick a date from the calendar"))
        self.button.setAccessibleName(tr.gettext("Pick a date from the calendar"))
        self.button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.button.clicked.connect(self._pick)
        self._calendar: QCalendarWidget | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.line, 1)
        layout.addWidget(self.button)
        self.setFocusProxy(self.line)

    def text(self) -> str:
        return self.line.text().strip()

    def set_value(self, value: date | PartialDate | None) -> None:
        self.line.setText(german(value))

    def set_text(self, text: str) -> None:
        self.line.setText(text)
        self.edited.emit()

    def setAccessibleName(self, name: str) -> None:  # noqa: N802 - Qt naming
        super().setAccessibleName(name)
        self.line.setAccessibleName(name)

    def value(self) -> date | None:
        """The full date; raises InvalidInput with a message for the field."""
        return parse_german_date(self.text())

    def model_value(self) -> Any:
        """What the record model takes: ISO text for dates, the text itself for partial ones."""
        if self.partial:
            return self.text() or None
        found = self.value()
        return found.isoformat() if found else None

    def _pick(self) -> None:
        calendar = QCalendarWidget()
        calendar.setWindowFlags(Qt.WindowType.Popup)
        calendar.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        calendar.setGridVisible(True)
        calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        try:
            current = PartialDate.parse(self.text()) if self.text() else None
        except InvalidInput:
            current = None
        if current is not None:
            start = current.earliest()
            calendar.setSelectedDate(QDate(start.year, start.month, start.day))
        calendar.clicked.connect(lambda picked: self._picked(calendar, picked))
        calendar.activated.connect(lambda picked: self._picked(calendar, picked))
        self._calendar = calendar
        calendar.move(self.mapToGlobal(QPoint(0, self.height())))
        calendar.show()
        calendar.setFocus()

    def _picked(self, calendar: QCalendarWidget, picked: QDate) -> None:
        self.set_text(f"{picked.day():02d}.{picked.month():02d}.{picked.year():04d}")
        calendar.close()
        self._calendar = None
        self.line.setFocus()


class EnumCombo(QComboBox, Generic[E]):
    """A combo of enum members shown by their translated labels."""

    def __init__(
        self,
        tr: Translator,
        members: Iterable[E],
        parent: QWidget | None = None,
        label: Any = None,
    ) -> None:
        super().__init__(parent)
        # Kept on our side, not as item data: Qt hands StrEnum data back as plain str, and
        # reading item data has a refcount bug (see gui/pyside_workarounds.py).
        self.members = list(members)
        for member in self.members:
            text = label(member) if label else tr.gettext(member.label)  # type: ignore[attr-defined]
            self.addItem(text)

    def value(self) -> E:
        return self.members[max(0, self.currentIndex())]

    def set_value(self, member: E) -> None:
        self.setCurrentIndex(self.members.index(member) if member in self.members else 0)


@runtime_checkable
class DraftableEditor(Protocol):
    """An editor of its own kind (a language table, an answer) that can keep a draft."""

    def draft_state(self) -> Any: ...

    def restore_draft_state(self, state: Any) -> None: ...


def editor_state(editor: QWidget) -> Any:
    """What the editor shows, as JSON, for a draft; None for an editor a draft cannot keep."""
    if isinstance(editor, DraftableEditor):
        return editor.draft_state()
    if isinstance(editor, DateField):
        return editor.line.text()
    if isinstance(editor, QLineEdit):
        return editor.text()
    if isinstance(editor, QPlainTextEdit | QTextEdit):
        return editor.toPlainText()
    if isinstance(editor, QCheckBox):
        return editor.isChecked()
    if isinstance(editor, LanguageCombo):
        return {"language": editor.code()}  # the code, not the name in this UI language
    if isinstance(editor, QComboBox):
        return [editor.currentIndex(), editor.currentText() if editor.isEditable() else ""]
    if isinstance(editor, QSpinBox):
        return editor.value()
    if isinstance(editor, QDateTimeEdit):
        return editor.time().toString("HH:mm")
    return None


def restore_editor_state(editor: QWidget, state: Any) -> None:
    """Put a drafted value back; a value of the wrong shape is left out, not guessed at."""
    if state is None:
        return
    if isinstance(editor, DraftableEditor):
        editor.restore_draft_state(state)
    elif isinstance(editor, DateField) and isinstance(state, str):
        editor.line.setText(state)
    elif isinstance(editor, QLineEdit) and isinstance(state, str):
        editor.setText(state)
    elif isinstance(editor, QPlainTextEdit | QTextEdit) and isinstance(state, str):
        editor.setPlainText(state)
    elif isinstance(editor, QCheckBox) and isinstance(state, bool):
        editor.setChecked(state)
    elif isinstance(editor, LanguageCombo) and isinstance(state, dict):
        editor.set_code(str(state.get("language", "")))
    elif isinstance(editor, QComboBox) and isinstance(state, list) and len(state) == 2:
        index, text = state
        if isinstance(index, int) and 0 <= index < editor.count():
            editor.setCurrentIndex(index)
        if editor.isEditable() and isinstance(text, str):
            editor.setEditText(text)
    elif isinstance(editor, QSpinBox) and isinstance(state, int):
        editor.setValue(state)
    elif isinstance(editor, QDateTimeEdit) and isinstance(state, str):
        found = QTime.fromString(state, "HH:mm")
        if found.isValid():
            editor.setTime(found)


class Form(QWidget):
    """A QFormLayout whose rows carry a message label for the field's problem."""

    def __init__(self, tr: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tr = tr
        self.layout_ = QFormLayout(self)
        self.layout_.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.layout_.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.editors: dict[str, QWidget] = {}
        self.messages: dict[str, QLabel] = {}

    def add(self, field: str, label: str, editor: QWidget) -> QWidget:
        """A row "label: editor" with a hidden message line under the editor."""
        box = QWidget(self)
        # The row is as tall as its editor: extra height goes below the form, not between
        # a label and its field.
        box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        column.addWidget(editor)
        message = QLabel(box)
        message.setObjectName(f"problem_{field}")
        message.setStyleSheet(ERROR_STYLE)
        message.setWordWrap(True)
        message.setTextFormat(Qt.TextFormat.PlainText)
        message.hide()
        column.addWidget(message)
        if isinstance(editor, QComboBox):
            # As wide as a few words, not as the longest entry (a contact point's full name):
            # the form stays narrow enough for a small screen, the list shows every entry.
            editor.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            editor.setMinimumContentsLength(min(editor.minimumContentsLength() or 16, 16))
        title = QLabel(label, self)
        title.setBuddy(editor)
        editor.setAccessibleName(label.replace("&", ""))
        self.layout_.addRow(title, box)
        self.editors[field] = editor
        self.messages[field] = message
        return editor

    def draft_state(self) -> dict[str, Any]:
        """Every field's current value, for a draft of unsaved changes."""
        found = {field: editor_state(editor) for field, editor in self.editors.items()}
        return {field: value for field, value in found.items() if value is not None}

    def restore_draft_state(self, state: Mapping[str, Any]) -> None:
        for field, value in state.items():
            editor = self.editors.get(field)
            if editor is not None:
                restore_editor_state(editor, value)

    def show_problems(self, problems: Mapping[str, UserError]) -> list[str]:
        """Show each message beside its field; returns the fields that have no row here."""
        self.clear_problems()
        unplaced: list[str] = []
        for field, problem in problems.items():
            label = self.messages.get(field) or self.messages.get(field.split(".")[0])
            if label is None:
                unplaced.append(field)
                continue
            label.setText(problem.message(self.tr))
            label.show()
        return unplaced

    def clear_problems(self) -> None:
        for label in self.messages.values():
            label.clear()
            label.hide()

    def problem_text(self, field: str) -> str:
        label = self.messages.get(field)
        return label.text() if label is not None and not label.isHidden() else ""

    def first_problem_editor(self) -> QWidget | None:
        for field, label in self.messages.items():
            if not label.isHidden():
                return self.editors[field]
        return None


def split_list(text: str, separators: str = ",;") -> list[str]:
    parts = re.split("[" + re.escape(separators) + "]", text)
    return [p.strip() for p in parts if p.strip()]
