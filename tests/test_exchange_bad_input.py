"""Every way an export file can be wrong: a clear message, and the vault stays as it was."""

from __future__ import annotations

import hashlib
import json
import tarfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.exchange_forge import Entries, open_export, seal, sign, tar_bytes
from tests.exchange_support import (
    add_document_with_scan,
    add_dossier,
    add_note,
    full_state,
    give_consent,
    introduce,
    make_vault,
)
from willkommensordner.errors import Incompatible, InvalidInput, LockedError, UserError
from willkommensordner.exchange.exporter import Exporter, Passphrase
from willkommensordner.exchange.importer import Importer
from willkommensordner.exchange.keys import AgencyIdentity
from willkommensordner.exchange.tar_stream import Limits


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    tmp = tmp_path_factory.mktemp("bad")
    a = make_vault(tmp, "a", "Sozialamt")
    b = make_vault(tmp, "b", "Jobcenter")
    c = make_vault(tmp, "c", "Diakonie")
    b_in_a, _ = introduce(a, b)
    c_in_a, _ = introduce(a, c)
    d = add_dossier(a)
    add_note(a, d.id, "Sprachkurs ab März")
    add_document_with_scan(a, d.id)
    give_consent(a, d.id, b_in_a)
    give_consent(a, d.id, c_in_a)
    good = tmp / "good.wkox"
    Exporter(a).export([d.id], good, recipients=[b_in_a])
    yield {
        "a": a,
        "b": b,
        "c": c,
        "good": good,
        "tmp": tmp,
        "sender": AgencyIdentity.load_or_create(a.db),
        "reader": AgencyIdentity.load_or_create(b.db),
        "b_in_a": b_in_a,
        "c_in_a": c_in_a,
        "dossier": d,
    }
    for v in (a, b, c):
        v.close()


def refused(
    s: dict[str, Any], path: Path, error: type[UserError] = InvalidInput, **kw: Any
) -> UserError:
    b = s["b"]
    before = full_state(b)
    importer = Importer(b, limits=kw.pop("limits", None))
    with pytest.raises(error) as info:
        importer.preview(path, **kw)
    with pytest.raises(error):
        importer.apply(path, confirm_unverified_sender=True, **kw)
    assert full_state(b) == before
    assert info.value.message()  # a message a person can read
    return info.value


def forged(
    s: dict[str, Any],
    name: str,
    change: Callable[[Entries], Entries],
    resign: bool = True,
    extra: list[bytes] | None = None,
) -> Path:
    entries = change(open_export(s["good"], s["reader"]))
    if resign:
        entries = sign(entries, s["sender"])
    return seal(tar_bytes(entries, extra), s["reader"], s["tmp"] / name)


def _replace(entries: Entries, name: str, data: bytes, fix_hash: bool = True) -> Entries:
    out = [(n, data if n == name else d) for n, d in entries]
    if fix_hash:
        manifest = json.loads(dict(out)["manifest.json"])
        for entry in manifest["entries"]:
            if entry["name"] == name:
                entry["sha256"] = hashlib.sha256(data).hexdigest()
                entry["size"] = len(data)
        out = [(n, json.dumps(manifest).encode() if n == "manifest.json" else d) for n, d in out]
    return out


def _records(entries: Entries) -> dict[str, Any]:
    return json.loads(dict(entries)["records.json"])


def test_the_good_file_is_accepted(setup) -> None:  # type: ignore[no-untyped-def]
    preview = Importer(setup["b"]).preview(setup["good"])
    assert len(preview.new_dossiers) == 1


def test_file_for_another_agency(setup) -> None:  # type: ignore[no-untyped-def]
    s = setup
    other = s["tmp"] / "for-c.wkox"
    Exporter(s["a"]).export([s["dossier"].id], other, recipients=[s["c_in_a"]])
    err = refused(s, other, LockedError)
    assert "not encrypted for this installation" in err.message()


def test_wrong_passphrase(setup) -> None:  # type: ignore[no-untyped-def]
    s = setup
    path = s["tmp"] / "pw.wkox"
    Exporter(s["a"]).export(
        [s["dossier"].id], path, passphrase=Passphrase("das richtige Wort", s["b_in_a"])
    )
    refused(s, path, LockedError, passphrase="das falsche Wort")
    refused(s, path, LockedError)  # no passphrase given at all


def test_truncated_file(setup) -> None:  # type: ignore[no-untyped-def]
    s = setup
    data = s["good"].read_bytes()
    for n, cut in enumerate((len(data) - 1, len(data) // 2, 200, 30, 0)):
        path = s["tmp"] / f"cut{n}.wkox"
        path.write_bytes(data[:cut])
        refused(s, path)


def test_one_flipped_byte(setup) -> None:  # type: ignore[no-untyped-def]
    s = setup
    data = bytearray(s["good"].read_bytes())
    for n, pos in enumerate((len(data) // 2, len(data) - 5, 60)):
        changed = bytearray(data)
        changed[pos] ^= 0x01
        path = s["tmp"] / f"flip{n}.wkox"
        path.write_bytes(bytes(changed))
        refused(s, path, (InvalidInput, LockedError))  # type: ignore[arg-type]


def test_records_changed_after_signing(setup) -> None:  # type: ignore[no-untyped-def]
    s = setup

    def change(entries: Entries) -> Entries:
        doc = _records(entries)
        doc["records"][0]["body"]["city"] = "Anderswo"
        return _replace(entries, "records.json", json.dumps(doc).encode(), fix_hash=False)

    err = refused(s, forged(s, "hash.wkox", change))
    assert "does not match its description" in err.message()


def test_manifest_changed_without_signature(setup) -> None:  # type: ignore[no-untyped-def]
    s = setup

    def change(entries: Entries) -> Entries:
        manifest = json.loads(dict(entries)["manifest.json"])
        manifest["sender"]["agency"] = "Someone else"
        return [
            (n, json.dumps(manifest).encode() if n == "manifest.json" else d) for n, d in entries
        ]

    err = refused(s, forged(s, "sig.wkox", change, resign=False))
    assert "signature" in err.message()


def test_signature_by_another_key(setup) -> None:  # type: ignore[no-untyped-def]
    s = setup
    entries = sign(open_export(s["good"], s["reader"]), AgencyIdentity.generate())
    refused(s, seal(tar_bytes(entries), s["reader"], s["tmp"] / "otherkey.wkox"))


def test_unsigned_file(setup) -> None:  # type: ignore[no-untyped-def]
    s = setup
    path = forged(
        s, "unsigned.wkox", lambda e: [x for x in e if x[0] != "manifest.sig"], resign=False
    )
    refused(s, path)


def test_future_format_version(setup) -> None:  # type: ignore[no-untyped-def]
    s = setup

    def change(entries: Entries) -> Entries:
        manifest = json.loads(dict(entries)["manifest.json"])
        manifest["format_version"] = 99
        return [
            (n, json.dumps(manifest).encode() if n == "manifest.json" else d) for n, d in entries
        ]

    err = refused(s, forged(s, "future.wkox", change), Incompatible)
    assert "newer version" in err.message()


@pytest.mark.parametrize("name", ["../evil", "/etc/passwd", "attachments/../../x", "notes.txt"])
def test_paths_outside_the_archive(setup, name: str) -> None:  # type: ignore[no-untyped-def]
    s = setup
    path = forged(s, "path.wkox", lambda e: [*e, (name, b"x")])
    refused(s, path)


def test_symlink_entry(setup) -> None:  # type: ignore[no-untyped-def]
    s = setup
    link = tarfile.TarInfo("records.json")
    link.type = tarfile.SYMTYPE
    link.linkname = "/etc/passwd"
    header = link.tobuf(format=tarfile.USTAR_FORMAT)
    path = forged(s, "link.wkox", lambda e: e[:2], extra=[header])
    err = refused(s, path)
    assert "links" in err.message()


def test_duplicate_entries(setup) -> None:  # type: ignore[no-untyped-def]
    s = setup
    path = forged(s, "dup.wkox", lambda e: [*e, e[2]])
    err = refused(s, path)
    assert "twice" in err.message()


def test_entry_and_total_size_limits(setup) -> None:  # type: ignore[no-untyped-def]
    s = setup
    refused(s, s["good"], limits=Limits(max_attachment_bytes=100))
    refused(s, s["good"], limits=Limits(max_total_bytes=1000))
    refused(s, s["good"], limits=Limits(max_records_bytes=100))
    refused(s, s["good"], limits=Limits(max_entries=2))


def test_invalid_json(setup) -> None:  # type: ignore[no-untyped-def]
    s = setup
    path = forged(s, "json.wkox", lambda e: _replace(e, "records.json", b'{"format": "willkommens'))
    err = refused(s, path)
    assert "not valid" in err.message()
    path = forged(
        s, "mjson.wkox", lambda e: [(n, b"{nope" if n == "manifest.json" else d) for n, d in e]
    )
    refused(s, path)


@pytest.mark.parametrize(
    "mutate",
    [
        lambda r: r["records"][0]["body"].update(family_name=42),
        # Unknown fields and kinds are kept (format evolution), but not nested without end,
        # and a dossier's kind must be known.
        lambda r: r["records"][0]["body"].update(unknown_field=json.loads("[" * 40 + "]" * 40)),
        lambda r: r["records"][0].update(kind="spaceship"),
        lambda r: r["records"][0]["revision"].update(version={"dev": -1}),
        lambda r: r["records"][0]["revision"].update(deleted="yes"),
        lambda r: r["records"][1].update(id=r["records"][0]["id"]),
        lambda r: r.update(version=2),
        lambda r: r["records"][1]["body"].update(written_at="gestern"),
    ],
)
def test_schema_violations(setup, mutate: Callable[[dict[str, Any]], None]) -> None:  # type: ignore[no-untyped-def]
    s = setup

    def change(entries: Entries) -> Entries:
        doc = _records(entries)
        mutate(doc)
        return _replace(entries, "records.json", json.dumps(doc).encode())

    refused(s, forged(s, "schema.wkox", change))


def test_records_of_an_unknown_dossier(setup) -> None:  # type: ignore[no-untyped-def]
    s = setup

    def change(entries: Entries) -> Entries:
        doc = _records(entries)
        doc["records"] = [r for r in doc["records"] if r["kind"] != "dossier"]
        return _replace(entries, "records.json", json.dumps(doc).encode())

    err = refused(s, forged(s, "orphan.wkox", change))
    assert "neither it nor this vault has" in err.message()


def test_not_an_age_file(setup) -> None:  # type: ignore[no-untyped-def]
    s = setup
    path = s["tmp"] / "plain.wkox"
    path.write_bytes(b"%PDF-1.4 not an export")
    refused(s, path)
