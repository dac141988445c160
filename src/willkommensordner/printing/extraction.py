"""How text extractors that follow the content stream (pypdf) class characters.

They assume glyphs come in visual order and reverse every right-to-left stretch; spaces,
ASCII punctuation, Arabic-Indic and Persian digits and general punctuation are neutral and
join the stretch they follow. draw.py orders the stream so that this reading gives the
logical text back. The ranges mirror pypdf 7's tables (RTL_CHARACTER_RANGES and
NEUTRAL_CHARACTER_RANGES in pypdf._utils); they are checked by the extraction tests.
"""

from __future__ import annotations

from functools import lru_cache

RTL = "R"  # a right-to-left letter
NEUTRAL = "N"  # joins the stretch before it
OTHER = "O"  # a left-to-right letter, digit or symbol
NONE = ""  # a glyph without text of its own (takes the kind of its letter)

_RTL_RANGES = ((0x0590, 0x08FF), (0xFB1D, 0xFDFF), (0xFE70, 0xFEFF))
_NEUTRAL_RANGES = (
    (0x0000, 0x002F),
    (0x003A, 0x0040),
    (0x0660, 0x066D),  # Arabic-Indic digits and separators
    (0x06F0, 0x06F9),  # Persian digits
    (0x2000, 0x206F),
    (0x20A0, 0x21FF),
)


@lru_cache(maxsize=4096)
def extraction_kind(text: str) -> str:
    if not text:
        return NONE
    code = ord(text[0])
    # Neutral first: Persian digits sit inside the Arabic block but count as neutral.
    if any(low <= code <= high for low, high in _NEUTRAL_RANGES):
        return NEUTRAL
    if any(low <= code <= high for low, high in _RTL_RANGES):
        return RTL
    return OTHER
