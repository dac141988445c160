"""Argon2id over the passphrase, tuned once per vault to cost about half a second here."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from typing import Any

from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from willkommensordner.errors import InvalidInput, VaultDamaged
from willkommensordner.i18n import N_

TARGET_SECONDS = 0.5
KEY_BYTES = 32
# What this app can produce: `calibrated()` (128 MiB, 4 lanes, 2-50 iterations) and the
# `init --kdf-memory-mib/--kdf-iterations` options. Anything outside comes from an edited or
# damaged key file, and could make unlocking trivial, endless or crash the KDF.
MIN_MEMORY_KIB = 1024
MAX_MEMORY_KIB = 1024 * 1024
MAX_ITERATIONS = 50
MAX_LANES = 4
# Calibration's most expensive choice; bigger memory needs fewer iterations.
MAX_COST = 128 * 1024 * MAX_ITERATIONS


@dataclass(frozen=True, slots=True)
class KdfParams:
    memory_kib: int = 128 * 1024
    iterations: int = 3
    lanes: int = 4

    def __post_init__(self) -> None:
        if not within_limits(self.memory_kib, self.iterations, self.lanes):
            raise InvalidInput(
                N_(
                    "The passphrase check must use {min}-{max} MiB of memory and at most"
                    " {iterations} iterations, and cost no more than {cost} MiB × iterations."
                ),
                min=MIN_MEMORY_KIB // 1024,
                max=MAX_MEMORY_KIB // 1024,
                iterations=MAX_ITERATIONS,
                cost=MAX_COST // 1024,
            )

    def to_json(self) -> dict[str, Any]:
        return {"name": "argon2id", **asdict(self)}

    @classmethod
    def from_json(cls, data: Any) -> KdfParams:
        try:
            if data["name"] != "argon2id":
                raise ValueError(data["name"])
            values = [data[key] for key in ("memory_kib", "iterations", "lanes")]
            if not all(type(v) is int for v in values):
                raise TypeError(values)
            # An InvalidInput (a ValueError) here too: parameters outside the limits.
            return cls(*values)
        except (KeyError, TypeError, ValueError):
            raise VaultDamaged(N_("The key file of the vault is damaged.")) from None

    @classmethod
    def calibrated(cls, target_seconds: float = TARGET_SECONDS) -> KdfParams:
        """Choose iterations so that one derivation takes about `target_seconds` here."""
        probe = cls(iterations=2)
        started = time.perf_counter()
        derive_key(b"calibration", b"\0" * 16, probe)
        per_iteration = (time.perf_counter() - started) / probe.iterations
        iterations = round(target_seconds / max(per_iteration, 1e-4))
        return cls(iterations=max(2, min(iterations, MAX_ITERATIONS)))


def within_limits(memory_kib: int, iterations: int, lanes: int) -> bool:
    return (
        MIN_MEMORY_KIB <= memory_kib <= MAX_MEMORY_KIB
        and 1 <= iterations <= MAX_ITERATIONS
        and 1 <= lanes <= MAX_LANES
        and memory_kib * iterations <= MAX_COST
    )


def derive_key(secret: bytes, salt: bytes, params: KdfParams) -> bytes:
    return Argon2id(
        salt=salt,
        length=KEY_BYTES,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    ).derive(secret)
