"""Renders the main screens with fictional demo data: `make screenshots` → docs/screenshots/.

`python -m willkommensordner.gui.screenshots OUT_DIR`. Everything happens in a temporary
folder (vault and settings) that is deleted afterwards; Qt runs offscreen. The main screens
are also rendered on a 1024×768 screen and on a 1400×900 screen at 150 % scale
(gui/small_screens.py, a process per screen).
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QEventLoop, QSize
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QDialog, QTabWidget, QWidget

from willkommensordner.content.store import PackStore, default_data_dir
from willkommensordner.gui.app import create_application
from willkommensordner.gui.conflicts.screenshots import (
    conflicts_for_screenshots,
    render_conflict_screens,
)
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.data_protection.screenshots import render_data_protection_screens
from willkommensordner.gui.dialogs import ScriptedAnswerer
from willkommensordner.gui.dossier.suggestion_dialogs import AcceptDialog, DismissDialog
from willkommensordner.gui.exchange.screenshots import render_exchange_screens
from willkommensordner.gui.information.screenshots import render_information_screens
from willkommensordner.gui.main_window import MainWindow, Page
from willkommensordner.gui.new_dossier_dialog import NewDossierDialog
from willkommensordner.gui.qt_i18n import apply_language, load_bundled_fonts
from willkommensordner.gui.settings import AGENCY, COUNSELLOR_NAME
from willkommensordner.gui.settings_dialog import SettingsDialog
from willkommensordner.gui.style import apply_style
from willkommensordner.guidance.analysis import save_analysis
from willkommensordner.i18n import translator
from willkommensordner.vault.demo_data import add_demo_dossiers
from willkommensordner.vault.kdf import KdfParams
from willkommensordner.vault.vault import Vault

SIZE = QSize(1280, 800)
DEMO_DOSSIERS = 60
PASSPHRASE = "Tee mit Minze am Montag 42"
# The shots are about the screens, not about key strength: a cheap KDF keeps them quick.
SHOT_KDF = KdfParams(memory_kib=8 * 1024, iterations=1, lanes=1)
# A fictional potential analysis for the dossier the shots open.
DEMO_ANALYSIS = {
    "languages": [{"language": "ar", "level": "native"}, {"language": "de", "level": "A2"}],
    "literacy": "fluent",
    "scripts": ["arabic", "latin"],
    "school_years": 11,
    "vocational_training": "vocational",
    "occupation": "Elektriker",
    "work_experience_years": 6,
    "qualification_to_recognise": True,
    "goals": ["language_course", "work"],
    "childcare_needed": True,
    "can_travel": True,
}


def settle(ms: int = 150) -> None:
    """Let queued signals, worker results and layouts run."""
    app = QCoreApplication.instance()
    assert app is not None
    loop = QEventLoop()
    from PySide6.QtCore import QTimer

    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    app.processEvents()


def wait_for(condition: Callable[[], bool], timeout_ms: int = 20_000) -> None:
    waited = 0
    while not condition() and waited < timeout_ms:
        settle(50)
        waited += 50
    if not condition():
        raise RuntimeError("screenshot state not reached")


def save(widget: QWidget, out: Path, name: str) -> Path:
    settle()
    target = out / f"{name}.png"
    widget.grab().save(str(target))
    print(target)
    return target


def fill_demo(vault: Vault, today: date, count: int = DEMO_DOSSIERS) -> None:
    add_demo_dossiers(vault, count, seed=3, today=today)


def _context(app: QApplication, language: str, folder: Path) -> GuiContext:
    tr = translator(language)
    apply_language(app, tr)
    ctx = GuiContext.create(
        tr,
        settings_path=folder / "settings.json",
        vault_path=folder / "data" / "vault.wko",
        answerer=ScriptedAnswerer(),
        kdf=SHOT_KDF,
    )
    ctx.settings.set(COUNSELLOR_NAME, "Erika Beispiel")
    ctx.settings.set(AGENCY, "Caritas Musterstadt")
    return ctx


def _window(ctx: GuiContext, app: QApplication) -> MainWindow:
    window = MainWindow(ctx, app)
    window.resize(SIZE)
    window.show()
    settle()
    return window


def _dialog_shot(dialog: QDialog, out: Path, name: str) -> None:
    dialog.adjustSize()
    dialog.show()
    save(dialog, out, name)
    dialog.reject()
    dialog.deleteLater()


def render(out: Path, language: str = "de") -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    app = create_application(["screenshots"])
    load_bundled_fonts()
    apply_style(app)
    if "Noto Sans" in QFontDatabase.families():
        app.setFont(QFont("Noto Sans", 10))
    shots: list[Path] = []
    today = date.today()
    with tempfile.TemporaryDirectory(prefix="wko-shots-") as tmp:
        folder = Path(tmp)

        # First start: the wizard.
        ctx = _context(app, language, folder / "first")
        window = _window(ctx, app)
        wizard = window.setup
        assert wizard is not None
        wizard.counsellor.setText("Erika Beispiel")
        wizard.agency.setText("Caritas Musterstadt")
        shots.append(save(window, out, "01-setup-welcome"))
        wizard.next()
        wizard.passphrase.first.setText("Tee mit Minze am")
        wizard.passphrase.second.setText("Tee mit Minze am")
        shots.append(save(window, out, "02-setup-passphrase"))
        wizard.passphrase.first.setText(PASSPHRASE)
        wizard.passphrase.second.setText(PASSPHRASE)
        wizard.understood.setChecked(True)
        wizard.next()
        wait_for(lambda: wizard.step == 2)
        shots.append(save(window, out, "03-setup-recovery-key"))
        wizard.kept.setChecked(True)
        wizard.next()
        shots.append(save(window, out, "03b-setup-content-pack"))
        wizard.next()
        wait_for(lambda: window.agenda.first_steps.isVisible() and not ctx.runner.busy)
        shots.append(save(window, out, "03c-first-steps"))
        window.lock()
        window.close()
        ctx.runner.wait_idle()

        # Daily work: a vault with demo dossiers.
        ctx = _context(app, language, folder / "daily")
        vault, _key = Vault.create(
            ctx.vault_path,
            PASSPHRASE,
            counsellor="Erika Beispiel",
            agency="Caritas Musterstadt",
            kdf=SHOT_KDF,
        )
        fill_demo(vault, today)
        # Demo dossiers come with the demo town's contact points, as "Load sample data" does.
        PackStore(default_data_dir()).set_demo_enabled(True)
        first = vault.summaries()[0].id
        deleted_note = conflicts_for_screenshots(vault, folder, first, SHOT_KDF)
        vault.close()
        window = _window(ctx, app)
        shots.append(save(window, out, "04-unlock"))
        window.unlock_view.passphrase.setText("falsch geraten, leider")
        window.unlock_view.try_unlock()
        wait_for(lambda: bool(window.unlock_view.message.text()) and not ctx.runner.busy)
        shots.append(save(window, out, "05-unlock-wrong-passphrase"))
        window.unlock_view.passphrase.setText(PASSPHRASE)
        window.unlock_view.try_unlock()
        wait_for(lambda: window.page is Page.AGENDA and not ctx.runner.busy)
        shots.append(save(window, out, "06-agenda"))
        window.show_list()
        wait_for(lambda: window.dossiers.model.rowCount() == DEMO_DOSSIERS)
        shots.append(save(window, out, "07-dossier-list"))
        window.dossiers.search.setText("Hadad")  # finds Haddad, spelled otherwise
        wait_for(lambda: window.dossiers.proxy.rowCount() < DEMO_DOSSIERS)
        shots.append(save(window, out, "08-dossier-list-search"))
        window.dossiers.search.clear()
        settle(300)

        dialog = NewDossierDialog(ctx, window)
        dialog.family_name.setText("Tesfaye")
        dialog.given_names.setText("Selam")
        dialog.native_name.setText("ሰላም ተስፋዬ")
        dialog.birth_date.setText("31.02.1995")
        dialog.language.setCurrentIndex(dialog.language.findData("ti"))
        dialog.save()  # shows the message next to the birth date
        _dialog_shot(dialog, out, "09-new-dossier")
        _dialog_shot(SettingsDialog(ctx, window), out, "10-settings")

        summary = window.dossiers.model.summary(0)
        save_analysis(ctx.require_vault(), summary.id, DEMO_ANALYSIS, completed_on=today)
        window.open_dossier(summary.id)
        settle(600)
        tabs = window.dossier.findChildren(QTabWidget)
        if tabs:
            tab = tabs[0]
            for n in range(tab.count()):
                tab.setCurrentIndex(n)
                settle(300)
                slug = "".join(c if c.isalnum() else "-" for c in tab.tabText(n).lower())
                shots.append(save(window, out, f"11-dossier-{n + 1}-{slug.strip('-')}"))
        else:
            shots.append(save(window, out, "11-dossier"))
        plan = window.dossier.plan
        if plan.guidance is not None and plan.guidance.suggestions:
            suggestion = plan.guidance.suggestions[0]
            _dialog_shot(AcceptDialog(ctx.tr, summary.id, suggestion), out, "11-dossier-accept")
            _dialog_shot(DismissDialog(ctx.tr, suggestion), out, "11-dossier-dismiss")
        shots.extend(render_information_screens(ctx, out))
        shots.extend(render_data_protection_screens(ctx, window, out))
        shots.extend(
            render_conflict_screens(window, out, save, wait_for, deleted_note, "18-conflicts")
        )
        shots.extend(render_exchange_screens(ctx, window, out, save, settle))
        window.lock()
        window.close()
        ctx.runner.wait_idle()

        # The same unlock page in Arabic: the layout mirrors; so do the analysis and the plan.
        ctx = _context(app, "ar", folder / "daily")
        window = _window(ctx, app)
        shots.append(save(window, out, "12-unlock-arabic"))
        window.unlock_view.passphrase.setText(PASSPHRASE)
        window.unlock_view.try_unlock()
        wait_for(lambda: window.page is Page.AGENDA and not ctx.runner.busy)
        window.open_dossier(summary.id)
        window.dossier.show_tab("analysis")
        shots.append(save(window, out, "16-dossier-analysis-arabic"))
        window.dossier.show_tab("plan")
        wait_for(lambda: window.dossier.plan.contacts is not None and not ctx.runner.busy)
        shots.append(save(window, out, "17-dossier-plan-arabic"))
        shots.extend(
            render_conflict_screens(window, out, save, wait_for, deleted_note, "19-conflicts-ar")
        )
        _dialog_shot(SettingsDialog(ctx, window), out, "19-settings-ar")
        window.lock()
        window.close()
        ctx.runner.wait_idle()
        apply_language(app, translator(language))
    return shots


SMALL_SCREENS = (("1024x768", 1.0), ("1400x900", 1.5))


def main(argv: Sequence[str] | None = None) -> int:
    from willkommensordner.gui.small_screens import configure_screen, render_sizes

    args = list(sys.argv[1:] if argv is None else argv)
    out = Path(args[0] if args else "docs/screenshots")
    # The app's data folder (content packs, the choice of demo content) of a fresh
    # installation, not the one of whoever renders the screenshots.
    with (
        tempfile.TemporaryDirectory(prefix="wko-shots-data-") as data,
        tempfile.TemporaryDirectory(prefix="wko-screen-") as tmp,
    ):
        os.environ["XDG_DATA_HOME"] = data
        # Room for the 1280×800 shots: every window is fitted to the screen it is shown on.
        configure_screen(SIZE.width() + 120, SIZE.height() + 100, 1.0, Path(tmp))
        render(out)
        failed = render_sizes(out, SMALL_SCREENS)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
