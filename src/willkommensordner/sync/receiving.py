"""Applying other members' bundles: in sequence, each with its receipt in one transaction.

A gap waits for the missing file; a file not all there yet waits; a bundle from an unknown,
unverified or removed device, or one that fails any check, is held with the reason and
never applied. A bundle whose number we passed changes nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from willkommensordner.errors import (
    Blocked,
    Incompatible,
    InvalidInput,
    LockedError,
    NotFound,
    UserError,
)
from willkommensordner.exchange.contacts import ContactBook
from willkommensordner.exchange.format import Manifest
from willkommensordner.exchange.importer import Importer
from willkommensordner.exchange.keys import AgencyIdentity
from willkommensordner.i18n import N_
from willkommensordner.sync import folder
from willkommensordner.sync.acknowledgements import acknowledge
from willkommensordner.sync.members import removed_name
from willkommensordner.sync.sending import now
from willkommensordner.vault.vault import Vault

UNKNOWN_SENDER = N_("A device that is not in the address book (fingerprint {fingerprint}).")
REMOVED_SENDER = N_("{name} was removed from the members: its files are refused.")
WRONG_PLACE = N_("The bundle's signed number or recipient does not match its place in the folder.")
TWO_FILES = N_("Two different files carry the same number {sequence}.")


@dataclass(frozen=True, slots=True)
class Applied:
    sender: str
    sequence: int
    changes: int
    conflicts: int
    refused: int
    repeated: bool  # a file imported before under another name: nothing changed


@dataclass(frozen=True, slots=True)
class Held:
    sender: str
    file: str
    reason: str  # msgid
    params: dict[str, str]


@dataclass
class Received:
    applied: list[Applied] = field(default_factory=list)
    held: list[Held] = field(default_factory=list)
    waiting: dict[str, int] = field(default_factory=dict)  # sender -> missing number
    incomplete: int = 0  # files still arriving or cut short
    older: int = 0  # files with numbers already applied


class Receiver:
    def __init__(self, vault: Vault, root: Path) -> None:
        self._vault = vault
        self._db = vault.db
        self._root = root
        self._book = ContactBook(vault.db)

    def receive_all(self) -> Received:
        out = Received()
        identity = AgencyIdentity.load_or_create(self._db)
        own = identity.public.fingerprint
        inbox = folder.device_name(own)
        for fingerprint, directory in folder.senders(self._root):
            if fingerprint == own:
                continue
            files, flying = folder.bundles(directory / inbox)
            out.incomplete += flying
            if files:
                before = len(out.applied)
                self._from(fingerprint, files, own, out)
                if len(out.applied) > before:
                    outbox = self._root / inbox / folder.device_name(fingerprint)
                    acknowledge(identity, outbox, fingerprint, self._last(fingerprint))
        return out

    def _from(
        self, fingerprint: str, files: list[folder.BundleFile], own: str, out: Received
    ) -> None:
        contact = self._book.by_fingerprint(fingerprint)
        last = self._last(fingerprint)
        pending = [f for f in files if f.sequence > last]
        out.older += len(files) - len(pending)
        if not pending:
            return
        if contact is None:
            name = removed_name(self._db, fingerprint)
            for f in pending:
                if name is not None:
                    self._hold(out, name, fingerprint, f, REMOVED_SENDER, name=name)
                else:
                    self._hold(
                        out, fingerprint, fingerprint, f, UNKNOWN_SENDER, fingerprint=fingerprint
                    )
            return
        team = self._book.is_team(contact)
        by_number: dict[int, list[folder.BundleFile]] = {}
        for f in pending:
            by_number.setdefault(f.sequence, []).append(f)
        number = last + 1
        while number in by_number:
            complete = [f for f in by_number[number] if f.complete()]
            if not complete:
                out.incomplete += 1
                return
            if len(complete) > 1:
                for f in complete:
                    self._hold(out, contact.name, fingerprint, f, TWO_FILES, sequence=str(number))
                return
            if not self._apply(contact.name, fingerprint, complete[0], own, team, out):
                return
            number += 1
        if any(n > number for n in by_number):
            out.waiting[contact.name] = number

    def _last(self, fingerprint: str) -> int:
        return int(
            self._db.scalar(
                "SELECT coalesce(max(seq), 0) FROM sync_received WHERE sender = ?",
                (fingerprint,),
            )
        )

    def _apply(
        self,
        name: str,
        fingerprint: str,
        bundle: folder.BundleFile,
        own: str,
        team: bool,
        out: Received,
    ) -> bool:
        created: list[str] = []

        def expect(manifest: Manifest) -> None:
            sync = manifest.raw.get("sync")
            if (
                manifest.sender.fingerprint != fingerprint
                or not isinstance(sync, dict)
                or sync.get("recipient") != own
                or sync.get("sequence") != bundle.sequence
            ):
                raise InvalidInput(WRONG_PLACE)
            created.append(manifest.created)

        importer = Importer(self._vault)
        try:
            with self._db.transaction():
                summary = importer.apply(bundle.path, accept_deletions=team, expect=expect)
                self._db.execute(
                    "INSERT INTO sync_received(sender, seq, file, at, created) VALUES (?,?,?,?,?)"
                    " ON CONFLICT(sender) DO UPDATE SET seq = excluded.seq, file = excluded.file,"
                    " at = excluded.at, created = excluded.created",
                    (fingerprint, bundle.sequence, bundle.path.name, now(), created[0]),
                )
                self._db.execute("DELETE FROM sync_held WHERE sender = ?", (fingerprint,))
        except NotFound:
            out.incomplete += 1  # moved away while we read it: looked at again next time
            return False
        except (Blocked, InvalidInput, LockedError, Incompatible) as problem:
            # Not for us, not from whom it says, damaged, or from a newer major version.
            self._hold(out, name, fingerprint, bundle, problem.msgid, **_texts(problem))
            return False
        out.applied.append(
            Applied(
                name,
                bundle.sequence,
                summary.changes,
                len(summary.conflicts),
                len(summary.refused),
                summary.earlier is not None,
            )
        )
        return True

    def _hold(
        self,
        out: Received,
        sender: str,
        sender_fingerprint: str,
        bundle: folder.BundleFile,
        reason: str,
        **params: str,
    ) -> None:
        out.held.append(Held(sender, bundle.path.name, reason, params))
        with self._db.transaction():
            self._db.execute(
                "INSERT OR REPLACE INTO sync_held(file, sender, reason, at) VALUES (?,?,?,?)",
                (
                    f"{bundle.path.parent.parent.name}/{bundle.path.name}",
                    sender_fingerprint,
                    json.dumps({"msgid": reason, "params": params}, ensure_ascii=False),
                    now(),
                ),
            )


def _texts(problem: UserError) -> dict[str, str]:
    return {k: str(v) for k, v in problem.params.items()}
