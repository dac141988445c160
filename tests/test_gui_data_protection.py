"""Data protection screens on real vaults: the deletion queue, deletion and anonymisation,
the Art. 15 export from the dossier view, and the monitoring export."""

from __future__ import annotations

import csv
import io
import itertools
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from willkommensordner.content.library import ContentLibrary
from willkommensordner.domain.demo import generate
from willkommensordner.domain.dossier import Dossier
from willkommensordner.domain.legal_status import LegalStatus
from willkommensordner.domain.note import Note
from willkommensordner.domain.partial_date import PartialDate
from willkommensordner.errors import NotFound
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.data_protection.monitoring_dialog import MonitoringDialog
from willkommensordner.gui.data_protection.retention_dialog import RetentionDialog
from willkommensordner.gui.dialogs import Kind, ScriptedAnswerer
from willkommensordner.gui.dossier.dossier_view import DossierView
from willkommensordner.gui.dossier.subject_access_export import export_everything
from willkommensordner.gui.pyside_workarounds import pin_none
from willkommensordner.guidance.analysis import save_analysis
from willkommensordner.privacy.monitoring import collect
from willkommensordner.privacy.retention import deletion_queue, is_anonymised, purge
from willkommensordner.vault.vault import Vault

from .guidance_support import decrypted_pages

pytest_plugins = ("tests.gui_support",)

FAMILY = "Zebrafamilie"
GIVEN = "Quokkarina"
NOTE = "Geheimnotiz Elefantenrüssel"
HEALTH = "Rückenleiden Pangolin"


def _fill(vault: Vault, today: date) -> tuple[str, str]:
    """Demo dossiers, one closed long ago (past retention) and one open."""
    with vault.db.transaction():
        for person in itertools.islice(generate(12, seed=4, today=today), 12):
            for record in person.records():
                vault.records.save(record)
        old = vault.records.save(
            Dossier(
                family_name=FAMILY,
                given_names=GIVEN,
                birth_date=PartialDate(1987, 5, 17),
                legal_status=LegalStatus.DULDUNG,
                district="Nord",
                arrival_date=date(2019, 3, 1),
                opened_on=date(2019, 3, 5),
                closed_on=date(2021, 1, 10),
            )
        )
        vault.records.save(Note(dossier_id=old.id, text=NOTE))
        current = vault.records.save(Dossier(family_name="Bleibtda", given_names="Bruno"))
    save_analysis(vault, old.id, {"health_notes": HEALTH, "school_years": 8})
    return old.id, current.id


@pytest.fixture
def filled(unlocked_ctx: GuiContext) -> tuple[GuiContext, str, str]:
    old, current = _fill(unlocked_ctx.require_vault(), unlocked_ctx.today())
    return unlocked_ctx, old, current


def _open_dialog(ctx: GuiContext, qtbot: QtBot) -> RetentionDialog:
    dialog = RetentionDialog(ctx)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10000)
    return dialog


def _select(dialog: RetentionDialog, dossier_id: str) -> None:
    row = [e.dossier_id for e in dialog.entries].index(dossier_id)
    dialog.table.selectRow(row)
    assert dialog.selected_entry() is not None
    assert dialog.selected_entry().dossier_id == dossier_id  # type: ignore[union-attr]


def _table_text(dialog: RetentionDialog) -> str:
    return " ".join(
        dialog.table.item(r, c).text()
        for r in range(dialog.table.rowCount())
        for c in range(dialog.table.columnCount())
    )


def test_a_closed_dossier_past_retention_is_queued_without_its_name(
    filled: tuple[GuiContext, str, str], qtbot: QtBot
) -> None:
    ctx, old, current = filled
    dialog = _open_dialog(ctx, qtbot)
    ids = [e.dossier_id for e in dialog.entries]
    assert old in ids and current not in ids
    text = _table_text(dialog)
    assert old[:8] in text and "10.01.2021" in text and "10.01.2024" in text
    assert "retention period over" in text
    assert FAMILY not in text and GIVEN not in text
    # A longer retention period takes it off the list.
    dialog.years.setValue(10)
    dialog.save_years()
    qtbot.waitUntil(lambda: not dialog.busy and old not in [e.dossier_id for e in dialog.entries])
    assert "10 years" in dialog.status.text()
    assert dialog.empty.isVisibleTo(dialog) or dialog.entries


def test_deleting_from_the_page_removes_the_person_from_the_vault_file(
    filled: tuple[GuiContext, str, str], answers: ScriptedAnswerer, qtbot: QtBot
) -> None:
    ctx, old, current = filled
    vault = ctx.require_vault()
    dialog = _open_dialog(ctx, qtbot)
    _select(dialog, old)
    answers.queue(Kind.QUESTION, False)
    assert dialog.delete_selected() is None  # "no" leaves everything
    assert vault.records.dossier(old).family_name == FAMILY
    answers.queue(Kind.QUESTION, True)
    assert dialog.delete_selected() is not None
    assert not dialog.delete_button.isEnabled()  # no second click while the worker runs
    qtbot.waitUntil(lambda: not dialog.busy and old not in [e.dossier_id for e in dialog.entries])
    question = [r for r in answers.asked if r.kind is Kind.QUESTION][-1]
    assert "cannot be undone" in question.text and FAMILY not in question.text
    assert "deleted for good" in dialog.status.text()
    with pytest.raises(NotFound):
        vault.records.dossier(old)
    assert vault.records.dossier(current).family_name == "Bleibtda"
    assert old not in [e.dossier_id for e in deletion_queue(vault, ctx.today())]
    key, path = vault._data_key, vault.path
    ctx.lock()
    plain, raw = decrypted_pages(path, key), path.read_bytes()
    assert b"Bleibtda" in plain  # the scanner sees what stays
    for secret in (FAMILY, GIVEN, NOTE, HEALTH, old):
        assert secret.encode() not in plain and secret.encode() not in raw, secret


def test_delete_all_due_runs_one_after_the_other(
    filled: tuple[GuiContext, str, str], answers: ScriptedAnswerer, qtbot: QtBot
) -> None:
    ctx, old, _ = filled
    vault = ctx.require_vault()
    extra = vault.records.save(
        Dossier(family_name="Zweitalt", opened_on=date(2018, 1, 1), closed_on=date(2019, 2, 1))
    )
    dialog = _open_dialog(ctx, qtbot)
    due = [e.dossier_id for e in dialog.entries]
    assert {old, extra.id} <= set(due)
    answers.queue(Kind.QUESTION, True)
    dialog.delete_all()
    qtbot.waitUntil(lambda: not dialog.busy and not dialog.entries, timeout=20000)
    assert dialog.progress.maximum() == len(due)
    assert deletion_queue(vault, ctx.today()) == []
    assert dialog.empty.isVisibleTo(dialog) and not dialog.delete_all_button.isEnabled()


def test_anonymising_keeps_the_monitoring_figures(
    filled: tuple[GuiContext, str, str], answers: ScriptedAnswerer, qtbot: QtBot
) -> None:
    ctx, old, _ = filled
    vault = ctx.require_vault()
    before = collect(vault, ctx.today())
    dialog = _open_dialog(ctx, qtbot)
    _select(dialog, old)
    answers.queue(Kind.QUESTION, True)
    assert dialog.anonymise_selected() is not None
    qtbot.waitUntil(lambda: not dialog.busy and old not in [e.dossier_id for e in dialog.entries])
    assert is_anonymised(vault, old)
    assert vault.records.dossier(old).family_name == "N. N."
    after = collect(vault, ctx.today())
    # Everybody is still counted; a lone anonymised dossier may have its birth date and
    # district generalised away (k-anonymity), so only the totals stay exactly the same.
    assert [sum(d.counts) for d in after.distributions] == [
        sum(d.counts) for d in before.distributions
    ]
    assert after.distributions[0].counts == before.distributions[0].counts
    assert [(s.kind, s.counts) for s in after.steps] == [(s.kind, s.counts) for s in before.steps]
    key, path = vault._data_key, vault.path
    ctx.lock()
    plain = decrypted_pages(path, key)
    for secret in (FAMILY, GIVEN, NOTE, HEALTH):
        assert secret.encode() not in plain, secret


def test_everything_we_hold_writes_the_copy_and_the_record(
    filled: tuple[GuiContext, str, str], answers: ScriptedAnswerer, qtbot: QtBot, tmp_path: Path
) -> None:
    ctx, old, _ = filled
    pin_none()
    view = DossierView(ctx)
    qtbot.addWidget(view)
    view.open_dossier(old)
    assert view.subject_access_action.text() == "Everything we hold (Art. 15)…"
    assert view.print_analysis_action.text() == "Potential analysis (bilingual)…"
    answers.queue(Kind.SAVE_FILE, None)
    assert view.export_everything() is None  # cancelled: nothing written
    target = tmp_path / "auskunft"
    answers.queue(Kind.SAVE_FILE, str(target))
    task = export_everything(ctx, old, view, library=ContentLibrary(tmp_path / "content"))
    assert task is not None
    qtbot.waitUntil(lambda: task.finished.is_set() and not ctx.runner.busy, timeout=30000)
    pdf, record = tmp_path / "auskunft.pdf", tmp_path / "auskunft.json"
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == [record.name, pdf.name]
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert FAMILY in text and "Potenzialanalyse" in text and HEALTH in text
    data = json.loads(record.read_text("utf-8"))
    assert data["format"] == "willkommensordner-subject-access"
    assert data["dossier"]["family_name"] == FAMILY
    assert [n["text"] for n in data["parts"]["note"]] == [NOTE]
    info = answers.messages(Kind.INFO)[-1]
    assert "auskunft.pdf" in info.text and "auskunft.json" in info.text


def test_analysis_print_preview_leaves_health_out(
    filled: tuple[GuiContext, str, str], qtbot: QtBot
) -> None:
    ctx, old, _ = filled
    pin_none()
    view = DossierView(ctx)
    qtbot.addWidget(view)
    view.open_dossier(old)
    preview = view.print_document("analysis")
    assert preview is not None
    qtbot.addWidget(preview)
    qtbot.waitUntil(lambda: preview.page_count() > 0, timeout=20000)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(preview.pdf)).pages)
    assert "Potenzialanalyse" in text and "Pangolin" not in text
    blank = view.print_document("questionnaire")
    assert blank is not None
    qtbot.addWidget(blank)
    qtbot.waitUntil(lambda: blank.page_count() > 0, timeout=20000)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(blank.pdf)).pages)
    assert "Lesen und Schreiben" in text and FAMILY not in text


def test_monitoring_dialog_writes_a_csv_without_personal_values(
    unlocked_ctx: GuiContext, answers: ScriptedAnswerer, qtbot: QtBot, tmp_path: Path
) -> None:
    vault = unlocked_ctx.require_vault()
    people = list(itertools.islice(generate(40, seed=5, today=unlocked_ctx.today()), 40))
    with vault.db.transaction():
        for person in people:
            for record in person.records():
                vault.records.save(record)
    dialog = MonitoringDialog(unlocked_ctx)
    qtbot.addWidget(dialog)
    assert '"<5"' in dialog.explanation.text()
    dialog.csv_check.setChecked(False)
    assert dialog.export() is None and "Tick CSV, PDF or both" in dialog.error.text()
    target = tmp_path / "figures"
    answers.queue(Kind.SAVE_FILE, str(target))
    dialog._choose(dialog.csv_path, dialog.csv_check, "m.csv", "CSV (*.csv)")
    assert dialog.csv_check.isChecked() and dialog.csv_path.text() == str(target)
    dialog.pdf_path.setText(str(tmp_path / "figures.pdf"))
    dialog.pdf_check.setChecked(True)
    assert dialog.export() is not None
    qtbot.waitUntil(lambda: not dialog.busy, timeout=30000)
    assert "figures.csv" in dialog.status.text() and "figures.pdf" in dialog.status.text()
    raw = (tmp_path / "figures.csv").read_text("utf-8-sig")
    rows = list(csv.reader(raw.splitlines(), delimiter=";"))
    assert rows[0] == ["table", "key", "label", "column", "value"] and len(rows) > 20
    personal = set()
    for person in people:
        d = person.dossier
        personal |= {d.family_name, d.given_names, d.native_name, d.phone, d.email, d.street}
        personal |= {d.id, str(d.birth_date) if d.birth_date else ""}
    personal = {p for p in personal if p and len(p) > 3}
    assert personal
    for value in personal:
        assert value not in raw, value
    assert PdfReader(tmp_path / "figures.pdf").pages


def test_a_dossier_deleted_meanwhile_gives_a_calm_message(
    filled: tuple[GuiContext, str, str], answers: ScriptedAnswerer, qtbot: QtBot
) -> None:
    ctx, old, _ = filled
    dialog = _open_dialog(ctx, qtbot)
    _select(dialog, old)
    purge(ctx.require_vault(), old)  # e.g. from the command line, while the list was open
    answers.queue(Kind.QUESTION, True)
    dialog.delete_selected()
    qtbot.waitUntil(lambda: not dialog.busy and old not in [e.dossier_id for e in dialog.entries])
    [error] = answers.messages(Kind.ERROR)
    assert "There is no dossier with the id" in error.text
    assert not dialog.progress.isVisible()


def test_monitoring_export_to_a_missing_folder_says_so(
    unlocked_ctx: GuiContext, qtbot: QtBot, tmp_path: Path
) -> None:
    dialog = MonitoringDialog(unlocked_ctx)
    qtbot.addWidget(dialog)
    dialog.csv_path.setText(str(tmp_path / "missing" / "figures.csv"))
    assert dialog.export() is None
    assert dialog.error.text() == "The output folder does not exist."
    assert not (tmp_path / "missing").exists()


def test_the_queue_opens_a_dossier_to_see_whose_it_is(
    filled: tuple[GuiContext, str, str], answers: ScriptedAnswerer, qtbot: QtBot, qapp: Any
) -> None:
    from willkommensordner.gui.main_window import MainWindow, Page

    ctx, old, _current = filled
    ctx.lock()
    window = MainWindow(ctx, qapp)
    qtbot.addWidget(window)
    window.show()
    window.unlock_view.passphrase.setText("Tee mit Minze am Montag 42")  # tests.gui_support's
    window.unlock_view.try_unlock()
    qtbot.waitUntil(lambda: window.page is Page.AGENDA, timeout=10_000)

    def look(request: Any) -> int:
        dialog = request.widget
        assert isinstance(dialog, RetentionDialog)
        qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)
        _select(dialog, old)
        dialog.open_button.click()
        return int(dialog.result())

    answers.queue(Kind.DIALOG, look)
    window.act_data_protection.trigger()
    assert window.page is Page.DOSSIER and window.dossier.dossier_id == old
    assert window.dossier.title.text().startswith(FAMILY)
    assert ctx.require_vault().records.dossier(old).family_name == FAMILY  # nothing deleted
