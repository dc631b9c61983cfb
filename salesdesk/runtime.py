"""Process-wide fixes the program needs before any Qt call, whatever the entry point."""

from __future__ import annotations

import ctypes
import sys

# PySide6 6.12 returns None from its void methods (setText, setObjectName, processEvents,
# ...) without taking a reference to it. Python 3.12 and later do not count None's
# references (PEP 683, immortal objects); on 3.11 each such call lowers the count by one,
# and once it reaches zero the process aborts ("Fatal Python error: none_dealloc") — after
# some hours of use, or sooner in a busy loop. Giving None a reference count it can never
# spend makes it immortal here too, as it is on newer Pythons.
_SPARE_REFERENCES = 1 << 40


def keep_none_alive() -> None:
    """On Python before 3.12, give None references enough for any session (idempotent)."""
    if sys.version_info >= (3, 12):
        return
    count = ctypes.c_ssize_t.from_address(id(None))
    if count.value < _SPARE_REFERENCES // 2:
        count.value += _SPARE_REFERENCES
