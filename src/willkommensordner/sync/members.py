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
    book = ContactBook(db)
    return [Member(c, Role.TEAM if book.is_team(c) else Role.PARTNER) for c in book.all()]


def removed_name(db: Database, fingerprint: str) -> str | None:
    row = db.execute(
        "SELECT name FROM sync_removed WHERE fingerprint = ?", (fingerprint,)
    ).fetchone()
    return None if row is None else str(row[0])
