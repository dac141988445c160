"""Every resolution leaves a trace in the history, also one that keeps our version unchanged."""

from __future__ import annotations

from pathlib import Path

from tests.exchange_support import add_dossier, give_consent, introduce, make_vault
from willkommensordner.exchange.conflicts import Side
from willkommensordner.exchange.exporter import Exporter
from willkommensordner.exchange.importer import Importer


def test_keeping_ours_as_a_whole_is_in_the_history(tmp_path: Path) -> None:
    a = make_vault(tmp_path, "a", "Sozialamt Herne")
    b = make_vault(tmp_path, "b", "Jobcenter Herne")
    b_in_a, a_in_b = introduce(a, b)
    d = add_dossier(a)
    give_consent(a, d.id, b_in_a)
    Exporter(a).export([d.id], tmp_path / "1.wkox", recipients=[b_in_a])
    Importer(b).apply(tmp_path / "1.wkox")
    a.records.save(a.records.dossier(d.id).model_copy(update={"city": "Bochum"}))
    b.records.save(b.records.dossier(d.id).model_copy(update={"city": "Dortmund"}))
    give_consent(b, d.id, a_in_b)
    Exporter(b).export([d.id], tmp_path / "2.wkox", recipients=[a_in_b])
    Importer(a).apply(tmp_path / "2.wkox")
    store = Importer(a).conflicts
    [conflict] = store.list_conflicts()
    before = len(a.history(d.id))
    store.resolve(conflict.id, Side.OURS)
    after = a.history(d.id)
    assert len(after) == before + 1
    assert (after[-1].action, after[-1].field, after[-1].record_id) == ("resolve", None, d.id)
    assert a.records.dossier(d.id).city == "Bochum"
    a.close()
    b.close()
