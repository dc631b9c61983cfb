"""Targets (appraisal-rules §4): seasonality, splitting to the cent, levels, allocation,
reconciliation and pro-rating.

Everything here is pure: values in, values out. Money targets are split to the cent
(``places=2``), count targets (orders, new customers, visits) to whole units
(``places=0``); the parts of a split always add up exactly to the total.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from salesdesk.domain.decimals import ZERO
from salesdesk.domain.errors import ValidationError
from salesdesk.domain.metrics import MetricUnit
from salesdesk.domain.periods import Period, PeriodKind, days_overlap
from salesdesk.domain.text import t

MONTHS_IN_YEAR = 12
MONEY_PLACES = 2
COUNT_PLACES = 0
# Rule (appraisal-rules §4): a partial month counts in full from this many days employed.
FULL_MONTH_DAYS = 15

Weight = Decimal | int


# --------------------------------------------------------------------------- validation


def check_target_value(value: Decimal, field: str = "target") -> Decimal:
    """Rule (appraisal-rules §4): targets (and levels) are never negative; refuse one that is."""
    if not value.is_finite():
        raise ValidationError.single(
            t("target is not a number: {v}", "目标值不是数字：{v}", v=value),
            field=field,
            allowed=t("a number ≥ 0", "≥ 0 的数"),
        )
    if value < 0:
        raise ValidationError.single(
            t("a target cannot be negative: {v}", "目标值不能为负数：{v}", v=value),
            field=field,
            allowed=t("a number ≥ 0", "≥ 0 的数"),
        )
    return value


def places_for_unit(unit: MetricUnit) -> int:
    """Decimals a `sum` target is split to: whole units for counts, cents for everything else."""
    return COUNT_PLACES if unit is MetricUnit.COUNT else MONEY_PLACES


def _check_places(total: Decimal, places: int, field: str) -> int:
    """The total in units of 10^-places, refusing negatives and finer fractions."""
    check_target_value(total, field)
    scaled = total.scaleb(places)
    if scaled != scaled.to_integral_value():
        allowed = (
            t("a whole number", "整数")
            if places == 0
            else t("at most {p} decimals", "最多 {p} 位小数", p=places)
        )
        raise ValidationError.single(
            t(
                "{v} cannot be split into parts of {p} decimals",
                "{v} 无法拆分为 {p} 位小数的各部分",
                v=total,
                p=places,
            ),
            field=field,
            allowed=allowed,
        )
    return int(scaled)


def _scaled_integers(weights: Sequence[Weight]) -> list[int]:
    """Weights as exact integers with a common scale (ratios unchanged, no rounding)."""
    decimals = [Decimal(w) for w in weights]
    for w in decimals:
        if not w.is_finite() or w < 0:
            raise ValidationError.single(
                t("weights must be numbers ≥ 0: {v}", "权重必须是 ≥ 0 的数：{v}", v=w),
                field="weights",
                allowed=t("numbers ≥ 0, not all 0", "≥ 0 的数，不能全为 0"),
            )
    shift = max((-int(w.as_tuple().exponent) for w in decimals), default=0)
    shift = max(shift, 0)
    result: list[int] = []
    for w in decimals:
        _sign, digits, exponent = w.as_tuple()
        mantissa = int("".join(map(str, digits))) if digits else 0
        result.append(mantissa * 10 ** (int(exponent) + shift))
    return result


# --------------------------------------------------------------------------- splitting


def split_to_cents(total: Decimal, weights: Sequence[Weight], places: int = 2) -> list[Decimal]:
    """Rule (appraisal-rules §4): split `total` by `weights` with the largest-remainder method.

    Each part first gets its exact share rounded down to `places` decimals; the units still
    missing go, one each, to the parts with the largest remainders, equal remainders to the
    earlier position first. The parts add up exactly to `total`, are never negative, and each
    is within one unit (a cent at ``places=2``) of its exact share; a weight of 0 gets 0.

    Refuses (ValidationError) a negative total, a total finer than `places`, negative
    weights, and weights that are all 0 (unless the total is 0: then every part is 0).
    """
    units = _check_places(total, places, "total")
    scaled = _scaled_integers(weights)
    weight_sum = sum(scaled)
    if not scaled:
        raise ValidationError.single(
            t("nothing to split the total over", "没有可拆分的对象"), field="weights"
        )
    if weight_sum == 0:
        if units == 0:
            return [Decimal(0).scaleb(-places) for _ in scaled]
        raise ValidationError.single(
            t("the weights are all 0", "权重全部为 0"),
            field="weights",
            allowed=t("numbers ≥ 0, not all 0", "≥ 0 的数，不能全为 0"),
        )
    floors: list[int] = []
    remainders: list[int] = []
    for w in scaled:
        q, r = divmod(units * w, weight_sum)
        floors.append(q)
        remainders.append(r)
    missing = units - sum(floors)
    # Sorting by (-remainder, position) puts equal remainders in position order.
    for index in sorted(range(len(scaled)), key=lambda i: (-remainders[i], i))[:missing]:
        floors[index] += 1
    return [Decimal(part).scaleb(-places) for part in floors]


def split_by_key(
    total: Decimal, weights: Mapping[str, Weight], places: int = 2
) -> dict[str, Decimal]:
    """Rule (appraisal-rules §4): split among people, equal remainders to the lower staff code.

    The keys (staff codes, or unit keys) are sorted as text, and the split follows
    :func:`split_to_cents` in that order, so the lower code gets the unit first.
    """
    keys = sorted(weights)
    parts = split_to_cents(total, [weights[k] for k in keys], places)
    return dict(zip(keys, parts, strict=True))


def split_to_units(total: Decimal, weights: Sequence[Weight]) -> list[Decimal]:
    """Rule (appraisal-rules §4): a count target (orders, new customers) split to whole units."""
    return split_to_cents(total, weights, COUNT_PLACES)


# --------------------------------------------------------------------------- seasonality


class ProfileKind(StrEnum):
    EVEN = "even"
    BY_HAND = "by_hand"
    FROM_HISTORY = "from_history"


@dataclass(frozen=True)
class SeasonalityProfile:
    """Twelve monthly weights (January first) that split year and quarter targets into months.

    Weights are relative: only their proportions matter.
    """

    weights: tuple[Decimal, ...]
    kind: ProfileKind = ProfileKind.BY_HAND

    def __post_init__(self) -> None:
        if len(self.weights) != MONTHS_IN_YEAR:
            raise ValueError("a seasonality profile has 12 weights; use profile_by_hand()")

    def weights_for(self, period: Period) -> list[Decimal]:
        """The weights of the months of `period`, in month order."""
        return [self.weights[m.index - 1] for m in period.months()]


def even_profile() -> SeasonalityProfile:
    """Rule (appraisal-rules §4): the default seasonality profile, 12 equal weights."""
    return SeasonalityProfile(tuple(Decimal(1) for _ in range(MONTHS_IN_YEAR)), ProfileKind.EVEN)


def profile_by_hand(weights: Sequence[Weight]) -> SeasonalityProfile:
    """Rule (appraisal-rules §4): a profile typed by hand, 12 weights ≥ 0, not all 0."""
    allowed = t("12 numbers ≥ 0, not all 0", "12 个 ≥ 0 的数，不能全为 0")
    if len(weights) != MONTHS_IN_YEAR:
        raise ValidationError.single(
            t(
                "a seasonality profile needs 12 weights, got {n}",
                "季节系数需要 12 个权重，实际为 {n} 个",
                n=len(weights),
            ),
            field="weights",
            allowed=allowed,
        )
    values = [Decimal(w) for w in weights]
    for month, w in enumerate(values, start=1):
        if not w.is_finite() or w < 0:
            raise ValidationError.single(
                t(
                    "the weight of month {m} must be ≥ 0: {v}",
                    "第 {m} 月的权重必须 ≥ 0：{v}",
                    m=month,
                    v=w,
                ),
                field="weights",
                allowed=allowed,
            )
    if all(w == 0 for w in values):
        raise ValidationError.single(
            t("the weights are all 0", "权重全部为 0"), field="weights", allowed=allowed
        )
    return SeasonalityProfile(tuple(values), ProfileKind.BY_HAND)


def profile_from_history(
    history: Mapping[int, Sequence[Decimal | None]], years: Iterable[int] | None = None
) -> SeasonalityProfile:
    """Rule (appraisal-rules §4): a profile derived from past revenue.

    A month's weight is that month's average revenue over the chosen `years` (default: every
    year in `history`) ÷ the average over all months. `history[year]` holds the 12 monthly
    revenues, January first.

    Months without history (None) are handled so: a month's average is taken over the years
    that have a value for it; a month with no value in any chosen year gets weight 1 — the
    average month — and the "average of all months" is taken over the months that have
    history. A month whose average is negative (returns exceeding sales) gets weight 0. When
    no month has positive history the profile is even (kind EVEN), so a split always works.
    """
    chosen = sorted(history) if years is None else sorted(set(years))
    sums = [ZERO] * MONTHS_IN_YEAR
    counts = [0] * MONTHS_IN_YEAR
    for year in chosen:
        if year not in history:
            raise ValidationError.single(
                t("no revenue history for {y}", "没有 {y} 年的销售额历史", y=year),
                field="years",
            )
        row = history[year]
        if len(row) != MONTHS_IN_YEAR:
            raise ValidationError.single(
                t(
                    "the history of {y} needs 12 months, got {n}",
                    "{y} 年的历史需要 12 个月，实际为 {n} 个",
                    y=year,
                    n=len(row),
                ),
                field="history",
            )
        for i, value in enumerate(row):
            if value is not None:
                sums[i] += value
                counts[i] += 1
    averages: list[Decimal | None] = [
        max(sums[i] / counts[i], ZERO) if counts[i] else None for i in range(MONTHS_IN_YEAR)
    ]
    known = [a for a in averages if a is not None]
    if not known or sum(known, ZERO) == 0:
        return even_profile()
    overall = sum(known, ZERO) / len(known)
    weights = tuple(Decimal(1) if a is None else a / overall for a in averages)
    return SeasonalityProfile(weights, ProfileKind.FROM_HISTORY)


# --------------------------------------------------------------------------- period totals


def split_period_total(
    total: Decimal,
    period: Period,
    profile: SeasonalityProfile | None = None,
    places: int = MONEY_PLACES,
) -> dict[Period, Decimal]:
    """Rule (appraisal-rules §4): a year or quarter target of a `sum` metric split into months.

    The months take the profile's weights for them (default profile: even). When the
    profile gives all months of `period` weight 0 (a hand profile with a dead quarter), the
    quarter is split evenly rather than refused. A month's target is the total itself.
    """
    months = period.months()
    if period.kind is PeriodKind.MONTH:
        _check_places(total, places, "total")
        return {period: total}
    weights: list[Decimal] = (profile or even_profile()).weights_for(period)
    if all(w == 0 for w in weights):
        weights = [Decimal(1)] * len(months)
    return dict(zip(months, split_to_cents(total, weights, places), strict=True))


def resplit_period_total(
    total: Decimal,
    period: Period,
    current: Mapping[Period, Decimal | None],
    profile: SeasonalityProfile | None = None,
    places: int = MONEY_PLACES,
) -> dict[Period, Decimal]:
    """Rule (appraisal-rules §4): a changed quarter/year total re-split over its months.

    In proportion to the months' current values (a month without a value counts as 0); when
    they are all 0, by the profile as :func:`split_period_total` does.
    """
    months = period.months()
    values = [current.get(m) or ZERO for m in months]
    for month, value in zip(months, values, strict=True):
        check_target_value(value, f"target {month.code}")
    if all(v == 0 for v in values):
        return split_period_total(total, period, profile, places)
    return dict(zip(months, split_to_cents(total, values, places), strict=True))


def period_sum(month_values: Mapping[Period, Decimal | None], period: Period) -> Decimal | None:
    """Rule (appraisal-rules §4): the quarter/year value of a `sum` target is the sum of months.

    Months without a value count as 0; when none of the period's months has a value, the
    period has no target (None).
    """
    present = [v for m in period.months() if (v := month_values.get(m)) is not None]
    if not present:
        return None
    return sum(present, ZERO)


def level_for(period: Period, levels: Mapping[Period, Decimal]) -> Decimal | None:
    """Rule (appraisal-rules §4): the level of a `ratio`/`mean`/`last` metric for `period`.

    The level set for the period itself, else for its quarter (for a month), else for its
    year; None when none is set.
    """
    if period in levels:
        return levels[period]
    if period.kind is PeriodKind.MONTH:
        quarter = period.quarter_of()
        if quarter in levels:
            return levels[quarter]
    if period.kind is not PeriodKind.YEAR:
        year = Period.of_year(period.year)
        if year in levels:
            return levels[year]
    return None


# --------------------------------------------------------------------------- allocation


@dataclass(frozen=True)
class Allocation:
    """A unit target shared out among members (staff codes or sub-unit keys).

    `gap` is total − Σparts: 0 for the computed methods; for a hand allocation accepted
    with a gap, what is still unallocated (negative: over-allocated).
    `fell_back_to_even` tells a caller to warn that the chosen history had nothing to go by.
    """

    total: Decimal
    parts: Mapping[str, Decimal] = field(default_factory=dict)
    gap: Decimal = ZERO
    fell_back_to_even: bool = False


def _member_list(members: Iterable[str]) -> list[str]:
    keys = sorted(set(members))
    if not keys:
        raise ValidationError.single(
            t("the unit has no members to allocate to", "该部门没有可分配的成员"),
            field="members",
        )
    return keys


def allocate_evenly(
    total: Decimal, members: Iterable[str], places: int = MONEY_PLACES
) -> Allocation:
    """Rule (appraisal-rules §4): allocate a unit target evenly among its members.

    To the cent (or unit); the leftover cents go to the lower staff codes first.
    """
    keys = _member_list(members)
    return Allocation(total, split_by_key(total, dict.fromkeys(keys, 1), places))


def allocate_by_share(
    total: Decimal,
    past_actuals: Mapping[str, Decimal | None],
    members: Iterable[str] | None = None,
    places: int = MONEY_PLACES,
) -> Allocation:
    """Rule (appraisal-rules §4): allocate by each member's share of a past actual.

    `past_actuals` holds the members' actuals in the chosen past period; `members` (default:
    its keys) are the people to allocate to. A member with no past actual (absent, None) or
    a negative one (net returns) gets weight 0, hence 0. When no member has a positive past
    actual there is nothing to go by: the allocation falls back to even and says so
    (`fell_back_to_even`) so the caller can warn. Ties go to the lower staff code.
    """
    keys = _member_list(past_actuals if members is None else members)
    weights: dict[str, Weight] = {}
    for key in keys:
        value = past_actuals.get(key)
        weights[key] = value if value is not None and value > 0 else ZERO
    if all(w == 0 for w in weights.values()):
        return Allocation(total, split_by_key(total, dict.fromkeys(keys, 1), places), ZERO, True)
    return Allocation(total, split_by_key(total, weights, places))


def allocate_by_hand(
    total: Decimal,
    parts: Mapping[str, Decimal],
    places: int = MONEY_PLACES,
    *,
    require_exact: bool = True,
) -> Allocation:
    """Rule (appraisal-rules §4): an allocation typed by hand, checked to add up to the total.

    Every part must be ≥ 0 with at most `places` decimals. When Σparts ≠ total, refuses with
    a ValidationError that states the gap (`require_exact`), or returns the allocation with
    its `gap` = total − Σparts for the caller to show.
    """
    _check_places(total, places, "total")
    for key, value in parts.items():
        _check_places(value, places, key)
    allocated = sum(parts.values(), ZERO)
    gap = total - allocated
    if gap != 0 and require_exact:
        raise ValidationError.single(
            t(
                "the members' targets add up to {s}, not {total}: {g} {what}",
                "成员目标合计为 {s}，而不是 {total}：{what} {g}",
                s=allocated,
                total=total,
                g=abs(gap),
                what=t("still to allocate", "尚未分配")
                if gap > 0
                else t("allocated too much", "超额分配"),
            ),
            field="allocation",
            allowed=t("parts adding up to {total}", "合计为 {total} 的分配", total=total),
        )
    return Allocation(total, {k: parts[k] for k in sorted(parts)}, gap)


# --------------------------------------------------------------------------- reconciliation


@dataclass(frozen=True)
class ReconciliationRow:
    """One unit in one period: assigned (top-down) beside the sum of its members (bottom-up).

    `bottom_up` = Σ targets of the staff directly in the unit + Σ over its sub-units of their
    assigned target (or, where a sub-unit has none, its own bottom-up). `staff_total` = Σ
    targets of every person in the unit and its sub-units. `gap` = assigned − bottom_up, None
    when nothing is assigned.
    """

    unit_key: str
    assigned: Decimal | None
    bottom_up: Decimal
    staff_total: Decimal
    gap: Decimal | None
    depth: int = 0


def reconcile(
    unit_key: str, assigned: Decimal | None, member_targets: Iterable[Decimal | None]
) -> ReconciliationRow:
    """Rule (appraisal-rules §4): one unit's assigned target against the sum of its members.

    Members without a target count as 0.
    """
    bottom_up = sum((v for v in member_targets if v is not None), ZERO)
    gap = None if assigned is None else assigned - bottom_up
    return ReconciliationRow(unit_key, assigned, bottom_up, bottom_up, gap)


def _children_of(parent_of: Mapping[str, str | None]) -> dict[str | None, list[str]]:
    children: dict[str | None, list[str]] = {}
    for unit in sorted(parent_of):
        parent = parent_of[unit]
        if parent is not None and parent not in parent_of:
            parent = None  # a parent outside the given tree: treat the unit as a root
        children.setdefault(parent, []).append(unit)
    return children


def reconcile_tree(
    parent_of: Mapping[str, str | None],
    assigned: Mapping[str, Decimal | None],
    staff_unit: Mapping[str, str],
    staff_targets: Mapping[str, Decimal | None],
) -> list[ReconciliationRow]:
    """Rule (appraisal-rules §4): reconciliation for every org unit of a tree in one period.

    `parent_of` maps each unit to its parent (None at a root); `assigned` the units' own
    targets; `staff_unit` each person's unit in the period; `staff_targets` their targets
    (absent or None: 0). Rows come in tree order (parents before children, siblings by key).
    """
    children = _children_of(parent_of)
    direct: dict[str, Decimal] = {}
    for staff, unit in staff_unit.items():
        value = staff_targets.get(staff)
        if value is not None and unit in parent_of:
            direct[unit] = direct.get(unit, ZERO) + value

    order: list[tuple[str, int]] = []
    stack: list[tuple[str, int]] = [(u, 0) for u in reversed(children.get(None, []))]
    seen: set[str] = set()
    while stack:
        unit, depth = stack.pop()
        if unit in seen:
            continue
        seen.add(unit)
        order.append((unit, depth))
        stack.extend((c, depth + 1) for c in reversed(children.get(unit, [])))
    if len(seen) != len(parent_of):
        raise ValidationError.single(
            t("the unit tree has a loop", "部门树存在循环"), field="parent"
        )

    bottom_up: dict[str, Decimal] = {}
    staff_total: dict[str, Decimal] = {}
    for unit, _depth in reversed(order):  # children before parents
        up = direct.get(unit, ZERO)
        everyone = up
        for child in children.get(unit, []):
            child_assigned = assigned.get(child)
            up += child_assigned if child_assigned is not None else bottom_up[child]
            everyone += staff_total[child]
        bottom_up[unit] = up
        staff_total[unit] = everyone
    rows: list[ReconciliationRow] = []
    for unit, depth in order:
        own = assigned.get(unit)
        gap = None if own is None else own - bottom_up[unit]
        rows.append(ReconciliationRow(unit, own, bottom_up[unit], staff_total[unit], gap, depth))
    return rows


# --------------------------------------------------------------------------- pro-rating


def days_employed(month: Period, hire_date: dt.date, leave_date: dt.date | None) -> int:
    """Days of `month` between hire and leave date (both inclusive; no leave date: still there)."""
    return days_overlap(month, hire_date, leave_date)


def month_counts(month: Period, hire_date: dt.date, leave_date: dt.date | None) -> bool:
    """Rule (appraisal-rules §4): a partial month counts in full only with ≥ 15 days employed."""
    return days_employed(month, hire_date, leave_date) >= FULL_MONTH_DAYS


def prorate_months(
    month_targets: Mapping[Period, Decimal],
    hire_date: dt.date,
    leave_date: dt.date | None,
    *,
    enabled: bool = True,
) -> dict[Period, Decimal]:
    """Rule (appraisal-rules §4): pro-rate a joiner's or leaver's monthly targets.

    A month's target counts in full when the person was employed ≥ 15 days of it, else it is
    0 (a target of 0 keeps the places of the original, e.g. ``0.00``). Switched off for the
    cycle (`enabled=False`), the targets are returned unchanged.
    """
    if not enabled:
        return dict(month_targets)
    return {
        month: value if month_counts(month, hire_date, leave_date) else value * 0
        for month, value in month_targets.items()
    }


def prorated_period_target(
    month_targets: Mapping[Period, Decimal | None],
    period: Period,
    hire_date: dt.date,
    leave_date: dt.date | None,
    *,
    enabled: bool = True,
) -> Decimal | None:
    """Rule (appraisal-rules §4): a `sum` target for a period after pro-rating its months."""
    if not enabled or (
        hire_date <= period.start and (leave_date is None or leave_date >= period.end)
    ):
        # Employed all through (most people): every month counts in full.
        return period_sum(month_targets, period)
    present = {m: v for m in period.months() if (v := month_targets.get(m)) is not None}
    if not present:
        return None
    return sum(prorate_months(present, hire_date, leave_date, enabled=enabled).values(), ZERO)
