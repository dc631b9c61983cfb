"""Targets (appraisal-rules §4): the targets grid, month/quarter/year edits, allocation of
a unit's target to its members, reconciliation, seasonality profiles and pro-rating.

Every method is one transaction and returns frozen DTOs. The grid of a metric and a year
is read with one query per table (metrics, units, staff, targets), never a query per cell,
so 10,000 people load in one call.

A grid row holds 17 *slots*: the 12 months, the 4 quarters and the year. For a `sum`
metric the months are stored and a quarter or the year is the sum of its months; for a
`ratio`/`mean`/`last` metric each slot shows the level in force (its own, else its
quarter's, else its year's) and says when it is inherited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, and_, extract, func, or_, select, type_coerce
from sqlalchemy.orm import Session

from salesdesk.db.models import (
    CustomerSegment,
    Metric,
    MetricValue,
    OrgUnit,
    ProductLine,
    Receipt,
    Region,
    SalesCredit,
    SalesLine,
    Staff,
    Target,
    UnitMembership,
    scope_key,
)
from salesdesk.db.models import SeasonalityProfile as ProfileRow
from salesdesk.domain import targets as rules
from salesdesk.domain.aggregation import Membership, unit_in_month
from salesdesk.domain.decimals import ZERO
from salesdesk.domain.errors import NotFoundError, Problem, StaleEditError, ValidationError
from salesdesk.domain.metrics import Aggregation, MetricUnit
from salesdesk.domain.periods import Period, PeriodKind, parse_period
from salesdesk.domain.text import t
from salesdesk.services import audit
from salesdesk.services.database import Database
from salesdesk.services.staff import unit_paths

MONTH_SLOTS = 12
QUARTER_SLOTS = 4
SLOTS = MONTH_SLOTS + QUARTER_SLOTS + 1
YEAR_SLOT = SLOTS - 1

DIMENSION_KINDS = ("product_line", "region", "segment")
Dimension = tuple[str, int]
Values = tuple[Decimal | None, ...]

# A percent level (0.95) and any value are stored in millionths.
STORED_PLACES = 6
POINTS_MAX = Decimal(100)


class SubjectKind(StrEnum):
    STAFF = "staff"
    UNIT = "unit"


@dataclass(frozen=True, order=True)
class Subject:
    """Whose target: a staff member or an org unit."""

    kind: SubjectKind
    id: int

    @classmethod
    def staff(cls, staff_id: int) -> Subject:
        return cls(SubjectKind.STAFF, staff_id)

    @classmethod
    def unit(cls, unit_id: int) -> Subject:
        return cls(SubjectKind.UNIT, unit_id)


def slot_period(year: int, slot: int) -> Period:
    """The period of a slot: 0–11 the months, 12–15 the quarters, 16 the year."""
    if slot < MONTH_SLOTS:
        return Period.month(year, slot + 1)
    if slot < YEAR_SLOT:
        return Period.quarter(year, slot - MONTH_SLOTS + 1)
    return Period.of_year(year)


def period_slot(period: Period) -> int:
    if period.kind is PeriodKind.MONTH:
        return period.index - 1
    if period.kind is PeriodKind.QUARTER:
        return MONTH_SLOTS + period.index - 1
    return YEAR_SLOT


def slot_months(slot: int) -> list[int]:
    """The month slots a slot is made of."""
    if slot < MONTH_SLOTS:
        return [slot]
    if slot < YEAR_SLOT:
        first = 3 * (slot - MONTH_SLOTS)
        return [first, first + 1, first + 2]
    return list(range(MONTH_SLOTS))


# --------------------------------------------------------------------------- DTOs


@dataclass(frozen=True)
class MetricInfo:
    """A metric as the targets page offers it."""

    code: str
    name_zh: str
    name_en: str
    unit: MetricUnit
    aggregation: Aggregation

    @property
    def is_sum(self) -> bool:
        return self.aggregation is Aggregation.SUM

    @property
    def places(self) -> int:
        """Decimals a target of this metric may have (percent: of the fraction)."""
        if self.unit is MetricUnit.COUNT:
            return 0 if self.is_sum else 2
        if self.unit is MetricUnit.PERCENT:
            return STORED_PLACES
        return 2

    def name(self, language: str) -> str:
        return self.name_zh if language == "zh" else self.name_en


@dataclass(frozen=True)
class DimensionOption:
    """A product line, region or customer segment a target can be narrowed to."""

    kind: str
    id: int
    code: str
    name: str

    @property
    def value(self) -> Dimension:
        return (self.kind, self.id)


@dataclass(frozen=True)
class UnitInfo:
    """An org unit in tree order."""

    id: int
    parent_id: int | None
    name: str
    path: str
    depth: int
    profile_id: int | None


@dataclass(frozen=True)
class GridRow:
    """One row of the targets grid: a unit (header and subtotal) or a person.

    `own` are the values stored for this subject (a `sum` metric: months only), `versions`
    their row versions (0: none stored). `values` are what the grid shows: for a person or
    a unit at the units level, the months with quarter and year sums (or the levels in
    force); for a unit at the people level and a `sum` metric, the sum of its members.
    `inherited` marks levels taken from a broader period. For unit rows `members` is the
    bottom-up sum (its people plus its sub-units' assigned targets) and `gap` = assigned −
    members (None where nothing is assigned).
    """

    kind: SubjectKind
    id: int
    unit_id: int
    code: str
    name: str
    depth: int
    own: Values
    versions: tuple[int, ...]
    values: Values
    inherited: tuple[bool, ...]
    editable: bool
    members: Values = ()
    gap: Values = ()
    has_left: bool = False
    hire_date: dt.date | None = None
    leave_date: dt.date | None = None

    @property
    def subject(self) -> Subject:
        return Subject(self.kind, self.id)

    @property
    def is_unit(self) -> bool:
        return self.kind is SubjectKind.UNIT


@dataclass(frozen=True)
class TargetChange:
    """One stored target that an edit changed: old → new (None: no target), new version."""

    subject: Subject
    period: str
    old: Decimal | None
    new: Decimal | None
    version: int


@dataclass(frozen=True)
class TargetGrid:
    """The targets of one metric and year, grouped by unit (see GridRow)."""

    year: int
    metric: MetricInfo
    dimension: Dimension | None
    level: str
    rows: tuple[GridRow, ...]
    units: tuple[UnitInfo, ...]
    # Σ of the people counted directly in each unit, per slot (the people may not be rows):
    # a person's month counts in the unit they were a member of in that month.
    direct: Mapping[int, Values] = field(default_factory=dict)
    # The unit each person counted in, month by month, where that is not always their
    # current unit (`GridRow.unit_id`): a move inside the year (appraisal-rules §1).
    month_units: Mapping[int, tuple[int, ...]] = field(default_factory=dict)

    def unit_in_month(self, row: GridRow, month_slot: int) -> int:
        """The unit whose bottom-up sum a person's month target counts in."""
        units = self.month_units.get(row.id) if row.kind is SubjectKind.STAFF else None
        return units[month_slot] if units is not None else row.unit_id

    def position(self, subject: Subject) -> int | None:
        for i, row in enumerate(self.rows):
            if row.kind is subject.kind and row.id == subject.id:
                return i
        return None

    def with_changes(self, changes: Sequence[TargetChange]) -> tuple[TargetGrid, list[int]]:
        """This grid after `changes` (from set_values) without reading the database: the
        changed rows and every unit row recomputed. Returns the new grid and the positions
        of the rows that changed; raises KeyError when a change is for a subject that is
        not in the grid (the caller reloads)."""
        index = {(r.kind, r.id): i for i, r in enumerate(self.rows)}
        rows = list(self.rows)
        touched: set[int] = set()
        direct = {u: list(v) for u, v in self.direct.items()}
        for change in changes:
            key = (change.subject.kind, change.subject.id)
            if key not in index:
                raise KeyError(key)
            position = index[key]
            row = rows[position]
            period = parse_period(change.period)
            slot = period_slot(period)
            own = list(row.own)
            versions = list(row.versions)
            own[slot] = change.new
            versions[slot] = change.version
            values, inherited = _shown_values(self.metric, tuple(own))
            rows[position] = replace(
                row, own=tuple(own), versions=tuple(versions), values=values, inherited=inherited
            )
            touched.add(position)
            if row.kind is SubjectKind.STAFF and self.metric.is_sum:
                counted_in = self.unit_in_month(row, slot) if slot < MONTH_SLOTS else row.unit_id
                sums = direct.setdefault(counted_in, [None] * SLOTS)
                for s in _covering_slots(slot):
                    sums[s] = _add(_sub(sums[s], change.old), change.new)
        new_direct = {u: tuple(v) for u, v in direct.items()}
        unit_rows = _unit_rows(
            self.metric,
            self.level,
            self.units,
            {r.id: r for r in rows if r.is_unit},
            new_direct,
        )
        for position, row in enumerate(rows):
            if row.is_unit and row.id in unit_rows:
                updated = unit_rows[row.id]
                if updated != row:
                    rows[position] = updated
                    touched.add(position)
        grid = replace(self, rows=tuple(rows), direct=new_direct)
        return grid, sorted(touched)


@dataclass(frozen=True)
class TargetEdit:
    """Set a target: a month, or a quarter/year (a `sum` metric re-splits it over its
    months; other metrics store the level there). `value` None deletes. `versions` are
    the row versions the user saw by period code (0: none), checked before writing."""

    subject: Subject
    period: str
    value: Decimal | None
    versions: Mapping[str, int] | None = None


@dataclass(frozen=True)
class ReconciliationRow:
    """One unit: assigned (top-down) beside the sum of its members (bottom-up) per slot."""

    unit_id: int
    path: str
    depth: int
    assigned: Values
    bottom_up: Values
    gap: Values

    @property
    def has_gap(self) -> bool:
        return any(g is not None and g != 0 for g in self.gap)


@dataclass(frozen=True)
class ProfileInfo:
    """A seasonality profile with where it is used."""

    id: int
    name: str
    weights: tuple[Decimal, ...]
    derived_from: str | None
    version: int
    units: int = 0
    staff: int = 0


@dataclass(frozen=True)
class ResolvedProfile:
    """The profile that splits a subject's targets: its own, else its unit's (or the
    nearest parent's); None when none is set (even)."""

    profile: ProfileInfo | None
    own: bool
    source: str


class AllocationMethod(StrEnum):
    EVEN = "even"
    SHARE = "share"
    HAND = "hand"


class SeasonalityChoice(StrEnum):
    """How a decomposition splits each share into months: by each member's own profile
    (their own, else their unit's), evenly, or by one saved profile (`profile_id`)."""

    OWN = "own"
    EVEN = "even"
    PROFILE = "profile"


@dataclass(frozen=True)
class DecomposeRequest:
    """Allocate a unit's target for a period (default the year) to its members — the
    people directly in it and (`to_sub_units`) each of its sub-units as one share — and
    split each part into months by seasonality (`seasonality`, `profile_id`).

    `by_hand` holds the parts typed by hand, by Subject (an int key is a staff id)."""

    year: int
    metric_code: str
    unit_id: int
    method: AllocationMethod = AllocationMethod.EVEN
    period: str | None = None
    dimension: Dimension | None = None
    share_metric: str = "revenue"
    share_period: str | None = None
    by_hand: Mapping[Subject | int, Decimal] = field(default_factory=dict)
    total: Decimal | None = None
    profile_id: int | None = None
    to_sub_units: bool = True
    seasonality: SeasonalityChoice = SeasonalityChoice.OWN

    def hand_part(self, subject: Subject) -> Decimal:
        if subject in self.by_hand:
            return self.by_hand[subject]
        if subject.kind is SubjectKind.STAFF:
            return self.by_hand.get(subject.id, ZERO)
        return ZERO


@dataclass(frozen=True)
class _Share:
    """One member of a decomposition: a person directly in the unit, or a sub-unit with the
    people now in its subtree (whose past actuals make its share)."""

    subject: Subject
    key: str
    code: str
    name: str
    hire_date: dt.date | None = None
    leave_date: dt.date | None = None
    people: tuple[int, ...] = ()


@dataclass(frozen=True)
class DecomposeLine:
    """One member before and after: months (12) and the period total, with its weight."""

    subject: Subject
    code: str
    name: str
    weight: Decimal | None
    before: Values
    after: Values
    before_total: Decimal | None
    after_total: Decimal


@dataclass(frozen=True)
class DecomposePreview:
    request: DecomposeRequest
    period: str
    total: Decimal
    lines: tuple[DecomposeLine, ...]
    fell_back_to_even: bool = False

    def edits(self) -> list[TargetEdit]:
        """The month edits that apply this allocation."""
        months = parse_period(self.period).months()
        result: list[TargetEdit] = []
        for line in self.lines:
            for month in months:
                slot = month.index - 1
                if line.after[slot] != line.before[slot]:
                    result.append(TargetEdit(line.subject, month.code, line.after[slot]))
        return result


@dataclass(frozen=True)
class EffectiveTarget:
    """A person's target for a period after pro-rating (appraisal-rules §4)."""

    value: Decimal | None
    full: Decimal | None
    prorated: bool
    months_counted: tuple[str, ...]


# --------------------------------------------------------------------------- pure helpers


def _add(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    if a is None:
        return b
    if b is None:
        return a
    return a + b


def _sub(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    if b is None:
        return a
    return (a or ZERO) - b


def _covering_slots(slot: int) -> list[int]:
    """The slot and the quarter and year made of it (for a month)."""
    if slot >= MONTH_SLOTS:
        return [slot]
    return [slot, MONTH_SLOTS + slot // 3, YEAR_SLOT]


def _sum_slots(months: Sequence[Decimal | None]) -> Values:
    """12 months → 17 slots with the quarter and year sums (as rules.period_sum: months
    without a value count 0; a period none of whose months has one has none)."""
    values: list[Decimal | None] = list(months[:MONTH_SLOTS])
    year: Decimal | None = None
    for first in (0, 3, 6, 9):
        quarter: Decimal | None = None
        for value in values[first : first + 3]:
            if value is not None:
                quarter = value if quarter is None else quarter + value
        values.append(quarter)
        if quarter is not None:
            year = quarter if year is None else year + quarter
    values.append(year)
    return tuple(values)


_NOT_INHERITED = (False,) * SLOTS


def _shown_values(metric: MetricInfo, own: Values) -> tuple[Values, tuple[bool, ...]]:
    """What a subject's slots show, and which are inherited levels."""
    if metric.aggregation is Aggregation.SUM:
        return _sum_slots(own), _NOT_INHERITED
    values: list[Decimal | None] = []
    inherited: list[bool] = []
    for slot in range(SLOTS):
        value = own[slot]
        taken = False
        if value is None and slot != YEAR_SLOT:
            quarter = MONTH_SLOTS + slot // 3 if slot < MONTH_SLOTS else None
            # Rule (appraisal-rules §4, rules.level_for): the quarter's level, else the year's.
            if quarter is not None and own[quarter] is not None:
                value, taken = own[quarter], True
            elif own[YEAR_SLOT] is not None:
                value, taken = own[YEAR_SLOT], True
        values.append(value)
        inherited.append(taken)
    return tuple(values), tuple(inherited)


def _unit_rows(
    metric: MetricInfo,
    level: str,
    units: Sequence[UnitInfo],
    current: Mapping[int, GridRow],
    direct: Mapping[int, Values],
) -> dict[int, GridRow]:
    """Every unit row recomputed: members (bottom-up, appraisal-rules §4 reconciliation)
    and gap per slot, and what the row shows at this level."""
    children: dict[int | None, list[int]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit.id)
    assigned: dict[int, Values] = {}
    for unit in units:
        row = current.get(unit.id)
        own = row.own if row is not None else (None,) * SLOTS
        assigned[unit.id] = _sum_slots(own) if metric.is_sum else own
    members: dict[int, Values] = {}
    for unit in reversed(units):  # tree order reversed: children before parents
        if not metric.is_sum:
            members[unit.id] = (None,) * SLOTS
            continue
        sums = list(direct.get(unit.id, (None,) * SLOTS))
        for child in children.get(unit.id, []):
            for slot in range(SLOTS):
                # A sub-unit counts with its assigned target, else with its own members.
                part = assigned[child][slot]
                sums[slot] = _add(sums[slot], part if part is not None else members[child][slot])
        members[unit.id] = tuple(sums)
    result: dict[int, GridRow] = {}
    for unit in units:
        row = current.get(unit.id)
        if row is None:
            continue
        gap = tuple(
            None if a is None else a - (m or ZERO)
            for a, m in zip(assigned[unit.id], members[unit.id], strict=True)
        )
        if level == "people" and metric.is_sum:
            values, inherited = members[unit.id], (False,) * SLOTS
        else:
            values, inherited = _shown_values(metric, row.own)
        result[unit.id] = replace(
            row, values=values, inherited=inherited, members=members[unit.id], gap=gap
        )
    return result


def _raw_converter(metric: MetricInfo) -> Callable[[int], Decimal]:
    """Stored millionths (the raw integer) → the value at the places people expect, as
    `_clean` does, without SQLAlchemy's per-value type processing (grids read 100,000s)."""
    if metric.unit is MetricUnit.PERCENT:
        return lambda raw: Decimal(raw).scaleb(-STORED_PLACES).normalize() if raw else ZERO
    places = rules.places_for_unit(metric.unit) if metric.is_sum else 2
    factor = 10 ** (STORED_PLACES - places)

    def convert(raw: int) -> Decimal:
        whole, rest = divmod(raw, factor)
        if rest == 0:
            return Decimal(whole).scaleb(-places)
        return Decimal(raw).scaleb(-STORED_PLACES).normalize()

    return convert


def _clean(value: Decimal, metric: MetricInfo) -> Decimal:
    """A stored value (millionths) at the places people expect to see."""
    if metric.unit is MetricUnit.PERCENT:
        return value.normalize() if value != 0 else ZERO
    places = rules.places_for_unit(metric.unit) if metric.is_sum else 2
    quantum = Decimal(1).scaleb(-places)
    if value == value.quantize(quantum):
        return value.quantize(quantum)
    return value.normalize()


def _dimension_ids(dimension: Dimension | None) -> tuple[int | None, int | None, int | None]:
    if dimension is None:
        return None, None, None
    kind, value = dimension
    if kind not in DIMENSION_KINDS:
        raise ValidationError.single(
            t("unknown dimension: {d}", "未知的维度：{d}", d=kind),
            field="dimension",
            allowed=", ".join(DIMENSION_KINDS),
        )
    return (
        value if kind == "product_line" else None,
        value if kind == "region" else None,
        value if kind == "segment" else None,
    )


def _dimension_filter(model: Any, dimension: Dimension | None) -> Any:
    pl, region, segment = _dimension_ids(dimension)
    parts = []
    for column, value in (
        (model.product_line_id, pl),
        (model.region_id, region),
        (model.segment_id, segment),
    ):
        parts.append(column.is_(None) if value is None else column == value)
    return and_(*parts)


def _year_codes(year: int) -> list[str]:
    return [slot_period(year, s).code for s in range(SLOTS)]


def _memberships_in_year(s: Session, year: int) -> dict[int, list[Membership]]:
    """Each person's unit memberships that touch `year`, by staff id (one query)."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    rows = s.execute(
        select(
            UnitMembership.staff_id,
            UnitMembership.unit_id,
            UnitMembership.valid_from,
            UnitMembership.valid_to,
        ).where(
            UnitMembership.valid_from <= last,
            or_(UnitMembership.valid_to.is_(None), UnitMembership.valid_to > first),
        )
    ).all()
    result: dict[int, list[Membership]] = {}
    for staff_id, unit_id, valid_from, valid_to in rows:
        result.setdefault(staff_id, []).append(
            Membership(str(staff_id), str(unit_id), valid_from, valid_to)
        )
    return result


def _units_by_month(
    memberships: Sequence[Membership] | None, current_unit: int, year: int
) -> tuple[int, ...] | None:
    """Rule (appraisal-rules §1, domain.aggregation.unit_in_month): the unit a person counts
    in for each month of `year` — the membership covering most days of the month; a month
    no membership covers (before they joined) counts in their current unit. None when
    that is the current unit all year."""
    if not memberships or all(m.unit_key == str(current_unit) for m in memberships):
        return None
    units: list[int] = []
    for month in range(1, MONTH_SLOTS + 1):
        found = unit_in_month(memberships, Period.month(year, month))
        units.append(current_unit if found is None else int(found))
    if all(u == current_unit for u in units):
        return None
    return tuple(units)


def _employed_in_year(hire: dt.date, leave: dt.date | None, year: int) -> bool:
    return hire <= dt.date(year, 12, 31) and (leave is None or leave >= dt.date(year, 1, 1))


# --------------------------------------------------------------------------- service


class TargetsService:
    """Targets of one database."""

    def __init__(self, database: Database) -> None:
        self.db = database

    # ---- catalogue

    def list_metrics(self) -> list[MetricInfo]:
        with self.db.reading() as s:
            rows = s.scalars(select(Metric).order_by(Metric.position, Metric.code)).all()
            return [_metric_info(m) for m in rows]

    def metric(self, code: str) -> MetricInfo:
        with self.db.reading() as s:
            return _metric_info(_metric(s, code))

    def list_dimensions(self) -> list[DimensionOption]:
        """Every product line, region and customer segment, in that order."""
        result: list[DimensionOption] = []
        with self.db.reading() as s:
            for kind, model in (
                ("product_line", ProductLine),
                ("region", Region),
                ("segment", CustomerSegment),
            ):
                for row in s.execute(select(model.id, model.code, model.name).order_by(model.code)):
                    result.append(DimensionOption(kind, row.id, row.code, row.name))
        return result

    # ---- the grid

    def grid(
        self,
        year: int,
        metric_code: str,
        *,
        dimension: Dimension | None = None,
        level: str = "people",
        include_left: bool = False,
    ) -> TargetGrid:
        """The targets of a metric in a year: units in tree order, each followed (at the
        people level) by its people by staff code. One query per table."""
        if level not in ("people", "units"):
            raise ValidationError.single(
                t("unknown level: {v}", "未知的层级：{v}", v=level),
                field="level",
                allowed="people, units",
            )
        with self.db.reading() as s:
            metric_row = _metric(s, metric_code)
            metric = _metric_info(metric_row)
            units = _units(s)
            staff = (
                s.connection()
                .execute(
                    select(
                        Staff.id,
                        Staff.code,
                        Staff.name,
                        Staff.unit_id,
                        Staff.hire_date,
                        Staff.leave_date,
                    ).order_by(Staff.code)
                )
                .all()
            )
            # Core, not ORM, execution: no per-row ORM bookkeeping for 100,000s of rows.
            stored = (
                s.connection()
                .execute(
                    select(
                        Target.staff_id,
                        Target.unit_id,
                        Target.period,
                        type_coerce(Target.value, BigInteger),
                        Target.version,
                    ).where(
                        Target.metric_id == metric_row.id,
                        Target.period.in_(_year_codes(year)),
                        _dimension_filter(Target, dimension),
                    )
                )
                .all()
            )
            memberships = _memberships_in_year(s, year) if metric.is_sum else {}
        slot_of = {code: slot for slot, code in enumerate(_year_codes(year))}
        convert = _raw_converter(metric)
        is_sum = metric.is_sum
        staff_own: dict[int, list[Decimal | None]] = {}
        staff_versions: dict[int, list[int]] = {}
        unit_own: dict[int, list[Decimal | None]] = {}
        unit_versions: dict[int, list[int]] = {}
        for staff_id, unit_id, period, value, version in stored:
            slot = slot_of[period]
            if is_sum and slot >= MONTH_SLOTS:
                continue  # a sum metric is held by month (appraisal-rules §4)
            if staff_id is not None:
                stored_in, versions_in, key = staff_own, staff_versions, staff_id
            elif unit_id is not None:
                stored_in, versions_in, key = unit_own, unit_versions, unit_id
            else:
                continue
            stored_in.setdefault(key, [None] * SLOTS)[slot] = convert(value)
            versions_in.setdefault(key, [0] * SLOTS)[slot] = version

        empty: Values = (None,) * SLOTS
        no_versions = (0,) * SLOTS
        people_rows: dict[int, list[GridRow]] = {}
        direct: dict[int, list[Decimal | None]] = {}
        month_units: dict[int, tuple[int, ...]] = {}
        today = dt.date.today()
        for person in staff:
            own = tuple(staff_own.get(person.id, empty))
            has_targets = person.id in staff_own
            if (
                not include_left
                and not has_targets
                and not _employed_in_year(person.hire_date, person.leave_date, year)
            ):
                continue
            values, inherited = _shown_values(metric, own)
            by_month = (
                _units_by_month(memberships.get(person.id), person.unit_id, year)
                if is_sum
                else None
            )
            if by_month is not None:
                # Kept for everyone shown: an edit patches the right unit's subtotal.
                month_units[person.id] = by_month
            if is_sum and has_targets:
                for slot in range(MONTH_SLOTS):
                    if own[slot] is None:
                        continue
                    counted_in = person.unit_id if by_month is None else by_month[slot]
                    sums = direct.setdefault(counted_in, [None] * SLOTS)
                    for covering in _covering_slots(slot):
                        sums[covering] = _add(sums[covering], own[slot])
            people_rows.setdefault(person.unit_id, []).append(
                GridRow(
                    kind=SubjectKind.STAFF,
                    id=person.id,
                    unit_id=person.unit_id,
                    code=person.code,
                    name=person.name,
                    depth=0,
                    own=own,
                    versions=tuple(staff_versions.get(person.id, no_versions)),
                    values=values,
                    inherited=inherited,
                    editable=True,
                    has_left=person.leave_date is not None and person.leave_date <= today,
                    hire_date=person.hire_date,
                    leave_date=person.leave_date,
                )
            )
        unit_base: dict[int, GridRow] = {}
        for unit in units:
            unit_values = tuple(unit_own.get(unit.id, empty))
            unit_base[unit.id] = GridRow(
                kind=SubjectKind.UNIT,
                id=unit.id,
                unit_id=unit.id,
                code=unit.path,
                name=unit.name,
                depth=unit.depth,
                own=unit_values,
                versions=tuple(unit_versions.get(unit.id, no_versions)),
                values=unit_values,
                inherited=(False,) * SLOTS,
                editable=level == "units",
            )
        frozen_direct = {u: tuple(v) for u, v in direct.items()}
        unit_rows = _unit_rows(metric, level, units, unit_base, frozen_direct)
        rows: list[GridRow] = []
        for unit in units:
            rows.append(unit_rows[unit.id])
            if level == "people":
                rows.extend(people_rows.get(unit.id, []))
        return TargetGrid(
            year, metric, dimension, level, tuple(rows), tuple(units), frozen_direct, month_units
        )

    # ---- editing

    def set_values(
        self,
        metric_code: str,
        edits: Sequence[TargetEdit],
        *,
        dimension: Dimension | None = None,
        reason: str = "",
    ) -> list[TargetChange]:
        """Set targets (all or nothing): months; a quarter or year of a `sum` metric is
        re-split over its months in proportion to their current values (by the subject's
        seasonality profile where they are all 0); other metrics store a level at the
        period. None deletes. Every refused value is listed in one ValidationError; a
        row changed since the user saw it raises StaleEditError. Audited old → new."""
        with self.db.transaction() as s:
            metric_row = _metric(s, metric_code)
            return self._set_values(s, metric_row, edits, dimension, reason)

    def _set_values(
        self,
        s: Session,
        metric_row: Metric,
        edits: Sequence[TargetEdit],
        dimension: Dimension | None,
        reason: str,
    ) -> list[TargetChange]:
        metric = _metric_info(metric_row)
        pl, region, segment = _dimension_ids(dimension)
        periods: list[Period] = []
        problems: list[Problem] = []
        labels = _subject_labels(s, {e.subject for e in edits})
        for edit in edits:
            label = f"{labels.get(edit.subject, '?')} {edit.period}"
            try:
                period = parse_period(edit.period)
                periods.append(period)
                if edit.value is not None:
                    _check_value(edit.value, metric, period)
            except ValidationError as exc:
                for problem in exc.problems or [Problem(exc.message)]:
                    problems.append(Problem(f"{label}: {problem.message}", allowed=problem.allowed))
        _raise_problems(problems)

        subjects = {e.subject for e in edits}
        years = {p.year for p in periods}
        existing = _load_targets(s, metric_row.id, subjects, years, dimension)
        # Stale check against what the user saw, before anything is written.
        for edit in edits:
            for code, seen in (edit.versions or {}).items():
                row = existing.get((edit.subject, code))
                if (row.version if row is not None else 0) != seen:
                    raise StaleEditError(labels.get(edit.subject, ""))

        working: dict[tuple[Subject, str], Decimal | None] = {
            key: _clean(row.value, metric) for key, row in existing.items()
        }
        original = dict(working)
        profiles: dict[Subject, rules.SeasonalityProfile | None] = {}
        for edit, period in zip(edits, periods, strict=True):
            if metric.is_sum and period.kind is not PeriodKind.MONTH:
                months = period.months()
                if edit.value is None:
                    for month in months:
                        working[(edit.subject, month.code)] = None
                    continue
                if edit.subject not in profiles:
                    profiles[edit.subject] = _domain_profile(_resolve_profile(s, edit.subject))
                current = {m: working.get((edit.subject, m.code)) for m in months}
                split = rules.resplit_period_total(
                    edit.value,
                    period,
                    current,
                    profiles[edit.subject],
                    rules.places_for_unit(metric.unit),
                )
                for month, value in split.items():
                    working[(edit.subject, month.code)] = value
            else:
                working[(edit.subject, period.code)] = edit.value

        changes: list[TargetChange] = []
        entries: list[dict[str, Any]] = []
        for key, new in working.items():
            old = original.get(key)
            if old == new and (old is None) == (new is None):
                continue
            subject, code = key
            row = existing.get(key)
            staff_id = subject.id if subject.kind is SubjectKind.STAFF else None
            unit_id = subject.id if subject.kind is SubjectKind.UNIT else None
            if new is None:
                if row is None:
                    continue
                s.delete(row)
                version = 0
                entity_id: int | None = row.id
            elif row is None:
                row = Target(
                    metric_id=metric_row.id,
                    staff_id=staff_id,
                    unit_id=unit_id,
                    period=code,
                    product_line_id=pl,
                    region_id=region,
                    segment_id=segment,
                    scope_key=scope_key(
                        metric_row.id, staff_id, unit_id, code, pl, region, segment
                    ),
                    value=new,
                )
                s.add(row)
                s.flush()
                version = row.version
                entity_id = row.id
            else:
                row.value = new
                s.flush()
                version = row.version
                entity_id = row.id
            changes.append(TargetChange(subject, code, old, new, version))
            entries.append(
                audit.entry(
                    action="delete" if new is None else "set",
                    entity="target",
                    entity_id=entity_id,
                    staff_id=staff_id,
                    field=_audit_field(metric.code, code, dimension, labels.get(subject, "")),
                    old=old,
                    new=new,
                    reason=reason,
                )
            )
        s.flush()
        audit.record_many(s, entries)
        changes.sort(key=lambda c: (c.subject, c.period))
        return changes

    # ---- decomposition

    def decompose_preview(self, request: DecomposeRequest) -> DecomposePreview:
        """What allocating the unit's target would do, member by member (nothing written)."""
        with self.db.reading() as s:
            return self._decompose(s, request)

    def decompose_apply(self, request: DecomposeRequest, reason: str = "") -> list[TargetChange]:
        """Allocate and write in one transaction; returns the changes (for undo)."""
        with self.db.transaction() as s:
            preview = self._decompose(s, request)
            metric_row = _metric(s, request.metric_code)
            return self._set_values(
                s, metric_row, preview.edits(), request.dimension, reason or "decompose"
            )

    def _decompose(self, s: Session, request: DecomposeRequest) -> DecomposePreview:
        metric_row = _metric(s, request.metric_code)
        metric = _metric_info(metric_row)
        if not metric.is_sum:
            raise ValidationError.single(
                t(
                    "only sum metrics are allocated; set levels for each person instead",
                    "只有累加型指标可以分解；比率类指标请为每人设定水平值",
                ),
                field="metric",
            )
        places = rules.places_for_unit(metric.unit)
        period = parse_period(request.period or str(request.year))
        if period.year != request.year:
            raise ValidationError.single(
                t("the period is not in {y}", "期间不在 {y} 年内", y=request.year),
                field="period",
            )
        unit = s.get(OrgUnit, request.unit_id)
        if unit is None:
            raise NotFoundError(t("no such unit", "部门不存在"))
        codes = [m.code for m in period.months()]
        shares = _decompose_shares(s, unit.id, period, to_sub_units=request.to_sub_units)
        if not shares:
            raise ValidationError.single(
                t("the unit has no members to allocate to", "该部门没有可分配的成员"),
                field="members",
            )
        total = request.total
        unit_subject = Subject.unit(unit.id)
        stored = _load_targets(
            s,
            metric_row.id,
            {unit_subject, *(share.subject for share in shares)},
            {request.year},
            request.dimension,
        )
        if total is None:
            parts = [stored.get((unit_subject, c)) for c in codes]
            present = [_clean(p.value, metric) for p in parts if p is not None]
            if not present:
                raise ValidationError.single(
                    t(
                        "{u} has no target for {p} to allocate",
                        "{u} 没有 {p} 的目标可分解",
                        u=unit.name,
                        p=period.code,
                    ),
                    field="total",
                    allowed=t("set the unit's target first", "请先设定部门目标"),
                )
            total = sum(present, ZERO)
        keys = {share.key: share for share in shares}
        fell_back = False
        weights: dict[str, Decimal | None] = {}
        if request.method is AllocationMethod.EVEN:
            allocation = rules.allocate_evenly(total, keys, places)
        elif request.method is AllocationMethod.SHARE:
            past = parse_period(request.share_period or str(request.year - 1))
            people = sorted(
                {share.subject.id for share in shares if share.subject.kind is SubjectKind.STAFF}
                | {person for share in shares for person in share.people}
            )
            actuals = _past_actuals(s, request.share_metric, people, past, request.dimension)
            for share in shares:
                if share.subject.kind is SubjectKind.STAFF:
                    weights[share.key] = actuals.get(share.subject.id)
                else:
                    # Rule (appraisal-rules §4): a sub-unit's past actual is its members'.
                    weights[share.key] = sum((actuals.get(p, ZERO) for p in share.people), ZERO)
            allocation = rules.allocate_by_share(total, weights, keys, places)
            fell_back = allocation.fell_back_to_even
        else:
            hand = {share.key: request.hand_part(share.subject) for share in shares}
            allocation = rules.allocate_by_hand(total, hand, places)
        chosen = request.seasonality
        if request.profile_id is not None:
            chosen = SeasonalityChoice.PROFILE
        chosen_profile: rules.SeasonalityProfile | None = None
        if chosen is SeasonalityChoice.PROFILE:
            if request.profile_id is None:
                raise ValidationError.single(
                    t("choose a seasonality profile", "请选择季节系数"), field="profile"
                )
            chosen_profile = _domain_profile(_profile_info(s, request.profile_id))
        lines: list[DecomposeLine] = []
        for key, part in allocation.parts.items():
            share = keys[key]
            subject = share.subject
            before: list[Decimal | None] = [None] * MONTH_SLOTS
            for slot in range(MONTH_SLOTS):
                row = stored.get((subject, f"{request.year:04d}-{slot + 1:02d}"))
                before[slot] = _clean(row.value, metric) if row is not None else None
            if chosen is SeasonalityChoice.OWN:
                profile = _domain_profile(_resolve_profile(s, subject))
            else:
                profile = chosen_profile
            base = profile or rules.even_profile()
            weights_by_month = list(base.weights)
            if share.hire_date is not None:
                # Months a person is employed fewer than 15 days get no share of the split.
                weights_by_month = [
                    w if rules.month_counts(m, share.hire_date, share.leave_date) else ZERO
                    for m, w in zip(
                        Period.of_year(request.year).months(), base.weights, strict=True
                    )
                ]
                if all(weights_by_month[m.index - 1] == 0 for m in period.months()):
                    weights_by_month = list(base.weights)
            split = rules.split_period_total(
                part, period, rules.SeasonalityProfile(tuple(weights_by_month)), places
            )
            after = list(before)
            for month, value in split.items():
                after[month.index - 1] = value
            before_present = [before[m.index - 1] for m in period.months()]
            before_total = (
                sum((v for v in before_present if v is not None), ZERO)
                if any(v is not None for v in before_present)
                else None
            )
            lines.append(
                DecomposeLine(
                    subject,
                    share.code,
                    share.name,
                    weights.get(key) if request.method is AllocationMethod.SHARE else None,
                    tuple(before),
                    tuple(after),
                    before_total,
                    part,
                )
            )
        return DecomposePreview(request, period.code, total, tuple(lines), fell_back)

    # ---- reconciliation

    def reconciliation(
        self, year: int, metric_code: str, dimension: Dimension | None = None
    ) -> list[ReconciliationRow]:
        """Top-down (assigned) against bottom-up (members) for every unit, per slot."""
        grid = self.grid(year, metric_code, dimension=dimension, level="units", include_left=True)
        return [
            ReconciliationRow(
                row.id,
                row.code,
                row.depth,
                _sum_slots(row.own) if grid.metric.is_sum else row.own,
                row.members,
                row.gap,
            )
            for row in grid.rows
            if row.is_unit
        ]

    # ---- seasonality profiles

    def list_profiles(self) -> list[ProfileInfo]:
        with self.db.reading() as s:
            return _profiles(s)

    def create_profile(
        self, name: str, weights: Sequence[Decimal | int], *, derived_from: str | None = None
    ) -> ProfileInfo:
        clean = _profile_name(name)
        checked = rules.profile_by_hand(weights)
        with self.db.transaction() as s:
            _check_profile_name(s, clean, None)
            row = ProfileRow(
                name=clean,
                weights=[format(w, "f") for w in checked.weights],
                derived_from=derived_from,
            )
            s.add(row)
            s.flush()
            audit.record(
                s,
                action="create",
                entity="seasonality_profile",
                entity_id=row.id,
                new=f"{clean}: {' '.join(row.weights)}",
            )
            return _profile_info(s, row.id)

    def update_profile(
        self,
        profile_id: int,
        version: int,
        *,
        name: str | None = None,
        weights: Sequence[Decimal | int] | None = None,
    ) -> ProfileInfo:
        with self.db.transaction() as s:
            row = s.get(ProfileRow, profile_id)
            if row is None:
                raise NotFoundError(t("no such seasonality profile", "季节系数不存在"))
            if row.version != version:
                raise StaleEditError(row.name)
            if name is not None:
                clean = _profile_name(name)
                _check_profile_name(s, clean, row.id)
                if clean != row.name:
                    audit.record(
                        s,
                        action="rename",
                        entity="seasonality_profile",
                        entity_id=row.id,
                        field="name",
                        old=row.name,
                        new=clean,
                    )
                    row.name = clean
            if weights is not None:
                checked = [format(w, "f") for w in rules.profile_by_hand(weights).weights]
                if checked != list(row.weights):
                    audit.record(
                        s,
                        action="update",
                        entity="seasonality_profile",
                        entity_id=row.id,
                        field="weights",
                        old=" ".join(row.weights),
                        new=" ".join(checked),
                    )
                    row.weights = checked
            s.flush()
            return _profile_info(s, row.id)

    def delete_profile(self, profile_id: int, version: int) -> None:
        """Remove a profile no unit or person uses."""
        with self.db.transaction() as s:
            row = s.get(ProfileRow, profile_id)
            if row is None:
                return
            if row.version != version:
                raise StaleEditError(row.name)
            info = _profile_info(s, profile_id)
            if info.units or info.staff:
                raise ValidationError.single(
                    t(
                        "{n} is used by {u} unit(s) and {p} person(s); assign another first",
                        "{n} 正被 {u} 个部门和 {p} 人使用，请先改用其他季节系数",
                        n=row.name,
                        u=info.units,
                        p=info.staff,
                    ),
                    field="profile",
                )
            audit.record(
                s, action="delete", entity="seasonality_profile", entity_id=row.id, old=row.name
            )
            s.delete(row)

    def assign_profile(self, subject: Subject, profile_id: int | None) -> int | None:
        """Give a unit or a person a profile (None: inherit); returns the previous one."""
        with self.db.transaction() as s:
            target: OrgUnit | Staff | None = (
                s.get(Staff, subject.id)
                if subject.kind is SubjectKind.STAFF
                else s.get(OrgUnit, subject.id)
            )
            if target is None:
                raise NotFoundError(t("no such subject", "对象不存在"))
            if profile_id is not None and s.get(ProfileRow, profile_id) is None:
                raise NotFoundError(t("no such seasonality profile", "季节系数不存在"))
            old = target.seasonality_profile_id
            if old != profile_id:
                audit.record(
                    s,
                    action="update",
                    entity=subject.kind.value,
                    entity_id=subject.id,
                    staff_id=subject.id if subject.kind is SubjectKind.STAFF else None,
                    field="seasonality_profile_id",
                    old=old,
                    new=profile_id,
                )
                target.seasonality_profile_id = profile_id
            return old

    def profile_for(self, subject: Subject) -> ResolvedProfile:
        with self.db.reading() as s:
            return _resolve_profile(s, subject)

    def sales_years(self) -> list[int]:
        """The years that have sales lines (the history a profile can be derived from)."""
        with self.db.reading() as s:
            years = s.scalars(select(extract("year", SalesLine.line_date)).distinct()).all()
        return sorted(int(y) for y in years if y)

    def monthly_revenue(
        self, years: Iterable[int], unit_id: int | None = None, *, staff_id: int | None = None
    ) -> dict[int, list[Decimal | None]]:
        """Revenue per month of each year from sales lines (net of returns; a unit: the
        credited shares of the people now in it and its sub-units; a person: their shares;
        neither: the whole company)."""
        chosen = sorted(set(years))
        with self.db.reading() as s:
            return _monthly_revenue(s, chosen, unit_id, staff_id)

    def history_weights(
        self, years: Iterable[int], unit_id: int | None = None, *, staff_id: int | None = None
    ) -> tuple[Decimal, ...]:
        """Rule (appraisal-rules §4): the 12 weights a profile from history would have — a
        month's average revenue over `years` ÷ the average of all months (4 decimals; even
        when there is no history)."""
        chosen = sorted(set(years))
        if not chosen:
            raise ValidationError.single(
                t("choose at least one past year", "请至少选择一个历史年份"), field="years"
            )
        history = self.monthly_revenue(chosen, unit_id, staff_id=staff_id)
        profile = rules.profile_from_history(history, chosen)
        weights = tuple(w.quantize(Decimal("0.0001")) for w in profile.weights)
        if all(w == 0 for w in weights):
            return (Decimal(1),) * MONTH_SLOTS
        return weights

    def derive_profile(
        self,
        name: str,
        years: Iterable[int],
        *,
        unit_id: int | None = None,
        staff_id: int | None = None,
        assign_to: Subject | None = None,
    ) -> ProfileInfo:
        """Save a profile derived from history (see history_weights) under `name`, and
        give it to `assign_to` when one is named."""
        chosen = sorted(set(years))
        weights = self.history_weights(chosen, unit_id, staff_id=staff_id)
        label = ", ".join(str(y) for y in chosen)
        profile = self.create_profile(name, weights, derived_from=label)
        if assign_to is not None:
            self.assign_profile(assign_to, profile.id)
            return self.profile_for(assign_to).profile or profile
        return profile

    # ---- pro-rating

    def effective_target(
        self,
        staff_id: int,
        metric_code: str,
        period: str,
        *,
        dimension: Dimension | None = None,
        prorate: bool = True,
    ) -> EffectiveTarget:
        """A person's `sum` target for a period after pro-rating (appraisal-rules §4:
        months employed < 15 days count 0); `prorated` says whether that changed it."""
        wanted = parse_period(period)
        with self.db.reading() as s:
            metric_row = _metric(s, metric_code)
            metric = _metric_info(metric_row)
            person = s.get(Staff, staff_id)
            if person is None:
                raise NotFoundError(t("no such staff member", "人员不存在"))
            subject = Subject.staff(staff_id)
            stored = _load_targets(s, metric_row.id, {subject}, {wanted.year}, dimension)
            months = {
                m: _clean(row.value, metric)
                for m in wanted.months()
                if (row := stored.get((subject, m.code))) is not None
            }
            hire, leave = person.hire_date, person.leave_date
        if not metric.is_sum:
            levels = {
                parse_period(code): _clean(row.value, metric)
                for (_subject, code), row in stored.items()
            }
            level = rules.level_for(wanted, levels)
            return EffectiveTarget(level, level, False, ())
        full = rules.period_sum(months, wanted)
        value = rules.prorated_period_target(months, wanted, hire, leave, enabled=prorate)
        counted = tuple(
            m.code for m in wanted.months() if not prorate or rules.month_counts(m, hire, leave)
        )
        prorated = prorate and len(counted) < len(wanted.months()) and value != full
        return EffectiveTarget(value, full, prorated, counted)


# --------------------------------------------------------------------------- query helpers


def _metric(s: Session, code: str) -> Metric:
    row = s.scalars(select(Metric).where(Metric.code == code)).first()
    if row is None:
        raise NotFoundError(t("no such metric: {c}", "指标不存在：{c}", c=code))
    return row


def _metric_info(row: Metric) -> MetricInfo:
    return MetricInfo(
        row.code, row.name_zh, row.name_en, MetricUnit(row.unit), Aggregation(row.aggregation)
    )


def _units(s: Session) -> list[UnitInfo]:
    """Every unit in tree order (parents before children, siblings by position, name)."""
    paths = unit_paths(s)
    rows = s.execute(
        select(
            OrgUnit.id, OrgUnit.parent_id, OrgUnit.name, OrgUnit.seasonality_profile_id
        ).order_by(OrgUnit.position, OrgUnit.name)
    ).all()
    known = {r.id for r in rows}
    children: dict[int | None, list[Any]] = {}
    for row in rows:
        parent = row.parent_id if row.parent_id in known else None
        children.setdefault(parent, []).append(row)
    result: list[UnitInfo] = []
    stack = [(r, 0) for r in reversed(children.get(None, []))]
    seen: set[int] = set()
    while stack:
        row, depth = stack.pop()
        if row.id in seen:
            continue
        seen.add(row.id)
        result.append(
            UnitInfo(
                row.id,
                row.parent_id,
                row.name,
                paths[row.id],
                depth,
                row.seasonality_profile_id,
            )
        )
        stack.extend((c, depth + 1) for c in reversed(children.get(row.id, [])))
    return result


def _subject_labels(s: Session, subjects: Iterable[Subject]) -> dict[Subject, str]:
    staff_ids = [x.id for x in subjects if x.kind is SubjectKind.STAFF]
    unit_ids = {x.id for x in subjects if x.kind is SubjectKind.UNIT}
    labels: dict[Subject, str] = {}
    if staff_ids:
        for staff_id, code in s.execute(
            select(Staff.id, Staff.code).where(Staff.id.in_(staff_ids))
        ):
            labels[Subject.staff(staff_id)] = code
    if unit_ids:
        paths = unit_paths(s)
        for unit_id in unit_ids:
            if unit_id in paths:
                labels[Subject.unit(unit_id)] = paths[unit_id]
    return labels


def _load_targets(
    s: Session,
    metric_id: int,
    subjects: Iterable[Subject],
    years: Iterable[int],
    dimension: Dimension | None,
) -> dict[tuple[Subject, str], Target]:
    """The stored targets of these subjects in these years, by (subject, period code)."""
    subjects = list(subjects)
    staff_ids = [x.id for x in subjects if x.kind is SubjectKind.STAFF]
    unit_ids = [x.id for x in subjects if x.kind is SubjectKind.UNIT]
    codes = [c for y in sorted(set(years)) for c in _year_codes(y)]
    result: dict[tuple[Subject, str], Target] = {}
    for column, ids, kind in (
        (Target.staff_id, staff_ids, SubjectKind.STAFF),
        (Target.unit_id, unit_ids, SubjectKind.UNIT),
    ):
        if not ids:
            continue
        rows = s.scalars(
            select(Target).where(
                Target.metric_id == metric_id,
                column.in_(ids),
                Target.period.in_(codes),
                _dimension_filter(Target, dimension),
            )
        )
        for row in rows:
            subject_id = row.staff_id if kind is SubjectKind.STAFF else row.unit_id
            assert subject_id is not None
            result[(Subject(kind, subject_id), row.period)] = row
    return result


def _check_value(value: Decimal, metric: MetricInfo, period: Period) -> None:
    """Rule (appraisal-rules §4): never negative, and as exact as the metric allows."""
    if not isinstance(value, Decimal):
        raise ValidationError.single(
            t("not a number: {v}", "不是数字：{v}", v=value),
            allowed=t("a number ≥ 0", "≥ 0 的数"),
        )
    rules.check_target_value(value, "value")
    places = metric.places
    if metric.is_sum and period.kind is not PeriodKind.MONTH:
        places = rules.places_for_unit(metric.unit)
    if value != value.quantize(Decimal(1).scaleb(-places)):
        if metric.unit is MetricUnit.COUNT and places == 0:
            allowed = t("a whole number ≥ 0", "≥ 0 的整数")
        elif metric.unit is MetricUnit.PERCENT:
            allowed = t("a percent with at most 4 decimals", "最多 4 位小数的百分比")
        else:
            allowed = t(
                "a number ≥ 0 with at most {p} decimals", "最多 {p} 位小数的非负数", p=places
            )
        raise ValidationError.single(
            t("too many decimals: {v}", "小数位过多：{v}", v=value), allowed=allowed
        )
    if metric.unit is MetricUnit.POINTS and value > POINTS_MAX:
        raise ValidationError.single(
            t("points go up to 100: {v}", "分值最高为 100：{v}", v=value),
            allowed=t("0 to 100", "0 到 100"),
        )


def _raise_problems(problems: list[Problem]) -> None:
    if not problems:
        return
    if len(problems) == 1:
        raise ValidationError(problems[0].message, problems=problems)
    raise ValidationError(
        t(
            "{n} value(s) refused; nothing was changed",
            "{n} 个值被拒绝，未做任何修改",
            n=len(problems),
        ),
        problems=problems,
    )


def _audit_field(metric: str, period: str, dimension: Dimension | None, who: str) -> str:
    text = f"{metric} {period}"
    if dimension is not None:
        text += f" {dimension[0]}={dimension[1]}"
    return f"{who} {text}"[:40] if who else text[:40]


def _profile_name(name: str) -> str:
    clean = str(name).strip()
    if not clean or len(clean) > 64:
        raise ValidationError.single(
            t("a profile needs a name", "季节系数需要名称"),
            field="name",
            allowed=t("1 to 64 characters", "1 到 64 个字符"),
        )
    return clean


def _check_profile_name(s: Session, name: str, own: int | None) -> None:
    clash = s.scalar(select(ProfileRow.id).where(ProfileRow.name == name))
    if clash is not None and clash != own:
        raise ValidationError.single(
            t("a profile named {n} exists already", "已有名为 {n} 的季节系数", n=name),
            field="name",
            allowed=t("a name not used yet", "未使用过的名称"),
        )


def _profiles(s: Session) -> list[ProfileInfo]:
    unit_counts = dict(
        s.execute(
            select(OrgUnit.seasonality_profile_id, func.count())
            .where(OrgUnit.seasonality_profile_id.is_not(None))
            .group_by(OrgUnit.seasonality_profile_id)
        ).all()
    )
    staff_counts = dict(
        s.execute(
            select(Staff.seasonality_profile_id, func.count())
            .where(Staff.seasonality_profile_id.is_not(None))
            .group_by(Staff.seasonality_profile_id)
        ).all()
    )
    return [
        ProfileInfo(
            row.id,
            row.name,
            tuple(Decimal(str(w)) for w in row.weights),
            row.derived_from,
            row.version,
            int(unit_counts.get(row.id, 0)),
            int(staff_counts.get(row.id, 0)),
        )
        for row in s.scalars(select(ProfileRow).order_by(ProfileRow.name))
    ]


def _profile_info(s: Session, profile_id: int) -> ProfileInfo:
    for info in _profiles(s):
        if info.id == profile_id:
            return info
    raise NotFoundError(t("no such seasonality profile", "季节系数不存在"))


def _resolve_profile(s: Session, subject: Subject) -> ResolvedProfile:
    unit_id: int | None
    if subject.kind is SubjectKind.STAFF:
        person = s.get(Staff, subject.id)
        if person is None:
            raise NotFoundError(t("no such staff member", "人员不存在"))
        own_profile = person.seasonality_profile_id
        if own_profile is not None:
            return ResolvedProfile(_profile_info(s, own_profile), True, person.code)
        unit_id = person.unit_id
        own = False
    else:
        unit_id = subject.id
        own = True
    parents = dict(s.execute(select(OrgUnit.id, OrgUnit.parent_id)).all())
    profiles = dict(s.execute(select(OrgUnit.id, OrgUnit.seasonality_profile_id)).all())
    paths = unit_paths(s)
    guard = 0
    while unit_id is not None and guard < 1000:
        found = profiles.get(unit_id)
        if found is not None:
            return ResolvedProfile(_profile_info(s, found), own, paths[unit_id])
        unit_id = parents.get(unit_id)
        own = False
        guard += 1
    return ResolvedProfile(None, False, "")


def _domain_profile(
    resolved: ResolvedProfile | ProfileInfo | None,
) -> rules.SeasonalityProfile | None:
    info = resolved.profile if isinstance(resolved, ResolvedProfile) else resolved
    if info is None:
        return None
    if all(w == 0 for w in info.weights):
        return None
    return rules.SeasonalityProfile(info.weights)


def _subtree_staff(s: Session, unit_id: int) -> list[int]:
    parents = dict(s.execute(select(OrgUnit.id, OrgUnit.parent_id)).all())
    inside = {unit_id}
    changed = True
    while changed:
        changed = False
        for child, parent in parents.items():
            if parent in inside and child not in inside:
                inside.add(child)
                changed = True
    return list(s.scalars(select(Staff.id).where(Staff.unit_id.in_(inside))))


def _decompose_shares(
    s: Session, unit_id: int, period: Period, *, to_sub_units: bool
) -> list[_Share]:
    """The members a unit's target is allocated to: the people directly in it employed in
    `period` (by staff code), then each direct sub-unit (in tree order) with the people
    now in its subtree employed in `period`. Keys sort people first, by staff code."""

    def employed(hire: dt.date, leave: dt.date | None) -> bool:
        return hire <= period.end and (leave is None or leave >= period.start)

    staff = s.execute(
        select(Staff.id, Staff.code, Staff.name, Staff.unit_id, Staff.hire_date, Staff.leave_date)
    ).all()
    shares = [
        _Share(Subject.staff(p.id), f"1{p.code}", p.code, p.name, p.hire_date, p.leave_date)
        for p in sorted(staff, key=lambda p: p.code)
        if p.unit_id == unit_id and employed(p.hire_date, p.leave_date)
    ]
    if not to_sub_units:
        return shares
    units = _units(s)
    children: dict[int | None, list[int]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit.id)
    by_unit: dict[int, list[int]] = {}
    for p in staff:
        if employed(p.hire_date, p.leave_date):
            by_unit.setdefault(p.unit_id, []).append(p.id)
    info = {u.id: u for u in units}
    for position, child in enumerate(children.get(unit_id, [])):
        subtree, stack = [], [child]
        while stack:
            current = stack.pop()
            subtree.append(current)
            stack.extend(children.get(current, []))
        people = tuple(sorted(p for u in subtree for p in by_unit.get(u, [])))
        unit = info[child]
        shares.append(
            _Share(Subject.unit(child), f"2{position:06d}", unit.path, unit.name, people=people)
        )
    return shares


def _monthly_revenue(
    s: Session, years: Sequence[int], unit_id: int | None, staff_id: int | None = None
) -> dict[int, list[Decimal | None]]:
    history: dict[int, list[Decimal | None]] = {y: [None] * MONTH_SLOTS for y in years}
    if not years:
        return history
    start, end = dt.date(min(years), 1, 1), dt.date(max(years), 12, 31)
    rows: list[tuple[dt.date, Decimal]]
    if unit_id is None and staff_id is None:
        whole = select(SalesLine.line_date, SalesLine.amount).where(
            SalesLine.line_date.between(start, end)
        )
        rows = [(d, amount) for d, amount in s.execute(whole)]
    else:
        staff_ids = [staff_id] if staff_id is not None else _subtree_staff(s, unit_id or 0)
        query = (
            select(SalesLine.line_date, SalesLine.amount, SalesCredit.share)
            .join(SalesCredit, SalesCredit.sales_line_id == SalesLine.id)
            .where(SalesLine.line_date.between(start, end), SalesCredit.staff_id.in_(staff_ids))
        )
        rows = [(d, amount * share / 100) for d, amount, share in s.execute(query)]
    for day, amount in rows:
        if day.year in history:
            month = history[day.year]
            month[day.month - 1] = (month[day.month - 1] or ZERO) + amount
    return history


def _past_actuals(
    s: Session,
    metric_code: str,
    staff_ids: Sequence[int],
    period: Period,
    dimension: Dimension | None,
) -> dict[int, Decimal]:
    """Each person's actual of a metric in a past period, for allocation by share: credited
    sales-line amounts (revenue, gross profit), receipts (collections) or manual values.
    Deliberately small: the actuals service computes every metric in full."""
    result: dict[int, Decimal] = dict.fromkeys(staff_ids, ZERO)
    pl, region, segment = _dimension_ids(dimension)
    if metric_code in ("revenue", "gross_profit"):
        query = (
            select(SalesCredit.staff_id, SalesLine.amount, SalesLine.cost, SalesCredit.share)
            .join(SalesLine, SalesCredit.sales_line_id == SalesLine.id)
            .where(
                SalesCredit.staff_id.in_(staff_ids),
                SalesLine.line_date.between(period.start, period.end),
            )
        )
        for column, value in (
            (SalesLine.product_line_id, pl),
            (SalesLine.region_id, region),
            (SalesLine.segment_id, segment),
        ):
            if value is not None:
                query = query.where(column == value)
        for staff_id, amount, cost, share in s.execute(query):
            base = amount if metric_code == "revenue" else amount - (cost or ZERO)
            result[staff_id] += base * share / 100
        return result
    if metric_code == "collections":
        receipts = select(Receipt.staff_id, Receipt.amount).where(
            Receipt.staff_id.in_(staff_ids),
            Receipt.receipt_date.between(period.start, period.end),
        )
        for staff_id, amount in s.execute(receipts):
            result[staff_id] += amount
        return result
    metric = _metric(s, metric_code)
    if metric.source != "manual":
        raise ValidationError.single(
            t(
                "allocation by share needs revenue, gross profit, collections or a manual metric",
                "按占比分解需选择销售额、毛利额、回款额或手工指标",
            ),
            field="share_metric",
        )
    codes = [m.code for m in period.months()]
    manual = select(MetricValue.staff_id, MetricValue.value).where(
        MetricValue.metric_id == metric.id,
        MetricValue.staff_id.in_(staff_ids),
        MetricValue.period.in_(codes),
        _dimension_filter(MetricValue, dimension),
    )
    for person, entered in s.execute(manual):
        if person is not None:
            result[person] += entered
    return result


__all__ = [
    "SLOTS",
    "YEAR_SLOT",
    "AllocationMethod",
    "DecomposeLine",
    "DecomposePreview",
    "DecomposeRequest",
    "DimensionOption",
    "EffectiveTarget",
    "GridRow",
    "MetricInfo",
    "ProfileInfo",
    "ReconciliationRow",
    "ResolvedProfile",
    "SeasonalityChoice",
    "Subject",
    "SubjectKind",
    "TargetChange",
    "TargetEdit",
    "TargetGrid",
    "TargetsService",
    "UnitInfo",
    "period_slot",
    "slot_months",
    "slot_period",
]
