"""What reading a scan yields: suggestions, each with how sure it is and where it was read."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any


class SuggestedField(StrEnum):
    """The facts a scan can suggest; the first five are fields of a document record."""

    TYPE = "type"
    NUMBER = "number"
    VALID_UNTIL = "valid_until"
    ISSUER = "issuer"
    REFERENCE = "reference"
    NATIONALITY = "nationality"
    BIRTH_DATE = "birth_date"
    SEX = "sex"
    SURNAME = "surname"
    GIVEN_NAMES = "given_names"


class Source(StrEnum):
    MRZ = "mrz"
    TEXT = "text"


@dataclass(frozen=True)
class Box:
    """A rectangle in pixels of the scan as it is shown (after its EXIF orientation)."""

    left: int
    top: int
    width: int
    height: int

    def union(self, other: Box) -> Box:
        left, top = min(self.left, other.left), min(self.top, other.top)
        right = max(self.left + self.width, other.left + other.width)
        bottom = max(self.top + self.height, other.top + other.height)
        return Box(left, top, right - left, bottom - top)


@dataclass(frozen=True)
class Suggestion:
    field: SuggestedField
    value: str  # ISO dates, DocumentType values, ISO 3166 alpha-3 codes as the MRZ has them
    confidence: float  # 0..1
    source: Source
    box: Box | None = None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["field"] = self.field.value
        data["source"] = self.source.value
        data["confidence"] = round(self.confidence, 2)
        return data


@dataclass(frozen=True)
class ScanReading:
    """The result for one scan; `width`/`height` are the pixel size the boxes refer to."""

    width: int
    height: int
    suggestions: list[Suggestion] = field(default_factory=list)

    def value_of(self, which: SuggestedField) -> str | None:
        for suggestion in self.suggestions:
            if suggestion.field == which:
                return suggestion.value
        return None

    def to_json(self) -> dict[str, Any]:
        return {
            "width": self.width,
            "height": self.height,
            "suggestions": [s.to_json() for s in self.suggestions],
        }
