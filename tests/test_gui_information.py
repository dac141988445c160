"""The Information section with real widgets offscreen over the built-in content packs."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt, QUrl
from PySide6.QtGui import QTextCursor, QTextDocument

from willkommensordner.content import ContentLibrary, Notice, Status
from willkommensordner.content.notices import notice_text
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.information.document import LRI, PDI
from willkommensordner.gui.information.information_view import InformationView
from willkommensordner.gui.information.models import (
    CODE_ROLE,
    DIRECTION_ROLE,
    LanguageModel,
    SearchResultModel,
    TopicModel,
)
from willkommensordner.gui.information.newcomer_mode import NewcomerMode

from .content_helpers import copy_builtin

pytest_plugins = ("tests.gui_support",)

RTL = Qt.LayoutDirection.RightToLeft
LTR = Qt.LayoutDirection.LeftToRight


@pytest.fixture
def library(tmp_path: Path) -> ContentLibrary:
    # Built-in packs only (the demo town's contact points too): nothing from the user's data.
    return ContentLibrary(tmp_path / "content", include_demo=True)


@pytest.fixture
def view(qtbot, gui_ctx: GuiContext, library: ContentLibrary) -> InformationView:
    widget = InformationView(gui_ctx, library)
    qtbot.addWidget(widget)
    widget.resize(1200, 760)
    widget.ensure_built()
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def blocks(doc: QTextDocument) -> list:
    block = doc.begin()
    found = []
    while block.isValid():
        found.append(block)
        block = block.next()
    return found


def title_start_x(view: InformationView) -> int:
    """Where the first character of the page title is drawn in the browser's viewport."""
    cursor = QTextCursor(view.page_view.document)
    cursor.movePosition(QTextCursor.MoveOperation.Start)
    return view.page_view.browser.cursorRect(cursor).x()


@pytest.mark.parametrize("lang", ["ar", "fa", "ps", "fa_AF"])
def test_rtl_pages_set_right_to_left_direction_in_the_qt_view(
    view: InformationView, lang: str
) -> None:
    view.set_language(lang)
    page = view.show_topic("gesundheit")
    assert page.is_rtl
    browser = view.page_view.browser
    doc = view.page_view.document
    assert browser.layoutDirection() == RTL
    assert doc.defaultTextOption().textDirection() == RTL
    assert doc.defaultTextOption().alignment() & Qt.AlignmentFlag.AlignRight
    for block in blocks(doc):
        fmt = block.blockFormat()
        assert fmt.layoutDirection() == RTL, block.text()
        assert fmt.alignment() & Qt.AlignmentFlag.AlignRight, block.text()
    # Really drawn on the right: the title starts in the right half of the page.
    assert title_start_x(view) > browser.viewport().width() / 2
    assert view.topic_list.layoutDirection() == RTL
    assert view.contacts.layoutDirection() == RTL
    assert view.page_view.notice.reader_labels[0].layoutDirection() == RTL


@pytest.mark.parametrize("lang", ["de", "uk", "ti"])
def test_ltr_pages_read_left_to_right(view: InformationView, lang: str) -> None:
    view.set_language("ar")
    view.set_language(lang)  # switching back from Arabic resets every direction
    view.show_topic("gesundheit")
    doc = view.page_view.document
    assert view.page_view.browser.layoutDirection() == LTR
    assert doc.defaultTextOption().textDirection() == LTR
    assert all(b.blockFormat().layoutDirection() == LTR for b in blocks(doc))
    assert title_start_x(view) < view.page_view.browser.viewport().width() / 4
    assert view.topic_list.layoutDirection() == LTR


def test_machine_made_notice_in_the_readers_language_and_small_in_the_ui_language(
    view: InformationView,
) -> None:
    view.set_language("ar")
    page = view.show_topic("gesundheit")
    assert page.status == Status.MACHINE_MADE
    banner = view.page_view.notice
    assert banner.isVisible()
    assert banner.reader_texts() == [notice_text(Notice.MACHINE_MADE, "ar")]
    assert "آليًا" in banner.reader_texts()[0]
    # The counsellor's UI is English here: the same notice in English, in smaller type.
    assert banner.ui_texts() == [notice_text(Notice.MACHINE_MADE, "en")]
    assert banner.ui_labels[0].font().pointSizeF() < banner.reader_labels[0].font().pointSizeF()
    assert banner.reader_labels[0].y() < view.page_view.browser.y()  # above the page

    view.set_language("de")
    assert not view.page_view.notice.isVisible()  # the German source needs no notice


def test_a_missing_page_shows_the_fallback_notice(view: InformationView) -> None:
    view.set_language("fa_AF")  # no Dari pages yet: Persian is shown
    page = view.show_topic("ankommen")
    assert page.lang == "fa" and page.is_fallback
    texts = view.page_view.notice.reader_texts()
    assert texts[0] == notice_text(Notice.FALLBACK, "fa_AF", requested="fa_AF", shown="fa")
    assert "دری" in texts[0]
    assert len(texts) == 2  # and the Persian page is machine-made
    assert view.switcher.currentText() == "دری"


def test_contact_points_with_opening_hours_and_languages_spoken(view: InformationView) -> None:
    view.set_language("de")
    view.show_topic("gesundheit")
    text = view.contacts.toPlainText()
    assert "Anlaufstellen" in text
    assert "Sozialamt Musterstadt" in text
    assert "Öffnungszeiten" in text
    assert "08:30–12:00" in text and "Mo." in text
    assert "Sprachen" in text and "العربية" in text  # spoken languages in their own script

    view.set_language("ar")
    text = view.contacts.toPlainText()
    assert "ساعات العمل" in text and "الاثنين" in text
    # The phone number keeps its digit order inside Arabic text.
    assert f"{LRI}0123 456789-20{PDI}" in text


def test_links_open_only_http_and_phone_numbers_stay_text(view: InformationView) -> None:
    view.set_language("de")
    view.show_topic("notfall")
    doc = view.page_view.document
    hrefs = []
    for block in blocks(doc):
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.charFormat().isAnchor():
                hrefs.append(fragment.charFormat().anchorHref())
            it += 1
    assert all(h.startswith(("https://", "http://")) for h in hrefs)
    assert "112" in doc.toPlainText()
    assert view.page_view.browser.openLinks() is False
    resource = view.page_view.browser.loadResource(2, QUrl("https://example.org/x.png"))
    assert resource.isEmpty()


def test_search_finds_a_page_and_opens_it(qtbot, view: InformationView) -> None:
    view.set_language("de")
    view.show_topic("ankommen")
    qtbot.keyClicks(view.search_field, "Behandlungsschein")
    qtbot.waitUntil(lambda: view.results.rowCount() > 0, timeout=3000)
    assert view.left_stack.currentWidget() is view.result_list
    row = next(
        r for r in range(view.results.rowCount()) if view.results.hit_at(r).topic_id == "gesundheit"
    )
    index = view.results.index(row)
    rect = view.result_list.visualRect(index)
    qtbot.mouseClick(view.result_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.topic_id == "gesundheit"
    assert len(view.page_view.browser.extraSelections()) >= 1  # the word is highlighted

    view.search_field.setText("Wort das nirgends steht")
    view.run_search()
    assert view.left_stack.currentWidget() is view.no_results
    view.search_field.clear()
    view.run_search()
    assert view.left_stack.currentWidget() is view.topic_list


def test_search_in_arabic(view: InformationView) -> None:
    view.set_language("ar")
    view.search_field.setText("الصحية")
    view.run_search()
    topics = {view.results.hit_at(r).topic_id for r in range(view.results.rowCount())}
    assert "gesundheit" in topics


def test_newcomer_mode_large_type_one_page_at_a_time(qtbot, view: InformationView) -> None:
    view.set_language("fa")
    view.show_topic("gesundheit")
    normal = view.page_view.document.defaultFont().pointSizeF()
    mode = view.show_to_newcomer()
    qtbot.waitExposed(mode)
    assert mode.isFullScreen()
    assert mode.page_view.document.defaultFont().pointSizeF() == pytest.approx(
        normal * NewcomerMode.SCALE
    )
    assert mode.page is not None and mode.page.topic_id == "gesundheit"
    assert mode.page_view.browser.layoutDirection() == RTL
    assert mode.layoutDirection() == RTL
    assert mode.counter.text() == "2 / 10"
    # Only the reader's notice, not the counsellor's UI language.
    assert mode.page_view.notice.ui_texts() == []
    assert mode.page_view.notice.reader_texts() == [notice_text(Notice.MACHINE_MADE, "fa")]

    qtbot.mouseClick(mode.next_button, Qt.MouseButton.LeftButton)
    assert mode.page.topic_id == "mobilitaet" and mode.counter.text() == "3 / 10"
    qtbot.keyClick(mode, Qt.Key.Key_Right)  # right-to-left: → goes back
    assert mode.page.topic_id == "gesundheit"
    mode.previous()
    mode.previous()  # stops at the first page
    assert mode.page.topic_id == "ankommen" and not mode.previous_button.isEnabled()

    mode.switcher.set_language("de")  # the language switcher works here too
    assert mode.page.lang == "de" and mode.page_view.browser.layoutDirection() == LTR
    assert not mode.page_view.notice.isVisible()

    qtbot.keyClick(mode, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: view.newcomer is None, timeout=3000)
    # Back at the desk: the page the newcomer saw last.
    assert view.lang == "de" and view.topic_id == "ankommen"


def test_language_names_in_their_own_script(view: InformationView) -> None:
    model = view.switcher.languages
    names = {
        model.data(model.index(r), CODE_ROLE): model.index(r).data()
        for r in range(model.rowCount())
    }
    assert names["ar"] == "العربية"
    assert names["fa"] == "فارسی"
    assert names["fa_AF"] == "دری"
    assert names["ps"] == "پښتو"
    assert names["ti"] == "ትግርኛ"
    assert names["uk"] == "Українська"
    row = model.row_of("ar")
    assert model.index(row).data(DIRECTION_ROLE) == RTL
    assert model.index(row).data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    assert "Arabic" in model.index(row).data(Qt.ItemDataRole.ToolTipRole)  # UI language


def test_topic_titles_follow_the_language(view: InformationView, library: ContentLibrary) -> None:
    view.set_language("ti")
    titles = [view.topics.index(r).data() for r in range(view.topics.rowCount())]
    assert titles == [t.title for t in library.topics("ti")]
    assert any("\u1200" <= ch <= "\u137f" for ch in titles[0])  # Ethiopic script


def test_item_models_pass_the_model_tester(qtmodeltester, library: ContentLibrary) -> None:
    languages = LanguageModel(library.language_codes(), "de")
    qtmodeltester.check(languages)
    languages.add("so")
    qtmodeltester.check(languages)
    topics = TopicModel()
    topics.set_topics(library.topics("ar"))
    qtmodeltester.check(topics)
    results = SearchResultModel()
    results.set_hits(library.search("Jobcenter", "de"))
    assert results.rowCount() > 0
    qtmodeltester.check(results)
    assert results.data(results.index(0, 0, QModelIndex()), CODE_ROLE)


def test_an_outdated_translation_shows_the_outdated_notice(
    qtbot, gui_ctx: GuiContext, tmp_path: Path
) -> None:
    builtin = copy_builtin(tmp_path / "packs")
    source = builtin / "bund" / "pages" / "gesundheit" / "de.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nEin neuer Satz.\n", encoding="utf-8")
    library = ContentLibrary(tmp_path / "data", builtin=builtin)
    view = InformationView(gui_ctx, library)
    qtbot.addWidget(view)
    view.set_language("ar")
    page = view.show_topic("gesundheit")
    assert page.status == Status.OUTDATED
    assert view.page_view.notice.reader_texts() == [notice_text(Notice.OUTDATED, "ar")]


def test_arrow_keys_in_the_topic_list_turn_the_page(qtbot, view: InformationView) -> None:
    view.set_language("de")
    view.show_topic("ankommen")
    view.topic_list.setFocus()
    qtbot.keyClick(view.topic_list, Qt.Key.Key_Down)
    assert view.topic_id == "gesundheit"
    assert view.page is not None and view.page.title == "Gesundheit"


def test_sample_contact_points_carry_a_banner_also_for_the_newcomer(
    qtbot, gui_ctx: GuiContext, tmp_path: Path
) -> None:
    demo = InformationView(gui_ctx, ContentLibrary(tmp_path / "demo", include_demo=True))
    qtbot.addWidget(demo)
    demo.show()
    demo.ensure_built()
    assert demo.demo_banner.isVisible()
    mode = demo.show_to_newcomer(full_screen=False)
    qtbot.waitExposed(mode)
    assert mode.demo_banner is not None and mode.demo_banner.isVisible()
    assert mode.demo_banner.text() == "Sample data – do not pass on"
    mode.close()

    own = InformationView(gui_ctx, ContentLibrary(tmp_path / "own"))
    qtbot.addWidget(own)
    own.show()
    own.ensure_built()
    assert not own.demo_banner.isVisible()
    mode = own.show_to_newcomer(full_screen=False)
    assert mode.demo_banner is None
    mode.close()


def test_strong_emphasis_and_line_breaks_reach_the_reader(
    qtbot, gui_ctx: GuiContext, tmp_path: Path
) -> None:
    from .test_printing_markdown_print import imported_page

    page = imported_page(tmp_path)
    library = ContentLibrary(tmp_path / "data")
    widget = InformationView(gui_ctx, library)
    qtbot.addWidget(widget)
    widget.ensure_built()
    widget.set_language("de")
    widget.show_topic(page.topic_id)
    doc = widget.page_view.document
    formats: dict[str, tuple[bool, bool]] = {}
    for block in blocks(doc):
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            char_format = fragment.charFormat()
            formats[fragment.text().strip()] = (
                char_format.fontWeight() >= 600,
                char_format.fontItalic(),
            )
            it += 1
    assert formats["ohne Termin"] == (True, False)
    assert formats["nur vormittags"] == (False, True)
    # A hard break starts a new line (toPlainText shows Qt's line separator as one).
    assert "Rathaus Musterdorf\nDorfstraße 1\n12345 Musterdorf" in doc.toPlainText()
