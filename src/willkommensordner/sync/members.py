"""Who takes part in sync: the address book's verified contacts, team or partner."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from willkommensordner.exchange.contacts import Contact, ContactBook
from willkommensordner.vault.database import Database


class Role(StrEnum):
    TEAM = "team"  # a device of our own agency: the whole caseload
    PARTNER = "partner"  # another agency: what its consents cover


@dataclass(frozen=True, slots=True)
class Member:
    contact: Contact
    role: Role

    @property
    def fingerprint(self) -> str:
        return self.contact.fingerprint


def members(db: Database) -> list[Member]:
    """Team members, and the partner agencies chosen to take part in sync."""
    book = ContactBook(db)
    partners = {str(r[0]) for r in db.query("SELECT fingerprint FROM sync_partner")}
    out: list[Member] = []
    for contact in book.all():
        if book.is_team(contact):
            out.append(Member(contact, Role.TEAM))
        elif contact.fingerprint in partners:
            out.append(Member(contact, Role.PARTNER))
    return out


def set_partner(db: Database, contact: Contact, taking_part: bool) -> None:
    """Whether a partner agency gets bundles through the shared folder (what its consents
    cover); without, it gets files only when someone exports them by hand."""
    with db.transaction():
        if taking_part:
            db.execute(
                "INSERT OR IGNORE INTO sync_partner(fingerprint) VALUES (?)", (contact.fingerprint,)
            )
        else:
            db.execute("DELETE FROM sync_partner WHERE fingerprint = ?", (contact.fingerprint,))


def removed_name(db: Database, fingerprint: str) -> str | None:
    row = db.execute(
        "SELECT name FROM sync_removed WHERE fingerprint = ?", (fingerprint,)
    ).fetchone()
    return None if row is None else str(row[0])
