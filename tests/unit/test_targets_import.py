"""The targets import: long and wide forms, splitting sum metrics into months, levels,
replacing values, every bad row reported."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from salesdesk.db.models import Metric, SeasonalityProfile, Staff, Target
from salesdesk.domain.errors import ImportFailed
from salesdesk.services.imports import import_file
from salesdesk.services.registry import Services
from salesdesk.services.staff import StaffRow
from tests.unit.workbooks import write_xlsx

LONG = ["工号", "部门", "指标", "期间", "产品线", "区域", "客户群", "目标值"]


def targets(services: Services) -> dict[tuple[str, str], Decimal]:
    """(subject, metric period) → value, the subject a staff code or a unit id."""
    with services.database.reading() as s:
        codes = {i: c for i, c in s.execute(select(Metric.id, Metric.code))}
        staff = {i: c for i, c in s.execute(select(Staff.id, Staff.code))}
        return {
            (
                staff[t.staff_id] if t.staff_id else f"u{t.unit_id}",
                f"{codes[t.metric_id]} {t.period}",
            ): t.value
            for t in s.scalars(select(Target))
        }


def test_long_form_splits_sum_metrics_and_keeps_levels(
    services: Services, small_org: dict[str, StaffRow], tmp_path: Path
) -> None:
    with services.database.transaction() as s:
        weights = ["1"] * 11 + ["2"]
        profile = SeasonalityProfile(name="年底旺季", weights=weights)
        s.add(profile)
        s.flush()
        s.get_one(Staff, small_org["S003"].id).seasonality_profile_id = profile.id
    path = write_xlsx(
        tmp_path / "targets.xlsx",
        [
            ["2026 年度销售目标"],
            LONG,
            ["S002", None, "销售额", "2026", None, None, None, "¥1,000,000.00"],
            ["S002", None, "revenue", "2027-Q1", None, None, None, 100],  # 33.34 33.33 33.33
            ["S003", None, "销售额", "2026年", None, None, None, 130000],
            ["S002", None, "回款率", "2026", None, None, None, "95%"],
            [None, "销售部/华东区", "collection_rate", "2026-Q1", None, None, None, 0.9],
            ["S002", None, "订单数", "2026-Q2", None, None, None, 10],  # whole units 4 3 3
        ],
    )
    report = import_file(services.database, "targets", path)
    assert (report.added, report.replaced, report.skipped) == (12 + 3 + 12 + 1 + 1 + 3, 0, 0)
    values = targets(services)
    months = [values[("S002", f"revenue 2026-{m:02d}")] for m in range(1, 13)]
    assert sum(months) == Decimal("1000000") and months[0] == Decimal("83333.34")
    assert months[3] == Decimal("83333.34") and months[4] == Decimal("83333.33")
    assert [values[("S002", f"revenue 2027-{m:02d}")] for m in (1, 2, 3)] == [
        Decimal("33.34"),
        Decimal("33.33"),
        Decimal("33.33"),
    ]
    # the person's own profile: December weighs double
    assert values[("S003", "revenue 2026-12")] == Decimal("20000")
    assert values[("S003", "revenue 2026-01")] == Decimal("10000")
    assert values[("S002", "collection_rate 2026")] == Decimal("0.95")
    unit = small_org["S001"].unit_id
    assert values[(f"u{unit}", "collection_rate 2026-Q1")] == Decimal("0.9")
    assert [values[("S002", f"orders 2026-{m:02d}")] for m in (4, 5, 6)] == [4, 3, 3]

    before = targets(services)
    again = import_file(services.database, "targets", path)
    assert (again.added, again.replaced, again.batch_id) == (0, 0, None)
    assert targets(services) == before


def test_wide_form_and_replacing(
    services: Services, small_org: dict[str, StaffRow], tmp_path: Path
) -> None:
    months = [f"{m}月" for m in range(1, 13)]
    path = write_xlsx(
        tmp_path / "wide.xlsx",
        [
            ["工号", "指标", "年度", *months],
            ["李娜", "销售额", 2026, *([10000] * 11), None],
            ["S003", "visits", 2026, 20, 20, 20, *([None] * 9)],
        ],
    )
    report = import_file(services.database, "targets", path)
    assert report.added == 11 + 3
    changed = write_xlsx(
        tmp_path / "wide2.xlsx",
        [
            ["code", "metric", "year", *[f"2026-{m:02d}" for m in range(1, 13)]],
            ["S002", "revenue", 2026, 12000, *([10000] * 10), None],
        ],
    )
    second = import_file(services.database, "targets", changed)
    assert (second.added, second.replaced, second.skipped) == (0, 1, 10)
    replaced = [r for r in second.rows if r.action == "replaced"]
    assert replaced[0].changes[0].old == "10000" and replaced[0].changes[0].new == "12000"
    assert targets(services)[("S002", "revenue 2026-01")] == Decimal("12000")


def test_every_bad_target_row(
    services: Services, small_org: dict[str, StaffRow], tmp_path: Path
) -> None:
    path = write_xlsx(
        tmp_path / "bad.xlsx",
        [
            LONG,
            ["S999", None, "销售额", "2026", None, None, None, 1],  # 2 unknown staff
            ["S002", None, "利润", "2026", None, None, None, 1],  # 3 unknown metric
            ["S002", None, "销售额", "2026-13", None, None, None, 1],  # 4 no such period
            ["S002", None, "销售额", "2026", None, None, None, -5],  # 5 negative
            ["S002", None, "销售额", "2026", None, None, None, "abc"],  # 6 not a number
            [None, "销售部/西区", "销售额", "2026", None, None, None, 1],  # 7 unknown unit
            ["S002", "销售部", "销售额", "2026", None, None, None, 1],  # 8 both subjects
            [None, None, "销售额", "2026", None, None, None, 1],  # 9 no subject
            ["S002", None, "销售额", "2026", "火箭", None, None, 1],  # 10 unknown product line
            ["S002", None, "订单数", "2026", None, None, None, "10.5"],  # 11 cannot split
            ["S003", None, "销售额", "2026", None, None, None, 1200],  # 12 fine
            ["S003", None, "销售额", "2026-03", None, None, None, 100],  # 13 set twice
            ["S002", None, "销售额", "2026-03", None, None, None, "5%"],  # 14 % not percent
        ],
    )
    before = targets(services)
    with pytest.raises(ImportFailed) as caught:
        import_file(services.database, "targets", path)
    assert {(p.row, p.column) for p in caught.value.problems} == {
        (2, "工号"),
        (3, "指标"),
        (4, "期间"),
        (5, "目标值"),
        (6, "目标值"),
        (7, "部门"),
        (8, "部门"),
        (9, "工号"),
        (10, "产品线"),
        (11, "目标值"),
        (13, "目标值"),
        (14, "目标值"),
    }
    assert "also set in row 12" in str(caught.value)
    assert targets(services) == before


def test_bad_wide_cells_name_their_month_column(
    services: Services, small_org: dict[str, StaffRow], tmp_path: Path
) -> None:
    path = write_xlsx(
        tmp_path / "wide.xlsx",
        [
            ["工号", "指标", "年度", "Jan", "Feb", "2025-03"],
            ["S002", "销售额", 2026, -1, "x", 5],
        ],
    )
    with pytest.raises(ImportFailed) as caught:
        import_file(services.database, "targets", path)
    assert {(p.row, p.column) for p in caught.value.problems} == {
        (2, "Jan"),
        (2, "Feb"),
        (2, "2025-03"),
    }
