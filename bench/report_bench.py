"""Benchmark the report workbook and the pay sheet of a cycle against openpyxl writing the
same number of plain cells.

Usage: python bench/report_bench.py --db DEMO.db [--cycle NAME] [--repeat 1]
       python bench/report_bench.py --staff 1000        # build a demo of that size first

The database is only read (the cycle's results, its ratings, tasks, adjustments and
interviews, and the actuals behind the Teams and Targets sheets). Measured, in the same
run:

- the cycle's results (`CyclesService.results`: the frozen scorecards of a confirmed
  cycle, or scoring an open one);
- loading what the report shows beside them (`load_report`): inputs, interviews, and the
  team and dimension figures — one ledger pass per dimension (overall, each region,
  product line and segment) over the period, serving its months and itself;
- writing the six sheets (`write_report`, write-only mode, styled and typed cells);
- the baseline: openpyxl's write-only mode writing the same cells — the same rows of the
  same sheets with the values read back from the report — as plain values, with no
  style, number format, widths or print setup: the least any writer of this workbook
  has to pay;
- the pay sheet (results, lines, write).

Times are the best of `--repeat` runs. The written files are kept with `--out DIR`.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from demo_db import add_demo_arguments, demo_database
from openpyxl import Workbook
from python_calamine import CalamineWorkbook

from salesdesk.reports.workbook import write_paysheet, write_report
from salesdesk.services.cycles import CyclesService
from salesdesk.services.database import open_database
from salesdesk.services.report_workbook import load_paysheet, load_report

DEFAULT_CYCLE = "2026-Q1 销售代表季度考核"


def best_of(repeat: int, work: Callable[[], Any]) -> tuple[float, Any]:
    best = float("inf")
    result: Any = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - start)
    return best, result


def read_back(path: Path) -> dict[str, list[list[Any]]]:
    """Every sheet's rows as calamine reads them (numbers as floats, text as str)."""
    book = CalamineWorkbook.from_path(str(path))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def count_cells(sheets: dict[str, list[list[Any]]]) -> dict[str, tuple[int, int]]:
    return {
        name: (len(rows), sum(1 for row in rows for value in row if value not in ("", None)))
        for name, rows in sheets.items()
    }


def write_plain(sheets: dict[str, list[list[Any]]], path: Path) -> None:
    """The baseline: the same cells as plain values in write-only mode."""
    workbook = Workbook(write_only=True)
    for name, rows in sheets.items():
        ws = workbook.create_sheet(name)
        for row in rows:
            ws.append([None if value == "" else value for value in row])
    workbook.save(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_demo_arguments(parser)
    parser.add_argument("--cycle", default=DEFAULT_CYCLE)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--out", type=Path, default=None, help="keep the files written here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="salesdesk-bench-") as scratch:
        out = args.out or Path(scratch)
        out.mkdir(parents=True, exist_ok=True)
        path = demo_database(args, scratch)
        database = open_database(path, create=False)
        try:
            cycles = CyclesService(database)
            results_time, results = best_of(args.repeat, lambda: cycles.results(args.cycle))
            load_time, data = best_of(args.repeat, lambda: load_report(database, results))
            report = out / "report.xlsx"
            write_time, _ = best_of(1, lambda: write_report(data, report))
            # Before the read-back below, which holds every cell as a Python object.
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            sheets = read_back(report)
            plain = out / "baseline.xlsx"
            base_time, _ = best_of(1, lambda: write_plain(sheets, plain))
            # Turn about, so that other work on the machine weighs on both alike.
            for _ in range(args.repeat - 1):
                write_time = min(write_time, best_of(1, lambda: write_report(data, report))[0])
                base_time = min(base_time, best_of(1, lambda: write_plain(sheets, plain))[0])
            pay_load, pay = best_of(args.repeat, lambda: load_paysheet(database, results))
            paysheet = out / "paysheet.xlsx"
            pay_write, _ = best_of(args.repeat, lambda: write_paysheet(pay, paysheet))
        finally:
            database.close()
        cells = count_cells(sheets)
        size = report.stat().st_size / 1e6
    total_cells = sum(c for _rows, c in cells.values())
    people = len(results.rows)
    print(f"database        {path}")
    print(f"cycle           {results.cycle} ({results.state}): {people:,} people")
    for name, (rows, count) in cells.items():
        print(f"  {name:<14}{rows:>9,} rows {count:>11,} cells")
    print(f"results         {results_time:8.2f} s")
    print(f"load            {load_time:8.2f} s  inputs, team and dimension figures")
    print(f"baseline        {base_time:8.2f} s  write-only, {total_cells:,} plain cells")
    print(f"write report    {write_time:8.2f} s  ×{write_time / base_time:.2f} the baseline")
    print(f"  per person    {1000 * write_time / max(people, 1):8.2f} ms; file {size:.1f} MB")
    print(f"pay sheet       {pay_load + pay_write:8.2f} s  (lines {pay_load:.2f} s)")
    print(f"peak memory     {peak:8.0f} MB  (the process up to the report written)")
    print(f"(best of {args.repeat}; ratios against the baseline measured in this run)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
