"""What text a record accepts: one rule for every field, so odd input fails the same way.

Names come from papers in many scripts. We keep ZWJ/ZWNJ (Persian needs them) but remove
bidi embedding and override controls, which can make a name display as something else.
"""

from __future__ import annotations

import re
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


# Unicode's category Cc is exactly these code points; one regular expression checks a value in
# a single pass (every field of every record goes through here, demo caseloads of 100,000 too).
_BIDI = re.compile("[" + "".join(sorted(BIDI_CONTROLS)) + "]")
_CONTROL_LINE = re.compile("[\x00-\x1f\x7f-\x9f]")
_CONTROL_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _base_clean(value: str, *, multiline: bool, limit: int) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput(N_("The text contains characters that are not valid.")) from None
    if not value.isascii():
        value = _BIDI.sub("", unicodedata.normalize("NFC", value))
    control = (_CONTROL_TEXT if multiline else _CONTROL_LINE).search(value)
    if control is not None:
        if control.group() in "\r\n\t" and not multiline:
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
