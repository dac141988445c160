"""How easy a German page is to read, checked against the rules of Leichte Sprache.

The rules (Netzwerk Leichte Sprache; DIN SPEC 33429) that can be checked mechanically:
short sentences (one statement each), short words (long compounds split with a hyphen or a
middle dot), no passive voice, no abbreviations. The check finds candidates, it does not
judge: a counsellor or editor reads what it reports. Headings and list items count as
sentences of their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from willkommensordner.content import markdown as md
from willkommensordner.content.problems import Problem, problem
from willkommensordner.i18n import N_

MAX_SENTENCE_WORDS = 12
MAX_WORD_LETTERS = 14

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ0-9„\"])")
# "z. B." would end a sentence at its first dot; written closed up it is one token.
_SPACED_ABBREVIATION = re.compile(r"\b([zduZDU])\.\s([BhaBHA])\.")
_WORD = re.compile(r"[A-Za-zÄÖÜäöüß]+(?:[-·][A-Za-zÄÖÜäöüß]+)*")
_PASSIVE_AUX = re.compile(r"\b(wird|werden|wurde|wurden|worden|wirst|werdet)\b", re.IGNORECASE)
# Past participles: ge…t / ge…en (gemacht, gegeben, angemeldet), or …iert (informiert).
_PARTICIPLE = re.compile(
    r"\b(?:[a-zäöü]{0,8}ge[a-zäöüß]{2,}(?:t|en)|[a-zäöüß]{3,}iert)\b", re.IGNORECASE
)
# Words that look like participles but are none (gegen, genug, gestern …).
_NOT_PARTICIPLES = frozenset(
    {"gegen", "genug", "gestern", "gern", "gerne", "gehen", "geben", "gelten", "genau", "gesagt"}
)
_ABBREVIATION = re.compile(
    r"\b(?:z\.\s?B|u\.\s?a|d\.\s?h|bzw|ggf|usw|etc|evtl|inkl|ca|Nr|Str|Tel|bspw|sog|vgl|"
    r"gem|Abs|Mo|Di|Mi|Do|Fr|Sa|So)\.|§|\b[A-ZÄÖÜ]{2,6}\b"
)
# Acronyms a reader of easy German knows, or that name a thing with no other name.
_KNOWN_ACRONYMS = frozenset({"EU", "SMS", "TV", "PDF", "WLAN", "OK"})


@dataclass(frozen=True)
class Readability:
    sentences: int
    words: int
    longest_sentence: int
    long_sentences: tuple[str, ...] = field(default=())
    long_words: tuple[str, ...] = field(default=())
    passive: tuple[str, ...] = field(default=())
    abbreviations: tuple[str, ...] = field(default=())

    @property
    def average_sentence(self) -> float:
        return self.words / self.sentences if self.sentences else 0.0

    def problems(self) -> list[Problem]:
        found: list[Problem] = []
        for sentence in self.long_sentences:
            found.append(
                problem(
                    N_("sentence with more than {limit} words: {sentence}"),
                    limit=MAX_SENTENCE_WORDS,
                    sentence=_short(sentence),
                )
            )
        for word in self.long_words:
            found.append(
                problem(N_("long word, split it with a hyphen or a middle dot: {word}"), word=word)
            )
        for sentence in self.passive:
            found.append(problem(N_("passive voice: {sentence}"), sentence=_short(sentence)))
        for abbreviation in self.abbreviations:
            found.append(problem(N_("abbreviation: {text}"), text=abbreviation))
        return found


def sentences(blocks: tuple[md.Block, ...]) -> list[str]:
    """The page's sentences: paragraphs split at sentence ends, headings and items whole."""
    found: list[str] = []
    for block in blocks:
        if isinstance(block, md.BulletList):
            texts = [md.inline_text(item.children) for item in block.items]
        else:
            texts = [md.inline_text(block.children)]
        for text in texts:
            text = _SPACED_ABBREVIATION.sub(r"\1.\2.", text)
            for line in text.split("\n"):
                found.extend(s.strip() for s in _SENTENCE_END.split(line) if s.strip())
    return found


def check(blocks: tuple[md.Block, ...]) -> Readability:
    found = sentences(blocks)
    long_sentences: list[str] = []
    long_words: list[str] = []
    passive: list[str] = []
    abbreviations: list[str] = []
    words_total = longest = 0
    for sentence in found:
        words = _WORD.findall(sentence)
        words_total += len(words)
        longest = max(longest, len(words))
        if len(words) > MAX_SENTENCE_WORDS:
            long_sentences.append(sentence)
        for word in words:
            parts = re.split(r"[-·]", word)
            if any(len(p) > MAX_WORD_LETTERS for p in parts) and word not in long_words:
                long_words.append(word)
        if _PASSIVE_AUX.search(sentence) and any(
            m.group(0).lower() not in _NOT_PARTICIPLES for m in _PARTICIPLE.finditer(sentence)
        ):
            passive.append(sentence)
        for match in _ABBREVIATION.finditer(sentence):
            text = match.group(0)
            if text not in _KNOWN_ACRONYMS and text not in abbreviations:
                abbreviations.append(text)
    return Readability(
        sentences=len(found),
        words=words_total,
        longest_sentence=longest,
        long_sentences=tuple(long_sentences),
        long_words=tuple(long_words),
        passive=tuple(passive),
        abbreviations=tuple(abbreviations),
    )


def _short(sentence: str) -> str:
    return sentence if len(sentence) <= 80 else sentence[:77] + "…"
