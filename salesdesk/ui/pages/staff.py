"""The Staff page: the org-unit tree with head counts on the left, the editable staff table
on the right, and the page's actions (add person, mark as left, import, export)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain.errors import ImportFailed, Problem, UserError
from salesdesk.domain.org import Role
from salesdesk.services import exports, imports
from salesdesk.services.imports import ImportReport
from salesdesk.services.registry import Services
from salesdesk.services.staff import NewStaff, StaffRow, UnitNode
from salesdesk.ui.delegates import (
    DATE_FORMAT,
    ComboDelegate,
    DateDelegate,
    MoneyDelegate,
    TextDelegate,
    parse_date_value,
)
from salesdesk.ui.dialogs.add_staff import AddStaffDialog
from salesdesk.ui.dialogs.import_preview import ImportPreview, ImportPreviewDialog
from salesdesk.ui.models.staff_model import (
    COL_CODE,
    COL_HIRE_DATE,
    COL_LEAVE_DATE,
    COL_MANAGER,
    COL_NAME,
    COL_PAY_BASE,
    COL_ROLE,
    COL_UNIT,
    COLUMNS,
    STAFF_ID_ROLE,
    StaffFilterProxy,
    StaffTableModel,
    manager_label,
    role_label,
)
from salesdesk.ui.operations import Operation, run_operation
from salesdesk.ui.pages.base import Page
from salesdesk.ui.undo import (
    AddStaffCommand,
    AddUnitCommand,
    DeleteUnitCommand,
    MoveUnitCommand,
    RenameUnitCommand,
)
from salesdesk.ui.widgets import messages
from salesdesk.ui.widgets.grid import ExcelGrid
from salesdesk.ui.widgets.org_tree import OrgTree

log = logging.getLogger(__name__)

AnyIndex = QModelIndex | QPersistentModelIndex

# The workbook formats the staff import reads (data-exchange §2).
IMPORT_FILTER = "*.xlsx *.xlsm *.xls *.ods *.csv"


class StaffPage(Page):
    """Org tree + staff table. Everything it changes goes through StaffService, and every
    change the user makes here is one step on the page's undo stack."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.setObjectName("page_staff")
        self.staff = services.staff

        self.model = StaffTableModel(self.staff, self)
        self.model.undo_stack = self.undo_stack
        self.aliases = self.model.aliases
        self.reporter = self.model.reporter
        self.proxy = StaffFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.table = ExcelGrid(self)
        self.table.setObjectName("staffTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_CODE, Qt.SortOrder.AscendingOrder)
        self._install_delegates()

        self.tree = OrgTree(self)
        self.tree.setMinimumWidth(180)

        self._make_actions()
        self._build_layout()

        self.model.status.connect(self.status)
        self.table.status.connect(self.status)
        self.tree.unit_selected.connect(self._unit_selected)
        self.tree.move_requested.connect(self.move_unit)
        self.tree.selectionModel().currentChanged.connect(self._update_unit_actions)
        self.table.selectionModel().selectionChanged.connect(self._update_staff_actions)
        self.undo_stack.indexChanged.connect(self._after_undo_step)

        # The open import preview and the running operation (tests look at them).
        self.preview_dialog: ImportPreviewDialog | None = None
        self.operation: Operation | None = None
        self.refresh()
        self.tree.select_unit(None)

    # ---- Page interface

    def title(self) -> str:
        return self.tr("Staff")

    def toolbar_actions(self) -> list[QAction]:
        return [
            self.add_person_action,
            self.mark_left_action,
            self.import_action,
            self.export_action,
        ]

    def main_view(self) -> QAbstractItemView:
        return self.table

    def search(self, text: str) -> None:
        self.proxy.set_search(text)

    def refresh(self) -> None:
        self.model.reload()
        self._refresh_tree()
        self._update_staff_actions()

    def set_show_left(self, show: bool) -> None:
        self.proxy.set_show_left(show)

    # ---- building

    def _install_delegates(self) -> None:
        table = self.table
        text = TextDelegate(table)
        table.setItemDelegateForColumn(COL_CODE, text)
        table.setItemDelegateForColumn(COL_NAME, text)
        table.setItemDelegateForColumn(
            COL_ROLE, ComboDelegate(lambda _: [(role_label(r), r.value) for r in Role], table)
        )
        table.setItemDelegateForColumn(
            COL_UNIT,
            ComboDelegate(
                lambda _: [(u.path, u.id) for u in self.model.units()], table, searchable=True
            ),
        )
        table.setItemDelegateForColumn(
            COL_MANAGER,
            ComboDelegate(self._manager_choices, table, searchable=True, allow_empty=True),
        )
        table.setItemDelegateForColumn(COL_HIRE_DATE, DateDelegate(table))
        table.setItemDelegateForColumn(COL_LEAVE_DATE, DateDelegate(table, clearable=True))
        table.setItemDelegateForColumn(COL_PAY_BASE, MoneyDelegate(table))
        header = table.horizontalHeader()
        for column, spec in enumerate(COLUMNS):
            header.resizeSection(column, spec.width)
        header.setStretchLastSection(True)
        table.verticalHeader().setVisible(False)

    def _manager_choices(self, index: AnyIndex) -> list[tuple[str, Any]]:
        """Everyone still employed except the person being edited."""
        own = index.data(STAFF_ID_ROLE)
        return [
            (manager_label(row.code, row.name), row.id)
            for row in self.model.rows()
            if row.id != own and not row.has_left
        ]

    def _make_actions(self) -> None:
        def action(text: str, slot: Any, icon: QIcon.ThemeIcon | None = None) -> QAction:
            made = QAction(text, self)
            if icon is not None:
                made.setIcon(QIcon.fromTheme(icon))
            made.triggered.connect(slot)
            return made

        self.add_person_action = action(
            self.tr("Add person"), self.add_person, QIcon.ThemeIcon.ContactNew
        )
        self.add_person_action.setObjectName("addPersonAction")
        self.add_person_action.setShortcut(QKeySequence.StandardKey.New)
        self.add_person_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.mark_left_action = action(self.tr("Mark as left…"), self._mark_left_clicked)
        self.mark_left_action.setObjectName("markLeftAction")
        self.import_action = action(
            self.tr("Import…"), lambda: self.import_staff(), QIcon.ThemeIcon.DocumentOpen
        )
        self.import_action.setObjectName("importStaffAction")
        self.export_action = action(
            self.tr("Export…"), lambda: self.export_staff(), QIcon.ThemeIcon.DocumentSaveAs
        )
        self.export_action.setObjectName("exportStaffAction")
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.table.addActions([self.add_person_action, self.mark_left_action])

        self.add_unit_action = action(
            self.tr("Add sub-unit…"), lambda: self.add_unit(), QIcon.ThemeIcon.FolderNew
        )
        self.rename_unit_action = action(self.tr("Rename…"), lambda: self.rename_unit())
        self.move_unit_action = action(self.tr("Move to…"), lambda: self.move_unit_to())
        self.delete_unit_action = action(
            self.tr("Delete"), lambda: self.delete_unit(), QIcon.ThemeIcon.EditDelete
        )
        unit_actions = [
            self.add_unit_action,
            self.rename_unit_action,
            self.move_unit_action,
            self.delete_unit_action,
        ]
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.tree.addActions(unit_actions)

    def _build_layout(self) -> None:
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.setSpacing(4)
        heading = QLabel(self.tr("Organisation"), left)
        heading.setStyleSheet("font-weight: 600; padding: 2px 2px;")
        left_layout.addWidget(heading)
        left_layout.addWidget(self.tree, 1)
        buttons = QHBoxLayout()
        buttons.setSpacing(2)
        for unit_action in (
            self.add_unit_action,
            self.rename_unit_action,
            self.move_unit_action,
            self.delete_unit_action,
        ):
            button = QToolButton(left)
            button.setDefaultAction(unit_action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setAutoRaise(True)
            buttons.addWidget(button)
        buttons.addStretch(1)
        left_layout.addLayout(buttons)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("staffSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.table)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([220, 880])
        self.splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.splitter)

    # ---- tree and filter

    def _refresh_tree(self) -> None:
        units = self.staff.list_units()
        self.tree.set_units(units, self.staff.summary()["staff"])
        self._apply_unit_filter(self.tree.selected_unit_id())
        self._update_unit_actions()

    def _unit_selected(self, unit_id: int | None) -> None:
        self._apply_unit_filter(unit_id)
        self._update_unit_actions()

    def _apply_unit_filter(self, unit_id: int | None) -> None:
        self.proxy.set_units(None if unit_id is None else self.tree.subtree_ids(unit_id))

    def _update_unit_actions(self, *_: object) -> None:
        has_unit = self.tree.selected_unit_id() is not None
        for unit_action in (self.rename_unit_action, self.move_unit_action):
            unit_action.setEnabled(has_unit)
        node = self.tree.node(self.tree.selected_unit_id() or -1)
        self.delete_unit_action.setEnabled(node is not None and node.total_count == 0)

    def _update_staff_actions(self, *_: object) -> None:
        self.mark_left_action.setEnabled(bool(self.selected_staff_ids()))

    def _after_undo_step(self, _index: int) -> None:
        # Unit membership and leave dates change the tree's head counts.
        self._refresh_tree()
        self.data_changed.emit()

    def selected_staff_ids(self) -> list[int]:
        """The people with a selected cell, in table order."""
        rows = sorted({index.row() for index in self.table.selectionModel().selectedIndexes()})
        if not rows and self.table.currentIndex().isValid():
            rows = [self.table.currentIndex().row()]
        return [int(self.proxy.index(row, 0).data(STAFF_ID_ROLE)) for row in rows]

    def select_staff(self, staff_id: int) -> None:
        """Make the person's row current (e.g. after adding them)."""
        position = self.model.row_of(staff_id)
        if position is None:
            return
        index = self.proxy.mapFromSource(self.model.index(position, COL_CODE))
        if index.isValid():
            self.table.setCurrentIndex(index)
            self.table.scrollTo(index)

    # ---- staff actions

    def add_person(self) -> AddStaffDialog:
        """Open the Add person dialog (not blocking); returns it."""
        managers = [row for row in self.model.rows() if not row.has_left]
        dialog = AddStaffDialog(
            self.model.units(),
            managers,
            self.create_staff,
            self,
            unit_id=self.tree.selected_unit_id(),
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def create_staff(self, new: NewStaff) -> StaffRow:
        """Add a person as one undo step; raises ValidationError with nothing written."""
        row = self.staff.create_staff(new)
        self.model.reload()
        self.undo_stack.push(
            AddStaffCommand(self.staff, row, self.aliases, self._changed_elsewhere, self.reporter)
        )
        self.select_staff(row.id)
        self.status.emit(self.tr("Added {code} {name}").format(code=row.code, name=row.name))
        return row

    def mark_left(self, staff_ids: Sequence[int], leave_date: date) -> bool:
        """Set the leave date of these people as one undo step."""
        entries = []
        for staff_id in staff_ids:
            position = self.model.row_of(staff_id)
            if position is not None:
                entries.append((self.model.index(position, COL_LEAVE_DATE), leave_date))
        if not entries:
            return False
        try:
            self.model.edit_cells(entries, self.tr("Mark {n} as left").format(n=len(entries)))
        except UserError as exc:
            messages.show_user_error(self, exc, self.tr("Mark as left"))
            return False
        self.status.emit(
            self.tr("{n} marked as left on {date}").format(
                n=len(entries), date=leave_date.isoformat()
            )
        )
        return True

    def ask_leave_date(self, count: int) -> date | None:
        """Ask for the leave date (modal); None when cancelled."""
        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("Mark as left"))
        editor = QDateEdit(QDate.currentDate(), dialog)
        editor.setDisplayFormat(DATE_FORMAT)
        editor.setCalendarPopup(True)
        form = QFormLayout(dialog)
        form.addRow(QLabel(self.tr("{n} person(s) will be marked as left.").format(n=count)))
        form.addRow(self.tr("Leave date"), editor)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog
        )
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        form.addRow(buttons)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return parse_date_value(editor.date())

    def _mark_left_clicked(self) -> None:
        staff_ids = self.selected_staff_ids()
        if not staff_ids:
            return
        chosen = self.ask_leave_date(len(staff_ids))
        if chosen is not None:
            self.mark_left(staff_ids, chosen)

    def _changed_elsewhere(self) -> None:
        """After an undo/redo of an add or a unit change: everything may have moved."""
        self.model.reload()

    # ---- unit actions (each takes its input as arguments; the action slots ask for it)

    def add_unit(self, name: str | None = None, parent_id: int | None = -1) -> UnitNode | None:
        """Add a sub-unit under `parent_id` (default: the selected unit; None: top level)."""
        parent = self.tree.selected_unit_id() if parent_id == -1 else parent_id
        if name is None:
            parent_node = self.tree.node(parent) if parent is not None else None
            where = parent_node.path if parent_node is not None else self.tr("top level")
            name, ok = QInputDialog.getText(
                self,
                self.tr("Add sub-unit"),
                self.tr("Name of the new unit under {where}:").format(where=where),
            )
            if not ok or not name.strip():
                return None
        try:
            node = self.staff.create_unit(parent, name)
        except UserError as exc:
            self._refused(exc)
            return None
        self.undo_stack.push(
            AddUnitCommand(self.staff, node, self.aliases, self._changed_elsewhere, self.reporter)
        )
        self.model.reload()
        self.status.emit(self.tr("Added unit {path}").format(path=node.path))
        return node

    def rename_unit(self, unit_id: int | None = None, name: str | None = None) -> bool:
        node = self._unit_or_selected(unit_id)
        if node is None:
            return False
        if name is None:
            name, ok = QInputDialog.getText(
                self,
                self.tr("Rename unit"),
                self.tr("New name of {path}:").format(path=node.path),
                text=node.name,
            )
            if not ok or name.strip() == node.name:
                return False
        try:
            self.staff.rename_unit(node.id, node.version, name)
        except UserError as exc:
            self._refused(exc)
            return False
        self.undo_stack.push(
            RenameUnitCommand(
                self.staff,
                node.id,
                node.name,
                name.strip(),
                self.aliases,
                self._changed_elsewhere,
                self.reporter,
            )
        )
        self.model.reload()
        self.status.emit(self.tr("Renamed {old} to {new}").format(old=node.name, new=name.strip()))
        return True

    def move_unit(self, unit_id: int, new_parent_id: int | None) -> bool:
        """Move a unit (with its sub-units and staff) under another one, or to the top."""
        node = self.tree.node(unit_id)
        if node is None:
            return False
        try:
            moved = self.staff.move_unit(node.id, node.version, new_parent_id)
        except UserError as exc:
            self._refused(exc)
            return False
        self.undo_stack.push(
            MoveUnitCommand(
                self.staff,
                node.id,
                node.parent_id,
                new_parent_id,
                node.name,
                self.aliases,
                self._changed_elsewhere,
                self.reporter,
            )
        )
        self.model.reload()
        self.status.emit(self.tr("Moved to {path}").format(path=moved.path))
        return True

    def move_unit_to(self, unit_id: int | None = None) -> bool:
        """The "Move to…" picker: any unit outside the moved one's own subtree, or the top."""
        node = self._unit_or_selected(unit_id)
        if node is None:
            return False
        excluded = self.tree.subtree_ids(node.id)
        targets: list[tuple[str, int | None]] = [(self.tr("(top level)"), None)]
        targets += [(u.path, u.id) for u in self.tree.units() if u.id not in excluded]
        labels = [label for label, _ in targets]
        label, ok = QInputDialog.getItem(
            self,
            self.tr("Move unit"),
            self.tr("Move {path} under:").format(path=node.path),
            labels,
            0,
            False,
        )
        if not ok:
            return False
        return self.move_unit(node.id, dict(targets)[label])

    def delete_unit(self, unit_id: int | None = None) -> bool:
        node = self._unit_or_selected(unit_id)
        if node is None:
            return False
        try:
            self.staff.delete_unit(node.id, node.version)
        except UserError as exc:
            self._refused(exc)
            return False
        self.undo_stack.push(
            DeleteUnitCommand(
                self.staff, node, self.aliases, self._changed_elsewhere, self.reporter
            )
        )
        self.status.emit(self.tr("Deleted unit {path}").format(path=node.path))
        return True

    def _unit_or_selected(self, unit_id: int | None) -> UnitNode | None:
        chosen = unit_id if unit_id is not None else self.tree.selected_unit_id()
        return self.tree.node(chosen) if chosen is not None else None

    def _refused(self, exc: UserError) -> None:
        self.status.emit(str(exc))
        messages.show_user_error(self, exc)

    # ---- import and export

    def import_staff(self, path: str | Path | None = None) -> Operation | None:
        """File → dry run in the background → preview; the preview's Import runs it."""
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(
                self,
                self.tr("Import staff"),
                "",
                self.tr("Workbooks ({patterns})").format(patterns=IMPORT_FILTER),
            )
            if not chosen:
                return None
            path = chosen
        file_path = Path(path)
        database = self.services.database
        self.status.emit(self.tr("Checking {file}…").format(file=file_path.name))
        self.operation = run_operation(
            self,
            lambda progress: imports.import_file(database, "staff", file_path, dry_run=True),
            title=self.tr("Import staff"),
            label=self.tr("Checking {file}…").format(file=file_path.name),
            on_success=lambda report: self._show_preview(file_path, report),
            on_failure=lambda error: self._dry_run_failed(file_path, error),
            show_errors=False,
        )
        return self.operation

    def _dry_run_failed(self, path: Path, error: BaseException) -> None:
        if isinstance(error, ImportFailed):
            problems: list[Problem] = list(error.found or error.problems)
        elif isinstance(error, UserError):
            problems = list(error.problems) or [Problem(error.message)]
        else:
            log.error(
                "staff import check failed", exc_info=(type(error), error, error.__traceback__)
            )
            messages.show_unexpected_error(self)
            return
        self.status.emit(str(error).splitlines()[0])
        self._open_preview(
            ImportPreview(
                file_name=path.name, summary=str(error).splitlines()[0], problems=problems
            )
        )

    def _show_preview(self, path: Path, report: ImportReport) -> None:
        preview = preview_from_report(report)
        dialog = self._open_preview(preview)
        dialog.import_requested.connect(lambda: self._run_import(path, dialog))

    def _open_preview(self, preview: ImportPreview) -> ImportPreviewDialog:
        dialog = ImportPreviewDialog(preview, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.preview_dialog = dialog
        dialog.open()
        return dialog

    def _run_import(self, path: Path, dialog: ImportPreviewDialog) -> None:
        dialog.set_busy(True)
        database = self.services.database

        def done(report: ImportReport) -> None:
            dialog.accept()
            self.refresh()
            self.data_changed.emit()
            count = report.added + report.replaced
            self.status.emit(self.tr("Imported {n} rows").format(n=f"{count:,}"))

        def failed(error: BaseException) -> None:
            dialog.set_busy(False)
            if isinstance(error, UserError):
                self.status.emit(str(error).splitlines()[0])

        self.operation = run_operation(
            self,
            lambda progress: imports.import_file(database, "staff", path, dry_run=False),
            title=self.tr("Import staff"),
            label=self.tr("Importing {file}…").format(file=path.name),
            on_success=done,
            on_failure=failed,
        )

    def export_staff(self, path: str | Path | None = None) -> Operation | None:
        """Write the staff list (with people who left when they are shown) to a workbook."""
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("Export staff"),
                self.tr("staff.xlsx"),
                self.tr("Excel workbook (*.xlsx)"),
            )
            if not chosen:
                return None
            path = chosen
        out = Path(path)
        if out.suffix.lower() != ".xlsx":
            out = out.with_suffix(".xlsx")
        database = self.services.database
        include_left = self.proxy.show_left()
        self.operation = run_operation(
            self,
            lambda progress: exports.export_staff(database, out, include_left=include_left),
            title=self.tr("Export staff"),
            on_success=lambda count: self.status.emit(
                self.tr("Exported {n} rows to {file}").format(n=f"{int(count):,}", file=out.name)
            ),
        )
        return self.operation


# --------------------------------------------------------------------------- import reports


def _tr(text: str) -> str:
    return QCoreApplication.translate("StaffPage", text)


def action_label(action: str) -> str:
    labels = {"added": _tr("Add"), "replaced": _tr("Replace"), "skipped": _tr("Skip (no change)")}
    return labels.get(action, action)


def preview_from_report(report: ImportReport) -> ImportPreview:
    """The preview of a staff import's dry run: figures, new units, and row by row what
    would change (old → new for replaced fields)."""
    changes = [
        [
            str(planned.row),
            action_label(planned.action),
            f"{planned.code} {planned.name}",
            "; ".join(f"{c.label}: {c.old} → {c.new}" for c in planned.changes),
        ]
        for planned in report.rows
    ]
    return ImportPreview(
        file_name=report.file_name,
        summary=report.describe(),
        counts=[
            (_tr("to add"), report.added),
            (_tr("to replace"), report.replaced),
            (_tr("unchanged, skipped"), report.skipped),
            (_tr("new units"), len(report.new_units)),
        ],
        created=list(report.new_units),
        change_headers=[_tr("Row"), _tr("Action"), _tr("Person"), _tr("Changes")],
        changes=changes,
    )
