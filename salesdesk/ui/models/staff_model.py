"""The staff table: a model over StaffService rows whose edits go through the service (and
the undo stack), and the proxy that filters it by unit, left/active and search text."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QUndoStack

from salesdesk.domain.decimals import format_money
from salesdesk.domain.errors import StaleEditError, UserError, ValidationError
from salesdesk.domain.org import ALLOWED_ROLES, Role, parse_role, split_unit_path
from salesdesk.services.staff import StaffEdit, StaffRow, StaffService, UnitNode
from salesdesk.ui.delegates import parse_date_value, parse_money_value
from salesdesk.ui.undo import IdAliases, RefusalMemory, Reporter

AnyIndex = QModelIndex | QPersistentModelIndex

# Native values (date, Decimal, str) for sorting; the proxy compares them in Python.
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
# The staff id of a row.
STAFF_ID_ROLE = Qt.ItemDataRole.UserRole + 2

COL_CODE = 0
COL_NAME = 1
COL_ROLE = 2
COL_UNIT = 3
COL_MANAGER = 4
COL_HIRE_DATE = 5
COL_LEAVE_DATE = 6
COL_PAY_BASE = 7
COL_STATUS = 8


@dataclass(frozen=True)
class StaffColumn:
    """One column: the StaffRow/service field it shows, how it looks and whether it edits."""

    field: str
    kind: str  # text, role, unit, manager, date, money, status
    editable: bool
    width: int


COLUMNS: tuple[StaffColumn, ...] = (
    StaffColumn("code", "text", True, 68),
    StaffColumn("name", "text", True, 72),
    StaffColumn("role", "role", True, 96),
    StaffColumn("unit_id", "unit", True, 150),
    StaffColumn("manager_id", "manager", True, 96),
    StaffColumn("hire_date", "date", True, 88),
    StaffColumn("leave_date", "date", True, 88),
    StaffColumn("pay_base", "money", True, 96),
    StaffColumn("status", "status", False, 80),
)

READ_ONLY_BACKGROUND = QColor(242, 242, 242)
READ_ONLY_FOREGROUND = QColor(110, 110, 110)
LEFT_FOREGROUND = QColor(150, 150, 150)
REFUSED_BACKGROUND = QColor(255, 228, 225)


def role_label(role: Role) -> str:
    """A role's name in the interface language."""
    labels = {
        Role.REP: QCoreApplication.translate("Roles", "Sales rep"),
        Role.SUPERVISOR: QCoreApplication.translate("Roles", "Supervisor"),
        Role.SUPPORT: QCoreApplication.translate("Roles", "Sales support"),
        Role.DIRECTOR: QCoreApplication.translate("Roles", "Director"),
    }
    return labels[role]


def manager_label(code: str | None, name: str | None) -> str:
    return f"{code} {name}" if code else ""


class StaffTableModel(RefusalMemory, QAbstractTableModel):
    """All staff (also those who left; the proxy hides them). Implements the CellEditTarget
    protocol of `salesdesk.ui.undo`: a cell's key is `(staff_id, field)`."""

    # The result of an edit or the reason it was refused, for the status bar.
    status = Signal(str)

    COLUMNS: ClassVar[tuple[StaffColumn, ...]] = COLUMNS

    def __init__(self, service: StaffService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.undo_stack: QUndoStack | None = None
        self.aliases = IdAliases()
        self.reporter = Reporter(self)
        self.reporter.message.connect(self.status)
        self._rows: list[StaffRow] = []
        self._position: dict[int, int] = {}
        self._units: list[UnitNode] = []
        self._refused: dict[tuple[int, str], str] = {}

    # ---- loading

    def reload(self) -> None:
        """Re-read staff and units. When the same people are there in the same order the
        rows update in place, so the view keeps its selection and current cell."""
        rows = self.service.list_staff(include_left=True)
        self._units = self.service.list_units()
        if [r.id for r in rows] == [r.id for r in self._rows]:
            self._rows = rows
            if rows:
                self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, len(COLUMNS) - 1))
        else:
            self.beginResetModel()
            self._rows = rows
            self._position = {row.id: i for i, row in enumerate(rows)}
            self.endResetModel()
        self._position = {row.id: i for i, row in enumerate(rows)}
        self._refused = {key: why for key, why in self._refused.items() if key[0] in self._position}

    def units(self) -> list[UnitNode]:
        return list(self._units)

    def rows(self) -> list[StaffRow]:
        return list(self._rows)

    def row_at(self, row: int) -> StaffRow:
        return self._rows[row]

    def row_of(self, staff_id: int) -> int | None:
        return self._position.get(self.aliases.resolve(staff_id))

    def staff(self, staff_id: int) -> StaffRow | None:
        position = self.row_of(staff_id)
        return self._rows[position] if position is not None else None

    def refusal(self, staff_id: int, field: str) -> str | None:
        """Why the last edit of this cell was refused (None after a successful edit)."""
        return self._refused.get((self.aliases.resolve(staff_id), field))

    # ---- Qt model interface

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
                return self.headers()[section]
            if role == Qt.ItemDataRole.TextAlignmentRole and 0 <= section < len(COLUMNS):
                return self._alignment(COLUMNS[section])
            return None
        if role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self._rows):
            return str(section + 1)
        return None

    def headers(self) -> list[str]:
        return [
            self.tr("Code"),
            self.tr("Name"),
            self.tr("Role"),
            self.tr("Unit"),
            self.tr("Manager"),
            self.tr("Hire date"),
            self.tr("Leave date"),
            self.tr("Pay base"),
            self.tr("Status"),
        ]

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if COLUMNS[index.column()].editable:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.EditRole:
            return self._edit_value(row, column)
        if role == SORT_ROLE:
            return self._sort_value(row, column)
        if role == STAFF_ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self._alignment(column)
        if role == Qt.ItemDataRole.BackgroundRole:
            if (row.id, column.field) in self._refused:
                return QBrush(REFUSED_BACKGROUND)
            if not column.editable:
                return QBrush(READ_ONLY_BACKGROUND)
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.has_left:
                return QBrush(LEFT_FOREGROUND)
            if not column.editable:
                return QBrush(READ_ONLY_FOREGROUND)
            return None
        if role == Qt.ItemDataRole.FontRole and row.has_left and column.kind == "status":
            font = QFont()
            font.setItalic(True)
            return font
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Edit one cell the way typing does: checked and written by the service as one
        undo step. A refused value leaves the cell as it was and says why."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        column = COLUMNS[index.column()]
        if not column.editable:
            return False
        row = self._rows[index.row()]
        try:
            changed = self.edit_cells(
                [(self.index(index.row(), index.column()), value)],
                self.tr("Edit {label}").format(label=self.cell_label((row.id, column.field))),
            )
        except UserError:
            return False
        return changed >= 0  # 0: the same value again, accepted without an undo step

    def _refusal_cell(self, key: Hashable) -> Hashable:
        staff_id, field = self._split_key(key)
        return (self.aliases.resolve(staff_id), field)

    def _refusal_index(self, cell: tuple[int, str]) -> QModelIndex:
        position = self._position.get(cell[0])
        if position is None:
            return QModelIndex()
        column = next(i for i, c in enumerate(COLUMNS) if c.field == cell[1])
        return self.index(position, column)

    # ---- CellEditTarget protocol

    def cell_key(self, index: QModelIndex) -> Hashable | None:
        if not index.isValid() or index.model() is not self:
            return None
        column = COLUMNS[index.column()]
        if not column.editable:
            return None
        return (self._rows[index.row()].id, column.field)

    def cell_value(self, key: Hashable) -> Any:
        staff_id, field = self._split_key(key)
        row = self.staff(staff_id) or self.service.get(self.aliases.resolve(staff_id))
        return getattr(row, field)

    def cell_label(self, key: Hashable) -> str:
        staff_id, field = self._split_key(key)
        row = self.staff(staff_id)
        position = next(i for i, c in enumerate(COLUMNS) if c.field == field)
        code = row.code if row is not None else "?"
        return f"{code} {self.headers()[position]}"

    def parse_cell(self, key: Hashable, value: Any) -> Any:
        staff_id, field = self._split_key(key)
        kind = next(c.kind for c in COLUMNS if c.field == field)
        if kind == "text":
            return "" if value is None else str(value).strip()
        if kind == "role":
            if isinstance(value, Role):
                return value
            if value is None or not str(value).strip():
                raise ValidationError.single(self.tr("role is required"), allowed=ALLOWED_ROLES)
            return parse_role(str(value))
        if kind == "unit":
            return self._parse_unit(value)
        if kind == "manager":
            return self._parse_manager(staff_id, value)
        if kind == "date":
            return parse_date_value(value)
        if kind == "money":
            amount = parse_money_value(value)
            if amount is None:
                raise ValidationError.single(
                    self.tr("pay base is required"), allowed=self.tr("an amount ≥ 0, such as 3,000")
                )
            return amount
        raise ValidationError.single(self.tr("this column cannot be edited"))

    def write_cells(self, values: Mapping[Hashable, Any]) -> None:
        """Write through StaffService.apply_edits (all or nothing) with the versions the
        model holds now; a stale row reloads and says "changed elsewhere — reloaded"."""
        changes: dict[int, dict[str, Any]] = {}
        for key, value in values.items():
            staff_id, field = self._split_key(key)
            changes.setdefault(self.aliases.resolve(staff_id), {})[field] = value
        edits = []
        for staff_id, fields in changes.items():
            row = self.staff(staff_id)
            version = row.version if row is not None else self.service.get(staff_id).version
            edits.append(StaffEdit(staff_id, version, fields))
        try:
            updated = self.service.apply_edits(edits)
        except StaleEditError:
            self.reload()
            raise
        touched = {field for fields in changes.values() for field in fields}
        if touched & {"code", "name", "unit_id"}:
            # Codes, names and paths show in other people's rows (manager, unit) too.
            self.reload()
        else:
            self._replace_rows(updated)

    # ---- helpers

    def _split_key(self, key: Hashable) -> tuple[int, str]:
        assert isinstance(key, tuple) and len(key) == 2
        staff_id, field = key
        return int(staff_id), str(field)

    def _replace_rows(self, rows: Iterable[StaffRow]) -> None:
        for row in rows:
            position = self._position.get(row.id)
            if position is None:
                continue
            self._rows[position] = row
            self.dataChanged.emit(self.index(position, 0), self.index(position, len(COLUMNS) - 1))

    def _parse_unit(self, value: Any) -> int:
        if isinstance(value, int) and any(u.id == value for u in self._units):
            return value
        text = "" if value is None else str(value).strip()
        allowed = self.tr("an existing unit, such as {path}").format(
            path=self._units[-1].path if self._units else "销售部/华东区"
        )
        if not text:
            raise ValidationError.single(self.tr("unit is required"), allowed=allowed)
        try:
            wanted = "/".join(split_unit_path(text))
        except ValidationError:
            wanted = text
        exact = [u for u in self._units if u.path == wanted]
        if exact:
            return exact[0].id
        by_name = [u for u in self._units if u.name == text]
        if len(by_name) == 1:
            return by_name[0].id
        raise ValidationError.single(self.tr("no such unit: {v}").format(v=text), allowed=allowed)

    def _parse_manager(self, staff_id: int, value: Any) -> int | None:
        if value is None:
            return None
        if isinstance(value, int):
            if self.staff(value) is None:
                raise ValidationError.single(self.tr("no such manager"))
            return self.aliases.resolve(value)
        text = str(value).strip()
        if not text:
            return None
        allowed = self.tr("a staff code such as S0012, or empty for none")
        code = text.split()[0]
        for row in self._rows:
            if row.code == code or row.code == text:
                return row.id
        by_name = [row for row in self._rows if row.name == text]
        if len(by_name) == 1:
            return by_name[0].id
        if len(by_name) > 1:
            raise ValidationError.single(
                self.tr("{v} names more than one person").format(v=text), allowed=allowed
            )
        raise ValidationError.single(
            self.tr("no such staff member: {v}").format(v=text), allowed=allowed
        )

    def _status_text(self, row: StaffRow) -> str:
        if row.leave_date is None:
            return self.tr("Active")
        if row.has_left:
            return self.tr("Left")
        return self.tr("Leaving {date}").format(date=row.leave_date.isoformat())

    def _display(self, row: StaffRow, column: StaffColumn) -> str:
        if column.kind == "status":
            return self._status_text(row)
        value = getattr(row, column.field)
        if column.kind == "role":
            return role_label(value)
        if column.kind == "unit":
            return row.unit_path
        if column.kind == "manager":
            return manager_label(row.manager_code, row.manager_name)
        if column.kind == "date":
            return value.isoformat() if value is not None else ""
        if column.kind == "money":
            return format_money(value)
        return str(value)

    def _edit_value(self, row: StaffRow, column: StaffColumn) -> Any:
        if column.kind == "status":
            return self._status_text(row)
        value = getattr(row, column.field)
        if column.kind == "role":
            return value.value
        return value

    def _sort_value(self, row: StaffRow, column: StaffColumn) -> Any:
        if column.kind == "status":
            return (row.has_left, row.leave_date or date.max)
        if column.kind == "role":
            return list(Role).index(row.role)
        if column.kind == "unit":
            return row.unit_path
        if column.kind == "manager":
            return row.manager_code or ""
        value = getattr(row, column.field)
        if isinstance(value, str):
            return value.casefold()
        return value

    def _tooltip(self, row: StaffRow, column: StaffColumn) -> str | None:
        refused = self._refused.get((row.id, column.field))
        if refused:
            return refused
        if column.kind == "unit":
            return row.unit_path
        if column.kind == "manager" and row.manager_code:
            return manager_label(row.manager_code, row.manager_name)
        if column.kind == "status" and row.leave_date is not None:
            return self.tr("Leave date: {date}").format(date=row.leave_date.isoformat())
        return None

    def _alignment(self, column: StaffColumn) -> int:
        if column.kind == "money":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if column.kind in ("date", "status"):
            return int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter)
        return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


class StaffFilterProxy(QSortFilterProxyModel):
    """Narrows the staff table to a set of units, hides people who left (unless asked) and
    matches search words against code, name, unit and manager; sorts by native values."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._units: frozenset[int] | None = None
        self._show_left = False
        self._words: tuple[str, ...] = ()
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)

    def set_units(self, unit_ids: Iterable[int] | None) -> None:
        """Show only people in these units (None: everyone)."""
        self.beginFilterChange()
        self._units = frozenset(unit_ids) if unit_ids is not None else None
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_show_left(self, show: bool) -> None:
        self.beginFilterChange()
        self._show_left = show
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def show_left(self) -> bool:
        return self._show_left

    def set_search(self, text: str) -> None:
        """Every word must match somewhere in code, name, unit path or manager."""
        self.beginFilterChange()
        self._words = tuple(word.casefold() for word in text.split())
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def staff_model(self) -> StaffTableModel:
        model = self.sourceModel()
        assert isinstance(model, StaffTableModel)
        return model

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        if not isinstance(model, StaffTableModel) or source_row >= model.rowCount():
            return True
        row = model.row_at(source_row)
        if not self._show_left and row.has_left:
            return False
        if self._units is not None and row.unit_id not in self._units:
            return False
        if self._words:
            haystack = " ".join(
                (row.code, row.name, row.unit_path, row.manager_code or "", row.manager_name or "")
            ).casefold()
            return all(word in haystack for word in self._words)
        return True

    def lessThan(self, source_left: AnyIndex, source_right: AnyIndex) -> bool:
        left = source_left.data(SORT_ROLE)
        right = source_right.data(SORT_ROLE)
        # Empty values (no leave date) sort after every real one, as Excel does.
        if left is None or right is None:
            return left is not None and right is None
        try:
            return bool(left < right)
        except TypeError:
            return str(left) < str(right)


__all__ = [
    "COLUMNS",
    "COL_CODE",
    "COL_HIRE_DATE",
    "COL_LEAVE_DATE",
    "COL_MANAGER",
    "COL_NAME",
    "COL_PAY_BASE",
    "COL_ROLE",
    "COL_STATUS",
    "COL_UNIT",
    "SORT_ROLE",
    "STAFF_ID_ROLE",
    "StaffColumn",
    "StaffFilterProxy",
    "StaffTableModel",
    "manager_label",
    "role_label",
]
