"""Indexes that answer every agenda section in date order without reading a row's body.

The residence-status index held the date alone: the query planner preferred the list's index
and sorted every live dossier, so the section grew with the caseload. The records' date index
lacked the document's subject, so deciding whether a paper was replaced read each row.

`dossier_order` holds each live dossier's place in the list (folded names, as Python sorts
them), so a page of the list is an index range instead of sorting the whole caseload; the
search index keeps it in step (see `SearchIndex`). A page reads its dossiers and their badges
from covering indexes, so it does not depend on where in the file the dossiers lie.
"""

from willkommensordner.vault.database import Database
from willkommensordner.vault.search import SearchIndex

STATEMENTS = [
    "DROP INDEX IF EXISTS dossier_status_until",
    """CREATE INDEX dossier_status_due ON dossier(status_valid_until, closed_on, id, family_name,
        given_names, native_name, legal_status) WHERE deleted = 0""",
    "DROP INDEX IF EXISTS record_due",
    "CREATE INDEX record_agenda ON record(kind, due, state, dossier_id, subject) WHERE deleted = 0",
    """CREATE TABLE dossier_order (
        dossier INTEGER PRIMARY KEY,
        id TEXT NOT NULL,
        family_key TEXT NOT NULL,
        given_key TEXT NOT NULL
    )""",
    "CREATE INDEX dossier_order_key ON dossier_order(family_key, given_key, dossier, id)",
    # A page of the list reads its rows and its badges from these alone, not from the rows.
    "DROP INDEX IF EXISTS dossier_list",
    """CREATE INDEX dossier_list ON dossier(deleted, id, family_name, given_names, native_name,
        birth_date, legal_status, counsellor, closed_on, status_valid_until)""",
    "CREATE INDEX record_badges ON record(dossier_id, kind, due, state) WHERE deleted = 0",
]


def apply(db: Database) -> None:
    for statement in STATEMENTS:
        db.execute(statement)
    SearchIndex(db).fill_order()
