"""A page as the sentences a voice reads, written the way a person would say them.

Phone numbers are read digit by digit in groups (a pause between groups), dates as dates in
the reader's language ("21. November 2026"), common abbreviations spelled out. The result is
plain text for any engine (espeak-ng, speech-dispatcher, SAPI); the same sentences are the
units the reader highlights.
"""

from __future__ import annotations

import re
from datetime import date

from babel.dates import format_date

from willkommensordner.content import markdown as md
from willkommensordner.content.languages import EASY_GERMAN, normalize

_SENTENCE_END = re.compile(r"(?<=[.!?؟۔])\s+")
_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")
# A number someone dials: starts with + or 0, at least five digits, blanks/dashes/slashes.
_PHONE = re.compile(r"(?<![\w.(])\(?(?:\+|0)[\d()][\d ()/\-]{3,}\d(?!\w|\.\d)")

_ABBREVIATIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "de": (
        (r"\bz\.\s?B\.", "zum Beispiel"),
        (r"\bd\.\s?h\.", "das heißt"),
        (r"\bu\.\s?a\.", "unter anderem"),
        (r"\busw\.", "und so weiter"),
        (r"\bbzw\.", "beziehungsweise"),
        (r"\bggf\.", "gegebenenfalls"),
        (r"\bca\.", "circa"),
        (r"\bNr\.", "Nummer"),
        (r"\bStr\.", "Straße"),
        (r"\bTel\.", "Telefon"),
        (r"§\s?(\d+)", r"Paragraf \1"),
    ),
    "en": (
        (r"\be\.g\.", "for example"),
        (r"\bi\.e\.", "that is"),
        (r"\bNo\.", "number"),
        (r"\betc\.", "and so on"),
    ),
}


def speech_language(lang: str) -> str:
    """The language whose rules and voice apply (easy German is spoken as German)."""
    lang = normalize(lang)
    return "de" if lang == EASY_GERMAN else lang


def spoken_phone(number: str) -> str:
    """ "(0821) 324-0" → "0 8 2 1, 3 2 4, 0": every digit, a pause between the groups."""
    groups = [g for g in re.split(r"[\s()/\-]+", number) if g]
    return ", ".join(" ".join(group).replace("+ ", "+") for group in groups)


def spoken_date(day: int, month: int, year: int, lang: str) -> str | None:
    try:
        value = date(year, month, day)
    except ValueError:
        return None
    locale = speech_language(lang)
    try:
        return format_date(value, format="long", locale=locale)
    except (ValueError, LookupError):
        return format_date(value, format="long", locale="en")


def normalize_text(text: str, lang: str) -> str:
    """One sentence as it is said: dates, phone numbers and abbreviations spelled out."""
    lang = speech_language(lang)
    base = lang.split("_")[0]

    def date_match(match: re.Match[str]) -> str:
        said = spoken_date(int(match.group(1)), int(match.group(2)), int(match.group(3)), lang)
        return said if said is not None else match.group(0)

    text = _DATE.sub(date_match, text)
    text = _PHONE.sub(lambda m: spoken_phone(m.group(0)), text)
    for pattern, said in _ABBREVIATIONS.get(base, ()):
        text = re.sub(pattern, said, text)
    # The middle dot of easy German splits long words for the eye, not for the voice.
    text = text.replace("·", "")
    return re.sub(r"\s+", " ", text).strip()


def _inline_spoken(inlines: tuple[md.Inline, ...]) -> str:
    parts: list[str] = []
    for node in inlines:
        if isinstance(node, md.Text):
            parts.append(node.text)
        elif isinstance(node, md.LineBreak):
            parts.append("\n")
        elif isinstance(node, md.Phone):
            # A phone link is a number to dial even when it is short (112, 116 117).
            parts.append(" " + spoken_phone(md.inline_text(node.children)) + " ")
        else:
            parts.append(_inline_spoken(node.children))
    return "".join(parts)


def spoken_sentences(title: str, blocks: tuple[md.Block, ...], lang: str) -> list[str]:
    """The page as the sentences a voice reads, in order, title first."""
    pieces: list[str] = [title]
    for block in blocks:
        if isinstance(block, md.BulletList):
            pieces.extend(_inline_spoken(item.children) for item in block.items)
        else:
            pieces.append(_inline_spoken(block.children))
    sentences: list[str] = []
    for piece in pieces:
        for line in piece.split("\n"):
            for sentence in _SENTENCE_END.split(line):
                said = normalize_text(sentence, lang)
                if said:
                    sentences.append(said)
    return sentences
