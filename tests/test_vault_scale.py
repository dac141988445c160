"""The bulk write path and the indexes that keep the agenda independent of the caseload."""

import sys
import unicodedata
from datetime import date, timedelta
from pathlib import Path

import pytest

from willkommensordner.domain.agreed_step import AgreedStep
from willkommensordner.domain.document import Document
from willkommensordner.domain.document_type import DocumentType
from willkommensordner.domain.dossier import Dossier
from willkommensordner.domain.household import HouseholdMember
from willkommensordner.domain.legal_status import LegalStatus
from willkommensordner.domain.record import RecordKind
from willkommensordner.domain.text import clean_line, clean_text
from willkommensordner.errors import InvalidInput, NotFound
from willkommensordner.vault import migrations
from willkommensordner.vault.agenda import COUNT_CAP
from willkommensordner.vault.demo_data import add_demo_dossiers
from willkommensordner.vault.events import Change
from willkommensordner.vault.migrations import m0008_agenda_scale
from willkommensordner.vault.vault import Vault

from .conftest import PASSPHRASE
from .test_vault_migrations import _vault_at_version

TODAY = date(2026, 11, 20)

# The schema an app had just before the agenda and list indexes arrived.
BEFORE_AGENDA_SCALE = migrations.MIGRATIONS.index(m0008_agenda_scale.apply)


def _indexes(vault: Vault) -> set[str]:
    return {r[0] for r in vault.db.query("SELECT name FROM sqlite_master WHERE type = 'index'")}


def test_bulk_insert_stores_audits_indexes_and_announces_like_save(vault: Vault) -> None:
    heard: list[Change] = []
    vault.events.subscribe(heard.append)
    d = Dossier(family_name="Haddad", given_names="Lina")
    member = HouseholdMember(dossier_id=d.id, given_names="Omar", family_name="Khalil")
    paper = Document(dossier_id=d.id, type=DocumentType.REISEPASS, number="C01X00T47")
    step = AgreedStep(dossier_id=d.id, what="Anmeldung", due=TODAY)
    assert vault.records.add_new([d, member, paper, step]) == 4
    bundle = vault.records.bundle(d.id)
    assert bundle.dossier == d and bundle.household == [member]
    assert bundle.documents == [paper] and bundle.steps == [step]
    assert vault.records.revision(RecordKind.AGREED_STEP, step.id).version == {
        vault.records.author.device: 1
    }
    actions = [(e.record_id, e.action) for e in vault.audit.for_dossier(d.id)]
    assert sorted(actions) == sorted((r.id, "create") for r in (d, member, paper, step))
    # Found by its own name, a household member's, a paper's number, and tolerantly.
    for query in ("Haddad", "Khalil", "C01X00T47", "Hadad"):
        assert vault.search.find(query) == [d.id], query
    assert heard == [
        Change(
            frozenset({d.id}),
            frozenset(
                {
                    RecordKind.DOSSIER,
                    RecordKind.HOUSEHOLD_MEMBER,
                    RecordKind.DOCUMENT,
                    RecordKind.AGREED_STEP,
                }
            ),
        )
    ]


def test_bulk_parts_of_an_existing_dossier_are_indexed_and_unknown_ones_refused(
    vault: Vault,
) -> None:
    d = vault.records.save(Dossier(family_name="Haddad"))
    vault.records.add_new([HouseholdMember(dossier_id=d.id, family_name="Nasser")])
    assert vault.search.find("Nasser") == [d.id]
    stray = Dossier(family_name="Nobody")
    with pytest.raises(NotFound):
        vault.records.add_new(
            [Dossier(family_name="Written"), AgreedStep(dossier_id=stray.id, what="x")]
        )
    assert vault.search.find("Written") == []  # nothing of the refused batch is left
    assert vault.db.scalar("SELECT count(*) FROM dossier") == 1


def test_demo_dossiers_written_in_bulk_are_complete(vault: Vault) -> None:
    assert add_demo_dossiers(vault, 30, seed=4, today=TODAY) == 30
    assert vault.db.scalar("SELECT count(*) FROM dossier") == 30
    records = vault.db.scalar("SELECT count(*) FROM record")
    audited = vault.db.scalar("SELECT count(*) FROM audit WHERE action = 'create'")
    assert audited == records + 30
    family = vault.db.scalar("SELECT family_name FROM dossier LIMIT 1")
    assert vault.search.find(family)
    vault.check_integrity()


def test_agenda_totals_are_exact_below_the_cap_and_marked_beyond_it(vault: Vault) -> None:
    d = Dossier(family_name="Haddad")
    late = TODAY - timedelta(days=3)
    steps = [AgreedStep(dossier_id=d.id, what=f"step {n}", due=late) for n in range(COUNT_CAP + 5)]
    vault.records.add_new([d, *steps])
    few = Dossier(family_name="Few", status_valid_until=TODAY + timedelta(weeks=2))
    vault.records.add_new([few])
    agenda = vault.agenda(today=TODAY, limit=10)
    assert len(agenda.overdue_steps) == 10
    assert agenda.totals["overdue_steps"] == COUNT_CAP
    assert agenda.totals["expiring"] == 1 and agenda.totals["appointments_today"] == 0
    assert agenda.to_json()["totals_at_least"] == ["overdue_steps"]
    small = vault.agenda(today=TODAY, limit=COUNT_CAP * 2)
    assert len(small.overdue_steps) == COUNT_CAP + 5
    assert small.totals["overdue_steps"] == COUNT_CAP + 5 and not small.at_least


def test_agenda_indexes_replace_the_old_ones_on_an_older_vault(tmp_path: Path) -> None:
    path = tmp_path / "old.wko"
    _vault_at_version(path, BEFORE_AGENDA_SCALE)
    with Vault.unlock(path, PASSPHRASE) as vault:
        indexes = _indexes(vault)
        assert {"record_agenda", "dossier_status_due"} <= indexes
        assert not {"record_due", "dossier_status_until"} & indexes
        d = vault.records.save(
            Dossier(
                family_name="Haddad",
                legal_status=LegalStatus.DULDUNG,
                status_valid_until=TODAY + timedelta(weeks=1),
            )
        )
        vault.records.save(
            Document(
                dossier_id=d.id,
                type=DocumentType.DULDUNG,
                valid_until=TODAY + timedelta(weeks=2),
            )
        )
        expiring = vault.agenda(today=TODAY).expiring
        assert [(i.kind, i.dossier_id) for i in expiring] == [
            ("residence_status", d.id),
            ("document", d.id),
        ]


def test_new_vaults_have_the_agenda_indexes(vault: Vault) -> None:
    assert {"record_agenda", "dossier_status_due"} <= _indexes(vault)


def test_every_control_character_is_refused_and_newlines_only_in_text() -> None:
    controls = [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cc"]
    for ch in controls:
        with pytest.raises(InvalidInput):
            clean_line(f"a{ch}b")
        if ch not in "\n\t":
            with pytest.raises(InvalidInput):
                clean_text(f"a{ch}b")
    assert clean_text("eins\nzwei\tdrei") == "eins\nzwei\tdrei"
    assert clean_line("Ha\u202eddad\u200f ") == "Haddad"
    assert clean_line("Be\u0301la") == "B\u00e9la"  # composed (NFC)


def _order(vault: Vault) -> list[str]:
    return [s.id for s in vault.summary_page(1000)[0]]


def test_list_pages_follow_every_write_in_name_order(vault: Vault) -> None:
    zeynep = vault.records.save(Dossier(family_name="Öztürk", given_names="Zeynep"))
    vault.records.add_new([Dossier(family_name="Țurcanu"), Dossier(family_name="Abadi")])
    vault.records.save(Dossier(native_name="حسين"))
    assert _order(vault) == [s.id for s in vault.summaries()]
    first, place = vault.summary_page(1)
    assert [s.family_name for s in first] == ["Abadi"]
    assert [s.family_name for s in vault.summary_page(2, place)[0]] == ["Öztürk", "Țurcanu"]
    renamed = vault.records.save(zeynep.model_copy(update={"family_name": "Zaman"}))
    assert _order(vault)[2] == renamed.id
    vault.records.delete(RecordKind.DOSSIER, zeynep.id)
    assert zeynep.id not in _order(vault)
    vault.records.undelete(zeynep.id)
    assert _order(vault) == [s.id for s in vault.summaries()]
    vault.records.save(zeynep.model_copy(update={"closed_on": date.today()}))
    assert zeynep.id not in [s.id for s in vault.summary_page(10, include_closed=False)[0]]


def test_a_page_carries_the_same_badges_as_the_whole_list(vault: Vault) -> None:
    add_demo_dossiers(vault, 40, seed=9)
    whole = vault.summaries()
    pages = list(vault.summary_pages(7))
    assert [len(p) for p in pages] == [7] * 5 + [5]
    assert [s for p in pages for s in p] == whole
    # A last page that ends exactly with the list: the next one is empty, not an error.
    assert [len(p) for p in vault.summary_pages(20)] == [20, 20]
    assert any(s.overdue_step for s in whole) and any(s.paper_expires_soon for s in whole)


def test_an_older_vault_gets_its_list_order(tmp_path: Path) -> None:
    path = tmp_path / "old.wko"
    _vault_at_version(path, BEFORE_AGENDA_SCALE)
    with Vault.unlock(path, PASSPHRASE) as vault:
        assert vault.summary_page(10) == ([vault.summaries()[0]], None)
        assert vault.summaries()[0].id == "d1"


def test_a_purged_dossier_leaves_no_folded_name_in_the_list_order(vault: Vault) -> None:
    from willkommensordner.privacy.retention import purge

    gone = vault.records.save(Dossier(family_name="Haddad", closed_on=date.today()))
    kept = vault.records.save(Dossier(family_name="Nasser"))
    purge(vault, gone.id)
    assert vault.db.query("SELECT family_key FROM dossier_order") == [("nasser",)]
    assert _order(vault) == [kept.id]
