"""What a partner may change here: only dossiers it holds, only with its own device's counters.

A version vector is a set of claims, one per device. A partner can vouch only for the changes
its own installation made: counters of every other device count only as far as we have seen
them ourselves. Who holds a dossier is known from our own records: we sent it to them, it came
from them, or a holder told us, in a signed file, that it handed the dossier on.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from willkommensordner.errors import Blocked
from willkommensordner.i18n import N_
from willkommensordner.vault.database import Database

_BATCH = 500
OTHER_DEVICE = N_(
    "This file comes from another installation than the earlier files of {name}. Nothing was"
    " imported. Ask the partner whether they set up the app again, then add their new key."
)
TAKEN_DEVICE = N_(
    "This file claims the installation of another agency as its own. Nothing was imported."
)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class SenderRights:
    """What one file's sender may do: `holds` None means every dossier (our own files)."""

    devices: frozenset[str]  # the sender's own installation
    holds: frozenset[str] | None
    # Installations known to be someone else's: ours and other partners'.
    others: frozenset[str] = frozenset()
    # Our installation, and its counter of each record as we last sent it to the sender:
    # what the sender can have seen of our changes (None: our own file, no limit).
    own_device: str = ""
    sent: Mapping[str, int] | None = None
    # A device of our own agency (a team member) vouches for every counter it carries.
    trusted_vectors: bool = False

    def may_change(self, dossier_id: str) -> bool:
        return self.holds is None or dossier_id in self.holds


def effective_version(
    record_id: str,
    theirs: Mapping[str, int],
    ours: Mapping[str, int] | None,
    rights: SenderRights,
) -> dict[str, int]:
    """Their vector as far as they can vouch for it: their own devices' counters as they
    are, ours no higher than what we sent them, every other device's no higher than ours
    (left out where we have none). So what we changed since we last sent it never loses
    silently against their copy.

    A record new here keeps the counters of installations we do not know (it was passed on
    to the sender along a chain of hand-overs); counters of installations we know to be
    someone else's it cannot vouch for, so they are left out."""
    if rights.trusted_vectors:
        return {device: counter for device, counter in theirs.items() if counter > 0}
    out: dict[str, int] = {}
    for device, counter in theirs.items():
        if device in rights.devices:
            value = counter
        elif ours is None:
            value = 0 if device in rights.others else counter
        else:
            value = min(counter, ours.get(device, 0))
            if device == rights.own_device and rights.sent is not None:
                value = min(value, rights.sent.get(record_id, 0))
        if value > 0:
            out[device] = value
    return out


class Holders:
    def __init__(self, db: Database) -> None:
        self._db = db

    def held_by(self, fingerprint: str, dossier_ids: Iterable[str]) -> set[str]:
        ids = sorted(set(dossier_ids))
        found: set[str] = set()
        for start in range(0, len(ids), _BATCH):
            batch = ids[start : start + _BATCH]
            found.update(
                r[0]
                for r in self._db.query(
                    "SELECT dossier_id FROM exchange_holder WHERE fingerprint = ?"
                    f" AND dossier_id IN ({','.join('?' * len(batch))})",
                    (fingerprint, *batch),
                )
            )
        return found

    def handed_on_by(self, fingerprint: str, dossier_ids: Iterable[str]) -> dict[str, set[str]]:
        """Per dossier, the holders that told us they handed it to the partner `fingerprint`."""
        ids = sorted(set(dossier_ids))
        found: dict[str, set[str]] = {}
        for start in range(0, len(ids), _BATCH):
            batch = ids[start : start + _BATCH]
            marks = ",".join("?" * len(batch))
            for dossier_id, via in self._db.query(
                "SELECT dossier_id, via FROM exchange_holder WHERE fingerprint = ?"
                f" AND via NOT IN ('sent', 'origin') AND dossier_id IN ({marks})",
                (fingerprint, *batch),
            ):
                found.setdefault(dossier_id, set()).add(via)
        return found

    def holders(self, dossier_id: str) -> list[str]:
        return [
            r[0]
            for r in self._db.query(
                "SELECT fingerprint FROM exchange_holder WHERE dossier_id = ? ORDER BY since",
                (dossier_id,),
            )
        ]

    def add(self, dossier_id: str, fingerprint: str, via: str) -> None:
        self._db.execute(
            "INSERT OR IGNORE INTO exchange_holder(dossier_id, fingerprint, via, since)"
            " SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM dossier WHERE id = ?)",
            (dossier_id, fingerprint, via, _now(), dossier_id),
        )


class SentCounters:
    """Our installation's counter of each record as last sent to each partner."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def to(self, fingerprint: str, record_ids: Iterable[str]) -> dict[str, int]:
        ids = sorted(set(record_ids))
        found: dict[str, int] = {}
        for start in range(0, len(ids), _BATCH):
            batch = ids[start : start + _BATCH]
            found.update(
                (r[0], int(r[1]))
                for r in self._db.query(
                    "SELECT record_id, counter FROM exchange_sent WHERE fingerprint = ?"
                    f" AND record_id IN ({','.join('?' * len(batch))})",
                    (fingerprint, *batch),
                )
            )
        return found

    def seen_by(
        self, fingerprint: str, records: Mapping[str, str], via: Mapping[str, set[str]]
    ) -> dict[str, int]:
        """Per record (id -> its dossier), the highest counter of ours the partner can have
        seen: sent to it, or to a holder that handed the dossier on to it."""
        seen = self.to(fingerprint, records)
        for holder in {h for hs in via.values() for h in hs}:
            ids = [r for r, d in records.items() if holder in via.get(d, set())]
            for record_id, counter in self.to(holder, ids).items():
                seen[record_id] = max(seen.get(record_id, 0), counter)
        return seen

    def sent(self, fingerprint: str, counters: Iterable[tuple[str, int]]) -> None:
        self._db.executemany(
            "INSERT OR REPLACE INTO exchange_sent(fingerprint, record_id, counter) VALUES (?,?,?)",
            [(fingerprint, record_id, counter) for record_id, counter in counters],
        )


class Devices:
    """Which installation, by device id, belongs to which partner key (first file binds)."""

    def __init__(self, db: Database, own_device: str) -> None:
        self._db = db
        self._own = own_device

    def check(self, fingerprint: str, device: str, name: str) -> None:
        """Refuse a device of ours or of another partner, and a second device for one key."""
        bound = self._db.scalar(
            "SELECT device FROM exchange_sender_device WHERE fingerprint = ?", (fingerprint,)
        )
        if bound is not None and bound != device:
            raise Blocked(OTHER_DEVICE, name=name)
        owner = self._db.scalar(
            "SELECT fingerprint FROM exchange_sender_device WHERE device = ?", (device,)
        )
        if device == self._own or (owner is not None and owner != fingerprint):
            raise Blocked(TAKEN_DEVICE)

    def others(self, fingerprint: str) -> frozenset[str]:
        """The installations known to be someone else's than the partner `fingerprint`'s."""
        rows = self._db.query(
            "SELECT device FROM exchange_sender_device WHERE fingerprint != ?", (fingerprint,)
        )
        return frozenset({self._own, *(r[0] for r in rows)})

    def bind(self, fingerprint: str, device: str) -> None:
        self._db.execute(
            "INSERT OR IGNORE INTO exchange_sender_device(device, fingerprint, since)"
            " VALUES (?,?,?)",
            (device, fingerprint, _now()),
        )
