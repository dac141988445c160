"""Integration monitoring: anonymous aggregate figures for the municipality.

What leaves the vault: counts by case status, target group, residence status, age band and
district; agreed steps by kind and state; the time from arrival to the first language course.
Never names, ids, dates of birth, document numbers or free text.

Disclosure control: a count from 1 to 4 is shown as "<5" (primary suppression). Where a
table's total would then reveal it, further cells are hidden as "." (secondary suppression)
until the hidden cells together hold at least 5 people, or the total is hidden as well.
Labels that come from free text (district, step kind) are only named when at least 5
records carry them; the rest are counted under "other".

Age bands use the youngest age the person can be on the report day (birth dates are often
known only in part). Time to the first language course: days from the arrival date to the
earlier of (a) the first kept appointment with the VHS and (b) the completion date of the
first done step of an integration or literacy course kind (`integration_course`,
`integration_course_admission`, `literacy_course`); dossiers without an arrival date, or
without such an event, do not count. The median is suppressed below 5 dossiers.
"""

from __future__ import annotations

import csv
import io
import re
import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from willkommensordner.domain.legal_status import LegalStatus, TargetGroup
from willkommensordner.domain.partial_date import PartialDate
from willkommensordner.guidance.rules import RuleType, default_rules
from willkommensordner.i18n import N_, Translator
from willkommensordner.vault.vault import Vault

THRESHOLD = 5
PRIMARY = "<5"
SECONDARY = "."
LANGUAGE_COURSE_KINDS = frozenset(
    {"integration_course", "integration_course_admission", "literacy_course"}
)
AGE_BANDS: tuple[tuple[int, int | None, str], ...] = (
    (0, 5, "0–5"),
    (6, 11, "6–11"),
    (12, 17, "12–17"),
    (18, 26, "18–26"),
    (27, 44, "27–44"),
    (45, 64, "45–64"),
    (65, None, "65+"),
)
UNKNOWN = N_("unknown")
OTHER = N_("other")
_KIND = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
STEP_STATES = ("open", "done", "dropped")


def suppress(counts: list[int], total: int) -> tuple[list[str], str]:
    """The shown values of a table's cells and its total."""
    hidden = [0 < c < THRESHOLD for c in counts]
    marks = [PRIMARY if h else str(c) for h, c in zip(hidden, counts, strict=True)]
    if 0 < total < THRESHOLD:
        return [PRIMARY if c else "0" for c in counts], PRIMARY
    shown_total = str(total)
    while any(hidden):
        hidden_sum = sum(c for h, c in zip(hidden, counts, strict=True) if h)
        if sum(hidden) >= 2 and hidden_sum >= THRESHOLD:
            break
        candidates = [i for i, c in enumerate(counts) if not hidden[i] and c > 0]
        if not candidates:
            shown_total = SECONDARY
            break
        smallest = min(candidates, key=lambda i: counts[i])
        hidden[smallest] = True
        marks[smallest] = SECONDARY
    return marks, shown_total


class _SuppressedCounts:
    """Counts as they may leave the vault: small cells hidden (see `suppress`)."""

    counts: list[int]

    @property
    def total(self) -> int:
        return sum(self.counts)

    @property
    def shown(self) -> list[str]:
        return suppress(self.counts, self.total)[0]

    @property
    def shown_total(self) -> str:
        return suppress(self.counts, self.total)[1]


@dataclass
class Distribution(_SuppressedCounts):
    id: str
    title: str  # msgid
    keys: list[str]
    labels: list[str]  # msgids or plain labels
    counts: list[int]


@dataclass
class StepRow(_SuppressedCounts):
    kind: str
    label: str
    counts: list[int]  # open, done, dropped


@dataclass
class LanguageCourseTime:
    dossiers: int  # with an arrival date and a first course
    median_days: float | None
    without_course: int

    @property
    def shown_dossiers(self) -> str:
        return PRIMARY if 0 < self.dossiers < THRESHOLD else str(self.dossiers)

    @property
    def shown_median(self) -> str:
        if self.median_days is None or self.dossiers < THRESHOLD:
            return ""
        return f"{self.median_days:g}"

    @property
    def shown_without(self) -> str:
        return PRIMARY if 0 < self.without_course < THRESHOLD else str(self.without_course)


@dataclass
class Figures:
    as_of: date
    distributions: list[Distribution]
    steps: list[StepRow]
    language_course: LanguageCourseTime


def _age_band(born: str | None, on: date) -> str:
    if not born:
        return UNKNOWN
    youngest = PartialDate.parse(born).age_on(on)[0]
    for low, high, label in AGE_BANDS:
        if youngest >= low and (high is None or youngest <= high):
            return label
    return UNKNOWN


def _named_or_other(counter: Counter[str], minimum: int = THRESHOLD) -> Counter[str]:
    """Free-text labels appear only when enough records carry them."""
    merged: Counter[str] = Counter()
    for label, n in counter.items():
        merged[label if n >= minimum and label not in (UNKNOWN, OTHER) else OTHER] += n
    return merged


def rule_titles() -> dict[str, str]:
    """Step kinds that come from a suggestion rule are labelled with the rule's title."""
    return {r.id: r.title for r in default_rules() if r.type is RuleType.SUGGESTION}


def collect(vault: Vault, today: date, step_titles: dict[str, str] | None = None) -> Figures:
    step_titles = rule_titles() if step_titles is None else step_titles
    dossiers = vault.db.query(
        "SELECT id, json_extract(body, '$.legal_status'), json_extract(body, '$.birth_date'),"
        " json_extract(body, '$.district'), json_extract(body, '$.closed_on'),"
        " json_extract(body, '$.arrival_date') FROM dossier WHERE deleted = 0"
    )
    cases: Counter[str] = Counter()
    groups: Counter[str] = Counter()
    statuses: Counter[str] = Counter()
    ages: Counter[str] = Counter()
    districts: Counter[str] = Counter()
    arrivals: dict[str, date] = {}
    for did, status, born, district, closed, arrival in dossiers:
        legal = LegalStatus(status) if status in LegalStatus._value2member_map_ else None
        legal = legal or LegalStatus.UNKNOWN
        cases["closed" if closed else "open"] += 1
        groups[legal.target_group.value] += 1
        statuses[legal.value] += 1
        ages[_age_band(born, today)] += 1
        districts[(district or "").strip() or UNKNOWN] += 1
        if arrival:
            arrivals[did] = date.fromisoformat(arrival)
    live = {r[0] for r in dossiers}
    steps: dict[str, Counter[str]] = {}
    first_course: dict[str, date] = {}
    # Only the fields counted are read, not the bodies with their free text.
    for did, kind, state, step_kind, done_on, agency, start in vault.db.query(
        "SELECT dossier_id, kind, state, json_extract(body, '$.kind'),"
        " json_extract(body, '$.done_on'), json_extract(body, '$.agency'),"
        " json_extract(body, '$.start') FROM record WHERE deleted = 0"
        " AND kind IN ('agreed_step', 'appointment')"
    ):
        if did not in live:
            continue
        if kind == "agreed_step":
            step_kind = step_kind if step_kind and _KIND.match(step_kind) else OTHER
            state = state or "open"
            steps.setdefault(step_kind, Counter())[state] += 1
            if state == "done" and step_kind in LANGUAGE_COURSE_KINDS and done_on:
                when = date.fromisoformat(done_on)
                first_course[did] = min(first_course.get(did, when), when)
        elif agency == "vhs" and state == "kept" and start:
            when = datetime.fromisoformat(start).date()
            first_course[did] = min(first_course.get(did, when), when)
    waits = [
        (first_course[did] - arrived).days
        for did, arrived in arrivals.items()
        if did in first_course and first_course[did] >= arrived
    ]
    language = LanguageCourseTime(
        dossiers=len(waits),
        median_days=statistics.median(waits) if waits else None,
        without_course=sum(1 for did in arrivals if did not in first_course),
    )
    distributions = [
        Distribution(
            "cases",
            N_("Dossiers"),
            ["open", "closed"],
            [N_("open"), N_("closed")],
            [cases["open"], cases["closed"]],
        ),
        Distribution(
            "target_group",
            N_("Target group"),
            [g.value for g in TargetGroup],
            [g.label for g in TargetGroup],
            [groups[g.value] for g in TargetGroup],
        ),
        Distribution(
            "legal_status",
            N_("Residence status"),
            [s.value for s in LegalStatus],
            [s.label for s in LegalStatus],
            [statuses[s.value] for s in LegalStatus],
        ),
        Distribution(
            "age_band",
            N_("Age band (years)"),
            [b[2] for b in AGE_BANDS] + ["unknown"],
            [b[2] for b in AGE_BANDS] + [UNKNOWN],
            [ages[b[2]] for b in AGE_BANDS] + [ages[UNKNOWN]],
        ),
    ]
    named = _named_or_other(districts)
    district_names = sorted(k for k in named if k not in (OTHER,))
    distributions.append(
        Distribution(
            "district",
            N_("District"),
            [*district_names, "other"],
            [*district_names, N_("other or unknown")],
            [named[k] for k in district_names] + [named[OTHER]],
        )
    )
    kind_totals = Counter({k: sum(c.values()) for k, c in steps.items()})
    rows: dict[str, Counter[str]] = {}
    for k, c in steps.items():
        key = k if kind_totals[k] >= THRESHOLD and k != OTHER else OTHER
        rows.setdefault(key, Counter()).update(c)
    step_rows = [
        StepRow(k, step_titles.get(k, k), [rows[k][s] for s in STEP_STATES])
        for k in sorted(rows, key=lambda k: (k == OTHER, k))
    ]
    return Figures(today, distributions, step_rows, language)


# --- CSV -----------------------------------------------------------------------------------


def to_csv(figures: Figures, tr: Translator) -> str:
    """One row per figure: table; key; label; column; value ("<5" and "." are suppressed)."""
    out = io.StringIO()
    w = csv.writer(out, delimiter=";", lineterminator="\n")
    w.writerow(["table", "key", "label", "column", "value"])
    w.writerow(["report", "as_of", tr.gettext("As of"), "", figures.as_of.isoformat()])
    for dist in figures.distributions:
        for key, label, shown in zip(dist.keys, dist.labels, dist.shown, strict=True):
            w.writerow([dist.id, key, tr.gettext(label), "count", shown])
        w.writerow([dist.id, "total", tr.gettext("Total"), "count", dist.shown_total])
    for row in figures.steps:
        for state, shown in zip(STEP_STATES, row.shown, strict=True):
            w.writerow(["steps", row.kind, tr.gettext(row.label), state, shown])
        w.writerow(["steps", row.kind, tr.gettext(row.label), "total", row.shown_total])
    lc = figures.language_course
    label = tr.gettext("Arrival to first language course")
    w.writerow(["language_course", "dossiers", label, "count", lc.shown_dossiers])
    w.writerow(["language_course", "median_days", label, "days", lc.shown_median])
    w.writerow(["language_course", "without_course", label, "count", lc.shown_without])
    return out.getvalue()


def write_csv(figures: Figures, path: Path, tr: Translator) -> None:
    # utf-8-sig and ";" so that a German spreadsheet opens it as it is.
    path.write_text(to_csv(figures, tr), encoding="utf-8-sig")
