"""All content the app shows: built-in packs plus packs and translations imported locally.

The GUI information view, the printed folder and the counselling rules use this class
only; they never read pack files themselves.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from importlib.resources.abc import Traversable
from pathlib import Path

from willkommensordner.content import markdown as md
from willkommensordner.content.languages import (
    SOURCE_LANGUAGE,
    SUPPORTED_LANGUAGES,
    direction,
    fallback_chain,
    normalize,
    own_name,
)
from willkommensordner.content.model import ContactPoint, Manifest
from willkommensordner.content.notices import Notice, notice_text
from willkommensordner.content.pack import Pack, Page, Source, load_pack, parse_page
from willkommensordner.content.problems import PackInvalid, Problem
from willkommensordner.content.status import Status, effective_status
from willkommensordner.content.store import PackStore, default_data_dir
from willkommensordner.errors import NotFound
from willkommensordner.i18n import N_
from willkommensordner.paths import resource


@dataclass(frozen=True)
class PackInfo:
    id: str
    title: str
    version: str
    stand: date
    municipality: str | None
    origin: str  # "builtin" or "imported"
    languages: tuple[str, ...]
    topics: tuple[str, ...]
    contact_points: int
    demo: bool = False


@dataclass(frozen=True)
class TopicInfo:
    id: str
    title: str  # in the requested language, or along its fallback chain
    lang: str  # the language of `title`
    pack_id: str
    order: int
    icon: str | None


@dataclass(frozen=True)
class ResolvedPage:
    """A page as shown to a reader who asked for `requested_lang`.

    `lang` is the language actually shown; `notices` are in the reader's language and must
    be displayed (and printed) above the text. `source` is the German page, which printed
    pages carry beside the translation for the authorities.
    """

    topic_id: str
    pack_id: str
    requested_lang: str
    lang: str
    title: str
    blocks: tuple[md.Block, ...]
    status: Status
    stand: date
    sources: tuple[Source, ...]
    notices: tuple[str, ...]
    notice_kinds: tuple[Notice, ...]
    direction: str
    source: Page
    reviewed_by: str | None = None
    reviewed_on: date | None = None

    @property
    def is_fallback(self) -> bool:
        return self.lang != self.requested_lang

    @property
    def is_rtl(self) -> bool:
        return self.direction == "rtl"

    def plain_text(self) -> str:
        return md.plain_text(self.blocks)

    def to_html(self) -> str:
        return md.to_html(self.blocks, self.direction)


@dataclass(frozen=True)
class LanguageStatus:
    code: str
    name: str  # in its own script
    direction: str
    counts: dict[Status, int] = field(hash=False)
    missing: int = 0

    @property
    def available(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class SearchHit:
    topic_id: str
    title: str
    lang: str  # language of the text that matched
    snippet: str


@dataclass(frozen=True)
class LoadProblem:
    """A pack or translation that could not be loaded; the rest of the library still works."""

    location: str
    problems: tuple[Problem, ...]


def builtin_root() -> Traversable:
    return resource("content")


class ContentLibrary:
    """Read-only view over all installed content; build a new one after an import."""

    def __init__(
        self,
        data_dir: Path | None = None,
        *,
        builtin: Traversable | None = None,
        include_builtin: bool = True,
        include_demo: bool | None = None,
    ) -> None:
        """`include_demo`: the built-in sample packs; by default as the user chose (store)."""
        self.data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
        self.store = PackStore(self.data_dir)
        self.load_problems: list[LoadProblem] = []
        demo = self.store.demo_enabled() if include_demo is None else include_demo
        candidates: list[Pack] = []
        if include_builtin:
            root = builtin if builtin is not None else builtin_root()
            if root.is_dir():
                for node in sorted(root.iterdir(), key=lambda n: n.name):
                    if node.is_dir() and (node / "manifest.json").is_file():
                        found = self._load(node, "builtin", f"builtin:{node.name}")
                        candidates.extend(p for p in found if demo or not p.manifest.demo)
        for _pack_id, folder in self.store.installed().items():
            candidates.extend(self._load(folder, "imported", str(folder)))
        self._packs = _newest_per_id(candidates)
        self._overlays = self._load_overlays()

    def _load(self, root: Traversable, origin: str, location: str) -> list[Pack]:
        try:
            return [load_pack(root, origin, location)]
        except PackInvalid as exc:
            self.load_problems.append(LoadProblem(location, exc.problems))
            return []

    def _load_overlays(self) -> dict[tuple[str, str, str], Page]:
        overlays: dict[tuple[str, str, str], Page] = {}
        for pack_id, topic_id, lang, path in self.store.overlays():
            pack = self._packs.get(pack_id)
            if pack is None or (topic_id, pack.manifest.source_language) not in pack.pages:
                continue
            try:
                page = parse_page(path.read_text(encoding="utf-8"), pack_id, topic_id, lang)
            except (PackInvalid, UnicodeDecodeError) as exc:
                found = exc.problems if isinstance(exc, PackInvalid) else ()
                self.load_problems.append(LoadProblem(str(path), tuple(found)))
                continue
            overlays[(pack_id, topic_id, normalize(lang))] = page
        return overlays

    # --- packs and topics --------------------------------------------------------------

    def packs(self) -> list[PackInfo]:
        return [
            PackInfo(
                id=p.id,
                title=p.manifest.title,
                version=p.manifest.version,
                stand=p.manifest.stand,
                municipality=p.manifest.municipality,
                origin=p.origin,
                languages=p.manifest.languages,
                topics=tuple(t.id for t in p.topics),
                contact_points=len(p.contacts),
                demo=p.manifest.demo,
            )
            for p in self._ordered_packs()
        ]

    def demo_in_use(self) -> bool:
        """Whether invented sample content (e.g. the demo town's contact points) is shown."""
        return any(p.manifest.demo for p in self._packs.values())

    def is_demo_contact(self, contact_id: str) -> bool:
        """Whether the contact point shown under this id is an invented one."""
        for pack in reversed(self._ordered_packs()):
            if any(c.id == contact_id for c in pack.contacts):
                return pack.manifest.demo
        return False

    def pack(self, pack_id: str) -> Pack | None:
        """The loaded pack itself (an importer compares its new pages with it)."""
        return self._packs.get(pack_id)

    def manifest(self, pack_id: str) -> Manifest | None:
        pack = self._packs.get(pack_id)
        return pack.manifest if pack else None

    def _ordered_packs(self) -> list[Pack]:
        # Nationwide packs first, municipal ones after: a municipality's page for a topic
        # replaces the nationwide page, because local information is more specific.
        return sorted(
            self._packs.values(), key=lambda p: (p.manifest.municipality is not None, p.id)
        )

    def _topic_owners(self) -> dict[str, Pack]:
        owners: dict[str, Pack] = {}
        for pack in self._ordered_packs():
            for topic in pack.topics:
                owners[topic.id] = pack
        return owners

    def topic_ids(self) -> list[str]:
        owners = self._topic_owners()
        order = {t.id: t.order for p in self._packs.values() for t in p.topics}
        return sorted(owners, key=lambda tid: (order[tid], tid))

    def topics(self, lang: str = SOURCE_LANGUAGE) -> list[TopicInfo]:
        result = []
        owners = self._topic_owners()
        for topic_id in self.topic_ids():
            pack = owners[topic_id]
            entry = next(t for t in pack.topics if t.id == topic_id)
            page, shown = self._find(pack, topic_id, lang)
            result.append(TopicInfo(topic_id, page.title, shown, pack.id, entry.order, entry.icon))
        return result

    # --- pages -------------------------------------------------------------------------

    def _page_in(self, pack: Pack, topic_id: str, lang: str) -> Page | None:
        """The page in exactly `lang`: a local translation wins unless it is outdated and
        the pack's own one is not (e.g. after the pack was updated with newer translations)."""
        own = pack.page(topic_id, lang)
        overlay = self._overlays.get((pack.id, topic_id, lang))
        if overlay is None:
            return own
        if own is None:
            return overlay
        source = pack.pages[(topic_id, pack.manifest.source_language)]
        overlay_outdated = self._status(overlay, source) == Status.OUTDATED
        own_outdated = self._status(own, source) == Status.OUTDATED
        return own if overlay_outdated and not own_outdated else overlay

    @staticmethod
    def _status(page: Page, source: Page) -> Status:
        return effective_status(page.declared, page.translated_from, source.fingerprint)

    def _find(self, pack: Pack, topic_id: str, lang: str) -> tuple[Page, str]:
        for candidate in fallback_chain(lang):
            page = self._page_in(pack, topic_id, candidate)
            if page is not None:
                return page, candidate
        source_lang = pack.manifest.source_language
        return pack.pages[(topic_id, source_lang)], source_lang

    def page(self, topic_id: str, lang: str) -> ResolvedPage:
        """The page for a topic in the reader's language, or the nearest fallback."""
        owners = self._topic_owners()
        if topic_id not in owners:
            raise NotFound(N_("There is no information page on the topic {topic}."), topic=topic_id)
        pack = owners[topic_id]
        requested = normalize(lang)
        page, shown = self._find(pack, topic_id, requested)
        source = pack.pages[(topic_id, pack.manifest.source_language)]
        status = self._status(page, source)
        kinds: list[Notice] = []
        if shown != requested:
            kinds.append(Notice.FALLBACK)
        if status == Status.OUTDATED:
            kinds.append(Notice.OUTDATED)
        elif status == Status.MACHINE_MADE:
            kinds.append(Notice.MACHINE_MADE)
        notices = tuple(notice_text(k, requested, requested=requested, shown=shown) for k in kinds)
        return ResolvedPage(
            topic_id=topic_id,
            pack_id=pack.id,
            requested_lang=requested,
            lang=shown,
            title=page.title,
            blocks=page.blocks,
            status=status,
            stand=page.stand or source.stand or pack.manifest.stand,
            sources=page.sources or source.sources,
            notices=notices,
            notice_kinds=tuple(kinds),
            direction=direction(shown),
            source=source,
            reviewed_by=page.reviewed_by,
            reviewed_on=page.reviewed_on,
        )

    def exact_page(self, topic_id: str, lang: str) -> tuple[Page, Status] | None:
        """The page in exactly this language (no fallback) with its effective status."""
        pack = self._topic_owners().get(topic_id)
        if pack is None:
            return None
        page = self._page_in(pack, topic_id, normalize(lang))
        if page is None:
            return None
        source = pack.pages[(topic_id, pack.manifest.source_language)]
        return page, self._status(page, source)

    def pack_of(self, topic_id: str) -> str | None:
        pack = self._topic_owners().get(topic_id)
        return pack.id if pack else None

    # --- languages ---------------------------------------------------------------------

    def language_codes(self) -> list[str]:
        codes = list(SUPPORTED_LANGUAGES)
        for pack in self._packs.values():
            codes.extend(c for c in pack.manifest.languages if c not in codes)
        return codes

    def languages(self) -> list[LanguageStatus]:
        """Every language with its name in its own script, direction and status counts."""
        topic_ids = self.topic_ids()
        result = []
        for code in self.language_codes():
            counts = {s: 0 for s in Status}
            missing = 0
            for topic_id in topic_ids:
                found = self.exact_page(topic_id, code)
                if found is None:
                    missing += 1
                else:
                    counts[found[1]] += 1
            result.append(LanguageStatus(code, own_name(code), direction(code), counts, missing))
        return result

    # --- contact points ----------------------------------------------------------------

    def contact_points(
        self, topic: str | None = None, target_group: str | None = None
    ) -> list[ContactPoint]:
        """Contact points serving a topic and/or target group, municipal packs first."""
        seen: set[str] = set()
        result: list[ContactPoint] = []
        for pack in reversed(self._ordered_packs()):
            for contact in pack.contacts:
                if contact.id not in seen and contact.serves(topic, target_group):
                    seen.add(contact.id)
                    result.append(contact)
        return result

    def contact_point(self, contact_id: str) -> ContactPoint:
        for contact in self.contact_points():
            if contact.id == contact_id:
                return contact
        raise NotFound(N_("There is no contact point with the id {id}."), id=contact_id)

    # --- search ------------------------------------------------------------------------

    def search(self, query: str, lang: str) -> list[SearchHit]:
        """Pages whose text (in the reader's language, or German) contains every word."""
        terms = [_fold(t) for t in query.split() if t.strip()]
        if not terms:
            return []
        hits: list[SearchHit] = []
        for topic_id in self.topic_ids():
            resolved = self.page(topic_id, lang)
            candidates: list[tuple[str, str, str]] = [
                (resolved.lang, resolved.title, resolved.plain_text())
            ]
            if resolved.lang != resolved.source.lang:
                candidates.append(
                    (
                        resolved.source.lang,
                        resolved.source.title,
                        md.plain_text(resolved.source.blocks),
                    )
                )
            for text_lang, title, text in candidates:
                haystack = _fold(title + "\n" + text)
                if all(term in haystack for term in terms):
                    hits.append(
                        SearchHit(
                            topic_id,
                            resolved.title,
                            text_lang,
                            _snippet(title + "\n" + text, terms[0]),
                        )
                    )
                    break
        return hits


def _newest_per_id(packs: Iterable[Pack]) -> dict[str, Pack]:
    chosen: dict[str, Pack] = {}
    for pack in packs:
        current = chosen.get(pack.id)
        # Equal versions: the imported copy wins, it is what the municipality installed.
        if (
            current is None
            or pack.manifest.version_key > current.manifest.version_key
            or (
                pack.manifest.version_key == current.manifest.version_key
                and pack.origin == "imported"
            )
        ):
            chosen[pack.id] = pack
    return chosen


def _fold(text: str) -> str:
    # NFKC + casefold lets "strasse" find "Straße" and ignores Arabic presentation forms.
    return unicodedata.normalize("NFKC", text).casefold()


def _snippet(text: str, term: str, width: int = 80) -> str:
    folded = _fold(text)
    at = folded.find(term)
    if at < 0 or len(folded) != len(text):
        return text[:width].replace("\n", " ")
    start = max(0, at - width // 2)
    snippet = text[start : start + width].replace("\n", " ").strip()
    return ("…" if start > 0 else "") + snippet + ("…" if start + width < len(text) else "")
