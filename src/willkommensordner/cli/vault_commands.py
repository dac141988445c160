"""Commands for the vault itself: create, demo data, list, show, agenda, history, keys, check."""

from __future__ import annotations

import argparse
import json
from datetime import datetime

from willkommensordner.cli.common import (
    Context,
    content_library,
    new_passphrase,
    open_vault,
    passphrase_sources,
    positive,
    print_json,
    read_secret_file,
    resolve_dossier,
    vault_path,
)
from willkommensordner.domain.document_type import DocumentType
from willkommensordner.domain.legal_status import LegalStatus
from willkommensordner.domain.partial_date import PartialDate
from willkommensordner.i18n import N_, Translator
from willkommensordner.vault import audit_chain
from willkommensordner.vault.agenda import AgendaItem
from willkommensordner.vault.demo_data import add_demo_dossiers
from willkommensordner.vault.kdf import KdfParams
from willkommensordner.vault.vault import Vault


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser], tr: Translator) -> None:
    p = sub.add_parser("init", help=tr.gettext("create a new vault"))
    p.add_argument("--counsellor", default="", help=tr.gettext("your name, shown in the history"))
    p.add_argument("--agency", default="", help=tr.gettext("your agency"))
    p.add_argument("--kdf-memory-mib", type=positive, help=tr.gettext("Argon2id memory (MiB)"))
    p.add_argument("--kdf-iterations", type=positive, help=tr.gettext("Argon2id iterations"))
    p.set_defaults(handler=_cmd_init)

    p = sub.add_parser("demo", help=tr.gettext("add fictional demo dossiers"))
    p.add_argument("--dossiers", type=positive, default=50)
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
    p.add_argument("--weeks", type=positive, default=8)
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
    p.add_argument(
        "--accept-lost-changes",
        action="store_true",
        help=tr.gettext(
            "open a vault whose journal file is missing as it is; changes in it are lost"
        ),
    )
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
        written = add_demo_dossiers(vault, args.dossiers, args.seed)
        ctx.say(N_("Added {count} demo dossiers."), count=written)
    # Demo dossiers live in the demo town: its sample contact points belong with them.
    content_library(args).store.set_demo_enabled(True)
    return 0


def _cmd_list(args: argparse.Namespace, ctx: Context) -> int:
    if args.json and not args.search:
        return _stream_list_json(args, ctx)
    with open_vault(args, ctx) as vault:
        rows = vault.summaries(args.search, include_closed=not args.open_only)
    if args.json:
        print_json(ctx, [r.to_json() for r in rows])
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


def _cmd_show(args: argparse.Namespace, ctx: Context) -> int:
    with open_vault(args, ctx) as vault:
        bundle = vault.records.bundle(resolve_dossier(vault, args.id))
    if args.json:
        print_json(ctx, bundle.to_json())
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


def _stream_list_json(args: argparse.Namespace, ctx: Context) -> int:
    """The whole list as a JSON array, one dossier per line, each written as it is encoded
    (an indented dump of the whole list goes through json's slow pure-Python encoder)."""
    with open_vault(args, ctx) as vault:
        rows = vault.summaries(include_closed=not args.open_only)
    ctx.out.write("[")
    for n, summary in enumerate(rows):
        ctx.out.write(",\n  " if n else "\n  ")
        ctx.out.write(json.dumps(summary.to_json(), ensure_ascii=False))
    ctx.out.write("\n]\n" if rows else "]\n")
    return 0


def _cmd_agenda(args: argparse.Namespace, ctx: Context) -> int:
    with open_vault(args, ctx) as vault:
        agenda = vault.agenda(weeks=args.weeks)
    if args.json:
        print_json(ctx, agenda.to_json())
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
        dossier_id = resolve_dossier(vault, args.id)
        entries = vault.history(dossier_id)
        intact = vault.history_intact(dossier_id)
    if args.json:
        print_json(
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
    if intact:
        ctx.say(audit_chain.INTACT)
    else:
        ctx.warn(audit_chain.BROKEN)
    return 0


def _cmd_passwd(args: argparse.Namespace, ctx: Context) -> int:
    path = vault_path(args)
    if args.recovery_key_file:
        vault = Vault.unlock_with_recovery_key(path, read_secret_file(args.recovery_key_file))
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
    with open_vault(args, ctx, accept_lost_journal=args.accept_lost_changes) as vault:
        vault.check_integrity()
    ctx.say(N_("The vault is intact."))
    return 0
