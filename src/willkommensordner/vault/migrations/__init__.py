"""Numbered schema migrations; PRAGMA user_version says which ones a vault has."""

from __future__ import annotations

from collections.abc import Callable

from willkommensordner.errors import Incompatible
from willkommensordner.i18n import N_
from willkommensordner.vault.database import Database
from willkommensordner.vault.migrations import (
    m0001_records,
    m0002_search_agenda,
    m0003_exchange,
    m0004_erased,
    m0005_name_keys,
    m0006_exchange_trust,
    m0007_drafts,
    m0008_agenda_scale,
    m0009_audit_chain,
    m0010_k_anonymity,
    m0011_sync,
)

Migration = Callable[[Database], None]
MIGRATIONS: list[Migration] = [
    m0001_records.apply,
    m0002_search_agenda.apply,
    m0003_exchange.apply,
    m0004_erased.apply,
    m0005_name_keys.apply,
    m0006_exchange_trust.apply,
    m0007_drafts.apply,
    m0008_agenda_scale.apply,
    m0009_audit_chain.apply,
    m0010_k_anonymity.apply,
    m0011_sync.apply,
]
LATEST = len(MIGRATIONS)


def schema_version(db: Database) -> int:
    return int(db.scalar("PRAGMA user_version"))


def check_version(db: Database) -> int:
    """Refuse a vault from a newer app before anything is written to it."""
    version = schema_version(db)
    if version > LATEST:
        raise Incompatible(
            N_("This vault was made by a newer version of the app. Please update the app.")
        )
    return version


def migrate(db: Database, target: int = LATEST) -> None:
    """Apply the missing migrations, each in its own transaction with its version number."""
    version = check_version(db)
    for number in range(version + 1, target + 1):
        with db.transaction():
            MIGRATIONS[number - 1](db)
            db.execute(f"PRAGMA user_version = {number}")
