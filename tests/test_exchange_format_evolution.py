"""A file from the next minor version: what this version does not know travels on untouched."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.exchange_forge import forge, manifest_of, open_export, rebuilt, records_of
from tests.exchange_support import add_dossier, add_note, give_consent, introduce, make_vault
from willkommensordner.errors import Incompatible
from willkommensordner.exchange.exporter import Exporter
from willkommensordner.exchange.format import FORMAT_MINOR, FORMAT_VERSION
from willkommensordner.exchange.importer import Importer
from willkommensordner.exchange.keys import AgencyIdentity
from willkommensordner.privacy.retention import anonymise, purge
from willkommensordner.privacy.subject_access import subject_access
from willkommensordner.vault.vault import Vault

VOUCHER = {
    "kind": "voucher",  # a record kind the next minor version adds
    "id": "5b1c0a52-0000-4000-8000-000000000001",
    "body": {"amount": 50, "shop": "Sozialkaufhaus", "valid": {"from": "2026-01-01"}},
}


def _next_minor(a_to_b: list[tuple[str, bytes]], signer: AgencyIdentity) -> Any:
    doc = records_of(a_to_b)
    dossier = next(r for r in doc["records"] if r["kind"] == "dossier")
    dossier["body"]["preferred_form_of_address"] = "Frau Haddad"
    dossier["labels"] = ["Familiennachzug"]
    dossier["revision"]["reviewed"] = True
    voucher = {
        **VOUCHER,
        "dossier_id": dossier["id"],
        "revision": {**dossier["revision"], "version": dict(dossier["revision"]["version"])},
    }
    doc["records"].append(voucher)
    doc["generator"] = "next minor"

    def newer(manifest: dict[str, Any]) -> None:
        manifest["format_minor"] = FORMAT_MINOR + 1
        manifest["courier"] = {"note": "a field this version does not know"}

    return rebuilt(a_to_b, signer, records=doc, manifest=newer), dossier, voucher


def test_a_file_of_the_next_minor_version_is_read_and_passed_on_untouched(tmp_path: Path) -> None:
    a, b, c = (make_vault(tmp_path, n, f"Agency {n}") for n in "abc")
    b_in_a, _ = introduce(a, b)
    c_in_b, _ = introduce(b, c)
    d = add_dossier(a)
    add_note(a, d.id, "Sprachkurs")
    give_consent(a, d.id, b_in_a)
    real = Exporter(a).export([d.id], tmp_path / "a.wkox", recipients=[b_in_a]).path
    key_b = AgencyIdentity.load_or_create(b.db)
    entries, _dossier, voucher = _next_minor(
        open_export(real, key_b), AgencyIdentity.load_or_create(a.db)
    )
    newer = forge(tmp_path / "newer.wkox", entries, key_b)

    report = Importer(b).apply(newer)
    assert report.new_dossiers == [d.id] and report.foreign == 1
    assert b.records.dossier(d.id).family_name == "Haddad"
    # B works on the dossier, then hands it on: the additions go along as they came.
    b.records.save(b.records.dossier(d.id).model_copy(update={"city": "Bochum"}))
    give_consent(b, d.id, c_in_b)
    onward = Exporter(b).export([d.id], tmp_path / "b.wkox", recipients=[c_in_b]).path
    passed = open_export(onward, AgencyIdentity.load_or_create(c.db))
    records = {r["id"]: r for r in records_of(passed)["records"]}
    mine = records[d.id]
    assert mine["body"]["city"] == "Bochum"
    assert mine["body"]["preferred_form_of_address"] == "Frau Haddad"
    assert mine["labels"] == ["Familiennachzug"] and mine["revision"]["reviewed"] is True
    again = records[voucher["id"]]
    assert {k: again[k] for k in ("kind", "id", "dossier_id", "body")} == {
        k: voucher[k] for k in ("kind", "id", "dossier_id", "body")
    }
    assert manifest_of(passed)["format_minor"] == FORMAT_MINOR
    # And C, on this version too, reads B's file.
    assert Importer(c).apply(onward).foreign == 1
    for v in (a, b, c):
        v.close()


@pytest.fixture
def pair(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A sends B a real file of its dossier: A's vault, B's vault, the dossier, the file."""
    a, b = make_vault(tmp_path, "a", "A"), make_vault(tmp_path, "b", "B")
    b_in_a, _ = introduce(a, b)
    d = add_dossier(a)
    give_consent(a, d.id, b_in_a)
    real = Exporter(a).export([d.id], tmp_path / "a.wkox", recipients=[b_in_a]).path
    yield a, b, d.id, real
    a.close()
    b.close()


def _import_next_minor(a: Vault, b: Vault, real: Path) -> dict[str, Any]:
    key_b = AgencyIdentity.load_or_create(b.db)
    entries, _dossier, voucher = _next_minor(
        open_export(real, key_b), AgencyIdentity.load_or_create(a.db)
    )
    Importer(b).apply(forge(real.with_name("newer.wkox"), entries, key_b))
    return voucher  # type: ignore[no-any-return]


def test_a_file_of_the_next_major_version_is_refused_as_such(pair) -> None:  # type: ignore[no-untyped-def]
    a, b, _d, real = pair
    key_b = AgencyIdentity.load_or_create(b.db)

    def major(manifest: dict[str, Any]) -> None:
        manifest["format_version"] = FORMAT_VERSION + 1

    entries = rebuilt(open_export(real, key_b), AgencyIdentity.load_or_create(a.db), manifest=major)
    with pytest.raises(Incompatible):
        Importer(b).preview(forge(real.with_name("major.wkox"), entries, key_b))


@pytest.mark.parametrize("forget", [anonymise, purge])
def test_what_a_newer_version_added_goes_when_the_dossier_is_anonymised_or_deleted(
    pair, forget: Any
) -> None:  # type: ignore[no-untyped-def]
    a, b, d, real = pair
    _import_next_minor(a, b, real)
    counts = "SELECT (SELECT count(*) FROM exchange_extra), (SELECT count(*) FROM exchange_foreign)"
    assert b.db.query(counts) == [(1, 1)]
    b.records.save(b.records.dossier(d).model_copy(update={"closed_on": date.today()}))
    forget(b, d)
    assert b.db.query(counts) == [(0, 0)]


def test_a_subject_access_export_names_what_a_newer_version_added(pair) -> None:  # type: ignore[no-untyped-def]
    a, b, d, real = pair
    voucher = _import_next_minor(a, b, real)
    kept = subject_access(b, d)["kept_for_newer_versions"]
    assert kept["fields"][d]["body"] == {"preferred_form_of_address": "Frau Haddad"}
    assert [r["body"] for r in kept["records"]] == [voucher["body"]]
