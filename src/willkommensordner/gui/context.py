"""What every view gets: the vault (or None when locked) and the app's shared services.

There is no global app state: the app builds one `GuiContext` and hands it to each view's
constructor. Tests build their own with a temp vault path, a settings file in tmp_path, a
cheap KDF and a scripted dialog answerer.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject

from willkommensordner.errors import LockedError
from willkommensordner.gui.bridge import VaultBridge
from willkommensordner.gui.dialogs import Answerer, Dialogs
from willkommensordner.gui.drafts import DraftBoard
from willkommensordner.gui.runner import Runner
from willkommensordner.gui.settings import VAULT_PATH, Settings
from willkommensordner.i18n import N_, Translator
from willkommensordner.vault.kdf import KdfParams
from willkommensordner.vault.location import default_vault_path, envelope_path
from willkommensordner.vault.throttle import UnlockThrottle
from willkommensordner.vault.vault import Vault

log = logging.getLogger(__name__)


class GuiContext:
    """Shared services; `vault` is the unlocked Vault or None while locked.

    - `tr`: the UI Translator (`tr.gettext(msgid)`, `tr.format(msgid, params)`, `tr.is_rtl`)
    - `settings`: typed settings registry (gui/settings.py keys)
    - `dialogs`: message boxes, file dialogs, modal dialogs (answerable by tests)
    - `runner`: background work with callbacks on the GUI thread (`runner.submit`)
    - `bridge`: Qt signals `opened`, `locked`, `changed(Change)`, `dossiers_changed(ids)`
    - `vault_path`: the vault file this session works with
    - `kdf`: KDF parameters for a new vault/passphrase (None = calibrated; tests pass a cheap one)
    - `throttle`: the growing pause after wrong passphrases (kept beside the vault)
    - `today()`: the date views use for "today" (a fixed one in screenshots)
    - `drafts`: the open dialogs that keep drafts of unsaved edits (gui/drafts.py)
    """

    def __init__(
        self,
        *,
        tr: Translator,
        settings: Settings,
        dialogs: Dialogs,
        runner: Runner,
        bridge: VaultBridge,
        vault_path: Path,
        kdf: KdfParams | None = None,
        throttle: UnlockThrottle | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        self.tr = tr
        self.settings = settings
        self.dialogs = dialogs
        self.runner = runner
        self.bridge = bridge
        self.vault_path = vault_path
        self.kdf = kdf
        self.throttle = throttle or UnlockThrottle.beside(vault_path)
        self.today = today
        self.drafts = DraftBoard()
        self.vault: Vault | None = None
        if runner.default_error is None:
            runner.default_error = dialogs.show_error

    @classmethod
    def create(
        cls,
        tr: Translator,
        *,
        settings_path: Path | None = None,
        settings: Settings | None = None,
        vault_path: Path | None = None,
        answerer: Answerer | None = None,
        kdf: KdfParams | None = None,
        today: Callable[[], date] = date.today,
        parent: QObject | None = None,
    ) -> GuiContext:
        """The usual wiring; `parent` owns the runner and bridge QObjects."""
        if settings is None:
            settings = Settings(settings_path, parent)
        if vault_path is None:
            stored = settings.get(VAULT_PATH)
            vault_path = Path(stored) if stored else default_vault_path()
        dialogs = Dialogs(tr, answerer)
        return cls(
            tr=tr,
            settings=settings,
            dialogs=dialogs,
            runner=Runner(parent=parent),
            bridge=VaultBridge(parent),
            vault_path=vault_path,
            kdf=kdf,
            today=today,
        )

    # --- vault state ------------------------------------------------------------------------

    @property
    def locked(self) -> bool:
        return self.vault is None

    @property
    def vault_exists(self) -> bool:
        return self.vault_path.exists() and envelope_path(self.vault_path).exists()

    def require_vault(self) -> Vault:
        """The open vault, for code that only runs while unlocked."""
        if self.vault is None:
            raise LockedError(N_("The vault is locked."))
        return self.vault

    def set_vault(self, vault: Vault) -> None:
        """Adopt a freshly unlocked vault and tell every view (`bridge.opened`)."""
        if self.vault is not None and self.vault is not vault:
            self.lock()
        self.vault = vault
        self.bridge.attach(vault)
        self.bridge.opened.emit()

    def lock(self) -> None:
        """Close the vault; views clear themselves on `bridge.locked`.

        Results of background work started before are discarded, and running work is given a
        moment to finish so the database is not closed under a query.
        """
        vault = self.vault
        self.runner.discard_pending()
        self.bridge.detach()
        self.vault = None
        if vault is not None:
            if not self.runner.wait_idle(3000):
                log.warning("background work still running while locking")
            vault.close()
        self.bridge.locked.emit()
