"""Keeping a draft of unsaved edits: the GUI thread writes it every few seconds while typing."""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench.bench_vault import fill
from bench.table import Row, percentile, timed
from willkommensordner.vault.drafts import Draft
from willkommensordner.vault.kdf import KdfParams
from willkommensordner.vault.vault import Vault

DOSSIERS = 2000
WRITES = 200


def run() -> list[Row]:
    with tempfile.TemporaryDirectory(prefix="wko-bench-drafts-") as tmp:
        vault, _ = Vault.create(
            Path(tmp) / "vault.wko",
            "bench passphrase for the drafts",
            kdf=KdfParams(memory_kib=8 * 1024, iterations=1, lanes=1),
        )
        fill(vault, DOSSIERS)
        dossier_id = vault.records.dossier_ids()[0]
        # About what the person form and an open appointment dialog hold.
        fields = {f"field_{i}": "Musterstraße 12, 12345 Musterstadt" for i in range(30)}
        samples = []
        for n in range(WRITES):
            drafts = [
                Draft(f"person:{dossier_id}", "Person", {"fields": {**fields, "n": n}}, dossier_id),
                Draft("dialog:AppointmentDialog", "Neuer Termin", {"fields": fields}, dossier_id),
            ]
            samples.append(timed(lambda d=drafts: vault.drafts.replace(d)) * 1000)
        vault.close()
    return [
        Row("drafts", "draft write p50 (GUI thread)", percentile(samples, 50), "ms"),
        Row("drafts", "draft write p95 (GUI thread)", percentile(samples, 95), "ms", 50),
    ]
