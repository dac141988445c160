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


def matches(consent: Consent, contact: Contact) -> bool:
    if consent.recipient_contact_id is not None:
        return consent.recipient_contact_id == contact.id
    return " ".join(consent.recipient.split()).casefold() == contact.name.casefold()


def find_consent(
    records: RecordStore, dossier_id: str, contact: Contact, kinds: set[RecordKind], on: date
) -> Consent | ConsentProblem:
    """The active consent for this partner that covers all `kinds`, or what is missing."""
    candidates = [
        c for c in records.parts(dossier_id, Consent) if c.is_active(on) and matches(c, contact)
    ]
    for consent in candidates:
        if consent.covers(kinds):
            return consent
    best = min(
        (kinds - set(c.scope) for c in candidates),
        key=len,
        default=kinds,
    )
    return ConsentProblem(dossier_id, contact, frozenset(best))
