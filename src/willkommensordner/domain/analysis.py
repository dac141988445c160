"""A potential analysis (Potenzialanalyse): the answers to one version of the questionnaire.

The answers are plain JSON values keyed by question id; the questionnaire (guidance package)
checks them before they are stored. Each save is a new version of the record, so the audit
trail and the version vector keep the history of the analysis.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from pydantic import Field

from willkommensordner.domain.record import DossierPart, RecordKind
from willkommensordner.domain.text import Line


class PotentialAnalysis(DossierPart):
    KIND: ClassVar[RecordKind] = RecordKind.ANALYSIS

    questionnaire_id: Line
    questionnaire_version: Line
    answers: dict[str, Any] = Field(default_factory=dict)
    completed_on: date | None = None
    # Question ids whose answers the agency that sent this copy held back (special categories,
    # Art. 9 DSGVO). This copy lacks them on purpose; when it travels back, the sender's
    # answers are kept rather than taken as deleted.
    withheld: list[Line] = Field(default_factory=list)
