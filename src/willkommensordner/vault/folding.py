"""How names are folded before they are compared: "Müller" meets "Muller", "Yılmaz" meets
"Yilmaz", and Arabic script matches with or without short vowels, hamza forms or tatweel."""

from __future__ import annotations

import unicodedata
from functools import cache

_ARABIC_FOLD = str.maketrans(
    {
        "\u0640": None,  # tatweel
        "\u0629": "\u0647",  # teh marbuta -> heh
        "\u0649": "\u064a",  # alef maksura -> yeh
        "\u06cc": "\u064a",  # Farsi yeh -> Arabic yeh
        "\u06a9": "\u0643",  # keheh -> kaf
        "\u0671": "\u0627",  # alef wasla -> alef
    }
)

# Latin letters that Unicode does not decompose into a base letter and a mark.
_LATIN_FOLD = str.maketrans(
    {"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ħ": "h", "Ħ": "H"}
)


@cache
def _marks() -> dict[int, None]:
    """Combining marks and format controls of the BMP, for one C-speed `str.translate`."""
    return {
        cp: None
        for cp in range(0x10000)
        if unicodedata.category(chr(cp)) in ("Mn", "Me", "Cf") or unicodedata.combining(chr(cp))
    }


def fold(text: str) -> str:
    """Lower case without marks: diacritics, Arabic harakat and hamza seats all fall away."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_ARABIC_FOLD))
    kept = decomposed.translate(_marks())
    return (
        unicodedata.normalize("NFC", kept).casefold().translate(_ARABIC_FOLD).translate(_LATIN_FOLD)
    )


def sort_key(text: str) -> str:
    """Letters with marks sort right after their base letter ("Ț" with T, "Ö" with O)."""
    return unicodedata.normalize("NFKD", text).casefold()
