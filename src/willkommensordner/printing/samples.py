"""`python -m willkommensordner.printing.samples OUT_DIR`: sample bilingual pages as PDF and PNG.

One page per language (de+ar, de+fa, de+ps, de+ti, de+uk, and German alone), each with a
bilingual heading, paragraphs side by side, a list, an appointment table and the footer with
"Stand" date and machine-translation notice. The PNGs (pdftoppm -r 80) are for looking at:
joined letters, right alignment, numbers in place, no empty boxes.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from willkommensordner.printing.document import PageFooter, build_document
from willkommensordner.printing.flowables import (
    BODY,
    HEADINGS,
    BilingualBlock,
    BulletList,
    SideBySide,
    TextParagraph,
    TextTable,
)
from willkommensordner.printing.sample_texts import GERMAN, SAMPLES, SampleText

LANGUAGES = ("ar", "fa", "ps", "ti", "uk", "de")
STAND = "Stand: 12.03.2026"


def sample_story(language: str) -> list[Flowable]:
    """The story of one sample page (German alone for "de")."""
    de = GERMAN
    other = SAMPLES.get(language)
    if other is None:
        return _german_story()
    head = HEADINGS[1]
    sub = HEADINGS[2]
    header_cells: list[str | Flowable | list[Flowable]] = [
        [
            TextParagraph(de_label, BODY.replace(bold=True, space_after=0), language="de"),
            TextParagraph(label, BODY.replace(bold=True, space_after=0), language=language),
        ]
        for de_label, label in zip(de.table_header, other.table_header, strict=True)
    ]
    rows: list[list[str | Flowable | list[Flowable]]] = [header_cells]
    rows += [list(row) for row in other.table_rows]
    return [
        BilingualBlock(de.heading, other.heading, language, style=head),
        BilingualBlock("\n\n".join(de.paragraphs), "\n\n".join(other.paragraphs), language),
        BilingualBlock(de.bring_heading, other.bring_heading, language, style=sub),
        SideBySide(BulletList(de.bring, language="de"), BulletList(other.bring, language=language)),
        BilingualBlock(de.table_heading, other.table_heading, language, style=sub),
        TextTable(rows, [28 * mm, 20 * mm, 40 * mm, 86 * mm], languages=language),
    ]


def _german_story() -> list[Flowable]:
    de = GERMAN
    rows: list[list[str | Flowable | list[Flowable]]] = [list(de.table_header)]
    rows += [list(row) for row in de.table_rows]
    return [
        TextParagraph(de.heading, HEADINGS[1]),
        *[TextParagraph(text) for text in de.paragraphs],
        TextParagraph(de.bring_heading, HEADINGS[2]),
        BulletList(de.bring),
        TextParagraph(de.table_heading, HEADINGS[2]),
        TextTable(rows, [28 * mm, 20 * mm, 40 * mm, 86 * mm]),
        Spacer(1, 4 * mm),
    ]


def sample_footer(language: str) -> PageFooter:
    other: SampleText | None = SAMPLES.get(language)
    notices = [(GERMAN.notice, "de")]
    if other is not None:
        notices.append((other.notice, language))
    return PageFooter(stand=STAND, notices=notices if other is not None else ())


def render(out_dir: Path, languages: tuple[str, ...] = LANGUAGES) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for language in languages:
        pdf = out_dir / f"sample-{language}.pdf"
        build_document(
            pdf,
            sample_story(language),
            title=f"Willkommensordner – Muster ({language})",
            footer=sample_footer(language),
        )
        written.append(pdf)
        if shutil.which("pdftoppm"):
            subprocess.run(
                ["pdftoppm", "-r", "80", "-png", "-singlefile", str(pdf), str(pdf.with_suffix(""))],
                check=True,
            )
            written.append(pdf.with_suffix(".png"))
    return written


def _png(pdf: Path, page: int, name: Path, resolution: int = 50) -> Path:
    command = ["pdftoppm", "-r", str(resolution), "-png", "-singlefile"]
    command += ["-f", str(page), "-l", str(page), str(pdf), str(name)]
    subprocess.run(command, check=True)
    return name.with_suffix(".png")


def render_documents(out_dir: Path, languages: tuple[str, ...] = LANGUAGES) -> list[Path]:
    """Welcome folder (cover, an information page; for Arabic also contents, Terminübersicht
    and a divider page), appointment slip and plan of a demo dossier, as PNGs only: the PDFs
    of a fictional person are rebuilt on demand, not kept."""
    import tempfile
    from datetime import date

    from willkommensordner.content.library import ContentLibrary
    from willkommensordner.domain.agreed_step import AgreedStep
    from willkommensordner.domain.appointment import Appointment
    from willkommensordner.domain.demo import generate
    from willkommensordner.domain.document import Document
    from willkommensordner.domain.household import HouseholdMember
    from willkommensordner.printing.slip import appointment_slip, plan
    from willkommensordner.printing.welcome import welcome_folder
    from willkommensordner.vault.records import DossierBundle

    today = date(2026, 11, 21)
    demo = next(generate(1, 3, today=today))
    bundle = DossierBundle(
        demo.dossier,
        household=[p for p in demo.parts if isinstance(p, HouseholdMember)],
        documents=[p for p in demo.parts if isinstance(p, Document)],
        appointments=[p for p in demo.parts if isinstance(p, Appointment)],
        steps=[p for p in demo.parts if isinstance(p, AgreedStep)],
    )
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as data, tempfile.TemporaryDirectory() as work:
        # The demo dossier lives in the demo town: its contact points, marked as sample data.
        library = ContentLibrary(Path(data), include_demo=True)
        for language in languages:
            folder = Path(work) / f"folder-{language}.pdf"
            welcome_folder(bundle, library, language, today=today).write(folder)
            pages = {"cover": 1, "info": 5}
            if language == "ar":
                pages |= {"contents": 2, "appointments": 3, "steps": 4, "divider": 31}
            for label, page in pages.items():
                written.append(_png(folder, page, out_dir / f"folder-{language}-{label}"))
            slip = Path(work) / f"slip-{language}.pdf"
            appointment = max(bundle.appointments, key=lambda a: a.start)
            appointment_slip(appointment, library, language, today=today).write(slip)
            written.append(_png(slip, 1, out_dir / f"slip-{language}"))
            if language in ("ar", "ti"):
                plan_pdf = Path(work) / f"plan-{language}.pdf"
                plan(bundle, language, today=today).write(plan_pdf)
                written.append(_png(plan_pdf, 1, out_dir / f"plan-{language}"))
            if language in ("ar", "fa", "uk"):
                written += _questionnaire_pngs(Path(work), out_dir, language, today)
    return written


def _questionnaire_pngs(work: Path, out_dir: Path, language: str, today: object) -> list[Path]:
    """The blank potential analysis (first page) and, for Arabic, a filled one."""
    from datetime import date

    from willkommensordner.domain.analysis import PotentialAnalysis
    from willkommensordner.domain.dossier import Dossier
    from willkommensordner.printing.analysis_form import blank_questionnaire, filled_analysis

    assert isinstance(today, date)
    blank = work / f"questionnaire-{language}.pdf"
    blank_questionnaire(language, today=today).write(blank)
    written = [_png(blank, 1, out_dir / f"questionnaire-{language}")]
    if language == "ar":
        dossier = Dossier(family_name="Haddad", given_names="Rana")
        analysis = PotentialAnalysis(
            dossier_id=dossier.id,
            questionnaire_id="nrw-potential-analysis",
            questionnaire_version="1",
            answers={
                "languages": [
                    {"language": "ar", "level": "native"},
                    {"language": "de", "level": "A2"},
                ],
                "literacy": "fluent",
                "scripts": ["latin", "arabic"],
                "school_years": 12,
            },
            completed_on=today,
        )
        filled = work / "analysis-ar.pdf"
        filled_analysis(dossier, analysis, language, today=today).write(filled)
        written.append(_png(filled, 1, out_dir / "analysis-ar"))
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--lang", action="append", choices=LANGUAGES)
    args = parser.parse_args(argv)
    for path in render(args.out_dir, tuple(args.lang or LANGUAGES)):
        print(path)
    if shutil.which("pdftoppm"):
        for path in render_documents(args.out_dir, tuple(args.lang or LANGUAGES)):
            print(path)
    if not shutil.which("pdftoppm"):
        print("pdftoppm not found (Debian: poppler-utils): PDFs only", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
