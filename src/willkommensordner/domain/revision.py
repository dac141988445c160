"""Version vectors: how two copies of a record tell who changed what since they last met."""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum

VersionVector = Mapping[str, int]


class Order(Enum):
    EQUAL = "equal"
    BEFORE = "before"
    AFTER = "after"
    CONCURRENT = "concurrent"


def compare(ours: VersionVector, theirs: VersionVector) -> Order:
    """BEFORE: ours is an ancestor of theirs (take theirs); CONCURRENT: both changed."""
    devices = set(ours) | set(theirs)
    ahead = any(ours.get(d, 0) > theirs.get(d, 0) for d in devices)
    behind = any(ours.get(d, 0) < theirs.get(d, 0) for d in devices)
    if ahead and behind:
        return Order.CONCURRENT
    if ahead:
        return Order.AFTER
    if behind:
        return Order.BEFORE
    return Order.EQUAL


def bump(version: VersionVector, device: str) -> dict[str, int]:
    bumped = dict(version)
    bumped[device] = bumped.get(device, 0) + 1
    return bumped


def merged(a: VersionVector, b: VersionVector) -> dict[str, int]:
    return {d: max(a.get(d, 0), b.get(d, 0)) for d in set(a) | set(b)}
