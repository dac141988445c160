"""Print preview: builds a folder, slip, plan, information folder or potential analysis (blank
or filled) in the background, shows
it from memory (QPdfView over a QBuffer, no temporary file), then prints it through the
system print dialog or saves it where the user chooses."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from willkommensordner.content.library import ContentLibrary
from willkommensordner.domain.appointment import Appointment
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.printing import print_pdf
from willkommensordner.gui.widgets import demo_banner
from willkommensordner.printing.printable import Printable, write_atomically

Kind = Literal["folder", "slip", "plan", "info", "analysis", "questionnaire", "consent"]


def _job(
    ctx: GuiContext,
    kind: Kind,
    library: ContentLibrary,
    dossier_id: str | None,
    appointment_id: str | None,
    lang: str,
) -> Callable[[], bytes]:
    """The work for the runner thread: read the records, build the PDF in memory."""
    from willkommensordner.domain.consent import Consent
    from willkommensordner.guidance.analysis import current_analysis
    from willkommensordner.printing.analysis_form import blank_questionnaire, filled_analysis
    from willkommensordner.printing.consent_form import consent_form
    from willkommensordner.printing.slip import appointment_slip, plan
    from willkommensordner.printing.welcome import information_folder, welcome_folder
    from willkommensordner.privacy.controller import controller

    vault = ctx.require_vault() if kind not in ("info", "questionnaire") else None
    today = ctx.today()

    def build() -> bytes:
        printable: Printable
        if kind == "info":
            printable = information_folder(library, lang, today=today)
        elif kind == "questionnaire":
            printable = blank_questionnaire(lang, today=today)
        elif kind == "analysis":
            assert vault is not None and dossier_id is not None
            # Health answers stay off this print; the person's own copy (Art. 15) has them.
            printable = filled_analysis(
                vault.records.dossier(dossier_id),
                current_analysis(vault, dossier_id),
                lang,
                today=today,
            )
        elif kind == "consent":
            assert vault is not None and appointment_id is not None
            # For a consent form, the record to print is the consent.
            consent = vault.records.get(Consent, appointment_id)
            printable = consent_form(
                consent,
                vault.records.dossier(consent.dossier_id),
                controller(vault),
                lang,
                today=today,
            )
        elif kind == "slip":
            assert vault is not None and appointment_id is not None
            appointment = vault.records.get(Appointment, appointment_id)
            printable = appointment_slip(appointment, library, lang, today=today)
        else:
            assert vault is not None and dossier_id is not None
            bundle = vault.records.bundle(dossier_id)
            if kind == "plan":
                printable = plan(bundle, lang, today=today)
            else:
                printable = welcome_folder(bundle, library, lang, today=today)
        return printable.to_bytes()

    return build


class PrintPreview(QDialog):
    """`demo`: the document shows invented sample contact points; handing it out is asked."""

    def __init__(
        self, ctx: GuiContext, title: str, parent: QWidget | None = None, *, demo: bool = False
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.title = title
        self.demo = demo
        self.pdf = b""
        self.setWindowTitle(title)
        self.resize(720, 900)
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        # The page as wide as the window: on a small screen it scrolls down, not sideways.
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        self.status = QLabel(ctx.tr.gettext("Preparing the document…"), self)
        self.print_button = QPushButton(ctx.tr.gettext("Print…"), self)
        self.save_button = QPushButton(ctx.tr.gettext("Save as PDF…"), self)
        close = QPushButton(ctx.tr.gettext("Close"), self)
        for button in (self.print_button, self.save_button):
            button.setEnabled(False)
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save)
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        self.demo_banner = demo_banner(ctx.tr) if demo else None
        if self.demo_banner is not None:
            layout.addWidget(self.demo_banner)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self._buffer: QBuffer | None = None
        ctx.bridge.locked.connect(self.close_and_forget)

    def show_pdf(self, pdf: bytes) -> None:
        """Load the PDF bytes from memory."""
        self.pdf = pdf
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(pdf))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        pages = self.document.pageCount()
        self.status.setText(self.ctx.tr.format("{pages} pages", {"pages": pages}))
        self.print_button.setEnabled(pages > 0)
        self.save_button.setEnabled(pages > 0)

    def page_count(self) -> int:
        return int(self.document.pageCount())

    def confirm_demo(self) -> bool:
        """Sample content leaves the app only after a yes: it must not reach a newcomer."""
        if not self.demo:
            return True
        tr = self.ctx.tr
        return self.ctx.dialogs.ask(
            tr.gettext("Sample data – do not pass on"),
            tr.gettext(
                "This document contains the contact points of the invented demo town: the "
                "addresses and phone numbers are made up. Do not give it to a newcomer. "
                "Continue anyway?"
            ),
        )

    def print_document(self) -> bool:
        if not self.confirm_demo():
            return False
        return print_pdf(self.pdf, self.title, self.ctx.dialogs, self)

    def save(self) -> bool:
        if not self.confirm_demo():
            return False
        target = self.ctx.dialogs.save_file(
            self.ctx.tr.gettext("Save as PDF"), f"{self.title}.pdf", "PDF (*.pdf)"
        )
        if target is None:
            return False
        try:
            write_atomically(target, self.pdf)
        except Exception as exc:  # shown as a calm message, never a traceback
            self.ctx.dialogs.show_error(exc)
            return False
        return True

    def close_and_forget(self) -> None:
        """On lock: drop the personal data held by the preview."""
        self.document.close()
        self.pdf = b""
        self.reject()


def open_print_preview(
    ctx: GuiContext,
    kind: Kind,
    *,
    dossier_id: str | None = None,
    appointment_id: str | None = None,
    lang: str | None = None,
    parent: QWidget | None = None,
    library: ContentLibrary | None = None,
    modal: bool = False,
) -> PrintPreview:
    """Open the preview; the PDF is built by the runner and shown when ready."""
    language = lang or "de"
    titles = {
        "folder": ctx.tr.gettext("Welcome folder"),
        "slip": ctx.tr.gettext("Appointment slip"),
        "plan": ctx.tr.gettext("Plan"),
        "info": ctx.tr.gettext("Information folder"),
        "analysis": ctx.tr.gettext("Potential analysis"),
        "questionnaire": ctx.tr.gettext("Potential analysis form"),
        "consent": ctx.tr.gettext("Consent form"),
    }
    content = library or ContentLibrary()
    # The printouts that name contact points; the others never show content packs.
    demo = kind in ("folder", "info", "slip") and content.demo_in_use()
    dialog = PrintPreview(ctx, titles[kind], parent, demo=demo)
    build = _job(ctx, kind, content, dossier_id, appointment_id, language)
    ctx.runner.submit(
        build,
        on_done=dialog.show_pdf,
        busy_text=ctx.tr.gettext("Preparing the document…"),
    )
    if modal:
        ctx.dialogs.exec(dialog)
    else:
        dialog.show()
    return dialog
