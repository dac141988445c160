"""A virtual X display (Xvfb) for tests that must see a real, mapped window of the app."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest

APP_TITLE = "Willkommensordner"


def need_xvfb() -> None:
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed (make test installs it: DEB_PACKAGES)")


@contextmanager
def xvfb(size: str = "1280x800") -> Iterator[str]:
    """Start Xvfb on a free display number; yields ":N" and stops the server afterwards."""
    need_xvfb()
    read_fd, write_fd = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", f"{size}x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    try:
        with os.fdopen(read_fd, "rb") as pipe:
            number = pipe.readline().strip().decode("ascii")
        assert number.isdigit(), "Xvfb did not report its display number"
        yield f":{number}"
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(10)


def visible_windows(display: str, name: str = APP_TITLE) -> list[str]:
    """Ids of the mapped (viewable) windows whose title contains `name`."""
    found = subprocess.run(
        ["xdotool", "search", "--onlyvisible", "--name", name],
        env={**os.environ, "DISPLAY": display},
        capture_output=True,
        text=True,
        timeout=20,
    )
    return found.stdout.split()


def window_geometry(display: str, window: str) -> dict[str, int]:
    out = subprocess.run(
        ["xwininfo", "-id", window],
        env={**os.environ, "DISPLAY": display},
        capture_output=True,
        text=True,
        timeout=20,
    ).stdout
    values: dict[str, int] = {}
    for line in out.splitlines():
        key, _, value = line.strip().partition(":")
        if key in ("Absolute upper-left X", "Absolute upper-left Y", "Width", "Height"):
            values[key] = int(value)
    return values


def gui_env(home: Path, display: str | None) -> dict[str, str]:
    """The environment of a user who starts the app: own HOME, German, a display or none."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("QT_", "XDG_", "WKO_", "LC_", "LANG", "DISPLAY", "WAYLAND"))
        # A `make test` around us must not hand its job server to the make we start.
        and k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")
    }
    env.update(HOME=str(home), LANG="de_DE.UTF-8")
    if display is not None:
        env["DISPLAY"] = display
    return env


def wait_for(check, timeout: float, interval: float = 0.3):
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(interval)


def stop_group(process: subprocess.Popen[bytes]) -> None:
    """End a process started with start_new_session=True and everything it started."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            pass
    if process.poll() is None:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)
