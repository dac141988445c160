"""Decrypting an import on a worker thread while the calling thread stores what comes out.

The calling thread holds the vault's transaction (and the connection's lock), so everything
that touches the vault runs there; the worker only decrypts, parses and hashes. pyrage holds
the GIL while it decrypts, SQLite releases it while it encrypts and writes pages, so storing
one scan overlaps with decrypting the next. Scans waiting to be stored are limited by bytes,
as the export's read-ahead is: a large scan waits until the one before it is stored.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")
STORE_AHEAD_BYTES = 48 * 1024 * 1024


class CallerFailedError(Exception):
    """The calling thread failed; the worker stops at its next step."""


@dataclass(frozen=True, slots=True)
class _Done:
    error: BaseException | None


@dataclass(frozen=True, slots=True)
class _Task:
    run: Callable[[], None]
    size: int  # bytes reserved for it, given back once it has run


class DecryptWorker:
    def __init__(self, budget: int | None = None) -> None:
        self._budget = STORE_AHEAD_BYTES if budget is None else budget
        self._tasks: queue.SimpleQueue[_Task | _Done] = queue.SimpleQueue()
        self._space = threading.Condition()
        self._waiting = 0  # bytes reserved by the worker and not yet stored
        self._failed = False

    # --- on the worker ---------------------------------------------------------------------

    def call(self, fn: Callable[[], T]) -> T:
        """Run `fn` on the calling thread and wait for its result (or its exception)."""
        self.check()
        future: Future[T] = Future()

        def run() -> None:
            try:
                future.set_result(fn())
            except BaseException as exc:
                future.set_exception(exc)
                raise

        self._tasks.put(_Task(run, 0))
        while True:
            try:
                return future.result(timeout=0.05)
            except TimeoutError:
                self.check()  # a calling thread that failed runs no more tasks

    def reserve(self, size: int) -> None:
        """Wait until `size` more bytes may be held for the calling thread."""
        with self._space:
            self._space.wait_for(
                lambda: self._failed or not self._waiting or self._waiting + size <= self._budget
            )
            if self._failed:
                raise CallerFailedError
            self._waiting += size

    def post(self, fn: Callable[[], None], size: int) -> None:
        """Run `fn` on the calling thread without waiting; `size` bytes were reserved for it."""
        self.check()
        self._tasks.put(_Task(fn, size))

    def check(self) -> None:
        if self._failed:
            raise CallerFailedError

    # --- on the calling thread -------------------------------------------------------------

    def run(self, work: Callable[[], None]) -> None:
        """Run `work` on a worker thread and what it posts here; the first error is raised."""

        def worker() -> None:
            try:
                work()
            except BaseException as exc:
                self._tasks.put(_Done(exc))
            else:
                self._tasks.put(_Done(None))

        thread = threading.Thread(target=worker, name="import-decrypt", daemon=True)
        thread.start()
        error: BaseException | None = None
        try:
            while True:
                item = self._tasks.get()
                if isinstance(item, _Done):
                    done = item
                    break
                if error is None:
                    try:
                        item.run()
                    except BaseException as exc:
                        error = exc
                        self._fail()
                size = item.size
                del item  # the scan it held is freed before the worker may read the next
                self._give_back(size)
        except BaseException:
            self._fail()  # interrupted here: the worker must not wait for us for ever
            raise
        finally:
            thread.join()
        if error is not None:
            raise error
        if done.error is not None:
            raise done.error

    def _fail(self) -> None:
        with self._space:
            self._failed = True
            self._space.notify_all()

    def _give_back(self, size: int) -> None:
        if size:
            with self._space:
                self._waiting -= size
                self._space.notify_all()
