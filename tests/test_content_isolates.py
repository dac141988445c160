"""Bidi isolates (U+2066–2069) in content: a pack and a PO file that carry them are imported,
kept as written, and print (they once stopped printing with an AssertionError)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from tests.test_printing_pdf import needs_poppler, pdftotext, squeeze
from willkommensordner.cli import main
from willkommensordner.content.library import ContentLibrary
from willkommensordner.content.pack_import import import_pack
from willkommensordner.content.po import export_po, import_po, write_catalog

from .content_helpers import small_pack, zip_folder

ISOLATED = "Termin bei \u2067مكتب الهجرة\u2069 und \u2068Frau Müller\u2069, Raum \u20662.14\u2069."


def _print_info(data: Path, language: str, output: Path) -> None:
    code = main(["print", "--data-dir", str(data), "info", "--lang", language, "-o", str(output)])
    assert code == 0
    assert output.stat().st_size > 0


@needs_poppler
def test_pack_with_isolates_is_imported_kept_and_printed(tmp_path: Path) -> None:
    data = tmp_path / "data"
    folder = small_pack(tmp_path / "pack")
    page = folder / "pages" / "dorfleben" / "de.md"
    page.write_text(page.read_text("utf-8") + f"\n{ISOLATED}\n", encoding="utf-8")
    import_pack(zip_folder(folder, tmp_path / "pack.zip"), ContentLibrary(data))
    assert ISOLATED in ContentLibrary(data).page("dorfleben", "de").plain_text()
    output = tmp_path / "info.pdf"
    _print_info(data, "de", output)
    assert squeeze(ISOLATED) in squeeze(pdftotext(output))


@needs_poppler
def test_po_translation_with_isolates_is_imported_kept_and_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    library = ContentLibrary(data)
    catalog, _ = export_po(library, "ar")
    path = tmp_path / "ar.po"
    write_catalog(catalog, path)
    with path.open("rb") as fh:
        edited = read_po(fh)
    arabic = "اتصلوا بـ \u2068Frau Müller (Jobcenter)\u2069 اليوم."
    for message in edited:
        if message.context == "bund:notfall/title":
            message.string = arabic
            message.flags.add("fuzzy")
    buffer = io.BytesIO()
    write_po(buffer, edited, width=0)
    path.write_bytes(buffer.getvalue())
    result = import_po(library, path)
    assert [topic for topic, _status in result.written] == ["notfall"]
    assert ContentLibrary(data).page("notfall", "ar").title == arabic
    output = tmp_path / "info-ar.pdf"
    _print_info(data, "ar", output)
    capsys.readouterr()
    assert "Frau Müller" in pdftotext(output)
