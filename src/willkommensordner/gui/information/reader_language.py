"""The content language for a language code as dossiers and settings store it."""

from __future__ import annotations

from willkommensordner.content.languages import normalize

# Dossiers may store Dari as ISO 639-3 "prs"; content packs use the locale "fa_AF".
_ALIASES = {"prs": "fa_AF", "fa_af": "fa_AF"}


def reader_language(code: str) -> str:
    code = (code or "de").strip()
    return _ALIASES.get(code.lower(), normalize(code))
