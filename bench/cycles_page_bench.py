"""Benchmark the Cycles page as a user meets it: data changed (an import), then a click on
Cycles in the navigation, until the open 2026-Q2 cycle's results are in the table.

Usage: python bench/cycles_page_bench.py --db DEMO.db [--repeat 3]
       python bench/cycles_page_bench.py --staff 1000     # build a demo of that size first

Runs the real main window offscreen (QT_QPA_PLATFORM=offscreen). Measured in the same run,
best of `--repeat`:

- baseline: the plain SELECT of the quarter's credited lines and the cycle's ratings that
  `scoring_bench.py` uses (the least any scoring must read);
- click to results, no preparation: the window's background preparation switched off, so
  the click starts a first scoring (the actuals computed from the ledger);
- click to results, prepared: the window prepared the open cycle in the background after
  the change (what happens when the user opens the page a little later);
- the longest the GUI thread was held in one go while the page scored: by the click itself
  (the page and its tabs reloading) and by the results arriving (the table filled).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication
from sqlalchemy import delete, select

sys.path.insert(0, str(Path(__file__).resolve().parent))
from demo_db import add_demo_arguments, demo_database
from scoring_bench import baseline

from salesdesk.db.models import Cycle, CycleFigures
from salesdesk.services.cycle_scoring import forget_figures
from salesdesk.ui.operations import State, running_operations


def spin_until(app: QApplication, done: Callable[[], bool], timeout: float = 300) -> None:
    end = time.perf_counter() + timeout
    while not done():
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        time.sleep(0.002)
        if time.perf_counter() > end:
            raise TimeoutError("the page did not finish")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_demo_arguments(parser)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    app = QApplication([])
    from salesdesk.app import build_main_window

    with tempfile.TemporaryDirectory(prefix="salesdesk-bench-") as scratch:
        path = demo_database(args, scratch)
        window = build_main_window(path)
        window.show()
        window.show_page("staff")
        spin_until(app, lambda: not running_operations())  # the pages' first loads
        database = window.services.database
        with database.reading() as s:
            live_id = s.scalar(select(Cycle.id).where(Cycle.period == "2026-Q2"))
        assert live_id is not None
        page = window.pages["cycles"]
        warm_up = window.results_warm_up
        held = {"click": 0.0, "results": 0.0}
        real_set_results = page._set_results  # type: ignore[attr-defined]

        def timed_set_results(results: object) -> None:
            start = time.perf_counter()
            real_set_results(results)
            held["results"] = max(held["results"], time.perf_counter() - start)

        page._set_results = timed_set_results  # type: ignore[attr-defined]

        def data_changed() -> None:
            window.show_page("staff")
            forget_figures()
            with database.transaction() as s:
                s.execute(delete(CycleFigures))  # as after an import: nothing kept is valid
            window.pages["actuals"].data_changed.emit()

        def click() -> float:
            start = time.perf_counter()
            window.show_page("cycles")
            held["click"] = max(held["click"], time.perf_counter() - start)
            spin_until(
                app,
                lambda: (
                    page.results_operation is not None
                    and page.results_operation.state is not State.RUNNING
                    and page.current_results() is not None
                ),
            )
            return time.perf_counter() - start

        base = min(
            timed(lambda: baseline(database, live_id, "2026-Q2")) for _ in range(args.repeat)
        )
        cold: list[float] = []
        prepared: list[float] = []
        preparing: list[float] = []
        for _ in range(args.repeat):
            warm_up.timer.setInterval(10**9)  # no preparation
            data_changed()
            cold.append(click())
            warm_up.timer.setInterval(0)
            earlier = warm_up.operation
            data_changed()
            start = time.perf_counter()
            spin_until(
                app,
                lambda earlier=earlier: warm_up.operation is not earlier and not warm_up.running(),
            )
            spin_until(app, lambda: not running_operations())
            preparing.append(time.perf_counter() - start)
            prepared.append(click())
        people = len(page.current_results().rows)
        window.shutdown()
    print(f"database              {path}")
    print(f"cycle                 2026-Q2 (open): {people:,} participants")
    print(f"baseline              {base:6.2f} s  plain SELECT of its lines and ratings")
    print(f"click, no preparation {min(cold):6.2f} s  ×{min(cold) / base:.1f} the baseline")
    print(
        f"click, prepared       {min(prepared):6.2f} s  ×{min(prepared) / base:.1f}"
        f" (the preparation took {min(preparing):.2f} s in the background)"
    )
    print(f"GUI thread held       {held['click']:6.2f} s  at most, by the click")
    print(f"                      {held['results']:6.2f} s  at most, by the results arriving")
    print(f"(best of {args.repeat}; ratios against the baseline measured in this run)")
    return 0


def timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


if __name__ == "__main__":
    raise SystemExit(main())
