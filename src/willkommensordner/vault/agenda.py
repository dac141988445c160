"""The counsellor's start page: appointments today and this week, overdue steps, and papers
or residence status running out soon, across all open dossiers.

Each section holds its most urgent items (up to `limit`) and the total, so that the start page
stays fast and readable with thousands of dossiers.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from willkommensordner.vault.database import Database

DEFAULT_WEEKS = 8
DEFAULT_LIMIT = 100
# Totals are counted up to this many (or `limit`, if larger): beyond it a number tells the
# counsellor nothing more, and counting every overdue step of a 100,000-dossier caseload would
# cost more than the page itself.
COUNT_CAP = 1000
# Papers that ran out long ago and were never replaced are a data problem, not an emergency.
EXPIRED_LOOKBACK = timedelta(weeks=26)
_LIVE = "d.deleted = 0 AND d.closed_on IS NULL"
_JOIN = "FROM record r JOIN dossier d ON d.id = r.dossier_id"
_COLUMNS = "d.id, d.family_name, d.given_names, d.native_name, r.id, r.due, r.body"
_JSON_FIELDS = {
    "purpose",
    "agency",
    "place",
    "status",
    "what",
    "owner",
    "type",
    "number",
    "legal_status",
}
# One index probe per counted row: an `IN (SELECT ...)` would first list every live dossier.
_LIVE_IDS = (
    "EXISTS (SELECT 1 FROM dossier INDEXED BY dossier_live"
    " WHERE id = r.dossier_id AND deleted = 0 AND closed_on IS NULL)"
)
_STATUS_FROM = (
    "FROM dossier d INDEXED BY dossier_status_due"
    " WHERE d.status_valid_until >= ? AND d.status_valid_until <= ?"
)
# `subject` is the document type and family member: a newer paper of it replaces this one.
_CURRENT_DOCUMENT = (
    " AND NOT EXISTS (SELECT 1 FROM record n WHERE n.dossier_id = r.dossier_id"
    "  AND n.kind = 'document' AND n.deleted = 0 AND n.subject = r.subject AND n.due > r.due)"
)


@dataclass(frozen=True, slots=True)
class AgendaItem:
    dossier_id: str
    dossier_name: str
    kind: str  # appointment, agreed_step, document, residence_status
    record_id: str | None
    when: date | datetime
    body: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {
            "dossier_id": self.dossier_id,
            "dossier_name": self.dossier_name,
            "kind": self.kind,
            "record_id": self.record_id,
            "when": self.when.isoformat(),
            **{k: v for k, v in self.body.items() if k in _JSON_FIELDS},
        }


@dataclass
class Agenda:
    today: date
    weeks: int
    appointments_today: list[AgendaItem] = field(default_factory=list)
    appointments_week: list[AgendaItem] = field(default_factory=list)
    overdue_steps: list[AgendaItem] = field(default_factory=list)
    expiring: list[AgendaItem] = field(default_factory=list)
    # How many there are in all; a section shows at most `limit` of them. For a section in
    # `at_least` there are more than its total, which is then the cap of the count.
    totals: dict[str, int] = field(default_factory=dict)
    at_least: set[str] = field(default_factory=set)

    def count(self, name: str, total: int, cap: int) -> None:
        self.totals[name] = min(total, cap)
        if total > cap:
            self.at_least.add(name)

    def to_json(self) -> dict[str, Any]:
        sections = ("appointments_today", "appointments_week", "overdue_steps", "expiring")
        return {
            "today": self.today.isoformat(),
            "weeks": self.weeks,
            **{name: [i.to_json() for i in getattr(self, name)] for name in sections},
            "totals": self.totals,
            "totals_at_least": sorted(self.at_least),
        }


def _name(family: str | None, given: str | None, native: str | None) -> str:
    latin = ", ".join(p for p in (family, given) if p)
    return latin or native or ""


class _Section:
    def __init__(self, db: Database, limit: int) -> None:
        self._db = db
        self._limit = limit
        self.cap = max(COUNT_CAP, limit)

    def items(self, kind: str, where: str, params: tuple[Any, ...]) -> tuple[list[AgendaItem], int]:
        condition = f"r.kind = ? AND r.deleted = 0 AND {where}"
        rows = self._db.query(
            f"SELECT {_COLUMNS} {_JOIN} WHERE {condition} AND {_LIVE} ORDER BY r.due LIMIT ?",
            (kind, *params, self._limit),
        )
        total = len(rows)
        if total == self._limit:
            total = _capped_count(
                self._db,
                f"SELECT 1 FROM record r WHERE {condition} AND {_LIVE_IDS}",
                (kind, *params),
                self.cap,
            )
        when = datetime.fromisoformat if kind == "appointment" else date.fromisoformat
        items = [
            AgendaItem(did, _name(fam, giv, nat), kind, rid, when(due), json.loads(body))
            for did, fam, giv, nat, rid, due, body in rows
        ]
        return items, total


def _capped_count(db: Database, select: str, params: tuple[Any, ...], cap: int) -> int:
    """How many rows `select` gives; `cap + 1` stands for "more than `cap`"."""
    return int(db.scalar(f"SELECT count(*) FROM ({select} LIMIT ?)", (*params, cap + 1)))


def build_agenda(
    db: Database, today: date, weeks: int = DEFAULT_WEEKS, limit: int = DEFAULT_LIMIT
) -> Agenda:
    agenda = Agenda(today=today, weeks=weeks)
    section = _Section(db, limit)
    day = today.isoformat()
    tomorrow = (today + timedelta(days=1)).isoformat()
    week_end = (today + timedelta(days=7)).isoformat()
    horizon = (today + timedelta(weeks=weeks)).isoformat()
    since = (today - EXPIRED_LOOKBACK).isoformat()
    booked = "r.state IN ('planned', 'kept')"

    agenda.appointments_today, total = section.items(
        "appointment", f"r.due >= ? AND r.due < ? AND {booked}", (day, tomorrow)
    )
    agenda.count("appointments_today", total, section.cap)
    agenda.appointments_week, total = section.items(
        "appointment", f"r.due >= ? AND r.due < ? AND {booked}", (tomorrow, week_end)
    )
    agenda.count("appointments_week", total, section.cap)
    agenda.overdue_steps, total = section.items(
        "agreed_step", "r.due < ? AND r.state = 'open'", (day,)
    )
    agenda.count("overdue_steps", total, section.cap)
    documents, document_total = section.items(
        "document", "r.due >= ? AND r.due <= ?" + _CURRENT_DOCUMENT, (since, horizon)
    )
    status_rows = db.query(
        f"SELECT d.id, d.family_name, d.given_names, d.native_name, d.status_valid_until,"
        f" d.legal_status {_STATUS_FROM} AND {_LIVE} ORDER BY d.status_valid_until LIMIT ?",
        (since, horizon, limit),
    )
    status_total = len(status_rows)
    if status_total == limit:
        status_total = _capped_count(
            db,
            f"SELECT 1 {_STATUS_FROM} AND {_LIVE}",
            (since, horizon),
            section.cap,
        )
    statuses = [
        AgendaItem(
            did,
            _name(fam, giv, nat),
            "residence_status",
            None,
            date.fromisoformat(until),
            {"legal_status": status},
        )
        for did, fam, giv, nat, until, status in status_rows
    ]
    merged = sorted(documents + statuses, key=lambda i: (i.when, i.dossier_name))
    agenda.expiring = merged[:limit]
    if max(document_total, status_total) > section.cap:
        agenda.count("expiring", section.cap + 1, section.cap)
    else:
        agenda.count("expiring", document_total + status_total, document_total + status_total)
    return agenda
