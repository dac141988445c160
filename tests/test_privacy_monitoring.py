"""Monitoring: aggregate figures only, small counts suppressed, nothing personal leaves."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from willkommensordner.domain.agreed_step import AgreedStep, StepStatus
from willkommensordner.domain.appointment import Appointment, AppointmentStatus
from willkommensordner.domain.demo import generate
from willkommensordner.domain.dossier import Dossier
from willkommensordner.domain.legal_status import LegalStatus
from willkommensordner.i18n import translator
from willkommensordner.privacy.monitoring import PRIMARY, SECONDARY, collect, suppress, write_csv
from willkommensordner.privacy.monitoring_pdf import write_pdf
from willkommensordner.vault.vault import Vault

TODAY = date(2026, 6, 15)


@pytest.mark.parametrize(
    ("counts", "shown", "total"),
    [
        ([10, 20, 30], ["10", "20", "30"], "60"),
        ([0, 7, 9], ["0", "7", "9"], "16"),
        # One small cell: the next smallest is hidden too, so the total does not reveal it.
        ([3, 8, 20], [PRIMARY, SECONDARY, "20"], "31"),
        # Two small cells that together hold fewer than 5 people: hide one more.
        ([1, 2, 6, 30], [PRIMARY, PRIMARY, SECONDARY, "30"], "39"),
        ([2, 4, 30], [PRIMARY, PRIMARY, "30"], "36"),
        # Nothing else to hide: the total goes.
        ([3, 0, 0], [PRIMARY, "0", "0"], PRIMARY),
        ([4, 6], [PRIMARY, SECONDARY], "10"),
        ([4, 0, 12], [PRIMARY, "0", SECONDARY], "16"),
        ([0, 0], ["0", "0"], "0"),
    ],
)
def test_suppression(counts: list[int], shown: list[str], total: str) -> None:
    assert suppress(counts, sum(counts)) == (shown, total)


def test_a_total_never_reveals_a_hidden_cell() -> None:
    for a in range(0, 12):
        for b in range(0, 12):
            for c in (0, 3, 9):
                counts = [a, b, c]
                shown, total = suppress(counts, sum(counts))
                hidden = [
                    n for n, s in zip(counts, shown, strict=True) if s in (PRIMARY, SECONDARY)
                ]
                assert not any(
                    0 < n < 5 and s.isdigit() for n, s in zip(counts, shown, strict=True)
                )
                if hidden and total.isdigit():
                    assert len(hidden) >= 2 and sum(hidden) >= 5, (counts, shown, total)


def _fill(vault: Vault, n: int, seed: int) -> None:
    with vault.db.transaction():
        for person in generate(n, seed=seed, today=TODAY):
            for record in person.records():
                vault.records.save(record)


def test_time_to_the_first_language_course(vault: Vault) -> None:
    waits = [30, 60, 90, 120, 400]
    for n, days in enumerate(waits):
        d = vault.records.save(
            Dossier(family_name=f"Kurs{chr(65 + n)}", arrival_date=date(2025, 1, 1))
        )
        start = date.fromordinal(date(2025, 1, 1).toordinal() + days)
        if n % 2:
            vault.records.save(
                Appointment(
                    dossier_id=d.id,
                    start=datetime(start.year, start.month, start.day, 9),
                    agency="vhs",
                    status=AppointmentStatus.KEPT,
                )
            )
        else:
            vault.records.save(
                AgreedStep(
                    dossier_id=d.id,
                    what="Kurs",
                    kind="integration_course",
                    status=StepStatus.DONE,
                    done_on=start,
                )
            )
    # A planned VHS appointment is not a course yet.
    waiting = vault.records.save(Dossier(family_name="Wartet", arrival_date=date(2025, 1, 1)))
    vault.records.save(
        Appointment(dossier_id=waiting.id, start=datetime(2025, 2, 1, 9), agency="vhs")
    )
    lc = collect(vault, TODAY).language_course
    assert (lc.dossiers, lc.median_days, lc.without_course) == (5, 90, 1)
    assert lc.shown_median == "90" and lc.shown_without == PRIMARY


def test_free_text_labels_need_five_records(vault: Vault) -> None:
    for n in range(6):
        vault.records.save(Dossier(family_name=f"Nord{n}", district="Nordstadt"))
    vault.records.save(Dossier(family_name="Einzeln", district="Familie Zebra"))
    district = next(d for d in collect(vault, TODAY).distributions if d.id == "district")
    assert district.keys == ["Nordstadt", "other"]
    # The one person elsewhere is hidden, and so is Nordstadt, else the total would tell.
    assert (district.shown, district.shown_total) == ([SECONDARY, PRIMARY], "7")


def _personal_values(vault: Vault) -> Iterator[str]:
    """Every personal value the demo vault holds: names, ids, birth dates, phone, numbers."""
    for (did,) in vault.db.query("SELECT id FROM dossier"):
        yield did
        bundle = vault.records.bundle(did)
        d = bundle.dossier
        yield from (d.family_name, d.given_names, d.native_name, d.phone, d.email, d.street)
        if d.birth_date:
            yield from (d.birth_date.iso(), d.birth_date.german())
        for m in bundle.household:
            yield from (m.id, m.family_name, m.given_names, m.native_name)
            if m.birth_date:
                yield from (m.birth_date.iso(), m.birth_date.german())
        for doc in bundle.documents:
            yield from (doc.id, doc.number)
        for a in bundle.appointments:
            yield from (a.id, a.outcome, a.agreements)
        for s in bundle.steps:
            yield s.id
        for note in bundle.notes:
            yield from (note.id, note.text)


def test_no_personal_value_leaves_in_the_csv_or_the_pdf(
    vault: Vault,
    tmp_path: Path,
) -> None:
    _fill(vault, 160, seed=7)
    vault.records.save(
        Dossier(family_name="Seltenname", district="Seltenname", legal_status=LegalStatus.DULDUNG)
    )
    figures = collect(vault, TODAY)
    csv_path, pdf_path = tmp_path / "m.csv", tmp_path / "m.pdf"
    write_csv(figures, csv_path, translator("de"))
    write_pdf(figures, pdf_path, translator("de"))
    csv_text = csv_path.read_text("utf-8-sig")
    reader = PdfReader(pdf_path)
    pdf_text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Integrationsmonitoring" in pdf_text and "Nord" in pdf_text
    assert "table;key;label;column;value" in csv_text and "district;Nord;" in csv_text
    values = {v for v in _personal_values(vault) if v and len(v) >= 3}
    assert len(values) > 1000
    for value in values:
        pattern = re.compile(rf"(?<!\w){re.escape(value)}(?!\w)")
        assert not pattern.search(csv_text), value
        assert not pattern.search(pdf_text), value
    # Every font is embedded; no base-14 font sneaks in through a chart label.
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        for ref in fonts.values():
            font = ref.get_object()
            assert "BitstreamVera" in str(font["/BaseFont"]), font["/BaseFont"]
