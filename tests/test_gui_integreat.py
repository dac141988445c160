"""Settings → content: an Integreat download is previewed in a dialog, imported only after
the user confirms; the reading and writing run in the runner."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from tests.test_content_integreat import DUMP
from willkommensordner.content.library import ContentLibrary
from willkommensordner.gui.content_packs_section import ContentPacksSection
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.dialogs import DialogRequest, Kind, ScriptedAnswerer
from willkommensordner.gui.integreat_import_dialog import IntegreatPreviewDialog

pytest_plugins = ("tests.gui_support",)


def _section(qtbot: QtBot, ctx: GuiContext, data: Path) -> ContentPacksSection:
    section = ContentPacksSection(ctx, data_dir=data)
    qtbot.addWidget(section)
    qtbot.waitUntil(lambda: section.table.rowCount() >= 1, timeout=10_000)
    return section


def test_the_preview_shows_languages_and_problems_and_import_needs_a_yes(
    qtbot: QtBot, gui_ctx: GuiContext, answers: ScriptedAnswerer, tmp_path: Path
) -> None:
    data = tmp_path / "content"
    dump = shutil.copytree(DUMP, tmp_path / "Testumgebung")
    section = _section(qtbot, gui_ctx, data)
    before = section.table.rowCount()
    shown: list[str] = []

    def look(request: DialogRequest, result: QDialog.DialogCode) -> int:
        assert isinstance(request.widget, IntegreatPreviewDialog)
        shown.append(request.widget.text.toPlainText())
        return int(result)

    answers.queue(Kind.OPEN_DIRECTORY, dump)
    answers.queue(Kind.DIALOG, lambda r: look(r, QDialog.DialogCode.Rejected))
    qtbot.mouseClick(section.integreat_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    gui_ctx.runner.wait_idle(5000)
    assert "ar (العربية): 4 pages" in shown[0]
    assert "de: Sicher im Netz: <script> was left out" in shown[0]
    assert ContentLibrary(data).pack("integreat-testumgebung") is None

    answers.queue(Kind.OPEN_DIRECTORY, dump)
    answers.queue(Kind.DIALOG, lambda r: look(r, QDialog.DialogCode.Accepted))
    qtbot.mouseClick(section.integreat_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: section.table.rowCount() == before + 1, timeout=10_000)
    assert "Installed pack integreat-testumgebung version 1." in section.message.text()
    assert ContentLibrary(data).page("rathaus", "ar").title == "البلدية ومكتب المواطنين"
    assert answers.messages(Kind.ERROR) == []


def test_a_folder_without_a_dump_is_a_message(
    qtbot: QtBot, gui_ctx: GuiContext, answers: ScriptedAnswerer, tmp_path: Path
) -> None:
    section = _section(qtbot, gui_ctx, tmp_path / "content")
    (tmp_path / "leer").mkdir()
    answers.queue(Kind.OPEN_DIRECTORY, tmp_path / "leer")
    qtbot.mouseClick(section.integreat_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(answers.messages(Kind.ERROR)), timeout=10_000)
    error = answers.messages(Kind.ERROR)[0]
    assert error.title == "The Integreat content was not imported"
    assert "languages.json" in error.text
