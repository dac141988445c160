"""Our agency key: the fingerprint to read out on the phone, the key text, QR code, key file."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from willkommensordner.exchange.keys import AgencyIdentity, PublicIdentity
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.exchange.qr import qr_pixmap
from willkommensordner.gui.widgets import GREEN, explanation, heading, message_label


def fingerprint_label(fingerprint: str, size_delta: int = 8) -> QLabel:
    """Large, monospaced groups: easy to read aloud and to compare digit by digit."""
    label = QLabel(fingerprint)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    font = QFont("monospace")
    font.setStyleHint(QFont.StyleHint.Monospace)
    font.setPointSize(label.font().pointSize() + size_delta)
    font.setWeight(QFont.Weight.DemiBold)
    font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 110)
    label.setFont(font)
    label.setAccessibleName(fingerprint)
    return label


class IdentityDialog(QDialog):
    """Shows this installation's public key; the keys are made on first use."""

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        tr = ctx.tr
        vault = ctx.require_vault()
        self.public: PublicIdentity = AgencyIdentity.load_or_create(vault.db).public
        self.agency = vault.author.agency
        self.setWindowTitle(tr.gettext("Our agency key"))

        self.agency_label = heading(self.agency or tr.gettext("(no agency name set)"), 4)
        self.fingerprint = fingerprint_label(self.public.fingerprint)
        self.key_text = QPlainTextEdit(self.public.text)
        self.key_text.setReadOnly(True)
        self.key_text.setMaximumHeight(64)
        self.key_text.setAccessibleName(tr.gettext("Public key"))
        self.qr = QLabel()
        self.qr.setPixmap(qr_pixmap(self.public.text, 4))
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr.setAccessibleName(tr.gettext("QR code of the public key"))
        self.copy_button = QPushButton(tr.gettext("&Copy key"))
        self.copy_button.clicked.connect(self.copy_key)
        self.save_button = QPushButton(tr.gettext("&Save as file…"))
        self.save_button.clicked.connect(self.save_key)
        self.message = message_label(GREEN)

        left = QVBoxLayout()
        left.addWidget(self.agency_label)
        left.addWidget(QLabel(tr.gettext("Fingerprint:")))
        left.addWidget(self.fingerprint)
        left.addWidget(
            explanation(
                tr.gettext(
                    "Partners compare this fingerprint with the one their app shows for our"
                    " key — best read aloud on the phone. Only then do they mark us as verified."
                )
            )
        )
        left.addSpacing(8)
        left.addWidget(QLabel(tr.gettext("Public key (give it to partner agencies):")))
        left.addWidget(self.key_text)
        buttons_row = QHBoxLayout()
        buttons_row.addWidget(self.copy_button)
        buttons_row.addWidget(self.save_button)
        buttons_row.addStretch(1)
        left.addLayout(buttons_row)
        left.addWidget(self.message)
        left.addWidget(
            explanation(
                tr.gettext(
                    "The public key is not secret: it lets partners encrypt files that only"
                    " this installation can open, and check that our files come from us."
                )
            )
        )
        left.addStretch(1)
        grid = QGridLayout()
        grid.addLayout(left, 0, 0)
        grid.addWidget(self.qr, 0, 1, Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(0, 1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(close)
        self.setMinimumWidth(760)

    def copy_key(self) -> None:
        QGuiApplication.clipboard().setText(self.public.text)
        self.message.setText(self.ctx.tr.gettext("The key is copied."))

    def save_key(self) -> None:
        tr = self.ctx.tr
        path = self.ctx.dialogs.save_file(
            tr.gettext("Save the agency key"),
            "agency-key.wkokey",
            tr.gettext("Agency key (*.wkokey *.txt)"),
        )
        if path is None:
            return
        try:
            path.write_text(self.public.file_text(self.agency), encoding="utf-8")
        except OSError:
            self.ctx.dialogs.error(
                tr.gettext("This did not work"),
                tr.gettext("The file could not be written. Choose another folder."),
            )
            return
        self.message.setText(tr.gettext("The key file is saved."))
