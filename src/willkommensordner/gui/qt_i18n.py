"""Wires a UI language into Qt: Qt's own dialog strings, layout direction and bundled fonts."""

from __future__ import annotations

import logging

from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtGui import QFontDatabase, QGuiApplication

from willkommensordner.i18n import Translator
from willkommensordner.paths import resource

log = logging.getLogger(__name__)


def apply_language(app: QGuiApplication, tr: Translator) -> list[QTranslator]:
    """Install Qt's qtbase catalog for `tr.language` and mirror the layout for RTL languages.

    Returns the installed translators; keep them alive (Qt does not take ownership) and pass
    them to `remove_language` before switching languages.
    """
    app.setLayoutDirection(
        Qt.LayoutDirection.RightToLeft if tr.is_rtl else Qt.LayoutDirection.LeftToRight
    )
    QLocale.setDefault(QLocale(tr.language))
    installed: list[QTranslator] = []
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in ("qtbase", "qt"):
        translator = QTranslator(app)
        if translator.load(f"{name}_{tr.language}", folder):
            app.installTranslator(translator)
            installed.append(translator)
            break
    return installed


def remove_language(app: QGuiApplication, installed: list[QTranslator]) -> None:
    for translator in installed:
        app.removeTranslator(translator)


def load_bundled_fonts() -> list[str]:
    """Register resources/fonts/*.ttf|otf so Arabic, Ethiopic etc. render without system fonts."""
    families: list[str] = []
    folder = resource("fonts")
    if not folder.is_dir():
        return families
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.lower().endswith((".ttf", ".otf")):
            continue
        font_id = QFontDatabase.addApplicationFontFromData(entry.read_bytes())
        if font_id < 0:
            log.warning("font not loaded: %s", entry.name)
            continue
        families.extend(QFontDatabase.applicationFontFamilies(font_id))
    return families
