"""The catalog template: messages marked in code and the msgids of the data files."""

from __future__ import annotations

from willkommensordner.guidance.msgids import data_msgids
from willkommensordner.i18n_tools import data_messages, extract, repo_root

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
