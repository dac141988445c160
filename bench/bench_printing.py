"""Printed documents: a 40-page bilingual de+ar welcome folder and an appointment slip, and
the bidi levels of the text layer on their own (without its layout cache)."""

from __future__ import annotations

import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

from bench.table import Row, median, timed
from willkommensordner.content.library import ContentLibrary
from willkommensordner.domain.agreed_step import AgreedStep
from willkommensordner.domain.appointment import Appointment
from willkommensordner.domain.demo import generate
from willkommensordner.domain.document import Document
from willkommensordner.domain.household import HouseholdMember
from willkommensordner.printing.bidi_levels import BidiParagraph
from willkommensordner.printing.sample_texts import SAMPLES
from willkommensordner.printing.slip import appointment_slip
from willkommensordner.printing.welcome import welcome_folder
from willkommensordner.vault.records import DossierBundle

TODAY = date(2026, 11, 21)


def _bundle(appointments: int) -> DossierBundle:
    demo = next(generate(1, 3, today=TODAY))
    parts = demo.parts
    bundle = DossierBundle(
        demo.dossier,
        household=[p for p in parts if isinstance(p, HouseholdMember)],
        documents=[p for p in parts if isinstance(p, Document)],
        appointments=[p for p in parts if isinstance(p, Appointment)],
        steps=[p for p in parts if isinstance(p, AgreedStep)],
    )
    start = datetime(2025, 1, 6, 9, 0)
    bundle.appointments += [
        Appointment(
            dossier_id=bundle.dossier.id,
            start=start + timedelta(days=i),
            agency_name=f"Stelle {i}",
            purpose="Beratung zur Wohnungssuche",
            outcome="Unterlagen abgegeben, Rückmeldung abwarten.",
        )
        for i in range(appointments)
    ]
    return bundle


def _bidi_levels(paragraphs: list[str]) -> None:
    for text in paragraphs:
        paragraph = BidiParagraph(text, True)
        paragraph.line_levels(0, len(text))


def run() -> list[Row]:
    mixed = [text for language in ("ar", "fa", "ps") for text in SAMPLES[language].paragraphs]
    paragraphs = (mixed * (1000 // len(mixed) + 1))[:1000]
    characters = sum(len(text) for text in paragraphs)
    bidi_times = [timed(lambda: _bidi_levels(paragraphs)) for _ in range(5)]
    with tempfile.TemporaryDirectory() as data:
        library = ContentLibrary(Path(data))
        bundle = _bundle(60)  # with the 35 pages of a demo folder: 40 pages
        job = welcome_folder(bundle, library, "ar", today=TODAY)
        pdf = job.to_bytes()  # warm-up: fonts, shaping caches
        pages = len(pdf.split(b"/Type /Page\n")) - 1 or pdf.count(b"/Type /Page")
        folder_times = [timed(job.to_bytes) for _ in range(3)]
        slip = appointment_slip(bundle.appointments[0], library, "ar", today=TODAY)
        slip.to_bytes()
        slip_times = [timed(slip.to_bytes) for _ in range(5)]
    return [
        Row("folder", f"welcome folder de+ar ({pages} pages)", median(folder_times), "s", 0.6),
        Row("folder", "welcome folder de+ar size", len(pdf) / 1_000_000, "MB", 1.0),
        Row("folder", "appointment slip de+ar", median(slip_times), "s", 0.2),
        Row(
            "folder",
            f"bidi levels of 1,000 RTL paragraphs ({characters:,} characters)",
            median(bidi_times),
            "s",
            0.5,
        ),
    ]
