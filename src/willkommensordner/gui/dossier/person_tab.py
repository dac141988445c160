"""Person & household: every field of the dossier record, edited in place, and the household.

The person form is the one place of the dossier view with unsaved changes: the fields are
compared with what was loaded, "Save" validates the whole record at once and shows each
message beside its field, "Revert" puts the stored values back. Household members are
edited in a dialog and saved at once, like every other dossier part.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from willkommensordner.domain.dossier import Dossier, Gender
from willkommensordner.domain.household import HouseholdMember, HouseholdRole
from willkommensordner.domain.language import LanguageSkill
from willkommensordner.domain.legal_status import LegalStatus
from willkommensordner.domain.record import FieldProblem, validate_record
from willkommensordner.errors import InvalidInput, UserError
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.dossier.forms import (
    ERROR_STYLE,
    DateField,
    EnumCombo,
    Form,
    german,
    split_list,
)
from willkommensordner.gui.dossier.labels import field_label
from willkommensordner.gui.dossier.language_table import LanguageTable
from willkommensordner.gui.dossier.models import Column, RecordTableModel
from willkommensordner.gui.dossier.record_dialog import RecordDialog, exec_while_unlocked
from willkommensordner.gui.language_combo import LanguageCombo
from willkommensordner.gui.widgets import FormScrollArea, record_table
from willkommensordner.i18n import Translator
from willkommensordner.vault.records import DossierBundle


class LanguagesEditor(LanguageTable):
    """Languages with their CEFR level and whether the person reads and writes them."""

    def __init__(self, tr: Translator, parent: QWidget | None = None) -> None:
        super().__init__(tr, with_reads=True, parent=parent)
        self.table.setMaximumHeight(130)
        self.table.setAccessibleName(tr.gettext("Languages"))

    def set_skills(self, skills: list[LanguageSkill]) -> None:
        self.clear()
        for skill in skills:
            self.add_row(skill.language, skill.level, bool(skill.reads_writes))

    def values(self) -> list[dict[str, Any]]:
        return [
            {"language": r.code, "level": r.level, "reads_writes": r.reads_writes}
            for r in self.rows()
            if r.code
        ]


class MemberDialog(RecordDialog[HouseholdMember]):
    record_class = HouseholdMember

    def __init__(
        self,
        tr: Translator,
        title: str,
        member: HouseholdMember,
        others: list[tuple[str, str]],
    ) -> None:
        super().__init__(tr, title)
        self.original = member
        f = self.form
        self.role = f.add("role", field_label("role", tr), EnumCombo(tr, list(HouseholdRole)))
        self.role.set_value(member.role)
        self.family_name = f.add(
            "family_name", field_label("family_name", tr), QLineEdit(member.family_name)
        )
        self.given_names = f.add(
            "given_names", field_label("given_names", tr), QLineEdit(member.given_names)
        )
        self.native_name = f.add(
            "native_name", field_label("native_name", tr), QLineEdit(member.native_name)
        )
        self.birth_date = f.add(
            "birth_date", field_label("birth_date", tr), DateField(tr, partial=True)
        )
        self.birth_date.set_value(member.birth_date)
        self.gender = f.add("gender", field_label("gender", tr), EnumCombo(tr, list(Gender)))
        self.gender.set_value(member.gender)
        self.lives = f.add("lives_in_household", field_label("lives_in_household", tr), QCheckBox())
        self.lives.setChecked(member.lives_in_household)
        self.linked = f.add("linked_dossier_id", field_label("linked_dossier_id", tr), QComboBox())
        self.linked_ids: list[str | None] = [None, *(i for i, _n in others)]
        self.linked.addItem(tr.gettext("— no own dossier —"))
        for _dossier_id, name in others:
            self.linked.addItem(name)
        self.linked.setEditable(True)
        self.linked.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = self.linked.completer()
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        if member.linked_dossier_id in self.linked_ids:
            self.linked.setCurrentIndex(self.linked_ids.index(member.linked_dossier_id))
        self.note = f.add("note", field_label("note", tr), QPlainTextEdit(member.note))
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(70)

    def collect(self) -> dict[str, Any]:
        index = self.linked.findText(self.linked.currentText())
        linked = self.linked_ids[index] if index >= 0 else None
        return {
            **self.original.model_dump(),
            "role": self.role.value(),
            "family_name": self.family_name.text(),
            "given_names": self.given_names.text(),
            "native_name": self.native_name.text(),
            "birth_date": self.birth_date.model_value(),
            "gender": self.gender.value(),
            "lives_in_household": self.lives.isChecked(),
            "linked_dossier_id": linked,
            "note": self.note.toPlainText(),
        }


class PersonTab(QWidget):
    """`edited` fires on every change of a person field; `household_changed` after a save."""

    edited = Signal()
    household_changed = Signal()

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        tr = self.tr = ctx.tr
        self.dossier: Dossier | None = None
        self._loaded_state: Any = None
        self.forms: list[Form] = []

        self.message = QLabel()
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setObjectName("personMessage")
        self.message.hide()

        # --- name and birth
        names, f = self._group(tr.gettext("Name and birth"))
        self.family_name = f.add("family_name", field_label("family_name", tr), QLineEdit())
        self.given_names = f.add("given_names", field_label("given_names", tr), QLineEdit())
        self.native_name = f.add("native_name", field_label("native_name", tr), QLineEdit())
        self.native_name.setToolTip(tr.gettext("The name as the person writes it, e.g. in Arabic"))
        self.aliases = f.add("aliases", field_label("aliases", tr), QLineEdit())
        self.aliases.setPlaceholderText(tr.gettext("separate with ;"))
        self.birth_date = f.add(
            "birth_date", field_label("birth_date", tr), DateField(tr, partial=True)
        )
        self.birth_date.setToolTip(tr.gettext("00 for unknown parts, e.g. 00.00.1990"))
        self.birth_place = f.add("birth_place", field_label("birth_place", tr), QLineEdit())
        self.gender = f.add("gender", field_label("gender", tr), EnumCombo(tr, list(Gender)))

        # --- residence
        residence, f = self._group(tr.gettext("Residence status"))
        self.legal_status = f.add(
            "legal_status", field_label("legal_status", tr), EnumCombo(tr, list(LegalStatus))
        )
        self.target_group = QLabel()
        self.target_group.setObjectName("targetGroup")
        self.target_group.setWordWrap(True)
        f.layout_.addRow(QLabel(tr.gettext("Target group")), self.target_group)
        self.legal_status.currentIndexChanged.connect(lambda _i: self._show_target_group())
        self.status_valid_until = f.add(
            "status_valid_until", field_label("status_valid_until", tr), DateField(tr)
        )
        self.arrival_date = f.add("arrival_date", field_label("arrival_date", tr), DateField(tr))
        self.unaccompanied_minor = f.add(
            "unaccompanied_minor", field_label("unaccompanied_minor", tr), QCheckBox()
        )
        self.nationalities = f.add("nationalities", field_label("nationalities", tr), QLineEdit())
        self.nationalities.setPlaceholderText(tr.gettext("country codes, e.g. SY, AF"))
        self.stateless = f.add("stateless", field_label("stateless", tr), QCheckBox())

        # --- address and contact (created in reading order: it decides the tab order)
        address, f = self._group(tr.gettext("Address and contact"))
        self.accommodation = f.add("accommodation", field_label("accommodation", tr), QLineEdit())
        self.street = f.add("street", field_label("street", tr), QLineEdit())
        self.postcode = f.add("postcode", field_label("postcode", tr), QLineEdit())
        self.city = f.add("city", field_label("city", tr), QLineEdit())
        self.district = f.add("district", field_label("district", tr), QLineEdit())
        self.phone = f.add("phone", field_label("phone", tr), QLineEdit())
        self.email = f.add("email", field_label("email", tr), QLineEdit())

        # --- languages
        languages, f = self._group(tr.gettext("Languages"))
        self.preferred_language = f.add(
            "preferred_language", field_label("preferred_language", tr), LanguageCombo(tr)
        )
        self.languages = f.add("languages", field_label("languages", tr), LanguagesEditor(tr))

        # --- counselling
        counselling, f = self._group(tr.gettext("Counselling"))
        self.counsellor = f.add("counsellor", field_label("counsellor", tr), QLineEdit())
        self.agency = f.add("agency", field_label("agency", tr), QLineEdit())
        self.opened_on = f.add("opened_on", field_label("opened_on", tr), DateField(tr))
        self.closed_on = f.add("closed_on", field_label("closed_on", tr), DateField(tr))

        # --- household
        household = QGroupBox(tr.gettext("Household"))
        self.household_model: RecordTableModel[HouseholdMember] = RecordTableModel(
            self._household_columns(), self
        )
        self.household = record_table(self.household_model, tr.gettext("Household members"))
        self.household.setMinimumHeight(120)
        self.household.doubleClicked.connect(lambda _i: self.edit_member())
        buttons = QHBoxLayout()
        for text, slot in (
            (tr.gettext("Add member…"), self.add_member),
            (tr.gettext("Edit member…"), self.edit_member),
            (tr.gettext("Remove member"), self.remove_member),
        ):
            button = QPushButton(text)
            button.clicked.connect(lambda _c=False, s=slot: s())
            buttons.addWidget(button)
        buttons.addStretch(1)
        column = QVBoxLayout(household)
        column.addWidget(self.household)
        column.addLayout(buttons)

        grid = QGridLayout()
        grid.addWidget(names, 0, 0)
        grid.addWidget(residence, 0, 1)
        grid.addWidget(address, 1, 0)
        grid.addWidget(languages, 1, 1)
        grid.addWidget(counselling, 2, 0)
        grid.addWidget(household, 2, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        content = QWidget()
        outer = QVBoxLayout(content)
        outer.addWidget(self.message)
        outer.addLayout(grid)
        outer.addStretch(1)
        scroll = FormScrollArea(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

        self._connect_edits()
        self.clear()

    # --- building ---------------------------------------------------------------------------

    def _group(self, title: str) -> tuple[QGroupBox, Form]:
        box = QGroupBox(title)
        form = Form(self.tr)
        column = QVBoxLayout(box)
        column.setContentsMargins(6, 6, 6, 6)
        column.addWidget(form)
        self.forms.append(form)
        return box, form

    def _household_columns(self) -> list[Column[HouseholdMember]]:
        tr = self.tr

        def name(m: HouseholdMember) -> str:
            latin = ", ".join(p for p in (m.family_name, m.given_names) if p)
            return latin or m.native_name

        return [
            Column(tr.gettext("Role"), lambda m: tr.gettext(m.role.label)),
            Column(tr.gettext("Name"), name),
            Column(tr.gettext("Born"), lambda m: german(m.birth_date)),
            Column(
                tr.gettext("Lives here"),
                lambda m: tr.gettext("yes") if m.lives_in_household else tr.gettext("no"),
            ),
            Column(
                tr.gettext("Own dossier"),
                lambda m: tr.gettext("linked") if m.linked_dossier_id else "",
            ),
        ]

    def _connect_edits(self) -> None:
        for form in self.forms:
            for editor in form.editors.values():
                if isinstance(editor, QLineEdit):
                    editor.textEdited.connect(lambda _t: self.edited.emit())
                elif isinstance(editor, DateField | LanguagesEditor | LanguageCombo):
                    editor.edited.connect(self.edited.emit)
                elif isinstance(editor, QCheckBox):
                    editor.toggled.connect(lambda _c: self.edited.emit())
                elif isinstance(editor, QComboBox):
                    editor.currentIndexChanged.connect(lambda _i: self.edited.emit())

    def _show_target_group(self) -> None:
        status = self.legal_status.value()
        if status is None:
            self.target_group.clear()
            return
        self.target_group.setText(
            f"{self.tr.gettext(status.target_group.label)} · {status.legal_basis}"
            if status.legal_basis
            else self.tr.gettext(status.target_group.label)
        )

    # --- loading ----------------------------------------------------------------------------

    def load(self, bundle: DossierBundle, *, keep_edits: bool = False) -> None:
        """Show the bundle; `keep_edits` leaves a dirty person form alone (household only)."""
        self.household_model.set_rows(bundle.household)
        self.household.resizeColumnsToContents()
        if keep_edits and self.has_unsaved_changes():
            self.dossier = bundle.dossier
            return
        self.set_dossier(bundle.dossier)

    def set_dossier(self, d: Dossier) -> None:
        self.dossier = d
        self.family_name.setText(d.family_name)
        self.given_names.setText(d.given_names)
        self.native_name.setText(d.native_name)
        self.aliases.setText("; ".join(d.aliases))
        self.birth_date.set_value(d.birth_date)
        self.birth_place.setText(d.birth_place)
        self.gender.set_value(d.gender)
        self.legal_status.set_value(d.legal_status)
        self.status_valid_until.set_value(d.status_valid_until)
        self.arrival_date.set_value(d.arrival_date)
        self.unaccompanied_minor.setChecked(d.unaccompanied_minor)
        self.nationalities.setText(", ".join(d.nationalities))
        self.stateless.setChecked(d.stateless)
        self.preferred_language.set_code(d.preferred_language)
        self.languages.set_skills(d.languages)
        self.accommodation.setText(d.accommodation)
        self.street.setText(d.street)
        self.postcode.setText(d.postcode)
        self.city.setText(d.city)
        self.district.setText(d.district)
        self.phone.setText(d.phone)
        self.email.setText(d.email)
        self.counsellor.setText(d.counsellor)
        self.agency.setText(d.agency)
        self.opened_on.set_value(d.opened_on)
        self.closed_on.set_value(d.closed_on)
        self._show_target_group()
        self.show_problems({})
        self._loaded_state = self.state()

    def clear(self) -> None:
        """Empty every field, table and message: nothing personal stays in a widget."""
        self.dossier = None
        for form in self.forms:
            for editor in form.editors.values():
                if isinstance(editor, QLineEdit):
                    editor.clear()
                    editor.setModified(False)
                elif isinstance(editor, DateField):
                    editor.line.clear()
                elif isinstance(editor, QCheckBox):
                    editor.setChecked(False)
                elif isinstance(editor, QComboBox):
                    editor.setCurrentIndex(0)
                elif isinstance(editor, LanguagesEditor):
                    editor.clear()
            form.clear_problems()
        # Undo stacks of line edits would give the old text back with Ctrl+Z.
        for line in self.findChildren(QLineEdit):
            line.setText("")
            line.setModified(False)
        self.target_group.clear()
        self.message.clear()
        self.message.hide()
        self.household_model.clear()
        self._loaded_state = self.state()

    # --- state ------------------------------------------------------------------------------

    def state(self) -> tuple[Any, ...]:
        """Everything the counsellor can change here, for "unsaved changes?"."""
        values: list[Any] = []
        for form in self.forms:
            for editor in form.editors.values():
                if isinstance(editor, QLineEdit | DateField):
                    values.append(editor.text())
                elif isinstance(editor, QCheckBox):
                    values.append(editor.isChecked())
                elif isinstance(editor, QComboBox):
                    values.append(editor.currentIndex())
                elif isinstance(editor, LanguagesEditor):
                    values.append(tuple(tuple(v.items()) for v in editor.values()))
        return tuple(values)

    def has_unsaved_changes(self) -> bool:
        return self.dossier is not None and self.state() != self._loaded_state

    def revert(self) -> None:
        if self.dossier is not None:
            self.set_dossier(self.dossier)

    # --- validation and saving --------------------------------------------------------------

    def collect(self, local: dict[str, UserError]) -> dict[str, Any]:
        assert self.dossier is not None

        def date_of(field: str, editor: DateField) -> Any:
            try:
                return editor.model_value()
            except InvalidInput as exc:
                local[field] = exc
                return None

        return {
            **self.dossier.model_dump(),
            "family_name": self.family_name.text(),
            "given_names": self.given_names.text(),
            "native_name": self.native_name.text(),
            "aliases": split_list(self.aliases.text(), ";"),
            "birth_date": self.birth_date.model_value(),
            "birth_place": self.birth_place.text(),
            "gender": self.gender.value(),
            "legal_status": self.legal_status.value(),
            "status_valid_until": date_of("status_valid_until", self.status_valid_until),
            "arrival_date": date_of("arrival_date", self.arrival_date),
            "unaccompanied_minor": self.unaccompanied_minor.isChecked(),
            "nationalities": split_list(self.nationalities.text(), ",; "),
            "stateless": self.stateless.isChecked(),
            "preferred_language": self.preferred_language.code() or "de",
            "languages": self.languages.values(),
            "accommodation": self.accommodation.text(),
            "street": self.street.text(),
            "postcode": self.postcode.text(),
            "city": self.city.text(),
            "district": self.district.text(),
            "phone": self.phone.text(),
            "email": self.email.text(),
            "counsellor": self.counsellor.text(),
            "agency": self.agency.text(),
            "opened_on": date_of("opened_on", self.opened_on) or self.dossier.opened_on,
            "closed_on": date_of("closed_on", self.closed_on),
        }

    def build(self) -> Dossier:
        """The edited dossier, validated; raises FieldProblem after showing the messages."""
        local: dict[str, UserError] = {}
        data = self.collect(local)
        problems = dict(local)
        try:
            dossier = validate_record(Dossier, data)
        except FieldProblem as exc:
            for field, problem in exc.problems.items():
                problems.setdefault(field, problem)
            dossier = None
        self.show_problems(problems)
        if problems or dossier is None:
            raise FieldProblem(problems)
        return dossier

    def show_problems(self, problems: dict[str, UserError]) -> None:
        leftover = dict(problems)
        for form in self.forms:
            mine = {f: p for f, p in problems.items() if f.split(".")[0] in form.editors}
            form.show_problems(mine)
            for field in mine:
                leftover.pop(field, None)
        texts = [p.message(self.tr) for p in leftover.values()]
        self.message.setText("\n".join(texts))
        self.message.setVisible(bool(texts))
        for form in self.forms:
            editor = form.first_problem_editor()
            if editor is not None:
                editor.setFocus()
                break

    def problem_text(self, field: str) -> str:
        for form in self.forms:
            if field in form.editors:
                return form.problem_text(field)
        return ""

    def mark_saved(self, dossier: Dossier) -> None:
        self.dossier = dossier
        self._loaded_state = self.state()

    # --- drafts of unsaved changes (gui/drafts.py) --------------------------------------------

    def draft_state(self) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for form in self.forms:
            found.update(form.draft_state())
        return found

    def restore_draft_state(self, state: dict[str, Any]) -> None:
        for form in self.forms:
            form.restore_draft_state(state)
        self._show_target_group()
        self.edited.emit()

    def reopen_draft(self, origin: dict[str, Any]) -> bool:
        """Open the household member dialog a draft came from again."""
        if origin.get("action") == "add_member":
            self.add_member()
            return True
        record_id = origin.get("record_id")
        if origin.get("action") == "edit_member" and isinstance(record_id, str):
            for row, member in enumerate(self.household_model.rows()):
                if member.id == record_id:
                    self.household.selectRow(row)
                    self.edit_member()
                    return True
        return False

    # --- household --------------------------------------------------------------------------

    def _selected_member(self) -> HouseholdMember | None:
        rows = self.household.selectionModel().selectedRows()
        index = rows[0] if rows else self.household.currentIndex()
        return self.household_model.row_object(index.row()) if index.isValid() else None

    def _others(self) -> list[tuple[str, str]]:
        vault = self.ctx.require_vault()
        own = self.dossier.id if self.dossier else ""
        return [
            (s.id, ", ".join(p for p in (s.family_name, s.given_names) if p) or s.native_name)
            for s in vault.summaries()
            if s.id != own
        ]

    def _run_member_dialog(self, title: str, member: HouseholdMember, action: str) -> None:
        dialog = MemberDialog(self.tr, title, member, self._others())
        dialog.setParent(self, dialog.windowFlags())
        origin = {
            "tab": "person",
            "action": action,
            "record_id": member.id if action == "edit_member" else None,
            "dossier_id": member.dossier_id,
        }
        try:
            if not exec_while_unlocked(self.ctx, dialog, origin):
                return
            record = dialog.build()
        except FieldProblem as exc:
            self.ctx.dialogs.show_error(exc, self.tr.gettext("Please check the entries"))
            return
        finally:
            dialog.deleteLater()
        try:
            self.ctx.require_vault().records.save(record)
        except UserError as exc:
            self.ctx.dialogs.show_error(exc)
            return
        self.household_changed.emit()

    def add_member(self) -> None:
        if self.dossier is None:
            return
        # The name as the form shows it: it may be typed but not saved yet.
        member = HouseholdMember.new_in(self.dossier.id, self.family_name.text().strip())
        self._run_member_dialog(self.tr.gettext("New household member"), member, "add_member")

    def edit_member(self) -> None:
        member = self._selected_member()
        if member is not None:
            self._run_member_dialog(self.tr.gettext("Household member"), member, "edit_member")

    def remove_member(self) -> None:
        member = self._selected_member()
        if member is None:
            return
        if not self.ctx.dialogs.ask(
            self.tr.gettext("Remove"), self.tr.gettext("Remove this person from the household?")
        ):
            return
        try:
            self.ctx.require_vault().records.delete(member.KIND, member.id)
        except UserError as exc:
            self.ctx.dialogs.show_error(exc)
            return
        self.household_changed.emit()
