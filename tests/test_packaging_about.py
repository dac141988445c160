"""The About dialog: version, and a licence for every bundled font and main library."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from willkommensordner import __version__, portable
from willkommensordner.gui.about_dialog import AboutDialog, font_files
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.desktop_integration import add_about_action, add_portable_note
from willkommensordner.gui.dialogs import DialogRequest, Kind, ScriptedAnswerer
from willkommensordner.gui.main_window import MainWindow
from willkommensordner.i18n import translator
from willkommensordner.licenses import bundled_licenses
from willkommensordner.paths import resource
from willkommensordner.portable import DATA_DIRNAME, resolve

pytestmark = pytest.mark.gui


@pytest.fixture
def answers() -> ScriptedAnswerer:
    return ScriptedAnswerer()


@pytest.fixture
def gui_ctx(qapp: QApplication, tmp_path: Path, answers: ScriptedAnswerer) -> GuiContext:
    """A first-start context (no vault yet) whose files all live in tmp_path."""
    return GuiContext.create(
        translator("en"),
        settings_path=tmp_path / "config" / "settings.json",
        vault_path=tmp_path / "data" / "vault.wko",
        answerer=answers,
    )


# The libraries the app is built on; each must be listed with a licence and its text.
MAIN_LIBRARIES = {
    "Qt 6": "LGPL-3.0",
    "SQLCipher": "BSD-3-Clause",
    "ReportLab": "BSD-3-Clause",
    "GNU FriBidi": "LGPL-2.1",
    "HarfBuzz": "MIT",
    "cryptography": "Apache-2.0",
    "pyrage": "MIT",
    "Babel": "BSD-3-Clause",
    "pydantic": "MIT",
    "segno": "BSD-3-Clause",
    "icalendar": "BSD-2-Clause",
}


def test_dialog_shows_the_version(qapp: QApplication, tmp_path: Path) -> None:
    dialog = AboutDialog(translator("en"), dirs=resolve(False, tmp_path))
    assert __version__ in dialog.version_label.text()
    assert dialog.portable_label is None


def test_every_bundled_font_file_has_its_licence_listed(qapp: QApplication) -> None:
    files = font_files()
    assert files, "no fonts bundled under resources/fonts"
    dialog = AboutDialog(translator("en"))
    rows = dialog.rows(dialog.fonts)
    assert [row[0] for row in rows] == files
    for index, (filename, family, licence) in enumerate(rows):
        assert licence == "OFL-1.1", f"{filename} has no licence in resources/licenses.json"
        assert family
        text = dialog.select(dialog.fonts, index)
        assert "SIL Open Font License" in text


def test_main_libraries_are_listed_with_licence_texts(qapp: QApplication) -> None:
    dialog = AboutDialog(translator("en"))
    rows = dialog.rows(dialog.libraries)
    for prefix, licence in MAIN_LIBRARIES.items():
        index = next(i for i, row in enumerate(rows) if row[0].startswith(prefix))
        assert licence in rows[index][2], rows[index]
        text = dialog.select(dialog.libraries, index)
        assert len(text) > 400, f"no licence text for {prefix}"
    qt = next(i for i, row in enumerate(rows) if row[0].startswith("Qt 6"))
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in dialog.select(dialog.libraries, qt)
    assert rows[qt][1] == "6.12.0"  # version read from the installed distribution


def test_every_listed_component_has_a_licence_text() -> None:
    licenses = bundled_licenses()
    for component in (*licenses.components, *licenses.fonts):
        assert component.license and component.url, component.name
        assert component.license_texts(), f"no licence text found for {component.name}"
    for font in licenses.fonts:
        for name in font.files:
            assert resource("fonts", name).is_file(), f"listed font {name} is not bundled"


def test_portable_mode_is_explained_in_the_dialog(qapp: QApplication, tmp_path: Path) -> None:
    dirs = resolve(True, tmp_path)
    dialog = AboutDialog(translator("en"), dirs=dirs)
    assert dialog.portable_label is not None
    text = dialog.portable_label.text()
    assert str(tmp_path / DATA_DIRNAME) in text
    assert "passphrase" in text and "recovery key" in text


def test_f1_opens_the_about_dialog_from_the_main_window(
    qtbot, gui_ctx: GuiContext, answers: ScriptedAnswerer
) -> None:
    window = MainWindow(gui_ctx)
    qtbot.addWidget(window)
    action = add_about_action(window, gui_ctx)
    assert action.shortcut().toString() == "F1"
    assert action in window.toolbar.actions()
    seen: list[str] = []

    def read(request: DialogRequest) -> int:
        assert isinstance(request.widget, AboutDialog)
        seen.append(request.widget.version_label.text())
        return 0

    answers.queue(Kind.DIALOG, read)
    action.trigger()
    assert seen and __version__ in seen[0]
    # Not portable here: no note in the status bar.
    assert add_portable_note(window, gui_ctx) is None


def test_portable_mode_puts_a_note_in_the_status_bar(qtbot, gui_ctx: GuiContext) -> None:
    window = MainWindow(gui_ctx)
    qtbot.addWidget(window)
    dirs = portable.activate(True)
    try:
        note = add_portable_note(window, gui_ctx)
    finally:
        portable.activate(False)
    assert note is not None
    assert str(dirs.data_dir) in note.text()
    assert "recovery key" in note.toolTip()
    assert note in window.statusBar().findChildren(type(note))
