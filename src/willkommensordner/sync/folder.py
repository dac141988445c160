"""The shared folder's layout: `<sender>/<recipient>/<sequence>-<hash>.wkox`.

Each device writes only below its own directory, and every file once written never changes,
so a file-sync engine never has two writers for one name and makes no conflict copies. The
hash in the name is over the whole file: a file still being copied, or cut short, does not
match it and waits.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

BUNDLE = re.compile(r"^(\d{8,12})-([0-9a-f]{16})\.wkox$")
# Names of files in flight: Syncthing's, Nextcloud's, office lock files, and our own.
TEMP_PREFIX = ".syncthing.wko-"
_IN_FLIGHT = re.compile(r"^(\.syncthing\..*\.tmp|.*\.part|~\$.*|\..*)$")
_DEVICE = re.compile(r"^[0-9a-f]{24}$")


def device_name(fingerprint: str) -> str:
    """A fingerprint as a directory name: its hex digits, lower case."""
    return fingerprint.replace(" ", "").lower()


def fingerprint_of(name: str) -> str | None:
    if not _DEVICE.match(name):
        return None
    return " ".join(name[i : i + 4].upper() for i in range(0, 24, 4))


@dataclass(frozen=True, slots=True)
class BundleFile:
    path: Path
    sequence: int
    digest: str  # the first 16 hex digits of the file's SHA-256, as named

    def complete(self) -> bool:
        """Whether the file is all there: its content matches the hash in its name."""
        try:
            return file_digest(self.path) == self.digest
        except OSError:
            return False


def file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for piece in iter(lambda: f.read(1 << 20), b""):
            h.update(piece)
    return h.hexdigest()[:16]


def in_flight(name: str) -> bool:
    return bool(_IN_FLIGHT.match(name))


def bundles(directory: Path) -> tuple[list[BundleFile], int]:
    """The bundles in one sender's directory for one recipient, and how many files are in
    flight (temporary or partial names); anything else there is not ours and left alone."""
    found: list[BundleFile] = []
    flying = 0
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return [], 0
    for entry in entries:
        match = BUNDLE.match(entry.name)
        if match and entry.is_file(follow_symlinks=False):
            found.append(BundleFile(Path(entry.path), int(match[1]), match[2]))
        elif in_flight(entry.name):
            flying += 1
    found.sort(key=lambda b: (b.sequence, b.digest))
    return found, flying


def senders(root: Path) -> Iterator[tuple[str, Path]]:
    """(fingerprint, directory) of every device that wrote into the folder."""
    try:
        entries = list(os.scandir(root))
    except OSError:
        return
    for entry in entries:
        fingerprint = fingerprint_of(entry.name)
        if fingerprint is not None and entry.is_dir(follow_symlinks=False):
            yield fingerprint, Path(entry.path)


def temp_path(directory: Path) -> Path:
    """A name file-sync engines skip while we write (Syncthing's own temporary pattern)."""
    return directory / f"{TEMP_PREFIX}{secrets.token_hex(6)}.tmp"


def publish(temp: Path, sequence: int) -> Path:
    """Give a finished file its final name in one step, after it is on disk."""
    with temp.open("rb") as f:
        os.fsync(f.fileno())
    final = temp.parent / f"{sequence:08d}-{file_digest(temp)}.wkox"
    temp.replace(final)
    _sync_directory(temp.parent)
    return final


def _sync_directory(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_own_temp_files(directory: Path) -> None:
    """Left over from a write that was cut off: only our own prefix, only our directory."""
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith(TEMP_PREFIX):  # with the encryptor's own ".part" too
            Path(entry.path).unlink(missing_ok=True)
