"""The calendar export (.ics) of appointments."""

from __future__ import annotations

import argparse
from pathlib import Path

from willkommensordner.cli.common import (
    Context,
    open_vault,
    resolve_dossier,
    write_export,
)
from willkommensordner.errors import (
    NotFound,
    UsageError,
)
from willkommensordner.i18n import N_, Translator


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser], tr: Translator) -> None:
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
    from willkommensordner.calendar.ics_export import NameInCalendar, calendar_bytes, qr_code
    from willkommensordner.domain.appointment import Appointment

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
        write_export(Path(args.output), data)
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
