"""Rating packets (reports.md "Rating packets"): a workbook per rater for the demo's open
2026-Q2 cycle, read back (sheets, validation, protection, hidden identity), filled in with
openpyxl as a rater would, and imported — exactly the filled ratings change; partial
packets, re-imports, undo; and every refusal leaves the database as it was."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.workbook.workbook import Workbook
from sqlalchemy import func, select, update

from salesdesk.db.models import (
    Appraisal,
    AuditEntry,
    Cycle,
    ImportBatch,
    Rating,
    Staff,
)
from salesdesk.domain.errors import ImportFailed, PacketRefusedError, UserError, ValidationError
from salesdesk.domain.text import set_language
from salesdesk.exchange.packets import (
    FIRST_ITEM_ROW,
    HEADER_ROW,
    IDENTITY_SHEET,
    GridRow,
    grid_checksum,
    is_packet,
    packet_file_name,
    safe_file_stem,
    sheet_title,
)
from salesdesk.exchange.templates import write_template
from salesdesk.exchange.writer import safe_text_cell
from salesdesk.services.database import Database, open_database
from salesdesk.services.import_history import ImportHistoryService
from salesdesk.services.imports import import_file
from salesdesk.services.packets import (
    PacketsCancelled,
    Participant,
    assign_raters,
    build_packets,
    export_packets,
)

ITEMS = ["专业知识", "沟通谈判能力", "团队协作", "职业操守与价格纪律"]
Key = tuple[str, str, str, str]  # ratee code, item, rater code, rater role


@pytest.fixture
def database(demo_file: Path, tmp_path: Path) -> Iterator[Database]:
    path = tmp_path / "demo.db"
    shutil.copy(demo_file, path)
    db = open_database(path)
    yield db
    db.close()


@pytest.fixture
def cycle(database: Database) -> Cycle:
    """The demo's open 2026-Q2 cycle."""
    with database.reading() as s:
        return s.scalars(select(Cycle).where(Cycle.state == "open")).one()


def all_ratings(database: Database, cycle_id: int) -> dict[Key, tuple[int, str]]:
    with database.reading() as s:
        codes = dict(s.execute(select(Staff.id, Staff.code)).all())
        return {
            (codes[staff_id], r.item_name, codes[r.rater_id], r.rater_role): (r.rating, r.comment)
            for r, staff_id in s.execute(
                select(Rating, Appraisal.staff_id)
                .join(Appraisal, Appraisal.id == Rating.appraisal_id)
                .where(Appraisal.cycle_id == cycle_id)
            )
        }


def batch_count(database: Database) -> int:
    with database.reading() as s:
        return int(s.scalar(select(func.count()).select_from(ImportBatch)) or 0)


def team_of(database: Database, cycle_id: int, manager: str) -> list[tuple[str, str]]:
    """(code, name) of the cycle's participants reporting to `manager`, by code."""
    with database.reading() as s:
        boss = s.scalars(select(Staff).where(Staff.code == manager)).one()
        return [
            (code, name)
            for code, name in s.execute(
                select(Staff.code, Staff.name)
                .join(Appraisal, Appraisal.staff_id == Staff.id)
                .where(Appraisal.cycle_id == cycle_id, Staff.manager_id == boss.id)
                .order_by(Staff.code)
            )
        ]


def unrated(database: Database, cycle_id: int) -> str:
    """The sheet of a member of S0002's team whom S0002 has not rated yet."""
    stored = all_ratings(database, cycle_id)
    return next(
        f"{code} {name}"
        for code, name in team_of(database, cycle_id, "S0002")
        if not any(k[0] == code and k[2] == "S0002" for k in stored)
    )


def supervisor_packet(database: Database, cycle: Cycle, out: Path) -> Path:
    """The packet of S0002 (supervisor of the first team), exported on its own."""
    (path,) = export_packets(database, cycle.id, out, rater="S0002")
    return path


def fill(path: Path, target: Path, cells: dict[tuple[str, str], object]) -> Path:
    """Open a packet as a rater would, set cells (sheet, "C8") and save it elsewhere."""
    workbook = openpyxl.load_workbook(path)
    for (sheet, ref), value in cells.items():
        if isinstance(value, str):
            # Typed as text (Excel's leading apostrophe): `=…` is not a formula.
            safe_text_cell(workbook[sheet][ref], value)
        else:
            workbook[sheet][ref] = value
    workbook.save(target)
    return target


def ratee_sheets(workbook: Workbook) -> list[str]:
    return [ws.title for ws in workbook.worksheets[1:] if ws.title != IDENTITY_SHEET]


# --------------------------------------------------------------------------- export


def test_every_rater_gets_a_packet_with_the_right_people(
    database: Database, cycle: Cycle, tmp_path: Path
) -> None:
    written = export_packets(database, cycle.id, tmp_path / "out")
    packets = build_packets(database, cycle.id)
    assert [p.name for p in written] == [f"{p.rater_code}_{p.rater_name}.xlsx" for p in packets]
    assert all(p.exists() for p in written)
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.startswith(".")]
    with database.reading() as s:
        rows = s.execute(
            select(Staff.id, Staff.code, Staff.manager_id, Appraisal.unit_id)
            .join(Appraisal, Appraisal.staff_id == Staff.id)
            .where(Appraisal.cycle_id == cycle.id)
        ).all()
        code_of = dict(s.execute(select(Staff.id, Staff.code)).all())
        here = {
            code
            for code, leave in s.execute(select(Staff.code, Staff.leave_date))
            if leave is None or leave > date.today()
        }
    # Self, the manager as supervisor, the unit's other participants as peers — each only
    # while still employed.
    raters_of: dict[str, dict[str, str]] = {}
    for p in packets:
        for sheet in p.sheets:
            raters_of.setdefault(sheet.ratee_code, {})[p.rater_code] = sheet.role
    for staff_id, code, manager_id, unit_id in rows:
        expected = {code: "self", code_of[manager_id]: "supervisor"}
        expected |= {c: "peer" for i, c, _m, u in rows if u == unit_id and i != staff_id}
        assert raters_of[code] == {k: v for k, v in expected.items() if k in here}
    # Skip-level weighs 0 in the demo scheme: nobody is asked to rate as skip-level.
    assert not [s for p in packets for s in p.sheets if s.role == "skip_level"]
    assert all([i.name for i in s.items] == ITEMS for p in packets for s in p.sheets)


def test_a_packet_reads_back_with_its_layout_and_identity(
    database: Database, cycle: Cycle, tmp_path: Path
) -> None:
    path = supervisor_packet(database, cycle, tmp_path)
    assert path.name == "S0002_石明成.xlsx"
    assert is_packet(path)
    workbook = openpyxl.load_workbook(path)
    team = team_of(database, cycle.id, "S0002")
    assert workbook.sheetnames == [
        "Instructions",
        *(f"{code} {name}" for code, name in team),
        IDENTITY_SHEET,
    ]
    assert workbook.worksheets[0].sheet_state == "visible"
    assert workbook[IDENTITY_SHEET].sheet_state == "veryHidden"
    assert workbook.security is not None and workbook.security.lockStructure
    stored = all_ratings(database, cycle.id)
    code, name = team[0]
    ws = workbook[f"{code} {name}"]
    block = [[c.value for c in row] for row in ws.iter_rows(min_row=2, max_row=5, max_col=3)]
    assert block == [
        ["Cycle", cycle.name, "2026-Q2"],
        ["Rater", "S0002", "石明成"],
        ["Rater role", "supervisor", None],
        ["Ratee", code, name],
    ]
    assert [c.value for c in ws[HEADER_ROW]][:4] == ["Item", "Anchors", "Rating", "Comment"]
    last = FIRST_ITEM_ROW + len(ITEMS) - 1
    assert [ws.cell(r, 1).value for r in range(FIRST_ITEM_ROW, last + 1)] == ITEMS
    assert ws.cell(last + 1, 1).value is None
    anchors = ws.cell(FIRST_ITEM_ROW, 2).value
    assert anchors.count("\n") == 4
    assert anchors.startswith("5 outstanding: 精通公司全部产品线")
    assert "\n1 unsatisfactory: 不熟悉产品基本知识" in anchors
    # Existing ratings are pre-filled, the others empty.
    prefilled = 0
    for ratee, ratee_name in team:
        sheet = workbook[f"{ratee} {ratee_name}"]
        for r, item in enumerate(ITEMS, start=FIRST_ITEM_ROW):
            value, comment = stored.get((ratee, item, "S0002", "supervisor"), (None, ""))
            assert sheet.cell(r, 3).value == value
            assert (sheet.cell(r, 4).value or "") == comment
            prefilled += value is not None
    assert prefilled > 0
    (validation,) = ws.data_validations.dataValidation
    assert (validation.type, validation.operator) == ("whole", "between")
    assert (validation.formula1, validation.formula2) == ("1", "5")
    assert str(validation.sqref) == f"C{FIRST_ITEM_ROW}:C{last}"
    assert ws.protection.sheet
    for r in range(1, last + 2):
        for c in range(1, 5):
            unlocked = FIRST_ITEM_ROW <= r <= last and c in (3, 4)
            assert ws.cell(r, c).protection.locked is not unlocked, (r, c)
    # The identity: cycle id, rater, and the checksum of the grid as the sheets show it.
    identity = {
        row[0]: row[1:] for row in workbook[IDENTITY_SHEET].iter_rows(max_row=12, values_only=True)
    }
    assert identity["cycle_id"][0] == cycle.id
    assert identity["rater_code"][0] == "S0002"
    grid = [
        GridRow(f"{c} {n}", c, "supervisor", "supervisor", row, item)
        for c, n in team
        for row, item in enumerate(ITEMS, start=FIRST_ITEM_ROW)
    ]
    columns = ["Item", "Anchors", "Rating", "Comment"]
    assert identity["checksum"][0] == grid_checksum(cycle.id, "S0002", columns, grid)
    assert len(identity["checksum"][0]) == 64
    # The instructions list every sheet.
    listed = [
        row[0]
        for row in workbook["Instructions"].iter_rows(values_only=True)
        if row[0] in workbook.sheetnames
    ]
    assert listed == ratee_sheets(workbook)


def test_a_chinese_packet(database: Database, cycle: Cycle, tmp_path: Path) -> None:
    set_language("zh")
    path = supervisor_packet(database, cycle, tmp_path)
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames[0] == "填写说明"
    ws = workbook.worksheets[1]
    assert [c.value for c in ws[HEADER_ROW]][:4] == ["考核项", "评分标准", "评分", "评语"]
    assert ws["A4"].value == "评分人角色" and ws["B4"].value == "上级"
    assert ws.cell(FIRST_ITEM_ROW, 2).value.startswith("5 卓越：")


def test_typed_text_stays_text(database: Database, cycle: Cycle, tmp_path: Path) -> None:
    with database.transaction() as s:
        rating = s.scalars(
            select(Rating)
            .join(Appraisal, Appraisal.id == Rating.appraisal_id)
            .join(Staff, Staff.id == Rating.rater_id)
            .where(Appraisal.cycle_id == cycle.id, Staff.code == "S0002")
            .order_by(Rating.id)
        ).first()
        assert rating is not None
        rating.comment = "=HYPERLINK(1)"
        ratee = s.get_one(Staff, s.get_one(Appraisal, rating.appraisal_id).staff_id)
        item = rating.item_name
    workbook = openpyxl.load_workbook(supervisor_packet(database, cycle, tmp_path))
    ws = workbook[f"{ratee.code} {ratee.name}"]
    cell = ws.cell(FIRST_ITEM_ROW + ITEMS.index(item), 4)
    assert (cell.value, cell.data_type, cell.quotePrefix) == ("=HYPERLINK(1)", "s", True)


def test_export_choices_and_refusals(database: Database, cycle: Cycle, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="takes no more ratings"):
        export_packets(database, "2026-Q1 销售代表季度考核", tmp_path / "q1")
    assert not (tmp_path / "q1").exists() or not any((tmp_path / "q1").iterdir())
    with pytest.raises(UserError, match="no staff member NOBODY"):
        export_packets(database, cycle.id, tmp_path / "x", rater="NOBODY")
    with pytest.raises(ValidationError, match="rates nobody"):
        export_packets(database, cycle.id, tmp_path / "x", rater="S0001")
    # Cancelled half-way: nothing is left behind.
    calls: list[int] = []

    def stop_at_third(percent: int, _message: str) -> bool:
        calls.append(percent)
        return len(calls) < 3

    with pytest.raises(PacketsCancelled):
        export_packets(database, cycle.id, tmp_path / "cancelled", progress=stop_at_third)
    assert list((tmp_path / "cancelled").iterdir()) == []


def test_sheet_and_file_names() -> None:
    assert sheet_title("S1 张三") == "S1 张三"
    assert sheet_title("A/B [x]: y?*\\z") == "A_B _x__ y___z"
    long = sheet_title("S0001 " + "很长的名字" * 10)
    assert len(long) == 31
    assert sheet_title("S0001 " + "很长的名字" * 10, [long.lower()]) == long[:29] + "~2"
    assert sheet_title("'quoted'") == "quoted"
    assert sheet_title("history") == "history~2"
    assert safe_file_stem('a<b>c:"d"/e\\f|g?h*') == "a_b_c__d__e_f_g_h_"
    assert safe_file_stem("CON") == "_CON" and safe_file_stem("name. ") == "name"
    assert packet_file_name("S1", "张三") == "S1_张三.xlsx"
    assert packet_file_name("S/1", "x", ["s_1_x.xlsx"]) == "S_1_x_2.xlsx"


def test_assign_raters() -> None:
    people = [Participant(1, 10, 9), Participant(2, 10, 9), Participant(3, 11, 2)]
    managers = {1: 9, 2: 9, 3: 2, 9: 8, 8: None}
    every = ("self", "supervisor", "peer", "skip_level")
    assert assign_raters(people, managers, every) == {
        (1, 1): "self",
        (9, 1): "supervisor",
        (8, 1): "skip_level",
        (2, 1): "peer",
        (2, 2): "self",
        (9, 2): "supervisor",
        (8, 2): "skip_level",
        (1, 2): "peer",
        (3, 3): "self",
        # 2 is 3's manager, not also a peer; 9 is the skip-level.
        (2, 3): "supervisor",
        (9, 3): "skip_level",
    }
    # 2 has left: 1 still rates 2 as a peer, nobody rates 1.
    assert assign_raters(people, managers, ("peer",), lambda staff: staff != 2) == {(1, 2): "peer"}


# --------------------------------------------------------------------------- import


def test_import_changes_exactly_the_filled_ratings(
    database: Database, cycle: Cycle, tmp_path: Path
) -> None:
    packet = supervisor_packet(database, cycle, tmp_path / "out")
    before = all_ratings(database, cycle.id)
    # A ratee S0002 has not rated yet, so the change is additions only.
    sheet = unrated(database, cycle.id)
    code = sheet.split()[0]
    filled = fill(
        packet,
        tmp_path / "filled.xlsx",
        {
            (sheet, "C8"): 4,
            (sheet, "C9"): 5,
            (sheet, "D9"): "拿下年度最大订单",
            (sheet, "C11"): 2,
            (sheet, "D11"): "=未经审批给予折扣",
        },
    )
    assert is_packet(filled)
    dry = import_file(database, "ratings", filled, dry_run=True)
    assert (dry.dry_run, dry.added, dry.replaced) == (True, 3, 0)
    assert all_ratings(database, cycle.id) == before and batch_count(database) == 0

    report = import_file(database, "ratings", filled)
    assert (report.added, report.replaced) == (3, 0)
    after = all_ratings(database, cycle.id)
    changed = {k: v for k, v in after.items() if before.get(k) != v}
    assert changed == {
        (code, ITEMS[0], "S0002", "supervisor"): (4, ""),
        (code, ITEMS[1], "S0002", "supervisor"): (5, "拿下年度最大订单"),
        (code, ITEMS[3], "S0002", "supervisor"): (2, "=未经审批给予折扣"),
    }
    assert set(before) <= set(after)
    assert report.batch_id is not None
    with database.reading() as s:
        audited = s.scalars(
            select(AuditEntry.field).where(
                AuditEntry.entity == "rating", AuditEntry.cycle_id == cycle.id
            )
        ).all()
        batch = s.get_one(ImportBatch, report.batch_id)
    assert sorted(audited).count("rating") == 3 and sorted(audited).count("comment") == 2
    assert (batch.kind, batch.file_name) == ("ratings", "filled.xlsx")
    # The same file again changes nothing; undo puts the ratings back as they were.
    again = import_file(database, "ratings", filled)
    assert (again.added, again.replaced, again.batch_id) == (0, 0, None)
    ImportHistoryService(database).undo_batch(report.batch_id)
    assert all_ratings(database, cycle.id) == before


def test_partial_packet_and_reimport_replace(
    database: Database, cycle: Cycle, tmp_path: Path
) -> None:
    packet = supervisor_packet(database, cycle, tmp_path / "out")
    sheet = unrated(database, cycle.id)
    code = sheet.split()[0]
    key = (code, ITEMS[2], "S0002", "supervisor")
    before = all_ratings(database, cycle.id)
    # A first pass with one rating only (everything else left as issued).
    first = fill(packet, tmp_path / "first.xlsx", {(sheet, "C10"): 4, (sheet, "D10"): "配合良好"})
    assert import_file(database, "ratings", first).added == 1
    middle = all_ratings(database, cycle.id)
    assert middle[key] == (4, "配合良好")
    assert {k for k in middle if middle[k] != before.get(k)} == {key}
    # Filled further and sent again: that rating replaced (not added twice), one added.
    second = fill(
        first,
        tmp_path / "second.xlsx",
        {(sheet, "C10"): 1, (sheet, "D10"): "多次拒绝配合", (sheet, "C8"): 3},
    )
    report = import_file(database, "ratings", second)
    assert (report.added, report.replaced) == (1, 1)
    after = all_ratings(database, cycle.id)
    assert after[key] == (1, "多次拒绝配合")
    assert after[(code, ITEMS[0], "S0002", "supervisor")] == (3, "")
    assert len(after) == len(middle) + report.added
    # A re-export shows what is there now.
    again = openpyxl.load_workbook(supervisor_packet(database, cycle, tmp_path / "again"))
    assert [again[sheet][f"C{r}"].value for r in (8, 10)] == [3, 1]
    assert again[sheet]["D10"].value == "多次拒绝配合"


def _rename_sheet(workbook: Workbook, sheet: str) -> None:
    workbook[sheet].title = "someone else"


def _add_row(workbook: Workbook, sheet: str) -> None:
    workbook[sheet]["A12"] = "额外考核项"
    workbook[sheet]["C12"] = 4


def _insert_row(workbook: Workbook, sheet: str) -> None:
    workbook[sheet].insert_rows(9)


def _change_item(workbook: Workbook, sheet: str) -> None:
    workbook[sheet]["A9"] = "沟通能力"


def _tamper_identity(workbook: Workbook, _sheet: str) -> None:
    workbook[IDENTITY_SHEET]["B3"] = 1  # cycle id of the confirmed 2026-Q1


def _add_sheet(workbook: Workbook, _sheet: str) -> None:
    workbook.create_sheet("S9999 新人")


ALTERATIONS: dict[str, tuple[Callable[[Workbook, str], None], str, int | None]] = {
    "renamed ratee sheet": (_rename_sheet, "is missing (removed or renamed)", None),
    "added row": (_add_row, "not in the packet as issued (added)", 12),
    "inserted row": (_insert_row, "where the packet had", 10),
    "changed item name": (_change_item, "item 沟通能力 where the packet had 沟通谈判能力", 9),
    "altered identity": (_tamper_identity, "identity sheet was altered", None),
    "added sheet": (_add_sheet, "not in the packet as issued (added or renamed)", None),
}


@pytest.mark.parametrize("alteration", list(ALTERATIONS))
def test_an_altered_packet_is_refused(
    database: Database, cycle: Cycle, tmp_path: Path, alteration: str
) -> None:
    change, reason, row = ALTERATIONS[alteration]
    packet = supervisor_packet(database, cycle, tmp_path / "out")
    code, name = team_of(database, cycle.id, "S0002")[0]
    sheet = f"{code} {name}"
    workbook = openpyxl.load_workbook(packet)
    workbook[sheet]["C8"] = 4
    change(workbook, sheet)
    workbook.save(tmp_path / "altered.xlsx")
    before = all_ratings(database, cycle.id)
    for dry_run in (True, False):
        with pytest.raises(PacketRefusedError) as refused:
            import_file(database, "ratings", tmp_path / "altered.xlsx", dry_run=dry_run)
        assert "nothing was written" in refused.value.message
        assert any(reason in str(p) for p in refused.value.problems), refused.value
        if row is not None:
            assert any(p.row == row and p.sheet == sheet for p in refused.value.problems)
    assert all_ratings(database, cycle.id) == before
    assert batch_count(database) == 0


def test_a_packet_of_another_cycle_or_a_closed_one_is_refused(
    database: Database, cycle: Cycle, tmp_path: Path
) -> None:
    packet = supervisor_packet(database, cycle, tmp_path / "out")
    filled = fill(packet, tmp_path / "filled.xlsx", {(unrated(database, cycle.id), "C8"): 3})
    before = all_ratings(database, cycle.id)

    def refused(match: str) -> PacketRefusedError:
        with pytest.raises(PacketRefusedError, match=match) as caught:
            import_file(database, "ratings", filled)
        assert all_ratings(database, cycle.id) == before and batch_count(database) == 0
        return caught.value

    # Cycle 2 of another database: same id, another name.
    with database.transaction() as s:
        s.execute(update(Cycle).where(Cycle.id == cycle.id).values(name="2026-Q2 别的周期"))
    error = refused("another database or cycle")
    assert "cycle 2 of this database is 2026-Q2 别的周期" in error.message
    with database.transaction() as s:
        s.execute(update(Cycle).where(Cycle.id == cycle.id).values(name=cycle.name))
    # The cycle moved on: confirmed cycles take no more ratings.
    with database.transaction() as s:
        s.execute(update(Cycle).where(Cycle.id == cycle.id).values(state="confirmed"))
    error = refused("is confirmed and takes no more ratings")
    assert "open" in (error.problems[0].allowed or "")
    # Back to calibration: inputs are editable again, and the packet goes in.
    with database.transaction() as s:
        s.execute(update(Cycle).where(Cycle.id == cycle.id).values(state="calibration"))
    assert import_file(database, "ratings", filled).added == 1


def test_bad_ratings_are_refused_with_sheet_row_and_column(
    database: Database, cycle: Cycle, tmp_path: Path
) -> None:
    packet = supervisor_packet(database, cycle, tmp_path / "out")
    team = team_of(database, cycle.id, "S0002")
    first, second = (f"{c} {n}" for c, n in team[:2])
    before = all_ratings(database, cycle.id)
    cases = {
        "rating of 7": ({(first, "C8"): 7}, (first, 8, "Rating"), "whole number from 1 to 5"),
        "5 without comment": (
            {(second, "C9"): 5, (second, "D9"): None},
            (second, 9, "Comment"),
            "needs a written example",
        ),
        "a word": ({(first, "C10"): "good"}, (first, 10, "Rating"), "not a number"),
    }
    for name, (cells, where, reason) in cases.items():
        bad = fill(packet, tmp_path / f"{name}.xlsx", {(first, "C11"): 3, **cells})
        with pytest.raises(ImportFailed) as refused:
            import_file(database, "ratings", bad)
        (problem,) = refused.value.found
        assert (problem.sheet, problem.row, problem.column) == where, name
        assert reason in problem.message, name
        assert all_ratings(database, cycle.id) == before
    assert batch_count(database) == 0


def test_a_plain_ratings_sheet_is_not_a_packet(tmp_path: Path) -> None:
    template = write_template("ratings", tmp_path / "ratings.xlsx")
    assert not is_packet(template)
    assert not is_packet(tmp_path / "missing.xlsx")
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 not really")
    assert not is_packet(tmp_path / "broken.xlsx")


def test_export_time_of_the_demo_cycle(
    database: Database, cycle: Cycle, tmp_path: Path, record_property: Any
) -> None:
    """All packets of the demo's open cycle (34 packets, 165 ratee sheets): a few seconds at
    most (measured 1–3 s on a busy 2-core machine)."""
    import time

    start = time.perf_counter()
    written = export_packets(database, cycle.id, tmp_path / "all")
    elapsed = time.perf_counter() - start
    record_property("export_seconds", round(elapsed, 2))
    assert len(written) > 20
    assert elapsed < 20
