"""Storing a dossier's potential analysis: one record per dossier, its history in the audit."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from willkommensordner.domain.analysis import PotentialAnalysis
from willkommensordner.guidance.questionnaire import Questionnaire, default_questionnaire
from willkommensordner.vault.vault import Vault


def current_analysis(vault: Vault, dossier_id: str) -> PotentialAnalysis | None:
    """The dossier's analysis; copies merged from other agencies may leave several: the
    most recently completed one counts."""
    analyses = vault.records.parts(dossier_id, PotentialAnalysis)
    if not analyses:
        return None
    return max(analyses, key=lambda a: (a.completed_on or date.min, a.id))


def save_analysis(
    vault: Vault,
    dossier_id: str,
    answers: Mapping[str, Any],
    *,
    completed_on: date | None = None,
    questionnaire: Questionnaire | None = None,
) -> PotentialAnalysis:
    """Check the answers against the questionnaire and store them as the dossier's analysis.

    Updating the same record (rather than adding one per sitting) keeps one current
    analysis, while the audit trail holds every earlier answer."""
    questionnaire = questionnaire or default_questionnaire()
    clean = questionnaire.validate_answers(answers)
    vault.records.dossier(dossier_id)
    existing = current_analysis(vault, dossier_id)
    record = PotentialAnalysis(
        dossier_id=dossier_id,
        questionnaire_id=questionnaire.id,
        questionnaire_version=questionnaire.version,
        answers=clean,
        completed_on=completed_on,
        # An answer given here is no longer one that only the sender holds.
        withheld=[k for k in existing.withheld if k not in clean] if existing else [],
    )
    if existing is not None:
        record = record.model_copy(update={"id": existing.id})
    return vault.records.save(record)


def without_sensitive(
    analysis: PotentialAnalysis, questionnaire: Questionnaire | None = None
) -> PotentialAnalysis:
    """The analysis as exports and handovers carry it by default: no special categories."""
    questionnaire = questionnaire or default_questionnaire()
    shared = questionnaire.shareable(analysis.answers)
    held = set(analysis.withheld) | (set(analysis.answers) - set(shared))
    return analysis.model_copy(update={"answers": shared, "withheld": sorted(held)})
