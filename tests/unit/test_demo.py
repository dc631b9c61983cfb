"""`salesdesk demo`: a deterministic, realistic demo company, built safely."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

from salesdesk.db.models import (
    Appraisal,
    Customer,
    Cycle,
    Interview,
    KeyTask,
    Metric,
    MetricValue,
    OrgUnit,
    Receipt,
    SalesCredit,
    SalesLine,
    Scheme,
    SeasonalityProfile,
    Setting,
    Staff,
    Target,
    UnitMembership,
    scope_key,
)
from salesdesk.domain.errors import UserError
from salesdesk.domain.text import set_language
from salesdesk.services.database import Database, open_database
from salesdesk.services.demo import (
    SEASONALITY_PERMILLE,
    DemoCancelled,
    DemoSummary,
    build_demo,
    chinese_number,
    split_by_weights,
)

HASHED = {
    "staff": "SELECT id, code, name, role, unit_id, manager_id, hire_date, leave_date, pay_base "
    "FROM staff ORDER BY id",
    "org_units": "SELECT id, parent_id, name, region_id FROM org_units ORDER BY id",
    "memberships": "SELECT staff_id, unit_id, valid_from, valid_to FROM unit_memberships "
    "ORDER BY staff_id, valid_from",
    "customers": "SELECT * FROM customers ORDER BY id",
    "sales_lines": "SELECT * FROM sales_lines ORDER BY id",
    "sales_credits": "SELECT sales_line_id, staff_id, share FROM sales_credits "
    "ORDER BY sales_line_id, staff_id",
    "receipts": "SELECT receipt_date, staff_id, customer_id, amount, amount_due, receipt_key "
    "FROM receipts ORDER BY receipt_key",
    "targets": "SELECT scope_key, value FROM targets ORDER BY scope_key",
    "metric_values": "SELECT scope_key, value FROM metric_values ORDER BY scope_key",
}


def content_hash(path: Path) -> dict[str, str]:
    """A digest per key table (timestamps left out: they say when, not what)."""
    database = open_database(path, create=False)
    try:
        with database.reading() as s:
            return {
                name: hashlib.sha256(repr(s.execute(text(query)).all()).encode("utf-8")).hexdigest()
                for name, query in HASHED.items()
            }
    finally:
        database.close()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[DemoSummary, Database]]:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    summary = build_demo(path, staff=40, seed=1)
    database = open_database(path, create=False)
    yield summary, database
    database.close()


@pytest.fixture
def db(demo: tuple[DemoSummary, Database]) -> Database:
    return demo[1]


# --------------------------------------------------------------------------- building


def test_summary_counts_what_is_in_the_file(demo: tuple[DemoSummary, Database]) -> None:
    summary, database = demo
    with database.reading() as s:

        def count(model: Any) -> int:
            return int(s.scalar(select(func.count()).select_from(model)) or 0)

        assert summary.staff == count(Staff) == 40
        assert summary.units == count(OrgUnit)
        assert summary.customers == count(Customer)
        assert summary.sales_lines == count(SalesLine)
        assert summary.receipts == count(Receipt)
        assert summary.targets == count(Target)
        assert summary.metric_values == count(MetricValue)
    assert 200 <= summary.customers <= 400
    assert summary.file_bytes == summary.path.stat().st_size > 0
    assert summary.seconds > 0
    assert "40 staff" in summary.describe()
    set_language("zh")
    assert "演示公司" in summary.describe() and "40 名人员" in summary.describe()


def test_same_seed_same_data_other_seed_other_data(tmp_path: Path) -> None:
    first, second, other = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "c.db"
    build_demo(first, staff=15, seed=7)
    build_demo(second, staff=15, seed=7)
    build_demo(other, staff=15, seed=8)
    assert content_hash(first) == content_hash(second)
    different = content_hash(other)
    assert different["staff"] != content_hash(first)["staff"]
    assert different["sales_lines"] != content_hash(first)["sales_lines"]


def test_refuses_to_overwrite_unless_told(tmp_path: Path) -> None:
    path = tmp_path / "mine.db"
    path.write_bytes(b"my precious data")
    with pytest.raises(UserError, match="already exists"):
        build_demo(path, staff=5)
    assert path.read_bytes() == b"my precious data"
    summary = build_demo(path, staff=5, replace=True)
    assert summary.staff == 5
    assert path.read_bytes()[:16] == b"SQLite format 3\x00"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.db"]


def test_an_empty_file_may_be_filled(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    assert build_demo(path, staff=3).staff == 3


def test_cancel_leaves_nothing_behind(tmp_path: Path) -> None:
    seen: list[int] = []

    def progress(percent: int, message: str) -> bool:
        seen.append(percent)
        return percent < 40

    with pytest.raises(DemoCancelled):
        build_demo(tmp_path / "demo.db", staff=10, progress=progress)
    assert list(tmp_path.iterdir()) == []
    assert seen == sorted(seen) and seen[-1] >= 40


def test_cancel_keeps_the_file_it_would_replace(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    path.write_bytes(b"old")
    with pytest.raises(DemoCancelled):
        build_demo(path, staff=5, replace=True, progress=lambda p, m: p < 95)
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["old.db"]


def test_progress_runs_to_the_end(tmp_path: Path) -> None:
    seen: list[tuple[int, str]] = []

    def progress(percent: int, message: str) -> bool:
        seen.append((percent, message))
        return True

    build_demo(tmp_path / "d.db", staff=3, progress=progress)
    assert seen[0][0] < 10 and seen[-1][0] == 99
    assert all(message for _, message in seen)


@pytest.mark.parametrize("staff", [1, 2, 8])
def test_tiny_companies_build(tmp_path: Path, staff: int) -> None:
    assert build_demo(tmp_path / "tiny.db", staff=staff).staff == staff


# --------------------------------------------------------------------------- content


def test_company_schemes_and_cycles(db: Database) -> None:
    with db.reading() as s:
        assert s.get(Setting, "company_name").value == "华信工业设备有限公司"  # type: ignore[union-attr]
        assert s.scalar(select(func.count()).select_from(Scheme)) == 6
        cycles = {c.period: c for c in s.scalars(select(Cycle))}
        assert set(cycles) == {"2026-Q1", "2026-Q2"}
        q1, q2 = cycles["2026-Q1"], cycles["2026-Q2"]
        assert (q1.state, q2.state) == ("confirmed", "open")
        frozen = s.scalars(select(Appraisal).where(Appraisal.cycle_id == q1.id)).all()
        assert frozen and all(a.scorecard is not None and a.final_grade for a in frozen)
        # A confirmed cycle had every rated item rated; the open one has its tasks set.
        assert not any(flag.startswith("unrated:") for a in frozen for flag in a.scorecard["flags"])
        q2_people = s.scalars(select(Appraisal.id).where(Appraisal.cycle_id == q2.id)).all()
        with_tasks = s.scalars(
            select(KeyTask.appraisal_id).where(KeyTask.appraisal_id.in_(q2_people)).distinct()
        ).all()
        assert len(with_tasks) == len(q2_people) > 0
        assert s.scalar(select(func.count()).select_from(Interview)) > 0
        profile = s.scalars(select(SeasonalityProfile)).one()
        assert sum(Decimal(w) for w in profile.weights) == 12


def test_org_tree_and_roles(db: Database) -> None:
    with db.reading() as s:
        units = {u.id: u for u in s.scalars(select(OrgUnit))}
        staff = list(s.scalars(select(Staff)))
    paths: dict[int, str] = {}
    for unit in units.values():
        parts: list[str] = []
        current: OrgUnit | None = unit
        while current is not None:
            parts.append(current.name)
            current = units.get(current.parent_id) if current.parent_id else None
        paths[unit.id] = "/".join(reversed(parts))
    assert {"销售部/华东区", "销售部/华南区", "销售部/华北区", "销售部/销售支持组"} <= set(
        paths.values()
    )
    teams = [p for p in paths.values() if p.count("/") == 2]
    assert 5 <= len(teams) <= 6 and "销售部/华东区/一组" in teams
    assert all(
        units[u].region_id for u in units if paths[u].count("/") >= 1 and "支持" not in paths[u]
    )
    roles = defaultdict(list)
    for person in staff:
        roles[person.role].append(person)
    assert len(roles["director"]) == 1
    assert len(roles["supervisor"]) == len(teams)
    assert roles["support"] and len(roles["rep"]) >= 25
    supervisor_of = {p.unit_id: p.id for p in roles["supervisor"]}
    director = roles["director"][0]
    for rep in roles["rep"]:
        assert rep.manager_id == supervisor_of[rep.unit_id]
    for person in roles["supervisor"] + roles["support"]:
        assert person.manager_id == director.id
    assert [p.code for p in sorted(staff, key=lambda p: p.id)][:3] == ["S0001", "S0002", "S0003"]
    pay = {role: [p.pay_base for p in people] for role, people in roles.items()}
    assert all(Decimal(3000) <= v <= Decimal(5000) for v in pay["rep"])
    assert all(Decimal(6000) <= v <= Decimal(8000) for v in pay["supervisor"])
    assert all(v == v.to_integral_value() for values in pay.values() for v in values)


def test_no_manager_cycle(db: Database) -> None:
    with db.reading() as s:
        manager = dict(s.execute(select(Staff.id, Staff.manager_id)).all())
    for start in manager:
        seen: set[int] = set()
        current: int | None = start
        while current is not None:
            assert current not in seen
            seen.add(current)
            current = manager[current]


def test_memberships_hires_leavers_and_a_mover(db: Database) -> None:
    with db.reading() as s:
        staff = list(s.scalars(select(Staff)))
        memberships = defaultdict(list)
        for m in s.scalars(select(UnitMembership).order_by(UnitMembership.valid_from)):
            memberships[m.staff_id].append(m)
    for person in staff:
        rows = memberships[person.id]
        assert rows, person.code
        assert rows[0].valid_from == person.hire_date
        assert rows[-1].valid_to is None and rows[-1].unit_id == person.unit_id
    movers = [rows for rows in memberships.values() if len(rows) > 1]
    assert len(movers) == 1
    assert movers[0][0].valid_to == movers[0][1].valid_from == date(2025, 7, 1)
    assert movers[0][0].unit_id != movers[0][1].unit_id
    assert 1 <= sum(p.hire_date.year == 2026 for p in staff) <= 3
    leavers = [p for p in staff if p.leave_date is not None]
    assert 1 <= len(leavers) <= 2 and all(p.leave_date.year == 2026 for p in leavers)  # type: ignore[union-attr]


def test_names_are_chinese_and_unique(db: Database) -> None:
    with db.reading() as s:
        names = list(s.scalars(select(Staff.name)))
        customers = list(s.scalars(select(Customer)))
    assert len(set(names)) == len(names)
    assert all(2 <= len(n) <= 3 and all("\u4e00" <= ch <= "\u9fff" for ch in n) for n in names)
    assert len({c.name for c in customers}) == len(customers)
    assert all(c.name.endswith("公司") or c.name.endswith("厂") for c in customers)
    assert all(c.segment_id and c.region_id and c.owner_id for c in customers)
    key_accounts = sum(c.segment_id == 1 for c in customers)
    assert 0.1 < key_accounts / len(customers) < 0.35


def test_sales_lines_credits_and_returns(db: Database) -> None:
    with db.reading() as s:
        lines = list(s.scalars(select(SalesLine)))
        shares: dict[int, Decimal] = defaultdict(Decimal)
        credited: dict[int, int] = defaultdict(int)
        for credit in s.scalars(select(SalesCredit)):
            shares[credit.sales_line_id] += credit.share
            credited[credit.sales_line_id] += 1
        raw = s.execute(text("SELECT amount FROM sales_lines WHERE id = 1")).scalar_one()
    assert {line.line_date.year for line in lines} == {2025, 2026}
    assert all(date(2025, 1, 1) <= line.line_date <= date(2026, 12, 31) for line in lines)
    assert set(shares.values()) == {Decimal(100)}
    assert len(shares) == len(lines)
    split = sum(1 for n in credited.values() if n == 2)
    assert 0.02 < split / len(lines) < 0.15
    returns = [line for line in lines if line.amount < 0]
    assert 0.03 < len(returns) / len(lines) < 0.08
    first_of_order: dict[str, date] = {}
    for line in lines:
        if line.amount > 0:
            first_of_order.setdefault(line.order_no, line.line_date)
            first_of_order[line.order_no] = min(first_of_order[line.order_no], line.line_date)
        assert line.line_key == f"{line.order_no}#{line.line_no}"
        assert line.cost is not None
    for line in returns:
        assert line.order_no in first_of_order and first_of_order[line.order_no] < line.line_date
        assert line.cost is not None and line.cost < 0
    positive = [line for line in lines if line.amount > 0]
    margins = [(line.amount - line.cost) / line.amount for line in positive if line.cost]
    assert all(Decimal("0.19") <= m <= Decimal("0.41") for m in margins)
    assert raw == int(lines[0].amount * 100)  # stored in cents, bound through executemany


def test_seasonality_in_the_ledger(db: Database) -> None:
    with db.reading() as s:
        rows = s.execute(select(SalesLine.line_date, SalesLine.amount)).all()
    by_month: dict[int, Decimal] = defaultdict(Decimal)
    for day, amount in rows:
        by_month[day.month] += amount
    assert by_month[2] < by_month[6] < by_month[12]
    assert by_month[12] == max(by_month.values()) and by_month[2] == min(by_month.values())


def test_new_customers_are_won_over_time(db: Database) -> None:
    with db.reading() as s:
        first = s.execute(
            select(SalesLine.customer_id, func.min(SalesLine.line_date)).group_by(
                SalesLine.customer_id
            )
        ).all()
    first_2026 = [day for _, day in first if day.year == 2026]
    assert len(first_2026) >= 20
    assert len({day.month for day in first_2026}) >= 6


def test_receipts(db: Database) -> None:
    with db.reading() as s:
        receipts = list(s.scalars(select(Receipt)))
    assert len({r.receipt_key for r in receipts}) == len(receipts)
    collected = sum((r.amount for r in receipts), Decimal(0))
    due = sum((r.amount_due or Decimal(0) for r in receipts), Decimal(0))
    assert Decimal("0.9") < collected / due < Decimal("1.02")
    assert any(r.amount < (r.amount_due or 0) for r in receipts), "some are late"
    assert all(r.amount >= 0 and r.receipt_date.year in (2025, 2026) for r in receipts)


def test_targets(db: Database) -> None:
    with db.reading() as s:
        metrics = dict(s.execute(select(Metric.id, Metric.code)).all())
        targets = list(s.scalars(select(Target)))
        members = dict(s.execute(select(Staff.id, Staff.unit_id)).all())
    assert all(t.value >= 0 for t in targets)
    for target in targets:
        assert target.scope_key == scope_key(
            target.metric_id, target.staff_id, target.unit_id, target.period
        )
    yearly: dict[tuple[str, int | None, int | None, int], list[Decimal]] = defaultdict(list)
    for target in targets:
        if len(target.period) == 7:
            key = (
                metrics[target.metric_id],
                target.staff_id,
                target.unit_id,
                int(target.period[:4]),
            )
            yearly[key].append(target.value)
    codes = {key[0] for key in yearly}
    assert {"revenue", "gross_profit", "orders", "new_customers", "collections"} <= codes
    for (code, _staff, unit, _year), values in yearly.items():
        total = sum(values, Decimal(0))
        if code in ("revenue", "collections"):
            assert total % 10000 == 0, (code, total)  # planned in whole ten-thousands of yuan
        if code == "gross_profit":
            assert total % 1000 == 0
        if code in ("orders", "new_customers", "visits"):
            assert all(v == v.to_integral_value() for v in values)
        if unit is not None and code == "revenue":
            # A unit's year splits over the months by the seasonality profile, to the cent.
            assert len(values) == 12
            for value, weight in zip(values, SEASONALITY_PERMILLE, strict=True):
                assert abs(value - total * weight / 12000) <= Decimal("0.01")
    # Top-down unit targets sit at or above the sum of their members' (a reconciliation gap).
    team_sum: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
    for (code, staff, _unit, year), values in yearly.items():
        if code == "revenue" and staff is not None:
            team_sum[(members[staff], year)] += sum(values, Decimal(0))
    gaps = [
        sum(yearly[("revenue", None, unit, year)], Decimal(0)) - bottom_up
        for (unit, year), bottom_up in team_sum.items()
    ]
    assert all(gap >= -5000 for gap in gaps) and any(gap > 0 for gap in gaps)
    levels = {(metrics[t.metric_id], t.period) for t in targets if len(t.period) == 4}
    assert {("collection_rate", "2026"), ("gross_margin_rate", "2025")} <= levels


def test_manual_metric_values(db: Database) -> None:
    with db.reading() as s:
        metrics = dict(s.execute(select(Metric.id, Metric.code)).all())
        values = list(s.scalars(select(MetricValue)))
    by_code: dict[str, list[MetricValue]] = defaultdict(list)
    for value in values:
        by_code[metrics[value.metric_id]].append(value)
        assert value.scope_key == scope_key(
            value.metric_id, value.staff_id, value.unit_id, value.period
        )
        assert len(value.period) == 7
    assert set(by_code) >= {
        "visits",
        "satisfaction",
        "overdue_receivables",
        "order_ontime_rate",
        "contract_accuracy",
        "report_ontime_rate",
        "sales_expense_ratio",
        "staff_turnover",
    }
    assert all(0 <= v.value <= 100 for v in by_code["satisfaction"])
    for code in ("order_ontime_rate", "contract_accuracy", "report_ontime_rate"):
        assert all(Decimal("0.8") <= v.value <= 1 for v in by_code[code])
    assert all(v.unit_id is not None for v in by_code["staff_turnover"])


# --------------------------------------------------------------------------- helpers


def test_split_by_weights_adds_up_and_favours_earlier_months() -> None:
    assert split_by_weights(100, [1, 1, 1]) == [34, 33, 33]
    assert split_by_weights(0, [1, 2]) == [0, 0]
    parts = split_by_weights(123_456_789, list(SEASONALITY_PERMILLE))
    assert sum(parts) == 123_456_789
    assert split_by_weights(10, [0, 1, 0, 1]) == [0, 5, 0, 5]


def test_chinese_numbers_for_team_names() -> None:
    assert [chinese_number(n) for n in (1, 10, 12, 20, 21, 100, 103, 110, 1005)] == [
        "一",
        "十",
        "十二",
        "二十",
        "二十一",
        "一百",
        "一百零三",
        "一百一十",
        "一千零五",
    ]


def test_every_rep_has_a_new_customer_target_in_each_full_quarter(db: Database) -> None:
    with db.reading() as s:
        metric = s.scalar(select(Metric.id).where(Metric.code == "new_customers"))
        reps = s.scalars(select(Staff).where(Staff.role == "rep")).all()
        targets: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
        for staff_id, period, value in s.execute(
            select(Target.staff_id, Target.period, Target.value).where(
                Target.metric_id == metric, Target.staff_id.is_not(None)
            )
        ).all():
            year, month = int(period[:4]), int(period[5:])
            targets[(staff_id, f"{year}-Q{(month - 1) // 3 + 1}")] += value
    checked = 0
    for rep in reps:
        for year in (2025, 2026):
            for quarter in range(1, 5):
                first = date(year, quarter * 3 - 2, 1)
                last = date(year, quarter * 3, 28)
                if rep.hire_date <= first and (rep.leave_date is None or rep.leave_date >= last):
                    assert targets[(rep.id, f"{year}-Q{quarter}")] >= 1, (rep.code, year, quarter)
                    checked += 1
    assert checked > 100
