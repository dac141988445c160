"""The SQLCipher connection: opened with the raw data key, every write in a transaction."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import sqlcipher3

from willkommensordner import storage
from willkommensordner.errors import StorageProblem, UserError, VaultDamaged
from willkommensordner.i18n import N_

DatabaseError = sqlcipher3.dbapi2.DatabaseError
_DAMAGED = N_("The vault file is damaged or incomplete. Restore it from a backup.")
# The data key comes from a key file whose MAC checked out: a database it does not open is
# damaged, or the key file beside it is another vault's.
_NOT_OURS = N_(
    "The vault file is damaged, or the key file beside it belongs to another vault."
    " Restore both from a backup."
)
_JOURNAL_ON_READ_ONLY = N_(
    "The vault on the read-only medium {path} has changes in its journal ({name}) that can only"
    " be read where they can be written. Copy the vault's folder to a writable place and open"
    " it there."
)
# 64 MiB of decrypted pages: reads of a warm vault then cost about what plain SQLite costs.
CACHE_KIB = 65536


class Database:
    """One connection, shared by the threads of the app under a lock; SQLite serialises anyway."""

    def __init__(self, conn: Any, path: Path) -> None:
        self._conn = conn
        self.path = path
        self._lock = threading.RLock()
        # Opened read-only: the medium (or folder) cannot be written, or a bulk reader.
        self.read_only = False
        self._depth = 0
        # Called once, before the first write transaction begins (see Vault).
        self.before_first_write: Callable[[], None] | None = None
        self._before_commit: list[Callable[[], None]] = []
        self._after_commit: list[Callable[[], None]] = []
        # State that lives exactly as long as the outer transaction (gone on rollback).
        self.tx_state: dict[str, Any] = {}

    @classmethod
    def open(cls, path: Path, key: bytes, *, create: bool = False) -> Database:
        """Open with the data key; on a read-only medium read-only (immutable, no journal)."""
        if not create:
            if not path.exists():
                raise VaultDamaged(_DAMAGED)
            if path.stat().st_size == 0:
                raise VaultDamaged(_DAMAGED)
        read_only = not create and storage.is_read_only(path)
        if read_only:
            journal = journal_path(path)
            if journal.exists() and journal.stat().st_size > 0:
                raise StorageProblem(_JOURNAL_ON_READ_ONLY, path=str(path), name=journal.name)
        try:
            if read_only:
                # Nothing can change the file, and no shared-memory file can be made beside it.
                uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
                conn = sqlcipher3.connect(
                    uri, uri=True, isolation_level=None, check_same_thread=False
                )
            else:
                conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
        except DatabaseError as exc:
            raise _problem(exc, path, opening=True) or exc from None
        # cipher_memory_security stays off: bench_memory_security measured 5-17× the cost of
        # reads and writes with it, and Python keeps its own copies of the data anyway.
        try:
            conn.execute("PRAGMA cipher_log_level = NONE")
            conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except DatabaseError as exc:
            conn.close()
            raise _problem(exc, path, opening=True) or exc from None
        db = cls(conn, path)
        db.read_only = read_only
        try:
            db._check_size()
        except UserError:
            conn.close()
            raise
        return db

    @classmethod
    def open_reader(cls, path: Path, key: bytes, cache_kib: int) -> Database:
        """A read-only connection for bulk reads on a worker thread (it never checkpoints)."""
        db = cls.open(path, key)
        db.read_only = True
        try:
            db.execute("PRAGMA query_only = ON")
            db.execute(f"PRAGMA cache_size = -{cache_kib}")
        except BaseException:
            db.close()
            raise
        return db

    def configure(self) -> None:
        """Settings for a vault we are going to work with (after the version check)."""
        writing = (
            ()
            if self.read_only
            else (
                "PRAGMA journal_mode = WAL",
                "PRAGMA synchronous = FULL",
                "PRAGMA secure_delete = ON",
            )
        )
        for pragma in (
            *writing,
            "PRAGMA foreign_keys = ON",
            "PRAGMA temp_store = MEMORY",
            f"PRAGMA cache_size = -{CACHE_KIB}",
        ):
            self.execute(pragma)

    @contextmanager
    def cache_of(self, kib: int) -> Iterator[None]:
        """A larger page cache for one bulk write (the indexes of a big caseload stay in it),
        given back afterwards."""
        self.execute(f"PRAGMA cache_size = -{kib}")
        try:
            yield
        finally:
            self.execute(f"PRAGMA cache_size = -{CACHE_KIB}")

    def _check_size(self) -> None:
        """A file shorter than its header says was truncated: refuse it before reading."""
        wal = journal_path(self.path)
        if wal.exists() and wal.stat().st_size > 0:
            return
        declared = int(self.scalar("PRAGMA page_count")) * int(self.scalar("PRAGMA page_size"))
        if self.path.stat().st_size < declared:
            raise VaultDamaged(_DAMAGED)

    # --- statements ------------------------------------------------------------------------

    @contextmanager
    def _translated(self) -> Iterator[None]:
        """Damage and disk problems become their messages; anything else stays a bug."""
        try:
            yield
        except DatabaseError as exc:
            found = _problem(exc, self.path)
            if found is None:
                raise
            raise found from None

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Any:
        with self._lock, self._translated():
            return self._conn.execute(sql, params)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        with self._lock, self._translated():
            self._conn.executemany(sql, rows)

    def query(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[Any]:
        with self._lock, self._translated():
            return list(self._conn.execute(sql, params).fetchall())

    def scalar(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Any:
        with self._lock, self._translated():
            row = self._conn.execute(sql, params).fetchone()
        return None if row is None else row[0]

    # --- transactions ----------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """All or nothing; nested calls join the outer transaction through savepoints."""
        with self._lock:
            if self._depth == 0:
                if self.before_first_write is not None:
                    self.before_first_write()
                    self.before_first_write = None
                self.execute("BEGIN IMMEDIATE")
                self.tx_state = {}
                self._before_commit, self._after_commit = [], []
            else:
                self.execute(f"SAVEPOINT sp{self._depth}")
            self._depth += 1
            try:
                yield self
                if self._depth == 1:
                    while self._before_commit:
                        self._before_commit.pop(0)()
            except BaseException:
                self._depth -= 1
                if self._depth == 0:
                    self.execute("ROLLBACK")
                    self._after_commit.clear()
                    self._before_commit.clear()
                    self.tx_state = {}
                else:
                    self.execute(f"ROLLBACK TO sp{self._depth}")
                    self.execute(f"RELEASE sp{self._depth}")
                raise
            self._depth -= 1
            if self._depth == 0:
                self._commit()
                callbacks, self._after_commit = self._after_commit, []
            else:
                self.execute(f"RELEASE sp{self._depth}")
                callbacks = []
        for callback in callbacks:
            callback()

    def _commit(self) -> None:
        """COMMIT, or, when that fails (a full disk), roll back: nothing is half-written."""
        try:
            self.execute("COMMIT")
        except BaseException:
            if self._conn.in_transaction:
                with suppress(DatabaseError):
                    self._conn.execute("ROLLBACK")
            self._after_commit.clear()
            self._before_commit.clear()
            self.tx_state = {}
            raise

    def before_commit(self, callback: Callable[[], None]) -> None:
        """Run inside the outer transaction, just before it commits."""
        self._before_commit.append(callback)

    def after_commit(self, callback: Callable[[], None]) -> None:
        """Run once the outer transaction has committed (e.g. tell the views what changed)."""
        self._after_commit.append(callback)

    @property
    def in_transaction(self) -> bool:
        return self._depth > 0

    def close(self) -> None:
        with self._lock:
            if not self.read_only:
                with suppress(DatabaseError):
                    self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self._conn.close()


def journal_path(path: Path) -> Path:
    """SQLite's write-ahead log beside the database: committed changes not yet copied in."""
    return path.with_name(path.name + "-wal")


def _problem(exc: Exception, path: Path, *, opening: bool = False) -> UserError | None:
    """The message for an SQLite error, by its result code; None for our own mistakes."""
    name = str(getattr(exc, "sqlite_errorname", "") or "")
    if name == "SQLITE_NOTADB":
        return VaultDamaged(_NOT_OURS if opening else _DAMAGED)
    if name.startswith("SQLITE_CORRUPT"):
        return VaultDamaged(_DAMAGED)
    if name == "SQLITE_FULL" or (name.startswith("SQLITE_IOERR") and storage.nearly_full(path)):
        return StorageProblem(storage.DISK_FULL, path=str(path))
    if name.startswith("SQLITE_READONLY") or (opening and name.startswith("SQLITE_CANTOPEN")):
        if storage.is_read_only(path):
            return StorageProblem(storage.READ_ONLY, path=str(path))
        # A writable medium: a bulk reader (query_only) asked to write, which is our bug.
        return StorageProblem(storage.DISK_FAILED, path=str(path)) if opening else None
    if name.startswith("SQLITE_IOERR"):
        return StorageProblem(storage.DISK_FAILED, path=str(path))
    return None
