"""The guidance commands, run as a counsellor runs them."""

from __future__ import annotations

import csv
import json
from datetime import date
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
    assert main(["--vault", str(path), "demo", "--dossiers", "40", "--seed", "5"]) == 0
    return path


def _out(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    capsys.readouterr()
    assert main(argv) == 0
    return capsys.readouterr().out


def _first_with(capsys: pytest.CaptureFixture[str], vault: Path, status: str) -> str:
    rows = json.loads(_out(capsys, ["--vault", str(vault), "list", "--json"]))
    return str(next(r["id"] for r in rows if r["legal_status"] == status))


def test_guide_accept_dismiss(cli_vault: Path, capsys: pytest.CaptureFixture[str]) -> None:
    v = ["--vault", str(cli_vault)]
    did = _first_with(capsys, cli_vault, "eu_freizuegigkeit")
    text = _out(capsys, [*v, "guide", did[:8]])
    assert "Responsible:" in text and "[eu_health_insurance]" in text
    data = json.loads(_out(capsys, [*v, "guide", did, "--json"]))
    rules = {s["rule_id"] for s in data["suggestions"]}
    assert "eu_health_insurance" in rules
    assert {r["rule_id"] for r in data["responsible"]} >= {"responsible_eu_benefits"}
    _out(capsys, [*v, "guide", did, "--accept", "eu_health_insurance", "--due", "2030-01-31"])
    other = sorted(rules - {"eu_health_insurance"})[0]
    _out(capsys, [*v, "guide", did, "--dismiss", other])
    after = json.loads(_out(capsys, [*v, "guide", did, "--json"]))
    assert "eu_health_insurance" in after["in_plan"]
    assert [s["rule_id"] for s in after["dismissed"]] == [other]
    shown = json.loads(_out(capsys, [*v, "show", did, "--json"]))
    step = next(s for s in shown["steps"] if s["kind"] == "eu_health_insurance")
    assert step["due"] == "2030-01-31"
    assert main([*v, "guide", did, "--accept", "no_such_rule"]) == ExitCode.NOT_FOUND


def test_analysis_from_a_file(
    cli_vault: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    v = ["--vault", str(cli_vault)]
    did = _first_with(capsys, cli_vault, "fluechtling")
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps({"qualification_to_recognise": True}), "utf-8")
    _out(capsys, [*v, "analysis", did, "--answers", str(answers), "--completed", "2026-01-02"])
    data = json.loads(_out(capsys, [*v, "guide", did, "--json"]))
    assert "recognition" in {s["rule_id"] for s in data["suggestions"]}
    answers.write_text(json.dumps({"literacy": "sometimes"}), "utf-8")
    assert main([*v, "analysis", did, "--answers", str(answers)]) == ExitCode.BAD_INPUT


def test_monitoring_files(
    cli_vault: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, pdf = tmp_path / "m.csv", tmp_path / "m.pdf"
    _out(capsys, ["--vault", str(cli_vault), "monitoring", "-o", str(out), "--pdf", str(pdf)])
    rows = list(csv.reader(out.read_text("utf-8-sig").splitlines(), delimiter=";"))
    assert rows[0] == ["table", "key", "label", "column", "value"]
    total = next(r for r in rows if r[0] == "cases" and r[1] == "total")
    assert total[4] == "40"
    assert pdf.read_bytes().startswith(b"%PDF-")


def test_retention_commands(
    cli_vault: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    v = ["--vault", str(cli_vault)]
    rows = json.loads(_out(capsys, [*v, "list", "--json"]))
    closed = [r["id"] for r in rows if r["closed"]]
    with Vault.unlock(cli_vault, PASSPHRASE) as vault:
        for row in [r for r in rows if not r["closed"]][:2]:
            dossier = vault.records.dossier(row["id"])
            dossier.closed_on = date.today()
            vault.records.save(dossier)
            closed.append(row["id"])
    queue = json.loads(_out(capsys, [*v, "retention", "queue", "--json", "--date", "2040-01-01"]))
    assert sorted(e["dossier_id"] for e in queue) == sorted(closed)
    assert "kept for 3 years" in _out(capsys, [*v, "retention", "years"])
    assert "kept for 4 years" in _out(capsys, [*v, "retention", "years", "4"])
    target = tmp_path / "sar.json"
    _out(capsys, [*v, "subject-access", closed[0], "-o", str(target)])
    assert json.loads(target.read_text("utf-8"))["dossier"]["id"] == closed[0]
    assert main([*v, "retention", "delete", closed[0]]) == ExitCode.USAGE
    _out(capsys, [*v, "retention", "delete", closed[0], "--yes"])
    assert main([*v, "show", closed[0]]) == ExitCode.NOT_FOUND
    _out(capsys, [*v, "anonymise", closed[1], "--yes"])
    shown = json.loads(_out(capsys, [*v, "show", closed[1], "--json"]))
    assert shown["family_name"] == "N. N." and shown["phone"] == ""
    open_one = next(r["id"] for r in rows if r["id"] not in closed)
    assert main([*v, "retention", "delete", open_one, "--yes"]) == ExitCode.BLOCKED
