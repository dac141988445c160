"""Import decrypts on a worker while the caller stores: errors on either side stop both."""

from __future__ import annotations

import hashlib
import json
import os
import threading
from pathlib import Path

import pytest

from tests.exchange_forge import Entries, open_export, seal, sign, tar_bytes
from tests.exchange_support import (
    add_dossier,
    full_state,
    give_consent,
    introduce,
    make_vault,
)
from willkommensordner.domain.document import Document
from willkommensordner.errors import Blocked, InvalidInput
from willkommensordner.exchange import decrypt_worker
from willkommensordner.exchange.decrypt_worker import CallerFailedError, DecryptWorker
from willkommensordner.exchange.exporter import Exporter
from willkommensordner.exchange.importer import Importer
from willkommensordner.exchange.keys import AgencyIdentity
from willkommensordner.exchange.scope import ExportScope
from willkommensordner.vault.vault import Vault


def _no_worker_left() -> bool:
    return not any(t.name == "import-decrypt" for t in threading.enumerate())


@pytest.fixture
def sent(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A file with three scans from a to b, and what each side needs to take it apart."""
    a = make_vault(tmp_path, "a", "Sozialamt")
    b = make_vault(tmp_path, "b", "Jobcenter")
    b_in_a, _ = introduce(a, b)
    d = add_dossier(a)
    scans = {}
    for size in (400_000, 90_000, 1_300_000):
        data = b"%PDF-1.7\n" + os.urandom(size - 9)
        scans[a.attachments.add_bytes(data, "scan.pdf").sha256] = data
    refs = [a.attachments.add_bytes(data, "scan.pdf") for data in scans.values()]
    a.records.save(Document(dossier_id=d.id, title="Unterlagen", attachments=refs))
    give_consent(a, d.id, b_in_a)
    out = tmp_path / "scans.wkox"
    Exporter(a).export([d.id], out, recipients=[b_in_a], scope=ExportScope(scans=True))
    yield {
        "a": a,
        "b": b,
        "file": out,
        "scans": scans,
        "sender": AgencyIdentity.load_or_create(a.db),
        "reader": AgencyIdentity.load_or_create(b.db),
        "tmp": tmp_path,
    }
    a.close()
    b.close()


@pytest.mark.parametrize("budget", [1, 100_000_000])
def test_scans_are_stored_whether_they_wait_or_not(
    sent, monkeypatch: pytest.MonkeyPatch, budget: int
) -> None:  # type: ignore[no-untyped-def]
    # A budget below one scan makes the worker wait for each to be stored before the next.
    monkeypatch.setattr(decrypt_worker, "STORE_AHEAD_BYTES", budget)
    b: Vault = sent["b"]
    Importer(b).apply(sent["file"])
    for sha, data in sent["scans"].items():
        assert b.attachments.read(sha) == data
    assert _no_worker_left()


def _refused_type_last(entries: Entries) -> Entries:
    """The last scan replaced by bytes of no accepted type, named and listed by their hash."""
    name = [n for n, _ in entries if n.startswith("attachments/")][-1]
    data = b"MZ" + os.urandom(50_000)
    sha = hashlib.sha256(data).hexdigest()
    manifest = json.loads(dict(entries)["manifest.json"])
    for entry in manifest["entries"]:
        if entry["name"] == name:
            entry.update(name=f"attachments/{sha}", sha256=sha, size=len(data))
    changed = [(n, d) for n, d in entries if n != name] + [(f"attachments/{sha}", data)]
    return [(n, json.dumps(manifest).encode() if n == "manifest.json" else d) for n, d in changed]


def test_a_refused_scan_after_stored_ones_leaves_the_vault_as_it_was(sent) -> None:  # type: ignore[no-untyped-def]
    b: Vault = sent["b"]
    entries = sign(_refused_type_last(open_export(sent["file"], sent["reader"])), sent["sender"])
    forged = seal(tar_bytes(entries), sent["reader"], sent["tmp"] / "forged.wkox")
    before = full_state(b)
    with pytest.raises(InvalidInput) as info:
        Importer(b).apply(forged)
    assert "type" in info.value.message()
    assert full_state(b) == before
    assert b.db.scalar("SELECT count(*) FROM blob") == 0
    assert _no_worker_left()


def test_an_unverified_sender_stops_the_worker_before_any_scan(sent) -> None:  # type: ignore[no-untyped-def]
    b: Vault = sent["b"]
    b.db.execute("UPDATE exchange_contact SET verified = 0")
    with pytest.raises(Blocked):
        Importer(b).apply(sent["file"])
    assert b.db.scalar("SELECT count(*) FROM blob") == 0
    assert _no_worker_left()
    Importer(b).apply(sent["file"], confirm_unverified_sender=True)
    assert b.db.scalar("SELECT count(*) FROM blob") == len(sent["scans"])


def test_a_failing_store_stops_the_worker_at_its_next_step() -> None:
    worker = DecryptWorker(budget=10)
    stored: list[int] = []
    steps: list[str] = []

    def store(n: int) -> None:
        if n == 2:
            raise ValueError("disk full")
        stored.append(n)

    def work() -> None:
        for n in range(100):
            try:
                worker.reserve(8)
            except CallerFailedError:
                steps.append("stopped")
                raise
            worker.post(lambda n=n: store(n), 8)  # type: ignore[misc]

    with pytest.raises(ValueError, match="disk full"):
        worker.run(work)
    assert stored == [0, 1]
    assert steps == ["stopped"]


def test_calls_return_their_result_and_errors_of_the_worker_reach_the_caller() -> None:
    worker = DecryptWorker()
    callers: list[str] = []

    def work() -> None:
        assert worker.call(lambda: threading.current_thread().name) == callers[0]
        raise InvalidInput("The file is damaged or incomplete.")

    callers.append(threading.current_thread().name)
    with pytest.raises(InvalidInput):
        worker.run(work)
    assert _no_worker_left()
