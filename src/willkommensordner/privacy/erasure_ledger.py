"""Erasures that outlive a restore: a small encrypted file outside the vault and its backups.

Deleting a dossier for good (or anonymising it) happens in the vault; a backup written before
still holds the person. So every erasure is also written to a ledger in the app's data folder,
one file per vault id, AES-256-GCM under a key derived from the vault's data key (which a
backup shares with the vault, the passphrase notwithstanding). A restore replaces the vault
file and its key file, never this one; opening a vault re-applies every erasure in its ledger
that the vault does not show yet. The ledger holds only markers (hashes of random dossier
ids), and it is encrypted all the same, so a stranger does not even learn how many there are.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from willkommensordner import storage
from willkommensordner.errors import StorageProblem, VaultDamaged
from willkommensordner.i18n import N_
from willkommensordner.portable import app_dirs
from willkommensordner.vault.erasure import erasure_marker
from willkommensordner.vault.vault import Vault

PURGE = "purge"
ANONYMISE = "anonymise"
_PURPOSE = b"erasure ledger"
_NONCE = 12
DAMAGED = N_(
    "The list of erasures of this vault ({path}) is damaged. Ask your administrator: it"
    " keeps deleted dossiers deleted after a restore."
)
UNUSABLE = N_(
    "The list of erasures of this vault ({path}) cannot be read or written. Nothing was"
    " deleted. Check the app's data folder."
)
REAPPLIED = N_(
    "{count} dossier(s) deleted or anonymised after this backup was made were deleted or"
    " anonymised again."
)


@dataclass(frozen=True, slots=True)
class Erasure:
    marker: str
    how: str  # PURGE or ANONYMISE
    at: str


def ledger_path(vault: Vault, folder: Path | None = None) -> Path:
    return (folder or app_dirs().data_dir) / "erasures" / f"{vault.vault_id}.bin"


def read(vault: Vault, path: Path | None = None) -> list[Erasure]:
    path = path or ledger_path(vault)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return []
    except OSError:
        raise StorageProblem(UNUSABLE, path=str(path)) from None
    try:
        plain = AESGCM(vault.purpose_key(_PURPOSE)).decrypt(
            raw[:_NONCE], raw[_NONCE:], vault.vault_id.encode()
        )
        listed = json.loads(plain)["erased"]
        return [Erasure(str(e["marker"]), str(e["how"]), str(e["at"])) for e in listed]
    except (InvalidTag, ValueError, KeyError, TypeError):
        raise VaultDamaged(DAMAGED, path=str(path)) from None


def record(vault: Vault, dossier_id: str, how: str, path: Path | None = None) -> None:
    """Add one erasure; called inside the erasing transaction, so a ledger that cannot be
    written stops the erasure with a message instead of leaving it unrecorded."""
    path = path or ledger_path(vault)
    entries = read(vault, path)
    marker = erasure_marker(dossier_id)
    # An anonymised dossier deleted later: the deletion is what counts.
    entries = [e for e in entries if not (e.marker == marker and how == PURGE)]
    if not any(e.marker == marker for e in entries):
        entries.append(Erasure(marker, how, datetime.now(UTC).isoformat(timespec="seconds")))
    plain = json.dumps(
        {"erased": [{"marker": e.marker, "how": e.how, "at": e.at} for e in entries]}
    ).encode()
    nonce = secrets.token_bytes(_NONCE)
    data = nonce + AESGCM(vault.purpose_key(_PURPOSE)).encrypt(
        nonce, plain, vault.vault_id.encode()
    )
    tmp = path.with_name(path.name + ".tmp")
    try:
        with storage.writing(path):
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            try:
                with storage.open_private(tmp) as fh:
                    fh.write(data)
                    fh.flush()
                    os.fsync(fh.fileno())
                tmp.replace(path)
            finally:
                with contextlib.suppress(OSError):
                    tmp.unlink()
    except OSError:
        raise StorageProblem(UNUSABLE, path=str(path)) from None


def pending(vault: Vault, path: Path | None = None) -> list[tuple[str, str]]:
    """(dossier id, how) for every dossier of the vault the ledger names."""
    wanted = {e.marker: e.how for e in read(vault, path)}
    if not wanted:
        return []
    found: list[tuple[str, str]] = []
    for (dossier_id,) in vault.db.query("SELECT id FROM dossier"):
        how = wanted.get(erasure_marker(dossier_id))
        if how is not None:
            found.append((dossier_id, how))
    return found
