"""Sync through a plain shared directory between real vaults: what arrives, what waits, what is
held, and that concurrent edits end as the same conflict on both sides and then converge."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from tests.exchange_support import (
    add_dossier,
    add_note,
    full_state,
    give_consent,
    live_state,
    make_vault,
)
from tests.sync_support import bundles_of, contact, join, run, team
from willkommensordner.domain.record import RecordKind
from willkommensordner.exchange.conflicts import ConflictStore, Side
from willkommensordner.exchange.contacts import ContactBook
from willkommensordner.exchange.keys import AgencyIdentity
from willkommensordner.sync import acknowledgements, engine, sending
from willkommensordner.sync.members import set_partner
from willkommensordner.sync.receiving import REMOVED_SENDER, UNKNOWN_SENDER, WRONG_PLACE
from willkommensordner.sync.status import status
from willkommensordner.vault.vault import Vault


def records(v: Vault) -> dict[str, object]:
    """The full record sets, with revisions, that must agree between team devices."""
    return {
        "dossier": v.db.query("SELECT id, body, deleted, version FROM dossier ORDER BY id"),
        "record": v.db.query("SELECT id, body, deleted, version FROM record ORDER BY id"),
    }


def applied_state(v: Vault) -> dict[str, object]:
    """What applying a bundle could change (our own sending adds audit rows, not these)."""
    state = full_state(v)
    del state["audit"]
    return state


def settle(*vaults: Vault, rounds: int = 4) -> None:
    for _ in range(rounds):
        for v in vaults:
            run(v)


def set_city(v: Vault, dossier_id: str, city: str) -> None:
    v.records.save(v.records.dossier(dossier_id).model_copy(update={"city": city}))


def test_an_edit_on_one_laptop_arrives_on_the_other(tmp_path: Path) -> None:
    (a, b), _ = team(tmp_path, 2)
    d = add_dossier(a)
    add_note(a, d.id, "Termin beim Jobcenter am Montag")
    sent = run(a).sent
    assert [(s.sequence, s.dossiers) for s in sent] == [(1, 1)]
    applied = run(b).received.applied
    assert [(x.sequence, x.changes) for x in applied] == [(1, 2)]
    assert live_state(a) == live_state(b)
    set_city(a, d.id, "Bochum")
    run(a)
    run(b)
    assert b.records.dossier(d.id).city == "Bochum"
    settle(a, b)
    assert records(a) == records(b)
    # Nothing changed: no new bundles.
    assert run(a).sent == [] and run(b).sent == []


def test_same_field_edited_on_both_is_one_conflict_on_both_then_converges(tmp_path: Path) -> None:
    (a, b), _ = team(tmp_path, 2)
    d = add_dossier(a)
    settle(a, b)
    set_city(a, d.id, "Essen")
    set_city(b, d.id, "Dortmund")
    settle(a, b)
    conflicts = []
    for v in (a, b):
        store = ConflictStore(v.db, v.records)
        (conflict,) = store.list_conflicts()
        conflicts.append(conflict)
        # Never last-write-wins: each side still has its own value, the other's in the conflict.
    assert {a.records.dossier(d.id).city, b.records.dossier(d.id).city} == {"Essen", "Dortmund"}
    assert {conflicts[0].theirs["city"], conflicts[1].theirs["city"]} == {"Essen", "Dortmund"}
    assert conflicts[0].record_id == conflicts[1].record_id == d.id
    ConflictStore(a.db, a.records).resolve(conflicts[0].id, Side.OURS)
    settle(a, b)
    assert b.records.dossier(d.id).city == "Essen"
    assert records(a) == records(b)
    for v in (a, b):
        assert ConflictStore(v.db, v.records).count_open() == 0


def test_partial_out_of_order_duplicate_and_truncated_files(tmp_path: Path) -> None:
    (a, b), shared = team(tmp_path, 2)
    d = add_dossier(a)
    run(a)
    set_city(a, d.id, "Herne-Mitte")
    run(a)
    first, second = bundles_of(shared, a, b)
    stash = tmp_path / "stash"
    stash.mkdir()
    shutil.move(first, stash / first.name)
    # Files in flight, by their names, are not touched.
    for name in (".syncthing.x.wkox.tmp", "00000003-aaaa.wkox.part", "~$00000003.wkox"):
        (first.parent / name).write_bytes(b"half")
    got = run(b).received
    assert got.applied == [] and got.waiting == {"laptop0": 1} and got.incomplete == 3
    assert status(b.db).members[0].waiting_for == 1
    # The first one arrives cut short: it waits, nothing applied.
    data = (stash / first.name).read_bytes()
    first.write_bytes(data[: len(data) // 2])
    got = run(b).received
    assert got.applied == [] and got.held == [] and got.incomplete >= 1
    assert b.db.scalar("SELECT count(*) FROM dossier") == 0
    # Complete now: both apply, in order.
    first.write_bytes(data)
    got = run(b).received
    assert [x.sequence for x in got.applied] == [1, 2]
    assert b.records.dossier(d.id).city == "Herne-Mitte"
    # The same file again (a copy a sync engine made) and a replay of the first after the
    # newer one: they change nothing.
    before = applied_state(b)
    shutil.copy(first, first.parent / (first.stem + ".sync-conflict-2024.wkox"))
    first.unlink()
    shutil.copy(stash / first.name, first)
    got = run(b).received
    assert got.applied == [] and got.held == [] and got.older == 2
    assert applied_state(b) == before
    # An old bundle renamed to a later number: its signed number gives it away.
    shutil.copy(first, second.parent / f"00000003-{first.name.split('-')[1]}")
    got = run(b).received
    assert [(h.reason, h.file[:8]) for h in got.held] == [(WRONG_PLACE, "00000003")]
    assert applied_state(b) == before
    assert status(b.db).held[0].reason == WRONG_PLACE


def test_a_device_restored_from_backup_does_not_reuse_numbers(tmp_path: Path) -> None:
    (a, b), _ = team(tmp_path, 2)
    add_dossier(a)
    run(a)
    run(b)
    # As if the vault came back from a backup made before that bundle was written.
    a.db.execute("DELETE FROM sync_sent")
    add_dossier(a, "Petrenko")
    assert [s.sequence for s in run(a).sent] == [2]
    got = run(b).received
    assert [x.sequence for x in got.applied] == [2] and got.held == []
    assert live_state(a) == live_state(b)


def test_removed_member_and_unknown_device_are_held(tmp_path: Path) -> None:
    (a, b), shared = team(tmp_path, 2)
    add_dossier(a)
    run(a)
    ContactBook(b.db).remove("laptop0")
    got = run(b).received
    assert [h.reason for h in got.held] == [REMOVED_SENDER] and got.applied == []
    assert b.db.scalar("SELECT count(*) FROM dossier") == 0
    # A device b never added writes to b: held as unknown, never applied.
    lone = make_vault(tmp_path, "lone", "Niemand")
    book = ContactBook(lone.db)
    book.set_team(book.add("b", AgencyIdentity.load_or_create(b.db).public, verified=True))
    engine.set_shared_folder(lone, shared)
    add_dossier(lone, "Niemand")
    run(lone)
    got = run(b).received
    assert sorted(h.reason for h in got.held) == sorted([REMOVED_SENDER, UNKNOWN_SENDER])
    assert b.db.scalar("SELECT count(*) FROM dossier") == 0
    assert {h.reason for h in status(b.db).held} == {REMOVED_SENDER, UNKNOWN_SENDER}


def test_unverified_member_waits_until_verified(tmp_path: Path) -> None:
    (a, b), _ = team(tmp_path, 2)
    b.db.execute("UPDATE exchange_contact SET verified = 0")
    add_dossier(a)
    run(a)
    got = run(b).received
    assert got.applied == [] and len(got.held) == 1
    assert b.db.scalar("SELECT count(*) FROM dossier") == 0
    ContactBook(b.db).verify("laptop0")
    assert [x.sequence for x in run(b).received.applied] == [1]
    assert status(b.db).held == []


def test_partner_gets_only_what_its_consent_covers(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    a = make_vault(tmp_path, "amt", "Sozialamt Herne")
    p = make_vault(tmp_path, "caritas", "Caritas Herne")
    join(a, p, team=False, name_a="Sozialamt Herne", name_b="Caritas Herne")
    for v in (a, p):
        engine.set_shared_folder(v, shared)
    add_dossier(a, "Vorher")
    # A partner takes part only once chosen: until then nothing is written for it.
    assert run(a).sent == []
    assert not (shared / _dir(a) / _dir(p)).exists()
    set_partner(a.db, contact(a, "Caritas Herne"), True)
    set_partner(p.db, contact(p, "Sozialamt Herne"), True)
    shared_one = add_dossier(a, "Haddad")
    add_dossier(a, "Petrenko")  # no consent: stays here
    add_note(a, shared_one.id, "Traumatherapie", sensitive=True)
    consent = give_consent(a, shared_one.id, contact(a, "Caritas Herne"), given_on=date(2024, 1, 1))
    (sent,) = run(a).sent
    assert (sent.dossiers, sent.withheld) == (1, 2)
    run(p)
    names = {r[0] for r in p.db.query("SELECT json_extract(body, '$.family_name') FROM dossier")}
    assert p.db.scalar("SELECT count(*) FROM audit WHERE action = 'export'") == 0
    assert names == {"Haddad"}
    assert p.db.scalar("SELECT count(*) FROM record WHERE kind = 'note'") == 0  # Art. 9 stays
    # The other audience's bundle dropped into the team's place is not for anyone else.
    (bundle,) = bundles_of(shared, a, p)
    colleague = make_vault(tmp_path, "colleague", "Sozialamt Herne")
    join(a, colleague)
    engine.set_shared_folder(colleague, shared)
    inbox = bundles_of(shared, a, colleague)
    assert inbox == []
    target = bundle.parent.parent / _dir(colleague)
    target.mkdir()
    shutil.copy(bundle, target / bundle.name)
    got = run(colleague).received
    assert [h.reason for h in got.held] == [
        "This file was not encrypted for this installation's key."
    ]
    assert colleague.db.scalar("SELECT count(*) FROM dossier") == 0
    # Revoked consent: later changes are not sent to the partner.
    revoked = consent.model_copy(update={"revoked_on": date(2024, 6, 1)})
    a.records.save(revoked)
    set_city(a, shared_one.id, "Castrop-Rauxel")
    sent_now = run(a).sent
    assert [s.member for s in sent_now] == ["colleague"]
    run(p)
    assert p.records.dossier(shared_one.id).city == "Herne"


def _dir(v: Vault) -> str:
    from willkommensordner.exchange.keys import AgencyIdentity
    from willkommensordner.sync.folder import device_name

    return device_name(AgencyIdentity.load_or_create(v.db).public.fingerprint)


def test_a_vanished_folder_is_a_status(tmp_path: Path) -> None:
    (a, _b), shared = team(tmp_path, 2)
    add_dossier(a)
    shutil.rmtree(shared)
    result = run(a)
    assert not result.available and result.sent == []
    assert status(a.db).available is False
    shared.mkdir()
    assert [s.sequence for s in run(a).sent] == [1]


def test_three_laptops_relay_and_deletions_arrive(tmp_path: Path) -> None:
    (a, b, c), _ = team(tmp_path, 3)
    d = add_dossier(a)
    settle(a, b, c)
    b.records.delete(RecordKind.DOSSIER, d.id)
    settle(a, b, c)
    for v in (a, c):
        assert v.db.scalar("SELECT deleted FROM dossier WHERE id = ?", (d.id,)) == 1
    assert records(a) == records(b) == records(c)


def test_a_large_backlog_goes_in_bundles_of_bounded_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sending, "CHUNK", 3)
    (a, b), _ = team(tmp_path, 2)
    ids = [add_dossier(a, f"Familie{i}").id for i in range(7)]
    for did in ids:
        add_note(a, did, "Erstgespräch")
    set_city(a, ids[0], "Witten")  # the dossier's own change now comes after its note's
    sent = run(a).sent
    # In the order of the changes, at most three dossiers each.
    assert [s.dossiers for s in sent] == [3, 3, 3, 3, 2]
    assert [x.sequence for x in run(b).received.applied] == [1, 2, 3, 4, 5]
    assert live_state(a) == live_state(b)


def test_acknowledged_bundles_are_pruned_by_their_writer_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(acknowledgements, "RETENTION_DAYS", 0)
    (a, b), shared = team(tmp_path, 2)
    d = add_dossier(a)
    for city in ("Witten", "Hattingen"):
        run(a)
        set_city(a, d.id, city)
    run(a)
    assert len(bundles_of(shared, a, b)) == 3
    run(b)
    (ack,) = (shared / _dir(b) / _dir(a)).glob("ack-*.json")
    assert ack.name == "ack-00000003.json"
    # A forged acknowledgement prunes nothing.
    signed = ack.read_text(encoding="utf-8")
    forged = json.loads(signed) | {"signature": "A" * 86}
    ack.write_text(json.dumps(forged), encoding="utf-8")
    run(a)
    assert len(bundles_of(shared, a, b)) == 3
    ack.write_text(signed, encoding="utf-8")
    run(a)
    # Acknowledged and old enough: gone, but the newest stays to keep its number taken.
    assert [p.name[:8] for p in bundles_of(shared, a, b)] == ["00000003"]
    assert b.records.dossier(d.id).city == "Hattingen"
