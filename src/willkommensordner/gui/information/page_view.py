"""One information page: the status notice above, the text in a read-only browser.

The browser never loads anything: no remote images, no local files; a web link opens in the
system browser only when clicked, and tel:/mailto: are plain text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QByteArray, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QTextCursor, QTextDocument
from PySide6.QtWidgets import QFrame, QLabel, QTextBrowser, QVBoxLayout, QWidget

from willkommensordner.content import ContactPoint, Notice, ResolvedPage, direction
from willkommensordner.content.notices import notice_text
from willkommensordner.gui.information.document import (
    base_font,
    contacts_html,
    page_html,
    prepare,
)
from willkommensordner.gui.information.models import alignment, layout_direction
from willkommensordner.i18n import Translator

# Amber for "please note", never red: a machine-made text is useful, not an error.
NOTICE_STYLE = """
QFrame#pageNotice {
    background: #fff6e0;
    border: 1px solid #e0c27a;
    border-radius: 8px;
}
"""


class SafeBrowser(QTextBrowser):
    """A QTextBrowser that opens http(s) links externally on click and loads no resources."""

    link_opened = Signal(QUrl)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.anchorClicked.connect(self._clicked)

    def loadResource(self, kind: int, name: QUrl) -> Any:  # noqa: N802 - Qt API
        # Nothing is ever fetched: no remote images, no local files (an empty resource).
        return QByteArray()

    def _clicked(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https"):
            self.link_opened.emit(url)
            QDesktopServices.openUrl(url)


class NoticeBanner(QFrame):
    """The page's status notices in the reader's language, the UI language below in small type.

    Labels are reused and only touched when their text or language changes: turning pages in
    one language usually keeps the same notice (and every Qt setter call has a cost, see
    docs/gui-information.md).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pageNotice")
        self.setStyleSheet(NOTICE_STYLE)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(12, 8, 12, 8)
        self._layout.setSpacing(2)
        self._pool: list[QLabel] = []
        self._state: list[tuple[str, str, float, bool] | None] = []
        self.reader_labels: list[QLabel] = []
        self.ui_labels: list[QLabel] = []
        self.hide()

    def show_notices(
        self, page: ResolvedPage, tr: Translator, point_size: float, *, counsellor: bool = True
    ) -> None:
        entries: list[tuple[str, str, float, bool]] = []
        kinds: list[bool] = []  # True: reader's language
        reader = page.requested_lang
        for kind, text in zip(page.notice_kinds, page.notices, strict=True):
            entries.append((text, reader, point_size, True))
            kinds.append(True)
            if counsellor:
                own = _notice_for(kind, page, tr.language)
                if own != text:
                    entries.append((own, tr.language, point_size * 0.8, False))
                    kinds.append(False)
        while len(self._pool) < len(entries):
            label = QLabel(self)
            label.setWordWrap(True)
            self._layout.addWidget(label)
            self._pool.append(label)
            self._state.append(None)
        self.reader_labels, self.ui_labels = [], []
        for index, label in enumerate(self._pool):
            if index >= len(entries):
                if self._state[index] is not None:
                    label.hide()
                    self._state[index] = None
                continue
            entry = entries[index]
            if self._state[index] != entry:
                self._apply(label, *entry)
                self._state[index] = entry
            (self.reader_labels if kinds[index] else self.ui_labels).append(label)
        self.setVisible(bool(entries))

    @staticmethod
    def _apply(label: QLabel, text: str, lang: str, point_size: float, bold: bool) -> None:
        label.setText(text)
        font = base_font(point_size)
        font.setBold(bold)
        label.setFont(font)
        label.setLayoutDirection(layout_direction(lang))
        label.setAlignment(alignment(lang))
        label.setAccessibleName(text)
        label.show()

    def reader_texts(self) -> list[str]:
        return [label.text() for label in self.reader_labels]

    def ui_texts(self) -> list[str]:
        return [label.text() for label in self.ui_labels]


def _notice_for(kind: Notice, page: ResolvedPage, reader: str) -> str:
    return notice_text(kind, reader, requested=page.requested_lang, shown=page.lang)


class PageView(QWidget):
    """Notice banner and page text; `point_size` makes the whole page larger (newcomer mode)."""

    def __init__(
        self, tr: Translator, point_size: float = 11.0, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.tr = tr
        self.point_size = point_size
        self.page: ResolvedPage | None = None
        self._contacts: tuple[ContactPoint, ...] = ()
        self._setup: tuple[str, float] | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.notice = NoticeBanner(self)
        self.browser = SafeBrowser(self)
        self.browser.setAccessibleName(tr.gettext("Information page"))
        layout.addWidget(self.notice)
        layout.addWidget(self.browser, 1)

    @property
    def document(self) -> QTextDocument:
        return self.browser.document()

    def set_point_size(self, point_size: float) -> None:
        self.point_size = point_size
        self._setup = None
        if self.page is not None:
            self.show_page(self.page, self._contacts)

    def show_page(
        self,
        page: ResolvedPage,
        contacts: Sequence[ContactPoint] = (),
        *,
        counsellor: bool = True,
    ) -> None:
        """Render `page`; contact points, if given, follow the text in the same document."""
        self.page = page
        self._contacts = tuple(contacts)
        self.notice.show_notices(page, self.tr, self.point_size, counsellor=counsellor)
        # The text's direction is that of the language shown (a fallback may be German);
        # the notice above is in the reader's language and has its own.
        setup = (direction(page.lang), self.point_size)
        if setup != self._setup:
            # Only when direction or size change: pages in one language share the defaults.
            self.browser.setLayoutDirection(layout_direction(page.lang))
            self.browser.setFont(base_font(self.point_size))
            prepare(self.browser.document(), page.lang, self.point_size)
            self._setup = setup
        rich = page_html(page)
        if contacts:
            rich += contacts_html(contacts, page.requested_lang)
        self.browser.setHtml(rich)
        # Start at the title: the cursor is left at the end after building the document.
        self.browser.moveCursor(QTextCursor.MoveOperation.Start)
        self.browser.setExtraSelections([])
        self.browser.verticalScrollBar().setValue(0)

    def clear(self) -> None:
        self.page = None
        self._contacts = ()
        self.browser.clear()
        self._setup = None
        self.notice.hide()
