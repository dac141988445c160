"""Encrypted backups of the whole vault, and rotating automatic ones.

A backup is a plain tar file holding `backup.json` (what it is), `vault.keys` (the key
envelope) and `vault.wko` (a `VACUUM INTO` copy of the SQLCipher database). The copy stays
encrypted under the vault's data key, and the envelope wraps that key under the passphrase of
the day and the recovery key: so a backup opens with the recovery key (or that passphrase),
and nothing in it is readable without one. No consent is needed: nothing leaves the agency.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tarfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from willkommensordner import __version__, storage
from willkommensordner.errors import Incompatible, InvalidInput, NotFound
from willkommensordner.i18n import N_
from willkommensordner.vault import migrations
from willkommensordner.vault.location import envelope_path
from willkommensordner.vault.vault import Vault

FORMAT = "willkommensordner-backup"
VERSION = 1
INFO, KEYS, DATABASE = "backup.json", "vault.keys", "vault.wko"
SUFFIX = ".wkob"
DEFAULT_KEEP = 7
DEFAULT_INTERVAL = timedelta(hours=20)
_PIECE = 1024 * 1024
_BAD = N_("This is not a backup of Willkommensordner digital, or it is damaged.")


@dataclass(frozen=True, slots=True)
class BackupInfo:
    vault_id: str
    created: str
    schema_version: int
    size: int


def _add_file(tar: tarfile.TarFile, name: str, path: Path, mtime: int) -> None:
    info = tarfile.TarInfo(name)
    info.size = path.stat().st_size
    info.mtime = mtime
    info.mode = 0o600
    with path.open("rb") as fh:
        tar.addfile(info, fh)


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes, mtime: int) -> None:
    import io

    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = mtime
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(data))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_PIECE):
            digest.update(chunk)
    return digest.hexdigest()


def create_backup(vault: Vault, out: Path) -> BackupInfo:
    """Write a consistent backup of the open vault to `out` (atomically, 0600)."""
    if vault.db.in_transaction:
        raise InvalidInput(N_("A backup cannot be made while changes are being saved."))
    with storage.writing(out):
        out.parent.mkdir(parents=True, exist_ok=True)
    copy = out.with_name(out.name + ".db.part")
    part = out.with_name(out.name + ".part")
    for leftover in (copy, part):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()
    created = datetime.now(UTC)
    try:
        # VACUUM INTO creates the copy with the umask's mode: make it private first.
        with storage.writing(copy):
            storage.open_private(copy).close()
        vault.db.execute("VACUUM INTO ?", (str(copy),))
        keys = vault.key_file_for_copy()
        info = {
            "format": FORMAT,
            "version": VERSION,
            "app_version": __version__,
            "vault_id": vault.vault_id,
            "created": created.isoformat(timespec="seconds"),
            "schema_version": migrations.schema_version(vault.db),
            "database_sha256": _sha256(copy),
            "database_size": copy.stat().st_size,
            "keys_sha256": hashlib.sha256(keys).hexdigest(),
        }
        mtime = int(created.timestamp())
        with storage.writing(out), storage.open_private(part) as fh:
            with tarfile.open(fileobj=fh, mode="w", format=tarfile.USTAR_FORMAT) as tar:
                _add_bytes(tar, INFO, json.dumps(info, indent=2).encode(), mtime)
                _add_bytes(tar, KEYS, keys, mtime)
                _add_file(tar, DATABASE, copy, mtime)
            fh.flush()
            os.fsync(fh.fileno())
        part.replace(out)
    finally:
        for leftover in (copy, part):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
    return BackupInfo(
        vault.vault_id, str(info["created"]), int(str(info["schema_version"])), out.stat().st_size
    )


def restore_backup(backup: Path, target: Path) -> BackupInfo:
    """Unpack a backup as a vault at `target` (with its key file beside it); never overwrites."""
    keys_target = envelope_path(target)
    if target.exists() or keys_target.exists():
        raise InvalidInput(N_("There is already a vault at {path}."), path=str(target))
    if not backup.is_file():
        raise NotFound(N_("The file could not be read."))
    with storage.writing(target):
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    db_part = target.with_name(target.name + ".part")
    keys_part = keys_target.with_name(keys_target.name + ".part")
    try:
        try:
            tar = tarfile.open(backup, mode="r:")  # noqa: SIM115 - closed by the `with` below
        except (tarfile.TarError, OSError):
            raise InvalidInput(_BAD) from None
        with tar:
            members = tar.getmembers()
            names = [m.name for m in members]
            if sorted(names) != sorted([INFO, KEYS, DATABASE]) or not all(
                m.isreg() for m in members
            ):
                raise InvalidInput(_BAD)
            by_name = {m.name: m for m in members}
            if by_name[INFO].size > 65536 or by_name[KEYS].size > 65536:
                raise InvalidInput(_BAD)
            info = _read_info(tar, by_name[INFO])
            keys = _read(tar, by_name[KEYS])
            if hashlib.sha256(keys).hexdigest() != info.get("keys_sha256"):
                raise InvalidInput(_BAD)
            source = tar.extractfile(by_name[DATABASE])
            if source is None:
                raise InvalidInput(_BAD)
            digest = hashlib.sha256()
            with storage.writing(target), storage.open_private(db_part) as fh:
                while chunk := source.read(_PIECE):
                    digest.update(chunk)
                    fh.write(chunk)
                fh.flush()
                os.fsync(fh.fileno())
            if digest.hexdigest() != info.get("database_sha256"):
                raise InvalidInput(_BAD)
            with storage.writing(target), storage.open_private(keys_part) as fh:
                fh.write(keys)
        db_part.replace(target)
        keys_part.replace(keys_target)
    except (tarfile.TarError, EOFError):
        raise InvalidInput(_BAD) from None
    finally:
        for leftover in (db_part, keys_part):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
    return BackupInfo(
        str(info["vault_id"]),
        str(info["created"]),
        int(str(info["schema_version"])),
        backup.stat().st_size,
    )


def _read(tar: tarfile.TarFile, member: tarfile.TarInfo) -> bytes:
    fh = tar.extractfile(member)
    if fh is None:
        raise InvalidInput(_BAD)
    return fh.read()


def _read_info(tar: tarfile.TarFile, member: tarfile.TarInfo) -> dict[str, object]:
    try:
        info = json.loads(_read(tar, member))
    except (ValueError, UnicodeDecodeError):
        raise InvalidInput(_BAD) from None
    if not isinstance(info, dict) or info.get("format") != FORMAT:
        raise InvalidInput(_BAD)
    version = info.get("version")
    if not isinstance(version, int) or not isinstance(info.get("schema_version"), int):
        raise InvalidInput(_BAD)
    if version > VERSION:
        raise Incompatible(
            N_("This backup was made by a newer version of the app. Please update the app.")
        )
    return info


# --- automatic, rotating backups ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BackupSettings:
    """Where automatic backups go and how many are kept; stored in the vault."""

    directory: Path
    keep: int = DEFAULT_KEEP

    @classmethod
    def load(cls, vault: Vault) -> BackupSettings:
        rows = dict(
            vault.db.query("SELECT key, value FROM meta WHERE key IN ('backup_dir', 'backup_keep')")
        )
        directory = Path(rows["backup_dir"]) if rows.get("backup_dir") else default_dir(vault)
        keep = int(rows.get("backup_keep") or DEFAULT_KEEP)
        return cls(directory, keep)

    def save(self, vault: Vault) -> None:
        if self.keep < 1:
            raise InvalidInput(N_("At least one backup must be kept."))
        with vault.db.transaction():
            vault.db.executemany(
                "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                [("backup_dir", str(self.directory)), ("backup_keep", str(self.keep))],
            )


def default_dir(vault: Vault) -> Path:
    return vault.path.parent / "backups"


def existing_backups(directory: Path) -> list[Path]:
    """Automatic backups, oldest first (their names sort by time)."""
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.glob(f"backup-*{SUFFIX}") if p.is_file())


def _made_at(path: Path) -> datetime | None:
    stamp = path.name.removeprefix("backup-").removesuffix(SUFFIX)
    try:
        return datetime.strptime(stamp, "%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC)
    except ValueError:
        return None


def rotate(
    vault: Vault,
    settings: BackupSettings | None = None,
    *,
    now: datetime | None = None,
    min_interval: timedelta | None = DEFAULT_INTERVAL,
) -> Path | None:
    """Make an automatic backup unless a recent one exists; keep only the newest `keep`."""
    settings = settings or BackupSettings.load(vault)
    now = now or datetime.now(UTC)
    backups = existing_backups(settings.directory)
    if backups and min_interval is not None:
        newest = _made_at(backups[-1])
        if newest is not None and now - newest < min_interval:
            return None
    out = settings.directory / f"backup-{now.strftime('%Y%m%dT%H%M%S%fZ')}{SUFFIX}"
    with storage.writing(out):
        settings.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    create_backup(vault, out)
    for old in existing_backups(settings.directory)[: -settings.keep]:
        old.unlink()
    return out
