"""A small dialog for a new dossier: names, birth date, preferred language. The rest is
filled in later in the dossier view."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from willkommensordner.domain.dossier import Dossier
from willkommensordner.domain.legal_status import LegalStatus
from willkommensordner.domain.record import FieldProblem, validate_record
from willkommensordner.errors import UserError
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.dossier.forms import editor_state, restore_editor_state
from willkommensordner.gui.language_combo import language_label
from willkommensordner.gui.languages import NEWCOMER_LANGUAGES
from willkommensordner.gui.settings import AGENCY, COUNSELLOR_NAME
from willkommensordner.gui.widgets import explanation, message_label
from willkommensordner.vault.drafts import Draft


class NewDossierDialog(QDialog):
    """Accepted after the dossier was saved; `dossier_id` is then its id."""

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        tr = ctx.tr
        self.dossier_id: str | None = None
        self.setWindowTitle(tr.gettext("New dossier"))
        self.family_name = QLineEdit()
        self.given_names = QLineEdit()
        self.native_name = QLineEdit()
        self.birth_date = QLineEdit()
        self.birth_date.setPlaceholderText(tr.gettext("DD.MM.YYYY, 00 for unknown parts"))
        self.language = QComboBox()
        for code in NEWCOMER_LANGUAGES:
            self.language.addItem(language_label(code, tr), code)
        self.legal_status = QComboBox()
        for status in LegalStatus:
            self.legal_status.addItem(tr.gettext(status.label), status.value)
        self.fields: dict[str, tuple[QWidget, QLabel]] = {}
        form = QFormLayout()
        for key, label, widget in (
            ("family_name", tr.gettext("&Family name:"), self.family_name),
            ("given_names", tr.gettext("&Given names:"), self.given_names),
            ("native_name", tr.gettext("Name in own &script:"), self.native_name),
            ("birth_date", tr.gettext("&Born on:"), self.birth_date),
            ("preferred_language", tr.gettext("Preferred &language:"), self.language),
            ("legal_status", tr.gettext("Residence &status:"), self.legal_status),
        ):
            problem = message_label()
            widget.setAccessibleName(label.replace("&", "").rstrip(":"))
            form.addRow(label, widget)
            form.addRow("", problem)
            problem.hide()
            self.fields[key] = (widget, problem)
        self.problem = message_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(
            tr.gettext("&Create dossier")
        )
        layout = QVBoxLayout(self)
        layout.addWidget(
            explanation(
                tr.gettext(
                    "Names as on the papers. Unknown parts of the birth date: write 00, "
                    "e.g. 00.00.1990."
                )
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.setMinimumWidth(460)
        self._initial: dict[str, Any] | None = None

    # --- drafts of unsaved changes (gui/drafts.py) --------------------------------------------

    def _fields_state(self) -> dict[str, Any]:
        return {key: editor_state(widget) for key, (widget, _label) in self.fields.items()}

    def keep_drafts(self) -> None:
        """Report typed fields from now on; put back a draft waiting for this dialog."""
        self._initial = self._fields_state()
        waiting = self.ctx.drafts.take(type(self).__name__)
        if waiting is not None:
            self.restore_draft(waiting)

    def form_draft(self) -> Draft | None:
        fields = self._fields_state()
        if self._initial is None or fields == self._initial:
            return None
        return Draft(
            key=f"dialog:{type(self).__name__}",
            title=self.windowTitle(),
            state={"dialog": type(self).__name__, "fields": fields},
        )

    def restore_draft(self, state: dict[str, Any]) -> None:
        fields = state.get("fields")
        for key, value in (fields if isinstance(fields, dict) else {}).items():
            if key in self.fields:
                restore_editor_state(self.fields[key][0], value)

    def data(self) -> dict[str, Any]:
        return {
            "family_name": self.family_name.text(),
            "given_names": self.given_names.text(),
            "native_name": self.native_name.text(),
            "birth_date": self.birth_date.text() or None,
            "preferred_language": self.language.currentData(),
            "legal_status": self.legal_status.currentData(),
            "counsellor": self.ctx.settings.get(COUNSELLOR_NAME),
            "agency": self.ctx.settings.get(AGENCY),
            "opened_on": self.ctx.today(),
        }

    def save(self) -> None:
        tr = self.ctx.tr
        for _widget, problem in self.fields.values():
            problem.clear()
            problem.hide()
        self.problem.clear()
        try:
            dossier = validate_record(Dossier, self.data())
        except FieldProblem as exc:
            self._show_problems(exc)
            return
        try:
            self.ctx.require_vault().records.save(dossier)
        except UserError as exc:
            self.problem.setText(exc.message(tr))
            return
        self.dossier_id = dossier.id
        self.accept()

    def _show_problems(self, exc: FieldProblem) -> None:
        first: QWidget | None = None
        for field, error in exc.problems.items():
            name = field.split(".")[0]
            if name in self.fields:
                widget, label = self.fields[name]
                label.setText(error.message(self.ctx.tr))
                label.show()
                first = first or widget
            else:
                self.problem.setText(error.message(self.ctx.tr))
        if first is not None:
            first.setFocus()
