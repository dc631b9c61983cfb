"""Benchmark `salesdesk actuals PERIOD`: the whole listing against a plain SELECT baseline.

Usage: python bench/actuals_bench.py --db DEMO.db [--period 2026-Q1] [--repeat 3]
       python bench/actuals_bench.py --staff 1000        # build a demo of that size first

The baseline, measured in the same run on the same database, is the time to just SELECT the
period's sales lines (with their credits) through SQLAlchemy — the least any listing must
read. The report gives the listing's time and its ratio to the baseline, so a change that
makes the listing do more per line shows up whatever machine runs it. Times are the best
of `--repeat` runs (the first run also warms the operating system's file cache).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable

from demo_db import add_demo_arguments, demo_database
from sqlalchemy import select

from salesdesk.db.models import SalesCredit, SalesLine
from salesdesk.domain.periods import parse_period
from salesdesk.services.actuals import ActualsService
from salesdesk.services.database import Database, open_database


def best_of(repeat: int, work: Callable[[], object]) -> tuple[float, object]:
    best = float("inf")
    result: object = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - start)
    return best, result


def select_period_lines(database: Database, period: str) -> int:
    when = parse_period(period)
    with database.reading() as session:
        rows = session.execute(
            select(
                SalesLine.id,
                SalesLine.line_date,
                SalesLine.order_no,
                SalesLine.customer_id,
                SalesLine.amount,
                SalesLine.cost,
                SalesCredit.staff_id,
                SalesCredit.share,
            )
            .join(SalesCredit, SalesCredit.sales_line_id == SalesLine.id)
            .where(SalesLine.line_date >= when.start, SalesLine.line_date <= when.end)
        ).all()
    return len(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_demo_arguments(parser)
    parser.add_argument("--period", default="2026-Q1")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="salesdesk-bench-") as scratch:
        path = demo_database(args, scratch)
        database = open_database(path, create=False)
        try:
            service = ActualsService(database)
            base, credits = best_of(args.repeat, lambda: select_period_lines(database, args.period))
            listing, result = best_of(args.repeat, lambda: service.actuals(args.period))
            rows = getattr(result, "rows", ())
            dump, text = best_of(1, lambda: getattr(result, "to_json")())  # noqa: B009
        finally:
            database.close()
    staff = len({row.subject for row in rows if row.subject_kind == "staff"})
    print(f"database        {path}")
    print(f"period          {args.period}: {staff:,} staff listed, {len(rows):,} rows")
    print(f"baseline        {base:8.2f} s  SELECT of the period's {credits:,} credited lines")
    print(f"actuals         {listing:8.2f} s  ×{listing / base:.1f} the baseline")
    print(f"to_json         {dump:8.2f} s  ({len(str(text)) / 1e6:.1f} M characters)")
    print(f"(best of {args.repeat}; ratios against the baseline measured in this run)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
