"""Message catalogs for everything outside Qt: CLI output, errors, validation, PDF labels.

Code marks a message with `N_()` where it is defined and translates it with a `Translator`
where it is shown, so that core objects stay language-neutral. There is deliberately no
builtin `_`: each view or command holds the translator it was given.
"""

from __future__ import annotations

import gettext
import locale
import os
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache

from willkommensordner.paths import resource

DOMAIN = "willkommensordner"
DEFAULT_LANGUAGE = "de"
UI_LANGUAGES = ("de", "en", "ar")
RTL_LANGUAGES = frozenset({"ar", "fa", "fa_AF", "prs", "ps", "ckb", "ur", "he"})


def N_(message: str) -> str:  # noqa: N802 - the conventional gettext marker name
    """Mark a string for extraction without translating it here."""
    return message


def placeholders(text: str) -> frozenset[str]:
    """The `{name}` fields of a message; translations must use exactly the same ones."""
    names: set[str] = set()
    try:
        for _literal, field, _spec, _conv in string.Formatter().parse(text):
            if field is not None:
                names.add(field)
    except ValueError:
        return frozenset({"<malformed>"})
    return frozenset(names)


@dataclass(frozen=True, slots=True)
class Message:
    """A translatable text placed into another message's placeholder (e.g. a `{reason}`): it
    is translated with the message around it, so a German message never carries English."""

    msgid: str
    params: Mapping[str, object] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.msgid.format_map(_KeepMissing(self.params))


class Translator:
    """Translates msgids, refusing any translation whose placeholders differ from the msgid's.

    A broken translation must never crash a dialog or leak a `KeyError` to the user: the
    English original is shown instead (the approach Electrum takes).
    """

    def __init__(self, catalog: gettext.NullTranslations, language: str) -> None:
        self._catalog = catalog
        self.language = language

    @property
    def is_rtl(self) -> bool:
        return self.language.split("_")[0] in RTL_LANGUAGES or self.language in RTL_LANGUAGES

    def gettext(self, message: str) -> str:
        translated = self._catalog.gettext(message)
        if translated != message and placeholders(translated) != placeholders(message):
            return message
        return translated

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        translated = self._catalog.ngettext(singular, plural, n)
        original = singular if n == 1 else plural
        if translated != original and placeholders(translated) != placeholders(original):
            return original
        return translated

    def format(self, message: str, params: Mapping[str, object] | None = None) -> str:
        """Translate, then fill placeholders; a missing parameter leaves the field visible."""
        text = self.gettext(message)
        filled = {
            name: self.format(value.msgid, value.params) if isinstance(value, Message) else value
            for name, value in (params or {}).items()
        }
        return text.format_map(_KeepMissing(filled))


class _KeepMissing(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@cache
def translator(language: str) -> Translator:
    """The translator for a UI language; unknown languages fall back to English msgids."""
    localedir = resource("locale")
    catalog: gettext.NullTranslations
    try:
        with (localedir / language / "LC_MESSAGES" / f"{DOMAIN}.mo").open("rb") as fh:
            catalog = gettext.GNUTranslations(fh)
    except (FileNotFoundError, OSError):
        catalog = gettext.NullTranslations()
    return Translator(catalog, language)


def system_language(environ: Mapping[str, str] | None = None) -> str:
    """The UI language the environment asks for: German unless it clearly asks for another.

    LANGUAGE is an explicit wish and comes first; then the locale, from the first of LC_ALL,
    LC_MESSAGES, LANG that is set. "C", "C.UTF-8" and "POSIX" choose no language, so the
    default applies. Without any of them the process locale is asked, except where Python
    reports the coerced "C.UTF-8" as "en_US".
    """
    env = os.environ if environ is None else environ
    chosen = next((env[var] for var in ("LC_ALL", "LC_MESSAGES", "LANG") if env.get(var)), "")
    for value in (env.get("LANGUAGE", ""), chosen):
        code = value.split(":")[0].split(".")[0].split("@")[0].split("_")[0].lower()
        if code in UI_LANGUAGES:
            return code
        if code and not _is_c_locale(value):
            return "en"
    if environ is None and not chosen:
        if _is_c_locale(locale.setlocale(locale.LC_CTYPE) or "C"):
            return DEFAULT_LANGUAGE
        code = (locale.getlocale()[0] or "").split("_")[0].lower()
        if code in UI_LANGUAGES:
            return code
    return DEFAULT_LANGUAGE


def _is_c_locale(value: str) -> bool:
    return value.split(".")[0] in ("C", "POSIX")
