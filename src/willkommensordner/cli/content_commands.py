"""Commands for information-page packs and contact points."""

from __future__ import annotations

import argparse

from willkommensordner.cli.common import (
    Context,
    content_library,
    usage,
)
from willkommensordner.errors import (
    ExitCode,
)
from willkommensordner.i18n import N_, Translator


def _content_list(args: argparse.Namespace, ctx: Context) -> int:
    import json

    from willkommensordner.content.status import Status as ContentStatus

    library = content_library(args)
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
                    "demo": p.demo,
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
    library = content_library(args)
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

    result = import_pack(Path(args.pack), content_library(args))
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


def _content_remove(args: argparse.Namespace, ctx: Context) -> int:
    from willkommensordner.content.pack_import import remove_pack

    remove_pack(args.pack_id, content_library(args))
    ctx.say(N_("Removed pack {id}."), id=args.pack_id)
    return int(ExitCode.OK)


def _content_demo(args: argparse.Namespace, ctx: Context) -> int:
    content_library(args).store.set_demo_enabled(args.state == "on")
    if args.state == "on":
        ctx.say(N_("The sample packs with invented contact points are shown now."))
    else:
        ctx.say(N_("The sample packs are no longer shown."))
    return int(ExitCode.OK)


def _content_export_po(args: argparse.Namespace, ctx: Context) -> int:
    from pathlib import Path

    from willkommensordner.content.po import export_po, write_catalog

    catalog, pages = export_po(content_library(args), args.lang)
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

    result = import_po(content_library(args), Path(args.file))
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


def _content_import_integreat(args: argparse.Namespace, ctx: Context) -> int:
    from datetime import date
    from pathlib import Path

    from willkommensordner.content.integreat import apply_import, plan_import, preview

    library = content_library(args)
    plan = plan_import(Path(args.dump), args.region, library, date.today())
    for line in preview(plan, ctx.tr):
        print(line, file=ctx.out)
    if args.dry_run:
        ctx.say(N_("Dry run: nothing was changed."))
        return int(ExitCode.OK)
    apply_import(plan, library)
    if plan.previous_version:
        ctx.say(
            N_("Updated pack {id} from version {old} to {new}."),
            id=plan.pack_id,
            old=plan.previous_version,
            new=plan.version,
        )
    else:
        ctx.say(N_("Installed pack {id} version {new}."), id=plan.pack_id, new=plan.version)
    return int(ExitCode.OK)


def _content_check(args: argparse.Namespace, ctx: Context) -> int:
    """The readability of the German or easy-German pages, per page."""
    from willkommensordner.content.languages import normalize
    from willkommensordner.content.readability import check

    lang = normalize(args.lang)
    library = content_library(args)
    checked = 0
    for topic_id in library.topic_ids():
        found = library.exact_page(topic_id, lang)
        if found is None:
            continue
        page, _status = found
        result = check(page.blocks)
        checked += 1
        ctx.say(
            N_(
                "{topic} ({lang}): {sentences} sentences, {average} words per sentence on "
                "average, longest {longest}"
            ),
            topic=topic_id,
            lang=lang,
            sentences=result.sentences,
            average=f"{result.average_sentence:.1f}",
            longest=result.longest_sentence,
        )
        for item in result.problems():
            ctx.say("  - {problem}", problem=item.message(ctx.tr))
    if not checked:
        ctx.warn(N_("There are no pages in {lang}."), lang=lang)
        return int(ExitCode.NOT_FOUND)
    return int(ExitCode.OK)


def _content_speak(args: argparse.Namespace, ctx: Context) -> int:
    """A page read aloud into a WAV file, or the sentences as they would be said."""
    from pathlib import Path

    from willkommensordner.speech import espeak
    from willkommensordner.speech.text import spoken_sentences

    page = content_library(args).page(args.topic, args.lang)
    sentences = spoken_sentences(page.title, page.blocks, page.lang)
    if args.output is None:
        for sentence in sentences:
            print(sentence, file=ctx.out)
        return int(ExitCode.OK)
    espeak.synthesize(sentences, page.lang, Path(args.output))
    ctx.say(N_("Read aloud into {path}."), path=args.output)
    return int(ExitCode.OK)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser], tr: Translator) -> None:
    content = sub.add_parser("content", help=tr.gettext("information pages and contact points"))
    content.add_argument(
        "--data-dir",
        metavar="DIR",
        help=tr.gettext("folder of imported packs (default: the app's data folder)"),
    )
    content.set_defaults(handler=lambda _args, _ctx: usage(content))
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
    integreat = commands.add_parser(
        "import-integreat", help=tr.gettext("import a city's Integreat content from an API dump")
    )
    integreat.add_argument("dump", metavar="DIR")
    integreat.add_argument("--region", required=True, metavar="NAME")
    integreat.add_argument(
        "--dry-run", action="store_true", help=tr.gettext("show the preview, change nothing")
    )
    integreat.set_defaults(handler=_content_import_integreat)
    check = commands.add_parser(
        "check",
        help=tr.gettext("readability of the pages (sentences, words, passive, abbreviations)"),
    )
    check.add_argument("--lang", default="de-x-easy")
    check.set_defaults(handler=_content_check)
    speak = commands.add_parser(
        "speak", help=tr.gettext("read a page aloud (offline voice) into a WAV file")
    )
    speak.add_argument("topic")
    speak.add_argument("--lang", default="de")
    speak.add_argument("-o", "--output", metavar="FILE.wav")
    speak.set_defaults(handler=_content_speak)
    remove = commands.add_parser("remove", help=tr.gettext("uninstall an imported pack"))
    remove.add_argument("pack_id", metavar="ID")
    remove.set_defaults(handler=_content_remove)
    demo = commands.add_parser(
        "demo", help=tr.gettext("show or hide the sample packs (invented contact points)")
    )
    demo.add_argument("state", choices=("on", "off"))
    demo.set_defaults(handler=_content_demo)
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
