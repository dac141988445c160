"""Real PDFs read back by real readers: pypdf and poppler (pdftotext, pdffonts)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.platypus import Flowable

from willkommensordner.printing import (
    BilingualBlock,
    BulletList,
    Heading,
    PageFooter,
    TextParagraph,
    TextTable,
    build_bytes,
    build_document,
)
from willkommensordner.printing.sample_texts import GERMAN, SAMPLES
from willkommensordner.printing.samples import sample_footer, sample_story

needs_poppler = pytest.mark.skipif(
    not (shutil.which("pdftotext") and shutil.which("pdffonts")),
    reason="poppler-utils not installed",
)

# Bidi controls poppler wraps around RTL lines, and the tatweel, are not text.
_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u0640]")


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", " ", _CONTROLS.sub("", text)).strip()


def squeeze(text: str) -> str:
    """Letters, marks and digits only (see test_pdftotext_logical_order for why)."""
    return "".join(c for c in normalise(text) if unicodedata.category(c)[0] in "LMN")


def pypdf_text(pdf: bytes) -> str:
    return normalise(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


def pdftotext(path: Path) -> str:
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    )
    return result.stdout.decode("utf-8")


def one_column(language: str) -> list[Flowable]:
    sample = SAMPLES[language]
    return [
        Heading(sample.heading, language=language),
        *[TextParagraph(text, language=language) for text in sample.paragraphs],
        BulletList(sample.bring, language=language),
    ]


@pytest.fixture(scope="module")
def sample_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("samples")
    paths = {}
    for language in ("ar", "fa", "ps", "ti", "uk", "de"):
        path = folder / f"sample-{language}.pdf"
        build_document(path, sample_story(language), footer=sample_footer(language))
        paths[language] = path
    return paths


@pytest.mark.parametrize("language", ["ar", "fa", "ps"])
def test_pypdf_reads_rtl_sentences_in_logical_order(language: str) -> None:
    """Whole sentences, Latin words, addresses, dates, times, phone numbers included."""
    sample = SAMPLES[language]
    text = pypdf_text(build_bytes(one_column(language)))
    for sentence in (sample.heading, *sample.paragraphs, *sample.bring):
        assert normalise(sentence) in text


@pytest.mark.parametrize("language", ["ar", "fa", "ps"])
def test_pypdf_reads_the_bilingual_page(language: str, sample_pdfs: dict[str, Path]) -> None:
    text = pypdf_text(sample_pdfs[language].read_bytes())
    sample = SAMPLES[language]
    for sentence in (*sample.paragraphs, *GERMAN.paragraphs, sample.notice, GERMAN.notice):
        # A two-column page: a paragraph may be interrupted by the other column's lines,
        # so look for every line-sized piece (split at sentence ends) in order.
        for piece in re.split(r"(?<=[.!?؟։።])\s", sentence):
            assert normalise(piece)[:20] in text


@needs_poppler
@pytest.mark.parametrize("language", ["ar", "fa", "ps"])
def test_pdftotext_logical_order(language: str, tmp_path: Path) -> None:
    """poppler sorts glyphs by position and runs its own simplified bidi pass over the
    visual line: a blank or punctuation mark between a number or Latin word and an Arabic
    word lands on the wrong side, whatever the PDF says (its reorderText treats every
    neutral next to a number as left-to-right), and it sets a blank before a raised mark
    like tanween. So here only letters, marks and digits count, and they must come in
    logical order; test_pdftotext_pure_rtl_sentence_exact checks whole sentences."""
    path = tmp_path / "one-column.pdf"
    build_document(path, one_column(language))
    text = squeeze(pdftotext(path))
    sample = SAMPLES[language]
    for sentence in (sample.heading, *sample.paragraphs):
        assert squeeze(sentence) in text


@needs_poppler
def test_pdftotext_pure_rtl_sentence_exact(tmp_path: Path) -> None:
    path = tmp_path / "pure.pdf"
    sentences = [
        ("ar", "يرجى إحضار جواز السفر ووثيقة الإقامة وبطاقة التأمين الصحي"),
        ("ps", "مهرباني وکړئ خپل پاسپورټ له ځانه سره راوړئ"),
        ("fa", "مشاوره رایگان است و یک مترجم رزرو شده است"),
    ]
    build_document(path, [TextParagraph(text, language=lang) for lang, text in sentences])
    text = normalise(pdftotext(path))
    for _, sentence in sentences:
        assert sentence in text


@needs_poppler
def test_every_font_is_embedded(sample_pdfs: dict[str, Path]) -> None:
    for language, path in sample_pdfs.items():
        result = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
        rows = result.stdout.splitlines()[2:]
        assert rows, language
        for row in rows:
            assert "Helvetica" not in row, row
            emb, sub, uni = row.split()[-5:-2]
            assert (emb, sub, uni) == ("yes", "yes", "yes"), row


def test_no_base14_font_in_any_document() -> None:
    pdf = build_bytes([TextParagraph("")], footer=PageFooter(stand="Stand: 12.03.2026"))
    assert b"Helvetica" not in pdf
    reader = PdfReader(io.BytesIO(pdf))
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        for font in fonts.values():
            assert "/FontDescriptor" in font.get_object()


def test_footer_shows_stand_page_numbers_and_notice() -> None:
    story: list[Flowable] = [
        BilingualBlock(p_de, p_ar, "ar")
        for p_de, p_ar in zip(GERMAN.paragraphs * 30, SAMPLES["ar"].paragraphs * 30, strict=True)
    ]
    pdf = build_bytes(story, footer=sample_footer("ar"))
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 2
    for number, page in enumerate(reader.pages, start=1):
        text = normalise(page.extract_text())
        assert "Stand: 12.03.2026" in text
        assert f"Seite {number}" in text
        assert normalise(SAMPLES["ar"].notice) in text


def test_table_cells_go_through_the_text_layer() -> None:
    rows = [list(SAMPLES["ar"].table_header), *[list(r) for r in SAMPLES["ar"].table_rows]]
    pdf = build_bytes([TextTable(rows, [70, 50, 110, 200], languages="ar")])
    text = pypdf_text(pdf)
    for row in rows:
        for cell in row:
            assert normalise(cell) in text


def test_scripts_render_and_extract(sample_pdfs: dict[str, Path]) -> None:
    for language in ("ti", "uk"):
        text = pypdf_text(sample_pdfs[language].read_bytes())
        assert normalise(SAMPLES[language].heading).split()[0] in text
    pdf = build_bytes([TextParagraph("Ștefan și Țara: pașaport, sănătate.", language="ro")])
    assert "Ștefan și Țara: pașaport, sănătate." in pypdf_text(pdf)


def test_writes_to_a_stream_without_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    buffer = io.BytesIO()
    pages = build_document(buffer, sample_story("ar"), footer=sample_footer("ar"))
    assert pages == 1
    assert buffer.getvalue().startswith(b"%PDF")
    assert list(tmp_path.iterdir()) == []


def test_empty_and_long_content() -> None:
    long_word = "Willkommensordnerdigitalisierungsprojekt" * 8
    story: list[Flowable] = [
        TextParagraph(""),
        BilingualBlock("", "", "ar"),
        TextParagraph(long_word),
        BilingualBlock(
            " ".join(GERMAN.paragraphs * 40), " ".join(SAMPLES["fa"].paragraphs * 40), "fa"
        ),
    ]
    reader = PdfReader(io.BytesIO(build_bytes(story)))
    assert len(reader.pages) >= 2


def test_long_bilingual_lists_split_across_pages() -> None:
    from willkommensordner.printing import SideBySide

    items_de = [f"Unterlage {n}: Kopie des Bescheids vom 12.03.2026" for n in range(90)]
    items_ar = [f"الوثيقة {n}: نسخة من القرار بتاريخ 12.03.2026" for n in range(90)]
    pdf = build_bytes([SideBySide(BulletList(items_de), BulletList(items_ar, language="ar"))])
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 2
    text = pypdf_text(pdf)
    assert normalise(items_ar[89]) in text
    assert items_de[89] in text
