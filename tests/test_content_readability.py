"""The readability check (Leichte Sprache rules) and the easy-German pages it guards."""

from __future__ import annotations

from pathlib import Path

import pytest

from willkommensordner.cli.main import main
from willkommensordner.content import markdown as md
from willkommensordner.content.languages import EASY_GERMAN, fallback_chain, normalize, own_name
from willkommensordner.content.library import ContentLibrary
from willkommensordner.content.model import STANDARD_TOPICS
from willkommensordner.content.readability import check
from willkommensordner.content.status import Status


def test_long_sentences_long_words_passive_and_abbreviations_are_found() -> None:
    result = check(
        md.parse(
            "Der Antrag wird vom Amt geprüft. Sie gehen hin.\n\n"
            "Bringen Sie z. B. den Pass mit, ggf. auch Kopien.\n\n"
            "- Das BAMF entscheidet über die Aufenthaltsgestattung.\n"
            "- Wenn Sie Leistungen bekommen, müssen Sie jede Änderung dem Amt sofort und "
            "schriftlich mitteilen.\n"
        )
    )
    assert result.passive == ("Der Antrag wird vom Amt geprüft.",)
    assert result.abbreviations == ("z.B.", "ggf.", "BAMF")
    assert result.long_words == ("Aufenthaltsgestattung",)
    assert len(result.long_sentences) == 1 and result.long_sentences[0].startswith("Wenn Sie")
    assert result.sentences == 5 and result.longest_sentence == 14


def test_easy_language_passes_the_check() -> None:
    result = check(
        md.parse(
            "Sie bekommen ein Papier.\\\nDas Papier heißt: Aufenthalts·gestattung.\n\n"
            "- Sie werden Geld bekommen.\n- Die Beratung ist kostenlos.\n"
        )
    )
    assert result.problems() == []
    assert result.sentences == 4


def test_easy_german_is_a_reading_variant_of_german() -> None:
    assert normalize("de-x-easy") == normalize("DE_X_EASY") == EASY_GERMAN
    assert own_name(EASY_GERMAN) == "Deutsch (einfach)"
    assert fallback_chain(EASY_GERMAN) == (EASY_GERMAN, "de")


def test_the_nationwide_topics_exist_in_easy_german_marked_machine_made(tmp_path: Path) -> None:
    library = ContentLibrary(tmp_path / "data")
    for topic in STANDARD_TOPICS:
        found = library.exact_page(topic, EASY_GERMAN)
        assert found is not None, topic
        page, status = found
        assert status == Status.MACHINE_MADE, topic
        assert check(page.blocks).problems() == [], topic
    shown = library.page("notfall", EASY_GERMAN)
    assert shown.lang == EASY_GERMAN and shown.notices  # the machine-made notice, in German
    assert md.Phone("112", (md.Text("112"),)) in md.iter_inlines(shown.blocks)


def test_cli_reports_readability_per_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANGUAGE", "en")
    assert main(["content", "--data-dir", str(tmp_path), "check", "--lang", "de"]) == 0
    out = capsys.readouterr().out
    assert "ankommen (de): " in out and "words per sentence on average" in out
    assert "  - abbreviation: BAMF" in out
    assert main(["content", "--data-dir", str(tmp_path), "check"]) == 0
    easy = capsys.readouterr().out
    assert "notfall (de-x-easy): " in easy and "  - " not in easy
    assert main(["content", "--data-dir", str(tmp_path), "check", "--lang", "sw"]) == 5
