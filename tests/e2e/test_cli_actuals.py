"""`salesdesk actuals --json` on a demo company, run as a user runs it, checked against the
database itself: each figure recomputed independently with plain sqlite3."""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from salesdesk.services.demo import build_demo
from tests.e2e.cli import run_cli

PERIOD = "2026-Q1"
MONTHS = ("2026-01", "2026-02", "2026-03")


run = run_cli


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[tuple[str, str], Any]]:
    folder = tmp_path_factory.mktemp("actuals_e2e")
    path = folder / "demo.db"
    build_demo(path, staff=12, seed=1)
    result = run("actuals", PERIOD, "--json", "--db", path, home=folder / "home")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["period"] == PERIOD
    rows = {(r["subject"], r["metric"]): r for r in document["rows"]}
    return path, rows


def cents(value: int | None) -> Decimal:
    return Decimal(value or 0).scaleb(-2)


def test_person_revenue_is_the_sum_of_their_credited_lines(
    demo: tuple[Path, dict[tuple[str, str], Any]],
) -> None:
    path, rows = demo
    with sqlite3.connect(path) as db:
        # the rep with the most lines in the quarter, with split credit where there is any
        code, total = db.execute(
            """SELECT s.code, SUM(l.amount * c.share) FROM sales_lines l
               JOIN sales_credits c ON c.sales_line_id = l.id JOIN staff s ON s.id = c.staff_id
               WHERE l.line_date BETWEEN '2026-01-01' AND '2026-03-31'
               GROUP BY s.code ORDER BY COUNT(*) DESC LIMIT 1"""
        ).fetchone()
    # amount in cents × share in hundredths of a percent → 10^-6 of a unit of money
    expected = (Decimal(total).scaleb(-6)).quantize(Decimal("0.01"))
    assert rows[(code, "revenue")]["actual"] == str(expected)
    assert Decimal(rows[(code, "revenue")]["actual"]) > 0


def test_collection_rate_is_collections_over_amount_due(
    demo: tuple[Path, dict[tuple[str, str], Any]],
) -> None:
    _path, rows = demo
    checked = 0
    for (subject, metric), row in rows.items():
        if metric != "collection_rate":
            continue
        collections = Decimal(rows[(subject, "collections")]["actual"])
        due = Decimal(rows[(subject, "amount_due")]["actual"])
        if due == 0:
            assert row["actual"] is None
            continue
        rate = Decimal(row["actual"])
        # both parts are shown rounded to the cent; the rate was computed unrounded
        assert abs(rate - collections / due) < Decimal("0.0001")
        checked += 1
    assert checked > 3


def test_unit_revenue_is_the_sum_over_members_present_each_month(
    demo: tuple[Path, dict[tuple[str, str], Any]],
) -> None:
    path, rows = demo
    with sqlite3.connect(path) as db:
        units = dict(db.execute("SELECT id, parent_id FROM org_units").fetchall())
        names = dict(db.execute("SELECT id, name FROM org_units").fetchall())
        memberships = db.execute(
            "SELECT staff_id, unit_id, valid_from, valid_to FROM unit_memberships"
        ).fetchall()
        credited = db.execute(
            """SELECT c.staff_id, substr(l.line_date, 1, 7), SUM(l.amount * c.share)
               FROM sales_lines l JOIN sales_credits c ON c.sales_line_id = l.id
               WHERE l.line_date BETWEEN '2026-01-01' AND '2026-03-31'
               GROUP BY c.staff_id, substr(l.line_date, 1, 7)"""
        ).fetchall()

    def path_of(unit: int) -> str:
        parent = units[unit]
        return names[unit] if parent is None else f"{path_of(parent)}/{names[unit]}"

    def unit_in(staff: int, month: str) -> int | None:
        # the demo moves people on the first of a month: the membership holding the 1st
        first = f"{month}-01"
        for person, unit, start, end in memberships:
            if person == staff and start <= first and (end is None or first < end):
                return int(unit)
        return None

    totals: dict[str, Decimal] = defaultdict(Decimal)
    for staff, month, amount in credited:
        unit = unit_in(staff, month)
        while unit is not None:
            totals[path_of(unit)] += Decimal(amount).scaleb(-6)
            unit = units[unit]
    assert totals
    for unit in units:
        expected = totals.get(path_of(unit), Decimal(0)).quantize(Decimal("0.01"))
        assert rows[(path_of(unit), "revenue")]["actual"] == str(expected), path_of(unit)


def test_every_row_has_the_documented_shape(
    demo: tuple[Path, dict[tuple[str, str], Any]],
) -> None:
    _path, rows = demo
    for row in rows.values():
        assert set(row) == {"subject", "subject_kind", "metric", "actual", "target", "achievement"}
        for key in ("actual", "target", "achievement"):
            assert row[key] is None or isinstance(row[key], str)
    assert rows[("销售部", "revenue")]["subject_kind"] == "unit"
    achievement = rows[("销售部", "revenue")]["achievement"]
    assert achievement is not None and len(achievement.split(".")[1]) == 4


def test_bad_input_exits_2(demo: tuple[Path, dict[tuple[str, str], Any]], tmp_path: Path) -> None:
    # (the other unknown arguments are checked in-process in tests/unit/test_actuals_service.py)
    path, _rows = demo
    result = run("--db", path, "actuals", "2026-Q1", "--metric", "profit", home=tmp_path / "h")
    assert result.returncode == 2, result.stderr
    assert "unknown metric: profit" in result.stderr and "revenue" in result.stderr
    assert "Traceback" not in result.stderr


def test_one_subject_matches_the_full_listing(
    demo: tuple[Path, dict[tuple[str, str], Any]],
) -> None:
    from salesdesk.services.actuals import ActualsService
    from salesdesk.services.database import open_database

    path, rows = demo
    database = open_database(path, create=False)
    try:
        service = ActualsService(database)
        for subject in ("S0003", "销售部/华东区/一组"):
            document = json.loads(service.actuals(PERIOD, subject=subject).to_json())
            assert document["rows"] == [row for key, row in rows.items() if key[0] == subject]
    finally:
        database.close()
