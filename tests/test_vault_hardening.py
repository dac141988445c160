"""The vault on real media: damage, read-only sticks and full disks are told apart from keys."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

from willkommensordner.cli import main
from willkommensordner.domain.appointment import Appointment
from willkommensordner.domain.dossier import Dossier
from willkommensordner.domain.note import Note
from willkommensordner.errors import ExitCode, StorageProblem, VaultDamaged
from willkommensordner.exchange.contacts import Contact
from willkommensordner.vault.database import journal_path
from willkommensordner.vault.location import envelope_path
from willkommensordner.vault.vault import LOST_JOURNAL, Vault

from .conftest import FAST_KDF, PASSPHRASE

IS_ROOT = os.name == "posix" and os.geteuid() == 0


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WKO_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("LANGUAGE", "en")


def _make(path: Path, names: tuple[str, ...] = ("Haddad",)) -> list[str]:
    vault, _ = Vault.create(path, PASSPHRASE, kdf=FAST_KDF)
    with vault:
        return [vault.records.save(Dossier(family_name=n)).id for n in names]


def _names(path: Path) -> list[str]:
    with Vault.unlock(path, PASSPHRASE) as vault:
        return sorted(s.family_name for s in vault.summaries())


@dataclass(frozen=True)
class _Sender:
    path: Path
    dossier_id: str
    partner: Contact
    cli: list[str]  # the start of a command line that opens this vault


def _sender(tmp_path: Path, folder: str = "a") -> _Sender:
    """A vault with a dossier its partner "Jobcenter Herne" may receive (closed again)."""
    from tests.exchange_support import PASSPHRASE as EXCHANGE_PASSPHRASE
    from tests.exchange_support import add_dossier, give_consent, introduce, make_vault

    a = make_vault(tmp_path, folder, "Sozialamt Herne")
    b = make_vault(tmp_path, "b", "Jobcenter Herne")
    b_in_a, _ = introduce(a, b)
    d = add_dossier(a)
    give_consent(a, d.id, b_in_a)
    a.records.save(Appointment(dossier_id=d.id, start=datetime(2026, 3, 2, 9), purpose="Termin"))
    a.close()
    b.close()
    secret = tmp_path / "pass"
    secret.write_text(EXCHANGE_PASSPHRASE)
    cli = ["--vault", str(a.path), "--vault-passphrase-file", str(secret)]
    return _Sender(a.path, d.id, b_in_a, cli)


# --- the key file's KDF parameters ------------------------------------------------------------


@pytest.mark.parametrize(
    ("memory_kib", "iterations", "lanes"),
    [(4 * 1024 * 1024, 100, 4), (8, 1, 4), (1024, 1, 64), (1024 * 1024, 50, 4)],
)
def test_kdf_parameters_no_calibration_makes_are_damage(
    tmp_path: Path,
    cli_env: None,
    capsys: pytest.CaptureFixture[str],
    memory_kib: int,
    iterations: int,
    lanes: int,
) -> None:
    path = tmp_path / "v.wko"
    _make(path)
    keys = envelope_path(path)
    data = json.loads(keys.read_text())
    data["slots"]["passphrase"]["kdf"].update(
        memory_kib=memory_kib, iterations=iterations, lanes=lanes
    )
    keys.write_text(json.dumps(data))
    with pytest.raises(VaultDamaged):
        Vault.unlock(path, PASSPHRASE)
    capsys.readouterr()
    assert main(["--vault", str(path), "list"]) == ExitCode.VAULT_DAMAGED
    assert "key file of the vault is damaged" in capsys.readouterr().err


@pytest.mark.parametrize("salt", ["AA==", "", "A" * 400])
def test_a_salt_no_vault_has_is_damage_not_a_traceback(tmp_path: Path, salt: str) -> None:
    path = tmp_path / "v.wko"
    _make(path)
    keys = envelope_path(path)
    data = json.loads(keys.read_text())
    data["slots"]["passphrase"]["kdf"]["salt"] = salt
    keys.write_text(json.dumps(data))
    with pytest.raises(VaultDamaged):
        Vault.unlock(path, PASSPHRASE)


def test_init_refuses_a_kdf_cost_it_would_refuse_to_open(
    tmp_path: Path, cli_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "v.wko"
    argv = ["--vault", str(path), "init", "--kdf-memory-mib", "4096", "--kdf-iterations", "1"]
    assert main(argv) == ExitCode.BAD_INPUT
    assert "MiB" in capsys.readouterr().err
    assert not path.exists()


# --- damage is not a wrong key ----------------------------------------------------------------


def test_a_damaged_first_page_is_damage_not_a_wrong_key(
    tmp_path: Path, cli_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "v.wko"
    _make(path)
    data = bytearray(path.read_bytes())
    data[100] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(VaultDamaged):
        Vault.unlock(path, PASSPHRASE)
    assert main(["--vault", str(path), "list"]) == ExitCode.VAULT_DAMAGED
    err = capsys.readouterr().err
    assert "damaged" in err and "with this key" not in err


# --- a read-only medium -----------------------------------------------------------------------


@contextlib.contextmanager
def _read_only(folder: Path) -> Iterator[None]:
    """The folder as a read-only medium: a read-only bind mount as root, else permissions."""
    if IS_ROOT:
        mounted = subprocess.run(
            ["mount", "--bind", str(folder), str(folder)], check=False, capture_output=True
        )
        if mounted.returncode != 0:
            pytest.skip("cannot bind-mount here")
        try:
            remounted = subprocess.run(
                ["mount", "-o", "remount,bind,ro", str(folder)], check=False, capture_output=True
            )
            if remounted.returncode != 0:
                pytest.skip("cannot remount read-only here")
            yield
        finally:
            subprocess.run(["umount", str(folder)], check=True)
    else:
        files = list(folder.iterdir())
        for f in files:
            f.chmod(0o400)
        folder.chmod(0o500)
        try:
            yield
        finally:
            folder.chmod(0o700)
            for f in files:
                f.chmod(0o600)


def test_a_vault_on_a_read_only_medium_can_be_read_not_changed(
    tmp_path: Path, cli_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    stick = tmp_path / "USB-Stick Ä #1"  # a name a URI must escape
    path = stick / "vault.wko"
    [dossier_id] = _make(path)
    before = {p.name: p.read_bytes() for p in stick.iterdir()}
    with _read_only(stick):
        with Vault.unlock(path, PASSPHRASE) as vault:
            assert vault.db.read_only
            assert [s.id for s in vault.summaries()] == [dossier_id]
            vault.check_integrity()
            with pytest.raises(StorageProblem) as err:
                vault.records.save(Dossier(family_name="Neu"))
            assert "read-only" in err.value.message()
        capsys.readouterr()
        assert main(["--vault", str(path), "show", dossier_id[:8]]) == 0
        assert "Haddad" in capsys.readouterr().out
        assert main(["--vault", str(path), "demo", "--dossiers", "1"]) == ExitCode.STORAGE
        assert "read-only" in capsys.readouterr().err
        # An automatic backup would go beside the vault: a message too, not a traceback.
        assert main(["--vault", str(path), "backup", "--auto"]) == ExitCode.STORAGE
        assert "read-only" in capsys.readouterr().err
        with pytest.raises(StorageProblem):
            Vault.create(stick / "neu" / "vault.wko", PASSPHRASE, kdf=FAST_KDF)
        # A backup of the stick goes to a writable place.
        copy = tmp_path / "sicherung.wkob"
        assert main(["--vault", str(path), "backup", "-o", str(copy)]) == 0
    assert {p.name: p.read_bytes() for p in stick.iterdir()} == before
    main(["restore", str(copy), "--to", str(tmp_path / "restored" / "vault.wko")])
    assert _names(tmp_path / "restored" / "vault.wko") == ["Haddad"]


def test_an_export_from_a_read_only_medium_is_refused_before_writing(tmp_path: Path) -> None:
    from tests.exchange_support import PASSPHRASE as EXCHANGE_PASSPHRASE
    from willkommensordner.exchange.exporter import Exporter

    sender = _sender(tmp_path, "stick")
    out = tmp_path / "handover.wkox"
    with (
        _read_only(sender.path.parent),
        Vault.unlock(sender.path, EXCHANGE_PASSPHRASE) as vault,
        pytest.raises(StorageProblem),
    ):
        Exporter(vault).export([sender.dossier_id], out, recipients=[sender.partner])
    assert not out.exists()


# --- a full disk --------------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 4 MiB file system (tmpfs), mounted for the test; needs root."""
    if not IS_ROOT:
        pytest.skip("mounting a small file system needs root")
    disk = tmp_path / "disk"
    disk.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m,mode=0700", "tmpfs", str(disk)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=True)


def _fill(disk: Path, leave: int) -> Path:
    """Take all free space but `leave` bytes."""
    filler = disk / "filler"
    stats = os.statvfs(disk)
    free = stats.f_bavail * stats.f_frsize
    with filler.open("wb") as fh:
        fh.write(b"\0" * max(0, free - leave))
    return filler


def test_a_full_disk_while_saving_is_a_message_and_changes_nothing(
    small_disk: Path, cli_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    path = small_disk / "vault.wko"
    _make(path, ("Haddad", "Petrenko"))
    filler = _fill(small_disk, 64 * 1024)
    with Vault.unlock(path, PASSPHRASE) as vault:
        with pytest.raises(StorageProblem) as err, vault.db.transaction():
            for n in range(200):
                d = vault.records.save(Dossier(family_name=f"Person {n}"))
                vault.records.save(Note(dossier_id=d.id, text=os.urandom(3000).hex()))
        assert "disk is full" in err.value.message()
        # The connection is usable again, and nothing of the failed transaction is there.
        assert sorted(s.family_name for s in vault.summaries()) == ["Haddad", "Petrenko"]
    capsys.readouterr()
    assert main(["--vault", str(path), "demo", "--dossiers", "300"]) == ExitCode.STORAGE
    err_text = capsys.readouterr().err
    assert "disk is full" in err_text and "Traceback" not in err_text
    filler.unlink()
    assert _names(path) == ["Haddad", "Petrenko"]
    with Vault.unlock(path, PASSPHRASE) as vault:
        vault.check_integrity()


def test_export_and_backup_to_a_full_disk_leave_no_file(
    small_disk: Path, tmp_path: Path, cli_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "home" / "vault.wko"
    _make(path)
    _fill(small_disk, 16 * 1024)
    capsys.readouterr()
    out = small_disk / "sicherung.wkob"
    assert main(["--vault", str(path), "backup", "-o", str(out)]) == ExitCode.STORAGE
    assert "disk is full" in capsys.readouterr().err
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler"]


def test_an_import_onto_a_full_disk_changes_nothing(small_disk: Path, tmp_path: Path) -> None:
    from tests.exchange_support import (
        add_document_with_scan,
        full_state,
        give_consent,
        introduce,
        make_vault,
    )
    from willkommensordner.exchange.exporter import Exporter
    from willkommensordner.exchange.importer import Importer

    a = make_vault(tmp_path, "a", "Sozialamt Herne")
    b = make_vault(small_disk, "b", "Jobcenter Herne")
    b_in_a, _ = introduce(a, b)
    d = a.records.save(Dossier(family_name="Haddad"))
    give_consent(a, d.id, b_in_a)
    add_document_with_scan(a, d.id, b"%PDF-1.4\n" + os.urandom(2 * 1024 * 1024))
    out = tmp_path / "handover.wkox"
    Exporter(a).export([d.id], out, recipients=[b_in_a])
    a.close()
    b.records.save(Dossier(family_name="Petrenko"))
    before = full_state(b)
    filler = _fill(small_disk, 256 * 1024)
    with pytest.raises(StorageProblem) as err:
        Importer(b).apply(out, confirm_unverified_sender=True)
    assert "disk is full" in err.value.message()
    assert full_state(b) == before
    filler.unlink()
    b.check_integrity()
    b.close()


# --- a journal lost after a crash -------------------------------------------------------------

_CRASH = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    from willkommensordner.domain.dossier import Dossier
    from willkommensordner.vault.vault import Vault
    vault = Vault.unlock(Path(sys.argv[1]), sys.argv[2])
    vault.records.save(Dossier(family_name="Nach dem Absturz"))
    os._exit(0)  # a crash: no close, the change is committed into the journal only
    """
)


def _crash_after_a_write(path: Path) -> None:
    subprocess.run([sys.executable, "-c", _CRASH, str(path), PASSPHRASE], check=True)
    assert journal_path(path).stat().st_size > 0


def test_a_crash_keeps_its_changes_in_the_journal(tmp_path: Path) -> None:
    path = tmp_path / "v.wko"
    _make(path)
    _crash_after_a_write(path)
    assert _names(path) == ["Haddad", "Nach dem Absturz"]
    assert _names(path) == ["Haddad", "Nach dem Absturz"]  # and the clean close stays clean


def test_a_missing_journal_after_a_crash_is_reported_not_silently_lost(
    tmp_path: Path, cli_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "v.wko"
    _make(path)
    _crash_after_a_write(path)
    # Copied (or synced) without its journal:
    journal_path(path).unlink()
    path.with_name(path.name + "-shm").unlink(missing_ok=True)
    with pytest.raises(VaultDamaged) as err:
        Vault.unlock(path, PASSPHRASE)
    assert err.value.msgid == LOST_JOURNAL
    capsys.readouterr()
    assert main(["--vault", str(path), "list"]) == ExitCode.VAULT_DAMAGED
    assert "v.wko-wal" in capsys.readouterr().err
    # The counsellor may take the vault as it is; afterwards it opens normally.
    assert main(["--vault", str(path), "check", "--accept-lost-changes"]) == 0
    assert _names(path) == ["Haddad"]


def test_a_vault_closed_cleanly_needs_no_journal(tmp_path: Path) -> None:
    path = tmp_path / "v.wko"
    _make(path)
    assert not journal_path(path).exists()
    assert _names(path) == ["Haddad"]


# --- files written for the user ---------------------------------------------------------------


def test_exports_backups_and_calendar_files_are_private_whatever_the_umask(
    tmp_path: Path, cli_env: None
) -> None:
    sender = _sender(tmp_path)
    base, dossier_id = sender.cli, sender.dossier_id
    outs = {
        "export": tmp_path / "out" / "handover.wkox",
        "backup": tmp_path / "out" / "sicherung.wkob",
        "calendar": tmp_path / "out" / "termine.ics",
        "subject access": tmp_path / "out" / "auskunft.json",
    }
    outs["export"].parent.mkdir()
    old = os.umask(0o022)
    try:
        assert main([*base, "export", "--dossier", dossier_id, "--to", "Jobcenter Herne",
                     "-o", str(outs["export"])]) == 0  # fmt: skip
        assert main([*base, "backup", "-o", str(outs["backup"])]) == 0
        assert main([*base, "ics", "--dossier", dossier_id, "-o", str(outs["calendar"])]) == 0
        assert main([*base, "subject-access", dossier_id, "-o", str(outs["subject access"])]) == 0
    finally:
        os.umask(old)
    for name, out in outs.items():
        assert out.stat().st_mode & 0o777 == 0o600, name


def test_export_into_a_missing_folder_is_a_clear_error(
    tmp_path: Path, cli_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    sender = _sender(tmp_path)
    base, dossier_id = sender.cli, sender.dossier_id
    missing = tmp_path / "missingdir" / "x.wkox"
    capsys.readouterr()
    argv = [*base, "export", "--dossier", dossier_id, "--to", "Jobcenter Herne",
            "-o", str(missing)]  # fmt: skip
    assert main(argv) == ExitCode.NOT_FOUND
    err = capsys.readouterr().err
    assert "missingdir" in err and "does not exist" in err
    assert not missing.parent.exists()
