"""The consent form the person signs: German beside the person's language, on one page.

It says in plain words who shares what with whom (the recipient, the kinds of records, the
special categories of Art. 9 DSGVO by name when included), what for, for how long, that the
consent is voluntary and how to withdraw it, and who is responsible (the controller and its
data protection contact). The wording is in resources/print_labels.json like all printed
vocabulary; languages other than German are machine-made until checked, and the footer says so.
"""

from __future__ import annotations

from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from willkommensordner.domain.consent import Consent
from willkommensordner.domain.dossier import Dossier
from willkommensordner.i18n import translator
from willkommensordner.printing import print_labels
from willkommensordner.printing.flowables import (
    BODY,
    BilingualBlock,
    BulletList,
    TextParagraph,
    TextTable,
)
from willkommensordner.printing.pieces import (
    CELL,
    FRAME_WIDTH,
    Cell,
    bi_cell,
    bi_heading,
    document_title,
    footer,
    german_date,
    pair,
    reader,
    shown_language,
    truncate,
)
from willkommensordner.printing.printable import Printable
from willkommensordner.printing.text_layer import TextStyle
from willkommensordner.privacy.controller import Controller

VALUE = CELL.replace(size=10.5)
LABEL_WIDTH = 42 * mm


def consent_form(
    consent: Consent,
    dossier: Dossier,
    controller: Controller,
    lang: str,
    *,
    today: date | None = None,
) -> Printable:
    today = today or date.today()
    lang = reader(lang)
    german = translator("de")
    who = controller.name or "—"

    def bilingual(key: str, style: TextStyle = BODY, **params: object) -> Flowable:
        de_text, other = pair(key, lang, **params)
        return BilingualBlock(de_text, other, shown_language(key, lang), style=style)

    def story(_numbers: dict[str, int]) -> list[Flowable]:
        person = " ".join(p for p in (dossier.given_names, dossier.family_name) if p)
        kinds = [german.gettext(kind.label) for kind in consent.scope]
        special = "consent_special" if consent.special_categories else "consent_no_special"
        if consent.valid_until is not None:
            valid = bilingual(
                "consent_from_until",
                VALUE,
                start=german_date(consent.given_on),
                end=german_date(consent.valid_until),
            )
        else:
            valid = bilingual("consent_from", VALUE, start=german_date(consent.given_on))
        bold = VALUE.replace(bold=True)
        rows: list[list[Cell]] = [
            [bi_cell("for_person", lang, bold), truncate(person, 200)],
            [bi_cell("consent_recipient", lang, bold), truncate(consent.recipient, 300)],
            [
                bi_cell("consent_what", lang, bold),
                [
                    BulletList(kinds, VALUE, language="de"),
                    bilingual(special, VALUE.replace(bold=consent.special_categories)),
                ],
            ],
            [bi_cell("consent_purpose", lang, bold), truncate(consent.purpose or "—", 600)],
            [bi_cell("consent_valid", lang, bold), [valid]],
            [bi_cell("consent_controller", lang, bold), truncate(who, 500)],
            [
                bi_cell("consent_dpo", lang, bold),
                truncate(controller.data_protection_contact or "—", 500),
            ],
        ]
        return [
            bi_heading("consent_title", lang),
            Spacer(1, 2 * mm),
            bilingual("consent_intro", BODY, controller=who, recipient=consent.recipient),
            Spacer(1, 3 * mm),
            TextTable(
                rows,
                [LABEL_WIDTH, FRAME_WIDTH - LABEL_WIDTH],
                style=VALUE,
                header=False,
                mirror=False,
            ),
            Spacer(1, 4 * mm),
            bilingual("consent_withdraw", BODY.replace(size=10.0), controller=who),
            Spacer(1, 16 * mm),
            TextParagraph("_" * 60, BODY, language="de"),
            bilingual("consent_signature", BODY.replace(size=9.5)),
        ]

    return Printable(
        document_title("consent_title", lang),
        footer(lang, today, machine_made=print_labels.machine_made(lang)),
        story,
        language=lang,
    )
