from __future__ import annotations

import io
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from willkommensordner.content.library import ContentLibrary
from willkommensordner.content.po import export_po, import_po, write_catalog
from willkommensordner.content.problems import PackInvalid
from willkommensordner.content.status import Status
from willkommensordner.errors import InvalidInput


def _export(library: ContentLibrary, lang: str, path: Path) -> Path:
    catalog, pages = export_po(library, lang)
    assert pages == len(library.topic_ids())
    write_catalog(catalog, path)
    return path


def _edit(path: Path, topic: str, translate: object, fuzzy: bool, translator: str) -> Path:
    with path.open("rb") as fh:
        catalog = read_po(fh)
    catalog.last_translator = translator
    for message in catalog:
        if message.context and message.context.startswith(f"bund:{topic}/"):
            message.string = translate(message.id)  # type: ignore[operator]
            if fuzzy:
                message.flags.add("fuzzy")
            else:
                message.flags.discard("fuzzy")
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0)
    path.write_bytes(buffer.getvalue())
    return path


def test_export_has_one_entry_per_block_with_context(tmp_path: Path) -> None:
    library = ContentLibrary(tmp_path / "data")
    path = _export(library, "uk", tmp_path / "uk.po")
    with path.open("rb") as fh:
        catalog = read_po(fh)
    assert str(catalog.locale_identifier) == "uk"
    contexts = [m.context for m in catalog if m.id]
    assert "bund:gesundheit/title" in contexts
    assert "bund:notfall/b2.1" in contexts
    entry = catalog.get("Gesundheit", context="bund:gesundheit/title")
    assert entry is not None and entry.string == "Здоров'я"
    # Machine-made translations are pre-filled but flagged for the translator.
    assert entry.fuzzy
    assert entry.auto_comments == [f"sha256:{library.page('gesundheit', 'de').source.fingerprint}"]


def test_round_trip_marks_reviewed_pages(tmp_path: Path) -> None:
    data = tmp_path / "data"
    library = ContentLibrary(data)
    path = _export(library, "sq", tmp_path / "sq.po")
    _edit(
        path,
        "notfall",
        lambda src: "SQ " + src,
        fuzzy=False,
        translator="Drita Berisha <d@x.example>",
    )
    result = import_po(library, path)
    assert result.written == [("notfall", Status.REVIEWED)]
    assert len(result.unchanged) == len(library.topic_ids()) - 1
    after = ContentLibrary(data)
    page = after.page("notfall", "sq")
    assert page.status == Status.REVIEWED and page.reviewed_by == "Drita Berisha"
    written = (data / "translations" / "bund" / "notfall" / "sq.md").read_text("utf-8")
    assert f"translated-from: {page.source.fingerprint}" in written
    assert page.notices == ()
    assert page.title == "SQ Notfall und Beratung"
    source_units = [type(b).__name__ for b in page.source.blocks]
    assert [type(b).__name__ for b in page.blocks] == source_units
    assert any("tel:" in h for h in [page.to_html()])
    # Exporting again pre-fills the reviewed text without the fuzzy flag.
    catalog, _ = export_po(after, "sq")
    entry = catalog.get("Notfall und Beratung", context="bund:notfall/title")
    assert entry is not None and entry.string == "SQ Notfall und Beratung" and not entry.fuzzy


def test_fuzzy_entries_import_as_machine_made(tmp_path: Path) -> None:
    data = tmp_path / "data"
    library = ContentLibrary(data)
    path = _export(library, "fr", tmp_path / "fr.po")
    _edit(path, "wohnen", lambda src: "FR " + src, fuzzy=True, translator="")
    result = import_po(library, path)
    assert ("wohnen", Status.MACHINE_MADE) in result.written
    page = ContentLibrary(data).page("wohnen", "fr")
    assert page.title == "FR Wohnen" and page.status == Status.MACHINE_MADE


def test_changed_source_after_export_makes_import_outdated(tmp_path: Path) -> None:
    from .content_helpers import copy_builtin

    builtin = copy_builtin(tmp_path / "builtin")
    data = tmp_path / "data"
    path = _export(ContentLibrary(data, builtin=builtin), "sq", tmp_path / "sq.po")
    _edit(path, "geld", lambda src: "SQ " + src, fuzzy=False, translator="Drita Berisha")
    source = builtin / "bund" / "pages" / "geld" / "de.md"
    source.write_text(
        source.read_text("utf-8").replace("eines Monats", "eines Monats (neu)"), "utf-8"
    )
    import_po(ContentLibrary(data, builtin=builtin), path)
    assert ContentLibrary(data, builtin=builtin).page("geld", "sq").status == Status.OUTDATED


def test_raw_html_in_a_translation_writes_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    library = ContentLibrary(data)
    path = _export(library, "sq", tmp_path / "sq.po")
    _edit(path, "notfall", lambda src: "ok", fuzzy=False, translator="Drita Berisha")
    _edit(path, "freizeit", lambda src: "<b>x</b>", fuzzy=False, translator="Drita Berisha")
    with pytest.raises(PackInvalid) as info:
        import_po(library, path)
    assert any("raw HTML" in p.message() for p in info.value.problems)
    assert not (data / "translations").exists()


def test_reviewed_pages_need_a_named_reviewer(tmp_path: Path) -> None:
    library = ContentLibrary(tmp_path / "data")
    path = _export(library, "sq", tmp_path / "sq.po")
    _edit(path, "notfall", lambda src: "SQ " + src, fuzzy=False, translator="")
    with pytest.raises(PackInvalid) as info:
        import_po(library, path)
    assert "Last-Translator" in info.value.message()


def test_incomplete_pages_are_skipped_and_reported(tmp_path: Path) -> None:
    library = ContentLibrary(tmp_path / "data")
    path = _export(library, "sq", tmp_path / "sq.po")
    _edit(
        path,
        "notfall",
        lambda src: "" if src.startswith("Polizei") else "SQ",
        fuzzy=True,
        translator="",
    )
    result = import_po(library, path)
    assert "notfall" in [topic for topic, _ in result.skipped]
    assert "notfall" not in [topic for topic, _ in result.written]


def test_german_cannot_be_exported_for_translation(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput):
        export_po(ContentLibrary(tmp_path / "data"), "de")
