"""The print preview: PDF built in the background, shown from memory, saved via the dialogs."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from willkommensordner.content.library import ContentLibrary
from willkommensordner.domain.demo import generate
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.dialogs import Kind, ScriptedAnswerer
from willkommensordner.gui.print_preview import open_print_preview

from .gui_support import answers, gui_ctx, unlocked_ctx  # noqa: F401


def test_preview_loads_from_memory_and_saves(
    unlocked_ctx: GuiContext,  # noqa: F811
    answers: ScriptedAnswerer,  # noqa: F811
    qtbot: QtBot,
    tmp_path: Path,
) -> None:
    vault = unlocked_ctx.require_vault()
    person = next(generate(1, 3))
    for record in person.records():
        vault.records.save(record)
    before = set(Path(tempfile.gettempdir()).iterdir())
    library = ContentLibrary(tmp_path / "content")
    dialog = open_print_preview(
        unlocked_ctx, "plan", dossier_id=person.dossier.id, lang="ar", library=library
    )
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.page_count() > 0, timeout=20000)
    target = tmp_path / "out" / "plan.pdf"
    target.parent.mkdir()
    answers.queue(Kind.SAVE_FILE, str(target))
    assert dialog.save()
    assert len(PdfReader(target).pages) == dialog.page_count()
    new = set(Path(tempfile.gettempdir()).iterdir()) - before
    assert [p for p in new if p.suffix in (".pdf", ".part") or "wko" in p.name] == []


def test_sample_contact_points_are_marked_and_handing_out_is_asked(
    unlocked_ctx: GuiContext,  # noqa: F811
    answers: ScriptedAnswerer,  # noqa: F811
    qtbot: QtBot,
    tmp_path: Path,
) -> None:
    vault = unlocked_ctx.require_vault()
    person = next(generate(1, 3))
    for record in person.records():
        vault.records.save(record)
    demo = ContentLibrary(tmp_path / "content", include_demo=True)
    dialog = open_print_preview(
        unlocked_ctx, "folder", dossier_id=person.dossier.id, lang="de", library=demo
    )
    qtbot.addWidget(dialog)
    assert dialog.demo_banner is not None and dialog.demo_banner.isVisible()
    qtbot.waitUntil(lambda: dialog.page_count() > 0, timeout=30000)
    target = tmp_path / "folder.pdf"

    # "No": nothing leaves the app, not even the file dialog opens.
    answers.queue(Kind.QUESTION, False)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not target.exists()
    assert [r.kind for r in answers.asked] == [Kind.QUESTION]
    assert "invented demo town" in answers.asked[0].text
    answers.queue(Kind.QUESTION, False)
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    assert [r.kind for r in answers.asked] == [Kind.QUESTION, Kind.QUESTION]

    answers.queue(Kind.QUESTION, True)
    answers.queue(Kind.SAVE_FILE, str(target))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    text = subprocess.run(
        ["pdftotext", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert text.count("Beispieldaten – nicht weitergeben") == dialog.page_count()


def test_without_sample_content_printing_asks_nothing(
    unlocked_ctx: GuiContext,  # noqa: F811
    answers: ScriptedAnswerer,  # noqa: F811
    qtbot: QtBot,
    tmp_path: Path,
) -> None:
    dialog = open_print_preview(
        unlocked_ctx, "info", lang="de", library=ContentLibrary(tmp_path / "content")
    )
    qtbot.addWidget(dialog)
    assert dialog.demo_banner is None
    qtbot.waitUntil(lambda: dialog.page_count() > 0, timeout=30000)
    target = tmp_path / "info.pdf"
    answers.queue(Kind.SAVE_FILE, str(target))
    assert dialog.save()
    assert [r.kind for r in answers.asked] == [Kind.SAVE_FILE]
