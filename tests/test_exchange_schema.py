"""The published format: real exports validate against docs/*.schema.json, and the signature
and fingerprint check out with nothing but what docs/exchange-format.md says."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import tarfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import jsonschema
import pyrage
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from tests.exchange_support import (
    add_document_with_scan,
    add_dossier,
    add_note,
    give_consent,
    introduce,
    make_vault,
)
from willkommensordner.domain.agreed_step import AgreedStep
from willkommensordner.domain.analysis import PotentialAnalysis
from willkommensordner.domain.appointment import Appointment
from willkommensordner.domain.household import HouseholdMember, HouseholdRole
from willkommensordner.domain.record import RecordKind
from willkommensordner.domain.suggestion_decision import Decision, SuggestionDecision
from willkommensordner.exchange import schema
from willkommensordner.exchange.exporter import Exporter
from willkommensordner.exchange.keys import AgencyIdentity
from willkommensordner.exchange.scope import ExportScope

DOCS = Path(__file__).resolve().parent.parent / "docs"


def _load(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((DOCS / name).read_text(encoding="utf-8"))
    return loaded


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A real export holding every record kind and a tombstone, opened with pyrage only."""
    tmp = tmp_path_factory.mktemp("schema")
    a = make_vault(tmp, "a", "Sozialamt Herne")
    b = make_vault(tmp, "b", "Jobcenter Herne")
    b_in_a, _ = introduce(a, b)
    d = add_dossier(a)
    give_consent(a, d.id, b_in_a, special_categories=True)
    add_document_with_scan(a, d.id)
    add_note(a, d.id, "Erstgespräch")
    gone = add_note(a, d.id, "wird gelöscht")
    a.records.delete(RecordKind.NOTE, gone.id)
    a.records.save(HouseholdMember(dossier_id=d.id, role=HouseholdRole.CHILD, given_names="Yusuf"))
    a.records.save(Appointment(dossier_id=d.id, start=datetime(2026, 3, 2, 9), purpose="Termin"))
    a.records.save(AgreedStep(dossier_id=d.id, what="Kita anmelden", due=date(2026, 5, 1)))
    a.records.save(
        PotentialAnalysis(
            dossier_id=d.id,
            questionnaire_id="nrw-potential-analysis",
            questionnaire_version="1",
            answers={"school_years": 10},
            completed_on=date(2026, 3, 2),
        )
    )
    a.records.save(
        SuggestionDecision(
            dossier_id=d.id,
            rule_id="kita_registration",
            decision=Decision.DISMISSED,
            decided_on=date(2026, 3, 2),
            reason="schon erledigt",
        )
    )
    out = tmp / "export.wkox"
    Exporter(a).export([d.id], out, recipients=[b_in_a], scope=ExportScope(sensitive_notes=True))
    secret = AgencyIdentity.load_or_create(b.db).age_secret()
    public_text = AgencyIdentity.load_or_create(a.db).public.fingerprint
    a.close()
    b.close()
    plain = pyrage.decrypt(out.read_bytes(), [pyrage.x25519.Identity.from_str(secret)])
    with tarfile.open(fileobj=io.BytesIO(plain), mode="r:") as tar:
        files = {m.name: tar.extractfile(m).read() for m in tar.getmembers()}  # type: ignore[union-attr]
    return {"files": files, "sender_fingerprint": public_text}


def test_the_committed_schemas_are_the_generated_ones() -> None:
    # A new record kind or field must reach the published schema: regenerate with
    # `python -m willkommensordner.exchange.schema docs`.
    assert (DOCS / schema.RECORDS_FILE).read_text(encoding="utf-8") == schema.render(
        schema.records_schema()
    )
    assert (DOCS / schema.MANIFEST_FILE).read_text(encoding="utf-8") == schema.render(
        schema.manifest_schema()
    )


def test_a_real_export_with_every_kind_validates(export: dict[str, Any]) -> None:
    records = json.loads(export["files"]["records.json"])
    manifest = json.loads(export["files"]["manifest.json"])
    jsonschema.Draft202012Validator(_load(schema.RECORDS_FILE)).validate(records)
    jsonschema.Draft202012Validator(_load(schema.MANIFEST_FILE)).validate(manifest)
    assert {r["kind"] for r in records["records"]} == {k.value for k in RecordKind}
    assert any(r["revision"]["deleted"] for r in records["records"])


def test_every_manifest_field_written_is_described(export: dict[str, Any]) -> None:
    manifest = json.loads(export["files"]["manifest.json"])
    described = _load(schema.MANIFEST_FILE)["properties"]
    assert set(manifest) <= set(described)
    for key in ("sender", "scope", "counts"):
        assert set(manifest[key]) <= set(described[key]["properties"]), key
    for key in ("recipients", "consents", "entries"):
        assert manifest[key], key
        for item in manifest[key]:
            assert set(item) <= set(described[key]["items"]["properties"]), key


@pytest.mark.parametrize(
    ("kind", "change"),
    [
        ("analysis", {"answers": "not an object"}),
        ("suggestion_decision", {"decision": "maybe"}),
        ("dossier", {"gender": "not a gender"}),
    ],
)
def test_the_schema_checks_bodies_per_kind(
    export: dict[str, Any], kind: str, change: dict[str, Any]
) -> None:
    records = json.loads(export["files"]["records.json"])
    record = next(r for r in records["records"] if r["kind"] == kind and r["body"])
    record["body"].update(change)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(_load(schema.RECORDS_FILE)).validate(records)


def test_fields_and_kinds_of_a_later_minor_version_are_valid(export: dict[str, Any]) -> None:
    """The versioning policy: a later minor version may add fields and kinds; readers keep them."""
    records = json.loads(export["files"]["records.json"])
    dossier = next(r for r in records["records"] if r["kind"] == "dossier" and r["body"])
    dossier["body"]["pronouns"] = "sie/ihr"
    dossier["revision"]["review"] = {"by": "someone"}
    records["records"].append({**dossier, "kind": "family_tree", "id": "ft-1", "body": {"x": 1}})
    jsonschema.Draft202012Validator(_load(schema.RECORDS_FILE)).validate(records)


def _unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def test_an_independent_verifier_needs_only_the_document(export: dict[str, Any]) -> None:
    """Written from docs/exchange-format.md alone, with `cryptography`, not the app's code."""
    manifest_bytes = export["files"]["manifest.json"]
    sig_line = export["files"]["manifest.sig"].decode("ascii")
    assert sig_line.endswith("\n") and "=" not in sig_line  # one line, unpadded base64url
    signature = _unb64url(sig_line.strip())
    assert len(signature) == 64
    sender = json.loads(manifest_bytes)["sender"]
    signing_key = _unb64url(sender["signing_key"])
    # Raises InvalidSignature when the bytes or the signature differ.
    Ed25519PublicKey.from_public_bytes(signing_key).verify(signature, manifest_bytes)
    digest = hashlib.sha256(
        b"wko1:" + sender["age_recipient"].encode("ascii") + b":" + signing_key
    ).hexdigest()
    fingerprint = " ".join(digest[i : i + 4].upper() for i in range(0, 24, 4))
    assert fingerprint == sender["fingerprint"] == export["sender_fingerprint"]
    # The manifest is the canonical JSON the document describes.
    decoded = json.loads(manifest_bytes)
    canonical = json.dumps(decoded, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert canonical.encode("utf-8") == manifest_bytes
