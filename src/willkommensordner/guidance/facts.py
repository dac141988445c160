"""The facts rules are checked against, computed from a dossier and its parts.

Ages come from partial birth dates ("00.00.1990"), so an age is a range: the youngest and
the oldest the person can be. Rules say whether a range must lie within bounds for certain
("surely_…") or may do so ("may_be_…").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from willkommensordner.domain.analysis import PotentialAnalysis
from willkommensordner.domain.document import Document
from willkommensordner.domain.dossier import Dossier
from willkommensordner.domain.household import HouseholdMember, HouseholdRole
from willkommensordner.domain.partial_date import PartialDate


class _Missing:
    """A fact we do not know: no rule condition over it holds (except "exists": false)."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


@dataclass(frozen=True, slots=True)
class AgeRange:
    youngest: int
    oldest: int

    @classmethod
    def of(cls, born: PartialDate | None, on: date) -> AgeRange | None:
        if born is None:
            return None
        low, high = born.age_on(on)
        return cls(max(low, 0), max(high, 0))

    def __str__(self) -> str:
        if self.youngest == self.oldest:
            return str(self.youngest)
        return f"{self.youngest}–{self.oldest}"


@dataclass
class Facts:
    values: dict[str, Any]
    members: list[dict[str, Any]] = field(default_factory=list)
    today: date = field(default_factory=date.today)

    def get(self, name: str) -> Any:
        return self.values.get(name, MISSING)


_PARTNERS = (HouseholdRole.SPOUSE, HouseholdRole.PARTNER)


def collect_facts(
    dossier: Dossier,
    household: list[HouseholdMember],
    documents: list[Document],
    analysis: PotentialAnalysis | None,
    today: date,
) -> Facts:
    living = [m for m in household if m.lives_in_household]
    children = [m for m in living if m.role is HouseholdRole.CHILD]
    partner = any(m.role in _PARTNERS for m in living)
    values: dict[str, Any] = {
        "legal_status": dossier.legal_status.value,
        "target_group": dossier.target_group.value,
        "benefit_law": dossier.legal_status.benefit_law.value,
        "gender": dossier.gender.value,
        "unaccompanied_minor": dossier.unaccompanied_minor,
        "nationalities": list(dossier.nationalities),
        "has_children": bool(children),
        "single_parent": bool(children) and not partner and not dossier.unaccompanied_minor,
        "analysis_done": analysis is not None and analysis.completed_on is not None,
        "dossier_open": dossier.is_open,
    }
    age = AgeRange.of(dossier.birth_date, today)
    if age is not None:
        values["age"] = age
    for name in ("status_valid_until", "arrival_date"):
        value = getattr(dossier, name)
        if value is not None:
            values[name] = value
    own = [d for d in documents if d.member_id is None]
    for doc in own:
        values[f"has_document.{doc.type.value}"] = True
        if doc.valid_until is not None:
            key = f"document_valid_until.{doc.type.value}"
            # The newest paper of a type is the one in force.
            values[key] = max(values.get(key, doc.valid_until), doc.valid_until)
    german = {s.language: s.level for s in dossier.languages if s.level is not None}.get("de")
    if german is not None:
        values["german_level"] = german.value
    if analysis is not None:
        for key, value in analysis.answers.items():
            values[f"answer.{key}"] = value
        for entry in analysis.answers.get("languages", []) or []:
            if isinstance(entry, dict) and entry.get("language") == "de":
                values["german_level"] = entry.get("level")
    members = [
        {
            "role": m.role.value,
            "gender": m.gender.value,
            "age": AgeRange.of(m.birth_date, today) or MISSING,
        }
        for m in living
    ]
    return Facts(values=values, members=members, today=today)
