"""Creating, unlocking and locking a vault; the services a caller works with once it is open."""

from __future__ import annotations

import os
import secrets
import uuid
from collections.abc import Iterator
from contextlib import suppress
from datetime import date
from pathlib import Path
from types import TracebackType

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from willkommensordner import storage
from willkommensordner.domain.legal_status import TargetGroup
from willkommensordner.errors import (
    HistoryTampered,
    InvalidInput,
    LockedError,
    NotFound,
    StorageProblem,
    UserError,
    VaultDamaged,
)
from willkommensordner.i18n import N_
from willkommensordner.vault import audit_chain, migrations
from willkommensordner.vault.agenda import DEFAULT_LIMIT, DEFAULT_WEEKS, Agenda, build_agenda
from willkommensordner.vault.attachments import AttachmentStore
from willkommensordner.vault.audit import AuditEntry, AuditTrail
from willkommensordner.vault.author import Author
from willkommensordner.vault.database import Database, DatabaseError, journal_path
from willkommensordner.vault.drafts import DraftStore
from willkommensordner.vault.envelope import Envelope
from willkommensordner.vault.events import ChangeEvents
from willkommensordner.vault.kdf import KdfParams
from willkommensordner.vault.location import envelope_path
from willkommensordner.vault.passphrase_policy import check_new
from willkommensordner.vault.records import RecordStore
from willkommensordner.vault.search import SearchIndex
from willkommensordner.vault.summaries import (
    DossierSummary,
    ListPlace,
    list_summaries,
    summary_page,
)
from willkommensordner.vault.throttle import Attempts, UnlockThrottle

LOST_JOURNAL = N_(
    "The vault was not closed properly and its journal file ({name}) is missing: changes saved"
    " since it was last opened are not in the vault file. If you copied the vault, copy {name}"
    " with it. Otherwise restore a backup, or open it as it is with `check --accept-lost-changes`."
)
NEEDS_UPDATE_READ_ONLY = N_(
    "This vault must be updated for this version of the app, which cannot be done on a"
    " read-only medium. Copy its folder to a writable place and open it there."
)


class Vault:
    """An unlocked vault. Lock it with `close()`; nothing of it is usable afterwards.

    Losing the journal: SQLite keeps committed changes in `vault.wko-wal` until it copies them
    into `vault.wko`; a crash leaves them there, and a vault copied or synced without that
    file silently goes back in time. So before a session's first write, the key file records
    the session (`Envelope.session`), and a clean close records it in the database as
    `closed_session`. On opening, a key file naming a session the database does not know as
    closed, with no journal beside it, means committed changes are missing: refused with
    LOST_JOURNAL. Sessions that only read write nothing. (Two programs writing the same vault
    at once share one marker: the later one's.)
    """

    def __init__(self, db: Database, envelope: Envelope, data_key: bytes) -> None:
        self.db = db
        self.path = db.path
        self._envelope = envelope
        self._data_key = data_key
        self._session: str | None = None
        # Wrong passphrases since the previous unlock (set by `unlock`), to tell the user.
        self.failed_attempts = Attempts()
        if not db.read_only:
            db.before_first_write = self._begin_session
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
        with storage.writing(path):
            return cls._create(path, keys, passphrase, counsellor, agency, kdf)

    @classmethod
    def _create(
        cls,
        path: Path,
        keys: Path,
        passphrase: str,
        counsellor: str,
        agency: str,
        kdf: KdfParams | None,
    ) -> tuple[Vault, str]:
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
    def unlock(
        cls,
        path: Path,
        passphrase: str,
        throttle: UnlockThrottle | None = None,
        *,
        accept_lost_journal: bool = False,
    ) -> Vault:
        """Open with the passphrase, after what is left of the pause of earlier failures."""
        envelope, mac = cls._load_envelope(path)
        throttle = throttle or UnlockThrottle.beside(path)
        throttle.wait()
        try:
            data_key = envelope.unwrap_with_passphrase(passphrase)
        except LockedError:
            throttle.failed()
            raise
        # The passphrase was right: the pause ends even if the database then fails to open.
        earlier = throttle.succeeded()
        envelope.verify(data_key, mac)
        vault = cls._open(path, envelope, data_key, accept_lost_journal=accept_lost_journal)
        vault.failed_attempts = earlier
        return vault

    @classmethod
    def unlock_with_recovery_key(
        cls, path: Path, key: str, *, accept_lost_journal: bool = False
    ) -> Vault:
        envelope, mac = cls._load_envelope(path)
        data_key = envelope.unwrap_with_recovery_key(key)
        envelope.verify(data_key, mac)
        return cls._open(path, envelope, data_key, accept_lost_journal=accept_lost_journal)

    @staticmethod
    def _load_envelope(path: Path) -> tuple[Envelope, str]:
        if not path.exists():
            raise NotFound(N_("There is no vault at {path}."), path=str(path))
        return Envelope.load(envelope_path(path))

    @classmethod
    def _open(
        cls, path: Path, envelope: Envelope, data_key: bytes, *, accept_lost_journal: bool = False
    ) -> Vault:
        # Looked at before opening: opening creates an empty journal.
        journal_present = journal_path(path).exists()
        db = Database.open(path, data_key)
        try:
            version = migrations.check_version(db)
            if version == 0:
                raise VaultDamaged(
                    N_("The vault file is damaged or incomplete. Restore it from a backup.")
                )
            db.configure()
            if db.read_only and version < migrations.LATEST:
                raise StorageProblem(NEEDS_UPDATE_READ_ONLY)
            stored_id = db.scalar("SELECT value FROM meta WHERE key = 'vault_id'")
            if stored_id != envelope.vault_id:
                raise VaultDamaged(N_("The key file does not belong to this vault."))
            closed = db.scalar("SELECT value FROM meta WHERE key = 'closed_session'")
            lost = envelope.session is not None and envelope.session != closed
            if lost and not journal_present and not accept_lost_journal:
                raise VaultDamaged(LOST_JOURNAL, name=journal_path(path).name)
            if not db.read_only:
                migrations.migrate(db)
        except BaseException:
            db.close()
            raise
        vault = cls(db, envelope, data_key)
        if lost and journal_present and not db.read_only:
            # A crashed session's changes, found in the journal: once this session closes
            # they are in the vault file, so its close may record that session as closed.
            vault._session = envelope.session
        elif lost and accept_lost_journal and not db.read_only:
            vault._accept_as_is()
        return vault

    def _begin_session(self) -> None:
        """Before the first write: the key file names this session (see the class docstring)."""
        session = str(uuid.uuid4())
        self._envelope.session = session
        self._envelope.save(envelope_path(self.path), self._data_key)
        self._session = session

    def close(self) -> None:
        if self._session is not None and not self.db.in_transaction:
            # Best effort: if this cannot be written (a full disk), the journal stays and the
            # next opening finds its changes there.
            with suppress(UserError, DatabaseError):
                self.db.execute(
                    "INSERT OR REPLACE INTO meta(key, value) VALUES ('closed_session', ?)",
                    (self._session,),
                )
        self.db.close()
        self._data_key = b""

    def require_writable(self) -> None:
        """Refuse work that must record something when the vault is on a read-only medium."""
        if self.db.read_only:
            raise StorageProblem(storage.READ_ONLY, path=str(self.path))

    def _accept_as_is(self) -> None:
        """LOST_JOURNAL accepted: note it, and start a session that closes cleanly."""
        with self.db.transaction():
            self.db.execute(
                "INSERT OR REPLACE INTO meta(key, value) VALUES ('lost_journal_accepted', ?)",
                (date.today().isoformat(),),
            )

    def purpose_key(self, purpose: bytes) -> bytes:
        """A key of its own for one purpose, derived from the data key: the same for every
        copy and backup of this vault, and for nothing else."""
        return HKDF(hashes.SHA256(), 32, b"willkommensordner", purpose).derive(self._data_key)

    def key_file_for_copy(self) -> bytes:
        """The key file for a copy of the database (a backup): no session, as the copy needs
        no journal."""
        return Envelope(self.vault_id, self._envelope.slots).file_bytes(self._data_key)

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
        breaks = audit_chain.verify(self.db)
        if breaks:
            first = breaks[0]
            raise HistoryTampered(
                N_(
                    "The history of {count} dossier(s) was changed outside the app. First"
                    " broken entry: dossier {dossier}, entry {entry}."
                ),
                count=len(breaks),
                dossier=first.dossier_id or "—",
                entry=first.position,
            )

    def history_intact(self, dossier_id: str) -> bool:
        """Whether the dossier's history chain still matches every entry and its length."""
        return not audit_chain.verify(self.db, dossier_id)

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

    def summary_page(
        self, count: int, after: ListPlace | None = None, *, include_closed: bool = True
    ) -> tuple[list[DossierSummary], ListPlace | None]:
        """A page of the list in name order and where it ends (see `summary_page`)."""
        return summary_page(
            self.db,
            today=date.today(),
            count=count,
            after=after,
            include_closed=include_closed,
        )

    def summary_pages(
        self, count: int, *, include_closed: bool = True
    ) -> Iterator[list[DossierSummary]]:
        """The whole list in name order, `count` dossiers at a time."""
        page, place = self.summary_page(count, include_closed=include_closed)
        while page:
            yield page
            if place is None:
                return
            page, place = self.summary_page(count, place, include_closed=include_closed)

    def history(self, dossier_id: str) -> list[AuditEntry]:
        self.records.dossier(dossier_id)
        return self.audit.for_dossier(dossier_id)
