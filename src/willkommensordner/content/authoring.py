"""Tools for people who write packs by hand: record which source a translation was made from.

Translators using PO files never need this (import-po records it). Authors who edit
translation files directly run `content stamp` after bringing a translation up to date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from willkommensordner.content.pack import PAGES, load_manifest, parse_page
from willkommensordner.content.problems import PackInvalid, Problem


@dataclass(frozen=True)
class Stamped:
    topic_id: str
    lang: str
    path: Path


def stamp_translations(
    pack_dir: Path, *, restamp: bool = False, today: date | None = None
) -> list[Stamped]:
    """Write `translated-from` (the current source fingerprint) into translation pages.

    Only pages without one, unless `restamp`: re-stamping declares every translation
    current, which hides real outdated pages, so it is a deliberate choice of the author.
    Raises PackInvalid (and writes nothing) if any page does not parse.
    """
    pack_dir = Path(pack_dir)
    manifest = load_manifest(pack_dir)
    changes: list[tuple[Stamped, str]] = []
    problems: list[Problem] = []
    pages_dir = pack_dir / PAGES
    topic_dirs = sorted(p for p in pages_dir.iterdir() if p.is_dir()) if pages_dir.is_dir() else []
    for topic_dir in topic_dirs:
        source_file = topic_dir / f"{manifest.source_language}.md"
        if not source_file.is_file():
            continue
        try:
            source = parse_page(
                source_file.read_text(encoding="utf-8"),
                manifest.id,
                topic_dir.name,
                manifest.source_language,
            )
        except PackInvalid as exc:
            problems.extend(p.at(str(source_file.relative_to(pack_dir))) for p in exc.problems)
            continue
        for page_file in sorted(topic_dir.glob("*.md")):
            if page_file == source_file:
                continue
            text = page_file.read_text(encoding="utf-8")
            try:
                page = parse_page(text, manifest.id, topic_dir.name, page_file.stem)
            except PackInvalid as exc:
                problems.extend(p.at(str(page_file.relative_to(pack_dir))) for p in exc.problems)
                continue
            if page.translated_from and not restamp:
                continue
            if page.translated_from == source.fingerprint:
                continue
            new_text = _with_stamp(text, source.fingerprint, today or date.today())
            changes.append((Stamped(topic_dir.name, page.lang, page_file), new_text))
    if problems:
        raise PackInvalid(problems)
    for item, new_text in changes:
        item.path.write_text(new_text, encoding="utf-8")
    return [item for item, _text in changes]


def _with_stamp(text: str, fingerprint: str, today: date) -> str:
    lines = text.replace("\r\n", "\n").split("\n")
    end = lines.index("---", 1)
    header = [
        line for line in lines[1:end] if not line.startswith(("translated-from:", "translated-on:"))
    ]
    header += [f"translated-from: {fingerprint}", f"translated-on: {today.isoformat()}"]
    return "\n".join(["---", *header, *lines[end:]])
