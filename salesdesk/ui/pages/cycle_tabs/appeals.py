"""The 申诉 (appeals) tab of the Cycles page (appraisal-rules §6): the filing deadline
("申诉截止 2026-04-15"), the cycle's appeals with their decision dates (10 working days;
overdue in red) and outcomes, File appeal…, the facts and resolution of the chosen appeal,
and Decide… — upheld moves the cycle back to calibration (after a warning) and the page
reloads it.

Filing and deciding cannot be taken back (the service keeps appeals as a record); recording
facts and a resolution is one undo step."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QCoreApplication, QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain.errors import UserError
from salesdesk.domain.workflow import CycleState, state_label
from salesdesk.services.cycle_scoring import CycleResults, ParticipantInfo
from salesdesk.services.cycles import CycleSummary
from salesdesk.services.interviews import AppealOutcome, AppealRow, InterviewsService
from salesdesk.ui.dialogs.appeal_decide import DecideAppealDialog
from salesdesk.ui.dialogs.appeal_file import FileAppealDialog
from salesdesk.ui.models.cycle_inputs import (
    APPEAL_COL_FILED,
    APPEAL_COL_GROUNDS,
    APPEAL_WIDTHS,
    ROW_ID_ROLE,
    AppealsModel,
    outcome_label,
    refusal_text,
)
from salesdesk.ui.models.manual_metrics_model import GridProxy
from salesdesk.ui.pages.cycle_tabs import TAB_ORDER, CycleTabHost, CycleTabSpec
from salesdesk.ui.widgets import messages
from salesdesk.ui.widgets.grid import ExcelGrid

MUTED_STYLE = "color: palette(placeholder-text);"
HINT_STYLE = "color: #a15c00;"
DEADLINE_STYLE = "font-weight: 600;"
OVERDUE_STYLE = "color: #c62828; font-weight: 600;"


class FindingsCommand(QUndoCommand):
    """Facts and resolution recorded for a pending appeal: undo writes back the earlier
    ones (with the appeal's current version). Pushed after the first write."""

    def __init__(
        self,
        tab: AppealsTab,
        appeal_id: int,
        old: tuple[str, str],
        new: tuple[str, str],
        text: str,
    ) -> None:
        super().__init__(text)
        self.tab = tab
        self.appeal_id = appeal_id
        self.old = old
        self.new = new
        self._applied = True

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        self.tab.write_findings(self.appeal_id, *self.new)

    def undo(self) -> None:
        self.tab.write_findings(self.appeal_id, *self.old)


class AppealsTab(QWidget):
    """申诉: deadline and counts, the appeals table, the chosen appeal's record, and the
    File appeal… and Decide… buttons."""

    status = Signal(str)
    data_changed = Signal()

    def __init__(self, host: CycleTabHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("appealsTab")
        self.host = host
        self.interviews: InterviewsService = host.services.interviews
        self.summary: CycleSummary | None = None
        self.results: CycleResults | None = None
        self._people: list[ParticipantInfo] = []
        self._deadline: date | None = None
        self._loaded_cycle: int | None = None
        # Today, for deadlines and overdue appeals (tests may fix it).
        self.today: Callable[[], date] = date.today
        # The open dialogs (tests look at them).
        self.file_dialog: FileAppealDialog | None = None
        self.decide_dialog: DecideAppealDialog | None = None

        self.model = AppealsModel(self)
        self.proxy = GridProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = ExcelGrid(self)
        self.table.setObjectName("appealsTable")
        self.table.setModel(self.proxy)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(APPEAL_COL_FILED, Qt.SortOrder.AscendingOrder)
        self.table.status.connect(self.status)
        header = self.table.horizontalHeader()
        for column, width in enumerate(APPEAL_WIDTHS):
            header.resizeSection(column, width)
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(40)
        # The grounds take what is left, so the dates and the outcome stay in view.
        header.setSectionResizeMode(APPEAL_COL_GROUNDS, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(100)

        self.deadline = QLabel(self)
        self.deadline.setObjectName("appealDeadline")
        self.deadline.setStyleSheet(DEADLINE_STYLE)
        self.counts = QLabel(self)
        self.counts.setObjectName("appealCounts")
        self.counts.setStyleSheet(MUTED_STYLE)
        self.counts.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.state_hint = QLabel(self)
        self.state_hint.setObjectName("appealsHint")
        self.state_hint.setStyleSheet(HINT_STYLE)
        self.state_hint.setWordWrap(True)
        self.file_button = QPushButton(self.tr("File appeal…"), self)
        self.file_button.setObjectName("fileAppeal")
        self.file_button.clicked.connect(lambda: self.open_file_dialog())

        self.detail_title = QLabel(self)
        self.detail_title.setObjectName("appealTitle")
        self.detail_title.setStyleSheet("font-weight: 600;")
        self.detail_title.setWordWrap(True)
        self.grounds = QLabel(self)
        self.grounds.setObjectName("appealGroundsText")
        self.grounds.setWordWrap(True)
        self.grounds.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts = QPlainTextEdit(self)
        self.facts.setObjectName("appealFacts")
        self.facts.setTabChangesFocus(True)
        self.facts.setPlaceholderText(self.tr("What was checked and found"))
        self.resolution = QPlainTextEdit(self)
        self.resolution.setObjectName("appealResolutionText")
        self.resolution.setTabChangesFocus(True)
        self.resolution.setPlaceholderText(self.tr("The proposed resolution"))
        self.save_button = QPushButton(self.tr("Save findings"), self)
        self.save_button.setObjectName("saveAppealFindings")
        self.save_button.clicked.connect(lambda: self.save_findings())
        self.decide_button = QPushButton(self.tr("Decide…"), self)
        self.decide_button.setObjectName("decideAppeal")
        self.decide_button.clicked.connect(lambda: self.open_decide_dialog())
        self.detail_hint = QLabel(self)
        self.detail_hint.setObjectName("appealDetailHint")
        self.detail_hint.setStyleSheet(MUTED_STYLE)
        self.detail_hint.setWordWrap(True)

        self._build_layout()
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.doubleClicked.connect(lambda _i: self.open_decide_dialog())
        self.set_cycle(None, None)

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.setContentsMargins(0, 4, 0, 0)
        top.addWidget(self.deadline)
        top.addSpacing(12)
        top.addWidget(self.counts, 1)
        top.addWidget(self.file_button)

        detail = QGroupBox(self.tr("Appeal"), self)
        form = QFormLayout(detail)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.detail_title)
        form.addRow(self.tr("Grounds:"), self.grounds)
        form.addRow(self.tr("Facts found:"), self.facts)
        form.addRow(self.tr("Resolution:"), self.resolution)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.decide_button)
        form.addRow(buttons)
        form.addRow(self.detail_hint)

        # Explicit minimums: a narrow window clips the panels instead of growing.
        self.table.setMinimumWidth(120)
        detail.setMinimumWidth(160)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setObjectName("appealsSplitter")
        splitter.addWidget(self.table)
        splitter.addWidget(detail)
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([700, 320])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.state_hint)
        layout.addWidget(splitter, 1)

    # ---- the CycleTab protocol

    def set_cycle(self, summary: CycleSummary | None, results: CycleResults | None) -> None:
        self.summary = summary
        self.results = results if summary is not None else None
        if summary is None:
            self._loaded_cycle = None
            self._people = []
            self._deadline = None
            self.model.set_appeals([])
        elif summary.id != self._loaded_cycle or results is None:
            self._load(summary)
        self._describe()

    def refresh(self) -> None:
        if self.summary is not None:
            self._load(self.summary)
            self._describe()

    def set_person(self, code: str | None) -> None:
        """Select that person's latest appeal, if they have one."""
        if code is None:
            return
        rows = [r for r in self.model.appeals() if r.staff_code == code]
        if rows:
            self.select_appeal(rows[-1].id)

    def main_view(self) -> QAbstractItemView:
        return self.table

    def search(self, text: str) -> None:
        self.proxy.set_search(text)

    # ---- loading

    def _load(self, summary: CycleSummary) -> None:
        chosen = self.current_appeal()
        self._loaded_cycle = summary.id
        try:
            self._people = self.host.services.cycles.participants(summary.id)
            appeals = self.interviews.list_appeals(summary.id, today=self.today())
        except UserError as exc:
            self.status.emit(refusal_text(exc))
            self._people, appeals = [], []
        self._deadline = None
        if summary.confirmed_at is not None:
            try:
                self._deadline = self.interviews.appeal_deadline(summary.id)
            except UserError:
                self._deadline = None
        self.model.set_appeals(appeals, self.today())
        if chosen is not None:
            self.select_appeal(chosen.id)
        elif self.proxy.rowCount():
            self.table.selectionModel().setCurrentIndex(
                self.proxy.index(self.proxy.rowCount() - 1, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        self._show_appeal()

    def select_appeal(self, appeal_id: int) -> bool:
        position = self.model.row_of(appeal_id)
        if position is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(position, 0))
        if not index.isValid():
            return False
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)
        self._show_appeal()
        return True

    def current_appeal(self) -> AppealRow | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        appeal_id = index.data(ROW_ID_ROLE)
        position = None if appeal_id is None else self.model.row_of(int(appeal_id))
        return None if position is None else self.model.row_at(position)

    # ---- describing

    def can_file(self) -> bool:
        return self.summary is not None and self.summary.state == CycleState.CONFIRMED.value

    def can_decide(self) -> bool:
        """Pending appeals are worked on until the cycle is closed."""
        return self.summary is not None and self.summary.state != CycleState.CLOSED.value

    def deadline_text(self) -> str:
        if self.summary is None:
            return ""
        if self._deadline is None:
            return self.tr("Appeals: within {days} days of confirmation").format(
                days=self.summary.appeal_days
            )
        return self.tr("Appeals close on {date}").format(date=self._deadline.isoformat())

    def _describe(self) -> None:
        summary = self.summary
        self.deadline.setText(self.deadline_text())
        late = self._deadline is not None and self.today() > self._deadline
        self.deadline.setStyleSheet(OVERDUE_STYLE if late and self.can_file() else DEADLINE_STYLE)
        rows = self.model.appeals()
        pending = sum(1 for r in rows if r.outcome is AppealOutcome.PENDING)
        overdue = sum(1 for r in rows if r.overdue)
        self.counts.setText(
            ""
            if summary is None
            else self.tr("{n} appeal(s): {pending} pending, {overdue} overdue").format(
                n=len(rows), pending=pending, overdue=overdue
            )
        )
        hint = ""
        if summary is not None and not self.can_file():
            hint = self.tr(
                "Appeals are filed against confirmed results; this cycle is {state}."
            ).format(state=state_label(summary.state))
        elif late and self._deadline is not None:
            hint = self.tr(
                "The appeal period ended on {date}: an appeal received later is refused."
            ).format(date=self._deadline.isoformat())
        self.state_hint.setText(hint)
        self.state_hint.setVisible(bool(hint))
        self.file_button.setEnabled(self.can_file() and bool(self._people))
        self.file_button.setToolTip(hint)
        self._show_appeal()

    def _current_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_appeal()

    def _show_appeal(self) -> None:
        appeal = self.current_appeal()
        pending = appeal is not None and appeal.outcome is AppealOutcome.PENDING
        editable = pending and self.can_decide()
        if appeal is None:
            self.detail_title.setText(
                self.tr("No appeal chosen") if self.model.rowCount() else self.tr("No appeals")
            )
            self.grounds.setText("")
            self.facts.setPlainText("")
            self.resolution.setPlainText("")
            self.detail_hint.setText("")
        else:
            title = self.tr("{code} {name} · filed {filed} · {outcome}").format(
                code=appeal.staff_code,
                name=appeal.staff_name,
                filed=appeal.filed_on.isoformat(),
                outcome=outcome_label(appeal.outcome),
            )
            self.detail_title.setText(title)
            self.grounds.setText(appeal.grounds)
            if self.facts.toPlainText() != appeal.facts:
                self.facts.setPlainText(appeal.facts)
            if self.resolution.toPlainText() != appeal.resolution:
                self.resolution.setPlainText(appeal.resolution)
            if appeal.decided_on is not None:
                self.detail_hint.setText(
                    self.tr("Decided on {date}.").format(date=appeal.decided_on.isoformat())
                )
            elif appeal.overdue:
                self.detail_hint.setText(
                    self.tr("Overdue: a decision was due by {due}.").format(
                        due=appeal.decision_due.isoformat()
                    )
                )
            else:
                self.detail_hint.setText(
                    self.tr("A decision is due by {due}.").format(
                        due=appeal.decision_due.isoformat()
                    )
                )
        self.facts.setReadOnly(not editable)
        self.resolution.setReadOnly(not editable)
        self.save_button.setEnabled(editable)
        self.decide_button.setEnabled(editable)

    # ---- filing

    def file_appeal(self, code: str, grounds: str, filed_on: date | None = None) -> str | None:
        """File `code`'s appeal; None when filed, else the reason it was refused (also on
        the status bar)."""
        if self.summary is None:
            return self.tr("No cycle selected")
        try:
            row = self.interviews.file_appeal(
                self.summary.id, code, grounds, filed_on=filed_on or self.today()
            )
        except UserError as exc:
            self.status.emit(refusal_text(exc))
            return refusal_text(exc)
        self._load(self.summary)
        self.select_appeal(row.id)
        self._describe()
        self.status.emit(
            self.tr("Appeal of {code} {name} filed on {date}").format(
                code=row.staff_code, name=row.staff_name, date=row.filed_on.isoformat()
            )
        )
        return None

    def open_file_dialog(self) -> FileAppealDialog | None:
        if self.summary is None:
            return None
        dialog = FileAppealDialog(
            self._people,
            lambda code, grounds, day: self.file_appeal(code, grounds, day),
            deadline=self._deadline,
            today=self.today(),
            person=self.host.current_person(),
            parent=self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.file_dialog = dialog
        dialog.open()
        return dialog

    # ---- findings

    def write_findings(self, appeal_id: int, facts: str, resolution: str) -> bool:
        """Record facts and resolution with the appeal's current version (undo and redo
        come through here too)."""
        try:
            current = self.interviews.get_appeal(appeal_id, today=self.today())
            self.interviews.record_findings(
                appeal_id, current.version, facts=facts, resolution=resolution
            )
        except UserError as exc:
            self.status.emit(refusal_text(exc))
            return False
        if self.summary is not None:
            self._load(self.summary)
            self.select_appeal(appeal_id)
        return True

    def save_findings(self) -> bool:
        appeal = self.current_appeal()
        if appeal is None:
            return False
        old = (appeal.facts, appeal.resolution)
        new = (self.facts.toPlainText().strip(), self.resolution.toPlainText().strip())
        if new == old:
            self.status.emit(self.tr("Nothing changed"))
            return True
        if not self.write_findings(appeal.id, *new):
            return False
        text = self.tr("Findings of the appeal of {code}").format(code=appeal.staff_code)
        self.host.undo_stack.push(FindingsCommand(self, appeal.id, old, new, text))
        self.status.emit(
            self.tr("Saved the findings of the appeal of {code}").format(code=appeal.staff_code)
        )
        return True

    # ---- deciding

    def decide(
        self,
        appeal_id: int,
        outcome: AppealOutcome | str,
        resolution: str,
        decided_on: date | None = None,
    ) -> str | None:
        """Decide an appeal. Upheld in a confirmed cycle asks first (the cycle goes back to
        calibration) and afterwards has the page reload the cycle. Returns None when
        decided, "" when the user said no, else the reason it was refused."""
        summary = self.summary
        position = self.model.row_of(appeal_id)
        if summary is None or position is None:
            return self.tr("No appeal chosen")
        appeal = self.model.row_at(position)
        wanted = AppealOutcome(outcome)
        reopens = wanted is AppealOutcome.UPHELD and summary.state == CycleState.CONFIRMED.value
        if reopens and not messages.ask_yes_no(
            self,
            self.tr(
                "Uphold the appeal of {code} {name}?\n\n{cycle} goes back to calibration: "
                "its frozen results are released so the result can be changed, and it has "
                "to be confirmed again."
            ).format(code=appeal.staff_code, name=appeal.staff_name, cycle=summary.name),
            self.tr("Uphold appeal"),
        ):
            return ""
        try:
            decided = self.interviews.decide_appeal(
                appeal.id,
                appeal.version,
                wanted,
                resolution,
                decided_on=decided_on or self.today(),
            )
        except UserError as exc:
            self.status.emit(refusal_text(exc))
            return refusal_text(exc)
        message = self.tr("Appeal of {code} {name}: {outcome}").format(
            code=decided.staff_code,
            name=decided.staff_name,
            outcome=outcome_label(decided.outcome),
        )
        if reopens:
            message = self.tr("{message}; {cycle} is back in calibration").format(
                message=message, cycle=summary.name
            )
            self._reload_cycle()
        else:
            self._load(summary)
            self._describe()
        self.select_appeal(decided.id)
        self.status.emit(message)
        return None

    def _reload_cycle(self) -> None:
        """The cycle changed state: the page reloads it (its list, state bar and every
        tab), then rescores and tells the main window."""
        reload = getattr(self.host, "refresh", None)
        if callable(reload):
            reload()
        elif self.summary is not None:
            self._load(self.summary)
        self.data_changed.emit()

    def open_decide_dialog(self) -> DecideAppealDialog | None:
        appeal = self.current_appeal()
        if (
            appeal is None
            or self.summary is None
            or appeal.outcome is not AppealOutcome.PENDING
            or not self.can_decide()
        ):
            return None
        dialog = DecideAppealDialog(
            appeal,
            lambda outcome, resolution, day: self.decide(appeal.id, outcome, resolution, day),
            cycle_name=self.summary.name,
            today=self.today(),
            parent=self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.decide_dialog = dialog
        dialog.open()
        return dialog


def _title() -> str:
    return QCoreApplication.translate("CyclesPage", "Appeals")


CYCLE_TAB = CycleTabSpec(
    key="appeals",
    order=TAB_ORDER["appeals"],
    title=_title,
    build=lambda host: AppealsTab(host),
)

__all__ = ["CYCLE_TAB", "AppealsTab", "FindingsCommand"]
