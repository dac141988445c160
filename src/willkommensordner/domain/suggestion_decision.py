"""What the counsellor decided about a suggested next step, so it does not come back."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import ClassVar

from pydantic import Field

from willkommensordner.domain.record import DossierPart, RecordKind
from willkommensordner.domain.text import Line, Text
from willkommensordner.i18n import N_


class Decision(StrEnum):
    ACCEPTED = "accepted"
    DISMISSED = "dismissed"

    @property
    def label(self) -> str:
        return {Decision.ACCEPTED: N_("accepted"), Decision.DISMISSED: N_("dismissed")}[self]


class SuggestionDecision(DossierPart):
    KIND: ClassVar[RecordKind] = RecordKind.SUGGESTION_DECISION

    rule_id: Line
    decision: Decision
    decided_on: date
    step_id: str | None = None
    # The facts the suggestion rested on; rules that repeat (e.g. an expiring paper) come
    # back once these differ.
    facts: dict[str, str] = Field(default_factory=dict)
    reason: Text = ""
