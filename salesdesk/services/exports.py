"""Exporting data to workbooks in the import formats, so an export imports back unchanged."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from salesdesk.domain.org import ROLE_LABELS_EN, ROLE_LABELS_ZH
from salesdesk.domain.text import language
from salesdesk.exchange.files import write_atomically
from salesdesk.exchange.sheets import STAFF
from salesdesk.exchange.writer import apply_validation, write_table
from salesdesk.services.database import Database
from salesdesk.services.staff import StaffService


def export_staff(database: Database, out_path: Path | str, *, include_left: bool = False) -> int:
    """Write the staff list in exactly the staff import format; returns how many people.

    People who have left are written only with `include_left`.
    """
    rows = StaffService(database).list_staff(include_left=include_left)
    labels = ROLE_LABELS_ZH if language() == "zh" else ROLE_LABELS_EN
    data = [
        (
            row.code,
            row.name,
            labels[row.role],
            row.unit_path,
            row.manager_code,
            row.hire_date,
            row.leave_date,
            row.pay_base,
        )
        for row in rows
    ]
    # Write-only: a 10,000-person list goes out in a couple of seconds.
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(STAFF.title())
    columns = STAFF.columns
    for number, column in enumerate(columns, start=1):
        validation = column.current_validation()
        if validation is not None:
            apply_validation(sheet, number, validation)
    count = write_table(
        sheet,
        [column.header() for column in columns],
        data,
        formats=[column.cell_format for column in columns],
        required=[i for i, column in enumerate(columns, start=1) if column.required],
        notes=[column.label for column in columns],
    )
    write_atomically(Path(out_path), workbook.save)
    return count
