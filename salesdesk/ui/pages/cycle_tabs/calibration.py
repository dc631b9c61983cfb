"""The 校准 (calibration) tab of the Cycles page (appraisal-rules §7): quotas against the
number of people per grade as a chart and a table (a grade over its quota in red), and the
calibration overrides — pick a person, a grade and a written reason; list and remove them.
Overrides can be set in calibration only; each is one undo step."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain.errors import UserError
from salesdesk.domain.workflow import overrides_editable, state_label
from salesdesk.services.cycle_scoring import CycleResults
from salesdesk.services.cycles import CyclesService, CycleSummary
from salesdesk.ui.models.cycles import (
    CODE_ROLE,
    DistributionModel,
    OverridesModel,
)
from salesdesk.ui.models.manual_metrics_model import SORT_ROLE
from salesdesk.ui.pages.cycle_tabs import TAB_ORDER, CycleTabHost, CycleTabSpec
from salesdesk.ui.widgets.grade_chart import GradeChart

MAX_REASON = 500


def mode_label(mode: str) -> str:
    labels = {
        "off": QCoreApplication.translate("CalibrationTab", "off (quotas shown only)"),
        "advisory": QCoreApplication.translate(
            "CalibrationTab", "advisory (counts over a quota are flagged)"
        ),
        "enforce": QCoreApplication.translate(
            "CalibrationTab", "enforced (S and A capped at their quotas)"
        ),
    }
    return labels.get(mode, mode)


class OverrideCommand(QUndoCommand):
    """One calibration override (set, changed or removed). Pushed after the first change
    succeeded, so the first redo() does nothing; later ones write through the service."""

    def __init__(
        self,
        tab: CalibrationTab,
        cycle_id: int,
        code: str,
        old: tuple[str | None, str | None],
        new: tuple[str | None, str | None],
        text: str,
    ) -> None:
        super().__init__(text)
        self.tab = tab
        self.cycle_id = cycle_id
        self.code = code
        self.old = old
        self.new = new
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self.tab.write_override(self.cycle_id, self.code, *self.new)

    def undo(self) -> None:
        self.tab.write_override(self.cycle_id, self.code, *self.old)


class CalibrationTab(QWidget):
    """Distribution chart and table, the override form and the list of overrides."""

    status = Signal(str)
    data_changed = Signal()

    def __init__(self, host: CycleTabHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("calibrationTab")
        self.host = host
        self.cycles: CyclesService = host.services.cycles
        self.summary: CycleSummary | None = None
        self.results: CycleResults | None = None

        self.chart = GradeChart(self)
        self.distribution_model = DistributionModel(self)
        self.distribution_table = QTableView(self)
        self.distribution_table.setObjectName("distributionTable")
        self.distribution_table.setModel(self.distribution_model)
        self._plain_table(self.distribution_table)
        self.distribution_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.Stretch
        )
        self.distribution_info = QLabel(self)
        self.distribution_info.setObjectName("distributionInfo")
        self.distribution_info.setWordWrap(True)
        self.distribution_info.setStyleSheet("color: palette(placeholder-text);")

        self.person = QComboBox(self)
        self.person.setObjectName("overridePerson")
        self.person.setEditable(True)
        self.person.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = self.person.completer()
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.person.setMinimumContentsLength(14)
        self.grade = QComboBox(self)
        self.grade.setObjectName("overrideGrade")
        self.reason = QLineEdit(self)
        self.reason.setObjectName("overrideReason")
        self.reason.setMaxLength(MAX_REASON)
        self.reason.setPlaceholderText(self.tr("Why this grade (required)"))
        self.apply_button = QPushButton(self.tr("Adjust grade"), self)
        self.apply_button.setObjectName("overrideApply")
        self.apply_button.clicked.connect(lambda: self.apply_override())
        self.reason.returnPressed.connect(lambda: self.apply_override())
        self.person_info = QLabel(self)
        self.person_info.setObjectName("overridePersonInfo")
        self.person_info.setStyleSheet("color: palette(placeholder-text);")
        self.state_hint = QLabel(self)
        self.state_hint.setObjectName("overrideStateHint")
        self.state_hint.setWordWrap(True)
        self.state_hint.setStyleSheet("color: #a15c00;")

        self.overrides_model = OverridesModel(self)
        self.overrides_proxy = QSortFilterProxyModel(self)
        self.overrides_proxy.setSourceModel(self.overrides_model)
        self.overrides_proxy.setSortRole(SORT_ROLE)
        self.overrides_table = QTableView(self)
        self.overrides_table.setObjectName("overridesTable")
        self.overrides_table.setModel(self.overrides_proxy)
        self._plain_table(self.overrides_table)
        self.overrides_table.setSortingEnabled(True)
        header = self.overrides_table.horizontalHeader()
        for column, width in enumerate((110, 44, 64, 44)):
            header.resizeSection(column, width)
        header.setStretchLastSection(True)
        self.overrides_table.setMinimumHeight(60)
        self.remove_button = QPushButton(self.tr("Remove override"), self)
        self.remove_button.setObjectName("overrideRemove")
        self.remove_button.clicked.connect(lambda: self.remove_selected())
        self.overrides_table.doubleClicked.connect(self._override_activated)

        self._build_layout()
        self.person.currentIndexChanged.connect(self._person_changed)
        self.overrides_table.selectionModel().selectionChanged.connect(self._update_enabled)
        self.set_cycle(None, None)

    @staticmethod
    def _plain_table(table: QTableView) -> None:
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.verticalHeader().setVisible(False)
        table.setWordWrap(False)
        table.setAlternatingRowColors(True)

    def _build_layout(self) -> None:
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.chart, 1)
        left_layout.addWidget(self.distribution_table)
        left_layout.addWidget(self.distribution_info)

        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        form_box = QGroupBox(self.tr("Adjust a grade"), right)
        form = QFormLayout(form_box)
        form.addRow(self.tr("Person:"), self.person)
        form.addRow("", self.person_info)
        form.addRow(self.tr("Grade:"), self.grade)
        form.addRow(self.tr("Reason:"), self.reason)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.apply_button)
        form.addRow(buttons)
        form.addRow(self.state_hint)
        right_layout.addWidget(form_box)
        list_box = QGroupBox(self.tr("Overrides"), right)
        list_layout = QVBoxLayout(list_box)
        list_layout.addWidget(self.overrides_table, 1)
        remove_row = QHBoxLayout()
        remove_row.addStretch(1)
        remove_row.addWidget(self.remove_button)
        list_layout.addLayout(remove_row)
        right_layout.addWidget(list_box, 1)

        # Explicit minimums: a narrow window clips the panels instead of growing.
        left.setMinimumSize(140, 200)
        right.setMinimumSize(160, 200)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setObjectName("calibrationSplitter")
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([520, 460])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(splitter)

    # ---- the CycleTab protocol

    def set_cycle(self, summary: CycleSummary | None, results: CycleResults | None) -> None:
        self.summary = summary
        self.results = results if summary is not None else None
        distribution = None if self.results is None else self.results.distribution
        self.chart.set_distribution(distribution)
        self.distribution_model.set_distribution(distribution)
        self._fit_distribution_table()
        self.overrides_model.set_results(self.results)
        self._fill_grades()
        self._fill_people()
        self._describe_distribution()
        self._update_enabled()

    def refresh(self) -> None:
        """Everything shown comes with the results the page hands over."""

    def _fit_distribution_table(self) -> None:
        """As tall as its rows (five grades) allow, so the chart gets the rest."""
        table = self.distribution_table
        rows = max(self.distribution_model.rowCount(), 5)
        height = table.horizontalHeader().sizeHint().height()
        height += rows * table.verticalHeader().defaultSectionSize() + 2 * table.frameWidth()
        # Shorter only when the window is: then the table scrolls.
        table.setMaximumHeight(height)
        table.setMinimumHeight(min(height, 90))

    def set_person(self, code: str | None) -> None:
        if code is None:
            return
        position = self.person.findData(code)
        if position >= 0:
            self.person.setCurrentIndex(position)

    # ---- filling

    def _fill_people(self) -> None:
        chosen = self.person.currentData()
        self.person.blockSignals(True)
        self.person.clear()
        for row in () if self.results is None else self.results.rows:
            self.person.addItem(f"{row.code} {row.participant.name}", row.code)
        position = self.person.findData(chosen) if chosen is not None else -1
        self.person.setCurrentIndex(position if position >= 0 else 0)
        self.person.blockSignals(False)
        self._person_changed(self.person.currentIndex())

    def _fill_grades(self) -> None:
        chosen = self.grade.currentData()
        self.grade.clear()
        grades = [] if self.results is None else self.results.distribution.get("grades", [])
        for grade in grades:
            self.grade.addItem(str(grade.get("grade")), str(grade.get("grade")))
        position = self.grade.findData(chosen) if chosen is not None else -1
        if position >= 0:
            self.grade.setCurrentIndex(position)

    def _describe_distribution(self) -> None:
        model = self.distribution_model
        if self.results is None:
            self.distribution_info.setText("")
            return
        excess = [str(g.get("grade")) for g in model.grades() if g.get("excess")]
        parts = [
            self.tr("Distribution: {mode}").format(mode=mode_label(model.mode)),
            self.tr("%n people", "", model.headcount),
        ]
        if excess:
            parts.append(self.tr("over quota: {grades}").format(grades=", ".join(excess)))
        self.distribution_info.setText(" · ".join(parts))

    def _person_changed(self, _index: int) -> None:
        code = self.person.currentData()
        row = None if self.results is None or code is None else self.results.row_for(str(code))
        if row is None:
            self.person_info.setText("")
            return
        card = row.card
        self.person_info.setText(
            self.tr(
                "Total {total} · band {band} · distributed {distributed} · final {final}"
            ).format(
                total=card.get("total"),
                band=card.get("band_grade"),
                distributed=card.get("distributed_grade"),
                final=card.get("final_grade"),
            )
        )
        position = self.grade.findData(card.get("final_grade"))
        if position >= 0:
            self.grade.setCurrentIndex(position)

    def editable(self) -> bool:
        return (
            self.summary is not None
            and self.results is not None
            and overrides_editable(self.summary.state)
        )

    def _update_enabled(self, *_args: object) -> None:
        editable = self.editable()
        for widget in (self.person, self.grade, self.reason, self.apply_button):
            widget.setEnabled(editable)
        selected = self.overrides_table.selectionModel().selectedRows()
        self.remove_button.setEnabled(editable and bool(selected))
        if self.summary is None:
            self.state_hint.setText("")
        elif not overrides_editable(self.summary.state):
            self.state_hint.setText(
                self.tr("Grades are adjusted in calibration only; this cycle is {state}.").format(
                    state=state_label(self.summary.state)
                )
            )
        else:
            self.state_hint.setText("")
        self.state_hint.setVisible(bool(self.state_hint.text()))

    # ---- changing

    def write_override(
        self, cycle_id: int, code: str, grade: str | None, reason: str | None
    ) -> bool:
        """Set (or with grade None remove) an override through the service and rescore;
        a refusal goes to the status bar. (Undo and redo come through here too.)"""
        try:
            self.cycles.set_override(cycle_id, code, grade, reason or "")
        except UserError as exc:
            self.status.emit(str(exc))
            return False
        self.data_changed.emit()
        return True

    def apply_override(self) -> bool:
        """Override the chosen person's grade with the chosen grade and the typed reason."""
        if not self.editable() or self.summary is None or self.results is None:
            return False
        code = self.person.currentData()
        grade = self.grade.currentData()
        row = None if code is None else self.results.row_for(str(code))
        if row is None or grade is None:
            self.status.emit(self.tr("Choose a person and a grade"))
            return False
        reason = self.reason.text().strip()
        person = row.participant
        old = (person.override_grade, person.override_reason)
        try:
            self.cycles.set_override(
                self.summary.id, row.code, str(grade), reason, expected_version=person.version
            )
        except UserError as exc:
            self.status.emit(str(exc))
            self.reason.setFocus()
            return False
        text = self.tr("Adjust {code} to {grade}").format(code=row.code, grade=grade)
        self.host.undo_stack.push(
            OverrideCommand(self, self.summary.id, row.code, old, (str(grade), reason), text)
        )
        self.reason.clear()
        self.status.emit(
            self.tr("{code} {name}: final grade {grade} ({reason})").format(
                code=row.code, name=person.name, grade=grade, reason=reason
            )
        )
        self.data_changed.emit()
        return True

    def selected_override(self) -> str | None:
        rows = self.overrides_table.selectionModel().selectedRows()
        if not rows:
            return None
        return str(rows[0].data(CODE_ROLE))

    def remove_override(self, code: str) -> bool:
        if not self.editable() or self.summary is None or self.results is None:
            return False
        row = self.results.row_for(code)
        if row is None or not row.participant.override_grade:
            return False
        person = row.participant
        old = (person.override_grade, person.override_reason)
        try:
            self.cycles.set_override(
                self.summary.id, code, None, "", expected_version=person.version
            )
        except UserError as exc:
            self.status.emit(str(exc))
            return False
        text = self.tr("Remove the override of {code}").format(code=code)
        self.host.undo_stack.push(
            OverrideCommand(self, self.summary.id, code, old, (None, None), text)
        )
        self.status.emit(
            self.tr("{code} {name}: override removed").format(code=code, name=person.name)
        )
        self.data_changed.emit()
        return True

    def remove_selected(self) -> bool:
        code = self.selected_override()
        return False if code is None else self.remove_override(code)

    def _override_activated(self, index: object) -> None:
        code = self.selected_override()
        if code is not None:
            self.set_person(code)


def _title() -> str:
    return QCoreApplication.translate("CyclesPage", "Calibration")


CYCLE_TAB = CycleTabSpec(
    key="calibration",
    order=TAB_ORDER["calibration"],
    title=_title,
    build=lambda host: CalibrationTab(host),
)

__all__ = ["CYCLE_TAB", "CalibrationTab", "OverrideCommand"]
