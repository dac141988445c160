"""Who writes: the counsellor, their agency and this installation's device id."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Author:
    counsellor: str
    agency: str
    device: str
