"""Drawing laid-out lines on a reportlab canvas as PDF text operators.

We write the operators ourselves (through `Canvas.addLiteral`) instead of `drawString`:
every glyph is already shaped and placed; reportlab's string path would re-measure it and,
for Arabic, re-shape it.

Where each glyph lands is fixed by the layout. The *order* of glyphs in the content stream is
free, and it decides what text extractors return:
- extractors that sort by position (poppler's pdftotext) run their own bidi pass over the
  visual line, so the order does not matter to them;
- extractors that follow the stream (pypdf) assume visual order and reverse every
  right-to-left stretch they meet (see extraction.py). So we write each line in *logical*
  order, in groups: a right-to-left group (RTL letters with the neutrals between them, ending
  on a letter) is written back to front, so the extractor's reversal restores it; a
  left-to-right group front to back; neutrals after an RTL group back to front, because
  the extractor is then inside a right-to-left stretch. Every group starts with `Tf`, which
  makes the extractor close the previous stretch.
Each group is positioned with `Tm` wherever the pen would not already be; a TJ array corrects
reportlab's nominal glyph widths to harfbuzz's advances, and the text rise (Ts) carries
harfbuzz's vertical offsets of marks.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas

from willkommensordner.printing.extraction import NEUTRAL, NONE, OTHER, RTL
from willkommensordner.printing.fonts import GlyphFont
from willkommensordner.printing.text_layer import Line

# Per document: operators of lines already drawn, by (id(line), size, start state); the
# entry keeps the line alive so its id cannot be reused.
_operator_cache: weakref.WeakKeyDictionary[
    object, dict[tuple[int, float, bool], tuple[Line, str, bool]]
] = weakref.WeakKeyDictionary()
# Per canvas: (page number, whether the extractor is inside a right-to-left stretch).
_stream_state: weakref.WeakKeyDictionary[Canvas, tuple[int, bool]] = weakref.WeakKeyDictionary()


# About 12 degrees, the slant of Noto Sans Italic.
_SLANT = 0.21


class _Item(NamedTuple):
    position: int  # logical position in the paragraph
    kind: str
    font: GlyphFont
    subset: int
    byte: int
    x: float  # where the glyph is drawn, in points
    rise: float
    advance: float  # 1/1000 em
    code: int
    rtl: bool  # drawn in a right-to-left run
    slant: float  # horizontal shear of the glyphs: italic without an italic font


def draw_lines(
    canvas: Canvas,
    lines: Iterable[Line],
    x: float,
    y: float,
    size: float,
    line_height: float,
    color: Color | None = None,
) -> float:
    """Draw lines with the first baseline at `y`; returns the y of the next baseline."""
    if color is not None:
        canvas.setFillColor(color)
    for line in lines:
        if line.runs:
            canvas.addLiteral(line_operators(canvas, line, x, y, size))
        y -= line_height
    return y


def line_operators(canvas: Canvas, line: Line, x: float, y: float, size: float) -> str:
    """The PDF operators that draw one line with its left edge at x and baseline at y.

    The line is drawn at the origin inside a `cm` translation, so the operators of a line
    drawn again (a repeated heading or paragraph) are reused within the document."""
    page = canvas.getPageNumber()
    last_page, in_rtl = _stream_state.get(canvas, (page, False))
    if last_page != page:
        in_rtl = False  # extractors start every page afresh
    cache = _operator_cache.setdefault(canvas._doc, {})
    key = (id(line), size, in_rtl)
    cached = cache.get(key)
    if cached is None or cached[0] is not line:
        body, end_state = _line_body(canvas, line, size, in_rtl)
        cached = (line, body, end_state)
        if len(cache) < 20_000:
            cache[key] = cached
    _stream_state[canvas] = (page, cached[2])
    return f"q 1 0 0 1 {_num(x)} {_num(y)} cm\n{cached[1]}\nQ"


def _line_body(canvas: Canvas, line: Line, size: float, in_rtl: bool) -> tuple[str, bool]:
    items = _placed_items(canvas, line, 0.0, size)
    y = 0.0

    # Chunks: neighbours (in logical order) of one kind, one font and one font subset.
    chunks: list[list[_Item]] = []
    for item in items:
        last = chunks[-1][-1] if chunks else None
        if last is not None and _same_font(last, item) and last.kind == item.kind:
            chunks[-1].append(item)
        else:
            chunks.append([item])

    ops = ["BT"]
    i = 0
    while i < len(chunks):
        first = chunks[i][0]
        group = list(chunks[i])
        j = i + 1
        if first.kind == RTL:
            # Take in "neutrals then RTL letters" while they share the font subset; a
            # group must end on a letter, so trailing neutrals are not swallowed. Only
            # neutrals drawn right to left (blanks between words, not numbers): written
            # back to front they stay in visual order, so the extractor sees no jumps
            # (which it would take for word gaps).
            while True:
                k = j
                while (
                    k < len(chunks) and _rtl_neutrals(chunks[k]) and _same_font(first, chunks[k][0])
                ):
                    k += 1
                if k < len(chunks) and chunks[k][0].kind == RTL and _same_font(first, chunks[k][0]):
                    for chunk in chunks[j : k + 1]:
                        group.extend(chunk)
                    j = k + 1
                else:
                    break
            ops.extend(_group_operators(canvas, group[::-1], y, size))
            in_rtl = True
        elif first.kind == OTHER or not in_rtl:
            while j < len(chunks) and chunks[j][0].kind != RTL and _same_font(first, chunks[j][0]):
                group.extend(chunks[j])
                j += 1
            ops.extend(_group_operators(canvas, group, y, size))
            if any(item.kind == OTHER for item in group):
                in_rtl = False
        else:  # neutrals inside a right-to-left stretch
            ops.extend(_group_operators(canvas, group[::-1], y, size))
        i = j
    ops.append("ET")
    return "\n".join(ops), in_rtl


def _placed_items(canvas: Canvas, line: Line, x: float, size: float) -> list[_Item]:
    doc = canvas._doc
    scale = size / 1000.0
    items: list[_Item] = []
    for run in line.runs:
        pen = x + run.x
        font = run.face.pdf_font
        font.splitString("", doc)  # make sure the font has its per-document state
        assignments: dict[int, int] = font.state[doc].assignments
        for glyph, index in zip(run.glyphs, run.indices, strict=True):
            number = assignments.get(glyph.code)
            if number is None:
                font.splitString(chr(glyph.code), doc)
                number = assignments[glyph.code]
            items.append(
                _Item(
                    index,
                    glyph.kind,
                    font,
                    number >> 8,
                    number & 0xFF,
                    pen + glyph.x_offset * scale,
                    glyph.y_offset * scale,
                    glyph.advance,
                    glyph.code,
                    run.rtl,
                    _SLANT if run.italic else 0.0,
                )
            )
            pen += glyph.advance * scale
    items.sort(key=lambda item: item.position)  # stable: a letter's extra glyphs stay after it
    for position, item in enumerate(items):
        if item.kind == NONE:
            kind = items[position - 1].kind if position else NEUTRAL
            items[position] = item._replace(kind=kind)
    return items


def _rtl_neutrals(chunk: list[_Item]) -> bool:
    return chunk[0].kind == NEUTRAL and all(item.rtl for item in chunk)


def _same_font(a: _Item, b: _Item) -> bool:
    return a.font is b.font and a.subset == b.subset and a.slant == b.slant


def _group_operators(canvas: Canvas, group: Sequence[_Item], y: float, size: float) -> list[str]:
    first = group[0]
    font = first.font
    widths = font.face.charWidths
    ops = [f"{font.getSubsetInternalName(first.subset, canvas._doc)} {_num(size)} Tf"]
    parts: list[str] = []
    pen: float | None = None
    rise = 0.0
    per_unit = size / 1000.0
    for item in group:
        if pen is None or abs(item.x - pen) > 0.001 or item.rise != rise:
            if parts:
                ops.append(f"[{' '.join(parts)}] TJ")
                parts = []
            if item.rise != rise:
                ops.append(f"{_num(item.rise)} Ts")
                rise = item.rise
            ops.append(f"1 0 {_num(item.slant)} 1 {_num(item.x)} {_num(y)} Tm")
        parts.append(f"<{item.byte:02x}>")
        # TJ numbers are 1/1000 em and move left: make the pen advance by harfbuzz's amount.
        correction = widths.get(item.code, 0) - item.advance
        if abs(correction) > 0.01:
            parts.append(_num(correction))
        pen = item.x + item.advance * per_unit
    if parts:
        ops.append(f"[{' '.join(parts)}] TJ")
    if rise:
        ops.append("0 Ts")
    return ops


def _num(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"
