"""Importing an export file: decrypt, check signature and hashes, preview, merge in one go.

The file is read twice when applied after a preview: the preview never writes anything, and
the apply pass writes everything — attachments as they stream in, records at the end — inside
one transaction that is rolled back if any check fails, down to age's last authenticated chunk.

The signature is checked over the manifest's raw bytes before the manifest is read; then the
file must name this installation among its recipients, and the sender is shown and recorded
as our address book names it, never as the file names itself.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from willkommensordner.domain.record import RecordKind
from willkommensordner.domain.revision import merged
from willkommensordner.errors import Blocked, InvalidInput, NotFound
from willkommensordner.exchange import age_files, merge
from willkommensordner.exchange.authority import Devices, Holders, SenderRights, SentCounters
from willkommensordner.exchange.conflicts import ConflictStore
from willkommensordner.exchange.contacts import Contact, ContactBook
from willkommensordner.exchange.decrypt_worker import DecryptWorker
from willkommensordner.exchange.foreign import ForeignDecision, ForeignStore
from willkommensordner.exchange.format import (
    MANIFEST,
    RECORDS,
    SIGNATURE,
    Manifest,
    RecordsFile,
    manifest_signing_key,
    parse_manifest,
    parse_records,
)
from willkommensordner.exchange.keys import AgencyIdentity, unb64url
from willkommensordner.exchange.ledger import Earlier, ImportLedger
from willkommensordner.exchange.memory import small_page_cache
from willkommensordner.exchange.merge import Decision, Outcome
from willkommensordner.exchange.tar_stream import DAMAGED, EntrySink, Limits, TarPushReader
from willkommensordner.i18n import N_
from willkommensordner.vault import audit_chain
from willkommensordner.vault.attachments import sniff
from willkommensordner.vault.author import Author
from willkommensordner.vault.records import RemoteWrite
from willkommensordner.vault.vault import Vault

BAD_SIGNATURE = N_(
    "The signature of the file does not match: it was changed after it was made,"
    " or it was not made by the agency it names."
)
UNCONFIRMED = N_(
    "The sender of this file is not a verified partner (fingerprint {fingerprint})."
    " Compare the fingerprint with the sender, then confirm the import."
)
NOT_FOR_US = N_(
    "This file is meant for {recipients}, not for this agency (fingerprint {fingerprint})."
    " Nothing was imported."
)
OTHER_AGE_KEY = N_(
    "The file names another encryption key for {name} than your address book. Nothing was"
    " imported. Compare the fingerprint with the partner again."
)


@dataclass
class Sender:
    """Who sent the file, as this vault knows them: `agency` is the name in our address book
    (our own agency, or the fingerprint for an unknown sender); `claimed_agency` is what the
    file says, kept only as a note."""

    agency: str
    fingerprint: str
    contact: Contact | None
    own: bool
    claimed_agency: str = ""

    @property
    def trusted(self) -> bool:
        return self.own or (self.contact is not None and self.contact.verified)

    @property
    def claim_differs(self) -> bool:
        return " ".join(self.claimed_agency.split()).casefold() != self.agency.casefold()


@dataclass
class ImportPreview:
    """What an import would do (or did): nothing is written while previewing."""

    file_id: str
    created: str
    sender: Sender
    already_imported: bool
    new_dossiers: list[str] = field(default_factory=list)
    new_records: list[tuple[RecordKind, str]] = field(default_factory=list)
    updated: list[tuple[RecordKind, str]] = field(default_factory=list)
    deleted: list[tuple[RecordKind, str]] = field(default_factory=list)
    conflicts: list[tuple[RecordKind, str, str]] = field(default_factory=list)
    kept_ours: int = 0
    unchanged: int = 0
    attachments: int = 0
    # Dossiers deleted here for good whose records the file still carries: left out.
    erased_dossiers: set[str] = field(default_factory=set)
    # Changes to dossiers we have and never handed to the sender: left out.
    refused: list[tuple[str, str, str]] = field(default_factory=list)  # kind, id, dossier
    # Deletions by the partner of records live here: conflicts unless accepted.
    deletions_waiting: int = 0
    # Records of kinds a newer version of the app knows, kept to be passed on.
    foreign: int = 0
    # A file imported before, or older than one imported before: it changes nothing.
    earlier: Earlier | None = None
    # Dossiers whose history in the file was changed after it was written: first broken entry.
    broken_histories: dict[str, int] = field(default_factory=dict)

    @property
    def changes(self) -> int:
        if self.earlier is not None:
            return 0
        return len(self.new_records) + len(self.updated) + len(self.deleted) + len(self.conflicts)

    @property
    def refused_dossiers(self) -> set[str]:
        return {d for _, _, d in self.refused}


class _Bytes:
    """An entry kept in memory (metadata, records, one attachment at a time), hashed as read.

    The buffer is allocated once at the size the header declared (already checked against
    the limits), so a scan is in memory once, not once per copy.
    """

    def __init__(
        self, on_close: Callable[[bytearray, str], None], size: int, keep: bool = True
    ) -> None:
        self._buffer = bytearray(size if keep else 0)
        self._filled = 0
        self._hash = hashlib.sha256()
        self._keep = keep
        self._on_close = on_close

    def write(self, data: bytes) -> None:
        self._hash.update(data)
        if self._keep:
            self._buffer[self._filled : self._filled + len(data)] = data
            self._filled += len(data)

    def close(self) -> None:
        data, self._buffer = self._buffer, bytearray()
        self._on_close(data, self._hash.hexdigest())


class _Reading:
    """The state of one pass over a file: the entries in their fixed order, each checked."""

    def __init__(
        self,
        known_keys: list[bytes],
        on_manifest: Callable[[Manifest], None],
        on_attachment: Callable[[str, bytearray], None] | None,
        reserve: Callable[[int], None] | None = None,
    ) -> None:
        self._known_keys = known_keys  # partners' and our own signing keys
        self._on_manifest = on_manifest
        self._on_attachment = on_attachment
        self._reserve = reserve  # waits until an attachment of that size may be kept
        self.manifest_bytes: bytes | None = None
        self.manifest_sha256 = ""
        self.manifest: Manifest | None = None
        self.records: RecordsFile | None = None
        self.seen: set[str] = set()

    def open(self, name: str, size: int) -> EntrySink:
        if self.manifest_bytes is None:
            if name != MANIFEST:
                raise InvalidInput(N_("The file's description (manifest) is missing."))
            return _Bytes(self._manifest_read, size)
        if self.manifest is None:
            if name != SIGNATURE:
                raise InvalidInput(N_("The file is not signed."))
            return _Bytes(self._signature_read, size)
        entry = self.manifest.entries.get(name)
        if entry is None:
            raise InvalidInput(N_("The file contains an entry its description does not list."))
        if entry.size != size:
            raise InvalidInput(N_("An entry of the file does not match its description."))
        if name == RECORDS:
            return _Bytes(self._records_read, size)
        if self.records is None:
            raise InvalidInput(DAMAGED)
        keep = self._on_attachment is not None
        if keep and self._reserve is not None:
            self._reserve(size)

        def attachment_read(data: bytearray, digest: str) -> None:
            self._check(name, digest)
            if self._on_attachment is not None:
                self._on_attachment(digest, data)

        return _Bytes(attachment_read, size, keep=keep)

    def _check(self, name: str, digest: str) -> None:
        assert self.manifest is not None
        if self.manifest.entries[name].sha256 != digest:
            raise InvalidInput(N_("An entry of the file does not match its description."))
        self.seen.add(name)

    def _manifest_read(self, data: bytearray, digest: str) -> None:
        # Kept unread: nothing in it is looked at before its signature is checked.
        self.manifest_bytes = bytes(data)
        self.manifest_sha256 = digest

    def _signature_read(self, data: bytearray, _digest: str) -> None:
        manifest_bytes = self.manifest_bytes
        assert manifest_bytes is not None
        try:
            text = data.decode("ascii").strip()
            signature = unb64url(text) if len(text) <= 100 else b""
        except (UnicodeDecodeError, InvalidInput):
            raise InvalidInput(BAD_SIGNATURE) from None
        if len(signature) != 64:
            raise InvalidInput(BAD_SIGNATURE)
        signer = next(
            (k for k in self._known_keys if _verifies(k, signature, manifest_bytes)), None
        )
        if signer is None:
            # An unknown sender: its key is read from the manifest, nesting bounded, and a
            # newer format version is reported as such.
            key = manifest_signing_key(manifest_bytes)
            if not _verifies(key, signature, manifest_bytes):
                raise InvalidInput(BAD_SIGNATURE)
            signer = key
        manifest = parse_manifest(manifest_bytes)
        if manifest.sender.signing_key != signer:
            raise InvalidInput(BAD_SIGNATURE)
        self.manifest = manifest
        self._on_manifest(manifest)

    def _records_read(self, data: bytearray, digest: str) -> None:
        self._check(RECORDS, digest)
        self.records = parse_records(data)

    def finish(self) -> tuple[Manifest, RecordsFile]:
        if self.manifest is None or self.records is None:
            raise InvalidInput(DAMAGED)
        if self.seen != set(self.manifest.entries):
            raise InvalidInput(DAMAGED)
        return self.manifest, self.records


def _verifies(key: bytes, signature: bytes, data: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(key).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True


class _NothingToDoError(Exception):
    """Leaves the transaction rolled back: the file was imported before, or is older."""

    def __init__(self, summary: ImportPreview) -> None:
        super().__init__()
        self.summary = summary


class Importer:
    def __init__(self, vault: Vault, *, limits: Limits | None = None) -> None:
        self._vault = vault
        self._db = vault.db
        self._limits = limits or Limits()
        self.contacts = ContactBook(vault.db)
        self.conflicts = ConflictStore(vault.db, vault.records)
        self._holders = Holders(vault.db)
        self._devices = Devices(vault.db, vault.author.device)
        self._ledger = ImportLedger(vault.db)
        self._foreign = ForeignStore(vault.db)

    # --- reading ---------------------------------------------------------------------------

    def _sender(self, manifest: Manifest) -> Sender:
        own = AgencyIdentity.load(self._db)
        is_own = own is not None and own.public.signing_key == manifest.sender.signing_key
        contact = self.contacts.by_key(manifest.sender.signing_key)
        if contact is not None:
            name = contact.name
        elif is_own:
            name = self._vault.author.agency
        else:
            name = manifest.sender.fingerprint
        return Sender(name, manifest.sender.fingerprint, contact, is_own, manifest.sender_agency)

    def _check_manifest(self, manifest: Manifest) -> Sender:
        """The file must be addressed to us, its keys must be the partner's keys we know, and
        it must come from the partner's installation we know."""
        sender = self._sender(manifest)
        own = AgencyIdentity.load(self._db)
        ours = own.public.fingerprint if own is not None else None
        if ours is None or ours not in {r.fingerprint for r in manifest.recipients}:
            meant = [self._addressee(r.name, r.fingerprint) for r in manifest.recipients]
            raise Blocked(NOT_FOR_US, recipients=", ".join(meant) or "—", fingerprint=ours or "—")
        known = sender.contact.public if sender.contact else None
        if sender.own and own is not None:
            known = own.public
        if known is not None and known.age_recipient != manifest.sender.age_recipient:
            raise Blocked(OTHER_AGE_KEY, name=sender.agency)
        if not sender.own:
            self._devices.check(sender.fingerprint, manifest.sender_device, sender.agency)
        return sender

    def _addressee(self, claimed: str, fingerprint: str) -> str:
        for contact in self.contacts.all():
            if contact.fingerprint == fingerprint:
                return f"{contact.name} ({fingerprint})"
        return f'"{" ".join(claimed.split())[:80]}" ({fingerprint})'

    def _known_keys(self) -> list[bytes]:
        own = AgencyIdentity.load(self._db)
        keys = [c.public.signing_key for c in self.contacts.all()]
        return keys + ([own.public.signing_key] if own is not None else [])

    def _rights(self, manifest: Manifest, sender: Sender, records: RecordsFile) -> SenderRights:
        if sender.own:
            return SenderRights(frozenset({self._vault.author.device}), None)
        if sender.contact is not None and self.contacts.is_team(sender.contact):
            return SenderRights(frozenset({manifest.sender_device}), None, trusted_vectors=True)
        dossier_ids = {r.dossier_id for r in records.records}
        dossier_ids |= {f.dossier_id for f in records.foreign}
        held = self._holders.held_by(sender.fingerprint, dossier_ids)
        dossier_of = {r.id: r.dossier_id for r in records.records}
        dossier_of.update({f.id: f.dossier_id for f in records.foreign})
        via = self._holders.handed_on_by(sender.fingerprint, held)
        return SenderRights(
            frozenset({manifest.sender_device}),
            frozenset(held),
            self._devices.others(sender.fingerprint),
            self._vault.author.device,
            SentCounters(self._db).seen_by(sender.fingerprint, dossier_of, via),
        )

    def _read(
        self,
        path: Path,
        passphrase: str | None,
        on_manifest: Callable[[Manifest], None],
        on_attachment: Callable[[str, bytearray], None] | None,
        worker: DecryptWorker | None = None,
    ) -> tuple[Manifest, RecordsFile, str]:
        """One pass over the file; with a worker, it decrypts and this thread runs the hooks."""
        if not path.is_file():
            raise NotFound(N_("The file could not be read."))
        identity = None
        if passphrase is None:
            # No keys yet: nothing can have been encrypted to us, and a new key says so.
            identity = AgencyIdentity.load(self._db) or AgencyIdentity.generate()
        reading = _Reading(
            self._known_keys(), on_manifest, on_attachment, worker.reserve if worker else None
        )
        parser = TarPushReader(reading.open, self._limits)

        def decrypt() -> None:
            if identity is not None:
                age_files.decrypt_with_identity(path, identity.age_identity, parser)
            else:
                assert passphrase is not None
                age_files.decrypt_with_passphrase(path, passphrase, parser)
            parser.finish()

        if worker is None:
            decrypt()
        else:
            worker.run(decrypt)
        manifest, records = reading.finish()
        return manifest, records, reading.manifest_sha256

    def _plan(
        self, manifest: Manifest, records: RecordsFile, accept_deletions: bool
    ) -> tuple[Sender, list[Decision], list[ForeignDecision]]:
        sender = self._sender(manifest)
        rights = self._rights(manifest, sender, records)
        decisions = merge.plan(self._db, records.records, rights, accept_deletions=accept_deletions)
        file_dossiers = {r.id for r in records.records if r.kind is RecordKind.DOSSIER}
        foreign = self._foreign.plan(
            records.foreign, rights, file_dossiers, accept_deletions=accept_deletions
        )
        return sender, decisions, foreign

    # --- preview ---------------------------------------------------------------------------

    def preview(
        self, path: Path, *, passphrase: str | None = None, accept_deletions: bool = False
    ) -> ImportPreview:
        """Read and check the whole file, and say what importing it would change."""

        def check(manifest: Manifest) -> None:
            self._check_manifest(manifest)

        manifest, records, digest = self._read(path, passphrase, check, None)
        sender, decisions, foreign = self._plan(manifest, records, accept_deletions)
        return self._summary(manifest, sender, decisions, foreign, digest, records)

    def _summary(
        self,
        manifest: Manifest,
        sender: Sender,
        decisions: list[Decision],
        foreign: list[ForeignDecision],
        digest: str,
        records: RecordsFile,
    ) -> ImportPreview:
        earlier = self._ledger.earlier(manifest, digest)
        preview = ImportPreview(
            manifest.file_id,
            manifest.created,
            sender,
            earlier is not None,
            attachments=len(manifest.attachment_entries),
            earlier=earlier,
            broken_histories=_broken_histories(records),
        )
        for d in decisions:
            r = d.incoming
            key = (r.kind, r.id)
            if d.outcome is Outcome.NEW:
                if r.kind is RecordKind.DOSSIER and not r.revision.deleted:
                    preview.new_dossiers.append(r.id)
                preview.new_records.append(key)
            elif d.outcome in (Outcome.UPDATE, Outcome.CONVERGED):
                if r.revision.deleted and d.local is not None and not d.local.deleted:
                    preview.deleted.append(key)
                elif d.outcome is Outcome.UPDATE:
                    preview.updated.append(key)
                else:
                    preview.unchanged += 1
            elif d.outcome is Outcome.CONFLICT:
                preview.conflicts.append((r.kind, r.id, r.dossier_id))
                if r.revision.deleted and d.local is not None and not d.local.deleted:
                    preview.deletions_waiting += 1
            elif d.outcome is Outcome.KEEP:
                preview.kept_ours += 1
            elif d.outcome is Outcome.ERASED:
                preview.erased_dossiers.add(r.dossier_id)
            elif d.outcome is Outcome.REFUSED:
                preview.refused.append((r.kind.value, r.id, r.dossier_id))
            else:
                preview.unchanged += 1
        for f in foreign:
            if f.outcome is Outcome.REFUSED:
                preview.refused.append((f.foreign.kind, f.foreign.id, f.foreign.dossier_id))
            elif f.outcome is Outcome.ERASED:
                preview.erased_dossiers.add(f.foreign.dossier_id)
            else:
                preview.foreign += 1
        return preview

    # --- applying --------------------------------------------------------------------------

    def apply(
        self,
        path: Path,
        *,
        passphrase: str | None = None,
        confirm_unverified_sender: bool = False,
        accept_deletions: bool = False,
        expect: Callable[[Manifest], None] | None = None,
    ) -> ImportPreview:
        """Import and merge in one transaction; any problem leaves the vault as it was.

        A file imported before, or older than one imported before, changes nothing.
        `expect` checks the signed manifest further before anything is applied."""

        def check_sender(manifest: Manifest) -> None:
            sender = self._check_manifest(manifest)
            if not sender.trusted and not confirm_unverified_sender:
                raise Blocked(UNCONFIRMED, fingerprint=sender.fingerprint)
            if expect is not None:
                expect(manifest)

        # Decrypting runs on a worker; the checks and writes run here, in the transaction.
        worker = DecryptWorker()

        def store_blob(sha256: str, data: bytearray) -> None:
            worker.post(lambda: self._store_blob(sha256, data), len(data))

        try:
            return self._apply_file(
                path, passphrase, check_sender, store_blob, worker, accept_deletions
            )
        except _NothingToDoError as nothing:
            return nothing.summary

    def _apply_file(
        self,
        path: Path,
        passphrase: str | None,
        check_sender: Callable[[Manifest], None],
        store_blob: Callable[[str, bytearray], None],
        worker: DecryptWorker,
        accept_deletions: bool,
    ) -> ImportPreview:
        with self._db.transaction(), small_page_cache(self._db):
            manifest, records, digest = self._read(
                path,
                passphrase,
                lambda manifest: worker.call(lambda: check_sender(manifest)),
                store_blob,
                worker,
            )
            sender, decisions, foreign = self._plan(manifest, records, accept_deletions)
            summary = self._summary(manifest, sender, decisions, foreign, digest, records)
            if summary.earlier is not None:
                raise _NothingToDoError(summary)  # the scans stored meanwhile are rolled back too
            self._apply(manifest, sender, decisions)
            self._foreign.apply(foreign)
            self._note_broken_histories(summary)
            if not sender.own:
                self._record_holders(manifest, sender, summary)
                self._devices.bind(sender.fingerprint, manifest.sender_device)
            if summary.erased_dossiers or summary.refused:
                # Scans of the left-out dossiers were stored while the file streamed past.
                self._vault.attachments.purge_unreferenced()
            self._ledger.record(manifest, digest)
        return summary

    def _note_broken_histories(self, summary: ImportPreview) -> None:
        """Our own history says that the partner's was not intact when it arrived."""
        author = self._vault.author
        at = datetime.now(UTC).isoformat(timespec="milliseconds")
        rows = [
            (
                at,
                dossier_id,
                RecordKind.DOSSIER.value,
                dossier_id,
                "history_broken",
                None,
                None,
                json.dumps(
                    {"file_id": summary.file_id, "sender": summary.sender.agency, "entry": position}
                ),
                author.counsellor,
                author.agency,
                author.device,
            )
            for dossier_id, position in sorted(summary.broken_histories.items())
            if self._db.scalar("SELECT 1 FROM dossier WHERE id = ?", (dossier_id,)) is not None
        ]
        audit_chain.append(self._db, rows)

    def _record_holders(self, manifest: Manifest, sender: Sender, summary: ImportPreview) -> None:
        for dossier_id in summary.new_dossiers:
            self._holders.add(dossier_id, sender.fingerprint, "origin")
        own = AgencyIdentity.load(self._db)
        ours = own.public.fingerprint if own is not None else ""
        handed = {d for d, _ in manifest.handovers}
        held = self._holders.held_by(sender.fingerprint, handed)
        for dossier_id, fingerprint in manifest.handovers:
            if dossier_id in held and fingerprint not in (ours, sender.fingerprint):
                self._holders.add(dossier_id, fingerprint, sender.fingerprint)

    def _store_blob(self, sha256: str, data: bytearray) -> None:
        media_type = sniff(bytes(data[:16]))
        if media_type is None:
            raise InvalidInput(N_("The file contains an attachment of a type this app refuses."))
        self._db.execute(
            "INSERT OR IGNORE INTO blob(sha256, media_type, size, data) VALUES (?,?,?,?)",
            (sha256, media_type, len(data), data),
        )

    def _apply(self, manifest: Manifest, sender: Sender, decisions: list[Decision]) -> None:
        writes: list[RemoteWrite] = []
        # The history names the partner as our address book does; what the file says about
        # its counsellors and agencies stays in the import log only.
        author = Author("", sender.agency, manifest.sender_device)
        for d in decisions:
            r, rev = d.incoming, d.incoming.revision
            if d.outcome in (Outcome.NEW, Outcome.UPDATE, Outcome.CONVERGED):
                version = rev.version
                if d.outcome is Outcome.CONVERGED:
                    assert d.local is not None
                    version = merged(d.local.version, rev.version)
                writes.append(
                    RemoteWrite(
                        r.kind,
                        r.id,
                        r.dossier_id,
                        r.body,
                        rev.created,
                        rev.modified,
                        author,
                        version,
                        rev.deleted,
                    )
                )
        self._vault.records.apply_remote(writes)
        for d in decisions:
            if d.outcome in (Outcome.NEW, Outcome.UPDATE):
                self._foreign.keep_extra(d.incoming)
        with_open_conflicts = {
            row[0]
            for row in self._db.query(
                "SELECT DISTINCT record_id FROM exchange_conflict WHERE resolved_at IS NULL"
            )
        }
        for write in writes:
            if write.record_id in with_open_conflicts:
                self.conflicts.close_superseded(write.record_id, write.version)
        for d in decisions:
            if d.outcome is Outcome.CONFLICT:
                self.conflicts.record(d.incoming, d.local, sender.agency)


def _broken_histories(records: RecordsFile) -> dict[str, int]:
    broken: dict[str, int] = {}
    for dossier_id, links in records.histories.items():
        position = audit_chain.first_break_in(dossier_id, links)
        if position is not None:
            broken[dossier_id] = position
    return broken
