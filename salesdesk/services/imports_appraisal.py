"""The imports of ratings, key tasks and adjustments (data-exchange §3): the per-person inputs
of a cycle, checked as `services.appraisal_inputs` checks them one by one.

Every row names its cycle (考核周期: id or name) and a participant of it (code or unique
name); a cycle that is confirmed or closed takes no inputs. Each kind sets a value at a key,
so importing the same file twice changes nothing the second time:

- ratings at (cycle, ratee, item, rater, rater role): the rating and comment replace those
  there; the item is a rated item of the cycle's scheme snapshot, rated by the roles it
  allows; a 5 or a rating of 2 and below needs a comment (appraisal-rules §5.2);
- key tasks at (cycle, person, task): weight (> 0), completion (0–100, with or without %)
  and note replace those there; an empty completion or note keeps what is stored (a task
  list imported again after rating never erases a completion); new tasks go at the end;
- adjustments at (cycle, person, kind, reason): the points replace those there; a bonus or
  deduction has points above 0, a veto none (appraisal-rules §5.3).

All or nothing, every problem with sheet, row and column; each import is a batch that
`import_history` lists and can undo.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from salesdesk.db.models import Adjustment, Appraisal, Cycle, KeyTask, Rating
from salesdesk.domain.errors import ImportFailed, Problem, UserError
from salesdesk.domain.scoring import AdjustmentKind, check_rating
from salesdesk.domain.text import t
from salesdesk.domain.workflow import CycleState, inputs_editable, state_label
from salesdesk.exchange.reader import RowCells, Table, read_table
from salesdesk.exchange.sheets import ADJUSTMENTS, RATINGS, TASKS
from salesdesk.services import audit
from salesdesk.services.appraisal_inputs import (
    check_adjustment_values,
    check_rater,
    check_task_completion,
    check_task_description,
    check_task_weight,
    match_rating_item,
    not_participant_message,
    parse_adjustment_kind,
    parse_rater_role,
    role_label,
)
from salesdesk.services.database import Database
from salesdesk.services.import_common import (
    ADDED,
    REPLACED,
    SKIPPED,
    FieldChange,
    ImportReport,
    PlannedRow,
    ProgressReporter,
    Recorder,
    StaffLookup,
    chunks,
    close_batch,
    collapse_spaces,
    fail,
    json_value,
    open_batch,
    sha256_of,
)

_EDITABLE_STATES = ", ".join(
    f"{s.value} ({state_label(s)})" for s in CycleState if inputs_editable(s)
)


# --------------------------------------------------------------------------- look-ups


class _Cycles:
    """Cycles by id or name and their participants, read once per import."""

    def __init__(self, s: Session, what: tuple[str, str]) -> None:
        self.s = s
        self.what = what
        self.by_id: dict[int, Cycle] = {c.id: c for c in s.scalars(select(Cycle))}
        self.by_name: dict[str, Cycle] = {}
        for cycle in self.by_id.values():
            self.by_name.setdefault(cycle.name, cycle)
            self.by_name.setdefault(collapse_spaces(cycle.name).casefold(), cycle)
        self._participants: dict[int, dict[int, int]] = {}

    def resolve(self, cells: RowCells, key: str = "cycle") -> Cycle | None:
        """The cycle a cell names; unknown or not editable → a problem at that cell."""
        text = cells.text(key, required=True)
        if text is None:
            return None
        cycle: Cycle | None = None
        if text.isascii() and text.isdigit():
            cycle = self.by_id.get(int(text))
        if cycle is None:
            cycle = self.by_name.get(text) or self.by_name.get(collapse_spaces(text).casefold())
        if cycle is None:
            names = sorted(c.name for c in self.by_id.values())
            cells.report(
                key,
                t("no cycle {c}", "没有考核周期 {c}", c=text),
                ", ".join(names[:20]) or t("no cycle exists yet", "尚无考核周期"),
            )
            return None
        if not inputs_editable(cycle.state):
            cells.report(
                key,
                t(
                    "{w} cannot be changed while the cycle {c} is {s}",
                    "考核周期“{c}”处于{s}状态，不能修改{w}",
                    w=t(*self.what),
                    c=cycle.name,
                    s=state_label(cycle.state),
                ),
                _EDITABLE_STATES,
            )
            return None
        return cycle

    def appraisal_id(self, cycle: Cycle, staff_id: int) -> int | None:
        found = self._participants.get(cycle.id)
        if found is None:
            found = dict(
                self.s.execute(
                    select(Appraisal.staff_id, Appraisal.id).where(Appraisal.cycle_id == cycle.id)
                ).all()
            )
            self._participants[cycle.id] = found
        return found.get(staff_id)


class _People(StaffLookup):
    """Staff look-up that also checks a person takes part in a cycle."""

    def participant(
        self, cells: RowCells, key: str, cycle: Cycle | None, cycles: _Cycles
    ) -> tuple[int, int | None] | None:
        """(staff id, appraisal id) of the person a cell names; the appraisal is None when
        the cycle is unknown. A person outside the cycle is a problem at that cell."""
        staff_id = self.resolve(cells, key)
        if staff_id is None:
            return None
        if cycle is None:
            return staff_id, None
        appraisal_id = cycles.appraisal_id(cycle, staff_id)
        if appraisal_id is None:
            cells.report(
                key,
                not_participant_message(self.code_of[staff_id], self.name_of[staff_id], cycle.name),
                t("a participant of the cycle", "该考核周期的考核对象"),
            )
            return None
        return staff_id, appraisal_id


def _report_error(
    cells: RowCells, exc: UserError, columns: Mapping[str, str], default: str
) -> None:
    """A refusal of a domain check as problems at the columns its fields belong to."""
    for problem in exc.problems or [Problem(exc.message)]:
        key = columns.get(problem.field or "", default)
        cells.report(key, problem.message, problem.allowed)


def _duplicate(table: Table, row: int, key: str, first: int) -> Problem:
    return table.problem(
        row,
        key,
        t(
            "the same entry is also in row {r}",
            "与第 {r} 行重复",
            r=first,
        ),
        t("each entry once per file", "每条数据在文件中只出现一次"),
    )


def _audit(
    record: Recorder,
    *,
    action: str,
    entity: str,
    entity_id: int,
    staff_id: int,
    cycle_id: int,
    field: str,
    old: object = None,
    new: object = None,
) -> None:
    """An audit entry of the batch that names the cycle too (written in bulk at the end)."""
    record.entries.append(
        audit.entry(
            action=action,
            entity=entity,
            entity_id=entity_id,
            staff_id=staff_id,
            cycle_id=cycle_id,
            field=field,
            old=old,
            new=new,
            reason=record.reason,
            at=record.at,
            user=record.user,
        )
    )


def _text(value: object) -> str:
    return audit.audit_text(value) or ""


# --------------------------------------------------------------------------- the plan


@dataclass
class _Line:
    """One row to write: where it came from, whom it is about, and what it does."""

    row: int
    cycle_id: int
    staff_id: int
    appraisal_id: int
    code: str
    label: str
    key: tuple[Any, ...]
    values: dict[str, Any]
    action: str = ADDED
    existing_id: int | None = None
    old: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Plan:
    kind: str
    lines: list[_Line]
    headers: dict[str, str]

    def report(self, table: Table, *, dry_run: bool, batch_id: int | None = None) -> ImportReport:
        rows = tuple(
            PlannedRow(
                line.row,
                line.code,
                line.label,
                line.action,
                tuple(
                    FieldChange(
                        name, self.headers.get(name, name), _text(line.old[name]), _text(value)
                    )
                    for name, value in line.values.items()
                    if line.action == REPLACED and line.old.get(name) != value
                ),
            )
            for line in self.lines
        )
        return ImportReport.from_rows(
            self.kind, table.file_name, table.sheet, dry_run=dry_run, rows=rows, batch_id=batch_id
        )


def _decide(
    lines: list[_Line], existing: Mapping[tuple[Any, ...], tuple[int, dict[str, Any]]]
) -> None:
    """Added where nothing is at the key; skipped where the same values are; else replaced."""
    for line in lines:
        found = existing.get(line.key)
        if found is None:
            continue
        line.existing_id, line.old = found
        same = all(line.old.get(name) == value for name, value in line.values.items())
        line.action = SKIPPED if same else REPLACED


Planner = Callable[[Session, Table], _Plan]


# --------------------------------------------------------------------------- running


def _run(
    database: Database,
    file: Path,
    dry_run: bool,
    sheet: str | None,
    reporter: ProgressReporter,
    spec: Any,
    planner: Planner,
) -> ImportReport:
    reporter.step(0, t("reading {f}", "读取 {f}", f=file.name))
    table = read_table(file, spec, sheet=sheet)
    reporter.step(30, t("checking rows", "检查数据行"))
    if dry_run:
        with database.reading() as s:
            plan = planner(s, table)
            reporter.step(100, t("done", "完成"))
            return plan.report(table, dry_run=True)
    digest = sha256_of(file)
    with database.transaction() as s:
        plan = planner(s, table)
        report = plan.report(table, dry_run=False)
        if not report.changed:
            reporter.step(100, t("done", "完成"))
            return report
        reporter.step(70, t("writing", "写入"))
        batch_id = _write(s, plan, table, digest)
        reporter.step(100, t("done", "完成"))
        return plan.report(table, dry_run=False, batch_id=batch_id)


def import_ratings(
    database: Database, file: Path, dry_run: bool, sheet: str | None, reporter: ProgressReporter
) -> ImportReport:
    """The ratings import (see the module docstring)."""
    return _run(database, file, dry_run, sheet, reporter, RATINGS, _plan_ratings)


def import_tasks(
    database: Database, file: Path, dry_run: bool, sheet: str | None, reporter: ProgressReporter
) -> ImportReport:
    """The key tasks import (see the module docstring)."""
    return _run(database, file, dry_run, sheet, reporter, TASKS, _plan_tasks)


def import_adjustments(
    database: Database, file: Path, dry_run: bool, sheet: str | None, reporter: ProgressReporter
) -> ImportReport:
    """The adjustments import (see the module docstring)."""
    return _run(database, file, dry_run, sheet, reporter, ADJUSTMENTS, _plan_adjustments)


def import_rating_tables(
    database: Database,
    file: Path,
    tables: Sequence[Table],
    *,
    label: str,
    dry_run: bool,
    reporter: ProgressReporter,
) -> ImportReport:
    """Ratings from tables read elsewhere — the ratee sheets of a rating packet
    (`services.packets`): each planned as a sheet of the ratings import is, the problems of
    all of them reported together (in sheet order), and written as one batch whose sheet is
    `label`, which `import_history` lists and can undo."""
    summary = Table(RATINGS, file.name, label, 0, {}, {}, ())

    def plan(s: Session) -> _Plan:
        lines: list[_Line] = []
        problems: list[Problem] = []
        headers: dict[str, str] = {}
        for table in tables:
            try:
                part = _plan_ratings(s, table)
            except ImportFailed as exc:
                problems.extend(exc.found)
                continue
            lines.extend(part.lines)
            headers = headers or part.headers
        if problems:
            raise ImportFailed("ratings", file.name, problems)
        return _Plan("ratings", lines, headers)

    reporter.step(30, t("checking rows", "检查数据行"))
    if dry_run:
        with database.reading() as s:
            report = plan(s).report(summary, dry_run=True)
        reporter.step(100, t("done", "完成"))
        return report
    digest = sha256_of(file)
    with database.transaction() as s:
        planned = plan(s)
        report = planned.report(summary, dry_run=False)
        if not report.changed:
            reporter.step(100, t("done", "完成"))
            return report
        reporter.step(70, t("writing", "写入"))
        batch_id = _write(s, planned, summary, digest)
        reporter.step(100, t("done", "完成"))
        return planned.report(summary, dry_run=False, batch_id=batch_id)


def _finish(
    table: Table,
    kind: str,
    lines: list[_Line],
    problems: list[Problem],
    duplicate_column: str,
) -> None:
    """Refuse a key set twice in the file; raise ImportFailed with every problem."""
    first: dict[tuple[Any, ...], int] = {}
    for line in lines:
        if line.key in first:
            problems.append(_duplicate(table, line.row, duplicate_column, first[line.key]))
        else:
            first[line.key] = line.row
    if problems:
        raise fail(kind, table, problems)


def _existing(
    s: Session,
    model: Any,
    lines: list[_Line],
    key: Callable[[Any], tuple[Any, ...]],
    columns: tuple[str, ...],
) -> dict[tuple[Any, ...], tuple[int, dict[str, Any]]]:
    """The stored rows of the file's appraisals by key (the first by id where a key repeats)."""
    found: dict[tuple[Any, ...], tuple[int, dict[str, Any]]] = {}
    appraisal_ids = sorted({line.appraisal_id for line in lines})
    for part in chunks(appraisal_ids):
        for obj in s.scalars(select(model).where(model.appraisal_id.in_(part)).order_by(model.id)):
            found.setdefault(key(obj), (obj.id, {name: getattr(obj, name) for name in columns}))
    return found


# --------------------------------------------------------------------------- ratings

_RATING_COLUMNS = {
    "rating": "rating",
    "comment": "comment",
    "rater_role": "rater_role",
    "item": "item",
}


def _plan_ratings(s: Session, table: Table) -> _Plan:
    problems: list[Problem] = []
    cycles = _Cycles(s, ("ratings", "评分"))
    people = _People(s)
    items: dict[tuple[int, str], dict[str, Any] | UserError] = {}
    lines: list[_Line] = []
    for row in table.rows:
        cells = table.cells(row, problems)
        cycle = cycles.resolve(cells)
        ratee = people.participant(cells, "ratee", cycle, cycles)
        rater_id = people.resolve(cells, "rater")
        role = cells.parsed("rater_role", parse_rater_role, required=True)
        item_text = cells.text("item", required=True)
        number = cells.decimal("rating", required=True)
        comment = (cells.text("comment") or "") if table.has("comment") else ""
        item: dict[str, Any] | None = None
        if cycle is not None and item_text is not None:
            cached = items.get((cycle.id, item_text))
            if cached is None:
                try:
                    cached = match_rating_item(cycle, item_text)
                except UserError as exc:
                    cached = exc
                items[(cycle.id, item_text)] = cached
            if isinstance(cached, UserError):
                _report_error(cells, cached, _RATING_COLUMNS, "item")
            else:
                item = cached
        if item is not None and ratee is not None and rater_id is not None and role is not None:
            try:
                check_rater(item, ratee[0], rater_id, role)
            except UserError as exc:
                _report_error(cells, exc, _RATING_COLUMNS, "rater_role")
        value: int | None = None
        if number is not None:
            try:
                value = check_rating(number, comment)
            except UserError as exc:
                _report_error(cells, exc, _RATING_COLUMNS, "rating")
        if cells.failed:
            continue
        assert cycle is not None and ratee is not None and ratee[1] is not None
        assert item is not None and rater_id is not None and role is not None and value is not None
        item_name = str(item["name"])
        lines.append(
            _Line(
                row.number,
                cycle.id,
                ratee[0],
                ratee[1],
                people.code_of[ratee[0]],
                f"{item_name} · {people.code_of[rater_id]} ({role_label(role)})",
                (ratee[1], item_name, rater_id, role),
                {"rating": value, "comment": comment},
            )
        )
    _finish(table, "ratings", lines, problems, "rating")
    _decide(
        lines,
        _existing(
            s,
            Rating,
            lines,
            lambda r: (r.appraisal_id, r.item_name, r.rater_id, r.rater_role),
            ("rating", "comment", "batch_id", "version"),
        ),
    )
    return _Plan("ratings", lines, {k: table.header(k) for k in ("rating", "comment")})


# --------------------------------------------------------------------------- key tasks

_TASK_COLUMNS = {"description": "task", "weight": "weight", "completion": "completion"}


def _completion(value: Decimal) -> Decimal:
    checked = check_task_completion(value)
    assert checked is not None  # None only for None
    return checked


def _plan_tasks(s: Session, table: Table) -> _Plan:
    problems: list[Problem] = []
    cycles = _Cycles(s, ("key tasks", "重点工作"))
    people = _People(s)
    lines: list[_Line] = []
    for row in table.rows:
        cells = table.cells(row, problems)
        cycle = cycles.resolve(cells)
        person = people.participant(cells, "staff", cycle, cycles)
        description = cells.parsed("task", check_task_description, required=True)
        weight = cells.check("weight", check_task_weight, cells.decimal("weight", required=True))
        completion: Decimal | None = None
        if table.has("completion") and not cells.is_blank("completion"):
            number = cells.decimal("completion", percent="points")
            completion = cells.check("completion", _completion, number)
        note = (cells.text("note") or "") if table.has("note") else ""
        if cells.failed:
            continue
        assert cycle is not None and person is not None and person[1] is not None
        assert description is not None and weight is not None
        values: dict[str, Any] = {"weight": weight}
        if completion is not None:
            values["completion"] = completion
        if note:
            values["note"] = note
        lines.append(
            _Line(
                row.number,
                cycle.id,
                person[0],
                person[1],
                people.code_of[person[0]],
                description,
                (person[1], description),
                values,
            )
        )
    _finish(table, "tasks", lines, problems, "task")
    _decide(
        lines,
        _existing(
            s,
            KeyTask,
            lines,
            lambda task: (task.appraisal_id, " ".join(task.description.split())),
            ("weight", "completion", "note", "batch_id", "version"),
        ),
    )
    headers = {"weight": table.header("weight")}
    headers.update({k: table.header(k) for k in ("completion", "note") if table.has(k)})
    return _Plan("tasks", lines, headers)


# --------------------------------------------------------------------------- adjustments

_ADJUSTMENT_COLUMNS = {"kind": "kind", "points": "points", "reason": "reason"}


def _plan_adjustments(s: Session, table: Table) -> _Plan:
    problems: list[Problem] = []
    cycles = _Cycles(s, ("adjustments", "加减分"))
    people = _People(s)
    lines: list[_Line] = []
    for row in table.rows:
        cells = table.cells(row, problems)
        cycle = cycles.resolve(cells)
        person = people.participant(cells, "staff", cycle, cycles)
        kind = cells.parsed("kind", parse_adjustment_kind, required=True)
        points = cells.decimal("points") if table.has("points") else None
        points_failed = table.has("points") and points is None and not cells.is_blank("points")
        reason = cells.text("reason", required=True)
        checked: tuple[AdjustmentKind, Decimal, str] | None = None
        if kind is not None and reason is not None and not points_failed:
            try:
                checked = check_adjustment_values(kind, points, reason)
            except UserError as exc:
                _report_error(cells, exc, _ADJUSTMENT_COLUMNS, "points")
        if cells.failed:
            continue
        assert cycle is not None and person is not None and person[1] is not None
        assert checked is not None
        checked_kind, checked_points, text = checked
        lines.append(
            _Line(
                row.number,
                cycle.id,
                person[0],
                person[1],
                people.code_of[person[0]],
                f"{_kind_label(checked_kind)}: {text}",
                (person[1], checked_kind.value, text),
                {"points": checked_points},
            )
        )
    _finish(table, "adjustments", lines, problems, "reason")
    _decide(
        lines,
        _existing(
            s,
            Adjustment,
            lines,
            lambda a: (a.appraisal_id, a.kind, a.reason.strip()),
            ("points", "batch_id", "version"),
        ),
    )
    return _Plan("adjustments", lines, {"points": table.header("points")})


def _kind_label(kind: AdjustmentKind) -> str:
    labels = {
        AdjustmentKind.BONUS: ("bonus", "加分"),
        AdjustmentKind.DEDUCTION: ("deduction", "扣分"),
        AdjustmentKind.VETO: ("veto", "否决"),
    }
    return t(*labels[kind])


# --------------------------------------------------------------------------- writing

_AUDITED_ON_CREATE: dict[str, tuple[str, ...]] = {
    "ratings": ("rating", "comment"),
    "tasks": ("description", "weight", "completion", "note"),
    "adjustments": ("kind", "points"),
}
_TABLES: dict[str, tuple[Any, str]] = {
    "ratings": (Rating, "rating"),
    "tasks": (KeyTask, "key_task"),
    "adjustments": (Adjustment, "adjustment"),
}


def _new_row(kind: str, line: _Line, batch_id: int, positions: dict[int, int]) -> dict[str, Any]:
    if kind == "ratings":
        appraisal_id, item_name, rater_id, role = line.key
        return {
            "appraisal_id": appraisal_id,
            "item_name": item_name,
            "rater_id": rater_id,
            "rater_role": role,
            "batch_id": batch_id,
            **line.values,
        }
    if kind == "tasks":
        position = positions.get(line.appraisal_id, -1) + 1
        positions[line.appraisal_id] = position
        return {
            "appraisal_id": line.appraisal_id,
            "position": position,
            "description": line.key[1],
            "completion": None,
            "note": "",
            "batch_id": batch_id,
            **line.values,
        }
    _, adjustment_kind, reason = line.key
    return {
        "appraisal_id": line.appraisal_id,
        "kind": adjustment_kind,
        "reason": reason,
        "batch_id": batch_id,
        **line.values,
    }


def _last_positions(s: Session, lines: list[_Line]) -> dict[int, int]:
    """The highest task position of each appraisal the file adds tasks to."""
    positions: dict[int, int] = {}
    ids = sorted({line.appraisal_id for line in lines})
    for part in chunks(ids):
        for appraisal_id, position in s.execute(
            select(KeyTask.appraisal_id, KeyTask.position).where(KeyTask.appraisal_id.in_(part))
        ):
            positions[appraisal_id] = max(position, positions.get(appraisal_id, position))
    return positions


def _write(s: Session, plan: _Plan, table: Table, digest: str) -> int:
    model, entity = _TABLES[plan.kind]
    table_name = model.__tablename__
    batch, record = open_batch(s, plan.kind, table, digest)
    added = [line for line in plan.lines if line.action == ADDED]
    replaced = [line for line in plan.lines if line.action == REPLACED]
    positions = _last_positions(s, added) if plan.kind == "tasks" else {}
    for part in chunks(added):
        rows = [_new_row(plan.kind, line, batch.id, positions) for line in part]
        ids = s.scalars(insert(model).returning(model.id, sort_by_parameter_order=True), rows)
        for line, row_id, values in zip(part, ids, rows, strict=True):
            record.change(table_name, row_id, ADDED)
            for name in _AUDITED_ON_CREATE[plan.kind]:
                value = values.get(name)
                if value in (None, "") or (name == "points" and values["kind"] == "veto"):
                    continue
                _audit(
                    record,
                    action="create",
                    entity=entity,
                    entity_id=row_id,
                    staff_id=line.staff_id,
                    cycle_id=line.cycle_id,
                    field=name,
                    new=value,
                )
    objects: dict[int, Any] = {}
    existing_ids = [line.existing_id for line in replaced if line.existing_id is not None]
    for part_ids in chunks(existing_ids):
        objects.update({o.id: o for o in s.scalars(select(model).where(model.id.in_(part_ids)))})
    for line in replaced:
        assert line.existing_id is not None
        obj = objects[line.existing_id]
        record.change(
            table_name,
            obj.id,
            REPLACED,
            {name: json_value(value) for name, value in line.old.items()},
        )
        for name, value in line.values.items():
            old = getattr(obj, name)
            if old == value:
                continue
            _audit(
                record,
                action="update",
                entity=entity,
                entity_id=obj.id,
                staff_id=line.staff_id,
                cycle_id=line.cycle_id,
                field=name,
                old=old,
                new=value,
            )
            setattr(obj, name, value)
        obj.batch_id = batch.id
    s.flush()
    close_batch(s, batch, record, plan.report(table, dry_run=False))
    return batch.id
