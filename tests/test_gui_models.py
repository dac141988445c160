"""The item models over real vault data pass Qt's model tester and filter as the list needs."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from PySide6.QtCore import Qt

from willkommensordner.domain.demo import generate
from willkommensordner.domain.legal_status import TargetGroup
from willkommensordner.gui.agenda_view import AgendaModel, AgendaView
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.dossier_list import DossierListView
from willkommensordner.gui.dossier_table import (
    BADGES_ROLE,
    Badge,
    Column,
    DossierFilterProxy,
    DossierTableModel,
)
from willkommensordner.i18n import translator
from willkommensordner.vault.vault import Vault

pytest_plugins = ("tests.gui_support",)
TODAY = date(2026, 3, 10)


def fill(vault: Vault, count: int) -> None:
    people = generate(count, seed=7, today=TODAY)
    with vault.db.transaction():
        for person in itertools.islice(people, count):
            for record in person.records():
                vault.records.save(record)


@pytest.fixture
def demo_ctx(unlocked_ctx: GuiContext) -> GuiContext:
    fill(unlocked_ctx.require_vault(), 40)
    return unlocked_ctx


def test_dossier_model_and_proxy_pass_the_model_tester(qtmodeltester, demo_ctx) -> None:
    summaries = demo_ctx.require_vault().summaries()
    model = DossierTableModel(translator("de"))
    qtmodeltester.check(model)
    model.set_summaries(summaries)
    qtmodeltester.check(model)
    proxy = DossierFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    assert model.rowCount() == 40 and model.columnCount() == len(Column)
    model.sort(Column.BORN, Qt.SortOrder.DescendingOrder)
    born = [model.index(r, Column.BORN).data() for r in range(model.rowCount())]
    iso = [b[6:] + b[3:5] + b[:2] for b in born if b]
    assert iso == sorted(iso, reverse=True)
    proxy.set_filters(include_closed=True)
    assert proxy.rowCount() == 40
    proxy.set_filters(include_open=False)
    assert proxy.rowCount() == sum(s.closed for s in summaries)
    proxy.set_filters(include_open=True, target_group=TargetGroup.EU_CITIZENS)
    assert proxy.rowCount() == sum(s.target_group is TargetGroup.EU_CITIZENS for s in summaries)
    qtmodeltester.check(proxy)
    model.clear()
    assert model.rowCount() == 0 and proxy.rowCount() == 0


def test_badges_follow_the_summaries(demo_ctx) -> None:
    summaries = demo_ctx.require_vault().summaries()
    model = DossierTableModel(translator("en"))
    model.set_summaries(summaries)
    for row in range(model.rowCount()):
        s = model.summary(row)
        badges = {Badge(b) for b in model.index(row, Column.BADGES).data(BADGES_ROLE)}
        assert (Badge.OVERDUE_STEP in badges) == s.overdue_step
        assert (Badge.PAPER_EXPIRES in badges) == s.paper_expires_soon
        text = model.index(row, Column.BADGES).data()
        assert ("Step overdue" in text) == s.overdue_step


def test_agenda_model_passes_the_model_tester(qtmodeltester, demo_ctx) -> None:
    agenda = demo_ctx.require_vault().agenda(today=TODAY)
    items = agenda.expiring + agenda.overdue_steps + agenda.appointments_week
    assert items
    model = AgendaModel(translator("de"), "#000", TODAY)
    qtmodeltester.check(model)
    model.set_items(items, TODAY)
    qtmodeltester.check(model)
    assert model.rowCount() == len(items)


def test_agenda_view_shows_entries_and_opens_the_dossier(qtbot, demo_ctx) -> None:
    demo_ctx.today = lambda: TODAY
    view = AgendaView(demo_ctx)
    qtbot.addWidget(view)
    view.reload()
    qtbot.waitUntil(lambda: view.expiring_model.rowCount() > 0)
    section = view.sections[3]
    index = section.model.index(0, 1)
    with qtbot.waitSignal(view.open_requested) as opened:
        section.table.clicked.emit(index)
    assert opened.args[0] == section.model.items[0].dossier_id
    view.clear()
    assert all(m.rowCount() == 0 for m in view.models)


def test_list_filters_and_badge_rendering(qtbot, demo_ctx) -> None:
    view = DossierListView(demo_ctx)
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    view.reload()
    qtbot.waitUntil(lambda: view.model.rowCount() == 40)
    open_count = view.proxy.rowCount()
    assert open_count == sum(not s.closed for s in view.model.summaries)
    view.state.setCurrentIndex(view.state.findText("All dossiers"))
    assert view.proxy.rowCount() == 40
    counsellor = view.model.summaries[0].counsellor
    view.counsellor.setCurrentIndex(view.counsellor.findData(counsellor))
    assert (
        0 < view.proxy.rowCount() == sum(s.counsellor == counsellor for s in view.model.summaries)
    )
    assert not view.grab().isNull()  # paints the badge chips without error
    with qtbot.waitSignal(view.open_requested) as opened:
        view.table.setCurrentIndex(view.proxy.index(0, 0))
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert opened.args[0] == view.proxy.dossier_id(0)
