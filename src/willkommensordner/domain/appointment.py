"""An appointment on the timeline (Terminübersicht), with what came out of it."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from typing import ClassVar

from pydantic import Field, field_validator

from willkommensordner.domain.agency import Agency
from willkommensordner.domain.language import LanguageCode
from willkommensordner.domain.record import DossierPart, RecordKind
from willkommensordner.domain.text import Line, Text
from willkommensordner.i18n import N_


class AppointmentStatus(StrEnum):
    PLANNED = "planned"
    KEPT = "kept"
    MISSED = "missed"
    CANCELLED = "cancelled"
    RESCHEDULED = "rescheduled"

    @property
    def label(self) -> str:
        return {
            AppointmentStatus.PLANNED: N_("planned"),
            AppointmentStatus.KEPT: N_("kept"),
            AppointmentStatus.MISSED: N_("missed"),
            AppointmentStatus.CANCELLED: N_("cancelled"),
            AppointmentStatus.RESCHEDULED: N_("rescheduled"),
        }[self]


class Appointment(DossierPart):
    """Times are local wall-clock times in Germany (Europe/Berlin), as on the invitation."""

    KIND: ClassVar[RecordKind] = RecordKind.APPOINTMENT

    start: datetime
    duration_minutes: int = Field(default=60, ge=5, le=24 * 60)
    agency: Agency = Agency.OTHER
    agency_name: Line = ""
    contact_point_id: str | None = None
    purpose: Line = ""
    place: Line = ""
    bring: Text = ""
    interpreter_needed: bool = False
    interpreter_language: LanguageCode | None = None
    status: AppointmentStatus = AppointmentStatus.PLANNED
    rescheduled_to: str | None = None
    outcome: Text = ""
    agreements: Text = ""

    @field_validator("start")
    @classmethod
    def _local(cls, value: datetime) -> datetime:
        return value.replace(tzinfo=None, second=0, microsecond=0)

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.duration_minutes)
