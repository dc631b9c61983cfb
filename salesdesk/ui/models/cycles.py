"""Table models of the Cycles page: the cycle list, the results table (one row per
scorecard, one column per scheme item), its filter proxy, the distribution summary and
the calibration overrides. All read-only; they show the DTOs of CyclesService."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from functools import cache
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPainter, QPainterPath, QPen, QPixmap

from salesdesk.domain.decimals import decimal_of, round_half_up
from salesdesk.domain.workflow import CycleState, state_label
from salesdesk.services.cycle_scoring import CycleResults, ResultRow
from salesdesk.services.cycles import CycleSummary
from salesdesk.ui.models.manual_metrics_model import LEFT, RIGHT, SORT_ROLE, GridProxy

AnyIndex = QModelIndex | QPersistentModelIndex

# The staff code of a results row (survives sorting and filtering).
CODE_ROLE = Qt.ItemDataRole.UserRole + 2
# The cycle id and state of a cycle list row.
CYCLE_ID_ROLE = Qt.ItemDataRole.UserRole + 3
CYCLE_STATE_ROLE = Qt.ItemDataRole.UserRole + 4
CENTRE = int(Qt.AlignmentFlag.AlignCenter)

# ui.md: grades coloured S gold, A green, B blue, C orange, D red (text, and a light tint).
GRADE_COLOURS = {
    "S": ("#a87400", "#fff4cc"),
    "A": ("#2e7d32", "#e3f2e1"),
    "B": ("#1565c0", "#e1ecfa"),
    "C": ("#d35400", "#fde8d7"),
    "D": ("#c62828", "#fadcdc"),
}
STATE_COLOURS = {
    CycleState.DRAFT: "#8c8c8c",
    CycleState.OPEN: "#1f77c8",
    CycleState.CALIBRATION: "#d4861c",
    CycleState.CONFIRMED: "#2e8b3e",
    CycleState.CLOSED: "#5d6d7e",
}
EXCESS_FOREGROUND = QColor("#c62828")
EXCESS_BACKGROUND = QColor("#fde2e2")
WARNING_COLOUR = "#e8a317"


# --------------------------------------------------------------------------- formatting


def format_score(raw: Any) -> str:
    """Scores with 2 decimals and thousands separators (`1,204.50`)."""
    value = decimal_of(raw)
    return "" if value is None else f"{value:,.2f}"


def format_money(raw: Any) -> str:
    value = decimal_of(raw)
    return "" if value is None else f"{value:,.2f}"


def format_coefficient(raw: Any) -> str:
    """A coefficient as the scheme writes it (1.5, 1.2, 1.0, 0.7, 0), at least 1 decimal."""
    value = decimal_of(raw)
    if value is None:
        return ""
    return f"{value:.1f}" if value == value.quantize(Decimal("0.1")) else f"{value.normalize():f}"


def format_percent(raw: Any) -> str:
    """An achievement fraction as a percent with 1 decimal (`0.9683` → `96.8%`)."""
    value = decimal_of(raw)
    return "" if value is None else f"{round_half_up(value * 100, 1):,.1f}%"


def grade_foreground(grade: str | None) -> QColor | None:
    colours = GRADE_COLOURS.get(str(grade or ""))
    return None if colours is None else QColor(colours[0])


def grade_background(grade: str | None) -> QColor | None:
    colours = GRADE_COLOURS.get(str(grade or ""))
    return None if colours is None else QColor(colours[1])


def _dot(colour: str, size: int) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(colour))
    margin = size * 0.2
    painter.drawEllipse(QRectF(margin, margin, size - 2 * margin, size - 2 * margin))
    painter.end()
    return pixmap


@cache
def state_icon(state: str) -> QIcon:
    """A coloured dot per cycle state (grey draft, blue open, orange calibration, green
    confirmed, slate closed)."""
    colour = STATE_COLOURS.get(CycleState(state), "#8c8c8c")
    icon = QIcon()
    for size in (16, 24, 32):
        icon.addPixmap(_dot(colour, size))
    return icon


def _warning_pixmap(size: int) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(size / 16.0, size / 16.0)
    triangle = QPainterPath()
    triangle.moveTo(8, 1.5)
    triangle.lineTo(15, 14.5)
    triangle.lineTo(1, 14.5)
    triangle.closeSubpath()
    painter.setPen(QPen(QColor("#b7791f"), 0.8))
    painter.setBrush(QColor(WARNING_COLOUR))
    painter.drawPath(triangle)
    pen = QPen(QColor("white"), 1.8)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.drawLine(QPointF(8, 5.5), QPointF(8, 9.8))
    painter.drawPoint(QPointF(8, 12.3))
    painter.end()
    return pixmap


@cache
def warning_icon() -> QIcon:
    """A small amber warning triangle, drawn (no image plug-in needed)."""
    icon = QIcon()
    for size in (16, 24, 32):
        icon.addPixmap(_warning_pixmap(size))
    return icon


def flag_text(flag: str) -> str:
    """A scorecard flag (data-exchange §5) in words."""
    if flag == "partial_period":
        return QCoreApplication.translate(
            "CycleFlags", "Partial period (joined or left during the period; pay prorated)"
        )
    if flag == "pip":
        return QCoreApplication.translate(
            "CycleFlags", "Performance improvement plan (PIP) proposed"
        )
    if flag == "promotion_candidate":
        return QCoreApplication.translate(
            "CycleFlags", "Promotion candidate (two A-or-better grades in a row)"
        )
    if flag.startswith("training:"):
        return QCoreApplication.translate("CycleFlags", "Training: {item}").format(
            item=flag.split(":", 1)[1]
        )
    if flag.startswith("unrated:"):
        return QCoreApplication.translate("CycleFlags", "Nobody rated {item} yet").format(
            item=flag.split(":", 1)[1]
        )
    return flag


# --------------------------------------------------------------------------- the cycle list


class CycleListModel(QAbstractListModel):
    """The cycles, newest period first: name, then period, state and head count."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[CycleSummary] = []

    def set_cycles(self, cycles: Sequence[CycleSummary]) -> None:
        self.beginResetModel()
        self._rows = list(cycles)
        self.endResetModel()

    def cycles(self) -> list[CycleSummary]:
        return list(self._rows)

    def cycle_at(self, row: int) -> CycleSummary:
        return self._rows[row]

    def row_of(self, cycle_id: int) -> int | None:
        for position, cycle in enumerate(self._rows):
            if cycle.id == cycle_id:
                return position
        return None

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows) or index.column():
            return None
        cycle = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            details = self.tr("{period} · {state} · %n people", "", cycle.participants).format(
                period=cycle.period, state=state_label(cycle.state)
            )
            return f"{cycle.name}\n{details}"
        if role == Qt.ItemDataRole.DecorationRole:
            return state_icon(cycle.state)
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [
                cycle.name,
                self.tr("Scheme: {scheme}").format(scheme=cycle.scheme),
                self.tr("State: {state}").format(state=state_label(cycle.state)),
            ]
            if cycle.opened_at is not None:
                lines.append(
                    self.tr("Opened {date}").format(date=cycle.opened_at.strftime("%Y-%m-%d"))
                )
            if cycle.confirmed_at is not None:
                lines.append(
                    self.tr("Confirmed {date}").format(date=cycle.confirmed_at.strftime("%Y-%m-%d"))
                )
            return "\n".join(lines)
        if role == CYCLE_ID_ROLE:
            return cycle.id
        if role == CYCLE_STATE_ROLE:
            return cycle.state
        if role == SORT_ROLE:
            return (cycle.period, cycle.id)
        return None


# --------------------------------------------------------------------------- results


# The columns after the items, in order (keys of the data-exchange §5 scorecard).
TAIL_COLUMNS = (
    "bonus",
    "deduction",
    "total",
    "band_grade",
    "distributed_grade",
    "final_grade",
    "coefficient",
    "performance_pay",
    "warnings",
)
GRADE_KEYS = ("band_grade", "distributed_grade", "final_grade")
COL_RANK = 0
COL_CODE = 1
COL_NAME = 2
COL_UNIT = 3
COL_FIRST_ITEM = 4


class ResultsModel(QAbstractTableModel):
    """One row per participant's scorecard (best rank first), one column per scheme item
    (its score), then bonus, deduction, total, the three grades, coefficient, pay and the
    warnings. Columns follow the cycle's items, so the column count changes with the
    cycle (a model reset)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._results: CycleResults | None = None
        self._rows: tuple[ResultRow, ...] = ()
        self._items: tuple[str, ...] = ()
        self._weights: dict[str, str] = {}
        self._grade_order: dict[str, int] = {}
        self._sort_by: tuple[int, Qt.SortOrder] = (-1, Qt.SortOrder.AscendingOrder)

    # ---- content

    def set_results(self, results: CycleResults | None) -> None:
        self.beginResetModel()
        self._results = results
        self._rows = () if results is None else results.rows
        self._items = () if results is None else results.item_names
        self._weights = {}
        for row in self._rows[:1]:
            for item in row.card.get("items", []):
                self._weights[str(item.get("name"))] = str(item.get("weight", ""))
        grades: list[str] = []
        if results is not None:
            grades = [str(g.get("grade")) for g in results.distribution.get("grades", [])]
        self._grade_order = {grade: position for position, grade in enumerate(grades)}
        ordered = self._sorted_positions()  # in the column the user sorted by
        if ordered is not None:
            self._rows = tuple(self._rows[position] for position in ordered)
        self.endResetModel()

    def results(self) -> CycleResults | None:
        return self._results

    def row_at(self, row: int) -> ResultRow:
        return self._rows[row]

    def row_of(self, code: str) -> int | None:
        for position, row in enumerate(self._rows):
            if row.code == code:
                return position
        return None

    def item_names(self) -> tuple[str, ...]:
        return self._items

    def column(self, key: str) -> int:
        """The column of a tail key (`total`, `final_grade`, ...) or of an item by name."""
        if key in TAIL_COLUMNS:
            return COL_FIRST_ITEM + len(self._items) + TAIL_COLUMNS.index(key)
        return COL_FIRST_ITEM + self._items.index(key)

    def search_text(self, row: int) -> str:
        person = self._rows[row].participant
        return f"{person.code} {person.name} {person.unit}"

    def final_grade(self, row: int) -> str:
        return self._rows[row].final_grade or ""

    def has_warnings(self, row: int) -> bool:
        return self._rows[row].has_warnings

    # ---- Qt model interface

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COL_FIRST_ITEM + len(self._items) + len(TAIL_COLUMNS)

    def _key(self, column: int) -> str:
        """`rank`, `code`, `name`, `unit`, `item:<name>` or a tail key."""
        if column < COL_FIRST_ITEM:
            return ("rank", "code", "name", "unit")[column]
        if column < COL_FIRST_ITEM + len(self._items):
            return "item:" + self._items[column - COL_FIRST_ITEM]
        return TAIL_COLUMNS[column - COL_FIRST_ITEM - len(self._items)]

    def _alignment(self, key: str) -> int:
        if key in ("code", "name", "unit"):
            return LEFT
        if key in GRADE_KEYS or key == "warnings":
            return CENTRE
        return RIGHT

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.columnCount():
            return None
        key = self._key(section)
        if role == Qt.ItemDataRole.DisplayRole:
            if key.startswith("item:"):
                return key[5:]
            return self._headers()[key]
        if role == Qt.ItemDataRole.ToolTipRole and key.startswith("item:"):
            weight = self._weights.get(key[5:], "")
            return self.tr("{item}: score out of a weight of {weight}").format(
                item=key[5:], weight=weight
            )
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self._alignment(key)
        return None

    def _headers(self) -> dict[str, str]:
        return {
            "rank": self.tr("Rank"),
            "code": self.tr("Code"),
            "name": self.tr("Name"),
            "unit": self.tr("Unit"),
            "bonus": self.tr("Bonus"),
            "deduction": self.tr("Deduction"),
            "total": self.tr("Total"),
            "band_grade": self.tr("Band"),
            "distributed_grade": self.tr("Distributed"),
            "final_grade": self.tr("Final"),
            "coefficient": self.tr("Coefficient"),
            "performance_pay": self.tr("Performance pay"),
            "warnings": self.tr("Warnings"),
        }

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if not 0 <= index.column() < self.columnCount():
            return None
        row = self._rows[index.row()]
        key = self._key(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, key)
        if role == SORT_ROLE:
            return self._sort_value(row, key)
        if role == CODE_ROLE:
            return row.code
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self._alignment(key)
        if role == Qt.ItemDataRole.ForegroundRole and key in GRADE_KEYS:
            colour = grade_foreground(row.card.get(key))
            return None if colour is None else QBrush(colour)
        if role == Qt.ItemDataRole.BackgroundRole and key in GRADE_KEYS:
            colour = grade_background(row.card.get(key))
            return None if colour is None else QBrush(colour)
        if role == Qt.ItemDataRole.FontRole:
            if key in GRADE_KEYS or key == "total":
                font = QFont()
                font.setBold(True)
                font.setItalic(key == "final_grade" and self._overridden(row))
                return font
            return None
        if role == Qt.ItemDataRole.DecorationRole and key == "warnings" and row.has_warnings:
            return warning_icon()
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, key)
        return None

    @staticmethod
    def _overridden(row: ResultRow) -> bool:
        return bool(row.participant.override_grade) and not row.card.get("veto")

    def _item(self, row: ResultRow, name: str) -> dict[str, Any] | None:
        for item in row.card.get("items", []):
            if item.get("name") == name:
                return dict(item)
        return None

    def _display(self, row: ResultRow, key: str) -> str:
        card = row.card
        if key == "rank":
            return "" if card.get("rank") is None else str(card["rank"])
        if key == "code":
            return row.participant.code
        if key == "name":
            return row.participant.name
        if key == "unit":
            return row.participant.unit
        if key.startswith("item:"):
            item = self._item(row, key[5:])
            return "" if item is None else format_score(item.get("score"))
        if key in ("bonus", "deduction", "total"):
            return format_score(card.get(key))
        if key in GRADE_KEYS:
            return str(card.get(key) or "")
        if key == "coefficient":
            return format_coefficient(card.get(key))
        if key == "performance_pay":
            return format_money(card.get(key))
        count = len(card.get("warnings") or ())
        return str(count) if count else ""

    def _sort_value(self, row: ResultRow, key: str) -> Any:
        if key == "code":
            return row.participant.code
        if key == "name":
            return row.participant.name
        if key == "unit":
            return row.participant.unit
        if key.startswith("item:"):
            return row.item_score(key[5:])
        if key in GRADE_KEYS:
            grade = row.value(key)
            return self._grade_order.get(grade, len(self._grade_order)) if grade else None
        return row.value(key)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the rows by a column's native values, empty cells last in either order (as
        Excel does); equal values keep their order. Each row's value is worked out once
        (a proxy's comparisons would ask for it about 30 times a row at 10,000 rows)."""
        self._sort_by = (column, order)
        new_order = self._sorted_positions()
        if new_order is None:
            return
        self.layoutAboutToBeChanged.emit()
        moved_to = {old: new for new, old in enumerate(new_order)}
        self._rows = tuple(self._rows[position] for position in new_order)
        persistent = self.persistentIndexList()
        self.changePersistentIndexList(
            persistent,
            [self.index(moved_to[index.row()], index.column()) for index in persistent],
        )
        self.layoutChanged.emit()

    def _sorted_positions(self) -> list[int] | None:
        """The rows' positions in the order `_sort_by` asks for (None: no sorting)."""
        column, order = self._sort_by
        if not 0 <= column < self.columnCount() or len(self._rows) < 2:
            return None
        key = self._key(column)
        values = [self._sort_value(row, key) for row in self._rows]
        present = [position for position, value in enumerate(values) if value is not None]
        missing = [position for position, value in enumerate(values) if value is None]
        descending = order == Qt.SortOrder.DescendingOrder
        try:
            present.sort(key=values.__getitem__, reverse=descending)
        except TypeError:
            present.sort(key=lambda position: str(values[position]), reverse=descending)
        return present + missing

    def _tooltip(self, row: ResultRow, key: str) -> str | None:
        card = row.card
        if key.startswith("item:"):
            item = self._item(row, key[5:])
            if item is None:
                return None
            lines = [str(item.get("explanation") or "")]
            lines += [f"⚠ {w}" for w in item.get("warnings") or ()]
            return "\n".join(line for line in lines if line)
        if key == "warnings":
            warnings = card.get("warnings") or ()
            return "\n".join(f"⚠ {w}" for w in warnings) or None
        if key == "final_grade" and self._overridden(row):
            return self.tr("Calibrated from {grade}: {reason}").format(
                grade=card.get("distributed_grade"), reason=row.participant.override_reason
            )
        if key == "unit":
            return row.participant.unit
        return None


class ResultsFilterProxy(GridProxy):
    """The search box's words (code, name, unit) and the grade filter: one final grade,
    or the scorecards with warnings; sorts numbers as numbers."""

    WARNINGS = "!warnings"

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._grade: str | None = None

    def set_grade(self, grade: str | None) -> None:
        """Only rows whose final grade is `grade` (WARNINGS: only rows with warnings;
        None: all)."""
        self.beginFilterChange()
        self._grade = grade or None
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def grade(self) -> str | None:
        return self._grade

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting is the results model's (each row's value worked out once); the proxy
        keeps its order and only filters."""
        model = self.sourceModel()
        if isinstance(model, ResultsModel):
            model.sort(column, order)
        else:
            super().sort(column, order)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        if self._grade is not None and isinstance(model, ResultsModel):
            if source_row >= model.rowCount():
                return True
            if self._grade == self.WARNINGS:
                if not model.has_warnings(source_row):
                    return False
            elif model.final_grade(source_row) != self._grade:
                return False
        return super().filterAcceptsRow(source_row, source_parent)


# --------------------------------------------------------------------------- calibration

DIST_GRADE = 0
DIST_SHARE = 1
DIST_QUOTA = 2
DIST_BEFORE = 3
DIST_AFTER = 4
DIST_FINAL = 5
DIST_COLUMNS = 6
_DIST_KEYS = ("grade", "share", "quota", "count_before", "count_after", "count_final")


class DistributionModel(QAbstractTableModel):
    """Per grade: share, quota, count by band, after distribution and final; a grade over
    its quota (results.distribution's `excess`) is shown red."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._grades: list[dict[str, Any]] = []
        self.mode = ""
        self.headcount = 0

    def set_distribution(self, distribution: dict[str, Any] | None) -> None:
        self.beginResetModel()
        distribution = distribution or {}
        self._grades = [dict(g) for g in distribution.get("grades", [])]
        self.mode = str(distribution.get("mode", ""))
        self.headcount = int(distribution.get("headcount", 0) or 0)
        self.endResetModel()

    def grades(self) -> list[dict[str, Any]]:
        return [dict(g) for g in self._grades]

    def row_of(self, grade: str) -> int | None:
        for position, row in enumerate(self._grades):
            if row.get("grade") == grade:
                return position
        return None

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._grades)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else DIST_COLUMNS

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < DIST_COLUMNS:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return [
                self.tr("Grade"),
                self.tr("Share"),
                self.tr("Quota"),
                self.tr("By band"),
                self.tr("Distributed"),
                self.tr("Final"),
            ][section]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return CENTRE if section == DIST_GRADE else RIGHT
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._grades):
            return None
        if not 0 <= index.column() < DIST_COLUMNS:
            return None
        row = self._grades[index.row()]
        column = index.column()
        value = row.get(_DIST_KEYS[column])
        excess = bool(row.get("excess")) and column >= DIST_BEFORE
        if role == Qt.ItemDataRole.DisplayRole:
            if column == DIST_SHARE:
                share = decimal_of(value)
                return "" if share is None else f"{share.normalize():f}%"
            return "" if value is None else str(value)
        if role == SORT_ROLE:
            return decimal_of(value) if column == DIST_SHARE else value
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return CENTRE if column == DIST_GRADE else RIGHT
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == DIST_GRADE:
                colour = grade_foreground(row.get("grade"))
                return None if colour is None else QBrush(colour)
            return QBrush(EXCESS_FOREGROUND) if excess else None
        if role == Qt.ItemDataRole.BackgroundRole and excess:
            return QBrush(EXCESS_BACKGROUND)
        if role == Qt.ItemDataRole.FontRole and (column == DIST_GRADE or excess):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and row.get("excess"):
            return self.tr("More people hold {grade} than its quota of {quota}").format(
                grade=row.get("grade"), quota=row.get("quota")
            )
        return None


OVR_PERSON = 0
OVR_BAND = 1
OVR_DISTRIBUTED = 2
OVR_FINAL = 3
OVR_REASON = 4
OVR_COLUMNS = 5


class OverridesModel(QAbstractTableModel):
    """The calibration overrides of a cycle: person, band, distributed and final grade,
    reason (the scorecards whose participant carries an override)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ResultRow] = []

    def set_results(self, results: CycleResults | None) -> None:
        self.beginResetModel()
        rows = [] if results is None else list(results.rows)
        self._rows = [r for r in rows if r.participant.override_grade]
        self.endResetModel()

    def row_at(self, row: int) -> ResultRow:
        return self._rows[row]

    def codes(self) -> list[str]:
        return [r.code for r in self._rows]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else OVR_COLUMNS

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < OVR_COLUMNS:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return [
                self.tr("Person"),
                self.tr("Band"),
                self.tr("Distributed"),
                self.tr("Final"),
                self.tr("Reason"),
            ][section]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return CENTRE if OVR_BAND <= section <= OVR_FINAL else LEFT
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if not 0 <= index.column() < OVR_COLUMNS:
            return None
        row = self._rows[index.row()]
        column = index.column()
        grade_key = {
            OVR_BAND: "band_grade",
            OVR_DISTRIBUTED: "distributed_grade",
            OVR_FINAL: "final_grade",
        }.get(column)
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            if column == OVR_PERSON:
                return f"{row.code} {row.participant.name}"
            if grade_key is not None:
                return str(row.card.get(grade_key) or "")
            return row.participant.override_reason or ""
        if role == CODE_ROLE:
            return row.code
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return CENTRE if grade_key is not None else LEFT
        if grade_key is not None and role == Qt.ItemDataRole.ForegroundRole:
            colour = grade_foreground(row.card.get(grade_key))
            return None if colour is None else QBrush(colour)
        if grade_key is not None and role == Qt.ItemDataRole.BackgroundRole:
            colour = grade_background(row.card.get(grade_key))
            return None if colour is None else QBrush(colour)
        if role == Qt.ItemDataRole.ToolTipRole and column == OVR_REASON:
            return row.participant.override_reason
        return None


__all__ = [
    "CODE_ROLE",
    "COL_CODE",
    "COL_FIRST_ITEM",
    "COL_NAME",
    "COL_RANK",
    "COL_UNIT",
    "CYCLE_ID_ROLE",
    "CYCLE_STATE_ROLE",
    "DIST_AFTER",
    "DIST_BEFORE",
    "DIST_FINAL",
    "DIST_GRADE",
    "DIST_QUOTA",
    "GRADE_COLOURS",
    "SORT_ROLE",
    "CycleListModel",
    "DistributionModel",
    "OverridesModel",
    "ResultsFilterProxy",
    "ResultsModel",
    "flag_text",
    "format_coefficient",
    "format_money",
    "format_percent",
    "format_score",
    "grade_background",
    "grade_foreground",
    "state_icon",
    "warning_icon",
]
