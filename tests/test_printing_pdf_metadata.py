"""What a printed PDF says about itself: title, language, creation date, font subset tags;
and what the CLI says about it ("1 page written", plural forms through gettext)."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from willkommensordner.cli import main
from willkommensordner.content.library import ContentLibrary
from willkommensordner.printing.welcome import information_folder


@pytest.fixture(scope="module")
def arabic_info(tmp_path_factory: pytest.TempPathFactory) -> PdfReader:
    library = ContentLibrary(tmp_path_factory.mktemp("content"))
    pdf = information_folder(library, "ar").to_bytes()
    return PdfReader(io.BytesIO(pdf))


def test_title_names_the_document_in_german_and_in_the_readers_language(
    arabic_info: PdfReader,
) -> None:
    title = str(arabic_info.metadata.title)
    german, arabic = title.split(" – ")
    assert german == "Willkommensinformationen"
    assert re.search("[\u0600-\u06ff]", arabic) and "(ar)" not in title


def test_language_is_the_readers(arabic_info: PdfReader) -> None:
    assert arabic_info.trailer["/Root"]["/Lang"] == "ar"


def test_sections_are_bookmarks_shown_on_opening(arabic_info: PdfReader) -> None:
    titles = [str(entry.title) for entry in arabic_info.outline if not isinstance(entry, list)]
    assert len(titles) >= 3 and "Notrufnummern" in titles, titles
    assert arabic_info.trailer["/Root"]["/PageMode"] == "/UseOutlines"


def test_creation_date_is_the_real_one(arabic_info: PdfReader) -> None:
    created = arabic_info.metadata.creation_date
    assert created is not None
    assert abs(datetime.now(UTC) - created.astimezone(UTC)) < timedelta(minutes=10)


def test_every_font_subset_has_its_own_tag(arabic_info: PdfReader) -> None:
    names: set[str] = set()
    for page in arabic_info.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            names.add(str(font["/BaseFont"]))
            assert font["/FontDescriptor"]["/FontName"] == font["/BaseFont"]
    tags = [name.split("+", 1)[0] for name in names]
    assert len(names) >= 3
    assert all(re.fullmatch("/?[A-Z]{6}", tag) for tag in tags), names
    assert len(set(tags)) == len(tags), names


@pytest.mark.parametrize(
    ("language", "expected"), [("en", "1 page written."), ("de", "1 Seite geschrieben.")]
)
def test_cli_counts_pages_in_the_singular_and_plural(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    language: str,
    expected: str,
) -> None:
    from willkommensordner.vault.vault import Vault

    from .conftest import PASSPHRASE

    monkeypatch.setenv("WKO_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("LANGUAGE", language)
    vault_file = tmp_path / "cli.wko"
    fast = ["--kdf-memory-mib", "1", "--kdf-iterations", "1"]
    assert main(["--vault", str(vault_file), "init", *fast]) == 0
    assert main(["--vault", str(vault_file), "demo", "--dossiers", "2", "--seed", "7"]) == 0
    with Vault.unlock(vault_file, PASSPHRASE) as vault:
        appointment = next(
            a.id for d in vault.records.dossier_ids() for a in vault.records.bundle(d).appointments
        )
    capsys.readouterr()
    base = ["--vault", str(vault_file), "print", "--data-dir", str(tmp_path / "content")]
    slip = ["slip", "--appointment", appointment, "--lang", "fa", "-o", str(tmp_path / "s.pdf")]
    assert main([*base, *slip]) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1] == expected
    assert main([*base, "questionnaire", "--lang", "fa", "-o", str(tmp_path / "q.pdf")]) == 0
    many = capsys.readouterr().out.strip().splitlines()[-1]
    assert re.fullmatch(r"\d+ (pages written|Seiten geschrieben)\.", many)
