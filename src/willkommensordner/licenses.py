"""The licences of the bundled fonts and libraries, as shown in the About dialog.

The list lives in resources/licenses.json so that it ships with the app; licence texts are
files below resources/ or the licence files a Python distribution installs in its
*.dist-info folder (the PyInstaller spec copies that metadata into the bundle).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import metadata

from willkommensordner.paths import resource

# Files a distribution installs that carry its licence or notices.
_LICENSE_FILE = re.compile(r"(^|/)(licen[cs]e|copying|notice)[^/]*$", re.IGNORECASE)


@dataclass(frozen=True)
class Component:
    """A bundled library or font family and the licence it is used under."""

    name: str
    license: str
    url: str
    distribution: str = ""
    texts: tuple[str, ...] = ()
    files: tuple[str, ...] = ()  # font files below resources/fonts
    note: str = ""

    @property
    def version(self) -> str:
        if not self.distribution:
            return ""
        try:
            return metadata.version(self.distribution)
        except metadata.PackageNotFoundError:
            return ""

    def license_texts(self) -> list[tuple[str, str]]:
        """(file name, text) of every licence text found for this component."""
        found: list[tuple[str, str]] = []
        for name in self.texts:
            node = resource(*name.split("/"))
            if node.is_file():
                found.append((name, node.read_text(encoding="utf-8")))
        found.extend(_distribution_texts(self.distribution) if self.distribution else [])
        return found


@dataclass(frozen=True)
class Licenses:
    fonts: tuple[Component, ...]
    components: tuple[Component, ...]

    def font_for(self, filename: str) -> Component | None:
        return next((f for f in self.fonts if filename in f.files), None)


def _component(data: dict[str, object]) -> Component:
    def text(key: str) -> str:
        value = data.get(key, "")
        return value if isinstance(value, str) else ""

    def names(key: str) -> tuple[str, ...]:
        value = data.get(key, [])
        return tuple(v for v in value if isinstance(v, str)) if isinstance(value, list) else ()

    return Component(
        name=text("name"),
        license=text("license"),
        url=text("url"),
        distribution=text("distribution"),
        texts=names("texts"),
        files=names("files"),
        note=text("note"),
    )


@cache
def bundled_licenses() -> Licenses:
    data = json.loads(resource("licenses.json").read_text(encoding="utf-8"))
    return Licenses(
        fonts=tuple(_component(item) for item in data.get("fonts", [])),
        components=tuple(_component(item) for item in data.get("components", [])),
    )


def _distribution_texts(distribution: str) -> list[tuple[str, str]]:
    try:
        files = metadata.distribution(distribution).files or []
    except metadata.PackageNotFoundError:
        return []
    found: list[tuple[str, str]] = []
    for path in files:
        if not _LICENSE_FILE.search(str(path).replace("\\", "/")):
            continue
        try:
            found.append((path.name, path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError):
            continue  # listed in RECORD but not shipped in this bundle
    return found
