"""Undo commands: cell edits and pasted blocks on any grid, and staff and org-unit changes.

A command is pushed only after its first application succeeded (the service refuses bad
values before anything is on the stack), so `redo()` skips its first call. Every later
undo/redo re-reads the current row version through the model or the service, so undo keeps
working after the row changed version, and ids re-created by a redo are mapped through an
`IdAliases` table that every command of the page shares.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, QModelIndex, QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from salesdesk.domain.errors import Problem, StaleEditError, UserError, ValidationError
from salesdesk.services.staff import StaffRow, StaffService, UnitNode


class IdAliases:
    """Maps ids that undo/redo replaced (a deleted row re-created under a new id) to the
    id that now stands for the same thing, so older commands still find their row."""

    def __init__(self) -> None:
        self._next: dict[int, int] = {}

    def alias(self, old: int, new: int) -> None:
        if old != new:
            self._next[old] = new

    def resolve(self, item_id: int) -> int:
        seen = set()
        while item_id in self._next and item_id not in seen:
            seen.add(item_id)
            item_id = self._next[item_id]
        return item_id


class Reporter(QObject):
    """Where commands report a failed undo/redo (the page forwards it to the status bar)."""

    message = Signal(str)


# --------------------------------------------------------------------------- cell edits


class CellEditTarget(Protocol):
    """What a grid model offers so one generic command can edit, undo and redo its cells.

    A cell is named by a hashable key that survives sorting, filtering and reloads
    (for staff: `(staff_id, field)`). `write_cells` applies all values or none, re-reading
    the current versions itself, and raises a `UserError` listing every refused cell.
    """

    def cell_key(self, index: QModelIndex) -> Hashable | None:
        """The key of an editable cell; None for a read-only one."""
        ...

    def cell_value(self, key: Hashable) -> Any:
        """The cell's current native value (what `write_cells` accepts back)."""
        ...

    def parse_cell(self, key: Hashable, value: Any) -> Any:
        """Turn what the user typed or pasted into the native value; raises ValidationError."""
        ...

    def cell_label(self, key: Hashable) -> str:
        """How messages name the cell (`S002 Leave date`)."""
        ...

    def write_cells(self, values: Mapping[Hashable, Any]) -> None:
        """Store all values (all or nothing); raises UserError."""
        ...


def parse_entries(
    target: CellEditTarget, entries: Sequence[tuple[QModelIndex, Any]]
) -> dict[Hashable, Any]:
    """Keys and native values for `(index, typed value)` pairs; every cell that cannot be
    parsed or is read-only is listed in one ValidationError."""
    values: dict[Hashable, Any] = {}
    problems: list[Problem] = []
    for index, raw in entries:
        key = target.cell_key(index)
        if key is None:
            continue
        try:
            values[key] = target.parse_cell(key, raw)
        except ValidationError as exc:
            for problem in exc.problems or [Problem(exc.message)]:
                label = target.cell_label(key)
                problems.append(Problem(f"{label}: {problem.message}", allowed=problem.allowed))
    if problems:
        if len(problems) == 1:
            raise ValidationError(problems[0].message, problems=problems)
        raise ValidationError(
            QCoreApplication.translate("Undo", "{n} value(s) refused; nothing was changed").format(
                n=len(problems)
            ),
            problems=problems,
        )
    return values


class CellEditCommand(QUndoCommand):
    """One user action on cells of a grid: a typed value, a pasted or cleared block."""

    def __init__(
        self,
        target: CellEditTarget,
        old: Mapping[Hashable, Any],
        new: Mapping[Hashable, Any],
        text: str,
        reporter: Reporter | None = None,
    ) -> None:
        super().__init__(text)
        self.target = target
        self.old = dict(old)
        self.new = dict(new)
        self.reporter = reporter
        self._applied = True

    def redo(self) -> None:
        if self._applied:
            # Pushed after the edit was applied: the first redo (from push) is a no-op.
            self._applied = False
            return
        self._write(self.new)

    def undo(self) -> None:
        self._write(self.old)

    def _write(self, values: Mapping[Hashable, Any]) -> None:
        try:
            self.target.write_cells(values)
        except UserError as exc:
            if self.reporter is not None:
                self.reporter.message.emit(str(exc))


def edit_cells(
    target: CellEditTarget,
    stack: QUndoStack | None,
    entries: Sequence[tuple[QModelIndex, Any]],
    text: str,
    reporter: Reporter | None = None,
) -> int:
    """Apply typed or pasted values as one undo step; returns how many cells changed.

    Raises UserError (nothing changed) when any value is refused.
    """
    new = parse_entries(target, entries)
    old = {key: target.cell_value(key) for key in new}
    changed = {key: value for key, value in new.items() if value != old[key]}
    if not changed:
        return 0
    target.write_cells(changed)
    if stack is not None:
        stack.push(
            CellEditCommand(target, {k: old[k] for k in changed}, changed, text, reporter=reporter)
        )
    return len(changed)


class RefusalMemory:
    """Mixin for table models that implement CellEditTarget (and have `status`,
    `undo_stack` and `reporter`): `edit_cells` applies typed, pasted or cleared values as
    one undo step and remembers why a cell was refused — its tooltip — until an edit of it
    succeeds. A model says under which key a cell's refusal is kept (`_refusal_cell`) and
    where that cell is now (`_refusal_index`)."""

    _refused: dict[Any, str]

    def _refusal_cell(self, key: Hashable) -> Hashable:
        raise NotImplementedError

    def _refusal_index(self, cell: Any) -> QModelIndex:
        raise NotImplementedError

    def edit_cells(self, entries: Sequence[tuple[QModelIndex, Any]], text: str) -> int:
        """Apply values (source-model indexes) as one undo step; returns how many cells
        changed. Raises UserError, with nothing changed, if any value is refused (the reason
        then is also on the cells' tooltips and `status`)."""
        model: Any = self
        keys = [key for key in (model.cell_key(index) for index, _ in entries) if key is not None]
        try:
            changed = edit_cells(model, model.undo_stack, entries, text, model.reporter)
        except StaleEditError as exc:
            model.status.emit(str(exc))
            raise
        except UserError as exc:
            for key in keys:
                self._set_refusal(key, str(exc))
            model.status.emit(str(exc))
            raise
        for key in keys:
            self._set_refusal(key, None)
        return changed

    def _set_refusal(self, key: Hashable, why: str | None) -> None:
        cell = self._refusal_cell(key)
        if why is None:
            if self._refused.pop(cell, None) is None:
                return
        else:
            self._refused[cell] = why
        index = self._refusal_index(cell)
        if index.isValid():
            model: Any = self
            model.dataChanged.emit(index, index)


# --------------------------------------------------------------------------- staff


class AddStaffCommand(QUndoCommand):
    """Adding a person: undo removes them, redo puts them back (under a new id)."""

    def __init__(
        self,
        service: StaffService,
        row: StaffRow,
        aliases: IdAliases,
        on_change: Callable[[], None],
        reporter: Reporter | None = None,
    ) -> None:
        super().__init__(
            QCoreApplication.translate("Undo", "Add {code} {name}").format(
                code=row.code, name=row.name
            )
        )
        self.service = service
        self.row = row
        self.aliases = aliases
        self.on_change = on_change
        self.reporter = reporter
        self._applied = True

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        try:
            old_id = self.aliases.resolve(self.row.id)
            restored = self.service.restore_staff(self.row)
            self.aliases.alias(old_id, restored.id)
        except UserError as exc:
            self._report(exc)
        self.on_change()

    def undo(self) -> None:
        try:
            current = self.service.get(self.aliases.resolve(self.row.id))
            # Keep what the person looks like now, so a redo restores the edited record.
            self.row = current
            self.service.delete_staff(current.id, current.version)
        except UserError as exc:
            self._report(exc)
        self.on_change()

    def _report(self, exc: UserError) -> None:
        if self.reporter is not None:
            self.reporter.message.emit(str(exc))


# --------------------------------------------------------------------------- org units


class _UnitCommand(QUndoCommand):
    """Shared plumbing of the org-unit commands: current versions, aliases, reporting."""

    def __init__(
        self,
        text: str,
        service: StaffService,
        aliases: IdAliases,
        on_change: Callable[[], None],
        reporter: Reporter | None,
    ) -> None:
        super().__init__(text)
        self.service = service
        self.aliases = aliases
        self.on_change = on_change
        self.reporter = reporter
        self._applied = True

    def unit(self, unit_id: int) -> UnitNode:
        wanted = self.aliases.resolve(unit_id)
        for node in self.service.list_units():
            if node.id == wanted:
                return node
        raise UserError(QCoreApplication.translate("Undo", "the unit no longer exists"))

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
            if self.reporter is not None:
                self.reporter.message.emit(str(exc))
        self.on_change()

    def do(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError


class AddUnitCommand(_UnitCommand):
    """A new sub-unit: undo deletes it (it is still empty), redo re-creates it."""

    def __init__(
        self,
        service: StaffService,
        node: UnitNode,
        aliases: IdAliases,
        on_change: Callable[[], None],
        reporter: Reporter | None = None,
    ) -> None:
        super().__init__(
            QCoreApplication.translate("Undo", "Add unit {name}").format(name=node.name),
            service,
            aliases,
            on_change,
            reporter,
        )
        self.node = node

    def do(self) -> None:
        parent_id = self.node.parent_id
        parent = self.aliases.resolve(parent_id) if parent_id is not None else None
        created = self.service.create_unit(parent, self.node.name)
        self.aliases.alias(self.aliases.resolve(self.node.id), created.id)

    def revert(self) -> None:
        current = self.unit(self.node.id)
        self.node = current
        self.service.delete_unit(current.id, current.version)


class DeleteUnitCommand(AddUnitCommand):
    """Removing an empty unit: the mirror of adding one."""

    def __init__(
        self,
        service: StaffService,
        node: UnitNode,
        aliases: IdAliases,
        on_change: Callable[[], None],
        reporter: Reporter | None = None,
    ) -> None:
        super().__init__(service, node, aliases, on_change, reporter)
        self.setText(
            QCoreApplication.translate("Undo", "Delete unit {name}").format(name=node.name)
        )

    def do(self) -> None:
        AddUnitCommand.revert(self)

    def revert(self) -> None:
        AddUnitCommand.do(self)


class RenameUnitCommand(_UnitCommand):
    def __init__(
        self,
        service: StaffService,
        unit_id: int,
        old_name: str,
        new_name: str,
        aliases: IdAliases,
        on_change: Callable[[], None],
        reporter: Reporter | None = None,
    ) -> None:
        super().__init__(
            QCoreApplication.translate("Undo", "Rename unit {old} to {new}").format(
                old=old_name, new=new_name
            ),
            service,
            aliases,
            on_change,
            reporter,
        )
        self.unit_id = unit_id
        self.old_name = old_name
        self.new_name = new_name

    def do(self) -> None:
        current = self.unit(self.unit_id)
        self.service.rename_unit(current.id, current.version, self.new_name)

    def revert(self) -> None:
        current = self.unit(self.unit_id)
        self.service.rename_unit(current.id, current.version, self.old_name)


class MoveUnitCommand(_UnitCommand):
    def __init__(
        self,
        service: StaffService,
        unit_id: int,
        old_parent: int | None,
        new_parent: int | None,
        name: str,
        aliases: IdAliases,
        on_change: Callable[[], None],
        reporter: Reporter | None = None,
    ) -> None:
        super().__init__(
            QCoreApplication.translate("Undo", "Move unit {name}").format(name=name),
            service,
            aliases,
            on_change,
            reporter,
        )
        self.unit_id = unit_id
        self.old_parent = old_parent
        self.new_parent = new_parent

    def _move(self, parent: int | None) -> None:
        current = self.unit(self.unit_id)
        target = self.aliases.resolve(parent) if parent is not None else None
        self.service.move_unit(current.id, current.version, target)

    def do(self) -> None:
        self._move(self.new_parent)

    def revert(self) -> None:
        self._move(self.old_parent)
