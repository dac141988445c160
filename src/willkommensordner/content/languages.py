"""The languages of the newcomers: names in their own script, writing direction, fallbacks."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from babel import Locale, UnknownLocaleError

from willkommensordner.domain.language import EASY_GERMAN as EASY_GERMAN

SOURCE_LANGUAGE = "de"

# The order is the order of the language switcher: source first, then by how many
# newcomers in German municipalities read the language.
SUPPORTED_LANGUAGES: tuple[str, ...] = (
    "de",
    "en",
    "ar",
    "fa",
    "fa_AF",
    "ps",
    "uk",
    "ru",
    "tr",
    "ti",
    "ku",
    "ro",
    "bg",
    "sq",
    "fr",
)

# Where a reader goes when a page is missing in their language. Dari readers read Iranian
# Persian well; for Kurmanji there is no closer written language we may assume, so English.
# Every chain ends in German, the language of the source pages and of the authorities.
_FALLBACKS: dict[str, tuple[str, ...]] = {
    "fa_AF": ("fa", "en", "de"),
    "ku": ("en", "de"),
    "de": (),
    "en": ("de",),
    EASY_GERMAN: ("de",),
}

# Babel names a few languages in a way newcomers would not recognise (e.g. "فارسی
# (افغانستان)" for Dari); these win over Babel's display name.
_OWN_NAMES: dict[str, str] = {
    "ku": "Kurdî (Kurmancî)",
    EASY_GERMAN: "Deutsch (einfach)",
}


def normalize(code: str) -> str:
    """`fa-AF`, `fa_af` → `fa_AF`; unknown shapes are returned unchanged."""
    code = code.strip()
    if code.lower().replace("_", "-") == EASY_GERMAN:
        return EASY_GERMAN
    code = code.replace("-", "_")
    if "_" in code:
        lang, _, region = code.partition("_")
        return f"{lang.lower()}_{region.upper()}"
    return code.lower()


def fallback_chain(code: str) -> tuple[str, ...]:
    """The languages to try, in order, starting with `code` itself and ending in German."""
    code = normalize(code)
    if code in _FALLBACKS:
        rest = _FALLBACKS[code]
    else:
        base = code.split("_")[0]
        rest = ((base,) if base != code else ()) + ("en", SOURCE_LANGUAGE)
    chain: list[str] = []
    for lang in (code, *rest, SOURCE_LANGUAGE):
        if lang not in chain:
            chain.append(lang)
    return tuple(chain)


@cache
def _locale(code: str) -> Locale | None:
    try:
        return Locale.parse(normalize(code))
    except (UnknownLocaleError, ValueError):
        return None


def own_name(code: str) -> str:
    """The language's name in its own script: العربية, فارسی, دری, ትግርኛ, українська …"""
    code = normalize(code)
    if code in _OWN_NAMES:
        return _OWN_NAMES[code]
    locale = _locale(code)
    if locale is None:
        return code
    # The locale's own table names regional variants properly (fa_AF → "دری"), whereas
    # get_display_name() would give "فارسی (افغانستان)".
    name = locale.languages.get(code) or locale.get_display_name(code) or code
    return (
        str(name[:1].upper() + name[1:]) if locale.character_order == "left-to-right" else str(name)
    )


def name_in(code: str, reader: str) -> str:
    """The name of language `code` in the reader's language (for notices), else its own name."""
    reader_locale = _locale(reader) or _locale(reader.split("_")[0])
    if reader_locale is not None:
        name = reader_locale.languages.get(normalize(code))
        if name:
            return str(name)
    return own_name(code)


def direction(code: str) -> str:
    """ "rtl" or "ltr", from the locale's character order (Arabic, Persian, Dari, Pashto: rtl)."""
    locale = _locale(code) or _locale(code.split("_")[0].replace("-", "_"))
    if locale is not None and locale.character_order == "right-to-left":
        return "rtl"
    return "ltr"


def is_known(code: str) -> bool:
    code = normalize(code)
    return code in SUPPORTED_LANGUAGES or code == EASY_GERMAN or _locale(code) is not None


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # in its own script
    direction: str  # "ltr" or "rtl"

    @property
    def is_rtl(self) -> bool:
        return self.direction == "rtl"


def language(code: str) -> Language:
    code = normalize(code)
    return Language(code, own_name(code), direction(code))
