"""Which dossiers were deleted for good, without keeping whose they were.

After a real deletion the vault keeps one marker per dossier: a hash of its random id, not the
id. The deletion-queue audit row says only that *a* dossier was deleted; the markers let an
import recognise a partner's copy of that dossier (its records carry the id) and leave it out,
so the retention rules are not undone by the next hand-over, while the vault itself no longer
lists the ids of the people it forgot.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from willkommensordner.vault.database import Database

_BATCH = 500
_PREFIX = b"willkommensordner erased dossier\x00"


def erasure_marker(dossier_id: str) -> str:
    return hashlib.sha256(_PREFIX + dossier_id.encode("ascii")).hexdigest()


def mark_erased(db: Database, dossier_id: str) -> None:
    """Called inside the deleting transaction, so the marker and the deletion land together."""
    db.execute(
        "INSERT OR IGNORE INTO erased_dossier(marker) VALUES (?)", (erasure_marker(dossier_id),)
    )


def erased_among(db: Database, dossier_ids: Iterable[str]) -> set[str]:
    by_marker = {erasure_marker(i): i for i in set(dossier_ids)}
    markers = list(by_marker)
    found: set[str] = set()
    for start in range(0, len(markers), _BATCH):
        batch = markers[start : start + _BATCH]
        rows = db.query(
            f"SELECT marker FROM erased_dossier WHERE marker IN ({','.join('?' * len(batch))})",
            batch,
        )
        found.update(by_marker[r[0]] for r in rows)
    return found
