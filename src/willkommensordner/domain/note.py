"""A free-text note; `sensitive` marks special categories (Art. 9 DSGVO, e.g. health)."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from pydantic import Field

from willkommensordner.domain.record import DossierPart, RecordKind
from willkommensordner.domain.text import Line, Text


class Note(DossierPart):
    KIND: ClassVar[RecordKind] = RecordKind.NOTE

    title: Line = ""
    text: Text
    written_at: datetime = Field(default_factory=lambda: datetime.now().replace(microsecond=0))
    sensitive: bool = False
