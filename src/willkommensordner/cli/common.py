"""What every command shares: the output context, opening the vault, argument types."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from willkommensordner import storage
from willkommensordner.errors import (
    ExitCode,
    InvalidInput,
    LockedError,
    NotFound,
    UsageError,
)
from willkommensordner.i18n import N_, Translator
from willkommensordner.privacy import erasure_ledger
from willkommensordner.privacy.retention import reapply_erasures
from willkommensordner.vault.location import default_vault_path
from willkommensordner.vault.passphrase_policy import strength
from willkommensordner.vault.throttle import UnlockThrottle, notice
from willkommensordner.vault.vault import Vault

if TYPE_CHECKING:
    from willkommensordner.content.library import ContentLibrary


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

    def say_count(self, singular: str, plural: str, count: int, **params: object) -> None:
        """A message whose wording follows `count` (the language's plural forms)."""
        text = self.tr.ngettext(singular, plural, count)
        print(text.format_map({"count": count, **params}), file=self.out)

    def warn(self, message: str, **params: object) -> None:
        print(self.tr.format(message, params), file=self.err)


PASSPHRASE_ENV = "WKO_PASSPHRASE"
NEW_PASSPHRASE_ENV = "WKO_NEW_PASSPHRASE"
PROMPT_ATTEMPTS = 3


def vault_path(args: argparse.Namespace) -> Path:
    return Path(args.vault).expanduser() if args.vault else default_vault_path()


def read_secret_file(name: str) -> str:
    try:
        text = Path(name).expanduser().read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        raise UsageError(N_("The passphrase file {name} cannot be read."), name=name) from None
    return text.rstrip("\r\n")


def stdin_is_terminal() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def passphrase_sources(args: argparse.Namespace) -> str | None:
    """The passphrase from the file or the environment, if either gives one."""
    if getattr(args, "vault_passphrase_file", None):
        return read_secret_file(args.vault_passphrase_file)
    return os.environ.get(PASSPHRASE_ENV) or None


def open_vault(
    args: argparse.Namespace, ctx: Context, *, accept_lost_journal: bool = False
) -> Vault:
    """Unlock the vault named by --vault; prompt only on a terminal. Wrong passphrases make
    the next attempt wait, also in the next run (vault/throttle.py)."""
    path = vault_path(args)
    given = passphrase_sources(args)
    if given is not None:
        return _told(ctx, Vault.unlock(path, given, accept_lost_journal=accept_lost_journal))
    if not stdin_is_terminal():
        raise LockedError(N_("No passphrase given: use --vault-passphrase-file or WKO_PASSPHRASE."))
    throttle = UnlockThrottle.beside(path)
    for attempt in range(PROMPT_ATTEMPTS):
        try:
            vault = Vault.unlock(
                path,
                getpass.getpass(ctx.tr.gettext("Passphrase: ")),
                throttle,
                accept_lost_journal=accept_lost_journal,
            )
            return _told(ctx, vault)
        except LockedError as exc:
            if attempt == PROMPT_ATTEMPTS - 1:
                raise
            ctx.warn(exc.msgid)
    raise AssertionError("unreachable")


def _told(ctx: Context, vault: Vault) -> Vault:
    """Say how often a wrong passphrase was tried since the last unlock: it may not be you."""
    told = notice(vault.failed_attempts)
    if told is not None:
        ctx.warn(told.msgid, **told.params)
    try:
        again = reapply_erasures(vault)
    except BaseException:
        vault.close()
        raise
    if again:
        ctx.warn(erasure_ledger.REAPPLIED, count=again)
    return vault


def new_passphrase(args: argparse.Namespace, ctx: Context, file_option: str | None) -> str:
    """A new passphrase from a file, the environment, or typed twice at a prompt."""
    if file_option:
        return read_secret_file(file_option)
    from_env = os.environ.get(NEW_PASSPHRASE_ENV)
    if from_env:
        return from_env
    if not stdin_is_terminal():
        raise UsageError(
            N_("No new passphrase given: use a passphrase file or WKO_NEW_PASSPHRASE.")
        )
    first = getpass.getpass(ctx.tr.gettext("New passphrase: "))
    hint = strength(first)
    ctx.warn(hint.hint)
    if getpass.getpass(ctx.tr.gettext("Repeat the new passphrase: ")) != first:
        raise InvalidInput(N_("The two passphrases differ."))
    return first


def print_json(ctx: Context, data: object) -> None:
    json.dump(data, ctx.out, ensure_ascii=False, indent=2)
    ctx.out.write("\n")


def positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def resolve_dossier(vault: Vault, text: str) -> str:
    """A full id, or a unique prefix of one, as people copy them from `list`."""
    text = text.strip().lower()
    matches = [i for i in vault.records.dossier_ids() if i.startswith(text)] if text else []
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1 and len(text) < 36:
        raise UsageError(N_("Several dossiers start with '{id}'. Give more characters."), id=text)
    raise NotFound(N_("There is no dossier with the id {id}."), id=text)


def parse_day(text: str) -> date:
    """A whole date as counsellors write it (TT.MM.JJJJ) or in ISO form (JJJJ-MM-TT)."""
    for parse in (date.fromisoformat, lambda t: datetime.strptime(t, "%d.%m.%Y").date()):
        try:
            return parse(text.strip())
        except ValueError:
            continue
    raise argparse.ArgumentTypeError("expected DD.MM.YYYY or YYYY-MM-DD")


def content_library(args: argparse.Namespace) -> ContentLibrary:
    # Imported here so that commands which do not need content do not load Babel data.
    import os
    from pathlib import Path

    from willkommensordner.content.library import ContentLibrary

    data_dir = getattr(args, "data_dir", None) or os.environ.get("WKO_CONTENT_DIR") or None
    return ContentLibrary(Path(data_dir) if data_dir else None)


def usage(parser: argparse.ArgumentParser) -> int:
    parser.print_usage(sys.stderr)
    return int(ExitCode.USAGE)


def write_export(path: Path, data: bytes) -> None:
    """A file the user asked for, readable only by them (0600); disk problems as messages."""
    storage.require_folder(path)
    try:
        with storage.writing(path):
            storage.write_private(path, data)
    except OSError:
        raise UsageError(N_("The file {path} cannot be written."), path=str(path)) from None
