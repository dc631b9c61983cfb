"""Benchmark scoring a cycle: the demo's open 2026-Q2 rep cycle, scored from the data, against
a plain SELECT baseline.

Usage: python bench/scoring_bench.py --db DEMO.db [--repeat 2]
       python bench/scoring_bench.py --staff 1000        # build a demo of that size first

The demo's rep scheme has 11 items (7 metrics, 4 rated items with 3–4 raters each, key
tasks). Measured, in the same run on the same database:

- baseline: a plain SELECT of the quarter's credited sales lines and the cycle's ratings —
  the least any scoring must read;
- scoring from the data (actuals computed as `salesdesk actuals` computes them, ratings,
  key tasks, adjustments, grades, pay) — the first scoring of a cycle;
- scoring in a new session (after a restart) while the data is unchanged: the actuals of
  the last scoring are kept in the database with the stamp of their data;
- scoring after the background preparation: what the Cycles page does once the window has
  prepared the open cycles after a change of the data (the preparation itself is timed
  once: it is a first scoring, run while the user is elsewhere);
- scoring again after one rating changed (the actuals of the last scoring are reused while
  the data they came from is unchanged, and so is the scorecard of everyone whose inputs
  are unchanged) — what the Cycles page does while people rate;
- reading the frozen results of the confirmed 2026-Q1 cycle.

Times are the best of `--repeat` runs.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable

from demo_db import add_demo_arguments, demo_database
from sqlalchemy import delete, select

from salesdesk.db.models import Appraisal, Cycle, CycleFigures, Rating, SalesCredit, SalesLine
from salesdesk.domain.periods import parse_period
from salesdesk.services import cycle_scoring
from salesdesk.services.database import Database, open_database


def best_of(repeat: int, work: Callable[[], object]) -> tuple[float, object]:
    best = float("inf")
    result: object = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - start)
    return best, result


def baseline(database: Database, cycle_id: int, period: str) -> int:
    when = parse_period(period)
    with database.reading() as session:
        lines = session.execute(
            select(SalesLine.id, SalesLine.amount, SalesCredit.staff_id, SalesCredit.share)
            .join(SalesCredit, SalesCredit.sales_line_id == SalesLine.id)
            .where(SalesLine.line_date >= when.start, SalesLine.line_date <= when.end)
        ).all()
        ratings = session.execute(
            select(Rating.appraisal_id, Rating.item_name, Rating.rater_role, Rating.rating)
            .join(Appraisal, Appraisal.id == Rating.appraisal_id)
            .where(Appraisal.cycle_id == cycle_id)
        ).all()
    return len(lines) + len(ratings)


def change_one_rating(database: Database, cycle_id: int) -> None:
    """What happens while people rate: one rating of one person changes (3 ↔ 4)."""
    with database.transaction() as session:
        rating = session.scalars(
            select(Rating)
            .join(Appraisal, Appraisal.id == Rating.appraisal_id)
            .where(Appraisal.cycle_id == cycle_id, Rating.rating.in_([3, 4]))
            .limit(1)
        ).one()
        rating.rating = 7 - rating.rating


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_demo_arguments(parser)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="salesdesk-bench-") as scratch:
        path = demo_database(args, scratch)
        database = open_database(path, create=False)
        try:
            with database.reading() as s:
                cycles = {c.period: (c.id, c.state) for c in s.scalars(select(Cycle))}
            live_id, confirmed_id = cycles["2026-Q2"][0], cycles["2026-Q1"][0]
            base, rows = best_of(args.repeat, lambda: baseline(database, live_id, "2026-Q2"))

            def first() -> object:
                cycle_scoring.forget_figures()
                with database.transaction() as session:
                    session.execute(delete(CycleFigures))
                return cycle_scoring.score_live(database, live_id)

            scored, result = best_of(args.repeat, first)

            def next_session() -> object:
                cycle_scoring.forget_figures()
                return cycle_scoring.score_live(database, live_id)

            restarted, _ = best_of(args.repeat, next_session)

            def prepare() -> object:
                cycle_scoring.forget_figures()
                with database.transaction() as session:
                    session.execute(delete(CycleFigures))
                return cycle_scoring.prepare_live_cycles(database)

            preparing, _ = best_of(1, prepare)
            prepared, _ = best_of(args.repeat, lambda: cycle_scoring.score_live(database, live_id))

            def after_one_rating() -> object:
                change_one_rating(database, live_id)
                return cycle_scoring.score_live(database, live_id)

            again, _ = best_of(args.repeat, after_one_rating)
            frozen, frozen_result = best_of(
                args.repeat, lambda: cycle_scoring.score_frozen(database, confirmed_id)
            )
            people = len(getattr(result, "rows", ()))
            confirmed = len(getattr(frozen_result, "rows", ()))
            json_time, _ = best_of(1, lambda: [row.card for row in getattr(result, "rows", ())])
        finally:
            database.close()
    print(f"database        {path}")
    print(f"cycle           2026-Q2 (open): {people:,} participants, 11 items each")
    print(f"baseline        {base:8.2f} s  SELECT of {rows:,} credited lines and ratings")
    print(f"score (first)   {scored:8.2f} s  ×{scored / base:.1f} the baseline")
    print(f"next session    {restarted:8.2f} s  ×{restarted / base:.1f} (actuals kept)")
    print(f"prepared        {prepared:8.2f} s  ×{prepared / base:.1f} (after the background")
    print(f"                {'':8} preparation, which took {preparing:.2f} s)")
    print(f"score again     {again:8.2f} s  ×{again / base:.1f} (after one rating changed)")
    print(f"all as JSON     {json_time:8.2f} s  (written out only when asked for)")
    print(f"frozen read     {frozen:8.2f} s  ×{frozen / base:.1f} ({confirmed:,} confirmed)")
    print(f"(best of {args.repeat}; ratios against the baseline measured in this run)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
