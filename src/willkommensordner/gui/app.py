"""Starts the desktop app: `willkommensordner` without a command, or `make run`."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from willkommensordner import APP_NAME, __version__
from willkommensordner.gui.accessibility import install_accessibility_rules
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.desktop_integration import integrate
from willkommensordner.gui.garbage import MainThreadGarbageCollector
from willkommensordner.gui.main_window import MainWindow
from willkommensordner.gui.pyside_workarounds import pin_none
from willkommensordner.gui.qt_i18n import apply_language, load_bundled_fonts
from willkommensordner.gui.screen_fit import ScreenFit
from willkommensordner.gui.settings import UI_LANGUAGE, Settings
from willkommensordner.gui.style import apply_style
from willkommensordner.i18n import system_language, translator


def create_application(argv: Sequence[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    # Fractional scaling (125 %, 150 %) as the desktop sets it, not rounded to whole numbers.
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    app = QApplication(list(argv if argv is not None else sys.argv[:1]))
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName("Willkommensordner digital")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("willkommensordner")
    ScreenFit(app)  # owned by the app: every window and dialog fits its screen
    return app


def run_app(argv: Sequence[str] | None = None, vault_path: Path | None = None) -> int:
    """The event loop of the app; `vault_path` (from `--vault`) wins over the remembered one."""
    pin_none()  # before any Qt call: PySide6 6.12 on Python 3.11 leaks references to None
    app = create_application(argv)
    collector = MainThreadGarbageCollector(app)  # noqa: F841 - lives as long as the app
    settings = Settings(parent=app)
    tr = translator(settings.get(UI_LANGUAGE) or system_language())
    load_bundled_fonts()
    apply_style(app)
    install_accessibility_rules(app)  # owned by the app: Tab leaves tables, labels name fields
    qt_translators = apply_language(app, tr)
    ctx = GuiContext.create(tr, settings=settings, vault_path=vault_path, parent=app)
    window = MainWindow(ctx, app)
    integrate(app, window, ctx)  # icon, About, portable note (gui/desktop_integration.py)
    window.show()
    try:
        return int(app.exec())
    finally:
        ctx.runner.wait_idle(5000)
        del qt_translators
