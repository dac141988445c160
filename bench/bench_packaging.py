"""The built bundle (make package): its size, and how fast it starts from cold.

Measured only when dist/willkommensordner/ exists; otherwise one note row says so. Start
times are wall clock from process start to exit in a throw-away HOME with a small vault:
- GUI: with WKO_EXIT_WHEN_READY=1 the app quits as soon as the unlock page is up and the event
  loop runs (gui/desktop_integration.py), so this is "double-click to unlock dialog".
- CLI: `--version` (the frozen interpreter and imports) and `list --json` (unlock with a cheap
  KDF, then read the vault), as a script would use the bundle.
"Cold" means a new process each time (interpreter, imports, Qt, fonts); the file cache is
whatever the machine has, so the slowest of the runs is reported beside the median.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.table import Row, median

ROOT = Path(__file__).resolve().parents[1]
BUNDLE = ROOT / "dist" / "willkommensordner"
PASSPHRASE = "Bench am Bahnhof, Gleis sieben"
RUNS = 5


def _executable() -> Path:
    name = "willkommensordner-cli.exe" if sys.platform == "win32" else "willkommensordner"
    return BUNDLE / name


def _size_mb(folder: Path) -> float:
    # Symbolic links (libQt6*.so.6 beside PySide6/Qt/lib) would count their target twice.
    files = (p for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    return sum(p.stat().st_size for p in files) / 1e6


def _timed_run(args: list[str], env: dict[str, str], expect: str = "") -> float:
    started = time.perf_counter()
    result = subprocess.run(args, capture_output=True, text=True, env=env, timeout=120)
    elapsed = time.perf_counter() - started
    if result.returncode != 0 or expect not in result.stdout:
        raise RuntimeError(f"{args[1:]} failed ({result.returncode}): {result.stderr[-400:]}")
    return elapsed


def run() -> list[Row]:
    exe = _executable()
    if not exe.exists():
        return [Row("packaging", "no bundle in dist/ (run make package)", 0.0, "")]
    rows = [Row("packaging", "bundle size (one folder, unpacked)", _size_mb(BUNDLE), "MB", 350)]
    with tempfile.TemporaryDirectory(prefix="wko-bench-") as home:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "WKO_", "QT_"))}
        env.update(HOME=home, QT_QPA_PLATFORM="offscreen", WKO_PASSPHRASE=PASSPHRASE)
        init = [str(exe), "init", "--kdf-memory-mib", "8", "--kdf-iterations", "1"]
        subprocess.run(init, check=True, capture_output=True, env=env)
        subprocess.run(
            [str(exe), "demo", "--dossiers", "20"], check=True, capture_output=True, env=env
        )

        gui_env = {**env, "WKO_EXIT_WHEN_READY": "1"}
        gui = [str(exe)]
        if sys.platform == "win32":
            gui = [str(BUNDLE / "Willkommensordner.exe")]
        starts = [_timed_run(gui, gui_env, "ready: unlock") for _ in range(RUNS)]
        rows.append(
            Row("packaging", "cold start to unlock page (GUI), median", median(starts), "s", 3.0)
        )
        rows.append(
            Row("packaging", "cold start to unlock page (GUI), slowest", max(starts), "s", 6.0)
        )

        version = [
            _timed_run([str(exe), "--version"], env, "willkommensordner") for _ in range(RUNS)
        ]
        rows.append(Row("packaging", "`--version` (CLI)", median(version), "s", 1.5))
        listing = [_timed_run([str(exe), "list", "--json"], env, "[") for _ in range(RUNS)]
        rows.append(Row("packaging", "`list --json`, 20 dossiers (CLI)", median(listing), "s", 3.0))
    return rows
