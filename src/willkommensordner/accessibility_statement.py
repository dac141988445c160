"""The accessibility statement BITV 2.0 § 7 requires, in the UI language.

Its parts follow the EU model statement (implementing decision (EU) 2018/1523): scope,
compliance status, what is not accessible yet, how it was assessed, feedback contact and the
enforcement procedure. The GUI shows it under Help; docs/barrierefreiheit.md holds the same
text for the agency's website.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from willkommensordner.i18n import N_, Translator

# When the statement was last checked against the app (self-assessment, see the docs).
ASSESSED_ON = date(2026, 12, 4)

SCHLICHTUNGSSTELLE = "https://www.schlichtungsstelle-bgg.de"

_LIMITS = (
    N_(
        "On Linux, screen readers hear the chosen value of a drop-down list as its name;"
        " they find its label through the \u201clabelled by\u201d relation (a limit of the"
        " Qt toolkit)."
    ),
    N_(
        "Printed PDF folders carry their language, title and bookmarks, but no tag"
        " structure, so screen readers read them as plain text in page order."
    ),
    N_(
        "Scanned documents are images: their text is available only where text recognition was run."
    ),
)


@dataclass(frozen=True)
class Statement:
    title: str
    sections: tuple[tuple[str, str], ...]  # (heading, paragraph)


def statement(tr: Translator, version: str, agency: str, contact: str) -> Statement:
    who = agency.strip() or tr.gettext("The agency using this app")
    if contact.strip():
        feedback = tr.format(
            N_("If you find barriers in this app, please tell us: {contact}"),
            {"contact": contact.strip()},
        )
    else:
        feedback = tr.gettext(
            "No feedback contact has been entered yet: the agency sets it under"
            " File \u2192 Settings \u2192 Accessibility feedback contact."
        )
    limits = "\n".join("\u2022 " + tr.gettext(text) for text in _LIMITS)
    return Statement(
        title=tr.gettext("Accessibility statement"),
        sections=(
            (
                tr.gettext("Scope"),
                tr.format(
                    N_(
                        "{agency} wants to make Willkommensordner digital accessible in line"
                        " with the Barrierefreie-Informationstechnik-Verordnung (BITV 2.0)."
                        " This statement covers the desktop app, version {version}."
                    ),
                    {"agency": who, "version": version},
                ),
            ),
            (
                tr.gettext("Compliance status"),
                tr.gettext(
                    "The app is partially compliant with BITV 2.0 and EN 301 549 (chapter 11,"
                    " software), because of the limits listed below."
                ),
            ),
            (tr.gettext("Not accessible yet"), limits),
            (
                tr.gettext("Preparation of this statement"),
                tr.format(
                    N_(
                        "Prepared on {date} from a self-assessment: automated tests read the"
                        " accessibility tree the screen readers use, go through every screen"
                        " with the keyboard only and compute the contrast of every text colour."
                    ),
                    {"date": ASSESSED_ON.strftime("%d.%m.%Y")},
                ),
            ),
            (tr.gettext("Feedback and contact"), feedback),
            (
                tr.gettext("Enforcement procedure"),
                tr.format(
                    N_(
                        "If your feedback is not answered satisfactorily, you can turn to the"
                        " conciliation body under \u00a7 16 of the Disability Equality Act"
                        " (Schlichtungsstelle nach dem BGG, {url}) or to the enforcement"
                        " body of your federal state."
                    ),
                    {"url": SCHLICHTUNGSSTELLE},
                ),
            ),
        ),
    )
