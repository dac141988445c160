"""The integration plan as a checklist: who does what by when; overdue steps stand out."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

from willkommensordner.domain.agreed_step import AgreedStep, StepOwner, StepStatus
from willkommensordner.domain.record import validate_record
from willkommensordner.errors import UserError
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.dossier.forms import DateField, EnumCombo, german
from willkommensordner.gui.dossier.labels import field_label
from willkommensordner.gui.dossier.models import GREY, RED, RED_TEXT, Column
from willkommensordner.gui.dossier.part_tab import PartTab
from willkommensordner.gui.dossier.record_dialog import RecordDialog
from willkommensordner.i18n import N_, Translator
from willkommensordner.vault.records import DossierBundle


class StepDialog(RecordDialog[AgreedStep]):
    record_class = AgreedStep

    def __init__(self, tr: Translator, title: str, step: AgreedStep) -> None:
        super().__init__(tr, title)
        self.original = step
        f = self.form
        self.what = f.add("what", field_label("what", tr), QLineEdit(step.what))
        self.owner = f.add("owner", field_label("owner", tr), EnumCombo(tr, list(StepOwner)))
        self.owner.set_value(step.owner)
        self.owner_name = f.add(
            "owner_name", field_label("owner_name", tr), QLineEdit(step.owner_name)
        )
        self.due = f.add("due", field_label("due", tr), DateField(tr))
        self.due.set_value(step.due)
        self.status = f.add("status", field_label("status", tr), EnumCombo(tr, list(StepStatus)))
        self.status.set_value(step.status)
        self.done_on = f.add("done_on", field_label("done_on", tr), DateField(tr))
        self.done_on.set_value(step.done_on)
        self.outcome = f.add("outcome", field_label("outcome", tr), QPlainTextEdit(step.outcome))
        self.outcome.setTabChangesFocus(True)

    def collect(self) -> dict[str, Any]:
        return {
            **self.original.model_dump(),
            "what": self.what.text(),
            "owner": self.owner.value(),
            "owner_name": self.owner_name.text(),
            "due": self.date("due", self.due),
            "status": self.status.value(),
            "done_on": self.date("done_on", self.done_on),
            "outcome": self.outcome.toPlainText(),
        }


class StepsTab(PartTab):
    def __init__(self, ctx: GuiContext) -> None:
        tr = ctx.tr

        def overdue(s: AgreedStep) -> bool:
            return s.is_overdue(ctx.today())

        def who(s: AgreedStep) -> str:
            label = tr.gettext(s.owner.label)
            return f"{label}: {s.owner_name}" if s.owner_name else label

        def due(s: AgreedStep) -> str:
            text = german(s.due)
            return f"{text} · {tr.gettext(N_('overdue'))}" if overdue(s) else text

        def done_grey(s: AgreedStep) -> Any:
            return GREY if s.status is not StepStatus.OPEN else None

        columns = [
            Column(
                tr.gettext("Step"),
                lambda s: s.what,
                checked=lambda s: s.status is StepStatus.DONE,
                foreground=done_grey,
                tooltip=lambda s: s.outcome,
            ),
            Column(tr.gettext("Who"), who, foreground=done_grey),
            Column(
                tr.gettext("Due"),
                due,
                background=lambda s: RED if overdue(s) else None,
                foreground=lambda s: RED_TEXT if overdue(s) else None,
            ),
            Column(tr.gettext("Status"), lambda s: tr.gettext(s.status.label)),
        ]
        super().__init__(ctx, columns, tr.gettext("Agreed steps"))
        self.button(tr.gettext("&New step…"), self.add)
        self.button(tr.gettext("Edit…"), self.edit_selected, needs_row=True)
        self.button(tr.gettext("Done"), lambda: self._mark(StepStatus.DONE), needs_row=True)
        self.button(tr.gettext("Dropped"), lambda: self._mark(StepStatus.DROPPED), needs_row=True)
        self.button(tr.gettext("Remove"), self.remove_selected, needs_row=True)
        self.finish_actions()
        self.model.toggled.connect(self._toggled)

    def rows_from(self, bundle: DossierBundle) -> list[Any]:
        today = self.ctx.today()

        def order(s: AgreedStep) -> tuple[int, str]:
            # Open steps first, the most urgent on top; done and dropped ones below.
            rank = 0 if s.is_overdue(today) else 1 if s.status is StepStatus.OPEN else 2
            return rank, s.due.isoformat() if s.due else "9999"

        return sorted(bundle.steps, key=order)

    def add(self) -> None:
        if self.dossier_id is None:
            return
        # Built unvalidated: an empty "what" is for the counsellor to fill in.
        step = AgreedStep.model_construct(dossier_id=self.dossier_id, what="")
        self.edit_in(StepDialog(self.tr, self.tr.gettext("New agreed step"), step))

    def edit_selected(self) -> None:
        current = self.selected()
        if current is None:
            return
        self.edit_in(StepDialog(self.tr, self.tr.gettext("Edit agreed step"), current))

    def set_status(self, step: AgreedStep, status: StepStatus) -> bool:
        done_on = self.ctx.today() if status is StepStatus.DONE else None
        try:
            changed = validate_record(
                AgreedStep, {**step.model_dump(), "status": status, "done_on": done_on}
            )
        except UserError as exc:
            self.ctx.dialogs.show_error(exc)
            return False
        return self.save(changed)

    def _mark(self, status: StepStatus) -> None:
        current = self.selected()
        if current is not None and self.set_status(current, status):
            self.select_id(current.id)

    def _toggled(self, step: AgreedStep, checked: bool) -> None:
        self.set_status(step, StepStatus.DONE if checked else StepStatus.OPEN)

    def remove_selected(self) -> None:
        self.delete_selected(self.tr.gettext("Remove this agreed step?"))
