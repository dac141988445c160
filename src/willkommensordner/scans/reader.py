"""Read one scan: its machine-readable zone if it has one, else its printed German text."""

from __future__ import annotations

from datetime import date

from willkommensordner.scans import image as scan_image
from willkommensordner.scans.model import ScanReading
from willkommensordner.scans.mrz_zone import read_mrz
from willkommensordner.scans.printed_text import read_printed
from willkommensordner.scans.rules import ReadingRules, load_rules
from willkommensordner.scans.tesseract import ShouldStop, lines_of, read_words, require

LANGUAGES = ("eng", "deu")


def check_available() -> None:
    """OcrUnavailable if Tesseract or a language model is missing."""
    require(LANGUAGES)


def read_scan(
    data: bytes,
    *,
    today: date,
    rules: ReadingRules | None = None,
    should_stop: ShouldStop | None = None,
) -> ScanReading:
    """Suggestions for the scan in `data` (image bytes); nothing is written anywhere."""
    binary = require(LANGUAGES)
    rules = rules or load_rules()
    page = scan_image.open_scan(data)
    suggestions = read_mrz(binary, page, rules, today, should_stop)
    if not suggestions:
        words = read_words(
            binary, scan_image.png_bytes(page), lang="deu", psm=3, should_stop=should_stop
        )
        suggestions = read_printed(rules, lines_of(words))
    return ScanReading(page.width, page.height, suggestions)
