"""Export dossiers for a partner agency: which, what, to whom; consents checked before writing.

The check runs first (in a worker): without a matching consent the core's explanation is
shown with the dossiers concerned, and only a written reason (kept in each dossier's history
by the core) lets the export go ahead. Only then is a file name asked for and the file written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from willkommensordner.domain.record import RecordKind
from willkommensordner.errors import InvalidInput, NotFound, UserError
from willkommensordner.exchange.contacts import Contact, ContactBook
from willkommensordner.exchange.exporter import (
    MIN_OVERRIDE_REASON,
    Exporter,
    ExportPlan,
    ExportResult,
    Passphrase,
    consent_block,
    suggested_name,
)
from willkommensordner.exchange.scope import ExportScope
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.exchange.dossier_picker import DossierPicker
from willkommensordner.gui.widgets import (
    AMBER,
    MUTED,
    RED,
    PassphraseEdit,
    explanation,
    message_label,
)
from willkommensordner.i18n import N_
from willkommensordner.vault.summaries import DossierSummary

# Kinds offered as plain check boxes. The analysis's health answers are held back with the
# sensitive notes unless those are chosen (the core names them as withheld).
ORDINARY_KINDS = (
    RecordKind.ANALYSIS,
    RecordKind.HOUSEHOLD_MEMBER,
    RecordKind.DOCUMENT,
    RecordKind.APPOINTMENT,
    RecordKind.AGREED_STEP,
    RecordKind.NOTE,
    RecordKind.CONSENT,
    RecordKind.SUGGESTION_DECISION,
)
MIN_FILE_PASSPHRASE = 8
PROBLEMS_SHOWN = 50


@dataclass(frozen=True)
class ExportRequest:
    """Everything the core needs, read from the widgets on the GUI thread."""

    dossier_ids: list[str]
    scope: ExportScope
    recipients: list[Contact]
    passphrase: Passphrase | None

    @property
    def partners(self) -> list[Contact]:
        return self.recipients if self.passphrase is None else [self.passphrase.contact]


class ExportDialog(QDialog):
    """`dossier_id`: the dossier the dialog was opened for ("this dossier"), if any."""

    def __init__(
        self, ctx: GuiContext, dossier_id: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        tr = ctx.tr
        vault = ctx.require_vault()
        self.exporter = Exporter(vault)
        self.dossier_id = dossier_id
        self.result_: ExportResult | None = None
        self._checked: ExportRequest | None = None  # the request the override panel is about
        self._busy = False
        self.setWindowTitle(tr.gettext("Export dossiers for a partner agency"))
        contacts = ContactBook(vault.db).all()

        # --- which dossiers
        self.this_one = QRadioButton()
        self.chosen = QRadioButton(tr.gettext("&Chosen dossiers:"))
        self.everything = QRadioButton(tr.gettext("A&ll dossiers"))
        self.which = QButtonGroup(self)
        for n, button in enumerate((self.this_one, self.chosen, self.everything)):
            self.which.addButton(button, n)
        self.picker = DossierPicker(tr)
        self.picker.setMinimumHeight(140)
        if dossier_id is not None:
            name = vault.records.dossier(dossier_id).display_name
            label = tr.format(N_("&This dossier: {name}"), {"name": name.replace("&", "&&")})
            self.this_one.setText(label)
            self.this_one.setChecked(True)
        else:
            self.this_one.hide()
            self.chosen.setChecked(True)
        which_box = QGroupBox(tr.gettext("Which dossiers"))
        which_layout = QVBoxLayout(which_box)
        which_layout.addWidget(self.this_one)
        which_layout.addWidget(self.chosen)
        which_layout.addWidget(self.picker, 1)
        which_layout.addWidget(self.everything)

        # --- what goes along
        self.kinds: dict[RecordKind, QCheckBox] = {}
        what_box = QGroupBox(tr.gettext("What goes along"))
        grid = QGridLayout(what_box)
        person = QCheckBox(tr.gettext(RecordKind.DOSSIER.label))
        person.setChecked(True)
        person.setEnabled(False)  # the person is what every other record hangs on
        grid.addWidget(person, 0, 0)
        for n, kind in enumerate(ORDINARY_KINDS, start=1):
            check = QCheckBox(tr.gettext(kind.label))
            check.setChecked(True)
            self.kinds[kind] = check
            grid.addWidget(check, n // 2, n % 2)
        row = (len(ORDINARY_KINDS) + 2) // 2
        self.scans = QCheckBox(tr.gettext("Scans of the documents"))
        self.scans.setChecked(True)
        grid.addWidget(self.scans, row, 0)
        sensitive = QLabel(tr.gettext("Sensitive (special categories, Art. 9 GDPR):"))
        sensitive.setStyleSheet(f"color: {MUTED};")
        grid.addWidget(sensitive, row + 1, 0, 1, 2)
        self.sensitive_notes = QCheckBox(
            tr.gettext("Notes marked sensitive and the health answers of the potential analysis")
        )
        grid.addWidget(self.sensitive_notes, row + 2, 0, 1, 2)

        # --- to whom
        self.to_keys = QRadioButton(tr.gettext("To the keys of &verified partners:"))
        self.to_passphrase = QRadioButton(tr.gettext("With a &passphrase, for:"))
        self.how = QButtonGroup(self)
        self.how.addButton(self.to_keys, 0)
        self.how.addButton(self.to_passphrase, 1)
        self.partners = QListWidget()
        self.partners.setAccessibleName(tr.gettext("Partner agencies to export to"))
        self.partners.setMaximumHeight(110)
        for contact in contacts:
            label = contact.name
            if not contact.verified:
                label = tr.format(N_("{name} (not verified)"), {"name": contact.name})
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, contact)
            flags = Qt.ItemFlag.ItemIsUserCheckable
            if contact.verified:  # encrypting to a key nobody compared could reach anyone
                flags |= Qt.ItemFlag.ItemIsEnabled
            else:
                item.setToolTip(
                    tr.gettext(
                        "Compare the fingerprint with this partner first"
                        " (Exchange → Partner agencies)."
                    )
                )
            item.setFlags(flags)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.partners.addItem(item)
        self.for_partner = QComboBox()
        self.for_partner.setAccessibleName(tr.gettext("Partner the file is for"))
        for contact in contacts:
            self.for_partner.addItem(contact.name, contact)
        self.passphrase = PassphraseEdit(tr, tr.gettext("Passphrase for the file"))
        self.passphrase_again = PassphraseEdit(tr, tr.gettext("Repeat the passphrase"))
        pass_form = QFormLayout()
        pass_form.addRow(tr.gettext("Partner:"), self.for_partner)
        pass_form.addRow(tr.gettext("Passphrase:"), self.passphrase)
        pass_form.addRow(tr.gettext("Repeat:"), self.passphrase_again)
        self.pass_widget = QWidget()
        self.pass_widget.setLayout(pass_form)
        pass_form.setContentsMargins(24, 0, 0, 0)
        to_box = QGroupBox(tr.gettext("To whom"))
        to_layout = QVBoxLayout(to_box)
        to_layout.addWidget(self.to_keys)
        to_layout.addWidget(self.partners)
        to_layout.addWidget(self.to_passphrase)
        self.pass_hint = explanation(
            tr.gettext(
                "Tell the passphrase by phone, never in the same message as the file."
                " Partner keys are safer and have no size limit."
            )
        )
        to_layout.addWidget(self.pass_widget)
        to_layout.addWidget(self.pass_hint)
        if not contacts:
            to_layout.addWidget(
                explanation(
                    tr.gettext(
                        "There are no partner agencies yet. Add them under Exchange → Partner"
                        " agencies."
                    )
                )
            )
        self.to_keys.setChecked(True)

        # --- the consent check's answer
        self.block_box = QGroupBox(tr.gettext("Consent missing"))
        self.block_box.setStyleSheet(f"QGroupBox {{ color: {RED}; }}")
        self.block_text = explanation("")
        self.block_list = QListWidget()
        self.block_list.setAccessibleName(tr.gettext("Dossiers without a matching consent"))
        self.block_list.setMaximumHeight(72)
        self.reason = QPlainTextEdit()
        self.reason.setAccessibleName(tr.gettext("Reason for exporting without consent"))
        self.reason.setPlaceholderText(
            tr.gettext("Why must the file be sent without a recorded consent?")
        )
        self.reason.setTabChangesFocus(True)
        self.reason.setMaximumHeight(56)
        self.reason_hint = message_label(AMBER)
        block_layout = QVBoxLayout(self.block_box)
        block_layout.addWidget(self.block_text)
        block_layout.addWidget(self.block_list)
        block_layout.addWidget(
            explanation(
                tr.format(
                    N_(
                        "To export anyway, write down why (at least {count} characters). The reason"
                        " is kept in the history of each dossier concerned."
                    ),
                    {"count": MIN_OVERRIDE_REASON},
                )
            )
        )
        block_layout.addWidget(self.reason)
        block_layout.addWidget(self.reason_hint)
        self.block_box.hide()

        # --- working and buttons
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setMaximumHeight(12)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.status = message_label(MUTED)
        self.message = message_label(RED)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = QPushButton(tr.gettext("&Export…"))
        self.export_button.setDefault(True)
        self.buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.override_button = QPushButton(tr.gettext("Export &anyway…"))
        self.buttons.addButton(self.override_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.override_button.hide()
        self.export_button.clicked.connect(self.start)
        self.override_button.clicked.connect(self.start_with_reason)
        self.buttons.rejected.connect(self.reject)

        columns = QHBoxLayout()
        columns.addWidget(which_box, 1)
        right = QVBoxLayout()
        right.addWidget(what_box)
        right.addWidget(to_box)
        right.addStretch(1)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.block_box)
        layout.addWidget(self.message)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)
        self.resize(960, 640)

        for signal in (
            self.which.idToggled,
            self.how.idToggled,
            self.sensitive_notes.toggled,
            self.scans.toggled,
            self.partners.itemChanged,
            self.for_partner.currentIndexChanged,
            self.picker.model.checked_changed,
            *(c.toggled for c in self.kinds.values()),
        ):
            signal.connect(self._options_changed)
        self.reason.textChanged.connect(self._update_buttons)
        self.how.idToggled.connect(lambda *_: self._update_buttons())
        self.which.idToggled.connect(lambda *_: self._update_buttons())
        ctx.bridge.locked.connect(self._locked)
        self._load_dossiers()
        self._update_buttons()

    @property
    def busy(self) -> bool:
        """Checking consents or writing the file."""
        return self._busy

    # --- reading the options ----------------------------------------------------------------

    def _load_dossiers(self) -> None:
        vault = self.ctx.require_vault()
        self.ctx.runner.submit(
            lambda: vault.summaries(),
            self._dossiers_loaded,
            busy_text=self.ctx.tr.gettext("Loading dossiers…"),
        )

    def _dossiers_loaded(self, summaries: list[DossierSummary]) -> None:
        self.picker.model.set_summaries(summaries)
        self.everything.setText(
            self.ctx.tr.format(N_("A&ll dossiers ({count})"), {"count": len(summaries)})
        )

    def selected_partners(self) -> list[Contact]:
        chosen = []
        for n in range(self.partners.count()):
            item = self.partners.item(n)
            if (
                item.checkState() == Qt.CheckState.Checked
                and item.flags() & Qt.ItemFlag.ItemIsEnabled
            ):
                chosen.append(item.data(Qt.ItemDataRole.UserRole))
        return chosen

    def check_partner(self, name: str) -> None:
        """Tick a partner in the recipients list (used by the dossier hook and by tests)."""
        for n in range(self.partners.count()):
            item = self.partners.item(n)
            if item.data(Qt.ItemDataRole.UserRole).name == name:
                item.setCheckState(Qt.CheckState.Checked)

    def request(self) -> ExportRequest:
        """The options as the core takes them; InvalidInput says what is missing."""
        if self.this_one.isChecked() and self.dossier_id is not None:
            ids = [self.dossier_id]
        elif self.everything.isChecked():
            ids = self.exporter.all_dossier_ids()
        else:
            ids = self.picker.checked_ids()
        if not ids:
            raise InvalidInput(N_("Choose at least one dossier."))
        kinds = {k for k, check in self.kinds.items() if check.isChecked()} | {RecordKind.DOSSIER}
        scope = ExportScope(
            frozenset(kinds),
            sensitive_notes=self.sensitive_notes.isChecked(),
            scans=self.scans.isChecked(),
        )
        if self.to_keys.isChecked():
            recipients = self.selected_partners()
            if not recipients:
                raise InvalidInput(N_("Choose at least one verified partner agency."))
            return ExportRequest(ids, scope, recipients, None)
        contact = self.for_partner.currentData()
        if contact is None:
            raise InvalidInput(N_("Choose the partner agency the file is for."))
        secret = self.passphrase.text()
        if len(secret) < MIN_FILE_PASSPHRASE:
            raise InvalidInput(N_("The passphrase for the file must have at least 8 characters."))
        if secret != self.passphrase_again.text():
            raise InvalidInput(N_("The two passphrases differ."))
        return ExportRequest(ids, scope, [], Passphrase(secret, contact))

    def _options_changed(self, *_args: object) -> None:
        # A consent problem found for other options says nothing about these.
        if self._checked is not None:
            self._checked = None
            self.block_box.hide()
            self.reason.clear()
        self.message.clear()
        self._update_buttons()

    def _update_buttons(self) -> None:
        # Only the chosen way's fields are shown: the dialog stays short enough for a laptop.
        self.pass_widget.setVisible(self.to_passphrase.isChecked())
        self.pass_hint.setVisible(self.to_passphrase.isChecked())
        self.partners.setEnabled(self.to_keys.isChecked())
        self.picker.setEnabled(self.chosen.isChecked())
        blocked = self._checked is not None
        self.export_button.setVisible(not blocked)
        self.override_button.setVisible(blocked)
        long_enough = len(self.reason.toPlainText().strip()) >= MIN_OVERRIDE_REASON
        self.override_button.setEnabled(blocked and long_enough and not self._busy)
        self.export_button.setEnabled(not self._busy)
        if blocked and self.reason.toPlainText().strip() and not long_enough:
            self.reason_hint.setText(
                self.ctx.tr.gettext(
                    "Please write a little more: the reason must be understandable later."
                )
            )
        else:
            self.reason_hint.clear()

    # --- checking and writing ---------------------------------------------------------------

    def start(self) -> None:
        """Check the consents; write at once if they are all there."""
        try:
            request = self.request()
        except UserError as exc:
            self.message.setText(exc.message(self.ctx.tr))
            return
        self.message.clear()
        exporter = self.exporter
        self._set_busy(self.ctx.tr.gettext("Checking the consents…"))
        self.ctx.runner.submit(
            lambda: exporter.plan(
                request.dossier_ids, request.scope, request.partners, self.ctx.today()
            ),
            lambda plan: self._checked_plan(request, plan),
            self._failed,
            busy_text=self.ctx.tr.gettext("Checking the consents…"),
        )

    def _checked_plan(self, request: ExportRequest, plan: ExportPlan) -> None:
        self._set_busy(None)
        if consent_block(plan) is None:
            self._write(request, None)
            return
        tr = self.ctx.tr
        self._checked = request
        dossiers = len({p.dossier_id for p in plan.problems})
        # The core's explanation names dossier ids and record types for the command line;
        # here the same facts are told in words, with each dossier by name below.
        self.block_text.setText(
            tr.ngettext(
                "{count} dossier has no recorded, valid consent for this partner that covers"
                " everything under “What goes along”. Record the consent in the dossier (tab"
                " Consents), or leave out what it does not cover.",
                "{count} dossiers have no recorded, valid consent for this partner that covers"
                " everything under “What goes along”. Record the consent in the dossier (tab"
                " Consents), or leave out what it does not cover.",
                dossiers,
            ).format(count=dossiers)
        )
        self.block_list.clear()
        records = self.ctx.require_vault().records
        for problem in plan.problems[:PROBLEMS_SHOWN]:
            try:
                name = records.dossier(problem.dossier_id).display_name
            except NotFound:
                name = problem.dossier_id
            parts = sorted(tr.gettext(k.label) for k in problem.missing)
            if problem.special_categories:
                parts.append(tr.gettext("explicit consent for health data and sensitive notes"))
            missing = ", ".join(parts)
            self.block_list.addItem(
                tr.format(
                    N_("{name} — for {partner}: {missing}"),
                    {"name": name, "partner": problem.contact.name, "missing": missing},
                )
            )
        if len(plan.problems) > PROBLEMS_SHOWN:
            self.block_list.addItem(
                tr.format(N_("… and {count} more"), {"count": len(plan.problems) - PROBLEMS_SHOWN})
            )
        self.block_box.show()
        self.reason.setFocus()
        self._update_buttons()

    def start_with_reason(self) -> None:
        if self._checked is None:
            return
        reason = self.reason.toPlainText().strip()
        if len(reason) < MIN_OVERRIDE_REASON:
            return
        self._write(self._checked, reason)

    def _write(self, request: ExportRequest, reason: str | None) -> None:
        tr = self.ctx.tr
        path = self.ctx.dialogs.save_file(
            tr.gettext("Save the export file"),
            suggested_name(),
            tr.gettext("Export file (*.wkox)"),
        )
        if path is None:
            return
        if not path.suffix:
            path = path.with_suffix(".wkox")
        exporter = self.exporter
        today = self.ctx.today()

        def work() -> ExportResult:
            return exporter.export(
                request.dossier_ids,
                path,
                recipients=request.recipients,
                passphrase=request.passphrase,
                scope=request.scope,
                override_reason=reason,
                on=today,
            )

        text = tr.gettext("Encrypting and writing the export file…")
        self._set_busy(text)
        self.ctx.runner.submit(work, self._written, self._failed, busy_text=text)

    def _written(self, result: ExportResult) -> None:
        self._set_busy(None)
        self.result_ = result
        tr = self.ctx.tr
        text = tr.format(
            N_(
                "Exported {dossiers} dossier(s), {records} record(s), {attachments} scan(s) to"
                " {path}."
            ),
            {
                "dossiers": result.dossiers,
                "records": result.records,
                "attachments": result.attachments,
                "path": str(Path(result.path).name),
            },
        )
        if result.overridden:
            text += "\n\n" + tr.format(
                N_(
                    "{count} dossier(s) were exported without a matching consent; the reason is"
                    " recorded in their history."
                ),
                {"count": result.overridden},
            )
        self.ctx.dialogs.info(tr.gettext("Export written"), text)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(None)
        self.ctx.dialogs.show_error(exc, self.ctx.tr.gettext("The export was not written"))

    def _set_busy(self, text: str | None) -> None:
        self._busy = text is not None
        self.progress.setVisible(self._busy)
        self.status.setText(text or "")
        for box in self.findChildren(QGroupBox):
            if box is not self.block_box:
                box.setEnabled(not self._busy)
        self._update_buttons()

    def reject(self) -> None:
        if self._busy:
            return  # the file is being written; closing now would hide how it ended
        super().reject()

    def _locked(self) -> None:
        """The vault was locked (even while writing): drop the names, close."""
        self._busy = False
        self.picker.model.clear()
        self.block_list.clear()
        self.this_one.setText("")
        super().reject()
