"""End-to-end latency of sync: an edit on laptop A, A's bundle written, carried by a real
Syncthing instance to B's (both on loopback, configured as in the tests), applied on B.
Median of five edits; skipped when syncthing is not installed."""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from bench.table import Row
from tests.syncthing_support import available, two_instances, wait_for
from willkommensordner.domain.dossier import Dossier
from willkommensordner.exchange.contacts import ContactBook
from willkommensordner.exchange.keys import AgencyIdentity
from willkommensordner.sync import engine
from willkommensordner.vault.kdf import KdfParams
from willkommensordner.vault.vault import Vault

KDF = KdfParams(memory_kib=8192, iterations=1, lanes=1)
EDITS = 5


def run() -> list[Row]:
    if not available():
        return []
    samples: list[float] = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        a, _ = Vault.create(
            tmp / "a" / "v.wko", "bench pass a", counsellor="a", agency="X", kdf=KDF
        )
        b, _ = Vault.create(
            tmp / "b" / "v.wko", "bench pass b", counsellor="b", agency="X", kdf=KDF
        )
        try:
            for here, there in ((a, b), (b, a)):
                book = ContactBook(here.db)
                public = AgencyIdentity.load_or_create(there.db).public
                book.set_team(book.add(there.author.counsellor, public, verified=True))
            with two_instances(tmp) as (copy_a, copy_b):
                engine.set_shared_folder(a, copy_a)
                engine.set_shared_folder(b, copy_b)
                dossier = a.records.save(Dossier(family_name="Beispiel"))
                for n in range(EDITS + 1):
                    city = f"Stadt {n}"
                    a.records.save(a.records.dossier(dossier.id).model_copy(update={"city": city}))
                    started = time.monotonic()
                    engine.run(a)

                    def arrived(city: str = city) -> bool:
                        engine.run(b)
                        found = b.db.scalar(
                            "SELECT json_extract(body, '$.city') FROM dossier WHERE id = ?",
                            (dossier.id,),
                        )
                        return bool(found == city)

                    wait_for(arrived, 60)
                    if n:  # the first one also waits for the two instances to connect
                        samples.append(time.monotonic() - started)
        finally:
            a.close()
            b.close()
    return [
        Row(
            "sync via Syncthing",
            "edit on A applied on B (median of 5)",
            statistics.median(samples),
            "s",
        )
    ]
