"""One sync run: write our pending bundles, then apply what the others wrote.

The shared folder is a setting of the vault; a folder that is not there (a USB stick pulled,
a share offline) is a state the run reports, not an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from willkommensordner.errors import StorageProblem, UsageError
from willkommensordner.i18n import N_
from willkommensordner.sync.receiving import Received, Receiver
from willkommensordner.sync.sending import Sender, Sent
from willkommensordner.vault.database import Database
from willkommensordner.vault.vault import Vault

NO_FOLDER = N_("No shared folder is set. Choose one with: sync folder PATH")
FOLDER_GONE = N_("The shared folder {path} is not available now (not mounted or offline).")
FOLDER_READ_ONLY = N_("The shared folder {path} cannot be written to.")


def shared_folder(db: Database) -> Path | None:
    value = db.scalar("SELECT value FROM meta WHERE key = 'sync_folder'")
    return None if not value else Path(str(value))


def set_shared_folder(vault: Vault, path: Path) -> Path:
    vault.require_writable()
    path = path.expanduser().absolute()
    if not path.is_dir():
        raise UsageError(N_("{path} is not a folder."), path=str(path))
    with vault.db.transaction():
        vault.db.execute(
            "INSERT OR REPLACE INTO meta(key, value) VALUES ('sync_folder', ?)", (str(path),)
        )
    return path


@dataclass
class RunResult:
    folder: Path | None
    available: bool
    sent: list[Sent] = field(default_factory=list)
    received: Received = field(default_factory=Received)


def run(vault: Vault) -> RunResult:
    root = shared_folder(vault.db)
    if root is None:
        raise UsageError(NO_FOLDER)
    if not root.is_dir():
        return RunResult(root, False)
    vault.require_writable()
    try:
        sent = Sender(vault, root).send_all()
    except PermissionError:
        raise StorageProblem(FOLDER_READ_ONLY, path=str(root)) from None
    except FileNotFoundError:
        return RunResult(root, False)  # pulled out while we wrote
    received = Receiver(vault, root).receive_all()
    return RunResult(root, True, sent, received)
