"""Conflicts in the desktop app: real vaults exchange real files, then the counsellor resolves."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.exchange_support import add_dossier, add_note, give_consent, introduce, make_vault
from willkommensordner.domain.note import Note
from willkommensordner.domain.record import RecordKind
from willkommensordner.exchange.conflicts import Side
from willkommensordner.exchange.exporter import Exporter
from willkommensordner.exchange.importer import Importer
from willkommensordner.gui.conflicts.conflicts_view import ConflictsView
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.dialogs import Kind, ScriptedAnswerer
from willkommensordner.gui.main_window import MainWindow, Page
from willkommensordner.gui.settings import AUTO_BACKUP
from willkommensordner.vault.vault import Vault

pytest_plugins = ("tests.gui_support",)
PASSPHRASE = "Zwei Ämter, eine Akte 2026"


@dataclass
class Exchanged:
    dossier_id: str
    edited_note: str
    deleted_note: str
    back: Path  # the partner's file that brings the conflicts


def two_agencies_edit_the_same_dossier(ours_path: Path, tmp: Path) -> Exchanged:
    """Ours sends a dossier to the Jobcenter; both sides then change the same records."""
    ours, _ = Vault.create(
        ours_path, PASSPHRASE, counsellor="Erika", agency="Caritas Herne", kdf=_fast()
    )
    partner = make_vault(tmp, "partner", "Jobcenter Herne")
    partner_in_ours, ours_in_partner = introduce(ours, partner)
    d = add_dossier(ours)
    note = add_note(ours, d.id, "Wohnungssuche läuft")
    gone = add_note(ours, d.id, "Kita-Platz angefragt")
    give_consent(ours, d.id, partner_in_ours)
    first = tmp / "to-partner.wkox"
    Exporter(ours).export([d.id], first, recipients=[partner_in_ours])
    Importer(partner).apply(first)

    ours.records.save(
        ours.records.dossier(d.id).model_copy(update={"city": "Bochum", "phone": "0234 1"})
    )
    ours.records.save(
        ours.records.get(Note, note.id).model_copy(update={"text": "Wohnung in Sicht"})
    )
    ours.records.save(ours.records.get(Note, gone.id).model_copy(update={"text": "Kita ab Mai"}))
    theirs_dossier = partner.records.dossier(d.id)
    partner.records.save(
        theirs_dossier.model_copy(update={"city": "Dortmund", "email": "rana@example.org"})
    )
    partner.records.save(
        partner.records.get(Note, note.id).model_copy(update={"text": "Wohnung abgesagt"})
    )
    partner.records.delete(RecordKind.NOTE, gone.id)
    add_note(partner, d.id, "Neu vom Jobcenter")
    give_consent(partner, d.id, ours_in_partner)
    back = tmp / "from-partner.wkox"
    Exporter(partner).export([d.id], back, recipients=[ours_in_partner])
    ours.close()
    partner.close()
    return Exchanged(d.id, note.id, gone.id, back)


def _fast():  # type: ignore[no-untyped-def]
    from tests.exchange_support import FAST

    return FAST


@pytest.fixture
def exchanged(gui_ctx: GuiContext, tmp_path: Path) -> Exchanged:
    gui_ctx.settings.set(AUTO_BACKUP, False)
    return two_agencies_edit_the_same_dossier(gui_ctx.vault_path, tmp_path)


@pytest.fixture
def window(qtbot, qapp, gui_ctx: GuiContext, exchanged: Exchanged) -> MainWindow:
    win = MainWindow(gui_ctx, qapp)
    qtbot.addWidget(win)
    win.show()
    win.unlock_view.passphrase.setText(PASSPHRASE)
    win.unlock_view.try_unlock()
    qtbot.waitUntil(lambda: win.page is Page.AGENDA, timeout=10_000)
    return win


def _plain(text: str) -> str:
    """Without the direction isolates around names."""
    return text.replace("\u2068", "").replace("\u2069", "")


def _loaded(qtbot, window: MainWindow) -> ConflictsView:  # type: ignore[no-untyped-def]
    view = window.conflicts.view
    qtbot.waitUntil(lambda: not view.loading, timeout=5000)
    return view


def _settled(qtbot, view: ConflictsView, open_left: int) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not view.loading and len(view.conflicts) == open_left, timeout=5000)


def _select(view: ConflictsView, kind: RecordKind, record_id: str) -> None:
    row = next(
        i for i, c in enumerate(view.conflicts) if c.kind is kind and c.record_id == record_id
    )
    view.table.selectRow(row)


def test_import_shows_conflicts_and_each_is_resolved_in_the_window(
    qtbot, window: MainWindow, gui_ctx: GuiContext, exchanged: Exchanged
) -> None:
    page = window.conflicts
    assert not page.action.isVisible() and page.notice.isHidden()
    vault = gui_ctx.require_vault()
    report = Importer(vault).apply(exchanged.back)
    assert len(report.conflicts) == 3
    # The import's commit reaches the window through the bridge: badge and agenda notice.
    qtbot.waitUntil(lambda: page.count == 3, timeout=5000)
    assert page.action.isVisible() and page.action.text() == "Conflicts (3)"
    assert not page.notice.isHidden() and "3 records" in page.notice.text()
    page.notice.click()
    assert window.page is Page.CONFLICTS
    view = _loaded(qtbot, window)
    assert [view.table.item(r, 2).text() for r in range(3)] == ["Jobcenter Herne"] * 3
    assert {view.table.item(r, 0).text() for r in range(3)} == {"Haddad, Rana"}

    # The person: city differs on both sides, phone only here, e-mail only there.
    _select(view, RecordKind.DOSSIER, exchanged.dossier_id)
    detail = view.detail
    rows = {r.label: r for r in detail.comparison.rows}  # type: ignore[union-attr]
    assert (rows["City"].ours, rows["City"].theirs, rows["City"].differs) == (
        "Bochum",
        "Dortmund",
        True,
    )
    assert rows["Family name"].differs is False  # shown for context, no choice
    assert set(detail.field_choices) == {"city", "phone", "email"}
    assert detail.choice() == {"city": Side.OURS, "phone": Side.OURS, "email": Side.OURS}
    detail.all_theirs.click()
    assert set(detail.choice().values()) == {Side.THEIRS}  # type: ignore[union-attr]
    detail.choose("phone", Side.OURS)
    detail.resolve.click()
    _settled(qtbot, view, 2)
    person = vault.records.dossier(exchanged.dossier_id)
    assert (person.city, person.phone, person.email) == ("Dortmund", "0234 1", "rana@example.org")
    resolved = [e for e in vault.history(exchanged.dossier_id) if e.action == "resolve"]
    assert {e.field for e in resolved} == {"city", "email"}
    assert page.action.text() == "Conflicts (2)"

    # The note changed on both sides: per field, by clicking the radio of theirs.
    _select(view, RecordKind.NOTE, exchanged.edited_note)
    group = detail.field_choices["text"]
    theirs = next(b for b in group.buttons() if b.property("side") == "theirs")
    theirs.click()
    detail.resolve.click()
    _settled(qtbot, view, 1)
    assert vault.records.get(Note, exchanged.edited_note).text == "Wohnung abgesagt"

    # Deleted there, changed here: the counsellor keeps the record with the local edit.
    _select(view, RecordKind.NOTE, exchanged.deleted_note)
    assert not detail.whole.isHidden() and detail.field_choices == {}
    assert "Jobcenter Herne deleted this record" in _plain(detail.whole_text.text())
    assert detail.choice() is Side.OURS
    detail.take_theirs.click()
    assert detail.choice() is Side.THEIRS
    detail.keep_ours.click()
    detail.resolve.click()
    _settled(qtbot, view, 0)
    assert vault.records.get(Note, exchanged.deleted_note).text == "Kita ab Mai"
    # Nothing changed in the note, but the decision is in its history.
    kept = [e for e in vault.history(exchanged.dossier_id) if e.record_id == exchanged.deleted_note]
    assert kept[-1].action == "resolve" and kept[-1].field is None
    assert not page.action.isVisible() and page.notice.isHidden()
    assert not view.empty.isHidden() and view.splitter.isHidden()

    # The history tab of the dossier shows the resolution.
    window.open_dossier(exchanged.dossier_id)
    history = window.dossier.history
    qtbot.waitUntil(lambda: history.model.rowCount() > 0, timeout=5000)
    shown = [
        (history.model.index(r, 2).data(), history.model.index(r, 3).data())
        for r in range(history.model.rowCount())
    ]
    assert ("Person: City", "Bochum → Dortmund") in shown
    assert ("Note: Text", "Wohnung in Sicht → Wohnung abgesagt") in shown
    assert any(what == "Note conflict resolved" for what, _change in shown)


def test_deleted_here_and_restored_from_theirs(
    qtbot, window: MainWindow, gui_ctx: GuiContext, tmp_path: Path
) -> None:
    """The other tombstone direction: we deleted, they edited; the counsellor restores theirs."""
    vault = gui_ctx.require_vault()
    partner = make_vault(tmp_path, "second", "Ausländerbehörde Herne")
    partner_in_ours, ours_in_partner = introduce(vault, partner)
    d = add_dossier(vault, "Kovalenko", "Olena")
    note = add_note(vault, d.id, "Termin zur Verlängerung")
    give_consent(vault, d.id, partner_in_ours)
    out = tmp_path / "out.wkox"
    Exporter(vault).export([d.id], out, recipients=[partner_in_ours])
    Importer(partner).apply(out)
    vault.records.delete(RecordKind.NOTE, note.id)
    partner.records.save(
        partner.records.get(Note, note.id).model_copy(update={"text": "Verlängert bis 2027"})
    )
    give_consent(partner, d.id, ours_in_partner)
    back = tmp_path / "back.wkox"
    Exporter(partner).export([d.id], back, recipients=[ours_in_partner])
    partner.close()
    Importer(vault).apply(back)
    window.show_conflicts()
    assert window.page is Page.CONFLICTS
    view = _loaded(qtbot, window)
    _select(view, RecordKind.NOTE, note.id)
    detail = view.detail
    assert "deleted here" in detail.whole_text.text()
    assert _plain(detail.take_theirs.text()) == "Restore it as Ausländerbehörde Herne changed it"
    detail.all_theirs.click()
    detail.resolve.click()
    _settled(qtbot, view, 0)
    assert vault.records.get(Note, note.id).text == "Verlängert bis 2027"


def test_lock_drops_the_shown_conflict(
    qtbot, window: MainWindow, gui_ctx: GuiContext, exchanged: Exchanged, answers: ScriptedAnswerer
) -> None:
    Importer(gui_ctx.require_vault()).apply(exchanged.back)
    window.show_conflicts()
    view = _loaded(qtbot, window)
    assert view.detail.comparison is not None
    window.lock()
    assert view.table.rowCount() == 0 and view.detail.comparison is None
    assert view.detail.grid.count() == 0
    assert not window.conflicts.action.isVisible()
    assert not answers.messages(Kind.ERROR)
    # Unlocked again, the badge comes back at once.
    window.unlock_view.passphrase.setText(PASSPHRASE)
    window.unlock_view.try_unlock()
    qtbot.waitUntil(lambda: window.conflicts.count == 3, timeout=10_000)
    assert window.conflicts.action.isVisible()


def test_a_mix_that_breaks_a_rule_is_refused_and_nothing_changes(
    qtbot, window: MainWindow, gui_ctx: GuiContext, answers: ScriptedAnswerer, tmp_path: Path
) -> None:
    """Ours moves the consent's start, theirs its end: taken together, the end is before it."""
    from datetime import date

    from willkommensordner.domain.consent import Consent

    vault = gui_ctx.require_vault()
    partner = make_vault(tmp_path, "third", "Jugendamt Herne")
    partner_in_ours, ours_in_partner = introduce(vault, partner)
    d = add_dossier(vault, "Nazari", "Sahar")
    consent = give_consent(vault, d.id, partner_in_ours)
    out = tmp_path / "out.wkox"
    Exporter(vault).export([d.id], out, recipients=[partner_in_ours])
    Importer(partner).apply(out)
    vault.records.save(consent.model_copy(update={"given_on": date(2024, 6, 1)}))
    theirs = partner.records.get(Consent, consent.id)
    partner.records.save(theirs.model_copy(update={"valid_until": date(2024, 3, 1)}))
    give_consent(partner, d.id, ours_in_partner)
    back = tmp_path / "back.wkox"
    Exporter(partner).export([d.id], back, recipients=[ours_in_partner])
    partner.close()
    Importer(vault).apply(back)
    window.show_conflicts()
    view = _loaded(qtbot, window)
    _select(view, RecordKind.CONSENT, consent.id)
    detail = view.detail
    assert set(detail.field_choices) == {"given_on", "valid_until"}
    scope = next(r for r in detail.comparison.rows if r.field == "scope")  # type: ignore[union-attr]
    assert "Note" in scope.ours and scope.ours == scope.theirs  # kinds by their labels
    detail.choose("valid_until", Side.THEIRS)
    before = vault.records.get(Consent, consent.id)
    detail.resolve.click()
    qtbot.waitUntil(lambda: bool(answers.messages(Kind.ERROR)), timeout=5000)
    error = answers.messages(Kind.ERROR)[-1]
    assert error.title == "The conflict is not resolved"
    assert vault.records.get(Consent, consent.id) == before
    assert [c.record_id for c in view.conflicts] == [consent.id]
    assert view.detail.isEnabled() and view.detail.comparison is not None
    # Taking their version as a whole is fine.
    detail.all_theirs.click()
    detail.resolve.click()
    _settled(qtbot, view, 0)
    assert vault.records.get(Consent, consent.id).valid_until == date(2024, 3, 1)
