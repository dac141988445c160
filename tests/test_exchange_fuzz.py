"""Mutated export files fed to the importer: only clear errors, never a crash or half an import."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pyrage
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.exchange_forge import open_export, sign, tar_bytes
from tests.exchange_support import (
    add_document_with_scan,
    add_dossier,
    add_note,
    full_state,
    give_consent,
    introduce,
    make_vault,
)
from willkommensordner.errors import UserError
from willkommensordner.exchange.exporter import Exporter
from willkommensordner.exchange.importer import Importer
from willkommensordner.exchange.keys import AgencyIdentity

FUZZ = settings(
    max_examples=160,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    tmp = tmp_path_factory.mktemp("fuzz")
    a = make_vault(tmp, "a", "Sozialamt")
    b = make_vault(tmp, "b", "Jobcenter")
    b_in_a, _ = introduce(a, b)
    d = add_dossier(a)
    add_note(a, d.id, "Kita-Platz beantragt")
    add_document_with_scan(a, d.id)
    give_consent(a, d.id, b_in_a)
    good = tmp / "good.wkox"
    Exporter(a).export([d.id], good, recipients=[b_in_a])
    reader = AgencyIdentity.load_or_create(b.db)
    yield {
        "b": b,
        "tmp": tmp,
        "cipher": good.read_bytes(),
        "plain": tar_bytes(open_export(good, reader)),
        "entries": open_export(good, reader),
        "sender": AgencyIdentity.load_or_create(a.db),
        "reader": reader,
    }
    a.close()
    b.close()


def _import(world: dict[str, Any], data: bytes) -> None:
    path: Path = world["tmp"] / "mutant.wkox"
    path.write_bytes(data)
    b = world["b"]
    before = full_state(b)
    try:
        Importer(b).apply(path, confirm_unverified_sender=True)
    except UserError as exc:
        assert exc.message()
        assert full_state(b) == before
    else:
        # Accepted: then it was a whole, valid file and everything of it is there.
        assert b.db.scalar("SELECT count(*) FROM exchange_import") >= 1


def _seal(world: dict[str, Any], plain: bytes) -> bytes:
    return pyrage.encrypt(plain, [world["reader"].age_identity.to_public()])


@FUZZ
@given(data=st.data())
def test_mutated_ciphertext(world, data: st.DataObject) -> None:  # type: ignore[no-untyped-def]
    cipher = bytearray(world["cipher"])
    kind = data.draw(st.sampled_from(["flip", "cut", "insert", "zero"]))
    pos = data.draw(st.integers(0, len(cipher) - 1))
    if kind == "flip":
        cipher[pos] ^= data.draw(st.integers(1, 255))
    elif kind == "cut":
        del cipher[pos:]
    elif kind == "insert":
        cipher[pos:pos] = data.draw(st.binary(min_size=1, max_size=64))
    else:
        cipher[pos : pos + 600] = bytes(len(cipher[pos : pos + 600]))
    _import(world, bytes(cipher))


@FUZZ
@given(data=st.data())
def test_mutated_archive_inside_valid_encryption(world, data: st.DataObject) -> None:  # type: ignore[no-untyped-def]
    plain = bytearray(world["plain"])
    for _ in range(data.draw(st.integers(1, 4))):
        kind = data.draw(st.sampled_from(["flip", "cut", "insert"]))
        pos = data.draw(st.integers(0, max(0, len(plain) - 1)))
        if kind == "flip" and plain:
            plain[pos] ^= data.draw(st.integers(1, 255))
        elif kind == "cut":
            del plain[pos:]
        else:
            plain[pos:pos] = data.draw(st.binary(min_size=1, max_size=600))
    _import(world, _seal(world, bytes(plain)))


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


@FUZZ
@given(data=st.data())
def test_signed_files_with_wrong_records(world, data: st.DataObject) -> None:  # type: ignore[no-untyped-def]
    """The sender's signature is valid, the content is not: the record checks must hold."""
    entries = list(world["entries"])
    doc = json.loads(dict(entries)["records.json"])
    records = doc["records"]
    record = records[data.draw(st.integers(0, len(records) - 1))]
    where = data.draw(st.sampled_from(["body", "revision", "record", "top"]))
    target = {"body": record["body"], "revision": record["revision"], "record": record, "top": doc}[
        where
    ]
    key = data.draw(st.sampled_from([*sorted(target), "extra"]))
    if data.draw(st.booleans()):
        target[key] = data.draw(_json)
    else:
        target.pop(key, None)
    new = json.dumps(doc).encode()
    manifest = json.loads(dict(entries)["manifest.json"])
    for entry in manifest["entries"]:
        if entry["name"] == "records.json":
            entry.update(sha256=hashlib.sha256(new).hexdigest(), size=len(new))
    entries = [
        (
            n,
            json.dumps(manifest).encode()
            if n == "manifest.json"
            else new
            if n == "records.json"
            else d,
        )
        for n, d in entries
    ]
    _import(world, _seal(world, tar_bytes(sign(entries, world["sender"]))))
