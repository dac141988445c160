"""Pick lists in the order a reader of the UI language expects ("Ärztlich" with the A's).

Qt's collator is ICU's (the PySide6 wheel ships ICU), so German lists follow DIN 5007.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from PySide6.QtCore import QCollator, QLocale

from willkommensordner.i18n import Translator

T = TypeVar("T")


def collated(
    items: Iterable[T], text: Callable[[T], str], tr: Translator, *, last: Iterable[T] = ()
) -> list[T]:
    """`items` sorted by their shown text; the catch-all entries in `last` go at the end."""
    collator = QCollator(QLocale(tr.language))
    collator.setCaseSensitivity(collator.caseSensitivity().CaseInsensitive)
    tail = list(last)
    ordered = sorted((i for i in items if i not in tail), key=lambda i: collator.sortKey(text(i)))
    return [*ordered, *tail]
