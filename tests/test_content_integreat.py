"""Integreat dumps (tests/fixtures/integreat, written in the API's shape) into content packs:
HTML into the safe tree, the page tree, languages, status, contact points, re-import."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from tests.test_printing_pdf import needs_poppler, pdftotext
from willkommensordner.cli.main import main
from willkommensordner.content import markdown as md
from willkommensordner.content.integreat import apply_import, map_language, plan_import
from willkommensordner.content.integreat_html import MAX_HTML_CHARS, to_markdown
from willkommensordner.content.library import ContentLibrary
from willkommensordner.content.problems import PackInvalid
from willkommensordner.content.status import Status
from willkommensordner.printing.welcome import information_folder

DUMP = Path(__file__).parent / "fixtures" / "integreat" / "testumgebung"
TODAY = date(2026, 11, 1)
BASE = "https://integreat.app/augsburg/de/amt/"


def tree(html: str) -> tuple[tuple[md.Block, ...], list[str]]:
    """The safe tree the HTML ends up as, and the problems the conversion reported."""
    converted = to_markdown(html, BASE)
    blocks, problems = md.parse_with_problems(converted.markdown)
    assert problems == [], converted.markdown
    return blocks, [p.message() for p in converted.problems]


def imported(tmp_path: Path, dump: Path = DUMP) -> ContentLibrary:
    library = ContentLibrary(tmp_path / "data")
    apply_import(plan_import(dump, "Testumgebung", library, TODAY), library)
    return ContentLibrary(tmp_path / "data")


# --- HTML ------------------------------------------------------------------------------


def test_address_lines_phone_with_parentheses_and_links_survive() -> None:
    blocks, problems = tree(
        "<p>Bürgerbüro<br>Marktplatz 1<br>86150 Augsburg</p>"
        '<p><a href="tel:(0821) 324-0">(0821) 324-0</a> '
        '<a href="/augsburg/de/willkommen/">Start</a> <a href="www.augsburg.de">Web</a> '
        '<a href="https://de.wikipedia.org/wiki/Rathaus_(Augsburg)">Wiki</a> '
        '<a href="kontakt/">Kontakt</a></p>'
    )
    assert problems == []
    address, links = blocks
    assert isinstance(address, md.Paragraph)
    assert sum(isinstance(i, md.LineBreak) for i in address.children) == 2
    assert md.inline_text(address.children).split("\n") == [
        "Bürgerbüro",
        "Marktplatz 1",
        "86150 Augsburg",
    ]
    found = [i for i in links.children if not isinstance(i, md.Text)]  # type: ignore[union-attr]
    assert found[0] == md.Phone("08213240", (md.Text("(0821) 324-0"),))
    assert [getattr(i, "href", None) for i in found[1:]] == [
        "https://integreat.app/augsburg/de/willkommen/",
        "https://www.augsburg.de",
        "https://de.wikipedia.org/wiki/Rathaus_(Augsburg)",
        "https://integreat.app/augsburg/de/amt/kontakt/",
    ]


def test_tables_nested_lists_and_emphasis_are_kept_u_and_images_reported() -> None:
    blocks, problems = tree(
        "<table><tr><td>Montag</td><td>8:00 – 12:00</td></tr>"
        "<tr><td>Dienstag</td><td>geschlossen</td></tr></table>"
        "<ul><li>Pass<ul><li>gültig <em>noch drei Monate</em></li></ul></li><li>Foto</li></ul>"
        '<p><u>Wichtig</u> <img src="a.png" alt="Stadtplan"></p>'
    )
    hours, items, note = blocks
    assert isinstance(hours, md.BulletList) and isinstance(items, md.BulletList)
    assert [md.inline_text(i.children) for i in hours.items] == [
        "Montag: 8:00 – 12:00",
        "Dienstag: geschlossen",
    ]
    assert [md.inline_text(i.children) for i in items.items] == [
        "Pass",
        "– gültig noch drei Monate",
        "Foto",
    ]
    assert md.Emphasis((md.Text("noch drei Monate"),)) in items.items[1].children
    assert md.inline_text(note.children) == "Wichtig"  # type: ignore[union-attr]
    assert problems == [
        "<u> formatting was left out, its text kept",
        "an image was left out (text: Stadtplan)",
    ]


def test_direction_marks_and_markdown_characters_are_plain_text() -> None:
    blocks, _ = tree(
        "<p>\u200fمرحبا&rlm; *nicht fett* [keine](Link) &lt;b&gt;</p><p>1. kein Punkt</p>"
    )
    text = md.plain_text(blocks)
    assert "\u200f" not in text and "\u200e" not in text
    assert "مرحبا *nicht fett* [keine] (Link) <b>" in text
    assert all(isinstance(b, md.Paragraph) for b in blocks)


def test_hostile_html_leaves_no_script_and_no_script_link() -> None:
    converted = to_markdown(
        '<p onclick="steal()">Hallo <a href="javascript:alert(1)">hier</a> '
        '<a href="data:text/html,x">da</a></p><script>alert("x")</script>'
        '<iframe src="https://evil.example/"></iframe><style>p{}</style>',
        BASE,
    )
    assert "alert" not in converted.markdown and "evil" not in converted.markdown
    assert "javascript" not in converted.markdown and "data:" not in converted.markdown
    assert md.plain_text(md.parse(converted.markdown)).strip() == "Hallo hier da"
    messages = {p.message() for p in converted.problems}
    assert {
        "script attribute onclick was left out",
        "link target not allowed, text kept: javascript:alert(1)",
        "<script> was left out",
        "<iframe> was left out",
        "<style> was left out",
    } <= messages


def test_deep_nesting_and_huge_pages_are_bounded() -> None:
    deep = "<div>" * 5000 + "<b>tief</b>" + "</div>" * 5000
    converted = to_markdown(deep, BASE)
    assert "tief" in converted.markdown
    assert any("nesting deeper" in p.message() for p in converted.problems)
    huge = to_markdown("<p>" + "x" * (MAX_HTML_CHARS + 1) + "</p>", BASE)
    assert huge.markdown == "" and "at most" in huge.problems[0].message()


# --- languages -------------------------------------------------------------------------


def test_integreat_language_codes_are_mapped() -> None:
    assert map_language("de-si", "de-DE") == "de-x-easy"
    assert map_language("de", "de-DE") == "de"
    assert map_language("prs", "prs") == "fa_AF"
    assert map_language("kmr", "ku") == "ku"
    assert map_language("ar", "ar") == "ar"
    assert map_language("zz-nope", "zz") is None


# --- whole dumps -----------------------------------------------------------------------


def test_the_dump_becomes_a_pack_with_tree_languages_and_honest_status(tmp_path: Path) -> None:
    library = imported(tmp_path)
    pack = library.pack("integreat-testumgebung")
    assert pack is not None
    assert [(t.id, t.parent) for t in pack.topics] == [
        ("willkommen", None),
        ("rathaus", None),
        ("anmeldung", "rathaus"),
        ("sicherheit", "rathaus"),
        ("ar-204", None),
    ]
    assert set(pack.manifest.languages) == {"de", "ar", "fa", "uk", "de-x-easy"}
    arabic = library.page("rathaus", "ar")
    assert arabic.lang == "ar" and arabic.status == Status.EXTERNAL and arabic.notices == ()
    assert "\u200e" not in arabic.plain_text()
    arabic_page = pack.page("rathaus", "ar")
    assert arabic_page is not None and arabic_page.translated_on == date(2026, 10, 2)
    assert arabic_page.sources[0].url == "https://integreat.app/testumgebung/ar/rathaus/"
    # The Ukrainian page is older than its German source: a translation of an older text.
    assert library.page("willkommen", "uk").status == Status.OUTDATED
    easy = library.page("willkommen", "de-x-easy")
    assert easy.lang == "de-x-easy" and easy.title == "Willkommen"
    german = pack.page("rathaus", "de")
    assert german is not None and german.declared == Status.SOURCE
    assert german.stand == date(2026, 10, 1)
    hostile = md.plain_text(library.page("sicherheit", "de").blocks)
    assert "document.cookie" not in hostile and "Klicken Sie hier nicht." in hostile


def test_a_page_without_german_source_is_imported(tmp_path: Path) -> None:
    library = imported(tmp_path)
    arabic = library.page("ar-204", "ar")
    assert arabic.lang == "ar" and "نلتقي كل يوم أربعاء" in arabic.plain_text()
    german = library.page("ar-204", "de")
    assert "nicht auf Deutsch" in german.plain_text()


def test_locations_become_contact_points_with_opening_hours(tmp_path: Path) -> None:
    contact = imported(tmp_path).contact_point("ort-77")
    assert contact.name == "Bürgerbüro Testumgebung" and contact.kind == "Behörde"
    assert contact.address is not None and contact.address.one_line() == (
        "Marktplatz 1, 99999 Testumgebung"
    )
    assert contact.dial_phone == "08213240"
    assert contact.website == "https://www.testumgebung.de"
    assert [(h.days, h.opens, h.closes) for h in contact.opening_hours] == [
        (("mo",), "08:00", "12:00"),
        (("th",), "14:00", "18:00"),
    ]
    assert contact.describe("ar") == "هنا تسجل سكنك ."


def test_reimport_updates_in_place_and_a_changed_german_page_outdates_translations(
    tmp_path: Path,
) -> None:
    imported(tmp_path)
    dump = shutil.copytree(DUMP, tmp_path / "dump")
    pages_file = dump / "de" / "pages.json"
    pages = json.loads(pages_file.read_text("utf-8"))
    rathaus = next(p for p in pages if p["id"] == 102)
    rathaus["content"] += "<p>Neu: Termine nur online.</p>"
    pages_file.write_text(json.dumps(pages, ensure_ascii=False), encoding="utf-8")
    library = imported(tmp_path, dump)
    manifest = library.manifest("integreat-testumgebung")
    assert manifest is not None and manifest.version == "2"
    assert len(library.store.installed()) == 1
    assert library.page("rathaus", "ar").status == Status.OUTDATED
    assert library.page("anmeldung", "ar").status == Status.EXTERNAL
    assert "Termine nur online" in library.page("rathaus", "de").plain_text()


def test_hostile_json_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    dump = shutil.copytree(DUMP, tmp_path / "dump")
    (dump / "ar" / "pages.json").write_text("[" * 100000 + "]" * 100000)
    (dump / "fa" / "pages.json").write_text("{not json")
    library = ContentLibrary(tmp_path / "data")
    plan = plan_import(dump, "Testumgebung", library, TODAY)
    messages = [p.message() for p in plan.problems]
    assert "ar/pages.json: nested deeper than 32 levels" in messages
    assert any(m.startswith("fa/pages.json: not valid JSON") for m in messages)
    assert "ar" not in plan.pages_per_language()
    (dump / "languages.json").write_text('{"de": 1}')
    with pytest.raises(PackInvalid):
        plan_import(dump, "Testumgebung", library, TODAY)


def test_cli_previews_then_imports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANGUAGE", "en")
    data = tmp_path / "data"
    args = ["content", "--data-dir", str(data), "import-integreat", str(DUMP)]
    assert main([*args, "--region", "Testumgebung", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "ar (العربية): 4 pages" in out and "de-x-easy (Deutsch (einfach)): 1 page" in out
    assert "de: Sicher im Netz: <script> was left out" in out
    assert "Dry run: nothing was changed." in out
    assert ContentLibrary(data).pack("integreat-testumgebung") is None
    assert main([*args, "--region", "Testumgebung"]) == 0
    assert "Installed pack integreat-testumgebung version 1." in capsys.readouterr().out
    assert ContentLibrary(data).pack("integreat-testumgebung") is not None


@needs_poppler
def test_an_arabic_information_folder_prints_from_the_dump(tmp_path: Path) -> None:
    library = imported(tmp_path)
    path = tmp_path / "info-ar.pdf"
    information_folder(library, "ar", today=TODAY).write(path)
    text = pdftotext(path)
    assert "البلدية ومكتب المواطنين" in text
    assert "Bürgerbüro Testumgebung" in text
    assert "Marktplatz 1" in text
