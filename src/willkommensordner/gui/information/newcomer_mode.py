""" "Show to newcomer": one page at a time, large type, full screen, language still switchable.

Only content pages are shown here, never dossier data, so the counsellor can turn the screen
towards the newcomer. Esc (or the close button) leaves.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from willkommensordner.content import ContentLibrary, ResolvedPage
from willkommensordner.gui.information.document import base_font
from willkommensordner.gui.information.models import layout_direction
from willkommensordner.gui.information.page_view import PageView
from willkommensordner.gui.information.widgets import LanguageSwitcher
from willkommensordner.gui.widgets import demo_banner
from willkommensordner.i18n import Translator


class NewcomerMode(QWidget):
    SCALE = 1.6

    closed = Signal(str, str)  # language, topic id last shown

    def __init__(
        self,
        tr: Translator,
        library: ContentLibrary,
        lang: str,
        topic_ids: Sequence[str],
        start: str,
        point_size: float,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(tr.gettext("Information for the newcomer"))
        self.setObjectName("newcomerMode")
        self.setStyleSheet("QWidget#newcomerMode { background: white; }")
        self.tr_ = tr
        self.library = library
        self.lang = lang
        self.topic_ids = list(topic_ids)
        self.position = self.topic_ids.index(start) if start in self.topic_ids else 0
        self.point_size = point_size

        bar = QHBoxLayout()
        bar.setSpacing(12)
        self.previous_button = self._button(tr.gettext("Previous page"), self.previous)
        self.counter = QLabel()
        self.counter.setFont(base_font(point_size * 0.8))
        self.counter.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.next_button = self._button(tr.gettext("Next page"), self.next)
        self.switcher = LanguageSwitcher(library.language_codes(), tr.language, point_size * 0.8)
        self.switcher.set_language(lang)
        self.switcher.setAccessibleName(tr.gettext("Language of the pages"))
        self.switcher.language_changed.connect(self.set_language)
        self.close_button = QPushButton("✕")
        self.close_button.setFont(base_font(point_size * 0.8))
        self.close_button.setToolTip(tr.gettext("Back to the counsellor's view (Esc)"))
        self.close_button.setAccessibleName(tr.gettext("Close"))
        self.close_button.clicked.connect(self.close)
        bar.addWidget(self.previous_button)
        bar.addWidget(self.counter)
        bar.addWidget(self.next_button)
        bar.addStretch(1)
        bar.addWidget(self.switcher)
        bar.addWidget(self.close_button)

        self.page_view = PageView(tr, point_size, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 20, 32, 20)
        layout.setSpacing(14)
        # The screen faces the newcomer: invented sample content must say so.
        self.demo_banner = demo_banner(tr) if library.demo_in_use() else None
        if self.demo_banner is not None:
            self.demo_banner.setFont(base_font(point_size * 0.8))
            layout.addWidget(self.demo_banner)
        layout.addLayout(bar)
        layout.addWidget(self.page_view, 1)

        for keys, slot in (
            (QKeySequence.StandardKey.MoveToNextPage, self.next),
            (QKeySequence.StandardKey.MoveToPreviousPage, self.previous),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(slot)
        self._render()

    def _button(self, tip: str, slot: object) -> QPushButton:
        button = QPushButton()
        button.setFont(base_font(self.point_size))
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.setMinimumWidth(int(self.point_size * 4))
        button.clicked.connect(slot)
        return button

    @property
    def topic_id(self) -> str:
        return self.topic_ids[self.position] if self.topic_ids else ""

    @property
    def page(self) -> ResolvedPage | None:
        return self.page_view.page

    def set_language(self, lang: str) -> None:
        if lang == self.lang:
            return
        self.lang = lang
        self.switcher.set_language(lang)
        self._render()

    def next(self) -> None:
        if self.position + 1 < len(self.topic_ids):
            self.position += 1
            self._render()

    def previous(self) -> None:
        if self.position > 0:
            self.position -= 1
            self._render()

    def _render(self) -> None:
        if not self.topic_ids:
            return
        direction = layout_direction(self.lang)
        # The whole screen reads in the newcomer's direction: "next" sits where the eye goes.
        self.setLayoutDirection(direction)
        rtl = direction == Qt.LayoutDirection.RightToLeft
        self.previous_button.setText("→" if rtl else "←")
        self.next_button.setText("←" if rtl else "→")
        self.previous_button.setEnabled(self.position > 0)
        self.next_button.setEnabled(self.position + 1 < len(self.topic_ids))
        self.counter.setText(f"{self.position + 1} / {len(self.topic_ids)}")
        page = self.library.page(self.topic_id, self.lang)
        contacts = self.library.contact_points(topic=self.topic_id)
        self.page_view.show_page(page, contacts, counsellor=False)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        key = event.key()
        rtl = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        if key == Qt.Key.Key_Escape:
            self.close()
        elif key == Qt.Key.Key_Right:
            self.previous() if rtl else self.next()
        elif key == Qt.Key.Key_Left:
            self.next() if rtl else self.previous()
        else:
            super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        self.closed.emit(self.lang, self.topic_id)
        super().closeEvent(event)
