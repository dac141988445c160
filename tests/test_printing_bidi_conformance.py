"""Unicode's own bidi conformance suite, whole: every case of BidiTest.txt (770,241 in
15.0) and BidiCharacterTest.txt (91,707) from Debian's unicode-data must give the file's
levels and visual order.

Levels come from the printing code's `BidiParagraph` (paragraph resolved, then the line
asked for, as the text layer does); the order from its `visual_order` (rule L2).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import pytest

from willkommensordner.printing.bidi_levels import BidiParagraph, visual_order
from willkommensordner.printing.fribidi import unicode_version

UNICODE_DATA = Path("/usr/share/unicode")

# One character of each bidi class for BidiTest.txt, which lists classes, not characters.
# None is a paired bracket (BidiTest assumes none are present).
CLASS_CHARACTERS = {
    "L": "a",
    "R": "\u05d0",
    "AL": "\u0627",
    "EN": "0",
    "ES": "+",
    "ET": "$",
    "AN": "\u0660",
    "CS": ",",
    "NSM": "\u0300",
    "BN": "\u00ad",
    "B": "\u2029",
    "S": "\t",
    "WS": " ",
    "ON": "!",
    "LRE": "\u202a",
    "LRO": "\u202d",
    "RLE": "\u202b",
    "RLO": "\u202e",
    "PDF": "\u202c",
    "LRI": "\u2066",
    "RLI": "\u2067",
    "FSI": "\u2068",
    "PDI": "\u2069",
}
# BidiTest's paragraph bitset: auto (rules P2/P3), left-to-right, right-to-left.
BITSET_DIRECTIONS: tuple[tuple[int, bool | None], ...] = ((1, None), (2, False), (4, True))
CHARACTER_TEST_DIRECTIONS: dict[str, bool | None] = {"0": False, "1": True, "2": None}

Levels = tuple[int | None, ...]  # None: removed by rule X9, no level expected
Case = tuple[str, bool | None, int | None, Levels, tuple[int, ...], int]


def _data_file(name: str) -> Path:
    path = UNICODE_DATA / name
    if not path.is_file():
        pytest.fail(f"{path} is missing: install Debian's unicode-data (make sysdeps)")
    return path


def _levels(fields: list[str]) -> Levels:
    return tuple(None if field == "x" else int(field) for field in fields)


def bidi_test_cases() -> Iterator[Case]:
    """(text, direction, paragraph level or None, levels, order, line number) per case."""
    levels: Levels = ()
    order: tuple[int, ...] = ()
    with _data_file("BidiTest.txt").open(encoding="utf-8") as lines:
        for number, raw in enumerate(lines, 1):
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            if line.startswith("@Levels:"):
                levels = _levels(line.removeprefix("@Levels:").split())
            elif line.startswith("@Reorder:"):
                order = tuple(int(field) for field in line.removeprefix("@Reorder:").split())
            elif not line.startswith("@"):
                classes, bitset = line.split(";")
                text = "".join(CLASS_CHARACTERS[name] for name in classes.split())
                for bit, direction in BITSET_DIRECTIONS:
                    if int(bitset, 16) & bit:
                        yield text, direction, None, levels, order, number


def bidi_character_test_cases() -> Iterator[Case]:
    with _data_file("BidiCharacterTest.txt").open(encoding="utf-8") as lines:
        for number, raw in enumerate(lines, 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            points, direction, paragraph, levels, order = line.split(";")
            yield (
                "".join(chr(int(point, 16)) for point in points.split()),
                CHARACTER_TEST_DIRECTIONS[direction],
                int(paragraph),
                _levels(levels.split()),
                tuple(int(field) for field in order.split()),
                number,
            )


@lru_cache(maxsize=65536)
def _order(levels: tuple[int, ...], removed: tuple[bool, ...]) -> tuple[int, ...]:
    # BidiTest shares one order among many cases with the same levels: reorder once each.
    ordered = visual_order(range(len(levels)), levels)
    return tuple(index for index in ordered if not removed[index])


def mismatch(case: Case) -> str | None:
    """Why our result differs from the file's for one case, or None when it agrees."""
    text, direction, paragraph_level, expected, order, number = case
    paragraph = BidiParagraph(text, direction)
    if paragraph_level is not None and int(paragraph.rtl) != paragraph_level:
        return f"line {number}: paragraph level {int(paragraph.rtl)}, expected {paragraph_level}"
    levels = tuple(paragraph.line_levels(0, len(text)))
    if any(want is not None and got != want for got, want in zip(levels, expected, strict=True)):
        return f"line {number} ({direction=}): levels {levels}, expected {expected}"
    got = _order(levels, tuple(want is None for want in expected))
    if got != order:
        return f"line {number} ({direction=}): order {got}, expected {order}"
    return None


def _version(path: Path) -> str:
    return path.open(encoding="utf-8").readline().strip("# \n")


def _run(cases: Iterator[Case], name: str, at_least: int) -> None:
    failures: list[str] = []
    count = 0
    for case in cases:
        count += 1
        problem = mismatch(case)
        if problem is not None:
            failures.append(problem)
    assert count >= at_least, f"only {count} cases read from {name}"
    assert not failures, (
        f"{len(failures)} of {count} cases of {_version(UNICODE_DATA / name)} differ "
        f"(FriBidi, Unicode {unicode_version()} tables): " + "; ".join(failures[:5])
    )


def test_every_case_of_bidi_test() -> None:
    _run(bidi_test_cases(), "BidiTest.txt", at_least=700_000)


def test_every_case_of_bidi_character_test() -> None:
    _run(bidi_character_test_cases(), "BidiCharacterTest.txt", at_least=90_000)
