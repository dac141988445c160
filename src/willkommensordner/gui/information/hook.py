"""The Information page's hook into the main window: the page, its toolbar action, navigation.

The main window calls `add_information_page(window, ctx)` once and stacks `.view`; the rest
(action, shortcut, registration for `open_information`) is wired here so the window's own
code stays untouched apart from that call.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.information.information_view import InformationView
from willkommensordner.gui.information.navigation import register_section

SHORTCUT = "Ctrl+I"


@dataclass(frozen=True)
class InformationPage:
    view: InformationView
    action: QAction


def add_information_page(window: Any, ctx: GuiContext) -> InformationPage:
    """Create the page and an "Information" toolbar action after "Search".

    `window` needs `toolbar`, `act_search` and `show_information()` (gui/main_window.py).
    """
    tr = ctx.tr
    view = InformationView(ctx)
    action = QAction(tr.gettext("&Information"), window)
    action.setShortcut(QKeySequence(SHORTCUT))
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    action.setToolTip(
        tr.gettext("Information pages for newcomers, in their language") + f" ({shortcut})"
    )
    action.triggered.connect(lambda: view.ensure_built())  # before the page is shown
    action.triggered.connect(window.show_information)
    window.addAction(action)
    toolbar = window.toolbar
    actions = toolbar.actions()
    after = actions.index(window.act_search) + 1 if window.act_search in actions else len(actions)
    if after < len(actions):
        toolbar.insertAction(actions[after], action)
    else:
        toolbar.addAction(action)
    view.show_requested.connect(window.show_information)
    register_section(ctx, view)
    return InformationPage(view, action)
