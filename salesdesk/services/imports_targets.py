"""The imports of targets and of manual metric values (data-exchange §3, appraisal-rules §4).

Both set a value at a key (metric, subject, period, and for targets an optional product
line, region or segment: `scope_key`). A value equal to the one there is skipped; a
different one replaces it, the old value kept in ImportChange.old for undo. A subject is
a staff member (工号: code or unique name) or an org unit (部门: its full path), never
both in one row.

Targets come in the long form (期间 + 目标值, a month, quarter or year) or the wide form
(年度 + month columns `1月`…`12月`, `Jan`…`Dec` or `2026-01`…`2026-12`; an empty month
cell sets nothing). A `sum` metric is held by month: a quarter or year target is split
into its months by the subject's seasonality profile (the person's own, else their
unit's or the nearest parent unit's, else even) to the cent — whole units for counts —
by the largest remainder, equal remainders to the earlier month
(`domain.targets.split_period_total`). Other metrics take a level stored at the period
given. Targets are never negative. A file that sets one key twice (a year and one of its
months, or two rows) is refused, naming both rows. Counts in the report are of values
stored (a year target of a sum metric counts 12).

Metric values are for manual metrics only (Metric.source == 'manual'), by month. A
percent metric's value is a fraction (`0.95`, what an Excel percent cell holds) or text
with `%` (`95%`); nothing is guessed from the size, and a `%` sign on a metric that is
not a percent is an error.

Every value added or replaced has an audit entry (targets and manual values are few and
feed the scores).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from salesdesk.db.models import MetricValue, Target, scope_key
from salesdesk.domain.errors import ImportFailed, Problem, UserError
from salesdesk.domain.metrics import MetricUnit
from salesdesk.domain.periods import Period, PeriodKind
from salesdesk.domain.targets import (
    SeasonalityProfile,
    check_target_value,
    even_profile,
    places_for_unit,
    split_period_total,
)
from salesdesk.domain.text import t
from salesdesk.exchange.reader import (
    CellValue,
    CellValueError,
    RowCells,
    Table,
    cell_decimal,
    read_table,
)
from salesdesk.exchange.sheets import METRICS, TARGETS, TARGETS_WIDE, month_header
from salesdesk.services.database import Database
from salesdesk.services.import_common import (
    ADDED,
    REPLACED,
    SKIPPED,
    FieldChange,
    ImportReport,
    MetricInfo,
    MetricLookup,
    PlannedRow,
    ProgressReporter,
    StaffLookup,
    UnitLookup,
    chunks,
    close_batch,
    collapse_spaces,
    fail,
    load_profiles,
    open_batch,
    sha256_of,
    staff_profiles,
)
from salesdesk.services.imports_ledger import Dimension, _dimensions

VALUE_PLACES = Decimal("0.000001")


@dataclass(slots=True)
class _Value:
    """One value to store at one key, and the file row (and column) it came from."""

    row: int
    column: str  # the header of the cell the value came from, for messages
    subject: str
    metric: MetricInfo
    staff_id: int | None
    unit_id: int | None
    period: str
    product_line_id: int | None
    region_id: int | None
    segment_id: int | None
    value: Decimal
    key: str = ""
    action: str = ADDED
    existing_id: int | None = None
    old_value: Decimal | None = None


@dataclass
class _ValuePlan:
    kind: str
    values: list[_Value]
    value_header: str

    def report(self, table: Table, *, dry_run: bool, batch_id: int | None = None) -> ImportReport:
        rows = tuple(
            PlannedRow(
                v.row,
                v.subject,
                f"{v.metric.code} {v.period}",
                v.action,
                (
                    (FieldChange("value", self.value_header, _text(v.old_value), _text(v.value)),)
                    if v.action == REPLACED
                    else ()
                ),
            )
            for v in self.values
        )
        return ImportReport.from_rows(
            self.kind,
            table.file_name,
            table.sheet,
            dry_run=dry_run,
            rows=rows,
            batch_id=batch_id,
        )


def _text(value: Decimal | None) -> str:
    return "" if value is None else format(value.normalize(), "f")


def _stored(value: Decimal) -> Decimal:
    """A value as the database keeps it (millionths)."""
    return value.quantize(VALUE_PLACES, rounding=ROUND_HALF_UP)


def _has_percent_sign(raw: object) -> bool:
    return isinstance(raw, str) and raw.strip().endswith(("%", "％"))


class _Subjects:
    """Subjects (staff or unit) and their seasonality profiles, read once."""

    def __init__(self, s: Session) -> None:
        self.staff = StaffLookup(s)
        self.units = UnitLookup(s)
        self._profiles = load_profiles(s)
        self._staff_profiles = staff_profiles(s)

    def resolve(self, table: Table, cells: RowCells) -> tuple[int | None, int | None, str] | None:
        """(staff id, unit id, label) of the row's subject; problems reported."""
        has_staff = table.has("staff") and not cells.is_blank("staff")
        has_unit = table.has("unit") and not cells.is_blank("unit")
        if has_staff and has_unit:
            cells.report(
                "unit",
                t(
                    "fill either {a} or {b}, not both",
                    "{a} 和 {b} 只能填一个",
                    a=table.header("staff"),
                    b=table.header("unit"),
                ),
            )
            return None
        if has_staff:
            staff_id = self.staff.resolve(cells, "staff")
            return None if staff_id is None else (staff_id, None, self.staff.code_of[staff_id])
        if has_unit:
            unit_id = self.units.resolve(cells, "unit")
            return None if unit_id is None else (None, unit_id, self.units.path_of[unit_id])
        key = "staff" if table.has("staff") else "unit"
        labels = [table.header(k) for k in ("staff", "unit") if table.has(k)]
        cells.report(
            key,
            t("{c} is required", "“{c}”不能为空", c=t(" or ", " 或 ").join(labels)),
            t("a staff code or a unit path", "工号或部门路径"),
        )
        return None

    def profile(self, staff_id: int | None, unit_id: int | None) -> SeasonalityProfile:
        profile_id: int | None = None
        if staff_id is not None:
            own, staff_unit = self._staff_profiles.get(staff_id, (None, None))
            profile_id = own if own is not None else self.units.profile_for_unit(staff_unit)
        else:
            profile_id = self.units.profile_for_unit(unit_id)
        weights = self._profiles.get(profile_id) if profile_id is not None else None
        if weights is None or len(weights) != 12:
            return even_profile()
        return SeasonalityProfile(weights)


def _dimension_id(cells: RowCells, key: str, dimension: Dimension) -> int | None:
    if not cells.has(key):
        return None
    text = cells.text(key)
    if text is None:
        return None
    found = dimension.ids.get(collapse_spaces(text).casefold())
    if found is None:
        names = ", ".join(sorted(dimension.name_of.values())[:20])
        cells.report(
            key,
            t("no such {k}: {v}", "没有{k}：{v}", k=cells.table.header(key), v=text),
            names or None,
        )
    return found


# --------------------------------------------------------------------------- targets


def _read_targets(file: Path, sheet: str | None) -> tuple[Table, bool]:
    """The sheet in the long form, else in the wide form; (table, is_wide)."""
    try:
        return read_table(file, TARGETS, sheet=sheet), False
    except ImportFailed as long_error:
        try:
            wide = read_table(file, TARGETS_WIDE, sheet=sheet)
        except ImportFailed:
            raise long_error from None
        if not any(month_header(text) for text in wide.extra_headers.values()):
            raise long_error from None
        return wide, True


def import_targets(
    database: Database, file: Path, dry_run: bool, sheet: str | None, reporter: ProgressReporter
) -> ImportReport:
    """The targets import (see the module docstring)."""
    reporter.step(0, t("reading {f}", "读取 {f}", f=file.name))
    table, wide = _read_targets(file, sheet)
    return _run(database, file, table, dry_run, reporter, "targets", wide)


def import_metrics(
    database: Database, file: Path, dry_run: bool, sheet: str | None, reporter: ProgressReporter
) -> ImportReport:
    """The manual metric values import (see the module docstring)."""
    reporter.step(0, t("reading {f}", "读取 {f}", f=file.name))
    table = read_table(file, METRICS, sheet=sheet)
    return _run(database, file, table, dry_run, reporter, "metrics", False)


def _run(
    database: Database,
    file: Path,
    table: Table,
    dry_run: bool,
    reporter: ProgressReporter,
    kind: str,
    wide: bool,
) -> ImportReport:
    reporter.step(30, t("checking rows", "检查数据行"))
    if dry_run:
        with database.reading() as s:
            plan = _plan(s, table, kind, wide)
            reporter.step(100, t("done", "完成"))
            return plan.report(table, dry_run=True)
    digest = sha256_of(file)
    with database.transaction() as s:
        plan = _plan(s, table, kind, wide)
        report = plan.report(table, dry_run=False)
        if not report.changed:
            reporter.step(100, t("done", "完成"))
            return report
        reporter.step(70, t("writing", "写入"))
        batch_id = _write(s, plan, table, digest)
        reporter.step(100, t("done", "完成"))
        return plan.report(table, dry_run=False, batch_id=batch_id)


def _plan(s: Session, table: Table, kind: str, wide: bool) -> _ValuePlan:
    problems: list[Problem] = []
    subjects = _Subjects(s)
    metrics = MetricLookup(s)
    if kind == "metrics":
        values = _parse_metric_values(table, subjects, metrics, problems)
        header = table.header("value")
    elif wide:
        values = _parse_wide_targets(s, table, subjects, metrics, problems)
        header = TARGETS.column("target").label
    else:
        values = _parse_long_targets(s, table, subjects, metrics, problems)
        header = table.header("target")
    first: dict[str, _Value] = {}
    for value in values:
        value.key = scope_key(
            value.metric.id,
            value.staff_id,
            value.unit_id,
            value.period,
            value.product_line_id,
            value.region_id,
            value.segment_id,
        )
        earlier = first.get(value.key)
        if earlier is None:
            first[value.key] = value
            continue
        problems.append(
            Problem(
                t(
                    "{m} {p} of {s} is also set in row {r}",
                    "{s} 的 {m} {p} 已在第 {r} 行设置",
                    m=value.metric.code,
                    p=value.period,
                    s=value.subject,
                    r=earlier.row,
                ),
                sheet=table.sheet,
                row=value.row,
                column=value.column,
                allowed=t("each value once per file", "每个值在文件中只设置一次"),
            )
        )
    if problems:
        raise fail(kind, table, problems)
    model: Any = MetricValue if kind == "metrics" else Target
    existing: dict[str, tuple[int, Decimal]] = {}
    for part in chunks(list(first)):
        for row_id, key, stored in s.execute(
            select(model.id, model.scope_key, model.value).where(model.scope_key.in_(part))
        ):
            existing[key] = (row_id, stored)
    for value in values:
        found = existing.get(value.key)
        if found is None:
            continue
        value.existing_id, value.old_value = found
        value.action = SKIPPED if found[1] == value.value else REPLACED
    return _ValuePlan(kind, values, header)


def _parse_value(
    cells: RowCells, key: str, metric: MetricInfo | None, *, target: bool
) -> Decimal | None:
    raw = cells.raw(key)
    number = cells.decimal(key, required=True)
    if number is None or metric is None:
        return None
    if _has_percent_sign(raw) and metric.unit != MetricUnit.PERCENT.value:
        cells.report(
            key,
            t(
                "{m} is not a percent metric; write the number without %",
                "{m} 不是百分比指标；请不带 % 书写数值",
                m=metric.code,
            ),
        )
        return None
    if target:
        checked = cells.check(key, check_target_value, number)
        return None if checked is None else checked
    return number


def _parse_long_targets(
    s: Session,
    table: Table,
    subjects: _Subjects,
    metrics: MetricLookup,
    problems: list[Problem],
) -> list[_Value]:
    product_lines, regions, segments = _dimensions(s)
    values: list[_Value] = []
    for row in table.rows:
        cells = table.cells(row, problems)
        subject = subjects.resolve(table, cells)
        metric = metrics.resolve(cells, "metric")
        period = cells.period("period", required=True)
        pl = _dimension_id(cells, "product_line", product_lines)
        region = _dimension_id(cells, "region", regions)
        segment = _dimension_id(cells, "segment", segments)
        amount = _parse_value(cells, "target", metric, target=True)
        if cells.failed:
            continue
        assert subject is not None and metric is not None and period is not None
        assert amount is not None
        staff_id, unit_id, label = subject
        parts = _split(cells, "target", metric, period, amount, subjects, staff_id, unit_id)
        if parts is None:
            continue
        column = table.header("target")
        for month, part in parts.items():
            values.append(
                _Value(
                    row.number,
                    column,
                    label,
                    metric,
                    staff_id,
                    unit_id,
                    month.code,
                    pl,
                    region,
                    segment,
                    _stored(part),
                )
            )
    return values


def _split(
    cells: RowCells,
    key: str,
    metric: MetricInfo,
    period: Period,
    amount: Decimal,
    subjects: _Subjects,
    staff_id: int | None,
    unit_id: int | None,
) -> dict[Period, Decimal] | None:
    """Rule (appraisal-rules §4): a sum metric held by month, a level at its period."""
    if metric.aggregation != "sum" or period.kind is PeriodKind.MONTH:
        return {period: amount}
    places = places_for_unit(MetricUnit(metric.unit))
    try:
        return split_period_total(amount, period, subjects.profile(staff_id, unit_id), places)
    except UserError as exc:
        problem = exc.problems[0] if exc.problems else None
        cells.report(
            key,
            t(
                "cannot split {v} into months: {e}",
                "无法把 {v} 拆分到各月：{e}",
                v=format(amount, "f"),
                e=exc.message,
            ),
            problem.allowed if problem and problem.allowed else None,
        )
        return None


def _parse_wide_targets(
    s: Session,
    table: Table,
    subjects: _Subjects,
    metrics: MetricLookup,
    problems: list[Problem],
) -> list[_Value]:
    product_lines, regions, segments = _dimensions(s)
    months: list[tuple[int, str, int | None, int]] = []
    for col, text in sorted(table.extra_headers.items()):
        found = month_header(text)
        if found is not None:
            months.append((col, text, found[0], found[1]))
    values: list[_Value] = []
    for row in table.rows:
        cells = table.cells(row, problems)
        subject = subjects.resolve(table, cells)
        metric = metrics.resolve(cells, "metric")
        year = cells.whole("year", required=True, minimum=1900, maximum=2999)
        pl = _dimension_id(cells, "product_line", product_lines)
        region = _dimension_id(cells, "region", regions)
        segment = _dimension_id(cells, "segment", segments)
        month_values: list[tuple[str, Period, Decimal]] = []
        for col, header, header_year, month in months:
            raw = row.extra.get(col)
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                continue

            outcome = _wide_cell(raw, metric, header_year, year, month)
            if isinstance(outcome, Problem):
                cells.failed = True
                problems.append(
                    Problem(
                        outcome.message,
                        sheet=table.sheet,
                        row=row.number,
                        column=header,
                        allowed=outcome.allowed,
                    )
                )
            elif outcome is not None:
                month_values.append((header, *outcome))
        if cells.failed:
            continue
        assert subject is not None and metric is not None
        staff_id, unit_id, label = subject
        for header, period, number in month_values:
            values.append(
                _Value(
                    row.number,
                    header,
                    label,
                    metric,
                    staff_id,
                    unit_id,
                    period.code,
                    pl,
                    region,
                    segment,
                    _stored(number),
                )
            )
    return values


def _wide_cell(
    raw: CellValue, metric: MetricInfo | None, header_year: int | None, year: int | None, month: int
) -> tuple[Period, Decimal] | Problem | None:
    """One month cell of a wide target row: (month, value), a Problem without a place
    (the caller adds it), or None when the row's year is unknown (reported already)."""
    if header_year is not None and year is not None and header_year != year:
        return Problem(
            t(
                "the column is for {h} but the row's year is {y}",
                "该列属于 {h} 年，但本行年度为 {y}",
                h=header_year,
                y=year,
            )
        )
    try:
        number = cell_decimal(raw)
    except CellValueError as exc:
        return Problem(exc.message, allowed=exc.allowed)
    if metric is not None and _has_percent_sign(raw) and metric.unit != MetricUnit.PERCENT.value:
        return Problem(
            t(
                "{m} is not a percent metric; write the number without %",
                "{m} 不是百分比指标；请不带 % 书写数值",
                m=metric.code,
            )
        )
    try:
        check_target_value(number)
    except UserError as exc:
        return Problem(exc.message, allowed=t("a number ≥ 0", "≥ 0 的数"))
    period_year = header_year if header_year is not None else year
    if period_year is None:
        return None
    return Period.month(period_year, month), number


def _parse_metric_values(
    table: Table, subjects: _Subjects, metrics: MetricLookup, problems: list[Problem]
) -> list[_Value]:
    values: list[_Value] = []
    for row in table.rows:
        cells = table.cells(row, problems)
        subject = subjects.resolve(table, cells)
        period = cells.period("period", required=True)
        if period is not None and period.kind is not PeriodKind.MONTH:
            cells.report(
                "period",
                t("{p} is not a month", "{p} 不是月份", p=period.code),
                t("a month, e.g. 2026-03", "月份，如 2026-03"),
            )
        metric = metrics.resolve(cells, "metric", manual_only=True)
        number = _parse_value(cells, "value", metric, target=False)
        if cells.failed:
            continue
        assert subject is not None and metric is not None and period is not None
        assert number is not None
        staff_id, unit_id, label = subject
        values.append(
            _Value(
                row.number,
                table.header("value"),
                label,
                metric,
                staff_id,
                unit_id,
                period.code,
                None,
                None,
                None,
                _stored(number),
            )
        )
    return values


def _write(s: Session, plan: _ValuePlan, table: Table, digest: str) -> int:
    model: Any = MetricValue if plan.kind == "metrics" else Target
    table_name = model.__tablename__
    entity = "metric_value" if plan.kind == "metrics" else "target"
    batch, record = open_batch(s, plan.kind, table, digest)
    added = [v for v in plan.values if v.action == ADDED]
    replaced = [v for v in plan.values if v.action == REPLACED]
    for part in chunks(added, 5000):
        rows = [
            {
                "metric_id": v.metric.id,
                "staff_id": v.staff_id,
                "unit_id": v.unit_id,
                "period": v.period,
                "product_line_id": v.product_line_id,
                "region_id": v.region_id,
                "segment_id": v.segment_id,
                "scope_key": v.key,
                "value": v.value,
                "batch_id": batch.id,
            }
            for v in part
        ]
        ids = s.scalars(insert(model).returning(model.id, sort_by_parameter_order=True), rows)
        for v, row_id in zip(part, ids, strict=True):
            record.change(table_name, row_id, ADDED)
            record.audit(
                action="create",
                entity=entity,
                entity_id=row_id,
                staff_id=v.staff_id,
                new=f"{v.subject} {v.metric.code} {v.period}: {_text(v.value)}",
            )
    existing_ids = [v.existing_id for v in replaced if v.existing_id is not None]
    objects: dict[int, Any] = {}
    for part_ids in chunks(existing_ids):
        objects.update({o.id: o for o in s.scalars(select(model).where(model.id.in_(part_ids)))})
    for v in replaced:
        assert v.existing_id is not None
        obj = objects[v.existing_id]
        record.change(
            table_name,
            obj.id,
            REPLACED,
            {"value": format(obj.value, "f"), "batch_id": obj.batch_id, "version": obj.version},
        )
        record.audit(
            action="update",
            entity=entity,
            entity_id=obj.id,
            staff_id=v.staff_id,
            field="value",
            old=f"{v.subject} {v.metric.code} {v.period}: {_text(obj.value)}",
            new=_text(v.value),
        )
        obj.value = v.value
        obj.batch_id = batch.id
    s.flush()
    close_batch(s, batch, record, plan.report(table, dry_run=False))
    return batch.id
