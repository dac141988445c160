"""The history of a potential analysis, per question: when, who, which answer from what to what.

The audit trail stores each save of the analysis as one change of its `answers` field (old
and new answers as a whole); here that is split into one row per question that changed,
with the question's label and readable answers, newest first.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from willkommensordner.domain.language import CefrLevel
from willkommensordner.domain.record import RecordKind
from willkommensordner.gui.dossier.language_table import cefr_label
from willkommensordner.guidance.questionnaire import QuestionText, QuestionType
from willkommensordner.i18n import N_, Translator
from willkommensordner.vault.audit import AuditEntry

_LONG = 80


@dataclass(frozen=True)
class AnswerChange:
    at: datetime
    who: str
    question: str
    old: str
    new: str


def answer_text(question: QuestionText | None, value: Any, tr: Translator) -> str:
    """A stored answer as a counsellor reads it: option labels, yes/no, German dates."""
    if value is None or value == "" or value == []:
        return "—"
    kind = question.question.type if question is not None else None
    options = dict(question.options) if question is not None else {}
    if isinstance(value, bool):
        return tr.gettext("yes") if value else tr.gettext("no")
    if kind is QuestionType.CHOICE:
        return options.get(value, str(value))
    if kind is QuestionType.MULTI_CHOICE and isinstance(value, list):
        return ", ".join(options.get(v, str(v)) for v in value)
    if kind is QuestionType.DATE:
        try:
            return f"{date.fromisoformat(str(value)):%d.%m.%Y}"
        except ValueError:
            return str(value)
    if kind is QuestionType.LANGUAGE_LEVELS and isinstance(value, list):
        parts = []
        for entry in value:
            if not isinstance(entry, dict):
                continue
            level = entry.get("level")
            known = level in CefrLevel._value2member_map_
            shown = cefr_label(CefrLevel(level), tr) if known else str(level or "")
            parts.append(f"{entry.get('language', '')} {shown}".strip())
        return ", ".join(parts)
    text = " ".join(str(value).split())
    return text if len(text) <= _LONG else text[: _LONG - 1] + "…"


def answer_changes(
    entries: Sequence[AuditEntry], questions: Sequence[QuestionText], tr: Translator
) -> list[AnswerChange]:
    """One row per changed answer, newest first; the first recording is one row of its own."""
    by_id = {q.question.id: q for q in questions}
    groups: list[list[AnswerChange]] = []
    for e in entries:
        rows: list[AnswerChange] = []
        groups.append(rows)
        if e.kind is not RecordKind.ANALYSIS:
            continue
        who = ", ".join(p for p in (e.counsellor, e.agency) if p) or "—"
        if e.action == "create":
            rows.append(AnswerChange(e.at, who, tr.gettext(N_("Analysis recorded")), "", ""))
            continue
        if e.action == "delete":
            rows.append(AnswerChange(e.at, who, tr.gettext(N_("Analysis removed")), "", ""))
            continue
        if e.field == "completed_on":
            rows.append(
                AnswerChange(
                    e.at,
                    who,
                    tr.gettext(N_("Date of the analysis")),
                    answer_text(None, _german(e.old), tr),
                    answer_text(None, _german(e.new), tr),
                )
            )
            continue
        if e.field != "answers":
            continue
        old: Mapping[str, Any] = e.old if isinstance(e.old, dict) else {}
        new: Mapping[str, Any] = e.new if isinstance(e.new, dict) else {}
        order = [q.question.id for q in questions]
        changed = [k for k in {*old, *new} if old.get(k) != new.get(k)]
        changed.sort(key=lambda k: order.index(k) if k in order else len(order))
        for key in changed:
            question = by_id.get(key)
            rows.append(
                AnswerChange(
                    e.at,
                    who,
                    question.label if question else key,
                    answer_text(question, old.get(key), tr),
                    answer_text(question, new.get(key), tr),
                )
            )
    # Newest save first; within one save, the questions in questionnaire order.
    return [row for rows in reversed(groups) for row in rows]


def _german(value: Any) -> Any:
    try:
        return f"{date.fromisoformat(str(value)):%d.%m.%Y}" if value else None
    except ValueError:
        return value
