"""Rating packets (reports.md "Rating packets"): the workbook a rater fills in offline, written
with a hidden identity and read back with its grid checked against that identity.

Layout: a first sheet of instructions; one sheet per ratee with a header block (cycle,
rater, rater role, ratee) and the table `考核项 | 评分标准 | 评分 | 评语` (`Item | Anchors |
Rating | Comment`), one row per rated item, only the rating and comment cells unlocked; a
very hidden sheet holding the identity — cycle id and name, rater code, and a SHA-256
checksum of the grid as issued (sheet names, ratee codes, rater roles, rows, item names).
The rows of the grid are stored beside the checksum so an altered packet is refused with
the exact sheet and row that changed, not just "checksum mismatch".

Plain layout code: what a packet holds comes in as frozen dataclasses and goes out as
raw cells; the services decide who rates whom and check the values.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, Protection
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.worksheet import Worksheet
from python_calamine import CalamineWorkbook

from salesdesk.domain.errors import PacketRefusedError, Problem
from salesdesk.domain.scoring import RATING_LABELS
from salesdesk.domain.text import language, t
from salesdesk.exchange.reader import (
    CellValue,
    FileFormat,
    cell_text,
    check_file,
    xlsx_cell_faults,
)
from salesdesk.exchange.writer import (
    add_whole_validation,
    display_width,
    style_header,
    write_text,
    write_value,
)

IDENTITY_SHEET = "SalesDeskPacket"
"""The very hidden sheet that makes a workbook a packet (language-independent on purpose)."""
PACKET_FORMAT = "salesdesk-rating-packet"
PACKET_VERSION = 1

# A ratee sheet: the header block in rows 2–5, the table header in row 7, items below.
CYCLE_ROW, RATER_ROW, ROLE_ROW, RATEE_ROW = 2, 3, 4, 5
HINT_ROW = 6
HEADER_ROW = 7
FIRST_ITEM_ROW = 8
ITEM_COL, ANCHORS_COL, RATING_COL, COMMENT_COL = 1, 2, 3, 4
TABLE_WIDTH = 4
ANCHORS_WIDTH = 64
MAX_SHEET_NAME = 31
_BAD_SHEET_CHARS = re.compile(r"[\\/?*\[\]:]")
_BAD_FILE_CHARS = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
_RESERVED_FILE_NAMES = frozenset(
    {"CON", "PRN", "AUX", "NUL"}
    | {f"COM{i}" for i in range(1, 10)}
    | {f"LPT{i}" for i in range(1, 10)}
)
_LABEL_FONT = Font(bold=True)
_TITLE_FONT = Font(bold=True, size=14)
_HINT_FONT = Font(italic=True, color="7F7F7F")
_WRAP = Alignment(wrap_text=True, vertical="top")
_UNLOCKED = Protection(locked=False)


# --------------------------------------------------------------------------- what a packet holds


@dataclass(frozen=True)
class PacketItem:
    """One rated item on a ratee sheet: its name, its level anchors (5 first) and the rating
    and comment already stored (None and "" when there is none)."""

    name: str
    anchors: tuple[tuple[int, str], ...]
    rating: int | None = None
    comment: str = ""


@dataclass(frozen=True)
class PacketSheet:
    """The items one rater rates for one ratee, in one rater role."""

    ratee_code: str
    ratee_name: str
    ratee_unit: str
    role: str
    role_label: str
    items: tuple[PacketItem, ...]


@dataclass(frozen=True)
class Packet:
    """Everything one rater is asked to rate in one cycle."""

    cycle_id: int
    cycle_name: str
    period: str
    rater_code: str
    rater_name: str
    sheets: tuple[PacketSheet, ...]


@dataclass(frozen=True)
class GridRow:
    """One row of the grid as issued: which sheet and row, whose, in which role, what item."""

    sheet: str
    ratee: str
    role: str
    role_label: str
    row: int
    item: str


def table_headers() -> tuple[str, str, str, str]:
    """The table header of a ratee sheet in the current language."""
    return (
        t("Item", "考核项"),
        t("Anchors", "评分标准"),
        t("Rating", "评分"),
        t("Comment", "评语"),
    )


def block_labels() -> dict[str, str]:
    """The labels of a ratee sheet's header block in the current language, by the key of
    the ratings import column each stands for."""
    return {
        "cycle": t("Cycle", "考核周期"),
        "rater": t("Rater", "评分人"),
        "rater_role": t("Rater role", "评分人角色"),
        "ratee": t("Ratee", "被考核人"),
    }


_BLOCK_ROWS = {"cycle": CYCLE_ROW, "rater": RATER_ROW, "rater_role": ROLE_ROW, "ratee": RATEE_ROW}


def grid_checksum(
    cycle_id: int, rater_code: str, columns: Sequence[str], grid: Iterable[GridRow]
) -> str:
    """SHA-256 of the grid as issued (canonical JSON): any sheet, row, ratee, role or item
    added, removed, renamed or changed gives another checksum."""
    document = {
        "format": PACKET_FORMAT,
        "cycle_id": cycle_id,
        "rater": rater_code,
        "columns": list(columns),
        "grid": [[g.sheet, g.ratee, g.role, g.role_label, g.row, g.item] for g in grid],
    }
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------- names


def sheet_title(text: str, taken: Iterable[str] = ()) -> str:
    """A valid sheet name from `text`: Excel's forbidden characters replaced, cut to 31
    characters, no apostrophe at either end, and unique (case aside) among `taken` by a
    `~2`, `~3`, ... suffix."""
    name = _BAD_SHEET_CHARS.sub("_", " ".join(text.split())).strip("'") or "_"
    used = {n.casefold() for n in taken} | {"history"}  # Excel reserves "History"
    base = name[:MAX_SHEET_NAME].rstrip("'") or "_"
    candidate, number = base, 1
    while candidate.casefold() in used:
        number += 1
        suffix = f"~{number}"
        candidate = base[: MAX_SHEET_NAME - len(suffix)].rstrip("'") + suffix
    return candidate


def safe_file_stem(text: str, max_length: int = 120) -> str:
    """A file name stem that Windows accepts: `<>:"/\\|?*` and control characters become
    `_`, no trailing dot or space, no device name (CON, NUL, COM1, ...)."""
    stem = _BAD_FILE_CHARS.sub("_", " ".join(text.split()))[:max_length].rstrip(" .")
    if not stem:
        return "_"
    if stem.split(".")[0].upper() in _RESERVED_FILE_NAMES:
        stem = "_" + stem
    return stem


def packet_file_name(rater_code: str, rater_name: str, taken: Iterable[str] = ()) -> str:
    """`<工号>_<姓名>.xlsx`, safe for Windows and unique (case aside) among `taken`."""
    stem = safe_file_stem(f"{rater_code}_{rater_name}")
    used = {n.casefold() for n in taken}
    name, number = f"{stem}.xlsx", 1
    while name.casefold() in used:
        number += 1
        name = f"{stem}_{number}.xlsx"
    return name


def _sheet_names(packet: Packet) -> tuple[str, list[str]]:
    instructions = t("Instructions", "填写说明")
    taken = [instructions, IDENTITY_SHEET]
    names: list[str] = []
    for sheet in packet.sheets:
        name = sheet_title(f"{sheet.ratee_code} {sheet.ratee_name}", taken)
        taken.append(name)
        names.append(name)
    return instructions, names


def issued_grid(packet: Packet) -> tuple[str, list[str], list[GridRow]]:
    """The instructions sheet's name, the ratee sheets' names and the grid of `packet`."""
    instructions, names = _sheet_names(packet)
    grid = [
        GridRow(name, sheet.ratee_code, sheet.role, sheet.role_label, FIRST_ITEM_ROW + i, item.name)
        for name, sheet in zip(names, packet.sheets, strict=True)
        for i, item in enumerate(sheet.items)
    ]
    return instructions, names, grid


# --------------------------------------------------------------------------- writing


def anchors_text(anchors: Sequence[tuple[int, str]]) -> str:
    """The five level descriptions, one per line: `5 卓越：…`."""
    lines = []
    for level, description in anchors:
        en, zh = RATING_LABELS.get(level, (str(level), str(level)))
        label = t(en, zh)
        lines.append(t("{n} {l}: {d}", "{n} {l}：{d}", n=level, l=label, d=description))
    return "\n".join(lines)


def _wrapped_lines(text: str, width: int) -> int:
    return sum(max(1, math.ceil(display_width(line) / width)) for line in text.splitlines() or [""])


def write_packet(packet: Packet, path: Path | str) -> Path:
    """Write `packet` to `path` (an .xlsx file): instructions, a sheet per ratee, and the
    very hidden identity sheet; sheets protected, the workbook's structure locked."""
    instructions, names, grid = issued_grid(packet)
    columns = table_headers()
    workbook = Workbook()
    first = workbook.active
    assert first is not None  # a new workbook has its first sheet
    first.title = instructions
    _write_instructions(first, packet, names)
    for name, sheet in zip(names, packet.sheets, strict=True):
        _write_ratee_sheet(workbook.create_sheet(name), packet, sheet, columns)
    identity = workbook.create_sheet(IDENTITY_SHEET)
    _write_identity(identity, packet, instructions, columns, grid)
    identity.sheet_state = "veryHidden"
    workbook.active = 0
    # Sheets cannot be added, removed, renamed or unhidden in Excel without unlocking.
    workbook.security = WorkbookProtection(lockStructure=True)
    target = Path(path)
    workbook.save(target)
    return target


def _label(ws: Worksheet, row: int, column: int, text: str) -> None:
    write_text(ws, row, column, text).font = _LABEL_FONT


def _write_ratee_sheet(
    ws: Worksheet, packet: Packet, sheet: PacketSheet, columns: Sequence[str]
) -> None:
    labels = block_labels()
    title = write_text(ws, 1, 1, t("Rating packet", "评分表"))
    title.font = _TITLE_FONT
    _label(ws, CYCLE_ROW, 1, labels["cycle"])
    write_text(ws, CYCLE_ROW, 2, packet.cycle_name)
    write_text(ws, CYCLE_ROW, 3, packet.period)
    _label(ws, RATER_ROW, 1, labels["rater"])
    write_text(ws, RATER_ROW, 2, packet.rater_code)
    write_text(ws, RATER_ROW, 3, packet.rater_name)
    _label(ws, ROLE_ROW, 1, labels["rater_role"])
    write_text(ws, ROLE_ROW, 2, sheet.role_label)
    _label(ws, RATEE_ROW, 1, labels["ratee"])
    write_text(ws, RATEE_ROW, 2, sheet.ratee_code)
    write_text(ws, RATEE_ROW, 3, sheet.ratee_name)
    if sheet.ratee_unit:
        write_text(ws, RATEE_ROW, 4, sheet.ratee_unit)
    write_text(
        ws,
        HINT_ROW,
        1,
        t(
            "Rating: a whole number 1–5. A 5, 2 or 1 needs an example in the comment. "
            "Leave a rating empty to skip it.",
            "评分：1–5 的整数。评 5、2、1 分须在评语中写明具体事例。不评的项留空即可。",
        ),
    ).font = _HINT_FONT
    for column, header in enumerate(columns, start=1):
        write_text(ws, HEADER_ROW, column, header)
    style_header(ws, TABLE_WIDTH, row=HEADER_ROW)
    for offset, item in enumerate(sheet.items):
        row = FIRST_ITEM_ROW + offset
        write_text(ws, row, ITEM_COL, item.name).alignment = _WRAP
        anchors = anchors_text(item.anchors)
        write_text(ws, row, ANCHORS_COL, anchors).alignment = _WRAP
        rating = write_value(ws, row, RATING_COL, item.rating)
        rating.protection = _UNLOCKED
        rating.alignment = Alignment(horizontal="center", vertical="top")
        comment = write_value(ws, row, COMMENT_COL, item.comment or None)
        comment.protection = _UNLOCKED
        comment.alignment = _WRAP
        lines = max(_wrapped_lines(anchors, ANCHORS_WIDTH - 2), _wrapped_lines(item.comment, 38))
        ws.row_dimensions[row].height = max(30, 15 * lines)
    if sheet.items:
        add_whole_validation(
            ws,
            RATING_COL,
            1,
            5,
            first_row=FIRST_ITEM_ROW,
            last_row=FIRST_ITEM_ROW + len(sheet.items) - 1,
        )
    for letter, width in zip("ABCD", (20, ANCHORS_WIDTH, 8, 40), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = f"A{FIRST_ITEM_ROW}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.protection.sheet = True


def _write_instructions(ws: Worksheet, packet: Packet, names: Sequence[str]) -> None:
    write_text(
        ws, 1, 1, t("How to fill in this rating packet", "评分表填写说明")
    ).font = _TITLE_FONT
    lines = [
        t("Cycle: {c} ({p})", "考核周期：{c}（{p}）", c=packet.cycle_name, p=packet.period),
        t("Rater: {c} {n}", "评分人：{c} {n}", c=packet.rater_code, n=packet.rater_name),
        "",
        t(
            "1. Each person you rate has a sheet (named with their staff code and name). "
            "Enter a whole number 1–5 in the Rating column and your remarks in the Comment "
            "column.",
            "1. 每位被考核人一个工作表（工作表名为工号和姓名）。请在“评分”列填写 1–5 的整数，"
            "在“评语”列填写评语。",
        ),
        t(
            "2. Levels: 5 outstanding, 4 good, 3 meets expectations, 2 needs improvement, "
            "1 unsatisfactory; the Anchors column describes each level for the item.",
            "2. 评分等级：5 卓越、4 良好、3 合格、2 待改进、1 不合格；"
            "各级的具体描述见“评分标准”列。",
        ),
        t(
            "3. A rating of 5, 2 or 1 needs a concrete example in the comment; without one "
            "the whole packet is sent back.",
            "3. 评 5 分或 2 分、1 分时，必须在评语中写明具体事例，否则整份评分表会被退回。",
        ),
        t(
            "4. You may fill in part of it: empty ratings are not imported, and you can "
            "complete the packet and send it again; a packet sent again replaces your "
            "earlier ratings of the same person and item.",
            "4. 可以只填写一部分：空着的评分不导入，之后可补填后再次交回；再次导入会替换您之前"
            "对同一人同一考核项的评分。",
        ),
        t(
            "5. Do not add, remove or rename sheets, add or remove rows, or change item "
            "names: an altered packet is refused.",
            "5. 请勿增删或重命名工作表，勿增删行或修改考核项名称，否则评分表将被拒绝导入。",
        ),
        t(
            "6. Save the file as .xlsx and return it to whoever runs the appraisal.",
            "6. 填好后保存为 .xlsx 文件，交回绩效管理员导入。",
        ),
    ]
    for offset, line in enumerate(lines, start=2):
        if line:
            write_text(ws, offset, 1, line)
    top = len(lines) + 3
    headers = [
        t("Sheet", "工作表"),
        t("Ratee", "被考核人"),
        t("Name", "姓名"),
        t("Rater role", "评分人角色"),
        t("Items", "考核项数"),
        t("Rated", "已评分"),
    ]
    for column, header in enumerate(headers, start=1):
        write_text(ws, top, column, header)
    style_header(ws, len(headers), row=top)
    for offset, (name, sheet) in enumerate(zip(names, packet.sheets, strict=True), start=1):
        row = top + offset
        write_text(ws, row, 1, name)
        write_text(ws, row, 2, sheet.ratee_code)
        write_text(ws, row, 3, sheet.ratee_name)
        write_text(ws, row, 4, sheet.role_label)
        write_value(ws, row, 5, len(sheet.items))
        write_value(ws, row, 6, sum(1 for item in sheet.items if item.rating is not None))
    ws.column_dimensions["A"].width = 24
    for letter in "BCDEF":
        ws.column_dimensions[letter].width = 14
    ws.protection.sheet = True


_IDENTITY_KEYS = (
    "format",
    "version",
    "cycle_id",
    "cycle_name",
    "period",
    "rater_code",
    "rater_name",
    "instructions",
    "language",
    "issued_at",
    "checksum",
    "columns",
)
_GRID_MARK = "grid"


def _write_identity(
    ws: Worksheet,
    packet: Packet,
    instructions: str,
    columns: Sequence[str],
    grid: Sequence[GridRow],
) -> None:
    values: dict[str, object] = {
        "format": PACKET_FORMAT,
        "version": PACKET_VERSION,
        "cycle_id": packet.cycle_id,
        "cycle_name": packet.cycle_name,
        "period": packet.period,
        "rater_code": packet.rater_code,
        "rater_name": packet.rater_name,
        "instructions": instructions,
        "language": language(),
        "issued_at": datetime.now().isoformat(timespec="seconds"),
        "checksum": grid_checksum(packet.cycle_id, packet.rater_code, columns, grid),
    }
    row = 1
    for key in _IDENTITY_KEYS:
        write_text(ws, row, 1, key)
        if key == "columns":
            for column, header in enumerate(columns, start=2):
                write_text(ws, row, column, header)
        else:
            write_value(ws, row, 2, values[key])
        row += 1
    row += 1
    for column, header in enumerate(
        (_GRID_MARK, "ratee", "role", "role_label", "row", "item"), start=1
    ):
        write_text(ws, row, column, header)
    for entry in grid:
        row += 1
        write_text(ws, row, 1, entry.sheet)
        write_text(ws, row, 2, entry.ratee)
        write_text(ws, row, 3, entry.role)
        write_text(ws, row, 4, entry.role_label)
        write_value(ws, row, 5, entry.row)
        write_text(ws, row, 6, entry.item)
    ws.protection.sheet = True


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class PacketIdentity:
    """What the hidden sheet says about the packet as issued."""

    cycle_id: int
    cycle_name: str
    period: str
    rater_code: str
    rater_name: str
    instructions: str
    checksum: str
    columns: tuple[str, ...]
    grid: tuple[GridRow, ...]

    def sheets(self) -> list[str]:
        """The ratee sheets as issued, in order."""
        return list(dict.fromkeys(g.sheet for g in self.grid))

    def intact(self) -> bool:
        """Whether the stored grid still gives the stored checksum."""
        return grid_checksum(self.cycle_id, self.rater_code, self.columns, self.grid) == (
            self.checksum
        )


@dataclass(frozen=True)
class FoundRow:
    """A table row of a ratee sheet as returned: its item and the raw rating and comment,
    with the faults (a formula without a value, an error value) of those two cells."""

    row: int
    item: str
    rating: CellValue
    comment: CellValue
    faults: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class FoundSheet:
    """A ratee sheet as returned: the header block, the table header, the rows."""

    name: str
    ratee: str
    role_label: str
    labels: Mapping[str, str]
    columns: tuple[str, ...]
    rows: tuple[FoundRow, ...]


@dataclass(frozen=True)
class PacketContents:
    """A packet as returned: its identity and every sheet but the instructions."""

    file_name: str
    identity: PacketIdentity
    sheets: tuple[FoundSheet, ...]

    def sheet(self, name: str) -> FoundSheet | None:
        return next((s for s in self.sheets if s.name == name), None)


def is_packet(path: Path | str) -> bool:
    """Whether a file is a rating packet (an .xlsx workbook with the identity sheet). Cheap:
    reads the workbook's list of sheets only; any doubt is False, and the ordinary
    ratings import then says what is wrong with the file."""
    file = Path(path)
    if file.suffix.lower() not in (".xlsx", ".xlsm") or not file.is_file():
        return False
    try:
        with zipfile.ZipFile(file) as archive:
            info = archive.getinfo("xl/workbook.xml")
            if info.file_size > 4 * 1024 * 1024:
                return False
            text = archive.read(info).decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, RuntimeError):
        return False
    return f'name="{IDENTITY_SHEET}"' in text


def _refused(file: Path, en: str, zh: str, **values: object) -> PacketRefusedError:
    reason = t(en, zh, **values)
    return PacketRefusedError(
        t(
            "{f}: rating packet refused: {r}; nothing was written",
            "{f}：评分表被拒绝：{r}；未写入任何数据",
            f=file.name,
            r=reason,
        )
    )


def _damaged_identity(file: Path) -> PacketRefusedError:
    return _refused(
        file,
        "its identity sheet is damaged; export the packet again",
        "其标识工作表已损坏；请重新导出评分表",
    )


class _Cells:
    """A sheet's cells by 1-based (row, column); empty cells are None."""

    def __init__(self, rows: Sequence[Sequence[CellValue]]) -> None:
        self.rows = rows

    def get(self, row: int, column: int) -> CellValue:
        if row < 1 or row > len(self.rows):
            return None
        values = self.rows[row - 1]
        if column < 1 or column > len(values):
            return None
        value = values[column - 1]
        return None if value == "" else value

    def text(self, row: int, column: int) -> str:
        return cell_text(self.get(row, column))


def _sheet_cells(workbook: CalamineWorkbook, name: str, file: Path) -> _Cells:
    try:
        data = workbook.get_sheet_by_name(name)
        rows = data.to_python(skip_empty_area=False)
    except BaseException as exc:
        # A Rust panic in the reader arrives as a BaseException: a damaged file.
        if isinstance(exc, KeyboardInterrupt | SystemExit | MemoryError):
            raise
        raise _refused(file, "it cannot be read ({e})", "无法读取（{e}）", e=exc) from exc
    return _Cells(rows)


def _identity(cells: _Cells, file: Path) -> PacketIdentity:
    values: dict[str, str] = {}
    columns: tuple[str, ...] = ()
    row = 1
    while row <= len(cells.rows):
        key = cells.text(row, 1)
        if key == _GRID_MARK:
            break
        if key == "columns":
            columns = tuple(cells.text(row, c) for c in range(2, 2 + TABLE_WIDTH))
        elif key:
            values[key] = cells.text(row, 2)
        row += 1
    if values.get("format") != PACKET_FORMAT or row > len(cells.rows):
        raise _damaged_identity(file)
    if values.get("version") != str(PACKET_VERSION):
        raise _refused(
            file,
            "it is a packet of another version of SalesDesk ({v}); export it again",
            "它是其他版本 SalesDesk 的评分表（{v}）；请重新导出",
            v=values.get("version", "?"),
        )
    grid: list[GridRow] = []
    for number in range(row + 1, len(cells.rows) + 1):
        texts = [cells.text(number, c) for c in range(1, 7)]
        if not any(texts):
            continue
        try:
            grid_row = int(texts[4])
        except ValueError:
            raise _damaged_identity(file) from None
        grid.append(GridRow(texts[0], texts[1], texts[2], texts[3], grid_row, texts[5]))
    try:
        cycle_id = int(values["cycle_id"])
        return PacketIdentity(
            cycle_id=cycle_id,
            cycle_name=values["cycle_name"],
            period=values.get("period", ""),
            rater_code=values["rater_code"],
            rater_name=values.get("rater_name", ""),
            instructions=values.get("instructions", ""),
            checksum=values["checksum"],
            columns=columns,
            grid=tuple(grid),
        )
    except (KeyError, ValueError):
        raise _damaged_identity(file) from None


def _found_sheet(cells: _Cells, name: str, faults: Mapping[tuple[int, int], str]) -> FoundSheet:
    labels = {key: cells.text(row, 1) for key, row in _BLOCK_ROWS.items()}
    rows: list[FoundRow] = []
    for number in range(FIRST_ITEM_ROW, len(cells.rows) + 1):
        values = [cells.get(number, c) for c in range(1, TABLE_WIDTH + 1)]
        cell_faults = {
            key: faults[(number - 1, column - 1)]
            for key, column in (("rating", RATING_COL), ("comment", COMMENT_COL))
            if (number - 1, column - 1) in faults
        }
        if all(cell_text(v) == "" for v in values) and not cell_faults:
            continue
        rows.append(
            FoundRow(
                number,
                " ".join(cell_text(values[ITEM_COL - 1]).split()),
                values[RATING_COL - 1],
                values[COMMENT_COL - 1],
                cell_faults,
            )
        )
    return FoundSheet(
        name=name,
        ratee=cells.text(RATEE_ROW, 2),
        role_label=cells.text(ROLE_ROW, 2),
        labels=labels,
        columns=tuple(cells.text(HEADER_ROW, c) for c in range(1, TABLE_WIDTH + 1)),
        rows=tuple(rows),
    )


def read_packet(path: Path | str) -> PacketContents:
    """Read a returned packet: its identity and its ratee sheets as found (nothing checked
    but that it is a packet; `grid_problems` compares the two). Raises FileRefusedError for
    a file that cannot be read and PacketRefusedError for a damaged identity."""
    file = Path(path)
    if check_file(file) is not FileFormat.XLSX:
        raise _refused(file, "a rating packet is an .xlsx workbook", "评分表须为 .xlsx 工作簿")
    try:
        workbook = CalamineWorkbook.from_path(str(file))
    except BaseException as exc:
        if isinstance(exc, KeyboardInterrupt | SystemExit | MemoryError):
            raise
        raise _refused(file, "it cannot be read ({e})", "无法读取（{e}）", e=exc) from exc
    try:
        names = list(workbook.sheet_names)
        if IDENTITY_SHEET not in names:
            raise _refused(
                file,
                "it has no identity sheet (not a rating packet)",
                "缺少标识工作表（不是评分表）",
            )
        identity = _identity(_sheet_cells(workbook, IDENTITY_SHEET, file), file)
        sheets = [
            _found_sheet(_sheet_cells(workbook, name, file), name, xlsx_cell_faults(file, name))
            for name in names
            if name not in (IDENTITY_SHEET, identity.instructions)
        ]
    finally:
        workbook.close()
    return PacketContents(file.name, identity, tuple(sheets))


def _norm(text: str) -> str:
    return " ".join(text.split())


def found_grid(contents: PacketContents) -> list[GridRow]:
    """The grid the returned workbook holds, in the terms of the issued one (the role code
    is the issued one where the sheet shows the issued role's label)."""
    issued_role = {g.sheet: (g.role, g.role_label) for g in contents.identity.grid}
    grid: list[GridRow] = []
    for name in [*contents.identity.sheets(), *(s.name for s in contents.sheets)]:
        sheet = contents.sheet(name)
        if sheet is None or any(g.sheet == name for g in grid):
            continue
        role, label = issued_role.get(name, ("", ""))
        if _norm(sheet.role_label) != _norm(label):
            role = sheet.role_label
        grid.extend(
            GridRow(name, sheet.ratee, role, sheet.role_label, row.row, row.item)
            for row in sheet.rows
        )
    return grid


def grid_problems(contents: PacketContents) -> list[Problem]:
    """Why the returned packet is not the one issued: the identity sheet altered, sheets
    missing, added or renamed, the ratee, role or table header changed, rows added,
    removed or moved, item names changed. Empty when the grid is as issued."""
    identity = contents.identity
    if not identity.intact():
        return [
            Problem(
                t(
                    "the packet's identity sheet was altered; export the packet again",
                    "评分表的标识工作表被改动；请重新导出评分表",
                ),
                sheet=IDENTITY_SHEET,
            )
        ]
    problems: list[Problem] = []
    issued_sheets = identity.sheets()
    found_names = [s.name for s in contents.sheets]
    for name in issued_sheets:
        if name not in found_names:
            ratee = next(g.ratee for g in identity.grid if g.sheet == name)
            problems.append(
                Problem(
                    t(
                        "the sheet of ratee {c} is missing (removed or renamed)",
                        "被考核人 {c} 的工作表缺失（被删除或改名）",
                        c=ratee,
                    ),
                    sheet=name,
                )
            )
    for name in found_names:
        if name not in issued_sheets:
            problems.append(
                Problem(
                    t(
                        "this sheet was not in the packet as issued (added or renamed)",
                        "此工作表不在原发的评分表中（被新增或改名）",
                    ),
                    sheet=name,
                )
            )
    for name in issued_sheets:
        sheet = contents.sheet(name)
        if sheet is not None:
            problems.extend(_sheet_problems(sheet, identity))
    found = grid_checksum(
        identity.cycle_id, identity.rater_code, identity.columns, found_grid(contents)
    )
    if not problems and found != identity.checksum:
        problems.append(
            Problem(
                t(
                    "the packet does not match its checksum; export the packet again",
                    "评分表与其校验值不符；请重新导出评分表",
                )
            )
        )
    return problems


def _sheet_problems(sheet: FoundSheet, identity: PacketIdentity) -> list[Problem]:
    issued = [g for g in identity.grid if g.sheet == sheet.name]
    problems: list[Problem] = []
    first = issued[0]
    if _norm(sheet.ratee) != _norm(first.ratee):
        problems.append(
            Problem(
                t(
                    "the ratee was changed from {a} to {b}",
                    "被考核人由 {a} 被改为 {b}",
                    a=first.ratee,
                    b=sheet.ratee or "—",
                ),
                sheet=sheet.name,
                row=RATEE_ROW,
                column=sheet.labels.get("ratee") or None,
            )
        )
    if _norm(sheet.role_label) != _norm(first.role_label):
        problems.append(
            Problem(
                t(
                    "the rater role was changed from {a} to {b}",
                    "评分人角色由 {a} 被改为 {b}",
                    a=first.role_label,
                    b=sheet.role_label or "—",
                ),
                sheet=sheet.name,
                row=ROLE_ROW,
                column=sheet.labels.get("rater_role") or None,
            )
        )
    if tuple(_norm(c) for c in sheet.columns) != tuple(_norm(c) for c in identity.columns):
        problems.append(
            Problem(
                t(
                    "the table header was changed (columns added, removed or renamed)",
                    "表头被改动（列被增删或改名）",
                ),
                sheet=sheet.name,
                row=HEADER_ROW,
                allowed=" | ".join(identity.columns),
            )
        )
    item_column = identity.columns[ITEM_COL - 1] if identity.columns else None
    expected = {g.row: g.item for g in issued}
    found = {row.row: row.item for row in sheet.rows}
    for row in sorted(expected.keys() | found.keys()):
        want, got = expected.get(row), found.get(row)
        if want is not None and got is None:
            message = t(
                "the row of item {i} is missing (removed or emptied)",
                "考核项“{i}”所在行缺失（被删除或清空）",
                i=want,
            )
        elif want is None:
            message = t(
                "a row that was not in the packet as issued (added)",
                "此行不在原发的评分表中（被新增）",
            )
        elif _norm(want) != got:
            message = t(
                "item {b} where the packet had {a} (renamed or rows moved)",
                "考核项为“{b}”，原发为“{a}”（被改名或行被移动）",
                a=want,
                b=got or "—",
            )
        else:
            continue
        problems.append(Problem(message, sheet=sheet.name, row=row, column=item_column))
    return problems
