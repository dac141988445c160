"""Records, attachments, audit trail and vault metadata.

Every record keeps its full content as JSON in `body`, the one source of truth; columns the
queries need are generated from it, so they cannot disagree with it.
"""

from willkommensordner.vault.database import Database

_META_COLUMNS = """
    created TEXT NOT NULL,
    modified TEXT NOT NULL,
    author TEXT NOT NULL,
    agency TEXT NOT NULL,
    device TEXT NOT NULL,
    version TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0
"""

STATEMENTS = [
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    f"""CREATE TABLE dossier (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        body TEXT NOT NULL CHECK (json_valid(body)),
        {_META_COLUMNS},
        family_name TEXT GENERATED ALWAYS AS (json_extract(body, '$.family_name')) STORED,
        given_names TEXT GENERATED ALWAYS AS (json_extract(body, '$.given_names')) STORED,
        native_name TEXT GENERATED ALWAYS AS (json_extract(body, '$.native_name')) STORED,
        birth_date TEXT GENERATED ALWAYS AS (json_extract(body, '$.birth_date')) STORED,
        legal_status TEXT GENERATED ALWAYS AS (json_extract(body, '$.legal_status')) STORED,
        status_valid_until TEXT
            GENERATED ALWAYS AS (json_extract(body, '$.status_valid_until')) STORED,
        counsellor TEXT GENERATED ALWAYS AS (json_extract(body, '$.counsellor')) STORED,
        closed_on TEXT GENERATED ALWAYS AS (json_extract(body, '$.closed_on')) STORED
    )""",
    f"""CREATE TABLE record (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        dossier_id TEXT NOT NULL REFERENCES dossier(id) ON DELETE CASCADE,
        body TEXT NOT NULL CHECK (json_valid(body)),
        {_META_COLUMNS},
        due TEXT GENERATED ALWAYS AS (
            CASE kind
                WHEN 'appointment' THEN json_extract(body, '$.start')
                WHEN 'agreed_step' THEN json_extract(body, '$.due')
                WHEN 'document' THEN json_extract(body, '$.valid_until')
            END) STORED,
        state TEXT GENERATED ALWAYS AS (json_extract(body, '$.status')) STORED,
        subject TEXT GENERATED ALWAYS AS (
            CASE kind
                WHEN 'document' THEN json_extract(body, '$.type') || '/'
                    || coalesce(json_extract(body, '$.member_id'), '')
            END) STORED
    )""",
    "CREATE INDEX record_dossier ON record(dossier_id, kind)",
    """CREATE TABLE blob (
        sha256 TEXT PRIMARY KEY,
        media_type TEXT NOT NULL,
        size INTEGER NOT NULL,
        data BLOB NOT NULL
    )""",
    """CREATE TABLE audit (
        rowid INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        dossier_id TEXT,
        kind TEXT NOT NULL,
        record_id TEXT,
        action TEXT NOT NULL,
        field TEXT,
        old TEXT,
        new TEXT,
        author TEXT NOT NULL,
        agency TEXT NOT NULL,
        device TEXT NOT NULL
    )""",
    "CREATE INDEX audit_dossier ON audit(dossier_id, rowid)",
]


def apply(db: Database) -> None:
    for statement in STATEMENTS:
        db.execute(statement)
