"""The address book of partner agencies: add a key, compare its fingerprint, verify, remove."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from willkommensordner.errors import InvalidInput, UserError
from willkommensordner.exchange.contacts import Contact, ContactBook
from willkommensordner.exchange.keys import PREFIX, PublicIdentity
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.exchange.identity_dialog import fingerprint_label
from willkommensordner.gui.widgets import AMBER, GREEN, RED, explanation, heading, message_label
from willkommensordner.i18n import N_, Translator

KEY_FILE_LIMIT = 65536
_Index = QModelIndex | QPersistentModelIndex


class PartnerTableModel(QAbstractTableModel):
    """Name, fingerprint, verified — one row per partner agency."""

    def __init__(self, tr: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tr = tr
        self._contacts: list[Contact] = []
        self._headers = [
            tr.gettext("Partner agency"),
            tr.gettext("Fingerprint"),
            tr.gettext("Checked"),
        ]

    def set_contacts(self, contacts: list[Contact]) -> None:
        self.beginResetModel()
        self._contacts = list(contacts)
        self.endResetModel()

    def contact(self, row: int) -> Contact:
        return self._contacts[row]

    def row_of(self, contact_id: str) -> int | None:
        return next((n for n, c in enumerate(self._contacts) if c.id == contact_id), None)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self._contacts)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else 3

    def headerData(  # noqa: N802 - Qt API
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        c = self._contacts[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == 0:
                return c.name
            if column == 1:
                return c.fingerprint
            return self._tr.gettext("verified") if c.verified else self._tr.gettext("not verified")
        if role == Qt.ItemDataRole.ForegroundRole and column == 2:
            return QColor(GREEN if c.verified else AMBER)
        return None


def read_key(text_or_path: str) -> PublicIdentity:
    """A pasted key line, or the text of a key file (comment lines allowed)."""
    text = text_or_path.strip()
    if text.startswith(PREFIX + ":"):
        return PublicIdentity.parse(text)
    return PublicIdentity.from_file_text(text)


class AddPartnerDialog(QDialog):
    """A partner's name and key (pasted, or read from the file they sent)."""

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        tr = ctx.tr
        self.setWindowTitle(tr.gettext("Add a partner agency"))
        self.contact: Contact | None = None
        self.name = QLineEdit()
        self.name.setAccessibleName(tr.gettext("Name of the partner agency"))
        self.key = QPlainTextEdit()
        self.key.setAccessibleName(tr.gettext("Key of the partner agency"))
        self.key.setPlaceholderText("wko1:age1…:…")
        self.key.setTabChangesFocus(True)
        self.key.setMinimumHeight(80)
        self.key.setMaximumHeight(120)
        self.from_file = QPushButton(tr.gettext("Read from &file…"))
        self.from_file.clicked.connect(self.read_file)
        self.message = message_label(RED)
        form = QFormLayout()
        form.addRow(tr.gettext("&Name:"), self.name)
        key_row = QVBoxLayout()
        key_row.addWidget(self.key)
        file_row = QHBoxLayout()
        file_row.addWidget(self.from_file)
        file_row.addStretch(1)
        key_row.addLayout(file_row)
        key_label = QLabel(tr.gettext("&Key:"))
        key_label.setBuddy(self.key)  # a layout as the field gets no buddy of its own
        form.addRow(key_label, key_row)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(tr.gettext("&Add"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            explanation(
                tr.gettext(
                    "Paste the key the partner agency sent you, or read it from their key file."
                    " You compare its fingerprint with them afterwards."
                )
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)

    def read_file(self) -> None:
        tr = self.ctx.tr
        path = self.ctx.dialogs.open_file(
            tr.gettext("Open the partner's key file"),
            tr.gettext("Agency key (*.wkokey *.txt);;All files (*)"),
        )
        if path is None:
            return
        try:
            with path.open("r", encoding="utf-8") as fh:
                text = fh.read(KEY_FILE_LIMIT)
            public = read_key(text)
        except (OSError, UnicodeDecodeError):
            self.message.setText(tr.gettext("The file could not be read."))
            return
        except UserError as exc:
            self.message.setText(exc.message(tr))
            return
        self.key.setPlainText(public.text)
        if not self.name.text().strip():
            self.name.setText(_agency_comment(text))
        self.message.clear()

    def accept(self) -> None:
        tr = self.ctx.tr
        try:
            if not self.key.toPlainText().strip():
                raise InvalidInput(N_("Paste the partner's key or read it from their file."))
            public = read_key(self.key.toPlainText())
            self.contact = ContactBook(self.ctx.require_vault().db).add(self.name.text(), public)
        except UserError as exc:
            self.message.setText(exc.message(tr))
            return
        super().accept()


def _agency_comment(text: str) -> str:
    """The agency name a key file carries as a comment, as a suggestion for the name field."""
    for line in text.splitlines()[:10]:
        if line.startswith("# agency:"):
            return " ".join(line.removeprefix("# agency:").split())[:120]
    return ""


class VerifyPartnerDialog(QDialog):
    """The fingerprint to compare, and what comparing it means."""

    def __init__(self, ctx: GuiContext, contact: Contact, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        tr = ctx.tr
        self.setWindowTitle(tr.gettext("Compare the fingerprint"))
        layout = QVBoxLayout(self)
        layout.addWidget(heading(contact.name, 4))
        layout.addWidget(
            explanation(
                tr.gettext(
                    "Call the partner agency on a phone number you already know — not one from"
                    " the message that brought the key. Ask them to read out the fingerprint"
                    " their app shows under Exchange → Our agency key, and compare it with this"
                    " one, group by group:"
                )
            )
        )
        self.fingerprint = fingerprint_label(contact.fingerprint)
        layout.addWidget(self.fingerprint, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(
            explanation(
                tr.gettext(
                    "If every group matches, the key really belongs to them: files you send"
                    " can only be opened by them, and files signed with it come from them."
                    " If anything differs, do not mark it as verified and remove the key."
                )
            )
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.verify_button = buttons.addButton(
            tr.gettext("They match — mark as &verified"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)


class PartnersDialog(QDialog):
    """The partner agencies; every change is saved at once."""

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        tr = ctx.tr
        self.setWindowTitle(tr.gettext("Partner agencies"))
        self.book = ContactBook(ctx.require_vault().db)
        self.model = PartnerTableModel(tr, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(tr.gettext("Partner agencies"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(lambda _index: self.verify_selected())
        self.add_button = QPushButton(tr.gettext("&Add…"))
        self.add_button.clicked.connect(self.add_partner)
        self.verify_button = QPushButton(tr.gettext("&Compare and verify…"))
        self.verify_button.clicked.connect(self.verify_selected)
        self.remove_button = QPushButton(tr.gettext("&Remove"))
        self.remove_button.clicked.connect(self.remove_selected)
        actions = QHBoxLayout()
        for button in (self.add_button, self.verify_button, self.remove_button):
            actions.addWidget(button)
        actions.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            explanation(
                tr.gettext(
                    "Agencies you exchange dossiers with. Export files are encrypted to their"
                    " keys; files from them are checked against these keys. Mark a partner as"
                    " verified only after comparing the fingerprint with them."
                )
            )
        )
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)
        layout.addWidget(close)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.resize(760, 420)
        self.reload()

    def reload(self, select: str | None = None) -> None:
        self.model.set_contacts(self.book.all())
        row = self.model.row_of(select) if select else None
        if row is not None:
            self.table.selectRow(row)
        self._update_buttons()

    def selected(self) -> Contact | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.contact(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        current = self.selected()
        self.verify_button.setEnabled(current is not None and not current.verified)
        self.remove_button.setEnabled(current is not None)

    def add_partner(self) -> None:
        dialog = AddPartnerDialog(self.ctx, self)
        self.ctx.dialogs.exec(dialog)
        contact = dialog.contact
        if contact is not None:
            self.reload(select=contact.id)
            self.verify_selected()

    def verify_selected(self) -> None:
        contact = self.selected()
        if contact is None or contact.verified:
            return
        dialog = VerifyPartnerDialog(self.ctx, contact, self)
        if self.ctx.dialogs.exec(dialog) != QDialog.DialogCode.Accepted:
            return
        try:
            self.book.verify(contact.id)
        except UserError as exc:
            self.ctx.dialogs.show_error(exc)
        self.reload(select=contact.id)

    def remove_selected(self) -> None:
        contact = self.selected()
        if contact is None:
            return
        tr = self.ctx.tr
        question = tr.format(
            N_(
                "Remove {name} from the partner agencies? Files can then no longer be sent to"
                " this key, and files signed with it count as from an unknown sender."
            ),
            {"name": contact.name},
        )
        if not self.ctx.dialogs.ask(tr.gettext("Remove partner"), question):
            return
        try:
            self.book.remove(contact.id)
        except UserError as exc:
            self.ctx.dialogs.show_error(exc)
        self.reload()
