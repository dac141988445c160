"""The backup part of the settings: automatic backups on/off, folder, how many; now; restore.

Folder and count are stored in the vault (core `BackupSettings`), so they travel with it; the
on/off switch is a preference of this computer (gui/settings.py `AUTO_BACKUP`). A restore
unpacks a backup into a new vault file and never touches the open one.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from willkommensordner.backup.vault_backup import (
    DEFAULT_KEEP,
    SUFFIX,
    BackupInfo,
    BackupSettings,
    existing_backups,
    restore_backup,
)
from willkommensordner.gui.backups.auto_backup import HOURS_OF_USE, backup_now
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.settings import AUTO_BACKUP, VAULT_PATH
from willkommensordner.gui.widgets import MUTED, explanation, isolate, message_label

MAX_KEEP = 100


class BackupSection(QGroupBox):
    """Only "Restore…" while locked (folder and count live in the vault). `save()` on accept."""

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        tr = ctx.tr
        super().__init__(tr.gettext("Backups"), parent)
        self.ctx = ctx
        vault = ctx.vault
        stored = BackupSettings.load(vault) if vault is not None else None
        # A check box cannot wrap its text: the short part there, the rest in a wrapping line,
        # so that large fonts do not cut it off.
        self.enabled = QCheckBox(tr.gettext("Make backups a&utomatically"))
        self.when = explanation(
            tr.format(
                "When the app closes and every {hours} hours of use.", {"hours": HOURS_OF_USE}
            )
        )
        self.enabled.setAccessibleDescription(self.when.text())
        self.enabled.setChecked(ctx.settings.get(AUTO_BACKUP))
        self.directory = QLineEdit(str(stored.directory) if stored else "")
        self.directory.setAccessibleName(tr.gettext("Backup folder"))
        self.choose = QPushButton(tr.gettext("C&hoose…"))
        self.keep = QSpinBox()
        self.keep.setRange(1, MAX_KEEP)
        self.keep.setValue(min(stored.keep, MAX_KEEP) if stored else DEFAULT_KEEP)
        self.keep.setSuffix(" " + tr.gettext("backups"))
        self.keep.setAccessibleName(tr.gettext("Keep the newest"))
        self.newest = QLabel()
        self.newest.setWordWrap(True)
        self.newest.setStyleSheet(f"color: {MUTED};")
        self.back_up = QPushButton(tr.gettext("&Back up now"))
        self.restore = QPushButton(tr.gettext("Res&tore…"))
        self.restore.setToolTip(
            tr.gettext("Unpack a backup into a new vault file; the open vault stays as it is.")
        )
        self.message = message_label()

        folder_row = QHBoxLayout()
        folder_row.addWidget(self.directory, 1)
        folder_row.addWidget(self.choose)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_up)
        buttons.addWidget(self.restore)
        buttons.addStretch(1)
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.enabled)
        form.addRow(self.when)
        folder_label = QLabel(tr.gettext("Backup &folder:"))
        folder_label.setBuddy(self.directory)
        form.addRow(folder_label, folder_row)
        form.addRow(tr.gettext("&Keep the newest:"), self.keep)
        form.addRow(self.newest)
        form.addRow(buttons)
        form.addRow(self.message)

        self.choose.clicked.connect(self._choose_folder)
        self.back_up.clicked.connect(self.back_up_now)
        self.restore.clicked.connect(self.restore_backup)
        # Restoring needs no open vault: it is what helps when the vault cannot be opened.
        for widget in (self.enabled, self.directory, self.choose, self.keep, self.back_up):
            widget.setEnabled(vault is not None)
        self._show_newest()

    def form_settings(self) -> BackupSettings | None:
        """The folder and count as entered; None (with a message) if the folder is empty."""
        tr = self.ctx.tr
        text = self.directory.text().strip()
        if not text:
            self.message.setText(tr.gettext("Choose a folder for the backups."))
            return None
        folder = Path(text).expanduser()
        if not folder.is_absolute():
            self.message.setText(tr.gettext("Give the whole path of the folder, or choose it."))
            return None
        if folder.exists() and not folder.is_dir():
            self.message.setText(tr.gettext("This is a file, not a folder. Choose a folder."))
            return None
        self.message.clear()
        return BackupSettings(folder, self.keep.value())

    def save(self) -> bool:
        """Store the choices; False (with a message) if they cannot be stored."""
        self.ctx.settings.set(AUTO_BACKUP, self.enabled.isChecked())
        vault = self.ctx.vault
        if vault is None:
            return True
        chosen = self.form_settings()
        if chosen is None:
            return False
        if chosen != BackupSettings.load(vault):
            chosen.save(vault)
        return True

    def _show_newest(self) -> None:
        tr = self.ctx.tr
        chosen = self.form_settings() if self.directory.text().strip() else None
        backups = existing_backups(chosen.directory) if chosen else []
        if not backups:
            self.newest.setText(tr.gettext("There is no automatic backup in this folder yet."))
            return
        made = datetime.fromtimestamp(backups[-1].stat().st_mtime)
        self.newest.setText(
            tr.ngettext(
                "Newest backup: {when}. {count} backup in the folder.",
                "Newest backup: {when}. {count} backups in the folder.",
                len(backups),
            ).format(when=f"{made:%d.%m.%Y %H:%M}", count=len(backups))
        )

    def _choose_folder(self) -> None:
        chosen = self.ctx.dialogs.open_directory(
            self.ctx.tr.gettext("Folder for the backups"), self.directory.text()
        )
        if chosen is not None:
            self.directory.setText(str(chosen))
            self._show_newest()

    # --- actions ----------------------------------------------------------------------------

    def back_up_now(self) -> None:
        tr = self.ctx.tr
        vault = self.ctx.require_vault()
        chosen = self.form_settings()
        if chosen is None:
            return
        self.message.clear()
        self.back_up.setEnabled(False)

        def done(path: object) -> None:
            self.back_up.setEnabled(True)
            self._show_newest()
            self.ctx.dialogs.info(
                tr.gettext("Backup"),
                tr.format(
                    "The backup is written: {path}. The newest {keep} are kept.",
                    {"path": isolate(str(path)), "keep": chosen.keep},
                ),
            )

        def failed(exc: BaseException) -> None:
            self.back_up.setEnabled(True)
            self.ctx.dialogs.show_error(exc, tr.gettext("The backup did not work"))

        self.ctx.runner.submit(
            lambda: backup_now(vault, chosen), done, failed, tr.gettext("Making a backup…")
        )

    def restore_backup(self) -> None:
        tr = self.ctx.tr
        if not self.ctx.dialogs.ask(
            tr.gettext("Restore a backup"),
            tr.gettext(
                "A backup is restored into a new vault file. The vault open now stays exactly as"
                " it is.\n\nTo open the restored vault you need the recovery key, or the"
                " passphrase that was valid when the backup was made.\n\nChoose the backup now?"
            ),
            default_yes=True,
        ):
            return
        folder = self.directory.text().strip() or str(self.ctx.vault_path.parent / "backups")
        backup = self.ctx.dialogs.open_file(
            tr.gettext("Choose a backup"),
            tr.gettext("Backups") + f" (*{SUFFIX});;" + tr.gettext("All files") + " (*)",
            folder,
        )
        if backup is None:
            return
        suggested = self.ctx.vault_path.parent / f"restored-{datetime.now():%Y%m%d-%H%M}.wko"
        target = self.ctx.dialogs.save_file(
            tr.gettext("Save the restored vault as"),
            str(suggested),
            tr.gettext("Vaults") + " (*.wko)",
        )
        if target is None:
            return
        if target.suffix != ".wko":
            target = target.with_name(target.name + ".wko")
        if _same_file(target, self.ctx.vault_path):
            self.ctx.dialogs.error(
                tr.gettext("Restore a backup"),
                tr.gettext("This is the vault that is open now. Choose a new file name."),
            )
            return

        def done(info: BackupInfo) -> None:
            self._restored(info, target)

        self.ctx.runner.submit(
            lambda: restore_backup(backup, target),
            done,
            lambda exc: self.ctx.dialogs.show_error(exc, tr.gettext("The backup was not restored")),
            tr.gettext("Restoring the backup…"),
        )

    def _restored(self, info: BackupInfo, target: Path) -> None:
        tr = self.ctx.tr
        try:
            made = f"{datetime.fromisoformat(info.created).astimezone():%d.%m.%Y %H:%M}"
        except ValueError:
            made = info.created
        if self.ctx.dialogs.ask(
            tr.gettext("Backup restored"),
            tr.format(
                "The backup of {created} is restored as {path}.\n\nOpen this vault at the next"
                " start of the app instead of the current one? You will need its recovery key or"
                " the passphrase valid at that time.",
                {"created": made, "path": isolate(str(target))},
            ),
        ):
            self.ctx.settings.set(VAULT_PATH, str(target))


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False
