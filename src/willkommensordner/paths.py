"""Where shipped data files are: inside the installed package, from a wheel or a checkout."""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable


def resource(*parts: str) -> Traversable:
    """A file or folder below the top-level resources/ folder of the source tree."""
    node = files("willkommensordner.resources")
    for part in parts:
        node = node / part
    return node
