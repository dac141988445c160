"""The msgids that live in data files (questionnaire, rules), for the catalog extraction.

Source code marks its texts with N_(); the texts of the JSON files are msgids too, and a
catalog tool collects them through this function.
"""

from __future__ import annotations

from willkommensordner.guidance.questionnaire import shipped_questionnaire
from willkommensordner.guidance.rules import RuleType, shipped_rules


def data_msgids() -> list[str]:
    # The shipped files only: a municipality's own texts are not part of the app's catalogs.
    found: list[str] = []
    q = shipped_questionnaire()
    found.append(q.title)
    found.extend(s.title for s in q.sections)
    for item in q.items:
        found.append(item.label)
        if item.help:
            found.append(item.help)
        found.extend(o.label for o in item.options)
    for rule in shipped_rules():
        found.extend((rule.title, rule.why))
        if rule.type is RuleType.SUGGESTION:
            found.append(rule.step)
    return list(dict.fromkeys(found))
