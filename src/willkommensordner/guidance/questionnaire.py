"""The potential analysis questionnaire: versioned data in resources/, extensible per town.

The base questionnaire is `resources/questionnaire/potential_analysis.json`. A municipality
adds an extension file (`"extends": "<base id>"`) with further questions, in existing or new
sections; it cannot change or remove the base questions, so analyses stay comparable.
Labels are English msgids; an extension may carry its own translations per language.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import cache
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from willkommensordner.domain.language import CefrLevel, check_language
from willkommensordner.domain.record import FieldProblem
from willkommensordner.domain.text import clean_text
from willkommensordner.errors import InvalidInput, UserError
from willkommensordner.guidance import municipal
from willkommensordner.guidance.problems import DataFileInvalid
from willkommensordner.i18n import N_, Translator, translator
from willkommensordner.paths import resource

FORMAT = 1
_ID = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
MAX_TEXT_ANSWER = 2000


class QuestionType(StrEnum):
    TEXT = "text"
    INTEGER = "integer"
    BOOLEAN = "boolean"
    CHOICE = "choice"
    MULTI_CHOICE = "multi_choice"
    DATE = "date"
    LANGUAGE_LEVELS = "language_levels"


@dataclass(frozen=True)
class Option:
    value: str
    label: str  # msgid
    translations: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Question:
    id: str
    section: str
    type: QuestionType
    label: str  # msgid
    help: str = ""  # msgid
    options: tuple[Option, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    # Special categories (Art. 9 DSGVO, health): left out of exports unless asked for.
    sensitive: bool = False
    translations: Mapping[str, str] = field(default_factory=dict)

    @property
    def is_free_text(self) -> bool:
        return self.type is QuestionType.TEXT


@dataclass(frozen=True)
class Section:
    id: str
    title: str  # msgid
    translations: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class QuestionText:
    """A question with its texts in one language, for a form or a printed page."""

    question: Question
    section_title: str
    label: str
    help: str
    options: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Questionnaire:
    id: str
    version: str
    title: str
    sections: tuple[Section, ...]
    items: tuple[Question, ...]

    def question(self, question_id: str) -> Question:
        for q in self.items:
            if q.id == question_id:
                return q
        raise InvalidInput(N_("There is no question '{id}'."), id=question_id[:64])

    def questions(self, language: str | None = None) -> list[QuestionText]:
        """Every question in order; texts are msgids, or translated when a language is given."""
        tr = translator(language) if language else None
        titles = {s.id: s for s in self.sections}
        result = []
        for q in self.items:
            section = titles[q.section]
            result.append(
                QuestionText(
                    question=q,
                    section_title=_text(tr, section.title, section.translations),
                    label=_text(tr, q.label, q.translations),
                    help=_text(tr, q.help, {}) if q.help else "",
                    options=tuple((o.value, _text(tr, o.label, o.translations)) for o in q.options),
                )
            )
        return result

    def validate_answers(self, answers: Mapping[str, Any]) -> dict[str, Any]:
        """The answers in their stored form; every wrong answer reported under its question."""
        problems: dict[str, UserError] = {}
        clean: dict[str, Any] = {}
        known = {q.id: q for q in self.items}
        for key, value in answers.items():
            question = known.get(key)
            if question is None:
                problems[key] = InvalidInput(N_("There is no question '{id}'."), id=key[:64])
                continue
            if value is None or value == "" or value == []:
                continue
            try:
                clean[key] = _check_answer(question, value)
            except InvalidInput as exc:
                problems[key] = exc
        if problems:
            raise FieldProblem(problems)
        return clean

    def shareable(self, answers: Mapping[str, Any]) -> dict[str, Any]:
        """The answers without special categories: the default for exports and handovers."""
        sensitive = {q.id for q in self.items if q.sensitive}
        return {k: v for k, v in answers.items() if k not in sensitive}

    def free_text_ids(self) -> frozenset[str]:
        return frozenset(q.id for q in self.items if q.is_free_text)

    def sensitive_ids(self) -> frozenset[str]:
        return frozenset(q.id for q in self.items if q.sensitive)


def _text(tr: Translator | None, msgid: str, translations: Mapping[str, str]) -> str:
    if tr is None:
        return msgid
    translated = tr.gettext(msgid)
    if translated == msgid and tr.language in translations:
        return translations[tr.language]
    return translated


_LEVELS = {level.value for level in CefrLevel}


def _check_answer(q: Question, value: Any) -> Any:
    if q.type is QuestionType.TEXT:
        if not isinstance(value, str):
            raise InvalidInput(N_("Please enter text."))
        text = clean_text(value)
        if len(text) > MAX_TEXT_ANSWER:
            raise InvalidInput(
                N_("The text is too long (at most {limit} characters)."), limit=MAX_TEXT_ANSWER
            )
        return text
    if q.type is QuestionType.INTEGER:
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, str) and value.strip().isdigit():
                value = int(value.strip())
            else:
                raise InvalidInput(N_("Please enter a whole number."))
        if (q.minimum is not None and value < q.minimum) or (
            q.maximum is not None and value > q.maximum
        ):
            raise InvalidInput(
                N_("Please enter a number from {min} to {max}."),
                min=q.minimum if q.minimum is not None else "",
                max=q.maximum if q.maximum is not None else "",
            )
        return value
    if q.type is QuestionType.BOOLEAN:
        if not isinstance(value, bool):
            raise InvalidInput(N_("Please answer yes or no."))
        return value
    if q.type is QuestionType.CHOICE:
        if value not in {o.value for o in q.options}:
            raise InvalidInput(N_("Please choose one of the offered answers."))
        return value
    if q.type is QuestionType.MULTI_CHOICE:
        allowed = {o.value for o in q.options}
        if not isinstance(value, list) or not all(v in allowed for v in value):
            raise InvalidInput(N_("Please choose among the offered answers."))
        return sorted(set(value), key=[o.value for o in q.options].index)
    if q.type is QuestionType.DATE:
        try:
            return date.fromisoformat(str(value)).isoformat()
        except ValueError:
            raise InvalidInput(N_("Please enter a date.")) from None
    return _check_levels(value)


def _check_levels(value: Any) -> list[dict[str, str]]:
    if not isinstance(value, list):
        raise InvalidInput(N_("Please list the languages with their levels."))
    result: list[dict[str, str]] = []
    seen: set[str] = set()
    for entry in value:
        if not isinstance(entry, dict) or set(entry) - {"language", "level"}:
            raise InvalidInput(N_("Please list the languages with their levels."))
        code = check_language(str(entry.get("language", "")))
        level = entry.get("level", "")
        if level not in _LEVELS:
            raise InvalidInput(N_("'{level}' is not a CEFR level."), level=str(level)[:10])
        if code in seen:
            raise InvalidInput(N_("The language '{code}' is listed twice."), code=code)
        seen.add(code)
        result.append({"language": code, "level": level})
    return result


# --- loading -------------------------------------------------------------------------------

Source = Path | Traversable


def _read(source: Source) -> tuple[str, Any]:
    name = source.name
    try:
        return name, json.loads(source.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        raise DataFileInvalid(name, ["the file cannot be read"]) from None
    except json.JSONDecodeError as exc:
        raise DataFileInvalid(name, [f"not valid JSON (line {exc.lineno}: {exc.msg})"]) from None


def _translations(where: str, value: Any, problems: list[str]) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v for k, v in value.items()
    ):
        problems.append(f"{where}.translations: must map language codes to texts")
        return {}
    return dict(value)


def _parse_question(where: str, raw: Any, section: str, problems: list[str]) -> Question | None:
    if not isinstance(raw, dict):
        problems.append(f"{where}: a question must be an object")
        return None
    allowed = {"id", "type", "label", "help", "options", "min", "max", "sensitive", "translations"}
    for key in sorted(set(raw) - allowed):
        problems.append(f"{where}: unknown key '{key}'")
    qid = raw.get("id")
    if not isinstance(qid, str) or not _ID.match(qid):
        problems.append(f"{where}.id: must be lower case letters, digits and _")
        qid = "?"
    where = f"{where} ({qid})"
    try:
        qtype = QuestionType(str(raw.get("type")))
    except ValueError:
        problems.append(f"{where}.type: must be one of {', '.join(t.value for t in QuestionType)}")
        return None
    label = raw.get("label")
    if not isinstance(label, str) or not label.strip():
        problems.append(f"{where}.label: a label is required")
        label = ""
    help_text = raw.get("help", "")
    if not isinstance(help_text, str):
        problems.append(f"{where}.help: must be text")
        help_text = ""
    options: list[Option] = []
    raw_options = raw.get("options")
    if qtype in (QuestionType.CHOICE, QuestionType.MULTI_CHOICE):
        if not isinstance(raw_options, list) or len(raw_options) < 2:
            problems.append(f"{where}.options: a choice needs at least two options")
            raw_options = []
        for n, opt in enumerate(raw_options):
            if (
                not isinstance(opt, dict)
                or not isinstance(opt.get("value"), str)
                or not isinstance(opt.get("label"), str)
                or not opt["label"].strip()
                or set(opt) - {"value", "label", "translations"}
            ):
                problems.append(f"{where}.options[{n}]: needs exactly 'value' and 'label'")
                continue
            options.append(
                Option(
                    opt["value"],
                    opt["label"],
                    _translations(f"{where}.options[{n}]", opt.get("translations"), problems),
                )
            )
        values = [o.value for o in options]
        if len(values) != len(set(values)):
            problems.append(f"{where}.options: two options have the same value")
    elif raw_options is not None:
        problems.append(f"{where}.options: only choice questions have options")
    bounds: list[int | None] = []
    for key in ("min", "max"):
        value = raw.get(key)
        if value is not None and (qtype is not QuestionType.INTEGER or type(value) is not int):
            problems.append(f"{where}.{key}: only integer questions have a whole-number {key}")
            value = None
        bounds.append(value)
    if bounds[0] is not None and bounds[1] is not None and bounds[0] > bounds[1]:
        problems.append(f"{where}: min is larger than max")
    sensitive = raw.get("sensitive", False)
    if not isinstance(sensitive, bool):
        problems.append(f"{where}.sensitive: must be true or false")
        sensitive = True
    return Question(
        id=qid,
        section=section,
        type=qtype,
        label=label,
        help=help_text,
        options=tuple(options),
        minimum=bounds[0],
        maximum=bounds[1],
        sensitive=sensitive,
        translations=_translations(where, raw.get("translations"), problems),
    )


def _parse_sections(
    name: str,
    data: dict[str, Any],
    sections: list[Section],
    items: list[Question],
    problems: list[str],
) -> None:
    raw_sections = data.get("sections")
    if not isinstance(raw_sections, list) or not raw_sections:
        problems.append("sections: a list of sections is required")
        return
    known_sections = {s.id for s in sections}
    known_questions = {q.id for q in items}
    for n, raw in enumerate(raw_sections):
        where = f"sections[{n}]"
        if not isinstance(raw, dict):
            problems.append(f"{where}: a section must be an object")
            continue
        for key in sorted(set(raw) - {"id", "title", "questions", "translations"}):
            problems.append(f"{where}: unknown key '{key}'")
        sid = raw.get("id")
        if not isinstance(sid, str) or not _ID.match(sid):
            problems.append(f"{where}.id: must be lower case letters, digits and _")
            continue
        if sid not in known_sections:
            title = raw.get("title")
            if not isinstance(title, str) or not title.strip():
                problems.append(f"{where} ({sid}).title: a new section needs a title")
                title = sid
            sections.append(
                Section(sid, title, _translations(where, raw.get("translations"), problems))
            )
            known_sections.add(sid)
        questions = raw.get("questions")
        if not isinstance(questions, list) or not questions:
            problems.append(f"{where} ({sid}).questions: a list of questions is required")
            continue
        for m, raw_q in enumerate(questions):
            q = _parse_question(f"{where}.questions[{m}]", raw_q, sid, problems)
            if q is None:
                continue
            if q.id in known_questions:
                problems.append(f"{where}.questions[{m}]: the question id '{q.id}' is taken")
                continue
            known_questions.add(q.id)
            items.append(q)


def _header(data: Any, problems: list[str], *, extension: bool) -> tuple[str, str]:
    if not isinstance(data, dict):
        problems.append("the file must hold one JSON object")
        return "?", "?"
    allowed = {"format", "id", "version", "title", "sections", "extends", "translations"}
    for key in sorted(set(data) - allowed):
        problems.append(f"unknown key '{key}'")
    if data.get("format") != FORMAT:
        problems.append(f"format: must be {FORMAT}")
    qid, version = data.get("id"), data.get("version")
    if not isinstance(qid, str) or not qid.strip():
        problems.append("id: required")
        qid = "?"
    if not isinstance(version, str) or not re.match(r"^[0-9A-Za-z.\-]{1,20}$", version):
        problems.append('version: required, e.g. "1"')
        version = "?"
    if extension and not isinstance(data.get("extends"), str):
        problems.append("extends: an extension names the questionnaire it extends")
    if not extension and "extends" in data:
        problems.append("extends: the base questionnaire extends nothing")
    return qid, version


def load_questionnaire(
    base: Source | None = None, extensions: Iterable[Source] = ()
) -> Questionnaire:
    """Read and check the base questionnaire and a town's extensions; list every problem."""
    base = base or resource("questionnaire", "potential_analysis.json")
    name, data = _read(base)
    problems: list[str] = []
    qid, version = _header(data, problems, extension=False)
    sections: list[Section] = []
    items: list[Question] = []
    if isinstance(data, dict):
        if not isinstance(data.get("title"), str):
            problems.append("title: required")
        _parse_sections(name, data, sections, items, problems)
    if problems:
        raise DataFileInvalid(name, problems)
    for ext in extensions:
        ext_name, ext_data = _read(ext)
        ext_problems: list[str] = []
        ext_id, ext_version = _header(ext_data, ext_problems, extension=True)
        if isinstance(ext_data, dict):
            if ext_data.get("extends") not in (qid, None):
                ext_problems.append(
                    f"extends: this extension is for another questionnaire, not {qid}"
                )
            _parse_sections(ext_name, ext_data, sections, items, ext_problems)
        if ext_problems:
            raise DataFileInvalid(ext_name, ext_problems)
        version = f"{version}+{ext_id}.{ext_version}"
    return Questionnaire(
        id=qid,
        version=version,
        title=str(data["title"]),
        sections=tuple(sections),
        items=tuple(items),
    )


@cache
def shipped_questionnaire() -> Questionnaire:
    return load_questionnaire()


@cache
def _with_municipal() -> tuple[Questionnaire, DataFileInvalid | None]:
    try:
        return load_questionnaire(extensions=municipal.questionnaire_files()), None
    except DataFileInvalid as exc:
        return shipped_questionnaire(), exc


def default_questionnaire() -> Questionnaire:
    """The shipped questionnaire with the municipality's extensions; without them if one of
    those files is broken (`municipal_problem()` then says why)."""
    return _with_municipal()[0]


def municipal_problem() -> DataFileInvalid | None:
    """Why the municipality's questionnaire extensions are not in use, if they are not."""
    return _with_municipal()[1]
