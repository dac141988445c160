"""Unsaved edits of open forms, kept inside the encrypted vault over a lock or a crash."""

from willkommensordner.vault.database import Database


def apply(db: Database) -> None:
    db.execute(
        """CREATE TABLE draft (
            key TEXT PRIMARY KEY,
            dossier_id TEXT,
            title TEXT NOT NULL,
            body TEXT NOT NULL,
            saved_at TEXT NOT NULL
        )"""
    )
