"""Walks the AT-SPI tree of one application, as a screen reader sees it; prints JSON.

Runs with the system Python (/usr/bin/python3), where Debian's python3-pyatspi lives:
`walker.py PID` → {"windows": [...], "controls": [{role, name, value, focusable, ...}]}.
Only what is showing counts (hidden pages and tabs are not read by screen readers either).
"""

from __future__ import annotations

import json
import sys

import pyatspi

INTERESTING = {"combo box", "label", "check box", "menu", "menu item", "menu bar"}
CELL_ROLES = {"table cell", "list item", "tree item", "column header", "row header"}


def text_of(acc) -> str:
    try:
        text = acc.queryText()
    except NotImplementedError:
        return ""
    return text.getText(0, -1)


def labelled_by(acc) -> list[str]:
    names = []
    for relation in acc.getRelationSet():
        if relation.getRelationType() == pyatspi.RELATION_LABELLED_BY:
            for i in range(relation.getNTargets()):
                names.append(relation.getTarget(i).name)
    return names


def ancestors(acc, count: int) -> list:
    found = []
    parent = acc.parent
    while parent is not None and len(found) < count:
        found.append(parent)
        parent = parent.parent
    return found


def walk(acc, depth: int, out: list[dict]) -> None:
    if depth > 60:
        return
    states = acc.getState()
    if not states.contains(pyatspi.STATE_SHOWING):
        return
    role = acc.getRoleName()
    if states.contains(pyatspi.STATE_FOCUSABLE) or role in INTERESTING:
        out.append(
            {
                "role": role,
                "name": acc.name,
                "description": acc.description,
                "text": text_of(acc) if role in ("combo box", "text") else "",
                "focusable": states.contains(pyatspi.STATE_FOCUSABLE),
                "labelled_by": labelled_by(acc),
                "parent": " < ".join(f"{a.getRoleName()} {a.name!r}" for a in ancestors(acc, 3)),
                "children": [acc.getChildAtIndex(i).name for i in range(min(acc.childCount, 3))]
                if role == "combo box"
                else [],
            }
        )
    if role in CELL_ROLES:
        return
    for i in range(min(acc.childCount, 400)):
        child = acc.getChildAtIndex(i)
        if child is not None:
            walk(child, depth + 1, out)


def main(pid: int) -> None:
    desktop = pyatspi.Registry.getDesktop(0)
    for app in desktop:
        if app is not None and app.get_process_id() == pid:
            break
    else:
        print(json.dumps({"error": "application not on the accessibility bus"}))
        return
    windows, controls = [], []
    for i in range(app.childCount):
        window = app.getChildAtIndex(i)
        if window is None or not window.getState().contains(pyatspi.STATE_SHOWING):
            continue
        windows.append({"role": window.getRoleName(), "name": window.name})
        walk(window, 0, controls)
    print(json.dumps({"windows": windows, "controls": controls}, ensure_ascii=False))


if __name__ == "__main__":
    main(int(sys.argv[1]))
