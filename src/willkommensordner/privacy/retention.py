"""Retention and the person's rights: the deletion queue, real deletion, anonymisation.

Deletion is real: the rows of the dossier and its parts, attachments nobody else refers to,
the search index entries and the dossier's audit rows go, then the file is compacted
(VACUUM, with `secure_delete` on) so no page keeps the old content. The audit trail keeps one
row saying that a dossier was deleted or anonymised, without saying whose.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum

from willkommensordner.domain.agreed_step import AgreedStep
from willkommensordner.domain.analysis import PotentialAnalysis
from willkommensordner.domain.appointment import Appointment
from willkommensordner.domain.document import Document
from willkommensordner.domain.dossier import Dossier
from willkommensordner.domain.household import HouseholdMember
from willkommensordner.domain.partial_date import PartialDate
from willkommensordner.domain.record import RecordKind
from willkommensordner.domain.suggestion_decision import SuggestionDecision
from willkommensordner.errors import Blocked, InvalidInput, NotFound
from willkommensordner.guidance.questionnaire import default_questionnaire
from willkommensordner.i18n import N_
from willkommensordner.privacy import erasure_ledger, k_anonymity
from willkommensordner.vault import audit_chain
from willkommensordner.vault.erasure import mark_erased
from willkommensordner.vault.events import Change
from willkommensordner.vault.vault import Vault

DEFAULT_RETENTION_YEARS = 3
_META_KEY = "retention_years"
ANONYMOUS_NAME = "N. N."
ACTION_PURGE = "purge"
ACTION_ANONYMISE = "anonymise"


# --- the retention period ------------------------------------------------------------------


def retention_years(vault: Vault) -> int:
    value = vault.db.scalar("SELECT value FROM meta WHERE key = ?", (_META_KEY,))
    return int(value) if value is not None else DEFAULT_RETENTION_YEARS


def set_retention_years(vault: Vault, years: int) -> None:
    if not 1 <= years <= 30:
        raise InvalidInput(N_("The retention period must be 1 to 30 years."))
    with vault.db.transaction():
        vault.db.execute(
            "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (_META_KEY, str(years))
        )


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class QueueReason(StrEnum):
    RETENTION_OVER = "retention_over"
    # Deleted in the app: only a tombstone is left, which still holds the last content.
    TOMBSTONE = "tombstone"


@dataclass(frozen=True, slots=True)
class QueueEntry:
    dossier_id: str
    reason: QueueReason
    closed_on: date | None
    delete_from: date

    def to_json(self) -> dict[str, str | None]:
        return {
            "dossier_id": self.dossier_id,
            "reason": self.reason.value,
            "closed_on": self.closed_on.isoformat() if self.closed_on else None,
            "delete_from": self.delete_from.isoformat(),
        }


def _anonymised(vault: Vault) -> set[str]:
    return {
        r[0]
        for r in vault.db.query(
            "SELECT dossier_id FROM audit WHERE action = ? AND dossier_id IS NOT NULL",
            (ACTION_ANONYMISE,),
        )
    }


def deletion_queue(vault: Vault, today: date) -> list[QueueEntry]:
    """Closed dossiers whose retention period is over (anonymised ones may stay), and
    dossiers deleted in the app whose tombstone still holds their content."""
    years = retention_years(vault)
    done = _anonymised(vault)
    entries = []
    for dossier_id, closed, deleted, modified in vault.db.query(
        "SELECT id, closed_on, deleted, modified FROM dossier"
        " WHERE closed_on IS NOT NULL OR deleted = 1"
    ):
        closed_on = date.fromisoformat(closed) if closed else None
        if deleted:
            when = datetime.fromisoformat(modified).date()
            entries.append(QueueEntry(dossier_id, QueueReason.TOMBSTONE, closed_on, when))
            continue
        assert closed_on is not None
        due = _add_years(closed_on, years)
        if due <= today and dossier_id not in done:
            entries.append(QueueEntry(dossier_id, QueueReason.RETENTION_OVER, closed_on, due))
    return sorted(entries, key=lambda e: e.delete_from)


# --- shared steps --------------------------------------------------------------------------


def _blobs_of(vault: Vault, dossier_id: str) -> set[str]:
    rows = vault.db.query(
        "SELECT json_extract(a.value, '$.sha256') FROM record r, json_each(r.body,"
        " '$.attachments') a WHERE r.dossier_id = ? AND r.kind = 'document'"
        " UNION SELECT json_extract(body, '$.form.sha256') FROM record WHERE dossier_id = ?"
        " AND kind = 'consent' AND json_extract(body, '$.form') IS NOT NULL",
        (dossier_id, dossier_id),
    )
    return {r[0] for r in rows if r[0]}


def _drop_unreferenced(vault: Vault, candidates: set[str]) -> None:
    """Delete those blobs no record of any dossier (live or tombstone) still refers to."""
    for sha in candidates:
        used = vault.db.scalar(
            "SELECT 1 FROM record r, json_each(r.body, '$.attachments') a"
            " WHERE r.kind = 'document' AND json_extract(a.value, '$.sha256') = ?"
            " UNION SELECT 1 FROM record WHERE kind = 'consent'"
            " AND json_extract(body, '$.form.sha256') = ? LIMIT 1",
            (sha, sha),
        )
        if used is None:
            vault.db.execute("DELETE FROM blob WHERE sha256 = ?", (sha,))


def _anonymous_audit_row(vault: Vault, action: str, dossier_id: str | None) -> None:
    author = vault.author
    audit_chain.append(
        vault.db,
        [
            (
                datetime.now(UTC).isoformat(timespec="milliseconds"),
                dossier_id,
                "dossier",
                dossier_id,
                action,
                None,
                None,
                None,
                author.counsellor,
                author.agency,
                author.device,
            )
        ],
    )


def compact(vault: Vault) -> None:
    """Rewrite the file without the freed pages, and leave nothing behind in the WAL."""
    with vault.db.transaction():
        # FTS5 keeps deleted terms in old segments until they are merged.
        vault.db.execute("INSERT INTO dossier_search(dossier_search) VALUES ('optimize')")
    vault.db.execute("VACUUM")
    vault.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _require_dossier(vault: Vault, dossier_id: str) -> int:
    rowid = vault.db.scalar("SELECT rowid FROM dossier WHERE id = ?", (dossier_id,))
    if rowid is None:
        raise NotFound(N_("There is no dossier with the id {id}."), id=dossier_id)
    return int(rowid)


# --- deletion ------------------------------------------------------------------------------


def purge(vault: Vault, dossier_id: str, *, again: bool = False) -> None:
    """Delete a closed dossier for real (also one that was only tombstoned so far).

    `again`: re-applying an erasure the ledger remembers (a restored backup), whatever state
    the older copy of the dossier is in."""
    rowid = _require_dossier(vault, dossier_id)
    row = vault.db.execute(
        "SELECT deleted, closed_on FROM dossier WHERE id = ?", (dossier_id,)
    ).fetchone()
    if not row[0] and row[1] is None and not again:
        raise Blocked(N_("Close the dossier before deleting it."))
    with vault.db.transaction():
        if not again:
            erasure_ledger.record(vault, dossier_id, erasure_ledger.PURGE)
        blobs = _blobs_of(vault, dossier_id)
        vault.search.forget(rowid)
        vault.db.execute("DELETE FROM record WHERE dossier_id = ?", (dossier_id,))
        vault.db.execute("DELETE FROM dossier WHERE id = ?", (dossier_id,))
        vault.db.execute("DELETE FROM generalised WHERE dossier_id = ?", (dossier_id,))
        audit_chain.forget(vault.db, dossier_id)
        # Other dossiers may link this one as a family member: the link would point nowhere.
        for rid, body in vault.db.query(
            "SELECT id, body FROM record WHERE kind = 'household_member'"
            " AND json_extract(body, '$.linked_dossier_id') = ?",
            (dossier_id,),
        ):
            data = json.loads(body)
            data["linked_dossier_id"] = None
            vault.db.execute(
                "UPDATE record SET body = ? WHERE id = ?",
                (json.dumps(data, ensure_ascii=False), rid),
            )
        _drop_unreferenced(vault, blobs)
        vault.drafts.discard_dossier(dossier_id)
        mark_erased(vault.db, dossier_id)
        _anonymous_audit_row(vault, ACTION_PURGE, None)
    compact(vault)
    # Written past the record store: the views that list dossiers are told here.
    vault.events.emit(Change(frozenset({dossier_id}), frozenset({RecordKind.DOSSIER})))


def purge_queue(vault: Vault, today: date) -> int:
    entries = deletion_queue(vault, today)
    for entry in entries:
        purge(vault, entry.dossier_id)
    return len(entries)


# --- anonymisation -------------------------------------------------------------------------


def birth_quarter(born: PartialDate | None) -> PartialDate | None:
    """Year and quarter only, stored as the quarter's first month with the day unknown."""
    if born is None or born.month is None:
        return born
    return PartialDate(born.year, (born.month - 1) // 3 * 3 + 1)


def _anonymous_dossier(d: Dossier) -> Dossier:
    return d.model_copy(
        update={
            "family_name": ANONYMOUS_NAME,
            "given_names": "",
            "native_name": "",
            "aliases": [],
            "birth_date": birth_quarter(d.birth_date),
            "birth_place": "",
            "status_valid_until": None,
            "accommodation": "",
            "street": "",
            "postcode": "",
            "city": "",
            "phone": "",
            "email": "",
        }
    )


def anonymise_all(vault: Vault, dossier_ids: list[str]) -> None:
    """Anonymise several at once: k-anonymity is then reached over all of them together,
    instead of one by one (where the first few would lose every kept value)."""
    for dossier_id in dossier_ids:
        anonymise(vault, dossier_id, generalise=False)
    with vault.db.transaction():
        k_anonymity.enforce(vault)
    compact(vault)


def anonymise(
    vault: Vault, dossier_id: str, *, again: bool = False, generalise: bool = True
) -> None:
    """Remove everything that identifies the person; keep what the monitoring counts.

    Kept: status, target group, birth year and quarter, gender, nationality, languages,
    district, arrival and opening dates, appointment agencies and dates, step kinds and
    states. Gone: names, contact data, document numbers, free text, notes, consents,
    attachments, sensitive answers, and the history of the old values."""
    _require_dossier(vault, dossier_id)
    dossier = vault.records.dossier(dossier_id)
    if dossier.is_open and not again:
        raise Blocked(N_("Close the dossier before anonymising it."))
    questionnaire = default_questionnaire()
    drop_answers = questionnaire.free_text_ids() | questionnaire.sensitive_ids()
    store = vault.records
    with vault.db.transaction():
        if not again:
            erasure_ledger.record(vault, dossier_id, erasure_ledger.ANONYMISE)
        blobs = _blobs_of(vault, dossier_id)
        store.save(_anonymous_dossier(dossier))
        for m in store.parts(dossier_id, HouseholdMember):
            store.save(
                m.model_copy(
                    update={
                        "family_name": "",
                        "given_names": "",
                        "native_name": "",
                        "birth_date": birth_quarter(m.birth_date),
                        "note": "",
                    }
                )
            )
        for doc in store.parts(dossier_id, Document):
            store.save(
                doc.model_copy(
                    update={"title": "", "number": "", "issuer": "", "note": "", "attachments": []}
                )
            )
        for a in store.parts(dossier_id, Appointment):
            store.save(
                a.model_copy(
                    update={
                        "agency_name": "",
                        "purpose": "",
                        "place": "",
                        "bring": "",
                        "outcome": "",
                        "agreements": "",
                    }
                )
            )
        for s in store.parts(dossier_id, AgreedStep):
            store.save(s.model_copy(update={"what": s.kind, "owner_name": "", "outcome": ""}))
        for analysis in store.parts(dossier_id, PotentialAnalysis):
            kept = {k: v for k, v in analysis.answers.items() if k not in drop_answers}
            store.save(analysis.model_copy(update={"answers": kept}))
        for decision in store.parts(dossier_id, SuggestionDecision):
            store.save(decision.model_copy(update={"reason": "", "facts": {}}))
        # Notes and consents are free text and names through and through; tombstones of
        # deleted parts still hold their last content.
        vault.db.execute(
            "DELETE FROM record WHERE dossier_id = ? AND (kind IN ('note', 'consent')"
            " OR deleted = 1)",
            (dossier_id,),
        )
        # What a newer app version added, kept to be passed on, is not ours to judge: gone.
        vault.db.execute("DELETE FROM exchange_extra WHERE dossier_id = ?", (dossier_id,))
        vault.db.execute("DELETE FROM exchange_foreign WHERE dossier_id = ?", (dossier_id,))
        _drop_unreferenced(vault, blobs)
        audit_chain.forget(vault.db, dossier_id)
        _anonymous_audit_row(vault, ACTION_ANONYMISE, dossier_id)
        if generalise:
            # Together with the others anonymised before, nobody may stand out.
            k_anonymity.enforce(vault)
    compact(vault)


def reapply_erasures(vault: Vault) -> int:
    """After a restore (or on any older copy): erase again every dossier the ledger says was
    deleted or anonymised since; the number of dossiers erased again."""
    if vault.db.read_only:
        return 0
    anonymised = _anonymised(vault)
    todo = [
        (dossier_id, how)
        for dossier_id, how in erasure_ledger.pending(vault)
        if how == erasure_ledger.PURGE or dossier_id not in anonymised
    ]
    for dossier_id, how in todo:
        if how == erasure_ledger.PURGE:
            purge(vault, dossier_id, again=True)
        else:
            anonymise(vault, dossier_id, again=True)
    return len(todo)


def is_anonymised(vault: Vault, dossier_id: str) -> bool:
    return dossier_id in _anonymised(vault)
