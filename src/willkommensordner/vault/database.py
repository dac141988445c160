"""The SQLCipher connection: opened with the raw data key, every write in a transaction."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import sqlcipher3

from willkommensordner.errors import LockedError, VaultDamaged
from willkommensordner.i18n import N_

DatabaseError = sqlcipher3.dbapi2.DatabaseError
_DAMAGED = N_("The vault file is damaged or incomplete. Restore it from a backup.")
# 64 MiB of decrypted pages: reads of a warm vault then cost about what plain SQLite costs.
CACHE_KIB = 65536


class Database:
    """One connection, shared by the threads of the app under a lock; SQLite serialises anyway."""

    def __init__(self, conn: Any, path: Path) -> None:
        self._conn = conn
        self.path = path
        self._lock = threading.RLock()
        self._read_only = False
        self._depth = 0
        self._before_commit: list[Callable[[], None]] = []
        self._after_commit: list[Callable[[], None]] = []
        # State that lives exactly as long as the outer transaction (gone on rollback).
        self.tx_state: dict[str, Any] = {}

    @classmethod
    def open(cls, path: Path, key: bytes, *, create: bool = False) -> Database:
        if not create:
            if not path.exists():
                raise VaultDamaged(_DAMAGED)
            if path.stat().st_size == 0:
                raise VaultDamaged(_DAMAGED)
        conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
        try:
            conn.execute("PRAGMA cipher_log_level = NONE")
            conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except DatabaseError:
            conn.close()
            raise LockedError(N_("The vault cannot be opened with this key.")) from None
        db = cls(conn, path)
        try:
            db._check_size()
        except VaultDamaged:
            conn.close()
            raise
        return db

    @classmethod
    def open_reader(cls, path: Path, key: bytes, cache_kib: int) -> Database:
        """A read-only connection for bulk reads on a worker thread (it never checkpoints)."""
        db = cls.open(path, key)
        db._read_only = True
        try:
            db.execute("PRAGMA query_only = ON")
            db.execute(f"PRAGMA cache_size = -{cache_kib}")
        except BaseException:
            db.close()
            raise
        return db

    def configure(self) -> None:
        """Settings for a vault we are going to write to (after the version check)."""
        for pragma in (
            "PRAGMA journal_mode = WAL",
            "PRAGMA synchronous = FULL",
            "PRAGMA foreign_keys = ON",
            "PRAGMA temp_store = MEMORY",
            "PRAGMA secure_delete = ON",
            f"PRAGMA cache_size = -{CACHE_KIB}",
        ):
            self.execute(pragma)

    def _check_size(self) -> None:
        """A file shorter than its header says was truncated: refuse it before reading."""
        wal = self.path.with_name(self.path.name + "-wal")
        if wal.exists() and wal.stat().st_size > 0:
            return
        declared = int(self.scalar("PRAGMA page_count")) * int(self.scalar("PRAGMA page_size"))
        if self.path.stat().st_size < declared:
            raise VaultDamaged(_DAMAGED)

    # --- statements ------------------------------------------------------------------------

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Any:
        with self._lock:
            try:
                return self._conn.execute(sql, params)
            except DatabaseError as exc:
                if _is_damage(exc):
                    raise VaultDamaged(_DAMAGED) from None
                raise

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        with self._lock:
            self._conn.executemany(sql, rows)

    def query(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[Any]:
        with self._lock:
            return list(self.execute(sql, params).fetchall())

    def scalar(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Any:
        row = self.execute(sql, params).fetchone()
        return None if row is None else row[0]

    # --- transactions ----------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """All or nothing; nested calls join the outer transaction through savepoints."""
        with self._lock:
            if self._depth == 0:
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
                self.execute("COMMIT")
                callbacks, self._after_commit = self._after_commit, []
            else:
                self.execute(f"RELEASE sp{self._depth}")
                callbacks = []
        for callback in callbacks:
            callback()

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
            if not self._read_only:
                with suppress(DatabaseError):
                    self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self._conn.close()


def _is_damage(exc: Exception) -> bool:
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text or "disk image" in text
