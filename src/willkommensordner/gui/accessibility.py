"""App-wide rules for keyboard and screen-reader use, so that no view can forget them.

- Tab leaves every list and table (arrow keys move inside); without this Tab moved from cell to
  cell and everything after a table could not be reached. Text boxes, too, hand Tab on
  (notes are not tab-aligned tables).
- A field with a visible label (its buddy: QFormLayout rows, `QLabel.setBuddy`) is named by
  that label, so screen readers read "Gender", not the combo box's current value.
- A dialog's OK/Cancel row comes last on the Tab way, after the fields, even where the
  fields were added after the buttons were made.
- A field whose placeholder shows a format ("DD.MM.YYYY") keeps that format as its description:
  the placeholder disappears as soon as something is typed.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QBoxLayout,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)


def label_name(text: str) -> str:
    """A label's text as a name: without the mnemonic marker and the closing colon."""
    name = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
    return name.strip().rstrip(":").strip()


def name_from_label(label: QLabel) -> None:
    field = label.buddy()
    name = label_name(label.text())
    if field is None or not name:
        return
    # A row's editor may be a plain box around the real control (its focus proxy): the label
    # belongs to that control, so screen readers find it through "labelled by".
    inner = field
    while inner.focusProxy() is not None and _holds_others(inner):
        inner = inner.focusProxy()
    if inner is not field:
        label.setBuddy(inner)
    for widget in (field, inner):
        if not widget.accessibleName():
            widget.setAccessibleName(name)
    pass_name_on(inner)


def _holds_others(widget: QWidget) -> bool:
    """A plain box of our own (an answer editor, a date field), not a control of Qt's."""
    return not isinstance(widget, _CONTROLS)


_CONTROLS = (
    QAbstractSpinBox,
    QComboBox,
    QAbstractButton,
    QLineEdit,
    QAbstractScrollArea,
    QTabWidget,
)


def pass_name_on(widget: QWidget) -> None:
    """The name of a compound control reaches the part that takes the focus."""
    name = widget.accessibleName()
    if not name:
        return
    inner = widget.focusProxy()
    if inner is not None and not inner.accessibleName():
        inner.setAccessibleName(name)
    edit = widget.lineEdit() if isinstance(widget, QComboBox) else None
    if edit is not None and not edit.accessibleName():
        edit.setAccessibleName(name)


def describe_format(edit: QLineEdit) -> None:
    if edit.placeholderText() and not edit.accessibleDescription():
        edit.setAccessibleDescription(edit.placeholderText())


def buttons_last(dialog: QDialog) -> None:
    """Put the dialog's button rows at the end of its focus chain.

    Re-inserting a widget into its layout appends it to the chain (QWidget.setTabOrder did
    not move these buttons, Qt 6.12); the layout position stays the same.
    """
    for box in dialog.findChildren(QDialogButtonBox):
        parent = box.parentWidget()
        layout = parent.layout() if parent is not None else None
        if box.window() is not dialog or not isinstance(layout, QBoxLayout):
            continue
        index = layout.indexOf(box)
        if index < 0:
            continue
        hidden = box.isHidden()
        stretch = layout.stretch(index)
        layout.removeWidget(box)
        box.setParent(None)
        layout.insertWidget(index, box, stretch)
        box.setHidden(hidden)


class AccessibilityRules(QObject):
    """An event filter on the application applying the rules above as widgets are polished
    (once, just before they are first shown)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Polish:
            if isinstance(watched, QAbstractItemView):
                watched.setTabKeyNavigation(False)
            elif isinstance(watched, QPlainTextEdit | QTextEdit):
                watched.setTabChangesFocus(True)
            elif isinstance(watched, QLabel):
                name_from_label(watched)
            elif isinstance(watched, QLineEdit):
                describe_format(watched)
            elif isinstance(watched, QDialog):
                buttons_last(watched)
            if isinstance(watched, QWidget):
                pass_name_on(watched)
        return False


def install_accessibility_rules(app: QApplication) -> AccessibilityRules:
    """Once per app, before the first window (widgets polished earlier keep their ways)."""
    rules = AccessibilityRules(app)
    app.installEventFilter(rules)
    return rules
