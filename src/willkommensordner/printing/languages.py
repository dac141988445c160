"""What the text layer needs to know about a language: its writing direction and shaper tag."""

from __future__ import annotations

# Languages written right to left (ISO 639-1/-3 codes as the app uses them).
RTL_LANGUAGES = frozenset({"ar", "fa", "prs", "ps", "ckb", "ur", "he", "ku-arab"})

# BCP 47 tags harfbuzz understands for language-specific forms (e.g. Persian/Urdu digits and
# letter variants through the 'locl' feature). Dari uses the Persian forms.
_HARFBUZZ_LANGUAGE = {"prs": "fa", "ku-arab": "ckb", "ku": "kmr", "de-x-easy": "de"}


def is_rtl(language: str) -> bool:
    """True when `language` (e.g. "ar", "fa", "de") is written right to left."""
    return language.lower() in RTL_LANGUAGES


def shaper_language(language: str) -> str:
    """The language tag handed to harfbuzz."""
    code = language.lower()
    return _HARFBUZZ_LANGUAGE.get(code, code)
