"""Templates for every import kind, the staff export, and formula-safe writing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from salesdesk.domain.errors import UserError
from salesdesk.domain.org import Role
from salesdesk.domain.text import set_language
from salesdesk.exchange.reader import read_table
from salesdesk.exchange.sheets import SHEETS
from salesdesk.exchange.writer import display_width, write_table, write_value
from salesdesk.services.exports import export_staff
from salesdesk.services.imports import import_file, write_template
from salesdesk.services.registry import Services
from salesdesk.services.staff import NewStaff, StaffRow


@pytest.mark.parametrize("kind", list(SHEETS))
def test_template_has_headers_example_and_validation(kind: str, tmp_path: Path) -> None:
    path = write_template(kind, tmp_path / f"{kind}.xlsx")
    workbook = openpyxl.load_workbook(path)
    ws = workbook.worksheets[0]
    spec = SHEETS[kind]
    assert [c.value for c in ws[1]] == [column.en for column in spec.columns]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref is not None
    assert ws.cell(row=1, column=1).comment is not None
    assert any(c.value is not None for c in ws[2])  # the example row
    validations = {dv.type for dv in ws.data_validations.dataValidation}
    expected = {
        "staff": {"list", "date", "decimal"},
        "ratings": {"list", "whole"},
        "adjustments": {"list", "decimal"},
    }
    assert expected.get(kind, set()) <= validations
    # The template reads back with its own spec: headers importable, example row intact.
    table = read_table(path, spec)
    assert set(table.columns) == {column.key for column in spec.columns}
    assert len(table.rows) == 1


def test_rating_and_role_validation_values(tmp_path: Path) -> None:
    ratings = openpyxl.load_workbook(write_template("ratings", tmp_path / "r.xlsx")).worksheets[0]
    whole = next(dv for dv in ratings.data_validations.dataValidation if dv.type == "whole")
    assert (whole.formula1, whole.formula2) == ("1", "5")
    set_language("zh")
    staff = openpyxl.load_workbook(write_template("staff", tmp_path / "s.xlsx")).worksheets[0]
    assert staff.cell(row=1, column=1).value == "工号"
    roles = next(dv for dv in staff.data_validations.dataValidation if dv.type == "list")
    assert roles.formula1 == '"销售代表,销售主管,销售支持,销售总监"'
    adjust = openpyxl.load_workbook(write_template("adjustments", tmp_path / "a.xlsx")).worksheets[
        0
    ]
    kinds = next(dv for dv in adjust.data_validations.dataValidation if dv.type == "list")
    assert "加分,扣分,否决" in (kinds.formula1 or "")


def test_unknown_template_kind(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="unknown import kind"):
        write_template("payroll", tmp_path / "x.xlsx")


@pytest.mark.parametrize("language", ["en", "zh"])
def test_staff_template_imports_cleanly(services: Services, tmp_path: Path, language: str) -> None:
    set_language(language)
    path = write_template("staff", tmp_path / "模板" / "staff.xlsx")
    report = import_file(services.database, "staff", path)
    assert report.added == 1
    person = services.staff.find_by_code("S0001")
    assert person is not None
    assert person.role is Role.REP and person.unit_path == "销售部/华东区/一组"
    assert person.pay_base == Decimal("3000.00")


def test_export_then_import_changes_nothing(
    services: Services, small_org: dict[str, StaffRow], tmp_path: Path
) -> None:
    group = small_org["S002"].unit_id
    services.staff.create_staff(
        NewStaff("S009", "=1+2", Role.SUPPORT, group, date(2024, 1, 1), pay_base=Decimal("1.50"))
    )
    services.staff.create_staff(
        NewStaff("-007", "@home", Role.REP, group, date(2020, 1, 1), leave_date=date(2021, 1, 1))
    )
    path = tmp_path / "张伟" / "staff.xlsx"
    assert export_staff(services.database, path) == 5
    before = services.staff.list_staff()
    report = import_file(services.database, "staff", path)
    assert (report.added, report.replaced, report.skipped) == (0, 0, 5)
    assert services.staff.list_staff() == before
    assert export_staff(services.database, path, include_left=True) == 6
    report = import_file(services.database, "staff", path)
    assert (report.added, report.replaced, report.skipped) == (0, 0, 6)


def test_export_is_formula_safe_and_typed(
    services: Services, small_org: dict[str, StaffRow], tmp_path: Path
) -> None:
    group = small_org["S002"].unit_id
    services.staff.create_staff(
        NewStaff("+S9", "=1+2", Role.SUPPORT, group, date(2024, 1, 1), pay_base=Decimal("1.50"))
    )
    path = tmp_path / "s.xlsx"
    assert export_staff(services.database, path) == 5
    ws = openpyxl.load_workbook(path).worksheets[0]
    rows = {row[0].value: row for row in ws.iter_rows(min_row=2)}
    risky = rows["+S9"]
    assert risky[0].data_type == "s" and risky[1].data_type == "s"
    assert risky[1].value == "=1+2" and risky[1].quotePrefix
    assert risky[5].is_date and risky[5].number_format == "yyyy-mm-dd"
    assert risky[7].data_type == "n" and risky[7].value == 1.5
    assert rows["S002"][4].value == "S001"
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:H6"
    assert ws.column_dimensions["D"].width >= display_width("销售部/华东区/一组")


def test_write_helpers_never_write_formulas(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    ws = workbook.active
    assert ws is not None
    for column, text in enumerate(["=SUM(A1)", "+86 138", "-x", "@a", "plain"], start=1):
        write_value(ws, 1, column, text)
    write_value(ws, 2, 1, Decimal("1234.50"))
    with pytest.raises(TypeError):
        write_value(ws, 2, 2, 0.1)
    other = workbook.create_sheet("t")
    write_table(other, ["名称", "金额"], [['=HYPERLINK("x")', Decimal("1")]])
    workbook.save(tmp_path / "w.xlsx")
    back = openpyxl.load_workbook(tmp_path / "w.xlsx")
    first = back.worksheets[0]
    assert [c.data_type for c in first[1]] == ["s"] * 5
    assert [bool(c.quotePrefix) for c in first[1]] == [True, True, True, True, False]
    assert first.cell(row=2, column=1).value == 1234.5
    assert back["t"].cell(row=2, column=1).data_type == "s"


def test_display_width_counts_cjk_as_two() -> None:
    assert display_width("abc") == 3
    assert display_width("销售部") == 6
    assert display_width("ＡＢ") == 4
