"""The safe Markdown subset of content pages, parsed into a neutral document tree.

Pages are written by municipalities and translators, so the parser accepts only what a
welcome page needs (headings, paragraphs, lists, bold, emphasis, line breaks, links, phone
numbers, e-mail) and reports everything else, above all raw HTML, as a problem instead of
passing it through. markdown-it-py reads the text exactly as CommonMark does; this module
turns its tokens into the tree and checks every link target. The tree is renderer-neutral:
the Qt view, the PDF folder and `to_html()` walk the same `Block`/`Inline` objects, so none of
them ever sees unparsed author text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.token import Token

from willkommensordner.content.problems import Problem, problem
from willkommensordner.i18n import N_

# --- tree ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class LineBreak:
    """A hard line break (two blanks or a backslash at the end of a line)."""


@dataclass(frozen=True)
class Strong:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Emphasis:
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


Inline = Text | LineBreak | Strong | Emphasis | Link | Phone | Email


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
    start: int = 1  # the number of the first item of an ordered list


Block = Heading | Paragraph | BulletList


class MarkdownError(ValueError):
    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("; ".join(p.message() for p in problems))
        self.problems = tuple(problems)


# --- parsing ---------------------------------------------------------------------------

_PHONE_OK = re.compile(r"^\+?[0-9]{2,20}$")
_EMAIL_OK = re.compile(r"^[^@\s<>()\[\]]+@[^@\s<>()\[\]]+\.[A-Za-z]{2,}$")
# Link syntax left as text: CommonMark found no link in it (a blank in the target, say).
_BROKEN_LINK = re.compile(r"\[[^\]]*\]\(")
# CommonMark has no tables; a row would print as a paragraph of bars.
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_UNSUPPORTED_BLOCKS = frozenset(
    {"blockquote_open", "code_block", "fence", "hr", "html_block", "image"}
)
_RAW_HTML = N_("line {line}: raw HTML is not allowed")
_UNSUPPORTED = N_("line {line}: unsupported Markdown (tables, quotes, code, rules)")


class _Parser(MarkdownIt):
    """CommonMark, with HTML recognised (so that it is reported, never rendered)."""

    def __init__(self) -> None:
        super().__init__("commonmark", {"html": True, "linkify": False, "typographer": False})

    def validateLink(self, url: str) -> bool:  # noqa: N802 - markdown-it's name
        # Every target becomes a link token, so that `_make_link` can name the one it
        # refuses (markdown-it would silently leave a "javascript:" link as text).
        return True


@cache
def _parser() -> MarkdownIt:
    return _Parser()


def parse(text: str) -> tuple[Block, ...]:
    """Parse a page body; raises MarkdownError listing every problem found."""
    blocks, problems = parse_with_problems(text)
    if problems:
        raise MarkdownError(problems)
    return blocks


def parse_with_problems(text: str) -> tuple[tuple[Block, ...], list[Problem]]:
    problems: list[Problem] = []
    source = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = source.split("\n")
    blocks: list[Block] = []
    tokens = _parser().parse(source)
    index = 0
    while index < len(tokens):
        token = tokens[index]
        line = _line(token)
        if token.type in _UNSUPPORTED_BLOCKS:
            message = _RAW_HTML if token.type == "html_block" else _UNSUPPORTED
            _report(problems, problem(message, line=line))
            index = _skip(tokens, index)
            continue
        if token.type == "heading_open":
            level = int(token.tag[1])
            inline = tokens[index + 1]
            if level > 3 or token.markup in ("=", "-"):
                _report(problems, problem(_UNSUPPORTED, line=line))
            else:
                children = _inlines(inline, problems, line)
                blocks.append(Heading(level, children, inline.content))
            index += 3
            continue
        if token.type == "paragraph_open":
            inline = tokens[index + 1]
            if _has_table_row(lines, token):
                _report(problems, problem(_UNSUPPORTED, line=line))
            else:
                children = _inlines(inline, problems, line)
                blocks.append(Paragraph(children, inline.content))
            index += 3
            continue
        if token.type in ("bullet_list_open", "ordered_list_open"):
            items, index = _list(tokens, index, lines, problems)
            if items:
                ordered = token.type == "ordered_list_open"
                start = int(str(token.attrGet("start") or 1)) if ordered else 1
                blocks.append(BulletList(tuple(items), ordered, start))
            continue
        index += 1
    return tuple(blocks), problems


def _report(problems: list[Problem], found: Problem) -> None:
    """Add a problem once (a line with two HTML tags is one problem)."""
    if found not in problems:
        problems.append(found)


def _line(token: Token) -> int:
    return token.map[0] + 1 if token.map else 0


def _skip(tokens: list[Token], index: int) -> int:
    """The index after the block that starts at `index` (its closing token)."""
    token = tokens[index]
    if token.nesting != 1:
        return index + 1
    depth = 0
    for position in range(index, len(tokens)):
        depth += tokens[position].nesting
        if depth == 0:
            return position + 1
    return len(tokens)


def _has_table_row(lines: list[str], token: Token) -> bool:
    start, end = token.map or (0, 0)
    return any(_TABLE_ROW.match(line) for line in lines[start:end])


def _list(
    tokens: list[Token], index: int, lines: list[str], problems: list[Problem]
) -> tuple[list[ListItem], int]:
    """The items of the list opened at `index`; an item is one paragraph of inline text."""
    end = _skip(tokens, index)
    items: list[ListItem] = []
    position = index + 1
    while position < end - 1:
        item_end = _skip(tokens, position)
        inner = tokens[position + 1 : item_end - 1]
        line = _line(tokens[position])
        kinds = [t.type for t in inner]
        if not inner:
            items.append(ListItem((), ""))
        elif kinds == ["paragraph_open", "inline", "paragraph_close"]:
            inline = inner[1]
            if _has_table_row(lines, inner[0]):
                _report(problems, problem(_UNSUPPORTED, line=line))
            else:
                items.append(ListItem(_inlines(inline, problems, line), inline.content))
        elif "html_block" in kinds:
            _report(problems, problem(_RAW_HTML, line=line))
        else:
            _report(
                problems,
                problem(
                    N_("line {line}: a list item may hold one paragraph, no nested blocks"),
                    line=line,
                ),
            )
        position = item_end
    return items, end


def parse_inline(
    source: str, problems: list[Problem] | None = None, line: int = 0
) -> tuple[Inline, ...]:
    """Parse inline markup: bold, emphasis, line breaks, links (https, tel, mailto)."""
    sink: list[Problem] = [] if problems is None else problems
    tokens = _parser().parseInline(source)
    return _inlines(tokens[0], sink, line) if tokens else ()


def _inlines(inline: Token, problems: list[Problem], line: int) -> tuple[Inline, ...]:
    """The tree of one inline token's children."""
    stack: list[tuple[Token | None, list[Inline]]] = [(None, [])]
    for token in inline.children or []:
        current = stack[-1][1]
        kind = token.type
        if kind in ("text", "code_inline"):
            _add_text(current, token.content, problems, line)
        elif kind == "softbreak":
            _add_text(current, " ", problems, line)
        elif kind == "hardbreak":
            current.append(LineBreak())
        elif kind in ("html_inline", "image"):
            message = _RAW_HTML if kind == "html_inline" else _UNSUPPORTED
            _report(problems, problem(message, line=line))
        elif kind.endswith("_open"):
            stack.append((token, []))
        elif kind.endswith("_close") and len(stack) > 1:
            opener, children = stack.pop()
            node = _node(opener, tuple(children), problems, line)
            if node is not None:
                stack[-1][1].append(node)
    while len(stack) > 1:  # markdown-it always closes what it opens; stay safe anyway
        _opener, children = stack.pop()
        stack[-1][1].extend(children)
    return tuple(stack[0][1])


def _add_text(current: list[Inline], text: str, problems: list[Problem], line: int) -> None:
    if _BROKEN_LINK.search(text):
        _report(problems, problem(N_("line {line}: incomplete link"), line=line))
    if "**" in text:  # CommonMark prints an unclosed ** as it is; on paper that is a typo
        _report(problems, problem(N_("line {line}: unclosed ** (bold)"), line=line))
    if current and isinstance(current[-1], Text):
        current[-1] = Text(current[-1].text + text)
    else:
        current.append(Text(text))


def _node(
    opener: Token | None, children: tuple[Inline, ...], problems: list[Problem], line: int
) -> Inline | None:
    if opener is None:
        return None
    if opener.type == "strong_open":
        return Strong(children)
    if opener.type == "em_open":
        return Emphasis(children)
    if opener.type == "link_open":
        return _make_link(str(opener.attrGet("href") or ""), children, problems, line)
    return None


def _make_link(
    target: str, label: tuple[Inline, ...], problems: list[Problem], line: int
) -> Inline:
    # markdown-it percent-encodes destinations ("tel:(0821)%20324-0"); check what was meant.
    decoded = unquote(target)
    lower = decoded.lower()
    if lower.startswith("tel:"):
        number = re.sub(r"[\s\-/().]", "", decoded[4:])
        if _PHONE_OK.match(number):
            return Phone(number, label)
        _report(
            problems,
            problem(N_("line {line}: invalid phone number {target}"), line=line, target=decoded),
        )
    elif lower.startswith("mailto:"):
        address = decoded[7:]
        if _EMAIL_OK.match(address):
            return Email(address, label)
        _report(
            problems,
            problem(N_("line {line}: invalid e-mail address {target}"), line=line, target=decoded),
        )
    elif lower.startswith(("https://", "http://")) and not re.search(r"[\s\"'<>`]", target):
        return Link(target, label)
    else:
        _report(
            problems,
            problem(
                N_("line {line}: link target not allowed: {target}"), line=line, target=decoded
            ),
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
        elif isinstance(node, LineBreak):
            parts.append("\n")
        else:
            parts.append(inline_text(node.children))
    return "".join(parts)


def plain_text(blocks: Sequence[Block]) -> str:
    """Visible text of a page, one block per line, for search and the terminal."""
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, BulletList):
            for index, item in enumerate(block.items, block.start):
                marker = f"{index}." if block.ordered else "•"
                lines.append(f"{marker} {inline_text(item.children)}")
        else:
            lines.append(inline_text(block.children))
    return "\n".join(lines)


def iter_inlines(blocks: Sequence[Block]) -> Iterator[Inline]:
    def walk(nodes: Sequence[Inline]) -> Iterator[Inline]:
        for node in nodes:
            yield node
            if not isinstance(node, Text | LineBreak):
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
        elif isinstance(node, LineBreak):
            parts.append("<br>")
        elif isinstance(node, Strong):
            parts.append(f"<strong>{inline_to_html(node.children)}</strong>")
        elif isinstance(node, Emphasis):
            parts.append(f"<em>{inline_to_html(node.children)}</em>")
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
            start = f' start="{block.start}"' if block.ordered and block.start != 1 else ""
            items = "".join(f"<li>{inline_to_html(item.children)}</li>" for item in block.items)
            parts.append(f"<{tag}{start}>{items}</{tag}>")
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
                marker = f"{block.start + sub - 1}." if block.ordered else "-"
                # Continuation lines are indented to the item's text, to stay inside it.
                indent = "\n" + " " * (len(marker) + 1)
                item_text = texts.get(f"b{index}.{sub}", item.source).replace("\n", indent)
                lines.append(f"{marker} {item_text}")
            out.append("\n".join(lines))
    return "\n\n".join(out) + "\n"
