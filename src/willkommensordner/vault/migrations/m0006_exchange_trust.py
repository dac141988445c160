"""What a partner may do: whose installation a device is, who holds which dossier, which
files of which sender were imported, and what newer format versions added that we keep."""

from willkommensordner.vault.database import Database

STATEMENTS = [
    # One device per partner key: only that device's counters may rise in its files.
    """CREATE TABLE exchange_sender_device (
        device TEXT PRIMARY KEY,
        fingerprint TEXT NOT NULL UNIQUE,
        since TEXT NOT NULL
    ) WITHOUT ROWID""",
    # Partners that hold a copy of a dossier: we sent it, it came from them, or a holder told
    # us it handed the dossier on. Only holders may change a dossier here.
    """CREATE TABLE exchange_holder (
        dossier_id TEXT NOT NULL REFERENCES dossier(id) ON DELETE CASCADE,
        fingerprint TEXT NOT NULL,
        via TEXT NOT NULL,
        since TEXT NOT NULL,
        PRIMARY KEY (dossier_id, fingerprint)
    ) WITHOUT ROWID""",
    # Our own installation's counter of each record as we last sent it to a partner: what the
    # partner can have seen of our changes.
    """CREATE TABLE exchange_sent (
        fingerprint TEXT NOT NULL,
        record_id TEXT NOT NULL,
        counter INTEGER NOT NULL,
        PRIMARY KEY (fingerprint, record_id)
    ) WITHOUT ROWID""",
    # Imported files, per sender: another sender reusing a file id is another file.
    """CREATE TABLE exchange_import_by_sender (
        sender_fingerprint TEXT NOT NULL,
        file_id TEXT NOT NULL,
        manifest_sha256 TEXT,
        sequence INTEGER,
        created TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        claimed_agency TEXT,
        PRIMARY KEY (sender_fingerprint, file_id)
    ) WITHOUT ROWID""",
    """INSERT INTO exchange_import_by_sender(sender_fingerprint, file_id, created, imported_at)
        SELECT sender_fingerprint, file_id, created, imported_at FROM exchange_import""",
    "DROP TABLE exchange_import",
    "ALTER TABLE exchange_import_by_sender RENAME TO exchange_import",
    # Fields a newer minor version added to records we know, kept to be passed on.
    """CREATE TABLE exchange_extra (
        record_id TEXT PRIMARY KEY,
        dossier_id TEXT NOT NULL REFERENCES dossier(id) ON DELETE CASCADE,
        extra TEXT NOT NULL CHECK (json_valid(extra))
    )""",
    # Records of kinds a newer minor version added, kept whole to be passed on.
    """CREATE TABLE exchange_foreign (
        id TEXT PRIMARY KEY,
        dossier_id TEXT NOT NULL REFERENCES dossier(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        record TEXT NOT NULL CHECK (json_valid(record)),
        version TEXT NOT NULL,
        deleted INTEGER NOT NULL
    )""",
    "CREATE INDEX exchange_foreign_dossier ON exchange_foreign(dossier_id)",
    # The dossiers exported before holders were kept: the partners named in the export log.
    """INSERT OR IGNORE INTO exchange_holder(dossier_id, fingerprint, via, since)
        SELECT a.dossier_id, c.fingerprint, 'sent', a.at
        FROM audit a, json_each(a.new, '$.recipients') r
        JOIN exchange_contact c ON c.name = r.value COLLATE NOCASE
        JOIN dossier d ON d.id = a.dossier_id
        WHERE a.action = 'export' AND json_valid(a.new)""",
    # What was sent before this was kept: taken as our changes as they are now.
    """INSERT OR IGNORE INTO exchange_sent(fingerprint, record_id, counter)
        SELECT h.fingerprint, r.id, json_extract(r.version, '$."' || m.value || '"')
        FROM exchange_holder h JOIN record r ON r.dossier_id = h.dossier_id
        JOIN meta m ON m.key = 'device'
        WHERE json_extract(r.version, '$."' || m.value || '"') IS NOT NULL""",
    """INSERT OR IGNORE INTO exchange_sent(fingerprint, record_id, counter)
        SELECT h.fingerprint, d.id, json_extract(d.version, '$."' || m.value || '"')
        FROM exchange_holder h JOIN dossier d ON d.id = h.dossier_id
        JOIN meta m ON m.key = 'device'
        WHERE json_extract(d.version, '$."' || m.value || '"') IS NOT NULL""",
]


def apply(db: Database) -> None:
    for statement in STATEMENTS:
        db.execute(statement)
