"""ActualsService (appraisal-rules §3–4): hand-computed worked examples on a small company.

The company, 2026-Q1:

    销售部 (D) ─┬─ 一组 (A): S1 张三 (rep); S2 李四 (rep) until 2026-02-01
                ├─ 二组 (B): S3 王五 (rep); S2 from 2026-02-01
                └─ S4 赵六 (support, directly in D);  S5 钱七 left in 2025 (not listed)

Every expected value below is worked out by hand in the comments next to it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from salesdesk.cli import main
from salesdesk.db.models import (
    Customer,
    Metric,
    MetricValue,
    OrgUnit,
    ProductLine,
    Receipt,
    SalesCredit,
    SalesLine,
    Staff,
    Target,
    UnitMembership,
    scope_key,
)
from salesdesk.domain.errors import NotFoundError, UserError
from salesdesk.domain.text import set_language
from salesdesk.services.actuals import (
    ActualsResult,
    ActualsService,
    Dimension,
    FigureRequest,
    SubjectKind,
)
from salesdesk.services.database import Database, open_database

D = Decimal
A_PATH, B_PATH, D_PATH = "销售部/一组", "销售部/二组", "销售部"


class _Builder:
    def __init__(self, session: Session) -> None:
        self.s = session
        self.metric = {code: id_ for code, id_ in session.execute(select(Metric.code, Metric.id))}
        self.line_no = 0
        self.customers: dict[str, int] = {}

    def unit(self, name: str, parent: OrgUnit | None = None, position: int = 0) -> OrgUnit:
        unit = OrgUnit(name=name, parent_id=parent.id if parent else None, position=position)
        self.s.add(unit)
        self.s.flush()
        return unit

    def staff(
        self,
        code: str,
        name: str,
        role: str,
        *spans: tuple[OrgUnit, date, date | None],
        leave: date | None = None,
    ) -> Staff:
        person = Staff(
            code=code,
            name=name,
            role=role,
            unit_id=spans[-1][0].id,
            hire_date=spans[0][1],
            leave_date=leave,
        )
        self.s.add(person)
        self.s.flush()
        for unit, start, end in spans:
            self.s.add(
                UnitMembership(staff_id=person.id, unit_id=unit.id, valid_from=start, valid_to=end)
            )
        return person

    def customer(self, name: str) -> int:
        if name not in self.customers:
            customer = Customer(name=name)
            self.s.add(customer)
            self.s.flush()
            self.customers[name] = customer.id
        return self.customers[name]

    def line(
        self,
        day: date,
        order: str,
        customer: str,
        amount: str,
        cost: str | None,
        *credits: tuple[Staff, str],
        product_line: int | None = None,
    ) -> None:
        self.line_no += 1
        line = SalesLine(
            line_date=day,
            order_no=order,
            line_no=str(self.line_no),
            line_key=f"{order}|{self.line_no}",
            customer_id=self.customer(customer),
            product_line_id=product_line,
            amount=D(amount),
            cost=None if cost is None else D(cost),
        )
        self.s.add(line)
        self.s.flush()
        for person, share in credits:
            self.s.add(SalesCredit(sales_line_id=line.id, staff_id=person.id, share=D(share)))

    def receipt(self, day: date, person: Staff, amount: str, due: str | None) -> None:
        self.line_no += 1
        self.s.add(
            Receipt(
                receipt_date=day,
                staff_id=person.id,
                customer_id=self.customer("C1"),
                amount=D(amount),
                amount_due=None if due is None else D(due),
                receipt_key=f"R{self.line_no}",
            )
        )

    def _scoped(
        self,
        model: type[Target] | type[MetricValue],
        metric: str,
        subject: Staff | OrgUnit,
        period: str,
        value: str,
        product_line: int | None = None,
    ) -> None:
        staff_id = subject.id if isinstance(subject, Staff) else None
        unit_id = subject.id if isinstance(subject, OrgUnit) else None
        metric_id = self.metric[metric]
        self.s.add(
            model(
                metric_id=metric_id,
                staff_id=staff_id,
                unit_id=unit_id,
                period=period,
                product_line_id=product_line,
                value=D(value),
                scope_key=scope_key(metric_id, staff_id, unit_id, period, product_line),
            )
        )

    def target(self, *args: Any, **kwargs: Any) -> None:
        self._scoped(Target, *args, **kwargs)

    def value(self, *args: Any, **kwargs: Any) -> None:
        self._scoped(MetricValue, *args, **kwargs)


def build_company(database: Database) -> dict[str, int]:
    with database.transaction() as s:
        b = _Builder(s)
        pump = ProductLine(code="PUMP", name="工业泵")
        s.add(pump)
        s.flush()
        dept = b.unit("销售部")
        team_a = b.unit("一组", dept, 0)
        team_b = b.unit("二组", dept, 1)
        long_ago = date(2020, 1, 1)
        moved = date(2026, 2, 1)
        s1 = b.staff("S1", "张三", "rep", (team_a, long_ago, None))
        s2 = b.staff("S2", "李四", "rep", (team_a, long_ago, moved), (team_b, moved, None))
        s3 = b.staff("S3", "王五", "rep", (team_b, long_ago, None))
        b.staff("S4", "赵六", "support", (dept, long_ago, None))
        s5 = b.staff("S5", "钱七", "rep", (team_b, long_ago, None), leave=date(2025, 6, 30))

        # ---- ledger, 2026-Q1
        b.line(date(2026, 1, 10), "O1", "C1", "1000.00", "600.00", (s1, "60"), (s2, "40"))
        b.line(date(2026, 2, 15), "O2", "C2", "500.00", "300.00", (s1, "100"))
        b.line(date(2026, 3, 8), "O2", "C2", "-100.00", "-60.00", (s1, "100"))  # a return
        b.line(
            date(2026, 3, 5), "O3", "C3", "2000.00", "1500.00", (s2, "100"), product_line=pump.id
        )
        b.line(date(2026, 3, 12), "O4", "C4", "300.00", None, (s3, "100"))  # cost unknown
        # ---- history: C2 11 months before Feb 2026 (not new), C3 13 months before March
        # (new), C4 exactly 12 months before March (not new); 2024-12 makes the ledger start
        # before 2025-Q1, so the year-earlier revenue is known.
        b.line(date(2025, 3, 20), "H1", "C2", "150.00", "90.00", (s3, "100"))
        b.line(date(2025, 2, 10), "H2", "C3", "800.00", "500.00", (s3, "100"))
        b.line(date(2025, 3, 31), "H3", "C4", "200.00", "100.00", (s3, "100"))
        b.line(date(2024, 12, 1), "H0", "C5", "50.00", "30.00", (s5, "100"))

        # ---- receipts, 2026-Q1
        b.receipt(date(2026, 1, 20), s1, "500.00", "600.00")
        b.receipt(date(2026, 2, 20), s1, "300.00", None)  # no amount due: Feb revenue instead
        b.receipt(date(2026, 3, 25), s1, "100.00", "100.00")
        b.receipt(date(2026, 3, 28), s3, "250.00", "0.00")  # due 0 is a value, not missing

        # ---- manual values
        b.value("satisfaction", s1, "2026-01", "90")
        b.value("satisfaction", s1, "2026-03", "80")  # February missing
        b.value("satisfaction", s2, "2026-01", "70")
        b.value("satisfaction", team_b, "2026-02", "95")  # the unit's own value
        b.value("satisfaction", dept, "2026-01", "60")
        b.value("overdue_receivables", s1, "2026-01", "5000")
        b.value("overdue_receivables", s1, "2026-02", "3000")
        b.value("overdue_receivables", s3, "2026-03", "0")
        for month, visits in (("01", "10"), ("02", "12"), ("03", "8")):
            b.value("visits", s1, f"2026-{month}", visits)
            b.target("visits", s1, f"2026-{month}", "10")

        # ---- targets
        for month, value in (("01", "500"), ("02", "400"), ("03", "350")):
            b.target("revenue", s1, f"2026-{month}", value)
            b.target("revenue", team_a, f"2026-{month}", "600")
        b.target("revenue", s1, "2026-Q1", "9999")  # sum metrics are held by month: ignored
        b.target("revenue", s1, "2026-01", "700", product_line=pump.id)  # a filtered target
        b.target("revenue", s2, "2026-02", "1000")
        b.target("collection_rate", s1, "2026", "0.95")
        b.target("collection_rate", s2, "2026", "0.95")
        b.target("collection_rate", s2, "2026-Q1", "0.90")  # the quarter's level wins
        b.target("overdue_receivables", s1, "2026", "4000")
        b.target("overdue_receivables", s3, "2026", "1000")
        b.target("gross_margin_rate", team_a, "2026", "0.35")
        return {"pump": pump.id}


@pytest.fixture(scope="module")
def company(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, dict[str, int]]]:
    database = open_database(tmp_path_factory.mktemp("actuals") / "company.db")
    ids = build_company(database)
    yield database, ids
    database.close()


@pytest.fixture(scope="module")
def quarter(company: tuple[Database, dict[str, int]]) -> dict[tuple[str, str], dict[str, Any]]:
    result = ActualsService(company[0]).actuals("2026-Q1")
    document = json.loads(result.to_json())
    assert document["period"] == "2026-Q1"
    return {(row["subject"], row["metric"]): row for row in document["rows"]}


def cell(rows: dict[tuple[str, str], dict[str, Any]], subject: str, metric: str) -> tuple[Any, ...]:
    row = rows[(subject, metric)]
    return row["actual"], row["target"], row["achievement"]


def test_json_shape_and_who_is_listed(quarter: dict[tuple[str, str], dict[str, Any]]) -> None:
    subjects = {subject for subject, _metric in quarter}
    # S5 left in 2025: not active in the quarter, not listed. Units with their full path.
    assert subjects == {"S1", "S2", "S3", "S4", D_PATH, A_PATH, B_PATH}
    row = quarter[("S1", "revenue")]
    assert list(row) == ["subject", "subject_kind", "metric", "actual", "target", "achievement"]
    assert quarter[(A_PATH, "revenue")]["subject_kind"] == "unit"


def test_person_ledger_metrics_with_split_credit_and_a_return(
    quarter: dict[tuple[str, str], dict[str, Any]],
) -> None:
    # S1: O1 60 % of 1000 = 600 (cost 360) + O2 500 (cost 300) + return −100 (cost −60)
    #     revenue 1000.00; target 500 + 400 + 350 = 1250 (the Q1 row 9999 and the product-line
    #     row are not part of it) → 1000 / 1250 = 0.8000
    assert cell(quarter, "S1", "revenue") == ("1000.00", "1250.00", "0.8000")
    # gross profit 1000 − (360 + 300 − 60) = 400.00; margin 400 / 1000 = 0.4000
    assert cell(quarter, "S1", "gross_profit")[0] == "400.00"
    assert cell(quarter, "S1", "gross_margin_rate")[0] == "0.4000"
    # orders: Jan O1 (600 > 0), Feb O2 (500 > 0); March O2 is −100: a return is not an order
    assert cell(quarter, "S1", "orders")[0] == "2"
    # new: C1 in Jan (no earlier line); C2 in Feb had a line 2025-03, 11 months before: not new
    assert cell(quarter, "S1", "new_customers")[0] == "1"
    # S2: O1 40 % = 400 (cost 240) + O3 2000 (cost 1500) = 2400.00; target only Feb 1000
    #     → 2400 / 1000 = 2.4000; GP 160 + 500 = 660; margin 660 / 2400 = 0.2750
    assert cell(quarter, "S2", "revenue") == ("2400.00", "1000.00", "2.4000")
    assert cell(quarter, "S2", "gross_margin_rate")[0] == "0.2750"
    assert cell(quarter, "S2", "orders")[0] == "2"
    # new: C1 (split credit: counts for S2 too) + C3 (last line 2025-02, 13 months back) = 2
    assert cell(quarter, "S2", "new_customers")[0] == "2"
    # S3: O4 300 without a cost: revenue 300.00, no gross profit (0.00), margin 0 / 300
    assert cell(quarter, "S3", "revenue")[0] == "300.00"
    assert cell(quarter, "S3", "gross_profit")[0] == "0.00"
    assert cell(quarter, "S3", "gross_margin_rate")[0] == "0.0000"
    # C4's last line 2025-03-31 is exactly 12 months before March: not new
    assert cell(quarter, "S3", "new_customers")[0] == "0"


def test_a_person_without_lines_has_zeros_and_no_ratios(
    quarter: dict[tuple[str, str], dict[str, Any]],
) -> None:
    # The ledger speaks for everyone: S4 has no lines → 0; ratios over 0 → no value (null).
    assert cell(quarter, "S4", "revenue") == ("0.00", None, None)
    assert cell(quarter, "S4", "orders")[0] == "0"
    assert cell(quarter, "S4", "gross_margin_rate")[0] is None
    assert cell(quarter, "S4", "collection_rate")[0] is None
    assert cell(quarter, "S4", "revenue_growth")[0] is None
    # A manual metric nobody entered has no value.
    assert cell(quarter, "S4", "satisfaction")[0] is None
    assert cell(quarter, "S4", "visits")[0] is None


def test_collections_amount_due_and_collection_rate(
    quarter: dict[tuple[str, str], dict[str, Any]],
) -> None:
    # S1: collected 500 + 300 + 100 = 900; due Jan 600 (receipt), Feb none given → Feb
    #     revenue 500, Mar 100 → 1200; rate 900 / 1200 = 0.7500; level 0.95 set for the
    #     year → 0.75 / 0.95 = 0.78947… → 0.7895
    assert cell(quarter, "S1", "collections")[0] == "900.00"
    assert cell(quarter, "S1", "amount_due")[0] == "1200.00"
    assert cell(quarter, "S1", "collection_rate") == ("0.7500", "0.9500", "0.7895")
    # S2: no receipts → due = revenue 400 + 2000 = 2400, collected 0 → 0.0000; the level of
    #     the quarter (0.90) wins over the year's (0.95)
    assert cell(quarter, "S2", "amount_due")[0] == "2400.00"
    assert cell(quarter, "S2", "collection_rate") == ("0.0000", "0.9000", "0.0000")
    # S3: 250 collected of a due of 0 → zero denominator → null
    assert cell(quarter, "S3", "collection_rate")[0] is None


def test_revenue_growth(quarter: dict[tuple[str, str], dict[str, Any]]) -> None:
    # S3: 2025-Q1 = 150 + 800 + 200 = 1150; 2026-Q1 = 300 → (300 − 1150) / 1150 = −0.73913…
    assert cell(quarter, "S3", "revenue_growth")[0] == "-0.7391"
    # S1 had no revenue in 2025-Q1 → zero denominator → null
    assert cell(quarter, "S1", "revenue_growth")[0] is None
    # Teams: B 2025-Q1 = 1150 (S3), 2026-Q1 = 2300 → 1.0000; D 3700 vs 1150 → 2.21739…
    assert cell(quarter, B_PATH, "revenue_growth")[0] == "1.0000"
    assert cell(quarter, D_PATH, "revenue_growth")[0] == "2.2174"
    assert cell(quarter, A_PATH, "revenue_growth")[0] is None


def test_teams_follow_dated_memberships(quarter: dict[tuple[str, str], dict[str, Any]]) -> None:
    # A: S1 all quarter (1000) + S2 in January only (400) = 1400; unit's own targets
    #    600 × 3 = 1800 → 1400 / 1800 = 0.77777… → 0.7778
    assert cell(quarter, A_PATH, "revenue") == ("1400.00", "1800.00", "0.7778")
    # A orders: Jan O1 once for the team (split between two members), Feb O2; Mar O2 −100
    assert cell(quarter, A_PATH, "orders")[0] == "2"
    assert cell(quarter, A_PATH, "new_customers")[0] == "1"  # C1 once
    # A margin: (400 + 160) / 1400 = 0.4; level 0.35 for the year → 0.4 / 0.35 = 1.142857…
    assert cell(quarter, A_PATH, "gross_margin_rate") == ("0.4000", "0.3500", "1.1429")
    # B: S2 from February (2000) + S3 (300) = 2300; orders O3, O4; new C3;
    #    margin (500 + 0) / 2300 = 0.217391… → 0.2174
    assert cell(quarter, B_PATH, "revenue") == ("2300.00", None, None)
    assert cell(quarter, B_PATH, "orders")[0] == "2"
    assert cell(quarter, B_PATH, "new_customers")[0] == "1"
    assert cell(quarter, B_PATH, "gross_margin_rate")[0] == "0.2174"
    # D (with its sub-units): 1000 + 2400 + 300 = 3700; orders Jan 1, Feb 1, Mar 2 = 4;
    #    new C1, C3 = 2; margin (400 + 660 + 0) / 3700 = 0.286486… → 0.2865
    assert cell(quarter, D_PATH, "revenue")[0] == "3700.00"
    assert cell(quarter, D_PATH, "orders")[0] == "4"
    assert cell(quarter, D_PATH, "new_customers")[0] == "2"
    assert cell(quarter, D_PATH, "gross_margin_rate")[0] == "0.2865"
    # Collection rate: A = (900 + 0) / (1200 + S2's Jan due 400) = 0.5625;
    #    B = (0 + 250) / (S2 Feb 0 + Mar 2000 + S3 0) = 0.1250; D = 1150 / 3600 = 0.31944…
    assert cell(quarter, A_PATH, "collection_rate")[0] == "0.5625"
    assert cell(quarter, B_PATH, "collection_rate")[0] == "0.1250"
    assert cell(quarter, D_PATH, "collection_rate")[0] == "0.3194"


def test_manual_metrics_mean_last_sum_and_unit_values(
    quarter: dict[tuple[str, str], dict[str, Any]],
) -> None:
    # mean of the months with data: S1 (90 + 80) / 2 = 85.00 (February missing); S2 70.00
    assert cell(quarter, "S1", "satisfaction")[0] == "85.00"
    assert cell(quarter, "S2", "satisfaction")[0] == "70.00"
    assert cell(quarter, "S3", "satisfaction")[0] is None
    # A, no value of its own: Jan mean(S1 90, S2 70) = 80, Feb none, Mar S1 80 → 80.00
    assert cell(quarter, A_PATH, "satisfaction")[0] == "80.00"
    # B: its own Feb value 95 counts; no member has one in Jan or Mar → 95.00
    assert cell(quarter, B_PATH, "satisfaction")[0] == "95.00"
    # D: its own Jan 60 (not the members' 80), Feb nothing (B's own value is B's), Mar S1 80
    #    → (60 + 80) / 2 = 70.00
    assert cell(quarter, D_PATH, "satisfaction")[0] == "70.00"
    # last: S1 Jan 5000, Feb 3000, Mar nothing → 3000.00; ↓ metric: level 4000 / 3000
    assert cell(quarter, "S1", "overdue_receivables") == ("3000.00", "4000.00", "1.3333")
    # S3 nothing overdue (0): ↓ achievement with A = 0 is the scoring rule's cap; the listing
    # has no rule → null
    assert cell(quarter, "S3", "overdue_receivables") == ("0.00", "1000.00", None)
    # sum of a manual count: 10 + 12 + 8 = 30; target 10 × 3 = 30 → 1.0000
    assert cell(quarter, "S1", "visits") == ("30", "30", "1.0000")
    assert cell(quarter, A_PATH, "visits")[0] == "30"


def test_month_and_year_listings(company: tuple[Database, dict[str, int]]) -> None:
    service = ActualsService(company[0])
    march = {(r.subject, r.metric): r for r in service.actuals("2026-03").rows}
    # S1 March: the return only → −100.00; target 350 → −0.2857
    assert march[("S1", "revenue")].as_json()["actual"] == "-100.00"
    assert march[("S1", "revenue")].as_json()["achievement"] == "-0.2857"
    # a month takes the year's level
    assert march[("S1", "collection_rate")].target == D("0.95")
    year = service.actuals("2026", metric="revenue", subject="S1").rows
    assert [r.as_json()["actual"] for r in year] == ["1000.00"]


def test_monthly_grid_uses_the_same_aggregation(company: tuple[Database, dict[str, int]]) -> None:
    service = ActualsService(company[0])
    grid = service.monthly("revenue", ["S1", A_PATH], 2026)
    s1, team = grid.rows
    assert s1.months[:3] == (D("600"), D("500"), D("-100"))
    assert s1.months[3:] == (D(0),) * 9
    assert s1.quarters[0] == s1.year == D("1000")
    # A in February: S2 had moved to B
    assert team.months[:3] == (D("1000"), D("500"), D("-100"))
    assert team.subject_kind is SubjectKind.UNIT and team.subject_name == "一组"
    mean = service.monthly("satisfaction", ["S1"], 2026).rows[0]
    assert mean.months[:3] == (D(90), None, D(80))
    assert mean.quarters == (D(85), None, None, None)
    assert mean.year == D(85)


def test_lines_behind_a_cell(company: tuple[Database, dict[str, int]]) -> None:
    service = ActualsService(company[0])
    own = service.lines_behind("S1", "revenue", "2026-Q1")
    assert [(d.order_no, d.share, d.credited_amount) for d in own] == [
        ("O1", D("60"), D("600.00")),
        ("O2", D("100"), D("500.00")),
        ("O2", D("100"), D("-100.00")),
    ]
    team = service.lines_behind(A_PATH, "revenue", "2026-Q1")
    # S2's March O3 is B's, not A's: only their January share counts for A
    assert sorted((d.staff_code, d.order_no) for d in team) == [
        ("S1", "O1"),
        ("S1", "O2"),
        ("S1", "O2"),
        ("S2", "O1"),
    ]
    assert sum(d.credited_amount for d in team) == D("1400")
    receipts = service.lines_behind("S1", "collection_rate", "2026-Q1")
    assert [(d.kind, d.amount, d.amount_due) for d in receipts] == [
        ("receipt", D("500.00"), D("600.00")),
        ("receipt", D("300.00"), None),
        ("receipt", D("100.00"), D("100.00")),
    ]
    assert service.lines_behind("S1", "satisfaction", "2026-Q1") == []


def test_a_product_line_narrows_lines_and_targets(
    company: tuple[Database, dict[str, int]],
) -> None:
    service = ActualsService(company[0])
    result = service.actuals("2026-Q1", dimension=Dimension(product_line_id=company[1]["pump"]))
    rows = {(r.subject, r.metric): r.as_json() for r in result.rows}
    # only O3 (工业泵) counts: S2 2000.00, S1 0.00 against S1's pump target of 700
    assert rows[("S2", "revenue")]["actual"] == "2000.00"
    assert (rows[("S1", "revenue")]["actual"], rows[("S1", "revenue")]["target"]) == (
        "0.00",
        "700.00",
    )
    # C3 is still new (its last line, outside the filter too, was 13 months back)
    assert rows[("S2", "new_customers")]["actual"] == "1"
    assert rows[("S2", "collection_rate")]["actual"] is None


def test_filters_and_unknown_arguments(company: tuple[Database, dict[str, int]]) -> None:
    service = ActualsService(company[0])
    only = service.actuals("2026-Q1", metric="revenue", subject=A_PATH)
    assert [(r.subject, r.metric) for r in only.rows] == [(A_PATH, "revenue")]
    with pytest.raises(NotFoundError) as unknown:
        service.actuals("2026-Q1", metric="profit")
    assert "revenue" in str(unknown.value)
    with pytest.raises(NotFoundError, match="S9"):
        service.actuals("2026-Q1", subject="S9")
    with pytest.raises(UserError, match="2026-Q1"):
        service.actuals("2026-Q5")


def test_cli_text_json_and_bad_input(
    company: tuple[Database, dict[str, int]],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")
    path = str(company[0].path)
    assert main(["actuals", "2026-Q1", "--db", path, "--subject", "S1", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert len(document["rows"]) == 18
    assert main(["--db", path, "actuals", "2026-Q1", "--metric", "revenue"]) == 0
    text = capsys.readouterr().out.splitlines()
    assert text[1].split() == ["subject", "name", "metric", "actual", "target", "achievement"]
    assert any(line.split()[:2] == ["S1", "张三"] and "80.0%" in line for line in text)
    monkeypatch.setenv("LC_ALL", "zh_CN.UTF-8")
    try:
        assert main(["actuals", "2026-Q1", "--db", path, "--metric", "revenue"]) == 0
        out = capsys.readouterr().out
        assert "达成率" in out and "销售额" in out
        assert main(["actuals", "2026-Q1", "--db", path, "--metric", "nope"]) == 2
        assert "未知指标" in capsys.readouterr().err
    finally:
        monkeypatch.setenv("LC_ALL", "en_US.UTF-8")
        set_language("en")
    assert main(["actuals", "2026年第5季度", "--db", path]) == 2
    assert "2026-Q1" in capsys.readouterr().err
    assert main(["actuals", "2026-Q1", "--db", path, "--subject", "销售部/三组"]) == 2
    assert "销售部/三组" in capsys.readouterr().err


def test_result_round_trip(company: tuple[Database, dict[str, int]], tmp_path: Path) -> None:
    result: ActualsResult = ActualsService(company[0]).actuals("2026-Q1", subject="S1")
    assert json.loads(result.to_json()) == result.as_dict()
    assert result.metric_info("revenue") is not None
    row = next(r for r in result.rows if r.metric == "collection_rate")
    assert (row.actual_text, row.target_text, row.achievement_text) == ("75.00%", "95.00%", "78.9%")


@pytest.mark.parametrize("period", ["2026-Q1", "2026-03", "2026"])
def test_one_subject_reads_less_but_gives_the_same_rows(
    company: tuple[Database, dict[str, int]], period: str
) -> None:
    # A subject's listing reads only the lines of its people and their customers; every
    # figure must equal the full listing's (new customers included: the history of a
    # customer comes from anyone's lines).
    service = ActualsService(company[0])
    full = service.actuals(period).rows
    for subject in ("S1", "S2", "S3", "S4", A_PATH, B_PATH, D_PATH):
        assert service.actuals(period, subject=subject).rows == tuple(
            row for row in full if row.subject == subject
        )
    grid = service.monthly("new_customers", ["S2", B_PATH], 2026)
    everyone = {row.subject: row for row in service.monthly("new_customers", [], 2026).rows}
    assert grid.rows == (everyone["S2"], everyone[B_PATH])


def test_figures_without_an_orders_metric_agree_with_figures_read_with_orders(
    company: tuple[Database, dict[str, int]],
) -> None:
    """Scoring a scheme that counts no orders reads no order numbers; every other figure
    is the same as when they are read, and the orders figure asked for is the listing's."""
    service = ActualsService(company[0])
    people, units = ["S1", "S2", "S3", "S4"], [A_PATH, B_PATH, D_PATH]
    plain = [
        FigureRequest(metric, team, Dimension())
        for metric in ("revenue", "gross_margin_rate", "new_customers", "collection_rate")
        for team in (False, True)
    ]
    orders = [FigureRequest("orders", team, Dimension()) for team in (False, True)]
    for period in ("2026-Q1", "2026-03"):
        alone = service.figures(period, plain, people, units)
        together = service.figures(period, [*plain, *orders], people, units)
        assert alone == {key: figure for key, figure in together.items() if key[0] in plain}
        listing = {row.subject: row.actual for row in service.actuals(period, metric="orders").rows}
        counted = {key: f.actual for (r, key), f in together.items() if r.metric == "orders"}
        assert counted == {key: listing[key] for key in counted}
        assert len(counted) == len(people) + len(units) and any(counted.values())
