"""Reading a content pack from a folder (or any Traversable, e.g. inside the wheel).

Layout (see docs/content-packs.md):

    manifest.json
    topics.json                    optional: [{"id": "gesundheit", "order": 20}, …]
    contacts.json                  optional: the contact points (Anlaufstellen)
    pages/<topic>/<lang>.md        front matter + safe Markdown

Loading checks everything and raises PackInvalid with the complete list of problems.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from importlib.resources.abc import Traversable
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from willkommensordner.content import markdown as md
from willkommensordner.content.languages import normalize
from willkommensordner.content.model import (
    ID_PATTERN,
    STANDARD_TOPICS,
    ContactPoint,
    Manifest,
    TopicEntry,
)
from willkommensordner.content.problems import PackInvalid, Problem, problem
from willkommensordner.content.status import DECLARABLE, Status, source_hash
from willkommensordner.i18n import N_

_Item = TypeVar("_Item", bound=BaseModel)

MANIFEST = "manifest.json"
TOPICS = "topics.json"
CONTACTS = "contacts.json"
PAGES = "pages"
_LANG_FILE = re.compile(r"^([a-z]{2,3}(?:_[A-Z]{2})?|de-x-easy)\.md$")
_FRONT_KEYS = frozenset(
    {
        "title",
        "status",
        "stand",
        "source",
        "translated-from",
        "translated-on",
        "reviewed-by",
        "reviewed-on",
    }
)


@dataclass(frozen=True)
class Source:
    """Where the facts of a page come from: a named institution, optionally with a link."""

    name: str
    url: str | None = None

    def render(self) -> str:
        return f"{self.name} | {self.url}" if self.url else self.name


@dataclass(frozen=True)
class Page:
    pack_id: str
    topic_id: str
    lang: str
    title: str
    body: str
    blocks: tuple[md.Block, ...]
    declared: Status
    stand: date | None = None
    sources: tuple[Source, ...] = ()
    translated_from: str | None = None
    translated_on: date | None = None
    reviewed_by: str | None = None
    reviewed_on: date | None = None

    @property
    def fingerprint(self) -> str:
        """SHA-256 of title and body; translations store the fingerprint of their source."""
        return source_hash(self.title, self.body)


@dataclass(frozen=True)
class Pack:
    manifest: Manifest
    topics: tuple[TopicEntry, ...]
    contacts: tuple[ContactPoint, ...]
    pages: dict[tuple[str, str], Page] = field(hash=False)
    origin: str = "builtin"  # "builtin" or "imported"
    location: str = ""

    @property
    def id(self) -> str:
        return self.manifest.id

    def page(self, topic_id: str, lang: str) -> Page | None:
        return self.pages.get((topic_id, lang))


# --- front matter ----------------------------------------------------------------------


def split_front_matter(text: str) -> tuple[list[tuple[str, str]], str, list[Problem]]:
    """(key/value pairs in order, body, problems). Keys may repeat (`source:`)."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    if not text.startswith("---\n"):
        return [], text, [problem(N_("the page must start with a --- front matter block"))]
    end = text.find("\n---\n", 3)
    if end == -1:
        end_alt = text.find("\n---", 3)
        if end_alt == -1 or text[end_alt + 4 :].strip():
            return [], text, [problem(N_("the front matter block is not closed with ---"))]
        end = end_alt
    header, body = text[4:end], text[end + 5 :]
    pairs: list[tuple[str, str]] = []
    problems: list[Problem] = []
    for lineno, line in enumerate(header.split("\n"), 2):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, sep, value = line.partition(":")
        key = key.strip().lower()
        if not sep or key not in _FRONT_KEYS:
            problems.append(
                problem(
                    N_("line {line}: unknown front matter entry {key}"),
                    line=lineno,
                    key=key or line.strip(),
                )
            )
            continue
        pairs.append((key, value.strip()))
    return pairs, body, problems


def render_front_matter(pairs: Iterable[tuple[str, str]]) -> str:
    return "---\n" + "".join(f"{key}: {value}\n" for key, value in pairs) + "---\n"


def page_text(page: Page) -> str:
    """The file content for a page: front matter, blank line, body."""
    pairs: list[tuple[str, str]] = [("title", page.title), ("status", page.declared.value)]
    if page.stand is not None:
        pairs.append(("stand", page.stand.isoformat()))
    pairs.extend(("source", s.render()) for s in page.sources)
    if page.translated_from:
        pairs.append(("translated-from", page.translated_from))
    if page.translated_on:
        pairs.append(("translated-on", page.translated_on.isoformat()))
    if page.reviewed_by:
        pairs.append(("reviewed-by", page.reviewed_by))
    if page.reviewed_on:
        pairs.append(("reviewed-on", page.reviewed_on.isoformat()))
    return render_front_matter(pairs) + "\n" + page.body.strip("\n") + "\n"


def _date(value: str, key: str, problems: list[Problem]) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        problems.append(
            problem(N_("{key} must be a date like 2026-11-01, not {value}"), key=key, value=value)
        )
        return None


def parse_page(text: str, pack_id: str, topic_id: str, lang: str) -> Page:
    """Parse one page file; raises PackInvalid with every problem in it."""
    pairs, body, problems = split_front_matter(text)
    values: dict[str, str] = {}
    sources: list[Source] = []
    for key, value in pairs:
        if key == "source":
            name, _, raw_url = value.partition("|")
            url = raw_url.strip() or None
            if url is not None and not re.match(r"^https?://\S+$", url):
                problems.append(problem(N_("source link must start with https://: {url}"), url=url))
            sources.append(Source(name.strip(), url))
        elif key in values:
            problems.append(problem(N_("{key} is given twice"), key=key))
        else:
            values[key] = value
    title = values.get("title", "")
    if not title:
        problems.append(problem(N_("the page has no title")))
    title_inline: list[Problem] = []
    md.parse_inline(title, title_inline)
    problems.extend(title_inline)
    try:
        declared = Status(values.get("status", ""))
        if declared not in DECLARABLE:
            raise ValueError(declared)
    except ValueError:
        problems.append(
            problem(
                N_("status must be source, reviewed or machine-made, not {value}"),
                value=values.get("status", ""),
            )
        )
        declared = Status.MACHINE_MADE
    stand = _date(values["stand"], "stand", problems) if "stand" in values else None
    translated_on = (
        _date(values["translated-on"], "translated-on", problems)
        if "translated-on" in values
        else None
    )
    reviewed_on = (
        _date(values["reviewed-on"], "reviewed-on", problems) if "reviewed-on" in values else None
    )
    reviewed_by = values.get("reviewed-by") or None
    if declared == Status.REVIEWED and not (reviewed_by and reviewed_on):
        problems.append(problem(N_("a reviewed page needs reviewed-by and reviewed-on")))
    translated_from = values.get("translated-from") or None
    if translated_from is not None:
        translated_from = translated_from.removeprefix("sha256:").lower()
        if not re.match(r"^[0-9a-f]{64}$", translated_from):
            problems.append(problem(N_("translated-from must be a SHA-256 in hex")))
    blocks, body_problems = md.parse_with_problems(body)
    # Front matter takes lines 1..n; report body lines as they appear in the file.
    normalized = text.lstrip("\ufeff").replace("\r\n", "\n")
    offset = normalized.count("\n", 0, len(normalized) - len(body))
    for p in body_problems:
        params = dict(p.params)
        if "line" in params:
            params["line"] = int(str(params["line"])) + offset
        problems.append(Problem(p.msgid, tuple(sorted(params.items()))))
    if not blocks and not body_problems:
        problems.append(problem(N_("the page has no text")))
    if problems:
        raise PackInvalid(problems)
    return Page(
        pack_id=pack_id,
        topic_id=topic_id,
        lang=lang,
        title=title,
        body=body,
        blocks=blocks,
        declared=declared,
        stand=stand,
        sources=tuple(sources),
        translated_from=translated_from,
        translated_on=translated_on,
        reviewed_by=reviewed_by,
        reviewed_on=reviewed_on,
    )


# --- whole packs -----------------------------------------------------------------------


def _json(node: Traversable, name: str, problems: list[Problem]) -> Any:
    try:
        return json.loads(node.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        problems.append(problem(N_("not UTF-8 text")).at(name))
    except json.JSONDecodeError as exc:
        problems.append(
            problem(
                N_("not valid JSON (line {line}, column {column})"),
                line=exc.lineno,
                column=exc.colno,
            ).at(name)
        )
    return None


def _schema_problems(exc: ValidationError, name: str) -> list[Problem]:
    found = []
    for error in exc.errors():
        where = ".".join(str(part) for part in error["loc"]) or "(top)"
        found.append(problem(N_("{field}: {reason}"), field=where, reason=error["msg"]).at(name))
    return found


def load_manifest(root: Traversable) -> Manifest:
    problems: list[Problem] = []
    node = root / MANIFEST
    if not node.is_file():
        raise PackInvalid([problem(N_("manifest.json is missing"))])
    data = _json(node, MANIFEST, problems)
    if problems:
        raise PackInvalid(problems)
    try:
        return Manifest.model_validate(data)
    except ValidationError as exc:
        raise PackInvalid(_schema_problems(exc, MANIFEST)) from None


def load_pack(root: Traversable, origin: str = "builtin", location: str = "") -> Pack:
    """Read and check a whole pack; raises PackInvalid listing every problem found."""
    problems: list[Problem] = []
    try:
        manifest = load_manifest(root)
    except PackInvalid as exc:
        problems.extend(exc.problems)
        manifest = None

    topics = _load_list(root, TOPICS, TopicEntry, problems)
    for twice in _listed_twice(t.id for t in topics):
        problems.append(problem(N_("topic {topic} is listed twice"), topic=twice).at(TOPICS))
    topic_ids = {t.id for t in topics}

    contacts = _load_list(root, CONTACTS, ContactPoint, problems)
    for twice in _listed_twice(c.id for c in contacts):
        problems.append(problem(N_("contact point {id} is listed twice"), id=twice).at(CONTACTS))
    for contact in contacts:
        for topic_id in contact.topics:
            if topic_id not in topic_ids and topic_id not in STANDARD_TOPICS:
                problems.append(
                    problem(
                        N_("contact point {id} names an unknown topic {topic}"),
                        id=contact.id,
                        topic=topic_id,
                    ).at(CONTACTS)
                )

    pages: dict[tuple[str, str], Page] = {}
    pages_dir = root / PAGES
    if manifest is not None and pages_dir.is_dir():
        languages = set(manifest.languages)
        for topic_dir in sorted(pages_dir.iterdir(), key=lambda n: n.name):
            where = f"{PAGES}/{topic_dir.name}"
            if not topic_dir.is_dir():
                problems.append(problem(N_("only topic folders belong here")).at(where))
                continue
            if topic_dir.name not in topic_ids:
                problems.append(
                    problem(
                        N_("topic {topic} is not listed in topics.json"), topic=topic_dir.name
                    ).at(where)
                )
                continue
            for page_file in sorted(topic_dir.iterdir(), key=lambda n: n.name):
                file_where = f"{where}/{page_file.name}"
                match = _LANG_FILE.match(page_file.name)
                if not match or not page_file.is_file():
                    problems.append(
                        problem(N_("expected <language>.md, e.g. de.md")).at(file_where)
                    )
                    continue
                lang = normalize(match.group(1))
                if lang not in languages:
                    problems.append(
                        problem(N_("language {lang} is not listed in the manifest"), lang=lang).at(
                            file_where
                        )
                    )
                    continue
                try:
                    text = page_file.read_text(encoding="utf-8")
                    page = parse_page(text, manifest.id, topic_dir.name, lang)
                except UnicodeDecodeError:
                    problems.append(problem(N_("not UTF-8 text")).at(file_where))
                    continue
                except PackInvalid as exc:
                    problems.extend(p.at(file_where) for p in exc.problems)
                    continue
                if (lang == manifest.source_language) != (page.declared == Status.SOURCE):
                    problems.append(
                        problem(N_("only pages in the source language have status source")).at(
                            file_where
                        )
                    )
                pages[(topic_dir.name, lang)] = page
        for topic in topics:
            if (topic.id, manifest.source_language) not in pages and not any(
                p.where.startswith(f"{PAGES}/{topic.id}/") for p in problems
            ):
                problems.append(
                    problem(
                        N_("topic {topic} has no page in the source language {lang}"),
                        topic=topic.id,
                        lang=manifest.source_language,
                    )
                )
    elif manifest is not None and topics:
        problems.append(problem(N_("topics are listed but there is no pages folder")))

    if problems or manifest is None:
        raise PackInvalid(problems)
    return Pack(
        manifest,
        tuple(sorted(topics, key=lambda t: (t.order, t.id))),
        contacts,
        pages,
        origin,
        location,
    )


def _load_list(
    root: Traversable, name: str, model: type[_Item], problems: list[Problem]
) -> tuple[_Item, ...]:
    """The entries of an optional JSON list file; its problems are added, never raised."""
    if not (root / name).is_file():
        return ()
    data = _json(root / name, name, problems)
    if data is None:
        return ()
    try:
        return tuple(model.model_validate(item) for item in _as_list(data))
    except (ValidationError, TypeError) as exc:
        problems.extend(_list_problems(exc, name))
        return ()


def _listed_twice(ids: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    twice = []
    for i in ids:
        if i in seen:
            twice.append(i)
        seen.add(i)
    return twice


def _as_list(data: Any) -> list[Any]:
    if not isinstance(data, list):
        raise TypeError("a list is expected")
    return data


def _list_problems(exc: Exception, name: str) -> list[Problem]:
    if isinstance(exc, ValidationError):
        return _schema_problems(exc, name)
    return [problem(N_("a JSON list [...] is expected")).at(name)]


def is_valid_id(value: str) -> bool:
    return re.match(ID_PATTERN, value) is not None
