"""The dossier: one newcomer, as the papers and the counselling know them."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import ClassVar

from pydantic import Field, model_validator

from willkommensordner.domain.language import CountryCode, LanguageCode, LanguageSkill
from willkommensordner.domain.legal_status import LegalStatus, TargetGroup
from willkommensordner.domain.partial_date import PartialDateField
from willkommensordner.domain.record import Record, RecordKind
from willkommensordner.domain.text import Line, Name
from willkommensordner.errors import InvalidInput
from willkommensordner.i18n import N_


class Gender(StrEnum):
    UNSPECIFIED = "unspecified"
    FEMALE = "female"
    MALE = "male"
    DIVERSE = "diverse"

    @property
    def label(self) -> str:
        return {
            Gender.UNSPECIFIED: N_("not stated"),
            Gender.FEMALE: N_("female"),
            Gender.MALE: N_("male"),
            Gender.DIVERSE: N_("diverse"),
        }[self]


class Dossier(Record):
    KIND: ClassVar[RecordKind] = RecordKind.DOSSIER

    # Names as the German papers transliterate them, then as the person writes them.
    family_name: Name = ""
    given_names: Name = ""
    native_name: Name = ""
    aliases: list[Name] = Field(default_factory=list)
    birth_date: PartialDateField | None = None
    birth_place: Line = ""
    gender: Gender = Gender.UNSPECIFIED
    nationalities: list[CountryCode] = Field(default_factory=list)
    stateless: bool = False
    languages: list[LanguageSkill] = Field(default_factory=list)
    preferred_language: LanguageCode = "de"
    legal_status: LegalStatus = LegalStatus.UNKNOWN
    status_valid_until: date | None = None
    arrival_date: date | None = None
    unaccompanied_minor: bool = False
    accommodation: Line = ""
    street: Line = ""
    postcode: Line = ""
    city: Line = ""
    district: Line = ""
    phone: Line = ""
    email: Line = ""
    counsellor: Line = ""
    agency: Line = ""
    opened_on: date = Field(default_factory=date.today)
    closed_on: date | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Dossier:
        if not (self.family_name or self.given_names or self.native_name):
            raise InvalidInput(N_("A dossier needs at least one name."))
        if self.closed_on and self.closed_on < self.opened_on:
            raise InvalidInput(N_("A dossier cannot be closed before it was opened."))
        if self.birth_date and self.birth_date.earliest() > date.today():
            raise InvalidInput(N_("The birth date lies in the future."))
        if self.stateless and self.nationalities:
            raise InvalidInput(N_("A stateless person has no nationality."))
        return self

    @property
    def target_group(self) -> TargetGroup:
        return self.legal_status.target_group

    @property
    def display_name(self) -> str:
        latin = ", ".join(p for p in (self.family_name, self.given_names) if p)
        return latin or self.native_name

    @property
    def is_open(self) -> bool:
        return self.closed_on is None
