"""The menu bar: every action of the window in a menu with a mnemonic, its shortcut shown.

The toolbar buttons take no keyboard focus; the menus (Alt + the underlined letter, or F10)
are how keyboard and screen-reader users reach everything. The window's own actions are
reused, so a menu entry and its toolbar button are one action with one shortcut.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar

from willkommensordner.gui.context import GuiContext

KEYBOARD_SHORTCUTS_KEYS = "Ctrl+F1"


def build_menu_bar(window: Any, ctx: GuiContext) -> QMenuBar:
    """Menus over the actions `window` (gui/main_window.py) already holds.

    Sets `window.help_menu`, where Help → About is added by gui/desktop_integration.py.
    """
    tr = ctx.tr
    bar: QMenuBar = window.menuBar()
    bar.setAccessibleName(tr.gettext("Menu bar"))

    file_menu = bar.addMenu(tr.gettext("&File"))
    file_menu.addAction(window.act_settings)
    file_menu.addSeparator()
    file_menu.addAction(window.act_lock)
    quit_action = _action(window, tr.gettext("&Quit"), QKeySequence.StandardKey.Quit)
    quit_action.triggered.connect(window.close)
    file_menu.addAction(quit_action)

    dossier_menu = bar.addMenu(tr.gettext("&Dossier"))
    dossier_menu.addAction(window.act_new)
    dossier_menu.addAction(window.act_search)

    exchange_menu: QMenu = window.exchange.menu
    exchange_menu.setTitle(tr.gettext("E&xchange"))
    bar.addMenu(exchange_menu)

    privacy_menu = bar.addMenu(tr.gettext("Data pro&tection"))
    privacy_menu.addAction(window.act_data_protection)

    view_menu = bar.addMenu(tr.gettext("&View"))
    for act in (window.act_agenda, window.act_list, window.information.action):
        view_menu.addAction(act)
    view_menu.addAction(window.conflicts.action)

    help_menu = bar.addMenu(tr.gettext("&Help"))
    window.act_shortcuts = _action(window, tr.gettext("&Keyboard shortcuts"), "Ctrl+F1")
    window.act_shortcuts.triggered.connect(lambda: _show_shortcuts(window, ctx))
    help_menu.addAction(window.act_shortcuts)
    window.act_statement = _action(window, tr.gettext("Accessibility &statement"), "")
    window.act_statement.triggered.connect(lambda: _show_statement(window, ctx))
    help_menu.addAction(window.act_statement)
    help_menu.addSeparator()
    window.help_menu = help_menu
    return bar


def _action(window: Any, text: str, keys: str | QKeySequence.StandardKey) -> QAction:
    action = QAction(text, window)
    if keys:
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    window.addAction(action)
    return action


def _show_shortcuts(window: Any, ctx: GuiContext) -> None:
    from willkommensordner.gui.shortcuts_dialog import ShortcutsDialog

    ctx.dialogs.exec(ShortcutsDialog(ctx.tr, window.menuBar(), window))


def _show_statement(window: Any, ctx: GuiContext) -> None:
    from willkommensordner.gui.accessibility_statement import StatementDialog

    ctx.dialogs.exec(StatementDialog(ctx, window))
