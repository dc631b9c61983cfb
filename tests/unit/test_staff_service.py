"""The staff service: every rule of appraisal-rules §1 refused with a reason, nothing written."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from salesdesk.db.models import AuditEntry, Staff, UnitMembership
from salesdesk.domain.errors import StaleEditError, ValidationError
from salesdesk.domain.org import Role
from salesdesk.services.registry import Services
from salesdesk.services.staff import NewStaff, StaffEdit, StaffRow


def _snapshot(services: Services) -> list[tuple[object, ...]]:
    return [
        (
            r.code,
            r.name,
            r.role,
            r.unit_id,
            r.manager_id,
            r.hire_date,
            r.leave_date,
            r.pay_base,
            r.version,
        )
        for r in services.staff.list_staff()
    ]


def test_list_and_paths(services: Services, small_org: dict[str, StaffRow]) -> None:
    rows = {r.code: r for r in services.staff.list_staff()}
    assert rows["S002"].unit_path == "销售部/华东区/一组"
    assert rows["S002"].manager_code == "S001"
    assert rows["S002"].manager_name == "王强"
    assert rows["S001"].pay_base == Decimal("5000.00")


def test_edit_writes_and_audits(services: Services, small_org: dict[str, StaffRow]) -> None:
    person = small_org["S003"]
    updated = services.staff.update_staff(
        person.id, person.version, name="张伟伟", pay_base=Decimal("3500.50")
    )
    assert updated.name == "张伟伟" and updated.pay_base == Decimal("3500.50")
    assert updated.version == person.version + 1
    with services.database.reading() as s:
        entries = s.scalars(
            select(AuditEntry).where(
                AuditEntry.entity_id == person.id,
                AuditEntry.entity == "staff",
                AuditEntry.action == "update",
            )
        ).all()
    assert {(e.field, e.old_value, e.new_value) for e in entries} == {
        ("name", "张伟", "张伟伟"),
        ("pay_base", "3000.00", "3500.50"),
    }
    assert all(e.user for e in entries)


@pytest.mark.parametrize(
    ("code", "changes", "field"),
    [
        ("S003", {"code": "S002"}, "code"),
        ("S003", {"code": "  "}, "code"),
        ("S001", {"manager_id": "S002"}, "manager"),
        ("S003", {"manager_id": "S003"}, "manager"),
        ("S003", {"leave_date": date(2022, 12, 31)}, "leave_date"),
        ("S003", {"pay_base": Decimal("-1")}, "pay_base"),
        ("S003", {"pay_base": Decimal("1.234")}, "pay_base"),
        ("S003", {"name": ""}, "name"),
        ("S003", {"role": "boss"}, "role"),
    ],
)
def test_refused_edits_change_nothing(
    services: Services,
    small_org: dict[str, StaffRow],
    code: str,
    changes: dict[str, object],
    field: str,
) -> None:
    if changes.get("manager_id") in small_org:
        changes = {"manager_id": small_org[str(changes["manager_id"])].id}
    before = _snapshot(services)
    person = small_org[code]
    with pytest.raises(ValidationError) as refused:
        services.staff.update_staff(person.id, person.version, **changes)
    assert refused.value.field == field
    assert refused.value.problems[0].allowed or refused.value.message
    assert _snapshot(services) == before


def test_a_pasted_block_is_all_or_nothing(
    services: Services, small_org: dict[str, StaffRow]
) -> None:
    a, b = small_org["S002"], small_org["S003"]
    before = _snapshot(services)
    with pytest.raises(ValidationError) as refused:
        services.staff.apply_edits(
            [
                StaffEdit(a.id, a.version, {"name": "新名字"}),
                StaffEdit(b.id, b.version, {"code": "S004"}),
                StaffEdit(b.id, b.version, {"leave_date": date(2000, 1, 1)}),
            ]
        )
    assert len(refused.value.problems) == 2
    assert _snapshot(services) == before
    rows = services.staff.apply_edits(
        [
            StaffEdit(a.id, a.version, {"name": "新名字"}),
            StaffEdit(b.id, b.version, {"name": "另一个"}),
        ]
    )
    assert [r.name for r in rows] == ["新名字", "另一个"]


def test_stale_version_is_refused(services: Services, small_org: dict[str, StaffRow]) -> None:
    person = small_org["S002"]
    services.staff.update_staff(person.id, person.version, name="第一次")
    with pytest.raises(StaleEditError, match="changed elsewhere"):
        services.staff.update_staff(person.id, person.version, name="第二次")
    assert services.staff.get(person.id).name == "第一次"


def test_moving_unit_keeps_history(services: Services, small_org: dict[str, StaffRow]) -> None:
    person = small_org["S002"]
    south = next(u for u in services.staff.list_units() if u.name == "华南区")
    services.staff.update_staff(person.id, person.version, unit_id=south.id)
    with services.database.reading() as s:
        memberships = s.scalars(
            select(UnitMembership)
            .where(UnitMembership.staff_id == person.id)
            .order_by(UnitMembership.valid_from)
        ).all()
    assert [m.unit_id for m in memberships] == [person.unit_id, south.id]
    assert memberships[0].valid_to == memberships[1].valid_from == date.today().replace(day=1)


def test_mark_left_and_hidden(services: Services, small_org: dict[str, StaffRow]) -> None:
    person = small_org["S004"]
    services.staff.mark_left(person.id, person.version, date(2024, 6, 30))
    assert "S004" not in {r.code for r in services.staff.list_staff(include_left=False)}
    assert "S004" in {r.code for r in services.staff.list_staff(include_left=True)}
    assert services.staff.summary()["staff"] == 3


def test_delete_only_unreferenced(services: Services, small_org: dict[str, StaffRow]) -> None:
    boss = small_org["S001"]
    with pytest.raises(ValidationError, match="mark them as left"):
        services.staff.delete_staff(boss.id, boss.version)
    temp = services.staff.create_staff(
        NewStaff("S099", "临时", Role.REP, boss.unit_id, date(2026, 1, 5))
    )
    services.staff.delete_staff(temp.id, temp.version)
    assert services.staff.find_by_code("S099") is None
    again = services.staff.restore_staff(temp)
    assert again.code == "S099"


def test_units_tree_counts_and_moves(services: Services, small_org: dict[str, StaffRow]) -> None:
    units = {u.path: u for u in services.staff.list_units()}
    assert units["销售部"].total_count == 4
    assert units["销售部/华东区"].own_count == 1 and units["销售部/华东区"].total_count == 3
    group = units["销售部/华东区/一组"]
    services.staff.move_unit(group.id, group.version, units["销售部/华南区"].id)
    units = {u.path: u for u in services.staff.list_units()}
    assert "销售部/华南区/一组" in units
    assert units["销售部/华南区"].total_count == 3
    south = units["销售部/华南区"]
    with pytest.raises(ValidationError, match="under itself"):
        services.staff.move_unit(south.id, south.version, units["销售部/华南区/一组"].id)
    with pytest.raises(ValidationError, match="already a unit"):
        services.staff.create_unit(units["销售部"].id, "华东区")
    renamed = services.staff.rename_unit(south.id, south.version, "华南大区")
    assert renamed.path == "销售部/华南大区"
    with pytest.raises(ValidationError, match="not empty"):
        services.staff.delete_unit(renamed.id, renamed.version)
    empty = services.staff.create_unit(None, "临时部门")
    services.staff.delete_unit(empty.id, empty.version)
    with services.database.reading() as s:
        assert s.scalar(select(func.count()).select_from(Staff)) == 4
