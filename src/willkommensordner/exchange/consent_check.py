"""Whether a recorded consent allows handing a dossier's parts to a partner."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from willkommensordner.domain.consent import Consent
from willkommensordner.domain.record import RecordKind
from willkommensordner.exchange.contacts import Contact
from willkommensordner.vault.records import RecordStore


@dataclass(frozen=True, slots=True)
class ConsentProblem:
    dossier_id: str
    contact: Contact
    missing: frozenset[RecordKind]  # kinds no active consent for this partner covers
    # The export carries special categories and no consent explicitly allows them.
    special_categories: bool = False


def matches(consent: Consent, contact: Contact) -> bool:
    """The person consented to an agency, not to one of its keys: the consent still counts
    after the partner's key was replaced (removed and added again under the same name)."""
    if consent.recipient_contact_id == contact.id:
        return True
    return " ".join(consent.recipient.split()).casefold() == contact.name.casefold()


def find_consent(
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
    candidates = [
        c for c in records.parts(dossier_id, Consent) if c.is_active(on) and matches(c, contact)
    ]
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
