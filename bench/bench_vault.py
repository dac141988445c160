"""Foundation figures: unlock, bulk create, search, agenda, SQLCipher vs plain SQLite, cold CLI."""

from __future__ import annotations

import itertools
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.table import Row, median, percentile, timed
from willkommensordner.domain.demo import generate
from willkommensordner.vault.agenda import build_agenda
from willkommensordner.vault.database import Database
from willkommensordner.vault.envelope import Envelope
from willkommensordner.vault.kdf import KdfParams
from willkommensordner.vault.location import envelope_path
from willkommensordner.vault.search import SearchIndex
from willkommensordner.vault.summaries import list_summaries
from willkommensordner.vault.vault import Vault

PASSPHRASE = "bench passphrase for the vault"
DOSSIERS = int(os.environ.get("WKO_BENCH_DOSSIERS", "10000"))


def fill(vault: Vault, count: int) -> None:
    people = generate(count, seed=42)
    while batch := list(itertools.islice(people, 500)):
        with vault.db.transaction():
            for person in batch:
                for record in person.records():
                    vault.records.save(record)


def _queries(vault: Vault, n: int) -> list[str]:
    rng = random.Random(5)
    rows = vault.db.query(
        "SELECT family_name, given_names, native_name, json_extract(body, '$.phone') FROM dossier"
    )
    numbers = [
        r[0]
        for r in vault.db.query(
            "SELECT json_extract(body, '$.number') FROM record"
            " WHERE kind = 'document' AND json_extract(body, '$.number') != ''"
        )
    ]
    out = []
    for _ in range(n):
        fam, giv, nat, phone = rng.choice(rows)
        kind = rng.randrange(5)
        if kind == 0:
            out.append(fam[: rng.randint(2, len(fam))])
        elif kind == 1:
            out.append(f"{fam} {giv[:3]}")
        elif kind == 2 and nat:
            out.append(nat.split()[0])
        elif kind == 3 and numbers:
            out.append(rng.choice(numbers)[:6])
        else:
            out.append(phone[: rng.randint(5, len(phone))])
    return out


def _workload(db: Database, queries: list[str]) -> None:
    from datetime import date

    list_summaries(db, today=date.today())
    build_agenda(db, date.today())
    index = SearchIndex(db)
    for q in queries:
        index.find(q)


def run() -> list[Row]:
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.wko"
        kdf = KdfParams.calibrated()
        vault, _ = Vault.create(path, PASSPHRASE, kdf=kdf)
        rows.append(
            Row(
                "vault",
                f"create {DOSSIERS:,} demo dossiers",
                timed(lambda: fill(vault, DOSSIERS)),
                "s",
            )
        )
        vault.close()
        size = path.stat().st_size / 1_048_576
        rows.append(Row("vault", f"vault size with {DOSSIERS:,} dossiers", size, "MB"))

        envelope, _ = Envelope.load(envelope_path(path))
        unlock = [timed(lambda: envelope.unwrap_with_passphrase(PASSPHRASE)) for _ in range(3)]
        rows.append(
            Row(
                "vault",
                f"unlock: Argon2id ({kdf.memory_kib // 1024} MiB, {kdf.iterations} it.)",
                median(unlock),
                "s",
                0.8,
            )
        )
        key = envelope.unwrap_with_passphrase(PASSPHRASE)
        opens = []
        for _ in range(5):
            started = time.perf_counter()
            db = Database.open(path, key)
            db.scalar("SELECT count(*) FROM dossier")
            opens.append(time.perf_counter() - started)
            db.close()
        rows.append(Row("vault", "raw open with the data key", median(opens) * 1000, "ms"))

        vault = Vault.unlock(path, PASSPHRASE)
        queries = _queries(vault, 300)
        vault.search.find("warm")
        samples = [timed(lambda q=q: vault.search.find(q)) * 1000 for q in queries]
        rows.append(Row("vault", f"search p50 over {DOSSIERS:,}", percentile(samples, 50), "ms"))
        rows.append(
            Row("vault", f"search p95 over {DOSSIERS:,}", percentile(samples, 95), "ms", 20)
        )
        listed = [timed(lambda q=q: vault.summaries(search=q)) * 1000 for q in queries[:100]]
        rows.append(Row("vault", "list filtered by search p95", percentile(listed, 95), "ms"))
        rows.append(
            Row(
                "vault",
                f"list all {DOSSIERS:,} with badges",
                median([timed(vault.summaries) for _ in range(5)]) * 1000,
                "ms",
            )
        )
        agenda = [timed(vault.agenda) * 1000 for _ in range(10)]
        rows.append(Row("vault", f"agenda over {DOSSIERS:,} (median)", median(agenda), "ms", 50))

        plain = Path(tmp) / "plain.db"
        vault.db.execute(f"ATTACH DATABASE '{plain}' AS plaintext KEY ''")
        vault.db.execute("SELECT sqlcipher_export('plaintext')")
        vault.db.execute("DETACH DATABASE plaintext")
        plain_db = Database(
            sqlite3.connect(plain, isolation_level=None, check_same_thread=False), plain
        )
        plain_db.execute("PRAGMA cache_size = -65536")
        for db in (vault.db, plain_db):
            _workload(db, queries)  # warm both caches
        cipher_t = median([timed(lambda: _workload(vault.db, queries)) for _ in range(3)])
        plain_t = median([timed(lambda: _workload(plain_db, queries)) for _ in range(3)])
        rows.append(
            Row(
                "vault",
                "read workload: SQLCipher / plain SQLite (warm)",
                cipher_t / plain_t,
                "×",
                1.2,
            )
        )
        plain_db.close()
        vault.close()

        env = {**os.environ, "WKO_PASSPHRASE": PASSPHRASE}
        cold = []
        for _ in range(3):
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "willkommensordner", "--vault", str(path), "list", "--json"],
                env=env,
                stdout=subprocess.DEVNULL,
                check=True,
            )
            cold.append(time.perf_counter() - started)
        rows.append(Row("vault", "`list --json` cold start incl. unlock", median(cold), "s"))
    return rows
