"""Scans read ahead on their own connections arrive complete, in order, and the readers close."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.exchange_support import add_dossier, give_consent, introduce, make_vault
from willkommensordner.domain.document import Document
from willkommensordner.exchange import scan_reader
from willkommensordner.exchange.exporter import Exporter
from willkommensordner.exchange.importer import Importer
from willkommensordner.exchange.scan_reader import read_ahead
from willkommensordner.exchange.scope import ExportScope
from willkommensordner.vault.database import Database, DatabaseError
from willkommensordner.vault.vault import Vault


def _scans(vault: Vault, sizes: list[int]) -> dict[str, bytes]:
    """Stored scans of random content (incompressible, like real ones) by their SHA-256."""
    stored = {}
    for size in sizes:
        data = b"%PDF-1.7\n" + os.urandom(size - 9)
        stored[vault.attachments.add_bytes(data, "scan.pdf").sha256] = data
    return stored


class _Opened:
    """Keeps the reader connections handed out, to check afterwards that they were closed."""

    def __init__(self, vault: Vault) -> None:
        self._vault = vault
        self.readers: list[Database] = []

    def __call__(self, cache_kib: int) -> Database:
        self.readers.append(self._vault.open_reader(cache_kib))
        return self.readers[-1]

    def all_closed(self) -> bool:
        for db in self.readers:
            try:
                db.scalar("SELECT 1")
            except DatabaseError:
                continue
            return False
        return True


@pytest.mark.parametrize("read_ahead_bytes", [1, 10_000_000])
def test_scans_come_in_order_and_complete(
    vault: Vault, monkeypatch: pytest.MonkeyPatch, read_ahead_bytes: int
) -> None:
    # With a budget below one scan each is read alone; with a large one several at once.
    monkeypatch.setattr(scan_reader, "READ_AHEAD_BYTES", read_ahead_bytes)
    stored = _scans(vault, [300_000, 20, 1_500_000, 4096, 700_000, 64, 2_000_000])
    wanted = sorted((sha, len(data)) for sha, data in stored.items())
    missing = ("0" * 64, 10)
    opened = _Opened(vault)
    got = list(read_ahead(opened, [*wanted[:3], missing, *wanted[3:]]))
    assert [scan for scan, _ in got] == [*wanted[:3], missing, *wanted[3:]]
    assert dict(got)[missing] is None
    for (sha, _size), data in got:
        if sha != missing[0]:
            assert data == stored[sha]
    assert len(opened.readers) == scan_reader.READERS
    assert opened.all_closed()
    assert list(read_ahead(opened, [])) == []


def test_readers_cannot_write_and_close_when_the_export_stops_early(vault: Vault) -> None:
    stored = _scans(vault, [100_000] * 5)
    opened = _Opened(vault)
    scans = read_ahead(opened, sorted((sha, len(data)) for sha, data in stored.items()))
    next(scans)
    with pytest.raises(DatabaseError):
        opened.readers[0].execute("DELETE FROM blob")
    scans.close()  # what happens when age stops pulling, e.g. on a full disk
    assert opened.all_closed()
    assert vault.db.scalar("SELECT count(*) FROM blob") == 5


def test_export_with_many_scans_arrives_complete(tmp_path: Path) -> None:
    a = make_vault(tmp_path, "a", "Sozialamt Herne")
    b = make_vault(tmp_path, "b", "Jobcenter Herne")
    try:
        b_in_a, _ = introduce(a, b)
        d = add_dossier(a)
        stored = _scans(a, [250_000, 1_200_000, 40, 600_000, 3_000_000])
        refs = [a.attachments.add_bytes(data, "scan.pdf") for data in stored.values()]
        a.records.save(Document(dossier_id=d.id, title="Unterlagen", attachments=refs))
        give_consent(a, d.id, b_in_a)
        out = tmp_path / "scans.wkox"
        result = Exporter(a).export([d.id], out, recipients=[b_in_a], scope=ExportScope(scans=True))
        assert result.attachments == len(stored)
        Importer(b).apply(out)
        for sha, data in stored.items():
            assert b.attachments.read(sha) == data
    finally:
        a.close()
        b.close()
