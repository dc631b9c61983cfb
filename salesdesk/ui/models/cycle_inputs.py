"""Table models of the Cycles page's input tabs: one person's key tasks (重点工作,
appraisal-rules §5), the cycle's adjustments (加扣分, §5.3) and its appeals (申诉, §6).

The key-task and adjustment models are editable grids: every typed, pasted or cleared value
goes through `AppraisalInputsService` with the versions the model holds, as one undo step
(the CellEditTarget protocol of `salesdesk.ui.undo`); a refused value leaves the cell as it
was, with the reason in `status` and on the cell's tooltip. Adding, deleting and moving rows
are undo commands of their own (below). A cell's key names its cycle and person as well as
its row, so undo and redo still work after another person was chosen.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QUndoCommand, QUndoStack

from salesdesk.domain.decimals import round_half_up
from salesdesk.domain.errors import StaleEditError, UserError, ValidationError
from salesdesk.domain.scoring import AdjustmentKind
from salesdesk.services.appraisal_inputs import (
    AdjustmentRow,
    AppraisalInputsService,
    KeyTaskRow,
    check_adjustment_values,
    check_task_completion,
    check_task_description,
    check_task_weight,
    parse_adjustment_kind,
    to_decimal,
)
from salesdesk.services.interviews import AppealOutcome, AppealRow
from salesdesk.ui.models.manual_metrics_model import (
    LEFT,
    READ_ONLY_BACKGROUND,
    READ_ONLY_FOREGROUND,
    REFUSED_BACKGROUND,
    RIGHT,
    SORT_ROLE,
    GridProxy,
)
from salesdesk.ui.undo import IdAliases, RefusalMemory, Reporter

AnyIndex = QModelIndex | QPersistentModelIndex

# The id of a row's task, adjustment or appeal (survives sorting and filtering).
ROW_ID_ROLE = Qt.ItemDataRole.UserRole + 20
# The staff code of a row.
CODE_ROLE = Qt.ItemDataRole.UserRole + 21

CENTRE = int(Qt.AlignmentFlag.AlignCenter)
OVERDUE_FOREGROUND = QColor("#c62828")
OVERDUE_BACKGROUND = QColor("#fde2e2")
UPHELD_FOREGROUND = QColor("#2e7d32")
PENDING_FOREGROUND = QColor("#a15c00")
VETO_FOREGROUND = QColor("#c62828")


def plain_number(value: Decimal) -> str:
    """A weight or points without trailing zeros (`40`, `2.5`)."""
    return f"{value.normalize():f}"


def format_points(value: Decimal) -> str:
    return f"{round_half_up(value, 2):,.2f}"


def format_completion(value: Decimal | None) -> str:
    """A completion (0–100) as a percent with 1 decimal; empty while not rated."""
    return "" if value is None else f"{round_half_up(value, 1):.1f}%"


def kind_label(kind: AdjustmentKind | str) -> str:
    labels = {
        AdjustmentKind.BONUS: QCoreApplication.translate("AdjustmentKinds", "Bonus"),
        AdjustmentKind.DEDUCTION: QCoreApplication.translate("AdjustmentKinds", "Deduction"),
        AdjustmentKind.VETO: QCoreApplication.translate("AdjustmentKinds", "Veto"),
    }
    return labels.get(AdjustmentKind(kind), str(kind))


def outcome_label(outcome: AppealOutcome | str) -> str:
    labels = {
        AppealOutcome.PENDING: QCoreApplication.translate("AppealOutcomes", "Pending"),
        AppealOutcome.UPHELD: QCoreApplication.translate("AppealOutcomes", "Upheld"),
        AppealOutcome.REJECTED: QCoreApplication.translate("AppealOutcomes", "Rejected"),
    }
    return labels.get(AppealOutcome(outcome), str(outcome))


def refusal_text(error: UserError) -> str:
    """A refusal as a form shows it: what is wrong and what is allowed, without the
    internal field name (a grid names the cell instead)."""
    if len(error.problems) != 1:
        return str(error)
    problem = error.problems[0]
    if not problem.allowed:
        return problem.message
    return QCoreApplication.translate("Refusals", "{message} (allowed: {allowed})").format(
        message=problem.message, allowed=problem.allowed
    )


# =========================================================================== key tasks


class TaskCell(NamedTuple):
    """The key of a key-task cell: which cycle, whose task, which task and field."""

    cycle_id: int
    code: str
    task_id: int
    field: str  # description, weight, completion, note


@dataclass(frozen=True)
class TaskColumn:
    field: str
    width: int
    align: int


TASK_COLUMNS: tuple[TaskColumn, ...] = (
    TaskColumn("description", 280, LEFT),
    TaskColumn("weight", 64, RIGHT),
    TaskColumn("completion", 96, RIGHT),
    TaskColumn("note", 240, LEFT),
)
COL_DESCRIPTION = 0
COL_WEIGHT = 1
COL_COMPLETION = 2
COL_NOTE = 3


class KeyTasksModel(RefusalMemory, QAbstractTableModel):
    """One participant's key tasks in their order: 重点工作, 权重, 完成度 %, 说明."""

    # The result of an edit or the reason it was refused, for the status bar.
    status = Signal(str)
    # A person's tasks changed (their staff code): the tab rescores the cycle.
    written = Signal(str)

    def __init__(self, service: AppraisalInputsService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.undo_stack: QUndoStack | None = None
        self.aliases = IdAliases()
        self.reporter = Reporter(self)
        self.reporter.message.connect(self.status)
        self.cycle_id: int | None = None
        self.code: str | None = None
        self.name = ""
        self._rows: list[KeyTaskRow] = []
        self._refused: dict[tuple[int, str], str] = {}
        self._editable = False
        self._read_only_reason = ""

    # ---- loading

    def set_person(self, cycle_id: int | None, code: str | None, name: str = "") -> None:
        """Show `code`'s tasks in the cycle (None: nobody); raises UserError."""
        rows: list[KeyTaskRow] = []
        if cycle_id is not None and code is not None:
            rows = self.service.list_tasks(cycle_id, code)
        self.beginResetModel()
        self.cycle_id = cycle_id
        self.code = code
        self.name = name
        self._refused = {}
        self._rows = rows
        self.endResetModel()

    def reload(self) -> None:
        """Re-read the shown person's tasks (rows update in place when the same tasks are
        there in the same order, so the view keeps its current cell)."""
        if self.cycle_id is None or self.code is None:
            rows: list[KeyTaskRow] = []
        else:
            rows = self.service.list_tasks(self.cycle_id, self.code)
        if [r.id for r in rows] == [r.id for r in self._rows]:
            self._rows = rows
            if rows:
                self.dataChanged.emit(
                    self.index(0, 0), self.index(len(rows) - 1, len(TASK_COLUMNS) - 1)
                )
        else:
            self.beginResetModel()
            self._rows = rows
            self.endResetModel()
        ids = {r.id for r in rows}
        self._refused = {k: v for k, v in self._refused.items() if k[0] in ids}

    def set_editable(self, editable: bool, reason: str = "") -> None:
        self._editable = editable
        self._read_only_reason = reason
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 3))

    def editable(self) -> bool:
        return self._editable

    def read_only_reason(self) -> str:
        return self._read_only_reason

    def tasks(self) -> list[KeyTaskRow]:
        return list(self._rows)

    def task_at(self, row: int) -> KeyTaskRow:
        return self._rows[row]

    def row_of(self, task_id: int) -> int | None:
        wanted = self.aliases.resolve(task_id)
        for position, row in enumerate(self._rows):
            if row.id == wanted:
                return position
        return None

    def shows(self, cycle_id: int, code: str) -> bool:
        return self.cycle_id == cycle_id and self.code == code

    # ---- Qt model

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(TASK_COLUMNS)

    def headers(self) -> list[str]:
        return [
            self.tr("Key task"),
            self.tr("Weight"),
            self.tr("Completion %"),
            self.tr("Note"),
        ]

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(TASK_COLUMNS):
                return None
            if role == Qt.ItemDataRole.DisplayRole:
                return self.headers()[section]
            if role == Qt.ItemDataRole.ToolTipRole and section == COL_COMPLETION:
                return self.tr("0–100; empty while not rated yet (counts as 0 %)")
            if role == Qt.ItemDataRole.ToolTipRole and section == COL_WEIGHT:
                return self.tr("The task's weight inside the key-tasks item (above 0)")
            return None
        if role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self._rows):
            return str(section + 1)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self._editable:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = TASK_COLUMNS[index.column()]
        value = getattr(row, column.field)
        if role == Qt.ItemDataRole.DisplayRole:
            if column.field == "weight":
                return plain_number(value)
            if column.field == "completion":
                return format_completion(value)
            return value
        if role == Qt.ItemDataRole.EditRole:
            if column.field in ("weight", "completion"):
                return "" if value is None else plain_number(value)
            return value
        if role == SORT_ROLE:
            return value.casefold() if isinstance(value, str) else value
        if role == ROW_ID_ROLE:
            return row.id
        if role == CODE_ROLE:
            return self.code
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return column.align
        if role == Qt.ItemDataRole.ToolTipRole:
            refused = self._refused.get((row.id, column.field))
            if refused:
                return refused
            if column.field == "completion" and value is None:
                return self.tr("Not rated yet: counts as 0 %")
            if not self._editable and self._read_only_reason:
                return self._read_only_reason
            if column.field in ("description", "note") and value:
                return value
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            if (row.id, column.field) in self._refused:
                return QBrush(REFUSED_BACKGROUND)
            if not self._editable:
                return QBrush(READ_ONLY_BACKGROUND)
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if column.field == "completion" and value is None:
                return QBrush(PENDING_FOREGROUND)
            if not self._editable:
                return QBrush(READ_ONLY_FOREGROUND)
            return None
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Edit one cell the way typing does: checked and written by the service as one
        undo step. A refused value leaves the cell as it was and says why."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        if not self._editable:
            if self._read_only_reason:
                self.status.emit(self._read_only_reason)
            return False
        key = self.cell_key(self.index(index.row(), index.column()))
        if key is None:
            return False
        try:
            changed = self.edit_cells(
                [(self.index(index.row(), index.column()), value)],
                self.tr("Edit {label}").format(label=self.cell_label(key)),
            )
        except UserError:
            return False
        return changed >= 0

    # ---- RefusalMemory

    def _refusal_cell(self, key: Hashable) -> Hashable:
        assert isinstance(key, TaskCell)
        return (self.aliases.resolve(key.task_id), key.field)

    def _refusal_index(self, cell: Any) -> QModelIndex:
        task_id, field = cell
        position = self.row_of(task_id)
        if position is None:
            return QModelIndex()
        column = next(i for i, c in enumerate(TASK_COLUMNS) if c.field == field)
        return self.index(position, column)

    # ---- CellEditTarget protocol

    def cell_key(self, index: QModelIndex) -> Hashable | None:
        if (
            not index.isValid()
            or index.model() is not self
            or self.cycle_id is None
            or self.code is None
            or not self._editable
        ):
            return None
        row = self._rows[index.row()]
        return TaskCell(self.cycle_id, self.code, row.id, TASK_COLUMNS[index.column()].field)

    def _current_rows(self, cycle_id: int, code: str) -> list[KeyTaskRow]:
        if self.shows(cycle_id, code):
            return self._rows
        return self.service.list_tasks(cycle_id, code)

    def _task(self, key: TaskCell) -> KeyTaskRow:
        wanted = self.aliases.resolve(key.task_id)
        for row in self._current_rows(key.cycle_id, key.code):
            if row.id == wanted:
                return row
        raise StaleEditError(self.tr("key task"))

    def cell_value(self, key: Hashable) -> Any:
        assert isinstance(key, TaskCell)
        return getattr(self._task(key), key.field)

    def cell_label(self, key: Hashable) -> str:
        assert isinstance(key, TaskCell)
        position = next(i for i, c in enumerate(TASK_COLUMNS) if c.field == key.field)
        number = self.row_of(key.task_id)
        where = f"#{number + 1}" if number is not None else ""
        return f"{key.code} {where} {self.headers()[position]}".replace("  ", " ")

    def parse_cell(self, key: Hashable, value: Any) -> Any:
        assert isinstance(key, TaskCell)
        text = "" if value is None else str(value).strip()
        if key.field == "description":
            return check_task_description(text)
        if key.field == "weight":
            if not text:
                raise ValidationError.single(
                    self.tr("a key task needs a weight"),
                    allowed=self.tr("a number above 0, at most 2 decimals"),
                )
            return check_task_weight(value if isinstance(value, Decimal) else text)
        if key.field == "completion":
            if not text:
                return None
            return check_task_completion(value if isinstance(value, Decimal) else text)
        return text

    def write_cells(self, values: Mapping[Hashable, Any]) -> None:
        """Write through `edit_task`, one call per task, with the versions held now; if a
        later task is refused, the tasks written before it are put back (all or nothing)."""
        changes: dict[tuple[int, str, int], dict[str, Any]] = {}
        for key, value in values.items():
            assert isinstance(key, TaskCell)
            task_key = (key.cycle_id, key.code, self.aliases.resolve(key.task_id))
            changes.setdefault(task_key, {})[key.field] = value
        written: list[tuple[KeyTaskRow, KeyTaskRow]] = []  # (before, after)
        touched: set[tuple[int, str]] = set()
        try:
            for (cycle_id, code, task_id), fields in changes.items():
                before = self._task(TaskCell(cycle_id, code, task_id, ""))
                after = self.service.edit_task(task_id, before.version, **fields)
                written.append((before, after))
                touched.add((cycle_id, code))
                self._replace(after)
        except UserError:
            self._put_back(written)
            self.reload()
            raise
        self._after_write(touched)

    def _put_back(self, written: Sequence[tuple[KeyTaskRow, KeyTaskRow]]) -> None:
        for before, after in reversed(written):
            try:
                self.service.edit_task(
                    after.id,
                    after.version,
                    description=before.description,
                    weight=before.weight,
                    completion=before.completion,
                    note=before.note,
                )
            except UserError:
                continue

    def _replace(self, row: KeyTaskRow) -> None:
        position = self.row_of(row.id)
        if position is None or self.cycle_id != row.cycle_id:
            return
        self._rows[position] = row
        self.dataChanged.emit(self.index(position, 0), self.index(position, len(TASK_COLUMNS) - 1))

    def _after_write(self, touched: Iterable[tuple[int, str]]) -> None:
        for _cycle_id, code in touched:
            self.written.emit(code)

    # ---- rows: add, delete, move (each one undo step)

    def changed(self, cycle_id: int, code: str) -> None:
        """After a command changed `code`'s tasks: reload them if shown, and tell the tab."""
        if self.shows(cycle_id, code):
            self.reload()
        self.written.emit(code)

    def add_task(
        self,
        description: str,
        weight: object,
        completion: object = None,
        note: str = "",
    ) -> KeyTaskRow | None:
        """Add a task at the end of the shown person's list (one undo step); None when
        refused (the reason goes to `status`)."""
        if self.cycle_id is None or self.code is None:
            return None
        if not self._editable:
            self.status.emit(self._read_only_reason)
            return None
        try:
            row = self.service.add_task(
                self.cycle_id, self.code, description, weight, completion, note
            )
        except UserError as exc:
            self.status.emit(refusal_text(exc))
            return None
        command = AddTaskCommand(self, self.cycle_id, self.code, row)
        self.changed(self.cycle_id, self.code)
        if self.undo_stack is not None:
            self.undo_stack.push(command)
        return row

    def delete_rows(self, rows: Sequence[int]) -> int:
        """Delete the tasks in these rows (one undo step); returns how many went."""
        if self.cycle_id is None or self.code is None or not self._editable:
            if not self._editable and self._read_only_reason:
                self.status.emit(self._read_only_reason)
            return 0
        chosen = [self._rows[r] for r in sorted(set(rows)) if 0 <= r < len(self._rows)]
        if not chosen:
            return 0
        deleted: list[KeyTaskRow] = []
        try:
            for task in chosen:
                self.service.delete_task(task.id, task.version)
                deleted.append(task)
        except UserError as exc:
            self.status.emit(refusal_text(exc))
        if deleted:
            command = DeleteTasksCommand(self, self.cycle_id, self.code, deleted)
            self.changed(self.cycle_id, self.code)
            if self.undo_stack is not None:
                self.undo_stack.push(command)
        else:
            self.reload()
        return len(deleted)

    def move_row(self, row: int, step: int) -> bool:
        """Move the task in `row` up (-1) or down (+1) one place (one undo step)."""
        if self.cycle_id is None or self.code is None or not self._editable:
            if not self._editable and self._read_only_reason:
                self.status.emit(self._read_only_reason)
            return False
        target = row + step
        if not (0 <= row < len(self._rows) and 0 <= target < len(self._rows)):
            return False
        task = self._rows[row]
        try:
            self.service.move_task(task.id, task.version, target)
        except UserError as exc:
            self.status.emit(refusal_text(exc))
            self.reload()
            return False
        command = MoveTaskCommand(self, self.cycle_id, self.code, task, row, target)
        self.changed(self.cycle_id, self.code)
        if self.undo_stack is not None:
            self.undo_stack.push(command)
        return True

    def current_task(self, cycle_id: int, code: str, task_id: int) -> KeyTaskRow:
        """The task as it is now (through the aliases of re-created tasks)."""
        return self._task(TaskCell(cycle_id, code, task_id, ""))

    def restore_task(self, cycle_id: int, code: str, task: KeyTaskRow) -> KeyTaskRow:
        """Re-create a deleted task at its old place; the old id stands for the new one."""
        row = self.service.add_task(
            cycle_id, code, task.description, task.weight, task.completion, task.note
        )
        if row.position != task.position:
            moved = self.service.move_task(row.id, row.version, task.position)
            row = next(r for r in moved if r.id == row.id)
        self.aliases.alias(self.aliases.resolve(task.id), row.id)
        return row


class _TaskCommand(QUndoCommand):
    """Shared plumbing: pushed after the change was made, so the first redo() does
    nothing; later ones report a refusal to the model's status and reload."""

    def __init__(self, model: KeyTasksModel, cycle_id: int, code: str, text: str) -> None:
        super().__init__(text)
        self.model = model
        self.cycle_id = cycle_id
        self.code = code
        self._applied = True

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        self._run(self.do)

    def undo(self) -> None:
        self._run(self.revert)

    def _run(self, step: Callable[[], None]) -> None:
        try:
            step()
        except UserError as exc:
            self.model.reporter.message.emit(refusal_text(exc))
        self.model.changed(self.cycle_id, self.code)

    def do(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError


class AddTaskCommand(_TaskCommand):
    def __init__(self, model: KeyTasksModel, cycle_id: int, code: str, task: KeyTaskRow) -> None:
        super().__init__(
            model,
            cycle_id,
            code,
            QCoreApplication.translate("KeyTasksModel", "Add key task {task}").format(
                task=task.description
            ),
        )
        self.task = task

    def do(self) -> None:
        self.task = self.model.restore_task(self.cycle_id, self.code, self.task)

    def revert(self) -> None:
        current = self.model.current_task(self.cycle_id, self.code, self.task.id)
        self.task = current  # a redo brings back the task as it is now
        self.model.service.delete_task(current.id, current.version)


class DeleteTasksCommand(_TaskCommand):
    def __init__(
        self, model: KeyTasksModel, cycle_id: int, code: str, tasks: Sequence[KeyTaskRow]
    ) -> None:
        super().__init__(
            model,
            cycle_id,
            code,
            QCoreApplication.translate("KeyTasksModel", "Delete {n} key task(s)").format(
                n=len(tasks)
            ),
        )
        self.tasks = list(tasks)

    def do(self) -> None:
        for task in self.tasks:
            current = self.model.current_task(self.cycle_id, self.code, task.id)
            self.model.service.delete_task(current.id, current.version)

    def revert(self) -> None:
        # Lowest position first, so each goes back between the same neighbours.
        for task in sorted(self.tasks, key=lambda t: t.position):
            self.model.restore_task(self.cycle_id, self.code, task)


class MoveTaskCommand(_TaskCommand):
    def __init__(
        self,
        model: KeyTasksModel,
        cycle_id: int,
        code: str,
        task: KeyTaskRow,
        old: int,
        new: int,
    ) -> None:
        super().__init__(
            model,
            cycle_id,
            code,
            QCoreApplication.translate("KeyTasksModel", "Move key task {task}").format(
                task=task.description
            ),
        )
        self.task = task
        self.old = old
        self.new = new

    def _move(self, position: int) -> None:
        current = self.model.current_task(self.cycle_id, self.code, self.task.id)
        self.model.service.move_task(current.id, current.version, position)

    def do(self) -> None:
        self._move(self.new)

    def revert(self) -> None:
        self._move(self.old)


# =========================================================================== adjustments


class AdjustmentCell(NamedTuple):
    """The key of an adjustment cell."""

    cycle_id: int
    code: str
    adjustment_id: int
    field: str  # kind, points, reason


@dataclass(frozen=True)
class PersonAdjustment:
    """An adjustment with the person it belongs to."""

    code: str
    name: str
    row: AdjustmentRow


@dataclass(frozen=True)
class AdjustmentColumn:
    field: str
    width: int
    align: int
    editable: bool


ADJUSTMENT_COLUMNS: tuple[AdjustmentColumn, ...] = (
    AdjustmentColumn("code", 70, LEFT, False),
    AdjustmentColumn("name", 72, LEFT, False),
    AdjustmentColumn("kind", 80, CENTRE, True),
    AdjustmentColumn("points", 64, RIGHT, True),
    AdjustmentColumn("reason", 320, LEFT, True),
    AdjustmentColumn("created", 90, CENTRE, False),
)
ADJ_COL_CODE = 0
ADJ_COL_NAME = 1
ADJ_COL_KIND = 2
ADJ_COL_POINTS = 3
ADJ_COL_REASON = 4
ADJ_COL_CREATED = 5


class AdjustmentsModel(RefusalMemory, QAbstractTableModel):
    """Every bonus, deduction and veto of a cycle, with the person (entry order)."""

    status = Signal(str)
    # A person's adjustments changed (their staff code).
    written = Signal(str)

    def __init__(self, service: AppraisalInputsService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.undo_stack: QUndoStack | None = None
        self.aliases = IdAliases()
        self.reporter = Reporter(self)
        self.reporter.message.connect(self.status)
        self.cycle_id: int | None = None
        self._rows: list[PersonAdjustment] = []
        self._names: dict[str, str] = {}
        self._refused: dict[tuple[int, str], str] = {}
        self._editable = False
        self._read_only_reason = ""

    # ---- loading

    def set_rows(
        self, cycle_id: int | None, rows: Sequence[PersonAdjustment], names: Mapping[str, str]
    ) -> None:
        """Show a cycle's adjustments (read in the background by the tab)."""
        self.beginResetModel()
        self.cycle_id = cycle_id
        self._rows = sorted(rows, key=lambda r: r.row.id)
        self._names = dict(names)
        self._refused = {}
        self.endResetModel()

    def reload_person(self, code: str) -> None:
        """Re-read one person's adjustments (after an edit of theirs)."""
        if self.cycle_id is None:
            return
        fresh = [
            PersonAdjustment(code, self._names.get(code, ""), row)
            for row in self.service.list_adjustments(self.cycle_id, code)
        ]
        kept = [r for r in self._rows if r.code != code]
        rows = sorted(kept + fresh, key=lambda r: r.row.id)
        if [r.row.id for r in rows] == [r.row.id for r in self._rows]:
            self._rows = rows
            if rows:
                self.dataChanged.emit(
                    self.index(0, 0), self.index(len(rows) - 1, len(ADJUSTMENT_COLUMNS) - 1)
                )
        else:
            self.beginResetModel()
            self._rows = rows
            self.endResetModel()
        ids = {r.row.id for r in rows}
        self._refused = {k: v for k, v in self._refused.items() if k[0] in ids}

    def set_editable(self, editable: bool, reason: str = "") -> None:
        self._editable = editable
        self._read_only_reason = reason
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(ADJUSTMENT_COLUMNS) - 1)
            )

    def editable(self) -> bool:
        return self._editable

    def rows(self) -> list[PersonAdjustment]:
        return list(self._rows)

    def row_at(self, row: int) -> PersonAdjustment:
        return self._rows[row]

    def row_of(self, adjustment_id: int) -> int | None:
        wanted = self.aliases.resolve(adjustment_id)
        for position, each in enumerate(self._rows):
            if each.row.id == wanted:
                return position
        return None

    def rows_of(self, code: str) -> list[AdjustmentRow]:
        return [r.row for r in self._rows if r.code == code]

    def search_text(self, row: int) -> str:
        each = self._rows[row]
        return f"{each.code} {each.name} {kind_label(each.row.kind)} {each.row.reason}"

    # ---- Qt model

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(ADJUSTMENT_COLUMNS)

    def headers(self) -> list[str]:
        return [
            self.tr("Code"),
            self.tr("Name"),
            self.tr("Kind"),
            self.tr("Points"),
            self.tr("Reason"),
            self.tr("Entered"),
        ]

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(ADJUSTMENT_COLUMNS):
                return self.headers()[section]
            return None
        if role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self._rows):
            return str(section + 1)
        return None

    def _cell_editable(self, each: PersonAdjustment, column: AdjustmentColumn) -> bool:
        if not (self._editable and column.editable):
            return False
        # A veto carries no points (appraisal-rules §5.3).
        return not (column.field == "points" and each.row.kind is AdjustmentKind.VETO)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self._cell_editable(self._rows[index.row()], ADJUSTMENT_COLUMNS[index.column()]):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def _display(self, each: PersonAdjustment, field: str) -> str:
        row = each.row
        if field == "code":
            return each.code
        if field == "name":
            return each.name
        if field == "kind":
            return kind_label(row.kind)
        if field == "points":
            return "—" if row.kind is AdjustmentKind.VETO else format_points(row.points)
        if field == "reason":
            return row.reason
        return row.created_at.strftime("%Y-%m-%d")

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        each = self._rows[index.row()]
        column = ADJUSTMENT_COLUMNS[index.column()]
        row = each.row
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(each, column.field)
        if role == Qt.ItemDataRole.EditRole:
            if column.field == "kind":
                return row.kind.value
            if column.field == "points":
                return "" if row.kind is AdjustmentKind.VETO else plain_number(row.points)
            return self._display(each, column.field)
        if role == SORT_ROLE:
            sort_values: dict[str, Any] = {
                "code": each.code,
                "name": each.name,
                "kind": list(AdjustmentKind).index(row.kind),
                "points": None if row.kind is AdjustmentKind.VETO else row.points,
                "reason": row.reason.casefold(),
                "created": row.created_at,
            }
            return sort_values[column.field]
        if role == ROW_ID_ROLE:
            return row.id
        if role == CODE_ROLE:
            return each.code
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return column.align
        if role == Qt.ItemDataRole.ToolTipRole:
            refused = self._refused.get((row.id, column.field))
            if refused:
                return refused
            if column.field == "points" and row.kind is AdjustmentKind.VETO:
                return self.tr("A veto carries no points: the total becomes 0")
            if column.field == "reason":
                return row.reason
            if not self._editable and self._read_only_reason:
                return self._read_only_reason
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            if (row.id, column.field) in self._refused:
                return QBrush(REFUSED_BACKGROUND)
            if not self._cell_editable(each, column):
                return QBrush(READ_ONLY_BACKGROUND)
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if column.field == "kind" and row.kind is AdjustmentKind.VETO:
                return QBrush(VETO_FOREGROUND)
            if not self._cell_editable(each, column):
                return QBrush(READ_ONLY_FOREGROUND)
            return None
        if (
            role == Qt.ItemDataRole.FontRole
            and row.kind is AdjustmentKind.VETO
            and column.field == "kind"
        ):
            font = QFont()
            font.setBold(True)
            return font
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Edit one cell the way typing does (one undo step; refused values say why)."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        if not self._editable:
            if self._read_only_reason:
                self.status.emit(self._read_only_reason)
            return False
        key = self.cell_key(self.index(index.row(), index.column()))
        if key is None:
            return False
        try:
            changed = self.edit_cells(
                [(self.index(index.row(), index.column()), value)],
                self.tr("Edit {label}").format(label=self.cell_label(key)),
            )
        except UserError:
            return False
        return changed >= 0

    # ---- RefusalMemory

    def _refusal_cell(self, key: Hashable) -> Hashable:
        assert isinstance(key, AdjustmentCell)
        return (self.aliases.resolve(key.adjustment_id), key.field)

    def _refusal_index(self, cell: Any) -> QModelIndex:
        adjustment_id, field = cell
        position = self.row_of(adjustment_id)
        if position is None:
            return QModelIndex()
        column = next(i for i, c in enumerate(ADJUSTMENT_COLUMNS) if c.field == field)
        return self.index(position, column)

    # ---- CellEditTarget protocol

    def cell_key(self, index: QModelIndex) -> Hashable | None:
        if not index.isValid() or index.model() is not self or self.cycle_id is None:
            return None
        each = self._rows[index.row()]
        column = ADJUSTMENT_COLUMNS[index.column()]
        if not self._cell_editable(each, column):
            return None
        return AdjustmentCell(self.cycle_id, each.code, each.row.id, column.field)

    def _current(self, key: AdjustmentCell) -> AdjustmentRow:
        wanted = self.aliases.resolve(key.adjustment_id)
        position = self.row_of(wanted)
        if position is not None and self.cycle_id == key.cycle_id:
            return self._rows[position].row
        for row in self.service.list_adjustments(key.cycle_id, key.code):
            if row.id == wanted:
                return row
        raise StaleEditError(self.tr("adjustment"))

    def cell_value(self, key: Hashable) -> Any:
        assert isinstance(key, AdjustmentCell)
        row = self._current(key)
        if key.field == "kind":
            return row.kind
        if key.field == "points":
            return None if row.kind is AdjustmentKind.VETO else row.points
        return row.reason

    def cell_label(self, key: Hashable) -> str:
        assert isinstance(key, AdjustmentCell)
        position = next(i for i, c in enumerate(ADJUSTMENT_COLUMNS) if c.field == key.field)
        return f"{key.code} {self.headers()[position]}"

    def parse_cell(self, key: Hashable, value: Any) -> Any:
        assert isinstance(key, AdjustmentCell)
        text = "" if value is None else str(value).strip()
        if key.field == "kind":
            if isinstance(value, AdjustmentKind):
                return value
            if not text:
                raise ValidationError.single(
                    self.tr("an adjustment needs its kind"),
                    allowed=self.tr("bonus, deduction or veto"),
                )
            return parse_adjustment_kind(text)
        if key.field == "points":
            if isinstance(value, Decimal):
                return value
            if not text:
                raise ValidationError.single(
                    self.tr("a bonus or a deduction needs its points"),
                    allowed=self.tr("points above 0, at most 2 decimals"),
                )
            return to_decimal(text, "points")
        return text

    def write_cells(self, values: Mapping[Hashable, Any]) -> None:
        """Every adjustment's new kind, points and reason are checked together first
        (appraisal-rules §5.3), then written one by one with the versions held now; if one
        is refused, those written before it are put back."""
        changes: dict[tuple[int, str, int], dict[str, Any]] = {}
        for key, value in values.items():
            assert isinstance(key, AdjustmentCell)
            row_key = (key.cycle_id, key.code, self.aliases.resolve(key.adjustment_id))
            changes.setdefault(row_key, {})[key.field] = value
        planned: list[tuple[str, AdjustmentRow, dict[str, Any]]] = []
        for (cycle_id, code, adjustment_id), fields in changes.items():
            before = self._current(AdjustmentCell(cycle_id, code, adjustment_id, ""))
            kind = fields.get("kind", before.kind)
            if "points" in fields:
                points = fields["points"]
            elif AdjustmentKind(kind) is AdjustmentKind.VETO:
                points = None
                fields["points"] = None
            else:
                points = None if before.kind is AdjustmentKind.VETO else before.points
            check_adjustment_values(kind, points, fields.get("reason", before.reason))
            planned.append((code, before, fields))
        written: list[tuple[str, AdjustmentRow, AdjustmentRow]] = []
        try:
            for code, before, fields in planned:
                after = self.service.edit_adjustment(before.id, before.version, **fields)
                written.append((code, before, after))
        except UserError:
            for _code, before, after in reversed(written):
                try:
                    self.service.edit_adjustment(
                        after.id,
                        after.version,
                        kind=before.kind,
                        points=None if before.kind is AdjustmentKind.VETO else before.points,
                        reason=before.reason,
                    )
                except UserError:
                    continue
            for code in {code for code, _b, _f in planned}:
                self.reload_person(code)
            raise
        for code in dict.fromkeys(code for code, _b, _a in written):
            self.reload_person(code)
            self.written.emit(code)

    # ---- rows: add and delete (each one undo step)

    def changed(self, cycle_id: int, code: str) -> None:
        if self.cycle_id == cycle_id:
            self.reload_person(code)
        self.written.emit(code)

    def add_adjustment(
        self, code: str, name: str, kind: AdjustmentKind | str, points: object, reason: str
    ) -> AdjustmentRow:
        """Add a bonus, a deduction or a veto for `code` (one undo step); raises UserError
        when refused, with nothing written."""
        if self.cycle_id is None:
            raise ValidationError.single(self.tr("choose a cycle first"))
        if not self._editable:
            raise ValidationError.single(self._read_only_reason)
        self._names.setdefault(code, name)
        row = self.service.add_adjustment(self.cycle_id, code, kind, points, reason)
        command = AddAdjustmentCommand(self, self.cycle_id, code, row)
        self.changed(self.cycle_id, code)
        if self.undo_stack is not None:
            self.undo_stack.push(command)
        return row

    def delete_rows(self, rows: Sequence[int]) -> int:
        """Delete the adjustments in these rows (one undo step)."""
        if self.cycle_id is None or not self._editable:
            if not self._editable and self._read_only_reason:
                self.status.emit(self._read_only_reason)
            return 0
        chosen = [self._rows[r] for r in sorted(set(rows)) if 0 <= r < len(self._rows)]
        deleted: list[PersonAdjustment] = []
        try:
            for each in chosen:
                self.service.delete_adjustment(each.row.id, each.row.version)
                deleted.append(each)
        except UserError as exc:
            self.status.emit(refusal_text(exc))
        cycle_id = self.cycle_id
        for code in dict.fromkeys(each.code for each in chosen):
            self.changed(cycle_id, code)
        if deleted and self.undo_stack is not None:
            self.undo_stack.push(DeleteAdjustmentsCommand(self, cycle_id, deleted))
        return len(deleted)

    def current_adjustment(self, cycle_id: int, code: str, adjustment_id: int) -> AdjustmentRow:
        return self._current(AdjustmentCell(cycle_id, code, adjustment_id, ""))

    def restore_adjustment(self, cycle_id: int, code: str, row: AdjustmentRow) -> AdjustmentRow:
        """Add a removed adjustment again; its old id stands for the new one."""
        points = None if row.kind is AdjustmentKind.VETO else row.points
        made = self.service.add_adjustment(cycle_id, code, row.kind, points, row.reason)
        self.aliases.alias(self.aliases.resolve(row.id), made.id)
        return made


class AddAdjustmentCommand(QUndoCommand):
    """An adjustment added: undo deletes it, redo adds it again (under a new id)."""

    def __init__(
        self, model: AdjustmentsModel, cycle_id: int, code: str, row: AdjustmentRow
    ) -> None:
        super().__init__(
            QCoreApplication.translate("AdjustmentsModel", "Add {kind} for {code}").format(
                kind=kind_label(row.kind), code=code
            )
        )
        self.model = model
        self.cycle_id = cycle_id
        self.code = code
        self.row = row
        self._applied = True

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        try:
            self.row = self.model.restore_adjustment(self.cycle_id, self.code, self.row)
        except UserError as exc:
            self.model.reporter.message.emit(refusal_text(exc))
        self.model.changed(self.cycle_id, self.code)

    def undo(self) -> None:
        try:
            current = self.model.current_adjustment(self.cycle_id, self.code, self.row.id)
            self.row = current
            self.model.service.delete_adjustment(current.id, current.version)
        except UserError as exc:
            self.model.reporter.message.emit(refusal_text(exc))
        self.model.changed(self.cycle_id, self.code)


class DeleteAdjustmentsCommand(QUndoCommand):
    """Adjustments deleted: undo adds them back, redo deletes them again."""

    def __init__(
        self, model: AdjustmentsModel, cycle_id: int, rows: Sequence[PersonAdjustment]
    ) -> None:
        super().__init__(
            QCoreApplication.translate("AdjustmentsModel", "Delete {n} adjustment(s)").format(
                n=len(rows)
            )
        )
        self.model = model
        self.cycle_id = cycle_id
        self.rows = list(rows)
        self._applied = True

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        for each in self.rows:
            try:
                current = self.model.current_adjustment(self.cycle_id, each.code, each.row.id)
                self.model.service.delete_adjustment(current.id, current.version)
            except UserError as exc:
                self.model.reporter.message.emit(refusal_text(exc))
        self._changed()

    def undo(self) -> None:
        for each in self.rows:
            try:
                self.model.restore_adjustment(self.cycle_id, each.code, each.row)
            except UserError as exc:
                self.model.reporter.message.emit(refusal_text(exc))
        self._changed()

    def _changed(self) -> None:
        for code in dict.fromkeys(each.code for each in self.rows):
            self.model.changed(self.cycle_id, code)


class AdjustmentsProxy(GridProxy):
    """Sorts by native values, narrows by the search box and by one person."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._person: str | None = None

    def set_person(self, code: str | None) -> None:
        self.beginFilterChange()
        self._person = code
        self.endFilterChange(GridProxy.Direction.Rows)

    def person(self) -> str | None:
        return self._person

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        if (
            self._person is not None
            and isinstance(model, AdjustmentsModel)
            and source_row < model.rowCount()
            and model.row_at(source_row).code != self._person
        ):
            return False
        return super().filterAcceptsRow(source_row, source_parent)


# =========================================================================== appeals


APPEAL_COLUMNS = (
    "person",
    "filed_on",
    "grounds",
    "decision_due",
    "overdue",
    "outcome",
    "decided_on",
)
APPEAL_WIDTHS = (110, 86, 200, 86, 76, 60, 86)
APPEAL_COL_PERSON = 0
APPEAL_COL_FILED = 1
APPEAL_COL_GROUNDS = 2
APPEAL_COL_DUE = 3
APPEAL_COL_OVERDUE = 4
APPEAL_COL_OUTCOME = 5
APPEAL_COL_DECIDED = 6


class AppealsModel(QAbstractTableModel):
    """A cycle's appeals, oldest first: person, filed on, grounds, decision due (10
    working days), overdue (red), outcome and decided on. Read-only: appeals change
    through the tab's buttons."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[AppealRow] = []
        self._today = date.today()

    def set_appeals(self, rows: Sequence[AppealRow], today: date | None = None) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._today = today or date.today()
        self.endResetModel()

    def appeals(self) -> list[AppealRow]:
        return list(self._rows)

    def row_at(self, row: int) -> AppealRow:
        return self._rows[row]

    def row_of(self, appeal_id: int) -> int | None:
        for position, row in enumerate(self._rows):
            if row.id == appeal_id:
                return position
        return None

    def search_text(self, row: int) -> str:
        each = self._rows[row]
        return " ".join(
            (each.staff_code, each.staff_name, each.grounds, each.facts, each.resolution)
        )

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(APPEAL_COLUMNS)

    def headers(self) -> list[str]:
        return [
            self.tr("Person"),
            self.tr("Filed on"),
            self.tr("Grounds"),
            self.tr("Decision due"),
            self.tr("Overdue"),
            self.tr("Outcome"),
            self.tr("Decided on"),
        ]

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(APPEAL_COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        if role == Qt.ItemDataRole.ToolTipRole and section == APPEAL_COL_DUE:
            return self.tr("A decision is due within 10 working days of filing")
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def _overdue_days(self, row: AppealRow) -> int:
        return (self._today - row.decision_due).days

    def _display(self, row: AppealRow, key: str) -> str:
        if key == "person":
            return f"{row.staff_code} {row.staff_name}"
        if key == "filed_on":
            return row.filed_on.isoformat()
        if key == "grounds":
            return " ".join(row.grounds.split())
        if key == "decision_due":
            return row.decision_due.isoformat()
        if key == "overdue":
            if not row.overdue:
                return ""
            return self.tr("{n} d overdue").format(n=self._overdue_days(row))
        if key == "outcome":
            return outcome_label(row.outcome)
        return "" if row.decided_on is None else row.decided_on.isoformat()

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        key = APPEAL_COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, key)
        if role == SORT_ROLE:
            sort_values: dict[str, Any] = {
                "person": row.staff_code,
                "filed_on": row.filed_on,
                "grounds": row.grounds.casefold(),
                "decision_due": row.decision_due,
                "overdue": self._overdue_days(row) if row.overdue else None,
                "outcome": list(AppealOutcome).index(row.outcome),
                "decided_on": row.decided_on,
            }
            return sort_values[key]
        if role == ROW_ID_ROLE:
            return row.id
        if role == CODE_ROLE:
            return row.staff_code
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return LEFT if key in ("person", "grounds") else CENTRE
        if role == Qt.ItemDataRole.ToolTipRole:
            if key == "grounds":
                return row.grounds
            if key == "overdue" and row.overdue:
                return self.tr("No decision by {due}").format(due=row.decision_due.isoformat())
            if key == "outcome" and row.resolution:
                return row.resolution
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.overdue and key in ("decision_due", "overdue"):
                return QBrush(OVERDUE_FOREGROUND)
            if key == "outcome":
                colours = {
                    AppealOutcome.PENDING: PENDING_FOREGROUND,
                    AppealOutcome.UPHELD: UPHELD_FOREGROUND,
                }
                colour = colours.get(row.outcome)
                return None if colour is None else QBrush(colour)
            return None
        if role == Qt.ItemDataRole.BackgroundRole and row.overdue and key == "overdue":
            return QBrush(OVERDUE_BACKGROUND)
        if role == Qt.ItemDataRole.FontRole and row.overdue and key == "overdue":
            font = QFont()
            font.setBold(True)
            return font
        return None


__all__ = [
    "ADJUSTMENT_COLUMNS",
    "ADJ_COL_KIND",
    "ADJ_COL_POINTS",
    "ADJ_COL_REASON",
    "APPEAL_COLUMNS",
    "APPEAL_WIDTHS",
    "CODE_ROLE",
    "COL_COMPLETION",
    "COL_DESCRIPTION",
    "COL_NOTE",
    "COL_WEIGHT",
    "ROW_ID_ROLE",
    "SORT_ROLE",
    "TASK_COLUMNS",
    "AddAdjustmentCommand",
    "AddTaskCommand",
    "AdjustmentCell",
    "AdjustmentsModel",
    "AdjustmentsProxy",
    "AppealsModel",
    "DeleteAdjustmentsCommand",
    "DeleteTasksCommand",
    "KeyTasksModel",
    "MoveTaskCommand",
    "PersonAdjustment",
    "TaskCell",
    "format_completion",
    "kind_label",
    "outcome_label",
    "refusal_text",
]
