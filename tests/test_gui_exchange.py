"""The exchange screens over real vaults: our key, partners, export A → B, import into B.

Two agencies, each with its own GUI context, vault file and scripted dialog answers; the
files between them are real age-encrypted exports.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog

from tests.exchange_forge import open_export, seal, tar_bytes
from tests.exchange_support import add_document_with_scan, add_note, full_state, live_state
from tests.gui_support import GUI_KDF, GUI_PASSPHRASE
from willkommensordner.domain.consent import Consent
from willkommensordner.domain.dossier import Dossier
from willkommensordner.domain.note import Note
from willkommensordner.domain.record import RecordKind
from willkommensordner.exchange.contacts import Contact, ContactBook
from willkommensordner.exchange.keys import AgencyIdentity, PublicIdentity
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.dialogs import DialogRequest, Kind, ScriptedAnswerer
from willkommensordner.gui.exchange.export_dialog import ExportDialog
from willkommensordner.gui.exchange.identity_dialog import IdentityDialog
from willkommensordner.gui.exchange.import_flow import ApplyingDialog, ImportFlow
from willkommensordner.gui.exchange.import_preview import FilePassphraseDialog, ImportPreviewDialog
from willkommensordner.gui.exchange.partners import (
    AddPartnerDialog,
    PartnersDialog,
    VerifyPartnerDialog,
)
from willkommensordner.gui.main_window import MainWindow, Page
from willkommensordner.guidance.analysis import current_analysis, save_analysis
from willkommensordner.i18n import translator
from willkommensordner.privacy.retention import purge
from willkommensordner.vault.vault import Vault

pytest_plugins = ("tests.gui_support",)

Accepted = QDialog.DialogCode.Accepted.value
Rejected = QDialog.DialogCode.Rejected.value


class Agency:
    """One side of the exchange: a GUI context with its own vault and dialog answers."""

    def __init__(self, ctx: GuiContext, answers: ScriptedAnswerer) -> None:
        self.ctx = ctx
        self.answers = answers

    @property
    def vault(self) -> Vault:
        return self.ctx.require_vault()

    @property
    def public(self) -> PublicIdentity:
        return AgencyIdentity.load_or_create(self.vault.db).public

    def add_partner(self, other: Agency, *, verified: bool = True) -> Contact:
        return ContactBook(self.vault.db).add(
            other.vault.author.agency, other.public, verified=verified
        )

    def errors(self) -> list[str]:
        return [r.text for r in self.answers.messages(Kind.ERROR)]


@pytest.fixture
def a(unlocked_ctx: GuiContext, answers: ScriptedAnswerer) -> Agency:
    return Agency(unlocked_ctx, answers)


@pytest.fixture
def b(qapp: QApplication, tmp_path: Path) -> Iterator[Agency]:
    answers = ScriptedAnswerer()
    ctx = GuiContext.create(
        translator("en"),
        settings_path=tmp_path / "b" / "config" / "settings.json",
        vault_path=tmp_path / "b" / "data" / "vault.wko",
        answerer=answers,
        kdf=GUI_KDF,
    )
    vault, _key = Vault.create(
        ctx.vault_path, GUI_PASSPHRASE, counsellor="Jonas Muster", agency="Diakonie", kdf=GUI_KDF
    )
    ctx.set_vault(vault)
    yield Agency(ctx, answers)
    ctx.runner.wait_idle(5000)
    if ctx.vault is not None:
        ctx.lock()


def dossier_with_consent(a: Agency, partner: Contact | None, **names: str) -> Dossier:
    dossier = a.vault.records.save(
        Dossier(
            family_name=names.get("family", "Haddad"),
            given_names=names.get("given", "Rana"),
            city="Herne",
        )
    )
    if partner is not None:
        a.vault.records.save(
            Consent(
                dossier_id=dossier.id,
                recipient=partner.name,
                recipient_contact_id=partner.id,
                purpose="Übergabe an die Beratungsstelle",
                scope=list(RecordKind),
                given_on=a.ctx.today(),
            )
        )
    return dossier


def export_through_dialog(
    qtbot: Any, a: Agency, dossier_id: str, out: Path, partner: str = "Diakonie"
) -> ExportDialog:
    dialog = ExportDialog(a.ctx, dossier_id)
    qtbot.addWidget(dialog)
    assert dialog.this_one.isChecked()
    dialog.check_partner(partner)
    a.answers.queue(Kind.SAVE_FILE, str(out))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: dialog.result_ is not None or bool(a.errors()), timeout=20_000)
    assert not a.errors()
    return dialog


def run_import(qtbot: Any, b: Agency, path: Path) -> ImportFlow:
    flow = ImportFlow(b.ctx)
    b.answers.queue(Kind.OPEN_FILE, str(path))
    flow.run()
    qtbot.waitUntil(lambda: not flow.running, timeout=20_000)
    b.ctx.runner.wait_idle(5000)
    return flow


def preview_answer(seen: list[dict[str, str]], result: int) -> Callable[[DialogRequest], int]:
    """Answers the preview dialog: notes the counts it shows and the vault's state then."""

    def answer(request: DialogRequest) -> int:
        dialog = request.widget
        assert isinstance(dialog, ImportPreviewDialog)
        seen.append({key: label.text() for key, label in dialog.counts.items()})
        seen[-1]["sender"] = f"{dialog.sender_label.text()} {dialog.state_label.text()}"
        return result

    return answer


def names_in(vault: Vault) -> set[str]:
    return {f"{s.family_name}, {s.given_names}" for s in vault.summaries()}


# --- our key -----------------------------------------------------------------------------------


def test_identity_shows_the_fingerprint_key_qr_and_saves_the_key_file(
    qtbot: Any, a: Agency, tmp_path: Path
) -> None:
    dialog = IdentityDialog(a.ctx)
    qtbot.addWidget(dialog)
    public = AgencyIdentity.load_or_create(a.vault.db).public
    assert dialog.fingerprint.text() == public.fingerprint
    assert len(dialog.fingerprint.text().split()) == 6  # groups for reading aloud
    assert dialog.key_text.toPlainText() == public.text
    assert dialog.agency_label.text() == "Caritas"
    pixmap = dialog.qr.pixmap()
    assert not pixmap.isNull() and pixmap.width() >= 100
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == public.text
    out = tmp_path / "keys" / "caritas.wkokey"
    out.parent.mkdir()
    a.answers.queue(Kind.SAVE_FILE, str(out))
    dialog.save_button.click()
    assert PublicIdentity.from_file_text(out.read_text(encoding="utf-8")) == public
    assert "# agency: Caritas" in out.read_text(encoding="utf-8")
    # The same key every time: it was made once and kept in the vault.
    again = IdentityDialog(a.ctx)
    qtbot.addWidget(again)
    assert again.fingerprint.text() == public.fingerprint


# --- partners ----------------------------------------------------------------------------------


def test_add_a_partner_from_a_key_file_compare_and_verify_then_remove(
    qtbot: Any, a: Agency, b: Agency, tmp_path: Path
) -> None:
    key_file = tmp_path / "diakonie.wkokey"
    key_file.write_text(b.public.file_text("Diakonie"), encoding="utf-8")
    dialog = PartnersDialog(a.ctx)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 0
    compared: list[str] = []

    def add(request: DialogRequest) -> int:
        add_dialog = request.widget
        assert isinstance(add_dialog, AddPartnerDialog)
        a.answers.queue(Kind.OPEN_FILE, str(key_file))
        add_dialog.from_file.click()
        assert add_dialog.key.toPlainText() == b.public.text
        assert add_dialog.name.text() == "Diakonie"  # taken from the file's comment
        add_dialog.buttons.accepted.emit()
        return add_dialog.result()

    def verify(request: DialogRequest) -> int:
        verify_dialog = request.widget
        assert isinstance(verify_dialog, VerifyPartnerDialog)
        compared.append(verify_dialog.fingerprint.text())
        return Accepted

    a.answers.queue(Kind.DIALOG, add)
    a.answers.queue(Kind.DIALOG, verify)
    dialog.add_button.click()
    assert compared == [b.public.fingerprint]
    assert dialog.model.rowCount() == 1
    row = [dialog.model.index(0, c).data() for c in range(3)]
    assert row == ["Diakonie", b.public.fingerprint, "verified"]
    contact = ContactBook(a.vault.db).get("Diakonie")
    assert contact.verified and contact.public == b.public
    assert not dialog.verify_button.isEnabled()  # nothing left to verify

    a.answers.queue(Kind.QUESTION, False)
    dialog.remove_button.click()
    assert dialog.model.rowCount() == 1
    a.answers.queue(Kind.QUESTION, True)
    dialog.remove_button.click()
    assert dialog.model.rowCount() == 0 and ContactBook(a.vault.db).all() == []


def test_pasted_key_not_verified_until_compared_and_bad_keys_refused(
    qtbot: Any, a: Agency, b: Agency, qtmodeltester: Any
) -> None:
    dialog = PartnersDialog(a.ctx)
    qtbot.addWidget(dialog)
    shown: list[str] = []

    def add(key: str, name: str) -> Callable[[DialogRequest], int]:
        def answer(request: DialogRequest) -> int:
            add_dialog = request.widget
            assert isinstance(add_dialog, AddPartnerDialog)
            add_dialog.name.setText(name)
            add_dialog.key.setPlainText(key)
            add_dialog.buttons.accepted.emit()
            shown.append(add_dialog.message.text())
            return add_dialog.result()

        return answer

    a.answers.queue(Kind.DIALOG, add("wko1:nonsense:abc", "Diakonie"))
    dialog.add_button.click()
    assert "not a valid agency key" in shown[-1]
    assert dialog.model.rowCount() == 0

    a.answers.queue(Kind.DIALOG, add(b.public.text, "Diakonie"))
    a.answers.queue(Kind.DIALOG, Rejected)  # the fingerprint is not compared yet
    dialog.add_button.click()
    assert dialog.model.index(0, 2).data() == "not verified"
    assert not ContactBook(a.vault.db).get("Diakonie").verified
    assert dialog.verify_button.isEnabled()
    qtmodeltester.check(dialog.model)

    a.answers.queue(Kind.DIALOG, add(b.public.text, "Noch einmal"))
    dialog.add_button.click()
    assert "already in the address book" in shown[-1]

    a.answers.queue(Kind.DIALOG, Accepted)
    dialog.verify_button.click()
    assert ContactBook(a.vault.db).get("Diakonie").verified
    assert dialog.model.index(0, 2).data() == "verified"


# --- export A → B, import in B -----------------------------------------------------------------


def test_export_to_a_partner_and_import_there_through_the_dialogs(
    qtbot: Any, a: Agency, b: Agency, tmp_path: Path, qapp: QApplication
) -> None:
    b_in_a = a.add_partner(b)
    b.add_partner(a)
    dossier = dossier_with_consent(a, b_in_a)
    add_document_with_scan(a.vault, dossier.id)
    add_note(a.vault, dossier.id, "Gesundheit: nur intern", sensitive=True)
    save_analysis(a.vault, dossier.id, {"school_years": 9, "health_notes": "Rückenleiden"})
    out = tmp_path / "out" / "handover.wkox"
    out.parent.mkdir()

    dialog = export_through_dialog(qtbot, a, dossier.id, out)
    result = dialog.result_
    assert result is not None and result.dossiers == 1 and result.attachments == 1
    assert out.read_bytes().startswith(b"age-encryption.org/v1\n")
    suggested = next(r for r in a.answers.asked if r.kind is Kind.SAVE_FILE).options["suggested"]
    assert suggested.startswith("wko-export-") and "Haddad" not in suggested
    assert [m.title for m in a.answers.messages(Kind.INFO)] == ["Export written"]
    assert dialog.result() == Accepted

    # B's main window is open on the dossier list: it shows the new dossier after the import.
    b.ctx.lock()
    window = MainWindow(b.ctx, qapp)
    qtbot.addWidget(window)
    window.show()
    window.unlock_view.passphrase.setText(GUI_PASSPHRASE)
    window.unlock_view.try_unlock()
    qtbot.waitUntil(lambda: window.page is Page.AGENDA, timeout=10_000)
    window.show_list()
    seen: list[dict[str, str]] = []
    b.answers.queue(Kind.OPEN_FILE, str(out))
    b.answers.queue(Kind.DIALOG, preview_answer(seen, Accepted))
    window.exchange.import_action.trigger()
    qtbot.waitUntil(lambda: not window.exchange.import_flow.running, timeout=20_000)
    assert b.errors() == []
    assert seen[0]["new_dossiers"] == "1" and seen[0]["conflicts"] == "0"
    assert seen[0]["attachments"] == "1"
    assert seen[0]["sender"].endswith("Verified partner agency.")
    assert a.public.fingerprint in seen[0]["sender"]
    assert names_in(b.vault) == {"Haddad, Rana"}
    assert live_state(b.vault).keys() == live_state(a.vault).keys() - {
        ("note", n.id) for n in a.vault.records.bundle(dossier.id).notes
    }  # everything but the sensitive note
    analysis = current_analysis(b.vault, dossier.id)  # without the health answer
    assert analysis is not None and analysis.answers == {"school_years": 9}
    assert analysis.withheld == ["health_notes"]
    assert b.vault.db.scalar("SELECT count(*) FROM blob") == 1
    assert [m.title for m in b.answers.messages(Kind.INFO)] == ["Import done"]
    backups = list((b.ctx.vault_path.parent / "backups").glob("backup-*.wkob"))
    assert len(backups) == 1  # made before the import
    qtbot.waitUntil(lambda: window.dossiers.model.rowCount() == 1, timeout=10_000)
    assert not [
        w for w in qapp.topLevelWidgets() if isinstance(w, ApplyingDialog) and w.isVisible()
    ]


def test_export_without_consent_explains_and_needs_a_written_reason(
    qtbot: Any, a: Agency, b: Agency, tmp_path: Path
) -> None:
    partner = a.add_partner(b)
    dossier = dossier_with_consent(a, None)
    add_document_with_scan(a.vault, dossier.id)
    # A consent that covers the person only: the document is what is missing.
    a.vault.records.save(
        Consent(
            dossier_id=dossier.id,
            recipient=partner.name,
            recipient_contact_id=partner.id,
            scope=[RecordKind.DOSSIER],
            given_on=a.ctx.today(),
        )
    )
    out = tmp_path / "blocked.wkox"
    dialog = ExportDialog(a.ctx, dossier.id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.check_partner("Diakonie")
    dialog.export_button.click()
    qtbot.waitUntil(lambda: dialog.block_box.isVisible(), timeout=10_000)
    assert dialog.block_text.text().startswith("1 dossier has no recorded, valid consent")
    assert "Record the consent in the dossier" in dialog.block_text.text()
    assert dialog.block_list.item(0).text() == ("Haddad, Rana — for Diakonie: Consents, Documents")
    assert not [r for r in a.answers.asked if r.kind is Kind.SAVE_FILE]  # nothing asked yet
    assert not out.exists()
    assert not dialog.override_button.isEnabled()
    dialog.reason.setPlainText("eilig")
    assert not dialog.override_button.isEnabled()
    assert dialog.reason_hint.text()
    reason = "Gefahr im Verzug, Einwilligung folgt schriftlich"
    dialog.reason.setPlainText(reason)
    assert dialog.override_button.isEnabled()
    a.answers.queue(Kind.SAVE_FILE, str(out))
    dialog.override_button.click()
    qtbot.waitUntil(lambda: dialog.result_ is not None, timeout=20_000)
    assert out.exists() and dialog.result_.overridden == 1
    info = a.answers.messages(Kind.INFO)[-1].text
    assert "without a matching consent" in info
    overrides = a.vault.db.query(
        "SELECT new FROM audit WHERE dossier_id = ? AND action = 'export_override'", (dossier.id,)
    )
    assert [json.loads(row[0])["reason"] for row in overrides] == [reason]


def test_changing_the_options_after_a_block_checks_again(
    qtbot: Any, a: Agency, b: Agency, tmp_path: Path
) -> None:
    a.add_partner(b)
    dossier = dossier_with_consent(a, None)
    dialog = ExportDialog(a.ctx, dossier.id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.check_partner("Diakonie")
    dialog.export_button.click()
    qtbot.waitUntil(lambda: dialog.block_box.isVisible(), timeout=10_000)
    dialog.scans.setChecked(False)
    assert not dialog.block_box.isVisible() and dialog.export_button.isVisible()


def test_export_needs_a_dossier_and_a_verified_partner(qtbot: Any, a: Agency, b: Agency) -> None:
    a.add_partner(b, verified=False)
    dossier_with_consent(a, None)
    dialog = ExportDialog(a.ctx)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.picker.model.rowCount() == 1, timeout=10_000)
    dialog.export_button.click()
    assert dialog.message.text() == "Choose at least one dossier."
    dialog.picker.model.set_checked(dialog.picker.model._rows[0][0])
    dialog.check_partner("Diakonie")  # not verified: cannot be chosen
    dialog.export_button.click()
    assert dialog.message.text() == "Choose at least one verified partner agency."
    dialog.to_passphrase.setChecked(True)
    dialog.passphrase.setText("kurz")
    dialog.export_button.click()
    assert "at least 8 characters" in dialog.message.text()


def test_passphrase_export_and_import_asks_again_after_a_wrong_passphrase(
    qtbot: Any, a: Agency, b: Agency, tmp_path: Path
) -> None:
    b_in_a = a.add_partner(b)
    b.add_partner(a)
    dossier = dossier_with_consent(a, b_in_a)
    out = tmp_path / "pw.wkox"
    dialog = ExportDialog(a.ctx, dossier.id)
    qtbot.addWidget(dialog)
    dialog.to_passphrase.setChecked(True)
    dialog.for_partner.setCurrentIndex(dialog.for_partner.findText("Diakonie"))
    dialog.passphrase.setText("Sonnenblume am Fenster")
    dialog.passphrase_again.setText("Sonnenblume am Fenster")
    a.answers.queue(Kind.SAVE_FILE, str(out))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: dialog.result_ is not None, timeout=20_000)

    prompts: list[str] = []

    def passphrase(text: str) -> Callable[[DialogRequest], int]:
        def answer(request: DialogRequest) -> int:
            prompt = request.widget
            assert isinstance(prompt, FilePassphraseDialog)
            prompts.append(prompt.message.text())
            prompt.passphrase.setText(text)
            return Accepted

        return answer

    seen: list[dict[str, str]] = []
    b.answers.queue(Kind.DIALOG, passphrase("Sonnenblume im Garten"))
    b.answers.queue(Kind.DIALOG, passphrase("Sonnenblume am Fenster"))
    b.answers.queue(Kind.DIALOG, preview_answer(seen, Accepted))
    run_import(qtbot, b, out)
    assert prompts == ["", "The passphrase for this file is not correct."]
    assert seen[0]["new_dossiers"] == "1"
    assert names_in(b.vault) == {"Haddad, Rana"}


def test_unknown_sender_must_be_confirmed(qtbot: Any, a: Agency, b: Agency, tmp_path: Path) -> None:
    b_in_a = a.add_partner(b)  # B does not know A
    dossier = dossier_with_consent(a, b_in_a)
    out = tmp_path / "from-unknown.wkox"
    export_through_dialog(qtbot, a, dossier.id, out)
    before = full_state(b.vault)

    b.answers.queue(Kind.QUESTION, False)
    run_import(qtbot, b, out)
    question = [r for r in b.answers.asked if r.kind is Kind.QUESTION][-1]
    assert question.title == "Sender not verified"
    assert a.public.fingerprint in question.text and "not in your partner agencies" in question.text
    assert not [r for r in b.answers.asked if r.kind is Kind.DIALOG]  # no preview shown
    assert full_state(b.vault) == before

    seen: list[dict[str, str]] = []
    b.answers.queue(Kind.QUESTION, True)
    b.answers.queue(Kind.DIALOG, preview_answer(seen, Accepted))
    run_import(qtbot, b, out)
    assert "Unknown sender" in seen[0]["sender"]
    assert names_in(b.vault) == {"Haddad, Rana"}


def test_unverified_partner_is_named_in_the_warning(
    qtbot: Any, a: Agency, b: Agency, tmp_path: Path
) -> None:
    b_in_a = a.add_partner(b)
    b.add_partner(a, verified=False)
    dossier = dossier_with_consent(a, b_in_a)
    out = tmp_path / "unverified.wkox"
    export_through_dialog(qtbot, a, dossier.id, out)
    b.answers.queue(Kind.QUESTION, False)
    run_import(qtbot, b, out)
    question = [r for r in b.answers.asked if r.kind is Kind.QUESTION][-1]
    assert "Caritas" in question.text and "not yet compared" in question.text
    assert names_in(b.vault) == set()


def test_cancelling_the_preview_changes_nothing(
    qtbot: Any, a: Agency, b: Agency, tmp_path: Path
) -> None:
    b_in_a = a.add_partner(b)
    b.add_partner(a)
    dossier = dossier_with_consent(a, b_in_a)
    add_document_with_scan(a.vault, dossier.id)
    out = tmp_path / "preview.wkox"
    export_through_dialog(qtbot, a, dossier.id, out)
    before = full_state(b.vault)
    seen: list[dict[str, str]] = []
    b.answers.queue(Kind.DIALOG, preview_answer(seen, Rejected))
    run_import(qtbot, b, out)
    assert seen == [
        {
            "new_dossiers": "1",
            "new_records": "3",  # dossier, consent, document
            "updated": "0",
            "deleted": "0",
            "conflicts": "0",
            "kept_ours": "0",
            "unchanged": "0",
            "attachments": "1",
            "sender": seen[0]["sender"],
        }
    ]
    assert full_state(b.vault) == before
    assert not (b.ctx.vault_path.parent / "backups").exists()  # no backup without an import
    assert b.answers.messages() == []


def test_tampered_and_damaged_files_are_refused_with_a_clear_message(
    qtbot: Any, a: Agency, b: Agency, tmp_path: Path
) -> None:
    b_in_a = a.add_partner(b)
    b.add_partner(a)
    dossier = dossier_with_consent(a, b_in_a, family="Kovalenko", given="Olena")
    good = tmp_path / "good.wkox"
    export_through_dialog(qtbot, a, dossier.id, good)
    before = full_state(b.vault)
    b_identity = AgencyIdentity.load(b.vault.db)
    assert b_identity is not None

    # Records changed after A signed the file, sealed again for B: the hash gives it away.
    entries = open_export(good, b_identity)
    changed = []
    for name, data in entries:
        if name == "records.json":
            data = data.replace(b"Herne", b"Hagen")
        changed.append((name, data))
    tampered = seal(tar_bytes(changed), b_identity, tmp_path / "tampered.wkox")
    # One flipped byte in the encrypted payload.
    flipped = tmp_path / "flipped.wkox"
    data = bytearray(good.read_bytes())
    data[len(data) // 2] ^= 0x01
    flipped.write_bytes(bytes(data))
    truncated = tmp_path / "truncated.wkox"
    truncated.write_bytes(good.read_bytes()[: len(data) // 2])
    not_an_export = tmp_path / "letter.wkox"
    not_an_export.write_text("Sehr geehrte Damen und Herren", encoding="utf-8")
    # Made for another agency's key.
    c = AgencyIdentity.generate()
    other = seal(tar_bytes(entries), c, tmp_path / "other.wkox")
    # Signed by A for agency X, which passes it on to B, encrypted again.
    from willkommensordner.exchange.exporter import Exporter

    x = ContactBook(a.vault.db).add("AWO Bochum", c.public, verified=True)
    for_x = Exporter(a.vault).export(
        [dossier.id], tmp_path / "x.wkox", recipients=[x], override_reason="telefonisch erteilt"
    )
    forwarded = seal(tar_bytes(open_export(for_x.path, c)), b_identity, tmp_path / "fwd.wkox")

    expected = {
        tampered: "does not match its description",
        flipped: "damaged",
        truncated: "damaged",
        not_an_export: "not an export file",
        other: "not encrypted for this installation's key",
        forwarded: 'is meant for "AWO Bochum"',
    }
    for path, phrase in expected.items():
        run_import(qtbot, b, path)
        error = b.answers.messages(Kind.ERROR)[-1]
        assert error.title == "The file was not imported"
        assert phrase in error.text, (path.name, error.text)
        assert "Kovalenko" not in error.text and "Olena" not in error.text
        assert full_state(b.vault) == before
    assert len(b.answers.messages(Kind.ERROR)) == len(expected)
    assert not [r for r in b.answers.asked if r.kind is Kind.DIALOG]  # never a preview


def test_conflicts_after_import_are_counted_and_handed_to_the_conflict_view(
    qtbot: Any, a: Agency, b: Agency, tmp_path: Path, qapp: QApplication
) -> None:
    b_in_a = a.add_partner(b)
    b.add_partner(a)
    dossier = dossier_with_consent(a, b_in_a)
    first = tmp_path / "first.wkox"
    export_through_dialog(qtbot, a, dossier.id, first)
    b.answers.queue(Kind.DIALOG, Accepted)
    run_import(qtbot, b, first)
    # Both sides change the same field.
    a.vault.records.save(a.vault.records.dossier(dossier.id).model_copy(update={"city": "Bochum"}))
    b.vault.records.save(b.vault.records.dossier(dossier.id).model_copy(update={"city": "Hagen"}))
    second = tmp_path / "second.wkox"
    export_through_dialog(qtbot, a, dossier.id, second)

    b.ctx.lock()
    window = MainWindow(b.ctx, qapp)
    qtbot.addWidget(window)
    window.unlock_view.passphrase.setText(GUI_PASSPHRASE)
    window.unlock_view.try_unlock()
    qtbot.waitUntil(lambda: window.page is Page.AGENDA, timeout=10_000)
    shown: list[int] = []
    window.show_conflicts = lambda: shown.append(1)  # type: ignore[attr-defined]
    seen: list[dict[str, str]] = []
    b.answers.queue(Kind.OPEN_FILE, str(second))
    b.answers.queue(Kind.DIALOG, preview_answer(seen, Accepted))
    with qtbot.waitSignal(window.exchange.conflicts_pending, timeout=20_000) as signal:
        window.exchange.import_action.trigger()
    assert signal.args == [1]
    assert seen[0]["conflicts"] == "1"
    assert "1 conflict(s) to resolve" in b.answers.messages(Kind.INFO)[-1].text
    assert shown == [1]
    assert b.vault.records.dossier(dossier.id).city == "Hagen"  # ours stays until resolved


# --- the main window's hooks -------------------------------------------------------------------


def test_exchange_menu_and_the_dossier_views_export_button(
    qtbot: Any, a: Agency, b: Agency, qapp: QApplication
) -> None:
    a.add_partner(b)
    dossier = dossier_with_consent(a, None, family="Tesfaye", given="Selam")
    a.ctx.lock()
    window = MainWindow(a.ctx, qapp)
    qtbot.addWidget(window)
    window.show()
    assert not window.exchange.action.isEnabled()  # locked
    window.unlock_view.passphrase.setText(GUI_PASSPHRASE)
    window.unlock_view.try_unlock()
    qtbot.waitUntil(lambda: window.page is Page.AGENDA, timeout=10_000)
    assert window.exchange.action in window.toolbar.actions()
    assert window.exchange.action.isEnabled()
    entries = [act.text() for act in window.exchange.menu.actions() if act.text()]
    assert entries == [
        "Our agency &key…",
        "&Partner agencies…",
        "&Export dossiers…",
        "&Import a file…",
    ]
    opened: list[str] = []

    def look(request: DialogRequest) -> int:
        dialog = request.widget
        assert isinstance(dialog, ExportDialog)
        assert dialog.this_one.isChecked()
        opened.append(dialog.this_one.text())
        return Rejected

    window.open_dossier(dossier.id)
    a.answers.queue(Kind.DIALOG, look)
    window.dossier.export_button.click()
    assert opened == ["&This dossier: Tesfaye, Selam"]

    def identity(request: DialogRequest) -> int:
        assert isinstance(request.widget, IdentityDialog)
        opened.append(request.widget.fingerprint.text())
        return Rejected

    a.answers.queue(Kind.DIALOG, identity)
    window.exchange.identity_action.trigger()
    assert opened[-1] == a.public.fingerprint
    a.answers.queue(Kind.DIALOG, lambda r: opened.append(r.widget.windowTitle()) or Rejected)
    window.exchange.partners_action.trigger()
    assert opened[-1] == "Partner agencies"
    window.lock()
    assert not window.exchange.action.isEnabled()


def test_locking_while_the_import_is_written_ends_the_flow(
    qtbot: Any, a: Agency, b: Agency, tmp_path: Path, qapp: QApplication
) -> None:
    b_in_a = a.add_partner(b)
    b.add_partner(a)
    dossier = dossier_with_consent(a, b_in_a)
    out = tmp_path / "lock.wkox"
    export_through_dialog(qtbot, a, dossier.id, out)
    flow = ImportFlow(b.ctx)
    shown: list[ApplyingDialog] = []

    def accept_and_lock(request: DialogRequest) -> int:
        # Lock right after the apply has been handed to the worker.
        def lock_now() -> None:
            shown.extend(
                w for w in qapp.topLevelWidgets() if isinstance(w, ApplyingDialog) and w.isVisible()
            )
            b.ctx.lock()

        QTimer.singleShot(0, lock_now)
        return Accepted

    b.answers.queue(Kind.OPEN_FILE, str(out))
    b.answers.queue(Kind.DIALOG, accept_and_lock)
    flow.run()
    qtbot.waitUntil(lambda: not flow.running, timeout=20_000)
    assert len(shown) == 1
    assert not [
        w for w in qapp.topLevelWidgets() if isinstance(w, ApplyingDialog) and w.isVisible()
    ]
    assert b.answers.messages() == []  # the result was dropped with the lock


def test_locking_closes_the_export_dialog_and_drops_the_names(
    qtbot: Any, a: Agency, b: Agency, tmp_path: Path
) -> None:
    a.add_partner(b)
    dossier = dossier_with_consent(a, None, family="Tesfaye", given="Selam")
    dialog = ExportDialog(a.ctx, dossier.id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.picker.model.rowCount() == 1, timeout=10_000)
    dialog.check_partner("Diakonie")
    dialog.export_button.click()
    qtbot.waitUntil(lambda: dialog.block_box.isVisible(), timeout=10_000)
    a.ctx.lock()
    assert not dialog.isVisible()
    assert dialog.picker.model.rowCount() == 0 and dialog.block_list.count() == 0
    assert "Tesfaye" not in dialog.this_one.text()


def test_a_file_imported_twice_has_nothing_left_to_import(
    qtbot: Any, a: Agency, b: Agency, tmp_path: Path
) -> None:
    b_in_a = a.add_partner(b)
    b.add_partner(a)
    dossier = dossier_with_consent(a, b_in_a)
    out = tmp_path / "twice.wkox"
    export_through_dialog(qtbot, a, dossier.id, out)
    b.answers.queue(Kind.DIALOG, Accepted)
    run_import(qtbot, b, out)
    before = full_state(b.vault)
    enabled: list[bool] = []

    def look(request: DialogRequest) -> int:
        dialog = request.widget
        assert isinstance(dialog, ImportPreviewDialog)
        assert (
            dialog.counts["unchanged"].text() == "2" and dialog.counts["new_records"].text() == "0"
        )
        assert dialog.preview.already_imported
        assert dialog.earlier_note is not None and "imported already" in dialog.earlier_note.text()
        enabled.append(dialog.import_button.isEnabled())
        return Rejected

    b.answers.queue(Kind.DIALOG, look)
    run_import(qtbot, b, out)
    assert enabled == [False]
    assert full_state(b.vault) == before


def test_the_preview_names_dossiers_left_out_because_they_were_deleted_for_good(
    qtbot: Any, a: Agency, b: Agency, tmp_path: Path
) -> None:
    b_in_a = a.add_partner(b)
    b.add_partner(a)
    dossier = dossier_with_consent(a, b_in_a)
    out = tmp_path / "again.wkox"
    export_through_dialog(qtbot, a, dossier.id, out)
    b.answers.queue(Kind.DIALOG, Accepted)
    run_import(qtbot, b, out)
    b.vault.records.delete(RecordKind.DOSSIER, dossier.id)
    purge(b.vault, dossier.id)
    seen: list[dict[str, str]] = []
    b.answers.queue(Kind.DIALOG, preview_answer(seen, Accepted))
    run_import(qtbot, b, out)
    assert seen[0]["erased"] == "1" and seen[0]["new_dossiers"] == "0"
    assert names_in(b.vault) == set()


def test_the_preview_shows_refused_changes_waiting_deletions_and_the_files_claims(
    qtbot: Any, a: Agency, b: Agency, tmp_path: Path
) -> None:
    from tests.exchange_forge import forge, rebuilt, records_of
    from willkommensordner.exchange.exporter import Exporter
    from willkommensordner.exchange.importer import Importer

    b_in_a = a.add_partner(b)
    b.add_partner(a)
    shared = dossier_with_consent(a, b_in_a)
    note = add_note(a.vault, shared.id, "Sprachkurs")
    first = Exporter(a.vault).export([shared.id], tmp_path / "1.wkox", recipients=[b_in_a])
    Importer(b.vault).apply(first.path)
    own = b.vault.records.save(Dossier(family_name="Nasser", given_names="Omar", city="Herne"))
    a.vault.records.delete(RecordKind.NOTE, note.id)
    second = Exporter(a.vault).export([shared.id], tmp_path / "2.wkox", recipients=[b_in_a])
    key_b = AgencyIdentity.load_or_create(b.vault.db)
    entries = open_export(second.path, key_b)
    doc = records_of(entries)
    revision = {**doc["records"][0]["revision"], "version": {b.vault.author.device: 99}}
    body = {**own.body(), "city": "Nirgendwo"}
    doc["records"].append(
        {"kind": "dossier", "id": own.id, "dossier_id": own.id, "body": body, "revision": revision}
    )

    def claim(manifest: dict[str, Any]) -> None:
        manifest["sender"]["agency"] = "Sozialamt X"

    key_a = AgencyIdentity.load_or_create(a.vault.db)
    signed = rebuilt(entries, key_a, records=doc, manifest=claim)
    path = forge(tmp_path / "forged.wkox", signed, key_b)
    shown: dict[str, Any] = {}

    def look(request: DialogRequest) -> int:
        dialog = request.widget
        assert isinstance(dialog, ImportPreviewDialog)
        shown["refused"] = dialog.counts["refused"].text()
        shown["claim"] = dialog.claim_note.text() if dialog.claim_note else ""
        shown["sender"] = dialog.sender_label.text()
        shown["deletions"] = not dialog.accept_deletions.isHidden()
        dialog.accept_deletions.setChecked(True)
        return Accepted

    b.answers.queue(Kind.DIALOG, look)
    run_import(qtbot, b, path)
    assert shown["refused"] == "1" and shown["deletions"]
    assert "Sozialamt X" in shown["claim"] and "Sozialamt X" not in shown["sender"]
    assert b.vault.records.dossier(own.id).city == "Herne"
    assert [n.id for n in b.vault.records.parts(shared.id, Note)] == []  # deletion accepted
    [done] = [m.text for m in b.answers.messages(Kind.INFO)]
    assert "never handed to" in done
