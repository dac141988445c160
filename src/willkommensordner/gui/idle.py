"""Notices when nobody has touched keyboard or mouse for a while (for the automatic lock)."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

_INPUT = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
        QEvent.Type.InputMethod,
    }
)


class IdleWatcher(QObject):
    """An application event filter; `idle()` fires once after `timeout_ms` without input.

    Input only stores a timestamp (the filter sees every event, so it must be cheap); one
    single-shot timer checks at the deadline and re-arms for the rest if there was input.
    """

    idle = Signal()

    def __init__(self, app: QApplication, timeout_ms: int, parent: QObject | None = None):
        super().__init__(parent)
        self._app = app
        self._timeout_ms = timeout_ms
        self._last_input = time.monotonic()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._check)
        self._running = False
        app.installEventFilter(self)

    def set_timeout_ms(self, timeout_ms: int) -> None:
        self._timeout_ms = max(10, timeout_ms)
        if self._running:
            self._arm(self._remaining_ms())

    def start(self) -> None:
        self._running = True
        self._last_input = time.monotonic()
        self._arm(self._timeout_ms)

    def stop(self) -> None:
        self._running = False
        self._timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if self._running and event.type() in _INPUT:
            self._last_input = time.monotonic()
        return False

    def _remaining_ms(self) -> int:
        elapsed_ms = (time.monotonic() - self._last_input) * 1000
        return max(0, round(self._timeout_ms - elapsed_ms))

    def _arm(self, ms: int) -> None:
        self._timer.start(max(10, ms))

    def _check(self) -> None:
        if not self._running:
            return
        remaining = self._remaining_ms()
        if remaining > 0:
            self._arm(remaining)
            return
        self.stop()
        self.idle.emit()

    def detach(self) -> None:
        self.stop()
        self._app.removeEventFilter(self)
