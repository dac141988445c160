"""UI languages: complete German and English catalogs, compiled files in step, RTL mirroring."""

from __future__ import annotations

import gettext
import io

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.main_window import MainWindow, Page
from willkommensordner.gui.qt_i18n import apply_language
from willkommensordner.i18n import UI_LANGUAGES, placeholders, translator
from willkommensordner.i18n_tools import (
    check,
    compile_mo,
    mo_path,
    po_path,
    problems,
    read_catalog,
    repo_root,
)

pytest_plugins = ("tests.gui_support",)
ROOT = repo_root()


def test_catalogs_are_complete_and_placeholders_match() -> None:
    assert check(ROOT) == []


def test_the_check_notices_missing_and_broken_translations() -> None:
    catalog = read_catalog(po_path(ROOT, "de"), "de")
    catalog.get("Step {n} of {total}").string = "Schritt {n} von {gesamt}"
    catalog.get("Unlock").string = ""
    found = problems(catalog, "de", complete=True)
    assert any("placeholders differ" in p and "Step {n}" in p for p in found)
    assert any("untranslated" in p and "'Unlock'" in p for p in found)


@pytest.mark.parametrize("language", UI_LANGUAGES)
def test_committed_mo_files_match_the_po_files(language: str) -> None:
    fresh = gettext.GNUTranslations(
        io.BytesIO(compile_mo(read_catalog(po_path(ROOT, language), language)))
    )
    committed = gettext.GNUTranslations(io.BytesIO(mo_path(ROOT, language).read_bytes()))
    assert committed._catalog == fresh._catalog  # type: ignore[attr-defined]


def test_translators_load_the_compiled_catalogs() -> None:
    de, en, ar = translator("de"), translator("en"), translator("ar")
    assert de.gettext("Unlock") == "Entsperren"
    assert de.format("{shown} of {total} dossiers", {"shown": 3, "total": 10}) == ("3 von 10 Akten")
    assert en.gettext("Unlock") == "Unlock"
    assert ar.gettext("Unlock") == "فتح"
    assert ar.gettext("Change the passphrase") == "Change the passphrase"  # partial: falls back
    assert ar.is_rtl and not de.is_rtl
    for msgid in ("Vault: {path}", "{shown} of {total} dossiers"):
        assert placeholders(ar.gettext(msgid)) == placeholders(msgid)


def test_arabic_ui_mirrors_the_layout(qtbot, qapp: QApplication, tmp_path) -> None:
    tr = translator("ar")
    installed = apply_language(qapp, tr)
    try:
        ctx = GuiContext.create(
            tr,
            settings_path=tmp_path / "settings.json",
            vault_path=tmp_path / "vault.wko",
        )
        ctx.vault_path.write_bytes(b"")  # pretend a vault exists: the unlock page shows
        (tmp_path / "vault.wko.keys").write_bytes(b"")
        window = MainWindow(ctx, qapp)
        qtbot.addWidget(window)
        window.resize(1000, 700)
        window.show()
        qtbot.waitExposed(window)
        assert window.page is Page.UNLOCK
        assert qapp.layoutDirection() == Qt.LayoutDirection.RightToLeft
        assert window.isRightToLeft()
        view = window.unlock_view
        assert view.unlock_button.text() == "&فتح"
        assert view.title.text() == "ملف الترحيب مقفل"
        # Mirrored: the button that follows the field in reading order sits to its left.
        button_x = view.unlock_button.mapTo(window, view.unlock_button.rect().topLeft()).x()
        field_x = view.passphrase.mapTo(window, view.passphrase.rect().topLeft()).x()
        assert button_x < field_x
    finally:
        for t in installed:
            qapp.removeTranslator(t)
        qapp.setLayoutDirection(Qt.LayoutDirection.LeftToRight)


def test_german_ui_is_german(qtbot, qapp: QApplication, tmp_path) -> None:
    ctx = GuiContext.create(
        translator("de"), settings_path=tmp_path / "s.json", vault_path=tmp_path / "v.wko"
    )
    window = MainWindow(ctx, qapp)
    qtbot.addWidget(window)
    assert window.page is Page.SETUP
    assert window.setup is not None
    assert window.setup.next_button.text() == "&Weiter"
    assert window.act_lock.text() == "S&perren"
    assert qapp.layoutDirection() == Qt.LayoutDirection.LeftToRight
