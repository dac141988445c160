"""The two questions a suggestion asks: accept it as an agreed step (who, by when, what
exactly), or set it aside (why, optionally)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
)

from willkommensordner.domain.agreed_step import AgreedStep, StepOwner
from willkommensordner.errors import InvalidInput
from willkommensordner.gui.dossier.forms import DateField, EnumCombo
from willkommensordner.gui.dossier.labels import field_label
from willkommensordner.gui.dossier.record_dialog import RecordDialog
from willkommensordner.guidance.engine import Suggestion
from willkommensordner.i18n import N_, Translator


class AcceptDialog(RecordDialog[AgreedStep]):
    """The suggested step, editable before it becomes part of the plan."""

    record_class = AgreedStep

    def __init__(self, tr: Translator, dossier_id: str, suggestion: Suggestion) -> None:
        super().__init__(tr, tr.gettext("Take into the plan"))
        self.dossier_id = dossier_id
        self.suggestion = suggestion
        intro = QLabel(tr.gettext(suggestion.title))
        intro.setWordWrap(True)
        font = intro.font()
        font.setBold(True)
        intro.setFont(font)
        self.body.insertWidget(0, intro)
        f = self.form
        step_text = QPlainTextEdit(tr.gettext(suggestion.step))
        self.what = f.add("what", field_label("what", tr), step_text)
        self.what.setTabChangesFocus(True)
        self.what.setMaximumHeight(80)
        self.owner = f.add("owner", field_label("owner", tr), EnumCombo(tr, list(StepOwner)))
        self.owner.set_value(suggestion.owner)
        self.owner_name = f.add("owner_name", field_label("owner_name", tr), QLineEdit())
        self.owner_name.setPlaceholderText(tr.gettext("Name (optional)"))
        self.due = f.add("due", field_label("due", tr), DateField(tr))
        self.due.set_value(suggestion.due)
        self.setMinimumWidth(480)
        self.resize(520, 340)

    def collect(self) -> dict[str, Any]:
        what = " ".join(self.what.toPlainText().split())
        if not what:
            self._local["what"] = InvalidInput(N_("Please say what is to be done."))
        due = self.date("due", self.due)
        if due is None and "due" not in self._local:
            self._local["due"] = InvalidInput(N_("Please enter a due date."))
        return {
            "dossier_id": self.dossier_id,
            "what": what,
            "owner": self.owner.value(),
            "owner_name": self.owner_name.text(),
            "due": due,
            "kind": self.suggestion.rule_id,
        }


class DismissDialog(QDialog):
    """An optional reason, kept with the decision ("already insured", "not wanted")."""

    def __init__(self, tr: Translator, suggestion: Suggestion) -> None:
        super().__init__()
        self.setWindowTitle(tr.gettext("Dismiss suggestion"))
        self.setModal(True)
        title = QLabel(tr.gettext(suggestion.title))
        title.setWordWrap(True)
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        prompt = QLabel(tr.gettext("Why does this not apply? (optional)"))
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setAccessibleName(tr.gettext("Reason"))
        prompt.setBuddy(self.reason)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(prompt)
        layout.addWidget(self.reason, 1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        self.resize(460, 260)

    def reason_text(self) -> str:
        return self.reason.toPlainText().strip()
