"""The recovery sheet: the one page that lets a counsellor back in after a lost passphrase.

It holds the recovery key, the date and which vault it opens, and nothing about newcomers.
The text is German or English (the sheet is Latin script only; an RTL UI gets English).
"""

from __future__ import annotations

import io
from datetime import date
from functools import cache
from importlib.resources.abc import Traversable
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from willkommensordner import APP_NAME, __version__
from willkommensordner.i18n import N_, Translator, translator
from willkommensordner.paths import resource

FONT = "WkoSheet"
FONT_BOLD = "WkoSheetBold"
_BUNDLED = (
    ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
)


def _font_files() -> tuple[Traversable | Path, Traversable | Path]:
    """A bundled Unicode font if the app ships one, else the Vera TTF that reportlab ships."""
    fonts = resource("fonts")
    for regular, bold in _BUNDLED:
        if (fonts / regular).is_file() and (fonts / bold).is_file():
            return fonts / regular, fonts / bold
    import reportlab

    folder = Path(reportlab.__file__).parent / "fonts"
    return folder / "Vera.ttf", folder / "VeraBd.ttf"


@cache
def _register_fonts() -> None:
    regular, bold = _font_files()
    pdfmetrics.registerFont(TTFont(FONT, io.BytesIO(regular.read_bytes())))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, io.BytesIO(bold.read_bytes())))


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}".strip()
            if pdfmetrics.stringWidth(candidate, font, size) <= width or not line:
                line = candidate
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines


def build_recovery_sheet(
    *, recovery_key: str, vault_path: Path, created: date, tr: Translator | None = None
) -> bytes:
    """The sheet as PDF bytes (A4, one page, fonts embedded)."""
    if tr is None or tr.is_rtl:
        tr = translator("en")
    _register_fonts()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(
        buffer, pagesize=A4, pageCompression=1, initialFontName=FONT, initialFontSize=11
    )
    pdf.setTitle(tr.gettext("Recovery sheet"))
    pdf.setAuthor(APP_NAME)
    pdf.setCreator(f"{APP_NAME} {__version__}")
    width, height = A4
    left = 22 * mm
    text_width = width - 2 * left
    y = height - 20 * mm

    def lines(text: str, size: float = 11, font: str = FONT, gap: float = 4.5) -> None:
        nonlocal y
        pdf.setFont(font, size)
        for line in _wrap(text, font, size, text_width):
            y -= size  # from the top of the line to its baseline
            pdf.drawString(left, y, line)
            y -= size * 0.4
        y -= gap

    lines(tr.gettext("Willkommensordner digital"), 11, FONT, 2)
    lines(tr.gettext("Recovery sheet"), 22, FONT_BOLD, 8)
    lines(
        tr.gettext(
            "With this recovery key you can open your vault if you have forgotten the "
            "passphrase. Without the passphrase or this key nobody can open the vault, "
            "not even the makers of the app."
        )
    )
    y -= 4 * mm
    box_height = 26 * mm
    pdf.setLineWidth(1.2)
    pdf.roundRect(left, y - box_height, text_width, box_height, 3 * mm)
    pdf.setFont(FONT, 10)
    pdf.drawString(left + 5 * mm, y - 7 * mm, tr.gettext("Recovery key"))
    size = 17.0
    while pdfmetrics.stringWidth(recovery_key, FONT_BOLD, size) > text_width - 10 * mm:
        size -= 0.5
    pdf.setFont(FONT_BOLD, size)
    pdf.drawString(left + 5 * mm, y - 18 * mm, recovery_key)
    y -= box_height + 10 * mm
    rows = (
        (tr.gettext("Created on"), created.strftime("%d.%m.%Y")),
        (tr.gettext("Vault"), vault_path.name),
        (tr.gettext("Folder"), str(vault_path.parent)),
    )
    for label, value in rows:
        pdf.setFont(FONT_BOLD, 11)
        pdf.drawString(left, y, label)
        pdf.setFont(FONT, 11)
        wrapped = _wrap(value, FONT, 11, text_width - 38 * mm)
        for n, line in enumerate(wrapped):
            pdf.drawString(left + 38 * mm, y - n * 14, line)
        y -= 14 * len(wrapped) + 4
    y -= 6 * mm
    lines(tr.gettext("Keep this sheet safe"), 13, FONT_BOLD, 2)
    for advice in (
        N_("Lock this sheet away, apart from the laptop — e.g. in the office safe."),
        N_("Do not photograph it and do not store it on the laptop."),
        N_("Whoever has this key and the vault file can read every dossier."),
        N_("If the key may have been seen by others, create a new one in the app's settings."),
    ):
        lines("•  " + tr.gettext(advice), 11, FONT, 1)
    pdf.setFont(FONT, 8)
    pdf.drawString(left, 14 * mm, f"{APP_NAME} {__version__}")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
