"""The content packs in the settings: which are installed (version, date), import and remove.

The packs are public information, so this works while the vault is locked too. Loading and
importing read many files, so both run through the runner; `changed` fires after an import
or removal, for the views that show content to load it again.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from willkommensordner.content.integreat import ImportPlan, apply_import, plan_import
from willkommensordner.content.library import ContentLibrary, PackInfo
from willkommensordner.content.pack_import import ImportResult, import_pack, remove_pack
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.dossier.forms import german
from willkommensordner.gui.integreat_import_dialog import IntegreatPreviewDialog
from willkommensordner.gui.widgets import MUTED, message_label
from willkommensordner.i18n import N_

PACK_FILTER = N_("Content packs")


class ContentPacksSection(QGroupBox):
    changed = Signal()

    def __init__(
        self,
        ctx: GuiContext,
        parent: QWidget | None = None,
        *,
        data_dir: Path | None = None,
    ) -> None:
        super().__init__(ctx.tr.gettext("Information pages and contact points"), parent)
        self.ctx = ctx
        tr = ctx.tr
        self.data_dir = data_dir
        self.packs: list[PackInfo] = []
        self.table = QTableWidget(0, 4, self)
        self.table.setAccessibleName(tr.gettext("Installed content packs"))
        self.table.setHorizontalHeaderLabels(
            [tr.gettext("Pack"), tr.gettext("Version"), tr.gettext("As of"), tr.gettext("Kind")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setDefaultSectionSize(24)
        # Room for the built-in pack, the municipality's and one more without scrolling.
        self.table.setMinimumHeight(self.table.horizontalHeader().sizeHint().height() + 3 * 24 + 4)
        self.table.setMaximumHeight(140)
        self.import_button = QPushButton(tr.gettext("&Import a content pack…"))
        self.import_button.setToolTip(
            tr.gettext("Install or update your municipality's pack (.zip)")
        )
        self.integreat_button = QPushButton(tr.gettext("From &Integreat…"))
        self.integreat_button.setToolTip(
            tr.gettext("Import your municipality's Integreat pages from a downloaded folder")
        )
        self.remove_button = QPushButton(tr.gettext("Remove pack"))
        self.remove_button.setEnabled(False)
        self.message = message_label(MUTED)
        # Two rows: with large fonts three buttons side by side no longer fit the dialog.
        row = QGridLayout()
        row.addWidget(self.import_button, 0, 0)
        row.addWidget(self.integreat_button, 0, 1)
        row.addWidget(self.remove_button, 1, 0)
        row.setColumnStretch(2, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(row)
        layout.addWidget(self.message)
        self.import_button.clicked.connect(lambda: self.import_pack())
        self.integreat_button.clicked.connect(lambda: self.import_integreat())
        self.remove_button.clicked.connect(lambda: self.remove_selected())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.reload()

    # --- showing ----------------------------------------------------------------------------

    def reload(self) -> None:
        data_dir = self.data_dir
        self._submit(
            lambda: ContentLibrary(data_dir).packs(),
            self._show,
            None,
            busy_text=self.ctx.tr.gettext("Reading the content packs…"),
        )

    def _submit(
        self,
        work: Callable[[], Any],
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None] | None,
        busy_text: str,
    ) -> None:
        task = self.ctx.runner.submit(work, done, failed, busy_text=busy_text)
        # The settings may be closed before the work is done: then nothing here is shown.
        self.destroyed.connect(task.cancel)

    def _show(self, packs: list[PackInfo]) -> None:
        tr = self.ctx.tr
        self.packs = packs
        self.table.setRowCount(len(packs))
        for row, pack in enumerate(packs):
            if pack.demo:
                kind = tr.gettext("sample data (invented)")
            elif pack.origin == "imported":
                kind = tr.gettext("imported")
            else:
                kind = tr.gettext("comes with the app")
            for column, text in enumerate((pack.title, pack.version, german(pack.stand), kind)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self._update_buttons()

    def selected(self) -> PackInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.packs[rows[0].row()] if rows else None

    def select(self, pack_id: str) -> None:
        ids = [p.id for p in self.packs]
        if pack_id in ids:
            self.table.selectRow(ids.index(pack_id))

    def _update_buttons(self) -> None:
        pack = self.selected()
        self.remove_button.setEnabled(pack is not None and (pack.demo or pack.origin != "builtin"))

    # --- changing ---------------------------------------------------------------------------

    def import_pack(self) -> None:
        tr = self.ctx.tr
        path = self.ctx.dialogs.open_file(
            tr.gettext("Import a content pack"), tr.gettext(PACK_FILTER) + " (*.zip)"
        )
        if path is None:
            return
        data_dir = self.data_dir
        self._submit(
            lambda: import_pack(path, ContentLibrary(data_dir)),
            self._imported,
            lambda exc: self.ctx.dialogs.show_error(exc, tr.gettext("The pack was not imported")),
            busy_text=tr.gettext("Importing the content pack…"),
        )

    def import_integreat(self) -> None:
        """Folder chooser, then the preview (made in the runner), then the import."""
        tr = self.ctx.tr
        folder = self.ctx.dialogs.open_directory(tr.gettext("Folder with the Integreat download"))
        if folder is None:
            return
        data_dir, region = self.data_dir, folder.name
        failed = lambda exc: self.ctx.dialogs.show_error(  # noqa: E731
            exc, tr.gettext("The Integreat content was not imported")
        )

        def planned(plan: ImportPlan) -> None:
            dialog = IntegreatPreviewDialog(plan, tr, self)
            if self.ctx.dialogs.exec(dialog) != QDialog.DialogCode.Accepted:
                return

            def applied(_location: object) -> None:
                self.message.setText(
                    tr.format(
                        N_("Installed pack {id} version {new}."),
                        {"id": plan.pack_id, "new": plan.version},
                    )
                )
                self.changed.emit()
                self.reload()

            self._submit(
                lambda: apply_import(plan, ContentLibrary(data_dir)),
                applied,
                failed,
                busy_text=tr.gettext("Importing the Integreat content…"),
            )

        self._submit(
            lambda: plan_import(folder, region, ContentLibrary(data_dir), date.today()),
            planned,
            failed,
            busy_text=tr.gettext("Reading the Integreat download…"),
        )

    def _imported(self, result: ImportResult) -> None:
        self.message.setText(
            self.ctx.tr.format(
                N_("Installed pack {id} version {new}."),
                {"id": result.pack_id, "new": result.version},
            )
        )
        self.changed.emit()
        self.reload()

    def remove_selected(self) -> None:
        pack = self.selected()
        if pack is None:
            return
        tr = self.ctx.tr
        if not self.ctx.dialogs.ask(
            tr.gettext("Remove pack"),
            tr.format(
                N_(
                    "Remove the content pack “{title}”? Its pages and contact points are no "
                    "longer shown."
                ),
                {"title": pack.title},
            ),
        ):
            return
        data_dir, pack_id = self.data_dir, pack.id

        def removed(_result: object) -> None:
            self.message.setText(tr.format(N_("Removed pack {id}."), {"id": pack_id}))
            self.changed.emit()
            self.reload()

        self._submit(
            lambda: remove_pack(pack_id, ContentLibrary(data_dir)),
            removed,
            lambda exc: self.ctx.dialogs.show_error(exc, tr.gettext("The pack was not removed")),
            busy_text=tr.gettext("Removing the content pack…"),
        )
