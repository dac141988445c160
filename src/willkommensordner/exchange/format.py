"""The content of an export file: `manifest.json`, its signature, `records.json`.

Both JSON files are checked field by field on import (the JSON Schema in
docs/exchange-format.schema.json describes the same rules); record bodies are then validated
by the domain models, so nothing malformed reaches the vault.

`format_version` is the major version: a file of a higher one is refused. Within a major
version, a newer minor version may add optional fields and record kinds: fields and kinds this
version does not know are kept aside as they came (`Incoming.extra`, `Foreign`), so that they
travel on untouched instead of the whole file being refused.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from willkommensordner.domain.kinds import RECORD_TYPES
from willkommensordner.domain.record import RecordKind
from willkommensordner.errors import Incompatible, InvalidInput
from willkommensordner.exchange.keys import PublicIdentity, unb64url
from willkommensordner.exchange.scope import ExportScope
from willkommensordner.i18n import N_, Message
from willkommensordner.vault.audit_chain import ChainLink

FORMAT = "willkommensordner-exchange"
FORMAT_VERSION = 1  # the major version: files of another one are not read
FORMAT_MINOR = 2  # optional additions within the major version (0: files without the field)
RECORDS_FORMAT = "willkommensordner-records"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
RECORDS = "records.json"
ATTACHMENTS = "attachments/"
_SHA = re.compile(r"^[0-9a-f]{64}$")
_ID = re.compile(r"^[0-9A-Za-z-]{1,64}$")
_KIND = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_FINGERPRINT = re.compile(r"^[0-9A-F]{4}( [0-9A-F]{4}){5}$")
# Nesting the format itself needs is shallow; anything deeper is refused before json reads it.
MAX_DEPTH = 32
_RECORD_KEYS = frozenset({"kind", "id", "dossier_id", "body", "revision"})
_REVISION_KEYS = frozenset(
    {"created", "modified", "author", "agency", "device", "version", "deleted"}
)
BAD_MANIFEST = N_("The file's description (manifest) is not valid.")
BAD_RECORDS = N_("The records in the file are not valid ({reason}).")
# The details name the record's position and the JSON field (a name of the format, the same
# in every language), or say in words what is wrong.
_AT_RECORD = N_("record {number}: {detail}")
_NOT_JSON = N_("not valid JSON")
_NOT_A_RECORD = N_("not a record")
_TWICE = N_("the same id twice")
_TOMBSTONE_CONTENT = N_("a deleted record with content")
_TOO_DEEP = N_("nested too deeply")


def canonical(data: Any) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


_STRUCTURE = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def bounded_loads(data: bytes | bytearray, *, max_depth: int = MAX_DEPTH) -> Any:
    """`json.loads` for input nobody vouched for yet: nesting deeper than `max_depth` is
    refused by a scan of the brackets first, so the decoder never recurses into it.
    (The size is bounded by the archive reader's limits before the bytes get here.)"""
    try:
        text = bytes(data).decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError("not UTF-8") from None
    depth = 0
    for match in _STRUCTURE.finditer(text):
        char = match.group()
        if char in "[{":
            depth += 1
            if depth > max_depth:
                raise ValueError("nested too deeply")
        elif char in "]}":
            depth -= 1
    return json.loads(text)


def depth_within(value: Any, limit: int = MAX_DEPTH) -> bool:
    """Whether a decoded value nests no deeper than `limit` (walked without recursion)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > limit:
                return False
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return True


@dataclass(frozen=True, slots=True)
class RemoteRevision:
    created: str
    modified: str
    counsellor: str
    agency: str
    device: str
    version: dict[str, int]
    deleted: bool

    def with_version(self, version: dict[str, int]) -> RemoteRevision:
        return RemoteRevision(
            self.created,
            self.modified,
            self.counsellor,
            self.agency,
            self.device,
            version,
            self.deleted,
        )

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
    """One record as the file carries it. Tombstones carry an empty body.

    `extra` holds what a newer minor version added and this one does not know, as it came:
    `{"record": {...}, "body": {...}, "revision": {...}}`, each part only when not empty."""

    kind: RecordKind
    id: str
    dossier_id: str
    body: dict[str, Any]
    revision: RemoteRevision
    extra: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Foreign:
    """A record of a kind this version does not know: kept whole and passed on untouched."""

    kind: str
    id: str
    dossier_id: str
    raw: dict[str, Any]
    revision: RemoteRevision

    def with_version(self, version: dict[str, int]) -> Foreign:
        raw = {**self.raw, "revision": {**self.raw["revision"], "version": version}}
        revision = self.revision.with_version(version)
        return Foreign(self.kind, self.id, self.dossier_id, raw, revision)


@dataclass(frozen=True, slots=True)
class RecordsFile:
    records: list[Incoming]
    foreign: list[Foreign]
    # Each dossier's history as hash-chain links (since minor 2; absent in older files).
    histories: dict[str, tuple[ChainLink, ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Entry:
    name: str
    sha256: str
    size: int


@dataclass(frozen=True, slots=True)
class Addressee:
    """A recipient as the signed manifest names it; the fingerprint is what counts."""

    name: str
    fingerprint: str


@dataclass(frozen=True, slots=True)
class Manifest:
    raw: dict[str, Any]
    file_id: str
    created: str
    sender: PublicIdentity
    sender_agency: str  # what the file claims; we name the sender from our address book
    sender_device: str
    scope: ExportScope
    entries: dict[str, Entry]
    minor: int = 0
    sequence: int | None = None  # per sender, rising with every file it makes
    recipients: tuple[Addressee, ...] = ()
    # Who else, by fingerprint, the sender handed each dossier of the file to.
    handovers: tuple[tuple[str, str], ...] = ()

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


def manifest_signing_key(data: bytes | bytearray) -> bytes:
    """The sender's key from a manifest whose signature is not checked yet: read with the
    nesting bounded, and a newer major version is reported as such."""
    raw = _bounded_manifest(data)
    _check_version(raw)
    sender = raw.get("sender")
    _require(isinstance(sender, dict))
    signing = sender.get("signing_key")
    _require(isinstance(signing, str) and len(signing) <= 64)
    key = unb64url(signing)
    _require(len(key) == 32)
    return key


def _bounded_manifest(data: bytes | bytearray) -> Any:
    try:
        raw = bounded_loads(data)
    except (ValueError, RecursionError):
        raise InvalidInput(BAD_MANIFEST) from None
    _require(isinstance(raw, dict) and raw.get("format") == FORMAT)
    return raw


def _check_version(raw: Any) -> int:
    version = raw.get("format_version")
    _require(isinstance(version, int) and not isinstance(version, bool) and version >= 1)
    assert isinstance(version, int)
    if version > FORMAT_VERSION:
        raise Incompatible(
            N_("This file was made by a newer version of the app. Please update the app.")
        )
    minor = raw.get("format_minor", 0)
    _require(isinstance(minor, int) and not isinstance(minor, bool) and minor >= 0)
    assert isinstance(minor, int)
    return minor


def _count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**63


def parse_manifest(data: bytes | bytearray) -> Manifest:
    """The manifest, field by field; call it once the signature over `data` is checked."""
    raw = _bounded_manifest(data)
    minor = _check_version(raw)
    sender = raw.get("sender")
    _require(isinstance(sender, dict))
    recipient, signing = sender.get("age_recipient"), sender.get("signing_key")
    _require(isinstance(recipient, str) and isinstance(signing, str))
    public = PublicIdentity.parse(f"wko1:{recipient}:{signing}")
    _require(len(unb64url(signing)) == 32)
    agency, device = sender.get("agency"), sender.get("device")
    _require(isinstance(agency, str) and len(agency) <= 500)
    _require(isinstance(device, str) and 0 < len(device) <= 64)
    file_id, created = raw.get("file_id"), raw.get("created")
    _require(isinstance(file_id, str) and bool(_ID.match(file_id)) and _is_time(created))
    sequence = raw.get("sequence")
    _require(sequence is None or _count(sequence))
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
        sender_device=device,
        scope=ExportScope.from_json(raw.get("scope")),
        entries=entries,
        minor=minor,
        sequence=sequence,
        recipients=_addressees(raw.get("recipients")),
        handovers=_handovers(raw.get("handovers", [])),
    )


def _histories(listed: Any) -> dict[str, tuple[ChainLink, ...]]:
    _require(isinstance(listed, list))
    out: dict[str, tuple[ChainLink, ...]] = {}
    for item in listed:
        _require(isinstance(item, dict))
        dossier_id, links = item.get("dossier_id"), item.get("links")
        _require(isinstance(dossier_id, str) and bool(_ID.match(dossier_id)))
        _require(isinstance(links, list) and dossier_id not in out)
        chain: list[ChainLink] = []
        for entry in links:
            _require(isinstance(entry, dict))
            digest, link = entry.get("digest"), entry.get("chain")
            _require(isinstance(digest, str) and bool(_SHA.match(digest)))
            _require(isinstance(link, str) and bool(_SHA.match(link)))
            chain.append(ChainLink(digest, link))
        out[dossier_id] = tuple(chain)
    return out


def _addressees(listed: Any) -> tuple[Addressee, ...]:
    _require(isinstance(listed, list) and len(listed) <= 1000)
    out: list[Addressee] = []
    for item in listed:
        _require(isinstance(item, dict))
        name, fingerprint = item.get("name"), item.get("fingerprint")
        _require(isinstance(name, str) and len(name) <= 500)
        _require(isinstance(fingerprint, str) and bool(_FINGERPRINT.match(fingerprint)))
        out.append(Addressee(name, fingerprint))
    return tuple(out)


def _handovers(listed: Any) -> tuple[tuple[str, str], ...]:
    _require(isinstance(listed, list))
    out: list[tuple[str, str]] = []
    for item in listed:
        _require(isinstance(item, dict))
        dossier_id, to = item.get("dossier_id"), item.get("to")
        _require(isinstance(dossier_id, str) and bool(_ID.match(dossier_id)))
        _require(isinstance(to, str) and bool(_FINGERPRINT.match(to)))
        out.append((dossier_id, to))
    return tuple(out)


def record_json(incoming: Incoming) -> dict[str, Any]:
    extra = incoming.extra
    return {
        **extra.get("record", {}),
        "kind": incoming.kind.value,
        "id": incoming.id,
        "dossier_id": incoming.dossier_id,
        "body": {**extra.get("body", {}), **incoming.body},
        "revision": {**extra.get("revision", {}), **incoming.revision.to_json()},
    }


def records_document(
    records: list[str], histories: dict[str, list[ChainLink]] | None = None
) -> bytes:
    """The records file from records already written as JSON text (see `record_json`), and
    each dossier's history chain."""
    head = f'{{"format":"{RECORDS_FORMAT}","version":{FORMAT_VERSION},"records":['
    tail = "]"
    if histories is not None:
        listed = [
            {"dossier_id": d, "links": [link.as_json() for link in links]}
            for d, links in histories.items()
        ]
        tail += ',"histories":' + json.dumps(listed, separators=(",", ":"))
    return (head + ",".join(records) + tail + "}").encode("utf-8")


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


def parse_records(data: bytes | bytearray) -> RecordsFile:
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
    out = RecordsFile([], [])
    for n, item in enumerate(raw["records"]):
        incoming = _record(item, n)
        if incoming.id in seen:
            raise _bad(Message(_TWICE), n)
        seen.add(incoming.id)
        if isinstance(incoming, Foreign):
            out.foreign.append(incoming)
        else:
            out.records.append(incoming)
    try:
        out.histories.update(_histories(raw.get("histories", [])))
    except InvalidInput:
        raise _bad("histories") from None
    return out


def _unknown(raw: dict[str, Any], known: frozenset[str] | set[str], where: int) -> dict[str, Any]:
    extra = {k: v for k, v in raw.items() if k not in known}
    if not depth_within(extra):
        raise _bad(Message(_TOO_DEEP), where)
    return extra


def _record(item: Any, n: int) -> Incoming | Foreign:
    where = n
    if not isinstance(item, dict) or not set(item) >= _RECORD_KEYS:
        raise _bad(Message(_NOT_A_RECORD), where)
    record_id, dossier_id, body = item["id"], item["dossier_id"], item["body"]
    if not (isinstance(record_id, str) and _ID.match(record_id)):
        raise _bad("id", where)
    if not (isinstance(dossier_id, str) and _ID.match(dossier_id)):
        raise _bad("dossier_id", where)
    revision, revision_extra = _revision(item["revision"], where)
    if not isinstance(body, dict):
        raise _bad("body", where)
    if revision.deleted and body:
        raise _bad(Message(_TOMBSTONE_CONTENT), where)
    try:
        kind = RecordKind(item["kind"])
    except (ValueError, TypeError):
        if not (isinstance(item["kind"], str) and _KIND.match(item["kind"])):
            raise _bad("kind", where) from None
        if record_id == dossier_id or not depth_within(item):
            raise _bad("kind", where) from None
        return Foreign(item["kind"], record_id, dossier_id, item, revision)
    if kind is RecordKind.DOSSIER and dossier_id != record_id:
        raise _bad("dossier_id", where)
    extra: dict[str, dict[str, Any]] = {}
    record_extra = _unknown(item, _RECORD_KEYS, where)
    if record_extra:
        extra["record"] = record_extra
    if revision_extra:
        extra["revision"] = revision_extra
    if not revision.deleted:
        cls = RECORD_TYPES[kind]
        body_extra = _unknown(body, set(cls.model_fields) - {"id", "dossier_id"}, where)
        if body_extra:
            extra["body"] = body_extra
        known = {k: v for k, v in body.items() if k not in body_extra}
        ids = {} if kind is RecordKind.DOSSIER else {"dossier_id": dossier_id}
        try:
            body = cls.from_body(record_id, known, **ids).body()
        except (ValidationError, ValueError, TypeError):
            raise _bad(kind.value, where) from None
    return Incoming(kind, record_id, dossier_id, body, revision, extra)


def _revision(raw: Any, where: int) -> tuple[RemoteRevision, dict[str, Any]]:
    if not isinstance(raw, dict) or not set(raw) >= _REVISION_KEYS:
        raise _bad("revision", where)
    version = raw["version"]
    # Empty: a record passed on whose changes no device we can vouch for made (see merge).
    if not isinstance(version, dict) or len(version) > 10_000:
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
    revision = RemoteRevision(
        raw["created"],
        raw["modified"],
        raw["author"],
        raw["agency"],
        raw["device"],
        dict(version),
        raw["deleted"],
    )
    return revision, _unknown(raw, _REVISION_KEYS, where)
