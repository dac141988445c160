"""The audit trail: who changed which field of which record, and when."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from willkommensordner.domain.record import RecordKind
from willkommensordner.vault import audit_chain
from willkommensordner.vault.author import Author
from willkommensordner.vault.database import Database


@dataclass(frozen=True, slots=True)
class AuditEntry:
    at: datetime
    kind: RecordKind
    record_id: str | None
    action: str  # create, update, delete, merge, import
    field: str | None
    old: Any
    new: Any
    counsellor: str
    agency: str

    def as_json(self) -> dict[str, Any]:
        """The form the CLI and the subject-access export share."""
        return {
            "at": self.at.isoformat(),
            "kind": self.kind.value,
            "record_id": self.record_id,
            "action": self.action,
            "field": self.field,
            "old": self.old,
            "new": self.new,
            "counsellor": self.counsellor,
            "agency": self.agency,
        }


class AuditTrail:
    def __init__(self, db: Database) -> None:
        self._db = db

    def record_change(
        self,
        *,
        at: str,
        author: Author,
        dossier_id: str | None,
        kind: RecordKind,
        record_id: str,
        action: str,
        old: dict[str, Any] | None,
        new: dict[str, Any] | None,
    ) -> None:
        base = (at, dossier_id, kind.value, record_id, action)
        who = (author.counsellor, author.agency, author.device)
        rows: list[tuple[str | None, ...]]
        if action in ("update", "merge", "resolve") and old is not None and new is not None:
            rows = [
                (*base, field, _dump(old.get(field)), _dump(new.get(field)), *who)
                for field in sorted(set(old) | set(new))
                if old.get(field) != new.get(field)
            ]
        else:
            rows = [(*base, None, None, None, *who)]
        if not rows and action == "resolve":
            # Our version kept as it was: no field changed, but the decision belongs in the trail.
            rows = [(*base, None, None, None, *who)]
        with self._db.transaction():
            self.record_many(rows)

    def record_many(self, rows: Sequence[tuple[str | None, ...]]) -> None:
        """Rows in the table's column order (at, dossier, kind, record, action, field, old, new,
        author, agency, device), for a bulk write that has built them itself; each is linked
        into its dossier's chain. Call inside a transaction."""
        audit_chain.append(self._db, rows)

    def for_dossier(self, dossier_id: str) -> list[AuditEntry]:
        rows = self._db.query(
            "SELECT at, kind, record_id, action, field, old, new, author, agency"
            " FROM audit WHERE dossier_id = ? ORDER BY rowid",
            (dossier_id,),
        )
        return [
            AuditEntry(
                at=datetime.fromisoformat(at),
                kind=RecordKind(kind)
                if kind in RecordKind._value2member_map_
                else RecordKind.DOSSIER,
                record_id=record_id,
                action=action,
                field=field,
                old=_load(old),
                new=_load(new),
                counsellor=author,
                agency=agency,
            )
            for at, kind, record_id, action, field, old, new, author, agency in rows
        ]


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _load(text: str | None) -> Any:
    return None if text is None else json.loads(text)
