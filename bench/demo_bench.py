"""Benchmark `salesdesk demo`: build time and file size at 40 and at 10,000 staff.

Usage: python bench/demo_bench.py [--staff 40 10000] [--seed 1] [--keep DIR]

Every size is measured in the same run as the baseline (the first size given), and the
report gives ratios against it: time and size per staff member, so a change that makes
the build scale worse than linearly shows up whatever machine runs it.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from salesdesk.services.demo import DemoSummary, build_demo


def measure(folder: Path, staff: int, seed: int) -> DemoSummary:
    return build_demo(folder / f"demo-{staff}.db", staff=staff, seed=seed, replace=True)


def report(results: list[DemoSummary]) -> str:
    base = results[0]
    base_time = base.seconds / base.staff
    base_size = base.file_bytes / base.staff
    lines = [
        f"{'staff':>7} {'seconds':>9} {'MB':>9} {'lines':>10} {'ms/staff':>9} "
        f"{'KB/staff':>9} {'time×':>7} {'size×':>7}"
    ]
    for result in results:
        per_time = result.seconds / result.staff
        per_size = result.file_bytes / result.staff
        lines.append(
            f"{result.staff:>7,} {result.seconds:>9.2f} {result.megabytes:>9.1f} "
            f"{result.sales_lines:>10,} {per_time * 1000:>9.2f} {per_size / 1000:>9.1f} "
            f"{per_time / base_time:>7.2f} {per_size / base_size:>7.2f}"
        )
    lines.append(
        f"(time× and size× are per staff member, relative to the {base.staff}-staff baseline "
        "measured in this run)"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--staff", type=int, nargs="+", default=[40, 10_000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, default=None, help="keep the databases here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="salesdesk-bench-") as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        results = []
        for staff in args.staff:
            results.append(measure(folder, staff, args.seed))
            print(f"built {staff:,} staff in {results[-1].seconds:.1f} s", file=sys.stderr)
        print(report(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
