"""The Actuals page's models: Qt's model checks, formats by unit, proxies."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt

from salesdesk.domain.metrics import MetricUnit
from salesdesk.services import imports
from salesdesk.services.actuals import ActualsService
from salesdesk.services.import_history import ImportHistoryService
from salesdesk.services.manual_metrics import ManualEdit, ManualMetricsService, Subject
from salesdesk.services.registry import Services
from salesdesk.services.staff import StaffRow
from salesdesk.ui.models.import_history_model import COL_ADDED, COL_KIND, ImportHistoryModel
from salesdesk.ui.models.manual_metrics_model import (
    COL_CODE,
    COL_FIRST_MONTH,
    COL_FIRST_QUARTER,
    COL_YEAR,
    GridProxy,
    ManualMetricsModel,
    edit_text,
    format_value,
)
from salesdesk.ui.models.metric_view_model import PERIOD_ROLE, MetricViewModel
from tests.unit.workbooks import write_xlsx

Display = Qt.ItemDataRole.DisplayRole
D = Decimal


def test_formats_follow_the_metric_unit() -> None:
    assert format_value(MetricUnit.MONEY, D("1234567.5")) == "1,234,567.50"
    assert format_value(MetricUnit.PERCENT, D("0.9512")) == "95.1%"
    assert format_value(MetricUnit.COUNT, D("1200")) == "1,200"
    assert format_value(MetricUnit.COUNT, D("12.5")) == "12.50"
    assert format_value(MetricUnit.POINTS, D("87.25")) == "87.3"
    assert format_value(MetricUnit.MONEY, None) == ""
    assert edit_text(MetricUnit.PERCENT, D("0.955000")) == "95.5%"
    assert edit_text(MetricUnit.MONEY, D("12")) == "12.00"


def test_manual_model_and_proxy_pass_qt_model_checks(
    qtmodeltester, services: Services, small_org: dict[str, StaffRow]
) -> None:
    service = ManualMetricsService(services.database)
    subject = Subject("staff", small_org["S002"].id)
    service.set_values([ManualEdit("complaint_ontime_rate", subject, "2026-02", "95%", None)])
    model = ManualMetricsModel(service)
    model.load("complaint_ontime_rate", 2026)
    qtmodeltester.check(model)
    row = model.row_of(subject)
    assert row is not None
    assert model.index(row, COL_FIRST_MONTH + 1).data(Display) == "95.0%"
    assert model.index(row, COL_FIRST_QUARTER).data(Display) == "95.0%"
    assert model.index(row, COL_YEAR).data(Display) == "95.0%"
    assert model.flags(model.index(row, COL_FIRST_MONTH)) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(row, COL_YEAR)) & Qt.ItemFlag.ItemIsEditable
    assert model.headerData(COL_FIRST_MONTH, Qt.Orientation.Horizontal) == "Jan"
    assert model.headerData(COL_YEAR, Qt.Orientation.Horizontal) == "Year"
    proxy = GridProxy()
    proxy.setSourceModel(model)
    proxy.sort(COL_FIRST_MONTH + 1, Qt.SortOrder.DescendingOrder)
    assert proxy.index(0, COL_CODE).data(Display) == "S002"
    proxy.sort(-1)  # back to the grouped order
    proxy.set_search("华南")
    assert [proxy.index(r, COL_CODE).data(Display) for r in range(proxy.rowCount())] == [
        "销售部/华南区",
        "S004",
    ]
    qtmodeltester.check(proxy)


def test_history_model_passes_checks(
    qtmodeltester, services: Services, small_org: dict[str, StaffRow], tmp_path: Path
) -> None:
    path = write_xlsx(
        tmp_path / "visits.xlsx",
        [["工号", "期间", "指标", "数值"], ["S002", "2026-01", "visits", 7]],
    )
    imports.import_file(services.database, "metrics", path)
    model = ImportHistoryModel()
    model.set_batches(ImportHistoryService(services.database).list_batches())
    qtmodeltester.check(model)
    assert model.index(0, COL_KIND).data(Display) == "Manual metrics"
    assert model.index(0, COL_ADDED).data(Display) == "1"


def test_metric_view_model_passes_checks(
    qtmodeltester, services: Services, small_org: dict[str, StaffRow]
) -> None:
    service = ManualMetricsService(services.database)
    subject = Subject("staff", small_org["S003"].id)
    service.set_values([ManualEdit("visits", subject, "2026-04", "12", None)])
    model = MetricViewModel()
    model.set_grid(ActualsService(services.database).monthly("visits", [], 2026))
    qtmodeltester.check(model)
    row = next(r for r in range(model.rowCount()) if model.index(r, COL_CODE).data() == "S003")
    assert model.index(row, COL_FIRST_MONTH + 3).data(Display) == "12"
    assert model.index(row, COL_FIRST_MONTH + 3).data(PERIOD_ROLE) == "2026-04"
    assert model.index(row, COL_FIRST_QUARTER + 1).data(PERIOD_ROLE) == "2026-Q2"
    assert model.index(row, COL_YEAR).data(PERIOD_ROLE) == "2026"
