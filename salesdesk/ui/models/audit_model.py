"""The audit table: time, user, what, old → new, reason, one row per entry of the log.

The log can hold millions of entries, so the model holds only the pages read so far and
asks for the next one when the view scrolls to the end (`canFetchMore` / `fetchMore`).
Filtering and the order (newest or oldest first) happen in SQL: the page gives the model a
fresh first page for every change of the filters.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from salesdesk.services.audit_log import (
    PAGE_SIZE,
    AuditCursor,
    AuditListing,
    AuditQuery,
    AuditRow,
)

log = logging.getLogger(__name__)

AnyIndex = QModelIndex | QPersistentModelIndex

# Native values for sorting (the time as a datetime).
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
# The row's AuditRow.
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 2

COL_TIME = 0
COL_USER = 1
COL_WHAT = 2
COL_CHANGE = 3
COL_REASON = 4
COLUMN_COUNT = 5

TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
# Longest old or new value a tooltip shows; the detail pane has the whole text.
TOOLTIP_VALUE = 400

# fetch(query, after, limit, by_time) -> the next entries (AuditService.fetch).
Fetch = Callable[[AuditQuery, AuditCursor, int, bool], list[AuditRow]]


def _clip(text: str, limit: int = TOOLTIP_VALUE) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class AuditModel(QAbstractTableModel):
    """Read-only rows of an AuditListing, with the following pages fetched on demand."""

    # The rows shown or the total changed (for the "showing n of m" notice).
    counts_changed = Signal()
    # Reading the next page failed (the message for the status bar).
    status = Signal(str)

    def __init__(self, fetch: Fetch | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.fetch = fetch
        self._rows: list[AuditRow] = []
        self._query = AuditQuery()
        self._total = 0
        self._by_time = True
        self._more = False

    # ---- contents

    def set_listing(self, listing: AuditListing) -> None:
        self.beginResetModel()
        self._rows = list(listing.rows)
        self._query = listing.query
        self._total = listing.total
        self._by_time = listing.by_time
        self._more = len(self._rows) < listing.total
        self.endResetModel()
        self.counts_changed.emit()

    def clear(self) -> None:
        self.set_listing(AuditListing(AuditQuery(), (), 0, True))

    @property
    def query(self) -> AuditQuery:
        return self._query

    @property
    def total(self) -> int:
        """Entries the query matches (all of them, not only those read)."""
        return self._total

    def entry_at(self, row: int) -> AuditRow:
        return self._rows[row]

    def entries(self) -> list[AuditRow]:
        return list(self._rows)

    # ---- paging

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more and self.fetch is not None

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent) or self.fetch is None or not self._rows:
            return
        try:
            found = self.fetch(self._query, self._rows[-1].cursor, PAGE_SIZE, self._by_time)
        except Exception:  # a page that cannot be read must not take the window down
            log.exception("reading the next page of the audit log failed")
            self._more = False
            self.status.emit(self.tr("Could not read more of the audit log; see the log file"))
            return
        if len(found) < PAGE_SIZE:
            self._more = False
        if found:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(found) - 1)
            self._rows.extend(found)
            self.endInsertRows()
        # Entries added since the count make the list longer than the total said.
        self._total = max(self._total, len(self._rows))
        self.counts_changed.emit()

    # ---- Qt model interface

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def headers(self) -> list[str]:
        return [
            self.tr("Time"),
            self.tr("User"),
            self.tr("What"),
            self.tr("Old → new"),
            self.tr("Reason"),
        ]

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < COLUMN_COUNT:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        if role == Qt.ItemDataRole.ToolTipRole and section == COL_TIME:
            return self.tr("Click to show the oldest or the newest entries first")
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        entry = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(entry, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(entry, column)
        if role == SORT_ROLE:
            return entry.at if column == COL_TIME else self._display(entry, column)
        if role == ENTRY_ROLE:
            return entry
        return None

    @staticmethod
    def _display(entry: AuditRow, column: int) -> str:
        if column == COL_TIME:
            return entry.at.strftime(TIME_FORMAT)
        if column == COL_USER:
            return entry.user
        if column == COL_WHAT:
            return entry.what
        if column == COL_CHANGE:
            return entry.change
        return " ".join(entry.reason.split())

    def _tooltip(self, entry: AuditRow, column: int) -> str | None:
        if column == COL_WHAT:
            return entry.what
        if column == COL_CHANGE and (entry.old_value or entry.new_value):
            return "\n".join(
                (
                    self.tr("Old: {value}").format(value=_clip(entry.old_value) or "—"),
                    self.tr("New: {value}").format(value=_clip(entry.new_value) or "—"),
                )
            )
        if column == COL_REASON and entry.reason:
            return _clip(entry.reason)
        return None


__all__ = [
    "COLUMN_COUNT",
    "COL_CHANGE",
    "COL_REASON",
    "COL_TIME",
    "COL_USER",
    "COL_WHAT",
    "ENTRY_ROLE",
    "SORT_ROLE",
    "AuditModel",
]
