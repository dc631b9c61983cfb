"""The Targets page: year, metric, dimension and level on a bar; the grid of units with their
people by month, quarter and year; the seasonality of the selected subject; Decompose…;
seasonality from history and an even reset; and the units whose assigned target differs
from the sum of their members (by the unit each person belonged to in each month)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QDate, QItemSelectionModel, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain.errors import UserError
from salesdesk.domain.text import language
from salesdesk.services.registry import Services
from salesdesk.services.targets import (
    YEAR_SLOT,
    DecomposeRequest,
    ProfileInfo,
    Subject,
    SubjectKind,
    TargetChange,
    TargetGrid,
)
from salesdesk.ui.delegates import MoneyDelegate
from salesdesk.ui.dialogs.decompose import DecomposeDialog
from salesdesk.ui.dialogs.profile_history import SCOPE_COMPANY, ProfileHistoryDialog
from salesdesk.ui.models.targets_model import (
    COL_CODE,
    COL_FIRST_SLOT,
    COL_NAME,
    COLUMN_COUNT,
    SUBJECT_ROLE,
    TargetsFilterProxy,
    TargetsModel,
    format_value,
    slot_of_column,
)
from salesdesk.ui.operations import Operation, run_operation
from salesdesk.ui.pages.base import Page
from salesdesk.ui.undo import CellEditCommand
from salesdesk.ui.widgets import messages
from salesdesk.ui.widgets.grid import ExcelGrid
from salesdesk.ui.widgets.seasonality import SeasonalityEditor

# Above this many people the grid loads in the background (a load takes over 200 ms).
BACKGROUND_LOAD_STAFF = 2000
# The side panel's first-run width: the 12 weight boxes at a comfortable size.
SIDE_WIDTH = 320


class TargetsPage(Page):
    """Targets by unit and person. Every edit goes through TargetsService and is one step
    on the page's undo stack."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.setObjectName("page_targets")
        self.targets = services.targets
        self.operation: Operation | None = None
        self.decompose_dialog: DecomposeDialog | None = None
        self.history_dialog: ProfileHistoryDialog | None = None
        self._search = ""

        self.model = TargetsModel(self.targets, self)
        self.model.undo_stack = self.undo_stack
        self.model.set_loader(self._load)
        self.proxy = TargetsFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self._build_bar()
        self.grid = ExcelGrid(self)
        self.grid.setObjectName("targetsGrid")
        self.grid.setModel(self.proxy)
        self.grid.setItemDelegate(MoneyDelegate(self.grid))
        self.grid.verticalHeader().setVisible(False)
        header = self.grid.horizontalHeader()
        header.resizeSection(COL_CODE, 150)
        header.resizeSection(COL_NAME, 64)
        for column in range(COL_FIRST_SLOT, COLUMN_COUNT):
            header.resizeSection(column, 112)
        self.grid.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)

        self._make_actions()
        self._build_side()
        self._build_layout()

        self.model.status.connect(self.status)
        self.grid.status.connect(self.status)
        self.model.grid_changed.connect(self._grid_changed)
        self.grid.selectionModel().currentChanged.connect(self._current_changed)
        # Bound methods, not lambdas: Qt disconnects them when the page is destroyed.
        self.undo_stack.indexChanged.connect(self._after_undo_step)
        for combo in (self.metric_box, self.dimension_box, self.level_box):
            combo.currentIndexChanged.connect(self._selection_changed)
        self.year_box.valueChanged.connect(self._selection_changed)
        self.refresh()

    # ---- Page interface

    def title(self) -> str:
        return self.tr("Targets")

    def toolbar_actions(self) -> list[QAction]:
        return [self.decompose_action, self.fill_down_action, self.fill_right_action]

    def main_view(self) -> QAbstractItemView:
        return self.grid

    def search(self, text: str) -> None:
        self._search = text
        self.proxy.set_search(text)

    def refresh(self) -> None:
        """Reload the grid (in the background for a large company)."""
        if self.services.staff.summary()["staff"] > BACKGROUND_LOAD_STAFF:
            year, metric, dimension, level = self.selection()
            self.operation = run_operation(
                self,
                lambda _progress: self.targets.grid(year, metric, dimension=dimension, level=level),
                title=self.tr("Targets"),
                label=self.tr("Loading targets…"),
                on_success=self._loaded,
            )
            return
        self._loaded(self._load())

    def _loaded(self, grid: TargetGrid) -> None:
        self.model.set_grid(grid)
        self.proxy.set_search(self._search)

    def _load(self) -> TargetGrid:
        year, metric, dimension, level = self.selection()
        return self.targets.grid(year, metric, dimension=dimension, level=level)

    def selection(self) -> tuple[int, str, tuple[str, int] | None, str]:
        """Year, metric code, dimension and level chosen on the bar."""
        metric = self.metric_box.currentData() or "revenue"
        dimension = self.dimension_box.currentData()
        level = self.level_box.currentData() or "people"
        return (
            self.year_box.value(),
            str(metric),
            tuple(dimension) if dimension else None,
            str(level),
        )

    # ---- building

    def _build_bar(self) -> None:
        self.year_box = QSpinBox(self)
        self.year_box.setObjectName("targetsYear")
        self.year_box.setRange(2000, 2999)
        self.year_box.setValue(QDate.currentDate().year())
        self.year_box.setGroupSeparatorShown(False)
        self.metric_box = QComboBox(self)
        self.metric_box.setObjectName("targetsMetric")
        zh = language() == "zh"
        for metric in self.targets.list_metrics():
            self.metric_box.addItem(metric.name_zh if zh else metric.name_en, metric.code)
        self.dimension_box = QComboBox(self)
        self.dimension_box.setObjectName("targetsDimension")
        self.dimension_box.addItem(self.tr("All"), None)
        kinds = {
            "product_line": self.tr("Product line"),
            "region": self.tr("Region"),
            "segment": self.tr("Segment"),
        }
        for option in self.targets.list_dimensions():
            self.dimension_box.addItem(f"{kinds[option.kind]}: {option.name}", option.value)
        self.level_box = QComboBox(self)
        self.level_box.setObjectName("targetsLevel")
        self.level_box.addItem(self.tr("People"), "people")
        self.level_box.addItem(self.tr("Units"), "units")

    def _make_actions(self) -> None:
        self.decompose_action = QAction(self.tr("Decompose…"), self)
        self.decompose_action.setObjectName("decomposeAction")
        self.decompose_action.triggered.connect(lambda: self.open_decompose())
        self.fill_down_action = QAction(self.tr("Fill down"), self)
        self.fill_down_action.setObjectName("fillDownAction")
        self.fill_down_action.setShortcut(QKeySequence("Ctrl+D"))
        self.fill_down_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.fill_down_action.triggered.connect(lambda: self.fill(down=True))
        self.fill_right_action = QAction(self.tr("Fill right"), self)
        self.fill_right_action.setObjectName("fillRightAction")
        self.fill_right_action.setShortcut(QKeySequence("Ctrl+R"))
        self.fill_right_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.fill_right_action.triggered.connect(lambda: self.fill(down=False))
        self.grid.addActions([self.fill_down_action, self.fill_right_action, self.decompose_action])
        self.grid.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

    def _build_side(self) -> None:
        self.side = QWidget(self)
        layout = QVBoxLayout(self.side)
        layout.setContentsMargins(0, 0, 0, 0)
        box = QGroupBox(self.tr("Seasonality"), self.side)
        inner = QVBoxLayout(box)
        self.subject_label = QLabel(self.tr("Select a row"), box)
        self.subject_label.setWordWrap(True)
        self.profile_box = QComboBox(box)
        self.profile_box.setObjectName("seasonalityProfile")
        self.profile_box.activated.connect(self._profile_chosen)
        self.season = SeasonalityEditor(box)
        self.season.setObjectName("seasonalityEditor")
        self.season.weights_edited.connect(self._weights_edited)
        self.history_button = QPushButton(self.tr("From history…"), box)
        self.history_button.setObjectName("profileFromHistory")
        self.history_button.setToolTip(
            self.tr("Derive the weights from the revenue of past years and assign them")
        )
        self.history_button.clicked.connect(lambda: self.open_profile_history())
        self.even_button = QPushButton(self.tr("Even"), box)
        self.even_button.setObjectName("profileEvenButton")
        self.even_button.setToolTip(self.tr("Set the 12 weights of the profile shown to 1"))
        self.even_button.clicked.connect(lambda: self.reset_even())
        profile_buttons = QHBoxLayout()
        profile_buttons.addWidget(self.history_button)
        profile_buttons.addWidget(self.even_button)
        inner.addWidget(self.subject_label)
        inner.addWidget(self.profile_box)
        inner.addWidget(self.season)
        inner.addLayout(profile_buttons)
        self.decompose_button = QPushButton(self.tr("Decompose…"), box)
        self.decompose_button.setObjectName("decomposeButton")
        self.decompose_button.clicked.connect(lambda: self.open_decompose())
        inner.addWidget(self.decompose_button)
        layout.addWidget(box)

        gaps = QGroupBox(self.tr("Reconciliation"), self.side)
        gap_layout = QVBoxLayout(gaps)
        self.reconciliation = QListWidget(gaps)
        self.reconciliation.setObjectName("reconciliationList")
        self.reconciliation.itemActivated.connect(self._gap_activated)
        self.reconciliation.itemClicked.connect(self._gap_activated)
        gap_layout.addWidget(self.reconciliation)
        layout.addWidget(gaps, 1)

    def _build_layout(self) -> None:
        bar = QHBoxLayout()
        bar.setSpacing(6)
        for label, widget in (
            (self.tr("Year"), self.year_box),
            (self.tr("Metric"), self.metric_box),
            (self.tr("Dimension"), self.dimension_box),
            (self.tr("Level"), self.level_box),
        ):
            caption = QLabel(label, self)
            caption.setBuddy(widget)
            bar.addWidget(caption)
            bar.addWidget(widget)
            bar.addSpacing(10)
        bar.addStretch(1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("targetsSplitter")
        # Explicit minimums: the window may be made narrow (the splitter honours them).
        self.grid.setMinimumWidth(200)
        # The side panel never gets narrower than its 12 weight boxes need (unclipped).
        self.side.setMinimumSize(self.side.minimumSizeHint().width(), 120)
        self.grid.setMinimumHeight(120)
        for combo in (self.metric_box, self.dimension_box, self.level_box):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(5)
        self.splitter.addWidget(self.grid)
        self.splitter.addWidget(self.side)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        # Splitter sizes and the grid's column widths are remembered by the main window
        # (objectNames targetsSplitter and targetsGrid); these are the first-run defaults.
        self.splitter.setSizes([880, max(SIDE_WIDTH, self.side.sizeHint().width())])
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        # The bar may be clipped rather than widen the window's minimum size.
        bar_widget = QWidget(self)
        bar_widget.setLayout(bar)
        bar.setContentsMargins(0, 0, 0, 0)
        bar_widget.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        layout.addWidget(bar_widget)
        layout.addWidget(self.splitter, 1)

    # ---- reacting

    def _after_undo_step(self, _index: int) -> None:
        self.data_changed.emit()

    def _selection_changed(self, _value: object) -> None:
        self.refresh()

    def _grid_changed(self) -> None:
        self._fill_reconciliation()
        self._show_subject()

    def _fill_reconciliation(self) -> None:
        self.reconciliation.clear()
        grid = self.model.grid()
        if grid is None or not grid.metric.is_sum:
            return
        for row in grid.rows:
            if not row.is_unit or not row.gap:
                continue
            gap = row.gap[YEAR_SLOT]
            if gap is None or gap == 0:
                continue
            item = QListWidgetItem(f"{row.code}   {format_value(gap, grid.metric)}")
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            item.setToolTip(
                self.tr("Assigned {a} · members {m}").format(
                    a=format_value(_year_own(row.own), grid.metric),
                    m=format_value(row.members[YEAR_SLOT], grid.metric),
                )
            )
            item.setForeground(Qt.GlobalColor.darkRed)
            self.reconciliation.addItem(item)
        if self.reconciliation.count() == 0:
            self.reconciliation.addItem(QListWidgetItem(self.tr("No gaps")))

    def _gap_activated(self, item: QListWidgetItem) -> None:
        unit_id = item.data(Qt.ItemDataRole.UserRole)
        if unit_id is not None:
            self.select_subject(Subject.unit(int(unit_id)))

    def select_subject(self, subject: Subject) -> None:
        position = self.model.row_of(subject)
        if position is None:
            return
        index = self.proxy.mapFromSource(self.model.index(position, COL_CODE))
        if index.isValid():
            self.grid.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
            self.grid.scrollTo(index)

    def current_subject(self) -> Subject | None:
        index = self.grid.currentIndex()
        if not index.isValid():
            return None
        subject = index.data(SUBJECT_ROLE)
        return subject if isinstance(subject, Subject) else None

    def _current_changed(self, *_: object) -> None:
        self._show_subject()

    def _show_subject(self) -> None:
        subject = self.current_subject()
        self.decompose_button.setEnabled(subject is not None and subject.kind is SubjectKind.UNIT)
        self.decompose_action.setEnabled(self.decompose_button.isEnabled())
        self.profile_box.clear()
        self.history_button.setEnabled(subject is not None)
        self.even_button.setEnabled(False)
        if subject is None:
            self.subject_label.setText(self.tr("Select a row"))
            self.season.set_weights([Decimal(1)] * 12, editable=False)
            self.profile_box.setEnabled(False)
            return
        position = self.model.row_of(subject)
        row = self.model.row_at(position) if position is not None else None
        label = "" if row is None else row.code if row.is_unit else f"{row.code} {row.name}"
        self.subject_label.setText(label)
        try:
            resolved = self.targets.profile_for(subject)
            profiles = self.targets.list_profiles()
        except UserError as exc:
            self.status.emit(str(exc))
            return
        self.profile_box.setEnabled(True)
        inherited = resolved.profile if not resolved.own else None
        self.profile_box.addItem(
            self.tr("Inherited: {name}").format(name=inherited.name)
            if inherited is not None
            else self.tr("Even (default)"),
            None,
        )
        for profile in profiles:
            self.profile_box.addItem(profile.name, profile.id)
        if resolved.own and resolved.profile is not None:
            self.profile_box.setCurrentIndex(self.profile_box.findData(resolved.profile.id))
        shown = resolved.profile
        self.season.set_weights(
            list(shown.weights) if shown is not None else [Decimal(1)] * 12,
            editable=shown is not None,
        )
        self.even_button.setEnabled(shown is not None and any(w != 1 for w in shown.weights))

    def _profile_chosen(self, _index: int) -> None:
        subject = self.current_subject()
        if subject is None:
            return
        chosen = self.profile_box.currentData()
        try:
            self.targets.assign_profile(subject, None if chosen is None else int(chosen))
        except UserError as exc:
            self._refused(exc)
        self._show_subject()
        self.status.emit(self.tr("Seasonality profile changed"))

    def _weights_edited(self, weights: list[Decimal]) -> None:
        subject = self.current_subject()
        if subject is None:
            return
        resolved = self.targets.profile_for(subject)
        if resolved.profile is None:
            return
        try:
            updated = self.targets.update_profile(
                resolved.profile.id, resolved.profile.version, weights=weights
            )
        except UserError as exc:
            self._refused(exc)
            self._show_subject()
            return
        self.status.emit(self.tr("Saved the weights of {name}").format(name=updated.name))

    def reset_even(self) -> ProfileInfo | None:
        """Set the 12 weights of the profile shown (as editing them by hand would) to 1."""
        subject = self.current_subject()
        if subject is None:
            return None
        resolved = self.targets.profile_for(subject)
        if resolved.profile is None:
            return None
        try:
            updated = self.targets.update_profile(
                resolved.profile.id, resolved.profile.version, weights=[Decimal(1)] * 12
            )
        except UserError as exc:
            self._refused(exc)
            return None
        self._show_subject()
        self.status.emit(self.tr("{name} is even again").format(name=updated.name))
        return updated

    def open_profile_history(self) -> ProfileHistoryDialog | None:
        """Open "From history…" for the current row's unit or person, not modal."""
        subject = self.current_subject()
        if subject is None:
            self.status.emit(self.tr("Select a unit or a person first"))
            return None
        position = self.model.row_of(subject)
        row = self.model.row_at(position) if position is not None else None
        label = "" if row is None else row.code if row.is_unit else f"{row.code} {row.name}"
        try:
            years = [y for y in self.targets.sales_years() if y < self.year_box.value()]
        except UserError as exc:
            self._refused(exc)
            return None

        def history(scope: str) -> dict[str, int | None]:
            if scope == SCOPE_COMPANY:
                return {"unit_id": None, "staff_id": None}
            if subject.kind is SubjectKind.UNIT:
                return {"unit_id": subject.id, "staff_id": None}
            return {"unit_id": None, "staff_id": subject.id}

        def weights(chosen: list[int], scope: str) -> tuple[Decimal, ...]:
            return self.targets.history_weights(chosen, **history(scope))

        def save(name: str, chosen: list[int], scope: str) -> ProfileInfo:
            return self.targets.derive_profile(name, chosen, assign_to=subject, **history(scope))

        dialog = ProfileHistoryDialog(label, years, weights, save, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._profile_saved)
        self.history_dialog = dialog
        dialog.open()
        return dialog

    def _profile_saved(self, profile: ProfileInfo) -> None:
        self._show_subject()
        self.status.emit(
            self.tr("Saved the seasonality profile {name} and assigned it").format(
                name=profile.name
            )
        )

    # ---- actions

    def fill(self, *, down: bool) -> int:
        """Copy the first row (down) or column (right) of the selection over the rest of
        it, as one undo step."""
        indexes = self.grid.selectionModel().selectedIndexes()
        if not indexes:
            return 0
        rows = sorted({i.row() for i in indexes})
        columns = sorted({i.column() for i in indexes})
        entries = []
        for index in indexes:
            source = (
                self.proxy.index(rows[0], index.column())
                if down
                else self.proxy.index(index.row(), columns[0])
            )
            if source == index or slot_of_column(index.column()) is None:
                continue
            value = source.data(Qt.ItemDataRole.EditRole)
            entries.append((self.proxy.mapToSource(index), value))
        entries = [(i, v) for i, v in entries if self.model.flags(i) & Qt.ItemFlag.ItemIsEditable]
        if not entries:
            return 0
        text = self.tr("Fill down") if down else self.tr("Fill right")
        try:
            changed = self.model.edit_cells(entries, text)
        except UserError as exc:
            self._refused(exc)
            return 0
        self.status.emit(self.tr("Filled {n} cell(s)").format(n=changed))
        return changed

    def open_decompose(self, unit_id: int | None = None) -> DecomposeDialog | None:
        """Open the Decompose dialog for a unit (default: the current row's), not modal."""
        if unit_id is None:
            subject = self.current_subject()
            if subject is None or subject.kind is not SubjectKind.UNIT:
                self.status.emit(self.tr("Select a unit row to decompose its target"))
                return None
            unit_id = subject.id
        grid = self.model.grid()
        if grid is None:
            return None
        position = self.model.row_of(Subject.unit(unit_id))
        path = self.model.row_at(position).code if position is not None else ""
        dialog = DecomposeDialog(
            unit_id,
            path,
            grid.year,
            grid.metric,
            grid.dimension,
            self.targets.decompose_preview,
            self.apply_decompose,
            self,
            profiles=self.targets.list_profiles(),
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.decompose_dialog = dialog
        dialog.open()
        return dialog

    def apply_decompose(self, request: DecomposeRequest) -> list[TargetChange]:
        """Write an allocation as one undo step."""
        changes = self.targets.decompose_apply(request)
        if changes:
            old: dict[Any, Any] = {}
            new: dict[Any, Any] = {}
            for change in changes:
                key = (change.subject.kind, change.subject.id, _month_slot(change.period))
                old[key] = change.old
                new[key] = change.new
            self.undo_stack.push(
                CellEditCommand(
                    self.model, old, new, self.tr("Decompose"), reporter=self.model.reporter
                )
            )
            self.model.apply_changes(changes)
        self.status.emit(self.tr("Allocated to {n} month target(s)").format(n=len(changes)))
        self.data_changed.emit()
        return changes

    def _refused(self, exc: UserError) -> None:
        self.status.emit(str(exc))
        messages.show_user_error(self, exc)


def _month_slot(code: str) -> int:
    return int(code[5:7]) - 1


def _year_own(own: tuple[Decimal | None, ...]) -> Decimal | None:
    present = [v for v in own[:12] if v is not None]
    return sum(present, Decimal(0)) if present else None


__all__ = ["TargetsPage"]
