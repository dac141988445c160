"""Where a vault lives: the counsellor's data directory unless `--vault` says otherwise."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_dir

from willkommensordner import APP_NAME

VAULT_FILENAME = "vault.wko"


def default_vault_path() -> Path:
    return Path(user_data_dir(APP_NAME, appauthor=False)) / VAULT_FILENAME


def envelope_path(vault_path: Path) -> Path:
    return vault_path.with_name(vault_path.name + ".keys")
