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
# The OCR misreads different characters at different sizes, and the check digits tell which
# reading is right: the strip is read at a second size when the first gives no valid zone.
_STRIP_HEIGHTS = (200, 250, 310, 380)
# Fields protected by a check digit are as sure as the digit; the rest as sure as the OCR.
_CHECKED = 0.99


class _Line:
    def __init__(self, words: list[Word], top: int, scale: float) -> None:
        self.text = "".join(w.text for w in words)
        self.confidence = sum(max(0.0, w.confidence) for w in words) / len(words) / 100
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


# What the OCR reads for a digit where only a digit may stand. Document numbers (letters and
# digits both allowed) are left as read: trying swaps there until the check digit agrees would
# accept wrong numbers.
_AS_DIGIT = str.maketrans("OQDIJLZSGBT", "00011125687")
# Where digits must stand, per line.
_DIGITS: dict[int, tuple[tuple[range, ...], ...]] = {
    30: ((range(14, 15),), (range(0, 7), range(8, 15), range(29, 30)), ()),
    36: ((), (range(9, 10), range(13, 20), range(21, 28), range(35, 36))),
    44: ((), (range(9, 10), range(13, 20), range(21, 28), range(42, 44))),
}


def _digits_where_due(text: str, spans: tuple[range, ...]) -> str:
    chars = list(text)
    for span in spans:
        for i in span:
            if i < len(chars):
                chars[i] = chars[i].translate(_AS_DIGIT)
    return "".join(chars)


def _variants(text: str, length: int, line_no: int) -> list[str]:
    """Readings of one line to try against the check digits, the literal one first."""
    layout = _LAYOUTS[length][line_no]
    spans = _DIGITS[length][line_no]
    # Only repairs that keep every character's place: shifting characters around until the
    # check digits agree would, across enough tries, accept a wrong reading.
    sources = [text]
    found: list[str] = []
    for source in sources:
        shaped = [_fit(source, length)]
        if layout is None:
            shaped.append(_names(source, length))
        else:
            fixed = _digits_where_due(source, spans)
            hit = layout.match(fixed)
            if hit:
                head, middle, tail = hit.groups()
                room = length - len(head) - len(tail)
                if room >= 0:
                    filler = "<" * room if _filler(middle) else _fit(middle, room)
                    shaped.append(head + filler + tail)
        found += shaped
    return list(dict.fromkeys(found))


def read_mrz(
    binary: str,
    page: Image.Image,
    rules: ReadingRules,
    today: date,
    should_stop: ShouldStop | None = None,
) -> list[Suggestion]:
    # A zone counts when two readings at different sizes agree on every checked fact, or when
    # one was read exactly as printed (no repair) and no other reading contradicts it: every
    # repair tried and every extra pass is one more chance for a misreading to pass the weak
    # ICAO check digits by luck.
    readings: list[tuple[tuple[str, ...], bool, list[Suggestion]]] = []
    for height in _STRIP_HEIGHTS:
        strip, top, scale = scan_image.bottom_strip(page, _STRIP_SHARE, height)
        words = read_words(
            binary,
            scan_image.png_bytes(strip),
            lang="eng",
            psm=6,
            whitelist=MRZ_ALPHABET,
            should_stop=should_stop,
        )
        found = _zone(words, top, scale, rules, today)
        if found is None:
            continue
        if any(facts == found[0] for facts, _literal, _s in readings):
            return found[2]
        readings.append(found)
    if len({facts for facts, _literal, _s in readings}) == 1 and readings[0][1]:
        return readings[0][2]
    return []


def _zone(
    words: list[Word], top: int, scale: float, rules: ReadingRules, today: date
) -> tuple[tuple[str, ...], bool, list[Suggestion]] | None:
    """(the checked facts, whether read without repair, the suggestions), or None."""
    lines = [_Line(ws, top, scale) for ws in lines_of(words)]
    lines = [line for line in lines if len(line.text) >= 26 and "<" in line.text]
    for length, count, checker_class in _FORMATS:
        for first in range(len(lines) - count + 1):
            group = lines[first : first + count]
            if not all(abs(len(line.text) - length) <= 3 for line in group):
                continue
            options = [_variants(line.text, length, line_no) for line_no, line in enumerate(group)]
            passing = {
                code
                for code in ("\n".join(tried) for tried in itertools.product(*options))
                if _checked(code, checker_class) is not None
            }
            if not passing:
                continue
            # ICAO check digits cannot tell some pairs apart (K and < weigh the same, 8/B and
            # 5/S can cancel out): the reading closest to what the OCR saw wins, and two
            # equally close ones with different facts are no suggestion.
            nearest = min(_distance(code, group) for code in passing)
            closest = [code for code in passing if _distance(code, group) == nearest]
            facts = {_facts(_checked(code, checker_class).fields()) for code in closest}
            if len(facts) == 1:
                checker = _checked(closest[0], checker_class)
                fields = checker.fields()
                suggestions = _suggestions(fields, group, length, rules, today)
                return _facts(fields), nearest == 0, suggestions
            return None
    return None


def _facts(fields: Any) -> tuple[str, ...]:
    return (
        fields.document_type,
        fields.country,
        fields.document_number,
        fields.nationality,
        fields.birth_date,
        fields.sex,
        fields.expiry_date,
    )


def _distance(code: str, group: list[_Line]) -> int:
    """Characters changed from what the OCR read; filler put back ('<') does not count, as it
    carries no fact (and weighs nothing in a check digit)."""
    return sum(
        a != b and a != "<"
        for line, read in zip(code.splitlines(), group, strict=True)
        for a, b in zip(line, read.text, strict=False)
    )


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
    fields: Any, group: list[_Line], length: int, rules: ReadingRules, today: date
) -> list[Suggestion]:
    f = fields
    td1 = length == 30
    first, second = group[0], group[1]
    names_line = group[2] if td1 else group[0]
    # Fields without a check digit in a zone whose digits all passed: at least even odds,
    # more as the OCR was surer (its scores on long runs of '<' are often near zero).
    ocr = 0.5 + 0.5 * min(line.confidence for line in group)
    found: list[Suggestion] = []

    def add(which: SuggestedField, value: str, sure: float, box: Box) -> None:
        if value:
            found.append(Suggestion(which, value, sure, Source.MRZ, box))

    doc_type = rules.mrz_type(f.document_type, f.country)
    if doc_type is not None:
        add(SuggestedField.TYPE, doc_type.value, max(ocr, 0.9), first.part(0, 2, length))
    if td1:
        add(SuggestedField.NUMBER, f.document_number, _CHECKED, first.part(5, 14, length))
        dates_line, birth_at, expiry_at, sex_at, nat_at = second, 0, 8, 7, 15
    else:
        add(SuggestedField.NUMBER, f.document_number, _CHECKED, second.part(0, 9, length))
        dates_line, birth_at, expiry_at, sex_at, nat_at = second, 13, 21, 20, 10
    expiry = _yymmdd(f.expiry_date, today, future=True)
    birth = _yymmdd(f.birth_date, today, future=False)
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
    nationality = f.nationality.replace("<", "")
    add(SuggestedField.NATIONALITY, nationality, ocr, dates_line.part(nat_at, nat_at + 3, length))
    sex = {"M": "male", "F": "female"}.get(f.sex, "")
    add(SuggestedField.SEX, sex, ocr, dates_line.part(sex_at, sex_at + 1, length))
    names_start = 0 if td1 else 5
    add(
        SuggestedField.SURNAME, f.surname.strip(), ocr, names_line.part(names_start, length, length)
    )
    add(
        SuggestedField.GIVEN_NAMES,
        f.name.strip(),
        ocr,
        names_line.part(names_start, length, length),
    )
    return found
