"""Typing into the dossier list's search field: tolerant matches, best first, Enter opens it."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from willkommensordner.domain.dossier import Dossier
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.dossier_list import DossierListView
from willkommensordner.gui.dossier_table import Column

from .test_vault_search_tolerant import PEOPLE, _add_people

pytest_plugins = ("tests.gui_support",)


def _shown(view: DossierListView) -> list[str]:
    return [view.proxy.index(r, Column.NAME).data() for r in range(view.proxy.rowCount())]


def test_typed_spellings_find_people_best_first(qtbot, unlocked_ctx: GuiContext) -> None:
    vault = unlocked_ctx.require_vault()
    _add_people(vault)
    oeztuerk = vault.records.save(Dossier(family_name="Öztürk", given_names="Fatma")).id
    view = DossierListView(unlocked_ctx)
    qtbot.addWidget(view)
    view.resize(1100, 600)
    view.show()
    view.reload()
    qtbot.waitUntil(lambda: view.model.rowCount() == len(PEOPLE) + 1)

    qtbot.keyClicks(view.search, "Fatma")
    qtbot.waitUntil(lambda: view.proxy.rowCount() == 2)
    # Exactly as typed first, then Fatima, the same name in another spelling.
    assert _shown(view) == ["Öztürk, Fatma", "Khalil, Fatima"]
    header = view.table.horizontalHeader()
    assert header.sortIndicatorSection() == -1
    with qtbot.waitSignal(view.open_requested) as opened:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert opened.args[0] == oeztuerk

    # A header click sorts the found rows by that column instead.
    middle = header.sectionViewportPosition(Column.NAME) + header.sectionSize(Column.NAME) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(middle, 5))
    assert header.sortIndicatorSection() == Column.NAME
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    assert _shown(view) == ["Khalil, Fatima", "Öztürk, Fatma"]

    view.search.clear()
    qtbot.keyClicks(view.search, "Hadad")  # Haddad, one d short
    qtbot.waitUntil(lambda: _shown(view) == ["Haddad, Yusuf"])
    view.search.setText("Ivanov")  # the husband of Alina Iwanowa
    qtbot.waitUntil(lambda: _shown(view) == ["Iwanowa, Alina"])
    view.search.setText("Hassan")  # not Hussein
    qtbot.waitUntil(lambda: _shown(view) == ["Omar, Hassan"])
    view.search.clear()
    qtbot.waitUntil(lambda: view.proxy.rowCount() == len(PEOPLE) + 1)
    names = _shown(view)
    assert (
        names.index("Khalil, Fatima")
        < names.index("Öztürk, Fatma")
        < names.index("Saleh, Abd al-Rahman")
    )
