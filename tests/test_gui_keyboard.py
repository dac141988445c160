"""Keyboard only: Tab reaches every enabled control of each screen and never sticks in one.

Real widgets with the app's accessibility rules (gui/accessibility.py) installed, as `run_app`
does; Tab is pressed into whatever has the focus, as a keyboard user would.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from willkommensordner.domain.appointment import Appointment
from willkommensordner.gui.accessibility import install_accessibility_rules
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.main_window import MainWindow, Page
from willkommensordner.vault.demo_data import add_demo_dossiers

pytest_plugins = ("tests.gui_support",)


@pytest.fixture(autouse=True)
def rules(qapp: QApplication) -> Iterator[None]:
    installed = install_accessibility_rules(qapp)
    yield
    qapp.removeEventFilter(installed)
    installed.deleteLater()


def tab_stops(root: QWidget) -> list[QWidget]:
    """The controls a keyboard user must reach: visible, enabled, taking focus by Tab."""
    found = []
    for w in root.findChildren(QWidget):
        if w.focusProxy() is not None or not w.isVisible() or not w.isEnabled():
            continue
        if w.focusPolicy() & Qt.FocusPolicy.TabFocus != Qt.FocusPolicy.TabFocus:
            continue
        if w.window() is not root.window():
            continue
        # A line edit inside a combo box or spin box is the focus of its owner.
        parent = w.parentWidget()
        if isinstance(w, QLineEdit) and parent is not None and parent.focusProxy() is w:
            continue
        # Of a group of radio buttons Tab reaches the chosen one; arrow keys move in the group.
        if isinstance(w, QRadioButton) and not w.isChecked() and w.autoExclusive():
            continue
        found.append(w)
    return found


def press_tab_through(qtbot: QtBot, root: QWidget, presses: int) -> list[QWidget]:
    """Press Tab `presses` times; the widgets that had the focus, one per press."""
    root.activateWindow()
    qtbot.waitUntil(
        lambda: QApplication.activeWindow() is root and QApplication.focusWidget() is not None,
        timeout=3000,
    )
    seen = []
    for _ in range(presses):
        focus = QApplication.focusWidget()
        assert focus is not None
        QTest.keyClick(focus, Qt.Key.Key_Tab)
        now = QApplication.focusWidget()
        assert now is not None
        seen.append(now)
    return seen


def assert_tab_reaches_everything(qtbot: QtBot, root: QWidget, where: str) -> None:
    stops = tab_stops(root)
    assert stops, where
    # Inside a table Tab would go from cell to cell: a trap however many stops there are.
    trapping = [w for w in stops if isinstance(w, QAbstractItemView) and w.tabKeyNavigation()]
    assert trapping == [], where
    seen = press_tab_through(qtbot, root, 2 * len(stops) + 2)
    for before, after in itertools.pairwise(seen):
        # (With a single stop on the page, Tab comes back to it: that is no trap.)
        assert before is not after or len(stops) == 1, f"{where}: Tab stays in {before}"
    reached = set()
    for w in seen:
        while w is not None:
            reached.add(id(w))
            w = w.parentWidget()
    missed = [
        f"{type(w).__name__} {w.accessibleName() or w.objectName()!r}"
        for w in stops
        if id(w) not in reached
    ]
    assert not missed, f"{where}: Tab never reaches {missed}"


@pytest.fixture
def window(qtbot: QtBot, unlocked_ctx: GuiContext) -> MainWindow:
    add_demo_dossiers(unlocked_ctx.require_vault(), 3)
    window = MainWindow(unlocked_ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_tab_goes_through_the_unlock_page(qtbot: QtBot, window: MainWindow) -> None:
    window.lock()
    assert window.page is Page.UNLOCK
    assert_tab_reaches_everything(qtbot, window, "unlock")
    # The show-passphrase button is one of the stops, right after the field.
    view = window.unlock_view
    view.passphrase.setFocus()
    QTest.keyClick(view.passphrase, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is view.passphrase.toggle
    QTest.keyClick(view.passphrase.toggle, Qt.Key.Key_Space)
    assert view.passphrase.echoMode() == QLineEdit.EchoMode.Normal
    assert view.passphrase.toggle.accessibleName() == "Hide passphrase"


def test_tab_leaves_the_agenda_and_the_dossier_list(qtbot: QtBot, window: MainWindow) -> None:
    window.show_agenda()
    assert_tab_reaches_everything(qtbot, window, "agenda")
    window.show_list()
    qtbot.waitUntil(lambda: window.dossiers.table.model().rowCount() > 0, timeout=5000)
    assert_tab_reaches_everything(qtbot, window, "dossier list")


def test_tab_goes_through_every_tab_of_a_dossier(qtbot: QtBot, window: MainWindow) -> None:
    vault = window.ctx.require_vault()
    dossier_id = vault.records.dossier_ids()[0]
    window.open_dossier(dossier_id)
    tabs = window.dossier.tabs
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        qtbot.wait(20)
        assert_tab_reaches_everything(qtbot, window, f"dossier tab {tabs.tabText(index)}")


def test_tab_goes_through_the_dialogs(qtbot: QtBot, window: MainWindow) -> None:
    from willkommensordner.gui.dossier.timeline_tab import AppointmentDialog
    from willkommensordner.gui.exchange.export_dialog import ExportDialog
    from willkommensordner.gui.settings_dialog import SettingsDialog

    ctx = window.ctx
    dossier_id = ctx.require_vault().records.dossier_ids()[0]
    appointment = Appointment(dossier_id=dossier_id, start=datetime(2026, 4, 1, 9, 0))
    dialogs: list[tuple[str, QDialog]] = [
        ("appointment", AppointmentDialog(ctx.tr, "New appointment", appointment)),
        ("settings", SettingsDialog(ctx, window)),
        ("export", ExportDialog(ctx, dossier_id, window)),
    ]
    for where, dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        assert_tab_reaches_everything(qtbot, dialog, where)
        if where == "appointment":
            # Fields first, the OK/Cancel row last (the fields are made after the buttons).
            dialog.reject()
            dialog = AppointmentDialog(ctx.tr, "New appointment", appointment)
            qtbot.addWidget(dialog)
            dialog.show()
            qtbot.waitExposed(dialog)
            stops = tab_stops(dialog)
            order = [QApplication.focusWidget(), *press_tab_through(qtbot, dialog, len(stops))]
            kinds = ["button" if isinstance(w, QPushButton) else "field" for w in order]
            first_button = kinds.index("button")
            assert first_button >= len(stops) - 2, kinds
            assert kinds[first_button : first_button + 2] == ["button", "button"], kinds
        dialog.reject()
