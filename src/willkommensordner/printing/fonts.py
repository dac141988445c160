"""The embedded fonts: one `Face` per font file, registered with reportlab on first use.

Every glyph we draw comes from the harfbuzz shaper, not from a character map, so a face hands
out a *code* per (glyph id, text) pair: the character itself when the font's cmap maps it to
that glyph, otherwise a code from the Supplementary Private Use Area. The PDF's ToUnicode map
then sends each code back to the text the glyph stands for (a contextual Arabic form to its
letter, a lam-alef ligature to both letters), so copy-paste, search and screen readers see
the real text and not private-use characters or presentation forms.
"""

from __future__ import annotations

import hashlib
import io
import threading
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

import uharfbuzz as hb
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFName
from reportlab.pdfbase.ttfonts import TTFont

# Supplementary Private Use Area-A: far away from anything a font's cmap could map.
_FIRST_PRIVATE_CODE = 0xF0000

# Family -> (regular file, bold file). Order of FALLBACK_ORDER decides who wins a character
# several fonts have when there is no neighbouring run to stick to.
_FILES: dict[str, tuple[str, str]] = {
    "latin": ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
    "arabic": ("NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf"),
    "ethiopic": ("NotoSansEthiopic-Regular.ttf", "NotoSansEthiopic-Bold.ttf"),
}
FALLBACK_ORDER: tuple[str, ...] = ("latin", "arabic", "ethiopic")
# OpenType script tags for harfbuzz, per family ("latin" also covers Cyrillic).
FAMILY_SCRIPT: dict[str, str] = {"latin": "Latn", "arabic": "Arab", "ethiopic": "Ethi"}

_lock = threading.Lock()


class GlyphFont(TTFont):  # type: ignore[misc]
    """A reportlab TrueType font whose codes are shaped glyphs with their own ToUnicode text."""

    def __init__(self, name: str, data: io.BytesIO) -> None:
        super().__init__(name, data, asciiReadable=False, shapable=False)
        self._code_of: dict[tuple[int, str], int] = {}
        self._text_of: dict[int, str] = {}
        self._next_code = _FIRST_PRIVATE_CODE
        cmap: dict[int, int] = self.face.charToGlyph
        self._cmap = dict(cmap)

    def code_for(self, gid: int, text: str, width: int) -> int:
        """The code that draws glyph `gid` and extracts as `text` (width in 1/1000 em)."""
        key = (gid, text)
        code = self._code_of.get(key)
        if code is not None:
            return code
        with _lock:
            code = self._code_of.get(key)
            if code is not None:
                return code
            if len(text) == 1 and self._cmap.get(ord(text)) == gid and ord(text) != 0xA0:
                code = ord(text)
            else:
                code = self._next_code
                self._next_code += 1
                self.face.charToGlyph[code] = gid
                self.face.charWidths[code] = width
                self._text_of[code] = text
            self._code_of[key] = code
            return code

    def addObjects(self, doc: Any) -> None:  # noqa: N802 - reportlab's name
        state = self._assignState(doc)
        subsets = [list(subset) for subset in state.subsets]
        internal = [self.getSubsetInternalName(i, doc)[1:] for i in range(len(subsets))]
        super().addObjects(doc)  # forgets the document's state when done
        # reportlab wrote a ToUnicode map with one code point per code; ours maps private
        # codes to the text they stand for (possibly several characters, possibly none).
        for index, (name, subset) in enumerate(zip(internal, subsets, strict=True)):
            font_obj = doc.idToObject["BasicFonts"].dict[name]
            # reportlab tags subset n of every font alike ("AAAAAA+" for the first); the PDF
            # format wants a distinct tag per subset in a document.
            base_font = f"{_subset_tag(self.fontName, index)}+{font_obj.BaseFont.split('+', 1)[1]}"
            font_obj.BaseFont = base_font
            descriptor = doc.idToObject[font_obj.FontDescriptor.name]
            descriptor.dict["FontName"] = PDFName(base_font)
            cmap_ref = font_obj.ToUnicode
            stream = doc.idToObject[cmap_ref.name]
            stream.content = self._to_unicode_cmap(base_font, subset)

    def _to_unicode_cmap(self, base_font: str, subset: list[int]) -> str:
        entries = []
        for byte, code in enumerate(subset):
            text = self._text_of.get(code, chr(code))
            utf16 = text.encode("utf-16-be").hex().upper()
            # A glyph whose text another glyph carries (a raised mark, the second glyph of
            # a split letter) maps to no text at all.
            entries.append(f"<{byte:02X}> <{utf16}>")
        lines = [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
            f"/CMapName /{base_font.replace('+', '-')}-UCS def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            "<00> <FF>",
            "endcodespacerange",
        ]
        for start in range(0, len(entries), 100):  # at most 100 entries per block (PDF spec)
            chunk = entries[start : start + 100]
            lines += [f"{len(chunk)} beginbfchar", *chunk, "endbfchar"]
        lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
        return "\n".join(lines)


def _subset_tag(font_name: str, index: int) -> str:
    """Six capital letters naming subset `index` of a font, the same in every document."""
    digest = hashlib.sha256(f"{font_name}/{index}".encode()).digest()
    return "".join(chr(ord("A") + byte % 26) for byte in digest[:6])


@dataclass(frozen=True, eq=False)
class Face:
    """One font file at one weight: the reportlab font, the harfbuzz font and its coverage."""

    family: str
    bold: bool
    name: str  # reportlab font name
    pdf_font: GlyphFont
    hb_font: Any  # uharfbuzz.Font, scaled to 1000 units per em
    coverage: frozenset[int]
    script: str
    carrier_gid: int  # an invisible zero-width glyph (ZWSP/ZWNJ), 0 if the font has none

    def covers(self, char: str) -> bool:
        return ord(char) in self.coverage

    def code_for(self, gid: int, text: str, width: float) -> int:
        return self.pdf_font.code_for(gid, text, round(width))


@cache
def face(family: str, bold: bool = False) -> Face:
    """The face of a family and weight, loaded and registered with reportlab on first use."""
    filename = _FILES[family][1 if bold else 0]
    # Read the bytes: works from a wheel, a zip or a PyInstaller bundle alike.
    data = files("willkommensordner.resources").joinpath("fonts", filename).read_bytes()
    name = "Wko" + filename.removesuffix(".ttf")
    pdf_font = GlyphFont(name, io.BytesIO(data))
    pdfmetrics.registerFont(pdf_font)
    hb_font = hb.Font(hb.Face(hb.Blob(data)))
    # Scale to 1000 units per em so advances are in PDF glyph-space units.
    hb_font.scale = (1000, 1000)
    coverage = frozenset(pdf_font._cmap)
    carrier = 0
    for char in (0x200B, 0x200C, 0x200D):
        gid = hb_font.get_nominal_glyph(char)
        if gid and hb_font.get_glyph_h_advance(gid) == 0:
            carrier = gid
            break
    return Face(family, bold, name, pdf_font, hb_font, coverage, FAMILY_SCRIPT[family], carrier)


def faces(bold: bool = False) -> tuple[Face, ...]:
    """All faces of a weight in fallback order."""
    return tuple(face(family, bold) for family in FALLBACK_ORDER)


def base_font_name() -> str:
    """A registered embedded font for places reportlab draws text itself (canvas default)."""
    return face("latin").name
