"""The safe Markdown subset of content pages, parsed into a neutral document tree.

Pages are written by municipalities and translators, so the parser accepts only what a
welcome page needs (headings, paragraphs, lists, bold, links, phone numbers, e-mail) and
reports everything else, above all raw HTML, as a problem instead of passing it through.
The tree is renderer-neutral: the Qt view, the PDF folder and `to_html()` walk the same
`Block`/`Inline` objects, so none of them ever sees unparsed author text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from willkommensordner.content.problems import Problem, problem
from willkommensordner.i18n import N_

# --- tree ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Strong:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Link:
    """A web link; `href` is always http(s)."""

    href: str
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Phone:
    """A phone number; `number` is the dialable form (digits and a leading +)."""

    number: str
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Email:
    address: str
    children: tuple[Inline, ...]


Inline = Text | Strong | Link | Phone | Email


@dataclass(frozen=True)
class Heading:
    level: int
    children: tuple[Inline, ...]
    source: str = field(default="", compare=False)


@dataclass(frozen=True)
class Paragraph:
    children: tuple[Inline, ...]
    source: str = field(default="", compare=False)


@dataclass(frozen=True)
class ListItem:
    children: tuple[Inline, ...]
    source: str = field(default="", compare=False)


@dataclass(frozen=True)
class BulletList:
    items: tuple[ListItem, ...]
    ordered: bool = False


Block = Heading | Paragraph | BulletList


class MarkdownError(ValueError):
    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("; ".join(p.message() for p in problems))
        self.problems = tuple(problems)


# --- parsing ---------------------------------------------------------------------------

# A "<" directly followed by a letter, "/", "!" or "?" opens a tag, comment or processing
# instruction in every HTML parser; "< 18 Jahre" stays plain text.
_HTML_TAG = re.compile(r"<[A-Za-z/!?]")
_HEADING = re.compile(r"^(#{1,3})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^[-*]\s+(.*)$")
_ORDERED = re.compile(r"^\d{1,3}[.)]\s+(.*)$")
_UNSUPPORTED_LINE = re.compile(r"^(#{4,}|>|```|~~~|\|.*\||\s{4,}\S|-{3,}\s*$|={3,}\s*$)")
_PHONE_OK = re.compile(r"^\+?[0-9]{2,20}$")
_EMAIL_OK = re.compile(r"^[^@\s<>()\[\]]+@[^@\s<>()\[\]]+\.[A-Za-z]{2,}$")
_ESCAPABLE = "\\*[]()<>_#-`!"


def parse(text: str) -> tuple[Block, ...]:
    """Parse a page body; raises MarkdownError listing every problem found."""
    blocks, problems = parse_with_problems(text)
    if problems:
        raise MarkdownError(problems)
    return blocks


def parse_with_problems(text: str) -> tuple[tuple[Block, ...], list[Problem]]:
    problems: list[Problem] = []
    blocks: list[Block] = []
    paragraph: list[str] = []
    items: list[ListItem] = []
    ordered = False

    def flush_paragraph() -> None:
        if paragraph:
            source = " ".join(part.strip() for part in paragraph)
            blocks.append(Paragraph(parse_inline(source, problems, lineno), source))
            paragraph.clear()

    def flush_list() -> None:
        if items:
            blocks.append(BulletList(tuple(items), ordered))
            items.clear()

    lineno = 0
    for lineno, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        line = raw.rstrip()
        if _HTML_TAG.search(_strip_escapes(line)):
            problems.append(problem(N_("line {line}: raw HTML is not allowed"), line=lineno))
            continue
        if not line.strip():
            flush_paragraph()
            flush_list()
            continue
        if _UNSUPPORTED_LINE.match(line):
            problems.append(
                problem(
                    N_("line {line}: unsupported Markdown (tables, quotes, code, rules)"),
                    line=lineno,
                )
            )
            continue
        if heading := _HEADING.match(line):
            flush_paragraph()
            flush_list()
            source = heading.group(2)
            blocks.append(
                Heading(len(heading.group(1)), parse_inline(source, problems, lineno), source)
            )
            continue
        bullet = _BULLET.match(line)
        numbered = _ORDERED.match(line)
        if bullet or numbered:
            flush_paragraph()
            this_ordered = numbered is not None
            if items and this_ordered != ordered:
                flush_list()
            ordered = this_ordered
            source = (bullet or numbered).group(1).strip()  # type: ignore[union-attr]
            items.append(ListItem(parse_inline(source, problems, lineno), source))
            continue
        if items and raw.startswith(("  ", "\t")):
            # An indented line continues the previous list item.
            last = items.pop()
            source = f"{last.source} {line.strip()}"
            items.append(ListItem(parse_inline(source, problems, lineno), source))
            continue
        flush_list()
        paragraph.append(line)
    flush_paragraph()
    flush_list()
    return tuple(blocks), problems


def _strip_escapes(line: str) -> str:
    return re.sub(r"\\.", "", line)


def parse_inline(
    source: str, problems: list[Problem] | None = None, line: int = 0
) -> tuple[Inline, ...]:
    """Parse inline markup: **bold**, [text](https://…), [text](tel:…), [text](mailto:…)."""
    sink: list[Problem] = [] if problems is None else problems
    if _HTML_TAG.search(_strip_escapes(source)):
        sink.append(problem(N_("line {line}: raw HTML is not allowed"), line=line))
        return (Text(source),)
    result, _pos = _parse_inline(source, 0, sink, line, closing=None)
    return tuple(result)


def _parse_inline(
    src: str, pos: int, problems: list[Problem], line: int, closing: str | None
) -> tuple[list[Inline], int]:
    out: list[Inline] = []
    buf: list[str] = []

    def flush() -> None:
        if buf:
            out.append(Text("".join(buf)))
            buf.clear()

    while pos < len(src):
        if closing is not None and src.startswith(closing, pos):
            flush()
            return out, pos + len(closing)
        ch = src[pos]
        if ch == "\\" and pos + 1 < len(src) and src[pos + 1] in _ESCAPABLE:
            buf.append(src[pos + 1])
            pos += 2
            continue
        if src.startswith("**", pos) and closing != "**":
            end = _find_unescaped(src, "**", pos + 2)
            if end == -1:
                problems.append(problem(N_("line {line}: unclosed ** (bold)"), line=line))
                buf.append(src[pos:])
                break
            flush()
            children, _ = _parse_inline(src[: end + 2], pos + 2, problems, line, closing="**")
            out.append(Strong(tuple(children)))
            pos = end + 2
            continue
        if ch == "[":
            close = _find_unescaped(src, "](", pos + 1)
            end = _find_unescaped(src, ")", close + 2) if close != -1 else -1
            if close == -1 or end == -1:
                problems.append(problem(N_("line {line}: incomplete link"), line=line))
                buf.append(src[pos:])
                break
            flush()
            label, _ = _parse_inline(src[:close], pos + 1, problems, line, closing=None)
            target = src[close + 2 : end].strip()
            out.append(_make_link(target, tuple(label), problems, line))
            pos = end + 1
            continue
        buf.append(ch)
        pos += 1
    flush()
    return out, pos


def _find_unescaped(src: str, needle: str, start: int) -> int:
    pos = start
    while True:
        found = src.find(needle, pos)
        if found == -1:
            return -1
        backslashes = 0
        back = found - 1
        while back >= 0 and src[back] == "\\":
            backslashes += 1
            back -= 1
        if backslashes % 2 == 0:
            return found
        pos = found + 1


def _make_link(
    target: str, label: tuple[Inline, ...], problems: list[Problem], line: int
) -> Inline:
    lower = target.lower()
    if lower.startswith("tel:"):
        number = re.sub(r"[\s\-/().]", "", target[4:])
        if _PHONE_OK.match(number):
            return Phone(number, label)
        problems.append(
            problem(N_("line {line}: invalid phone number {target}"), line=line, target=target)
        )
    elif lower.startswith("mailto:"):
        address = target[7:]
        if _EMAIL_OK.match(address):
            return Email(address, label)
        problems.append(
            problem(N_("line {line}: invalid e-mail address {target}"), line=line, target=target)
        )
    elif lower.startswith(("https://", "http://")) and not re.search(r"[\s\"'<>`]", target):
        return Link(target, label)
    else:
        problems.append(
            problem(N_("line {line}: link target not allowed: {target}"), line=line, target=target)
        )
    # A rejected target keeps its label as plain text so the rest of the page still reads.
    return Text(inline_text(label))


# --- walking and rendering -------------------------------------------------------------


def inline_text(inlines: Sequence[Inline]) -> str:
    """The visible text of inline content, markup removed."""
    parts: list[str] = []
    for node in inlines:
        if isinstance(node, Text):
            parts.append(node.text)
        else:
            parts.append(inline_text(node.children))
    return "".join(parts)


def plain_text(blocks: Sequence[Block]) -> str:
    """Visible text of a page, one block per line, for search and the terminal."""
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, BulletList):
            for index, item in enumerate(block.items, 1):
                marker = f"{index}." if block.ordered else "•"
                lines.append(f"{marker} {inline_text(item.children)}")
        else:
            lines.append(inline_text(block.children))
    return "\n".join(lines)


def iter_inlines(blocks: Sequence[Block]) -> Iterator[Inline]:
    def walk(nodes: Sequence[Inline]) -> Iterator[Inline]:
        for node in nodes:
            yield node
            if not isinstance(node, Text):
                yield from walk(node.children)

    for block in blocks:
        if isinstance(block, BulletList):
            for item in block.items:
                yield from walk(item.children)
        else:
            yield from walk(block.children)


def inline_to_html(inlines: Sequence[Inline]) -> str:
    parts: list[str] = []
    for node in inlines:
        if isinstance(node, Text):
            parts.append(html.escape(node.text))
        elif isinstance(node, Strong):
            parts.append(f"<strong>{inline_to_html(node.children)}</strong>")
        elif isinstance(node, Link):
            parts.append(f'<a href="{html.escape(node.href)}">{inline_to_html(node.children)}</a>')
        elif isinstance(node, Phone):
            parts.append(
                f'<a href="tel:{html.escape(node.number)}">{inline_to_html(node.children)}</a>'
            )
        else:
            parts.append(
                f'<a href="mailto:{html.escape(node.address)}">{inline_to_html(node.children)}</a>'
            )
    return "".join(parts)


def to_html(blocks: Sequence[Block], direction: str = "ltr") -> str:
    """HTML for the Qt rich-text view; every author character is escaped."""
    parts: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            parts.append(f"<h{block.level}>{inline_to_html(block.children)}</h{block.level}>")
        elif isinstance(block, Paragraph):
            parts.append(f"<p>{inline_to_html(block.children)}</p>")
        else:
            tag = "ol" if block.ordered else "ul"
            items = "".join(f"<li>{inline_to_html(item.children)}</li>" for item in block.items)
            parts.append(f"<{tag}>{items}</{tag}>")
    dir_attr = "rtl" if direction == "rtl" else "ltr"
    return f'<div dir="{dir_attr}">' + "".join(parts) + "</div>"


def block_sources(blocks: Sequence[Block]) -> list[tuple[str, str]]:
    """(block id, inline source) pairs in page order: the translatable units of a page.

    Ids are positional ("b3", list items "b4.2"), so a translation must keep the block
    structure of its source; the PO round trip relies on that.
    """
    units: list[tuple[str, str]] = []
    for index, block in enumerate(blocks, 1):
        if isinstance(block, BulletList):
            for sub, item in enumerate(block.items, 1):
                units.append((f"b{index}.{sub}", item.source))
        else:
            units.append((f"b{index}", block.source))
    return units


def structure(blocks: Sequence[Block]) -> list[str]:
    """The block shape of a page (kind and ids), to check a translation against its source."""
    shape: list[str] = []
    for index, block in enumerate(blocks, 1):
        if isinstance(block, Heading):
            shape.append(f"b{index}:h{block.level}")
        elif isinstance(block, Paragraph):
            shape.append(f"b{index}:p")
        else:
            shape.append(f"b{index}:{'ol' if block.ordered else 'ul'}{len(block.items)}")
    return shape


def render_markdown(blocks: Sequence[Block], texts: dict[str, str]) -> str:
    """Markdown of `blocks` with each unit's inline source replaced from `texts` by block id."""
    out: list[str] = []
    for index, block in enumerate(blocks, 1):
        if isinstance(block, Heading):
            out.append("#" * block.level + " " + texts.get(f"b{index}", block.source))
        elif isinstance(block, Paragraph):
            out.append(texts.get(f"b{index}", block.source))
        else:
            lines = []
            for sub, item in enumerate(block.items, 1):
                marker = f"{sub}." if block.ordered else "-"
                lines.append(f"{marker} {texts.get(f'b{index}.{sub}', item.source)}")
            out.append("\n".join(lines))
    return "\n\n".join(out) + "\n"
