"""The potential analysis of a dossier: a form built from the questionnaire, and its history.

The form is generated from the questionnaire data (sections as group boxes, one editor per
question type), so a municipality's extra questions appear without code. Like the person
form it is edited in place: "unsaved changes" compares the editors with what was loaded,
Save checks every answer first (messages beside the questions) and stores them in one
transaction; nothing is stored while any answer is wrong. Special-category questions
(health) are marked: they stay out of exports unless the counsellor asks for them.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from willkommensordner.domain.analysis import PotentialAnalysis
from willkommensordner.domain.record import FieldProblem
from willkommensordner.errors import InvalidInput, UserError
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.dossier.analysis_history import AnswerChange, answer_changes
from willkommensordner.gui.dossier.answer_editors import AnswerEditor, editor_for
from willkommensordner.gui.dossier.forms import ERROR_STYLE, DateField, Form
from willkommensordner.gui.dossier.models import Column, RecordTableModel
from willkommensordner.gui.widgets import FormScrollArea, record_table
from willkommensordner.guidance.analysis import current_analysis, save_analysis
from willkommensordner.guidance.questionnaire import Questionnaire, default_questionnaire
from willkommensordner.guidance.questionnaire import municipal_problem as questionnaire_problem
from willkommensordner.i18n import N_
from willkommensordner.vault.records import DossierBundle

SENSITIVE_STYLE = "color: #8a5300;"
COMPLETED_ON = "completed_on"


class AnalysisTab(QWidget):
    """`edited` on every change of an answer; `changed` after the analysis was saved."""

    edited = Signal()
    changed = Signal()

    def __init__(
        self,
        ctx: GuiContext,
        questionnaire: Questionnaire | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        tr = self.tr = ctx.tr
        self.questionnaire = questionnaire or default_questionnaire()
        self.questions = self.questionnaire.questions(tr.language)
        self.dossier_id: str | None = None
        self.analysis: PotentialAnalysis | None = None
        self._loaded_state: Any = None
        self.editors: dict[str, AnswerEditor] = {}
        self.forms: dict[str, Form] = {}

        self.status = QLabel()
        self.status.setObjectName("analysisStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("analysisMessage")
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.hide()
        self.unshown: list[str] = []
        self.unshown_note = QLabel()
        self.unshown_note.setObjectName("analysisUnshown")
        self.unshown_note.setStyleSheet(SENSITIVE_STYLE)
        self.unshown_note.setWordWrap(True)
        self.unshown_note.setTextFormat(Qt.TextFormat.PlainText)
        self.unshown_note.hide()
        # Shown only for the municipality's questionnaire, and only while one of its files is
        # broken: someone who can fix it must hear of it.
        problem = questionnaire_problem() if questionnaire is None else None
        self.municipal_note = QLabel(
            tr.format(
                N_(
                    "The municipality's own questions are not in use, only the shipped ones:"
                    " {problem}"
                ),
                {"problem": problem.message(tr)},
            )
            if problem is not None
            else ""
        )
        self.municipal_note.setStyleSheet(SENSITIVE_STYLE)
        self.municipal_note.setWordWrap(True)
        self.municipal_note.setTextFormat(Qt.TextFormat.PlainText)
        self.municipal_note.setVisible(problem is not None)
        # Saved and reverted with the person form, by the dossier's one Save/Revert (Ctrl+S).
        header = QHBoxLayout()
        header.addWidget(self.status, 1)

        # The date of the conversation, in a form of its own so its message sits beside it.
        self.date_form = Form(tr)
        self.completed_on = self.date_form.add(
            COMPLETED_ON, tr.gettext("Date of the analysis"), DateField(tr)
        )
        self.completed_on.setMaximumWidth(160)
        self.completed_on.edited.connect(self._edited)

        grid = QGridLayout()
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        for n, box in enumerate(self._sections()):
            grid.addWidget(box, n // 2, n % 2, Qt.AlignmentFlag.AlignTop)

        self.history_model: RecordTableModel[AnswerChange] = RecordTableModel(
            self._history_columns(), self
        )
        self.history = record_table(self.history_model, tr.gettext("Changes to the analysis"))
        self.history.setWordWrap(False)
        self.history.setMinimumHeight(140)
        history_box = QGroupBox(tr.gettext("Changes to the analysis"))
        QVBoxLayout(history_box).addWidget(self.history)

        content = QWidget()
        outer = QVBoxLayout(content)
        outer.addWidget(self.message)
        outer.addWidget(self.municipal_note)
        outer.addWidget(self.unshown_note)
        outer.addWidget(self.date_form)
        outer.addLayout(grid)
        outer.addWidget(history_box)
        outer.addStretch(1)
        scroll = FormScrollArea(content)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(scroll, 1)
        self.clear()

    # --- building ---------------------------------------------------------------------------

    def _sections(self) -> list[QGroupBox]:
        boxes: dict[str, QGroupBox] = {}
        for text in self.questions:
            q = text.question
            if q.section not in self.forms:
                box = QGroupBox(text.section_title)
                form = Form(self.tr)
                # Questions are long: each label above its answer, not beside it.
                form.layout_.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
                column = QVBoxLayout(box)
                column.setContentsMargins(6, 6, 6, 6)
                column.addWidget(form)
                boxes[q.section] = box
                self.forms[q.section] = form
            editor = editor_for(self.tr, text)
            editor.edited.connect(self._edited)
            label = text.label
            if text.help:
                editor.setToolTip(text.help)
            if q.sensitive:
                editor.setProperty("sensitive", True)
                note = QLabel(self.tr.gettext("Special category — not exported by default"))
                note.setObjectName(f"sensitive_{q.id}")
                note.setStyleSheet(SENSITIVE_STYLE)
                note.setWordWrap(True)
                editor.layout_.addWidget(note)
            self.forms[q.section].add(q.id, label, editor)
            self.editors[q.id] = editor
        return list(boxes.values())

    def _history_columns(self) -> list[Column[AnswerChange]]:
        tr = self.tr
        return [
            Column(tr.gettext("When"), lambda c: f"{c.at.astimezone():%d.%m.%Y %H:%M}"),
            Column(tr.gettext("Who"), lambda c: c.who),
            Column(tr.gettext("Question"), lambda c: c.question, tooltip=lambda c: c.question),
            Column(
                tr.gettext("Change"),
                lambda c: f"{c.old} → {c.new}" if c.old or c.new else "",
                tooltip=lambda c: f"{c.old} → {c.new}" if c.old or c.new else "",
            ),
        ]

    # --- loading ----------------------------------------------------------------------------

    def load(self, bundle: DossierBundle) -> None:
        """Show the dossier's analysis; answers being edited are kept (history refreshes)."""
        same = bundle.dossier.id == self.dossier_id
        self.dossier_id = bundle.dossier.id
        vault = self.ctx.require_vault()
        self.analysis = current_analysis(vault, bundle.dossier.id)
        entries = vault.history(bundle.dossier.id)
        self.history_model.set_rows(answer_changes(entries, self.questions, self.tr))
        self.history.resizeColumnsToContents()
        self._show_status(entries)
        if same and self.has_unsaved_changes():
            return
        self._show_answers()

    def _show_answers(self) -> None:
        answers = self.analysis.answers if self.analysis is not None else {}
        for question_id, editor in self.editors.items():
            editor.set_value(answers.get(question_id))
        # Answers the form cannot show (a question of another town's questionnaire, an option
        # that no longer exists) would be lost by a save: they are named, and Save asks first.
        self.unshown = [
            key
            for key, value in answers.items()
            if key not in self.editors or self._shown_value(key) != value
        ]
        self.unshown_note.setText(
            self.tr.format(
                N_(
                    "This analysis holds answers this questionnaire cannot show: {questions}. "
                    "Saving leaves them out."
                ),
                {"questions": ", ".join(self._question_name(k) for k in self.unshown)},
            )
            if self.unshown
            else ""
        )
        self.unshown_note.setVisible(bool(self.unshown))
        self.completed_on.set_value(self.analysis.completed_on if self.analysis else None)
        self.show_problems({})
        self._loaded_state = self.state()

    def _shown_value(self, question_id: str) -> Any:
        try:
            return self.editors[question_id].value()
        except InvalidInput:
            return None

    def _question_name(self, question_id: str) -> str:
        for text in self.questions:
            if text.question.id == question_id:
                return text.label
        return question_id

    def _show_status(self, entries: list[Any]) -> None:
        if self.analysis is None:
            self.status.setText(self.tr.gettext("No potential analysis recorded yet."))
            return
        last = next(
            (e for e in reversed(entries) if e.record_id == self.analysis.id),
            None,
        )
        parts = [
            self.tr.format(
                N_("Questionnaire version {version}"),
                {"version": self.analysis.questionnaire_version},
            )
        ]
        if last is not None:
            who = ", ".join(p for p in (last.counsellor, last.agency) if p) or "—"
            parts.append(
                self.tr.format(
                    N_("changed on {when} by {who}"),
                    {"when": f"{last.at.astimezone():%d.%m.%Y %H:%M}", "who": who},
                )
            )
        if self.analysis.withheld:
            parts.append(
                self.tr.format(
                    N_(
                        "held back by the agency that sent this dossier (special categories):"
                        " {questions}"
                    ),
                    {
                        "questions": ", ".join(
                            self._question_name(k) for k in self.analysis.withheld
                        )
                    },
                )
            )
        self.status.setText(" · ".join(parts))

    def clear(self) -> None:
        """Empty every answer, the history and the messages (called on lock)."""
        self.dossier_id = None
        self.analysis = None
        for editor in self.editors.values():
            editor.clear()
        self.completed_on.line.setText("")  # setText also drops the undo history
        self.history_model.clear()
        self.status.clear()
        self.unshown = []
        self.unshown_note.clear()
        self.unshown_note.hide()
        self.show_problems({})
        self._loaded_state = self.state()

    # --- state ------------------------------------------------------------------------------

    def state(self) -> tuple[Any, ...]:
        return (
            self.completed_on.text(),
            *(editor.state() for editor in self.editors.values()),
        )

    def has_unsaved_changes(self) -> bool:
        return self.dossier_id is not None and self.state() != self._loaded_state

    def revert(self) -> None:
        if self.dossier_id is not None:
            self._show_answers()

    def _edited(self) -> None:
        self.edited.emit()

    # --- drafts of unsaved changes (gui/drafts.py) --------------------------------------------

    def draft_state(self) -> dict[str, Any]:
        return {
            COMPLETED_ON: self.completed_on.text(),
            "answers": {qid: editor.draft_state() for qid, editor in self.editors.items()},
        }

    def restore_draft_state(self, state: dict[str, Any]) -> None:
        completed_on = state.get(COMPLETED_ON)
        if isinstance(completed_on, str):
            self.completed_on.line.setText(completed_on)
        answers = state.get("answers")
        for question_id, value in (answers if isinstance(answers, dict) else {}).items():
            editor = self.editors.get(question_id)
            if editor is not None:
                editor.restore_draft_state(value)
        self._edited()

    # --- validation and saving --------------------------------------------------------------

    def answers(self, local: dict[str, UserError]) -> dict[str, Any]:
        """The answers from the editors; a value no editor can read becomes a local problem."""
        found: dict[str, Any] = {}
        for question_id, editor in self.editors.items():
            try:
                value = editor.value()
            except InvalidInput as exc:
                local[question_id] = exc
                continue
            if value is not None:
                found[question_id] = value
        return found

    def save(self) -> bool:
        """Check and store the answers; False (messages beside the questions) if any is wrong."""
        if self.dossier_id is None:
            return False
        local: dict[str, UserError] = {}
        answers = self.answers(local)
        try:
            completed_on = self.completed_on.value() or self.ctx.today()
        except InvalidInput as exc:
            local[COMPLETED_ON] = exc
        try:
            self.questionnaire.validate_answers(answers)
        except FieldProblem as exc:
            for field, problem in exc.problems.items():
                local.setdefault(field, problem)
        if local:
            self.show_problems(local)
            return False
        self.show_problems({})
        if self.unshown and not self.ctx.dialogs.ask(
            self.tr.gettext("Save analysis"), self.unshown_note.text()
        ):
            return False
        vault = self.ctx.require_vault()
        try:
            with vault.db.transaction():
                saved = save_analysis(
                    vault,
                    self.dossier_id,
                    answers,
                    completed_on=completed_on,
                    questionnaire=self.questionnaire,
                )
        except FieldProblem as exc:
            self.show_problems(dict(exc.problems))
            return False
        except UserError as exc:
            self.ctx.dialogs.show_error(exc)
            return False
        self.analysis = saved
        self._show_answers()
        self.changed.emit()
        return True

    def show_problems(self, problems: dict[str, UserError]) -> None:
        leftover = dict(problems)
        for form in (self.date_form, *self.forms.values()):
            mine = {f: p for f, p in problems.items() if f in form.editors}
            form.show_problems(mine)
            for field in mine:
                leftover.pop(field, None)
        texts = [p.message(self.tr) for p in leftover.values()]
        self.message.setText("\n".join(texts))
        self.message.setVisible(bool(texts))
        for form in (self.date_form, *self.forms.values()):
            editor = form.first_problem_editor()
            if editor is not None:
                editor.setFocus()
                break

    def problem_text(self, question_id: str) -> str:
        for form in (self.date_form, *self.forms.values()):
            if question_id in form.editors:
                return form.problem_text(question_id)
        return ""
