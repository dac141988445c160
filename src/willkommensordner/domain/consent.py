"""A documented consent (Einwilligung) to share parts of a dossier with a recipient."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from pydantic import Field, model_validator

from willkommensordner.domain.document import AttachmentRef
from willkommensordner.domain.record import DossierPart, RecordKind
from willkommensordner.domain.text import Line, Text
from willkommensordner.errors import InvalidInput
from willkommensordner.i18n import N_


class Consent(DossierPart):
    KIND: ClassVar[RecordKind] = RecordKind.CONSENT

    recipient: Line
    recipient_contact_id: str | None = None
    purpose: Text = ""
    scope: list[RecordKind] = Field(default_factory=lambda: list(RecordKind))
    given_on: date
    valid_until: date | None = None
    revoked_on: date | None = None
    form: AttachmentRef | None = None
    # Health and other special categories (Art. 9 DSGVO) may be passed on only with the
    # person's explicit consent to exactly that; covering the record kinds is not enough.
    special_categories: bool = False

    @model_validator(mode="after")
    def _dates(self) -> Consent:
        if not self.recipient.strip():
            raise InvalidInput(N_("A consent needs a recipient."))
        if self.valid_until and self.valid_until < self.given_on:
            raise InvalidInput(N_("A consent cannot end before it was given."))
        if self.revoked_on and self.revoked_on < self.given_on:
            raise InvalidInput(N_("A consent cannot be revoked before it was given."))
        return self

    def is_active(self, on: date) -> bool:
        if self.revoked_on is not None and self.revoked_on <= on:
            return False
        if self.valid_until is not None and self.valid_until < on:
            return False
        return self.given_on <= on

    def covers(self, kinds: set[RecordKind]) -> bool:
        return kinds <= set(self.scope)
