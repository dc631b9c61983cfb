"""Periods, exact decimals and organisation rules (pure domain)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesdesk.domain.decimals import from_cents, parse_decimal, round_half_up, to_cents
from salesdesk.domain.errors import ValidationError
from salesdesk.domain.org import (
    Role,
    check_employment_dates,
    check_manager_chain,
    parse_role,
    split_unit_path,
)
from salesdesk.domain.periods import Period, PeriodKind, months_between, parse_period
from salesdesk.domain.text import set_language, t


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("2026-03", "2026-03"),
        ("2026/3", "2026-03"),
        ("2026.3", "2026-03"),
        ("2026年3月", "2026-03"),
        ("202603", "2026-03"),
        ("2026-Q1", "2026-Q1"),
        ("2026Q1", "2026-Q1"),
        ("2026 q4", "2026-Q4"),
        ("2026年第1季度", "2026-Q1"),
        ("2026年第三季度", "2026-Q3"),
        ("2026", "2026"),
        ("2026年", "2026"),
    ],
)
def test_parse_period_spellings(text: str, code: str) -> None:
    assert parse_period(text).code == code


@pytest.mark.parametrize("text", ["2026-13", "2026-Q5", "March", "", "26-03", "2026-00"])
def test_parse_period_refuses(text: str) -> None:
    with pytest.raises(ValidationError) as refused:
        parse_period(text)
    assert "2026-Q1" in str(refused.value)


def test_quarter_and_year_are_made_of_months() -> None:
    q1 = Period.quarter(2026, 1)
    assert [m.code for m in q1.months()] == ["2026-01", "2026-02", "2026-03"]
    assert q1.start == date(2026, 1, 1) and q1.end == date(2026, 3, 31)
    assert q1.days == 90
    assert Period.of_year(2024).days == 366
    assert Period.month(2026, 3).previous_months(12)[0].code == "2025-03"
    assert Period.month(2026, 2).quarter_of() == q1


@given(st.integers(1990, 2100), st.integers(1, 12))
def test_month_code_round_trip(year: int, month: int) -> None:
    period = Period.month(year, month)
    assert parse_period(period.code) == period
    assert period.kind is PeriodKind.MONTH
    assert period in period.quarter_of().months()


@given(st.integers(2000, 2050), st.integers(1, 12), st.integers(0, 40))
def test_months_between_counts(year: int, month: int, span: int) -> None:
    first = Period.month(year, month)
    months = months_between(first, first)
    assert months == [first]
    year_months = months_between(Period.of_year(year), Period.of_year(year + span // 12))
    assert len(year_months) == 12 * (span // 12 + 1)


def test_parse_decimal_forms() -> None:
    assert parse_decimal("¥1,234.50") == Decimal("1234.50")
    assert parse_decimal(" 3,000 ") == Decimal("3000")
    assert parse_decimal("(12.5)") == Decimal("-12.5")
    for bad in ("abc", "1.2.3", "nan", "inf", ""):
        with pytest.raises(ValueError):
            parse_decimal(bad)


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False))
def test_cents_round_trip(value: Decimal) -> None:
    assert from_cents(to_cents(value)) == value


def test_round_half_up() -> None:
    assert round_half_up(Decimal("0.125")) == Decimal("0.13")
    assert round_half_up(Decimal("2.675")) == Decimal("2.68")
    assert round_half_up(Decimal("-0.125")) == Decimal("-0.13")


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("销售代表", Role.REP),
        ("客户经理", Role.REP),
        ("rep", Role.REP),
        ("Supervisor", Role.SUPERVISOR),
        ("销售经理", Role.SUPERVISOR),
        ("销售助理", Role.SUPPORT),
        ("销售内勤", Role.SUPPORT),
        (" 销售总监 ", Role.DIRECTOR),
        ("Sales rep", Role.REP),
    ],
)
def test_role_synonyms(text: str, role: Role) -> None:
    assert parse_role(text) is role


def test_unknown_role_lists_what_is_allowed() -> None:
    with pytest.raises(ValidationError) as refused:
        parse_role("经理助理的助理")
    assert "销售代表/rep" in str(refused.value)


def test_unit_path_separators() -> None:
    assert split_unit_path("销售部 / 华东区/一组/") == ["销售部", "华东区", "一组"]
    assert split_unit_path("销售部\\华东区") == ["销售部", "华东区"]


def test_employment_dates() -> None:
    check_employment_dates(date(2024, 1, 1), date(2024, 1, 1))
    with pytest.raises(ValidationError, match="before hire date"):
        check_employment_dates(date(2024, 1, 2), date(2024, 1, 1))


@given(st.lists(st.integers(0, 20), min_size=2, max_size=20), st.data())
def test_manager_chain_never_accepts_a_loop(bosses: list[int], data: st.DataObject) -> None:
    """Build a forest where person i's manager has a smaller index; then any proposal that
    makes someone report to their own (indirect) subordinate is refused, others accepted."""
    n = len(bosses)
    manager = {
        f"P{i}": (f"P{bosses[i] % i}" if i and bosses[i] % (i + 1) else None) for i in range(n)
    }
    who = f"P{data.draw(st.integers(0, n - 1))}"
    new_boss = f"P{data.draw(st.integers(0, n - 1))}"

    def chain(start: str) -> set[str]:
        seen, cur = set(), start
        while cur is not None:
            seen.add(cur)
            cur = manager[cur]
        return seen

    makes_loop = who in chain(new_boss)
    if makes_loop:
        with pytest.raises(ValidationError):
            check_manager_chain(who, new_boss, manager.get)
    else:
        check_manager_chain(who, new_boss, manager.get)


def test_messages_follow_language() -> None:
    set_language("zh")
    try:
        assert t("staff", "人员") == "人员"
        with pytest.raises(ValidationError, match="离职日期"):
            check_employment_dates(date(2024, 1, 2), date(2024, 1, 1))
    finally:
        set_language("en")
