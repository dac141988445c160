"""The consent form the person signs: bilingual, every content language, read back by poppler."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tests.exchange_support import FAST, PASSPHRASE
from willkommensordner.cli import main
from willkommensordner.domain.consent import Consent
from willkommensordner.domain.dossier import Dossier
from willkommensordner.domain.record import RecordKind
from willkommensordner.paths import resource
from willkommensordner.printing.consent_form import consent_form
from willkommensordner.privacy.controller import Controller
from willkommensordner.vault.vault import Vault

from .test_printing_pdf import needs_poppler, normalise, pdftotext, squeeze

LANGUAGES = list(json.loads(resource("print_labels.json").read_text("utf-8"))["languages"])
CONTROLLER = Controller("Kommunales Integrationszentrum Herne, Rathausplatz 1", "dsb@herne.de")
DOSSIER = Dossier(family_name="Haddad", given_names="Rana", preferred_language="ar")


def _consent(special: bool, until: date | None = date(2027, 6, 30)) -> Consent:
    return Consent(
        dossier_id=DOSSIER.id,
        recipient="Jobcenter Herne",
        purpose="Vermittlung in einen Sprachkurs",
        scope=[RecordKind.DOSSIER, RecordKind.DOCUMENT],
        given_on=date(2026, 12, 1),
        valid_until=until,
        special_categories=special,
    )


def test_there_are_fourteen_content_languages() -> None:
    assert len(LANGUAGES) == 14


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_language_gives_a_one_page_form(lang: str, tmp_path: Path) -> None:
    pages = consent_form(_consent(True), DOSSIER, CONTROLLER, lang).write(tmp_path / "f.pdf")
    assert pages == 1


@needs_poppler
def test_german_form_names_everything_the_person_agrees_to(tmp_path: Path) -> None:
    path = tmp_path / "de.pdf"
    consent_form(_consent(True), DOSSIER, CONTROLLER, "de").write(path)
    text = normalise(pdftotext(path))
    for expected in (
        "Einwilligung in die Weitergabe von Daten",
        "Jobcenter Herne",
        "Vermittlung in einen Sprachkurs",
        "Gesundheit und andere besonders geschützte Angaben (Art. 9 DSGVO)",
        "vom 01.12.2026 bis 30.06.2027",
        "jederzeit widerrufen",
        "Kommunales Integrationszentrum Herne",
        "dsb@herne.de",
        "Ort, Datum, Unterschrift",
        "Rana Haddad",
    ):
        assert expected in text, expected
    without = tmp_path / "ohne.pdf"
    consent_form(_consent(False, None), DOSSIER, CONTROLLER, "de").write(without)
    plain = normalise(pdftotext(without))
    assert "Keine Gesundheitsdaten" in plain and "bis ich widerrufe" in plain
    assert "Art. 9" not in plain


@needs_poppler
def test_arabic_form_is_bilingual_and_in_logical_order(tmp_path: Path) -> None:
    path = tmp_path / "ar.pdf"
    consent_form(_consent(True), DOSSIER, CONTROLLER, "ar").write(path)
    text = pdftotext(path)
    assert "Einwilligung in die Weitergabe von Daten" in normalise(text)
    for arabic in ("الموافقة على مشاركة البيانات", "الجهة المسؤولة", "جهة الاتصال لحماية البيانات"):
        assert squeeze(arabic) in squeeze(text), arabic
    # Poppler orders runs split by punctuation by itself: each word of the signature line.
    for word in ("المكان", "التاريخ", "التوقيع"):
        assert word in text
    # Machine-made wording is marked as such on the page.
    assert "maschinell" in normalise(text).lower()


def test_cli_prints_the_form_and_keeps_the_controller(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    vault, _ = Vault.create(tmp_path / "v.wko", PASSPHRASE, agency="KI Herne", kdf=FAST)
    d = vault.records.save(DOSSIER)
    c = vault.records.save(_consent(False).model_copy(update={"dossier_id": d.id}))
    vault.close()
    monkeypatch.setenv("WKO_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("LANGUAGE", "en")
    base = ["--vault", str(tmp_path / "v.wko"), "print", "consent", "--consent", c.id]
    out = tmp_path / "form.pdf"
    assert (
        main(
            [
                *base,
                "--controller",
                "KI Herne, Rathausplatz 1",
                "--data-protection-contact",
                "Datenschutz: dsb@herne.de",
                "-o",
                str(out),
            ]
        )
        == 0
    )
    assert out.read_bytes().startswith(b"%PDF") and out.stat().st_mode & 0o777 == 0o600
    second = tmp_path / "again.pdf"
    assert main([*base, "--lang", "de", "-o", str(second)]) == 0
    assert "dsb@herne.de" in normalise(pdftotext(second))


def test_cli_attaches_the_signed_scan_and_refuses_other_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    vault, _ = Vault.create(tmp_path / "v.wko", PASSPHRASE, agency="KI Herne", kdf=FAST)
    d = vault.records.save(DOSSIER)
    c = vault.records.save(_consent(False).model_copy(update={"dossier_id": d.id}))
    vault.close()
    monkeypatch.setenv("WKO_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("LANGUAGE", "en")
    signed = tmp_path / "signed.pdf"
    consent_form(_consent(False), DOSSIER, CONTROLLER, "de").write(signed)
    base = ["--vault", str(tmp_path / "v.wko"), "signed-consent", "--consent", c.id]
    not_a_scan = tmp_path / "notes.txt"
    not_a_scan.write_text("just text")
    assert main([*base, str(not_a_scan)]) == 4
    assert main([*base, str(signed)]) == 0
    reopened = Vault.unlock(tmp_path / "v.wko", PASSPHRASE)
    form = reopened.records.get(Consent, c.id).form
    assert form is not None and reopened.attachments.read(form.sha256) == signed.read_bytes()
    reopened.close()
