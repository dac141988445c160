"""The exchange screens with 1,000 dossiers: consent check, writing, preview and import through
the real dialogs (offscreen), and the longest the GUI thread went without running meanwhile."""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.bench_vault import fill
from bench.table import Row

DOSSIERS = 1000
STALL_GOAL_MS = 100.0
PASSPHRASE = "Tee mit Minze am Montag 42"


class _Heartbeat:
    """A 5 ms timer on the GUI thread; the longest gap between its ticks is the stall."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.last = 0.0
        self.longest = 0.0

    def start(self) -> None:
        self.last, self.longest = time.perf_counter(), 0.0
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now

    def stop(self) -> float:
        self.timer.stop()
        return self.longest * 1000


def run() -> list[Row]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from willkommensordner.exchange.contacts import ContactBook
    from willkommensordner.exchange.keys import AgencyIdentity
    from willkommensordner.gui.app import create_application
    from willkommensordner.gui.context import GuiContext
    from willkommensordner.gui.dialogs import DialogRequest, Kind, ScriptedAnswerer
    from willkommensordner.gui.exchange.export_dialog import ExportDialog
    from willkommensordner.gui.exchange.import_flow import ImportFlow
    from willkommensordner.gui.pyside_workarounds import pin_none
    from willkommensordner.i18n import translator
    from willkommensordner.vault.kdf import KdfParams
    from willkommensordner.vault.vault import Vault

    pin_none()
    app = create_application(["bench"])
    kdf = KdfParams(memory_kib=1024, iterations=1, lanes=1)

    def wait(condition: Callable[[], bool], timeout: float = 600.0) -> None:
        deadline = time.perf_counter() + timeout
        while not condition():
            app.processEvents()
            time.sleep(0.001)
            if time.perf_counter() > deadline:
                raise TimeoutError("the exchange screens did not finish in time")

    def context(vault: Vault, answers: ScriptedAnswerer) -> GuiContext:
        ctx = GuiContext.create(
            translator("de"),
            settings_path=vault.path.parent / "settings.json",
            vault_path=vault.path,
            answerer=answers,
            kdf=kdf,
        )
        ctx.set_vault(vault)
        return ctx

    with tempfile.TemporaryDirectory(prefix="wko-bench-exgui-") as tmp:
        folder = Path(tmp)
        a, _ = Vault.create(
            folder / "a" / "vault.wko", PASSPHRASE, counsellor="A", agency="Caritas", kdf=kdf
        )
        b, _ = Vault.create(
            folder / "b" / "vault.wko", PASSPHRASE, counsellor="B", agency="Diakonie", kdf=kdf
        )
        fill(a, DOSSIERS)
        ContactBook(a.db).add("Diakonie", AgencyIdentity.load_or_create(b.db).public, verified=True)
        ContactBook(b.db).add("Caritas", AgencyIdentity.load_or_create(a.db).public, verified=True)
        answers_a, answers_b = ScriptedAnswerer(), ScriptedAnswerer()
        ctx_a, ctx_b = context(a, answers_a), context(b, answers_b)
        beat = _Heartbeat()

        dialog = ExportDialog(ctx_a)
        dialog.show()
        wait(lambda: dialog.picker.model.rowCount() == DOSSIERS)
        dialog.everything.setChecked(True)
        dialog.check_partner("Diakonie")
        out = folder / "all.wkox"
        beat.start()
        started = time.perf_counter()
        dialog.export_button.click()
        wait(lambda: not dialog.busy)
        check = time.perf_counter() - started
        # The demo consents name other recipients: the export goes ahead with a reason.
        dialog.reason.setPlainText("Messung der Geschwindigkeit")
        answers_a.queue(Kind.SAVE_FILE, str(out))
        started = time.perf_counter()
        button = dialog.override_button if dialog.block_box.isVisible() else dialog.export_button
        button.click()
        wait(lambda: dialog.result_ is not None or bool(answers_a.messages(Kind.ERROR)))
        write = time.perf_counter() - started
        export_stall = beat.stop()

        flow = ImportFlow(ctx_b)
        previewed: list[float] = []

        def accept(_request: DialogRequest) -> int:
            previewed.append(time.perf_counter())
            return 1

        answers_b.queue(Kind.OPEN_FILE, str(out))
        answers_b.queue(Kind.DIALOG, accept)
        beat.start()
        started = time.perf_counter()
        flow.run()
        wait(lambda: not flow.running)
        ended = time.perf_counter()
        import_stall = beat.stop()
        imported = len(b.summaries())
        for ctx in (ctx_a, ctx_b):
            ctx.runner.wait_idle()
            ctx.lock()
    if imported != DOSSIERS:
        raise RuntimeError("the import did not bring every dossier")
    area = "exchange GUI"
    return [
        Row(area, f"consent check, {DOSSIERS} dossiers", check, "s"),
        Row(area, f"write the file, {DOSSIERS} dossiers", write, "s"),
        Row(area, "longest GUI-thread stall while exporting", export_stall, "ms", STALL_GOAL_MS),
        Row(area, f"import preview, {DOSSIERS} dossiers", previewed[0] - started, "s"),
        Row(area, "backup + import", ended - previewed[0], "s"),
        Row(area, "longest GUI-thread stall while importing", import_stall, "ms", STALL_GOAL_MS),
    ]
