"""Printed German papers without a machine-readable zone: type, issuer, expiry, Aktenzeichen.

What to look for is data (ReadingRules); this module only finds it in Tesseract's lines and
keeps the box of each word it used.
"""

from __future__ import annotations

import re
from datetime import date

from rapidfuzz import fuzz

from willkommensordner.scans.model import Box, Source, SuggestedField, Suggestion
from willkommensordner.scans.rules import KeywordRule, ReadingRules
from willkommensordner.scans.tesseract import Word

# Dates as printed on German papers; OCR turns some dots into commas.
_DATE = re.compile(r"(\d{1,2})\s?[.,]\s?(\d{1,2})\s?[.,]\s?(\d{4})")


class _Line:
    """One OCR line with the character span of every word, to find boxes of matches."""

    def __init__(self, words: list[Word]) -> None:
        self.words = words
        self.spans: list[tuple[int, int]] = []
        parts: list[str] = []
        at = 0
        for word in words:
            self.spans.append((at, at + len(word.text)))
            parts.append(word.text)
            at += len(word.text) + 1
        self.text = " ".join(parts)

    def box(self, start: int, end: int) -> tuple[Box, float]:
        used = [
            w for w, (s, e) in zip(self.words, self.spans, strict=True) if s < end and e > start
        ]
        used = used or self.words
        box = used[0].box
        for word in used[1:]:
            box = box.union(word.box)
        return box, min(w.confidence for w in used) / 100


def _similar(label: str, text: str) -> float:
    """How well `label` appears somewhere in `text` (a short scrap of text never matches)."""
    if len(text) < len(label):
        return float(fuzz.ratio(label.lower(), text.lower())) if text else 0.0
    return float(fuzz.partial_ratio(label.lower(), text.lower()))


def _keyword(
    rules: ReadingRules, lines: list[_Line], rule: KeywordRule
) -> tuple[Box, float] | None:
    whole = " ".join(line.text for line in lines)
    if not all(_similar(r, whole) >= rules.min_similarity for r in rule.requires):
        return None
    for line in lines:
        for keyword in rule.keywords:
            if len(keyword) < 6:
                hit = re.search(rf"\b{re.escape(keyword)}\b", line.text, re.IGNORECASE)
                if hit:
                    return line.box(hit.start(), hit.end())
            elif _similar(keyword, line.text) >= rules.min_similarity:
                return line.box(0, len(line.text))
    return None


def _labelled_date(rules: ReadingRules, line: _Line) -> Suggestion | None:
    for hit in _DATE.finditer(line.text):
        before = line.text[max(0, hit.start() - 30) : hit.start()]
        if not any(
            _similar(label, before) >= rules.min_similarity for label in rules.expiry_labels
        ):
            continue
        try:
            value = date(int(hit.group(3)), int(hit.group(2)), int(hit.group(1)))
        except ValueError:
            continue
        box, sure = line.box(hit.start(), hit.end())
        return Suggestion(SuggestedField.VALID_UNTIL, value.isoformat(), sure, Source.TEXT, box)
    return None


def _reference(rules: ReadingRules, line: _Line) -> Suggestion | None:
    for label in rules.reference_labels:
        at = line.text.lower().find(label.lower())
        if at < 0:
            continue
        rest_from = at + len(label)
        rest = line.text[rest_from:].lstrip(" :")
        offset = len(line.text) - len(rest)
        hit = rules.reference_pattern.match(rest)
        if hit and any(c.isdigit() for c in hit.group(0)):
            box, sure = line.box(offset, offset + hit.end())
            return Suggestion(SuggestedField.REFERENCE, hit.group(0), sure, Source.TEXT, box)
    return None


def read_printed(rules: ReadingRules, word_lines: list[list[Word]]) -> list[Suggestion]:
    lines = [_Line(words) for words in word_lines if words]
    found: list[Suggestion] = []
    for rule in rules.document_types:
        hit = _keyword(rules, lines, rule)
        if hit is not None:
            found.append(Suggestion(SuggestedField.TYPE, rule.value, hit[1], Source.TEXT, hit[0]))
            break
    for rule in rules.issuers:
        hit = _keyword(rules, lines, rule)
        if hit is not None:
            found.append(Suggestion(SuggestedField.ISSUER, rule.value, hit[1], Source.TEXT, hit[0]))
            break
    for pick in (_labelled_date, _reference):
        for line in lines:
            suggestion = pick(rules, line)
            if suggestion is not None:
                found.append(suggestion)
                break
    return found
