"""The app's calm look: Fusion with a light palette, so it is the same on every desktop."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

ACCENT = "#2f6db5"
WINDOW = "#f3f4f6"
MUTED_DISABLED = "#9aa0a6"
# Hints inside empty fields: lighter than typed text, still 5:1 on white (WCAG AA).
PLACEHOLDER = "#6b7075"
# The frame around whatever has the keyboard focus: 6.6:1 on white, 6:1 on the window.
FOCUS = "#1f5f99"

_STYLESHEET = """
QFrame#card {
    background: white;
    border: 1px solid #d9dce1;
    border-radius: 10px;
}
QFrame#keyBox {
    background: #fbfbfc;
    border: 1px dashed #9aa0a6;
    border-radius: 6px;
}
QToolBar#mainToolbar {
    spacing: 6px;
    padding: 4px 8px;
    border-bottom: 1px solid #d9dce1;
    background: white;
}
QToolBar#mainToolbar QToolButton {
    padding: 5px 10px;
    border-radius: 5px;
}
QToolBar#mainToolbar QToolButton:hover {
    background: #e8eef7;
}
QTableView {
    background: white;
    alternate-background-color: #f7f8fa;
    selection-background-color: #d6e4f5;
    selection-color: black;
    border: 1px solid #d9dce1;
    border-radius: 6px;
}
QLineEdit, QComboBox, QSpinBox {
    padding: 4px 6px;
}
QPushButton {
    padding: 5px 14px;
}
QPushButton#link {
    border: 2px solid transparent;
    background: transparent;
    color: #2f6db5;
    padding: 0px 2px;
    text-align: left;
}
QPushButton#link:hover {
    text-decoration: underline;
}
QToolBar#mainToolbar QToolButton[currentPage="true"] {
    background: #d6e4f5;
    color: #0b3d75;
}
""" + """
QPushButton:focus, QToolButton:focus, QCheckBox:focus, QRadioButton:focus, QGroupBox:focus {
    border: 2px solid FOCUS;
    border-radius: 4px;
}
QCheckBox, QRadioButton {
    border: 2px solid transparent;
    padding: 1px;
}
QLineEdit:focus, QComboBox:focus, QSpinBox:focus, QDateEdit:focus, QPlainTextEdit:focus,
QTextEdit:focus, QTextBrowser:focus, QAbstractItemView:focus {
    border: 2px solid FOCUS;
}
QPushButton:focus {
    padding: 4px 13px;
}
QPushButton#link:focus {
    border-color: FOCUS;
    padding: 0px 2px;
}
QMenuBar::item:selected {
    background: #d6e4f5;
    color: #0b3d75;
}
""".replace("FOCUS", FOCUS)


def apply_style(app: QApplication) -> None:
    app.setStyle("Fusion")
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor(WINDOW))
    palette.setColor(QPalette.ColorRole.Base, QColor("white"))
    palette.setColor(QPalette.ColorRole.AlternateBase, QColor("#f7f8fa"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#1f2328"))
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#1f2328"))
    palette.setColor(QPalette.ColorRole.ButtonText, QColor("#1f2328"))
    palette.setColor(QPalette.ColorRole.Button, QColor("#fafafa"))
    palette.setColor(QPalette.ColorRole.Highlight, QColor(ACCENT))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("white"))
    palette.setColor(QPalette.ColorRole.ToolTipBase, QColor("#ffffe8"))
    palette.setColor(QPalette.ColorRole.ToolTipText, QColor("#1f2328"))
    palette.setColor(QPalette.ColorRole.PlaceholderText, QColor(PLACEHOLDER))
    # Setting a role without a group sets the disabled look too: disabled must look disabled.
    disabled = QPalette.ColorGroup.Disabled
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(disabled, role, QColor(MUTED_DISABLED))
    app.setPalette(palette)
    app.setStyleSheet(_STYLESHEET)
