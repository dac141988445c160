"""Where the app keeps its files: the user's profile, or beside the program on a USB stick.

Installed, the vault, settings and content packs live in the platform's per-user folders
(platformdirs), never in the program folder, which an installer may make read-only. Portable
mode, chosen with `--portable` or by a `portable.txt` file beside the executable, keeps them in
`<program folder>/Willkommensordner-Daten/` instead, so the whole app travels on one stick.

The vault stays encrypted either way; what changes is who can carry it off. Hence the warning
that CLI and GUI show while portable mode is on.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_config_dir, user_data_dir

from willkommensordner import APP_NAME
from willkommensordner.i18n import N_

PORTABLE_MARKER = "portable.txt"
DATA_DIRNAME = "Willkommensordner-Daten"

PORTABLE_NOTE = N_("Portable mode: vault and settings are on this drive ({folder}).")
PORTABLE_WARNING = N_(
    "Portable mode: the encrypted vault and the settings are kept beside the program in "
    "{folder}. Whoever holds this drive holds the encrypted vault. Losing it reveals nothing "
    "readable, but the passphrase and the recovery key still matter: keep them apart from "
    "the drive, and back the vault up, because a lost drive is a lost vault."
)


@dataclass(frozen=True)
class AppDirs:
    """The folders for this run; `portable` says whether they are beside the program."""

    data_dir: Path
    config_dir: Path
    portable: bool

    @property
    def content_dir(self) -> Path:
        return self.data_dir / "content"


def program_dir() -> Path:
    """The folder of the running program: the bundle's executable, else the launcher script."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    launcher = sys.argv[0] if sys.argv and sys.argv[0] not in ("", "-c") else "."
    return Path(launcher).resolve().parent


def marker_present(program: Path) -> bool:
    return (program / PORTABLE_MARKER).is_file()


def resolve(requested: bool, program: Path) -> AppDirs:
    """The folders for a run that asked (or not) for portable mode from `program`."""
    if requested or marker_present(program):
        data = program / DATA_DIRNAME
        # One folder for both: everything that belongs to this stick stays together.
        return AppDirs(data_dir=data, config_dir=data, portable=True)
    return AppDirs(
        data_dir=Path(user_data_dir(APP_NAME, appauthor=False)),
        config_dir=Path(user_config_dir(APP_NAME, appauthor=False)),
        portable=False,
    )


class _Mode:
    """Whether `--portable` was given; set once by the command line, read by everyone."""

    requested = False


def activate(requested: bool) -> AppDirs:
    """Record the command line's choice and return the folders this run uses."""
    _Mode.requested = requested
    return app_dirs()


def app_dirs() -> AppDirs:
    """The folders of this run; the marker file counts even when `--portable` was not given."""
    return resolve(_Mode.requested, program_dir())


def writable_problem(dirs: AppDirs) -> str | None:
    """Why the data folder cannot be used (e.g. a write-protected stick), or None."""
    try:
        dirs.data_dir.mkdir(parents=True, exist_ok=True)
        probe = dirs.data_dir / ".write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        return exc.strerror or type(exc).__name__
    return None
