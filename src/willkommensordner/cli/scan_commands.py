"""Reading a scan for suggestions: `documents read SCAN` prints them as JSON."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from willkommensordner.cli.common import Context, print_json, usage
from willkommensordner.errors import InvalidInput
from willkommensordner.i18n import N_, Translator

# A scan larger than this is not a page; reading it would only tie up the machine.
MAX_SCAN_BYTES = 60 * 1024 * 1024


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser], tr: Translator) -> None:
    documents = sub.add_parser("documents", help=tr.gettext("papers and their scans"))
    documents.set_defaults(handler=lambda _a, _c: usage(documents))
    inner = documents.add_subparsers(dest="documents_command", metavar="COMMAND")
    p = inner.add_parser(
        "read",
        help=tr.gettext("suggest type, number and expiry from a scan (image); nothing is stored"),
    )
    p.add_argument("scan", metavar="SCAN", help=tr.gettext("the scanned image (PNG, JPEG, TIFF)"))
    p.set_defaults(handler=_cmd_read)


def _cmd_read(args: argparse.Namespace, ctx: Context) -> int:
    from willkommensordner.scans.reader import read_scan

    path = Path(args.scan)
    try:
        if path.stat().st_size > MAX_SCAN_BYTES:
            raise InvalidInput(N_("The scan {path} is too large to read."), path=str(path))
        data = path.read_bytes()
    except OSError:
        raise InvalidInput(N_("The file {path} cannot be read."), path=str(path)) from None
    reading = read_scan(data, today=date.today())
    print_json(ctx, reading.to_json())
    return 0
