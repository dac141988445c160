"""Unsaved edits survive the idle lock and a crash: forms hand their state to the vault.

The protocol is small. A form or dialog that can hold unsaved edits implements `Drafting`:
`form_draft()` gives a `Draft` (vault/drafts.py) while it has unsaved changes, else None;
`restore_draft(state)` puts such a state back. The `DraftKeeper` asks every registered
source, writes the drafts into the vault (the only place that is encrypted at rest): every
few seconds while something is dirty, and at once before a lock. Nothing of a draft is ever
written anywhere else.

Dialogs are shown through `DraftBoard.showing()` (record dialogs do that themselves): the
board knows the dialog is open, and a drafted state waiting for that kind of dialog is
filled in before it appears (`take`).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol

from PySide6.QtCore import QObject, QTimer

from willkommensordner.errors import UserError
from willkommensordner.vault.database import DatabaseError
from willkommensordner.vault.drafts import Draft
from willkommensordner.vault.vault import Vault

log = logging.getLogger(__name__)
# Often enough that a crash loses at most a sentence; rarely enough to cost nothing.
SAVE_INTERVAL_MS = 3000


class Drafting(Protocol):
    def form_draft(self) -> Draft | None: ...

    def restore_draft(self, state: dict[str, Any]) -> None: ...


class DraftBoard:
    """The dialogs open right now that may hold unsaved edits, and states waiting for one."""

    def __init__(self) -> None:
        self._open: list[Drafting] = []
        self._waiting: dict[str, dict[str, Any]] = {}

    @contextmanager
    def showing(self, dialog: Drafting) -> Iterator[None]:
        self._open.append(dialog)
        try:
            yield
        finally:
            self._open.remove(dialog)

    def drafts(self) -> list[Draft]:
        return [d for d in (source.form_draft() for source in self._open) if d is not None]

    def wait_for(self, kind: str, state: dict[str, Any]) -> None:
        """Keep `state` for the next dialog of this kind (a restored draft reopens it)."""
        self._waiting[kind] = state

    def take(self, kind: str) -> dict[str, Any] | None:
        return self._waiting.pop(kind, None)

    def forget_waiting(self) -> None:
        self._waiting.clear()


class DraftKeeper(QObject):
    """Writes the drafts of `sources` into the open vault; `save_now()` before a lock.

    Writes only when the drafts differ from what was last written, so an idle, clean app
    writes nothing. A vault that cannot take the write (full disk) is logged without
    content; the form keeps its edits either way.
    """

    def __init__(
        self,
        vault: Callable[[], Vault | None],
        sources: Callable[[], list[Draft]],
        parent: QObject | None = None,
        interval_ms: int = SAVE_INTERVAL_MS,
    ) -> None:
        super().__init__(parent)
        self._vault = vault
        self._sources = sources
        self._written: str | None = None
        self._keeping = False
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.save_if_changed)

    def start(self, stored: list[Draft]) -> None:
        """Start keeping drafts; `stored` is what the vault holds now (after restoring).

        Until then nothing is written: the drafts of the last session stay untouched while
        the counsellor decides about them, even if the app locks again meanwhile.
        """
        self._written = _fingerprint(stored)
        self._keeping = True
        self.timer.start()

    def stop(self) -> None:
        self._keeping = False
        self.timer.stop()

    def save_if_changed(self) -> list[Draft]:
        """Write the current drafts if they changed; returns them."""
        vault = self._vault()
        if vault is None or not self._keeping:
            return []
        drafts = self._sources()
        fingerprint = _fingerprint(drafts)
        if fingerprint == self._written:
            return drafts
        try:
            vault.drafts.replace(drafts)
        except (UserError, DatabaseError):
            log.warning("unsaved edits could not be kept in the vault")
            return drafts
        self._written = fingerprint
        return drafts

    def save_now(self) -> list[Draft]:
        """Before a lock or a close: the drafts as they are this moment, then stop."""
        drafts = self.save_if_changed()
        self.stop()
        return drafts


def _fingerprint(drafts: list[Draft]) -> str:
    return json.dumps(
        [(d.key, d.dossier_id, d.title, d.state) for d in drafts],
        ensure_ascii=False,
        sort_keys=True,
    )
