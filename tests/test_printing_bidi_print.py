"""Mixed-direction lines as printed: read back from the PDF with pdftotext, the Latin words,
numbers and brackets of a right-to-left line stand where Unicode's bidi algorithm puts them.

The reference is a second implementation (python-bidi's Rust core) of the same algorithm.
pdftotext sorts the glyphs of a line by position and writes them back in reading order,
each run wrapped in embedding controls (RLE/LRE…PDF), so displaying its line again gives the
order it found on the page. Its own bidi pass moves neutrals (brackets, blanks, colons) next
to those runs as it sees fit; so from the PDF only Latin letters and digits are compared, in
their drawn order. Brackets are compared in the glyphs the drawing code places.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from bidi import get_display

from tests.test_printing_pdf import needs_poppler, pdftotext
from tests.test_printing_text import STYLE, WIDE, reference_visual
from willkommensordner.printing import TextParagraph, build_document
from willkommensordner.printing.text_layer import layout

# The printed lines of the issue report: "TelefonSeelsorge):)" in Arabic, the phone number
# inside the brackets in Pashto, "Diakonie)، AWO)" in Farsi; then isolates (U+2066–2069),
# which once stopped printing altogether.
LINES = [
    ("ar", "خط الدعم النفسي الهاتفي (TelefonSeelsorge): 0800 111 0 111"),
    ("ps", "تلیفوني مشوره (TelefonSeelsorge): 0800 111 0 111"),
    ("fa", "مشاوره تلفنی (TelefonSeelsorge): 0800 111 0 111"),
    ("fa", "کاریتاس (Caritas)، دیاکونی (Diakonie)، AWO و صلیب سرخ آلمان (DRK) مشاوره می‌دهند."),
    ("ar", "دياكوني (Diakonie) وAWO والصليب الأحمر الألماني (DRK)"),
    ("ar", "اتصلوا بـ \u2068Frau Müller (Jobcenter)\u2069 اليوم"),
    ("fa", "نام: \u2066Anna Schmidt\u2069، اتاق \u2067۲ الف\u2069"),
    ("de", "Termin bei \u2067مكتب الهجرة (BAMF)\u2069 am 12.03."),
]


def skeleton(text: str) -> str:
    """Latin letters and digits, in the order given."""
    return "".join(char for char in text if char.isdigit() or "LATIN" in unicodedata.name(char, ""))


@needs_poppler
def test_mixed_lines_print_in_bidi_order(tmp_path: Path) -> None:
    path = tmp_path / "mixed.pdf"
    for language, text in LINES:
        assert len(layout(text, STYLE, 400, language=language)) == 1, "must fit one line"
    build_document(path, [TextParagraph(text, language=language) for language, text in LINES])
    printed = pdftotext(path).splitlines()
    for language, text in LINES:
        rtl = language != "de"
        expected = skeleton(reference_visual(text, rtl))
        # poppler orders the blocks of a page its own way: find the line by its letters.
        line = next(line for line in printed if sorted(skeleton(line)) == sorted(expected))
        printed.remove(line)
        # The isolate controls themselves are drawn as empty glyphs; poppler places them
        # anywhere, so they are no guide to its order.
        drawn = get_display(_visible(line), base_dir="R" if rtl else "L")
        assert skeleton(drawn) == expected, (language, text, line)


@pytest.mark.parametrize(("language", "text"), LINES)
def test_glyphs_are_drawn_in_bidi_order(language: str, text: str) -> None:
    """The same lines without PDF: the glyphs' characters left to right, brackets included."""
    (line,) = layout(text, STYLE, WIDE, language=language)
    drawn = "".join(glyph.text for run in line.runs for glyph in run.glyphs)
    expected = reference_visual(text, rtl=language != "de")
    assert _visible(drawn) == _visible(expected)


def _visible(text: str) -> str:
    # Isolate controls have no glyph to draw; harfbuzz may drop them.
    return "".join(char for char in text if not "\u2066" <= char <= "\u2069")
