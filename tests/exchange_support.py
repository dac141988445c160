"""Shared set-up for the exchange tests: real vaults (cheap KDF), partners, dossiers."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from willkommensordner.domain.consent import Consent
from willkommensordner.domain.document import Document
from willkommensordner.domain.dossier import Dossier
from willkommensordner.domain.note import Note
from willkommensordner.domain.record import RecordKind
from willkommensordner.exchange.contacts import Contact, ContactBook
from willkommensordner.exchange.keys import AgencyIdentity
from willkommensordner.vault.kdf import KdfParams
from willkommensordner.vault.vault import Vault

FAST = KdfParams(memory_kib=1024, iterations=1, lanes=1)
PASSPHRASE = "correct horse battery staple 42"
PDF = b"%PDF-1.4\n% test scan\n" + b"0123456789" * 100 + b"\n%%EOF\n"


def make_vault(tmp: Path, name: str, agency: str) -> Vault:
    vault, _ = Vault.create(
        tmp / name / "vault.wko", PASSPHRASE, counsellor=name, agency=agency, kdf=FAST
    )
    return vault


def introduce(a: Vault, b: Vault, *, verified: bool = True) -> tuple[Contact, Contact]:
    """Each adds the other to its address book; returns (b as seen by a, a as seen by b)."""
    b_in_a = ContactBook(a.db).add(
        b.author.agency, AgencyIdentity.load_or_create(b.db).public, verified=verified
    )
    a_in_b = ContactBook(b.db).add(
        a.author.agency, AgencyIdentity.load_or_create(a.db).public, verified=verified
    )
    return b_in_a, a_in_b


def add_dossier(vault: Vault, family: str = "Haddad", given: str = "Rana") -> Dossier:
    return vault.records.save(Dossier(family_name=family, given_names=given, city="Herne"))


def give_consent(
    vault: Vault,
    dossier_id: str,
    contact: Contact,
    scope: list[RecordKind] | None = None,
    **kw: Any,
) -> Consent:
    return vault.records.save(
        Consent(
            dossier_id=dossier_id,
            recipient=contact.name,
            recipient_contact_id=contact.id,
            purpose="Hand-over",
            scope=scope if scope is not None else list(RecordKind),
            given_on=kw.pop("given_on", date(2024, 1, 1)),
            **kw,
        )
    )


def add_document_with_scan(vault: Vault, dossier_id: str, data: bytes = PDF) -> Document:
    ref = vault.attachments.add_bytes(data, "scan.pdf")
    return vault.records.save(
        Document(dossier_id=dossier_id, title="Pass", number="P123", attachments=[ref])
    )


def add_note(vault: Vault, dossier_id: str, text: str, *, sensitive: bool = False) -> Note:
    return vault.records.save(Note(dossier_id=dossier_id, text=text, sensitive=sensitive))


def live_state(vault: Vault) -> dict[tuple[str, str], Any]:
    """Every live record's content, keyed by (kind, id): what must agree between copies."""
    state: dict[tuple[str, str], Any] = {}
    for rid, body in vault.db.query("SELECT id, body FROM dossier WHERE deleted = 0"):
        state[("dossier", rid)] = json.loads(body)
    for rid, kind, did, body in vault.db.query(
        "SELECT r.id, r.kind, r.dossier_id, r.body FROM record r"
        " JOIN dossier d ON d.id = r.dossier_id WHERE r.deleted = 0 AND d.deleted = 0"
    ):
        state[(kind, rid)] = (did, json.loads(body))
    return state


def full_state(vault: Vault) -> dict[str, Any]:
    """Everything the vault holds that an import could change: records with meta, blobs,
    audit, conflicts, imports."""
    return {
        "dossier": vault.db.query("SELECT * FROM dossier ORDER BY id"),
        "record": vault.db.query("SELECT * FROM record ORDER BY id"),
        "blob": vault.db.query("SELECT sha256, size FROM blob ORDER BY sha256"),
        "audit": vault.db.query("SELECT count(*) FROM audit"),
        "conflict": vault.db.query("SELECT * FROM exchange_conflict ORDER BY id"),
        "import": vault.db.query("SELECT * FROM exchange_import ORDER BY file_id"),
        "search": vault.db.query("SELECT rowid, terms FROM dossier_search ORDER BY rowid"),
        "name_keys": vault.db.query("SELECT * FROM search_name_key ORDER BY key, dossier"),
    }
