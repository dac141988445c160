"""A municipality's own questionnaire questions and rules, from the data folder."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from tests.exchange_support import add_dossier, give_consent, introduce, make_vault
from willkommensordner.cli import main
from willkommensordner.domain.dossier import Dossier
from willkommensordner.exchange.exporter import Exporter
from willkommensordner.exchange.importer import Importer
from willkommensordner.guidance import questionnaire, rules
from willkommensordner.guidance.analysis import current_analysis, save_analysis
from willkommensordner.guidance.engine import guide
from willkommensordner.vault.vault import Vault

pytest_plugins = ("tests.gui_support",)

EXTENSION = {
    "format": 1,
    "id": "herne",
    "version": "1",
    "extends": "nrw-potential-analysis",
    "sections": [
        {
            "id": "herne_extra",
            "title": "Herne",
            "questions": [
                {"id": "bike", "type": "boolean", "label": "Can ride a bicycle"},
                {
                    "id": "trauma_support",
                    "type": "text",
                    "label": "Wishes for psychosocial support",
                    "sensitive": True,
                },
            ],
        }
    ],
}
RULES = {
    "format": 1,
    "rules": [
        {
            "id": "herne_bike_course",
            "type": "suggestion",
            "title": "Radfahrkurs beim ADFC Herne",
            "why": "Kann noch nicht Rad fahren: der Kurs ist kostenlos.",
            "step": "Zum Radfahrkurs anmelden",
            "when": {"fact": "answer.bike", "is": False},
        }
    ],
}


def _clear() -> None:
    for fn in (
        questionnaire._with_municipal,
        questionnaire.shipped_questionnaire,
        rules._with_municipal,
        rules.shipped_rules,
    ):
        fn.cache_clear()


@pytest.fixture
def town(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "guidance"
    (folder / "questionnaire").mkdir(parents=True)
    (folder / "rules").mkdir()
    (folder / "questionnaire" / "herne.json").write_text(json.dumps(EXTENSION), "utf-8")
    (folder / "rules" / "60_herne.json").write_text(json.dumps(RULES), "utf-8")
    monkeypatch.setenv("WKO_GUIDANCE_DIR", str(folder))
    _clear()
    yield folder
    monkeypatch.undo()
    _clear()


def test_the_towns_questions_and_rules_are_used(town: Path, vault: Vault) -> None:
    q = questionnaire.default_questionnaire()
    assert {"bike", "trauma_support"} <= {i.id for i in q.items}
    assert "trauma_support" in q.sensitive_ids()
    assert "herne_bike_course" in {r.id for r in rules.default_rules()}
    d = vault.records.save(Dossier(family_name="Rad", given_names="Rosa"))
    save_analysis(vault, d.id, {"bike": False})
    suggested = guide(vault, d.id, date(2026, 6, 1)).suggestions
    bike = next(s for s in suggested if s.rule_id == "herne_bike_course")
    assert bike.title == "Radfahrkurs beim ADFC Herne"
    # The shipped msgids stay the catalog's: the town's texts are not extracted.
    from willkommensordner.guidance.msgids import data_msgids

    assert "Can ride a bicycle" not in data_msgids()


def test_a_towns_sensitive_question_stays_home_in_an_export(town: Path, tmp_path: Path) -> None:
    a = make_vault(tmp_path, "a", "Sozialamt Herne")
    b = make_vault(tmp_path, "b", "Jobcenter Herne")
    b_in_a, _ = introduce(a, b)
    d = add_dossier(a)
    save_analysis(a, d.id, {"bike": True, "trauma_support": "Gesprächsgruppe Zaunkönig"})
    give_consent(a, d.id, b_in_a)
    out = tmp_path / "x.wkox"
    Exporter(a).export([d.id], out, recipients=[b_in_a])
    Importer(b).apply(out)
    at_b = current_analysis(b, d.id)
    assert at_b is not None
    assert at_b.answers == {"bike": True} and at_b.withheld == ["trauma_support"]
    a.close()
    b.close()


def test_a_broken_town_file_falls_back_and_says_why(
    town: Path, vault: Vault, capsys: pytest.CaptureFixture[str]
) -> None:
    (town / "rules" / "61_broken.json").write_text('{"format": 1, "rules": [{"id": "x"}]}')
    _clear()
    assert {r.id for r in rules.default_rules()} == {r.id for r in rules.shipped_rules()}
    problem = rules.municipal_problem()
    assert problem is not None and problem.source == "61_broken.json"
    assert questionnaire.municipal_problem() is None
    assert main(["guidance", "check"]) == 4
    assert "61_broken.json" in capsys.readouterr().err


def test_guidance_check_counts_what_the_town_adds(
    town: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANGUAGE", "en")
    assert main(["guidance", "check", "--dir", str(town)]) == 0
    out = capsys.readouterr().out
    assert "2 of them from 1 file(s)" in out and "1 of them from 1 file(s)" in out


def test_the_app_says_when_the_towns_files_are_not_in_use(town: Path, qtbot, unlocked_ctx) -> None:  # type: ignore[no-untyped-def]
    from willkommensordner.gui.dossier.analysis_tab import AnalysisTab
    from willkommensordner.gui.dossier.plan_tab import PlanTab

    plan, analysis = PlanTab(unlocked_ctx), AnalysisTab(unlocked_ctx)
    qtbot.addWidget(plan)
    qtbot.addWidget(analysis)
    assert plan.municipal_note.isHidden() and analysis.municipal_note.isHidden()
    (town / "rules" / "61_broken.json").write_text("{not json")
    (town / "questionnaire" / "broken.json").write_text("[]")
    _clear()
    plan, analysis = PlanTab(unlocked_ctx), AnalysisTab(unlocked_ctx)
    qtbot.addWidget(plan)
    qtbot.addWidget(analysis)
    assert not plan.municipal_note.isHidden() and "61_broken.json" in plan.municipal_note.text()
    assert "broken.json" in analysis.municipal_note.text()
    assert not analysis.municipal_note.isHidden()
