"""Build the fonts the PDF folders embed, from Debian's fonts-noto-core, into resources/fonts/.

Run once by a maintainer (`python packaging/build_fonts.py`); the results are committed so a
fresh install needs no system fonts. Needs fonttools (dev extra) and fonts-noto-core.

Why three fonts and not one merged font: the text layer picks a font per character run
(font fallback), so each script keeps its own, well-tested OpenType tables; merging GSUB/GPOS
of three families with pyftmerge is possible but fragile. We only subset: hinting is dropped
(print and PDF viewers do not need it) and Noto Sans keeps just the Latin, Cyrillic and
punctuation ranges our languages use, which keeps the committed files small.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from fontTools import subset

NOTO_DIR = Path("/usr/share/fonts/truetype/noto")
DEBIAN_COPYRIGHT = Path("/usr/share/doc/fonts-noto-core/copyright")
OUT_DIR = Path(__file__).resolve().parent.parent / "resources" / "fonts"

# Latin (incl. Romanian ș ț, Turkish, Kurmanji, Albanian, Polish, Vietnamese), Cyrillic
# (Ukrainian, Russian, Bulgarian), combining marks, punctuation, currency, № and simple shapes
# used for bullets and check boxes.
LATIN_CYRILLIC = (
    "U+0000-036F,U+0400-052F,U+1E00-1EFF,U+2000-206F,U+20A0-20CF,U+2100-214F,"
    "U+2190-21FF,U+2212,U+2215,U+25A0-25FF,U+2610-2612,U+2713-2714,U+FEFF,U+FFFD"
)

FONTS: dict[str, str] = {
    # output name: unicodes to keep ("*" = everything the font has)
    "NotoSans-Regular.ttf": LATIN_CYRILLIC,
    "NotoSans-Bold.ttf": LATIN_CYRILLIC,
    "NotoSansArabic-Regular.ttf": "*",
    "NotoSansArabic-Bold.ttf": "*",
    "NotoSansEthiopic-Regular.ttf": "*",
    "NotoSansEthiopic-Bold.ttf": "*",
}


def build_one(source: Path, target: Path, unicodes: str) -> None:
    options = subset.Options()
    options.layout_features = ["*"]  # shaping needs every GSUB/GPOS feature
    options.hinting = False
    options.glyph_names = False
    options.notdef_outline = True
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]  # keep copyright and licence names
    options.name_languages = [0x409]
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    if unicodes == "*":
        subsetter.populate(unicodes=font.getBestCmap().keys())
    else:
        subsetter.populate(unicodes=subset.parse_unicodes(unicodes))
    subsetter.subset(font)
    subset.save_font(font, str(target), options)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--source", type=Path, default=NOTO_DIR)
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for name, unicodes in FONTS.items():
        target = args.out / name
        build_one(args.source / name, target, unicodes)
        print(f"{target.name}: {target.stat().st_size // 1024} KiB")
    (args.out / "OFL.txt").write_text(ofl_text(DEBIAN_COPYRIGHT), encoding="utf-8")


def ofl_text(copyright_file: Path) -> str:
    """The OFL 1.1 text, taken from the Debian copyright file (DEP-5: indented, "." = blank)."""
    text = copyright_file.read_text(encoding="utf-8")
    # The stand-alone licence paragraph is the one whose "License:" line has indented text.
    body = text.split("\nLicense: OFL-1.1\n ", 1)[1]
    lines: list[str] = []
    for line in (" " + body).splitlines():
        if not line.startswith(" "):
            break
        lines.append("" if line.strip() == "." else line[1:])
    header = (
        "Noto Sans, Noto Sans Arabic, Noto Sans Ethiopic (subsets built by "
        "packaging/build_fonts.py)\nCopyright 2010-2020 Google Inc., 2015-2020 Google LLC.\n"
        "This Font Software is licensed under the SIL Open Font License, Version 1.1.\n\n"
    )
    return header + "\n".join(lines).strip() + "\n"


if __name__ == "__main__":
    main()
