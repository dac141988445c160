"""Instant search over every name form, document number and phone number of a dossier.

Three tiers, best first: every word found as typed, every word found as the beginning of a
word, and then tolerant matches. Text is folded before it reaches FTS5 so that "Müller",
"Muller" and "Mueller" meet, and Arabic script matches with or without short vowels, hamza
forms or tatweel. For the tolerant tier every name word also gets a transliteration key
(`name_keys`): "Hadad" and "Haddat" find "Haddad", "Fatma" finds "Fatima"; keys that are not
the same are compared with rapidfuzz, only against the keys that share the first letter and a
fitting length, so the cost follows the vocabulary of names, not the caseload.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

from willkommensordner.vault.database import Database
from willkommensordner.vault.folding import fold, sort_key
from willkommensordner.vault.name_keys import Transliteration, transliteration

__all__ = ["SearchIndex", "fold", "match_expression", "phone_forms", "sort_key", "terms_for"]

_GERMAN_SPELLING = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}
)
_TOKEN = re.compile(r"\w+", re.UNICODE)
_PHONE_CHARS = re.compile(r"[\s\-/().]")
_LAST = "\U0010ffff"  # sorts after every character: `key < prefix + _LAST` is a prefix range
_BATCH = 500
# Tier scores: a tolerant match scores at most 1 (a rapidfuzz score / 100).
EXACT = 3.0
PREFIX = 2.0


def phone_forms(phone: str) -> list[str]:
    digits = re.sub(r"\D", "", phone)
    if not digits:
        return []
    forms = [digits]
    if digits.startswith("0049"):
        forms.append("0" + digits[4:])
    elif digits.startswith("49") and phone.strip().startswith("+"):
        forms.append("0" + digits[2:])
    return forms


@dataclass
class _Findable:
    """What a dossier can be found by, before folding."""

    names: list[str] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)

    def name_forms(self) -> Iterator[str]:
        """Each name folded, and once more in German spelling where it has umlauts."""
        for name in self.names:
            if not name:
                continue
            yield fold(name)
            spelled = name.translate(_GERMAN_SPELLING)
            if spelled != name:
                yield fold(spelled)

    def compact_numbers(self) -> Iterator[str]:
        for number in self.numbers:
            compact = fold(_PHONE_CHARS.sub("", number))
            if compact:
                yield compact


def terms_for(names: Iterable[str], numbers: Iterable[str], phones: Iterable[str]) -> str:
    """The folded words a dossier can be found by."""
    findable = _Findable(list(names), list(numbers), list(phones))
    words = [*findable.name_forms(), *findable.compact_numbers()]
    for phone in findable.phones:
        words.extend(phone_forms(phone))
    return " ".join(words)


def _keys_for(findable: _Findable, rules: Transliteration) -> set[str]:
    keys = {key for form in findable.name_forms() for key in rules.keys(form)}
    keys.update(findable.compact_numbers())
    return keys


def _quoted(tokens: Sequence[str], prefix: bool) -> str:
    star = "*" if prefix else ""
    words = " AND ".join(f'"{t}"{star}' for t in tokens)
    if len(tokens) == 1:
        return words
    # "L01X 00T47" as typed from a paper: also try the number as the one word it is stored as.
    return f'({words}) OR "{"".join(tokens)}"{star}'


def _phone_query(query: str) -> list[str] | None:
    compact = _PHONE_CHARS.sub("", query)
    if compact.lstrip("+").isdigit() and len(compact) >= 3:
        return phone_forms(compact) if compact.startswith("+") else [compact]
    return None


def match_expression(query: str) -> str | None:
    """An FTS5 query: every word of the input as a prefix; phone numbers as one run of digits."""
    phone = _phone_query(query)
    if phone is not None:
        return " OR ".join(f'"{t}"*' for t in phone)
    tokens = _TOKEN.findall(fold(query))
    return _quoted(tokens, prefix=True) if tokens else None


class SearchIndex:
    def __init__(self, db: Database) -> None:
        self._db = db

    # --- keeping the index in step --------------------------------------------------------------

    def reindex(self, dossier_id: str) -> None:
        row = self._db.execute(
            "SELECT rowid, body, deleted FROM dossier WHERE id = ?", (dossier_id,)
        ).fetchone()
        if row is None:
            return
        rowid, body, deleted = row
        if deleted:
            self.forget(rowid)
            return
        findable = self._findable(dossier_id, json.loads(body))
        self._db.execute("DELETE FROM dossier_search WHERE rowid = ?", (rowid,))
        self._db.execute(
            "INSERT INTO dossier_search(rowid, terms) VALUES (?, ?)",
            (rowid, terms_for(findable.names, findable.numbers, findable.phones)),
        )
        self._set_keys(rowid, _keys_for(findable, transliteration()))

    def forget(self, dossier_rowid: int) -> None:
        """Remove a dossier from the index, and the name keys nobody else has."""
        self._db.execute("DELETE FROM dossier_search WHERE rowid = ?", (dossier_rowid,))
        self._set_keys(dossier_rowid, set())

    def _set_keys(self, rowid: int, keys: set[str]) -> None:
        old = {
            r[0]
            for r in self._db.query("SELECT key FROM search_name_key WHERE dossier = ?", (rowid,))
        }
        gone, added = old - keys, keys - old
        for key in gone:
            self._db.execute(
                "DELETE FROM search_name_key WHERE key = ? AND dossier = ?", (key, rowid)
            )
            # A key stays in the vocabulary only while a dossier has it (deletion erases it).
            self._db.execute(
                "DELETE FROM search_vocabulary WHERE key = ? AND NOT EXISTS"
                " (SELECT 1 FROM search_name_key WHERE key = ?)",
                (key, key),
            )
        if added:
            self._db.executemany(
                "INSERT INTO search_name_key(key, dossier) VALUES (?, ?)",
                [(k, rowid) for k in added],
            )
            self._db.executemany(
                "INSERT OR IGNORE INTO search_vocabulary(key) VALUES (?)", [(k,) for k in added]
            )

    def _findable(self, dossier_id: str, dossier: dict[str, object]) -> _Findable:
        names = [str(dossier.get(k) or "") for k in ("family_name", "given_names", "native_name")]
        aliases = dossier.get("aliases")
        names.extend(str(a) for a in aliases if a) if isinstance(aliases, list) else None
        numbers: list[str] = []
        for kind, body_text in self._db.query(
            "SELECT kind, body FROM record WHERE dossier_id = ? AND deleted = 0"
            " AND kind IN ('household_member', 'document')",
            (dossier_id,),
        ):
            part = json.loads(body_text)
            if kind == "household_member":
                names.extend(
                    str(part.get(k) or "") for k in ("family_name", "given_names", "native_name")
                )
            else:
                numbers.append(str(part.get("number") or ""))
        return _Findable(names, numbers, [str(dossier.get("phone") or "")])

    def rebuild(self) -> None:
        for table in ("dossier_search", "search_name_key", "search_vocabulary"):
            self._db.execute(f"DELETE FROM {table}")
        for (dossier_id,) in self._db.query("SELECT id FROM dossier WHERE deleted = 0"):
            self.reindex(dossier_id)

    # --- finding -------------------------------------------------------------------------------

    def find(self, query: str, limit: int = 500) -> list[str]:
        """Ids of matching dossiers, best match first: exact, then prefix, then tolerant."""
        phone = _phone_query(query)
        if phone is not None:
            return self._matching(" OR ".join(f'"{t}"*' for t in phone), limit, ranked=True)
        folded = fold(query)
        tokens = _TOKEN.findall(folded)
        if not tokens:
            return []
        scores: dict[str, float] = dict.fromkeys(
            self._matching(_quoted(tokens, prefix=True), limit, ranked=True), PREFIX
        )
        if scores:
            for dossier_id in self._matching(_quoted(tokens, prefix=False), limit):
                scores[dossier_id] = EXACT
        for dossier_id, score in self._tolerant(folded).items():
            scores.setdefault(dossier_id, score)
        # A stable sort: within a tier, full-text rank order (prefix) or best score first.
        return sorted(scores, key=lambda i: -scores[i])[:limit]

    def _matching(self, expression: str, limit: int, *, ranked: bool = False) -> list[str]:
        rows = self._db.query(
            "SELECT d.id FROM dossier_search s JOIN dossier d ON d.rowid = s.rowid"
            f" WHERE dossier_search MATCH ? {'ORDER BY s.rank' if ranked else ''} LIMIT ?",
            (expression, limit),
        )
        return [r[0] for r in rows]

    def _tolerant(self, folded_query: str) -> dict[str, float]:
        """Dossiers whose name keys match every key of the query; the mean score, 0…1."""
        rules = transliteration()
        per_word: list[dict[int, float]] = []
        for word in rules.keys(folded_query):
            matches = self._similar_keys(word, rules)
            if not matches:
                return {}
            best: dict[int, float] = {}
            for rows in self._in_batches(
                "SELECT dossier, key FROM search_name_key WHERE key IN ({})", list(matches)
            ):
                for dossier, key in rows:
                    score = matches[key]
                    if score > best.get(dossier, 0.0):
                        best[dossier] = score
            per_word.append(best)
        if not per_word:
            return {}
        per_word.sort(key=len)
        common = set(per_word[0]).intersection(*per_word[1:])
        total = {d: sum(w[d] for w in per_word) / (100 * len(per_word)) for d in common}
        found: dict[str, float] = {}
        for rows in self._in_batches(
            "SELECT rowid, id FROM dossier WHERE deleted = 0 AND rowid IN ({})", list(total)
        ):
            found.update((did, total[rowid]) for rowid, did in rows)
        return found

    def _similar_keys(self, word: str, rules: Transliteration) -> dict[str, float]:
        """Keys of the vocabulary that match `word`, with a score from 0 to 100."""
        matches: dict[str, float] = {}
        if len(word) >= rules.min_prefix_length:
            # The beginning of a key, as someone types "Yous" for Youssef.
            for (key,) in self._db.query(
                "SELECT key FROM search_vocabulary WHERE key >= ? AND key < ?",
                (word, word + _LAST),
            ):
                matches[key] = max(fuzz.ratio(word, key), rules.score_cutoff)
        if rules.fuzzy(word):
            # A score of at least c% needs a length within [c/(200-c), (200-c)/c] of the word's.
            c = rules.score_cutoff
            shortest = -(-len(word) * c // (200 - c))
            longest = len(word) * (200 - c) // c
            candidates = [
                r[0]
                for r in self._db.query(
                    "SELECT key FROM search_vocabulary WHERE key >= ? AND key < ?"
                    " AND length(key) BETWEEN ? AND ?",
                    (word[0], word[0] + _LAST, shortest, longest),
                )
            ]
            for key, score, _ in process.extract(
                word, candidates, scorer=fuzz.ratio, score_cutoff=c, limit=None
            ):
                matches[key] = max(score, matches.get(key, 0.0))
        matches[word] = 100.0
        return matches

    def _in_batches(self, sql: str, values: list[Any]) -> Iterator[list[Any]]:
        for start in range(0, len(values), _BATCH):
            batch = values[start : start + _BATCH]
            yield self._db.query(sql.format(",".join("?" * len(batch))), batch)
