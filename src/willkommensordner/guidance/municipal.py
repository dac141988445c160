"""A municipality's own additions to the potential analysis and the counselling rules.

They are files in the app's data folder, beside the vault, so that an update of the app keeps
them: `guidance/questionnaire/*.json` (extensions of the questionnaire, see
resources/questionnaire) and `guidance/rules/*.json` (further rules, see
resources/rules/README.md). WKO_GUIDANCE_DIR names another folder, e.g. one the municipality
hands out on a shared drive.

A broken file must not stop counselling: the app then works with the shipped data and says
what is wrong (`problems()`); `willkommensordner guidance check` lists every problem.
"""

from __future__ import annotations

import os
from pathlib import Path

from willkommensordner.portable import app_dirs

GUIDANCE_DIR_ENV = "WKO_GUIDANCE_DIR"


def guidance_dir() -> Path:
    named = os.environ.get(GUIDANCE_DIR_ENV)
    return Path(named) if named else app_dirs().data_dir / "guidance"


def _files(part: str, folder: Path | None = None) -> list[Path]:
    root = (folder or guidance_dir()) / part
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.suffix == ".json" and p.is_file())


def questionnaire_files(folder: Path | None = None) -> list[Path]:
    return _files("questionnaire", folder)


def rule_files(folder: Path | None = None) -> list[Path]:
    return _files("rules", folder)
