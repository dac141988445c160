"""Shared set-up for the sync tests: real vaults of one agency or of partners, one folder."""

from __future__ import annotations

from pathlib import Path

from tests.exchange_support import make_vault
from willkommensordner.exchange.contacts import Contact, ContactBook
from willkommensordner.exchange.keys import AgencyIdentity
from willkommensordner.sync import engine
from willkommensordner.sync.engine import RunResult
from willkommensordner.vault.vault import Vault


def join(a: Vault, b: Vault, *, team: bool = True, name_a: str = "", name_b: str = "") -> None:
    """Each adds the other, verified; as a team member of one agency, or as partners."""
    for here, there, name in ((a, b, name_b), (b, a, name_a)):
        book = ContactBook(here.db)
        contact = book.add(
            name or there.author.counsellor,
            AgencyIdentity.load_or_create(there.db).public,
            verified=True,
        )
        if team:
            book.set_team(contact)


def team(tmp: Path, count: int) -> tuple[list[Vault], Path]:
    shared = tmp / "shared"
    shared.mkdir(exist_ok=True)
    vaults = [make_vault(tmp, f"laptop{i}", "Sozialamt Herne") for i in range(count)]
    for i in range(count):
        for j in range(i + 1, count):
            join(vaults[i], vaults[j])
    for v in vaults:
        engine.set_shared_folder(v, shared)
    return vaults, shared


def contact(v: Vault, name: str) -> Contact:
    return ContactBook(v.db).get(name)


def run(v: Vault) -> RunResult:
    return engine.run(v)


def bundles_of(shared: Path, sender: Vault, recipient: Vault) -> list[Path]:
    from willkommensordner.sync.folder import device_name

    d = shared / device_name(AgencyIdentity.load_or_create(sender.db).public.fingerprint)
    d = d / device_name(AgencyIdentity.load_or_create(recipient.db).public.fingerprint)
    return sorted(d.glob("*.wkox"))
