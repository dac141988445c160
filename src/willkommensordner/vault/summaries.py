"""One line per dossier for the list, with the badges a counsellor scans for."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

from willkommensordner.domain.legal_status import LegalStatus, TargetGroup
from willkommensordner.vault.agenda import EXPIRED_LOOKBACK
from willkommensordner.vault.database import Database
from willkommensordner.vault.search import SearchIndex, sort_key


@dataclass(frozen=True, slots=True)
class DossierSummary:
    id: str
    family_name: str
    given_names: str
    native_name: str
    birth_date: str | None  # storage form, "1990-00-00" for a partly unknown date
    legal_status: LegalStatus
    target_group: TargetGroup
    counsellor: str
    closed: bool
    paper_expires_soon: bool
    overdue_step: bool
    appointment_today: bool

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["legal_status"] = self.legal_status.value
        data["target_group"] = self.target_group.value
        return data


def list_summaries(
    db: Database,
    *,
    today: date,
    search: str | None = None,
    include_closed: bool = True,
    target_group: TargetGroup | None = None,
    counsellor: str | None = None,
    expiry_weeks: int = 8,
) -> list[DossierSummary]:
    """Badges come from three indexed queries, not from a subquery per dossier."""
    horizon = (today + timedelta(weeks=expiry_weeks)).isoformat()
    since = (today - EXPIRED_LOOKBACK).isoformat()
    tomorrow = (today + timedelta(days=1)).isoformat()
    expiring = {
        r[0]
        for r in db.query(
            "SELECT dossier_id FROM record WHERE kind = 'document' AND deleted = 0"
            " AND due >= ? AND due <= ?"
            " UNION SELECT id FROM dossier WHERE deleted = 0"
            " AND status_valid_until >= ? AND status_valid_until <= ?",
            (since, horizon, since, horizon),
        )
    }
    overdue = {
        r[0]
        for r in db.query(
            "SELECT dossier_id FROM record WHERE kind = 'agreed_step' AND deleted = 0"
            " AND due < ? AND state = 'open'",
            (today.isoformat(),),
        )
    }
    appointments = {
        r[0]
        for r in db.query(
            "SELECT dossier_id FROM record WHERE kind = 'appointment' AND deleted = 0"
            " AND due >= ? AND due < ? AND state = 'planned'",
            (today.isoformat(), tomorrow),
        )
    }
    sql = (
        "SELECT id, family_name, given_names, native_name, birth_date, legal_status, counsellor,"
        " closed_on FROM dossier WHERE deleted = 0"
    )
    params: list[Any] = []
    order: dict[str, int] | None = None
    if search is not None and search.strip():
        ids = SearchIndex(db).find(search)
        if not ids:
            return []
        order = {i: n for n, i in enumerate(ids)}
        sql += f" AND id IN ({','.join('?' * len(ids))})"
        params.extend(ids)
    if not include_closed:
        sql += " AND closed_on IS NULL"
    if counsellor:
        sql += " AND counsellor = ?"
        params.append(counsellor)
    if target_group is not None:
        statuses = [s.value for s in LegalStatus if s.target_group is target_group]
        sql += f" AND legal_status IN ({','.join('?' * len(statuses))})"
        params.extend(statuses)
    summaries = []
    for did, fam, giv, nat, born, status, couns, closed in db.query(sql, params):
        legal = (
            LegalStatus(status) if status in LegalStatus._value2member_map_ else LegalStatus.UNKNOWN
        )
        summaries.append(
            DossierSummary(
                id=did,
                family_name=fam or "",
                given_names=giv or "",
                native_name=nat or "",
                birth_date=born,
                legal_status=legal,
                target_group=legal.target_group,
                counsellor=couns or "",
                closed=closed is not None,
                paper_expires_soon=did in expiring and closed is None,
                overdue_step=did in overdue,
                appointment_today=did in appointments,
            )
        )
    if order is not None:
        summaries.sort(key=lambda s: order[s.id])
    else:
        # Folded names sort "Țurcanu" with T and "Öztürk" with O, as people expect.
        summaries.sort(
            key=lambda s: (sort_key(s.family_name or s.native_name), sort_key(s.given_names))
        )
    return summaries
