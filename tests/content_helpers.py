"""Shared helpers for the content tests: real pack folders and zips in tmp_path."""

from __future__ import annotations

import json
import shutil
import stat
import zipfile
from pathlib import Path

BUILTIN = Path(__file__).resolve().parents[1] / "resources" / "content"


def copy_builtin(target: Path) -> Path:
    """A writable copy of the built-in packs, to change source pages in tests."""
    shutil.copytree(BUILTIN, target)
    return target


def small_pack(root: Path, version: str = "2.0.0", pack_id: str = "musterdorf") -> Path:
    """A minimal valid municipal pack with one topic page and one contact point."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "manifest.json").write_text(
        json.dumps(
            {
                "format": 1,
                "id": pack_id,
                "title": "Musterdorf",
                "municipality": "Musterdorf",
                "version": version,
                "stand": "2026-11-01",
                "source_language": "de",
                "languages": ["de", "en"],
            }
        ),
        encoding="utf-8",
    )
    (root / "topics.json").write_text(json.dumps([{"id": "dorfleben", "order": 5}]))
    (root / "contacts.json").write_text(
        json.dumps(
            [
                {
                    "id": f"{pack_id}-rathaus",
                    "name": "Rathaus Musterdorf",
                    "kind": "rathaus",
                    "address": {
                        "street": "Dorfstraße 1",
                        "postcode": "12345",
                        "city": "Musterdorf",
                    },
                    "phone": "0123 456789-0",
                    "topics": ["ankommen", "dorfleben"],
                    "target_groups": ["all"],
                    "languages": ["de"],
                }
            ]
        ),
        encoding="utf-8",
    )
    page_dir = root / "pages" / "dorfleben"
    page_dir.mkdir(parents=True, exist_ok=True)
    (page_dir / "de.md").write_text(
        "---\ntitle: Leben im Dorf\nstatus: source\nsource: Gemeinde Musterdorf\n---\n\n"
        f"Willkommen in Musterdorf, Version {version}.\n\n"
        "- Rathaus: [0123 456789-0](tel:01234567890)\n",
        encoding="utf-8",
    )
    return root


def zip_folder(folder: Path, target: Path) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zf.write(path, path.relative_to(folder).as_posix())
    return target


def add_entry(zip_path: Path, name: str, data: bytes, mode: int | None = None) -> None:
    info = zipfile.ZipInfo(name)
    if mode is not None:
        info.external_attr = mode << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(zip_path, "a") as zf:
        zf.writestr(info, data)


SYMLINK_MODE = stat.S_IFLNK | 0o777


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below `folder` with its content, to prove nothing changed."""
    if not folder.exists():
        return {}
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
