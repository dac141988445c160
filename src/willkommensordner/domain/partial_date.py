"""Dates that papers often give only in part: "00.00.1990" means "some day in 1990"."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema

from willkommensordner.errors import InvalidInput
from willkommensordner.i18n import N_

_GERMAN = re.compile(r"^\s*([0-9xX]{1,2})\.([0-9xX]{1,2})\.(\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})(?:-(\d{2}|XX|xx)(?:-(\d{2}|XX|xx))?)?\s*$")
_UNKNOWN = {"0", "00", "x", "xx", "X", "XX"}
MIN_YEAR = 1880


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date of which the day, or the day and the month, may be unknown."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if not MIN_YEAR <= self.year <= 2200:
            raise InvalidInput(N_("The year {year} is not plausible."), year=self.year)
        if self.month is None and self.day is not None:
            raise InvalidInput(N_("A day without a month is not a valid date."))
        if self.month is not None and not 1 <= self.month <= 12:
            raise InvalidInput(N_("There is no month {month}."), month=self.month)
        if self.day is not None and self.month is not None:
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                raise InvalidInput(
                    N_("{day}.{month}.{year} does not exist."),
                    day=self.day,
                    month=self.month,
                    year=self.year,
                )

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read German (TT.MM.JJJJ, "00" or "XX" for unknown parts) or ISO (JJJJ[-MM[-TT]])."""
        if m := _GERMAN.match(text):
            day_s, month_s, year_s = m.groups()
            month = None if month_s in _UNKNOWN else int(month_s)
            day = None if day_s in _UNKNOWN or month is None else int(day_s)
            return cls(int(year_s), month, day)
        if m := _ISO.match(text):
            year_s, month_s, day_s = m.groups()
            month = None if month_s in (None, *_UNKNOWN) else int(month_s)
            day = None if day_s in (None, *_UNKNOWN) or month is None else int(day_s)
            return cls(int(year_s), month, day)
        raise InvalidInput(
            N_("'{text}' is not a date. Please write it as DD.MM.YYYY (00 for unknown parts)."),
            text=text[:40],
        )

    @classmethod
    def from_date(cls, value: date) -> PartialDate:
        return cls(value.year, value.month, value.day)

    @property
    def is_complete(self) -> bool:
        return self.day is not None

    def earliest(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> date:
        month = self.month or 12
        return date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def iso(self) -> str:
        """Sortable storage form: unknown parts are "00", as German papers write them."""
        return f"{self.year:04d}-{self.month or 0:02d}-{self.day or 0:02d}"

    def german(self) -> str:
        return f"{self.day or 0:02d}.{self.month or 0:02d}.{self.year:04d}"

    def age_on(self, on: date) -> tuple[int, int]:
        """The youngest and oldest age the person can be on that day."""

        def years(born: date) -> int:
            return on.year - born.year - ((on.month, on.day) < (born.month, born.day))

        return years(self.latest()), years(self.earliest())

    def __str__(self) -> str:
        return self.german()


def _coerce(value: Any) -> Any:
    if isinstance(value, PartialDate) or value is None:
        return value
    if isinstance(value, date):
        return PartialDate.from_date(value)
    if isinstance(value, str):
        if not value.strip():
            return None
        return PartialDate.parse(value)
    raise InvalidInput(N_("A date was expected."))


PartialDateField = Annotated[
    PartialDate,
    BeforeValidator(_coerce),
    PlainSerializer(lambda v: v.iso(), return_type=str),
    WithJsonSchema({"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}),
]
