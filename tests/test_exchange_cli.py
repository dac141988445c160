"""The exchange commands end to end, as a counsellor would type them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from willkommensordner.cli import main
from willkommensordner.errors import ExitCode

PASSPHRASE = "correct horse battery staple"
FAST = ["--kdf-memory-mib", "1", "--kdf-iterations", "1"]


def run(capsys: pytest.CaptureFixture[str], vault: Path, *argv: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["--vault", str(vault), *argv])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_hand_over_and_back_with_a_conflict(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("WKO_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("LANGUAGE", "en")
    amt, jc = tmp_path / "amt.wko", tmp_path / "jc.wko"
    assert main(["--vault", str(amt), "init", "--agency", "Sozialamt", *FAST]) == 0
    assert main(["--vault", str(jc), "init", "--agency", "Jobcenter", *FAST]) == 0
    assert main(["--vault", str(amt), "demo", "--dossiers", "3"]) == 0

    code, out = run(capsys, amt, "identity", "show", "--qr")
    assert code == 0 and out.startswith("wko1:") and "Fingerprint:" in out
    for vault, key in ((amt, tmp_path / "amt.key"), (jc, tmp_path / "jc.key")):
        assert run(capsys, vault, "identity", "export", "-o", str(key))[0] == 0
    jc_text = next(
        line for line in (tmp_path / "jc.key").read_text().splitlines() if line.startswith("wko1:")
    )
    code, out = run(capsys, amt, "contacts", "add", jc_text, "--name", "Jobcenter Herne")
    assert code == 0 and "contacts verify" in out
    assert (
        run(capsys, jc, "contacts", "add", str(tmp_path / "amt.key"), "--name", "Sozialamt")[0] == 0
    )
    # A wrong fingerprint read out on the phone is refused.
    assert (
        run(capsys, amt, "contacts", "verify", "Jobcenter Herne", "--fingerprint", "0000")[0]
        == ExitCode.BLOCKED
    )
    code, out = run(capsys, amt, "contacts", "list", "--json")
    [contact] = json.loads(out)
    assert not contact["verified"]
    assert (
        run(
            capsys,
            amt,
            "contacts",
            "verify",
            "Jobcenter Herne",
            "--fingerprint",
            contact["fingerprint"],
        )[0]
        == 0
    )

    code, out = run(capsys, amt, "list", "--json")
    dossier = json.loads(out)[0]["id"]
    export = tmp_path / "handover.wkox"
    # The demo's consents are for other recipients: blocked with a plain explanation.
    code, out = run(
        capsys, amt, "export", "--dossier", dossier, "--to", "Jobcenter Herne", "-o", str(export)
    )
    assert code == ExitCode.BLOCKED and "consent" in out and not export.exists()
    assert (
        run(
            capsys,
            amt,
            "consent",
            "add",
            dossier[:8],
            "--recipient",
            "Jobcenter Herne",
            "--scope",
            "all",
        )[0]
        == 0
    )
    code, out = run(capsys, amt, "consent", "list", dossier, "--json")
    assert any(c["recipient"] == "Jobcenter Herne" and c["active"] for c in json.loads(out))
    code, out = run(
        capsys, amt, "export", "--dossier", dossier, "--to", "Jobcenter Herne", "-o", str(export)
    )
    assert code == 0, out

    # The Jobcenter has not verified the Sozialamt yet: a preview, and nothing imported.
    code, out = run(capsys, jc, "import", str(export))
    assert code == ExitCode.BLOCKED and "not a verified partner" in out
    code, out = run(capsys, jc, "import", str(export), "--dry-run", "--json")
    assert code == 0 and json.loads(out[: out.rindex("}") + 1])["new_dossiers"] == [dossier]
    code, out = run(capsys, jc, "import", str(export), "--yes")
    assert code == 0, out
    code, out = run(capsys, jc, "show", dossier, "--json")
    assert json.loads(out)["id"] == dossier

    # Both change the city; the Sozialamt gets a conflict (exit code 9) and settles it.
    main(["--vault", str(jc), "contacts", "verify", "Sozialamt"])
    from willkommensordner.domain.dossier import Dossier
    from willkommensordner.vault.vault import Vault

    for vault, city in ((amt, "Bochum"), (jc, "Dortmund")):
        with Vault.unlock(vault, PASSPHRASE) as v:
            v.records.save(v.records.get(Dossier, dossier).model_copy(update={"city": city}))
    assert run(capsys, jc, "consent", "add", dossier, "--recipient", "Sozialamt")[0] == 0
    back = tmp_path / "back.wkox"
    assert run(capsys, jc, "export", "--all", "--to", "Sozialamt", "-o", str(back))[0] == 0
    code, out = run(capsys, amt, "import", str(back))
    assert code == ExitCode.CONFLICTS, out
    code, out = run(capsys, amt, "conflicts", "list", "--json")
    [conflict] = json.loads(out)
    assert code == ExitCode.CONFLICTS and conflict["fields"]["city"] == {
        "ours": "Bochum",
        "theirs": "Dortmund",
    }
    code, out = run(capsys, amt, "conflicts", "resolve", conflict["id"], "--field", "city=theirs")
    assert code == 0, out
    code, out = run(capsys, amt, "show", dossier, "--json")
    assert json.loads(out)["city"] == "Dortmund"
    code, out = run(capsys, amt, "history", dossier, "--json")
    actions = {(e["action"], e["agency"]) for e in json.loads(out)}
    # The partner's changes are recorded under the name our address book gives it.
    assert ("merge", "Jobcenter Herne") in actions and ("export", "Sozialamt") in actions

    # Backups: manual and rotating; a restore opens.
    backup = tmp_path / "amt.wkob"
    assert run(capsys, amt, "backup", "-o", str(backup))[0] == 0
    assert (
        run(capsys, amt, "backup", "--auto", "--keep", "2", "--dir", str(tmp_path / "auto"))[0] == 0
    )
    assert len(list((tmp_path / "auto").glob("*.wkob"))) == 1
    restored = tmp_path / "restored" / "vault.wko"
    assert run(capsys, amt, "restore", str(backup), "--to", str(restored))[0] == 0
    code, out = run(capsys, restored, "show", dossier, "--json")
    assert code == 0 and json.loads(out)["city"] == "Dortmund"


def test_passphrase_export_needs_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("WKO_PASSPHRASE", PASSPHRASE)
    vault = tmp_path / "v.wko"
    assert main(["--vault", str(vault), "init", *FAST]) == 0
    secret = tmp_path / "secret.txt"
    secret.write_text("ein langes Geheimnis\n")
    code, _ = run(
        capsys,
        vault,
        "export",
        "--all",
        "--passphrase-file",
        str(secret),
        "-o",
        str(tmp_path / "x"),
    )
    assert code == ExitCode.USAGE


def test_a_partner_can_be_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("WKO_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("LANGUAGE", "en")
    amt, jc = tmp_path / "amt.wko", tmp_path / "jc.wko"
    for vault in (amt, jc):
        assert main(["--vault", str(vault), "init", *FAST]) == 0
    key = tmp_path / "jc.key"
    assert run(capsys, jc, "identity", "export", "-o", str(key))[0] == 0
    assert run(capsys, amt, "contacts", "add", str(key), "--name", "Jobcenter")[0] == 0
    code, out = run(capsys, amt, "contacts", "remove", "Jobcenter")
    assert code == 0 and "removed" in out
    assert json.loads(run(capsys, amt, "contacts", "list", "--json")[1]) == []
    assert run(capsys, amt, "contacts", "remove", "Jobcenter")[0] == ExitCode.NOT_FOUND
