"""Who is responsible for the processing (the controller) and its data protection contact,
as the agency enters them once; the consent form prints both."""

from __future__ import annotations

from dataclasses import dataclass

from willkommensordner.errors import InvalidInput
from willkommensordner.i18n import N_
from willkommensordner.vault.vault import Vault

_NAME, _CONTACT = "controller_name", "data_protection_contact"
_LIMIT = 500


@dataclass(frozen=True)
class Controller:
    name: str  # the agency with its address
    data_protection_contact: str  # its data protection officer: name, address, e-mail


def controller(vault: Vault) -> Controller:
    found = dict(
        vault.db.query("SELECT key, value FROM meta WHERE key IN (?, ?)", (_NAME, _CONTACT))
    )
    return Controller(
        str(found.get(_NAME) or vault.author.agency or ""), str(found.get(_CONTACT) or "")
    )


def set_controller(vault: Vault, name: str, data_protection_contact: str) -> None:
    name, contact = " ".join(name.split()), data_protection_contact.strip()
    if not name or len(name) > _LIMIT or len(contact) > _LIMIT:
        raise InvalidInput(N_("Enter the agency's name and address (up to 500 characters each)."))
    with vault.db.transaction():
        vault.db.executemany(
            "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
            [(_NAME, name), (_CONTACT, contact)],
        )
