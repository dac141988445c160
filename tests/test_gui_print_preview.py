"""The print preview: PDF built in the background, shown from memory, saved via the dialogs."""

from __future__ import annotations

import tempfile
from pathlib import Path

from pypdf import PdfReader
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
