"""Headless commands over the same services the desktop app uses.

`willkommensordner [--vault PATH] [--vault-passphrase-file F] COMMAND`. The passphrase comes
from the file, from the environment variable WKO_PASSPHRASE, or from a prompt; never from an
argument, where it would end up in the shell history and the process list.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from willkommensordner import __version__, portable
from willkommensordner.cli import (
    calendar_commands,
    content_commands,
    exchange_commands,
    guidance_commands,
    print_commands,
    scan_commands,
    sync_commands,
    vault_commands,
)
from willkommensordner.cli.common import (
    Context,
    vault_path,
)
from willkommensordner.errors import (
    ExitCode,
    UsageError,
    UserError,
)
from willkommensordner.i18n import N_, Translator, system_language, translator

Section = Callable[["argparse._SubParsersAction[argparse.ArgumentParser]", Translator], None]
# In the order `--help` lists them.
SECTIONS: tuple[Section, ...] = (
    vault_commands.register,
    guidance_commands.register,
    content_commands.register,
    calendar_commands.register,
    scan_commands.register,
    print_commands.register,
    exchange_commands.register,
    sync_commands.register,
)


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
    for register in SECTIONS:
        register(sub, tr)
    return parser


def _start_gui(args: argparse.Namespace, ctx: Context) -> int:
    """The desktop app, for the vault `--vault` names (else the one the settings remember)."""
    try:
        from willkommensordner.gui.app import run_app  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        ctx.warn(N_("The desktop app is not available yet. Use the commands below:"))
        build_parser(ctx.tr).print_help(ctx.err)
        return int(ExitCode.OK)
    return int(run_app(vault_path=vault_path(args) if args.vault else None))


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
        return _start_gui(args, ctx)
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
