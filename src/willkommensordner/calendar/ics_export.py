"""Appointments as iCalendar (RFC 5545): a file for the counsellor's calendar, a QR code for
the newcomer's phone.

Appointment times are wall-clock times in Germany, so the file carries the Europe/Berlin
VTIMEZONE and every time refers to it by TZID: Outlook and Thunderbird then show 09:00 as
09:00 even on a laptop set to another zone. The QR code is different: phone scanners
(ZXing-based readers, iOS) ignore VTIMEZONE, so its single VEVENT carries UTC times.

A calendar file leaves the vault in plaintext and often ends up on a mail server, so the
newcomer's name goes in only when the caller asks; by default the initials stand for them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from enum import StrEnum

import icalendar
import segno
from babel import Locale, UnknownLocaleError

from willkommensordner import __version__
from willkommensordner.domain.appointment import BERLIN, Appointment, AppointmentStatus
from willkommensordner.domain.dossier import Dossier
from willkommensordner.errors import InvalidInput
from willkommensordner.i18n import N_, Translator

TZID = str(BERLIN.key)
PRODID = f"-//Willkommensordner digital//{__version__}//DE"
UID_DOMAIN = "willkommensordner.invalid"
# A version-40 QR code at level M holds 2331 bytes, but a phone camera reads dense codes from
# a printed page badly; about 700 bytes (version ~20) still scans reliably.
QR_MAX_BYTES = 700
_QR_TEXT_LIMIT = 120


class NameInCalendar(StrEnum):
    """How much of the newcomer's name an exported calendar shows."""

    NONE = "none"
    INITIALS = "initials"
    FULL = "full"


def appointment_uid(appointment: Appointment) -> str:
    """Stable across exports, so a calendar updates the event instead of adding a copy."""
    return f"{appointment.id}@{UID_DOMAIN}"


def initials(dossier: Dossier) -> str:
    """ "A. M." for Amal Mansour: enough for the counsellor, little for a stranger."""
    parts = [*dossier.given_names.split(), *dossier.family_name.split()]
    if not parts:
        parts = dossier.native_name.split()
    return " ".join(f"{p[0]}." for p in parts[:3])


def person_label(dossier: Dossier | None, name: NameInCalendar) -> str:
    if dossier is None or name is NameInCalendar.NONE:
        return ""
    if name is NameInCalendar.FULL:
        return dossier.display_name
    return initials(dossier)


def summary(appointment: Appointment, tr: Translator, person: str = "") -> str:
    """Purpose and agency: "Verlängerung Duldung – Ausländerbehörde (A. M.)"."""
    agency = appointment.agency_name or tr.gettext(appointment.agency.label)
    text = " – ".join(p for p in (appointment.purpose, agency) if p)
    return f"{text} ({person})" if person else text


def language_name(code: str, tr: Translator) -> str:
    """The language's name in the UI language; the code itself where Babel has no name."""
    try:
        name = Locale.parse(code).get_display_name(Locale.parse(tr.language))
    except (UnknownLocaleError, ValueError):
        return code
    return name or code


def description(appointment: Appointment, tr: Translator) -> str:
    lines: list[str] = []
    if appointment.bring:
        lines.append(tr.format(N_("Please bring: {items}"), {"items": appointment.bring}))
    if appointment.interpreter_needed:
        if appointment.interpreter_language:
            language = language_name(appointment.interpreter_language, tr)
            lines.append(tr.format(N_("Interpreter needed: {language}"), {"language": language}))
        else:
            lines.append(tr.gettext(N_("Interpreter needed")))
    if appointment.status in (AppointmentStatus.CANCELLED, AppointmentStatus.RESCHEDULED):
        lines.append(tr.gettext(appointment.status.label))
    return "\n".join(lines)


def _ical_status(appointment: Appointment) -> str:
    # A rescheduled appointment no longer takes place at this time: its successor does.
    if appointment.status in (AppointmentStatus.CANCELLED, AppointmentStatus.RESCHEDULED):
        return "CANCELLED"
    return "CONFIRMED"


def _local(value: datetime) -> datetime:
    return value.replace(tzinfo=BERLIN)


def build_event(
    appointment: Appointment,
    tr: Translator,
    *,
    person: str = "",
    stamp: datetime | None = None,
    sequence: int = 0,
    utc: bool = False,
) -> icalendar.Event:
    """One VEVENT; `utc` writes the times in UTC for readers that ignore VTIMEZONE."""
    start = _local(appointment.start)
    end = _local(appointment.end)
    if utc:
        start, end = start.astimezone(UTC), end.astimezone(UTC)
    event = icalendar.Event()
    event.add("uid", appointment_uid(appointment))
    event.add("dtstamp", (stamp or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0))
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", summary(appointment, tr, person))
    if appointment.place:
        event.add("location", appointment.place)
    text = description(appointment, tr)
    if text:
        event.add("description", text)
    event.add("status", _ical_status(appointment))
    if sequence:
        event.add("sequence", sequence)
    return event


def build_calendar(
    appointments: Sequence[Appointment],
    tr: Translator,
    *,
    dossier: Dossier | None = None,
    name: NameInCalendar = NameInCalendar.INITIALS,
    stamp: datetime | None = None,
    sequences: Mapping[str, int] | None = None,
) -> icalendar.Calendar:
    """A VCALENDAR with the Berlin time zone, covering exactly the years the events need.

    `sequences` maps appointment ids to a number that grows with every edit (the sum of the
    version vector serves), so a re-import updates the event in Outlook/Thunderbird.
    """
    if not appointments:
        raise InvalidInput(N_("There are no appointments to export."))
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    years = [a.start.year for a in appointments] + [a.end.year for a in appointments]
    cal.add_component(
        icalendar.Timezone.from_tzid(
            TZID, first_date=date(min(years) - 1, 1, 1), last_date=date(max(years) + 1, 12, 31)
        )
    )
    person = person_label(dossier, name)
    for appointment in sorted(appointments, key=lambda a: a.start):
        cal.add_component(
            build_event(
                appointment,
                tr,
                person=person,
                stamp=stamp,
                sequence=(sequences or {}).get(appointment.id, 0),
            )
        )
    return cal


def calendar_bytes(
    appointments: Sequence[Appointment],
    tr: Translator,
    *,
    dossier: Dossier | None = None,
    name: NameInCalendar = NameInCalendar.INITIALS,
    stamp: datetime | None = None,
    sequences: Mapping[str, int] | None = None,
) -> bytes:
    """The .ics file content (UTF-8, CRLF line endings, folded at 75 octets)."""
    cal = build_calendar(
        appointments, tr, dossier=dossier, name=name, stamp=stamp, sequences=sequences
    )
    return bytes(cal.to_ical())


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def qr_payload(appointment: Appointment, tr: Translator, *, stamp: datetime | None = None) -> str:
    """A single VEVENT small enough to scan: UTC times, no name, long texts shortened.

    The phone belongs to the newcomer, but the code is shown on a screen and printed, so it
    names nobody; `tr` should be the newcomer's language where a catalog exists.
    """
    short = appointment.model_copy(
        update={
            "purpose": _shorten(appointment.purpose, _QR_TEXT_LIMIT),
            "place": _shorten(appointment.place, _QR_TEXT_LIMIT),
            "bring": _shorten(appointment.bring, _QR_TEXT_LIMIT),
        }
    )
    event = build_event(short, tr, stamp=stamp, utc=True)
    payload = bytes(event.to_ical())
    if len(payload) > QR_MAX_BYTES and "description" in event:
        del event["description"]
        payload = bytes(event.to_ical())
    return payload.decode("utf-8")


def qr_code(
    appointment: Appointment, tr: Translator, *, stamp: datetime | None = None
) -> segno.QRCode:
    """The QR code for a phone calendar; error level M survives a crease in the paper."""
    return segno.make_qr(qr_payload(appointment, tr, stamp=stamp), error="m", boost_error=False)
