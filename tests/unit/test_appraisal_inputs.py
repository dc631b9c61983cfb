"""Ratings, key tasks and adjustments of a cycle's participants: the rules of appraisal-rules
§5.2 and §5.3, the cycle's state, stale edits, and the audit trail of every change."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import event, func, select

from salesdesk.db.models import (
    Adjustment,
    Appraisal,
    AuditEntry,
    Cycle,
    KeyTask,
    Rating,
    Scheme,
    Staff,
)
from salesdesk.domain.errors import NotFoundError, StaleEditError, UserError, ValidationError
from salesdesk.domain.org import Role
from salesdesk.domain.scoring import AdjustmentKind
from salesdesk.services.appraisal_inputs import (
    AppraisalInputsService,
    RatingChange,
    RatingsRefusedError,
    find_cycle,
    find_staff,
)
from salesdesk.services.database import Database
from salesdesk.services.registry import Services
from salesdesk.services.schemes import SchemesService
from salesdesk.services.staff import NewStaff, StaffRow

CYCLE = "2026-Q1 销售代表季度考核"
REP_Q = "销售代表季度考核方案"
SUPPORT_Q = "销售支持季度考核方案"


def make_cycle(
    database: Database,
    staff_ids: Sequence[int],
    *,
    name: str = CYCLE,
    scheme: str = REP_Q,
    state: str = "open",
    confirmed_at: datetime | None = None,
) -> int:
    """A cycle of `scheme` for 2026-Q1 with `staff_ids` as participants, built directly."""
    doc = SchemesService(database).get(scheme)
    with database.transaction() as s:
        scheme_id = s.scalar(select(Scheme.id).where(Scheme.name == scheme))
        cycle = Cycle(
            name=name,
            scheme_id=scheme_id,
            period="2026-Q1",
            cycle_type="quarterly",
            state=state,
            scheme_snapshot=doc,
            confirmed_at=confirmed_at,
        )
        s.add(cycle)
        s.flush()
        for staff_id in staff_ids:
            unit_id = s.get_one(Staff, staff_id).unit_id
            s.add(Appraisal(cycle_id=cycle.id, staff_id=staff_id, unit_id=unit_id))
        return cycle.id


def set_state(database: Database, cycle_id: int, state: str) -> None:
    with database.transaction() as s:
        s.get_one(Cycle, cycle_id).state = state


def audit_rows(database: Database, entity: str) -> list[tuple[Any, ...]]:
    """(action, entity id, staff, cycle, field, old, new, reason) of an entity, in order."""
    with database.reading() as s:
        return [
            tuple(row)
            for row in s.execute(
                select(
                    AuditEntry.action,
                    AuditEntry.entity_id,
                    AuditEntry.staff_id,
                    AuditEntry.cycle_id,
                    AuditEntry.field,
                    AuditEntry.old_value,
                    AuditEntry.new_value,
                    AuditEntry.reason,
                )
                .where(AuditEntry.entity == entity)
                .order_by(AuditEntry.id)
            ).all()
        ]


def state_of(database: Database) -> dict[str, Any]:
    """Everything these inputs touch, to show a refusal changed nothing."""
    with database.reading() as s:
        return {
            "ratings": sorted(
                (
                    r.appraisal_id,
                    r.item_name,
                    r.rater_id,
                    r.rater_role,
                    r.rating,
                    r.comment,
                    r.version,
                )
                for r in s.scalars(select(Rating))
            ),
            "tasks": sorted(
                (k.id, k.position, k.description, k.weight, k.completion, k.note, k.version)
                for k in s.scalars(select(KeyTask))
            ),
            "adjustments": sorted(
                (a.id, a.kind, a.points, a.reason, a.version) for a in s.scalars(select(Adjustment))
            ),
            "audit": s.scalar(select(func.count()).select_from(AuditEntry)),
            "cycles": sorted((c.id, c.state, c.version) for c in s.scalars(select(Cycle))),
        }


@pytest.fixture
def cycle_id(services: Services, small_org: dict[str, StaffRow]) -> int:
    """An open rep cycle with S002 and S003 taking part (S001 is their supervisor; S004 is
    not in the cycle)."""
    return make_cycle(services.database, [small_org["S002"].id, small_org["S003"].id])


@pytest.fixture
def inputs(services: Services) -> AppraisalInputsService:
    return AppraisalInputsService(services.database)


def refused(
    database: Database, call: Any, error: type[UserError], field: str | None = None
) -> UserError:
    """Run `call`, expect `error` (with `field`), and check nothing changed."""
    before = state_of(database)
    with pytest.raises(error) as caught:
        call()
    if field is not None:
        assert caught.value.problems, caught.value
        assert caught.value.problems[0].field == field, caught.value
    assert state_of(database) == before
    return caught.value


# --------------------------------------------------------------------------- look-ups


def test_cycles_by_id_or_name_and_staff_by_code_or_unique_name(
    services: Services, small_org: dict[str, StaffRow], cycle_id: int
) -> None:
    with services.database.reading() as s:
        assert find_cycle(s, cycle_id).name == CYCLE
        assert find_cycle(s, str(cycle_id)).id == cycle_id
        assert find_cycle(s, f" {CYCLE} ").id == cycle_id
        with pytest.raises(NotFoundError, match="no cycle 2025-Q4"):
            find_cycle(s, "2025-Q4")
        assert find_staff(s, "S002").id == small_org["S002"].id
        assert find_staff(s, "李娜").id == small_org["S002"].id
        assert find_staff(s, small_org["S003"].id).code == "S003"
    services.staff.create_staff(
        NewStaff("S009", "李娜", Role.REP, small_org["S002"].unit_id, small_org["S002"].hire_date)
    )
    with services.database.reading() as s:
        with pytest.raises(ValidationError, match=r"several people \(S002, S009\)"):
            find_staff(s, "李娜")
        with pytest.raises(NotFoundError):
            find_staff(s, "S999")


# --------------------------------------------------------------------------- ratings


def test_rating_is_set_replaced_and_cleared_with_an_audit_trail(
    services: Services,
    small_org: dict[str, StaffRow],
    cycle_id: int,
    inputs: AppraisalInputsService,
) -> None:
    database = services.database
    ratee, boss = small_org["S002"], small_org["S001"]
    first = inputs.set_rating(
        CYCLE, "S002", "专业知识", "S001", "上级", 4, "熟悉产品", version=None, reason="季度评分"
    )
    assert (first.item, first.rater_code, first.rater_role, first.rating, first.comment) == (
        "专业知识",
        "S001",
        "supervisor",
        4,
        "熟悉产品",
    )
    inputs.set_rating(cycle_id, ratee.id, "团队协作", "李娜", "self", 3, version=None)
    listed = inputs.list_ratings(CYCLE, "S002")
    # In the scheme's order: 专业知识 comes before 团队协作.
    assert [(r.item, r.rater_role) for r in listed] == [
        ("专业知识", "supervisor"),
        ("团队协作", "self"),
    ]
    assert audit_rows(database, "rating")[:2] == [
        ("create", first.id, ratee.id, cycle_id, "rating", None, "4", "季度评分"),
        ("create", first.id, ratee.id, cycle_id, "comment", None, "熟悉产品", "季度评分"),
    ]

    # A 5 without an example is refused at the comment, and nothing changes.
    refused(
        database,
        lambda: inputs.set_rating(
            CYCLE, "S002", "专业知识", "S001", "supervisor", 5, "", version=first.version
        ),
        ValidationError,
        "comment",
    )
    second = inputs.set_rating(
        CYCLE, "S002", "专业知识", "S001", "supervisor", 5, "独立完成三个选型方案",
        version=first.version,
    )  # fmt: skip
    assert second.id == first.id and second.version == first.version + 1
    assert audit_rows(database, "rating")[-2:] == [
        ("update", first.id, ratee.id, cycle_id, "rating", "4", "5", ""),
        ("update", first.id, ratee.id, cycle_id, "comment", "熟悉产品", "独立完成三个选型方案", ""),
    ]
    # The window that still shows version 1 is refused, and so is one that saw nothing.
    for stale in (first.version, None):
        refused(
            database,
            lambda v=stale: inputs.set_rating(
                CYCLE, "S002", "专业知识", "S001", "supervisor", 3, version=v
            ),
            StaleEditError,
        )
    refused(database, lambda: inputs.clear_rating(first.id, first.version), StaleEditError)
    inputs.clear_rating(second.id, second.version, reason="评错了人")
    assert [r.item for r in inputs.list_ratings(CYCLE, "S002")] == ["团队协作"]
    assert audit_rows(database, "rating")[-2:] == [
        ("delete", first.id, ratee.id, cycle_id, "rating", "5", None, "评错了人"),
        (
            "delete",
            first.id,
            ratee.id,
            cycle_id,
            "comment",
            "独立完成三个选型方案",
            None,
            "评错了人",
        ),
    ]
    assert boss.id != ratee.id


@pytest.mark.parametrize(
    ("change", "error", "field"),
    [
        ({"rating": 0}, ValidationError, "rating"),
        ({"rating": 6}, ValidationError, "rating"),
        ({"rating": Decimal("3.5")}, ValidationError, "rating"),
        ({"rating": "good"}, ValidationError, "rating"),
        ({"rating": 2, "comment": "  "}, ValidationError, "comment"),
        ({"item": "沟通能力"}, NotFoundError, "item"),
        ({"item": "销售额达成率"}, ValidationError, "item"),
        ({"item": "重点工作推进"}, ValidationError, "item"),
        ({"rater": "S999"}, NotFoundError, "rater"),
        ({"role": "boss"}, ValidationError, "rater_role"),
        ({"role": "self"}, ValidationError, "rater_role"),  # S001 is not S002
        ({"rater": "S002"}, ValidationError, "rater_role"),  # rating oneself as supervisor
        ({"ratee": "S004"}, ValidationError, "staff"),  # not in the cycle
        ({"ratee": "S999"}, NotFoundError, "staff"),
        ({"cycle": "2025-Q4 销售代表季度考核"}, NotFoundError, "cycle"),
    ],
)
def test_a_refused_rating_says_which_field_and_changes_nothing(
    services: Services,
    small_org: dict[str, StaffRow],
    cycle_id: int,
    inputs: AppraisalInputsService,
    change: dict[str, Any],
    error: type[UserError],
    field: str,
) -> None:
    values: dict[str, Any] = {
        "cycle": CYCLE,
        "ratee": "S002",
        "item": "专业知识",
        "rater": "S001",
        "role": "supervisor",
        "rating": 4,
        "comment": "",
    }
    values.update(change)
    refused(
        services.database,
        lambda: inputs.set_rating(
            values["cycle"],
            values["ratee"],
            values["item"],
            values["rater"],
            values["role"],
            values["rating"],
            values["comment"],
            version=None,
        ),
        error,
        field,
    )


def test_an_item_rated_by_some_roles_only(
    services: Services, small_org: dict[str, StaffRow], inputs: AppraisalInputsService
) -> None:
    make_cycle(services.database, [small_org["S003"].id], name="2026-Q1 支持", scheme=SUPPORT_Q)
    error = refused(
        services.database,
        lambda: inputs.set_rating(
            "2026-Q1 支持", "S003", "内部客户满意度", "S001", "supervisor", 4, version=None
        ),
        ValidationError,
        "rater_role",
    )
    assert error.problems[0].allowed == "peer"
    row = inputs.set_rating(
        "2026-Q1 支持", "S003", "内部客户满意度", "S002", "同事", 4, version=None
    )
    assert row.rater_role == "peer"
    items = {i.name: i for i in inputs.rating_items("2026-Q1 支持")}
    assert items["内部客户满意度"].raters == ("peer",)
    assert items["责任心"].raters == () and items["责任心"].levels[0][0] == 5


# --------------------------------------------------------------------------- key tasks


def commits_during(database: Database, call: Any) -> tuple[Any, int]:
    """What `call` returns and how many transactions it committed."""
    count = 0

    def counted(_connection: object) -> None:
        nonlocal count
        count += 1

    event.listen(database.engine, "commit", counted)
    try:
        result = call()
    finally:
        event.remove(database.engine, "commit", counted)
    return result, count


def test_a_batch_of_ratings_is_one_transaction_with_the_audit_trail(
    services: Services,
    small_org: dict[str, StaffRow],
    cycle_id: int,
    inputs: AppraisalInputsService,
) -> None:
    database = services.database
    ratee, other = small_org["S002"], small_org["S003"]
    kept = inputs.set_rating(CYCLE, "S002", "专业知识", "S001", "supervisor", 3, version=None)
    gone = inputs.set_rating(
        CYCLE, "S003", "专业知识", "S001", "supervisor", 2, "两次漏报", version=None
    )
    before = len(audit_rows(database, "rating"))
    changes = [
        RatingChange("S002", "专业知识", "S001", "上级", 4, "熟悉产品", kept.version),
        RatingChange("S002", "团队协作", ratee.id, "self", 3),
        RatingChange("S003", "专业知识", "S001", "supervisor", None, version=gone.version),
        # Clearing a rating that is not there, and was not seen, does nothing.
        RatingChange("S003", "团队协作", "S001", "supervisor", None),
    ]
    rows, commits = commits_during(
        database, lambda: inputs.apply_ratings(CYCLE, changes, reason="季度评分")
    )
    assert commits == 1
    assert rows[2:] == [None, None]
    assert rows[0] is not None and rows[1] is not None
    assert (rows[0].id, rows[0].rating, rows[0].comment, rows[0].version) == (
        kept.id,
        4,
        "熟悉产品",
        kept.version + 1,
    )
    assert inputs.list_ratings(CYCLE, "S002") == rows[:2]
    assert inputs.list_ratings(CYCLE, "S003") == []
    assert audit_rows(database, "rating")[before:] == [
        ("update", kept.id, ratee.id, cycle_id, "rating", "3", "4", "季度评分"),
        ("update", kept.id, ratee.id, cycle_id, "comment", "", "熟悉产品", "季度评分"),
        ("create", rows[1].id, ratee.id, cycle_id, "rating", None, "3", "季度评分"),
        ("delete", gone.id, other.id, cycle_id, "rating", "2", None, "季度评分"),
        ("delete", gone.id, other.id, cycle_id, "comment", "两次漏报", None, "季度评分"),
    ]
    assert inputs.apply_ratings(CYCLE, []) == []


def test_a_batch_with_refused_changes_writes_nothing_and_names_each(
    services: Services,
    small_org: dict[str, StaffRow],
    cycle_id: int,
    inputs: AppraisalInputsService,
) -> None:
    database = services.database
    seen = inputs.set_rating(CYCLE, "S002", "专业知识", "S001", "supervisor", 3, version=None)
    changes = [
        RatingChange("S002", "团队协作", "S002", "self", 4),
        RatingChange("S002", "专业知识", "S001", "supervisor", 7, version=seen.version),
        RatingChange("S003", "团队协作", "S001", "supervisor", 4),
        RatingChange("S004", "专业知识", "S001", "supervisor", 4),  # not in the cycle
        RatingChange("S003", "专业知识", "S001", "supervisor", 4, version=3),  # none there
        RatingChange("S003", "团队协作", "S001", "self", 4),  # S001 is not S003
    ]
    error = refused(database, lambda: inputs.apply_ratings(CYCLE, changes), RatingsRefusedError)
    assert isinstance(error, ValidationError)
    assert [position for position, _exc in error.refused] == [1, 3, 4, 5]
    assert error.stale
    assert "4 rating change(s) refused; nothing was written" in error.message
    messages = [p.message for p in error.problems]
    assert messages[0].startswith("S002 李娜 专业知识 · S001 王强 (supervisor): ")
    assert "1 to 5" in messages[0] and error.problems[0].allowed == "1, 2, 3, 4, 5"
    assert messages[1].startswith("S004 刘洋 专业知识 · S001 王强 (supervisor): ")
    assert "not a participant" in messages[1]
    assert "changed elsewhere" in messages[2]
    assert messages[3].startswith("S003 张伟 团队协作 · S001 王强 (self): ")
    assert all(f"  - {m}" in str(error) for m in messages)
    # A single refused change: its own message, naming the cell.
    one = refused(
        database,
        lambda: inputs.apply_ratings(CYCLE, [RatingChange("S002", "团队协作", "S002", "self", 5)]),
        RatingsRefusedError,
    )
    assert one.message.startswith("S002 李娜 团队协作 · S002 李娜 (self): a rating of 5")
    assert not one.stale
    # The state of the cycle refuses the whole batch, as set_rating does.
    set_state(database, cycle_id, "confirmed")
    refused(
        database,
        lambda: inputs.apply_ratings(CYCLE, changes[:1]),
        ValidationError,
        "state",
    )


def test_key_tasks_add_edit_reorder_delete(
    services: Services,
    small_org: dict[str, StaffRow],
    cycle_id: int,
    inputs: AppraisalInputsService,
) -> None:
    database = services.database
    staff_id = small_org["S002"].id
    first = inputs.add_task(CYCLE, "S002", "开拓华东区新代理商", 60, note="3 月底前签约")
    second = inputs.add_task(CYCLE, "S002", "完成 CRM 客户资料清洗", Decimal("40"))
    assert (first.position, second.position) == (0, 1)
    assert (first.weight, first.completion, first.note) == (Decimal("60.00"), None, "3 月底前签约")

    for kwargs, field in (
        ({"weight": 0}, "weight"),
        ({"weight": Decimal("-5")}, "weight"),
        ({"weight": Decimal("1.005")}, "weight"),
        ({"completion": Decimal("100.5")}, "completion"),
        ({"completion": -1}, "completion"),
        ({"description": "  "}, "description"),
        ({"description": "完成  CRM 客户资料清洗"}, "description"),  # the other task's
    ):
        refused(
            database,
            lambda kw=kwargs: inputs.edit_task(first.id, first.version, **kw),
            ValidationError,
            field,
        )
    refused(
        database,
        lambda: inputs.add_task(CYCLE, "S002", "开拓华东区新代理商", 10),
        ValidationError,
        "description",
    )
    refused(
        database, lambda: inputs.add_task(CYCLE, "S004", "别人的工作", 10), ValidationError, "staff"
    )

    rated = inputs.edit_task(first.id, first.version, completion=Decimal("80"), reason="季末评定")
    assert rated.completion == Decimal("80.00") and rated.version == first.version + 1
    full = inputs.edit_task(second.id, second.version, completion=100)
    assert full.completion == Decimal("100.00")
    assert audit_rows(database, "key_task")[-2:] == [
        ("update", first.id, staff_id, cycle_id, "completion", None, "80.00", "季末评定"),
        ("update", second.id, staff_id, cycle_id, "completion", None, "100.00", ""),
    ]
    unrated = inputs.edit_task(first.id, rated.version, completion=None)
    assert unrated.completion is None
    refused(database, lambda: inputs.edit_task(first.id, rated.version, weight=5), StaleEditError)

    third = inputs.add_task(CYCLE, "S002", "新人带教", 10)
    moved = inputs.move_task(third.id, third.version, 0)
    assert [t.description for t in moved] == [
        "新人带教",
        "开拓华东区新代理商",
        "完成 CRM 客户资料清洗",
    ]
    assert [t.position for t in moved] == [0, 1, 2]
    assert [t.id for t in inputs.list_tasks(CYCLE, "S002")] == [t.id for t in moved]

    current = {t.id: t for t in inputs.list_tasks(CYCLE, "S002")}
    inputs.delete_task(first.id, current[first.id].version, reason="取消")
    assert [t.description for t in inputs.list_tasks(CYCLE, "S002")] == [
        "新人带教",
        "完成 CRM 客户资料清洗",
    ]
    deleted = [row for row in audit_rows(database, "key_task") if row[0] == "delete"]
    assert ("delete", first.id, staff_id, cycle_id, "weight", "60.00", None, "取消") in deleted


# --------------------------------------------------------------------------- adjustments


def test_adjustments_bonus_deduction_veto(
    services: Services,
    small_org: dict[str, StaffRow],
    cycle_id: int,
    inputs: AppraisalInputsService,
) -> None:
    database = services.database
    staff_id = small_org["S003"].id
    bonus = inputs.add_adjustment(CYCLE, "S003", "加分", Decimal("2"), "获得重点客户书面表扬")
    assert (bonus.kind, bonus.points) == (AdjustmentKind.BONUS, Decimal("2.00"))
    deduction = inputs.add_adjustment(CYCLE, "张伟", "deduction", "1.5", "迟交周报三次")
    assert deduction.points == Decimal("1.50")
    for args, field in (
        (("veto", 3, "严重违规"), "points"),
        (("bonus", None, "表扬"), "points"),
        (("bonus", 0, "表扬"), "points"),
        (("bonus", Decimal("1.234"), "表扬"), "points"),
        (("bonus", 2, "  "), "reason"),
        (("penalty", 2, "迟到"), "kind"),
    ):
        refused(
            database,
            lambda a=args: inputs.add_adjustment(CYCLE, "S003", *a),
            ValidationError,
            field,
        )
    veto = inputs.add_adjustment(CYCLE, "S003", "否决", None, "私自降价")
    assert (veto.kind, veto.points) == (AdjustmentKind.VETO, Decimal("0.00"))
    assert audit_rows(database, "adjustment") == [
        ("create", bonus.id, staff_id, cycle_id, "kind", None, "bonus", "获得重点客户书面表扬"),
        ("create", bonus.id, staff_id, cycle_id, "points", None, "2.00", "获得重点客户书面表扬"),
        ("create", deduction.id, staff_id, cycle_id, "kind", None, "deduction", "迟交周报三次"),
        ("create", deduction.id, staff_id, cycle_id, "points", None, "1.50", "迟交周报三次"),
        ("create", veto.id, staff_id, cycle_id, "kind", None, "veto", "私自降价"),
    ]

    raised = inputs.edit_adjustment(bonus.id, bonus.version, points=3)
    assert raised.points == Decimal("3.00")
    assert audit_rows(database, "adjustment")[-1][4:7] == ("points", "2.00", "3.00")
    refused(
        database, lambda: inputs.edit_adjustment(bonus.id, bonus.version, points=4), StaleEditError
    )
    refused(
        database,
        lambda: inputs.edit_adjustment(raised.id, raised.version, points=3, kind="veto"),
        ValidationError,
        "points",
    )
    as_veto = inputs.edit_adjustment(raised.id, raised.version, kind="veto")
    assert (as_veto.kind, as_veto.points) == (AdjustmentKind.VETO, Decimal("0.00"))
    inputs.delete_adjustment(deduction.id, deduction.version, reason="已申诉撤销")
    assert [a.reason for a in inputs.list_adjustments(CYCLE, "S003")] == [
        "获得重点客户书面表扬",
        "私自降价",
    ]


def test_cycle_adjustments_are_the_per_person_ones_in_one_read(
    services: Services,
    small_org: dict[str, StaffRow],
    cycle_id: int,
    inputs: AppraisalInputsService,
) -> None:
    assert inputs.list_cycle_adjustments(CYCLE) == []
    inputs.add_adjustment(CYCLE, "S003", "bonus", 2, "获得重点客户书面表扬")
    inputs.add_adjustment(CYCLE, "S002", "deduction", 1, "迟交周报")
    inputs.add_adjustment(CYCLE, "S003", "veto", None, "私自降价")
    make_cycle(services.database, [small_org["S002"].id], name="2026-Q2")
    inputs.add_adjustment("2026-Q2", "S002", "bonus", 1, "另一周期")
    rows = inputs.list_cycle_adjustments(cycle_id)
    per_person = inputs.list_adjustments(CYCLE, "S002") + inputs.list_adjustments(CYCLE, "S003")
    assert rows == sorted(per_person, key=lambda r: r.id)
    assert [(r.staff_code, r.staff_name, r.reason) for r in rows] == [
        ("S003", "张伟", "获得重点客户书面表扬"),
        ("S002", "李娜", "迟交周报"),
        ("S003", "张伟", "私自降价"),
    ]
    assert {r.staff_id for r in rows} == {small_org["S002"].id, small_org["S003"].id}


# --------------------------------------------------------------------------- cycle states


@pytest.mark.parametrize("state", ["confirmed", "closed"])
def test_a_confirmed_or_closed_cycle_refuses_every_input(
    services: Services,
    small_org: dict[str, StaffRow],
    cycle_id: int,
    inputs: AppraisalInputsService,
    state: str,
) -> None:
    database = services.database
    rating = inputs.set_rating(CYCLE, "S002", "专业知识", "S001", "supervisor", 3, version=None)
    task = inputs.add_task(CYCLE, "S002", "开拓新代理商", 50)
    adjustment = inputs.add_adjustment(CYCLE, "S002", "bonus", 1, "表扬")
    set_state(database, cycle_id, state)
    calls = [
        lambda: inputs.set_rating(
            CYCLE, "S002", "专业知识", "S001", "supervisor", 4, version=rating.version
        ),
        lambda: inputs.clear_rating(rating.id, rating.version),
        lambda: inputs.add_task(CYCLE, "S002", "另一项", 10),
        lambda: inputs.edit_task(task.id, task.version, completion=50),
        lambda: inputs.move_task(task.id, task.version, 0),
        lambda: inputs.delete_task(task.id, task.version),
        lambda: inputs.add_adjustment(CYCLE, "S002", "bonus", 1, "又一次表扬"),
        lambda: inputs.edit_adjustment(adjustment.id, adjustment.version, points=2),
        lambda: inputs.delete_adjustment(adjustment.id, adjustment.version),
    ]
    for call in calls:
        error = refused(database, call, ValidationError, "state")
        assert state in str(error)
    # Reading still works.
    assert [r.rating for r in inputs.list_ratings(CYCLE, "S002")] == [3]


@pytest.mark.parametrize("state", ["draft", "calibration"])
def test_draft_and_calibration_take_inputs(
    services: Services,
    small_org: dict[str, StaffRow],
    cycle_id: int,
    inputs: AppraisalInputsService,
    state: str,
) -> None:
    set_state(services.database, cycle_id, state)
    inputs.set_rating(CYCLE, "S002", "专业知识", "S001", "supervisor", 3, version=None)
    inputs.add_task(CYCLE, "S002", "开拓新代理商", 50)
    inputs.add_adjustment(CYCLE, "S002", "deduction", 1, "迟到")
    assert len(state_of(services.database)["adjustments"]) == 1
