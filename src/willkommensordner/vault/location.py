"""Where a vault lives: the counsellor's data directory (or the portable folder beside the
program) unless `--vault` says otherwise."""

from __future__ import annotations

from pathlib import Path

from willkommensordner.portable import app_dirs

VAULT_FILENAME = "vault.wko"


def default_vault_path() -> Path:
    return app_dirs().data_dir / VAULT_FILENAME


def envelope_path(vault_path: Path) -> Path:
    return vault_path.with_name(vault_path.name + ".keys")


def attempts_path(vault_path: Path) -> Path:
    """The record of wrong passphrases since the last unlock (see vault/throttle.py)."""
    return vault_path.with_name(vault_path.name + ".attempts")
