"""Deciding, record by record, what an import does: never a silent last-write-wins.

Version vectors say whether a side has seen the other's change: if only they changed the record
we take theirs, if only we did we keep ours, and if both did since the copies last met, both
versions are kept as a conflict for the counsellor to settle field by field.

A file's vectors are read only as far as its sender can vouch for them (see `authority`), and
a partner's deletion of a record that is live here waits as a conflict until someone accepts it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from willkommensordner.domain.record import RecordKind
from willkommensordner.domain.revision import Order, compare
from willkommensordner.errors import InvalidInput
from willkommensordner.exchange.authority import SenderRights, effective_version
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
    REFUSED = "refused"  # its dossier here was never handed to the sender: left out


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


def decide(
    incoming: Incoming,
    local: Local | None,
    recorded: list[dict[str, int]],
    *,
    accept_deletions: bool = False,
) -> Outcome:
    """`incoming` carries the vector as far as its sender vouches for it."""
    if local is None:
        return Outcome.NEW
    if local.kind is not incoming.kind or local.dossier_id != incoming.dossier_id:
        raise InvalidInput(
            N_("The file contains record {id}, which belongs to a different dossier here."),
            id=incoming.id,
        )
    theirs = incoming.revision.version
    order = compare(local.version, theirs)
    if order is Order.AFTER:
        return Outcome.KEEP
    same = same_content(local, incoming)
    deletes = incoming.revision.deleted and not local.deleted
    if order is Order.EQUAL and same:
        return Outcome.UNCHANGED
    if order is Order.BEFORE and not (deletes and not accept_deletions):
        return Outcome.UPDATE
    if order is Order.CONCURRENT and same:
        return Outcome.CONVERGED
    # Both changed it; or they deleted what is live here; or their content differs with no
    # change they can vouch for (counters of other devices only): the counsellor decides.
    if any(compare(v, theirs) in (Order.EQUAL, Order.AFTER) for v in recorded):
        return Outcome.UNCHANGED
    return Outcome.CONFLICT


def local_dossiers(db: Database, dossier_ids: set[str]) -> set[str]:
    ids = sorted(dossier_ids)
    found: set[str] = set()
    for start in range(0, len(ids), _BATCH):
        batch = ids[start : start + _BATCH]
        found.update(
            r[0]
            for r in db.query(
                f"SELECT id FROM dossier WHERE id IN ({','.join('?' * len(batch))})", batch
            )
        )
    return found


def plan(
    db: Database,
    records: list[Incoming],
    rights: SenderRights,
    *,
    accept_deletions: bool = False,
) -> list[Decision]:
    """Decisions for every incoming record, dossiers first; refuses parts of unknown dossiers.

    Records of a dossier this vault deleted for good are left out, whatever their versions:
    a partner's older copy must not undo a deletion the retention rules required. Records of
    a dossier we have and the sender was never given are left out too."""
    erased = erased_among(db, {r.dossier_id for r in records})
    kept = [r for r in records if r.dossier_id not in erased]
    ids = [r.id for r in kept]
    local = load_local(db, ids)
    recorded = open_conflict_versions(db, ids)
    incoming_dossiers = {r.id for r in kept if r.kind is RecordKind.DOSSIER}
    ours = local_dossiers(db, {r.dossier_id for r in kept})
    missing = {
        r.dossier_id
        for r in kept
        if r.kind is not RecordKind.DOSSIER and r.dossier_id not in incoming_dossiers
    }
    unknown = sorted(missing - ours)
    if unknown:
        raise InvalidInput(
            N_("The file contains parts of dossier {id}, which neither it nor this vault has."),
            id=unknown[0],
        )
    refused = {d for d in ours if not rights.may_change(d)}
    decisions: list[Decision] = []
    for r in sorted(records, key=lambda r: r.kind is not RecordKind.DOSSIER):
        mine = local.get(r.id)
        if r.dossier_id in erased:
            decisions.append(Decision(r, Outcome.ERASED, None))
            continue
        if r.dossier_id in refused:
            decisions.append(Decision(r, Outcome.REFUSED, mine))
            continue
        r = _with_our_withheld_answers(r, mine)
        vouched = effective_version(
            r.id, r.revision.version, mine.version if mine else None, rights
        )
        r = replace(r, revision=r.revision.with_version(vouched))
        outcome = decide(r, mine, recorded.get(r.id, []), accept_deletions=accept_deletions)
        decisions.append(Decision(r, outcome, mine))
    return decisions


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
