"""The history as a hash chain per dossier: a link per audit row, the last link per dossier."""

from willkommensordner.vault import audit_chain
from willkommensordner.vault.database import Database


def apply(db: Database) -> None:
    db.execute("ALTER TABLE audit ADD COLUMN chain TEXT")
    db.execute(
        """CREATE TABLE audit_head (
            dossier_key TEXT PRIMARY KEY,
            chain TEXT NOT NULL,
            entries INTEGER NOT NULL
        ) WITHOUT ROWID"""
    )
    audit_chain.rebuild(db)
