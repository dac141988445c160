"""Indexes that answer every agenda section in date order without reading a row's body.

The residence-status index held the date alone: the query planner preferred the list's index
and sorted every live dossier, so the section grew with the caseload. The records' date index
lacked the document's subject, so deciding whether a paper was replaced read each row.
"""

from willkommensordner.vault.database import Database

STATEMENTS = [
    "DROP INDEX IF EXISTS dossier_status_until",
    """CREATE INDEX dossier_status_due ON dossier(status_valid_until, closed_on, id, family_name,
        given_names, native_name, legal_status) WHERE deleted = 0""",
    "DROP INDEX IF EXISTS record_due",
    "CREATE INDEX record_agenda ON record(kind, due, state, dossier_id, subject) WHERE deleted = 0",
]


def apply(db: Database) -> None:
    for statement in STATEMENTS:
        db.execute(statement)
