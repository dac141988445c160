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
from collections.abc import Collection, Iterable, Iterator, Sequence
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


def _findable_of(dossier: dict[str, Any]) -> _Findable:
    names = [str(dossier.get(k) or "") for k in ("family_name", "given_names", "native_name")]
    aliases = dossier.get("aliases")
    if isinstance(aliases, list):
        names.extend(str(a) for a in aliases if a)
    return _Findable(names, [], [str(dossier.get("phone") or "")])


def _add_part(findable: _Findable, kind: str, part: dict[str, Any]) -> None:
    """Household members are found by their names, documents by their numbers."""
    if kind == "household_member":
        findable.names.extend(
            str(part.get(k) or "") for k in ("family_name", "given_names", "native_name")
        )
    else:
        findable.numbers.append(str(part.get("number") or ""))


def list_order(dossier: dict[str, Any]) -> tuple[str, str]:
    """Where a dossier stands in the list: "Țurcanu" with T and "Öztürk" with O. SQLite's
    binary order of these keys is Python's order of the strings."""
    family = dossier.get("family_name") or dossier.get("native_name") or ""
    return sort_key(family), sort_key(dossier.get("given_names") or "")


# Dossiers per query of a bulk index: well below SQLite's limit of bound parameters.
_BULK = 500


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
        dossier = json.loads(body)
        findable = self._findable(dossier_id, dossier)
        self._db.execute(
            "INSERT OR REPLACE INTO dossier_order(dossier, id, family_key, given_key)"
            " VALUES (?,?,?,?)",
            (rowid, dossier_id, *list_order(dossier)),
        )
        self._db.execute("DELETE FROM dossier_search WHERE rowid = ?", (rowid,))
        self._db.execute(
            "INSERT INTO dossier_search(rowid, terms) VALUES (?, ?)",
            (rowid, terms_for(findable.names, findable.numbers, findable.phones)),
        )
        self._set_keys(rowid, _keys_for(findable, transliteration()))

    def forget(self, dossier_rowid: int) -> None:
        """Remove a dossier from the index, and the name keys nobody else has."""
        self._db.execute("DELETE FROM dossier_search WHERE rowid = ?", (dossier_rowid,))
        self._db.execute("DELETE FROM dossier_order WHERE dossier = ?", (dossier_rowid,))
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

    def _findable(self, dossier_id: str, dossier: dict[str, Any]) -> _Findable:
        findable = _findable_of(dossier)
        for kind, body_text in self._db.query(
            "SELECT kind, body FROM record WHERE dossier_id = ? AND deleted = 0"
            " AND kind IN ('household_member', 'document')",
            (dossier_id,),
        ):
            _add_part(findable, kind, json.loads(body_text))
        return findable

    def rebuild(self) -> None:
        """Index every dossier anew, in bulk (a migration runs this over whole caseloads)."""
        rules = transliteration()
        with self._db.transaction():
            for table in ("dossier_search", "search_name_key", "search_vocabulary"):
                self._db.execute(f"DELETE FROM {table}")
            dossiers: dict[str, tuple[int, _Findable]] = {
                dossier_id: (rowid, _findable_of(json.loads(body)))
                for rowid, dossier_id, body in self._db.query(
                    "SELECT rowid, id, body FROM dossier WHERE deleted = 0"
                )
            }
            for dossier_id, kind, body in self._db.query(
                "SELECT dossier_id, kind, body FROM record WHERE deleted = 0"
                " AND kind IN ('household_member', 'document')"
            ):
                if dossier_id in dossiers:
                    _add_part(dossiers[dossier_id][1], kind, json.loads(body))
            self._insert_index(dossiers.values(), rules)

    def fill_order(self) -> None:
        """The list order of every live dossier anew."""
        self._db.execute("DELETE FROM dossier_order")
        self._db.executemany(
            "INSERT INTO dossier_order(dossier, id, family_key, given_key) VALUES (?,?,?,?)",
            [
                (rowid, dossier_id, *list_order(json.loads(body)))
                for rowid, dossier_id, body in self._db.query(
                    "SELECT rowid, id, body FROM dossier WHERE deleted = 0"
                )
            ],
        )

    def index_new(self, dossier_ids: Sequence[str]) -> None:
        """Index dossiers that are not in the index yet, in bulk (a bulk insert of new
        dossiers calls this once, instead of one `reindex` per dossier)."""
        rules = transliteration()
        for start in range(0, len(dossier_ids), _BULK):
            chunk = dossier_ids[start : start + _BULK]
            marks = ",".join("?" * len(chunk))
            bodies = [
                (rowid, dossier_id, json.loads(body))
                for rowid, dossier_id, body in self._db.query(
                    f"SELECT rowid, id, body FROM dossier WHERE deleted = 0 AND id IN ({marks})",
                    chunk,
                )
            ]
            self._db.executemany(
                "INSERT INTO dossier_order(dossier, id, family_key, given_key) VALUES (?,?,?,?)",
                [(rowid, dossier_id, *list_order(body)) for rowid, dossier_id, body in bodies],
            )
            dossiers: dict[str, tuple[int, _Findable]] = {
                dossier_id: (rowid, _findable_of(body)) for rowid, dossier_id, body in bodies
            }
            for dossier_id, kind, body in self._db.query(
                "SELECT dossier_id, kind, body FROM record INDEXED BY record_dossier"
                f" WHERE dossier_id IN ({marks}) AND kind IN ('household_member', 'document')"
                " AND deleted = 0",
                chunk,
            ):
                if dossier_id in dossiers:
                    _add_part(dossiers[dossier_id][1], kind, json.loads(body))
            self._insert_index(dossiers.values(), rules)

    def _insert_index(
        self, dossiers: Iterable[tuple[int, _Findable]], rules: Transliteration
    ) -> None:
        """Terms and name keys of dossiers not in the index yet (rebuild and bulk insert)."""
        terms: list[tuple[int, str]] = []
        keys: list[tuple[str, int]] = []
        for rowid, f in dossiers:
            terms.append((rowid, terms_for(f.names, f.numbers, f.phones)))
            keys.extend((key, rowid) for key in _keys_for(f, rules))
        self._db.executemany("INSERT INTO dossier_search(rowid, terms) VALUES (?, ?)", terms)
        self._db.executemany("INSERT INTO search_name_key(key, dossier) VALUES (?, ?)", keys)
        self._db.executemany(
            "INSERT OR IGNORE INTO search_vocabulary(key) VALUES (?)",
            [(k,) for k in {k for k, _ in keys}],
        )

    # --- finding -------------------------------------------------------------------------------

    def find(self, query: str, limit: int = 500) -> list[str]:
        """Ids of matching dossiers, best match first: exact, then prefix, then tolerant."""
        phone = _phone_query(query)
        if phone is not None:
            found = self._matching(" OR ".join(f'"{t}"*' for t in phone), limit)
            return list(found.values())
        folded = fold(query)
        tokens = _TOKEN.findall(folded)
        if not tokens:
            return []
        ids = self._matching(_quoted(tokens, prefix=True), limit)
        scores = dict.fromkeys(ids, PREFIX)
        if ids:
            exact = self._db.query(
                "SELECT rowid FROM dossier_search WHERE dossier_search MATCH ?",
                (_quoted(tokens, prefix=False),),
            )
            scores.update((r[0], EXACT) for r in exact if r[0] in scores)
        if not self._only_as_typed(folded, tokens):
            tolerant = self._tolerant(folded, known=scores.keys())
            scores.update(tolerant)
            ids.update(self._ids_of(list(tolerant)))
        # Stable: within a tier the dossiers entered first come first.
        ranked = sorted(scores, key=lambda rowid: -scores[rowid])[:limit]
        return [ids[rowid] for rowid in ranked]

    def _matching(self, expression: str, limit: int) -> dict[int, str]:
        """rowid -> id of the dossiers the full-text index finds, in rowid order."""
        rows = self._db.query(
            "SELECT s.rowid, d.id FROM dossier_search s JOIN dossier d ON d.rowid = s.rowid"
            " WHERE dossier_search MATCH ? LIMIT ?",
            (expression, limit),
        )
        return dict(rows)

    def _ids_of(self, rowids: list[int]) -> list[tuple[int, str]]:
        if not rowids:
            return []
        return self._db.query(
            "SELECT d.rowid, d.id FROM json_each(?) j JOIN dossier d ON d.rowid = j.value",
            (json.dumps(rowids),),
        )

    @staticmethod
    def _only_as_typed(folded: str, tokens: list[str]) -> bool:
        """Words that keep their form as keys and allow no fuzzy match (Arabic script,
        numbers) find nothing the full-text tiers have not found already."""
        rules = transliteration()
        return rules.keys(folded) == tokens and all(rules.exact_only(t) for t in tokens)

    def _tolerant(self, folded_query: str, known: Collection[int]) -> dict[int, float]:
        """Dossiers not `known` whose name keys match every key of the query, by rowid, with
        the mean score from 0 to 1."""
        rules = transliteration()
        per_word: list[dict[int, float]] = []
        for word in rules.keys(folded_query):
            matches = self._similar_keys(word, rules)
            best: dict[int, float] = {}
            rows = self._db.query(
                "SELECT k.dossier, k.key FROM json_each(?) j"
                " JOIN search_name_key k ON k.key = j.value",
                (json.dumps(list(matches), ensure_ascii=False),),
            )
            for dossier, key in rows:
                score = matches[key]
                if score > best.get(dossier, 0.0):
                    best[dossier] = score
            if not best:
                return {}
            per_word.append(best)
        if not per_word:
            return {}
        if len(per_word) == 1:
            return {d: score / 100 for d, score in per_word[0].items() if d not in known}
        per_word.sort(key=len)
        common = set(per_word[0]).intersection(*per_word[1:]).difference(known)
        return {d: sum(w[d] for w in per_word) / (100 * len(per_word)) for d in common}

    def _similar_keys(self, word: str, rules: Transliteration) -> dict[str, float]:
        """Keys of the vocabulary that match `word`, with a score from 0 to 100."""
        matches: dict[str, float] = {}
        if len(word) >= rules.min_prefix_length:
            # The beginning of a key, as someone types "Fatim" for Fatima.
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
