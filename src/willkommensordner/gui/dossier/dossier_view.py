"""One dossier, in tabs: person & household, documents, timeline, potential analysis, ways &
plan, agreed steps, notes, consents, history.

The person form and the potential analysis are edited in place (Save / Revert, Ctrl+S);
every other part is edited in a dialog and saved at once in its own transaction, so
"unsaved changes" only ever means those two forms. On lock, `clear()` empties every widget
and model of the view.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from willkommensordner.domain.record import FieldProblem
from willkommensordner.errors import NotFound, UserError
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.dialogs import Choice
from willkommensordner.gui.dossier.analysis_tab import AnalysisTab
from willkommensordner.gui.dossier.consents_tab import ConsentsTab
from willkommensordner.gui.dossier.documents_tab import DocumentsTab
from willkommensordner.gui.dossier.history_tab import HistoryTab
from willkommensordner.gui.dossier.notes_tab import NotesTab
from willkommensordner.gui.dossier.part_tab import PartTab
from willkommensordner.gui.dossier.person_tab import PersonTab
from willkommensordner.gui.dossier.plan_tab import PlanTab
from willkommensordner.gui.dossier.steps_tab import StepsTab
from willkommensordner.gui.dossier.subject_access_export import export_everything
from willkommensordner.gui.dossier.timeline_tab import TimelineTab
from willkommensordner.gui.print_preview import Kind, PrintPreview, open_print_preview
from willkommensordner.gui.pyside_workarounds import pin_none
from willkommensordner.gui.runner import Task
from willkommensordner.i18n import N_
from willkommensordner.vault.drafts import Draft
from willkommensordner.vault.events import Change
from willkommensordner.vault.records import DossierBundle


class DossierView(QWidget):
    """`open_dossier(id)`, `clear()`, `has_unsaved_changes()`, `save_changes()`, `closed`."""

    closed = Signal()
    export_requested = Signal(str)  # gui/exchange opens the export for this dossier
    saved = Signal(str)  # a confirmation for the status bar, after Save or Ctrl+S

    TAB_NAMES = (
        "person",
        "documents",
        "timeline",
        "analysis",
        "plan",
        "steps",
        "notes",
        "consents",
        "history",
    )

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        # The main window builds this view at start, so the work-around is in place before
        # any item model runs (idempotent; the app may as well call it itself).
        pin_none()
        super().__init__(parent)
        self.ctx = ctx
        tr = self.tr = ctx.tr
        self.dossier_id: str | None = None
        self._display_name = ""

        self.title = QLabel()
        self.title.setObjectName("dossierTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title.setFont(font)
        self.subtitle = QLabel()
        self.subtitle.setObjectName("dossierSubtitle")
        self.subtitle.setTextFormat(Qt.TextFormat.PlainText)
        self.subtitle.setStyleSheet("color: #555;")
        self.save_button = QPushButton(tr.gettext("&Save"))
        self.save_button.setToolTip(
            tr.gettext("Save the changes to the person and the potential analysis (Ctrl+S)")
        )
        self.save_button.clicked.connect(lambda: self.save_changes())
        self.revert_button = QPushButton(tr.gettext("&Revert"))
        self.revert_button.setToolTip(
            tr.gettext("Put back the stored values of the person and the analysis")
        )
        self.revert_button.clicked.connect(self.revert_changes)
        self.close_button = QPushButton(tr.gettext("Close"))
        self.close_button.setToolTip(tr.gettext("Close the dossier (Ctrl+W)"))
        self.close_button.clicked.connect(self.request_close)
        for button in (self.save_button, self.revert_button, self.close_button):
            button.setAccessibleName(button.text().replace("&", ""))

        names = QVBoxLayout()
        names.setSpacing(0)
        names.addWidget(self.title)
        names.addWidget(self.subtitle)
        self.print_button = self._make_print_button()
        self.export_button = QPushButton(tr.gettext("Export this dossier…"))
        self.export_button.setToolTip(
            tr.gettext("Hand this dossier to a partner agency as an encrypted file")
        )
        self.export_button.clicked.connect(self._request_export)
        header = QHBoxLayout()
        header.addLayout(names, 1)
        header.addWidget(self.print_button)
        header.addWidget(self.export_button)
        header.addWidget(self.save_button)
        header.addWidget(self.revert_button)
        header.addWidget(self.close_button)

        self.person = PersonTab(ctx)
        self.documents = DocumentsTab(ctx)
        self.timeline = TimelineTab(ctx)
        self.analysis = AnalysisTab(ctx)
        self.plan = PlanTab(ctx)
        self.steps = StepsTab(ctx)
        self.notes = NotesTab(ctx)
        self.consents = ConsentsTab(ctx)
        self.history = HistoryTab(ctx)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName(tr.gettext("Parts of the dossier"))
        for widget, label in (
            (self.person, tr.gettext("Person & household").replace("&", "&&")),
            (self.documents, tr.gettext("Documents")),
            (self.timeline, tr.gettext("Timeline")),
            (self.analysis, tr.gettext("Potential analysis")),
            (self.plan, tr.gettext("Ways & plan").replace("&", "&&")),
            (self.steps, tr.gettext("Agreed steps")),
            (self.notes, tr.gettext("Notes")),
            (self.consents, tr.gettext("Consents")),
            (self.history, tr.gettext("History")),
        ):
            self.tabs.addTab(widget, label)
        self.part_tabs: list[PartTab] = [
            self.documents,
            self.timeline,
            self.steps,
            self.notes,
            self.consents,
            self.history,
        ]
        for tab in self.part_tabs:
            tab.draft_name = self.TAB_NAMES[self.tabs.indexOf(tab)]

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.tabs, 1)

        self.person.edited.connect(self._update_buttons)
        self.person.household_changed.connect(self.reload)
        self.analysis.edited.connect(self._update_buttons)
        for part in (self.analysis, self.plan):
            part.changed.connect(self.reload)
        for tab in self.part_tabs:
            tab.changed.connect(self.reload)
        ctx.bridge.locked.connect(self.clear)
        ctx.bridge.changed.connect(self._vault_changed)

        self._shortcut(QKeySequence.StandardKey.Save, lambda: self.save_changes())
        self._shortcut(QKeySequence("Ctrl+W"), self.request_close)
        for number in range(1, self.tabs.count() + 1):
            self._shortcut(
                QKeySequence(f"Alt+{number}"),
                lambda n=number: self.tabs.setCurrentIndex(n - 1),
            )
        # Coalesces the change events a save produces into one reload.
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(50)
        self._reload_timer.timeout.connect(self.reload)
        self.clear()

    def _shortcut(self, keys: QKeySequence | QKeySequence.StandardKey, slot: object) -> None:
        shortcut = QShortcut(QKeySequence(keys), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)

    # --- the public API ---------------------------------------------------------------------

    def _make_print_button(self) -> QToolButton:
        tr = self.ctx.tr
        button = QToolButton()
        button.setText(tr.gettext("&Print"))
        button.setAccessibleName(tr.gettext("Print"))
        button.setToolTip(tr.gettext("Bilingual printouts in the person's preferred language"))
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(button)
        self.print_folder_action = menu.addAction(tr.gettext("Welcome folder…"))
        self.print_folder_action.triggered.connect(lambda: self.print_document("folder"))
        self.print_plan_action = menu.addAction(tr.gettext("Plan of the agreed steps…"))
        self.print_plan_action.triggered.connect(lambda: self.print_document("plan"))
        self.print_slip_action = menu.addAction(tr.gettext("Slip for the selected appointment…"))
        self.print_slip_action.triggered.connect(lambda: self.print_document("slip"))
        menu.aboutToShow.connect(
            lambda: self.print_slip_action.setEnabled(self.timeline.selected() is not None)
        )
        menu.addSeparator()
        self.print_analysis_action = menu.addAction(tr.gettext("Potential analysis (bilingual)…"))
        self.print_analysis_action.triggered.connect(lambda: self.print_document("analysis"))
        self.print_questionnaire_action = menu.addAction(
            tr.gettext("Blank potential analysis form…")
        )
        self.print_questionnaire_action.triggered.connect(
            lambda: self.print_document("questionnaire")
        )
        menu.addSeparator()
        self.subject_access_action = menu.addAction(tr.gettext("Everything we hold (Art. 15)…"))
        self.subject_access_action.triggered.connect(lambda: self.export_everything())
        button.setMenu(menu)
        return button

    def print_document(self, kind: Kind) -> PrintPreview | None:
        """Open the print preview of the open dossier in the person's preferred language."""
        if self.dossier_id is None:
            return None
        appointment = self.timeline.selected() if kind == "slip" else None
        if kind == "slip" and appointment is None:
            return None
        language = self.ctx.require_vault().records.dossier(self.dossier_id).preferred_language
        return open_print_preview(
            self.ctx,
            kind,
            dossier_id=self.dossier_id,
            appointment_id=appointment.id if appointment is not None else None,
            lang=language,
            parent=self,
        )

    def export_everything(self) -> Task | None:
        """The person's copy on paper and the complete record as JSON (Art. 15 DSGVO)."""
        if self.dossier_id is None:
            return None
        return export_everything(self.ctx, self.dossier_id, self)

    def open_dossier(self, dossier_id: str, tab: str | None = None) -> None:
        """Show a dossier; asks first if the one on screen has unsaved changes.

        `tab` (one of TAB_NAMES) opens a given tab, e.g. "timeline" from the agenda.
        """
        if self.dossier_id not in (None, dossier_id) and not self.confirm_leave():
            return
        vault = self.ctx.require_vault()
        try:
            bundle = vault.records.bundle(dossier_id)
        except UserError as exc:
            self.ctx.dialogs.show_error(exc)
            return
        if dossier_id != self.dossier_id:
            self.clear()
            self.tabs.setCurrentIndex(0)
        self.dossier_id = dossier_id
        self._show(bundle, keep_edits=False)
        if tab is not None:
            self.show_tab(tab)

    def clear(self) -> None:
        """Drop every widget text and model row holding personal data (called on lock)."""
        self._reload_timer.stop()
        self.dossier_id = None
        self._display_name = ""
        self.title.clear()
        self.subtitle.clear()
        self.person.clear()
        self.analysis.clear()
        self.plan.clear()
        for tab in self.part_tabs:
            tab.clear()
        self._update_buttons()

    def content_changed(self) -> None:
        """Content packs changed: the tabs showing contact points read them again."""
        self.timeline.forget_contacts()
        self.plan.forget_contacts()

    def has_unsaved_changes(self) -> bool:
        return self.dossier_id is not None and (
            self.person.has_unsaved_changes() or self.analysis.has_unsaved_changes()
        )

    def save_changes(self) -> bool:
        """Save the person form and the analysis; False (messages beside the fields) if
        validation failed."""
        if self.dossier_id is None:
            return True
        analysis_saved = self.analysis.has_unsaved_changes()
        if analysis_saved and not self.analysis.save():
            self.tabs.setCurrentWidget(self.analysis)
            return False
        if not self.person.has_unsaved_changes():
            self._update_buttons()
            self.saved.emit(
                self.tr.gettext("Changes saved.")
                if analysis_saved
                else self.tr.gettext("Nothing to save: everything is stored.")
            )
            return True
        try:
            dossier = self.person.build()
        except FieldProblem:
            self.tabs.setCurrentWidget(self.person)
            return False
        try:
            saved = self.ctx.require_vault().records.save(dossier)
        except UserError as exc:
            self.ctx.dialogs.show_error(exc)
            return False
        self.person.mark_saved(saved)
        self.reload()
        self.saved.emit(self.tr.gettext("Changes saved."))
        return True

    def revert_changes(self) -> None:
        self.person.revert()
        self.analysis.revert()
        self._update_buttons()

    def confirm_leave(self) -> bool:
        """True when the view may show something else (saved, discarded or nothing to do)."""
        if not self.has_unsaved_changes():
            return True
        choice = self.ctx.dialogs.save_discard_cancel(
            self.tr.gettext("Unsaved changes"),
            self.tr.gettext("The changes to this person are not saved yet. Save them now?"),
        )
        if choice is Choice.SAVE:
            return self.save_changes()
        if choice is Choice.DISCARD:
            self.revert_changes()
            return True
        return False

    # --- drafts of unsaved changes (gui/drafts.py) --------------------------------------------

    def form_drafts(self) -> list[Draft]:
        """Drafts of the person form and the analysis while they hold unsaved changes."""
        if self.dossier_id is None:
            return []
        drafts = []
        for name, form in (("person", self.person), ("analysis", self.analysis)):
            if form.has_unsaved_changes():
                drafts.append(
                    Draft(
                        key=f"{name}:{self.dossier_id}",
                        title=self._draft_title(name),
                        state={"form": name, "fields": form.draft_state()},
                        dossier_id=self.dossier_id,
                    )
                )
        return drafts

    def display_name(self) -> str:
        """The open person's name as the list shows it ("" when none is open)."""
        return self._display_name if self.dossier_id is not None else ""

    def _draft_title(self, tab: str) -> str:
        label = self.tabs.tabText(self.TAB_NAMES.index(tab)).replace("&&", "&")
        return f"{label} – {self.display_name()}"

    def restore_drafts(self, drafts: list[Draft]) -> list[str]:
        """Put drafted form states of the open dossier back; the titles of what came back.

        A draft that equals what is stored (saved just before a crash) is no change.
        """
        restored = []
        for draft in drafts:
            form = {"person": self.person, "analysis": self.analysis}.get(
                str(draft.state.get("form"))
            )
            fields = draft.state.get("fields")
            if draft.dossier_id != self.dossier_id or form is None or not isinstance(fields, dict):
                continue
            form.restore_draft_state(fields)
            if form.has_unsaved_changes():
                restored.append(draft.title)
                self.tabs.setCurrentWidget(form)
        self._update_buttons()
        return restored

    def reopen_dialog(self, draft: Draft) -> bool:
        """Open the dialog a draft was typed into again, with the drafted fields filled in."""
        origin = draft.state.get("origin")
        kind = draft.state.get("dialog")
        if not isinstance(origin, dict) or not isinstance(kind, str):
            return False
        if origin.get("dossier_id") != self.dossier_id:
            return False
        tabs: dict[str, Any] = {"person": self.person}
        tabs.update((tab.draft_name, tab) for tab in self.part_tabs)
        tab = tabs.get(str(origin.get("tab")))
        if tab is None:
            return False
        self.tabs.setCurrentWidget(tab)
        self.ctx.drafts.wait_for(kind, draft.state)
        try:
            return bool(tab.reopen_draft(origin))
        finally:
            self.ctx.drafts.forget_waiting()

    def request_close(self) -> None:
        if self.confirm_leave():
            self.clear()
            self.closed.emit()

    def _request_export(self) -> None:
        if self.dossier_id is not None:
            self.export_requested.emit(self.dossier_id)

    def current_tab_name(self) -> str:
        return self.TAB_NAMES[self.tabs.currentIndex()]

    def show_tab(self, name: str) -> None:
        self.tabs.setCurrentIndex(self.TAB_NAMES.index(name))

    # --- refreshing -------------------------------------------------------------------------

    def reload(self) -> None:
        """Fresh data from the vault; a dirty person form keeps what the counsellor typed."""
        if self.dossier_id is None or self.ctx.vault is None:
            return
        try:
            bundle = self.ctx.vault.records.bundle(self.dossier_id)
        except NotFound:
            # Deleted meanwhile (e.g. by an import): nothing left to show.
            self.clear()
            self.closed.emit()
            return
        self._show(bundle, keep_edits=True)

    def _show(self, bundle: DossierBundle, *, keep_edits: bool) -> None:
        d = bundle.dossier
        self._display_name = d.display_name
        native = d.native_name if d.native_name and d.native_name != d.display_name else ""
        self.title.setText(f"{d.display_name}   {native}".strip())
        parts = [self.tr.gettext(d.legal_status.label), self.tr.gettext(d.target_group.label)]
        if d.birth_date is not None:
            parts.insert(0, self.tr.format(N_("born {date}"), {"date": d.birth_date.german()}))
        if not d.is_open:
            parts.append(self.tr.gettext("closed"))
        self.subtitle.setText(" · ".join(parts))
        self.person.load(bundle, keep_edits=keep_edits)
        self.analysis.load(bundle)
        self.plan.load(bundle)
        for tab in self.part_tabs:
            tab.load(bundle)
        self._update_buttons()

    def _vault_changed(self, change: Change) -> None:
        if self.dossier_id is not None and self.dossier_id in change.dossier_ids:
            self._reload_timer.start()

    def _update_buttons(self) -> None:
        dirty = self.has_unsaved_changes()
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)
        self.close_button.setEnabled(self.dossier_id is not None)
        self.print_button.setEnabled(self.dossier_id is not None)
        self.export_button.setEnabled(self.dossier_id is not None)
