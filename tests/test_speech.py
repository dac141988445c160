"""Reading aloud: the text normalisation per language, and real speech from espeak-ng,
checked to be non-silent audio with sox."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from willkommensordner.content import markdown as md
from willkommensordner.content.library import ContentLibrary
from willkommensordner.errors import NotFound
from willkommensordner.speech import espeak
from willkommensordner.speech.text import normalize_text, spoken_phone, spoken_sentences

needs_espeak = pytest.mark.skipif(
    not (shutil.which("espeak-ng") and shutil.which("sox")), reason="espeak-ng/sox not installed"
)


@pytest.mark.parametrize(
    ("lang", "text", "said"),
    [
        ("de", "Termin am 21.11.2026.", "Termin am 21. November 2026."),
        ("de-x-easy", "Termin am 03.02.2027.", "Termin am 3. Februar 2027."),
        ("en", "Appointment on 21.11.2026.", "Appointment on November 21, 2026."),
        ("uk", "Зустріч 21.11.2026.", "Зустріч 21 листопада 2026 р.."),
        ("ar", "الموعد 21.11.2026", "الموعد 21 نوفمبر 2026"),
        ("de", "Am 31.02.2026 nicht.", "Am 31.02.2026 nicht."),  # no such day: left as written
    ],
)
def test_dates_are_read_as_dates_in_the_language(lang: str, text: str, said: str) -> None:
    assert normalize_text(text, lang) == said


def test_phone_numbers_are_read_in_digit_groups() -> None:
    assert spoken_phone("(0821) 324-0") == "0 8 2 1, 3 2 4, 0"
    assert normalize_text("Telefon: (0821) 324-0.", "de") == "Telefon: 0 8 2 1, 3 2 4, 0."
    assert normalize_text("Call +49 821 324-0", "en") == "Call +4 9, 8 2 1, 3 2 4, 0"
    # House numbers and years stay numbers.
    assert normalize_text("Marktplatz 12, 2026", "de") == "Marktplatz 12, 2026"


def test_abbreviations_are_spelled_out_per_language() -> None:
    assert normalize_text("z. B. Nr. 5 bzw. § 24", "de") == (
        "zum Beispiel Nummer 5 beziehungsweise Paragraf 24"
    )
    assert normalize_text("e.g. No. 5", "en") == "for example number 5"
    assert normalize_text("Beratungs·stelle", "de-x-easy") == "Beratungsstelle"


def test_a_page_becomes_sentences_and_phone_links_are_digits(tmp_path: Path) -> None:
    page = ContentLibrary(tmp_path).page("notfall", "de-x-easy")
    sentences = spoken_sentences(page.title, page.blocks, page.lang)
    assert sentences[:4] == [
        "Notfall und Beratung",
        "Notruf",
        "Diese Nummern kosten nichts.",
        "Sie können immer anrufen.",
    ]
    assert "Polizei: 1 1 0" in sentences
    assert all("·" not in s and "*" not in s for s in sentences)
    blocks = md.parse("Eins. Zwei! Drei?")
    assert spoken_sentences("T", blocks, "de") == ["T", "Eins.", "Zwei!", "Drei?"]


@needs_espeak
def test_voices_exist_for_some_languages_and_not_for_others() -> None:
    assert espeak.voice_for("de-x-easy") == "de"
    assert espeak.voice_for("ar") == "ar"
    assert espeak.voice_for("ti") is None  # no Tigrinya voice: say so, never read with another


@needs_espeak
def test_an_easy_german_page_is_spoken_into_non_silent_audio(tmp_path: Path) -> None:
    page = ContentLibrary(tmp_path / "content").page("notfall", "de-x-easy")
    sentences = spoken_sentences(page.title, page.blocks, page.lang)[:6]
    wav = espeak.synthesize(sentences, page.lang, tmp_path / "notfall.wav")
    assert wav.stat().st_mode & 0o777 == 0o600
    stat = subprocess.run(["sox", str(wav), "-n", "stat"], capture_output=True, text=True).stderr
    length = float(re.search(r"Length \(seconds\):\s+([\d.]+)", stat).group(1))  # type: ignore[union-attr]
    rms = float(re.search(r"RMS\s+amplitude:\s+([\d.]+)", stat).group(1))  # type: ignore[union-attr]
    assert length > 3.0 and rms > 0.01, stat
    with pytest.raises(NotFound):
        espeak.synthesize(["ሰላም"], "ti", tmp_path / "ti.wav")
    assert not (tmp_path / "ti.wav").exists()


@needs_espeak
def test_cli_speaks_a_page_or_shows_what_it_would_say(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from willkommensordner.cli.main import main

    monkeypatch.setenv("LANGUAGE", "en")
    args = ["content", "--data-dir", str(tmp_path), "speak", "notfall", "--lang", "de-x-easy"]
    assert main(args) == 0
    assert "Polizei: 1 1 0" in capsys.readouterr().out.splitlines()
    assert main([*args, "-o", str(tmp_path / "n.wav")]) == 0
    assert (tmp_path / "n.wav").stat().st_size > 10_000
    assert (
        main(
            [
                "content",
                "--data-dir",
                str(tmp_path),
                "speak",
                "notfall",
                "--lang",
                "ti",
                "-o",
                str(tmp_path / "ti.wav"),
            ]
        )
        == 5
    )
    assert "no voice for reading aloud" in capsys.readouterr().err
