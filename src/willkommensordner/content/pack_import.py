"""Installing or updating a content pack from a .zip a municipality sends.

The zip comes from outside, so nothing in it is trusted: every entry is checked before a
single byte is written (paths, links, sizes, count), the content is then written to a
staging folder and loaded with the same checks as a built-in pack, and only a complete,
valid, newer pack replaces the installed one. Any problem leaves the installation as it was.
"""

from __future__ import annotations

import re
import shutil
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from willkommensordner.content.library import ContentLibrary
from willkommensordner.content.model import version_key
from willkommensordner.content.pack import MANIFEST, load_pack
from willkommensordner.content.problems import PackInvalid, Problem, problem
from willkommensordner.errors import InvalidInput, NotFound
from willkommensordner.i18n import N_

MAX_ENTRIES = 2000
MAX_ENTRY_BYTES = 2 * 1024 * 1024
MAX_TOTAL_BYTES = 50 * 1024 * 1024
ALLOWED_SUFFIXES = frozenset({".json", ".md", ".txt"})
_CHUNK = 64 * 1024
_DRIVE = re.compile(r"^[A-Za-z]:")


@dataclass(frozen=True)
class ImportResult:
    pack_id: str
    version: str
    previous_version: str | None
    location: Path


def check_entries(
    archive: zipfile.ZipFile,
) -> tuple[list[tuple[zipfile.ZipInfo, str]], list[Problem]]:
    """The entries to extract (with their path inside the pack) and every problem found."""
    problems: list[Problem] = []
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        problems.append(
            problem(
                N_("the zip has {count} entries, at most {limit} are allowed"),
                count=len(infos),
                limit=MAX_ENTRIES,
            )
        )
        return [], problems
    declared_total = 0
    seen: set[str] = set()
    files: list[tuple[zipfile.ZipInfo, str]] = []
    for info in infos:
        name = info.filename
        mode = info.external_attr >> 16
        if "\\" in name:
            problems.append(problem(N_("{name}: backslashes are not allowed in paths"), name=name))
            continue
        if name.startswith("/") or _DRIVE.match(name):
            problems.append(problem(N_("{name}: absolute paths are not allowed"), name=name))
            continue
        parts = PurePosixPath(name).parts
        if ".." in parts:
            problems.append(problem(N_("{name}: paths with .. are not allowed"), name=name))
            continue
        if stat.S_ISLNK(mode):
            problems.append(problem(N_("{name}: symbolic links are not allowed"), name=name))
            continue
        # Zips written without Unix file types (Windows, Python's writestr) have no type
        # bits at all; those are plain files.
        if stat.S_IFMT(mode) not in (0, stat.S_IFREG, stat.S_IFDIR):
            problems.append(
                problem(N_("{name}: only plain files and folders are allowed"), name=name)
            )
            continue
        if info.flag_bits & 0x1:
            problems.append(problem(N_("{name}: encrypted entries are not allowed"), name=name))
            continue
        if info.is_dir():
            continue
        if name in seen:
            problems.append(problem(N_("{name}: the entry appears twice"), name=name))
            continue
        seen.add(name)
        if PurePosixPath(name).suffix.lower() not in ALLOWED_SUFFIXES:
            problems.append(
                problem(N_("{name}: only .json, .md and .txt files are allowed"), name=name)
            )
            continue
        if info.file_size > MAX_ENTRY_BYTES:
            problems.append(
                problem(
                    N_("{name}: {size} bytes, at most {limit} per file"),
                    name=name,
                    size=info.file_size,
                    limit=MAX_ENTRY_BYTES,
                )
            )
            continue
        declared_total += info.file_size
        files.append((info, name))
    if declared_total > MAX_TOTAL_BYTES:
        problems.append(
            problem(
                N_("the pack unpacks to {size} bytes, at most {limit} are allowed"),
                size=declared_total,
                limit=MAX_TOTAL_BYTES,
            )
        )
    prefix = _common_folder([name for _info, name in files])
    return [(info, name[len(prefix) :]) for info, name in files], problems


def _common_folder(names: list[str]) -> str:
    """A pack zipped together with its folder ("bund/manifest.json") is accepted as well."""
    if MANIFEST in names or not names:
        return ""
    first = names[0].split("/", 1)[0] + "/"
    if all(n.startswith(first) for n in names) and f"{first}{MANIFEST}" in names:
        return first
    return ""


def _extract(
    archive: zipfile.ZipFile, entries: list[tuple[zipfile.ZipInfo, str]], target: Path
) -> list[Problem]:
    """Write the entries below `target`, counting real bytes: zip headers can lie."""
    problems: list[Problem] = []
    total = 0
    root = target.resolve()
    for info, inner in entries:
        destination = (target / inner).resolve()
        if not destination.is_relative_to(root):
            problems.append(
                problem(N_("{name}: the path leaves the pack folder"), name=info.filename)
            )
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        written = 0
        with archive.open(info) as src, destination.open("wb") as dst:
            while chunk := src.read(_CHUNK):
                written += len(chunk)
                total += len(chunk)
                if written > MAX_ENTRY_BYTES or total > MAX_TOTAL_BYTES:
                    problems.append(
                        problem(
                            N_("{name}: unpacks to more than the size limit"), name=info.filename
                        )
                    )
                    return problems
                dst.write(chunk)
    return problems


def import_pack(zip_path: Path, library: ContentLibrary) -> ImportResult:
    """Validate and install a pack; raises PackInvalid (all problems) or InvalidInput
    (not newer than the installed version) and then leaves everything as it was."""
    zip_path = Path(zip_path)
    if not zip_path.is_file():
        raise NotFound(N_("The file {path} does not exist."), path=str(zip_path))
    try:
        archive = zipfile.ZipFile(zip_path)
    except (zipfile.BadZipFile, OSError):
        raise PackInvalid([problem(N_("the file is not a zip archive"))]) from None
    store = library.store
    with archive:
        entries, problems = check_entries(archive)
        if problems:
            raise PackInvalid(problems)
        staging = store.staging_dir()
        try:
            try:
                problems = _extract(archive, entries, staging)
            except (zipfile.BadZipFile, OSError, EOFError, ValueError):
                problems = [problem(N_("the zip archive is damaged"))]
            if problems:
                raise PackInvalid(problems)
            pack = load_pack(staging, "imported", str(zip_path))
            installed = library.manifest(pack.id)
            if (
                installed is not None
                and version_key(pack.manifest.version) <= installed.version_key
            ):
                raise InvalidInput(
                    N_(
                        "Pack {id} version {version} is not newer than the installed version "
                        "{installed}; nothing was changed."
                    ),
                    id=pack.id,
                    version=pack.manifest.version,
                    installed=installed.version,
                )
            location = store.install(staging, pack.id, pack.manifest.version)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    return ImportResult(
        pack.id, pack.manifest.version, installed.version if installed else None, location
    )


def remove_pack(pack_id: str, library: ContentLibrary) -> None:
    """Uninstall an imported pack, or put the built-in sample pack away again.

    The nationwide built-in pack stays: without it there would be no information pages.
    """
    pack = next((p for p in library.packs() if p.id == pack_id), None)
    if pack is None:
        raise NotFound(N_("There is no installed pack {id}."), id=pack_id)
    if pack.origin == "imported":
        library.store.remove(pack_id)
    elif pack.demo:
        library.store.set_demo_enabled(False)
    else:
        raise InvalidInput(
            N_("The pack {id} comes with the app and cannot be removed."), id=pack_id
        )
