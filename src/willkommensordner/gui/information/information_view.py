"""The "Information" section: topics, language switcher, page, contact points, search.

Holds no personal data: it shows content packs only, so it needs nothing on lock.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from willkommensordner.content import ContentLibrary, ResolvedPage, direction
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.information.document import base_font, contacts_html, prepare
from willkommensordner.gui.information.fonts import ensure_bundled_fonts
from willkommensordner.gui.information.models import (
    SearchResultModel,
    TopicModel,
    layout_direction,
)
from willkommensordner.gui.information.newcomer_mode import NewcomerMode
from willkommensordner.gui.information.page_view import PageView, SafeBrowser
from willkommensordner.gui.information.reader_language import reader_language
from willkommensordner.gui.information.widgets import LanguageSwitcher
from willkommensordner.gui.widgets import demo_banner, heading

SEARCH_DELAY_MS = 200
HIGHLIGHT = "#ffe58a"


def page_point_size() -> float:
    """Page text a little larger than the UI: it is read, not scanned."""
    return max(10.0, QApplication.font().pointSizeF() * 1.15)


class InformationView(QWidget):
    """The section page. `library` defaults to the installed packs, loaded on first use."""

    show_requested = Signal()  # open_information() asks the main window to bring this page up
    page_shown = Signal(str, str)  # topic id, reader language

    def __init__(
        self,
        ctx: GuiContext,
        library: ContentLibrary | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        ensure_bundled_fonts()
        self.ctx = ctx
        self._library = library
        self.lang = "de"
        self.topic_id: str | None = None
        self.newcomer: NewcomerMode | None = None
        self._built = False
        self._contacts_setup: tuple[str, float] | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(16, 12, 16, 12)
        self._layout.setSpacing(10)

    # --- building (deferred: loading the packs takes a moment) -----------------------------

    @property
    def library(self) -> ContentLibrary:
        if self._library is None:
            self._library = ContentLibrary()
        return self._library

    def set_library(self, library: ContentLibrary) -> None:
        """Show `library` from now on (e.g. after a pack import)."""
        self._library = library
        if self._built:
            self.demo_banner.setVisible(library.demo_in_use())
            self._fill_topics()
            if self.topic_id is not None and self.topic_id in self.topics.topic_ids():
                self.show_topic(self.topic_id)

    def ensure_built(self) -> None:
        if self._built:
            return
        self._built = True
        tr = self.ctx.tr
        size = page_point_size()

        header = QHBoxLayout()
        header.addWidget(heading(tr.gettext("Information")))
        header.addStretch(1)
        self.language_label = QLabel(tr.gettext("Language of the pages:"))
        header.addWidget(self.language_label)
        self.switcher = LanguageSwitcher(self.library.language_codes(), tr.language, size, self)
        self.switcher.setToolTip(tr.gettext("The newcomer's language"))
        self.switcher.setAccessibleName(tr.gettext("Language of the pages"))
        self.language_label.setBuddy(self.switcher)
        header.addWidget(self.switcher)
        self.newcomer_button = QPushButton(tr.gettext("Show to newcomer"))
        self.newcomer_button.setToolTip(
            tr.gettext("Large type, full screen, one page at a time. Esc leaves.")
        )
        self.newcomer_button.clicked.connect(lambda: self.show_to_newcomer())
        header.addWidget(self.newcomer_button)
        self.demo_banner = demo_banner(tr)
        self._layout.addWidget(self.demo_banner)
        self.demo_banner.setVisible(self.library.demo_in_use())
        self._layout.addLayout(header)

        self.search_field = QLineEdit()
        self.search_field.setPlaceholderText(tr.gettext("Search in the pages…"))
        self.search_field.setAccessibleName(tr.gettext("Search in the pages"))
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setFont(base_font(size * 0.9))
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.run_search)
        self.search_field.textChanged.connect(lambda _text: self._search_timer.start())
        self.search_field.returnPressed.connect(self.run_search)

        self.topics = TopicModel(self)
        self.topic_list = self._list_view(self.topics, tr.gettext("Topics"), size)
        self.topic_list.clicked.connect(
            lambda index: self.show_topic(self.topics.topic_at(index.row()).id)
        )
        self.topic_list.activated.connect(
            lambda index: self.show_topic(self.topics.topic_at(index.row()).id)
        )
        # Arrow keys in the list turn the page too, not only a click.
        self.topic_list.selectionModel().currentRowChanged.connect(self._topic_row_changed)
        self.results = SearchResultModel(self)
        self.result_list = self._list_view(self.results, tr.gettext("Search results"), size)
        self.result_list.setWordWrap(True)
        self.result_list.clicked.connect(lambda index: self._open_hit(index.row()))
        self.result_list.activated.connect(lambda index: self._open_hit(index.row()))
        self.no_results = QLabel(tr.gettext("No page contains these words."))
        self.no_results.setWordWrap(True)
        self.no_results.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.left_stack = QStackedWidget()
        for widget in (self.topic_list, self.result_list, self.no_results):
            self.left_stack.addWidget(widget)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search_field)
        left_layout.addWidget(self.left_stack, 1)

        self.page_view = PageView(self.ctx.tr, size, self)
        self.contacts = SafeBrowser(self)
        self.contacts.setAccessibleName(tr.gettext("Contact points for this topic"))
        self.contacts.setMinimumWidth(240)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.page_view)
        self.splitter.addWidget(self.contacts)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setStretchFactor(2, 3)
        self.splitter.setSizes([230, 560, 300])
        self._layout.addWidget(self.splitter, 1)

        self.switcher.set_language(self.lang)
        self.switcher.language_changed.connect(self.set_language)
        self._fill_topics()
        first = self.topics.topic_ids()
        if first:
            self.show_topic(self.topic_id or first[0])

    def _list_view(
        self, model: TopicModel | SearchResultModel, name: str, size: float
    ) -> QListView:
        view = QListView()
        view.setModel(model)
        view.setAccessibleName(name)
        view.setFont(base_font(size))
        view.setUniformItemSizes(False)
        view.setSpacing(2)
        view.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        return view

    def _topic_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            topic_id = self.topics.topic_at(current.row()).id
            if topic_id != self.topic_id:
                self.show_topic(topic_id)

    def showEvent(self, event: object) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)  # type: ignore[arg-type]
        if not self._built:
            # Deferred: a stacked widget shows this page for a moment when another page is
            # removed; only a page that stays visible is worth loading the packs for.
            QTimer.singleShot(0, self._build_if_visible)

    def _build_if_visible(self) -> None:
        if self.isVisible():
            self.ensure_built()

    # --- what is shown ---------------------------------------------------------------------

    def set_language(self, lang: str) -> None:
        """Show topics, page and contact points in the reader's language `lang`."""
        lang = reader_language(lang)
        self.ensure_built()
        if lang == self.lang and self.switcher.language == lang and self.page_view.page:
            return
        self.lang = lang
        if self.switcher.language != lang:
            self.switcher.set_language(lang)  # emits language_changed → back here, no-op
        self._fill_topics()
        if self.search_field.text().strip():
            self.run_search()
        if self.topic_id is not None:
            self.show_topic(self.topic_id)

    def _fill_topics(self) -> None:
        self.topics.set_topics(self.library.topics(self.lang))
        direction = layout_direction(self.lang)
        for view in (self.topic_list, self.result_list):
            view.setLayoutDirection(direction)
        self._select_current_topic()

    def _select_current_topic(self) -> None:
        row = self.topics.row_of(self.topic_id) if self.topic_id else -1
        selection = self.topic_list.selectionModel()
        if row < 0:
            selection.clearSelection()
            return
        index = self.topics.index(row)
        selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def show_topic(self, topic_id: str, highlight: str = "") -> ResolvedPage:
        """Show one topic's page in the current language, its contact points beside it."""
        self.ensure_built()
        page = self.library.page(topic_id, self.lang)
        self.topic_id = topic_id
        self.page_view.show_page(page)
        self._show_contacts(topic_id)
        self._select_current_topic()
        if highlight:
            self.highlight(highlight)
        self.page_shown.emit(topic_id, self.lang)
        return page

    def _show_contacts(self, topic_id: str) -> None:
        contacts = self.library.contact_points(topic=topic_id)
        setup = (direction(self.lang), page_point_size())
        if setup != self._contacts_setup:
            self.contacts.setLayoutDirection(layout_direction(self.lang))
            prepare(self.contacts.document(), self.lang, page_point_size() * 0.92)
            self._contacts_setup = setup
        self.contacts.setHtml(contacts_html(contacts, self.lang) if contacts else "")
        self.contacts.setVisible(bool(contacts))

    @property
    def page(self) -> ResolvedPage | None:
        return self.page_view.page if self._built else None

    # --- search ----------------------------------------------------------------------------

    def run_search(self) -> None:
        self._search_timer.stop()
        query = self.search_field.text().strip()
        if not query:
            self.results.set_hits([])
            self.left_stack.setCurrentWidget(self.topic_list)
            return
        hits = self.library.search(query, self.lang)
        self.results.set_hits(hits)
        self.left_stack.setCurrentWidget(self.result_list if hits else self.no_results)

    def _open_hit(self, row: int) -> None:
        hit = self.results.hit_at(row)
        words = self.search_field.text().split()
        self.show_topic(hit.topic_id, highlight=words[0] if words else "")

    def highlight(self, term: str) -> int:
        """Mark every occurrence of `term` in the page; returns how many were found."""
        doc = self.page_view.document
        selections: list[QTextEdit.ExtraSelection] = []
        cursor = doc.find(term, 0)
        while not cursor.isNull() and len(selections) < 200:
            selection = QTextEdit.ExtraSelection()
            selection.cursor = cursor  # type: ignore[attr-defined]
            selection.format.setBackground(QColor(HIGHLIGHT))  # type: ignore[attr-defined]
            selections.append(selection)
            cursor = doc.find(term, cursor, QTextDocument.FindFlag(0))
        self.page_view.browser.setExtraSelections(selections)
        if selections:
            first = QTextCursor(selections[0].cursor)  # type: ignore[attr-defined]
            first.clearSelection()
            self.page_view.browser.setTextCursor(first)
            self.page_view.browser.ensureCursorVisible()
        return len(selections)

    # --- newcomer mode ---------------------------------------------------------------------

    def show_to_newcomer(self, full_screen: bool = True) -> NewcomerMode:
        """Open the current page in large type, full screen, one page at a time."""
        self.ensure_built()
        if self.newcomer is not None:
            self.newcomer.close()
        topic_ids = self.topics.topic_ids()
        start = self.topic_id or (topic_ids[0] if topic_ids else "")
        mode = NewcomerMode(
            self.ctx.tr,
            self.library,
            self.lang,
            topic_ids,
            start,
            page_point_size() * NewcomerMode.SCALE,
            parent=self,  # a window of its own, but it goes when the app window goes
        )
        mode.closed.connect(self._newcomer_closed)
        self.newcomer = mode
        if full_screen:
            mode.showFullScreen()
        else:
            mode.show()
        mode.activateWindow()
        return mode

    def _newcomer_closed(self, lang: str, topic_id: str) -> None:
        # Back at the desk, the counsellor sees what the newcomer saw last.
        self.newcomer = None
        self.topic_id = topic_id or self.topic_id
        if lang != self.lang:
            self.set_language(lang)
        elif self.topic_id:
            self.show_topic(self.topic_id)
