"""The Actuals page: manual values edited through the grid reach the database as one undo
step each (pastes too), refused values change nothing, an import shows in the history and
can be undone, and the metric view computes values and lists the lines behind one."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot

from salesdesk.services.manual_metrics import ManualMetricsService, Subject
from salesdesk.services.registry import Services
from salesdesk.services.staff import StaffRow
from salesdesk.ui.models.manual_metrics_model import (
    COL_CODE,
    COL_FIRST_MONTH,
    COL_FIRST_QUARTER,
    COL_YEAR,
)
from salesdesk.ui.pages.actuals import TAB_HISTORY, TAB_MANUAL, TAB_VIEW, ActualsPage
from tests.gui.conftest import finish
from tests.unit.workbooks import write_xlsx

Edit = Qt.ItemDataRole.EditRole
Display = Qt.ItemDataRole.DisplayRole
D = Decimal
shows_dialog = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")


@pytest.fixture
def page(qtbot: QtBot, services: Services, small_org: dict[str, StaffRow]) -> ActualsPage:
    widget = ActualsPage(services)
    qtbot.addWidget(widget)
    widget.manual_year.setValue(2026)
    widget.view_year.setValue(2026)
    finish(qtbot, widget.manual_operation)
    return widget


def choose(page: ActualsPage, qtbot: QtBot, combo: Any, code: str) -> None:
    """Pick a metric and wait until its grid is read (manual) or computed (view)."""
    combo.setCurrentIndex(combo.findData(code))
    operation = page.manual_operation if combo is page.manual_metric else page.view_operation
    finish(qtbot, operation)


def cell(view: Any, code: str, column: int) -> QModelIndex:
    model = view.model()
    for row in range(model.rowCount()):
        if model.index(row, COL_CODE).data(Display) == code:
            return model.index(row, column)
    raise AssertionError(f"{code} is not shown")


def month_values(services: Services, metric: str, subject: Subject) -> tuple[Any, ...]:
    grid = ManualMetricsService(services.database).grid(metric, 2026)
    return next(r for r in grid.rows if r.subject == subject).months


def test_page_exposes_its_hooks(page: ActualsPage) -> None:
    assert page.objectName() == "page_actuals"
    assert [a.text() for a in page.toolbar_actions()] == ["Import…", "Undo import"]
    page.tabs.setCurrentIndex(TAB_MANUAL)
    assert page.main_view() is page.manual_grid
    assert page.manual_grid.objectName() == "manualMetricsGrid"
    headers = [
        page.manual_grid.model().headerData(c, Qt.Orientation.Horizontal)
        for c in (COL_FIRST_MONTH, COL_FIRST_QUARTER, COL_YEAR)
    ]
    assert headers == ["Jan", "Q1", "Year"]


def test_edit_writes_database_updates_quarter_and_undoes(
    qtbot: QtBot, page: ActualsPage, services: Services, small_org: dict[str, StaffRow]
) -> None:
    page.tabs.setCurrentIndex(TAB_MANUAL)
    choose(page, qtbot, page.manual_metric, "visits")
    s2 = Subject("staff", small_org["S002"].id)
    model = page.manual_grid.model()
    assert model.setData(cell(page.manual_grid, "S002", COL_FIRST_MONTH), "7", Edit)
    assert model.setData(cell(page.manual_grid, "S002", COL_FIRST_MONTH + 2), "5", Edit)
    assert month_values(services, "visits", s2)[:3] == (D(7), None, D(5))
    assert cell(page.manual_grid, "S002", COL_FIRST_QUARTER).data(Display) == "12"
    assert cell(page.manual_grid, "S002", COL_YEAR).data(Display) == "12"
    assert page.undo_stack.count() == 2
    page.undo_stack.undo()
    assert month_values(services, "visits", s2)[2] is None
    assert cell(page.manual_grid, "S002", COL_FIRST_QUARTER).data(Display) == "7"
    page.undo_stack.redo()
    assert month_values(services, "visits", s2)[2] == D(5)
    # Deleting through the grid (Delete key path) is an undo step too.
    page.manual_grid.setCurrentIndex(cell(page.manual_grid, "S002", COL_FIRST_MONTH))
    assert page.manual_grid.clear_selection_cells() == 1
    assert month_values(services, "visits", s2)[0] is None
    page.undo_stack.undo()
    assert month_values(services, "visits", s2)[0] == D(7)


def test_refused_edit_keeps_old_value_and_says_why(
    qtbot: QtBot, page: ActualsPage, services: Services, small_org: dict[str, StaffRow]
) -> None:
    seen: list[str] = []
    page.status.connect(seen.append)
    page.tabs.setCurrentIndex(TAB_MANUAL)
    choose(page, qtbot, page.manual_metric, "complaint_ontime_rate")
    index = cell(page.manual_grid, "S003", COL_FIRST_MONTH)
    assert page.manual_grid.model().setData(index, "95%", Edit)
    assert not page.manual_grid.model().setData(index, "95", Edit)
    index = cell(page.manual_grid, "S003", COL_FIRST_MONTH)
    assert index.data(Display) == "95.0%"
    assert "more than 1" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert seen and "more than 1" in seen[-1]
    assert page.undo_stack.count() == 1


def test_paste_block_is_one_undo_step(
    qtbot: QtBot, page: ActualsPage, services: Services, small_org: dict[str, StaffRow]
) -> None:
    page.tabs.setCurrentIndex(TAB_MANUAL)
    choose(page, qtbot, page.manual_metric, "satisfaction")
    page.manual_grid.setCurrentIndex(cell(page.manual_grid, "S002", COL_FIRST_MONTH))
    # S002 and S003 are next to each other under 一组: a 2 × 2 block from Excel.
    assert page.manual_grid.paste("90\t80\r\n70\t85.5\r\n") == 4
    s2, s3 = (Subject("staff", small_org[c].id) for c in ("S002", "S003"))
    assert month_values(services, "satisfaction", s2)[:2] == (D(90), D(80))
    assert month_values(services, "satisfaction", s3)[:2] == (D(70), D("85.5"))
    assert cell(page.manual_grid, "S003", COL_FIRST_QUARTER).data(Display) == "77.8"
    assert page.undo_stack.count() == 1
    page.undo_stack.undo()
    assert month_values(services, "satisfaction", s2)[:2] == (None, None)
    assert month_values(services, "satisfaction", s3)[:2] == (None, None)


def test_refused_paste_changes_nothing(
    qtbot: QtBot,
    page: ActualsPage,
    services: Services,
    small_org: dict[str, StaffRow],
    shown_messages: Any,
) -> None:
    page.tabs.setCurrentIndex(TAB_MANUAL)
    choose(page, qtbot, page.manual_metric, "visits")
    page.manual_grid.setCurrentIndex(cell(page.manual_grid, "S002", COL_FIRST_MONTH))
    assert page.manual_grid.paste("3\t4\n2.5\tmany\n") == 0
    s2 = Subject("staff", small_org["S002"].id)
    assert month_values(services, "visits", s2)[:2] == (None, None)
    assert page.undo_stack.count() == 0
    text = "\n".join(shown_messages.texts())
    assert "S003 Jan" in text and "not a whole number" in text and "S003 Feb" in text


def test_search_filters_the_current_tab(page: ActualsPage) -> None:
    page.tabs.setCurrentIndex(TAB_MANUAL)
    page.search("S004")
    assert page.manual_grid.model().rowCount() == 1
    page.tabs.setCurrentIndex(TAB_HISTORY)
    assert page.manual_proxy.search_words() == ()
    page.search("")


@shows_dialog
def test_import_lists_a_batch_and_undo_removes_it(
    page: ActualsPage,
    services: Services,
    small_org: dict[str, StaffRow],
    qtbot: QtBot,
    tmp_path: Path,
    shown_messages: Any,
) -> None:
    path = write_xlsx(
        tmp_path / "拜访.xlsx",
        [
            ["工号", "期间", "指标", "数值"],
            ["S002", "2026-01", "有效拜访数", 7],
            ["S003", "2026年2月", "visits", 4],
        ],
    )
    finish(qtbot, page.import_file("metrics", path))
    dialog = page.preview_dialog
    assert dialog is not None and dialog.preview.can_import
    assert dialog.preview.counts[0][1] == 2
    dialog.import_requested.emit()
    finish(qtbot, page.operation)
    assert page.history_model.rowCount() == 1
    batch = page.history_model.batch_at(0)
    assert (batch.file_name, batch.kind, batch.added) == ("拜访.xlsx", "metrics", 2)
    s2 = Subject("staff", small_org["S002"].id)
    assert month_values(services, "visits", s2)[0] == D(7)
    # The manual grid shows the imported values at once.
    choose(page, qtbot, page.manual_metric, "visits")
    assert cell(page.manual_grid, "S002", COL_FIRST_MONTH).data(Display) == "7"

    page.select_batch(batch.id)
    assert page.undo_import_action.isEnabled()
    finish(qtbot, page.undo_import())
    assert any("Undo the import of 拜访.xlsx" in t for t in shown_messages.texts("question"))
    assert month_values(services, "visits", s2)[0] is None
    assert page.history_model.batch_at(0).undone
    assert not page.undo_import_action.isEnabled()
    finish(qtbot, page.manual_operation)  # the grid reloads in the background
    assert cell(page.manual_grid, "S002", COL_FIRST_MONTH).data(Display) == ""
    # A second undo of the same batch is refused with the reason.
    finish(qtbot, page.undo_import(batch.id))
    assert any("already undone" in t for t in shown_messages.texts("warning"))


@shows_dialog
def test_import_with_errors_shows_them_and_writes_nothing(
    page: ActualsPage, small_org: dict[str, StaffRow], qtbot: QtBot, tmp_path: Path
) -> None:
    path = write_xlsx(
        tmp_path / "bad.xlsx",
        [["工号", "期间", "指标", "数值"], ["S999", "2026-01", "visits", 7]],
    )
    finish(qtbot, page.import_file("metrics", path))
    dialog = page.preview_dialog
    assert dialog is not None and not dialog.preview.can_import
    assert page.history_model.rowCount() == 0


@shows_dialog
def test_metric_view_computes_and_lists_lines_behind(
    page: ActualsPage,
    services: Services,
    small_org: dict[str, StaffRow],
    qtbot: QtBot,
    tmp_path: Path,
) -> None:
    from salesdesk.services import imports

    path = write_xlsx(
        tmp_path / "ledger.xlsx",
        [
            ["日期", "单号", "业务员", "客户", "产品线", "金额", "成本"],
            ["2026-03-05", "SO1", "S002", "甲公司", "工业泵", 12000, 8000],
            ["2026-03-20", "SO2", "S002", "乙公司", "阀门", 3000.5, 2000],
            ["2026-04-02", "SO3", "S003", "甲公司", "工业泵", 5000, 3000],
        ],
    )
    imports.import_file(services.database, "ledger", path)
    page.refresh()
    page.tabs.setCurrentIndex(TAB_VIEW)
    choose(page, qtbot, page.view_metric, "revenue")
    assert cell(page.view_table, "S002", COL_FIRST_MONTH + 2).data(Display) == "15,000.50"
    assert cell(page.view_table, "S002", COL_FIRST_QUARTER).data(Display) == "15,000.50"
    assert cell(page.view_table, "S003", COL_YEAR).data(Display) == "5,000.00"
    assert cell(page.view_table, "销售部/华东区/一组", COL_YEAR).data(Display) == "20,000.50"
    page.view_table.doubleClicked.emit(cell(page.view_table, "S002", COL_FIRST_MONTH + 2))
    finish(qtbot, page.operation)
    dialog = page.lines_dialog
    assert dialog is not None and dialog.isVisible() and not dialog.isModal()
    assert [d.order_no for d in dialog.details] == ["SO1", "SO2"]
    assert dialog.model.rowCount() == 2
    assert "15,000.50" in dialog.summary.text()
    dialog.close()
