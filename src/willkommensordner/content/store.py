"""Where imported packs and local translations live in the data directory.

    <data_dir>/packs/<id>.current             names the folder of the installed version
    <data_dir>/packs/<id>@<version>-<token>/  one installed version of a pack
    <data_dir>/packs/.staging-<token>/        a pack being written (never read)
    <data_dir>/translations/<pack>/<topic>/<lang>.md   translations imported from PO files
    <data_dir>/demo-content.enabled          the user chose demo data: show the sample packs

Switching versions means replacing the small `.current` pointer with `os.replace`, which is
atomic: a crash leaves either the old or the new version installed, never a half-written one.
Content packs are public information, not personal data, so nothing here is encrypted.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import tempfile
from pathlib import Path

from willkommensordner.portable import app_dirs

_POINTER = re.compile(r"^([a-z0-9][a-z0-9-]{0,63})\.current$")


def default_data_dir() -> Path:
    return app_dirs().content_dir


class PackStore:
    def __init__(self, data_dir: Path) -> None:
        self.root = Path(data_dir)
        self.packs_dir = self.root / "packs"
        self.translations_dir = self.root / "translations"

    def installed(self) -> dict[str, Path]:
        """Pack id → folder of its installed version."""
        found: dict[str, Path] = {}
        if not self.packs_dir.is_dir():
            return found
        for pointer in sorted(self.packs_dir.iterdir()):
            match = _POINTER.match(pointer.name)
            if not match:
                continue
            target = pointer.read_text(encoding="utf-8").strip()
            folder = self.packs_dir / target
            if "/" not in target and "\\" not in target and folder.is_dir():
                found[match.group(1)] = folder
        return found

    @property
    def _demo_marker(self) -> Path:
        return self.root / "demo-content.enabled"

    def demo_enabled(self) -> bool:
        """Whether the built-in sample packs are in use (only after the user chose demo data)."""
        return self._demo_marker.is_file()

    def set_demo_enabled(self, enabled: bool) -> None:
        if enabled:
            self.root.mkdir(parents=True, exist_ok=True)
            self._demo_marker.write_text("demo data chosen by the user\n", encoding="utf-8")
        else:
            self._demo_marker.unlink(missing_ok=True)

    def remove(self, pack_id: str) -> bool:
        """Uninstall an imported pack and its local translations; False if it was not there."""
        folder = self.installed().get(pack_id)
        if folder is None:
            return False
        # The pointer first: a crash after it leaves only a folder that `clean` removes.
        (self.packs_dir / f"{pack_id}.current").unlink()
        shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(self.translations_dir / pack_id, ignore_errors=True)
        self.clean()
        return True

    def staging_dir(self) -> Path:
        self.packs_dir.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=".staging-", dir=self.packs_dir))

    def install(self, staged: Path, pack_id: str, version: str) -> Path:
        """Make a completely written staging folder the installed version of `pack_id`."""
        final = self.packs_dir / f"{pack_id}@{version}-{secrets.token_hex(4)}"
        staged.rename(final)
        previous = self.installed().get(pack_id)
        pointer = self.packs_dir / f"{pack_id}.current"
        tmp_pointer = self.packs_dir / f".{pack_id}.current.{secrets.token_hex(4)}"
        tmp_pointer.write_text(final.name + "\n", encoding="utf-8")
        _fsync(tmp_pointer)
        tmp_pointer.replace(pointer)
        if previous is not None and previous != final:
            shutil.rmtree(previous, ignore_errors=True)
        self.clean()
        return final

    def clean(self) -> None:
        """Remove staging leftovers and versions no pointer names (after a crash)."""
        if not self.packs_dir.is_dir():
            return
        live = {p.name for p in self.installed().values()}
        for entry in self.packs_dir.iterdir():
            if entry.is_dir() and entry.name not in live:
                shutil.rmtree(entry, ignore_errors=True)
            elif entry.name.startswith(".") and entry.name.endswith(tuple("0123456789abcdef")):
                entry.unlink(missing_ok=True)

    def overlay_path(self, pack_id: str, topic_id: str, lang: str) -> Path:
        return self.translations_dir / pack_id / topic_id / f"{lang}.md"

    def overlays(self) -> list[tuple[str, str, str, Path]]:
        """(pack id, topic id, language, file) of every locally imported translation."""
        found: list[tuple[str, str, str, Path]] = []
        if not self.translations_dir.is_dir():
            return found
        for pack_dir in sorted(self.translations_dir.iterdir()):
            for topic_dir in sorted(p for p in pack_dir.iterdir() if p.is_dir()):
                for page in sorted(topic_dir.glob("*.md")):
                    found.append((pack_dir.name, topic_dir.name, page.stem, page))
        return found

    def write_overlay(self, pack_id: str, topic_id: str, lang: str, text: str) -> Path:
        path = self.overlay_path(pack_id, topic_id, lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
        tmp.write_text(text, encoding="utf-8")
        _fsync(tmp)
        tmp.replace(path)
        return path


def _fsync(path: Path) -> None:
    with path.open("rb") as fh:
        os.fsync(fh.fileno())
