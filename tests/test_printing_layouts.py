"""The printed documents, read back by real readers (pypdf, poppler)."""

from __future__ import annotations

import io
import os
import re
import subprocess
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from willkommensordner.content import markdown as md
from willkommensordner.content.library import ContentLibrary
from willkommensordner.domain.agreed_step import AgreedStep
from willkommensordner.domain.appointment import Appointment
from willkommensordner.domain.demo import generate
from willkommensordner.domain.document import Document
from willkommensordner.domain.household import HouseholdMember
from willkommensordner.printing import print_labels
from willkommensordner.printing.sections import inline_plain
from willkommensordner.printing.slip import appointment_slip, plan
from willkommensordner.printing.welcome import information_folder, welcome_folder
from willkommensordner.vault.records import DossierBundle

from .test_printing_pdf import needs_poppler, normalise, pdftotext, squeeze

TODAY = date(2026, 11, 21)


def demo_bundle(seed: int = 3) -> DossierBundle:
    demo = next(generate(1, seed, today=TODAY))
    parts = demo.parts
    return DossierBundle(
        demo.dossier,
        household=[p for p in parts if isinstance(p, HouseholdMember)],
        documents=[p for p in parts if isinstance(p, Document)],
        appointments=[p for p in parts if isinstance(p, Appointment)],
        steps=[p for p in parts if isinstance(p, AgreedStep)],
    )


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> ContentLibrary:
    # With the demo town's contact points, as after choosing demo data.
    return ContentLibrary(tmp_path_factory.mktemp("content-data"), include_demo=True)


def pages_text(pdf: bytes) -> list[str]:
    return [normalise(page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]


def test_label_catalogue_covers_every_content_language() -> None:
    keys = print_labels.keys()
    for lang in (
        "de",
        "en",
        "ar",
        "fa",
        "ps",
        "uk",
        "ru",
        "tr",
        "ro",
        "bg",
        "ti",
        "ku",
        "sq",
        "fr",
    ):
        assert lang in print_labels.languages()
        for key in keys - {"oclock"}:
            assert print_labels.text_and_language(key, lang)[1] == lang, (lang, key)
    assert print_labels.text("steps", "so") == "Agreed steps"  # English fallback
    assert print_labels.machine_made("ar") and not print_labels.machine_made("de")


@pytest.mark.parametrize("lang", ["ar", "fa", "ps"])
def test_welcome_folder_reads_in_logical_order(lang: str, library: ContentLibrary) -> None:
    bundle = demo_bundle()
    pdf = welcome_folder(bundle, library, lang, today=TODAY).to_bytes()
    texts = pages_text(pdf)
    assert 20 < len(texts) < 80
    whole = " ".join(texts)
    page = library.page("gesundheit", lang)
    assert normalise(page.title) in whole
    assert normalise(page.source.title) in whole
    paragraph = next(b for b in page.blocks if isinstance(b, md.Paragraph))
    first_sentence = normalise(inline_plain(paragraph.children).text).split(".")[0][:40]
    assert first_sentence in whole
    assert normalise(print_labels.text("appointments", lang)) in whole
    assert "Terminübersicht" in whole
    assert normalise(page.notices[0]) in whole  # machine-translation notice, reader's language
    name = bundle.dossier.family_name
    assert name in texts[0]
    # Contents: every listed section starts on the page it names.
    contents = texts[1]
    assert "Inhalt" in contents
    emergency = next(i for i, t in enumerate(texts, 1) if "Notrufnummern" in t and i > 2)
    assert "Notrufnummern" in contents and str(emergency) in contents


@needs_poppler
@pytest.mark.parametrize("lang", ["ar", "fa", "ps"])
def test_pdftotext_reads_the_information_folder(
    lang: str, library: ContentLibrary, tmp_path: Path
) -> None:
    path = tmp_path / f"info-{lang}.pdf"
    pages = information_folder(library, lang, today=TODAY).write(path)
    assert pages > 10
    text = squeeze(pdftotext(path))
    page = library.page("ankommen", lang)
    for block in page.blocks:
        if isinstance(block, md.Paragraph):
            # A whole sentence may be split by the German column on the same line: compare
            # the first words, letters and digits only (see test_printing_pdf for why).
            # Up to the first Latin word: poppler moves those (see test_printing_pdf).
            letters = squeeze(inline_plain(block.children).text)
            arabic = re.split("[A-Za-z0-9]", letters)[0][:20]
            assert len(arabic) >= 8 and arabic in text
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    for row in fonts.stdout.splitlines()[2:]:
        assert "Helvetica" not in row
        assert row.split()[-5:-2] == ["yes", "yes", "yes"], row


def test_no_name_leaves_names_off(library: ContentLibrary) -> None:
    bundle = demo_bundle()
    text = " ".join(pages_text(welcome_folder(bundle, library, "uk", show_name=False).to_bytes()))
    assert bundle.dossier.family_name not in text
    for member in bundle.household:
        if member.family_name:
            assert member.family_name not in text


def test_no_appointments_long_names_and_missing_translation(library: ContentLibrary) -> None:
    bundle = demo_bundle()
    bundle.appointments.clear()
    bundle.steps.clear()
    bundle.dossier.family_name = "Abdulrahmanalkhalidiyyaalhashimiyya" * 4
    bundle.dossier.given_names = "Mohammed Abdulrahman Yusuf Ibrahim " * 4
    pdf = welcome_folder(bundle, library, "so", today=TODAY).to_bytes()  # Somali: no pages
    whole = " ".join(pages_text(pdf))
    assert "Noch keine Termine eingetragen." in whole
    assert "No appointments yet." in whole
    assert "Noch keine Schritte vereinbart." in whole
    assert "Diese Seite gibt es noch nicht in Ihrer Sprache" in whole
    assert "This page is not yet available in your language (Somali)" in whole


def test_two_hundred_appointments_repeat_the_table_header(library: ContentLibrary) -> None:
    bundle = demo_bundle()
    start = datetime(2025, 1, 6, 9, 0)
    bundle.appointments[:] = [
        Appointment(
            dossier_id=bundle.dossier.id,
            start=start + timedelta(days=i),
            agency_name=f"Stelle {i:03d}",
            purpose="Beratung " + "sehr " * (i % 7),
            outcome="Ergebnis " + "x" * (i % 90),
        )
        for i in range(200)
    ]
    texts = pages_text(welcome_folder(bundle, library, "ar").to_bytes())
    table_pages = [t for t in texts if re.search(r"Stelle \d{3}", t)]
    assert len(table_pages) >= 5
    assert all("Bei wem" in t for t in table_pages)
    whole = " ".join(texts)
    assert whole.index("Stelle 000") < whole.index("Stelle 100") < whole.index("Stelle 199")


def test_slip_is_one_page_with_both_weekdays(library: ContentLibrary) -> None:
    appointment = Appointment(
        dossier_id="d",
        start=datetime(2026, 3, 12, 10, 30),
        contact_point_id="musterstadt-jobcenter",
        purpose="Antrag auf Bürgergeld " * 9,
        bring="\n".join(["Reisepass", "Aufenthaltstitel", "Mietvertrag " * 40] * 5),
        interpreter_needed=True,
        interpreter_language="ar",
    )
    pdf = appointment_slip(appointment, library, "ar", today=TODAY).to_bytes()
    texts = pages_text(pdf)
    assert len(texts) == 1
    text = texts[0]
    assert "Donnerstag, 12. März 2026, 10:30 Uhr" in text
    assert normalise("الخميس") in text
    assert "Musterstraße 5, 12345 Musterstadt" in text
    assert "Dolmetscher gebucht: Arabisch" in text
    assert normalise("تم حجز مترجم") in text


def test_plan_lists_steps(library: ContentLibrary) -> None:
    bundle = demo_bundle()
    text = " ".join(pages_text(plan(bundle, "fa", today=TODAY).to_bytes()))
    for step in bundle.steps:
        if step.status.value != "dropped":
            assert normalise(step.what)[:30] in text
    assert normalise(print_labels.text("plan_title", "fa")) in text


def test_unwritable_output_leaves_nothing(library: ContentLibrary, tmp_path: Path) -> None:
    from willkommensordner.errors import InvalidInput, NotFound

    job = information_folder(library, "de", today=TODAY)
    with pytest.raises(NotFound):
        job.write(tmp_path / "missing" / "x.pdf")
    with pytest.raises(InvalidInput):
        job.write(tmp_path)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if not os.access(locked, os.W_OK):  # root may write anywhere
            with pytest.raises(InvalidInput):
                job.write(locked / "x.pdf")
    finally:
        locked.chmod(0o700)
    assert list(locked.iterdir()) == []
    before = set(Path(tempfile.gettempdir()).iterdir())
    assert job.write(tmp_path / "ok.pdf") > 3
    # Other programs share the temp folder: look for anything that could be ours.
    new = set(Path(tempfile.gettempdir()).iterdir()) - before
    assert [p for p in new if p.suffix in (".pdf", ".part") or "wko" in p.name] == []
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".wko-")] == []


def test_cli_prints_folder_slip_plan_and_info(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from willkommensordner.cli import main
    from willkommensordner.errors import ExitCode
    from willkommensordner.vault.vault import Vault

    from .conftest import PASSPHRASE

    monkeypatch.setenv("WKO_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("LANGUAGE", "en")
    vault_file = tmp_path / "cli.wko"
    fast = ["--kdf-memory-mib", "1", "--kdf-iterations", "1"]
    assert main(["--vault", str(vault_file), "init", *fast]) == 0
    assert main(["--vault", str(vault_file), "demo", "--dossiers", "3", "--seed", "7"]) == 0
    with Vault.unlock(vault_file, PASSPHRASE) as vault:
        dossier_id = vault.records.dossier_ids()[0]
        appointment_id = next(
            a.id for d in vault.records.dossier_ids() for a in vault.records.bundle(d).appointments
        )
    data = ["print", "--data-dir", str(tmp_path / "content")]
    out = tmp_path / "out"
    out.mkdir()
    base = ["--vault", str(vault_file), *data]
    assert (
        main(
            [
                *base,
                "folder",
                "--dossier",
                dossier_id[:8],
                "--lang",
                "ar",
                "-o",
                str(out / "f.pdf"),
                "--no-name",
            ]
        )
        == 0
    )
    assert (
        main(
            [
                *base,
                "slip",
                "--appointment",
                appointment_id,
                "--lang",
                "fa",
                "-o",
                str(out / "s.pdf"),
            ]
        )
        == 0
    )
    assert (
        main([*base, "plan", "--dossier", dossier_id, "--lang", "ps", "-o", str(out / "p.pdf")])
        == 0
    )
    assert main([*base, "info", "--lang", "ti", "-o", str(out / "i.pdf")]) == 0
    for name in ("f", "s", "p", "i"):
        assert PdfReader(out / f"{name}.pdf").pages
    assert len(PdfReader(out / "s.pdf").pages) == 1
    code = main([*base, "info", "--lang", "de", "-o", str(tmp_path / "nowhere" / "i.pdf")])
    assert code == ExitCode.NOT_FOUND
    assert main([*base, "info", "--lang", "de", "-o", str(out)]) == ExitCode.BAD_INPUT
    assert sorted(p.name for p in out.iterdir()) == ["f.pdf", "i.pdf", "p.pdf", "s.pdf"]


@needs_poppler
def test_demo_contact_points_put_a_warning_on_every_page(
    library: ContentLibrary, tmp_path: Path
) -> None:
    bundle = demo_bundle()
    folder = tmp_path / "folder.pdf"
    welcome_folder(bundle, library, "ar", today=TODAY).write(folder)
    text = pdftotext(folder)
    pages = [p for p in text.split("\f") if p.strip()]
    assert len(pages) > 3
    for page in pages:
        assert "Beispieldaten – nicht weitergeben" in page
        assert squeeze("بيانات تجريبية") in squeeze(page)  # and in the reader's language
    slip = tmp_path / "slip.pdf"
    appointment = Appointment(
        dossier_id="d", start=datetime(2026, 3, 12, 10, 30), contact_point_id="musterstadt-abh"
    )
    appointment_slip(appointment, library, "de", today=TODAY).write(slip)
    assert "Beispieldaten – nicht weitergeben" in pdftotext(slip)


@needs_poppler
def test_without_demo_content_the_folder_has_no_warning(tmp_path: Path) -> None:
    nationwide = ContentLibrary(tmp_path / "content")
    assert not nationwide.demo_in_use()
    path = tmp_path / "info.pdf"
    information_folder(nationwide, "de", today=TODAY).write(path)
    text = pdftotext(path)
    assert "Notrufnummern" in text and "Beispieldaten" not in text and "Musterstadt" not in text
