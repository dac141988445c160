"""The dialog every dossier part is edited in: a form, messages beside fields, OK/Cancel.

Subclasses fill `self.form` and implement `collect()`, returning the record's data as the
model takes it. OK validates first and stays open with the messages shown when something is
wrong; `build()` gives the validated record (tests answer the dialog and call it directly).

A dialog opened with an `origin` (which tab and action opened it, for which record) keeps a
draft of its unsaved fields (gui/drafts.py), so an idle lock or a crash loses nothing: the
origin is how it is reopened after unlocking.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from willkommensordner.domain.record import FieldProblem, Record, validate_record
from willkommensordner.errors import InvalidInput, UserError
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.dossier.forms import ERROR_STYLE, DateField, Form
from willkommensordner.gui.widgets import FormScrollArea
from willkommensordner.i18n import Translator
from willkommensordner.vault.drafts import Draft

R = TypeVar("R", bound=Record)


def exec_while_unlocked(
    ctx: GuiContext, dialog: QDialog, origin: dict[str, Any] | None = None
) -> bool:
    """Run a modal dialog; True on OK. Locking (also the idle lock) cancels it at once.

    A dialog open over a locked app would otherwise keep showing personal data; what was
    typed into a record dialog with an `origin` is kept as a draft in the vault first.
    """
    cancelled = False
    if isinstance(dialog, RecordDialog) and origin is not None:
        dialog.keep_drafts(origin, ctx.drafts.take(type(dialog).__name__))

    def on_lock() -> None:
        nonlocal cancelled
        cancelled = True
        for child in dialog.findChildren(QLineEdit):
            child.clear()
        for child in dialog.findChildren(QPlainTextEdit):
            child.clear()
        dialog.reject()

    ctx.bridge.locked.connect(on_lock)
    try:
        if isinstance(dialog, RecordDialog) and origin is not None:
            with ctx.drafts.showing(dialog):
                result = ctx.dialogs.exec(dialog)
        else:
            result = ctx.dialogs.exec(dialog)
    finally:
        ctx.bridge.locked.disconnect(on_lock)
    return not cancelled and result == int(QDialog.DialogCode.Accepted)


class RecordDialog(QDialog, Generic[R]):
    record_class: type[R]

    def __init__(self, tr: Translator, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tr = tr
        self.setWindowTitle(title)
        self.setModal(True)
        self.form = Form(tr)
        self.message = QLabel()
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        # Narrow (a small screen, a large font): a label goes above its field rather than
        # the form scrolling sideways; short: the form scrolls, the buttons stay in view.
        self.form.layout_.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        scroll = FormScrollArea(self.form)
        self.body = QVBoxLayout(self)
        self.body.addWidget(self.message)
        self.body.addWidget(scroll, 1)
        self.body.addWidget(self.buttons)
        self._local: dict[str, UserError] = {}
        self._origin: dict[str, Any] | None = None
        self._initial: dict[str, Any] = {}
        self.resize(520, 480)

    # --- for subclasses ---------------------------------------------------------------------

    def collect(self) -> dict[str, Any]:
        raise NotImplementedError

    def date(self, field: str, editor: DateField) -> Any:
        """The model value of a date field; a typing error is kept as that field's problem."""
        try:
            return editor.model_value()
        except InvalidInput as exc:
            self._local[field] = exc
            return None

    # --- drafts -----------------------------------------------------------------------------

    def keep_drafts(self, origin: dict[str, Any], waiting: dict[str, Any] | None) -> None:
        """From now on `form_draft()` reports unsaved fields; `waiting` is a draft to put back."""
        self._origin = dict(origin)
        self._initial = self.form.draft_state()
        if waiting is not None:
            self.restore_draft(waiting)

    def form_draft(self) -> Draft | None:
        if self._origin is None:
            return None
        fields = self.form.draft_state()
        if fields == self._initial:
            return None
        return Draft(
            key=f"dialog:{type(self).__name__}",
            title=self.windowTitle(),
            state={"dialog": type(self).__name__, "origin": self._origin, "fields": fields},
            dossier_id=self._origin.get("dossier_id"),
        )

    def restore_draft(self, state: dict[str, Any]) -> None:
        fields = state.get("fields")
        if isinstance(fields, dict):
            self.form.restore_draft_state(fields)

    # --- validation -------------------------------------------------------------------------

    def build(self) -> R:
        """The validated record; raises FieldProblem and shows the messages beside fields."""
        self._local = {}
        data = self.collect()
        problems: dict[str, UserError] = dict(self._local)
        try:
            record = validate_record(self.record_class, data)
        except FieldProblem as exc:
            for field, problem in exc.problems.items():
                problems.setdefault(field, problem)
        else:
            if not problems:
                self.show_problems({})
                return record
        self.show_problems(problems)
        raise FieldProblem(problems)

    def show_problems(self, problems: dict[str, UserError]) -> None:
        unplaced = self.form.show_problems(problems)
        texts = [problems[f].message(self.tr) for f in unplaced]
        self.message.setText("\n".join(texts))
        self.message.setVisible(bool(texts))
        editor = self.form.first_problem_editor()
        if editor is not None:
            editor.setFocus()

    def accept(self) -> None:
        try:
            self.build()
        except FieldProblem:
            return
        super().accept()
