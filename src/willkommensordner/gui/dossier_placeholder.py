"""Stands in for the dossier view until its branch is merged (same interface, no editing)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.widgets import MUTED, heading


class PlaceholderDossierView(QWidget):
    closed = Signal()
    saved = Signal(str)

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.dossier_id: str | None = None
        self.title = heading("")
        self.note = QLabel(ctx.tr.gettext("The dossier opens here."))
        self.note.setStyleSheet(f"color: {MUTED};")
        self.back = QPushButton(ctx.tr.gettext("Back to the list"))
        self.back.clicked.connect(self.closed)
        row = QHBoxLayout()
        row.addWidget(self.back)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addLayout(row)
        layout.addWidget(self.title)
        layout.addWidget(self.note)
        layout.addStretch(1)
        ctx.bridge.locked.connect(self.clear)

    def open_dossier(self, dossier_id: str) -> None:
        dossier = self.ctx.require_vault().records.dossier(dossier_id)
        self.dossier_id = dossier_id
        self.title.setText(dossier.display_name)

    def clear(self) -> None:
        self.dossier_id = None
        self.title.clear()

    def has_unsaved_changes(self) -> bool:
        return False

    def content_changed(self) -> None:
        """Shows no content."""

    def save_changes(self) -> bool:
        return True
