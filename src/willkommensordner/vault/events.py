"""Tells whoever listens (the GUI's bridge, mostly) which dossiers a commit changed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from willkommensordner.domain.record import RecordKind


@dataclass(frozen=True, slots=True)
class Change:
    dossier_ids: frozenset[str]
    kinds: frozenset[RecordKind]


Listener = Callable[[Change], None]


class ChangeEvents:
    def __init__(self) -> None:
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def emit(self, change: Change) -> None:
        for listener in list(self._listeners):
            listener(change)
