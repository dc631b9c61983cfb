"""The org-unit tree: units with their active head counts, "All" on top; picking a unit
filters a table, dragging a unit onto another asks to move it there."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QDropEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QTreeView, QWidget

from salesdesk.services.staff import UnitNode

# The unit id of an item (None for "All").
UNIT_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class OrgTree(QTreeView):
    """A tree of UnitNodes. It changes nothing itself: it emits `unit_selected` and
    `move_requested`, and the page decides (and records the undo step)."""

    # The selected unit id, or None for "All".
    unit_selected = Signal(object)
    # (unit id, new parent id or None for the top level), from drag and drop.
    move_requested = Signal(int, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("orgTree")
        self._model = QStandardItemModel(self)
        self.setModel(self._model)
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self._nodes: dict[int, UnitNode] = {}
        self._items: dict[int, QStandardItem] = {}
        self._all_item: QStandardItem | None = None
        self.selectionModel().currentChanged.connect(self._current_changed)

    def set_units(self, units: Sequence[UnitNode], total: int) -> None:
        """Show these units (keeping the selected one and what was expanded)."""
        selected = self.selected_unit_id()
        had_selection = self.currentIndex().isValid()
        collapsed = {
            unit_id
            for unit_id, item in self._items.items()
            if not self.isExpanded(item.index()) and item.hasChildren()
        }
        blocker = self.selectionModel().blockSignals(True)
        self._model.clear()
        self._nodes = {node.id: node for node in units}
        self._items = {}
        self._all_item = QStandardItem(self.tr("All ({n})").format(n=total))
        self._all_item.setData(None, UNIT_ID_ROLE)
        self._all_item.setFlags(
            Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDropEnabled
        )
        self._model.appendRow(self._all_item)
        for node in units:
            item = QStandardItem(f"{node.name} ({node.total_count})")
            item.setData(node.id, UNIT_ID_ROLE)
            item.setToolTip(
                self.tr("{path}: {own} here, {total} with sub-units").format(
                    path=node.path, own=node.own_count, total=node.total_count
                )
            )
            item.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsDragEnabled
                | Qt.ItemFlag.ItemIsDropEnabled
            )
            self._items[node.id] = item
        for node in units:
            parent = self._items.get(node.parent_id) if node.parent_id is not None else None
            (parent or self._model.invisibleRootItem()).appendRow(self._items[node.id])
        self.expandAll()
        for unit_id in collapsed:
            if unit_id in self._items:
                self.collapse(self._items[unit_id].index())
        self.selectionModel().blockSignals(blocker)
        if had_selection:
            self.select_unit(selected if selected in self._items else None, emit=False)

    def units(self) -> list[UnitNode]:
        return list(self._nodes.values())

    def node(self, unit_id: int) -> UnitNode | None:
        return self._nodes.get(unit_id)

    def item_text(self, unit_id: int | None) -> str:
        item = self._all_item if unit_id is None else self._items.get(unit_id)
        return item.text() if item is not None else ""

    def selected_unit_id(self) -> int | None:
        index = self.currentIndex()
        if not index.isValid():
            return None
        value = index.data(UNIT_ID_ROLE)
        return int(value) if value is not None else None

    def select_unit(self, unit_id: int | None, *, emit: bool = True) -> None:
        item = self._all_item if unit_id is None else self._items.get(unit_id)
        if item is None:
            return
        blocker = self.selectionModel().blockSignals(not emit)
        self.setCurrentIndex(item.index())
        self.selectionModel().blockSignals(blocker)
        if emit:
            self.unit_selected.emit(unit_id)

    def subtree_ids(self, unit_id: int) -> set[int]:
        """The unit and all its sub-units."""
        children: dict[int | None, list[int]] = {}
        for node in self._nodes.values():
            children.setdefault(node.parent_id, []).append(node.id)
        found = {unit_id}
        pending = [unit_id]
        while pending:
            for child in children.get(pending.pop(), []):
                if child not in found:
                    found.add(child)
                    pending.append(child)
        return found

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        value = current.data(UNIT_ID_ROLE) if current.isValid() else None
        self.unit_selected.emit(int(value) if value is not None else None)

    def dropEvent(self, event: QDropEvent) -> None:
        """A drop asks the page to move the unit; the tree is rebuilt from the database
        afterwards, so the view itself never moves an item."""
        dragged = self.selected_unit_id()
        target = self.indexAt(event.position().toPoint())
        event.setDropAction(Qt.DropAction.IgnoreAction)
        event.accept()
        if dragged is None:
            return
        position = self.dropIndicatorPosition()
        if not target.isValid():
            new_parent: int | None = None
        elif position == QAbstractItemView.DropIndicatorPosition.OnItem:
            value = target.data(UNIT_ID_ROLE)
            new_parent = int(value) if value is not None else None
        else:
            # Dropped between items: become a sibling of the item dropped next to.
            value = target.data(UNIT_ID_ROLE)
            sibling = self._nodes.get(int(value)) if value is not None else None
            new_parent = sibling.parent_id if sibling is not None else None
        current = self._nodes.get(dragged)
        if current is not None and current.parent_id != new_parent and new_parent != dragged:
            self.move_requested.emit(dragged, new_parent)
