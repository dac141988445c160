"""The printed potential analysis, blank and filled, read back by pypdf and poppler."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from willkommensordner.content.library import ContentLibrary
from willkommensordner.domain.analysis import PotentialAnalysis
from willkommensordner.domain.dossier import Dossier
from willkommensordner.guidance.questionnaire import default_questionnaire
from willkommensordner.i18n import translator
from willkommensordner.printing import analysis_form
from willkommensordner.printing.analysis_form import blank_questionnaire, filled_analysis
from willkommensordner.printing.person_copy import person_copy

from .test_printing_layouts import demo_bundle, pages_text
from .test_printing_pdf import needs_poppler, normalise, pdftotext, squeeze

TODAY = date(2026, 11, 21)
HEALTH_NOTE = "Rückenleiden Pangolin, kein schweres Heben"
OCCUPATION = "Schneiderin Okapiwerkstatt"
ANSWERS = {
    "languages": [{"language": "ar", "level": "native"}, {"language": "de", "level": "A2"}],
    "literacy": "fluent",
    "school_years": 12,
    "occupation": OCCUPATION,
    "health_limits": True,
    "health_notes": HEALTH_NOTE,
    "goals": ["language_course", "work"],
}


def _dossier() -> tuple[Dossier, PotentialAnalysis]:
    dossier = Dossier(family_name="Haddad", given_names="Rana")
    analysis = PotentialAnalysis(
        dossier_id=dossier.id,
        questionnaire_id="nrw-potential-analysis",
        questionnaire_version="1",
        answers=ANSWERS,
        completed_on=date(2026, 3, 2),
    )
    return dossier, analysis


def _text(pdf: bytes) -> str:
    return " ".join(pages_text(pdf))


def test_every_question_has_its_text_in_arabic_persian_and_ukrainian() -> None:
    """A printed form with an English line in an Arabic column would be no use."""
    for lang in ("ar", "fa", "uk"):
        for item in default_questionnaire().questions():
            for msgid in (item.section_title, item.label, *(t for _, t in item.options)):
                text, written_in = analysis_form.question_text(msgid, {}, lang)
                assert written_in == lang and text != msgid, (lang, msgid)
        for key in analysis_form._catalogue().labels["de"]:
            assert analysis_form.label(key, lang)[1] == lang, (lang, key)


@pytest.mark.parametrize("lang", ["ar", "fa", "uk"])
def test_blank_form_holds_german_and_the_readers_language(lang: str) -> None:
    pdf = blank_questionnaire(lang, today=TODAY).to_bytes()
    whole = _text(pdf)
    german = translator("de")
    for msgid in ("Reading and writing", "Years of school", "Driving licence", "Health"):
        assert normalise(german.gettext(msgid)) in whole
        assert normalise(analysis_form.question_text(msgid, {}, lang)[0]) in whole
    assert "Potenzialanalyse" in whole and normalise(analysis_form.label("title", lang)[0]) in whole
    # Health is asked on the blank form, marked as voluntary and specially protected.
    assert "Besonders geschützte Angabe" in whole
    assert "Muttersprache" in whole and "C2" in whole  # the CEFR grid
    assert "Dieser Text wurde maschinell übersetzt" in whole


def test_blank_german_form_is_german_only() -> None:
    whole = _text(blank_questionnaire("de", today=TODAY).to_bytes())
    assert "Lesen und Schreiben" in whole
    assert "maschinell" not in whole
    assert "القراءة" not in whole


def test_language_without_texts_falls_back_to_english() -> None:
    whole = _text(blank_questionnaire("ti", today=TODAY).to_bytes())
    assert "Lesen und Schreiben" in whole and "Reading and writing" in whole


def test_filled_form_leaves_health_out_unless_asked() -> None:
    dossier, analysis = _dossier()
    shared = _text(filled_analysis(dossier, analysis, "ar", today=TODAY).to_bytes())
    assert OCCUPATION in shared and "Rana Haddad" in shared and "02.03.2026" in shared
    assert "Arabisch" in shared and "العربية" in shared  # the CEFR grid, filled
    assert "Pangolin" not in shared
    assert "Gesundheitliche Einschränkungen" not in shared
    assert "in diesem Ausdruck weggelassen" in shared
    full = _text(filled_analysis(dossier, analysis, "ar", with_sensitive=True).to_bytes())
    assert normalise(HEALTH_NOTE) in full
    assert "Besonders geschützte Angabe" in full and "weggelassen" not in full
    anonymous = _text(filled_analysis(dossier, analysis, "de", show_name=False).to_bytes())
    assert "Haddad" not in anonymous and OCCUPATION in anonymous


def test_filled_form_without_an_analysis_says_so() -> None:
    dossier, _ = _dossier()
    whole = _text(filled_analysis(dossier, None, "uk", today=TODAY).to_bytes())
    assert "Es gibt noch keine Potenzialanalyse." in whole
    assert normalise(analysis_form.label("no_analysis", "uk")[0]) in whole


def test_person_copy_is_the_folder_and_the_whole_analysis(tmp_path: Path) -> None:
    bundle = demo_bundle()
    _, analysis = _dossier()
    library = ContentLibrary(tmp_path / "content")
    texts = pages_text(person_copy(bundle, analysis, library, "ar", today=TODAY).to_bytes())
    whole = " ".join(texts)
    assert "Terminübersicht" in whole and bundle.dossier.family_name in texts[0]
    assert "Potenzialanalyse" in " ".join(texts[-3:])
    assert normalise(HEALTH_NOTE) in whole


@needs_poppler
@pytest.mark.parametrize("lang", ["ar", "fa"])
def test_pdftotext_reads_the_rtl_column_in_logical_order(lang: str, tmp_path: Path) -> None:
    path = tmp_path / f"blank-{lang}.pdf"
    blank_questionnaire(lang, today=TODAY).write(path)
    text = squeeze(pdftotext(path))
    for msgid in (
        "Reading and writing",
        "Health limitations that affect courses or work",
        "Can travel to courses in other parts of town",
    ):
        assert squeeze(analysis_form.question_text(msgid, {}, lang)[0]) in text, msgid
    assert squeeze(analysis_form.label("intro", lang)[0])[:30] in text
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    for row in fonts.stdout.splitlines()[2:]:
        assert "Helvetica" not in row
        assert row.split()[-5:-2] == ["yes", "yes", "yes"], row


def test_cli_prints_the_blank_and_the_filled_form(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from willkommensordner.cli import main
    from willkommensordner.errors import ExitCode
    from willkommensordner.guidance.analysis import save_analysis
    from willkommensordner.vault.vault import Vault

    from .conftest import PASSPHRASE

    monkeypatch.setenv("WKO_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("LANGUAGE", "en")
    vault_file = tmp_path / "cli.wko"
    fast = ["--kdf-memory-mib", "1", "--kdf-iterations", "1"]
    assert main(["--vault", str(vault_file), "init", *fast]) == 0
    assert main(["--vault", str(vault_file), "demo", "--dossiers", "2", "--seed", "7"]) == 0
    with Vault.unlock(vault_file, PASSPHRASE) as vault:
        with_analysis, without = vault.records.dossier_ids()[:2]
        save_analysis(vault, with_analysis, ANSWERS, completed_on=date(2026, 3, 2))
    base = ["--vault", str(vault_file), "print"]
    blank = tmp_path / "blank.pdf"
    assert main([*base, "questionnaire", "-o", str(blank)]) == 0
    assert "Lesen und Schreiben" in normalise(PdfReader(blank).pages[0].extract_text())
    shared, full = tmp_path / "shared.pdf", tmp_path / "full.pdf"
    argv = [*base, "analysis", "--dossier", with_analysis[:8], "--lang", "fa"]
    assert main([*argv, "-o", str(shared)]) == 0
    assert main([*argv, "--with-sensitive", "-o", str(full)]) == 0
    assert "Pangolin" not in _text(shared.read_bytes())
    assert "Pangolin" in _text(full.read_bytes())
    code = main([*base, "analysis", "--dossier", without, "--lang", "ar", "-o", str(shared)])
    assert code == ExitCode.NOT_FOUND
