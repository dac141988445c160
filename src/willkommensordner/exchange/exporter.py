"""Export dossiers to partner agencies: consent check, signed manifest, age-encrypted archive.

The archive is produced piece by piece while age encrypts it, so attachments of any total
size pass through memory one at a time and no plaintext is written to disk.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from willkommensordner import __version__
from willkommensordner.domain.analysis import PotentialAnalysis
from willkommensordner.domain.record import RecordKind
from willkommensordner.errors import Blocked, InvalidInput, NotFound, UsageError
from willkommensordner.exchange import age_files
from willkommensordner.exchange.authority import Holders, SentCounters
from willkommensordner.exchange.consent_check import ConsentProblem, find_consent
from willkommensordner.exchange.contacts import Contact
from willkommensordner.exchange.foreign import ForeignStore
from willkommensordner.exchange.format import (
    ATTACHMENTS,
    FORMAT,
    FORMAT_MINOR,
    FORMAT_VERSION,
    MANIFEST,
    RECORDS,
    SIGNATURE,
    canonical,
    records_document,
)
from willkommensordner.exchange.keys import AgencyIdentity, b64url
from willkommensordner.exchange.ledger import next_sequence
from willkommensordner.exchange.memory import small_page_cache
from willkommensordner.exchange.scan_reader import read_ahead
from willkommensordner.exchange.scope import ExportScope
from willkommensordner.exchange.tar_stream import end_of_archive, entry_header, padding
from willkommensordner.guidance.analysis import without_sensitive
from willkommensordner.guidance.questionnaire import Questionnaire, default_questionnaire
from willkommensordner.i18n import N_
from willkommensordner.vault import audit_chain
from willkommensordner.vault.vault import Vault

PIECE = 1024 * 1024
MIN_OVERRIDE_REASON = 10


@dataclass(frozen=True, slots=True)
class Passphrase:
    """Encrypt to a passphrase instead of keys; `contact` is the partner it is meant for."""

    passphrase: str
    contact: Contact


@dataclass
class ExportPlan:
    """What will be exported, known before anything is encrypted."""

    dossier_ids: list[str]
    records: list[str] = field(default_factory=list)  # each one record as JSON text
    attachments: dict[str, int] = field(default_factory=dict)  # sha256 -> size
    counts: dict[str, int] = field(default_factory=dict)
    tombstones: int = 0
    kinds_by_dossier: dict[str, set[RecordKind]] = field(default_factory=dict)
    consents: list[dict[str, str]] = field(default_factory=list)
    problems: list[ConsentProblem] = field(default_factory=list)
    # What a newer format version added to these records, passed on as it came.
    extras: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    # Our installation's counter of each record that carries one: what the partner sees.
    our_counters: list[tuple[str, int]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ExportResult:
    file_id: str
    path: Path
    dossiers: int
    records: int
    attachments: int
    overridden: int


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _q_json(value: dict[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def suggested_name(created: datetime | None = None) -> str:
    """A file name without personal data: date and a random part."""
    created = created or datetime.now(UTC)
    return f"wko-export-{created:%Y%m%d-%H%M}-{uuid.uuid4().hex[:6]}.wkox"


def consent_block(plan: ExportPlan) -> Blocked | None:
    """Why the plan may not be written without a reason; None when every consent is there.

    The desktop app shows this before asking where to save, the CLI gets it raised.
    """
    if not plan.problems:
        return None
    first = plan.problems[0]
    missing = sorted(k.value for k in first.missing)
    if first.special_categories:
        missing.append("special categories (Art. 9 DSGVO)")
    return Blocked(
        N_(
            "Dossier {id} has no recorded, valid consent for {partner} that covers"
            " {kinds} ({count} problem(s) in all). Record the consent first, or give"
            " a written reason to export anyway."
        ),
        id=first.dossier_id,
        partner=first.contact.name,
        kinds=", ".join(missing),
        count=len(plan.problems),
    )


class Exporter:
    def __init__(self, vault: Vault, questionnaire: Questionnaire | None = None) -> None:
        self._vault = vault
        self._db = vault.db
        self._questionnaire = questionnaire or default_questionnaire()

    # --- what goes in ----------------------------------------------------------------------

    def all_dossier_ids(self) -> list[str]:
        """Every dossier, deleted ones included: their tombstones must reach the partner."""
        return [r[0] for r in self._db.query("SELECT id FROM dossier ORDER BY rowid")]

    def plan(
        self,
        dossier_ids: list[str],
        scope: ExportScope,
        recipients: list[Contact],
        on: date | None = None,
        *,
        only: set[str] | None = None,
    ) -> ExportPlan:
        """`only`: just these records of the dossiers (what changed since the last bundle to
        a device that has all the others); None: the dossiers whole."""
        if not dossier_ids:
            raise UsageError(N_("Name at least one dossier to export, or all."))
        on = on or date.today()
        plan = ExportPlan(list(dict.fromkeys(dossier_ids)))
        kinds = sorted(k.value for k in scope.kinds)
        marks = ",".join("?" * len(kinds))
        foreign = ForeignStore(self._db)
        plan.extras = foreign.extras(plan.dossier_ids)
        # Records of kinds only a newer version knows travel in exports of everything.
        everything = scope.kinds == frozenset(RecordKind)
        for dossier_id in plan.dossier_ids:
            row = self._db.execute(
                "SELECT body, created, modified, author, agency, device, version, deleted"
                " FROM dossier WHERE id = ?",
                (dossier_id,),
            ).fetchone()
            if row is None:
                raise NotFound(N_("There is no dossier with the id {id}."), id=dossier_id)
            dossier_deleted = bool(row[7])
            if only is None or dossier_id in only:
                self._add(plan, RecordKind.DOSSIER, dossier_id, dossier_id, row[0], row[1:])
            present = {RecordKind.DOSSIER}
            special = False  # whether special categories go along
            for kind, rid, body, *meta in self._db.query(
                "SELECT kind, id, body, created, modified, author, agency, device, version,"
                f" deleted FROM record WHERE dossier_id = ? AND kind IN ({marks}) ORDER BY rowid",
                (dossier_id, *kinds),
            ):
                if only is not None and rid not in only:
                    continue
                record_kind = RecordKind(kind)
                deleted = bool(meta[-1])
                if (
                    record_kind is RecordKind.NOTE
                    and not deleted
                    and json.loads(body).get("sensitive")
                ):
                    if not scope.sensitive_notes:
                        continue
                    special = True
                if record_kind is RecordKind.ANALYSIS and not deleted:
                    if scope.sensitive_notes:
                        special = special or self._has_special_answers(rid, dossier_id, body)
                    else:
                        body = self._shareable_analysis(rid, dossier_id, body)
                self._add(plan, record_kind, rid, dossier_id, body, tuple(meta))
                if not deleted:
                    present.add(record_kind)
                    if scope.scans and record_kind is RecordKind.DOCUMENT:
                        for ref in json.loads(body).get("attachments") or []:
                            plan.attachments[ref["sha256"]] = 0
            if dossier_deleted:
                continue  # a tombstone carries no personal data and needs no consent
            plan.kinds_by_dossier[dossier_id] = present
            passed_on = foreign.records([dossier_id]) if everything else []
            plan.records.extend(passed_on)
            # Unknown kinds are covered only by a consent to everything.
            needed = set(RecordKind) if passed_on else present
            for contact in recipients:
                found = find_consent(
                    self._db,
                    self._vault.records,
                    dossier_id,
                    contact,
                    needed,
                    on,
                    special_categories=special,
                )
                if isinstance(found, ConsentProblem):
                    plan.problems.append(found)
                else:
                    plan.consents.append(
                        {
                            "dossier_id": dossier_id,
                            "consent_id": found.id,
                            "recipient": contact.fingerprint,
                        }
                    )
        if plan.attachments:
            shas = list(plan.attachments)
            for start in range(0, len(shas), 500):
                batch = shas[start : start + 500]
                for sha, size in self._db.query(
                    f"SELECT sha256, size FROM blob WHERE sha256 IN ({','.join('?' * len(batch))})",
                    batch,
                ):
                    plan.attachments[sha] = int(size)
            # A scan this installation never received (a partner left scans out) stays out.
            plan.attachments = {s: n for s, n in plan.attachments.items() if n > 0}
        return plan

    def _has_special_answers(self, record_id: str, dossier_id: str, body: str) -> bool:
        return self._shareable_analysis(record_id, dossier_id, body) is not body

    def _shareable_analysis(self, record_id: str, dossier_id: str, body: str) -> str:
        """The analysis without its special-category answers, which it names as withheld."""
        analysis = PotentialAnalysis.from_body(record_id, json.loads(body), dossier_id=dossier_id)
        assert isinstance(analysis, PotentialAnalysis)
        shared = without_sensitive(analysis, self._questionnaire)
        if shared.answers == analysis.answers:
            return body
        return json.dumps(shared.body(), ensure_ascii=False)

    def _add(
        self,
        plan: ExportPlan,
        kind: RecordKind,
        record_id: str,
        dossier_id: str,
        body: str,
        meta: tuple[Any, ...],
    ) -> None:
        # Bodies and version vectors are stored as JSON already: they are spliced in as they
        # are instead of being parsed and written again (a third of the export's time).
        created, modified, author, agency, device, version, deleted = meta
        ours = self._vault.author.device
        if ours in version:
            counter = json.loads(version).get(ours)
            if counter:
                plan.our_counters.append((record_id, int(counter)))
        extra = plan.extras.get(record_id)
        if extra is not None:
            plan.records.append(
                _q_json(
                    {
                        **extra.get("record", {}),
                        "kind": kind.value,
                        "id": record_id,
                        "dossier_id": dossier_id,
                        "body": {} if deleted else {**extra.get("body", {}), **json.loads(body)},
                        "revision": {
                            **extra.get("revision", {}),
                            "created": created,
                            "modified": modified,
                            "author": author,
                            "agency": agency,
                            "device": device,
                            "version": json.loads(version),
                            "deleted": bool(deleted),
                        },
                    }
                )
            )
        else:
            plan.records.append(
                f'{{"kind":{_q(kind.value)},"id":{_q(record_id)},"dossier_id":{_q(dossier_id)},'
                f'"body":{"{}" if deleted else body},"revision":{{"created":{_q(created)},'
                f'"modified":{_q(modified)},"author":{_q(author)},"agency":{_q(agency)},'
                f'"device":{_q(device)},"version":{version},'
                f'"deleted":{"true" if deleted else "false"}}}}}'
            )
        if deleted:
            plan.tombstones += 1
        else:
            plan.counts[kind.value] = plan.counts.get(kind.value, 0) + 1

    # --- writing ---------------------------------------------------------------------------

    def export(
        self,
        dossier_ids: list[str],
        out: Path,
        *,
        recipients: list[Contact] | None = None,
        passphrase: Passphrase | None = None,
        scope: ExportScope | None = None,
        override_reason: str | None = None,
        on: date | None = None,
    ) -> ExportResult:
        """Write an encrypted export for partners; blocked without a matching consent."""
        # Every export is recorded in the dossiers' history: refuse before writing a file.
        self._vault.require_writable()
        recipients = list(recipients or [])
        if bool(recipients) == (passphrase is not None):
            raise UsageError(N_("Export either to partner keys or to a passphrase, not both."))
        partners = recipients if passphrase is None else [passphrase.contact]
        scope = scope or ExportScope()
        plan = self.plan(dossier_ids, scope, partners, on)
        reason = (override_reason or "").strip()
        blocked = consent_block(plan)
        if blocked is not None and len(reason) < MIN_OVERRIDE_REASON:
            raise blocked
        return self._write(plan, out, scope, partners, passphrase, reason)

    def export_plan(
        self,
        plan: ExportPlan,
        out: Path,
        scope: ExportScope,
        recipients: list[Contact],
        *,
        sync: dict[str, Any],
    ) -> ExportResult:
        """Write a planned file whose consents the caller checked (a team member's devices
        need none, a partner's plan holds only consented dossiers); `sync` goes into the
        signed manifest and tells the bundle's place in the sender's sequence."""
        self._vault.require_writable()
        if plan.problems:
            raise consent_block(plan) or Blocked(N_("The export is blocked."))
        return self._write(plan, out, scope, recipients, None, "", sync)

    def _write(
        self,
        plan: ExportPlan,
        out: Path,
        scope: ExportScope,
        partners: list[Contact],
        passphrase: Passphrase | None,
        reason: str,
        sync: dict[str, Any] | None = None,
    ) -> ExportResult:
        identity = AgencyIdentity.load_or_create(self._db)
        created = datetime.now(UTC)
        file_id = str(uuid.uuid4())
        # Each dossier's history as a hash chain: the receiver sees whether it was changed.
        histories = {d: audit_chain.segment(self._db, d) for d in plan.dossier_ids}
        records_bytes = records_document(plan.records, histories)
        entries = [
            {
                "name": RECORDS,
                "sha256": hashlib.sha256(records_bytes).hexdigest(),
                "size": len(records_bytes),
            }
        ] + [
            {"name": ATTACHMENTS + sha, "sha256": sha, "size": size}
            for sha, size in sorted(plan.attachments.items())
        ]
        public = identity.public
        holders = Holders(self._db)
        addressed = {c.fingerprint for c in partners}
        handovers = [
            {"dossier_id": dossier_id, "to": fingerprint}
            for dossier_id in plan.dossier_ids
            for fingerprint in holders.holders(dossier_id)
            if fingerprint not in addressed
        ]
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "format_minor": FORMAT_MINOR,
            "app_version": __version__,
            "file_id": file_id,
            "sequence": next_sequence(self._db),
            "created": created.isoformat(timespec="seconds"),
            "sender": {
                "agency": self._vault.author.agency,
                "device": self._vault.author.device,
                "age_recipient": public.age_recipient,
                "signing_key": b64url(public.signing_key),
                "fingerprint": public.fingerprint,
            },
            "recipients": [{"name": c.name, "fingerprint": c.fingerprint} for c in partners],
            "encryption": "passphrase" if passphrase else "recipients",
            "scope": scope.to_json(),
            "consents": plan.consents,
            "override": bool(plan.problems),
            "counts": {
                "dossiers": len(plan.dossier_ids),
                "records": plan.counts,
                "tombstones": plan.tombstones,
                "attachments": len(plan.attachments),
            },
            "entries": entries,
            "handovers": handovers,
        }
        if sync is not None:
            manifest["sync"] = sync
        manifest_bytes = canonical(manifest)
        signature = b64url(identity.sign(manifest_bytes)).encode("ascii") + b"\n"
        mtime = int(created.timestamp())
        chunks = self._archive(manifest_bytes, signature, records_bytes, plan, mtime)
        with small_page_cache(self._db):
            if passphrase is None:
                age_files.encrypt_to_recipients(
                    chunks, out, [c.public.age_recipient for c in partners]
                )
            else:
                age_files.encrypt_with_passphrase(chunks, out, passphrase.passphrase)
        self._audit(plan, file_id, partners, reason)
        return ExportResult(
            file_id,
            out,
            len(plan.dossier_ids),
            len(plan.records),
            len(plan.attachments),
            len({p.dossier_id for p in plan.problems}),
        )

    def _archive(
        self, manifest: bytes, signature: bytes, records: bytes, plan: ExportPlan, mtime: int
    ) -> Iterator[bytes | memoryview]:
        written = 0
        for name, data in ((MANIFEST, manifest), (SIGNATURE, signature), (RECORDS, records)):
            piece = entry_header(name, len(data), mtime)
            yield piece
            for start in range(0, len(data), PIECE):
                yield data[start : start + PIECE]
            pad = padding(len(data))
            yield pad
            written += len(piece) + len(data) + len(pad)
        # Scans are read ahead on connections of their own while age encrypts on this thread.
        for (sha, size), blob in read_ahead(
            self._vault.open_reader, sorted(plan.attachments.items())
        ):
            if blob is None or len(blob) != size:
                raise InvalidInput(N_("An attached file changed while exporting. Try again."))
            header = entry_header(ATTACHMENTS + sha, size, mtime)
            yield header
            view = memoryview(blob)
            for start in range(0, size, PIECE):
                yield view[start : start + PIECE]
            del view, blob
            pad = padding(size)
            yield pad
            written += len(header) + size + len(pad)
        yield end_of_archive(written)

    def _audit(self, plan: ExportPlan, file_id: str, partners: list[Contact], reason: str) -> None:
        author = self._vault.author
        at = datetime.now(UTC).isoformat(timespec="milliseconds")
        names = [c.name for c in partners]
        overridden = {p.dossier_id for p in plan.problems}
        rows: list[tuple[Any, ...]] = []
        for dossier_id in plan.dossier_ids:
            detail = {"file_id": file_id, "recipients": names}
            rows.append(_audit_row(at, dossier_id, "export", detail, author))
            if dossier_id in overridden:
                rows.append(
                    _audit_row(
                        at, dossier_id, "export_override", {**detail, "reason": reason}, author
                    )
                )
        holders = Holders(self._db)
        with self._db.transaction():
            audit_chain.append(self._db, rows)
            # Handed over: from now on these partners may send back changes to the dossiers.
            sent = SentCounters(self._db)
            for contact in partners:
                for dossier_id in plan.dossier_ids:
                    holders.add(dossier_id, contact.fingerprint, "sent")
                sent.sent(contact.fingerprint, plan.our_counters)


def _audit_row(
    at: str, dossier_id: str, action: str, detail: dict[str, Any], author: Any
) -> tuple[Any, ...]:
    return (
        at,
        dossier_id,
        RecordKind.DOSSIER.value,
        dossier_id,
        action,
        None,
        None,
        json.dumps(detail, ensure_ascii=False),
        author.counsellor,
        author.agency,
        author.device,
    )
