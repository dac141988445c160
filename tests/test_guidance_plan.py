"""Accepting and dismissing suggestions: the integration plan."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from willkommensordner.domain.agreed_step import AgreedStep, StepOwner, StepStatus
from willkommensordner.domain.document import Document
from willkommensordner.domain.document_type import DocumentType
from willkommensordner.domain.dossier import Dossier
from willkommensordner.domain.suggestion_decision import Decision, SuggestionDecision
from willkommensordner.errors import NotFound
from willkommensordner.guidance.engine import accept, dismiss, guide, restore
from willkommensordner.vault.vault import Vault

from .guidance_support import save_case, seven_cases

CASES = {c["name"]: c for c in seven_cases()["cases"]}
TODAY = date(2026, 6, 15)


def ids(items: list) -> set[str]:  # type: ignore[type-arg]
    return {i.rule_id for i in items}


def test_accepting_creates_an_agreed_step_and_the_suggestion_does_not_return(
    vault: Vault,
) -> None:
    did = save_case(vault, CASES["single_parent"])
    step = accept(
        vault,
        did,
        "kita_registration",
        today=TODAY,
        owner=StepOwner.COUNSELLOR,
        due=date(2026, 7, 1),
    )
    stored = vault.records.get(AgreedStep, step.id)
    assert stored.kind == "kita_registration"
    assert stored.owner is StepOwner.COUNSELLOR and stored.due == date(2026, 7, 1)
    assert stored.what == "Das Kind für einen Kita-Platz anmelden"
    [decision] = vault.records.parts(did, SuggestionDecision)
    assert decision.decision is Decision.ACCEPTED and decision.step_id == step.id
    later = guide(vault, did, TODAY + timedelta(days=30))
    assert "kita_registration" not in ids(later.suggestions)
    assert "kita_registration" in later.in_plan
    # Done or not, an agreed step keeps the suggestion away.
    stored.status = StepStatus.DONE
    stored.done_on = TODAY
    vault.records.save(stored)
    assert "kita_registration" not in ids(guide(vault, did, TODAY).suggestions)


def test_dismissed_suggestions_are_remembered_and_can_be_restored(
    vault: Vault,
) -> None:
    did = save_case(vault, CASES["eu_citizen_romania"])
    dismiss(vault, did, "eu_health_insurance", today=TODAY, reason="ist versichert")
    guidance = guide(vault, did, TODAY)
    assert "eu_health_insurance" not in ids(guidance.suggestions)
    assert [(s.rule_id, s.decided_on) for s in guidance.dismissed] == [
        ("eu_health_insurance", TODAY)
    ]
    restore(vault, did, "eu_health_insurance")
    assert "eu_health_insurance" in ids(guide(vault, did, TODAY).suggestions)
    with pytest.raises(NotFound):
        restore(vault, did, "eu_health_insurance")


def test_a_step_agreed_by_hand_with_the_same_kind_counts_as_planned(
    vault: Vault,
) -> None:
    did = save_case(vault, CASES["young_single_adult_good_prospects"])
    vault.records.save(AgreedStep(dossier_id=did, what="Kurs", kind="integration_course"))
    guidance = guide(vault, did, TODAY)
    assert "integration_course" not in ids(guidance.suggestions)
    assert "integration_course" in guidance.in_plan


def test_an_expiring_paper_comes_back_when_the_new_paper_expires_too(
    vault: Vault,
) -> None:
    did = save_case(vault, CASES["tolerated_person"])
    step = accept(vault, did, "residence_extension", today=TODAY)
    assert step.due == TODAY + timedelta(days=7)
    assert "residence_extension" not in ids(guide(vault, did, TODAY).suggestions)
    # The Duldung was extended by three months: when that one runs out, the step is due again.
    dossier = vault.records.dossier(did)
    dossier.status_valid_until = date(2026, 10, 1)
    vault.records.save(dossier)
    for doc in vault.records.parts(did, Document):
        doc.valid_until = date(2026, 10, 1)
        vault.records.save(doc)
    assert "residence_extension" not in ids(guide(vault, did, TODAY).suggestions)
    again = guide(vault, did, date(2026, 8, 20))
    assert "residence_extension" in ids(again.suggestions)
    assert again.suggestions[0].why.params["expires"] == "01.10.2026"


def test_only_current_suggestions_can_be_accepted_or_dismissed(
    vault: Vault,
) -> None:
    did = save_case(vault, CASES["young_single_adult_good_prospects"])
    with pytest.raises(NotFound):
        accept(vault, did, "kita_registration", today=TODAY)
    with pytest.raises(NotFound):
        dismiss(vault, did, "no_such_rule", today=TODAY)
    assert vault.records.parts(did, AgreedStep) == []
    assert vault.records.parts(did, SuggestionDecision) == []


def test_a_document_already_held_ends_the_suggestion(vault: Vault) -> None:
    did = save_case(vault, CASES["eu_citizen_romania"])
    vault.records.save(Document(dossier_id=did, type=DocumentType.MELDEBESCHEINIGUNG))
    assert "eu_registration" not in ids(guide(vault, did, TODAY).suggestions)


def test_unknown_birth_date_is_not_guessed(vault: Vault) -> None:
    d = vault.records.save(Dossier(family_name="Ohne", legal_status="fluechtling"))
    guidance = guide(vault, d.id, TODAY)
    assert not {"responsible_jmd", "responsible_mbe"} & ids(guidance.responsible)
    # Without an age the Jobcenter is still responsible for an SGB II status.
    assert "responsible_jobcenter" in ids(guidance.responsible)


def test_age_at_the_boundary_lists_both_services(vault: Vault) -> None:
    # Born "some day in 1999": on 15.06.2026 the person is 26 or 27.
    d = vault.records.save(
        Dossier(family_name="Grenze", birth_date="00.00.1999", legal_status="subsidiaer")
    )
    guidance = guide(vault, d.id, TODAY)
    jmd = next(r for r in guidance.responsible if r.rule_id == "responsible_jmd")
    assert jmd.why.params["age"] == "26–27"
    assert "responsible_mbe" in ids(guidance.responsible)


def test_an_expired_paper_is_not_called_expiring(vault: Vault) -> None:
    did = save_case(vault, CASES["tolerated_person"])
    guidance = guide(vault, did, date(2026, 7, 3))
    assert "residence_extension" not in ids(guidance.suggestions)
    first = guidance.suggestions[0]
    assert first.rule_id == "residence_expired" and first.urgent
    assert first.why.params["expired"] == "01.07.2026"
    assert first.due == date(2026, 7, 4)
