"""Exporting a cycle's report workbook and pay sheet (reports.md).

The numbers are the cycle's results exactly as `salesdesk score --json` gives them (frozen
for a confirmed cycle, computed now for an open one); beside them this module loads what
the report lists — ratings, key tasks, adjustments, interviews — and the team and
dimension figures of the scheme's metrics (through :class:`ActualsService`, as scoring
reads them), and hands it all as plain data to :mod:`salesdesk.reports.workbook`.

A file is written under a temporary name beside the target and moved into place at the
end: a failed or cancelled export leaves no file behind and never a half-written one.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from salesdesk.db.models import (
    Adjustment,
    Appraisal,
    CustomerSegment,
    Cycle,
    KeyTask,
    OrgUnit,
    ProductLine,
    Rating,
    Region,
    Staff,
)
from salesdesk.domain.aggregation import achievement, ratio_text, value_text
from salesdesk.domain.decimals import round_half_up
from salesdesk.domain.errors import UserError, ValidationError
from salesdesk.domain.metrics import MetricDef, MetricUnit
from salesdesk.domain.periods import Period, PeriodKind, parse_period
from salesdesk.domain.text import language, t
from salesdesk.domain.workflow import state_label
from salesdesk.exchange.files import write_atomically
from salesdesk.reports.workbook import (
    AdjustmentLine,
    Figures,
    InterviewLine,
    MetricColumn,
    PayLine,
    PaySheetData,
    PersonInputs,
    RatingLine,
    ReportData,
    TargetLine,
    TaskLine,
    TeamLine,
    TitleBlock,
    write_paysheet,
    write_report,
)
from salesdesk.services.actuals import (
    ActualsService,
    Dimension,
    Figure,
    FigureRequest,
    load_metric_defs,
)
from salesdesk.services.cycle_scoring import (
    CycleResults,
    ParticipantInfo,
    ScoringCancelled,
    days_employed,
)
from salesdesk.services.cycles import CyclesService
from salesdesk.services.database import Database
from salesdesk.services.interviews import InterviewsService
from salesdesk.services.settings import SettingsService

Progress = Callable[[int, str], bool]
"""`progress(percent, message) -> bool`: False asks the export to stop (Cancel)."""

RATER_ORDER = ("supervisor", "skip_level", "peer", "self")


class ReportCancelled(UserError):
    """The export was cancelled through its progress callback; no file was written."""

    def __init__(self) -> None:
        super().__init__(t("export cancelled; no file was written", "已取消导出，未写出任何文件"))


# --------------------------------------------------------------------------- progress


def _scaled(progress: Progress | None, low: int, high: int) -> Progress | None:
    """`progress` for a part of the work that reports 0–100 into [low, high]."""
    if progress is None:
        return None

    def scaled(percent: int, message: str) -> bool:
        return progress(low + (high - low) * max(0, min(100, percent)) // 100, message)

    return scaled


def _step(progress: Progress | None, percent: int, message: str) -> None:
    if progress is not None and progress(max(0, min(100, percent)), message) is False:
        raise ReportCancelled()


def _stepper(progress: Progress | None, low: int, high: int) -> Callable[[int, str], None]:
    def step(percent: int, message: str) -> None:
        _step(progress, low + (high - low) * max(0, min(100, percent)) // 100, message)

    return step


def _results(database: Database, cycle_ref: str | int, progress: Progress | None) -> CycleResults:
    try:
        return CyclesService(database).results(cycle_ref, progress=progress)
    except ScoringCancelled:
        raise ReportCancelled() from None


# --------------------------------------------------------------------------- files


def _target(out: Path | str) -> Path:
    path = Path(out)
    if path.suffix.lower() != ".xlsx":
        raise ValidationError.single(
            t(
                "{f}: the report is an Excel workbook; give a file name ending in .xlsx",
                "{f}：报表是 Excel 工作簿，文件名须以 .xlsx 结尾",
                f=path,
            ),
            field="out",
            allowed=".xlsx",
        )
    return path


# --------------------------------------------------------------------------- title


def _company(database: Database) -> str:
    """The company name setting; else the name of the org tree's first root unit."""
    name = SettingsService(database).company_name()
    if name:
        return name
    with database.reading() as s:
        root = s.scalar(
            select(OrgUnit.name)
            .where(OrgUnit.parent_id.is_(None))
            .order_by(OrgUnit.position, OrgUnit.id)
            .limit(1)
        )
    return root or ""


def _title(company: str, results: CycleResults) -> TitleBlock:
    return TitleBlock(
        company=company,
        cycle=results.cycle,
        period=results.period,
        state=state_label(results.state),
        scheme=results.scheme,
        printed_at=datetime.now().replace(microsecond=0),
    )


# --------------------------------------------------------------------------- inputs


def _load_inputs(
    session: Session,
    cycle_id: int,
    codes: Mapping[int, str],
    item_order: Sequence[str],
) -> dict[str, PersonInputs]:
    """Ratings (by item, then rater role), key tasks and adjustments of every participant,
    keyed by staff code; plain selects (a cycle of 10,000 holds 100,000s of ratings)."""
    rank = {name: index for index, name in enumerate(item_order)}
    roles = {role: index for index, role in enumerate(RATER_ORDER)}
    ratings: dict[str, list[tuple[Any, ...]]] = {}
    for staff_id, item, role, rater_code, rater_name, value, comment in session.execute(
        select(
            Appraisal.staff_id,
            Rating.item_name,
            Rating.rater_role,
            Staff.code,
            Staff.name,
            Rating.rating,
            Rating.comment,
        )
        .join(Appraisal, Appraisal.id == Rating.appraisal_id)
        .join(Staff, Staff.id == Rating.rater_id)
        .where(Appraisal.cycle_id == cycle_id)
    ):
        key = (rank.get(item, len(rank)), item, roles.get(role, len(roles)), rater_code)
        ratings.setdefault(codes[staff_id], []).append(
            (key, RatingLine(item, role, rater_code, rater_name, int(value), comment or ""))
        )
    tasks: dict[str, list[TaskLine]] = {}
    for staff_id, description, weight, completion, note in session.execute(
        select(
            Appraisal.staff_id,
            KeyTask.description,
            KeyTask.weight,
            KeyTask.completion,
            KeyTask.note,
        )
        .join(Appraisal, Appraisal.id == KeyTask.appraisal_id)
        .where(Appraisal.cycle_id == cycle_id)
        .order_by(KeyTask.appraisal_id, KeyTask.position, KeyTask.id)
    ):
        tasks.setdefault(codes[staff_id], []).append(
            TaskLine(description, weight, completion, note or "")
        )
    adjustments: dict[str, list[AdjustmentLine]] = {}
    for staff_id, kind, points, reason in session.execute(
        select(Appraisal.staff_id, Adjustment.kind, Adjustment.points, Adjustment.reason)
        .join(Appraisal, Appraisal.id == Adjustment.appraisal_id)
        .where(Appraisal.cycle_id == cycle_id)
        .order_by(Adjustment.id)
    ):
        adjustments.setdefault(codes[staff_id], []).append(AdjustmentLine(kind, points, reason))
    people = set(ratings) | set(tasks) | set(adjustments)
    return {
        code: PersonInputs(
            ratings=tuple(line for _key, line in sorted(ratings.get(code, []), key=_first)),
            tasks=tuple(tasks.get(code, ())),
            adjustments=tuple(adjustments.get(code, ())),
        )
        for code in people
    }


def _first(pair: tuple[Any, ...]) -> Any:
    return pair[0]


def _with_interviews(
    database: Database,
    cycle_id: int,
    codes: Mapping[int, str],
    inputs: dict[str, PersonInputs],
) -> None:
    for row in InterviewsService(database).list_interviews(cycle_id):
        if row.version is None:
            continue
        code = codes.get(row.staff_id)
        if code is None:
            continue
        held = inputs.get(code, PersonInputs())
        inputs[code] = PersonInputs(
            held.ratings,
            held.tasks,
            held.adjustments,
            InterviewLine(
                row.interview_date,
                row.notes,
                row.improvement_goals,
                row.confirmed_on,
                row.refused,
                row.refusal_reason,
            ),
        )


# --------------------------------------------------------------------------- figures


def _dimension_ids(session: Session) -> dict[str, list[tuple[int, str]]]:
    """Regions, product lines and customer segments: (id, name) by code."""
    found: dict[str, list[tuple[int, str]]] = {}
    for key, model in (
        ("region", Region),
        ("product_line", ProductLine),
        ("segment", CustomerSegment),
    ):
        found[key] = [
            (int(row[0]), str(row[1]))
            for row in session.execute(select(model.id, model.name).order_by(model.code, model.id))
        ]
    return found


def _item_dimension(
    item: Mapping[str, Any], names: Mapping[str, list[tuple[int, str]]]
) -> Dimension | None:
    """The item's product line / region / segment filter (as scoring reads it); None when
    it names one this database does not know (the item then has no data)."""
    wanted = item.get("filter") or {}
    ids: dict[str, int | None] = {"product_line": None, "region": None, "segment": None}
    for key in ids:
        name = wanted.get(key)
        if name in (None, ""):
            continue
        match = [i for i, n in names.get(key, []) if n == str(name)]
        if not match:
            return None
        ids[key] = match[0]
    return Dimension(ids["product_line"], ids["region"], ids["segment"])


def _figures(metric: MetricDef, figure: Figure | None) -> Figures:
    """Rounded as the actuals listing writes them (data-exchange §4)."""
    if figure is None:
        return Figures(None, None, None)

    def exact(text: str | None) -> Decimal | None:
        return None if text is None else Decimal(text)

    return Figures(
        target=exact(value_text(metric.unit, figure.target)),
        actual=exact(value_text(metric.unit, figure.actual)),
        achievement=exact(ratio_text(achievement(figure.actual, figure.target, metric.direction))),
    )


def _unit_prefixes(path: str) -> list[str]:
    parts = path.split("/")
    return ["/".join(parts[: i + 1]) for i in range(len(parts))] if path else []


def _metric_name(metric: MetricDef) -> str:
    return metric.name_zh if language() == "zh" else metric.name_en


def _teams_and_targets(
    database: Database,
    results: CycleResults,
    doc: Mapping[str, Any],
    defs: Mapping[str, MetricDef],
    names: Mapping[str, list[tuple[int, str]]],
    cycle_id: int,
    prorate: bool,
    progress: Progress | None,
) -> tuple[tuple[MetricColumn, ...], tuple[TeamLine, ...], tuple[str, ...], tuple[TargetLine, ...]]:
    """The Teams sheet (per org unit: headcount, totals, grades and each metric item's
    team figures) and the Targets sheet (the participants' top units by region, product
    line and segment, per month and for the period), from one pass per dimension."""
    period = parse_period(results.period)
    cards = [row.card for row in results.rows]
    members: dict[str, list[Mapping[str, Any]]] = {}
    for card in cards:
        for prefix in _unit_prefixes(str(card.get("unit") or "")):
            members.setdefault(prefix, []).append(card)
    units = sorted(members, key=lambda path: path.split("/"))
    roots = [unit for unit in units if "/" not in unit]

    metric_items = [
        item
        for item in doc.get("items", [])
        if item.get("kind") == "metric" and item.get("metric") in defs
    ]
    team_columns = tuple(
        MetricColumn(str(item["name"]), defs[str(item["metric"])].unit) for item in metric_items
    )
    item_requests = [
        (item, None if dim is None else FigureRequest(str(item["metric"]), True, dim))
        for item in metric_items
        for dim in [_item_dimension(item, names)]
    ]
    metric_codes = list(dict.fromkeys(str(item["metric"]) for item in metric_items))
    dimensions: list[tuple[str, str, Dimension]] = [(t("Overall", "整体"), "", Dimension())]
    labels = {
        "region": t("Region", "区域"),
        "product_line": t("Product line", "产品线"),
        "segment": t("Customer segment", "客户群"),
    }
    for key, label in labels.items():
        for dim_id, dim_name in names.get(key, []):
            dimension = Dimension(
                product_line_id=dim_id if key == "product_line" else None,
                region_id=dim_id if key == "region" else None,
                segment_id=dim_id if key == "segment" else None,
            )
            dimensions.append((label, dim_name, dimension))
    target_requests = [
        (label, value, code, FigureRequest(code, True, dimension))
        for label, value, dimension in dimensions
        for code in metric_codes
    ]
    periods: list[Period] = [] if period.kind is PeriodKind.MONTH else period.months()
    periods.append(period)

    requests = [r for _item, r in item_requests if r is not None] + [
        r for *_rest, r in target_requests
    ]
    found: dict[Period, dict[tuple[FigureRequest, str], Figure]] = {p: {} for p in periods}
    if requests and units:

        def on_dimension(done: int, total: int) -> None:
            _step(
                progress,
                100 * done // max(total, 1),
                t("team and target figures…", "正在计算团队与目标数据…"),
            )

        found = ActualsService(database).figures_by_period(
            period,
            periods,
            requests,
            [],
            units,
            cycle_id=cycle_id,
            prorate=prorate,
            on_dimension=on_dimension,
        )

    grades = [str(g["grade"]) for g in results.distribution.get("grades", [])]
    teams: list[TeamLine] = []
    overall = found.get(period, {})
    for unit in units:
        held = members[unit]
        totals = [Decimal(str(c["total"])) for c in held if c.get("total") is not None]
        counts = {g: 0 for g in grades}
        for member in held:
            grade = member.get("final_grade")
            if grade is not None:
                counts[str(grade)] = counts.get(str(grade), 0) + 1
        teams.append(
            TeamLine(
                unit=unit,
                headcount=len(held),
                mean_total=round_half_up(sum(totals, Decimal(0)) / len(totals), 2)
                if totals
                else None,
                median_total=round_half_up(statistics.median(totals), 2) if totals else None,
                grade_counts=counts,
                figures=tuple(
                    None
                    if request is None
                    else _figures(defs[request.metric], overall.get((request, unit)))
                    for _item, request in item_requests
                ),
            )
        )
    targets = [
        TargetLine(
            unit=root,
            dimension=label,
            value=value,
            metric=MetricColumn(_metric_name(defs[code]), defs[code].unit),
            figures=tuple(_figures(defs[code], found[p].get((request, root))) for p in periods),
        )
        for root in roots
        for label, value, code, request in target_requests
    ]
    return team_columns, tuple(teams), tuple(p.code for p in periods), tuple(targets)


# --------------------------------------------------------------------------- the report


def load_report(
    database: Database, results: CycleResults, *, progress: Progress | None = None
) -> ReportData:
    """Everything the report workbook shows beside the results."""
    _step(progress, 0, t("reading ratings, tasks and interviews…", "正在读取评分、重点工作与面谈…"))
    with database.reading() as s:
        cycle = s.get(Cycle, results.cycle_id)
        assert cycle is not None
        doc = dict(cycle.scheme_snapshot)
        prorate = cycle.prorate
        codes = dict(
            s.execute(
                select(Appraisal.staff_id, Staff.code)
                .join(Staff, Staff.id == Appraisal.staff_id)
                .where(Appraisal.cycle_id == cycle.id)
            ).all()
        )
        inputs = _load_inputs(s, cycle.id, codes, results.item_names)
        defs = {m.code: m for m in load_metric_defs(s)}
        names = _dimension_ids(s)
    company = _company(database)
    _with_interviews(database, results.cycle_id, codes, inputs)
    item_units: dict[str, MetricUnit] = {
        str(item["name"]): defs[str(item["metric"])].unit
        for item in doc.get("items", [])
        if item.get("kind") == "metric" and item.get("metric") in defs
    }
    team_metrics, teams, target_periods, targets = _teams_and_targets(
        database,
        results,
        doc,
        defs,
        names,
        results.cycle_id,
        prorate,
        _scaled(progress, 10, 100),
    )
    return ReportData(
        title=_title(company, results),
        document=results.to_json_dict(),
        item_names=results.item_names,
        grades=tuple(str(g["grade"]) for g in results.distribution.get("grades", [])),
        item_units=item_units,
        inputs=inputs,
        team_metrics=team_metrics,
        teams=teams,
        target_periods=target_periods,
        targets=targets,
    )


def export_report(
    database: Database,
    cycle_ref: str | int,
    out: Path | str,
    *,
    progress: Progress | None = None,
) -> int:
    """Write the cycle's report workbook (reports.md) to `out`; returns the people in it."""
    path = _target(out)
    _step(progress, 0, t("reading the cycle…", "正在读取考核周期…"))
    results = _results(database, cycle_ref, _scaled(progress, 0, 25))
    data = load_report(database, results, progress=_scaled(progress, 25, 55))
    step = _stepper(progress, 55, 99)
    write_atomically(path, lambda file: write_report(data, file, step=step))
    if progress is not None:
        progress(100, t("done", "完成"))
    return len(results.rows)


# --------------------------------------------------------------------------- pay sheet


def _pay_line(participant: ParticipantInfo, card: Mapping[str, Any], period: Period) -> PayLine:
    # The pay was pro-rated exactly when the scorecard carries the partial-period flag.
    partial = "partial_period" in (card.get("flags") or ())

    def exact(raw: object) -> Decimal | None:
        return None if raw is None else Decimal(str(raw))

    # Name and unit as the scorecard shows them (frozen with a confirmed cycle), so the
    # pay sheet and the report name a person alike.
    return PayLine(
        code=participant.code,
        name=str(card.get("name") or participant.name),
        unit=str(card.get("unit") or participant.unit),
        pay_base=participant.pay_base,
        final_grade=card.get("final_grade"),
        coefficient=exact(card.get("coefficient")),
        days_employed=days_employed(participant, period) if partial else None,
        days_in_period=period.days if partial else None,
        performance_pay=exact(card.get("performance_pay")),
    )


def load_paysheet(database: Database, results: CycleResults) -> PaySheetData:
    """One line per participant, by staff code."""
    period = parse_period(results.period)
    company = _company(database)
    lines = sorted(
        (_pay_line(row.participant, row.card, period) for row in results.rows),
        key=lambda line: line.code,
    )
    return PaySheetData(_title(company, results), tuple(lines))


def export_paysheet(
    database: Database,
    cycle_ref: str | int,
    out: Path | str,
    *,
    progress: Progress | None = None,
) -> int:
    """Write the cycle's pay sheet (reports.md) to `out`; returns the people in it."""
    path = _target(out)
    _step(progress, 0, t("reading the cycle…", "正在读取考核周期…"))
    results = _results(database, cycle_ref, _scaled(progress, 0, 50))
    data = load_paysheet(database, results)
    step = _stepper(progress, 50, 99)
    write_atomically(path, lambda file: write_paysheet(data, file, step=step))
    if progress is not None:
        progress(100, t("done", "完成"))
    return len(data.lines)


__all__ = [
    "ReportCancelled",
    "export_paysheet",
    "export_report",
    "load_paysheet",
    "load_report",
    "write_atomically",
]
