"""Saving and reading records: every write bumps the record's version vector, writes the
audit trail and keeps the search index in step, inside one transaction."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

from willkommensordner.domain.agreed_step import AgreedStep
from willkommensordner.domain.appointment import Appointment
from willkommensordner.domain.consent import Consent
from willkommensordner.domain.document import Document
from willkommensordner.domain.dossier import Dossier
from willkommensordner.domain.household import HouseholdMember
from willkommensordner.domain.kinds import RECORD_TYPES
from willkommensordner.domain.note import Note
from willkommensordner.domain.record import STORED, DossierPart, Record, RecordKind
from willkommensordner.domain.revision import bump
from willkommensordner.errors import NotFound
from willkommensordner.i18n import N_
from willkommensordner.vault.audit import AuditTrail
from willkommensordner.vault.author import Author
from willkommensordner.vault.database import Database
from willkommensordner.vault.events import Change, ChangeEvents
from willkommensordner.vault.search import SearchIndex

R = TypeVar("R", bound=Record)
_INDEXED_KINDS = {RecordKind.DOSSIER, RecordKind.HOUSEHOLD_MEMBER, RecordKind.DOCUMENT}
_ORDER = {
    RecordKind.APPOINTMENT: "json_extract(body, '$.start')",
    RecordKind.AGREED_STEP: "coalesce(json_extract(body, '$.due'), '9999'), rowid",
    RecordKind.DOCUMENT: "json_extract(body, '$.type'), rowid",
    RecordKind.NOTE: "json_extract(body, '$.written_at') DESC",
}


@dataclass(frozen=True, slots=True)
class Revision:
    """What the store keeps about a record beside its content."""

    created: datetime
    modified: datetime
    counsellor: str
    agency: str
    device: str
    version: dict[str, int]
    deleted: bool


@dataclass(frozen=True, slots=True)
class RemoteWrite:
    """A partner's revision of a record, written as it is (see `RecordStore.apply_remote`)."""

    kind: RecordKind
    record_id: str
    dossier_id: str
    body: dict[str, Any]
    created: str
    modified: str
    author: Author
    version: dict[str, int]
    deleted: bool


@dataclass
class DossierBundle:
    """A dossier with everything that belongs to it, as `show` and the printouts need it."""

    dossier: Dossier
    household: list[HouseholdMember] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    appointments: list[Appointment] = field(default_factory=list)
    steps: list[AgreedStep] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    consents: list[Consent] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        def dump(items: list[Any]) -> list[dict[str, Any]]:
            return [i.model_dump(mode="json") for i in items]

        return {
            **self.dossier.model_dump(mode="json"),
            "target_group": self.dossier.target_group.value,
            "household": dump(self.household),
            "documents": dump(self.documents),
            "appointments": dump(self.appointments),
            "steps": dump(self.steps),
            "notes": dump(self.notes),
            "consents": dump(self.consents),
        }


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _table(kind: RecordKind) -> str:
    return "dossier" if kind is RecordKind.DOSSIER else "record"


class RecordStore:
    def __init__(self, db: Database, author: Author, events: ChangeEvents) -> None:
        self._db = db
        self.author = author
        self._events = events
        self._audit = AuditTrail(db)
        self._search = SearchIndex(db)

    # --- writing ---------------------------------------------------------------------------

    def save(self, record: R) -> R:
        """Insert or update; an unchanged record is not written and keeps its version."""
        kind = record.KIND
        dossier_id = record.id if kind is RecordKind.DOSSIER else _dossier_id(record)
        body = record.body()
        with self._db.transaction():
            if kind is not RecordKind.DOSSIER:
                self._require_live_dossier(dossier_id)
            row = self._db.execute(
                f"SELECT body, version, deleted FROM {_table(kind)} WHERE id = ?", (record.id,)
            ).fetchone()
            now = _now()
            if row is None:
                self._insert(kind, record.id, dossier_id, body, now)
                self._audit.record_change(
                    at=now,
                    author=self.author,
                    dossier_id=dossier_id,
                    kind=kind,
                    record_id=record.id,
                    action="create",
                    old=None,
                    new=body,
                )
            else:
                old_body, old_version, deleted = json.loads(row[0]), json.loads(row[1]), row[2]
                if deleted:
                    raise NotFound(N_("This record was deleted."))
                if old_body == body:
                    return record
                self._db.execute(
                    f"UPDATE {_table(kind)} SET body = ?, modified = ?, author = ?, agency = ?,"
                    " device = ?, version = ? WHERE id = ?",
                    (
                        json.dumps(body, ensure_ascii=False),
                        *self._stamp(now, old_version),
                        record.id,
                    ),
                )
                self._audit.record_change(
                    at=now,
                    author=self.author,
                    dossier_id=dossier_id,
                    kind=kind,
                    record_id=record.id,
                    action="update",
                    old=old_body,
                    new=body,
                )
            self._touched(dossier_id, kind)
        return record

    def _insert(
        self, kind: RecordKind, record_id: str, dossier_id: str, body: dict[str, Any], now: str
    ) -> None:
        version = json.dumps({self.author.device: 1})
        meta = (now, now, self.author.counsellor, self.author.agency, self.author.device, version)
        body_text = json.dumps(body, ensure_ascii=False)
        if kind is RecordKind.DOSSIER:
            self._db.execute(
                "INSERT INTO dossier(id, body, created, modified, author, agency, device, version)"
                " VALUES (?,?,?,?,?,?,?,?)",
                (record_id, body_text, *meta),
            )
        else:
            self._db.execute(
                "INSERT INTO record(id, kind, dossier_id, body, created, modified, author,"
                " agency, device, version) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (record_id, kind.value, dossier_id, body_text, *meta),
            )

    def add_new(self, records: Iterable[Record]) -> int:
        """Insert records that are all new, dossiers before their parts, in one transaction:
        one statement per table and one bulk index update instead of a round per record (demo
        caseloads of 100,000 dossiers). Returns how many records were written."""
        now = _now()
        version = json.dumps({self.author.device: 1})
        author = self.author
        meta = (now, now, author.counsellor, author.agency, author.device, version)
        who = (author.counsellor, author.agency, author.device)
        dossiers: list[tuple[str, ...]] = []
        parts: list[tuple[str, ...]] = []
        audit: list[tuple[str | None, ...]] = []
        kinds: dict[str, set[RecordKind]] = {}
        for record in records:
            kind = record.KIND
            dossier_id = record.id if kind is RecordKind.DOSSIER else _dossier_id(record)
            body_text = json.dumps(record.body(), ensure_ascii=False)
            if kind is RecordKind.DOSSIER:
                dossiers.append((record.id, body_text, *meta))
            else:
                parts.append((record.id, kind.value, dossier_id, body_text, *meta))
            audit.append((now, dossier_id, kind.value, record.id, "create", None, None, None, *who))
            kinds.setdefault(dossier_id, set()).add(kind)
        with self._db.transaction():
            self._db.executemany(
                "INSERT INTO dossier(id, body, created, modified, author, agency, device, version)"
                " VALUES (?,?,?,?,?,?,?,?)",
                dossiers,
            )
            # A part of a dossier that is neither new here nor live is refused, as `save` does.
            for dossier_id in kinds.keys() - {d[0] for d in dossiers}:
                self._require_live_dossier(dossier_id)
            self._db.executemany(
                "INSERT INTO record(id, kind, dossier_id, body, created, modified, author,"
                " agency, device, version) VALUES (?,?,?,?,?,?,?,?,?,?)",
                parts,
            )
            self._audit.record_many(audit)
            self._search.index_new([d[0] for d in dossiers])
            for dossier_id in kinds.keys() - {d[0] for d in dossiers}:
                if kinds[dossier_id] & _INDEXED_KINDS:
                    self._search.reindex(dossier_id)
            self._db.after_commit(lambda: self._announce(kinds))
        return len(audit)

    def delete(self, kind: RecordKind, record_id: str) -> None:
        """Leave a tombstone, so the deletion travels to other copies of the dossier."""
        table = _table(kind)
        with self._db.transaction():
            row = self._db.execute(
                f"SELECT version, deleted, {'id' if table == 'dossier' else 'dossier_id'}"
                f" FROM {table} WHERE id = ?",
                (record_id,),
            ).fetchone()
            if row is None or row[1]:
                raise NotFound(N_("There is no such record."))
            dossier_id = row[2]
            ids = [(kind, record_id, json.loads(row[0]))]
            if kind is RecordKind.DOSSIER:
                ids += [
                    (RecordKind(k), i, json.loads(v))
                    for k, i, v in self._db.query(
                        "SELECT kind, id, version FROM record WHERE dossier_id = ? AND deleted = 0",
                        (record_id,),
                    )
                ]
            now = _now()
            for part_kind, part_id, version in ids:
                self._db.execute(
                    f"UPDATE {_table(part_kind)} SET deleted = 1, modified = ?, author = ?,"
                    " agency = ?, device = ?, version = ? WHERE id = ?",
                    (*self._stamp(now, version), part_id),
                )
                self._audit.record_change(
                    at=now,
                    author=self.author,
                    dossier_id=dossier_id,
                    kind=part_kind,
                    record_id=part_id,
                    action="delete",
                    old=None,
                    new=None,
                )
            self._touched(dossier_id, kind)

    def undelete(self, record_id: str) -> tuple[RecordKind, str]:
        """Bring a deleted record back with the content it had (a deletion keeps it): a new
        version made here, so it wins over the deletion when the copies meet again."""
        with self._db.transaction():
            row = self._db.execute(
                "SELECT 'dossier', id, body, version, deleted FROM dossier WHERE id = ?"
                " UNION ALL SELECT kind, dossier_id, body, version, deleted FROM record"
                " WHERE id = ?",
                (record_id, record_id),
            ).fetchone()
            if row is None or not row[4]:
                raise NotFound(N_("There is no deleted record with the id {id}."), id=record_id)
            kind, dossier_id = RecordKind(row[0]), row[1]
            if kind is not RecordKind.DOSSIER:
                self._require_live_dossier(dossier_id)
            now = _now()
            self._db.execute(
                f"UPDATE {_table(kind)} SET deleted = 0, modified = ?, author = ?, agency = ?,"
                " device = ?, version = ? WHERE id = ?",
                (*self._stamp(now, json.loads(row[3])), record_id),
            )
            self._audit.record_change(
                at=now,
                author=self.author,
                dossier_id=dossier_id,
                kind=kind,
                record_id=record_id,
                action="undelete",
                old=None,
                new=json.loads(row[2]),
            )
            self._touched(dossier_id, kind)
        return kind, dossier_id

    def _stamp(self, now: str, version: Mapping[str, int]) -> tuple[str, str, str, str, str]:
        """modified, author, agency, device and bumped version of a write made here."""
        author = self.author
        bumped = json.dumps(bump(version, author.device))
        return now, author.counsellor, author.agency, author.device, bumped

    def _require_live_dossier(self, dossier_id: str) -> None:
        deleted = self._db.scalar("SELECT deleted FROM dossier WHERE id = ?", (dossier_id,))
        if deleted is None or deleted:
            raise NotFound(N_("There is no dossier with the id {id}."), id=dossier_id)

    def _touched(self, dossier_id: str, kind: RecordKind) -> None:
        pending: dict[str, set[RecordKind]] | None = self._db.tx_state.get("changes")
        if pending is None:
            pending = self._db.tx_state["changes"] = {}
            self._db.before_commit(lambda: self._reindex(pending))
            self._db.after_commit(lambda: self._announce(pending))
        pending.setdefault(dossier_id, set()).add(kind)

    def _reindex(self, pending: dict[str, set[RecordKind]]) -> None:
        # Once per dossier at the end, not after every household member or document.
        for dossier_id, kinds in pending.items():
            if kinds & _INDEXED_KINDS:
                self._search.reindex(dossier_id)

    def _announce(self, pending: dict[str, set[RecordKind]]) -> None:
        kinds = frozenset(k for ks in pending.values() for k in ks)
        self._events.emit(Change(frozenset(pending), kinds))

    # --- merging copies from other agencies (exchange) ----------------------------------------
    # These write a record exactly as another installation left it: its content, its version
    # vector and its author, without bumping. Only the exchange module calls them, after it has
    # compared version vectors; they never decide who wins.

    def apply_remote(self, writes: Iterable[RemoteWrite]) -> None:
        """Insert or overwrite with partners' revisions, all in one transaction.

        A tombstone keeps our old content (as a local deletion does); the audit trail shows
        the change as made by the partner's counsellor and agency.
        """
        with self._db.transaction():
            at = _now()
            for write in writes:
                self._apply_remote_one(write, at)

    def _apply_remote_one(self, w: RemoteWrite, at: str) -> None:
        table = _table(w.kind)
        row = self._db.execute(
            f"SELECT body, deleted FROM {table} WHERE id = ?", (w.record_id,)
        ).fetchone()
        meta = (
            w.modified,
            w.author.counsellor,
            w.author.agency,
            w.author.device,
            json.dumps(w.version),
        )
        old: dict[str, Any] | None = None
        if row is None:
            text = json.dumps(w.body, ensure_ascii=False)
            if w.kind is RecordKind.DOSSIER:
                self._db.execute(
                    "INSERT INTO dossier(id, body, created, modified, author, agency, device,"
                    " version, deleted) VALUES (?,?,?,?,?,?,?,?,?)",
                    (w.record_id, text, w.created, *meta, int(w.deleted)),
                )
            else:
                self._db.execute(
                    "INSERT INTO record(id, kind, dossier_id, body, created, modified, author,"
                    " agency, device, version, deleted) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        w.record_id,
                        w.kind.value,
                        w.dossier_id,
                        text,
                        w.created,
                        *meta,
                        int(w.deleted),
                    ),
                )
        else:
            new_text = row[0] if w.deleted else json.dumps(w.body, ensure_ascii=False)
            self._db.execute(
                f"UPDATE {table} SET body = ?, modified = ?, author = ?, agency = ?,"
                " device = ?, version = ?, deleted = ? WHERE id = ?",
                (new_text, *meta, int(w.deleted), w.record_id),
            )
            old = None if row[1] else json.loads(row[0])
        self._audit.record_change(
            at=at,
            author=w.author,
            dossier_id=w.dossier_id,
            kind=w.kind,
            record_id=w.record_id,
            action="delete" if w.deleted else "merge",
            old=old,
            new=None if w.deleted else w.body,
        )
        self._touched(w.dossier_id, w.kind)

    def apply_resolution(
        self,
        kind: RecordKind,
        record_id: str,
        dossier_id: str,
        body: dict[str, Any] | None,
        version: dict[str, int],
    ) -> None:
        """Write the counsellor's choice after a conflict; `body=None` keeps it deleted."""
        table = _table(kind)
        with self._db.transaction():
            row = self._db.execute(
                f"SELECT body, deleted FROM {table} WHERE id = ?", (record_id,)
            ).fetchone()
            if row is None:
                raise NotFound(N_("There is no record with the id {id}."), id=record_id)
            old = None if row[1] else json.loads(row[0])
            now = _now()
            text = row[0] if body is None else json.dumps(body, ensure_ascii=False)
            self._db.execute(
                f"UPDATE {table} SET body = ?, modified = ?, author = ?, agency = ?, device = ?,"
                " version = ?, deleted = ? WHERE id = ?",
                (text, *self._stamp(now, version), int(body is None), record_id),
            )
            self._audit.record_change(
                at=now,
                author=self.author,
                dossier_id=dossier_id,
                kind=kind,
                record_id=record_id,
                action="resolve",
                old=old,
                new=body,
            )
            self._touched(dossier_id, kind)

    # --- reading ---------------------------------------------------------------------------

    def get(self, cls: type[R], record_id: str) -> R:
        kind = cls.KIND
        if kind is RecordKind.DOSSIER:
            row = self._db.execute(
                "SELECT body FROM dossier WHERE id = ? AND deleted = 0", (record_id,)
            ).fetchone()
            ids: dict[str, str] = {}
        else:
            row = self._db.execute(
                "SELECT body, dossier_id FROM record WHERE id = ? AND kind = ? AND deleted = 0",
                (record_id, kind.value),
            ).fetchone()
            ids = {"dossier_id": row[1]} if row else {}
        if row is None:
            raise NotFound(N_("There is no record with the id {id}."), id=record_id)
        return cls.model_validate({**json.loads(row[0]), "id": record_id, **ids}, context=STORED)

    def dossier(self, dossier_id: str) -> Dossier:
        try:
            return self.get(Dossier, dossier_id)
        except NotFound:
            raise NotFound(N_("There is no dossier with the id {id}."), id=dossier_id) from None

    def parts(self, dossier_id: str, cls: type[R]) -> list[R]:
        kind = cls.KIND
        order = _ORDER.get(kind, "rowid")
        rows = self._db.query(
            f"SELECT id, body FROM record WHERE dossier_id = ? AND kind = ? AND deleted = 0"
            f" ORDER BY {order}",
            (dossier_id, kind.value),
        )
        return [
            cls.model_validate(
                {**json.loads(body), "id": rid, "dossier_id": dossier_id}, context=STORED
            )
            for rid, body in rows
        ]

    def bundle(self, dossier_id: str) -> DossierBundle:
        return DossierBundle(
            dossier=self.dossier(dossier_id),
            household=self.parts(dossier_id, HouseholdMember),
            documents=self.parts(dossier_id, Document),
            appointments=self.parts(dossier_id, Appointment),
            steps=self.parts(dossier_id, AgreedStep),
            notes=self.parts(dossier_id, Note),
            consents=self.parts(dossier_id, Consent),
        )

    def revision(self, kind: RecordKind, record_id: str) -> Revision:
        row = self._db.execute(
            f"SELECT created, modified, author, agency, device, version, deleted"
            f" FROM {_table(kind)} WHERE id = ?",
            (record_id,),
        ).fetchone()
        if row is None:
            raise NotFound(N_("There is no record with the id {id}."), id=record_id)
        created, modified, author, agency, device, version, deleted = row
        return Revision(
            datetime.fromisoformat(created),
            datetime.fromisoformat(modified),
            author,
            agency,
            device,
            json.loads(version),
            bool(deleted),
        )

    def has_dossiers(self) -> bool:
        """Whether there is any dossier at all (a fresh vault shows how to begin)."""
        return self._db.scalar("SELECT 1 FROM dossier WHERE deleted = 0 LIMIT 1") is not None

    def dossier_ids(self, *, include_closed: bool = True) -> list[str]:
        sql = "SELECT id FROM dossier WHERE deleted = 0"
        if not include_closed:
            sql += " AND closed_on IS NULL"
        return [r[0] for r in self._db.query(sql + " ORDER BY family_name, given_names")]

    def record_class(self, kind: RecordKind) -> type[Record]:
        return RECORD_TYPES[kind]


def _dossier_id(record: Record) -> str:
    assert isinstance(record, DossierPart)
    return record.dossier_id
