"""A dossier deleted for good stays deleted when a partner's file still carries it."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tests.exchange_support import (
    PASSPHRASE,
    add_document_with_scan,
    add_note,
    give_consent,
)
from willkommensordner.cli import main
from willkommensordner.domain.dossier import Dossier
from willkommensordner.exchange.exporter import Exporter
from willkommensordner.exchange.importer import Importer
from willkommensordner.privacy.retention import purge
from willkommensordner.vault.erasure import erased_among, erasure_marker
from willkommensordner.vault.vault import Vault

from .guidance_support import decrypted_pages

NAME = "Erlenzeisig"
SCAN = b"%PDF-1.4\n% ScanVomPartnerKiwi4410\n" + b"x" * 2000 + b"\n%%EOF\n"


def _hand_over(a: Vault, b: Vault, b_in_a, out: Path, dossier_id: str) -> None:  # type: ignore[no-untyped-def]
    Exporter(a).export([dossier_id], out, recipients=[b_in_a])
    Importer(b).apply(out)


def _closed_dossier_with_scan(a: Vault, b_in_a) -> Dossier:  # type: ignore[no-untyped-def]
    d = a.records.save(
        Dossier(
            family_name=NAME,
            given_names="Ida",
            opened_on=date(2019, 5, 2),
            closed_on=date(2020, 1, 31),
        )
    )
    add_document_with_scan(a, d.id, SCAN)
    add_note(a, d.id, "Notiz zu Ida")
    give_consent(a, d.id, b_in_a)
    return d


def test_a_partners_older_copy_does_not_bring_a_deleted_dossier_back(pair, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, b, b_in_a, _ = pair
    d = _closed_dossier_with_scan(a, b_in_a)
    other = a.records.save(Dossier(family_name="Bleibt", given_names="Bo"))
    give_consent(a, other.id, b_in_a)
    first = tmp_path / "first.wkox"
    _hand_over(a, b, b_in_a, first, d.id)
    purge(b, d.id)
    assert erased_among(b.db, [d.id, other.id]) == {d.id}

    # The partner edits its copy and sends it again, together with another dossier.
    kept = a.records.dossier(d.id)
    kept.given_names = "Ida Maria"
    a.records.save(kept)
    again = tmp_path / "again.wkox"
    Exporter(a).export([d.id, other.id], again, recipients=[b_in_a])
    importer = Importer(b)
    preview = importer.preview(again)
    assert preview.erased_dossiers == {d.id}
    assert preview.new_dossiers == [other.id] and not preview.conflicts
    report = importer.apply(again)
    assert report.erased_dossiers == {d.id}
    assert b.db.scalar("SELECT count(*) FROM dossier WHERE id = ?", (d.id,)) == 0
    assert b.db.scalar("SELECT count(*) FROM record WHERE dossier_id = ?", (d.id,)) == 0
    assert b.search.find(NAME) == []
    assert b.db.scalar("SELECT count(*) FROM blob") == 0
    assert b.records.dossier(other.id).family_name == "Bleibt"
    # The earlier file, imported once more, changes nothing either.
    assert Importer(b).apply(first).changes == 0

    # Nothing of the person reached the file: not the name, not the scan, not the id.
    b.db.execute("VACUUM")
    b.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    pages = decrypted_pages(b.path, b._data_key)
    for value in (NAME.encode(), b"ScanVomPartnerKiwi4410", d.id.encode()):
        assert value not in pages
    assert erasure_marker(d.id).encode() in pages


def test_the_cli_says_what_it_left_out(
    pair, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    a, b, b_in_a, _ = pair
    d = _closed_dossier_with_scan(a, b_in_a)
    out = tmp_path / "x.wkox"
    _hand_over(a, b, b_in_a, out, d.id)
    purge(b, d.id)
    b.close()
    # The partner sends the dossier again, in a new file (the old one changes nothing anyway).
    out = tmp_path / "again.wkox"
    Exporter(a).export([d.id], out, recipients=[b_in_a])
    monkeypatch.setenv("WKO_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("LANGUAGE", "en")
    assert main(["--vault", str(b.path), "import", str(out), "--dry-run", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["left_out_erased_dossiers"] == 1
    assert main(["--vault", str(b.path), "import", str(out), "--yes"]) == 0
    assert "deleted here for good" in capsys.readouterr().out
