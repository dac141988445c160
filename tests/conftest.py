"""Shared fixtures: every test gets its own real SQLCipher vault in a temp folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from willkommensordner.vault.kdf import KdfParams
from willkommensordner.vault.vault import Vault

# Argon2id tuned for the laptop costs half a second; tests choose a cheap cost explicitly.
FAST_KDF = KdfParams(memory_kib=1024, iterations=1, lanes=1)
PASSPHRASE = "correct horse battery staple"


@pytest.fixture
def fast_kdf() -> KdfParams:
    return FAST_KDF


@pytest.fixture
def vault_path(tmp_path: Path) -> Path:
    return tmp_path / "vaults" / "vault.wko"


@pytest.fixture
def vault(vault_path: Path) -> Iterator[Vault]:
    created, _ = Vault.create(
        vault_path, PASSPHRASE, counsellor="Erika Beispiel", agency="Caritas", kdf=FAST_KDF
    )
    yield created
    created.close()


@pytest.fixture
def vault_with_key(vault_path: Path) -> Iterator[tuple[Vault, str]]:
    created, key = Vault.create(vault_path, PASSPHRASE, kdf=FAST_KDF)
    yield created, key
    created.close()
