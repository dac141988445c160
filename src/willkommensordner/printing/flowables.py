"""reportlab flowables built on the text layer: paragraphs, headings, lists, tables, and the
bilingual block. None of them hands a string to reportlab's own text machinery.

Bilingual layout: side by side, German in the left column and the newcomer's language in the
right one, paragraph pair by paragraph pair, each pair starting at the same height. Why not
alternating paragraphs: side by side, the newcomer reads their column without German in
between, the counsellor (or an authority) reads the German column, and both can point at the
same height when they talk. A right-to-left column on the right puts its start edge on the
outside of the page, where RTL readers expect it. When a pair does not fit on a page it is
split line by line in both columns at once, so the halves stay side by side.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib.colors import Color, HexColor
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from willkommensordner.printing.draw import draw_lines
from willkommensordner.printing.fonts import base_font_name
from willkommensordner.printing.languages import is_rtl
from willkommensordner.printing.text_layer import (
    Direction,
    Line,
    Printable,
    StyledText,
    TextStyle,
    layout,
    plain,
    resolve_rtl,
)

BODY = TextStyle(size=10.0, space_after=6.0)
HEADINGS = {
    1: TextStyle(size=17.0, bold=True, space_before=6.0, space_after=8.0),
    2: TextStyle(size=13.0, bold=True, space_before=8.0, space_after=4.0),
    3: TextStyle(size=11.0, bold=True, space_before=6.0, space_after=3.0),
}
RULE_COLOR = HexColor("#9aa5b1")
HEADER_FILL = HexColor("#e8edf2")


def _first_baseline(style: TextStyle) -> float:
    """Distance from the top of a line box to its baseline (glyphs centred in the box)."""
    return (style.line_height + style.size * 0.72) / 2


class TextParagraph(Flowable):  # type: ignore[misc]
    """A paragraph in any script; splits between lines across pages."""

    def __init__(
        self,
        text: Printable,
        style: TextStyle = BODY,
        *,
        language: str = "de",
        direction: Direction | bool = "auto",
        _lines: list[Line] | None = None,
    ) -> None:
        super().__init__()
        self.text = text
        self.style = style
        self.language = language
        self.rtl = resolve_rtl(plain(text), direction, language)
        self._lines = _lines
        self._laid_width: float | None = None
        self.spaceBefore = style.space_before
        self.spaceAfter = style.space_after

    @property
    def lines(self) -> list[Line]:
        return self._lines or []

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        if self._laid_width != availWidth:
            self._lines = layout(
                self.text, self.style, availWidth, language=self.language, direction=self.rtl
            )
            self._laid_width = availWidth
        self.width = availWidth
        self.height = len(self.lines) * self.style.line_height
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        self.wrap(availWidth, availHeight)
        fit = int(availHeight // self.style.line_height)
        if fit <= 0 or fit >= len(self.lines):
            return []
        return [self._part(self.lines[:fit], after=0.0), self._part(self.lines[fit:], before=0.0)]

    def _part(
        self, lines: list[Line], before: float | None = None, after: float | None = None
    ) -> TextParagraph:
        style = self.style.replace(
            space_before=self.style.space_before if before is None else before,
            space_after=self.style.space_after if after is None else after,
        )
        part = TextParagraph(
            self.text, style, language=self.language, direction=self.rtl, _lines=lines
        )
        part._laid_width = self._laid_width
        return part

    def draw(self) -> None:
        draw_lines(
            self.canv,
            self.lines,
            0.0,
            self.height - _first_baseline(self.style),
            self.style.size,
            self.style.line_height,
            self.style.color,
        )


def Heading(  # noqa: N802 - reads like a class in a story
    text: str, level: int = 1, *, language: str = "de", color: Color | None = None
) -> TextParagraph:
    style = HEADINGS.get(level, HEADINGS[3])
    if color is not None:
        style = style.replace(color=color)
    return TextParagraph(text, style, language=language)


class BulletList(Flowable):  # type: ignore[misc]
    """Items with a bullet on the start side (right for RTL)."""

    def __init__(
        self,
        items: Sequence[Printable],
        style: TextStyle = BODY,
        *,
        language: str = "de",
        bullet: str = "•",
        indent: float = 14.0,
    ) -> None:
        super().__init__()
        self.items = [
            TextParagraph(item, style.replace(space_before=0.0, space_after=2.0), language=language)
            for item in items
        ]
        self.style = style
        self.language = language
        self.rtl = is_rtl(language)
        self.bullet = TextParagraph(bullet, style.replace(space_after=0.0), language=language)
        self.indent = indent
        self.spaceAfter = style.space_after

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        self.bullet.wrap(self.indent, availHeight)
        self.height = sum(
            item.wrap(availWidth - self.indent, availHeight)[1] + item.spaceAfter
            for item in self.items
        )
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        self.wrap(availWidth, availHeight)
        used, count = 0.0, 0
        for item in self.items:
            step = item.height + item.spaceAfter
            if used + step > availHeight:
                break
            used, count = used + step, count + 1
        if count == 0 or count == len(self.items):
            return []
        first = BulletList([], self.style, language=self.language, indent=self.indent)
        rest = BulletList([], self.style, language=self.language, indent=self.indent)
        first.items, rest.items = self.items[:count], self.items[count:]
        first.spaceAfter = 0.0
        return [first, rest]

    def draw(self) -> None:
        y = self.height
        for item in self.items:
            y -= item.height
            x_item = 0.0 if self.rtl else self.indent
            x_bullet = self.width - self.indent if self.rtl else 0.0
            item.drawOn(self.canv, x_item, y)
            top_line = y + item.height - self.style.line_height
            self.bullet.drawOn(self.canv, x_bullet, top_line)
            y -= item.spaceAfter


class SideBySide(Flowable):  # type: ignore[misc]
    """Two flowables in two equal columns, top-aligned. Two paragraphs split line by line
    in both columns at once; other contents move to the next page whole."""

    def __init__(
        self,
        left: Flowable,
        right: Flowable,
        *,
        gap: float = 16.0,
        rule: bool = True,
    ) -> None:
        super().__init__()
        self.left, self.right = left, right
        self.gap = gap
        self.rule = rule
        self.spaceBefore = max(left.getSpaceBefore(), right.getSpaceBefore())
        self.spaceAfter = max(left.getSpaceAfter(), right.getSpaceAfter())

    def _column(self, availWidth: float) -> float:  # noqa: N803
        return (availWidth - self.gap) / 2

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        column = self._column(availWidth)
        self.width = availWidth
        self.height = max(
            self.left.wrap(column, availHeight)[1], self.right.wrap(column, availHeight)[1]
        )
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        self.wrap(availWidth, availHeight)
        if self.height <= availHeight:
            return []
        if not isinstance(self.left, TextParagraph) or not isinstance(self.right, TextParagraph):
            return self._split_each(availWidth, availHeight)
        parts = []
        for side in (self.left, self.right):
            fit = int(availHeight // side.style.line_height)
            parts.append((side.lines[:fit], side.lines[fit:]))
        if not parts[0][0] and not parts[1][0]:
            return []
        halves = []
        for index in (0, 1):
            left = self.left._part(parts[0][index], before=None if index == 0 else 0.0)
            right = self.right._part(parts[1][index], before=None if index == 0 else 0.0)
            halves.append(SideBySide(left, right, gap=self.gap, rule=self.rule))
        halves[0].spaceAfter = 0.0
        return halves

    def _split_each(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        """Other contents (lists): split each column on its own where it allows."""
        column = self._column(availWidth)
        halves: list[list[Flowable]] = []
        for side in (self.left, self.right):
            if side.height <= availHeight:
                halves.append([side, Spacer(0, 0)])
                continue
            pieces = side.split(column, availHeight)
            if len(pieces) != 2:
                return []
            halves.append(pieces)
        first = SideBySide(halves[0][0], halves[1][0], gap=self.gap, rule=self.rule)
        rest = SideBySide(halves[0][1], halves[1][1], gap=self.gap, rule=self.rule)
        first.spaceAfter = 0.0
        return [first, rest]

    def draw(self) -> None:
        column = self._column(self.width)
        self.left.drawOn(self.canv, 0.0, self.height - self.left.height)
        self.right.drawOn(self.canv, column + self.gap, self.height - self.right.height)
        if self.rule and self.height > 0:
            self.canv.setStrokeColor(RULE_COLOR)
            self.canv.setLineWidth(0.4)
            x = column + self.gap / 2
            self.canv.line(x, 0.0, x, self.height)


def BilingualBlock(  # noqa: N802 - reads like a class in a story
    de_text: Printable,
    other_text: Printable | None,
    language: str,
    style: TextStyle = BODY,
) -> Flowable:
    """German beside the newcomer's language (German left, theirs right). Paragraphs
    (separated by blank lines) are paired in order; with no translation, or for German,
    the German text alone spans the full width."""
    if other_text is None or language == "de":
        return TextParagraph(de_text, style, language="de")
    de_parts = _paragraphs(de_text)
    other_parts = _paragraphs(other_text)
    count = max(len(de_parts), len(other_parts))
    de_parts += [""] * (count - len(de_parts))
    other_parts += [""] * (count - len(other_parts))
    rows = [
        SideBySide(
            TextParagraph(de, style, language="de"),
            TextParagraph(other, style, language=language),
        )
        for de, other in zip(de_parts, other_parts, strict=True)
    ]
    return rows[0] if len(rows) == 1 else _Stack(rows)


def _paragraphs(text: Printable) -> list[Printable]:
    if isinstance(text, StyledText):  # one Markdown block: no blank lines inside
        return [text] if text.text.strip() else []
    return [part.strip() for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]


class _Stack(Flowable):  # type: ignore[misc]
    """Several flowables as one story item that splits between (and inside) its parts."""

    def __init__(self, parts: Sequence[Flowable]) -> None:
        super().__init__()
        self.parts = list(parts)
        self.spaceBefore = self.parts[0].getSpaceBefore() if self.parts else 0.0
        self.spaceAfter = self.parts[-1].getSpaceAfter() if self.parts else 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        self.height = 0.0
        for index, part in enumerate(self.parts):
            self.height += part.wrap(availWidth, availHeight)[1]
            if index < len(self.parts) - 1:
                self.height += part.getSpaceAfter()
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        self.wrap(availWidth, availHeight)
        used = 0.0
        for index, part in enumerate(self.parts):
            if used + part.height > availHeight:
                pieces = part.split(availWidth, availHeight - used)
                head = self.parts[:index] + pieces[:1]
                tail = pieces[1:] + self.parts[index + 1 :] if pieces else self.parts[index:]
                if not head:
                    return []
                return [_Stack(head), _Stack(tail)] if tail else [_Stack(head)]
            used += part.height + part.getSpaceAfter()
        return []

    def draw(self) -> None:
        y = self.height
        for part in self.parts:
            y -= part.height
            part.drawOn(self.canv, 0.0, y)
            y -= part.getSpaceAfter()


def TextTable(  # noqa: N802 - reads like a class in a story
    rows: Sequence[Sequence[str | Flowable | list[Flowable]]],
    col_widths: Sequence[float],
    *,
    languages: str | Sequence[str] = "de",
    style: TextStyle = BODY,
    header: bool = True,
    mirror: bool | None = None,
) -> Table:
    """A table whose every cell goes through the text layer.

    `languages` is one language for all columns or one per column. `mirror` reverses the
    column order (first column on the right); by default it does so when every column is
    right-to-left, so an RTL table reads from the right like its text.
    """
    column_languages = (
        [languages] * len(col_widths) if isinstance(languages, str) else list(languages)
    )
    if mirror is None:
        mirror = all(is_rtl(language) for language in column_languages)
    cell_style = style.replace(space_before=0.0, space_after=0.0)
    head_style = cell_style.replace(bold=True)
    data: list[list[Any]] = []
    for row_index, row in enumerate(rows):
        cells = [
            TextParagraph(
                value,
                head_style if header and row_index == 0 else cell_style,
                language=column_languages[column],
            )
            if isinstance(value, str)
            else value
            for column, value in enumerate(row)
        ]
        data.append(cells[::-1] if mirror else cells)
    widths = list(col_widths)[::-1] if mirror else list(col_widths)
    table = Table(data, colWidths=widths, repeatRows=1 if header else 0, hAlign="CENTER")
    commands: list[tuple[Any, ...]] = [
        # reportlab draws no strings itself here; the font is set so none can default to
        # the non-embedded Helvetica.
        ("FONTNAME", (0, 0), (-1, -1), base_font_name()),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("GRID", (0, 0), (-1, -1), 0.4, RULE_COLOR),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    if header and rows:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL))
    table.setStyle(TableStyle(commands))
    return table
