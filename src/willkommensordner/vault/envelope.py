"""The key envelope beside the database: the data key wrapped under passphrase and recovery key.

The database itself is opened with a random 256-bit data key (fast, no KDF on every open).
Changing the passphrase rewraps the key here; the database is never re-encrypted. Each slot is
AES-256-GCM with the slot's parameters as associated data, and the whole file carries an HMAC
under a key derived from the data key, so a damaged or edited envelope is noticed.

`session` (authenticated like the rest) names the last session that began writing to the
database; with the `closed_session` the database records when that session ends, it tells
whether committed changes must still be in the journal beside the database (see Vault).
"""

from __future__ import annotations

import base64
import hmac
import json
import os
import secrets
import uuid
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from willkommensordner import storage
from willkommensordner.errors import Incompatible, LockedError, NotFound, VaultDamaged
from willkommensordner.i18n import N_
from willkommensordner.vault import recovery_key
from willkommensordner.vault.kdf import KdfParams, derive_key

FORMAT = "willkommensordner-key-envelope"
VERSION = 1
PASSPHRASE = "passphrase"
RECOVERY = "recovery"
SALT_BYTES = 16

_DAMAGED = N_("The key file of the vault is damaged. Restore it from a backup.")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise VaultDamaged(_DAMAGED)
    try:
        return base64.b64decode(text, validate=True)
    except ValueError:
        raise VaultDamaged(_DAMAGED) from None


def _salt(slot: dict[str, Any]) -> bytes:
    """The slot's salt, as long as the ones this app makes (Argon2id refuses short ones)."""
    salt = _unb64(slot["kdf"].get("salt"))
    if len(salt) != SALT_BYTES:
        raise VaultDamaged(_DAMAGED)
    return salt


def _hkdf(secret: bytes, salt: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(secret)


def _canonical(data: Any) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


@dataclass
class Envelope:
    vault_id: str
    slots: dict[str, dict[str, Any]] = field(default_factory=dict)
    session: str | None = None

    # --- creating and changing -------------------------------------------------------------

    @classmethod
    def new(cls, data_key: bytes, passphrase: str, kdf: KdfParams) -> tuple[Envelope, str]:
        """A fresh envelope, and the recovery key the user must write down now."""
        envelope = cls(vault_id=str(uuid.uuid4()))
        envelope.set_passphrase(data_key, passphrase, kdf)
        key = envelope.set_recovery_key(data_key)
        return envelope, key

    def set_passphrase(self, data_key: bytes, passphrase: str, kdf: KdfParams) -> None:
        salt = secrets.token_bytes(SALT_BYTES)
        kdf_json = {**kdf.to_json(), "salt": _b64(salt)}
        wrapping = derive_key(passphrase.encode("utf-8"), salt, kdf)
        self.slots[PASSPHRASE] = self._wrap(PASSPHRASE, kdf_json, wrapping, data_key)

    def set_recovery_key(self, data_key: bytes) -> str:
        key = recovery_key.generate()
        salt = secrets.token_bytes(SALT_BYTES)
        kdf_json = {"name": "hkdf-sha256", "salt": _b64(salt)}
        wrapping = _hkdf(recovery_key.parse(key), salt, b"willkommensordner recovery")
        self.slots[RECOVERY] = self._wrap(RECOVERY, kdf_json, wrapping, data_key)
        return key

    def _wrap(
        self, slot: str, kdf_json: dict[str, Any], wrapping: bytes, data_key: bytes
    ) -> dict[str, Any]:
        nonce = secrets.token_bytes(12)
        aad = self._aad(slot, kdf_json)
        wrapped = AESGCM(wrapping).encrypt(nonce, data_key, aad)
        return {"kdf": kdf_json, "nonce": _b64(nonce), "wrapped": _b64(wrapped)}

    def _aad(self, slot: str, kdf_json: dict[str, Any]) -> bytes:
        return _canonical({"vault_id": self.vault_id, "slot": slot, "kdf": kdf_json})

    # --- opening ---------------------------------------------------------------------------

    def kdf_params(self) -> KdfParams:
        return KdfParams.from_json(self._slot(PASSPHRASE)["kdf"])

    def unwrap_with_passphrase(self, passphrase: str) -> bytes:
        slot = self._slot(PASSPHRASE)
        salt = _salt(slot)
        wrapping = derive_key(passphrase.encode("utf-8"), salt, self.kdf_params())
        return self._unwrap(PASSPHRASE, slot, wrapping, N_("The passphrase is not correct."))

    def unwrap_with_recovery_key(self, key_text: str) -> bytes:
        slot = self._slot(RECOVERY)
        salt = _salt(slot)
        wrapping = _hkdf(recovery_key.parse(key_text), salt, b"willkommensordner recovery")
        return self._unwrap(RECOVERY, slot, wrapping, N_("The recovery key is not correct."))

    def _slot(self, name: str) -> dict[str, Any]:
        slot = self.slots.get(name)
        if not isinstance(slot, dict) or not isinstance(slot.get("kdf"), dict):
            raise VaultDamaged(_DAMAGED)
        return slot

    def _unwrap(self, name: str, slot: dict[str, Any], wrapping: bytes, wrong: str) -> bytes:
        nonce, wrapped = _unb64(slot.get("nonce")), _unb64(slot.get("wrapped"))
        if len(nonce) != 12:
            raise VaultDamaged(_DAMAGED)
        try:
            data_key = AESGCM(wrapping).decrypt(nonce, wrapped, self._aad(name, slot["kdf"]))
        except InvalidTag:
            raise LockedError(wrong) from None
        if len(data_key) != 32:
            raise VaultDamaged(_DAMAGED)
        return data_key

    # --- the file --------------------------------------------------------------------------

    def _content(self) -> dict[str, Any]:
        content = {
            "format": FORMAT,
            "version": VERSION,
            "vault_id": self.vault_id,
            "slots": self.slots,
        }
        # Only when set, so that key files written before it existed keep their MAC.
        if self.session is not None:
            content["session"] = self.session
        return content

    def _mac(self, data_key: bytes) -> str:
        mac_key = _hkdf(data_key, b"", b"willkommensordner envelope mac")
        return _b64(hmac.digest(mac_key, _canonical(self._content()), "sha256"))

    def verify(self, data_key: bytes, mac: str) -> None:
        if not hmac.compare_digest(self._mac(data_key), mac):
            raise VaultDamaged(_DAMAGED)

    def file_bytes(self, data_key: bytes) -> bytes:
        return json.dumps({**self._content(), "mac": self._mac(data_key)}, indent=2).encode()

    def save(self, path: Path, data_key: bytes) -> None:
        """Write atomically: a crash leaves the old envelope or the new one, never half."""
        data = self.file_bytes(data_key)
        tmp = path.with_name(path.name + ".tmp")
        try:
            with storage.writing(path):
                with storage.open_private(tmp) as fh:
                    fh.write(data)
                    fh.flush()
                    os.fsync(fh.fileno())
                tmp.replace(path)
                _fsync_dir(path.parent)
        finally:
            with suppress(FileNotFoundError):
                tmp.unlink()

    @classmethod
    def load(cls, path: Path) -> tuple[Envelope, str]:
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise NotFound(
                N_("The key file of the vault is missing ({name}). Restore it from a backup."),
                name=path.name,
            ) from None
        if len(raw) > 64 * 1024:
            raise VaultDamaged(_DAMAGED)
        try:
            data = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            raise VaultDamaged(_DAMAGED) from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise VaultDamaged(_DAMAGED)
        if not isinstance(data.get("version"), int):
            raise VaultDamaged(_DAMAGED)
        if data["version"] > VERSION:
            raise Incompatible(
                N_("This vault was made by a newer version of the app. Please update the app.")
            )
        vault_id, slots, mac = data.get("vault_id"), data.get("slots"), data.get("mac")
        if not isinstance(vault_id, str) or not isinstance(slots, dict) or not isinstance(mac, str):
            raise VaultDamaged(_DAMAGED)
        session = data.get("session")
        if session is not None and not isinstance(session, str):
            raise VaultDamaged(_DAMAGED)
        return cls(vault_id=vault_id, slots=slots, session=session), mac


def _fsync_dir(directory: Path) -> None:
    if os.name == "posix":
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
