"""Reading scans: accuracy over generated specimen scans, and the time per page.

eAT cards (TD1) and passport pages (TD3) with valid zones, clean at 300 dpi and degraded at
150 dpi (turned up to ±3°, blurred, noisy, JPEG 60); cards whose zone has one wrong check digit;
German papers (Duldung, Aufenthaltsgestattung, Fiktionsbescheinigung) degraded at 150 dpi.
"A field right" means exactly the generated value; a field not suggested counts as wrong.
WKO_BENCH_SCANS (default 15) sets how many of each kind.
"""

from __future__ import annotations

import os
import random
import time
from datetime import date

from bench.table import Row, percentile
from tests import scan_specimens as specimens
from willkommensordner.scans.model import ScanReading, Source, SuggestedField
from willkommensordner.scans.reader import read_scan

PER_KIND = int(os.environ.get("WKO_BENCH_SCANS", "15"))
TODAY = date(2026, 12, 4)
_CHECKED = (
    SuggestedField.TYPE,
    SuggestedField.NUMBER,
    SuggestedField.NATIONALITY,
    SuggestedField.BIRTH_DATE,
    SuggestedField.SEX,
    SuggestedField.VALID_UNTIL,
)


def _expected(p: specimens.MrzPerson, kind: str) -> dict[SuggestedField, str]:
    return {
        SuggestedField.TYPE: kind,
        SuggestedField.NUMBER: p.number,
        SuggestedField.NATIONALITY: p.nationality,
        SuggestedField.BIRTH_DATE: p.birth_date.isoformat(),
        SuggestedField.SEX: {"M": "male", "F": "female"}[p.sex],
        SuggestedField.VALID_UNTIL: p.expiry.isoformat(),
        SuggestedField.SURNAME: p.surname,
        SuggestedField.GIVEN_NAMES: p.given_names,
    }


class _Tally:
    def __init__(self) -> None:
        self.right = self.fields = self.names_right = self.names = self.wrong_zones = 0

    def add(self, reading: ScanReading, expected: dict[SuggestedField, str]) -> None:
        got = [reading.value_of(f) for f in _CHECKED]
        self.fields += len(_CHECKED)
        self.right += sum(g == expected[f] for f, g in zip(_CHECKED, got, strict=True))
        if any(g is not None and g != expected[f] for f, g in zip(_CHECKED, got, strict=True)):
            self.wrong_zones += 1
        for f in (SuggestedField.SURNAME, SuggestedField.GIVEN_NAMES):
            self.names += 1
            self.names_right += reading.value_of(f) == expected[f]


def run() -> list[Row]:
    rng = random.Random(20)
    seconds: list[float] = []

    def read(data: bytes) -> ScanReading:
        started = time.perf_counter()
        reading = read_scan(data, today=TODAY)
        seconds.append(time.perf_counter() - started)
        return reading

    clean, degraded = _Tally(), _Tally()
    for _ in range(PER_KIND):
        p = specimens.random_person(rng)
        for page, kind in (
            (specimens.eat_card(p, 300), "aufenthaltstitel"),
            (specimens.passport_page(p, 300), "reisepass"),
        ):
            clean.add(read(specimens.png(page)), _expected(p, kind))
            scan = specimens.degrade(page, rng, dpi_from=300, dpi_to=150)
            degraded.add(read(scan), _expected(p, kind))

    from_bad_zones = 0
    for _ in range(PER_KIND):
        p = specimens.random_person(rng)
        lines = specimens.td1_lines(p)
        at = rng.choice([14])  # the document number's check digit
        lines[0] = (
            lines[0][:at]
            + str((int(lines[0][at]) + rng.randrange(1, 10)) % 10)
            + lines[0][at + 1 :]
        )
        page = specimens.eat_card(p, 300, lines)
        for data in (specimens.png(page), specimens.degrade(page, rng, dpi_from=300, dpi_to=150)):
            reading = read(data)
            from_bad_zones += sum(s.source == Source.MRZ for s in reading.suggestions)

    expiry_right = 0
    for _ in range(PER_KIND):
        letter = specimens.german_letter(rng)
        scan = specimens.degrade(specimens.letter_page(letter, 300), rng, dpi_from=300, dpi_to=150)
        expiry_right += read(scan).value_of(SuggestedField.VALID_UNTIL) == letter.expiry.isoformat()

    zones = 2 * PER_KIND
    return [
        Row("scans", f"scans read ({len(seconds)})", len(seconds), "", 60, at_least=True),
        Row("scans", "MRZ fields right, 300 dpi", 100 * clean.right / clean.fields, "%", 95, True),
        Row(
            "scans",
            "MRZ fields right, 150 dpi degraded",
            100 * degraded.right / degraded.fields,
            "%",
            85,
            True,
        ),
        Row(
            "scans",
            "MRZ names right, 300 dpi (no check digit)",
            100 * clean.names_right / clean.names,
            "%",
        ),
        Row(
            "scans",
            "MRZ names right, 150 dpi degraded",
            100 * degraded.names_right / degraded.names,
            "%",
        ),
        Row(
            "scans",
            f"zones with a wrong checked field (of {2 * zones})",
            clean.wrong_zones + degraded.wrong_zones,
            "",
            0,
        ),
        Row("scans", "suggestions from a zone with a wrong check digit", from_bad_zones, "", 0),
        Row(
            "scans",
            "expiry right, German papers 150 dpi degraded",
            100 * expiry_right / PER_KIND,
            "%",
            90,
            True,
        ),
        Row("scans", "time per page, median", percentile(seconds, 50), "s"),
        Row("scans", "time per page, p95", percentile(seconds, 95), "s", 2.0),
    ]
