"""The report workbook and the pay sheet (reports.md), read back with openpyxl.

One export of the demo company's confirmed 2026-Q1 cycle and of its open 2026-Q2 cycle
(module-scoped: several tests read the same files). Every number is checked against the
`salesdesk score --json` document of the same cycle (`CycleResults.to_json_dict()`), the
team and dimension figures against the actuals service, and the layout (sheet names,
headers, frozen panes, autofilter, print setup) against reports.md.
"""

from __future__ import annotations

import gc
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import delete, func, select, update

from salesdesk.db.models import (
    Adjustment,
    Appraisal,
    Cycle,
    Interview,
    KeyTask,
    Rating,
    Region,
    Setting,
    Staff,
)
from salesdesk.domain.errors import ValidationError
from salesdesk.domain.org import Role
from salesdesk.domain.periods import days_overlap, parse_period
from salesdesk.domain.text import set_language
from salesdesk.exchange.writer import display_width
from salesdesk.reports.workbook import HEADER_ROW, scorecard_headers, summary_headers
from salesdesk.services.actuals import ActualsService, Dimension, FigureRequest
from salesdesk.services.cycles import CyclesService
from salesdesk.services.database import Database, open_database
from salesdesk.services.exports import export_staff
from salesdesk.services.report_workbook import (
    ReportCancelled,
    export_paysheet,
    export_report,
)
from salesdesk.services.staff import NewStaff, StaffService

Q1 = "2026-Q1 销售代表季度考核"
Q2 = "2026-Q2 销售代表季度考核"
ROOT = "销售部"
EN_SHEETS = ["Summary", "Scorecards", "Teams", "Targets", "Distribution", "Development"]
ZH_SHEETS = ["汇总", "评分卡", "团队", "目标达成", "分布", "发展"]


@dataclass
class Exported:
    folder: Path
    db_path: Path
    docs: dict[str, dict[str, Any]]
    reports: dict[str, Workbook]
    paysheets: dict[str, Workbook]
    counts: dict[str, int]
    zh_report: Workbook


@pytest.fixture(scope="module")
def exported(demo_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Exported]:
    set_language("en")
    folder = tmp_path_factory.mktemp("reports")
    db_path = folder / "demo.db"
    shutil.copy(demo_file, db_path)
    database = open_database(db_path)
    try:
        cycles = CyclesService(database)
        docs = {ref: cycles.results(ref).to_json_dict() for ref in (Q1, Q2)}
        counts: dict[str, int] = {}
        for key, ref in (("q1", Q1), ("q2", Q2)):
            counts[key] = export_report(database, ref, folder / f"{key}.xlsx")
            counts[f"pay-{key}"] = export_paysheet(database, ref, folder / f"pay-{key}.xlsx")
        set_language("zh")
        export_report(database, Q1, folder / "q1-zh.xlsx")
    finally:
        set_language("en")
        database.close()
    yield Exported(
        folder,
        db_path,
        {"q1": docs[Q1], "q2": docs[Q2]},
        {key: load_workbook(folder / f"{key}.xlsx") for key in ("q1", "q2")},
        {key: load_workbook(folder / f"pay-{key}.xlsx") for key in ("q1", "q2")},
        counts,
        load_workbook(folder / "q1-zh.xlsx"),
    )


@pytest.fixture
def database(exported: Exported) -> Iterator[Database]:
    db = open_database(exported.db_path)
    yield db
    db.close()


# --------------------------------------------------------------------------- helpers


def table(ws: Worksheet) -> tuple[list[str], list[list[Any]]]:
    """The header and the rows under it, up to the first empty row."""
    rows = list(ws.iter_rows(min_row=HEADER_ROW, values_only=True))
    headers = [str(v) for v in rows[0] if v is not None]
    body: list[list[Any]] = []
    for row in rows[1:]:
        if all(v is None for v in row):
            break
        body.append(list(row[: len(headers)]))
    return headers, body


def by_header(headers: list[str], row: list[Any]) -> dict[str, Any]:
    return dict(zip(headers, row, strict=True))


def same(cell: Any, expected: Any) -> bool:
    """A number read back (a float, an int) equals the score document's exact decimal."""
    if expected is None:
        return cell is None
    if isinstance(expected, bool):
        return cell == expected
    return cell is not None and Decimal(str(cell)) == Decimal(str(expected))


# --------------------------------------------------------------------------- layout


def test_sheets_in_order_in_both_languages(exported: Exported) -> None:
    assert exported.reports["q1"].sheetnames == EN_SHEETS
    assert exported.zh_report.sheetnames == ZH_SHEETS
    assert exported.paysheets["q1"].sheetnames == ["Pay sheet"]
    zh_headers, _ = table(exported.zh_report["汇总"])
    assert zh_headers[:5] == ["排名", "工号", "姓名", "部门", "角色"]
    assert zh_headers[-9:] == [
        "加分",
        "扣分",
        "总分",
        "等级",
        "分布后等级",
        "最终等级",
        "系数",
        "绩效工资",
        "提示",
    ]


def test_every_sheet_has_title_block_frozen_header_filter_and_print_setup(
    exported: Exported,
) -> None:
    doc = exported.docs["q1"]
    books = [*exported.reports.values(), *exported.paysheets.values(), exported.zh_report]
    for book in books:
        for ws in book.worksheets:
            title = [ws.cell(row=r, column=1).value for r in range(1, 5)]
            assert title[0] == "华信工业设备有限公司", ws.title
            assert ws.title in str(title[1])
            assert any(period in str(title[2]) for period in ("2026-Q1", "2026-Q2"))
            assert str(datetime.now().year) in str(title[3])  # printed at
            assert ws.freeze_panes == f"A{HEADER_ROW + 1}"
            assert ws.auto_filter.ref is not None
            assert ws.auto_filter.ref.startswith(f"A{HEADER_ROW}:")
            assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
            assert ws.page_setup.orientation == "landscape"
            assert ws.page_setup.paperSize == 9
            assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
            assert ws.sheet_properties.pageSetUpPr.fitToPage
            footer = ws.oddFooter.center.text
            assert "&P" in footer and "&N" in footer
            header = ws.cell(row=HEADER_ROW, column=1)
            assert header.font.bold
    q1 = exported.reports["q1"]["Summary"]
    assert doc["cycle"] in str(q1["A2"].value)
    assert doc["scheme"] in str(q1["A3"].value) and "confirmed" in str(q1["A3"].value)


def test_widths_fit_chinese_text(exported: Exported) -> None:
    ws = exported.zh_report["汇总"]
    headers, rows = table(ws)
    for column, header in enumerate(headers, start=1):
        letter = ws.cell(row=HEADER_ROW, column=column).column_letter
        longest = max(
            [display_width(header)]
            + [display_width(str(r[column - 1])) for r in rows if isinstance(r[column - 1], str)]
        )
        assert ws.column_dimensions[letter].width >= min(longest, 58), header


# --------------------------------------------------------------------------- numbers


@pytest.mark.parametrize("key", ["q1", "q2"])
def test_summary_equals_score_json(exported: Exported, key: str) -> None:
    doc = exported.docs[key]
    ws = exported.reports[key]["Summary"]
    headers, rows = table(ws)
    items = [item["name"] for item in doc["scorecards"][0]["items"]]
    assert headers == summary_headers(items)
    cards = doc["scorecards"]
    assert len(rows) == len(cards) == exported.counts[key]
    for row, card in zip(rows, cards, strict=True):
        got = by_header(headers, row)
        assert got["Code"] == card["staff_code"] and got["Name"] == card["name"]
        assert got["Unit"] == card["unit"]
        assert got["Rank"] == card["rank"]
        for item in card["items"]:
            assert same(got[item["name"]], item["score"]), (card["staff_code"], item["name"])
        for header, field in (
            ("Bonus", "bonus"),
            ("Deduction", "deduction"),
            ("Total", "total"),
            ("Coefficient", "coefficient"),
            ("Performance pay", "performance_pay"),
        ):
            assert same(got[header], card[field]), (card["staff_code"], field)
        assert got["Band grade"] == card["band_grade"]
        assert got["Distributed grade"] == card["distributed_grade"]
        assert got["Final grade"] == card["final_grade"]
        if "partial_period" in card["flags"]:
            assert "partial period" in got["Flags & warnings"]


def test_summary_cells_are_typed_and_formatted(exported: Exported) -> None:
    ws = exported.reports["q1"]["Summary"]
    headers, _ = table(ws)
    first = HEADER_ROW + 1
    total = ws.cell(row=first, column=headers.index("Total") + 1)
    pay = ws.cell(row=first, column=headers.index("Performance pay") + 1)
    grade = ws.cell(row=first, column=headers.index("Final grade") + 1)
    assert total.data_type == "n" and total.number_format == "0.00"
    assert pay.data_type == "n" and pay.number_format == "#,##0.00"
    fills = {"S": "FFF4CC", "A": "E3F2E1", "B": "E1ECFA", "C": "FDE8D7", "D": "FADCDC"}
    seen = set()
    for row in range(first, ws.max_row + 1):
        cell = ws.cell(row=row, column=headers.index("Final grade") + 1)
        if cell.value in fills:
            assert str(cell.fill.fgColor.rgb).endswith(fills[cell.value])
            seen.add(cell.value)
    assert grade.value == "S" and {"S", "A", "B", "C"} <= seen


@pytest.mark.parametrize("key", ["q1", "q2"])
def test_scorecards_equal_score_json(exported: Exported, key: str) -> None:
    doc = exported.docs[key]
    headers, rows = table(exported.reports[key]["Scorecards"])
    assert headers == scorecard_headers()
    items = {(r[0], r[3]): by_header(headers, r) for r in rows if r[2] == "Item"}
    totals = {r[0]: by_header(headers, r) for r in rows if r[2] == "Total" and r[3] == "Total"}
    people = [r[0] for r in rows if r[2] == "Person"]
    assert people == [card["staff_code"] for card in doc["scorecards"]]
    for card in doc["scorecards"]:
        code = card["staff_code"]
        for item in card["items"]:
            got = items[(code, item["name"])]
            assert same(got["Weight"], item["weight"])
            for header, field in (
                ("Actual", "actual"),
                ("Target", "target"),
                ("Achievement", "achievement"),
                ("Score", "score"),
            ):
                assert same(got[header], item[field]), (code, item["name"], field)
            assert got["Explanation / comment"].startswith(item["explanation"])
        assert same(totals[code]["Score"], card["total"])
        assert totals[code]["Rater / kind"] == card["final_grade"]


def test_scorecards_list_ratings_tasks_adjustments_and_interviews(
    exported: Exported, database: Database
) -> None:
    headers, rows = table(exported.reports["q1"]["Scorecards"])
    parts: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        parts.setdefault(row[2], []).append(by_header(headers, row))
    with database.reading() as s:
        cycle_id = s.scalar(select(Cycle.id).where(Cycle.name == Q1))
        in_cycle = select(Appraisal.id).where(Appraisal.cycle_id == cycle_id)
        ratings = s.scalar(select(func.count(Rating.id)).where(Rating.appraisal_id.in_(in_cycle)))
        tasks = (
            s.execute(select(KeyTask.description).where(KeyTask.appraisal_id.in_(in_cycle)))
            .scalars()
            .all()
        )
        reasons = (
            s.execute(select(Adjustment.reason).where(Adjustment.appraisal_id.in_(in_cycle)))
            .scalars()
            .all()
        )
        notes = (
            s.execute(select(Interview.notes).where(Interview.appraisal_id.in_(in_cycle)))
            .scalars()
            .all()
        )
    assert len(parts["Rating"]) == ratings
    assert all(1 <= r["Actual"] <= 5 for r in parts["Rating"])
    assert {r["Rater / kind"].split()[0] for r in parts["Rating"]} >= {"Supervisor", "Self"}
    assert sorted(r["Item"] for r in parts["Key task"]) == sorted(tasks)
    assert sorted(r["Explanation / comment"] for r in parts["Adjustment"]) == sorted(reasons)
    interview_notes = [
        r["Explanation / comment"] for r in parts["Interview"] if "notes" in r["Item"]
    ]
    assert sorted(n for n in interview_notes if n) == sorted(n for n in notes if n)


def test_distribution_sheet_and_chart(exported: Exported) -> None:
    distribution = exported.docs["q1"]["distribution"]
    ws = exported.reports["q1"]["Distribution"]
    headers, rows = table(ws)
    assert len(rows) == len(distribution["grades"])
    for row, grade in zip(rows, distribution["grades"], strict=True):
        got = by_header(headers, row)
        assert got["Grade"] == grade["grade"]
        assert same(got["Share"], Decimal(grade["share"]) / 100)
        assert got["Quota"] == grade["quota"]
        assert got["Count by band"] == grade["count_before"]
        assert got["Count after distribution"] == grade["count_after"]
        assert got["Final count"] == grade["count_final"]
        assert (got["Over quota"] is not None) == grade["excess"]
    assert ws.cell(row=HEADER_ROW + 1, column=2).number_format == "0.0%"
    assert len(ws._charts) == 1
    assert ws._charts[0].tagname == "barChart"
    assert len(ws._charts[0].series) == 4


def test_teams_sheet(exported: Exported, database: Database) -> None:
    doc = exported.docs["q1"]
    headers, rows = table(exported.reports["q1"]["Teams"])
    teams = {r[0]: by_header(headers, r) for r in rows}
    cards = doc["scorecards"]
    root = teams[ROOT]
    assert root["Headcount"] == len(cards)
    for grade in doc["distribution"]["grades"]:
        assert root[f"{grade['grade']} count"] == grade["count_final"]
    totals = sorted(Decimal(c["total"]) for c in cards)
    assert same(root["Mean total"], (sum(totals) / len(totals)).quantize(Decimal("0.01")))
    for unit, team in teams.items():
        members = [c for c in cards if c["unit"] == unit or c["unit"].startswith(unit + "/")]
        assert team["Headcount"] == len(members), unit
    # A team figure is the unit's figure as `salesdesk actuals` lists it (the cycle's
    # targets are the demo's targets: nothing changed them after it opened).
    listing = ActualsService(database).actuals("2026-Q1", metric="revenue", subject=ROOT)
    row = listing.rows[0].as_json()
    assert same(root["销售额达成率 actual"], row["actual"])
    assert same(root["销售额达成率 target"], row["target"])
    assert same(root["销售额达成率 achievement"], row["achievement"])


def test_targets_sheet_by_month_and_dimension(exported: Exported, database: Database) -> None:
    headers, rows = table(exported.reports["q1"]["Targets"])
    assert headers[:4] == ["Unit", "Dimension", "Value", "Metric"]
    periods = ["2026-01", "2026-02", "2026-03", "2026-Q1"]
    assert headers[4:] == [f"{p} {w}" for p in periods for w in ("target", "actual", "achievement")]
    lines = {(r[1], r[2], r[3]): by_header(headers, r) for r in rows}
    assert {r[1] for r in rows} == {"Overall", "Region", "Product line", "Customer segment"}
    service = ActualsService(database)
    overall = lines[("Overall", None, "Revenue")]
    for period in periods:
        row = service.actuals(period, metric="revenue", subject=ROOT).rows[0].as_json()
        assert same(overall[f"{period} actual"], row["actual"]), period
        assert same(overall[f"{period} target"], row["target"]), period
    # A dimension's month equals the service's figures for that month alone (one pass over
    # the quarter serves its months).
    with database.reading() as s:
        region_id, region = s.execute(select(Region.id, Region.name).order_by(Region.code)).first()
        cycle_id = s.scalar(select(Cycle.id).where(Cycle.name == Q1))
    east = lines[("Region", region, "Revenue")]
    new = lines[("Region", region, "New customers")]
    for period in periods:
        for metric, line in (("revenue", east), ("new_customers", new)):
            request = FigureRequest(metric, True, Dimension(region_id=region_id))
            figure = service.figures(period, [request], [], [ROOT], cycle_id=cycle_id)[
                (request, ROOT)
            ]
            assert figure.actual is not None
            assert same(line[f"{period} actual"], figure.actual.quantize(Decimal("0.01"))), (
                metric,
                period,
            )


def test_figures_by_period_equal_figures_per_period(database: Database) -> None:
    service = ActualsService(database)
    with database.reading() as s:
        cycle_id = s.scalar(select(Cycle.id).where(Cycle.name == Q1))
        region_id = s.scalar(select(Region.id).order_by(Region.code))
    requests = [
        FigureRequest(metric, team, dimension)
        for metric in ("revenue", "gross_margin_rate", "new_customers", "collection_rate")
        for team in (True, False)
        for dimension in (Dimension(), Dimension(region_id=region_id))
    ]
    quarter = parse_period("2026-Q1")
    periods = [*quarter.months(), quarter]
    together = service.figures_by_period(
        quarter, periods, requests, ["S0003", "S0022"], [ROOT, f"{ROOT}/华东区"], cycle_id=cycle_id
    )
    for period in periods:
        alone = service.figures(
            period, requests, ["S0003", "S0022"], [ROOT, f"{ROOT}/华东区"], cycle_id=cycle_id
        )
        assert together[period] == alone, period.code


def test_development_sheet(exported: Exported) -> None:
    doc = exported.docs["q1"]
    headers, rows = table(exported.reports["q1"]["Development"])
    assert headers[:5] == ["Kind", "Code", "Name", "Unit", "Item"]
    pips = [c["staff_code"] for c in doc["scorecards"] if "pip" in c["flags"]]
    assert pips
    assert [r[1] for r in rows if r[0] == "PIP proposed"] == pips
    training = [
        (c["staff_code"], f.split(":", 1)[1])
        for c in doc["scorecards"]
        for f in c["flags"]
        if f.startswith("training:")
    ]
    assert [(r[1], r[4]) for r in rows if r[0] == "Training"] == training


# --------------------------------------------------------------------------- pay sheet


@pytest.mark.parametrize("key", ["q1", "q2"])
def test_paysheet_rows_and_total(exported: Exported, key: str) -> None:
    doc = exported.docs[key]
    ws = exported.paysheets[key]["Pay sheet"]
    headers, rows = table(ws)
    assert headers == [
        "Code",
        "Name",
        "Unit",
        "Pay base",
        "Final grade",
        "Coefficient",
        "Days employed",
        "Days in period",
        "Performance pay",
    ]
    cards = {c["staff_code"]: c for c in doc["scorecards"]}
    people = [r for r in rows if r[0] != "Total"]
    assert [r[0] for r in people] == sorted(cards)
    assert len(people) == exported.counts[f"pay-{key}"]
    period = parse_period(doc["period"])
    for row in people:
        got, card = by_header(headers, row), cards[row[0]]
        assert same(got["Performance pay"], card["performance_pay"])
        assert same(got["Coefficient"], card["coefficient"])
        assert got["Final grade"] == card["final_grade"]
        if "partial_period" in card["flags"]:
            assert got["Days in period"] == period.days
            assert 0 < got["Days employed"] < period.days
        else:
            assert got["Days employed"] is None and got["Days in period"] is None
    total_row = rows[-1]
    assert total_row[0] == "Total"
    expected = sum(
        (Decimal(c["performance_pay"]) for c in cards.values() if c["performance_pay"]),
        Decimal(0),
    )
    total = ws.cell(row=HEADER_ROW + len(rows), column=len(headers))
    assert total.data_type == "n" and total.number_format == "#,##0.00"
    assert Decimal(str(total.value)) == expected
    # The filter covers the people only; the total row stays below it.
    assert ws.auto_filter.ref == f"A{HEADER_ROW}:I{HEADER_ROW + len(people)}"


def test_paysheet_days_for_partial_period(exported: Exported, database: Database) -> None:
    headers, rows = table(exported.paysheets["q1"]["Pay sheet"])
    partial = [by_header(headers, r) for r in rows if r[6] is not None]
    assert partial
    period = parse_period("2026-Q1")
    with database.reading() as s:
        for got in partial:
            hire, leave = s.execute(
                select(Staff.hire_date, Staff.leave_date).where(Staff.code == got["Code"])
            ).one()
            assert got["Days employed"] == days_overlap(period, hire, leave)


# --------------------------------------------------------------------------- failures


def _cancel_at(threshold: int) -> Any:
    calls: list[int] = []

    def progress(percent: int, message: str) -> bool:
        calls.append(percent)
        return percent < threshold

    return progress, calls


@pytest.mark.parametrize(
    ("cycle", "threshold"),
    [(Q1, 0), (Q2, 10), (Q1, 40), (Q1, 70), (Q1, 90)],
    ids=["at-once", "while-scoring", "while-loading", "while-writing", "before-saving"],
)
def test_cancel_leaves_no_file(
    database: Database, tmp_path: Path, cycle: str, threshold: int
) -> None:
    out = tmp_path / "out" / "report.xlsx"
    progress, calls = _cancel_at(threshold)
    with pytest.raises(ReportCancelled):
        export_report(database, cycle, out, progress=progress)
    gc.collect()  # an unsaved write-only workbook must close quietly
    assert calls and max(calls) >= threshold
    assert not out.exists()
    assert not out.parent.exists() or list(out.parent.iterdir()) == []


def test_cancel_paysheet_leaves_no_file(database: Database, tmp_path: Path) -> None:
    out = tmp_path / "pay.xlsx"
    progress, _ = _cancel_at(60)
    with pytest.raises(ReportCancelled):
        export_paysheet(database, Q1, out, progress=progress)
    assert list(tmp_path.iterdir()) == []


def test_progress_reaches_100(database: Database, tmp_path: Path) -> None:
    seen: list[int] = []
    export_report(database, Q1, tmp_path / "r.xlsx", progress=lambda p, m: seen.append(p) or True)
    assert seen[-1] == 100 and seen == sorted(seen)


def test_refuses_a_name_not_ending_in_xlsx(database: Database, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match=r"\.xlsx"):
        export_report(database, Q1, tmp_path / "report.xls")
    assert list(tmp_path.iterdir()) == []


def test_an_existing_file_is_replaced_whole(database: Database, tmp_path: Path) -> None:
    out = tmp_path / "pay.xlsx"
    out.write_bytes(b"old")
    export_paysheet(database, Q1, out)
    assert load_workbook(out).sheetnames == ["Pay sheet"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pay.xlsx"]


# --------------------------------------------------------------------------- formula safety

TYPED = {"name": "=1+2", "reason": "+86 123", "comment": "-x", "task": "@home"}


def test_typed_text_never_becomes_a_formula(exported: Exported, tmp_path: Path) -> None:
    path = tmp_path / "typed.db"
    shutil.copy(exported.db_path, path)
    database = open_database(path)
    try:
        with database.transaction() as s:
            cycle_ids = dict(s.execute(select(Cycle.name, Cycle.id)).all())
            appraisal, staff_id = s.execute(
                select(Appraisal.id, Appraisal.staff_id)
                .where(Appraisal.cycle_id == cycle_ids[Q2])
                .order_by(Appraisal.id)
            ).first()
            s.execute(update(Staff).where(Staff.id == staff_id).values(name=TYPED["name"]))
            for name in (Q1, Q2):
                in_cycle = select(Appraisal.id).where(Appraisal.cycle_id == cycle_ids[name])
                rating = s.scalar(select(Rating.id).where(Rating.appraisal_id.in_(in_cycle)))
                s.execute(
                    update(Rating).where(Rating.id == rating).values(comment=TYPED["comment"])
                )
                task = s.scalar(select(KeyTask.id).where(KeyTask.appraisal_id.in_(in_cycle)))
                s.execute(
                    update(KeyTask).where(KeyTask.id == task).values(description=TYPED["task"])
                )
            s.add(
                Adjustment(
                    appraisal_id=appraisal, kind="bonus", points=Decimal(1), reason=TYPED["reason"]
                )
            )
            q1_adjustment = s.scalar(
                select(Adjustment.id)
                .join(Appraisal, Appraisal.id == Adjustment.appraisal_id)
                .where(Appraisal.cycle_id == cycle_ids[Q1])
            )
            s.execute(
                update(Adjustment)
                .where(Adjustment.id == q1_adjustment)
                .values(reason=TYPED["reason"])
            )
            s.execute(update(Interview).values(notes='=HYPERLINK("http://x")\x01'))
        files: list[Path] = []
        # The confirmed cycle shows the names frozen with it; the open one today's names.
        for name, ref, export in (
            ("q1.xlsx", Q1, export_report),
            ("q2.xlsx", Q2, export_report),
            ("pay-q2.xlsx", Q2, export_paysheet),
        ):
            export(database, ref, tmp_path / name)
            files.append(tmp_path / name)
    finally:
        database.close()
    found: dict[str, set[str]] = {}
    for file in files:
        for ws in load_workbook(file).worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (file.name, ws.title, cell.coordinate)
                    if isinstance(cell.value, str) and cell.value[:1] in "=+-@":
                        assert cell.data_type == "s", (file.name, ws.title, cell.coordinate)
                        assert cell.quotePrefix, (file.name, ws.title, cell.coordinate)
                        found.setdefault(file.name, set()).add(cell.value)
    # Every typed text reached the report of the cycle it was typed into (the name only the
    # open one), the renamed person's pay sheet line included.
    assert {TYPED["reason"], TYPED["comment"], TYPED["task"]} <= found["q1.xlsx"]
    assert set(TYPED.values()) <= found["q2.xlsx"]
    assert TYPED["name"] in found["pay-q2.xlsx"]
    # The control character a workbook cannot hold is dropped, the rest kept as text.
    assert '=HYPERLINK("http://x")' in found["q1.xlsx"]


def test_staff_export_keeps_typed_names_as_text(tmp_path: Path) -> None:
    database = open_database(tmp_path / "staff.db")
    try:
        staff = StaffService(database)
        unit = staff.create_unit(None, "销售部")
        staff.create_staff(NewStaff("S1", "=1+2", Role.REP, unit.id, date(2024, 1, 1)))
        staff.create_staff(NewStaff("S2", "@home", Role.REP, unit.id, date(2024, 1, 1)))
        export_staff(database, tmp_path / "staff.xlsx")
    finally:
        database.close()
    ws = load_workbook(tmp_path / "staff.xlsx").active
    names = [ws.cell(row=r, column=2) for r in (2, 3)]
    assert [c.value for c in names] == ["=1+2", "@home"]
    assert all(c.data_type == "s" and c.quotePrefix for c in names)


# --------------------------------------------------------------------------- LibreOffice


def test_libreoffice_opens_the_report(exported: Exported, tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed on this machine")
    result = subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(exported.folder / "q1.xlsx"),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Error" not in result.stdout + result.stderr, result.stdout + result.stderr
    assert (tmp_path / "q1.pdf").stat().st_size > 0


def test_paysheet_names_people_as_the_confirmed_scorecards_do(
    exported: Exported, tmp_path: Path
) -> None:
    card = exported.docs["q1"]["scorecards"][0]
    path = tmp_path / "renamed.db"
    shutil.copy(exported.db_path, path)
    database = open_database(path)
    try:
        with database.transaction() as s:
            s.execute(update(Staff).where(Staff.code == card["staff_code"]).values(name="改名"))
        export_paysheet(database, Q1, tmp_path / "pay.xlsx")
    finally:
        database.close()
    headers, rows = table(load_workbook(tmp_path / "pay.xlsx").active)
    line = next(by_header(headers, r) for r in rows if r[0] == card["staff_code"])
    assert line["Name"] == card["name"] != "改名"


def test_company_falls_back_to_the_root_unit(exported: Exported, tmp_path: Path) -> None:
    path = tmp_path / "nameless.db"
    shutil.copy(exported.db_path, path)
    database = open_database(path)
    try:
        with database.transaction() as s:
            s.execute(delete(Setting).where(Setting.key == "company_name"))
        export_paysheet(database, Q1, tmp_path / "pay.xlsx")
    finally:
        database.close()
    assert load_workbook(tmp_path / "pay.xlsx").active["A1"].value == ROOT
