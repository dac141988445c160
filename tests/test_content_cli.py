from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from willkommensordner.cli import main
from willkommensordner.errors import ExitCode

from .content_helpers import add_entry, small_pack, zip_folder


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> None:
    # The messages below are checked in English; a C locale alone means German.
    monkeypatch.setenv("LANGUAGE", "en")


def _run(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, str, str]:
    code = main(["content", "--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_list_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(capsys, tmp_path, "demo", "on")[0] == ExitCode.OK
    code, out, _err = _run(capsys, tmp_path, "list", "--json")
    assert code == ExitCode.OK
    data = json.loads(out)
    assert {p["id"] for p in data["packs"]} == {"bund", "musterstadt"}
    assert [t["id"] for t in data["topics"]][:2] == ["ankommen", "gesundheit"]
    languages = {lang["code"]: lang for lang in data["languages"]}
    assert languages["ar"]["name"] == "العربية" and languages["ar"]["direction"] == "rtl"
    assert languages["de"]["status"]["source"] == 10
    assert languages["en"]["status"]["machine-made"] == 10
    assert data["problems"] == []


def test_list_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = _run(capsys, tmp_path, "list")
    assert code == ExitCode.OK
    assert "bund 1.0.0" in out and "ትግርኛ" in out


def test_show_page_with_notice_and_contacts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(capsys, tmp_path, "demo", "on")[0] == ExitCode.OK
    code, out, _err = _run(capsys, tmp_path, "show", "gesundheit", "--lang", "ar")
    assert code == ExitCode.OK
    assert "116117" in out
    assert "[!] تُرجم هذا النص آليًا" in out
    assert "musterstadt-gesundheitsamt" in out
    assert "bundesgesundheitsministerium.de" in out


def test_show_unknown_topic(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = _run(capsys, tmp_path, "show", "nichts", "--lang", "de")
    assert code == ExitCode.NOT_FOUND
    assert "nichts" in err


def test_import_good_and_bad_packs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    good = zip_folder(small_pack(tmp_path / "good", "1.0"), tmp_path / "good.zip")
    code, out, _err = _run(capsys, data, "import", str(good))
    assert code == ExitCode.OK and "musterdorf" in out
    bad = zip_folder(small_pack(tmp_path / "bad", "2.0"), tmp_path / "bad.zip")
    add_entry(bad, "../../escape.md", b"x")
    add_entry(bad, "pages/x.exe", b"x")
    code, _out, err = _run(capsys, data, "import", str(bad))
    assert code == ExitCode.BAD_INPUT
    assert "Problems found: 2" in err and "../../escape.md" in err and "pages/x.exe" in err
    code, _out, err = _run(capsys, data, "import", str(good))
    assert code == ExitCode.BAD_INPUT and "not newer" in err


def test_po_export_and_import(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    po = tmp_path / "ku.po"
    code, out, _err = _run(capsys, data, "export-po", "--lang", "ku", "-o", str(po))
    assert code == ExitCode.OK and po.is_file() and "Wrote 10 pages" in out
    with po.open("rb") as fh:
        catalog = read_po(fh)
    # A reviewer checks the Kurmanji emergency page and removes the fuzzy flags.
    catalog.last_translator = "Rojda Amed <rojda@example.org>"
    for message in catalog:
        if message.context and message.context.startswith("bund:notfall/"):
            message.flags.discard("fuzzy")
    buffer = io.BytesIO()
    write_po(buffer, catalog)
    po.write_bytes(buffer.getvalue())
    code, out, _err = _run(capsys, data, "import-po", str(po))
    assert code == ExitCode.OK
    assert "Imported notfall (ku): reviewed" in out and "9 pages unchanged" in out
    code, out, _err = _run(capsys, data, "show", "notfall", "--lang", "ku")
    assert "status: reviewed" in out and "[!]" not in out
    code, out, _err = _run(capsys, data, "show", "wohnen", "--lang", "ku")
    assert "status: machine-made" in out and "[!] Ev nivîs bi makîneyê" in out


def test_import_po_rejects_html(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    po = tmp_path / "fr.po"
    _run(capsys, data, "export-po", "--lang", "fr", "-o", str(po))
    text = po.read_text("utf-8").replace('msgstr "Santé"', 'msgstr "<script>x</script>"', 1)
    po.write_text(text, "utf-8")
    code, _out, err = _run(capsys, data, "import-po", str(po))
    assert code == ExitCode.BAD_INPUT and "raw HTML" in err
    assert not (data / "translations").exists()


def test_stamp_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pack = small_pack(tmp_path / "pack", "1.0")
    (pack / "pages" / "dorfleben" / "en.md").write_text(
        "---\ntitle: Village life\nstatus: machine-made\n---\n\nWelcome.\n"
    )
    code, out, _err = _run(capsys, tmp_path / "data", "stamp", str(pack))
    assert code == ExitCode.OK and "Stamped dorfleben (en)." in out
    assert "translated-from: " in (pack / "pages" / "dorfleben" / "en.md").read_text()
    code, out, _err = _run(capsys, tmp_path / "data", "stamp", str(pack))
    assert "0 translation pages stamped." in out


def test_the_demo_town_is_shown_only_when_chosen_and_can_be_put_away(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A fresh installation: the nationwide pack only, no invented phone numbers.
    code, out, _err = _run(capsys, tmp_path, "list", "--json")
    assert code == ExitCode.OK
    assert [(p["id"], p["demo"]) for p in json.loads(out)["packs"]] == [("bund", False)]
    code, out, _err = _run(capsys, tmp_path, "show", "gesundheit", "--lang", "de")
    assert code == ExitCode.OK and "musterstadt" not in out.lower()

    assert _run(capsys, tmp_path, "demo", "on")[0] == ExitCode.OK
    code, out, _err = _run(capsys, tmp_path, "list", "--json")
    assert {p["id"]: p["demo"] for p in json.loads(out)["packs"]} == {
        "bund": False,
        "musterstadt": True,
    }
    # Removing the sample pack puts it away again; the nationwide one stays.
    assert _run(capsys, tmp_path, "remove", "musterstadt")[0] == ExitCode.OK
    code, _out, err = _run(capsys, tmp_path, "remove", "bund")
    assert code == ExitCode.BAD_INPUT and "bund" in err
    code, out, _err = _run(capsys, tmp_path, "list", "--json")
    assert [p["id"] for p in json.loads(out)["packs"]] == ["bund"]


def test_an_imported_pack_can_be_removed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = small_pack(tmp_path / "pack")
    data = tmp_path / "data"
    assert _run(capsys, data, "import", str(zip_folder(folder, tmp_path / "p.zip")))[0] == 0
    _code, out, _err = _run(capsys, data, "list", "--json")
    imported = [p["id"] for p in json.loads(out)["packs"] if p["origin"] == "imported"]
    assert imported
    assert _run(capsys, data, "remove", imported[0])[0] == ExitCode.OK
    _code, out, _err = _run(capsys, data, "list", "--json")
    assert [p["origin"] for p in json.loads(out)["packs"]] == ["builtin"]
    assert list((data / "packs").iterdir()) == []
    assert _run(capsys, data, "remove", imported[0])[0] == ExitCode.NOT_FOUND
