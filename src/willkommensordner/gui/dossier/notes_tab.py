"""Free notes; a sensitive note (health etc., Art. 9 DSGVO) is not previewed in the list."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtWidgets import QCheckBox, QLineEdit, QPlainTextEdit

from willkommensordner.domain.note import Note
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.dossier.labels import field_label
from willkommensordner.gui.dossier.models import AMBER, Column
from willkommensordner.gui.dossier.part_tab import PartTab
from willkommensordner.gui.dossier.record_dialog import RecordDialog
from willkommensordner.i18n import Translator
from willkommensordner.vault.records import DossierBundle

_PREVIEW = 90


class NoteDialog(RecordDialog[Note]):
    record_class = Note

    def __init__(self, tr: Translator, title: str, note: Note) -> None:
        super().__init__(tr, title)
        self.original = note
        f = self.form
        self.title = f.add("title", field_label("title", tr), QLineEdit(note.title))
        self.text = f.add("text", field_label("text", tr), QPlainTextEdit(note.text))
        self.text.setTabChangesFocus(True)
        self.text.setMinimumHeight(200)
        self.sensitive = f.add("sensitive", field_label("sensitive", tr), QCheckBox())
        self.sensitive.setChecked(note.sensitive)
        self.sensitive.setToolTip(
            tr.gettext(
                "Health and other special categories: not previewed in the list, "
                "shared only with a consent that covers notes."
            )
        )
        self.resize(600, 480)

    def collect(self) -> dict[str, Any]:
        return {
            **self.original.model_dump(),
            "title": self.title.text(),
            "text": self.text.toPlainText(),
            "sensitive": self.sensitive.isChecked(),
        }


class NotesTab(PartTab):
    def __init__(self, ctx: GuiContext) -> None:
        tr = ctx.tr

        def preview(n: Note) -> str:
            if n.sensitive:
                return tr.gettext("(sensitive – open to read)")
            text = " ".join(n.text.split())
            return text if len(text) <= _PREVIEW else text[: _PREVIEW - 1] + "…"

        columns = [
            Column(tr.gettext("Written"), lambda n: f"{n.written_at:%d.%m.%Y %H:%M}"),
            Column(tr.gettext("Title"), lambda n: n.title),
            Column(
                tr.gettext("Sensitive"),
                lambda n: tr.gettext("sensitive") if n.sensitive else "",
                background=lambda n: AMBER if n.sensitive else None,
            ),
            Column(tr.gettext("Text"), preview),
        ]
        super().__init__(ctx, columns, tr.gettext("Notes"))
        self.button(tr.gettext("&New note…"), self.add)
        self.button(tr.gettext("Open / edit…"), self.edit_selected, needs_row=True)
        self.button(tr.gettext("Remove"), self.remove_selected, needs_row=True)
        self.finish_actions()

    def rows_from(self, bundle: DossierBundle) -> list[Any]:
        return sorted(bundle.notes, key=lambda n: n.written_at, reverse=True)

    def add(self) -> None:
        if self.dossier_id is None:
            return
        # Built unvalidated: the empty text is for the counsellor to fill in.
        note = Note.model_construct(
            dossier_id=self.dossier_id,
            text="",
            written_at=datetime.now().replace(second=0, microsecond=0),
        )
        self.edit_in(NoteDialog(self.tr, self.tr.gettext("New note"), note))

    def edit_selected(self) -> None:
        current = self.selected()
        if current is None:
            return
        self.edit_in(NoteDialog(self.tr, self.tr.gettext("Note"), current))

    def remove_selected(self) -> None:
        self.delete_selected(self.tr.gettext("Remove this note?"))
