"""Exporting the audit log, as filtered on the Audit page, to a workbook.

Every matching entry goes out, read a page at a time and streamed into a write-only
workbook (a million entries stay in constant memory). A second sheet says which filters
made the list. The file is written under a temporary name beside the target and moved into
place at the end: a failed or cancelled export leaves no file behind, never half a file.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from datetime import datetime
from itertools import islice
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from salesdesk.domain.errors import UserError, ValidationError
from salesdesk.domain.text import t
from salesdesk.exchange.files import write_atomically
from salesdesk.exchange.writer import LAST_ROW, write_table
from salesdesk.services.audit_log import AuditQuery, AuditRow, AuditService

log = logging.getLogger(__name__)

Progress = Callable[[int, str], bool]
"""`progress(percent, message) -> bool`: False asks the export to stop (Cancel)."""

# A sheet holds LAST_ROW rows, one of them the header; more entries go on further sheets.
ROWS_PER_SHEET = LAST_ROW - 1
# How often (in entries) the export reports progress and looks at Cancel.
PROGRESS_EVERY = 1000
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"


class AuditExportCancelled(UserError):
    """The export was cancelled through its progress callback; no file was written."""

    def __init__(self) -> None:
        super().__init__(t("export cancelled; no file was written", "已取消导出，未写出任何文件"))


def headers() -> list[str]:
    """The columns of the exported log, in the current language."""
    return [
        t("Time", "时间"),
        t("User", "用户"),
        t("Kind of change", "变更类型"),
        t("Concerns", "对象"),
        t("Field", "字段"),
        t("Old value", "原值"),
        t("New value", "新值"),
        t("Reason", "原因"),
        t("Staff code", "工号"),
        t("Name", "姓名"),
        t("Cycle", "考核周期"),
    ]


def row_values(row: AuditRow) -> list[object]:
    """One entry as the workbook holds it: the time as text to the second (Excel's date
    formats stop at minutes), every value whole, empty parts as empty cells."""
    values: list[object] = [
        row.at.strftime(TIME_FORMAT),
        row.user,
        row.kind,
        row.subject,
        row.field,
        row.old_value,
        row.new_value,
        row.reason,
        row.staff_code,
        row.staff_name,
        row.cycle_name,
    ]
    return [value if value != "" else None for value in values]


def _target(out: Path | str) -> Path:
    path = Path(out)
    if path.suffix.lower() != ".xlsx":
        raise ValidationError.single(
            t(
                "{f}: the audit log is exported as an Excel workbook; give a file name "
                "ending in .xlsx",
                "{f}：审计日志导出为 Excel 工作簿，文件名须以 .xlsx 结尾",
                f=path,
            ),
            field="out",
            allowed=".xlsx",
        )
    return path


def _discard(sheet: Any) -> None:
    """Close a write-only sheet that will not be saved and delete its temporary file: one
    left open complains when it is garbage-collected."""
    try:
        sheet.close()
        writer = getattr(sheet, "_writer", None)
        if writer is not None:
            writer.cleanup()
    except Exception:  # cleaning up after a failure must not hide that failure
        log.debug("discarding a half-written sheet failed", exc_info=True)


def export_audit(
    service: AuditService,
    query: AuditQuery,
    out: Path | str,
    *,
    progress: Progress | None = None,
) -> int:
    """Write every entry `query` matches to the workbook `out`; returns how many."""
    path = _target(out)
    total = service.count(query)
    message = t("Exporting the audit log…", "正在导出审计日志…")
    if progress is not None and progress(0, message) is False:
        raise AuditExportCancelled()

    def entries() -> Iterator[list[object]]:
        for number, row in enumerate(service.rows(query), start=1):
            if progress is not None and number % PROGRESS_EVERY == 0:
                percent = min(95, number * 95 // max(total, 1))
                if progress(percent, message) is False:
                    raise AuditExportCancelled()
            yield row_values(row)

    workbook = Workbook(write_only=True)
    try:
        title = t("Audit log", "审计日志")
        remaining = entries()
        written = 0
        sheet_number = 1
        while True:
            name = title if sheet_number == 1 else f"{title} ({sheet_number})"
            sheet = workbook.create_sheet(name)
            count = write_table(sheet, headers(), islice(remaining, ROWS_PER_SHEET))
            written += count
            # A full sheet may have more after it; an empty next sheet is dropped below.
            if count < ROWS_PER_SHEET:
                break
            sheet_number += 1
        if written and written % ROWS_PER_SHEET == 0 and sheet_number > 1:
            # The entries filled the last sheet exactly: the sheet opened after it is empty.
            empty = workbook.worksheets[-1]
            workbook.remove(empty)
            _discard(empty)

        notes = workbook.create_sheet(t("Filters", "筛选条件"))
        lines = [
            *service.describe_query(query),
            (t("Entries", "条数"), f"{written:,}"),
            (t("Exported at", "导出时间"), datetime.now().strftime(TIME_FORMAT)),
        ]
        write_table(notes, [t("Filter", "条件"), t("Value", "值")], lines)

        if progress is not None and progress(97, t("Saving…", "正在保存…")) is False:
            raise AuditExportCancelled()
        write_atomically(path, workbook.save)
    except BaseException:
        for sheet in workbook.worksheets:
            _discard(sheet)
        raise
    if progress is not None:
        progress(100, t("Done", "完成"))
    return written


__all__ = ["AuditExportCancelled", "export_audit", "headers", "row_values"]
