"""What k-anonymity left of an anonymised dossier's quasi-identifiers beyond its own fields
(a birth band, a region of nationality), as labels."""

from willkommensordner.vault.database import Database


def apply(db: Database) -> None:
    db.execute(
        """CREATE TABLE generalised (
            dossier_id TEXT NOT NULL,
            attribute TEXT NOT NULL,
            label TEXT NOT NULL,
            PRIMARY KEY (dossier_id, attribute)
        ) WITHOUT ROWID"""
    )
