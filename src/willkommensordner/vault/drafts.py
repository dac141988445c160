"""Unsaved edits of the forms and dialogs that were open, kept in the vault, never in a file.

When the app locks itself after a pause, or crashes, whatever the counsellor had typed but
not saved would be gone. The GUI therefore writes the state of every form with unsaved
changes here: on locking, and every few seconds while a form is dirty. The vault is the one
place that is encrypted at rest (SQLCipher encrypts its WAL as well), so a draft is exactly
as safe as a saved record. The next unlock gives the drafts back and the GUI restores or
drops them; a clean close leaves the table empty.

A draft's `state` is what the form itself collected (field name to value, JSON); only the
form that wrote it knows how to put it back.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from willkommensordner.vault.database import Database


@dataclass(frozen=True)
class Draft:
    """`key` names the form (e.g. "person:<dossier id>"); `title` is what the user is told."""

    key: str
    title: str
    state: dict[str, Any]
    dossier_id: str | None = None
    saved_at: datetime | None = None


class DraftStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    def replace(self, drafts: Iterable[Draft]) -> None:
        """Make the stored drafts exactly these, in one transaction (none: the table empties)."""
        now = datetime.now(UTC).isoformat()
        rows = [
            (
                d.key,
                d.dossier_id,
                d.title,
                json.dumps(d.state, ensure_ascii=False, sort_keys=True),
                now,
            )
            for d in drafts
        ]
        with self._db.transaction():
            self._db.execute("DELETE FROM draft")
            if rows:
                self._db.executemany(
                    "INSERT OR REPLACE INTO draft(key, dossier_id, title, body, saved_at)"
                    " VALUES (?, ?, ?, ?, ?)",
                    rows,
                )

    def all(self) -> list[Draft]:
        found = []
        for key, dossier_id, title, body, saved_at in self._db.query(
            "SELECT key, dossier_id, title, body, saved_at FROM draft ORDER BY key"
        ):
            try:
                state = json.loads(body)
            except ValueError:
                continue  # a draft we cannot read is no unsaved work we can give back
            if isinstance(state, dict):
                found.append(Draft(key, title, state, dossier_id, datetime.fromisoformat(saved_at)))
        return found

    def clear(self) -> None:
        self.replace(())

    def discard_dossier(self, dossier_id: str) -> None:
        """Drop the drafts of a dossier (it is being deleted for good)."""
        self._db.execute("DELETE FROM draft WHERE dossier_id = ?", (dossier_id,))
