"""Headless commands over the same services the desktop app uses.

`willkommensordner [--vault PATH] [--vault-passphrase-file F] COMMAND`. The passphrase comes
from the file, from the environment variable WKO_PASSPHRASE, or from a prompt; never from an
argument, where it would end up in the shell history and the process list.
"""

from __future__ import annotations

import argparse
import getpass
import itertools
import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

from willkommensordner import __version__
from willkommensordner.domain.demo import generate
from willkommensordner.domain.document_type import DocumentType
from willkommensordner.domain.legal_status import LegalStatus
from willkommensordner.domain.partial_date import PartialDate
from willkommensordner.errors import (
    Blocked,
    ExitCode,
    InvalidInput,
    LockedError,
    NotFound,
    UsageError,
    UserError,
)
from willkommensordner.i18n import N_, Translator, system_language, translator
from willkommensordner.vault.agenda import AgendaItem
from willkommensordner.vault.kdf import KdfParams
from willkommensordner.vault.location import default_vault_path
from willkommensordner.vault.passphrase_policy import strength
from willkommensordner.vault.throttle import UnlockThrottle
from willkommensordner.vault.vault import Vault

Handler = Callable[[argparse.Namespace, "Context"], int]


class Context:
    """What every command gets: the translator and the output streams."""

    def __init__(
        self, tr: Translator, out: TextIO | None = None, err: TextIO | None = None
    ) -> None:
        self.tr = tr
        self.out = out or sys.stdout
        self.err = err or sys.stderr

    def say(self, message: str, **params: object) -> None:
        print(self.tr.format(message, params), file=self.out)

    def warn(self, message: str, **params: object) -> None:
        print(self.tr.format(message, params), file=self.err)


def build_parser(tr: Translator) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="willkommensordner",
        description=tr.gettext("Willkommensordner digital: dossiers, information pages, folders."),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--vault", metavar="PATH", help=tr.gettext("vault file to use"))
    parser.add_argument(
        "--vault-passphrase-file",
        metavar="FILE",
        help=tr.gettext("read the passphrase from this file (else WKO_PASSPHRASE, else a prompt)"),
    )
    parser.set_defaults(handler=None)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for register in _REGISTRARS:
        register(sub, tr)
    return parser


Registrar = Callable[["argparse._SubParsersAction[argparse.ArgumentParser]", Translator], None]
_REGISTRARS: list[Registrar] = []


def registrar(fn: Registrar) -> Registrar:
    _REGISTRARS.append(fn)
    return fn


# --- opening the vault ---------------------------------------------------------------------

PASSPHRASE_ENV = "WKO_PASSPHRASE"
NEW_PASSPHRASE_ENV = "WKO_NEW_PASSPHRASE"
PROMPT_ATTEMPTS = 3


def vault_path(args: argparse.Namespace) -> Path:
    return Path(args.vault).expanduser() if args.vault else default_vault_path()


def _read_secret_file(name: str) -> str:
    try:
        text = Path(name).expanduser().read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        raise UsageError(N_("The passphrase file {name} cannot be read."), name=name) from None
    return text.rstrip("\r\n")


def _stdin_is_terminal() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def passphrase_sources(args: argparse.Namespace) -> str | None:
    """The passphrase from the file or the environment, if either gives one."""
    if getattr(args, "vault_passphrase_file", None):
        return _read_secret_file(args.vault_passphrase_file)
    return os.environ.get(PASSPHRASE_ENV) or None


def open_vault(args: argparse.Namespace, ctx: Context) -> Vault:
    """Unlock the vault named by --vault; prompt (with a growing pause) only on a terminal."""
    path = vault_path(args)
    given = passphrase_sources(args)
    if given is not None:
        return Vault.unlock(path, given)
    if not _stdin_is_terminal():
        raise LockedError(N_("No passphrase given: use --vault-passphrase-file or WKO_PASSPHRASE."))
    throttle = UnlockThrottle()
    for attempt in range(PROMPT_ATTEMPTS):
        try:
            return Vault.unlock(path, getpass.getpass(ctx.tr.gettext("Passphrase: ")), throttle)
        except LockedError as exc:
            if attempt == PROMPT_ATTEMPTS - 1:
                raise
            ctx.warn(exc.msgid)
    raise AssertionError("unreachable")


def new_passphrase(args: argparse.Namespace, ctx: Context, file_option: str | None) -> str:
    """A new passphrase from a file, the environment, or typed twice at a prompt."""
    if file_option:
        return _read_secret_file(file_option)
    from_env = os.environ.get(NEW_PASSPHRASE_ENV)
    if from_env:
        return from_env
    if not _stdin_is_terminal():
        raise UsageError(
            N_("No new passphrase given: use a passphrase file or WKO_NEW_PASSPHRASE.")
        )
    first = getpass.getpass(ctx.tr.gettext("New passphrase: "))
    hint = strength(first)
    ctx.warn(hint.hint)
    if getpass.getpass(ctx.tr.gettext("Repeat the new passphrase: ")) != first:
        raise InvalidInput(N_("The two passphrases differ."))
    return first


def _start_gui(ctx: Context) -> int:
    try:
        from willkommensordner.gui.app import run_app  # type: ignore[import-not-found]
    except ImportError:
        ctx.warn(N_("The desktop app is not available yet. Use the commands below:"))
        build_parser(ctx.tr).print_help(ctx.err)
        return int(ExitCode.OK)
    return int(run_app())


def main(argv: Sequence[str] | None = None) -> int:
    tr = translator(system_language())
    ctx = Context(tr)
    parser = build_parser(tr)
    args = parser.parse_args(argv)
    if args.handler is None:
        return _start_gui(ctx)
    try:
        return int(args.handler(args, ctx))
    except UserError as exc:
        print(exc.message(tr), file=sys.stderr)
        return int(exc.exit_code)
    except KeyboardInterrupt:
        return int(ExitCode.UNEXPECTED)
    except BrokenPipeError:
        # The reader (e.g. `head`) has gone; that is not an error of ours.
        sys.stderr.close()
        return int(ExitCode.OK)


# --- vault commands ------------------------------------------------------------------------


def _json(ctx: Context, data: object) -> None:
    json.dump(data, ctx.out, ensure_ascii=False, indent=2)
    ctx.out.write("\n")


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


@registrar
def _register_vault_commands(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], tr: Translator
) -> None:
    p = sub.add_parser("init", help=tr.gettext("create a new vault"))
    p.add_argument("--counsellor", default="", help=tr.gettext("your name, shown in the history"))
    p.add_argument("--agency", default="", help=tr.gettext("your agency"))
    p.add_argument("--kdf-memory-mib", type=_positive, help=tr.gettext("Argon2id memory (MiB)"))
    p.add_argument("--kdf-iterations", type=_positive, help=tr.gettext("Argon2id iterations"))
    p.set_defaults(handler=_cmd_init)

    p = sub.add_parser("demo", help=tr.gettext("add fictional demo dossiers"))
    p.add_argument("--dossiers", type=_positive, default=50)
    p.add_argument("--seed", type=int, default=1)
    p.set_defaults(handler=_cmd_demo)

    p = sub.add_parser("list", help=tr.gettext("list dossiers"))
    p.add_argument("--search", metavar="Q", help=tr.gettext("name, document number or phone"))
    p.add_argument("--open-only", action="store_true", help=tr.gettext("hide closed dossiers"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_list)

    p = sub.add_parser("show", help=tr.gettext("show one dossier"))
    p.add_argument("id", help=tr.gettext("dossier id (or its first characters)"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_show)

    p = sub.add_parser("agenda", help=tr.gettext("appointments, overdue steps, expiring papers"))
    p.add_argument("--weeks", type=_positive, default=8)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_agenda)

    p = sub.add_parser("history", help=tr.gettext("who changed what in a dossier"))
    p.add_argument("id")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_history)

    p = sub.add_parser("passwd", help=tr.gettext("change the passphrase"))
    p.add_argument("--new-passphrase-file", metavar="FILE")
    p.add_argument(
        "--recovery-key-file",
        metavar="FILE",
        help=tr.gettext("unlock with the recovery key instead of the old passphrase"),
    )
    p.set_defaults(handler=_cmd_passwd)

    p = sub.add_parser("recovery-key", help=tr.gettext("make a new recovery key"))
    p.set_defaults(handler=_cmd_recovery_key)

    p = sub.add_parser("check", help=tr.gettext("read the whole vault and verify every page"))
    p.set_defaults(handler=_cmd_check)


def _cmd_init(args: argparse.Namespace, ctx: Context) -> int:
    path = vault_path(args)
    passphrase = passphrase_sources(args) or new_passphrase(args, ctx, None)
    kdf = None
    if args.kdf_memory_mib or args.kdf_iterations:
        kdf = KdfParams(
            memory_kib=(args.kdf_memory_mib or 128) * 1024, iterations=args.kdf_iterations or 3
        )
    vault, recovery = Vault.create(
        path, passphrase, counsellor=args.counsellor, agency=args.agency, kdf=kdf
    )
    vault.close()
    ctx.say(N_("Created the vault {path}."), path=str(path))
    _print_recovery_key(ctx, recovery)
    return 0


def _print_recovery_key(ctx: Context, key: str) -> None:
    ctx.say(N_("Recovery key (print it or write it down, and lock it away):"))
    print(f"\n    {key}\n", file=ctx.out)
    ctx.say(N_("Without the passphrase or this key nobody can open the vault, not even us."))


def _cmd_demo(args: argparse.Namespace, ctx: Context) -> int:
    with open_vault(args, ctx) as vault:
        written = 0
        people = generate(args.dossiers, args.seed)
        while batch := list(itertools.islice(people, 500)):
            with vault.db.transaction():
                for person in batch:
                    for record in person.records():
                        vault.records.save(record)
            written += len(batch)
        ctx.say(N_("Added {count} demo dossiers."), count=written)
    return 0


def _cmd_list(args: argparse.Namespace, ctx: Context) -> int:
    with open_vault(args, ctx) as vault:
        rows = vault.summaries(args.search, include_closed=not args.open_only)
    if args.json:
        _json(ctx, [r.to_json() for r in rows])
        return 0
    for r in rows:
        name = ", ".join(p for p in (r.family_name, r.given_names) if p) or r.native_name
        born = PartialDate.parse(r.birth_date).german() if r.birth_date else "--.--.----"
        badges = "".join(
            mark
            for flag, mark in (
                (r.appointment_today, " [T]"),
                (r.overdue_step, " [!]"),
                (r.paper_expires_soon, " [P]"),
                (r.closed, " [x]"),
            )
            if flag
        )
        print(f"{r.id}  {born}  {name}{badges}", file=ctx.out)
    ctx.say(
        N_(
            "{count} dossiers. [T] appointment today, [!] overdue step,"
            " [P] paper expires soon, [x] closed."
        ),
        count=len(rows),
    )
    return 0


def resolve_dossier(vault: Vault, text: str) -> str:
    """A full id, or a unique prefix of one, as people copy them from `list`."""
    text = text.strip().lower()
    matches = [i for i in vault.records.dossier_ids() if i.startswith(text)] if text else []
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1 and len(text) < 36:
        raise UsageError(N_("Several dossiers start with '{id}'. Give more characters."), id=text)
    raise NotFound(N_("There is no dossier with the id {id}."), id=text)


def _cmd_show(args: argparse.Namespace, ctx: Context) -> int:
    with open_vault(args, ctx) as vault:
        bundle = vault.records.bundle(resolve_dossier(vault, args.id))
    if args.json:
        _json(ctx, bundle.to_json())
        return 0
    tr, d = ctx.tr, bundle.dossier
    place = f"{d.postcode} {d.city}".strip()
    address = ", ".join(p for p in (d.accommodation, d.street, place) if p)
    lines = [
        f"{d.display_name}" + (f"  ({d.native_name})" if d.native_name else ""),
        f"{tr.gettext('Born')}: {d.birth_date.german() if d.birth_date else '—'}",
        f"{tr.gettext('Status')}: {tr.gettext(d.legal_status.label)}"
        + (
            f" ({tr.gettext('valid until')} {d.status_valid_until:%d.%m.%Y})"
            if d.status_valid_until
            else ""
        ),
        f"{tr.gettext('Target group')}: {tr.gettext(d.target_group.label)}",
        f"{tr.gettext('Address')}: {address or '—'}",
        f"{tr.gettext('Phone')}: {d.phone or '—'}",
        "",
        tr.gettext("Household") + ":",
        *(
            f"  {tr.gettext(m.role.label)}: {m.given_names} {m.family_name}"
            for m in bundle.household
        ),
        tr.gettext("Documents") + ":",
        *(
            f"  {tr.gettext(doc.type.label)} {doc.number}"
            + (
                f" — {tr.gettext('valid until')} {doc.valid_until:%d.%m.%Y}"
                if doc.valid_until
                else ""
            )
            for doc in bundle.documents
        ),
        tr.gettext("Appointments") + ":",
        *(
            f"  {a.start:%d.%m.%Y %H:%M}  {tr.gettext(a.agency.label)}: {a.purpose}"
            f" [{tr.gettext(a.status.label)}]"
            + (
                f"\n      → {a.outcome} {a.agreements}".rstrip()
                if a.outcome or a.agreements
                else ""
            )
            for a in bundle.appointments
        ),
        tr.gettext("Agreed steps") + ":",
        *(
            f"  [{'x' if s.status.value == 'done' else ' '}] {s.what}"
            + (f" ({tr.gettext('due')} {s.due:%d.%m.%Y})" if s.due else "")
            for s in bundle.steps
        ),
        tr.gettext("Consents") + ":",
        *(f"  {c.recipient} ({c.given_on:%d.%m.%Y})" for c in bundle.consents),
    ]
    print("\n".join(lines), file=ctx.out)
    return 0


def _cmd_agenda(args: argparse.Namespace, ctx: Context) -> int:
    with open_vault(args, ctx) as vault:
        agenda = vault.agenda(weeks=args.weeks)
    if args.json:
        _json(ctx, agenda.to_json())
        return 0
    tr = ctx.tr

    def section(title: str, items: list[AgendaItem]) -> None:
        print(f"\n{tr.gettext(title)} ({len(items)})", file=ctx.out)
        for item in items:
            when = item.when.strftime(
                "%d.%m.%Y %H:%M" if isinstance(item.when, datetime) else "%d.%m.%Y"
            )
            what = item.body.get("purpose") or item.body.get("what") or ""
            if item.kind == "document":
                what = tr.gettext(DocumentType(item.body.get("type", "other")).label)
            elif item.kind == "residence_status":
                what = tr.gettext(LegalStatus(item.body.get("legal_status", "unknown")).label)
            print(f"  {when}  {item.dossier_name}: {what}", file=ctx.out)

    section(N_("Appointments today"), agenda.appointments_today)
    section(N_("Appointments in the next 7 days"), agenda.appointments_week)
    section(N_("Overdue steps"), agenda.overdue_steps)
    section(N_("Papers expiring or expired"), agenda.expiring)
    return 0


def _cmd_history(args: argparse.Namespace, ctx: Context) -> int:
    with open_vault(args, ctx) as vault:
        entries = vault.history(resolve_dossier(vault, args.id))
    if args.json:
        _json(
            ctx,
            [
                {
                    "at": e.at.isoformat(),
                    "kind": e.kind.value,
                    "record_id": e.record_id,
                    "action": e.action,
                    "field": e.field,
                    "old": e.old,
                    "new": e.new,
                    "counsellor": e.counsellor,
                    "agency": e.agency,
                }
                for e in entries
            ],
        )
        return 0
    for e in entries:
        who = ", ".join(p for p in (e.counsellor, e.agency) if p) or "—"
        change = f"{e.field}: {e.old!r} → {e.new!r}" if e.field else ctx.tr.gettext(e.action)
        print(
            f"{e.at.astimezone():%d.%m.%Y %H:%M}  {who}  {ctx.tr.gettext(e.kind.label)}  {change}",
            file=ctx.out,
        )
    return 0


def _cmd_passwd(args: argparse.Namespace, ctx: Context) -> int:
    path = vault_path(args)
    if args.recovery_key_file:
        vault = Vault.unlock_with_recovery_key(path, _read_secret_file(args.recovery_key_file))
    else:
        vault = open_vault(args, ctx)
    with vault:
        vault.change_passphrase(new_passphrase(args, ctx, args.new_passphrase_file))
    ctx.say(N_("The passphrase was changed."))
    return 0


def _cmd_recovery_key(args: argparse.Namespace, ctx: Context) -> int:
    with open_vault(args, ctx) as vault:
        key = vault.renew_recovery_key()
    ctx.say(N_("The old recovery key no longer works."))
    _print_recovery_key(ctx, key)
    return 0


def _cmd_check(args: argparse.Namespace, ctx: Context) -> int:
    with open_vault(args, ctx) as vault:
        vault.check_integrity()
    ctx.say(N_("The vault is intact."))
    return 0


# --- exchange between agencies: keys, partners, consents, export/import, backups ------------
# (kept together at the end; the logic lives in willkommensordner.exchange, imported inside
# the handlers so that other commands do not load pyrage and segno)


def _date_arg(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError("use YYYY-MM-DD") from None


@registrar
def _register_exchange_commands(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], tr: Translator
) -> None:
    p = sub.add_parser("identity", help=tr.gettext("this agency's keys for exchanging files"))
    isub = p.add_subparsers(dest="identity_command", metavar="ACTION", required=True)
    q = isub.add_parser("show", help=tr.gettext("show the public key and its fingerprint"))
    q.add_argument("--qr", action="store_true", help=tr.gettext("also draw it as a QR code"))
    q.set_defaults(handler=_cmd_identity_show)
    q = isub.add_parser("export", help=tr.gettext("write the public key to a file for partners"))
    q.add_argument("-o", "--output", required=True, metavar="FILE")
    q.set_defaults(handler=_cmd_identity_export)

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

    p = sub.add_parser("consent", help=tr.gettext("consents to share a dossier"))
    ssub = p.add_subparsers(dest="consent_command", metavar="ACTION", required=True)
    q = ssub.add_parser("add", help=tr.gettext("record a consent"))
    q.add_argument("id", help=tr.gettext("dossier id"))
    q.add_argument("--recipient", required=True, metavar="CONTACT")
    q.add_argument("--scope", default="all", help=tr.gettext("all, or record types: a,b,c"))
    q.add_argument("--purpose", default="")
    q.add_argument("--given-on", type=_date_arg, metavar="YYYY-MM-DD")
    q.add_argument("--valid-until", type=_date_arg, metavar="YYYY-MM-DD")
    q.set_defaults(handler=_cmd_consent_add)
    q = ssub.add_parser("list", help=tr.gettext("list a dossier's consents"))
    q.add_argument("id")
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=_cmd_consent_list)
    q = ssub.add_parser("revoke", help=tr.gettext("record that a consent was withdrawn"))
    q.add_argument("consent_id")
    q.add_argument("--on", type=_date_arg, metavar="YYYY-MM-DD")
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
        "--include-sensitive", action="store_true", help=tr.gettext("include sensitive notes")
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
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_import)

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
    p.add_argument("--keep", type=_positive, help=tr.gettext("how many automatic backups to keep"))
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

    with open_vault(args, ctx) as vault:
        public = AgencyIdentity.load_or_create(vault.db).public
        agency = vault.author.agency
    Path(args.output).write_text(public.file_text(agency), encoding="utf-8")
    ctx.say(N_("Wrote the public key to {path}."), path=args.output)
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
        contact = ContactBook(vault.db).add(args.name, public, verified=args.verified)
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
        _json(
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
            )
        )
    ctx.say(N_("Recorded the consent {id}."), id=consent.id)
    return 0


def _cmd_consent_list(args: argparse.Namespace, ctx: Context) -> int:
    from willkommensordner.domain.consent import Consent

    with open_vault(args, ctx) as vault:
        consents = vault.records.parts(resolve_dossier(vault, args.id), Consent)
    today = date.today()
    if args.json:
        _json(ctx, [{**c.model_dump(mode="json"), "active": c.is_active(today)} for c in consents])
        return 0
    for c in consents:
        state = ctx.tr.gettext("active") if c.is_active(today) else ctx.tr.gettext("not active")
        kinds = ",".join(k.value for k in c.scope)
        until = c.valid_until.isoformat() if c.valid_until else "—"
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
            Passphrase(_read_secret_file(args.passphrase_file), book.get(args.for_contact))
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
    from willkommensordner.exchange.backup import rotate
    from willkommensordner.exchange.importer import Importer

    passphrase = _read_secret_file(args.passphrase_file) if args.passphrase_file else None
    path = Path(args.file)
    with open_vault(args, ctx) as vault:
        importer = Importer(vault)
        preview = importer.preview(path, passphrase=passphrase)
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
        if args.dry_run:
            _print_import(ctx, preview, args.json, dry_run=True)
            return int(ExitCode.CONFLICTS) if preview.conflicts else 0
        if not sender.trusted and not args.yes:
            _print_import(ctx, preview, args.json, dry_run=True)
            raise Blocked(
                N_("Nothing was imported. Check the sender's fingerprint, then repeat with --yes.")
            )
        # A partner's file changes many records at once: keep the rotating backup current
        # (at most one a day) so that a wrong merge can be undone.
        rotate(vault)
        report = importer.apply(path, passphrase=passphrase, confirm_unverified_sender=True)
        remaining = importer.conflicts.count_open()
    _print_import(ctx, report, args.json, dry_run=False)
    if remaining:
        ctx.warn(N_("{count} conflict(s) to resolve: see `conflicts list`."), count=remaining)
        return int(ExitCode.CONFLICTS)
    return 0


def _print_import(ctx: Context, preview: Any, as_json: bool, *, dry_run: bool) -> None:
    if as_json:
        _json(
            ctx,
            {
                "file_id": preview.file_id,
                "dry_run": dry_run,
                "sender": {
                    "agency": preview.sender.agency,
                    "fingerprint": preview.sender.fingerprint,
                    "contact": preview.sender.contact.name if preview.sender.contact else None,
                    "verified": preview.sender.trusted,
                },
                "already_imported": preview.already_imported,
                "new_dossiers": preview.new_dossiers,
                "new_records": len(preview.new_records),
                "updated": [[k.value, i] for k, i in preview.updated],
                "deleted": [[k.value, i] for k, i in preview.deleted],
                "conflicts": [[k.value, i, d] for k, i, d in preview.conflicts],
                "kept_ours": preview.kept_ours,
                "unchanged": preview.unchanged,
                "attachments": preview.attachments,
            },
        )
        return
    if dry_run:
        ctx.say(N_("Preview — nothing has been changed:"))
    ctx.say(
        N_("From {agency} ({fingerprint})."),
        agency=preview.sender.agency,
        fingerprint=preview.sender.fingerprint,
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


def _cmd_conflicts_list(args: argparse.Namespace, ctx: Context) -> int:
    from willkommensordner.exchange.conflicts import ConflictStore

    with open_vault(args, ctx) as vault:
        dossier = resolve_dossier(vault, args.dossier) if args.dossier else None
        conflicts = ConflictStore(vault.db, vault.records).list_conflicts(dossier)
    if args.json:
        _json(
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
    from willkommensordner.exchange.backup import BackupSettings, create_backup, rotate

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
    from willkommensordner.exchange.backup import restore_backup

    info = restore_backup(Path(args.file), Path(args.to))
    ctx.say(
        N_(
            "Restored the backup of {created} to {path}. Open it with the recovery key or the"
            " passphrase valid at that time."
        ),
        created=info.created,
        path=args.to,
    )
    return 0
