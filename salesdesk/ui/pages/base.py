"""What every navigation page offers the main window: its actions, search, undo and status."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QUndoStack
from PySide6.QtWidgets import QAbstractItemView, QWidget

from salesdesk.services.registry import Services


class Page(QWidget):
    """Base of the pages. The main window shows `toolbar_actions()` in its toolbar, routes the
    search box to `search()`, the Edit menu's undo/redo to `undo_stack`, and shows `status`
    messages in the status bar."""

    # A short message for the status bar: the result of the last action or why it failed.
    status = Signal(str)
    # Emitted after the page changed data other pages or the status bar show.
    data_changed = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.undo_stack = QUndoStack(self)

    def title(self) -> str:
        raise NotImplementedError

    def toolbar_actions(self) -> list[QAction]:
        """The page's own actions (add, import, export, ...) for the main toolbar."""
        return []

    def main_view(self) -> QAbstractItemView | None:
        """The page's main table, which the search box filters."""
        return None

    def search(self, text: str) -> None:
        """Narrow the main table to rows matching `text` (empty: all rows)."""

    def refresh(self) -> None:
        """Reload what the page shows from the database."""

    def set_show_left(self, show: bool) -> None:
        """View → Show people who left."""
