"""The potential analysis on paper, German beside the newcomer's language.

Two forms of the same layout: blank, to fill in by hand at a first meeting (lines to write
on, a box per option, a CEFR grid for the languages), and filled, with a dossier's current
answers ticked and written in. Special categories (health) are asked on the blank form,
marked as voluntary; the filled print leaves their answers out unless it is asked for them
(the person's own copy), and then marks them.

The questions' texts in the newcomer's language come from the app's catalogue when it has
them, else from resources/questionnaire/print_texts.json (machine-made until checked), else
English; the page then carries the machine-translation notice like the other folders.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from willkommensordner.content.languages import name_in, normalize
from willkommensordner.domain.analysis import PotentialAnalysis
from willkommensordner.domain.dossier import Dossier
from willkommensordner.domain.language import CefrLevel
from willkommensordner.guidance.questionnaire import (
    Question,
    Questionnaire,
    QuestionType,
    default_questionnaire,
)
from willkommensordner.i18n import Translator, translator
from willkommensordner.paths import resource
from willkommensordner.printing.flowables import (
    BODY,
    HEADINGS,
    RULE_COLOR,
    BilingualBlock,
    SideBySide,
    TextParagraph,
    TextTable,
)
from willkommensordner.printing.pieces import (
    ACCENT,
    CELL,
    CELL_BOLD,
    FRAME_WIDTH,
    MUTED,
    CheckBox,
    footer,
    german_date,
    reader,
)
from willkommensordner.printing.printable import Printable
from willkommensordner.printing.text_layer import TextStyle

SOURCE = "de"
LABEL = BODY.replace(size=10.0, bold=True, space_before=0.0, space_after=1.0)
OPTION = BODY.replace(size=9.5, space_before=0.0, space_after=0.0)
ANSWER = BODY.replace(size=10.0, space_before=0.0, space_after=0.0, color=ACCENT)
NOTE = BODY.replace(size=8.5, color=MUTED, space_before=0.0, space_after=1.0)
WARNING = NOTE.replace(color=ACCENT, bold=True)
LEVELS: tuple[str, ...] = tuple(
    level.value for level in CefrLevel if level not in (CefrLevel.NONE, CefrLevel.NATIVE)
)
BLANK_LANGUAGE_ROWS = 4
TEXT_LINES = 3


# --- texts ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Texts:
    labels: dict[str, dict[str, str]]  # language -> key -> text
    texts: dict[str, dict[str, str]]  # language -> msgid -> text
    status: dict[str, str]


@cache
def _catalogue() -> _Texts:
    data = json.loads(resource("questionnaire", "print_texts.json").read_text(encoding="utf-8"))
    languages: dict[str, dict[str, Any]] = data["languages"]
    return _Texts(
        labels={code: dict(entry.get("labels", {})) for code, entry in languages.items()},
        texts={code: dict(entry.get("texts", {})) for code, entry in languages.items()},
        status={code: str(entry["status"]) for code, entry in languages.items()},
    )


def _chain(lang: str) -> list[str]:
    """The reader's language, its base language (fa_AF → fa), then English."""
    chain: list[str] = []
    code = normalize(lang)
    for candidate in (code, code.split("_")[0], "en"):
        if candidate not in chain:
            chain.append(candidate)
    return chain


@cache
def _translator(code: str) -> Translator:
    return translator(code)


def label(key: str, lang: str) -> tuple[str, str]:
    """The form's own word `key` in `lang` (or English) and the language it is written in."""
    catalogue = _catalogue()
    for code in _chain(lang) if normalize(lang) != SOURCE else [SOURCE]:
        found = catalogue.labels.get(code, {}).get(key)
        if found:
            return found, code
    raise KeyError(key)


def question_text(msgid: str, translations: Mapping[str, str], lang: str) -> tuple[str, str]:
    """A text of the questionnaire in `lang` and the language it is written in."""
    for code in _chain(lang):
        if code == "en":
            return msgid, "en"
        translated = _translator(code).gettext(msgid)
        if translated != msgid:
            return translated, code
        if code in translations:
            return translations[code], code
        found = _catalogue().texts.get(code, {}).get(msgid)
        if found:
            return found, code
    return msgid, "en"  # pragma: no cover - the chain ends in English


def machine_made(lang: str) -> bool:
    """True when the reader's column holds machine-made texts (then the notice is printed)."""
    if normalize(lang) == SOURCE:
        return False
    written_in = label("title", lang)[1]
    return _catalogue().status.get(written_in) == "machine-made" and written_in != "en"


# --- flowables -----------------------------------------------------------------------------


class WritingLines(Flowable):  # type: ignore[misc]
    """Ruled lines to write an answer on by hand."""

    def __init__(self, count: int, spacing: float = 8 * mm) -> None:
        super().__init__()
        self.count = count
        self.spacing = spacing

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        self.height = self.count * self.spacing
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(RULE_COLOR)
        canvas.setLineWidth(0.5)
        for n in range(self.count):
            y = self.height - (n + 1) * self.spacing + 1
            canvas.line(0.0, y, self.width, y)
        canvas.restoreState()


class AnswerBox(Flowable):  # type: ignore[misc]
    """An empty box for a number or a date."""

    def __init__(self, width: float, height: float = 7 * mm) -> None:
        super().__init__()
        self.box_width = width
        self.box_height = height

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = min(self.box_width, availWidth)
        self.height = self.box_height + 2
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(ACCENT)
        canvas.setLineWidth(0.8)
        canvas.rect(0.0, 1.0, self.width, self.box_height)
        canvas.restoreState()


class OptionRow(Flowable):  # type: ignore[misc]
    """One tick box on the left, the option in German and in the reader's language beside it
    (one box per option: both readers point at the same one)."""

    BOX = 9.0
    INDENT = 16.0

    def __init__(self, ticked: bool, german: str, other: str | None, language: str) -> None:
        super().__init__()
        self.box = CheckBox(ticked, self.BOX)
        left = TextParagraph(german, OPTION, language=SOURCE)
        self.inner: Flowable = (
            left
            if other is None
            else SideBySide(left, TextParagraph(other, OPTION, language=language), rule=False)
        )
        self.spaceAfter = 2.5

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        inner_height = self.inner.wrap(availWidth - self.INDENT, availHeight)[1]
        self.height = max(inner_height, self.BOX + 2)
        return self.width, self.height

    def draw(self) -> None:
        top_line = self.height - OPTION.line_height
        self.box.wrap(self.BOX, self.BOX)
        self.box.drawOn(self.canv, 0.0, top_line + (OPTION.line_height - self.BOX) / 2 - 1)
        self.inner.drawOn(self.canv, self.INDENT, self.height - self.inner.height)


class KeepTogether(Flowable):  # type: ignore[misc]
    """A question with its answer area: moved to the next page whole when it fits on one."""

    def __init__(self, parts: Sequence[Flowable]) -> None:
        super().__init__()
        self.parts = list(parts)
        self.spaceAfter = 7.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        # reportlab's Table keeps its height private: the heights wrap returns are kept.
        self.heights = [part.wrap(availWidth, availHeight)[1] for part in self.parts]
        self.height = sum(self.heights)
        self.height += sum(part.getSpaceAfter() for part in self.parts[:-1])
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        # Taller than a page (a long free-text answer): let the parts flow on their own.
        return list(self.parts) if self.height > 600 else []

    def draw(self) -> None:
        y = self.height
        for part, height in zip(self.parts, self.heights, strict=True):
            y -= height
            part.drawOn(self.canv, 0.0, y)
            y -= part.getSpaceAfter()


# --- the form ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Reader:
    lang: str

    @property
    def bilingual(self) -> bool:
        return normalize(self.lang) != SOURCE

    def pair(self, key: str) -> tuple[str, str | None, str]:
        german = label(key, SOURCE)[0]
        if not self.bilingual:
            return german, None, SOURCE
        other, language = label(key, self.lang)
        return german, other, language

    def text(self, msgid: str, translations: Mapping[str, str]) -> tuple[str, str | None, str]:
        german = _translator(SOURCE).gettext(msgid)
        if not self.bilingual:
            return german, None, SOURCE
        other, language = question_text(msgid, translations, self.lang)
        return german, other, language

    def block(self, german: str, other: str | None, language: str, style: TextStyle) -> Flowable:
        return BilingualBlock(german, other, language, style)

    def word(self, key: str, style: TextStyle = NOTE) -> Flowable:
        return self.block(*self.pair(key), style)


def _header(
    rd: _Reader, q: Questionnaire, name: str | None, day_line: list[Flowable], *, blank: bool
) -> list[Flowable]:
    german, other, language = rd.pair("title")
    items: list[Flowable] = [rd.block(german, other, language, HEADINGS[1])]
    items += day_line
    if name is not None:
        items.append(_field_line(rd, "name", name))
    if blank:  # how to fill it in: for the blank form only
        items.append(rd.word("intro", BODY.replace(size=9.5, color=MUTED)))
    items.append(TextParagraph(f"{q.id} · {q.version}", NOTE.replace(size=7.0)))
    return items


def _field_line(rd: _Reader, key: str, value: str) -> Flowable:
    """ "Name / الاسم: …" with a line to write on when the value is empty."""
    german, other, language = rd.pair(key)
    cells: list[Flowable] = [TextParagraph(german, CELL_BOLD)]
    if other is not None:
        cells.append(TextParagraph(other, CELL_BOLD, language=language))
    answer: Flowable = (
        TextParagraph(value, ANSWER.replace(size=11.0, bold=True))
        if value
        else WritingLines(1, 7 * mm)
    )
    return TextTable(
        [[cells, [answer]]],
        [50 * mm, FRAME_WIDTH - 50 * mm],
        style=CELL,
        header=False,
        mirror=False,
    )


def _question_label(rd: _Reader, q: Question) -> list[Flowable]:
    german, other, language = rd.text(q.label, q.translations)
    items = [rd.block(german, other, language, LABEL)]
    if q.sensitive:
        items.append(rd.word("sensitive", WARNING))
    if q.type is QuestionType.MULTI_CHOICE:
        items.append(rd.word("several"))
    return items


def _yes_no(rd: _Reader, value: bool | None) -> list[Flowable]:
    rows = []
    for key, meaning in (("yes", True), ("no", False)):
        german, other, language = rd.pair(key)
        rows.append(OptionRow(value is meaning, german, other, language))
    return rows


def _options(rd: _Reader, q: Question, chosen: set[str]) -> list[Flowable]:
    rows = []
    for option in q.options:
        german, other, language = rd.text(option.label, option.translations)
        rows.append(OptionRow(option.value in chosen, german, other, language))
    return rows


def _language_grid(rd: _Reader, entries: list[dict[str, str]] | None) -> list[Flowable]:
    """The CEFR grid: a row per language, a box per level; blank rows to fill in by hand."""
    german, other, language = rd.pair("language")
    head_cells: list[Flowable] = [TextParagraph(german, CELL_BOLD)]
    if other is not None:
        head_cells.append(TextParagraph(other, CELL_BOLD, language=language))
    native_de, native_other, native_lang = rd.pair("native")
    native_cells: list[Flowable] = [TextParagraph(native_de, CELL_BOLD.replace(size=7.5))]
    if native_other is not None:
        native_cells.append(
            TextParagraph(native_other, CELL_BOLD.replace(size=7.5), language=native_lang)
        )
    header: list[Any] = [head_cells, *LEVELS, native_cells]
    rows: list[list[Any]] = [header]
    columns = [*LEVELS, CefrLevel.NATIVE.value]
    if entries is None:
        for _ in range(BLANK_LANGUAGE_ROWS):
            rows.append([[WritingLines(1, 6 * mm)], *[[CheckBox(False)] for _ in columns]])
    else:
        for entry in entries:
            code = entry["language"]
            names: list[Flowable] = [TextParagraph(name_in(code, SOURCE), CELL)]
            if rd.bilingual:
                names.append(TextParagraph(name_in(code, rd.lang), CELL, language=rd.lang))
            rows.append([names, *[[CheckBox(entry["level"] == c)] for c in columns]])
    level_width = 13 * mm
    native_width = 26 * mm
    first = FRAME_WIDTH - len(LEVELS) * level_width - native_width
    grid = TextTable(
        rows,
        [first, *[level_width] * len(LEVELS), native_width],
        style=CELL,
        header=True,
        mirror=False,
    )
    return [grid, Spacer(1, 1.5 * mm), rd.word("levels")]


def _answer_area(rd: _Reader, q: Question, value: Any, blank: bool) -> list[Flowable]:
    if q.type is QuestionType.LANGUAGE_LEVELS:
        return _language_grid(rd, None if blank else list(value or []))
    if q.type is QuestionType.BOOLEAN:
        return _yes_no(rd, None if blank else value)
    if q.type in (QuestionType.CHOICE, QuestionType.MULTI_CHOICE):
        given = [] if blank or value is None else value
        chosen = set(given if isinstance(given, list) else [given])
        return _options(rd, q, chosen)
    if not blank and value not in (None, ""):
        is_date = q.type is QuestionType.DATE
        shown = german_date(date.fromisoformat(value)) if is_date else str(value)
        return [TextParagraph(shown, ANSWER, direction="auto")]
    if not blank:
        return [rd.word("not_answered")]
    if q.type is QuestionType.TEXT:
        return [WritingLines(TEXT_LINES)]
    if q.type is QuestionType.INTEGER:
        hint = ""
        if q.minimum is not None and q.maximum is not None:
            hint = f"{q.minimum}–{q.maximum}"
        return [AnswerBox(28 * mm), TextParagraph(hint, NOTE)] if hint else [AnswerBox(28 * mm)]
    return [AnswerBox(40 * mm), TextParagraph("TT.MM.JJJJ", NOTE)]


def _body(
    rd: _Reader,
    q: Questionnaire,
    answers: Mapping[str, Any] | None,
    *,
    with_sensitive: bool,
) -> list[Flowable]:
    blank = answers is None
    items: list[Flowable] = []
    left_out = False
    for section in q.sections:
        questions = [item for item in q.items if item.section == section.id]
        if not blank and not with_sensitive:
            kept = [item for item in questions if not item.sensitive]
            left_out = left_out or len(kept) < len(questions)
            questions = kept
        if not questions:
            continue
        german, other, language = rd.text(section.title, section.translations)
        heading: list[Flowable] = [rd.block(german, other, language, HEADINGS[2])]
        for item in questions:
            value = None if answers is None else answers.get(item.id)
            parts = [*heading, *_question_label(rd, item), *_answer_area(rd, item, value, blank)]
            # The section heading travels with its first question, never alone at a page end.
            heading = []
            items.append(KeepTogether(parts))
    if left_out:
        items.append(Spacer(1, 3 * mm))
        items.append(rd.word("sensitive_left_out", WARNING))
    return items


def _title(lang: str) -> str:
    german = label("title", SOURCE)[0]
    other = label("title", reader(lang))[0]
    return german if other == german else f"{german} – {other}"


def blank_questionnaire(
    lang: str, *, questionnaire: Questionnaire | None = None, today: date | None = None
) -> Printable:
    """The questionnaire to fill in by hand, German beside `lang`."""
    today = today or date.today()
    lang = reader(lang)
    q = questionnaire or default_questionnaire()
    rd = _Reader(lang)

    def story(_numbers: dict[str, int]) -> list[Flowable]:
        header = _header(rd, q, "", [_field_line(rd, "date", "")], blank=True)
        return [*header, Spacer(1, 2 * mm), *_body(rd, q, None, with_sensitive=True)]

    return Printable(
        _title(lang), footer(lang, today, machine_made=machine_made(lang)), story, language=lang
    )


def filled_analysis(
    dossier: Dossier,
    analysis: PotentialAnalysis | None,
    lang: str,
    *,
    with_sensitive: bool = False,
    show_name: bool = True,
    questionnaire: Questionnaire | None = None,
    today: date | None = None,
) -> Printable:
    """A dossier's current analysis as the same form, answers ticked and written in.

    Sensitive answers are left out (and the page says so) unless `with_sensitive`."""
    today = today or date.today()
    lang = reader(lang)
    q = questionnaire or default_questionnaire()
    rd = _Reader(lang)
    answers: dict[str, Any] = dict(analysis.answers) if analysis is not None else {}
    if not with_sensitive:
        answers = q.shareable(answers)
    name = _name(dossier) if show_name else None

    def story(_numbers: dict[str, int]) -> list[Flowable]:
        day: list[Flowable] = []
        if analysis is not None and analysis.completed_on is not None:
            day.append(_field_line(rd, "completed_on", german_date(analysis.completed_on)))
        header = _header(rd, q, name, day, blank=False)
        if analysis is None:
            return [*header, Spacer(1, 4 * mm), rd.word("no_analysis", BODY)]
        body = _body(rd, q, answers, with_sensitive=with_sensitive)
        return [*header, Spacer(1, 2 * mm), *body]

    return Printable(
        _title(lang), footer(lang, today, machine_made=machine_made(lang)), story, language=lang
    )


def _name(dossier: Dossier) -> str:
    latin = " ".join(p for p in (dossier.given_names, dossier.family_name) if p)
    return latin or dossier.display_name
