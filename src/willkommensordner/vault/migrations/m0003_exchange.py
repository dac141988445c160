"""Exchange between agencies: the own agency keys, partner contacts, imported files, conflicts.

The secret keys live here, inside the encrypted vault, never in a file of their own.
"""

from willkommensordner.vault.database import Database

STATEMENTS = [
    """CREATE TABLE exchange_identity (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        age_secret TEXT NOT NULL,
        signing_secret TEXT NOT NULL,
        created TEXT NOT NULL
    )""",
    """CREATE TABLE exchange_contact (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        age_recipient TEXT NOT NULL,
        signing_key TEXT NOT NULL UNIQUE,
        fingerprint TEXT NOT NULL,
        verified INTEGER NOT NULL DEFAULT 0,
        added TEXT NOT NULL
    )""",
    """CREATE TABLE exchange_import (
        file_id TEXT PRIMARY KEY,
        sender_fingerprint TEXT NOT NULL,
        created TEXT NOT NULL,
        imported_at TEXT NOT NULL
    )""",
    """CREATE TABLE exchange_conflict (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        record_id TEXT NOT NULL,
        dossier_id TEXT NOT NULL,
        ours_body TEXT NOT NULL,
        ours_version TEXT NOT NULL,
        ours_deleted INTEGER NOT NULL,
        theirs_body TEXT NOT NULL,
        theirs_version TEXT NOT NULL,
        theirs_deleted INTEGER NOT NULL,
        theirs_meta TEXT NOT NULL,
        source_agency TEXT NOT NULL,
        detected_at TEXT NOT NULL,
        resolved_at TEXT,
        resolution TEXT
    )""",
    "CREATE INDEX exchange_conflict_open ON exchange_conflict(record_id) WHERE resolved_at IS NULL",
]


def apply(db: Database) -> None:
    for statement in STATEMENTS:
        db.execute(statement)
