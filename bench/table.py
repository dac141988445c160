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
    ]
    widths = [max(len(str(x[i])) for x in [header, *lines]) for i in range(5)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    out = [fmt.format(*header), fmt.format(*("-" * w for w in widths))]
    out += [fmt.format(*line) for line in lines]
    return "\n".join(out)
