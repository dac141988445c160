"""Two vaults, each beside its own real Syncthing instance, loopback only: an edit arrives,
concurrent edits of one field are the same conflict on both, and after resolution both hold
the same records."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.exchange_support import add_dossier, make_vault
from tests.sync_support import join
from tests.syncthing_support import available, two_instances, wait_for
from willkommensordner.exchange.conflicts import ConflictStore, Side
from willkommensordner.sync import engine
from willkommensordner.vault.vault import Vault

pytestmark = pytest.mark.skipif(not available(), reason="syncthing is installed by make test")


def _records(v: Vault) -> object:
    return (
        v.db.query("SELECT id, body, deleted, version FROM dossier ORDER BY id"),
        v.db.query("SELECT id, body, deleted, version FROM record ORDER BY id"),
    )


def _arrived(v: Vault, sequence_from: dict[str, int]) -> bool:
    """Whether the bundles the other side wrote have reached this copy and are applied."""
    engine.run(v)
    got = dict(v.db.query("SELECT sender, seq FROM sync_received"))
    return all(got.get(k, 0) >= n for k, n in sequence_from.items())


def _sent(v: Vault, other: Vault) -> dict[str, int]:
    from willkommensordner.exchange.keys import AgencyIdentity

    fingerprint = AgencyIdentity.load_or_create(v.db).public.fingerprint
    peer = AgencyIdentity.load_or_create(other.db).public.fingerprint
    seq = v.db.scalar("SELECT seq FROM sync_sent WHERE recipient = ?", (peer,))
    return {fingerprint: int(seq or 0)}


def test_edits_and_conflicts_through_syncthing(tmp_path: Path) -> None:
    a = make_vault(tmp_path, "a", "Sozialamt Herne")
    b = make_vault(tmp_path, "b", "Sozialamt Herne")
    join(a, b)
    with two_instances(tmp_path) as (copy_a, copy_b):
        engine.set_shared_folder(a, copy_a)
        engine.set_shared_folder(b, copy_b)
        d = add_dossier(a)
        engine.run(a)
        took = wait_for(lambda: _arrived(b, _sent(a, b)))
        assert b.records.dossier(d.id).family_name == "Haddad"
        # One field changed on both laptops before either saw the other's change.
        engine.run(b)  # b's echo of what it received
        wait_for(lambda: _arrived(a, _sent(b, a)))
        for v, city in ((a, "Essen"), (b, "Dortmund")):
            v.records.save(v.records.dossier(d.id).model_copy(update={"city": city}))
            engine.run(v)
        wait_for(lambda: _arrived(a, _sent(b, a)) and _arrived(b, _sent(a, b)))
        seen = []
        for v in (a, b):
            (conflict,) = ConflictStore(v.db, v.records).list_conflicts()
            seen.append({conflict.theirs["city"], v.records.dossier(d.id).city})
        assert seen[0] == seen[1] == {"Essen", "Dortmund"}
        store = ConflictStore(a.db, a.records)
        store.resolve(store.list_conflicts()[0].id, Side.THEIRS)
        engine.run(a)
        wait_for(lambda: _arrived(b, _sent(a, b)))
        engine.run(b)
        wait_for(lambda: _arrived(a, _sent(b, a)))
        assert _records(a) == _records(b)
        assert a.records.dossier(d.id).city == "Dortmund"
        for v in (a, b):
            assert ConflictStore(v.db, v.records).count_open() == 0
        assert took < 45
