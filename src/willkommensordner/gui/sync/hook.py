"""Sync in the main window: a status-bar indicator that opens the panel, and automatic runs.

A run goes through the Runner, never on the GUI thread: on unlock and every few minutes
while unlocked. Its problems show in the indicator instead of dialogs, so a pulled USB stick
or an offline share does not bring up one message every few minutes.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QFileDialog, QPushButton

from willkommensordner.errors import UserError
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.sync.sync_panel import SyncPanel
from willkommensordner.sync import engine
from willkommensordner.sync.status import SyncStatus, status
from willkommensordner.vault.vault import Vault

EVERY_MINUTES = 3
log = logging.getLogger(__name__)


def _run_and_report(vault: Vault) -> SyncStatus:
    if engine.shared_folder(vault.db) is not None:
        engine.run(vault)
    return status(vault.db)


class SyncHook(QObject):
    def __init__(self, window: Any, ctx: GuiContext) -> None:
        super().__init__(window)
        self.window = window
        self.ctx = ctx
        self.state: SyncStatus | None = None
        self.problem: str | None = None
        self.running = False
        self.indicator = QPushButton()
        self.indicator.setFlat(True)
        self.indicator.setAccessibleName(ctx.tr.gettext("Sync"))
        self.indicator.clicked.connect(self.open_panel)
        self.indicator.hide()
        window.statusBar().addPermanentWidget(self.indicator)
        self.panel: SyncPanel | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(EVERY_MINUTES * 60_000)
        self.timer.timeout.connect(self.run_now)
        ctx.bridge.opened.connect(self._opened)
        ctx.bridge.locked.connect(self._locked)

    def _opened(self) -> None:
        self.indicator.show()
        self.timer.start()
        self.run_now()

    def _locked(self) -> None:
        self.timer.stop()
        self.state = None
        self.indicator.hide()
        if self.panel is not None:
            self.panel.close()
            self.panel = None

    def run_now(self) -> None:
        vault = self.ctx.vault
        if vault is None or self.running:
            return
        self.running = True
        self.indicator.setText(self.ctx.tr.gettext("Sync: running…"))
        self.ctx.runner.submit(lambda: _run_and_report(vault), self._done, self._failed)

    def _done(self, state: SyncStatus) -> None:
        self.running = False
        self.problem = None
        self.state = state
        self._show()

    def _failed(self, error: BaseException) -> None:
        self.running = False
        if isinstance(error, UserError):
            self.problem = error.message(self.ctx.tr)
        else:
            # Only the kind of failure: the message could hold personal data.
            log.error("sync run failed: %s", type(error).__name__)
            self.problem = self.ctx.tr.gettext("Sync stopped because of an unexpected error.")
        self._show()

    def _show(self) -> None:
        tr = self.ctx.tr
        state = self.state
        if self.problem is not None:
            text = tr.gettext("Sync: problem")
            self.indicator.setToolTip(self.problem)
        elif state is None or state.folder is None:
            text = tr.gettext("Sync: not set up")
        elif not state.available:
            text = tr.gettext("Sync: folder not available")
        elif state.held or any(m.waiting_for for m in state.members):
            text = tr.format(
                "Sync: {count} waiting or held",
                {
                    "count": len(state.held)
                    + sum(1 for m in state.members if m.waiting_for is not None)
                },
            )
        else:
            text = tr.gettext("Sync: up to date")
        self.indicator.setText(text)
        if self.panel is not None and state is not None:
            self.panel.show_status(state)

    def open_panel(self) -> None:
        if self.panel is None:
            self.panel = SyncPanel(self.ctx, self.window)
            self.panel.run_requested.connect(self.run_now)
            self.panel.folder_requested.connect(self.choose_folder)
        if self.state is not None:
            self.panel.show_status(self.state)
        self.panel.show()
        self.panel.raise_()

    def choose_folder(self) -> None:
        vault = self.ctx.vault
        if vault is None:
            return
        chosen = QFileDialog.getExistingDirectory(
            self.panel, self.ctx.tr.gettext("Choose shared folder…")
        )
        if chosen:
            self.set_folder(Path(chosen))

    def set_folder(self, path: Path) -> None:
        vault = self.ctx.vault
        if vault is None:
            return
        self.ctx.runner.submit(
            lambda: engine.set_shared_folder(vault, path),
            lambda _path: self.run_now(),
            self._failed,
        )


def add_sync(window: Any, ctx: GuiContext) -> SyncHook:
    return SyncHook(window, ctx)
