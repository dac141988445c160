"""Translator round trip: export a language's pages as a PO file and import the result.

One PO entry per translatable unit (the title, each heading or paragraph, each list item),
`msgctxt` = "<pack>:<topic>/<unit>" so the structure survives any PO editor. Inline markup
(`**bold**`, `[text](tel:…)`) stays inside the strings; translators keep it as it is.

Status travels with the standard PO conventions: an entry flagged `fuzzy` is machine-made
(or not yet checked); a page whose entries are all un-fuzzy counts as reviewed by the
`Last-Translator` named in the header, on the `PO-Revision-Date`.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po

from willkommensordner import __version__
from willkommensordner.content import markdown as md
from willkommensordner.content.languages import SOURCE_LANGUAGE, normalize
from willkommensordner.content.library import ContentLibrary
from willkommensordner.content.pack import Page, page_text, parse_page
from willkommensordner.content.problems import PackInvalid, Problem, problem
from willkommensordner.content.status import Status
from willkommensordner.errors import InvalidInput, NotFound
from willkommensordner.i18n import N_

PROJECT = "Willkommensordner content"
# Short enough that PO tools do not wrap it; parsed leniently in case one does anyway.
_HASH_COMMENT = re.compile(r"sha256:\s*([0-9a-f]{64})")
_CONTEXT = re.compile(r"^([a-z0-9-]+):([a-z0-9-]+)/(title|b\d+(?:\.\d+)?)$")
_PLACEHOLDER_TRANSLATOR = "FULL NAME"


def units(page: Page) -> list[tuple[str, str]]:
    """(unit id, text) pairs: the title, then every block or list item."""
    return [("title", page.title), *md.block_sources(page.blocks)]


def export_po(library: ContentLibrary, lang: str) -> tuple[Catalog, int]:
    """A catalog with every page of every topic; existing translations are pre-filled."""
    lang = normalize(lang)
    if lang == SOURCE_LANGUAGE:
        raise InvalidInput(N_("German is the source language; choose a language to translate to."))
    catalog = Catalog(
        locale=lang,
        project=PROJECT,
        version=__version__,
        charset="utf-8",
        fuzzy=False,
        last_translator="",
    )
    pages = 0
    for topic_id in library.topic_ids():
        resolved = library.page(topic_id, SOURCE_LANGUAGE)
        source = resolved.source
        existing = library.exact_page(topic_id, lang)
        prefill: dict[str, str] = {}
        fuzzy = True
        if existing is not None:
            page, status = existing
            if md.structure(page.blocks) == md.structure(source.blocks):
                prefill = dict(units(page))
                fuzzy = status != Status.REVIEWED
        for unit_id, text in units(source):
            catalog.add(
                text,
                prefill.get(unit_id, ""),
                context=f"{resolved.pack_id}:{topic_id}/{unit_id}",
                auto_comments=[f"sha256:{source.fingerprint}"],
                flags=["fuzzy"] if fuzzy and prefill.get(unit_id) else [],
            )
        pages += 1
    return catalog, pages


def write_catalog(catalog: Catalog, path: Path) -> None:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, include_previous=False)
    Path(path).write_bytes(buffer.getvalue())


@dataclass
class PoImportResult:
    lang: str
    written: list[tuple[str, Status]] = field(default_factory=list)  # (topic id, status)
    skipped: list[tuple[str, Problem]] = field(default_factory=list)  # incomplete pages
    unchanged: list[str] = field(default_factory=list)  # same text and status as installed


def _reviewer(catalog: Catalog) -> str:
    translator = (catalog.last_translator or "").strip()
    name = translator.split("<", 1)[0].strip()
    return "" if not name or name.upper().startswith(_PLACEHOLDER_TRANSLATOR) else name


def import_po(library: ContentLibrary, path: Path, today: date | None = None) -> PoImportResult:
    """Write the translated pages of a PO file as local translations.

    Everything is checked first: a file with any invalid page (raw HTML, broken links,
    unknown topics, no reviewer for un-fuzzy pages) writes nothing. Pages with untranslated
    entries are skipped and reported, the others are written.
    """
    path = Path(path)
    if not path.is_file():
        raise NotFound(N_("The file {path} does not exist."), path=str(path))
    try:
        with path.open("rb") as fh:
            catalog = read_po(fh, abort_invalid=True)
    except Exception:  # babel raises several unrelated exception types for broken files
        raise PackInvalid(
            [problem(N_("the file is not a valid PO file"))],
            N_("The translation file was not accepted. Problems found: {count}"),
        ) from None
    if catalog.locale_identifier is None:
        raise PackInvalid(
            [problem(N_("the PO header names no Language"))],
            N_("The translation file was not accepted. Problems found: {count}"),
        )
    lang = normalize(str(catalog.locale_identifier))
    if lang == SOURCE_LANGUAGE:
        raise InvalidInput(N_("German is the source language; choose a language to translate to."))
    revision = catalog.revision_date
    reviewed_on = revision.date() if isinstance(revision, datetime) else (today or date.today())
    translated_on = today or datetime.now(UTC).date()
    reviewer = _reviewer(catalog)

    grouped: dict[tuple[str, str], list[tuple[str, Message]]] = {}
    problems: list[Problem] = []
    for message in catalog:
        if not message.id or message.context is None:
            continue
        match = _CONTEXT.match(message.context)
        if not match:
            problems.append(problem(N_("unknown msgctxt {context}"), context=message.context))
            continue
        grouped.setdefault((match.group(1), match.group(2)), []).append((match.group(3), message))

    result = PoImportResult(lang)
    pending: list[tuple[Page, str]] = []
    for (pack_id, topic_id), entries in grouped.items():
        where = f"{pack_id}:{topic_id}"
        if library.pack_of(topic_id) != pack_id:
            problems.append(
                problem(
                    N_("there is no topic {topic} in pack {pack}"), topic=topic_id, pack=pack_id
                )
            )
            continue
        source = library.page(topic_id, SOURCE_LANGUAGE).source
        source_units = dict(units(source))
        texts = {uid: str(m.string or "").strip() for uid, m in entries}
        if set(texts) != set(source_units):
            result.skipped.append(
                (
                    topic_id,
                    problem(
                        N_("the German page changed its structure since the export; export again")
                    ),
                )
            )
            continue
        if not all(texts.values()):
            result.skipped.append((topic_id, problem(N_("not every entry is translated"))))
            continue
        machine = any(m.fuzzy for _uid, m in entries)
        if not machine and not reviewer:
            problems.append(
                problem(
                    N_(
                        "entries without fuzzy count as reviewed: the "
                        "Last-Translator header must name the reviewer"
                    )
                ).at(where)
            )
            continue
        hashes = {
            h.group(1)
            for _uid, m in entries
            if (h := _HASH_COMMENT.search("".join(c.strip() for c in m.auto_comments)))
        }
        # Translated from the exported source text; if German changed meanwhile, the
        # translation is outdated, and the stored hash lets the app say so.
        translated_from = hashes.pop() if len(hashes) == 1 else None
        if translated_from is None and all(msg.id == source_units[uid] for uid, msg in entries):
            translated_from = source.fingerprint
        body = md.render_markdown(source.blocks, texts)
        draft = Page(
            pack_id=pack_id,
            topic_id=topic_id,
            lang=lang,
            title=texts["title"],
            body=body,
            blocks=(),
            declared=Status.MACHINE_MADE if machine else Status.REVIEWED,
            translated_from=translated_from,
            translated_on=translated_on,
            reviewed_by=None if machine else reviewer,
            reviewed_on=None if machine else reviewed_on,
        )
        text = page_text(draft)
        try:
            checked = parse_page(text, pack_id, topic_id, lang)
        except PackInvalid as exc:
            problems.extend(p.at(where) for p in exc.problems)
            continue
        if md.structure(checked.blocks) != md.structure(source.blocks):
            problems.append(
                problem(
                    N_(
                        "a translated entry adds or removes paragraphs or list "
                        "items; keep one entry per block"
                    )
                ).at(where)
            )
            continue
        existing = library.exact_page(topic_id, lang)
        if existing is not None and _same(existing[0], checked) and existing[1] != Status.OUTDATED:
            # A translator's file usually carries every page; untouched ones need no copy.
            result.unchanged.append(topic_id)
            continue
        pending.append((checked, text))

    if problems:
        raise PackInvalid(
            problems, N_("The translation file was not accepted. Problems found: {count}")
        )
    for page, text in pending:
        library.store.write_overlay(page.pack_id, page.topic_id, lang, text)
        result.written.append((page.topic_id, page.declared))
    return result


def _same(installed: Page, imported: Page) -> bool:
    return (
        installed.declared == imported.declared
        and installed.title == imported.title
        and md.block_sources(installed.blocks) == md.block_sources(imported.blocks)
    )
