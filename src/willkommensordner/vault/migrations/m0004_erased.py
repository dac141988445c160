"""Dossiers deleted for good, remembered as markers so a partner's file cannot bring them back."""

from willkommensordner.vault.database import Database


def apply(db: Database) -> None:
    db.execute("CREATE TABLE erased_dossier (marker TEXT PRIMARY KEY) WITHOUT ROWID")
