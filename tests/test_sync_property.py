"""Three laptops of one agency edit at random; each writes into its own copy of the shared
folder, and files reach the other copies in any order, as a file-sync engine may deliver
them. Once every file is everywhere (conflicts settled by one fixed rule), all agree."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.exchange_support import live_state, make_vault
from tests.sync_support import join
from tests.test_exchange_convergence import settle
from willkommensordner.domain.dossier import Dossier
from willkommensordner.domain.note import Note
from willkommensordner.domain.record import RecordKind
from willkommensordner.exchange.conflicts import ConflictStore
from willkommensordner.sync import engine
from willkommensordner.vault.vault import Vault

FIELDS = ("city", "phone", "district")
WORDS = st.sampled_from(["Herne", "Bochum", "0234", "Nord", ""])


class Laptops:
    def __init__(self, tmp: Path) -> None:
        self.copies = [tmp / f"copy{i}" for i in range(3)]
        self.vaults = [make_vault(tmp, f"v{i}", "Sozialamt") for i in range(3)]
        for i in range(3):
            self.copies[i].mkdir()
            for j in range(i + 1, 3):
                join(self.vaults[i], self.vaults[j])
            engine.set_shared_folder(self.vaults[i], self.copies[i])

    def undelivered(self) -> list[tuple[int, int, Path]]:
        """(from copy, to copy, relative path) of every file one copy lacks."""
        out = []
        for i, copy in enumerate(self.copies):
            for path in sorted(copy.rglob("*.wkox")):
                rel = path.relative_to(copy)
                out.extend((i, j, rel) for j in range(3) if not (self.copies[j] / rel).exists())
        return out

    def deliver(self, src: int, dst: int, rel: Path) -> None:
        target = self.copies[dst] / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.copies[src] / rel, target)

    def close(self) -> None:
        for v in self.vaults:
            v.close()


def edit(v: Vault, data: st.DataObject) -> None:
    dossiers = [r[0] for r in v.db.query("SELECT id FROM dossier WHERE deleted = 0 ORDER BY id")]
    action = data.draw(st.sampled_from(["create", "edit", "edit", "note", "delete"]))
    if action == "create" or not dossiers:
        v.records.save(Dossier(family_name=data.draw(st.sampled_from(["Haddad", "Yilmaz"]))))
        return
    did = data.draw(st.sampled_from(dossiers))
    if action == "edit":
        field, value = data.draw(st.sampled_from(FIELDS)), data.draw(WORDS)
        v.records.save(v.records.dossier(did).model_copy(update={field: value}))
    elif action == "note":
        v.records.save(Note(dossier_id=did, text=data.draw(WORDS) or "Notiz"))
    else:
        v.records.delete(RecordKind.DOSSIER, did)


@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_any_edits_in_any_delivery_order_converge(data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        world = Laptops(Path(tmp))
        try:
            for _ in range(data.draw(st.integers(3, 16))):
                step = data.draw(st.sampled_from(["edit", "run", "deliver", "deliver"]))
                site = data.draw(st.integers(0, 2))
                if step == "edit":
                    edit(world.vaults[site], data)
                elif step == "run":
                    engine.run(world.vaults[site])
                    settle(world.vaults[site])
                elif pending := world.undelivered():
                    world.deliver(*data.draw(st.sampled_from(pending)))
            for _round in range(10):
                for v in world.vaults:
                    engine.run(v)
                    settle(v)
                moved = world.undelivered()
                for item in moved:
                    world.deliver(*item)
                if not moved and all(not engine.run(v).sent for v in world.vaults):
                    break
            for v in world.vaults:
                engine.run(v)
            states = [live_state(v) for v in world.vaults]
            assert states[0] == states[1] == states[2]
            assert all(ConflictStore(v.db, v.records).count_open() == 0 for v in world.vaults)
        finally:
            world.close()
