"""Unicode bidi (UAX #9) embedding levels, per paragraph and per line; our reordering.

The levels come from GNU FriBidi (fribidi.py), which implements the current algorithm:
bracket pairs (N0), isolates (LRI/RLI/FSI/PDI), explicit embeddings, rule L1. We need the
resolved level of every character to wrap in logical order first and reorder each line
afterwards (L1/L2 apply per line, not per paragraph): a paragraph is resolved once, then asked
for the levels of each of its lines. `visual_order` (rule L2) reorders the shaped pieces of a
line, not characters.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from willkommensordner.printing.fribidi import PAR_LTR, PAR_ON, PAR_RTL, Resolved

T = TypeVar("T")

_LRI = "\u2066"
_PDI = "\u2069"


class BidiParagraph:
    """One resolved paragraph: the level of every character, and of every line of it.

    `rtl` None takes the direction from the text (rules P2/P3). `ltr_spans` are (start, end)
    ranges the caller wants shown as one left-to-right unit, as if each were wrapped in
    LRI…PDI; the isolates are added for the algorithm only, text and indices stay the caller's.
    """

    __slots__ = ("_positions", "_resolved", "levels", "rtl", "text")

    def __init__(
        self, text: str, rtl: bool | None, ltr_spans: Sequence[tuple[int, int]] = ()
    ) -> None:
        self.text = text
        resolved_text, self._positions = _with_isolates(text, ltr_spans)
        direction = PAR_ON if rtl is None else PAR_RTL if rtl else PAR_LTR
        self._resolved = Resolved(resolved_text, direction)
        self.rtl: bool = self._resolved.rtl
        levels = self._resolved.levels
        self.levels: tuple[int, ...] = tuple(levels[position] for position in self._positions)

    def line_levels(self, start: int, end: int) -> list[int]:
        """Levels of text[start:end] laid out as one line: rule L1 resets trailing blanks and
        isolate controls to the paragraph level."""
        if start >= end:
            return []
        first = self._positions[start]
        # The line ends after its last character, before any isolate control we added.
        levels = self._resolved.line_levels(first, self._positions[end - 1] + 1)
        return [levels[self._positions[index] - first] for index in range(start, end)]


def paragraph_levels(text: str, rtl: bool) -> list[int]:
    """The resolved embedding level of every character of one paragraph (base level given)."""
    return list(BidiParagraph(text, rtl).levels)


def is_rtl_text(text: str) -> bool:
    """Paragraph direction by rules P2/P3: the first strong character outside isolates."""
    return BidiParagraph(text, None).rtl


def visual_order(items: Sequence[T], levels: Sequence[int]) -> list[T]:
    """Rule L2: reorder items (characters or same-level runs) of one line for display."""
    order = list(range(len(items)))
    if not levels:
        return []
    highest = max(levels)
    odd_levels = [level for level in levels if level % 2]
    if not odd_levels and highest == 0:
        return list(items)
    lowest_odd = min(odd_levels) if odd_levels else highest + 1
    current = list(levels)
    for level in range(highest, lowest_odd - 1, -1):
        start = None
        for position in range(len(order) + 1):
            if position < len(order) and current[position] >= level:
                if start is None:
                    start = position
            elif start is not None:
                order[start:position] = order[start:position][::-1]
                current[start:position] = current[start:position][::-1]
                start = None
    return [items[index] for index in order]


def _with_isolates(text: str, spans: Sequence[tuple[int, int]]) -> tuple[str, list[int]]:
    """The text the algorithm sees (LRI…PDI around each span) and, per character of `text`,
    its position in it."""
    opens = {start for start, end in spans if end > start}
    closes = {end for start, end in spans if end > start}
    if not opens:
        return text, list(range(len(text)))
    parts: list[str] = []
    positions: list[int] = []
    for index, char in enumerate(text):
        if index in closes:
            parts.append(_PDI)
        if index in opens:
            parts.append(_LRI)
        positions.append(len(parts))
        parts.append(char)
    if len(text) in closes:
        parts.append(_PDI)
    return "".join(parts), positions
