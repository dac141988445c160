"""Commands for sync through a shared folder: set the folder, run, status, watch."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from willkommensordner.cli.common import Context, open_vault, print_json
from willkommensordner.errors import ExitCode
from willkommensordner.i18n import N_, Translator

WATCH_SECONDS = 10.0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser], tr: Translator) -> None:
    p = sub.add_parser("sync", help=tr.gettext("keep the caseload in step through a shared folder"))
    ssub = p.add_subparsers(dest="sync_command", metavar="ACTION", required=True)
    q = ssub.add_parser("folder", help=tr.gettext("set or show the shared folder"))
    q.add_argument("path", nargs="?", type=Path)
    q.set_defaults(handler=_cmd_folder)
    q = ssub.add_parser("run", help=tr.gettext("write our changes and apply the others' changes"))
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=_cmd_run)
    q = ssub.add_parser("status", help=tr.gettext("members, bundles sent and received, held files"))
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=_cmd_status)
    q = ssub.add_parser(
        "partner", help=tr.gettext("let a partner agency take part in sync, or stop it")
    )
    q.add_argument("name")
    q.add_argument("--stop", action="store_true")
    q.set_defaults(handler=_cmd_partner)
    q = ssub.add_parser("watch", help=tr.gettext("run again and again until Ctrl+C"))
    q.add_argument(
        "--every", type=float, default=WATCH_SECONDS, help=tr.gettext("seconds between runs")
    )
    q.add_argument("--times", type=int, default=0, help=tr.gettext("stop after so many runs"))
    q.set_defaults(handler=_cmd_watch)


def _cmd_folder(args: argparse.Namespace, ctx: Context) -> int:
    from willkommensordner.sync.engine import set_shared_folder, shared_folder

    with open_vault(args, ctx) as vault:
        if args.path is None:
            current = shared_folder(vault.db)
        else:
            current = set_shared_folder(vault, args.path)
    if current is None:
        ctx.say(N_("No shared folder is set."))
    else:
        ctx.say(N_("Shared folder: {path}"), path=str(current))
    return 0


def _cmd_run(args: argparse.Namespace, ctx: Context) -> int:
    from willkommensordner.sync.engine import run

    with open_vault(args, ctx) as vault:
        result = run(vault)
    if args.json:
        print_json(
            ctx,
            {
                "folder": str(result.folder),
                "available": result.available,
                "sent": [
                    {
                        "member": s.member,
                        "sequence": s.sequence,
                        "file": s.path.name,
                        "dossiers": s.dossiers,
                        "records": s.records,
                        "withheld": s.withheld,
                    }
                    for s in result.sent
                ],
                "applied": [
                    {
                        "member": a.sender,
                        "sequence": a.sequence,
                        "changes": a.changes,
                        "conflicts": a.conflicts,
                        "refused": a.refused,
                        "repeated": a.repeated,
                    }
                    for a in result.received.applied
                ],
                "held": [
                    {
                        "member": h.sender,
                        "file": h.file,
                        "reason": ctx.tr.format(h.reason, h.params),
                    }
                    for h in result.received.held
                ],
                "waiting": result.received.waiting,
                "incomplete": result.received.incomplete,
            },
        )
        return 0
    _say_run(ctx, result)
    return 0


def _say_run(ctx: Context, result: object) -> None:
    from willkommensordner.sync.engine import FOLDER_GONE, RunResult

    assert isinstance(result, RunResult)
    if not result.available:
        ctx.say(FOLDER_GONE, path=str(result.folder))
        return
    for s in result.sent:
        ctx.say(
            N_("Sent bundle {sequence} to {member}: {dossiers} dossier(s)."),
            sequence=s.sequence,
            member=s.member,
            dossiers=s.dossiers,
        )
    for a in result.received.applied:
        ctx.say(
            N_(
                "Applied bundle {sequence} from {member}: {changes} change(s),"
                " {conflicts} conflict(s)."
            ),
            sequence=a.sequence,
            member=a.sender,
            changes=a.changes,
            conflicts=a.conflicts,
        )
    for h in result.received.held:
        ctx.warn(
            N_("Held {file} from {member}: {reason}"),
            file=h.file,
            member=h.sender,
            reason=ctx.tr.format(h.reason, h.params),
        )
    for member, number in result.received.waiting.items():
        ctx.say(N_("Waiting for bundle {sequence} from {member}."), sequence=number, member=member)
    if result.received.incomplete:
        ctx.say(N_("{count} file(s) still arriving."), count=result.received.incomplete)
    if not (result.sent or result.received.applied or result.received.held):
        ctx.say(N_("Nothing new."))


def _cmd_status(args: argparse.Namespace, ctx: Context) -> int:
    from willkommensordner.sync.status import status

    with open_vault(args, ctx) as vault:
        state = status(vault.db)
    if args.json:
        data = state.to_json()
        for held in data["held"]:
            held["reason"] = ctx.tr.format(held["reason"], held.pop("params"))
        print_json(ctx, data)
        return 0
    if state.folder is None:
        ctx.say(N_("No shared folder is set."))
    elif not state.available:
        ctx.say(
            N_("The shared folder {path} is not available now (not mounted or offline)."),
            path=state.folder,
        )
    else:
        ctx.say(N_("Shared folder: {path}"), path=state.folder)
    for m in state.members:
        role = (
            ctx.tr.gettext("team member") if m.role == "team" else ctx.tr.gettext("partner agency")
        )
        print(
            f"{m.name}\t{role}\t"
            + ctx.tr.format(
                N_("sent {sent} · received {received} · unsent changes {unsent}"),
                {
                    "sent": m.sent_sequence,
                    "received": m.received_sequence,
                    "unsent": m.unsent_changes,
                },
            ),
            file=ctx.out,
        )
        if m.waiting_for is not None:
            ctx.say(
                N_("Waiting for bundle {sequence} from {member}."),
                sequence=m.waiting_for,
                member=m.name,
            )
    for h in state.held:
        ctx.say(
            N_("Held {file} from {member}: {reason}"),
            file=h.file,
            member=h.sender,
            reason=ctx.tr.format(h.reason, h.params),
        )
    ctx.say(N_("Open conflicts: {count}"), count=state.open_conflicts)
    return 0


def _cmd_partner(args: argparse.Namespace, ctx: Context) -> int:
    from willkommensordner.exchange.contacts import ContactBook
    from willkommensordner.sync.members import set_partner

    with open_vault(args, ctx) as vault:
        vault.require_writable()
        contact = ContactBook(vault.db).get(args.name)
        set_partner(vault.db, contact, not args.stop)
    if args.stop:
        ctx.say(N_("{name} gets no more bundles through the shared folder."), name=contact.name)
    else:
        ctx.say(
            N_("{name} takes part in sync: it gets what its consents cover."), name=contact.name
        )
    return 0


def _cmd_watch(args: argparse.Namespace, ctx: Context) -> int:
    from willkommensordner.sync.engine import run

    runs = 0
    try:
        with open_vault(args, ctx) as vault:
            while True:
                _say_run(ctx, run(vault))
                runs += 1
                if args.times and runs >= args.times:
                    break
                time.sleep(max(0.5, args.every))
    except KeyboardInterrupt:
        return int(ExitCode.OK)
    return int(ExitCode.OK)
