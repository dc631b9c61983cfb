"""Keep the open cycles' results ready: after the data changed (an import, an edit), score the
open and calibrating cycles quietly in the background, so that opening the Cycles page finds
the actuals and scorecards computed instead of starting a ledger pass then.

The work waits until the data has been quiet for a moment (a burst of grid edits starts it
once), gives way to newer changes (a running preparation is cancelled and started again),
shows no progress and no errors — a cycle that cannot be scored says so when it is opened.
A scoring the user asks for meanwhile does not do the work twice: it waits for the
preparation and takes its result (see `cycle_scoring._Flight`).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

from salesdesk.ui.operations import Operation, ProgressCallback, State, run_operation

log = logging.getLogger(__name__)

QUIET_MS = 1500
"""How long the data must stay unchanged before the preparation starts."""


class ResultsWarmUp(QObject):
    """Runs `prepare(progress, figures_only)` in the background once the data has been quiet
    for `quiet_ms`: `schedule()` after every change, `give_way()` when the user's own scoring
    starts, `stop()` before the database closes."""

    def __init__(
        self,
        parent: QWidget,
        prepare: Callable[[ProgressCallback, threading.Event], Any],
        *,
        quiet_ms: int = QUIET_MS,
    ) -> None:
        """`prepare(progress, figures_only)`: once `figures_only` is set, stop after the
        actuals at hand (the user's own scoring waits for them and does the rest)."""
        super().__init__(parent)
        self._prepare = prepare
        self._figures_only = threading.Event()
        self._returned = threading.Event()
        self._again = False
        self._stopped = False
        self.operation: Operation | None = None
        self.timer = QTimer(self)
        self.timer.setObjectName("resultsWarmUpTimer")
        self.timer.setSingleShot(True)
        self.timer.setInterval(quiet_ms)
        self.timer.timeout.connect(self._start)

    def running(self) -> bool:
        return self.operation is not None and self.operation.state is State.RUNNING

    def schedule(self) -> None:
        """The data changed: prepare again once it has been quiet for a moment."""
        if self._stopped:
            return
        self._cancel_running()  # its figures would be of the data before this change
        self.timer.start()

    def give_way(self) -> None:
        """The user asked for a scoring: it does what a preparation would. A running one
        finishes the actuals at hand (the user's scoring waits for them rather than start
        again) and stops there. The next change of the data starts preparing again."""
        self.timer.stop()
        self._again = False
        self._figures_only.set()

    def stop(self, *, wait_s: float = 0.0) -> bool:
        """No more preparations; a running one is asked to stop, and waited for up to
        `wait_s` seconds (before the database closes under it). False: still running."""
        self._stopped = True
        self.timer.stop()
        return not self._cancel_running() or self._returned.wait(wait_s)

    def _cancel_running(self) -> bool:
        """Ask a running preparation to stop; False: none was running."""
        if self.operation is None or self.operation.state is not State.RUNNING:
            return False
        self.operation.cancel()
        return True

    def _start(self) -> None:
        if self._stopped:
            return
        if self.running():
            # Still winding down after a cancel: start again once it has.
            self._again = True
            return
        self._again = False
        figures_only = self._figures_only = threading.Event()
        returned = self._returned = threading.Event()

        def work(progress: ProgressCallback) -> Any:
            try:
                return self._prepare(progress, figures_only)
            finally:
                returned.set()  # the database is no longer in use by it

        parent = self.parent()  # not held in an attribute: no Python cycle with the window
        self.operation = run_operation(
            parent if isinstance(parent, QWidget) else None,
            work,
            title=self.tr("Preparing results"),
            show_progress=False,
            show_errors=False,
        )
        self.operation.succeeded.connect(self._prepared)
        self.operation.finished.connect(self._finished)

    @staticmethod
    def _prepared(cycle_ids: object) -> None:
        log.info("results prepared in the background for cycles %s", cycle_ids)

    def _finished(self) -> None:
        if self._again and not self._stopped:
            self._again = False
            self.timer.start()
