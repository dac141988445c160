"""Argon2id over the passphrase, tuned once per vault to cost about half a second here."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from typing import Any

from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from willkommensordner.errors import VaultDamaged
from willkommensordner.i18n import N_

TARGET_SECONDS = 0.5
KEY_BYTES = 32


@dataclass(frozen=True, slots=True)
class KdfParams:
    memory_kib: int = 128 * 1024
    iterations: int = 3
    lanes: int = 4

    def to_json(self) -> dict[str, Any]:
        return {"name": "argon2id", **asdict(self)}

    @classmethod
    def from_json(cls, data: Any) -> KdfParams:
        try:
            if data["name"] != "argon2id":
                raise ValueError(data["name"])
            params = cls(int(data["memory_kib"]), int(data["iterations"]), int(data["lanes"]))
        except (KeyError, TypeError, ValueError):
            raise VaultDamaged(N_("The key file of the vault is damaged.")) from None
        # Refuse parameters a tampered file could use to make unlocking trivial or endless.
        if not (8 <= params.memory_kib <= 4 * 1024 * 1024 and 1 <= params.iterations <= 100):
            raise VaultDamaged(N_("The key file of the vault is damaged."))
        if not 1 <= params.lanes <= 16:
            raise VaultDamaged(N_("The key file of the vault is damaged."))
        return params

    @classmethod
    def calibrated(cls, target_seconds: float = TARGET_SECONDS) -> KdfParams:
        """Choose iterations so that one derivation takes about `target_seconds` here."""
        probe = cls(iterations=2)
        started = time.perf_counter()
        derive_key(b"calibration", b"\0" * 16, probe)
        per_iteration = (time.perf_counter() - started) / probe.iterations
        iterations = round(target_seconds / max(per_iteration, 1e-4))
        return cls(iterations=max(2, min(iterations, 50)))


def derive_key(secret: bytes, salt: bytes, params: KdfParams) -> bytes:
    return Argon2id(
        salt=salt,
        length=KEY_BYTES,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    ).derive(secret)
