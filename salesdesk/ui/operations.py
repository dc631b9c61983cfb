"""Run slow work (imports, exports, backups, the demo) off the GUI thread with a progress
dialog and Cancel; results and errors come back to the GUI thread by signal.

The shape follows Anki's `aqt/operations`: the caller hands over a plain callable that knows
nothing of widgets, and says what to do with its result. The callable receives a
`progress(percent, message) -> bool` function; it returns False once the user pressed
Cancel, and the work should then stop (returning or raising `OperationCancelled`) without
leaving anything half-written.

    op = run_operation(window, lambda progress: services.database.backup(path),
                       title=self.tr("Backup"), on_success=lambda _: ...)

Tests wait for `op.finished` (always the last signal) with pytest-qt's `waitSignal`.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from enum import Enum
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QPushButton, QWidget
from shiboken6 import Shiboken

from salesdesk.domain.errors import UserError
from salesdesk.ui.gc_guard import MainThreadCollector, collector
from salesdesk.ui.widgets import messages

log = logging.getLogger(__name__)

ProgressCallback = Callable[[int, str], bool]
Work = Callable[[ProgressCallback], Any]

# Below this the dialog never appears, so quick work does not flash a window at the user.
PROGRESS_DELAY_MS = 400
# Work may report progress thousands of times a second; the GUI needs a few updates only.
PROGRESS_INTERVAL_S = 0.05


class OperationCancelled(Exception):
    """Raised by work that stops early because the user pressed Cancel."""


class State(Enum):
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"


class _WorkerSignals(QObject):
    """Signals the worker thread emits; they are queued to the GUI thread's receivers."""

    progressed = Signal(int, str)
    succeeded = Signal(object)
    failed = Signal(object)


class _Worker(QRunnable):
    """Runs the work on a pool thread; touches no widget, only emits signals."""

    def __init__(
        self,
        work: Work,
        signals: _WorkerSignals,
        cancel: threading.Event,
        collector: MainThreadCollector,
    ) -> None:
        super().__init__()
        self.work = work
        self.collector = collector
        self.signals = signals
        self.cancel = cancel
        self._last_emit = 0.0
        self._last_percent = -1

    def progress(self, percent: int, message: str = "") -> bool:
        if self.cancel.is_set():
            return False
        now = time.monotonic()
        percent = max(0, min(100, int(percent)))
        if percent != self._last_percent or now - self._last_emit >= PROGRESS_INTERVAL_S:
            self._last_emit = now
            self._last_percent = percent
            self.signals.progressed.emit(percent, message)
        return True

    def run(self) -> None:
        try:
            try:
                result = self.work(self.progress)
            except BaseException as exc:  # every failure must reach the GUI thread
                self.signals.failed.emit(exc)
            else:
                self.signals.succeeded.emit(result)
        finally:
            self.collector.worker_stopped()


class Operation(QObject):
    """One piece of background work and its progress dialog.

    Signals arrive in the GUI thread: `progressed(percent, message)` while running, then one
    of `succeeded(result)`, `failed(exception)` or `cancelled()`, then always `finished()`.
    """

    progressed = Signal(int, str)
    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    finished = Signal()

    def __init__(
        self,
        work: Work,
        *,
        parent_widget: QWidget | None = None,
        title: str = "",
        label: str = "",
        cancellable: bool = True,
        show_progress: bool = True,
        show_errors: bool = True,
    ) -> None:
        super().__init__()
        self.work = work
        self.parent_widget = parent_widget
        self.title = title
        self.label = label
        self.cancellable = cancellable
        self.show_progress = show_progress
        self.show_errors = show_errors
        self.state = State.RUNNING
        self.result: Any = None
        self.error: BaseException | None = None
        self._cancel = threading.Event()
        self._signals = _WorkerSignals()
        self._signals.progressed.connect(self._on_progress)
        self._signals.succeeded.connect(self._on_succeeded)
        self._signals.failed.connect(self._on_failed)
        self.dialog: QProgressDialog | None = None

    # ---- control

    def start(self, pool: QThreadPool | None = None) -> None:
        if self.show_progress:
            self.dialog = self._make_dialog()
        _running.add(self)
        # Garbage is collected in this (the GUI) thread only while the worker runs.
        guard = collector()
        guard.worker_started()
        (pool or QThreadPool.globalInstance()).start(
            _Worker(self.work, self._signals, self._cancel, guard)
        )

    @Slot()
    def cancel(self) -> None:
        """Ask the work to stop; it ends at its next progress report."""
        if self.state is not State.RUNNING or self._cancel.is_set():
            return
        self._cancel.set()
        if self.dialog is not None and Shiboken.isValid(self.dialog):
            # The dialog stays up until the work has really stopped, so nothing else starts
            # while it is still rolling back.
            self.dialog.setLabelText(self.tr("Cancelling…"))
            self.dialog.setRange(0, 0)
            button = self.dialog.findChild(QPushButton, "cancelButton")
            if button is not None:
                button.setEnabled(False)

    def abandon(self) -> None:
        """Ask work that writes nothing (a scoring, a reading) to stop, and take its
        dialog down now: newer work has taken its place and shows its own progress."""
        self.cancel()
        self._close_dialog()

    @property
    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    # ---- the dialog

    def _make_dialog(self) -> QProgressDialog:
        dialog = QProgressDialog(self.parent_widget)
        dialog.setWindowTitle(self.title or self.tr("Working"))
        dialog.setLabelText(self.label or self.title or self.tr("Working…"))
        dialog.setRange(0, 0)  # busy until the work reports a percentage
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumWidth(380)
        dialog.setWindowModality(
            Qt.WindowModality.WindowModal
            if self.parent_widget is not None
            else Qt.WindowModality.ApplicationModal
        )
        if self.cancellable:
            button = QPushButton(self.tr("Cancel"), dialog)
            button.setObjectName("cancelButton")
            dialog.setCancelButton(button)
            # QProgressDialog hides itself on Cancel; we keep it up until the work stops.
            dialog.canceled.disconnect(dialog.cancel)
            dialog.canceled.connect(self.cancel)
        else:
            dialog.setCancelButton(None)  # None removes the button
        dialog.setMinimumDuration(PROGRESS_DELAY_MS)
        return dialog

    def _close_dialog(self) -> None:
        if self.dialog is not None and Shiboken.isValid(self.dialog):
            self.dialog.hide()
            self.dialog.deleteLater()
        self.dialog = None

    # ---- results, in the GUI thread

    @Slot(int, str)
    def _on_progress(self, percent: int, message: str) -> None:
        if self.state is not State.RUNNING or self._cancel.is_set():
            return
        dialog = self.dialog
        if dialog is not None and Shiboken.isValid(dialog):
            if message:
                dialog.setLabelText(message)
            if dialog.maximum() != 100:
                dialog.setRange(0, 100)
            # A modal QProgressDialog processes events inside setValue: the work may finish
            # (and close the dialog) right there, so nothing of it is used after this call.
            dialog.setValue(percent)
        if self.state is State.RUNNING:
            self.progressed.emit(percent, message)

    @Slot(object)
    def _on_succeeded(self, result: object) -> None:
        self._close_dialog()
        if self._cancel.is_set():
            # The work returned early because of Cancel: its result is partial at best.
            self._finish(State.CANCELLED)
            return
        self.result = result
        self.state = State.SUCCEEDED
        self.succeeded.emit(result)
        self._finish(State.SUCCEEDED)

    @Slot(object)
    def _on_failed(self, error: BaseException) -> None:
        self._close_dialog()
        if self._cancel.is_set() or isinstance(error, OperationCancelled):
            log.info("%s cancelled (%s)", self.title or "operation", type(error).__name__)
            self._finish(State.CANCELLED)
            return
        self.error = error
        self.state = State.FAILED
        parent = self.parent_widget if _alive(self.parent_widget) else None
        if isinstance(error, UserError):
            log.info("%s refused: %s", self.title or "operation", error)
            if self.show_errors:
                messages.show_user_error(parent, error, self.title)
        else:
            log.error(
                "%s failed",
                self.title or "background operation",
                exc_info=(type(error), error, error.__traceback__),
            )
            if self.show_errors:
                messages.show_unexpected_error(parent)
        self.failed.emit(error)
        self._finish(State.FAILED)

    def _finish(self, state: State) -> None:
        self.state = state
        if state is State.CANCELLED:
            self.cancelled.emit()
        _running.discard(self)
        self.finished.emit()


# Operations in flight; holding them here keeps them (and their signals) alive until done.
_running: set[Operation] = set()


def _alive(widget: QWidget | None) -> bool:
    return widget is not None and Shiboken.isValid(widget)


def run_operation(
    parent: QWidget | None,
    work: Work,
    *,
    title: str = "",
    label: str = "",
    on_success: Callable[[Any], None] | None = None,
    on_failure: Callable[[BaseException], None] | None = None,
    on_cancel: Callable[[], None] | None = None,
    cancellable: bool = True,
    show_progress: bool = True,
    show_errors: bool = True,
) -> Operation:
    """Start `work(progress)` on the thread pool and return its Operation.

    `on_success(result)`, `on_failure(error)` and `on_cancel()` run in the GUI thread. A
    UserError is shown as a message box with its text; any other exception is logged with
    its traceback and shown as a short "unexpected error" message (unless `show_errors` is
    False, for callers that show errors themselves).
    """
    operation = Operation(
        work,
        parent_widget=parent,
        title=title,
        label=label,
        cancellable=cancellable,
        show_progress=show_progress,
        show_errors=show_errors,
    )
    if on_success is not None:
        operation.succeeded.connect(on_success)
    if on_failure is not None:
        operation.failed.connect(on_failure)
    if on_cancel is not None:
        operation.cancelled.connect(on_cancel)
    operation.start()
    return operation


def running_operations() -> list[Operation]:
    return list(_running)


def cancel_all_and_wait(timeout_ms: int = 10_000) -> bool:
    """At exit: ask all work to stop and wait for the pool threads, so Python does not shut
    down under a thread that still runs Python code. Returns False on timeout."""
    for operation in list(_running):
        operation.cancel()
    return QThreadPool.globalInstance().waitForDone(timeout_ms)
