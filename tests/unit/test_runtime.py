"""The process-wide fixes of salesdesk.runtime."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_void_qt_calls_never_use_up_none() -> None:
    """PySide6 6.12 drops a reference to None on each call of a method returning nothing;
    on Python 3.11 the process would abort once the count reached zero. More such calls
    than None had references must run to the end once salesdesk is imported."""
    script = textwrap.dedent(
        """
        import sys
        import salesdesk
        from PySide6.QtCore import QObject

        thing = QObject()
        calls = sys.getrefcount(None) + 10_000 if sys.version_info < (3, 12) else 10_000
        calls = min(calls, 2_000_000)
        for _ in range(calls):
            thing.setObjectName("x")
        print("done", calls)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith("done")
