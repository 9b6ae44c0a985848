"""The Qt user interface: the only package that imports PySide6.

Importing this package (before any PySide6 module) protects ``None`` from PySide6 6.12 on
Python 3.11: its bindings return ``None`` from every void method without counting the
reference, so each call (``label.setText(...)``, ``widget.hide()``) takes one from ``None``'s
count. A session with enough calls, or the clean-up at exit, brings it to zero and Python aborts
with "Fatal Python error: none_dealloc: deallocating None" (exit 134). From Python 3.12 on,
``None`` is immortal and nothing is needed; before that, its count is raised so far that no
session can use it up.
"""

from __future__ import annotations

import sys

# Far more calls than any session makes, far below the count's limit.
NONE_REFERENCES_ADDED = 1 << 40


def keep_none_alive() -> None:
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    import ctypes

    # A CPython object starts with its reference count (Py_ssize_t).
    count = ctypes.c_ssize_t.from_address(id(None))
    if count.value < NONE_REFERENCES_ADDED:
        count.value += NONE_REFERENCES_ADDED


keep_none_alive()
