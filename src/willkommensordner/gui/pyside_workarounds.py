"""Work-arounds for defects of the pinned PySide6 that would otherwise crash the app.

PySide6 6.12 on CPython 3.11 drops a reference to None each time a QVariant holding no value
comes back to Python (`QComboBox.currentData()` of an item without data, `index.data(role)`
for a role the model does not answer, `QTableView.selectRow`, ...). None is not immortal
before Python 3.12, so after some thousands of such calls the interpreter aborts with
"Fatal Python error: none_dealloc". Our views avoid the known paths; `pin_none()` makes the
remaining ones harmless by giving None a reference count no session can use up.
"""

from __future__ import annotations

import ctypes
import sys

_PINNED = 1 << 40


def pin_none() -> None:
    """Raise None's reference count far out of reach (CPython < 3.12 only; idempotent)."""
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return
    count = ctypes.c_ssize_t.from_address(id(None))
    if count.value < _PINNED:
        count.value += _PINNED
