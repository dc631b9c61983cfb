"""The metric view: any metric (manual, from the ledger or derived) per unit and person ×
1月…12月 with Q1…Q4 and 全年, read-only, from ActualsService.monthly."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QFont

from salesdesk.domain.periods import Period
from salesdesk.services.actuals import MonthlyGrid, MonthlyRow, SubjectKind
from salesdesk.ui.models.manual_metrics_model import (
    COL_CODE,
    COL_FIRST_MONTH,
    COL_FIRST_QUARTER,
    COL_NAME,
    COL_YEAR,
    COLUMN_COUNT,
    LEFT,
    READ_ONLY_BACKGROUND,
    RIGHT,
    SORT_ROLE,
    UNIT_BACKGROUND,
    aggregation_label,
    format_value,
    period_headers,
)

AnyIndex = QModelIndex | QPersistentModelIndex

# The subject (staff code or unit path) of a row.
SUBJECT_ROLE = Qt.ItemDataRole.UserRole + 2
# The period code (2026-03, 2026-Q1, 2026) of a value cell.
PERIOD_ROLE = Qt.ItemDataRole.UserRole + 3


class MetricViewModel(QAbstractTableModel):
    """Read-only rows of a MonthlyGrid, formatted on demand."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._grid: MonthlyGrid | None = None
        self._rows: list[MonthlyRow] = []
        self._units_of: dict[str, str] = {}

    def set_grid(self, grid: MonthlyGrid | None, units_of: dict[str, str] | None = None) -> None:
        """Show `grid`; `units_of` gives each person's unit path (for search and tooltips)."""
        self.beginResetModel()
        self._grid = grid
        self._rows = list(grid.rows) if grid is not None else []
        self._units_of = dict(units_of or {})
        self.endResetModel()

    @property
    def grid(self) -> MonthlyGrid | None:
        return self._grid

    def row_at(self, row: int) -> MonthlyRow:
        return self._rows[row]

    def search_text(self, row: int) -> str:
        item = self._rows[row]
        return f"{item.subject} {item.subject_name} {self._units_of.get(item.subject, '')}"

    def period_of(self, column: int) -> Period | None:
        """The period of a value column (None for the code and name columns)."""
        if self._grid is None or column < COL_FIRST_MONTH:
            return None
        year = self._grid.year
        if column < COL_FIRST_QUARTER:
            return Period.month(year, column - COL_FIRST_MONTH + 1)
        if column < COL_YEAR:
            return Period.quarter(year, column - COL_FIRST_QUARTER + 1)
        return Period.of_year(year)

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
        if role == Qt.ItemDataRole.ToolTipRole and section >= COL_FIRST_QUARTER and self._grid:
            return aggregation_label(self._grid.metric.aggregation)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def _value(self, row: MonthlyRow, column: int) -> Decimal | None:
        if column < COL_FIRST_QUARTER:
            return row.months[column - COL_FIRST_MONTH]
        if column < COL_YEAR:
            return row.quarters[column - COL_FIRST_QUARTER]
        return row.year

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows) or self._grid is None:
            return None
        row = self._rows[index.row()]
        column = index.column()
        numeric = column >= COL_FIRST_MONTH
        is_unit = row.subject_kind is SubjectKind.UNIT
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COL_CODE:
                return row.subject
            if column == COL_NAME:
                return row.subject_name
            return format_value(self._grid.metric.unit, self._value(row, column))
        if role == SORT_ROLE:
            if column == COL_CODE:
                return row.subject.casefold()
            if column == COL_NAME:
                return row.subject_name.casefold()
            return self._value(row, column)
        if role == SUBJECT_ROLE:
            return row.subject
        if role == PERIOD_ROLE:
            period = self.period_of(column)
            return period.code if period is not None else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if numeric else LEFT
        if role == Qt.ItemDataRole.BackgroundRole:
            if column >= COL_FIRST_QUARTER:
                return QBrush(READ_ONLY_BACKGROUND)
            if is_unit:
                return QBrush(UNIT_BACKGROUND)
            return None
        if role == Qt.ItemDataRole.FontRole and (is_unit or column == COL_YEAR):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_NAME and not is_unit:
                return self._units_of.get(row.subject) or None
            if numeric:
                return self.tr("Double-click to see the lines behind this value")
        return None


__all__ = ["PERIOD_ROLE", "SUBJECT_ROLE", "MetricViewModel"]
