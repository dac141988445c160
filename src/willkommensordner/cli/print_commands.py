"""Printed documents: welcome folder, information folder, slip, plan, analysis forms."""

from __future__ import annotations

import argparse

from willkommensordner.cli.common import (
    Context,
    content_library,
    open_vault,
    resolve_dossier,
    usage,
)
from willkommensordner.errors import (
    ExitCode,
    NotFound,
)
from willkommensordner.guidance.analysis import current_analysis
from willkommensordner.i18n import N_, Translator


def _print_write(printable: object, output: str, ctx: Context) -> int:
    from willkommensordner.printing.printable import Printable

    assert isinstance(printable, Printable)
    pages = printable.write(output)
    ctx.say_count("{count} page written.", "{count} pages written.", pages)
    return int(ExitCode.OK)


def _print_folder(args: argparse.Namespace, ctx: Context) -> int:
    from willkommensordner.printing.welcome import welcome_folder

    library = content_library(args)
    with open_vault(args, ctx) as vault:
        bundle = vault.records.bundle(resolve_dossier(vault, args.dossier))
    printable = welcome_folder(bundle, library, args.lang, show_name=not args.no_name)
    return _print_write(printable, args.output, ctx)


def _print_info(args: argparse.Namespace, ctx: Context) -> int:
    from willkommensordner.printing.welcome import information_folder

    return _print_write(information_folder(content_library(args), args.lang), args.output, ctx)


def _print_slip(args: argparse.Namespace, ctx: Context) -> int:
    from willkommensordner.domain.appointment import Appointment
    from willkommensordner.printing.slip import appointment_slip

    library = content_library(args)
    with open_vault(args, ctx) as vault:
        appointment = vault.records.get(Appointment, args.appointment.strip())
    return _print_write(appointment_slip(appointment, library, args.lang), args.output, ctx)


def _print_plan(args: argparse.Namespace, ctx: Context) -> int:
    from willkommensordner.printing.slip import plan

    with open_vault(args, ctx) as vault:
        bundle = vault.records.bundle(resolve_dossier(vault, args.dossier))
    return _print_write(plan(bundle, args.lang, show_name=not args.no_name), args.output, ctx)


def _print_consent(args: argparse.Namespace, ctx: Context) -> int:
    from willkommensordner.domain.consent import Consent
    from willkommensordner.printing.consent_form import consent_form
    from willkommensordner.privacy.controller import controller, set_controller

    with open_vault(args, ctx) as vault:
        if args.controller is not None:
            set_controller(vault, args.controller, args.data_protection_contact or "")
        consent = vault.records.get(Consent, args.consent.strip())
        dossier = vault.records.dossier(consent.dossier_id)
        responsible = controller(vault)
    lang = args.lang or dossier.preferred_language
    return _print_write(consent_form(consent, dossier, responsible, lang), args.output, ctx)


def _print_questionnaire(args: argparse.Namespace, ctx: Context) -> int:
    from willkommensordner.printing.analysis_form import blank_questionnaire

    return _print_write(blank_questionnaire(args.lang), args.output, ctx)


def _print_analysis(args: argparse.Namespace, ctx: Context) -> int:
    from willkommensordner.printing.analysis_form import filled_analysis

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


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser], tr: Translator) -> None:
    printing = sub.add_parser("print", help=tr.gettext("printable PDF folders and slips"))
    printing.add_argument(
        "--data-dir",
        metavar="DIR",
        help=tr.gettext("folder of imported packs (default: the app's data folder)"),
    )
    printing.set_defaults(handler=lambda _args, _ctx: usage(printing))
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
    consent = commands.add_parser(
        "consent", help=tr.gettext("the consent form to sign, German and the person's language")
    )
    consent.add_argument("--consent", required=True, metavar="ID")
    consent.add_argument(
        "--lang", help=tr.gettext("the newcomer's language (default: the dossier's)")
    )
    consent.add_argument(
        "--controller",
        metavar="TEXT",
        help=tr.gettext("set the responsible agency with its address (kept for next time)"),
    )
    consent.add_argument(
        "--data-protection-contact",
        metavar="TEXT",
        help=tr.gettext("set its data protection officer's contact (kept for next time)"),
    )
    consent.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    consent.set_defaults(handler=_print_consent)
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
