"""The newcomers' languages offered in pick lists, with names in the UI language."""

from __future__ import annotations

from functools import cache

from babel import Locale, UnknownLocaleError

from willkommensordner.domain.language import EASY_GERMAN
from willkommensordner.i18n import N_, Translator

# Most frequent first (DOMAIN.md); German for people who read it already.
NEWCOMER_LANGUAGES = (
    "de",
    EASY_GERMAN,
    "ar",
    "fa",
    "prs",
    "ps",
    "ku",
    "ckb",
    "ti",
    "am",
    "so",
    "tr",
    "ru",
    "uk",
    "ro",
    "bg",
    "sq",
    "sr",
    "bs",
    "mk",
    "fr",
    "en",
)
# Babel knows no names for these; msgids so that the UI language names them.
_OWN_NAMES = {
    "ku": N_("Kurdish (Kurmanji)"),
    "ckb": N_("Kurdish (Sorani)"),
    "prs": N_("Dari"),
    EASY_GERMAN: N_("German (easy)"),
}


@cache
def _babel_name(code: str, ui_language: str) -> str:
    try:
        return str(Locale.parse(ui_language).languages.get(code) or "")
    except (UnknownLocaleError, ValueError):
        return ""


def language_name(code: str, tr: Translator) -> str:
    if code in _OWN_NAMES:
        return tr.gettext(_OWN_NAMES[code])
    return _babel_name(code, tr.language) or _babel_name(code, "en") or code


def native_name(code: str) -> str:
    """The language's name for itself, so a newcomer can point at it."""
    if code in ("ku",):
        return "Kurmancî"
    if code == "ckb":
        return "کوردیی ناوەندی"
    if code == "prs":
        return "دری"
    if code == EASY_GERMAN:
        return "Deutsch (einfach)"
    return _babel_name(code, code)
