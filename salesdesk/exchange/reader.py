"""Reading import workbooks (.xlsx/.xlsm/.xls/.ods/.csv) into checked rows (data-exchange §2).

Three steps, each usable on its own:

1. `check_file(path)` refuses a file before parsing (missing, empty, truncated, not the
   format its name says, password-protected, unpacking to more than 200 MB).
2. `read_table(path, spec, sheet=...)` finds the header row by content, maps columns by a
   `SheetSpec`, drops empty and total rows, and returns a `Table` of raw rows.
3. `table.cells(row, problems)` gives a `RowCells` whose parsers (`text`, `decimal`,
   `date`, `period`, ...) turn raw values into domain values, recording every problem
   with sheet, row and column instead of stopping at the first.

Importers of every kind (staff, targets, ledger, ...) share these steps.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Literal, TypeVar

from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

from salesdesk.domain.decimals import parse_decimal
from salesdesk.domain.errors import (
    FileRefusedError,
    ImportFailed,
    NotFoundError,
    Problem,
    UserError,
)
from salesdesk.domain.periods import ALLOWED_PERIODS, Period, parse_period
from salesdesk.domain.text import t
from salesdesk.exchange.columns import SheetSpec

T = TypeVar("T")

CellValue = str | int | float | bool | date | datetime | time | timedelta | None
"""A raw cell as read: what calamine gives (None for an empty cell), or text from a CSV."""

MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ROWS = 1_000_000
HEADER_SEARCH_ROWS = 20
# Deflate cannot do much better than ~1000:1; real sheets compress 5–30:1. A member far
# beyond that is a zip bomb, not a workbook.
MAX_COMPRESSION_RATIO = 200
RATIO_CHECKED_ABOVE = 1024 * 1024
MAX_ZIP_MEMBERS = 10_000
TOTAL_WORDS = frozenset({"合计", "小计", "总计", "total", "totals", "grandtotal", "subtotal"})
ALLOWED_DATES = "2026-03-05, 2026/3/5, 2026.3.5, 2026年3月5日"

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"


class FileFormat(StrEnum):
    """The formats read, by what the file really holds."""

    XLSX = "xlsx"
    XLS = "xls"
    ODS = "ods"
    CSV = "csv"


SUFFIX_FORMATS = {
    ".xlsx": FileFormat.XLSX,
    ".xlsm": FileFormat.XLSX,
    ".xls": FileFormat.XLS,
    ".ods": FileFormat.ODS,
    ".csv": FileFormat.CSV,
}
ALLOWED_SUFFIXES = ", ".join(SUFFIX_FORMATS)


# --------------------------------------------------------------------------- refusing files


def _refuse(path: Path, en: str, zh: str, **values: object) -> FileRefusedError:
    reason = t(en, zh, **values)
    return FileRefusedError(t("{f}: {r}", "{f}：{r}", f=path.name, r=reason))


def _looks_like(head: bytes) -> str:
    """What a file that is not what its name says seems to be, for the message."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(ZIP_MAGIC):
        return t("a zip file (an .xlsx or .ods workbook?)", "zip 文件（.xlsx 或 .ods 工作簿？）")
    if head.startswith(OLE2_MAGIC):
        return t("an Excel 97–2003 (.xls) file", "Excel 97–2003（.xls）文件")
    if start.startswith(b"%pdf"):
        return t("a PDF document", "PDF 文档")
    if start.startswith((b"<!doctype html", b"<html", b"<table", b"<meta")):
        return t(
            "a web page (HTML), as some systems export; open it in Excel and save as .xlsx",
            "网页（HTML）文件，部分系统会这样导出；请用 Excel 打开后另存为 .xlsx",
        )
    if start.startswith(b"<?xml"):
        return t(
            "an XML file; open it in Excel and save as .xlsx",
            "XML 文件；请用 Excel 打开后另存为 .xlsx",
        )
    if b"\x00" not in head:
        return t("a text file", "文本文件")
    return t("something else", "其他格式的文件")


def check_file(path: Path | str) -> FileFormat:
    """Refuse a file that cannot be read safely; return the format it holds.

    Checks, without parsing: that it exists and is not empty, that its content is the
    format its extension names (magic bytes), that a zip container is whole (every
    member's CRC), unpacks to at most 200 MB and has no absurd compression ratio.
    """
    file = Path(path)
    if not file.exists():
        raise _refuse(file, "file not found", "找不到文件")
    if not file.is_file():
        raise _refuse(file, "not a file (a folder?)", "不是文件（是文件夹？）")
    suffix = file.suffix.lower()
    fmt = SUFFIX_FORMATS.get(suffix)
    if fmt is None:
        raise FileRefusedError(
            t(
                "{f}: cannot read {s} files (allowed: {a})",
                "{f}：不能读取 {s} 文件（允许：{a}）",
                f=file.name,
                s=suffix or t("extension-less", "无扩展名的"),
                a=ALLOWED_SUFFIXES,
            )
        )
    size = file.stat().st_size
    if size == 0:
        raise _refuse(file, "the file is empty", "文件为空")
    with file.open("rb") as handle:
        head = handle.read(512)
    if fmt in (FileFormat.XLSX, FileFormat.ODS):
        if head.startswith(OLE2_MAGIC):
            if fmt is FileFormat.XLSX:
                if _is_encrypted_ooxml(file):
                    raise _refuse(
                        file,
                        "the workbook is password-protected (encrypted); remove the password "
                        "in Excel and save it again",
                        "工作簿设有密码（已加密）；请在 Excel 中取消密码后重新保存",
                    )
                raise _refuse(
                    file,
                    "not an .xlsx workbook: it is an Excel 97–2003 (.xls) file or a "
                    "password-protected workbook; rename it to .xls or save it as .xlsx",
                    "不是 .xlsx 工作簿：它是 Excel 97–2003（.xls）文件或设有密码的工作簿；"
                    "请改名为 .xls 或另存为 .xlsx",
                )
            raise _refuse(
                file, "not an .ods file: it is {w}", "不是 .ods 文件：它是{w}", w=_looks_like(head)
            )
        if head.startswith(EMPTY_ZIP_MAGIC):
            raise _refuse(file, "the file is an empty zip archive", "文件是空的 zip 压缩包")
        if not head.startswith(ZIP_MAGIC):
            raise _refuse(
                file,
                "not a {k} file: it looks like {w}",
                "不是 {k} 文件：看起来是{w}",
                k=suffix,
                w=_looks_like(head),
            )
        _check_zip(file, fmt)
    elif fmt is FileFormat.XLS:
        if not head.startswith(OLE2_MAGIC):
            if head.startswith(ZIP_MAGIC):
                raise _refuse(
                    file,
                    "not an .xls file: it is an .xlsx workbook; rename it to .xlsx",
                    "不是 .xls 文件：它是 .xlsx 工作簿；请改名为 .xlsx",
                )
            raise _refuse(
                file,
                "not an .xls file: it looks like {w}",
                "不是 .xls 文件：看起来是{w}",
                w=_looks_like(head),
            )
        if size < 1024:
            raise _refuse(file, "the file is truncated or damaged", "文件不完整或已损坏")
        _check_size(file, size)
    else:
        if head.startswith((ZIP_MAGIC, OLE2_MAGIC)):
            raise _refuse(
                file,
                "not CSV text: it looks like {w}; save it as .xlsx or .xls",
                "不是 CSV 文本：看起来是{w}；请保存为 .xlsx 或 .xls",
                w=_looks_like(head),
            )
        _check_size(file, size)
    return fmt


def _check_size(file: Path, size: int) -> None:
    if size > MAX_UNPACKED_BYTES:
        raise _refuse(
            file,
            "the file is larger than {m} MB",
            "文件大于 {m} MB",
            m=MAX_UNPACKED_BYTES // (1024 * 1024),
        )


def _is_encrypted_ooxml(file: Path) -> bool:
    """Whether an OLE2 file holds an encrypted OOXML package (how Excel saves a workbook
    with a password to open): its directory names the `EncryptedPackage` stream."""
    needle = "EncryptedPackage".encode("utf-16-le")
    overlap = len(needle)
    tail = b""
    with file.open("rb") as handle:
        while True:
            chunk = handle.read(1 << 20)
            if not chunk:
                return False
            if needle in tail + chunk:
                return True
            tail = chunk[-overlap:]


def _check_zip(file: Path, fmt: FileFormat) -> None:
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _refuse(
            file,
            "the file is truncated or damaged ({e})",
            "文件不完整或已损坏（{e}）",
            e=exc,
        ) from exc
    with archive:
        members = archive.infolist()
        if len(members) > MAX_ZIP_MEMBERS:
            raise _refuse(
                file, "not a normal workbook (too many parts)", "不是正常的工作簿（部件过多）"
            )
        declared = sum(m.file_size for m in members)
        limit_mb = MAX_UNPACKED_BYTES // (1024 * 1024)
        if declared > MAX_UNPACKED_BYTES:
            raise _refuse(
                file,
                "the workbook would unpack to {n} MB, more than {m} MB",
                "工作簿解压后为 {n} MB，超过 {m} MB",
                n=declared // (1024 * 1024),
                m=limit_mb,
            )
        for member in members:
            ratio = member.file_size / max(member.compress_size, 1)
            if member.file_size > RATIO_CHECKED_ABOVE and ratio > MAX_COMPRESSION_RATIO:
                raise _refuse(
                    file,
                    "not a normal workbook: a part is compressed {r}:1 (a zip bomb?)",
                    "不是正常的工作簿：某部件压缩比达 {r}:1（疑似压缩炸弹）",
                    r=int(ratio),
                )
        names = {m.filename for m in members}
        _check_package_kind(file, fmt, names)
        # Read every member once: a truncated or tampered archive fails its CRC here, and
        # a member whose real size exceeds its declared size cannot slip past the limit.
        total = 0
        try:
            for member in members:
                if member.is_dir():
                    continue
                with archive.open(member) as stream:
                    while chunk := stream.read(1 << 20):
                        total += len(chunk)
                        if total > MAX_UNPACKED_BYTES:
                            raise _refuse(
                                file,
                                "the workbook would unpack to more than {m} MB",
                                "工作簿解压后超过 {m} MB",
                                m=limit_mb,
                            )
        except FileRefusedError:
            raise
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
            raise _refuse(
                file,
                "the file is truncated or damaged ({e})",
                "文件不完整或已损坏（{e}）",
                e=exc,
            ) from exc
        except Exception as exc:  # zlib.error and friends: damaged data, not a bug of ours
            raise _refuse(file, "the file is damaged ({e})", "文件已损坏（{e}）", e=exc) from exc


def _check_package_kind(file: Path, fmt: FileFormat, names: set[str]) -> None:
    if fmt is FileFormat.XLSX:
        if "xl/workbook.xml" in names:
            return
        if "xl/workbook.bin" in names:
            raise _refuse(
                file,
                "binary workbooks (.xlsb) are not read; save it as .xlsx",
                "不支持二进制工作簿（.xlsb）；请另存为 .xlsx",
            )
        if "word/document.xml" in names:
            what = t("a Word document", "Word 文档")
        elif "content.xml" in names:
            what = t("an OpenDocument (.ods) file", "OpenDocument（.ods）文件")
        else:
            what = t("a zip archive", "zip 压缩包")
        raise _refuse(
            file, "not an Excel workbook: it is {w}", "不是 Excel 工作簿：它是{w}", w=what
        )
    if "content.xml" not in names:
        what = (
            t("an .xlsx workbook", ".xlsx 工作簿")
            if "xl/workbook.xml" in names
            else t("a zip archive", "zip 压缩包")
        )
        raise _refuse(
            file, "not an .ods spreadsheet: it is {w}", "不是 .ods 电子表格：它是{w}", w=what
        )


# --------------------------------------------------------------------------- cell faults


def _xlsx_sheet_part(archive: zipfile.ZipFile, sheet: str) -> str | None:
    """The zip member holding the named sheet's XML."""
    from defusedxml import ElementTree

    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    rel_ns = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    pkg = "{http://schemas.openxmlformats.org/package/2006/relationships}"
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rid = None
    for element in workbook.iter(f"{main}sheet"):
        if element.get("name") == sheet:
            rid = element.get(f"{rel_ns}id")
            break
    if rid is None:
        return None
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    for rel in rels.iter(f"{pkg}Relationship"):
        if rel.get("Id") == rid:
            target = rel.get("Target", "")
            if target.startswith("/"):
                return target.lstrip("/")
            return "xl/" + target
    return None


# Two searches, each with a literal prefix the regex engine scans for quickly (one pattern
# of both alternatives scans every whitespace byte: seconds on a 100,000-line sheet).
_CELL_FORMULA = re.compile(rb"<f[\s>/]")
_CELL_ERROR = re.compile(rb't="e"')
_XML_SPACE = frozenset(b" \t\n\r\f\v")
_CELL_REF = re.compile(rb"\sr=\"([A-Z]{1,3})([0-9]{1,7})\"")
_CELL_TYPE = re.compile(rb"\st=\"([a-zA-Z]+)\"")
_CELL_VALUE = re.compile(rb"<v>([^<]*)</v>")


def _column_index(letters: bytes) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + (letter - ord("A") + 1)
    return index - 1


def xlsx_cell_faults(path: Path, sheet: str) -> dict[tuple[int, int], str]:
    """Cells of an .xlsx sheet that calamine reads as empty although they are not: a
    formula with no cached value and an error value (#N/A, #DIV/0!, ...).

    Keys are (row, column), both 0-based; values say what is wrong. Only scans the
    sheet's XML where a formula or an error marker occurs, so a sheet without formulas
    costs one substring search. Cells of writers that prefix their XML elements
    (`<x:c>`) are not recognised.
    """
    faults: dict[tuple[int, int], str] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            part = _xlsx_sheet_part(archive, sheet)
            if part is None:
                return faults
            data = archive.read(part)
    except (KeyError, zipfile.BadZipFile, OSError, ValueError):
        return faults
    except Exception:  # defusedxml refusing a hostile workbook.xml: calamine will complain
        return faults
    markers = [m.start() for m in _CELL_FORMULA.finditer(data)]
    # An error marker counts after whitespace (` t="e"`), as an attribute, only.
    markers += [
        m.start() - 1
        for m in _CELL_ERROR.finditer(data)
        if m.start() > 0 and data[m.start() - 1] in _XML_SPACE
    ]
    for position in sorted(markers):
        start = data.rfind(b"<c ", 0, position)
        end = data.find(b"</c>", position)
        if start < 0 or end < 0:
            continue
        cell = data[start : end + 4]
        head = cell[: cell.find(b">") + 1]
        ref = _CELL_REF.search(head)
        if ref is None:
            continue
        key = (int(ref.group(2)) - 1, _column_index(ref.group(1)))
        if key in faults:
            continue
        kind_match = _CELL_TYPE.search(head)
        kind = kind_match.group(1) if kind_match else b"n"
        value = _CELL_VALUE.search(cell)
        if kind == b"e":
            shown = value.group(1).decode("utf-8", "replace") if value else "#VALUE!"
            faults[key] = t(
                "the cell holds the error value {v}",
                "单元格是错误值 {v}",
                v=shown,
            )
        elif b"<f" in cell and (value is None or (value.group(1) == b"" and kind != b"str")):
            faults[key] = t(
                "a formula with no saved value: open the file in Excel and save it again",
                "公式没有保存计算结果：请用 Excel 打开后重新保存",
            )
    return faults


# --------------------------------------------------------------------------- tables


@dataclass(frozen=True)
class Row:
    """One data row: its number as Excel shows it and its raw values by column key."""

    number: int
    values: Mapping[str, CellValue]
    faults: Mapping[str, str] = field(default_factory=dict)
    extra: Mapping[int, CellValue] = field(default_factory=dict)

    def is_blank(self, key: str) -> bool:
        return key not in self.faults and _is_empty(self.values.get(key))


@dataclass(frozen=True)
class Table:
    """A sheet read against a spec: where its header was, which columns it has, its rows."""

    spec: SheetSpec
    file_name: str
    sheet: str
    header_row: int
    columns: Mapping[str, int]
    headers: Mapping[str, str]
    rows: tuple[Row, ...]
    extra_headers: Mapping[int, str] = field(default_factory=dict)
    skipped_rows: tuple[int, ...] = ()

    def has(self, key: str) -> bool:
        """Whether the file has this column (an optional column may be absent)."""
        return key in self.columns

    def header(self, key: str) -> str:
        """The column's header as found in the file (else its canonical label)."""
        return self.headers.get(key) or self.spec.column(key).label

    def problem(
        self, row: int | None, key: str | None, message: str, allowed: str | None = None
    ) -> Problem:
        return Problem(
            message,
            sheet=self.sheet,
            row=row,
            column=self.header(key) if key else None,
            allowed=allowed,
        )

    def cells(self, row: Row, problems: list[Problem]) -> RowCells:
        """Parsers for one row that add what they refuse to `problems`."""
        return RowCells(self, row, problems)


def _is_empty(value: CellValue) -> bool:
    return value is None or (isinstance(value, str) and not _clean(value))


def _clean(text: str) -> str:
    # Called for every text cell: the invisible characters are looked for before they are
    # replaced (most text has none, and ASCII text cannot).
    if not text.isascii() and ("\u200b" in text or "\ufeff" in text):
        text = text.replace("\u200b", "").replace("\ufeff", "")
    return text.strip()


_TOTAL_SEPARATORS = re.compile(r"[\s:：]")


def _is_total_row(values: Sequence[CellValue]) -> bool:
    for value in values:
        if isinstance(value, str):
            cleaned = _clean(value)
            if cleaned:
                # Letters and digits only (an order number): nothing to remove first.
                if not cleaned.isalnum():
                    cleaned = _TOTAL_SEPARATORS.sub("", cleaned)
                return cleaned.casefold() in TOTAL_WORDS
    return False


def _all_empty(values: Sequence[CellValue]) -> bool:
    for value in values:
        if value is None:
            continue
        if not isinstance(value, str) or _clean(value):
            return False
    return True


def sheet_names(path: Path | str) -> list[str]:
    """The sheets of a workbook, in order (a CSV file has one, named after the file)."""
    file = Path(path)
    fmt = check_file(file)
    if fmt is FileFormat.CSV:
        return [file.stem]
    workbook = _open_workbook(file)
    try:
        return list(workbook.sheet_names)
    finally:
        workbook.close()


def read_table(path: Path | str, spec: SheetSpec, *, sheet: str | None = None) -> Table:
    """Read one sheet of a file against `spec` (data-exchange §2).

    Raises FileRefusedError for a file that cannot be read, NotFoundError for an unknown
    sheet, and ImportFailed when the header row or a required column is missing.
    """
    file = Path(path)
    fmt = check_file(file)
    if fmt is FileFormat.CSV:
        name = sheet or file.stem
        if sheet is not None and sheet != file.stem:
            raise NotFoundError(
                t(
                    "{f} has no sheet named {s}; the sheets are: {all}",
                    "{f} 中没有名为 {s} 的工作表；现有工作表：{all}",
                    f=file.name,
                    s=sheet,
                    all=file.stem,
                )
            )
        return _build_table(file, spec, name, _csv_rows(file), {})
    workbook = _open_workbook(file)
    try:
        name = _pick_sheet(file, workbook, sheet)
        try:
            data = workbook.get_sheet_by_name(name)
        except Exception as exc:
            raise _unreadable(file, exc) from exc
        end = data.end
        if end is not None and end[0] + 1 > MAX_ROWS:
            raise _too_many_rows(file)
        offset = data.start[1] if data.start is not None else 0
        faults = xlsx_cell_faults(file, name) if fmt is FileFormat.XLSX else {}
        rows = _calamine_rows(file, data.iter_rows(), offset)
        return _build_table(file, spec, name, rows, faults)
    finally:
        workbook.close()


def _too_many_rows(file: Path) -> FileRefusedError:
    return _refuse(file, "the sheet has more than {n} rows", "工作表超过 {n} 行", n=f"{MAX_ROWS:,}")


def _unreadable(file: Path, exc: BaseException) -> FileRefusedError:
    name = type(exc).__name__
    if name == "PasswordError":
        return _refuse(
            file,
            "the workbook is password-protected; remove the password in Excel and save it again",
            "工作簿设有密码；请在 Excel 中取消密码后重新保存",
        )
    return _refuse(
        file,
        "the file is damaged or not a workbook ({e})",
        "文件已损坏或不是工作簿（{e}）",
        e=str(exc) or name,
    )


def _open_workbook(file: Path) -> CalamineWorkbook:
    try:
        return CalamineWorkbook.from_path(str(file))
    except BaseException as exc:
        # A Rust panic in the reader arrives as pyo3's PanicException, a BaseException:
        # a damaged file, to be refused like any other.
        if isinstance(exc, KeyboardInterrupt | SystemExit | MemoryError):
            raise
        raise _unreadable(file, exc) from exc


def _pick_sheet(file: Path, workbook: CalamineWorkbook, sheet: str | None) -> str:
    names = list(workbook.sheet_names)
    if sheet is not None:
        if sheet in names:
            return sheet
        folded = [n for n in names if n.strip().casefold() == sheet.strip().casefold()]
        if len(folded) == 1:
            return folded[0]
        raise NotFoundError(
            t(
                "{f} has no sheet named {s}; the sheets are: {all}",
                "{f} 中没有名为 {s} 的工作表；现有工作表：{all}",
                f=file.name,
                s=sheet,
                all=", ".join(names),
            )
        )
    visible = [
        m.name
        for m in workbook.sheets_metadata
        if m.visible == SheetVisibleEnum.Visible and m.typ == SheetTypeEnum.WorkSheet
    ]
    if visible:
        return visible[0]
    if names:
        return names[0]
    raise _refuse(file, "the workbook has no sheets", "工作簿中没有工作表")


def _calamine_rows(
    file: Path, rows: Iterable[Sequence[CellValue]], offset: int
) -> Iterator[tuple[int, list[CellValue]]]:
    """(0-based row index, values from column 0) for each row calamine yields.

    calamine's `iter_rows` starts at the sheet's first row but at its first used column;
    `offset` restores absolute column positions so faults found in the XML line up.
    """
    pad: list[CellValue] = [None] * offset
    try:
        for index, raw in enumerate(rows):
            values: list[CellValue] = [None if v == "" else v for v in raw]
            yield index, pad + values if offset else values
    except BaseException as exc:
        if isinstance(exc, KeyboardInterrupt | SystemExit | MemoryError):
            raise
        raise _unreadable(file, exc) from exc


def _decode_csv(file: Path) -> str:
    data = file.read_bytes()
    if b"\x00" in data[:8192]:
        raise _refuse(
            file,
            "not CSV text (binary data; UTF-16 text is not read, save as UTF-8)",
            "不是 CSV 文本（含二进制数据；不支持 UTF-16，请保存为 UTF-8）",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise _refuse(
            file,
            "the text is neither UTF-8 nor GB18030/GBK",
            "文本编码既不是 UTF-8 也不是 GB18030/GBK",
        ) from exc


def _csv_rows(file: Path) -> Iterator[tuple[int, list[CellValue]]]:
    text = _decode_csv(file)
    sample = text[:65536].splitlines()[:HEADER_SEARCH_ROWS]
    delimiter = ","
    counts = {d: sum(line.count(d) for line in sample) for d in (",", "\t", ";")}
    best = max(counts, key=lambda d: counts[d])
    if counts[best] > counts[","]:
        delimiter = best
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for index, record in enumerate(reader):
            if index >= MAX_ROWS:
                raise _too_many_rows(file)
            yield index, [value if value != "" else None for value in record]
    except csv.Error as exc:
        raise _refuse(file, "damaged CSV text ({e})", "CSV 文本已损坏（{e}）", e=exc) from exc


def _build_table(
    file: Path,
    spec: SheetSpec,
    sheet: str,
    rows: Iterator[tuple[int, list[CellValue]]],
    faults: Mapping[tuple[int, int], str],
) -> Table:
    head: list[tuple[int, list[CellValue]]] = []
    for item in rows:
        head.append(item)
        if len(head) >= HEADER_SEARCH_ROWS:
            break
    header_index, columns, headers, extra_headers = _find_header(file, spec, sheet, head)
    body: list[Row] = []
    skipped: list[int] = []

    column_items = tuple(columns.items())
    no_faults: Mapping[str, str] = {}

    def take(index: int, values: list[CellValue]) -> None:
        if index <= header_index:
            return
        row_faults = (
            {key: faults[(index, col)] for key, col in column_items if (index, col) in faults}
            if faults
            else no_faults
        )
        if not row_faults and _all_empty(values):
            return
        if _is_total_row(values):
            skipped.append(index + 1)
            return
        width = len(values)
        picked = {key: values[col] if col < width else None for key, col in column_items}
        extra = (
            {col: values[col] for col in extra_headers if col < len(values)}
            if spec.keep_extra
            else {}
        )
        body.append(Row(index + 1, picked, row_faults, extra))

    for index, values in head:
        take(index, values)
    for index, values in rows:
        take(index, values)
    return Table(
        spec=spec,
        file_name=file.name,
        sheet=sheet,
        header_row=header_index + 1,
        columns=columns,
        headers=headers,
        rows=tuple(body),
        extra_headers=extra_headers,
        skipped_rows=tuple(skipped),
    )


def _find_header(
    file: Path, spec: SheetSpec, sheet: str, head: list[tuple[int, list[CellValue]]]
) -> tuple[int, dict[str, int], dict[str, str], dict[int, str]]:
    """The header row among the first rows: the one naming the most of the spec's columns.

    Where several headers name one column (an ERP export with both 价税合计 and 无税金额),
    the most preferred name wins: canonical headers first, then synonyms in listed order.
    """
    best: tuple[int, dict[str, int], dict[str, str], dict[int, str]] | None = None
    for index, values in head:
        found: dict[str, tuple[int, int, str]] = {}
        extra: dict[int, str] = {}
        for col, value in enumerate(values):
            if _is_empty(value) or isinstance(value, bool):
                continue
            text = _clean(str(value)) if isinstance(value, str) else _number_text(value)
            match = spec.match(text)
            if match is None:
                extra[col] = text
                continue
            key, rank = match
            if key not in found or rank < found[key][1]:
                found[key] = (col, rank, text)
        if found and (best is None or len(found) > len(best[1])):
            best = (
                index,
                {k: v[0] for k, v in found.items()},
                {k: v[2] for k, v in found.items()},
                extra,
            )
    expected = spec.expected_headers()
    if best is None:
        raise ImportFailed(
            spec.kind,
            file.name,
            [
                Problem(
                    t(
                        "no header row found in the first {n} rows",
                        "前 {n} 行中找不到表头行",
                        n=HEADER_SEARCH_ROWS,
                    ),
                    sheet=sheet,
                    allowed=expected,
                )
            ],
        )
    index, columns, headers, extra = best
    missing = [column.label for column in spec.required if column.key not in columns]
    for group in spec.any_of:
        if not any(key in columns for key in group):
            missing.append(t(" or ", " 或 ").join(spec.column(k).label for k in group))
    if missing:
        raise ImportFailed(
            spec.kind,
            file.name,
            [
                Problem(
                    t(
                        "missing column(s) {c}; expected headers: {e}",
                        "缺少列：{c}；应有表头：{e}",
                        c=", ".join(missing),
                        e=expected,
                    ),
                    sheet=sheet,
                    row=index + 1,
                )
            ],
        )
    return index, columns, headers, extra


# --------------------------------------------------------------------------- values


class CellValueError(ValueError):
    """A raw cell value that is not what its column needs; carries what is allowed."""

    def __init__(self, message: str, allowed: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.allowed = allowed


_INFINITIES = (float("inf"), float("-inf"))
_WHOLE_DECIMALS: dict[float, Decimal] = {}
_WHOLE_CACHE_SIZE = 4096


def float_to_decimal(value: float) -> Decimal:
    """The exact decimal a float cell shows: at most 15 significant digits, as Excel
    keeps them, so `1234.5` → `Decimal('1234.5')` and `0.1 + 0.2` → `Decimal('0.3')`."""
    if value.is_integer():  # never true of NaN or an infinity
        if -1e15 < value < 1e15:
            # Line numbers, shares and round amounts repeat: converted once (Decimals are
            # immutable, so sharing one is safe).
            cached = _WHOLE_DECIMALS.get(value)
            if cached is None:
                if len(_WHOLE_DECIMALS) >= _WHOLE_CACHE_SIZE:
                    _WHOLE_DECIMALS.clear()
                cached = _WHOLE_DECIMALS[value] = Decimal(int(value))
            return cached
        return Decimal(format(value, ".15g"))
    if value != value or value in _INFINITIES:
        raise CellValueError(t("not a number", "不是数字"))
    return Decimal(format(value, ".15g"))


def _number_text(value: CellValue) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return format(float_to_decimal(value), "f")
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def cell_text(value: CellValue) -> str:
    """A cell as text: numbers without binary artefacts (`1001.0` → `1001`), trimmed."""
    if value is None:
        return ""
    if isinstance(value, str):
        return _clean(value)
    return _number_text(value)


PercentMode = Literal["fraction", "points"]


def cell_decimal(value: CellValue, *, percent: PercentMode = "fraction") -> Decimal:
    """A number cell, or text with thousands separators, a currency sign or a trailing %.

    Text with `%` is a fraction (`95%` → 0.95) or, with percent="points", the number
    before the sign (`95%` → 95). A plain number is taken as it is.
    """
    if isinstance(value, bool):
        raise CellValueError(t("not a number: {v}", "不是数字：{v}", v=value))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return float_to_decimal(value)
    if isinstance(value, str):
        text = _clean(value)
        is_percent = text.endswith(("%", "％"))
        if is_percent:
            text = text[:-1]
        try:
            number = parse_decimal(text)
        except ValueError as exc:
            raise CellValueError(
                t("not a number: {v}", "不是数字：{v}", v=value), "1234.5, ¥1,234.50, 95%"
            ) from exc
        if is_percent and percent == "fraction":
            number = number / 100
        return number
    raise CellValueError(
        t("not a number: {v}", "不是数字：{v}", v=_number_text(value)), "1234.5, ¥1,234.50, 95%"
    )


_DATE_NUMERIC = re.compile(
    r"^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})"
    r"(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
_DATE_CHINESE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$")


def cell_date(value: CellValue) -> date:
    """A real Excel date, or text `2026-03-05`, `2026/3/5`, `2026.3.5`, `2026年3月5日`."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = _clean(value)
        match = _DATE_NUMERIC.match(text) or _DATE_CHINESE.match(text)
        if match:
            try:
                return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError as exc:
                raise CellValueError(
                    t("no such date: {v}", "日期不存在：{v}", v=text), ALLOWED_DATES
                ) from exc
        raise CellValueError(t("not a date: {v}", "不是日期：{v}", v=text), ALLOWED_DATES)
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise CellValueError(
            t(
                "a number, not a date: {v}; format the cell as a date or write the date as text",
                "是数字而不是日期：{v}；请把单元格设为日期格式，或以文本写日期",
                v=_number_text(value),
            ),
            ALLOWED_DATES,
        )
    raise CellValueError(
        t("not a date: {v}", "不是日期：{v}", v=_number_text(value)), ALLOWED_DATES
    )


def cell_period(value: CellValue) -> Period:
    """A period code in any accepted spelling; a real date counts as its month (Excel turns
    a typed `2026-03` into 1 March 2026); a whole number as a year or `202603`."""
    if isinstance(value, datetime | date):
        day = value.date() if isinstance(value, datetime) else value
        return Period.containing(day)
    if isinstance(value, float) and not value.is_integer():
        raise CellValueError(
            t(
                "ambiguous period {v}: write it as text",
                "期间 {v} 有歧义：请以文本书写",
                v=_number_text(value),
            ),
            ALLOWED_PERIODS,
        )
    text = cell_text(value)
    try:
        return parse_period(text)
    except UserError as exc:
        raise CellValueError(
            t("not a period: {v}", "不是有效的期间：{v}", v=text), ALLOWED_PERIODS
        ) from exc


# --------------------------------------------------------------------------- row parsers


class RowCells:
    """Typed access to one row's cells. A value that cannot be read becomes a Problem
    (sheet, row, column as found, message, allowed) and the accessor returns None, so an
    importer reads every cell of every row and reports all problems at once."""

    def __init__(self, table: Table, row: Row, problems: list[Problem]) -> None:
        self.table = table
        self.row = row
        self.problems = problems
        self.failed = False

    def report(self, key: str | None, message: str, allowed: str | None = None) -> None:
        """Record a problem with this row (at column `key`, if given)."""
        self.failed = True
        self.problems.append(self.table.problem(self.row.number, key, message, allowed))

    def has(self, key: str) -> bool:
        return self.table.has(key)

    def raw(self, key: str) -> CellValue:
        return self.row.values.get(key)

    def is_blank(self, key: str) -> bool:
        return self.row.is_blank(key)

    def _present(self, key: str, required: bool) -> bool:
        """Whether there is a value to parse; reports faults and missing required values."""
        fault = self.row.faults.get(key)
        if fault is not None:
            self.report(key, fault)
            return False
        if _is_empty(self.row.values.get(key)):
            if required:
                self.report(
                    key,
                    t("{c} is required", "“{c}”不能为空", c=self.table.header(key)),
                )
            return False
        return True

    def _convert(self, key: str, convert: Callable[[CellValue], T]) -> T | None:
        try:
            return convert(self.row.values.get(key))
        except CellValueError as exc:
            self.report(key, exc.message, exc.allowed)
        except UserError as exc:
            problem = exc.problems[0] if exc.problems else None
            self.report(key, exc.message, problem.allowed if problem else None)
        return None

    def text(
        self, key: str, *, required: bool = False, max_length: int | None = None
    ) -> str | None:
        """Text, trimmed; None when empty."""
        row = self.row
        raw = row.values.get(key)
        # The common case first (text, no fault), with the same outcome as the general one.
        if isinstance(raw, str) and key not in row.faults:
            value = _clean(raw)
            if not value:
                self._present(key, required)
                return None
        elif raw.__class__ is float and key not in row.faults:
            value = format(float_to_decimal(raw), "f")  # a line number 1.0 → "1"
        else:
            if not self._present(key, required):
                return None
            value = cell_text(raw)
        if max_length is not None and len(value) > max_length:
            self.report(
                key,
                t("text too long", "文本过长"),
                t("up to {n} characters", "最多 {n} 个字符", n=max_length),
            )
            return None
        return value

    def decimal(
        self,
        key: str,
        *,
        required: bool = False,
        minimum: Decimal | int | None = None,
        maximum: Decimal | int | None = None,
        percent: PercentMode = "fraction",
    ) -> Decimal | None:
        """A number; refused outside [minimum, maximum]."""
        row = self.row
        raw = row.values.get(key)
        number: Decimal | None
        # The common case first (a number cell, no fault), as cell_decimal converts it.
        if raw.__class__ is float and key not in row.faults:
            try:
                number = float_to_decimal(raw)
            except CellValueError as exc:
                self.report(key, exc.message, exc.allowed)
                return None
        else:
            if not self._present(key, required):
                return None
            number = self._convert(key, lambda v: cell_decimal(v, percent=percent))
            if number is None:
                return None
        if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
            self.report(
                key,
                t("{v} is out of range", "{v} 超出范围", v=format(number, "f")),
                _range_text(minimum, maximum),
            )
            return None
        return number

    def whole(
        self,
        key: str,
        *,
        required: bool = False,
        minimum: int | None = None,
        maximum: int | None = None,
    ) -> int | None:
        """A whole number (a rating 1–5, a line number); `4.0` counts, `4.5` does not."""
        number = self.decimal(key, required=required, minimum=minimum, maximum=maximum)
        if number is None:
            return None
        if number != number.to_integral_value():
            self.report(
                key,
                t("not a whole number: {v}", "不是整数：{v}", v=format(number, "f")),
                _range_text(minimum, maximum),
            )
            return None
        return int(number)

    def date(self, key: str, *, required: bool = False) -> date | None:
        row = self.row
        raw = row.values.get(key)
        # The common case first (a real date cell, no fault), as cell_date converts it.
        if raw.__class__ is date and key not in row.faults:
            return raw
        if not self._present(key, required):
            return None
        return self._convert(key, cell_date)

    def period(self, key: str, *, required: bool = False) -> Period | None:
        if not self._present(key, required):
            return None
        return self._convert(key, cell_period)

    def parsed(self, key: str, parse: Callable[[str], T], *, required: bool = False) -> T | None:
        """The cell's text through `parse`, whose UserError (with its `allowed`) or
        ValueError becomes this cell's problem."""
        if not self._present(key, required):
            return None
        text = cell_text(self.row.values.get(key))
        try:
            return parse(text)
        except UserError as exc:
            problem = exc.problems[0] if exc.problems else None
            self.report(key, exc.message, problem.allowed if problem else None)
        except ValueError as exc:
            self.report(key, str(exc))
        return None

    def check(self, key: str, rule: Callable[[T], T], value: T | None) -> T | None:
        """Run a domain check on a parsed value; its refusal becomes this cell's problem."""
        if value is None:
            return None
        try:
            return rule(value)
        except UserError as exc:
            problem = exc.problems[0] if exc.problems else None
            self.report(key, exc.message, problem.allowed if problem else None)
            return None


def _range_text(minimum: Decimal | int | None, maximum: Decimal | int | None) -> str | None:
    if minimum is not None and maximum is not None:
        return f"{minimum}–{maximum}"
    if minimum is not None:
        return f"≥ {minimum}"
    if maximum is not None:
        return f"≤ {maximum}"
    return None
