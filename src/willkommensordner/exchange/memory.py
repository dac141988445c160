"""Keeping bulk transfers within their memory budget.

Scans stream through SQLite's page cache once; a 64 MiB cache full of them helps nobody, so
exports and imports run with a small cache and give the large one back afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from willkommensordner.vault.database import CACHE_KIB, Database

TRANSFER_CACHE_KIB = 8192


@contextmanager
def small_page_cache(db: Database) -> Iterator[None]:
    db.execute(f"PRAGMA cache_size = -{TRANSFER_CACHE_KIB}")
    try:
        yield
    finally:
        db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
