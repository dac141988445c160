"""Two real Syncthing instances on 127.0.0.1, configured to talk to each other only.

Every way out is switched off in the configuration (discovery, relays, NAT traversal, usage
and crash reports, upgrades); as root the instances also run in a network namespace of their
own with nothing but loopback, so nothing can leave even if a setting were missed.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

FOLDER_ID = "wko-sync"
OFF = {
    "globalAnnounceEnabled": "false",
    "localAnnounceEnabled": "false",
    "relaysEnabled": "false",
    "natEnabled": "false",
    "urAccepted": "-1",
    "crashReportingEnabled": "false",
    "autoUpgradeIntervalH": "0",
    "startBrowser": "false",
    "stunServer": "",
    "globalAnnounceServer": "",
    "reconnectionIntervalS": "1",
}


def available() -> bool:
    return shutil.which("syncthing") is not None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _generate(home: Path) -> str:
    subprocess.run(
        ["syncthing", "generate", f"--home={home}", "--no-default-folder"],
        check=True,
        capture_output=True,
        timeout=60,
        env={**os.environ, "STNOUPGRADE": "1"},
    )
    root = ET.parse(home / "config.xml").getroot()
    device = root.find("device")
    assert device is not None
    return device.attrib["id"]


def _configure(
    home: Path, own: str, port: int, gui: int, peer: str, peer_port: int, folder: Path
) -> None:
    path = home / "config.xml"
    tree = ET.parse(path)
    root = tree.getroot()
    options = root.find("options")
    assert options is not None
    for name, value in OFF.items():
        element = options.find(name)
        if element is None:
            element = ET.SubElement(options, name)
        element.text = value
    for element in options.findall("listenAddress"):
        options.remove(element)
    ET.SubElement(options, "listenAddress").text = f"tcp://127.0.0.1:{port}"
    gui_element = root.find("gui")
    assert gui_element is not None
    address = gui_element.find("address")
    assert address is not None
    address.text = f"127.0.0.1:{gui}"
    for device in root.findall("device"):
        for addr in device.findall("address"):
            addr.text = f"tcp://127.0.0.1:{port}"
    peer_device = ET.SubElement(
        root, "device", id=peer, name="peer", compression="metadata", introducer="false"
    )
    ET.SubElement(peer_device, "address").text = f"tcp://127.0.0.1:{peer_port}"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ".stfolder").mkdir(exist_ok=True)
    element = ET.SubElement(
        root,
        "folder",
        id=FOLDER_ID,
        label=FOLDER_ID,
        path=str(folder),
        type="sendreceive",
        rescanIntervalS="2",
        fsWatcherEnabled="true",
        fsWatcherDelayS="1",
    )
    ET.SubElement(element, "device", id=own)
    ET.SubElement(element, "device", id=peer)
    tree.write(path)


@contextmanager
def two_instances(base: Path) -> Iterator[tuple[Path, Path]]:
    """Two Syncthing instances sharing one folder; yields each one's copy of it."""
    homes = [base / "st-a", base / "st-b"]
    folders = [base / "copy-a", base / "copy-b"]
    ids = [_generate(h) for h in homes]
    ports = [_free_port() for _ in range(4)]
    for i in range(2):
        _configure(homes[i], ids[i], ports[i], ports[2 + i], ids[1 - i], ports[1 - i], folders[i])
    serve = " & ".join(
        f"syncthing serve --home={h} --no-browser --no-restart --logfile=- >{h}/log 2>&1"
        for h in homes
    )
    script = f"{serve} & wait"
    if os.geteuid() == 0 and shutil.which("unshare") and shutil.which("ip"):
        command = ["unshare", "--net", "sh", "-c", f"ip link set lo up && {script}"]
    else:
        command = ["sh", "-c", script]
    process = subprocess.Popen(
        command,
        env={**os.environ, "STNOUPGRADE": "1", "STNODEFAULTFOLDER": "1"},
        start_new_session=True,
    )
    try:
        yield folders[0], folders[1]
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=15)


def wait_for(condition: Callable[[], bool], seconds: float = 45.0) -> float:
    """Poll until the condition holds; how long it took."""
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > seconds:
            raise AssertionError("Syncthing did not deliver in time")
        time.sleep(0.2)
    return time.monotonic() - started
