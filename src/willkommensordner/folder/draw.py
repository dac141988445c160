"""Drawing laid-out lines on a reportlab canvas as PDF text operators.

We write the operators ourselves (through `Canvas.addLiteral`) instead of `drawString`:
every glyph is already shaped and placed; reportlab's string path would re-measure it and,
for Arabic, re-shape it.

Where each glyph lands is fixed by the layout. The *order* of glyphs in the content stream is
free, and it decides what text extractors return. Extractors that sort by position (poppler's
pdftotext) run their own bidi pass over the visual line. Extractors that follow the stream
(pypdf) assume visual order and reverse every right-to-left stretch they meet, treating
spaces, punctuation and Arabic/Persian digits as neutral (they join the stretch before
them). So we write the line as *chunks* in logical order: a chunk is a run of characters of
one kind (right-to-left letters, neutrals, other) and one font subset; right-to-left chunks
are written back to front, neutral chunks back to front when the extractor is in a
right-to-left stretch, others front to back. Every chunk starts with a `Tf`, which makes the
stream extractor close the previous stretch. Each chunk is positioned with its own `Tm`;
inside it a TJ array corrects reportlab's nominal widths to harfbuzz's advances and the text
rise (Ts) carries harfbuzz's vertical offsets of marks.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from dataclasses import dataclass

from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas

from willkommensordner.folder.fonts import GlyphFont
from willkommensordner.folder.text_layer import Line

# Kinds of characters as stream-order extractors see them.
_RTL, _NEUTRAL, _OTHER = "R", "N", "O"
_RTL_RANGES = ((0x0590, 0x08FF), (0xFB1D, 0xFDFF), (0xFE70, 0xFEFF))
_NEUTRAL_RANGES = (
    (0x0000, 0x002F),
    (0x003A, 0x0040),
    (0x0660, 0x066D),  # Arabic-Indic digits and separators
    (0x06F0, 0x06F9),  # Persian digits
    (0x2000, 0x206F),
    (0x20A0, 0x21FF),
)

# Per canvas: (page number, whether the extractor is inside a right-to-left stretch).
_stream_state: weakref.WeakKeyDictionary[Canvas, tuple[int, bool]] = (
    weakref.WeakKeyDictionary()
)


@dataclass(frozen=True, slots=True)
class _Placed:
    font: GlyphFont
    code: int
    x: float  # where the glyph origin goes, in points
    rise: float
    advance: float  # 1/1000 em
    index: int  # logical position
    kind: str


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
    """The PDF operators (one BT…ET block) that draw one line with its left edge at x."""
    scale = size / 1000.0
    placed: list[_Placed] = []
    for run in line.runs:
        pen = x + run.x
        font = run.face.pdf_font
        for glyph, index in zip(run.glyphs, run.indices, strict=True):
            placed.append(
                _Placed(
                    font,
                    glyph.code,
                    pen + glyph.x_offset * scale,
                    glyph.y_offset * scale,
                    glyph.advance,
                    index,
                    _kind(glyph.text),
                )
            )
            pen += glyph.advance * scale
    # Logical order; a glyph without text of its own stays right after its letter.
    order = sorted(range(len(placed)), key=lambda i: placed[i].index)
    logical = [placed[i] for i in order]
    for i in range(len(logical)):
        if logical[i].kind == "":
            logical[i] = _with_kind(logical[i], logical[i - 1].kind if i else _NEUTRAL)

    doc = canvas._doc
    page = canvas.getPageNumber()
    last_page, in_rtl = _stream_state.get(canvas, (page, False))
    if last_page != page:
        in_rtl = False
    ops = ["BT"]
    chunk: list[tuple[_Placed, int, bytes]] = []
    for item in [*logical, None]:
        if item is not None:
            ((subset, data),) = item.font.splitString(chr(item.code), doc)
            if not chunk or (
                item.kind == chunk[0][0].kind
                and item.font is chunk[0][0].font
                and subset == chunk[0][1]
            ):
                chunk.append((item, subset, data))
                continue
        kind = chunk[0][0].kind
        backwards = kind == _RTL or (kind == _NEUTRAL and in_rtl)
        if kind == _RTL:
            in_rtl = True
        elif kind == _OTHER:
            in_rtl = False
        ops.extend(_chunk_operators(canvas, chunk[::-1] if backwards else chunk, y, size))
        chunk = [] if item is None else [(item, subset, data)]
    ops.append("ET")
    _stream_state[canvas] = (page, in_rtl)
    return "\n".join(ops)


def _chunk_operators(
    canvas: Canvas, chunk: list[tuple[_Placed, int, bytes]], y: float, size: float
) -> list[str]:
    first, subset, _ = chunk[0]
    font = first.font
    ops = [f"{font.getSubsetInternalName(subset, canvas._doc)} {_num(size)} Tf"]
    parts: list[str] = []
    pen: float | None = None
    rise = 0.0
    for item, _, data in chunk:
        if pen is None or abs(item.x - pen) > 0.001 or item.rise != rise:
            if parts:
                ops.append(f"[{' '.join(parts)}] TJ")
                parts = []
            if item.rise != rise:
                ops.append(f"{_num(item.rise)} Ts")
                rise = item.rise
            ops.append(f"1 0 0 1 {_num(item.x)} {_num(y)} Tm")
        nominal = font.face.charWidths.get(item.code, font.face.defaultWidth)
        parts.append(f"<{data.hex()}>")
        # TJ numbers are 1/1000 em and move left: make the pen advance by harfbuzz's amount.
        correction = nominal - item.advance
        if abs(correction) > 0.01:
            parts.append(_num(correction))
        pen = item.x + item.advance * size / 1000.0
    if parts:
        ops.append(f"[{' '.join(parts)}] TJ")
    if rise:
        ops.append("0 Ts")
    return ops


def _kind(text: str) -> str:
    if not text:
        return ""
    code = ord(text[0])
    # Neutral first: Persian digits sit inside the Arabic block but count as neutral.
    if any(low <= code <= high for low, high in _NEUTRAL_RANGES):
        return _NEUTRAL
    if any(low <= code <= high for low, high in _RTL_RANGES):
        return _RTL
    return _OTHER


def _with_kind(item: _Placed, kind: str) -> _Placed:
    return _Placed(item.font, item.code, item.x, item.rise, item.advance, item.index, kind)


def _num(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"
