"""The manual metric grid: units and people × 1月…12月 (editable) with Q1…Q4 and 全年
(read-only, computed by the metric's aggregation). Edits go through ManualMetricsService
and the undo stack; the proxy and the number formats are shared by the Actuals page's
other tables."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from decimal import Decimal
from typing import Any

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

from salesdesk.domain.decimals import round_half_up
from salesdesk.domain.errors import StaleEditError, UserError, ValidationError
from salesdesk.domain.metrics import Aggregation, MetricUnit
from salesdesk.services.manual_metrics import (
    ManualEdit,
    ManualGrid,
    ManualMetric,
    ManualMetricsService,
    ManualRow,
    Subject,
    month_code,
    parse_manual_value,
)
from salesdesk.ui.undo import RefusalMemory, Reporter

AnyIndex = QModelIndex | QPersistentModelIndex

# Native values for sorting (Decimal, str); None sorts last.
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
# The row's Subject (staff or unit).
SUBJECT_ROLE = Qt.ItemDataRole.UserRole + 2

COL_CODE = 0
COL_NAME = 1
COL_FIRST_MONTH = 2  # 1月 … 12月: columns 2–13
COL_FIRST_QUARTER = 14  # Q1 … Q4: columns 14–17
COL_YEAR = 18
COLUMN_COUNT = 19

READ_ONLY_BACKGROUND = QColor(242, 242, 242)
READ_ONLY_FOREGROUND = QColor(90, 90, 90)
UNIT_BACKGROUND = QColor(232, 240, 250)
LEFT_FOREGROUND = QColor(150, 150, 150)
REFUSED_BACKGROUND = QColor(255, 228, 225)
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


# --------------------------------------------------------------------------- shared helpers


def month_headers() -> list[str]:
    """`1月`…`12月` in Chinese, `Jan`…`Dec` in English."""
    return [
        QCoreApplication.translate("Periods", "Jan"),
        QCoreApplication.translate("Periods", "Feb"),
        QCoreApplication.translate("Periods", "Mar"),
        QCoreApplication.translate("Periods", "Apr"),
        QCoreApplication.translate("Periods", "May"),
        QCoreApplication.translate("Periods", "Jun"),
        QCoreApplication.translate("Periods", "Jul"),
        QCoreApplication.translate("Periods", "Aug"),
        QCoreApplication.translate("Periods", "Sep"),
        QCoreApplication.translate("Periods", "Oct"),
        QCoreApplication.translate("Periods", "Nov"),
        QCoreApplication.translate("Periods", "Dec"),
    ]


def period_headers() -> list[str]:
    """The 12 months, `Q1`…`Q4` and `全年` / `Year`."""
    return [
        *month_headers(),
        "Q1",
        "Q2",
        "Q3",
        "Q4",
        QCoreApplication.translate("Periods", "Year"),
    ]


def format_value(unit: MetricUnit, value: Decimal | None) -> str:
    """A metric value as the grids show it: thousands separators; money 2 decimals,
    percent (a fraction) 1 decimal with %, points 1 decimal, whole counts without."""
    if value is None:
        return ""
    if unit is MetricUnit.MONEY:
        return f"{round_half_up(value, 2):,.2f}"
    if unit is MetricUnit.PERCENT:
        return f"{round_half_up(value * 100, 1):,.1f}%"
    if unit is MetricUnit.POINTS:
        return f"{round_half_up(value, 1):,.1f}"
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{round_half_up(value, 2):,.2f}"


def edit_text(unit: MetricUnit, value: Decimal | None) -> str:
    """The exact value as the cell editor starts with it (`95%`, `1234.50`, `12`)."""
    if value is None:
        return ""
    if unit is MetricUnit.PERCENT:
        return f"{(value * 100).normalize():f}%"
    if unit is MetricUnit.MONEY:
        return f"{value:.2f}"
    return f"{value.normalize():f}"


def aggregation_label(aggregation: Aggregation) -> str:
    labels = {
        Aggregation.SUM: QCoreApplication.translate(
            "ManualMetricsModel", "computed: the sum of the months"
        ),
        Aggregation.LAST: QCoreApplication.translate(
            "ManualMetricsModel", "computed: the last month with a value"
        ),
        Aggregation.MEAN: QCoreApplication.translate(
            "ManualMetricsModel", "computed: the average of the months with a value"
        ),
        Aggregation.RATIO: QCoreApplication.translate(
            "ManualMetricsModel", "computed: the ratio of the sums of the months"
        ),
    }
    return labels[aggregation]


class GridProxy(QSortFilterProxyModel):
    """Sorts by native values (empty cells last in either order, as Excel does) and keeps
    the rows whose search text (the source model's `search_text(row)`) holds every word."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: tuple[str, ...] = ()
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(False)

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self._words = tuple(word.casefold() for word in text.split())
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def search_words(self) -> tuple[str, ...]:
        return self._words

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        if not self._words:
            return True
        model = self.sourceModel()
        search_text = getattr(model, "search_text", None)
        if model is None or not callable(search_text) or source_row >= model.rowCount():
            return True
        haystack = str(search_text(source_row)).casefold()
        return all(word in haystack for word in self._words)

    def lessThan(self, source_left: AnyIndex, source_right: AnyIndex) -> bool:
        left = source_left.data(SORT_ROLE)
        right = source_right.data(SORT_ROLE)
        if left is None or right is None:
            # Empty cells go to the end in either direction (Qt reverses for descending).
            if self.sortOrder() == Qt.SortOrder.AscendingOrder:
                return left is not None and right is None
            return left is None and right is not None
        try:
            return bool(left < right)
        except TypeError:
            return str(left) < str(right)


# --------------------------------------------------------------------------- the model


class ManualMetricsModel(RefusalMemory, QAbstractTableModel):
    """The rows of a ManualGrid, formatted on demand (nothing per cell is kept, so 10,000
    people × 12 months stay light). Implements the CellEditTarget protocol of
    `salesdesk.ui.undo`: a cell's key is `(kind, subject id, month)`."""

    # The result of an edit or the reason it was refused, for the status bar.
    status = Signal(str)

    def __init__(self, service: ManualMetricsService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.undo_stack: QUndoStack | None = None
        self.reporter = Reporter(self)
        self.reporter.message.connect(self.status)
        self._grid: ManualGrid | None = None
        self._rows: list[ManualRow] = []
        self._position: dict[Subject, int] = {}
        self._refused: dict[tuple[str, int, int], str] = {}
        self._include_left = False

    # ---- loading

    @property
    def metric(self) -> ManualMetric | None:
        return self._grid.metric if self._grid is not None else None

    @property
    def year(self) -> int | None:
        return self._grid.year if self._grid is not None else None

    def load(self, metric_code: str, year: int, *, include_left: bool | None = None) -> None:
        """Show `metric_code` for `year` (read through the service)."""
        if include_left is not None:
            self._include_left = include_left
        self.set_grid(self.service.grid(metric_code, year, include_left=self._include_left))

    def reload(self) -> None:
        if self._grid is not None:
            self.load(self._grid.metric.code, self._grid.year)

    def set_grid(self, grid: ManualGrid) -> None:
        """Show a grid read elsewhere (e.g. in the background). Rows stay in place when the
        same subjects come back, so the view keeps its selection."""
        same_shape = (
            self._grid is not None
            and self._grid.metric.code == grid.metric.code
            and self._grid.year == grid.year
            and [r.subject for r in grid.rows] == [r.subject for r in self._rows]
        )
        if same_shape:
            self._grid = grid
            self._rows = list(grid.rows)
            if self._rows:
                self.dataChanged.emit(
                    self.index(0, 0), self.index(len(self._rows) - 1, COLUMN_COUNT - 1)
                )
        else:
            self.beginResetModel()
            self._grid = grid
            self._rows = list(grid.rows)
            self._position = {row.subject: i for i, row in enumerate(self._rows)}
            self._refused = {}
            self.endResetModel()

    def rows(self) -> list[ManualRow]:
        return list(self._rows)

    def row_at(self, row: int) -> ManualRow:
        return self._rows[row]

    def row_of(self, subject: Subject) -> int | None:
        return self._position.get(subject)

    def search_text(self, row: int) -> str:
        item = self._rows[row]
        return f"{item.code} {item.name} {item.unit_path}"

    def refusal(self, subject: Subject, month: int) -> str | None:
        return self._refused.get((subject.kind, subject.id, month))

    # ---- Qt model interface

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def headers(self) -> list[str]:
        return [self.tr("Code / unit"), self.tr("Name"), *period_headers()]

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < COLUMN_COUNT:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return LEFT if section <= COL_NAME else RIGHT
        if role == Qt.ItemDataRole.ToolTipRole and section >= COL_FIRST_QUARTER and self.metric:
            return aggregation_label(self.metric.aggregation)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if COL_FIRST_MONTH <= index.column() < COL_FIRST_QUARTER:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def _value(self, row: ManualRow, column: int) -> Decimal | None:
        if COL_FIRST_MONTH <= column < COL_FIRST_QUARTER:
            return row.months[column - COL_FIRST_MONTH]
        if COL_FIRST_QUARTER <= column < COL_YEAR:
            return row.quarters[column - COL_FIRST_QUARTER]
        return row.year

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows) or self._grid is None:
            return None
        row = self._rows[index.row()]
        column = index.column()
        unit = self._grid.metric.unit
        numeric = column >= COL_FIRST_MONTH
        editable = COL_FIRST_MONTH <= column < COL_FIRST_QUARTER
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COL_CODE:
                return row.code
            if column == COL_NAME:
                return row.name
            return format_value(unit, self._value(row, column))
        if role == Qt.ItemDataRole.EditRole:
            if numeric:
                return edit_text(unit, self._value(row, column))
            return row.code if column == COL_CODE else row.name
        if role == SORT_ROLE:
            if column == COL_CODE:
                return row.code.casefold()
            if column == COL_NAME:
                return row.name.casefold()
            return self._value(row, column)
        if role == SUBJECT_ROLE:
            return row.subject
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if numeric else LEFT
        if role == Qt.ItemDataRole.BackgroundRole:
            if editable and self._refused_at(row, column) is not None:
                return QBrush(REFUSED_BACKGROUND)
            if not editable and numeric:
                return QBrush(READ_ONLY_BACKGROUND)
            if row.is_unit:
                return QBrush(UNIT_BACKGROUND)
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.left:
                return QBrush(LEFT_FOREGROUND)
            if numeric and not editable:
                return QBrush(READ_ONLY_FOREGROUND)
            return None
        if role == Qt.ItemDataRole.FontRole and (row.is_unit or column == COL_YEAR):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        return None

    def _refused_at(self, row: ManualRow, column: int) -> str | None:
        month = column - COL_FIRST_MONTH + 1
        return self._refused.get((row.subject.kind, row.subject.id, month))

    def _tooltip(self, row: ManualRow, column: int) -> str | None:
        if COL_FIRST_MONTH <= column < COL_FIRST_QUARTER:
            return self._refused_at(row, column)
        if column >= COL_FIRST_QUARTER and self._grid is not None:
            return aggregation_label(self._grid.metric.aggregation)
        if column == COL_CODE and row.is_unit:
            return self.tr("The value entered for the unit itself")
        if column == COL_NAME and not row.is_unit:
            return row.unit_path
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Edit one cell the way typing does: checked and written by the service as one
        undo step. A refused value leaves the cell as it was and says why."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        source = self.index(index.row(), index.column())
        key = self.cell_key(source)
        if key is None:
            return False
        try:
            changed = self.edit_cells(
                [(source, value)], self.tr("Edit {label}").format(label=self.cell_label(key))
            )
        except UserError:
            return False
        return changed >= 0

    def _refusal_cell(self, key: Hashable) -> Hashable:
        subject, month = self._split_key(key)
        return (subject.kind, subject.id, month)

    def _refusal_index(self, cell: tuple[str, int, int]) -> QModelIndex:
        subject, month = self._split_key(cell)
        position = self._position.get(subject)
        if position is None:
            return QModelIndex()
        return self.index(position, COL_FIRST_MONTH + month - 1)

    # ---- CellEditTarget protocol

    def cell_key(self, index: QModelIndex) -> Hashable | None:
        if not index.isValid() or index.model() is not self:
            return None
        if not COL_FIRST_MONTH <= index.column() < COL_FIRST_QUARTER:
            return None
        subject = self._rows[index.row()].subject
        return (subject.kind, subject.id, index.column() - COL_FIRST_MONTH + 1)

    def cell_value(self, key: Hashable) -> Any:
        subject, month = self._split_key(key)
        position = self._position.get(subject)
        if position is None:
            return None
        return self._rows[position].months[month - 1]

    def parse_cell(self, key: Hashable, value: Any) -> Any:
        if self._grid is None:
            raise ValidationError.single(self.tr("no metric is shown"))
        return parse_manual_value(self._grid.metric.unit, value)

    def cell_label(self, key: Hashable) -> str:
        subject, month = self._split_key(key)
        position = self._position.get(subject)
        who = self._rows[position].code if position is not None else "?"
        return f"{who} {month_headers()[month - 1]}"

    def write_cells(self, values: Mapping[Hashable, Any]) -> None:
        """Write through ManualMetricsService.set_values (all or nothing) with the versions
        the model holds; a stale value reloads and says "changed elsewhere — reloaded"."""
        grid = self._grid
        if grid is None:
            return
        edits: list[ManualEdit] = []
        for key, value in values.items():
            subject, month = self._split_key(key)
            position = self._position.get(subject)
            version = self._rows[position].versions[month - 1] if position is not None else None
            edits.append(
                ManualEdit(grid.metric.code, subject, month_code(grid.year, month), value, version)
            )
        try:
            changes = self.service.set_values(edits)
        except StaleEditError:
            self.reload()
            raise
        updates: dict[Subject, dict[int, tuple[Decimal | None, int | None]]] = {}
        for change in changes:
            month = int(change.period[5:])
            updates.setdefault(change.subject, {})[month] = (change.new, change.version)
        for subject, months in updates.items():
            position = self._position.get(subject)
            if position is None:
                continue
            self._rows[position] = self._rows[position].with_months(months, grid.metric.aggregation)
            self.dataChanged.emit(self.index(position, 0), self.index(position, COLUMN_COUNT - 1))

    # ---- helpers

    def _split_key(self, key: Hashable) -> tuple[Subject, int]:
        assert isinstance(key, tuple) and len(key) == 3
        kind, subject_id, month = key
        return Subject(kind, int(subject_id)), int(month)
