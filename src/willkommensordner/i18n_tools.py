"""Keeps the gettext catalogs in step with the code: `python -m willkommensordner.i18n_tools`.

- `update`: extract every marked message from src/, merge it into translations/<lang>/...po
  (German, English, Arabic; English msgstr = msgid), then compile.
- `compile`: write resources/locale/<lang>/LC_MESSAGES/willkommensordner.mo from the .po files.
- `check`: list untranslated German/English messages and placeholder mismatches (exit 1).

Messages are English msgids marked with `N_()` where defined and passed to a translator's
`gettext`/`ngettext`/`format` (or the CLI's `say`/`warn`) where shown. The data files under
resources/rules/ and resources/questionnaire/ hold msgids too (rule titles, reasons and steps,
questionnaire labels): `guidance.msgids.data_msgids()` lists them and the template carries them
with the JSON file and line they come from.
"""

from __future__ import annotations

import argparse
import ast
import copy
import io
import json
import sys
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.extract import extract_python as babel_extract_python
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from willkommensordner import __version__
from willkommensordner.i18n import DOMAIN, UI_LANGUAGES, placeholders

# Function names whose string-literal arguments are msgids (argument positions, 1-based).
KEYWORDS: dict[str, tuple[int, ...] | None] = {
    "N_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "format": (1,),
    "say": None,
    "warn": None,
    "say_count": (1, 2),
}
COMPLETE_LANGUAGES = ("de", "en")
# Data files whose texts are msgids (see guidance/msgids.py), relative to the checkout.
DATA_MSGID_FILES = ("resources/rules/*.json", "resources/questionnaire/*.json")
_FIXED_DATE = datetime(2026, 1, 1)


def repo_root() -> Path:
    return Path(__file__).resolve().parents[2]


def po_path(root: Path, language: str) -> Path:
    return root / "translations" / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(root: Path, language: str) -> Path:
    return root / "resources" / "locale" / language / "LC_MESSAGES" / f"{DOMAIN}.mo"


def _new_catalog(language: str | None) -> Catalog:
    return Catalog(
        locale=language,
        domain=DOMAIN,
        project="willkommensordner",
        version=__version__,
        copyright_holder="Willkommensordner digital",
        creation_date=_FIXED_DATE,
        revision_date=_FIXED_DATE,
        fuzzy=False,
    )


def _keyword_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def extract_python(
    fileobj: IO[bytes],
    keywords: Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[Any]:
    """Babel's Python extraction, plus the calls inside f-strings it does not see.

    Babel reads tokens, and on Python 3.11 an f-string is one token: `f"{tr.gettext('new')}"`
    showed the English text in the German UI because the msgid never reached the catalog.
    The syntax tree has those calls as calls.
    """
    source = fileobj.read()
    # Babel hands extractors the keyword names only, whatever its annotations say.
    babel: Any = babel_extract_python
    yield from babel(io.BytesIO(source), keywords, comment_tags, options)
    inside: dict[int, ast.Call] = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.JoinedStr):
            inside.update((id(n), n) for n in ast.walk(node) if isinstance(n, ast.Call))
    for call in sorted(inside.values(), key=lambda c: (c.lineno, c.col_offset)):
        name = _keyword_name(call)
        if name is None or name not in keywords:
            continue
        # As Babel's own extractor does: every argument, None where it is no literal; Babel
        # then picks the msgid positions the keyword names.
        messages = tuple(
            a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None
            for a in call.args
        )
        yield call.lineno, name, messages, []


def extract(root: Path) -> Catalog:
    """The template: every marked message in src/willkommensordner."""
    template = _new_catalog(None)
    source = root / "src"
    for filename, lineno, message, comments, context in extract_from_dir(
        str(source),
        method_map=[("**.py", extract_python)],  # type: ignore[list-item]
        keywords=KEYWORDS,
        comment_tags=("TRANSLATORS:",),
        strip_comment_tags=True,
    ):
        if not message or (isinstance(message, str) and not message.strip()):
            continue
        location = (str(Path("src") / filename), lineno)
        template.add(message, None, [location], auto_comments=comments, context=context)
    for message, locations in data_messages(root).items():
        existing = template.get(message)
        if existing is not None:
            existing.locations = [*existing.locations, *locations]
        else:
            template.add(message, None, locations)
    return template


def data_messages(root: Path) -> dict[str, list[tuple[str, int]]]:
    """The msgids of the rule and questionnaire files, each with the places it appears."""
    # Imported here: the guidance package loads the data files, the tool itself needs no Qt.
    from willkommensordner.guidance.msgids import data_msgids

    files = sorted(f for pattern in DATA_MSGID_FILES for f in root.glob(pattern))
    lines = {f: f.read_text(encoding="utf-8").splitlines() for f in files}
    found: dict[str, list[tuple[str, int]]] = {}
    for message in data_msgids():
        if not message or not message.strip():
            continue
        needles = (json.dumps(message, ensure_ascii=False), json.dumps(message))
        locations: list[tuple[str, int]] = []
        for f, text in lines.items():
            name = f.relative_to(root).as_posix()
            locations.extend(
                (name, number)
                for number, line in enumerate(text, start=1)
                if any(needle in line for needle in needles)
            )
        # A message from an extension outside the checkout still belongs in the catalog.
        found[message] = locations or [("resources", 0)]
    return found


def read_catalog(path: Path, language: str) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh, locale=language, domain=DOMAIN)


def _write_po(catalog: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, omit_header=False, sort_output=False)
    path.write_bytes(buffer.getvalue())


def update(root: Path, languages: Iterable[str] = UI_LANGUAGES) -> None:
    template = extract(root)
    for language in languages:
        path = po_path(root, language)
        catalog = read_catalog(path, language) if path.exists() else _new_catalog(language)
        # Fuzzy matching would guess translations from similar messages: wrong on a form.
        # Babel shares the template's Message objects with the catalog: give each its own.
        catalog.update(copy.deepcopy(template), no_fuzzy_matching=True, update_header_comment=False)
        catalog.obsolete.clear()
        catalog.revision_date = _FIXED_DATE
        catalog.creation_date = _FIXED_DATE
        if language == "en":
            for message in catalog:
                if message.id:
                    message.string = message.id
                    message.flags.discard("fuzzy")
        _write_po(catalog, path)
    compile_all(root, languages)


def compile_mo(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def compile_all(root: Path, languages: Iterable[str] = UI_LANGUAGES) -> None:
    for language in languages:
        path = po_path(root, language)
        if not path.exists():
            continue
        target = mo_path(root, language)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(compile_mo(read_catalog(path, language)))


def _text(value: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def problems(catalog: Catalog, language: str, *, complete: bool) -> list[str]:
    """Untranslated messages (if the language must be complete) and placeholder mismatches."""
    found: list[str] = []
    for message in catalog:
        if not message.id:
            continue
        found.extend(_message_problems(message, language, complete=complete))
    return found


def _message_problems(message: Message, language: str, *, complete: bool) -> list[str]:
    ids = _text(message.id)
    strings = [s for s in _text(message.string or "") if s]
    if not strings or "fuzzy" in message.flags:
        return [f"{language}: untranslated: {ids[0]!r}"] if complete else []
    expected = placeholders(ids[-1] if len(ids) > 1 else ids[0])
    return [
        f"{language}: placeholders differ: {ids[0]!r} -> {text!r}"
        for text in strings
        if placeholders(text) != expected
    ]


def check(root: Path) -> list[str]:
    found: list[str] = []
    template_ids = {m.id for m in extract(root) if m.id}
    for language in UI_LANGUAGES:
        path = po_path(root, language)
        if not path.exists():
            found.append(f"{language}: no catalog at {path}")
            continue
        catalog = read_catalog(path, language)
        complete = language in COMPLETE_LANGUAGES
        found.extend(problems(catalog, language, complete=complete))
        missing = template_ids - {m.id for m in catalog if m.id}
        found.extend(f"{language}: not in catalog: {_text(i)[0]!r}" for i in sorted(missing))
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m willkommensordner.i18n_tools")
    parser.add_argument("command", choices=("update", "compile", "check"))
    parser.add_argument("--root", type=Path, default=None, help="source checkout (default: here)")
    args = parser.parse_args(argv)
    root = args.root or repo_root()
    if args.command == "update":
        update(root)
    elif args.command == "compile":
        compile_all(root)
    found = check(root)
    for line in found:
        print(line, file=sys.stderr)
    if args.command == "check":
        return 1 if found else 0
    counts = {lang: len(read_catalog(po_path(root, lang), lang)) for lang in UI_LANGUAGES}
    print(", ".join(f"{lang}: {n} messages" for lang, n in counts.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
