"""Transliteration keys: the many Latin spellings of one name fold into one key.

"Haddad" and "Haddat", "Hussein" and "Husain", "Iwanow" and "Ivanov" get the same key; the
search compares keys with rapidfuzz to forgive what the rules do not cover (typos, "Fatma" for
"Fatima"). The rules are data, in resources/search/transliteration.json, read and checked once.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from functools import cache

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from willkommensordner.paths import resource
from willkommensordner.vault.folding import fold

_WORD = re.compile(r"\w+", re.UNICODE)
_DOUBLED = re.compile(r"(\w)\1+", re.UNICODE)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Rule(_Strict):
    pattern: str
    replace: str
    same: list[str] = Field(min_length=2)

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, pattern: str) -> str:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"not a regular expression: {exc}") from None
        return pattern


class _Range(_Strict):
    start: int = Field(alias="from")
    end: int = Field(alias="to")
    why: str

    @field_validator("start", "end", mode="before")
    @classmethod
    def _hex(cls, value: object) -> int:
        if not isinstance(value, str) or not re.fullmatch(r"[0-9A-Fa-f]{4,6}", value):
            raise ValueError("a code point in hex, like 0600")
        return int(value, 16)


class _Equivalence(_Strict):
    names: list[str] = Field(min_length=2)
    why: str


class _Table(_Strict):
    about: str
    score_cutoff: int = Field(ge=50, le=100)
    min_fuzzy_length: int = Field(ge=3)
    min_prefix_length: int = Field(ge=2)
    exact_only_ranges: list[_Range]
    phrase_rules: list[_Rule]
    word_rules: list[_Rule]
    final_rules: list[_Rule]
    equivalents: list[_Equivalence]


class RuleTableError(ValueError):
    """The shipped rule table is broken: a packaging fault, not a user's mistake."""


@dataclass(frozen=True)
class Transliteration:
    """Keys for folded names (see `vault.folding.fold`), and how loosely keys may match."""

    score_cutoff: int
    min_fuzzy_length: int
    min_prefix_length: int
    phrase_rules: tuple[tuple[re.Pattern[str], str], ...]
    word_rules: tuple[tuple[re.Pattern[str], str], ...]
    final_rules: tuple[tuple[re.Pattern[str], str], ...]
    exact_only_ranges: tuple[tuple[int, int], ...]
    equivalent: dict[str, str]
    examples: tuple[tuple[str, ...], ...]  # spellings each rule says share one key

    def keys(self, folded: str) -> list[str]:
        """One key per word of a folded name (phrase rules may split or join words)."""
        text = folded
        for pattern, with_ in self.phrase_rules:
            text = pattern.sub(with_, text)
        return [self._word_key(word) for word in _WORD.findall(text)]

    def _word_key(self, word: str) -> str:
        if self.exact_only(word):
            return word
        for pattern, with_ in self.word_rules:
            word = pattern.sub(with_, word)
        word = _DOUBLED.sub(r"\1", word)
        for pattern, with_ in self.final_rules:
            word = pattern.sub(with_, word)
        return self.equivalent.get(word, word)

    def exact_only(self, key: str) -> bool:
        """Numbers and abjad scripts match whole or by prefix: one letter off is another name."""
        return any(
            ch.isdigit() or any(lo <= ord(ch) <= hi for lo, hi in self.exact_only_ranges)
            for ch in key
        )

    def fuzzy(self, key: str) -> bool:
        return len(key) >= self.min_fuzzy_length and not self.exact_only(key)


def load(text: str) -> Transliteration:
    """Parse and check a rule table; `RuleTableError` says what is wrong with it."""
    try:
        table = _Table.model_validate(json.loads(text))
    except (ValueError, ValidationError) as exc:
        raise RuleTableError(f"transliteration rules: {exc}") from None

    def compiled(rules: list[_Rule]) -> tuple[tuple[re.Pattern[str], str], ...]:
        return tuple((re.compile(r.pattern), r.replace) for r in rules)

    partial = Transliteration(
        score_cutoff=table.score_cutoff,
        min_fuzzy_length=table.min_fuzzy_length,
        min_prefix_length=table.min_prefix_length,
        phrase_rules=compiled(table.phrase_rules),
        word_rules=compiled(table.word_rules),
        final_rules=compiled(table.final_rules),
        exact_only_ranges=tuple((r.start, r.end) for r in table.exact_only_ranges),
        equivalent={},
        examples=tuple(
            tuple(r.same) for r in (*table.phrase_rules, *table.word_rules, *table.final_rules)
        ),
    )
    equivalent: dict[str, str] = {}
    for group in table.equivalents:
        keys = [partial.keys(fold(name)) for name in group.names]
        if any(len(k) != 1 for k in keys):
            raise RuleTableError(f"transliteration rules: not one word each: {group.names}")
        first = keys[0][0]
        for (key,) in keys:
            if equivalent.get(key, first) != first:
                raise RuleTableError(f"transliteration rules: {key!r} is in two groups")
            equivalent[key] = first
    return replace(partial, equivalent=equivalent)


@cache
def transliteration() -> Transliteration:
    """The shipped rules, read once per process."""
    return load(resource("search", "transliteration.json").read_text(encoding="utf-8"))
