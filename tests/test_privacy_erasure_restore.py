"""An erasure made after a backup was written is made again when that backup is restored."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from tests.exchange_support import FAST, PASSPHRASE, add_document_with_scan, add_note
from willkommensordner.backup.vault_backup import create_backup, restore_backup
from willkommensordner.cli import main
from willkommensordner.domain.dossier import Dossier
from willkommensordner.errors import UserError, VaultDamaged
from willkommensordner.privacy import erasure_ledger
from willkommensordner.privacy.retention import anonymise, purge, reapply_erasures
from willkommensordner.vault.location import envelope_path
from willkommensordner.vault.vault import Vault

from .guidance_support import decrypted_pages

GONE = "Ameisenbärin"
NOTE = "Notiz Gürteltier 5521"
SCAN = b"%PDF-1.4\n% ScanNachDemBackupPangolin\n" + b"y" * 3000 + b"\n%%EOF\n"
ANON = "Faultierhausen"


def _vault(tmp_path: Path) -> tuple[Vault, Dossier, Dossier, Dossier]:
    vault, _ = Vault.create(tmp_path / "v" / "vault.wko", PASSPHRASE, agency="KI", kdf=FAST)
    gone = vault.records.save(Dossier(family_name=GONE, given_names="Ida"))
    add_note(vault, gone.id, NOTE)
    add_document_with_scan(vault, gone.id, SCAN)
    anon = vault.records.save(
        Dossier(family_name=ANON, given_names="Udo", nationalities=["SY"], district="Mitte")
    )
    kept = vault.records.save(Dossier(family_name="Bleibtda", given_names="Bo"))
    return vault, gone, anon, kept


def _close(vault: Vault, d: Dossier) -> None:
    current = vault.records.dossier(d.id)
    vault.records.save(current.model_copy(update={"closed_on": date.today()}))


def test_restore_erases_again_what_was_erased_after_the_backup(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    vault, gone, anon, kept = _vault(tmp_path)
    backup = tmp_path / "before.wkob"
    create_backup(vault, backup)  # both people are in here, open dossiers
    _close(vault, gone)
    _close(vault, anon)
    purge(vault, gone.id)
    anonymise(vault, anon.id)
    path, key = vault.path, vault._data_key
    vault.close()
    # The laptop's vault is lost; the older backup comes back at the same place.
    path.unlink()
    envelope_path(path).unlink()
    restore_backup(backup, path)
    assert GONE.encode() in decrypted_pages(path, key)  # the backup did bring the person back
    monkeypatch.setenv("WKO_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("LANGUAGE", "en")
    capsys.readouterr()
    assert main(["--vault", str(path), "list"]) == 0
    out = capsys.readouterr()
    assert "2 dossier(s) deleted or anonymised after this backup" in out.err
    assert GONE not in out.out and "Bleibtda" in out.out
    plain = decrypted_pages(path, key)
    for secret in (GONE.encode(), NOTE.encode(), b"ScanNachDemBackupPangolin", ANON.encode()):
        assert secret not in plain
    reopened = Vault.unlock(path, PASSPHRASE)
    assert reapply_erasures(reopened) == 0  # once done, nothing left to do
    assert reopened.records.dossier(kept.id).family_name == "Bleibtda"
    assert reopened.records.dossier(anon.id).family_name == "N. N."
    reopened.close()


def test_a_ledger_that_cannot_be_written_stops_the_erasure(tmp_path: Path) -> None:
    vault, gone, _, _ = _vault(tmp_path)
    _close(vault, gone)
    ledger = erasure_ledger.ledger_path(vault)
    ledger.parent.parent.mkdir(parents=True, exist_ok=True)
    ledger.parent.write_bytes(b"")  # a file where the folder should be: cannot write there
    with pytest.raises(UserError):
        purge(vault, gone.id)
    ledger.parent.unlink()
    assert vault.records.dossier(gone.id).family_name == GONE  # nothing half-done
    vault.close()


def test_a_changed_ledger_is_refused_not_ignored(tmp_path: Path) -> None:
    vault, gone, _, _ = _vault(tmp_path)
    _close(vault, gone)
    purge(vault, gone.id)
    ledger = erasure_ledger.ledger_path(vault)
    assert ledger.stat().st_mode & 0o777 == 0o600
    assert b"purge" not in ledger.read_bytes()  # encrypted, not only signed
    data = bytearray(ledger.read_bytes())
    data[-1] ^= 1
    ledger.write_bytes(bytes(data))
    with pytest.raises(VaultDamaged):
        erasure_ledger.read(vault)
    vault.close()
    shutil.rmtree(ledger.parent)
