"""Targets (appraisal-rules §4): splitting to the cent, seasonality, levels, allocation,
reconciliation and pro-rating — hand-worked examples and property tests."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesdesk.domain.errors import ValidationError
from salesdesk.domain.metrics import MetricUnit
from salesdesk.domain.periods import Period
from salesdesk.domain.targets import (
    ProfileKind,
    allocate_by_hand,
    allocate_by_share,
    allocate_evenly,
    check_target_value,
    even_profile,
    level_for,
    month_counts,
    period_sum,
    places_for_unit,
    profile_by_hand,
    profile_from_history,
    prorate_months,
    prorated_period_target,
    reconcile,
    reconcile_tree,
    resplit_period_total,
    split_by_key,
    split_period_total,
    split_to_cents,
    split_to_units,
)

D = Decimal
Y26 = Period.of_year(2026)
Q1 = Period.quarter(2026, 1)


def months(*indexes: int) -> list[Period]:
    return [Period.month(2026, i) for i in indexes]


# --------------------------------------------------------------------------- split_to_cents


def test_split_three_ways_earlier_position_gets_the_cent() -> None:
    # 100.00 = 10000 cents; 10000 / 3 = 3333 rem 1 for each part: equal remainders,
    # the one missing cent goes to the earliest position.
    assert split_to_cents(D("100.00"), [1, 1, 1]) == [D("33.34"), D("33.33"), D("33.33")]


def test_split_largest_remainder_wins_over_position() -> None:
    # 1.00 = 100 cents by 1:2 → 100·1/3 = 33 rem 1, 100·2/3 = 66 rem 2; one cent missing,
    # the larger remainder (second part) takes it.
    assert split_to_cents(D("1.00"), [1, 2]) == [D("0.33"), D("0.67")]


def test_split_seven_ways() -> None:
    # 100 cents / 7 = 14 rem 2 each; 100 − 98 = 2 cents missing → first two positions.
    parts = split_to_cents(D("1"), [1] * 7)
    assert parts == [D("0.15"), D("0.15")] + [D("0.14")] * 5
    assert sum(parts) == D("1.00")


def test_split_exact_and_zero_weights() -> None:
    assert split_to_cents(D("10"), [1, 2, 3, 4]) == [D("1.00"), D("2.00"), D("3.00"), D("4.00")]
    # A weight of 0 gets nothing, even when cents are left over.
    assert split_to_cents(D("0.05"), [0, 1, 1]) == [D("0.00"), D("0.03"), D("0.02")]
    assert split_to_cents(D("0"), [0, 0]) == [D("0.00"), D("0.00")]


def test_split_decimal_weights_exactly() -> None:
    # Weights 0.1 : 0.2 : 0.7 → 30.00 · (1, 2, 7)/10 = 3, 6, 21 exactly.
    assert split_to_cents(D("30"), [D("0.1"), D("0.2"), D("0.7")]) == [
        D("3.00"),
        D("6.00"),
        D("21.00"),
    ]


def test_split_to_whole_units_for_counts() -> None:
    # 10 orders over 3 months: 10/3 = 3 rem 1 each → the first month gets the extra one.
    assert split_to_units(D("10"), [1, 1, 1]) == [D("4"), D("3"), D("3")]
    assert places_for_unit(MetricUnit.COUNT) == 0
    assert places_for_unit(MetricUnit.MONEY) == 2


@pytest.mark.parametrize(
    ("total", "weights", "places"),
    [
        (D("-1"), [1], 2),  # targets are never negative
        (D("10.005"), [1, 1], 2),  # finer than a cent
        (D("10.5"), [1, 1], 0),  # half an order
        (D("10"), [1, -1], 2),  # negative weight
        (D("10"), [0, 0], 2),  # nothing to split by
        (D("10"), [], 2),
    ],
)
def test_split_refuses(total: Decimal, weights: list[int], places: int) -> None:
    with pytest.raises(ValidationError):
        split_to_cents(total, weights, places)


def test_negative_target_refused_with_message() -> None:
    with pytest.raises(ValidationError) as refused:
        check_target_value(D("-5"))
    assert "negative" in str(refused.value)
    assert check_target_value(D("0")) == D("0")


def test_split_among_people_lower_code_first() -> None:
    # 100.00 among three equals: the leftover cent goes to the lowest staff code, S0001.
    parts = split_by_key(D("100"), {"S0003": 1, "S0001": 1, "S0002": 1})
    assert parts == {"S0001": D("33.34"), "S0002": D("33.33"), "S0003": D("33.33")}


totals = st.decimals(min_value=0, max_value=10**10, places=2)
weight_lists = st.lists(
    st.decimals(min_value=0, max_value=10**6, places=3), min_size=1, max_size=30
).filter(lambda ws: any(w > 0 for w in ws))


@given(totals, weight_lists)
def test_split_adds_up_and_stays_within_a_cent(total: Decimal, weights: list[Decimal]) -> None:
    parts = split_to_cents(total, weights)
    assert sum(parts) == total
    assert all(p >= 0 for p in parts)
    weight_sum = sum(Fraction(w) for w in weights)
    for part, weight in zip(parts, weights, strict=True):
        exact = Fraction(total) * Fraction(weight) / weight_sum
        assert abs(Fraction(part) - exact) < Fraction(1, 100)
        if weight == 0:
            assert part == 0


@given(st.integers(min_value=0, max_value=10**6), st.lists(st.integers(0, 50), min_size=1))
def test_count_split_is_whole_and_adds_up(total: int, weights: list[int]) -> None:
    if not any(weights):
        weights = [*weights, 1]
    parts = split_to_units(D(total), weights)
    assert sum(parts) == total
    assert all(p == p.to_integral_value() and p >= 0 for p in parts)


@given(totals, st.integers(min_value=1, max_value=40))
def test_even_split_among_people_ties_to_lower_code(total: Decimal, count: int) -> None:
    keys = [f"S{i:04d}" for i in range(count)]
    parts = split_by_key(total, dict.fromkeys(reversed(keys), 1))
    values = [parts[k] for k in keys]
    assert sum(values) == total
    assert values == sorted(values, reverse=True)  # extra cents sit on the lowest codes
    assert max(values) - min(values) <= D("0.01")


# --------------------------------------------------------------------------- seasonality


def test_profiles_even_and_by_hand() -> None:
    assert even_profile().weights == (D(1),) * 12
    profile = profile_by_hand([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])
    assert profile.kind is ProfileKind.BY_HAND
    assert profile.weights_for(Q1) == [D(0), D(1), D(2)]


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ([1] * 11, "12 weights"),
        ([1] * 11 + [-1], "month 12"),
        ([0] * 12, "all 0"),
    ],
)
def test_profile_by_hand_refuses(weights: list[int], message: str) -> None:
    with pytest.raises(ValidationError) as refused:
        profile_by_hand(weights)
    assert message in str(refused.value)


def test_profile_from_history() -> None:
    # Every month sells 100 in 2024 and 2025, except December: 300 then 500 (average 400).
    # Average of all months = (11·100 + 400) / 12 = 125 → weights 100/125 = 0.8, 400/125 = 3.2.
    history = {
        2024: [D(100)] * 11 + [D(300)],
        2025: [D(100)] * 11 + [D(500)],
        2019: [D(9999)] * 12,  # not chosen
    }
    profile = profile_from_history(history, years=[2024, 2025])
    assert profile.kind is ProfileKind.FROM_HISTORY
    assert profile.weights == (D("0.8"),) * 11 + (D("3.2"),)
    # Weights add up to 11·0.8 + 3.2 = 12; 15,000.00 over the year:
    # 0.8/12 × 15000 = 1000 each month, 3.2/12 × 15000 = 4000 in December.
    split = split_period_total(D("15000"), Y26, profile)
    assert split[Period.month(2026, 1)] == D("1000.00")
    assert split[Period.month(2026, 12)] == D("4000.00")


def test_profile_from_history_months_without_history() -> None:
    # January has data only in 2025 (200), February in no year (weight 1 = average month),
    # March..December 100 in both years. Averages over months with history:
    # (200 + 10·100) / 11 = 1200/11 → January 200 ÷ 1200/11 = 11/6, others 100 ÷ … = 11/12.
    history = {
        2024: [None, None] + [D(100)] * 10,
        2025: [D(200), None] + [D(100)] * 10,
    }
    weights = profile_from_history(history).weights
    assert weights[1] == D(1)
    assert abs(weights[0] - D(11) / 6) < D("1e-20")
    assert abs(weights[2] - D(11) / 12) < D("1e-20")


def test_profile_from_history_with_nothing_is_even() -> None:
    assert profile_from_history({2025: [None] * 12}).kind is ProfileKind.EVEN
    assert profile_from_history({2025: [D(0)] * 12}).weights == (D(1),) * 12
    with pytest.raises(ValidationError):
        profile_from_history({2025: [D(1)] * 11})
    with pytest.raises(ValidationError):
        profile_from_history({2025: [D(1)] * 12}, years=[2024])


# --------------------------------------------------------------------------- period totals


def test_year_split_evenly() -> None:
    # 100,000.00 = 10,000,000 cents / 12 = 833,333 rem 4 → January..April get 8,333.34.
    split = split_period_total(D("100000"), Y26)
    assert [split[m] for m in Y26.months()] == [D("8333.34")] * 4 + [D("8333.33")] * 8
    assert period_sum(split, Y26) == D("100000.00")
    assert period_sum(split, Q1) == D("25000.02")  # 3 × 8,333.34


def test_quarter_split_by_profile_weights() -> None:
    # Q1 weights 1, 1, 2 → 1000 × 1/4, 1/4, 2/4.
    profile = profile_by_hand([1, 1, 2] + [5] * 9)
    split = split_period_total(D("1000"), Q1, profile)
    assert split == dict(zip(months(1, 2, 3), [D("250.00"), D("250.00"), D("500.00")], strict=True))


def test_quarter_with_all_zero_profile_weights_splits_evenly() -> None:
    profile = profile_by_hand([0, 0, 0] + [1] * 9)
    split = split_period_total(D("3"), Q1, profile, places=0)
    assert list(split.values()) == [D(1), D(1), D(1)]


def test_month_target_is_itself() -> None:
    march = Period.month(2026, 3)
    assert split_period_total(D("12.50"), march) == {march: D("12.50")}


def test_resplit_follows_current_values() -> None:
    # Current 100 / 100 / 200 (1:1:2); the quarter becomes 1000 → 250 / 250 / 500.
    current = dict(zip(months(1, 2, 3), [D(100), D(100), D(200)], strict=True))
    resplit = resplit_period_total(D("1000"), Q1, current)
    assert list(resplit.values()) == [D("250.00"), D("250.00"), D("500.00")]


def test_resplit_from_zero_uses_the_profile() -> None:
    profile = profile_by_hand([1, 2, 1] + [1] * 9)
    resplit = resplit_period_total(D("100"), Q1, {}, profile)
    assert list(resplit.values()) == [D("25.00"), D("50.00"), D("25.00")]


def test_period_sum_without_months_is_no_target() -> None:
    assert period_sum({}, Q1) is None
    assert period_sum({Period.month(2026, 2): D("5")}, Q1) == D("5")


@given(
    totals,
    st.lists(st.decimals(min_value=0, max_value=10**7, places=2), min_size=12, max_size=12),
)
def test_resplit_preserves_total_and_proportions(total: Decimal, values: list[Decimal]) -> None:
    current = dict(zip(Y26.months(), values, strict=True))
    resplit = resplit_period_total(total, Y26, current)
    assert sum(resplit.values()) == total
    base = sum(Fraction(v) for v in values)
    for month, value in current.items():
        exact = Fraction(total) / 12 if base == 0 else Fraction(total) * Fraction(value) / base
        assert abs(Fraction(resplit[month]) - exact) < Fraction(1, 100)


# --------------------------------------------------------------------------- levels


def test_level_applies_down_the_calendar() -> None:
    levels = {
        Y26: D("0.95"),
        Period.quarter(2026, 2): D("0.90"),
        Period.month(2026, 3): D("1.00"),
    }
    assert level_for(Period.month(2026, 1), levels) == D("0.95")  # from the year
    assert level_for(Period.month(2026, 3), levels) == D("1.00")  # its own
    assert level_for(Period.month(2026, 5), levels) == D("0.90")  # from Q2
    assert level_for(Period.quarter(2026, 2), levels) == D("0.90")
    assert level_for(Period.quarter(2026, 3), levels) == D("0.95")
    assert level_for(Y26, levels) == D("0.95")
    assert level_for(Period.month(2025, 5), levels) is None


# --------------------------------------------------------------------------- allocation


def test_allocate_evenly() -> None:
    allocation = allocate_evenly(D("1000"), ["S3", "S1", "S2"])
    assert allocation.parts == {"S1": D("333.34"), "S2": D("333.33"), "S3": D("333.33")}
    assert allocation.gap == 0
    with pytest.raises(ValidationError):
        allocate_evenly(D("1000"), [])


def test_allocate_by_past_share() -> None:
    # Past actuals 300 : 100 : none → 1000 × 3/4 = 750, × 1/4 = 250, and 0.
    allocation = allocate_by_share(D("1000"), {"A": D(300), "B": D(100), "C": None})
    assert allocation.parts == {"A": D("750.00"), "B": D("250.00"), "C": D("0.00")}
    assert not allocation.fell_back_to_even
    # A member missing from history entirely gets 0 too.
    assert allocate_by_share(D("10"), {"A": D(1)}, ["A", "N"]).parts["N"] == D("0.00")


def test_allocate_by_share_without_history_falls_back_to_even() -> None:
    allocation = allocate_by_share(D("10"), {"A": D(0), "B": None, "C": D(-5)}, places=0)
    assert allocation.fell_back_to_even
    assert allocation.parts == {"A": D(4), "B": D(3), "C": D(3)}


def test_allocate_by_hand() -> None:
    parts = {"S2": D("400"), "S1": D("500")}
    with pytest.raises(ValidationError) as refused:
        allocate_by_hand(D("1000"), parts)
    assert "100" in str(refused.value) and "still to allocate" in str(refused.value)
    allocation = allocate_by_hand(D("1000"), parts, require_exact=False)
    assert allocation.gap == D("100")
    assert list(allocation.parts) == ["S1", "S2"]
    assert allocate_by_hand(D("900"), parts).gap == 0
    with pytest.raises(ValidationError):
        allocate_by_hand(D("900"), {"S1": D("1000"), "S2": D("-100")})


@given(
    totals,
    st.dictionaries(
        st.text("S0123456789", min_size=1, max_size=6),
        st.none() | st.decimals(min_value=-1000, max_value=10**6, places=2),
        min_size=1,
        max_size=30,
    ),
)
def test_allocation_adds_up(total: Decimal, past: dict[str, Decimal | None]) -> None:
    for allocation in (allocate_by_share(total, past), allocate_evenly(total, past)):
        assert sum(allocation.parts.values()) == total
        assert all(v >= 0 for v in allocation.parts.values())
        assert set(allocation.parts) == set(past)


# --------------------------------------------------------------------------- reconciliation


def test_reconcile_one_unit() -> None:
    row = reconcile("east", D("1000"), [D("300"), None, D("650")])
    assert (row.bottom_up, row.gap) == (D("950"), D("50"))
    assert reconcile("east", None, [D("1")]).gap is None


def test_reconcile_tree() -> None:
    # dept (assigned 1000) ├ east (assigned 600): S1 250 + S2 300 = 550, gap 50
    #                      └ south (none):        S3 200, gap none
    # dept bottom-up = east's assigned 600 + south's bottom-up 200 = 800, gap 200;
    # everyone in dept: 250 + 300 + 200 = 750.
    rows = reconcile_tree(
        {"dept": None, "east": "dept", "south": "dept"},
        {"dept": D("1000"), "east": D("600")},
        {"S1": "east", "S2": "east", "S3": "south", "S4": "south"},
        {"S1": D("250"), "S2": D("300"), "S3": D("200"), "S4": None},
    )
    by_unit = {r.unit_key: r for r in rows}
    assert [r.unit_key for r in rows] == ["dept", "east", "south"]
    assert [r.depth for r in rows] == [0, 1, 1]
    assert (by_unit["east"].bottom_up, by_unit["east"].gap) == (D("550"), D("50"))
    assert (by_unit["south"].bottom_up, by_unit["south"].gap) == (D("200"), None)
    assert (by_unit["dept"].bottom_up, by_unit["dept"].gap) == (D("800"), D("200"))
    assert by_unit["dept"].staff_total == D("750")


def test_reconcile_tree_refuses_a_loop() -> None:
    with pytest.raises(ValidationError):
        reconcile_tree({"a": "b", "b": "a", "r": None}, {}, {}, {})


# --------------------------------------------------------------------------- pro-rating


@pytest.mark.parametrize(
    ("hire", "leave", "counts"),
    [
        (date(2026, 3, 17), None, True),  # 17..31 March = 15 days
        (date(2026, 3, 18), None, False),  # 14 days
        (date(2020, 1, 1), date(2026, 3, 15), True),  # 1..15 March = 15 days
        (date(2020, 1, 1), date(2026, 3, 14), False),  # 14 days
        (date(2026, 4, 1), None, False),  # not yet there
    ],
)
def test_partial_month_counts_from_15_days(hire: date, leave: date | None, counts: bool) -> None:
    assert month_counts(Period.month(2026, 3), hire, leave) is counts


def test_prorate_months() -> None:
    targets = dict(zip(months(1, 2, 3), [D("100.00")] * 3, strict=True))
    # Joined 2026-02-20: February has 9 days employed → 0; March in full.
    prorated = prorate_months(targets, date(2026, 2, 20), None)
    assert list(prorated.values()) == [D("0.00"), D("0.00"), D("100.00")]
    assert prorated_period_target(targets, Q1, date(2026, 2, 20), None) == D("100.00")
    assert prorate_months(targets, date(2026, 2, 20), None, enabled=False) == targets
    assert prorated_period_target(targets, Q1, date(2026, 2, 20), None, enabled=False) == D("300")
    assert prorated_period_target({}, Q1, date(2026, 2, 20), None) is None


@given(
    hired=st.dates(min_value=date(2025, 10, 1), max_value=date(2026, 5, 31)),
    stayed=st.none() | st.integers(min_value=0, max_value=200),
    values=st.lists(
        st.none() | st.decimals(min_value=0, max_value=10**6, places=2), min_size=3, max_size=3
    ),
)
def test_a_period_target_is_its_months_after_pro_rating(
    hired: date, stayed: int | None, values: list[Decimal | None]
) -> None:
    """Whoever was employed all through skips the month-by-month check: the result is
    always the sum of the pro-rated months, to the exponent."""
    left = None if stayed is None else hired + timedelta(days=stayed)
    targets = {m: v for m, v in zip(Q1.months(), values, strict=True) if v is not None}
    expected = sum(prorate_months(targets, hired, left).values(), Decimal(0)) if targets else None
    got = prorated_period_target(targets, Q1, hired, left)
    assert str(got) == str(expected)
