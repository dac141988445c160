"""Collect Python garbage on the GUI thread only.

Python's collector runs in whichever thread happens to allocate; when that is a worker and the
garbage holds Qt wrappers, Qt objects are destroyed off the GUI thread and the app crashes.
Anki solves this the same way: automatic collection off, a timer collects on the GUI thread.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 2000


class MainThreadGarbageCollector(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        gc.disable()
        self._threshold = gc.get_threshold()[0]
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.collect_if_due)
        self._timer.start(INTERVAL_MS)

    def collect_if_due(self) -> None:
        if gc.get_count()[0] > self._threshold:
            gc.collect()
