"""The staff import: all or nothing, every error with row and column, idempotent, undoable."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from salesdesk.db.models import AuditEntry, ImportBatch, ImportChange, OrgUnit, Staff
from salesdesk.domain.errors import ImportFailed, UserError
from salesdesk.domain.text import set_language
from salesdesk.services.database import Database
from salesdesk.services.imports import import_file
from salesdesk.services.registry import Services
from salesdesk.services.staff import StaffRow
from tests.unit.workbooks import STAFF_HEADERS, write_csv, write_xlsx

D = date(2024, 3, 1)


def _counts(database: Database) -> tuple[int, int, int, int]:
    with database.reading() as s:
        return (
            s.scalar(select(func.count()).select_from(Staff)) or 0,
            s.scalar(select(func.count()).select_from(OrgUnit)) or 0,
            s.scalar(select(func.count()).select_from(ImportBatch)) or 0,
            s.scalar(select(func.count()).select_from(AuditEntry)) or 0,
        )


def _staff(database: Database) -> dict[str, tuple[object, ...]]:
    with database.reading() as s:
        people = list(s.scalars(select(Staff)))
        code = {p.id: p.code for p in people}
        return {
            p.code: (
                p.name,
                p.role,
                p.unit_id,
                code.get(p.manager_id) if p.manager_id else None,
                p.hire_date,
                p.leave_date,
                p.pay_base,
                p.version,
            )
            for p in people
        }


def test_new_staff_units_and_managers_later_in_the_file(database: Database, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "staff.xlsx",
        [
            STAFF_HEADERS,
            ["S2", "李娜", "客户经理", "销售部/华东区/一组", "S1", "2024/3/2", None, "¥3,000.50"],
            ["S3", "张伟", "rep", "销售部/华北区", "王强", D, None, 2800],
            ["S1", "王强", "销售经理", "销售部/华东区", None, D, None, 6000],
        ],
    )
    report = import_file(database, "staff", path)
    assert (report.added, report.replaced, report.skipped) == (3, 0, 0)
    assert report.new_units == ("销售部", "销售部/华东区", "销售部/华东区/一组", "销售部/华北区")
    assert report.describe() == (
        "added 3, replaced 0, skipped 0; new units: "
        "销售部, 销售部/华东区, 销售部/华东区/一组, 销售部/华北区"
    )
    staff = _staff(database)
    assert staff["S2"][3] == "S1" and staff["S3"][3] == "S1"  # by code and by unique name
    assert staff["S2"][1] == "rep" and staff["S1"][1] == "supervisor"
    assert staff["S2"][6] == Decimal("3000.50")
    assert all(row[7] == 1 for row in staff.values())  # inserted whole, no second update
    with database.reading() as s:
        batch = s.scalars(select(ImportBatch)).one()
        assert (batch.rows_added, batch.rows_replaced, batch.rows_skipped) == (3, 0, 0)
        assert batch.file_name == "staff.xlsx" and len(batch.file_sha256) == 64
        tables = sorted(s.scalars(select(ImportChange.table_name)))
        assert tables.count("staff") == 3 and tables.count("org_units") == 4
        assert tables.count("unit_memberships") == 3
        assert (
            s.scalar(
                select(func.count()).select_from(AuditEntry).where(AuditEntry.entity == "staff")
            )
            == 3
        )


def test_importing_twice_changes_nothing(database: Database, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "staff.xlsx",
        [STAFF_HEADERS, ["S1", "王强", "销售主管", "销售部", None, D, None, 5000]],
    )
    import_file(database, "staff", path)
    before, counts = _staff(database), _counts(database)
    report = import_file(database, "staff", path)
    assert (report.added, report.replaced, report.skipped) == (0, 0, 1)
    assert report.batch_id is None
    assert _staff(database) == before
    assert _counts(database) == counts


def test_replaced_rows_list_their_changes_and_keep_old_values_for_undo(
    database: Database, tmp_path: Path
) -> None:
    first = write_xlsx(
        tmp_path / "a.xlsx",
        [
            STAFF_HEADERS,
            ["S1", "王强", "销售主管", "销售部/华东区", None, D, None, 5000],
            ["S2", "李娜", "销售代表", "销售部/华东区", "S1", D, None, 3000],
        ],
    )
    import_file(database, "staff", first)
    second = write_xlsx(
        tmp_path / "b.xlsx",
        [
            STAFF_HEADERS,
            ["S1", "王强", "销售主管", "销售部/华东区", None, D, None, 5000],
            ["S2", "李娜", "销售代表", "销售部/华北区", None, D, "2026-03-31", 3500],
        ],
    )
    preview = import_file(database, "staff", second, dry_run=True)
    assert preview.dry_run and preview.describe().startswith("dry run, nothing written")
    assert preview.new_units == ("销售部/华北区",)
    row = preview.rows[1]
    assert (row.row, row.code, row.action) == (3, "S2", "replaced")
    assert {(c.field, c.old, c.new) for c in row.changes} == {
        ("unit", "销售部/华东区", "销售部/华北区"),
        ("manager", "S1", ""),
        ("leave_date", "", "2026-03-31"),
        ("pay_base", "3000.00", "3500.00"),
    }
    assert preview.rows[0].action == "skipped"
    report = import_file(database, "staff", second)
    assert (report.added, report.replaced, report.skipped) == (0, 1, 1)
    s2 = _staff(database)["S2"]
    assert s2[3] is None and s2[5] == date(2026, 3, 31) and s2[6] == Decimal("3500.00")
    with database.reading() as s:
        change = s.scalars(
            select(ImportChange).where(
                ImportChange.batch_id == report.batch_id, ImportChange.table_name == "staff"
            )
        ).one()
        assert change.action == "replaced"
        assert change.old is not None
        assert change.old["pay_base"] == "3000.00" and change.old["code"] == "S2"
        assert change.old["manager_id"] is not None


def test_every_bad_row_is_reported_and_nothing_written(
    services: Services, small_org: dict[str, StaffRow], tmp_path: Path
) -> None:
    database = services.database
    path = write_xlsx(
        tmp_path / "bad.xlsx",
        [
            STAFF_HEADERS,
            ["S10", "新人", "销售代表", "销售部/华西区", None, D, None, 3000],  # fine
            ["S11", None, "销售代表", "销售部", None, D, None, 0],  # 3 missing name
            ["S12", "甲", "厨师", "销售部", None, D, None, 0],  # 4 unknown role
            ["S13", "乙", "销售代表", "销售部", None, "2024-02-30", None, 0],  # 5 bad date
            ["S14", "丙", "销售代表", "销售部", None, D, None, -5],  # 6 negative pay base
            ["S15", "丁", "销售代表", "销售部", None, D, "2020-01-01", 0],  # 7 leaves before hire
            ["S16", "戊", "销售代表", "销售部", "S999", D, None, 0],  # 8 unknown manager
            ["S10", "重复", "销售代表", "销售部", None, D, None, 0],  # 9 duplicate code
            ["S20", "己", "销售代表", "销售部", "S21", D, None, 0],  # 10 loop S20 → S21 → S20
            ["S21", "庚", "销售代表", "销售部", "S20", D, None, 0],  # 11
            ["S22", "辛", "销售代表", "销售部", "S22", D, None, 0],  # 12 own manager
            ["S23", "壬", "销售代表", None, None, D, None, 0],  # 13 missing unit
            ["S24", "癸", "销售代表", "销售部", None, 46086, None, 0],  # 14 number, not a date
            ["S001", "王强", "销售主管", "销售部/华东区", "S002", D, None, 5000],  # 15 loop
        ],
    )
    before, counts = _staff(database), _counts(database)
    with pytest.raises(ImportFailed) as caught:
        import_file(database, "staff", path)
    found = {(p.row, p.column) for p in caught.value.problems}
    assert found == {
        (3, "姓名"),
        (4, "角色"),
        (5, "入职日期"),
        (6, "绩效工资基数"),
        (7, "离职日期"),
        (8, "上级工号"),
        (9, "工号"),
        (10, "上级工号"),
        (12, "上级工号"),
        (13, "部门"),
        (14, "入职日期"),
        (15, "上级工号"),
    }
    assert all(p.sheet == "Sheet1" for p in caught.value.problems)
    text = str(caught.value)
    assert "nothing was written" in text and "row 9" in text
    assert "S20 → S21 → S20" in text
    assert "first in row 2" in text
    assert _staff(database) == before
    assert _counts(database) == counts
    with pytest.raises(ImportFailed):
        import_file(database, "staff", path, dry_run=True)


def test_ambiguous_manager_name(database: Database, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "s.xlsx",
        [
            STAFF_HEADERS,
            ["S1", "张伟", "销售主管", "销售部", None, D, None, 0],
            ["S2", "张伟", "销售主管", "销售部", None, D, None, 0],
            ["S3", "李娜", "销售代表", "销售部", "张伟", D, None, 0],
        ],
    )
    with pytest.raises(ImportFailed, match="several people") as caught:
        import_file(database, "staff", path)
    assert [(p.row, p.column) for p in caught.value.problems] == [(4, "上级工号")]


def test_dry_run_writes_nothing(database: Database, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "s.xlsx", [STAFF_HEADERS, ["S1", "张伟", "销售代表", "销售部/华东区", None, D]]
    )
    counts = _counts(database)
    report = import_file(database, "staff", path, dry_run=True)
    assert (report.added, report.new_units) == (1, ("销售部", "销售部/华东区"))
    assert report.rows[0].action == "added"
    assert _counts(database) == counts


def test_optional_columns_absent_keep_what_is_there(database: Database, tmp_path: Path) -> None:
    full = write_xlsx(
        tmp_path / "full.xlsx",
        [
            STAFF_HEADERS,
            ["S1", "王强", "销售主管", "销售部", None, D, None, 5000],
            ["S2", "李娜", "销售代表", "销售部", "S1", D, "2030-01-01", 3000],
        ],
    )
    import_file(database, "staff", full)
    partial = write_xlsx(
        tmp_path / "partial.xlsx",
        [["工号", "姓名", "角色", "部门", "入职日期"], ["S2", "李娜娜", "销售代表", "销售部", D]],
    )
    report = import_file(database, "staff", partial)
    assert report.rows[0].changes[0].field == "name"
    s2 = _staff(database)["S2"]
    assert s2[0] == "李娜娜" and s2[3] == "S1" and s2[5] == date(2030, 1, 1)
    assert s2[6] == Decimal("3000.00")


def test_moving_a_person_keeps_their_history(
    services: Services, small_org: dict[str, StaffRow], tmp_path: Path
) -> None:
    path = write_xlsx(
        tmp_path / "move.xlsx",
        [
            STAFF_HEADERS,
            ["S002", "李娜", "销售代表", "销售部/华南区", "S001", "2023-01-09", None, 3000],
        ],
    )
    report = import_file(services.database, "staff", path)
    assert report.replaced == 1
    moved = services.staff.find_by_code("S002")
    assert moved is not None and moved.unit_path == "销售部/华南区"


def test_csv_gbk_import_and_non_ascii_folder(database: Database, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "张伟" / "人员.csv",
        [STAFF_HEADERS, ["S1", "张伟", "销售代表", "销售部", "", "2024年3月1日", "", "3,000"]],
        encoding="gbk",
    )
    report = import_file(database, "staff", path)
    assert report.added == 1
    assert _staff(database)["S1"][6] == Decimal("3000.00")


def test_an_unknown_kind_is_refused(database: Database, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "t.xlsx", [["工号"]])
    with pytest.raises(UserError, match="unknown import kind"):
        import_file(database, "payroll", path)


def test_messages_in_chinese(database: Database, tmp_path: Path) -> None:
    set_language("zh")
    path = write_xlsx(
        tmp_path / "s.xlsx", [STAFF_HEADERS, ["S1", None, "销售代表", "销售部", None, D]]
    )
    with pytest.raises(ImportFailed) as caught:
        import_file(database, "staff", path)
    assert "未写入任何数据" in str(caught.value)
    assert "第 2 行" in str(caught.value) and "“姓名”不能为空" in str(caught.value)


def test_ten_thousand_rows_load_quickly(database: Database, tmp_path: Path) -> None:
    import time

    rows: list[list[object]] = [STAFF_HEADERS]
    for i in range(10_000):
        boss = f"S{i // 10:05d}" if i >= 10 else None
        rows.append([f"S{i:05d}", f"员工{i}", "销售代表", f"销售部/区{i % 5}", boss, D, None, 3000])
    path = write_csv(tmp_path / "big.csv", rows)
    started = time.perf_counter()
    report = import_file(database, "staff", path)
    assert report.added == 10_000
    assert time.perf_counter() - started < 15  # a few seconds; generous for slow CI
    again = import_file(database, "staff", path)
    assert again.skipped == 10_000
