"""Retention: deleted and anonymised data are gone from the vault file, not just hidden."""

from __future__ import annotations

import base64
import itertools
from datetime import date, datetime
from pathlib import Path

import pytest

from willkommensordner.domain.agreed_step import AgreedStep, StepStatus
from willkommensordner.domain.appointment import Appointment, AppointmentStatus
from willkommensordner.domain.consent import Consent
from willkommensordner.domain.demo import generate
from willkommensordner.domain.document import Document
from willkommensordner.domain.document_type import DocumentType
from willkommensordner.domain.dossier import Dossier
from willkommensordner.domain.household import HouseholdMember, HouseholdRole
from willkommensordner.domain.legal_status import LegalStatus
from willkommensordner.domain.note import Note
from willkommensordner.domain.partial_date import PartialDate
from willkommensordner.domain.record import RecordKind
from willkommensordner.errors import Blocked, InvalidInput, NotFound
from willkommensordner.guidance.analysis import save_analysis
from willkommensordner.privacy.retention import (
    QueueReason,
    anonymise,
    deletion_queue,
    is_anonymised,
    purge,
    retention_years,
    set_retention_years,
)
from willkommensordner.privacy.subject_access import subject_access
from willkommensordner.vault.vault import Vault

from .conftest import FAST_KDF, PASSPHRASE
from .guidance_support import decrypted_pages

TODAY = date(2026, 6, 15)
SCAN = b"%PDF-1.4\n% ScanInhaltOkapi7731\n"
SECRETS = {
    "family": "Zebrafamilie",
    "old_family": "Altnamegnu",
    "given": "Quokkarina",
    "native": "كوكارينا",
    "phone": "0151 2233445",
    "email": "quokka@example.org",
    "street": "Geheimweg 99",
    "doc_number": "ZX987654",
    "child": "Wombatkind",
    "note": "Geheimnotiz Elefantenrüssel",
    "consent": "Zweckbindung Tapirhaus",
    "outcome": "Ergebnis Nashornbesuch",
    "health": "Rückenleiden Pangolin",
    "born": "1987-05-17",
    "scan": "ScanInhaltOkapi7731",
}


def _forms(value: str) -> list[bytes]:
    return [value.encode("utf-8"), value.lower().encode("utf-8")]


def make_vault(tmp_path: Path) -> tuple[Vault, str, str]:
    vault, _ = Vault.create(
        tmp_path / "vault.wko", PASSPHRASE, counsellor="Erika Beispiel", agency="KI", kdf=FAST_KDF
    )
    with vault.db.transaction():
        for person in itertools.islice(generate(8, seed=3, today=TODAY), 8):
            for record in person.records():
                vault.records.save(record)
        keep = vault.records.save(Dossier(family_name="Bleibtda", given_names="Bruno"))
    scan = vault.attachments.add_bytes(SCAN, "scan.pdf")
    with vault.db.transaction():
        d = vault.records.save(
            Dossier(
                family_name=SECRETS["old_family"],
                given_names=SECRETS["given"],
                native_name=SECRETS["native"],
                birth_date=SECRETS["born"],
                legal_status=LegalStatus.DULDUNG,
                phone=SECRETS["phone"],
                email=SECRETS["email"],
                street=SECRETS["street"],
                district="Nord",
                arrival_date=date(2019, 3, 1),
                opened_on=date(2019, 3, 5),
            )
        )
        d.family_name = SECRETS["family"]
        vault.records.save(d)
        vault.records.save(
            HouseholdMember(
                dossier_id=d.id,
                role=HouseholdRole.CHILD,
                given_names=SECRETS["child"],
                birth_date="2015-08-20",
            )
        )
        vault.records.save(
            Document(
                dossier_id=d.id,
                type=DocumentType.DULDUNG,
                number=SECRETS["doc_number"],
                attachments=[scan],
            )
        )
        vault.records.save(Note(dossier_id=d.id, text=SECRETS["note"]))
        vault.records.save(
            Consent(
                dossier_id=d.id, recipient="Jobcenter", purpose=SECRETS["consent"], given_on=TODAY
            )
        )
        vault.records.save(
            Appointment(
                dossier_id=d.id,
                start=datetime(2019, 6, 3, 9),
                agency="vhs",
                status=AppointmentStatus.KEPT,
                outcome=SECRETS["outcome"],
            )
        )
        vault.records.save(
            AgreedStep(
                dossier_id=d.id,
                what="Kurs",
                kind="integration_course",
                status=StepStatus.DONE,
                done_on=date(2019, 7, 1),
            )
        )
        save_analysis(
            vault,
            d.id,
            {"health_limits": True, "health_notes": SECRETS["health"], "school_years": 8},
            completed_on=date(2019, 4, 1),
        )
        d.closed_on = date(2022, 1, 10)
        vault.records.save(d)
    return vault, d.id, keep.id


def _scan(vault: Vault) -> tuple[bytes, bytes]:
    key, path = vault._data_key, vault.path
    vault.close()
    return decrypted_pages(path, key), path.read_bytes()


def test_the_page_scanner_sees_what_is_stored(tmp_path: Path) -> None:
    vault, _, _ = make_vault(tmp_path)
    plain, raw = _scan(vault)
    for value in SECRETS.values():
        assert any(f in plain for f in _forms(value)), value
        assert not any(f in raw for f in _forms(value)), value


def test_closed_dossiers_past_the_retention_period_are_queued(tmp_path: Path) -> None:
    vault, did, _ = make_vault(tmp_path)
    assert retention_years(vault) == 3
    assert did in [e.dossier_id for e in deletion_queue(vault, TODAY)]
    assert did not in [e.dossier_id for e in deletion_queue(vault, date(2025, 1, 9))]
    entry = next(e for e in deletion_queue(vault, TODAY) if e.dossier_id == did)
    assert entry.delete_from == date(2025, 1, 10)
    set_retention_years(vault, 5)
    assert retention_years(vault) == 5
    assert did not in [e.dossier_id for e in deletion_queue(vault, TODAY)]
    with pytest.raises(InvalidInput):
        set_retention_years(vault, 0)
    vault.close()


def test_a_dossier_deleted_in_the_app_is_queued_until_purged(tmp_path: Path) -> None:
    vault, _, keep = make_vault(tmp_path)
    vault.records.delete(RecordKind.DOSSIER, keep)
    entry = next(e for e in deletion_queue(vault, TODAY) if e.dossier_id == keep)
    assert entry.reason is QueueReason.TOMBSTONE
    purge(vault, keep)
    assert vault.db.scalar("SELECT count(*) FROM dossier WHERE id = ?", (keep,)) == 0
    assert keep not in [e.dossier_id for e in deletion_queue(vault, TODAY)]
    vault.close()


def test_deletion_is_real_down_to_the_pages_of_the_file(tmp_path: Path) -> None:
    vault, did, keep = make_vault(tmp_path)
    audit_before = vault.db.scalar("SELECT count(*) FROM audit WHERE dossier_id = ?", (did,))
    assert audit_before > 5
    purge(vault, did)
    with pytest.raises(NotFound):
        vault.records.dossier(did)
    assert vault.search.find(SECRETS["family"]) == []
    assert vault.search.find("Bleibtda") == [keep]
    assert vault.db.scalar("SELECT count(*) FROM blob") == 0
    assert vault.db.scalar("SELECT count(*) FROM audit WHERE dossier_id = ?", (did,)) == 0
    rows = vault.db.query("SELECT dossier_id, record_id, action FROM audit WHERE action = 'purge'")
    assert rows == [(None, None, "purge")]
    assert did not in [e.dossier_id for e in deletion_queue(vault, TODAY)]
    plain, raw = _scan(vault)
    assert b"Bleibtda" in plain  # the scanner works: what stays is found
    for value in [*SECRETS.values(), did]:
        assert not any(f in plain for f in _forms(value)), value
        assert not any(f in raw for f in _forms(value)), value


def test_a_shared_attachment_survives_the_deletion_of_one_dossier(tmp_path: Path) -> None:
    vault, did, keep = make_vault(tmp_path)
    ref = vault.attachments.add_bytes(SCAN, "again.pdf")
    vault.records.save(Document(dossier_id=keep, type=DocumentType.OTHER, attachments=[ref]))
    purge(vault, did)
    assert vault.attachments.read(ref.sha256) == SCAN
    vault.close()


def test_anonymising_keeps_the_figures_and_removes_the_person(tmp_path: Path) -> None:
    vault, did, _ = make_vault(tmp_path)
    # What anonymisation itself keeps; k-anonymity over all anonymised dossiers comes after
    # (tests/test_privacy_k_anonymity.py: alone, this dossier would keep none of these).
    anonymise(vault, did, generalise=False)
    d = vault.records.dossier(did)
    assert d.family_name == "N. N." and d.given_names == "" and d.phone == ""
    assert d.birth_date == PartialDate(1987, 4)
    assert d.legal_status is LegalStatus.DULDUNG and d.district == "Nord"
    assert d.arrival_date == date(2019, 3, 1)
    [child] = vault.records.parts(did, HouseholdMember)
    assert child.given_names == "" and child.birth_date == PartialDate(2015, 7)
    [step] = vault.records.parts(did, AgreedStep)
    assert step.kind == "integration_course" and step.status is StepStatus.DONE
    [appointment] = vault.records.parts(did, Appointment)
    assert appointment.status is AppointmentStatus.KEPT and appointment.outcome == ""
    assert vault.records.parts(did, Note) == [] and vault.records.parts(did, Consent) == []
    [doc] = vault.records.parts(did, Document)
    assert doc.number == "" and doc.attachments == []
    history = vault.history(did)
    assert [(e.action, e.field) for e in history] == [("anonymise", None)]
    assert is_anonymised(vault, did)
    assert did not in [e.dossier_id for e in deletion_queue(vault, TODAY)]
    assert vault.search.find(SECRETS["family"]) == []
    plain, raw = _scan(vault)
    for value in SECRETS.values():
        assert not any(f in plain for f in _forms(value)), value
        assert not any(f in raw for f in _forms(value)), value
    assert b"Bleibtda" in plain


def test_an_open_dossier_is_not_anonymised(tmp_path: Path) -> None:
    vault, _, keep = make_vault(tmp_path)
    with pytest.raises(Blocked):
        anonymise(vault, keep)
    assert vault.records.dossier(keep).family_name == "Bleibtda"
    vault.close()


def test_everything_we_hold_is_exported(tmp_path: Path) -> None:
    vault, did, _ = make_vault(tmp_path)
    data = subject_access(vault, did)
    assert data["format"] == "willkommensordner-subject-access"
    assert data["dossier"]["family_name"] == SECRETS["family"]
    assert data["dossier"]["_stored"]["version"]
    assert set(data["parts"]) == {
        "household_member",
        "document",
        "note",
        "consent",
        "appointment",
        "agreed_step",
        "analysis",
    }
    [analysis] = data["parts"]["analysis"]
    assert analysis["answers"]["health_notes"] == SECRETS["health"]
    assert any(
        e["field"] == "family_name" and e["old"] == SECRETS["old_family"] for e in data["history"]
    )
    [attachment] = data["attachments"]
    assert base64.b64decode(attachment["data_base64"]) == SCAN
    with pytest.raises(NotFound):
        subject_access(vault, "nope")
    vault.close()
