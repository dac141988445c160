"""The catalog template: messages marked in code and the msgids of the data files."""

from __future__ import annotations

from pathlib import Path

from willkommensordner.guidance.msgids import data_msgids
from willkommensordner.i18n_tools import data_messages, extract, po_path, read_catalog, repo_root

ROOT = repo_root()


def test_the_template_carries_the_msgids_of_rules_and_questionnaires() -> None:
    template = extract(ROOT)
    for msgid in data_msgids():
        assert template.get(msgid) is not None, msgid
    title = template.get("Potential analysis")
    assert title is not None
    assert any(f == "resources/questionnaire/potential_analysis.json" for f, _ in title.locations)


def test_data_msgids_point_at_their_file_and_line() -> None:
    found = data_messages(ROOT)
    rule = "Residence paper has expired: go to the Ausländerbehörde at once"
    ((path, line),) = found[rule]
    assert path == "resources/rules/20_residence.json"
    assert line is not None
    text = (ROOT / path).read_text(encoding="utf-8").splitlines()[line - 1]
    assert rule in text


def test_code_and_app_info_messages_are_extracted() -> None:
    template = extract(ROOT)
    for msgid in ("Unlock", "Counselling dossiers", "welcome folder"):
        assert template.get(msgid) is not None, msgid


def test_messages_inside_f_strings_reach_the_template(tmp_path: Path) -> None:
    # On Python 3.11 Babel's tokenizer sees an f-string as one token: these never reached
    # the catalog and showed in English in the German UI ("– new", "· overdue").
    source = tmp_path / "src" / "willkommensordner"
    source.mkdir(parents=True)
    (source / "view.py").write_text(
        "def show(tr, n, name):\n"
        "    a = f\"{name} – {tr.gettext('brand new')}\"\n"
        "    b = f\"{tr.gettext(N_('long overdue'))}: {tr.format('{n} left', {'n': n})}\"\n"
        "    c = f\"{tr.ngettext('one paper', '{n} papers', n)}\"\n"
        "    return a + b + c + tr.gettext('plain')\n",
        encoding="utf-8",
    )
    template = extract(tmp_path)
    for msgid in ("brand new", "long overdue", "{n} left", "plain"):
        assert template.get(msgid) is not None, msgid
    assert template.get(("one paper", "{n} papers")) is not None


def test_every_message_the_code_uses_has_a_german_translation() -> None:
    catalog = read_catalog(po_path(ROOT, "de"), "de")
    untranslated = [
        m.id
        for m in extract(ROOT)
        if m.id and not (catalog.get(m.id) is not None and catalog.get(m.id).string)
    ]
    assert untranslated == []
