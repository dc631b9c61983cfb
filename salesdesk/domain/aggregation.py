"""Actuals (appraisal-rules §3): month-to-period aggregation, ledger-derived metrics, team
scope, achievement, and the number formats of the actuals listing (data-exchange §4).

Metric *definitions* live in :mod:`salesdesk.domain.metrics`; this module computes values.
A value is a ``Decimal`` or ``None`` (no value). Monthly values of many subjects are held
in dicts keyed by ``(subject, month)`` (a :data:`Cell`) so a whole company is computed in
single passes.

Rounding: ledger sums keep full precision (a 33.33 % share of 100.01 is 33.333333); money
is rounded half-up to the cent, and ratios/achievements to 4 decimals, only at output
(:func:`round_money`, :func:`round_ratio`, :func:`value_text`).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from salesdesk.domain.decimals import ZERO, round_half_up
from salesdesk.domain.errors import ValidationError
from salesdesk.domain.metrics import Aggregation, Direction, MetricDef, MetricUnit
from salesdesk.domain.periods import Period, days_overlap
from salesdesk.domain.text import t

Value = Decimal | None
Cell = tuple[str, Period]
"""A (subject, month) pair: the subject is a staff key or an org unit key."""

MONEY_PLACES = 2
RATIO_PLACES = 4
LOOKBACK_MONTHS = 12
_ONE = Decimal(1)
_HUNDRED = Decimal(100)

# --------------------------------------------------------------------------- month index

_PERIOD_CACHE: dict[int, Period] = {}


def _month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def _index_of(month: Period) -> int:
    return month.year * 12 + month.index - 1


def _period_of(index: int) -> Period:
    period = _PERIOD_CACHE.get(index)
    if period is None:
        period = Period.month(index // 12, index % 12 + 1)
        _PERIOD_CACHE[index] = period
    return period


# --------------------------------------------------------------------------- aggregation


def aggregate(
    values: Iterable[Value], aggregation: Aggregation, *, ledger_based: bool = False
) -> Value:
    """Rule (appraisal-rules §3): combine monthly values (in month order) into one value.

    - ``sum``: the sum of the months with data; with `ledger_based` (metrics from sales lines
      or receipts: the ledger speaks for everyone) a month without data is 0 and so is the
      result; otherwise no data at all gives None (a manual metric nobody entered).
    - ``last``: the value of the last month that has data (None when none has).
    - ``mean``: the average of the months that have data (None when none has).
    - ``ratio`` needs two series: use :func:`ratio_of_sums`.
    """
    if aggregation is Aggregation.RATIO:
        raise ValueError("a ratio metric aggregates two series: use ratio_of_sums()")
    present = [v for v in values if v is not None]
    if aggregation is Aggregation.SUM:
        if not present:
            return ZERO if ledger_based else None
        return sum(present, ZERO)
    if not present:
        return None
    if aggregation is Aggregation.LAST:
        return present[-1]
    return sum(present, ZERO) / len(present)


def ratio_of_sums(numerators: Iterable[Value], denominators: Iterable[Value]) -> Value:
    """Rule (appraisal-rules §3): ``ratio(a, b)`` = Σa ÷ Σb, never the mean of monthly ratios.

    Months without data count as 0 (ratio metrics are derived from the ledger). A zero
    denominator gives None (no value), never 0 or infinity.
    """
    numerator = sum((v for v in numerators if v is not None), ZERO)
    denominator = sum((v for v in denominators if v is not None), ZERO)
    if denominator == 0:
        return None
    return numerator / denominator


def aggregate_period(
    monthly: Mapping[Period, Value],
    period: Period,
    aggregation: Aggregation,
    *,
    ledger_based: bool = False,
) -> Value:
    """Rule (appraisal-rules §3): one subject's value for `period` from its monthly values."""
    return aggregate(
        (monthly.get(m) for m in period.months()), aggregation, ledger_based=ledger_based
    )


def ratio_over_period(
    numerator: Mapping[Period, Value], denominator: Mapping[Period, Value], period: Period
) -> Value:
    """Rule (appraisal-rules §3): ``ratio(a, b)`` for `period` = Σa ÷ Σb over its months."""
    months = period.months()
    return ratio_of_sums((numerator.get(m) for m in months), (denominator.get(m) for m in months))


def aggregate_cells(
    cells: Mapping[Cell, Value],
    period: Period,
    aggregation: Aggregation,
    *,
    ledger_based: bool = False,
    subjects: Iterable[str] = (),
) -> dict[str, Value]:
    """Rule (appraisal-rules §3): every subject's value for `period`, in one pass over `cells`.

    Same meaning as :func:`aggregate`. `subjects` lists subjects that must appear even with
    no cell (with `ledger_based` they get 0, else None).
    """
    if aggregation is Aggregation.RATIO:
        raise ValueError("a ratio metric aggregates two series: use ratio_cells()")
    wanted = {_index_of(m) for m in period.months()}
    sums: dict[str, Decimal] = {}
    counts: dict[str, int] = {}
    last: dict[str, tuple[int, Decimal]] = {}
    for (subject, month), value in cells.items():
        if value is None:
            continue
        index = _index_of(month)
        if index not in wanted:
            continue
        sums[subject] = sums.get(subject, ZERO) + value
        counts[subject] = counts.get(subject, 0) + 1
        if aggregation is Aggregation.LAST:
            seen = last.get(subject)
            if seen is None or index > seen[0]:
                last[subject] = (index, value)
    empty: Value = ZERO if ledger_based and aggregation is Aggregation.SUM else None
    result: dict[str, Value] = dict.fromkeys(subjects, empty)
    for subject, total in sums.items():
        if aggregation is Aggregation.SUM:
            result[subject] = total
        elif aggregation is Aggregation.LAST:
            result[subject] = last[subject][1]
        else:
            result[subject] = total / counts[subject]
    return result


def period_totals(
    cells: Mapping[Cell, Decimal], period: Period, subjects: Iterable[str] = ()
) -> dict[str, Decimal]:
    """Rule (appraisal-rules §3): ledger `sum` metrics for `period`; 0 for a subject with none."""
    wanted = {_index_of(m) for m in period.months()}
    result: dict[str, Decimal] = dict.fromkeys(subjects, ZERO)
    for (subject, month), value in cells.items():
        if _index_of(month) in wanted:
            result[subject] = result.get(subject, ZERO) + value
    return result


def ratio_cells(
    numerator: Mapping[Cell, Decimal],
    denominator: Mapping[Cell, Decimal],
    period: Period,
    subjects: Iterable[str] = (),
) -> dict[str, Value]:
    """Rule (appraisal-rules §3): every subject's ``ratio(a, b)`` for `period` (Σa ÷ Σb)."""
    wanted = list(subjects)
    top = period_totals(numerator, period, wanted)
    bottom = period_totals(denominator, period, wanted)
    return {
        subject: None if (b := bottom.get(subject, ZERO)) == 0 else top.get(subject, ZERO) / b
        for subject in sorted(set(top) | set(bottom))
    }


def growth_rate(current: Value, previous: Value) -> Value:
    """Rule (appraisal-rules §3): revenue growth = (current − previous) ÷ previous.

    None when either is missing or the previous value is 0; also when it is negative (net
    returns exceeded sales), where a growth "rate" has no meaning.
    """
    if current is None or previous is None or previous <= 0:
        return None
    return (current - previous) / previous


def metric_value(
    metric: MetricDef,
    period: Period,
    monthly_by_code: Mapping[str, Mapping[Period, Value]],
    *,
    ledger_based: bool = False,
) -> Value:
    """Rule (appraisal-rules §3): one subject's value of `metric` for `period`.

    `monthly_by_code` holds the subject's monthly values of the metric itself (for `sum`,
    `last`, `mean`) or of its numerator and denominator (for `ratio`). Revenue growth takes
    the revenue of `period` and of the same period a year earlier.
    """
    if metric.code == "revenue_growth":
        revenue = monthly_by_code.get("revenue", {})
        return growth_rate(
            aggregate_period(revenue, period, Aggregation.SUM, ledger_based=ledger_based),
            aggregate_period(
                revenue, period.shift_years(-1), Aggregation.SUM, ledger_based=ledger_based
            ),
        )
    if metric.aggregation is Aggregation.RATIO:
        if metric.numerator is None or metric.denominator is None:
            raise ValueError(f"ratio metric {metric.code} lacks its numerator or denominator")
        return ratio_over_period(
            monthly_by_code.get(metric.numerator, {}),
            monthly_by_code.get(metric.denominator, {}),
            period,
        )
    return aggregate_period(
        monthly_by_code.get(metric.code, {}),
        period,
        metric.aggregation,
        ledger_based=ledger_based,
    )


# --------------------------------------------------------------------------- records


def check_credits(credits: Sequence[tuple[str, Decimal]]) -> None:
    """Rule (appraisal-rules §3): split credit — shares > 0 for distinct people, adding to 100."""
    allowed = t(
        "one or more people with shares > 0 adding up to 100",
        "一人或多人，分配比例均 > 0 且合计为 100",
    )
    if not credits:
        raise ValidationError.single(
            t("a sales line must be credited to someone", "销售明细必须归属到人"),
            field="credits",
            allowed=allowed,
        )
    people = [staff for staff, _share in credits]
    if len(set(people)) != len(people):
        raise ValidationError.single(
            t("a person is credited twice on one line", "同一行中同一人被重复分配"),
            field="credits",
            allowed=allowed,
        )
    total = ZERO
    for staff, share in credits:
        if not share.is_finite() or share <= 0:
            raise ValidationError.single(
                t("share of {s} must be > 0: {v}", "{s} 的分配比例必须 > 0：{v}", s=staff, v=share),
                field="credits",
                allowed=allowed,
            )
        total += share
    if total != _HUNDRED:
        raise ValidationError.single(
            t("credit shares add up to {v}, not 100", "分配比例合计为 {v}，不是 100", v=total),
            field="credits",
            allowed=allowed,
        )


class _SalesLineFields(NamedTuple):
    date: dt.date
    order_no: str | None
    customer_key: str
    amount: Decimal
    cost: Decimal | None
    credits: tuple[tuple[str, Decimal], ...]


class SalesLineRec(_SalesLineFields):
    """One sales line (a return has a negative amount), credited to one or more people.

    `credits` holds (staff key, share %) pairs; shares add up to 100 (checked when a line
    is made). `cost` None: unknown. `order_no` None: not read, because no metric asked
    for counts orders (the ledger pass then keeps no orders). A tuple, so that the hundreds
    of thousands of lines of a large ledger are cheap to make.
    """

    __slots__ = ()

    def __new__(
        cls,
        date: dt.date,
        order_no: str | None,
        customer_key: str,
        amount: Decimal,
        cost: Decimal | None,
        credits: tuple[tuple[str, Decimal], ...],
    ) -> SalesLineRec:
        if len(credits) != 1 or credits[0][1] != _HUNDRED:
            check_credits(credits)
        return tuple.__new__(cls, (date, order_no, customer_key, amount, cost, credits))

    @classmethod
    def stored(
        cls,
        date: dt.date,
        order_no: str | None,
        customer_key: str,
        amount: Decimal,
        cost: Decimal | None,
        credits: tuple[tuple[str, Decimal], ...],
    ) -> SalesLineRec:
        """A line read back from the database, whose credits were checked when it was
        imported (shares adding up to 100): made without checking them again."""
        return tuple.__new__(cls, (date, order_no, customer_key, amount, cost, credits))


class ReceiptRec(NamedTuple):
    """One receipt (回款) of a person: the amount collected and, if known, the amount due.
    (A tuple: a large ledger has hundreds of thousands of receipts a quarter.)"""

    date: dt.date
    staff_key: str
    amount: Decimal
    amount_due: Decimal | None


def credit_shares(line: SalesLineRec) -> list[tuple[str, Decimal, Decimal | None]]:
    """Rule (appraisal-rules §3): each credited person's (staff, amount, cost) share of a line.

    Exact: share% × amount with no rounding, so the shares add up to the line exactly.
    """
    return [
        (
            staff,
            (line.amount * share).scaleb(-2),
            None if line.cost is None else (line.cost * share).scaleb(-2),
        )
        for staff, share in line.credits
    ]


# --------------------------------------------------------------------------- ledger metrics


def _total(cells: Mapping[Cell, Decimal], subject: str, period: Period) -> Decimal:
    return sum((cells.get((subject, m), ZERO) for m in period.months()), ZERO)


@dataclass(frozen=True)
class LedgerActuals:
    """Monthly metrics from sales lines, keyed by (subject, month); an absent cell is 0.

    Gross profit = amount − cost. A line without a cost contributes its revenue but **no**
    gross profit (and no cost): an unknown cost is not taken as free, so missing costs can
    only understate margin, never inflate it; `missing_cost_lines` counts such lines per
    cell so the caller can warn.
    """

    revenue: Mapping[Cell, Decimal]
    cost: Mapping[Cell, Decimal]
    gross_profit: Mapping[Cell, Decimal]
    orders: Mapping[Cell, Decimal]
    new_customers: Mapping[Cell, Decimal]
    missing_cost_lines: Mapping[Cell, int]

    def cells(self, code: str) -> Mapping[Cell, Decimal]:
        """The monthly cells of the `sum` metric `code`."""
        series: dict[str, Mapping[Cell, Decimal]] = {
            "revenue": self.revenue,
            "cost": self.cost,
            "gross_profit": self.gross_profit,
            "orders": self.orders,
            "new_customers": self.new_customers,
        }
        if code not in series:
            raise KeyError(code)
        return series[code]

    def total(self, code: str, subject: str, period: Period) -> Decimal:
        """Rule (appraisal-rules §3): a ledger `sum` metric for a period; 0 without data."""
        return _total(self.cells(code), subject, period)

    def gross_margin_rate(self, subject: str, period: Period) -> Value:
        """Rule (appraisal-rules §3): ratio(gross_profit, revenue); None on zero revenue."""
        months = period.months()
        return ratio_of_sums(
            (self.gross_profit.get((subject, m)) for m in months),
            (self.revenue.get((subject, m)) for m in months),
        )

    def revenue_growth(
        self, subject: str, period: Period, *, ledger_starts: Period | None = None
    ) -> Value:
        """Rule (appraisal-rules §3): revenue growth against the same period a year earlier.

        When the year-earlier period begins before `ledger_starts` (the first month the
        ledger covers) its revenue is missing, and so is the growth.
        """
        previous_period = period.shift_years(-1)
        if ledger_starts is not None and previous_period.start < ledger_starts.start:
            return None
        return growth_rate(
            self.total("revenue", subject, period),
            self.total("revenue", subject, previous_period),
        )


def _new_customer_months(lines: Sequence[SalesLineRec]) -> dict[str, frozenset[int]]:
    """Each customer's month indexes (year × 12 + month − 1) in which they are new: of
    their months with any sales line (with anyone), those :func:`is_new_customer` calls
    new — computed once per customer, so the ledger pass only looks a month up."""
    seen: dict[str, set[int]] = {}
    month_of: dict[dt.date, int] = {}
    for line in lines:
        day = line.date
        month = month_of.get(day)
        if month is None:
            month = month_of[day] = day.year * 12 + day.month - 1
        months = seen.get(line.customer_key)
        if months is None:
            seen[line.customer_key] = {month}
        else:
            months.add(month)
    result: dict[str, frozenset[int]] = {}
    for customer, months in seen.items():
        ordered = sorted(months)
        result[customer] = frozenset(month for month in ordered if is_new_customer(ordered, month))
    return result


def is_new_customer(line_months: Sequence[int], month: int) -> bool:
    """Rule (appraisal-rules §3): no line with anyone in the 12 months before `month`.

    `line_months` are the customer's sorted month indexes (year × 12 + month − 1). A line
    exactly 12 months earlier (2025-03 for 2026-03) makes the customer not new; 13 months
    earlier does not.
    """
    position = bisect_left(line_months, month)
    return position == 0 or month - line_months[position - 1] > LOOKBACK_MONTHS


class _CellSums:
    """Running sums of one (subject, month) during the ledger pass."""

    __slots__ = ("cost", "missing_cost", "new_customers", "order_net", "profit", "revenue")

    def __init__(self) -> None:
        self.revenue = ZERO
        self.cost = ZERO
        self.profit = ZERO
        self.missing_cost = 0
        self.order_net: dict[str, Decimal] = {}
        self.new_customers: set[str] = set()


def _ledger_pass(
    lines: Iterable[SalesLineRec],
    subjects_of: Callable[[str, int], Sequence[str]] | None,
    months: Iterable[Period] | None,
) -> LedgerActuals:
    """One pass over the lines, accumulating every metric for the subjects each credit hits."""
    return _ledger_result(_ledger_sums(lines, subjects_of, months))


def _ledger_sums(
    lines: Iterable[SalesLineRec],
    subjects_of: Callable[[str, int], Sequence[str]] | None,
    months: Iterable[Period] | None,
) -> dict[tuple[str, int], _CellSums]:
    """The running sums of every (subject, month index) the lines' credits hit;
    `subjects_of` None: each credit counts for its own person.

    It runs over every line of a large ledger, so a line's month is worked out once per
    date, a customer's newness once per customer, and a single full credit is added
    without building its shares."""
    all_lines = lines if isinstance(lines, Sequence) else list(lines)
    new_months = _new_customer_months(all_lines)
    wanted = None if months is None else {_index_of(m) for m in months}
    sums: dict[tuple[str, int], _CellSums] = {}
    month_of: dict[dt.date, int] = {}
    hundred = _HUNDRED
    for line in all_lines:
        day = line.date
        month = month_of.get(day)
        if month is None:
            month = month_of[day] = day.year * 12 + day.month - 1
        if wanted is not None and month not in wanted:
            continue
        customer = line.customer_key
        new = month in new_months[customer]
        credits = line.credits
        if len(credits) == 1 and credits[0][1] == hundred:
            shares: Sequence[tuple[str, Decimal, Decimal | None]] = (
                (credits[0][0], line.amount, line.cost),
            )
        else:
            shares = credit_shares(line)
        order_no = line.order_no
        for staff, amount, line_cost in shares:
            for subject in (staff,) if subjects_of is None else subjects_of(staff, month):
                key = (subject, month)
                cell = sums.get(key)
                if cell is None:
                    cell = sums[key] = _CellSums()
                cell.revenue += amount
                if line_cost is None:
                    cell.missing_cost += 1
                else:
                    cell.cost += line_cost
                    cell.profit += amount - line_cost
                if order_no is not None:
                    order_net = cell.order_net
                    order_net[order_no] = order_net.get(order_no, ZERO) + amount
                if new:
                    cell.new_customers.add(customer)
    return sums


def _roll_up_sums(
    sums: Mapping[tuple[str, int], _CellSums],
    teams_of: Callable[[str, int], Sequence[str]],
    months: Iterable[Period] | None,
) -> dict[tuple[str, int], _CellSums]:
    """People's running sums combined into their teams', as a pass over the same lines with
    `teams_of` would have built them: money and missing costs add up, an order's net amount
    adds up over the members it credits, new customers are a set (counted once)."""
    wanted = None if months is None else {_index_of(m) for m in months}
    teams: dict[tuple[str, int], _CellSums] = {}
    for (staff, month), cell in sums.items():
        if wanted is not None and month not in wanted:
            continue
        for unit in teams_of(staff, month):
            team = teams.get((unit, month))
            if team is None:
                team = teams[(unit, month)] = _CellSums()
            team.revenue += cell.revenue
            team.cost += cell.cost
            team.profit += cell.profit
            team.missing_cost += cell.missing_cost
            order_net = team.order_net
            for order_no, net in cell.order_net.items():
                order_net[order_no] = order_net.get(order_no, ZERO) + net
            team.new_customers |= cell.new_customers
    return teams


def _ledger_result(sums: Mapping[tuple[str, int], _CellSums]) -> LedgerActuals:
    revenue: dict[Cell, Decimal] = {}
    cost: dict[Cell, Decimal] = {}
    profit: dict[Cell, Decimal] = {}
    orders: dict[Cell, Decimal] = {}
    new_customers: dict[Cell, Decimal] = {}
    missing: dict[Cell, int] = {}
    periods = {index: _period_of(index) for index in {m for _s, m in sums}}
    for (subject, index), cell in sums.items():
        key = (subject, periods[index])
        revenue[key] = cell.revenue
        if cell.missing_cost:
            missing[key] = cell.missing_cost
        cost[key] = cell.cost
        profit[key] = cell.profit
        count = sum(1 for net in cell.order_net.values() if net > 0)
        if count:
            orders[key] = Decimal(count)
        if cell.new_customers:
            new_customers[key] = Decimal(len(cell.new_customers))
    return LedgerActuals(revenue, cost, profit, orders, new_customers, missing)


def ledger_actuals(
    lines: Iterable[SalesLineRec], months: Iterable[Period] | None = None
) -> LedgerActuals:
    """Rule (appraisal-rules §3): each person's monthly revenue (net of returns), cost, gross
    profit, orders and new customers, from sales lines with split credit.

    Split credit: each credited person gets share% of amount, cost and gross profit; orders
    and new customers count in full for each credited person. An order counts in a month
    when the person's (credited) net amount of it in that month is positive, so a return is
    not an order. New customers need the lines of the 12 months before the first month
    wanted: pass them in `lines`; only the `months` wanted (default: all) are output.
    """
    return _ledger_pass(lines, None, months)


# --------------------------------------------------------------------------- receipts


@dataclass(frozen=True)
class ReceiptActuals:
    """Monthly collections and amount due, keyed by (subject, month); an absent cell is 0."""

    collections: Mapping[Cell, Decimal]
    amount_due: Mapping[Cell, Decimal]

    def total(self, code: str, subject: str, period: Period) -> Decimal:
        """Rule (appraisal-rules §3): collections or amount due for a period; 0 without data."""
        if code == "collections":
            return _total(self.collections, subject, period)
        if code == "amount_due":
            return _total(self.amount_due, subject, period)
        raise KeyError(code)

    def collection_rate(self, subject: str, period: Period) -> Value:
        """Rule (appraisal-rules §3): ratio(collections, amount_due); None on nothing due."""
        months = period.months()
        return ratio_of_sums(
            (self.collections.get((subject, m)) for m in months),
            (self.amount_due.get((subject, m)) for m in months),
        )


def receipt_actuals(
    receipts: Iterable[ReceiptRec],
    revenue: Mapping[Cell, Decimal],
    months: Iterable[Period] | None = None,
) -> ReceiptActuals:
    """Rule (appraisal-rules §3): each person's monthly collections and amount due.

    Amount due is the sum of the month's receipts' amounts due; where none of the person's
    receipts in a month carries one (or there are no receipts), it is that month's revenue
    (from `revenue`, the person's ledger revenue cells).
    """
    wanted = None if months is None else {_index_of(m) for m in months}
    collections: dict[Cell, Decimal] = {}
    due: dict[Cell, Decimal] = {}
    periods: dict[int, Period] = {}
    month_of: dict[dt.date, Period | None] = {}  # a receipt's month; None: not wanted
    for receipt in receipts:
        day = receipt.date
        if day in month_of:
            month = month_of[day]
        else:
            index = _month_index(day)
            if wanted is not None and index not in wanted:
                month = None
            else:
                month = periods.setdefault(index, _period_of(index))
            month_of[day] = month
        if month is None:
            continue
        key = (receipt.staff_key, month)
        collections[key] = collections.get(key, ZERO) + receipt.amount
        if receipt.amount_due is not None:
            due[key] = due.get(key, ZERO) + receipt.amount_due
    for key, value in revenue.items():
        if key not in due and (wanted is None or _index_of(key[1]) in wanted):
            due[key] = value
    return ReceiptActuals(collections, due)


# --------------------------------------------------------------------------- team scope


class Membership(NamedTuple):
    """A person's membership of an org unit from `valid_from` until `valid_to` (exclusive)."""

    staff_key: str
    unit_key: str
    valid_from: dt.date
    valid_to: dt.date | None


def unit_ancestors(parent_of: Mapping[str, str | None]) -> dict[str, tuple[str, ...]]:
    """Each unit with the units above it, itself first: the teams a member of it counts in.

    Rule (appraisal-rules §3): a person's team is their unit with its sub-units, so a person
    counts in their unit and in every unit above it. Refuses a loop in the tree.
    """
    result: dict[str, tuple[str, ...]] = {}
    for unit in parent_of:
        chain: list[str] = []
        current: str | None = unit
        while current is not None:
            if current in result:
                chain.extend(result[current])
                break
            if current in chain:
                raise ValidationError.single(
                    t("the unit tree has a loop at {u}", "部门树在 {u} 处存在循环", u=current),
                    field="parent",
                )
            chain.append(current)
            current = parent_of.get(current)
        result[unit] = tuple(chain)
    return result


def _membership_days(membership: Membership, month: Period) -> int:
    last_day = None if membership.valid_to is None else membership.valid_to - dt.timedelta(days=1)
    return days_overlap(month, membership.valid_from, last_day)


def unit_in_month(memberships: Sequence[Membership], month: Period) -> str | None:
    """Rule (appraisal-rules §1, §3): the unit a person counts in for `month`.

    The membership covering the most days of the month; on equal days the later one (a
    move made in the middle of a month). None when no membership covers any day of it.
    """
    best: tuple[int, dt.date] | None = None
    unit: str | None = None
    for membership in memberships:
        days = _membership_days(membership, month)
        if days <= 0:
            continue
        rank = (days, membership.valid_from)
        if best is None or rank > best:
            best, unit = rank, membership.unit_key
    return unit


class TeamScope:
    """Which teams each person counts in, month by month, from dated memberships.

    Rule (appraisal-rules §1, §3): a team metric is computed over every person who was a
    member of the unit or its sub-units in each month; a person who moved keeps their
    earlier months in the old team. Lookups are cached per (person, month).
    """

    def __init__(
        self,
        memberships: Iterable[Membership | tuple[str, str, dt.date, dt.date | None]],
        parent_of: Mapping[str, str | None],
    ) -> None:
        self._by_staff: dict[str, list[Membership]] = {}
        for membership in memberships:
            m = Membership(*membership)
            self._by_staff.setdefault(m.staff_key, []).append(m)
        tree = dict(parent_of)
        for ms in self._by_staff.values():
            for m in ms:
                tree.setdefault(m.unit_key, None)
        self._ancestors = unit_ancestors(tree)
        self._cache: dict[tuple[str, int], tuple[str, ...]] = {}

    def teams_of(self, staff_key: str, month: Period) -> tuple[str, ...]:
        """The units `staff_key` counts in for `month`: their unit, then each unit above it."""
        return self._teams(staff_key, _index_of(month))

    def _teams(self, staff_key: str, index: int) -> tuple[str, ...]:
        key = (staff_key, index)
        teams = self._cache.get(key)
        if teams is None:
            unit = unit_in_month(self._by_staff.get(staff_key, []), _period_of(index))
            teams = () if unit is None else self._ancestors[unit]
            self._cache[key] = teams
        return teams

    def members(self, months: Iterable[Period]) -> dict[Cell, frozenset[str]]:
        """Every (unit, month) with the people counted in it (members of it or a sub-unit)."""
        result: dict[Cell, set[str]] = {}
        for month in months:
            index = _index_of(month)
            for staff in self._by_staff:
                for unit in self._teams(staff, index):
                    result.setdefault((unit, month), set()).add(staff)
        return {key: frozenset(people) for key, people in result.items()}

    def roll_up(self, cells: Mapping[Cell, Decimal]) -> dict[Cell, Decimal]:
        """Rule (appraisal-rules §3): a per-person `sum` metric summed into every team."""
        result: dict[Cell, Decimal] = {}
        for (staff, month), value in cells.items():
            for unit in self._teams(staff, _index_of(month)):
                key = (unit, month)
                result[key] = result.get(key, ZERO) + value
        return result

    def ledger_actuals(
        self, lines: Iterable[SalesLineRec], months: Iterable[Period] | None = None
    ) -> LedgerActuals:
        """Rule (appraisal-rules §3): team ledger metrics, keyed by (unit, month).

        Computed from the lines credited to the team's members in each month, not by adding
        up members' figures: an order or a new customer shared by two members counts once for
        the team; money adds up the members' shares. A person without a membership in a
        month counts in no team for that month.
        """
        return _ledger_pass(lines, self._teams, months)

    def people_and_team_ledger(
        self,
        lines: Iterable[SalesLineRec],
        months: Iterable[Period] | None = None,
        team_months: Iterable[Period] | None = None,
    ) -> tuple[LedgerActuals, LedgerActuals]:
        """Rule (appraisal-rules §3): :func:`ledger_actuals` of `lines` for `months` and
        :meth:`ledger_actuals` of the same lines for `team_months` (default: `months`), in
        one pass over the lines.

        The team cells are the members' cells combined as the team pass adds them line by
        line (sums of exact decimals do not depend on their order): an order or a new
        customer shared by two members still counts once for the team.
        """
        people = _ledger_sums(lines, None, months)
        wanted = months if team_months is None else team_months
        teams = _roll_up_sums(people, self._teams, wanted)
        return _ledger_result(people), _ledger_result(teams)

    def receipt_actuals(self, staff_receipts: ReceiptActuals) -> ReceiptActuals:
        """Rule (appraisal-rules §3): team collections and amount due, keyed by (unit, month)."""
        return ReceiptActuals(
            self.roll_up(staff_receipts.collections), self.roll_up(staff_receipts.amount_due)
        )


def combine_people(values: Iterable[Value], aggregation: Aggregation) -> Value:
    """Rule (appraisal-rules §3): members' manual values in one month combined for the team.

    ``sum`` adds, ``mean`` averages the members with a value. ``last`` (a stock such as
    overdue receivables) has no order among people within a month; the team's stock is the
    sum of its members' stocks, so it adds. No member with a value: None.
    """
    present = [v for v in values if v is not None]
    if aggregation is Aggregation.RATIO:
        raise ValueError("ratio metrics are derived, not entered by hand")
    if not present:
        return None
    if aggregation is Aggregation.MEAN:
        return sum(present, ZERO) / len(present)
    return sum(present, ZERO)


def team_manual_values(
    unit_values: Mapping[Cell, Value],
    staff_values: Mapping[Cell, Value],
    members: Mapping[Cell, Collection[str]],
    aggregation: Aggregation,
) -> dict[Cell, Value]:
    """Rule (appraisal-rules §3): a manual metric for teams, keyed by (unit, month).

    Month by month: the value entered for the unit itself counts; where there is none, the
    values of the people counted in the team that month (`members`, e.g. from
    :meth:`TeamScope.members`) combined by :func:`combine_people`. Aggregate the result over a
    period with :func:`aggregate_period` / :func:`aggregate_cells`.
    """
    result: dict[Cell, Value] = {}
    for key in set(unit_values) | set(members):
        own = unit_values.get(key)
        if own is not None:
            result[key] = own
            continue
        _unit, month = key
        result[key] = combine_people(
            (staff_values.get((staff, month)) for staff in members.get(key, ())), aggregation
        )
    return result


# --------------------------------------------------------------------------- achievement


def achievement(actual: Value, target: Value, direction: Direction, *, cap: Value = None) -> Value:
    """Rule (appraisal-rules §5.1): achievement = A ÷ T for ↑ metrics, T ÷ A for ↓ metrics.

    None (no value) when A or T is missing, and for ↑ metrics when T = 0. For a ↓ metric
    with A ≤ 0 (nothing overdue, no expense) the achievement is the scoring rule's `cap`,
    which the caller passes; a caller without a rule (the actuals listing) passes none and
    gets None. A ↓ metric with T = 0 and A > 0 achieves 0.
    """
    if actual is None or target is None:
        return None
    if direction is Direction.UP:
        return None if target == 0 else actual / target
    if actual <= 0:
        return cap
    return target / actual


def round_money(value: Value) -> Value:
    """Money for output: half-up to the cent (data-exchange §4)."""
    return None if value is None else _no_negative_zero(round_half_up(value, MONEY_PLACES))


def round_ratio(value: Value) -> Value:
    """Ratios and achievements for output: half-up to 4 decimals (data-exchange §4)."""
    return None if value is None else _no_negative_zero(round_half_up(value, RATIO_PLACES))


def _no_negative_zero(value: Decimal) -> Decimal:
    return abs(value) if value == 0 else value


def places_for_output(unit: MetricUnit) -> int:
    """Decimals a metric's value is shown with: money 2, percent 4, points 2, counts 2.

    Counts are whole for ledger metrics; a manual count or a mean of counts may not be, so
    counts show 2 decimals and :func:`value_text` drops them when the value is whole.
    """
    return RATIO_PLACES if unit is MetricUnit.PERCENT else MONEY_PLACES


def value_text(unit: MetricUnit, value: Value) -> str | None:
    """A metric value as the actuals listing writes it (data-exchange §4), None for no value.

    Money `"123456.00"`, percent (as a fraction) `"0.9120"`, points `"87.50"`, whole counts
    `"12"`.
    """
    if value is None:
        return None
    rounded = _no_negative_zero(round_half_up(value, places_for_output(unit)))
    if unit is MetricUnit.COUNT and rounded == rounded.to_integral_value():
        rounded = rounded.quantize(_ONE)
    return format(rounded, "f")


def money_text(value: Value) -> str | None:
    """Money as text with 2 decimals, half-up (`"123456.00"`); None for no value."""
    rounded = round_money(value)
    return None if rounded is None else format(rounded, "f")


def ratio_text(value: Value) -> str | None:
    """A ratio or achievement as text with 4 decimals, half-up (`"0.8230"`); None for none."""
    rounded = round_ratio(value)
    return None if rounded is None else format(rounded, "f")
