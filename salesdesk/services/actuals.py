"""Actuals (appraisal-rules §3–4): actual, target and achievement of every metric for every
person and org unit in a period, the month grid of one metric, and the lines behind a cell.

The service loads what a call needs in bulk with Core selects, one per table (receipts,
manual values, targets, staff, units, memberships) — the ledger in two: the lines of the
period and of the year-earlier period with their credits, and each customer's last line
date in the 12 months before (all the new-customer rule needs of them) — and hands the
rows to the pure functions of :mod:`salesdesk.domain.aggregation` and
:mod:`salesdesk.domain.targets`; no rule is computed here. Results are frozen DTOs;
:meth:`ActualsResult.to_json` writes the `salesdesk actuals --json` document of
data-exchange §4.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import Integer, String, and_, func, null, or_, select, true, type_coerce
from sqlalchemy.orm import Session, aliased

from salesdesk.db.models import (
    Customer,
    CycleTarget,
    Metric,
    MetricValue,
    OrgUnit,
    Receipt,
    SalesCredit,
    SalesLine,
    Staff,
    Target,
    UnitMembership,
)
from salesdesk.db.types import ScaledDecimal
from salesdesk.domain.aggregation import (
    Cell,
    LedgerActuals,
    Membership,
    ReceiptActuals,
    ReceiptRec,
    SalesLineRec,
    TeamScope,
    Value,
    achievement,
    aggregate_cells,
    ledger_actuals,
    period_totals,
    ratio_cells,
    ratio_text,
    receipt_actuals,
    team_manual_values,
    value_text,
)
from salesdesk.domain.decimals import round_half_up
from salesdesk.domain.errors import NotFoundError, Problem
from salesdesk.domain.metrics import Aggregation, Direction, MetricDef, MetricUnit, Source
from salesdesk.domain.periods import Period, PeriodKind, parse_period
from salesdesk.domain.targets import level_for, period_sum, prorated_period_target
from salesdesk.domain.text import language, t
from salesdesk.services.database import Database
from salesdesk.services.import_common import paused_gc

LOOKBACK_MONTHS = 12
LEDGER_SERIES = ("revenue", "gross_profit", "orders", "new_customers")
RECEIPT_SERIES = ("collections", "amount_due")
GROWTH = "revenue_growth"
RECEIPT_METRICS = frozenset({*RECEIPT_SERIES, "collection_rate"})
_HUNDRED = Decimal(100)
_ZERO = Decimal(0)


class SubjectKind(StrEnum):
    STAFF = "staff"
    UNIT = "unit"


# --------------------------------------------------------------------------- DTOs


def display_value(unit: MetricUnit, value: Value) -> str:
    """A value for people to read: money with separators, percent as `91.20%`, else as in
    the JSON; an empty string for no value."""
    if value is None:
        return ""
    if unit is MetricUnit.MONEY:
        return f"{round_half_up(value, 2):,.2f}"
    if unit is MetricUnit.PERCENT:
        return f"{round_half_up(value * _HUNDRED, 2):.2f}%"
    return value_text(unit, value) or ""


def display_achievement(value: Value) -> str:
    """An achievement for people to read: `82.3%`; empty for no value."""
    return "" if value is None else f"{round_half_up(value * _HUNDRED, 1):.1f}%"


@dataclass(frozen=True)
class ActualsRow:
    """One subject's actual, target and achievement of one metric in the listing's period.

    Values are exact (ledger sums keep full precision); they are rounded only for output
    (:meth:`as_json`, :attr:`actual_text`, ...). None: no value.
    """

    subject: str
    subject_kind: SubjectKind
    subject_name: str
    metric: str
    actual: Decimal | None
    target: Decimal | None
    achievement: Decimal | None
    unit: MetricUnit

    @property
    def actual_text(self) -> str:
        return display_value(self.unit, self.actual)

    @property
    def target_text(self) -> str:
        return display_value(self.unit, self.target)

    @property
    def achievement_text(self) -> str:
        return display_achievement(self.achievement)

    def as_json(self) -> dict[str, Any]:
        """The row as data-exchange §4 writes it (decimals as strings, null for no value)."""
        return {
            "subject": self.subject,
            "subject_kind": self.subject_kind.value,
            "metric": self.metric,
            "actual": value_text(self.unit, self.actual),
            "target": value_text(self.unit, self.target),
            "achievement": ratio_text(self.achievement),
        }


@dataclass(frozen=True)
class MetricInfo:
    """A metric as the listing shows it: code, names, unit and direction."""

    code: str
    name_zh: str
    name_en: str
    unit: MetricUnit
    direction: Direction
    aggregation: Aggregation

    @property
    def name(self) -> str:
        return self.name_zh if language() == "zh" else self.name_en


@dataclass(frozen=True)
class ActualsResult:
    """The actuals listing of one period (data-exchange §4)."""

    period: str
    rows: tuple[ActualsRow, ...]
    metrics: tuple[MetricInfo, ...] = ()

    def metric_info(self, code: str) -> MetricInfo | None:
        return next((m for m in self.metrics if m.code == code), None)

    def as_dict(self) -> dict[str, Any]:
        """The JSON document as Python data: ``{"period": ..., "rows": [...]}``."""
        return {"period": self.period, "rows": [row.as_json() for row in self.rows]}

    def to_json(self) -> str:
        """The `salesdesk actuals --json` document (data-exchange §4), UTF-8 text."""
        return json.dumps(self.as_dict(), ensure_ascii=False)


@dataclass(frozen=True)
class MonthlyRow:
    """One subject's values of a metric: 12 months, 4 quarters and the year."""

    subject: str
    subject_kind: SubjectKind
    subject_name: str
    months: tuple[Decimal | None, ...]
    quarters: tuple[Decimal | None, ...]
    year: Decimal | None


@dataclass(frozen=True)
class MonthlyGrid:
    """The values of one metric per subject × month, with quarter and year aggregates."""

    metric: MetricInfo
    year: int
    rows: tuple[MonthlyRow, ...]


@dataclass(frozen=True)
class LineDetail:
    """A sales line (or a receipt) behind an actuals cell, with the subject's credited part.

    For a receipt `order_no` holds the receipt's key, `share` is 100 and `amount_due` what
    the ERP said was due (None: not given). For a unit, each credited member is one detail.
    """

    kind: str  # "sale" | "receipt"
    date: dt.date
    order_no: str
    line_no: str | None
    customer: str
    staff_code: str
    staff_name: str
    amount: Decimal
    cost: Decimal | None
    share: Decimal
    credited_amount: Decimal
    amount_due: Decimal | None = None


@dataclass(frozen=True)
class Dimension:
    """An optional narrowing of targets to one product line, region or customer segment.

    The overall listing (all None) takes only targets and manual values without a
    dimension. With one, the ledger metrics count only the lines inside it (the new-customer
    rule still looks at every line), targets and manual values are those set for exactly
    that dimension, receipts are narrowed by their customer's region or segment, and
    receipt metrics under a product line have no value (a receipt has no product line).
    """

    product_line_id: int | None = None
    region_id: int | None = None
    segment_id: int | None = None

    @property
    def is_overall(self) -> bool:
        return self.product_line_id is None and self.region_id is None and self.segment_id is None

    def matches(
        self, product_line_id: int | None, region_id: int | None, segment_id: int | None
    ) -> bool:
        """Whether a sales line with these dimensions is inside the filter."""
        return (
            (self.product_line_id is None or product_line_id == self.product_line_id)
            and (self.region_id is None or region_id == self.region_id)
            and (self.segment_id is None or segment_id == self.segment_id)
        )


# --------------------------------------------------------------------------- loading helpers


def _scale_of(column: Any) -> int:
    column_type = column.type
    assert isinstance(column_type, ScaledDecimal)
    return column_type.scale


class _Raw:
    """Reads scaled-integer and date columns without the column types' per-row processing.

    The ledger listing reads up to a million rows: they are selected as the stored integers
    (type_coerce to Integer) and dates, converted here with caches for the few distinct
    dates and shares. The scales come from the column types, so storage stays defined in
    one place. The large selects run on the session's Connection and are fetched at once
    (`_rows`): the ORM's per-row result processing costs more than SQLite's reading.
    """

    def __init__(self) -> None:
        self._dates: dict[Any, dt.date] = {}
        self._shares: dict[int, Decimal] = {}
        self._share_scale = _scale_of(SalesCredit.share)

    def date(self, value: Any) -> dt.date:
        # SQLite hands dates back as ISO text (few distinct values: cached); other drivers
        # hand back dates.
        cached = self._dates.get(value)
        if cached is None:
            cached = value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
            self._dates[value] = cached
        return cached

    def share(self, hundredths: int) -> Decimal:
        cached = self._shares.get(hundredths)
        if cached is None:
            cached = self._shares[hundredths] = _scaled(hundredths, self._share_scale)
            if cached == cached.to_integral_value():
                cached = self._shares[hundredths] = cached.quantize(Decimal(1))
        return cached


def _rows(session: Session, query: Any) -> Sequence[Any]:
    """Every row of a select, as Core rows fetched in one call (see `_Raw`)."""
    return session.connection().execute(query).all()


def _scaled(value: int | None, scale: int) -> Decimal:
    return Decimal(0 if value is None else value).scaleb(-scale)


def _raw(column: Any) -> Any:
    return type_coerce(column, Integer).label(column.key)


def _raw_date(column: Any) -> Any:
    return type_coerce(column, String).label(column.key)


_Scoped = type[Target] | type[MetricValue] | type[CycleTarget]


def _dimension_clause(model: _Scoped, dimension: Dimension) -> Any:
    def match(column: Any, value: int | None) -> Any:
        return column.is_(None) if value is None else column == value

    return and_(
        match(model.product_line_id, dimension.product_line_id),
        match(model.region_id, dimension.region_id),
        match(model.segment_id, dimension.segment_id),
    )


MAX_PEOPLE_FILTER = 900
"""Above this many people a subject's listing reads everyone: a longer IN list saves
little and nears the database's limit on bound parameters."""


def _only_people(model: _Scoped, people: frozenset[int] | None) -> Any:
    """Rows of these people and of every unit (all rows when `people` is None)."""
    if people is None:
        return true()
    return or_(model.staff_id.in_(sorted(people)), model.unit_id.is_not(None))


def _customers_of(people: frozenset[int] | None, ranges: Sequence[tuple[dt.date, dt.date]]) -> Any:
    """A select of the customers with a line credited to `people` in `ranges` (None: all)."""
    if people is None:
        return None
    return (
        select(SalesLine.customer_id)
        .join(SalesCredit, SalesCredit.sales_line_id == SalesLine.id)
        .where(SalesCredit.staff_id.in_(sorted(people)), _in_ranges(SalesLine.line_date, ranges))
    )


def _people_behind(
    org: _Org, wanted: Iterable[tuple[SubjectKind, str]], months: Sequence[Period]
) -> frozenset[int] | None:
    """The people whose rows the listing of only the `wanted` subjects needs: the persons
    named and everyone counted in a named unit in any of `months`; None: everyone."""
    ids: set[int] = set()
    units: set[str] = set()
    for kind, key in wanted:
        if kind is SubjectKind.STAFF:
            ids.add(org.by_code[key].id)
        else:
            units.add(key)
    if units:
        for (unit, _month), people in org.scope.members(months).items():
            if unit in units:
                ids.update(org.by_code[code].id for code in people)
    return frozenset(ids) if len(ids) <= MAX_PEOPLE_FILTER else None


@dataclass(frozen=True)
class _StaffInfo:
    id: int
    code: str
    name: str
    unit_id: int
    hire_date: dt.date
    leave_date: dt.date | None

    def active_in(self, period: Period) -> bool:
        return self.hire_date <= period.end and (
            self.leave_date is None or self.leave_date >= period.start
        )


@dataclass
class _Org:
    """Staff, units and memberships of the whole company (small: read in full)."""

    metrics: list[MetricDef]
    staff: dict[int, _StaffInfo]
    by_code: dict[str, _StaffInfo]
    paths: dict[int, str]
    unit_names: dict[int, str]
    unit_order: list[int]
    scope: TeamScope

    unit_by_path: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.unit_by_path = {path: unit_id for unit_id, path in self.paths.items()}


def load_metric_defs(session: Session) -> list[MetricDef]:
    rows = session.execute(
        select(
            Metric.code,
            Metric.name_zh,
            Metric.name_en,
            Metric.unit,
            Metric.direction,
            Metric.aggregation,
            Metric.source,
            Metric.numerator,
            Metric.denominator,
        ).order_by(Metric.position, Metric.code)
    ).all()
    return [
        MetricDef(
            r.code,
            r.name_zh,
            r.name_en,
            MetricUnit(r.unit),
            Direction(r.direction),
            Aggregation(r.aggregation),
            Source(r.source),
            r.numerator,
            r.denominator,
        )
        for r in rows
    ]


def _load_org(session: Session) -> _Org:
    units = session.execute(
        select(OrgUnit.id, OrgUnit.parent_id, OrgUnit.name, OrgUnit.position)
    ).all()
    parent = {u.id: u.parent_id for u in units}
    name = {u.id: u.name for u in units}
    position = {u.id: u.position for u in units}
    paths: dict[int, str] = {}
    sort_keys: dict[int, tuple[tuple[int, str], ...]] = {}
    for unit_id in name:
        chain: list[int] = []
        current: int | None = unit_id
        while current is not None and current not in chain and len(chain) < 1000:
            chain.append(current)
            current = parent.get(current)
        chain.reverse()
        paths[unit_id] = "/".join(name[u] for u in chain)
        sort_keys[unit_id] = tuple((position[u], name[u]) for u in chain)
    unit_order = sorted(name, key=lambda u: sort_keys[u])

    raw = _Raw()
    staff: dict[int, _StaffInfo] = {}
    for r in _rows(
        session,
        select(
            Staff.id,
            Staff.code,
            Staff.name,
            Staff.unit_id,
            _raw_date(Staff.hire_date),
            _raw_date(Staff.leave_date),
        ),
    ):
        staff[r.id] = _StaffInfo(
            r.id,
            r.code,
            r.name,
            r.unit_id,
            raw.date(r.hire_date),
            None if r.leave_date is None else raw.date(r.leave_date),
        )
    memberships: list[Membership] = []
    with_membership: set[int] = set()
    for r in _rows(
        session,
        select(
            UnitMembership.staff_id,
            UnitMembership.unit_id,
            _raw_date(UnitMembership.valid_from),
            _raw_date(UnitMembership.valid_to),
        ),
    ):
        person = staff.get(r.staff_id)
        if person is None:
            continue
        with_membership.add(r.staff_id)
        memberships.append(
            Membership(
                person.code,
                paths[r.unit_id],
                raw.date(r.valid_from),
                None if r.valid_to is None else raw.date(r.valid_to),
            )
        )
    for person in staff.values():
        if person.id not in with_membership:
            # A person without membership history (data from before memberships were kept)
            # belongs to their current unit since they were hired.
            memberships.append(
                Membership(person.code, paths[person.unit_id], person.hire_date, None)
            )
    parent_of = {
        paths[u]: (paths[p] if (p := parent[u]) is not None and p in paths else None) for u in name
    }
    return _Org(
        metrics=load_metric_defs(session),
        staff=staff,
        by_code={p.code: p for p in staff.values()},
        paths=paths,
        unit_names=name,
        unit_order=unit_order,
        scope=TeamScope(memberships, parent_of),
    )


def _needs_ledger(metric: MetricDef) -> bool:
    # Receipt metrics need the revenue too: the amount due falls back to it.
    return metric.source is not Source.MANUAL


def _series_of(metric: MetricDef) -> set[str | None]:
    """The series a metric is made of: itself, or a ratio's numerator and denominator."""
    return {metric.code, metric.numerator, metric.denominator}


def _needs_receipts(metric: MetricDef) -> bool:
    return bool(_series_of(metric) & set(RECEIPT_SERIES))


def _any_uses(metrics: Sequence[MetricDef], series: str) -> bool:
    return any(series in _series_of(metric) for metric in metrics)


# --------------------------------------------------------------------------- computation


class _SharedLoads:
    """What a computation reads that does not depend on its dimension — the ledger's rows
    with their credits, the customers' last line dates, the units' members — kept for the
    next computation of the same call (:meth:`ActualsService.figures_by_period` makes one
    per dimension over the same months and people)."""

    def __init__(self) -> None:
        self.ledger: dict[Any, _Lines] = {}
        self.history: dict[Any, list[SalesLineRec]] = {}
        self.members: dict[Any, dict[Cell, frozenset[str]]] = {}


class _Computation:
    """Monthly cells of every metric for staff and units over a window of months, loaded
    once; values for any period inside the window come from the domain's aggregation."""

    def __init__(
        self,
        session: Session,
        org: _Org,
        metrics: Sequence[MetricDef],
        months: Sequence[Period],
        dimension: Dimension,
        people: frozenset[int] | None = None,
        shared: _SharedLoads | None = None,
        *,
        teams: bool = True,
        on_stage: Callable[[float], object] | None = None,
    ) -> None:
        """`teams` False: only people's values are wanted (a scheme of own-scope items), so
        the team cells are not built. `on_stage(fraction)` is told how far the work is
        after each stage (progress; it may raise to stop)."""

        def stage(fraction: float) -> None:
            if on_stage is not None:
                on_stage(fraction)

        self.org = org
        self.teams = teams
        self.dimension = dimension
        self.people = people
        # Kept only when given: a lone computation (scoring, a listing) holds no copies.
        self.shared = shared
        self.months = list(months)
        self.metrics = list(metrics)
        first = self.months[0]
        self.growth_months = [m.shift_years(-1) for m in self.months]
        wanted_ledger = any(_needs_ledger(m) for m in metrics)
        wanted_receipts = any(_needs_receipts(m) for m in metrics)
        wanted_growth = any(m.code == GROWTH for m in metrics)
        self.ledger_starts: Period | None = None
        empty_ledger = LedgerActuals({}, {}, {}, {}, {}, {})
        self.staff_ledger = empty_ledger
        self.team_ledger = empty_ledger
        self.staff_receipts = ReceiptActuals({}, {})
        self.team_receipts = ReceiptActuals({}, {})
        if wanted_ledger:
            ranges = [(first.start, self.months[-1].end)]
            if wanted_growth:
                ranges.append((self.growth_months[0].start, self.growth_months[-1].end))
            orders = _any_uses(metrics, "orders")
            lines = _load_lines(session, org, ranges, dimension, people, shared, orders=orders)
            stage(0.35)
            history: list[SalesLineRec] = []
            if _any_uses(metrics, "new_customers"):
                lookback = first.previous_months(LOOKBACK_MONTHS)
                key = (lookback[0].start, first.start, people, tuple(ranges[:1]))
                held = None if shared is None else shared.history.get(key)
                if held is None:
                    customers = _customers_of(people, ranges[:1])
                    if customers is None:
                        customers = select(SalesLine.customer_id).where(
                            _in_ranges(SalesLine.line_date, ranges[:1])
                        )
                    held = _customer_history(session, lookback[0].start, first.start, customers)
                    if shared is not None:
                        shared.history[key] = held
                history = held
            current = [line for line in lines if line.date >= first.start]
            if wanted_growth:
                # People: the year-earlier lines go through the same pass (their revenue).
                # Teams: the members' cells combined (one pass over the lines), and the
                # year-earlier revenue is the members' revenue rolled up (money adds up the
                # members' shares). The year-earlier lines change no team cell of the
                # period: they add no line to its months, and a customer's last line before
                # the period is already in `history` for everyone listed (their customers').
                if teams:
                    self.staff_ledger, team = org.scope.people_and_team_ledger(
                        [*lines, *history], self.months + self.growth_months, self.months
                    )
                    earlier = {m.code for m in self.growth_months}
                    rolled = org.scope.roll_up(
                        {
                            cell: value
                            for cell, value in self.staff_ledger.revenue.items()
                            if cell[1].code in earlier
                        }
                    )
                    self.team_ledger = replace(team, revenue={**team.revenue, **rolled})
                else:
                    self.staff_ledger = ledger_actuals(
                        [*lines, *history], self.months + self.growth_months
                    )
                starts = session.scalar(select(func.min(SalesLine.line_date)))
                self.ledger_starts = None if starts is None else Period.containing(starts)
            elif teams:
                self.staff_ledger, self.team_ledger = org.scope.people_and_team_ledger(
                    [*current, *history], self.months
                )
            else:
                self.staff_ledger = ledger_actuals([*current, *history], self.months)
        stage(0.7)
        if wanted_receipts:
            receipts = _load_receipts(
                session, org, first.start, self.months[-1].end, dimension, people
            )
            self.staff_receipts = receipt_actuals(receipts, self.staff_ledger.revenue, self.months)
            if teams:
                self.team_receipts = org.scope.receipt_actuals(self.staff_receipts)
        stage(0.85)
        manual = [m for m in metrics if m.source is Source.MANUAL]
        self.staff_manual: dict[str, dict[Cell, Value]] = {}
        self.unit_manual: dict[str, dict[Cell, Value]] = {}
        if manual:
            self._load_manual(session, manual)

    def _load_manual(self, session: Session, manual: Sequence[MetricDef]) -> None:
        org = self.org
        by_code = {m.code: m for m in manual}
        scale = _scale_of(MetricValue.value)
        months = {m.code: m for m in self.months}
        staff_values: dict[str, dict[Cell, Value]] = {code: {} for code in by_code}
        unit_values: dict[str, dict[Cell, Value]] = {code: {} for code in by_code}
        rows = _rows(
            session,
            select(
                Metric.code,
                MetricValue.staff_id,
                MetricValue.unit_id,
                MetricValue.period,
                _raw(MetricValue.value),
            )
            .join(Metric, Metric.id == MetricValue.metric_id)
            .where(
                Metric.code.in_(list(by_code)),
                MetricValue.period.in_(list(months)),
                _dimension_clause(MetricValue, self.dimension),
                _only_people(MetricValue, self.people),
            ),
        )
        for r in rows:
            month = months[r.period]
            value = _scaled(r.value, scale)
            if r.staff_id is not None:
                person = org.staff.get(r.staff_id)
                if person is not None:
                    staff_values[r.code][(person.code, month)] = value
            elif r.unit_id is not None and r.unit_id in org.paths:
                unit_values[r.code][(org.paths[r.unit_id], month)] = value
        if not self.teams:
            self.staff_manual = staff_values
            return
        months_key = tuple(self.months)
        members = None if self.shared is None else self.shared.members.get(months_key)
        if members is None:
            members = org.scope.members(self.months)
            if self.shared is not None:
                self.shared.members[months_key] = members
        for code, metric in by_code.items():
            self.staff_manual[code] = staff_values[code]
            self.unit_manual[code] = team_manual_values(
                unit_values[code], staff_values[code], members, metric.aggregation
            )

    def _ledger(self, kind: SubjectKind) -> LedgerActuals:
        return self.staff_ledger if kind is SubjectKind.STAFF else self.team_ledger

    def _series(self, code: str | None, kind: SubjectKind) -> Mapping[Cell, Decimal]:
        if code in LEDGER_SERIES:
            return self._ledger(kind).cells(code)
        receipts = self.staff_receipts if kind is SubjectKind.STAFF else self.team_receipts
        if code == "collections":
            return receipts.collections
        if code == "amount_due":
            return receipts.amount_due
        return {}

    def values(
        self, metric: MetricDef, period: Period, kind: SubjectKind, subjects: Sequence[str]
    ) -> dict[str, Value]:
        """Rule (appraisal-rules §3): each subject's value of `metric` for `period`."""
        if self.dimension.product_line_id is not None and _needs_receipts(metric):
            # A receipt pays a customer's invoices, not a product line's: no value.
            return dict.fromkeys(subjects)
        if metric.code == GROWTH:
            ledger = self._ledger(kind)
            return {
                s: ledger.revenue_growth(s, period, ledger_starts=self.ledger_starts)
                for s in subjects
            }
        if metric.aggregation is Aggregation.RATIO:
            ratios = ratio_cells(
                self._series(metric.numerator, kind),
                self._series(metric.denominator, kind),
                period,
                subjects,
            )
            return {s: ratios.get(s) for s in subjects}
        if metric.source in (Source.LEDGER, Source.RECEIPTS):
            totals = period_totals(self._series(metric.code, kind), period, subjects)
            return {s: totals[s] for s in subjects}
        manual = self.staff_manual if kind is SubjectKind.STAFF else self.unit_manual
        aggregated = aggregate_cells(
            manual.get(metric.code, {}), period, metric.aggregation, subjects=subjects
        )
        return {s: aggregated.get(s) for s in subjects}


_Dims = tuple[int | None, int | None, int | None]
"""A line's product line, region and customer segment."""


@dataclass
class _Lines:
    """Sales lines as read: credited to their people, and (when read with them) each line's
    dimensions, in the same order — a dimension only changes whom a line counts for."""

    recs: list[SalesLineRec]
    dims: list[_Dims] | None


def _load_lines(
    session: Session,
    org: _Org,
    ranges: Sequence[tuple[dt.date, dt.date]],
    dimension: Dimension,
    people: frozenset[int] | None = None,
    shared: _SharedLoads | None = None,
    *,
    orders: bool = True,
) -> list[SalesLineRec]:
    """Every sales line dated in one of `ranges` with its credits, keyed by staff code;
    with `orders` False, without their order numbers (no metric counts orders).

    With a `dimension`, a line outside it still counts for the new-customer rule ("no line
    at all with anyone") but for nobody's figures: it is credited to HISTORY_ONLY.
    With `people`, only their lines and the other lines of their customers (the history
    of the new-customer rule inside the period) are read. With `shared`, the lines read for
    the same ranges and people by an earlier computation are used again.
    """
    overall = dimension.is_overall
    key = (tuple(ranges), people, orders)
    lines = None if shared is None else shared.ledger.get(key)
    if lines is None or (lines.dims is None and not overall):
        lines = _read_lines(session, org, ranges, people, with_dims=not overall, orders=orders)
        if shared is not None:
            shared.ledger[key] = lines
    if overall:
        return lines.recs
    assert lines.dims is not None
    history_only = ((HISTORY_ONLY, _HUNDRED),)
    matches = dimension.matches
    return [
        line if matches(*dims) else line._replace(credits=history_only)
        for line, dims in zip(lines.recs, lines.dims, strict=True)
    ]


def _read_lines(
    session: Session,
    org: _Org,
    ranges: Sequence[tuple[dt.date, dt.date]],
    people: frozenset[int] | None,
    *,
    with_dims: bool,
    orders: bool = True,
) -> _Lines:
    """The select behind `_load_lines`: every credited line of `ranges` (of `people` and
    their customers), its credits gathered by line; the dimensions only `with_dims`, the
    order numbers only with `orders` (a string a line: a tenth of the reading)."""
    money_scale = _scale_of(SalesLine.amount)
    raw = _Raw()
    codes = {person.id: person.code for person in org.staff.values()}
    columns = [
        SalesLine.id,
        _raw_date(SalesLine.line_date),
        SalesLine.order_no if orders else null(),
        SalesLine.customer_id,
        _raw(SalesLine.amount),
        _raw(SalesLine.cost),
        SalesCredit.staff_id,
        _raw(SalesCredit.share),
    ]
    if with_dims:
        columns += [SalesLine.product_line_id, SalesLine.region_id, SalesLine.segment_id]
    query = (
        select(*columns)
        .join(SalesCredit, SalesCredit.sales_line_id == SalesLine.id)
        .where(_in_ranges(SalesLine.line_date, ranges))
    )
    customers = _customers_of(people, ranges)
    if people is not None and customers is not None:
        theirs = select(SalesCredit.sales_line_id).where(SalesCredit.staff_id.in_(people))
        rows = _rows(
            session,
            query.where(or_(SalesLine.id.in_(theirs), SalesLine.customer_id.in_(customers))),
        )
    else:
        rows = _rows(session, query)
    # A million rows pass here: the common single credit's tuple is shared, not rebuilt,
    # and a line's first row is kept only where another credit follows.
    shared: dict[tuple[int, int], tuple[tuple[str, Decimal], ...]] = {}
    credits_of: dict[int, tuple[tuple[str, Decimal], ...]] = {}
    first_rows: list[Any] = []
    for r in rows:
        key = (r[6], r[7])
        credit = shared.get(key)
        if credit is None:
            credit = shared[key] = ((codes[r[6]], raw.share(r[7])),)
        line_id = r[0]
        held = credits_of.get(line_id)
        if held is None:
            credits_of[line_id] = credit
            first_rows.append(r)
        else:
            credits_of[line_id] = held + credit
    date_of = raw.date
    line = SalesLineRec.stored
    recs = [
        line(
            date_of(r[1]),
            r[2],
            str(r[3]),
            Decimal(r[4]).scaleb(-money_scale),
            None if r[5] is None else Decimal(r[5]).scaleb(-money_scale),
            credits_of[r[0]],
        )
        for r in first_rows
    ]
    dims = [(r[8], r[9], r[10]) for r in first_rows] if with_dims else None
    return _Lines(recs, dims)


HISTORY_ONLY = "\x00history"
"""The credit of a stand-in line that only tells the new-customer rule when a customer last
bought; no person or team has this key, so it adds to nobody's figures."""


def _customer_history(
    session: Session, since: dt.date, before: dt.date, customers: Any
) -> list[SalesLineRec]:
    """Each customer's last sales line date in [since, before), as a stand-in line.

    Rule (appraisal-rules §3, new customer): whether a customer is new in a month depends
    only on their latest line (with anyone) in the 12 months before it. Before the period
    that is their last line in the look-back, so one row per customer replaces the 12
    months of lines (a third of the ledger work of a quarter). `customers`: a select of
    the customer ids wanted (those of the period: no one else's history matters); each
    one's last date is a seek in the (customer, date) index.
    """
    raw = _Raw()
    wanted = customers.distinct().subquery()
    earlier = aliased(SalesLine)
    last = (
        select(func.max(earlier.line_date))
        .where(
            earlier.customer_id == wanted.c.customer_id,
            earlier.line_date >= since,
            earlier.line_date < before,
        )
        .scalar_subquery()
    )
    rows = _rows(session, select(wanted.c.customer_id, type_coerce(last, String)))
    credit = ((HISTORY_ONLY, _HUNDRED),)
    return [
        SalesLineRec.stored(raw.date(day), "", str(customer), _ZERO, _ZERO, credit)
        for customer, day in rows
        if day is not None
    ]


def _load_receipts(
    session: Session,
    org: _Org,
    first_day: dt.date,
    last_day: dt.date,
    dimension: Dimension,
    people: frozenset[int] | None = None,
) -> list[ReceiptRec]:
    """Receipts dated in [first_day, last_day]; with a region or segment, those of the
    customers in it (a receipt has no product line: see _Computation.values)."""
    scale = _scale_of(Receipt.amount)
    raw = _Raw()
    codes = {person.id: person.code for person in org.staff.values()}
    query = select(
        _raw_date(Receipt.receipt_date),
        Receipt.staff_id,
        _raw(Receipt.amount),
        _raw(Receipt.amount_due),
    ).where(Receipt.receipt_date >= first_day, Receipt.receipt_date <= last_day)
    if people is not None:
        query = query.where(Receipt.staff_id.in_(people))
    if dimension.region_id is not None or dimension.segment_id is not None:
        customers = select(Customer.id)
        if dimension.region_id is not None:
            customers = customers.where(Customer.region_id == dimension.region_id)
        if dimension.segment_id is not None:
            customers = customers.where(Customer.segment_id == dimension.segment_id)
        query = query.where(Receipt.customer_id.in_(customers))
    rows = _rows(session, query)
    return [
        ReceiptRec(
            raw.date(day),
            codes[staff_id],
            _scaled(amount, scale),
            None if due is None else _scaled(due, scale),
        )
        for day, staff_id, amount, due in rows
    ]


# --------------------------------------------------------------------------- targets


@dataclass
class _Held:
    """One subject's targets of one metric: month targets and levels by period."""

    months: dict[Period, Decimal] = field(default_factory=dict)
    levels: dict[Period, Decimal] = field(default_factory=dict)


_Targets = dict[tuple[str, SubjectKind, str], _Held]


def _load_targets(
    session: Session,
    org: _Org,
    metrics: Sequence[MetricDef],
    period: Period,
    dimension: Dimension,
    people: frozenset[int] | None = None,
    *,
    cycle_id: int | None = None,
) -> _Targets:
    """The targets of `metrics` for `period` (its months, itself, its year and, for a
    month, its quarter); with `cycle_id`, the snapshot that cycle took when it opened."""
    model: type[Target] | type[CycleTarget] = Target if cycle_id is None else CycleTarget
    periods: dict[str, Period] = {m.code: m for m in period.months()}
    periods[period.code] = period
    periods[Period.of_year(period.year).code] = Period.of_year(period.year)
    if period.kind is PeriodKind.MONTH:
        quarter = period.quarter_of()
        periods[quarter.code] = quarter
    scale = _scale_of(model.value)
    query = (
        select(
            Metric.code,
            model.staff_id,
            model.unit_id,
            model.period,
            _raw(model.value),
        )
        .join(Metric, Metric.id == model.metric_id)
        .where(
            Metric.code.in_([m.code for m in metrics]),
            model.period.in_(list(periods)),
            _dimension_clause(model, dimension),
            _only_people(model, people),
        )
    )
    if cycle_id is not None:
        query = query.where(CycleTarget.cycle_id == cycle_id)
    rows = _rows(session, query)
    targets: _Targets = {}
    staff_codes = {person.id: person.code for person in org.staff.values()}
    staff, unit = SubjectKind.STAFF, SubjectKind.UNIT
    for code, staff_id, unit_id, period_code, value in rows:
        if staff_id is not None:
            if staff_id not in staff_codes:
                continue
            key = (code, staff, staff_codes[staff_id])
        elif unit_id in org.paths:
            key = (code, unit, org.paths[unit_id])
        else:
            continue
        held = targets.get(key)
        if held is None:
            held = targets[key] = _Held()
        when = periods[period_code]
        (held.months if when.kind is PeriodKind.MONTH else held.levels)[when] = Decimal(
            value
        ).scaleb(-scale)
    return targets


def _period_target(
    metric: MetricDef,
    period: Period,
    held: _Held | None,
    person: _StaffInfo | None,
    prorate: bool,
) -> Decimal | None:
    """Rule (appraisal-rules §4): `sum` targets are the sum of the month targets; other
    metrics take the level set for the period, else its quarter, else its year."""
    if held is None:
        return None
    if metric.aggregation is Aggregation.SUM:
        if prorate and person is not None:
            return prorated_period_target(held.months, period, person.hire_date, person.leave_date)
        return period_sum(held.months, period)
    # A level of a month is a month's level too (a month listing of a ratio metric).
    levels = held.levels if period.kind is not PeriodKind.MONTH else {**held.months, **held.levels}
    return level_for(period, levels)


@dataclass(frozen=True)
class FigureRequest:
    """What a scorecard item needs: one metric for a person (own) or for the unit a
    person belongs to (team), inside an optional product line / region / segment."""

    metric: str
    team: bool = False
    dimension: Dimension = field(default_factory=Dimension)

    def __post_init__(self) -> None:
        # A request keys every figure of a cycle (hundreds of thousands of look-ups): its
        # hash is computed once, not through the generated one (and Dimension's) each time.
        object.__setattr__(self, "_hash", hash((self.metric, self.team, self.dimension)))

    def __hash__(self) -> int:
        cached: int = self.__dict__["_hash"]
        return cached


@dataclass(frozen=True)
class Figure:
    """An actual and a target (None: no value)."""

    actual: Value
    target: Value


# --------------------------------------------------------------------------- service


def _allowed_subjects(org: _Org) -> str:
    examples = [p.code for p in sorted(org.staff.values(), key=lambda p: p.code)[:3]]
    examples += [org.paths[u] for u in org.unit_order[:2]]
    return t(
        "a staff code or a unit path, e.g. {e}",
        "工号或部门路径，例如 {e}",
        e=", ".join(examples) or "S0001, 销售部/华东区",
    )


class ActualsService:
    """Actuals, targets and achievements of one database (appraisal-rules §3–4)."""

    def __init__(self, database: Database) -> None:
        self.db = database

    # ---- argument checks

    @staticmethod
    def _period(period: str | Period) -> Period:
        return period if isinstance(period, Period) else parse_period(period)

    @staticmethod
    def _metrics(org: _Org, metric: str | None) -> list[MetricDef]:
        if metric is None:
            return list(org.metrics)
        found = [m for m in org.metrics if m.code == metric or metric in (m.name_zh, m.name_en)]
        if not found:
            message = t("unknown metric: {m}", "未知指标：{m}", m=metric)
            raise NotFoundError(
                message,
                problems=[
                    Problem(message, field="metric", allowed=", ".join(m.code for m in org.metrics))
                ],
            )
        return found[:1]

    @staticmethod
    def _subject(org: _Org, subject: str) -> tuple[SubjectKind, str]:
        text = subject.strip()
        if text in org.by_code:
            return SubjectKind.STAFF, text
        path = "/".join(part.strip() for part in text.strip("/").split("/"))
        if path in org.unit_by_path:
            return SubjectKind.UNIT, path
        message = t("unknown staff code or unit: {s}", "未知的工号或部门：{s}", s=subject)
        raise NotFoundError(
            message,
            problems=[Problem(message, field="subject", allowed=_allowed_subjects(org))],
        )

    # ---- the listing

    def actuals(
        self,
        period: str | Period,
        *,
        metric: str | None = None,
        subject: str | None = None,
        dimension: Dimension | None = None,
        prorate: bool = False,
    ) -> ActualsResult:
        """Rule (appraisal-rules §3–4): actual, target and achievement of each metric (or
        `metric`) for every person active in the period and every org unit (or `subject`, a
        staff code or a unit path).

        `dimension` narrows the targets to one product line / region / segment (default:
        the overall targets only). `prorate` applies the joiner/leaver rule of §4 to staff
        `sum` targets (off: the listing shows the targets as held).
        """
        with paused_gc():
            return self._actuals(period, metric, subject, dimension, prorate)

    def _actuals(
        self,
        period: str | Period,
        metric: str | None,
        subject: str | None,
        dimension: Dimension | None,
        prorate: bool,
    ) -> ActualsResult:
        when = self._period(period)
        dim = dimension or Dimension()
        with self.db.reading() as session:
            org = _load_org(session)
            metrics = self._metrics(org, metric)
            only = self._subject(org, subject) if subject is not None else None
            people = None
            if only is not None:
                window = when.months() + when.shift_years(-1).months()
                people = _people_behind(org, [only], window)
            computation = _Computation(session, org, metrics, when.months(), dim, people)
            targets = _load_targets(session, org, metrics, when, dim, people)

        if only is None:
            staff = sorted(
                (p for p in org.staff.values() if p.active_in(when)), key=lambda p: p.code
            )
            units = list(org.unit_order)
        elif only[0] is SubjectKind.STAFF:
            staff, units = [org.by_code[only[1]]], []
        else:
            staff, units = [], [org.unit_by_path[only[1]]]
        staff_keys = [p.code for p in staff]
        unit_keys = [org.paths[u] for u in units]

        per_metric: dict[tuple[str, SubjectKind], dict[str, Value]] = {}
        for m in metrics:
            per_metric[(m.code, SubjectKind.STAFF)] = computation.values(
                m, when, SubjectKind.STAFF, staff_keys
            )
            per_metric[(m.code, SubjectKind.UNIT)] = computation.values(
                m, when, SubjectKind.UNIT, unit_keys
            )

        rows: list[ActualsRow] = []

        def add(kind: SubjectKind, key: str, name: str, person: _StaffInfo | None) -> None:
            for m in metrics:
                actual = per_metric[(m.code, kind)][key]
                target = _period_target(m, when, targets.get((m.code, kind, key)), person, prorate)
                rows.append(
                    ActualsRow(
                        subject=key,
                        subject_kind=kind,
                        subject_name=name,
                        metric=m.code,
                        actual=actual,
                        target=target,
                        achievement=achievement(actual, target, m.direction),
                        unit=m.unit,
                    )
                )

        for person in staff:
            add(SubjectKind.STAFF, person.code, person.name, person)
        for unit_id in units:
            add(SubjectKind.UNIT, org.paths[unit_id], org.unit_names[unit_id], None)
        return ActualsResult(when.code, tuple(rows), tuple(_info(m) for m in metrics))

    # ---- figures for scorecards

    def figures(
        self,
        period: str | Period,
        requests: Iterable[FigureRequest],
        staff_codes: Sequence[str],
        unit_paths: Sequence[str],
        *,
        cycle_id: int | None = None,
        prorate: bool = True,
        on_step: Callable[[float], object] | None = None,
    ) -> dict[tuple[FigureRequest, str], Figure]:
        """Actual and target of each request for each person (own scope, keyed by staff
        code) or each unit (team scope, keyed by unit path), computed as
        :meth:`actuals` computes them. With `cycle_id` the targets are those the cycle
        took when it opened; `prorate` applies the joiner/leaver rule of §4 to people's
        `sum` targets. `on_step(fraction)`: how far the work is (progress; it may raise
        to stop)."""
        when = self._period(period)
        found = self.figures_by_period(
            when,
            [when],
            requests,
            staff_codes,
            unit_paths,
            cycle_id=cycle_id,
            prorate=prorate,
            on_step=on_step,
        )
        return found[when]

    def figures_by_period(
        self,
        window: str | Period,
        periods: Sequence[str | Period],
        requests: Iterable[FigureRequest],
        staff_codes: Sequence[str],
        unit_paths: Sequence[str],
        *,
        cycle_id: int | None = None,
        prorate: bool = True,
        on_dimension: Callable[[int, int], object] | None = None,
        on_step: Callable[[float], object] | None = None,
    ) -> dict[Period, dict[tuple[FigureRequest, str], Figure]]:
        """:meth:`figures` for several periods inside `window` (its months and itself, as
        a report shows a quarter month by month): each dimension's ledger pass is made
        once over the window's months and serves every period, as :meth:`monthly` does;
        targets are read per period as :meth:`figures` reads them. `on_dimension(done,
        total)` is called after each dimension's pass, `on_step(fraction)` also within one
        (progress; either may raise to stop)."""
        with paused_gc():
            span = self._period(window)
            wanted_periods = [self._period(p) for p in periods]
            months = {m.code for m in span.months()}
            for each in wanted_periods:
                if not {m.code for m in each.months()} <= months:
                    raise ValueError(f"{each.code} is not inside {span.code}")
            wanted = list(dict.fromkeys(requests))
            by_dimension: dict[Dimension, list[FigureRequest]] = {}
            for request in wanted:
                by_dimension.setdefault(request.dimension, []).append(request)
            result: dict[Period, dict[tuple[FigureRequest, str], Figure]] = {
                p: {} for p in wanted_periods
            }
            with self.db.reading() as session:
                org = _load_org(session)
                defs = {m.code: m for m in org.metrics}
                staff = [org.by_code[c] for c in staff_codes if c in org.by_code]
                units = [p for p in unit_paths if p in org.unit_by_path]
                subjects = [(SubjectKind.STAFF, p.code) for p in staff] + [
                    (SubjectKind.UNIT, p) for p in units
                ]
                window_months = span.months() + span.shift_years(-1).months()
                # With more people named than a filter takes, everyone is read anyway: skip
                # working out who the named units' members are (1.5 s at 10,000 staff).
                people = (
                    None
                    if len(staff) > MAX_PEOPLE_FILTER
                    else _people_behind(org, subjects, window_months)
                )
                shared = _SharedLoads()
                count = len(by_dimension)
                for done, (dimension, asked) in enumerate(by_dimension.items(), start=1):

                    def within(fraction: float, done: int = done) -> None:
                        if on_step is not None:
                            on_step((done - 1 + 0.9 * fraction) / count)

                    metrics = [defs[r.metric] for r in asked if r.metric in defs]
                    metrics = list({m.code: m for m in metrics}.values())
                    if metrics:
                        computation = _Computation(
                            session,
                            org,
                            metrics,
                            span.months(),
                            dimension,
                            people,
                            shared,
                            teams=any(r.team for r in asked),
                            on_stage=within,
                        )
                        for when in wanted_periods:
                            targets = _load_targets(
                                session, org, metrics, when, dimension, people, cycle_id=cycle_id
                            )
                            self._fill_figures(
                                result[when],
                                computation,
                                targets,
                                asked,
                                defs,
                                org,
                                when,
                                staff,
                                units,
                                prorate,
                            )
                    if on_dimension is not None:
                        on_dimension(done, count)
                    if on_step is not None:
                        on_step(done / count)
            return result

    @staticmethod
    def _fill_figures(
        into: dict[tuple[FigureRequest, str], Figure],
        computation: _Computation,
        targets: _Targets,
        asked: Sequence[FigureRequest],
        defs: Mapping[str, MetricDef],
        org: _Org,
        when: Period,
        staff: Sequence[_StaffInfo],
        units: Sequence[str],
        prorate: bool,
    ) -> None:
        for request in asked:
            metric = defs.get(request.metric)
            if metric is None:
                continue
            kind = SubjectKind.UNIT if request.team else SubjectKind.STAFF
            keys = units if request.team else [p.code for p in staff]
            values = computation.values(metric, when, kind, keys)
            for key in keys:
                person = None if request.team else org.by_code[key]
                target = _period_target(
                    metric, when, targets.get((metric.code, kind, key)), person, prorate
                )
                into[(request, key)] = Figure(values.get(key), target)

    # ---- the month grid

    def monthly(
        self,
        metric: str,
        subjects: Iterable[str],
        year: int | str,
        *,
        dimension: Dimension | None = None,
    ) -> MonthlyGrid:
        """Rule (appraisal-rules §3): one metric per subject × the 12 months of `year`, with
        its 4 quarters and the year, each aggregated from the months as the rules say.

        `subjects` are staff codes and unit paths; none: every person employed in the year
        and every unit.
        """
        with paused_gc():
            return self._monthly(metric, subjects, year, dimension)

    def _monthly(
        self,
        metric: str,
        subjects: Iterable[str],
        year: int | str,
        dimension: Dimension | None,
    ) -> MonthlyGrid:
        when = self._period(str(year))
        if when.kind is not PeriodKind.YEAR:
            when = Period.of_year(when.year)
        with self.db.reading() as session:
            org = _load_org(session)
            definition = self._metrics(org, metric)[0]
            wanted = [self._subject(org, s) for s in subjects]
            people = None
            if wanted:
                window = when.months() + when.shift_years(-1).months()
                people = _people_behind(org, wanted, window)
            computation = _Computation(
                session, org, [definition], when.months(), dimension or Dimension(), people
            )
        if not wanted:
            wanted = [
                (SubjectKind.STAFF, p.code)
                for p in sorted(org.staff.values(), key=lambda p: p.code)
                if p.active_in(when)
            ] + [(SubjectKind.UNIT, org.paths[u]) for u in org.unit_order]
        periods = [*when.months(), *(Period.quarter(when.year, q) for q in range(1, 5)), when]
        by_kind: dict[SubjectKind, list[str]] = {SubjectKind.STAFF: [], SubjectKind.UNIT: []}
        for kind, key in wanted:
            by_kind[kind].append(key)
        values: dict[tuple[SubjectKind, Period], dict[str, Value]] = {
            (kind, p): computation.values(definition, p, kind, keys)
            for kind, keys in by_kind.items()
            if keys
            for p in periods
        }
        names = {p.code: p.name for p in org.staff.values()}
        unit_names = {org.paths[u]: org.unit_names[u] for u in org.paths}
        rows = []
        for kind, key in wanted:
            cells = [values[(kind, p)][key] for p in periods]
            rows.append(
                MonthlyRow(
                    subject=key,
                    subject_kind=kind,
                    subject_name=names[key] if kind is SubjectKind.STAFF else unit_names[key],
                    months=tuple(cells[:12]),
                    quarters=tuple(cells[12:16]),
                    year=cells[16],
                )
            )
        return MonthlyGrid(_info(definition), when.year, tuple(rows))

    # ---- drill-down

    def lines_behind(self, subject: str, metric: str, period: str | Period) -> list[LineDetail]:
        """The sales lines (receipts, for collection metrics) behind one cell of the listing.

        For a person: the lines credited to them in the period, with their share. For a unit:
        the lines credited to each person counted in the unit in the line's month, one detail
        per credited member. Revenue growth also lists the year-earlier period's lines.
        Manual metrics have no lines behind them: an empty list.
        """
        when = self._period(period)
        with self.db.reading() as session:
            org = _load_org(session)
            definition = self._metrics(org, metric)[0]
            kind, key = self._subject(org, subject)
            if definition.source is Source.MANUAL:
                return []
            ranges = [(when.start, when.end)]
            if definition.code == GROWTH:
                earlier = when.shift_years(-1)
                ranges.insert(0, (earlier.start, earlier.end))
            people: list[int] | None = None
            if kind is SubjectKind.STAFF:
                people = [org.by_code[key].id]
            else:
                people = _members_ever(org, key, [m for a, b in ranges for m in _months(a, b)])
                if len(people) > MAX_PEOPLE_FILTER:
                    people = None  # a large unit: read every line, keep its members' below

            def counts(staff_id: int, day: dt.date) -> bool:
                if kind is SubjectKind.STAFF:
                    return True
                code = org.staff[staff_id].code
                return key in org.scope.teams_of(code, Period.containing(day))

            if definition.code in RECEIPT_METRICS:
                return _receipt_details(session, org, people, ranges, counts)
            return _line_details(session, org, people, ranges, counts)


def _info(metric: MetricDef) -> MetricInfo:
    return MetricInfo(
        metric.code,
        metric.name_zh,
        metric.name_en,
        metric.unit,
        metric.direction,
        metric.aggregation,
    )


def _tidy(value: Decimal) -> Decimal:
    """An exact credited amount, shown to the cent where that loses nothing (60 % of 100.00
    is 60.00, not 60.0000); a share of an odd cent keeps its digits (60 % of 0.01)."""
    cents = value.quantize(Decimal("0.01"))
    return cents if cents == value else value.normalize()


def _months(first: dt.date, last: dt.date) -> list[Period]:
    result = []
    month = Period.containing(first)
    while month.start <= last:
        result.append(month)
        month = _next_month(month)
    return result


def _next_month(month: Period) -> Period:
    return Period.month(month.year + month.index // 12, month.index % 12 + 1)


def _members_ever(org: _Org, unit_path: str, months: Sequence[Period]) -> list[int]:
    members: set[str] = set()
    for (unit, _month), people in org.scope.members(months).items():
        if unit == unit_path:
            members |= people
    return sorted(org.by_code[code].id for code in members)


def _in_ranges(column: Any, ranges: Sequence[tuple[dt.date, dt.date]]) -> Any:
    return or_(*(and_(column >= a, column <= b) for a, b in ranges))


def _line_details(
    session: Session,
    org: _Org,
    people: Sequence[int] | None,
    ranges: Sequence[tuple[dt.date, dt.date]],
    counts: Callable[[int, dt.date], bool],
) -> list[LineDetail]:
    if people is not None and not people:
        return []
    rows = session.execute(
        select(
            SalesLine.line_date,
            SalesLine.order_no,
            SalesLine.line_no,
            Customer.name,
            SalesLine.amount,
            SalesLine.cost,
            SalesCredit.staff_id,
            SalesCredit.share,
        )
        .join(SalesCredit, SalesCredit.sales_line_id == SalesLine.id)
        .join(Customer, Customer.id == SalesLine.customer_id)
        .where(
            true() if people is None else SalesCredit.staff_id.in_(people),
            _in_ranges(SalesLine.line_date, ranges),
        )
        .order_by(SalesLine.line_date, SalesLine.order_no, SalesLine.id, SalesCredit.staff_id)
    ).all()
    details = []
    for r in rows:
        if not counts(r.staff_id, r.line_date):
            continue
        person = org.staff[r.staff_id]
        details.append(
            LineDetail(
                kind="sale",
                date=r.line_date,
                order_no=r.order_no,
                line_no=r.line_no,
                customer=r.name,
                staff_code=person.code,
                staff_name=person.name,
                amount=r.amount,
                cost=r.cost,
                share=r.share,
                credited_amount=_tidy((r.amount * r.share).scaleb(-2)),
            )
        )
    return details


def _receipt_details(
    session: Session,
    org: _Org,
    people: Sequence[int] | None,
    ranges: Sequence[tuple[dt.date, dt.date]],
    counts: Callable[[int, dt.date], bool],
) -> list[LineDetail]:
    if people is not None and not people:
        return []
    rows = session.execute(
        select(
            Receipt.receipt_date,
            Receipt.receipt_key,
            Customer.name,
            Receipt.amount,
            Receipt.amount_due,
            Receipt.staff_id,
        )
        .join(Customer, Customer.id == Receipt.customer_id)
        .where(
            true() if people is None else Receipt.staff_id.in_(people),
            _in_ranges(Receipt.receipt_date, ranges),
        )
        .order_by(Receipt.receipt_date, Receipt.receipt_key)
    ).all()
    details = []
    for r in rows:
        if not counts(r.staff_id, r.receipt_date):
            continue
        person = org.staff[r.staff_id]
        details.append(
            LineDetail(
                kind="receipt",
                date=r.receipt_date,
                order_no=r.receipt_key,
                line_no=None,
                customer=r.name,
                staff_code=person.code,
                staff_name=person.name,
                amount=r.amount,
                cost=None,
                share=_HUNDRED,
                credited_amount=r.amount,
                amount_due=r.amount_due,
            )
        )
    return details


__all__ = [
    "ActualsResult",
    "ActualsRow",
    "ActualsService",
    "Dimension",
    "LineDetail",
    "MetricInfo",
    "MonthlyGrid",
    "MonthlyRow",
    "SubjectKind",
    "display_achievement",
    "display_value",
]
