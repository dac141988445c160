"""Taking real export files apart and putting them back together changed, to test refusals."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyrage

from willkommensordner.exchange.age_files import read_all
from willkommensordner.exchange.format import canonical
from willkommensordner.exchange.keys import AgencyIdentity, b64url
from willkommensordner.exchange.tar_stream import end_of_archive, entry_header, padding

Entries = list[tuple[str, bytes]]


def open_export(path: Path, reader: AgencyIdentity) -> Entries:
    plain = read_all(path, reader.age_identity)
    with tarfile.open(fileobj=io.BytesIO(plain), mode="r:") as tar:
        return [(m.name, tar.extractfile(m).read()) for m in tar.getmembers()]  # type: ignore[union-attr]


def tar_bytes(entries: Entries, extra_headers: list[bytes] | None = None) -> bytes:
    out = bytearray()
    for name, data in entries:
        out += entry_header(name, len(data), 0) + data + padding(len(data))
    for header in extra_headers or []:
        out += header
    out += end_of_archive(len(out))
    return bytes(out)


def sign(entries: Entries, sender: AgencyIdentity) -> Entries:
    """Sign the manifest entry again (after changing it) with the sender's key."""
    manifest = dict(entries)["manifest.json"]
    signature = b64url(sender.sign(manifest)).encode() + b"\n"
    return [(n, signature if n == "manifest.sig" else d) for n, d in entries]


def seal(plain: bytes, recipient: AgencyIdentity, out: Path) -> Path:
    out.write_bytes(pyrage.encrypt(plain, [recipient.age_identity.to_public()]))
    return out


# --- a hostile partner's workshop: real files, changed and signed again with its own key ---


def records_of(entries: Entries) -> dict[str, Any]:
    return json.loads(dict(entries)["records.json"])  # type: ignore[no-any-return]


def manifest_of(entries: Entries) -> dict[str, Any]:
    return json.loads(dict(entries)["manifest.json"])  # type: ignore[no-any-return]


def rebuilt(
    entries: Entries,
    signer: AgencyIdentity,
    *,
    records: dict[str, Any] | None = None,
    manifest: Callable[[dict[str, Any]], None] | None = None,
) -> Entries:
    """The entries with other records (the manifest lists their new hash and size) and a
    changed manifest, signed by `signer` as the format asks (canonical JSON)."""
    data = dict(entries)
    if records is not None:
        data["records.json"] = json.dumps(records, ensure_ascii=False).encode()
    head = manifest_of(entries)
    for entry in head["entries"]:
        if entry["name"] == "records.json":
            entry["sha256"] = hashlib.sha256(data["records.json"]).hexdigest()
            entry["size"] = len(data["records.json"])
    if manifest is not None:
        manifest(head)
    data["manifest.json"] = canonical(head)
    return sign([(n, data[n]) for n, _ in entries], signer)


def forge(out: Path, entries: Entries, recipient: AgencyIdentity) -> Path:
    return seal(tar_bytes(entries), recipient, out)
