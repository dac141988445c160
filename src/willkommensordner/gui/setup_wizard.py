"""First start: who you are, a passphrase, the recovery sheet, and the municipality's content
pack — four short steps.

The vault is created when the passphrase step is confirmed (in a worker: the KDF is tuned to
take half a second). The last step only shows the recovery key and offers to print or save
the recovery sheet; finishing needs the counsellor to confirm they kept the key.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from willkommensordner.content.library import ContentLibrary
from willkommensordner.content.pack_import import ImportResult, import_pack
from willkommensordner.gui.content_packs_section import PACK_FILTER
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.recovery_key_panel import RecoveryKeyPanel
from willkommensordner.gui.settings import AGENCY, COUNSELLOR_NAME
from willkommensordner.gui.widgets import (
    AMBER,
    MUTED,
    NewPassphraseForm,
    explanation,
    heading,
    message_label,
)
from willkommensordner.i18n import N_
from willkommensordner.vault.vault import Vault


class SetupWizard(QWidget):
    """`completed()` fires when the vault exists, is open in the context, and the key is kept."""

    completed = Signal()

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        tr = ctx.tr

        # Step 1: who works with this vault.
        self.counsellor = QLineEdit(ctx.settings.get(COUNSELLOR_NAME))
        self.counsellor.setAccessibleName(tr.gettext("Your name"))
        self.agency = QLineEdit(ctx.settings.get(AGENCY))
        self.agency.setAccessibleName(tr.gettext("Your agency"))
        form = QFormLayout()
        form.addRow(tr.gettext("Your &name:"), self.counsellor)
        form.addRow(tr.gettext("Your &agency:"), self.agency)
        welcome = _step_page(
            tr.gettext("Welcome to Willkommensordner digital"),
            [
                tr.gettext(
                    "Your dossiers are kept in an encrypted vault on this computer. Let us set "
                    "it up: it takes a minute."
                ),
                tr.gettext(
                    "Your name and agency are written into each change you make, so that "
                    "colleagues know who wrote what."
                ),
            ],
            form,
        )

        # Step 2: the passphrase and what losing it means.
        self.passphrase = NewPassphraseForm(tr)
        self.warning = QLabel(
            tr.gettext(
                "Important: if you lose the passphrase and the recovery key, your data is lost. "
                "Nobody can recover it, not even the makers of the app."
            )
        )
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(
            f"color: {AMBER}; border: 1px solid {AMBER}; border-radius: 6px; padding: 10px;"
        )
        self.understood = QCheckBox(tr.gettext("I understand"))
        # Progress, not a problem: failures come as an error message of their own.
        self.create_message = message_label(MUTED)
        secret = _step_page(
            tr.gettext("Choose a passphrase"),
            [
                tr.gettext(
                    "You type it each time you open the app. A sentence only you know is "
                    "easier to remember than a short password, and much safer."
                )
            ],
            self.passphrase,
            self.warning,
            self.understood,
            self.create_message,
        )

        # Step 3: the recovery key and its sheet.
        self.key_panel = RecoveryKeyPanel(ctx)
        self.kept = QCheckBox(tr.gettext("I have printed or written down the recovery key"))
        recovery = _step_page(
            tr.gettext("Your recovery key"),
            [
                tr.gettext(
                    "With this key you can open the vault if you forget the passphrase. Print "
                    "the recovery sheet and lock it away, apart from this laptop."
                )
            ],
            self.key_panel,
            self.kept,
        )

        # Step 4: where the local contact points come from. The demo town is not offered
        # here: it comes only with sample data, chosen on purpose later.
        self.import_button = QPushButton(tr.gettext("&Import our municipality's content pack…"))
        self.import_button.clicked.connect(self.import_content_pack)
        self.content_message = message_label(MUTED)
        content = _step_page(
            tr.gettext("Information for newcomers"),
            [
                tr.gettext(
                    "The app comes with information pages for all of Germany. Local contact "
                    "points (offices and counselling services with addresses, opening hours "
                    "and phone numbers) come from your municipality's content pack."
                ),
                tr.gettext(
                    "Import it now if you have it (a .zip file), or finish with the nationwide "
                    "information only: a pack can be imported any time in the settings."
                ),
            ],
            _left(self.import_button),
            self.content_message,
        )

        self.steps = QStackedWidget()
        for step in (welcome, secret, recovery, content):
            self.steps.addWidget(step)
        self.step_label = QLabel()
        self.back_button = QPushButton(tr.gettext("&Back"))
        self.next_button = QPushButton(tr.gettext("&Next"))
        self.next_button.setDefault(True)
        nav = QHBoxLayout()
        nav.addWidget(self.step_label)
        nav.addStretch(1)
        nav.addWidget(self.back_button)
        nav.addWidget(self.next_button)
        card = QFrame()
        card.setObjectName("card")
        # A fixed size: the steps differ in height and the buttons should not jump.
        card.setFixedSize(660, 520)
        c = QVBoxLayout(card)
        c.setContentsMargins(32, 28, 32, 24)
        c.addWidget(self.steps, 1)
        c.addLayout(nav)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(1)

        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        # Return in a field goes on, as "Next" is the default button (next() checks it is on).
        for field in (self.counsellor, self.agency, self.passphrase.first, self.passphrase.second):
            field.returnPressed.connect(self.next)
        self.passphrase.valid_changed.connect(self._update)
        self.understood.toggled.connect(self._update)
        self.kept.toggled.connect(self._update)
        self._busy = False
        self.imported_pack: str | None = None
        self._update()

    # --- navigation -------------------------------------------------------------------------

    @property
    def step(self) -> int:
        return self.steps.currentIndex()

    def back(self) -> None:
        if self.step == 1 and not self._busy:
            self.steps.setCurrentIndex(0)
            self._update()

    def next(self) -> None:
        if not self.next_button.isEnabled():
            return
        if self.step == 0:
            self.steps.setCurrentIndex(1)
            self.passphrase.first.setFocus()
        elif self.step == 1:
            self._create_vault()
        elif self.step == 2:
            self.key_panel.clear()
            self.steps.setCurrentIndex(3)
            self.import_button.setFocus()
        elif self.step == 3:
            self.completed.emit()
        self._update()

    def _update(self) -> None:
        tr = self.ctx.tr
        self.step_label.setText(
            tr.format("Step {n} of {total}", {"n": self.step + 1, "total": self.steps.count()})
        )
        self.back_button.setVisible(self.step == 1)
        self.back_button.setEnabled(not self._busy)
        if self.step == 0:
            enabled = True
        elif self.step == 1:
            enabled = self.passphrase.is_valid() and self.understood.isChecked()
        elif self.step == 2:
            enabled = self.kept.isChecked()
        else:
            enabled = True
        self.next_button.setEnabled(enabled and not self._busy)
        self.import_button.setEnabled(not self._busy)
        if self.step == 1:
            self.next_button.setText(tr.gettext("&Create the vault"))
        elif self.step == 3:
            self.next_button.setText(tr.gettext("&Finish"))
        else:
            self.next_button.setText(tr.gettext("&Next"))

    # --- work -------------------------------------------------------------------------------

    def _create_vault(self) -> None:
        tr = self.ctx.tr
        counsellor, agency = self.counsellor.text().strip(), self.agency.text().strip()
        self.ctx.settings.set(COUNSELLOR_NAME, counsellor[:200])
        self.ctx.settings.set(AGENCY, agency[:200])
        path, passphrase, kdf = self.ctx.vault_path, self.passphrase.passphrase(), self.ctx.kdf
        self._busy = True
        self.create_message.setText(tr.gettext("Creating the vault…"))
        self.ctx.runner.submit(
            lambda: Vault.create(path, passphrase, counsellor=counsellor, agency=agency, kdf=kdf),
            self._created,
            self._failed,
            busy_text=tr.gettext("Creating the vault…"),
        )

    def _created(self, result: tuple[Vault, str]) -> None:
        vault, key = result
        self._busy = False
        self.key_panel.set_key(key)
        self.passphrase.clear()
        self.create_message.clear()
        self.ctx.set_vault(vault)
        self.steps.setCurrentIndex(2)
        self._update()

    def import_content_pack(self) -> None:
        """The municipality's pack from a file the counsellor picks; checked before it counts."""
        tr = self.ctx.tr
        path = self.ctx.dialogs.open_file(
            tr.gettext("Import a content pack"), tr.gettext(PACK_FILTER) + " (*.zip)"
        )
        if path is None:
            return
        self._busy = True
        self.content_message.setText(tr.gettext("Importing the content pack…"))
        self._update()
        self.ctx.runner.submit(
            lambda: import_pack(path, ContentLibrary()),
            self._pack_imported,
            self._pack_failed,
            busy_text=tr.gettext("Importing the content pack…"),
        )

    def _pack_imported(self, result: ImportResult) -> None:
        self._busy = False
        self.imported_pack = result.pack_id
        self.content_message.setText(
            self.ctx.tr.format(
                N_("Installed pack {id} version {new}."),
                {"id": result.pack_id, "new": result.version},
            )
        )
        self._update()

    def _pack_failed(self, exc: BaseException) -> None:
        self._busy = False
        self.content_message.clear()
        self.ctx.dialogs.show_error(exc, self.ctx.tr.gettext("The pack was not imported"))
        self._update()

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self.create_message.clear()
        self.ctx.dialogs.show_error(exc, self.ctx.tr.gettext("The vault was not created"))
        self._update()


def _left(widget: QWidget) -> QHBoxLayout:
    """A button at its natural width, not stretched across the card."""
    row = QHBoxLayout()
    row.addWidget(widget)
    row.addStretch(1)
    return row


def _step_page(title: str, texts: list[str], *content: QWidget | QLayout) -> QWidget:
    """A wizard step: heading, explanations, then its fields, pushed to the top."""
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(heading(title))
    for text in texts:
        layout.addWidget(explanation(text))
    for item in content:
        if isinstance(item, QLayout):
            layout.addLayout(item)
        else:
            layout.addWidget(item)
    layout.addStretch(1)
    return page
