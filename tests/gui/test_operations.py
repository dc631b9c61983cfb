"""Background operations: work runs off the GUI thread; results, errors and Cancel come
back by signal; errors are shown the right way."""

from __future__ import annotations

import gc
import logging
import threading
import time
import traceback
from typing import TYPE_CHECKING

import pytest
from PySide6.QtWidgets import QPushButton, QWidget
from pytestqt.qtbot import QtBot

from salesdesk.domain.errors import ValidationError
from salesdesk.services.import_common import paused_gc
from salesdesk.ui.gc_guard import INTERVAL_MS, collector
from salesdesk.ui.operations import (
    OperationCancelled,
    ProgressCallback,
    State,
    cancel_all_and_wait,
    run_operation,
    running_operations,
)

if TYPE_CHECKING:
    from tests.gui.conftest import ShownMessages


def test_result_comes_back_from_another_thread(qtbot: QtBot) -> None:
    gui_thread = threading.get_ident()
    results: list[object] = []

    def work(progress: ProgressCallback) -> int:
        assert threading.get_ident() != gui_thread
        progress(50, "half way")
        return 42

    operation = run_operation(None, work, title="test", on_success=results.append)
    with qtbot.waitSignal(operation.finished, timeout=5000):
        pass
    assert results == [42]
    assert operation.state is State.SUCCEEDED
    assert operation.result == 42
    assert operation not in running_operations()


def test_gui_stays_responsive_while_working(qtbot: QtBot) -> None:
    release = threading.Event()
    operation = run_operation(None, lambda progress: release.wait(5), show_progress=False)
    ticks: list[int] = []
    from PySide6.QtCore import QTimer

    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(10)
    qtbot.waitUntil(lambda: len(ticks) >= 3, timeout=2000)  # the event loop keeps running
    timer.stop()
    assert operation.state is State.RUNNING
    release.set()
    with qtbot.waitSignal(operation.finished, timeout=5000):
        pass


def test_progress_reaches_dialog_and_signal(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    step = threading.Event()

    def work(progress: ProgressCallback) -> None:
        progress(30, "reading rows")
        step.wait(5)

    operation = run_operation(parent, work, title="Import")
    with qtbot.waitSignal(operation.progressed, timeout=5000) as signal:
        pass
    assert signal.args == [30, "reading rows"]
    assert operation.dialog is not None
    assert operation.dialog.value() == 30
    assert operation.dialog.labelText() == "reading rows"
    step.set()
    with qtbot.waitSignal(operation.finished, timeout=5000):
        pass
    assert operation.dialog is None


def test_user_error_is_shown_as_message(qtbot: QtBot, shown_messages: ShownMessages) -> None:
    def work(progress: ProgressCallback) -> None:
        raise ValidationError("工号 S001 已存在")

    failures: list[BaseException] = []
    operation = run_operation(None, work, title="Add", on_failure=failures.append)
    with qtbot.waitSignal(operation.finished, timeout=5000):
        pass
    assert operation.state is State.FAILED
    assert isinstance(failures[0], ValidationError)
    assert shown_messages.shown == [("warning", "Add", "工号 S001 已存在")]


def test_bug_is_logged_with_traceback_and_reported_briefly(
    qtbot: QtBot, shown_messages: ShownMessages, caplog: pytest.LogCaptureFixture
) -> None:
    def broken_work(progress: ProgressCallback) -> None:
        raise KeyError("oops")

    with caplog.at_level(logging.ERROR, logger="salesdesk"):
        operation = run_operation(None, broken_work, title="Export")
        with qtbot.waitSignal(operation.finished, timeout=5000):
            pass
    assert operation.state is State.FAILED
    record = next(r for r in caplog.records if r.exc_info)
    assert record.exc_info is not None
    assert "broken_work" in "".join(traceback.format_exception(*record.exc_info))
    kind, _title, text = shown_messages.shown[0]
    assert kind == "critical"
    assert "log file" in text
    assert "KeyError" not in text


def test_errors_not_shown_when_caller_handles_them(
    qtbot: QtBot, shown_messages: ShownMessages
) -> None:
    def work(progress: ProgressCallback) -> None:
        raise ValidationError("bad")

    operation = run_operation(None, work, show_errors=False)
    with qtbot.waitSignal(operation.failed, timeout=5000):
        pass
    assert shown_messages.shown == []


def test_cancel_button_stops_the_work(qtbot: QtBot) -> None:
    stopped = threading.Event()
    parent = QWidget()
    qtbot.addWidget(parent)

    def work(progress: ProgressCallback) -> str:
        for i in range(1000):
            if not progress(i // 10, f"row {i}"):
                stopped.set()
                return "partial"
            time.sleep(0.005)
        return "complete"

    successes: list[object] = []
    cancels: list[bool] = []
    operation = run_operation(
        parent,
        work,
        title="Long",
        on_success=successes.append,
        on_cancel=lambda: cancels.append(True),
    )
    qtbot.waitSignal(operation.progressed, timeout=5000).wait()
    assert operation.dialog is not None
    button = operation.dialog.findChild(QPushButton, "cancelButton")
    assert button is not None
    with qtbot.waitSignal(operation.finished, timeout=5000):
        button.click()
        # The dialog stays up, saying so, until the work has really stopped.
        assert operation.dialog is None or operation.dialog.labelText() == "Cancelling…"
    assert stopped.is_set()
    assert operation.state is State.CANCELLED
    assert successes == []
    assert cancels == [True]


def test_abandoned_work_takes_its_dialog_down_at_once_and_ends_cancelled(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    release = threading.Event()

    def work(progress: ProgressCallback) -> str:
        progress(10, "reading")
        assert release.wait(5)
        return "stale" if progress(90, "still") else "stopped"

    successes: list[object] = []
    operation = run_operation(parent, work, title="Scoring", on_success=successes.append)
    qtbot.waitSignal(operation.progressed, timeout=5000).wait()
    assert operation.dialog is not None
    operation.abandon()
    assert operation.dialog is None  # newer work shows its own progress
    assert operation.cancel_requested
    with qtbot.waitSignal(operation.finished, timeout=5000):
        release.set()
    assert operation.state is State.CANCELLED and successes == []


def test_work_raising_cancelled_counts_as_cancel(
    qtbot: QtBot, shown_messages: ShownMessages
) -> None:
    def work(progress: ProgressCallback) -> None:
        raise OperationCancelled()

    operation = run_operation(None, work)
    with qtbot.waitSignal(operation.cancelled, timeout=5000):
        pass
    assert operation.state is State.CANCELLED
    assert shown_messages.shown == []


def test_error_after_cancel_is_not_reported(qtbot: QtBot, shown_messages: ShownMessages) -> None:
    """Work may raise its own error type on Cancel (the demo raises DemoCancelled)."""
    go = threading.Event()

    def work(progress: ProgressCallback) -> None:
        go.wait(5)
        if not progress(10, ""):
            raise ValidationError("cancelled by the user")

    operation = run_operation(None, work)
    operation.cancel()
    go.set()
    with qtbot.waitSignal(operation.finished, timeout=5000):
        pass
    assert operation.state is State.CANCELLED
    assert shown_messages.shown == []


def test_cancel_all_and_wait(qtbot: QtBot) -> None:
    def work(progress: ProgressCallback) -> None:
        while progress(1, ""):
            time.sleep(0.01)

    operation = run_operation(None, work, show_progress=False)
    assert cancel_all_and_wait(5000)
    with qtbot.waitSignal(operation.finished, timeout=5000):
        pass
    assert operation.state is State.CANCELLED


def test_work_finishing_inside_the_dialogs_event_processing(qtbot: QtBot) -> None:
    """A modal progress dialog processes events inside setValue: when the work's result
    arrives right there (the dialog closes), the progress report in hand must not touch
    the closed dialog."""
    release = threading.Event()
    operation = run_operation(None, lambda progress: release.wait(5), title="test")
    dialog = operation.dialog
    assert dialog is not None

    def finish_now(value: int) -> None:
        operation._on_succeeded("done")

    dialog.setValue = finish_now  # type: ignore[method-assign]
    operation._on_progress(40, "almost")
    assert operation.state is State.SUCCEEDED and operation.dialog is None
    release.set()
    qtbot.waitUntil(lambda: not running_operations(), timeout=5000)


def test_garbage_is_collected_in_the_gui_thread_while_work_runs(qtbot: QtBot) -> None:
    """A worker that allocates a lot would trigger Python's cyclic collector in its own
    thread, destroying whatever garbage the GUI thread left (Qt objects included) from the
    wrong thread. While work runs, collection happens in the GUI thread only, and automatic
    collection is back on once the work is done."""
    collected_in: list[bool] = []
    created = threading.Event()

    class Cycle:
        def __init__(self) -> None:
            self.me = self

        def __del__(self) -> None:
            collected_in.append(threading.current_thread() is threading.main_thread())

    def work(progress: ProgressCallback) -> int:
        created.wait(5)
        junk: list[list[int]] = []
        for _ in range(8):  # far past the collector's thresholds, for about a second
            junk.extend([] for _ in range(40_000))
            time.sleep(0.12)
        return len(junk)

    qtbot.waitUntil(lambda: not collector().active, timeout=5000)  # earlier tests' work
    assert gc.isenabled()
    operation = run_operation(None, work, show_progress=False)
    assert not gc.isenabled()
    Cycle()  # garbage at once, freed by the cyclic collector only
    created.set()
    with qtbot.waitSignal(operation.finished, timeout=10_000):
        pass
    qtbot.waitUntil(lambda: bool(collected_in), timeout=5000)
    assert collected_in == [True]
    qtbot.waitUntil(gc.isenabled, timeout=5000)
    assert not collector().active


def test_collection_waits_for_every_worker(qtbot: QtBot) -> None:
    qtbot.waitUntil(lambda: not collector().active, timeout=5000)
    release = threading.Event()
    slow = run_operation(None, lambda progress: release.wait(5), show_progress=False)
    quick = run_operation(None, lambda progress: 1, show_progress=False)
    with qtbot.waitSignal(quick.finished, timeout=5000):
        pass
    qtbot.wait(3 * INTERVAL_MS)
    assert not gc.isenabled()  # the slow one still runs Python code
    release.set()
    with qtbot.waitSignal(slow.finished, timeout=5000):
        pass
    qtbot.waitUntil(gc.isenabled, timeout=5000)


def test_a_bulk_job_keeps_the_collector_waiting(qtbot: QtBot) -> None:
    """A bulk job pauses collection on purpose; the GUI thread's collector holds off until it
    is done, then collects what is due there."""
    collected_in: list[bool] = []
    release = threading.Event()
    inside = threading.Event()

    class Cycle:
        def __init__(self) -> None:
            self.me = self

        def __del__(self) -> None:
            collected_in.append(threading.current_thread() is threading.main_thread())

    def work(progress: ProgressCallback) -> int:
        with paused_gc():
            inside.set()
            junk = [[] for _ in range(50_000)]  # past the thresholds
            release.wait(5)
            return len(junk)

    qtbot.waitUntil(lambda: not collector().active, timeout=5000)
    operation = run_operation(None, work, show_progress=False)
    qtbot.waitUntil(inside.is_set, timeout=5000)
    Cycle()
    qtbot.wait(4 * INTERVAL_MS)
    assert collected_in == []  # nothing collected during the bulk job
    release.set()
    with qtbot.waitSignal(operation.finished, timeout=5000):
        pass
    qtbot.waitUntil(lambda: bool(collected_in) or gc.isenabled(), timeout=5000)
    gc.collect()
    assert collected_in == [True]
