"""Fixtures for the GUI tests: a fresh context per test, its vault in tmp_path.

Use from a test module with `pytest_plugins = ("gui_support",)`. The dialogs are answered by
a `ScriptedAnswerer` (`answers.queue(Kind.QUESTION, True)`; `answers.asked` records all).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.dialogs import ScriptedAnswerer
from willkommensordner.i18n import translator
from willkommensordner.vault.kdf import KdfParams
from willkommensordner.vault.vault import Vault

GUI_KDF = KdfParams(memory_kib=1024, iterations=1, lanes=1)
GUI_PASSPHRASE = "Tee mit Minze am Montag 42"


@pytest.fixture
def answers() -> ScriptedAnswerer:
    return ScriptedAnswerer()


@pytest.fixture
def gui_ctx(qapp: QApplication, tmp_path: Path, answers: ScriptedAnswerer) -> Iterator[GuiContext]:
    """A locked context whose vault file does not exist yet (first start)."""
    ctx = GuiContext.create(
        translator("en"),
        settings_path=tmp_path / "config" / "settings.json",
        vault_path=tmp_path / "data" / "vault.wko",
        answerer=answers,
        kdf=GUI_KDF,
    )
    yield ctx
    ctx.runner.wait_idle(5000)
    if ctx.vault is not None:
        ctx.lock()


@pytest.fixture
def unlocked_ctx(gui_ctx: GuiContext) -> GuiContext:
    """A context with a new, empty, unlocked vault."""
    vault, _key = Vault.create(
        gui_ctx.vault_path,
        GUI_PASSPHRASE,
        counsellor="Erika Beispiel",
        agency="Caritas",
        kdf=GUI_KDF,
    )
    gui_ctx.set_vault(vault)
    return gui_ctx


def fixed_today() -> date:
    return date(2026, 3, 10)
