"""The Ordnungshilfe: the person's papers with their expiry, scans viewed inside the app.

Files come in through the file dialog or by drag and drop. They are read into the vault in
the same transaction as the document that refers to them, so a failure leaves neither a
document pointing at nothing nor an orphaned scan.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from willkommensordner.domain.document import AttachmentRef, Document
from willkommensordner.domain.document_type import DocumentType
from willkommensordner.domain.household import HouseholdMember
from willkommensordner.errors import UserError
from willkommensordner.gui.collation import collated
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.dossier.forms import DateField, EnumCombo, german
from willkommensordner.gui.dossier.labels import field_label
from willkommensordner.gui.dossier.models import AMBER, RED, RED_TEXT, Column
from willkommensordner.gui.dossier.part_tab import PartTab
from willkommensordner.gui.dossier.record_dialog import RecordDialog
from willkommensordner.gui.dossier.scan_suggestions import ScanSuggestions
from willkommensordner.gui.dossier.scan_viewer import ScanViewer
from willkommensordner.gui.settings import EXPIRY_WARNING_WEEKS
from willkommensordner.i18n import N_, Translator
from willkommensordner.vault.records import DossierBundle

FILE_FILTER = N_("Scans and photos")
_PATTERNS = "(*.pdf *.PDF *.jpg *.jpeg *.JPG *.JPEG *.png *.PNG *.tif *.tiff *.heic *.HEIC)"


def _size(n: int) -> str:
    return f"{n / 1_048_576:.1f} MB" if n >= 1_048_576 else f"{max(1, n // 1024)} KB"


class DocumentDialog(RecordDialog[Document]):
    """A paper and its scans; new files wait in `pending` until the document is saved."""

    record_class = Document

    def __init__(
        self,
        tr: Translator,
        title: str,
        document: Document,
        members: list[HouseholdMember],
        open_files: Any = None,
    ) -> None:
        super().__init__(tr, title)
        self.original = document
        self.pending: list[Path] = []
        self._open_files = open_files
        f = self.form
        types = collated(DocumentType, lambda t: tr.gettext(t.label), tr, last=[DocumentType.OTHER])
        self.type = f.add("type", field_label("type", tr), EnumCombo(tr, types))
        self.type.set_value(document.type)
        self.member = f.add("member_id", field_label("member_id", tr), QComboBox())
        # Ids are kept here, not as item data: see gui/pyside_workarounds.py.
        self.member_ids: list[str | None] = [None, *(m.id for m in members)]
        self.member.addItem(tr.gettext("the person of this dossier"))
        for m in members:
            name = ", ".join(p for p in (m.family_name, m.given_names) if p) or m.native_name
            self.member.addItem(f"{name} ({tr.gettext(m.role.label)})")
        if document.member_id in self.member_ids:
            self.member.setCurrentIndex(self.member_ids.index(document.member_id))
        self.title_edit = f.add("title", field_label("title", tr), QLineEdit(document.title))
        self.number = f.add("number", field_label("number", tr), QLineEdit(document.number))
        self.issuer = f.add("issuer", field_label("issuer", tr), QLineEdit(document.issuer))
        self.issued_on = f.add("issued_on", field_label("issued_on", tr), DateField(tr))
        self.issued_on.set_value(document.issued_on)
        self.valid_until = f.add("valid_until", field_label("valid_until", tr), DateField(tr))
        self.valid_until.set_value(document.valid_until)
        self.note = f.add("note", field_label("note", tr), QPlainTextEdit(document.note))
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(70)

        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        self.files = QListWidget()
        self.files.setMaximumHeight(110)
        self.files.setAccessibleName(tr.gettext("Scans of this document"))
        row = QHBoxLayout()
        add = QPushButton(tr.gettext("Add file…"))
        add.clicked.connect(self._choose_files)
        remove = QPushButton(tr.gettext("Remove file"))
        remove.clicked.connect(self._remove_file)
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        column.addWidget(self.files)
        column.addLayout(row)
        f.add("attachments", field_label("attachments", tr), box)
        self.attachments: list[AttachmentRef] = list(document.attachments)
        self._refresh_files()
        self.setAcceptDrops(True)
        self.resize(560, 620)

    # --- files ------------------------------------------------------------------------------

    def add_paths(self, paths: list[Path]) -> None:
        for path in paths:
            if path not in self.pending:
                self.pending.append(path)
        self._refresh_files()

    def _choose_files(self) -> None:
        if self._open_files is not None:
            self.add_paths(self._open_files())

    def _remove_file(self) -> None:
        row = self.files.currentRow()
        if row < 0:
            return
        if row < len(self.attachments):
            del self.attachments[row]
        else:
            del self.pending[row - len(self.attachments)]
        self._refresh_files()

    def _refresh_files(self) -> None:
        self.files.clear()
        for ref in self.attachments:
            self.files.addItem(f"{ref.filename or ref.media_type} ({_size(ref.size)})")
        for path in self.pending:
            self.files.addItem(f"{path.name} – {self.tr.gettext('new')}")

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        self.add_paths([Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()])
        event.acceptProposedAction()

    def collect(self) -> dict[str, Any]:
        return {
            **self.original.model_dump(),
            "type": self.type.value(),
            "member_id": self.member_ids[max(0, self.member.currentIndex())],
            "title": self.title_edit.text(),
            "number": self.number.text(),
            "issuer": self.issuer.text(),
            "issued_on": self.date("issued_on", self.issued_on),
            "valid_until": self.date("valid_until", self.valid_until),
            "note": self.note.toPlainText(),
            "attachments": [ref.model_dump() for ref in self.attachments],
        }


class DocumentsTab(PartTab):
    saved = Signal(str)  # a document (with its new scans) is stored: its id

    def __init__(self, ctx: GuiContext) -> None:
        tr = ctx.tr

        def days_left(d: Document) -> int | None:
            return (d.valid_until - ctx.today()).days if d.valid_until else None

        def warn_days() -> int:
            return int(ctx.settings.get(EXPIRY_WARNING_WEEKS)) * 7

        def valid(d: Document) -> str:
            left = days_left(d)
            text = german(d.valid_until)
            if left is None:
                return text
            if left < 0:
                return f"{text} · {tr.gettext(N_('expired'))}"
            if left <= warn_days():
                badge = tr.format(N_("expires in {days} days"), {"days": left})
                return f"{text} · {badge}"
            return text

        def badge(d: Document) -> Any:
            left = days_left(d)
            if left is None:
                return None
            return RED if left < 0 else AMBER if left <= warn_days() else None

        def badge_text(d: Document) -> Any:
            left = days_left(d)
            return RED_TEXT if left is not None and left < 0 else None

        def whose(d: Document) -> str:
            member = self._members.get(d.member_id or "")
            if member is None:
                return ""
            return member.given_names or member.family_name or member.native_name

        columns = [
            Column(tr.gettext("Type"), lambda d: tr.gettext(d.type.label)),
            Column(tr.gettext("Number"), lambda d: d.number),
            Column(tr.gettext("Valid until"), valid, background=badge, foreground=badge_text),
            Column(tr.gettext("Belongs to"), whose),
            Column(tr.gettext("Scans"), lambda d: str(len(d.attachments)) if d.attachments else ""),
            Column(tr.gettext("Title"), lambda d: d.title),
        ]
        super().__init__(ctx, columns, tr.gettext("Documents"))
        self._members: dict[str, HouseholdMember] = {}
        self._household: list[HouseholdMember] = []
        self._shown_scans: list[str] = []
        self.button(tr.gettext("&New document…"), self.add)
        self.button(tr.gettext("Edit…"), self.edit_selected, needs_row=True)
        self.button(tr.gettext("Add scan…"), self.add_scan_to_selected, needs_row=True)
        self.button(tr.gettext("Remove"), self.remove_selected, needs_row=True)
        self.finish_actions()
        hint = QLabel(tr.gettext("Drop scans here to file a new document."))
        hint.setStyleSheet("color: #6b6b6b;")
        self.actions_row.addWidget(hint)

        # Documents and their scans on the left, the selected scan on the right.
        self.scans = QListWidget()
        self.scans.setAccessibleName(tr.gettext("Scans of the selected document"))
        self.scans.setMaximumHeight(110)
        self.scans.currentRowChanged.connect(self._scan_chosen)
        self.viewer = ScanViewer(ctx)
        self.suggestions = ScanSuggestions(ctx, self._take)
        self.suggestions.highlight.connect(self.viewer.highlight)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.viewer)
        right.addWidget(self.suggestions)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 1)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        self.layout_.removeWidget(self.table)
        column.addWidget(self.table, 1)
        column.addWidget(QLabel(tr.gettext("Scans of the selected document:")))
        column.addWidget(self.scans)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.layout_.addWidget(self.splitter, 1)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._document_chosen())
        self.setAcceptDrops(True)

    # --- loading ----------------------------------------------------------------------------

    def rows_from(self, bundle: DossierBundle) -> list[Any]:
        self._members = {m.id: m for m in bundle.household}
        self._household = list(bundle.household)
        return sorted(
            bundle.documents,
            key=lambda d: (d.type.category.value, d.valid_until is None, d.valid_until or 0),
        )

    def load(self, bundle: DossierBundle) -> None:
        super().load(bundle)
        self._document_chosen()

    def clear(self) -> None:
        self._members = {}
        self._household = []
        self._shown_scans = []
        self.scans.clear()
        self.viewer.clear()
        self.suggestions.stop()
        self.suggestions.clear()
        super().clear()

    def _document_chosen(self) -> None:
        document = self.selected()
        refs = document.attachments if document is not None else []
        shown = [
            self.scans.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.scans.count())
        ]
        if shown == [r.sha256 for r in refs]:
            return
        self.scans.blockSignals(True)
        self.scans.clear()
        for ref in refs:
            item = QListWidgetItem(f"{ref.filename or ref.media_type} ({_size(ref.size)})")
            item.setData(Qt.ItemDataRole.UserRole, ref.sha256)
            self.scans.addItem(item)
        self.scans.blockSignals(False)
        self.viewer.clear()
        if refs:
            self.scans.setCurrentRow(0)

    def _scan_chosen(self, row: int) -> None:
        document = self.selected()
        if document is None or not (0 <= row < len(document.attachments)):
            self.viewer.clear()
            self.suggestions.stop()
            self.suggestions.clear()
            return
        self.viewer.show_attachment(document.attachments[row])
        self.suggestions.read(document, document.attachments[row])

    def _take(self, document: Document) -> bool:
        """A suggestion taken: saved like any edit, so it is in the history."""
        if not self.save(document):
            return False
        self.select_id(document.id)
        return True

    # --- editing ----------------------------------------------------------------------------

    def _choose_files(self) -> list[Path]:
        return self.ctx.dialogs.open_files(
            self.tr.gettext("Choose scans"), f"{self.tr.gettext(FILE_FILTER)} {_PATTERNS}"
        )

    def _dialog(self, title: str, document: Document) -> DocumentDialog:
        return DocumentDialog(self.tr, title, document, self._household, self._choose_files)

    def add(self, paths: list[Path] | None = None) -> None:
        if self.dossier_id is None:
            return
        dialog = self._dialog(self.tr.gettext("New document"), Document(dossier_id=self.dossier_id))
        if paths:
            dialog.add_paths(paths)
        self._run(dialog)

    def edit_selected(self) -> None:
        current = self.selected()
        if current is not None:
            self._run(self._dialog(self.tr.gettext("Edit document"), current))

    def add_scan_to_selected(self) -> None:
        current = self.selected()
        if current is None:
            return
        paths = self._choose_files()
        if paths:
            self.save_with_files(current, paths)

    def _run(self, dialog: DocumentDialog) -> None:
        pending = dialog.pending
        record = self.run_dialog(dialog)
        if record is not None:
            self.save_with_files(record, list(pending))

    def save_with_files(self, document: Document, paths: list[Path]) -> None:
        """Read the files into the vault and save the document, all in one transaction.

        Scans can be large (up to 50 MB), so with files this runs in the background runner;
        `saved` fires when the document is stored, an error dialog tells when it was not.
        """
        vault = self.vault

        def work() -> Document:
            with vault.db.transaction():
                refs = [vault.attachments.add_file(path) for path in paths]
                known = {r.sha256 for r in document.attachments}
                added = [r for r in refs if r.sha256 not in known]
                return vault.records.save(
                    document.model_copy(update={"attachments": [*document.attachments, *added]})
                )

        def done(saved: Document) -> None:
            self.changed.emit()
            self.select_id(saved.id)
            self.saved.emit(saved.id)

        def failed(exc: BaseException) -> None:
            self.ctx.dialogs.show_error(exc, self.tr.gettext("The document was not saved"))

        if not paths:
            try:
                done(work())
            except UserError as exc:
                failed(exc)
            return
        self.ctx.runner.submit(
            work, done, failed, busy_text=self.tr.gettext("Adding the scans to the vault…")
        )

    def remove_selected(self) -> None:
        self.delete_selected(
            self.tr.gettext("Remove this document and its scans from the dossier?")
        )

    # --- drag and drop ----------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if self.dossier_id is not None and event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        event.acceptProposedAction()
        if paths:
            self.add(paths)
