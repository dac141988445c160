"""The GUI infrastructure every view relies on: runner, bridge, settings, dialogs, context."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication

from willkommensordner.domain.dossier import Dossier
from willkommensordner.errors import InvalidInput, LockedError
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.dialogs import Choice, Dialogs, Kind, ScriptedAnswerer, UnexpectedDialog
from willkommensordner.gui.runner import Runner
from willkommensordner.gui.settings import (
    EXPIRY_WARNING_WEEKS,
    IDLE_LOCK_MINUTES,
    PRINT_LANGUAGES,
    UI_LANGUAGE,
    Settings,
)
from willkommensordner.i18n import translator

pytest_plugins = ("tests.gui_support",)


def test_runner_calls_back_on_gui_thread(qtbot, qapp: QApplication) -> None:
    runner = Runner()
    seen: dict[str, object] = {}

    def work() -> int:
        seen["worker"] = threading.current_thread() is threading.main_thread()
        return 41 + 1

    def done(result: int) -> None:
        seen["result"] = result
        seen["callback_thread"] = QThread.currentThread() is qapp.thread()

    with qtbot.waitSignal(runner.busy_changed, check_params_cb=lambda busy, _t: not busy):
        runner.submit(work, done)
    assert seen == {"worker": False, "result": 42, "callback_thread": True}
    assert not runner.busy


def test_runner_reports_failures_and_drops_results_after_discard(qtbot) -> None:
    errors: list[BaseException] = []
    runner = Runner(default_error=errors.append)
    release = threading.Event()
    results: list[int] = []
    runner.submit(lambda: release.wait(5) and 1, results.append)
    runner.discard_pending()  # as when the vault locks meanwhile
    release.set()
    runner.submit(lambda: (_ for _ in ()).throw(InvalidInput("Bad.")))
    qtbot.waitUntil(lambda: not runner.busy)
    assert results == []
    assert len(errors) == 1 and isinstance(errors[0], InvalidInput)


def test_bridge_delivers_changes_from_worker_threads(qtbot, unlocked_ctx: GuiContext) -> None:
    vault = unlocked_ctx.require_vault()
    dossier = Dossier(family_name="Haddad", given_names="Lina")
    with qtbot.waitSignal(unlocked_ctx.bridge.dossiers_changed) as blocker:
        unlocked_ctx.runner.submit(lambda: vault.records.save(dossier))
    assert dossier.id in blocker.args[0]


def test_lock_closes_vault_and_detaches_bridge(qtbot, unlocked_ctx: GuiContext) -> None:
    vault = unlocked_ctx.require_vault()
    with qtbot.waitSignal(unlocked_ctx.bridge.locked):
        unlocked_ctx.lock()
    assert unlocked_ctx.locked
    with pytest.raises(LockedError):
        unlocked_ctx.require_vault()
    with pytest.raises(Exception):  # noqa: B017 - any error: the connection is closed
        vault.summaries()


def test_settings_defaults_roundtrip_and_bad_values(tmp_path: Path, qapp) -> None:
    path = tmp_path / "cfg" / "settings.json"
    settings = Settings(path)
    assert settings.get(IDLE_LOCK_MINUTES) == 5
    assert settings.get(EXPIRY_WARNING_WEEKS) == 8
    assert settings.get(PRINT_LANGUAGES) == ["de"]
    changed: list[str] = []
    settings.changed.connect(changed.append)
    settings.set(IDLE_LOCK_MINUTES, 10)
    settings.set(PRINT_LANGUAGES, ["de", "ar"])
    assert changed == ["idle_lock_minutes", "print_languages"]
    with pytest.raises(ValueError):
        settings.set(IDLE_LOCK_MINUTES, 0)
    with pytest.raises(ValueError):
        settings.set(UI_LANGUAGE, "xx")
    again = Settings(path)
    assert again.get(IDLE_LOCK_MINUTES) == 10
    assert again.get(PRINT_LANGUAGES) == ["de", "ar"]
    # A hand-edited file with nonsense falls back to the defaults per key.
    path.write_text(json.dumps({"idle_lock_minutes": "soon", "expiry_warning_weeks": 3}))
    edited = Settings(path)
    assert edited.get(IDLE_LOCK_MINUTES) == 5
    assert edited.get(EXPIRY_WARNING_WEEKS) == 3
    path.write_text("{not json")
    assert Settings(path).get(IDLE_LOCK_MINUTES) == 5


def test_dialogs_are_answered_by_the_answerer(qapp) -> None:
    answers = ScriptedAnswerer()
    dialogs = Dialogs(translator("en"), answers)
    answers.queue(Kind.QUESTION, True)
    answers.queue(Kind.SAVE_DISCARD_CANCEL, Choice.DISCARD)
    answers.queue(Kind.SAVE_FILE, "/tmp/x.pdf")
    assert dialogs.ask("Delete?", "Really?") is True
    assert dialogs.save_discard_cancel("Unsaved", "Save?") is Choice.DISCARD
    assert dialogs.save_file("Save", "sheet.pdf") == Path("/tmp/x.pdf")
    dialogs.show_error(RuntimeError("secret name Haddad"))
    [shown] = answers.messages(Kind.ERROR)
    assert "Haddad" not in shown.text and "Nothing was changed" in shown.text
    with pytest.raises(UnexpectedDialog):
        dialogs.open_file("Open")
