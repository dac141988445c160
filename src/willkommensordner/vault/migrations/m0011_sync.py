"""Sync through a shared folder: team members, which dossiers changed, bundles sent and received.

Changes are numbered by a local counter, not by the clock, so devices whose clocks disagree
still send everything that changed. One row per record keeps the table as small as the
caseload.
"""

from willkommensordner.vault.database import Database


def apply(db: Database) -> None:
    db.execute("CREATE TABLE sync_team (fingerprint TEXT PRIMARY KEY) WITHOUT ROWID")
    # Partner agencies that take part in sync (others get files by hand only).
    db.execute("CREATE TABLE sync_partner (fingerprint TEXT PRIMARY KEY) WITHOUT ROWID")
    db.execute(
        "CREATE TABLE sync_removed (fingerprint TEXT PRIMARY KEY, name TEXT NOT NULL,"
        " removed_at TEXT NOT NULL) WITHOUT ROWID"
    )
    db.execute(
        "CREATE TABLE sync_change (record_id TEXT PRIMARY KEY, dossier_id TEXT NOT NULL,"
        " seq INTEGER NOT NULL)"
    )
    db.execute("CREATE INDEX sync_change_seq ON sync_change(seq)")
    for table, column in (("dossier", "id"), ("record", "dossier_id")):
        for event in ("INSERT", "UPDATE"):
            db.execute(
                f"CREATE TRIGGER sync_{table}_{event.lower()} AFTER {event} ON {table}"
                " BEGIN INSERT OR REPLACE INTO sync_change(record_id, dossier_id, seq) VALUES"
                f" (NEW.id, NEW.{column}, (SELECT coalesce(max(seq), 0) + 1 FROM sync_change));"
                " END"
            )
    # A dossier erased for good leaves no id behind here either.
    db.execute(
        "CREATE TRIGGER sync_dossier_delete AFTER DELETE ON dossier"
        " BEGIN DELETE FROM sync_change WHERE dossier_id = OLD.id; END"
    )
    db.execute(
        "CREATE TRIGGER sync_record_delete AFTER DELETE ON record"
        " BEGIN DELETE FROM sync_change WHERE record_id = OLD.id; END"
    )
    # Per recipient: the last bundle written, up to which change, and one being written.
    db.execute(
        "CREATE TABLE sync_sent (recipient TEXT PRIMARY KEY, seq INTEGER NOT NULL,"
        " watermark INTEGER NOT NULL, file TEXT, at TEXT, pending_seq INTEGER,"
        " pending_watermark INTEGER) WITHOUT ROWID"
    )
    # Per sender: the last bundle applied; written in the bundle's own transaction.
    db.execute(
        "CREATE TABLE sync_received (sender TEXT PRIMARY KEY, seq INTEGER NOT NULL,"
        " file TEXT NOT NULL, at TEXT NOT NULL, created TEXT) WITHOUT ROWID"
    )
    # Files not applied, with the reason: unknown or unverified senders, damaged files.
    db.execute(
        "CREATE TABLE sync_held (file TEXT PRIMARY KEY, sender TEXT NOT NULL,"
        " reason TEXT NOT NULL, at TEXT NOT NULL) WITHOUT ROWID"
    )
