"""The exchange screens' hook into the main window: an "Exchange" toolbar menu and the
dossier view's "Export this dossier…" button.

The main window calls `add_exchange_menu(window, ctx)` once; everything else is wired here so
that the window's own code stays untouched apart from that call.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QToolButton

from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.exchange.export_dialog import ExportDialog
from willkommensordner.gui.exchange.identity_dialog import IdentityDialog
from willkommensordner.gui.exchange.import_flow import ImportFlow
from willkommensordner.gui.exchange.partners import PartnersDialog


class ExchangeMenu(QObject):
    """`action` is the toolbar entry; `conflicts_pending(count)` after an import left conflicts
    (the conflict view connects here; `window.show_conflicts()` is called if it exists)."""

    conflicts_pending = Signal(int)

    def __init__(self, window: Any, ctx: GuiContext) -> None:
        super().__init__(window)
        self.window = window
        self.ctx = ctx
        tr = ctx.tr
        self.menu = QMenu(window)
        self.identity_action = self.menu.addAction(tr.gettext("Our agency &key…"))
        self.identity_action.triggered.connect(self.show_identity)
        self.partners_action = self.menu.addAction(tr.gettext("&Partner agencies…"))
        self.partners_action.triggered.connect(self.show_partners)
        self.menu.addSeparator()
        self.export_action = self.menu.addAction(tr.gettext("&Export dossiers…"))
        self.export_action.triggered.connect(lambda: self.export_dossiers(self._current()))
        self.import_action = self.menu.addAction(tr.gettext("&Import a file…"))
        self.import_action.triggered.connect(lambda: self.import_file())
        self.action = QAction(tr.gettext("E&xchange"), window)
        self.action.setToolTip(tr.gettext("Hand dossiers to partner agencies as encrypted files"))
        self.action.setMenu(self.menu)
        self.import_flow = ImportFlow(ctx, window)
        self.import_flow.conflicts_pending.connect(self.conflicts_pending)
        self.conflicts_pending.connect(self._show_conflicts)

    def show_identity(self) -> None:
        if not self.ctx.locked:
            self.ctx.dialogs.exec(IdentityDialog(self.ctx, self.window))

    def show_partners(self) -> None:
        if not self.ctx.locked:
            self.ctx.dialogs.exec(PartnersDialog(self.ctx, self.window))

    def export_dossiers(self, dossier_id: str | None = None) -> None:
        if self.ctx.locked:
            return
        dossier: Any = getattr(self.window, "dossier", None)
        shown = dossier_id is not None and getattr(dossier, "dossier_id", None) == dossier_id
        # The file carries what is saved: unsaved edits of the person are settled first.
        if shown and not dossier.confirm_leave():
            return
        self.ctx.dialogs.exec(ExportDialog(self.ctx, dossier_id, self.window))

    def import_file(self, path: Path | None = None) -> None:
        if not self.ctx.locked:
            self.import_flow.run(path)

    def _current(self) -> str | None:
        """The dossier on screen, or the one selected in the list: "this dossier"."""
        from willkommensordner.gui.main_window import Page  # the window imports this module

        page = getattr(self.window, "page", None)
        if page is Page.DOSSIER:
            return getattr(self.window.dossier, "dossier_id", None)
        if page is Page.LIST:
            current: str | None = self.window.dossiers.current_dossier_id()
            return current
        return None

    def _show_conflicts(self, _count: int) -> None:
        show = getattr(self.window, "show_conflicts", None)
        if callable(show):
            show()


def add_exchange_menu(window: Any, ctx: GuiContext) -> ExchangeMenu:
    """Put "Exchange" into the toolbar (before the spacer) and hook the dossier view.

    `window` needs `toolbar`, `act_settings`, `dossier` (gui/main_window.py); the dossier
    view's `export_requested(dossier_id)` signal opens the export for that dossier.
    """
    exchange = ExchangeMenu(window, ctx)
    toolbar = window.toolbar
    actions = toolbar.actions()
    settings_at = actions.index(window.act_settings) if window.act_settings in actions else -1
    # The spacer widget sits just before Settings: Exchange goes left of it.
    before = actions[settings_at - 1] if settings_at > 0 else None
    if before is not None:
        toolbar.insertAction(before, exchange.action)
    else:
        toolbar.addAction(exchange.action)
    button = toolbar.widgetForAction(exchange.action)
    if isinstance(button, QToolButton):
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    requested = getattr(window.dossier, "export_requested", None)
    if requested is not None:
        requested.connect(exchange.export_dossiers)
    return exchange
