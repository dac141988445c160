"""A growing pause after wrong passphrases, kept in memory: failures write nothing to disk."""

from __future__ import annotations

import time
from collections.abc import Callable

MAX_DELAY_SECONDS = 30.0


class UnlockThrottle:
    def __init__(self, sleep: Callable[[float], None] = time.sleep) -> None:
        self._sleep = sleep
        self.failures = 0

    def delay(self) -> float:
        """How long to wait before the next attempt is checked."""
        if self.failures == 0:
            return 0.0
        return min(2.0 ** (self.failures - 1), MAX_DELAY_SECONDS)

    def wait(self) -> None:
        pause = self.delay()
        if pause:
            self._sleep(pause)

    def failed(self) -> None:
        self.failures += 1

    def succeeded(self) -> None:
        self.failures = 0
