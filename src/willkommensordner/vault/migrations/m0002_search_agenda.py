"""Full-text search over all name forms, and the indexes the agenda reads."""

from willkommensordner.vault.database import Database

STATEMENTS = [
    """CREATE VIRTUAL TABLE dossier_search USING fts5(
        terms, tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3'
    )""",
    # Covering indexes: the agenda counts thousands of rows without reading one of them.
    "CREATE INDEX record_due ON record(kind, due, state, dossier_id) WHERE deleted = 0",
    "CREATE INDEX record_subject ON record(dossier_id, kind, subject, due) WHERE deleted = 0",
    "CREATE INDEX dossier_live ON dossier(id) WHERE deleted = 0 AND closed_on IS NULL",
    "CREATE INDEX dossier_status_until ON dossier(status_valid_until) WHERE deleted = 0",
    # The list reads only this index, not the records' bodies.
    """CREATE INDEX dossier_list ON dossier(deleted, id, family_name, given_names, native_name,
        birth_date, legal_status, counsellor, closed_on)""",
]


def apply(db: Database) -> None:
    # The index is filled by the last migration that changes what it holds (m0005).
    for statement in STATEMENTS:
        db.execute(statement)
