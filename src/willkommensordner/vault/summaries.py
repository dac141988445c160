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


@dataclass(frozen=True, slots=True)
class _Badges:
    expiring: set[str]
    overdue: set[str]
    appointments: set[str]


def _badges(db: Database, today: date, expiry_weeks: int, ids: list[str] | None) -> _Badges:
    """The dossiers with each badge: among `ids` (one page), or among all (None)."""
    if ids == []:
        return _Badges(set(), set(), set())
    horizon = (today + timedelta(weeks=expiry_weeks)).isoformat()
    since = (today - EXPIRED_LOOKBACK).isoformat()
    tomorrow = (today + timedelta(days=1)).isoformat()
    records, dossiers, among, dossier_among, extra = "record", "dossier", "", "", tuple(ids or ())
    if ids is not None:
        # A page's dossiers are found by id in covering indexes; left to itself, the planner
        # would walk the date index through every overdue step of the caseload instead.
        marks = ",".join("?" * len(ids))
        records = "record INDEXED BY record_badges"
        dossiers = "dossier INDEXED BY dossier_list"
        among = f" AND dossier_id IN ({marks})"
        dossier_among = f" AND id IN ({marks})"

    def having(sql: str, params: tuple[Any, ...]) -> set[str]:
        return {r[0] for r in db.query(sql, params)}

    return _Badges(
        expiring=having(
            f"SELECT dossier_id FROM {records} WHERE kind = 'document' AND deleted = 0"
            f" AND due >= ? AND due <= ?{among}"
            f" UNION SELECT id FROM {dossiers} WHERE deleted = 0"
            f" AND status_valid_until >= ? AND status_valid_until <= ?{dossier_among}",
            (since, horizon, *extra, since, horizon, *extra),
        ),
        overdue=having(
            f"SELECT dossier_id FROM {records} WHERE kind = 'agreed_step' AND deleted = 0"
            f" AND due < ? AND state = 'open'{among}",
            (today.isoformat(), *extra),
        ),
        appointments=having(
            f"SELECT dossier_id FROM {records} WHERE kind = 'appointment' AND deleted = 0"
            f" AND due >= ? AND due < ? AND state = 'planned'{among}",
            (today.isoformat(), tomorrow, *extra),
        ),
    )


_COLUMNS = (
    "d.id, d.family_name, d.given_names, d.native_name, d.birth_date, d.legal_status,"
    " d.counsellor, d.closed_on"
)


def _summary(row: tuple[Any, ...], badges: _Badges) -> DossierSummary:
    did, fam, giv, nat, born, status, couns, closed = row
    legal = LegalStatus(status) if status in LegalStatus._value2member_map_ else LegalStatus.UNKNOWN
    return DossierSummary(
        id=did,
        family_name=fam or "",
        given_names=giv or "",
        native_name=nat or "",
        birth_date=born,
        legal_status=legal,
        target_group=legal.target_group,
        counsellor=couns or "",
        closed=closed is not None,
        paper_expires_soon=did in badges.expiring and closed is None,
        overdue_step=did in badges.overdue,
        appointment_today=did in badges.appointments,
    )


# Where a page of the list ends: the next page starts after it (folded names and row id).
ListPlace = tuple[str, str, int]


def summary_page(
    db: Database,
    *,
    today: date,
    count: int,
    after: ListPlace | None = None,
    include_closed: bool = True,
    expiry_weeks: int = 8,
) -> tuple[list[DossierSummary], ListPlace | None]:
    """`count` dossiers in name order from the start of the list or `after` a place, and
    where the page ends (None at the end of the list). Read as a range of the list's order
    index, with the badges of these dossiers only: a page costs the same with 1,000 dossiers
    as with 100,000, wherever it is."""
    open_only = "" if include_closed else " AND d.closed_on IS NULL"
    start = "" if after is None else " AND (o.family_key, o.given_key, o.dossier) > (?, ?, ?)"
    rows = db.query(
        f"SELECT {_COLUMNS}, o.family_key, o.given_key, o.dossier"
        " FROM dossier_order o INDEXED BY dossier_order_key"
        " JOIN dossier d INDEXED BY dossier_list ON d.deleted = 0 AND d.id = o.id"
        f" WHERE 1{open_only}{start}"
        " ORDER BY o.family_key, o.given_key, o.dossier LIMIT ?",
        (*(after or ()), count),
    )
    badges = _badges(db, today, expiry_weeks, [r[0] for r in rows])
    place: ListPlace | None = None
    if len(rows) == count:
        family_key, given_key, rowid = rows[-1][-3:]
        place = (family_key, given_key, rowid)
    return [_summary(r[:-3], badges) for r in rows], place


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
    """Badges come from three indexed queries, not from a subquery per dossier; for a search,
    of the dossiers found only."""
    sql = f"SELECT {_COLUMNS} FROM dossier d WHERE d.deleted = 0"
    params: list[Any] = []
    order: dict[str, int] | None = None
    found: list[str] | None = None
    if search is not None and search.strip():
        found = SearchIndex(db).find(search)
        if not found:
            return []
        order = {i: n for n, i in enumerate(found)}
        sql += f" AND d.id IN ({','.join('?' * len(found))})"
        params.extend(found)
    badges = _badges(db, today, expiry_weeks, found)
    if not include_closed:
        sql += " AND d.closed_on IS NULL"
    if counsellor:
        sql += " AND d.counsellor = ?"
        params.append(counsellor)
    if target_group is not None:
        statuses = [s.value for s in LegalStatus if s.target_group is target_group]
        sql += f" AND d.legal_status IN ({','.join('?' * len(statuses))})"
        params.extend(statuses)
    # Rows of equal names stay in the order the list's pages give them (see `summary_page`).
    summaries = [_summary(row, badges) for row in db.query(sql + " ORDER BY d.rowid", params)]
    if order is not None:
        summaries.sort(key=lambda s: order[s.id])
    else:
        # Folded names sort "Țurcanu" with T and "Öztürk" with O, as people expect.
        summaries.sort(
            key=lambda s: (sort_key(s.family_name or s.native_name), sort_key(s.given_names))
        )
    return summaries
