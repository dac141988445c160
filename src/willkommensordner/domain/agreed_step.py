"""A step of the integration plan: who does what by when."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import ClassVar

from willkommensordner.domain.record import DossierPart, RecordKind
from willkommensordner.domain.text import Line, Text
from willkommensordner.i18n import N_


class StepOwner(StrEnum):
    NEWCOMER = "newcomer"
    COUNSELLOR = "counsellor"
    AGENCY = "agency"

    @property
    def label(self) -> str:
        return {
            StepOwner.NEWCOMER: N_("newcomer"),
            StepOwner.COUNSELLOR: N_("counsellor"),
            StepOwner.AGENCY: N_("agency"),
        }[self]


class StepStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"

    @property
    def label(self) -> str:
        return {
            StepStatus.OPEN: N_("open"),
            StepStatus.DONE: N_("done"),
            StepStatus.DROPPED: N_("dropped"),
        }[self]


class AgreedStep(DossierPart):
    KIND: ClassVar[RecordKind] = RecordKind.AGREED_STEP

    what: Line
    owner: StepOwner = StepOwner.NEWCOMER
    owner_name: Line = ""
    due: date | None = None
    status: StepStatus = StepStatus.OPEN
    done_on: date | None = None
    appointment_id: str | None = None
    kind: Line = ""
    outcome: Text = ""

    def is_overdue(self, today: date) -> bool:
        return self.status is StepStatus.OPEN and self.due is not None and self.due < today
