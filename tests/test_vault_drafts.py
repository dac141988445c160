"""Drafts of unsaved edits live in the encrypted vault and go with the dossier they belong to."""

from __future__ import annotations

from pathlib import Path

from willkommensordner.domain.dossier import Dossier
from willkommensordner.domain.record import RecordKind
from willkommensordner.privacy.retention import purge
from willkommensordner.vault.drafts import Draft
from willkommensordner.vault.vault import Vault

from .conftest import FAST_KDF, PASSPHRASE
from .guidance_support import decrypted_pages

TYPED = "Entwurfstext Kakadu 4711"


def _draft(dossier_id: str, key: str = "person") -> Draft:
    return Draft(
        key=f"{key}:{dossier_id}",
        title="Person – Haddad, Lina",
        state={"form": key, "fields": {"email": TYPED, "languages": [["ar", "B1", True]]}},
        dossier_id=dossier_id,
    )


def test_drafts_are_kept_encrypted_and_replaced_as_a_whole(tmp_path: Path) -> None:
    path = tmp_path / "vault.wko"
    vault, _ = Vault.create(path, PASSPHRASE, kdf=FAST_KDF)
    dossier = vault.records.save(Dossier(family_name="Haddad", given_names="Lina"))
    vault.drafts.replace([_draft(dossier.id), _draft(dossier.id, "analysis")])
    key = vault._data_key
    vault.close()
    assert TYPED.encode() in decrypted_pages(path, key)
    assert TYPED.encode() not in path.read_bytes()

    vault = Vault.unlock(path, PASSPHRASE)
    drafts = vault.drafts.all()
    assert [d.key for d in drafts] == [f"analysis:{dossier.id}", f"person:{dossier.id}"]
    assert drafts[1].state == _draft(dossier.id).state
    assert drafts[1].saved_at is not None
    vault.drafts.replace([_draft(dossier.id)])
    assert [d.key for d in vault.drafts.all()] == [f"person:{dossier.id}"]
    vault.drafts.clear()
    assert vault.drafts.all() == []
    vault.close()


def test_deleting_a_dossier_for_good_drops_its_drafts(tmp_path: Path) -> None:
    vault, _ = Vault.create(tmp_path / "vault.wko", PASSPHRASE, kdf=FAST_KDF)
    gone = vault.records.save(Dossier(family_name="Weg", given_names="Anna"))
    stays = vault.records.save(Dossier(family_name="Bleibt", given_names="Omar"))
    vault.drafts.replace([_draft(gone.id), _draft(stays.id)])
    vault.records.delete(RecordKind.DOSSIER, gone.id)
    purge(vault, gone.id)
    assert [d.dossier_id for d in vault.drafts.all()] == [stays.id]
    vault.close()
