"""The Targets page: edits through the view's model reach the database as one undo step,
quarter and year edits re-split, pasted blocks are all or nothing, fill, undo/redo, the
test hooks and headers, and the Decompose dialog previewing before it writes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QSpinBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from salesdesk.db.models import Customer, SalesCredit, SalesLine, Staff, UnitMembership
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


def unit_of(services: Services, path: str) -> int:
    return next(u.id for u in services.staff.list_units() if u.path == path)


def unit_months(services: Services, path: str) -> list[Any]:
    grid = services.targets.grid(2026, "revenue", level="units")
    row = grid.rows[grid.position(Subject.unit(unit_of(services, path))) or 0]
    return list(row.own[:12])


def sell(services: Services, person: StaffRow, day: date, amount: str, n: int) -> None:
    with services.database.transaction() as s:
        customer = Customer(name=f"客户{n}")
        s.add(customer)
        s.flush()
        line = SalesLine(
            line_date=day,
            order_no=f"O{n}",
            line_key=f"O{n}|1",
            customer_id=customer.id,
            amount=Decimal(amount),
        )
        s.add(line)
        s.flush()
        s.add(SalesCredit(sales_line_id=line.id, staff_id=person.id, share=Decimal(100)))


@shows_dialog
def test_decompose_to_sub_units_with_a_profile_choice_is_one_undo_step(
    page: TargetsPage, services: Services
) -> None:
    heavy = services.targets.create_profile("December heavy", [1] * 11 + [12])
    page.level_box.setCurrentIndex(1)
    assert page.grid.model().setData(cell(page, "销售部", COL_YEAR), "2300", Edit)
    steps = page.undo_stack.count()
    page.select_subject(Subject.unit(unit_of(services, "销售部")))
    dialog = page.open_decompose()
    assert dialog is not None and dialog.sub_units.isChecked()
    names = [dialog.profile.itemText(i) for i in range(dialog.profile.count())]
    assert names == ["Each member's own profile", "Even", "December heavy"]
    dialog.profile.setCurrentIndex(dialog.profile.findData(heavy.id))
    preview = dialog.preview()
    assert preview is not None
    assert [(line.code, line.after_total) for line in preview.lines] == [
        ("销售部/华东区", Decimal("1150.00")),
        ("销售部/华南区", Decimal("1150.00")),
    ]
    assert preview.lines[0].after[11] == Decimal("600.00")  # 12 of 23 weights
    assert "2 of them sub-units" in dialog.summary.text()
    assert unit_months(services, "销售部/华东区") == [None] * 12  # nothing written yet
    # A changed choice needs a new preview.
    dialog.profile.setCurrentIndex(1)
    assert not dialog.apply_button.isEnabled()
    assert dialog.preview() is not None and dialog.apply_button.isEnabled()
    assert dialog.apply() is not None
    assert unit_months(services, "销售部/华东区")[:2] == [Decimal("95.84"), Decimal("95.84")]
    assert cell(page, "销售部/华东区", COL_YEAR).data(Display) == "1,150.00"
    assert cell(page, "销售部", COL_GAP).data(Display) == "0.00"
    assert page.undo_stack.count() == steps + 1
    page.undo_stack.undo()
    assert unit_months(services, "销售部/华东区") == [None] * 12
    assert cell(page, "销售部/华南区", COL_YEAR).data(Display) == ""


@shows_dialog
def test_decompose_by_hand_to_a_person_and_a_team(
    page: TargetsPage, services: Services, small_org: dict[str, StaffRow]
) -> None:
    page.level_box.setCurrentIndex(1)
    assert page.grid.model().setData(cell(page, "销售部/华东区", COL_YEAR), "1000", Edit)
    dialog = page.open_decompose(unit_of(services, "销售部/华东区"))
    assert dialog is not None
    dialog.method.setCurrentIndex(dialog.method.findData("hand"))
    first = dialog.preview()
    assert first is not None and [line.code for line in first.lines] == [
        "S001",
        "销售部/华东区/一组",
    ]
    dialog.table.item(0, 3).setText("250")
    dialog.table.item(1, 3).setText("750")
    assert dialog.preview() is not None
    assert dialog.apply() is not None
    assert months(services, small_org["S001"])[YEAR_SLOT] == Decimal("250.00")
    assert sum(unit_months(services, "销售部/华东区/一组"), Decimal(0)) == Decimal("750.00")


@shows_dialog
def test_profile_from_history_previews_saves_and_assigns(
    page: TargetsPage, services: Services, small_org: dict[str, StaffRow]
) -> None:
    sell(services, small_org["S002"], date(2024, 1, 10), "100", 1)
    sell(services, small_org["S002"], date(2025, 1, 10), "300", 2)
    sell(services, small_org["S003"], date(2025, 2, 10), "100", 3)
    sell(services, small_org["S004"], date(2025, 3, 10), "900", 4)
    group = Subject.unit(unit_of(services, "销售部/华东区/一组"))
    page.select_subject(group)
    dialog = page.open_profile_history()
    assert dialog is not None and dialog.isVisible()
    assert [dialog.years.item(i).text() for i in range(dialog.years.count())] == ["2025", "2024"]
    dialog.set_years([2025])
    weights = dialog.preview()
    # 一组 in 2025: January 300, February 100 (average 200) — March is 华南区's.
    assert weights is not None and weights[:3] == (
        Decimal("1.5000"),
        Decimal("0.5000"),
        Decimal("1.0000"),
    )
    assert dialog.preview_weights.spins[0].value() == 1.5
    assert services.targets.list_profiles() == []  # nothing saved by a preview
    dialog.name.setText("一组 2025")
    assert dialog.save() is not None
    resolved = services.targets.profile_for(group)
    assert resolved.own and resolved.profile is not None
    assert resolved.profile.name == "一组 2025" and resolved.profile.derived_from == "2025"
    assert page.profile_box.currentText() == "一组 2025"
    assert page.season.spins[1].value() == 0.5
    # The whole company's history instead, under a name already taken: refused, kept open.
    again = page.open_profile_history()
    assert again is not None
    again.scope.setCurrentIndex(1)
    again.name.setText("一组 2025")
    assert again.save() is None and "exists already" in again.summary.text()
    again.reject()


def test_even_resets_the_weights_shown(
    page: TargetsPage, services: Services, small_org: dict[str, StaffRow]
) -> None:
    profile = services.targets.create_profile("Lumpy", [3] + [1] * 11)
    person = Subject.staff(small_org["S002"].id)
    services.targets.assign_profile(person, profile.id)
    page.select_subject(Subject.staff(small_org["S003"].id))
    page.select_subject(person)
    assert page.even_button.isEnabled() and page.history_button.isEnabled()
    assert page.reset_even() is not None
    assert services.targets.list_profiles()[0].weights == (Decimal(1),) * 12
    assert [spin.value() for spin in page.season.spins] == [1.0] * 12
    assert not page.even_button.isEnabled()


def test_gap_follows_membership_by_month(
    page: TargetsPage, services: Services, small_org: dict[str, StaffRow]
) -> None:
    south = unit_of(services, "销售部/华南区")
    group = unit_of(services, "销售部/华东区/一组")
    with services.database.transaction() as s:
        current = s.scalars(
            select(UnitMembership).where(UnitMembership.staff_id == small_org["S004"].id)
        ).one()
        current.valid_to = date(2026, 7, 1)
        s.add(
            UnitMembership(
                staff_id=small_org["S004"].id, unit_id=group, valid_from=date(2026, 7, 1)
            )
        )
        person = s.get(Staff, small_org["S004"].id)
        assert person is not None
        person.unit_id = group
    services.targets.set_values(
        "revenue", [TargetEdit(Subject.unit(south), "2026", Decimal("600"))]
    )
    page.refresh()
    # Listed under 一组 now; its year typed in spreads evenly (by 100 a month).
    assert page.grid.model().setData(cell(page, "S004", COL_YEAR), "1200", Edit)
    assert cell(page, "销售部/华南区", COL_YEAR).data(Display) == "600.00"  # Jan–Jun
    assert cell(page, "销售部/华南区", COL_GAP).data(Display) == "0.00"
    assert cell(page, "销售部/华东区/一组", COL_YEAR).data(Display) == "600.00"  # Jul–Dec
    assert cell(page, "销售部/华南区", COL_FIRST_SLOT + 6).data(Display) == ""


def test_splitter_and_column_widths_are_remembered(
    qtbot: QtBot, make_window: Any, db_path: Path
) -> None:
    first = make_window(db_path)
    first.show()
    qtbot.waitExposed(first)
    first.resize(760, 560)
    first.show_page("targets")
    page = first.pages["targets"]
    assert page.splitter.objectName() == "targetsSplitter"
    side = page.splitter.sizes()[1]
    assert side >= page.side.minimumSizeHint().width()
    assert all(not spin.visibleRegion().isEmpty() for spin in page.season.spins)
    page.splitter.setSizes([300, side + 40])
    wanted = page.splitter.sizes()
    page.grid.horizontalHeader().resizeSection(COL_CODE, 211)
    first.close()

    second = make_window(db_path)
    second.show()
    qtbot.waitExposed(second)
    again = second.pages["targets"]
    assert again.grid.horizontalHeader().sectionSize(COL_CODE) == 211
    assert again.splitter.sizes()[1] == wanted[1]
