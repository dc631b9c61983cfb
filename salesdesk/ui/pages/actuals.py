"""The Actuals page: three tabs — the import history (import any kind of file, undo a
whole import), the manual metric grid (people and units × months, edited like Excel), and
the metric view (any metric per person and month, with the lines behind each value)."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QSizePolicy,
    QSpinBox,
    QStyleOptionViewItem,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import Shiboken

from salesdesk.domain.errors import ImportFailed, Problem, UserError
from salesdesk.domain.text import language
from salesdesk.services import imports
from salesdesk.services.actuals import ActualsService, LineDetail, MonthlyGrid, SubjectKind
from salesdesk.services.import_history import BatchRow, ImportHistoryService, UndoResult
from salesdesk.services.imports import ImportReport
from salesdesk.services.manual_metrics import (
    ManualGrid,
    ManualMetric,
    ManualMetricsService,
    allowed_values,
)
from salesdesk.services.registry import Services
from salesdesk.ui.delegates import TextDelegate
from salesdesk.ui.dialogs.import_preview import ImportPreview, ImportPreviewDialog
from salesdesk.ui.dialogs.lines_behind import LinesBehindDialog
from salesdesk.ui.models.import_history_model import (
    BATCH_ID_ROLE,
    COL_FILE,
    ImportHistoryModel,
    kind_label,
)
from salesdesk.ui.models.manual_metrics_model import (
    COL_CODE,
    COL_FIRST_MONTH,
    COL_FIRST_QUARTER,
    COL_NAME,
    COL_YEAR,
    GridProxy,
    ManualMetricsModel,
    aggregation_label,
)
from salesdesk.ui.models.metric_view_model import PERIOD_ROLE, SUBJECT_ROLE, MetricViewModel
from salesdesk.ui.operations import Operation, run_operation
from salesdesk.ui.pages.base import Page
from salesdesk.ui.widgets import messages
from salesdesk.ui.widgets.grid import ExcelGrid

log = logging.getLogger(__name__)

AnyIndex = QModelIndex | QPersistentModelIndex

# The kinds the Import… action offers, in its menu's order.
IMPORT_KINDS = ("ledger", "receipts", "targets", "metrics", "staff")
IMPORT_FILTER = "*.xlsx *.xlsm *.xls *.ods *.csv"

TAB_HISTORY = 0
TAB_MANUAL = 1
TAB_VIEW = 2

# Column widths of the two month grids: code or unit path, name, months, quarters, year.
GRID_WIDTHS = (140, 72, 72, 80, 92)


class NumberDelegate(TextDelegate):
    """A value typed as text (`95%`, `1,234.50`), right-aligned; the model parses it."""

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        editor = QLineEdit(parent)
        editor.setFrame(False)
        editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return editor


def size_month_grid(table: QTableView) -> None:
    header = table.horizontalHeader()
    code, name, month, quarter, year = GRID_WIDTHS
    header.resizeSection(COL_CODE, code)
    header.resizeSection(COL_NAME, name)
    for column in range(COL_FIRST_MONTH, COL_FIRST_QUARTER):
        header.resizeSection(column, month)
    for column in range(COL_FIRST_QUARTER, COL_YEAR):
        header.resizeSection(column, quarter)
    header.resizeSection(COL_YEAR, year)
    header.setStretchLastSection(False)
    table.verticalHeader().setVisible(False)


FIT_SAMPLE_ROWS = 200
"""Rows a month grid's column widths are fitted to: Qt's default of 1,000 made fitting a
grid of 10,000 people hold the GUI thread for 5 s (19 columns × 1,000 cells × every role);
the values of a column are alike in size, and the rows at the top are among the sample."""


def fit_month_grid(table: QTableView) -> None:
    """Widen the columns to their values (a sample of FIT_SAMPLE_ROWS rows), never narrower
    than the default widths, so 13,066,512.40 is never cut to 13,066,…"""
    header = table.horizontalHeader()
    header.setResizeContentsPrecision(FIT_SAMPLE_ROWS)
    minimum = [GRID_WIDTHS[0], GRID_WIDTHS[1]]
    minimum += [GRID_WIDTHS[2]] * 12 + [GRID_WIDTHS[3]] * 4 + [GRID_WIDTHS[4]]
    for column, width in enumerate(minimum):
        header.resizeSection(column, max(width, table.sizeHintForColumn(column) + 6))


class ActualsPage(Page):
    """Import history, manual metrics and the metric view, as tabs."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.setObjectName("page_actuals")
        database = services.database
        self.history = ImportHistoryService(database)
        self.manual = ManualMetricsService(database)
        self.actuals = ActualsService(database)
        self._search = ""
        self._show_left = False
        self._view_stale = True
        self._view_generation = 0
        self._manual_generation = 0

        # The open dialogs and the running operations (tests look at them).
        self.preview_dialog: ImportPreviewDialog | None = None
        self.lines_dialog: LinesBehindDialog | None = None
        self.operation: Operation | None = None
        self.view_operation: Operation | None = None
        self.manual_operation: Operation | None = None

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("actualsTabs")
        self.tabs.setDocumentMode(True)
        self._build_history_tab()
        self._build_manual_tab()
        self._build_view_tab()
        self._make_actions()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.tabs)

        self.tabs.currentChanged.connect(self._tab_changed)
        self.undo_stack.indexChanged.connect(self._after_undo_step)
        self.refresh()

    # ---- Page interface

    def title(self) -> str:
        return self.tr("Actuals")

    def toolbar_actions(self) -> list[QAction]:
        return [self.import_action, self.undo_import_action]

    def main_view(self) -> QAbstractItemView:
        views: list[QAbstractItemView] = [self.history_table, self.manual_grid, self.view_table]
        return views[self.tabs.currentIndex()]

    def search(self, text: str) -> None:
        """Filter the current tab's table (code, name, unit path; file and kind)."""
        self._search = text
        self._proxies()[self.tabs.currentIndex()].set_search(text)

    def refresh(self) -> None:
        self.refresh_history()
        self._load_manual()
        self._view_stale = True
        if self.tabs.currentIndex() == TAB_VIEW:
            self.compute_view()

    def set_show_left(self, show: bool) -> None:
        if show == self._show_left:
            return
        self._show_left = show
        self._load_manual()

    def _proxies(self) -> list[GridProxy]:
        return [self.history_proxy, self.manual_proxy, self.view_proxy]

    def _tab_changed(self, index: int) -> None:
        for position, proxy in enumerate(self._proxies()):
            proxy.set_search(self._search if position == index else "")
        if index == TAB_VIEW and self._view_stale:
            self.compute_view()
        self._update_actions()

    def _after_undo_step(self, _index: int) -> None:
        self._view_stale = True
        self.data_changed.emit()

    # ---- building

    def _selector_bar(self, *widgets: QWidget) -> QHBoxLayout:
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 4, 0, 4)
        bar.setSpacing(8)
        for widget in widgets:
            bar.addWidget(widget)
        return bar

    def _year_box(self, name: str) -> QSpinBox:
        box = QSpinBox(self)
        box.setObjectName(name)
        box.setRange(2000, 2100)
        box.setValue(date.today().year)
        box.setKeyboardTracking(False)
        box.setSuffix(self.tr(" (year)"))
        return box

    def _build_history_tab(self) -> None:
        tab = QWidget(self)
        self.history_model = ImportHistoryModel(self)
        self.history_proxy = GridProxy(self)
        self.history_proxy.setSourceModel(self.history_model)
        self.history_table = QTableView(tab)
        self.history_table.setObjectName("importHistoryTable")
        self.history_table.setModel(self.history_proxy)
        self.history_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.history_table.setAlternatingRowColors(True)
        self.history_table.setWordWrap(False)
        self.history_table.setSortingEnabled(True)
        header = self.history_table.horizontalHeader()
        header.setSortIndicatorClearable(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        for column, width in enumerate((130, 260, 90, 70, 70, 70, 130)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(COL_FILE, QHeaderView.ResizeMode.Stretch)
        self.history_table.verticalHeader().setVisible(False)
        self.history_empty = QLabel(
            self.tr(
                "Nothing imported yet. Use Import… to bring in a sales ledger, receipts, "
                "targets, manual metrics or staff from Excel."
            ),
            tab,
        )
        self.history_empty.setObjectName("historyEmpty")
        self.history_empty.setWordWrap(True)
        self.history_empty.setStyleSheet("color: palette(placeholder-text); padding: 4px;")
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.history_empty)
        layout.addWidget(self.history_table, 1)
        self.tabs.addTab(tab, self.tr("Import history"))
        self.history_table.selectionModel().selectionChanged.connect(self._update_actions)

    def _build_manual_tab(self) -> None:
        tab = QWidget(self)
        self.manual_metric = QComboBox(tab)
        self.manual_metric.setObjectName("manualMetric")
        self.manual_metric.setMinimumWidth(200)
        for metric in self.manual.list_metrics():
            self.manual_metric.addItem(metric.name(language()), metric.code)
        self.manual_year = self._year_box("manualYear")
        self.manual_hint = QLabel(tab)
        self.manual_hint.setObjectName("manualHint")
        self.manual_hint.setStyleSheet("color: palette(placeholder-text);")
        # A long hint may be cut; it must not make the window wider than it was.
        self.manual_hint.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        metric_label = QLabel(self.tr("Metric"), tab)
        metric_label.setBuddy(self.manual_metric)
        bar = self._selector_bar(metric_label, self.manual_metric, self.manual_year)
        bar.addSpacing(12)
        bar.addWidget(self.manual_hint, 1)

        self.manual_model = ManualMetricsModel(self.manual, self)
        self.manual_model.undo_stack = self.undo_stack
        self.manual_proxy = GridProxy(self)
        self.manual_proxy.setSourceModel(self.manual_model)
        self.manual_grid = ExcelGrid(tab)
        self.manual_grid.setObjectName("manualMetricsGrid")
        self.manual_grid.setModel(self.manual_proxy)
        header = self.manual_grid.horizontalHeader()
        header.setSortIndicatorClearable(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.manual_grid.setSortingEnabled(True)
        delegate = NumberDelegate(self.manual_grid)
        for column in range(COL_FIRST_MONTH, COL_FIRST_QUARTER):
            self.manual_grid.setItemDelegateForColumn(column, delegate)
        size_month_grid(self.manual_grid)

        layout = QVBoxLayout(tab)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.manual_grid, 1)
        self.tabs.addTab(tab, self.tr("Manual metrics"))

        self.manual_model.status.connect(self.status)
        self.manual_grid.status.connect(self.status)
        self.manual_metric.currentIndexChanged.connect(lambda _i: self._load_manual())
        self.manual_year.valueChanged.connect(lambda _v: self._load_manual())

    def _build_view_tab(self) -> None:
        tab = QWidget(self)
        self.view_metric = QComboBox(tab)
        self.view_metric.setObjectName("viewMetric")
        self.view_metric.setMinimumWidth(200)
        for metric in self.manual.all_metrics():
            self.view_metric.addItem(metric.name(language()), metric.code)
        self.view_year = self._year_box("viewYear")
        self.view_hint = QLabel(tab)
        self.view_hint.setObjectName("viewHint")
        self.view_hint.setStyleSheet("color: palette(placeholder-text);")
        self.view_hint.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        metric_label = QLabel(self.tr("Metric"), tab)
        metric_label.setBuddy(self.view_metric)
        bar = self._selector_bar(metric_label, self.view_metric, self.view_year)
        bar.addSpacing(12)
        bar.addWidget(self.view_hint, 1)

        self.view_model = MetricViewModel(self)
        self.view_proxy = GridProxy(self)
        self.view_proxy.setSourceModel(self.view_model)
        self.view_table = ExcelGrid(tab)
        self.view_table.setObjectName("metricViewTable")
        self.view_table.setModel(self.view_proxy)
        header = self.view_table.horizontalHeader()
        header.setSortIndicatorClearable(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view_table.setSortingEnabled(True)
        size_month_grid(self.view_table)

        layout = QVBoxLayout(tab)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view_table, 1)
        self.tabs.addTab(tab, self.tr("Metric view"))

        self.view_table.status.connect(self.status)
        self.view_table.doubleClicked.connect(self._view_double_clicked)
        self.view_metric.currentIndexChanged.connect(lambda _i: self.compute_view())
        self.view_year.valueChanged.connect(lambda _v: self.compute_view())

    def _make_actions(self) -> None:
        self.import_action = QAction(
            QIcon.fromTheme(QIcon.ThemeIcon.DocumentOpen), self.tr("Import…"), self
        )
        self.import_action.setObjectName("importActualsAction")
        self.import_action.setToolTip(
            self.tr("Import a sales ledger, receipts, targets, manual metrics or staff")
        )
        self.import_action.triggered.connect(lambda: self.import_file())
        menu = QMenu(self)
        menu.addAction(self.tr("Sales ledger…"), lambda: self.import_file("ledger"))
        menu.addAction(self.tr("Receipts…"), lambda: self.import_file("receipts"))
        menu.addAction(self.tr("Targets…"), lambda: self.import_file("targets"))
        menu.addAction(self.tr("Manual metrics…"), lambda: self.import_file("metrics"))
        menu.addAction(self.tr("Staff…"), lambda: self.import_file("staff"))
        self.import_action.setMenu(menu)
        self.undo_import_action = QAction(
            QIcon.fromTheme(QIcon.ThemeIcon.EditUndo), self.tr("Undo import"), self
        )
        self.undo_import_action.setObjectName("undoImportAction")
        self.undo_import_action.setToolTip(
            self.tr("Take back the selected import: remove what it added, restore what it replaced")
        )
        self.undo_import_action.triggered.connect(lambda: self.undo_import())
        self.history_table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.history_table.addAction(self.undo_import_action)
        self._update_actions()

    def _update_actions(self, *_: object) -> None:
        batch = self.selected_batch()
        self.undo_import_action.setEnabled(batch is not None and not batch.undone)

    # ---- import history

    def refresh_history(self) -> None:
        selected = self.selected_batch()
        self.history_model.set_batches(self.history.list_batches())
        self.history_empty.setVisible(self.history_model.rowCount() == 0)
        if selected is not None:
            self.select_batch(selected.id)
        self._update_actions()

    def selected_batch(self) -> BatchRow | None:
        rows = self.history_table.selectionModel().selectedRows()
        if not rows:
            return None
        source = self.history_proxy.mapToSource(rows[0])
        return self.history_model.batch_at(source.row())

    def select_batch(self, batch_id: int) -> None:
        for row in range(self.history_proxy.rowCount()):
            index = self.history_proxy.index(row, 0)
            if index.data(BATCH_ID_ROLE) == batch_id:
                self.history_table.selectRow(row)
                return

    def import_file(
        self, kind: str | None = None, path: str | Path | None = None
    ) -> Operation | None:
        """Kind → file → dry run in the background → preview; the preview's Import runs
        it for real, also in the background. Each step can be given instead of asked."""
        if kind is None:
            labels = [kind_label(k) for k in IMPORT_KINDS]
            chosen, ok = QInputDialog.getItem(
                self, self.tr("Import"), self.tr("What does the file hold?"), labels, 0, False
            )
            if not ok:
                return None
            kind = IMPORT_KINDS[labels.index(chosen)]
        if path is None:
            chosen_path, _ = QFileDialog.getOpenFileName(
                self,
                self.tr("Import {kind}").format(kind=kind_label(kind)),
                "",
                self.tr("Workbooks ({patterns})").format(patterns=IMPORT_FILTER),
            )
            if not chosen_path:
                return None
            path = chosen_path
        file_path = Path(path)
        database = self.services.database
        what = kind
        self.status.emit(self.tr("Checking {file}…").format(file=file_path.name))
        self.operation = run_operation(
            self,
            lambda progress: imports.import_file(
                database, what, file_path, dry_run=True, progress=progress
            ),
            title=self.tr("Import {kind}").format(kind=kind_label(kind)),
            label=self.tr("Checking {file}…").format(file=file_path.name),
            on_success=lambda report: self._show_preview(what, file_path, report),
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
            log.error("import check failed", exc_info=(type(error), error, error.__traceback__))
            messages.show_unexpected_error(self)
            return
        summary = str(error).splitlines()[0]
        self.status.emit(summary)
        self._open_preview(ImportPreview(file_name=path.name, summary=summary, problems=problems))

    def _show_preview(self, kind: str, path: Path, report: ImportReport) -> None:
        dialog = self._open_preview(self.preview_of(report))
        dialog.import_requested.connect(lambda: self._run_import(kind, path, dialog))

    def _open_preview(self, preview: ImportPreview) -> ImportPreviewDialog:
        dialog = ImportPreviewDialog(preview, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.preview_dialog = dialog
        dialog.open()
        return dialog

    def preview_of(self, report: ImportReport) -> ImportPreview:
        """The preview of any kind's dry run: figures, what it creates, row by row."""
        actions = {
            "added": self.tr("Add"),
            "replaced": self.tr("Replace"),
            "skipped": self.tr("Skip (no change)"),
        }
        changes = [
            [
                str(planned.row),
                actions.get(planned.action, planned.action),
                f"{planned.code} {planned.name}".strip(),
                "; ".join(f"{c.label}: {c.old} → {c.new}" for c in planned.changes),
            ]
            for planned in report.rows
        ]
        created = [*report.new_units, *(item.name for item in report.new_items)]
        return ImportPreview(
            file_name=report.file_name,
            summary=report.describe(),
            counts=[
                (self.tr("to add"), report.added),
                (self.tr("to replace"), report.replaced),
                (self.tr("unchanged, skipped"), report.skipped),
                (self.tr("to create"), len(created)),
            ],
            created=created,
            change_headers=[self.tr("Row"), self.tr("Action"), self.tr("What"), self.tr("Changes")],
            changes=changes,
        )

    def _run_import(self, kind: str, path: Path, dialog: ImportPreviewDialog) -> None:
        dialog.set_busy(True)
        database = self.services.database

        def done(report: ImportReport) -> None:
            dialog.accept()
            self.refresh()
            self.data_changed.emit()
            count = report.added + report.replaced
            self.status.emit(self.tr("Imported {n} rows").format(n=f"{count:,}"))
            if report.batch_id is not None:
                self.tabs.setCurrentIndex(TAB_HISTORY)
                self.select_batch(report.batch_id)

        def failed(error: BaseException) -> None:
            dialog.set_busy(False)
            if isinstance(error, UserError):
                self.status.emit(str(error).splitlines()[0])

        def cancelled() -> None:
            dialog.set_busy(False)
            self.status.emit(self.tr("Import cancelled; nothing was written"))

        self.operation = run_operation(
            self,
            lambda progress: imports.import_file(
                database, kind, path, dry_run=False, progress=progress
            ),
            title=self.tr("Import {kind}").format(kind=kind_label(kind)),
            label=self.tr("Importing {file}…").format(file=path.name),
            on_success=done,
            on_failure=failed,
            on_cancel=cancelled,
        )

    def undo_import(self, batch_id: int | None = None) -> Operation | None:
        """Confirm, then undo the batch (the selected one by default) in the background.
        A refused undo says why, and nothing changes."""
        batch = self.selected_batch()
        if batch_id is not None:
            batch = next((b for b in self.history_model.batches() if b.id == batch_id), None)
        if batch is None:
            self.tabs.setCurrentIndex(TAB_HISTORY)
            self.status.emit(self.tr("Choose an import in the list first"))
            return None
        question = self.tr(
            "Undo the import of {file} ({kind}, {time})?\n\n"
            "What it added is removed and what it replaced is put back."
        ).format(
            file=batch.file_name,
            kind=kind_label(batch.kind),
            time=batch.imported_at.strftime("%Y-%m-%d %H:%M"),
        )
        if not messages.ask_yes_no(self, question, self.tr("Undo import")):
            return None
        history = self.history
        target = batch.id

        def done(result: UndoResult) -> None:
            self.refresh()
            self.data_changed.emit()
            self.status.emit(
                self.tr("Import undone: {removed} rows removed, {restored} restored").format(
                    removed=f"{result.removed:,}", restored=f"{result.restored:,}"
                )
            )

        def refused(error: BaseException) -> None:
            if isinstance(error, UserError):
                self.status.emit(str(error).splitlines()[0])
                messages.show_user_error(self, error, self.tr("Undo import"))
            else:
                log.error("undo import failed", exc_info=(type(error), error, error.__traceback__))
                messages.show_unexpected_error(self)

        self.operation = run_operation(
            self,
            lambda progress: history.undo_batch(target),
            title=self.tr("Undo import"),
            label=self.tr("Undoing the import of {file}…").format(file=batch.file_name),
            # One transaction: it either completes or changes nothing; no half-way stop.
            cancellable=False,
            on_success=done,
            on_failure=refused,
            show_errors=False,
        )
        return self.operation

    # ---- manual metrics

    def _load_manual(self) -> Operation | None:
        """Read the chosen metric's grid in the background (10,000 people take a moment)."""
        code = self.manual_metric.currentData()
        if code is None:
            return None
        self._manual_generation += 1
        generation = self._manual_generation
        manual = self.manual
        metric, year, include_left = str(code), self.manual_year.value(), self._show_left

        def done(grid: ManualGrid) -> None:
            if not Shiboken.isValid(self) or generation != self._manual_generation:
                return  # a later choice is being read
            self.manual_model.set_grid(grid)
            self.manual_hint.setText(self._hint(grid.metric, editable=True))
            self.manual_proxy.invalidate()
            fit_month_grid(self.manual_grid)

        self.manual_operation = run_operation(
            self,
            lambda progress: manual.grid(metric, year, include_left=include_left),
            title=self.tr("Manual metrics"),
            label=self.tr("Reading {metric} for {year}…").format(
                metric=self.manual_metric.currentText(), year=year
            ),
            on_success=done,
        )
        return self.manual_operation

    def _hint(self, metric: ManualMetric, *, editable: bool) -> str:
        parts = [aggregation_label(metric.aggregation).capitalize()]
        if editable:
            parts.insert(
                0, self.tr("Values: {allowed}").format(allowed=allowed_values(metric.unit))
            )
        return " · ".join(parts)

    # ---- metric view

    def compute_view(self) -> Operation | None:
        """Compute the chosen metric for every person and unit in the background."""
        code = self.view_metric.currentData()
        if code is None:
            return None
        self._view_stale = False
        self._view_generation += 1
        generation = self._view_generation
        year = self.view_year.value()
        actuals = self.actuals
        staff = self.services.staff
        metric = str(code)

        def work(progress: Any) -> tuple[MonthlyGrid, dict[str, str]]:
            grid = actuals.monthly(metric, [], year)
            units_of = {row.code: row.unit_path for row in staff.list_staff(include_left=True)}
            return grid, units_of

        def done(result: tuple[MonthlyGrid, dict[str, str]]) -> None:
            if not Shiboken.isValid(self) or generation != self._view_generation:
                return  # a later choice is being computed
            grid, units_of = result
            self.view_model.set_grid(ordered(grid, units_of), units_of)
            self.view_proxy.invalidate()
            fit_month_grid(self.view_table)
            definition = next(
                (m for m in self.manual.all_metrics() if m.code == grid.metric.code), None
            )
            if definition is not None:
                self.view_hint.setText(
                    self._hint(definition, editable=False)
                    + " · "
                    + self.tr("Double-click a value to see the lines behind it")
                )

        self.view_hint.setText(self.tr("Computing…"))
        self.view_operation = run_operation(
            self,
            work,
            title=self.tr("Metric view"),
            label=self.tr("Computing {metric} for {year}…").format(
                metric=self.view_metric.currentText(), year=year
            ),
            on_success=done,
            on_cancel=lambda: self.view_hint.setText(self.tr("Cancelled")),
        )
        return self.view_operation

    def _view_double_clicked(self, index: QModelIndex) -> None:
        subject = index.data(SUBJECT_ROLE)
        period = index.data(PERIOD_ROLE)
        if subject is None or period is None:
            return
        self.show_lines_behind(str(subject), str(period))

    def show_lines_behind(self, subject: str, period: str) -> Operation | None:
        """Find the lines behind one value in the background, then list them in a dialog
        that does not block the window."""
        grid = self.view_model.grid
        if grid is None:
            return None
        actuals = self.actuals
        metric = grid.metric

        def done(details: list[LineDetail]) -> None:
            if not Shiboken.isValid(self):
                return
            name = next((r.subject_name for r in grid.rows if r.subject == subject), "")
            heading = self.tr("{metric} of {subject} {name} in {period}").format(
                metric=metric.name, subject=subject, name=name, period=period
            )
            if self.lines_dialog is not None:
                self.lines_dialog.close()
            dialog = LinesBehindDialog(heading, details, self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.destroyed.connect(lambda *_: self._forget_lines_dialog(dialog))
            self.lines_dialog = dialog
            dialog.show()

        self.operation = run_operation(
            self,
            lambda progress: actuals.lines_behind(subject, metric.code, period),
            title=self.tr("Lines behind the value"),
            on_success=done,
        )
        return self.operation

    def _forget_lines_dialog(self, dialog: LinesBehindDialog) -> None:
        if self.lines_dialog is dialog:
            self.lines_dialog = None


def ordered(grid: MonthlyGrid, units_of: dict[str, str]) -> MonthlyGrid:
    """The grid's rows grouped as in the manual grid: each unit, then its people."""

    def key(index_row: tuple[int, Any]) -> tuple[str, int, int]:
        index, row = index_row
        if row.subject_kind is SubjectKind.UNIT:
            return (row.subject, 0, index)
        return (units_of.get(row.subject, ""), 1, index)

    rows = [row for _i, row in sorted(enumerate(grid.rows), key=key)]
    return MonthlyGrid(grid.metric, grid.year, tuple(rows))


__all__ = ["IMPORT_KINDS", "ActualsPage", "NumberDelegate", "ordered"]
