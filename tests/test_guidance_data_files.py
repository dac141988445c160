"""The questionnaire and the rules are data: checked on load, every problem listed."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from willkommensordner.domain.analysis import PotentialAnalysis
from willkommensordner.domain.dossier import Dossier
from willkommensordner.domain.record import FieldProblem
from willkommensordner.guidance.analysis import current_analysis, save_analysis, without_sensitive
from willkommensordner.guidance.msgids import data_msgids
from willkommensordner.guidance.problems import DataFileInvalid
from willkommensordner.guidance.questionnaire import (
    QuestionType,
    default_questionnaire,
    load_questionnaire,
)
from willkommensordner.guidance.rules import load_rules, parse_rules
from willkommensordner.paths import resource
from willkommensordner.vault.vault import Vault


def test_the_shipped_questionnaire_covers_the_potential_analysis() -> None:
    q = default_questionnaire()
    assert (q.id, q.version) == ("nrw-potential-analysis", "1")
    types = {item.id: item.type for item in q.items}
    for needed in (
        "languages",
        "literacy",
        "scripts",
        "school_years",
        "school_certificate",
        "vocational_training",
        "work_experience_years",
        "qualification_to_recognise",
        "skills",
        "health_limits",
        "childcare_needed",
        "driving_licence",
    ):
        assert needed in types
    assert types["languages"] is QuestionType.LANGUAGE_LEVELS
    assert q.sensitive_ids() == {"health_limits", "health_notes"}
    texts = q.questions("de")
    assert texts[0].label == "Gesprochene Sprachen mit Niveau (GER A1–C2 oder Muttersprache)"
    assert q.questions("en")[0].label == "Languages spoken, with level (CEFR A1–C2, or native)"
    literacy = next(t for t in texts if t.question.id == "literacy")
    assert [v for v, _ in literacy.options] == ["none", "partial", "fluent"]


def test_answers_are_checked_per_question() -> None:
    q = default_questionnaire()
    clean = q.validate_answers(
        {
            "languages": [{"language": "ar", "level": "native"}, {"language": "de", "level": "A2"}],
            "school_years": "9",
            "goals": ["work", "language_course", "work"],
            "skills": "  Kochen, Nähen ",
            "health_limits": None,
        }
    )
    assert clean == {
        "languages": [{"language": "ar", "level": "native"}, {"language": "de", "level": "A2"}],
        "school_years": 9,
        "goals": ["language_course", "work"],
        "skills": "Kochen, Nähen",
    }
    with pytest.raises(FieldProblem) as caught:
        q.validate_answers(
            {
                "school_years": 99,
                "literacy": "maybe",
                "languages": [{"language": "xx-nope", "level": "A1"}],
                "unknown": True,
                "health_limits": "yes",
            }
        )
    assert set(caught.value.problems) == {
        "school_years",
        "literacy",
        "languages",
        "unknown",
        "health_limits",
    }


def test_sensitive_answers_stay_out_of_shared_answers(vault: Vault) -> None:
    q = default_questionnaire()
    answers = {"literacy": "fluent", "health_limits": True, "health_notes": "Rücken"}
    assert q.shareable(answers) == {"literacy": "fluent"}
    d = vault.records.save(Dossier(family_name="Teilen"))
    stored = save_analysis(vault, d.id, answers)
    shared = without_sensitive(stored)
    assert shared.answers == {"literacy": "fluent"} and shared.id == stored.id
    assert current_analysis(vault, d.id) == stored


def test_the_analysis_is_one_record_whose_history_is_in_the_audit(vault: Vault) -> None:
    d = vault.records.save(Dossier(family_name="Analyse"))
    first = save_analysis(vault, d.id, {"literacy": "partial"}, completed_on=date(2026, 1, 5))
    second = save_analysis(vault, d.id, {"literacy": "fluent"}, completed_on=date(2026, 5, 5))
    assert first.id == second.id
    assert len(vault.records.parts(d.id, PotentialAnalysis)) == 1
    current = current_analysis(vault, d.id)
    assert current is not None and current.answers == {"literacy": "fluent"}
    assert current.questionnaire_version == "1"
    changes = [(e.action, e.field, e.old, e.new) for e in vault.history(d.id)]
    assert ("update", "answers", {"literacy": "partial"}, {"literacy": "fluent"}) in changes
    with pytest.raises(FieldProblem):
        save_analysis(vault, d.id, {"literacy": "never"})
    assert current_analysis(vault, d.id) == current


def test_a_town_extends_the_questionnaire(tmp_path: Path) -> None:
    ext = tmp_path / "herne.json"
    ext.write_text(
        json.dumps(
            {
                "format": 1,
                "id": "herne",
                "version": "2",
                "extends": "nrw-potential-analysis",
                "sections": [
                    {
                        "id": "mobility",
                        "questions": [
                            {"id": "bike", "type": "boolean", "label": "Can ride a bicycle"}
                        ],
                    },
                    {
                        "id": "volunteering",
                        "title": "Volunteering",
                        "translations": {"de": "Ehrenamt"},
                        "questions": [
                            {
                                "id": "volunteer_interest",
                                "type": "boolean",
                                "label": "Interested in volunteering",
                                "translations": {"de": "Interesse am Ehrenamt"},
                            }
                        ],
                    },
                ],
            }
        ),
        encoding="utf-8",
    )
    q = load_questionnaire(extensions=[ext])
    assert q.version == "1+herne.2"
    assert q.question("bike").section == "mobility"
    texts = {t.question.id: t for t in q.questions("de")}
    assert texts["volunteer_interest"].label == "Interesse am Ehrenamt"
    assert texts["volunteer_interest"].section_title == "Ehrenamt"
    assert q.validate_answers({"bike": True}) == {"bike": True}


def test_a_broken_questionnaire_lists_every_problem(tmp_path: Path) -> None:
    ext = tmp_path / "bad.json"
    ext.write_text(
        json.dumps(
            {
                "format": 1,
                "id": "bad",
                "version": "1",
                "extends": "nrw-potential-analysis",
                "sections": [
                    {
                        "id": "new_one",
                        "questions": [
                            {"id": "literacy", "type": "boolean", "label": "dup"},
                            {"id": "x", "type": "choice", "label": "one", "options": []},
                            {"id": "y", "type": "colour", "label": "?"},
                        ],
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    with pytest.raises(DataFileInvalid) as caught:
        load_questionnaire(extensions=[ext])
    problems = caught.value.problems
    assert len(problems) == 4, problems
    assert any("new section needs a title" in p for p in problems)
    assert any("'literacy' is taken" in p for p in problems)
    assert any("at least two options" in p for p in problems)
    assert any("(y).type" in p for p in problems)
    assert "bad.json" in caught.value.message()


def test_the_shipped_rules_load_and_reference_real_agencies() -> None:
    rules = load_rules()
    assert len({r.id for r in rules}) == len(rules) > 20
    assert (resource("rules") / "README.md").is_file()


def test_broken_rules_list_every_problem() -> None:
    text = json.dumps(
        {
            "format": 1,
            "rules": [
                {
                    "id": "a",
                    "type": "suggestion",
                    "title": "A",
                    "why": "Because {nothing}.",
                    "step": "Do it",
                    "agency": "mars_office",
                    "when": {"fact": "age", "eq": 5},
                },
                {
                    "id": "b",
                    "type": "responsible",
                    "title": "B",
                    "why": "B",
                    "when": {"all": [{"fact": "shoe_size", "gte": 40}, {"fact": "legal_status"}]},
                },
                {
                    "id": "b",
                    "type": "suggestion",
                    "title": "C",
                    "why": "C",
                    "step": "C",
                    "when": {"some_member": {"roles": ["cousin"], "where": {"fact": "x", "is": 1}}},
                },
            ],
        }
    )
    with pytest.raises(DataFileInvalid) as caught:
        parse_rules("town.json", text)
    problems = caught.value.problems
    joined = "\n".join(problems)
    assert "(a).agency: 'mars_office'" in joined
    assert "'age' is a range" in joined
    assert "{nothing}" in joined
    assert "(b).agency: a responsible rule names an agency" in joined
    assert "unknown fact 'shoe_size'" in joined
    assert "needs exactly one comparison" in joined
    assert "unknown household role" in joined
    assert "unknown fact 'x'" in joined
    assert "is.: needs true or false" not in joined


def test_rules_from_two_files_must_not_share_ids(tmp_path: Path) -> None:
    rule = {
        "id": "same",
        "type": "suggestion",
        "title": "T",
        "why": "W",
        "step": "S",
        "when": {"fact": "has_children", "is": True},
    }
    for name in ("a.json", "b.json"):
        (tmp_path / name).write_text(json.dumps({"format": 1, "rules": [rule]}), "utf-8")
    assert len(load_rules([tmp_path / "a.json"])) == 1
    with pytest.raises(DataFileInvalid, match=r"already used in a\.json"):
        load_rules([tmp_path / "a.json", tmp_path / "b.json"])


def test_data_file_texts_are_offered_to_the_catalog() -> None:
    ids = data_msgids()
    assert "Register for a Kita place" in ids
    assert "Reads and writes a little" in ids
    assert len(ids) == len(set(ids)) > 100


def test_rules_name_contact_points_the_musterstadt_pack_has() -> None:
    contacts = json.loads(
        (resource("content") / "musterstadt" / "contacts.json").read_text(encoding="utf-8")
    )
    known = {c["id"] for c in contacts}
    named = {r.contact_point for r in load_rules() if r.contact_point}
    assert len(named) >= 10
    assert named <= known, named - known
