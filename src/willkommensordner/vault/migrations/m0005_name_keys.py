"""Transliteration keys of every name word, for the tolerant tier of the search."""

from willkommensordner.vault.database import Database
from willkommensordner.vault.search import SearchIndex

STATEMENTS = [
    # (key, dossier) answers "who has this key"; the second index "what keys has this dossier".
    """CREATE TABLE search_name_key (
        key TEXT NOT NULL,
        dossier INTEGER NOT NULL,
        PRIMARY KEY (key, dossier)
    ) WITHOUT ROWID""",
    "CREATE INDEX search_name_key_dossier ON search_name_key(dossier)",
    # Each key once: fuzzy scoring reads the vocabulary, not one row per dossier.
    "CREATE TABLE search_vocabulary (key TEXT PRIMARY KEY) WITHOUT ROWID",
]


def apply(db: Database) -> None:
    for statement in STATEMENTS:
        db.execute(statement)
    SearchIndex(db).rebuild()
