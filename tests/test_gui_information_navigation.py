"""The Information page in the main window, `open_information` from a dossier, screenshots."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from willkommensordner.content import ContentLibrary, Notice
from willkommensordner.content.notices import notice_text
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.information.navigation import open_information, section_for
from willkommensordner.gui.information.screenshots import render_information_screens
from willkommensordner.gui.main_window import MainWindow, Page
from willkommensordner.vault.vault import Vault

pytest_plugins = ("tests.gui_support",)
PASSPHRASE = "Information in vielen Sprachen 2026"


@pytest.fixture
def library(tmp_path: Path) -> ContentLibrary:
    return ContentLibrary(tmp_path / "content")


@pytest.fixture
def window(qtbot, qapp, gui_ctx: GuiContext, library: ContentLibrary) -> MainWindow:
    vault, _key = Vault.create(
        gui_ctx.vault_path, PASSPHRASE, counsellor="Erika", agency="Caritas", kdf=gui_ctx.kdf
    )
    vault.close()
    win = MainWindow(gui_ctx, qapp)
    qtbot.addWidget(win)
    win.information.view.set_library(library)
    win.show()
    win.unlock_view.passphrase.setText(PASSPHRASE)
    win.unlock_view.try_unlock()
    qtbot.waitUntil(lambda: win.page is Page.AGENDA, timeout=10_000)
    return win


def test_toolbar_action_and_shortcut_open_the_information_page(qtbot, window: MainWindow) -> None:
    assert window.information.action in window.toolbar.actions()
    qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert window.page is Page.INFORMATION
    view = window.information.view
    assert view.page is not None and view.page.topic_id == "ankommen"
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.page is Page.AGENDA

    window.lock()
    assert window.page is Page.UNLOCK
    assert not window.information.action.isEnabled()


def test_open_information_from_a_dossier_in_the_preferred_language(
    window: MainWindow, gui_ctx: GuiContext
) -> None:
    # Dossiers may store Dari as "prs": no Dari pages yet, so Persian with a notice.
    view = open_information(gui_ctx, "prs", "gesundheit")
    assert view is window.information.view is section_for(gui_ctx)
    assert window.page is Page.INFORMATION
    assert view.lang == "fa_AF" and view.switcher.currentText() == "دری"
    assert view.page is not None and view.page.topic_id == "gesundheit"
    assert view.page_view.browser.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert view.page_view.notice.reader_texts()[0] == notice_text(
        Notice.FALLBACK, "fa_AF", requested="fa_AF", shown="fa"
    )

    # A language no pack offers yet is added to the switcher and falls back visibly.
    view = open_information(gui_ctx, "so")
    assert view.switcher.language == "so" and view.page is not None
    assert view.page.is_fallback and view.page_view.notice.isVisible()


def test_open_information_without_a_main_window_opens_its_own(qtbot, gui_ctx: GuiContext) -> None:
    view = open_information(gui_ctx, "ar", "notfall")
    qtbot.addWidget(view)
    assert view.isWindow() and view.isVisible()
    assert view.page is not None and view.page.lang == "ar"
    assert open_information(gui_ctx, "de") is view  # reused, not a second window


def test_screenshots_are_written(
    gui_ctx: GuiContext, library: ContentLibrary, tmp_path: Path
) -> None:
    files = render_information_screens(gui_ctx, tmp_path / "shots", library)
    names = sorted(p.name for p in files)
    assert names == [
        "information-ar.png",
        "information-de.png",
        "information-newcomer-fa.png",
        "information-ti.png",
    ]
    for path in files:
        image = QImage(str(path))
        assert image.width() >= 1200 and image.height() >= 700
