"""Creating, unlocking and locking a vault; the services a caller works with once it is open."""

from __future__ import annotations

import os
import secrets
import uuid
from datetime import date
from pathlib import Path
from types import TracebackType

from willkommensordner.domain.legal_status import TargetGroup
from willkommensordner.errors import InvalidInput, NotFound, VaultDamaged
from willkommensordner.i18n import N_
from willkommensordner.vault import migrations
from willkommensordner.vault.agenda import DEFAULT_LIMIT, DEFAULT_WEEKS, Agenda, build_agenda
from willkommensordner.vault.attachments import AttachmentStore
from willkommensordner.vault.audit import AuditEntry, AuditTrail
from willkommensordner.vault.author import Author
from willkommensordner.vault.database import Database
from willkommensordner.vault.drafts import DraftStore
from willkommensordner.vault.envelope import Envelope
from willkommensordner.vault.events import ChangeEvents
from willkommensordner.vault.kdf import KdfParams
from willkommensordner.vault.location import envelope_path
from willkommensordner.vault.passphrase_policy import check_new
from willkommensordner.vault.records import RecordStore
from willkommensordner.vault.search import SearchIndex
from willkommensordner.vault.summaries import DossierSummary, list_summaries
from willkommensordner.vault.throttle import UnlockThrottle


class Vault:
    """An unlocked vault. Lock it with `close()`; nothing of it is usable afterwards."""

    def __init__(self, db: Database, envelope: Envelope, data_key: bytes) -> None:
        self.db = db
        self.path = db.path
        self._envelope = envelope
        self._data_key = data_key
        self.vault_id = envelope.vault_id
        self.events = ChangeEvents()
        self.records = RecordStore(db, self._author(), self.events)
        self.attachments = AttachmentStore(db)
        self.search = SearchIndex(db)
        self.audit = AuditTrail(db)
        self.drafts = DraftStore(db)

    # --- lifecycle -------------------------------------------------------------------------

    @classmethod
    def create(
        cls,
        path: Path,
        passphrase: str,
        *,
        counsellor: str = "",
        agency: str = "",
        kdf: KdfParams | None = None,
    ) -> tuple[Vault, str]:
        """A new vault and its recovery key, which the user must print or write down now."""
        check_new(passphrase)
        keys = envelope_path(path)
        if path.exists() or keys.exists():
            raise InvalidInput(N_("There is already a vault at {path}."), path=str(path))
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        data_key = secrets.token_bytes(32)
        envelope, recovery = Envelope.new(data_key, passphrase, kdf or KdfParams.calibrated())
        # Build the database under a temporary name so a crash never leaves a half-made vault.
        building = path.with_name(path.name + ".new")
        for leftover in building.parent.glob(building.name + "*"):
            leftover.unlink()
        old_umask = os.umask(0o077)
        try:
            db = Database.open(building, data_key, create=True)
            db.configure()
            migrations.migrate(db)
            with db.transaction():
                db.executemany(
                    "INSERT INTO meta(key, value) VALUES (?, ?)",
                    [
                        ("vault_id", envelope.vault_id),
                        ("device", str(uuid.uuid4())),
                        ("counsellor", counsellor),
                        ("agency", agency),
                        ("created", date.today().isoformat()),
                    ],
                )
            db.close()
            envelope.save(keys, data_key)
            building.replace(path)
        finally:
            os.umask(old_umask)
        return cls._open(path, envelope, data_key), recovery

    @classmethod
    def unlock(cls, path: Path, passphrase: str, throttle: UnlockThrottle | None = None) -> Vault:
        envelope, mac = cls._load_envelope(path)
        if throttle is not None:
            throttle.wait()
        try:
            data_key = envelope.unwrap_with_passphrase(passphrase)
        except Exception:
            if throttle is not None:
                throttle.failed()
            raise
        if throttle is not None:
            throttle.succeeded()
        envelope.verify(data_key, mac)
        return cls._open(path, envelope, data_key)

    @classmethod
    def unlock_with_recovery_key(cls, path: Path, key: str) -> Vault:
        envelope, mac = cls._load_envelope(path)
        data_key = envelope.unwrap_with_recovery_key(key)
        envelope.verify(data_key, mac)
        return cls._open(path, envelope, data_key)

    @staticmethod
    def _load_envelope(path: Path) -> tuple[Envelope, str]:
        if not path.exists():
            raise NotFound(N_("There is no vault at {path}."), path=str(path))
        return Envelope.load(envelope_path(path))

    @classmethod
    def _open(cls, path: Path, envelope: Envelope, data_key: bytes) -> Vault:
        db = Database.open(path, data_key)
        try:
            version = migrations.check_version(db)
            if version == 0:
                raise VaultDamaged(
                    N_("The vault file is damaged or incomplete. Restore it from a backup.")
                )
            db.configure()
            migrations.migrate(db)
            stored_id = db.scalar("SELECT value FROM meta WHERE key = 'vault_id'")
            if stored_id != envelope.vault_id:
                raise VaultDamaged(N_("The key file does not belong to this vault."))
        except BaseException:
            db.close()
            raise
        return cls(db, envelope, data_key)

    def close(self) -> None:
        self.db.close()
        self._data_key = b""

    def open_reader(self, cache_kib: int) -> Database:
        """Another, read-only connection to this vault for bulk reads on a worker thread.

        The caller closes it; SQLCipher decrypts on it without holding the GIL, so readers on
        their own connections work in parallel with each other and with the caller.
        """
        return Database.open_reader(self.path, self._data_key, cache_kib)

    def __enter__(self) -> Vault:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # --- keys ------------------------------------------------------------------------------

    def change_passphrase(self, new_passphrase: str, kdf: KdfParams | None = None) -> None:
        """Rewrap the data key; the database is not touched."""
        check_new(new_passphrase)
        self._envelope.set_passphrase(
            self._data_key, new_passphrase, kdf or self._envelope.kdf_params()
        )
        self._envelope.save(envelope_path(self.path), self._data_key)

    def renew_recovery_key(self) -> str:
        """A new recovery key; the old one stops working."""
        key = self._envelope.set_recovery_key(self._data_key)
        self._envelope.save(envelope_path(self.path), self._data_key)
        return key

    # --- who writes ------------------------------------------------------------------------

    def _meta(self, key: str) -> str:
        return str(self.db.scalar("SELECT value FROM meta WHERE key = ?", (key,)) or "")

    def _author(self) -> Author:
        return Author(self._meta("counsellor"), self._meta("agency"), self._meta("device"))

    @property
    def author(self) -> Author:
        return self.records.author

    def set_author(self, counsellor: str, agency: str) -> None:
        with self.db.transaction():
            self.db.executemany(
                "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                [("counsellor", counsellor), ("agency", agency)],
            )
        self.records.author = self._author()

    # --- health --------------------------------------------------------------------------

    def check_integrity(self) -> None:
        """Read every page: SQLCipher verifies each page's HMAC only when it reads the page."""
        problems = self.db.query("PRAGMA cipher_integrity_check")
        if problems or self.db.scalar("PRAGMA quick_check") != "ok":
            raise VaultDamaged(
                N_("The vault file is damaged or incomplete. Restore it from a backup.")
            )

    # --- queries ---------------------------------------------------------------------------

    def agenda(
        self, today: date | None = None, weeks: int = DEFAULT_WEEKS, limit: int = DEFAULT_LIMIT
    ) -> Agenda:
        return build_agenda(self.db, today or date.today(), weeks, limit)

    def summaries(
        self,
        search: str | None = None,
        *,
        include_closed: bool = True,
        target_group: TargetGroup | None = None,
        counsellor: str | None = None,
        expiry_weeks: int = DEFAULT_WEEKS,
    ) -> list[DossierSummary]:
        return list_summaries(
            self.db,
            today=date.today(),
            search=search,
            include_closed=include_closed,
            target_group=target_group,
            counsellor=counsellor,
            expiry_weeks=expiry_weeks,
        )

    def history(self, dossier_id: str) -> list[AuditEntry]:
        self.records.dossier(dossier_id)
        return self.audit.for_dossier(dossier_id)
