"""Problems of the disk rather than of the data: full, read-only, failing, a folder that is gone.

Every place that writes a file or the database turns these into messages a counsellor can act
on ("free some space", "copy the folder to a writable place") instead of a traceback.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from willkommensordner.errors import NotFound, StorageProblem, UserError
from willkommensordner.i18n import N_

DISK_FULL = N_(
    "The disk is full: {path} could not be written. Free some space and try again;"
    " nothing was changed."
)
READ_ONLY = N_(
    "{path} is on a read-only medium (or in a folder you may not write to) and cannot be changed."
)
DISK_FAILED = N_("The disk failed while reading or writing {path}. Check the drive or medium.")
NO_FOLDER = N_("The folder {folder} does not exist.")
# Below this much free space a failing write is taken for a full disk (SQLite reports a full
# disk while it grows its shared-memory file as an I/O error).
_NEARLY_FULL = 1024 * 1024


def problem_for(exc: OSError, path: Path) -> UserError | None:
    """The message for an operating-system error while writing `path`; None if not the disk's."""
    code = exc.errno
    if code in (errno.ENOSPC, errno.EDQUOT) or (code == errno.EIO and nearly_full(path)):
        return StorageProblem(DISK_FULL, path=str(path))
    if code in (errno.EROFS, errno.EACCES, errno.EPERM):
        return StorageProblem(READ_ONLY, path=str(path))
    if code == errno.ENOENT and not path.parent.is_dir():
        return NotFound(NO_FOLDER, folder=str(path.parent))
    if code == errno.EIO:
        return StorageProblem(DISK_FAILED, path=str(path))
    return None


@contextmanager
def writing(path: Path) -> Iterator[None]:
    """Turn disk errors while writing `path` into their messages."""
    try:
        yield
    except OSError as exc:
        found = problem_for(exc, path)
        if found is None:
            raise
        raise found from None


def nearly_full(path: Path) -> bool:
    folder = path if path.is_dir() else path.parent
    if os.name != "posix":
        return False
    try:
        stats = os.statvfs(folder)
    except OSError:
        return False
    return stats.f_bavail * stats.f_frsize < _NEARLY_FULL


def is_read_only(path: Path) -> bool:
    """The file, or the folder that must hold its journal, cannot be written."""
    folder = path.parent
    if os.name == "posix":
        try:
            if os.statvfs(folder).f_flag & os.ST_RDONLY:
                return True
        except OSError:
            return False
    return not (os.access(path, os.W_OK) and os.access(folder, os.W_OK))


def open_private(path: Path) -> BinaryIO:
    """A new file only its owner may read (0600), whatever the umask; replaces a leftover."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o600)
    if os.name == "posix":
        try:
            os.fchmod(fd, 0o600)  # an existing file keeps its mode otherwise
        except BaseException:
            os.close(fd)
            raise
    return os.fdopen(fd, "wb")


def write_private(path: Path, data: bytes) -> None:
    """A whole file written 0600 (personal data the user asked to save)."""
    with open_private(path) as fh:
        fh.write(data)


def require_folder(path: Path) -> None:
    """Refuse to write into a folder that does not exist (a typo, an unplugged stick)."""
    if not path.parent.is_dir():
        raise NotFound(NO_FOLDER, folder=str(path.parent))
