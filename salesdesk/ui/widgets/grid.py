"""An Excel-like table view for every editable grid: Enter moves down, Tab moves right,
typing edits, Ctrl+C / Ctrl+V copy and paste rectangular blocks as tab-separated text (to
and from Excel), Delete clears — a pasted or cleared block is one undo step, all or nothing.

The grid edits through its source model's `edit_cells(entries, text)` when it has one
(see `salesdesk.ui.undo.CellEditTarget`); other models get plain `setData` per cell.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractProxyModel,
    QItemSelectionModel,
    QMimeData,
    QModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHeaderView,
    QTableView,
    QWidget,
)

from salesdesk.domain.errors import UserError
from salesdesk.ui.delegates import proxied_source
from salesdesk.ui.widgets import messages


def parse_tsv(text: str) -> list[list[str]]:
    """Cells of tab-separated text as Excel puts it on the clipboard: rows end in \\r\\n or
    \\n (the last one too), and a cell holding a tab, newline or quote is quoted with
    doubled quotes inside."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.endswith("\n"):
        text = text[:-1]
    rows: list[list[str]] = []
    row: list[str] = []
    cell: list[str] = []
    i = 0
    at_start = True
    while i < len(text):
        ch = text[i]
        if at_start and ch == '"':
            # A quoted cell: read to the closing quote, "" standing for one quote.
            j = i + 1
            buf: list[str] = []
            closed = False
            while j < len(text):
                if text[j] == '"':
                    if j + 1 < len(text) and text[j + 1] == '"':
                        buf.append('"')
                        j += 2
                        continue
                    closed = True
                    j += 1
                    break
                buf.append(text[j])
                j += 1
            if closed and (j == len(text) or text[j] in "\t\n"):
                cell = buf
                i = j
                at_start = False
                continue
            # Not a well-formed quoted cell: take the quote literally.
        at_start = False
        if ch == "\t":
            row.append("".join(cell))
            cell = []
            at_start = True
        elif ch == "\n":
            row.append("".join(cell))
            rows.append(row)
            row, cell = [], []
            at_start = True
        else:
            cell.append(ch)
        i += 1
    row.append("".join(cell))
    rows.append(row)
    return rows


def format_tsv(rows: Sequence[Sequence[str]]) -> str:
    """Rows as tab-separated text Excel reads back cell for cell."""

    def quoted(cell: str) -> str:
        if any(ch in cell for ch in '\t\n\r"'):
            return '"' + cell.replace('"', '""') + '"'
        return cell

    return "\n".join("\t".join(quoted(cell) for cell in row) for row in rows)


def format_html_table(rows: Sequence[Sequence[str]]) -> str:
    """The same block as an HTML table, for pasting into Word, e-mail or WPS."""
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>" for row in rows
    )
    return f"<table>{body}</table>"


def to_source(index: QModelIndex) -> QModelIndex:
    """Map an index through any chain of proxies to the bottom model."""
    model = index.model()
    while isinstance(model, QAbstractProxyModel):
        index = model.mapToSource(index)
        model = index.model()
    return index


class ExcelGrid(QTableView):
    """A QTableView with Excel's keyboard and clipboard habits."""

    # The result of a paste or clear, or why it was refused.
    status = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTabKeyNavigation(True)
        self.horizontalHeader().setHighlightSections(True)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)

    # ---- keyboard

    def keyPressEvent(self, event: QKeyEvent) -> None:
        editing = self.state() == QAbstractItemView.State.EditingState
        if not editing:
            if event.matches(QKeySequence.StandardKey.Copy):
                self.copy_selection()
                return
            if event.matches(QKeySequence.StandardKey.Paste):
                self.paste()
                return
            if event.key() == Qt.Key.Key_Delete and event.modifiers() in (
                Qt.KeyboardModifier.NoModifier,
                Qt.KeyboardModifier.KeypadModifier,
            ):
                self.clear_selection_cells()
                return
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                up = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
                self._move_current(-1 if up else 1, 0)
                return
        super().keyPressEvent(event)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        """After an edit, Enter moves down and Tab moves right without opening the next
        editor, as in Excel."""
        moves = {
            QAbstractItemDelegate.EndEditHint.SubmitModelCache: (1, 0),
            QAbstractItemDelegate.EndEditHint.EditNextItem: (0, 1),
            QAbstractItemDelegate.EndEditHint.EditPreviousItem: (0, -1),
        }
        move = moves.get(hint)
        super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        if move is not None:
            self._move_current(*move)

    def _move_current(self, rows: int, columns: int) -> None:
        model = self.model()
        current = self.currentIndex()
        if model is None or not current.isValid():
            return
        row = min(max(current.row() + rows, 0), model.rowCount() - 1)
        column = min(max(current.column() + columns, 0), model.columnCount() - 1)
        target = model.index(row, column)
        self.selectionModel().setCurrentIndex(
            target, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.scrollTo(target)

    # ---- clipboard

    def _selected_block(self) -> tuple[int, int, int, int] | None:
        """Top, left, bottom, right of the selection (view rows and columns)."""
        indexes = [
            i
            for i in self.selectionModel().selectedIndexes()
            if not self.isColumnHidden(i.column()) and not self.isRowHidden(i.row())
        ]
        if not indexes:
            current = self.currentIndex()
            if not current.isValid():
                return None
            return current.row(), current.column(), current.row(), current.column()
        rows = [i.row() for i in indexes]
        columns = [i.column() for i in indexes]
        return min(rows), min(columns), max(rows), max(columns)

    def selected_text_rows(self) -> list[list[str]]:
        """The selected rectangle's cells as the user sees them (empty where unselected)."""
        model = self.model()
        block = self._selected_block()
        if model is None or block is None:
            return []
        top, left, bottom, right = block
        selection = self.selectionModel()
        columns = [c for c in range(left, right + 1) if not self.isColumnHidden(c)]
        rows: list[list[str]] = []
        for row in range(top, bottom + 1):
            if self.isRowHidden(row):
                continue
            cells: list[str] = []
            for column in columns:
                index = model.index(row, column)
                selected = selection.isSelected(index) or index == self.currentIndex()
                value = index.data(Qt.ItemDataRole.DisplayRole) if selected else None
                cells.append("" if value is None else str(value))
            rows.append(cells)
        return rows

    def copy_selection(self) -> str:
        """Put the selected rectangle on the clipboard as TSV (and HTML); returns the TSV."""
        rows = self.selected_text_rows()
        if not rows:
            return ""
        text = format_tsv(rows)
        mime = QMimeData()
        mime.setText(text)
        mime.setHtml(format_html_table(rows))
        QGuiApplication.clipboard().setMimeData(mime)
        cells = sum(len(r) for r in rows)
        self.status.emit(self.tr("Copied {n} cell(s)").format(n=cells))
        return text

    def paste(self, text: str | None = None) -> int:
        """Paste TSV (the clipboard's by default) from the current cell on: one undo step;
        nothing changes if any cell is refused. Returns how many cells changed."""
        model = self.model()
        if text is None:
            text = QGuiApplication.clipboard().text()
        if model is None or not text:
            return 0
        block = parse_tsv(text)
        selected = self._selected_block()
        if selected is None:
            return 0
        top, left, bottom, right = selected
        targets: list[tuple[QModelIndex, Any]] = []
        skipped = 0
        if len(block) == 1 and len(block[0]) == 1 and (bottom > top or right > left):
            # One value onto a selected range fills the range, as Excel does.
            for index in self.selectionModel().selectedIndexes():
                targets.append((index, block[0][0]))
        else:
            visible_columns = [
                c for c in range(left, model.columnCount()) if not self.isColumnHidden(c)
            ]
            for r, values in enumerate(block):
                row = top + r
                if row >= model.rowCount():
                    skipped += len(values)
                    continue
                for c, value in enumerate(values):
                    if c >= len(visible_columns):
                        skipped += 1
                        continue
                    targets.append((model.index(row, visible_columns[c]), value))
        editable = [
            (index, value)
            for index, value in targets
            if model.flags(index) & Qt.ItemFlag.ItemIsEditable
        ]
        skipped += len(targets) - len(editable)
        changed = self._apply(editable, self.tr("Paste {n} cell(s)").format(n=len(editable)))
        if changed is not None:
            message = self.tr("Pasted {n} cell(s)").format(n=changed)
            if skipped:
                message += self.tr("; {n} read-only or outside the table skipped").format(n=skipped)
            self.status.emit(message)
            return changed
        return 0

    def clear_selection_cells(self) -> int:
        """Empty the selected editable cells as one undo step (all or nothing)."""
        model = self.model()
        if model is None:
            return 0
        indexes = [
            index
            for index in self.selectionModel().selectedIndexes()
            if model.flags(index) & Qt.ItemFlag.ItemIsEditable
        ]
        if not indexes and self.currentIndex().isValid():
            current = self.currentIndex()
            indexes = [current] if model.flags(current) & Qt.ItemFlag.ItemIsEditable else []
        if not indexes:
            return 0
        changed = self._apply(
            [(index, None) for index in indexes],
            self.tr("Clear {n} cell(s)").format(n=len(indexes)),
        )
        if changed is None:
            return 0
        self.status.emit(self.tr("Cleared {n} cell(s)").format(n=changed))
        return changed

    def _apply(self, entries: Sequence[tuple[QModelIndex, Any]], text: str) -> int | None:
        """Edit cells through the source model in one step; None when refused."""
        if not entries:
            return 0
        source = proxied_source(self.model())
        mapped = [(to_source(index), value) for index, value in entries]
        edit = getattr(source, "edit_cells", None)
        if callable(edit):
            try:
                return int(edit(mapped, text))
            except UserError as exc:
                self._refused(exc)
                return None
        return self._apply_one_by_one(source, mapped)

    def _apply_one_by_one(
        self, source: QAbstractItemModel | None, entries: Sequence[tuple[QModelIndex, Any]]
    ) -> int:
        # A model without edit_cells cannot promise all-or-nothing; set what it accepts.
        changed = 0
        if source is None:
            return 0
        for index, value in entries:
            if source.setData(index, value, Qt.ItemDataRole.EditRole):
                changed += 1
        return changed

    def _refused(self, exc: UserError) -> None:
        self.status.emit(exc.message)
        # The message lists every refused cell with what is allowed.
        messages.show_user_error(self, exc, self.tr("Nothing was changed"))
