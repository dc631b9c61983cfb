"""The open cycles' results are prepared in the background after the data changed on another
page, so that the Cycles page opens on actuals already computed; a newer change restarts the
preparation, and closing the window stops it before the database closes."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import delete

from salesdesk.db.models import CycleFigures
from salesdesk.services.actuals import ActualsService
from salesdesk.services.cycle_scoring import forget_figures
from salesdesk.ui.main_window import MainWindow
from salesdesk.ui.operations import Operation, State
from salesdesk.ui.pages.cycles import CyclesPage
from tests.gui.conftest import finish


@pytest.fixture
def window(make_window: Any, demo_file: Path, tmp_path: Path) -> MainWindow:
    path = tmp_path / "demo.db"
    shutil.copy(demo_file, path)
    main: MainWindow = make_window(path)
    forget_figures()
    with main.services.database.transaction() as s:
        s.execute(delete(CycleFigures))  # as after an import: nothing computed yet
    main.results_warm_up.timer.setInterval(20)
    return main


@pytest.fixture
def computed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The cycle ids whose actuals were computed from the ledger."""
    seen: list[int] = []
    real_figures = ActualsService.figures

    def counting(self: ActualsService, *args: Any, **kwargs: Any) -> Any:
        seen.append(kwargs["cycle_id"])
        return real_figures(self, *args, **kwargs)

    monkeypatch.setattr(ActualsService, "figures", counting)
    return seen


def prepared(qtbot: QtBot, window: MainWindow) -> Operation:
    warm_up = window.results_warm_up
    qtbot.waitUntil(lambda: warm_up.operation is not None, timeout=5_000)
    operation = warm_up.operation
    finish(qtbot, operation)
    assert operation is not None
    return operation


def test_a_change_on_another_page_prepares_the_open_cycle_for_the_cycles_page(
    qtbot: QtBot, window: MainWindow, computed: list[int]
) -> None:
    open_id = next(c.id for c in window.services.cycles.list_cycles() if c.state == "open")
    window.pages["actuals"].data_changed.emit()  # as after an import of the ledger
    assert window.results_warm_up.timer.isActive()
    operation = prepared(qtbot, window)
    assert operation.state is State.SUCCEEDED
    assert operation.result == [open_id]  # the confirmed 2026-Q1 keeps its frozen results
    assert computed == [open_id]

    window.show_page("cycles")
    page = window.pages["cycles"]
    assert isinstance(page, CyclesPage)
    page.refresh()
    finish(qtbot, page.results_operation)
    assert page.current_results() is not None
    assert computed == [open_id]  # the page found the actuals ready


def test_the_cycles_page_own_changes_start_no_preparation(window: MainWindow) -> None:
    window.pages["cycles"].data_changed.emit()  # a rating: the page rescores it at once
    assert not window.results_warm_up.timer.isActive()
    assert window.results_warm_up.operation is None


def test_a_newer_change_cancels_a_running_preparation_and_starts_again(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_figures = ActualsService.figures
    started, release = threading.Event(), threading.Event()
    calls: list[int] = []

    def held(self: ActualsService, *args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 1:
            started.set()
            assert release.wait(10)
            kwargs["on_step"](0.5)  # the first progress report after the change stops it
        return real_figures(self, *args, **kwargs)

    monkeypatch.setattr(ActualsService, "figures", held)
    warm_up = window.results_warm_up
    window.pages["targets"].data_changed.emit()
    qtbot.waitUntil(lambda: warm_up.running() and started.is_set(), timeout=5_000)
    first = warm_up.operation
    assert first is not None
    window.pages["targets"].data_changed.emit()  # another edit while it runs
    assert first.cancel_requested
    release.set()
    finish(qtbot, first)
    assert first.state is State.CANCELLED
    qtbot.waitUntil(lambda: warm_up.operation is not first, timeout=5_000)
    second = prepared(qtbot, window)
    assert second.state is State.SUCCEEDED and second.result
    assert len(calls) == 2


def test_closing_the_window_stops_a_running_preparation(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_figures = ActualsService.figures
    started, left = threading.Event(), threading.Event()

    def slow(self: ActualsService, *args: Any, **kwargs: Any) -> Any:
        started.set()
        try:
            for step in range(200):  # a long ledger pass, reporting progress as it goes
                threading.Event().wait(0.01)
                kwargs["on_step"](step / 400)
            return real_figures(self, *args, **kwargs)
        finally:
            left.set()

    monkeypatch.setattr(ActualsService, "figures", slow)
    window.pages["staff"].data_changed.emit()
    qtbot.waitUntil(started.is_set, timeout=5_000)
    operation = window.results_warm_up.operation
    window.shutdown()
    assert left.is_set()  # the database closed only after the work had left it
    assert operation is not None and operation.cancel_requested
    finish(qtbot, operation)
    assert operation.state is State.CANCELLED
    window.pages["staff"].data_changed.emit()  # after closing: nothing more starts
    assert not window.results_warm_up.timer.isActive()


def test_a_stale_cycles_page_scores_once_when_shown(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Shown after a change elsewhere, the page reloads before it is shown, so its
    scoring starts once, not once for the reload and again for the showing; a rescoring
    asked for while one runs takes the earlier one's place."""
    from salesdesk.services import cycle_scoring

    window.results_warm_up.stop()  # only the page's own scorings here
    scorings: list[int] = []
    real_score = cycle_scoring.score_live

    def counting(*args: Any, **kwargs: Any) -> Any:
        scorings.append(1)
        return real_score(*args, **kwargs)

    monkeypatch.setattr(cycle_scoring, "score_live", counting)
    page = window.pages["cycles"]
    assert isinstance(page, CyclesPage)
    window.show()
    window.pages["actuals"].data_changed.emit()  # an import before the page was ever shown
    window.show_page("cycles")
    finish(qtbot, page.results_operation)
    assert len(scorings) == 1
    window.show_page("staff")
    window.pages["actuals"].data_changed.emit()
    window.show_page("cycles")
    finish(qtbot, page.results_operation)
    assert len(scorings) == 2
    assert page.current_results() is not None

    earlier = page.rescore()
    later = page.rescore()
    assert earlier is not None and later is not None and earlier is not later
    assert earlier.cancel_requested and earlier.dialog is None
    finish(qtbot, earlier)
    finish(qtbot, later)
    assert later.state is State.SUCCEEDED
    qtbot.waitUntil(lambda: page.current_results() is not None, timeout=5_000)


def test_the_preparation_gives_way_to_the_page_and_its_actuals_are_used(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Cycles page opened while the preparation computes the open cycle's actuals:
    the page's scoring waits for them, the preparation stops once they are done, and the
    ledger is read once."""
    real_figures = ActualsService.figures
    started, release = threading.Event(), threading.Event()
    calls: list[int] = []

    def held(self: ActualsService, *args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        started.set()
        assert release.wait(10)
        return real_figures(self, *args, **kwargs)

    monkeypatch.setattr(ActualsService, "figures", held)
    warm_up = window.results_warm_up
    window.show()
    window.pages["actuals"].data_changed.emit()
    qtbot.waitUntil(lambda: warm_up.running() and started.is_set(), timeout=5_000)
    preparing = warm_up.operation
    window.show_page("cycles")  # first showing: the page scores the open cycle
    page = window.pages["cycles"]
    assert isinstance(page, CyclesPage)
    scoring = page.results_operation
    assert scoring is not None and scoring.state is State.RUNNING
    release.set()
    finish(qtbot, scoring)
    finish(qtbot, preparing)
    assert preparing is not None and preparing.state is State.SUCCEEDED
    assert scoring.state is State.SUCCEEDED and page.current_results() is not None
    assert calls == [1]
    assert not warm_up.timer.isActive()
