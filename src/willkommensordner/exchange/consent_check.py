"""Whether a recorded consent allows handing a dossier's parts to a partner.

A consent counts only as a fact of this vault: recorded here by one of our counsellors, for
one of our own address-book entries (by its id, never by a name), and not changed since by a
partner's file. Consents that came with a partner's file are what the partner says; they are
kept and shown as such, and they never unblock an export.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from willkommensordner.domain.consent import Consent
from willkommensordner.domain.record import RecordKind
from willkommensordner.exchange.contacts import Contact
from willkommensordner.vault.database import Database
from willkommensordner.vault.records import RecordStore

_LOCAL_ACTIONS = ("create", "update")


@dataclass(frozen=True, slots=True)
class ConsentProblem:
    dossier_id: str
    contact: Contact
    missing: frozenset[RecordKind]  # kinds no active consent for this partner covers
    # The export carries special categories and no consent explicitly allows them.
    special_categories: bool = False


def matches(consent: Consent, contact: Contact) -> bool:
    """The consent names this address-book entry. (A partner's key replaced under the same
    entry keeps its id; a name alone could be anyone's.)"""
    return consent.recipient_contact_id == contact.id


def recorded_here(db: Database, device: str, dossier_id: str, consent_ids: list[str]) -> set[str]:
    """The consents created on this installation whose last change was made here too."""
    if not consent_ids:
        return set()
    created: set[str] = set()
    last: dict[str, tuple[str, str]] = {}
    for rid, action, by in db.query(
        "SELECT record_id, action, device FROM audit WHERE dossier_id = ? AND kind = ?"
        f" AND record_id IN ({','.join('?' * len(consent_ids))}) ORDER BY rowid",
        (dossier_id, RecordKind.CONSENT.value, *consent_ids),
    ):
        if action == "create" and by == device:
            created.add(rid)
        last[rid] = (action, by)
    return {rid for rid in created if last[rid][0] in _LOCAL_ACTIONS and last[rid][1] == device}


def partner_consents(db: Database, records: RecordStore, dossier_id: str) -> dict[str, str]:
    """Consents of the dossier that are a partner's word, not ours: id -> the partner as our
    address book names it (the agency the last change was recorded for)."""
    consents = records.parts(dossier_id, Consent)
    ours = recorded_here(db, records.author.device, dossier_id, [c.id for c in consents])
    out: dict[str, str] = {}
    for consent in consents:
        if consent.id not in ours:
            out[consent.id] = str(
                db.scalar("SELECT agency FROM record WHERE id = ?", (consent.id,)) or ""
            )
    return out


def find_consent(
    db: Database,
    records: RecordStore,
    dossier_id: str,
    contact: Contact,
    kinds: set[RecordKind],
    on: date,
    *,
    special_categories: bool = False,
) -> Consent | ConsentProblem:
    """The active consent for this partner that covers all `kinds` (and special categories,
    when the export carries any), or what is missing."""
    named = [
        c for c in records.parts(dossier_id, Consent) if c.is_active(on) and matches(c, contact)
    ]
    ours = recorded_here(db, records.author.device, dossier_id, [c.id for c in named])
    candidates = [c for c in named if c.id in ours]
    for consent in candidates:
        if consent.covers(kinds) and (consent.special_categories or not special_categories):
            return consent
    best = min(
        (kinds - set(c.scope) for c in candidates),
        key=len,
        default=kinds,
    )
    lacking_special = special_categories and not any(c.special_categories for c in candidates)
    return ConsentProblem(dossier_id, contact, frozenset(best), lacking_special)
