"""Where sync stands, per member: what we sent and received, and what waits or is held."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from willkommensordner.exchange.keys import AgencyIdentity
from willkommensordner.sync import folder
from willkommensordner.sync.engine import shared_folder
from willkommensordner.sync.members import members
from willkommensordner.vault.database import Database


@dataclass(frozen=True, slots=True)
class MemberStatus:
    name: str
    fingerprint: str
    role: str
    verified: bool
    sent_sequence: int
    sent_at: str | None
    received_sequence: int
    received_at: str | None
    # Seconds between when the sender made its newest bundle we applied and now.
    lag_seconds: int | None
    unsent_changes: int  # dossiers changed here since the last bundle to this member
    waiting_for: int | None  # a later bundle is there, this number is missing


@dataclass(frozen=True, slots=True)
class HeldFile:
    file: str
    sender: str
    reason: str
    params: dict[str, str]
    at: str


@dataclass
class SyncStatus:
    folder: str | None
    available: bool
    members: list[MemberStatus] = field(default_factory=list)
    held: list[HeldFile] = field(default_factory=list)
    open_conflicts: int = 0

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _seconds_since(stamp: str | None) -> int | None:
    if not stamp:
        return None
    try:
        then = datetime.fromisoformat(stamp)
    except ValueError:
        return None
    if then.tzinfo is None:
        then = then.replace(tzinfo=UTC)
    return int((datetime.now(UTC) - then).total_seconds())


def status(db: Database) -> SyncStatus:
    root = shared_folder(db)
    available = root is not None and root.is_dir()
    out = SyncStatus(str(root) if root else None, available)
    identity = AgencyIdentity.load(db)
    own = folder.device_name(identity.public.fingerprint) if identity else ""
    newest_change = int(db.scalar("SELECT coalesce(max(seq), 0) FROM sync_change"))
    for member in members(db):
        fp = member.fingerprint
        sent = db.execute(
            "SELECT seq, at, watermark FROM sync_sent WHERE recipient = ?", (fp,)
        ).fetchone()
        got = db.execute(
            "SELECT seq, at, created FROM sync_received WHERE sender = ?", (fp,)
        ).fetchone()
        watermark = sent[2] if sent else 0
        unsent = int(
            db.scalar(
                "SELECT count(DISTINCT dossier_id) FROM sync_change WHERE seq > ?", (watermark,)
            )
            if newest_change > watermark
            else 0
        )
        waiting = None
        if available and root is not None:
            last = got[0] if got else 0
            files, _ = folder.bundles(root / folder.device_name(fp) / own)
            numbers = {f.sequence for f in files}
            if numbers and max(numbers) > last + 1 and (last + 1) not in numbers:
                waiting = last + 1
        out.members.append(
            MemberStatus(
                member.contact.name,
                fp,
                member.role.value,
                member.contact.verified,
                sent[0] if sent else 0,
                sent[1] if sent else None,
                got[0] if got else 0,
                got[1] if got else None,
                _seconds_since(got[2]) if got else None,
                unsent,
                waiting,
            )
        )
    for file, sender, reason, at in db.query(
        "SELECT file, sender, reason, at FROM sync_held ORDER BY at"
    ):
        detail = json.loads(reason)
        out.held.append(HeldFile(file, sender, detail["msgid"], detail["params"], at))
    out.open_conflicts = int(
        db.scalar("SELECT count(*) FROM exchange_conflict WHERE resolved_at IS NULL")
    )
    return out


def folder_path(status: SyncStatus) -> Path | None:
    return Path(status.folder) if status.folder else None
