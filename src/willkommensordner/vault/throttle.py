"""A growing pause after wrong passphrases, kept beside the vault so a restart does not reset it.

The record (`vault.wko.attempts`) holds the number of failures since the last unlock and the
time of the last one; the next attempt waits what is left of the pause. It is written without
any key (a wrong passphrase gives none), so it cannot be authenticated: a record that does not
parse, belongs to another vault or claims impossible values counts as the longest pause and
is reported at the next unlock. Deleting the record or putting back an old copy resets the
pause; someone who can do that can also copy the key file and guess offline, against the
cost of Argon2id, which is what protects the vault then. The pause is against guessing
through the app.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from willkommensordner import storage
from willkommensordner.i18n import N_, Message
from willkommensordner.vault.location import attempts_path

MAX_DELAY_SECONDS = 30.0
FORMAT = "willkommensordner-unlock-attempts"
# 2 ** (failures - 1) reaches the longest pause here; more failures change nothing.
_CAPPED = 6
_MAX_FAILURES = 1_000_000


@dataclass(frozen=True, slots=True)
class Attempts:
    failures: int = 0
    last: float = 0.0
    # The record was there but unreadable or impossible: it was edited or damaged.
    tampered: bool = False


def notice(attempts: Attempts) -> Message | None:
    """What to tell the counsellor after unlocking: wrong passphrases may not have been theirs."""
    if attempts.tampered:
        return Message(
            N_(
                "The record of wrong passphrases beside the vault was changed or is damaged;"
                " someone may have tried to guess the passphrase."
            )
        )
    if not attempts.failures:
        return None
    return Message(
        N_("Since the last unlock, a wrong passphrase was entered {count} time(s), last on {at}."),
        {
            "count": attempts.failures,
            "at": datetime.fromtimestamp(attempts.last).strftime("%d.%m.%Y %H:%M"),
        },
    )


class UnlockThrottle:
    def __init__(
        self,
        record: Path | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._record = record
        self._sleep = sleep
        self._clock = clock
        self._memory = Attempts()

    @classmethod
    def beside(cls, vault_path: Path) -> UnlockThrottle:
        return cls(attempts_path(vault_path))

    # --- state -----------------------------------------------------------------------------

    def attempts(self) -> Attempts:
        """What the record says (or, on a medium it cannot be written to, this process)."""
        stored = self._load()
        return stored if stored.failures >= self._memory.failures else self._memory

    @property
    def failures(self) -> int:
        return self.attempts().failures

    def delay(self) -> float:
        """The whole pause that follows the failures so far."""
        failures = self.failures
        if failures == 0:
            return 0.0
        return min(2.0 ** (min(failures, _CAPPED) - 1), MAX_DELAY_SECONDS)

    def remaining(self) -> float:
        """What is left of the pause since the last failure (all of it if the clock went back)."""
        pause = self.delay()
        if not pause:
            return 0.0
        elapsed = self._clock() - self.attempts().last
        return pause if elapsed < 0 else max(0.0, pause - elapsed)

    # --- events ----------------------------------------------------------------------------

    def wait(self) -> None:
        pause = self.remaining()
        if pause:
            self._sleep(pause)

    def failed(self) -> None:
        now = self.attempts()
        self._memory = Attempts(min(now.failures + 1, _MAX_FAILURES), self._clock())
        self._store(self._memory)

    def succeeded(self) -> Attempts:
        """Reset the pause; returns the failures since the previous unlock, to tell the user."""
        before = self.attempts()
        self._memory = Attempts()
        if self._record is not None:
            with suppress(FileNotFoundError, OSError):
                self._record.unlink()
        return before

    # --- the record ------------------------------------------------------------------------

    def _load(self) -> Attempts:
        if self._record is None:
            return Attempts()
        try:
            raw = self._record.read_bytes()
        except FileNotFoundError:
            return Attempts()
        except OSError:
            return Attempts(_CAPPED, self._clock(), tampered=True)
        try:
            data = json.loads(raw[:4096])
            failures, last = data["failures"], data["last"]
            valid = (
                data["format"] == FORMAT
                and type(failures) is int
                and 0 < failures <= _MAX_FAILURES
                and isinstance(last, float | int)
                and last <= self._clock() + 86400
            )
        except (ValueError, TypeError, KeyError):
            valid = False
        if not valid:
            return Attempts(_CAPPED, self._clock(), tampered=True)
        return Attempts(failures, float(last))

    def _store(self, attempts: Attempts) -> None:
        if self._record is None:
            return
        data = json.dumps(
            {
                "format": FORMAT,
                "failures": attempts.failures,
                "last": attempts.last,
            }
        ).encode()
        tmp = self._record.with_name(self._record.name + ".tmp")
        try:
            with storage.open_private(tmp) as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            tmp.replace(self._record)
        except OSError:
            # A read-only medium: the pause still grows in this process (`_memory`).
            with suppress(OSError):
                tmp.unlink()
