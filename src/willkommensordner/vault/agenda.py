"""The counsellor's start page: appointments today and this week, overdue steps, and papers
or residence status running out soon, across all open dossiers."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from willkommensordner.vault.database import Database

DEFAULT_WEEKS = 8
_LIVE = "d.deleted = 0 AND d.closed_on IS NULL"
_NAME = "d.id, d.family_name, d.given_names, d.native_name"


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


@dataclass
class Agenda:
    today: date
    weeks: int
    appointments_today: list[AgendaItem] = field(default_factory=list)
    appointments_week: list[AgendaItem] = field(default_factory=list)
    overdue_steps: list[AgendaItem] = field(default_factory=list)
    expiring: list[AgendaItem] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "today": self.today.isoformat(),
            "weeks": self.weeks,
            "appointments_today": [i.to_json() for i in self.appointments_today],
            "appointments_week": [i.to_json() for i in self.appointments_week],
            "overdue_steps": [i.to_json() for i in self.overdue_steps],
            "expiring": [i.to_json() for i in self.expiring],
        }


def _name(family: str | None, given: str | None, native: str | None) -> str:
    latin = ", ".join(p for p in (family, given) if p)
    return latin or native or ""


def build_agenda(db: Database, today: date, weeks: int = DEFAULT_WEEKS) -> Agenda:
    agenda = Agenda(today=today, weeks=weeks)
    tomorrow = today + timedelta(days=1)
    week_end = today + timedelta(days=7)
    horizon = today + timedelta(weeks=weeks)
    rows = db.query(
        f"SELECT {_NAME}, r.id, r.due, r.body FROM record r JOIN dossier d ON d.id = r.dossier_id"
        f" WHERE r.kind = 'appointment' AND r.deleted = 0 AND r.due >= ? AND r.due < ?"
        f" AND r.state IN ('planned', 'kept') AND {_LIVE} ORDER BY r.due",
        (today.isoformat(), week_end.isoformat()),
    )
    for did, fam, giv, nat, rid, due, body in rows:
        item = AgendaItem(
            did,
            _name(fam, giv, nat),
            "appointment",
            rid,
            datetime.fromisoformat(due),
            json.loads(body),
        )
        (
            agenda.appointments_today if due < tomorrow.isoformat() else agenda.appointments_week
        ).append(item)
    rows = db.query(
        f"SELECT {_NAME}, r.id, r.due, r.body FROM record r JOIN dossier d ON d.id = r.dossier_id"
        f" WHERE r.kind = 'agreed_step' AND r.deleted = 0 AND r.due < ? AND r.state = 'open'"
        f" AND {_LIVE} ORDER BY r.due",
        (today.isoformat(),),
    )
    agenda.overdue_steps = [
        AgendaItem(
            did, _name(fam, giv, nat), "agreed_step", rid, date.fromisoformat(due), json.loads(body)
        )
        for did, fam, giv, nat, rid, due, body in rows
    ]
    # A paper replaced by a newer one of the same type for the same person is no emergency.
    rows = db.query(
        f"SELECT {_NAME}, r.id, r.due, r.body FROM record r JOIN dossier d ON d.id = r.dossier_id"
        f" WHERE r.kind = 'document' AND r.deleted = 0 AND r.due <= ? AND {_LIVE}"
        " AND NOT EXISTS (SELECT 1 FROM record n INDEXED BY record_dossier"
        "  WHERE n.kind = 'document' AND n.deleted = 0"
        "  AND n.dossier_id = r.dossier_id AND n.due > r.due"
        "  AND json_extract(n.body, '$.type') = json_extract(r.body, '$.type')"
        "  AND coalesce(json_extract(n.body, '$.member_id'), '')"
        "   = coalesce(json_extract(r.body, '$.member_id'), ''))"
        " ORDER BY r.due",
        (horizon.isoformat(),),
    )
    expiring = [
        AgendaItem(
            did, _name(fam, giv, nat), "document", rid, date.fromisoformat(due), json.loads(body)
        )
        for did, fam, giv, nat, rid, due, body in rows
    ]
    rows = db.query(
        f"SELECT {_NAME}, d.status_valid_until, d.legal_status FROM dossier d"
        f" WHERE d.status_valid_until <= ? AND {_LIVE}",
        (horizon.isoformat(),),
    )
    expiring += [
        AgendaItem(
            did,
            _name(fam, giv, nat),
            "residence_status",
            None,
            date.fromisoformat(until),
            {"legal_status": status},
        )
        for did, fam, giv, nat, until, status in rows
    ]
    agenda.expiring = sorted(expiring, key=lambda i: (i.when, i.dossier_name))
    return agenda
