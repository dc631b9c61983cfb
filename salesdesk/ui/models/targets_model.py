"""The targets grid: a lazy table model over one TargetGrid (units with their people, 12
months, 4 quarters, the year and the unit gap), edited through TargetsService and the
page's undo stack, and the proxy that filters it by search words.

`data()` reads from the rows loaded once per grid; nothing is queried per cell. An edit
patches the changed rows (`TargetGrid.with_changes`) instead of reloading the grid.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QUndoStack

from salesdesk.domain.decimals import parse_decimal
from salesdesk.domain.errors import StaleEditError, UserError, ValidationError
from salesdesk.domain.metrics import MetricUnit
from salesdesk.services.targets import (
    SLOTS,
    YEAR_SLOT,
    GridRow,
    MetricInfo,
    Subject,
    SubjectKind,
    TargetChange,
    TargetEdit,
    TargetGrid,
    TargetsService,
    slot_months,
    slot_period,
)
from salesdesk.ui.undo import RefusalMemory, Reporter

AnyIndex = QModelIndex | QPersistentModelIndex

COL_CODE = 0
COL_NAME = 1
COL_FIRST_SLOT = 2
COL_YEAR = COL_FIRST_SLOT + YEAR_SLOT
COL_GAP = COL_FIRST_SLOT + SLOTS
COLUMN_COUNT = COL_GAP + 1

# The subject (Subject) of a row, and the native Decimal of a cell.
SUBJECT_ROLE = Qt.ItemDataRole.UserRole + 1
VALUE_ROLE = Qt.ItemDataRole.UserRole + 2

UNIT_BACKGROUND = QColor(232, 236, 241)
TOTAL_BACKGROUND = QColor(245, 246, 248)
REFUSED_BACKGROUND = QColor(255, 228, 225)
INHERITED_FOREGROUND = QColor(130, 130, 130)
GAP_FOREGROUND = QColor(192, 0, 0)
LEFT_FOREGROUND = QColor(150, 150, 150)

RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

CellKey = tuple[SubjectKind, int, int]


def slot_of_column(column: int) -> int | None:
    slot = column - COL_FIRST_SLOT
    return slot if 0 <= slot < SLOTS else None


def format_value(value: Decimal | None, metric: MetricInfo) -> str:
    """A target as the grid shows it: thousands separators; money 2 decimals; percent 1
    decimal with %; counts whole (a level of a count may have decimals)."""
    if value is None:
        return ""
    if metric.unit is MetricUnit.PERCENT:
        return f"{value * 100:,.1f}%"
    if metric.unit is MetricUnit.COUNT and metric.is_sum:
        return f"{value:,.0f}"
    if metric.unit is MetricUnit.POINTS:
        return f"{value:,.1f}"
    return f"{value:,.2f}"


def edit_text(value: Decimal | None, metric: MetricInfo) -> str:
    """What the cell editor starts with: the plain number (a percent in points)."""
    if value is None:
        return ""
    if metric.unit is MetricUnit.PERCENT:
        return format((value * 100).normalize(), "f")
    return format(value, "f")


@dataclass(frozen=True, eq=False)
class SplitValue:
    """The value of a quarter or year cell of a `sum` metric as undo remembers it: the
    total, and the exact months it was made of, so undo puts the months back to the cent
    rather than re-splitting. Equal to a plain total of the same amount."""

    total: Decimal | None
    months: tuple[Decimal | None, ...]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, SplitValue):
            return self.months == other.months
        return self.total == other

    def __hash__(self) -> int:
        return hash(self.months)


class TargetsModel(RefusalMemory, QAbstractTableModel):
    """The rows of one TargetGrid. Implements the CellEditTarget protocol of
    `salesdesk.ui.undo`: a cell's key is `(subject kind, subject id, slot)`."""

    # The result of an edit or the reason it was refused, for the status bar.
    status = Signal(str)
    # Emitted after the grid changed (loaded, or edited): the page refreshes its panels.
    grid_changed = Signal()

    def __init__(self, service: TargetsService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.undo_stack: QUndoStack | None = None
        self.reporter = Reporter(self)
        self.reporter.message.connect(self.status)
        self._grid: TargetGrid | None = None
        self._rows: tuple[GridRow, ...] = ()
        self._position: dict[tuple[SubjectKind, int], int] = {}
        self._refused: dict[CellKey, str] = {}
        self._loader: Callable[[], TargetGrid] | None = None

    # ---- loading

    def set_loader(self, loader: Callable[[], TargetGrid]) -> None:
        """How `reload()` fetches the grid (the page's year, metric, dimension, level)."""
        self._loader = loader

    def reload(self) -> None:
        if self._loader is not None:
            self.set_grid(self._loader())

    def set_grid(self, grid: TargetGrid) -> None:
        """Show a freshly loaded grid."""
        self.beginResetModel()
        self._grid = grid
        self._rows = grid.rows
        self._position = {(r.kind, r.id): i for i, r in enumerate(grid.rows)}
        self._refused.clear()
        self.endResetModel()
        self.grid_changed.emit()

    def grid(self) -> TargetGrid | None:
        return self._grid

    def metric(self) -> MetricInfo | None:
        return self._grid.metric if self._grid is not None else None

    def row_at(self, row: int) -> GridRow:
        return self._rows[row]

    def row_of(self, subject: Subject) -> int | None:
        return self._position.get((subject.kind, subject.id))

    def apply_changes(self, changes: Sequence[TargetChange]) -> None:
        """Patch the rows that `changes` touched (and the unit subtotals)."""
        if self._grid is None or not changes:
            return
        try:
            grid, touched = self._grid.with_changes(changes)
        except KeyError:
            self.reload()
            return
        self._grid = grid
        self._rows = grid.rows
        for position in touched:
            self.dataChanged.emit(self.index(position, 0), self.index(position, COLUMN_COUNT - 1))
        self.grid_changed.emit()

    # ---- Qt model interface

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def headers(self) -> list[str]:
        return [
            self.tr("Code / unit"),
            self.tr("Name"),
            self.tr("Jan"),
            self.tr("Feb"),
            self.tr("Mar"),
            self.tr("Apr"),
            self.tr("May"),
            self.tr("Jun"),
            self.tr("Jul"),
            self.tr("Aug"),
            self.tr("Sep"),
            self.tr("Oct"),
            self.tr("Nov"),
            self.tr("Dec"),
            self.tr("Q1"),
            self.tr("Q2"),
            self.tr("Q3"),
            self.tr("Q4"),
            self.tr("Year"),
            self.tr("Gap"),
        ]

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < COLUMN_COUNT:
            if role == Qt.ItemDataRole.DisplayRole:
                return self.headers()[section]
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return LEFT if section <= COL_NAME else RIGHT
            if role == Qt.ItemDataRole.ToolTipRole and section == COL_GAP:
                return self.tr("Assigned year target − sum of the members' targets")
            return None
        if (
            orientation == Qt.Orientation.Vertical
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._rows)
        ):
            return str(section + 1)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self._editable(index.row(), index.column()):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def _editable(self, row: int, column: int) -> bool:
        return slot_of_column(column) is not None and self._rows[row].editable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._grid is None:
            return None
        position, column = index.row(), index.column()
        if not 0 <= position < len(self._rows):
            return None
        row = self._rows[position]
        metric = self._grid.metric
        slot = slot_of_column(column)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COL_CODE:
                return row.code
            if column == COL_NAME:
                return "" if row.is_unit else row.name
            if slot is not None:
                return format_value(row.values[slot], metric)
            return format_value(self._gap(row), metric) if row.is_unit else ""
        if role == Qt.ItemDataRole.EditRole:
            if slot is not None:
                return edit_text(row.values[slot], metric)
            return self.data(index, Qt.ItemDataRole.DisplayRole)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return LEFT if column <= COL_NAME else RIGHT
        if role == Qt.ItemDataRole.FontRole:
            if row.is_unit or (slot is not None and row.inherited[slot]) or column == COL_YEAR:
                font = QFont()
                font.setBold(row.is_unit or column == COL_YEAR)
                font.setItalic(slot is not None and row.inherited[slot])
                return font
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            if slot is not None and (row.kind, row.id, slot) in self._refused:
                return QBrush(REFUSED_BACKGROUND)
            if row.is_unit:
                return QBrush(UNIT_BACKGROUND)
            if slot is not None and slot >= 12:
                return QBrush(TOTAL_BACKGROUND)
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == COL_GAP:
                gap = self._gap(row)
                return QBrush(GAP_FOREGROUND) if gap is not None and gap != 0 else None
            if slot is not None and row.inherited[slot]:
                return QBrush(INHERITED_FOREGROUND)
            if row.has_left:
                return QBrush(LEFT_FOREGROUND)
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, slot, column)
        if role == SUBJECT_ROLE:
            return row.subject
        if role == VALUE_ROLE:
            return row.values[slot] if slot is not None else None
        return None

    def _gap(self, row: GridRow) -> Decimal | None:
        return row.gap[YEAR_SLOT] if row.gap else None

    def _tooltip(self, row: GridRow, slot: int | None, column: int) -> str | None:
        if self._grid is None:
            return None
        metric = self._grid.metric
        if slot is not None:
            refused = self._refused.get((row.kind, row.id, slot))
            if refused:
                return refused
            if row.inherited[slot]:
                return self.tr("Level inherited from the quarter or the year")
            if row.is_unit and row.members and metric.is_sum:
                return self.tr("Assigned {a} · members {m} · gap {g}").format(
                    a=format_value(row.own[slot] if slot < 12 else _sum(row, slot), metric) or "—",
                    m=format_value(row.members[slot], metric) or "—",
                    g=format_value(row.gap[slot], metric) or "—",
                )
        if column == COL_GAP and row.is_unit:
            return self.tr("Assigned year target − sum of the members' targets")
        if column == COL_CODE and not row.is_unit and row.has_left:
            return self.tr("Left on {date}").format(
                date=row.leave_date.isoformat() if row.leave_date else ""
            )
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Edit one cell the way typing does: checked and written by the service as one
        undo step. A refused value leaves the cell as it was and says why."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        if not self._editable(index.row(), index.column()):
            return False
        key = self.cell_key(self.index(index.row(), index.column()))
        if key is None:
            return False
        try:
            self.edit_cells(
                [(self.index(index.row(), index.column()), value)],
                self.tr("Edit {label}").format(label=self.cell_label(key)),
            )
        except UserError:
            return False
        return True

    def _refusal_cell(self, key: Hashable) -> Hashable:
        return self._split_key(key)

    def _refusal_index(self, cell: CellKey) -> QModelIndex:
        position = self._position.get((cell[0], cell[1]))
        if position is None:
            return QModelIndex()
        return self.index(position, COL_FIRST_SLOT + cell[2])

    # ---- CellEditTarget protocol

    def cell_key(self, index: QModelIndex) -> Hashable | None:
        if not index.isValid() or index.model() is not self:
            return None
        slot = slot_of_column(index.column())
        if slot is None or not self._rows[index.row()].editable:
            return None
        row = self._rows[index.row()]
        return (row.kind, row.id, slot)

    def cell_value(self, key: Hashable) -> Any:
        kind, subject_id, slot = self._split_key(key)
        position = self._position.get((kind, subject_id))
        if position is None:
            return None
        row = self._rows[position]
        metric = self.metric()
        if metric is not None and metric.is_sum and slot >= 12:
            return SplitValue(row.values[slot], tuple(row.own[m] for m in slot_months(slot)))
        return row.own[slot]

    def cell_label(self, key: Hashable) -> str:
        kind, subject_id, slot = self._split_key(key)
        position = self._position.get((kind, subject_id))
        who = self._rows[position].code if position is not None else "?"
        return f"{who} {self.headers()[COL_FIRST_SLOT + slot]}"

    def parse_cell(self, key: Hashable, value: Any) -> Any:
        metric = self.metric()
        if isinstance(value, SplitValue) or value is None:
            return value
        if isinstance(value, Decimal):
            return value
        if isinstance(value, int | float):
            value = str(value)
        text = str(value).strip().replace("％", "%")
        if not text:
            return None
        percent = metric is not None and metric.unit is MetricUnit.PERCENT
        allowed = (
            self.tr("a percent ≥ 0, such as 95 or 95%")
            if percent
            else self.tr("a number ≥ 0, such as 1,234.50")
        )
        had_sign = text.endswith("%")
        if had_sign:
            if not percent:
                raise ValidationError.single(
                    self.tr("this metric is not a percent: {v}").format(v=text),
                    allowed=allowed,
                )
            text = text[:-1]
        try:
            number = parse_decimal(text)
        except (ValueError, InvalidOperation):
            raise ValidationError.single(
                self.tr("not a number: {v}").format(v=str(value).strip()), allowed=allowed
            ) from None
        if number < 0:
            raise ValidationError.single(
                self.tr("a target cannot be negative: {v}").format(v=str(value).strip()),
                allowed=allowed,
            )
        # A percent cell shows percent points: 95 and 95% both mean 0.95.
        return number / 100 if percent else number

    def write_cells(self, values: Mapping[Hashable, Any]) -> None:
        """Write through TargetsService.set_values (all or nothing) with the versions the
        model holds now; a stale row reloads and says "changed elsewhere — reloaded"."""
        grid = self._grid
        if grid is None:
            return
        edits: list[TargetEdit] = []
        for key, value in values.items():
            kind, subject_id, slot = self._split_key(key)
            subject = Subject(kind, subject_id)
            position = self._position.get((kind, subject_id))
            row = self._rows[position] if position is not None else None
            if isinstance(value, SplitValue):
                for month, month_value in zip(slot_months(slot), value.months, strict=True):
                    code = slot_period(grid.year, month).code
                    versions = {code: row.versions[month]} if row is not None else None
                    edits.append(TargetEdit(subject, code, month_value, versions))
                continue
            period = slot_period(grid.year, slot)
            covered = slot_months(slot) if grid.metric.is_sum else [slot]
            versions = (
                {slot_period(grid.year, s).code: row.versions[s] for s in covered}
                if row is not None
                else None
            )
            edits.append(TargetEdit(subject, period.code, value, versions))
        try:
            changes = self.service.set_values(grid.metric.code, edits, dimension=grid.dimension)
        except StaleEditError:
            self.reload()
            raise
        self.apply_changes(changes)

    # ---- helpers

    def _split_key(self, key: Hashable) -> CellKey:
        assert isinstance(key, tuple) and len(key) == 3
        kind, subject_id, slot = key
        return SubjectKind(kind), int(subject_id), int(slot)


def _sum(row: GridRow, slot: int) -> Decimal | None:
    present = [v for m in slot_months(slot) if (v := row.own[m]) is not None]
    return sum(present, Decimal(0)) if present else None


class TargetsFilterProxy(QSortFilterProxyModel):
    """Narrows the grid to rows whose code, name or unit path hold every search word (a
    unit row stays while any of its people match, so the grouping keeps its headers)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: tuple[str, ...] = ()
        self._unit_hits: set[int] = set()

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self._words = tuple(word.casefold() for word in text.split())
        self._unit_hits = self._matching_units()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def _model(self) -> TargetsModel | None:
        model = self.sourceModel()
        return model if isinstance(model, TargetsModel) else None

    def _matches(self, row: GridRow, path: str) -> bool:
        haystack = f"{row.code} {row.name} {path}".casefold()
        return all(word in haystack for word in self._words)

    def _matching_units(self) -> set[int]:
        model = self._model()
        if model is None or not self._words:
            return set()
        paths = {
            r.id: r.code for r in (model.row_at(i) for i in range(model.rowCount())) if r.is_unit
        }
        hits: set[int] = set()
        for i in range(model.rowCount()):
            row = model.row_at(i)
            if not row.is_unit and self._matches(row, paths.get(row.unit_id, "")):
                hits.add(row.unit_id)
        return hits

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self._model()
        if model is None or not self._words or source_row >= model.rowCount():
            return True
        row = model.row_at(source_row)
        if row.is_unit:
            return row.id in self._unit_hits or self._matches(row, row.code)
        unit_rows = model.grid()
        path = ""
        if unit_rows is not None:
            position = model.row_of(Subject.unit(row.unit_id))
            path = model.row_at(position).code if position is not None else ""
        return self._matches(row, path)


__all__ = [
    "COLUMN_COUNT",
    "COL_CODE",
    "COL_FIRST_SLOT",
    "COL_GAP",
    "COL_NAME",
    "COL_YEAR",
    "SUBJECT_ROLE",
    "VALUE_ROLE",
    "SplitValue",
    "TargetsFilterProxy",
    "TargetsModel",
    "edit_text",
    "format_value",
    "slot_of_column",
]
