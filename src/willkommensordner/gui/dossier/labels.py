"""Names of record fields and values as counsellors read them (forms and the history tab).

The labels are msgids; views translate them where shown.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Any

from willkommensordner.domain.agency import Agency
from willkommensordner.domain.agreed_step import StepOwner, StepStatus
from willkommensordner.domain.appointment import AppointmentStatus
from willkommensordner.domain.document_type import DocumentType
from willkommensordner.domain.dossier import Gender
from willkommensordner.domain.household import HouseholdRole
from willkommensordner.domain.legal_status import LegalStatus
from willkommensordner.domain.partial_date import PartialDate
from willkommensordner.domain.record import RecordKind
from willkommensordner.i18n import N_, Translator

KIND_SINGULAR = {
    RecordKind.DOSSIER: N_("Person"),
    RecordKind.HOUSEHOLD_MEMBER: N_("Household member"),
    RecordKind.DOCUMENT: N_("Document"),
    RecordKind.APPOINTMENT: N_("Appointment"),
    RecordKind.AGREED_STEP: N_("Agreed step"),
    RecordKind.NOTE: N_("Note"),
    RecordKind.CONSENT: N_("Consent"),
    RecordKind.ANALYSIS: N_("Potential analysis"),
    RecordKind.SUGGESTION_DECISION: N_("Decision on a suggestion"),
}


def kind_label(kind: RecordKind, tr: Translator) -> str:
    """The singular name of a record kind; kinds added later fall back to their own label."""
    return tr.gettext(KIND_SINGULAR.get(kind, kind.label))


FIELD_LABELS: dict[str, str] = {
    # Potential analysis
    "answers": N_("Answers"),
    "withheld": N_("Answers held back by the sending agency"),
    # Consent
    "special_categories": N_("Special categories"),
    # Dossier
    "family_name": N_("Family name"),
    "given_names": N_("Given names"),
    "native_name": N_("Name in own script"),
    "aliases": N_("Other spellings"),
    "birth_date": N_("Date of birth"),
    "birth_place": N_("Place of birth"),
    "gender": N_("Gender"),
    "nationalities": N_("Nationalities"),
    "stateless": N_("Stateless"),
    "languages": N_("Languages"),
    "preferred_language": N_("Preferred language"),
    "legal_status": N_("Residence status"),
    "status_valid_until": N_("Status valid until"),
    "arrival_date": N_("Arrived in Germany"),
    "unaccompanied_minor": N_("Unaccompanied minor"),
    "accommodation": N_("Accommodation"),
    "street": N_("Street"),
    "postcode": N_("Postcode"),
    "city": N_("City"),
    "district": N_("District"),
    "phone": N_("Phone"),
    "email": N_("Email"),
    "counsellor": N_("Counsellor"),
    "agency": N_("Agency"),
    "opened_on": N_("Opened on"),
    "closed_on": N_("Closed on"),
    # Household member
    "role": N_("Role"),
    "linked_dossier_id": N_("Own dossier"),
    "lives_in_household": N_("Lives in the household"),
    "note": N_("Note"),
    # Document
    "type": N_("Type"),
    "member_id": N_("Belongs to"),
    "title": N_("Title"),
    "number": N_("Number"),
    "issuer": N_("Issued by"),
    "issued_on": N_("Issued on"),
    "valid_until": N_("Valid until"),
    "attachments": N_("Scans"),
    # Appointment
    "start": N_("Date and time"),
    "duration_minutes": N_("Duration (minutes)"),
    "agency_name": N_("Office or person"),
    "contact_point_id": N_("Contact point"),
    "purpose": N_("Purpose"),
    "place": N_("Place"),
    "bring": N_("What to bring"),
    "interpreter_needed": N_("Interpreter needed"),
    "interpreter_language": N_("Interpreter language"),
    "status": N_("Status"),
    "rescheduled_to": N_("Rescheduled to"),
    "outcome": N_("Outcome"),
    "agreements": N_("Agreements"),
    # Agreed step
    "what": N_("What"),
    "owner": N_("Who"),
    "owner_name": N_("Name of who"),
    "due": N_("Due"),
    "done_on": N_("Done on"),
    "appointment_id": N_("From appointment"),
    "kind": N_("Kind"),
    # Note
    "text": N_("Text"),
    "written_at": N_("Written"),
    "sensitive": N_("Sensitive (e.g. health)"),
    # Consent
    "recipient": N_("Recipient"),
    "recipient_contact_id": N_("Recipient contact point"),
    "scope": N_("Scope"),
    "given_on": N_("Given on"),
    "revoked_on": N_("Revoked on"),
    "form": N_("Signed form"),
}

# Which enum a stored value belongs to, to show its label instead of the code.
_ENUM_FIELDS: dict[tuple[RecordKind | None, str], type[Enum]] = {
    (None, "gender"): Gender,
    (None, "legal_status"): LegalStatus,
    (RecordKind.APPOINTMENT, "status"): AppointmentStatus,
    (RecordKind.APPOINTMENT, "agency"): Agency,
    (RecordKind.AGREED_STEP, "status"): StepStatus,
    (RecordKind.AGREED_STEP, "owner"): StepOwner,
    (RecordKind.DOCUMENT, "type"): DocumentType,
    (RecordKind.HOUSEHOLD_MEMBER, "role"): HouseholdRole,
}

_DATE_FIELDS = {
    "birth_date",
    "status_valid_until",
    "arrival_date",
    "opened_on",
    "closed_on",
    "issued_on",
    "valid_until",
    "due",
    "done_on",
    "given_on",
    "revoked_on",
}
_LONG = 60


def field_label(field: str, tr: Translator) -> str:
    label = FIELD_LABELS.get(field)
    return tr.gettext(label) if label else field


def value_text(kind: RecordKind, field: str, value: Any, tr: Translator) -> str:
    """A stored (JSON) value as a counsellor reads it: labels, German dates, short texts."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return tr.gettext("yes") if value else tr.gettext("no")
    enum = _ENUM_FIELDS.get((kind, field)) or _ENUM_FIELDS.get((None, field))
    if enum is not None and isinstance(value, str):
        try:
            return tr.gettext(enum(value).label)  # type: ignore[attr-defined]
        except ValueError:
            return value
    if field in _DATE_FIELDS and isinstance(value, str):
        try:
            if "-00" in value:
                return PartialDate.parse(value).german()
            return f"{date.fromisoformat(value):%d.%m.%Y}"
        except ValueError:
            return value
    if field in ("start", "written_at") and isinstance(value, str):
        try:
            return f"{datetime.fromisoformat(value):%d.%m.%Y %H:%M}"
        except ValueError:
            return value
    if field == "scope" and isinstance(value, list):
        # `str in RecordKind` raises on Python 3.11: compare with the values.
        kinds = {k.value for k in RecordKind}
        return ", ".join(tr.gettext(RecordKind(v).label) for v in value if v in kinds)
    if field == "languages" and isinstance(value, list):
        return ", ".join(
            f"{v.get('language', '')} {v.get('level') or ''}".strip()
            for v in value
            if isinstance(v, dict)
        )
    if field == "attachments" and isinstance(value, list):
        return tr.format(N_("{count} files"), {"count": len(value)})
    if isinstance(value, dict):
        return str(value.get("filename") or "…")
    if isinstance(value, list):
        text = ", ".join(str(v) for v in value)
    else:
        text = " ".join(str(value).split())
    return text if len(text) <= _LONG else text[: _LONG - 1] + "…"
