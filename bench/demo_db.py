"""What the benchmarks on the demo company share: `--db DEMO.db` or `--staff N`, and the
database those mean (a demo of N staff built in a scratch folder when there is no --db)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from salesdesk.services.demo import build_demo


def add_demo_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=Path, default=None, help="an existing demo database")
    parser.add_argument("--staff", type=int, default=1000, help="demo size when no --db")


def demo_database(args: argparse.Namespace, scratch: str | Path) -> Path:
    """`--db`, or a demo of `--staff` people built (seed 1) in `scratch`."""
    if args.db is not None:
        return Path(args.db)
    path = Path(scratch) / f"demo-{args.staff}.db"
    print(f"building a demo of {args.staff:,} staff …", file=sys.stderr)
    build_demo(path, staff=args.staff, seed=1)
    return path
