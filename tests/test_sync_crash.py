"""`sync run` killed with SIGKILL at random moments: the vault always opens, passes its check,
and every bundle is applied completely or not at all; our own bundles stay gapless."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.exchange_support import PASSPHRASE, add_dossier
from tests.sync_support import bundles_of, run, team
from willkommensordner.vault.vault import Vault

CYCLES = 50
PER_CYCLE = 2  # new bundles from a before each run of b, so every run has work to cut


def test_sync_run_killed_again_and_again(tmp_path: Path) -> None:
    (a, b), shared = team(tmp_path, 2)
    made = 0

    def write_bundles(count: int) -> None:
        nonlocal made
        for _ in range(count):
            made += 1
            add_dossier(a, f"Familie{made}")  # each bundle brings exactly one new dossier
            run(a)

    write_bundles(10)
    b_path = b.path
    b.close()
    env = {**os.environ, "WKO_PASSPHRASE": PASSPHRASE}
    command = [sys.executable, "-m", "willkommensordner", "--vault", str(b_path), "sync", "run"]
    rng = random.Random(14)
    # How long one run with work to do takes on this machine: the kills fall inside it,
    # whether the machine is idle or loaded.
    write_bundles(PER_CYCLE)
    timed = time.monotonic()
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True)
    duration = time.monotonic() - timed
    killed = 0
    started = time.monotonic()
    for _ in range(CYCLES):
        write_bundles(PER_CYCLE)
        process = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        time.sleep(rng.uniform(0.2, 0.85) * duration)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            killed += 1
        process.wait(timeout=30)
        vault = Vault.unlock(b_path, PASSPHRASE)
        try:
            vault.check_integrity()
            applied = int(vault.db.scalar("SELECT coalesce(max(seq), 0) FROM sync_received") or 0)
            # One bundle, one dossier: a half-applied bundle or a lost receipt shows here.
            assert vault.db.scalar("SELECT count(*) FROM dossier") == applied
        finally:
            vault.close()
        assert time.monotonic() - started < 120, "the loop should take well under a minute"
    assert killed >= CYCLES // 2  # the loop really interrupted runs
    vault = Vault.unlock(b_path, PASSPHRASE)
    try:
        for _ in range(3):
            run(vault)
        assert vault.db.scalar("SELECT count(*) FROM dossier") == made
        vault.check_integrity()
        # What b wrote for a, cut off or not, is gapless and applies cleanly.
        numbers = [int(p.name[:8]) for p in bundles_of(shared, vault, a)]
    finally:
        vault.close()
    assert numbers == list(range(1, len(numbers) + 1))
    assert not list(shared.rglob(".syncthing.*"))
    got = run(a).received
    assert got.held == [] and got.waiting == {}
    assert a.db.scalar("SELECT max(seq) FROM sync_received") == numbers[-1]
