"""The shape both ways to a new passphrase share: prove who you are, choose, wait, done."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from willkommensordner.errors import UserError
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.widgets import NewPassphraseForm, explanation, message_label


class NewPassphraseDialog(QDialog):
    """A proof field (current passphrase or recovery key) above the new-passphrase form.

    Subclasses say what the work is (`work`, run in the background) and what happens after
    (`succeeded`); the buttons, the busy state and the error text are handled here once."""

    def __init__(
        self,
        ctx: GuiContext,
        *,
        title: str,
        proof: QLineEdit,
        proof_label: str,
        ok_text: str,
        busy_text: str,
        intro: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.proof = proof
        self.form = NewPassphraseForm(ctx.tr)
        self.message = message_label()
        self._busy_text = busy_text
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(ok_text)
        self.ok.setEnabled(False)
        top = QFormLayout()
        top.addRow(proof_label, proof)
        layout = QVBoxLayout(self)
        if intro:
            layout.addWidget(explanation(intro))
        layout.addLayout(top)
        layout.addWidget(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.proof.textChanged.connect(self._update)
        self.form.valid_changed.connect(self._update)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self._busy = False

    def work(self, proof: str, new: str) -> Callable[[], Any]:
        raise NotImplementedError

    def succeeded(self, result: Any) -> None:
        raise NotImplementedError

    def _update(self) -> None:
        self.ok.setEnabled(not self._busy and bool(self.proof.text()) and self.form.is_valid())

    def submit(self) -> None:
        if not self.ok.isEnabled():
            return
        job = self.work(self.proof.text(), self.form.passphrase())
        self._busy = True
        self._update()
        self.message.setText(self._busy_text)
        self.ctx.runner.submit(job, self._done, self._failed, self._busy_text)

    def _done(self, result: Any) -> None:
        self._busy = False
        self.proof.clear()
        self.form.clear()
        self.succeeded(result)

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self._update()
        if isinstance(exc, UserError):
            self.message.setText(exc.message(self.ctx.tr))
        else:
            self.message.clear()
            self.ctx.dialogs.show_error(exc)
