"""Commands for exchange between agencies: keys, partners, consents, export/import, backups."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from willkommensordner.cli.common import (
    Context,
    open_vault,
    parse_day,
    positive,
    print_json,
    read_secret_file,
    resolve_dossier,
    write_export,
)
from willkommensordner.errors import (
    Blocked,
    ExitCode,
    NotFound,
    UsageError,
)
from willkommensordner.i18n import N_, Translator


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser], tr: Translator) -> None:
    p = sub.add_parser("identity", help=tr.gettext("this agency's keys for exchanging files"))
    isub = p.add_subparsers(dest="identity_command", metavar="ACTION", required=True)
    q = isub.add_parser("show", help=tr.gettext("show the public key and its fingerprint"))
    q.add_argument("--qr", action="store_true", help=tr.gettext("also draw it as a QR code"))
    q.set_defaults(handler=_cmd_identity_show)
    q = isub.add_parser("export", help=tr.gettext("write the public key to a file for partners"))
    q.add_argument("-o", "--output", metavar="FILE", help=tr.gettext("the key as a text file"))
    q.add_argument(
        "--qr", metavar="FILE", help=tr.gettext("the key as a QR code picture (.svg or .png)")
    )
    q.set_defaults(handler=_cmd_identity_export)
    q = isub.add_parser(
        "export-age-key",
        help=tr.gettext(
            "write this installation's SECRET age key to a file, to decrypt files with the"
            " standard age tool"
        ),
    )
    q.add_argument("-o", "--output", required=True, metavar="FILE")
    q.add_argument(
        "--confirm-secret",
        action="store_true",
        help=tr.gettext("I understand that this file opens every file sent to this agency"),
    )
    q.set_defaults(handler=_cmd_identity_export_age_key)

    p = sub.add_parser("contacts", help=tr.gettext("partner agencies and their keys"))
    csub = p.add_subparsers(dest="contacts_command", metavar="ACTION", required=True)
    q = csub.add_parser("add", help=tr.gettext("add a partner from a key file or key text"))
    q.add_argument("source", metavar="FILE|KEY")
    q.add_argument("--name", required=True, help=tr.gettext("the partner agency's name"))
    q.add_argument(
        "--verified",
        action="store_true",
        help=tr.gettext("the fingerprint was already compared with the partner"),
    )
    q.add_argument(
        "--team",
        action="store_true",
        help=tr.gettext("a device of our own agency: it syncs the whole caseload"),
    )
    q.set_defaults(handler=_cmd_contacts_add)
    q = csub.add_parser("list", help=tr.gettext("list partners"))
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=_cmd_contacts_list)
    q = csub.add_parser(
        "verify", help=tr.gettext("mark a partner as checked (fingerprint compared)")
    )
    q.add_argument("name")
    q.add_argument(
        "--fingerprint", help=tr.gettext("the fingerprint the partner read out, to compare")
    )
    q.set_defaults(handler=_cmd_contacts_verify)
    q = csub.add_parser("remove", help=tr.gettext("forget a partner's key"))
    q.add_argument("name")
    q.set_defaults(handler=_cmd_contacts_remove)

    p = sub.add_parser("consent", help=tr.gettext("consents to share a dossier"))
    ssub = p.add_subparsers(dest="consent_command", metavar="ACTION", required=True)
    q = ssub.add_parser("add", help=tr.gettext("record a consent"))
    q.add_argument("id", help=tr.gettext("dossier id"))
    q.add_argument("--recipient", required=True, metavar="CONTACT")
    q.add_argument("--scope", default="all", help=tr.gettext("all, or record types: a,b,c"))
    q.add_argument("--purpose", default="")
    q.add_argument("--given-on", type=parse_day, metavar="DD.MM.YYYY")
    q.add_argument("--valid-until", type=parse_day, metavar="DD.MM.YYYY")
    q.add_argument(
        "--special-categories",
        action="store_true",
        help=tr.gettext(
            "the person explicitly agreed to share health data and sensitive notes (Art. 9 DSGVO)"
        ),
    )
    q.set_defaults(handler=_cmd_consent_add)
    q = ssub.add_parser("list", help=tr.gettext("list a dossier's consents"))
    q.add_argument("id")
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=_cmd_consent_list)
    q = ssub.add_parser("revoke", help=tr.gettext("record that a consent was withdrawn"))
    q.add_argument("consent_id")
    q.add_argument("--on", type=parse_day, metavar="DD.MM.YYYY")
    q.set_defaults(handler=_cmd_consent_revoke)

    p = sub.add_parser("export", help=tr.gettext("write an encrypted file for a partner agency"))
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--dossier", action="append", metavar="ID")
    which.add_argument("--all", action="store_true")
    p.add_argument("--to", action="append", metavar="CONTACT")
    p.add_argument("--passphrase-file", metavar="FILE")
    p.add_argument("--for", dest="for_contact", metavar="CONTACT")
    p.add_argument("--scope", default="all", help=tr.gettext("all, or record types: a,b,c"))
    p.add_argument(
        "--include-sensitive",
        action="store_true",
        help=tr.gettext("include sensitive notes and the health answers of the potential analysis"),
    )
    p.add_argument("--without-scans", action="store_true")
    p.add_argument("--override-reason", metavar="TEXT")
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p.set_defaults(handler=_cmd_export)

    p = sub.add_parser("import", help=tr.gettext("import and merge a partner's file"))
    p.add_argument("file")
    p.add_argument("--passphrase-file", metavar="FILE")
    p.add_argument("--dry-run", action="store_true", help=tr.gettext("only show what it would do"))
    p.add_argument("--yes", action="store_true", help=tr.gettext("accept an unverified sender"))
    p.add_argument(
        "--accept-deletions",
        action="store_true",
        help=tr.gettext(
            "delete what the partner deleted (otherwise each deletion waits as a conflict)"
        ),
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_import)

    p = sub.add_parser(
        "undelete", help=tr.gettext("bring back a deleted record (e.g. deleted by a partner)")
    )
    p.add_argument("record_id", metavar="ID")
    p.set_defaults(handler=_cmd_undelete)

    p = sub.add_parser("conflicts", help=tr.gettext("records changed on both sides"))
    fsub = p.add_subparsers(dest="conflicts_command", metavar="ACTION", required=True)
    q = fsub.add_parser("list")
    q.add_argument("--dossier", metavar="ID")
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=_cmd_conflicts_list)
    q = fsub.add_parser("resolve", help=tr.gettext("keep one side, or choose per field"))
    q.add_argument("conflict_id")
    q.add_argument("--take", choices=["ours", "theirs"])
    q.add_argument(
        "--field", action="append", default=[], metavar="NAME=ours|theirs", dest="fields"
    )
    q.set_defaults(handler=_cmd_conflicts_resolve)

    p = sub.add_parser("backup", help=tr.gettext("encrypted backup of the whole vault"))
    p.add_argument("-o", "--output", metavar="FILE")
    p.add_argument("--auto", action="store_true", help=tr.gettext("rotating automatic backup"))
    p.add_argument("--keep", type=positive, help=tr.gettext("how many automatic backups to keep"))
    p.add_argument("--dir", metavar="DIR", help=tr.gettext("folder for automatic backups"))
    p.set_defaults(handler=_cmd_backup)

    p = sub.add_parser("restore", help=tr.gettext("restore a backup as a vault"))
    p.add_argument("file")
    p.add_argument("--to", required=True, metavar="PATH")
    p.set_defaults(handler=_cmd_restore)


def _cmd_identity_show(args: argparse.Namespace, ctx: Context) -> int:
    from willkommensordner.exchange.keys import AgencyIdentity

    with open_vault(args, ctx) as vault:
        public = AgencyIdentity.load_or_create(vault.db).public
    print(public.text, file=ctx.out)
    ctx.say(N_("Fingerprint: {fingerprint}"), fingerprint=public.fingerprint)
    if args.qr:
        print(public.qr_text(), file=ctx.out)
    return 0


def _cmd_identity_export(args: argparse.Namespace, ctx: Context) -> int:
    from willkommensordner.exchange.keys import AgencyIdentity

    if not args.output and not args.qr:
        raise UsageError(N_("Please name a file: --output for the key, --qr for a QR code."))
    with open_vault(args, ctx) as vault:
        public = AgencyIdentity.load_or_create(vault.db).public
        agency = vault.author.agency
    if args.output:
        write_export(Path(args.output), public.file_text(agency).encode("utf-8"))
        ctx.say(N_("Wrote the public key to {path}."), path=args.output)
    if args.qr:
        write_export(Path(args.qr), public.qr_picture(Path(args.qr).suffix))
        ctx.say(N_("Wrote the QR code of the public key to {path}."), path=args.qr)
    return 0


AGE_KEY_WARNING = N_(
    "Warning: this file holds the secret key of this installation. With it, anyone can read"
    " every file partners send to this agency. Keep it on this computer or an encrypted"
    " medium, never send or sync it, and delete it as soon as you are done."
)


def _cmd_identity_export_age_key(args: argparse.Namespace, ctx: Context) -> int:
    from willkommensordner.exchange.keys import AgencyIdentity

    out = Path(args.output)
    ctx.warn(AGE_KEY_WARNING)
    if not args.confirm_secret:
        raise Blocked(N_("Nothing was written. Repeat with --confirm-secret to write the key."))
    if out.exists():
        raise UsageError(
            N_("{path} exists already; the key is not written over it."), path=str(out)
        )
    with open_vault(args, ctx) as vault:
        identity = AgencyIdentity.load_or_create(vault.db)
        agency = " ".join(vault.author.agency.split())
    text = (
        "# Willkommensordner digital: SECRET age key of this installation. Do not pass it on.\n"
        f"# agency: {agency}\n"
        f"# public key: {identity.public.age_recipient}\n"
        f"{identity.age_secret()}\n"
    )
    write_export(out, text.encode("utf-8"))
    ctx.say(
        N_("Wrote the secret age key to {path} (only you can read it). Use: age -d -i {path} FILE"),
        path=str(out),
    )
    return 0


def _cmd_contacts_add(args: argparse.Namespace, ctx: Context) -> int:
    from willkommensordner.exchange.contacts import ContactBook
    from willkommensordner.exchange.keys import PREFIX, PublicIdentity

    source = args.source.strip()
    if source.startswith(PREFIX + ":"):
        public = PublicIdentity.parse(source)
    else:
        try:
            text = Path(source).read_text(encoding="utf-8")[:65536]
        except (OSError, UnicodeDecodeError):
            raise NotFound(N_("The file could not be read.")) from None
        public = PublicIdentity.from_file_text(text)
    with open_vault(args, ctx) as vault:
        book = ContactBook(vault.db)
        contact = book.add(args.name, public, verified=args.verified)
        if args.team:
            book.set_team(contact)
    if args.team:
        ctx.say(N_("Added the team member {name}."), name=contact.name)
    else:
        ctx.say(N_("Added the partner {name}."), name=contact.name)
    ctx.say(N_("Fingerprint: {fingerprint}"), fingerprint=contact.fingerprint)
    if not contact.verified:
        ctx.say(
            N_("Compare the fingerprint with the partner, then run: contacts verify {name}"),
            name=contact.name,
        )
    return 0


def _cmd_contacts_list(args: argparse.Namespace, ctx: Context) -> int:
    from willkommensordner.exchange.contacts import ContactBook

    with open_vault(args, ctx) as vault:
        contacts = ContactBook(vault.db).all()
    if args.json:
        print_json(
            ctx,
            [
                {
                    "id": c.id,
                    "name": c.name,
                    "fingerprint": c.fingerprint,
                    "verified": c.verified,
                    "key": c.public.text,
                }
                for c in contacts
            ],
        )
        return 0
    for c in contacts:
        mark = ctx.tr.gettext("verified") if c.verified else ctx.tr.gettext("NOT verified")
        print(f"{c.name}\t{c.fingerprint}\t{mark}", file=ctx.out)
    return 0


def _cmd_contacts_verify(args: argparse.Namespace, ctx: Context) -> int:
    from willkommensordner.exchange.contacts import ContactBook

    with open_vault(args, ctx) as vault:
        book = ContactBook(vault.db)
        contact = book.get(args.name)
        if args.fingerprint is not None:
            given = "".join(args.fingerprint.split()).upper()
            if given != contact.fingerprint.replace(" ", ""):
                raise Blocked(
                    N_("The fingerprints differ. Do not trust this key; ask the partner again.")
                )
        book.verify(contact.id)
    ctx.say(N_("The partner {name} is marked as verified."), name=contact.name)
    return 0


def _cmd_contacts_remove(args: argparse.Namespace, ctx: Context) -> int:
    from willkommensordner.exchange.contacts import ContactBook

    with open_vault(args, ctx) as vault:
        book = ContactBook(vault.db)
        contact = book.get(args.name)
        book.remove(contact.id)
    ctx.say(
        N_(
            "The partner {name} is removed. Consents recorded for them stay in the dossiers but"
            " count only for this entry: after adding their key again, record the consents"
            " again."
        ),
        name=contact.name,
    )
    return 0


def _cmd_consent_add(args: argparse.Namespace, ctx: Context) -> int:
    from willkommensordner.domain.consent import Consent
    from willkommensordner.exchange.contacts import ContactBook
    from willkommensordner.exchange.scope import ExportScope

    scope = ExportScope.parse(args.scope)
    with open_vault(args, ctx) as vault:
        dossier_id = resolve_dossier(vault, args.id)
        contact = ContactBook(vault.db).get(args.recipient)
        consent = vault.records.save(
            Consent(
                dossier_id=dossier_id,
                recipient=contact.name,
                recipient_contact_id=contact.id,
                purpose=args.purpose,
                scope=sorted(scope.kinds),
                given_on=args.given_on or date.today(),
                valid_until=args.valid_until,
                special_categories=args.special_categories,
            )
        )
    ctx.say(N_("Recorded the consent {id}."), id=consent.id)
    return 0


def _cmd_consent_list(args: argparse.Namespace, ctx: Context) -> int:
    from willkommensordner.domain.consent import Consent
    from willkommensordner.exchange.consent_check import partner_consents

    with open_vault(args, ctx) as vault:
        dossier_id = resolve_dossier(vault, args.id)
        consents = vault.records.parts(dossier_id, Consent)
        said = partner_consents(vault.db, vault.records, dossier_id)
    today = date.today()
    if args.json:
        print_json(
            ctx,
            [
                {
                    **c.model_dump(mode="json"),
                    "active": c.is_active(today) and c.id not in said,
                    "recorded_here": c.id not in said,
                    "said_by": said.get(c.id),
                }
                for c in consents
            ],
        )
        return 0
    for c in consents:
        kinds = ",".join(k.value for k in c.scope) + (",art9" if c.special_categories else "")
        until = c.valid_until.isoformat() if c.valid_until else "—"
        if c.id in said:
            # A partner's word: shown, never counted for an export from here.
            state = ctx.tr.format(
                N_("{partner} says: consent given on {date} (information only)"),
                {"partner": said[c.id] or "?", "date": c.given_on.isoformat()},
            )
        else:
            state = ctx.tr.gettext("active") if c.is_active(today) else ctx.tr.gettext("not active")
        print(f"{c.id}\t{c.recipient}\t{kinds}\t{c.given_on}…{until}\t{state}", file=ctx.out)
    return 0


def _cmd_consent_revoke(args: argparse.Namespace, ctx: Context) -> int:
    from willkommensordner.domain.consent import Consent

    with open_vault(args, ctx) as vault:
        consent = vault.records.get(Consent, args.consent_id.strip())
        vault.records.save(consent.model_copy(update={"revoked_on": args.on or date.today()}))
    ctx.say(N_("The consent {id} is revoked."), id=consent.id)
    return 0


def _cmd_export(args: argparse.Namespace, ctx: Context) -> int:
    from willkommensordner.exchange.contacts import ContactBook
    from willkommensordner.exchange.exporter import Exporter, Passphrase
    from willkommensordner.exchange.scope import ExportScope

    if bool(args.to) == bool(args.passphrase_file):
        raise UsageError(N_("Give --to CONTACT, or --passphrase-file FILE with --for CONTACT."))
    if args.passphrase_file and not args.for_contact:
        raise UsageError(N_("A passphrase export names the partner it is for: --for CONTACT."))
    scope = ExportScope.parse(
        args.scope, sensitive_notes=args.include_sensitive, scans=not args.without_scans
    )
    with open_vault(args, ctx) as vault:
        book = ContactBook(vault.db)
        exporter = Exporter(vault)
        ids = (
            exporter.all_dossier_ids()
            if args.all
            else [resolve_dossier(vault, i) for i in args.dossier]
        )
        passphrase = (
            Passphrase(read_secret_file(args.passphrase_file), book.get(args.for_contact))
            if args.passphrase_file
            else None
        )
        recipients = [book.get(name) for name in args.to or []]
        result = exporter.export(
            ids,
            Path(args.output),
            recipients=recipients,
            passphrase=passphrase,
            scope=scope,
            override_reason=args.override_reason,
        )
    ctx.say(
        N_("Exported {dossiers} dossier(s), {records} record(s), {attachments} scan(s) to {path}."),
        dossiers=result.dossiers,
        records=result.records,
        attachments=result.attachments,
        path=str(result.path),
    )
    if result.overridden:
        ctx.say(
            N_(
                "{count} dossier(s) were exported without a matching consent; the reason is"
                " recorded in their history."
            ),
            count=result.overridden,
        )
    return 0


def _cmd_import(args: argparse.Namespace, ctx: Context) -> int:
    from willkommensordner.backup.vault_backup import rotate
    from willkommensordner.exchange.importer import Importer

    passphrase = read_secret_file(args.passphrase_file) if args.passphrase_file else None
    path = Path(args.file)
    accept = args.accept_deletions
    with open_vault(args, ctx) as vault:
        importer = Importer(vault)
        preview = importer.preview(path, passphrase=passphrase, accept_deletions=accept)
        sender = preview.sender
        if not sender.trusted:
            ctx.warn(
                N_(
                    "Warning: the sender ({agency}, fingerprint {fingerprint}) is not a verified"
                    " partner."
                ),
                agency=sender.agency,
                fingerprint=sender.fingerprint,
            )
        if args.dry_run or preview.earlier is not None:
            _print_import(ctx, preview, args.json, dry_run=True)
            return _import_exit(preview, preview.conflicts)
        if not sender.trusted and not args.yes:
            _print_import(ctx, preview, args.json, dry_run=True)
            raise Blocked(
                N_("Nothing was imported. Check the sender's fingerprint, then repeat with --yes.")
            )
        # A partner's file changes many records at once: keep the rotating backup current
        # (at most one a day) so that a wrong merge can be undone.
        rotate(vault)
        report = importer.apply(
            path, passphrase=passphrase, confirm_unverified_sender=True, accept_deletions=accept
        )
        remaining = importer.conflicts.count_open()
    _print_import(ctx, report, args.json, dry_run=False)
    if remaining:
        ctx.warn(N_("{count} conflict(s) to resolve: see `conflicts list`."), count=remaining)
    return _import_exit(report, remaining)


def _import_exit(preview: Any, conflicts: object) -> int:
    """Blocked (8) when the file, or part of it, was refused; else conflicts (9) if any."""
    from willkommensordner.exchange.ledger import Stale

    earlier = preview.earlier
    if (earlier is not None and earlier.stale is Stale.OLDER) or preview.refused:
        return int(ExitCode.BLOCKED)
    return int(ExitCode.CONFLICTS) if conflicts else 0


def _print_import(ctx: Context, preview: Any, as_json: bool, *, dry_run: bool) -> None:
    from willkommensordner.exchange.ledger import Stale

    sender = preview.sender
    if as_json:
        print_json(
            ctx,
            {
                "file_id": preview.file_id,
                "dry_run": dry_run,
                "sender": {
                    "agency": sender.agency,
                    "claimed_agency": sender.claimed_agency,
                    "fingerprint": sender.fingerprint,
                    "contact": sender.contact.name if sender.contact else None,
                    "verified": sender.trusted,
                },
                "already_imported": preview.already_imported,
                "earlier": preview.earlier.stale.value if preview.earlier else None,
                "new_dossiers": preview.new_dossiers,
                "new_records": len(preview.new_records),
                "updated": [[k.value, i] for k, i in preview.updated],
                "deleted": [[k.value, i] for k, i in preview.deleted],
                "conflicts": [[k.value, i, d] for k, i, d in preview.conflicts],
                "deletions_waiting": preview.deletions_waiting,
                "refused": [list(r) for r in preview.refused],
                "kept_ours": preview.kept_ours,
                "unchanged": preview.unchanged,
                "attachments": preview.attachments,
                "left_out_erased_dossiers": len(preview.erased_dossiers),
                "kept_unknown_kinds": preview.foreign,
                "broken_histories": preview.broken_histories,
            },
        )
        return
    if preview.earlier is not None:
        if preview.earlier.stale is Stale.REPEATED:
            ctx.say(
                N_("This file was imported already ({at}). Nothing was changed."),
                at=preview.earlier.at,
            )
        else:
            ctx.warn(
                N_(
                    "This file is older than a file from {name} imported already ({at})."
                    " Nothing was changed. Ask the partner for a current file."
                ),
                name=sender.agency,
                at=preview.earlier.at,
            )
        return
    if dry_run:
        ctx.say(N_("Preview — nothing has been changed:"))
    ctx.say(
        N_("From {agency} ({fingerprint})."),
        agency=sender.agency,
        fingerprint=sender.fingerprint,
    )
    if sender.claim_differs and sender.claimed_agency.strip():
        ctx.say(
            N_("Note: the file calls its sender “{claimed}”; that is only what it says."),
            claimed=" ".join(sender.claimed_agency.split()),
        )
    ctx.say(
        N_(
            "New dossiers: {new}. New records: {records}. Updated: {updated}. Deleted: {deleted}."
            " Conflicts: {conflicts}. Kept ours (newer): {kept}. Unchanged: {unchanged}."
        ),
        new=len(preview.new_dossiers),
        records=len(preview.new_records),
        updated=len(preview.updated),
        deleted=len(preview.deleted),
        conflicts=len(preview.conflicts),
        kept=preview.kept_ours,
        unchanged=preview.unchanged,
    )
    for dossier_id, position in sorted(preview.broken_histories.items()):
        ctx.warn(
            N_(
                "The history of dossier {dossier} in this file was changed after it was written"
                " (from entry {entry} on). Ask {name} to check their vault."
            ),
            dossier=dossier_id,
            entry=position,
            name=sender.agency,
        )
    if preview.refused:
        ctx.warn(
            N_(
                "Refused: {count} change(s) to {dossiers} dossier(s) here that were never handed"
                " to {name}. They were left out."
            ),
            count=len(preview.refused),
            dossiers=len(preview.refused_dossiers),
            name=sender.agency,
        )
    if preview.deletions_waiting:
        ctx.say(
            N_(
                "{count} deletion(s) by the partner wait as conflicts: nothing is deleted until"
                " you accept it (`conflicts resolve`, or import with --accept-deletions)."
            ),
            count=preview.deletions_waiting,
        )
    if preview.foreign:
        ctx.say(
            N_(
                "Kept {count} record(s) of a kind a newer version of the app knows; they are"
                " passed on with their dossier."
            ),
            count=preview.foreign,
        )
    if preview.erased_dossiers:
        ctx.say(
            N_(
                "Left out: {count} dossier(s) that were deleted here for good under the retention"
                " rules. They stay deleted."
            ),
            count=len(preview.erased_dossiers),
        )


def _cmd_undelete(args: argparse.Namespace, ctx: Context) -> int:
    with open_vault(args, ctx) as vault:
        kind, dossier_id = vault.records.undelete(args.record_id.strip())
    ctx.say(
        N_("Brought back: {kind} {id} (dossier {dossier})."),
        kind=ctx.tr.gettext(kind.label),
        id=args.record_id.strip(),
        dossier=dossier_id,
    )
    return 0


def _cmd_conflicts_list(args: argparse.Namespace, ctx: Context) -> int:
    from willkommensordner.exchange.conflicts import ConflictStore

    with open_vault(args, ctx) as vault:
        dossier = resolve_dossier(vault, args.dossier) if args.dossier else None
        conflicts = ConflictStore(vault.db, vault.records).list_conflicts(dossier)
    if args.json:
        print_json(
            ctx,
            [
                {
                    "id": c.id,
                    "kind": c.kind.value,
                    "record_id": c.record_id,
                    "dossier_id": c.dossier_id,
                    "from": c.theirs_agency,
                    "fields": {
                        f: {"ours": c.ours.get(f), "theirs": c.theirs.get(f)} for f in c.fields
                    },
                    "ours_deleted": c.ours_deleted,
                    "theirs_deleted": c.theirs_deleted,
                }
                for c in conflicts
            ],
        )
        return int(ExitCode.CONFLICTS) if conflicts else 0
    for c in conflicts:
        print(f"{c.id}\t{c.kind.value}\t{c.record_id}\t{c.theirs_agency}", file=ctx.out)
        if c.ours_deleted or c.theirs_deleted:
            side = ctx.tr.gettext("ours") if c.ours_deleted else ctx.tr.gettext("theirs")
            ctx.say(N_("    deleted on one side ({side})"), side=side)
        for f in c.fields:
            print(f"    {f}: {c.ours.get(f)!r} | {c.theirs.get(f)!r}", file=ctx.out)
    return int(ExitCode.CONFLICTS) if conflicts else 0


def _cmd_conflicts_resolve(args: argparse.Namespace, ctx: Context) -> int:
    from willkommensordner.exchange.conflicts import ConflictStore, Side

    if bool(args.take) == bool(args.fields):
        raise UsageError(N_("Give --take ours|theirs, or --field NAME=ours|theirs (repeated)."))
    choice: Side | dict[str, Side]
    if args.take:
        choice = Side(args.take)
    else:
        choice = {}
        for item in args.fields:
            name, _, side = item.partition("=")
            if side not in ("ours", "theirs"):
                raise UsageError(N_("Write each field choice as NAME=ours or NAME=theirs."))
            choice[name.strip()] = Side(side)
    with open_vault(args, ctx) as vault:
        store = ConflictStore(vault.db, vault.records)
        store.resolve(args.conflict_id, choice)
        remaining = store.count_open()
    ctx.say(N_("Resolved. Conflicts left: {count}."), count=remaining)
    return int(ExitCode.CONFLICTS) if remaining else 0


def _cmd_backup(args: argparse.Namespace, ctx: Context) -> int:
    from willkommensordner.backup.vault_backup import BackupSettings, create_backup, rotate

    if bool(args.output) == bool(args.auto):
        raise UsageError(N_("Give -o FILE for a backup, or --auto for a rotating one."))
    with open_vault(args, ctx) as vault:
        if args.output:
            info = create_backup(vault, Path(args.output))
            ctx.say(
                N_("Wrote the backup {path} ({size} MB)."),
                path=args.output,
                size=round(info.size / 1_048_576, 1),
            )
            return 0
        settings = BackupSettings.load(vault)
        if args.keep or args.dir:
            settings = BackupSettings(
                Path(args.dir) if args.dir else settings.directory, args.keep or settings.keep
            )
            settings.save(vault)
        made = rotate(vault, settings, min_interval=None)
    ctx.say(
        N_("Wrote the backup {path}; the newest {keep} are kept."),
        path=str(made),
        keep=settings.keep,
    )
    return 0


def _cmd_restore(args: argparse.Namespace, ctx: Context) -> int:
    from willkommensordner.backup.vault_backup import restore_backup

    info = restore_backup(Path(args.file), Path(args.to))
    ctx.say(
        N_(
            "Restored the backup of {created} to {path}. Open it with the recovery key or the"
            " passphrase valid at that time. Dossiers deleted or anonymised since are deleted or"
            " anonymised again when it is opened."
        ),
        created=info.created,
        path=args.to,
    )
    return 0
