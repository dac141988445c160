"""Pictures of every dossier tab for the README: `render_dossier_tabs(ctx, dossier_id, out)`.

`python -m willkommensordner.gui.dossier.screenshots OUT_DIR` makes a throw-away vault with
fictional demo data and renders docs/screenshots/dossier-<tab>.png from it. The shell's
`gui/screenshots.py` can call `render_dossier_tabs` with its own context and demo dossier.
"""

from __future__ import annotations

import io
import sys
import tempfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

from PySide6.QtCore import QEventLoop, QSize, QTimer
from PySide6.QtWidgets import QApplication

from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.dossier.dossier_view import DossierView

SIZE = QSize(1280, 800)


def render_dossier_tabs(
    ctx: GuiContext, dossier_id: str, out_dir: Path, size: QSize = SIZE
) -> list[Path]:
    """Render each tab of the dossier view into out_dir/dossier-<tab>.png; the paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    view = DossierView(ctx)
    view.resize(size)
    view.open_dossier(dossier_id)
    view.show()
    app = QApplication.instance()
    written: list[Path] = []
    for name in DossierView.TAB_NAMES:
        view.show_tab(name)
        if name == "documents":
            with_scan = [d for d in view.documents.model.rows() if d.attachments]
            if with_scan:
                view.documents.select_id(with_scan[0].id)
        if name == "documents" and view.documents.viewer.showing == "empty":
            # The scan is read and decoded in the background.
            loop = QEventLoop()
            view.documents.viewer.loaded.connect(loop.quit)
            QTimer.singleShot(5000, loop.quit)
            loop.exec()
        if app is not None:
            for _ in range(5):
                app.processEvents()
        target = out_dir / f"dossier-{name}.png"
        view.grab().save(str(target))
        written.append(target)
    view.clear()
    view.deleteLater()
    return written


def _sample_pdf() -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    pdf.setFont("Helvetica-Bold", 15)
    pdf.drawString(72, 760, "Bescheinigung über die Aussetzung der Abschiebung")
    pdf.setFont("Helvetica", 13)
    for i, line in enumerate(
        ("(Duldung) – MUSTER", "Stadt Musterstadt – Ausländerbehörde", "gültig bis: 30.04.2026")
    ):
        pdf.drawString(72, 720 - 22 * i, line)
    pdf.rect(60, 420, 475, 380)
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def demo_dossier(ctx: GuiContext, today: date) -> str:
    """Fill the context's vault with fictional dossiers; the id of a well-filled one."""
    from willkommensordner.domain.agency import Agency
    from willkommensordner.domain.agreed_step import AgreedStep, StepOwner, StepStatus
    from willkommensordner.domain.appointment import Appointment, AppointmentStatus
    from willkommensordner.domain.consent import Consent
    from willkommensordner.domain.demo import generate
    from willkommensordner.domain.document import Document
    from willkommensordner.domain.document_type import DocumentType
    from willkommensordner.domain.dossier import Dossier
    from willkommensordner.domain.household import HouseholdMember, HouseholdRole
    from willkommensordner.domain.language import CefrLevel, LanguageSkill
    from willkommensordner.domain.legal_status import LegalStatus
    from willkommensordner.domain.note import Note
    from willkommensordner.domain.partial_date import PartialDate
    from willkommensordner.domain.record import RecordKind

    vault = ctx.require_vault()
    with vault.db.transaction():
        for person in generate(12, seed=7, today=today):
            for record in person.records():
                vault.records.save(record)
    d = Dossier(
        family_name="Haddad",
        given_names="Mariam",
        native_name="مريم حداد",
        birth_date=PartialDate(1991, None, None),
        birth_place="Aleppo",
        nationalities=["SY"],
        languages=[
            LanguageSkill(language="ar", level=CefrLevel.NATIVE, reads_writes=True),
            LanguageSkill(language="de", level=CefrLevel.A2, reads_writes=True),
            LanguageSkill(language="en", level=CefrLevel.B1, reads_writes=True),
        ],
        preferred_language="ar",
        legal_status=LegalStatus.DULDUNG,
        status_valid_until=today + timedelta(days=24),
        arrival_date=date(2023, 9, 14),
        accommodation="GU Lindenstraße",
        street="Lindenstraße 12",
        postcode="12345",
        city="Musterstadt",
        district="Nord",
        phone="0151 2345678",
        counsellor="Erika Beispiel",
        agency="Caritas Musterstadt",
        opened_on=date(2023, 10, 2),
    )
    pdf = vault.attachments.add_bytes(_sample_pdf(), "duldung-scan.pdf")
    at = lambda days, hour: datetime.combine(today + timedelta(days=days), time(hour, 0))  # noqa: E731
    kept = Appointment(
        dossier_id=d.id,
        start=at(-21, 9),
        agency=Agency.AUSLAENDERBEHOERDE,
        purpose="Verlängerung der Duldung",
        place="Rathaus, Zimmer 112",
    )
    records = [
        d,
        HouseholdMember(
            dossier_id=d.id,
            role=HouseholdRole.CHILD,
            family_name="Haddad",
            given_names="Yusuf",
            birth_date=PartialDate(2016, 3, 2),
        ),
        HouseholdMember(
            dossier_id=d.id,
            role=HouseholdRole.CHILD,
            family_name="Haddad",
            given_names="Lina",
            birth_date=PartialDate(2019, None, None),
        ),
        Document(
            dossier_id=d.id,
            type=DocumentType.DULDUNG,
            number="D-2291/24",
            issuer="Stadt Musterstadt",
            issued_on=today - timedelta(days=66),
            valid_until=today + timedelta(days=24),
            attachments=[pdf],
        ),
        Document(
            dossier_id=d.id,
            type=DocumentType.BEHANDLUNGSSCHEIN,
            issued_on=today - timedelta(days=100),
            valid_until=today - timedelta(days=9),
        ),
        Document(
            dossier_id=d.id,
            type=DocumentType.MELDEBESCHEINIGUNG,
            issued_on=date(2023, 10, 5),
        ),
        Document(
            dossier_id=d.id,
            type=DocumentType.INTEGRATIONSKURS_BERECHTIGUNG,
            number="BAMF-7731",
            valid_until=today + timedelta(days=300),
        ),
        kept,
        Appointment(
            dossier_id=d.id,
            start=at(-7, 10),
            agency=Agency.SOZIALAMT,
            purpose="Leistungen AsylbLG",
            status=AppointmentStatus.MISSED,
        ),
        Appointment(
            dossier_id=d.id,
            start=at(0, 14),
            agency=Agency.KITA,
            purpose="Anmeldung Lina",
            place="Kita Sonnenblume",
            bring="Impfpass, U-Heft",
        ),
        Appointment(
            dossier_id=d.id,
            start=at(9, 11),
            agency=Agency.VHS,
            purpose="Einstufungstest Integrationskurs",
            interpreter_needed=True,
            interpreter_language="ar",
        ),
        AgreedStep(
            dossier_id=d.id,
            what="Termin bei der Botschaft vereinbaren",
            owner=StepOwner.NEWCOMER,
            due=today - timedelta(days=3),
            appointment_id=kept.id,
        ),
        AgreedStep(
            dossier_id=d.id,
            what="Kita-Platz für Lina beantragen",
            owner=StepOwner.COUNSELLOR,
            owner_name="Erika Beispiel",
            due=today + timedelta(days=5),
        ),
        AgreedStep(
            dossier_id=d.id,
            what="Antrag Bildung und Teilhabe",
            owner=StepOwner.AGENCY,
            owner_name="Sozialamt",
            status=StepStatus.DONE,
            done_on=today - timedelta(days=12),
        ),
        Note(
            dossier_id=d.id,
            title="Erstgespräch",
            text="Frau H. wünscht Unterstützung bei der Kita-Suche und beim Sprachkurs.",
            written_at=datetime.combine(date(2023, 10, 2), time(10, 30)),
        ),
        Note(
            dossier_id=d.id,
            title="Gesundheit",
            text="Chronische Erkrankung, Facharzttermin nötig.",
            sensitive=True,
            written_at=datetime.combine(today - timedelta(days=20), time(15, 0)),
        ),
        Consent(
            dossier_id=d.id,
            recipient="Jobcenter Musterstadt",
            purpose="Übergabe an die Fallbegleitung",
            scope=[RecordKind.DOSSIER, RecordKind.DOCUMENT, RecordKind.AGREED_STEP],
            given_on=today - timedelta(days=30),
            valid_until=today + timedelta(days=335),
        ),
    ]
    with vault.db.transaction():
        for record in records:
            vault.records.save(record)
    vault.records.save(d.model_copy(update={"email": "m.haddad@example.org"}))
    vault.records.save(
        kept.model_copy(
            update={
                "status": AppointmentStatus.KEPT,
                "outcome": "Duldung um 3 Monate verlängert.",
                "agreements": "Passbeschaffung nachweisen; Termin Botschaft vereinbaren.",
            }
        )
    )
    return d.id


def main(argv: list[str]) -> int:
    from willkommensordner.gui.dialogs import ScriptedAnswerer
    from willkommensordner.gui.pyside_workarounds import pin_none
    from willkommensordner.gui.qt_i18n import apply_language, load_bundled_fonts
    from willkommensordner.i18n import translator
    from willkommensordner.vault.kdf import KdfParams
    from willkommensordner.vault.vault import Vault

    out_dir = Path(argv[0] if argv else "docs/screenshots")
    language = argv[1] if len(argv) > 1 else "de"
    pin_none()
    app = QApplication.instance() or QApplication([])
    tr = translator(language)
    apply_language(app, tr)  # type: ignore[arg-type]
    load_bundled_fonts()
    today = date(2026, 3, 10)
    with tempfile.TemporaryDirectory() as tmp:
        ctx = GuiContext.create(
            tr,
            settings_path=Path(tmp) / "settings.json",
            vault_path=Path(tmp) / "demo.wko",
            answerer=ScriptedAnswerer(),
            kdf=KdfParams(memory_kib=1024, iterations=1, lanes=1),
            today=lambda: today,
        )
        vault, _ = Vault.create(
            ctx.vault_path,
            "Demo passphrase for screenshots",
            counsellor="Erika Beispiel",
            agency="Caritas Musterstadt",
            kdf=ctx.kdf,
        )
        ctx.set_vault(vault)
        dossier_id = demo_dossier(ctx, today)
        for path in render_dossier_tabs(ctx, dossier_id, out_dir):
            print(path)
        ctx.runner.wait_idle(5000)
        ctx.lock()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
