"""The Audit page on a copy of the demo company with a few known entries: the table lists
the log newest first and passes Qt's model checks; the date, person, cycle and kind
filters, the Clear button and the window's search box change the rows shown; the time
header turns the order round; pages are read as the table scrolls; the detail pane shows
the whole entry; the export writes every matching entry; the labels are Chinese in Chinese;
the page reads the log again after another page changed data."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QDate, QModelIndex, Qt
from pytestqt.qtbot import QtBot

from salesdesk.services import audit
from salesdesk.services.audit_log import PAGE_SIZE, AuditQuery, AuditService
from salesdesk.services.registry import Services
from salesdesk.ui.main_window import MainWindow
from salesdesk.ui.models.audit_model import COL_CHANGE, COL_REASON, COL_TIME, COL_WHAT
from salesdesk.ui.operations import running_operations
from salesdesk.ui.pages.audit import AuditPage
from tests.gui.conftest import finish

Display = Qt.ItemDataRole.DisplayRole
LONG_NOTE = "面谈记录：" + "客户拜访计划需细化到周。" * 30


@pytest.fixture
def demo_path(demo_file: Path, tmp_path: Path) -> Path:
    """The demo with entries of January to March 2025 (people S0003 to S0005, both
    cycles, ratings, a key task, a staff edit with a long note)."""
    path = tmp_path / "demo.db"
    shutil.copy(demo_file, path)
    services = Services.open(path)
    try:
        staff = {row.code: row.id for row in services.staff.list_staff()}

        def known(at: datetime, code: str, cycle: int | None, entity: str, **kw: Any) -> Any:
            return audit.entry(
                at=at, user="tester", entity=entity, staff_id=staff[code], cycle_id=cycle, **kw
            )

        entries = [
            known(datetime(2025, 1, 10, 9), "S0003", 1, "rating", action="update",
                  field="rating", old=3, new=4, reason="复核后调整"),
            known(datetime(2025, 2, 15, 14), "S0004", 2, "key_task", action="create",
                  field="weight", new=30),
            known(datetime(2025, 3, 20, 18), "S0005", None, "staff", action="update",
                  field="pay_base", old="3000.00", new="3500.00", reason=LONG_NOTE),
        ]  # fmt: skip
        with services.database.transaction() as s:
            audit.record_many(s, entries)
    finally:
        services.close()
    return path


@pytest.fixture
def services(demo_path: Path) -> Iterator[Services]:
    opened = Services.open(demo_path)
    yield opened
    opened.close()


def settle(qtbot: QtBot, page: AuditPage) -> None:
    """Wait for the page's reading and its filter choices."""
    finish(qtbot, page.choices_operation)
    finish(qtbot, page.load_operation)


@pytest.fixture
def page(qtbot: QtBot, services: Services, english: None) -> Iterator[AuditPage]:
    audit_page = AuditPage(services)
    qtbot.addWidget(audit_page)
    settle(qtbot, audit_page)
    yield audit_page
    for operation in running_operations():
        finish(qtbot, operation)


def shown(page: AuditPage, column: int = COL_TIME) -> list[str]:
    model = page.table.model()
    return [model.index(row, column).data(Display) for row in range(model.rowCount())]


def choose(combo: Any, data: object) -> None:
    index = combo.findData(data)
    assert index >= 0, f"{data!r} not offered"
    combo.setCurrentIndex(index)


def test_lists_the_log_newest_first(qtbot: QtBot, qtmodeltester: Any, page: AuditPage) -> None:
    assert page.objectName() == "page_audit" and page.table.objectName() == "auditTable"
    qtmodeltester.check(page.model)
    total = AuditService(page.services.database).count()
    assert page.model.rowCount() == page.model.total == total
    times = shown(page)
    assert times == sorted(times, reverse=True)
    assert times[-1] == "2025-01-10 09:00:00"
    headers = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)]
    assert headers == ["Time", "User", "What", "Old → new", "Reason"]
    assert page.notice.text() == f"{total} entries"
    oldest = page.model.index(page.model.rowCount() - 1, COL_WHAT).data(Display)
    assert oldest.startswith("Rating changed · S0003 ")
    assert page.model.index(page.model.rowCount() - 1, COL_CHANGE).data(Display) == "3 → 4"


def test_filters_and_clear_change_the_rows(qtbot: QtBot, page: AuditPage) -> None:
    everything = page.model.rowCount()
    assert page.cycle_combo.count() == 3  # all, 2026-Q2, 2026-Q1
    choose(page.cycle_combo, 1)
    finish(qtbot, page.load_operation)
    whats = shown(page, COL_WHAT)
    assert whats and all("2026-Q1" in what for what in whats)
    assert len(whats) < everything

    choose(page.kind_combo, "rating/update")
    finish(qtbot, page.load_operation)
    assert shown(page) == ["2025-01-10 09:00:00"]

    page.clear_button.click()
    finish(qtbot, page.load_operation)
    assert page.model.rowCount() == everything and page.kind_combo.currentIndex() == 0

    page.person_edit.setText("S0004")
    page.person_edit.editingFinished.emit()
    finish(qtbot, page.load_operation)
    assert shown(page) == ["2025-02-15 14:00:00"]
    page.person_edit.clear()  # clearing the person reads the whole log again
    finish(qtbot, page.load_operation)
    assert page.model.rowCount() == everything

    page.to_date.setDate(QDate(2025, 2, 15))  # picking a date turns its filter on
    finish(qtbot, page.load_operation)
    assert page.to_check.isChecked()
    assert shown(page) == ["2025-02-15 14:00:00", "2025-01-10 09:00:00"]
    page.from_date.setDate(QDate(2025, 2, 1))
    finish(qtbot, page.load_operation)
    assert shown(page) == ["2025-02-15 14:00:00"]

    page.clear_button.click()
    finish(qtbot, page.load_operation)
    assert not page.to_check.isChecked() and page.model.rowCount() == everything
    # The date boxes show the span of the log again.
    assert page.from_date.date() == QDate(2025, 1, 10)


def test_the_window_search_box_filters_the_log(
    qtbot: QtBot, make_window: Any, demo_path: Path
) -> None:
    window: MainWindow = make_window(demo_path)
    window.show_page("audit")
    page = window.pages["audit"]
    assert isinstance(page, AuditPage)
    settle(qtbot, page)
    everything = page.model.rowCount()
    window.search_box.setText("复核")
    qtbot.waitUntil(lambda: page.model.query.text == "复核", timeout=5_000)
    finish(qtbot, page.load_operation)
    assert shown(page, COL_REASON) == ["复核后调整"]
    window.search_box.setText("S0005 pay")
    qtbot.waitUntil(lambda: page.model.query.text == "S0005 pay", timeout=5_000)
    finish(qtbot, page.load_operation)
    assert shown(page) == ["2025-03-20 18:00:00"]
    window.search_box.clear()
    qtbot.waitUntil(lambda: page.model.query.text == "", timeout=5_000)
    finish(qtbot, page.load_operation)
    assert page.model.rowCount() == everything
    for operation in running_operations():
        finish(qtbot, operation)


def test_time_header_orders_and_pages_are_read_as_needed(
    qtbot: QtBot, services: Services, english: None
) -> None:
    start = datetime(2024, 6, 1, 8)
    extra = [
        audit.entry(
            at=start + timedelta(minutes=n), action="update", entity="setting",
            field="company_name", old=f"旧{n}", new=f"新{n}",
        )
        for n in range(PAGE_SIZE + 20)
    ]  # fmt: skip
    with services.database.transaction() as s:
        audit.record_many(s, extra)
    page = AuditPage(services)
    qtbot.addWidget(page)
    settle(qtbot, page)
    total = page.model.total
    assert page.model.rowCount() == PAGE_SIZE < total
    assert page.notice.text() == f"Showing {PAGE_SIZE} of {total:,} entries — scroll down for more"
    assert page.model.canFetchMore(QModelIndex())
    page.model.fetchMore(QModelIndex())
    assert page.model.rowCount() == total and not page.model.canFetchMore(QModelIndex())
    assert page.notice.text() == f"{total:,} entries"
    times = shown(page)
    assert times == sorted(times, reverse=True) and len(set(times)) > PAGE_SIZE

    header = page.table.horizontalHeader()
    header.setSortIndicator(COL_TIME, Qt.SortOrder.AscendingOrder)
    finish(qtbot, page.load_operation)
    assert shown(page)[0] == "2024-06-01 08:00:00"
    # Other columns do not sort: the indicator goes back to the time column.
    header.setSortIndicator(COL_REASON, Qt.SortOrder.AscendingOrder)
    assert header.sortIndicatorSection() == COL_TIME
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    for operation in running_operations():
        finish(qtbot, operation)


def test_detail_pane_and_tooltips_show_the_whole_entry(page: AuditPage) -> None:
    row = shown(page).index("2025-03-20 18:00:00")
    cut = page.model.index(row, COL_REASON).data(Display)
    assert cut.startswith("面谈记录") and len(cut) == len(LONG_NOTE)
    tooltip = page.model.index(row, COL_CHANGE).data(Qt.ItemDataRole.ToolTipRole)
    assert tooltip == "Old: 3000.00\nNew: 3500.00"
    page.select_row(row)
    text = page.detail.toPlainText()
    assert LONG_NOTE in text and "pay base" in text and "3500.00" in text
    assert page.selected_entry() is not None
    page.table.clearSelection()
    assert page.detail.toPlainText() == ""


def test_export_writes_every_matching_entry(qtbot: QtBot, page: AuditPage, tmp_path: Path) -> None:
    messages: list[str] = []
    page.status.connect(messages.append)
    page.to_date.setDate(QDate(2025, 12, 31))
    finish(qtbot, page.load_operation)
    out = tmp_path / "out" / "log"  # no suffix: .xlsx is added
    finish(qtbot, page.export_log(out))
    written = out.with_suffix(".xlsx")
    sheet = load_workbook(written).worksheets[0]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert (
        [r[0] for r in rows]
        == shown(page)
        == [
            "2025-03-20 18:00:00",
            "2025-02-15 14:00:00",
            "2025-01-10 09:00:00",
        ]
    )
    assert rows[0][7] == LONG_NOTE  # whole, not cut as in the table
    assert messages[-1] == f"Exported 3 entries to {written.name}"


def test_chinese_labels(qtbot: QtBot, services: Services, chinese: None) -> None:
    page = AuditPage(services)
    qtbot.addWidget(page)
    settle(qtbot, page)
    headers = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)]
    assert headers == ["时间", "用户", "内容", "原值 → 新值", "原因"]
    assert page.title() == "审计" and page.clear_button.text() == "清除"
    assert page.notice.text() == f"共 {page.model.total} 条"
    assert page.kind_combo.itemText(0) == "全部变更类型"
    kinds = [page.kind_combo.itemText(i).strip() for i in range(page.kind_combo.count())]
    assert "修改评分" in kinds and "新增重点工作" in kinds and "考核周期（全部）" in kinds
    whats = shown(page, COL_WHAT)
    assert whats[-1].startswith("修改评分 · S0003 ")
    assert whats[-1].endswith(" · 评分 · 2026-Q1 销售代表季度考核")
    assert "草稿 → 进行中" in shown(page, COL_CHANGE)
    for operation in running_operations():
        finish(qtbot, operation)


def test_reads_the_log_again_after_other_pages_change_data(
    qtbot: QtBot, make_window: Any, demo_path: Path
) -> None:
    window: MainWindow = make_window(demo_path)
    window.show_page("audit")
    page = window.pages["audit"]
    assert isinstance(page, AuditPage)
    settle(qtbot, page)
    before = page.model.total
    window.show_page("staff")
    person = window.services.staff.find_by_code("S0008")
    assert person is not None
    window.services.staff.update_staff(person.id, person.version, name="新名字")
    window.pages["staff"].data_changed.emit()
    window.show_page("audit")
    settle(qtbot, page)
    assert page.model.total == before + 1
    assert shown(page, COL_WHAT)[0] == "Staff changed · S0008 新名字 · name"
    assert "S0008 新名字" in page.person_names.stringList()
    for operation in running_operations():
        finish(qtbot, operation)


def test_query_follows_the_filters(page: AuditPage) -> None:
    page.from_check.setChecked(True)
    page.from_date.setDate(QDate(2025, 2, 1))
    choose(page.kind_combo, "cycle")
    page.person_edit.setText(" S0003 ")
    assert page.query() == AuditQuery(
        date_from=date(2025, 2, 1), person="S0003", entity="cycle", action=None
    )
