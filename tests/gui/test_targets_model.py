"""The targets model and its proxy: Qt's model checks, display formats, search."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import Qt
from sqlalchemy import select

from salesdesk.db.models import Staff, UnitMembership
from salesdesk.services.registry import Services
from salesdesk.services.staff import StaffRow
from salesdesk.services.targets import Subject, TargetEdit
from salesdesk.ui.models.targets_model import (
    COL_CODE,
    COL_FIRST_SLOT,
    COL_GAP,
    COL_YEAR,
    TargetsFilterProxy,
    TargetsModel,
)

Display = Qt.ItemDataRole.DisplayRole


def _model(services: Services, metric: str = "revenue") -> TargetsModel:
    model = TargetsModel(services.targets)
    model.set_loader(lambda: services.targets.grid(2026, metric))
    model.reload()
    return model


def test_model_and_proxy_pass_qt_model_checks(
    qtmodeltester, services: Services, small_org: dict[str, StaffRow]
) -> None:
    services.targets.set_values(
        "revenue", [TargetEdit(Subject.staff(small_org["S002"].id), "2026", Decimal("1200"))]
    )
    model = _model(services)
    qtmodeltester.check(model)
    proxy = TargetsFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    proxy.set_search("李娜")
    assert [proxy.index(r, COL_CODE).data(Display) for r in range(proxy.rowCount())] == [
        "销售部/华东区/一组",
        "S002",
    ]


def test_numbers_are_formatted_and_gap_is_red(
    services: Services, small_org: dict[str, StaffRow]
) -> None:
    group = next(u for u in services.staff.list_units() if u.path == "销售部/华东区/一组")
    services.targets.set_values(
        "revenue",
        [
            TargetEdit(Subject.staff(small_org["S002"].id), "2026-01", Decimal("1234567.5")),
            TargetEdit(Subject.unit(group.id), "2026-01", Decimal("2000000")),
        ],
    )
    model = _model(services)
    rows = {model.index(r, COL_CODE).data(Display): r for r in range(model.rowCount())}
    person = rows["S002"]
    assert model.index(person, COL_FIRST_SLOT).data(Display) == "1,234,567.50"
    assert model.index(person, COL_YEAR).data(Display) == "1,234,567.50"
    assert model.index(person, COL_FIRST_SLOT).data(Qt.ItemDataRole.TextAlignmentRole) == int(
        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    )
    team = rows["销售部/华东区/一组"]
    assert model.index(team, COL_GAP).data(Display) == "765,432.50"
    assert model.index(team, COL_GAP).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert model.index(team, COL_FIRST_SLOT).data(Qt.ItemDataRole.FontRole).bold()
    assert not model.flags(model.index(team, COL_FIRST_SLOT)) & Qt.ItemFlag.ItemIsEditable
    assert model.flags(model.index(person, COL_FIRST_SLOT)) & Qt.ItemFlag.ItemIsEditable


def test_percent_levels_show_inherited_cells(
    services: Services, small_org: dict[str, StaffRow]
) -> None:
    services.targets.set_values(
        "collection_rate",
        [TargetEdit(Subject.staff(small_org["S002"].id), "2026", Decimal("0.95"))],
    )
    model = _model(services, "collection_rate")
    rows = {model.index(r, COL_CODE).data(Display): r for r in range(model.rowCount())}
    month = model.index(rows["S002"], COL_FIRST_SLOT)
    assert month.data(Display) == "95.0%"
    assert month.data(Qt.ItemDataRole.FontRole).italic()
    assert model.index(rows["S002"], COL_YEAR).data(Display) == "95.0%"


def test_unit_subtotals_follow_membership_by_month(
    qtmodeltester, services: Services, small_org: dict[str, StaffRow]
) -> None:
    units = {u.path: u.id for u in services.staff.list_units()}
    south, group = units["销售部/华南区"], units["销售部/华东区/一组"]
    mover = small_org["S004"].id
    with services.database.transaction() as s:
        current = s.scalars(select(UnitMembership).where(UnitMembership.staff_id == mover)).one()
        current.valid_to = date(2026, 4, 1)
        s.add(UnitMembership(staff_id=mover, unit_id=group, valid_from=date(2026, 4, 1)))
        person = s.get(Staff, mover)
        assert person is not None
        person.unit_id = group
    services.targets.set_values(
        "revenue",
        [
            TargetEdit(Subject.staff(mover), "2026", Decimal("1200")),
            TargetEdit(Subject.unit(south), "2026", Decimal("1200")),
        ],
    )
    model = _model(services)
    qtmodeltester.check(model)
    rows = {model.index(r, COL_CODE).data(Display): r for r in range(model.rowCount())}
    # Listed under 一组; January–March (300.00) count in 华南区, whose gap is 900.00.
    assert rows["S004"] == rows["S003"] + 1
    assert model.index(rows["销售部/华南区"], COL_YEAR).data(Display) == "300.00"
    assert model.index(rows["销售部/华南区"], COL_GAP).data(Display) == "900.00"
    assert model.index(rows["销售部/华东区/一组"], COL_YEAR).data(Display) == "900.00"
