"""The seven typical cases of the Herne report, each with the expected counselling path."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from willkommensordner.guidance.engine import guide
from willkommensordner.i18n import translator
from willkommensordner.vault.vault import Vault

from .guidance_support import save_case, seven_cases

CASES = seven_cases()
TODAY = date.fromisoformat(CASES["today"])


@pytest.mark.parametrize("case", CASES["cases"], ids=[c["name"] for c in CASES["cases"]])
def test_each_typical_case_gets_its_counselling_path(vault: Vault, case: dict[str, Any]) -> None:
    dossier_id = save_case(vault, case)
    guidance = guide(vault, dossier_id, TODAY)
    assert sorted(r.rule_id for r in guidance.responsible) == sorted(case["expect_responsible"])
    assert sorted(s.rule_id for s in guidance.suggestions) == sorted(case["expect_suggestions"])
    tr = translator("en")
    for item in [*guidance.responsible, *guidance.suggestions]:
        text = item.why.text(tr)
        assert "{" not in text, (item.rule_id, text)


def test_the_expiring_duldung_comes_first_and_says_when(vault: Vault) -> None:
    case = next(c for c in CASES["cases"] if c["name"] == "tolerated_person")
    guidance = guide(vault, save_case(vault, case), TODAY)
    first = guidance.suggestions[0]
    assert first.rule_id == "residence_extension" and first.urgent
    assert first.why.params["expires"] == "01.07.2026"
    assert "01.07.2026" in first.why.text(translator("en"))
    assert first.due == date(2026, 6, 22)


def test_children_ages_are_the_reason_for_kita(vault: Vault) -> None:
    case = next(c for c in CASES["cases"] if c["name"] == "family_with_small_children")
    guidance = guide(vault, save_case(vault, case), TODAY)
    kita = next(s for s in guidance.suggestions if s.rule_id == "kita_registration")
    assert kita.why.params["children"] == "2"
    assert kita.why.params["children_ages"] == "2, 4"
    assert kita.contact_point_id == "musterstadt-kita-portal"
