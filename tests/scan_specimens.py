"""Specimen-like scans made on the fly: eAT cards (TD1), passport pages (TD3), German letters.

The machine-readable zones come from the `mrz` library's generators, so their check digits are
right; the zone is set in OCR-B (Debian fonts-ocr-b) at the standard 10 characters per inch.
`degrade` makes them look scanned: a slight turn, blur, noise, JPEG, a lower resolution.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from mrz.generator.td1 import TD1CodeGenerator
from mrz.generator.td3 import TD3CodeGenerator
from PIL import Image, ImageDraw, ImageFilter, ImageFont

OCR_B = Path("/usr/share/fonts/opentype/ocr-b/OCRB.otf")
SANS = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
SANS_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
MM_PER_INCH = 25.4

_SURNAMES = [
    "AL HASSAN",
    "MOHAMMADI",
    "OKONKWO",
    "KOVALENKO",
    "HAIDARI",
    "ABEBE",
    "YILDIZ",
    "NGUYEN",
    "AHMADZAI",
    "TESFAYE",
    "MUSTAFA",
    "POPESCU",
]
_GIVEN = [
    "AMIRA NOUR",
    "REZA",
    "CHIDI",
    "OLENA",
    "FARID",
    "SELAM",
    "ELIF",
    "MINH ANH",
    "ZAHRA",
    "DAWIT",
    "LEYLA",
    "IOANA MARIA",
]
_NATIONS = ["SYR", "AFG", "NGA", "UKR", "IRQ", "ERI", "TUR", "VNM", "IRN", "ETH", "SOM", "ROU"]
_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"


@dataclass(frozen=True)
class MrzPerson:
    surname: str
    given_names: str
    nationality: str
    birth_date: date
    sex: str  # "M" / "F"
    number: str
    expiry: date


def random_person(rng: random.Random) -> MrzPerson:
    birth = date(1960, 1, 1) + timedelta(days=rng.randrange(365 * 45))
    expiry = date(2027, 1, 1) + timedelta(days=rng.randrange(365 * 8))
    number = rng.choice(_LETTERS) + "".join(rng.choice(_LETTERS + "0123456789") for _ in range(8))
    return MrzPerson(
        rng.choice(_SURNAMES),
        rng.choice(_GIVEN),
        rng.choice(_NATIONS),
        birth,
        rng.choice("MF"),
        number,
        expiry,
    )


def _yymmdd(day: date) -> str:
    return day.strftime("%y%m%d")


def td1_lines(p: MrzPerson) -> list[str]:
    code = TD1CodeGenerator(
        "AR",
        "D",
        p.number,
        _yymmdd(p.birth_date),
        p.sex,
        _yymmdd(p.expiry),
        p.nationality,
        p.surname,
        p.given_names,
    )
    return str(code).splitlines()


def td3_lines(p: MrzPerson) -> list[str]:
    code = TD3CodeGenerator(
        "P",
        p.nationality,
        p.surname,
        p.given_names,
        p.number,
        p.nationality,
        _yymmdd(p.birth_date),
        p.sex,
        _yymmdd(p.expiry),
        "",
    )
    return str(code).splitlines()


def _px(mm: float, dpi: int) -> int:
    return round(mm * dpi / MM_PER_INCH)


def _mrz_font(dpi: int) -> ImageFont.FreeTypeFont:
    probe = ImageFont.truetype(str(OCR_B), 100)
    advance = probe.getlength("<" * 10) / 10 / 100
    return ImageFont.truetype(str(OCR_B), round(_px(2.54, dpi) / advance))


def _card(
    width_mm: float,
    height_mm: float,
    dpi: int,
    mrz: list[str],
    title: str,
    labels: list[tuple[str, str]],
) -> Image.Image:
    w, h = _px(width_mm, dpi), _px(height_mm, dpi)
    page = Image.new("L", (w, h), 238)
    draw = ImageDraw.Draw(page)
    for y in range(0, h, max(2, _px(1.5, dpi))):  # the guilloche-like background print
        draw.line([(0, y), (w, y + _px(4, dpi))], fill=226, width=1)
    bold = ImageFont.truetype(str(SANS_BOLD), _px(3.2, dpi))
    small = ImageFont.truetype(str(SANS), _px(1.8, dpi))
    value = ImageFont.truetype(str(SANS), _px(2.6, dpi))
    draw.text((_px(4, dpi), _px(3, dpi)), title, font=bold, fill=40)
    y = _px(10, dpi)
    for label, text in labels:
        draw.text((_px(30, dpi), y), label, font=small, fill=90)
        draw.text((_px(30, dpi), y + _px(2.2, dpi)), text, font=value, fill=20)
        y += _px(5.6, dpi)
    draw.rectangle([_px(4, dpi), _px(10, dpi), _px(25, dpi), _px(38, dpi)], fill=200)
    font = _mrz_font(dpi)
    pitch = _px(4.2, dpi)  # line spacing of the zone
    top = h - _px(3.5, dpi) - pitch * len(mrz)
    for i, line in enumerate(mrz):
        draw.text((_px(3.2, dpi), top + i * pitch), line, font=font, fill=10)
    return page


def eat_card(p: MrzPerson, dpi: int, mrz: list[str] | None = None) -> Image.Image:
    return _card(
        85.6,
        54.0,
        dpi,
        mrz or td1_lines(p),
        "AUFENTHALTSTITEL",
        [
            ("Name / Surname", p.surname),
            ("Vornamen / Given names", p.given_names),
            ("Staatsangehörigkeit", p.nationality),
            ("Gültig bis", p.expiry.strftime("%d.%m.%Y")),
        ],
    )


def passport_page(p: MrzPerson, dpi: int) -> Image.Image:
    return _card(
        125.0,
        88.0,
        dpi,
        td3_lines(p),
        "PASSPORT / REISEPASS",
        [
            ("Surname", p.surname),
            ("Given names", p.given_names),
            ("Nationality", p.nationality),
            ("Date of birth", p.birth_date.strftime("%d %m %Y")),
            ("Sex", p.sex),
            ("Date of expiry", p.expiry.strftime("%d %m %Y")),
        ],
    )


@dataclass(frozen=True)
class Letter:
    kind: str  # the DocumentType value it should be recognised as
    expiry: date
    reference: str
    lines: list[str]


def german_letter(rng: random.Random) -> Letter:
    expiry = date(2026, 1, 1) + timedelta(days=rng.randrange(365 * 3))
    ref = f"{rng.randrange(1000, 9999)}-{rng.randrange(100000, 999999)}"
    until = expiry.strftime("%d.%m.%Y")
    kind, body = rng.choice(
        [
            (
                "duldung",
                [
                    "Bescheinigung über die Aussetzung der Abschiebung (Duldung)",
                    "nach § 60a des Aufenthaltsgesetzes",
                    f"Diese Bescheinigung ist befristet bis {until}.",
                ],
            ),
            (
                "aufenthaltsgestattung",
                [
                    "Bescheinigung über die Aufenthaltsgestattung",
                    "nach § 63 des Asylgesetzes",
                    f"Die Bescheinigung ist gültig bis {until}.",
                ],
            ),
            (
                "fiktionsbescheinigung",
                [
                    "Fiktionsbescheinigung nach § 81 Abs. 4 AufenthG",
                    "Der Aufenthaltstitel gilt als fortbestehend.",
                    f"Ablauf der Gültigkeit: {until}",
                ],
            ),
        ]
    )
    lines = [
        "Stadt Musterstadt - Ausländerbehörde",
        "Marktplatz 1, 12345 Musterstadt",
        "",
        f"Aktenzeichen: {ref}",
        "",
        *body,
        "",
        "Die Inhaberin / der Inhaber ist verpflichtet, diese Bescheinigung mitzuführen.",
        "Auflagen: Erwerbstätigkeit nur mit Erlaubnis der Ausländerbehörde.",
    ]
    return Letter(kind, expiry, ref, lines)


def letter_page(letter: Letter, dpi: int) -> Image.Image:
    w, h = _px(210, dpi), _px(148, dpi)  # the upper half of an A4 page is where the text is
    page = Image.new("L", (w, h), 250)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(str(SANS), _px(3.6, dpi))
    y = _px(15, dpi)
    for line in letter.lines:
        draw.text((_px(20, dpi), y), line, font=font, fill=15)
        y += _px(6, dpi)
    return page


def blank_page(dpi: int) -> Image.Image:
    return Image.new("L", (_px(210, dpi), _px(148, dpi)), 247)


def degrade(page: Image.Image, rng: random.Random, *, dpi_from: int, dpi_to: int) -> bytes:
    """Scanned-looking JPEG bytes: turned by up to ±3°, blurred, noisy, quality 60."""
    if dpi_to != dpi_from:
        f = dpi_to / dpi_from
        page = page.resize(
            (round(page.width * f), round(page.height * f)), Image.Resampling.LANCZOS
        )
    page = page.rotate(
        rng.uniform(-3, 3), resample=Image.Resampling.BICUBIC, expand=True, fillcolor=245
    )
    page = page.filter(ImageFilter.GaussianBlur(0.6))
    noise = Image.effect_noise(page.size, 12)
    page = Image.blend(page, noise, 0.08)
    return jpeg(page, 60)


def jpeg(page: Image.Image, quality: int = 92) -> bytes:
    out = io.BytesIO()
    page.convert("RGB").save(out, format="JPEG", quality=quality)
    return out.getvalue()


def png(page: Image.Image) -> bytes:
    out = io.BytesIO()
    page.save(out, format="PNG")
    return out.getvalue()
