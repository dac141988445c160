"""Page template and document building: A4, page numbers, a "Stand" date and a slot for the
machine-translation notice in the footer; writes to a path or to a binary stream (the app
previews from memory, so no temporary file ever holds personal data)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from willkommensordner.printing.draw import draw_lines
from willkommensordner.printing.fonts import base_font_name
from willkommensordner.printing.text_layer import Line, TextStyle, layout

FOOTER_STYLE = TextStyle(size=7.5, color=HexColor("#4a5560"))
NOTICE_STYLE = TextStyle(size=7.5, color=HexColor("#7a4a00"))
BANNER_STYLE = TextStyle(
    size=10.5, leading=14.0, bold=True, color=HexColor("#a4262c"), align="center"
)
BANNER_PADDING = 1.5 * mm


@dataclass(frozen=True)
class PageFooter:
    """What every page shows below the text.

    `stand` is the already formatted "Stand" line (e.g. "Stand: 12.03.2026"), `page_label`
    a format string for the page number ("Seite {page}"), `notices` lines of the
    machine-translation notice, each with its language (German first, then the newcomer's).
    """

    stand: str = ""
    page_label: str = "Seite {page}"
    notices: Sequence[tuple[str, str]] = ()
    # A warning boxed at the top of every page (invented sample data), lines with languages.
    banner: Sequence[tuple[str, str]] = ()


def build_document(
    output: str | Path | BinaryIO,
    story: Sequence[Flowable],
    *,
    title: str = "",
    language: str = "de",
    footer: PageFooter | None = None,
    pagesize: tuple[float, float] = A4,
    margin: float = 18 * mm,
) -> int:
    """Lay out `story` into a PDF at `output`; returns the number of pages.

    `language` (the reader's) becomes the document's /Lang, which screen readers follow."""
    footer = footer or PageFooter()
    notice_height = _notice_height(footer, pagesize[0] - 2 * margin)
    bottom = margin + 6 * mm + notice_height
    banner_height = _banner_height(footer, pagesize[0] - 2 * margin)
    frame = Frame(
        margin,
        bottom,
        pagesize[0] - 2 * margin,
        pagesize[1] - margin - bottom - banner_height,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    target: str | BinaryIO = str(output) if isinstance(output, str | Path) else output
    doc = BaseDocTemplate(
        target,
        pagesize=pagesize,
        title=title,
        author="Willkommensordner digital",
        creator="Willkommensordner digital",
        # Every font embedded: the canvas would otherwise start each page with Helvetica.
        initialFontName=base_font_name(),
        lang=language.replace("_", "-"),
        # Not invariant: the creation date is the real one (invariant PDFs say 2000-01-01).
        invariant=False,
    )

    def on_page(canvas: Canvas, _doc: BaseDocTemplate) -> None:
        _draw_banner(canvas, footer, pagesize, margin)
        _draw_footer(canvas, footer, pagesize, margin)

    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page)])
    doc.build(list(story))
    return int(doc.page)


def build_bytes(story: Sequence[Flowable], **options: object) -> bytes:
    """The PDF as bytes, built in memory."""
    buffer = io.BytesIO()
    build_document(buffer, story, **options)  # type: ignore[arg-type]
    return buffer.getvalue()


def _notice_height(footer: PageFooter, width: float) -> float:
    lines = sum(
        len(layout(text, NOTICE_STYLE, width, language=language))
        for text, language in footer.notices
    )
    return lines * NOTICE_STYLE.line_height + (2 * mm if lines else 0.0)


def _banner_lines(footer: PageFooter, width: float) -> list[Line]:
    inner = width - 2 * BANNER_PADDING
    return [
        line
        for text, language in footer.banner
        for line in layout(text, BANNER_STYLE, inner, language=language)
    ]


def _banner_height(footer: PageFooter, width: float) -> float:
    lines = _banner_lines(footer, width)
    if not lines:
        return 0.0
    return float(len(lines) * BANNER_STYLE.line_height + 2 * BANNER_PADDING + 2 * mm)


def _draw_banner(
    canvas: Canvas, footer: PageFooter, pagesize: tuple[float, float], margin: float
) -> None:
    width = pagesize[0] - 2 * margin
    lines = _banner_lines(footer, width)
    if not lines:
        return
    canvas.saveState()
    height = len(lines) * BANNER_STYLE.line_height + 2 * BANNER_PADDING
    top = pagesize[1] - margin
    canvas.setStrokeColor(BANNER_STYLE.color)
    canvas.setFillColor(HexColor("#fdecea"))
    canvas.setLineWidth(1.5)
    canvas.rect(margin, top - height, width, height, stroke=1, fill=1)
    first_baseline = top - BANNER_PADDING - BANNER_STYLE.size
    draw_lines(
        canvas,
        lines,
        margin + BANNER_PADDING,
        first_baseline,
        BANNER_STYLE.size,
        BANNER_STYLE.line_height,
        BANNER_STYLE.color,
    )
    canvas.restoreState()


def _draw_footer(
    canvas: Canvas, footer: PageFooter, pagesize: tuple[float, float], margin: float
) -> None:
    canvas.saveState()
    width = pagesize[0] - 2 * margin
    y = margin
    left = layout(footer.stand, FOOTER_STYLE, width, language="de")
    right = layout(
        footer.page_label.format(page=canvas.getPageNumber()),
        FOOTER_STYLE.replace(align="end"),
        width,
        language="de",
    )
    draw_lines(canvas, left, margin, y, FOOTER_STYLE.size, 0, FOOTER_STYLE.color)
    draw_lines(canvas, right, margin, y, FOOTER_STYLE.size, 0, FOOTER_STYLE.color)
    canvas.setStrokeColor(HexColor("#9aa5b1"))
    canvas.setLineWidth(0.4)
    canvas.line(margin, y + FOOTER_STYLE.size + 2, margin + width, y + FOOTER_STYLE.size + 2)
    # Notice lines top-down (reading order in the content stream), the last one just above
    # the rule.
    notice_lines = [
        line
        for text, language in footer.notices
        for line in layout(text, NOTICE_STYLE, width, language=language)
    ]
    y += FOOTER_STYLE.size + 2 + 2 * mm + NOTICE_STYLE.size
    y += (len(notice_lines) - 1) * NOTICE_STYLE.line_height
    draw_lines(
        canvas,
        notice_lines,
        margin,
        y,
        NOTICE_STYLE.size,
        NOTICE_STYLE.line_height,
        NOTICE_STYLE.color,
    )
    canvas.restoreState()
