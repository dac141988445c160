"""The settings registry as a form, plus the passphrase and recovery key actions."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from willkommensordner.gui.backups.backup_section import BackupSection
from willkommensordner.gui.content_packs_section import ContentPacksSection
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.languages import NEWCOMER_LANGUAGES, language_name
from willkommensordner.gui.passphrase_dialogs import ChangePassphraseDialog, NewRecoveryKeyDialog
from willkommensordner.gui.settings import (
    ACCESSIBILITY_CONTACT,
    AGENCY,
    COUNSELLOR_NAME,
    EXPIRY_WARNING_WEEKS,
    IDLE_LOCK_MINUTES,
    PRINT_LANGUAGES,
    UI_LANGUAGE,
)
from willkommensordner.gui.widgets import FormScrollArea, message_label

MAX_PRINT_LANGUAGES = 4


class SettingsDialog(QDialog):
    """Accepted after the values were stored; a new UI language applies after a restart."""

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        tr = ctx.tr
        s = ctx.settings
        self.setWindowTitle(tr.gettext("Settings"))
        self.language = QComboBox()
        for label, code in (
            (tr.gettext("As the system (German if unsure)"), ""),
            ("Deutsch", "de"),
            ("English", "en"),
            ("العربية", "ar"),
        ):
            self.language.addItem(label, code)
        self.language.setCurrentIndex(max(0, self.language.findData(s.get(UI_LANGUAGE))))
        self.idle = QSpinBox()
        self.idle.setRange(1, 240)
        self.idle.setValue(s.get(IDLE_LOCK_MINUTES))
        self.idle.setSuffix(" " + tr.gettext("minutes"))
        self.weeks = QSpinBox()
        self.weeks.setRange(1, 52)
        self.weeks.setValue(s.get(EXPIRY_WARNING_WEEKS))
        self.weeks.setSuffix(" " + tr.gettext("weeks ahead"))
        self.counsellor = QLineEdit(s.get(COUNSELLOR_NAME))
        self.agency = QLineEdit(s.get(AGENCY))
        self.accessibility_contact = QLineEdit(s.get(ACCESSIBILITY_CONTACT))
        self.accessibility_contact.setMaxLength(300)
        self.print_languages = QListWidget()
        self.print_languages.setMaximumHeight(150)
        chosen = s.get(PRINT_LANGUAGES)
        for code in NEWCOMER_LANGUAGES:
            item = QListWidgetItem(language_name(code, tr))
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if code in chosen else Qt.CheckState.Unchecked)
            self.print_languages.addItem(item)
        self.message = message_label()

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for label, widget in (
            (tr.gettext("&Language of the app:"), self.language),
            (tr.gettext("&Lock after idle time:"), self.idle),
            (tr.gettext("&Warn about expiring papers:"), self.weeks),
            (tr.gettext("Your &name:"), self.counsellor),
            (tr.gettext("Your &agency:"), self.agency),
            (tr.gettext("Accessibility &feedback contact:"), self.accessibility_contact),
            (tr.gettext("Default &print languages:"), self.print_languages),
        ):
            widget.setAccessibleName(label.replace("&", "").rstrip(":"))
            form.addRow(label, widget)

        security = QGroupBox(tr.gettext("Passphrase and recovery key"))
        self.change_passphrase = QPushButton(tr.gettext("Change the &passphrase…"))
        self.renew_key = QPushButton(tr.gettext("Make a new &recovery key…"))
        row = QHBoxLayout(security)
        row.addWidget(self.change_passphrase)
        row.addWidget(self.renew_key)
        row.addStretch(1)
        security.setEnabled(not ctx.locked)
        self.backups = BackupSection(ctx)
        self.content_packs = ContentPacksSection(ctx)
        self.content_packs.changed.connect(self._content_changed)
        # Read by the main window after the dialog: the views showing content reload it.
        self.content_was_changed = False

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        # The sections scroll (large fonts, short screens); Save and Cancel always show.
        content = QWidget()
        sections = QVBoxLayout(content)
        sections.setContentsMargins(0, 0, 0, 0)
        sections.addLayout(form)
        sections.addWidget(security)
        sections.addWidget(self.backups)
        sections.addWidget(self.content_packs)
        layout = QVBoxLayout(self)
        layout.addWidget(FormScrollArea(content))
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.change_passphrase.clicked.connect(self._change_passphrase)
        self.renew_key.clicked.connect(self._renew_key)

    def chosen_print_languages(self) -> list[str]:
        return [
            str(item.data(Qt.ItemDataRole.UserRole))
            for item in (self.print_languages.item(i) for i in range(self.print_languages.count()))
            if item.checkState() == Qt.CheckState.Checked
        ]

    def save(self) -> None:
        tr = self.ctx.tr
        languages = self.chosen_print_languages()
        if not 0 < len(languages) <= MAX_PRINT_LANGUAGES:
            self.message.setText(
                tr.format(
                    "Choose between 1 and {max} print languages.", {"max": MAX_PRINT_LANGUAGES}
                )
            )
            return
        if not self.backups.save():
            return
        s = self.ctx.settings
        old_language = s.get(UI_LANGUAGE)
        counsellor, agency = self.counsellor.text().strip()[:200], self.agency.text().strip()[:200]
        author_changed = (counsellor, agency) != (s.get(COUNSELLOR_NAME), s.get(AGENCY))
        s.set(UI_LANGUAGE, self.language.currentData())
        s.set(IDLE_LOCK_MINUTES, self.idle.value())
        s.set(EXPIRY_WARNING_WEEKS, self.weeks.value())
        s.set(COUNSELLOR_NAME, counsellor)
        s.set(AGENCY, agency)
        s.set(ACCESSIBILITY_CONTACT, self.accessibility_contact.text().strip()[:300])
        s.set(PRINT_LANGUAGES, languages)
        if author_changed and self.ctx.vault is not None:
            self.ctx.vault.set_author(counsellor, agency)
        if self.language.currentData() != old_language:
            self.ctx.dialogs.info(
                tr.gettext("Language"),
                tr.gettext("The app shows the new language after the next start."),
            )
        self.accept()

    def _content_changed(self) -> None:
        self.content_was_changed = True

    def _show_new_key(self, key: str) -> None:
        self.ctx.dialogs.exec(NewRecoveryKeyDialog(self.ctx, key, self))

    def _change_passphrase(self) -> None:
        self.ctx.dialogs.exec(ChangePassphraseDialog(self.ctx, self))

    def _renew_key(self) -> None:
        tr = self.ctx.tr
        if not self.ctx.dialogs.ask(
            tr.gettext("New recovery key"),
            tr.gettext("Make a new recovery key? The old key and its printed sheet stop working."),
        ):
            return
        vault = self.ctx.require_vault()
        self.ctx.runner.submit(
            vault.renew_recovery_key,
            self._show_new_key,
        )
