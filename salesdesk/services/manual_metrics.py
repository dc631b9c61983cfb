"""Manual metric values (appraisal-rules §3): the people × months grid of one manual metric
and one year, with unit rows and quarter/year aggregates, and checked, version-guarded,
audited edits of its cells — all or nothing.

Values follow data-exchange §2: a percent metric holds a fraction (`0.95`) or text with a
`%` sign (`95%`); nothing is guessed from a number's size.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_DOWN, Decimal
from typing import Any, Literal

from sqlalchemy import BigInteger, select, type_coerce
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from salesdesk.db.models import Metric, MetricValue, OrgUnit, Staff, scope_key
from salesdesk.domain.aggregation import aggregate
from salesdesk.domain.decimals import ZERO, parse_decimal
from salesdesk.domain.errors import NotFoundError, Problem, StaleEditError, ValidationError
from salesdesk.domain.metrics import Aggregation, Direction, MetricUnit
from salesdesk.domain.periods import Period
from salesdesk.domain.text import t
from salesdesk.services import audit
from salesdesk.services.database import Database
from salesdesk.services.staff import unit_paths

SubjectKind = Literal["staff", "unit"]
Value = Decimal | None

MONTHS = 12
# Ids per IN (...) list: well inside every database's limit on a statement's parameters.
CHUNK = 500
# Metric values are stored in millionths (db.types.Value).
VALUE_PLACES = 6
_HUNDRED = Decimal(100)
_ONE = Decimal(1)


# --------------------------------------------------------------------------- DTOs


@dataclass(frozen=True)
class ManualMetric:
    """A metric entered by hand: what the grid needs to know about it."""

    code: str
    name_zh: str
    name_en: str
    unit: MetricUnit
    direction: Direction
    aggregation: Aggregation
    builtin: bool

    def name(self, language: str) -> str:
        return self.name_zh if language.startswith("zh") else self.name_en


@dataclass(frozen=True, order=True)
class Subject:
    """Whose value it is: a staff member or an org unit (the unit's own value)."""

    kind: SubjectKind
    id: int


@dataclass(frozen=True)
class ManualRow:
    """One row of the grid: a unit (its own values) or a person, with 12 month values,
    the version of each stored value (None where there is none), and the aggregates."""

    subject: Subject
    code: str  # staff code, or the unit's full path
    name: str  # person's name, or the unit's own name
    unit_id: int
    unit_path: str
    depth: int  # depth of the unit in the tree (people: their unit's depth + 1)
    left: bool  # a person who has left (by today)
    months: tuple[Value, ...]
    versions: tuple[int | None, ...]
    quarters: tuple[Value, ...]
    year: Value

    @property
    def is_unit(self) -> bool:
        return self.subject.kind == "unit"

    def with_months(
        self, updates: Mapping[int, tuple[Value, int | None]], aggregation: Aggregation
    ) -> ManualRow:
        """This row with some months (1–12) replaced by (value, version), re-aggregated."""
        months = list(self.months)
        versions = list(self.versions)
        for month, (value, version) in updates.items():
            months[month - 1] = value
            versions[month - 1] = version
        quarters, year = aggregates(months, aggregation)
        return replace(
            self, months=tuple(months), versions=tuple(versions), quarters=quarters, year=year
        )


@dataclass(frozen=True)
class ManualGrid:
    """The grid of one manual metric for one year."""

    metric: ManualMetric
    year: int
    rows: tuple[ManualRow, ...]


@dataclass(frozen=True)
class ManualEdit:
    """Set (or, with None, delete) one month's value, based on the version the user saw
    (None: the user saw no value)."""

    metric: str
    subject: Subject
    period: str  # a month code, 2026-03
    value: Any  # Decimal, number or text as typed; None or "" deletes
    version: int | None


@dataclass(frozen=True)
class ValueChange:
    """What one edit did: old and new value, and the stored row's version now (None
    when the value was deleted)."""

    metric: str
    subject: Subject
    period: str
    old: Value
    new: Value
    version: int | None


# --------------------------------------------------------------------------- rules


_NO_AGGREGATES: tuple[Value, ...] = (None, None, None, None)


def aggregates(
    months: Sequence[Value], aggregation: Aggregation
) -> tuple[tuple[Value, ...], Value]:
    """Rule (appraisal-rules §3): quarter and year values of 12 monthly manual values by the
    metric's aggregation (sum, last, mean over the months that have data; none: no value)."""
    if not any(v is not None for v in months):
        return _NO_AGGREGATES, None
    quarters = tuple(aggregate(months[q * 3 : q * 3 + 3], aggregation) for q in range(4))
    return quarters, aggregate(months, aggregation)


def allowed_values(unit: MetricUnit) -> str:
    """What a manual value of a metric with this unit may be, for messages."""
    texts = {
        MetricUnit.PERCENT: t(
            "a fraction 0–1 (0.95) or a percentage with % (95%)",
            "0–1 的小数（0.95）或带 % 的百分数（95%）",
        ),
        MetricUnit.POINTS: t("points 0–100, such as 87.5", "0–100 分，如 87.5"),
        MetricUnit.COUNT: t("a whole number ≥ 0, such as 12", "≥ 0 的整数，如 12"),
        MetricUnit.MONEY: t(
            "an amount ≥ 0 to the cent, such as 1,234.50", "≥ 0 的金额，精确到分，如 1,234.50"
        ),
    }
    return texts[unit]


def parse_manual_value(unit: MetricUnit, raw: object) -> Value:
    """Rule (data-exchange §2, appraisal-rules §3): a manual value as typed or pasted.

    None or empty text means "no value". Percent: a fraction 0–1, or text with `%`
    (`95%` → 0.95); never guessed from size. Points 0–100. Counts whole and ≥ 0. Money
    ≥ 0 to the cent. Raises ValidationError saying what is allowed.
    """
    allowed = allowed_values(unit)
    if raw is None:
        return None
    percent_sign = False
    if isinstance(raw, bool):
        raise ValidationError.single(t("not a number", "不是数字"), allowed=allowed)
    if isinstance(raw, Decimal):
        number = raw
    elif isinstance(raw, int):
        number = Decimal(raw)
    elif isinstance(raw, float):
        number = Decimal(repr(raw))
    else:
        text = str(raw).strip()
        if not text:
            return None
        if text.endswith(("%", "％")):
            percent_sign = True
            text = text[:-1].strip()
        try:
            number = parse_decimal(text)
        except ValueError:
            raise ValidationError.single(
                t("not a number: {v}", "不是数字：{v}", v=str(raw).strip()), allowed=allowed
            ) from None
    if not number.is_finite():
        raise ValidationError.single(t("not a number", "不是数字"), allowed=allowed)
    if percent_sign:
        if unit is not MetricUnit.PERCENT:
            raise ValidationError.single(
                t("this is not a percent metric; write it without %", "该指标不是百分比，请不带 %"),
                allowed=allowed,
            )
        number = number / _HUNDRED
    if number < 0:
        raise ValidationError.single(
            t("{v} is negative", "{v} 是负数", v=_plain(number)), allowed=allowed
        )
    if unit is MetricUnit.PERCENT and number > _ONE:
        raise ValidationError.single(
            t(
                "{v} is more than 1 (100%); write 95% or 0.95",
                "{v} 大于 1（100%）；请写 95% 或 0.95",
                v=_plain(number),
            ),
            allowed=allowed,
        )
    if unit is MetricUnit.POINTS and number > _HUNDRED:
        raise ValidationError.single(
            t("{v} is more than 100 points", "{v} 超过 100 分", v=_plain(number)), allowed=allowed
        )
    if unit is MetricUnit.COUNT and number != number.to_integral_value():
        raise ValidationError.single(
            t("{v} is not a whole number", "{v} 不是整数", v=_plain(number)), allowed=allowed
        )
    places = {MetricUnit.MONEY: 2, MetricUnit.COUNT: 0}.get(unit, VALUE_PLACES)
    if number != number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN):
        raise ValidationError.single(
            t("{v} has too many decimals", "{v} 的小数位过多", v=_plain(number)), allowed=allowed
        )
    return number.quantize(Decimal(1).scaleb(-VALUE_PLACES)).normalize() + ZERO


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


def month_code(year: int, month: int) -> str:
    return Period.month(year, month).code


# --------------------------------------------------------------------------- service


def _metric_dto(metric: Metric) -> ManualMetric:
    return ManualMetric(
        code=metric.code,
        name_zh=metric.name_zh,
        name_en=metric.name_en,
        unit=MetricUnit(metric.unit),
        direction=Direction(metric.direction),
        aggregation=Aggregation(metric.aggregation),
        builtin=metric.builtin,
    )


class ManualMetricsService:
    """Manual metric values of one database."""

    def __init__(self, database: Database) -> None:
        self.db = database

    # ---- reading

    def list_metrics(self) -> list[ManualMetric]:
        """The metrics entered by hand, in their order."""
        with self.db.reading() as s:
            return [
                _metric_dto(m)
                for m in s.scalars(
                    select(Metric)
                    .where(Metric.source == "manual")
                    .order_by(Metric.position, Metric.code)
                )
            ]

    def all_metrics(self) -> list[ManualMetric]:
        """Every metric (from the ledger, receipts, derived or manual), in their order; the
        same DTO as the manual ones, for pickers that show any metric."""
        with self.db.reading() as s:
            return [
                _metric_dto(m)
                for m in s.scalars(select(Metric).order_by(Metric.position, Metric.code))
            ]

    def metric(self, code: str) -> ManualMetric:
        with self.db.reading() as s:
            return _metric_dto(self._metric(s, code))

    def grid(self, metric_code: str, year: int, *, include_left: bool = False) -> ManualGrid:
        """Units in tree order, each with its own row and then its people (by code), with
        their values for `year`. People who left before `year` or joined after it are left
        out unless they have a value in it or `include_left` is set. One query per table."""
        first, last = date(year, 1, 1), date(year, 12, 31)
        today = date.today()
        with self.db.reading() as s:
            metric = self._metric(s, metric_code)
            definition = _metric_dto(metric)
            paths = unit_paths(s)
            units = s.execute(
                select(OrgUnit.id, OrgUnit.parent_id, OrgUnit.name).order_by(
                    OrgUnit.position, OrgUnit.name, OrgUnit.id
                )
            ).all()
            people = s.execute(
                select(
                    Staff.id,
                    Staff.code,
                    Staff.name,
                    Staff.unit_id,
                    Staff.hire_date,
                    Staff.leave_date,
                ).order_by(Staff.code)
            ).all()
            # Core rows through the connection: for 120,000 values the ORM's row handling
            # would cost more than the query.
            stored = (
                s.connection()
                .execute(
                    select(
                        MetricValue.staff_id,
                        MetricValue.unit_id,
                        MetricValue.period,
                        # The stored integer millionths, scaled below without a Decimal per
                        # type-conversion call.
                        type_coerce(MetricValue.value, BigInteger),
                        MetricValue.version,
                    ).where(
                        MetricValue.metric_id == metric.id,
                        MetricValue.period >= month_code(year, 1),
                        MetricValue.period <= month_code(year, 12),
                        MetricValue.product_line_id.is_(None),
                        MetricValue.region_id.is_(None),
                        MetricValue.segment_id.is_(None),
                    )
                )
                .all()
            )
        month_of = {month_code(year, m): m - 1 for m in range(1, MONTHS + 1)}
        # Keyed by (staff id, unit id) as plain tuples: hashing 120,000 dataclasses shows.
        cells: dict[tuple[int | None, int | None], tuple[list[Value], list[int | None]]] = {}
        for staff_id, unit_id, period, raw, version in stored:
            position = month_of.get(period)
            if position is None:
                continue
            key = (staff_id, None) if staff_id is not None else (None, unit_id)
            found = cells.get(key)
            if found is None:
                found = cells[key] = ([None] * MONTHS, [None] * MONTHS)
            found[0][position] = Decimal(raw).scaleb(-VALUE_PLACES)
            found[1][position] = version

        def row(
            subject: Subject, code: str, name: str, unit_id: int, depth: int, left: bool
        ) -> ManualRow:
            key = (subject.id, None) if subject.kind == "staff" else (None, subject.id)
            values, versions = cells.get(key) or ([None] * MONTHS, [None] * MONTHS)
            quarters, total = aggregates(values, definition.aggregation)
            return ManualRow(
                subject,
                code,
                name,
                unit_id,
                paths.get(unit_id, ""),
                depth,
                left,
                tuple(values),
                tuple(versions),
                quarters,
                total,
            )

        members: dict[int, list[ManualRow]] = {}
        children: dict[int | None, list[tuple[int, str]]] = {}
        for unit_id, parent_id, name in units:
            children.setdefault(parent_id, []).append((unit_id, name))
        depth_of: dict[int, int] = {}
        order: list[tuple[int, str]] = []
        stack = list(reversed(children.get(None, [])))
        depths = [0] * len(stack)
        while stack:
            unit_id, name = stack.pop()
            depth = depths.pop()
            depth_of[unit_id] = depth
            order.append((unit_id, name))
            below = children.get(unit_id, [])
            stack.extend(reversed(below))
            depths.extend([depth + 1] * len(below))
        for staff_id, code, name, unit_id, hire, leave in people:
            subject = Subject("staff", staff_id)
            outside = hire > last or (leave is not None and leave < first)
            if outside and not include_left and (staff_id, None) not in cells:
                continue
            left = leave is not None and leave <= today
            members.setdefault(unit_id, []).append(
                row(subject, code, name, unit_id, depth_of.get(unit_id, 0) + 1, left)
            )
        rows: list[ManualRow] = []
        for unit_id, name in order:
            rows.append(
                row(
                    Subject("unit", unit_id),
                    paths[unit_id],
                    name,
                    unit_id,
                    depth_of[unit_id],
                    False,
                )
            )
            rows.extend(members.get(unit_id, []))
        return ManualGrid(definition, year, tuple(rows))

    # ---- writing

    def set_values(self, edits: Iterable[ManualEdit]) -> list[ValueChange]:
        """Apply edits in one transaction, all or nothing.

        A refused value raises ValidationError listing every refused cell; a value changed
        or removed elsewhere since the user saw it raises StaleEditError. Every change is
        audited (old → new).
        """
        edits = list(edits)
        if not edits:
            return []
        problems: list[Problem] = []
        with self.db.transaction() as s:
            metrics = {
                m.code: m
                for m in s.scalars(select(Metric).where(Metric.code.in_({e.metric for e in edits})))
            }
            staff = self._subjects(
                s, Staff, [e.subject.id for e in edits if e.subject.kind == "staff"]
            )
            units = unit_paths(s)
            planned: list[tuple[ManualEdit, Metric, str, Value, str]] = []
            seen: set[str] = set()
            for edit in edits:
                label = self._label(edit, staff, units)
                metric = metrics.get(edit.metric)
                try:
                    if metric is None:
                        raise NotFoundError(t("no metric {m}", "没有指标 {m}", m=edit.metric))
                    if metric.source != "manual":
                        raise ValidationError.single(
                            t(
                                "{m} is computed, not entered by hand",
                                "{m} 由系统计算，不能手工录入",
                                m=edit.metric,
                            )
                        )
                    known = staff if edit.subject.kind == "staff" else units
                    if edit.subject.id not in known:
                        raise NotFoundError(t("no such person or unit", "人员或部门不存在"))
                    period = _parse_month(edit.period)
                    value = parse_manual_value(MetricUnit(metric.unit), edit.value)
                except ValidationError as exc:
                    for problem in exc.problems or [Problem(exc.message)]:
                        problems.append(
                            Problem(f"{label}: {problem.message}", allowed=problem.allowed)
                        )
                    continue
                except NotFoundError as exc:
                    problems.append(Problem(f"{label}: {exc.message}"))
                    continue
                key = scope_key(
                    metric.id,
                    edit.subject.id if edit.subject.kind == "staff" else None,
                    edit.subject.id if edit.subject.kind == "unit" else None,
                    period,
                )
                if key in seen:
                    problems.append(
                        Problem(
                            f"{label}: " + t("set twice in one change", "同一次修改中设置了两次")
                        )
                    )
                    continue
                seen.add(key)
                planned.append((edit, metric, period, value, key))
            if problems:
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
            existing: dict[str, MetricValue] = {}
            for part in chunks([p[4] for p in planned]):
                existing.update(
                    {
                        v.scope_key: v
                        for v in s.scalars(
                            select(MetricValue).where(MetricValue.scope_key.in_(part))
                        )
                    }
                )
            for edit, _metric, _period, _value, key in planned:
                row = existing.get(key)
                if (row.version if row is not None else None) != edit.version:
                    raise StaleEditError(self._label(edit, staff, units))
            changes: list[tuple[ManualEdit, str, Value, Value, MetricValue | None]] = []
            for edit, metric, period, value, key in planned:
                row = existing.get(key)
                old = row.value if row is not None else None
                if old == value:
                    changes.append((edit, period, old, value, row))
                    continue
                label = self._who(edit, staff, units)
                staff_id = edit.subject.id if edit.subject.kind == "staff" else None
                if row is None:
                    row = MetricValue(
                        metric_id=metric.id,
                        staff_id=staff_id,
                        unit_id=edit.subject.id if edit.subject.kind == "unit" else None,
                        period=period,
                        scope_key=key,
                        value=value,
                    )
                    s.add(row)
                    s.flush()
                    action = "create"
                elif value is None:
                    s.delete(row)
                    action = "delete"
                else:
                    row.value = value
                    action = "update"
                audit.record(
                    s,
                    action=action,
                    entity="metric_value",
                    entity_id=row.id,
                    staff_id=staff_id,
                    field="value",
                    old=None if old is None else f"{label} {metric.code} {period}: {_plain(old)}",
                    new=None
                    if value is None
                    else f"{label} {metric.code} {period}: {_plain(value)}",
                )
                changes.append((edit, period, old, value, None if value is None else row))
            try:
                s.flush()
            except StaleDataError as exc:
                raise StaleEditError(t("manual metric values", "手工指标值")) from exc
            return [
                ValueChange(
                    edit.metric,
                    edit.subject,
                    period,
                    old,
                    new,
                    row.version if row is not None else None,
                )
                for edit, period, old, new, row in changes
            ]

    # ---- helpers

    def _metric(self, s: Session, code: str) -> Metric:
        metric = s.scalar(select(Metric).where(Metric.code == code))
        if metric is None:
            raise NotFoundError(t("no metric {m}", "没有指标 {m}", m=code))
        return metric

    def _subjects(self, s: Session, model: Any, ids: Sequence[int]) -> dict[int, str]:
        found: dict[int, str] = {}
        for part in chunks(sorted(set(ids))):
            found.update(
                dict(s.execute(select(model.id, model.code).where(model.id.in_(part))).all())
            )
        return found

    def _who(self, edit: ManualEdit, staff: Mapping[int, str], units: Mapping[int, str]) -> str:
        names = staff if edit.subject.kind == "staff" else units
        return names.get(edit.subject.id, "?")

    def _label(self, edit: ManualEdit, staff: Mapping[int, str], units: Mapping[int, str]) -> str:
        return f"{self._who(edit, staff, units)} {edit.period}"


def chunks(items: Sequence[Any], size: int = CHUNK) -> list[Sequence[Any]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _month_of(period: str, year: int) -> int | None:
    if len(period) != 7 or not period.startswith(f"{year:04d}-"):
        return None
    try:
        month = int(period[5:])
    except ValueError:
        return None
    return month if 1 <= month <= MONTHS else None


def _parse_month(code: str) -> str:
    if _month_of(code, int(code[:4]) if code[:4].isdigit() else -1) is None:
        raise ValidationError.single(
            t("{p} is not a month", "{p} 不是月份", p=code),
            allowed=t("a month, e.g. 2026-03", "月份，如 2026-03"),
        )
    return code


__all__ = [
    "ManualEdit",
    "ManualGrid",
    "ManualMetric",
    "ManualMetricsService",
    "ManualRow",
    "Subject",
    "ValueChange",
    "aggregates",
    "allowed_values",
    "month_code",
    "parse_manual_value",
]
