import uuid
from pathlib import Path

import pytest

from willkommensordner.domain.dossier import Dossier
from willkommensordner.errors import Incompatible, VaultDamaged
from willkommensordner.vault import migrations
from willkommensordner.vault.database import Database
from willkommensordner.vault.envelope import Envelope
from willkommensordner.vault.location import envelope_path
from willkommensordner.vault.search import SearchIndex
from willkommensordner.vault.vault import Vault

from .conftest import FAST_KDF, PASSPHRASE


def _vault_at_version(path: Path, version: int) -> None:
    """A vault as an older app version left it, with one dossier written by that version."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data_key = b"\x11" * 32
    envelope, _ = Envelope.new(data_key, PASSPHRASE, FAST_KDF)
    db = Database.open(path, data_key, create=True)
    db.configure()
    migrations.migrate(db, target=version)
    if version >= 1:
        with db.transaction():
            db.executemany(
                "INSERT INTO meta(key, value) VALUES (?, ?)",
                [
                    ("vault_id", envelope.vault_id),
                    ("device", str(uuid.uuid4())),
                    ("counsellor", "old"),
                    ("agency", "old"),
                ],
            )
            body = Dossier(family_name="Altbestand").model_dump_json(exclude={"id"})
            db.execute(
                "INSERT INTO dossier(id, body, created, modified, author, agency, device, version)"
                " VALUES ('d1', ?, '2020-01-01', '2020-01-01', 'old', 'old', 'x', '{\"x\": 1}')",
                (body,),
            )
            if version >= 2:
                # From version 2 on, the app of that version kept the full-text index up to date.
                db.execute("INSERT INTO dossier_search(rowid, terms) VALUES (1, 'altbestand')")
            if version >= 5:
                # From version 5 on, it also kept the name keys of the tolerant tier.
                SearchIndex(db).rebuild()
    db.close()
    envelope.save(envelope_path(path), data_key)


@pytest.mark.parametrize("version", range(1, migrations.LATEST))
def test_every_older_vault_is_upgraded_with_its_data(tmp_path: Path, version: int) -> None:
    path = tmp_path / "old.wko"
    _vault_at_version(path, version)
    with Vault.unlock(path, PASSPHRASE) as vault:
        assert migrations.schema_version(vault.db) == migrations.LATEST
        assert vault.records.dossier("d1").family_name == "Altbestand"
        assert vault.search.find("altbestand") == ["d1"]
        assert vault.search.find("Altbesstant") == ["d1"]  # the tolerant tier was built too
        vault.check_integrity()


def test_latest_schema_is_what_new_vaults_get(vault: Vault) -> None:
    assert migrations.schema_version(vault.db) == migrations.LATEST


def test_an_empty_database_is_not_mistaken_for_a_vault(tmp_path: Path) -> None:
    path = tmp_path / "empty.wko"
    _vault_at_version(path, 0)
    with pytest.raises(VaultDamaged):
        Vault.unlock(path, PASSPHRASE)


def test_vault_from_a_newer_app_is_refused_untouched(vault: Vault, vault_path: Path) -> None:
    vault.db.execute(f"PRAGMA user_version = {migrations.LATEST + 1}")
    vault.close()
    before = vault_path.read_bytes()
    with pytest.raises(Incompatible) as err:
        Vault.unlock(vault_path, PASSPHRASE)
    assert "newer version" in err.value.message()
    assert vault_path.read_bytes() == before


def test_upgrading_to_trusted_exchange_keeps_imports_and_who_was_given_what(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.wko"
    _vault_at_version(path, 4)
    data_key = b"\x11" * 32
    db = Database.open(path, data_key)
    with db.transaction():
        db.execute(
            "INSERT INTO exchange_contact(id, name, age_recipient, signing_key, fingerprint,"
            " verified, added) VALUES ('c1', 'Jobcenter', 'age1x', 'key', 'FP', 1, '2020')"
        )
        detail = '{"file_id": "f", "recipients": ["jobcenter", "Unbekannt"]}'
        db.execute(
            "INSERT INTO audit(at, dossier_id, kind, record_id, action, new, author, agency,"
            " device) VALUES ('2020-02-01', 'd1', 'dossier', 'd1', 'export', ?, 'old', 'old', 'x')",
            (detail,),
        )
        db.execute(
            "INSERT INTO exchange_import(file_id, sender_fingerprint, created, imported_at)"
            " VALUES ('f0', 'FP', '2020-01-01', '2020-01-02')"
        )
    db.close()
    with Vault.unlock(path, PASSPHRASE) as vault:
        assert vault.db.query("SELECT dossier_id, fingerprint, via FROM exchange_holder") == [
            ("d1", "FP", "sent")
        ]
        assert vault.db.query(
            "SELECT sender_fingerprint, file_id, manifest_sha256 FROM exchange_import"
        ) == [("FP", "f0", None)]
