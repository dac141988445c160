"""Makes sure the bundled Noto fonts are registered before a page is rendered.

The app registers them at start (`load_bundled_fonts`); a view built on its own (tests,
screenshots, a dossier window) registers them the first time it needs them.
"""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase

from willkommensordner.gui.qt_i18n import load_bundled_fonts

REQUIRED_FAMILIES = ("Noto Sans", "Noto Sans Arabic", "Noto Sans Ethiopic")


def ensure_bundled_fonts() -> None:
    families = set(QFontDatabase.families())
    if not all(family in families for family in REQUIRED_FAMILIES):
        load_bundled_fonts()
