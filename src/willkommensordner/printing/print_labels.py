"""The print vocabulary of the folders ("Terminübersicht", "Was mitbringen", …) in every
content language, from resources/print_labels.json.

German is the source; the other languages are machine-made until a person checks them, like
the content pack's translations, so a page that prints them carries the machine-translation
notice. A label missing in a language falls back to English, then German.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

from willkommensordner.content.languages import normalize
from willkommensordner.paths import resource

SOURCE = "de"
_FALLBACK = ("en", SOURCE)


@dataclass(frozen=True)
class _Catalogue:
    labels: dict[str, dict[str, str]]  # language -> key -> text
    status: dict[str, str]  # language -> "source" | "machine-made" | "reviewed"


@cache
def _catalogue() -> _Catalogue:
    data = json.loads(resource("print_labels.json").read_text(encoding="utf-8"))
    languages: dict[str, dict[str, object]] = data["languages"]
    return _Catalogue(
        labels={code: dict(entry["labels"]) for code, entry in languages.items()},  # type: ignore[call-overload]
        status={code: str(entry["status"]) for code, entry in languages.items()},
    )


def _chain(lang: str) -> list[str]:
    code = normalize(lang)
    chain = [code]
    if "_" in code:
        chain.append(code.split("_")[0])
    return chain + [c for c in _FALLBACK if c not in chain]


def text_and_language(key: str, lang: str) -> tuple[str, str]:
    """The label in `lang` (or along the fallback chain) and the language it is written in."""
    catalogue = _catalogue()
    for candidate in _chain(lang):
        found = catalogue.labels.get(candidate, {}).get(key)
        if found is not None:
            return found, candidate
    raise KeyError(key)


def text(key: str, lang: str, **params: object) -> str:
    """The label in `lang`; `{name}` placeholders are filled from `params`."""
    found = text_and_language(key, lang)[0]
    return found.format(**params) if params else found


def machine_made(lang: str) -> bool:
    """True when labels printed for a reader of `lang` include machine-made ones."""
    catalogue = _catalogue()
    return any(
        catalogue.status.get(candidate) == "machine-made"
        for candidate in (_chain(lang)[0], text_and_language("folder_title", lang)[1])
    )


def languages() -> frozenset[str]:
    return frozenset(_catalogue().labels)


def keys() -> frozenset[str]:
    return frozenset(_catalogue().labels[SOURCE])
