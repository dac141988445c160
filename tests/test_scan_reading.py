"""Reading scans with the real Tesseract: machine-readable zones, German papers, privacy."""

from __future__ import annotations

import json
import os
import random
import time
from datetime import date
from pathlib import Path

import pytest

from willkommensordner.cli import main
from willkommensordner.errors import ExitCode, InvalidInput
from willkommensordner.scans.model import ScanReading, Source, SuggestedField
from willkommensordner.scans.reader import read_scan
from willkommensordner.scans.tesseract import OcrUnavailable, ReadingCancelled
from willkommensordner.vault.vault import Vault

from . import scan_specimens as specimens

TODAY = date(2026, 12, 4)
# A specimen person (seeded, so every run draws the same one).
PERSON = specimens.random_person(random.Random(1))


def _inside(reading: ScanReading) -> None:
    for s in reading.suggestions:
        assert s.box is not None
        assert s.box.left >= 0 and s.box.left + s.box.width <= reading.width
        assert s.box.top >= 0 and s.box.top + s.box.height <= reading.height
        assert 0.0 < s.confidence <= 1.0


def test_an_eat_card_suggests_its_checked_facts() -> None:
    reading = read_scan(specimens.png(specimens.eat_card(PERSON, 300)), today=TODAY)
    assert reading.value_of(SuggestedField.TYPE) == "aufenthaltstitel"
    assert reading.value_of(SuggestedField.NUMBER) == PERSON.number
    assert reading.value_of(SuggestedField.VALID_UNTIL) == PERSON.expiry.isoformat()
    assert reading.value_of(SuggestedField.BIRTH_DATE) == PERSON.birth_date.isoformat()
    assert reading.value_of(SuggestedField.NATIONALITY) == PERSON.nationality
    assert reading.value_of(SuggestedField.SEX) == {"M": "male", "F": "female"}[PERSON.sex]
    assert {s.source for s in reading.suggestions} == {Source.MRZ}
    _inside(reading)
    # The number's box lies in the zone's first line, in the lower part of the card.
    number = next(s for s in reading.suggestions if s.field == SuggestedField.NUMBER)
    assert number.box is not None and number.box.top > reading.height / 2


def test_a_passport_page_suggests_its_checked_facts() -> None:
    reading = read_scan(specimens.png(specimens.passport_page(PERSON, 300)), today=TODAY)
    assert reading.value_of(SuggestedField.TYPE) == "reisepass"
    assert reading.value_of(SuggestedField.NUMBER) == PERSON.number
    assert reading.value_of(SuggestedField.VALID_UNTIL) == PERSON.expiry.isoformat()
    _inside(reading)


def test_a_wrong_check_digit_gives_no_suggestion_from_the_zone() -> None:
    lines = specimens.td1_lines(PERSON)
    digit = lines[0][14]
    lines[0] = lines[0][:14] + str((int(digit) + 3) % 10) + lines[0][15:]
    reading = read_scan(specimens.png(specimens.eat_card(PERSON, 300, lines)), today=TODAY)
    assert [s for s in reading.suggestions if s.source == Source.MRZ] == []
    assert reading.value_of(SuggestedField.NUMBER) is None


def test_a_blank_scan_gives_no_suggestions_and_no_error() -> None:
    reading = read_scan(specimens.jpeg(specimens.blank_page(150)), today=TODAY)
    assert reading.suggestions == []
    assert reading.width > 0


def test_a_german_paper_suggests_type_expiry_and_aktenzeichen() -> None:
    letter = specimens.german_letter(random.Random(3))
    scan = specimens.degrade(
        specimens.letter_page(letter, 300), random.Random(3), dpi_from=300, dpi_to=150
    )
    reading = read_scan(scan, today=TODAY)
    assert reading.value_of(SuggestedField.TYPE) == letter.kind
    assert reading.value_of(SuggestedField.VALID_UNTIL) == letter.expiry.isoformat()
    assert reading.value_of(SuggestedField.REFERENCE) == letter.reference
    assert {s.source for s in reading.suggestions} == {Source.TEXT}
    _inside(reading)


def test_what_is_not_an_image_is_a_clear_message() -> None:
    with pytest.raises(InvalidInput):
        read_scan(b"%PDF-1.7 not an image", today=TODAY)


def test_without_tesseract_the_feature_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(OcrUnavailable):
        read_scan(specimens.png(specimens.blank_page(100)), today=TODAY)


def test_a_reading_can_be_stopped() -> None:
    with pytest.raises(ReadingCancelled):
        read_scan(
            specimens.png(specimens.eat_card(PERSON, 300)), today=TODAY, should_stop=lambda: True
        )


def test_cli_prints_the_suggestions_as_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LANGUAGE", "en")
    scan = tmp_path / "card.png"
    scan.write_bytes(specimens.png(specimens.eat_card(PERSON, 300)))
    assert main(["documents", "read", str(scan)]) == 0
    out = json.loads(capsys.readouterr().out)
    values = {s["field"]: s["value"] for s in out["suggestions"]}
    assert values["number"] == PERSON.number
    assert all(set(s["box"]) == {"left", "top", "width", "height"} for s in out["suggestions"])
    assert main(["documents", "read", str(tmp_path / "missing.png")]) == ExitCode.BAD_INPUT


def _new_files(roots: list[Path], since: float) -> list[Path]:
    found = []
    for root in roots:
        for folder, dirs, files in os.walk(root):
            dirs[:] = [d for d in dirs if d not in {".venv", ".git", "node_modules", "proc"}]
            for name in files:
                path = Path(folder) / name
                try:
                    if path.is_file() and not path.is_symlink() and path.stat().st_mtime >= since:
                        found.append(path)
                except OSError:
                    continue
    return found


def test_reading_five_scans_leaves_no_image_or_text_outside_the_vault(
    vault: Vault, vault_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(5)
    people = [specimens.random_person(rng) for _ in range(4)]
    letter = specimens.german_letter(rng)
    scans = [specimens.png(specimens.eat_card(p, 300)) for p in people[:2]]
    scans += [specimens.jpeg(specimens.passport_page(p, 200)) for p in people[2:]]
    scans.append(specimens.png(specimens.letter_page(letter, 200)))
    refs = [vault.attachments.add_bytes(data, f"scan{i}.png") for i, data in enumerate(scans)]
    # Random document numbers and the reference are ours alone, wherever they turn up; an
    # image at all is a leak in the folders this process has to itself.
    ours = [p.number.encode() for p in people] + [letter.reference.encode()]
    images = [b"\x89PNG\r\n", b"\xff\xd8\xff", b"Aktenzeichen"]
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(private_tmp))
    time.sleep(0.05)
    since = time.time()
    for ref in refs:
        read_scan(vault.attachments.read(ref.sha256), today=TODAY)
    shared = [Path("/tmp"), Path("/var/tmp"), Path("/dev/shm"), Path.home() / ".cache", Path.cwd()]
    leaks = []
    for root, secrets in ((shared, ours), ([tmp_path], ours + images)):
        for path in _new_files([r for r in root if r.exists()], since):
            if path.parent == vault_path.parent:
                continue  # the vault itself (and its journal) is encrypted
            try:
                content = path.read_bytes()
            except OSError:
                continue
            if any(secret in content for secret in secrets):
                leaks.append(path)
    assert leaks == []
    assert list(private_tmp.iterdir()) == []
