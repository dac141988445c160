"""The monitoring export: anonymous figures for the municipality as CSV and/or PDF.

The figures are counts of dossiers (privacy/monitoring.py); small counts are suppressed
there, and the dialog says so, so the counsellor knows why a cell reads "<5" or ".".
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from willkommensordner.errors import InvalidInput
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.runner import Task
from willkommensordner.gui.widgets import GREEN, explanation, heading, message_label
from willkommensordner.i18n import N_
from willkommensordner.privacy.monitoring import (
    PRIMARY,
    SECONDARY,
    THRESHOLD,
    Figures,
    collect,
    write_csv,
)


class MonitoringDialog(QDialog):
    """Choose the targets, then `export()` writes them in the background; `busy`."""

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        tr = ctx.tr
        self.busy = False
        self.setWindowTitle(tr.gettext("Monitoring figures"))
        self.resize(620, 420)
        today = ctx.today()
        self.as_of = QDateEdit(QDate(today.year, today.month, today.day))
        self.as_of.setCalendarPopup(True)
        self.as_of.setDisplayFormat("dd.MM.yyyy")
        self.as_of.setAccessibleName(tr.gettext("As of"))
        self.csv_check = QCheckBox(tr.gettext("CSV table (for a spreadsheet)"))
        self.csv_check.setChecked(True)
        self.csv_path = QLineEdit()
        self.pdf_check = QCheckBox(tr.gettext("PDF report (to read and print)"))
        self.pdf_path = QLineEdit()
        stamp = today.strftime("%Y-%m-%d")
        report = tr.gettext("Monitoring")
        form = QFormLayout()
        form.addRow(tr.gettext("As of"), self.as_of)
        for check, edit, suffix, filters in (
            (self.csv_check, self.csv_path, "csv", "CSV (*.csv)"),
            (self.pdf_check, self.pdf_path, "pdf", "PDF (*.pdf)"),
        ):
            edit.setAccessibleName(check.text())
            edit.setPlaceholderText(tr.gettext("File to write"))
            choose = QPushButton(tr.gettext("Choose…"))
            name = f"{report} {stamp}.{suffix}"
            choose.clicked.connect(
                lambda _=False, e=edit, c=check, n=name, f=filters: self._choose(e, c, n, f)
            )
            check.toggled.connect(edit.setEnabled)
            edit.setEnabled(check.isChecked())
            row = QHBoxLayout()
            row.addWidget(edit, 1)
            row.addWidget(choose)
            form.addRow(check, row)

        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setAccessibleName(tr.gettext("Progress"))
        self.progress.hide()
        self.status = message_label(GREEN)
        self.error = message_label()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = buttons.addButton(
            tr.gettext("Export"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(lambda: self.export())
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading(tr.gettext("Anonymous figures for the municipality"), 3))
        self.explanation = explanation(
            tr.format(
                "Counts of dossiers by target group, residence status, age band and "
                "district, the agreed steps, and the time from arrival to the first "
                "language course. No names, no dates of birth. Counts from 1 to {limit} are "
                'shown as "{primary}"; where a total would give such a count away, a '
                'further cell is hidden as "{secondary}". Districts and step kinds with '
                'fewer than {threshold} dossiers are counted under "other".',
                {
                    "limit": THRESHOLD - 1,
                    "primary": PRIMARY,
                    "secondary": SECONDARY,
                    "threshold": THRESHOLD,
                },
            )
        )
        layout.addWidget(self.explanation)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        ctx.bridge.locked.connect(self.reject)

    def _choose(self, edit: QLineEdit, check: QCheckBox, name: str, filters: str) -> None:
        target = self.ctx.dialogs.save_file(self.ctx.tr.gettext("Save as"), name, filters)
        if target is not None:
            edit.setText(str(target))
            check.setChecked(True)

    def targets(self) -> tuple[Path | None, Path | None]:
        """The chosen CSV and PDF files; an error names what is missing."""
        chosen: list[Path | None] = []
        for check, edit, suffix in (
            (self.csv_check, self.csv_path, ".csv"),
            (self.pdf_check, self.pdf_path, ".pdf"),
        ):
            if not check.isChecked():
                chosen.append(None)
                continue
            text = edit.text().strip()
            if not text:
                raise InvalidInput(N_("Choose a file for each ticked format."))
            path = Path(text).expanduser()
            if path.suffix.lower() != suffix:
                path = path.with_name(path.name + suffix)
            if not path.parent.is_dir():
                raise InvalidInput(N_("The output folder does not exist."))
            chosen.append(path)
        if chosen == [None, None]:
            raise InvalidInput(N_("Tick CSV, PDF or both."))
        return chosen[0], chosen[1]

    def export(self) -> Task | None:
        tr = self.ctx.tr
        if self.busy:
            return None
        try:
            csv_path, pdf_path = self.targets()
        except InvalidInput as exc:
            self.error.setText(exc.message(tr))
            return None
        vault = self.ctx.require_vault()
        day = self.as_of.date()
        as_of = date(day.year(), day.month(), day.day())

        def work() -> list[Path]:
            try:
                return write(collect(vault, as_of))
            except OSError:
                raise InvalidInput(N_("The file cannot be written there.")) from None

        def write(figures: Figures) -> list[Path]:
            written = []
            if csv_path is not None:
                write_csv(figures, csv_path, tr)
                written.append(csv_path)
            if pdf_path is not None:
                # Imported here: reportlab is only loaded when a PDF is asked for.
                from willkommensordner.privacy.monitoring_pdf import write_pdf

                write_pdf(figures, pdf_path, tr)
                written.append(pdf_path)
            return written

        self._set_busy(True)
        self.error.clear()
        self.status.clear()
        return self.ctx.runner.submit(
            work,
            on_done=self._done,
            on_error=self._failed,
            busy_text=tr.gettext("Counting the figures…"),
        )

    def _done(self, written: list[Path]) -> None:
        self._set_busy(False)
        names = ", ".join(p.name for p in written)
        self.status.setText(self.ctx.tr.format("Written: {files}", {"files": names}))

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.ctx.dialogs.show_error(exc)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.progress.setVisible(busy)
        self.export_button.setEnabled(not busy)
