"""Benchmark of the targets grid at 10,000 staff: building the grid (one service call) and
data() over every visible cell, with ratios against a baseline measured in the same run.

    python bench/targets_grid_bench.py                 # /tmp/big.db, built if missing
    python bench/targets_grid_bench.py --db PATH --year 2026

The 10,000-staff database is made by `salesdesk demo --staff 10000 --db /tmp/big.db`
(about 3 minutes) and reused when it exists. The baseline is the same work on the
40-staff demo, built next to it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from salesdesk.services.registry import Services
from salesdesk.ui.models.targets_model import COLUMN_COUNT, TargetsModel

ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.TextAlignmentRole,
    Qt.ItemDataRole.BackgroundRole,
    Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.FontRole,
)


def ensure_demo(path: Path, staff: int) -> None:
    if path.exists() and path.stat().st_size > 0:
        return
    print(f"building {path} with {staff:,} staff (a few minutes)…", flush=True)
    subprocess.run(
        [sys.executable, "-m", "salesdesk", "demo", "--staff", str(staff), "--db", str(path)],
        check=True,
    )


def measure(path: Path, year: int, repeat: int) -> dict[str, float]:
    services = Services.open(path)
    try:
        loads: list[float] = []
        for _ in range(repeat):
            start = time.perf_counter()
            grid = services.targets.grid(year, "revenue")
            loads.append(time.perf_counter() - start)
        model = TargetsModel(services.targets)
        start = time.perf_counter()
        model.set_grid(grid)
        set_grid = time.perf_counter() - start
        # A screenful: 40 rows × every column, all roles a view asks for, at 5 places.
        rows = model.rowCount()
        paints: list[float] = []
        for top in (0, rows // 4, rows // 2, 3 * rows // 4, max(0, rows - 40)):
            start = time.perf_counter()
            for row in range(top, min(rows, top + 40)):
                for column in range(COLUMN_COUNT):
                    index = model.index(row, column)
                    for role in ROLES:
                        model.data(index, role)
            paints.append(time.perf_counter() - start)
        result = {
            "rows": float(rows),
            "load_s": statistics.median(loads),
            "set_grid_s": set_grid,
            "screen_ms": statistics.median(paints) * 1000,
        }
        model.deleteLater()
        del model
        return result
    finally:
        services.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, default=Path("/tmp/big.db"))
    parser.add_argument("--baseline", type=Path, default=Path("/tmp/targets_bench_40.db"))
    parser.add_argument("--staff", type=int, default=10_000)
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    ensure_demo(args.baseline, 40)
    ensure_demo(args.db, args.staff)
    base = measure(args.baseline, args.year, args.repeat)
    big = measure(args.db, args.year, args.repeat)
    print(f"{'':>14} {'rows':>8} {'load s':>8} {'set_grid s':>10} {'screen ms':>10}")
    for name, result in (("baseline", base), ("large", big)):
        print(
            f"{name:>14} {result['rows']:>8,.0f} {result['load_s']:>8.3f} "
            f"{result['set_grid_s']:>10.4f} {result['screen_ms']:>10.2f}"
        )
    per_row = (big["load_s"] / big["rows"]) / (base["load_s"] / base["rows"])
    print(f"load per row ×{per_row:.2f} against the baseline (1 = linear)")
    print(f"visible cells ×{big['screen_ms'] / base['screen_ms']:.2f} (1 = independent of size)")
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
