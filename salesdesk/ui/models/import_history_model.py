"""The import history table: one row per import batch (time, file, kind, rows added,
replaced and skipped, and when it was undone), latest first."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from salesdesk.services.import_history import BatchRow
from salesdesk.ui.models.manual_metrics_model import LEFT, RIGHT, SORT_ROLE

AnyIndex = QModelIndex | QPersistentModelIndex

# The batch id of a row.
BATCH_ID_ROLE = Qt.ItemDataRole.UserRole + 2

COL_TIME = 0
COL_FILE = 1
COL_KIND = 2
COL_ADDED = 3
COL_REPLACED = 4
COL_SKIPPED = 5
COL_UNDONE = 6
COLUMN_COUNT = 7

UNDONE_FOREGROUND = QColor(150, 150, 150)
TIME_FORMAT = "%Y-%m-%d %H:%M"


def kind_label(kind: str) -> str:
    """An import kind's name in the interface language."""
    labels = {
        "ledger": QCoreApplication.translate("ImportKinds", "Sales ledger"),
        "receipts": QCoreApplication.translate("ImportKinds", "Receipts"),
        "targets": QCoreApplication.translate("ImportKinds", "Targets"),
        "metrics": QCoreApplication.translate("ImportKinds", "Manual metrics"),
        "staff": QCoreApplication.translate("ImportKinds", "Staff"),
    }
    return labels.get(kind, kind)


class ImportHistoryModel(QAbstractTableModel):
    """Read-only rows of ImportHistoryService.list_batches()."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[BatchRow] = []

    def set_batches(self, batches: list[BatchRow]) -> None:
        self.beginResetModel()
        self._rows = list(batches)
        self.endResetModel()

    def batch_at(self, row: int) -> BatchRow:
        return self._rows[row]

    def batches(self) -> list[BatchRow]:
        return list(self._rows)

    def search_text(self, row: int) -> str:
        batch = self._rows[row]
        return " ".join(
            (
                batch.file_name,
                batch.kind,
                kind_label(batch.kind),
                batch.user,
                batch.imported_at.strftime(TIME_FORMAT),
            )
        )

    # ---- Qt model interface

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def headers(self) -> list[str]:
        return [
            self.tr("Time"),
            self.tr("File"),
            self.tr("Kind"),
            self.tr("Added"),
            self.tr("Replaced"),
            self.tr("Skipped"),
            self.tr("Undone"),
        ]

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < COLUMN_COUNT:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if COL_ADDED <= section <= COL_SKIPPED else LEFT
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        batch = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(batch, column)
        if role == SORT_ROLE:
            return self._sort_value(batch, column)
        if role == BATCH_ID_ROLE:
            return batch.id
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if COL_ADDED <= column <= COL_SKIPPED else LEFT
        if role == Qt.ItemDataRole.ForegroundRole and batch.undone:
            return QBrush(UNDONE_FOREGROUND)
        if role == Qt.ItemDataRole.FontRole and batch.undone and column == COL_FILE:
            font = QFont()
            font.setStrikeOut(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_FILE:
                sheet = self.tr("sheet {sheet}").format(sheet=batch.sheet) if batch.sheet else ""
                return self.tr("Batch {id} by {user}").format(id=batch.id, user=batch.user) + (
                    f", {sheet}" if sheet else ""
                )
            return None
        return None

    def _display(self, batch: BatchRow, column: int) -> str:
        if column == COL_TIME:
            return batch.imported_at.strftime(TIME_FORMAT)
        if column == COL_FILE:
            return batch.file_name
        if column == COL_KIND:
            return kind_label(batch.kind)
        if column == COL_ADDED:
            return f"{batch.added:,}"
        if column == COL_REPLACED:
            return f"{batch.replaced:,}"
        if column == COL_SKIPPED:
            return f"{batch.skipped:,}"
        if batch.undone_at is not None:
            return batch.undone_at.strftime(TIME_FORMAT)
        return ""

    def _sort_value(self, batch: BatchRow, column: int) -> Any:
        values: list[Any] = [
            batch.imported_at,
            batch.file_name.casefold(),
            kind_label(batch.kind),
            batch.added,
            batch.replaced,
            batch.skipped,
            batch.undone_at,
        ]
        return values[column]


__all__ = [
    "BATCH_ID_ROLE",
    "COLUMN_COUNT",
    "COL_ADDED",
    "COL_FILE",
    "COL_KIND",
    "COL_REPLACED",
    "COL_SKIPPED",
    "COL_TIME",
    "COL_UNDONE",
    "ImportHistoryModel",
    "kind_label",
]
