"""The sync panel: members, bundles sent and received and when, lag, gaps, held files."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from willkommensordner.gui.context import GuiContext
from willkommensordner.i18n import Translator
from willkommensordner.sync.status import SyncStatus


def _lag(tr: Translator, seconds: int | None) -> str:
    if seconds is None:
        return "—"
    if seconds < 120:
        return tr.gettext("just now")
    if seconds < 7200:
        return tr.format("{count} min", {"count": seconds // 60})
    if seconds < 172800:
        return tr.format("{count} h", {"count": seconds // 3600})
    return tr.format("{count} days", {"count": seconds // 86400})


class SyncPanel(QDialog):
    """Shows a `SyncStatus`; asks for a run or a folder through its signals."""

    run_requested = Signal()
    folder_requested = Signal()

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        tr = ctx.tr
        self.tr_ = tr
        self.setWindowTitle(tr.gettext("Sync"))
        self.folder = QLabel()
        self.folder.setWordWrap(True)
        self.members = QTableWidget(0, 7)
        self.members.setHorizontalHeaderLabels(
            [
                tr.gettext("Member"),
                tr.gettext("Role"),
                tr.gettext("Sent"),
                tr.gettext("Received"),
                tr.gettext("Last received"),
                tr.gettext("Not yet sent"),
                tr.gettext("Waiting for"),
            ]
        )
        self.members.setAccessibleName(tr.gettext("Members"))
        self.members.verticalHeader().hide()
        self.members.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.members.horizontalHeader().setStretchLastSection(True)
        self.members.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.held_title = QLabel(tr.gettext("Held files (not applied)"))
        self.held = QListWidget()
        self.held.setAccessibleName(tr.gettext("Held files (not applied)"))
        self.conflicts = QLabel()
        self.run_button = QPushButton(tr.gettext("Sync now"))
        self.run_button.clicked.connect(self.run_requested)
        self.folder_button = QPushButton(tr.gettext("Choose shared folder…"))
        self.folder_button.clicked.connect(self.folder_requested)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.run_button)
        row.addWidget(self.folder_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.folder)
        layout.addWidget(self.members, 2)
        layout.addWidget(self.held_title)
        layout.addWidget(self.held, 1)
        layout.addWidget(self.conflicts)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.resize(760, 460)

    def show_status(self, state: SyncStatus) -> None:
        tr = self.tr_
        if state.folder is None:
            self.folder.setText(tr.gettext("No shared folder is set."))
        elif not state.available:
            self.folder.setText(
                tr.format(
                    "The shared folder {path} is not available now (not mounted or offline).",
                    {"path": state.folder},
                )
            )
        else:
            self.folder.setText(tr.format("Shared folder: {path}", {"path": state.folder}))
        self.members.setRowCount(len(state.members))
        for row, m in enumerate(state.members):
            cells = [
                m.name if m.verified else tr.format("{name} (not verified)", {"name": m.name}),
                tr.gettext("team member") if m.role == "team" else tr.gettext("partner agency"),
                str(m.sent_sequence),
                str(m.received_sequence),
                _lag(tr, m.lag_seconds),
                str(m.unsent_changes),
                "—" if m.waiting_for is None else str(m.waiting_for),
            ]
            for column, text in enumerate(cells):
                self.members.setItem(row, column, QTableWidgetItem(text))
        self.held.clear()
        for h in state.held:
            item = QListWidgetItem(tr.format(h.reason, h.params))
            item.setToolTip(h.file)  # where it lies in the folder, for whoever looks there
            self.held.addItem(item)
        self.held_title.setVisible(bool(state.held))
        self.held.setVisible(bool(state.held))
        self.conflicts.setText(
            tr.format("Open conflicts: {count}", {"count": state.open_conflicts})
        )
