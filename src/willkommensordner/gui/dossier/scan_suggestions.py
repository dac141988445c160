"""The side panel "Suggestions from the scan": what the scan says, and a button to take it.

Reading runs in the Runner; the panel shows that it is reading and can stop it. Nothing is
applied until the counsellor takes a value; taking one saves the document as any edit does (a
new version in the history), and "Undo" saves the value it had before.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from willkommensordner.domain.document import AttachmentRef, Document
from willkommensordner.domain.document_type import DocumentType
from willkommensordner.errors import UserError
from willkommensordner.gui.context import GuiContext
from willkommensordner.i18n import N_
from willkommensordner.scans.model import Box, ScanReading, SuggestedField, Suggestion
from willkommensordner.scans.tesseract import OcrUnavailable, ReadingCancelled

READABLE_TYPES = ("image/png", "image/jpeg", "image/tiff", "image/webp", "image/bmp")
FIELD_LABELS = {
    SuggestedField.TYPE: N_("Type"),
    SuggestedField.NUMBER: N_("Number"),
    SuggestedField.VALID_UNTIL: N_("Valid until"),
    SuggestedField.ISSUER: N_("Issued by"),
    SuggestedField.REFERENCE: N_("Reference (Aktenzeichen)"),
    SuggestedField.NATIONALITY: N_("Nationality"),
    SuggestedField.BIRTH_DATE: N_("Date of birth"),
    SuggestedField.SEX: N_("Sex"),
    SuggestedField.SURNAME: N_("Family name"),
    SuggestedField.GIVEN_NAMES: N_("Given names"),
}
# Which suggestion goes into which field of the document; the rest belong to the person and
# are shown for comparison.
DOCUMENT_FIELDS = {
    SuggestedField.TYPE: "type",
    SuggestedField.NUMBER: "number",
    SuggestedField.VALID_UNTIL: "valid_until",
    SuggestedField.ISSUER: "issuer",
    SuggestedField.REFERENCE: "number",
}


def taken(document: Document, suggestion: Suggestion) -> Document:
    """The document with the suggested value in its field (validated like any edit)."""
    name = DOCUMENT_FIELDS[suggestion.field]
    value: object = suggestion.value
    if name == "valid_until":
        value = date.fromisoformat(suggestion.value)
    elif name == "type":
        value = DocumentType(suggestion.value)
    data = document.model_dump()
    data[name] = value
    return Document.model_validate(data)


class ScanSuggestions(QWidget):
    highlight = Signal(object)  # a Box, or None to clear

    def __init__(
        self,
        ctx: GuiContext,
        save: Callable[[Document], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._save = save
        tr = ctx.tr
        self._document: Document | None = None
        self._before: Document | None = None
        self._reading: ScanReading | None = None
        self._stop = threading.Event()
        self._task: object | None = None

        title = QLabel(tr.gettext("Suggestions from the scan"))
        title.setObjectName("sectionTitle")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.stop_button = QPushButton(tr.gettext("Stop reading"))
        self.stop_button.clicked.connect(self.stop)
        self.stop_button.setVisible(False)
        self.undo_button = QPushButton(tr.gettext("Undo"))
        self.undo_button.setToolTip(tr.gettext("Give the document back the value it had before"))
        self.undo_button.clicked.connect(self.undo)
        self.undo_button.setEnabled(False)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [tr.gettext("Field"), tr.gettext("Value"), tr.gettext("Confidence"), ""]
        )
        self.table.setAccessibleName(tr.gettext("Suggestions from the scan"))
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.currentCellChanged.connect(lambda row, *_: self._show_box(row))
        bar = QHBoxLayout()
        bar.addWidget(title, 1)
        bar.addWidget(self.stop_button)
        bar.addWidget(self.undo_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        self.clear()

    # --- reading ----------------------------------------------------------------------------

    def read(self, document: Document, ref: AttachmentRef) -> None:
        """Read the scan in the background; suggestions appear when it is done."""
        self.stop()
        self.clear()
        self._document = document
        tr = self.ctx.tr
        if ref.media_type not in READABLE_TYPES:
            self.status.setText(tr.gettext("Only scanned images (PNG, JPEG, TIFF) can be read."))
            return
        from willkommensordner.scans.reader import read_scan

        vault = self.ctx.require_vault()
        stop = threading.Event()
        self._stop = stop
        today = self.ctx.today()

        def work() -> ScanReading:
            return read_scan(
                vault.attachments.read(ref.sha256), today=today, should_stop=stop.is_set
            )

        self.status.setText(tr.gettext("Reading the scan…"))
        self.stop_button.setVisible(True)
        self._task = self.ctx.runner.submit(
            work, self._done, self._failed, busy_text=tr.gettext("Reading the scan…")
        )

    def stop(self) -> None:
        self._stop.set()
        task = self._task
        if task is not None:
            task.cancel()  # type: ignore[attr-defined]
            self._task = None
            self.status.setText(self.ctx.tr.gettext("Reading was stopped."))
        self.stop_button.setVisible(False)

    def _done(self, reading: ScanReading) -> None:
        self._task = None
        self.stop_button.setVisible(False)
        self._reading = reading
        tr = self.ctx.tr
        self.table.setRowCount(len(reading.suggestions))
        for row, suggestion in enumerate(reading.suggestions):
            self.table.setItem(row, 0, QTableWidgetItem(tr.gettext(FIELD_LABELS[suggestion.field])))
            self.table.setItem(row, 1, QTableWidgetItem(self._shown_value(suggestion)))
            self.table.setItem(row, 2, QTableWidgetItem(f"{round(suggestion.confidence * 100)} %"))
            if suggestion.field in DOCUMENT_FIELDS:
                button = QPushButton(tr.gettext("Take"))
                button.setAccessibleName(
                    tr.format(
                        N_("Take {field}"), {"field": tr.gettext(FIELD_LABELS[suggestion.field])}
                    )
                )
                button.clicked.connect(lambda _=False, s=suggestion: self.take(s))
                self.table.setCellWidget(row, 3, button)
        self.status.setText(
            tr.gettext("Nothing on this scan could be read with confidence.")
            if not reading.suggestions
            else tr.gettext("Check each value against the paper before you take it.")
        )

    def _failed(self, exc: BaseException) -> None:
        self._task = None
        self.stop_button.setVisible(False)
        if isinstance(exc, ReadingCancelled):
            self.status.setText(self.ctx.tr.gettext("Reading was stopped."))
        elif isinstance(exc, UserError):
            # OcrUnavailable included: the panel says what is missing and stays off.
            self.status.setText(exc.message(self.ctx.tr))
            self.setEnabled(not isinstance(exc, OcrUnavailable))
        else:
            self.status.setText(self.ctx.tr.gettext("The scan could not be read."))
            self.ctx.dialogs.show_error(exc)

    def _shown_value(self, suggestion: Suggestion) -> str:
        tr = self.ctx.tr
        if suggestion.field == SuggestedField.TYPE:
            return tr.gettext(DocumentType(suggestion.value).label)
        if suggestion.field in (SuggestedField.VALID_UNTIL, SuggestedField.BIRTH_DATE):
            return date.fromisoformat(suggestion.value).strftime("%d.%m.%Y")
        if suggestion.field == SuggestedField.SEX:
            return tr.gettext({"male": N_("male"), "female": N_("female")}[suggestion.value])
        return suggestion.value

    def _show_box(self, row: int) -> None:
        if self._reading is None or not (0 <= row < len(self._reading.suggestions)):
            self.highlight.emit(None)
            return
        box: Box | None = self._reading.suggestions[row].box
        self.highlight.emit(box)

    # --- taking -----------------------------------------------------------------------------

    def take(self, suggestion: Suggestion) -> bool:
        document = self._document
        if document is None:
            return False
        try:
            updated = taken(document, suggestion)
        except (UserError, ValueError) as exc:
            self.ctx.dialogs.show_error(exc)
            return False
        if not self._save(updated):
            return False
        self._before, self._document = document, updated
        self.undo_button.setEnabled(True)
        return True

    def undo(self) -> bool:
        before, current = self._before, self._document
        if before is None or current is None:
            return False
        restored = current.model_copy(
            update={name: getattr(before, name) for name in set(DOCUMENT_FIELDS.values())}
        )
        if not self._save(restored):
            return False
        self._document, self._before = restored, None
        self.undo_button.setEnabled(False)
        return True

    def suggestions(self) -> list[Suggestion]:
        return list(self._reading.suggestions) if self._reading is not None else []

    def clear(self) -> None:
        self._reading = None
        self._document = None
        self._before = None
        self.undo_button.setEnabled(False)
        self.table.setRowCount(0)
        self.status.setText(self.ctx.tr.gettext("Attach or choose a scan to read it."))
        self.highlight.emit(None)
