from datetime import date, datetime, timedelta

import pytest

from willkommensordner.domain.agreed_step import AgreedStep, StepStatus
from willkommensordner.domain.appointment import Appointment
from willkommensordner.domain.consent import Consent
from willkommensordner.domain.document import Document
from willkommensordner.domain.dossier import Dossier
from willkommensordner.domain.legal_status import BenefitLaw, LegalStatus, TargetGroup
from willkommensordner.domain.partial_date import PartialDate
from willkommensordner.domain.record import FieldProblem, RecordKind, validate_record
from willkommensordner.domain.revision import Order, bump, compare, merged
from willkommensordner.errors import InvalidInput


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("00.00.1990", PartialDate(1990)),
        ("XX.XX.1990", PartialDate(1990)),
        ("00.05.1990", PartialDate(1990, 5)),
        ("01.01.1990", PartialDate(1990, 1, 1)),
        ("1.2.1990", PartialDate(1990, 2, 1)),
        ("1990-05-00", PartialDate(1990, 5)),
        ("1990", PartialDate(1990)),
        ("29.02.2024", PartialDate(2024, 2, 29)),
    ],
)
def test_partial_dates_as_papers_write_them(text: str, expected: PartialDate) -> None:
    assert PartialDate.parse(text) == expected


@pytest.mark.parametrize(
    "text", ["31.02.1990", "00.13.1990", "29.02.2023", "1.1.1800", "gestern", ""]
)
def test_impossible_dates_are_refused_with_a_message(text: str) -> None:
    with pytest.raises(InvalidInput) as err:
        PartialDate.parse(text)
    assert err.value.message()


def test_partial_date_forms_and_age_range() -> None:
    born = PartialDate.parse("00.00.1990")
    assert born.iso() == "1990-00-00"
    assert born.german() == "00.00.1990"
    assert born.age_on(date(2026, 6, 1)) == (35, 36)
    assert PartialDate.parse("15.06.2000").age_on(date(2026, 6, 14)) == (25, 25)


def test_dossier_round_trips_through_its_stored_body() -> None:
    d = Dossier(
        family_name="Al-Hassan",
        given_names="Yasmin",
        native_name="ياسمين الحسن",
        birth_date="00.00.1990",
        nationalities=["sy"],
        preferred_language="fa-AF",
        legal_status=LegalStatus.SUBSIDIAER,
    )
    body = d.body()
    assert body["birth_date"] == "1990-00-00"
    assert body["nationalities"] == ["SY"]
    assert body["preferred_language"] == "fa_AF"
    again = Dossier.from_body(d.id, body)
    assert again == d
    assert again.target_group is TargetGroup.GOOD_PROSPECTS


@pytest.mark.parametrize(
    ("status", "group", "law"),
    [
        (LegalStatus.AUFENTHALTSGESTATTUNG, TargetGroup.ASYLUM_PROCEDURE, BenefitLaw.ASYLBLG),
        (LegalStatus.DULDUNG, TargetGroup.UNLIKELY_TO_STAY, BenefitLaw.ASYLBLG),
        (LegalStatus.TEMPORARY_PROTECTION, TargetGroup.GOOD_PROSPECTS, BenefitLaw.SGB_II),
        (LegalStatus.EU_FREIZUEGIGKEIT, TargetGroup.EU_CITIZENS, BenefitLaw.DEPENDS),
        (LegalStatus.FAMILY_REUNIFICATION, TargetGroup.GOOD_PROSPECTS, BenefitLaw.SGB_II),
    ],
)
def test_target_group_and_benefit_law_follow_from_status(
    status: LegalStatus, group: TargetGroup, law: BenefitLaw
) -> None:
    assert status.target_group is group
    assert status.benefit_law is law


def test_names_keep_script_and_lose_spoofing_controls() -> None:
    d = Dossier(
        family_name="\u202eMüller\u200f", native_name="مُحَمَّد\u200c", given_names="Ame\u0301lie"
    )
    assert d.family_name == "Müller"
    assert d.given_names == "Amélie"  # NFC: one code point for é
    assert "\u200c" in d.native_name  # ZWNJ matters in Persian


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"family_name": "Ali 😀"}, "family_name"),
        ({"family_name": "Ali\x00"}, "family_name"),
        ({"family_name": "A\nB"}, "family_name"),
        ({"family_name": "X", "birth_date": "31.02.1990"}, "birth_date"),
        ({"family_name": "X", "nationalities": ["XY"]}, "nationalities.0"),
        ({"family_name": "X", "preferred_language": "klingon"}, "preferred_language"),
        ({"family_name": "X", "legal_status": "vip"}, "legal_status"),
        ({"family_name": "X", "phone": 12}, "phone"),
        ({"family_name": "X" * 500}, "family_name"),
        ({"family_name": "X", "unknown_field": 1}, "unknown_field"),
    ],
)
def test_bad_input_names_the_field_and_says_why(data: dict[str, object], field: str) -> None:
    with pytest.raises(FieldProblem) as err:
        validate_record(Dossier, data)
    assert field in err.value.problems
    assert err.value.problems[field].message()


def test_a_dossier_needs_a_name_and_consistent_dates() -> None:
    with pytest.raises(FieldProblem):
        validate_record(Dossier, {})
    with pytest.raises(FieldProblem):
        validate_record(
            Dossier, {"family_name": "X", "opened_on": "2026-01-02", "closed_on": "2025-01-01"}
        )
    with pytest.raises(FieldProblem):
        validate_record(Dossier, {"family_name": "X", "birth_date": "01.01.2999"})


def test_parts_validate_their_own_rules() -> None:
    with pytest.raises(FieldProblem):
        validate_record(
            Document, {"dossier_id": "d", "issued_on": "2026-01-02", "valid_until": "2025-01-01"}
        )
    with pytest.raises(FieldProblem):
        validate_record(Appointment, {"dossier_id": "d", "start": "yesterday"})
    step = AgreedStep(dossier_id="d", what="Kita anmelden", due=date(2026, 1, 1))
    assert step.is_overdue(date(2026, 1, 2))
    step.status = StepStatus.DONE
    assert not step.is_overdue(date(2026, 1, 2))


def test_appointments_are_local_wall_clock_minutes() -> None:
    a = Appointment(dossier_id="d", start=datetime(2026, 3, 1, 9, 30, 12), duration_minutes=45)
    assert a.start == datetime(2026, 3, 1, 9, 30)
    assert a.end - a.start == timedelta(minutes=45)


def test_consent_activity_and_scope() -> None:
    c = Consent(
        dossier_id="d",
        recipient="Jobcenter",
        given_on=date(2026, 1, 1),
        valid_until=date(2026, 12, 31),
        scope=[RecordKind.DOSSIER, RecordKind.APPOINTMENT],
    )
    assert c.is_active(date(2026, 6, 1))
    assert not c.is_active(date(2027, 1, 1))
    assert c.covers({RecordKind.APPOINTMENT})
    assert not c.covers({RecordKind.NOTE})
    c.revoked_on = date(2026, 3, 1)
    assert not c.is_active(date(2026, 6, 1))


def test_version_vectors_tell_who_changed_what() -> None:
    base = bump({}, "a")
    ours, theirs = bump(base, "a"), bump(base, "b")
    assert compare(base, ours) is Order.BEFORE
    assert compare(ours, base) is Order.AFTER
    assert compare(ours, theirs) is Order.CONCURRENT
    assert compare(ours, dict(ours)) is Order.EQUAL
    assert merged(ours, theirs) == {"a": 2, "b": 1}
