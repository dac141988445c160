"""Contact point details in the reader's language, for the info view and the printed folder."""

from __future__ import annotations

from dataclasses import dataclass

from babel.dates import get_day_names

from willkommensordner.content.languages import normalize, own_name
from willkommensordner.content.model import WEEKDAYS, ContactPoint

# Babel numbers weekdays from Monday = 0, as WEEKDAYS does.
_DAY_INDEX = {day: index for index, day in enumerate(WEEKDAYS)}


@dataclass(frozen=True)
class HoursLine:
    days: str  # "Mo., Di., Do." in the reader's language
    time: str  # "08:00–12:00"
    by_appointment: bool


def _day_names(lang: str) -> dict[int, str]:
    for candidate in (normalize(lang), normalize(lang).split("_")[0], "de"):
        try:
            return dict(get_day_names("abbreviated", locale=candidate).items())
        except (ValueError, LookupError):
            continue
    return {}  # pragma: no cover - German always exists


def opening_hours(contact: ContactPoint, lang: str) -> list[HoursLine]:
    """One line per opening-hours entry, weekday names in the reader's language."""
    names = _day_names(lang)
    return [
        HoursLine(
            ", ".join(names.get(_DAY_INDEX[d], d) for d in entry.days),
            f"{entry.opens}–{entry.closes}",
            entry.by_appointment,
        )
        for entry in contact.opening_hours
    ]


def spoken_languages(contact: ContactPoint) -> list[str]:
    """The languages spoken there, each named in its own script (what a newcomer recognises)."""
    return [own_name(code) for code in contact.languages]
