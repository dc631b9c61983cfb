"""Importing workbooks (data-exchange §2–3): all or nothing, every error reported, the same
file twice changes nothing the second time, each batch recorded so it can be undone.

`import_file` dispatches by kind: staff here; the ledger and receipts in
`imports_ledger`, targets and manual metric values in `imports_targets`, ratings, key
tasks and adjustments in `imports_appraisal`. Undo of a batch is
`import_history.ImportHistoryService.undo_batch`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from salesdesk.db.models import (
    OrgUnit,
    Staff,
    UnitMembership,
)
from salesdesk.domain.errors import Problem, UserError
from salesdesk.domain.org import (
    Role,
    check_employment_dates,
    check_name,
    check_pay_base,
    check_staff_code,
    parse_role,
    split_unit_path,
)
from salesdesk.domain.text import t
from salesdesk.exchange import templates
from salesdesk.exchange.reader import Table, read_table
from salesdesk.exchange.sheets import IMPORT_KINDS, STAFF
from salesdesk.services import audit, imports_appraisal, imports_ledger, imports_targets, packets
from salesdesk.services.database import Database
from salesdesk.services.import_common import (
    ADDED,
    MAX_LISTED_PROBLEMS,
    REPLACED,
    SKIPPED,
    FieldChange,
    ImportCancelled,
    ImportReport,
    NewItem,
    PlannedRow,
    Progress,
    ProgressReporter,
    Recorder,
    close_batch,
    fail,
    open_batch,
    sha256_of,
)
from salesdesk.services.staff import first_of_month, unit_paths

__all__ = [
    "ADDED",
    "MAX_LISTED_PROBLEMS",
    "REPLACED",
    "SKIPPED",
    "FieldChange",
    "ImportCancelled",
    "ImportReport",
    "NewItem",
    "PlannedRow",
    "Progress",
    "import_file",
    "write_template",
]


def write_template(kind: str, out_path: Path | str) -> Path:
    """Write the empty import template of `kind` (headers, example row, validation)."""
    return templates.write_template(kind, out_path)


def import_file(
    database: Database,
    kind: str,
    path: Path | str,
    *,
    dry_run: bool = False,
    sheet: str | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import one file of `kind`: all or nothing (ImportFailed lists every problem and
    nothing is written); with `dry_run`, check and report without writing.

    `progress(percent, message)` is called now and then; returning False cancels the
    import (ImportCancelled) and, the import being one transaction, nothing is written.
    """
    if kind not in IMPORT_KINDS:
        raise UserError(
            t(
                "unknown import kind {k} (allowed: {a})",
                "未知的导入类型 {k}（允许：{a}）",
                k=kind,
                a=", ".join(IMPORT_KINDS),
            )
        )
    reporter = ProgressReporter(progress)
    file = Path(path)
    if kind == "ledger":
        return imports_ledger.import_ledger(database, file, dry_run, sheet, reporter)
    if kind == "receipts":
        return imports_ledger.import_receipts(database, file, dry_run, sheet, reporter)
    if kind == "targets":
        return imports_targets.import_targets(database, file, dry_run, sheet, reporter)
    if kind == "metrics":
        return imports_targets.import_metrics(database, file, dry_run, sheet, reporter)
    if kind == "ratings":
        if packets.is_packet(file):
            # A filled rating packet (reports.md) comes back through the ratings import.
            return packets.import_packet(database, file, dry_run=dry_run, progress=progress)
        return imports_appraisal.import_ratings(database, file, dry_run, sheet, reporter)
    if kind == "tasks":
        return imports_appraisal.import_tasks(database, file, dry_run, sheet, reporter)
    if kind == "adjustments":
        return imports_appraisal.import_adjustments(database, file, dry_run, sheet, reporter)
    reporter.step(0, t("reading {f}", "读取 {f}", f=file.name))
    table = read_table(file, STAFF, sheet=sheet)
    reporter.step(40, t("checking", "检查"))
    if dry_run:
        with database.reading() as s:
            plan = _plan_staff(s, table)
            return plan.report(table, dry_run=True)
    digest = sha256_of(file)
    with database.transaction() as s:
        plan = _plan_staff(s, table)
        report = plan.report(table, dry_run=False)
        if not report.changed:
            # The same data again: nothing to write, not even a batch.
            return report
        reporter.step(70, t("writing", "写入"))
        batch_id = _write_staff(s, plan, table, digest)
        reporter.step(100, t("done", "完成"))
        return plan.report(table, dry_run=False, batch_id=batch_id)


# --------------------------------------------------------------------------- staff


@dataclass
class _StaffLine:
    """One parsed staff row; fields whose column is absent are None and keep what is there."""

    row: int
    code: str
    name: str
    role: Role
    unit_parts: tuple[str, ...]
    hire_date: date
    manager_text: str | None
    leave_date: date | None
    pay_base: Decimal | None
    manager_code: str | None = None


@dataclass
class _Existing:
    id: int
    code: str
    name: str
    role: str
    unit_id: int
    manager_id: int | None
    hire_date: date
    leave_date: date | None
    pay_base: Decimal


@dataclass
class _StaffPlan:
    lines: list[_StaffLine]
    existing: dict[str, _Existing]
    unit_ids: dict[str, int]
    new_units: list[str]
    manager_of: dict[str, str | None]
    columns: frozenset[str]
    actions: dict[str, PlannedRow] = field(default_factory=dict)

    def report(self, table: Table, *, dry_run: bool, batch_id: int | None = None) -> ImportReport:
        rows = tuple(self.actions[line.code] for line in self.lines)
        return ImportReport(
            kind="staff",
            file_name=table.file_name,
            sheet=table.sheet,
            dry_run=dry_run,
            added=sum(1 for r in rows if r.action == ADDED),
            replaced=sum(1 for r in rows if r.action == REPLACED),
            skipped=sum(1 for r in rows if r.action == SKIPPED),
            new_units=tuple(self.new_units),
            rows=rows,
            batch_id=batch_id,
        )


def _unit_parts(text: str) -> tuple[str, ...]:
    return tuple(check_name(part, "unit") for part in split_unit_path(text))


def _parse_staff_rows(table: Table, problems: list[Problem]) -> tuple[list[_StaffLine], set[str]]:
    """The rows that parse, and the codes of every row (those with errors too)."""
    lines: list[_StaffLine] = []
    first_row: dict[str, int] = {}
    for row in table.rows:
        cells = table.cells(row, problems)
        code = cells.parsed("code", check_staff_code, required=True)
        name = cells.parsed("name", check_name, required=True)
        role = cells.parsed("role", parse_role, required=True)
        unit = cells.parsed("unit", _unit_parts, required=True)
        manager = cells.text("manager") if table.has("manager") else None
        hire = cells.date("hire_date", required=True)
        leave = cells.date("leave_date") if table.has("leave_date") else None
        pay_base: Decimal | None = None
        if table.has("pay_base"):
            amount = cells.decimal("pay_base")
            if amount is None and not cells.failed and row.is_blank("pay_base"):
                amount = Decimal("0")
            pay_base = cells.check("pay_base", check_pay_base, amount)
            if pay_base is not None:
                pay_base = pay_base.quantize(Decimal("0.01"))
        if hire is not None and leave is not None:
            try:
                check_employment_dates(hire, leave)
            except UserError as exc:
                allowed = exc.problems[0].allowed if exc.problems else None
                cells.report("leave_date", exc.message, allowed)
        if code is not None:
            if code in first_row:
                cells.report(
                    "code",
                    t(
                        "staff code {c} appears twice (first in row {r})",
                        "工号 {c} 重复（首次出现在第 {r} 行）",
                        c=code,
                        r=first_row[code],
                    ),
                    t("each code once per file", "每个工号在文件中只出现一次"),
                )
                continue
            first_row[code] = row.number
        if cells.failed:
            continue
        assert code is not None and name is not None and role is not None
        assert unit is not None and hire is not None
        lines.append(_StaffLine(row.number, code, name, role, unit, hire, manager, leave, pay_base))
    return lines, set(first_row)


def _load_existing(s: Session) -> dict[str, _Existing]:
    rows = s.execute(
        select(
            Staff.id,
            Staff.code,
            Staff.name,
            Staff.role,
            Staff.unit_id,
            Staff.manager_id,
            Staff.hire_date,
            Staff.leave_date,
            Staff.pay_base,
        )
    ).all()
    return {r.code: _Existing(*r) for r in rows}


def _plan_staff(s: Session, table: Table) -> _StaffPlan:
    """Check every row against the file and the database, and decide what each does.

    Raises ImportFailed with every problem found; reads the database once, whatever the
    number of rows.
    """
    problems: list[Problem] = []
    lines, file_codes = _parse_staff_rows(table, problems)
    existing = _load_existing(s)
    code_by_id = {e.id: e.code for e in existing.values()}
    by_code = {line.code: line for line in lines}

    # Names as they will be once the file is in: a manager may be named by a unique name.
    final_name = {code: e.name for code, e in existing.items()}
    final_name.update({line.code: line.name for line in lines})
    codes_by_name: dict[str, list[str]] = {}
    for code, name in final_name.items():
        codes_by_name.setdefault(name, []).append(code)

    manager_of: dict[str, str | None] = {
        code: code_by_id.get(e.manager_id) if e.manager_id is not None else None
        for code, e in existing.items()
    }
    manager_header = table.header("manager") if table.has("manager") else None
    bad_manager: set[str] = set()
    for line in lines:
        if not table.has("manager"):
            continue
        text = line.manager_text
        if text is None:
            manager_of[line.code] = None
            continue
        if text in final_name:
            boss = text
        elif text in file_codes:  # that row has errors of its own, already reported
            bad_manager.add(line.code)
            continue
        else:
            named = sorted(codes_by_name.get(_collapse_spaces(text), []))
            if len(named) > 1:
                problems.append(
                    table.problem(
                        line.row,
                        "manager",
                        t(
                            "{m} names several people ({c}); give the staff code",
                            "{m} 对应多人（{c}）；请填写工号",
                            m=text,
                            c=", ".join(named),
                        ),
                    )
                )
                bad_manager.add(line.code)
                continue
            if not named:
                problems.append(
                    table.problem(
                        line.row,
                        "manager",
                        t("no staff member {m}", "没有工号或姓名为 {m} 的人员", m=text),
                        t(
                            "the code or unique name of someone in the file or the database",
                            "本文件或系统中人员的工号或唯一姓名",
                        ),
                    )
                )
                bad_manager.add(line.code)
                continue
            boss = named[0]
        if boss == line.code:
            problems.append(
                table.problem(
                    line.row,
                    "manager",
                    t("{c} cannot be their own manager", "{c} 不能是自己的上级", c=line.code),
                )
            )
            bad_manager.add(line.code)
            continue
        manager_of[line.code] = boss
        line.manager_code = boss
    for code in bad_manager:
        manager_of[code] = None
    if manager_header is not None:
        problems.extend(_manager_loops(table, by_code, manager_of))

    # A file without a leave-date column keeps the leave dates there: check them against
    # the hire dates it brings.
    for line in lines:
        old = existing.get(line.code)
        if old is None or table.has("leave_date"):
            continue
        leave = old.leave_date
        if leave is not None and leave < line.hire_date:
            problems.append(
                table.problem(
                    line.row,
                    "hire_date",
                    t(
                        "hire date {h} is after the leave date {l}",
                        "入职日期 {h} 晚于离职日期 {l}",
                        h=line.hire_date.isoformat(),
                        l=leave.isoformat(),
                    ),
                )
            )

    if problems:
        problems.sort(key=lambda p: p.row or 0)
        raise fail("staff", table, problems)

    paths = unit_paths(s)
    unit_ids = {path: unit_id for unit_id, path in paths.items()}
    new_units: list[str] = []
    for line in lines:
        for depth in range(1, len(line.unit_parts) + 1):
            prefix = "/".join(line.unit_parts[:depth])
            if prefix not in unit_ids and prefix not in new_units:
                new_units.append(prefix)

    plan = _StaffPlan(lines, existing, unit_ids, new_units, manager_of, frozenset(table.columns))
    for line in lines:
        plan.actions[line.code] = _decide(table, line, existing.get(line.code), paths, code_by_id)
    return plan


def _collapse_spaces(text: str) -> str:
    """A name as stored (spaces collapsed), to look a manager up by name."""
    return " ".join(text.split())


def _manager_loops(
    table: Table, by_code: Mapping[str, _StaffLine], manager_of: Mapping[str, str | None]
) -> list[Problem]:
    """One problem per loop of managers that a row of the file makes, at its first row."""
    problems: list[Problem] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in by_code:
        path: list[str] = []
        current: str | None = start
        while current is not None and state.get(current, 0) == 0:
            state[current] = 1
            path.append(current)
            current = manager_of.get(current)
        if current is not None and state.get(current) == 1:
            loop = path[path.index(current) :]
            rows = [by_code[c].row for c in loop if c in by_code]
            if rows:
                first = min(rows)
                chain = " → ".join([*loop, loop[0]])
                problems.append(
                    table.problem(
                        first,
                        "manager",
                        t(
                            "managers make a loop: {c}",
                            "上级关系形成循环：{c}",
                            c=chain,
                        ),
                        t("someone not reporting to this person", "不在此人下属链中的人员"),
                    )
                )
        for code in path:
            state[code] = 2
    return problems


def _text(value: object) -> str:
    return audit.audit_text(value) or ""


def _decide(
    table: Table,
    line: _StaffLine,
    old: _Existing | None,
    paths: Mapping[int, str],
    code_by_id: Mapping[int, str],
) -> PlannedRow:
    if old is None:
        return PlannedRow(line.row, line.code, line.name, ADDED)
    before: dict[str, object] = {
        "name": old.name,
        "role": old.role,
        "unit": paths.get(old.unit_id, ""),
        "manager": code_by_id.get(old.manager_id) if old.manager_id is not None else None,
        "hire_date": old.hire_date,
        "leave_date": old.leave_date,
        "pay_base": old.pay_base,
    }
    after = dict(before)
    after.update(
        name=line.name,
        role=line.role.value,
        unit="/".join(line.unit_parts),
        hire_date=line.hire_date,
    )
    if table.has("manager"):
        after["manager"] = line.manager_code
    if table.has("leave_date"):
        after["leave_date"] = line.leave_date
    if table.has("pay_base"):
        after["pay_base"] = line.pay_base
    changes = tuple(
        FieldChange(key, table.header(key), _text(before[key]), _text(after[key]))
        for key in before
        if before[key] != after[key]
    )
    action = REPLACED if changes else SKIPPED
    return PlannedRow(line.row, line.code, line.name, action, changes)


def _write_staff(s: Session, plan: _StaffPlan, table: Table, digest: str) -> int:
    """Write a checked plan: units, new staff (managers first), replaced staff, memberships,
    the batch with its changes for undo, and the audit trail."""
    batch, record = open_batch(s, "staff", table, digest)

    unit_ids = dict(plan.unit_ids)
    _create_units(s, plan.new_units, unit_ids, record)

    actions = plan.actions
    added = [line for line in plan.lines if actions[line.code].action == ADDED]
    replaced = [line for line in plan.lines if actions[line.code].action == REPLACED]
    staff_ids = {code: e.id for code, e in plan.existing.items()}

    # New staff level by level, managers before the people who report to them, so each
    # row goes in whole (no second UPDATE for its manager).
    waiting = list(added)
    new_memberships: list[dict[str, Any]] = []
    while waiting:
        ready = [
            line for line in waiting if line.manager_code is None or line.manager_code in staff_ids
        ]
        if not ready:  # cannot happen after the loop check; refuse rather than spin
            raise UserError(t("managers make a loop", "上级关系形成循环"))
        values = [
            {
                "code": line.code,
                "name": line.name,
                "role": line.role.value,
                "unit_id": unit_ids["/".join(line.unit_parts)],
                "manager_id": staff_ids[line.manager_code] if line.manager_code else None,
                "hire_date": line.hire_date,
                "leave_date": line.leave_date,
                "pay_base": line.pay_base if line.pay_base is not None else Decimal("0.00"),
            }
            for line in ready
        ]
        for staff_id, code in s.execute(insert(Staff).returning(Staff.id, Staff.code), values):
            staff_ids[code] = staff_id
        for line, row in zip(ready, values, strict=True):
            staff_id = staff_ids[line.code]
            record.change("staff", staff_id, ADDED)
            new_memberships.append(
                {"staff_id": staff_id, "unit_id": row["unit_id"], "valid_from": line.hire_date}
            )
            record.audit(
                action="create",
                entity="staff",
                entity_id=staff_id,
                staff_id=staff_id,
                new=f"{line.code} {line.name}",
            )
        done = {line.code for line in ready}
        waiting = [line for line in waiting if line.code not in done]

    if new_memberships:
        for membership_id in s.scalars(
            insert(UnitMembership).returning(UnitMembership.id), new_memberships
        ):
            record.change("unit_memberships", membership_id, ADDED)

    if replaced:
        _replace_staff(s, plan, replaced, unit_ids, staff_ids, record)

    close_batch(s, batch, record, plan.report(table, dry_run=False))
    return batch.id


def _create_units(
    s: Session,
    new_units: Sequence[str],
    unit_ids: dict[str, int],
    record: Recorder,
) -> None:
    if not new_units:
        return
    counts: dict[int | None, int] = {
        parent: int(count)
        for parent, count in s.execute(
            select(OrgUnit.parent_id, func.count()).group_by(OrgUnit.parent_id)
        )
    }
    for path in sorted(new_units, key=lambda p: p.count("/")):
        parent_path, _, name = path.rpartition("/")
        parent_id = unit_ids[parent_path] if parent_path else None
        unit = OrgUnit(parent_id=parent_id, name=name, position=counts.get(parent_id, 0))
        counts[parent_id] = counts.get(parent_id, 0) + 1
        s.add(unit)
        s.flush()
        unit_ids[path] = unit.id
        record.change("org_units", unit.id, ADDED)
        record.audit(action="create", entity="org_unit", entity_id=unit.id, new=path)


_AUDITED = (
    ("name", "name"),
    ("role", "role"),
    ("unit_id", "unit_id"),
    ("manager_id", "manager_id"),
    ("hire_date", "hire_date"),
    ("leave_date", "leave_date"),
    ("pay_base", "pay_base"),
)


def _replace_staff(
    s: Session,
    plan: _StaffPlan,
    lines: Sequence[_StaffLine],
    unit_ids: Mapping[str, int],
    staff_ids: Mapping[str, int],
    record: Recorder,
) -> None:
    ids = [plan.existing[line.code].id for line in lines]
    people = {p.id: p for p in _load_by_ids(s, Staff, ids)}
    open_memberships = {
        m.staff_id: m
        for m in s.scalars(
            select(UnitMembership)
            .where(UnitMembership.valid_to.is_(None))
            .order_by(UnitMembership.valid_from)
        )
    }
    effective = first_of_month(date.today())
    moves: list[dict[str, Any]] = []
    for line in lines:
        person = people[plan.existing[line.code].id]
        new: dict[str, Any] = {
            "name": line.name,
            "role": line.role.value,
            "unit_id": unit_ids["/".join(line.unit_parts)],
            "manager_id": person.manager_id,
            "hire_date": line.hire_date,
            "leave_date": person.leave_date,
            "pay_base": person.pay_base,
        }
        if "manager" in plan.columns:
            new["manager_id"] = staff_ids[line.manager_code] if line.manager_code else None
        if "leave_date" in plan.columns:
            new["leave_date"] = line.leave_date
        if line.pay_base is not None:
            new["pay_base"] = line.pay_base
        old = {name: getattr(person, name) for name, _ in _AUDITED}
        record.change(
            "staff",
            person.id,
            REPLACED,
            {
                "code": person.code,
                **{k: audit.audit_text(v) for k, v in old.items()},
                "version": person.version,
            },
        )
        for name, _ in _AUDITED:
            if new[name] == old[name]:
                continue
            record.audit(
                action="update",
                entity="staff",
                entity_id=person.id,
                staff_id=person.id,
                field=name,
                old=old[name],
                new=new[name],
            )
            setattr(person, name, new[name])
        if new["unit_id"] != old["unit_id"]:
            move = _move(person.id, new["unit_id"], effective, open_memberships, record)
            if move is not None:
                moves.append(move)
    if moves:
        s.flush()  # close the old memberships before the new ones open
        for membership_id in s.scalars(insert(UnitMembership).returning(UnitMembership.id), moves):
            record.change("unit_memberships", membership_id, ADDED)


def _move(
    staff_id: int,
    unit_id: int,
    effective: date,
    open_memberships: dict[int, UnitMembership],
    record: Recorder,
) -> dict[str, Any] | None:
    """A move from `effective` on, keeping earlier months in the old unit (as
    services.staff.move_membership does, with the open memberships loaded once).
    Returns the membership to insert, if any."""
    current = open_memberships.get(staff_id)
    if current is not None and current.unit_id == unit_id:
        return None
    if current is not None:
        record.change(
            "unit_memberships",
            current.id,
            REPLACED,
            {"unit_id": current.unit_id, "valid_to": None},
        )
        if current.valid_from >= effective:
            # A correction within the month: the earlier unit never really held them.
            current.unit_id = unit_id
            return None
        current.valid_to = effective
    return {"staff_id": staff_id, "unit_id": unit_id, "valid_from": effective}


def _load_by_ids(s: Session, model: type[Staff], ids: Sequence[int]) -> list[Staff]:
    """Rows by id in chunks (a database limits the parameters of one statement)."""
    found: list[Staff] = []
    for start in range(0, len(ids), 500):
        found.extend(s.scalars(select(model).where(model.id.in_(ids[start : start + 500]))))
    return found
