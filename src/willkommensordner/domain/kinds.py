"""Which record class stores which kind: the one table the store and the exchange share."""

from __future__ import annotations

from willkommensordner.domain.agreed_step import AgreedStep
from willkommensordner.domain.analysis import PotentialAnalysis
from willkommensordner.domain.appointment import Appointment
from willkommensordner.domain.consent import Consent
from willkommensordner.domain.document import Document
from willkommensordner.domain.dossier import Dossier
from willkommensordner.domain.household import HouseholdMember
from willkommensordner.domain.note import Note
from willkommensordner.domain.record import Record, RecordKind
from willkommensordner.domain.suggestion_decision import SuggestionDecision

RECORD_TYPES: dict[RecordKind, type[Record]] = {
    RecordKind.DOSSIER: Dossier,
    RecordKind.HOUSEHOLD_MEMBER: HouseholdMember,
    RecordKind.DOCUMENT: Document,
    RecordKind.APPOINTMENT: Appointment,
    RecordKind.AGREED_STEP: AgreedStep,
    RecordKind.NOTE: Note,
    RecordKind.CONSENT: Consent,
    RecordKind.ANALYSIS: PotentialAnalysis,
    RecordKind.SUGGESTION_DECISION: SuggestionDecision,
}
