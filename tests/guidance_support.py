"""Helpers for the guidance tests: a real vault and the seven typical cases as dossiers."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from willkommensordner.domain.document import Document
from willkommensordner.domain.dossier import Dossier
from willkommensordner.domain.household import HouseholdMember
from willkommensordner.guidance.analysis import save_analysis
from willkommensordner.vault.vault import Vault

FIXTURES = Path(__file__).parent / "fixtures"


def seven_cases() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / "seven_cases.json").read_text("utf-8"))
    return data


def save_case(vault: Vault, case: dict[str, Any]) -> str:
    """Store one fixture case as a dossier with household, documents and analysis."""
    with vault.db.transaction():
        dossier = vault.records.save(Dossier.model_validate(case["dossier"]))
        for member in case.get("household", []):
            vault.records.save(HouseholdMember.model_validate({**member, "dossier_id": dossier.id}))
        for doc in case.get("documents", []):
            vault.records.save(Document.model_validate({**doc, "dossier_id": dossier.id}))
        analysis = case.get("analysis")
        if analysis:
            save_analysis(
                vault,
                dossier.id,
                analysis["answers"],
                completed_on=date.fromisoformat(analysis["completed_on"]),
            )
    return dossier.id


def decrypted_pages(path: Path, key: bytes) -> bytes:
    """Every page of a SQLCipher 4 file decrypted, free pages included (test use only).

    With a raw key SQLCipher encrypts each 4096-byte page with AES-256-CBC under that key; the
    last 80 bytes of a page are the IV and the HMAC, the first 16 bytes of the file the salt.
    """
    raw = path.read_bytes()
    size, reserve = 4096, 80
    out = bytearray()
    for offset in range(0, len(raw), size):
        page = raw[offset : offset + size]
        iv = page[size - reserve : size - reserve + 16]
        decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
        out += decryptor.update(page[16 if offset == 0 else 0 : size - reserve])
        out += decryptor.finalize()
    return bytes(out)
