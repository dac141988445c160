"""Desktop figures with 10,000 dossiers: start to unlock page, unlock to agenda (after the KDF),
work per keystroke in the list filter, and peak memory. Real widgets, offscreen."""

from __future__ import annotations

import multiprocessing
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.bench_vault import DOSSIERS, fill
from bench.table import Row, median, percentile
from willkommensordner.vault.kdf import KdfParams
from willkommensordner.vault.vault import Vault


def _wait(app: object, condition: Callable[[], bool], timeout: float = 60.0) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        app.processEvents()  # type: ignore[attr-defined]
        if time.perf_counter() > deadline:
            raise TimeoutError("the window did not get there in time")
        time.sleep(0.001)


def _cold_start(vault_path: Path, settings: Path) -> float:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "WKO_EXIT_WHEN_READY": "1",
    }
    samples = []
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "willkommensordner", "--vault", str(vault_path)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        samples.append(time.perf_counter() - started)
    return median(samples)


def _create(path: Path, passphrase: str, kdf: KdfParams, count: int) -> None:
    vault, _ = Vault.create(path, passphrase, kdf=kdf)
    with vault:
        fill(vault, count)


def run() -> list[Row]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from willkommensordner.gui.app import create_application
    from willkommensordner.gui.context import GuiContext
    from willkommensordner.gui.dialogs import ScriptedAnswerer
    from willkommensordner.gui.main_window import MainWindow, Page
    from willkommensordner.gui.pyside_workarounds import pin_none
    from willkommensordner.i18n import translator

    pin_none()
    app = create_application(["bench"])
    rows: list[Row] = []
    passphrase = "bench passphrase for the desktop"
    # A cheap KDF: the goal for unlock -> agenda is stated "after the KDF".
    kdf = KdfParams(memory_kib=1024, iterations=1, lanes=1)
    with tempfile.TemporaryDirectory(prefix="wko-bench-gui-") as tmp:
        folder = Path(tmp)
        vault_path = folder / "data" / "vault.wko"
        # In another process: the peak memory measured below is the desktop's, not the bulk
        # writer's (which holds a batch and a large page cache).
        writer = multiprocessing.get_context("spawn").Process(
            target=_create, args=(vault_path, passphrase, kdf, DOSSIERS)
        )
        writer.start()
        writer.join()
        if writer.exitcode != 0:
            raise RuntimeError("writing the bench dossiers failed")
        rows.append(
            Row(
                "desktop",
                "start to unlock page (new process)",
                _cold_start(vault_path, folder / "s.json"),
                "s",
            )
        )

        ctx = GuiContext.create(
            translator("de"),
            settings_path=folder / "settings.json",
            vault_path=vault_path,
            answerer=ScriptedAnswerer(),
            kdf=kdf,
        )
        started = time.perf_counter()
        window = MainWindow(ctx, app)
        window.show()
        _wait(app, lambda: window.page is Page.UNLOCK)
        rows.append(
            Row(
                "desktop",
                "main window to unlock page (in process)",
                (time.perf_counter() - started) * 1000,
                "ms",
            )
        )

        window.unlock_view.passphrase.setText(passphrase)
        started = time.perf_counter()
        window.unlock_view.try_unlock()
        _wait(app, lambda: window.page is Page.AGENDA and not ctx.runner.busy)
        rows.append(
            Row(
                "desktop",
                f"unlock to agenda with {DOSSIERS:,} (after the KDF)",
                time.perf_counter() - started,
                "s",
                1.0,
            )
        )

        started = time.perf_counter()
        window.show_list()
        _wait(app, lambda: window.dossiers.model.rowCount() == DOSSIERS and not ctx.runner.busy)
        rows.append(
            Row(
                "desktop",
                f"list of {DOSSIERS:,} loaded (worker)",
                time.perf_counter() - started,
                "s",
            )
        )

        vault = ctx.require_vault()
        names = [r[0] for r in vault.db.query("SELECT family_name FROM dossier LIMIT 500")]
        rng = random.Random(3)
        total, gui_only = [], []
        for name in rng.sample(names, 40):
            for end in range(1, min(len(name), 6) + 1):
                text = name[:end]
                t0 = time.perf_counter()
                ids = vault.search.find(text, limit=1_000_000)
                t1 = time.perf_counter()
                window.dossiers._apply_search(ids)
                app.processEvents()
                t2 = time.perf_counter()
                total.append((t2 - t0) * 1000)
                gui_only.append((t2 - t1) * 1000)
        rows.append(
            Row(
                "desktop",
                "filter per keystroke p95 (search + view)",
                percentile(total, 95),
                "ms",
                50,
            )
        )
        rows.append(
            Row("desktop", "  of it on the GUI thread, p95", percentile(gui_only, 95), "ms")
        )
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        rows.append(Row("desktop", f"peak memory (RSS) with {DOSSIERS:,}", rss, "MB"))
        window.lock()
        window.close()
        ctx.runner.wait_idle(5000)
    return rows
