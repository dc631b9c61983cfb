"""The staff table model and its proxy: Qt's model checks, data roles, native sorting."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush

from salesdesk.services.registry import Services
from salesdesk.services.staff import StaffRow
from salesdesk.ui.models.staff_model import (
    COL_CODE,
    COL_HIRE_DATE,
    COL_MANAGER,
    COL_PAY_BASE,
    COL_ROLE,
    COL_STATUS,
    COL_UNIT,
    SORT_ROLE,
    StaffFilterProxy,
    StaffTableModel,
)

Display = Qt.ItemDataRole.DisplayRole


def _model(services: Services) -> StaffTableModel:
    model = StaffTableModel(services.staff)
    model.reload()
    return model


def test_model_and_proxy_pass_qt_model_checks(
    qtmodeltester, services: Services, small_org: dict[str, StaffRow]
) -> None:
    model = _model(services)
    qtmodeltester.check(model)
    proxy = StaffFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(COL_PAY_BASE, Qt.SortOrder.DescendingOrder)
    proxy.set_search("S00")
    qtmodeltester.check(proxy)


def test_roles_show_money_dates_and_read_only_status(
    services: Services, small_org: dict[str, StaffRow]
) -> None:
    model = _model(services)
    row = model.row_of(small_org["S002"].id)
    assert row is not None
    assert model.index(row, COL_CODE).data(Display) == "S002"
    assert model.index(row, COL_ROLE).data(Display) == "Sales rep"
    assert model.index(row, COL_UNIT).data(Display) == "销售部/华东区/一组"
    assert model.index(row, COL_MANAGER).data(Display) == "S001 王强"
    assert model.index(row, COL_HIRE_DATE).data(Display) == "2023-01-09"
    assert model.index(row, COL_PAY_BASE).data(Display) == "3,000.00"
    assert model.index(row, COL_PAY_BASE).data(SORT_ROLE) == Decimal("3000.00")
    alignment = model.index(row, COL_PAY_BASE).data(Qt.ItemDataRole.TextAlignmentRole)
    assert Qt.AlignmentFlag(alignment) & Qt.AlignmentFlag.AlignRight
    status = model.index(row, COL_STATUS)
    assert status.data(Display) == "Active"
    assert not model.flags(status) & Qt.ItemFlag.ItemIsEditable
    assert model.flags(model.index(row, COL_CODE)) & Qt.ItemFlag.ItemIsEditable
    assert isinstance(status.data(Qt.ItemDataRole.BackgroundRole), QBrush)
    assert model.headerData(COL_PAY_BASE, Qt.Orientation.Horizontal) == "Pay base"


def test_left_people_are_grey_and_hidden_until_asked(
    services: Services, small_org: dict[str, StaffRow]
) -> None:
    person = small_org["S004"]
    services.staff.mark_left(person.id, person.version, date(2024, 6, 30))
    model = _model(services)
    row = model.row_of(person.id)
    assert row is not None
    assert model.index(row, COL_STATUS).data(Display) == "Left"
    assert model.index(row, COL_CODE).data(Qt.ItemDataRole.ForegroundRole) is not None
    proxy = StaffFilterProxy()
    proxy.setSourceModel(model)
    assert proxy.rowCount() == 3
    proxy.set_show_left(True)
    assert proxy.rowCount() == 4


def test_sorting_uses_native_dates_and_money(
    services: Services, small_org: dict[str, StaffRow]
) -> None:
    staff = services.staff
    # 900 sorts before 3,000 as a number (as text "9" would come after "3").
    s3 = small_org["S003"]
    staff.update_staff(s3.id, s3.version, pay_base=Decimal("900"), hire_date=date(2019, 12, 31))
    model = _model(services)
    proxy = StaffFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(COL_PAY_BASE, Qt.SortOrder.AscendingOrder)
    codes = [proxy.index(r, COL_CODE).data(Display) for r in range(proxy.rowCount())]
    assert codes[0] == "S003" and codes[-1] == "S001"
    proxy.sort(COL_HIRE_DATE, Qt.SortOrder.AscendingOrder)
    dates = [proxy.index(r, COL_HIRE_DATE).data(SORT_ROLE) for r in range(proxy.rowCount())]
    assert dates == sorted(dates)
    assert dates[0] == date(2019, 12, 31)
