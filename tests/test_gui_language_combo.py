"""Languages are chosen by name and stored as codes; codes outside the list survive."""

from __future__ import annotations

from willkommensordner.gui.language_combo import LanguageCombo, language_label
from willkommensordner.i18n import translator

pytest_plugins = ("tests.gui_support",)


def test_a_language_is_shown_by_name_and_read_back_as_its_code(qtbot) -> None:  # type: ignore[no-untyped-def]
    tr = translator("de")
    combo = LanguageCombo(tr, "ar")
    qtbot.addWidget(combo)
    assert combo.currentText() == "Arabisch – العربية" == language_label("ar", tr)
    assert combo.code() == "ar"
    with qtbot.waitSignal(combo.edited):
        combo.setCurrentIndex(combo.findData("ti"))
    assert combo.code() == "ti" and "ትግርኛ" in combo.currentText()


def test_other_codes_stay_and_typed_codes_count(qtbot) -> None:  # type: ignore[no-untyped-def]
    tr = translator("de")
    combo = LanguageCombo(tr, "ln")  # Lingala: not in the list, but a partner's file had it
    qtbot.addWidget(combo)
    assert combo.code() == "ln" and combo.currentText() != "ln"
    combo.setEditText("wo")
    assert combo.code() == "wo"
    combo.setEditText("")
    assert combo.code() == ""
    empty = LanguageCombo(tr)
    qtbot.addWidget(empty)
    assert empty.code() == "" and empty.currentText() == ""
