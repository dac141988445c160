"""Data files shipped inside the wheel: fonts, catalogs, content packs, rules, icons."""

from importlib.resources import files
from importlib.resources.abc import Traversable


def resource(*parts: str) -> Traversable:
    """A file or folder below resources/, usable from a wheel as well as from a checkout."""
    node = files(__name__)
    for part in parts:
        node = node / part
    return node
