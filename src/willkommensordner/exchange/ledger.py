"""Which files of which sender were imported: a repeated or older file changes nothing.

Files are told apart by sender and file id (another sender may pick the same id); a sender
numbers its files with a rising sequence in the signed manifest, so an old file sent again,
by anyone, is recognised even under a new name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from willkommensordner.errors import InvalidInput
from willkommensordner.exchange.format import Manifest
from willkommensordner.i18n import N_
from willkommensordner.vault.database import Database

REUSED_ID = N_(
    "This file reuses the id of another file from the same sender. Nothing was imported."
)


class Stale(StrEnum):
    REPEATED = "repeated"  # this very file was imported before
    OLDER = "older"  # the sender made it before a file imported here already


@dataclass(frozen=True, slots=True)
class Earlier:
    stale: Stale
    at: str  # when the file (or the newer one) was imported


class ImportLedger:
    def __init__(self, db: Database) -> None:
        self._db = db

    def earlier(self, manifest: Manifest, manifest_sha256: str) -> Earlier | None:
        fingerprint = manifest.sender.fingerprint
        row = self._db.execute(
            "SELECT manifest_sha256, imported_at FROM exchange_import"
            " WHERE sender_fingerprint = ? AND file_id = ?",
            (fingerprint, manifest.file_id),
        ).fetchone()
        if row is not None:
            if row[0] is not None and row[0] != manifest_sha256:
                raise InvalidInput(REUSED_ID)
            return Earlier(Stale.REPEATED, row[1])
        newest = self._db.execute(
            "SELECT sequence, imported_at FROM exchange_import WHERE sender_fingerprint = ?"
            " AND sequence IS NOT NULL ORDER BY sequence DESC LIMIT 1",
            (fingerprint,),
        ).fetchone()
        # A sender that numbers its files does not send unnumbered ones any more.
        if newest is not None and (manifest.sequence is None or manifest.sequence <= newest[0]):
            return Earlier(Stale.OLDER, newest[1])
        return None

    def record(self, manifest: Manifest, manifest_sha256: str) -> None:
        self._db.execute(
            "INSERT INTO exchange_import(sender_fingerprint, file_id, manifest_sha256, sequence,"
            " created, imported_at, claimed_agency) VALUES (?,?,?,?,?,?,?)",
            (
                manifest.sender.fingerprint,
                manifest.file_id,
                manifest_sha256,
                manifest.sequence,
                manifest.created,
                datetime.now(UTC).isoformat(timespec="seconds"),
                manifest.sender_agency,
            ),
        )


def next_sequence(db: Database) -> int:
    """The number of the next file this installation makes: rising, and never below the
    clock in milliseconds, so a vault restored from a backup does not reuse numbers."""
    last = int(db.scalar("SELECT value FROM meta WHERE key = 'exchange_sequence'") or 0)
    number = max(last + 1, int(datetime.now(UTC).timestamp() * 1000))
    with db.transaction():
        db.execute(
            "INSERT OR REPLACE INTO meta(key, value) VALUES ('exchange_sequence', ?)",
            (str(number),),
        )
    return number
