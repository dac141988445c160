"""Linux desktop integration: .desktop, AppStream metainfo and icons, all generated and valid."""

from __future__ import annotations

import importlib.util
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest

from willkommensordner import __version__, app_info
from willkommensordner.i18n import translator

ROOT = Path(__file__).parents[1]
LINUX = ROOT / "packaging" / "linux"
DESKTOP = LINUX / f"{app_info.APP_ID}.desktop"
METAINFO = LINUX / f"{app_info.APP_ID}.metainfo.xml"
ICONS = ROOT / "resources" / "icons"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _generator() -> ModuleType:
    # Loaded by path: "packaging" is also the name of a PyPI package in the venv.
    spec = importlib.util.spec_from_file_location(
        "desktop_entries", ROOT / "packaging" / "desktop_entries.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _entries(text: str) -> dict[str, str]:
    lines = text.splitlines()
    assert lines[0] == "[Desktop Entry]"
    return dict(line.split("=", 1) for line in lines[1:] if line)


def test_committed_files_match_the_catalogs() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "desktop_entries.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    generator = _generator()
    assert DESKTOP.read_text(encoding="utf-8") == generator.desktop_entry()
    assert METAINFO.read_text(encoding="utf-8") == generator.metainfo()


def test_desktop_entry_launches_the_app_with_its_icon() -> None:
    entry = _entries(DESKTOP.read_text(encoding="utf-8"))
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Willkommensordner"
    assert entry["Comment"] == app_info.SUMMARY
    assert entry["Exec"] == "willkommensordner"
    assert entry["Icon"] == app_info.APP_ID
    assert entry["Terminal"] == "false"
    assert "Office;" in entry["Categories"]
    assert (ICONS / f"{app_info.APP_ID}.svg").is_file()


def test_german_name_and_comment_come_from_the_catalog() -> None:
    german = translator("de")
    comment = german.gettext(app_info.SUMMARY)
    if comment == app_info.SUMMARY:
        pytest.skip("the German catalog does not translate the app summary yet")
    entry = _entries(DESKTOP.read_text(encoding="utf-8"))
    assert entry["Comment[de]"] == comment
    assert entry["GenericName[de]"] == german.gettext(app_info.GENERIC_NAME)
    # "Willkommensordner" is German already: the catalog keeps it, so no Name[de] is needed.
    assert german.gettext(app_info.NAME) == entry.get("Name[de]", entry["Name"])
    root = ET.fromstring(METAINFO.read_text(encoding="utf-8"))
    summaries = {s.get(XML_LANG): s.text for s in root.findall("summary")}
    assert summaries["de"] == comment
    paragraphs = {p.get(XML_LANG): p.text for p in root.find("description") or []}
    assert paragraphs["de"] == german.gettext(app_info.DESCRIPTION[-1])


def test_metainfo_describes_the_app() -> None:
    root = ET.fromstring(METAINFO.read_text(encoding="utf-8"))
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == app_info.APP_ID
    assert root.findtext("project_license") == "EUPL-1.2"
    assert root.findtext("launchable") == DESKTOP.name
    assert root.findtext("provides/binary") == "willkommensordner"
    releases = root.find("releases")
    if releases is not None:
        assert releases[0].get("version") == __version__


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstreamcli not installed")
def test_metainfo_passes_appstreamcli_validate() -> None:
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(METAINFO)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(
    shutil.which("desktop-file-validate") is None, reason="desktop-file-utils not installed"
)
def test_desktop_entry_passes_desktop_file_validate() -> None:
    result = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in result.stdout.lower()


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.parametrize("size", [16, 32, 48, 64, 128, 256])
def test_png_icons_are_rendered_at_every_size(size: int) -> None:
    png = ICONS / f"{size}x{size}" / f"{app_info.APP_ID}.png"
    assert _png_size(png) == (size, size)
    # Not blank: a transparent square would compress to almost nothing.
    assert png.stat().st_size > 300


def test_windows_icon_holds_all_sizes() -> None:
    data = (ROOT / "packaging" / "windows" / "willkommensordner.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind, count) == (0, 1, 6)
    sides = []
    for i in range(count):
        width, _h, _c, _r, _p, _bits, size, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * i : 22 + 16 * i]
        )
        assert data[offset : offset + 8] == b"\x89PNG\r\n\x1a\n"
        assert offset + size <= len(data)
        sides.append(width or 256)
    assert sides == [16, 32, 48, 64, 128, 256]


def test_svg_icon_is_well_formed() -> None:
    root = ET.parse(ICONS / f"{app_info.APP_ID}.svg").getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("viewBox") == "0 0 256 256"
