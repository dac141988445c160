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
from typing import TYPE_CHECKING, Any, TextIO

from willkommensordner import __version__, portable
from willkommensordner.domain.agreed_step import StepOwner
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
from willkommensordner.guidance.analysis import current_analysis, save_analysis
from willkommensordner.guidance.engine import Guidance, accept, dismiss, guide, restore
from willkommensordner.guidance.monitoring import collect as collect_figures
from willkommensordner.guidance.monitoring import write_csv
from willkommensordner.guidance.questionnaire import default_questionnaire
from willkommensordner.guidance.retention import (
    QueueReason,
    anonymise,
    deletion_queue,
    purge,
    retention_years,
    set_retention_years,
)
from willkommensordner.guidance.subject_access import subject_access
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
    # Portable mode (USB stick): see willkommensordner/portable.py.
    parser.add_argument(
        "--portable",
        action="store_true",
        help=tr.gettext("keep vault and settings beside the program (e.g. on a USB stick)"),
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
        from willkommensordner.gui.app import run_app  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        ctx.warn(N_("The desktop app is not available yet. Use the commands below:"))
        build_parser(ctx.tr).print_help(ctx.err)
        return int(ExitCode.OK)
    return int(run_app())


def _enter_portable_mode(args: argparse.Namespace, ctx: Context) -> None:
    """Apply --portable (or the marker file) and say, every time, what that means."""
    dirs = portable.activate(bool(getattr(args, "portable", False)))
    if not dirs.portable:
        return
    problem = portable.writable_problem(dirs)
    if problem is not None:
        raise UsageError(
            N_("Portable mode needs a writable folder beside the program: {folder} ({problem})."),
            folder=str(dirs.data_dir),
            problem=problem,
        )
    ctx.warn(portable.PORTABLE_WARNING, folder=str(dirs.data_dir))


def main(argv: Sequence[str] | None = None) -> int:
    tr = translator(system_language())
    ctx = Context(tr)
    parser = build_parser(tr)
    args = parser.parse_args(argv)
    try:
        _enter_portable_mode(args, ctx)
    except UserError as exc:
        print(exc.message(tr), file=sys.stderr)
        return int(exc.exit_code)
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
            [e.as_json() for e in entries],
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


# --- guidance: potential analysis, counselling paths, monitoring, retention ----------------


def _day(text: str) -> date:
    """A whole date as counsellors write it (TT.MM.JJJJ) or in ISO form (JJJJ-MM-TT)."""
    for parse in (date.fromisoformat, lambda t: datetime.strptime(t, "%d.%m.%Y").date()):
        try:
            return parse(text.strip())
        except ValueError:
            continue
    raise argparse.ArgumentTypeError("expected DD.MM.YYYY or YYYY-MM-DD")


@registrar
def _register_guidance_commands(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], tr: Translator
) -> None:
    p = sub.add_parser("guide", help=tr.gettext("responsible agencies and suggested next steps"))
    p.add_argument("id", help=tr.gettext("dossier id (or its first characters)"))
    p.add_argument("--json", action="store_true")
    p.add_argument("--date", type=_day, help=tr.gettext("as on this day (default: today)"))
    action = p.add_mutually_exclusive_group()
    action.add_argument(
        "--accept", metavar="RULE", help=tr.gettext("take a suggestion into the plan")
    )
    action.add_argument("--dismiss", metavar="RULE", help=tr.gettext("set a suggestion aside"))
    action.add_argument("--restore", metavar="RULE", help=tr.gettext("bring a dismissed one back"))
    p.add_argument("--due", type=_day, help=tr.gettext("due date of the accepted step"))
    p.add_argument(
        "--owner", choices=[o.value for o in StepOwner], help=tr.gettext("who does the step")
    )
    p.add_argument("--reason", default="", help=tr.gettext("why it is dismissed"))
    p.set_defaults(handler=_cmd_guide)

    p = sub.add_parser("analysis", help=tr.gettext("show or record the potential analysis"))
    p.add_argument("id")
    p.add_argument("--answers", metavar="FILE", help=tr.gettext("JSON object of answers"))
    p.add_argument("--completed", type=_day, help=tr.gettext("day the analysis was completed"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_analysis)

    p = sub.add_parser("monitoring", help=tr.gettext("anonymous figures for the municipality"))
    p.add_argument("-o", "--output", required=True, metavar="F.csv")
    p.add_argument("--pdf", metavar="F.pdf")
    p.add_argument("--date", type=_day)
    p.set_defaults(handler=_cmd_monitoring)

    p = sub.add_parser("retention", help=tr.gettext("deletion queue and real deletion"))
    rsub = p.add_subparsers(dest="retention_command", metavar="ACTION", required=True)
    q = rsub.add_parser("queue", help=tr.gettext("closed dossiers past the retention period"))
    q.add_argument("--json", action="store_true")
    q.add_argument("--date", type=_day)
    q.set_defaults(handler=_cmd_retention_queue)
    q = rsub.add_parser("delete", help=tr.gettext("delete a closed dossier for good"))
    q.add_argument("id")
    q.add_argument("--yes", action="store_true", help=tr.gettext("confirm: this cannot be undone"))
    q.set_defaults(handler=_cmd_retention_delete)
    q = rsub.add_parser("years", help=tr.gettext("show or set the retention period"))
    q.add_argument("years", nargs="?", type=_positive)
    q.set_defaults(handler=_cmd_retention_years)

    p = sub.add_parser("anonymise", help=tr.gettext("anonymise a closed dossier"))
    p.add_argument("id")
    p.add_argument("--yes", action="store_true", help=tr.gettext("confirm: this cannot be undone"))
    p.set_defaults(handler=_cmd_anonymise)

    p = sub.add_parser("subject-access", help=tr.gettext("everything held about a person (JSON)"))
    p.add_argument("id")
    p.add_argument("-o", "--output", required=True, metavar="F.json")
    p.add_argument("--no-attachments", action="store_true")
    p.set_defaults(handler=_cmd_subject_access)


def _print_guidance(ctx: Context, guidance: Guidance) -> None:
    tr = ctx.tr
    print(tr.gettext("Responsible") + ":", file=ctx.out)
    for r in guidance.responsible:
        contact = f" [{r.contact_point_id}]" if r.contact_point_id else ""
        print(f"  {tr.gettext(r.agency.label)}{contact}: {tr.gettext(r.role)}", file=ctx.out)
        print(f"      {r.why.text(tr)}", file=ctx.out)
    print(tr.gettext("Suggested next steps") + ":", file=ctx.out)
    for s in guidance.suggestions:
        mark = "!" if s.urgent else "-"
        agency = f" — {tr.gettext(s.agency.label)}" if s.agency else ""
        print(f"  {mark} [{s.rule_id}] {tr.gettext(s.title)}{agency}", file=ctx.out)
        print(f"      {s.why.text(tr)}", file=ctx.out)
    if guidance.dismissed:
        print(tr.gettext("Dismissed") + ":", file=ctx.out)
        for s in guidance.dismissed:
            print(f"  [{s.rule_id}] {tr.gettext(s.title)}", file=ctx.out)
    if guidance.in_plan:
        print(tr.gettext("In the plan") + ": " + ", ".join(guidance.in_plan), file=ctx.out)


def _cmd_guide(args: argparse.Namespace, ctx: Context) -> int:
    today = args.date or date.today()
    with open_vault(args, ctx) as vault:
        dossier_id = resolve_dossier(vault, args.id)
        if args.accept:
            step = accept(
                vault,
                dossier_id,
                args.accept,
                today=today,
                owner=StepOwner(args.owner) if args.owner else None,
                due=args.due,
                tr=ctx.tr,
            )
            ctx.say(N_("Added the step '{what}' to the plan."), what=step.what)
        elif args.dismiss:
            dismiss(vault, dossier_id, args.dismiss, today=today, reason=args.reason)
            ctx.say(N_("Dismissed the suggestion {rule}."), rule=args.dismiss)
        elif args.restore:
            restore(vault, dossier_id, args.restore)
            ctx.say(N_("The suggestion {rule} is back."), rule=args.restore)
        guidance = guide(vault, dossier_id, today)
    if args.json:
        _json(ctx, guidance.to_json())
    elif not (args.accept or args.dismiss or args.restore):
        _print_guidance(ctx, guidance)
    return 0


def _cmd_analysis(args: argparse.Namespace, ctx: Context) -> int:
    with open_vault(args, ctx) as vault:
        dossier_id = resolve_dossier(vault, args.id)
        if args.answers:
            try:
                answers = json.loads(Path(args.answers).read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError):
                raise InvalidInput(N_("The answers file is not a readable JSON file.")) from None
            if not isinstance(answers, dict):
                raise InvalidInput(N_("The answers file must hold one JSON object."))
            save_analysis(vault, dossier_id, answers, completed_on=args.completed)
        analysis = current_analysis(vault, dossier_id)
    data = analysis.model_dump(mode="json") if analysis else None
    if args.json:
        _json(ctx, data)
    elif analysis is None:
        ctx.say(N_("No potential analysis yet."))
    else:
        texts = {t.question.id: t for t in default_questionnaire().questions(ctx.tr.language)}
        for key, value in analysis.answers.items():
            label = texts[key].label if key in texts else key
            print(f"{label}: {json.dumps(value, ensure_ascii=False)}", file=ctx.out)
    return 0


def _cmd_monitoring(args: argparse.Namespace, ctx: Context) -> int:
    with open_vault(args, ctx) as vault:
        figures = collect_figures(vault, args.date or date.today())
    write_csv(figures, Path(args.output), ctx.tr)
    if args.pdf:
        # Imported here: reportlab is only needed when a PDF is asked for.
        from willkommensordner.guidance.monitoring_pdf import write_pdf

        write_pdf(figures, Path(args.pdf), ctx.tr)
    ctx.say(N_("Wrote the monitoring figures to {path}."), path=args.output)
    return 0


def _cmd_retention_queue(args: argparse.Namespace, ctx: Context) -> int:
    with open_vault(args, ctx) as vault:
        entries = deletion_queue(vault, args.date or date.today())
        years = retention_years(vault)
    if args.json:
        _json(ctx, [e.to_json() for e in entries])
        return 0
    reasons = {
        QueueReason.RETENTION_OVER: ctx.tr.gettext("closed, retention period over"),
        QueueReason.TOMBSTONE: ctx.tr.gettext("deleted, content still in the tombstone"),
    }
    for e in entries:
        print(f"{e.dossier_id}  {e.delete_from:%d.%m.%Y}  {reasons[e.reason]}", file=ctx.out)
    ctx.say(
        N_("{count} closed dossiers are past the retention period of {years} years."),
        count=len(entries),
        years=years,
    )
    return 0


def _confirmed(args: argparse.Namespace) -> None:
    if not args.yes:
        raise UsageError(N_("This cannot be undone. Add --yes to confirm."))


def _resolve_with_tombstones(vault: Vault, text: str) -> str:
    """Like resolve_dossier, but also finds dossiers deleted so far only as tombstones."""
    text = text.strip().lower()
    ids = [str(r[0]) for r in vault.db.query("SELECT id FROM dossier")]
    matches = [i for i in ids if i.startswith(text)] if text else []
    if len(matches) == 1:
        return matches[0]
    return resolve_dossier(vault, text)


def _cmd_retention_delete(args: argparse.Namespace, ctx: Context) -> int:
    _confirmed(args)
    with open_vault(args, ctx) as vault:
        dossier_id = _resolve_with_tombstones(vault, args.id)
        purge(vault, dossier_id)
    ctx.say(N_("The dossier {id} was deleted for good."), id=dossier_id)
    return 0


def _cmd_retention_years(args: argparse.Namespace, ctx: Context) -> int:
    with open_vault(args, ctx) as vault:
        if args.years is not None:
            set_retention_years(vault, args.years)
        years = retention_years(vault)
    ctx.say(N_("Closed dossiers are kept for {years} years."), years=years)
    return 0


def _cmd_anonymise(args: argparse.Namespace, ctx: Context) -> int:
    _confirmed(args)
    with open_vault(args, ctx) as vault:
        dossier_id = resolve_dossier(vault, args.id)
        anonymise(vault, dossier_id)
    ctx.say(N_("The dossier {id} was anonymised."), id=dossier_id)
    return 0


def _cmd_subject_access(args: argparse.Namespace, ctx: Context) -> int:
    with open_vault(args, ctx) as vault:
        dossier_id = resolve_dossier(vault, args.id)
        data = subject_access(vault, dossier_id, include_attachments=not args.no_attachments)
    out = Path(args.output)
    # The person asked for this copy; it is written only where the counsellor says.
    with out.open("w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=2)
    ctx.say(N_("Wrote everything held about dossier {id} to {path}."), id=dossier_id, path=str(out))
    return 0


# --- content: information pages and contact points (issue 4) ------------------------------

if TYPE_CHECKING:
    from willkommensordner.content.library import ContentLibrary


def _content_library(args: argparse.Namespace) -> ContentLibrary:
    # Imported here so that commands which do not need content do not load Babel data.
    import os
    from pathlib import Path

    from willkommensordner.content.library import ContentLibrary

    data_dir = args.data_dir or os.environ.get("WKO_CONTENT_DIR") or None
    return ContentLibrary(Path(data_dir) if data_dir else None)


def _content_list(args: argparse.Namespace, ctx: Context) -> int:
    import json

    from willkommensordner.content.status import Status as ContentStatus

    library = _content_library(args)
    packs = library.packs()
    topics = library.topics()
    languages = library.languages()
    if args.json:
        data = {
            "packs": [
                {
                    "id": p.id,
                    "title": p.title,
                    "version": p.version,
                    "stand": p.stand.isoformat(),
                    "municipality": p.municipality,
                    "origin": p.origin,
                    "languages": list(p.languages),
                    "topics": list(p.topics),
                    "contact_points": p.contact_points,
                }
                for p in packs
            ],
            "topics": [{"id": t.id, "title": t.title, "pack": t.pack_id} for t in topics],
            "languages": [
                {
                    "code": lang.code,
                    "name": lang.name,
                    "direction": lang.direction,
                    "status": {str(s): n for s, n in lang.counts.items()},
                    "missing": lang.missing,
                }
                for lang in languages
            ],
            "problems": [
                {"location": lp.location, "problems": [p.message() for p in lp.problems]}
                for lp in library.load_problems
            ],
        }
        print(json.dumps(data, ensure_ascii=False, indent=2), file=ctx.out)
        return int(ExitCode.OK)
    ctx.say(N_("Packs:"))
    for p in packs:
        ctx.say(
            N_("  {id} {version} (Stand {stand}, {origin}): {title}"),
            id=p.id,
            version=p.version,
            stand=p.stand.isoformat(),
            origin=p.origin,
            title=p.title,
        )
    ctx.say(N_("Topics:"))
    for t in topics:
        print(f"  {t.id:<16} {t.title}", file=ctx.out)
    ctx.say(N_("Languages (source / reviewed / machine-made / outdated / missing):"))
    for lang in languages:
        c = lang.counts
        print(
            f"  {lang.code:<6} {lang.name:<20} {lang.direction}  "
            f"{c[ContentStatus.SOURCE]} / {c[ContentStatus.REVIEWED]} / "
            f"{c[ContentStatus.MACHINE_MADE]} / {c[ContentStatus.OUTDATED]} / {lang.missing}",
            file=ctx.out,
        )
    for lp in library.load_problems:
        ctx.warn(N_("Not loaded: {location}"), location=lp.location)
        for found in lp.problems:
            ctx.warn("  - {problem}", problem=found.message(ctx.tr))
    return int(ExitCode.OK)


def _content_show(args: argparse.Namespace, ctx: Context) -> int:
    library = _content_library(args)
    page = library.page(args.topic, args.lang)
    print(page.title, file=ctx.out)
    print("=" * len(page.title), file=ctx.out)
    for notice in page.notices:
        print(f"[!] {notice}", file=ctx.out)
    print(file=ctx.out)
    print(page.plain_text(), file=ctx.out)
    print(file=ctx.out)
    ctx.say(
        N_("Language: {lang} ({direction}), status: {status}, Stand: {stand}"),
        lang=page.lang,
        direction=page.direction,
        status=str(page.status),
        stand=page.stand.isoformat(),
    )
    for source in page.sources:
        ctx.say(N_("Source: {source}"), source=source.render())
    contacts = library.contact_points(topic=args.topic)
    if contacts:
        ctx.say(N_("Contact points:"))
        for contact in contacts:
            print(f"  {contact.id}: {contact.name}", file=ctx.out)
    return int(ExitCode.OK)


def _content_import(args: argparse.Namespace, ctx: Context) -> int:
    from pathlib import Path

    from willkommensordner.content.pack_import import import_pack

    result = import_pack(Path(args.pack), _content_library(args))
    if result.previous_version:
        ctx.say(
            N_("Updated pack {id} from version {old} to {new}."),
            id=result.pack_id,
            old=result.previous_version,
            new=result.version,
        )
    else:
        ctx.say(N_("Installed pack {id} version {new}."), id=result.pack_id, new=result.version)
    return int(ExitCode.OK)


def _content_export_po(args: argparse.Namespace, ctx: Context) -> int:
    from pathlib import Path

    from willkommensordner.content.po import export_po, write_catalog

    catalog, pages = export_po(_content_library(args), args.lang)
    write_catalog(catalog, Path(args.output))
    ctx.say(
        N_("Wrote {pages} pages for language {lang} to {path}."),
        pages=pages,
        lang=args.lang,
        path=args.output,
    )
    return int(ExitCode.OK)


def _content_import_po(args: argparse.Namespace, ctx: Context) -> int:
    from pathlib import Path

    from willkommensordner.content.po import import_po

    result = import_po(_content_library(args), Path(args.file))
    for topic_id, status in result.written:
        ctx.say(
            N_("Imported {topic} ({lang}): {status}"),
            topic=topic_id,
            lang=result.lang,
            status=str(status),
        )
    if result.unchanged:
        ctx.say(N_("{count} pages unchanged."), count=len(result.unchanged))
    for topic_id, reason in result.skipped:
        ctx.warn(N_("Skipped {topic}: {reason}"), topic=topic_id, reason=reason.message(ctx.tr))
    return int(ExitCode.OK)


def _content_stamp(args: argparse.Namespace, ctx: Context) -> int:
    from pathlib import Path

    from willkommensordner.content.authoring import stamp_translations

    stamped = stamp_translations(Path(args.folder), restamp=args.all)
    for item in stamped:
        ctx.say(N_("Stamped {topic} ({lang})."), topic=item.topic_id, lang=item.lang)
    ctx.say(N_("{count} translation pages stamped."), count=len(stamped))
    return int(ExitCode.OK)


@registrar
def _register_content(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], tr: Translator
) -> None:
    content = sub.add_parser("content", help=tr.gettext("information pages and contact points"))
    content.add_argument(
        "--data-dir",
        metavar="DIR",
        help=tr.gettext("folder of imported packs (default: the app's data folder)"),
    )
    content.set_defaults(handler=lambda _args, _ctx: _usage(content))
    commands = content.add_subparsers(dest="content_command", metavar="COMMAND")
    listing = commands.add_parser("list", help=tr.gettext("packs, topics and languages"))
    listing.add_argument("--json", action="store_true", help=tr.gettext("machine-readable"))
    listing.set_defaults(handler=_content_list)
    show = commands.add_parser("show", help=tr.gettext("show a page in a language"))
    show.add_argument("topic")
    show.add_argument("--lang", default="de")
    show.set_defaults(handler=_content_show)
    install = commands.add_parser("import", help=tr.gettext("install or update a pack (.zip)"))
    install.add_argument("pack", metavar="PACK.zip")
    install.set_defaults(handler=_content_import)
    export = commands.add_parser("export-po", help=tr.gettext("export a language for translators"))
    export.add_argument("--lang", required=True)
    export.add_argument("-o", "--output", required=True, metavar="FILE")
    export.set_defaults(handler=_content_export_po)
    import_po_cmd = commands.add_parser("import-po", help=tr.gettext("import a translated PO file"))
    import_po_cmd.add_argument("file", metavar="FILE")
    import_po_cmd.set_defaults(handler=_content_import_po)
    stamp = commands.add_parser(
        "stamp", help=tr.gettext("record the source version of hand-written translations")
    )
    stamp.add_argument("folder", metavar="PACK_FOLDER")
    stamp.add_argument(
        "--all",
        action="store_true",
        help=tr.gettext("also re-stamp translations that already name a source version"),
    )
    stamp.set_defaults(handler=_content_stamp)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_usage(sys.stderr)
    return int(ExitCode.USAGE)


# --- calendar export (ics) -----------------------------------------------------------------
# Imports stay inside the functions so that this section merges cleanly with the others.


@registrar
def _register_calendar_commands(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], tr: Translator
) -> None:
    p = sub.add_parser(
        "ics", help=tr.gettext("export appointments of a dossier as an iCalendar file")
    )
    p.add_argument("--dossier", required=True, metavar="ID", help=tr.gettext("dossier id"))
    p.add_argument(
        "--appointment",
        metavar="ID",
        help=tr.gettext("only this appointment (id or a unique prefix); default: all"),
    )
    p.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="FILE",
        help=tr.gettext("the .ics file to write ('-' for standard output)"),
    )
    p.add_argument(
        "--name",
        choices=("none", "initials", "full"),
        default="initials",
        help=tr.gettext("how the newcomer is named in the calendar (default: initials)"),
    )
    p.add_argument(
        "--qr",
        metavar="FILE",
        help=tr.gettext(
            "also write a QR code (.png or .svg) for a phone calendar; needs --appointment"
        ),
    )
    p.set_defaults(handler=_cmd_ics)


def _cmd_ics(args: argparse.Namespace, ctx: Context) -> int:
    from willkommensordner.domain.appointment import Appointment
    from willkommensordner.exchange.calendar_export import NameInCalendar, calendar_bytes, qr_code

    if args.qr and not args.appointment:
        raise UsageError(N_("A QR code holds one appointment: give --appointment."))
    with open_vault(args, ctx) as vault:
        dossier_id = resolve_dossier(vault, args.dossier)
        dossier = vault.records.dossier(dossier_id)
        appointments = vault.records.parts(dossier_id, Appointment)
        if args.appointment:
            wanted = args.appointment.strip().lower()
            appointments = [a for a in appointments if a.id.startswith(wanted)] if wanted else []
            if len(appointments) != 1:
                raise NotFound(
                    N_("This dossier has no single appointment with the id {id}."), id=wanted
                )
        sequences = {
            a.id: sum(vault.records.revision(a.KIND, a.id).version.values()) for a in appointments
        }
    data = calendar_bytes(
        appointments,
        ctx.tr,
        dossier=dossier,
        name=NameInCalendar(args.name),
        sequences=sequences,
    )
    if args.output == "-":
        ctx.out.write(data.decode("utf-8"))
    else:
        _write_export(Path(args.output), data)
        ctx.say(
            N_("{count} appointments written to {path}."), count=len(appointments), path=args.output
        )
    if args.qr:
        target = Path(args.qr)
        if target.suffix.lower() not in (".png", ".svg"):
            raise UsageError(N_("The QR code file must end in .png or .svg."))
        try:
            qr_code(appointments[0], ctx.tr).save(str(target), scale=8, border=4)
        except OSError:
            raise UsageError(N_("The file {path} cannot be written."), path=args.qr) from None
        ctx.say(N_("QR code written to {path}."), path=args.qr)
    return 0


def _write_export(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError:
        raise UsageError(N_("The file {path} cannot be written."), path=str(path)) from None


# --- print: welcome folder, information folder, appointment slip, plan (issue 5) ----------


def _print_write(printable: object, output: str, ctx: Context) -> int:
    from willkommensordner.folder.printable import Printable

    assert isinstance(printable, Printable)
    pages = printable.write(output)
    ctx.say(N_("{pages} pages written."), pages=pages)
    return int(ExitCode.OK)


def _print_folder(args: argparse.Namespace, ctx: Context) -> int:
    from willkommensordner.folder.welcome import welcome_folder

    library = _content_library(args)
    with open_vault(args, ctx) as vault:
        bundle = vault.records.bundle(resolve_dossier(vault, args.dossier))
    printable = welcome_folder(bundle, library, args.lang, show_name=not args.no_name)
    return _print_write(printable, args.output, ctx)


def _print_info(args: argparse.Namespace, ctx: Context) -> int:
    from willkommensordner.folder.welcome import information_folder

    return _print_write(information_folder(_content_library(args), args.lang), args.output, ctx)


def _print_slip(args: argparse.Namespace, ctx: Context) -> int:
    from willkommensordner.domain.appointment import Appointment
    from willkommensordner.folder.slip import appointment_slip

    library = _content_library(args)
    with open_vault(args, ctx) as vault:
        appointment = vault.records.get(Appointment, args.appointment.strip())
    return _print_write(appointment_slip(appointment, library, args.lang), args.output, ctx)


def _print_plan(args: argparse.Namespace, ctx: Context) -> int:
    from willkommensordner.folder.slip import plan

    with open_vault(args, ctx) as vault:
        bundle = vault.records.bundle(resolve_dossier(vault, args.dossier))
    return _print_write(plan(bundle, args.lang, show_name=not args.no_name), args.output, ctx)


def _print_questionnaire(args: argparse.Namespace, ctx: Context) -> int:
    from willkommensordner.folder.analysis_form import blank_questionnaire

    return _print_write(blank_questionnaire(args.lang), args.output, ctx)


def _print_analysis(args: argparse.Namespace, ctx: Context) -> int:
    from willkommensordner.folder.analysis_form import filled_analysis

    with open_vault(args, ctx) as vault:
        dossier_id = resolve_dossier(vault, args.dossier)
        dossier = vault.records.dossier(dossier_id)
        analysis = current_analysis(vault, dossier_id)
    if analysis is None:
        raise NotFound(N_("This dossier has no potential analysis yet."))
    printable = filled_analysis(
        dossier,
        analysis,
        args.lang,
        with_sensitive=args.with_sensitive,
        show_name=not args.no_name,
    )
    return _print_write(printable, args.output, ctx)


@registrar
def _register_print(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], tr: Translator
) -> None:
    printing = sub.add_parser("print", help=tr.gettext("printable PDF folders and slips"))
    printing.add_argument(
        "--data-dir",
        metavar="DIR",
        help=tr.gettext("folder of imported packs (default: the app's data folder)"),
    )
    printing.set_defaults(handler=lambda _args, _ctx: _usage(printing))
    commands = printing.add_subparsers(dest="print_command", metavar="COMMAND")

    def common(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--lang", required=True, help=tr.gettext("the newcomer's language"))
        parser.add_argument("-o", "--output", required=True, metavar="FILE.pdf")

    folder = commands.add_parser("folder", help=tr.gettext("the welcome folder of a dossier"))
    folder.add_argument("--dossier", required=True, metavar="ID")
    folder.add_argument("--no-name", action="store_true", help=tr.gettext("leave names off"))
    common(folder)
    folder.set_defaults(handler=_print_folder)
    info = commands.add_parser("info", help=tr.gettext("information folder, no personal data"))
    common(info)
    info.set_defaults(handler=_print_info)
    slip = commands.add_parser("slip", help=tr.gettext("one-page appointment slip"))
    slip.add_argument("--appointment", required=True, metavar="ID")
    common(slip)
    slip.set_defaults(handler=_print_slip)
    plan_cmd = commands.add_parser("plan", help=tr.gettext("the agreed steps of a dossier"))
    plan_cmd.add_argument("--dossier", required=True, metavar="ID")
    plan_cmd.add_argument("--no-name", action="store_true", help=tr.gettext("leave names off"))
    common(plan_cmd)
    plan_cmd.set_defaults(handler=_print_plan)
    blank = commands.add_parser(
        "questionnaire", help=tr.gettext("the potential analysis to fill in by hand")
    )
    blank.add_argument("--lang", default="de", help=tr.gettext("the newcomer's language"))
    blank.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    blank.set_defaults(handler=_print_questionnaire)
    filled = commands.add_parser(
        "analysis", help=tr.gettext("the potential analysis of a dossier, filled in")
    )
    filled.add_argument("--dossier", required=True, metavar="ID")
    filled.add_argument(
        "--with-sensitive",
        action="store_true",
        help=tr.gettext("include the health answers (special categories; e.g. the person's copy)"),
    )
    filled.add_argument("--no-name", action="store_true", help=tr.gettext("leave names off"))
    common(filled)
    filled.set_defaults(handler=_print_analysis)


# --- exchange between agencies: keys, partners, consents, export/import, backups ------------
# (kept together at the end; the logic lives in willkommensordner.exchange, imported inside
# the handlers so that other commands do not load pyrage and segno)


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
    q.add_argument("--given-on", type=_day, metavar="DD.MM.YYYY")
    q.add_argument("--valid-until", type=_day, metavar="DD.MM.YYYY")
    q.set_defaults(handler=_cmd_consent_add)
    q = ssub.add_parser("list", help=tr.gettext("list a dossier's consents"))
    q.add_argument("id")
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=_cmd_consent_list)
    q = ssub.add_parser("revoke", help=tr.gettext("record that a consent was withdrawn"))
    q.add_argument("consent_id")
    q.add_argument("--on", type=_day, metavar="DD.MM.YYYY")
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
                "left_out_erased_dossiers": len(preview.erased_dossiers),
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
    if preview.erased_dossiers:
        ctx.say(
            N_(
                "Left out: {count} dossier(s) that were deleted here for good under the retention"
                " rules. They stay deleted."
            ),
            count=len(preview.erased_dossiers),
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
