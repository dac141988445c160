"""Calendar export: the .ics parses back with icalendar, the QR code holds one small VEVENT."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import icalendar
import pytest
import segno

from willkommensordner.calendar.ics_export import (
    QR_MAX_BYTES,
    NameInCalendar,
    appointment_uid,
    calendar_bytes,
    qr_code,
    qr_payload,
)
from willkommensordner.cli import main
from willkommensordner.domain.agency import Agency
from willkommensordner.domain.appointment import Appointment, AppointmentStatus
from willkommensordner.domain.dossier import Dossier
from willkommensordner.domain.record import FieldProblem, validate_record
from willkommensordner.i18n import translator
from willkommensordner.vault.kdf import KdfParams
from willkommensordner.vault.vault import Vault

FAST_KDF = KdfParams(memory_kib=1024, iterations=1, lanes=1)
PASSPHRASE = "correct horse battery staple"
STAMP = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
TR = translator("en")


@pytest.fixture
def dossier() -> Dossier:
    return Dossier(family_name="Mansour", given_names="Amal Noor", native_name="أمل منصور")


def _appointment(dossier: Dossier, **changes: object) -> Appointment:
    values: dict[str, object] = {
        "dossier_id": dossier.id,
        "start": datetime(2026, 7, 14, 9, 30),
        "duration_minutes": 45,
        "agency": Agency.AUSLAENDERBEHOERDE,
        "purpose": "Extend Duldung",
        "place": "Rathaus, room 12",
        "bring": "passport, Duldung, photo",
        "interpreter_needed": True,
        "interpreter_language": "ar",
    }
    values.update(changes)
    return Appointment.model_validate(values)


def _events(data: bytes) -> list[icalendar.Event]:
    cal = icalendar.Calendar.from_ical(data)
    return list(cal.walk("VEVENT"))


def test_event_has_berlin_time_zone_stable_uid_and_summary(dossier: Dossier) -> None:
    appointment = _appointment(dossier)
    data = calendar_bytes([appointment], TR, dossier=dossier, stamp=STAMP)

    cal = icalendar.Calendar.from_ical(data)
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Berlin"]
    (event,) = _events(data)
    start = event.decoded("DTSTART")
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert start.replace(tzinfo=None) == datetime(2026, 7, 14, 9, 30)
    # Summer time: 09:30 in Berlin is 07:30 UTC.
    assert start.astimezone(UTC) == datetime(2026, 7, 14, 7, 30, tzinfo=UTC)
    assert event.decoded("DTEND") - start == timedelta(minutes=45)
    assert str(event["UID"]) == appointment_uid(appointment)
    assert str(event["SUMMARY"]) == (
        "Extend Duldung – Foreigners' authority (Ausländerbehörde) (A. N. M.)"
    )
    assert str(event["LOCATION"]) == "Rathaus, room 12"
    assert "Please bring: passport, Duldung, photo" in str(event["DESCRIPTION"])
    assert "Interpreter needed: Arabic" in str(event["DESCRIPTION"])
    assert str(event["STATUS"]) == "CONFIRMED"
    # A second export of the same appointment keeps the UID, so calendars update in place.
    again = _events(calendar_bytes([appointment], TR, dossier=dossier))[0]
    assert again["UID"] == event["UID"]


def test_winter_time_and_all_appointments_in_date_order(dossier: Dossier) -> None:
    later = _appointment(dossier, start=datetime(2027, 1, 20, 14, 0), purpose="Course")
    earlier = _appointment(dossier, start=datetime(2026, 12, 1, 8, 0), purpose="Register")
    events = _events(calendar_bytes([later, earlier], TR, dossier=dossier))
    assert [str(e["SUMMARY"]).split(" – ")[0] for e in events] == ["Register", "Course"]
    assert events[1].decoded("DTSTART").astimezone(UTC) == datetime(2027, 1, 20, 13, 0, tzinfo=UTC)


def test_name_only_when_asked(dossier: Dossier) -> None:
    appointment = _appointment(dossier)
    default = calendar_bytes([appointment], TR, dossier=dossier).decode()
    assert "Mansour" not in default and "Amal" not in default and "منصور" not in default
    hidden = _events(calendar_bytes([appointment], TR, dossier=dossier, name=NameInCalendar.NONE))
    assert "(" not in str(hidden[0]["SUMMARY"]).split("Ausländerbehörde")[1]
    full = _events(calendar_bytes([appointment], TR, dossier=dossier, name=NameInCalendar.FULL))
    assert str(full[0]["SUMMARY"]).endswith("(Mansour, Amal Noor)")


def test_cancelled_and_rescheduled_are_cancelled_in_the_calendar(dossier: Dossier) -> None:
    cancelled = _appointment(dossier, status=AppointmentStatus.CANCELLED)
    moved = _appointment(dossier, status=AppointmentStatus.RESCHEDULED, rescheduled_to="x")
    kept = _appointment(dossier, status=AppointmentStatus.KEPT)
    events = _events(calendar_bytes([cancelled, moved, kept], TR, sequences={cancelled.id: 3}))
    by_uid = {str(e["UID"]): e for e in events}
    assert str(by_uid[appointment_uid(cancelled)]["STATUS"]) == "CANCELLED"
    assert by_uid[appointment_uid(cancelled)].decoded("SEQUENCE") == 3
    assert str(by_uid[appointment_uid(moved)]["STATUS"]) == "CANCELLED"
    assert str(by_uid[appointment_uid(kept)]["STATUS"]) == "CONFIRMED"


def test_german_labels_when_the_translator_is_german(dossier: Dossier) -> None:
    text = calendar_bytes([_appointment(dossier)], translator("de"), dossier=dossier).decode()
    # The language name comes from Babel in the UI language, catalog or not.
    assert "Arabisch" in text.replace("\r\n ", "")


def test_qr_payload_is_one_small_vevent_in_utc(dossier: Dossier) -> None:
    appointment = _appointment(
        dossier, bring="a long list of papers " * 40, place="Somewhere far " * 14
    )
    payload = qr_payload(appointment, TR, stamp=STAMP)
    assert len(payload.encode("utf-8")) <= QR_MAX_BYTES
    assert payload.startswith("BEGIN:VEVENT") and payload.count("BEGIN:VEVENT") == 1
    assert "Mansour" not in payload and "A. N. M." not in payload
    event = icalendar.Event.from_ical(payload)
    assert event.decoded("DTSTART") == datetime(2026, 7, 14, 7, 30, tzinfo=UTC)
    assert str(event["UID"]) == appointment_uid(appointment)
    qr = qr_code(appointment, TR, stamp=STAMP)
    assert isinstance(qr, segno.QRCode)
    assert qr.version <= 25  # type: ignore[operator]
    assert qr.error == "M"


def test_a_time_in_the_dst_gap_is_refused_with_the_time_the_clocks_show(dossier: Dossier) -> None:
    # 28.03.2027: the clocks jump from 02:00 to 03:00; "02:30" names no moment, and the
    # calendar would have shortened the appointment without a word.
    with pytest.raises(FieldProblem) as caught:
        validate_record(
            Appointment,
            {"dossier_id": dossier.id, "start": "2027-03-28T02:30", "duration_minutes": 60},
        )
    message = caught.value.problems["start"].message(translator("de"))
    assert "02:30" in message and "28.03.2027" in message and "03:30" in message
    # Just before and after the gap, and the doubled hour in October, are real times.
    for start in ("2027-03-28T01:59", "2027-03-28T03:00", "2027-10-31T02:30"):
        validate_record(Appointment, {"dossier_id": dossier.id, "start": start})


def test_an_appointment_ending_in_the_gap_keeps_its_full_length_in_the_ics(
    dossier: Dossier,
) -> None:
    early = _appointment(dossier, start=datetime(2027, 3, 28, 1, 30), duration_minutes=60)
    (event,) = _events(calendar_bytes([early], TR, stamp=STAMP))
    real = event["DTEND"].dt.astimezone(UTC) - event["DTSTART"].dt.astimezone(UTC)
    assert real == timedelta(minutes=60)


def test_no_appointments_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="no appointments"):
        calendar_bytes([], TR)


@pytest.fixture
def cli_vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, Vault]]:
    path = tmp_path / "vault.wko"
    vault, _ = Vault.create(path, PASSPHRASE, counsellor="Erika", agency="Caritas", kdf=FAST_KDF)
    monkeypatch.setenv("WKO_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("LANGUAGE", "en")
    yield path, vault
    vault.close()


def test_cli_writes_all_or_one_appointment(
    cli_vault: tuple[Path, Vault], dossier: Dossier, tmp_path: Path
) -> None:
    path, vault = cli_vault
    vault.records.save(dossier)
    first = vault.records.save(_appointment(dossier))
    second = vault.records.save(_appointment(dossier, start=datetime(2026, 8, 1, 10, 0)))
    vault.records.save(first.model_copy(update={"place": "Rathaus, room 14"}))

    out = tmp_path / "all.ics"
    assert main(["--vault", str(path), "ics", "--dossier", dossier.id[:8], "-o", str(out)]) == 0
    events = _events(out.read_bytes())
    assert {str(e["UID"]) for e in events} == {appointment_uid(first), appointment_uid(second)}
    edited = next(e for e in events if str(e["UID"]) == appointment_uid(first))
    assert str(edited["LOCATION"]) == "Rathaus, room 14"
    assert edited.decoded("SEQUENCE") == 2

    one, qr = tmp_path / "one.ics", tmp_path / "one.png"
    argv = ["--vault", str(path), "ics", "--dossier", dossier.id, "--appointment", second.id[:8]]
    assert main([*argv, "-o", str(one), "--qr", str(qr)]) == 0
    (event,) = _events(one.read_bytes())
    assert str(event["UID"]) == appointment_uid(second)
    assert qr.read_bytes().startswith(b"\x89PNG")


def test_cli_unknown_appointment_and_qr_without_appointment(
    cli_vault: tuple[Path, Vault], dossier: Dossier, tmp_path: Path
) -> None:
    path, vault = cli_vault
    vault.records.save(dossier)
    vault.records.save(_appointment(dossier))
    out = tmp_path / "x.ics"
    base = ["--vault", str(path), "ics", "--dossier", dossier.id, "-o", str(out)]
    assert main([*base, "--appointment", "ffffffff"]) == 5
    assert main([*base, "--qr", str(tmp_path / "q.png")]) == 2
    assert not out.exists()


def test_a_gap_time_stored_before_the_rule_still_opens_at_the_real_time(vault: Vault) -> None:
    dossier = vault.records.save(Dossier(family_name="Mansour"))
    old = Appointment.model_construct(
        **{**_appointment(dossier).model_dump(), "start": datetime(2027, 3, 28, 2, 30)}
    )
    vault.records.save(old)
    [shown] = vault.records.parts(dossier.id, Appointment)
    assert shown.start == datetime(2027, 3, 28, 3, 30)
    assert vault.records.get(Appointment, old.id).start == datetime(2027, 3, 28, 3, 30)
    assert vault.records.bundle(dossier.id).appointments[0].start.hour == 3
