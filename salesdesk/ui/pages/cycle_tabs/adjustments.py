"""The 加扣分 (adjustments) tab of the Cycles page (appraisal-rules §5.3): every bonus,
deduction and veto of the cycle in one table with a person filter (a manager reviews them
side by side), edited in place or added with the form below; the scheme's bonus cap and
the bonus that counts for the chosen person are shown. Each change is one undo step."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QCoreApplication, QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import Shiboken

from salesdesk.domain.errors import UserError
from salesdesk.domain.scoring import AdjustmentKind, bonus_cap_of
from salesdesk.domain.workflow import inputs_editable, state_label
from salesdesk.services.appraisal_inputs import AppraisalInputsService
from salesdesk.services.cycle_scoring import CycleResults, ParticipantInfo
from salesdesk.services.cycles import CycleSummary
from salesdesk.ui.delegates import ComboDelegate, TextDelegate
from salesdesk.ui.models.cycle_inputs import (
    ADJ_COL_KIND,
    ADJ_COL_POINTS,
    ADJ_COL_REASON,
    ADJUSTMENT_COLUMNS,
    AdjustmentsModel,
    AdjustmentsProxy,
    PersonAdjustment,
    format_points,
    kind_label,
    plain_number,
    refusal_text,
)
from salesdesk.ui.operations import Operation, OperationCancelled, run_operation
from salesdesk.ui.pages.cycle_tabs import TAB_ORDER, CycleTabHost, CycleTabSpec
from salesdesk.ui.widgets.grid import ExcelGrid, to_source

MUTED_STYLE = "color: palette(placeholder-text);"
HINT_STYLE = "color: #a15c00;"
MAX_REASON = 500


def _searchable(combo: QComboBox) -> None:
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.setMinimumContentsLength(12)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    completer = combo.completer()
    if completer is not None:
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)


class AdjustmentsTab(QWidget):
    """加扣分: the cycle's adjustments (filter by person, search), the add form, and the
    bonus cap against the counted bonus."""

    status = Signal(str)
    data_changed = Signal()

    def __init__(self, host: CycleTabHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("adjustmentsTab")
        self.host = host
        self.inputs: AppraisalInputsService = host.services.appraisal_inputs
        self.summary: CycleSummary | None = None
        self.results: CycleResults | None = None
        self._loaded_cycle: int | None = None
        self._people: list[ParticipantInfo] = []
        self._bonus_cap: Decimal | None = None
        self._loading = False
        self._read_pending = False
        self._generation = 0
        # The background read of the cycle's adjustments (tests wait for it).
        self.load_operation: Operation | None = None

        self.model = AdjustmentsModel(self.inputs, self)
        self.model.undo_stack = host.undo_stack
        self.model.status.connect(self.status)
        self.model.written.connect(self._written)
        self.proxy = AdjustmentsProxy(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setDynamicSortFilter(True)

        self.filter = QComboBox(self)
        self.filter.setObjectName("adjustmentsFilter")
        _searchable(self.filter)
        self.filter.setMinimumContentsLength(8)
        self.info = QLabel(self)
        self.info.setObjectName("adjustmentsInfo")
        self.info.setStyleSheet(MUTED_STYLE)
        self.info.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.state_hint = QLabel(self)
        self.state_hint.setObjectName("adjustmentsReadOnly")
        self.state_hint.setStyleSheet(HINT_STYLE)
        self.state_hint.setWordWrap(True)

        self.table = ExcelGrid(self)
        self.table.setObjectName("adjustmentsTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.verticalHeader().setVisible(False)
        self.table.status.connect(self.status)
        text = TextDelegate(self.table)
        self.table.setItemDelegateForColumn(ADJ_COL_POINTS, text)
        self.table.setItemDelegateForColumn(ADJ_COL_REASON, text)
        self.table.setItemDelegateForColumn(
            ADJ_COL_KIND,
            ComboDelegate(lambda _: [(kind_label(k), k.value) for k in AdjustmentKind], self.table),
        )
        header = self.table.horizontalHeader()
        for column, spec in enumerate(ADJUSTMENT_COLUMNS):
            header.resizeSection(column, spec.width)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(ADJ_COL_REASON, header.ResizeMode.Stretch)
        self.table.setMinimumHeight(120)

        self.person = QComboBox(self)
        self.person.setObjectName("adjustmentPerson")
        _searchable(self.person)
        self.kind = QComboBox(self)
        self.kind.setObjectName("adjustmentKind")
        for kind in AdjustmentKind:
            self.kind.addItem(kind_label(kind), kind.value)
        self.points = QLineEdit(self)
        self.points.setObjectName("adjustmentPoints")
        self.points.setPlaceholderText(self.tr("Points"))
        self.points.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.points.setMaximumWidth(80)
        self.reason = QLineEdit(self)
        self.reason.setObjectName("adjustmentReason")
        self.reason.setMaxLength(MAX_REASON)
        self.reason.setPlaceholderText(self.tr("Reason (required)"))
        self.add_button = QPushButton(self.tr("Add"), self)
        self.add_button.setObjectName("addAdjustment")
        self.add_button.clicked.connect(lambda: self.add_from_form())
        self.reason.returnPressed.connect(lambda: self.add_from_form())
        self.points.returnPressed.connect(lambda: self.add_from_form())
        self.form_info = QLabel(self)
        self.form_info.setObjectName("adjustmentBonusInfo")
        self.form_info.setStyleSheet(MUTED_STYLE)
        self.form_info.setWordWrap(True)

        self.delete_action = QAction(self.tr("Delete adjustment"), self)
        self.delete_action.setObjectName("deleteAdjustment")
        self.delete_action.setShortcut(QKeySequence("Ctrl+Delete"))
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.delete_action.triggered.connect(lambda: self.delete_selected())
        self.table.addAction(self.delete_action)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

        self._build_layout()
        self.filter.currentIndexChanged.connect(self._filter_chosen)
        self.person.currentIndexChanged.connect(lambda _i: self._describe_person())
        self.kind.currentIndexChanged.connect(self._kind_chosen)
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        self.table.selectionModel().currentChanged.connect(self._update_actions)
        self._kind_chosen(0)
        self.set_cycle(None, None)

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.setContentsMargins(0, 4, 0, 0)
        caption = QLabel(self.tr("Show"), self)
        caption.setBuddy(self.filter)
        top.addWidget(caption)
        top.addWidget(self.filter)
        top.addSpacing(10)
        top.addWidget(self.info, 1)
        delete_button = QToolButton(self)
        delete_button.setDefaultAction(self.delete_action)
        delete_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        top.addWidget(delete_button)

        form_box = QGroupBox(self.tr("Add a bonus, deduction or veto"), self)
        form = QGridLayout(form_box)
        form.setHorizontalSpacing(6)
        # Person, kind and points on the first row; the reason across the second.
        for column, (label, widget) in enumerate(
            (
                (self.tr("Person:"), self.person),
                (self.tr("Kind:"), self.kind),
                (self.tr("Points:"), self.points),
            )
        ):
            caption = QLabel(label, form_box)
            caption.setBuddy(widget)
            form.addWidget(caption, 0, column * 2)
            form.addWidget(widget, 0, column * 2 + 1)
        reason_caption = QLabel(self.tr("Reason:"), form_box)
        reason_caption.setBuddy(self.reason)
        form.addWidget(reason_caption, 1, 0)
        form.addWidget(self.reason, 1, 1, 1, 6)
        form.setColumnStretch(6, 1)
        form.addWidget(self.form_info, 2, 0, 1, 6)
        form.addWidget(self.add_button, 2, 6, Qt.AlignmentFlag.AlignRight)
        # An explicit minimum: a narrow window clips the form instead of growing.
        form_box.setMinimumWidth(260)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.state_hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(form_box)

    # ---- the CycleTab protocol

    def set_cycle(self, summary: CycleSummary | None, results: CycleResults | None) -> None:
        self.summary = summary
        self.results = results if summary is not None else None
        if summary is None:
            self._loaded_cycle = None
            self._people = []
            self._bonus_cap = None
            self._generation += 1
            self._loading = False
            self._read_pending = False
            self.model.set_rows(None, [], {})
            self._fill_people()
        elif summary.id != self._loaded_cycle or results is None:
            # Another cycle, or the page was refreshed: read the adjustments afresh.
            self._load_cycle(summary)
        self._apply_state()
        self._describe()

    def refresh(self) -> None:
        if self.summary is not None:
            self._load_cycle(self.summary)

    def set_person(self, code: str | None) -> None:
        """The person chosen in the results table becomes the form's person."""
        if code is None:
            return
        position = self.person.findData(code)
        if position >= 0:
            self.person.setCurrentIndex(position)

    def main_view(self) -> QAbstractItemView:
        return self.table

    def search(self, text: str) -> None:
        self.proxy.set_search(text)

    # ---- loading

    def loaded(self) -> bool:
        """The cycle's adjustments are shown (not waiting to be read, nor being read)."""
        return not self._loading

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.ensure_loaded()

    def ensure_loaded(self) -> None:
        """Read the cycle's adjustments if that waits for the tab to be shown."""
        if self._read_pending and self.summary is not None:
            self._start_reading(self.summary)

    def _load_cycle(self, summary: CycleSummary) -> None:
        """The participants and the bonus cap now; the adjustments in the background once
        the tab is shown (one read of the whole cycle, still a while in a big cycle)."""
        if summary.id != self._loaded_cycle:
            self.model.set_rows(summary.id, [], {})
        self._loaded_cycle = summary.id
        try:
            self._people = self.host.services.cycles.participants(summary.id)
            self._bonus_cap = bonus_cap_of(self.host.services.cycles.snapshot(summary.id))
        except UserError as exc:
            self.status.emit(refusal_text(exc))
            self._people, self._bonus_cap = [], None
        self._fill_people()
        self._generation += 1  # a read on its way for an older state is dropped
        previous = self.load_operation
        if previous is not None and previous.state.value == "running":
            previous.cancel()
        self._loading = True
        self._read_pending = True
        if self.isVisible():
            self._start_reading(summary)
        self._apply_state()
        self._describe()

    def _start_reading(self, summary: CycleSummary) -> None:
        self._read_pending = False
        self._generation += 1
        generation = self._generation
        inputs = self.inputs
        cycle_id = summary.id
        people = [(p.code, p.name) for p in self._people]

        def work(progress: Any) -> list[PersonAdjustment]:
            if progress(0, "") is False:
                raise OperationCancelled()
            return [
                PersonAdjustment(row.staff_code, row.staff_name, row)
                for row in inputs.list_cycle_adjustments(cycle_id)
            ]

        def done(rows: list[PersonAdjustment]) -> None:
            if not Shiboken.isValid(self) or generation != self._generation:
                return
            self._loading = False
            self.model.set_rows(cycle_id, rows, dict(people))
            self._apply_state()
            self._describe()

        def failed(error: BaseException) -> None:
            if not Shiboken.isValid(self) or generation != self._generation:
                return
            self._loading = False
            self.status.emit(refusal_text(error) if isinstance(error, UserError) else str(error))
            self._apply_state()
            self._describe()

        self.load_operation = run_operation(
            self,
            work,
            title=self.tr("Reading adjustments"),
            on_success=done,
            on_failure=failed,
            on_cancel=lambda: failed(OperationCancelled()),
            show_progress=False,
            show_errors=False,
        )
        self._apply_state()
        self._describe()

    def _fill_people(self) -> None:
        chosen_filter = self.filter.currentData()
        chosen_person = self.person.currentData()
        self.filter.blockSignals(True)
        self.person.blockSignals(True)
        try:
            self.filter.clear()
            self.filter.addItem(self.tr("All people"), None)
            self.person.clear()
            for each in self._people:
                label = f"{each.code} {each.name}"
                self.filter.addItem(label, each.code)
                self.person.addItem(label, each.code)
            position = self.filter.findData(chosen_filter) if chosen_filter is not None else 0
            self.filter.setCurrentIndex(max(position, 0))
            wanted = chosen_person or self.host.current_person()
            position = self.person.findData(wanted) if wanted is not None else -1
            self.person.setCurrentIndex(position if position >= 0 else 0)
        finally:
            self.filter.blockSignals(False)
            self.person.blockSignals(False)
        self.proxy.set_person(self.filter.currentData())

    # ---- state

    def editable(self) -> bool:
        return self.summary is not None and inputs_editable(self.summary.state)

    def _apply_state(self) -> None:
        summary = self.summary
        editable = self.editable()
        reason = ""
        if summary is not None and not editable:
            reason = self.tr(
                "Adjustments can be changed while the cycle is a draft, open or in "
                "calibration; this cycle is {state}."
            ).format(state=state_label(summary.state))
        self.model.set_editable(editable, reason)
        self.state_hint.setText(reason)
        self.state_hint.setVisible(bool(reason))
        can_add = editable and not self._loading and bool(self._people)
        for widget in (self.person, self.kind, self.reason, self.add_button):
            widget.setEnabled(can_add)
        self._kind_chosen(self.kind.currentIndex())
        self._update_actions()

    def _update_actions(self, *_args: object) -> None:
        self.delete_action.setEnabled(self.editable() and bool(self.selected_rows()))

    def _kind_chosen(self, _index: int) -> None:
        veto = self.kind.currentData() == AdjustmentKind.VETO.value
        if veto:
            self.points.clear()
        self.points.setEnabled(not veto and self.add_button.isEnabled())
        self.points.setToolTip(
            self.tr("A veto carries no points: the total becomes 0 and the grade the lowest")
            if veto
            else self.tr("Points above 0, at most 2 decimals")
        )

    def _filter_chosen(self, _index: int) -> None:
        code = self.filter.currentData()
        self.proxy.set_person(None if code is None else str(code))
        if code is not None:
            position = self.person.findData(code)
            if position >= 0:
                self.person.setCurrentIndex(position)
        self._describe()

    # ---- describing

    def _claimed_bonus(self, code: str) -> Decimal:
        return sum(
            (r.points for r in self.model.rows_of(code) if r.kind is AdjustmentKind.BONUS),
            Decimal(0),
        )

    def _describe(self) -> None:
        if self.summary is None:
            self.info.setText(self.tr("No cycle selected."))
            self._describe_person()
            return
        if self._loading:
            self.info.setText(self.tr("Reading adjustments…"))
            self._describe_person()
            return
        rows = self.model.rows()
        counts = {kind: sum(1 for r in rows if r.row.kind is kind) for kind in AdjustmentKind}
        parts = [
            self.tr("{bonus} bonus(es), {deduction} deduction(s), {veto} veto(es)").format(
                bonus=counts[AdjustmentKind.BONUS],
                deduction=counts[AdjustmentKind.DEDUCTION],
                veto=counts[AdjustmentKind.VETO],
            )
        ]
        if self._bonus_cap is not None:
            parts.append(
                self.tr("bonus cap {cap} points per person").format(
                    cap=plain_number(self._bonus_cap)
                )
            )
        self.info.setText(" · ".join(parts))
        self._describe_person()

    def _describe_person(self) -> None:
        code = self.person.currentData()
        if self.summary is None or code is None:
            self.form_info.setText("")
            return
        code = str(code)
        claimed = self._claimed_bonus(code)
        deductions = sum(
            (r.points for r in self.model.rows_of(code) if r.kind is AdjustmentKind.DEDUCTION),
            Decimal(0),
        )
        vetoed = any(r.kind is AdjustmentKind.VETO for r in self.model.rows_of(code))
        cap = "—" if self._bonus_cap is None else plain_number(self._bonus_cap)
        parts = [
            self.tr("{code}: bonus entered {claimed} (cap {cap})").format(
                code=code, claimed=format_points(claimed), cap=cap
            )
        ]
        row = None if self.results is None else self.results.row_for(code)
        if row is not None:
            parts.append(
                self.tr("counted in the results {bonus}").format(bonus=row.card.get("bonus", ""))
            )
        elif self.results is None:
            parts.append(self.tr("scoring…"))
        parts.append(self.tr("deductions {points}").format(points=format_points(deductions)))
        if vetoed:
            parts.append(self.tr("VETO: the total is 0"))
        if self._bonus_cap is not None and claimed > self._bonus_cap:
            parts.append(
                self.tr("{over} over the cap do not count").format(
                    over=format_points(claimed - self._bonus_cap)
                )
            )
        self.form_info.setText(" · ".join(parts))

    # ---- changing

    def add_adjustment(self, code: str, kind: str, points: str | None, reason: str) -> bool:
        """Add an adjustment for `code`; a refusal (no reason, a veto with points, points
        not above 0, a read-only cycle) goes to the status bar and writes nothing."""
        person = next((p for p in self._people if p.code == code), None)
        if person is None:
            self.status.emit(self.tr("Choose a participant of the cycle"))
            return False
        try:
            row = self.model.add_adjustment(
                code, person.name, kind, points if points and points.strip() else None, reason
            )
        except UserError as exc:
            self.status.emit(refusal_text(exc))
            return False
        self.status.emit(
            self.tr("{kind} for {code} {name}: {reason}").format(
                kind=kind_label(row.kind), code=code, name=person.name, reason=row.reason
            )
        )
        source = self.model.row_of(row.id)
        if source is not None:
            index = self.proxy.mapFromSource(self.model.index(source, ADJ_COL_REASON))
            if index.isValid():
                self.table.selectionModel().setCurrentIndex(
                    index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                )
                self.table.scrollTo(index)
        return True

    def add_from_form(self) -> bool:
        code = self.person.currentData()
        if code is None:
            self.status.emit(self.tr("Choose a participant of the cycle"))
            return False
        added = self.add_adjustment(
            str(code), str(self.kind.currentData()), self.points.text(), self.reason.text()
        )
        if added:
            self.reason.clear()
            self.points.clear()
        else:
            self.reason.setFocus()
        return added

    def selected_rows(self) -> list[int]:
        """Source rows of the selected (or current) cells."""
        indexes = self.table.selectionModel().selectedIndexes()
        if not indexes and self.table.currentIndex().isValid():
            indexes = [self.table.currentIndex()]
        return sorted({to_source(index).row() for index in indexes})

    def delete_selected(self) -> int:
        deleted = self.model.delete_rows(self.selected_rows())
        if deleted:
            self.status.emit(self.tr("Deleted {n} adjustment(s)").format(n=deleted))
        return deleted

    def _written(self, _code: str) -> None:
        self._describe()
        self._update_actions()
        self.data_changed.emit()


def _title() -> str:
    return QCoreApplication.translate("CyclesPage", "Adjustments")


CYCLE_TAB = CycleTabSpec(
    key="adjustments",
    order=TAB_ORDER["adjustments"],
    title=_title,
    build=lambda host: AdjustmentsTab(host),
)

__all__ = ["CYCLE_TAB", "AdjustmentsTab"]
