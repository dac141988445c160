"""Importing an export file: decrypt, check signature and hashes, preview, merge in one go.

The file is read twice when applied after a preview: the preview never writes anything, and
the apply pass writes everything — attachments as they stream in, records at the end — inside
one transaction that is rolled back if any check fails, down to age's last authenticated chunk.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from willkommensordner.domain.record import RecordKind
from willkommensordner.domain.revision import merged
from willkommensordner.errors import Blocked, InvalidInput, NotFound
from willkommensordner.exchange import age_files, merge
from willkommensordner.exchange.conflicts import ConflictStore
from willkommensordner.exchange.contacts import Contact, ContactBook
from willkommensordner.exchange.decrypt_worker import DecryptWorker
from willkommensordner.exchange.format import (
    MANIFEST,
    RECORDS,
    SIGNATURE,
    Incoming,
    Manifest,
    parse_manifest,
    parse_records,
)
from willkommensordner.exchange.keys import AgencyIdentity, unb64url
from willkommensordner.exchange.memory import small_page_cache
from willkommensordner.exchange.merge import Decision, Outcome
from willkommensordner.exchange.tar_stream import DAMAGED, EntrySink, Limits, TarPushReader
from willkommensordner.i18n import N_
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


@dataclass
class Sender:
    agency: str
    fingerprint: str
    contact: Contact | None
    own: bool

    @property
    def trusted(self) -> bool:
        return self.own or (self.contact is not None and self.contact.verified)


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

    @property
    def changes(self) -> int:
        return len(self.new_records) + len(self.updated) + len(self.deleted) + len(self.conflicts)


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
        on_manifest: Callable[[Manifest], None],
        on_attachment: Callable[[str, bytearray], None] | None,
        reserve: Callable[[int], None] | None = None,
    ) -> None:
        self._on_manifest = on_manifest
        self._on_attachment = on_attachment
        self._reserve = reserve  # waits until an attachment of that size may be kept
        self.manifest_bytes: bytes | None = None
        self.manifest: Manifest | None = None
        self.records: list[Incoming] | None = None
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

    def _manifest_read(self, data: bytearray, _digest: str) -> None:
        self.manifest_bytes = bytes(data)
        parse_manifest(data)  # a newer format version is reported as such, before the signature

    def _signature_read(self, data: bytearray, _digest: str) -> None:
        assert self.manifest_bytes is not None
        manifest = parse_manifest(self.manifest_bytes)
        try:
            signature = unb64url(data.decode("ascii").strip())
        except (UnicodeDecodeError, InvalidInput):
            raise InvalidInput(BAD_SIGNATURE) from None
        if len(signature) != 64 or not manifest.sender.verify(signature, self.manifest_bytes):
            raise InvalidInput(BAD_SIGNATURE)
        self.manifest = manifest
        self._on_manifest(manifest)

    def _records_read(self, data: bytearray, digest: str) -> None:
        self._check(RECORDS, digest)
        self.records = parse_records(data)

    def finish(self) -> tuple[Manifest, list[Incoming]]:
        if self.manifest is None or self.records is None:
            raise InvalidInput(DAMAGED)
        if self.seen != set(self.manifest.entries):
            raise InvalidInput(DAMAGED)
        return self.manifest, self.records


class Importer:
    def __init__(self, vault: Vault, *, limits: Limits | None = None) -> None:
        self._vault = vault
        self._db = vault.db
        self._limits = limits or Limits()
        self.contacts = ContactBook(vault.db)
        self.conflicts = ConflictStore(vault.db, vault.records)

    # --- reading ---------------------------------------------------------------------------

    def _sender(self, manifest: Manifest) -> Sender:
        own = AgencyIdentity.load(self._db)
        contact = self.contacts.by_key(manifest.sender.signing_key)
        return Sender(
            manifest.sender_agency,
            manifest.sender.fingerprint,
            contact,
            own is not None and own.public.signing_key == manifest.sender.signing_key,
        )

    def _read(
        self,
        path: Path,
        passphrase: str | None,
        on_manifest: Callable[[Manifest], None],
        on_attachment: Callable[[str, bytearray], None] | None,
        worker: DecryptWorker | None = None,
    ) -> tuple[Manifest, list[Incoming]]:
        """One pass over the file; with a worker, it decrypts and this thread runs the hooks."""
        if not path.is_file():
            raise NotFound(N_("The file could not be read."))
        identity = None
        if passphrase is None:
            # No keys yet: nothing can have been encrypted to us, and a new key says so.
            identity = AgencyIdentity.load(self._db) or AgencyIdentity.generate()
        reading = _Reading(on_manifest, on_attachment, worker.reserve if worker else None)
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
        return reading.finish()

    # --- preview ---------------------------------------------------------------------------

    def preview(self, path: Path, *, passphrase: str | None = None) -> ImportPreview:
        """Read and check the whole file, and say what importing it would change."""
        manifest, records = self._read(path, passphrase, lambda m: None, None)
        decisions = merge.plan(self._db, records)
        return self._summary(manifest, decisions)

    def _summary(self, manifest: Manifest, decisions: list[Decision]) -> ImportPreview:
        already = (
            self._db.scalar("SELECT 1 FROM exchange_import WHERE file_id = ?", (manifest.file_id,))
            is not None
        )
        preview = ImportPreview(
            manifest.file_id,
            manifest.created,
            self._sender(manifest),
            already,
            attachments=len(manifest.attachment_entries),
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
            elif d.outcome is Outcome.KEEP:
                preview.kept_ours += 1
            elif d.outcome is Outcome.ERASED:
                preview.erased_dossiers.add(r.dossier_id)
            else:
                preview.unchanged += 1
        return preview

    # --- applying --------------------------------------------------------------------------

    def apply(
        self,
        path: Path,
        *,
        passphrase: str | None = None,
        confirm_unverified_sender: bool = False,
    ) -> ImportPreview:
        """Import and merge in one transaction; any problem leaves the vault as it was."""

        def check_sender(manifest: Manifest) -> None:
            sender = self._sender(manifest)
            if not sender.trusted and not confirm_unverified_sender:
                raise Blocked(UNCONFIRMED, fingerprint=sender.fingerprint)

        # Decrypting runs on a worker; the checks and writes run here, in the transaction.
        worker = DecryptWorker()

        def store_blob(sha256: str, data: bytearray) -> None:
            worker.post(lambda: self._store_blob(sha256, data), len(data))

        with self._db.transaction(), small_page_cache(self._db):
            manifest, records = self._read(
                path,
                passphrase,
                lambda manifest: worker.call(lambda: check_sender(manifest)),
                store_blob,
                worker,
            )
            decisions = merge.plan(self._db, records)
            summary = self._summary(manifest, decisions)
            self._apply(manifest, decisions)
            if summary.erased_dossiers:
                # Scans of the left-out dossiers were stored while the file streamed past.
                self._vault.attachments.purge_unreferenced()
            self._db.execute(
                "INSERT OR IGNORE INTO exchange_import(file_id, sender_fingerprint, created,"
                " imported_at) VALUES (?,?,?,?)",
                (
                    manifest.file_id,
                    manifest.sender.fingerprint,
                    manifest.created,
                    datetime.now(UTC).isoformat(timespec="seconds"),
                ),
            )
        return summary

    def _store_blob(self, sha256: str, data: bytearray) -> None:
        media_type = sniff(bytes(data[:16]))
        if media_type is None:
            raise InvalidInput(N_("The file contains an attachment of a type this app refuses."))
        self._db.execute(
            "INSERT OR IGNORE INTO blob(sha256, media_type, size, data) VALUES (?,?,?,?)",
            (sha256, media_type, len(data), data),
        )

    def _apply(self, manifest: Manifest, decisions: list[Decision]) -> None:
        writes: list[RemoteWrite] = []
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
                        Author(rev.counsellor, rev.agency or manifest.sender_agency, rev.device),
                        version,
                        rev.deleted,
                    )
                )
        self._vault.records.apply_remote(writes)
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
                self.conflicts.record(d.incoming, d.local, manifest.sender_agency)
