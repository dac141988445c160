"""Scans kept inside the encrypted database, deduplicated by the SHA-256 of their content.

Inside SQLCipher they are encrypted and authenticated page by page and written in the same
transaction as the document that refers to them, so a crash never leaves half a scan.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from willkommensordner.domain.document import AttachmentRef
from willkommensordner.errors import InvalidInput, NotFound
from willkommensordner.i18n import N_
from willkommensordner.vault.database import Database

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
MEDIA_TYPES = ("application/pdf", "image/jpeg", "image/png", "image/tiff", "image/heic")
_HEIC_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}


def sniff(head: bytes) -> str | None:
    """The media type from the first bytes; the file name's extension is not trusted."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "image/tiff"
    if head[4:8] == b"ftyp" and head[8:12] in _HEIC_BRANDS:
        return "image/heic"
    return None


class AttachmentStore:
    def __init__(self, db: Database, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self._db = db
        self.max_bytes = max_bytes

    def _check_size(self, size: int) -> None:
        if size > self.max_bytes:
            raise InvalidInput(
                N_("The file is too large ({size} MB). Files up to {limit} MB can be attached."),
                size=round(size / 1_048_576, 1),
                limit=self.max_bytes // 1_048_576,
            )
        if size == 0:
            raise InvalidInput(N_("The file is empty."))

    def add_file(self, path: Path) -> AttachmentRef:
        try:
            size = path.stat().st_size
        except OSError:
            raise NotFound(N_("The file could not be read.")) from None
        self._check_size(size)
        try:
            data = path.read_bytes()
        except OSError:
            raise NotFound(N_("The file could not be read.")) from None
        return self.add_bytes(data, path.name)

    def add_bytes(self, data: bytes, filename: str = "") -> AttachmentRef:
        self._check_size(len(data))
        media_type = sniff(data[:16])
        if media_type is None:
            raise InvalidInput(
                N_("Only PDF, JPEG, PNG, TIFF and HEIC files can be attached; this file is none.")
            )
        digest = hashlib.sha256(data).hexdigest()
        with self._db.transaction():
            self._db.execute(
                "INSERT OR IGNORE INTO blob(sha256, media_type, size, data) VALUES (?,?,?,?)",
                (digest, media_type, len(data), data),
            )
        return AttachmentRef(
            sha256=digest, filename=filename, media_type=media_type, size=len(data)
        )

    def read(self, sha256: str) -> bytes:
        row = self._db.execute("SELECT data FROM blob WHERE sha256 = ?", (sha256,)).fetchone()
        if row is None:
            raise NotFound(N_("The attached file is missing from the vault."))
        data = bytes(row[0])
        if hashlib.sha256(data).hexdigest() != sha256:
            raise NotFound(N_("The attached file is missing from the vault."))
        return data

    def exists(self, sha256: str) -> bool:
        return self._db.scalar("SELECT 1 FROM blob WHERE sha256 = ?", (sha256,)) is not None

    def purge_unreferenced(self) -> int:
        """Delete blobs no live or tombstoned record points at any more."""
        with self._db.transaction():
            cursor = self._db.execute(
                "DELETE FROM blob WHERE sha256 NOT IN ("
                " SELECT json_extract(a.value, '$.sha256') FROM record r,"
                "  json_each(r.body, '$.attachments') a WHERE r.kind = 'document'"
                " UNION SELECT json_extract(r.body, '$.form.sha256') FROM record r"
                "  WHERE r.kind = 'consent' AND json_extract(r.body, '$.form') IS NOT NULL)"
            )
            return int(cursor.rowcount)
