"""Commands for the potential analysis, counselling paths, monitoring and retention."""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path

from willkommensordner.cli.common import (
    Context,
    open_vault,
    parse_day,
    positive,
    print_json,
    resolve_dossier,
    write_export,
)
from willkommensordner.domain.agreed_step import StepOwner
from willkommensordner.errors import (
    InvalidInput,
    UsageError,
)
from willkommensordner.guidance import municipal
from willkommensordner.guidance.analysis import current_analysis, save_analysis
from willkommensordner.guidance.engine import Guidance, accept, dismiss, guide, restore
from willkommensordner.guidance.questionnaire import (
    default_questionnaire,
    load_questionnaire,
    shipped_questionnaire,
)
from willkommensordner.guidance.questionnaire import municipal_problem as questionnaire_problem
from willkommensordner.guidance.rules import load_rules, shipped_rule_files, shipped_rules
from willkommensordner.guidance.rules import municipal_problem as rules_problem
from willkommensordner.i18n import N_, Translator
from willkommensordner.privacy import k_anonymity
from willkommensordner.privacy.monitoring import collect as collect_figures
from willkommensordner.privacy.monitoring import write_csv
from willkommensordner.privacy.retention import (
    QueueReason,
    anonymise_all,
    deletion_queue,
    purge,
    retention_years,
    set_retention_years,
)
from willkommensordner.privacy.subject_access import subject_access
from willkommensordner.vault.vault import Vault


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser], tr: Translator) -> None:
    p = sub.add_parser("guide", help=tr.gettext("responsible agencies and suggested next steps"))
    p.add_argument("id", help=tr.gettext("dossier id (or its first characters)"))
    p.add_argument("--json", action="store_true")
    p.add_argument("--date", type=parse_day, help=tr.gettext("as on this day (default: today)"))
    action = p.add_mutually_exclusive_group()
    action.add_argument(
        "--accept", metavar="RULE", help=tr.gettext("take a suggestion into the plan")
    )
    action.add_argument("--dismiss", metavar="RULE", help=tr.gettext("set a suggestion aside"))
    action.add_argument("--restore", metavar="RULE", help=tr.gettext("bring a dismissed one back"))
    p.add_argument("--due", type=parse_day, help=tr.gettext("due date of the accepted step"))
    p.add_argument(
        "--owner", choices=[o.value for o in StepOwner], help=tr.gettext("who does the step")
    )
    p.add_argument("--reason", default="", help=tr.gettext("why it is dismissed"))
    p.set_defaults(handler=_cmd_guide)

    p = sub.add_parser(
        "guidance", help=tr.gettext("the municipality's own questionnaire extensions and rules")
    )
    gsub = p.add_subparsers(dest="guidance_command", metavar="ACTION", required=True)
    q = gsub.add_parser("check", help=tr.gettext("check the municipality's files"))
    q.add_argument("--dir", metavar="DIR", help=tr.gettext("folder to check (default: in use)"))
    q.set_defaults(handler=_cmd_guidance_check)

    p = sub.add_parser("analysis", help=tr.gettext("show or record the potential analysis"))
    p.add_argument("id")
    p.add_argument("--answers", metavar="FILE", help=tr.gettext("JSON object of answers"))
    p.add_argument("--completed", type=parse_day, help=tr.gettext("day the analysis was completed"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_analysis)

    p = sub.add_parser("monitoring", help=tr.gettext("anonymous figures for the municipality"))
    p.add_argument("-o", "--output", required=True, metavar="F.csv")
    p.add_argument("--pdf", metavar="F.pdf")
    p.add_argument("--date", type=parse_day)
    p.set_defaults(handler=_cmd_monitoring)

    p = sub.add_parser("retention", help=tr.gettext("deletion queue and real deletion"))
    rsub = p.add_subparsers(dest="retention_command", metavar="ACTION", required=True)
    q = rsub.add_parser("queue", help=tr.gettext("closed dossiers past the retention period"))
    q.add_argument("--json", action="store_true")
    q.add_argument("--date", type=parse_day)
    q.set_defaults(handler=_cmd_retention_queue)
    q = rsub.add_parser("delete", help=tr.gettext("delete a closed dossier for good"))
    q.add_argument("id")
    q.add_argument("--yes", action="store_true", help=tr.gettext("confirm: this cannot be undone"))
    q.set_defaults(handler=_cmd_retention_delete)
    q = rsub.add_parser("years", help=tr.gettext("show or set the retention period"))
    q.add_argument("years", nargs="?", type=positive)
    q.set_defaults(handler=_cmd_retention_years)

    p = sub.add_parser("anonymise", help=tr.gettext("anonymise closed dossiers"))
    p.add_argument("id", nargs="+")
    p.add_argument("--yes", action="store_true", help=tr.gettext("confirm: this cannot be undone"))
    p.set_defaults(handler=_cmd_anonymise)

    p = sub.add_parser(
        "anonymity", help=tr.gettext("k-anonymity of the anonymised dossiers: check, set k")
    )
    p.add_argument("--k", type=positive, help=tr.gettext("new k (at least 2; default 5)"))
    p.set_defaults(handler=_cmd_anonymity)

    p = sub.add_parser(
        "signed-consent", help=tr.gettext("attach the scanned, signed consent form to a consent")
    )
    p.add_argument("--consent", required=True, metavar="ID")
    p.add_argument("scan", metavar="FILE")
    p.set_defaults(handler=_cmd_signed_consent)

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
    warn_about_municipal_files(ctx)
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
        print_json(ctx, guidance.to_json())
    elif not (args.accept or args.dismiss or args.restore):
        _print_guidance(ctx, guidance)
    return 0


def _cmd_analysis(args: argparse.Namespace, ctx: Context) -> int:
    warn_about_municipal_files(ctx)
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
        print_json(ctx, data)
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
        from willkommensordner.privacy.monitoring_pdf import write_pdf

        write_pdf(figures, Path(args.pdf), ctx.tr)
    ctx.say(N_("Wrote the monitoring figures to {path}."), path=args.output)
    return 0


def _cmd_retention_queue(args: argparse.Namespace, ctx: Context) -> int:
    with open_vault(args, ctx) as vault:
        entries = deletion_queue(vault, args.date or date.today())
        years = retention_years(vault)
    if args.json:
        print_json(ctx, [e.to_json() for e in entries])
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
        dossier_ids = [resolve_dossier(vault, i) for i in args.id]
        anonymise_all(vault, dossier_ids)
    for dossier_id in dossier_ids:
        ctx.say(N_("The dossier {id} was anonymised."), id=dossier_id)
    return 0


def _cmd_anonymity(args: argparse.Namespace, ctx: Context) -> int:
    with open_vault(args, ctx) as vault:
        if args.k is not None:
            k_anonymity.set_k_value(vault, args.k)
        outcome = k_anonymity.enforce(vault)
        smallest = k_anonymity.smallest_group(vault)
    ctx.say(
        N_(
            "k = {k}: {dossiers} anonymised dossier(s); the smallest group of alike shares"
            " {smallest}. Removed from all four kept values: {suppressed}."
        ),
        k=outcome.k,
        dossiers=outcome.dossiers,
        smallest=smallest if smallest is not None else "—",
        suppressed=outcome.suppressed,
    )
    return 0


def _cmd_signed_consent(args: argparse.Namespace, ctx: Context) -> int:
    from willkommensordner.privacy.signed_consent import attach_signed_form

    with open_vault(args, ctx) as vault:
        attach_signed_form(vault, args.consent.strip(), Path(args.scan))
    ctx.say(N_("The signed form is kept with the consent."))
    return 0


def _cmd_subject_access(args: argparse.Namespace, ctx: Context) -> int:
    with open_vault(args, ctx) as vault:
        dossier_id = resolve_dossier(vault, args.id)
        data = subject_access(vault, dossier_id, include_attachments=not args.no_attachments)
    out = Path(args.output)
    # The person asked for this copy; it is written only where the counsellor says (0600).
    write_export(out, json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8"))
    ctx.say(N_("Wrote everything held about dossier {id} to {path}."), id=dossier_id, path=str(out))
    return 0


def _cmd_guidance_check(args: argparse.Namespace, ctx: Context) -> int:
    folder = Path(args.dir) if args.dir else municipal.guidance_dir()
    extensions = municipal.questionnaire_files(folder)
    own_rules = municipal.rule_files(folder)
    questionnaire = load_questionnaire(extensions=extensions)
    rules = load_rules([*shipped_rule_files(), *own_rules])
    ctx.say(N_("Folder: {folder}"), folder=str(folder))
    ctx.say(
        N_("Questionnaire: {questions} questions, {own} of them from {files} file(s) here."),
        questions=len(questionnaire.items),
        own=len(questionnaire.items) - len(shipped_questionnaire().items),
        files=len(extensions),
    )
    ctx.say(
        N_("Rules: {rules}, {own} of them from {files} file(s) here."),
        rules=len(rules),
        own=len(rules) - len(shipped_rules()),
        files=len(own_rules),
    )
    return 0


def warn_about_municipal_files(ctx: Context) -> None:
    """Commands that use the guidance data say when the municipality's files are not in use."""
    for problem in (questionnaire_problem(), rules_problem()):
        if problem is not None:
            ctx.warn(
                N_("Not in use, the shipped data is used instead: {problem}"),
                problem=problem.message(ctx.tr),
            )
