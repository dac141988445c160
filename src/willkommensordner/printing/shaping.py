"""Shaping one same-font, same-direction piece of text with harfbuzz.

Direction, script and language are set explicitly (never guessed): the bidi step already
knows the direction of every piece, and guessing would shape a digit-only piece inside an
Arabic sentence left-to-right or right-to-left by accident.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import uharfbuzz as hb

from willkommensordner.printing.extraction import extraction_kind
from willkommensordner.printing.fonts import Face

_FEATURES: dict[str, bool] = {"kern": True, "liga": True}


@dataclass(frozen=True, slots=True)
class Glyph:
    """A positioned glyph; advance and offsets in 1/1000 em."""

    gid: int
    code: int  # the code the face draws this glyph with (see fonts.GlyphFont)
    advance: float
    x_offset: float
    y_offset: float
    text: str  # the logical text this glyph stands for ("" for a second glyph of a letter)
    cluster: int  # index of that text in the shaped string
    kind: str  # how stream-order text extractors class it (see draw.py)


@dataclass(frozen=True, slots=True)
class Shaped:
    """A shaped piece: glyphs in visual (left-to-right) order."""

    face: Face
    rtl: bool
    glyphs: tuple[Glyph, ...]
    advance: float  # 1/1000 em

    @property
    def missing(self) -> bool:
        """True when a glyph is .notdef (the font lacks a character: tofu)."""
        return any(glyph.gid == 0 for glyph in self.glyphs)


@lru_cache(maxsize=50_000)
def shape(text: str, face: Face, rtl: bool, language: str = "") -> Shaped:
    """Shape `text` (one font, one direction). Cached: folders repeat words a lot."""
    if not text:
        return Shaped(face, rtl, (), 0.0)
    buffer = hb.Buffer()
    # Code point indices as clusters (add_str would give UTF-8 byte offsets on some builds).
    buffer.add_codepoints([ord(char) for char in text])
    buffer.direction = "rtl" if rtl else "ltr"
    buffer.script = _script(text, face)
    if language:
        buffer.language = language
    # One cluster per character where the font allows: marks keep their own ToUnicode text.
    buffer.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
    hb.shape(face.hb_font, buffer, _FEATURES)
    infos = buffer.glyph_infos
    positions = buffer.glyph_positions

    # Give every character its own glyph to carry its text. A cluster's glyphs, in logical
    # order (the reverse of harfbuzz's visual output for RTL), take its characters one each;
    # characters left over (the alef of a lam-alef ligature) ride on invisible zero-width
    # "carrier" glyphs placed a hair beside the ligature, so extractors that sort by
    # position and those that follow the stream both see one character per glyph.
    starts = sorted({info.cluster for info in infos})
    ends = dict(zip(starts, [*starts[1:], len(text)], strict=True))
    members: dict[int, list[int]] = {}
    for index in range(len(infos) - 1, -1, -1) if rtl else range(len(infos)):
        members.setdefault(infos[index].cluster, []).append(index)
    assigned: dict[int, tuple[str, int]] = {}
    extra: dict[int, list[tuple[str, int]]] = {}  # glyph index -> carriers after it
    for cluster, indices in members.items():
        chars = text[cluster : ends[cluster]]
        for position, index in enumerate(indices):
            if position < len(chars):
                assigned[index] = (chars[position], cluster + position)
            else:
                assigned[index] = ("", cluster)
        if len(chars) > len(indices):
            extra[indices[-1]] = [
                (char, cluster + len(indices) + offset)
                for offset, char in enumerate(chars[len(indices) :])
            ]
    carrier = face.carrier_gid

    glyphs: list[Glyph] = []
    total = 0.0
    for index, (info, position) in enumerate(zip(infos, positions, strict=True)):
        gid = info.codepoint
        glyph_text, source = assigned[index]
        carriers = extra.get(index, []) if carrier else []
        if carriers and not rtl:  # LTR: the glyph, then carriers at its right edge
            glyphs.append(_glyph(face, gid, glyph_text, source, position))
            glyphs.extend(
                _carrier(face, carrier, char, at, len(carriers) - n)
                for n, (char, at) in enumerate(carriers)
            )
        elif carriers:  # RTL: carriers at its left edge, then the glyph
            glyphs.extend(
                _carrier(face, carrier, char, at, n + 1)
                for n, (char, at) in reversed(list(enumerate(carriers)))
            )
            glyphs.append(_glyph(face, gid, glyph_text, source, position))
        elif (position.y_offset or position.x_advance == 0) and glyph_text and carrier:
            # A mark (zero advance, often raised or lowered): extractors that sort by
            # position would put it before its letter or on a line of its own, so its text
            # rides on a carrier on the baseline, just beside the letter's edge.
            glyphs.append(_carrier(face, carrier, glyph_text, source, 1))
            glyphs.append(_glyph(face, gid, "", source, position))
        else:
            if index in extra:  # no carrier glyph in this font: keep all the text on one
                glyph_text += "".join(char for char, _ in extra[index])
            glyphs.append(_glyph(face, gid, glyph_text, source, position))
        total += position.x_advance
    return Shaped(face, rtl, tuple(glyphs), total)


def _glyph(face: Face, gid: int, text: str, cluster: int, position: hb.GlyphPosition) -> Glyph:
    natural = face.hb_font.get_glyph_h_advance(gid)
    return Glyph(
        gid=gid,
        code=face.code_for(gid, text, natural),
        advance=float(position.x_advance),
        x_offset=float(position.x_offset),
        y_offset=float(position.y_offset),
        text=text,
        cluster=cluster,
        kind=extraction_kind(text),
    )


def _carrier(face: Face, gid: int, char: str, cluster: int, nth: int) -> Glyph:
    # Zero advance, drawn at the pen position (the ligature's left edge for RTL, its right
    # edge for LTR) minus `nth` thousandths of an em, so sorting by x keeps visual order.
    code = face.code_for(gid, char, 0)
    return Glyph(gid, code, 0.0, -float(nth), 0.0, char, cluster, extraction_kind(char))


def _script(text: str, face: Face) -> str:
    if face.script != "Latn":
        return face.script
    # The Latin face also draws Cyrillic; harfbuzz needs the right script for its features.
    for char in text:
        if "\u0400" <= char <= "\u052f":
            return "Cyrl"
        if unicodedata.category(char).startswith("L"):
            return "Latn"
    return "Latn"
