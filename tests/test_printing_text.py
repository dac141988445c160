"""The text layer without PDF: bidi order, glyph coverage, wrapping and odd input."""

from __future__ import annotations

import re
import unicodedata

import pytest
from bidi import get_display

from willkommensordner.printing.bidi_levels import paragraph_levels, visual_order
from willkommensordner.printing.sample_texts import SAMPLES
from willkommensordner.printing.shaping import shape
from willkommensordner.printing.text_layer import Line, TextStyle, layout

STYLE = TextStyle(size=10)
WIDE = 1e6  # no wrapping

MIXED_RTL = [
    (
        "ar",
        "موعدكم في Jobcenter يوم 12.03.2026 الساعة 10:30 في Musterstraße 12, 12345 Musterstadt.",
    ),
    ("ar", "لا إله إلا الله، والسلام عليكم (Frau Müller) في الغرفة 2.14."),
    ("fa", "وقت ملاقات شما روز ۱۲.۰۳.۲۰۲۶ ساعت ۱۰:۳۰ است. اگر نمی‌توانید بیایید، زنگ بزنید."),
    ("ps", "مهرباني وکړئ خپل پاسپورټ او د روغتیا بیمې کارت له ځانه سره راوړئ."),
    ("ar", "كِتَابٌ جَمِيلٌ وَمُفِيدٌ"),
]

_BRACKETS = str.maketrans("", "", "()[]{}<>")
_ISOLATES = re.compile("[\u2066-\u2069]")


def drawn_visual_text(line: Line) -> str:
    """The characters of a laid-out line in the order the glyphs are placed, left to right."""
    return "".join(glyph.text for run in line.runs for glyph in run.glyphs)


def reference_visual(text: str, rtl: bool) -> str:
    """python-bidi's display order. Our layer isolates digit groups like "0123 456789" in
    RTL text (as LRI…PDI would); give the reference the same isolates."""
    if rtl:
        text = re.sub(
            r"[0-9\u06f0-\u06f9]+(?: [0-9\u06f0-\u06f9]+)+", lambda m: f"\u2066{m[0]}\u2069", text
        )
    display = get_display(text, base_dir="R" if rtl else "L")
    return _ISOLATES.sub("", display)


@pytest.mark.parametrize(("language", "text"), MIXED_RTL)
def test_glyph_order_matches_python_bidi(language: str, text: str) -> None:
    (line,) = layout(text, STYLE, WIDE, language=language)
    # Mirrored brackets are the same glyph order with different shapes: compare without.
    drawn = drawn_visual_text(line).translate(_BRACKETS)
    expected = reference_visual(text, rtl=True).translate(_BRACKETS)
    assert drawn == expected


@pytest.mark.parametrize("language", ["ar", "fa", "ps"])
def test_sample_paragraphs_in_python_bidi_order(language: str) -> None:
    for text in SAMPLES[language].paragraphs:
        (line,) = layout(text, STYLE, WIDE, language=language)
        drawn = drawn_visual_text(line).translate(_BRACKETS)
        assert drawn == reference_visual(text, rtl=True).translate(_BRACKETS)


def test_levels_match_reference_reordering() -> None:
    text = "Termin am 12.03.2026 bei مكتب الهجرة und Jobcenter."
    levels = paragraph_levels(text, rtl=False)
    assert "".join(visual_order(list(text), levels)) == get_display(text, base_dir="L")


def test_rtl_paragraph_is_right_aligned_and_ltr_left_aligned() -> None:
    (rtl_line,) = layout("مرحبا بكم", STYLE, 300, language="ar")
    (ltr_line,) = layout("Willkommen", STYLE, 300, language="de")
    assert rtl_line.runs[-1].x + rtl_line.runs[-1].width == pytest.approx(300)
    assert ltr_line.runs[0].x == 0


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("ti", "ቆጸራኹም ኣብ Jobcenter ብ 12.03.2026 ሰዓት 10:30 እዩ። ኣድራሻ፦ ክፍሊ 2.14።"),
        ("uk", "Ласкаво просимо! Ваша зустріч відбудеться 12.03.2026 о 10:30, кімната №2."),
        ("ro", "Vă rugăm să aduceți pașaportul și cardul de sănătate. Ștefan, Țara."),
        ("tr", "Lütfen pasaportunuzu getirin: İstanbul, ığdır, şeker, çiçek, öğün."),
        ("ku", "Ji kerema xwe pasaporta xwe bînin. Çêtir e, şêx, ûsa, êvar, îro."),
        ("sq", "Ju lutemi sillni pasaportën. Çdo gjë është në rregull."),
        ("de", "Größe, Straße, Übersetzung – „Anführungszeichen“ und € 12,50."),
        ("fa", "نمی‌توانید ۱۲۳۴۵۶۷۸۹۰ گ چ پ ژ"),
        ("ps", "ټ ړ ښ ګ ځ ې ۍ ډ ڼ ږ څ"),
    ],
)
def test_every_character_has_a_glyph(language: str, text: str) -> None:
    lines = layout(text, STYLE, WIDE, language=language)
    glyphs = [glyph for line in lines for run in line.runs for glyph in run.glyphs]
    assert glyphs
    assert all(glyph.gid != 0 for glyph in glyphs), "a .notdef (tofu) glyph"
    # Every character is carried by exactly one glyph (ToUnicode text), in some order.
    carried = "".join(glyph.text for glyph in glyphs)
    assert sorted(carried) == sorted(text.replace(" ", "")) or sorted(carried) == sorted(text)


def test_pashto_letters_are_joined() -> None:
    """Letters without presentation forms (ټ ښ ګ) still get contextual glyphs."""
    from willkommensordner.printing.fonts import face

    arabic = face("arabic")
    isolated = shape("ښ", arabic, True, "ps").glyphs[0].gid
    in_word = next(g for g in shape("پښتو", arabic, True, "ps").glyphs if g.text == "ښ").gid
    assert in_word != isolated


def test_long_arabic_paragraph_wraps_in_logical_order() -> None:
    text = " ".join(SAMPLES["ar"].paragraphs * 8)
    lines = layout(text, STYLE, 200, language="ar")
    assert len(lines) > 10
    assert all(line.width <= 200.01 for line in lines)
    # Wrapping happens in logical order: the lines' logical texts rebuild the paragraph.
    assert " ".join(line.text for line in lines) == re.sub(r" +", " ", text)


def test_line_may_start_with_a_mark() -> None:
    """A raised mark at the start of a (wrapped) line used to crash reportlab's shaper."""
    for text in ("ًمرحبا", "\u064b", "ب" + "\u064b" * 3 + " " + "\u0651\u064eكتب"):
        for width in (5, 20, 400):
            lines = layout(text, STYLE, width, language="ar")
            assert lines


def test_very_long_word_is_cut_to_the_width() -> None:
    url = "https://www.musterstadt.de/" + "willkommen-und-integration/" * 6
    lines = layout(url, STYLE, 120, language="de")
    assert len(lines) > 3
    assert all(line.width <= 120.01 for line in lines)
    assert "".join(line.text for line in lines) == url
    arabic = "استشارات" * 20
    lines = layout(arabic, STYLE, 80, language="ar")
    assert all(line.width <= 80.01 for line in lines)
    assert "".join(line.text for line in lines) == arabic


def test_digit_groups_stay_together() -> None:
    text = "Bitte rufen Sie an unter 0123 456789 oder 0171 2345678."
    for width in range(100, 300, 7):
        for line in layout(text, STYLE, width, language="de"):
            assert not line.text.endswith(("0123", "0171")), (width, line.text)


def test_empty_and_blank_strings() -> None:
    for text in ("", " ", "\n", "  \n  "):
        lines = layout(text, STYLE, 100, language="ar")
        assert all(not line.runs for line in lines)


def test_nfkc_is_not_needed_for_extraction_text() -> None:
    """Glyphs carry the original characters, never presentation forms."""
    (line,) = layout("لا إله إلا الله", STYLE, WIDE, language="ar")
    text = drawn_visual_text(line)
    assert unicodedata.normalize("NFKC", text) == text
