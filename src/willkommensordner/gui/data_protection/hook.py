"""The data protection entry of the main window: one toolbar action opening the dialog.

The main window calls `add_data_protection_action(window, ctx)` once and adds the returned
action to the ones enabled only while unlocked; everything else is wired here.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAction

from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.data_protection.monitoring_dialog import MonitoringDialog
from willkommensordner.gui.data_protection.retention_dialog import RetentionDialog


def open_retention(window: Any, ctx: GuiContext) -> RetentionDialog:
    dialog = RetentionDialog(
        ctx,
        window,
        open_monitoring=lambda: open_monitoring(dialog, ctx),
        open_dossier=window.open_dossier,
    )
    ctx.dialogs.exec(dialog)
    return dialog


def open_monitoring(parent: Any, ctx: GuiContext) -> MonitoringDialog:
    dialog = MonitoringDialog(ctx, parent)
    ctx.dialogs.exec(dialog)
    return dialog


def add_data_protection_action(window: Any, ctx: GuiContext) -> QAction:
    """A "Data protection" action left of "Settings" (`window.toolbar`, `window.act_settings`)."""
    tr = ctx.tr
    action = QAction(tr.gettext("Data &protection"), window)
    action.setToolTip(
        tr.gettext("Deletion queue, retention period and anonymous monitoring figures")
    )
    action.triggered.connect(lambda: ctx.locked or open_retention(window, ctx))
    window.addAction(action)
    toolbar = window.toolbar
    if window.act_settings in toolbar.actions():
        toolbar.insertAction(window.act_settings, action)
    else:
        toolbar.addAction(action)
    return action
