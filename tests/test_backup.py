"""Backups: restore one and compare every record and attachment; rotation keeps N."""

from __future__ import annotations

import tarfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.exchange_support import (
    FAST,
    add_document_with_scan,
    add_dossier,
    add_note,
    full_state,
    make_vault,
)
from willkommensordner.backup.vault_backup import (
    BackupSettings,
    create_backup,
    existing_backups,
    restore_backup,
    rotate,
)
from willkommensordner.errors import InvalidInput, LockedError
from willkommensordner.vault import recovery_key
from willkommensordner.vault.vault import Vault


def _everything(v: Vault) -> dict[str, object]:
    return {
        "dossier": v.db.query("SELECT * FROM dossier ORDER BY id"),
        "record": v.db.query("SELECT * FROM record ORDER BY id"),
        "blob": v.db.query("SELECT sha256, media_type, size, data FROM blob ORDER BY sha256"),
        "audit": v.db.query("SELECT * FROM audit ORDER BY rowid"),
        "identity": v.db.query("SELECT * FROM exchange_identity"),
    }


def test_restore_with_recovery_key_gives_every_record_and_attachment(tmp_path: Path) -> None:
    vault, recovery = Vault.create(
        tmp_path / "v" / "vault.wko", "ein langes Passwort 1", agency="KI", kdf=FAST
    )
    d = add_dossier(vault)
    add_note(vault, d.id, "Wohnungssuche")
    add_document_with_scan(vault, d.id)
    add_document_with_scan(vault, d.id, b"%PDF-1.7\n" + bytes(range(256)) * 50)
    gone = add_note(vault, d.id, "weg")
    vault.records.delete(gone.KIND, gone.id)
    from willkommensordner.exchange.keys import AgencyIdentity

    AgencyIdentity.load_or_create(vault.db)
    out = tmp_path / "b.wkob"
    create_backup(vault, out)
    # Nothing readable in the backup.
    raw = out.read_bytes()
    assert b"Haddad" not in raw and b"Wohnungssuche" not in raw and b"%PDF-1.7" not in raw
    expected = _everything(vault)
    vault.close()
    target = tmp_path / "restored" / "vault.wko"
    restore_backup(out, target)
    with pytest.raises(LockedError):
        Vault.unlock_with_recovery_key(target, recovery_key.generate())
    restored = Vault.unlock_with_recovery_key(target, recovery)
    assert _everything(restored) == expected
    assert restored.search.find("Haddad") == [d.id]
    restored.close()
    with pytest.raises(InvalidInput):
        restore_backup(out, target)  # never over an existing vault


def test_damaged_backup_is_refused(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, "v", "KI")
    add_dossier(vault)
    out = tmp_path / "b.wkob"
    create_backup(vault, out)
    vault.close()
    data = bytearray(out.read_bytes())
    data[len(data) // 2] ^= 0xFF
    bad = tmp_path / "bad.wkob"
    bad.write_bytes(bytes(data))
    with pytest.raises(InvalidInput):
        restore_backup(bad, tmp_path / "r" / "vault.wko")
    assert not (tmp_path / "r" / "vault.wko").exists()
    evil = tmp_path / "evil.wkob"
    with tarfile.open(evil, "w") as tar:
        info = tarfile.TarInfo("../vault.wko")
        info.type = tarfile.SYMTYPE
        info.linkname = "/etc/passwd"
        tar.addfile(info)
    with pytest.raises(InvalidInput):
        restore_backup(evil, tmp_path / "r" / "vault.wko")


def test_rotation_keeps_the_newest_n(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, "v", "KI")
    add_dossier(vault)
    settings = BackupSettings(tmp_path / "backups", keep=3)
    settings.save(vault)
    assert BackupSettings.load(vault) == settings
    start = datetime(2026, 1, 1, tzinfo=UTC)
    made = [rotate(vault, now=start + timedelta(days=i), min_interval=None) for i in range(5)]
    kept = existing_backups(settings.directory)
    assert kept == made[2:]
    # Within the interval nothing new is made.
    assert rotate(vault) is not None
    assert rotate(vault) is None
    before = full_state(vault)
    vault.close()
    target = tmp_path / "r" / "vault.wko"
    restore_backup(existing_backups(settings.directory)[-1], target)
    from tests.exchange_support import PASSPHRASE

    again = Vault.unlock(target, PASSPHRASE)
    assert full_state(again) == before
    again.close()
