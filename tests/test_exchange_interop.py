"""The standard `age` tool reads our export files; `tar` reads what is inside."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

from tests.exchange_support import (
    add_document_with_scan,
    add_dossier,
    give_consent,
    introduce,
    make_vault,
)
from willkommensordner.exchange.exporter import Exporter
from willkommensordner.exchange.keys import AgencyIdentity

pytestmark = pytest.mark.skipif(shutil.which("age") is None, reason="the age tool is not installed")


def _age_decrypt(identity_file: Path, encrypted: Path) -> bytes:
    """What the standard `age` tool decrypts, with the identity in that file."""
    done = subprocess.run(
        ["age", "--decrypt", "-i", str(identity_file), str(encrypted)],
        capture_output=True,
        check=True,
        timeout=60,
    )
    return done.stdout


def test_age_cli_decrypts_an_export_and_the_manifest_reads(tmp_path: Path) -> None:
    a = make_vault(tmp_path, "a", "Sozialamt Herne")
    b = make_vault(tmp_path, "b", "Caritas Herne")
    b_in_a, _ = introduce(a, b)
    d = add_dossier(a)
    doc = add_document_with_scan(a, d.id)
    give_consent(a, d.id, b_in_a)
    out = tmp_path / "export.wkox"
    Exporter(a).export([d.id], out, recipients=[b_in_a])
    identity_file = tmp_path / "identity.txt"
    identity_file.write_text(AgencyIdentity.load_or_create(b.db).age_secret() + "\n")
    identity_file.chmod(0o600)
    with tarfile.open(fileobj=io.BytesIO(_age_decrypt(identity_file, out)), mode="r:") as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
        scan = tar.extractfile(f"attachments/{doc.attachments[0].sha256}").read()  # type: ignore[union-attr]
    assert names[:3] == ["manifest.json", "manifest.sig", "records.json"]
    assert manifest["format"] == "willkommensordner-exchange"
    assert manifest["sender"]["agency"] == "Sozialamt Herne"
    assert manifest["counts"]["dossiers"] == 1 and manifest["counts"]["attachments"] == 1
    assert scan == a.attachments.read(doc.attachments[0].sha256)
    # No file name inside carries personal data.
    assert not any("Haddad" in n or "Rana" in n for n in names)
    # A wrong identity is refused by the standard tool as well.
    wrong = tmp_path / "wrong.txt"
    wrong.write_text(AgencyIdentity.generate().age_secret() + "\n")
    failed = subprocess.run(
        ["age", "-d", "-i", str(wrong), str(out)], capture_output=True, timeout=60
    )
    assert failed.returncode != 0
    a.close()
    b.close()


def test_exported_age_key_lets_the_age_cli_decrypt_a_real_export(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.exchange_support import PASSPHRASE
    from willkommensordner.cli import main
    from willkommensordner.errors import ExitCode

    monkeypatch.setenv("WKO_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("LANGUAGE", "en")
    a = make_vault(tmp_path, "a", "Sozialamt Herne")
    b = make_vault(tmp_path, "b", "Caritas Herne")
    b_in_a, _ = introduce(a, b)
    d = add_dossier(a)
    give_consent(a, d.id, b_in_a)
    out = tmp_path / "export.wkox"
    Exporter(a).export([d.id], out, recipients=[b_in_a])
    b_path = b.path
    a.close()
    b.close()
    key_file = tmp_path / "caritas-age.key"
    base = ["--vault", str(b_path), "identity", "export-age-key", "-o", str(key_file)]
    # Without the confirmation: the warning, and nothing written.
    assert main(base) == ExitCode.BLOCKED
    assert "secret key" in capsys.readouterr().err
    assert not key_file.exists()
    assert main([*base, "--confirm-secret"]) == 0
    assert "secret key" in capsys.readouterr().err
    assert key_file.stat().st_mode & 0o777 == 0o600
    # It never writes over a file.
    assert main([*base, "--confirm-secret"]) == ExitCode.USAGE
    with tarfile.open(fileobj=io.BytesIO(_age_decrypt(key_file, out)), mode="r:") as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
    assert manifest["recipients"][0]["name"] == "Caritas Herne"
