"""The demo company's appraisal cycles: a confirmed 2026-Q1 quarterly cycle for the reps
(ratings by supervisor, peers and self, key tasks, a few bonuses and deductions, one
calibration override, interviews and one rejected appeal) and an open 2026-Q2 cycle with
its key tasks set and the first ratings in."""

from __future__ import annotations

import random
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, select, update

from salesdesk.db.models import (
    Adjustment,
    Appeal,
    Appraisal,
    Cycle,
    Interview,
    KeyTask,
    Rating,
    Staff,
)
from salesdesk.domain.text import t
from salesdesk.services.cycles import CyclesService
from salesdesk.services.database import Database

DEMO_SCHEME = "销售代表季度考核方案"

TASKS = (
    "完成重点客户年度框架协议续签",
    "开拓两家行业标杆客户",
    "新产品线试点推广",
    "清理逾期一年以上的应收账款",
    "完善客户档案与拜访记录",
    "组织区域客户技术交流会",
    "配合完成渠道价格体系梳理",
    "带教一名新入职销售代表",
)
HIGH_EXAMPLES = (
    "独立拿下年度最大订单，方案与谈判均出色",
    "主动协调交付，客户书面表扬",
    "产品知识扎实，多次为同事解答技术问题",
    "严格执行价格政策，拒绝违规返利要求",
)
LOW_EXAMPLES = (
    "两次报价出现价格错误，需加强产品与政策学习",
    "客户投诉回复不及时，沟通需改进",
    "团队协作不足，未按时提交共享客户资料",
    "未经审批给予客户额外折扣",
)
BONUSES = (
    ("获得公司季度优秀新人奖", Decimal(3)),
    ("成功回收长期呆账", Decimal(2)),
    ("提出合理化建议被采纳", Decimal("1.5")),
)
DEDUCTIONS = (
    ("违反费用报销制度", Decimal(2)),
    ("客户资料未按时归档", Decimal(1)),
)
INTERVIEW_NOTES = (
    "肯定了本季度的业绩达成，讨论了回款节奏。",
    "回顾了重点客户的推进情况，双方对结果无异议。",
    "分析了新客户开发不足的原因，约定下季度的拜访计划。",
)
GOALS = (
    "下季度新客户不少于 2 家；逾期应收款清零。",
    "提升报价准确率；参加产品培训并通过考核。",
    "保持回款率在 95% 以上；带教新人一名。",
)


def _comment(rng: random.Random, rating: int) -> str:
    if rating == 5:
        return rng.choice(HIGH_EXAMPLES)
    if rating <= 2:
        return rng.choice(LOW_EXAMPLES)
    return ""


def _rating(rng: random.Random, base: float) -> int:
    return max(1, min(5, round(base + rng.uniform(-0.8, 0.8))))


def _at(day: date) -> datetime:
    return datetime.combine(day, time(9, 0))


def _inputs(
    database: Database,
    rng: random.Random,
    cycle_id: int,
    *,
    completed: bool,
    rated_share: float,
) -> None:
    """Ratings, key tasks and adjustments for every participant of a cycle."""
    with database.transaction() as s:
        cycle = s.get(Cycle, cycle_id)
        assert cycle is not None
        items = [i["name"] for i in cycle.scheme_snapshot["items"] if i["kind"] == "rating"]
        people = s.execute(
            select(Appraisal.id, Staff.id, Staff.unit_id, Staff.manager_id)
            .join(Staff, Staff.id == Appraisal.staff_id)
            .where(Appraisal.cycle_id == cycle_id)
            .order_by(Staff.code)
        ).all()
        teams: dict[int, list[int]] = {}
        for _appraisal, staff_id, unit_id, _manager in people:
            teams.setdefault(unit_id, []).append(staff_id)
        ratings: list[dict[str, Any]] = []
        tasks: list[dict[str, Any]] = []
        adjustments: list[dict[str, Any]] = []
        stamp = _at(cycle.opened_at.date() if cycle.opened_at else date(2026, 1, 5))
        for appraisal_id, staff_id, unit_id, manager_id in people:
            ability = rng.uniform(2.6, 4.6)
            rated = rng.random() < rated_share
            peers = [p for p in teams[unit_id] if p != staff_id]
            raters: list[tuple[int, str]] = [(staff_id, "self")]
            if manager_id is not None:
                raters.append((manager_id, "supervisor"))
            raters += [(p, "peer") for p in rng.sample(peers, min(2, len(peers)))]
            for item in items:
                if not rated:
                    break
                for rater_id, role in raters:
                    value = _rating(rng, ability + (0.3 if role == "self" else 0))
                    ratings.append(
                        {
                            "appraisal_id": appraisal_id,
                            "item_name": item,
                            "rater_id": rater_id,
                            "rater_role": role,
                            "rating": value,
                            "comment": _comment(rng, value),
                            "rated_at": stamp,
                        }
                    )
            weights = rng.choice(((50, 50), (40, 30, 30), (60, 40)))
            for position, (description, weight) in enumerate(
                zip(rng.sample(TASKS, len(weights)), weights, strict=True)
            ):
                completion = Decimal(rng.randrange(50, 101, 5)) if completed else None
                tasks.append(
                    {
                        "appraisal_id": appraisal_id,
                        "position": position,
                        "description": description,
                        "weight": Decimal(weight),
                        "completion": completion,
                        "note": "",
                    }
                )
            if completed:
                roll = rng.random()
                if roll < 0.12:
                    reason, points = rng.choice(BONUSES)
                    adjustments.append(_adjustment(appraisal_id, "bonus", points, reason, stamp))
                elif roll < 0.2:
                    reason, points = rng.choice(DEDUCTIONS)
                    adjustments.append(
                        _adjustment(appraisal_id, "deduction", points, reason, stamp)
                    )
        for model, rows in ((Rating, ratings), (KeyTask, tasks), (Adjustment, adjustments)):
            for start in range(0, len(rows), 5000):
                s.execute(insert(model), rows[start : start + 5000])


def _adjustment(
    appraisal_id: int, kind: str, points: Decimal, reason: str, at: datetime
) -> dict[str, Any]:
    return {
        "appraisal_id": appraisal_id,
        "kind": kind,
        "points": points,
        "reason": reason,
        "created_at": at,
    }


def _dates(database: Database, cycle_id: int, **values: Any) -> None:
    """The demo's cycles happened in 2026, not on the day the demo was built."""
    with database.transaction() as s:
        s.execute(update(Cycle).where(Cycle.id == cycle_id).values(**values))


def build_demo_cycles(database: Database, rng: random.Random) -> None:
    """The confirmed 2026-Q1 and the open 2026-Q2 quarterly cycles of the reps."""
    cycles = CyclesService(database)
    reason = t("demo company", "演示公司")
    q1 = cycles.open_cycle(DEMO_SCHEME, "2026-Q1", reason=reason)
    if q1.participants == 0:
        return
    _dates(database, q1.id, opened_at=_at(date(2026, 1, 5)))
    _inputs(database, rng, q1.id, completed=True, rated_share=1.0)
    cycles.advance(q1.id, "calibration")
    first = cycles.results(q1.id).rows
    candidates = [r for r in first if r.card["band_grade"] == "B" and not r.card["veto"]]
    if candidates:
        chosen = candidates[0]
        cycles.set_override(
            q1.id,
            chosen.code,
            "A",
            "拿下年度最大客户，业绩贡献未完全体现在本季度数据中",
        )
    cycles.advance(q1.id, "confirmed")
    confirmed_on = date(2026, 4, 8)
    _dates(database, q1.id, confirmed_at=_at(confirmed_on))
    _after_confirmation(database, rng, q1.id, confirmed_on)

    q2 = cycles.open_cycle(DEMO_SCHEME, "2026-Q2", reason=reason)
    _dates(database, q2.id, opened_at=_at(date(2026, 4, 1)))
    _inputs(database, rng, q2.id, completed=False, rated_share=0.4)


def _after_confirmation(
    database: Database, rng: random.Random, cycle_id: int, confirmed_on: date
) -> None:
    """Interviews for most people (one refusal) and one appeal, rejected."""
    with database.transaction() as s:
        appraisals = s.execute(
            select(Appraisal.id, Appraisal.final_grade)
            .where(Appraisal.cycle_id == cycle_id)
            .order_by(Appraisal.id)
        ).all()
        interviews: list[dict[str, Any]] = []
        refused_done = False
        for index, (appraisal_id, grade) in enumerate(appraisals):
            if rng.random() < 0.15:
                continue  # not interviewed yet
            day = date(2026, 4, 9 + index % 5)
            refuse = not refused_done and grade in ("C", "D")
            refused_done = refused_done or refuse
            interviews.append(
                {
                    "appraisal_id": appraisal_id,
                    "interview_date": day,
                    "notes": rng.choice(INTERVIEW_NOTES),
                    "improvement_goals": rng.choice(GOALS),
                    "confirmed_on": None if refuse else day,
                    "refused": refuse,
                    "refusal_reason": "认为回款率统计口径有误，已提出申诉" if refuse else "",
                }
            )
        if interviews:
            s.execute(insert(Interview), interviews)
        appellant = next((i["appraisal_id"] for i in interviews if i["refused"]), None)
        if appellant is not None:
            s.add(
                Appeal(
                    appraisal_id=appellant,
                    filed_on=date(2026, 4, 13),
                    grounds="三月一笔回款在四月初到账，应计入一季度回款率",
                    facts="核对银行流水：该笔款项 4 月 2 日到账，按制度以到账日计入当期",
                    resolution="维持原考核结果，向员工解释回款统计口径",
                    outcome="rejected",
                    decided_on=date(2026, 4, 20),
                )
            )
