"""The sync indicator and panel in the real window: a run on unlock through the Runner,
what it shows, and a vanished folder as a status without any dialog."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.exchange_support import add_dossier, make_vault
from tests.gui_support import GUI_PASSPHRASE
from tests.sync_support import join
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.dialogs import ScriptedAnswerer
from willkommensordner.gui.main_window import MainWindow, Page
from willkommensordner.sync import engine
from willkommensordner.vault.vault import Vault

pytestmark = pytest.mark.gui
pytest_plugins = ("tests.gui_support",)


@pytest.fixture
def colleague_wrote(gui_ctx: GuiContext, tmp_path: Path) -> Path:
    """The window's vault and a colleague's laptop of the same agency; the colleague has
    written one bundle with one dossier into the shared folder."""
    shared = tmp_path / "shared"
    shared.mkdir()
    ours, _ = Vault.create(
        gui_ctx.vault_path, GUI_PASSPHRASE, counsellor="Erika", agency="Amt", kdf=gui_ctx.kdf
    )
    other = make_vault(tmp_path, "colleague", "Amt")
    join(ours, other, name_a="Erika", name_b="Kollegin")
    engine.set_shared_folder(ours, shared)
    engine.set_shared_folder(other, shared)
    add_dossier(other, "Petrenko", "Olena")
    engine.run(other)
    ours.close()
    other.close()
    return shared


def _window(qtbot: Any, qapp: Any, ctx: GuiContext) -> MainWindow:
    win = MainWindow(ctx, qapp)
    qtbot.addWidget(win)
    win.show()
    win.unlock_view.passphrase.setText(GUI_PASSPHRASE)
    win.unlock_view.try_unlock()
    qtbot.waitUntil(lambda: win.page is Page.AGENDA, timeout=10_000)
    return win


def test_unlock_runs_sync_and_the_panel_shows_members(
    qtbot: Any, qapp: Any, gui_ctx: GuiContext, colleague_wrote: Path
) -> None:
    win = _window(qtbot, qapp, gui_ctx)
    qtbot.waitUntil(lambda: win.sync.indicator.text() == "Sync: up to date", timeout=10_000)
    vault = gui_ctx.require_vault()
    assert vault.db.scalar("SELECT json_extract(body, '$.family_name') FROM dossier") == "Petrenko"
    win.sync.open_panel()
    panel = win.sync.panel
    assert panel is not None and panel.isVisible()
    table = panel.members
    assert table.rowCount() == 1
    row = [table.item(0, c).text() for c in range(table.columnCount())]
    assert row[:4] == ["Kollegin", "team member", "0", "1"]  # we sent before theirs came in
    assert not panel.held.isVisible()
    win.lock()
    assert not win.sync.indicator.isVisible() and win.sync.panel is None


def test_a_vanished_folder_shows_in_the_indicator_only(
    qtbot: Any, qapp: Any, gui_ctx: GuiContext, colleague_wrote: Path, answers: ScriptedAnswerer
) -> None:
    shutil.rmtree(colleague_wrote)
    win = _window(qtbot, qapp, gui_ctx)
    qtbot.waitUntil(
        lambda: win.sync.indicator.text() == "Sync: folder not available", timeout=10_000
    )
    win.sync.run_now()
    qtbot.waitUntil(lambda: not win.sync.running, timeout=10_000)
    assert win.sync.indicator.text() == "Sync: folder not available"
    assert answers.asked == []
