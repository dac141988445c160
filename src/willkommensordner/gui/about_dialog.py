"""About: the version, the app's own licence, and the licences of bundled fonts and libraries.

The lists come from resources/licenses.json (see willkommensordner.licenses); selecting an
entry shows its licence text, read from the bundle, so the dialog works offline.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from willkommensordner import __version__, app_info
from willkommensordner.i18n import Translator
from willkommensordner.licenses import Component, bundled_licenses
from willkommensordner.paths import resource
from willkommensordner.portable import PORTABLE_WARNING, AppDirs, app_dirs

_ROLE = Qt.ItemDataRole.UserRole


def app_icon() -> QIcon:
    """The window icon from the rendered PNG sizes (no SVG plugin needed)."""
    icon = QIcon()
    folder = resource("icons")
    if folder.is_dir():
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            png = entry / f"{app_info.APP_ID}.png"
            if entry.is_dir() and png.is_file():
                pixmap = QPixmap()
                pixmap.loadFromData(png.read_bytes(), "PNG")
                icon.addPixmap(pixmap)
    return icon


def font_files() -> list[str]:
    """The font files the app bundles (resources/fonts/*.ttf|otf)."""
    folder = resource("fonts")
    if not folder.is_dir():
        return []
    return sorted(e.name for e in folder.iterdir() if e.name.lower().endswith((".ttf", ".otf")))


class AboutDialog(QDialog):
    def __init__(
        self, tr: Translator, parent: QWidget | None = None, dirs: AppDirs | None = None
    ) -> None:
        super().__init__(parent)
        self.tr_ = tr
        self.setObjectName("aboutDialog")
        self.setWindowTitle(tr.gettext("About Willkommensordner"))
        self.setMinimumSize(680, 560)
        licenses = bundled_licenses()
        dirs = dirs or app_dirs()

        header = QHBoxLayout()
        logo = QLabel()
        logo.setPixmap(app_icon().pixmap(64, 64))
        header.addWidget(logo, 0, Qt.AlignmentFlag.AlignTop)
        text = QVBoxLayout()
        title = QLabel(f"<b>{tr.gettext(app_info.NAME)} digital</b>")
        title.setObjectName("aboutTitle")
        self.version_label = QLabel(tr.format("Version {version}", {"version": __version__}))
        self.version_label.setObjectName("aboutVersion")
        self.version_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        summary = QLabel(tr.gettext(app_info.SUMMARY))
        summary.setWordWrap(True)
        own = QLabel(
            tr.format(
                "Licence: {license}. The app is free software.",
                {"license": app_info.PROJECT_LICENSE},
            )
        )
        own.setWordWrap(True)
        for widget in (title, self.version_label, summary, own):
            text.addWidget(widget)
        header.addLayout(text, 1)

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        self.portable_label: QLabel | None = None
        if dirs.portable:
            self.portable_label = QLabel(
                tr.format(PORTABLE_WARNING, {"folder": str(dirs.data_dir)})
            )
            self.portable_label.setObjectName("portableWarning")
            self.portable_label.setWordWrap(True)
            self.portable_label.setStyleSheet(
                "background: #fff4e5; border: 1px solid #f0c27b; border-radius: 6px; padding: 8px;"
            )
            layout.addWidget(self.portable_label)

        self.libraries = self._tree(
            [tr.gettext("Component"), tr.gettext("Version"), tr.gettext("Licence")]
        )
        for component in licenses.components:
            self._add(
                self.libraries, [component.name, component.version, component.license], component
            )
        self.fonts = self._tree(
            [tr.gettext("Font file"), tr.gettext("Font"), tr.gettext("Licence")]
        )
        for filename in font_files():
            font = licenses.font_for(filename)
            if font is None:
                self._add(self.fonts, [filename, "", tr.gettext("not listed")], None)
            else:
                self._add(self.fonts, [filename, font.name, font.license], font)

        self.tabs = QTabWidget()
        self.tabs.addTab(self.libraries, tr.gettext("Libraries"))
        self.tabs.addTab(self.fonts, tr.gettext("Fonts"))
        layout.addWidget(self.tabs, 2)

        self.license_text = QPlainTextEdit()
        self.license_text.setObjectName("licenseText")
        self.license_text.setReadOnly(True)
        self.license_text.setPlaceholderText(tr.gettext("Select an entry to read its licence."))
        layout.addWidget(self.license_text, 3)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _tree(self, headers: list[str]) -> QTreeWidget:
        tree = QTreeWidget()
        tree.setRootIsDecorated(False)
        tree.setHeaderLabels(headers)
        tree.setAlternatingRowColors(True)
        tree.currentItemChanged.connect(lambda item, _old: self._show(item))
        return tree

    def _add(self, tree: QTreeWidget, columns: list[str], component: Component | None) -> None:
        item = QTreeWidgetItem(columns)
        item.setData(0, _ROLE, component)
        tree.addTopLevelItem(item)
        tree.resizeColumnToContents(0)

    def _show(self, item: QTreeWidgetItem | None) -> None:
        component = item.data(0, _ROLE) if item is not None else None
        if not isinstance(component, Component):
            self.license_text.clear()
            return
        parts = [f"{component.name} — {component.license}", component.url]
        if component.note:
            parts.append(component.note)
        for name, body in component.license_texts():
            parts += ["", f"==== {name} ====", "", body]
        self.license_text.setPlainText("\n".join(parts))

    # --- for tests and screenshots -----------------------------------------------------------

    def rows(self, tree: QTreeWidget) -> list[tuple[str, ...]]:
        return [
            tuple(tree.topLevelItem(i).text(c) for c in range(tree.columnCount()))
            for i in range(tree.topLevelItemCount())
        ]

    def select(self, tree: QTreeWidget, row: int) -> str:
        """Select a row and return the licence text the dialog then shows."""
        self.tabs.setCurrentWidget(tree)
        tree.setCurrentItem(tree.topLevelItem(row))
        return self.license_text.toPlainText()
