"""Headless commands over the same services the desktop app uses.

`willkommensordner [--vault PATH] [--vault-passphrase-file F] COMMAND`. The passphrase comes
from the file, from the environment variable WKO_PASSPHRASE, or from a prompt; never from an
argument, where it would end up in the shell history and the process list.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from willkommensordner import __version__
from willkommensordner.errors import ExitCode, UserError
from willkommensordner.i18n import N_, Translator, system_language, translator

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
