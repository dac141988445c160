"""k-anonymity over what anonymised dossiers keep: nobody is one of fewer than k alike.

An anonymised dossier keeps four quasi-identifiers for the monitoring: nationality, district,
birth quarter and arrival date. In a small municipality one Eritrean woman born in 1961-Q2
who arrived in March is a person, not a statistic. So after each anonymisation the kept
values of all anonymised dossiers are generalised together, each attribute in steps:

    birth:       quarter → year → 5-year band → removed
    arrival:     month → quarter → year → removed
    district:    district → municipality (removed; the municipality is the agency's)
    nationality: country → region (continent, from the CLDR time-zone data) → removed

choosing, among all combinations of steps, the least coarsening after which every combination
is shared by at least k dossiers, or no more than a few (one in twenty) stay in smaller
groups; those have all four removed (suppression). Generalising only ever coarsens:
what was removed stays removed. A band or a region does not fit the dossier's own fields;
it is kept as a label in `generalised`. Monitoring keeps its own small-cell suppression.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache

from babel.core import get_global

from willkommensordner.domain.dossier import Dossier
from willkommensordner.domain.partial_date import PartialDate
from willkommensordner.errors import InvalidInput
from willkommensordner.i18n import N_
from willkommensordner.vault.vault import Vault

DEFAULT_K = 5
_META_KEY = "k_anonymity"
ATTRIBUTES = ("birth", "arrival", "district", "nationality")
# Steps each attribute can go (level 0 = as kept by anonymisation).
MAX_LEVEL = {"birth": 3, "arrival": 3, "district": 1, "nationality": 2}
Key = tuple[str | None, ...]


def k_value(vault: Vault) -> int:
    value = vault.db.scalar("SELECT value FROM meta WHERE key = ?", (_META_KEY,))
    return int(value) if value is not None else DEFAULT_K


def set_k_value(vault: Vault, k: int) -> None:
    if not 2 <= k <= 100:
        raise InvalidInput(N_("k must be between 2 and 100."))
    with vault.db.transaction():
        vault.db.execute(
            "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (_META_KEY, str(k))
        )


@cache
def region_of(country: str) -> str:
    """The continent of a country, from the CLDR time-zone data (most of its zones)."""
    zones = get_global("territory_zones").get(country.upper()) or []
    parts = Counter(z.split("/", 1)[0] for z in zones if "/" in z)
    return parts.most_common(1)[0][0] if parts else "other"


@dataclass
class Kept:
    """One anonymised dossier's quasi-identifiers as stored now (labels included)."""

    dossier: Dossier
    labels: dict[str, str]

    def value(self, attribute: str, level: int) -> str | None:
        return _GENERALISE[attribute](self, level)


def _birth(kept: Kept, level: int) -> str | None:
    born, band = kept.dossier.birth_date, kept.labels.get("birth")
    if born is None:
        return band if band is not None and level <= 2 else None
    if level == 0 and born.month is not None:
        return f"{born.year}-Q{(born.month - 1) // 3 + 1}"
    if level <= 1:
        return str(born.year)
    if level == 2:
        start = born.year - born.year % 5
        return f"{start}–{start + 4}"
    return None


def _arrival(kept: Kept, level: int) -> str | None:
    arrived = kept.dossier.arrival_date
    if arrived is None or level >= 3:
        return None
    coarse = kept.labels.get("arrival", "month")
    steps = {"month": 0, "quarter": 1, "year": 2}
    level = max(level, steps.get(coarse, 0))
    if level == 0:
        return f"{arrived.year}-{arrived.month:02d}"
    if level == 1:
        return f"{arrived.year}-Q{(arrived.month - 1) // 3 + 1}"
    return str(arrived.year)


def _district(kept: Kept, level: int) -> str | None:
    district = kept.dossier.district.strip()
    return district if district and level == 0 else None


def _nationality(kept: Kept, level: int) -> str | None:
    countries = kept.dossier.nationalities
    region = kept.labels.get("nationality")
    if countries:
        if level == 0:
            return ",".join(sorted(countries))
        if level == 1:
            return ",".join(sorted({region_of(c) for c in countries}))
        return None
    return region if region is not None and level <= 1 else None


_GENERALISE: dict[str, Callable[[Kept, int], str | None]] = {
    "birth": _birth,
    "arrival": _arrival,
    "district": _district,
    "nationality": _nationality,
}


@dataclass(frozen=True)
class Outcome:
    k: int
    dossiers: int
    levels: dict[str, int]
    suppressed: int


def _keys(kept: list[Kept], levels: dict[str, int]) -> list[Key]:
    return [tuple(d.value(a, levels[a]) for a in ATTRIBUTES) for d in kept]


def _too_small(keys: list[Key], k: int) -> int:
    """How many dossiers are in groups of fewer than k (combinations with nothing left
    identify nobody and do not count)."""
    sizes = Counter(keys)
    return sum(n for key, n in sizes.items() if n < k and any(v is not None for v in key))


def choose_levels(kept: list[Kept], k: int, tolerated: int) -> dict[str, int]:
    """The least coarsening (over all 96 combinations of steps) that leaves at most
    `tolerated` dossiers in groups smaller than k; if none does, the one that leaves fewest."""
    # Each dossier's value at each step, computed once: the 96 combinations only pick.
    values = {
        a: [[d.value(a, level) for d in kept] for level in range(MAX_LEVEL[a] + 1)]
        for a in ATTRIBUTES
    }
    best: tuple[tuple[int, float, int], dict[str, int]] | None = None
    for combination in itertools.product(*(range(MAX_LEVEL[a] + 1) for a in ATTRIBUTES)):
        levels = dict(zip(ATTRIBUTES, combination, strict=True))
        columns = [values[a][levels[a]] for a in ATTRIBUTES]
        small = _too_small(list(zip(*columns, strict=True)), k)
        loss = sum(levels[a] / MAX_LEVEL[a] for a in ATTRIBUTES)
        score = (max(small - tolerated, 0), loss, small)
        if best is None or score < best[0]:
            best = (score, levels)
    assert best is not None
    return best[1]


def _anonymised(vault: Vault) -> list[Kept]:
    ids = [
        r[0]
        for r in vault.db.query(
            "SELECT DISTINCT a.dossier_id FROM audit a JOIN dossier d ON d.id = a.dossier_id"
            " WHERE a.action = 'anonymise' AND d.deleted = 0"
        )
    ]
    labels: dict[str, dict[str, str]] = {}
    for dossier_id, attribute, label in vault.db.query(
        "SELECT dossier_id, attribute, label FROM generalised"
    ):
        labels.setdefault(dossier_id, {})[attribute] = label
    return [Kept(vault.records.dossier(i), labels.get(i, {})) for i in sorted(ids)]


def enforce(vault: Vault, k: int | None = None) -> Outcome:
    """Generalise and suppress the kept values of all anonymised dossiers until every
    combination is shared by at least k of them."""
    k = k or k_value(vault)
    kept = _anonymised(vault)
    # A few dossiers may be suppressed instead of coarsening everybody's values once more.
    tolerated = max(1, len(kept) // 20)
    levels = choose_levels(kept, k, tolerated)
    keys = _keys(kept, levels)
    sizes = Counter(keys)
    suppressed = 0
    with vault.db.transaction():
        for item, key in zip(kept, keys, strict=True):
            drop = sizes[key] < k and any(v is not None for v in key)
            suppressed += drop
            _store(vault, item, {a: MAX_LEVEL[a] for a in ATTRIBUTES} if drop else levels)
    return Outcome(k, len(kept), levels, suppressed)


def _store(vault: Vault, item: Kept, levels: dict[str, int]) -> None:
    d = item.dossier
    labels: dict[str, str] = {}
    born = d.birth_date
    birth_value = item.value("birth", levels["birth"])
    if levels["birth"] >= 2 or born is None:
        born = None
        if birth_value is not None:
            labels["birth"] = birth_value
    elif levels["birth"] == 1:
        born = PartialDate(born.year)
    arrived = d.arrival_date
    arrival_value = item.value("arrival", levels["arrival"])
    if arrived is not None and arrival_value is not None:
        step = ("month", "quarter", "year")[min(levels["arrival"], 2)]
        step = max(
            step, item.labels.get("arrival", "month"), key=("month", "quarter", "year").index
        )
        month = {"month": arrived.month, "quarter": (arrived.month - 1) // 3 * 3 + 1}.get(step, 1)
        arrived = date(arrived.year, month, 1)
        labels["arrival"] = step
    else:
        arrived = None
    district = d.district if levels["district"] == 0 else ""
    nationalities = d.nationalities
    nationality_value = item.value("nationality", levels["nationality"])
    if levels["nationality"] >= 1:
        nationalities = []
        if nationality_value is not None:
            labels["nationality"] = nationality_value
    updated = d.model_copy(
        update={
            "birth_date": born,
            "arrival_date": arrived,
            "district": district,
            "nationalities": nationalities,
        }
    )
    if updated != d:
        vault.records.save(updated)
    vault.db.execute("DELETE FROM generalised WHERE dossier_id = ?", (d.id,))
    vault.db.executemany(
        "INSERT INTO generalised(dossier_id, attribute, label) VALUES (?, ?, ?)",
        [(d.id, a, label) for a, label in sorted(labels.items())],
    )


def smallest_group(vault: Vault) -> int | None:
    """The size of the smallest combination of kept values that still says something."""
    kept = _anonymised(vault)
    sizes = Counter(_keys(kept, dict.fromkeys(ATTRIBUTES, 0)))
    informative = [n for key, n in sizes.items() if any(v is not None for v in key)]
    return min(informative) if informative else None
