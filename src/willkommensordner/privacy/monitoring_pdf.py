"""The monitoring figures as a short PDF with bar charts, for the municipality's committees.

Only aggregate, suppressed figures reach the page. Every text on it, chart labels included,
is set in the embedded Bitstream Vera font that ships with reportlab, so no unembedded
base-14 font appears in the file.
"""

from __future__ import annotations

from pathlib import Path

import reportlab
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from willkommensordner.i18n import N_, Translator
from willkommensordner.privacy.monitoring import (
    PRIMARY,
    SECONDARY,
    THRESHOLD,
    Distribution,
    Figures,
)

FONT = "WkoVera"
BOLD = "WkoVera-Bold"
_BAR = colors.HexColor("#2f6f8f")


def _register_fonts() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    folder = Path(reportlab.__file__).parent / "fonts"
    pdfmetrics.registerFont(TTFont(FONT, str(folder / "Vera.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(folder / "VeraBd.ttf")))


def _styles() -> dict[str, ParagraphStyle]:
    return {
        "title": ParagraphStyle("title", fontName=BOLD, fontSize=16, leading=20, spaceAfter=6),
        "h2": ParagraphStyle("h2", fontName=BOLD, fontSize=12, leading=15, spaceBefore=8),
        "body": ParagraphStyle("body", fontName=FONT, fontSize=9, leading=12),
    }


def _chart(dist: Distribution, tr: Translator) -> Drawing | None:
    """Bars for the cells that may be shown; hidden cells get no bar at all."""
    items = [
        (tr.gettext(label), count)
        for label, count, shown in zip(dist.labels, dist.counts, dist.shown, strict=True)
        if shown not in (PRIMARY, SECONDARY) and count > 0
    ]
    if not items:
        return None
    height = 14 * len(items) + 30
    drawing = Drawing(170 * mm, height)
    # The renderer otherwise starts every drawing in Helvetica, which would not be embedded.
    drawing.initialFontName = FONT
    drawing.initialFontSize = 7
    chart = HorizontalBarChart()
    chart.x, chart.y = 62 * mm, 18
    chart.width, chart.height = 100 * mm, height - 26
    chart.data = [[count for _, count in items]]
    chart.categoryAxis.categoryNames = [label[:48] for label, _ in items]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.reverseDirection = True
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 7
    chart.barLabelFormat = "%d"
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    chart.bars[0].fillColor = _BAR
    chart.bars[0].strokeColor = None
    drawing.add(chart)
    return drawing


def _table(rows: list[list[str]], widths: list[float]) -> Table:
    table = Table(rows, colWidths=widths, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("FONTNAME", (0, 0), (-1, 0), BOLD),
                ("FONTNAME", (0, -1), (-1, -1), BOLD),
                ("FONTSIZE", (0, 0), (-1, -1), 8),
                ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.grey),
                ("LINEABOVE", (0, -1), (-1, -1), 0.5, colors.grey),
            ]
        )
    )
    return table


def write_pdf(figures: Figures, path: Path, tr: Translator) -> None:
    _register_fonts()
    s = _styles()
    story: list[object] = [
        Paragraph(tr.gettext("Integration monitoring"), s["title"]),
        Paragraph(
            tr.format(
                N_("As of {date}. All figures are counts of dossiers."),
                {"date": figures.as_of.strftime("%d.%m.%Y")},
            ),
            s["body"],
        ),
        Paragraph(
            tr.format(
                N_(
                    'Counts from 1 to {limit} are shown as "{primary}"; where a total would'
                    ' reveal them, further cells are hidden as "{secondary}". No names, ids,'
                    " dates of birth or free text are included."
                ),
                {"limit": THRESHOLD - 1, "primary": PRIMARY, "secondary": SECONDARY},
            ),
            s["body"],
        ),
    ]
    for dist in figures.distributions:
        story.append(Paragraph(tr.gettext(dist.title), s["h2"]))
        chart = _chart(dist, tr)
        if chart is not None:
            story.append(chart)
        rows = [[tr.gettext(dist.title), tr.gettext("Dossiers")]]
        rows += [
            [tr.gettext(label)[:70], shown]
            for label, shown, count in zip(dist.labels, dist.shown, dist.counts, strict=True)
            if count or dist.id in ("cases", "target_group")
        ]
        rows.append([tr.gettext("Total"), dist.shown_total])
        story.append(_table(rows, [120 * mm, 30 * mm]))
    story.append(Paragraph(tr.gettext("Agreed steps by kind"), s["h2"]))
    header = [tr.gettext("Kind"), tr.gettext("open"), tr.gettext("done"), tr.gettext("dropped")]
    rows = [[*header, tr.gettext("Total")]]
    rows += [[tr.gettext(r.label)[:60], *r.shown, r.shown_total] for r in figures.steps]
    rows.append(["", "", "", "", ""])
    story.append(_table(rows, [90 * mm, 18 * mm, 18 * mm, 18 * mm, 18 * mm]))
    lc = figures.language_course
    story.append(Paragraph(tr.gettext("Arrival to first language course"), s["h2"]))
    median = (
        tr.format(N_("Median: {days} days"), {"days": lc.shown_median})
        if lc.shown_median
        else tr.gettext("Median: not shown (fewer than 5 dossiers)")
    )
    story.append(
        Paragraph(
            tr.format(
                N_(
                    "Dossiers with a first language course: {count}. {median}. Dossiers with"
                    " an arrival date but no course recorded yet: {without}."
                ),
                {"count": lc.shown_dossiers, "median": median, "without": lc.shown_without},
            ),
            s["body"],
        )
    )
    story.append(Spacer(1, 4 * mm))
    doc = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=tr.gettext("Integration monitoring"),
        author="",
        creator="Willkommensordner digital",
        # Else the canvas starts in Helvetica and the file lists it, unembedded.
        initialFontName=FONT,
    )
    doc.build(story)
