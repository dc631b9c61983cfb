"""The workbook reader: refusing bad files, finding headers, reading values (data-exchange §2)."""

from __future__ import annotations

import struct
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from salesdesk.domain.errors import FileRefusedError, ImportFailed, NotFoundError, Problem
from salesdesk.domain.periods import Period
from salesdesk.exchange import reader
from salesdesk.exchange.columns import normalise_header
from salesdesk.exchange.reader import (
    CellValueError,
    FileFormat,
    cell_date,
    cell_decimal,
    cell_period,
    cell_text,
    check_file,
    float_to_decimal,
    read_table,
    sheet_names,
    xlsx_cell_faults,
)
from salesdesk.exchange.sheets import LEDGER, RECEIPTS, SHEETS, STAFF, TASKS, month_header
from tests.unit.workbooks import patch_sheet_xml, write_csv, write_xlsx

STAFF_ROW = ["S1", "张伟", "销售代表", "销售部/华东区", None, date(2024, 3, 1), None, 3000]


# --------------------------------------------------------------------------- refusing files


def test_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FileRefusedError, match="not found"):
        check_file(tmp_path / "nothing.xlsx")


def test_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    with pytest.raises(FileRefusedError, match="empty"):
        check_file(path)


def test_unknown_extension_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "staff.txt"
    path.write_text("工号\n")
    with pytest.raises(FileRefusedError, match=r"cannot read \.txt files"):
        check_file(path)


def test_truncated_zip_is_refused(tmp_path: Path) -> None:
    good = write_xlsx(tmp_path / "good.xlsx", [["工号"], ["S1"]])
    data = good.read_bytes()
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(FileRefusedError, match="truncated or damaged"):
        check_file(cut)


def test_corrupted_member_fails_its_crc(tmp_path: Path) -> None:
    path = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook>" + "x" * 200 + "</workbook>")
    data = bytearray(path.read_bytes())
    spot = data.index(b"xxxx")
    data[spot : spot + 4] = b"yyyy"
    path.write_bytes(bytes(data))
    with pytest.raises(FileRefusedError, match="damaged"):
        check_file(path)


def test_csv_named_xlsx_is_refused_saying_what_it_is(tmp_path: Path) -> None:
    path = tmp_path / "staff.xlsx"
    path.write_text("工号,姓名\nS1,张伟\n", encoding="utf-8")
    with pytest.raises(FileRefusedError, match="text file"):
        check_file(path)


def test_html_named_xls_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "erp.xls"
    path.write_text("<html><table><tr><td>工号</td></tr></table></html>", encoding="utf-8")
    with pytest.raises(FileRefusedError, match="HTML"):
        check_file(path)


def test_xlsx_named_xls_is_refused(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "staff.xls", [["工号"]])
    with pytest.raises(FileRefusedError, match=r"rename it to \.xlsx"):
        check_file(path)


def test_ole2_magic_is_accepted_as_xls(tmp_path: Path) -> None:
    path = tmp_path / "old.xls"
    path.write_bytes(reader.OLE2_MAGIC + b"\x00" * 4096)
    assert check_file(path) is FileFormat.XLS


def test_garbage_xls_is_refused_by_the_reader_not_crashing(tmp_path: Path) -> None:
    path = tmp_path / "old.xls"
    path.write_bytes(reader.OLE2_MAGIC + b"\x00" * 4096)
    with pytest.raises(FileRefusedError, match="damaged or not a workbook"):
        read_table(path, STAFF)


def test_encrypted_xlsx_is_refused_as_password_protected(tmp_path: Path) -> None:
    path = tmp_path / "secret.xlsx"
    directory = "EncryptedPackage".encode("utf-16-le") + b"\x00" * 64
    path.write_bytes(reader.OLE2_MAGIC + b"\x00" * 1000 + directory + b"\x00" * 1000)
    with pytest.raises(FileRefusedError, match="password-protected"):
        check_file(path)


def test_ole2_named_xlsx_without_encryption_says_both_possibilities(tmp_path: Path) -> None:
    path = tmp_path / "old.xlsx"
    path.write_bytes(reader.OLE2_MAGIC + b"\x00" * 2048)
    with pytest.raises(FileRefusedError, match=r"\.xls\) file or a password-protected"):
        check_file(path)


def _declare_size(path: Path, member: str, size: int) -> None:
    """Make a zip's central directory claim that `member` unpacks to `size` bytes."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        name_length = struct.unpack_from("<H", data, at + 28)[0]
        if bytes(data[at + 46 : at + 46 + name_length]) == name:
            struct.pack_into("<I", data, at + 24, size)
        at = data.find(b"PK\x01\x02", at + 46)
    path.write_bytes(bytes(data))


def test_zip_bomb_is_refused_before_unpacking(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"<row/>" * 100_000)
    _declare_size(path, "xl/worksheets/sheet1.xml", 250 * 1024 * 1024)
    assert path.stat().st_size < 10_000
    with pytest.raises(FileRefusedError, match="would unpack to 250 MB, more than 200 MB"):
        check_file(path)


def test_member_larger_than_declared_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "liar.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"<row/>" * 100_000)
    _declare_size(path, "xl/worksheets/sheet1.xml", 1000)
    with pytest.raises(FileRefusedError, match="damaged"):
        check_file(path)


def test_absurd_compression_ratio_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "dense.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (3 << 20))
    with pytest.raises(FileRefusedError, match="compressed"):
        check_file(path)


def test_zip_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "letter.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<document/>")
    with pytest.raises(FileRefusedError, match="Word document"):
        check_file(path)


def test_too_many_rows_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "MAX_ROWS", 5)
    rows = [["工号", "姓名"], *[[f"S{i}", "x"] for i in range(6)]]
    xlsx = write_xlsx(tmp_path / "many.xlsx", rows)
    csv_file = write_csv(tmp_path / "many.csv", rows)
    with pytest.raises(FileRefusedError, match="more than 5 rows"):
        read_table(xlsx, STAFF)
    with pytest.raises(FileRefusedError, match="more than 5 rows"):
        read_table(csv_file, STAFF)


def test_binary_csv_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "staff.csv"
    path.write_bytes("工号,姓名\n".encode("utf-16"))
    with pytest.raises(FileRefusedError, match="not CSV text"):
        read_table(path, STAFF)


# --------------------------------------------------------------------------- headers and rows


def test_header_below_title_rows_and_row_numbers_as_excel_shows(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "erp.xlsx",
        [
            ["人员花名册"],
            ["导出日期：2026-03-31"],
            [],
            ["序号", "工号", "姓名", "角色", "部门", "入职日期"],
            [1, "S1", "张伟", "销售代表", "销售部", date(2024, 3, 1)],
            [],
            [2, "S2", "李娜", "销售代表", "销售部", "2024/3/2"],
        ],
    )
    table = read_table(path, STAFF)
    assert table.header_row == 4
    assert [row.number for row in table.rows] == [5, 7]
    assert table.rows[0].values["code"] == "S1"
    assert not table.has("manager")


def test_header_found_when_data_starts_in_a_later_column(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "offset.xlsx",
        [[], [None, None, "工号", "姓名"], [None, None, "S1", "张伟"]],
    )
    table = read_table(path, STAFF.__class__("t", "t", "t", STAFF.columns[:2]))
    assert table.columns == {"code": 2, "name": 3}
    assert table.rows[0].number == 3
    assert table.rows[0].values == {"code": "S1", "name": "张伟"}


def test_english_headers_case_and_space_insensitive_reordered_unknown_ignored(
    tmp_path: Path,
) -> None:
    path = write_xlsx(
        tmp_path / "en.xlsx",
        [
            ["Pay  Base", "NOTES", " hire date ", "Unit", "ROLE", "Name", "Code"],
            [1000, "ignored", date(2024, 1, 2), "销售部", "rep", "Zhang Wei", "S1"],
        ],
    )
    table = read_table(path, STAFF)
    row = table.rows[0]
    assert row.values["code"] == "S1"
    assert row.values["pay_base"] == 1000
    assert table.header("hire_date") == "hire date"
    assert table.extra_headers == {1: "NOTES"}


def test_synonyms_hold_in_every_sheet_and_canonical_name_wins(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "ledger.xlsx",
        [
            ["单据日期", "订单号", "销售员", "客户名称", "存货分类", "无税金额", "价税合计"],
            [date(2026, 3, 5), "SO1", "S1", "甲公司", "工业泵", 100, 113],
        ],
    )
    table = read_table(path, LEDGER)
    assert table.rows[0].values["amount"] == 113  # 价税合计 is listed before 无税金额
    assert table.header("amount") == "价税合计"
    receipts = write_xlsx(
        tmp_path / "receipts.xlsx",
        [["回款日期", "销售员", "客户", "实收金额"], [date(2026, 3, 5), "S1", "甲公司", 10]],
    )
    assert read_table(receipts, RECEIPTS).rows[0].values["staff"] == "S1"


def test_headers_with_unit_notes_and_full_width_text_match() -> None:
    assert LEDGER.match("金额（元）") == ("amount", 0)
    assert LEDGER.match("ＡＭＯＵＮＴ") == ("amount", 1)
    assert normalise_header(" Hire_Date* ") == "hiredate"


def test_missing_required_column_names_sheet_and_expected_headers(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "s.xlsx", [["工号", "姓名"], ["S1", "张伟"]], sheet="花名册")
    with pytest.raises(ImportFailed) as caught:
        read_table(path, STAFF)
    (problem,) = caught.value.problems
    assert (problem.sheet, problem.row) == ("花名册", 1)
    missing, expected = problem.message.split("expected headers:")
    assert "角色/role" in missing and "部门/unit" in missing and "入职日期/hire date" in missing
    assert "工号/code" not in missing and "工号/code" in expected
    assert "花名册" in str(caught.value)


def test_no_header_at_all(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "s.xlsx", [["a", "b"], [1, 2]])
    with pytest.raises(ImportFailed, match="no header row"):
        read_table(path, STAFF)


def test_total_and_empty_rows_are_skipped(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "ledger.xlsx",
        [
            ["日期", "单号", "业务员", "客户", "产品线", "金额"],
            [date(2026, 3, 5), "SO1", "S1", "甲", "泵", 100],
            [None, None, None, None, None, None],
            ["合计", None, None, None, None, 100],
            [None, "小计：", None, None, None, 100],
            ["Total", None, None, None, None, 100],
            ["总计", None, None, None, None, 100],
            [date(2026, 3, 6), "SO2", "S1", "甲", "泵", 50],
        ],
    )
    table = read_table(path, LEDGER)
    assert [row.number for row in table.rows] == [2, 8]
    assert table.skipped_rows == (4, 5, 6, 7)


def test_sheet_by_name_and_unknown_sheet_lists_the_sheets(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "s.xlsx", [["x"]], sheet="封面", extra_sheets=["人员"])
    wb_path = tmp_path / "two.xlsx"
    import openpyxl

    workbook = openpyxl.load_workbook(path)
    workbook["人员"].append(["工号", "姓名", "角色", "部门", "入职日期"])
    workbook["人员"].append(["S1", "张伟", "销售代表", "销售部", date(2024, 1, 1)])
    workbook.save(wb_path)
    assert sheet_names(wb_path) == ["封面", "人员"]
    assert read_table(wb_path, STAFF, sheet="人员").rows[0].values["code"] == "S1"
    with pytest.raises(NotFoundError, match="封面, 人员"):
        read_table(wb_path, STAFF, sheet="Sheet9")


def test_csv_utf8_with_bom_and_gbk(tmp_path: Path) -> None:
    rows = [
        ["工号", "姓名", "角色", "部门", "入职日期", "绩效工资基数"],
        ["S1", "张伟", "销售代表", "销售部/华东区", "2024-03-01", "￥3,000.50"],
    ]
    for encoding in ("utf-8-sig", "gbk", "utf-8"):
        path = write_csv(tmp_path / f"staff-{encoding}.csv", rows, encoding=encoding)
        table = read_table(path, STAFF)
        assert table.header("code") == "工号", encoding
        assert table.rows[0].values["name"] == "张伟"
        assert table.rows[0].number == 2
        problems: list[Problem] = []
        cells = table.cells(table.rows[0], problems)
        assert cells.decimal("pay_base") == Decimal("3000.50")
        assert cells.date("hire_date") == date(2024, 3, 1)
        assert problems == []


def test_semicolon_and_tab_separated_csv(tmp_path: Path) -> None:
    path = tmp_path / "tabs.csv"
    path.write_text("工号\t姓名\t角色\t部门\t入职日期\nS1\t张伟\trep\t销售部\t2024-01-01\n")
    assert read_table(path, STAFF).rows[0].values["role"] == "rep"


def test_non_ascii_folder(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "张伟" / "人员表.xlsx",
        [
            ["工号", "姓名", "角色", "部门", "入职日期"],
            ["S1", "张伟", "销售代表", "销售部", "2024-01-01"],
        ],
    )
    assert read_table(path, STAFF).file_name == "人员表.xlsx"


# --------------------------------------------------------------------------- formulas and errors


def test_formula_without_cached_value_and_error_cells_are_cell_errors(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "f.xlsx",
        [
            ["日期", "单号", "业务员", "客户", "产品线", "金额"],
            [date(2026, 3, 5), "SO1", "S1", "甲", "泵", "=1+2"],
            [date(2026, 3, 5), "SO2", "S1", "甲", "泵", "=SUM(1,2)"],
            [date(2026, 3, 5), "SO3", "S1", "甲", "泵", "#N/A"],
        ],
    )
    # openpyxl writes formulas without cached values (and "#N/A" as an error cell); give
    # the second formula the value Excel would have saved.
    patch_sheet_xml(path, "<f>SUM(1,2)</f><v />", "<f>SUM(1,2)</f><v>3</v>")
    assert set(xlsx_cell_faults(path, "Sheet1")) == {(1, 5), (3, 5)}
    table = read_table(path, LEDGER)
    problems: list[Problem] = []
    amounts = [table.cells(row, problems).decimal("amount", required=True) for row in table.rows]
    assert amounts == [None, Decimal(3), None]
    assert [(p.row, p.column) for p in problems] == [(2, "金额"), (4, "金额")]
    assert "no saved value" in problems[0].message
    assert "#N/A" in problems[1].message


# --------------------------------------------------------------------------- values


@pytest.mark.parametrize(
    "text",
    ["2026-03-05", "2026/3/5", "2026.3.5", "2026年3月5日", " 2026-3-5 ", "2026-03-05 00:00:00"],
)
def test_text_dates_in_every_accepted_form(text: str) -> None:
    assert cell_date(text) == date(2026, 3, 5)


def test_real_dates_and_bad_dates() -> None:
    assert cell_date(datetime(2026, 3, 5, 10, 30)) == date(2026, 3, 5)
    assert cell_date(date(2026, 3, 5)) == date(2026, 3, 5)
    with pytest.raises(CellValueError, match="no such date"):
        cell_date("2026-02-30")
    with pytest.raises(CellValueError, match="not a date"):
        cell_date("next week")
    with pytest.raises(CellValueError, match="a number, not a date"):
        cell_date(46086.0)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("¥1,234.50", Decimal("1234.50")),
        ("￥1，234.5", Decimal("1234.5")),
        ("1,234,567.89", Decimal("1234567.89")),
        ("95%", Decimal("0.95")),
        ("-12.5", Decimal("-12.5")),
        ("(100)", Decimal("-100")),
        (1234.5, Decimal("1234.5")),
        (0.95, Decimal("0.95")),
        (3.0, Decimal("3")),
        (0.1 + 0.2, Decimal("0.3")),
        (1e20, Decimal("1E+20")),
        (42, Decimal(42)),
    ],
)
def test_numbers(value: object, expected: Decimal) -> None:
    result = cell_decimal(value)  # type: ignore[arg-type]
    assert result == expected
    assert isinstance(result, Decimal)


def test_float_becomes_exact_decimal_text() -> None:
    assert str(float_to_decimal(1234.5)) == "1234.5"
    assert str(float_to_decimal(0.07)) == "0.07"


def test_percent_points_mode_and_non_numbers() -> None:
    assert cell_decimal("95%", percent="points") == Decimal(95)
    assert cell_decimal(95) == Decimal(95)  # nothing is guessed from size
    for bad in ("abc", True, "1.2.3", date(2026, 1, 1)):
        with pytest.raises(CellValueError, match="not a number"):
            cell_decimal(bad)


def test_periods() -> None:
    assert cell_period("2026-03") == Period.month(2026, 3)
    assert cell_period("2026年第1季度") == Period.quarter(2026, 1)
    assert cell_period(2026.0) == Period.of_year(2026)
    assert cell_period(date(2026, 3, 1)) == Period.month(2026, 3)
    with pytest.raises(CellValueError, match="ambiguous"):
        cell_period(2026.1)
    with pytest.raises(CellValueError, match="not a period"):
        cell_period("March")


def test_text_of_numbers_has_no_float_artefacts() -> None:
    assert cell_text(1001.0) == "1001"
    assert cell_text(12.5) == "12.5"
    assert cell_text(" S1 \u200b") == "S1"


def test_row_cells_collect_every_problem_with_row_and_column(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "tasks.xlsx",
        [
            ["考核周期", "工号", "重点工作", "权重", "完成度"],
            ["C1", "S1", None, "abc", "120%"],
            ["C1", "S1", "任务", 50, "95%"],
        ],
    )
    table = read_table(path, TASKS)
    problems: list[Problem] = []
    first = table.cells(table.rows[0], problems)
    assert first.text("task", required=True) is None
    assert first.decimal("weight", minimum=0) is None
    assert first.decimal("completion", minimum=0, maximum=100, percent="points") is None
    assert [(p.row, p.column) for p in problems] == [(2, "重点工作"), (2, "权重"), (2, "完成度")]
    assert problems[2].allowed == "0–100"
    second = table.cells(table.rows[1], problems)
    assert second.decimal("completion", percent="points") == Decimal(95)
    assert second.whole("weight", minimum=1, maximum=100) == 50
    assert not second.failed


def test_every_spec_has_distinct_headers_and_month_headers() -> None:
    for spec in SHEETS.values():
        keys = [c.key for c in spec.columns]
        assert len(keys) == len(set(keys))
        for column in spec.columns:
            for name in column.names:
                assert spec.match(name) is not None and spec.match(name)[0] == column.key  # type: ignore[index]
    assert month_header("3月") == (None, 3)
    assert month_header("Dec") == (None, 12)
    assert month_header("2026-01") == (2026, 1)
    assert month_header("目标值") is None
