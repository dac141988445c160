"""The Terminübersicht: appointments kept and planned, in date order, with what came of them.

Marking an appointment kept asks for the outcome and the agreements, and the same dialog
turns agreements into agreed steps. Rescheduling keeps the old appointment (marked
"rescheduled", pointing at its successor) so the timeline still shows what happened.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Sequence
from datetime import datetime, time
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from willkommensordner import storage
from willkommensordner.calendar.ics_export import NameInCalendar, calendar_bytes, qr_code
from willkommensordner.content.model import ContactPoint
from willkommensordner.domain.agency import Agency
from willkommensordner.domain.agreed_step import AgreedStep, StepOwner
from willkommensordner.domain.appointment import Appointment, AppointmentStatus
from willkommensordner.domain.record import FieldProblem, new_id, validate_record
from willkommensordner.errors import InvalidInput, UserError
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.dossier.forms import (
    DateField,
    EnumCombo,
    TimeField,
    german,
    parse_german_date,
)
from willkommensordner.gui.dossier.labels import field_label
from willkommensordner.gui.dossier.models import AMBER, GREEN, GREY, RED, Column
from willkommensordner.gui.dossier.part_tab import PartTab
from willkommensordner.gui.dossier.record_dialog import RecordDialog, exec_while_unlocked
from willkommensordner.gui.language_combo import LanguageCombo
from willkommensordner.i18n import N_, UI_LANGUAGES, Translator, translator
from willkommensordner.vault.records import DossierBundle

log = logging.getLogger(__name__)

_STATUS_COLORS = {
    AppointmentStatus.KEPT: GREEN,
    AppointmentStatus.MISSED: RED,
}


class AppointmentDialog(RecordDialog[Appointment]):
    record_class = Appointment

    def __init__(
        self,
        tr: Translator,
        title: str,
        appointment: Appointment,
        contacts: Sequence[ContactPoint] = (),
    ) -> None:
        super().__init__(tr, title)
        self.original = appointment
        f = self.form
        # Contact points of the content packs: picking one fills agency, office and place.
        self.contacts = list(contacts)
        self.contact = QComboBox()
        self.contact.addItem(tr.gettext("— none —"))
        for contact in self.contacts:
            self.contact.addItem(contact.name)
        f.add("contact_point_id", field_label("contact_point_id", tr), self.contact)
        if not self.contacts:
            self.contact.setEnabled(False)
        ids = [c.id for c in self.contacts]
        if appointment.contact_point_id in ids:
            self.contact.setCurrentIndex(ids.index(appointment.contact_point_id) + 1)
        self.day = f.add("start", tr.gettext("Date"), DateField(tr))
        self.time = f.add("time", tr.gettext("Time"), TimeField(tr))
        self.duration = f.add("duration_minutes", field_label("duration_minutes", tr), QSpinBox())
        self.duration.setRange(5, 24 * 60)
        self.duration.setSingleStep(15)
        self.agency = f.add("agency", tr.gettext("With"), EnumCombo(tr, list(Agency)))
        self.agency_name = f.add("agency_name", field_label("agency_name", tr), QLineEdit())
        self.purpose = f.add("purpose", field_label("purpose", tr), QLineEdit())
        self.place = f.add("place", field_label("place", tr), QLineEdit())
        self.bring = f.add("bring", field_label("bring", tr), QPlainTextEdit())
        self.bring.setTabChangesFocus(True)
        self.bring.setMaximumHeight(70)
        self.interpreter = f.add(
            "interpreter_needed", field_label("interpreter_needed", tr), QCheckBox()
        )
        self.interpreter_language = f.add(
            "interpreter_language", field_label("interpreter_language", tr), LanguageCombo(tr)
        )
        self.status = f.add(
            "status", field_label("status", tr), EnumCombo(tr, list(AppointmentStatus))
        )
        self.outcome = f.add("outcome", field_label("outcome", tr), QPlainTextEdit())
        self.outcome.setTabChangesFocus(True)
        self.outcome.setMaximumHeight(80)
        self.agreements = f.add("agreements", field_label("agreements", tr), QPlainTextEdit())
        self.agreements.setTabChangesFocus(True)
        self.agreements.setMaximumHeight(80)

        a = appointment
        self.day.set_value(a.start.date())
        self.time.set_value(a.start.time())
        self.duration.setValue(a.duration_minutes)
        self.agency.set_value(a.agency)
        self.agency_name.setText(a.agency_name)
        self.purpose.setText(a.purpose)
        self.place.setText(a.place)
        self.bring.setPlainText(a.bring)
        self.interpreter.setChecked(a.interpreter_needed)
        self.interpreter_language.set_code(a.interpreter_language or "")
        self.status.set_value(a.status)
        self.outcome.setPlainText(a.outcome)
        self.agreements.setPlainText(a.agreements)
        self.contact.currentIndexChanged.connect(self._contact_chosen)
        self.resize(560, 660)

    def show_problems(self, problems: dict[str, UserError]) -> None:
        # The date was read; a start the rules refuse (a time the clocks skip) is the time's.
        if "start" in problems and "start" not in self._local and "time" not in problems:
            problems = {("time" if f == "start" else f): p for f, p in problems.items()}
        super().show_problems(problems)

    def selected_contact(self) -> ContactPoint | None:
        index = self.contact.currentIndex()
        return self.contacts[index - 1] if index > 0 else None

    def _contact_chosen(self) -> None:
        contact = self.selected_contact()
        if contact is None:
            return
        if contact.kind in Agency._value2member_map_:
            self.agency.set_value(Agency(contact.kind))
        self.agency_name.setText(contact.name)
        if contact.address is not None:
            self.place.setText(contact.address.one_line())

    def collect(self) -> dict[str, Any]:
        day = None
        try:
            day = self.day.value()
        except InvalidInput as exc:
            self._local["start"] = exc
        if day is None and "start" not in self._local:
            self._local["start"] = InvalidInput(N_("Please give the date of the appointment."))
        clock = time(9, 0)
        try:
            clock = self.time.value()
        except InvalidInput as exc:
            self._local["time"] = exc
        start = datetime.combine(day, clock) if day else None
        contact = self.selected_contact()
        kept_id = self.original.contact_point_id if not self.contacts else None
        return {
            **self.original.model_dump(),
            "contact_point_id": contact.id if contact else kept_id,
            "start": start.isoformat() if start else None,
            "duration_minutes": self.duration.value(),
            "agency": self.agency.value(),
            "agency_name": self.agency_name.text(),
            "purpose": self.purpose.text(),
            "place": self.place.text(),
            "bring": self.bring.toPlainText(),
            "interpreter_needed": self.interpreter.isChecked(),
            "interpreter_language": self.interpreter_language.code() or None,
            "status": self.status.value(),
            "outcome": self.outcome.toPlainText(),
            "agreements": self.agreements.toPlainText(),
        }


_BULLET = re.compile(r"^\s*(?:[-–•*·]|\d+[.)])\s*")


def agreement_lines(text: str) -> list[str]:
    """The agreements one per line, without bullets, numbers and a closing full stop."""
    lines = [_BULLET.sub("", line).strip().rstrip(".;").strip() for line in text.splitlines()]
    return [line for line in lines if line]


class OutcomeDialog(RecordDialog[Appointment]):
    """Mark an appointment kept: outcome, agreements, and the agreed steps that follow."""

    record_class = Appointment

    def __init__(
        self, tr: Translator, appointment: Appointment, existing_steps: Sequence[str] = ()
    ) -> None:
        super().__init__(tr, tr.gettext("Appointment kept: outcome and agreements"))
        self.original = appointment
        # Agreements that already became steps (the dialog opened again) are not offered twice.
        self.existing_steps = set(existing_steps)
        f = self.form
        self.outcome = f.add("outcome", field_label("outcome", tr), QPlainTextEdit())
        self.outcome.setTabChangesFocus(True)
        self.outcome.setMaximumHeight(110)
        self.outcome.setPlainText(appointment.outcome)
        self.agreements = f.add("agreements", field_label("agreements", tr), QPlainTextEdit())
        self.agreements.setTabChangesFocus(True)
        self.agreements.setMaximumHeight(110)
        self.agreements.setPlainText(appointment.agreements)

        self.steps = QTableWidget(0, 3)
        self.steps.setAccessibleName(tr.gettext("Agreed steps from this appointment"))
        self.steps.setHorizontalHeaderLabels(
            [field_label("what", tr), field_label("owner", tr), field_label("due", tr)]
        )
        self.steps.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.steps.verticalHeader().hide()
        self.steps.setMinimumHeight(150)
        add = QPushButton(tr.gettext("Add step from outcome"))
        add.clicked.connect(self.add_step_from_agreements)
        remove = QPushButton(tr.gettext("Remove step"))
        remove.clicked.connect(self._remove_step_row)
        self.step_message = QLabel()
        self.step_message.setStyleSheet("color: #b3261e;")
        self.step_message.setWordWrap(True)
        self.step_message.hide()
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.steps)
        column.addWidget(self.step_message)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        column.addLayout(buttons)
        f.add("steps", tr.gettext("Agreed steps"), box)
        self.resize(660, 640)

    def add_step_row(
        self, what: str = "", owner: StepOwner = StepOwner.NEWCOMER, due: str = ""
    ) -> None:
        row = self.steps.rowCount()
        self.steps.insertRow(row)
        what_edit = QLineEdit(what)
        what_edit.setAccessibleName(field_label("what", self.tr))
        owner_combo = EnumCombo(self.tr, list(StepOwner))
        owner_combo.set_value(owner)
        owner_combo.setAccessibleName(field_label("owner", self.tr))
        due_edit = QLineEdit(due)
        due_edit.setPlaceholderText(self.tr.gettext("DD.MM.YYYY"))
        due_edit.setAccessibleName(field_label("due", self.tr))
        self.steps.setCellWidget(row, 0, what_edit)
        self.steps.setCellWidget(row, 1, owner_combo)
        self.steps.setCellWidget(row, 2, due_edit)
        what_edit.setFocus()

    def step_texts(self) -> list[str]:
        return [
            self.steps.cellWidget(row, 0).text().strip()  # type: ignore[union-attr]
            for row in range(self.steps.rowCount())
        ]

    def add_step_from_agreements(self) -> None:
        """A row for the next agreement that has no step yet; an empty row when all have."""
        taken = set(self.step_texts()) | self.existing_steps
        fresh = [a for a in agreement_lines(self.agreements.toPlainText()) if a not in taken]
        self.add_step_row(fresh[0] if fresh else "")

    def add_steps_for_all_agreements(self) -> None:
        taken = set(self.step_texts()) | self.existing_steps
        for agreement in agreement_lines(self.agreements.toPlainText()):
            if agreement not in taken:
                self.add_step_row(agreement)
                taken.add(agreement)

    def _remove_step_row(self) -> None:
        row = self.steps.currentRow()
        if row < 0:
            row = self.steps.rowCount() - 1
        if row >= 0:
            self.steps.removeRow(row)

    def collect(self) -> dict[str, Any]:
        return {
            **self.original.model_dump(),
            "status": AppointmentStatus.KEPT,
            "outcome": self.outcome.toPlainText(),
            "agreements": self.agreements.toPlainText(),
        }

    def agreed_steps(self) -> list[AgreedStep]:
        """The steps typed in; raises FieldProblem (shown under the list) for a bad row."""
        found: list[AgreedStep] = []
        problems: list[str] = []
        for row in range(self.steps.rowCount()):
            what = self.steps.cellWidget(row, 0).text().strip()  # type: ignore[union-attr]
            owner = self.steps.cellWidget(row, 1).value()  # type: ignore[union-attr]
            due_text = self.steps.cellWidget(row, 2).text()  # type: ignore[union-attr]
            if not what and not due_text.strip():
                continue
            try:
                due = parse_german_date(due_text)
                if not what:
                    raise InvalidInput(N_("Please say what the step is."))
                found.append(
                    validate_record(
                        AgreedStep,
                        {
                            "dossier_id": self.original.dossier_id,
                            "what": what,
                            "owner": owner,
                            "due": due,
                            "appointment_id": self.original.id,
                        },
                    )
                )
            except UserError as exc:
                problems.append(f"{row + 1}: {exc.message(self.tr)}")
        self.step_message.setText("\n".join(problems))
        self.step_message.setVisible(bool(problems))
        if problems:
            raise FieldProblem({"steps": InvalidInput(N_("Please check the agreed steps."))})
        return found

    def accept(self) -> None:
        try:
            self.build()
            self.agreed_steps()
        except FieldProblem:
            return
        QDialog.accept(self)


class QrDialog(QDialog):
    """The appointment as a QR code the newcomer scans into the phone calendar."""

    def __init__(self, tr: Translator, appointment: Appointment, qr_tr: Translator) -> None:
        super().__init__()
        self.setWindowTitle(tr.gettext("Appointment as QR code"))
        code = qr_code(appointment, qr_tr)
        out = io.BytesIO()
        code.save(out, kind="png", scale=6, border=4)
        self.image = QImage.fromData(out.getvalue(), "PNG")
        self.picture = QLabel()
        self.picture.setPixmap(QPixmap.fromImage(self.image))
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setAccessibleName(tr.gettext("QR code of the appointment"))
        hint = QLabel(
            tr.gettext(
                "Scan with the phone camera to add the appointment to the phone calendar. "
                "The code contains no name."
            )
        )
        hint.setWordWrap(True)
        when = QLabel(f"{appointment.start:%d.%m.%Y %H:%M} – {appointment.purpose}")
        when.setTextFormat(Qt.TextFormat.PlainText)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(when)
        layout.addWidget(self.picture, 1)
        layout.addWidget(hint)
        layout.addWidget(buttons)


WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))


def when_text(a: Appointment, tr: Translator) -> str:
    day = tr.gettext(WEEKDAYS[a.start.weekday()])
    return f"{day} {german(a.start.date())} {a.start:%H:%M}"


class TimelineTab(PartTab):
    def __init__(self, ctx: GuiContext) -> None:
        tr = ctx.tr
        today = ctx.today

        def status_text(a: Appointment) -> str:
            text = tr.gettext(a.status.label)
            if a.status is AppointmentStatus.PLANNED and a.start.date() < today():
                return text + " · " + tr.gettext("outcome missing")
            return text

        def status_color(a: Appointment) -> Any:
            if a.status is AppointmentStatus.PLANNED and a.start.date() < today():
                return AMBER
            return _STATUS_COLORS.get(a.status)

        def faded(a: Appointment) -> Any:
            gone = (AppointmentStatus.CANCELLED, AppointmentStatus.RESCHEDULED)
            return GREY if a.status in gone else None

        def result(a: Appointment) -> str:
            parts = [" ".join(p.split()) for p in (a.outcome, a.agreements) if p.strip()]
            return " · ".join(parts)

        columns = [
            Column(tr.gettext("When"), lambda a: when_text(a, tr), foreground=faded),
            Column(
                tr.gettext("With"),
                lambda a: a.agency_name or tr.gettext(a.agency.label),
                foreground=faded,
            ),
            Column(tr.gettext("Purpose"), lambda a: a.purpose, foreground=faded),
            Column(tr.gettext("Status"), status_text, background=status_color),
            Column(
                tr.gettext("Outcome and agreements"),
                result,
                tooltip=lambda a: "\n\n".join(p for p in (a.outcome, a.agreements) if p),
            ),
        ]
        super().__init__(ctx, columns, tr.gettext("Appointments"))
        self.button(tr.gettext("&New appointment…"), self.add, shortcut="Ctrl+Shift+N")
        self.button(tr.gettext("Edit…"), self.edit_selected, needs_row=True)
        self.button(tr.gettext("Reschedule…"), self.reschedule_selected, needs_row=True)
        self.kept_button = self.button(
            tr.gettext("&Kept…"), self.mark_kept_selected, needs_row=True
        )
        self.button(tr.gettext("&Missed"), self.mark_missed_selected, needs_row=True)
        self.button(tr.gettext("Cancelled"), self.mark_cancelled_selected, needs_row=True)
        self.button(tr.gettext("Remove"), self.remove_selected, needs_row=True)
        self.finish_actions()
        # Calendar actions on a second row, so the tab fits a 1280 px wide window.
        calendar_row = QHBoxLayout()
        calendar_row.setContentsMargins(0, 0, 0, 0)
        self.layout_.insertLayout(1, calendar_row)
        main_row = self.actions_row
        self.actions_row = calendar_row
        self.actions_row.addWidget(QLabel(tr.gettext("Calendar:")))
        self.button(tr.gettext("Export selected (.ics)…"), self.export_selected, needs_row=True)
        self.button(tr.gettext("Export all (.ics)…"), self.export_all)
        self.button(tr.gettext("QR code…"), self.show_qr, needs_row=True)
        self.full_name = QCheckBox(tr.gettext("Full name in the file"))
        self.full_name.setToolTip(
            tr.gettext(
                "Without it, the calendar file shows only the initials: calendar files "
                "often end up on mail servers."
            )
        )
        self.actions_row.addWidget(self.full_name)
        self.actions_row.addStretch(1)
        self.actions_row = main_row
        self._bundle: DossierBundle | None = None
        self.contacts: list[ContactPoint] | None = None
        self._contacts_loading = False

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self.ctx.vault is not None:
            self._load_contacts()

    def forget_contacts(self) -> None:
        """A content pack came or went: read the contact points again when next shown."""
        self.contacts = None
        self._contacts_loading = False
        if self.isVisible() and self.ctx.vault is not None:
            self._load_contacts()

    def _load_contacts(self) -> None:
        """The content packs' contact points, read once in the background (it takes ~0.5 s)."""
        if self.contacts is not None or self._contacts_loading:
            return
        self._contacts_loading = True

        def work() -> list[ContactPoint]:
            from willkommensordner.content.library import ContentLibrary

            return ContentLibrary().contact_points()

        def done(found: list[ContactPoint]) -> None:
            self.contacts = found
            self._contacts_loading = False

        def failed(exc: BaseException) -> None:
            # Appointments work without contact points; say nothing, log only the type.
            log.warning("contact points not available: %s", type(exc).__name__)
            self.contacts = []
            self._contacts_loading = False

        self.ctx.runner.submit(work, done, failed)

    def rows_from(self, bundle: DossierBundle) -> list[Any]:
        self._bundle = bundle
        return sorted(bundle.appointments, key=lambda a: a.start)

    def clear(self) -> None:
        # Contact points are public content and stay; a load cut off by the lock is retried.
        self._contacts_loading = False
        self._bundle = None
        self.full_name.setChecked(False)
        super().clear()

    # --- editing ----------------------------------------------------------------------------

    def new_appointment(self) -> Appointment:
        assert self.dossier_id is not None
        start = datetime.combine(self.ctx.today(), time(9, 0))
        return Appointment(dossier_id=self.dossier_id, start=start)

    def add(self) -> None:
        if self.dossier_id is None:
            return
        dialog = AppointmentDialog(
            self.tr, self.tr.gettext("New appointment"), self.new_appointment(), self.contacts or ()
        )
        self._offer_steps_once_kept(None, self.edit_in(dialog))

    def edit_selected(self) -> None:
        current = self.selected()
        if current is None:
            return
        saved = self.edit_in(
            AppointmentDialog(
                self.tr, self.tr.gettext("Edit appointment"), current, self.contacts or ()
            )
        )
        self._offer_steps_once_kept(current, saved)

    def _offer_steps_once_kept(self, before: Appointment | None, after: Appointment | None) -> None:
        """Set to "kept" in the form: the agreed steps are offered as the Kept… button does."""
        if after is None or after.status is not AppointmentStatus.KEPT:
            return
        if before is not None and before.status is AppointmentStatus.KEPT:
            return
        if not self.ctx.dialogs.ask(
            self.tr.gettext("Appointment kept"),
            self.tr.gettext("The appointment was kept. Note the agreed steps that follow now?"),
            default_yes=True,
        ):
            return
        self.mark_kept_selected()

    def reschedule_selected(self) -> None:
        current = self.selected()
        if current is None:
            return
        successor = current.model_copy(
            update={
                "id": new_id(),
                "status": AppointmentStatus.PLANNED,
                "rescheduled_to": None,
                "outcome": "",
                "agreements": "",
            }
        )
        dialog = AppointmentDialog(
            self.tr, self.tr.gettext("Reschedule appointment"), successor, self.contacts or ()
        )
        dialog.status.setEnabled(False)
        record = self.run_dialog(dialog)
        if record is None:
            return
        old = current.model_copy(
            update={"status": AppointmentStatus.RESCHEDULED, "rescheduled_to": record.id}
        )
        if self.save(record, validate_record(Appointment, old.model_dump())):
            self.select_id(record.id)

    def mark_kept_selected(self) -> None:
        current = self.selected()
        if current is None:
            return
        steps = self._bundle.steps if self._bundle is not None else []
        existing = [s.what for s in steps if s.appointment_id == current.id]
        dialog = OutcomeDialog(self.tr, current, existing)
        dialog.add_steps_for_all_agreements()
        dialog.setParent(self, dialog.windowFlags())
        try:
            if not exec_while_unlocked(self.ctx, dialog, self.draft_origin()):
                return
            try:
                kept = dialog.build()
                steps = dialog.agreed_steps()
            except FieldProblem as exc:
                self.ctx.dialogs.show_error(exc, self.tr.gettext("Please check the entries"))
                return
        finally:
            dialog.deleteLater()
        if self.save(kept, *steps):
            self.select_id(kept.id)

    def _set_status(self, status: AppointmentStatus) -> None:
        current = self.selected()
        if current is None:
            return
        changed = validate_record(Appointment, {**current.model_dump(), "status": status})
        if self.save(changed):
            self.select_id(changed.id)

    def mark_missed_selected(self) -> None:
        self._set_status(AppointmentStatus.MISSED)

    def mark_cancelled_selected(self) -> None:
        self._set_status(AppointmentStatus.CANCELLED)

    def remove_selected(self) -> None:
        self.delete_selected(
            self.tr.gettext(
                "Remove this appointment from the timeline? To keep the history, mark it "
                "cancelled instead."
            )
        )

    # --- calendars --------------------------------------------------------------------------

    def _export(self, appointments: list[Appointment], suggested: str) -> None:
        if not appointments or self._bundle is None:
            return
        target = self.ctx.dialogs.save_file(
            self.tr.gettext("Export appointments as iCalendar"),
            suggested,
            self.tr.gettext("iCalendar files") + " (*.ics)",
        )
        if target is None:
            return
        if target.suffix.lower() != ".ics":
            target = target.with_name(target.name + ".ics")
        vault = self.vault
        sequences = {
            a.id: sum(vault.records.revision(a.KIND, a.id).version.values()) for a in appointments
        }
        name = NameInCalendar.FULL if self.full_name.isChecked() else NameInCalendar.INITIALS
        try:
            data = calendar_bytes(
                appointments,
                self.tr,
                dossier=self._bundle.dossier,
                name=name,
                sequences=sequences,
            )
            storage.write_private(target, data)
        except UserError as exc:
            self.ctx.dialogs.show_error(exc)
            return
        except OSError:
            self.ctx.dialogs.show_error(
                InvalidInput(N_("The file {path} cannot be written."), path=str(target))
            )
            return
        self.ctx.dialogs.info(
            self.tr.gettext("Calendar file saved"),
            self.tr.format(
                N_("{count} appointments saved to {path}."),
                {"count": len(appointments), "path": str(target)},
            ),
        )

    def export_selected(self) -> None:
        current = self.selected()
        if current is not None:
            word = self.tr.gettext("appointment")
            self._export([current], f"{current.start:%Y-%m-%d}-{word}.ics")

    def export_all(self) -> None:
        self._export(self.model.rows(), self.tr.gettext("appointments") + ".ics")

    def qr_translator(self) -> Translator:
        """The newcomer's language where the app has a catalog for it, else the UI's."""
        if self._bundle is not None:
            language = self._bundle.dossier.preferred_language.split("_")[0]
            if language in UI_LANGUAGES:
                return translator(language)
        return self.tr

    def show_qr(self) -> None:
        current = self.selected()
        if current is None:
            return
        try:
            dialog = QrDialog(self.tr, current, self.qr_translator())
        except (UserError, ValueError) as exc:
            self.ctx.dialogs.show_error(exc)
            return
        dialog.setParent(self, dialog.windowFlags())
        exec_while_unlocked(self.ctx, dialog)
        dialog.deleteLater()
