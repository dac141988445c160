"""Reading the scans of an export ahead of the encryptor, on connections of their own.

pyrage holds the GIL while it encrypts, but SQLCipher decrypts a scan without it. Readers on
their own connections therefore keep the other cores busy while age encrypts on the calling
thread; with one reader the export was bound by reading (SQLCipher's page HMACs cost more than
age's encryption). The read-ahead is limited by bytes, not by count, because one scan may be as
large as the app accepts.
"""

from __future__ import annotations

import queue
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor

from willkommensordner.vault.database import Database

READERS = 2
# Scans read ahead of the one being encrypted; each also needs SQLite's buffer while it is read.
READ_AHEAD_BYTES = 48 * 1024 * 1024
READER_CACHE_KIB = 2048

Scan = tuple[str, int]  # sha256, size


def read_ahead(
    open_reader: Callable[[int], Database], scans: list[Scan]
) -> Iterator[tuple[Scan, bytes | None]]:
    """Each scan with its content (None if it is gone), in the order given."""
    if not scans:
        return
    readers = min(READERS, len(scans))
    idle: queue.SimpleQueue[Database] = queue.SimpleQueue()
    opened: list[Database] = []
    try:
        for _ in range(readers):
            opened.append(open_reader(READER_CACHE_KIB))
            idle.put(opened[-1])

        def read(sha256: str) -> bytes | None:
            db = idle.get()
            try:
                data = db.scalar("SELECT data FROM blob WHERE sha256 = ?", (sha256,))
            finally:
                idle.put(db)
            return None if data is None else bytes(data)

        with ThreadPoolExecutor(max_workers=readers, thread_name_prefix="export-read") as pool:
            pending: deque[tuple[Scan, Future[bytes | None]]] = deque()
            following = iter(scans)
            upcoming = next(following, None)
            ahead = 0  # bytes of the pending reads

            def fill() -> None:
                nonlocal upcoming, ahead
                while upcoming is not None and (
                    not pending
                    or (len(pending) < readers and ahead + upcoming[1] <= READ_AHEAD_BYTES)
                ):
                    pending.append((upcoming, pool.submit(read, upcoming[0])))
                    ahead += upcoming[1]
                    upcoming = next(following, None)

            try:
                fill()
                while pending:
                    scan, future = pending.popleft()
                    data = future.result()
                    ahead -= scan[1]
                    fill()  # the next reads run while the caller encrypts this scan
                    yield scan, data
                    del data
            finally:
                for _scan, future in pending:
                    future.cancel()
    finally:
        for db in opened:
            db.close()
