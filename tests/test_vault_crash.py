"""Kill a writing process at random moments; the vault must always open complete."""

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from willkommensordner.domain.appointment import Appointment
from willkommensordner.domain.document import Document
from willkommensordner.vault.vault import Vault

from .conftest import FAST_KDF, PASSPHRASE

WRITER = textwrap.dedent(
    """
    import os, sys
    from datetime import datetime
    from pathlib import Path
    from willkommensordner.domain.appointment import Appointment
    from willkommensordner.domain.document import Document
    from willkommensordner.domain.dossier import Dossier
    from willkommensordner.vault.vault import Vault
    vault = Vault.unlock(Path(sys.argv[1]), sys.argv[2])
    n = 0
    while True:
        n += 1
        with vault.db.transaction():
            d = vault.records.save(Dossier(family_name=f"Person {n}"))
            scan = vault.attachments.add_bytes(b"%PDF-1.4\\n" + os.urandom(200_000), "scan.pdf")
            vault.records.save(Document(dossier_id=d.id, number=str(n), attachments=[scan]))
            for hour in (9, 10, 11):
                vault.records.save(Appointment(dossier_id=d.id, start=datetime(2026, 1, 1, hour)))
        print(d.id, flush=True)
    """
)


@pytest.mark.slow
def test_sigkill_while_writing_never_loses_or_half_writes(tmp_path: Path) -> None:
    path = tmp_path / "crash.wko"
    Vault.create(path, PASSPHRASE, kdf=FAST_KDF)[0].close()
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    rng = random.Random(20261121)
    committed: list[str] = []
    for _ in range(12):
        proc = subprocess.Popen(
            [sys.executable, str(script), str(path), PASSPHRASE],
            stdout=subprocess.PIPE,
            text=True,
        )
        # Kill at a random moment after the writer is under way (its first commit), not after
        # a fixed time: on a loaded machine the start-up alone can take longer than that.
        assert proc.stdout is not None
        first = proc.stdout.readline().strip()
        assert first, "the writer died before its first commit"
        time.sleep(rng.uniform(0.0, 0.6))
        os.kill(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        committed += [first, *out.split()]
        with Vault.unlock(path, PASSPHRASE) as vault:
            vault.check_integrity()
            present = {s.id for s in vault.summaries()}
            assert set(committed) <= present
            for dossier_id in present:
                docs = vault.records.parts(dossier_id, Document)
                assert len(docs) == 1
                assert len(vault.records.parts(dossier_id, Appointment)) == 3
                data = vault.attachments.read(docs[0].attachments[0].sha256)
                assert len(data) == docs[0].attachments[0].size
    assert len(committed) >= 12
