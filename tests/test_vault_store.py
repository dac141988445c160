from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from willkommensordner.domain.agreed_step import AgreedStep
from willkommensordner.domain.appointment import Appointment, AppointmentStatus
from willkommensordner.domain.document import Document
from willkommensordner.domain.document_type import DocumentType
from willkommensordner.domain.dossier import Dossier
from willkommensordner.domain.household import HouseholdMember, HouseholdRole
from willkommensordner.domain.legal_status import LegalStatus
from willkommensordner.domain.record import RecordKind
from willkommensordner.errors import NotFound
from willkommensordner.vault.events import Change
from willkommensordner.vault.vault import Vault


def test_save_and_read_a_whole_dossier(vault: Vault) -> None:
    d = vault.records.save(
        Dossier(family_name="Haddad", given_names="Lina", birth_date="00.00.1991")
    )
    vault.records.save(
        HouseholdMember(dossier_id=d.id, role=HouseholdRole.CHILD, given_names="Omar")
    )
    vault.records.save(Document(dossier_id=d.id, type=DocumentType.DULDUNG, number="A123"))
    late = vault.records.save(Appointment(dossier_id=d.id, start=datetime(2026, 5, 2, 10)))
    early = vault.records.save(Appointment(dossier_id=d.id, start=datetime(2026, 5, 1, 9)))
    bundle = vault.records.bundle(d.id)
    assert bundle.dossier == d
    assert [m.given_names for m in bundle.household] == ["Omar"]
    assert [a.id for a in bundle.appointments] == [early.id, late.id]
    data = bundle.to_json()
    assert data["family_name"] == "Haddad" and data["birth_date"] == "1991-00-00"
    assert data["documents"][0]["number"] == "A123"


def test_every_change_bumps_the_version_and_lands_in_the_audit_trail(vault: Vault) -> None:
    d = vault.records.save(Dossier(family_name="Haddad"))
    first = vault.records.revision(RecordKind.DOSSIER, d.id)
    assert first.version == {vault.author.device: 1}
    vault.records.save(d)  # unchanged: no new version, no audit row
    assert vault.records.revision(RecordKind.DOSSIER, d.id).version == first.version
    d.legal_status = LegalStatus.DULDUNG
    vault.records.save(d)
    assert vault.records.revision(RecordKind.DOSSIER, d.id).version == {vault.author.device: 2}
    history = vault.history(d.id)
    assert [(e.action, e.field) for e in history] == [("create", None), ("update", "legal_status")]
    assert history[1].old == "unknown" and history[1].new == "duldung"
    assert history[1].counsellor == "Erika Beispiel" and history[1].agency == "Caritas"


def test_deleting_leaves_tombstones_for_the_whole_dossier(vault: Vault) -> None:
    d = vault.records.save(Dossier(family_name="Haddad"))
    step = vault.records.save(AgreedStep(dossier_id=d.id, what="Kita"))
    vault.records.delete(RecordKind.DOSSIER, d.id)
    with pytest.raises(NotFound):
        vault.records.dossier(d.id)
    assert vault.records.revision(RecordKind.AGREED_STEP, step.id).deleted
    assert vault.records.revision(RecordKind.DOSSIER, d.id).version[vault.author.device] == 2
    assert vault.summaries() == []
    with pytest.raises(NotFound):
        vault.records.save(AgreedStep(dossier_id=d.id, what="more"))


def test_a_failed_transaction_leaves_nothing_behind(vault: Vault) -> None:
    with pytest.raises(RuntimeError), vault.db.transaction():
        vault.records.save(Dossier(family_name="Haddad"))
        raise RuntimeError("power cut")
    assert vault.summaries() == []
    assert vault.search.find("Haddad") == []


def test_parts_of_an_unknown_dossier_are_refused(vault: Vault) -> None:
    with pytest.raises(NotFound):
        vault.records.save(AgreedStep(dossier_id="no-such-dossier", what="x"))


def test_views_hear_about_each_commit_once(vault: Vault) -> None:
    heard: list[Change] = []
    vault.events.subscribe(heard.append)
    with vault.db.transaction():
        d = vault.records.save(Dossier(family_name="Haddad"))
        vault.records.save(AgreedStep(dossier_id=d.id, what="Kita"))
        assert heard == []
    assert len(heard) == 1
    assert heard[0].dossier_ids == {d.id}
    assert heard[0].kinds == {RecordKind.DOSSIER, RecordKind.AGREED_STEP}


def test_list_badges_and_filters(vault: Vault) -> None:
    today = date.today()
    a = vault.records.save(
        Dossier(
            family_name="Öztürk",
            legal_status=LegalStatus.DULDUNG,
            status_valid_until=today + timedelta(days=10),
        )
    )
    b = vault.records.save(Dossier(family_name="Zander", counsellor="Jonas"))
    c = vault.records.save(
        Dossier(family_name="Țurcanu", closed_on=today, legal_status=LegalStatus.EU_FREIZUEGIGKEIT)
    )
    vault.records.save(AgreedStep(dossier_id=b.id, what="Kita", due=today - timedelta(days=1)))
    vault.records.save(
        Appointment(
            dossier_id=b.id, start=datetime.combine(today, datetime.min.time()).replace(hour=23)
        )
    )
    rows = {r.family_name: r for r in vault.summaries()}
    assert [r.family_name for r in vault.summaries()] == ["Öztürk", "Țurcanu", "Zander"]
    assert rows["Öztürk"].paper_expires_soon and not rows["Öztürk"].overdue_step
    assert rows["Zander"].overdue_step and rows["Zander"].appointment_today
    assert rows["Țurcanu"].closed
    assert [r.id for r in vault.summaries(include_closed=False)] == [a.id, b.id]
    from willkommensordner.domain.legal_status import TargetGroup

    assert [r.id for r in vault.summaries(target_group=TargetGroup.EU_CITIZENS)] == [c.id]
    assert [r.id for r in vault.summaries(counsellor="Jonas")] == [b.id]


def test_agenda_across_dossiers(vault: Vault) -> None:
    today = date(2026, 11, 20)
    d = vault.records.save(
        Dossier(
            family_name="Haddad",
            status_valid_until=today + timedelta(weeks=3),
            legal_status=LegalStatus.DULDUNG,
        )
    )
    closed = vault.records.save(Dossier(family_name="Closed", closed_on=date.today()))
    at = datetime(2026, 11, 20, 9, 30)
    vault.records.save(Appointment(dossier_id=d.id, start=at, purpose="ABH"))
    vault.records.save(Appointment(dossier_id=d.id, start=at + timedelta(days=3), purpose="VHS"))
    vault.records.save(Appointment(dossier_id=d.id, start=at + timedelta(days=9), purpose="later"))
    vault.records.save(Appointment(dossier_id=d.id, start=at, status=AppointmentStatus.CANCELLED))
    vault.records.save(Appointment(dossier_id=closed.id, start=at, purpose="closed dossier"))
    vault.records.save(AgreedStep(dossier_id=d.id, what="late", due=today - timedelta(days=2)))
    vault.records.save(AgreedStep(dossier_id=d.id, what="fine", due=today + timedelta(days=2)))
    old = vault.records.save(
        Document(dossier_id=d.id, type=DocumentType.DULDUNG, valid_until=today - timedelta(days=5))
    )
    vault.records.save(
        Document(
            dossier_id=d.id, type=DocumentType.REISEPASS, valid_until=today + timedelta(weeks=4)
        )
    )
    agenda = vault.agenda(today=today, weeks=8)
    assert [i.body["purpose"] for i in agenda.appointments_today] == ["ABH"]
    assert [i.body["purpose"] for i in agenda.appointments_week] == ["VHS"]
    assert [i.body["what"] for i in agenda.overdue_steps] == ["late"]
    kinds = [(i.kind, i.body.get("type")) for i in agenda.expiring]
    assert kinds == [("document", "duldung"), ("residence_status", None), ("document", "reisepass")]
    # A newer Duldung replaces the expired one: no longer an emergency.
    vault.records.save(
        Document(
            dossier_id=d.id, type=DocumentType.DULDUNG, valid_until=today + timedelta(weeks=20)
        )
    )
    expiring = vault.agenda(today=today, weeks=8).expiring
    assert old.id not in [i.record_id for i in expiring]
    assert agenda.to_json()["appointments_today"][0]["dossier_name"] == "Haddad"


def test_author_can_be_changed_and_is_used_for_new_writes(vault: Vault) -> None:
    vault.set_author("Jonas Muster", "KI Musterstadt")
    d = vault.records.save(Dossier(family_name="Haddad"))
    assert vault.records.revision(RecordKind.DOSSIER, d.id).counsellor == "Jonas Muster"


def test_vault_files_are_private(vault: Vault, vault_path: Path) -> None:
    assert vault_path.stat().st_mode & 0o077 == 0
    assert (vault_path.parent / (vault_path.name + ".keys")).stat().st_mode & 0o077 == 0
