"""Easy German as a reading variant in the app: offered per newcomer, shown in the reader."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from willkommensordner.content.library import ContentLibrary
from willkommensordner.content.notices import Notice, notice_text
from willkommensordner.content.status import Status
from willkommensordner.domain.language import LanguageSkill
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.information.information_view import InformationView
from willkommensordner.gui.language_combo import LanguageCombo
from willkommensordner.i18n import translator

pytest_plugins = ("tests.gui_support",)


def test_a_newcomer_can_read_deutsch_einfach(qtbot: QtBot) -> None:
    tr = translator("de")
    combo = LanguageCombo(tr, "de-x-easy")
    qtbot.addWidget(combo)
    assert combo.code() == "de-x-easy"
    assert "Deutsch (einfach)" in combo.currentText()
    assert LanguageSkill(language="de_x_easy").language == "de-x-easy"


def test_the_reader_shows_the_easy_page_with_its_status(
    qtbot: QtBot, gui_ctx: GuiContext, tmp_path: Path
) -> None:
    view = InformationView(gui_ctx, ContentLibrary(tmp_path / "content"))
    qtbot.addWidget(view)
    view.resize(1200, 760)
    view.ensure_built()
    view.show()
    qtbot.waitExposed(view)
    view.set_language("de-x-easy")
    page = view.show_topic("notfall")
    assert page.lang == "de-x-easy" and page.status == Status.MACHINE_MADE
    assert page.title == "Notfall und Beratung"
    assert "Sagen Sie am Telefon: Wo ist es passiert?" in view.page_view.document.toPlainText()
    assert view.page_view.notice.reader_texts() == [notice_text(Notice.MACHINE_MADE, "de")]
    names = [
        view.switcher.model().index(row, 0).data()
        for row in range(view.switcher.model().rowCount())
    ]
    assert "Deutsch (einfach)" in names
