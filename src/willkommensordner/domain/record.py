"""What every stored record shares, and the kinds of record a dossier is made of."""

from __future__ import annotations

import uuid
from enum import StrEnum
from typing import Any, ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo

from willkommensordner.errors import InvalidInput, UserError
from willkommensordner.i18n import N_


class RecordKind(StrEnum):
    DOSSIER = "dossier"
    HOUSEHOLD_MEMBER = "household_member"
    DOCUMENT = "document"
    APPOINTMENT = "appointment"
    AGREED_STEP = "agreed_step"
    NOTE = "note"
    CONSENT = "consent"
    ANALYSIS = "analysis"
    SUGGESTION_DECISION = "suggestion_decision"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    RecordKind.DOSSIER: N_("Person"),
    RecordKind.HOUSEHOLD_MEMBER: N_("Household"),
    RecordKind.DOCUMENT: N_("Documents"),
    RecordKind.APPOINTMENT: N_("Appointments"),
    RecordKind.AGREED_STEP: N_("Agreed steps"),
    RecordKind.NOTE: N_("Notes"),
    RecordKind.CONSENT: N_("Consents"),
    RecordKind.ANALYSIS: N_("Potential analysis"),
    RecordKind.SUGGESTION_DECISION: N_("Decisions on suggestions"),
}


def new_id() -> str:
    return str(uuid.uuid4())


class Record(BaseModel):
    """A record of a dossier; identity is a UUID so copies at other agencies can meet again."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, use_enum_values=False)
    KIND: ClassVar[RecordKind]

    id: str = Field(default_factory=new_id)

    def body(self) -> dict[str, Any]:
        """The stored JSON form, without the identity columns the store keeps apart."""
        return self.model_dump(mode="json", exclude={"id", "dossier_id"})

    @classmethod
    def from_body(cls, record_id: str, body: dict[str, Any], **ids: str) -> Record:
        return cls.model_validate({**body, "id": record_id, **ids})


class DossierPart(Record):
    """A record that belongs to exactly one dossier."""

    dossier_id: str


R = TypeVar("R", bound=Record)

# Validation context for records read back from the vault: a rule that new input must meet
# but older data may break (it was stored before the rule existed) corrects instead of
# refusing, so a dossier always opens.
STORED: dict[str, Any] = {"stored": True}


def is_stored(info: ValidationInfo) -> bool:
    return bool(info.context and info.context.get("stored"))


class FieldProblem(InvalidInput):
    """Input that failed validation; `problems` maps each field to its message."""

    def __init__(self, problems: dict[str, UserError]) -> None:
        first = next(iter(problems.values()))
        super().__init__(first.msgid, **first.params)
        self.problems = problems


def validate_record(cls: type[R], data: dict[str, Any]) -> R:
    """Build a record from user input, turning pydantic's errors into our messages per field."""
    try:
        return cls.model_validate(data)
    except ValidationError as exc:
        raise field_problems(exc) from None


def field_problems(exc: ValidationError) -> FieldProblem:
    problems: dict[str, UserError] = {}
    for err in exc.errors():
        field = ".".join(str(p) for p in err["loc"]) or "record"
        original = (err.get("ctx") or {}).get("error")
        if isinstance(original, UserError):
            problems.setdefault(field, original)
        elif err["type"] == "missing":
            problems.setdefault(field, InvalidInput(N_("This field is required.")))
        elif err["type"] == "extra_forbidden":
            problems.setdefault(field, InvalidInput(N_("Unknown field '{field}'."), field=field))
        else:
            problems.setdefault(
                field, InvalidInput(N_("The value of '{field}' is not valid."), field=field)
            )
    return FieldProblem(problems)
