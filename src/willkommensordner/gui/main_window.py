"""The window: a stack of pages (setup, unlock, agenda, list, dossier), a toolbar, the lock.

It only switches pages and handles locking; each page is its own widget over `GuiContext`.
"""

from __future__ import annotations

from dataclasses import replace
from enum import StrEnum
from typing import Any

from PySide6.QtCore import QByteArray, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QMainWindow,
    QProgressBar,
    QSizePolicy,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from willkommensordner.errors import NotFound
from willkommensordner.gui.agenda_view import AgendaView
from willkommensordner.gui.announce import announce
from willkommensordner.gui.backups.auto_backup import AutoBackup
from willkommensordner.gui.conflicts.hook import add_conflicts_page
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.data_protection.hook import add_data_protection_action
from willkommensordner.gui.dialogs import Choice
from willkommensordner.gui.dossier_list import DossierListView
from willkommensordner.gui.drafts import DraftKeeper
from willkommensordner.gui.exchange.hook import add_exchange_menu
from willkommensordner.gui.first_steps import load_sample_data
from willkommensordner.gui.idle import IdleWatcher
from willkommensordner.gui.information.hook import add_information_page
from willkommensordner.gui.menu_bar import build_menu_bar
from willkommensordner.gui.new_dossier_dialog import NewDossierDialog
from willkommensordner.gui.screen_fit import fit_to_screen
from willkommensordner.gui.settings import IDLE_LOCK_MINUTES, WINDOW_GEOMETRY
from willkommensordner.gui.settings_dialog import SettingsDialog
from willkommensordner.gui.setup_wizard import SetupWizard
from willkommensordner.gui.sync.hook import add_sync
from willkommensordner.gui.unlock_view import UnlockView
from willkommensordner.i18n import N_
from willkommensordner.vault.drafts import Draft

try:  # the dossier view lives on its own branch until the lead merges it
    from willkommensordner.gui.dossier.dossier_view import (  # type: ignore[import-not-found]
        DossierView as _DossierView,
    )
except ImportError:
    from willkommensordner.gui.dossier_placeholder import PlaceholderDossierView as _DossierView


class Page(StrEnum):
    SETUP = "setup"
    UNLOCK = "unlock"
    AGENDA = "agenda"
    LIST = "list"
    DOSSIER = "dossier"
    INFORMATION = "information"  # gui/information (issue 4)
    CONFLICTS = "conflicts"  # gui/conflicts (issue 6)


class MainWindow(QMainWindow):
    def __init__(self, ctx: GuiContext, app: QApplication | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        tr = ctx.tr
        self.setWindowTitle(tr.gettext("Willkommensordner digital"))
        self.setMinimumSize(QSize(820, 560))
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.unlock_view = UnlockView(ctx)
        self.agenda = AgendaView(ctx)
        self.dossiers = DossierListView(ctx)
        self.dossier: Any = _DossierView(ctx)
        self.setup: SetupWizard | None = None
        self.pages: dict[Page, QWidget] = {
            Page.UNLOCK: self.unlock_view,
            Page.AGENDA: self.agenda,
            Page.LIST: self.dossiers,
            Page.DOSSIER: self.dossier,
        }
        for page in self.pages.values():
            self.stack.addWidget(page)
        self._resume: tuple[Page, str | None] | None = None
        self._back_to = Page.LIST

        self._build_toolbar()
        self._build_status_bar()
        self._add_information_page()
        self.act_data_protection = add_data_protection_action(self, ctx)
        self._unlocked_actions = (*self._unlocked_actions, self.act_data_protection)
        self._add_conflicts_page()
        self.auto_backup = AutoBackup(ctx, self)
        self._add_exchange_menu()
        self.sync = add_sync(self, ctx)
        self.menu_bar = build_menu_bar(self, ctx)
        self.idle = IdleWatcher(app or _app(), self._idle_ms(), self)
        self.idle.idle.connect(lambda: self.lock(idle=True))
        # Unsaved edits are kept in the vault while typing and on every lock (gui/drafts.py).
        self.drafts = DraftKeeper(lambda: ctx.vault, self._current_drafts, self)
        self._locked_here = False
        ctx.bridge.changed.connect(lambda _c: QTimer.singleShot(0, self.drafts.save_if_changed))

        self.unlock_view.unlocked.connect(self._after_unlock)
        self.agenda.open_requested.connect(self.open_dossier)
        self.dossiers.open_requested.connect(self.open_dossier)
        self.dossiers.new_requested.connect(self.new_dossier)
        for panel in (self.agenda.first_steps, self.dossiers.first_steps):
            panel.new_requested.connect(self.new_dossier)
            panel.sample_requested.connect(self.load_sample_data)
        self.dossier.closed.connect(self._dossier_closed)
        self.dossier.saved.connect(lambda text: self.statusBar().showMessage(text, 6000))
        ctx.runner.busy_changed.connect(self._busy)
        ctx.settings.changed.connect(self._setting_changed)
        self._restore_geometry()

        if ctx.vault_exists:
            self._show_locked()
        else:
            self._show_setup()

    # --- building ---------------------------------------------------------------------------

    def _build_toolbar(self) -> None:
        tr = self.ctx.tr
        self.toolbar = QToolBar(tr.gettext("Main toolbar"))
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(self.toolbar)

        def action(
            text: str, keys: QKeySequence | QKeySequence.StandardKey | str, slot: Any, tip: str = ""
        ) -> QAction:
            act = QAction(text, self)
            act.setShortcut(QKeySequence(keys))
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            shortcut = act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            act.setToolTip(f"{tip or text.replace('&', '')} ({shortcut})")
            act.triggered.connect(slot)
            self.addAction(act)
            return act

        self.act_agenda = action(tr.gettext("&Agenda"), "Ctrl+1", self.show_agenda)
        self.act_list = action(tr.gettext("&Dossiers"), "Ctrl+2", self.show_list)
        self.act_new = action(tr.gettext("&New dossier"), "Ctrl+N", self.new_dossier)
        self.act_search = action(tr.gettext("&Search"), QKeySequence.StandardKey.Find, self.search)
        self.act_settings = action(tr.gettext("S&ettings"), "Ctrl+,", self.open_settings)
        self.act_lock = action(tr.gettext("&Lock"), "Ctrl+L", lambda: self.lock(idle=False))
        self.act_lock.setToolTip(
            tr.gettext("Lock now: close the vault and hide all dossiers (Ctrl+L)")
        )
        for act in (self.act_agenda, self.act_list, self.act_new, self.act_search):
            self.toolbar.addAction(act)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.toolbar.addWidget(spacer)
        self.toolbar.addAction(self.act_settings)
        self.toolbar.addAction(self.act_lock)
        self._unlocked_actions = (
            self.act_agenda,
            self.act_list,
            self.act_new,
            self.act_search,
            self.act_lock,
        )

    def _build_status_bar(self) -> None:
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(140)
        self.busy_bar.setMaximumHeight(12)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setAccessibleName(self.ctx.tr.gettext("Working"))
        self.busy_bar.hide()
        self.busy_label = QLabel()
        self.statusBar().addPermanentWidget(self.busy_label)
        self.statusBar().addPermanentWidget(self.busy_bar)
        # "Saved", "Exported": said aloud as well as shown, the status bar takes no focus.
        self.statusBar().messageChanged.connect(
            lambda text: announce(self.statusBar(), text, urgent=False)
        )

    # --- pages ------------------------------------------------------------------------------

    @property
    def page(self) -> Page:
        current = self.stack.currentWidget()
        if self.setup is not None and current is self.setup:
            return Page.SETUP
        return next(name for name, widget in self.pages.items() if widget is current)

    def _switch(self, page: Page) -> None:
        widget = self.setup if page is Page.SETUP else self.pages[page]
        assert widget is not None
        self.stack.setCurrentWidget(widget)
        unlocked = page not in (Page.SETUP, Page.UNLOCK)
        self.toolbar.setVisible(unlocked)
        for act in self._unlocked_actions:
            act.setEnabled(unlocked)
        self.act_settings.setEnabled(page is not Page.SETUP)
        self._sync_page_actions(page)

    def _sync_page_actions(self, page: Page) -> None:
        """The page buttons show where the user is: a mark, not a checked state, so that
        screen readers hear buttons that go to a page, not check boxes."""
        for act, shown in ((self.act_agenda, Page.AGENDA), (self.act_list, Page.LIST)):
            button = self.toolbar.widgetForAction(act)
            if button is not None and button.property("currentPage") != (page is shown):
                button.setProperty("currentPage", page is shown)
                button.setAccessibleDescription(
                    self.ctx.tr.gettext("current page") if page is shown else ""
                )
                button.style().unpolish(button)
                button.style().polish(button)

    def _show_setup(self) -> None:
        self.setup = SetupWizard(self.ctx)
        self.stack.addWidget(self.setup)
        self.setup.completed.connect(self._after_setup)
        self._switch(Page.SETUP)

    def _show_locked(self) -> None:
        self._switch(Page.UNLOCK)
        self.unlock_view.reset()

    def show_agenda(self) -> None:
        if self._leave_dossier():
            self._switch(Page.AGENDA)
            self.agenda.focus_first()
        else:
            self._sync_page_actions(self.page)

    def show_list(self) -> None:
        if self._leave_dossier():
            self._switch(Page.LIST)
            self.dossiers.table.setFocus()
        else:
            self._sync_page_actions(self.page)

    def search(self) -> None:
        if self.ctx.locked:
            return
        if self._leave_dossier():
            self._switch(Page.LIST)
            self.dossiers.focus_search()

    def open_dossier(self, dossier_id: str) -> None:
        if self.ctx.locked:
            return
        if self.page is Page.DOSSIER and not self._leave_dossier():
            return
        if self.page in (Page.AGENDA, Page.LIST):
            self._back_to = self.page
        try:
            self.dossier.open_dossier(dossier_id)
        except NotFound as exc:
            self.ctx.dialogs.show_error(exc)
            return
        self._switch(Page.DOSSIER)

    def _dossier_closed(self) -> None:
        if self._leave_dossier():
            self._switch(self._back_to)

    def _leave_dossier(self) -> bool:
        """Before the dossier page is left: save or drop unsaved changes, or stay."""
        if self.page is not Page.DOSSIER or not self.dossier.has_unsaved_changes():
            return True
        tr = self.ctx.tr
        choice = self.ctx.dialogs.save_discard_cancel(
            tr.gettext("Unsaved changes"),
            tr.gettext("This dossier has changes that are not saved yet. Save them?"),
        )
        if choice is Choice.SAVE:
            return bool(self.dossier.save_changes())
        if choice is Choice.DISCARD:
            self.dossier.revert_changes()  # thrown away: no draft of it is kept either
            return True
        return False

    def new_dossier(self) -> None:
        if self.ctx.locked:
            return
        dialog = NewDossierDialog(self.ctx, self)
        dialog.keep_drafts()
        with self.ctx.drafts.showing(dialog):
            accepted = self.ctx.dialogs.exec(dialog) == QDialog.DialogCode.Accepted
        if accepted and dialog.dossier_id and not self.ctx.locked:
            self.open_dossier(dialog.dossier_id)

    def open_settings(self) -> None:
        dialog = SettingsDialog(self.ctx, self)
        self.ctx.dialogs.exec(dialog)
        if dialog.content_was_changed:
            self.content_changed()

    def load_sample_data(self) -> None:
        load_sample_data(self.ctx, self.content_changed)

    def content_changed(self) -> None:
        """A content pack was imported or removed, or the demo town chosen: show the new set."""
        from willkommensordner.content.library import ContentLibrary

        # Reading every pack takes longer than the GUI thread may be blocked.
        self.ctx.runner.submit(
            ContentLibrary,
            self.information.view.set_library,
            busy_text=self.ctx.tr.gettext("Reading the content packs…"),
        )
        self.dossier.content_changed()

    # --- lock and unlock --------------------------------------------------------------------

    def lock(self, idle: bool = False) -> bool:
        """Close the vault and clear every view; False if the user chose to stay."""
        if self.ctx.locked:
            return True
        if not idle and not self._leave_dossier():
            return False
        # Before anything is closed: what is typed but not saved goes into the vault.
        self.drafts.save_now()
        self._locked_here = True
        page = self.page
        dossier_id = getattr(self.dossier, "dossier_id", None) if page is Page.DOSSIER else None
        if page is Page.DOSSIER and dossier_id is None:
            dossier_id = self._current_dossier_id()
        self._resume = (page, dossier_id) if page is not Page.SETUP else None
        self.idle.stop()
        # Dialogs may show personal data: an idle lock closes them all.
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible():
                widget.reject()
        self.dossier.clear()
        self.agenda.clear()
        self.dossiers.clear()
        self.ctx.lock()
        self._show_locked()
        return True

    def _current_dossier_id(self) -> str | None:
        getter = getattr(self.dossier, "current_dossier_id", None)
        return getter() if callable(getter) else None

    def _after_setup(self) -> None:
        if self.setup is not None:
            if self.setup.imported_pack is not None:
                self.content_changed()
            self.stack.removeWidget(self.setup)
            self.setup.deleteLater()
            self.setup = None
        self._after_unlock()

    def _after_unlock(self) -> None:
        self.idle.set_timeout_ms(self._idle_ms())
        self.idle.start()
        self._resume_page()
        self._take_back_drafts()

    def _resume_page(self) -> None:
        resume, self._resume = self._resume, None
        if resume is not None:
            page, dossier_id = resume
            if page is Page.DOSSIER and dossier_id:
                try:
                    self.ctx.require_vault().records.dossier(dossier_id)
                except NotFound:
                    page = Page.AGENDA
                else:
                    self._switch(Page.AGENDA)  # so that "back" has somewhere to go
                    self.open_dossier(dossier_id)
                    return
            if page in (Page.AGENDA, Page.LIST):
                self._switch(page)
                return
        self._switch(Page.AGENDA)

    # --- drafts of unsaved changes (gui/drafts.py) --------------------------------------------

    def _current_drafts(self) -> list[Draft]:
        own = self.dossier.form_drafts() if hasattr(self.dossier, "form_drafts") else []
        name = getattr(self.dossier, "display_name", lambda: "")()
        dialogs = [
            replace(d, title=f"{d.title} – {name}")
            if name and d.dossier_id == getattr(self.dossier, "dossier_id", None)
            else d
            for d in self.ctx.drafts.drafts()
        ]
        return [*own, *dialogs]

    def _take_back_drafts(self) -> None:
        """After unlocking: put back the drafts the vault holds, then keep drafting.

        Drafts this window wrote when it locked come back without asking; drafts found at
        the first unlock are from a session that ended without closing (a crash, a power
        cut), and the counsellor decides whether they come back.
        """
        vault = self.ctx.require_vault()
        stored = vault.drafts.all()
        usable = [d for d in stored if self._draft_target_exists(d)]
        tr = self.ctx.tr
        if usable and not self._locked_here:
            what = ", ".join(d.title for d in usable)
            if not self.ctx.dialogs.ask(
                tr.gettext("Unsaved changes"),
                tr.format(
                    N_(
                        "The app was not closed properly last time. Unsaved changes to {what}"
                        " were kept. Restore them?"
                    ),
                    {"what": what},
                ),
                default_yes=True,
            ):
                usable = []
            if self.ctx.locked:
                return  # locked again while asking: the drafts wait for the next unlock
        restored, dialog = self._restore(usable)
        if usable != stored:
            vault.drafts.replace(usable)
        self.drafts.start(usable)
        if restored and self._locked_here:
            self.ctx.dialogs.info(
                tr.gettext("Unsaved changes"),
                tr.format(
                    N_("Unsaved changes to {what} were restored. They are not saved yet."),
                    {"what": ", ".join(restored)},
                ),
            )
        if dialog is not None:
            QTimer.singleShot(0, lambda: self._reopen(dialog))

    def _draft_target_exists(self, draft: Draft) -> bool:
        if draft.dossier_id is None:
            return True
        try:
            self.ctx.require_vault().records.dossier(draft.dossier_id)
        except NotFound:
            return False
        return True

    def _restore(self, drafts: list[Draft]) -> tuple[list[str], Draft | None]:
        """Forms get their drafts back at once; a dialog's draft reopens the dialog after."""
        forms = [d for d in drafts if "dialog" not in d.state]
        dialogs = [d for d in drafts if "dialog" in d.state]
        dossier_id = next((d.dossier_id for d in drafts if d.dossier_id), None)
        if dossier_id is not None and (
            self.page is not Page.DOSSIER or self.dossier.dossier_id != dossier_id
        ):
            self.open_dossier(dossier_id)
        restored = self.dossier.restore_drafts(forms) if forms else []
        dialog = dialogs[0] if dialogs else None
        if dialog is not None:
            restored.append(dialog.title)
        return restored, dialog

    def _reopen(self, draft: Draft) -> None:
        if self.ctx.locked:
            return
        if draft.state.get("dialog") == NewDossierDialog.__name__:
            self.ctx.drafts.wait_for(NewDossierDialog.__name__, draft.state)
            try:
                self.new_dossier()
            finally:
                self.ctx.drafts.forget_waiting()
            return
        self.dossier.reopen_dialog(draft)

    def _idle_ms(self) -> int:
        return self.ctx.settings.get(IDLE_LOCK_MINUTES) * 60_000

    def _setting_changed(self, name: str) -> None:
        if name == IDLE_LOCK_MINUTES.name:
            self.idle.set_timeout_ms(self._idle_ms())

    def _busy(self, busy: bool, text: str) -> None:
        self.busy_bar.setVisible(busy)
        self.busy_label.setText(text if busy else "")

    # --- Information section (gui/information, issue 4) ------------------------------------

    def _add_information_page(self) -> None:
        self.information = add_information_page(self, self.ctx)
        self.pages[Page.INFORMATION] = self.information.view
        self.stack.addWidget(self.information.view)
        self._unlocked_actions = (*self._unlocked_actions, self.information.action)

    def show_information(self) -> None:
        if self._leave_dossier():
            self._switch(Page.INFORMATION)

    # --- Conflicts after an import (gui/conflicts, issue 6) ---------------------------------

    def _add_conflicts_page(self) -> None:
        self.conflicts = add_conflicts_page(self, self.ctx)
        self.pages[Page.CONFLICTS] = self.conflicts.view
        self.stack.addWidget(self.conflicts.view)

    def show_conflicts(self) -> None:
        """The open conflicts (also called by the import screen after an import)."""
        if not self.ctx.locked and self._leave_dossier():
            self._switch(Page.CONFLICTS)
            self.conflicts.view.refresh()

    # --- Exchange between agencies (gui/exchange, issue 6) ------------------------------------

    def _add_exchange_menu(self) -> None:
        self.exchange = add_exchange_menu(self, self.ctx)
        self._unlocked_actions = (*self._unlocked_actions, self.exchange.action)

    # --- window -----------------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        """The size and place of last time, or a good default; either way within the screen
        (the last one may have been a large monitor, or the scale has changed since)."""
        stored = self.ctx.settings.get(WINDOW_GEOMETRY)
        if not (stored and self.restoreGeometry(QByteArray.fromBase64(stored.encode("ascii")))):
            self.resize(1180, 760)
        fit_to_screen(self)

    def save_geometry(self) -> None:
        data = bytes(self.saveGeometry().toBase64().data()).decode("ascii")
        self.ctx.settings.set(WINDOW_GEOMETRY, data)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if not self.ctx.locked and not self._leave_dossier():
            event.ignore()
            return
        self.save_geometry()
        if not self.ctx.locked:
            self.drafts.save_now()  # nothing unsaved is left: the vault keeps no drafts
            self.auto_backup.before_close(self)  # gui/backups: waits, events keep flowing
            self.dossier.clear()
            self.agenda.clear()
            self.dossiers.clear()
            self.ctx.lock()
        self.idle.detach()
        event.accept()


def _app() -> QApplication:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return app
