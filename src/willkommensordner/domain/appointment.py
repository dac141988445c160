"""An appointment on the timeline (Terminübersicht), with what came out of it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import ClassVar
from zoneinfo import ZoneInfo

from pydantic import Field, ValidationInfo, field_validator

from willkommensordner.domain.agency import Agency
from willkommensordner.domain.language import LanguageCode
from willkommensordner.domain.record import DossierPart, RecordKind, is_stored
from willkommensordner.domain.text import Line, Text
from willkommensordner.errors import InvalidInput
from willkommensordner.i18n import N_

# Appointments are made on German invitations, in German wall-clock time.
BERLIN = ZoneInfo("Europe/Berlin")


def real_local_time(value: datetime) -> datetime:
    """The wall-clock time the clocks show at that moment (02:30 in the gap is 03:30)."""
    naive = value.replace(tzinfo=None)
    return naive.replace(tzinfo=BERLIN).astimezone(UTC).astimezone(BERLIN).replace(tzinfo=None)


def existing_local_time(value: datetime) -> datetime:
    """The wall-clock time itself if it exists in Berlin; raises InvalidInput in the DST gap.

    On the last Sunday of March the clocks jump from 02:00 to 03:00: "02:30" names no moment,
    and a calendar would quietly move it (and shorten the appointment). The message names the
    time the clocks show instead, so the counsellor can correct it.
    """
    naive = value.replace(tzinfo=None)
    real = real_local_time(naive)
    if real != naive:
        raise InvalidInput(
            N_(
                "{time} on {date} does not exist: that night the clocks go forward from "
                "02:00 to 03:00. Please choose another time, for example {suggestion}."
            ),
            time=f"{naive:%H:%M}",
            date=f"{naive:%d.%m.%Y}",
            suggestion=f"{real:%H:%M}",
        )
    return naive


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
    def _local(cls, value: datetime, info: ValidationInfo) -> datetime:
        minute = value.replace(tzinfo=None, second=0, microsecond=0)
        if is_stored(info):
            # Saved before the DST-gap rule: shown at the time the clocks really showed.
            return real_local_time(minute)
        return existing_local_time(minute)

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.duration_minutes)
