"""Instant search over every name form, document number and phone number of a dossier.

Text is folded before it reaches FTS5 so that "Müller", "Muller" and "Mueller" meet, and
Arabic script matches with or without short vowels, hamza forms or tatweel.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from functools import cache

from willkommensordner.vault.database import Database

_ARABIC_FOLD = str.maketrans(
    {
        "\u0640": None,  # tatweel
        "\u0629": "\u0647",  # teh marbuta -> heh
        "\u0649": "\u064a",  # alef maksura -> yeh
        "\u06cc": "\u064a",  # Farsi yeh -> Arabic yeh
        "\u06a9": "\u0643",  # keheh -> kaf
        "\u0671": "\u0627",  # alef wasla -> alef
    }
)
_GERMAN_SPELLING = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}
)
_TOKEN = re.compile(r"\w+", re.UNICODE)
_PHONE_CHARS = re.compile(r"[\s\-/().]")


@cache
def _marks() -> dict[int, None]:
    """Combining marks and format controls of the BMP, for one C-speed `str.translate`."""
    return {
        cp: None
        for cp in range(0x10000)
        if unicodedata.category(chr(cp)) in ("Mn", "Me", "Cf") or unicodedata.combining(chr(cp))
    }


def fold(text: str) -> str:
    """Lower case without marks: diacritics, Arabic harakat and hamza seats all fall away."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_ARABIC_FOLD))
    kept = decomposed.translate(_marks())
    return unicodedata.normalize("NFC", kept).casefold().translate(_ARABIC_FOLD)


def sort_key(text: str) -> str:
    """Letters with marks sort right after their base letter ("Ț" with T, "Ö" with O)."""
    return unicodedata.normalize("NFKD", text).casefold()


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


def terms_for(names: Iterable[str], numbers: Iterable[str], phones: Iterable[str]) -> str:
    """The folded words a dossier can be found by."""
    words: list[str] = []
    for name in names:
        if not name:
            continue
        words.append(fold(name))
        spelled = name.translate(_GERMAN_SPELLING)
        if spelled != name:
            words.append(fold(spelled))
    for number in numbers:
        compact = fold(_PHONE_CHARS.sub("", number))
        if compact:
            words.append(compact)
    for phone in phones:
        words.extend(phone_forms(phone))
    return " ".join(words)


def match_expression(query: str) -> str | None:
    """An FTS5 query: every word of the input as a prefix; phone numbers as one run of digits."""
    compact = _PHONE_CHARS.sub("", query)
    if compact.lstrip("+").isdigit() and len(compact) >= 3:
        tokens = phone_forms(compact) if compact.startswith("+") else [compact]
        return " OR ".join(f'"{t}"*' for t in tokens)
    tokens = _TOKEN.findall(fold(query))
    if not tokens:
        return None
    words = " AND ".join(f'"{t}"*' for t in tokens)
    if len(tokens) == 1:
        return words
    # "L01X 00T47" as typed from a paper: also try the number as the one word it is stored as.
    return f'({words}) OR "{"".join(tokens)}"*'


class SearchIndex:
    def __init__(self, db: Database) -> None:
        self._db = db

    def reindex(self, dossier_id: str) -> None:
        row = self._db.execute(
            "SELECT rowid, body, deleted FROM dossier WHERE id = ?", (dossier_id,)
        ).fetchone()
        if row is None:
            return
        rowid, body, deleted = row
        self._db.execute("DELETE FROM dossier_search WHERE rowid = ?", (rowid,))
        if deleted:
            return
        self._db.execute(
            "INSERT INTO dossier_search(rowid, terms) VALUES (?, ?)",
            (rowid, self._terms(dossier_id, json.loads(body))),
        )

    def _terms(self, dossier_id: str, dossier: dict[str, object]) -> str:
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
        return terms_for(names, numbers, [str(dossier.get("phone") or "")])

    def rebuild(self) -> None:
        self._db.execute("DELETE FROM dossier_search")
        for (dossier_id,) in self._db.query("SELECT id FROM dossier WHERE deleted = 0"):
            self.reindex(dossier_id)

    def find(self, query: str, limit: int = 500) -> list[str]:
        """Ids of matching dossiers, best match first."""
        expression = match_expression(query)
        if expression is None:
            return []
        rows = self._db.query(
            "SELECT d.id FROM dossier_search s JOIN dossier d ON d.rowid = s.rowid"
            " WHERE dossier_search MATCH ? ORDER BY s.rank LIMIT ?",
            (expression, limit),
        )
        return [r[0] for r in rows]
