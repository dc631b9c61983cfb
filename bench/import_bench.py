"""Benchmark of the ledger import: a 100,000-line ERP-style workbook, timed against the
time calamine needs just to read the same file (the floor no importer can beat).

    python bench/import_bench.py [--lines 100000] [--keep DIR] [--reuse]

With `--keep DIR --reuse` a workbook left in DIR by an earlier run is read again instead
of being written anew (writing it takes about a minute); the database is always new.

Prints the baseline, the dry run, the import and the second import (all skipped), with
lines per second and the ratio to the baseline.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from python_calamine import CalamineWorkbook

from salesdesk.domain.org import Role
from salesdesk.services.database import open_database
from salesdesk.services.imports import import_file
from salesdesk.services.staff import NewStaff, StaffService

HEADERS = ["单据日期", "订单号", "行号", "业务员", "客户名称", "客户分类", "地区", "存货分类",
           "价税合计", "成本金额", "分成比例"]  # fmt: skip
STAFF = 40


def build_workbook(path: Path, lines: int, seed: int = 7) -> None:
    """An ERP export: title rows, 2,000 customers, split credit on 5 % of the lines."""
    rng = random.Random(seed)
    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet("销售明细")
    ws.append(["用友U8 销售明细表"])
    ws.append(["日期：2026-01-01 至 2026-12-31"])
    ws.append(HEADERS)
    start = date(2026, 1, 1)
    written = order = 0
    while written < lines:
        order += 1
        day = start + timedelta(days=rng.randrange(365))
        customer = f"客户{rng.randrange(2000):04d}有限公司"
        region = ("华东", "华南", "华北")[rng.randrange(3)]
        for line_no in range(1, rng.randint(1, 5) + 1):
            if written >= lines:
                break
            amount = Decimal(rng.randrange(-20_000, 2_000_000)) / 100
            cost = (amount * Decimal("0.7")).quantize(Decimal("0.01"))
            product = ("工业泵", "阀门", "仪表", "配件")[rng.randrange(4)]
            rep = f"S{rng.randrange(STAFF) + 1:04d}"
            if rng.random() < 0.05 and written + 2 <= lines:
                other = f"S{(int(rep[1:]) % STAFF) + 1:04d}"
                for who, share in ((rep, 60), (other, 40)):
                    ws.append([day, f"SO{order:07d}", line_no, who, customer, None, region,
                               product, amount, cost, share])  # fmt: skip
                    written += 1
                continue
            ws.append([day, f"SO{order:07d}", line_no, rep, customer, None, region, product,
                       amount, cost, None])  # fmt: skip
            written += 1
    ws.append(["合计"])
    workbook.save(path)


def read_only_baseline(path: Path) -> float:
    started = time.perf_counter()
    workbook = CalamineWorkbook.from_path(str(path))
    rows = sum(1 for _ in workbook.get_sheet_by_index(0).iter_rows())
    elapsed = time.perf_counter() - started
    assert rows > 0
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, default=None)
    parser.add_argument("--reuse", action="store_true", help="read the workbook kept in --keep")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="salesdesk-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    book = folder / f"ledger-{args.lines}.xlsx"
    if args.reuse and book.exists():
        print(f"workbook: {args.lines:,} lines, {book.stat().st_size / 1e6:.1f} MB, reused")
    else:
        started = time.perf_counter()
        build_workbook(book, args.lines)
        print(f"workbook: {args.lines:,} lines, {book.stat().st_size / 1e6:.1f} MB, "
              f"written in {time.perf_counter() - started:.1f} s")  # fmt: skip
    db_file = folder / "bench.db"
    for stale in (db_file, *(folder / f"bench.db{tail}" for tail in ("-wal", "-shm"))):
        stale.unlink(missing_ok=True)
    database = open_database(db_file)
    staff = StaffService(database)
    unit = staff.create_unit(None, "销售部")
    for number in range(1, STAFF + 1):
        staff.create_staff(
            NewStaff(f"S{number:04d}", f"员工{number}", Role.REP, unit.id, date(2020, 1, 1))
        )

    baseline = read_only_baseline(book)
    print(f"baseline (calamine reads the file): {baseline:.2f} s")

    def timed(label: str, dry_run: bool) -> None:
        started = time.perf_counter()
        report = import_file(database, "ledger", book, dry_run=dry_run)
        elapsed = time.perf_counter() - started
        print(
            f"{label}: {elapsed:.2f} s, {args.lines / elapsed:,.0f} lines/s, "
            f"{elapsed / baseline:.1f}× baseline — {report.describe()[:90]}"
        )

    timed("dry run", True)
    timed("import", False)
    timed("import again (all skipped)", False)
    database.close()


if __name__ == "__main__":
    main()
