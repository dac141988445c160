"""Every window and dialog fits a small or scaled screen, and no form scrolls sideways.

gui/small_screens.py opens the main pages, every dossier tab and the dialogs reached from
them on a virtual offscreen screen of the given size and scale and measures each window;
each size is a process of its own, because Qt picks its screen once.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

EXPECTED = {
    "setup",
    "unlock",
    "agenda",
    "dossier-list",
    "new-dossier",
    "settings",
    "about",
    "data-protection",
    "dossier-person",
    "dossier-timeline",
    "dossier-analysis",
    "appointment-new",
    "appointment-kept",
    "member-new",
    "consents-new",
    "print-preview",
}


@pytest.mark.parametrize(
    ("screen", "scale"), [("1024x768", 1.0), ("1280x720", 1.0), ("1400x900", 1.5)]
)
def test_windows_and_dialogs_fit_the_screen(tmp_path: Path, screen: str, scale: float) -> None:
    report = tmp_path / "report.json"
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "QT_SCALE_FACTOR")}
    env["WKO_GUIDANCE_DIR"] = os.environ["WKO_GUIDANCE_DIR"]
    # Its own temp folder: tests in other workers check that /tmp gains nothing of ours.
    (tmp_path / "tmp").mkdir()
    env["TMPDIR"] = str(tmp_path / "tmp")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "willkommensordner.gui.small_screens",
            str(tmp_path / "shots"),
            "--screen",
            screen,
            "--scale",
            str(scale),
            "--report",
            str(report),
        ],
        env={**env, "HOME": str(tmp_path / "home")},
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    measured = json.loads(report.read_text(encoding="utf-8"))
    names = {m["name"] for m in measured}
    assert names >= EXPECTED, EXPECTED - names
    width, height = (int(n) for n in screen.split("x"))
    for m in measured:
        assert m["available"][2] <= round(width / scale) and m["available"][3] <= round(
            height / scale
        )
        assert m["fits"], f"{m['name']}: {m['window']} is not within {m['available']}"
        assert m["sideways"] == [], f"{m['name']} scrolls sideways: {m['sideways']}"
    # The window last used on a 1770×1140 monitor came back within the screen.
    [unlock] = [m for m in measured if m["name"] == "unlock"]
    assert unlock["window"][2] <= unlock["available"][2]
