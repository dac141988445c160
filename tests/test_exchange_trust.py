"""A verified but hostile partner C: every attack on B's vault fails safely and says so.

The files are real: C's own vault exports them, then C changes what it likes and signs again
with its own key (tests/exchange_forge.py). B imports them through the command line, as a
counsellor would, and the tests check the message, the exit code and B's records.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.exchange_forge import (
    forge,
    manifest_of,
    open_export,
    rebuilt,
    records_of,
    seal,
    sign,
    tar_bytes,
)
from tests.exchange_support import (
    PASSPHRASE,
    add_dossier,
    add_note,
    full_state,
    give_consent,
    introduce,
    live_state,
    make_vault,
)
from willkommensordner.cli import main
from willkommensordner.domain.consent import Consent
from willkommensordner.domain.dossier import Dossier
from willkommensordner.domain.record import RecordKind
from willkommensordner.errors import Blocked, ExitCode
from willkommensordner.exchange.conflicts import ConflictStore, Side
from willkommensordner.exchange.contacts import Contact
from willkommensordner.exchange.exporter import Exporter
from willkommensordner.exchange.importer import Importer
from willkommensordner.exchange.keys import AgencyIdentity
from willkommensordner.exchange.scope import ExportScope
from willkommensordner.vault.vault import Vault


class World:
    """Sozialamt A, Jobcenter B (the victim) and Diakonie C (hostile), all verified partners."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.a = make_vault(tmp, "a", "Sozialamt A")
        self.b = make_vault(tmp, "b", "Jobcenter B")
        self.c = make_vault(tmp, "c", "Diakonie C")
        self.contact: dict[tuple[str, str], Contact] = {}
        vaults = {"a": self.a, "b": self.b, "c": self.c}
        for x, y in (("a", "b"), ("a", "c"), ("b", "c")):
            y_in_x, x_in_y = introduce(vaults[x], vaults[y])
            self.contact[(x, y)], self.contact[(y, x)] = y_in_x, x_in_y
        self.vaults = vaults
        self.files = 0

    def key(self, name: str) -> AgencyIdentity:
        return AgencyIdentity.load_or_create(self.vaults[name].db)

    def path(self) -> Path:
        self.files += 1
        return self.tmp / f"file-{self.files}.wkox"

    def hand_over(self, src: str, dst: str, dossier_id: str, **kw: Any) -> Path:
        """`src` records a consent for `dst`, exports the dossier to it, `dst` imports it."""
        vault, to = self.vaults[src], self.contact[(src, dst)]
        give_consent(vault, dossier_id, to)
        out = Exporter(vault).export([dossier_id], self.path(), recipients=[to], **kw)
        Importer(self.vaults[dst]).apply(out.path)
        return out.path

    def export(self, src: str, dst: str, dossier_id: str) -> list[tuple[str, bytes]]:
        """A real file from `src` to `dst`, opened as `dst` (its entries, to change them)."""
        vault = self.vaults[src]
        out = Exporter(vault).export(
            [dossier_id],
            self.path(),
            recipients=[self.contact[(src, dst)]],
            override_reason="Hand-over agreed by phone",
        )
        return open_export(out.path, self.key(dst))

    def close(self) -> None:
        for vault in self.vaults.values():
            vault.close()


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("WKO_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("LANGUAGE", "en")
    w = World(tmp_path)
    yield w
    w.close()


def cli(capsys: pytest.CaptureFixture[str], vault: Vault, *argv: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["--vault", str(vault.path), *argv])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, " ".join((captured.out + captured.err).split())


def shared_a_b_c(w: World) -> Dossier:
    """A's dossier, handed A → B and B → C: C holds it, legitimately."""
    d = add_dossier(w.a)
    add_note(w.a, d.id, "Sprachkurs ab März")
    add_note(w.a, d.id, "Wohnung gefunden")
    w.hand_over("a", "b", d.id)
    w.hand_over("b", "c", d.id)
    return d


def test_forged_counters_for_other_devices_change_nothing_silently(world, capsys) -> None:  # type: ignore[no-untyped-def]
    w = world
    d = shared_a_b_c(w)
    before = live_state(w.b)
    entries = w.export("c", "b", d.id)
    doc = records_of(entries)
    a_device, b_device = w.a.author.device, w.b.author.device
    for record in doc["records"]:
        record["revision"]["version"] = {a_device: 1000, b_device: 1000}
        if record["kind"] == "dossier":
            record["body"]["phone"] = "0900 ABZOCKE"
        else:
            record["body"], record["revision"]["deleted"] = {}, True
    path = forge(w.path(), rebuilt(entries, w.key("c"), records=doc), w.key("b"))
    code, out = cli(capsys, w.b, "import", str(path))
    assert code == ExitCode.CONFLICTS, out
    assert "Deleted: 0" in out and "Updated: 0" in out
    assert live_state(w.b) == before  # ours stays live; theirs waits as conflicts
    conflicts = ConflictStore(w.b.db, w.b.records).list_conflicts(d.id)
    assert len(conflicts) == len(doc["records"])
    # What the conflicts remember of their versions holds no borrowed counters.
    assert all(c.theirs_version.get(a_device, 0) < 1000 for c in conflicts)
    assert all(c.theirs_agency == "Diakonie C" for c in conflicts)


def test_changes_to_a_dossier_never_handed_to_the_sender_are_refused(world, capsys) -> None:  # type: ignore[no-untyped-def]
    w = world
    shared = shared_a_b_c(w)
    own = add_dossier(w.b, "Nasser", "Omar")  # B's own, never sent to C
    own = w.b.records.save(own.model_copy(update={"phone": "0231 1234"}))
    before = full_state(w.b)
    entries = w.export("c", "b", shared.id)
    doc = records_of(entries)
    # C writes B's dossier with B's own counter, and slips a consent for itself into it.
    version = {w.b.author.device: 1000}
    doc["records"].append(
        {
            "kind": "dossier",
            "id": own.id,
            "dossier_id": own.id,
            "body": {**own.body(), "phone": "0900 ABZOCKE"},
            "revision": {**doc["records"][0]["revision"], "version": version},
        }
    )
    consent = Consent(
        dossier_id=own.id,
        recipient="Diakonie C",
        recipient_contact_id=w.contact[("b", "c")].id,
        scope=list(RecordKind),
        given_on=date(2024, 1, 1),
        special_categories=True,
    )
    doc["records"].append(
        {
            "kind": "consent",
            "id": consent.id,
            "dossier_id": own.id,
            "body": consent.body(),
            "revision": {**doc["records"][0]["revision"], "version": version},
        }
    )
    path = forge(w.path(), rebuilt(entries, w.key("c"), records=doc), w.key("b"))
    code, out = cli(capsys, w.b, "import", str(path))
    assert code == ExitCode.BLOCKED, out
    assert "Refused: 2 change(s) to 1 dossier(s) here that were never handed to Diakonie C" in out
    assert w.b.records.dossier(own.id).phone == "0231 1234"
    assert w.b.records.parts(own.id, Consent) == []
    after = full_state(w.b)
    assert after["dossier"] == before["dossier"] and after["record"] == before["record"]
    # The export of B's dossier to C stays blocked.
    with pytest.raises(Blocked):
        Exporter(w.b).export([own.id], w.path(), recipients=[w.contact[("b", "c")]])


def test_a_tombstone_flood_deletes_nothing_and_can_be_undone(world, capsys) -> None:  # type: ignore[no-untyped-def]
    w = world
    d = shared_a_b_c(w)
    before = live_state(w.b)
    w.c.records.delete(RecordKind.DOSSIER, d.id)  # C "deletes" everything, with its own counter
    out = Exporter(w.c).export(
        Exporter(w.c).all_dossier_ids(), w.path(), recipients=[w.contact[("c", "b")]]
    )
    code, text = cli(capsys, w.b, "import", str(out.path))
    assert code == ExitCode.CONFLICTS, text
    assert "deletion(s) by the partner wait as conflicts" in text
    assert live_state(w.b) == before
    store = ConflictStore(w.b.db, w.b.records)
    waiting = store.list_conflicts(d.id)
    assert waiting and all(c.theirs_deleted for c in waiting)
    # Accepted one by one, a deletion deletes; the history brings the record back.
    note = next(c for c in waiting if c.kind is RecordKind.NOTE)
    store.resolve(note.id, Side.THEIRS)
    assert (RecordKind.NOTE.value, note.record_id) not in {k for k in live_state(w.b)}
    code, text = cli(capsys, w.b, "undelete", note.record_id)
    assert code == 0, text
    assert live_state(w.b) == before


def test_an_injected_consent_is_only_the_partners_word(world, capsys) -> None:  # type: ignore[no-untyped-def]
    w = world
    d = shared_a_b_c(w)
    add_note(w.b, d.id, "Gesundheit", sensitive=True)
    to_c = w.contact[("b", "c")]
    sensitive = ExportScope(sensitive_notes=True)
    with pytest.raises(Blocked):
        Exporter(w.b).export([d.id], w.path(), recipients=[to_c], scope=sensitive)
    entries = w.export("c", "b", d.id)
    doc = records_of(entries)
    # C holds the dossier, so it may add to it: a consent naming B's address-book entry for C.
    consent = Consent(
        dossier_id=d.id,
        recipient="Diakonie C",
        recipient_contact_id=to_c.id,
        scope=list(RecordKind),
        given_on=date(2024, 1, 1),
        special_categories=True,
    )
    revision = {**doc["records"][0]["revision"], "version": {w.c.author.device: 50}}
    doc["records"].append(
        {
            "kind": "consent",
            "id": consent.id,
            "dossier_id": d.id,
            "body": consent.body(),
            "revision": revision,
        }
    )
    path = forge(w.path(), rebuilt(entries, w.key("c"), records=doc), w.key("b"))
    assert cli(capsys, w.b, "import", str(path))[0] == 0
    code, out = cli(capsys, w.b, "export", "--dossier", d.id, "--to", "Diakonie C",
                    "--include-sensitive", "-o", str(w.path()))  # fmt: skip
    assert code == ExitCode.BLOCKED, out
    assert "no recorded, valid consent for Diakonie C" in out
    code, out = cli(capsys, w.b, "consent", "list", d.id)
    assert "Diakonie C says: consent given on 2024-01-01 (information only)" in out


def test_a_consent_for_another_agencys_contact_of_that_name_is_not_ours(world, capsys) -> None:  # type: ignore[no-untyped-def]
    w = world
    d = add_dossier(w.a)
    # A records a consent for *its* entry "Diakonie C"; it travels to B with the dossier.
    give_consent(w.a, d.id, w.contact[("a", "c")])
    w.hand_over("a", "b", d.id)
    code, out = cli(capsys, w.b, "export", "--dossier", d.id, "--to", "Diakonie C",
                    "-o", str(w.path()))  # fmt: skip
    assert code == ExitCode.BLOCKED, out
    code, out = cli(capsys, w.b, "consent", "list", d.id, "--json")
    listed = json.loads(out)
    assert listed and all(not c["recorded_here"] and not c["active"] for c in listed)
    assert {c["said_by"] for c in listed} == {"Sozialamt A"}


def test_a_file_forwarded_to_someone_else_is_refused(world, capsys) -> None:  # type: ignore[no-untyped-def]
    w = world
    d = add_dossier(w.a)
    entries = w.export("a", "c", d.id)  # signed by A, addressed to C
    before = full_state(w.b)
    path = forge(w.path(), entries, w.key("b"))  # C encrypts it again, for B
    code, out = cli(capsys, w.b, "import", str(path))
    assert code == ExitCode.BLOCKED, out
    fingerprint = w.key("c").public.fingerprint
    assert f"meant for Diakonie C ({fingerprint}), not for this agency" in out
    assert full_state(w.b) == before


def test_the_sender_is_named_as_our_address_book_names_it(world, capsys) -> None:  # type: ignore[no-untyped-def]
    w = world
    d = add_dossier(w.c, "Karimi", "Leyla")
    entries = w.export("c", "b", d.id)
    doc = records_of(entries)
    for record in doc["records"]:
        record["revision"].update(author="Anna Amt", agency="Sozialamt A")

    def claim(manifest: dict[str, Any]) -> None:
        manifest["sender"]["agency"] = "Sozialamt A"

    path = forge(w.path(), rebuilt(entries, w.key("c"), records=doc, manifest=claim), w.key("b"))
    code, out = cli(capsys, w.b, "import", str(path))
    assert code == 0, out
    assert "From Diakonie C (" in out and "From Sozialamt A" not in out
    assert "the file calls its sender “Sozialamt A”; that is only what it says" in out
    code, out = cli(capsys, w.b, "history", d.id, "--json")
    who = {(e["counsellor"], e["agency"]) for e in json.loads(out)}
    assert who == {("", "Diakonie C")}
    claimed = w.b.db.scalar("SELECT claimed_agency FROM exchange_import")
    assert claimed == "Sozialamt A"  # kept as a note in the import log


def test_another_encryption_key_than_the_contacts_is_refused(world, capsys) -> None:  # type: ignore[no-untyped-def]
    w = world
    d = add_dossier(w.c)
    entries = w.export("c", "b", d.id)
    elsewhere = str(AgencyIdentity.generate().public.age_recipient)

    def other_key(manifest: dict[str, Any]) -> None:
        manifest["sender"]["age_recipient"] = elsewhere

    before = full_state(w.b)
    path = forge(w.path(), rebuilt(entries, w.key("c"), manifest=other_key), w.key("b"))
    code, out = cli(capsys, w.b, "import", str(path))
    assert code == ExitCode.BLOCKED, out
    assert "another encryption key for Diakonie C than your address book" in out
    assert full_state(w.b) == before


def test_claiming_another_partners_installation_is_refused(world, capsys) -> None:  # type: ignore[no-untyped-def]
    w = world
    d = shared_a_b_c(w)  # B has imported from A: A's device is bound to A's key
    entries = w.export("c", "b", d.id)

    def as_a(manifest: dict[str, Any]) -> None:
        manifest["sender"]["device"] = w.a.author.device

    before = full_state(w.b)
    path = forge(w.path(), rebuilt(entries, w.key("c"), manifest=as_a), w.key("b"))
    code, out = cli(capsys, w.b, "import", str(path))
    assert code == ExitCode.BLOCKED, out
    assert "claims the installation of another agency" in out
    assert full_state(w.b) == before


def test_a_reused_file_id_is_another_file_of_another_sender(world, capsys) -> None:  # type: ignore[no-untyped-def]
    w = world
    d = add_dossier(w.a)
    first = w.hand_over("a", "b", d.id)
    a_file_id = manifest_of(open_export(first, w.key("b")))["file_id"]
    mine = add_dossier(w.c, "Karimi", "Leyla")
    entries = w.export("c", "b", mine.id)

    def reuse(manifest: dict[str, Any]) -> None:
        manifest["file_id"] = a_file_id

    path = forge(w.path(), rebuilt(entries, w.key("c"), manifest=reuse), w.key("b"))
    code, out = cli(capsys, w.b, "import", str(path))
    assert code == 0, out
    assert "New dossiers: 1" in out
    senders = w.b.db.query("SELECT sender_fingerprint FROM exchange_import WHERE file_id = ?",
                           (a_file_id,))  # fmt: skip
    assert len(senders) == 2  # both logged
    # The same sender using one id for two different files: the second is refused.
    other = add_dossier(w.c, "Rahimi", "Sara")
    again = w.export("c", "b", other.id)
    before = full_state(w.b)
    path = forge(w.path(), rebuilt(again, w.key("c"), manifest=reuse), w.key("b"))
    code, out = cli(capsys, w.b, "import", str(path))
    assert code == ExitCode.BAD_INPUT, out
    assert "reuses the id of another file from the same sender" in out
    assert full_state(w.b) == before


def test_a_replayed_or_older_file_changes_nothing(world, capsys) -> None:  # type: ignore[no-untyped-def]
    w = world
    d = add_dossier(w.a)
    give_consent(w.a, d.id, w.contact[("a", "b")])
    to_b = [w.contact[("a", "b")]]
    first = Exporter(w.a).export([d.id], w.path(), recipients=to_b).path
    unseen = Exporter(w.a).export([d.id], w.path(), recipients=to_b).path  # never arrives
    assert cli(capsys, w.b, "import", str(first))[0] == 0
    w.a.records.save(w.a.records.dossier(d.id).model_copy(update={"city": "Bochum"}))
    second = Exporter(w.a).export([d.id], w.path(), recipients=to_b).path
    assert cli(capsys, w.b, "import", str(second))[0] == 0
    before = full_state(w.b)
    code, out = cli(capsys, w.b, "import", str(first))  # the same file again
    assert code == 0 and "This file was imported already" in out, out
    code, out = cli(capsys, w.b, "import", str(unseen))  # made before the newest one here
    assert code == ExitCode.BLOCKED, out
    assert "older than a file from Sozialamt A imported already" in out
    assert full_state(w.b) == before
    assert w.b.records.dossier(d.id).city == "Bochum"


@pytest.mark.parametrize("signed", [False, True])
def test_deep_nesting_is_refused_before_and_after_signing(world, capsys, signed: bool) -> None:  # type: ignore[no-untyped-def]
    w = world
    d = add_dossier(w.c)
    entries = w.export("c", "b", d.id)
    deep = b'{"format":"willkommensordner-exchange","x":' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    entries = [(n, deep if n == "manifest.json" else data) for n, data in entries]
    if signed:
        entries = sign(entries, w.key("c"))
    before = full_state(w.b)
    path = seal(tar_bytes(entries), w.key("b"), w.path())
    code, out = cli(capsys, w.b, "import", str(path))
    assert code == ExitCode.BAD_INPUT, out
    assert "The file's description (manifest) is not valid." in out
    assert full_state(w.b) == before


def test_a_chain_of_hand_overs_lets_the_last_holder_answer(world) -> None:  # type: ignore[no-untyped-def]
    w = world
    d = add_dossier(w.a)
    w.hand_over("a", "b", d.id)
    w.hand_over("b", "c", d.id)
    # C's change cannot reach A yet: A never handed the dossier to C, nor heard that B did.
    w.c.records.save(w.c.records.dossier(d.id).model_copy(update={"city": "Dortmund"}))
    to_a = w.contact[("c", "a")]
    give_consent(w.c, d.id, to_a)
    out = Exporter(w.c).export([d.id], w.path(), recipients=[to_a]).path
    report = Importer(w.a).apply(out)
    assert report.refused and w.a.records.dossier(d.id).city == "Herne"
    # B tells A, in a signed file, that it handed the dossier to C: now C may answer.
    w.hand_over("b", "a", d.id)
    again = Exporter(w.c).export([d.id], w.path(), recipients=[to_a]).path
    report = Importer(w.a).apply(again)
    assert not report.refused and w.a.records.dossier(d.id).city == "Dortmund"


def test_an_overwrite_of_what_we_changed_since_sending_is_a_conflict(world, capsys) -> None:  # type: ignore[no-untyped-def]
    w = world
    d = shared_a_b_c(w)
    w.b.records.save(w.b.records.dossier(d.id).model_copy(update={"phone": "0231 555"}))
    # C changes the dossier too, and claims to have seen B's change (a high counter for B).
    w.c.records.save(w.c.records.dossier(d.id).model_copy(update={"phone": "0900 ABZOCKE"}))
    entries = w.export("c", "b", d.id)
    doc = records_of(entries)
    for record in doc["records"]:
        record["revision"]["version"][w.b.author.device] = 1000
    path = forge(w.path(), rebuilt(entries, w.key("c"), records=doc), w.key("b"))
    code, out = cli(capsys, w.b, "import", str(path))
    assert code == ExitCode.CONFLICTS, out
    assert w.b.records.dossier(d.id).phone == "0231 555"
    [conflict] = ConflictStore(w.b.db, w.b.records).list_conflicts(d.id)
    assert conflict.fields == ["phone"] and conflict.theirs["phone"] == "0900 ABZOCKE"
