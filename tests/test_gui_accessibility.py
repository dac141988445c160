"""Menus, names, contrast and the accessibility statement, on real widgets."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QFormLayout, QLabel, QMenu, QWidget
from pytestqt.qtbot import QtBot

from willkommensordner.accessibility_statement import statement
from willkommensordner.gui import style, widgets
from willkommensordner.gui.accessibility import install_accessibility_rules, label_name
from willkommensordner.gui.accessibility_statement import StatementDialog
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.desktop_integration import add_about_action
from willkommensordner.gui.main_window import MainWindow
from willkommensordner.gui.settings import ACCESSIBILITY_CONTACT, AGENCY
from willkommensordner.gui.shortcuts_dialog import ShortcutsDialog, menu_shortcuts
from willkommensordner.i18n import translator

pytest_plugins = ("tests.gui_support",)

GUI = Path(style.__file__).parent


@pytest.fixture
def window(qtbot: QtBot, unlocked_ctx: GuiContext) -> MainWindow:
    window = MainWindow(unlocked_ctx)
    add_about_action(window, unlocked_ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.show_agenda()
    return window


def menu_actions(menu: QMenu) -> list[QAction]:
    found = []
    for act in menu.actions():
        found.append(act)
        if act.menu() is not None:
            found.extend(menu_actions(act.menu()))
    return found


def test_every_toolbar_action_is_in_a_menu_with_a_shortcut_or_mnemonic(
    window: MainWindow,
) -> None:
    in_menus = [a for top in window.menuBar().actions() for a in menu_actions(top.menu())]
    menus = [top.menu() for top in window.menuBar().actions()]
    window.conflicts.action.setVisible(True)  # shown only while conflicts are open
    toolbar = [a for a in window.toolbar.actions() if a.text() and not a.isSeparator()]
    assert len(toolbar) >= 9
    for act in toolbar:
        where = act.text()
        assert act in in_menus or act.menu() in menus, f"{where} is in no menu"
        has_mnemonic = re.search(r"&[^&]", act.text()) is not None
        if act is not window.conflicts.action:  # its text carries a changing count
            assert has_mnemonic or not act.shortcut().isEmpty(), where
    assert window.act_data_protection in in_menus
    assert window.exchange.export_action in in_menus and window.exchange.import_action in in_menus


@pytest.mark.parametrize("language", ["en", "de"])
def test_menu_titles_and_entries_have_distinct_mnemonics(
    qtbot: QtBot, unlocked_ctx: GuiContext, language: str
) -> None:
    unlocked_ctx.tr = translator(language)
    window = MainWindow(unlocked_ctx)
    add_about_action(window, unlocked_ctx)
    qtbot.addWidget(window)

    def mnemonic(text: str) -> str:
        found = re.search(r"&([^&])", text)
        assert found, text
        return found.group(1).lower()

    titles = [top.text() for top in window.menuBar().actions()]
    assert len(titles) == 6
    assert len({mnemonic(t) for t in titles}) == 6, titles
    for top in window.menuBar().actions():
        entries = [a.text() for a in top.menu().actions() if a.text() and a.isVisible()]
        keys = [mnemonic(t) for t in entries]
        assert len(set(keys)) == len(keys), entries
    if language == "de":
        assert [label_name(t) for t in titles] == [
            "Datei",
            "Akte",
            "Austausch",
            "Datenschutz",
            "Ansicht",
            "Hilfe",
        ]


def test_data_protection_opens_from_the_keyboard(qtbot: QtBot, window: MainWindow) -> None:
    """Alt + the menu's letter opens the menu (the toolbar button takes no focus)."""
    tops = {label_name(top.text()): top.menu() for top in window.menuBar().actions()}
    privacy_menu = tops["Data protection"]
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    QTest.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(privacy_menu.isVisible, timeout=3000)
    assert window.act_data_protection in privacy_menu.actions()
    privacy_menu.close()


def test_the_shortcut_overview_lists_every_menu_entry(window: MainWindow) -> None:
    dialog = ShortcutsDialog(window.ctx.tr, window.menuBar(), window)
    listed = [
        dialog.tree.topLevelItem(i).child(j).text(0)
        for i in range(dialog.tree.topLevelItemCount())
        for j in range(dialog.tree.topLevelItem(i).childCount())
    ]
    for _title, rows in menu_shortcuts(window.menuBar()):
        for entry, _keys in rows:
            assert entry in listed
    assert "Lock" in listed and "Keyboard shortcuts" in listed
    keys = dict(row for _t, rows in menu_shortcuts(window.menuBar()) for row in rows)
    assert keys["Lock"] == "Ctrl+L" and keys["New dossier"] == "Ctrl+N"
    dialog.deleteLater()


def test_page_buttons_are_buttons_not_check_boxes(window: MainWindow) -> None:
    for act in (window.act_agenda, window.act_list):
        assert not act.isCheckable()
    current = window.toolbar.widgetForAction(window.act_agenda)
    assert current.property("currentPage") is True
    assert current.accessibleDescription() == "current page"
    window.show_list()
    assert current.property("currentPage") is False
    assert window.toolbar.widgetForAction(window.act_list).property("currentPage") is True


# --- names --------------------------------------------------------------------------------


@pytest.fixture
def rules(qapp: QApplication) -> Iterator[None]:
    installed = install_accessibility_rules(qapp)
    yield
    qapp.removeEventFilter(installed)
    installed.deleteLater()


def test_fields_are_named_by_their_label_and_formats_described(qtbot: QtBot, rules: None) -> None:
    form_widget = QWidget()
    form = QFormLayout(form_widget)
    gender = QComboBox()
    gender.addItems(["keine Angabe", "weiblich"])
    language = QComboBox()
    language.setEditable(True)
    birth = widgets.QLineEdit()
    birth.setPlaceholderText("TT.MM.JJJJ")
    form.addRow("&Geschlecht:", gender)
    form.addRow("Bevorzugte &Sprache:", language)
    form.addRow("Geburts&datum:", birth)
    qtbot.addWidget(form_widget)
    form_widget.show()
    qtbot.waitExposed(form_widget)
    assert gender.accessibleName() == "Geschlecht"
    assert language.accessibleName() == "Bevorzugte Sprache"
    assert language.lineEdit().accessibleName() == "Bevorzugte Sprache"
    assert birth.accessibleName() == "Geburtsdatum"
    assert birth.accessibleDescription() == "TT.MM.JJJJ"
    # A name set by the view wins over the label.
    named = QComboBox()
    named.setAccessibleName("Status")
    other = QLabel("&Zustand:", form_widget)
    other.setBuddy(named)
    other.show()
    assert named.accessibleName() == "Status"


def test_messages_are_named_by_what_they_say(qtbot: QtBot) -> None:
    label = widgets.message_label()
    qtbot.addWidget(label)
    assert label.accessibleName() != "message"
    label.setText("Bitte geben Sie Ihre Passphrase ein.")
    assert label.accessibleName() == "Bitte geben Sie Ihre Passphrase ein."
    label.clear()
    assert label.isHidden()


def test_the_passphrase_toggle_is_a_visible_named_button(qtbot: QtBot) -> None:
    edit = widgets.PassphraseEdit(translator("de"), "Passphrase")
    qtbot.addWidget(edit)
    edit.show()
    qtbot.waitExposed(edit)
    toggle = edit.toggle
    assert toggle.isVisible() and not toggle.icon().isNull()
    assert toggle.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert toggle.accessibleName() == "Passphrase zeigen"
    assert edit.rect().contains(toggle.geometry())
    # Typed text never runs under the button.
    assert edit.textMargins().right() >= toggle.width()
    toggle.click()
    assert edit.echoMode() == widgets.QLineEdit.EchoMode.Normal
    assert toggle.accessibleName() == "Passphrase verbergen"
    toggle.click()
    assert edit.echoMode() == widgets.QLineEdit.EchoMode.Password


# --- contrast -----------------------------------------------------------------------------


def luminance(color: QColor) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(color.redF())
        + 0.7152 * channel(color.greenF())
        + 0.0722 * channel(color.blueF())
    )


def contrast(a: QColor | str, b: QColor | str) -> float:
    high, low = sorted((luminance(QColor(a)), luminance(QColor(b))), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_ratio_of_known_pairs() -> None:
    assert contrast("black", "white") == pytest.approx(21.0)
    assert contrast("#80868b", "white") == pytest.approx(3.68, abs=0.01)  # the old placeholder


def test_palette_text_colours_have_enough_contrast(qapp: QApplication) -> None:
    saved_palette, saved_sheet, saved_style = qapp.palette(), qapp.styleSheet(), qapp.style().name()
    try:
        style.apply_style(qapp)
        p = qapp.palette()
        role = QPalette.ColorRole
        pairs = {
            "text": (role.Text, role.Base),
            "window text": (role.WindowText, role.Window),
            "button text": (role.ButtonText, role.Button),
            "placeholder": (role.PlaceholderText, role.Base),
            "selected text": (role.HighlightedText, role.Highlight),
            "tooltip": (role.ToolTipText, role.ToolTipBase),
        }
        low = {
            name: round(contrast(p.color(fg), p.color(bg)), 2)
            for name, (fg, bg) in pairs.items()
            if contrast(p.color(fg), p.color(bg)) < 4.5
        }
        assert not low
    finally:
        qapp.setPalette(saved_palette)
        qapp.setStyleSheet(saved_sheet)
        qapp.setStyle(saved_style)


COLOR = r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b"


def stylesheet_pairs(sheet: str) -> list[tuple[str, str, str]]:
    """(rule, text colour, background) for every rule setting a text colour; a rule without
    a background is checked on white and on the window colour."""
    pairs = []
    for selector, body in re.findall(r"([^{}]+)\{([^}]*)\}", sheet):
        color = re.search(r"(?<![-\w])color:\s*(" + COLOR + ")", body)
        if not color:
            continue
        background = re.search(r"background(?:-color)?:\s*(" + COLOR + "|white)", body)
        grounds = [background.group(1)] if background else ["white", style.WINDOW]
        pairs.extend((selector.strip(), color.group(1), g) for g in grounds)
    return pairs


def test_style_sheet_text_colours_have_enough_contrast() -> None:
    sheet = style._STYLESHEET
    pairs = stylesheet_pairs(sheet)
    assert len(pairs) >= 4
    low = [(rule, fg, bg, round(contrast(fg, bg), 2)) for rule, fg, bg in pairs]
    assert [x for x in low if x[3] < 4.5] == []


def test_focus_indicator_has_enough_contrast_and_is_styled_everywhere() -> None:
    assert contrast(style.FOCUS, "white") >= 3 and contrast(style.FOCUS, style.WINDOW) >= 3
    sheet = style._STYLESHEET
    for kind in ("QPushButton", "QToolButton", "QCheckBox", "QLineEdit", "QComboBox"):
        assert re.search(kind + r":focus[^{]*\{[^}]*border: 2px solid " + style.FOCUS, sheet), kind
    assert "QAbstractItemView:focus" in sheet


def test_text_colours_written_into_views_have_enough_contrast() -> None:
    """Every `color: #…` a view sets in its own style sheet, on white and the window colour
    (or on the background the same style sheet sets)."""
    checked = 0
    low = []
    for path in sorted(GUI.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        for line in re.findall(r'setStyleSheet\((.*)\)|_STYLE = "(.*)"', source):
            text = " ".join(line)
            for _rule, fg, bg in stylesheet_pairs("x {" + text + "}"):
                checked += 1
                if contrast(fg, bg) < 4.5:
                    low.append((path.name, fg, bg, round(contrast(fg, bg), 2)))
    for name in ("AMBER", "RED", "BLUE", "GREEN", "MUTED"):
        colour = getattr(widgets, name)
        for ground in ("white", style.WINDOW):
            checked += 1
            if contrast(colour, ground) < 4.5:
                low.append(("widgets." + name, colour, ground, round(contrast(colour, ground), 2)))
    assert checked >= 10
    assert low == []


# --- the accessibility statement -----------------------------------------------------------


def test_statement_names_the_contact_the_agency_set(qtbot: QtBot, unlocked_ctx: GuiContext) -> None:
    unlocked_ctx.tr = translator("de")
    unlocked_ctx.settings.set(AGENCY, "Caritas Musterstadt")
    unlocked_ctx.settings.set(ACCESSIBILITY_CONTACT, "barrierefrei@example.org")
    dialog = StatementDialog(unlocked_ctx)
    qtbot.addWidget(dialog)
    text = dialog.text.toPlainText()
    assert dialog.windowTitle() == "Erklärung zur Barrierefreiheit"
    assert "barrierefrei@example.org" in text and "Caritas Musterstadt" in text
    for heading in ("Feedback und Kontaktangaben", "Schlichtungsverfahren", "BITV 2.0"):
        assert heading in text


def test_statement_without_contact_says_where_to_set_it() -> None:
    text = statement(translator("en"), "1.0", "", "")
    feedback = dict(text.sections)["Feedback and contact"]
    assert "Settings" in feedback
    assert dict(text.sections)["Scope"].startswith("The agency using this app")


# --- text size ------------------------------------------------------------------------------


def test_text_at_150_percent_font_size_is_not_clipped(
    qtbot: QtBot, qapp: QApplication, unlocked_ctx: GuiContext
) -> None:
    """With the system font 1.5 times as large, every label and button of the unlock page
    and the settings gets the room its text needs."""
    from PySide6.QtWidgets import QAbstractButton

    from willkommensordner.gui.settings_dialog import SettingsDialog
    from willkommensordner.gui.unlock_view import UnlockView

    saved = qapp.font()
    font = qapp.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)
    qapp.setFont(font)
    try:
        for widget in (UnlockView(unlocked_ctx), SettingsDialog(unlocked_ctx)):
            qtbot.addWidget(widget)
            widget.show()
            qtbot.waitExposed(widget)
            widget.adjustSize()
            qapp.processEvents()
            clipped = []
            for w in widget.findChildren(QWidget):
                if not w.isVisible() or not isinstance(w, QLabel | QAbstractButton):
                    continue
                assert w.font().pointSizeF() >= saved.pointSizeF() * 1.4
                need = w.minimumSizeHint()
                if w.width() < need.width() or w.height() < need.height():
                    clipped.append((type(w).__name__, w.text()[:30], w.size(), need))
            assert clipped == [], type(widget).__name__
    finally:
        qapp.setFont(saved)
