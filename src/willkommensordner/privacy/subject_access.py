""" "Everything we hold" about a person (Art. 15 DSGVO), as one machine-readable document.

It holds every record of the dossier with its storage metadata, also parts deleted so far
only as tombstones, the full change history and the attached files. Sensitive answers are
included: the person has the right to see them.
"""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime
from typing import Any

from willkommensordner import __version__
from willkommensordner.errors import NotFound
from willkommensordner.i18n import N_
from willkommensordner.vault.vault import Vault

FORMAT = "willkommensordner-subject-access"
FORMAT_VERSION = 1
_META = "created, modified, author, agency, device, version, deleted"


def _meta(row: tuple[Any, ...]) -> dict[str, Any]:
    created, modified, author, agency, device, version, deleted = row
    return {
        "created": created,
        "modified": modified,
        "counsellor": author,
        "agency": agency,
        "device": device,
        "version": json.loads(version),
        "deleted": bool(deleted),
    }


def subject_access(
    vault: Vault, dossier_id: str, *, include_attachments: bool = True
) -> dict[str, Any]:
    row = vault.db.execute(
        f"SELECT body, {_META} FROM dossier WHERE id = ?", (dossier_id,)
    ).fetchone()
    if row is None:
        raise NotFound(N_("There is no dossier with the id {id}."), id=dossier_id)
    parts: dict[str, list[dict[str, Any]]] = {}
    for rid, kind, body, *meta in vault.db.query(
        f"SELECT id, kind, body, {_META} FROM record WHERE dossier_id = ? ORDER BY rowid",
        (dossier_id,),
    ):
        parts.setdefault(kind, []).append({"id": rid, **json.loads(body), "_stored": _meta(meta)})
    history = [e.as_json() for e in vault.audit.for_dossier(dossier_id)]
    # Kept as a newer app version of a partner sent it: the person's data too.
    extras = {
        rid: json.loads(extra)
        for rid, extra in vault.db.query(
            "SELECT record_id, extra FROM exchange_extra WHERE dossier_id = ?", (dossier_id,)
        )
    }
    foreign = [
        json.loads(record)
        for (record,) in vault.db.query(
            "SELECT record FROM exchange_foreign WHERE dossier_id = ? ORDER BY id", (dossier_id,)
        )
    ]
    shas = sorted(
        {a["sha256"] for doc in parts.get("document", []) for a in doc.get("attachments", [])}
        | {c["form"]["sha256"] for c in parts.get("consent", []) if c.get("form")}
    )
    attachments = []
    for sha in shas:
        blob = vault.db.execute(
            "SELECT media_type, size, data FROM blob WHERE sha256 = ?", (sha,)
        ).fetchone()
        if blob is None:
            continue
        entry: dict[str, Any] = {"sha256": sha, "media_type": blob[0], "size": blob[1]}
        if include_attachments:
            entry["data_base64"] = base64.b64encode(bytes(blob[2])).decode("ascii")
        attachments.append(entry)
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "app_version": __version__,
        "vault_id": vault.vault_id,
        "dossier": {"id": dossier_id, **json.loads(row[0]), "_stored": _meta(row[1:])},
        "parts": parts,
        "kept_for_newer_versions": {"fields": extras, "records": foreign},
        "history": history,
        "attachments": attachments,
    }
