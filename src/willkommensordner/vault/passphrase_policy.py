"""Which passphrases we accept, with the reason when we refuse one."""

from __future__ import annotations

from dataclasses import dataclass

from willkommensordner.errors import InvalidInput
from willkommensordner.i18n import N_

MIN_LENGTH = 12
_COMMON = frozenset(
    {
        "passwort1234",
        "password1234",
        "123456789012",
        "qwertzuiopü+",
        "willkommensordner",
        "hallohallo12",
        "sommer2026!!",
    }
)


@dataclass(frozen=True, slots=True)
class Strength:
    score: int  # 0 (refused) … 4 (strong)
    hint: str  # msgid


def strength(passphrase: str) -> Strength:
    """A rough, explainable estimate for the strength bar; the hard rule is `check_new`."""
    length = len(passphrase)
    classes = sum(
        (
            any(c.islower() for c in passphrase),
            any(c.isupper() for c in passphrase),
            any(c.isdigit() for c in passphrase),
            any(not c.isalnum() for c in passphrase),
        )
    )
    distinct = len(set(passphrase))
    if length < MIN_LENGTH:
        return Strength(0, N_("Use at least 12 characters."))
    if distinct < 5 or passphrase.casefold() in _COMMON:
        return Strength(0, N_("This passphrase is too easy to guess."))
    score = 1 + (length >= 16) + (length >= 20 or classes >= 3) + (distinct >= 12)
    hints = {
        1: N_("Acceptable. A few more words make it much stronger."),
        2: N_("Good."),
        3: N_("Strong."),
        4: N_("Very strong."),
    }
    return Strength(min(score, 4), hints[min(score, 4)])


def check_new(passphrase: str) -> None:
    result = strength(passphrase)
    if result.score == 0:
        raise InvalidInput(result.hint)
