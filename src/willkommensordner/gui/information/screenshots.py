"""Screenshots of the Information section: de, ar and ti, and newcomer mode in Persian.

`render_information_screens(ctx, out_dir)` writes docs/screenshots/information-*.png; `make
screenshots` calls it with the screenshot context of gui/screenshots.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from willkommensordner.content import ContentLibrary
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.information.information_view import InformationView

SIZE = (1280, 800)
SCREENS = (("de", "gesundheit"), ("ar", "gesundheit"), ("ti", "ankommen"))


def _grab(widget: QWidget, path: Path) -> Path:
    app = QApplication.instance()
    for _ in range(3):
        if app is not None:
            app.processEvents()
    widget.grab().save(str(path))
    return path


def render_information_screens(
    ctx: GuiContext, out_dir: Path, library: ContentLibrary | None = None
) -> list[Path]:
    """Render the section in de, ar and ti, and newcomer mode in fa; returns the files."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    library = library or ContentLibrary(include_builtin=True)
    view = InformationView(ctx, library)
    view.resize(*SIZE)
    view.show()
    written: list[Path] = []
    try:
        for lang, topic in SCREENS:
            view.set_language(lang)
            view.show_topic(topic)
            written.append(_grab(view, out_dir / f"information-{lang}.png"))
        view.set_language("fa")
        view.show_topic("gesundheit")
        mode = view.show_to_newcomer(full_screen=False)
        mode.resize(*SIZE)
        written.append(_grab(mode, out_dir / "information-newcomer-fa.png"))
        mode.close()
    finally:
        view.close()
        view.deleteLater()
    return written


def main(argv: list[str]) -> int:  # pragma: no cover - manual use
    from tempfile import TemporaryDirectory

    from willkommensordner.gui.app import create_application
    from willkommensordner.gui.qt_i18n import load_bundled_fonts
    from willkommensordner.gui.style import apply_style
    from willkommensordner.i18n import translator

    app = create_application(argv[:1])
    load_bundled_fonts()
    apply_style(app)
    out = Path(argv[1]) if len(argv) > 1 else Path("docs/screenshots")
    with TemporaryDirectory() as tmp:
        ctx = GuiContext.create(
            translator("de"),
            settings_path=Path(tmp) / "settings.json",
            vault_path=Path(tmp) / "vault.wko",
        )
        for path in render_information_screens(ctx, out, ContentLibrary(Path(tmp) / "content")):
            print(path)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main(sys.argv))
