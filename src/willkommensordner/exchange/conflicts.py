"""Conflicts: both copies of a record changed since they last met. Ours stays live; theirs waits
here until the counsellor picks, per field, which value to keep."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from pydantic import ValidationError

from willkommensordner.domain.kinds import RECORD_TYPES
from willkommensordner.domain.record import RecordKind, field_problems
from willkommensordner.domain.revision import Order, compare, merged
from willkommensordner.errors import InvalidInput, NotFound
from willkommensordner.exchange.format import Incoming
from willkommensordner.exchange.merge import load_local
from willkommensordner.i18n import N_
from willkommensordner.vault.database import Database
from willkommensordner.vault.records import RecordStore


class Side(StrEnum):
    OURS = "ours"
    THEIRS = "theirs"


@dataclass(frozen=True, slots=True)
class Conflict:
    id: str
    kind: RecordKind
    record_id: str
    dossier_id: str
    ours: dict[str, Any]
    ours_version: dict[str, int]
    ours_deleted: bool
    theirs: dict[str, Any]
    theirs_version: dict[str, int]
    theirs_deleted: bool
    theirs_agency: str
    detected_at: datetime
    resolved: bool

    @property
    def fields(self) -> list[str]:
        """The fields whose values differ (empty when one side deleted the record)."""
        if self.ours_deleted or self.theirs_deleted:
            return []
        keys = set(self.ours) | set(self.theirs)
        return sorted(k for k in keys if self.ours.get(k) != self.theirs.get(k))


_COLUMNS = (
    "id, kind, record_id, dossier_id, ours_body, ours_version, ours_deleted, theirs_body,"
    " theirs_version, theirs_deleted, source_agency, detected_at, resolved_at"
)


def _conflict(row: tuple[Any, ...]) -> Conflict:
    (cid, kind, rid, did, ob, ov, od, tb, tv, td, agency, at, resolved) = row
    return Conflict(
        cid,
        RecordKind(kind),
        rid,
        did,
        json.loads(ob),
        json.loads(ov),
        bool(od),
        json.loads(tb),
        json.loads(tv),
        bool(td),
        agency,
        datetime.fromisoformat(at),
        resolved is not None,
    )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class ConflictStore:
    def __init__(self, db: Database, records: RecordStore) -> None:
        self._db = db
        self._records = records

    def record(self, incoming: Incoming, ours: Any, source_agency: str) -> None:
        """Keep their version beside ours; older recorded versions of theirs are superseded."""
        self.close_superseded(incoming.id, incoming.revision.version)
        self._db.execute(
            f"INSERT INTO exchange_conflict({_COLUMNS.replace(', resolved_at', '')},"
            " theirs_meta) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                str(uuid.uuid4()),
                incoming.kind.value,
                incoming.id,
                incoming.dossier_id,
                json.dumps(ours.body, ensure_ascii=False),
                json.dumps(ours.version),
                int(ours.deleted),
                json.dumps(incoming.body, ensure_ascii=False),
                json.dumps(incoming.revision.version),
                int(incoming.revision.deleted),
                source_agency,
                _now(),
                json.dumps(incoming.revision.to_json(), ensure_ascii=False),
            ),
        )

    def close_superseded(self, record_id: str, version: Mapping[str, int]) -> None:
        """Open conflicts whose version of theirs is already contained in `version`."""
        for cid, theirs in self._db.query(
            "SELECT id, theirs_version FROM exchange_conflict"
            " WHERE record_id = ? AND resolved_at IS NULL",
            (record_id,),
        ):
            if compare(json.loads(theirs), version) in (Order.BEFORE, Order.EQUAL):
                self._db.execute(
                    "UPDATE exchange_conflict SET resolved_at = ?, resolution = ? WHERE id = ?",
                    (_now(), json.dumps("superseded"), cid),
                )

    def list_conflicts(
        self, dossier_id: str | None = None, *, include_resolved: bool = False
    ) -> list[Conflict]:
        sql = f"SELECT {_COLUMNS} FROM exchange_conflict WHERE 1=1"
        params: list[Any] = []
        if dossier_id is not None:
            sql += " AND dossier_id = ?"
            params.append(dossier_id)
        if not include_resolved:
            sql += " AND resolved_at IS NULL"
        return [_conflict(r) for r in self._db.query(sql + " ORDER BY detected_at, id", params)]

    def count_open(self) -> int:
        return int(
            self._db.scalar("SELECT count(*) FROM exchange_conflict WHERE resolved_at IS NULL")
        )

    def get(self, conflict_id: str) -> Conflict:
        row = self._db.execute(
            f"SELECT {_COLUMNS} FROM exchange_conflict WHERE id = ?", (conflict_id,)
        ).fetchone()
        if row is None:
            raise NotFound(N_("There is no conflict with the id {id}."), id=conflict_id)
        return _conflict(row)

    def resolve(
        self,
        conflict_id: str,
        choice: Side | Mapping[str, Side],
        *,
        default: Side = Side.OURS,
    ) -> None:
        """Settle a conflict: one side as a whole, or per field (fields not named: `default`).

        The result is a new version that has seen both sides, so it wins over either when
        the copies meet again.
        """
        conflict = self.get(conflict_id)
        if conflict.resolved:
            raise InvalidInput(N_("This conflict has already been resolved."))
        current = load_local(self._db, [conflict.record_id]).get(conflict.record_id)
        if current is None:
            raise NotFound(N_("There is no record with the id {id}."), id=conflict.record_id)
        body: dict[str, Any] | None
        if isinstance(choice, Side):
            if choice is Side.THEIRS:
                body = None if conflict.theirs_deleted else conflict.theirs
            else:
                body = None if current.deleted else current.body
        else:
            if current.deleted or conflict.theirs_deleted:
                raise InvalidInput(N_("One side deleted this record: choose one side as a whole."))
            unknown = set(choice) - (set(current.body) | set(conflict.theirs))
            if unknown:
                raise InvalidInput(N_("Unknown field '{field}'."), field=sorted(unknown)[0])
            body = {}
            for key in sorted(set(current.body) | set(conflict.theirs)):
                take_theirs = choice.get(key, default) is Side.THEIRS
                first = conflict.theirs if take_theirs else current.body
                second = current.body if take_theirs else conflict.theirs
                body[key] = first[key] if key in first else second[key]
        if body is not None:
            body = self._validated(conflict, body)
        version = merged(current.version, conflict.theirs_version)
        with self._db.transaction():
            self._records.apply_resolution(
                conflict.kind, conflict.record_id, conflict.dossier_id, body, version
            )
            self._db.execute(
                "UPDATE exchange_conflict SET resolved_at = ?, resolution = ? WHERE id = ?",
                (
                    _now(),
                    json.dumps(choice if isinstance(choice, str) else dict(choice)),
                    conflict.id,
                ),
            )
            self.close_superseded(conflict.record_id, version)

    def _validated(self, conflict: Conflict, body: dict[str, Any]) -> dict[str, Any]:
        cls = RECORD_TYPES[conflict.kind]
        ids = {} if conflict.kind is RecordKind.DOSSIER else {"dossier_id": conflict.dossier_id}
        try:
            return cls.from_body(conflict.record_id, body, **ids).body()
        except ValidationError as exc:
            raise field_problems(exc) from None
