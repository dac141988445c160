"""Runs store operations off the GUI thread and hands results back on it.

Every call that may take longer than ~100 ms (unlocking with the KDF, creating a vault,
searching many dossiers, building a PDF) goes through `Runner.submit`. Callbacks run on the
GUI thread. While anything runs, `busy_changed(True, text)` lets the main window show its
busy indicator.

Locking bumps the runner's epoch (`discard_pending`): results of work started before the lock
are dropped instead of filling views with personal data after the user locked.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class Task:
    """A submitted job; `cancel()` stops its callbacks from running (the job itself finishes)."""

    def __init__(self, task_id: int, epoch: int, text: str) -> None:
        self.id = task_id
        self.epoch = epoch
        self.text = text
        self.cancelled = False
        self.finished = threading.Event()

    def cancel(self) -> None:
        self.cancelled = True


class _Job(QRunnable):
    def __init__(self, task: Task, fn: Callable[[], Any], report: _Reporter) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._task = task
        self._fn = fn
        self._report = report

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as exc:
            self._report.failed.emit(self._task.id, exc)
        else:
            self._report.done.emit(self._task.id, result)
        finally:
            self._task.finished.set()


class _Reporter(QObject):
    done = Signal(int, object)
    failed = Signal(int, object)


class Runner(QObject):
    """`submit(fn, on_done, on_error, busy_text)`; `busy_changed(bool, str)` for the indicator."""

    busy_changed = Signal(bool, str)

    def __init__(
        self,
        default_error: Failed | None = None,
        max_threads: int = 2,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._reporter = _Reporter(self)
        self._reporter.done.connect(self._on_done, Qt.ConnectionType.QueuedConnection)
        self._reporter.failed.connect(self._on_failed, Qt.ConnectionType.QueuedConnection)
        self._callbacks: dict[int, tuple[Task, Done | None, Failed | None]] = {}
        self._next_id = 0
        self._epoch = 0
        self.default_error = default_error

    @property
    def busy(self) -> bool:
        return bool(self._callbacks)

    def submit(
        self,
        fn: Callable[[], Any],
        on_done: Done | None = None,
        on_error: Failed | None = None,
        busy_text: str = "",
    ) -> Task:
        """Run `fn()` in a worker; `on_done(result)` or `on_error(exc)` later on the GUI thread.

        Without `on_error`, failures go to the runner's default handler (an error dialog).
        """
        self._next_id += 1
        task = Task(self._next_id, self._epoch, busy_text)
        was_busy = self.busy
        self._callbacks[task.id] = (task, on_done, on_error)
        self._pool.start(_Job(task, fn, self._reporter))
        if not was_busy or busy_text:
            self.busy_changed.emit(True, busy_text)
        return task

    def discard_pending(self) -> None:
        """Forget the callbacks of everything already submitted (used when the vault locks)."""
        self._epoch += 1

    def wait_idle(self, timeout_ms: int = 5000) -> bool:
        """Block until the workers are idle (closing the vault, quitting); True if they are."""
        return bool(self._pool.waitForDone(timeout_ms))

    @Slot(int, object)
    def _on_done(self, task_id: int, result: Any) -> None:
        entry = self._finish(task_id)
        if entry is None:
            return
        _task, on_done, _on_error = entry
        if on_done is not None:
            on_done(result)

    @Slot(int, object)
    def _on_failed(self, task_id: int, exc: BaseException) -> None:
        entry = self._finish(task_id)
        if entry is None:
            return
        _task, _on_done, on_error = entry
        handler = on_error or self.default_error
        if handler is not None:
            handler(exc)
        else:
            # Only the type: an exception text may quote personal data.
            log.error("background task failed: %s", type(exc).__name__)

    def _finish(self, task_id: int) -> tuple[Task, Done | None, Failed | None] | None:
        task, on_done, on_error = self._callbacks.pop(task_id)
        if not self.busy:
            self.busy_changed.emit(False, "")
        if task.cancelled or task.epoch != self._epoch:
            return None
        return task, on_done, on_error
