"""The ledger import: ERP-style workbooks, split credit, returns, new customers, every bad
row reported, nothing written on error, idempotent, progress and cancel."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from salesdesk.db.models import (
    AuditEntry,
    Customer,
    CustomerSegment,
    ImportBatch,
    ImportChange,
    ProductLine,
    Region,
    SalesCredit,
    SalesLine,
)
from salesdesk.domain.errors import ImportFailed
from salesdesk.domain.org import Role
from salesdesk.services.database import Database
from salesdesk.services.import_common import ImportCancelled
from salesdesk.services.imports import import_file
from salesdesk.services.registry import Services
from salesdesk.services.staff import NewStaff, StaffRow
from tests.unit.workbooks import write_csv, write_ods, write_xls, write_xlsx

TITLE = [["用友U8 销售明细表"], ["日期：2026-01-01 至 2026-03-31"], []]
HEADERS = ["单据日期", "订单号", "行号", "销售员", "客户名称", "客户分类", "地区", "存货分类",
           "价税合计", "成本金额", "分成比例"]  # fmt: skip


def snapshot(database: Database) -> dict[str, object]:
    """Every table an import writes, by content: equal snapshots, equal databases."""
    with database.reading() as s:
        return {
            "lines": sorted(
                (
                    ln.line_key,
                    ln.line_date,
                    ln.customer_id,
                    ln.product_line_id,
                    ln.region_id,
                    ln.segment_id,
                    ln.amount,
                    ln.cost,
                    ln.batch_id,
                )
                for ln in s.scalars(select(SalesLine))
            ),
            "credits": sorted(
                (c.sales_line_id, c.staff_id, c.share) for c in s.scalars(select(SalesCredit))
            ),
            "customers": sorted(
                (c.name, c.segment_id, c.region_id) for c in s.scalars(select(Customer))
            ),
            "dims": sorted(
                (m.__tablename__, r.name)
                for m in (Region, ProductLine, CustomerSegment)
                for r in s.scalars(select(m))
            ),
            "batches": s.scalar(select(func.count()).select_from(ImportBatch)),
            "changes": s.scalar(select(func.count()).select_from(ImportChange)),
            "audit": s.scalar(select(func.count()).select_from(AuditEntry)),
        }


def ledger(tmp_path: Path, rows: list[list[object]], name: str = "ledger.xlsx") -> Path:
    return write_xlsx(tmp_path / name, [*TITLE, HEADERS, *rows])


GOOD = [
    ["2026-01-05", "SO001", 1, "S002", "上海明达机械有限公司", "重点客户", "华东", "工业泵",
     "¥12,000.00", "8,000", None],
    ["2026/1/6", "SO001", 2, "李娜", "上海明达机械有限公司", None, None, "阀门", 3000, 2000, None],
    # split credit: one line, two rows, 60 + 40
    [date(2026, 2, 1), "SO002", 1, "S002", "杭州新锐科技", None, "华东", "工业泵", 10000, 7000, 60],
    [date(2026, 2, 1), "SO002", 1, "S003", "杭州新锐科技", None, "华东", "工业泵", 10000, 7000,
     "40%"],
    # a return
    ["2026年3月5日", "TH001", 1, "S002", "上海明达机械有限公司", None, None, "工业泵", -1200.5,
     -800, None],
    ["合计", None, None, None, None, None, None, None, 23799.5, None, None],
]  # fmt: skip


def test_erp_export_with_titles_synonyms_split_credit_and_returns(
    services: Services, small_org: dict[str, StaffRow], tmp_path: Path
) -> None:
    database = services.database
    path = ledger(tmp_path, GOOD)
    preview = import_file(database, "ledger", path, dry_run=True)
    assert (preview.added, preview.replaced, preview.skipped) == (4, 0, 0)
    assert preview.created("customer") == ("上海明达机械有限公司", "杭州新锐科技")
    assert preview.created("product_line") == ("工业泵", "阀门")
    assert preview.created("region") == ("华东",)
    assert preview.created("segment") == ("重点客户",)
    assert "new customers: 上海明达机械有限公司, 杭州新锐科技" in preview.describe()
    with database.reading() as s:
        assert s.scalar(select(func.count()).select_from(Customer)) == 0

    report = import_file(database, "ledger", path)
    assert (report.added, report.batch_id is not None) == (4, True)
    with database.reading() as s:
        lines = {ln.line_key: ln for ln in s.scalars(select(SalesLine))}
        assert set(lines) == {"SO001#1", "SO001#2", "SO002#1", "TH001#1"}
        assert lines["SO001#1"].amount == Decimal("12000.00")
        assert lines["TH001#1"].amount == Decimal("-1200.50")
        assert lines["TH001#1"].line_date == date(2026, 3, 5)
        # the customer's own region and segment where the row names none
        first = lines["SO001#1"]
        assert lines["SO001#2"].region_id == first.region_id is not None
        assert lines["SO001#2"].segment_id == first.segment_id is not None
        credits = sorted(
            (c.staff_id, c.share)
            for c in s.scalars(
                select(SalesCredit).where(SalesCredit.sales_line_id == lines["SO002#1"].id)
            )
        )
        assert credits == [
            (small_org["S002"].id, Decimal("60.00")),
            (small_org["S003"].id, Decimal("40.00")),
        ]
        customer = s.scalars(select(Customer).where(Customer.name == "上海明达机械有限公司")).one()
        assert customer.segment_id is not None and customer.region_id is not None

    before = snapshot(database)
    again = import_file(database, "ledger", path)
    assert (again.added, again.replaced, again.skipped, again.batch_id) == (0, 0, 4, None)
    assert again.new_items == ()
    assert snapshot(database) == before


@pytest.mark.parametrize("writer", [write_xls, write_ods], ids=["xls", "ods"])
def test_xls_and_ods_exports_import_like_xlsx(
    services: Services, small_org: dict[str, StaffRow], tmp_path: Path, writer: object
) -> None:
    """Many ERPs still export Excel 97–2003 .xls; LibreOffice users send .ods. The same
    ledger in either format gives exactly what the .xlsx gives: real date cells, numbers,
    text dates and amounts, title rows, the totals row."""
    rows = [
        [value if not isinstance(value, str) or value != "40%" else 40 for value in row]
        for row in GOOD
    ]
    database = services.database
    expected_path = write_xlsx(tmp_path / "ledger.xlsx", [*TITLE, HEADERS, *rows])
    assert callable(writer)
    other_path = writer(tmp_path / f"ledger.{writer.__name__[-3:]}", [*TITLE, HEADERS, *rows])
    preview = import_file(database, "ledger", other_path, dry_run=True)
    expected = import_file(database, "ledger", expected_path, dry_run=True)
    assert [(r.row, r.action) for r in preview.rows] == [(r.row, r.action) for r in expected.rows]
    assert preview.new_items == expected.new_items
    report = import_file(database, "ledger", other_path)
    assert report.added == 4
    again = import_file(database, "ledger", expected_path)
    assert (again.added, again.replaced, again.skipped) == (0, 0, 4)
    with database.reading() as s:
        amounts = sorted(s.scalars(select(SalesLine.amount)))
    assert amounts == [Decimal("-1200.50"), Decimal("3000.00"), Decimal("10000.00"),
                       Decimal("12000.00")]  # fmt: skip


def test_changed_line_is_replaced_with_old_values_kept(
    services: Services, small_org: dict[str, StaffRow], tmp_path: Path
) -> None:
    database = services.database
    import_file(database, "ledger", ledger(tmp_path, GOOD))
    changed = [list(r) for r in GOOD]
    changed[0][8] = 12500
    changed[2][10], changed[3][10] = 50, 50
    report = import_file(database, "ledger", ledger(tmp_path, changed, "b.xlsx"))
    assert (report.added, report.replaced, report.skipped) == (0, 2, 2)
    fields = {(r.code, c.field, c.old, c.new) for r in report.rows for c in r.changes}
    assert ("SO001#1", "amount", "12000.00", "12500.00") in fields
    assert any(code == "SO002#1" and field == "allocation" for code, field, _, _ in fields)
    with database.reading() as s:
        olds = [
            c.old
            for c in s.scalars(
                select(ImportChange).where(
                    ImportChange.batch_id == report.batch_id, ImportChange.action == "replaced"
                )
            )
        ]
        assert any(o is not None and o["amount"] == "12000.00" for o in olds)
        assert any(o is not None and len(o["credits"]) == 2 for o in olds)


def test_lines_without_line_numbers_are_keyed_by_content(
    services: Services, small_org: dict[str, StaffRow], tmp_path: Path
) -> None:
    database = services.database
    rows = [
        ["日期", "单号", "业务员", "客户", "产品线", "金额", "毛利"],
        ["2026-01-05", "SO9", "S002", "甲公司", "工业泵", 100, 30],
        ["2026-01-05", "SO9", "S003", "甲公司", "工业泵", 100, 30],  # identical content: 2 lines
        ["2026-01-05", "SO9", "S002", "甲公司", "阀门", 50, 10],
    ]
    path = write_csv(tmp_path / "ledger.csv", rows, encoding="gbk")
    report = import_file(database, "ledger", path)
    assert report.added == 3
    with database.reading() as s:
        costs = sorted(ln.cost for ln in s.scalars(select(SalesLine)))
        keys = sorted(ln.line_key for ln in s.scalars(select(SalesLine)))
    assert costs == [Decimal("40.00"), Decimal("70.00"), Decimal("70.00")]
    assert keys[0].startswith("SO9#~") and any(k.endswith("-2") for k in keys)
    again = import_file(database, "ledger", path)
    assert (again.added, again.skipped) == (0, 3)


def test_every_bad_row_is_reported_and_nothing_written(
    services: Services, small_org: dict[str, StaffRow], tmp_path: Path
) -> None:
    database = services.database
    for code in ("S101", "S102"):
        services.staff.create_staff(
            NewStaff(code, "陈晨", Role.REP, small_org["S002"].unit_id, date(2024, 1, 1))
        )
    import_file(database, "ledger", ledger(tmp_path, GOOD[:2], "first.xlsx"))
    before = snapshot(database)
    bad = [
        ["2026-01-05", "SO100", 1, "S999", "甲", None, None, "泵", 1, None, None],  # 5 unknown
        ["2026-01-05", "SO101", 1, "陈晨", "甲", None, None, "泵", 1, None, None],  # 6 ambiguous
        ["2026-02-30", "SO102", 1, "S002", "甲", None, None, "泵", 1, None, None],  # 7 bad date
        ["2026-01-05", "SO103", 1, "S002", "甲", None, None, "泵", "abc", None, None],  # 8 NaN
        ["2026-01-05", "SO104", 1, "S002", "甲", None, None, "泵", 100, None, 60],  # 9 shares
        ["2026-01-05", "SO104", 1, "S003", "甲", None, None, "泵", 100, None, 30],  # 10
        ["2026-01-05", "SO105", 1, "S002", "甲", None, None, "泵", 100, None, 50],  # 11 same
        ["2026-01-05", "SO105", 1, "S002", "甲", None, None, "泵", 100, None, 50],  # 12 person
        ["2026-01-05", "SO106", 1, "S002", "甲", None, None, "泵", 100, None, 50],  # 13
        ["2026-01-05", "SO106", 1, "S003", "甲", None, None, "泵", 90, None, 50],  # 14 differs
        [None, "SO107", 1, "S002", "甲", None, None, "泵", 1, None, None],  # 15 no date
        ["2026-01-05", "SO108", 1, "S002", "甲", None, None, "泵", 1, None, 120],  # 16 > 100
        ["2026-01-05", "SO109", 1, "S002", None, None, None, None, 1, None, None],  # 17 two
    ]
    path = ledger(tmp_path, bad, "bad.xlsx")
    with pytest.raises(ImportFailed) as caught:
        import_file(database, "ledger", path)
    found = {(p.row, p.column) for p in caught.value.problems}
    assert found == {
        (5, "销售员"),
        (6, "销售员"),
        (7, "单据日期"),
        (8, "价税合计"),
        (9, "分成比例"),
        (12, "销售员"),
        (14, "价税合计"),
        (15, "单据日期"),
        (16, "分成比例"),
        (17, "客户名称"),
        (17, "存货分类"),
    }
    text = str(caught.value)
    assert "several people (S101, S102)" in text
    assert "rows 9, 10 add up to 90, not 100" in text
    assert all(p.sheet == "Sheet1" for p in caught.value.problems)
    assert snapshot(database) == before
    with pytest.raises(ImportFailed):
        import_file(database, "ledger", path, dry_run=True)


def test_progress_is_reported_and_cancel_writes_nothing(
    services: Services, small_org: dict[str, StaffRow], tmp_path: Path
) -> None:
    database = services.database
    path = ledger(tmp_path, GOOD)
    before = snapshot(database)
    seen: list[int] = []

    def cancel_when_writing(percent: int, message: str) -> bool:
        seen.append(percent)
        return percent < 90

    with pytest.raises(ImportCancelled, match="nothing was written"):
        import_file(database, "ledger", path, progress=cancel_when_writing)
    assert seen and seen[0] == 0 and max(seen) >= 90
    assert snapshot(database) == before
    calls: list[tuple[int, str]] = []
    import_file(database, "ledger", path, progress=lambda p, m: calls.append((p, m)) is None)
    assert calls[-1][0] == 100
