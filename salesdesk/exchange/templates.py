"""Empty import templates (`salesdesk template KIND`): headers with notes, an example row
and data validation, laid out from the sheet specs so a filled template always imports."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from salesdesk.domain.errors import UserError
from salesdesk.domain.text import t
from salesdesk.exchange.columns import SheetSpec
from salesdesk.exchange.files import write_atomically
from salesdesk.exchange.sheets import SHEETS
from salesdesk.exchange.writer import (
    EXAMPLE_FONT,
    NUMBER_FORMATS,
    add_autofilter,
    add_header_comment,
    apply_validation,
    fit_column_widths,
    freeze_header,
    style_header,
    write_table,
    write_text,
    write_value,
)


def spec_for(kind: str) -> SheetSpec:
    """The sheet spec of an import kind; UserError naming the kinds for an unknown one."""
    spec = SHEETS.get(kind)
    if spec is None:
        raise UserError(
            t(
                "unknown import kind {k} (allowed: {a})",
                "未知的导入类型 {k}（允许：{a}）",
                k=kind,
                a=", ".join(SHEETS),
            )
        )
    return spec


def header_note(spec: SheetSpec, index: int) -> str:
    """The note on a header: both canonical names, required or not, what it accepts."""
    column = spec.columns[index]
    lines = [column.label]
    lines.append(t("required", "必填") if column.required else t("optional", "可选"))
    for group in spec.any_of:
        if column.key in group:
            others = [spec.column(k).label for k in group if k != column.key]
            lines.append(t("or fill: {o}", "或填写：{o}", o=", ".join(others)))
    if column.note():
        lines.append(column.note())
    if column.synonyms:
        lines.append(t("also read as: {s}", "也可用表头：{s}", s=", ".join(column.synonyms)))
    return "\n".join(lines)


def fill_template_sheet(ws: Worksheet, spec: SheetSpec, *, example: bool = True) -> None:
    """Header row, example row and validation of one kind on `ws`."""
    ws.title = spec.title()
    required: list[int] = []
    for index, column in enumerate(spec.columns):
        number = index + 1
        write_text(ws, 1, number, column.header())
        add_header_comment(ws, number, header_note(spec, index))
        if column.required:
            required.append(number)
        # Text columns are formatted as text, so a typed code such as 001 keeps its zeros.
        ws.column_dimensions[
            ws.cell(row=1, column=number).column_letter
        ].number_format = NUMBER_FORMATS[column.cell_format]
        if example and column.example is not None:
            cell = write_value(ws, 2, number, column.example, column.cell_format)
            cell.font = EXAMPLE_FONT
        validation = column.current_validation()
        if validation is not None:
            apply_validation(ws, number, validation)
    style_header(ws, len(spec.columns), required=required)
    freeze_header(ws)
    add_autofilter(ws, len(spec.columns), last_row=2)
    fit_column_widths(ws, minimum=10)


def _notes_sheet(ws: Worksheet, spec: SheetSpec) -> None:
    ws.title = t("Notes", "说明")
    headers = [t("column", "列"), t("required", "必填"), t("what it holds", "说明")]
    rows = [
        (
            column.header(),
            t("yes", "是") if column.required else t("no", "否"),
            header_note(spec, index).replace("\n", "; "),
        )
        for index, column in enumerate(spec.columns)
    ]
    rows.append(
        (
            "",
            "",
            t(
                "The first sheet is imported; headers may be in Chinese or English, in any "
                "order; replace the example row with your data.",
                "导入第一个工作表；表头可用中文或英文，顺序不限；请用实际数据替换示例行。",
            ),
        )
    )
    write_table(ws, headers, rows)


def write_template(kind: str, out_path: Path | str) -> Path:
    """Write the empty import template of `kind` to `out_path` (.xlsx)."""
    spec = spec_for(kind)
    path = Path(out_path)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    fill_template_sheet(sheet, spec)
    _notes_sheet(workbook.create_sheet(), spec)
    write_atomically(path, workbook.save)
    return path
