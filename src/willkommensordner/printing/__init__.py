"""Printable folders: the script-correct text layer and the building blocks of every layout.

Every string that ends up in a PDF goes through `text_layer.layout` (bidi, font fallback,
shaping, wrapping) and is drawn by `draw.py`; the flowables below are the only way layouts
put text on a page. Fonts are registered with reportlab on first use, not at import.

Public API for layouts (welcome folder, information folder, appointment slip, plan):
    TextStyle, BODY, HEADINGS
    TextParagraph(text, style, language=, direction=)
    Heading(text, level, language=)
    BulletList(items, style, language=)
    TextTable(rows, col_widths, languages=, header=, mirror=)
    SideBySide(left, right)
    BilingualBlock(de_text, other_text, language, style)
    PageFooter(stand, page_label, notices)
    build_document(output, story, title=, footer=) -> pages;  build_bytes(story, ...) -> bytes
    layout(text, style, width, language=, direction=) -> lines;  measure(text, style, language=)
    is_rtl(language)

The documents (modules, imported where used so the text layer stays light):
    welcome.welcome_folder(bundle, library, lang, show_name=, today=) -> Printable
    welcome.information_folder(library, lang, today=) -> Printable
    slip.appointment_slip(appointment, library, lang, today=) -> Printable
    slip.plan(bundle, lang, show_name=, today=) -> Printable
    Printable.to_bytes() / .build(stream) / .write(path)  (atomic, beside the target)
    print_labels.text(key, lang): the print vocabulary in the 14 content languages
"""

from willkommensordner.printing.document import PageFooter, build_bytes, build_document
from willkommensordner.printing.flowables import (
    BODY,
    HEADINGS,
    BilingualBlock,
    BulletList,
    Heading,
    SideBySide,
    TextParagraph,
    TextTable,
)
from willkommensordner.printing.languages import is_rtl
from willkommensordner.printing.text_layer import Line, Run, TextStyle, layout, measure

__all__ = [
    "BODY",
    "HEADINGS",
    "BilingualBlock",
    "BulletList",
    "Heading",
    "Line",
    "PageFooter",
    "Run",
    "SideBySide",
    "TextParagraph",
    "TextStyle",
    "TextTable",
    "build_bytes",
    "build_document",
    "is_rtl",
    "layout",
    "measure",
]
