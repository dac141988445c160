"""The answer to a request for access (Art. 15 DSGVO): two files the counsellor hands over.

A PDF for the person to read (the welcome folder with the whole potential analysis, in
their language beside German) and, beside it with the same name, the complete record as
JSON (every record, its history, storage metadata and attached files). Both are built in a
worker from the vault and written only where the counsellor chose, each one atomically.
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtWidgets import QWidget

from willkommensordner.content.library import ContentLibrary
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.runner import Task
from willkommensordner.guidance.analysis import current_analysis
from willkommensordner.printing.person_copy import person_copy
from willkommensordner.printing.printable import write_atomically
from willkommensordner.privacy.subject_access import subject_access


def json_path(pdf: Path) -> Path:
    return pdf.with_suffix(".json")


def export_everything(
    ctx: GuiContext,
    dossier_id: str,
    parent: QWidget | None = None,
    *,
    library: ContentLibrary | None = None,
) -> Task | None:
    """Ask where to save, then write both files in the background; None if cancelled."""
    tr = ctx.tr
    # The short id, not the name: file names end up in lists and recent-file menus.
    stem = tr.gettext("Subject access")
    suggested = f"{stem} {dossier_id[:8]}.pdf"
    target = ctx.dialogs.save_file(
        tr.gettext("Everything we hold (Art. 15)"), suggested, "PDF (*.pdf)"
    )
    if target is None:
        return None
    if target.suffix.lower() != ".pdf":
        target = target.with_name(target.name + ".pdf")
    vault = ctx.require_vault()
    today = ctx.today()

    def work() -> tuple[Path, Path]:
        # Loading the content packs takes a moment: here, off the GUI thread.
        content = library or ContentLibrary()
        bundle = vault.records.bundle(dossier_id)
        language = bundle.dossier.preferred_language or "de"
        analysis = current_analysis(vault, dossier_id)
        record = subject_access(vault, dossier_id)
        pdf = person_copy(bundle, analysis, content, language, today=today).to_bytes()
        data = json.dumps(record, ensure_ascii=False, indent=2).encode("utf-8")
        # The JSON first: a failure there leaves no PDF that looks like the whole answer.
        write_atomically(json_path(target), data)
        write_atomically(target, pdf)
        return target, json_path(target)

    def done(paths: tuple[Path, Path]) -> None:
        ctx.dialogs.info(
            tr.gettext("Everything we hold (Art. 15)"),
            tr.format(
                "Saved for the person: the readable copy {pdf} and the complete record "
                "{json} (machine-readable, with history and attached files).",
                {"pdf": paths[0].name, "json": paths[1].name},
            ),
        )

    return ctx.runner.submit(
        work, on_done=done, busy_text=tr.gettext("Collecting everything held about the person…")
    )
