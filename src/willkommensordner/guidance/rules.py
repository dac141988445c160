"""Counselling rules as data (resources/rules/*.json, format in resources/rules/README.md).

A rule names a condition over the facts of a dossier and what follows from it: either an
agency that is responsible for the person, or a suggested next step. Loading checks every
rule and reports all problems at once, with the rule and the place inside it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import cache
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from willkommensordner.domain.agency import Agency
from willkommensordner.domain.agreed_step import StepOwner
from willkommensordner.domain.household import HouseholdRole
from willkommensordner.domain.language import CefrLevel
from willkommensordner.domain.legal_status import LegalStatus
from willkommensordner.guidance import municipal
from willkommensordner.guidance.facts import MISSING, AgeRange, Facts
from willkommensordner.guidance.problems import DataFileInvalid
from willkommensordner.i18n import placeholders
from willkommensordner.paths import resource

FORMAT = 1
_ID = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
_CONTACT = re.compile(r"^[a-z0-9][a-z0-9\-_.]{0,99}$")
_FACT = re.compile(r"^[a-z_]+(\.[a-z0-9_]+)?$")
_PERSON_FACTS = frozenset(
    {
        "legal_status",
        "target_group",
        "benefit_law",
        "gender",
        "unaccompanied_minor",
        "nationalities",
        "has_children",
        "single_parent",
        "analysis_done",
        "dossier_open",
        "age",
        "status_valid_until",
        "arrival_date",
        "german_level",
    }
)
_FACT_FAMILIES = ("answer", "has_document", "document_valid_until")
_MEMBER_FACTS = frozenset({"role", "gender", "age"})
_AGE_OPS = frozenset(
    {
        "may_be_between",
        "surely_between",
        "may_be_at_least",
        "surely_at_least",
        "may_be_below",
        "surely_below",
    }
)
_DATE_OPS = frozenset({"within_weeks", "before_today", "on_or_after", "before"})
_VALUE_OPS = frozenset({"eq", "ne", "in", "not_in", "contains_any", "is", "exists"})
_NUMBER_OPS = frozenset({"gte", "lte", "gt", "lt"})
OPS = _AGE_OPS | _DATE_OPS | _VALUE_OPS | _NUMBER_OPS
# Parameters every `why` text may use, whatever its condition.
ALWAYS_PARAMS = frozenset({"legal_status"})


class RuleType(StrEnum):
    RESPONSIBLE = "responsible"
    SUGGESTION = "suggestion"


@dataclass(frozen=True)
class Rule:
    id: str
    type: RuleType
    title: str  # msgid
    why: str  # msgid with {params} from the facts that matched
    when: dict[str, Any]
    agency: Agency | None
    contact_point: str | None
    step: str  # msgid: the agreed step's text when accepted
    owner: StepOwner
    due_in_days: int
    urgent: bool
    repeat_when_facts_change: bool
    source: str


# --- evaluation ----------------------------------------------------------------------------


def _display(fact: str, value: Any) -> str:
    if fact == "legal_status" and value in LegalStatus._value2member_map_:
        return LegalStatus(value).label  # a msgid: Reason.text translates it
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, list):
        return ", ".join(_display(fact, v) for v in value)
    return str(value)


def _param_name(fact: str) -> str:
    return fact.replace(".", "_")


def _cefr_rank(value: Any) -> int:
    order = [level.value for level in CefrLevel]
    return order.index(value) if value in order else -1


def _leaf(op: str, arg: Any, value: Any, today: date) -> bool:
    if op == "exists":
        return (value is not MISSING) is arg
    if value is MISSING:
        return False
    if op in _AGE_OPS:
        if not isinstance(value, AgeRange):
            return False
        if op == "may_be_between":
            return bool(value.youngest <= arg[1] and value.oldest >= arg[0])
        if op == "surely_between":
            return bool(value.youngest >= arg[0] and value.oldest <= arg[1])
        if op == "may_be_at_least":
            return bool(value.oldest >= arg)
        if op == "surely_at_least":
            return bool(value.youngest >= arg)
        if op == "may_be_below":
            return bool(value.youngest < arg)
        return bool(value.oldest < arg)  # surely_below
    if op in _DATE_OPS:
        if not isinstance(value, date):
            return False
        if op == "within_weeks":
            return value <= today + timedelta(weeks=arg)
        if op == "before_today":
            return (value < today) is arg
        limit = date.fromisoformat(arg)
        return value >= limit if op == "on_or_after" else value < limit
    if op == "eq":
        return bool(value == arg)
    if op == "ne":
        return bool(value != arg)
    if op == "in":
        return value in arg
    if op == "not_in":
        return value not in arg
    if op == "contains_any":
        return isinstance(value, list) and any(v in arg for v in value)
    if op == "is":
        return value is arg
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    results = {"gte": value >= arg, "lte": value <= arg, "gt": value > arg, "lt": value < arg}
    return bool(results[op])


def evaluate(condition: dict[str, Any], facts: Facts) -> dict[str, str] | None:
    """The parameters (facts that made it true) if the condition holds, else None."""
    return _eval(condition, facts.values.get, facts, member=False)


def _eval(cond: dict[str, Any], get: Any, facts: Facts, *, member: bool) -> dict[str, str] | None:
    if "all" in cond:
        params: dict[str, str] = {}
        for sub in cond["all"]:
            found = _eval(sub, get, facts, member=member)
            if found is None:
                return None
            params.update(found)
        return params
    if "any" in cond:
        for sub in cond["any"]:
            found = _eval(sub, get, facts, member=member)
            if found is not None:
                return found
        return None
    if "not" in cond:
        return {} if _eval(cond["not"], get, facts, member=member) is None else None
    if "some_member" in cond:
        spec = cond["some_member"]
        name = spec.get("as", "members")
        matched = []
        for m in facts.members:
            if spec.get("roles") and m["role"] not in spec["roles"]:
                continue
            if "where" in spec and _eval(spec["where"], m.get, facts, member=True) is None:
                continue
            matched.append(m)
        if len(matched) < spec.get("at_least", 1):
            return None
        ages = [str(m["age"]) for m in matched if m["age"] is not MISSING]
        return {name: str(len(matched)), f"{name}_ages": ", ".join(sorted(ages, key=_age_key))}
    fact = cond["fact"]
    op = next(k for k in cond if k in OPS)
    value = get(fact, MISSING)
    if fact == "german_level" and op in ("gte", "lt"):
        ok = value is not MISSING and (
            _cefr_rank(value) >= _cefr_rank(cond[op])
            if op == "gte"
            else _cefr_rank(value) < _cefr_rank(cond[op])
        )
    else:
        ok = _leaf(op, cond[op], value, facts.today)
    if not ok:
        return None
    if value is MISSING:
        return {}
    return {cond.get("as", _param_name(fact)): _display(fact, value)}


def _age_key(text: str) -> int:
    return int(text.split("–")[0])


# --- loading and checking ------------------------------------------------------------------


def _check_condition(cond: Any, where: str, problems: list[str], *, member: bool) -> None:
    if not isinstance(cond, dict) or len(cond) == 0:
        problems.append(f"{where}: a condition must be an object")
        return
    for group in ("all", "any"):
        if group in cond:
            if set(cond) != {group} or not isinstance(cond[group], list) or not cond[group]:
                problems.append(f"{where}: '{group}' takes a non-empty list and nothing else")
                return
            for n, sub in enumerate(cond[group]):
                _check_condition(sub, f"{where}.{group}[{n}]", problems, member=member)
            return
    if "not" in cond:
        if set(cond) != {"not"}:
            problems.append(f"{where}: 'not' stands alone")
            return
        _check_condition(cond["not"], f"{where}.not", problems, member=member)
        return
    if "some_member" in cond:
        spec = cond["some_member"]
        if member or set(cond) != {"some_member"} or not isinstance(spec, dict):
            problems.append(f"{where}: 'some_member' takes an object and cannot be nested")
            return
        for key in sorted(set(spec) - {"roles", "where", "as", "at_least"}):
            problems.append(f"{where}.some_member: unknown key '{key}'")
        roles = spec.get("roles", [])
        if not isinstance(roles, list) or any(
            r not in HouseholdRole._value2member_map_ for r in roles
        ):
            problems.append(f"{where}.some_member.roles: unknown household role")
        if "as" in spec and not (isinstance(spec["as"], str) and _ID.match(spec["as"])):
            problems.append(f"{where}.some_member.as: must be a lower case name")
        if "at_least" in spec and not (type(spec["at_least"]) is int and spec["at_least"] >= 1):
            problems.append(f"{where}.some_member.at_least: must be a whole number from 1")
        if "where" in spec:
            _check_condition(spec["where"], f"{where}.some_member.where", problems, member=True)
        return
    fact = cond.get("fact")
    if not isinstance(fact, str) or not _FACT.match(fact):
        problems.append(f"{where}: needs 'fact' (or all/any/not/some_member)")
        return
    known = _MEMBER_FACTS if member else _PERSON_FACTS
    family = fact.split(".")[0]
    if fact not in known and (member or "." not in fact or family not in _FACT_FAMILIES):
        problems.append(f"{where}: unknown fact '{fact}'")
    ops = [k for k in cond if k in OPS]
    for key in sorted(set(cond) - OPS - {"fact", "as"}):
        problems.append(f"{where}: unknown key '{key}'")
    if len(ops) != 1:
        problems.append(f"{where}: needs exactly one comparison ({', '.join(sorted(OPS))})")
        return
    op, arg = ops[0], cond[ops[0]]
    if "as" in cond and not (isinstance(cond["as"], str) and _ID.match(cond["as"])):
        problems.append(f"{where}.as: must be a lower case name")
    is_age = fact == "age"
    is_date = fact in ("status_valid_until", "arrival_date") or family == "document_valid_until"
    if op in _AGE_OPS and not is_age:
        problems.append(f"{where}: '{op}' only applies to 'age'")
    if is_age and op not in _AGE_OPS | {"exists"}:
        problems.append(f"{where}: 'age' is a range; use {', '.join(sorted(_AGE_OPS))}")
    if op in _DATE_OPS and not is_date:
        problems.append(f"{where}: '{op}' only applies to dates")
    if is_date and op not in _DATE_OPS | {"exists"}:
        problems.append(f"{where}: '{fact}' is a date; use {', '.join(sorted(_DATE_OPS))}")
    if op in ("may_be_between", "surely_between"):
        if not (
            isinstance(arg, list)
            and len(arg) == 2
            and all(type(a) is int for a in arg)
            and arg[0] <= arg[1]
        ):
            problems.append(f"{where}.{op}: needs [low, high] whole numbers")
    elif op in _AGE_OPS | {"within_weeks"} | _NUMBER_OPS:
        if fact == "german_level" and op in ("gte", "lt"):
            if arg not in {level.value for level in CefrLevel}:
                problems.append(f"{where}.{op}: needs a CEFR level")
        elif type(arg) not in (int, float):
            problems.append(f"{where}.{op}: needs a number")
    elif op in ("in", "not_in", "contains_any"):
        if not isinstance(arg, list) or not arg:
            problems.append(f"{where}.{op}: needs a non-empty list")
    elif op in ("is", "exists", "before_today"):
        if not isinstance(arg, bool):
            problems.append(f"{where}.{op}: needs true or false")
    elif op in ("on_or_after", "before"):
        try:
            date.fromisoformat(str(arg))
        except ValueError:
            problems.append(f"{where}.{op}: needs a date YYYY-MM-DD")


def _condition_params(cond: Any) -> set[str]:
    """The parameter names a condition can supply to the rule's `why` text."""
    if not isinstance(cond, dict):
        return set()
    names: set[str] = set()
    for group in ("all", "any"):
        for sub in cond.get(group, []) if isinstance(cond.get(group), list) else []:
            names |= _condition_params(sub)
    if isinstance(cond.get("some_member"), dict):
        name = cond["some_member"].get("as", "members")
        names |= {name, f"{name}_ages"}
    if isinstance(cond.get("fact"), str):
        names.add(cond.get("as", _param_name(cond["fact"])))
    return names


_RULE_KEYS = {
    "id",
    "type",
    "title",
    "why",
    "when",
    "agency",
    "contact_point",
    "step",
    "owner",
    "due_in_days",
    "urgent",
    "repeat_when_facts_change",
}


def _parse_rule(raw: Any, where: str, source: str, problems: list[str]) -> Rule | None:
    if not isinstance(raw, dict):
        problems.append(f"{where}: a rule must be an object")
        return None
    rid = raw.get("id")
    if not isinstance(rid, str) or not _ID.match(rid):
        problems.append(f"{where}.id: must be lower case letters, digits and _")
        rid = "?"
    where = f"{where} ({rid})"
    before = len(problems)
    for key in sorted(set(raw) - _RULE_KEYS):
        problems.append(f"{where}: unknown key '{key}'")
    try:
        rtype = RuleType(str(raw.get("type")))
    except ValueError:
        problems.append(f"{where}.type: must be 'responsible' or 'suggestion'")
        rtype = RuleType.SUGGESTION
    for key in ("title", "why"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            problems.append(f"{where}.{key}: a text (English msgid) is required")
    agency: Agency | None = None
    if "agency" in raw:
        try:
            agency = Agency(raw["agency"])
        except ValueError:
            agencies = ", ".join(a.value for a in Agency)
            problems.append(f"{where}.agency: '{raw['agency']}' is not one of {agencies}")
    elif rtype is RuleType.RESPONSIBLE:
        problems.append(f"{where}.agency: a responsible rule names an agency")
    contact = raw.get("contact_point")
    if contact is not None and not (isinstance(contact, str) and _CONTACT.match(contact)):
        problems.append(f"{where}.contact_point: must be a contact point id like 'musterstadt-abh'")
    step = raw.get("step", "")
    owner = StepOwner.NEWCOMER
    if rtype is RuleType.SUGGESTION:
        if not isinstance(step, str) or not step.strip():
            problems.append(f"{where}.step: a suggestion needs the text of the step")
        try:
            owner = StepOwner(raw.get("owner", "newcomer"))
        except ValueError:
            problems.append(f"{where}.owner: must be newcomer, counsellor or agency")
    else:
        for key in ("step", "owner", "due_in_days", "urgent", "repeat_when_facts_change"):
            if key in raw:
                problems.append(f"{where}.{key}: only suggestions have this")
    due = raw.get("due_in_days", 28)
    if type(due) is not int or not 0 <= due <= 365:
        problems.append(f"{where}.due_in_days: a whole number of days from 0 to 365")
        due = 28
    for key in ("urgent", "repeat_when_facts_change"):
        if not isinstance(raw.get(key, False), bool):
            problems.append(f"{where}.{key}: must be true or false")
    when = raw.get("when")
    _check_condition(when, f"{where}.when", problems, member=False)
    if isinstance(raw.get("why"), str) and isinstance(when, dict):
        missing = placeholders(raw["why"]) - _condition_params(when) - ALWAYS_PARAMS
        if missing:
            problems.append(
                f"{where}.why: uses {{{', '.join(sorted(missing))}}}, which no condition supplies"
            )
    if len(problems) > before:
        return None
    return Rule(
        id=rid,
        type=rtype,
        title=raw["title"],
        why=raw["why"],
        when=when if isinstance(when, dict) else {},
        agency=agency,
        contact_point=contact,
        step=step if isinstance(step, str) else "",
        owner=owner,
        due_in_days=due,
        urgent=bool(raw.get("urgent", False)),
        repeat_when_facts_change=bool(raw.get("repeat_when_facts_change", False)),
        source=source,
    )


Source = Path | Traversable


def parse_rules(name: str, text: str) -> list[Rule]:
    """The rules of one file; raises DataFileInvalid listing every problem."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataFileInvalid(name, [f"not valid JSON (line {exc.lineno}: {exc.msg})"]) from None
    problems: list[str] = []
    if not isinstance(data, dict) or set(data) - {"format", "rules", "comment"}:
        raise DataFileInvalid(name, ["the file must hold an object with 'format' and 'rules'"])
    if data.get("format") != FORMAT:
        problems.append(f"format: must be {FORMAT}")
    raw_rules = data.get("rules")
    if not isinstance(raw_rules, list):
        raise DataFileInvalid(name, [*problems, "rules: a list of rules is required"])
    rules = []
    seen: set[str] = set()
    for n, raw in enumerate(raw_rules):
        rule = _parse_rule(raw, f"rules[{n}]", name, problems)
        if rule is None:
            continue
        if rule.id in seen:
            problems.append(f"rules[{n}]: the id '{rule.id}' is used twice")
        seen.add(rule.id)
        rules.append(rule)
    if problems:
        raise DataFileInvalid(name, problems)
    return rules


@cache
def shipped_rules() -> tuple[Rule, ...]:
    return tuple(load_rules())


@cache
def _with_municipal() -> tuple[tuple[Rule, ...], DataFileInvalid | None]:
    try:
        return tuple(load_rules([*shipped_rule_files(), *municipal.rule_files()])), None
    except DataFileInvalid as exc:
        return shipped_rules(), exc


def default_rules() -> tuple[Rule, ...]:
    """The shipped rules and the municipality's, read once; the shipped ones alone if one of
    the municipality's files is broken (`municipal_problem()` then says why)."""
    return _with_municipal()[0]


def municipal_problem() -> DataFileInvalid | None:
    """Why the municipality's rules are not in use, if they are not."""
    return _with_municipal()[1]


def shipped_rule_files() -> list[Source]:
    folder = resource("rules")
    return sorted((f for f in folder.iterdir() if f.name.endswith(".json")), key=lambda f: f.name)


def load_rules(sources: Iterable[Source] | None = None) -> list[Rule]:
    """All rules of the shipped files (or the given ones), ids unique across files."""
    if sources is None:
        sources = shipped_rule_files()
    rules: list[Rule] = []
    where: dict[str, str] = {}
    for source in sources:
        try:
            text = source.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            raise DataFileInvalid(source.name, ["the file cannot be read"]) from None
        for rule in parse_rules(source.name, text):
            if rule.id in where:
                raise DataFileInvalid(
                    source.name, [f"the rule id '{rule.id}' is already used in {where[rule.id]}"]
                )
            where[rule.id] = source.name
            rules.append(rule)
    return rules
