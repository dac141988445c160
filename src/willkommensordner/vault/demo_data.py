"""Fictional demo dossiers written into a vault, for trying the app out (CLI, GUI, screenshots)."""

from __future__ import annotations

import itertools
from datetime import date

from willkommensordner.domain.demo import generate
from willkommensordner.vault.vault import Vault

# Dossiers per transaction: big enough that commits are rare, small enough that memory stays flat.
_BATCH = 10_000
# Page cache while writing: with 100,000 dossiers the indexes outgrow the usual cache, and every
# insert would read and decrypt index pages again.
_BULK_CACHE_KIB = 262_144


def add_demo_dossiers(vault: Vault, count: int, seed: int = 1, today: date | None = None) -> int:
    """Write `count` demo dossiers; returns how many were written."""
    written = 0
    people = generate(count, seed, today)
    with vault.db.cache_of(_BULK_CACHE_KIB):
        while batch := list(itertools.islice(people, _BATCH)):
            vault.records.add_new(record for person in batch for record in person.records())
            written += len(batch)
    return written
