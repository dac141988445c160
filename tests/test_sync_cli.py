"""The sync commands from the command line: members, folder, run, status, watch, and clocks
two days apart between the laptops (the real clock moved with faketime)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.exchange_support import PASSPHRASE
from willkommensordner.cli.main import main
from willkommensordner.errors import ExitCode
from willkommensordner.exchange.conflicts import ConflictStore
from willkommensordner.vault.vault import Vault

FAST = ["--kdf-memory-mib", "1", "--kdf-iterations", "1"]


def _json(capsys: pytest.CaptureFixture[str], argv: list[str]) -> object:
    capsys.readouterr()
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


@pytest.fixture
def laptops(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path, Path]:
    monkeypatch.setenv("WKO_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("LANGUAGE", "en")
    shared = tmp_path / "shared"
    shared.mkdir()
    paths = [tmp_path / "a.wko", tmp_path / "b.wko"]
    for i, path in enumerate(paths):
        assert main(["--vault", str(path), "init", "--counsellor", f"C{i}", *FAST]) == 0
        assert main(["--vault", str(path), "identity", "export", "-o", f"{path}.key"]) == 0
        assert main(["--vault", str(path), "sync", "folder", str(shared)]) == 0
    for here, there, name in ((paths[0], paths[1], "Laptop B"), (paths[1], paths[0], "Laptop A")):
        argv = ["--vault", str(here), "contacts", "add", f"{there}.key", "--name", name]
        assert main([*argv, "--team", "--verified"]) == 0
    return paths[0], paths[1], shared


def test_run_status_and_watch(
    laptops: tuple[Path, Path, Path],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    a, b, shared = laptops
    assert main(["--vault", str(a), "demo", "--dossiers", "3", "--seed", "1"]) == 0
    ran = _json(capsys, ["--vault", str(a), "sync", "run", "--json"])
    assert isinstance(ran, dict)
    assert [(s["member"], s["sequence"], s["dossiers"]) for s in ran["sent"]] == [
        ("Laptop B", 1, 3)
    ]
    ran = _json(capsys, ["--vault", str(b), "sync", "run", "--json"])
    assert isinstance(ran, dict) and [x["sequence"] for x in ran["applied"]] == [1]
    state = _json(capsys, ["--vault", str(b), "sync", "status", "--json"])
    assert isinstance(state, dict) and state["available"] is True
    (member,) = state["members"]
    assert (member["name"], member["role"], member["received_sequence"]) == ("Laptop A", "team", 1)
    assert state["held"] == [] and state["open_conflicts"] == 0
    # In German, as a German installation shows it.
    monkeypatch.setenv("LANGUAGE", "de")
    capsys.readouterr()
    assert main(["--vault", str(b), "sync", "status"]) == 0
    assert "Laptop A\tTeammitglied\tgesendet 0 · empfangen 1" in capsys.readouterr().out
    monkeypatch.setenv("LANGUAGE", "en")
    capsys.readouterr()
    assert main(["--vault", str(b), "sync", "watch", "--every", "0.5", "--times", "2"]) == 0
    assert "Nothing new." in capsys.readouterr().out
    # The folder gone (a USB stick pulled out): said so, not an error.
    shutil.rmtree(shared)
    capsys.readouterr()
    assert main(["--vault", str(b), "sync", "run"]) == 0
    assert "not available now" in capsys.readouterr().out
    # A partner that is not in the address book cannot take part.
    assert main(["--vault", str(b), "sync", "partner", "Niemand"]) == ExitCode.NOT_FOUND
    # Not set at all: a usage error with the README's exit code.
    with Vault.unlock(b, PASSPHRASE) as vault:
        vault.db.execute("DELETE FROM meta WHERE key = 'sync_folder'")
    assert main(["--vault", str(b), "sync", "run"]) == ExitCode.USAGE
    assert main(["--vault", str(b), "sync", "folder", str(shared / "nowhere")]) == ExitCode.USAGE


def _cli(vault: Path, offset: str, *argv: str) -> dict[str, object]:
    env = {**os.environ, "WKO_PASSPHRASE": PASSPHRASE}
    done = subprocess.run(
        ["faketime", "-f", offset, sys.executable, "-m", "willkommensordner", "--vault",
         str(vault), *argv],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout) if "--json" in argv else {}


def _edit(path: Path, dossier_id: str, **fields: str) -> None:
    with Vault.unlock(path, PASSPHRASE) as vault:
        vault.records.save(vault.records.dossier(dossier_id).model_copy(update=fields))


def test_clocks_two_days_apart(laptops: tuple[Path, Path, Path]) -> None:
    a, b, _ = laptops
    assert main(["--vault", str(a), "demo", "--dossiers", "1", "--seed", "2"]) == 0
    with Vault.unlock(a, PASSPHRASE) as vault:
        dossier_id = str(vault.db.scalar("SELECT id FROM dossier"))
    _cli(a, "+2d", "sync", "run")  # a's clock runs two days ahead
    _edit(a, dossier_id, city="Bochum")
    _cli(a, "-2d", "sync", "run")  # and then two days behind: its later bundle looks older
    ran = _cli(b, "-2d", "sync", "run", "--json")
    assert [x["sequence"] for x in ran["applied"]] == [1, 2]  # type: ignore[union-attr]
    with Vault.unlock(b, PASSPHRASE) as vault:
        assert vault.records.dossier(dossier_id).city == "Bochum"
    # b, two days behind, edits another field; a, ahead, the same field: a conflict, not a
    # win for the later clock.
    _edit(b, dossier_id, phone="0234 1", city="Herne")
    _cli(b, "-2d", "sync", "run")
    _edit(a, dossier_id, city="Essen")
    ran = _cli(a, "+2d", "sync", "run", "--json")
    assert [x["conflicts"] for x in ran["applied"]] == [1]  # type: ignore[union-attr]
    with Vault.unlock(a, PASSPHRASE) as vault:
        assert vault.records.dossier(dossier_id).city == "Essen"
        (conflict,) = ConflictStore(vault.db, vault.records).list_conflicts()
        assert (conflict.theirs["city"], conflict.theirs["phone"]) == ("Herne", "0234 1")
