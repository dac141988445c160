"""Unicode bidi (UAX #9) embedding levels and visual reordering, per paragraph and per line.

python-bidi 0.6 exposes only `get_display` (a whole reordered string) from its Rust core; we
need the resolved level of every character, to wrap in logical order first and reorder each
line afterwards (rules L1/L2 apply per line, not per paragraph). Its pure-Python reference
implementation (`bidi.algorithm`, same pinned package) exposes the resolution steps, so we run
those (P2-I2) and apply L1 and L2 ourselves. It costs about 2 µs per character.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar
from unicodedata import bidirectional

from bidi import algorithm as _uba

T = TypeVar("T")

# Characters that L1 resets to the paragraph level at the end of a line.
_TRAILING_TYPES = frozenset({"WS", "BN", "S", "B"})
# Classes that can give an LTR paragraph a level other than 0.
_NEEDS_RESOLUTION = frozenset({"R", "AL", "AN", "RLE", "RLO", "LRE", "LRO", "RLI", "LRI", "FSI"})


def paragraph_levels(text: str, rtl: bool) -> list[int]:
    """The resolved embedding level of every character of one paragraph (base level given)."""
    if not text:
        return []
    base = 1 if rtl else 0
    if not rtl and not _has_strong_rtl(text):
        # Fast path: an LTR paragraph without any right-to-left character is all level 0
        # (numbers included: W7 makes European numbers after sos=L left-to-right).
        return [0] * len(text)
    storage = _uba.get_empty_storage()
    storage["base_level"] = base
    storage["base_dir"] = "R" if rtl else "L"
    _uba.get_embedding_levels(text, storage)
    chars = list(storage["chars"])  # X9 drops some entries; keep our own references
    _uba.explicit_embed_and_overrides(storage)
    _uba.resolve_weak_types(storage)
    _uba.resolve_neutral_types(storage, False)
    _uba.resolve_implicit_levels(storage, False)
    levels: list[int] = []
    previous = base
    removed = _uba.X9_REMOVED
    for entry in chars:
        # X9-removed characters (ZWNJ, ZWJ, embeddings) keep the level of what precedes
        # them, so they stay inside their word's run and the shaper still sees them.
        level = previous if entry["orig"] in removed else int(entry["level"])
        levels.append(level)
        previous = level
    return levels


def line_levels(text: str, levels: Sequence[int], rtl: bool) -> list[int]:
    """Rule L1 for one line: trailing whitespace and separators go to the paragraph level."""
    base = 1 if rtl else 0
    result = list(levels)
    reset = True
    for index in range(len(text) - 1, -1, -1):
        kind = _bidi_class(text[index])
        if kind in ("S", "B"):
            result[index] = base
            reset = True
        elif reset and kind in _TRAILING_TYPES:
            result[index] = base
        else:
            reset = False
    return result


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


def _has_strong_rtl(text: str) -> bool:
    return any(bidirectional(char) in _NEEDS_RESOLUTION for char in text)


def _bidi_class(char: str) -> str:
    return bidirectional(char)
