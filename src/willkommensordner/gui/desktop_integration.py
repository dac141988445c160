"""What the desktop needs from the running app, wired in by `run_app` in one call.

- the desktop file name (Wayland app id / X11 class) and the window icon, matching
  packaging/linux/<app id>.desktop;
- Help → About (F1, in the Help menu and a toolbar button while unlocked);
- in portable mode, a note in the status bar on every page, the full warning as its tooltip;
- for the smoke test and the bench: with WKO_EXIT_WHEN_READY=1 in the environment the app
  prints `ready: <page>` once the first page is up and the event loop runs, and
  `qt-cancel: <Qt's own word for Cancel>` (shows whether Qt's catalog loaded),
  `ui-language: <code>` and `vault: <path>` (what the command line and environment chose),
  then quits;
  with WKO_EXIT_WHEN_READY=about it also counts what the About dialog finds (version, licence
  texts, listed fonts), which shows whether the bundle carries them.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

from willkommensordner.app_info import APP_ID
from willkommensordner.gui.about_dialog import AboutDialog, app_icon
from willkommensordner.gui.context import GuiContext
from willkommensordner.portable import PORTABLE_NOTE, PORTABLE_WARNING, app_dirs

EXIT_WHEN_READY_ENV = "WKO_EXIT_WHEN_READY"


def integrate(app: QApplication, window: QMainWindow, ctx: GuiContext) -> None:
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())
    window.setWindowIcon(app_icon())
    add_about_action(window, ctx)
    add_portable_note(window, ctx)
    if os.environ.get(EXIT_WHEN_READY_ENV) in ("1", "about"):
        QTimer.singleShot(0, lambda: _report_ready_and_quit(app, window, ctx))


def add_about_action(window: QMainWindow, ctx: GuiContext) -> QAction:
    tr = ctx.tr
    action = QAction(tr.gettext("&About"), window)
    action.setObjectName("aboutAction")
    action.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
    action.setToolTip(tr.gettext("Version and licences (F1)"))
    action.triggered.connect(lambda: ctx.dialogs.exec(AboutDialog(tr, window)))
    window.addAction(action)
    help_menu = getattr(window, "help_menu", None)
    if help_menu is not None:
        help_menu.addAction(action)
    toolbar = getattr(window, "toolbar", None)
    settings = getattr(window, "act_settings", None)
    if toolbar is not None:
        if settings is not None:
            toolbar.insertAction(settings, action)
        else:
            toolbar.addAction(action)
    return action


def add_portable_note(window: QMainWindow, ctx: GuiContext) -> QLabel | None:
    dirs = app_dirs()
    if not dirs.portable:
        return None
    note = QLabel(ctx.tr.format(PORTABLE_NOTE, {"folder": str(dirs.data_dir)}))
    note.setObjectName("portableNote")
    note.setToolTip(ctx.tr.format(PORTABLE_WARNING, {"folder": str(dirs.data_dir)}))
    note.setStyleSheet("color: #8a5300; padding: 0 6px;")
    window.statusBar().addWidget(note, 1)
    return note


def _report_ready_and_quit(app: QApplication, window: QMainWindow, ctx: GuiContext) -> None:
    page = getattr(window, "page", None)
    name = getattr(page, "value", type(window.centralWidget()).__name__)
    # Whether Qt's own catalog (qtbase_<lang>.qm) was found: a bundle may lack it.
    cancel = QCoreApplication.translate("QPlatformTheme", "Cancel")
    print(f"ready: {name}", file=sys.stdout, flush=True)
    print(f"qt-cancel: {cancel}", file=sys.stdout, flush=True)
    print(f"ui-language: {ctx.tr.language}", file=sys.stdout, flush=True)
    print(f"vault: {ctx.vault_path}", file=sys.stdout, flush=True)
    if os.environ.get(EXIT_WHEN_READY_ENV) == "about":
        # Licence texts come from package metadata, which a frozen app may lack: count them.
        about = AboutDialog(ctx.tr, window)
        libraries, fonts = about.rows(about.libraries), about.rows(about.fonts)
        with_text = sum("==== " in about.select(about.libraries, i) for i in range(len(libraries)))
        unlisted = [row[0] for row in fonts if row[2] == ctx.tr.gettext("not listed")]
        print(f"about-version: {about.version_label.text()}", flush=True)
        print(f"about-licences: {with_text}/{len(libraries)} texts", flush=True)
        print(f"about-fonts: {len(fonts)} files, unlisted: {len(unlisted)}", flush=True)
        about.deleteLater()
    app.quit()
