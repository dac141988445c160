from __future__ import annotations

import json
from pathlib import Path

import pytest

from willkommensordner.content.library import ContentLibrary
from willkommensordner.content.pack_import import MAX_ENTRIES, MAX_ENTRY_BYTES, import_pack
from willkommensordner.content.problems import PackInvalid
from willkommensordner.errors import ExitCode, InvalidInput

from .content_helpers import SYMLINK_MODE, add_entry, small_pack, snapshot, zip_folder


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


def _install(tmp_path: Path, data_dir: Path, version: str) -> None:
    folder = small_pack(tmp_path / f"src-{version}", version)
    import_pack(zip_folder(folder, tmp_path / f"v{version}.zip"), ContentLibrary(data_dir))


def test_valid_pack_is_installed_and_updated(tmp_path: Path, data_dir: Path) -> None:
    _install(tmp_path, data_dir, "1.0")
    library = ContentLibrary(data_dir)
    assert {p.id: p.origin for p in library.packs()}["musterdorf"] == "imported"
    assert "Version 1.0" in library.page("dorfleben", "de").plain_text()
    _install(tmp_path, data_dir, "1.1")
    library = ContentLibrary(data_dir)
    assert "Version 1.1" in library.page("dorfleben", "de").plain_text()
    # Only the new version remains on disk; no staging leftovers.
    assert [p.name for p in (data_dir / "packs").iterdir() if p.is_dir()] == [
        next(iter(library.store.installed().values())).name
    ]


@pytest.mark.parametrize("version", ["1.0", "0.9"])
def test_same_or_older_version_is_refused(tmp_path: Path, data_dir: Path, version: str) -> None:
    _install(tmp_path, data_dir, "1.0")
    before = snapshot(data_dir)
    folder = small_pack(tmp_path / "again", version)
    with pytest.raises(InvalidInput) as info:
        import_pack(zip_folder(folder, tmp_path / "again.zip"), ContentLibrary(data_dir))
    assert "not newer" in info.value.message()
    assert snapshot(data_dir) == before


def test_builtin_pack_version_counts(tmp_path: Path, data_dir: Path) -> None:
    folder = small_pack(tmp_path / "bund-fake", "1.0.0", pack_id="bund")
    with pytest.raises(InvalidInput):
        import_pack(zip_folder(folder, tmp_path / "bund.zip"), ContentLibrary(data_dir))


def _refused(zip_path: Path, data_dir: Path) -> list[str]:
    before = snapshot(data_dir)
    with pytest.raises(PackInvalid) as info:
        import_pack(zip_path, ContentLibrary(data_dir))
    assert info.value.exit_code == ExitCode.BAD_INPUT
    assert snapshot(data_dir) == before
    assert (
        not [p for p in (data_dir / "packs").glob(".staging-*")]
        if (data_dir / "packs").exists()
        else True
    )
    return [p.message() for p in info.value.problems]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../evil.md", "paths with .. are not allowed"),
        ("pages/../../evil.md", "paths with .. are not allowed"),
        ("/etc/evil.md", "absolute paths are not allowed"),
        ("C:/evil.md", "absolute paths are not allowed"),
        ("pages\\evil.md", "backslashes"),
        ("pages/tool.exe", "only .json, .md and .txt"),
    ],
)
def test_bad_paths_are_refused(tmp_path: Path, data_dir: Path, name: str, expected: str) -> None:
    _install(tmp_path, data_dir, "1.0")
    zip_path = zip_folder(small_pack(tmp_path / "new", "2.0"), tmp_path / "bad.zip")
    add_entry(zip_path, name, b"x")
    problems = _refused(zip_path, data_dir)
    assert any(expected in p for p in problems), problems
    assert not (tmp_path / "evil.md").exists()


def test_symlinks_are_refused(tmp_path: Path, data_dir: Path) -> None:
    zip_path = zip_folder(small_pack(tmp_path / "new", "2.0"), tmp_path / "link.zip")
    add_entry(zip_path, "pages/dorfleben/en.md", b"/etc/passwd", mode=SYMLINK_MODE)
    assert any("symbolic links" in p for p in _refused(zip_path, data_dir))


def test_oversized_entry_is_refused(tmp_path: Path, data_dir: Path) -> None:
    zip_path = zip_folder(small_pack(tmp_path / "new", "2.0"), tmp_path / "big.zip")
    add_entry(zip_path, "README.txt", b"a" * (MAX_ENTRY_BYTES + 1))
    assert any("per file" in p for p in _refused(zip_path, data_dir))


def test_too_many_entries_are_refused(tmp_path: Path, data_dir: Path) -> None:
    folder = small_pack(tmp_path / "new", "2.0")
    extra = folder / "notes"
    extra.mkdir()
    for index in range(MAX_ENTRIES):
        (extra / f"{index}.txt").write_text("x")
    problems = _refused(zip_folder(folder, tmp_path / "many.zip"), data_dir)
    assert any("entries" in p for p in problems)


def test_not_a_zip_is_refused(tmp_path: Path, data_dir: Path) -> None:
    fake = tmp_path / "fake.zip"
    fake.write_text("kein zip")
    assert _refused(fake, data_dir) == ["the file is not a zip archive"]


def test_malformed_manifest_lists_every_problem(tmp_path: Path, data_dir: Path) -> None:
    folder = small_pack(tmp_path / "new", "2.0")
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest.update(version="zwei", stand="gestern", unknown_key=1)
    del manifest["title"]
    (folder / "manifest.json").write_text(json.dumps(manifest))
    problems = _refused(zip_folder(folder, tmp_path / "m.zip"), data_dir)
    joined = "\n".join(problems)
    for field in ("version", "stand", "unknown_key", "title"):
        assert f"manifest.json: {field}" in joined, joined


def test_manifest_that_is_not_json(tmp_path: Path, data_dir: Path) -> None:
    folder = small_pack(tmp_path / "new", "2.0")
    (folder / "manifest.json").write_text("{ nicht json")
    problems = _refused(zip_folder(folder, tmp_path / "m.zip"), data_dir)
    assert any("not valid JSON" in p for p in problems)


def test_missing_manifest(tmp_path: Path, data_dir: Path) -> None:
    folder = small_pack(tmp_path / "new", "2.0")
    (folder / "manifest.json").unlink()
    assert "manifest.json is missing" in _refused(zip_folder(folder, tmp_path / "m.zip"), data_dir)


def test_raw_html_and_bad_contacts_are_listed_together(tmp_path: Path, data_dir: Path) -> None:
    _install(tmp_path, data_dir, "1.0")
    folder = small_pack(tmp_path / "new", "2.0")
    page = folder / "pages" / "dorfleben" / "en.md"
    page.write_text(
        "---\ntitle: Village\nstatus: machine-made\n---\n\n<script>alert(1)</script>\n\n"
        "[click](javascript:alert(1))\n"
    )
    contacts = json.loads((folder / "contacts.json").read_text())
    contacts[0]["target_groups"] = ["everyone"]
    (folder / "contacts.json").write_text(json.dumps(contacts))
    problems = _refused(zip_folder(folder, tmp_path / "html.zip"), data_dir)
    joined = "\n".join(problems)
    assert "pages/dorfleben/en.md: line 6: raw HTML is not allowed" in joined
    assert "line 8: link target not allowed: javascript:" in joined
    assert "unknown target group" in joined
    assert "Version 1.0" in ContentLibrary(data_dir).page("dorfleben", "de").plain_text()


def test_pack_zipped_with_its_folder_is_accepted(tmp_path: Path, data_dir: Path) -> None:
    parent = tmp_path / "parent"
    small_pack(parent / "musterdorf", "3.0")
    result = import_pack(zip_folder(parent, tmp_path / "nested.zip"), ContentLibrary(data_dir))
    assert (result.pack_id, result.version, result.previous_version) == ("musterdorf", "3.0", None)


def test_damaged_installed_pack_does_not_break_the_library(tmp_path: Path, data_dir: Path) -> None:
    _install(tmp_path, data_dir, "1.0")
    folder = next(iter(ContentLibrary(data_dir).store.installed().values()))
    (folder / "manifest.json").write_text("kaputt")
    library = ContentLibrary(data_dir)
    assert library.load_problems and "musterdorf" not in {p.id for p in library.packs()}
    assert library.page("gesundheit", "de").title == "Gesundheit"


def test_contact_point_with_unknown_topic(tmp_path: Path, data_dir: Path) -> None:
    folder = small_pack(tmp_path / "new", "2.0")
    contacts = json.loads((folder / "contacts.json").read_text())
    contacts.append(dict(contacts[0], id="musterdorf-zwei", topics=["nirgendwo"]))
    contacts.append(dict(contacts[0]))
    (folder / "contacts.json").write_text(json.dumps(contacts))
    problems = _refused(zip_folder(folder, tmp_path / "c.zip"), data_dir)
    assert (
        "contacts.json: contact point musterdorf-zwei names an unknown topic nirgendwo" in problems
    )
    assert "contacts.json: contact point musterdorf-rathaus is listed twice" in problems
