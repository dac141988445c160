"""Generate the Linux .desktop file and AppStream metainfo from the app's own catalogs.

    .venv/bin/python packaging/desktop_entries.py          # (re)write packaging/linux/*
    .venv/bin/python packaging/desktop_entries.py --check  # exit 1 if the files are stale

Name, comment, keywords and description are the msgids of willkommensordner.app_info,
translated with the compiled catalogs in resources/locale, so the start menu says what the
app says. A language appears only for the strings its catalog really translates.
"""

from __future__ import annotations

import argparse
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from willkommensordner import app_info  # noqa: E402
from willkommensordner.i18n import Translator, translator  # noqa: E402
from willkommensordner.paths import resource  # noqa: E402

LINUX = ROOT / "packaging" / "linux"
DESKTOP_FILE = LINUX / f"{app_info.APP_ID}.desktop"
METAINFO_FILE = LINUX / f"{app_info.APP_ID}.metainfo.xml"
CHANGELOG = ROOT / "CHANGELOG.md"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def languages() -> list[str]:
    """Every UI language with a compiled catalog, English (the msgid language) excluded."""
    folder = resource("locale")
    if not folder.is_dir():
        return []
    found = [
        entry.name
        for entry in folder.iterdir()
        if entry.is_dir() and (entry / "LC_MESSAGES" / "willkommensordner.mo").is_file()
    ]
    return sorted(code for code in found if code != "en")


def translated(tr: Translator, msgid: str) -> str | None:
    text = tr.gettext(msgid)
    return text if text != msgid else None


def _desktop_value(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")


def _keywords(words: list[str]) -> str:
    return "".join(_desktop_value(w).replace(";", "\\;") + ";" for w in words)


def desktop_entry() -> str:
    """The freedesktop.org desktop entry (spec 1.4, which desktop-file-validate 0.26 knows)."""
    lines = ["[Desktop Entry]", "Type=Application", "Version=1.4"]
    fields = (
        ("Name", app_info.NAME),
        ("GenericName", app_info.GENERIC_NAME),
        ("Comment", app_info.SUMMARY),
    )
    for key, msgid in fields:
        lines.append(f"{key}={_desktop_value(msgid)}")
        for lang in languages():
            text = translated(translator(lang), msgid)
            if text:
                lines.append(f"{key}[{lang}]={_desktop_value(text)}")
    lines.append(f"Keywords={_keywords(list(app_info.KEYWORDS))}")
    for lang in languages():
        tr = translator(lang)
        words = [translated(tr, w) for w in app_info.KEYWORDS]
        if all(words):
            lines.append(f"Keywords[{lang}]={_keywords([w for w in words if w])}")
    lines += [
        f"Exec={app_info.EXECUTABLE}",
        f"TryExec={app_info.EXECUTABLE}",
        f"Icon={app_info.APP_ID}",
        "Terminal=false",
        "Categories=Office;",
        "StartupNotify=true",
        f"StartupWMClass={app_info.APP_ID}",
    ]
    return "\n".join(lines) + "\n"


def release_date(version: str) -> str | None:
    """The date of `## [version] - YYYY-MM-DD` in CHANGELOG.md, if that release is out."""
    pattern = re.compile(rf"^## \[{re.escape(version)}\] - (\d{{4}}-\d{{2}}-\d{{2}})", re.M)
    match = pattern.search(CHANGELOG.read_text(encoding="utf-8")) if CHANGELOG.exists() else None
    return match.group(1) if match else None


def _localized(parent: ET.Element, tag: str, msgid: str) -> None:
    ET.SubElement(parent, tag).text = msgid
    for lang in languages():
        text = translated(translator(lang), msgid)
        if text:
            ET.SubElement(parent, tag, {XML_LANG: lang}).text = text


def metainfo() -> str:
    """The AppStream component (software centres, `appstreamcli validate`)."""
    component = ET.Element("component", {"type": "desktop-application"})
    ET.SubElement(component, "id").text = app_info.APP_ID
    ET.SubElement(component, "metadata_license").text = "CC0-1.0"
    ET.SubElement(component, "project_license").text = app_info.PROJECT_LICENSE
    _localized(component, "name", app_info.NAME)
    _localized(component, "summary", app_info.SUMMARY)
    developer = ET.SubElement(component, "developer", {"id": "de.willkommensordner"})
    ET.SubElement(developer, "name").text = app_info.DEVELOPER
    description = ET.SubElement(component, "description")
    for paragraph in app_info.DESCRIPTION:
        _localized(description, "p", paragraph)
    ET.SubElement(
        component, "launchable", {"type": "desktop-id"}
    ).text = f"{app_info.APP_ID}.desktop"
    ET.SubElement(ET.SubElement(component, "provides"), "binary").text = app_info.EXECUTABLE
    ET.SubElement(ET.SubElement(component, "categories"), "category").text = "Office"
    keywords = ET.SubElement(component, "keywords")
    for word in app_info.KEYWORDS:
        _localized(keywords, "keyword", word)
    ET.SubElement(component, "content_rating", {"type": "oars-1.1"})
    date = release_date(app_info.VERSION)
    if date:
        releases = ET.SubElement(component, "releases")
        ET.SubElement(releases, "release", {"version": app_info.VERSION, "date": date})
    ET.indent(component, space="  ")
    body = ET.tostring(component, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def outputs() -> dict[Path, str]:
    return {DESKTOP_FILE: desktop_entry(), METAINFO_FILE: metainfo()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="packaging/desktop_entries.py")
    parser.add_argument("--check", action="store_true", help="fail if a file is out of date")
    args = parser.parse_args(argv)
    stale = []
    for path, text in outputs().items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        if args.check:
            stale.append(path)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    for path in stale:
        print(f"out of date: {path.relative_to(ROOT)} (run packaging/desktop_entries.py)")
    return 1 if stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
