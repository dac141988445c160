"""Sync figures: a caseload of WKO_BENCH_SYNC_DOSSIERS dossiers (default 10,000) on two team
laptops. The catch-up bundle a new laptop gets, one edited dossier (bundle size, write time,
apply time on the other side), and a day's work (50 edits across 20 dossiers) in one bundle.

Peak RSS is of this whole process (both vaults live in it), so it overstates one side.
"""

from __future__ import annotations

import itertools
import os
import resource
import tempfile
from pathlib import Path

from bench.table import Row, timed
from willkommensordner.domain.demo import generate
from willkommensordner.exchange.contacts import ContactBook
from willkommensordner.exchange.keys import AgencyIdentity
from willkommensordner.sync import engine
from willkommensordner.sync.receiving import Receiver
from willkommensordner.sync.sending import Sender
from willkommensordner.vault.kdf import KdfParams
from willkommensordner.vault.vault import Vault

PASSPHRASE = "bench passphrase for the vault"
KDF = KdfParams(memory_kib=8192, iterations=1, lanes=1)
DOSSIERS = int(os.environ.get("WKO_BENCH_SYNC_DOSSIERS", "10000"))


def _vault(tmp: Path, name: str) -> Vault:
    vault, _ = Vault.create(
        tmp / name / "v.wko", PASSPHRASE, counsellor=name, agency="Amt", kdf=KDF
    )
    return vault


def _fill(vault: Vault, count: int) -> None:
    people = generate(count, seed=14)
    while batch := list(itertools.islice(people, 500)):
        with vault.db.transaction():
            for person in batch:
                for record in person.records():
                    vault.records.save(record)


def _join(a: Vault, b: Vault) -> None:
    for here, there in ((a, b), (b, a)):
        book = ContactBook(here.db)
        public = AgencyIdentity.load_or_create(there.db).public
        book.set_team(book.add(there.author.counsellor, public, verified=True))


def _edit(vault: Vault, dossier_id: str, n: int) -> None:
    dossier = vault.records.dossier(dossier_id)
    vault.records.save(dossier.model_copy(update={"phone": f"0234 {n:06d}"}))


def run() -> list[Row]:
    rows: list[Row] = []
    area = f"sync ({DOSSIERS} dossiers)"
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        shared = tmp / "shared"
        shared.mkdir()
        a, b = _vault(tmp, "a"), _vault(tmp, "b")
        try:
            _fill(a, DOSSIERS)
            _join(a, b)
            for v in (a, b):
                engine.set_shared_folder(v, shared)
            sent: list[object] = []
            rows.append(
                Row(
                    area,
                    "catch-up bundles written",
                    timed(lambda: sent.extend(Sender(a, shared).send_all())),
                    "s",
                )
            )
            size = sum(s.path.stat().st_size for s in sent)  # type: ignore[attr-defined]
            rows.append(Row(area, "catch-up bundles", len(sent), ""))
            rows.append(Row(area, "catch-up size in all", size / 1e6, "MB"))
            rows.append(
                Row(
                    area,
                    "catch-up applied on a new laptop",
                    timed(lambda: Receiver(b, shared).receive_all()),
                    "s",
                    60,
                )
            )
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            rows.append(Row(area, "peak RSS of the process (both sides)", peak, "MB", 300))
            Sender(b, shared).send_all()  # b's echo of the snapshot, out of the way
            Receiver(a, shared).receive_all()
            ids = a.records.dossier_ids()
            _edit(a, ids[17], 1)
            sent.clear()
            rows.append(
                Row(
                    area,
                    "one edit: bundle written",
                    timed(lambda: sent.extend(Sender(a, shared).send_all())) * 1000,
                    "ms",
                    200,
                )
            )
            rows.append(
                Row(area, "one edit: bundle size", sent[0].path.stat().st_size / 1024, "KB", 20)  # type: ignore[attr-defined]
            )
            rows.append(
                Row(
                    area,
                    "one edit: applied on the other laptop",
                    timed(lambda: Receiver(b, shared).receive_all()) * 1000,
                    "ms",
                    300,
                )
            )
            Sender(b, shared).send_all()
            Receiver(a, shared).receive_all()
            for n in range(50):
                _edit(a, ids[100 + n % 20], n + 2)
            sent.clear()
            rows.append(
                Row(
                    area,
                    "day's work (50 edits, 20 dossiers): bundle written",
                    timed(lambda: sent.extend(Sender(a, shared).send_all())),
                    "s",
                )
            )
            rows.append(Row(area, "day's work: bundles per member", len(sent), "", 1))
            rows.append(
                Row(
                    area,
                    "day's work: applied",
                    timed(lambda: Receiver(b, shared).receive_all()),
                    "s",
                    1,
                )
            )
        finally:
            a.close()
            b.close()
    return rows
