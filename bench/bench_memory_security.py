"""What SQLCipher's `cipher_memory_security` (wipe freed memory, lock pages) costs here.

The setting is process-wide and must be chosen before the first connection, so each mode runs
in a fresh interpreter: fill a vault, then time the read workload and a bulk write.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import textwrap

from bench.table import Row

DOSSIERS = int(os.environ.get("WKO_BENCH_MEMSEC_DOSSIERS", "2000"))

_PROBE = textwrap.dedent(
    """
    import json, sys, time, itertools
    from pathlib import Path
    import sqlcipher3
    probe = sqlcipher3.connect(":memory:")
    probe.execute("PRAGMA cipher_memory_security = " + sys.argv[2])
    probe.close()
    from bench.bench_vault import _queries, _workload, fill
    from willkommensordner.vault.kdf import KdfParams
    from willkommensordner.vault.vault import Vault
    path = Path(sys.argv[1]) / "memsec.wko"
    vault, _ = Vault.create(path, "bench passphrase for the vault", kdf=KdfParams(1024, 1, 1))
    started = time.perf_counter()
    fill(vault, int(sys.argv[3]))
    write = time.perf_counter() - started
    queries = _queries(vault, 200)
    _workload(vault.db, queries)
    times = []
    for _ in range(3):
        started = time.perf_counter()
        _workload(vault.db, queries)
        times.append(time.perf_counter() - started)
    vault.close()
    print(json.dumps({"write": write, "read": sorted(times)[1]}))
    """
)


def _measure(mode: str) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run(
            [sys.executable, "-c", _PROBE, tmp, mode, str(DOSSIERS)],
            capture_output=True,
            text=True,
            check=True,
        )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def run() -> list[Row]:
    off, on = _measure("OFF"), _measure("ON")
    return [
        Row(
            "vault",
            f"cipher_memory_security: read workload on / off ({DOSSIERS:,} dossiers)",
            on["read"] / off["read"],
            "×",
        ),
        Row(
            "vault",
            f"cipher_memory_security: bulk write on / off ({DOSSIERS:,} dossiers)",
            on["write"] / off["write"],
            "×",
        ),
    ]
