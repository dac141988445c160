"""Encrypting and decrypting export files with age, as the standard `age` tool reads them.

Recipient mode streams both ways. pyrage's passphrase mode works only on bytes in memory
(about three times the file size, plus scrypt's own memory), so passphrase files are limited
to PASSPHRASE_LIMIT and are refused above it with a message that names the alternative.
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn, Protocol

import pyrage

from willkommensordner import storage
from willkommensordner.errors import InvalidInput, LockedError, NotFound
from willkommensordner.exchange.tar_stream import DAMAGED, ChunkReader
from willkommensordner.i18n import N_

PASSPHRASE_LIMIT = 64 * 1024 * 1024
MAX_SCRYPT_LOG_N = 22
_MAGIC = b"age-encryption.org/v1\n"
_NOT_EXPORT = N_("This is not an export file of Willkommensordner digital.")
PIECE = 1024 * 1024


class Writer(Protocol):
    def write(self, data: bytes) -> int: ...


class _Guard:
    """Keeps the sink's own error: pyrage may report an exception of the writer as its own."""

    def __init__(self, sink: Writer) -> None:
        self._sink = sink
        self.error: BaseException | None = None

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:
        if self.error is not None:
            raise self.error  # pyrage may retry a failed write; the first error stands
        try:
            return self._sink.write(data)
        except BaseException as exc:
            self.error = exc
            raise


def _atomic_target(out: Path) -> Path:
    return out.with_name(out.name + ".part")


def encrypt_to_recipients(
    chunks: Iterator[bytes | memoryview], out: Path, recipients: list[str]
) -> None:
    """Stream the archive through age into `out`; a failure leaves no file behind."""
    keys = [pyrage.x25519.Recipient.from_str(r) for r in recipients]
    reader = ChunkReader(chunks)
    storage.require_folder(out)
    part = _atomic_target(out)
    try:
        with storage.writing(out), storage.open_private(part) as fh:
            guard = _Guard(fh)
            try:
                pyrage.encrypt_io(reader, guard, keys)
            except pyrage.EncryptError:
                if reader.error is not None:
                    raise reader.error from None
                if guard.error is not None:
                    raise guard.error from None
                raise
            fh.flush()
            os.fsync(fh.fileno())
        part.replace(out)
    finally:
        with contextlib.suppress(FileNotFoundError):
            part.unlink()


def encrypt_with_passphrase(
    chunks: Iterator[bytes | memoryview], out: Path, passphrase: str
) -> None:
    buffer = bytearray()
    for chunk in chunks:
        buffer += chunk
        if len(buffer) > PASSPHRASE_LIMIT:
            raise InvalidInput(
                N_(
                    "This export is too large for a passphrase (more than {limit} MB). Send it"
                    " to the partner's key instead, or leave out the scans."
                ),
                limit=PASSPHRASE_LIMIT // 1_048_576,
            )
    if len(passphrase) < 8:
        raise InvalidInput(N_("The passphrase for the file must have at least 8 characters."))
    storage.require_folder(out)
    data = pyrage.passphrase.encrypt(bytes(buffer), passphrase)
    buffer.clear()
    part = _atomic_target(out)
    try:
        with storage.writing(out), storage.open_private(part) as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        part.replace(out)
    finally:
        with contextlib.suppress(FileNotFoundError):
            part.unlink()


def _header(path: Path) -> bytes:
    try:
        with path.open("rb") as fh:
            return fh.read(4096)
    except OSError:
        raise NotFound(N_("The file could not be read.")) from None


def uses_passphrase(path: Path) -> bool:
    head = _header(path)
    if not head.startswith(_MAGIC):
        raise InvalidInput(_NOT_EXPORT)
    first_stanza = head[len(_MAGIC) :].split(b"\n", 1)[0]
    return first_stanza.startswith(b"-> scrypt ")


def _check_scrypt_cost(head: bytes) -> None:
    """A file may ask for any scrypt cost; refuse ones that would take minutes or gigabytes."""
    stanza = head[len(_MAGIC) :].split(b"\n", 1)[0].split(b" ")
    try:
        log_n = int(stanza[3])
    except (IndexError, ValueError):
        raise InvalidInput(DAMAGED) from None
    if log_n > MAX_SCRYPT_LOG_N:
        raise InvalidInput(N_("The file asks for an unreasonably expensive passphrase check."))


def decrypt_with_identity(path: Path, identity: pyrage.x25519.Identity, sink: Writer) -> None:
    """Push the plaintext into `sink` piece by piece; errors of the sink pass through."""
    if uses_passphrase(path):
        raise LockedError(
            N_("This file is protected by a passphrase. Give it with --passphrase-file.")
        )
    guard = _Guard(sink)
    try:
        with path.open("rb") as fh:
            pyrage.decrypt_io(fh, guard, [identity])
    except BaseException as exc:
        if guard.error is not None:
            raise guard.error from None
        _decrypt_failed(exc)


def _decrypt_failed(exc: BaseException) -> NoReturn:
    if isinstance(exc, pyrage.DecryptError) and "no matching keys" in str(exc).lower():
        raise LockedError(N_("This file was not encrypted for this installation's key.")) from None
    if isinstance(exc, (pyrage.DecryptError, OSError, ValueError, RuntimeError)):
        raise InvalidInput(DAMAGED) from None
    raise exc


def decrypt_with_passphrase(path: Path, passphrase: str, sink: Writer) -> None:
    head = _header(path)
    if not uses_passphrase(path):
        raise LockedError(N_("This file is encrypted to an agency key, not to a passphrase."))
    _check_scrypt_cost(head)
    size = path.stat().st_size
    if size > PASSPHRASE_LIMIT + PASSPHRASE_LIMIT // 16 + 65536:
        raise InvalidInput(N_("The file is larger than this app accepts."))
    ciphertext = path.read_bytes()
    try:
        plain = pyrage.passphrase.decrypt(ciphertext, passphrase)
    except pyrage.DecryptError as exc:
        text = str(exc).lower()
        if "decryption failed" in text or "no matching keys" in text:
            raise LockedError(N_("The passphrase for this file is not correct.")) from None
        raise InvalidInput(DAMAGED) from None
    except (OSError, ValueError, RuntimeError):
        raise InvalidInput(DAMAGED) from None
    del ciphertext
    view = memoryview(plain)
    for start in range(0, len(view), PIECE):
        sink.write(bytes(view[start : start + PIECE]))


def read_all(path: Path, identity: pyrage.x25519.Identity) -> bytes:
    """The whole plaintext (tests and small files only)."""
    out = io.BytesIO()
    decrypt_with_identity(path, identity, out)
    return out.getvalue()
