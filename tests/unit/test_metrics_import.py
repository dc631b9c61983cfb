"""The manual metric values import: manual metrics only, months only, percents as
fractions or with %, replacing values, every bad row reported."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from salesdesk.db.models import MetricValue
from salesdesk.domain.errors import ImportFailed
from salesdesk.services.imports import import_file
from salesdesk.services.registry import Services
from salesdesk.services.staff import StaffRow
from tests.unit.workbooks import write_xlsx

HEADERS = ["工号", "部门", "期间", "指标", "数值"]


def _values(services: Services) -> dict[str, Decimal]:
    with services.database.reading() as s:
        return {v.scope_key: v.value for v in s.scalars(select(MetricValue))}


def test_manual_values_and_percent_spellings(
    services: Services, small_org: dict[str, StaffRow], tmp_path: Path
) -> None:
    path = write_xlsx(
        tmp_path / "m.xlsx",
        [
            HEADERS,
            ["S002", None, "2026-03", "有效拜访数", 25],
            ["S002", None, "2026年3月", "complaint_ontime_rate", "95%"],
            ["S003", None, "2026-03", "投诉处理及时率", 0.9],
            [None, "销售部/华东区", "2026-03", "satisfaction", 88.5],
        ],
    )
    report = import_file(services.database, "metrics", path)
    assert report.added == 4
    assert sorted(_values(services).values()) == [
        Decimal("0.9"),
        Decimal("0.95"),
        Decimal("25"),
        Decimal("88.5"),
    ]
    changed = write_xlsx(tmp_path / "m2.xlsx", [HEADERS, ["S002", None, "2026-03", "visits", 30]])
    second = import_file(services.database, "metrics", changed)
    assert (second.added, second.replaced) == (0, 1)
    assert Decimal("30") in _values(services).values()
    again = import_file(services.database, "metrics", changed)
    assert (again.replaced, again.skipped, again.batch_id) == (0, 1, None)


def test_bad_metric_rows(
    services: Services, small_org: dict[str, StaffRow], tmp_path: Path
) -> None:
    path = write_xlsx(
        tmp_path / "m.xlsx",
        [
            HEADERS,
            ["S002", None, "2026-03", "销售额", 1],  # 2 not a manual metric
            ["S002", None, "2026-Q1", "visits", 1],  # 3 not a month
            ["S002", None, "2026-03", "好评数", 1],  # 4 unknown metric
            ["S002", None, "2026-03", "visits", "很多"],  # 5 not a number
            ["S002", None, "2026-03", "visits", "20%"],  # 6 % on a count
            ["张", None, "2026-03", "visits", 1],  # 7 unknown staff
            ["S002", None, "2026-03", "visits", 2],  # 8 fine
            ["李娜", None, "2026-03", "visits", 3],  # 9 same key as row 8
        ],
    )
    with pytest.raises(ImportFailed) as caught:
        import_file(services.database, "metrics", path)
    assert {(p.row, p.column) for p in caught.value.problems} == {
        (2, "指标"),
        (3, "期间"),
        (4, "指标"),
        (5, "数值"),
        (6, "数值"),
        (7, "工号"),
        (9, "数值"),
    }
    assert "computed from the sales ledger" in str(caught.value)
    assert _values(services) == {}
