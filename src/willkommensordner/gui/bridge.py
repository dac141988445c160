"""The one place where core change events become Qt signals.

The core calls its listeners on whatever thread committed (a worker, often). Qt widgets may
only be touched from the GUI thread, so the listener does nothing but emit a private signal
that is queued to this object's thread; the public signals fire there, always asynchronously.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal, Slot

from willkommensordner.vault.events import Change
from willkommensordner.vault.vault import Vault


class VaultBridge(QObject):
    """Signals about the vault for every view.

    - `opened()`: a vault was unlocked (ctx.vault is set).
    - `locked()`: the vault was closed; views must drop every piece of personal data now.
    - `changed(Change)`: a commit changed records; `Change.dossier_ids`, `Change.kinds`.
    - `dossiers_changed(frozenset[str])`: the same, for views that only care about ids.
    """

    opened = Signal()
    locked = Signal()
    changed = Signal(object)
    dossiers_changed = Signal(object)
    _incoming = Signal(int, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._unsubscribe: Callable[[], None] | None = None
        # Events of a vault that was locked meanwhile must not reach the views.
        self._generation = 0
        self._incoming.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def attach(self, vault: Vault) -> None:
        self.detach()
        self._generation += 1
        generation = self._generation
        self._unsubscribe = vault.events.subscribe(
            lambda change: self._incoming.emit(generation, change)
        )

    def detach(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self._generation += 1

    @Slot(int, object)
    def _deliver(self, generation: int, change: Change) -> None:
        if generation != self._generation:
            return
        self.changed.emit(change)
        self.dossiers_changed.emit(change.dossier_ids)
