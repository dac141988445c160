import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from willkommensordner.cli import main
from willkommensordner.errors import ExitCode
from willkommensordner.vault.vault import Vault

from .conftest import PASSPHRASE

FAST = ["--kdf-memory-mib", "1", "--kdf-iterations", "1"]


@pytest.fixture
def cli_vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("WKO_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("LANGUAGE", "en")
    path = tmp_path / "cli.wko"
    assert main(["--vault", str(path), "init", "--counsellor", "Erika", *FAST]) == 0
    assert main(["--vault", str(path), "demo", "--dossiers", "25", "--seed", "7"]) == 0
    return path


def _json_out(capsys: pytest.CaptureFixture[str], argv: list[str]) -> object:
    capsys.readouterr()
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


def test_init_prints_a_recovery_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("WKO_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("LANGUAGE", "en")
    assert main(["--vault", str(tmp_path / "v.wko"), "init", *FAST]) == 0
    out = capsys.readouterr().out
    assert "Recovery key" in out
    key = next(line.strip() for line in out.splitlines() if line.count("-") == 8)
    assert len(key) == 44


def test_list_and_show_as_json(cli_vault: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = _json_out(capsys, ["--vault", str(cli_vault), "list", "--json"])
    assert isinstance(rows, list) and len(rows) == 25
    assert {"id", "family_name", "given_names", "birth_date"} <= set(rows[0])
    first = rows[0]
    shown = _json_out(capsys, ["--vault", str(cli_vault), "show", first["id"][:8], "--json"])
    assert isinstance(shown, dict)
    assert shown["id"] == first["id"]
    for part in ("appointments", "steps", "documents", "consents", "household"):
        assert isinstance(shown[part], list)
    assert shown["appointments"] and shown["documents"]
    found = _json_out(
        capsys, ["--vault", str(cli_vault), "list", "--search", first["family_name"], "--json"]
    )
    assert first["id"] in [r["id"] for r in found]  # type: ignore[union-attr]


def test_agenda_and_history(cli_vault: Path, capsys: pytest.CaptureFixture[str]) -> None:
    agenda = _json_out(capsys, ["--vault", str(cli_vault), "agenda", "--weeks", "8", "--json"])
    assert isinstance(agenda, dict)
    assert set(agenda) >= {"appointments_today", "appointments_week", "overdue_steps", "expiring"}
    some_id = _json_out(capsys, ["--vault", str(cli_vault), "list", "--json"])[0]["id"]  # type: ignore[index]
    history = _json_out(capsys, ["--vault", str(cli_vault), "history", some_id, "--json"])
    assert history[0]["action"] == "create"  # type: ignore[index]
    assert main(["--vault", str(cli_vault), "agenda"]) == 0
    assert "Appointments today" in capsys.readouterr().out


def test_text_output_is_german_by_locale(
    cli_vault: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LANGUAGE", "de")
    capsys.readouterr()
    main(["--vault", str(cli_vault), "agenda"])
    assert "Termine heute" in capsys.readouterr().out


def test_exit_codes(
    cli_vault: Path,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    vault = ["--vault", str(cli_vault)]
    assert main([*vault, "show", "00000000-no-such"]) == ExitCode.NOT_FOUND
    assert main(["--vault", str(tmp_path / "none.wko"), "list"]) == ExitCode.NOT_FOUND
    monkeypatch.setenv("WKO_PASSPHRASE", "definitely the wrong one")
    assert main([*vault, "list"]) == ExitCode.LOCKED
    assert "passphrase" in capsys.readouterr().err
    monkeypatch.delenv("WKO_PASSPHRASE")
    secret = tmp_path / "pass.txt"
    secret.write_text(PASSPHRASE + "\n")
    assert main([*vault, "--vault-passphrase-file", str(secret), "list"]) == 0
    with pytest.raises(SystemExit) as usage:
        main([*vault, "list", "--no-such-option"])
    assert usage.value.code == ExitCode.USAGE


def test_without_passphrase_and_terminal_it_says_how(cli_vault: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "WKO_PASSPHRASE"} | {"LANGUAGE": "en"}
    result = subprocess.run(
        [sys.executable, "-m", "willkommensordner", "--vault", str(cli_vault), "list"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == ExitCode.LOCKED
    assert "WKO_PASSPHRASE" in result.stderr
    assert PASSPHRASE not in result.stderr


def test_passwd_and_recovery_key(
    cli_vault: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    vault = ["--vault", str(cli_vault)]
    new = tmp_path / "new.txt"
    new.write_text("the next long passphrase\n")
    assert main([*vault, "passwd", "--new-passphrase-file", str(new)]) == 0
    assert main([*vault, "list"]) == ExitCode.LOCKED
    monkeypatch.setenv("WKO_PASSPHRASE", "the next long passphrase")
    capsys.readouterr()
    assert main([*vault, "recovery-key"]) == 0
    out = capsys.readouterr().out.splitlines()
    key = next(line.strip() for line in out if line.count("-") == 8)
    keyfile = tmp_path / "key.txt"
    keyfile.write_text(key)
    new.write_text("after recovery passphrase\n")
    assert (
        main(
            [
                *vault,
                "passwd",
                "--recovery-key-file",
                str(keyfile),
                "--new-passphrase-file",
                str(new),
            ]
        )
        == 0
    )
    monkeypatch.setenv("WKO_PASSPHRASE", "after recovery passphrase")
    assert main([*vault, "check"]) == 0
    new.write_text("short\n")
    assert main([*vault, "passwd", "--new-passphrase-file", str(new)]) == ExitCode.BAD_INPUT
    assert main([*vault, "list"]) == 0


@pytest.mark.parametrize(
    ("text", "ok"),
    [("2026-03-01", True), ("01.03.2026", True), ("31.02.2026", False), ("morgen", False)],
)
def test_date_options_take_german_and_iso_dates(text: str, ok: bool) -> None:
    import argparse
    from datetime import date

    from willkommensordner.cli.common import parse_day as _day

    if ok:
        assert _day(text) == date(2026, 3, 1)
    else:
        with pytest.raises(argparse.ArgumentTypeError):
            _day(text)


def test_list_json_streams_the_whole_list_in_name_order(
    cli_vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    listed = _json_out(capsys, ["--vault", str(cli_vault), "list", "--json"])
    open_only = _json_out(capsys, ["--vault", str(cli_vault), "list", "--open-only", "--json"])
    assert isinstance(listed, list) and isinstance(open_only, list) and len(listed) > 3
    with Vault.unlock(cli_vault, PASSPHRASE) as vault:
        assert [r["id"] for r in listed] == [s.id for s in vault.summaries()]
        expected = [s.id for s in vault.summaries(include_closed=False)]
        assert [r["id"] for r in open_only] == expected
