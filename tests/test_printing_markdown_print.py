"""Markdown on paper: **strong** prints in the bold face, *emphasis* slanted, and a hard line
break starts a new line, read back from real PDFs (pypdf's text operators, pdftotext)."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader

from tests.test_printing_pdf import needs_poppler, pdftotext
from willkommensordner.content.library import ContentLibrary, ResolvedPage
from willkommensordner.content.pack_import import import_pack
from willkommensordner.printing import build_bytes, build_document
from willkommensordner.printing.sections import information_page

from .content_helpers import small_pack, zip_folder

PAGE = (
    "Das Bürgerbüro hilft *nur vormittags* und **ohne Termin**.\n\n"
    "Rathaus Musterdorf  \nDorfstraße 1  \n12345 Musterdorf\n"
)


def drawn(pdf: bytes) -> list[tuple[str, str, list[float]]]:
    """(text, font name, text matrix) of every text operator, as pypdf reads them."""
    shown: list[tuple[str, str, list[float]]] = []

    def visit(text: str, _cm: object, tm: list[float], font: object, _size: object) -> None:
        if text.strip() and isinstance(font, dict):
            shown.append((text, str(font.get("/BaseFont", "")), list(tm)))

    for page in PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=visit)
    return shown


def test_strong_text_of_a_built_in_page_prints_bold(tmp_path: Path) -> None:
    page = ContentLibrary(tmp_path / "data").page("ankommen", "ar")
    shown = drawn(build_bytes(information_page(page, "ar")))
    fonts = {text.strip(): font for text, font, _tm in shown}
    assert fonts["vor"].endswith("NotoSans-Bold")
    assert any(t.startswith("dem Ablaufdatum") and f.endswith("-Regular") for t, f in fonts.items())


def imported_page(tmp_path: Path) -> ResolvedPage:
    data = tmp_path / "data"
    folder = small_pack(tmp_path / "pack")
    path = folder / "pages" / "dorfleben" / "de.md"
    head = path.read_text("utf-8").split("\n---\n", 1)[0]
    path.write_text(f"{head}\n---\n\n{PAGE}", encoding="utf-8")
    import_pack(zip_folder(folder, tmp_path / "pack.zip"), ContentLibrary(data))
    return ContentLibrary(data).page("dorfleben", "de")


def test_emphasis_prints_slanted_and_strong_bold(tmp_path: Path) -> None:
    page = imported_page(tmp_path)
    shown = drawn(build_bytes(information_page(page, "de")))
    by_text = {text.strip(): (font, tm) for text, font, tm in shown}
    font, tm = by_text["nur vormittags"]
    assert tm[2] != 0 and font.endswith("NotoSans-Regular")
    font, tm = by_text["ohne Termin"]
    assert tm[2] == 0 and font.endswith("NotoSans-Bold")
    upright = [tm for text, _font, tm in shown if text.startswith("Das Bürgerbüro")]
    assert upright and upright[0][2] == 0


@needs_poppler
def test_hard_line_breaks_keep_address_lines_apart(tmp_path: Path) -> None:
    page = imported_page(tmp_path)
    path = tmp_path / "page.pdf"
    build_document(path, information_page(page, "de"))
    lines = [line.strip() for line in pdftotext(path).splitlines()]
    start = lines.index("Rathaus Musterdorf")
    assert lines[start : start + 3] == ["Rathaus Musterdorf", "Dorfstraße 1", "12345 Musterdorf"]
