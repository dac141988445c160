from __future__ import annotations

from pathlib import Path

from willkommensordner.content.library import ContentLibrary
from willkommensordner.content.notices import Notice
from willkommensordner.content.status import Status, effective_status, source_hash

from .content_helpers import copy_builtin


def _library(tmp_path: Path) -> tuple[ContentLibrary, Path]:
    builtin = copy_builtin(tmp_path / "builtin")
    return ContentLibrary(tmp_path / "data", builtin=builtin), builtin


def test_editing_the_german_source_makes_its_translations_outdated(tmp_path: Path) -> None:
    before, builtin = _library(tmp_path)
    assert before.page("wohnen", "ar").status == Status.MACHINE_MADE
    source = builtin / "bund" / "pages" / "wohnen" / "de.md"
    source.write_text(
        source.read_text(encoding="utf-8").replace("höchstens drei Monatsmieten", "höchstens zwei"),
        encoding="utf-8",
    )
    after = ContentLibrary(tmp_path / "data", builtin=builtin)
    for lang in ("en", "ar", "uk", "ti"):
        page = after.page("wohnen", lang)
        assert page.status == Status.OUTDATED
        assert Notice.OUTDATED in page.notice_kinds
        assert Notice.MACHINE_MADE not in page.notice_kinds
    assert after.page("gesundheit", "ar").status == Status.MACHINE_MADE
    overview = {lang.code: lang for lang in after.languages()}
    assert overview["ar"].counts[Status.OUTDATED] == 1


def test_new_stand_or_sources_do_not_outdate_translations(tmp_path: Path) -> None:
    _before, builtin = _library(tmp_path)
    source = builtin / "bund" / "pages" / "geld" / "de.md"
    text = source.read_text(encoding="utf-8").replace("stand: 2026-11-21", "stand: 2027-01-15")
    text = text.replace("---\n\n", "source: Neue Quelle | https://www.example.org\n---\n\n", 1)
    source.write_text(text.replace("\n", "\r\n"), encoding="utf-8")
    after = ContentLibrary(tmp_path / "data", builtin=builtin)
    page = after.page("geld", "ar")
    assert page.status == Status.MACHINE_MADE
    assert page.stand.isoformat() == "2027-01-15"


def test_translation_without_fingerprint_counts_as_outdated(tmp_path: Path) -> None:
    _before, builtin = _library(tmp_path)
    page = builtin / "bund" / "pages" / "arbeit" / "tr.md"
    lines = page.read_text(encoding="utf-8").splitlines(keepends=True)
    page.write_text("".join(ln for ln in lines if not ln.startswith("translated-from:")), "utf-8")
    assert ContentLibrary(tmp_path / "data", builtin=builtin).page("arbeit", "tr").status == (
        Status.OUTDATED
    )


def test_status_rules() -> None:
    current = source_hash("Titel", "Text\n")
    assert source_hash("Titel ", "Text  \r\n\n") == current
    assert effective_status(Status.SOURCE, None, current) == Status.SOURCE
    assert effective_status(Status.REVIEWED, current, current) == Status.REVIEWED
    assert effective_status(Status.REVIEWED, "0" * 64, current) == Status.OUTDATED
    assert effective_status(Status.MACHINE_MADE, current, current) == Status.MACHINE_MADE


def test_stamp_records_the_source_of_hand_written_translations(tmp_path: Path) -> None:
    from willkommensordner.content.authoring import stamp_translations

    from .content_helpers import small_pack

    builtin = tmp_path / "builtin"
    pack = small_pack(builtin / "musterdorf")
    english = pack / "pages" / "dorfleben" / "en.md"
    english.write_text("---\ntitle: Village life\nstatus: machine-made\n---\n\nWelcome.\n")
    library = ContentLibrary(tmp_path / "data", builtin=builtin)
    assert library.page("dorfleben", "en").status == Status.OUTDATED

    stamped = stamp_translations(pack)
    assert [(s.topic_id, s.lang) for s in stamped] == [("dorfleben", "en")]
    assert ContentLibrary(tmp_path / "data", builtin=builtin).page("dorfleben", "en").status == (
        Status.MACHINE_MADE
    )
    # A stamped page is not re-stamped after the source changes: it must show as outdated.
    source = pack / "pages" / "dorfleben" / "de.md"
    source.write_text(source.read_text("utf-8").replace("Willkommen", "Herzlich willkommen"))
    assert stamp_translations(pack) == []
    assert ContentLibrary(tmp_path / "data", builtin=builtin).page("dorfleben", "en").status == (
        Status.OUTDATED
    )
    assert len(stamp_translations(pack, restamp=True)) == 1


def test_builtin_translations_are_stamped_with_their_current_source(tmp_path: Path) -> None:
    from willkommensordner.content.authoring import stamp_translations

    from .content_helpers import BUILTIN

    builtin = copy_builtin(tmp_path / "builtin")
    assert stamp_translations(builtin / "bund") == []
    assert stamp_translations(builtin / "bund", restamp=True) == []
    assert (builtin / "bund" / "pages" / "geld" / "ti.md").read_text("utf-8") == (
        BUILTIN / "bund" / "pages" / "geld" / "ti.md"
    ).read_text("utf-8")
