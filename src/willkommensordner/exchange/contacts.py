"""The address book of partner agencies: their public keys and whether we checked them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlcipher3

from willkommensordner.errors import InvalidInput, NotFound
from willkommensordner.exchange.keys import PublicIdentity, b64url, unb64url
from willkommensordner.i18n import N_
from willkommensordner.vault.database import Database


@dataclass(frozen=True, slots=True)
class Contact:
    id: str
    name: str
    public: PublicIdentity
    verified: bool

    @property
    def fingerprint(self) -> str:
        return self.public.fingerprint


_COLUMNS = "id, name, age_recipient, signing_key, verified"


def _contact(row: tuple[str, str, str, str, int]) -> Contact:
    cid, name, recipient, signing, verified = row
    return Contact(cid, name, PublicIdentity(recipient, unb64url(signing)), bool(verified))


class ContactBook:
    def __init__(self, db: Database) -> None:
        self._db = db

    def add(self, name: str, public: PublicIdentity, *, verified: bool = False) -> Contact:
        name = " ".join(name.split())
        if not name:
            raise InvalidInput(N_("A partner needs a name."))
        if self.by_key(public.signing_key) is not None:
            raise InvalidInput(N_("This key is already in the address book."))
        contact = Contact(str(uuid.uuid4()), name, public, verified)
        try:
            with self._db.transaction():
                self._db.execute(
                    "DELETE FROM sync_removed WHERE fingerprint = ?", (public.fingerprint,)
                )
                self._db.execute(
                    "INSERT INTO exchange_contact(id, name, age_recipient, signing_key,"
                    " fingerprint, verified, added) VALUES (?,?,?,?,?,?,?)",
                    (
                        contact.id,
                        name,
                        public.age_recipient,
                        b64url(public.signing_key),
                        public.fingerprint,
                        int(verified),
                        datetime.now(UTC).isoformat(timespec="seconds"),
                    ),
                )
        except sqlcipher3.dbapi2.IntegrityError:
            raise InvalidInput(N_("There is already a partner with this name.")) from None
        return contact

    def all(self) -> list[Contact]:
        rows = self._db.query(f"SELECT {_COLUMNS} FROM exchange_contact ORDER BY name")
        return [_contact(r) for r in rows]

    def get(self, name_or_id: str) -> Contact:
        row = self._db.execute(
            f"SELECT {_COLUMNS} FROM exchange_contact WHERE id = ? OR name = ? COLLATE NOCASE",
            (name_or_id, " ".join(name_or_id.split())),
        ).fetchone()
        if row is None:
            raise NotFound(N_("There is no partner of that name in the address book."))
        return _contact(row)

    def by_key(self, signing_key: bytes) -> Contact | None:
        row = self._db.execute(
            f"SELECT {_COLUMNS} FROM exchange_contact WHERE signing_key = ?",
            (b64url(signing_key),),
        ).fetchone()
        return None if row is None else _contact(row)

    def verify(self, name_or_id: str) -> Contact:
        """Mark as checked: the fingerprint was compared with the partner by phone or QR."""
        contact = self.get(name_or_id)
        with self._db.transaction():
            self._db.execute("UPDATE exchange_contact SET verified = 1 WHERE id = ?", (contact.id,))
        return Contact(contact.id, contact.name, contact.public, True)

    def by_fingerprint(self, fingerprint: str) -> Contact | None:
        row = self._db.execute(
            f"SELECT {_COLUMNS} FROM exchange_contact WHERE fingerprint = ?", (fingerprint,)
        ).fetchone()
        return None if row is None else _contact(row)

    def is_team(self, contact: Contact) -> bool:
        """A device of our own agency: it gets the whole caseload and may change all of it."""
        row = self._db.execute(
            "SELECT 1 FROM sync_team WHERE fingerprint = ?", (contact.fingerprint,)
        ).fetchone()
        return row is not None

    def set_team(self, contact: Contact) -> None:
        with self._db.transaction():
            self._db.execute(
                "INSERT OR IGNORE INTO sync_team(fingerprint) VALUES (?)", (contact.fingerprint,)
            )

    def remove(self, name_or_id: str) -> None:
        """Forget a partner's key. Consents naming the partner stay as they were recorded;
        exports to this key and imports signed with it need the key added again."""
        contact = self.get(name_or_id)
        with self._db.transaction():
            self._db.execute("DELETE FROM exchange_contact WHERE id = ?", (contact.id,))
            self._db.execute("DELETE FROM sync_team WHERE fingerprint = ?", (contact.fingerprint,))
            # Remembered so that its later files in a shared folder are refused by name.
            self._db.execute(
                "INSERT OR REPLACE INTO sync_removed(fingerprint, name, removed_at) VALUES (?,?,?)",
                (
                    contact.fingerprint,
                    contact.name,
                    datetime.now(UTC).isoformat(timespec="seconds"),
                ),
            )
