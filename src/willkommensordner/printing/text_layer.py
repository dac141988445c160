"""The one text layer: every string printed in a folder is laid out here.

Steps for one paragraph (Unicode's order of operations, not reportlab's):
1. resolve bidi embedding levels for the whole paragraph (base direction from the language);
2. pick a font per character (font fallback: the Arabic, Ethiopic or Latin/Cyrillic face);
3. cut into words and shape each same-level, same-font piece with harfbuzz (cached);
4. wrap greedily in *logical* order on the shaped widths, breaking over-long words;
5. per line: rule L1 (trailing blanks), rule L2 (reorder the pieces), join neighbours
   into runs, and place them: right-aligned for RTL, left-aligned for LTR.
The result is a list of `Line`s whose runs are ready to draw (see draw.py).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from reportlab.lib.colors import Color, black

from willkommensordner.printing.bidi_levels import BidiParagraph, is_rtl_text, visual_order
from willkommensordner.printing.fonts import Face, faces
from willkommensordner.printing.languages import is_rtl, shaper_language
from willkommensordner.printing.shaping import Glyph, Shaped, shape

Align = Literal["start", "end", "center"]
Direction = Literal["ltr", "rtl", "auto"]


@dataclass(frozen=True)
class TextStyle:
    """How a piece of text looks. `align="start"` means right for RTL, left for LTR."""

    size: float = 10.0
    leading: float | None = None
    bold: bool = False
    color: Color = field(default=black)
    align: Align = "start"
    space_before: float = 0.0
    space_after: float = 0.0

    @property
    def line_height(self) -> float:
        # Arabic letters reach far above and below Latin ones: 1.5 em keeps lines apart.
        return self.leading if self.leading is not None else self.size * 1.5

    def replace(self, **changes: object) -> TextStyle:
        from dataclasses import replace

        return replace(self, **changes)  # type: ignore[arg-type]


Spans = tuple[tuple[int, int], ...]  # (start, end) character ranges


@dataclass(frozen=True, slots=True)
class StyledText:
    """Text with bold and italic ranges (from Markdown's **strong** and *emphasis*)."""

    text: str
    bold: Spans = ()
    italic: Spans = ()


Printable = str | StyledText


def plain(text: Printable) -> str:
    return text.text if isinstance(text, StyledText) else text


@dataclass(frozen=True, slots=True)
class Run:
    """Glyphs of one font, one direction and one slant, placed on a line."""

    face: Face
    rtl: bool
    glyphs: tuple[Glyph, ...]  # visual order
    indices: tuple[int, ...]  # per glyph: index of its text in the paragraph
    x: float  # from the left edge of the line box, in points
    width: float
    text: str  # logical text of the run
    start: int  # logical position in the paragraph (draw order, see draw.py)
    italic: bool = False  # drawn slanted (the fonts have no italic faces)


@dataclass(frozen=True, slots=True)
class Line:
    runs: tuple[Run, ...]  # visual order, left to right
    width: float  # of the ink, in points
    text: str  # logical text of the line
    rtl: bool  # paragraph direction


@dataclass(frozen=True, slots=True)
class _Piece:
    start: int
    end: int
    level: int
    shaped: Shaped
    italic: bool


_Advance = Callable[[int, int], float]
_Pieces = Callable[[int, int, Sequence[int] | None], list[_Piece]]


@dataclass(slots=True)
class _Word:
    start: int
    core_end: int  # end of the visible part; then come the blanks up to `end`
    end: int
    width: float  # of the visible part, in points
    space: float  # of the blanks, in points


def resolve_rtl(text: str, direction: Direction | bool, language: str = "") -> bool:
    """Paragraph direction: explicit, from the language, or from the first strong character."""
    if isinstance(direction, bool):
        return direction
    if direction == "auto":
        return is_rtl(language) if language else is_rtl_text(text)
    return direction == "rtl"


def layout(
    text: Printable,
    style: TextStyle,
    width: float,
    *,
    language: str = "de",
    direction: Direction | bool = "auto",
) -> list[Line]:
    """Lay out `text` (may contain newlines) into lines no wider than `width` points."""
    styled = text if isinstance(text, StyledText) else StyledText(text.replace("\r\n", "\n"))
    rtl = resolve_rtl(styled.text, direction, language)
    key = _LayoutKey(style.size, style.bold, style.align)
    return list(_layout_cached(styled, key, width, rtl, shaper_language(language)))


@dataclass(frozen=True, slots=True)
class _LayoutKey:
    """The parts of a style that change the layout (colour and spacing do not)."""

    size: float
    bold: bool
    align: Align


@lru_cache(maxsize=4096)
def _layout_cached(
    styled: StyledText, key: _LayoutKey, width: float, rtl: bool, language: str
) -> tuple[Line, ...]:
    # Lines are immutable, so a folder that repeats a heading, a table label or a whole
    # information paragraph lays it out once.
    style = TextStyle(size=key.size, bold=key.bold, align=key.align)
    text = _clean(styled.text)
    bold = _flags(len(text), styled.bold, style.bold)
    italic = _flags(len(text), styled.italic, False)
    lines: list[Line] = []
    start = 0
    for paragraph in text.split("\n"):
        end = start + len(paragraph)
        marks = _Marks(bold[start:end], italic[start:end])
        lines.extend(_layout_paragraph(paragraph, style, width, rtl, language, marks))
        start = end + 1
    return tuple(lines)


@dataclass(frozen=True, slots=True)
class _Marks:
    """Per character of a paragraph: bold, italic."""

    bold: Sequence[bool]
    italic: Sequence[bool]


def _flags(length: int, spans: Spans, everywhere: bool) -> list[bool]:
    flags = [everywhere] * length
    for start, end in spans:
        flags[max(start, 0) : min(end, length)] = [True] * max(0, min(end, length) - start)
    return flags


def measure(text: str, style: TextStyle, *, language: str = "de") -> float:
    """The unwrapped width of `text` in points (its widest line)."""
    lines = layout(text, style, 1e9, language=language)
    return max((line.width for line in lines), default=0.0)


def _clean(text: str) -> str:
    # Tabs and odd line ends would be bidi segment or paragraph separators; we do not lay
    # out columns. One character for one keeps the bold and italic ranges in place.
    return text.translate(_CLEAN)


_CLEAN = str.maketrans({"\r": "\n", "\t": " ", "\u2028": "\n", "\u2029": "\n", "\x85": "\n"})


def _layout_paragraph(
    text: str, style: TextStyle, width: float, rtl: bool, language: str, marks: _Marks
) -> list[Line]:
    if not text.strip():
        return [Line((), 0.0, "", rtl)]
    paragraph = BidiParagraph(text, rtl, _digit_groups(text) if rtl else ())
    levels = paragraph.levels
    face_of = _assign_faces(text, marks.bold)
    italic = marks.italic
    scale = style.size / 1000.0

    def pieces(start: int, end: int, line_levels_: Sequence[int] | None = None) -> list[_Piece]:
        lv = line_levels_ if line_levels_ is not None else levels
        result: list[_Piece] = []
        run_start = start
        for index in range(start + 1, end + 1):
            if (
                index == end
                or lv[index] != lv[run_start]
                or face_of[index] is not face_of[run_start]
                or italic[index] != italic[run_start]
            ):
                level = lv[run_start]
                shaped = shape(text[run_start:index], face_of[run_start], level % 2 == 1, language)
                result.append(_Piece(run_start, index, level, shaped, italic[run_start]))
                run_start = index
        return result

    def advance(start: int, end: int) -> float:
        return sum(piece.shaped.advance for piece in pieces(start, end, None)) * scale

    words = _split_words(text, width, advance)
    lines: list[Line] = []
    current: list[_Word] = []
    used = 0.0
    for word in words:
        if current and used + current[-1].space + word.width > width:
            # Keep digit groups together ("0123 456789", "12 345"): carry the groups
            # that end the line over with the next one.
            carry: list[_Word] = []
            carried = word.width
            while len(current) > 1 and _glued(text, current[-1], carry[0] if carry else word):
                carried += current[-1].width + current[-1].space
                if carried > width:  # a digit sequence longer than the line: break it
                    current.extend(carry)
                    carry = []
                    break
                carry.insert(0, current.pop())
            lines.append(_make_line(paragraph, current, style, width, pieces))
            current = carry
            used = sum(w.width for w in carry) + sum(w.space for w in carry[:-1])
        used += (current[-1].space if current else 0.0) + word.width
        current.append(word)
    if current:
        lines.append(_make_line(paragraph, current, style, width, pieces))
    return lines


def _split_words(text: str, width: float, advance: _Advance) -> list[_Word]:
    """Words with their trailing blanks; a word wider than the line is cut to fit."""
    words: list[_Word] = []
    index = 0
    length = len(text)
    while index < length:
        start = index
        while index < length and not _is_blank(text[index]):
            index += 1
        core_end = index
        while index < length and _is_blank(text[index]):
            index += 1
        if core_end == start:  # leading blanks of the paragraph: keep them as a word
            words.append(_Word(start, start, index, 0.0, advance(start, index)))
            continue
        core_width = advance(start, core_end)
        if core_width > width:
            words.extend(_cut_word(text, start, core_end, width, advance))
            words[-1].end = index
            words[-1].space = advance(core_end, index)
        else:
            words.append(_Word(start, core_end, index, core_width, advance(core_end, index)))
    return words


def _cut_word(text: str, start: int, end: int, width: float, advance: _Advance) -> list[_Word]:
    """Cut an over-long word (a URL, an e-mail address) at character boundaries."""
    pieces: list[_Word] = []
    while start < end:
        # Binary search for the longest prefix that fits (at least one character).
        low, high = start + 1, end
        while low < high:
            middle = (low + high + 1) // 2
            if advance(start, middle) <= width:
                low = middle
            else:
                high = middle - 1
        cut = low
        # Never separate a mark or a joiner from the letter before it.
        while cut < end and cut > start + 1 and _is_attached(text[cut]):
            cut -= 1
        if cut == start:
            cut = start + 1
        pieces.append(_Word(start, cut, cut, advance(start, cut), 0.0))
        start = cut
    return pieces


def _make_line(
    paragraph: BidiParagraph,
    words: Sequence[_Word],
    style: TextStyle,
    width: float,
    pieces: _Pieces,
) -> Line:
    text, rtl = paragraph.text, paragraph.rtl
    start, end = words[0].start, words[-1].core_end
    if start == end:
        return Line((), 0.0, "", rtl)
    fixed = list(paragraph.levels)
    fixed[start:end] = paragraph.line_levels(start, end)
    # Pieces never cross a word boundary, so cached word shapes are reused across lines.
    items: list[_Piece] = []
    for word in words:
        items.extend(pieces(word.start, word.core_end, fixed))
        if word is not words[-1] and word.end > word.core_end:
            items.extend(pieces(word.core_end, word.end, fixed))
    ordered = visual_order(items, [item.level for item in items])
    scale = style.size / 1000.0
    runs: list[Run] = []
    x = 0.0
    group: list[_Piece] = []
    for item in [*ordered, None]:
        if group and (
            item is None
            or item.shaped.face is not group[0].shaped.face
            or item.shaped.rtl != group[0].shaped.rtl
            or item.italic != group[0].italic
        ):
            glyphs = tuple(glyph for piece in group for glyph in piece.shaped.glyphs)
            indices = tuple(
                piece.start + glyph.cluster for piece in group for glyph in piece.shaped.glyphs
            )
            run_width = sum(piece.shaped.advance for piece in group) * scale
            logical = sorted(group, key=lambda piece: piece.start)
            runs.append(
                Run(
                    face=group[0].shaped.face,
                    rtl=group[0].shaped.rtl,
                    glyphs=glyphs,
                    indices=indices,
                    x=x,
                    width=run_width,
                    text="".join(text[piece.start : piece.end] for piece in logical),
                    start=logical[0].start,
                    italic=group[0].italic,
                )
            )
            x += run_width
            group = []
        if item is not None:
            group.append(item)
    offset = _align_offset(style.align, rtl, width, x)
    placed = tuple(
        Run(
            run.face,
            run.rtl,
            run.glyphs,
            run.indices,
            run.x + offset,
            run.width,
            run.text,
            run.start,
            run.italic,
        )
        for run in runs
    )
    return Line(placed, x, text[start:end], rtl)


def _align_offset(align: Align, rtl: bool, width: float, ink: float) -> float:
    if width >= 1e8:  # measuring, unbounded
        return 0.0
    if align == "center":
        return (width - ink) / 2
    right = (align == "start") == rtl
    return width - ink if right else 0.0


def _assign_faces(text: str, bold: Sequence[bool]) -> list[Face]:
    """Font fallback per character, sticky: blanks, digits and punctuation stay in the font
    of what precedes them when it has them, so an Arabic sentence keeps Arabic spacing and
    punctuation and a mark stays with its letter. Bold characters take the bold faces."""
    weights = {False: faces(False), True: faces(True)}
    result: list[Face] = []
    previous: Face | None = None
    previous_bold = False
    for char, heavy in zip(text, bold, strict=True):
        available = weights[heavy]
        if previous is None or heavy != previous_bold or not previous.covers(char):
            if previous is not None and heavy != previous_bold:
                # Same script, other weight: keep the family of what precedes.
                twin = available[weights[previous_bold].index(previous)]
                previous = twin if twin.covers(char) else None
            if previous is None or not previous.covers(char):
                previous = next((f for f in available if f.covers(char)), available[0])
        result.append(previous)
        previous_bold = heavy
    return result


_DIGIT_GROUPS = re.compile(
    r"[0-9\u0660-\u0669\u06f0-\u06f9]+(?: [0-9\u0660-\u0669\u06f0-\u06f9]+)+"
)


def _digit_groups(text: str) -> list[tuple[int, int]]:
    """In RTL text, "0123 456789" is shown as one left-to-right unit (LRI…PDI around it).

    Plain UBA puts two numbers separated by a blank in right-to-left order ("456789 0123"
    on paper); for phone numbers, postcodes and IBANs that invites dialling errors."""
    return [match.span() for match in _DIGIT_GROUPS.finditer(text)]


def _glued(text: str, left: _Word, right: _Word) -> bool:
    """True for two digit groups separated by one blank (phone numbers, postcodes)."""
    return (
        left.end - left.core_end == 1
        and left.core_end > left.start
        and text[left.core_end - 1].isdigit()
        and right.core_end > right.start
        and text[right.start].isdigit()
    )


def _is_blank(char: str) -> bool:
    return char == " " or char == "\u3000"


def _is_attached(char: str) -> bool:
    return unicodedata.category(char) in ("Mn", "Mc", "Me") or char in "\u200c\u200d"
