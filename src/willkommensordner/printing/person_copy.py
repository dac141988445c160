"""The printed part of an Art. 15 DSGVO answer: the person's own copy on paper.

The welcome folder (household, papers, appointments, agreed steps in the person's language)
followed by the potential analysis with every answer, the health answers included: the person
has the right to see what is held about them. The complete, machine-readable record (with
history and storage metadata) is `guidance.subject_access`; the two go out together.
"""

from __future__ import annotations

from datetime import date

from reportlab.platypus import Flowable, PageBreak

from willkommensordner.content.library import ContentLibrary
from willkommensordner.domain.analysis import PotentialAnalysis
from willkommensordner.printing.analysis_form import filled_analysis
from willkommensordner.printing.printable import Printable
from willkommensordner.printing.welcome import welcome_folder
from willkommensordner.vault.records import DossierBundle


def person_copy(
    bundle: DossierBundle,
    analysis: PotentialAnalysis | None,
    library: ContentLibrary,
    lang: str,
    *,
    today: date | None = None,
) -> Printable:
    today = today or date.today()
    folder = welcome_folder(bundle, library, lang, today=today)
    form = filled_analysis(bundle.dossier, analysis, lang, with_sensitive=True, today=today)

    def story(numbers: dict[str, int]) -> list[Flowable]:
        items = folder.make_story(numbers)
        if analysis is not None:
            items += [PageBreak(), *form.make_story(numbers)]
        return items

    return Printable(
        folder.title,
        folder.footer,
        story,
        needs_page_numbers=folder.needs_page_numbers,
        language=folder.language,
    )
