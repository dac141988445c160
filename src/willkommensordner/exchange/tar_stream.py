"""A plain ustar archive written and read as a stream, so no plaintext ever lands on disk.

Writing yields the archive in pieces (the age encryptor pulls them); reading is pushed the
decrypted bytes piece by piece and checks every header against an allow-list and the size
limits before any data of that entry is accepted.
"""

from __future__ import annotations

import re
import tarfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Protocol

from willkommensordner.errors import InvalidInput
from willkommensordner.i18n import N_

BLOCK = 512
RECORD = 20 * BLOCK
_NAME = re.compile(r"^(manifest\.json|manifest\.sig|records\.json|attachments/[0-9a-f]{64})$")
DAMAGED = N_("The file is damaged or incomplete.")


def entry_header(name: str, size: int, mtime: int) -> bytes:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = mtime
    info.mode = 0o600
    info.type = tarfile.REGTYPE
    return info.tobuf(format=tarfile.USTAR_FORMAT, encoding="ascii", errors="strict")


def padding(size: int) -> bytes:
    return b"\0" * (-size % BLOCK)


def end_of_archive(written: int) -> bytes:
    """Two zero blocks, then zeros up to a full record as tar tools expect."""
    total = written + 2 * BLOCK
    return b"\0" * (2 * BLOCK + (-total % RECORD))


class ChunkReader:
    """A readable file over an iterator of byte chunks (what `pyrage.encrypt_io` pulls from).

    An exception raised by the iterator is kept, because pyrage reports it only as text.
    """

    def __init__(self, chunks: Iterator[bytes | memoryview]) -> None:
        self._chunks = chunks
        self._buffer = memoryview(b"")
        self.error: BaseException | None = None

    def readable(self) -> bool:
        return True

    def _fill(self) -> bool:
        while not self._buffer:
            try:
                self._buffer = memoryview(next(self._chunks))
            except StopIteration:
                return False
            except BaseException as exc:
                self.error = exc
                raise
        return True

    def read(self, size: int = -1) -> bytes:
        """Up to `size` bytes (one chunk when `size` is negative); b"" at the end.

        pyrage asks for 8 KiB at a time: one slice and one copy each, nothing more, or the
        Python overhead costs more than the encryption.
        """
        if not self._fill():
            return b""
        if size is None or size < 0:
            size = len(self._buffer)
        out = bytes(self._buffer[:size])
        self._buffer = self._buffer[size:]
        return out

    def readinto(self, target: bytearray | memoryview) -> int:
        if not self._fill():
            return 0
        n = min(len(target), len(self._buffer))
        target[:n] = self._buffer[:n]
        self._buffer = self._buffer[n:]
        return n


@dataclass(frozen=True, slots=True)
class Limits:
    """What an import accepts; above, the file is refused before its data is read."""

    max_entries: int = 200_000
    max_metadata_bytes: int = 4 * 1024 * 1024  # manifest.json and manifest.sig
    max_records_bytes: int = 128 * 1024 * 1024
    max_attachment_bytes: int = 64 * 1024 * 1024
    max_total_bytes: int = 16 * 1024 * 1024 * 1024


class EntrySink(Protocol):
    def write(self, data: bytes) -> None: ...

    def close(self) -> None: ...


Opener = Callable[[str, int], EntrySink]


class TarPushReader:
    """Parses a ustar stream pushed in by `write`; `finish` checks that it ended properly."""

    def __init__(self, opener: Opener, limits: Limits) -> None:
        self._open = opener
        self._limits = limits
        self._pending = bytearray()
        self._sink: EntrySink | None = None
        self._remaining = 0  # data bytes of the current entry still to come
        self._skip = 0  # padding bytes after it
        self._names: set[str] = set()
        self._total = 0
        self._zero_blocks = 0
        self.ended = False

    def writable(self) -> bool:
        return True

    def write(self, data: bytes | bytearray | memoryview) -> int:
        view = memoryview(data)
        size = len(view)
        while view:
            if self._remaining:
                n = min(self._remaining, len(view))
                assert self._sink is not None
                self._sink.write(bytes(view[:n]))
                self._remaining -= n
                view = view[n:]
                if not self._remaining:
                    self._sink.close()
                    self._sink = None
                continue
            if self._skip:
                n = min(self._skip, len(view))
                if any(view[:n]):
                    raise InvalidInput(DAMAGED)
                self._skip -= n
                view = view[n:]
                continue
            need = BLOCK - len(self._pending)
            self._pending += view[:need]
            view = view[need:]
            if len(self._pending) == BLOCK:
                block = bytes(self._pending)
                self._pending.clear()
                self._header(block)
        return size

    def _header(self, block: bytes) -> None:
        if self.ended or not any(block):
            if any(block):
                raise InvalidInput(N_("The file has data after its end."))
            self._zero_blocks += 1
            self.ended = self._zero_blocks >= 2
            return
        if self._zero_blocks:
            raise InvalidInput(DAMAGED)
        try:
            info = tarfile.TarInfo.frombuf(block, "utf-8", "strict")
        except (tarfile.HeaderError, UnicodeDecodeError, ValueError):
            raise InvalidInput(DAMAGED) from None
        name = info.name
        if info.type not in (tarfile.REGTYPE, tarfile.AREGTYPE):
            raise InvalidInput(N_("The file contains links or other special entries."))
        if name.startswith("/") or ".." in name.split("/") or "\\" in name:
            raise InvalidInput(N_("The file contains a path that leaves its folder."))
        if not _NAME.match(name):
            raise InvalidInput(N_("The file contains an unexpected entry."))
        if name in self._names:
            raise InvalidInput(N_("The file contains an entry twice."))
        self._names.add(name)
        if len(self._names) > self._limits.max_entries:
            raise InvalidInput(N_("The file contains too many entries."))
        limit = (
            self._limits.max_attachment_bytes
            if name.startswith("attachments/")
            else self._limits.max_records_bytes
            if name == "records.json"
            else self._limits.max_metadata_bytes
        )
        self._total += info.size
        if info.size > limit or self._total > self._limits.max_total_bytes:
            raise InvalidInput(N_("The file is larger than this app accepts."))
        self._sink = self._open(name, info.size)
        self._remaining = info.size
        self._skip = -info.size % BLOCK
        if not self._remaining:
            self._sink.close()
            self._sink = None

    def finish(self) -> None:
        if not self.ended or self._remaining or self._skip or self._pending:
            raise InvalidInput(DAMAGED)
