"""Counselling paths and the integration plan: which agencies are responsible, which next
steps the rules suggest, and what the counsellor decided about each suggestion."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from willkommensordner.domain.agency import Agency
from willkommensordner.domain.agreed_step import AgreedStep, StepOwner
from willkommensordner.domain.document import Document
from willkommensordner.domain.household import HouseholdMember
from willkommensordner.domain.legal_status import LegalStatus
from willkommensordner.domain.suggestion_decision import Decision, SuggestionDecision
from willkommensordner.errors import NotFound
from willkommensordner.guidance.analysis import current_analysis
from willkommensordner.guidance.facts import collect_facts
from willkommensordner.guidance.rules import Rule, RuleType, default_rules, evaluate
from willkommensordner.i18n import DEFAULT_LANGUAGE, N_, Translator, translator
from willkommensordner.vault.vault import Vault


@dataclass(frozen=True)
class Reason:
    """Why a rule fired: its `why` msgid and the facts that matched, ready to translate."""

    msgid: str
    params: dict[str, str]

    def text(self, tr: Translator) -> str:
        # Parameter values are dates, numbers or msgids (status labels); translating a date
        # or a number leaves it as it is.
        return tr.format(self.msgid, {k: tr.gettext(v) for k, v in self.params.items()})


@dataclass(frozen=True)
class Responsible:
    rule_id: str
    agency: Agency
    contact_point_id: str | None
    role: str  # msgid
    why: Reason

    def to_json(self) -> dict[str, Any]:
        return {
            "rule_id": self.rule_id,
            "agency": self.agency.value,
            "contact_point_id": self.contact_point_id,
            "role": self.role,
            "why": {"msgid": self.why.msgid, "params": self.why.params},
        }


@dataclass(frozen=True)
class Suggestion:
    rule_id: str
    title: str  # msgid
    step: str  # msgid
    agency: Agency | None
    contact_point_id: str | None
    owner: StepOwner
    due: date
    urgent: bool
    why: Reason
    decided_on: date | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "rule_id": self.rule_id,
            "title": self.title,
            "step": self.step,
            "agency": self.agency.value if self.agency else None,
            "contact_point_id": self.contact_point_id,
            "owner": self.owner.value,
            "due": self.due.isoformat(),
            "urgent": self.urgent,
            "why": {"msgid": self.why.msgid, "params": self.why.params},
            "decided_on": self.decided_on.isoformat() if self.decided_on else None,
        }


@dataclass
class Guidance:
    responsible: list[Responsible] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)
    dismissed: list[Suggestion] = field(default_factory=list)
    # Rules whose step is already in the plan (accepted, or agreed by hand with that kind).
    in_plan: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "responsible": [r.to_json() for r in self.responsible],
            "suggestions": [s.to_json() for s in self.suggestions],
            "dismissed": [s.to_json() for s in self.dismissed],
            "in_plan": list(self.in_plan),
        }


def _decisions(vault: Vault, dossier_id: str) -> dict[str, SuggestionDecision]:
    """The latest decision per rule."""
    latest: dict[str, SuggestionDecision] = {}
    for d in vault.records.parts(dossier_id, SuggestionDecision):
        known = latest.get(d.rule_id)
        if known is None or (d.decided_on, d.id) >= (known.decided_on, known.id):
            latest[d.rule_id] = d
    return latest


def _holds(rule: Rule, decision: SuggestionDecision, params: dict[str, str]) -> bool:
    """A decision stands unless the rule repeats and its facts have changed since."""
    return not rule.repeat_when_facts_change or decision.facts == params


def guide(vault: Vault, dossier_id: str, today: date, rules: list[Rule] | None = None) -> Guidance:
    rules = list(default_rules()) if rules is None else rules
    dossier = vault.records.dossier(dossier_id)
    facts = collect_facts(
        dossier,
        vault.records.parts(dossier_id, HouseholdMember),
        vault.records.parts(dossier_id, Document),
        current_analysis(vault, dossier_id),
        today,
    )
    step_kinds = {s.kind for s in vault.records.parts(dossier_id, AgreedStep) if s.kind}
    decisions = _decisions(vault, dossier_id)
    base = {"legal_status": LegalStatus(dossier.legal_status).label}
    result = Guidance()
    for rule in rules:
        matched = evaluate(rule.when, facts)
        if matched is None:
            continue
        params = {**base, **matched}
        why = Reason(rule.why, params)
        if rule.type is RuleType.RESPONSIBLE:
            assert rule.agency is not None
            result.responsible.append(
                Responsible(rule.id, rule.agency, rule.contact_point, rule.title, why)
            )
            continue
        suggestion = Suggestion(
            rule_id=rule.id,
            title=rule.title,
            step=rule.step,
            agency=rule.agency,
            contact_point_id=rule.contact_point,
            owner=rule.owner,
            due=today + timedelta(days=rule.due_in_days),
            urgent=rule.urgent,
            why=why,
        )
        decision = decisions.get(rule.id)
        if decision is not None and _holds(rule, decision, params):
            if decision.decision is Decision.DISMISSED:
                result.dismissed.append(replace(suggestion, decided_on=decision.decided_on))
            else:
                result.in_plan.append(rule.id)
            continue
        if rule.id in step_kinds and (decision is None or not rule.repeat_when_facts_change):
            result.in_plan.append(rule.id)
            continue
        result.suggestions.append(suggestion)
    result.suggestions.sort(key=lambda s: (not s.urgent, s.due))
    return result


def _current(
    vault: Vault, dossier_id: str, rule_id: str, today: date, rules: list[Rule] | None
) -> Suggestion:
    guidance = guide(vault, dossier_id, today, rules)
    for s in (*guidance.suggestions, *guidance.dismissed):
        if s.rule_id == rule_id:
            return s
    raise NotFound(N_("There is no open suggestion '{rule}' for this dossier."), rule=rule_id)


def accept(
    vault: Vault,
    dossier_id: str,
    rule_id: str,
    *,
    today: date,
    owner: StepOwner | None = None,
    owner_name: str = "",
    due: date | None = None,
    what: str | None = None,
    tr: Translator | None = None,
    rules: list[Rule] | None = None,
) -> AgreedStep:
    """Take a suggestion into the integration plan as an agreed step (kind = rule id)."""
    suggestion = _current(vault, dossier_id, rule_id, today, rules)
    tr = tr or translator(DEFAULT_LANGUAGE)
    step = AgreedStep(
        dossier_id=dossier_id,
        what=what if what is not None else tr.gettext(suggestion.step),
        owner=owner or suggestion.owner,
        owner_name=owner_name,
        due=due or suggestion.due,
        kind=rule_id,
    )
    with vault.db.transaction():
        vault.records.save(step)
        vault.records.save(
            SuggestionDecision(
                dossier_id=dossier_id,
                rule_id=rule_id,
                decision=Decision.ACCEPTED,
                decided_on=today,
                step_id=step.id,
                facts=suggestion.why.params,
            )
        )
    return step


def dismiss(
    vault: Vault,
    dossier_id: str,
    rule_id: str,
    *,
    today: date,
    reason: str = "",
    rules: list[Rule] | None = None,
) -> SuggestionDecision:
    """Set a suggestion aside; it stays listed under `dismissed` and is not suggested again."""
    suggestion = _current(vault, dossier_id, rule_id, today, rules)
    return vault.records.save(
        SuggestionDecision(
            dossier_id=dossier_id,
            rule_id=rule_id,
            decision=Decision.DISMISSED,
            decided_on=today,
            facts=suggestion.why.params,
            reason=reason,
        )
    )


def restore(vault: Vault, dossier_id: str, rule_id: str) -> None:
    """Undo a dismissal: the suggestion comes back."""
    found = False
    with vault.db.transaction():
        for d in vault.records.parts(dossier_id, SuggestionDecision):
            if d.rule_id == rule_id and d.decision is Decision.DISMISSED:
                vault.records.delete(d.KIND, d.id)
                found = True
    if not found:
        raise NotFound(N_("There is no dismissed suggestion '{rule}'."), rule=rule_id)
