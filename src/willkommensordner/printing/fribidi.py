"""GNU FriBidi through ctypes: the Unicode bidi algorithm (UAX #9) for one paragraph.

FriBidi passes the whole of Unicode's conformance suite (BidiTest.txt, BidiCharacterTest.txt;
see tests/test_printing_bidi_conformance.py); ICU's ubidi does not (overrides around isolates,
marks after brackets) and python-bidi's Rust core gives no levels. The library is loaded on
first use, not at import.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from functools import cache

from willkommensordner.errors import NotFound
from willkommensordner.i18n import N_

# FriBidiParType values (fribidi-bidi-types.h): strong left, strong right, "from the text".
PAR_LTR = 0x110
PAR_RTL = 0x111
PAR_ON = 0x40
_RTL_MASK = 0x1

# The names the library has on each system: Debian's libfribidi0, MSYS2's DLL, Homebrew's.
_LIBRARY_NAMES = {
    "win32": ("fribidi-0.dll", "libfribidi-0.dll"),
    "darwin": ("libfribidi.0.dylib",),
}
_DEFAULT_NAMES = ("libfribidi.so.0",)

_Chars = ctypes.c_uint32
_Types = ctypes.c_uint32
_Level = ctypes.c_int8
_Index = ctypes.c_int


class _FriBidi:
    def __init__(self, library: ctypes.CDLL) -> None:
        self.library = library
        self.get_bidi_types = library.fribidi_get_bidi_types
        self.get_bidi_types.argtypes = [ctypes.POINTER(_Chars), _Index, ctypes.POINTER(_Types)]
        self.get_bidi_types.restype = None
        self.get_bracket_types = library.fribidi_get_bracket_types
        self.get_bracket_types.argtypes = [
            ctypes.POINTER(_Chars),
            _Index,
            ctypes.POINTER(_Types),
            ctypes.POINTER(_Types),
        ]
        self.get_bracket_types.restype = None
        self.get_par_embedding_levels = library.fribidi_get_par_embedding_levels_ex
        self.get_par_embedding_levels.argtypes = [
            ctypes.POINTER(_Types),
            ctypes.POINTER(_Types),
            _Index,
            ctypes.POINTER(_Types),
            ctypes.POINTER(_Level),
        ]
        self.get_par_embedding_levels.restype = _Level
        self.reorder_line = library.fribidi_reorder_line
        self.reorder_line.argtypes = [
            ctypes.c_uint32,
            ctypes.POINTER(_Types),
            _Index,
            _Index,
            _Types,
            ctypes.POINTER(_Level),
            ctypes.POINTER(_Chars),
            ctypes.POINTER(_Index),
        ]
        self.reorder_line.restype = _Level


@cache
def _fribidi() -> _FriBidi:
    names = [ctypes.util.find_library("fribidi")]
    names += _LIBRARY_NAMES.get(sys.platform, _DEFAULT_NAMES)
    for name in names:
        if not name:
            continue
        try:
            return _FriBidi(ctypes.CDLL(name))
        except OSError:
            continue
    raise NotFound(
        N_("Printing needs the GNU FriBidi library (Debian package libfribidi0); it was not found.")
    )


def unicode_version() -> str:
    """The Unicode version of the loaded library's character tables."""
    fribidi_unicode_version = ctypes.c_char_p.in_dll(_fribidi().library, "fribidi_unicode_version")
    return (fribidi_unicode_version.value or b"").decode("ascii")


class Resolved:
    """The bidi types and resolved levels of one paragraph, as FriBidi keeps them."""

    __slots__ = ("_types", "levels", "rtl")

    def __init__(self, text: str, direction: int) -> None:
        fribidi = _fribidi()
        length = len(text)
        chars = (_Chars * length)(*map(ord, text))
        self._types = (_Types * length)()
        brackets = (_Types * length)()
        levels = (_Level * length)()
        base = _Types(direction)
        fribidi.get_bidi_types(chars, length, self._types)
        fribidi.get_bracket_types(chars, length, self._types, brackets)
        if length and not fribidi.get_par_embedding_levels(
            self._types, brackets, length, ctypes.byref(base), levels
        ):
            raise MemoryError("FriBidi could not resolve a paragraph")
        self.rtl = bool(base.value & _RTL_MASK)
        self.levels: tuple[int, ...] = tuple(levels)

    def line_levels(self, start: int, end: int) -> list[int]:
        """Levels of the line text[start:end] after rule L1 (FriBidi's reorder_line)."""
        levels = (_Level * len(self.levels))(*self.levels)
        base = PAR_RTL if self.rtl else PAR_LTR
        if end > start and not _fribidi().reorder_line(
            0, self._types, end - start, start, base, levels, None, None
        ):
            raise MemoryError("FriBidi could not lay out a line")
        return list(levels[start:end])
