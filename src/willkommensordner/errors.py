"""Errors a user can act on, each with a translatable message and a CLI exit code.

Messages carry placeholders, never personal data: they may end up in logs or in the
"technical details" of an error dialog.
"""

from __future__ import annotations

from enum import IntEnum

from willkommensordner.i18n import Translator, translator


class ExitCode(IntEnum):
    OK = 0
    UNEXPECTED = 1
    USAGE = 2
    LOCKED = 3
    BAD_INPUT = 4
    NOT_FOUND = 5
    VAULT_DAMAGED = 6
    INCOMPATIBLE = 7
    BLOCKED = 8
    CONFLICTS = 9
    STORAGE = 10


class UserError(Exception):
    """An error with a message for the user; subclasses choose the exit code."""

    exit_code = ExitCode.UNEXPECTED

    def __init__(self, message: str, **params: object) -> None:
        super().__init__(message)
        self.msgid = message
        self.params = params

    def message(self, tr: Translator | None = None) -> str:
        return (tr or translator("en")).format(self.msgid, self.params)

    def __str__(self) -> str:
        return self.message()


class UsageError(UserError):
    exit_code = ExitCode.USAGE


class LockedError(UserError):
    """Wrong passphrase or recovery key, or no way to ask for one."""

    exit_code = ExitCode.LOCKED


class InvalidInput(UserError, ValueError):
    """Input that breaks a rule; a ValueError so that pydantic reports it per field."""

    exit_code = ExitCode.BAD_INPUT


class NotFound(UserError):
    exit_code = ExitCode.NOT_FOUND


class VaultDamaged(UserError):
    exit_code = ExitCode.VAULT_DAMAGED


class HistoryTampered(VaultDamaged):
    """The hash chain of the audit trail does not match: rows were changed outside the app."""


class Incompatible(UserError):
    """A file written by a newer version of the app, or of a format we do not know."""

    exit_code = ExitCode.INCOMPATIBLE


class Blocked(UserError):
    """The action is not allowed, e.g. an export without a matching consent."""

    exit_code = ExitCode.BLOCKED


class StorageProblem(UserError):
    """The disk is full, the medium is read-only, or the disk fails: nothing wrong with the data."""

    exit_code = ExitCode.STORAGE
