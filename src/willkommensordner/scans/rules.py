"""The reading rules kept as data (resources/scans/reading_rules.json)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from willkommensordner.domain.document_type import DocumentType
from willkommensordner.paths import resource


@dataclass(frozen=True)
class MrzTypeRule:
    code_prefix: str
    type: DocumentType
    issuing_state: str | None


@dataclass(frozen=True)
class KeywordRule:
    value: str
    keywords: tuple[str, ...]
    requires: tuple[str, ...]


@dataclass(frozen=True)
class ReadingRules:
    min_similarity: float
    mrz_types: tuple[MrzTypeRule, ...]
    document_types: tuple[KeywordRule, ...]
    issuers: tuple[KeywordRule, ...]
    expiry_labels: tuple[str, ...]
    reference_labels: tuple[str, ...]
    reference_pattern: re.Pattern[str]

    def mrz_type(self, code: str, issuing_state: str) -> DocumentType | None:
        for rule in self.mrz_types:
            if code.startswith(rule.code_prefix) and rule.issuing_state in (None, issuing_state):
                return rule.type
        return None


def _keyword_rules(items: list[dict[str, object]], key: str) -> tuple[KeywordRule, ...]:
    return tuple(
        KeywordRule(
            str(item[key]),
            tuple(str(k) for k in item["keywords"]),  # type: ignore[attr-defined]
            tuple(str(k) for k in item.get("requires", [])),  # type: ignore[attr-defined]
        )
        for item in items
    )


def load_rules() -> ReadingRules:
    raw = json.loads(resource("scans", "reading_rules.json").read_text(encoding="utf-8"))
    return ReadingRules(
        min_similarity=float(raw["min_similarity"]),
        mrz_types=tuple(
            MrzTypeRule(r["code_prefix"], DocumentType(r["type"]), r.get("issuing_state"))
            for r in raw["mrz_document_types"]
        ),
        document_types=_keyword_rules(raw["document_types"], "type"),
        issuers=_keyword_rules(raw["issuers"], "issuer"),
        expiry_labels=tuple(raw["expiry_labels"]),
        reference_labels=tuple(raw["reference_labels"]),
        reference_pattern=re.compile(raw["reference_pattern"]),
    )
