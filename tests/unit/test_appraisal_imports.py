"""The ratings, key tasks and adjustments imports: every bad row reported by sheet, row and
column, all or nothing, the same file twice changes nothing, dry runs, undo, templates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from salesdesk.db.models import (
    Adjustment,
    Appraisal,
    AuditEntry,
    ImportBatch,
    KeyTask,
    Rating,
    Staff,
)
from salesdesk.domain.errors import ImportFailed, ValidationError
from salesdesk.domain.org import Role
from salesdesk.exchange.templates import write_template
from salesdesk.services.import_history import ImportHistoryService
from salesdesk.services.imports import import_file
from salesdesk.services.registry import Services
from salesdesk.services.staff import NewStaff, StaffRow
from tests.unit.test_appraisal_inputs import CYCLE, make_cycle, set_state, state_of
from tests.unit.workbooks import write_xlsx

RATINGS = ["考核周期", "被考核人", "评分人", "评分人角色", "考核项", "评分", "评语"]
TASKS = ["考核周期", "工号", "重点工作", "权重", "完成度", "说明"]
ADJUSTMENTS = ["考核周期", "工号", "类型", "分值", "原因"]


@pytest.fixture
def cycle_id(services: Services, small_org: dict[str, StaffRow]) -> int:
    """An open rep cycle with S002 and S003 (S001 is their supervisor; S004 is not in it)."""
    return make_cycle(services.database, [small_org["S002"].id, small_org["S003"].id])


def ratings(services: Services) -> dict[tuple[str, str, str, str], tuple[int, str]]:
    """(ratee, item, rater, role) → (rating, comment)."""
    with services.database.reading() as s:
        codes = dict(s.execute(select(Staff.id, Staff.code)).all())
        ratee = dict(s.execute(select(Appraisal.id, Appraisal.staff_id)).all())
        return {
            (codes[ratee[r.appraisal_id]], r.item_name, codes[r.rater_id], r.rater_role): (
                r.rating,
                r.comment,
            )
            for r in s.scalars(select(Rating))
        }


def tasks(services: Services) -> list[tuple[Any, ...]]:
    with services.database.reading() as s:
        return [
            (k.position, k.description, k.weight, k.completion, k.note)
            for k in s.scalars(select(KeyTask).order_by(KeyTask.appraisal_id, KeyTask.position))
        ]


def adjustments(services: Services) -> list[tuple[Any, ...]]:
    with services.database.reading() as s:
        return [
            (a.kind, a.points, a.reason)
            for a in s.scalars(select(Adjustment).order_by(Adjustment.id))
        ]


def where(error: ImportFailed) -> list[tuple[int | None, str | None]]:
    return [(p.row, p.column) for p in error.found]


def batches(services: Services) -> int:
    with services.database.reading() as s:
        return int(s.scalar(select(func.count()).select_from(ImportBatch)) or 0)


# --------------------------------------------------------------------------- ratings


def test_ratings_import_and_again_changes_nothing(
    services: Services, small_org: dict[str, StaffRow], cycle_id: int, tmp_path: Path
) -> None:
    rows = [
        ["2026 Q1 评分表"],
        RATINGS,
        [CYCLE, "S002", "S001", "上级", "专业知识", 4, None],
        [CYCLE, "李娜", "李娜", "本人", "专业知识", 5, "独立完成三个选型方案"],
        [str(cycle_id), "S002", "S003", "peer", "团队协作", 3.0, "配合良好"],
        [CYCLE, "S003", "王强", "supervisor", "职业操守与价格纪律", 2, "一次越权让价"],
    ]
    path = write_xlsx(tmp_path / "ratings.xlsx", rows)
    dry = import_file(services.database, "ratings", path, dry_run=True)
    assert (dry.dry_run, dry.added, dry.replaced, dry.batch_id) == (True, 4, 0, None)
    assert ratings(services) == {}

    report = import_file(services.database, "ratings", path)
    assert (report.added, report.replaced, report.skipped) == (4, 0, 0)
    assert report.batch_id is not None
    assert ratings(services) == {
        ("S002", "专业知识", "S001", "supervisor"): (4, ""),
        ("S002", "专业知识", "S002", "self"): (5, "独立完成三个选型方案"),
        ("S002", "团队协作", "S003", "peer"): (3, "配合良好"),
        ("S003", "职业操守与价格纪律", "S001", "supervisor"): (2, "一次越权让价"),
    }
    with services.database.reading() as s:
        entries = s.execute(
            select(AuditEntry.field, AuditEntry.new_value, AuditEntry.cycle_id, AuditEntry.staff_id)
            .where(AuditEntry.entity == "rating")
            .order_by(AuditEntry.id)
        ).all()
    assert entries[0] == ("rating", "4", cycle_id, small_org["S002"].id)

    before = state_of(services.database)
    again = import_file(services.database, "ratings", path)
    assert (again.added, again.replaced, again.skipped, again.batch_id) == (0, 0, 4, None)
    assert state_of(services.database) == before

    rows[2][5] = 3
    rows[3][6] = "独立完成四个选型方案"
    changed = import_file(
        services.database, "ratings", write_xlsx(tmp_path / "ratings2.xlsx", rows)
    )
    assert (changed.added, changed.replaced, changed.skipped) == (0, 2, 2)
    replaced = [r for r in changed.rows if r.action == "replaced"]
    assert [(c.field, c.label, c.old, c.new) for c in replaced[0].changes] == [
        ("rating", "评分", "4", "3")
    ]
    assert replaced[1].changes[0].new == "独立完成四个选型方案"
    assert ratings(services)[("S002", "专业知识", "S001", "supervisor")] == (3, "")


def test_every_bad_rating_row_is_reported_and_nothing_written(
    services: Services, small_org: dict[str, StaffRow], cycle_id: int, tmp_path: Path
) -> None:
    make_cycle(
        services.database,
        [small_org["S002"].id],
        name="2025-Q4 销售代表季度考核",
        state="confirmed",
    )
    services.staff.create_staff(
        NewStaff("S009", "张伟", Role.REP, small_org["S003"].unit_id, small_org["S003"].hire_date)
    )
    rows = [
        RATINGS,
        [CYCLE, "S002", "S001", "上级", "专业知识", 4, None],  # 2 good
        ["2024-Q1 考核", "S002", "S001", "上级", "专业知识", 4, None],  # 3 unknown cycle
        ["2025-Q4 销售代表季度考核", "S002", "S001", "上级", "专业知识", 4, None],  # 4 confirmed
        [CYCLE, "S999", "S001", "上级", "专业知识", 4, None],  # 5 unknown person
        [CYCLE, "S002", "张伟", "同事", "专业知识", 4, None],  # 6 ambiguous rater
        [CYCLE, "S004", "S001", "上级", "专业知识", 4, None],  # 7 not in the cycle
        [CYCLE, "S002", "S001", "上级", "沟通能力", 4, None],  # 8 unknown item
        [CYCLE, "S002", "S001", "上级", "销售额达成率", 4, None],  # 9 not a rated item
        [CYCLE, "S002", "S001", "上级", "团队协作", 6, None],  # 10 outside 1–5
        [CYCLE, "S002", "S001", "上级", "团队协作", 5, None],  # 11 no comment for a 5
        [CYCLE, "S002", "S001", "老板", "团队协作", 4, None],  # 12 unknown role
        [CYCLE, "S002", "S001", "本人", "团队协作", 4, None],  # 13 self by someone else
        [CYCLE, "S002", "S001", "上级", "专业知识", 3, None],  # 14 same key as row 2
        [CYCLE, "S003", "S001", "上级", "团队协作", 3.5, None],  # 15 not whole
    ]
    before = state_of(services.database)
    with pytest.raises(ImportFailed) as caught:
        import_file(services.database, "ratings", write_xlsx(tmp_path / "bad.xlsx", rows))
    assert where(caught.value) == [
        (3, "考核周期"),
        (4, "考核周期"),
        (5, "被考核人"),
        (6, "评分人"),
        (7, "被考核人"),
        (8, "考核项"),
        (9, "考核项"),
        (10, "评分"),
        (11, "评语"),
        (12, "评分人角色"),
        (13, "评分人角色"),
        (14, "评分"),
        (15, "评分"),
    ]
    messages = [p.message for p in caught.value.found]
    assert "confirmed" in messages[1] and "S004" in messages[4] and "row 2" in messages[11]
    assert all(p.sheet == "Sheet1" for p in caught.value.found)
    assert state_of(services.database) == before and batches(services) == 0


# --------------------------------------------------------------------------- key tasks


def test_tasks_import_replaces_by_description_and_keeps_ratings(
    services: Services, small_org: dict[str, StaffRow], cycle_id: int, tmp_path: Path
) -> None:
    rows = [
        TASKS,
        [CYCLE, "S002", "开拓华东区新代理商", 50, None, "3 月底前签约"],
        [CYCLE, "S002", "完成 CRM 客户资料清洗", "30", "80%", None],
        [CYCLE, "张伟", "新人带教", 20, 100, None],
    ]
    path = write_xlsx(tmp_path / "tasks.xlsx", rows)
    report = import_file(services.database, "tasks", path)
    assert (report.added, report.replaced, report.batch_id is not None) == (3, 0, True)
    assert tasks(services) == [
        (0, "开拓华东区新代理商", Decimal("50.00"), None, "3 月底前签约"),
        (1, "完成 CRM 客户资料清洗", Decimal("30.00"), Decimal("80.00"), ""),
        (0, "新人带教", Decimal("20.00"), Decimal("100.00"), ""),
    ]
    before = state_of(services.database)
    again = import_file(services.database, "tasks", path)
    assert (again.added, again.replaced, again.skipped) == (0, 0, 3)
    assert state_of(services.database) == before

    # The supervisor rates in the file; an empty completion keeps the stored one.
    rows[1][3], rows[1][4] = 60, "90"
    rows[2][4] = None
    rows.append([CYCLE, "S002", "季度客户回访", 10, None, None])
    second = import_file(services.database, "tasks", write_xlsx(tmp_path / "t2.xlsx", rows))
    assert (second.added, second.replaced, second.skipped) == (1, 1, 2)
    assert tasks(services)[:3] == [
        (0, "开拓华东区新代理商", Decimal("60.00"), Decimal("90.00"), "3 月底前签约"),
        (1, "完成 CRM 客户资料清洗", Decimal("30.00"), Decimal("80.00"), ""),
        (2, "季度客户回访", Decimal("10.00"), None, ""),
    ]
    changes = next(r for r in second.rows if r.action == "replaced").changes
    assert [(c.field, c.old, c.new) for c in changes] == [
        ("weight", "50.00", "60.00"),
        ("completion", "", "90.00"),
    ]


def test_bad_task_rows(
    services: Services, small_org: dict[str, StaffRow], cycle_id: int, tmp_path: Path
) -> None:
    rows = [
        TASKS,
        [CYCLE, "S002", "开拓新代理商", 50, None, None],  # 2 good
        [CYCLE, "S002", "客户回访", 0, None, None],  # 3 weight 0
        [CYCLE, "S002", "资料清洗", -10, None, None],  # 4 weight below 0
        [CYCLE, "S002", "新人带教", 20, 120, None],  # 5 completion above 100
        [CYCLE, "S002", "展会", 20, "-5%", None],  # 6 completion below 0
        [CYCLE, "S002", None, 20, None, None],  # 7 no task
        [CYCLE, "S004", "展会", 20, None, None],  # 8 not in the cycle
        [CYCLE, "S002", "开拓新代理商", 30, None, None],  # 9 same task as row 2
        [CYCLE, "S003", "展会", "abc", None, None],  # 10 not a number
    ]
    with pytest.raises(ImportFailed) as caught:
        import_file(services.database, "tasks", write_xlsx(tmp_path / "bad.xlsx", rows))
    assert where(caught.value) == [
        (3, "权重"),
        (4, "权重"),
        (5, "完成度"),
        (6, "完成度"),
        (7, "重点工作"),
        (8, "工号"),
        (9, "重点工作"),
        (10, "权重"),
    ]
    assert tasks(services) == [] and batches(services) == 0


# --------------------------------------------------------------------------- adjustments


def test_adjustments_import_replaces_points_at_the_same_reason(
    services: Services, small_org: dict[str, StaffRow], cycle_id: int, tmp_path: Path
) -> None:
    rows = [
        ADJUSTMENTS,
        [CYCLE, "S002", "加分", 2, "获得重点客户书面表扬"],
        [CYCLE, "S002", "扣分", "1.5", "迟交周报三次"],
        [CYCLE, "S003", "否决", None, "私自降价"],
    ]
    path = write_xlsx(tmp_path / "adj.xlsx", rows)
    assert import_file(services.database, "adjustments", path).added == 3
    assert adjustments(services) == [
        ("bonus", Decimal("2.00"), "获得重点客户书面表扬"),
        ("deduction", Decimal("1.50"), "迟交周报三次"),
        ("veto", Decimal("0.00"), "私自降价"),
    ]
    before = state_of(services.database)
    again = import_file(services.database, "adjustments", path)
    assert (again.added, again.replaced, again.skipped, again.batch_id) == (0, 0, 3, None)
    assert state_of(services.database) == before

    rows[1][3] = 3
    second = import_file(services.database, "adjustments", write_xlsx(tmp_path / "a2.xlsx", rows))
    assert (second.added, second.replaced, second.skipped) == (0, 1, 2)
    assert adjustments(services)[0] == ("bonus", Decimal("3.00"), "获得重点客户书面表扬")
    with services.database.reading() as s:
        last = s.execute(
            select(
                AuditEntry.field, AuditEntry.old_value, AuditEntry.new_value, AuditEntry.cycle_id
            )
            .where(AuditEntry.entity == "adjustment")
            .order_by(AuditEntry.id.desc())
        ).first()
    assert tuple(last or ()) == ("points", "2.00", "3.00", cycle_id)


def test_bad_adjustment_rows(
    services: Services, small_org: dict[str, StaffRow], cycle_id: int, tmp_path: Path
) -> None:
    rows = [
        ADJUSTMENTS,
        [CYCLE, "S002", "加分", 2, "表扬"],  # 2 good
        [CYCLE, "S002", "否决", 5, "私自降价"],  # 3 points on a veto
        [CYCLE, "S002", "加分", 2, None],  # 4 no reason
        [CYCLE, "S002", "奖励", 2, "表扬"],  # 5 unknown kind
        [CYCLE, "S002", "扣分", None, "迟到"],  # 6 no points
        [CYCLE, "S002", "加分", -1, "表扬二"],  # 7 negative
        [CYCLE, "S999", "加分", 1, "表扬"],  # 8 unknown person
        [CYCLE, "S002", "bonus", 3, "表扬"],  # 9 same as row 2
    ]
    with pytest.raises(ImportFailed) as caught:
        import_file(services.database, "adjustments", write_xlsx(tmp_path / "bad.xlsx", rows))
    assert where(caught.value) == [
        (3, "分值"),
        (4, "原因"),
        (5, "类型"),
        (6, "分值"),
        (7, "分值"),
        (8, "工号"),
        (9, "原因"),
    ]
    assert adjustments(services) == [] and batches(services) == 0


# --------------------------------------------------------------------------- states, undo


def test_closed_cycle_refuses_every_kind(
    services: Services, small_org: dict[str, StaffRow], cycle_id: int, tmp_path: Path
) -> None:
    set_state(services.database, cycle_id, "closed")
    files = {
        "ratings": [RATINGS, [CYCLE, "S002", "S001", "上级", "专业知识", 4, None]],
        "tasks": [TASKS, [CYCLE, "S002", "开拓新代理商", 50, None, None]],
        "adjustments": [ADJUSTMENTS, [CYCLE, "S002", "加分", 2, "表扬"]],
    }
    for kind, rows in files.items():
        with pytest.raises(ImportFailed) as caught:
            import_file(services.database, kind, write_xlsx(tmp_path / f"{kind}.xlsx", rows))
        assert where(caught.value) == [(2, "考核周期")]
        assert "closed" in caught.value.found[0].message
        assert caught.value.found[0].allowed and "calibration" in caught.value.found[0].allowed


def test_undo_of_appraisal_batches(
    services: Services, small_org: dict[str, StaffRow], cycle_id: int, tmp_path: Path
) -> None:
    history = ImportHistoryService(services.database)
    empty = state_of(services.database)
    rows = [TASKS, [CYCLE, "S002", "开拓新代理商", 50, None, None]]
    first = import_file(services.database, "tasks", write_xlsx(tmp_path / "t1.xlsx", rows))
    after_first = tasks(services)
    rows[1][3], rows[1][4] = 40, 70
    second = import_file(services.database, "tasks", write_xlsx(tmp_path / "t2.xlsx", rows))
    assert second.replaced == 1
    assert [b.kind for b in history.list_batches()] == ["tasks", "tasks"]

    result = history.undo_batch(second.batch_id or 0)
    assert (result.removed, result.restored) == (0, 1)
    assert tasks(services) == after_first
    history.undo_batch(first.batch_id or 0)
    assert tasks(services) == []

    rating = import_file(
        services.database,
        "ratings",
        write_xlsx(
            tmp_path / "r.xlsx", [RATINGS, [CYCLE, "S002", "S001", "上级", "专业知识", 4, None]]
        ),
    )
    set_state(services.database, cycle_id, "confirmed")
    with pytest.raises(ValidationError, match="confirmed"):
        history.undo_batch(rating.batch_id or 0)
    set_state(services.database, cycle_id, "calibration")
    history.undo_batch(rating.batch_id or 0)
    current = state_of(services.database)
    assert (current["ratings"], current["tasks"]) == (empty["ratings"], empty["tasks"])


@pytest.mark.parametrize("kind", ["ratings", "tasks", "adjustments"])
def test_each_template_with_its_example_row_imports(
    services: Services, tmp_path: Path, kind: str
) -> None:
    staff = services.staff
    unit = staff.create_unit(None, "销售部")
    hired = date(2024, 3, 1)
    boss = staff.create_staff(NewStaff("S0002", "主管", Role.SUPERVISOR, unit.id, hired))
    rep = staff.create_staff(
        NewStaff("S0001", "样例", Role.REP, unit.id, hired, manager_id=boss.id)
    )
    make_cycle(services.database, [rep.id])
    path = write_template(kind, tmp_path / f"{kind}.xlsx")
    report = import_file(services.database, kind, path)
    assert report.added == 1 and report.batch_id is not None
