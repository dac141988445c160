"""The recovery key a counsellor prints and locks away: 160 random bits, typo-checked."""

from __future__ import annotations

import base64
import hashlib
import secrets

from willkommensordner.errors import InvalidInput
from willkommensordner.i18n import N_

_KEY_BYTES = 20
# Characters people confuse when they type a key from paper.
_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})


def generate() -> str:
    return format_key(secrets.token_bytes(_KEY_BYTES))


def format_key(raw: bytes) -> str:
    body = base64.b32encode(raw).decode("ascii")
    check = base64.b32encode(hashlib.sha256(raw).digest()[:5]).decode("ascii")[:4]
    text = body + check
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def parse(text: str) -> bytes:
    """The raw key from what the user typed; a typo gives a message, never a wrong key."""
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum()).translate(_LOOKALIKES)
    if len(cleaned) != 36:
        raise InvalidInput(N_("A recovery key has 36 letters and digits in groups of four."))
    try:
        raw = base64.b32decode(cleaned[:32])
    except ValueError:
        raise InvalidInput(N_("This is not a recovery key: please check for typos.")) from None
    if format_key(raw).replace("-", "") != cleaned:
        raise InvalidInput(N_("This is not a recovery key: please check for typos."))
    return raw
