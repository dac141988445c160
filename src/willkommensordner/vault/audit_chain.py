"""The history as a hash chain per dossier, so that a changed or removed entry shows.

Each audit row carries `chain = sha256(previous chain || digest of its own content)`; the first
row of a dossier links to a start value derived from the dossier id. `audit_head` keeps the last
link and the number of rows per dossier, so that also removing the newest rows shows. Someone
with the vault key can still rewrite the whole chain from the start: what they cannot do
unnoticed is change the history a partner already received (exports carry the chain segment
and the receiver checks it) or change one entry without rewriting all later ones.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from willkommensordner.i18n import N_
from willkommensordner.vault.database import Database

INTACT = N_("The history is intact: no entry was changed or removed.")
BROKEN = N_(
    "The history of this dossier was changed outside the app: an entry was altered or removed."
    " Tell your data protection officer."
)

_START = b"willkommensordner audit chain\x00"
_HEX = re.compile(r"^[0-9a-f]{64}$")
# What goes into an entry's digest, in this order; `chain` itself is not part of it.
CONTENT = "at, dossier_id, kind, record_id, action, field, old, new, author, agency, device"
INSERT = f"INSERT INTO audit({CONTENT}, chain) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"


@dataclass(frozen=True, slots=True)
class ChainLink:
    """One entry as an export carries it: the digest of its content and its stored link."""

    digest: str
    chain: str

    def as_json(self) -> dict[str, str]:
        return {"digest": self.digest, "chain": self.chain}


@dataclass(frozen=True, slots=True)
class ChainBreak:
    """The first entry of a dossier's history that does not match; `position` counts from 1.
    `at` is the time the entry claims (None when entries are missing at the end)."""

    dossier_id: str | None
    position: int
    at: str | None


def start(dossier_id: str | None) -> str:
    return hashlib.sha256(_START + (dossier_id or "").encode("utf-8")).hexdigest()


def digest(row: Sequence[Any]) -> str:
    """The digest of one row's content columns (in CONTENT order)."""
    text = json.dumps(list(row), ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def link(previous: str, entry_digest: str) -> str:
    return hashlib.sha256(bytes.fromhex(previous) + bytes.fromhex(entry_digest)).hexdigest()


def _key(dossier_id: str | None) -> str:
    return dossier_id or ""


def append(db: Database, rows: Iterable[Sequence[Any]]) -> None:
    """Insert audit rows (CONTENT columns) with their links; call inside a transaction."""
    heads: dict[str, tuple[str, int]] = {}
    out: list[tuple[Any, ...]] = []
    for row in rows:
        dossier_id = row[1]
        key = _key(dossier_id)
        if key not in heads:
            found = db.execute(
                "SELECT chain, entries FROM audit_head WHERE dossier_key = ?", (key,)
            ).fetchone()
            heads[key] = (found[0], found[1]) if found else (start(dossier_id), 0)
        previous, entries = heads[key]
        chain = link(previous, digest(row))
        heads[key] = (chain, entries + 1)
        out.append((*row, chain))
    if not out:
        return
    db.executemany(INSERT, out)
    db.executemany(
        "INSERT INTO audit_head(dossier_key, chain, entries) VALUES (?,?,?)"
        " ON CONFLICT(dossier_key) DO UPDATE SET chain = excluded.chain,"
        " entries = excluded.entries",
        [(key, chain, entries) for key, (chain, entries) in heads.items()],
    )


def forget(db: Database, dossier_id: str) -> None:
    """The dossier's whole history goes (erasure, anonymisation): so does its chain."""
    db.execute("DELETE FROM audit WHERE dossier_id = ?", (dossier_id,))
    db.execute("DELETE FROM audit_head WHERE dossier_key = ?", (_key(dossier_id),))


def rebuild(db: Database) -> None:
    """Link every existing row in order (for vaults from before the chain)."""
    db.execute("DELETE FROM audit_head")
    rows = db.query(f"SELECT rowid, {CONTENT} FROM audit ORDER BY rowid")
    heads: dict[str, tuple[str, int]] = {}
    updates: list[tuple[str, int]] = []
    for rowid, *content in rows:
        key = _key(content[1])
        previous, entries = heads.get(key, (start(content[1]), 0))
        chain = link(previous, digest(content))
        heads[key] = (chain, entries + 1)
        updates.append((chain, rowid))
    db.executemany("UPDATE audit SET chain = ? WHERE rowid = ?", updates)
    db.executemany(
        "INSERT INTO audit_head(dossier_key, chain, entries) VALUES (?,?,?)",
        [(key, chain, entries) for key, (chain, entries) in heads.items()],
    )


def segment(db: Database, dossier_id: str) -> list[ChainLink]:
    """The dossier's history as links, for an export: digests recomputed from what is stored
    now, links as stored, so a receiver sees where the two part."""
    rows = db.query(
        f"SELECT {CONTENT}, chain FROM audit WHERE dossier_id = ? ORDER BY rowid",
        (dossier_id,),
    )
    return [ChainLink(digest(row[:-1]), row[-1] or "") for row in rows]


def first_break_in(dossier_id: str | None, links: Sequence[ChainLink]) -> int | None:
    """Position (from 1) of the first link that does not follow from the ones before."""
    previous = start(dossier_id)
    for position, entry in enumerate(links, start=1):
        if not (_HEX.match(entry.digest) and _HEX.match(entry.chain)):
            return position
        if link(previous, entry.digest) != entry.chain:
            return position
        previous = entry.chain
    return None


def verify(db: Database, dossier_id: str | None = None) -> list[ChainBreak]:
    """Every dossier's chain (or one's), and the head that says how long it is; the first
    break of each."""
    where, params = ("WHERE dossier_id = ?", (dossier_id,)) if dossier_id else ("", ())
    head_where = "WHERE dossier_key = ?" if dossier_id else ""
    heads = {
        key: (chain, entries)
        for key, chain, entries in db.query(
            f"SELECT dossier_key, chain, entries FROM audit_head {head_where}",
            params,
        )
    }
    rows = db.query(
        f"SELECT {CONTENT}, chain FROM audit {where} ORDER BY dossier_id, rowid",
        params,
    )
    breaks: list[ChainBreak] = []
    walked: dict[str, tuple[str | None, str, int, bool]] = {}
    for row in rows:
        key = _key(row[1])
        owner, previous, position, broken = walked.get(key, (row[1], start(row[1]), 0, False))
        position += 1
        if not broken:
            expected = link(previous, digest(row[:-1]))
            if row[-1] != expected:
                breaks.append(ChainBreak(owner, position, row[0]))
                broken = True
            previous = expected
        walked[key] = (owner, previous, position, broken)
    for key, (owner, previous, position, broken) in walked.items():
        if not broken and heads.get(key) != (previous, position):
            breaks.append(ChainBreak(owner, position + 1, None))
    for key in sorted(set(heads) - set(walked)):
        breaks.append(ChainBreak(key or None, 1, None))
    return breaks
