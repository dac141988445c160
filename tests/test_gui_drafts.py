"""Unsaved edits survive the idle lock and a crash, encrypted in the vault and nowhere else."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from tests.gui_support import GUI_KDF, GUI_PASSPHRASE
from tests.test_gui_flows import PASSPHRASE, add_dossier, run_wizard, window  # noqa: F401
from willkommensordner.domain.dossier import Dossier
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.dialogs import DialogRequest, Kind, ScriptedAnswerer
from willkommensordner.gui.dossier.timeline_tab import AppointmentDialog
from willkommensordner.gui.main_window import MainWindow, Page
from willkommensordner.vault.vault import Vault

pytest_plugins = ("tests.gui_support",)

EMAIL = "lina.entwurf@example.org"
PURPOSE = "Anmeldung Integrationskurs Entwurf"


def _unlock(qtbot, window: MainWindow, passphrase: str) -> None:  # noqa: F811
    window.unlock_view.passphrase.setText(passphrase)
    qtbot.mouseClick(window.unlock_view.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.ctx.locked, timeout=10_000)


def _idle_lock(qtbot, window: MainWindow) -> None:  # noqa: F811
    window.idle.set_timeout_ms(100)
    qtbot.waitUntil(lambda: window.ctx.locked, timeout=5000)


def _window_over_existing_vault(qtbot, ctx: GuiContext, qapp) -> MainWindow:
    win = MainWindow(ctx, qapp)
    qtbot.addWidget(win)
    win.show()
    assert win.page is Page.UNLOCK
    return win


def _button(tab, text: str) -> QPushButton:
    return next(b for b in tab.findChildren(QPushButton) if b.text().replace("&", "") == text)


def test_idle_lock_keeps_the_person_form_and_an_open_dialog(
    qtbot,
    window: MainWindow,  # noqa: F811
    gui_ctx: GuiContext,
    answers: ScriptedAnswerer,
    tmp_path: Path,
) -> None:
    run_wizard(qtbot, window, answers, tmp_path)
    add_dossier(qtbot, window, answers, family_name="Haddad", given_names="Lina")
    assert window.page is Page.DOSSIER
    view = window.dossier
    qtbot.keyClicks(view.person.email, EMAIL)
    assert view.has_unsaved_changes()

    # The counsellor leaves: the idle lock comes while the person form is dirty.
    _idle_lock(qtbot, window)
    assert view.person.email.text() == ""
    [draft] = Vault.unlock(gui_ctx.vault_path, PASSPHRASE).drafts.all()
    assert draft.state["fields"]["email"] == EMAIL

    _unlock(qtbot, window, PASSPHRASE)
    qtbot.waitUntil(lambda: window.page is Page.DOSSIER, timeout=10_000)
    assert view.person.email.text() == EMAIL
    assert view.has_unsaved_changes() and view.save_button.isEnabled()
    [told] = [m for m in answers.messages(Kind.INFO) if "restored" in m.text]
    assert "Person & household – Haddad, Lina" in told.text
    assert answers.asked[-1] is told  # told, not asked: the counsellor's own edits

    # Saved now: the vault keeps no draft any more.
    assert view.save_changes()
    qtbot.waitUntil(lambda: gui_ctx.require_vault().drafts.all() == [], timeout=5000)

    # A dialog open over the idle lock comes back with what was typed into it.
    view.show_tab("timeline")
    typed: list[str] = []

    def type_then_walk_away(request: DialogRequest) -> int:
        dialog = request.widget
        assert isinstance(dialog, AppointmentDialog)
        dialog.day.set_text("14.04.2027")
        qtbot.keyClicks(dialog.purpose, PURPOSE)
        _idle_lock(qtbot, window)
        typed.append(dialog.purpose.text())
        return dialog.result()

    def check_and_save(request: DialogRequest) -> int:
        dialog = request.widget
        assert isinstance(dialog, AppointmentDialog)
        assert dialog.purpose.text() == PURPOSE
        assert dialog.day.text() == "14.04.2027"
        dialog.accept()
        return dialog.result()

    answers.queue(Kind.DIALOG, type_then_walk_away)
    answers.queue(Kind.DIALOG, check_and_save)
    qtbot.mouseClick(_button(view.timeline, "New appointment…"), Qt.MouseButton.LeftButton)
    assert gui_ctx.locked and typed == [""]  # the lock emptied the dialog
    _unlock(qtbot, window, PASSPHRASE)
    qtbot.waitUntil(lambda: view.timeline.model.rowCount() == 1, timeout=10_000)
    [appointment] = view.timeline.model.rows()
    assert appointment.purpose == PURPOSE
    assert any("New appointment" in m.text for m in answers.messages(Kind.INFO))
    qtbot.waitUntil(lambda: gui_ctx.require_vault().drafts.all() == [], timeout=5000)


def test_a_clean_close_leaves_no_draft(
    qtbot,
    window: MainWindow,  # noqa: F811
    gui_ctx: GuiContext,
    answers: ScriptedAnswerer,
    tmp_path: Path,
) -> None:
    run_wizard(qtbot, window, answers, tmp_path)
    add_dossier(qtbot, window, answers, family_name="Tesfaye", given_names="Selam")
    qtbot.keyClicks(window.dossier.person.phone, "0151 000")
    window.drafts.save_if_changed()
    assert len(gui_ctx.require_vault().drafts.all()) == 1
    answers.queue(Kind.SAVE_DISCARD_CANCEL, "discard")
    window.close()
    assert gui_ctx.locked
    assert Vault.unlock(gui_ctx.vault_path, PASSPHRASE).drafts.all() == []


# The app, as a process of its own: unlock, open the dossier, type, wait for the draft.
EDITING_APP = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from PySide6.QtCore import QTimer
    from PySide6.QtTest import QTest
    from willkommensordner.gui.app import create_application
    from willkommensordner.gui.context import GuiContext
    from willkommensordner.gui.main_window import MainWindow
    from willkommensordner.i18n import translator

    vault_path, settings_path, dossier_id, passphrase, text = sys.argv[1:6]
    app = create_application()
    ctx = GuiContext.create(
        translator("de"), settings_path=Path(settings_path), vault_path=Path(vault_path)
    )
    window = MainWindow(ctx, app)
    window.show()
    window.unlock_view.passphrase.setText(passphrase)
    window.unlock_view.try_unlock()
    state = {"typed": False}

    def step():
        if ctx.vault is None:
            return
        if not state["typed"]:
            window.open_dossier(dossier_id)
            QTest.keyClicks(window.dossier.person.email, text)
            state["typed"] = True
            print("typed", flush=True)
        elif ctx.vault.drafts.all():
            print("drafted", flush=True)
            ticker.stop()

    ticker = QTimer()
    ticker.timeout.connect(step)
    ticker.start(100)
    app.exec()
    """
)


def _files_with(text: str, roots: list[Path], since: float) -> list[Path]:
    needles = (text.encode("utf-8"), text.encode("utf-16-le"))
    found = []
    # os.walk, not rglob: other tests (xdist workers) create and remove folders under /tmp
    # while this walks it, and os.walk skips a folder that vanished instead of raising.
    paths = (
        Path(folder) / name
        for root in roots
        for folder, _, names in os.walk(root)
        for name in names
    )
    for path in paths:
        try:
            if not path.is_file() or path.stat().st_mtime < since:
                continue
            if path.stat().st_size > 64 * 1024 * 1024:
                continue
            data = path.read_bytes()
        except OSError:
            continue
        if any(n in data for n in needles):
            found.append(path)
    return found


def test_after_a_crash_the_next_unlock_offers_the_draft(
    qtbot, qapp, gui_ctx: GuiContext, answers: ScriptedAnswerer, tmp_path: Path
) -> None:
    started = time.time() - 1
    vault, _key = Vault.create(gui_ctx.vault_path, GUI_PASSPHRASE, kdf=GUI_KDF)
    dossier = vault.records.save(Dossier(family_name="Haddad", given_names="Lina"))
    vault.close()
    script = tmp_path / "editing_app.py"
    script.write_text(EDITING_APP, encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path / "home")}
    app = subprocess.Popen(
        [
            sys.executable,
            str(script),
            str(gui_ctx.vault_path),
            str(gui_ctx.settings.path),
            dossier.id,
            GUI_PASSPHRASE,
            EMAIL,
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert app.stdout is not None
        lines = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and "drafted" not in lines:
            line = app.stdout.readline()
            if not line:
                break
            lines.append(line.strip())
        assert "drafted" in lines, (lines, app.stderr.read() if app.stderr else "")
    finally:
        app.send_signal(signal.SIGKILL)  # the power cut: nothing of the app runs any more
        app.wait(10)
        for stream in (app.stdout, app.stderr):
            if stream:
                stream.close()
    assert app.returncode == -signal.SIGKILL

    # The typed text is nowhere in the clear: not beside the vault, not in a temp file.
    assert _files_with(EMAIL, [tmp_path, Path(tempfile.gettempdir())], started) == []

    win = _window_over_existing_vault(qtbot, gui_ctx, qapp)
    answers.queue(Kind.QUESTION, True)
    _unlock(qtbot, win, GUI_PASSPHRASE)
    qtbot.waitUntil(lambda: win.page is Page.DOSSIER, timeout=10_000)
    [offer] = [r for r in answers.asked if r.kind is Kind.QUESTION]
    assert "not closed properly" in offer.text and "Haddad, Lina" in offer.text
    assert win.dossier.person.email.text() == EMAIL
    assert win.dossier.has_unsaved_changes()
    assert win.dossier.save_changes()  # every restored field is valid, also the language


def test_a_declined_draft_is_dropped(
    qtbot, qapp, gui_ctx: GuiContext, answers: ScriptedAnswerer
) -> None:
    from willkommensordner.vault.drafts import Draft

    vault, _key = Vault.create(gui_ctx.vault_path, GUI_PASSPHRASE, kdf=GUI_KDF)
    dossier = vault.records.save(Dossier(family_name="Popescu", given_names="Ion"))
    vault.drafts.replace(
        [
            Draft(
                key=f"person:{dossier.id}",
                title="Person – Popescu, Ion",
                state={"form": "person", "fields": {"email": EMAIL}},
                dossier_id=dossier.id,
            )
        ]
    )
    vault.close()
    win = _window_over_existing_vault(qtbot, gui_ctx, qapp)
    answers.queue(Kind.QUESTION, False)
    _unlock(qtbot, win, GUI_PASSPHRASE)
    qtbot.waitUntil(lambda: win.page is Page.AGENDA, timeout=10_000)
    assert gui_ctx.require_vault().drafts.all() == []


def test_a_lock_while_the_offer_is_open_keeps_the_drafts(
    qtbot, qapp, gui_ctx: GuiContext, answers: ScriptedAnswerer
) -> None:
    from willkommensordner.vault.drafts import Draft

    vault, _key = Vault.create(gui_ctx.vault_path, GUI_PASSPHRASE, kdf=GUI_KDF)
    dossier = vault.records.save(Dossier(family_name="Popescu", given_names="Ion"))
    draft = Draft(
        key=f"person:{dossier.id}",
        title="Person – Popescu, Ion",
        state={"form": "person", "fields": {"email": EMAIL}},
        dossier_id=dossier.id,
    )
    vault.drafts.replace([draft])
    vault.close()
    win = _window_over_existing_vault(qtbot, gui_ctx, qapp)

    def walk_away(_request: DialogRequest) -> bool:
        win.lock(idle=True)  # the idle lock comes while the question waits
        return False

    answers.queue(Kind.QUESTION, walk_away)
    win.unlock_view.passphrase.setText(GUI_PASSPHRASE)
    qtbot.mouseClick(win.unlock_view.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(r.kind is Kind.QUESTION for r in answers.asked), timeout=10_000)
    assert gui_ctx.locked and win.page is Page.UNLOCK
    assert [d.key for d in Vault.unlock(gui_ctx.vault_path, GUI_PASSPHRASE).drafts.all()] == [
        draft.key
    ]
    _unlock(qtbot, win, GUI_PASSPHRASE)
    qtbot.waitUntil(lambda: win.page is Page.DOSSIER, timeout=10_000)
    assert win.dossier.person.email.text() == EMAIL
    assert any("restored" in m.text for m in answers.messages(Kind.INFO))
    win.dossier.revert_changes()
