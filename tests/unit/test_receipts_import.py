"""The receipts import: synonyms, new customers, content keys, bad rows, idempotence."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from salesdesk.db.models import Customer, ImportBatch, Receipt
from salesdesk.domain.errors import ImportFailed
from salesdesk.services.imports import import_file
from salesdesk.services.registry import Services
from salesdesk.services.staff import StaffRow
from tests.unit.workbooks import write_csv, write_xlsx

HEADERS = ["回款日期", "销售人员", "客户名称", "实收金额", "应回款金额"]


def _receipts(services: Services) -> list[tuple[object, ...]]:
    with services.database.reading() as s:
        return sorted(
            (r.receipt_date, r.staff_id, r.customer_id, r.amount, r.amount_due, r.receipt_key)
            for r in s.scalars(select(Receipt))
        )


def test_receipts_with_titles_and_identical_rows(
    services: Services, small_org: dict[str, StaffRow], tmp_path: Path
) -> None:
    path = write_xlsx(
        tmp_path / "hk.xlsx",
        [
            ["金蝶K3 收款单列表"],
            HEADERS,
            ["2026-03-20", "S002", "上海明达", "¥10,000.00", "12,000"],
            ["2026/3/21", "张伟", "杭州新锐", 5000, None],
            ["2026/3/21", "张伟", "杭州新锐", 5000, None],  # paid twice: two receipts
            ["合计", None, None, 20000, None],
        ],
    )
    preview = import_file(services.database, "receipts", path, dry_run=True)
    assert preview.added == 3 and preview.created("customer") == ("上海明达", "杭州新锐")
    report = import_file(services.database, "receipts", path)
    assert report.added == 3
    rows = _receipts(services)
    assert rows[0][3:5] == (Decimal("10000.00"), Decimal("12000.00"))
    assert rows[1][4] is None and len({r[5] for r in rows}) == 3
    before = _receipts(services)
    again = import_file(services.database, "receipts", path)
    assert (again.added, again.skipped, again.batch_id) == (0, 3, None)
    assert _receipts(services) == before


def test_bad_receipts_rows_and_nothing_written(
    services: Services, small_org: dict[str, StaffRow], tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "hk.csv",
        [
            HEADERS,
            ["2026-03-20", "S999", "上海明达", 100, None],  # 2 unknown staff
            ["2026-13-01", "S002", "上海明达", 100, None],  # 3 bad date
            ["2026-03-20", "S002", "上海明达", "一百", None],  # 4 not a number
            ["2026-03-20", "S002", None, 100, -5],  # 5 no customer, negative due
        ],
        encoding="gbk",
    )
    with pytest.raises(ImportFailed) as caught:
        import_file(services.database, "receipts", path)
    assert {(p.row, p.column) for p in caught.value.problems} == {
        (2, "销售人员"),
        (3, "回款日期"),
        (4, "实收金额"),
        (5, "客户名称"),
        (5, "应回款金额"),
    }
    with services.database.reading() as s:
        assert s.scalar(select(func.count()).select_from(Receipt)) == 0
        assert s.scalar(select(func.count()).select_from(Customer)) == 0
        assert s.scalar(select(func.count()).select_from(ImportBatch)) == 0
