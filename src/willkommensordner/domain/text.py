"""What text a record accepts: one rule for every field, so odd input fails the same way.

Names come from papers in many scripts. We keep ZWJ/ZWNJ (Persian needs them) but remove
bidi embedding and override controls, which can make a name display as something else.
"""

from __future__ import annotations

import unicodedata
from typing import Annotated

from pydantic import AfterValidator

from willkommensordner.errors import InvalidInput
from willkommensordner.i18n import N_

BIDI_CONTROLS = frozenset(
    "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c"
)
MAX_LINE = 200
MAX_TEXT = 20_000


def _base_clean(value: str, *, multiline: bool, limit: int) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput(N_("The text contains characters that are not valid.")) from None
    value = unicodedata.normalize("NFC", value)
    value = "".join(ch for ch in value if ch not in BIDI_CONTROLS)
    allowed = {"\n", "\t"} if multiline else set()
    for ch in value:
        if unicodedata.category(ch) == "Cc" and ch not in allowed:
            if ch in "\r\n\t" and not multiline:
                raise InvalidInput(N_("This field takes a single line."))
            raise InvalidInput(N_("The text contains invisible control characters."))
    value = value.replace("\r\n", "\n").strip()
    if len(value) > limit:
        raise InvalidInput(N_("The text is too long (at most {limit} characters)."), limit=limit)
    return value


def clean_line(value: str) -> str:
    return _base_clean(value, multiline=False, limit=MAX_LINE)


def clean_text(value: str) -> str:
    return _base_clean(value, multiline=True, limit=MAX_TEXT)


def clean_name(value: str) -> str:
    value = clean_line(value)
    for ch in value:
        if unicodedata.category(ch) in ("So", "Sk", "Co", "Cs", "Cn") and ch not in "'`´":
            raise InvalidInput(N_("A name cannot contain symbols or emoji."))
    return " ".join(value.split())


Line = Annotated[str, AfterValidator(clean_line)]
Text = Annotated[str, AfterValidator(clean_text)]
Name = Annotated[str, AfterValidator(clean_name)]
