"""Calendar period codes (month `2026-03`, quarter `2026-Q1`, year `2026`) and arithmetic.

Rule (appraisal-rules §2): periods are calendar periods with fixed codes; a quarter or a
year is made of its months.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import cache

from salesdesk.domain.errors import ValidationError
from salesdesk.domain.text import t


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


_KIND_NUMBERS = {PeriodKind.MONTH: 0, PeriodKind.QUARTER: 1, PeriodKind.YEAR: 2}


@dataclass(frozen=True, order=True)
class Period:
    """A calendar month, quarter or year. `index` is the month (1–12) or quarter (1–4)."""

    year: int
    kind: PeriodKind
    index: int = 0

    def __post_init__(self) -> None:
        # Periods key the dicts of whole-company computations (millions of look-ups): the
        # hash is computed once (the generated one hashes the enum in Python every time).
        # Of ints only, so a copy made in another process (pickle) keeps a valid hash.
        kind = _KIND_NUMBERS[self.kind]
        object.__setattr__(self, "_hash", hash((self.year, kind, self.index)))

    def __hash__(self) -> int:
        cached: int = self.__dict__["_hash"]
        return cached

    @property
    def code(self) -> str:
        if self.kind is PeriodKind.MONTH:
            return f"{self.year:04d}-{self.index:02d}"
        if self.kind is PeriodKind.QUARTER:
            return f"{self.year:04d}-Q{self.index}"
        return f"{self.year:04d}"

    def __str__(self) -> str:
        return self.code

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        if cls is Period:
            return _month(year, month)
        return cls(year, PeriodKind.MONTH, month)

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        return cls(year, PeriodKind.QUARTER, quarter)

    @classmethod
    def of_year(cls, year: int) -> Period:
        return cls(year, PeriodKind.YEAR, 0)

    @classmethod
    def containing(cls, day: date) -> Period:
        """The month that holds `day`."""
        return cls.month(day.year, day.month)

    def months(self) -> list[Period]:
        """The months this period is made of, in order."""
        return list(_months_of(self))

    @property
    def start(self) -> date:
        return _bounds_of(self)[0]

    @property
    def end(self) -> date:
        """The last day of the period (inclusive)."""
        return _bounds_of(self)[1]

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def month_count(self) -> int:
        return len(_months_of(self))

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def shift_years(self, years: int) -> Period:
        """The same period `years` later (negative: earlier), e.g. for year-on-year growth."""
        return Period(self.year + years, self.kind, self.index)

    def previous_months(self, count: int) -> list[Period]:
        """The `count` months before this period's first month, oldest first."""
        first = self.months()[0]
        result: list[Period] = []
        year, month = first.year, first.index
        for _ in range(count):
            month -= 1
            if month == 0:
                year, month = year - 1, 12
            result.append(Period.month(year, month))
        return list(reversed(result))

    def previous(self) -> Period:
        """The period of the same kind just before this one (2026-Q1 → 2025-Q4)."""
        if self.kind is PeriodKind.YEAR:
            return Period.of_year(self.year - 1)
        last = 12 if self.kind is PeriodKind.MONTH else 4
        if self.index == 1:
            return Period(self.year - 1, self.kind, last)
        return Period(self.year, self.kind, self.index - 1)

    def quarter_of(self) -> Period:
        """The quarter holding this month."""
        if self.kind is not PeriodKind.MONTH:
            raise ValueError("quarter_of() needs a month")
        return Period.quarter(self.year, (self.index - 1) // 3 + 1)


# Periods are immutable values, so what is derived from one is computed once per process
# (a company's computations ask for the same few dozen periods millions of times).


@cache
def _month(year: int, month: int) -> Period:
    return Period(year, PeriodKind.MONTH, month)


@cache
def _months_of(period: Period) -> tuple[Period, ...]:
    if period.kind is PeriodKind.MONTH:
        return (period,)
    if period.kind is PeriodKind.QUARTER:
        first = 3 * (period.index - 1) + 1
        return tuple(Period.month(period.year, m) for m in range(first, first + 3))
    return tuple(Period.month(period.year, m) for m in range(1, 13))


@cache
def _bounds_of(period: Period) -> tuple[date, date]:
    months = _months_of(period)
    first, last = months[0], months[-1]
    end = date(last.year, last.index, calendar.monthrange(last.year, last.index)[1])
    return date(first.year, first.index, 1), end


_PATTERNS: list[tuple[re.Pattern[str], PeriodKind]] = [
    (re.compile(r"^(\d{4})\s*[-/.]\s*(\d{1,2})$"), PeriodKind.MONTH),
    (re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月(?:份)?$"), PeriodKind.MONTH),
    (re.compile(r"^(\d{4})(\d{2})$"), PeriodKind.MONTH),
    (re.compile(r"^(\d{4})\s*-?\s*[Qq]\s*([1-4])$"), PeriodKind.QUARTER),
    (re.compile(r"^(\d{4})\s*年\s*第?\s*([1-4一二三四])\s*季度?$"), PeriodKind.QUARTER),
    (re.compile(r"^(\d{4})\s*年?(?:度)?$"), PeriodKind.YEAR),
]
_CHINESE_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4}
ALLOWED_PERIODS = "2026-03, 2026年3月, 2026-Q1, 2026Q1, 2026年第1季度, 2026"


def parse_period(text: str) -> Period:
    """Parse a period code in any accepted spelling (data-exchange §2)."""
    value = str(text).strip()
    for pattern, kind in _PATTERNS:
        match = pattern.match(value)
        if not match:
            continue
        year = int(match.group(1))
        if not 1900 <= year <= 2999:
            break
        if kind is PeriodKind.YEAR:
            return Period.of_year(year)
        raw = match.group(2)
        index = _CHINESE_DIGITS[raw] if raw in _CHINESE_DIGITS else int(raw)
        if kind is PeriodKind.MONTH and 1 <= index <= 12:
            return Period.month(year, index)
        if kind is PeriodKind.QUARTER and 1 <= index <= 4:
            return Period.quarter(year, index)
        break
    raise ValidationError.single(
        t("not a period: {v}", "不是有效的期间：{v}", v=value), allowed=ALLOWED_PERIODS
    )


def months_between(first: Period, last: Period) -> list[Period]:
    """Every month from the first month of `first` to the last month of `last`, inclusive."""
    start = first.months()[0]
    end = last.months()[-1]
    result: list[Period] = []
    year, month = start.year, start.index
    while (year, month) <= (end.year, end.index):
        result.append(Period.month(year, month))
        month += 1
        if month == 13:
            year, month = year + 1, 1
    return result


def days_overlap(period: Period, start: date, end: date | None) -> int:
    """Days of `period` within [start, end] (end inclusive; None: still there)."""
    lo = max(period.start, start)
    hi = min(period.end, end) if end is not None else period.end
    return max(0, (hi - lo).days + 1)


def add_days(day: date, days: int) -> date:
    return day + timedelta(days=days)
