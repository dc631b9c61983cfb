"""The report workbook and the pay sheet of a cycle (reports.md), written from plain data.

The service hands over the `salesdesk score --json` document of the cycle and what it
loaded beside it (ratings, key tasks, adjustments, interviews, team and dimension
figures); nothing here reads the database or works out a score. Every sheet is written in
openpyxl's write-only (streaming) mode, so a cycle of 10,000 people goes out without
holding the workbook in memory: column widths are fitted to the first rows before the
sheet is started, and every cell is typed (numbers as numbers with their formats, text
that people typed formula-safe through :mod:`salesdesk.exchange.writer`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from itertools import chain, islice
from pathlib import Path
from typing import Any, NamedTuple

from openpyxl import Workbook
from openpyxl.cell.cell import WriteOnlyCell
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from salesdesk.domain.metrics import MetricUnit
from salesdesk.domain.text import t
from salesdesk.exchange.writer import (
    HEADER_BORDER,
    HEADER_FILL,
    HEADER_FONT,
    cell_value,
    display_width,
    safe_text_cell,
    set_column_widths,
)
from salesdesk.reports.labels import (
    adjustment_label,
    flag_label,
    rater_role_label,
    staff_role_label,
)

MONEY = "#,##0.00"
PERCENT = "0.0%"
SCORE = "0.00"
WHOLE = "0"
GENERAL = "General"
DATE = "yyyy-mm-dd"

TITLE_ROWS = 5
"""Company, cycle, period/state/scheme, printed at, a blank line; the header follows."""
HEADER_ROW = TITLE_ROWS + 1
WIDTH_SAMPLE = 2000
"""Rows a column's width is fitted to (a 10,000-person sheet is not measured in full)."""
MIN_WIDTH, MAX_WIDTH = 6, 60
PROGRESS_EVERY = 250

Step = Callable[[int, str], None]
"""`step(percent, message)`: progress of the writing; it raises to stop (Cancel)."""

# The app's grade colours (ui.md): S gold, A green, B blue, C orange, D red — text, tint.
GRADE_COLOURS = {
    "S": ("A87400", "FFF4CC"),
    "A": ("2E7D32", "E3F2E1"),
    "B": ("1565C0", "E1ECFA"),
    "C": ("D35400", "FDE8D7"),
    "D": ("C62828", "FADCDC"),
}
_STYLES: dict[str, tuple[Font | None, PatternFill | None]] = {
    "bold": (Font(bold=True), None),
    "person": (Font(bold=True), PatternFill("solid", fgColor="EDEDED")),
    "over": (Font(bold=True, color="C62828"), None),
    **{
        f"grade:{grade}": (Font(bold=True, color=fg), PatternFill("solid", fgColor=bg))
        for grade, (fg, bg) in GRADE_COLOURS.items()
    },
}
_TITLE_FONT = Font(bold=True, size=14)
_SUBTITLE_FONT = Font(bold=True, size=12)
_HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)


class Out(NamedTuple):
    """A cell with a number format and an optional style (see `_STYLES`). Plain `str` and
    `int` row items need neither and go out on openpyxl's fast path."""

    value: object
    fmt: str = GENERAL
    style: str = ""


Item = Out | str | int | None
Row = list[Item]


# --------------------------------------------------------------------------- the data


@dataclass(frozen=True)
class TitleBlock:
    """What heads every sheet: company, cycle name, period, state, scheme, printed at."""

    company: str
    cycle: str
    period: str
    state: str
    scheme: str
    printed_at: datetime


@dataclass(frozen=True)
class RatingLine:
    item: str
    role: str
    rater_code: str
    rater_name: str
    rating: int
    comment: str


@dataclass(frozen=True)
class TaskLine:
    description: str
    weight: Decimal
    completion: Decimal | None
    note: str


@dataclass(frozen=True)
class AdjustmentLine:
    kind: str
    points: Decimal
    reason: str


@dataclass(frozen=True)
class InterviewLine:
    interview_date: date | None
    notes: str
    improvement_goals: str
    confirmed_on: date | None
    refused: bool
    refusal_reason: str


@dataclass(frozen=True)
class PersonInputs:
    """What a person's scorecard block lists beside the items: the ratings by rater role,
    key tasks, adjustments with their reasons and the interview."""

    ratings: tuple[RatingLine, ...] = ()
    tasks: tuple[TaskLine, ...] = ()
    adjustments: tuple[AdjustmentLine, ...] = ()
    interview: InterviewLine | None = None


@dataclass(frozen=True)
class Figures:
    """Target, actual and achievement, rounded as `salesdesk actuals --json` writes them."""

    target: Decimal | None
    actual: Decimal | None
    achievement: Decimal | None


@dataclass(frozen=True)
class MetricColumn:
    """A metric as a group of columns: its heading and the unit its values are in."""

    name: str
    unit: MetricUnit


@dataclass(frozen=True)
class TeamLine:
    unit: str
    headcount: int
    mean_total: Decimal | None
    median_total: Decimal | None
    grade_counts: Mapping[str, int]
    figures: tuple[Figures | None, ...]


@dataclass(frozen=True)
class TargetLine:
    unit: str
    dimension: str
    value: str
    metric: MetricColumn
    figures: tuple[Figures, ...]


@dataclass(frozen=True)
class ReportData:
    """Everything the report workbook shows. `document` is the cycle's `score --json`
    document; `item_units` gives the unit of each metric item's actual and target."""

    title: TitleBlock
    document: Mapping[str, Any]
    item_names: tuple[str, ...]
    grades: tuple[str, ...]
    item_units: Mapping[str, MetricUnit] = field(default_factory=dict)
    inputs: Mapping[str, PersonInputs] = field(default_factory=dict)
    team_metrics: tuple[MetricColumn, ...] = ()
    teams: tuple[TeamLine, ...] = ()
    target_periods: tuple[str, ...] = ()
    targets: tuple[TargetLine, ...] = ()


@dataclass(frozen=True)
class PayLine:
    code: str
    name: str
    unit: str
    pay_base: Decimal
    final_grade: str | None
    coefficient: Decimal | None
    days_employed: int | None
    days_in_period: int | None
    performance_pay: Decimal | None


@dataclass(frozen=True)
class PaySheetData:
    title: TitleBlock
    lines: tuple[PayLine, ...]

    @property
    def total(self) -> Decimal:
        """The sum of the rows' exact amounts (people without pay add nothing)."""
        return sum((line.performance_pay or Decimal(0) for line in self.lines), Decimal(0))


# --------------------------------------------------------------------------- sheet names


def summary_title() -> str:
    return t("Summary", "汇总")


def scorecards_title() -> str:
    return t("Scorecards", "评分卡")


def teams_title() -> str:
    return t("Teams", "团队")


def targets_title() -> str:
    return t("Targets", "目标达成")


def distribution_title() -> str:
    return t("Distribution", "分布")


def development_title() -> str:
    return t("Development", "发展")


def paysheet_title() -> str:
    return t("Pay sheet", "绩效工资表")


def report_sheet_titles() -> list[str]:
    return [
        summary_title(),
        scorecards_title(),
        teams_title(),
        targets_title(),
        distribution_title(),
        development_title(),
    ]


# --------------------------------------------------------------------------- cells


def _number(raw: object) -> Decimal | int | None:
    """A number of the score document (decimals are strings there) as an exact Decimal."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool):
        raise TypeError("a flag is not a number")
    if isinstance(raw, int | Decimal):
        return raw
    if isinstance(raw, float):
        raise TypeError("scores and money are exact decimals; refusing a float")
    return Decimal(str(raw))


def num(raw: object, fmt: str, style: str = "") -> Out | None:
    value = _number(raw)
    return None if value is None else Out(value, fmt, style)


def grade_cell(grade: object) -> Out | None:
    if not grade:
        return None
    text = str(grade)
    return Out(text, GENERAL, f"grade:{text}" if text in GRADE_COLOURS else "bold")


def unit_format(unit: MetricUnit | None) -> str:
    """The number format of a metric's actual and target (percent metrics are fractions)."""
    if unit is MetricUnit.MONEY:
        return MONEY
    if unit is MetricUnit.PERCENT:
        return PERCENT
    if unit is MetricUnit.COUNT:
        return GENERAL
    return SCORE


def _to_cell(ws: WriteOnlyWorksheet, item: Item) -> object:
    if item is None:
        return None
    if type(item) is str or type(item) is int:
        return cell_value(ws, item)
    assert isinstance(item, Out)
    cell = WriteOnlyCell(ws)
    value = item.value
    if isinstance(value, str):
        safe_text_cell(cell, value)
    elif isinstance(value, float):
        raise TypeError("scores and money are exact decimals; refusing a float")
    elif value is not None:
        # openpyxl writes a number with "%.16g": a Decimal of up to 15 significant digits
        # (every amount and score here) is read back as the double nearest to it, which
        # Excel shows as the exact value.
        cell.value = value
    if item.fmt != GENERAL:
        cell.number_format = item.fmt
    elif isinstance(value, date):
        cell.number_format = DATE
    if item.style:
        font, fill = _STYLES[item.style]
        if font is not None:
            cell.font = font
        if fill is not None:
            cell.fill = fill
    return cell


def _shown(item: Item) -> str:
    """The text a cell shows, for fitting its column."""
    if item is None:
        return ""
    if not isinstance(item, Out):
        return str(item)
    value = item.value
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        if item.fmt == MONEY:
            return f"{Decimal(value):,.2f}"
        if item.fmt == PERCENT:
            return f"{Decimal(value) * 100:.1f}%"
        if item.fmt == SCORE:
            return f"{Decimal(value):.2f}"
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)


def _widths(headers: Sequence[str], rows: Sequence[Row]) -> list[int]:
    """Column widths that fit the header and the sampled rows; CJK characters count 2."""
    widths = [display_width(h) for h in headers]
    for row in rows:
        for index, item in enumerate(row):
            if item is None:
                continue
            text = _shown(item)
            longest = max((display_width(line) for line in text.splitlines()), default=0)
            if index >= len(widths):
                widths.extend([0] * (index + 1 - len(widths)))
            widths[index] = max(widths[index], longest)
    return [max(MIN_WIDTH, min(MAX_WIDTH, width + 2)) for width in widths]


# --------------------------------------------------------------------------- sheets


def _title_lines(block: TitleBlock, heading: str) -> list[tuple[str, Font | None]]:
    return [
        (block.company, _TITLE_FONT),
        (
            t("{c} — {h}", "{c} — {h}", c=block.cycle, h=heading) if block.cycle else heading,
            _SUBTITLE_FONT,
        ),
        (
            t(
                "Period: {p}    State: {s}    Scheme: {m}",
                "期间：{p}　　状态：{s}　　方案：{m}",
                p=block.period,
                s=block.state,
                m=block.scheme,
            ),
            None,
        ),
        (
            t(
                "Printed at: {d}",
                "打印时间：{d}",
                d=block.printed_at.strftime("%Y-%m-%d %H:%M"),
            ),
            None,
        ),
    ]


def _page_setup(ws: WriteOnlyWorksheet) -> None:
    """A4 landscape, fitted to the page width, the header row on every page, page X of Y."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = False
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.oddFooter.center.text = t("Page &P of &N", "第 &P 页，共 &N 页")
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6


class _Table:
    """One sheet of the workbook: title block, styled header frozen below, typed rows,
    an autofilter over what was written."""

    def __init__(
        self,
        workbook: Workbook,
        title: str,
        block: TitleBlock,
        headers: Sequence[str],
        sample: Sequence[Row],
    ) -> None:
        ws = workbook.create_sheet(title)
        self.ws: WriteOnlyWorksheet = ws
        self.columns = len(headers)
        self.rows = 0
        _page_setup(ws)
        set_column_widths(ws, _widths(headers, sample))
        ws.freeze_panes = f"A{HEADER_ROW + 1}"
        lines = _title_lines(block, title)
        for text, font in lines:
            cell = WriteOnlyCell(ws)
            safe_text_cell(cell, text)
            if font is not None:
                cell.font = font
            ws.append([cell])
        for _ in range(TITLE_ROWS - len(lines)):
            ws.append([])
        header_cells = []
        for header in headers:
            cell = WriteOnlyCell(ws)
            safe_text_cell(cell, header)
            cell.font = HEADER_FONT
            cell.fill = HEADER_FILL
            cell.border = HEADER_BORDER
            cell.alignment = _HEADER_ALIGNMENT
            header_cells.append(cell)
        ws.append(header_cells)

    def append(self, row: Row) -> None:
        ws = self.ws
        self.ws.append([_to_cell(ws, item) for item in row])
        self.rows += 1

    @property
    def last_row(self) -> int:
        return HEADER_ROW + self.rows

    def finish(self, *, filtered_rows: int | None = None) -> None:
        rows = self.rows if filtered_rows is None else filtered_rows
        last = get_column_letter(max(self.columns, 1))
        self.ws.auto_filter.ref = f"A{HEADER_ROW}:{last}{HEADER_ROW + max(rows, 1)}"


def _write_table(
    workbook: Workbook,
    title: str,
    block: TitleBlock,
    headers: Sequence[str],
    rows: Iterable[Row],
) -> _Table:
    """Fit the widths to the first rows, then stream every row into a new sheet."""
    stream = iter(rows)
    sample = list(islice(stream, WIDTH_SAMPLE))
    table = _Table(workbook, title, block, headers, sample)
    for row in chain(sample, stream):
        table.append(row)
    table.finish()
    return table


def _progress(step: Step | None, low: int, high: int, done: int, total: int, text: str) -> None:
    if step is not None and done % PROGRESS_EVERY == 0:
        step(low + (high - low) * done // max(total, 1), text)


# --------------------------------------------------------------------------- 1. summary


def _flags_text(card: Mapping[str, Any]) -> str:
    parts: list[str] = []
    if card.get("veto"):
        parts.append(t("veto", "一票否决"))
    parts.extend(flag_label(str(flag)) for flag in card.get("flags") or ())
    parts.extend(str(warning) for warning in card.get("warnings") or ())
    return t("; ", "；").join(parts)


def summary_headers(item_names: Sequence[str]) -> list[str]:
    return [
        t("Rank", "排名"),
        t("Code", "工号"),
        t("Name", "姓名"),
        t("Unit", "部门"),
        t("Role", "角色"),
        *item_names,
        t("Bonus", "加分"),
        t("Deduction", "扣分"),
        t("Total", "总分"),
        t("Band grade", "等级"),
        t("Distributed grade", "分布后等级"),
        t("Final grade", "最终等级"),
        t("Coefficient", "系数"),
        t("Performance pay", "绩效工资"),
        t("Flags & warnings", "提示"),
    ]


def _summary_rows(data: ReportData, step: Step | None) -> Iterator[Row]:
    cards = data.document["scorecards"]
    for done, card in enumerate(cards):
        _progress(step, 0, 30, done, len(cards), t("summary…", "正在写汇总…"))
        scores = {str(item["name"]): item.get("score") for item in card["items"]}
        yield [
            card.get("rank"),
            str(card["staff_code"]),
            str(card["name"]),
            str(card["unit"]),
            staff_role_label(str(card["role"])),
            *(num(scores.get(name), SCORE) for name in data.item_names),
            num(card.get("bonus"), SCORE),
            num(card.get("deduction"), SCORE),
            num(card.get("total"), SCORE, "bold"),
            grade_cell(card.get("band_grade")),
            grade_cell(card.get("distributed_grade")),
            grade_cell(card.get("final_grade")),
            num(card.get("coefficient"), SCORE),
            num(card.get("performance_pay"), MONEY),
            _flags_text(card) or None,
        ]


# --------------------------------------------------------------------------- 2. scorecards


def scorecard_headers() -> list[str]:
    return [
        t("Code", "工号"),
        t("Name", "姓名"),
        t("Part", "类别"),
        t("Item", "项目"),
        t("Rater / kind", "评分人/类型"),
        t("Weight", "权重"),
        t("Actual", "实际"),
        t("Target", "目标"),
        t("Achievement", "达成率"),
        t("Score", "得分"),
        t("Explanation / comment", "说明/评语"),
    ]


def _item_formats(item: Mapping[str, Any], unit: MetricUnit | None) -> str:
    if item.get("kind") == "metric":
        return unit_format(unit)
    return SCORE


def _explained(item: Mapping[str, Any]) -> str:
    text = str(item.get("explanation") or "")
    warnings = [str(w) for w in item.get("warnings") or ()]
    return t("; ", "；").join([text, *warnings]) if warnings else text


def _line(
    code: str,
    name: str,
    part: str,
    item: Item,
    *,
    rater: Item = None,
    weight: Item = None,
    actual: Item = None,
    target: Item = None,
    achieved: Item = None,
    score: Item = None,
    text: Item = None,
) -> Row:
    """One row of a scorecard block, in the columns of `scorecard_headers`."""
    return [code, name, part, item, rater, weight, actual, target, achieved, score, text]


def _person_block(
    card: Mapping[str, Any], inputs: PersonInputs, units: Mapping[str, MetricUnit]
) -> Iterator[Row]:
    code, name = str(card["staff_code"]), str(card["name"])
    yield [
        Out(code, GENERAL, "person"),
        Out(name, GENERAL, "person"),
        Out(t("Person", "人员"), GENERAL, "person"),
        Out(str(card["unit"]), GENERAL, "person"),
        Out(staff_role_label(str(card["role"])), GENERAL, "person"),
        None,
        None,
        None,
        None,
        num(card.get("total"), SCORE, "person"),
        Out(t("rank {r}", "排名 {r}", r=card.get("rank") or "—"), GENERAL, "person"),
    ]
    part = t("Item", "考核项")
    for item in card["items"]:
        fmt = _item_formats(item, units.get(str(item["name"])))
        yield _line(
            code,
            name,
            part,
            str(item["name"]),
            weight=num(item.get("weight"), GENERAL),
            actual=num(item.get("actual"), fmt),
            target=num(item.get("target"), fmt),
            achieved=num(item.get("achievement"), PERCENT),
            score=num(item.get("score"), SCORE),
            text=_explained(item) or None,
        )
    part = t("Rating", "评分")
    for rating in inputs.ratings:
        yield _line(
            code,
            name,
            part,
            rating.item,
            rater=f"{rater_role_label(rating.role)} {rating.rater_name}".strip(),
            actual=Out(rating.rating, WHOLE),
            text=rating.comment or None,
        )
    part = t("Key task", "重点工作")
    for task in inputs.tasks:
        yield _line(
            code,
            name,
            part,
            task.description,
            weight=num(task.weight, GENERAL),
            actual=num(task.completion, SCORE),
            text=task.note or None,
        )
    part = t("Adjustment", "加减分")
    for adjustment in inputs.adjustments:
        yield _line(
            code,
            name,
            part,
            adjustment_label(adjustment.kind),
            actual=None if adjustment.kind == "veto" else num(adjustment.points, SCORE),
            text=adjustment.reason,
        )
    if inputs.interview is not None:
        yield from _interview_lines(code, name, inputs.interview)
    part = t("Total", "合计")
    yield _line(
        code, name, part, t("Bonus (counted)", "加分（计入）"), score=num(card.get("bonus"), SCORE)
    )
    yield _line(code, name, part, t("Deduction", "扣分"), score=num(card.get("deduction"), SCORE))
    grades = t(
        "band grade {b}, distributed {d}, final {f}; coefficient {c}",
        "分档等级 {b}，分布后 {d}，最终 {f}；系数 {c}",
        b=card.get("band_grade") or "—",
        d=card.get("distributed_grade") or "—",
        f=card.get("final_grade") or "—",
        c=card.get("coefficient") or "—",
    )
    flags = _flags_text(card)
    yield _line(
        code,
        name,
        part,
        t("Total", "总分"),
        rater=grade_cell(card.get("final_grade")),
        score=num(card.get("total"), SCORE, "bold"),
        text=f"{grades}{t('; ', '；')}{flags}" if flags else grades,
    )


def _interview_lines(code: str, name: str, interview: InterviewLine) -> Iterator[Row]:
    part = t("Interview", "面谈")
    when = interview.interview_date.isoformat() if interview.interview_date else "—"
    yield _line(
        code,
        name,
        part,
        t("Interview notes ({d})", "面谈记录（{d}）", d=when),
        text=interview.notes or None,
    )
    if interview.improvement_goals:
        yield _line(
            code, name, part, t("Improvement goals", "改进目标"), text=interview.improvement_goals
        )
    if interview.refused:
        sign_off = t("refused: {r}", "不认可：{r}", r=interview.refusal_reason or "—")
    elif interview.confirmed_on is not None:
        sign_off = t("confirmed on {d}", "{d} 已确认", d=interview.confirmed_on.isoformat())
    else:
        sign_off = t("not yet confirmed", "尚未确认")
    yield _line(code, name, part, t("Sign-off", "结果确认"), text=sign_off)


def _scorecard_rows(data: ReportData, step: Step | None) -> Iterator[Row]:
    cards = data.document["scorecards"]
    empty = PersonInputs()
    for done, card in enumerate(cards):
        _progress(step, 30, 80, done, len(cards), t("scorecards…", "正在写评分卡…"))
        inputs = data.inputs.get(str(card["staff_code"]), empty)
        yield from _person_block(card, inputs, data.item_units)


# --------------------------------------------------------------------------- 3. teams


def _figure_headers(name: str) -> list[str]:
    return [
        t("{m} target", "{m} 目标", m=name),
        t("{m} actual", "{m} 实际", m=name),
        t("{m} achievement", "{m} 达成率", m=name),
    ]


def _figure_cells(figures: Figures | None, unit: MetricUnit) -> list[Item]:
    if figures is None:
        return [None, None, None]
    fmt = unit_format(unit)
    return [
        num(figures.target, fmt),
        num(figures.actual, fmt),
        num(figures.achievement, PERCENT),
    ]


def teams_headers(grades: Sequence[str], metrics: Sequence[MetricColumn]) -> list[str]:
    return [
        t("Unit", "部门"),
        t("Headcount", "人数"),
        t("Mean total", "平均总分"),
        t("Median total", "总分中位数"),
        *(t("{g} count", "{g} 人数", g=g) for g in grades),
        *(header for metric in metrics for header in _figure_headers(metric.name)),
    ]


def _team_rows(data: ReportData) -> Iterator[Row]:
    for line in data.teams:
        yield [
            line.unit,
            line.headcount,
            num(line.mean_total, SCORE),
            num(line.median_total, SCORE),
            *(line.grade_counts.get(g, 0) for g in data.grades),
            *(
                cell
                for metric, figures in zip(data.team_metrics, line.figures, strict=True)
                for cell in _figure_cells(figures, metric.unit)
            ),
        ]


# --------------------------------------------------------------------------- 4. targets


def targets_headers(periods: Sequence[str]) -> list[str]:
    return [
        t("Unit", "部门"),
        t("Dimension", "维度"),
        t("Value", "名称"),
        t("Metric", "指标"),
        *(header for period in periods for header in _figure_headers(period)),
    ]


def _target_rows(data: ReportData) -> Iterator[Row]:
    for line in data.targets:
        yield [
            line.unit,
            line.dimension,
            line.value or None,
            line.metric.name,
            *(
                cell
                for figures in line.figures
                for cell in _figure_cells(figures, line.metric.unit)
            ),
        ]


# --------------------------------------------------------------------------- 5. distribution


def distribution_headers() -> list[str]:
    return [
        t("Grade", "等级"),
        t("Share", "比例"),
        t("Quota", "名额"),
        t("Count by band", "按分档人数"),
        t("Count after distribution", "分布后人数"),
        t("Final count", "最终人数"),
        t("Over quota", "超出名额"),
    ]


def _mode_label(mode: str) -> str:
    labels = {
        "off": ("off", "不启用"),
        "advisory": ("advisory", "建议"),
        "enforce": ("enforced", "强制"),
    }
    en, zh = labels.get(mode, (mode, mode))
    return t(en, zh)


def _write_distribution(workbook: Workbook, data: ReportData) -> _Table:
    distribution = data.document["distribution"]
    rows: list[Row] = []
    for line in distribution["grades"]:
        share = _number(line.get("share"))
        rows.append(
            [
                grade_cell(line["grade"]),
                None if share is None else Out(Decimal(share) / 100, PERCENT),
                line.get("quota"),
                line.get("count_before"),
                line.get("count_after"),
                line.get("count_final"),
                Out(t("over quota", "超出"), GENERAL, "over") if line.get("excess") else None,
            ]
        )
    note = t(
        "Distribution: {m}; headcount {n}",
        "强制分布：{m}；人数 {n}",
        m=_mode_label(str(distribution.get("mode", ""))),
        n=distribution.get("headcount", 0),
    )
    table = _Table(workbook, distribution_title(), data.title, distribution_headers(), rows)
    for row in rows:
        table.append(row)
    grades = table.rows
    table.append([])
    table.append([note])
    table.finish(filtered_rows=grades)
    ws = table.ws
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "clustered"
    chart.title = t("Grade distribution", "等级分布")
    chart.y_axis.title = t("People", "人数")
    chart.x_axis.title = t("Grade", "等级")
    first, last = HEADER_ROW, HEADER_ROW + grades
    chart.add_data(
        Reference(ws, min_col=3, max_col=6, min_row=first, max_row=last), titles_from_data=True
    )
    chart.set_categories(Reference(ws, min_col=1, min_row=first + 1, max_row=last))
    chart.height, chart.width = 9, 18
    ws.add_chart(chart, f"I{HEADER_ROW}")
    return table


# --------------------------------------------------------------------------- 6. development


def development_headers() -> list[str]:
    return [
        t("Kind", "类别"),
        t("Code", "工号"),
        t("Name", "姓名"),
        t("Unit", "部门"),
        t("Item", "考核项"),
        t("Rating", "评分"),
        t("Total", "总分"),
        t("Final grade", "最终等级"),
        t("Note", "说明"),
    ]


def _development_rows(data: ReportData) -> Iterator[Row]:
    cards = data.document["scorecards"]
    training: list[Row] = []
    pips: list[Row] = []
    promotions: list[Row] = []
    for card in cards:
        person = [str(card["staff_code"]), str(card["name"]), str(card["unit"])]
        flags = [str(f) for f in card.get("flags") or ()]
        ratings = {str(item["name"]): item.get("actual") for item in card["items"]}
        for flag in flags:
            kind, _, item = flag.partition(":")
            if kind == "training" and item:
                training.append(
                    [
                        t("Training", "培训"),
                        *person,
                        item,
                        num(ratings.get(item), SCORE),
                        num(card.get("total"), SCORE),
                        grade_cell(card.get("final_grade")),
                        flag_label(flag),
                    ]
                )
        for flag, kind, into in (
            ("pip", t("PIP proposed", "绩效改进计划"), pips),
            ("promotion_candidate", t("Promotion candidate", "晋升候选"), promotions),
        ):
            if flag in flags:
                into.append(
                    [
                        kind,
                        *person,
                        None,
                        None,
                        num(card.get("total"), SCORE),
                        grade_cell(card.get("final_grade")),
                        flag_label(flag),
                    ]
                )
    yield from training
    yield from pips
    yield from promotions


# --------------------------------------------------------------------------- workbooks


def _discard(workbook: Workbook) -> None:
    """Drop an unsaved write-only workbook: finish each sheet's stream and delete its
    temporary file (else they linger, and closing them late prints errors)."""
    for ws in workbook.worksheets:
        try:
            if not ws.closed:
                ws.close()
            writer = getattr(ws, "_writer", None)
            if writer is not None:
                writer.cleanup()
        except Exception:  # best effort: the export has failed already
            continue


def _save(workbook: Workbook, path: Path, fill: Callable[[Workbook], None]) -> None:
    try:
        fill(workbook)
        workbook.save(path)
    except BaseException:
        _discard(workbook)
        raise


def write_report(data: ReportData, path: Path, *, step: Step | None = None) -> None:
    """Write the report workbook (reports.md) to `path`: summary, scorecards, teams,
    targets, distribution (with a column chart) and development, each with its title
    block and header. When `step` raises (Cancel), nothing is written."""

    def fill(workbook: Workbook) -> None:
        block = data.title
        _write_table(
            workbook,
            summary_title(),
            block,
            summary_headers(data.item_names),
            _summary_rows(data, step),
        )
        _write_table(
            workbook, scorecards_title(), block, scorecard_headers(), _scorecard_rows(data, step)
        )
        if step is not None:
            step(85, t("teams and targets…", "正在写团队与目标…"))
        _write_table(
            workbook,
            teams_title(),
            block,
            teams_headers(data.grades, data.team_metrics),
            _team_rows(data),
        )
        _write_table(
            workbook,
            targets_title(),
            block,
            targets_headers(data.target_periods),
            _target_rows(data),
        )
        _write_distribution(workbook, data)
        _write_table(
            workbook, development_title(), block, development_headers(), _development_rows(data)
        )
        if step is not None:
            step(90, t("saving…", "正在保存…"))

    _save(Workbook(write_only=True), path, fill)


def paysheet_headers() -> list[str]:
    return [
        t("Code", "工号"),
        t("Name", "姓名"),
        t("Unit", "部门"),
        t("Pay base", "绩效工资基数"),
        t("Final grade", "最终等级"),
        t("Coefficient", "系数"),
        t("Days employed", "在职天数"),
        t("Days in period", "期间天数"),
        t("Performance pay", "绩效工资"),
    ]


def write_paysheet(data: PaySheetData, path: Path, *, step: Step | None = None) -> None:
    """Write the pay sheet (reports.md) to `path`: one row per participant and a total row
    — a number, the exact sum of the rows, not a formula — ready to paste into a payroll
    system. When `step` raises (Cancel), nothing is written."""

    def rows() -> Iterator[Row]:
        for done, line in enumerate(data.lines):
            _progress(step, 0, 90, done, len(data.lines), t("pay sheet…", "正在写绩效工资表…"))
            yield [
                line.code,
                line.name,
                line.unit,
                num(line.pay_base, MONEY),
                grade_cell(line.final_grade),
                num(line.coefficient, SCORE),
                line.days_employed,
                line.days_in_period,
                num(line.performance_pay, MONEY),
            ]

    def fill(workbook: Workbook) -> None:
        stream = rows()
        sample = list(islice(stream, WIDTH_SAMPLE))
        total_row: Row = [
            Out(t("Total", "合计"), GENERAL, "bold"),
            *([None] * 7),
            Out(data.total, MONEY, "bold"),
        ]
        headers = paysheet_headers()
        table = _Table(workbook, paysheet_title(), data.title, headers, [*sample, total_row])
        for row in chain(sample, stream):
            table.append(row)
        people = table.rows
        table.append(total_row)
        # The filter covers the people; the total row stays below it when sorting.
        table.finish(filtered_rows=people)
        if step is not None:
            step(95, t("saving…", "正在保存…"))

    _save(Workbook(write_only=True), path, fill)
