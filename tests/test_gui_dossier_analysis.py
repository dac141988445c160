"""The potential analysis tab and the "Ways & plan" tab on real temp vaults."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QDialog, QLabel
from pytestqt.qtbot import QtBot

from willkommensordner.domain.agreed_step import AgreedStep, StepOwner
from willkommensordner.domain.dossier import Dossier
from willkommensordner.domain.language import CefrLevel
from willkommensordner.domain.suggestion_decision import Decision, SuggestionDecision
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.dialogs import Choice, DialogRequest, Kind, ScriptedAnswerer
from willkommensordner.gui.dossier.analysis_tab import AnalysisTab
from willkommensordner.gui.dossier.answer_editors import (
    ChoiceAnswer,
    IntegerAnswer,
    LanguageLevelsAnswer,
    MultiChoiceAnswer,
    TextAnswer,
)
from willkommensordner.gui.dossier.dossier_view import DossierView
from willkommensordner.gui.pyside_workarounds import pin_none
from willkommensordner.guidance.analysis import current_analysis, save_analysis
from willkommensordner.guidance.questionnaire import default_questionnaire, load_questionnaire

from .guidance_support import save_case, seven_cases

pytest_plugins = ("tests.gui_support",)

ACCEPT = int(QDialog.DialogCode.Accepted)
CASES = seven_cases()
BY_NAME = {c["name"]: c for c in CASES["cases"]}
TODAY = date.fromisoformat(CASES["today"])


@pytest.fixture
def ctx(unlocked_ctx: GuiContext) -> GuiContext:
    # The seven cases are written for one day; "today" of the views is that day.
    unlocked_ctx.today = lambda: TODAY
    return unlocked_ctx


@pytest.fixture
def view(qtbot: QtBot, ctx: GuiContext) -> DossierView:
    pin_none()
    widget = DossierView(ctx)
    widget.resize(1200, 800)
    qtbot.addWidget(widget)
    widget.show()
    return widget


@pytest.fixture
def dossier(ctx: GuiContext) -> Dossier:
    return ctx.require_vault().records.save(
        Dossier(family_name="Haddad", given_names="Mariam", birth_date="1991-05-01")
    )


def fill(fn: Any) -> Any:
    def answer(request: DialogRequest) -> int:
        fn(request.widget)
        return ACCEPT

    return answer


def choose(editor: Any, value: Any) -> None:
    """Pick an answer in a choice or yes/no combo, the way a click on its entry would."""
    assert isinstance(editor, ChoiceAnswer)
    editor.combo.setCurrentIndex(editor.values.index(value))


# --- potential analysis ------------------------------------------------------------------------


def test_filling_and_saving_the_analysis_stores_the_answers(
    view: DossierView, dossier: Dossier, ctx: GuiContext
) -> None:
    view.open_dossier(dossier.id, tab="analysis")
    tab = view.analysis
    assert tab.status.text() == "No potential analysis recorded yet."
    languages = tab.editors["languages"]
    assert isinstance(languages, LanguageLevelsAnswer)
    languages.add_button.click()
    languages.add_button.click()
    languages.add_button.click()
    levels = [None, *CefrLevel]  # "—" first, as the combo lists them
    for row, (code, level) in enumerate(
        (("ar", CefrLevel.NATIVE), ("de", CefrLevel.A1), ("en", None))
    ):
        languages.table.cellWidget(row, 0).set_code(code)  # type: ignore[union-attr]
        languages.table.cellWidget(row, 1).setCurrentIndex(levels.index(level))  # type: ignore[union-attr]
    languages.table.setCurrentCell(2, 0)
    languages.remove_button.click()  # the third row was a slip
    choose(tab.editors["literacy"], "fluent")
    scripts = tab.editors["scripts"]
    assert isinstance(scripts, MultiChoiceAnswer)
    for value, box in scripts.boxes:
        box.setChecked(value in ("arabic", "latin"))
    school_years = tab.editors["school_years"]
    assert isinstance(school_years, IntegerAnswer)
    school_years.edit.setText("12")
    choose(tab.editors["qualification_to_recognise"], True)
    notes = tab.editors["health_notes"]
    assert isinstance(notes, TextAnswer)
    notes.edit.setPlainText("Rückenschmerzen,\nkein schweres Heben")
    tab.completed_on.set_text("02.05.2026")
    assert view.has_unsaved_changes() and view.save_button.isEnabled()

    assert view.save_changes()

    stored = current_analysis(ctx.require_vault(), dossier.id)
    assert stored is not None
    assert stored.answers == {
        "languages": [{"language": "ar", "level": "native"}, {"language": "de", "level": "A1"}],
        "literacy": "fluent",
        "scripts": ["latin", "arabic"],
        "school_years": 12,
        "qualification_to_recognise": True,
        "health_notes": "Rückenschmerzen,\nkein schweres Heben",
    }
    assert stored.completed_on == date(2026, 5, 2)
    assert not view.has_unsaved_changes()
    assert "changed on" in tab.status.text() and "Erika Beispiel" in tab.status.text()

    # A second sitting: the history names the question and the answers before and after.
    school_years.edit.setText("10")
    assert tab.has_unsaved_changes()
    view.save_button.click()
    assert current_analysis(ctx.require_vault(), dossier.id).answers["school_years"] == 10  # type: ignore[union-attr]
    rows = tab.history_model.rows()
    assert (rows[0].question, rows[0].old, rows[0].new) == ("Years of school", "12", "10")
    assert rows[0].who == "Erika Beispiel, Caritas"
    assert rows[-1].question == "Analysis recorded"
    # The dossier's own history tab has the change as well.
    assert any(e.kind.value == "analysis" for e in view.history.model.rows())


def test_invalid_answers_show_messages_beside_the_questions_and_store_nothing(
    view: DossierView, dossier: Dossier, ctx: GuiContext
) -> None:
    view.open_dossier(dossier.id, tab="analysis")
    tab = view.analysis
    years = tab.editors["school_years"]
    assert isinstance(years, IntegerAnswer)
    years.edit.setText("zwölf")
    work = tab.editors["work_experience_years"]
    assert isinstance(work, IntegerAnswer)
    work.edit.setText("99")
    languages = tab.editors["languages"]
    assert isinstance(languages, LanguageLevelsAnswer)
    languages.add_row("ar", None)  # no level
    tab.completed_on.set_text("31.02.2026")

    assert not view.save_changes()

    assert tab.problem_text("school_years") == "Please enter a whole number."
    assert tab.problem_text("work_experience_years") == "Please enter a number from 0 to 60."
    assert "CEFR" in tab.problem_text("languages")
    assert "not a date" in tab.problem_text("completed_on")
    assert view.current_tab_name() == "analysis"
    assert current_analysis(ctx.require_vault(), dossier.id) is None
    assert view.has_unsaved_changes()

    years.edit.setText("9")
    work.edit.setText("")
    languages.table.cellWidget(0, 1).setCurrentIndex(1 + list(CefrLevel).index(CefrLevel.B1))  # type: ignore[union-attr]
    tab.completed_on.set_text("")
    assert tab.save()
    assert tab.problem_text("school_years") == ""
    stored = current_analysis(ctx.require_vault(), dossier.id)
    assert stored is not None and stored.answers["school_years"] == 9
    assert stored.completed_on == TODAY  # no date given: the day of saving


def test_health_questions_are_marked_as_special_category(
    view: DossierView, dossier: Dossier
) -> None:
    view.open_dossier(dossier.id, tab="analysis")
    sensitive = default_questionnaire().sensitive_ids()
    assert sensitive == {"health_limits", "health_notes"}
    for question_id in sensitive:
        note = view.analysis.findChild(QLabel, f"sensitive_{question_id}")
        assert note is not None and note.isVisible()
        assert note.text() == "Special category — not exported by default"
    assert view.analysis.findChild(QLabel, "sensitive_literacy") is None


def test_unsaved_answers_guard_leaving_and_revert_puts_back_the_stored_ones(
    view: DossierView, dossier: Dossier, ctx: GuiContext, answers: ScriptedAnswerer
) -> None:
    other = ctx.require_vault().records.save(Dossier(family_name="Other"))
    view.open_dossier(dossier.id, tab="analysis")
    choose(view.analysis.editors["driving_licence"], "eu")
    answers.queue(Kind.SAVE_DISCARD_CANCEL, Choice.CANCEL)
    view.open_dossier(other.id)
    assert view.dossier_id == dossier.id and view.analysis.has_unsaved_changes()
    # A change elsewhere in the dossier reloads the view; the typed answers stay.
    view.reload()
    assert view.analysis.editors["driving_licence"].value() == "eu"
    view.revert_changes()
    assert view.analysis.editors["driving_licence"].value() is None
    assert not view.has_unsaved_changes()


@pytest.fixture
def extension(tmp_path: Path) -> Path:
    """A town's extension: a new section and a question added to an existing one."""
    extension = tmp_path / "herne.json"
    extension.write_text(
        json.dumps(
            {
                "format": 1,
                "id": "herne",
                "version": "2",
                "extends": "nrw-potential-analysis",
                "sections": [
                    {
                        "id": "herne_local",
                        "title": "Local offers",
                        "translations": {"de": "Angebote vor Ort"},
                        "questions": [
                            {
                                "id": "herne_sports_club",
                                "type": "choice",
                                "label": "Interested in a sports club",
                                "options": [
                                    {"value": "football", "label": "Football"},
                                    {"value": "swimming", "label": "Swimming"},
                                ],
                            },
                            {"id": "herne_arrival", "type": "date", "label": "First visit"},
                        ],
                    },
                    {
                        "id": "work",
                        "questions": [
                            {"id": "herne_mini_job", "type": "boolean", "label": "Has a mini job"}
                        ],
                    },
                ],
            }
        ),
        encoding="utf-8",
    )
    return extension


def test_a_municipal_extension_gets_its_questions_in_the_form(
    qtbot: QtBot, ctx: GuiContext, dossier: Dossier, extension: Path
) -> None:
    questionnaire = load_questionnaire(None, [extension])
    tab = AnalysisTab(ctx, questionnaire)
    qtbot.addWidget(tab)
    tab.load(ctx.require_vault().records.bundle(dossier.id))
    assert set(tab.forms) >= {"herne_local", "work"}
    choose(tab.editors["herne_sports_club"], "swimming")
    choose(tab.editors["herne_mini_job"], True)
    tab.editors["herne_arrival"].field.set_text("03.04.2026")  # type: ignore[attr-defined]
    assert tab.save()
    stored = current_analysis(ctx.require_vault(), dossier.id)
    assert stored is not None
    assert stored.questionnaire_version == "1+herne.2"
    assert stored.answers == {
        "herne_sports_club": "swimming",
        "herne_mini_job": True,
        "herne_arrival": "2026-04-03",
    }


# --- ways & plan -------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES["cases"], ids=[c["name"] for c in CASES["cases"]])
def test_each_typical_case_shows_its_suggestions_with_why(
    view: DossierView, ctx: GuiContext, case: dict[str, Any]
) -> None:
    dossier_id = save_case(ctx.require_vault(), case)
    view.open_dossier(dossier_id, tab="plan")
    plan = view.plan
    assert sorted(plan.suggestion_cards) == sorted(case["expect_suggestions"])
    assert sorted(plan.responsible_cards) == sorted(case["expect_responsible"])
    for card in [*plan.suggestion_cards.values(), *plan.responsible_cards.values()]:
        assert card.title.text() and card.why.text()
        assert "{" not in card.why.text(), card.rule_id
        assert card.isVisible()


@pytest.mark.usefixtures("demo_content")
def test_the_why_names_the_facts_and_the_contact_point_where_to_go(
    qtbot: QtBot, view: DossierView, ctx: GuiContext
) -> None:
    dossier_id = save_case(ctx.require_vault(), BY_NAME["family_with_small_children"])
    view.open_dossier(dossier_id, tab="plan")
    kita = view.plan.suggestion_cards["kita_registration"]
    assert kita.title.text() == "Register for a Kita place"
    assert kita.why.text().startswith("2 child(ren) of Kita age (2, 4 years)")
    qtbot.waitUntil(lambda: view.plan.contacts is not None, timeout=10_000)
    kita = view.plan.suggestion_cards["kita_registration"]
    contact = view.plan.contacts["musterstadt-kita-portal"]  # type: ignore[index]
    assert contact.name in kita.contact.text()
    assert contact.address is not None and contact.address.one_line() in kita.contact.text()
    assert kita.contact.text().startswith("Kita")


def test_accepting_a_suggestion_makes_an_agreed_step_shown_in_the_steps_tab(
    qtbot: QtBot, view: DossierView, ctx: GuiContext, answers: ScriptedAnswerer
) -> None:
    vault = ctx.require_vault()
    dossier_id = save_case(vault, BY_NAME["single_parent"])
    view.open_dossier(dossier_id, tab="plan")

    def agree(d: Any) -> None:
        assert d.what.toPlainText() == "Register the child for a Kita place"
        d.what.setPlainText("Kita-Platz für Kind C über das Kita-Portal anmelden")
        d.owner.set_value(StepOwner.COUNSELLOR)
        d.owner_name.setText("Erika Beispiel")
        d.due.set_text("01.07.2026")

    answers.queue(Kind.DIALOG, fill(agree))
    button = view.plan.suggestion_cards["kita_registration"].accept_button
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    (step,) = vault.records.parts(dossier_id, AgreedStep)
    assert step.kind == "kita_registration"
    assert step.what == "Kita-Platz für Kind C über das Kita-Portal anmelden"
    assert (step.owner, step.owner_name, step.due) == (
        StepOwner.COUNSELLOR,
        "Erika Beispiel",
        date(2026, 7, 1),
    )
    assert [s.id for s in view.steps.model.rows()] == [step.id]
    assert view.steps.model.index(0, 2).data() == "01.07.2026"
    assert "kita_registration" not in view.plan.suggestion_cards
    assert "Register for a Kita place" in view.plan.in_plan.text()


def test_accept_with_a_wrong_due_date_shows_the_message_and_stores_nothing(
    view: DossierView, ctx: GuiContext, answers: ScriptedAnswerer
) -> None:
    vault = ctx.require_vault()
    dossier_id = save_case(vault, BY_NAME["single_parent"])
    view.open_dossier(dossier_id, tab="plan")
    seen: dict[str, str] = {}

    def wrong(d: Any) -> None:
        d.due.set_text("32.13.2026")
        d.what.setPlainText("")
        d.accept()  # OK stays open with the messages beside the fields
        seen["due"] = d.form.problem_text("due")
        seen["what"] = d.form.problem_text("what")

    answers.queue(Kind.DIALOG, fill(wrong))
    assert not view.plan.accept_suggestion("kita_registration")
    assert "not a date" in seen["due"]
    assert seen["what"] == "Please say what is to be done."
    assert vault.records.parts(dossier_id, AgreedStep) == []
    assert vault.records.parts(dossier_id, SuggestionDecision) == []
    assert "kita_registration" in view.plan.suggestion_cards


def test_dismiss_hides_the_suggestion_with_its_reason_and_restore_brings_it_back(
    qtbot: QtBot, view: DossierView, ctx: GuiContext, answers: ScriptedAnswerer
) -> None:
    vault = ctx.require_vault()
    dossier_id = save_case(vault, BY_NAME["eu_citizen_romania"])
    view.open_dossier(dossier_id, tab="plan")
    assert "eu_health_insurance" in view.plan.suggestion_cards
    assert not view.plan.dismissed_box.isVisible()

    answers.queue(
        Kind.DIALOG, fill(lambda d: d.reason.setPlainText("ist über den Mann versichert"))
    )
    button = view.plan.suggestion_cards["eu_health_insurance"].dismiss_button
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    assert "eu_health_insurance" not in view.plan.suggestion_cards
    dismissed = view.plan.dismissed_cards["eu_health_insurance"]
    assert view.plan.dismissed_box.isVisible()
    assert dismissed.why.text() == "Dismissed on 15.06.2026: ist über den Mann versichert"
    (decision,) = vault.records.parts(dossier_id, SuggestionDecision)
    assert decision.decision is Decision.DISMISSED
    assert decision.reason == "ist über den Mann versichert"
    # Remembered: a fresh view of the dossier shows it dismissed, too.
    view.clear()
    view.open_dossier(dossier_id, tab="plan")
    assert "eu_health_insurance" in view.plan.dismissed_cards

    restore = view.plan.dismissed_cards["eu_health_insurance"].restore_button
    assert restore is not None
    qtbot.mouseClick(restore, Qt.MouseButton.LeftButton)
    assert "eu_health_insurance" in view.plan.suggestion_cards
    assert view.plan.dismissed_cards == {}
    assert vault.records.parts(dossier_id, SuggestionDecision) == []


def test_saving_the_analysis_recomputes_the_suggestions(view: DossierView, ctx: GuiContext) -> None:
    dossier_id = save_case(ctx.require_vault(), BY_NAME["tolerated_person"])
    view.open_dossier(dossier_id, tab="analysis")
    assert "potential_analysis" in view.plan.suggestion_cards
    choose(view.analysis.editors["literacy"], "partial")
    assert view.save_changes()
    assert "potential_analysis" not in view.plan.suggestion_cards


def test_lock_empties_both_tabs(view: DossierView, ctx: GuiContext) -> None:
    dossier_id = save_case(ctx.require_vault(), BY_NAME["young_single_adult_good_prospects"])
    view.open_dossier(dossier_id, tab="analysis")
    assert view.analysis.editors["literacy"].value() == "fluent"
    assert view.plan.suggestion_cards
    ctx.lock()
    assert view.analysis.editors["literacy"].value() is None
    assert view.analysis.history_model.rowCount() == 0
    assert view.plan.suggestion_cards == {} and view.plan.responsible_cards == {}
    assert all(not box.isChecked() for box in view.analysis.findChildren(QCheckBox))


def test_answers_the_form_cannot_show_are_named_and_not_dropped_unasked(
    view: DossierView,
    dossier: Dossier,
    ctx: GuiContext,
    answers: ScriptedAnswerer,
    extension: Path,
) -> None:
    # Recorded elsewhere with the town's extension; this desktop has the base questionnaire.
    vault = ctx.require_vault()
    save_analysis(
        vault,
        dossier.id,
        {"literacy": "fluent", "herne_mini_job": True},
        questionnaire=load_questionnaire(None, [extension]),
    )
    view.open_dossier(dossier.id, tab="analysis")
    tab = view.analysis
    assert tab.unshown == ["herne_mini_job"]
    assert tab.unshown_note.isVisible() and "herne_mini_job" in tab.unshown_note.text()
    assert not tab.has_unsaved_changes()
    choose(tab.editors["literacy"], "partial")

    answers.queue(Kind.QUESTION, False)
    assert not tab.save()
    stored = current_analysis(vault, dossier.id)
    assert stored is not None and stored.answers["herne_mini_job"] is True
    assert stored.answers["literacy"] == "fluent"

    answers.queue(Kind.QUESTION, True)
    assert tab.save()
    stored = current_analysis(vault, dossier.id)
    assert stored is not None and stored.answers == {"literacy": "partial"}
    assert not tab.unshown_note.isVisible()
