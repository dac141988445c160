"""Taking real export files apart and putting them back together changed, to test refusals."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pyrage

from willkommensordner.exchange.age_files import read_all
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
