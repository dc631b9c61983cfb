"""Writing workbooks with openpyxl: text that never turns into a formula, styled and frozen
headers, column widths that fit Chinese text, autofilters and data validation.

Every exporter and template writer uses these helpers, so a name typed as `=1+2`, `+86…`,
`-`, or `@home` goes out as text (a string cell with the quote-prefix style, reports.md)
and never as a formula.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from itertools import chain, islice
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell, WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from salesdesk.domain.text import t
from salesdesk.exchange.columns import CellFormat, Validation, ValidationKind

FORMULA_TRIGGERS = ("=", "+", "-", "@")
LAST_ROW = 1_048_576
# Rows `write_table` fits the column widths to (as `column_widths` samples by default).
WIDTH_SAMPLE_ROWS = 2000
NUMBER_FORMATS: dict[CellFormat, str] = {
    CellFormat.TEXT: "@",
    CellFormat.DATE: "yyyy-mm-dd",
    CellFormat.MONEY: "#,##0.00",
    CellFormat.NUMBER: "General",
    CellFormat.PERCENT: "0.00%",
    CellFormat.WHOLE: "0",
}
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="305496")
REQUIRED_FILL = PatternFill("solid", fgColor="1F3864")
EXAMPLE_FONT = Font(italic=True, color="7F7F7F")
HEADER_BORDER = Border(bottom=Side(style="thin", color="000000"))


def needs_quote_prefix(text: str) -> bool:
    """Whether Excel would take typed text as a formula (it starts with = + - or @)."""
    return text.startswith(FORMULA_TRIGGERS)


def storable_text(text: str) -> str:
    """`text` without the control characters a workbook cannot hold (a pasted name with a
    stray \\x01 would otherwise stop the whole export)."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def safe_text_cell(cell: Cell, text: str) -> Cell:
    """Put `text` in `cell` as a string, never a formula: openpyxl stores a value starting
    with `=` as a formula, so the type is forced back to string and the quote-prefix
    style keeps Excel from re-reading it as one when the cell is edited."""
    text = storable_text(text)
    cell.value = text
    cell.data_type = "s"
    if needs_quote_prefix(text):
        cell.quotePrefix = True
    return cell


def write_text(ws: Worksheet, row: int, column: int, text: str) -> Cell:
    """Write text at (row, column) of a normal worksheet, formula-safe."""
    cell = ws.cell(row=row, column=column)
    safe_text_cell(cell, text)
    return cell


def write_value(
    ws: Worksheet,
    row: int,
    column: int,
    value: object,
    cell_format: CellFormat | None = None,
) -> Cell:
    """Write any value: text formula-safe, Decimal exact, dates as real dates."""
    cell = ws.cell(row=row, column=column)
    _fill(cell, value, cell_format)
    return cell


def text_cell(ws: Worksheet, value: object, cell_format: CellFormat | None = None) -> Cell:
    """A cell for `ws.append(...)` in write-only mode, with the same safety as write_value."""
    cell = WriteOnlyCell(ws)
    _fill(cell, value, cell_format)
    return cell


def _fill(cell: Cell, value: object, cell_format: CellFormat | None) -> None:
    if value is None:
        return
    if isinstance(value, str):
        safe_text_cell(cell, value)
        if cell_format is CellFormat.TEXT:
            cell.number_format = "@"
        return
    if isinstance(value, bool):
        cell.value = value
        return
    if isinstance(value, datetime | date):
        cell.value = value
        cell.number_format = (
            "yyyy-mm-dd hh:mm" if isinstance(value, datetime) else NUMBER_FORMATS[CellFormat.DATE]
        )
        return
    if isinstance(value, Decimal | int):
        # openpyxl writes a number with "%.16g": a Decimal of up to 15 significant digits
        # (every amount and score) is read back as the double nearest to it.
        cell.value = value
        if cell_format is not None and cell_format is not CellFormat.TEXT:
            cell.number_format = NUMBER_FORMATS[cell_format]
        return
    if isinstance(value, float):
        raise TypeError("money and scores are Decimal; refusing to write a float")
    safe_text_cell(cell, str(value))


def display_width(text: str) -> int:
    """Columns a text takes on screen: wide (CJK, full-width) characters count as 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _shown(value: Any, number_format: str) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
        if "#,##0" in number_format:
            return f"{Decimal(str(value)):,.2f}"
        return str(value)
    return str(value)


def fit_column_widths(
    ws: Worksheet, *, minimum: int = 6, maximum: int = 60, sample_rows: int = 2000
) -> None:
    """Set each column's width to its longest text (first `sample_rows` rows), CJK as 2."""
    widths: dict[int, int] = {}
    for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, sample_rows)):
        for cell in row:
            if cell.value is None:
                continue
            text = _shown(cell.value, str(cell.number_format))
            longest = max((display_width(line) for line in text.splitlines()), default=0)
            column = int(cell.column or 1)
            widths[column] = max(widths.get(column, 0), longest)
    for column, width in widths.items():
        ws.column_dimensions[get_column_letter(column)].width = max(
            minimum, min(maximum, width + 2)
        )


def style_header(ws: Worksheet, count: int, *, row: int = 1, required: Iterable[int] = ()) -> None:
    """Bold white-on-blue header cells; required columns (1-based) a darker blue."""
    marked = set(required)
    for column in range(1, count + 1):
        cell = ws.cell(row=row, column=column)
        cell.font = HEADER_FONT
        cell.fill = REQUIRED_FILL if column in marked else HEADER_FILL
        cell.border = HEADER_BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=False)


def freeze_header(ws: Worksheet, row: int = 1) -> None:
    """Keep the header row visible while scrolling."""
    ws.freeze_panes = f"A{row + 1}"


def add_autofilter(ws: Worksheet, columns: int, *, header_row: int = 1, last_row: int = 0) -> None:
    """Filter buttons on the header, over the rows written."""
    end = max(last_row, header_row + 1)
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(max(columns, 1))}{end}"


def add_header_comment(ws: Worksheet, column: int, text: str, *, row: int = 1) -> None:
    """A note on a header cell (what the column holds, what it accepts)."""
    if not text:
        return
    comment = Comment(text, "SalesDesk")
    comment.width = 320
    comment.height = 120
    ws.cell(row=row, column=column).comment = comment


def _range(column: int, first_row: int, last_row: int) -> str:
    letter = get_column_letter(column)
    return f"{letter}{first_row}:{letter}{last_row}"


def _add(
    ws: Worksheet, validation: DataValidation, column: int, first_row: int, last_row: int
) -> DataValidation:
    validation.add(_range(column, first_row, last_row))
    # data_validations exists on normal and write-only sheets alike.
    ws.data_validations.append(validation)
    return validation


def add_list_validation(
    ws: Worksheet,
    column: int,
    values: Sequence[str],
    *,
    first_row: int = 2,
    last_row: int = LAST_ROW,
    strict: bool = False,
) -> DataValidation:
    """A drop-down of `values`. Not strict: other text (a synonym) is allowed after a
    warning, as the importer accepts more spellings than a list can show."""
    listed = ",".join(v.replace('"', "'") for v in values)
    validation = DataValidation(
        type="list",
        formula1=f'"{listed}"',
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop" if strict else "warning",
        errorTitle=t("Not in the list", "不在列表中"),
        error=t("Choose one of: {v}", "请选择：{v}", v=", ".join(values)),
    )
    return _add(ws, validation, column, first_row, last_row)


def add_whole_validation(
    ws: Worksheet,
    column: int,
    minimum: int,
    maximum: int,
    *,
    first_row: int = 2,
    last_row: int = LAST_ROW,
) -> DataValidation:
    """A whole number between minimum and maximum (a rating 1–5)."""
    validation = DataValidation(
        type="whole",
        operator="between",
        formula1=str(minimum),
        formula2=str(maximum),
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=t("Whole number", "整数"),
        error=t("A whole number from {a} to {b}", "{a} 到 {b} 之间的整数", a=minimum, b=maximum),
    )
    return _add(ws, validation, column, first_row, last_row)


def add_decimal_validation(
    ws: Worksheet,
    column: int,
    minimum: Decimal | int | None = None,
    maximum: Decimal | int | None = None,
    *,
    first_row: int = 2,
    last_row: int = LAST_ROW,
) -> DataValidation:
    """A number, at least `minimum` and/or at most `maximum`. Stops only wrong numbers:
    text such as `95%` or `¥1,234` that the importer reads is allowed after a warning."""
    if minimum is not None and maximum is not None:
        operator, first, second = "between", str(minimum), str(maximum)
        error = t("A number from {a} to {b}", "{a} 到 {b} 之间的数", a=minimum, b=maximum)
    elif minimum is not None:
        operator, first, second = "greaterThanOrEqual", str(minimum), None
        error = t("A number ≥ {a}", "≥ {a} 的数", a=minimum)
    elif maximum is not None:
        operator, first, second = "lessThanOrEqual", str(maximum), None
        error = t("A number ≤ {b}", "≤ {b} 的数", b=maximum)
    else:
        operator, first, second = "between", "-1E+15", "1E+15"
        error = t("A number", "数字")
    validation = DataValidation(
        type="decimal",
        operator=operator,
        formula1=first,
        formula2=second,
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle=t("Number", "数字"),
        error=error,
    )
    return _add(ws, validation, column, first_row, last_row)


def add_date_validation(
    ws: Worksheet,
    column: int,
    *,
    first_row: int = 2,
    last_row: int = LAST_ROW,
    earliest: date = date(1900, 1, 1),
    latest: date = date(2999, 12, 31),
) -> DataValidation:
    """A date; text dates the importer reads (2026/3/5) are allowed after a warning."""
    validation = DataValidation(
        type="date",
        operator="between",
        formula1=f"DATE({earliest.year},{earliest.month},{earliest.day})",
        formula2=f"DATE({latest.year},{latest.month},{latest.day})",
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle=t("Date", "日期"),
        error=t("A date such as 2026-03-05", "日期，如 2026-03-05"),
    )
    return _add(ws, validation, column, first_row, last_row)


def apply_validation(
    ws: Worksheet, column: int, validation: Validation, *, first_row: int = 2
) -> DataValidation:
    """The Excel data validation that a column spec asks for."""
    if validation.kind is ValidationKind.LIST:
        return add_list_validation(ws, column, validation.values, first_row=first_row)
    if validation.kind is ValidationKind.WHOLE:
        low = int(validation.minimum) if isinstance(validation.minimum, int | Decimal) else 0
        high = (
            int(validation.maximum)
            if isinstance(validation.maximum, int | Decimal)
            else 2_000_000_000
        )
        return add_whole_validation(ws, column, low, high, first_row=first_row)
    if validation.kind is ValidationKind.DATE:
        return add_date_validation(ws, column, first_row=first_row)
    low_d = validation.minimum if isinstance(validation.minimum, int | Decimal) else None
    high_d = validation.maximum if isinstance(validation.maximum, int | Decimal) else None
    return add_decimal_validation(ws, column, low_d, high_d, first_row=first_row)


def cell_value(ws: Worksheet, value: object, cell_format: CellFormat | None = None) -> object:
    """What to pass to `ws.append()` for `value`: plain text and numbers as they are (the
    fast path), anything that needs a type or a format as a formula-safe cell."""
    if value is None:
        return None
    if isinstance(value, str):
        value = storable_text(value)
        if not needs_quote_prefix(value):
            return value
    if isinstance(value, int) and not isinstance(value, bool) and cell_format is None:
        return value
    return text_cell(ws, value, cell_format)


def column_widths(
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    formats: Sequence[CellFormat | None] = (),
    *,
    minimum: int = 6,
    maximum: int = 60,
    sample_rows: int = 2000,
) -> list[int]:
    """Column widths that fit the header and the first `sample_rows` rows, CJK as 2."""
    widths = [display_width(h) for h in headers]
    for values in rows[:sample_rows]:
        for index, value in enumerate(values):
            if value is None:
                continue
            fmt = formats[index] if index < len(formats) else None
            text = _shown(value, NUMBER_FORMATS[fmt] if fmt is not None else "General")
            longest = max((display_width(line) for line in text.splitlines()), default=0)
            if index >= len(widths):
                widths.extend([0] * (index + 1 - len(widths)))
            widths[index] = max(widths[index], longest)
    return [max(minimum, min(maximum, width + 2)) for width in widths]


def set_column_widths(ws: Worksheet, widths: Sequence[int]) -> None:
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width


def write_table(
    ws: Worksheet,
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    formats: Sequence[CellFormat | None] = (),
    required: Iterable[int] = (),
    notes: Sequence[str] = (),
) -> int:
    """A table starting at A1 of an empty sheet, normal or write-only (the fast choice for
    large exports): styled, frozen header with notes and an autofilter, formula-safe
    cells, fitted widths. Returns the number of data rows written.

    `rows` may be a generator: only the rows the widths are fitted to are held at once,
    so a million-row export streams through in constant memory."""
    remaining = iter(rows)
    sample = [list(values) for values in islice(remaining, WIDTH_SAMPLE_ROWS)]
    set_column_widths(ws, column_widths(headers, sample, formats))
    ws.freeze_panes = "A2"
    marked = set(required)
    header_cells: list[Cell] = []
    for index, header in enumerate(headers):
        cell = text_cell(ws, header)
        cell.font = HEADER_FONT
        cell.fill = REQUIRED_FILL if index + 1 in marked else HEADER_FILL
        cell.border = HEADER_BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center")
        if index < len(notes) and notes[index]:
            comment = Comment(notes[index], "SalesDesk")
            comment.width = 320
            comment.height = 120
            cell.comment = comment
        header_cells.append(cell)
    ws.append(header_cells)
    columns = len(formats)
    count = 0
    for values in chain(sample, remaining):
        ws.append(
            [
                cell_value(ws, value, formats[index] if index < columns else None)
                for index, value in enumerate(values)
            ]
        )
        count += 1
    ws.auto_filter.ref = f"A1:{get_column_letter(max(len(headers), 1))}{max(count, 1) + 1}"
    return count
