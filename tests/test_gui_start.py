"""Starting the app as a user does: `make run` on a display, `--vault`, `--portable`, the locale.

These start real processes: `make run` on a virtual X display (Xvfb) must map a window there,
and `willkommensordner` must open the vault the command line names. The app's ready hook
(WKO_EXIT_WHEN_READY=1, gui/desktop_integration.py) prints the first page, the UI language
and the vault path, then quits.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_packaging_portable import LAUNCHER
from tests.x_display import gui_env, stop_group, visible_windows, wait_for, xvfb

ROOT = Path(__file__).resolve().parents[1]
PASSPHRASE = "Bahnhofstraße zwölf, dritter Stock"
WKO = [sys.executable, "-m", "willkommensordner"]


def _ready(args: list[str], env: dict[str, str]) -> dict[str, str]:
    """Run the app up to its first page; what the ready hook printed, as a dict."""
    env = {**env, "QT_QPA_PLATFORM": "offscreen", "WKO_EXIT_WHEN_READY": "1"}
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    found = {}
    for line in done.stdout.splitlines():
        key, sep, value = line.partition(": ")
        if sep:
            found[key] = value
    return found


def _init(args: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(
        [*args, "init", "--kdf-memory-mib", "8", "--kdf-iterations", "1"],
        env={**env, "WKO_PASSPHRASE": PASSPHRASE},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr


def test_make_run_maps_a_window_on_the_users_display(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    with xvfb("1280x800") as display:
        env = gui_env(home, display)
        app = subprocess.Popen(
            ["make", "--no-print-directory", "-C", str(ROOT), "run"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            windows = wait_for(lambda: app.poll() is None and visible_windows(display), timeout=90)
            output = b""
            if not windows:
                stop_group(app)
                output = app.stdout.read() if app.stdout else b""
            assert windows, (
                "no window of the app is mapped on the display: "
                + output.decode("utf-8", "replace")[-2000:]
            )
        finally:
            stop_group(app)
            if app.stdout:
                app.stdout.close()


def test_vault_option_opens_that_vault_not_the_setup_of_the_default_one(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = gui_env(home, None)
    elsewhere = tmp_path / "Dienst" / "beratung.wko"
    _init([*WKO, "--vault", str(elsewhere)], env)
    seen = _ready([*WKO, "--vault", str(elsewhere)], env)
    assert seen["ready"] == "unlock"
    assert Path(seen["vault"]) == elsewhere
    # Nothing was made at the default place.
    assert not any(p.name.endswith(".wko") for p in home.rglob("*"))


def test_portable_option_opens_the_vault_beside_the_program(tmp_path: Path) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    launcher = stick / "launch.py"
    launcher.write_text(LAUNCHER, encoding="utf-8")
    home = tmp_path / "home"
    home.mkdir()
    env = gui_env(home, None)
    program = [sys.executable, str(launcher), "--portable"]
    _init(program, env)
    seen = _ready(program, env)
    assert seen["ready"] == "unlock"
    assert Path(seen["vault"]).parent == stick / "Willkommensordner-Daten"


@pytest.mark.parametrize("lang", ["C.UTF-8", "C", "POSIX"])
def test_c_locale_brings_the_ui_up_in_german(tmp_path: Path, lang: str) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = {**gui_env(home, None), "LANG": lang}
    seen = _ready(WKO, env)
    assert seen["ui-language"] == "de"
    assert seen["ready"] == "setup"


def test_english_locale_still_gives_english(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = {**gui_env(home, None), "LANG": "en_GB.UTF-8"}
    assert _ready(WKO, env)["ui-language"] == "en"
