"""The Cycles page (考核): the cycle list with each cycle's state, the state bar
(草稿 → 进行中 → 校准 → 已确认 → 已关闭) with buttons for the allowed moves, and the cycle's
tabs — 结果 (results, built here), then the tabs of :mod:`salesdesk.ui.pages.cycle_tabs`
(评分, 重点工作, 加扣分, 校准, 面谈, 申诉, each in its own module).

The tab protocol
----------------
Every tab widget implements ``set_cycle(summary: CycleSummary | None, results:
CycleResults | None) -> None`` (called with ``results=None`` when another cycle is chosen,
then again with the results once scoring finished in the background) and ``refresh() ->
None``; optionally the signals ``status(str)`` and ``data_changed()`` (the page rescores
and tells the main window) and the methods ``set_person(code)``, ``main_view()`` and
``search(text)``. A tab joins the page by defining ``CYCLE_TAB = CycleTabSpec(...)`` in
``salesdesk/ui/pages/cycle_tabs/<key>.py`` (the module names the page looks for are
``cycle_tabs.TAB_MODULES``), or at run time through :meth:`CyclesPage.add_tab`. The full
description is in the docstring of :mod:`salesdesk.ui.pages.cycle_tabs`.

Confirmed and closed cycles are read-only everywhere on the page; for them the page checks
in the background whether the data changed since confirmation and says so in a notice bar.
"""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QFont, QIcon, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import Shiboken

from salesdesk.domain.errors import UserError
from salesdesk.domain.workflow import (
    ORDER,
    CycleState,
    allowed_moves,
    check_move,
    is_forward,
    overrides_editable,
    results_frozen,
    state_label,
)
from salesdesk.services.cycle_scoring import CycleResults
from salesdesk.services.cycles import CycleSummary
from salesdesk.services.registry import Services
from salesdesk.ui.dialogs.move_back import MoveBackDialog
from salesdesk.ui.dialogs.new_cycle import NewCycleDialog
from salesdesk.ui.dialogs.participants import ParticipantsDialog
from salesdesk.ui.dialogs.scorecard import ScorecardDialog
from salesdesk.ui.models.cycles import (
    CODE_ROLE,
    COL_CODE,
    COL_FIRST_ITEM,
    COL_NAME,
    COL_RANK,
    COL_UNIT,
    STATE_COLOURS,
    TAIL_COLUMNS,
    CycleListModel,
    ResultsFilterProxy,
    ResultsModel,
)
from salesdesk.ui.operations import Operation, State, run_operation
from salesdesk.ui.pages.base import Page
from salesdesk.ui.pages.cycle_tabs import TAB_ORDER, CycleTabSpec, discover_tabs
from salesdesk.ui.widgets import messages
from salesdesk.ui.widgets.grid import ExcelGrid

log = logging.getLogger(__name__)

LIST_WIDTH = 250
NOTICE_STYLE = (
    "QLabel#dataChangedNotice { background: #fff4ce; color: #5c4400;"
    " border: 1px solid #e0c36a; border-radius: 3px; padding: 5px 8px; }"
)
READ_ONLY_STYLE = "color: #5d6d7e; font-style: italic;"
TAIL_WIDTHS = {
    "bonus": 60,
    "deduction": 60,
    "total": 70,
    "band_grade": 50,
    "distributed_grade": 64,
    "final_grade": 50,
    "coefficient": 56,
    "performance_pay": 100,
    "warnings": 60,
}


# --------------------------------------------------------------------------- the state bar


class StateBar(QWidget):
    """草稿 → 进行中 → 校准 → 已确认 → 已关闭 with the current state highlighted, and one
    button per allowed move (forward first, then the moves back)."""

    move_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cycleStateBar")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.setSpacing(4)
        self.steps: dict[CycleState, QLabel] = {}
        for position, state in enumerate(ORDER):
            if position:
                arrow = QLabel("→", self)
                arrow.setStyleSheet("color: palette(placeholder-text);")
                layout.addWidget(arrow)
            label = QLabel(state_label(state), self)
            label.setObjectName(f"state_{state.value}")
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.steps[state] = label
            layout.addWidget(label)
        layout.addSpacing(16)
        self.buttons_layout = QHBoxLayout()
        self.buttons_layout.setSpacing(6)
        layout.addLayout(self.buttons_layout)
        layout.addStretch(1)
        self.buttons: list[QPushButton] = []
        # A narrow window clips the bar rather than growing its minimum width.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.set_state(None)

    def set_state(self, state: str | None, *, enabled: bool = True) -> None:
        current = None if state is None else CycleState(state)
        for step, label in self.steps.items():
            if current is None:
                style = "color: palette(placeholder-text); padding: 3px 8px;"
            elif step is current:
                colour = STATE_COLOURS[step]
                style = (
                    f"background: {colour}; color: white; font-weight: 600;"
                    " border-radius: 9px; padding: 3px 10px;"
                )
            elif ORDER.index(step) < ORDER.index(current):
                style = f"color: {STATE_COLOURS[step]}; padding: 3px 8px;"
            else:
                style = "color: palette(placeholder-text); padding: 3px 8px;"
            label.setStyleSheet(style)
        for button in self.buttons:
            self.buttons_layout.removeWidget(button)
            button.deleteLater()
        self.buttons = []
        if current is None:
            return
        for target in allowed_moves(current):
            button = QPushButton(self._move_text(current, target), self)
            button.setObjectName(f"move_{target.value}")
            button.setProperty("target_state", target.value)
            button.setEnabled(enabled)
            if is_forward(current, target):
                font = QFont(button.font())
                font.setBold(True)
                button.setFont(font)
            button.clicked.connect(lambda _c=False, t=target.value: self.move_requested.emit(t))
            self.buttons_layout.addWidget(button)
            self.buttons.append(button)

    def targets(self) -> list[str]:
        return [str(b.property("target_state")) for b in self.buttons]

    def _move_text(self, current: CycleState, target: CycleState) -> str:
        if not is_forward(current, target):
            return self.tr("Back to {state}…").format(state=state_label(target))
        texts = {
            CycleState.OPEN: self.tr("Open the cycle"),
            CycleState.CALIBRATION: self.tr("Start calibration"),
            CycleState.CONFIRMED: self.tr("Confirm results…"),
            CycleState.CLOSED: self.tr("Close the cycle"),
        }
        return texts.get(target, state_label(target))


# --------------------------------------------------------------------------- the results tab


class ResultsTab(QWidget):
    """结果: every scorecard of the cycle (rank, code, name, unit, item scores, bonus,
    deduction, total, band / distributed / final grade, coefficient, pay, warnings),
    sortable, filtered by the search box and by grade; double-click opens the scorecard."""

    scorecard_requested = Signal(str)
    adjust_requested = Signal(str)
    person_selected = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resultsTab")
        self.summary: CycleSummary | None = None
        self.results: CycleResults | None = None
        self.model = ResultsModel(self)
        self.proxy = ResultsFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = ExcelGrid(self)
        self.table.setObjectName("cycleResultsTable")
        self.table.setModel(self.proxy)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setSortingEnabled(True)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.table.horizontalHeader()
        header.setSortIndicator(COL_RANK, Qt.SortOrder.AscendingOrder)
        header.setMinimumSectionSize(36)

        self.grade_filter = QComboBox(self)
        self.grade_filter.setObjectName("gradeFilter")
        self.info = QLabel(self)
        self.info.setObjectName("resultsInfo")
        self.info.setStyleSheet("color: palette(placeholder-text);")
        self.info.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.empty = QLabel(self)
        self.empty.setObjectName("resultsEmpty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: palette(placeholder-text); padding: 24px;")

        bar = QHBoxLayout()
        bar.setContentsMargins(0, 4, 0, 4)
        caption = QLabel(self.tr("Final grade"), self)
        caption.setBuddy(self.grade_filter)
        bar.addWidget(caption)
        bar.addWidget(self.grade_filter)
        bar.addSpacing(12)
        bar.addWidget(self.info, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)

        self._resetting = False
        self._sized_for: tuple[str, ...] | None = None
        self.open_action = QAction(self.tr("Open scorecard"), self)
        self.open_action.setObjectName("openScorecardAction")
        self.open_action.triggered.connect(self._open_current)
        self.adjust_action = QAction(self.tr("Adjust grade…"), self)
        self.adjust_action.setObjectName("adjustGradeAction")
        self.adjust_action.triggered.connect(self._adjust_current)
        self.table.addActions([self.open_action, self.adjust_action])
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

        self.grade_filter.currentIndexChanged.connect(self._grade_chosen)
        self.table.doubleClicked.connect(self._double_clicked)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self._fill_grades([])
        self.set_cycle(None, None)

    # ---- the tab protocol

    def set_cycle(self, summary: CycleSummary | None, results: CycleResults | None) -> None:
        same_cycle = (
            summary is not None and self.summary is not None and summary.id == self.summary.id
        )
        kept = self.current_code() if same_cycle else None
        column = self.table.currentIndex().column()
        self.summary = summary
        self.results = results if summary is not None else None
        self._resetting = True
        try:
            self.model.set_results(self.results)
        finally:
            self._resetting = False
        if self.results is not None and self._sized_for != self.results.item_names:
            # Only when the columns change: widths the user set survive a rescoring.
            self._sized_for = self.results.item_names
            self._size_columns()
        self.proxy.invalidate()
        if kept is not None:
            self.select_person(kept, column)
        self.adjust_action.setEnabled(summary is not None and overrides_editable(summary.state))
        grades = []
        if self.results is not None:
            grades = [str(g.get("grade")) for g in self.results.distribution.get("grades", [])]
        self._fill_grades(grades)
        self._describe()

    def refresh(self) -> None:
        """The results come from the page's scoring."""

    def main_view(self) -> QAbstractItemView:
        return self.table

    def search(self, text: str) -> None:
        self.proxy.set_search(text)

    # ---- showing

    def _size_columns(self) -> None:
        header = self.table.horizontalHeader()
        widths = {COL_RANK: 58, COL_CODE: 70, COL_NAME: 72, COL_UNIT: 140}
        for column, width in widths.items():
            header.resizeSection(column, width)
        items = self.model.item_names()
        metrics = self.table.fontMetrics()
        for offset, name in enumerate(items):
            width = min(max(64, metrics.horizontalAdvance(name) + 24), 130)
            header.resizeSection(COL_FIRST_ITEM + offset, width)
        for key in TAIL_COLUMNS:
            title = str(
                self.model.headerData(self.model.column(key), Qt.Orientation.Horizontal) or ""
            )
            width = max(TAIL_WIDTHS[key], metrics.horizontalAdvance(title) + 24)
            header.resizeSection(self.model.column(key), width)

    def _fill_grades(self, grades: list[str]) -> None:
        chosen = self.grade_filter.currentData()
        self.grade_filter.blockSignals(True)
        self.grade_filter.clear()
        self.grade_filter.addItem(self.tr("All"), None)
        for grade in grades:
            self.grade_filter.addItem(grade, grade)
        self.grade_filter.addItem(self.tr("With warnings"), ResultsFilterProxy.WARNINGS)
        position = self.grade_filter.findData(chosen) if chosen is not None else 0
        self.grade_filter.setCurrentIndex(max(position, 0))
        self.grade_filter.blockSignals(False)
        self.proxy.set_grade(self.grade_filter.currentData())

    def _describe(self) -> None:
        results = self.results
        if self.summary is None:
            self.empty.setText(
                self.tr("No cycle selected. Create one with New cycle… to start an appraisal.")
            )
            self.empty.setVisible(True)
            self.info.setText("")
            return
        if results is None:
            self.empty.setVisible(False)
            self.info.setText(self.tr("Scoring…"))
            return
        if not results.rows:
            self.empty.setText(self.tr("This cycle has no participants."))
            self.empty.setVisible(True)
        else:
            self.empty.setVisible(False)
        totals = [r.total for r in results.rows if r.total is not None]
        parts = [self.tr("%n people", "", len(results.rows))]
        if totals:
            mean = sum(totals, Decimal(0)) / len(totals)
            parts.append(self.tr("average total {mean}").format(mean=f"{mean:,.2f}"))
        warned = sum(1 for r in results.rows if r.has_warnings)
        if warned:
            parts.append(self.tr("%n with warnings", "", warned))
        if results.frozen:
            parts.append(self.tr("frozen at confirmation"))
        elif results.unconfirmable:
            parts.append(self.tr("%n with items nobody rated yet", "", len(results.unconfirmable)))
        self.info.setText(" · ".join(parts))

    def show_message(self, text: str) -> None:
        self.info.setText(text)

    # ---- reacting

    def _grade_chosen(self, _index: int) -> None:
        self.proxy.set_grade(self.grade_filter.currentData())

    def _double_clicked(self, index: QModelIndex) -> None:
        code = index.data(CODE_ROLE)
        if code:
            self.scorecard_requested.emit(str(code))

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._resetting:
            return  # new results: the person stays chosen (see set_cycle)
        code = current.data(CODE_ROLE) if current.isValid() else None
        self.person_selected.emit(None if code is None else str(code))

    def select_person(self, code: str, column: int = COL_NAME) -> bool:
        """Make `code`'s row current (if the filter shows it)."""
        position = self.model.row_of(code)
        if position is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(position, max(column, 0)))
        if not index.isValid():
            return False
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.table.scrollTo(index)
        return True

    def _open_current(self) -> None:
        code = self.current_code()
        if code is not None:
            self.scorecard_requested.emit(code)

    def _adjust_current(self) -> None:
        code = self.current_code()
        if code is not None:
            self.adjust_requested.emit(code)

    def current_code(self) -> str | None:
        index = self.table.currentIndex()
        code = index.data(CODE_ROLE) if index.isValid() else None
        return None if code is None else str(code)

    def visible_codes(self) -> list[str]:
        """Staff codes in the table's current order (sorted and filtered)."""
        return [
            str(self.proxy.index(row, COL_CODE).data(CODE_ROLE))
            for row in range(self.proxy.rowCount())
        ]


# --------------------------------------------------------------------------- the page


class CyclesPage(Page):
    """Cycles: list, state bar, tabs. Moves run in the background (confirming scores the
    whole cycle); the results are computed in the background whenever a cycle is chosen
    or its data changed."""

    # The page's current cycle (CycleSummary or None) and its results once computed.
    cycle_changed = Signal(object)
    results_ready = Signal(object)
    # A scoring of the current cycle has started (the window's own preparation of the
    # results gives way to it).
    scoring_started = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.setObjectName("page_cycles")
        self.cycles = services.cycles
        self._summary: CycleSummary | None = None
        self._results: CycleResults | None = None
        self._results_stale = True
        self._data_changed_since: bool | None = None
        self._generation = 0
        self._search = ""
        self._person: str | None = None
        self._building = True
        self._selecting = False

        # The running operations and open dialogs (tests look at them).
        self.operation: Operation | None = None
        self.results_operation: Operation | None = None
        self.check_operation: Operation | None = None
        self.scorecard_dialog: ScorecardDialog | None = None
        self.move_dialog: MoveBackDialog | None = None
        self.new_dialog: NewCycleDialog | None = None
        self.participants_dialog: ParticipantsDialog | None = None

        self.list_model = CycleListModel(self)
        self.cycle_list = QListView(self)
        self.cycle_list.setObjectName("cycleList")
        self.cycle_list.setModel(self.list_model)
        self.cycle_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.cycle_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.cycle_list.setSpacing(2)
        self.cycle_list.setWordWrap(True)
        self.cycle_list.setTextElideMode(Qt.TextElideMode.ElideRight)

        self.state_bar = StateBar(self)
        self.results_tab = ResultsTab(self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("cycleTabs")
        self.tabs.setDocumentMode(True)
        self._tab_order: list[int] = []
        self.tab_widgets: list[QWidget] = []
        self._tabs_to_refresh: set[QWidget] = set()  # stale, reloaded when next shown
        self.add_tab(self.results_tab, self.tr("Results"), order=TAB_ORDER["results"])
        self.tab_specs: list[CycleTabSpec] = discover_tabs()
        for spec in self.tab_specs:
            widget = spec.build(self)
            widget.setProperty("cycle_tab_key", spec.key)
            self.add_tab(widget, spec.title(), order=spec.order)

        self._make_actions()
        self._build_layout()

        self.cycle_list.selectionModel().currentChanged.connect(self._cycle_chosen)
        self.state_bar.move_requested.connect(self.request_move)
        self.results_tab.scorecard_requested.connect(self.show_scorecard)
        self.results_tab.person_selected.connect(self._person_selected)
        self.results_tab.adjust_requested.connect(self.adjust_grade_of)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.refresh()
        self._building = False

    # ---- Page interface

    def title(self) -> str:
        return self.tr("Cycles")

    def toolbar_actions(self) -> list[QAction]:
        return [self.new_action, self.delete_action, self.refresh_action]

    def main_view(self) -> QAbstractItemView:
        widget = self.tabs.currentWidget()
        view_of = getattr(widget, "main_view", None)
        view = view_of() if callable(view_of) else None
        return view if isinstance(view, QAbstractItemView) else self.results_tab.table

    def search(self, text: str) -> None:
        """Filter the results by code, name or unit (and the current tab, if it searches)."""
        self._search = text
        self.results_tab.search(text)
        widget = self.tabs.currentWidget()
        if widget is not self.results_tab:
            search = getattr(widget, "search", None)
            if callable(search):
                search(text)

    def refresh(self) -> None:
        """Reload the cycle list (keeping the chosen cycle) and rescore it."""
        with self.cycles.sharing_reads():  # the tabs read the participants once
            self._refresh()

    def _refresh(self) -> None:
        chosen = None if self._summary is None else self._summary.id
        try:
            cycles = self.cycles.list_cycles()
        except UserError as exc:
            self.status.emit(str(exc))
            return
        self.list_model.set_cycles(cycles)
        position = self.list_model.row_of(chosen) if chosen is not None else None
        if position is None and cycles:
            position = 0
        if position is None:
            self._show_cycle(None)
        else:
            index = self.list_model.index(position, 0)
            # One _show_cycle below, whether or not the current row changes.
            self._selecting = True
            try:
                self.cycle_list.selectionModel().setCurrentIndex(
                    index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                )
            finally:
                self._selecting = False
            self._show_cycle(self.list_model.cycle_at(position))
        # The scoring has started in the background: the tab on show reloads meanwhile,
        # the others when they are next shown (each holds the GUI thread a while in a
        # large cycle: the ratings tab lists every member of staff as a rater).
        current = self.tabs.currentWidget()
        for widget in self.tab_widgets:
            if widget is self.results_tab:
                continue
            if widget is current:
                self._refresh_tab(widget)
            else:
                self._tabs_to_refresh.add(widget)

    def _refresh_tab(self, widget: QWidget) -> None:
        self._tabs_to_refresh.discard(widget)
        refresh = getattr(widget, "refresh", None)
        if callable(refresh):
            refresh()

    # ---- for the tabs (the CycleTabHost protocol)

    def current_cycle(self) -> CycleSummary | None:
        return self._summary

    def current_results(self) -> CycleResults | None:
        return self._results

    def current_person(self) -> str | None:
        return self._person

    def read_only(self) -> bool:
        """Confirmed and closed cycles (and no cycle) cannot be changed on this page."""
        return self._summary is None or results_frozen(self._summary.state)

    def add_tab(self, widget: QWidget, title: str, *, order: int | None = None) -> int:
        """Add a tab (a widget of the CycleTab protocol) at its place by `order`; returns
        its index. Its `status` and `data_changed` signals are connected if it has them."""
        order = (self._tab_order[-1] + 1 if self._tab_order else 0) if order is None else order
        position = sum(1 for o in self._tab_order if o <= order)
        self._tab_order.insert(position, order)
        self.tab_widgets.insert(position, widget)
        self.tabs.insertTab(position, widget, title)
        if widget is not self.results_tab:
            status = getattr(widget, "status", None)
            if status is not None and hasattr(status, "connect"):
                status.connect(self.status)
            changed = getattr(widget, "data_changed", None)
            if changed is not None and hasattr(changed, "connect"):
                changed.connect(self._tab_data_changed)
            if not self._building or self._summary is not None:
                self._notify(widget)
        return position

    def tab(self, key: str) -> QWidget | None:
        """A tab of cycle_tabs by its key (`calibration`, `ratings`, ...)."""
        for widget in self.tab_widgets:
            if widget.property("cycle_tab_key") == key:
                return widget
        return None

    # ---- building

    def _make_actions(self) -> None:
        self.new_action = QAction(self.tr("New cycle…"), self)
        self.new_action.setObjectName("newCycleAction")
        self.new_action.setIcon(QIcon.fromTheme(QIcon.ThemeIcon.DocumentNew))
        self.new_action.triggered.connect(lambda: self.open_new_cycle())
        self.delete_action = QAction(self.tr("Delete draft"), self)
        self.delete_action.setObjectName("deleteCycleAction")
        self.delete_action.setIcon(QIcon.fromTheme(QIcon.ThemeIcon.EditDelete))
        self.delete_action.triggered.connect(lambda: self.delete_cycle())
        self.refresh_action = QAction(self.tr("Refresh"), self)
        self.refresh_action.setObjectName("refreshCyclesAction")
        self.refresh_action.setIcon(QIcon.fromTheme(QIcon.ThemeIcon.ViewRefresh))
        self.refresh_action.setShortcut(QKeySequence.StandardKey.Refresh)
        self.refresh_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.refresh_action.triggered.connect(lambda: self.refresh())
        self.participants_action = QAction(self.tr("Participants…"), self)
        self.participants_action.setObjectName("participantsAction")
        self.participants_action.triggered.connect(lambda: self.open_participants())
        self.addActions([self.new_action, self.refresh_action])

    def _build_layout(self) -> None:
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.setSpacing(4)
        heading = QLabel(self.tr("Appraisal cycles"), left)
        heading.setStyleSheet("font-weight: 600; padding: 2px 2px;")
        left_layout.addWidget(heading)
        left_layout.addWidget(self.cycle_list, 1)
        buttons = QHBoxLayout()
        buttons.setSpacing(2)
        for action in (self.new_action, self.delete_action, self.participants_action):
            button = QToolButton(left)
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            buttons.addWidget(button)
        buttons.addStretch(1)
        left_layout.addLayout(buttons)
        left.setMinimumWidth(120)

        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.setSpacing(4)
        self.heading = QLabel(right)
        self.heading.setObjectName("cycleHeading")
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setMinimumWidth(60)  # a long name is cut, the window stays narrow
        self.details = QLabel(right)
        self.details.setObjectName("cycleDetails")
        self.details.setStyleSheet("color: palette(placeholder-text);")
        self.details.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.read_only_label = QLabel(right)
        self.read_only_label.setObjectName("cycleReadOnly")
        self.read_only_label.setStyleSheet(READ_ONLY_STYLE)
        title_row = QHBoxLayout()
        title_row.addWidget(self.heading)
        title_row.addSpacing(12)
        title_row.addWidget(self.details, 1)
        title_row.addWidget(self.read_only_label)
        self.notice = QLabel(right)
        self.notice.setObjectName("dataChangedNotice")
        self.notice.setStyleSheet(NOTICE_STYLE)
        self.notice.setWordWrap(True)
        self.notice.setVisible(False)
        right_layout.addLayout(title_row)
        right_layout.addWidget(self.state_bar)
        right_layout.addWidget(self.notice)
        right_layout.addWidget(self.tabs, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("cyclesSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([LIST_WIDTH, 900])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.splitter)

    # ---- choosing a cycle

    def select_cycle(self, cycle_id: int) -> bool:
        """Show the cycle with this id (and score it); False when it is not listed."""
        position = self.list_model.row_of(cycle_id)
        if position is None:
            return False
        index = self.list_model.index(position, 0)
        if self.cycle_list.currentIndex() == index:
            self._show_cycle(self.list_model.cycle_at(position))
        else:
            self.cycle_list.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
        return True

    def _cycle_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._selecting:
            return
        if not current.isValid():
            self._show_cycle(None)
            return
        self._show_cycle(self.list_model.cycle_at(current.row()))

    def _show_cycle(self, summary: CycleSummary | None) -> None:
        with self.cycles.sharing_reads():
            self._show(summary)

    def _show(self, summary: CycleSummary | None) -> None:
        changed_cycle = summary is None or self._summary is None or summary.id != self._summary.id
        self._summary = summary
        self._results = None
        self._data_changed_since = None
        self._generation += 1  # results on their way for another state are dropped
        self.notice.setVisible(False)
        self._show_header()
        if changed_cycle:
            self._person = None
            self.undo_stack.clear()
        self._results_stale = summary is not None
        if summary is not None and not self._building:
            self.rescore()  # first: a large cycle is scored while the tabs load
        self.cycle_changed.emit(summary)
        self._notify_all()

    def _show_header(self) -> None:
        summary = self._summary
        self.delete_action.setEnabled(summary is not None and summary.state == CycleState.DRAFT)
        self.participants_action.setEnabled(summary is not None)
        if summary is None:
            self.heading.setText(self.tr("No cycle"))
            self.details.setText("")
            self.read_only_label.setText("")
            self.state_bar.set_state(None)
            return
        self.heading.setText(summary.name)
        parts = [
            summary.scheme,
            self.tr("%n participant(s)", "", summary.participants),
        ]
        if summary.opened_at is not None:
            parts.append(
                self.tr("opened {date}").format(date=summary.opened_at.strftime("%Y-%m-%d"))
            )
        if summary.confirmed_at is not None:
            parts.append(
                self.tr("confirmed {date}").format(date=summary.confirmed_at.strftime("%Y-%m-%d"))
            )
        self.details.setText(" · ".join(parts))
        self.details.setToolTip(" · ".join(parts))
        if summary.state == CycleState.CLOSED:
            self.read_only_label.setText(self.tr("Closed: read-only"))
        elif summary.state == CycleState.CONFIRMED:
            self.read_only_label.setText(self.tr("Confirmed: scores frozen, read-only"))
        else:
            self.read_only_label.setText("")
        self.state_bar.set_state(summary.state)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._results_stale and self._summary is not None and not self._building:
            self.rescore()

    # ---- results

    def rescore(self) -> Operation | None:
        """Compute (or, for a confirmed cycle, read) the current cycle's results in the
        background; every tab gets them when they arrive."""
        summary = self._summary
        if summary is None:
            return None
        self._results_stale = False
        self._generation += 1
        generation = self._generation
        earlier = self.results_operation
        if earlier is not None and earlier.state is State.RUNNING:
            # Its results would be dropped; the actuals it is computing are finished for
            # this scoring, which waits for them (cycle_scoring._Flight).
            earlier.abandon()
        cycles = self.cycles
        cycle_id = summary.id
        self.results_tab.show_message(self.tr("Scoring…"))
        self.scoring_started.emit()

        def done(results: CycleResults) -> None:
            if not Shiboken.isValid(self) or generation != self._generation:
                return  # another cycle was chosen, or the data changed again
            self._set_results(results)

        def failed(error: BaseException) -> None:
            if not Shiboken.isValid(self) or generation != self._generation:
                return
            self._results_stale = True
            if isinstance(error, UserError):
                self.results_tab.show_message(str(error).splitlines()[0])
                self.status.emit(str(error))
            else:
                log.error("scoring failed", exc_info=(type(error), error, error.__traceback__))
                self.results_tab.show_message(self.tr("Scoring failed; see the log"))
                messages.show_unexpected_error(self)

        def cancelled() -> None:
            if not Shiboken.isValid(self) or generation != self._generation:
                return
            self._results_stale = True
            self.results_tab.show_message(self.tr("Scoring cancelled — Refresh scores again"))

        self.results_operation = run_operation(
            self,
            lambda progress: cycles.results(cycle_id, progress=progress),
            title=self.tr("Scoring"),
            label=self.tr("Scoring {cycle}…").format(cycle=summary.name),
            on_success=done,
            on_failure=failed,
            on_cancel=cancelled,
            show_errors=False,
        )
        return self.results_operation

    def _set_results(self, results: CycleResults) -> None:
        self._results = results
        self._notify_all()
        self.results_ready.emit(results)
        if self._person is not None:
            self._person_selected(self._person)
        summary = self._summary
        if summary is not None and results_frozen(summary.state):
            self.check_data_changed()

    def _notify(self, widget: QWidget) -> None:
        set_cycle = getattr(widget, "set_cycle", None)
        if callable(set_cycle):
            set_cycle(self._summary, self._results)

    def _notify_all(self) -> None:
        for widget in self.tab_widgets:
            self._notify(widget)

    def check_data_changed(self) -> Operation | None:
        """For a confirmed or closed cycle: whether the data behind it changed since it
        was confirmed (scored afresh in the background, quietly); a notice bar says so."""
        summary = self._summary
        if summary is None or not results_frozen(summary.state):
            return None
        generation = self._generation
        cycles = self.cycles
        cycle_id = summary.id

        def done(changed: bool) -> None:
            if not Shiboken.isValid(self) or generation != self._generation:
                return
            self._data_changed_since = bool(changed)
            self.notice.setText(
                self.tr(
                    "The data changed since confirmation. The results shown are those "
                    "confirmed; move the cycle back to calibration to score it again."
                )
            )
            self.notice.setVisible(bool(changed))

        def failed(error: BaseException) -> None:
            log.info("data-changed check failed: %s", error)

        self.check_operation = run_operation(
            self,
            lambda progress: cycles.data_changed(cycle_id, progress=progress),
            title=self.tr("Checking the data"),
            on_success=done,
            on_failure=failed,
            show_progress=False,
            show_errors=False,
        )
        return self.check_operation

    def data_changed_since_confirmation(self) -> bool | None:
        """The last check's answer (None: not checked, or not a confirmed cycle)."""
        return self._data_changed_since

    def _tab_data_changed(self) -> None:
        self.rescore()
        self.data_changed.emit()

    def _tab_changed(self, _index: int) -> None:
        widget = self.tabs.currentWidget()
        if widget in self._tabs_to_refresh:
            with self.cycles.sharing_reads():
                self._refresh_tab(widget)
        search = getattr(widget, "search", None)
        if widget is not self.results_tab and callable(search):
            search(self._search)

    def _person_selected(self, code: object) -> None:
        self._person = None if code is None else str(code)
        for widget in self.tab_widgets:
            set_person = getattr(widget, "set_person", None)
            if widget is not self.results_tab and callable(set_person):
                set_person(self._person)

    def adjust_grade_of(self, code: str) -> None:
        """The results table's "Adjust grade…": the calibration tab with the person chosen."""
        tab = self.tab("calibration")
        if tab is None:
            return
        self._person_selected(code)
        self.tabs.setCurrentWidget(tab)

    # ---- the scorecard

    def show_scorecard(self, code: str) -> ScorecardDialog | None:
        """Open the scorecard of `code`; Previous and Next follow the table's order."""
        results = self._results
        if results is None or results.row_for(code) is None:
            return None
        codes = self.results_tab.visible_codes()
        if code not in codes:
            codes = [r.code for r in results.rows]
        rows = [row for c in codes if (row := results.row_for(c)) is not None]
        if self.scorecard_dialog is not None and Shiboken.isValid(self.scorecard_dialog):
            self.scorecard_dialog.close()
        dialog = ScorecardDialog(
            rows,
            codes.index(code),
            results.cycle,
            self,
            headcount=len(results.rows),
            frozen=results.frozen,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.scorecard_dialog = dialog
        dialog.show()
        return dialog

    # ---- moves

    def move_buttons(self) -> list[QPushButton]:
        return list(self.state_bar.buttons)

    def request_move(self, target: str) -> Operation | MoveBackDialog | None:
        """A state bar button: a move back asks for a reason first, confirming asks to be
        sure; then the move runs."""
        summary = self._summary
        if summary is None:
            return None
        wanted = CycleState(target)
        current = CycleState(summary.state)
        if wanted not in allowed_moves(current):
            try:
                check_move(current, wanted, "-")
            except UserError as exc:
                self.status.emit(str(exc))
            return None
        if not is_forward(current, wanted):
            dialog = MoveBackDialog(summary.name, state_label(current), state_label(wanted), self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.accepted.connect(lambda: self.move_to(wanted, dialog.reason()))
            self.move_dialog = dialog
            dialog.open()
            return dialog
        if wanted is CycleState.CONFIRMED and not messages.ask_yes_no(
            self,
            self.tr(
                "Confirm the results of {cycle}?\n\nThe scores and grades are frozen as they "
                "are now; later changes to the data show only as a notice until the cycle "
                "is moved back."
            ).format(cycle=summary.name),
            self.tr("Confirm results"),
        ):
            return None
        return self.move_to(wanted)

    def move_to(self, target: CycleState | str, reason: str = "") -> Operation | None:
        """Move the current cycle to `target` in the background (a move back needs a
        reason: without one nothing changes and the status bar says why)."""
        summary = self._summary
        if summary is None:
            return None
        wanted = CycleState(target)
        try:
            check_move(summary.state, wanted, reason)
        except UserError as exc:
            self.status.emit(str(exc))
            return None
        cycles = self.cycles
        cycle_id = summary.id
        confirming = wanted is CycleState.CONFIRMED
        title = self.tr("Move to {state}").format(state=state_label(wanted))

        def done(moved: CycleSummary) -> None:
            if not Shiboken.isValid(self):
                return
            self.refresh()
            self.data_changed.emit()
            self.status.emit(
                self.tr("{cycle} is now {state}").format(
                    cycle=moved.name, state=state_label(moved.state)
                )
            )

        def failed(error: BaseException) -> None:
            if not Shiboken.isValid(self):
                return
            if isinstance(error, UserError):
                self.status.emit(str(error).splitlines()[0])
                messages.show_user_error(self, error, title)
            else:
                log.error("move failed", exc_info=(type(error), error, error.__traceback__))
                messages.show_unexpected_error(self)
            self.refresh()

        def cancelled() -> None:
            if Shiboken.isValid(self):
                self.status.emit(self.tr("Cancelled; the cycle did not move"))

        self.state_bar.set_state(summary.state, enabled=False)
        self.operation = run_operation(
            self,
            lambda progress: cycles.advance(cycle_id, wanted, reason=reason, progress=progress),
            title=title,
            label=self.tr("Scoring and freezing {cycle}…").format(cycle=summary.name)
            if confirming
            else self.tr("Moving {cycle} to {state}…").format(
                cycle=summary.name, state=state_label(wanted)
            ),
            on_success=done,
            on_failure=failed,
            on_cancel=cancelled,
            cancellable=confirming,
            show_errors=False,
        )
        self.operation.finished.connect(self._move_finished)
        return self.operation

    def _move_finished(self) -> None:
        if Shiboken.isValid(self) and self._summary is not None:
            self.state_bar.set_state(self._summary.state)

    # ---- creating and deleting

    def open_new_cycle(self) -> NewCycleDialog:
        """The New cycle dialog (not modal); the created draft is selected."""
        cycles = self.cycles

        def create(scheme: str, period: str, name: str) -> CycleSummary:
            return cycles.create(scheme, period, name=name or None)

        dialog = NewCycleDialog(self.services.schemes.list_schemes(), create, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.created.connect(self._cycle_created)
        self.new_dialog = dialog
        dialog.open()
        return dialog

    def open_participants(self) -> ParticipantsDialog | None:
        """The Participants dialog of the current cycle (read-only unless it is a draft or
        open); once it is closed the page reloads the cycle and rescores it."""
        summary = self._summary
        if summary is None:
            return None
        dialog = ParticipantsDialog(self.cycles, self.services.staff, summary, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: self._participants_closed(dialog.changed, summary.id))
        self.participants_dialog = dialog
        dialog.open()
        return dialog

    def _participants_closed(self, changed: bool, cycle_id: int) -> None:
        if not Shiboken.isValid(self):
            return
        self.refresh()
        if self._summary is None or self._summary.id != cycle_id:
            self.select_cycle(cycle_id)
        if changed:
            self.data_changed.emit()

    def _cycle_created(self, summary: Any) -> None:
        self.refresh()
        if isinstance(summary, CycleSummary):
            self.select_cycle(summary.id)
            self.status.emit(
                self.tr(
                    "Created {cycle} as a draft with %n participant(s)", "", summary.participants
                ).format(cycle=summary.name)
            )
        self.data_changed.emit()

    def delete_cycle(self) -> bool:
        """Delete the current cycle if it is a draft (after asking)."""
        summary = self._summary
        if summary is None:
            return False
        if summary.state != CycleState.DRAFT:
            self.status.emit(
                self.tr("Only a draft can be deleted; {cycle} is {state}").format(
                    cycle=summary.name, state=state_label(summary.state)
                )
            )
            return False
        if not messages.ask_yes_no(
            self,
            self.tr("Delete the draft cycle {cycle}?").format(cycle=summary.name),
            self.tr("Delete draft"),
        ):
            return False
        try:
            self.cycles.delete(summary.id)
        except UserError as exc:
            self.status.emit(str(exc))
            messages.show_user_error(self, exc, self.tr("Delete draft"))
            return False
        self._summary = None
        self.refresh()
        self.data_changed.emit()
        self.status.emit(self.tr("Deleted {cycle}").format(cycle=summary.name))
        return True


__all__ = ["CyclesPage", "ResultsTab", "StateBar"]
