"""The files of a content pack as typed records: manifest, topics, contact points.

Unknown keys are rejected (`extra="forbid"`) so that a typo in a municipality's pack is
reported instead of silently ignored.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

from willkommensordner.content.languages import fallback_chain, normalize

FORMAT_VERSION = 1
ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"
_VERSION = re.compile(r"^\d{1,6}(\.\d{1,6}){0,3}$")

# The topics every nationwide pack covers, in reading order. Municipal packs may add own
# topics; contact points refer to topics by these ids.
STANDARD_TOPICS: tuple[str, ...] = (
    "ankommen",
    "gesundheit",
    "mobilitaet",
    "kita-schule",
    "deutsch-lernen",
    "arbeit",
    "wohnen",
    "geld",
    "freizeit",
    "notfall",
)

# Who a contact point serves. Counselling rules match a person's legal status and age
# against these; "all" means no restriction.
TARGET_GROUPS: tuple[str, ...] = (
    "all",
    "asylum-procedure",  # Aufenthaltsgestattung, AsylbLG
    "protected",  # recognised refugees, subsidiary protection, family reunification
    "ukraine",  # temporary protection, § 24 AufenthG
    "tolerated",  # Duldung
    "eu-citizens",  # Freizügigkeit
    "children",  # under 18
    "uma",  # unaccompanied minors
    "youth",  # 12-27 (JMD)
    "adults",  # 27+ (MBE)
    "women",
    "families",
)

WEEKDAYS: tuple[str, ...] = ("mo", "tu", "we", "th", "fr", "sa", "su")

Id = Annotated[str, Field(pattern=ID_PATTERN)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


def version_key(version: str) -> tuple[int, ...]:
    """ "2.10" > "2.9": versions compare as numbers, part by part."""
    parts = [int(p) for p in version.split(".")]
    while len(parts) < 4:
        parts.append(0)
    return tuple(parts)


class Manifest(_Strict):
    format: int = Field(ge=1)
    id: Id
    title: str = Field(min_length=1, max_length=200)
    municipality: str | None = Field(default=None, max_length=200)
    version: str
    stand: date
    source_language: str = "de"
    languages: tuple[str, ...] = Field(min_length=1, max_length=60)
    publisher: str | None = Field(default=None, max_length=200)
    description: str | None = Field(default=None, max_length=2000)
    # Invented sample content (a demo town, fake phone numbers): shown only when the user
    # asked for demo data, and marked wherever it would reach a newcomer.
    demo: bool = False

    @field_validator("version")
    @classmethod
    def _version(cls, value: str) -> str:
        if not _VERSION.match(value):
            raise ValueError("version must look like 1, 1.2 or 1.2.3")
        return value

    @field_validator("format")
    @classmethod
    def _format(cls, value: int) -> int:
        if value > FORMAT_VERSION:
            raise ValueError(f"format {value} is newer than this app understands")
        return value

    @field_validator("source_language")
    @classmethod
    def _source(cls, value: str) -> str:
        return normalize(value)

    @field_validator("languages")
    @classmethod
    def _languages(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(normalize(v) for v in value)

    @property
    def version_key(self) -> tuple[int, ...]:
        return version_key(self.version)


class TopicEntry(_Strict):
    id: Id
    order: int = 100
    icon: str | None = Field(default=None, max_length=40)
    # A subpage names the topic it belongs under (Integreat's page tree); None: top level.
    parent: Id | None = None


class Address(_Strict):
    street: str = Field(min_length=1, max_length=200)
    postcode: str = Field(pattern=r"^\d{5}$")
    city: str = Field(min_length=1, max_length=100)
    extra: str | None = Field(default=None, max_length=200)

    def one_line(self) -> str:
        extra = f", {self.extra}" if self.extra else ""
        return f"{self.street}{extra}, {self.postcode} {self.city}"


class OpeningHours(_Strict):
    days: tuple[str, ...] = Field(min_length=1)
    opens: str = Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    closes: str = Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    by_appointment: bool = False

    @field_validator("days")
    @classmethod
    def _days(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for day in value:
            if day not in WEEKDAYS:
                raise ValueError(f"unknown weekday {day!r}, use {', '.join(WEEKDAYS)}")
        return value


class ContactPoint(_Strict):
    """An Anlaufstelle. Its `id` is stable: appointments and counselling rules refer to it."""

    id: Id
    name: str = Field(min_length=1, max_length=200)
    kind: str = Field(min_length=1, max_length=60)
    address: Address | None = None
    phone: str | None = Field(default=None, pattern=r"^\+?[0-9][0-9 /\-]{2,30}$")
    email: str | None = Field(default=None, pattern=r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
    website: str | None = Field(default=None, pattern=r"^https?://\S+$")
    opening_hours: tuple[OpeningHours, ...] = ()
    hours_note: dict[str, str] = Field(default_factory=dict)
    languages: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    target_groups: tuple[str, ...] = ("all",)
    description: dict[str, str] = Field(default_factory=dict)

    @field_validator("target_groups")
    @classmethod
    def _groups(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for group in value:
            if group not in TARGET_GROUPS:
                raise ValueError(f"unknown target group {group!r}")
        return value

    @field_validator("languages")
    @classmethod
    def _spoken(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(normalize(v) for v in value)

    @property
    def dial_phone(self) -> str | None:
        """The number without spaces and dashes, for a tel: link."""
        return re.sub(r"[\s/\-]", "", self.phone) if self.phone else None

    def describe(self, lang: str) -> str:
        """The description in `lang` or along its fallback chain (ending in German)."""
        for candidate in fallback_chain(lang):
            if self.description.get(candidate):
                return self.description[candidate]
        return ""

    def serves(self, topic: str | None = None, target_group: str | None = None) -> bool:
        if topic is not None and topic not in self.topics:
            return False
        return (
            target_group is None
            or "all" in self.target_groups
            or target_group in self.target_groups
        )
