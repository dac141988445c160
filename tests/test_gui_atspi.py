"""What a screen reader finds: the real app on a virtual X display, its accessibility tree
read over AT-SPI with pyatspi (the library Orca uses).

One app start (tests/atspi/tour.py) shows every screen in turn; for each, the walker
(tests/atspi/walker.py, run with the system Python that has Debian's python3-pyatspi) reads
what is showing. Runs under its own D-Bus session (dbus-run-session), where at-spi2-core
starts the accessibility bus.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.x_display import gui_env, xvfb

TOUR = Path(__file__).parent / "atspi" / "tour.py"
ROOT = Path(__file__).resolve().parents[1]
SYSTEM_PYTHON = "/usr/bin/python3"
# Roles that are content rather than controls: an empty table cell has nothing to say, and a
# label with selectable text takes focus by mouse only.
CONTENT_ROLES = {"table cell", "list item", "tree item", "label", "column header"}


def _need_atspi() -> None:
    if shutil.which("dbus-run-session") is None or not Path(SYSTEM_PYTHON).exists():
        pytest.skip("dbus-run-session or the system Python is missing (DEB_PACKAGES)")
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("python3-pyatspi is not installed (make test installs it: DEB_PACKAGES)")


@pytest.fixture(scope="module")
def screens(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    _need_atspi()
    folder = tmp_path_factory.mktemp("atspi")
    home = folder / "home"
    home.mkdir()
    with xvfb("1280x800") as display:
        env = {
            **gui_env(home, display),
            "QT_QPA_PLATFORM": "xcb",
            "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1",
            "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "src")]),
        }
        done = subprocess.run(
            ["dbus-run-session", "--", sys.executable, str(TOUR), str(folder)],
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
            cwd=ROOT,
        )
    found = {}
    for line in done.stdout.splitlines():
        if line.startswith("{"):
            screen = json.loads(line)
            found[screen["screen"]] = screen
    assert found, done.stderr[-3000:]
    return found


EXPECTED = ["unlock", "agenda", "dossier list", "dossier", "appointment dialog"]
EXPECTED += ["export dialog", "import dialog", "settings"]


def test_every_screen_was_read(screens: dict[str, dict[str, Any]]) -> None:
    for name in EXPECTED:
        assert name in screens, sorted(screens)
        assert "error" not in screens[name], screens[name]
        assert screens[name]["controls"], name
    tabs = [name for name in screens if name.startswith("dossier tab ")]
    assert len(tabs) >= 8, tabs


def test_no_focusable_control_without_a_name(screens: dict[str, dict[str, Any]]) -> None:
    unnamed = {
        name: [
            f"{c['role']} in {c['parent']}"
            for c in screen["controls"]
            if c["focusable"] and not c["name"].strip() and c["role"] not in CONTENT_ROLES
        ]
        for name, screen in screens.items()
    }
    assert {k: v for k, v in unnamed.items() if v} == {}


def test_every_combo_box_has_its_label(screens: dict[str, dict[str, Any]]) -> None:
    """Qt on Linux gives a combo box its current value as name (Orca reads it as the value);
    the label reaches the screen reader through the "labelled by" relation, or the name
    differs from the value."""
    unlabelled = {
        name: [
            c["name"]
            for c in screen["controls"]
            if c["role"] == "combo box"
            and not any(label.strip() for label in c["labelled_by"])
            and c["name"] in (*c["children"], c["text"], "")
        ]
        for name, screen in screens.items()
    }
    assert {k: v for k, v in unlabelled.items() if v} == {}


def test_roles(screens: dict[str, dict[str, Any]]) -> None:
    unlock = screens["unlock"]["controls"]
    toggle = [c for c in unlock if c["name"] == "Passphrase zeigen"]
    assert [c["role"] for c in toggle] == ["push button"]
    agenda = screens["agenda"]["controls"]
    page_buttons = [c for c in agenda if c["name"] in ("Übersicht", "Akten")]
    assert page_buttons and all(c["role"] != "check box" for c in page_buttons), page_buttons
    assert not any(c["name"] == "message" for s in screens.values() for c in s["controls"])
    menus = [
        c["name"]
        for c in agenda
        if c["role"] in ("menu", "menu item") and c["parent"].startswith("menu bar")
    ]
    assert menus[:6] == ["Datei", "Akte", "Austausch", "Datenschutz", "Ansicht", "Hilfe"], menus
