"""The published JSON Schemas of an export file: `manifest.json` and `records.json`.

The body of every record kind is described by the domain model that validates it on import
(domain/kinds.py), so a new kind or field reaches the published schema with the code. Run
`python -m willkommensordner.exchange.schema docs` to write both files; a test checks that the
committed files are current and that real exports validate against them.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic.json_schema import models_json_schema

from willkommensordner.domain.kinds import RECORD_TYPES
from willkommensordner.domain.record import RecordKind
from willkommensordner.exchange.format import FORMAT, FORMAT_MINOR, FORMAT_VERSION, RECORDS_FORMAT

RECORDS_FILE = "exchange-format.schema.json"
MANIFEST_FILE = "exchange-manifest.schema.json"
_BASE = "https://willkommensordner.example/schemas"
_ID = {"type": "string", "pattern": "^[0-9A-Za-z-]{1,64}$"}
_SHA256 = {"type": "string", "pattern": "^[0-9a-f]{64}$"}
_TIME = {"type": "string", "description": "ISO 8601 date-time with offset"}
_FINGERPRINT = {
    "type": "string",
    "pattern": "^[0-9A-F]{4}( [0-9A-F]{4}){5}$",
    "description": "see exchange-format.md, 'Keys, fingerprint and signature'",
}
_COUNT = {"type": "integer", "minimum": 0}


def _body_defs() -> tuple[dict[str, str], dict[str, Any]]:
    """Per kind the name of its body schema, and the definitions (pydantic's, without ids)."""
    models = [(cls, "serialization") for cls in RECORD_TYPES.values()]
    refs, schema = models_json_schema(models, ref_template="#/$defs/{model}")  # type: ignore[arg-type]
    defs: dict[str, Any] = schema["$defs"]
    names: dict[str, str] = {}
    for kind, cls in RECORD_TYPES.items():
        ref = refs[(cls, "serialization")]["$ref"]
        name = ref.rsplit("/", 1)[1]
        body = defs[name]
        # The identity travels beside the body (`id`, `dossier_id`), never inside it.
        for key in ("id", "dossier_id"):
            body["properties"].pop(key, None)
            if key in body.get("required", []):
                body["required"].remove(key)
        # A later minor version may add optional fields; readers keep them (exchange-format.md).
        body.pop("additionalProperties", None)
        body["description"] = f"body of a live record of kind '{kind.value}' ({cls.__name__})"
        names[kind.value] = name
    return names, defs


def records_schema() -> dict[str, Any]:
    names, defs = _body_defs()
    by_kind = [
        {
            "if": {"properties": {"kind": {"const": kind}}},
            "then": {"properties": {"body": {"$ref": f"#/$defs/{name}"}}},
        }
        for kind, name in names.items()
    ]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{_BASE}/exchange-records-{FORMAT_VERSION}.json",
        "title": "Willkommensordner digital: records.json of an export file"
        f" (format version {FORMAT_VERSION})",
        "description": "The records of one export file. Generated from the app's domain models"
        " (python -m willkommensordner.exchange.schema); deleted records (tombstones) carry"
        " an empty body.",
        "type": "object",
        "additionalProperties": False,
        "required": ["format", "version", "records"],
        "properties": {
            "format": {"const": RECORDS_FORMAT},
            "version": {"const": FORMAT_VERSION},
            "records": {"type": "array", "items": {"$ref": "#/$defs/record"}},
            "histories": {
                "description": "since minor 2: each dossier's history as a hash chain, so the"
                " receiver sees whether an entry was changed or removed before the export."
                " chain = sha256(previous chain || digest), as bytes; the first previous"
                " chain is sha256('willkommensordner audit chain' NUL dossier_id)",
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["dossier_id", "links"],
                    "properties": {
                        "dossier_id": _ID,
                        "links": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["digest", "chain"],
                                "properties": {
                                    "digest": {
                                        **_SHA256,
                                        "description": "sha256 of the entry's content as"
                                        " stored when the file was written",
                                    },
                                    "chain": {
                                        **_SHA256,
                                        "description": "the link stored with the entry",
                                    },
                                },
                            },
                        },
                    },
                },
            },
        },
        "$defs": {
            "id": _ID,
            "timestamp": _TIME,
            "kind": {
                "description": "a kind this version knows (known_kinds) or one a later minor"
                " version added, which a reader keeps and passes on untouched",
                "type": "string",
                "pattern": "^[a-z][a-z0-9_]{0,39}$",
            },
            "known_kinds": {"enum": [kind.value for kind in RecordKind]},
            "revision": {
                "type": "object",
                "description": "fields a later minor version adds are kept and passed on",
                "required": [
                    *("created", "modified", "author", "agency", "device", "version", "deleted")
                ],
                "properties": {
                    "created": {"$ref": "#/$defs/timestamp"},
                    "modified": {"$ref": "#/$defs/timestamp"},
                    "author": {"type": "string", "maxLength": 500},
                    "agency": {"type": "string", "maxLength": 500},
                    "device": {"type": "string", "maxLength": 500},
                    "version": {
                        "description": "version vector: installation id -> changes made there;"
                        " empty for a record passed on whose changes the sender cannot vouch for",
                        "type": "object",
                        "maxProperties": 10000,
                        "propertyNames": {"minLength": 1, "maxLength": 64},
                        "additionalProperties": {
                            "type": "integer",
                            "minimum": 1,
                            "maximum": 2**53 - 1,
                        },
                    },
                    "deleted": {"type": "boolean"},
                },
            },
            "record": {
                "type": "object",
                "description": "fields a later minor version adds are kept and passed on",
                "required": ["kind", "id", "dossier_id", "body", "revision"],
                "properties": {
                    "kind": {"$ref": "#/$defs/kind"},
                    "id": {"$ref": "#/$defs/id"},
                    "dossier_id": {"$ref": "#/$defs/id", "description": "= id for a dossier"},
                    "body": {"type": "object"},
                    "revision": {"$ref": "#/$defs/revision"},
                },
                "if": {"properties": {"revision": {"properties": {"deleted": {"const": True}}}}},
                "then": {"properties": {"body": {"maxProperties": 0}}},
                "else": {
                    "if": {"properties": {"kind": {"$ref": "#/$defs/known_kinds"}}},
                    "then": {"allOf": by_kind},
                },
            },
            **defs,
        },
    }


def manifest_schema() -> dict[str, Any]:
    kinds = {"enum": [kind.value for kind in RecordKind]}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{_BASE}/exchange-manifest-{FORMAT_VERSION}.json",
        "title": "Willkommensordner digital: manifest.json of an export file"
        f" (format version {FORMAT_VERSION})",
        "description": "What an export file holds, signed as its exact bytes (manifest.sig)."
        " Every field this version writes is described; see exchange-format.md.",
        "type": "object",
        "required": [
            *("format", "format_version", "file_id", "created", "sender", "scope", "entries")
        ],
        "properties": {
            "format": {"const": FORMAT},
            "format_version": {
                "type": "integer",
                "minimum": 1,
                "description": "the major version: a reader refuses a higher one",
            },
            "format_minor": {
                "type": "integer",
                "minimum": 0,
                "description": f"optional additions within the major version (this one writes"
                f" {FORMAT_MINOR}; absent means 0)",
            },
            "app_version": {"type": "string"},
            "file_id": _ID,
            "sequence": {
                "type": "integer",
                "minimum": 1,
                "maximum": 2**63 - 1,
                "description": "rises with every file of this sender; an older or repeated"
                " sequence changes nothing",
            },
            "created": _TIME,
            "sender": {
                "type": "object",
                "required": ["agency", "device", "age_recipient", "signing_key"],
                "properties": {
                    "agency": {"type": "string", "description": "as the sender names itself"},
                    "device": {"type": "string"},
                    "age_recipient": {"type": "string", "pattern": "^age1[0-9a-z]+$"},
                    "signing_key": {
                        "type": "string",
                        "pattern": "^[A-Za-z0-9_-]{43}$",
                        "description": "Ed25519 public key, 32 bytes, unpadded base64url",
                    },
                    "fingerprint": _FINGERPRINT,
                },
            },
            "recipients": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["name", "fingerprint"],
                    "properties": {"name": {"type": "string"}, "fingerprint": _FINGERPRINT},
                },
            },
            "encryption": {"enum": ["recipients", "passphrase"]},
            "scope": {
                "type": "object",
                "required": ["kinds", "sensitive_notes", "scans"],
                "properties": {
                    "kinds": {"type": "array", "items": kinds, "uniqueItems": True},
                    "sensitive_notes": {"type": "boolean"},
                    "scans": {"type": "boolean"},
                },
            },
            "consents": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["dossier_id", "consent_id", "recipient"],
                    "properties": {
                        "dossier_id": _ID,
                        "consent_id": _ID,
                        "recipient": _FINGERPRINT,
                    },
                },
            },
            "override": {"type": "boolean"},
            "counts": {
                "type": "object",
                "properties": {
                    "dossiers": _COUNT,
                    "records": {
                        "type": "object",
                        "propertyNames": kinds,
                        "additionalProperties": _COUNT,
                    },
                    "tombstones": _COUNT,
                    "attachments": _COUNT,
                },
            },
            "handovers": {
                "description": "partners the sender handed these dossiers to before (they may"
                " change them too)",
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["dossier_id", "to"],
                    "properties": {"dossier_id": _ID, "to": _FINGERPRINT},
                },
            },
            "sync": {
                "description": "only in change bundles of a shared folder (docs/sync.md): the"
                " bundle's place in the sender's gapless sequence for one recipient; a reader"
                " checks it against the file's path",
                "type": "object",
                "required": ["recipient", "sequence"],
                "properties": {
                    "recipient": _FINGERPRINT,
                    "sequence": {"type": "integer", "minimum": 1},
                },
            },
            "entries": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["name", "sha256", "size"],
                    "properties": {
                        "name": {
                            "type": "string",
                            "pattern": "^(records\\.json|attachments/[0-9a-f]{64})$",
                        },
                        "sha256": _SHA256,
                        "size": _COUNT,
                    },
                },
            },
        },
    }


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def main(argv: Sequence[str]) -> int:
    folder = Path(argv[0]) if argv else Path("docs")
    (folder / RECORDS_FILE).write_text(render(records_schema()), encoding="utf-8")
    (folder / MANIFEST_FILE).write_text(render(manifest_schema()), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
