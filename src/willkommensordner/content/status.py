"""Translation status of a page, and the fingerprint that detects outdated translations."""

from __future__ import annotations

import hashlib
from enum import StrEnum


class Status(StrEnum):
    SOURCE = "source"
    REVIEWED = "reviewed"
    MACHINE_MADE = "machine-made"
    # Translated by people elsewhere (Integreat's editors) and taken over unchanged: neither
    # machine-made nor reviewed by anyone here.
    EXTERNAL = "external"
    OUTDATED = "outdated"


# What a page file may declare; "outdated" is never written, it is computed.
DECLARABLE = frozenset({Status.SOURCE, Status.REVIEWED, Status.MACHINE_MADE, Status.EXTERNAL})


def normalized_source(title: str, body: str) -> str:
    """The part of a source page whose change makes its translations outdated.

    Title and body only: a new "Stand" date or an added source link does not change what a
    translation says. Line endings and trailing blanks are normalised so that an editor
    re-saving the file does not flag every translation.
    """
    lines = [line.rstrip() for line in body.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return title.strip() + "\n\n" + "\n".join(lines).strip("\n") + "\n"


def source_hash(title: str, body: str) -> str:
    return hashlib.sha256(normalized_source(title, body).encode("utf-8")).hexdigest()


def effective_status(declared: Status, translated_from: str | None, current_hash: str) -> Status:
    """The status a reader is told: a translation of an older source text is outdated.

    A translation that does not say what it was made from cannot be shown to be current,
    so it counts as outdated as well.
    """
    if declared == Status.SOURCE:
        return Status.SOURCE
    if translated_from != current_hash:
        return Status.OUTDATED
    return declared
