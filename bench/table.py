"""One row per measurement; every bench module returns a list of them."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    area: str
    measure: str
    value: float
    unit: str
    goal: float | None = None  # the value must be at most this (at least, with at_least)
    at_least: bool = False
    # The caseload measured, for figures taken at several sizes: they are shown side by side,
    # with how much they grew from the second largest to the largest caseload.
    size: int | None = None
    growth_goal: float | None = None

    @property
    def verdict(self) -> str:
        if self.goal is None:
            return ""
        met = self.value >= self.goal if self.at_least else self.value <= self.goal
        return "ok" if met else "MISSED"


def timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def _columns(header: tuple[str, ...], lines: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(str(x[i])) for x in [header, *lines]) for i in range(len(header))]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    out = [fmt.format(*header), fmt.format(*("-" * w for w in widths))]
    out += [fmt.format(*line) for line in lines]
    return out


def _by_size(rows: list[Row]) -> list[str]:
    sizes = sorted({r.size for r in rows if r.size is not None})
    figures: dict[tuple[str, str], dict[int, Row]] = {}
    for r in rows:
        if r.size is not None:
            figures.setdefault((r.area, r.measure), {})[r.size] = r
    grown = f"growth {sizes[-2]:,} → {sizes[-1]:,}" if len(sizes) > 1 else "growth"
    header = ("area", "measure", *(f"{n:,}" for n in sizes), "goal", grown, "")
    lines = []
    for (area, measure), at in figures.items():
        first = at[max(at)]  # the goal as stated for the largest caseload
        growth = ""
        verdicts = [r.verdict for r in at.values() if r.verdict]
        if len(sizes) > 1 and sizes[-2] in at and sizes[-1] in at and at[sizes[-2]].value > 0:
            factor = at[sizes[-1]].value / at[sizes[-2]].value
            growth = f"{factor:.2f}×"
            if first.growth_goal is not None:
                growth += f" (≤ {first.growth_goal:g}×)"
                verdicts.append("ok" if factor <= first.growth_goal else "MISSED")
        goal = (
            ""
            if first.goal is None
            else f"{'≥' if first.at_least else '≤'} {first.goal:g} {first.unit}".strip()
        )
        cells = [f"{at[n].value:.3f} {at[n].unit}".strip() if n in at else "" for n in sizes]
        verdict = "MISSED" if "MISSED" in verdicts else ("ok" if verdicts else "")
        lines.append((area, measure, *cells, goal, growth, verdict))
    return _columns(header, lines)


def render(rows: list[Row]) -> str:
    header = ("area", "measure", "value", "goal", "")
    lines = [
        (
            r.area,
            r.measure,
            f"{r.value:.3f} {r.unit}".strip(),
            "" if r.goal is None else f"{'≥' if r.at_least else '≤'} {r.goal:g} {r.unit}".strip(),
            r.verdict,
        )
        for r in rows
        if r.size is None
    ]
    out = _columns(header, lines)
    if any(r.size is not None for r in rows):
        out += ["", *_by_size(rows)]
    return "\n".join(out)
