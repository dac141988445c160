"""Starts the real app (on the display and D-Bus session it is given) and shows one screen
after the other; for each, the AT-SPI walker (tests/atspi/walker.py, system Python) reads the
tree while the event loop keeps answering it. Prints one JSON line per screen, then quits.

`tour.py VAULT_DIR` (a fresh folder). Used by tests/test_gui_atspi.py.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QProcess, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from willkommensordner.domain.appointment import Appointment
from willkommensordner.gui.accessibility import install_accessibility_rules
from willkommensordner.gui.app import create_application
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.desktop_integration import add_about_action
from willkommensordner.gui.dialogs import ScriptedAnswerer
from willkommensordner.gui.main_window import MainWindow
from willkommensordner.gui.style import apply_style
from willkommensordner.i18n import translator
from willkommensordner.vault.demo_data import add_demo_dossiers
from willkommensordner.vault.kdf import KdfParams
from willkommensordner.vault.vault import Vault

WALKER = Path(__file__).with_name("walker.py")
PASSPHRASE = "Tee mit Minze am Montag 42"
SYSTEM_PYTHON = os.environ.get("WKO_ATSPI_PYTHON", "/usr/bin/python3")


class Tour:
    def __init__(self, app: QApplication, folder: Path) -> None:
        self.app = app
        vault_path = folder / "vault.wko"
        kdf = KdfParams(memory_kib=1024, iterations=1, lanes=1)
        vault, _key = Vault.create(vault_path, PASSPHRASE, counsellor="E. B.", agency="A", kdf=kdf)
        add_demo_dossiers(vault, 3)
        vault.close()
        self.ctx = GuiContext.create(
            translator("de"),
            settings_path=folder / "settings.json",
            vault_path=vault_path,
            answerer=ScriptedAnswerer(),
            kdf=kdf,
        )
        self.window = MainWindow(self.ctx, app)
        add_about_action(self.window, self.ctx)
        self.window.resize(1200, 780)
        self.window.show()
        self.extra: QWidget | None = None
        self.steps: list[tuple[str, Callable[[], None]]] = [("unlock", lambda: None)]
        self.steps.append(("agenda", self._unlock))
        self.steps.append(("dossier list", self.window.show_list))
        self.steps.append(("dossier", self._open_dossier))
        self.tab_count = 0
        self.attempts = 0
        self.walker = QProcess()
        self.walker.finished.connect(self._walked)

    def start(self) -> None:
        QTimer.singleShot(500, self._next)

    def _unlock(self) -> None:
        self.ctx.set_vault(Vault.unlock(self.ctx.vault_path, PASSPHRASE))
        self.window.unlock_view.unlocked.emit()

    def _open_dossier(self) -> None:
        dossier_id = self.ctx.require_vault().records.dossier_ids()[0]
        self.window.open_dossier(dossier_id)
        tabs = self.window.dossier.tabs
        for index in range(1, tabs.count()):
            self.steps.append(
                (f"dossier tab {tabs.tabText(index)}", lambda i=index: tabs.setCurrentIndex(i))
            )
        self.steps.append(("appointment dialog", self._appointment))
        self.steps.append(("export dialog", self._export))
        self.steps.append(("import dialog", self._import))
        self.steps.append(("settings", self._settings))

    def _dialog(self, dialog: QWidget) -> None:
        if self.extra is not None:
            self.extra.close()
            self.extra.deleteLater()
        self.extra = dialog
        dialog.show()
        dialog.activateWindow()

    def _appointment(self) -> None:
        from willkommensordner.gui.dossier.timeline_tab import AppointmentDialog

        dossier_id = self.window.dossier.dossier_id
        start = Appointment(dossier_id=dossier_id, start=datetime(2026, 4, 1, 9, 0))
        self._dialog(AppointmentDialog(self.ctx.tr, "Neuer Termin", start))

    def _export(self) -> None:
        from willkommensordner.gui.exchange.export_dialog import ExportDialog

        self._dialog(ExportDialog(self.ctx, self.window.dossier.dossier_id, self.window))

    def _import(self) -> None:
        from willkommensordner.gui.exchange.import_preview import FilePassphraseDialog

        self._dialog(FilePassphraseDialog(self.ctx, "", self.window))

    def _settings(self) -> None:
        from willkommensordner.gui.settings_dialog import SettingsDialog

        self._dialog(SettingsDialog(self.ctx, self.window))

    def _next(self) -> None:
        if not self.steps:
            if self.extra is not None:
                self.extra.close()
            self.ctx.runner.wait_idle(5000)
            self.app.quit()
            return
        self.screen, show = self.steps.pop(0)
        show()
        # Time for the page to lay out and for Qt's bridge to register what appeared.
        QTimer.singleShot(400, self._walk)

    def _walk(self) -> None:
        self.walker.start(SYSTEM_PYTHON, [str(WALKER), str(os.getpid())])

    def _walked(self) -> None:
        output = bytes(self.walker.readAllStandardOutput().data()).decode("utf-8", "replace")
        errors = bytes(self.walker.readAllStandardError().data()).decode("utf-8", "replace")
        try:
            tree = json.loads(output)
        except ValueError:
            tree = {"error": (output + errors)[-2000:]}
        if "error" in tree and self.attempts < 20:
            # The app registers on the accessibility bus shortly after its first window.
            self.attempts += 1
            QTimer.singleShot(250, self._walk)
            return
        self.attempts = 0
        print(json.dumps({"screen": self.screen, **tree}, ensure_ascii=False), flush=True)
        QTimer.singleShot(0, self._next)


def main() -> int:
    app = create_application([sys.argv[0]])
    apply_style(app)
    install_accessibility_rules(app)
    tour = Tour(app, Path(sys.argv[1]))
    tour.start()
    return int(app.exec())


if __name__ == "__main__":
    sys.exit(main())
