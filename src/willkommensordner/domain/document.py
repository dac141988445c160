"""A paper of the newcomer or a family member, with its scans."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from willkommensordner.domain.document_type import DocumentType
from willkommensordner.domain.record import DossierPart, RecordKind
from willkommensordner.domain.text import Line, Text
from willkommensordner.errors import InvalidInput
from willkommensordner.i18n import N_


class AttachmentRef(BaseModel):
    """Points at an encrypted blob in the vault by the SHA-256 of its content."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    filename: Line = ""
    media_type: str
    size: int = Field(ge=0)


class Document(DossierPart):
    KIND: ClassVar[RecordKind] = RecordKind.DOCUMENT

    type: DocumentType = DocumentType.OTHER
    member_id: str | None = None
    title: Line = ""
    number: Line = ""
    issuer: Line = ""
    issued_on: date | None = None
    valid_until: date | None = None
    note: Text = ""
    attachments: list[AttachmentRef] = Field(default_factory=list)

    @model_validator(mode="after")
    def _dates(self) -> Document:
        if self.issued_on and self.valid_until and self.valid_until < self.issued_on:
            raise InvalidInput(N_("A document cannot expire before it was issued."))
        return self

    def expires_within(self, today: date, days: int) -> bool:
        return self.valid_until is not None and (self.valid_until - today).days <= days
