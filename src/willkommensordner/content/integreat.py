"""A municipality's Integreat content, read from a dump of the public API, as a content pack.

The dump is laid out like the API paths (see docs/integreat.md):

    DIR/languages.json          api/v3/<region>/<any language>/languages
    DIR/<lang>/pages.json       api/v3/<region>/<lang>/pages
    DIR/<lang>/locations.json   api/v3/<region>/<lang>/locations   (optional)

Nothing in it is trusted: every file is size- and depth-checked before it is parsed, page
HTML goes through `integreat_html` into our safe Markdown, and the result is loaded with the
same checks as any pack before it replaces the installed one. `plan_import` changes nothing;
it returns what `apply_import` would install, with the problems per page, for a preview.

The page tree is kept: every Integreat page becomes a topic, a subpage names its parent and
topics are numbered in reading order (depth first). Translations are marked `external` —
made by people at Integreat, not reviewed here — with Integreat's `last_updated` as their
date. The public API says nothing about which German version a translation was made from, so
a translation counts as current when it is not older than its German page; on re-import an
unchanged translation keeps the fingerprint it had, so a changed German page makes it
outdated.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from willkommensordner.content import integreat_html
from willkommensordner.content.languages import (
    EASY_GERMAN,
    SOURCE_LANGUAGE,
    is_known,
    normalize,
    own_name,
)
from willkommensordner.content.library import ContentLibrary
from willkommensordner.content.pack import (
    CONTACTS,
    MANIFEST,
    PAGES,
    TOPICS,
    Pack,
    Page,
    Source,
    load_pack,
    page_text,
)
from willkommensordner.content.problems import PackInvalid, Problem, problem
from willkommensordner.content.status import Status
from willkommensordner.errors import NotFound
from willkommensordner.i18n import N_, Translator

MAX_FILE_BYTES = 32 * 1024 * 1024
MAX_JSON_DEPTH = 32
MAX_PAGES = 5000
WEB_APP = "https://integreat.app"
_ID = re.compile(r"[^a-z0-9]+")
_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(?:_[A-Z]{2})?$")

# Integreat's own language codes that are not the BCP 47 code we use for the same readers.
INTEGREAT_LANGUAGES: dict[str, str] = {
    "de-si": EASY_GERMAN,  # "Einfache Sprache"
    "prs": "fa_AF",  # Dari
    "fa-af": "fa_AF",
    "pes": "fa",
    "kmr": "ku",  # Kurmanji
    "ku-kmr": "ku",
    "ti-er": "ti",
    "uk-ua": "uk",
}
_DUMMY_SOURCE = "0" * 64
_WEEKDAYS = ("mo", "tu", "we", "th", "fr", "sa", "su")


def map_language(code: str, bcp47: str | None = None) -> str | None:
    """Our code for an Integreat language, or None when the app cannot show it."""
    lowered = code.strip().lower()
    if lowered in INTEGREAT_LANGUAGES:
        return INTEGREAT_LANGUAGES[lowered]
    for candidate in (code, bcp47 or ""):
        mapped = normalize(candidate)
        if _LANGUAGE_CODE.match(mapped) and is_known(mapped):
            return mapped
    return None


# --- bounded JSON ----------------------------------------------------------------------


def read_json(path: Path, where: str, problems: list[Problem]) -> Any:
    """The JSON in `path`, or None with a problem (too big, too deep, not JSON)."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            problems.append(
                problem(
                    N_("{size} bytes, at most {limit} are read"), size=size, limit=MAX_FILE_BYTES
                ).at(where)
            )
            return None
        raw = path.read_bytes()
    except OSError:
        problems.append(problem(N_("the file cannot be read")).at(where))
        return None
    if _nesting(raw) > MAX_JSON_DEPTH:
        problems.append(
            problem(N_("nested deeper than {limit} levels"), limit=MAX_JSON_DEPTH).at(where)
        )
        return None
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        problems.append(problem(N_("not UTF-8 text")).at(where))
    except json.JSONDecodeError as exc:
        problems.append(
            problem(
                N_("not valid JSON (line {line}, column {column})"),
                line=exc.lineno,
                column=exc.colno,
            ).at(where)
        )
    return None


def _nesting(raw: bytes) -> int:
    """How deep brackets nest, outside strings; checked before the recursive parser runs."""
    depth = deepest = 0
    in_string = escaped = False
    for byte in raw:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:
                escaped = True
            elif byte == 0x22:
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):
            depth += 1
            deepest = max(deepest, depth)
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return deepest


# --- the plan --------------------------------------------------------------------------


@dataclass
class PlannedPage:
    topic_id: str
    lang: str
    integreat_lang: str
    title: str
    url: str
    problems: list[Problem] = field(default_factory=list)


@dataclass
class ImportPlan:
    """What an import would install; nothing has changed yet."""

    region: str
    pack_id: str
    version: str
    previous_version: str | None
    files: dict[str, str]
    pages: list[PlannedPage]
    problems: list[Problem]
    skipped_languages: list[str]
    contacts: int

    def pages_per_language(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for p in self.pages:
            counts[p.lang] = counts.get(p.lang, 0) + 1
        return counts

    def page_problems(self) -> Iterator[Problem]:
        for p in self.pages:
            where = f"{p.lang}: {p.title}"
            yield from (found.at(where) for found in p.problems)

    @property
    def all_problems(self) -> list[Problem]:
        return [*self.problems, *self.page_problems()]


@dataclass
class _Raw:
    lang: str  # ours
    code: str  # Integreat's
    item: dict[str, Any]

    @property
    def id(self) -> int:
        return _int(self.item.get("id"))

    @property
    def path(self) -> str:
        return _str(self.item.get("path"))


def pack_id_for(region: str) -> str:
    slug = _ID.sub("-", region.lower()).strip("-")[:50]
    if not slug:
        raise PackInvalid([problem(N_("the region name {region} is not usable"), region=region)])
    return f"integreat-{slug}"


def plan_import(dump: Path, region: str, library: ContentLibrary, today: date) -> ImportPlan:
    """Read the dump and build the pack; raises PackInvalid when nothing usable is in it."""
    dump = Path(dump)
    if not dump.is_dir():
        raise NotFound(N_("The folder {path} does not exist."), path=str(dump))
    pack_id = pack_id_for(region)
    problems: list[Problem] = []
    languages = read_json(dump / "languages.json", "languages.json", problems)
    if not isinstance(languages, list):
        if not problems:
            problems.append(problem(N_("a JSON list [...] is expected")).at("languages.json"))
        raise PackInvalid(problems)
    ours: dict[str, str] = {}  # Integreat code -> our code
    skipped: list[str] = []
    for entry in languages:
        if not isinstance(entry, dict):
            continue
        code = _str(entry.get("code"))
        if not code or not re.match(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,2}$", code):
            continue
        mapped = map_language(code, _str(entry.get("bcp47_tag")) or None)
        if mapped is None or mapped in ours.values():
            skipped.append(code)
            problems.append(
                problem(
                    N_("language {code} cannot be shown by the app and was left out"), code=code
                )
            )
            continue
        ours[code] = mapped
    if SOURCE_LANGUAGE not in ours.values():
        problems.append(problem(N_("the dump has no German pages (language de)")))
        raise PackInvalid(problems)

    raw: dict[str, list[_Raw]] = {}
    for code, lang in ours.items():
        where = f"{code}/pages.json"
        path = dump / code / "pages.json"
        if not path.is_file():
            problems.append(problem(N_("the file is missing")).at(where))
            continue
        data = read_json(path, where, problems)
        if not isinstance(data, list):
            continue
        raw[lang] = [_Raw(lang, code, item) for item in data[:MAX_PAGES] if isinstance(item, dict)]
    german = raw.get(SOURCE_LANGUAGE, [])
    if not german:
        problems.append(problem(N_("the dump has no German pages (language de)")))
        raise PackInvalid(problems)

    previous_manifest = library.manifest(pack_id)
    previous = library.pack(pack_id)
    version = str(int(previous_manifest.version.split(".")[0]) + 1) if previous_manifest else "1"

    # Topic ids from the German path (stable across Integreat's new translation ids).
    topic_of: dict[tuple[str, int], str] = {}
    used: set[str] = set()
    by_path: dict[tuple[str, str], str] = {}
    for page in german:
        topic = _unique(_slug(page.path, f"seite-{page.id}"), used)
        topic_of[(SOURCE_LANGUAGE, page.id)] = topic
        by_path[(SOURCE_LANGUAGE, page.path.rstrip("/"))] = topic
    german_by_id = {p.id: p for p in german}
    for lang, items in raw.items():
        if lang == SOURCE_LANGUAGE:
            continue
        code = next(c for c, m in ours.items() if m == lang)
        for page in items:
            counterpart = _available(page.item, "de")
            if counterpart is None:
                counterpart = next(
                    (g.id for g in german if _available(g.item, code) == page.id), None
                )
            if counterpart in german_by_id:
                topic = topic_of[(SOURCE_LANGUAGE, counterpart)]
            else:
                topic = _unique(_slug(page.path, f"{code}-{page.id}"), used)
            topic_of[(lang, page.id)] = topic
            by_path[(lang, page.path.rstrip("/"))] = topic

    # Parents and order: depth first from the top level, siblings by Integreat's order.
    entries: dict[str, tuple[str | None, int, _Raw]] = {}
    for lang in [SOURCE_LANGUAGE, *[x for x in raw if x != SOURCE_LANGUAGE]]:
        for page in raw[lang]:
            topic = topic_of[(lang, page.id)]
            if topic in entries:
                continue
            parent_info = page.item.get("parent")
            parent_path = _str(parent_info.get("path")) if isinstance(parent_info, dict) else ""
            parent = by_path.get((lang, parent_path.rstrip("/"))) if parent_path else None
            entries[topic] = (parent, _int(page.item.get("order")), page)
    ordered = _depth_first(entries)

    planned: list[PlannedPage] = []
    files: dict[str, str] = {}
    german_pages: dict[str, Page] = {}
    german_dates: dict[str, date | None] = {}
    for lang in [SOURCE_LANGUAGE, *[x for x in raw if x != SOURCE_LANGUAGE]]:
        seen_topics: set[str] = set()
        for page in raw[lang]:
            topic = topic_of[(lang, page.id)]
            if topic in seen_topics:
                continue
            seen_topics.add(topic)
            title = integreat_html.clean_text(_str(page.item.get("title"))).strip()[:200]
            url = _web_address(page)
            plan = PlannedPage(topic, lang, page.code, title or "–", url)
            planned.append(plan)
            converted = integreat_html.to_markdown(_str(page.item.get("content")), url)
            plan.problems.extend(converted.problems)
            body = converted.markdown.strip() or _escape_title(title) or "–"
            updated = _date(page.item.get("last_updated"))
            sources = (Source(f"Integreat {region}", url),) if url.startswith("https://") else ()
            if lang == SOURCE_LANGUAGE:
                result = Page(
                    pack_id,
                    topic,
                    lang,
                    _escape_title(title) or "–",
                    body,
                    (),
                    Status.SOURCE,
                    stand=updated or today,
                    sources=sources,
                )
                german_pages[topic] = result
                german_dates[topic] = updated
            else:
                source_page = german_pages.get(topic)
                if source_page is None:
                    source_page = _placeholder(pack_id, topic, page, today)
                    german_pages[topic] = source_page
                    german_dates[topic] = None
                    files[f"{PAGES}/{topic}/{SOURCE_LANGUAGE}.md"] = page_text(source_page)
                    plan.problems.append(
                        problem(N_("the page has no German source; a German note was written"))
                    )
                result = Page(
                    pack_id,
                    topic,
                    lang,
                    _escape_title(title) or "–",
                    body,
                    (),
                    Status.EXTERNAL,
                    stand=updated,
                    sources=sources,
                    translated_from=_made_from(
                        previous, topic, lang, body, source_page, updated, german_dates[topic]
                    ),
                    translated_on=updated,
                )
            files[f"{PAGES}/{topic}/{lang}.md"] = page_text(result)

    contacts, contact_problems = _contacts(dump, ours, raw)
    problems.extend(contact_problems)
    manifest = {
        "format": 1,
        "id": pack_id,
        "title": f"Integreat {region}"[:200],
        "municipality": region[:200],
        "version": version,
        "stand": today.isoformat(),
        "source_language": SOURCE_LANGUAGE,
        "languages": list(dict.fromkeys(p.lang for p in planned)),
        "publisher": f"Integreat {region}"[:200],
        "description": "Imported from Integreat; translations not reviewed here.",
    }
    topics = [
        {"id": topic, "order": index + 1, **({"parent": parent} if parent else {})}
        for index, (topic, parent) in enumerate(ordered)
    ]
    files[MANIFEST] = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
    files[TOPICS] = json.dumps(topics, ensure_ascii=False, indent=2) + "\n"
    files[CONTACTS] = json.dumps(contacts, ensure_ascii=False, indent=2) + "\n"
    return ImportPlan(
        region=region,
        pack_id=pack_id,
        version=version,
        previous_version=previous_manifest.version if previous_manifest else None,
        files=files,
        pages=planned,
        problems=problems,
        skipped_languages=skipped,
        contacts=len(contacts),
    )


def preview(plan: ImportPlan, tr: Translator) -> list[str]:
    """The preview shown before anything changes: pages per language, contacts, problems."""
    lines = [
        tr.format(
            N_("Integreat {region} as pack {id} version {version}:"),
            {"region": plan.region, "id": plan.pack_id, "version": plan.version},
        )
    ]
    for lang, count in plan.pages_per_language().items():
        template = tr.ngettext(
            "  {lang} ({name}): {count} page", "  {lang} ({name}): {count} pages", count
        )
        lines.append(template.format_map({"lang": lang, "name": own_name(lang), "count": count}))
    template = tr.ngettext("  {count} contact point", "  {count} contact points", plan.contacts)
    lines.append(template.format_map({"count": plan.contacts}))
    found = plan.all_problems
    if found:
        template = tr.ngettext(
            "{count} problem (left out or changed):",
            "{count} problems (left out or changed):",
            len(found),
        )
        lines.append(template.format_map({"count": len(found)}))
        lines.extend(f"  - {item.message(tr)}" for item in found)
    return lines


def apply_import(plan: ImportPlan, library: ContentLibrary) -> Path:
    """Write the planned pack, load it with every check and make it the installed version."""
    store = library.store
    staging = store.staging_dir()
    try:
        for name, text in plan.files.items():
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        load_pack(staging, "imported", f"Integreat {plan.region}")
        return store.install(staging, plan.pack_id, plan.version)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


# --- helpers ---------------------------------------------------------------------------


def _made_from(
    previous: Pack | None,
    topic: str,
    lang: str,
    body: str,
    source: Page,
    updated: date | None,
    source_updated: date | None,
) -> str:
    """The German fingerprint this translation was made from, as far as one can tell."""
    if previous is not None:
        before = previous.page(topic, lang)
        if before is not None and before.body.strip() == body.strip() and before.translated_from:
            return str(before.translated_from)
    if updated is not None and source_updated is not None and updated < source_updated:
        old_source = previous.page(topic, SOURCE_LANGUAGE) if previous is not None else None
        return old_source.fingerprint if old_source is not None else _DUMMY_SOURCE
    return source.fingerprint


def _placeholder(pack_id: str, topic: str, page: _Raw, today: date) -> Page:
    title = _escape_title(integreat_html.clean_text(_str(page.item.get("title"))).strip()) or "–"
    body = (
        "Diese Seite gibt es bei Integreat nicht auf Deutsch. "
        f"Sie ist in der Sprache {page.code} geschrieben."
    )
    return Page(pack_id, topic, SOURCE_LANGUAGE, title[:200], body, (), Status.SOURCE, today)


def _contacts(
    dump: Path, ours: dict[str, str], raw: dict[str, list[_Raw]]
) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Integreat locations (POIs) as contact points, German first, descriptions per language."""
    problems: list[Problem] = []
    german_code = next(c for c, m in ours.items() if m == SOURCE_LANGUAGE)
    found: dict[int, dict[str, Any]] = {}
    descriptions: dict[int, dict[str, str]] = {}
    for code, lang in ours.items():
        path = dump / code / "locations.json"
        if not path.is_file() or lang not in raw:
            continue
        data = read_json(path, f"{code}/locations.json", problems)
        if not isinstance(data, list):
            continue
        for item in data[:MAX_PAGES]:
            if not isinstance(item, dict):
                continue
            # The place's id is the same in every language; the translation ids are not.
            place = item.get("location")
            key = _int(place.get("id")) if isinstance(place, dict) else 0
            if not key:
                continue
            text = integreat_html.clean_text(html.unescape(_str(item.get("excerpt")))).strip()
            if text:
                descriptions.setdefault(key, {})[lang] = text[:2000]
            if code == german_code:
                contact = _contact(item, key)
                if contact is None:
                    problems.append(
                        problem(N_("a location without a name was left out")).at(
                            f"{code}/locations.json"
                        )
                    )
                else:
                    found[key] = contact
    result = []
    for key, contact in found.items():
        contact["description"] = descriptions.get(key, {})
        result.append(contact)
    return result, problems


def _contact(item: dict[str, Any], key: int) -> dict[str, Any] | None:
    name = integreat_html.clean_text(_str(item.get("title"))).strip()[:200]
    if not name:
        return None
    contact: dict[str, Any] = {
        "id": f"ort-{key}",
        "name": name,
        "kind": (
            integreat_html.clean_text(_str((item.get("category") or {}).get("name"))).strip()[:60]
            if isinstance(item.get("category"), dict)
            else ""
        )
        or "Anlaufstelle",
    }
    place = item.get("location")
    if isinstance(place, dict):
        street = integreat_html.clean_text(_str(place.get("address"))).strip()[:200]
        postcode = _str(place.get("postcode")).strip()
        town = integreat_html.clean_text(_str(place.get("town"))).strip()[:100]
        if street and town and re.match(r"^\d{5}$", postcode):
            contact["address"] = {"street": street, "postcode": postcode, "city": town}
    phone = re.sub(r"[()]", "", _str(item.get("phone_number"))).strip()
    if re.match(r"^\+?[0-9][0-9 /\-]{2,30}$", phone):
        contact["phone"] = phone
    email = _str(item.get("email")).strip()
    if re.match(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$", email):
        contact["email"] = email
    website = _str(item.get("website")).strip()
    if website:
        resolved = integreat_html.resolve_link(website, WEB_APP)
        if resolved and resolved.startswith("https://"):
            contact["website"] = resolved
    hours, note = _opening_hours(item.get("opening_hours"))
    if hours:
        contact["opening_hours"] = hours
    if note:
        contact["hours_note"] = {"de": note}
    return contact


def _opening_hours(value: Any) -> tuple[list[dict[str, Any]], str]:
    """Integreat's week (seven entries, Monday first) as our opening hours."""
    if not isinstance(value, list):
        return [], ""
    slots: dict[tuple[str, str, bool], list[str]] = {}
    all_day: list[str] = []
    for day, entry in zip(_WEEKDAYS, value[:7], strict=False):
        if not isinstance(entry, dict) or entry.get("closed"):
            continue
        appointment = bool(entry.get("appointmentOnly"))
        if entry.get("allDay"):
            all_day.append(day)
            continue
        for slot in entry.get("timeSlots") or []:
            if not isinstance(slot, dict):
                continue
            start, end = _str(slot.get("start"))[:5], _str(slot.get("end"))[:5]
            if re.match(r"^([01]\d|2[0-3]):[0-5]\d$", start) and re.match(
                r"^([01]\d|2[0-3]):[0-5]\d$", end
            ):
                slots.setdefault((start, end, appointment), []).append(day)
    hours = [
        {"days": days, "opens": start, "closes": end, "by_appointment": appointment}
        for (start, end, appointment), days in slots.items()
    ]
    note = "Ganztägig geöffnet: " + ", ".join(all_day) if all_day else ""
    return hours, note


def _depth_first(entries: dict[str, tuple[str | None, int, _Raw]]) -> list[tuple[str, str | None]]:
    children: dict[str | None, list[tuple[int, str]]] = {}
    for topic, (parent, order, _page) in entries.items():
        key = parent if parent in entries and parent != topic else None
        children.setdefault(key, []).append((order, topic))
    result: list[tuple[str, str | None]] = []
    stack: list[tuple[str, str | None]] = [
        (t, None) for _o, t in sorted(children.get(None, []), reverse=True)
    ]
    done: set[str] = set()
    while stack:
        topic, parent = stack.pop()
        if topic in done:
            continue
        done.add(topic)
        result.append((topic, parent))
        stack.extend((t, topic) for _o, t in sorted(children.get(topic, []), reverse=True))
    # A cycle of parents (hostile dump) leaves pages unreached: they become top-level topics.
    result.extend((t, None) for t in entries if t not in done)
    return result


def _available(item: dict[str, Any], code: str) -> int | None:
    langs = item.get("available_languages")
    if isinstance(langs, dict):
        entry = langs.get(code)
        if isinstance(entry, dict) and isinstance(entry.get("id"), int):
            return int(entry["id"])
    return None


def _web_address(page: _Raw) -> str:
    url = _str(page.item.get("url"))
    if url.startswith("https://"):
        return url
    path = page.path or "/"
    return WEB_APP + (path if path.startswith("/") else "/" + path)


def _slug(path: str, fallback: str) -> str:
    """The topic id from the page's last path segment; a slug in another script gets
    `fallback` (ids are ASCII)."""
    segments = [s for s in path.strip("/").split("/") if s]
    slug = _ID.sub("-", (segments[-1] if segments else "").lower()).strip("-")
    return (slug or _ID.sub("-", fallback.lower()).strip("-"))[:56]


def _unique(slug: str, used: set[str]) -> str:
    candidate, n = slug, 2
    while candidate in used:
        candidate = f"{slug}-{n}"
        n += 1
    used.add(candidate)
    return candidate


def _escape_title(title: str) -> str:
    return integreat_html.escape(title)


def _date(value: Any) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0
