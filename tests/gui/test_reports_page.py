"""The Reports page on the demo company (a confirmed 2026-Q1 and an open 2026-Q2 rep cycle):
the charts show the numbers of `salesdesk score --json` and of the actuals listing, each
export button hands the right service the cycle and the path (the export services are
replaced by fakes here), Cancel stops an export and the page speaks Chinese."""

from __future__ import annotations

import io
import json
import shutil
import sys
import threading
import types
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from salesdesk import cli
from salesdesk.app import build_main_window
from salesdesk.domain.errors import UserError
from salesdesk.domain.text import set_language
from salesdesk.services.actuals import ActualsService
from salesdesk.ui.main_window import MainWindow
from salesdesk.ui.operations import State, running_operations
from salesdesk.ui.pages.reports import ReportsPage, short_unit_labels
from salesdesk.ui.widgets.report_charts import (
    GradeDistributionChart,
    MonthlyTargetChart,
    UnitTotalsChart,
)
from tests.gui.conftest import ShownMessages, finish

Q1 = "2026-Q1 销售代表季度考核"
Q2 = "2026-Q2 销售代表季度考核"
SCHEME = "销售代表季度考核方案"


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def score_json(demo_file: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """`salesdesk score CYCLE --json` of both demo cycles, run as the command line runs."""
    path = tmp_path_factory.mktemp("score") / "demo.db"
    shutil.copy(demo_file, path)
    documents: dict[str, Any] = {}
    capture = pytest.MonkeyPatch()
    try:
        for cycle in (Q1, Q2):
            out = _run_cli(capture, ["--db", str(path), "score", cycle, "--json"])
            documents[cycle] = json.loads(out)
    finally:
        capture.undo()
        set_language("en")
    return documents


def _run_cli(patch: pytest.MonkeyPatch, argv: list[str]) -> str:
    buffer = io.BytesIO()
    stream = io.TextIOWrapper(buffer, encoding="utf-8")
    patch.setattr(sys, "stdout", stream)
    patch.setattr(cli, "_utf8_output", lambda: None)
    assert cli.main(argv) == 0
    stream.flush()
    patch.undo()
    return buffer.getvalue().decode("utf-8")


@pytest.fixture
def demo_path(demo_file: Path, tmp_path: Path) -> Path:
    path = tmp_path / "demo.db"
    shutil.copy(demo_file, path)
    return path


@pytest.fixture
def window(make_window: Any, demo_path: Path) -> MainWindow:
    main: MainWindow = make_window(demo_path)
    return main


@pytest.fixture
def page(qtbot: QtBot, window: MainWindow) -> ReportsPage:
    """The Reports page with its default cycle (the confirmed 2026-Q1) read."""
    window.show_page("reports")
    reports = window.pages["reports"]
    assert isinstance(reports, ReportsPage)
    reports.refresh()
    finish(qtbot, reports.operation)
    assert reports.current_data() is not None
    return reports


def show_cycle(qtbot: QtBot, page: ReportsPage, name: str) -> None:
    position = page.cycle_combo.findText(name, flags=Qt.MatchFlag.MatchStartsWith)
    assert position >= 0, name
    page.cycle_combo.setCurrentIndex(position)
    finish(qtbot, page.operation)
    data = page.current_data()
    assert data is not None and data.summary.name == name


def unit_means(document: dict[str, Any]) -> dict[str, tuple[int, Decimal]]:
    """Headcount and mean total per unit, worked out from the scorecards of the JSON."""
    totals: dict[str, list[Decimal]] = defaultdict(list)
    for card in document["scorecards"]:
        if card["total"] is not None:
            totals[card["unit"]].append(Decimal(card["total"]))
    return {unit: (len(v), sum(v, Decimal(0)) / len(v)) for unit, v in totals.items()}


# --------------------------------------------------------------------------- hooks and charts


def test_hooks_and_default_cycle(page: ReportsPage, window: MainWindow) -> None:
    assert page.objectName() == "page_reports"
    assert window.findChild(ReportsPage, "page_reports") is page
    assert page.cycle_combo.objectName() == "reportsCycle"
    assert window.findChild(GradeDistributionChart, "gradeDistributionChart") is page.grade_chart
    assert page.grade_chart.objectName() == "gradeDistributionChart"
    assert page.unit_chart.objectName() == "unitTotalsChart"
    assert page.monthly_chart.objectName() == "monthlyTargetChart"
    # Every cycle, newest first; the confirmed one is chosen although Q2 is newer.
    texts = [page.cycle_combo.itemText(i) for i in range(page.cycle_combo.count())]
    assert texts == [f"{Q2} (open)", f"{Q1} (confirmed)"]
    assert page.cycle_combo.currentText() == f"{Q1} (confirmed)"
    assert page.main_view() is None
    assert [a.text() for a in page.toolbar_actions()] == [
        "Report workbook…",
        "Pay sheet…",
        "PDF forms…",
        "Refresh",
    ]
    assert "30 people" in page.info.text() and "frozen" in page.info.text()


@pytest.mark.parametrize("cycle", [Q1, Q2])
def test_charts_show_the_numbers_of_score_json(
    qtbot: QtBot, page: ReportsPage, score_json: dict[str, Any], cycle: str
) -> None:
    if cycle != Q1:
        show_cycle(qtbot, page, cycle)
    document = score_json[cycle]
    grades = document["distribution"]["grades"]
    chart = page.grade_chart
    assert chart.grades() == ["S", "A", "B", "C", "D"]
    assert chart.values() == {
        "quota": [g["quota"] for g in grades],
        "final": [g["count_final"] for g in grades],
    }
    # The bar sets QtCharts draws hold the same numbers.
    assert chart.bar_values() == [
        [float(g["quota"]) for g in grades],
        [float(g["count_final"]) for g in grades],
    ]
    assert sum(chart.values()["final"]) == document["distribution"]["headcount"]
    assert chart.categories() == ["S", "A", "B", "C", "D"]
    assert set(chart.axis_titles()) == {"Grade", "People"}
    assert chart.legend_labels() == ["Quota", "Final"]

    expected = unit_means(document)
    shown = page.unit_chart.values()
    assert [u.path for u in shown] == sorted(expected)
    for unit in shown:
        assert (unit.headcount, unit.mean) == expected[unit.path]
    assert page.unit_chart.bar_values() == pytest.approx([float(u.mean) for u in shown])
    labels = page.unit_chart.categories()
    # Top to bottom on screen is the reverse of QtCharts' category order.
    assert labels[::-1] == [f"{u.label} ({u.headcount})" for u in shown]
    assert all(not u.label.startswith("销售部/") for u in shown)
    assert set(page.unit_chart.axis_titles()) == {"Unit (people)", "Mean total (points)"}


def test_monthly_chart_equals_the_actuals_listing(
    qtbot: QtBot, page: ReportsPage, window: MainWindow
) -> None:
    actuals = ActualsService(window.services.database)
    metric = page.current_metric()
    assert metric is not None and metric.code == "revenue"
    assert page.metric_combo.objectName() == "reportsMetric"
    assert page.unit_combo.currentData() == "销售部"  # the unit above every participant
    chart = page.monthly_chart
    assert chart.months() == ["Jan", "Feb", "Mar"]

    def listing(unit: str, metric: str) -> dict[str, list[Decimal | None]]:
        rows = [
            actuals.actuals(month, metric=metric, subject=unit).rows[0]
            for month in ("2026-01", "2026-02", "2026-03")
        ]
        return {"target": [r.target for r in rows], "actual": [r.actual for r in rows]}

    assert chart.values() == listing("销售部", "revenue")
    assert chart.values()["actual"][0] == Decimal("7112422.65")
    # Money is drawn in 10,000s.
    assert chart.bar_values()[1][0] == pytest.approx(711.242265)
    assert "Revenue (10,000 yuan)" in chart.axis_titles()
    assert chart.legend_labels() == ["Target", "Actual"]
    assert "销售部" in chart.title()

    # Another unit: from what was read already, no new operation.
    before = page.monthly_operation
    assert page.select_unit("销售部/华东区/一组")
    assert page.monthly_operation is before
    assert chart.values() == listing("销售部/华东区/一组", "revenue")

    # Another metric of the scheme: read in the background.
    assert page.select_metric("collection_rate") is not None
    finish(qtbot, page.monthly_operation)
    assert chart.values() == listing("销售部/华东区/一组", "collection_rate")
    assert "Collection rate (%)" in chart.axis_titles()
    codes = [page.metric_combo.itemData(i) for i in range(page.metric_combo.count())]
    assert codes[0] == "revenue" and "new_customers" in codes and "gross_margin_rate" in codes


def test_only_the_last_chosen_cycle_is_shown(
    qtbot: QtBot, page: ReportsPage, score_json: dict[str, Any]
) -> None:
    page.cycle_combo.setCurrentIndex(0)  # Q2, scored live in the background
    first = page.operation
    page.cycle_combo.setCurrentIndex(1)  # back to Q1 before Q2 arrived
    second = page.operation
    assert first is not second
    finish(qtbot, first)
    finish(qtbot, second)
    data = page.current_data()
    assert data is not None and data.summary.name == Q1
    quotas = [g["count_final"] for g in score_json[Q1]["distribution"]["grades"]]
    assert page.grade_chart.values()["final"] == quotas


def test_cancelling_the_reading_leaves_the_charts_empty(qtbot: QtBot, page: ReportsPage) -> None:
    page.cycle_combo.setCurrentIndex(0)
    operation = page.operation
    assert operation is not None
    operation.cancel()
    finish(qtbot, operation)
    assert operation.state is State.CANCELLED
    assert page.current_data() is None
    assert page.grade_chart.values() == {"quota": [], "final": []}
    assert "Cancelled" in page.info.text()
    page.refresh()
    finish(qtbot, page.operation)
    assert page.current_data() is not None


def test_showing_the_page_reads_the_cycle_once(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from salesdesk.ui.pages import reports

    calls: list[str] = []
    real = reports.load_report

    def counting(services: Any, summary: Any, progress: Any) -> Any:
        calls.append(summary.name)
        return real(services, summary, progress)

    monkeypatch.setattr(reports, "load_report", counting)
    page = window.pages["reports"]
    assert isinstance(page, ReportsPage)
    assert page.operation is None  # nothing is read before the page is shown
    window._stale.add("reports")  # as after a change on another page: refresh() on show
    window.show()
    qtbot.waitExposed(window)
    window.show_page("reports")
    qtbot.waitUntil(lambda: page.operation is not None, timeout=5_000)
    finish(qtbot, page.operation)
    qtbot.wait(50)  # the deferred check after showing has run
    assert page.current_data() is not None
    assert calls == [Q1]


def test_short_unit_labels() -> None:
    assert short_unit_labels(["销售部/华东区/一组", "销售部/华南区"]) == {
        "销售部/华东区/一组": "华东区/一组",
        "销售部/华南区": "华南区",
    }
    assert short_unit_labels(["销售部"]) == {"销售部": "销售部"}
    assert short_unit_labels(["销售部", "销售部/华东区"]) == {
        "销售部": "销售部",
        "销售部/华东区": "销售部/华东区",
    }


def test_an_empty_database_says_there_is_no_cycle(main_window: MainWindow) -> None:
    page = main_window.pages["reports"]
    assert isinstance(page, ReportsPage)
    page.refresh()
    assert page.current_cycle() is None
    assert page.operation is None
    assert "No appraisal cycle yet" in page.info.text()
    assert not page.report_action.isEnabled()
    statuses: list[str] = []
    page.status.connect(statuses.append)
    assert page.export_report(Path("x.xlsx")) is None
    assert statuses == ["Choose a cycle first"]


# --------------------------------------------------------------------------- exports


class FakeExports:
    """Stand-ins for the export services: record each call, report progress, write."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = []
        self.started = threading.Event()
        self.hold = False  # wait for Cancel instead of finishing
        self.error: BaseException | None = None
        for module, names in (
            ("salesdesk.services.report_workbook", ("export_report", "export_paysheet")),
            ("salesdesk.services.forms", ("export_forms", "export_rules")),
            ("salesdesk.services.packets", ("export_packets",)),
        ):
            fake = types.ModuleType(module)
            for name in names:
                setattr(fake, name, self._export(name))
            monkeypatch.setitem(sys.modules, module, fake)

    def _export(self, name: str) -> Callable[..., Any]:
        def export(*args: Any, progress: Callable[[int, str], bool], **kwargs: Any) -> Any:
            self.calls.append((name, args, kwargs))
            self.started.set()
            if not progress(10, "writing…"):
                raise UserError("cancelled")
            while self.hold:
                if not progress(50, "writing…"):
                    raise UserError("export cancelled; nothing was written")
                threading.Event().wait(0.01)
            if self.error is not None:
                raise self.error
            target = Path(args[2])
            if name in ("export_forms", "export_packets"):
                written = [target / "S0001_张三.pdf", target / "S0002_李四.pdf"]
                for path in written:
                    path.write_text("x", encoding="utf-8")
                return written
            target.write_text("x", encoding="utf-8")
            return target

        return export


@pytest.fixture
def exports(monkeypatch: pytest.MonkeyPatch) -> FakeExports:
    return FakeExports(monkeypatch)


def statuses_of(page: ReportsPage) -> list[str]:
    seen: list[str] = []
    page.status.connect(seen.append)
    return seen


@pytest.mark.parametrize(
    ("method", "service", "name", "written"),
    [
        ("export_report", "export_report", "report.xlsx", "Wrote the report workbook"),
        ("export_paysheet", "export_paysheet", "pay.xlsx", "Wrote the pay sheet"),
        ("export_forms", "export_forms", "forms", "Wrote 2 PDF forms to"),
        ("export_packets", "export_packets", "packets", "Wrote 2 rating packets to"),
        ("export_rules", "export_rules", "rules.pdf", "Wrote the published rules"),
    ],
)
def test_each_export_calls_its_service_with_the_cycle_and_the_path(
    qtbot: QtBot,
    page: ReportsPage,
    window: MainWindow,
    exports: FakeExports,
    tmp_path: Path,
    method: str,
    service: str,
    name: str,
    written: str,
) -> None:
    target = tmp_path / name
    if "." not in name:
        target.mkdir()
    seen = statuses_of(page)
    operation = getattr(page, method)(target)
    finish(qtbot, operation)
    assert operation.state is State.SUCCEEDED
    assert len(exports.calls) == 1
    called, args, kwargs = exports.calls[0]
    assert called == service
    assert args[0] is window.services.database
    cycle = page.current_cycle()
    assert cycle is not None and cycle.name == Q1
    assert args[1] == (SCHEME if service == "export_rules" else cycle.id)
    assert args[2] == target
    if service == "export_packets":
        assert kwargs == {"rater": None}
    else:
        assert kwargs == {}
    assert seen and seen[-1].startswith(written)
    assert str(target) in seen[-1]
    assert window.status_message.text() == seen[-1]
    assert page.export_note.isVisibleTo(page)
    assert "Open folder" in page.export_note.text()
    assert page.last_export_folder == (target if target.is_dir() else tmp_path)


def test_a_file_gets_its_suffix(
    qtbot: QtBot, page: ReportsPage, exports: FakeExports, tmp_path: Path
) -> None:
    finish(qtbot, page.export_report(tmp_path / "季度报表"))
    finish(qtbot, page.export_rules(tmp_path / "rules.txt"))
    assert [call[1][2] for call in exports.calls] == [
        tmp_path / "季度报表.xlsx",
        tmp_path / "rules.txt.pdf",
    ]
    assert (tmp_path / "季度报表.xlsx").exists()


def test_buttons_ask_for_the_file_or_folder_first(
    qtbot: QtBot,
    page: ReportsPage,
    exports: FakeExports,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[tuple[str, str]] = []
    answer = {"file": "", "folder": ""}

    def save_name(_parent: object, title: str, suggested: str, _filter: str) -> tuple[str, str]:
        asked.append((title, suggested))
        return answer["file"], ""

    def folder(_parent: object, title: str, _start: str) -> str:
        asked.append((title, ""))
        return answer["folder"]

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_name))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(folder))

    # The dialog cancelled: nothing runs.
    page.export_buttons["report"].click()
    assert asked == [("Export report workbook", asked[0][1])]
    assert Path(asked[0][1]).name == f"{Q1} report.xlsx"
    assert exports.calls == []

    answer["file"] = str(tmp_path / "chosen.xlsx")
    page.export_buttons["paysheet"].click()
    finish(qtbot, page.export_operation)
    assert exports.calls[-1][0] == "export_paysheet"
    assert exports.calls[-1][1][2] == tmp_path / "chosen.xlsx"
    assert Path(asked[-1][1]).name == f"{Q1} pay sheet.xlsx"
    # The next dialog starts in the folder of the last export.
    page.export_buttons["rules"].click()
    finish(qtbot, page.export_operation)
    assert Path(asked[-1][1]) == tmp_path / f"{SCHEME} rules.pdf"

    answer["folder"] = str(tmp_path)
    page.export_buttons["forms"].click()
    finish(qtbot, page.export_operation)
    page.export_buttons["packets"].click()
    finish(qtbot, page.export_operation)
    assert [c[0] for c in exports.calls[-2:]] == ["export_forms", "export_packets"]
    assert all(c[1][2] == tmp_path for c in exports.calls[-2:])


def test_cancel_stops_an_export(
    qtbot: QtBot, page: ReportsPage, exports: FakeExports, tmp_path: Path
) -> None:
    exports.hold = True
    seen = statuses_of(page)
    target = tmp_path / "report.xlsx"
    operation = page.export_report(target)
    assert operation is not None
    assert exports.started.wait(10)
    operation.cancel()
    finish(qtbot, operation)
    assert operation.state is State.CANCELLED
    assert not target.exists()
    assert seen == ["Export cancelled; nothing was written"]
    assert not page.export_note.isVisibleTo(page)


def test_a_refused_export_says_why(
    qtbot: QtBot,
    page: ReportsPage,
    exports: FakeExports,
    tmp_path: Path,
    shown_messages: ShownMessages,
) -> None:
    exports.error = UserError("cycle 2026-Q2 is still open: packets only\nmore detail")
    seen = statuses_of(page)
    operation = page.export_packets(tmp_path)
    finish(qtbot, operation)
    assert operation is not None and operation.state is State.FAILED
    assert seen == ["cycle 2026-Q2 is still open: packets only"]
    assert any("still open" in text for text in shown_messages.texts())
    assert page.last_export_folder is None


def test_a_missing_export_module_refuses_with_a_message(
    qtbot: QtBot,
    page: ReportsPage,
    tmp_path: Path,
    shown_messages: ShownMessages,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "salesdesk.services.report_workbook", None)
    seen = statuses_of(page)
    operation = page.export_paysheet(tmp_path / "pay.xlsx")
    finish(qtbot, operation)
    assert operation is not None and operation.state is State.FAILED
    assert seen == ["This export is not available in this version of SalesDesk."]
    assert shown_messages.texts() == seen
    assert not (tmp_path / "pay.xlsx").exists()


# --------------------------------------------------------------------------- Chinese


def test_chinese_labels(qtbot: QtBot, chinese: None, demo_path: Path) -> None:
    window = build_main_window(demo_path)
    qtbot.addWidget(window)
    try:
        page = window.pages["reports"]
        assert isinstance(page, ReportsPage)
        page.refresh()
        finish(qtbot, page.operation)
        assert page.cycle_combo.currentText() == f"{Q1}（已确认）"
        assert page.grade_chart.title() == "等级分布（30 人）"
        assert page.grade_chart.legend_labels() == ["名额", "最终人数"]
        assert set(page.grade_chart.axis_titles()) == {"等级", "人数"}
        assert page.unit_chart.title().startswith("各部门平均总分（全体 ")
        assert page.unit_chart.categories()[-1].endswith("（5 人）")
        monthly = page.monthly_chart
        assert isinstance(monthly, MonthlyTargetChart)
        assert monthly.months() == ["1月", "2月", "3月"]
        assert monthly.categories() == ["1月", "2月", "3月"]
        assert "销售额（万元）" in monthly.axis_titles()
        assert monthly.legend_labels() == ["目标", "实绩"]
        assert monthly.title() == "销售额：各月目标与实绩 — 销售部"
        assert page.metric_combo.currentText() == "销售额"
        assert [b.text() for b in page.export_buttons.values()] == [
            "考核报表…",
            "绩效工资表…",
            "考核表 PDF…",
            "评分包…",
            "方案说明…",
        ]
        assert isinstance(page.unit_chart, UnitTotalsChart)
    finally:
        for operation in running_operations():
            finish(qtbot, operation)
        window.shutdown()
