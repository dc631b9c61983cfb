"""The Targets page: edits through the view's model reach the database as one undo step,
quarter and year edits re-split, pasted blocks are all or nothing, fill, undo/redo, the
test hooks and headers, and the Decompose dialog previewing before it writes."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QSpinBox
from pytestqt.qtbot import QtBot

from salesdesk.services.registry import Services
from salesdesk.services.staff import StaffRow
from salesdesk.services.targets import YEAR_SLOT, Subject, TargetEdit
from salesdesk.ui.main_window import MainWindow
from salesdesk.ui.models.targets_model import COL_CODE, COL_FIRST_SLOT, COL_GAP, COL_YEAR
from salesdesk.ui.pages.targets import TargetsPage

Edit = Qt.ItemDataRole.EditRole
Display = Qt.ItemDataRole.DisplayRole
shows_dialog = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")
COL_Q1 = COL_FIRST_SLOT + 12

ENGLISH_HEADERS = [
    *(["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]),
    "Q1",
    "Q2",
    "Q3",
    "Q4",
    "Year",
]


@pytest.fixture
def page(
    qtbot: QtBot, english: None, services: Services, small_org: dict[str, StaffRow]
) -> TargetsPage:
    widget = TargetsPage(services)
    widget.year_box.setValue(2026)
    qtbot.addWidget(widget)
    return widget


def cell(page: TargetsPage, code: str, column: int) -> QModelIndex:
    model = page.grid.model()
    for row in range(model.rowCount()):
        if model.index(row, COL_CODE).data(Display) == code:
            return model.index(row, column)
    raise AssertionError(f"{code} is not shown")


def months(services: Services, person: StaffRow) -> list[Any]:
    grid = services.targets.grid(2026, "revenue")
    row = grid.rows[grid.position(Subject.staff(person.id)) or 0]
    return list(row.values)


def select_block(page: TargetsPage, top_left: QModelIndex, bottom_right: QModelIndex) -> None:
    page.grid.setCurrentIndex(top_left)
    page.grid.selectionModel().select(
        QItemSelection(top_left, bottom_right), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )


def test_hooks_and_headers(page: TargetsPage) -> None:
    assert page.objectName() == "page_targets"
    assert page.main_view() is page.grid and page.grid.objectName() == "targetsGrid"
    assert isinstance(page.findChild(QSpinBox, "targetsYear"), QSpinBox)
    metric = page.findChild(QComboBox, "targetsMetric")
    assert metric.itemData(0) == "revenue" and metric.itemText(0) == "Revenue"
    dimension = page.findChild(QComboBox, "targetsDimension")
    assert dimension.itemData(0) is None and dimension.itemText(0) == "All"
    level = page.findChild(QComboBox, "targetsLevel")
    assert [level.itemData(i) for i in range(level.count())] == ["people", "units"]
    model = page.grid.model()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers[COL_FIRST_SLOT : COL_YEAR + 1] == ENGLISH_HEADERS
    assert headers[COL_GAP] == "Gap"
    assert model.index(0, COL_CODE).data(Display) == "销售部"


def test_chinese_headers(qtbot: QtBot, chinese: None, services: Services) -> None:
    widget = TargetsPage(services)
    qtbot.addWidget(widget)
    model = widget.grid.model()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers[COL_FIRST_SLOT : COL_YEAR + 1] == [f"{m}月" for m in range(1, 13)] + [
        "Q1",
        "Q2",
        "Q3",
        "Q4",
        "全年",
    ]
    assert headers[COL_GAP] == "差额"


def test_month_edit_writes_and_updates_totals(
    page: TargetsPage, services: Services, small_org: dict[str, StaffRow]
) -> None:
    assert page.grid.model().setData(cell(page, "S002", COL_FIRST_SLOT), "1,000.50", Edit)
    assert months(services, small_org["S002"])[0] == Decimal("1000.50")
    assert cell(page, "S002", COL_Q1).data(Display) == "1,000.50"
    assert cell(page, "S002", COL_YEAR).data(Display) == "1,000.50"
    assert cell(page, "销售部/华东区/一组", COL_YEAR).data(Display) == "1,000.50"
    assert page.undo_stack.count() == 1
    page.undo_stack.undo()
    assert months(services, small_org["S002"])[0] is None
    assert cell(page, "S002", COL_YEAR).data(Display) == ""
    page.undo_stack.redo()
    assert cell(page, "S002", COL_YEAR).data(Display) == "1,000.50"


def test_year_edit_resplits_and_undo_restores_months(
    page: TargetsPage, services: Services, small_org: dict[str, StaffRow]
) -> None:
    model = page.grid.model()
    assert model.setData(cell(page, "S003", COL_FIRST_SLOT), "100", Edit)
    assert model.setData(cell(page, "S003", COL_FIRST_SLOT + 1), "200", Edit)
    assert model.setData(cell(page, "S003", COL_YEAR), "1000", Edit)
    values = months(services, small_org["S003"])
    assert values[:2] == [Decimal("333.33"), Decimal("666.67")]
    assert values[YEAR_SLOT] == Decimal("1000.00")
    page.undo_stack.undo()
    assert months(services, small_org["S003"])[:2] == [Decimal("100.00"), Decimal("200.00")]
    assert cell(page, "S003", COL_YEAR).data(Display) == "300.00"


def test_paste_block_is_one_undo_step(
    page: TargetsPage, services: Services, small_org: dict[str, StaffRow]
) -> None:
    start = cell(page, "S002", COL_FIRST_SLOT)
    select_block(page, start, start)
    assert page.grid.paste("1\t2\t3\n4\t5\t6\n") == 6
    assert months(services, small_org["S002"])[:3] == [Decimal(1), Decimal(2), Decimal(3)]
    assert months(services, small_org["S003"])[:3] == [Decimal(4), Decimal(5), Decimal(6)]
    assert page.undo_stack.count() == 1
    page.undo_stack.undo()
    assert months(services, small_org["S003"])[:3] == [None, None, None]


def test_paste_with_negative_cell_changes_nothing(
    page: TargetsPage, services: Services, small_org: dict[str, StaffRow], shown_messages: Any
) -> None:
    seen: list[str] = []
    page.status.connect(seen.append)
    start = cell(page, "S002", COL_FIRST_SLOT)
    select_block(page, start, start)
    assert page.grid.paste("1\t-2\t3\n4\tabc\t6") == 0
    assert months(services, small_org["S002"])[:3] == [None, None, None]
    assert page.undo_stack.count() == 0
    assert shown_messages.shown and "Feb" in shown_messages.shown[0][2]
    assert "2 value(s) refused" in seen[-1]


def test_fill_down(page: TargetsPage, services: Services, small_org: dict[str, StaffRow]) -> None:
    assert page.grid.model().setData(cell(page, "S002", COL_FIRST_SLOT), "50", Edit)
    select_block(page, cell(page, "S002", COL_FIRST_SLOT), cell(page, "S003", COL_FIRST_SLOT))
    assert page.fill(down=True) == 1
    assert months(services, small_org["S003"])[0] == Decimal("50.00")
    select_block(page, cell(page, "S002", COL_FIRST_SLOT), cell(page, "S002", COL_FIRST_SLOT + 2))
    assert page.fill(down=False) == 2
    assert months(services, small_org["S002"])[:3] == [Decimal("50.00")] * 3


@shows_dialog
def test_decompose_previews_then_applies(
    page: TargetsPage, services: Services, small_org: dict[str, StaffRow]
) -> None:
    group = next(u for u in services.staff.list_units() if u.path == "销售部/华东区/一组")
    page.level_box.setCurrentIndex(1)
    assert page.grid.model().setData(cell(page, "销售部/华东区/一组", COL_YEAR), "1200", Edit)
    page.select_subject(Subject.unit(group.id))
    dialog = page.open_decompose()
    assert dialog is not None and dialog.isVisible()
    preview = dialog.preview()
    assert preview is not None
    assert [line.after_total for line in preview.lines] == [Decimal("600.00")] * 2
    assert months(services, small_org["S002"])[YEAR_SLOT] is None
    assert dialog.table.rowCount() == 2
    assert dialog.apply() is not None
    assert months(services, small_org["S002"])[YEAR_SLOT] == Decimal("600.00")
    steps = page.undo_stack.count()
    page.undo_stack.undo()
    assert page.undo_stack.count() == steps
    assert months(services, small_org["S002"])[YEAR_SLOT] is None


def test_seasonality_panel_edits_the_profile(
    page: TargetsPage, services: Services, small_org: dict[str, StaffRow]
) -> None:
    profile = services.targets.create_profile("Busy winter", [1] * 11 + [3])
    page.select_subject(Subject.staff(small_org["S002"].id))
    page.profile_box.setCurrentIndex(page.profile_box.findData(profile.id))
    page._profile_chosen(page.profile_box.currentIndex())
    assert services.targets.profile_for(Subject.staff(small_org["S002"].id)).own
    page.season.spins[0].setValue(2.0)
    assert services.targets.list_profiles()[0].weights[0] == Decimal(2)


def test_window_loads_the_targets_page(main_window: MainWindow) -> None:
    main_window.show_page("targets")
    page = main_window.current_page()
    assert isinstance(page, TargetsPage) and page.objectName() == "page_targets"
    main_window.pages["targets"].search("nobody")
    assert page.grid.model().rowCount() == 0


def test_stale_edit_reloads(
    page: TargetsPage, services: Services, small_org: dict[str, StaffRow]
) -> None:
    assert page.grid.model().setData(cell(page, "S002", COL_FIRST_SLOT), "10", Edit)
    services.targets.set_values(
        "revenue", [TargetEdit(Subject.staff(small_org["S002"].id), "2026-01", Decimal("20"))]
    )
    seen: list[str] = []
    page.status.connect(seen.append)
    assert not page.grid.model().setData(cell(page, "S002", COL_FIRST_SLOT), "30", Edit)
    assert "changed elsewhere" in seen[-1]
    assert cell(page, "S002", COL_FIRST_SLOT).data(Display) == "20.00"
