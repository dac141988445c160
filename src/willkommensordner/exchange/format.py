"""The content of an export file: `manifest.json`, its signature, `records.json`.

Both JSON files are checked field by field on import (the JSON Schema in
docs/exchange-format.schema.json describes the same rules); record bodies are then validated
by the domain models, so nothing malformed reaches the vault.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from willkommensordner.domain.kinds import RECORD_TYPES
from willkommensordner.domain.record import RecordKind
from willkommensordner.errors import Incompatible, InvalidInput
from willkommensordner.exchange.keys import PublicIdentity, unb64url
from willkommensordner.exchange.scope import ExportScope
from willkommensordner.i18n import N_, Message

FORMAT = "willkommensordner-exchange"
FORMAT_VERSION = 1
RECORDS_FORMAT = "willkommensordner-records"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
RECORDS = "records.json"
ATTACHMENTS = "attachments/"
_SHA = re.compile(r"^[0-9a-f]{64}$")
_ID = re.compile(r"^[0-9A-Za-z-]{1,64}$")
BAD_MANIFEST = N_("The file's description (manifest) is not valid.")
BAD_RECORDS = N_("The records in the file are not valid ({reason}).")
# The details name the record's position and the JSON field (a name of the format, the same
# in every language), or say in words what is wrong.
_AT_RECORD = N_("record {number}: {detail}")
_NOT_JSON = N_("not valid JSON")
_NOT_A_RECORD = N_("not a record")
_TWICE = N_("the same id twice")
_TOMBSTONE_CONTENT = N_("a deleted record with content")


def canonical(data: Any) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


@dataclass(frozen=True, slots=True)
class RemoteRevision:
    created: str
    modified: str
    counsellor: str
    agency: str
    device: str
    version: dict[str, int]
    deleted: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "modified": self.modified,
            "author": self.counsellor,
            "agency": self.agency,
            "device": self.device,
            "version": self.version,
            "deleted": self.deleted,
        }


@dataclass(frozen=True, slots=True)
class Incoming:
    """One record as the file carries it. Tombstones carry an empty body."""

    kind: RecordKind
    id: str
    dossier_id: str
    body: dict[str, Any]
    revision: RemoteRevision


@dataclass(frozen=True, slots=True)
class Entry:
    name: str
    sha256: str
    size: int


@dataclass(frozen=True, slots=True)
class Manifest:
    raw: dict[str, Any]
    file_id: str
    created: str
    sender: PublicIdentity
    sender_agency: str
    scope: ExportScope
    entries: dict[str, Entry]

    @property
    def attachment_entries(self) -> list[Entry]:
        return [e for e in self.entries.values() if e.name.startswith(ATTACHMENTS)]


def _require(ok: bool, message: str = BAD_MANIFEST, **params: object) -> None:
    if not ok:
        raise InvalidInput(message, **params)


def _is_time(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def parse_manifest(data: bytes | bytearray) -> Manifest:
    try:
        raw = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        raise InvalidInput(BAD_MANIFEST) from None
    _require(isinstance(raw, dict) and raw.get("format") == FORMAT)
    version = raw.get("format_version")
    _require(isinstance(version, int) and not isinstance(version, bool) and version >= 1)
    if version > FORMAT_VERSION:
        raise Incompatible(
            N_("This file was made by a newer version of the app. Please update the app.")
        )
    sender = raw.get("sender")
    _require(isinstance(sender, dict))
    recipient, signing = sender.get("age_recipient"), sender.get("signing_key")
    _require(isinstance(recipient, str) and isinstance(signing, str))
    public = PublicIdentity.parse(f"wko1:{recipient}:{signing}")
    _require(len(unb64url(signing)) == 32)
    agency = sender.get("agency")
    _require(isinstance(agency, str))
    file_id, created = raw.get("file_id"), raw.get("created")
    _require(isinstance(file_id, str) and bool(_ID.match(file_id)) and _is_time(created))
    entries: dict[str, Entry] = {}
    listed = raw.get("entries")
    _require(isinstance(listed, list))
    for item in listed:
        _require(isinstance(item, dict))
        name, sha, size = item.get("name"), item.get("sha256"), item.get("size")
        _require(isinstance(name, str) and isinstance(sha, str) and bool(_SHA.match(sha)))
        _require(isinstance(size, int) and not isinstance(size, bool) and size >= 0)
        _require(name == RECORDS or name == ATTACHMENTS + sha)
        _require(name not in entries)
        entries[name] = Entry(name, sha, size)
    _require(RECORDS in entries)
    return Manifest(
        raw=raw,
        file_id=file_id,
        created=created,
        sender=public,
        sender_agency=agency,
        scope=ExportScope.from_json(raw.get("scope")),
        entries=entries,
    )


def record_json(incoming: Incoming) -> dict[str, Any]:
    return {
        "kind": incoming.kind.value,
        "id": incoming.id,
        "dossier_id": incoming.dossier_id,
        "body": incoming.body,
        "revision": incoming.revision.to_json(),
    }


def records_document(records: list[str]) -> bytes:
    """The records file from records already written as JSON text (see `record_json`)."""
    head = f'{{"format":"{RECORDS_FORMAT}","version":{FORMAT_VERSION},"records":['
    return (head + ",".join(records) + "]}").encode("utf-8")


def _bad(detail: str | Message, number: int | None = None) -> InvalidInput:
    """`detail`: a field name of the format, or a message; `number`: which record."""
    reason = detail if number is None else Message(_AT_RECORD, {"number": number, "detail": detail})
    return InvalidInput(BAD_RECORDS, reason=reason)


_DECODER = json.JSONDecoder()
_SPACE = re.compile(r"[ \t\n\r]*")


def _skip_space(text: str, pos: int) -> int:
    match = _SPACE.match(text, pos)
    assert match is not None  # the pattern matches the empty string
    return match.end()


def _top_level(text: str) -> dict[str, Any]:
    """The records document, its `records` array decoded one element at a time.

    One `json.loads` of a file with a thousand dossiers holds the GIL for a fifth of a second,
    and the import runs beside the GUI thread; record by record, the GUI stays responsive."""
    pos = _skip_space(text, 0)

    def expect(char: str) -> None:
        nonlocal pos
        if text[pos : pos + 1] != char:
            raise ValueError(f"expected {char!r}")
        pos = _skip_space(text, pos + 1)

    def value() -> Any:
        nonlocal pos
        found, end = _DECODER.raw_decode(text, pos)
        pos = _skip_space(text, end)
        return found

    out: dict[str, Any] = {}
    expect("{")
    while text[pos : pos + 1] != "}":
        if out:
            expect(",")
        key = value()
        if not isinstance(key, str) or key in out:
            raise ValueError("bad key")
        expect(":")
        if key == "records" and text[pos : pos + 1] == "[":
            items: list[Any] = []
            expect("[")
            while text[pos : pos + 1] != "]":
                if items:
                    expect(",")
                items.append(value())
            expect("]")
            out[key] = items
        else:
            out[key] = value()
    expect("}")
    if pos != len(text):
        raise ValueError("trailing data")
    return out


def parse_records(data: bytes | bytearray) -> list[Incoming]:
    """Every record checked: structure, revision, and the body against its domain model."""
    try:
        raw = _top_level(data.decode("utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise _bad(Message(_NOT_JSON)) from None
    if not isinstance(raw, dict) or raw.get("format") != RECORDS_FORMAT:
        raise _bad("format")
    if raw.get("version") != FORMAT_VERSION or not isinstance(raw.get("records"), list):
        raise _bad("version")
    seen: set[str] = set()
    out: list[Incoming] = []
    for n, item in enumerate(raw["records"]):
        incoming = _record(item, n)
        if incoming.id in seen:
            raise _bad(Message(_TWICE), n)
        seen.add(incoming.id)
        out.append(incoming)
    return out


def _record(item: Any, n: int) -> Incoming:
    where = n
    if not isinstance(item, dict) or set(item) != {"kind", "id", "dossier_id", "body", "revision"}:
        raise _bad(Message(_NOT_A_RECORD), where)
    try:
        kind = RecordKind(item["kind"])
    except (ValueError, TypeError):
        raise _bad("kind", where) from None
    record_id, dossier_id, body = item["id"], item["dossier_id"], item["body"]
    if not (isinstance(record_id, str) and _ID.match(record_id)):
        raise _bad("id", where)
    if not (isinstance(dossier_id, str) and _ID.match(dossier_id)):
        raise _bad("dossier_id", where)
    if kind is RecordKind.DOSSIER and dossier_id != record_id:
        raise _bad("dossier_id", where)
    revision = _revision(item["revision"], where)
    if not isinstance(body, dict):
        raise _bad("body", where)
    if revision.deleted:
        if body:
            raise _bad(Message(_TOMBSTONE_CONTENT), where)
    else:
        cls = RECORD_TYPES[kind]
        ids = {} if kind is RecordKind.DOSSIER else {"dossier_id": dossier_id}
        try:
            body = cls.from_body(record_id, body, **ids).body()
        except (ValidationError, ValueError, TypeError):
            raise _bad(kind.value, where) from None
    return Incoming(kind, record_id, dossier_id, body, revision)


def _revision(raw: Any, where: int) -> RemoteRevision:
    keys = {"created", "modified", "author", "agency", "device", "version", "deleted"}
    if not isinstance(raw, dict) or set(raw) != keys:
        raise _bad("revision", where)
    version = raw["version"]
    if not isinstance(version, dict) or not version or len(version) > 10_000:
        raise _bad("version", where)
    for device, counter in version.items():
        if not (isinstance(device, str) and 0 < len(device) <= 64):
            raise _bad("version", where)
        if not (isinstance(counter, int) and not isinstance(counter, bool) and 0 < counter < 2**53):
            raise _bad("version", where)
    for key in ("author", "agency", "device"):
        if not isinstance(raw[key], str) or len(raw[key]) > 500:
            raise _bad(key, where)
    if not (_is_time(raw["created"]) and _is_time(raw["modified"])):
        raise _bad("created/modified", where)
    if not isinstance(raw["deleted"], bool):
        raise _bad("deleted", where)
    return RemoteRevision(
        raw["created"],
        raw["modified"],
        raw["author"],
        raw["agency"],
        raw["device"],
        dict(version),
        raw["deleted"],
    )
