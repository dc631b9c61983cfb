"""Actuals (appraisal-rules §3): aggregation, ledger metrics with split credit, new customers,
receipts, team scope, achievement and output formats — examples and property tests."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesdesk.domain.aggregation import (
    Membership,
    ReceiptRec,
    SalesLineRec,
    TeamScope,
    achievement,
    aggregate,
    aggregate_cells,
    aggregate_period,
    credit_shares,
    growth_rate,
    ledger_actuals,
    metric_value,
    money_text,
    period_totals,
    ratio_cells,
    ratio_of_sums,
    ratio_text,
    receipt_actuals,
    team_manual_values,
    unit_ancestors,
    unit_in_month,
    value_text,
)
from salesdesk.domain.errors import ValidationError
from salesdesk.domain.metrics import BUILTIN_BY_CODE, Aggregation, Direction, MetricUnit
from salesdesk.domain.periods import Period

D = Decimal
Q1 = Period.quarter(2026, 1)
MAR = Period.month(2026, 3)
APR = Period.month(2026, 4)


def m(month: int, year: int = 2026) -> Period:
    return Period.month(year, month)


def line(
    day: date,
    order: str,
    customer: str,
    amount: str,
    cost: str | None = "0",
    credits: tuple[tuple[str, str], ...] = (("S1", "100"),),
) -> SalesLineRec:
    return SalesLineRec(
        day,
        order,
        customer,
        D(amount),
        None if cost is None else D(cost),
        tuple((staff, D(share)) for staff, share in credits),
    )


# --------------------------------------------------------------------------- aggregation


def test_sum_manual_vs_ledger() -> None:
    assert aggregate([D(1), None, D(2)], Aggregation.SUM) == D(3)
    assert aggregate([None, None], Aggregation.SUM) is None  # nobody entered it
    assert aggregate([None, None], Aggregation.SUM, ledger_based=True) == 0  # ledger: 0


def test_last_and_mean_skip_months_without_data() -> None:
    assert aggregate([D(5), D(3), None], Aggregation.LAST) == D(3)
    # mean of the months with data only: (2 + 4) / 2 = 3, not (2 + 4) / 4.
    assert aggregate([None, D(2), D(4), None], Aggregation.MEAN) == D(3)
    assert aggregate([None], Aggregation.MEAN) is None
    with pytest.raises(ValueError):
        aggregate([D(1)], Aggregation.RATIO)


def test_ratio_of_sums_is_not_mean_of_ratios() -> None:
    # Jan: 50 of 100 collected (0.5); Feb: 900 of 1000 (0.9). Mean of ratios = 0.7, but
    # the quarter's ratio is (50 + 900) / (100 + 1000) = 950 / 1100 = 0.863636…
    collections = {m(1): D(50), m(2): D(900)}
    due = {m(1): D(100), m(2): D(1000)}
    quarter = BUILTIN_BY_CODE["collection_rate"]
    value = metric_value(quarter, Q1, {"collections": collections, "amount_due": due})
    assert ratio_text(value) == "0.8636"
    assert value != (D("0.5") + D("0.9")) / 2


def test_zero_denominator_has_no_value() -> None:
    assert ratio_of_sums([D(5)], [D(0)]) is None
    assert ratio_of_sums([None], [None]) is None
    assert ratio_of_sums([D(0)], [D(4)]) == 0


def test_aggregate_cells_for_a_population() -> None:
    cells = {
        ("S1", m(1)): D(10),
        ("S1", m(3)): D(30),
        ("S2", m(2)): D(7),
        ("S2", m(4)): D(99),  # outside Q1
        ("S3", m(1)): None,
    }
    assert aggregate_cells(cells, Q1, Aggregation.SUM, subjects=["S4"]) == {
        "S1": D(40),
        "S2": D(7),
        "S4": None,
    }
    assert aggregate_cells(cells, Q1, Aggregation.LAST) == {"S1": D(30), "S2": D(7)}
    assert aggregate_cells(cells, Q1, Aggregation.MEAN)["S1"] == D(20)
    assert period_totals({k: v for k, v in cells.items() if v}, Q1, ["S9"])["S9"] == 0


optional_values = st.lists(
    st.none() | st.decimals(min_value=-(10**6), max_value=10**6, places=2), min_size=1, max_size=12
)


@given(optional_values)
def test_last_and_mean_property(values: list[Decimal | None]) -> None:
    present = [v for v in values if v is not None]
    last = aggregate(values, Aggregation.LAST)
    mean = aggregate(values, Aggregation.MEAN)
    if not present:
        assert last is None and mean is None
        return
    assert last == present[-1]
    assert mean == sum(present) / len(present)
    monthly = {m(i + 1): v for i, v in enumerate(values)}
    period = Period.of_year(2026)
    assert aggregate_period(monthly, period, Aggregation.LAST) == last


# --------------------------------------------------------------------------- ledger


def test_revenue_gross_profit_and_orders_with_split_credit() -> None:
    lines = [
        line(date(2026, 3, 5), "O1", "C1", "1000.00", "600.00"),
        # 100.01 split 33.33 / 33.33 / 33.34 %: 33.333333 + 33.333333 + 33.343334 = 100.01;
        # cost 40 → 13.332 / 13.332 / 13.336.
        line(
            date(2026, 3, 10),
            "O2",
            "C2",
            "100.01",
            "40.00",
            (("S1", "33.33"), ("S2", "33.33"), ("S3", "33.34")),
        ),
    ]
    actuals = ledger_actuals(lines)
    assert actuals.revenue[("S1", MAR)] == D("1033.333333")  # 1000 + 33.333333
    assert actuals.revenue[("S3", MAR)] == D("33.343334")
    # Gross profit 400 + (33.333333 − 13.332) = 420.001333, kept exact, rounded at output.
    assert actuals.gross_profit[("S1", MAR)] == D("420.001333")
    assert money_text(actuals.total("gross_profit", "S1", Q1)) == "420.00"
    assert money_text(actuals.total("revenue", "S1", Q1)) == "1033.33"
    assert actuals.total("orders", "S1", Q1) == 2
    assert actuals.total("orders", "S2", Q1) == 1  # a shared order counts for each person
    assert actuals.total("revenue", "S9", Q1) == 0  # the ledger speaks for everyone
    assert sum(actuals.revenue[(s, MAR)] for s in ("S1", "S2", "S3")) == D("1100.01")


def test_returns_are_not_orders() -> None:
    lines = [
        line(date(2026, 3, 5), "O1", "C1", "500"),
        line(date(2026, 4, 2), "O1", "C1", "-200", "-120"),  # return of a March order
        line(date(2026, 4, 3), "O4", "C1", "50"),
        line(date(2026, 4, 9), "O4", "C1", "-50"),  # sold and fully returned: net 0
        line(date(2026, 4, 4), "O5", "C1", "300"),
        line(date(2026, 4, 5), "O5", "C1", "-100"),  # net 200 > 0: an order
    ]
    actuals = ledger_actuals(lines)
    assert actuals.orders[("S1", MAR)] == 1
    assert actuals.orders[("S1", APR)] == 1  # only O5
    # April revenue net of returns: −200 + 50 − 50 + 300 − 100 = 0.
    assert actuals.revenue[("S1", APR)] == 0
    # Gross profit: the return −200 − (−120) = −80, the other lines cost 0: −80 + 200 = 120.
    assert actuals.gross_profit[("S1", APR)] == D(120)


def test_missing_cost_gives_no_gross_profit_and_is_counted() -> None:
    lines = [
        line(date(2026, 3, 1), "O1", "C1", "100", "60"),
        line(date(2026, 3, 2), "O2", "C1", "100", None),
    ]
    actuals = ledger_actuals(lines)
    # Revenue 200, gross profit only from the costed line: 40 → margin 40/200 = 0.2.
    assert actuals.gross_profit[("S1", MAR)] == D(40)
    assert actuals.missing_cost_lines[("S1", MAR)] == 1
    assert actuals.gross_margin_rate("S1", MAR) == D("0.2")


def test_gross_margin_rate_is_ratio_of_sums() -> None:
    lines = [
        line(date(2026, 1, 5), "O1", "C1", "1000", "500"),  # 50 %
        line(date(2026, 2, 5), "O2", "C1", "100", "10"),  # 90 %
    ]
    actuals = ledger_actuals(lines)
    # (500 + 90) / (1000 + 100) = 590 / 1100 = 0.53636… (the mean of ratios would be 0.70)
    assert ratio_text(actuals.gross_margin_rate("S1", Q1)) == "0.5364"
    assert actuals.gross_margin_rate("S2", Q1) is None  # no revenue: no value
    rates = ratio_cells(actuals.gross_profit, actuals.revenue, Q1, ["S2"])
    assert ratio_text(rates["S1"]) == "0.5364" and rates["S2"] is None


def test_new_customers_twelve_month_rule_and_split_credit() -> None:
    lines = [
        line(date(2025, 3, 31), "H1", "C9", "10", credits=(("S2", "100"),)),  # 12 months back
        line(date(2025, 2, 28), "H2", "C8", "10", credits=(("S2", "100"),)),  # 13 months back
        line(date(2026, 3, 1), "O1", "C9", "10"),
        line(date(2026, 3, 1), "O2", "C8", "10"),
        line(date(2026, 3, 2), "O3", "C7", "10"),
        line(date(2026, 3, 9), "O4", "C7", "10"),  # same customer twice: counted once
        line(date(2026, 4, 9), "O5", "C7", "10"),  # had a line in March: not new in April
        line(date(2026, 3, 9), "O6", "C6", "10", credits=(("S1", "50"), ("S3", "50"))),
    ]
    actuals = ledger_actuals(lines, months=[MAR, APR])
    # S1 in March: C8 (last line 13 months before), C7, C6 → 3; C9 had a line 2025-03.
    assert actuals.new_customers[("S1", MAR)] == 3
    assert actuals.new_customers[("S3", MAR)] == 1  # counts for each credited person
    assert ("S1", APR) not in actuals.new_customers
    assert ("S2", m(3, 2025)) not in actuals.revenue  # history lines are not output


@given(st.integers(min_value=1, max_value=30), st.integers(min_value=1, max_value=28))
def test_new_customer_boundary_property(months_back: int, day: int) -> None:
    first = MAR.previous_months(months_back)[0]
    lines = [
        line(date(first.year, first.index, day), "H", "C", "5", credits=(("S2", "100"),)),
        line(date(2026, 3, day), "N", "C", "5"),
    ]
    new = ledger_actuals(lines, months=[MAR]).total("new_customers", "S1", MAR)
    assert new == (1 if months_back > 12 else 0)


@given(
    st.dictionaries(
        st.sampled_from(["C1", "C2", "C3", "C4", "C5"]),
        st.sets(st.integers(min_value=0, max_value=29), min_size=1, max_size=4),
        min_size=1,
    )
)
def test_new_customers_match_the_rule_month_by_month(bought_in: dict[str, set[int]]) -> None:
    """Whoever bought in a month and in none of the 12 before it is new that month (for
    the person credited), however the lines fall over 30 months — a customer back after
    a long gap is new again."""
    visits = [(customer, i) for customer, months in bought_in.items() for i in sorted(months)]
    start = date(2024, 1, 1)

    def month_of(index: int) -> Period:
        return Period.month(start.year + index // 12, index % 12 + 1)

    lines = [
        line(date(month_of(i).year, month_of(i).index, 1 + n % 28), f"O{n}", customer, "10")
        for n, (customer, i) in enumerate(visits)
    ]
    wanted = [month_of(i) for i in range(12, 30)]
    actuals = ledger_actuals(lines, months=wanted)
    for index in range(12, 30):
        bought = {c for c, i in visits if i == index}
        before = {c for c, i in visits if index - 12 <= i < index}
        expected = len(bought - before)
        assert actuals.total("new_customers", "S1", month_of(index)) == expected


shares_in_hundredths = st.lists(
    st.integers(min_value=1, max_value=9999), max_size=5, unique=True
).map(lambda cuts: [b - a for a, b in zip([0, *sorted(cuts)], [*sorted(cuts), 10000], strict=True)])


@given(
    st.decimals(min_value=-(10**7), max_value=10**7, places=2),
    st.decimals(min_value=0, max_value=10**7, places=2),
    shares_in_hundredths,
)
def test_split_credit_shares_sum_to_the_line(
    amount: Decimal, cost: Decimal, hundredths: list[int]
) -> None:
    credits = tuple((f"S{i}", D(h).scaleb(-2)) for i, h in enumerate(hundredths))
    rec = SalesLineRec(date(2026, 3, 1), "O", "C", amount, cost, credits)
    shares = credit_shares(rec)
    assert sum(a for _s, a, _c in shares) == amount
    assert sum(c for _s, _a, c in shares if c is not None) == cost
    actuals = ledger_actuals([rec])
    assert sum(actuals.gross_profit.values()) == amount - cost
    expected_orders = len(credits) if amount > 0 else 0
    assert sum(actuals.orders.values()) == expected_orders


@pytest.mark.parametrize(
    "credits",
    [(), (("S1", D(60)), ("S2", D(30))), (("S1", D(100)), ("S1", D(0))), (("S1", D(-1)),)],
)
def test_bad_credits_refused(credits: tuple[tuple[str, Decimal], ...]) -> None:
    with pytest.raises(ValidationError):
        SalesLineRec(date(2026, 3, 1), "O", "C", D(1), D(0), credits)


# --------------------------------------------------------------------------- receipts, growth


def test_collections_and_amount_due_with_revenue_fallback() -> None:
    lines = [
        line(date(2026, 2, 3), "O1", "C1", "400"),
        line(date(2026, 3, 3), "O2", "C1", "999"),  # S1 has amounts due in March: not used
        line(date(2026, 3, 3), "O3", "C1", "100", credits=(("S2", "100"),)),
    ]
    ledger = ledger_actuals(lines)
    receipts = [
        ReceiptRec(date(2026, 3, 5), "S1", D(500), D(800)),
        ReceiptRec(date(2026, 3, 6), "S1", D(200), None),
        ReceiptRec(date(2026, 2, 6), "S1", D(300), None),  # no amount due in Feb: revenue 400
    ]
    actuals = receipt_actuals(receipts, ledger.revenue)
    assert actuals.collections[("S1", MAR)] == D(700)
    assert actuals.amount_due[("S1", MAR)] == D(800)
    assert actuals.amount_due[("S1", m(2))] == D(400)
    assert actuals.amount_due[("S2", MAR)] == D(100)  # no receipts at all: revenue
    # Q1: (300 + 700) / (400 + 800) = 1000 / 1200 = 0.8333…
    assert ratio_text(actuals.collection_rate("S1", Q1)) == "0.8333"
    assert actuals.collection_rate("S2", Q1) == 0  # nothing collected of 100 due
    assert actuals.collection_rate("S3", Q1) is None  # nothing due: no value
    assert actuals.total("collections", "S3", Q1) == 0


def test_revenue_growth() -> None:
    lines = [
        line(date(2025, 2, 1), "A", "C1", "1000"),
        line(date(2026, 1, 1), "B", "C1", "1200"),
        line(date(2026, 1, 1), "C", "C1", "50", credits=(("S2", "100"),)),
    ]
    actuals = ledger_actuals(lines)
    # (1200 − 1000) / 1000 = 0.2
    assert actuals.revenue_growth("S1", Q1) == D("0.2")
    assert actuals.revenue_growth("S2", Q1) is None  # a year earlier: 0
    assert actuals.revenue_growth("S1", Q1, ledger_starts=m(1)) is None  # before the ledger
    assert growth_rate(D(5), D(-5)) is None
    growth = BUILTIN_BY_CODE["revenue_growth"]
    monthly = {"revenue": {m(1): D(110), m(1, 2025): D(100)}}
    assert metric_value(growth, Q1, monthly, ledger_based=True) == D("0.1")


# --------------------------------------------------------------------------- team scope

TREE: dict[str, str | None] = {"dept": None, "east": "dept", "east1": "east", "south": "dept"}


def test_unit_ancestors() -> None:
    assert unit_ancestors(TREE)["east1"] == ("east1", "east", "dept")
    with pytest.raises(ValidationError):
        unit_ancestors({"a": "b", "b": "a"})


@pytest.mark.parametrize(
    ("moved_on", "month", "unit"),
    [
        (date(2026, 5, 20), m(5), "east"),  # 19 days east, 12 south
        (date(2026, 5, 16), m(5), "south"),  # 15 days east, 16 south
        (date(2026, 6, 16), m(6), "south"),  # 15 and 15: the later membership
        (date(2026, 6, 1), m(5), "east"),
        (date(2026, 6, 1), m(6), "south"),
    ],
)
def test_unit_in_month(moved_on: date, month: Period, unit: str) -> None:
    memberships = [
        Membership("S1", "east", date(2020, 1, 1), moved_on),
        Membership("S1", "south", moved_on, None),
    ]
    assert unit_in_month(memberships, month) == unit
    assert unit_in_month(memberships, m(1, 2019)) is None


def test_team_follows_dated_memberships() -> None:
    scope = TeamScope(
        [
            ("S1", "east1", date(2020, 1, 1), date(2026, 7, 1)),
            ("S1", "south", date(2026, 7, 1), None),
            ("S2", "east", date(2020, 1, 1), None),
        ],
        TREE,
    )
    lines = [
        line(date(2026, 3, 3), "O1", "C1", "100"),
        line(date(2026, 9, 3), "O2", "C2", "200"),
        line(date(2026, 3, 4), "O3", "C3", "50", credits=(("S2", "100"),)),
        # shared by two members of east: one order and one new customer for the team
        line(date(2026, 3, 5), "O9", "C9", "10", credits=(("S1", "50"), ("S2", "50"))),
    ]
    team = scope.ledger_actuals(lines)
    year = Period.of_year(2026)
    assert team.revenue[("east", MAR)] == D(160)  # 100 + 50 + 10
    assert team.revenue[("east1", MAR)] == D(105)  # S1: 100 + 5
    assert team.total("revenue", "east", year) == D(160)  # S1's September is in south
    assert team.total("revenue", "south", year) == D(200)
    assert team.total("revenue", "dept", year) == D(360)
    assert team.orders[("east", MAR)] == 3  # O1, O3, O9 once
    assert team.new_customers[("east", MAR)] == 3  # C1, C3, C9
    members = scope.members([MAR, m(9)])
    assert members[("east", MAR)] == {"S1", "S2"}
    assert members[("south", m(9))] == {"S1"}
    assert members[("dept", m(9))] == {"S1", "S2"}
    assert scope.teams_of("S1", m(9)) == ("south", "dept")


def test_team_receipts_roll_up() -> None:
    scope = TeamScope([Membership("S1", "east1", date(2020, 1, 1), None)], TREE)
    staff = receipt_actuals([ReceiptRec(date(2026, 3, 1), "S1", D(70), D(100))], {})
    team = scope.receipt_actuals(staff)
    assert team.collection_rate("dept", Q1) == D("0.7")
    assert team.collection_rate("south", Q1) is None


@given(st.integers(min_value=2, max_value=12))
def test_person_who_moved_counts_in_the_old_team_before(move_month: int) -> None:
    scope = TeamScope(
        [
            Membership("S1", "east", date(2020, 1, 1), date(2026, move_month, 1)),
            Membership("S1", "south", date(2026, move_month, 1), None),
        ],
        TREE,
    )
    lines = [line(date(2026, i, 10), f"O{i}", "C", str(i)) for i in range(1, 13)]
    team = scope.ledger_actuals(lines)
    for i in range(1, 13):
        old, new = ("east", "south") if i < move_month else ("south", "east")
        assert team.revenue[(old, m(i))] == i
        assert (new, m(i)) not in team.revenue
        assert team.revenue[("dept", m(i))] == i


def test_team_manual_values() -> None:
    members = {
        ("east", MAR): {"S1", "S2"},
        ("east", APR): {"S1", "S2"},
        ("east", m(5)): {"S1", "S2"},
        ("east", m(6)): {"S1", "S2"},
    }
    unit_values = {("east", MAR): D(90)}
    staff_values = {
        ("S1", MAR): D(10),  # ignored: the unit's own value counts
        ("S1", APR): D(80),
        ("S2", APR): D(100),
        ("S1", m(5)): D(70),
    }
    mean = team_manual_values(unit_values, staff_values, members, Aggregation.MEAN)
    # March: the unit's 90; April: (80 + 100) / 2 = 90; May: S1 only, 70; June: nobody.
    assert [mean[("east", x)] for x in (MAR, APR, m(5), m(6))] == [D(90), D(90), D(70), None]
    # Q2 mean of the months with data: (90 + 70) / 2 = 80.
    q2 = aggregate_cells(mean, Period.quarter(2026, 2), Aggregation.MEAN)
    assert q2["east"] == D(80)
    # A stock (last) adds up across people within a month: 80 + 100 = 180.
    stock = team_manual_values({}, staff_values, members, Aggregation.LAST)
    assert stock[("east", APR)] == D(180)


# --------------------------------------------------------------------------- achievement


def test_achievement_up_and_down() -> None:
    assert achievement(D(80), D(100), Direction.UP) == D("0.8")
    assert achievement(D(80), D(0), Direction.UP) is None
    assert achievement(None, D(100), Direction.UP) is None
    assert achievement(D(80), None, Direction.DOWN) is None
    # ↓ metric: T ÷ A = 95 / 100 = 0.95
    assert achievement(D(100), D(95), Direction.DOWN) == D("0.95")
    assert achievement(D(0), D(95), Direction.DOWN, cap=D("1.2")) == D("1.2")
    assert achievement(D(0), D(95), Direction.DOWN) is None
    assert achievement(D(10), D(0), Direction.DOWN) == 0


def test_output_formats() -> None:
    assert money_text(D("123456")) == "123456.00"
    assert money_text(D("0.005")) == "0.01"  # half-up
    assert money_text(D("-0.001")) == "0.00"
    assert money_text(None) is None
    assert ratio_text(D("0.82304")) == "0.8230"
    assert ratio_text(D("0.82305")) == "0.8231"
    assert value_text(MetricUnit.PERCENT, D("0.912")) == "0.9120"
    assert value_text(MetricUnit.MONEY, D("1E+3")) == "1000.00"
    assert value_text(MetricUnit.COUNT, D(12)) == "12"
    assert value_text(MetricUnit.COUNT, D("2.5")) == "2.50"
    assert value_text(MetricUnit.POINTS, D("87.5")) == "87.50"
    assert value_text(MetricUnit.POINTS, None) is None


def test_ledger_pass_over_a_larger_ledger() -> None:
    # 500 people, 12,000 lines over two years (one year of history): one pass, exact sums.
    start = date(2025, 1, 1)
    lines = [
        SalesLineRec(
            start + timedelta(days=(i * 7) % 720),
            f"O{i}",
            f"C{i % 3000}",
            D(100),
            D(60),
            ((f"S{i % 500:03d}", D(100)),),
        )
        for i in range(12000)
    ]
    actuals = ledger_actuals(lines, months=Period.of_year(2026).months())
    in_2026 = sum(1 for x in lines if x.date.year == 2026)
    assert sum(actuals.revenue.values()) == D(100) * in_2026
    assert sum(actuals.gross_profit.values()) == D(40) * in_2026
    assert sum(actuals.orders.values()) == in_2026
