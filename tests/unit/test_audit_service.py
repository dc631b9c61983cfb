"""The audit log as the Audit page reads it, on a copy of the demo company: filters (dates,
person, cycle, kind, search words), newest or oldest first, pages read by keyset that add
up to the whole list, entries described in words in either language, the filter choices,
and the export read back from the workbook (every matching entry, text never a formula,
styled header, cancel leaves no file)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from salesdesk.domain.errors import ValidationError
from salesdesk.domain.text import set_language
from salesdesk.services import audit, audit_export
from salesdesk.services.audit_export import AuditExportCancelled, export_audit
from salesdesk.services.audit_log import AuditQuery, AuditRow, AuditService
from salesdesk.services.registry import Services

# Entries the tests add with known times: (time, staff code, cycle id, entity, action,
# field, old, new, reason).
KNOWN = [
    (datetime(2025, 1, 10, 9, 0, 0), "S0003", 1, "rating", "update", "rating", 3, 4, "复核后调整"),
    (datetime(2025, 2, 15, 14, 30, 0), "S0003", 1, "rating", "update", "comment", "", "好", ""),
    (datetime(2025, 2, 15, 14, 30, 0), "S0004", 2, "key_task", "create", "weight", None, 30, ""),
    (datetime(2025, 3, 20, 23, 59, 59), "S0005", None, "staff", "update", "pay_base", "3000.00",
     "3500.00", "=年度调薪+1"),
]  # fmt: skip


@pytest.fixture
def services(demo_file: Path, tmp_path: Path) -> Iterator[Services]:
    path = tmp_path / "demo.db"
    shutil.copy(demo_file, path)
    opened = Services.open(path)
    staff = {row.code: row.id for row in opened.staff.list_staff()}
    entries = [
        audit.entry(
            at=at,
            user="tester",
            action=action,
            entity=entity,
            entity_id=1,
            staff_id=staff[code],
            cycle_id=cycle,
            field=field,
            old=old,
            new=new,
            reason=reason,
        )
        for at, code, cycle, entity, action, field, old, new, reason in KNOWN
    ]
    with opened.database.transaction() as s:
        audit.record_many(s, entries)
    yield opened
    opened.close()


@pytest.fixture
def service(services: Services) -> AuditService:
    return AuditService(services.database)


def everything(service: AuditService, query: AuditQuery = AuditQuery()) -> list[AuditRow]:  # noqa: B008
    return list(service.rows(query))


def test_newest_first_by_default_and_oldest_first_on_request(service: AuditService) -> None:
    rows = everything(service)
    assert len(rows) == service.count() > len(KNOWN)
    keys = [(row.at, row.id) for row in rows]
    assert keys == sorted(keys, reverse=True)
    oldest = everything(service, AuditQuery(newest_first=False))
    assert [row.id for row in oldest] == [row.id for row in reversed(rows)]
    # The test's entries are older than the demo's own: they come last, equal times by id.
    tail = rows[-len(KNOWN) :]
    assert [row.at for row in tail] == sorted((k[0] for k in KNOWN), reverse=True)
    assert tail[1].id > tail[2].id and tail[1].at == tail[2].at


def test_date_range_includes_both_whole_days(service: AuditService) -> None:
    query = AuditQuery(date_from=date(2025, 2, 15), date_to=date(2025, 3, 20))
    rows = everything(service, query)
    assert [row.at for row in rows] == [KNOWN[3][0], KNOWN[1][0], KNOWN[2][0]]
    assert service.count(AuditQuery(date_to=date(2025, 1, 10))) == 1
    assert service.count(AuditQuery(date_from=date(2025, 3, 21), date_to=date(2025, 3, 1))) == 0


@pytest.mark.parametrize(
    ("person", "expected"),
    [("S0003", 2), ("s0003", 2), ("S0003 whatever follows", 2), ("S000", None), ("", None)],
)
def test_person_by_code_or_code_and_name(
    service: AuditService, person: str, expected: int | None
) -> None:
    rows = everything(service, AuditQuery(person=person))
    if expected is not None:
        assert len(rows) == expected and {row.staff_code for row in rows} == {"S0003"}
    else:
        assert len(rows) > 2


def test_person_by_exact_name_or_part_of_it(services: Services, service: AuditService) -> None:
    person = services.staff.find_by_code("S0004")
    assert person is not None
    by_name = everything(service, AuditQuery(person=person.name))
    assert [row.staff_code for row in by_name] == ["S0004"]
    assert everything(service, AuditQuery(person=f"{person.code} {person.name}")) == by_name
    part = everything(service, AuditQuery(person=person.name[-1]))
    assert all(person.name[-1] in row.staff_name for row in part) and part
    assert service.count(AuditQuery(person="无此人")) == 0


def test_cycle_and_kind_filters(service: AuditService) -> None:
    cycle_two = everything(service, AuditQuery(cycle_id=2))
    assert cycle_two and all(row.cycle_name.startswith("2026-Q2") for row in cycle_two)
    ratings = everything(service, AuditQuery(entity="rating"))
    assert [row.field for row in ratings] == ["comment", "rating"]
    created = everything(service, AuditQuery(entity="key_task", action="create"))
    assert len(created) == 1 and created[0].staff_code == "S0004"
    assert service.count(AuditQuery(entity="key_task", action="delete")) == 0
    both = everything(service, AuditQuery(cycle_id=1, entity="rating", person="S0003"))
    assert len(both) == 2


def test_search_words_all_must_match_anywhere_shown(service: AuditService) -> None:
    assert [r.reason for r in everything(service, AuditQuery(text="复核"))] == ["复核后调整"]
    # A kind of change in words, in either language, and the code of the person.
    set_language("zh")
    zh = everything(service, AuditQuery(text="修改人员"))
    set_language("en")
    en = everything(service, AuditQuery(text="staff changed"))
    assert [r.id for r in zh] == [r.id for r in en] and len(en) == 1
    assert len(everything(service, AuditQuery(text="S0003 comment"))) == 1
    assert everything(service, AuditQuery(text="S0003 no-such-word")) == []
    # The cycle's name and LIKE's wildcards taken literally.
    assert len(everything(service, AuditQuery(text="2026-Q2", entity="key_task"))) == 1
    assert service.count(AuditQuery(text="%")) == 0
    assert service.count(AuditQuery(text="_")) > 0  # field names such as pay_base


def test_pages_add_up_to_the_whole_list_either_way(service: AuditService) -> None:
    whole = everything(service)
    listing = service.listing(limit=3)
    assert listing.total == len(whole) and len(listing.rows) == 3 and not listing.complete
    read = list(listing.rows)
    while len(read) < listing.total:
        page = service.fetch(AuditQuery(), after=read[-1].cursor, limit=3)
        assert page
        read += page
    assert [r.id for r in read] == [r.id for r in whole]
    # Reading along the time index or the person index gives the same entries.
    query = AuditQuery(person="S0003")
    for by_time in (True, False):
        first = service.fetch(query, limit=1, by_time=by_time)
        rest = service.fetch(query, after=first[0].cursor, limit=10, by_time=by_time)
        assert [r.id for r in first + rest] == [r.id for r in everything(service, query)]
    assert [r.id for r in service.rows(page=2)] == [r.id for r in whole]
    short = service.listing(AuditQuery(entity="rating"), limit=10)
    assert short.total == 2 and short.complete


def test_descriptions_in_english(services: Services, service: AuditService) -> None:
    person = services.staff.find_by_code("S0006")
    boss = services.staff.find_by_code("S0001")
    assert person is not None and boss is not None
    other_unit = next(u for u in services.staff.list_units() if u.id != person.unit_id)
    services.staff.update_staff(
        person.id,
        person.version,
        pay_base=Decimal("4321.50"),
        manager_id=boss.id,
        unit_id=other_unit.id,
    )
    rows = everything(service, AuditQuery(person="S0006"))
    by_field = {row.field: row for row in rows}
    pay = by_field["pay base"]
    assert pay.kind == "Staff changed"
    assert pay.subject == f"S0006 {person.name}"
    assert pay.what == f"Staff changed · S0006 {person.name} · pay base"
    assert (pay.old_value, pay.new_value) == (format(person.pay_base, "f"), "4321.50")
    assert pay.change == f"{format(person.pay_base, 'f')} → 4321.50"
    # Ids are shown as what they name.
    assert by_field["manager"].new_value == f"S0001 {boss.name}"
    assert by_field["unit"].old_value == person.unit_path
    assert by_field["unit"].new_value == other_unit.path
    # A cycle's state as the user reads it, the cycle named.
    states = everything(service, AuditQuery(entity="cycle", action="update", cycle_id=2))
    assert states[-1].change == "draft → open"
    assert states[-1].subject.startswith("2026-Q2") and states[-1].field == "state"


def test_descriptions_in_chinese(services: Services, service: AuditService) -> None:
    unit = services.staff.list_units()[1]
    services.staff.rename_unit(unit.id, unit.version, "新名字")
    set_language("zh")
    try:
        renamed = everything(service, AuditQuery(entity="org_unit"))[0]
        assert renamed.kind == "重命名组织单元"
        assert renamed.subject == unit.path.rsplit("/", 1)[0] + "/新名字"
        assert renamed.change == f"{unit.name} → 新名字"
        pay = everything(service, AuditQuery(person="S0005"))[0]
        assert pay.what.startswith("修改人员 · S0005 ") and pay.what.endswith(" · 绩效工资基数")
        rating = everything(service, AuditQuery(entity="rating"))[-1]
        assert rating.kind == "修改评分"
        assert rating.subject.startswith("S0003 ") and rating.field == "评分"
        assert rating.cycle_name.startswith("2026-Q1")
        assert rating.what == f"修改评分 · {rating.subject} · 评分 · {rating.cycle_name}"
        cycle = everything(service, AuditQuery(entity="cycle", action="update", cycle_id=1))
        assert "草稿 → 进行中" in [row.change for row in cycle]
        created = everything(service, AuditQuery(entity="key_task"))[0]
        assert created.change == "— → 30"
    finally:
        set_language("en")


def test_long_values_are_cut_in_the_line_but_whole_in_the_row(
    services: Services, service: AuditService
) -> None:
    long_text = "很长的说明" * 40
    with services.database.transaction() as s:
        audit.record(s, action="update", entity="scheme", field="document", old="{}", new=long_text)
    row = everything(service)[0]
    assert row.new_value == long_text
    assert row.change.startswith("{} → 很长的说明") and row.change.endswith("…")
    assert len(row.change) < 80


def test_choices_list_what_the_log_holds(services: Services, service: AuditService) -> None:
    choices = service.choices()
    codes = [person.code for person in choices.people]
    assert {"S0003", "S0004", "S0005"} <= set(codes) and codes == sorted(codes)
    assert [c.cycle_id for c in choices.cycles] == [2, 1]
    kinds = {(k.entity, k.action) for k in choices.kinds}
    assert {("rating", "update"), ("key_task", "create"), ("cycle", "create")} <= kinds
    assert ("org_unit", "rename") not in kinds
    assert choices.first == date(2025, 1, 10) and choices.last == date.today()
    assert choices.total == service.count()
    # New kinds show up (the kinds read before are remembered, the new entries added).
    unit = services.staff.list_units()[1]
    services.staff.rename_unit(unit.id, unit.version, "改过名")
    again = service.choices()
    assert ("org_unit", "rename") in {(k.entity, k.action) for k in again.kinds}
    assert again.total == choices.total + 1


def test_export_writes_every_matching_entry(service: AuditService, tmp_path: Path) -> None:
    out = tmp_path / "audit.xlsx"
    query = AuditQuery(date_to=date(2025, 12, 31))
    seen: list[int] = []
    count = export_audit(service, query, out, progress=lambda p, _m: seen.append(p) or True)
    assert count == len(KNOWN) and seen[-1] == 100
    book = load_workbook(out)
    sheet = book.worksheets[0]
    assert sheet.title == "Audit log"
    header = [cell.value for cell in sheet[1]]
    assert header[:8] == [
        "Time",
        "User",
        "Kind of change",
        "Concerns",
        "Field",
        "Old value",
        "New value",
        "Reason",
    ]
    assert sheet[1][0].font.b and sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:K{count + 1}"
    assert sheet.column_dimensions["D"].width > 10
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert [row[0] for row in rows] == [k[0].strftime("%Y-%m-%d %H:%M:%S") for k in KNOWN[::-1]]
    first = rows[0]
    assert first[1:8] == [
        "tester",
        "Staff changed",
        first[3],
        "pay base",
        "3000.00",
        "3500.00",
        "=年度调薪+1",
    ]
    assert first[8] == "S0005"
    # Typed text that looks like a formula stays text.
    reason = sheet.cell(row=2, column=8)
    assert reason.data_type == "s" and reason.quotePrefix
    assert rows[-1][10].startswith("2026-Q1")
    notes = {row[0].value: row[1].value for row in book["Filters"].iter_rows(min_row=2)}
    assert notes["To"] == "2025-12-31" and notes["Entries"] == str(count)
    assert notes["Cycle"] == "(all)"


def test_export_in_chinese_and_across_sheets(
    service: AuditService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audit_export, "ROWS_PER_SHEET", 2)
    set_language("zh")
    try:
        out = tmp_path / "审计.xlsx"
        count = export_audit(service, AuditQuery(date_to=date(2025, 12, 31)), out)
        book = load_workbook(out)
        assert book.sheetnames == ["审计日志", "审计日志 (2)", "筛选条件"]
        assert [c.value for c in book.worksheets[0][1]][:3] == ["时间", "用户", "变更类型"]
        assert sum(ws.max_row - 1 for ws in book.worksheets[:2]) == count == 4
        assert book.worksheets[0]["C2"].value == "修改人员"
        # Entries that fill the last sheet exactly leave no empty sheet behind.
        three = export_audit(service, AuditQuery(date_to=date(2025, 2, 28)), out)
        assert three == 3 and load_workbook(out).sheetnames == [
            "审计日志",
            "审计日志 (2)",
            "筛选条件",
        ]
        monkeypatch.setattr(audit_export, "ROWS_PER_SHEET", 3)
        export_audit(service, AuditQuery(date_to=date(2025, 2, 28)), out)
        assert load_workbook(out).sheetnames == ["审计日志", "筛选条件"]
    finally:
        set_language("en")


def test_cancelled_or_refused_export_writes_nothing(
    service: AuditService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audit_export, "PROGRESS_EVERY", 2)
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "audit.xlsx"
    calls: list[int] = []

    def stop_soon(percent: int, _message: str) -> bool:
        calls.append(percent)
        return len(calls) < 2

    with pytest.raises(AuditExportCancelled):
        export_audit(service, AuditQuery(), out, progress=stop_soon)
    assert list(folder.iterdir()) == []
    with pytest.raises(ValidationError, match=r"\.xlsx"):
        export_audit(service, AuditQuery(), folder / "audit.csv")
    assert list(folder.iterdir()) == []
