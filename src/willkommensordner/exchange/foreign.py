"""What a newer minor version of the format added, kept here only to be passed on untouched:
fields of records we know (beside the record, never in it) and records of kinds we do not know.

Merging them follows the version vectors as far as the sender vouches for them; with no way
to show such a record, a change on both sides keeps ours, and a deletion waits until someone
accepts the partner's deletions."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from willkommensordner.domain.revision import Order, compare
from willkommensordner.exchange.authority import SenderRights, effective_version
from willkommensordner.exchange.format import Foreign, Incoming
from willkommensordner.exchange.merge import Outcome, local_dossiers
from willkommensordner.vault.database import Database
from willkommensordner.vault.erasure import erased_among

_BATCH = 500


@dataclass(frozen=True, slots=True)
class ForeignDecision:
    foreign: Foreign
    outcome: Outcome


def _in_batches(db: Database, sql: str, ids: list[str]) -> list[tuple[Any, ...]]:
    rows: list[tuple[Any, ...]] = []
    for start in range(0, len(ids), _BATCH):
        batch = ids[start : start + _BATCH]
        marks = ",".join("?" * len(batch))
        rows += db.query(sql.replace("{marks}", marks), batch)
    return rows


class ForeignStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    # --- importing -------------------------------------------------------------------------

    def plan(
        self,
        foreign: list[Foreign],
        rights: SenderRights,
        file_dossiers: set[str],
        *,
        accept_deletions: bool = False,
    ) -> list[ForeignDecision]:
        if not foreign:
            return []
        dossiers = {f.dossier_id for f in foreign}
        erased = erased_among(self._db, dossiers)
        ours = local_dossiers(self._db, dossiers)
        local = {
            rid: (json.loads(version), bool(deleted))
            for rid, version, deleted in _in_batches(
                self._db,
                "SELECT id, version, deleted FROM exchange_foreign WHERE id IN ({marks})",
                [f.id for f in foreign],
            )
        }
        out: list[ForeignDecision] = []
        for f in foreign:
            if f.dossier_id in erased:
                out.append(ForeignDecision(f, Outcome.ERASED))
                continue
            if f.dossier_id not in ours and f.dossier_id not in file_dossiers:
                out.append(ForeignDecision(f, Outcome.REFUSED))
                continue
            if f.dossier_id in ours and not rights.may_change(f.dossier_id):
                out.append(ForeignDecision(f, Outcome.REFUSED))
                continue
            mine = local.get(f.id)
            vouched = effective_version(f.id, f.revision.version, mine[0] if mine else None, rights)
            f = f.with_version(vouched)
            if mine is None:
                out.append(ForeignDecision(f, Outcome.NEW))
                continue
            order = compare(mine[0], vouched)
            deletes = f.revision.deleted and not mine[1]
            if order is Order.BEFORE and not (deletes and not accept_deletions):
                out.append(ForeignDecision(f, Outcome.UPDATE))
            elif order is Order.EQUAL:
                out.append(ForeignDecision(f, Outcome.UNCHANGED))
            else:
                out.append(ForeignDecision(f, Outcome.KEEP))
        return out

    def apply(self, decisions: list[ForeignDecision]) -> None:
        for d in decisions:
            if d.outcome not in (Outcome.NEW, Outcome.UPDATE):
                continue
            f = d.foreign
            self._db.execute(
                "INSERT OR REPLACE INTO exchange_foreign(id, dossier_id, kind, record, version,"
                " deleted) VALUES (?,?,?,?,?,?)",
                (
                    f.id,
                    f.dossier_id,
                    f.kind,
                    json.dumps(f.raw, ensure_ascii=False),
                    json.dumps(f.revision.version),
                    int(f.revision.deleted),
                ),
            )

    def keep_extra(self, incoming: Incoming) -> None:
        """The unknown fields of the version of `incoming` just written (none: forgotten)."""
        if incoming.extra:
            self._db.execute(
                "INSERT OR REPLACE INTO exchange_extra(record_id, dossier_id, extra)"
                " VALUES (?,?,?)",
                (incoming.id, incoming.dossier_id, json.dumps(incoming.extra, ensure_ascii=False)),
            )
        else:
            self._db.execute("DELETE FROM exchange_extra WHERE record_id = ?", (incoming.id,))

    # --- exporting -------------------------------------------------------------------------

    def extras(self, dossier_ids: list[str]) -> dict[str, dict[str, dict[str, Any]]]:
        rows = _in_batches(
            self._db,
            "SELECT record_id, extra FROM exchange_extra WHERE dossier_id IN ({marks})",
            dossier_ids,
        )
        return {rid: json.loads(extra) for rid, extra in rows}

    def records(self, dossier_ids: list[str]) -> list[str]:
        """The kept records of unknown kinds, as JSON text, exactly as they came."""
        rows = _in_batches(
            self._db,
            "SELECT record FROM exchange_foreign WHERE dossier_id IN ({marks}) ORDER BY id",
            dossier_ids,
        )
        return [r[0] for r in rows]
