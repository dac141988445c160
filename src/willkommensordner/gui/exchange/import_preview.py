"""What an import would change, shown before anything is written; and the file's passphrase."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from willkommensordner.exchange.importer import ImportPreview
from willkommensordner.exchange.ledger import Stale
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.widgets import (
    AMBER,
    GREEN,
    PassphraseEdit,
    explanation,
    heading,
    isolate,
    message_label,
)
from willkommensordner.i18n import N_


class FilePassphraseDialog(QDialog):
    """The passphrase the partner told by phone; `message` shows why it is asked again."""

    def __init__(self, ctx: GuiContext, message: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        tr = ctx.tr
        self.setWindowTitle(tr.gettext("Passphrase of the file"))
        self.passphrase = PassphraseEdit(tr, tr.gettext("Passphrase of the file"))
        self.message = message_label()
        self.message.setText(message)
        form = QFormLayout()
        form.addRow(tr.gettext("&Passphrase:"), self.passphrase)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            explanation(
                tr.gettext(
                    "This file is protected by a passphrase. The partner agency tells it to you,"
                    " usually by phone."
                )
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)


class ImportPreviewDialog(QDialog):
    """Counts of what would change; Import (accept) or Cancel. Nothing is written here."""

    def __init__(
        self, ctx: GuiContext, preview: ImportPreview, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        tr = ctx.tr
        self.preview = preview
        self.setWindowTitle(tr.gettext("Import preview"))
        sender = preview.sender
        layout = QVBoxLayout(self)
        layout.addWidget(heading(tr.gettext("Nothing has been changed yet."), 2))
        same_name = sender.contact is not None and sender.contact.name == sender.agency
        if sender.own:
            state, colour = tr.gettext("Made by this agency."), GREEN
        elif sender.contact is not None and sender.contact.verified:
            state = (
                tr.gettext("Verified partner agency.")
                if same_name
                else tr.format(
                    N_("Verified partner agency, in your list as {name}."),
                    {"name": sender.contact.name},
                )
            )
            colour = GREEN
        elif sender.contact is not None:
            state = (
                tr.gettext("Partner agency, fingerprint not compared yet.")
                if same_name
                else tr.format(
                    N_("Partner agency {name}, fingerprint not compared yet."),
                    {"name": sender.contact.name},
                )
            )
            colour = AMBER
        else:
            state, colour = tr.gettext("Unknown sender: not in your partner agencies."), AMBER
        self.sender_label = QLabel(
            tr.format(
                N_("From {agency}, fingerprint {fingerprint}"),
                {"agency": isolate(sender.agency), "fingerprint": isolate(sender.fingerprint)},
            )
        )
        self.sender_label.setTextFormat(Qt.TextFormat.PlainText)
        self.sender_label.setWordWrap(True)
        self.state_label = QLabel(state)
        self.state_label.setTextFormat(Qt.TextFormat.PlainText)
        self.state_label.setWordWrap(True)
        self.state_label.setStyleSheet(f"color: {colour}; font-weight: 600;")
        layout.addWidget(self.sender_label)
        layout.addWidget(self.state_label)
        self.claim_note: QLabel | None = None
        if sender.claim_differs and sender.claimed_agency.strip():
            # Only our address book names a partner; what the file says is a note.
            self.claim_note = explanation(
                tr.format(
                    N_("The file calls its sender “{claimed}”; that is only what it says."),
                    {"claimed": isolate(" ".join(sender.claimed_agency.split()))},
                )
            )
            layout.addWidget(self.claim_note)
        self.earlier_note: QLabel | None = None
        if preview.earlier is not None:
            if preview.earlier.stale is Stale.REPEATED:
                text = tr.gettext("This file was imported already. Nothing would change.")
            else:
                text = tr.format(
                    N_(
                        "This file is older than a file from {name} imported already. Nothing"
                        " would change: ask the partner for a current file."
                    ),
                    {"name": isolate(sender.agency)},
                )
            self.earlier_note = explanation(text)
            self.earlier_note.setStyleSheet(f"color: {AMBER}; font-weight: 600;")
            layout.addWidget(self.earlier_note)
        self.counts: dict[str, QLabel] = {}
        form = QFormLayout()
        rows = (
            ("new_dossiers", N_("New dossiers:"), len(preview.new_dossiers)),
            ("new_records", N_("New records:"), len(preview.new_records)),
            ("updated", N_("Updated records:"), len(preview.updated)),
            ("deleted", N_("Deleted records:"), len(preview.deleted)),
            ("conflicts", N_("Conflicts (changed on both sides):"), len(preview.conflicts)),
            ("kept_ours", N_("Kept ours (newer here):"), preview.kept_ours),
            ("unchanged", N_("Unchanged:"), preview.unchanged),
            ("attachments", N_("Scans in the file:"), preview.attachments),
            (
                "erased",
                N_("Left out, deleted here for good (retention):"),
                len(preview.erased_dossiers),
            ),
            (
                "refused",
                N_("Refused, dossiers never handed to this partner:"),
                len(preview.refused_dossiers),
            ),
            ("foreign", N_("Kept for newer versions of the app:"), preview.foreign),
            (
                "broken_histories",
                N_("Dossiers whose history was changed after export:"),
                len(preview.broken_histories),
            ),
        )
        for key, label, count in rows:
            if key in ("erased", "refused", "foreign", "broken_histories") and not count:
                continue  # only worth a line when it happens
            value = QLabel(str(count))
            value.setAccessibleName(tr.gettext(label))
            if key in ("conflicts", "refused", "broken_histories") and count:
                value.setStyleSheet(f"color: {AMBER}; font-weight: 600;")
            self.counts[key] = value
            form.addRow(tr.gettext(label), value)
        layout.addLayout(form)
        if preview.refused:
            layout.addWidget(
                explanation(
                    tr.format(
                        N_(
                            "The file changes {count} dossier(s) here that were never handed to"
                            " {name}. Those changes are left out."
                        ),
                        {"count": len(preview.refused_dossiers), "name": isolate(sender.agency)},
                    )
                )
            )
        self.accept_deletions = QCheckBox(
            tr.gettext("Also delete what the partner deleted (it stays in the history)")
        )
        if preview.deletions_waiting:
            layout.addWidget(
                explanation(
                    tr.format(
                        N_(
                            "The partner deleted {count} record(s) that are kept here. Nothing is"
                            " deleted unless you accept it: they wait as conflicts."
                        ),
                        {"count": preview.deletions_waiting},
                    )
                )
            )
            layout.addWidget(self.accept_deletions)
        if preview.conflicts:
            layout.addWidget(
                explanation(
                    tr.gettext(
                        "Conflicts keep our version for now; both versions are kept so that you"
                        " can choose field by field afterwards."
                    )
                )
            )
        layout.addWidget(
            explanation(
                tr.gettext(
                    "Before importing, the app makes a backup of the vault. The import is done"
                    " completely or not at all."
                )
            )
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = buttons.addButton(
            tr.gettext("&Import"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setEnabled(preview.changes > 0)
        if not preview.changes:
            layout.insertWidget(
                layout.count() - 1,
                explanation(
                    tr.gettext("Nothing would change: everything in this file is already here.")
                ),
            )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
