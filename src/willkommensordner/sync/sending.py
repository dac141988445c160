"""Writing our bundles: for each member, what changed since the bundle before, in sequence.

A bundle's number and the changes it covers are recorded as pending before the file is
written and as sent once it has its final name; a crash in between is resolved on the next
run by looking for the file, so a number is never used for two different files.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from willkommensordner.exchange.authority import Holders
from willkommensordner.exchange.exporter import Exporter, ExportPlan
from willkommensordner.exchange.keys import AgencyIdentity
from willkommensordner.exchange.scope import ExportScope
from willkommensordner.sync import folder
from willkommensordner.sync.acknowledgements import acknowledged, prune
from willkommensordner.sync.members import Member, Role, members
from willkommensordner.vault.vault import Vault

TEAM_SCOPE = ExportScope(sensitive_notes=True, scans=True)
PARTNER_SCOPE = ExportScope()  # special categories stay out of automatic bundles
# Dossiers per bundle: a catch-up of a whole caseload is applied in pieces of bounded memory.
CHUNK = 500


@dataclass(frozen=True, slots=True)
class Sent:
    member: str
    sequence: int
    path: Path
    dossiers: int
    records: int
    withheld: int  # changed dossiers the partner's consents do not cover


def _first_dossiers(rows: list[tuple[Any, ...]], limit: int) -> tuple[list[tuple[Any, ...]], bool]:
    """The changes, in order, up to the last one of the first `limit` dossiers; whether
    changes are left after them."""
    seen: set[str] = set()
    for index, row in enumerate(rows):
        if row[1] not in seen:
            if len(seen) == limit:
                return rows[:index], True
            seen.add(row[1])
    return rows, False


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Sender:
    def __init__(self, vault: Vault, root: Path) -> None:
        self._vault = vault
        self._db = vault.db
        self._root = root
        self._exporter = Exporter(vault)

    def send_all(self) -> list[Sent]:
        identity = AgencyIdentity.load_or_create(self._db)
        own = folder.device_name(identity.public.fingerprint)
        out: list[Sent] = []
        for member in members(self._db):
            if not member.contact.verified:
                continue  # an unchecked key could be anyone's
            directory = self._root / own / folder.device_name(member.fingerprint)
            while True:  # a large backlog (a new member's catch-up) goes in several bundles
                sent, more = self._send(member, directory)
                if sent is not None:
                    out.append(sent)
                if not more:
                    break
            # What the member signed as applied, and old enough, is no longer needed.
            theirs = self._root / folder.device_name(member.fingerprint) / own
            prune(directory, acknowledged(theirs, member.contact, identity.public.fingerprint))
        return out

    def _row(self, fingerprint: str) -> tuple[int, int, int | None, int | None]:
        row = self._db.execute(
            "SELECT seq, watermark, pending_seq, pending_watermark FROM sync_sent"
            " WHERE recipient = ?",
            (fingerprint,),
        ).fetchone()
        return (0, 0, None, None) if row is None else (row[0], row[1], row[2], row[3])

    def _settle(self, fingerprint: str, directory: Path) -> tuple[int, int]:
        """Finish what a cut-off run left: a pending bundle that made it to its final name
        counts as sent; one that did not is forgotten, with its temporary file."""
        seq, watermark, pending, pending_watermark = self._row(fingerprint)
        folder.remove_own_temp_files(directory)
        if pending is None:
            return seq, watermark
        written = next((b for b in folder.bundles(directory)[0] if b.sequence == pending), None)
        with self._db.transaction():
            if written is not None:
                assert pending_watermark is not None
                seq, watermark = pending, pending_watermark
                self._db.execute(
                    "UPDATE sync_sent SET seq = ?, watermark = ?, file = ?, at = ?,"
                    " pending_seq = NULL, pending_watermark = NULL WHERE recipient = ?",
                    (seq, watermark, written.path.name, now(), fingerprint),
                )
            else:
                self._db.execute(
                    "UPDATE sync_sent SET pending_seq = NULL, pending_watermark = NULL"
                    " WHERE recipient = ?",
                    (fingerprint,),
                )
        return seq, watermark

    def _send(self, member: Member, directory: Path) -> tuple[Sent | None, bool]:
        """One bundle of at most CHUNK dossiers; whether more changes wait after it."""
        fingerprint = member.fingerprint
        directory.mkdir(parents=True, exist_ok=True)
        seq, since = self._settle(fingerprint, directory)
        upto = int(self._db.scalar("SELECT coalesce(max(seq), 0) FROM sync_change"))
        rows = self._db.query(
            "SELECT c.record_id, c.dossier_id, d.deleted, c.seq FROM sync_change c JOIN dossier d"
            " ON d.id = c.dossier_id WHERE c.seq > ? ORDER BY c.seq",
            (since,),
        )
        rows, more = _first_dossiers(rows, CHUNK)
        if more:
            upto = int(rows[-1][3])
        changed = list(dict.fromkeys(str(r[1]) for r in rows))
        deleted = {str(r[1]) for r in rows if r[2]}
        if member.role is Role.TEAM:
            scope = TEAM_SCOPE
            # A team device has every earlier bundle: the changed records are enough, with
            # their dossier (its own change may come later in the sequence).
            records = {str(r[0]) for r in rows} | set(changed)
            plan = self._exporter.plan(changed, scope, [], only=records) if changed else None
            withheld = 0
        else:
            scope = PARTNER_SCOPE
            plan, withheld = self._partner_plan(member, changed, deleted)
        if plan is None:
            self._advance(fingerprint, seq, upto)
            return None, more
        # Numbers already in our directory stay taken, even if this vault does not know them
        # (it came back from a backup made before they were written).
        written = folder.bundles(directory)[0]
        number = max([seq, *(b.sequence for b in written)]) + 1
        with self._db.transaction():
            self._db.execute(
                "INSERT INTO sync_sent(recipient, seq, watermark) VALUES (?,?,?)"
                " ON CONFLICT(recipient) DO NOTHING",
                (fingerprint, seq, since),
            )
            self._db.execute(
                "UPDATE sync_sent SET pending_seq = ?, pending_watermark = ? WHERE recipient = ?",
                (number, upto, fingerprint),
            )
        temp = folder.temp_path(directory)
        try:
            result = self._exporter.export_plan(
                plan,
                temp,
                scope,
                [member.contact],
                sync={"recipient": fingerprint, "sequence": number},
            )
            final = folder.publish(temp, number)
        finally:
            temp.unlink(missing_ok=True)
        with self._db.transaction():
            self._db.execute(
                "UPDATE sync_sent SET seq = ?, watermark = ?, file = ?, at = ?,"
                " pending_seq = NULL, pending_watermark = NULL WHERE recipient = ?",
                (number, upto, final.name, now(), fingerprint),
            )
        sent = Sent(member.contact.name, number, final, result.dossiers, result.records, withheld)
        return sent, more

    def _advance(self, fingerprint: str, seq: int, upto: int) -> None:
        with self._db.transaction():
            self._db.execute(
                "INSERT INTO sync_sent(recipient, seq, watermark) VALUES (?,?,?)"
                " ON CONFLICT(recipient) DO UPDATE SET watermark = excluded.watermark",
                (fingerprint, seq, upto),
            )

    def _partner_plan(
        self, member: Member, changed: list[str], deleted: set[str]
    ) -> tuple[ExportPlan | None, int]:
        """Only dossiers the partner's unrevoked consent covers, decided as for an export by
        hand; a deletion goes to a partner that holds the dossier, and needs no consent.
        Dossiers go whole: a consent given today brings the partner all of a dossier."""
        if not changed:
            return None, 0
        holders = Holders(self._db)
        candidates = [
            d for d in changed if d not in deleted or member.fingerprint in holders.holders(d)
        ]
        if not candidates:
            return None, len(changed)
        plan = self._exporter.plan(candidates, PARTNER_SCOPE, [member.contact])
        refused = {p.dossier_id for p in plan.problems}
        if refused:
            allowed = [d for d in candidates if d not in refused]
            if not allowed:
                return None, len(changed)
            plan = self._exporter.plan(allowed, PARTNER_SCOPE, [member.contact])
        return plan, len(changed) - len(plan.dossier_ids)
