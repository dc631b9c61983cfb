"""The Staff page: edits through the view's model reach the database as one undo step each,
refused values change nothing, clipboard and Delete work as in Excel, filters, the unit
tree, the Add person dialog and the import preview."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from salesdesk.domain.errors import ImportFailed, Problem
from salesdesk.services import imports
from salesdesk.services.imports import FieldChange, ImportReport, PlannedRow
from salesdesk.services.registry import Services
from salesdesk.services.staff import StaffRow
from salesdesk.ui.models.staff_model import (
    COL_CODE,
    COL_LEAVE_DATE,
    COL_MANAGER,
    COL_NAME,
    COL_PAY_BASE,
)
from salesdesk.ui.pages.staff import StaffPage

Edit = Qt.ItemDataRole.EditRole
#: The offscreen platform warns whenever a dialog is shown; it says nothing about the code.
shows_dialog = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")
Display = Qt.ItemDataRole.DisplayRole


@pytest.fixture
def page(qtbot: QtBot, services: Services, small_org: dict[str, StaffRow]) -> StaffPage:
    widget = StaffPage(services)
    qtbot.addWidget(widget)
    return widget


def cell(page: StaffPage, code: str, column: int) -> QModelIndex:
    """The view-model index of a person's cell."""
    model = page.table.model()
    for row in range(model.rowCount()):
        if model.index(row, COL_CODE).data(Display) == code:
            return model.index(row, column)
    raise AssertionError(f"{code} is not shown")


def statuses(page: StaffPage) -> list[str]:
    seen: list[str] = []
    page.status.connect(seen.append)
    return seen


def select_block(page: StaffPage, top_left: QModelIndex, bottom_right: QModelIndex) -> None:
    page.table.setCurrentIndex(top_left)
    page.table.selectionModel().select(
        QItemSelection(top_left, bottom_right), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )


def test_page_exposes_its_hooks(page: StaffPage) -> None:
    assert page.objectName() == "page_staff"
    assert page.main_view() is page.table and page.table.objectName() == "staffTable"
    texts = [a.text() for a in page.toolbar_actions()]
    assert texts == ["Add person", "Mark as left…", "Import…", "Export…"]
    assert page.table.model().rowCount() == 4


def test_edit_writes_database_and_undoes(
    page: StaffPage, services: Services, small_org: dict[str, StaffRow]
) -> None:
    person = small_org["S002"]
    index = cell(page, "S002", COL_NAME)
    assert page.table.model().setData(index, "李娜娜", Edit)
    assert services.staff.get(person.id).name == "李娜娜"
    assert page.undo_stack.count() == 1
    page.undo_stack.undo()
    assert services.staff.get(person.id).name == "李娜"
    assert cell(page, "S002", COL_NAME).data(Display) == "李娜"
    page.undo_stack.redo()
    assert services.staff.get(person.id).name == "李娜娜"
    # A second edit after the version moved on still undoes cleanly.
    assert page.table.model().setData(cell(page, "S002", COL_PAY_BASE), "¥3,250.50", Edit)
    assert services.staff.get(person.id).pay_base == Decimal("3250.50")
    page.undo_stack.undo()
    page.undo_stack.undo()
    assert services.staff.get(person.id).name == "李娜"
    assert services.staff.get(person.id).pay_base == Decimal("3000.00")


@pytest.mark.parametrize(
    ("code", "column", "value", "reason"),
    [
        ("S002", COL_CODE, "S003", "already used"),
        ("S001", COL_MANAGER, "S002 李娜", "loop of managers"),
        ("S002", COL_LEAVE_DATE, "2022-12-31", "before hire date"),
        ("S002", COL_PAY_BASE, "-5", "pay base not allowed"),
    ],
)
def test_refused_edit_keeps_old_value_and_says_why(
    page: StaffPage,
    services: Services,
    small_org: dict[str, StaffRow],
    code: str,
    column: int,
    value: str,
    reason: str,
) -> None:
    seen = statuses(page)
    before = services.staff.get(small_org[code].id)
    index = cell(page, code, column)
    shown = index.data(Display)
    assert not page.table.model().setData(index, value, Edit)
    assert services.staff.get(small_org[code].id) == before
    index = cell(page, code, column)
    assert index.data(Display) == shown
    assert reason in index.data(Qt.ItemDataRole.ToolTipRole)
    assert seen and reason in seen[-1]
    assert page.undo_stack.count() == 0


def test_edit_of_a_row_changed_elsewhere_reloads(
    page: StaffPage, services: Services, small_org: dict[str, StaffRow]
) -> None:
    seen = statuses(page)
    person = small_org["S003"]
    services.staff.update_staff(person.id, person.version, name="张伟伟")  # another window
    assert not page.table.model().setData(cell(page, "S003", COL_PAY_BASE), "4000", Edit)
    assert "changed elsewhere" in seen[-1]
    assert cell(page, "S003", COL_NAME).data(Display) == "张伟伟"
    assert services.staff.get(person.id).pay_base == Decimal("3000.00")


def test_paste_block_is_one_undo_step(
    page: StaffPage, services: Services, small_org: dict[str, StaffRow]
) -> None:
    # As Excel puts it on the clipboard: \r\n, a trailing newline, a quoted cell.
    QGuiApplication.clipboard().setText('王二\t销售主管\r\n"李""三"\tSales rep\r\n')
    # S002 and S003 are adjacent rows in code order; the block covers name and role.
    page.table.sortByColumn(COL_CODE, Qt.SortOrder.AscendingOrder)
    page.table.setCurrentIndex(cell(page, "S002", COL_NAME))
    assert page.table.paste() == 3  # S003's role was already Sales rep
    assert services.staff.get(small_org["S002"].id).name == "王二"
    assert services.staff.get(small_org["S002"].id).role.value == "supervisor"
    assert services.staff.get(small_org["S003"].id).name == '李"三'
    assert page.undo_stack.count() == 1
    page.undo_stack.undo()
    assert services.staff.get(small_org["S002"].id).name == "李娜"
    assert services.staff.get(small_org["S003"].id).name == "张伟"


def test_paste_two_by_two_writes_all(
    page: StaffPage, services: Services, small_org: dict[str, StaffRow]
) -> None:
    page.table.sortByColumn(COL_CODE, Qt.SortOrder.AscendingOrder)
    QGuiApplication.clipboard().setText("2024-01-01\t4,000.00\n2024-02-01\t¥4,100\n")
    page.table.setCurrentIndex(cell(page, "S002", COL_LEAVE_DATE))
    page.set_show_left(True)  # the pasted leave dates make them leave
    page.table.setCurrentIndex(cell(page, "S002", COL_LEAVE_DATE))
    assert page.table.paste() == 4
    s2, s3 = (services.staff.get(small_org[c].id) for c in ("S002", "S003"))
    assert (s2.leave_date, s2.pay_base) == (date(2024, 1, 1), Decimal("4000.00"))
    assert (s3.leave_date, s3.pay_base) == (date(2024, 2, 1), Decimal("4100.00"))
    assert page.undo_stack.count() == 1


def test_paste_with_one_bad_cell_changes_nothing(
    page: StaffPage, services: Services, small_org: dict[str, StaffRow], shown_messages: Any
) -> None:
    page.table.sortByColumn(COL_CODE, Qt.SortOrder.AscendingOrder)
    before = services.staff.list_staff()
    page.table.setCurrentIndex(cell(page, "S002", COL_PAY_BASE))
    assert page.table.paste("3500\nnot money\n") == 0
    assert services.staff.list_staff() == before
    assert page.undo_stack.count() == 0
    assert any("S003" in text and "not an amount" in text for text in shown_messages.texts())


def test_copy_produces_tsv(page: StaffPage) -> None:
    page.table.sortByColumn(COL_CODE, Qt.SortOrder.AscendingOrder)
    select_block(page, cell(page, "S001", COL_CODE), cell(page, "S002", COL_NAME))
    text = page.table.copy_selection()
    assert text == "S001\t王强\nS002\t李娜"
    assert QGuiApplication.clipboard().text() == text


def test_delete_clears_leave_date(
    page: StaffPage, services: Services, small_org: dict[str, StaffRow], qtbot: QtBot
) -> None:
    person = small_org["S004"]
    services.staff.update_staff(person.id, person.version, leave_date=date(2099, 1, 31))
    page.refresh()
    page.table.setCurrentIndex(cell(page, "S004", COL_LEAVE_DATE))
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert services.staff.get(person.id).leave_date is None
    assert page.undo_stack.count() == 1


def test_search_and_show_left(
    page: StaffPage, services: Services, small_org: dict[str, StaffRow]
) -> None:
    view = page.table.model()
    page.search("华南")
    assert view.rowCount() == 1 and view.index(0, COL_CODE).data(Display) == "S004"
    page.search("王强")  # as manager of three and as himself
    assert view.rowCount() == 4
    page.search("")
    page.mark_left([small_org["S003"].id], date(2024, 12, 31))
    assert view.rowCount() == 3
    page.set_show_left(True)
    assert view.rowCount() == 4
    page.undo_stack.undo()
    assert services.staff.get(small_org["S003"].id).leave_date is None


def test_unit_tree_add_rename_move_with_counts(page: StaffPage, services: Services) -> None:
    units = {u.path: u for u in services.staff.list_units()}
    east = units["销售部/华东区"]
    assert page.tree.item_text(east.id) == "华东区 (3)"
    assert page.tree.item_text(None) == "All (4)"

    page.tree.select_unit(east.id)
    assert page.table.model().rowCount() == 3  # the unit and its sub-unit 一组

    node = page.add_unit("二组")
    assert node is not None and node.path == "销售部/华东区/二组"
    assert page.tree.item_text(node.id) == "二组 (0)"

    group = units["销售部/华东区/一组"]
    assert page.rename_unit(group.id, "一队")
    assert page.tree.item_text(group.id) == "一队 (2)"
    assert cell(page, "S002", 3).data(Display) == "销售部/华东区/一队"

    south = units["销售部/华南区"]
    assert page.move_unit(group.id, south.id)
    assert page.tree.item_text(south.id) == "华南区 (3)"
    assert page.tree.item_text(east.id) == "华东区 (1)"

    page.undo_stack.undo()  # move
    page.undo_stack.undo()  # rename
    assert page.tree.item_text(east.id) == "华东区 (3)"
    page.undo_stack.undo()  # add
    assert "销售部/华东区/二组" not in {u.path for u in services.staff.list_units()}
    page.undo_stack.redo()  # re-created under a new id; later redos still find the unit
    page.undo_stack.redo()
    page.undo_stack.redo()
    paths = {u.path for u in services.staff.list_units()}
    assert {"销售部/华东区/二组", "销售部/华南区/一队"} <= paths


def test_move_into_own_subunit_is_refused(
    page: StaffPage, services: Services, shown_messages: Any
) -> None:
    units = {u.path: u for u in services.staff.list_units()}
    assert not page.move_unit(units["销售部/华东区"].id, units["销售部/华东区/一组"].id)
    assert shown_messages.texts("warning")
    assert page.undo_stack.count() == 0


@shows_dialog
def test_add_person_dialog(
    page: StaffPage, services: Services, small_org: dict[str, StaffRow], qtbot: QtBot
) -> None:
    dialog = page.add_person()
    dialog.code.setText("S002")  # taken
    dialog.name.setText("赵六")
    dialog.pay_base.setText("3,500")
    dialog.accept()
    assert dialog.isVisible()
    assert "already used" in dialog.error.text()
    assert services.staff.find_by_code("S002").name == "李娜"
    assert len(services.staff.list_staff()) == 4

    dialog.code.setText("S005")
    dialog.accept()
    assert not dialog.isVisible()
    added = services.staff.find_by_code("S005")
    assert added is not None and added.pay_base == Decimal("3500.00")
    assert cell(page, "S005", COL_NAME).data(Display) == "赵六"
    page.undo_stack.undo()
    assert services.staff.find_by_code("S005") is None
    page.undo_stack.redo()
    assert services.staff.find_by_code("S005") is not None
    assert cell(page, "S005", COL_NAME).data(Display) == "赵六"


class FakeImports:
    """Stands in for salesdesk.services.imports: records calls, returns a report."""

    def __init__(self, fail: bool = False) -> None:
        self.calls: list[bool] = []
        self.fail = fail

    def import_file(
        self, database: Any, kind: str, path: Path, *, dry_run: bool, sheet: str | None = None
    ) -> Any:
        self.calls.append(dry_run)
        if self.fail:
            raise ImportFailed(
                kind="staff",
                file_name=path.name,
                found=[Problem("unknown role: boss", sheet="Sheet1", row=3, column="角色")],
            )
        return ImportReport(
            kind="staff",
            file_name=path.name,
            sheet="Sheet1",
            dry_run=dry_run,
            added=2,
            replaced=1,
            skipped=0,
            new_units=("销售部/华北区",),
            rows=(
                PlannedRow(2, "S009", "钱七", "added"),
                PlannedRow(3, "S010", "孙八", "added"),
                PlannedRow(
                    4, "S002", "李娜", "replaced", (FieldChange("name", "姓名", "李娜", "李娜娜"),)
                ),
            ),
        )


@shows_dialog
def test_import_preview_then_import(
    page: StaffPage, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fake = FakeImports()
    monkeypatch.setattr(imports, "import_file", fake.import_file)
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(tmp_path / "s.xlsx"), ""))
    )
    seen = statuses(page)
    page.import_staff()
    qtbot.waitUntil(lambda: page.preview_dialog is not None, timeout=5000)
    dialog = page.preview_dialog
    assert dialog is not None and fake.calls == [True]
    assert dialog.import_button.isEnabled()
    assert dialog.created_list.count() == 1
    changes = dialog.changes_view.model()
    assert changes.rowCount() == 3
    assert changes.index(2, 3).data() == "姓名: 李娜 → 李娜娜"
    dialog.import_button.click()
    qtbot.waitUntil(lambda: fake.calls == [True, False] and bool(seen), timeout=5000)
    qtbot.waitUntil(lambda: any("Imported 3 rows" in s for s in seen), timeout=5000)


@shows_dialog
def test_import_with_errors_lists_them(
    page: StaffPage, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fake = FakeImports(fail=True)
    monkeypatch.setattr(imports, "import_file", fake.import_file)
    page.import_staff(tmp_path / "bad.xlsx")
    qtbot.waitUntil(lambda: page.preview_dialog is not None, timeout=5000)
    dialog = page.preview_dialog
    assert dialog is not None
    assert not dialog.import_button.isEnabled()
    errors = dialog.errors_view.model()
    assert errors.rowCount() == 1
    assert [errors.index(0, c).data() for c in range(3)] == ["Sheet1", "3", "角色"]
    assert fake.calls == [True]


def test_typing_edits_and_enter_moves_down(
    page: StaffPage, services: Services, small_org: dict[str, StaffRow], qtbot: QtBot
) -> None:
    page.table.sortByColumn(COL_CODE, Qt.SortOrder.AscendingOrder)
    page.show()
    qtbot.waitExposed(page)
    page.table.setCurrentIndex(cell(page, "S002", COL_PAY_BASE))
    page.table.setFocus()
    qtbot.keyClicks(page.table, "4")
    editor = page.table.focusWidget()
    assert editor is not page.table
    qtbot.keyClicks(editor, "200.5")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: services.staff.get(small_org["S002"].id).pay_base == Decimal("4200.50"))
    qtbot.waitUntil(lambda: page.table.currentIndex() == cell(page, "S003", COL_PAY_BASE))
    assert page.undo_stack.count() == 1
