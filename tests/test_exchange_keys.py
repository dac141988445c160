"""Agency keys, the address book, and the documented format matching what is written."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.exchange_forge import open_export
from tests.exchange_support import add_dossier, give_consent, introduce, make_vault
from willkommensordner.errors import InvalidInput, NotFound
from willkommensordner.exchange.contacts import ContactBook
from willkommensordner.exchange.exporter import Exporter, consent_block, suggested_name
from willkommensordner.exchange.keys import AgencyIdentity, PublicIdentity
from willkommensordner.exchange.scope import ExportScope

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_public_identity_text_file_fingerprint_and_qr(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, "a", "KI Herne")
    identity = AgencyIdentity.load_or_create(vault.db)
    assert AgencyIdentity.load_or_create(vault.db).public == identity.public  # stored, stable
    public = identity.public
    assert re.fullmatch(r"wko1:age1[0-9a-z]+:[A-Za-z0-9_-]{43}", public.text)
    assert PublicIdentity.parse(public.text) == public
    assert re.fullmatch(r"([0-9A-F]{4} ){5}[0-9A-F]{4}", public.fingerprint)
    assert PublicIdentity.from_file_text(public.file_text("KI Herne")) == public
    assert public.qr_svg().lstrip().startswith("<?xml") and "<svg" in public.qr_svg()
    assert "█" in public.qr_text() or "▀" in public.qr_text()
    # The secrets live only inside the encrypted vault.
    vault.close()
    raw = (tmp_path / "a" / "vault.wko").read_bytes()
    assert b"AGE-SECRET-KEY" not in raw and identity.age_secret().encode() not in raw


@pytest.mark.parametrize(
    "text",
    ["", "wko1:", "wko2:age1abc:AAAA", "wko1:notakey:" + "A" * 43, "wko1:age1qqq:short"],
)
def test_bad_keys_are_refused(text: str) -> None:
    with pytest.raises(InvalidInput):
        PublicIdentity.parse(text)


def test_address_book(tmp_path: Path) -> None:
    a = make_vault(tmp_path, "a", "Caritas")
    book = ContactBook(a.db)
    other = AgencyIdentity.generate().public
    contact = book.add("  Jobcenter   Herne ", other)
    assert contact.name == "Jobcenter Herne" and not contact.verified
    with pytest.raises(InvalidInput):
        book.add("Jobcenter Herne", AgencyIdentity.generate().public)  # same name
    with pytest.raises(InvalidInput):
        book.add("Anderer Name", other)  # same key
    with pytest.raises(NotFound):
        book.get("Unbekannt")
    assert book.get("jobcenter herne").id == contact.id
    assert book.verify(contact.id).verified and book.all()[0].verified
    book.remove("Jobcenter Herne")
    assert book.all() == [] and book.by_key(other.signing_key) is None
    with pytest.raises(NotFound):
        book.remove("Jobcenter Herne")
    assert book.add("Jobcenter Herne", other).id != contact.id  # the key may come back
    a.close()


def test_consent_block_tells_before_writing(tmp_path: Path) -> None:
    a, b = make_vault(tmp_path, "a", "Caritas"), make_vault(tmp_path, "b", "Diakonie")
    b_in_a, _ = introduce(a, b)
    dossier = add_dossier(a)
    exporter = Exporter(a)
    blocked = consent_block(exporter.plan([dossier.id], ExportScope(), [b_in_a]))
    assert blocked is not None and dossier.id in blocked.message()
    give_consent(a, dossier.id, b_in_a)
    assert consent_block(exporter.plan([dossier.id], ExportScope(), [b_in_a])) is None
    a.close()
    b.close()


def test_records_file_follows_the_documented_schema(tmp_path: Path) -> None:
    schema = json.loads((DOCS / "exchange-format.schema.json").read_text())
    a = make_vault(tmp_path, "a", "Sozialamt")
    b = make_vault(tmp_path, "b", "Jobcenter")
    b_in_a, _ = introduce(a, b)
    d = add_dossier(a)
    give_consent(a, d.id, b_in_a)
    out = tmp_path / suggested_name()
    assert re.fullmatch(r"wko-export-\d{8}-\d{4}-[0-9a-f]{6}\.wkox", out.name)
    Exporter(a).export([d.id], out, recipients=[b_in_a])
    entries = dict(open_export(out, AgencyIdentity.load_or_create(b.db)))
    records = json.loads(entries["records.json"])
    # Everything required, and the optional additions of later minor versions (histories).
    assert set(schema["required"]) <= set(records) <= set(schema["properties"])
    assert "histories" in records
    record_schema = schema["$defs"]["record"]
    revision_schema = schema["$defs"]["revision"]
    kinds = set(schema["$defs"]["known_kinds"]["enum"])
    for record in records["records"]:
        assert set(record) == set(record_schema["required"])
        assert set(record["revision"]) == set(revision_schema["required"])
        assert record["kind"] in kinds
    manifest = json.loads(entries["manifest.json"])
    doc = (DOCS / "exchange-format.md").read_text()
    for key in manifest:
        assert f'"{key}"' in doc
    a.close()
    b.close()
