"""Help → Keyboard shortcuts: what the menus hold (read from them) and the keys inside pages."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMenu,
    QMenuBar,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from willkommensordner.gui.accessibility import label_name
from willkommensordner.gui.widgets import explanation
from willkommensordner.i18n import N_, Translator

# Keys that belong to a page or a kind of control rather than to a menu action.
IN_PAGE_KEYS: tuple[tuple[str, str], ...] = (
    ("Tab / Shift+Tab", N_("Next / previous control")),
    ("F10", N_("Open the menu bar")),
    (N_("Arrow keys"), N_("Move inside a list or table")),
    (N_("Enter"), N_("Open the selected dossier or entry")),
    ("Ctrl+S", N_("Save the open dossier")),
    ("Ctrl+W", N_("Close the open dossier")),
    ("Alt+1 … Alt+9", N_("Go to a tab of the open dossier")),
    ("Esc", N_("Close a dialog without saving")),
)


def menu_shortcuts(bar: QMenuBar) -> list[tuple[str, list[tuple[str, str]]]]:
    """(menu title, [(entry, shortcut)]) for every visible entry of every menu in `bar`."""
    result = []
    for top in bar.actions():
        menu = top.menu()
        if not isinstance(menu, QMenu):
            continue
        rows = [
            (
                label_name(act.text()).rstrip("…"),
                act.shortcut().toString(QKeySequence.SequenceFormat.NativeText),
            )
            for act in menu.actions()
            if act.isVisible() and not act.isSeparator() and act.text()
        ]
        result.append((label_name(menu.title()), rows))
    return result


class ShortcutsDialog(QDialog):
    def __init__(self, tr: Translator, bar: QMenuBar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr.gettext("Keyboard shortcuts"))
        self.tree = QTreeWidget()
        self.tree.setAccessibleName(tr.gettext("Keyboard shortcuts"))
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels([tr.gettext("What"), tr.gettext("Keys")])
        self.tree.setRootIsDecorated(False)
        underline = tr.gettext("Alt + underlined letter")
        for title, rows in menu_shortcuts(bar):
            section = QTreeWidgetItem([title, underline])
            font = section.font(0)
            font.setBold(True)
            section.setFont(0, font)
            for entry, keys in rows:
                section.addChild(QTreeWidgetItem([entry, keys or underline]))
            self.tree.addTopLevelItem(section)
        pages = QTreeWidgetItem([tr.gettext("In pages and dialogs"), ""])
        font = pages.font(0)
        font.setBold(True)
        pages.setFont(0, font)
        for keys, what in IN_PAGE_KEYS:
            pages.addChild(QTreeWidgetItem([tr.gettext(what), tr.gettext(keys)]))
        self.tree.addTopLevelItem(pages)
        self.tree.expandAll()
        self.tree.resizeColumnToContents(0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            explanation(
                tr.gettext(
                    "Every function is in the menu bar: press Alt with the underlined letter,"
                    " or F10. The shortcuts below work anywhere in the window."
                )
            )
        )
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self.resize(560, 520)
