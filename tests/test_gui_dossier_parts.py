"""The smaller tabs: drag and drop of scans, QR code, consents, sensitive notes, household."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from reportlab.pdfgen import canvas

from willkommensordner.domain.agency import Agency
from willkommensordner.domain.appointment import Appointment
from willkommensordner.domain.consent import Consent
from willkommensordner.domain.document import Document
from willkommensordner.domain.dossier import Dossier
from willkommensordner.domain.household import HouseholdMember, HouseholdRole
from willkommensordner.domain.note import Note
from willkommensordner.domain.record import RecordKind
from willkommensordner.exchange.contacts import ContactBook
from willkommensordner.exchange.keys import AgencyIdentity
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.dialogs import DialogRequest, Kind, ScriptedAnswerer
from willkommensordner.gui.dossier.dossier_view import DossierView
from willkommensordner.gui.dossier.timeline_tab import QrDialog
from willkommensordner.vault.author import Author
from willkommensordner.vault.records import RemoteWrite

pytest_plugins = ("tests.gui_support",)

ACCEPT = int(QDialog.DialogCode.Accepted)


@pytest.fixture
def view(qtbot: QtBot, unlocked_ctx: GuiContext) -> DossierView:
    widget = DossierView(unlocked_ctx)
    widget.resize(1100, 760)
    qtbot.addWidget(widget)
    widget.show()
    return widget


@pytest.fixture
def dossier(unlocked_ctx: GuiContext) -> Dossier:
    return unlocked_ctx.require_vault().records.save(
        Dossier(family_name="Petrenko", given_names="Oksana", preferred_language="uk")
    )


def fill(fn: Any) -> Any:
    def answer(request: DialogRequest) -> int:
        fn(request.widget)
        return ACCEPT

    return answer


def test_dropping_a_scan_files_a_new_document(
    qtbot: QtBot,
    view: DossierView,
    dossier: Dossier,
    unlocked_ctx: GuiContext,
    answers: ScriptedAnswerer,
    tmp_path: Path,
) -> None:
    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    pdf.drawString(72, 760, "Meldebescheinigung")
    pdf.save()
    scan = tmp_path / "meldung.pdf"
    scan.write_bytes(out.getvalue())
    view.open_dossier(dossier.id)
    view.show_tab("documents")

    seen: dict[str, Any] = {}

    def dialog(d: Any) -> None:
        seen["pending"] = list(d.pending)
        d.number.setText("M-1")

    answers.queue(Kind.DIALOG, fill(dialog))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(scan))])
    drop = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(view.documents.saved, timeout=5000):
        view.documents.dropEvent(drop)
    assert seen["pending"] == [scan]
    (document,) = unlocked_ctx.require_vault().records.parts(dossier.id, Document)
    assert document.number == "M-1" and document.attachments[0].filename == "meldung.pdf"


def test_qr_dialog_shows_a_code(
    view: DossierView, dossier: Dossier, unlocked_ctx: GuiContext
) -> None:
    appointment = Appointment(
        dossier_id=dossier.id,
        start=datetime(2026, 4, 2, 8, 30),
        agency=Agency.JOBCENTER,
        purpose="Beratung",
    )
    dialog = QrDialog(unlocked_ctx.tr, appointment, unlocked_ctx.tr)
    assert not dialog.image.isNull()
    assert dialog.image.width() == dialog.image.height() > 100
    dialog.deleteLater()


def test_qr_uses_the_newcomers_language_where_a_catalog_exists(
    view: DossierView, dossier: Dossier
) -> None:
    view.open_dossier(dossier.id)
    # Ukrainian has no UI catalog: the UI language is used.
    assert view.timeline.qr_translator().language == "en"


def test_revoke_a_consent(
    view: DossierView, dossier: Dossier, unlocked_ctx: GuiContext, answers: ScriptedAnswerer
) -> None:
    vault = unlocked_ctx.require_vault()
    consent = vault.records.save(
        Consent(
            dossier_id=dossier.id,
            recipient="JMD Musterstadt",
            scope=[RecordKind.DOSSIER],
            given_on=unlocked_ctx.today() - timedelta(days=10),
        )
    )
    view.open_dossier(dossier.id)
    view.consents.select_id(consent.id)
    assert view.consents.model.index(0, 5).data() == "active"
    answers.queue(Kind.QUESTION, True)
    view.consents.revoke_selected()
    assert vault.records.get(Consent, consent.id).revoked_on == unlocked_ctx.today()
    assert view.consents.model.index(0, 5).data().startswith("revoked on")


def test_new_consent_with_scope_and_a_bad_date_stays_open(
    view: DossierView, dossier: Dossier, unlocked_ctx: GuiContext, answers: ScriptedAnswerer
) -> None:
    view.open_dossier(dossier.id)

    def bad(d: Any) -> None:
        d.recipient.setText("Jobcenter")
        d.valid_until.set_text("1.1.")
        for kind, check in d.scope.items():
            check.setChecked(kind in (RecordKind.DOSSIER, RecordKind.DOCUMENT))
        d.accept()  # OK with a bad date: the dialog refuses and shows the message
        assert "not a date" in d.form.problem_text("valid_until")
        d.valid_until.set_text("31.12.2026")

    answers.queue(Kind.DIALOG, fill(bad))
    view.consents.add()
    (consent,) = unlocked_ctx.require_vault().records.parts(dossier.id, Consent)
    assert consent.scope == [RecordKind.DOSSIER, RecordKind.DOCUMENT]
    assert consent.valid_until == date(2026, 12, 31)
    assert not consent.special_categories  # never ticked for the counsellor

    def art9(d: Any) -> None:
        assert not d.special.isChecked()
        d.special.setChecked(True)

    view.consents.select_id(consent.id)
    answers.queue(Kind.DIALOG, fill(art9))
    view.consents.edit_selected()
    stored = unlocked_ctx.require_vault().records.get(Consent, consent.id)
    assert stored.special_categories


def test_sensitive_note_is_not_previewed(
    view: DossierView, dossier: Dossier, unlocked_ctx: GuiContext, answers: ScriptedAnswerer
) -> None:
    view.open_dossier(dossier.id)

    def write(d: Any) -> None:
        d.title.setText("Arzt")
        d.text.setPlainText("Diabetes, Insulin")
        d.sensitive.setChecked(True)

    answers.queue(Kind.DIALOG, fill(write))
    view.notes.add()
    (note,) = unlocked_ctx.require_vault().records.parts(dossier.id, Note)
    assert note.sensitive and note.text == "Diabetes, Insulin"
    shown = [view.notes.model.index(0, c).data() for c in range(4)]
    assert "Diabetes" not in " ".join(shown)
    assert "sensitive" in shown[3]


def test_household_member_linked_to_another_dossier(
    view: DossierView, dossier: Dossier, unlocked_ctx: GuiContext, answers: ScriptedAnswerer
) -> None:
    vault = unlocked_ctx.require_vault()
    son = vault.records.save(Dossier(family_name="Petrenko", given_names="Andrij"))
    view.open_dossier(dossier.id)

    def member(d: Any) -> None:
        d.role.set_value(HouseholdRole.CHILD)
        d.given_names.setText("Andrij")
        d.birth_date.set_text("00.00.2012")
        d.linked.setCurrentIndex(d.linked_ids.index(son.id))

    answers.queue(Kind.DIALOG, fill(member))
    view.person.add_member()
    (stored,) = vault.records.parts(dossier.id, HouseholdMember)
    assert stored.linked_dossier_id == son.id and stored.birth_date is not None
    assert stored.birth_date.german() == "00.00.2012"
    assert view.person.household_model.index(0, 4).data() == "linked"
    assert not view.has_unsaved_changes()  # a household save is no person-form change


def test_delete_key_asks_then_removes_and_open_on_a_tab(
    qtbot: QtBot,
    view: DossierView,
    dossier: Dossier,
    unlocked_ctx: GuiContext,
    answers: ScriptedAnswerer,
) -> None:
    vault = unlocked_ctx.require_vault()
    note = vault.records.save(Note(dossier_id=dossier.id, title="Kurz", text="Anruf"))
    view.open_dossier(dossier.id, tab="notes")
    assert view.current_tab_name() == "notes"
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    view.notes.select_id(note.id)
    view.notes.table.setFocus()
    answers.queue(Kind.QUESTION, False)
    qtbot.keyClick(view.notes.table, Qt.Key.Key_Delete)
    assert vault.records.parts(dossier.id, Note) == [note]
    answers.queue(Kind.QUESTION, True)
    qtbot.keyClick(view.notes.table, Qt.Key.Key_Delete)
    assert vault.records.parts(dossier.id, Note) == []
    assert view.notes.model.rowCount() == 0


def test_history_names_every_record_kind(view: DossierView, dossier: Dossier) -> None:
    from willkommensordner.gui.dossier.labels import kind_label
    from willkommensordner.i18n import translator

    tr = translator("en")
    names = {kind: kind_label(kind, tr) for kind in RecordKind}
    assert names[RecordKind.APPOINTMENT] == "Appointment"
    assert all(names.values())


def test_appointment_from_a_contact_point(
    qtbot: QtBot, view: DossierView, dossier: Dossier, unlocked_ctx: GuiContext
) -> None:
    from willkommensordner.content.model import Address, ContactPoint
    from willkommensordner.gui.dossier.timeline_tab import AppointmentDialog

    abh = ContactPoint(
        id="testdorf-abh",
        name="Ausländerbehörde Testdorf",
        kind="auslaenderbehoerde",
        address=Address(street="Am Markt 1", postcode="12345", city="Testdorf"),
    )
    start = Appointment(dossier_id=dossier.id, start=datetime(2026, 4, 1, 9, 0))
    dialog = AppointmentDialog(unlocked_ctx.tr, "New appointment", start, [abh])
    dialog.contact.setCurrentIndex(1)
    assert dialog.agency.value() is Agency.AUSLAENDERBEHOERDE
    assert dialog.place.text() == "Am Markt 1, 12345 Testdorf"
    record = dialog.build()
    assert record.contact_point_id == "testdorf-abh"
    assert record.agency_name == "Ausländerbehörde Testdorf"
    dialog.deleteLater()

    # The tab reads the installed content packs' contact points in the background.
    view.open_dossier(dossier.id)
    assert view.timeline.contacts is None  # not read before the timeline is shown
    view.show_tab("timeline")
    qtbot.waitUntil(lambda: view.timeline.contacts is not None, timeout=10000)
    assert all(isinstance(c, ContactPoint) for c in view.timeline.contacts or [])


def test_a_consent_is_tied_to_the_chosen_partner_and_a_partners_consent_is_information(
    view: DossierView, dossier: Dossier, unlocked_ctx: GuiContext, answers: ScriptedAnswerer
) -> None:
    vault = unlocked_ctx.require_vault()
    partner = ContactBook(vault.db).add("Jobcenter Herne", AgencyIdentity.generate().public)
    view.open_dossier(dossier.id)

    def choose(d: Any) -> None:
        d.recipient.setText("jobcenter herne")  # as the completer offers it, case aside
        d.accept()

    answers.queue(Kind.DIALOG, fill(choose))
    view.consents.add()
    (consent,) = vault.records.parts(dossier.id, Consent)
    assert consent.recipient_contact_id == partner.id
    # A consent that came with a partner's file is shown as what the partner says.
    said = Consent(
        dossier_id=dossier.id,
        recipient="Jobcenter Herne",
        recipient_contact_id=partner.id,
        given_on=date(2025, 3, 1),
    )
    vault.records.apply_remote(
        [
            RemoteWrite(
                RecordKind.CONSENT,
                said.id,
                dossier.id,
                said.body(),
                "2025-03-01T10:00:00+00:00",
                "2025-03-01T10:00:00+00:00",
                Author("", "Sozialamt Herne", "partner-device"),
                {"partner-device": 1},
                False,
            )
        ]
    )
    view.open_dossier(dossier.id)
    states = [view.consents.model.index(row, 5).data() for row in range(2)]
    assert "Sozialamt Herne says: given on 01.03.2025 (information only)" in states
    assert "active" in states


def test_consent_form_printed_from_the_consents_tab_and_the_signed_scan_attached(
    view: DossierView,
    dossier: Dossier,
    unlocked_ctx: GuiContext,
    answers: ScriptedAnswerer,
    qtbot: QtBot,
    tmp_path: Path,
) -> None:
    vault = unlocked_ctx.require_vault()
    consent = vault.records.save(
        Consent(
            dossier_id=dossier.id,
            recipient="JMD Musterstadt",
            scope=[RecordKind.DOSSIER],
            given_on=unlocked_ctx.today(),
            special_categories=True,
        )
    )
    view.open_dossier(dossier.id)
    view.consents.select_id(consent.id)
    preview = view.consents.print_form()
    assert preview is not None
    qtbot.waitUntil(lambda: preview.pdf.startswith(b"%PDF"), timeout=20000)
    preview.close()
    scan = tmp_path / "unterschrieben.pdf"
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, "unterschrieben")
    page.save()
    scan.write_bytes(buffer.getvalue())
    answers.queue(Kind.OPEN_FILE, scan)
    view.consents.attach_signed_form()
    stored = vault.records.get(Consent, consent.id)
    assert stored.form is not None
    assert vault.attachments.read(stored.form.sha256) == scan.read_bytes()
