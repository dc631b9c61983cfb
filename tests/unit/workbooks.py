"""Test helpers that write small workbooks and CSV files into a test's folder."""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Sequence
from pathlib import Path

import openpyxl

STAFF_HEADERS = ["工号", "姓名", "角色", "部门", "上级工号", "入职日期", "离职日期", "绩效工资基数"]


def write_xlsx(
    path: Path,
    rows: Sequence[Sequence[object]],
    *,
    sheet: str = "Sheet1",
    extra_sheets: Sequence[str] = (),
) -> Path:
    """An .xlsx file whose first sheet holds `rows` from A1 (None leaves a cell empty)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = openpyxl.Workbook()
    ws = workbook.active
    assert ws is not None
    ws.title = sheet
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values, start=1):
            if value is not None:
                ws.cell(row=r, column=c, value=value)
    for name in extra_sheets:
        workbook.create_sheet(name)
    workbook.save(path)
    return path


def write_csv(path: Path, rows: Sequence[Sequence[object]], *, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        for values in rows:
            writer.writerow(["" if v is None else v for v in values])
    return path


def patch_sheet_xml(path: Path, old: str, new: str) -> None:
    """Replace text in the first sheet's XML (to add cached values, error cells, ...)."""
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    name = "xl/worksheets/sheet1.xml"
    text = parts[name].decode("utf-8")
    assert old in text, text
    parts[name] = text.replace(old, new).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for filename, data in parts.items():
            target.writestr(filename, data)
