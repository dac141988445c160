"""Deciding, record by record, what an import does: never a silent last-write-wins.

Version vectors say whether a side has seen the other's change: if only they changed the record
we take theirs, if only we did we keep ours, and if both did since the copies last met, both
versions are kept as a conflict for the counsellor to settle field by field.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from willkommensordner.domain.record import RecordKind
from willkommensordner.domain.revision import Order, compare
from willkommensordner.errors import InvalidInput
from willkommensordner.exchange.format import Incoming
from willkommensordner.i18n import N_
from willkommensordner.vault.database import Database
from willkommensordner.vault.erasure import erased_among

_BATCH = 500


class Outcome(StrEnum):
    NEW = "new"  # we did not have it
    UPDATE = "update"  # theirs is newer
    KEEP = "keep"  # ours is newer
    UNCHANGED = "unchanged"  # the same version, or a conflict already recorded
    CONVERGED = "converged"  # both changed it the same way: only the version vectors join
    CONFLICT = "conflict"  # both changed it differently
    ERASED = "erased"  # its dossier was deleted here for good: left out


@dataclass(frozen=True, slots=True)
class Local:
    kind: RecordKind
    dossier_id: str
    body: dict[str, Any]
    version: dict[str, int]
    deleted: bool


@dataclass(frozen=True, slots=True)
class Decision:
    incoming: Incoming
    outcome: Outcome
    local: Local | None


def load_local(db: Database, ids: list[str]) -> dict[str, Local]:
    found: dict[str, Local] = {}
    for start in range(0, len(ids), _BATCH):
        batch = ids[start : start + _BATCH]
        marks = ",".join("?" * len(batch))
        for rid, body, version, deleted in db.query(
            f"SELECT id, body, version, deleted FROM dossier WHERE id IN ({marks})", batch
        ):
            found[rid] = Local(
                RecordKind.DOSSIER, rid, json.loads(body), json.loads(version), bool(deleted)
            )
        for rid, kind, dossier_id, body, version, deleted in db.query(
            "SELECT id, kind, dossier_id, body, version, deleted FROM record"
            f" WHERE id IN ({marks})",
            batch,
        ):
            found[rid] = Local(
                RecordKind(kind), dossier_id, json.loads(body), json.loads(version), bool(deleted)
            )
    return found


def open_conflict_versions(db: Database, ids: list[str]) -> dict[str, list[dict[str, int]]]:
    out: dict[str, list[dict[str, int]]] = {}
    for start in range(0, len(ids), _BATCH):
        batch = ids[start : start + _BATCH]
        marks = ",".join("?" * len(batch))
        for rid, version in db.query(
            "SELECT record_id, theirs_version FROM exchange_conflict"
            f" WHERE resolved_at IS NULL AND record_id IN ({marks})",
            batch,
        ):
            out.setdefault(rid, []).append(json.loads(version))
    return out


def same_content(local: Local, incoming: Incoming) -> bool:
    if local.deleted or incoming.revision.deleted:
        return local.deleted and incoming.revision.deleted
    return local.body == incoming.body


def decide(incoming: Incoming, local: Local | None, recorded: list[dict[str, int]]) -> Outcome:
    if local is None:
        return Outcome.NEW
    if local.kind is not incoming.kind or local.dossier_id != incoming.dossier_id:
        raise InvalidInput(
            N_("The file contains record {id}, which belongs to a different dossier here."),
            id=incoming.id,
        )
    order = compare(local.version, incoming.revision.version)
    if order is Order.EQUAL:
        return Outcome.UNCHANGED
    if order is Order.AFTER:
        return Outcome.KEEP
    if order is Order.BEFORE:
        return Outcome.UPDATE
    if same_content(local, incoming):
        return Outcome.CONVERGED
    theirs = incoming.revision.version
    if any(compare(v, theirs) in (Order.EQUAL, Order.AFTER) for v in recorded):
        return Outcome.UNCHANGED
    return Outcome.CONFLICT


def plan(db: Database, records: list[Incoming]) -> list[Decision]:
    """Decisions for every incoming record, dossiers first; refuses parts of unknown dossiers.

    Records of a dossier this vault deleted for good are left out, whatever their versions:
    a partner's older copy must not undo a deletion the retention rules required."""
    erased = erased_among(db, {r.dossier_id for r in records})
    kept = [r for r in records if r.dossier_id not in erased]
    ids = [r.id for r in kept]
    local = load_local(db, ids)
    recorded = open_conflict_versions(db, ids)
    incoming_dossiers = {r.id for r in kept if r.kind is RecordKind.DOSSIER}
    missing = {
        r.dossier_id
        for r in kept
        if r.kind is not RecordKind.DOSSIER and r.dossier_id not in incoming_dossiers
    }
    if missing:
        known = set(load_local(db, sorted(missing)))
        unknown = sorted(missing - known)
        if unknown:
            raise InvalidInput(
                N_("The file contains parts of dossier {id}, which neither it nor this vault has."),
                id=unknown[0],
            )
    records = [_with_our_withheld_answers(r, local.get(r.id)) for r in records]
    ordered = sorted(records, key=lambda r: r.kind is not RecordKind.DOSSIER)
    return [
        Decision(r, Outcome.ERASED, None)
        if r.dossier_id in erased
        else Decision(r, decide(r, local.get(r.id), recorded.get(r.id, [])), local.get(r.id))
        for r in ordered
    ]


def _with_our_withheld_answers(incoming: Incoming, local: Local | None) -> Incoming:
    """An analysis that comes back without the answers we held back gets ours again.

    The partner never had them, so their absence is not a deletion; the merged copy keeps
    naming as withheld only those answers this installation was not given either."""
    if incoming.kind is not RecordKind.ANALYSIS or incoming.revision.deleted:
        return incoming
    held = incoming.body.get("withheld") or []
    if not held or local is None or local.deleted:
        return incoming
    ours = local.body.get("answers") or {}
    answers = dict(incoming.body.get("answers") or {})
    answers.update({k: ours[k] for k in held if k in ours})
    still = [k for k in held if k not in ours and k in (local.body.get("withheld") or [])]
    return replace(incoming, body={**incoming.body, "answers": answers, "withheld": still})
