"""Python's cyclic garbage collector runs in whichever thread happens to allocate when a
threshold is crossed. While background work runs, that is often a worker thread, and a
collection there may destroy Qt objects that became garbage in the GUI thread (a closed
dialog held in a reference cycle, a model, a slot's closure) from the wrong thread: Qt then
crashes the whole program some moments later, at random. This is a known PySide/PyQt hazard.

So while any background operation runs, automatic collection is switched off and the GUI
thread collects on a timer instead (the same generational thresholds, checked four times a
second, except while a bulk job has collection paused on purpose). When the last worker has
returned, automatic collection is switched back on.
Reference counting frees almost everything anyway; only reference cycles wait for the timer.
"""

from __future__ import annotations

import gc
import threading

from PySide6.QtCore import QObject, QTimer

from salesdesk.services.import_common import bulk_work_running

INTERVAL_MS = 250


class MainThreadCollector(QObject):
    """Counts the workers that run Python code; while there are any, collects garbage in the
    thread that created it (the GUI thread) only."""

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self._workers = 0
        self._was_enabled = True
        self._active = False
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self.tick)

    @property
    def active(self) -> bool:
        """True while automatic collection is off in favour of the timer."""
        return self._active

    def worker_started(self) -> None:
        """Call in the GUI thread before handing work to a pool thread."""
        with self._lock:
            self._workers += 1
        if not self._active:
            self._was_enabled = gc.isenabled()
            gc.disable()
            self._active = True
            self._timer.start()

    def worker_stopped(self) -> None:
        """Call in the worker thread as the very last thing it does (no Qt calls here)."""
        with self._lock:
            self._workers -= 1

    def tick(self) -> None:
        """Collect what the thresholds call for; hand collection back to Python once no
        worker runs any more."""
        if not self._active:
            return
        if not bulk_work_running():
            # A bulk job paused collection on purpose (each pass would walk its millions
            # of fresh objects); what it leaves is collected once it is done.
            self.collect_if_due()
        with self._lock:
            idle = self._workers <= 0
        if idle:
            self._timer.stop()
            self._active = False
            if self._was_enabled:
                gc.enable()

    @staticmethod
    def collect_if_due() -> None:
        counts = gc.get_count()
        thresholds = gc.get_threshold()
        generation = -1
        for level in range(3):
            if thresholds[level] and counts[level] > thresholds[level]:
                generation = level
            else:
                break
        if generation >= 0:
            gc.collect(generation)


_collector: MainThreadCollector | None = None


def collector() -> MainThreadCollector:
    """The process's collector, created on first use (in the GUI thread)."""
    global _collector
    if _collector is None:
        _collector = MainThreadCollector()
    return _collector
