"""Message boxes, file dialogs and modal dialogs behind one wrapper that tests can answer.

Views never call QMessageBox/QFileDialog/QDialog.exec themselves; they ask `ctx.dialogs`.
In the app the wrapper shows real dialogs. Given an `answerer` (a callable taking a
`DialogRequest`), it asks that instead — the way tests, screenshots and benches answer
dialogs without a human and without the app knowing it is under test.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from willkommensordner.errors import UserError
from willkommensordner.i18n import Translator

log = logging.getLogger(__name__)


class Kind(StrEnum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"
    QUESTION = "question"  # answer: bool
    SAVE_DISCARD_CANCEL = "save_discard_cancel"  # answer: Choice
    OPEN_FILE = "open_file"  # answer: Path | None
    OPEN_FILES = "open_files"  # answer: list[Path]
    SAVE_FILE = "save_file"  # answer: Path | None
    OPEN_DIRECTORY = "open_directory"  # answer: Path | None
    DIALOG = "dialog"  # answer: int (QDialog.DialogCode); request.widget is the dialog


class Choice(StrEnum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


@dataclass
class DialogRequest:
    kind: Kind
    title: str
    text: str = ""
    options: dict[str, Any] = field(default_factory=dict)
    widget: QDialog | None = None


Answerer = Callable[[DialogRequest], Any]


class Dialogs:
    """See the module docstring. `parent` gives the window dialogs are centred on."""

    def __init__(
        self,
        tr: Translator,
        answerer: Answerer | None = None,
        parent: Callable[[], QWidget | None] = lambda: None,
    ) -> None:
        self.tr = tr
        self.answerer = answerer
        self.parent = parent

    # --- messages ---------------------------------------------------------------------------

    def info(self, title: str, text: str) -> None:
        self._message(Kind.INFO, title, text)

    def warning(self, title: str, text: str) -> None:
        self._message(Kind.WARNING, title, text)

    def error(self, title: str, text: str) -> None:
        self._message(Kind.ERROR, title, text)

    def show_error(self, exc: BaseException, title: str | None = None) -> None:
        """A failed operation: our errors say what to do; anything else gets a calm message."""
        if isinstance(exc, UserError):
            text = exc.message(self.tr)
        else:
            # The type only: the text of a foreign exception may quote personal data.
            log.error("unexpected error: %s", type(exc).__name__)
            text = self.tr.gettext(
                "Something went wrong. Nothing was changed. Please try again; if it happens "
                "again, restart the app."
            )
        self.error(title or self.tr.gettext("This did not work"), text)

    def ask(self, title: str, text: str, *, default_yes: bool = False) -> bool:
        """A yes/no question; True for yes."""
        request = DialogRequest(Kind.QUESTION, title, text, {"default_yes": default_yes})
        if self.answerer is not None:
            return bool(self.answerer(request))
        box = self._box(QMessageBox.Icon.Question, title, text)
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(
            QMessageBox.StandardButton.Yes if default_yes else QMessageBox.StandardButton.No
        )
        return box.exec() == QMessageBox.StandardButton.Yes

    def save_discard_cancel(self, title: str, text: str) -> Choice:
        """Unsaved changes: save them, throw them away, or stay."""
        request = DialogRequest(Kind.SAVE_DISCARD_CANCEL, title, text)
        if self.answerer is not None:
            return Choice(self.answerer(request))
        box = self._box(QMessageBox.Icon.Warning, title, text)
        box.setStandardButtons(
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel
        )
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        answer = box.exec()
        if answer == QMessageBox.StandardButton.Save:
            return Choice.SAVE
        if answer == QMessageBox.StandardButton.Discard:
            return Choice.DISCARD
        return Choice.CANCEL

    # --- files ------------------------------------------------------------------------------

    def open_file(self, title: str, filters: str = "", directory: str = "") -> Path | None:
        request = DialogRequest(Kind.OPEN_FILE, title, "", {"filters": filters, "dir": directory})
        if self.answerer is not None:
            answer = self.answerer(request)
            return Path(answer) if answer else None
        name, _ = QFileDialog.getOpenFileName(self.parent(), title, directory, filters)
        return Path(name) if name else None

    def open_files(self, title: str, filters: str = "", directory: str = "") -> list[Path]:
        request = DialogRequest(Kind.OPEN_FILES, title, "", {"filters": filters, "dir": directory})
        if self.answerer is not None:
            return [Path(p) for p in (self.answerer(request) or [])]
        names, _ = QFileDialog.getOpenFileNames(self.parent(), title, directory, filters)
        return [Path(n) for n in names]

    def save_file(self, title: str, suggested: str = "", filters: str = "") -> Path | None:
        request = DialogRequest(
            Kind.SAVE_FILE, title, "", {"suggested": suggested, "filters": filters}
        )
        if self.answerer is not None:
            answer = self.answerer(request)
            return Path(answer) if answer else None
        name, _ = QFileDialog.getSaveFileName(self.parent(), title, suggested, filters)
        return Path(name) if name else None

    def open_directory(self, title: str, directory: str = "") -> Path | None:
        request = DialogRequest(Kind.OPEN_DIRECTORY, title, "", {"dir": directory})
        if self.answerer is not None:
            answer = self.answerer(request)
            return Path(answer) if answer else None
        name = QFileDialog.getExistingDirectory(self.parent(), title, directory)
        return Path(name) if name else None

    # --- our own dialogs --------------------------------------------------------------------

    def exec(self, dialog: QDialog) -> int:
        """Run a modal dialog; an answerer gets the dialog to fill in and returns the result.

        Afterwards the dialog is detached from its parent and deleted (deferred): its fields may
        hold personal data that must not linger in the window's widget tree. Read what you need
        right after `exec` returns.
        """
        try:
            if self.answerer is not None:
                request = DialogRequest(Kind.DIALOG, dialog.windowTitle(), "", widget=dialog)
                result = self.answerer(request)
                return int(result if result is not None else dialog.result())
            return int(dialog.exec())
        finally:
            dialog.hide()
            dialog.setParent(None)
            dialog.deleteLater()

    # --- helpers ----------------------------------------------------------------------------

    def _message(self, kind: Kind, title: str, text: str) -> None:
        if self.answerer is not None:
            self.answerer(DialogRequest(kind, title, text))
            return
        icon = {
            Kind.INFO: QMessageBox.Icon.Information,
            Kind.WARNING: QMessageBox.Icon.Warning,
            Kind.ERROR: QMessageBox.Icon.Critical,
        }[kind]
        self._box(icon, title, text).exec()

    def _box(self, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, self.parent())
        box.setTextFormat(Qt.TextFormat.PlainText)
        return box


class UnexpectedDialog(AssertionError):
    """A scripted answerer was asked something nobody scripted an answer for."""


class ScriptedAnswerer:
    """An answerer for tests and scripts: answers queued per kind, every request recorded.

    Messages (info/warning/error) need no answer; questions, file and modal dialogs do.
    A queued answer may be a callable: it gets the request (e.g. to fill in a dialog).
    """

    def __init__(self) -> None:
        self.asked: list[DialogRequest] = []
        self._queue: dict[Kind, deque[Any]] = {}

    def queue(self, kind: Kind, answer: Any) -> None:
        self._queue.setdefault(kind, deque()).append(answer)

    def __call__(self, request: DialogRequest) -> Any:
        self.asked.append(request)
        pending = self._queue.get(request.kind)
        if pending:
            answer = pending.popleft()
            return answer(request) if callable(answer) else answer
        if request.kind in (Kind.INFO, Kind.WARNING, Kind.ERROR):
            return None
        raise UnexpectedDialog(f"no scripted answer for a {request.kind} dialog")

    def messages(self, kind: Kind | None = None) -> list[DialogRequest]:
        shown = (Kind.INFO, Kind.WARNING, Kind.ERROR)
        return [r for r in self.asked if r.kind in shown and (kind is None or r.kind is kind)]
