"""Interviews and appeals of a confirmed cycle (appraisal-rules §6): the interview form, the
appeal window, decisions (upheld reopens the cycle for calibration, audited) and decision
due dates in working days."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from salesdesk.db.models import Cycle
from salesdesk.domain.errors import StaleEditError, ValidationError
from salesdesk.services.interviews import AppealOutcome, InterviewRow, InterviewsService
from salesdesk.services.registry import Services
from salesdesk.services.staff import StaffRow
from tests.unit.test_appraisal_inputs import CYCLE, audit_rows, make_cycle, refused, set_state

CONFIRMED_AT = datetime(2026, 4, 1, 16, 30)  # a Wednesday


@pytest.fixture
def cycle_id(services: Services, small_org: dict[str, StaffRow]) -> int:
    """A confirmed rep cycle (confirmed on 2026-04-01) with S002 and S003 taking part."""
    return make_cycle(
        services.database,
        [small_org["S002"].id, small_org["S003"].id],
        state="confirmed",
        confirmed_at=CONFIRMED_AT,
    )


@pytest.fixture
def service(services: Services) -> InterviewsService:
    return InterviewsService(services.database)


# --------------------------------------------------------------------------- interviews


def test_interview_form_is_recorded_and_audited(
    services: Services, small_org: dict[str, StaffRow], cycle_id: int, service: InterviewsService
) -> None:
    empty = service.get_interview(CYCLE, "S002")
    assert (empty.version, empty.interview_date, empty.refused) == (None, None, False)
    saved = service.set_interview(
        CYCLE,
        "S002",
        version=None,
        interview_date=date(2026, 4, 3),
        notes="回款率偏低，主要是两家大客户拖欠",
        improvement_goals="Q2 回款率达到 95%",
        confirmed_on=date(2026, 4, 3),
    )
    assert saved == service.get_interview(cycle_id, small_org["S002"].id)
    assert (saved.confirmed_on, saved.refused, saved.version) == (date(2026, 4, 3), False, 1)
    staff_id = small_org["S002"].id
    created = {r[4]: r for r in audit_rows(services.database, "interview")}
    assert set(created) == {"interview_date", "notes", "improvement_goals", "confirmed_on"}
    assert created["confirmed_on"][2:] == (
        staff_id,
        cycle_id,
        "confirmed_on",
        None,
        "2026-04-03",
        "",
    )

    database = services.database
    # A refusal needs a reason; confirmation and refusal exclude each other.
    refused(
        database,
        lambda: service.set_interview(CYCLE, "S002", version=saved.version, refusal_reason="  "),
        ValidationError,
        "refusal_reason",
    )
    refused(
        database,
        lambda: service.set_interview(
            CYCLE,
            "S002",
            version=saved.version,
            confirmed_on=date(2026, 4, 3),
            refusal_reason="不认同回款率的口径",
        ),
        ValidationError,
        "confirmed_on",
    )
    refused(
        database,
        lambda: service.set_interview(CYCLE, "S002", version=None, notes="另一个窗口"),
        StaleEditError,
    )
    refusal = service.set_interview(
        CYCLE,
        "S002",
        version=saved.version,
        interview_date=date(2026, 4, 3),
        notes=saved.notes,
        improvement_goals=saved.improvement_goals,
        refusal_reason="不认同回款率的口径",
        reason="员工改变意见",
    )
    assert (refusal.refused, refusal.confirmed_on, refusal.refusal_reason) == (
        True,
        None,
        "不认同回款率的口径",
    )
    changes = {
        r[4]: (r[5], r[6], r[7]) for r in audit_rows(database, "interview") if r[0] == "update"
    }
    assert changes == {
        "confirmed_on": ("2026-04-03", None, "员工改变意见"),
        "refused": ("false", "true", "员工改变意见"),
        "refusal_reason": ("", "不认同回款率的口径", "员工改变意见"),
    }
    refused(
        database,
        lambda: service.set_interview(CYCLE, "S004", version=None, notes="不在周期内"),
        ValidationError,
        "staff",
    )


def test_cycle_interviews_are_the_per_person_ones_in_one_read(
    services: Services, small_org: dict[str, StaffRow], cycle_id: int, service: InterviewsService
) -> None:
    def per_person() -> list[InterviewRow]:
        return [service.get_interview(cycle_id, code) for code in ("S002", "S003")]

    assert service.list_interviews(CYCLE) == per_person()
    assert [r.version for r in service.list_interviews(CYCLE)] == [None, None]
    service.set_interview(
        CYCLE,
        "S003",
        version=None,
        interview_date=date(2026, 4, 3),
        notes="回顾本季度业绩",
        refusal_reason="不认同回款率的口径",
    )
    make_cycle(
        services.database,
        [small_org["S002"].id],
        name="2026-Q2",
        state="confirmed",
        confirmed_at=CONFIRMED_AT,
    )
    service.set_interview("2026-Q2", "S002", version=None, notes="另一周期")
    rows = service.list_interviews(cycle_id)
    assert rows == per_person()
    assert [(r.staff_id, r.version, r.refused) for r in rows] == [
        (small_org["S002"].id, None, False),
        (small_org["S003"].id, 1, True),
    ]
    assert [r.notes for r in service.list_interviews("2026-Q2")] == ["另一周期"]


@pytest.mark.parametrize("state", ["open", "calibration", "closed"])
def test_interviews_only_while_confirmed(
    services: Services,
    small_org: dict[str, StaffRow],
    cycle_id: int,
    service: InterviewsService,
    state: str,
) -> None:
    set_state(services.database, cycle_id, state)
    refused(
        services.database,
        lambda: service.set_interview(CYCLE, "S002", version=None, notes="面谈"),
        ValidationError,
        "state",
    )


# --------------------------------------------------------------------------- appeals


def test_appeal_window_is_seven_days_after_confirmation(
    services: Services, small_org: dict[str, StaffRow], cycle_id: int, service: InterviewsService
) -> None:
    database = services.database
    assert service.appeal_deadline(CYCLE) == date(2026, 4, 8)
    last_day = service.file_appeal(CYCLE, "S002", "回款率口径有误", filed_on=date(2026, 4, 8))
    assert (last_day.outcome, last_day.staff_code, last_day.filed_on) == (
        AppealOutcome.PENDING,
        "S002",
        date(2026, 4, 8),
    )
    late = refused(
        database,
        lambda: service.file_appeal(CYCLE, "S003", "评分不公", filed_on=date(2026, 4, 9)),
        ValidationError,
        "filed_on",
    )
    assert "2026-04-08" in str(late)
    refused(
        database,
        lambda: service.file_appeal(CYCLE, "S003", "评分不公", filed_on=date(2026, 3, 31)),
        ValidationError,
        "filed_on",
    )
    refused(
        database,
        lambda: service.file_appeal(CYCLE, "S003", "  ", filed_on=date(2026, 4, 2)),
        ValidationError,
        "grounds",
    )
    refused(
        database,
        lambda: service.file_appeal(CYCLE, "S004", "评分不公", filed_on=date(2026, 4, 2)),
        ValidationError,
        "staff",
    )
    set_state(database, cycle_id, "calibration")
    refused(
        database,
        lambda: service.file_appeal(CYCLE, "S003", "评分不公", filed_on=date(2026, 4, 2)),
        ValidationError,
        "state",
    )


def test_upheld_appeal_moves_the_cycle_back_to_calibration(
    services: Services, small_org: dict[str, StaffRow], cycle_id: int, service: InterviewsService
) -> None:
    database = services.database
    appeal = service.file_appeal(
        CYCLE, "S002", "两笔回款被记到了同事名下", filed_on=date(2026, 4, 2)
    )
    refused(
        database,
        lambda: service.decide_appeal(appeal.id, appeal.version, "upheld"),
        ValidationError,
        "resolution",
    )
    refused(
        database,
        lambda: service.decide_appeal(appeal.id, appeal.version, "maybe", "再议"),
        ValidationError,
        "outcome",
    )
    found = service.record_findings(
        appeal.id,
        appeal.version,
        facts="ERP 中两笔回款业务员录错",
        resolution="更正回款归属后重新计分",
    )
    assert found.facts == "ERP 中两笔回款业务员录错"
    refused(
        database,
        lambda: service.decide_appeal(appeal.id, appeal.version, "upheld"),
        StaleEditError,
    )
    decided = service.decide_appeal(found.id, found.version, "成立", decided_on=date(2026, 4, 7))
    assert (decided.outcome, decided.decided_on, decided.resolution) == (
        AppealOutcome.UPHELD,
        date(2026, 4, 7),
        "更正回款归属后重新计分",
    )
    assert _cycle_state(services, cycle_id) == "calibration"
    moves = audit_rows(database, "cycle")
    assert moves == [
        (
            "update",
            cycle_id,
            small_org["S002"].id,
            cycle_id,
            "state",
            "confirmed",
            "calibration",
            "两笔回款被记到了同事名下",
        )
    ]
    refused(
        database,
        lambda: service.decide_appeal(decided.id, decided.version, "rejected", "重复处理"),
        ValidationError,
        "outcome",
    )


def test_rejected_appeal_leaves_the_cycle_confirmed(
    services: Services, small_org: dict[str, StaffRow], cycle_id: int, service: InterviewsService
) -> None:
    appeal = service.file_appeal(CYCLE, "S003", "评分偏低", filed_on=date(2026, 4, 2))
    decided = service.decide_appeal(appeal.id, appeal.version, "驳回", "评分有书面事例支持")
    assert decided.outcome is AppealOutcome.REJECTED
    assert _cycle_state(services, cycle_id) == "confirmed"
    assert audit_rows(services.database, "cycle") == []
    set_state(services.database, cycle_id, "closed")
    other = service.list_appeals(CYCLE)[0]
    assert other.decided


def test_decision_due_in_working_days_and_overdue(
    services: Services, small_org: dict[str, StaffRow], cycle_id: int, service: InterviewsService
) -> None:
    friday = date(2026, 4, 3)
    assert friday.weekday() == 4
    first = service.file_appeal(CYCLE, "S002", "回款率口径有误", filed_on=friday)
    second = service.file_appeal(CYCLE, "S003", "评分偏低", filed_on=date(2026, 4, 6))
    # Ten working days after Friday 3 April skip two weekends: Friday 17 April (ten
    # calendar days would be Monday 13 April).
    assert first.decision_due == date(2026, 4, 17)
    assert second.decision_due == date(2026, 4, 20)
    on_due_day = service.list_appeals(CYCLE, today=date(2026, 4, 17))
    assert [(a.staff_code, a.overdue) for a in on_due_day] == [("S002", False), ("S003", False)]
    after = service.list_appeals(CYCLE, today=date(2026, 4, 18))
    assert [(a.staff_code, a.overdue) for a in after] == [("S002", True), ("S003", False)]
    service.decide_appeal(
        first.id, first.version, "rejected", "口径符合方案", decided_on=date(2026, 4, 20)
    )
    later = service.list_appeals(CYCLE, today=date(2026, 4, 30))
    assert [(a.staff_code, a.overdue) for a in later] == [("S002", False), ("S003", True)]
    set_state(services.database, cycle_id, "closed")
    refused(
        services.database,
        lambda: service.decide_appeal(second.id, second.version, "rejected", "已关闭"),
        ValidationError,
        "state",
    )


def _cycle_state(services: Services, cycle_id: int) -> str:
    with services.database.reading() as s:
        return s.get_one(Cycle, cycle_id).state
