"""The machine-readable zone: found at the bottom of the page, checked digit by digit.

Only a zone whose every check digit is right becomes suggestions; anything else is not a guess
worth showing. The `mrz` library does the parsing and the checking.
"""

from __future__ import annotations

import itertools
import re
from datetime import date
from typing import Any

from mrz.checker.td1 import TD1CodeChecker
from mrz.checker.td2 import TD2CodeChecker
from mrz.checker.td3 import TD3CodeChecker
from PIL import Image

from willkommensordner.scans import image as scan_image
from willkommensordner.scans.model import Box, Source, SuggestedField, Suggestion
from willkommensordner.scans.rules import ReadingRules
from willkommensordner.scans.tesseract import ShouldStop, Word, lines_of, read_words

MRZ_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"
# (line length, number of lines, checker) for ID-1 cards, ID-2 and passports.
_FORMATS = ((30, 3, TD1CodeChecker), (36, 2, TD2CodeChecker), (44, 2, TD3CodeChecker))
_STRIP_SHARE = 0.42
# Fields protected by a check digit are as sure as the digit; the rest as sure as the OCR.
_CHECKED = 0.99


class _Line:
    def __init__(self, words: list[Word], top: int, scale: float) -> None:
        self.text = "".join(w.text for w in words)
        self.confidence = min(w.confidence for w in words) / 100
        box = words[0].box
        for word in words[1:]:
            box = box.union(word.box)
        self.box = Box(
            round(box.left / scale),
            round(box.top / scale) + top,
            round(box.width / scale),
            round(box.height / scale),
        )

    def part(self, start: int, end: int, length: int) -> Box:
        """The box of characters start..end, assuming the evenly spaced OCR-B glyphs."""
        step = self.box.width / length
        return Box(
            round(self.box.left + start * step),
            self.box.top,
            max(1, round((end - start) * step)),
            self.box.height,
        )


def _fit(text: str, length: int) -> str:
    """Short lines usually lost filler '<' at the end; long ones picked up a speck."""
    return text[:length] if len(text) >= length else text + "<" * (length - len(text))


# Letters the OCR sees in runs of filler '<' (its chevrons look like a K or an X to it).
_LOOKALIKES = "KXSCEZL"
_FILLER_NOISE = re.compile(rf"(?<=<)[{_LOOKALIKES}]+(?=<|$)")


def _filler(text: str) -> bool:
    return all(c == "<" or c in _LOOKALIKES for c in text)


def _names(text: str, length: int) -> str:
    return _fit(_FILLER_NOISE.sub(lambda m: "<" * len(m.group(0)), text), length)


# Each line's layout: the fields before a stretch that is often only filler, that stretch's
# length, and what follows it (check digits). A stretch read as filler noise becomes '<'.
_LAYOUTS: dict[int, tuple[re.Pattern[str] | None, ...]] = {
    30: (
        re.compile(r"^([A-Z<]{2}[A-Z<]{3}[A-Z0-9<]{9}[0-9])(.*)()$"),
        re.compile(r"^([0-9]{6}[0-9][MFX<][0-9]{6}[0-9][A-Z<]{3})(.*)([0-9])$"),
        None,
    ),
    36: (None, re.compile(r"^([A-Z0-9<]{9}[0-9][A-Z<]{3}[0-9]{7}[MFX<][0-9]{7})(.*)([0-9])$")),
    44: (
        None,
        re.compile(r"^([A-Z0-9<]{9}[0-9][A-Z<]{3}[0-9]{7}[MFX<][0-9]{7})(.*)([0-9<][0-9])$"),
    ),
}


def _variants(text: str, length: int, layout: re.Pattern[str] | None) -> list[str]:
    """Readings of one line to try against the check digits, the literal one first."""
    found = [_fit(text, length)]
    if layout is None:
        found.append(_names(text, length))
        return list(dict.fromkeys(found))
    hit = layout.match(text)
    if hit:
        head, middle, tail = hit.groups()
        room = length - len(head) - len(tail)
        if room >= 0:
            if _filler(middle):
                found.append(head + "<" * room + tail)
            else:
                found.append(head + _fit(middle, room) + tail)
    return list(dict.fromkeys(found))


def read_mrz(
    binary: str,
    page: Image.Image,
    rules: ReadingRules,
    today: date,
    should_stop: ShouldStop | None = None,
) -> list[Suggestion]:
    strip, top, scale = scan_image.bottom_strip(page, _STRIP_SHARE)
    words = read_words(
        binary,
        scan_image.png_bytes(strip),
        lang="eng",
        psm=6,
        whitelist=MRZ_ALPHABET,
        should_stop=should_stop,
    )
    lines = [_Line(ws, top, scale) for ws in lines_of(words)]
    lines = [line for line in lines if len(line.text) >= 26 and "<" in line.text]
    for length, count, checker_class in _FORMATS:
        for first in range(len(lines) - count + 1):
            group = lines[first : first + count]
            if not all(abs(len(line.text) - length) <= 3 for line in group):
                continue
            options = [
                _variants(line.text, length, layout)
                for line, layout in zip(group, _LAYOUTS[length], strict=True)
            ]
            for lines_tried in itertools.product(*options):
                checker = _checked("\n".join(lines_tried), checker_class)
                if checker is not None:
                    return _suggestions(checker.fields(), group, length, rules, today)
    return []


def _checked(code: str, checker_class: type) -> Any:
    try:
        checker = checker_class(code)
    except Exception:
        return None
    return checker if bool(checker) else None


def _yymmdd(text: str, today: date, *, future: bool) -> date | None:
    try:
        yy, mm, dd = int(text[0:2]), int(text[2:4]), int(text[4:6])
        century = 2000 if future or 2000 + yy <= today.year else 1900
        return date(century + yy, mm, dd)
    except ValueError:
        return None


def _suggestions(
    fields: object, group: list[_Line], length: int, rules: ReadingRules, today: date
) -> list[Suggestion]:
    f = fields
    td1 = length == 30
    first, second = group[0], group[1]
    names_line = group[2] if td1 else group[0]
    ocr = min(line.confidence for line in group)
    found: list[Suggestion] = []

    def add(which: SuggestedField, value: str, sure: float, box: Box) -> None:
        if value:
            found.append(Suggestion(which, value, sure, Source.MRZ, box))

    doc_type = rules.mrz_type(f.document_type, f.country)  # type: ignore[attr-defined]
    if doc_type is not None:
        add(SuggestedField.TYPE, doc_type.value, max(ocr, 0.9), first.part(0, 2, length))
    if td1:
        add(SuggestedField.NUMBER, f.document_number, _CHECKED, first.part(5, 14, length))  # type: ignore[attr-defined]
        dates_line, birth_at, expiry_at, sex_at, nat_at = second, 0, 8, 7, 15
    else:
        add(SuggestedField.NUMBER, f.document_number, _CHECKED, second.part(0, 9, length))  # type: ignore[attr-defined]
        dates_line, birth_at, expiry_at, sex_at, nat_at = second, 13, 21, 20, 10
    expiry = _yymmdd(f.expiry_date, today, future=True)  # type: ignore[attr-defined]
    birth = _yymmdd(f.birth_date, today, future=False)  # type: ignore[attr-defined]
    if expiry is not None:
        add(
            SuggestedField.VALID_UNTIL,
            expiry.isoformat(),
            _CHECKED,
            dates_line.part(expiry_at, expiry_at + 6, length),
        )
    if birth is not None:
        add(
            SuggestedField.BIRTH_DATE,
            birth.isoformat(),
            _CHECKED,
            dates_line.part(birth_at, birth_at + 6, length),
        )
    nationality = f.nationality.replace("<", "")  # type: ignore[attr-defined]
    add(SuggestedField.NATIONALITY, nationality, ocr, dates_line.part(nat_at, nat_at + 3, length))
    sex = {"M": "male", "F": "female"}.get(f.sex, "")  # type: ignore[attr-defined]
    add(SuggestedField.SEX, sex, ocr, dates_line.part(sex_at, sex_at + 1, length))
    names_start = 0 if td1 else 5
    add(
        SuggestedField.SURNAME, f.surname.strip(), ocr, names_line.part(names_start, length, length)
    )  # type: ignore[attr-defined]
    add(
        SuggestedField.GIVEN_NAMES,
        f.name.strip(),
        ocr,
        names_line.part(names_start, length, length),
    )  # type: ignore[attr-defined]
    return found
