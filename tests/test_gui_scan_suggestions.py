"""The panel "Suggestions from the scan": read in the background, take a value, undo it."""

from __future__ import annotations

import random

import pytest
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from willkommensordner.domain.document import Document
from willkommensordner.domain.document_type import DocumentType
from willkommensordner.domain.dossier import Dossier
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.dossier.dossier_view import DossierView
from willkommensordner.scans.model import SuggestedField

from . import scan_specimens as specimens

pytest_plugins = ("tests.gui_support",)

PERSON = specimens.random_person(random.Random(1))


@pytest.fixture
def view(qtbot: QtBot, unlocked_ctx: GuiContext) -> DossierView:
    widget = DossierView(unlocked_ctx)
    widget.resize(1200, 800)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_a_permit_scan_suggests_number_and_expiry_and_taking_them_is_an_edit(
    qtbot: QtBot, view: DossierView, unlocked_ctx: GuiContext
) -> None:
    vault = unlocked_ctx.require_vault()
    dossier = vault.records.save(Dossier(family_name="Nguyen", given_names="Amira"))
    ref = vault.attachments.add_bytes(specimens.png(specimens.eat_card(PERSON, 300)), "eat.png")
    document = vault.records.save(Document(dossier_id=dossier.id, attachments=[ref]))
    view.open_dossier(dossier.id)
    view.show_tab("documents")
    tab = view.documents
    tab.select_id(document.id)
    panel = tab.suggestions
    # The reading runs in the Runner: the GUI thread is free meanwhile and says so.
    assert panel.stop_button.isVisible()
    qtbot.waitUntil(lambda: panel.suggestions() != [], timeout=20000)
    values = {s.field: s for s in panel.suggestions()}
    assert values[SuggestedField.NUMBER].value == PERSON.number
    assert values[SuggestedField.VALID_UNTIL].value == PERSON.expiry.isoformat()

    # Choosing a row highlights where it was read.
    row = panel.suggestions().index(values[SuggestedField.NUMBER])
    panel.table.setCurrentCell(row, 1)
    marked = tab.viewer.highlighted()
    box = values[SuggestedField.NUMBER].box
    assert marked is not None and box is not None
    assert marked.contains(box.left + box.width / 2, box.top + box.height / 2)

    for field in (SuggestedField.NUMBER, SuggestedField.VALID_UNTIL, SuggestedField.TYPE):
        take = panel.table.cellWidget(panel.suggestions().index(values[field]), 3)
        assert isinstance(take, QPushButton)
        take.click()
    stored = vault.records.get(Document, document.id)
    assert stored.number == PERSON.number
    assert stored.valid_until == PERSON.expiry
    assert stored.type == DocumentType.AUFENTHALTSTITEL
    changed = {e.field for e in vault.history(dossier.id) if e.record_id == document.id}
    assert {"number", "valid_until", "type"} <= changed  # each taken value is in the history

    panel.undo_button.click()
    stored = vault.records.get(Document, document.id)
    assert stored.type == DocumentType.OTHER  # the last value taken is given back
    assert stored.number == PERSON.number


def test_stopping_a_reading_leaves_the_document_as_it_was(
    qtbot: QtBot, view: DossierView, unlocked_ctx: GuiContext
) -> None:
    vault = unlocked_ctx.require_vault()
    dossier = vault.records.save(Dossier(family_name="Nguyen", given_names="Amira"))
    ref = vault.attachments.add_bytes(specimens.png(specimens.eat_card(PERSON, 300)), "eat.png")
    document = vault.records.save(Document(dossier_id=dossier.id, attachments=[ref]))
    view.open_dossier(dossier.id)
    view.show_tab("documents")
    view.documents.select_id(document.id)
    panel = view.documents.suggestions
    panel.stop_button.click()
    assert unlocked_ctx.runner.wait_idle(20000)
    qtbot.wait(50)
    assert panel.suggestions() == []
    assert not panel.stop_button.isVisible()
    assert vault.records.get(Document, document.id).number == ""
