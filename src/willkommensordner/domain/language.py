"""Language codes and CEFR levels, checked against Babel's locale data."""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from typing import Annotated

from babel import Locale, UnknownLocaleError
from pydantic import AfterValidator, BaseModel, ConfigDict

from willkommensordner.errors import InvalidInput
from willkommensordner.i18n import N_

# Babel has no locale data for a few languages our newcomers speak.
_EXTRA_LANGUAGES = frozenset({"ku", "prs", "ckb"})

# Easy German (Leichte / Einfache Sprache): a reading variant of German, as a private-use
# BCP 47 tag. Newcomers may read it instead of, or beside, their own language.
EASY_GERMAN = "de-x-easy"


class CefrLevel(StrEnum):
    NONE = "none"
    A1 = "A1"
    A2 = "A2"
    B1 = "B1"
    B2 = "B2"
    C1 = "C1"
    C2 = "C2"
    NATIVE = "native"


@cache
def _known(code: str) -> bool:
    if code.split("_")[0] in _EXTRA_LANGUAGES:
        return True
    try:
        Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return False
    return True


def check_language(code: str) -> str:
    if code.strip().lower().replace("_", "-") == EASY_GERMAN:
        return EASY_GERMAN
    code = code.strip().replace("-", "_")
    if not code or not _known(code):
        raise InvalidInput(N_("'{code}' is not a known language code."), code=code[:20])
    return code


def check_country(code: str) -> str:
    code = code.strip().upper()
    if code not in Locale("en").territories or not code.isalpha():
        raise InvalidInput(N_("'{code}' is not a known country code."), code=code[:10])
    return code


LanguageCode = Annotated[str, AfterValidator(check_language)]
CountryCode = Annotated[str, AfterValidator(check_country)]


class LanguageSkill(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    language: LanguageCode
    level: CefrLevel | None = None
    reads_writes: bool | None = None
