"""Export to a partner, import there, change on both sides, and send back."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.exchange_support import (
    PDF,
    add_document_with_scan,
    add_dossier,
    add_note,
    full_state,
    give_consent,
    introduce,
    live_state,
    make_vault,
)
from willkommensordner.domain.document import Document
from willkommensordner.domain.dossier import Dossier
from willkommensordner.domain.note import Note
from willkommensordner.domain.record import RecordKind
from willkommensordner.errors import Blocked
from willkommensordner.exchange.conflicts import Side
from willkommensordner.exchange.contacts import ContactBook
from willkommensordner.exchange.exporter import Exporter
from willkommensordner.exchange.importer import Importer
from willkommensordner.exchange.keys import AgencyIdentity
from willkommensordner.exchange.scope import ExportScope
from willkommensordner.vault.vault import Vault


def test_dossier_with_scan_arrives_complete(pair, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, b, b_in_a, _ = pair
    d = add_dossier(a)
    doc = add_document_with_scan(a, d.id)
    add_note(a, d.id, "Termin beim Jobcenter vereinbart")
    give_consent(a, d.id, b_in_a)
    out = tmp_path / "x.wkox"
    result = Exporter(a).export([d.id], out, recipients=[b_in_a])
    assert result.attachments == 1 and result.overridden == 0
    importer = Importer(b)
    preview = importer.preview(out)
    assert preview.new_dossiers == [d.id]
    assert preview.sender.trusted and preview.sender.agency == "Sozialamt Herne"
    assert b.db.scalar("SELECT count(*) FROM dossier") == 0  # preview writes nothing
    importer.apply(out)
    assert live_state(b) == live_state(a)
    assert b.attachments.read(doc.attachments[0].sha256) == PDF
    assert b.search.find("Haddad") == [d.id]
    history = b.history(d.id)
    assert {e.agency for e in history if e.action == "merge"} == {"Sozialamt Herne"}
    assert (
        b.records.revision(RecordKind.DOSSIER, d.id).version
        == a.records.revision(RecordKind.DOSSIER, d.id).version
    )
    # The export is in the sender's audit trail.
    assert any(e.action == "export" for e in a.history(d.id))


def test_importing_twice_changes_nothing(pair, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, b, b_in_a, _ = pair
    d = add_dossier(a)
    add_document_with_scan(a, d.id)
    give_consent(a, d.id, b_in_a)
    out = tmp_path / "x.wkox"
    Exporter(a).export([d.id], out, recipients=[b_in_a])
    Importer(b).apply(out)
    before = full_state(b)
    again = Importer(b).apply(out)
    assert again.changes == 0 and again.already_imported
    assert full_state(b) == before


def test_changes_travel_back_and_concurrent_edits_conflict(pair, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, b, b_in_a, a_in_b = pair
    d = add_dossier(a)
    note = add_note(a, d.id, "first")
    give_consent(a, d.id, b_in_a)
    out = tmp_path / "1.wkox"
    Exporter(a).export([d.id], out, recipients=[b_in_a])
    Importer(b).apply(out)

    # Only B changes the note, and adds a consent to send it back.
    b.records.save(b.records.get(Note, note.id).model_copy(update={"text": "second"}))
    give_consent(b, d.id, a_in_b)
    back = tmp_path / "2.wkox"
    Exporter(b).export([d.id], back, recipients=[a_in_b])
    report = Importer(a).apply(back)
    assert (RecordKind.NOTE, note.id) in report.updated and not report.conflicts
    assert a.records.get(Note, note.id).text == "second"
    assert any(e.action == "merge" and e.agency == "Jobcenter Herne" for e in a.history(d.id))

    # Both change the dossier: a conflict, ours stays live, theirs is kept.
    dossier_a = a.records.dossier(d.id)
    a.records.save(dossier_a.model_copy(update={"city": "Bochum", "phone": "0234 1"}))
    dossier_b = b.records.dossier(d.id)
    b.records.save(dossier_b.model_copy(update={"city": "Dortmund", "email": "x@example.org"}))
    third = tmp_path / "3.wkox"
    Exporter(b).export([d.id], third, recipients=[a_in_b])
    preview = Importer(a).preview(third)
    assert preview.conflicts == [(RecordKind.DOSSIER, d.id, d.id)]
    Importer(a).apply(third)
    assert a.records.dossier(d.id).city == "Bochum"
    store = Importer(a).conflicts
    [conflict] = store.list_conflicts()
    assert conflict.fields == ["city", "email"] or set(conflict.fields) >= {
        "city",
        "email",
        "phone",
    }
    assert conflict.theirs["city"] == "Dortmund"
    # Importing the same file again records no second conflict.
    Importer(a).apply(third)
    assert len(store.list_conflicts()) == 1
    store.resolve(conflict.id, {"city": Side.THEIRS, "email": Side.THEIRS})
    merged = a.records.dossier(d.id)
    assert (merged.city, merged.email, merged.phone) == ("Dortmund", "x@example.org", "0234 1")
    assert store.list_conflicts() == []
    # The resolution has seen both sides: B takes it without a conflict.
    fourth = tmp_path / "4.wkox"
    Exporter(a).export([d.id], fourth, recipients=[b_in_a])
    report = Importer(b).apply(fourth)
    assert not report.conflicts
    assert b.records.dossier(d.id) == merged


def test_tombstone_travels_and_conflicts_with_concurrent_edit(pair, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, b, b_in_a, _a_in_b = pair
    d = add_dossier(a)
    n1 = add_note(a, d.id, "one")
    n2 = add_note(a, d.id, "two")
    give_consent(a, d.id, b_in_a)
    f1 = tmp_path / "1.wkox"
    Exporter(a).export([d.id], f1, recipients=[b_in_a])
    Importer(b).apply(f1)
    a.records.delete(RecordKind.NOTE, n1.id)
    a.records.delete(RecordKind.NOTE, n2.id)
    b.records.save(b.records.get(Note, n2.id).model_copy(update={"text": "two, edited"}))
    f2 = tmp_path / "2.wkox"
    Exporter(a).export([d.id], f2, recipients=[b_in_a])
    # A partner's deletions delete only when accepted; a deletion against our edit stays a
    # conflict even then.
    report = Importer(b).apply(f2, accept_deletions=True)
    assert report.deleted == [(RecordKind.NOTE, n1.id)]
    assert [(k, i) for k, i, _ in report.conflicts] == [(RecordKind.NOTE, n2.id)]
    assert [n.id for n in b.records.parts(d.id, Note)] == [n2.id]
    [conflict] = Importer(b).conflicts.list_conflicts()
    assert conflict.theirs_deleted and conflict.fields == []
    Importer(b).conflicts.resolve(conflict.id, Side.THEIRS)
    assert b.records.parts(d.id, Note) == []


def test_scope_and_sensitive_notes(pair, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, b, b_in_a, _ = pair
    d = add_dossier(a)
    add_note(a, d.id, "ordinary")
    add_note(a, d.id, "health", sensitive=True)
    doc = add_document_with_scan(a, d.id)
    give_consent(a, d.id, b_in_a)
    out = tmp_path / "x.wkox"
    Exporter(a).export([d.id], out, recipients=[b_in_a], scope=ExportScope(scans=False))
    Importer(b).apply(out)
    assert [n.text for n in b.records.parts(d.id, Note)] == ["ordinary"]
    assert b.records.get(Document, doc.id).attachments == doc.attachments
    assert not b.attachments.exists(doc.attachments[0].sha256)
    out2 = tmp_path / "y.wkox"
    Exporter(a).export(
        [d.id], out2, recipients=[b_in_a], scope=ExportScope.parse("dossier,document")
    )
    preview = Importer(b).preview(out2)
    assert preview.attachments == 1


def test_consent_required_and_override_recorded(pair, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, _b, b_in_a, _ = pair
    d = add_dossier(a)
    add_note(a, d.id, "x")
    out = tmp_path / "x.wkox"
    with pytest.raises(Blocked):
        Exporter(a).export([d.id], out, recipients=[b_in_a])
    assert not out.exists()
    # A consent that does not cover notes is not enough; nor a revoked or expired one.
    give_consent(a, d.id, b_in_a, scope=[RecordKind.DOSSIER])
    with pytest.raises(Blocked) as info:
        Exporter(a).export([d.id], out, recipients=[b_in_a])
    assert "note" in str(info.value)
    from datetime import date

    give_consent(a, d.id, b_in_a, revoked_on=date(2024, 2, 1))
    give_consent(a, d.id, b_in_a, valid_until=date(2024, 3, 1))
    with pytest.raises(Blocked):
        Exporter(a).export([d.id], out, recipients=[b_in_a])
    # Scope without notes passes with the narrow consent.
    Exporter(a).export([d.id], out, recipients=[b_in_a], scope=ExportScope.parse("dossier"))
    # An override needs a reason, and is in the audit trail.
    with pytest.raises(Blocked):
        Exporter(a).export([d.id], out, recipients=[b_in_a], override_reason="  ")
    Exporter(a).export(
        [d.id], out, recipients=[b_in_a], override_reason="Gefahr im Verzug, Jugendamt"
    )
    overrides = [e for e in a.history(d.id) if e.action == "export_override"]
    assert len(overrides) == 1 and overrides[0].new["reason"] == "Gefahr im Verzug, Jugendamt"


def test_passphrase_export_checks_consent_and_round_trips(pair, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from willkommensordner.exchange.exporter import Passphrase

    a, b, b_in_a, _ = pair
    d = add_dossier(a)
    out = tmp_path / "p.wkox"
    with pytest.raises(Blocked):
        Exporter(a).export([d.id], out, passphrase=Passphrase("ein langes Geheimnis", b_in_a))
    give_consent(a, d.id, b_in_a)
    Exporter(a).export([d.id], out, passphrase=Passphrase("ein langes Geheimnis", b_in_a))
    Importer(b).apply(out, passphrase="ein langes Geheimnis")
    assert b.records.dossier(d.id) == a.records.dossier(d.id)


def test_unverified_sender_must_be_confirmed(tmp_path: Path) -> None:
    a = make_vault(tmp_path, "a", "Caritas")
    b = make_vault(tmp_path, "b", "AWO")
    b_in_a, _ = introduce(a, b, verified=False)
    d = add_dossier(a)
    give_consent(a, d.id, b_in_a)
    out = tmp_path / "x.wkox"
    Exporter(a).export([d.id], out, recipients=[b_in_a])
    preview = Importer(b).preview(out)
    assert not preview.sender.trusted
    before = full_state(b)
    with pytest.raises(Blocked):
        Importer(b).apply(out)
    assert full_state(b) == before
    Importer(b).apply(out, confirm_unverified_sender=True)
    assert b.records.dossier(d.id).family_name == "Haddad"


def test_closed_vault_untouched_by_failed_import_dossier_model(pair) -> None:  # type: ignore[no-untyped-def]
    a, _b, _c, _d = pair
    assert isinstance(a, Vault) and isinstance(add_dossier(a), Dossier)


def test_passphrase_export_is_bounded(pair, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import os

    from willkommensordner.errors import InvalidInput
    from willkommensordner.exchange.age_files import PASSPHRASE_LIMIT
    from willkommensordner.exchange.exporter import Passphrase

    a, _b, b_in_a, _ = pair
    d = add_dossier(a)
    give_consent(a, d.id, b_in_a)
    half = PASSPHRASE_LIMIT // 2 + 1024
    add_document_with_scan(a, d.id, b"%PDF-1.4\n" + os.urandom(half))
    add_document_with_scan(a, d.id, b"%PDF-1.4\n" + os.urandom(half))
    out = tmp_path / "big.wkox"
    with pytest.raises(InvalidInput) as info:
        Exporter(a).export([d.id], out, passphrase=Passphrase("ein langes Geheimnis", b_in_a))
    assert "too large for a passphrase" in info.value.message()
    assert not out.exists() and not list(tmp_path.glob("*.part"))
    assert not any(e.action == "export" for e in a.history(d.id))
    # Without the scans it fits.
    Exporter(a).export(
        [d.id],
        out,
        passphrase=Passphrase("ein langes Geheimnis", b_in_a),
        scope=ExportScope(scans=False),
    )
    assert out.exists()


def test_deleted_dossier_travels_as_tombstones_only(pair, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, b, b_in_a, _ = pair
    d = add_dossier(a)
    note = add_note(a, d.id, "vorher")
    give_consent(a, d.id, b_in_a)
    first = tmp_path / "1.wkox"
    Exporter(a).export([d.id], first, recipients=[b_in_a])
    Importer(b).apply(first)
    a.records.delete(RecordKind.DOSSIER, d.id)
    second = tmp_path / "2.wkox"
    Exporter(a).export(Exporter(a).all_dossier_ids(), second, recipients=[b_in_a])
    waiting = Importer(b).preview(second)
    assert not waiting.deleted and waiting.deletions_waiting == 3  # not without acceptance
    report = Importer(b).apply(second, accept_deletions=True)
    assert (RecordKind.DOSSIER, d.id) in report.deleted
    assert (RecordKind.NOTE, note.id) in report.deleted
    assert b.records.dossier_ids() == [] and b.search.find("Haddad") == []
    from tests.exchange_forge import open_export
    from willkommensordner.exchange.keys import AgencyIdentity

    records = dict(open_export(second, AgencyIdentity.load_or_create(b.db)))["records.json"]
    assert b"Haddad" not in records and b"vorher" not in records


def test_a_consent_counts_for_its_address_book_entry_not_for_a_name(pair, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, b, b_in_a, _ = pair
    d = add_dossier(a)
    give_consent(a, d.id, b_in_a)  # recorded for the partner's entry in the address book
    Exporter(a).export([d.id], tmp_path / "x.wkox", recipients=[b_in_a])
    book = ContactBook(a.db)
    book.remove(b_in_a.id)
    # A new entry of the same name may be anyone's key: the consent must be recorded again.
    again = book.add(b_in_a.name, AgencyIdentity.load_or_create(b.db).public, verified=True)
    assert again.id != b_in_a.id
    with pytest.raises(Blocked):
        Exporter(a).export([d.id], tmp_path / "again.wkox", recipients=[again])
    give_consent(a, d.id, again)
    Exporter(a).export([d.id], tmp_path / "again.wkox", recipients=[again])
    other = book.add("AWO Bochum", AgencyIdentity.generate().public, verified=True)
    with pytest.raises(Blocked):
        Exporter(a).export([d.id], tmp_path / "y.wkox", recipients=[other])
