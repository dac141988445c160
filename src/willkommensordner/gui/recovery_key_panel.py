"""Shows a recovery key with buttons to print or save the recovery sheet (wizard, settings)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from willkommensordner import storage
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.printing import print_pdf
from willkommensordner.gui.widgets import GREEN, message_label
from willkommensordner.printing.recovery_sheet import build_recovery_sheet


class RecoveryKeyPanel(QWidget):
    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        tr = ctx.tr
        self._key = ""
        self.key_label = QLabel()
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key_label.setAccessibleName(tr.gettext("Recovery key"))
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key_label.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSize(mono.pointSize() + 3)
        mono.setWeight(QFont.Weight.DemiBold)
        self.key_label.setFont(mono)
        box = QFrame()
        box.setObjectName("keyBox")
        box.setFrameShape(QFrame.Shape.StyledPanel)
        inner = QVBoxLayout(box)
        inner.setContentsMargins(16, 16, 16, 16)
        inner.addWidget(self.key_label)
        self.print_button = QPushButton(tr.gettext("&Print the recovery sheet…"))
        self.save_button = QPushButton(tr.gettext("&Save the recovery sheet as PDF…"))
        self.message = message_label(GREEN)
        row = QHBoxLayout()
        row.addWidget(self.print_button)
        row.addWidget(self.save_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(box)
        layout.addLayout(row)
        layout.addWidget(self.message)
        self.print_button.clicked.connect(self.print_sheet)
        self.save_button.clicked.connect(self.save_sheet)

    def set_key(self, key: str) -> None:
        self._key = key
        self.key_label.setText(key)
        self.message.clear()

    def clear(self) -> None:
        self.set_key("")

    def sheet_pdf(self) -> bytes:
        return build_recovery_sheet(
            recovery_key=self._key,
            vault_path=self.ctx.vault_path,
            created=self.ctx.today(),
            tr=self.ctx.tr,
        )

    def save_sheet(self) -> None:
        tr = self.ctx.tr
        target = self.ctx.dialogs.save_file(
            tr.gettext("Save the recovery sheet"),
            str(Path.home() / tr.gettext("recovery-sheet.pdf")),
            tr.gettext("PDF files (*.pdf)"),
        )
        if target is None:
            return
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        try:
            storage.write_private(target, self.sheet_pdf())
        except OSError:
            self.ctx.dialogs.error(
                tr.gettext("Not saved"), tr.gettext("The file could not be written there.")
            )
            return
        self.message.setText(tr.format("Saved as {name}.", {"name": target.name}))

    def print_sheet(self) -> None:
        tr = self.ctx.tr
        if print_pdf(self.sheet_pdf(), tr.gettext("Recovery sheet"), self.ctx.dialogs, self):
            self.message.setText(tr.gettext("The recovery sheet went to the printer."))
