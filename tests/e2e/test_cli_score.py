"""`salesdesk score CYCLE --json` against scorecards worked out by hand.

A small company is built the way a user builds one — staff, targets, ledger and manual
metrics imported from workbooks, a scheme imported from JSON, a cycle opened from the
command line — and the ratings, key tasks and adjustments are entered. Every item of
every scorecard below was computed by hand; the arithmetic is written beside it.

The scheme (weights add up to 100) covers every rule of appraisal-rules §5.1, two rated
items, key tasks, bonuses over the cap, a deduction and a veto; its distribution is
`enforce`, so one person is moved down from S. Six reps, all in 销售部/一组 under the
supervisor M1; R6 joined on 2026-02-10 (partial period).

Targets for 2026-Q1 (quarter values split evenly into months, largest remainder, the
earlier month first): revenue 300,000 (100,000 a month), orders 10 (4/3/3), new customers
2 (1/1/0), visits 60 (20 a month). R6 is pro-rated: January 0 days (0), February 19 days
(≥ 15: in full), March in full → revenue 200,000, orders 6, new customers 1, visits 40.
"""

from __future__ import annotations

import json
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from salesdesk.db.models import Adjustment, Appraisal, Cycle, KeyTask, Rating, Staff
from salesdesk.services.database import open_database
from tests.e2e.cli import run_cli
from tests.unit.workbooks import STAFF_HEADERS, write_xlsx

CYCLE = "2026-Q1 测试季度考核"

SCHEME: dict[str, Any] = {
    "name": "测试季度考核方案",
    "role": "rep",
    "cycle_type": "quarterly",
    "bonus_cap": "10",
    "rater_weights": {"supervisor": 70, "peer": 20, "self": 10, "skip_level": 0},
    "bands": [["S", "95"], ["A", "85"], ["B", "70"], ["C", "60"], ["D", "0"]],
    "coefficients": {"S": "1.5", "A": "1.2", "B": "1.0", "C": "0.7", "D": "0"},
    "distribution": {"mode": "enforce", "shares": {"S": 10, "A": 20, "B": 40, "C": 20, "D": 10}},
    "items": [
        {"name": "销售额", "category": "result", "weight": 30, "kind": "metric",
         "metric": "revenue", "scope": "own",
         "rule": {"type": "linear", "floor": "0.6", "cap": "1.2"}},
        {"name": "订单数", "category": "result", "weight": 10, "kind": "metric",
         "metric": "orders", "scope": "own",
         "rule": {"type": "interpolated", "low": "0.6", "high": "1.2", "bonus": "0.2"}},
        {"name": "新客户", "category": "customer_process", "weight": 10, "kind": "metric",
         "metric": "new_customers", "scope": "own",
         "rule": {"type": "banded", "bands": [["1.0", "1.0"], ["0.5", "0.6"]]}},
        {"name": "拜访", "category": "customer_process", "weight": 5, "kind": "metric",
         "metric": "visits", "scope": "own", "rule": {"type": "threshold"}},
        {"name": "逾期应收", "category": "customer_process", "weight": 5, "kind": "metric",
         "metric": "overdue_receivables", "scope": "own",
         "rule": {"type": "per_unit", "baseline": "0", "unit": "10000", "points": "1"}},
        {"name": "满意度", "category": "customer_process", "weight": 5, "kind": "metric",
         "metric": "satisfaction", "scope": "own", "rule": {"type": "direct"}},
        {"name": "重点工作", "category": "result", "weight": 10, "kind": "key_tasks"},
        {"name": "专业知识", "category": "capability", "weight": 15, "kind": "rating",
         "levels": {"5": "卓越", "4": "良好", "3": "合格", "2": "待改进", "1": "不合格"}},
        {"name": "团队协作", "category": "capability", "weight": 10, "kind": "rating",
         "levels": {"5": "卓越", "4": "良好", "3": "合格", "2": "待改进", "1": "不合格"}},
    ],
}  # fmt: skip

# (code, name, pay base, hire date)
REPS = [
    ("R1", "王一", 2000, "2024-01-01"),
    ("R2", "李二", 2000, "2024-01-01"),
    ("R3", "赵三", 1500, "2024-01-01"),
    ("R4", "钱四", 1000, "2024-01-01"),
    ("R5", "孙五", 1000, "2024-01-01"),
    ("R6", "周六", 3000, "2026-02-10"),
]

# Ledger: (rep, number of orders, amount of each, customers in turn, first order date).
# Each order is one line with its own order number.
SALES = [
    ("R1", 12, 27_500, ["甲一", "甲二"], date(2026, 1, 5)),  # 330,000; 2 new customers
    ("R2", 5, 30_000, ["乙一"], date(2026, 1, 6)),  # 150,000; 1 new
    ("R3", 8, 30_000, ["丙一"], date(2026, 1, 7)),  # 240,000; 丙一 bought in 2025: 0 new
    ("R4", 10, 40_000, ["丁一", "丁二", "丁三"], date(2026, 1, 8)),  # 400,000; 3 new
    ("R6", 6, 35_000, ["己一"], date(2026, 2, 15)),  # 210,000; 1 new
]
# R5: 8 orders of 30,000 and one of 45,000 = 285,000 in 9 orders, 1 new customer.


run = run_cli


def _ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr + result.stdout
    return result.stdout


def _ledger_rows() -> list[list[object]]:
    rows: list[list[object]] = [["日期", "单号", "业务员", "客户", "产品线", "金额"]]
    number = 0
    for code, count, amount, customers, first in SALES:
        for i in range(count):
            number += 1
            day = date(first.year, first.month + (i % 3 if first.month == 1 else i % 2), first.day)
            rows.append(
                [day, f"SO{number:04d}", code, customers[i % len(customers)], "工业泵", amount]
            )
    for i in range(9):
        number += 1
        rows.append(
            [date(2026, 1 + i % 3, 10), f"SO{number:04d}", "R5", "戊一", "工业泵",
             45_000 if i == 0 else 30_000]
        )  # fmt: skip
    # 丙一 bought from R3 in June 2025: not a new customer in 2026-Q1.
    rows.append([date(2025, 6, 1), "SO9999", "R3", "丙一", "工业泵", 1_000])
    return rows


def _metric_rows() -> list[list[object]]:
    rows: list[list[object]] = [["工号", "期间", "指标", "数值"]]
    visits = {
        "R1": [20, 20, 20],  # 60 ≥ 60 → 5
        "R2": [20, 20, 19],  # 59 < 60 → 0
        "R3": [25, 25, 20],  # 70 → 5
        "R4": [20, None, None],  # 20 → 0
        "R5": [20, 20, 20],  # 60 → 5
        "R6": [None, 20, 20],  # 40 ≥ 40 (pro-rated) → 5
    }
    satisfaction = {
        "R1": [90, 90, 90],  # mean 90 → 5 × 90 ÷ 100 = 4.50
        "R2": [80, 85, 90],  # 85 → 4.25
        "R3": [100, 100, 100],  # 5.00
        "R4": [70, None, None],  # 3.50
        "R5": [95, 96, 97],  # 96 → 4.80
        "R6": [None, 88, 89],  # 88.5 → 4.425 → 4.43
    }
    overdue = {  # `last`: the last month with data
        "R1": [None, None, 0],  # 0 → 5
        "R2": [None, None, 25_000],  # 2 whole units of 10,000 → 5 − 2 = 3
        "R3": [None, None, 9_999],  # 0 whole units → 5
        "R4": [None, None, 60_000],  # 6 units → 5 − 6 < 0 → 0
        "R5": [50_000, None, 10_000],  # 10,000: 1 unit → 4
    }  # R6: no value → no data → 0
    for metric, table in (("visits", visits), ("satisfaction", satisfaction)):
        for code, values in table.items():
            for month, value in enumerate(values, start=1):
                if value is not None:
                    rows.append([code, f"2026-{month:02d}", metric, value])
    for code, values in overdue.items():
        for month, value in enumerate(values, start=1):
            if value is not None:
                rows.append([code, f"2026-{month:02d}", "overdue_receivables", value])
    return rows


def _enter_inputs(db_path: Path) -> None:
    """Ratings, key tasks and adjustments as the supervisor enters them."""
    database = open_database(db_path)
    with database.transaction() as s:
        cycle = s.scalar(select(Cycle).where(Cycle.name == CYCLE))
        assert cycle is not None
        staff = {p.code: p.id for p in s.scalars(select(Staff))}
        appraisal = {
            code: s.scalar(
                select(Appraisal.id).where(
                    Appraisal.cycle_id == cycle.id, Appraisal.staff_id == staff[code]
                )
            )
            for code in staff
        }

        def rate(ratee: str, item: str, rater: str, role: str, value: int, note: str = "") -> None:
            s.add(
                Rating(
                    appraisal_id=appraisal[ratee],
                    item_name=item,
                    rater_id=staff[rater],
                    rater_role=role,
                    rating=value,
                    comment=note,
                )
            )

        # R1 专业知识: supervisor 4; peers 3 and 4 (mean 3.5); self 5.
        #   R = (70×4 + 20×3.5 + 10×5) ÷ 100 = 4.0 → 15 × 4.0 ÷ 5 = 12.00
        rate("R1", "专业知识", "M1", "supervisor", 4)
        rate("R1", "专业知识", "R2", "peer", 3)
        rate("R1", "专业知识", "R3", "peer", 4)
        rate("R1", "专业知识", "R1", "self", 5, "拿下年度最大订单")
        # R1 团队协作: supervisor 3 → 10 × 3 ÷ 5 = 6.00
        rate("R1", "团队协作", "M1", "supervisor", 3)
        # R2 专业知识: supervisor 2, self 3; weights renormalised over the two roles:
        #   R = (70×2 + 10×3) ÷ 80 = 2.125 → 15 × 2.125 ÷ 5 = 6.375 → 6.38
        rate("R2", "专业知识", "M1", "supervisor", 2, "报价两次出错")
        rate("R2", "专业知识", "R2", "self", 3)
        # R2 团队协作: supervisor 2 → 4.00, and R ≤ 2 puts R2 on the training list
        rate("R2", "团队协作", "M1", "supervisor", 2, "未按时共享客户资料")
        # R3 专业知识: five peers 5, 4, 4, 3, 1 → the highest and lowest dropped → 11/3;
        #   supervisor 4. R = (70×4 + 20×11/3) ÷ 90 = 3.92592… → 15 × R ÷ 5 = 11.78
        rate("R3", "专业知识", "M1", "supervisor", 4)
        for rater, value, note in (
            ("R1", 5, "带新人熟悉产品"),
            ("R2", 4, ""),
            ("R4", 4, ""),
            ("R5", 3, ""),
            ("R6", 1, "技术参数答错"),
        ):
            rate("R3", "专业知识", rater, "peer", value, note)
        rate("R3", "团队协作", "M1", "supervisor", 4)  # 8.00
        # R4: supervisor 5 on both, a peer 5 on teamwork → 15.00 and 10.00
        rate("R4", "专业知识", "M1", "supervisor", 5, "方案能力突出")
        rate("R4", "团队协作", "M1", "supervisor", 5, "主动支援同事")
        rate("R4", "团队协作", "R1", "peer", 5, "帮我解决了交付问题")
        # R5: 专业知识 supervisor 3 → 9.00; 团队协作 nobody rated (yet) → 0, unrated
        rate("R5", "专业知识", "M1", "supervisor", 3)
        # R6: 专业知识 self 4 only → 12.00; 团队协作 a peer 3 → 6.00
        rate("R6", "专业知识", "R6", "self", 4)
        rate("R6", "团队协作", "R2", "peer", 3)

        def task(code: str, weight: int, completion: int | None) -> None:
            s.add(
                KeyTask(
                    appraisal_id=appraisal[code],
                    description=f"{code} 任务 {weight}/{completion}",
                    weight=Decimal(weight),
                    completion=None if completion is None else Decimal(completion),
                )
            )

        task("R1", 50, 100)  # (50×100 + 50×80) ÷ 100 = 90 % → 10 × 0.9 = 9.00
        task("R1", 50, 80)
        task("R2", 60, 50)  # (60×50 + 40×0) ÷ 100 = 30 % → 3.00, one task not rated
        task("R2", 40, None)
        # R3: no key tasks → 0 with a warning
        task("R4", 1, 100)  # 10.00
        task("R5", 30, 100)  # (30×100 + 30×100 + 40×25) ÷ 100 = 70 % → 7.00
        task("R5", 30, 100)
        task("R5", 40, 25)
        task("R6", 100, 75)  # 7.50

        def adjust(code: str, kind: str, points: str, reason: str) -> None:
            s.add(
                Adjustment(
                    appraisal_id=appraisal[code], kind=kind, points=Decimal(points), reason=reason
                )
            )

        adjust("R1", "bonus", "8", "季度销售冠军")  # 8 + 5 = 13, capped at 10
        adjust("R1", "bonus", "5", "合理化建议")
        adjust("R2", "deduction", "2.5", "迟交周报三次")
        adjust("R4", "veto", "0", "虚开发票")  # total 0, grade D
        adjust("R5", "bonus", "1", "协助盘点")
        adjust("R6", "bonus", "9", "新人开单奖")
    database.close()


# Expected item scores, in the scheme's item order:
# 销售额 (linear), 订单数 (interpolated), 新客户 (banded), 拜访 (threshold),
# 逾期应收 (per_unit), 满意度 (direct), 重点工作, 专业知识, 团队协作
EXPECTED_ITEMS = {
    # revenue 330,000 ÷ 300,000 = 1.1 → 30 × 1.1 = 33.00; orders 12 ÷ 10 = 1.2 →
    # 10 × (1 + 0.2 × (1.2 − 1) ÷ 0.2) = 12.00; new 2 ÷ 2 = 1.0 → band 1.0 → 10.00
    "R1": ["33.00", "12.00", "10.00", "5.00", "5.00", "4.50", "9.00", "12.00", "6.00"],
    # 0.5 < floor → 0; orders 5 ÷ 10 = 0.5 ≤ low → 0; new 1 ÷ 2 = 0.5 → band 0.6 → 6.00
    "R2": ["0.00", "0.00", "6.00", "0.00", "3.00", "4.25", "3.00", "6.38", "4.00"],
    # 0.8 → 24.00; orders 0.8 → 10 × (0.8 − 0.6) ÷ 0.4 = 5.00; new 0 ÷ 2 → 0
    "R3": ["24.00", "5.00", "0.00", "5.00", "5.00", "5.00", "0.00", "11.78", "8.00"],
    # 1.333… > cap → 30 × 1.2 = 36.00; orders 1.0 → 10.00; new 3 ÷ 2 = 1.5 → 10.00
    "R4": ["36.00", "10.00", "10.00", "0.00", "0.00", "3.50", "10.00", "15.00", "10.00"],
    # 285,000 ÷ 300,000 = 0.95 → 28.50; orders 9 ÷ 10 = 0.9 → 10 × 0.3 ÷ 0.4 = 7.50;
    # new 1 ÷ 2 → 6.00
    "R5": ["28.50", "7.50", "6.00", "5.00", "4.00", "4.80", "7.00", "9.00", "0.00"],
    # pro-rated: 210,000 ÷ 200,000 = 1.05 → 31.50; orders 6 ÷ 6 → 10.00; new 1 ÷ 1 → 10.00
    "R6": ["31.50", "10.00", "10.00", "5.00", "0.00", "4.43", "7.50", "12.00", "6.00"],
}
# Totals: the sum of the rounded item scores + counted bonus − deductions.
EXPECTED = {
    #       bonus    deduct  total     band dist final coef   pay        rank
    "R1": ("10.00", "0.00", "106.50", "S", "S", "S", "1.5", "9000.00", 1),  # 96.50 + 10
    "R6": ("9.00", "0.00", "95.43", "S", "A", "A", "1.2", "6000.00", 2),  # 86.43 + 9
    "R5": ("1.00", "0.00", "72.80", "B", "B", "B", "1.0", "3000.00", 3),  # 71.80 + 1
    "R3": ("0.00", "0.00", "63.78", "C", "C", "C", "0.7", "3150.00", 4),
    "R2": ("0.00", "2.50", "24.13", "D", "D", "D", "0", "0.00", 5),  # 26.63 − 2.50
    "R4": ("0.00", "0.00", "0.00", "D", "D", "D", "0", "0.00", 6),  # veto (items 94.50)
}
# Pay = pay base × 3 months × coefficient: R1 2000 × 3 × 1.5 = 9000.00; R3 1500 × 3 × 0.7
# = 3150.00; R5 1000 × 3 × 1.0 = 3000.00; R6 (partial) 3000 × 3 × 1.2 × 50 days employed
# (19 in February + 31 in March) ÷ 90 days = 6000.00.
# Enforcement: quotas of 6 people by largest remainder: 0.6 / 1.2 / 2.4 / 1.2 / 0.6 →
# 0, 1, 2, 1, 0 and two seats left for the largest remainders, S (.6) and D (.6), equal:
# the better grade first → S 1, A 1, B 2, C 1, D 1. R1 and R6 hold S: R6, ranked lower,
# moves to A (A then holds 1, its quota).
EXPECTED_DISTRIBUTION = {
    #     quota, count before, count after, excess
    "S": (1, 2, 1, False),
    "A": (1, 0, 1, False),
    "B": (2, 1, 1, False),
    "C": (1, 1, 1, False),
    "D": (1, 2, 2, True),
}


@pytest.fixture(scope="module")
def company(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("score_e2e")
    home = folder / "home"
    db = folder / "company.db"
    staff_rows: list[list[object]] = [
        STAFF_HEADERS,
        ["M1", "张经理", "supervisor", "销售部/一组", None, "2023-01-01", None, 3000],
    ]
    staff_rows += [
        [code, name, "rep", "销售部/一组", "M1", hired, None, pay]
        for code, name, pay, hired in REPS
    ]
    target_rows: list[list[object]] = [["工号", "指标", "期间", "目标值"]]
    for code, *_ in REPS:
        for metric, value in (("revenue", 300_000), ("orders", 10), ("new_customers", 2)):
            target_rows.append([code, metric, "2026-Q1", value])
        target_rows.append([code, "visits", "2026-Q1", 60])
    files = {
        "staff": write_xlsx(folder / "staff.xlsx", staff_rows),
        "targets": write_xlsx(folder / "targets.xlsx", target_rows),
        "ledger": write_xlsx(folder / "ledger.xlsx", _ledger_rows()),
        "metrics": write_xlsx(folder / "metrics.xlsx", _metric_rows()),
    }
    for kind, path in files.items():
        _ok(run("import", kind, path, "--db", db, home=home))
    scheme = folder / "scheme.json"
    scheme.write_text(json.dumps(SCHEME, ensure_ascii=False), encoding="utf-8")
    _ok(run("scheme", "import", scheme, "--db", db, home=home))
    _ok(run("cycle", "open", "--scheme", SCHEME["name"], "--period", "2026-Q1", "--db", db,
            home=home))  # fmt: skip
    _enter_inputs(db)
    return db, home


def _score(db: Path, home: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(_ok(run("score", CYCLE, "--json", "--db", db, home=home)))
    return document


def test_every_scorecard_equals_the_hand_computed_one(company: tuple[Path, Path]) -> None:
    db, home = company
    document = _score(db, home)
    assert (document["cycle"], document["period"], document["scheme"], document["state"]) == (
        CYCLE,
        "2026-Q1",
        SCHEME["name"],
        "open",
    )
    cards = {card["staff_code"]: card for card in document["scorecards"]}
    assert [card["staff_code"] for card in document["scorecards"]] == list(EXPECTED)
    for code, items in EXPECTED_ITEMS.items():
        card = cards[code]
        assert [item["score"] for item in card["items"]] == items, code
        bonus, deduction, total, band, dist, final, coefficient, pay, rank = EXPECTED[code]
        assert (
            card["bonus"],
            card["deduction"],
            card["total"],
            card["band_grade"],
            card["distributed_grade"],
            card["final_grade"],
            card["coefficient"],
            card["performance_pay"],
            card["rank"],
        ) == (bonus, deduction, total, band, dist, final, coefficient, pay, rank), code
        # The printed scorecard adds up (a veto aside).
        if not card["veto"]:
            parts = sum(Decimal(item["score"]) for item in card["items"])
            expected_total = max(
                Decimal(0), parts + Decimal(card["bonus"]) - Decimal(card["deduction"])
            )
            assert Decimal(card["total"]) == expected_total
        assert (card["name"], card["role"], card["unit"]) == (
            dict((r[0], r[1]) for r in REPS)[code],
            "rep",
            "销售部/一组",
        )


def test_figures_and_explanations_show_the_numbers_used(company: tuple[Path, Path]) -> None:
    db, home = company
    cards = {c["staff_code"]: c for c in _score(db, home)["scorecards"]}
    revenue = cards["R1"]["items"][0]
    assert (revenue["actual"], revenue["target"], revenue["achievement"]) == (
        "330000.00",
        "300000.00",
        "1.1000",
    )
    assert "330,000.00" in revenue["explanation"] and "33.00" in revenue["explanation"]
    # R6 is pro-rated: the target of the months employed ≥ 15 days.
    r6 = cards["R6"]["items"]
    assert (r6[0]["target"], r6[1]["target"], r6[2]["target"], r6[3]["target"]) == (
        "200000.00",
        "6",
        "1",
        "40",
    )
    assert "partial_period" in cards["R6"]["flags"]
    assert r6[4]["warnings"] == ["no data"]  # no overdue receivables entered
    assert cards["R3"]["items"][2]["actual"] == "0"  # 丙一 bought in 2025
    trimmed = cards["R3"]["items"][7]["explanation"]
    assert "11.78" in trimmed


def test_warnings_and_flags(company: tuple[Path, Path]) -> None:
    db, home = company
    cards = {c["staff_code"]: c for c in _score(db, home)["scorecards"]}
    assert any("capped at 10" in w for w in cards["R1"]["warnings"])
    assert cards["R2"]["flags"] == ["training:团队协作", "pip"]
    assert any(
        "not rated" in w or "not yet rated" in w for w in cards["R2"]["items"][6]["warnings"]
    )
    assert cards["R3"]["items"][6]["warnings"]  # no key tasks
    assert cards["R4"]["veto"] is True and any("虚开发票" in w for w in cards["R4"]["warnings"])
    assert cards["R5"]["flags"] == ["unrated:团队协作"]
    assert cards["R6"]["flags"] == ["partial_period"]


def test_distribution_quotas_and_enforcement(company: tuple[Path, Path]) -> None:
    db, home = company
    distribution = _score(db, home)["distribution"]
    assert distribution["mode"] == "enforce" and distribution["headcount"] == 6
    got = {
        g["grade"]: (g["quota"], g["count_before"], g["count_after"], g["excess"])
        for g in distribution["grades"]
    }
    assert got == EXPECTED_DISTRIBUTION


def test_through_every_state_and_frozen_after_confirmation(company: tuple[Path, Path]) -> None:
    db, home = company
    _ok(run("cycle", "advance", CYCLE, "--to", "calibration", "--db", db, home=home))
    refused = run("cycle", "advance", CYCLE, "--to", "confirmed", "--db", db, home=home)
    assert refused.returncode == 2
    assert "R5" in refused.stderr and "团队协作" in refused.stderr
    # The supervisor rates R5's teamwork 3: 10 × 3 ÷ 5 = 6.00, total 72.80 + 6 = 78.80 (B).
    database = open_database(db)
    with database.transaction() as s:
        r5 = s.scalar(
            select(Appraisal.id)
            .join(Staff, Staff.id == Appraisal.staff_id)
            .where(Staff.code == "R5")
        )
        m1 = s.scalar(select(Staff.id).where(Staff.code == "M1"))
        s.add(Rating(appraisal_id=r5, item_name="团队协作", rater_id=m1, rater_role="supervisor",
                     rating=3, comment=""))  # fmt: skip
    database.close()
    live = _score(db, home)
    r5_card = next(c for c in live["scorecards"] if c["staff_code"] == "R5")
    assert (r5_card["items"][8]["score"], r5_card["total"], r5_card["flags"]) == (
        "6.00",
        "78.80",
        [],
    )
    moved = _ok(run("cycle", "advance", CYCLE, "--to", "confirmed", "--db", db, home=home))
    assert "confirmed" in moved
    frozen = _score(db, home)
    assert frozen["state"] == "confirmed"
    assert frozen["scorecards"] == live["scorecards"]
    # A late ledger line for R1 changes nothing confirmed; the table output says so.
    late = write_xlsx(
        db.parent / "late.xlsx",
        [["日期", "单号", "业务员", "客户", "产品线", "金额"],
         [date(2026, 3, 30), "SO7777", "R1", "甲一", "工业泵", 100_000]],
    )  # fmt: skip
    _ok(run("import", "ledger", late, "--db", db, home=home))
    assert _score(db, home)["scorecards"] == live["scorecards"]
    table = _ok(run("score", CYCLE, "--db", db, home=home))
    assert "data changed since confirmation" in table
    _ok(run("cycle", "advance", CYCLE, "--to", "closed", "--db", db, home=home))
    back = run("cycle", "advance", CYCLE, "--to", "confirmed", "--db", db, home=home)
    assert back.returncode == 2 and "reason" in back.stderr
    listing = json.loads(_ok(run("cycle", "list", "--json", "--db", db, home=home)))
    assert listing["cycles"][0]["state"] == "closed"
    assert listing["cycles"][0]["participants"] == 6
