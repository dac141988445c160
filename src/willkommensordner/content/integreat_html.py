"""Integreat page HTML turned into the safe Markdown of our pages, never passed through.

html5lib parses the HTML exactly as a browser would (WHATWG algorithm, pure Python, so it adds
no native library to the bundle). The walk below keeps only what a welcome page needs and the
Markdown subset can hold: headings, paragraphs, lists (nested lists become flat items with a
dash), tables as one list item per row (opening hours), line breaks, bold, emphasis and links.
Every construct it leaves out is reported, so an importer can show the municipality what
changed on which page. The Markdown it writes is parsed again by `content.markdown` when the
pack is loaded, which checks every link target a second time.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from urllib.parse import quote, urljoin

import html5lib

from willkommensordner.content.problems import Problem, problem
from willkommensordner.i18n import N_

MAX_HTML_CHARS = 400_000
MAX_DEPTH = 40

# Direction marks and embeddings: FriBidi orders the text itself, and Integreat's editors
# leave &rlm;/&lrm; where they once fixed a display problem of the web page.
_BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]")
_SPACES = re.compile(r"[ \t\r\n\u00a0\u2007\u202f]+")
_ESCAPE = re.compile(r"([\\`*_\[\]<>#!|~])")
_LIST_START = re.compile(r"^(\s*)([-+]|\d{1,9}[.)])(\s)")

_DROPPED_WITH_CONTENT = frozenset(
    {
        "script",
        "style",
        "iframe",
        "object",
        "embed",
        "form",
        "input",
        "button",
        "select",
        "textarea",
        "svg",
        "math",
        "video",
        "audio",
        "canvas",
        "noscript",
        "template",
        "head",
    }
)
_HEADINGS = {"h1": 2, "h2": 2, "h3": 3, "h4": 3, "h5": 3, "h6": 3}
_BLOCKS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "aside",
        "nav",
        "blockquote",
        "pre",
        "address",
        "figure",
        "figcaption",
        "dl",
        "dt",
        "dd",
        "center",
        "body",
        "html",
    }
)
_STRONG = frozenset({"strong", "b"})
_EMPHASIS = frozenset({"em", "i", "cite", "var", "dfn"})
_FORMAT_DROPPED = frozenset({"u", "s", "strike", "del", "ins", "mark", "sub", "sup", "small"})


@dataclass
class Converted:
    markdown: str
    problems: list[Problem] = field(default_factory=list)


def clean_text(text: str) -> str:
    """Bidi controls removed, every run of white space (also no-break) one blank."""
    return _SPACES.sub(" ", _BIDI_CONTROLS.sub("", text))


def escape(text: str) -> str:
    """Text that Markdown shows as it is (no accidental bold, link or heading).

    The page checks read "](" and "**" in plain text as a broken link or unclosed bold (a
    typo on paper); in Integreat's text they are characters, so they are spaced apart.
    """
    text = text.replace("](", "] (").replace("**", "* *")
    return _ESCAPE.sub(r"\\\1", text)


def _no_list_start(text: str) -> str:
    """A paragraph that starts like "1. " or "- " stays a paragraph."""
    match = _LIST_START.match(text)
    if match is None:
        return text
    marker = match.group(2)
    safe = marker[:-1] + "\\" + marker[-1] if marker[0].isdigit() else "\\" + marker
    return text[: match.start(2)] + safe + text[match.end(2) :]


def resolve_link(href: str, base: str) -> str | None:
    """The target as an https/tel/mailto link, or None when it may not be a link.

    Relative Integreat links ("/augsburg/de/…") are resolved against the page's web address,
    "www.…" gets its missing scheme.
    """
    href = clean_text(href).strip()
    lower = href.lower()
    if lower.startswith(("tel:", "mailto:")):
        return href
    if lower.startswith("www."):
        href = "https://" + href
    elif not lower.startswith(("http://", "https://")):
        if re.match(r"^[a-z][a-z0-9+.\-]*:", lower) or lower.startswith("//"):
            return None  # javascript:, data:, file:, protocol-relative …
        href = urljoin(base, href)
    # Blanks and angle brackets would end the link in Markdown; parentheses may stay.
    return quote(href, safe=":/?#[]@!$&'()*+,;=%-._~")


class _Walker:
    def __init__(self, base: str) -> None:
        self.base = base
        self.blocks: list[str] = []
        self.problems: list[Problem] = []
        # Two lists in a row with the same marker would merge into one in CommonMark.
        self.lists = 0

    def report(self, msgid: str, **params: object) -> None:
        found = problem(msgid, **params)
        if found not in self.problems:
            self.problems.append(found)

    # --- inline ------------------------------------------------------------------------

    def inline(self, element: ET.Element, depth: int, in_item: bool = False) -> str:
        """The Markdown of an element's inline content (text, bold, links …)."""
        parts: list[str] = [escape(clean_text(element.text or ""))]
        for child in element:
            parts.append(self.inline_element(child, depth + 1, in_item))
            parts.append(escape(clean_text(child.tail or "")))
        return "".join(parts)

    def inline_element(self, element: ET.Element, depth: int, in_item: bool) -> str:
        tag = _tag(element)
        self.attributes(element)
        if depth > MAX_DEPTH:
            self.report(
                N_("nesting deeper than {limit} levels was read as plain text"), limit=MAX_DEPTH
            )
            return escape(clean_text("".join(element.itertext())))
        if tag in _DROPPED_WITH_CONTENT:
            self.report(N_("<{tag}> was left out"), tag=tag)
            return ""
        if tag == "br":
            return "\\\n   " if in_item else "\\\n"
        if tag == "img":
            alt = clean_text(element.get("alt", "")).strip()
            self.report(N_("an image was left out (text: {alt})"), alt=alt or "–")
            return ""
        inner = self.inline(element, depth, in_item)
        if tag in _STRONG:
            return _wrap(inner, "**")
        if tag in _EMPHASIS:
            return _wrap(inner, "*")
        if tag in _FORMAT_DROPPED:
            self.report(N_("<{tag}> formatting was left out, its text kept"), tag=tag)
            return inner
        if tag == "a":
            return self.link(element, inner)
        return inner

    def link(self, element: ET.Element, label: str) -> str:
        href = element.get("href")
        if href is None or not label.strip():
            return label
        target = resolve_link(href, self.base)
        if target is None:
            self.report(N_("link target not allowed, text kept: {target}"), target=href[:80])
            return label
        return f"[{label.strip()}](<{target}>)"

    def attributes(self, element: ET.Element) -> None:
        for name in element.attrib:
            if name.lower().startswith("on"):
                self.report(N_("script attribute {name} was left out"), name=name.lower())

    # --- blocks ------------------------------------------------------------------------

    def block(self, element: ET.Element, depth: int) -> None:
        """Walk block content; loose inline text between blocks becomes a paragraph."""
        if depth > MAX_DEPTH:
            self.report(
                N_("nesting deeper than {limit} levels was read as plain text"), limit=MAX_DEPTH
            )
            self.paragraph(escape(clean_text(" ".join(element.itertext()))))
            return
        pending: list[str] = [escape(clean_text(element.text or ""))]
        for child in element:
            tag = _tag(child)
            if tag in _BLOCKS or tag in _HEADINGS or tag in ("ul", "ol", "table", "hr"):
                self.paragraph("".join(pending))
                pending = []
                self.block_element(child, depth + 1)
            else:
                pending.append(self.inline_element(child, depth + 1, False))
            pending.append(escape(clean_text(child.tail or "")))
        self.paragraph("".join(pending))

    def block_element(self, element: ET.Element, depth: int) -> None:
        tag = _tag(element)
        self.attributes(element)
        if tag in _HEADINGS:
            text = self.inline(element, depth).replace("\\\n", " ").strip()
            if text:
                self.blocks.append("#" * _HEADINGS[tag] + " " + text)
        elif tag in ("ul", "ol"):
            items: list[str] = []
            self.list_items(element, depth, 0, items)
            if items:
                self.add_list(items, ordered=tag == "ol")
        elif tag == "table":
            self.table(element, depth)
        elif tag == "hr":
            pass
        else:
            self.block(element, depth)

    def list_items(self, element: ET.Element, depth: int, level: int, out: list[str]) -> None:
        """Items of a (nested) list, flat: an inner item starts with a dash per level."""
        for item in element:
            if _tag(item) != "li":
                continue
            nested = [c for c in item if _tag(c) in ("ul", "ol")]
            for inner in nested:
                item.remove(inner)
            text = self.inline(item, depth + 1, in_item=True).strip()
            if level and text:
                text = "– " * level + text
            if text:
                out.append(text)
            for inner in nested:
                if level + 1 > 4:
                    self.report(N_("a list nested deeper than 4 levels was flattened"))
                self.list_items(inner, depth + 2, level + 1, out)

    def table(self, element: ET.Element, depth: int) -> None:
        rows: list[str] = []
        for row in element.iter():
            if _tag(row) != "tr":
                continue
            cells = [
                self.inline(cell, depth + 2, in_item=True).replace("\\\n   ", ", ").strip()
                for cell in row
                if _tag(cell) in ("td", "th")
            ]
            cells = [c for c in cells if c]
            if not cells:
                continue
            if len(cells) == 2:
                rows.append(f"{cells[0]}: {cells[1]}")
            else:
                rows.append(" · ".join(cells))
        if rows:
            self.add_list(rows, ordered=False)

    def add_list(self, items: list[str], ordered: bool) -> None:
        self.lists += 1
        markers = ("1.", "1)") if ordered else ("-", "*")
        marker = markers[self.lists % 2]
        self.blocks.append("\n".join(f"{marker} {item}" for item in items))

    def paragraph(self, text: str) -> None:
        text = re.sub(r"^(?:\\\n\s*)+|(?:\\\n\s*)+$", "", text.strip()).strip()
        if text:
            self.blocks.append(_no_list_start(text))


def _wrap(inner: str, mark: str) -> str:
    stripped = inner.strip()
    if not stripped:
        return inner
    lead = inner[: len(inner) - len(inner.lstrip())]
    trail = inner[len(inner.rstrip()) :]
    return f"{lead}{mark}{stripped}{mark}{trail}"


def _tag(element: ET.Element) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def to_markdown(content: str, base: str) -> Converted:
    """Integreat page HTML as safe Markdown, with every left-out construct reported.

    `base` is the page's web address; relative links are resolved against it.
    """
    if len(content) > MAX_HTML_CHARS:
        return Converted(
            "",
            [
                problem(
                    N_("the page has {size} characters of HTML, at most {limit} are read"),
                    size=len(content),
                    limit=MAX_HTML_CHARS,
                )
            ],
        )
    document = html5lib.parse(content, treebuilder="etree", namespaceHTMLElements=False)
    walker = _Walker(base)
    body = document.find("body")
    walker.block(body if body is not None else document, 0)
    return Converted("\n\n".join(walker.blocks) + "\n", walker.problems)
