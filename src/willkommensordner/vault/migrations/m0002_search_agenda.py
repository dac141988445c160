"""Full-text search over all name forms, and the indexes the agenda reads."""

from willkommensordner.vault.database import Database
from willkommensordner.vault.search import SearchIndex

STATEMENTS = [
    """CREATE VIRTUAL TABLE dossier_search USING fts5(
        terms, tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3'
    )""",
    "CREATE INDEX record_due ON record(kind, due) WHERE deleted = 0",
    "CREATE INDEX dossier_status_until ON dossier(status_valid_until) WHERE deleted = 0",
    "CREATE INDEX dossier_name ON dossier(family_name, given_names)",
]


def apply(db: Database) -> None:
    for statement in STATEMENTS:
        db.execute(statement)
    SearchIndex(db).rebuild()
