"""The 重点工作 (key tasks) tab of the Cycles page (appraisal-rules §5, key_tasks): pick a
participant, edit their key tasks in an Excel-like grid (重点工作, 权重, 完成度 %, 说明), add,
delete and reorder them — each change one undo step — and see the item's score worked out
as Σ(weight × completion) ÷ Σweight beside the score in the cycle's current results.

Also home of :class:`ParticipantPicker`, the person chooser the other input tabs share.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QCoreApplication, QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain.decimals import round_half_up
from salesdesk.domain.errors import UserError
from salesdesk.domain.scoring import ItemKind, KeyTask, key_tasks_completion
from salesdesk.domain.workflow import inputs_editable, state_label
from salesdesk.services.appraisal_inputs import AppraisalInputsService, KeyTaskRow
from salesdesk.services.cycle_scoring import CycleResults, ParticipantInfo
from salesdesk.services.cycles import CycleSummary
from salesdesk.ui.delegates import TextDelegate
from salesdesk.ui.models.cycle_inputs import (
    COL_COMPLETION,
    TASK_COLUMNS,
    KeyTasksModel,
    format_completion,
    plain_number,
    refusal_text,
)
from salesdesk.ui.pages.cycle_tabs import TAB_ORDER, CycleTabHost, CycleTabSpec
from salesdesk.ui.widgets.grid import ExcelGrid

MUTED_STYLE = "color: palette(placeholder-text);"
HINT_STYLE = "color: #a15c00;"
PREVIEW_STYLE = (
    "QLabel { background: palette(alternate-base); border: 1px solid palette(mid);"
    " border-radius: 3px; padding: 6px 8px; }"
)
MAX_DESCRIPTION = 500


# --------------------------------------------------------------------------- the picker


class ParticipantPicker(QWidget):
    """Choose a participant of the cycle: type part of a code or a name, or step with the
    arrows (Alt+Up / Alt+Down). The search box narrows the list."""

    # The chosen staff code (None: nobody).
    person_changed = Signal(object)

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._people: list[ParticipantInfo] = []
        self._words: tuple[str, ...] = ()
        self._filling = False
        self.combo = QComboBox(self)
        self.combo.setObjectName(object_name)
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo.setMinimumContentsLength(12)
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        completer = self.combo.completer()
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        line = self.combo.lineEdit()
        if line is not None:
            line.setPlaceholderText(self.tr("Code or name"))
        self.previous_button = QToolButton(self)
        self.previous_button.setArrowType(Qt.ArrowType.LeftArrow)
        self.previous_button.setToolTip(self.tr("Previous person (Alt+Up)"))
        self.previous_button.setShortcut(QKeySequence("Alt+Up"))
        self.previous_button.clicked.connect(lambda: self.step(-1))
        self.next_button = QToolButton(self)
        self.next_button.setArrowType(Qt.ArrowType.RightArrow)
        self.next_button.setToolTip(self.tr("Next person (Alt+Down)"))
        self.next_button.setShortcut(QKeySequence("Alt+Down"))
        self.next_button.clicked.connect(lambda: self.step(1))
        caption = QLabel(self.tr("Person"), self)
        caption.setBuddy(self.combo)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(caption)
        layout.addWidget(self.combo)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.next_button)
        self.combo.currentIndexChanged.connect(self._chosen)

    def set_people(self, people: Sequence[ParticipantInfo], prefer: str | None = None) -> None:
        """The cycle's participants; the chosen person stays chosen when still listed."""
        self._people = list(people)
        self._fill(prefer)

    def people(self) -> list[ParticipantInfo]:
        return list(self._people)

    def participant(self, code: str | None) -> ParticipantInfo | None:
        return next((p for p in self._people if p.code == code), None)

    def set_search(self, text: str) -> None:
        words = tuple(word.casefold() for word in text.split())
        if words != self._words:
            self._words = words
            self._fill(None)

    def _matches(self, person: ParticipantInfo) -> bool:
        haystack = f"{person.code} {person.name} {person.unit}".casefold()
        return all(word in haystack for word in self._words)

    def _fill(self, prefer: str | None) -> None:
        before = self.current_code()
        chosen = prefer or before
        self._filling = True
        try:
            self.combo.clear()
            for person in self._people:
                if self._matches(person):
                    self.combo.addItem(f"{person.code} {person.name}", person.code)
            position = self.combo.findData(chosen) if chosen is not None else -1
            self.combo.setCurrentIndex(position if position >= 0 else 0)
        finally:
            self._filling = False
        self.person_changed.emit(self.current_code())

    def _chosen(self, _index: int) -> None:
        if not self._filling:
            self.person_changed.emit(self.current_code())

    def current_code(self) -> str | None:
        code = self.combo.currentData()
        return None if code is None else str(code)

    def current(self) -> ParticipantInfo | None:
        return self.participant(self.current_code())

    def set_code(self, code: str | None) -> bool:
        """Choose `code` (also when the search box hid them); False if not a participant."""
        if code is None or code == self.current_code():
            return code is not None
        if self.participant(code) is None:
            return False
        position = self.combo.findData(code)
        if position < 0:
            self._words = ()
            self._fill(code)
            return True
        self.combo.setCurrentIndex(position)
        return True

    def step(self, step: int) -> None:
        count = self.combo.count()
        if count:
            self.combo.setCurrentIndex(min(max(self.combo.currentIndex() + step, 0), count - 1))


def key_tasks_item(snapshot: dict[str, Any]) -> dict[str, Any] | None:
    """The scheme snapshot's key_tasks item (None when the scheme has none)."""
    for item in snapshot.get("items", []):
        if isinstance(item, dict) and item.get("kind") == ItemKind.KEY_TASKS.value:
            return item
    return None


# --------------------------------------------------------------------------- the tab


class KeyTasksTab(QWidget):
    """重点工作: a participant picker, their key tasks as a grid, the add bar, and the
    item's score worked out below."""

    status = Signal(str)
    data_changed = Signal()

    def __init__(self, host: CycleTabHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("keyTasksTab")
        self.host = host
        self.inputs: AppraisalInputsService = host.services.appraisal_inputs
        self.summary: CycleSummary | None = None
        self.results: CycleResults | None = None
        self._loaded_cycle: int | None = None
        self._item: dict[str, Any] | None = None

        self.model = KeyTasksModel(self.inputs, self)
        self.model.undo_stack = host.undo_stack
        self.model.status.connect(self.status)
        self.model.written.connect(self._written)

        self.picker = ParticipantPicker("keyTasksPerson", self)
        self.person_info = QLabel(self)
        self.person_info.setObjectName("keyTasksPersonInfo")
        self.person_info.setStyleSheet(MUTED_STYLE)
        self.person_info.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.state_hint = QLabel(self)
        self.state_hint.setObjectName("keyTasksReadOnly")
        self.state_hint.setStyleSheet(HINT_STYLE)
        self.state_hint.setWordWrap(True)

        self.grid = ExcelGrid(self)
        self.grid.setObjectName("keyTasksGrid")
        self.grid.setModel(self.model)
        self.grid.setItemDelegate(TextDelegate(self.grid))
        self.grid.status.connect(self.status)
        header = self.grid.horizontalHeader()
        for column, spec in enumerate(TASK_COLUMNS):
            header.resizeSection(column, spec.width)
        header.setStretchLastSection(True)
        self.grid.setMinimumHeight(120)

        self.description = QLineEdit(self)
        self.description.setObjectName("newTaskDescription")
        self.description.setMaxLength(MAX_DESCRIPTION)
        self.description.setPlaceholderText(self.tr("New key task: what is to be achieved"))
        self.weight = QLineEdit(self)
        self.weight.setObjectName("newTaskWeight")
        self.weight.setPlaceholderText(self.tr("Weight"))
        self.weight.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.weight.setMaximumWidth(70)
        self.add_button = QPushButton(self.tr("Add task"), self)
        self.add_button.setObjectName("addKeyTask")
        self.add_button.clicked.connect(lambda: self.add_task())
        self.description.returnPressed.connect(lambda: self.add_task())
        self.weight.returnPressed.connect(lambda: self.add_task())

        self.delete_action = QAction(self.tr("Delete task"), self)
        self.delete_action.setObjectName("deleteKeyTask")
        self.delete_action.setShortcut(QKeySequence("Ctrl+Delete"))
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.delete_action.triggered.connect(lambda: self.delete_selected())
        self.up_action = QAction(self.tr("Move up"), self)
        self.up_action.setObjectName("moveKeyTaskUp")
        self.up_action.setShortcut(QKeySequence("Ctrl+Shift+Up"))
        self.up_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.up_action.triggered.connect(lambda: self.move_current(-1))
        self.down_action = QAction(self.tr("Move down"), self)
        self.down_action.setObjectName("moveKeyTaskDown")
        self.down_action.setShortcut(QKeySequence("Ctrl+Shift+Down"))
        self.down_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.down_action.triggered.connect(lambda: self.move_current(1))
        self.grid.addActions([self.up_action, self.down_action, self.delete_action])
        self.grid.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

        self.preview = QLabel(self)
        self.preview.setObjectName("keyTasksPreview")
        self.preview.setWordWrap(True)
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.preview.setStyleSheet(PREVIEW_STYLE)
        self.preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self._build_layout()
        self.picker.person_changed.connect(self._person_chosen)
        self.grid.selectionModel().currentChanged.connect(self._update_actions)
        self.grid.selectionModel().selectionChanged.connect(self._update_actions)
        self.model.modelReset.connect(self._update_actions)
        self.set_cycle(None, None)

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.setContentsMargins(0, 4, 0, 0)
        top.addWidget(self.picker)
        top.addSpacing(10)
        top.addWidget(self.person_info, 1)

        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for action in (self.up_action, self.down_action, self.delete_action):
            button = QToolButton(self)
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            buttons.addWidget(button)
        buttons.addStretch(1)
        add_bar = QHBoxLayout()
        add_bar.setContentsMargins(0, 0, 0, 0)
        caption = QLabel(self.tr("New:"), self)
        caption.setStyleSheet(MUTED_STYLE)
        add_bar.addWidget(caption)
        add_bar.addWidget(self.description, 1)
        add_bar.addWidget(self.weight)
        add_bar.addWidget(self.add_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.state_hint)
        layout.addWidget(self.grid, 1)
        layout.addLayout(buttons)
        layout.addLayout(add_bar)
        layout.addWidget(self.preview)

    # ---- the CycleTab protocol

    def set_cycle(self, summary: CycleSummary | None, results: CycleResults | None) -> None:
        self.summary = summary
        self.results = results if summary is not None else None
        if summary is None:
            self._loaded_cycle = None
            self._item = None
            self.picker.set_people([])
        elif summary.id != self._loaded_cycle:
            self._load_cycle(summary)
        elif results is None:
            self._reload_tasks()  # the page was refreshed: read the tasks afresh
        self._apply_state()
        self._update_preview()

    def refresh(self) -> None:
        """Reload the participants and the shown person's tasks."""
        if self.summary is None or self._loaded_cycle is None:
            return
        self._load_cycle(self.summary)

    def set_person(self, code: str | None) -> None:
        self.picker.set_code(code)

    def main_view(self) -> QAbstractItemView:
        return self.grid

    def search(self, text: str) -> None:
        """The search box narrows the people to choose from."""
        self.picker.set_search(text)

    # ---- loading

    def _load_cycle(self, summary: CycleSummary) -> None:
        self._loaded_cycle = summary.id
        try:
            self._item = key_tasks_item(self.host.services.cycles.snapshot(summary.id))
            people = self.host.services.cycles.participants(summary.id)
        except UserError as exc:
            self.status.emit(refusal_text(exc))
            self._item, people = None, []
        self.picker.set_people(
            people, prefer=self.picker.current_code() or self.host.current_person()
        )

    def _person_chosen(self, code: object) -> None:
        person = self.picker.participant(None if code is None else str(code))
        cycle_id = None if self.summary is None else self.summary.id
        try:
            self.model.set_person(
                cycle_id if person else None,
                person.code if person else None,
                person.name if person else "",
            )
        except UserError as exc:
            self.status.emit(refusal_text(exc))
            self.model.set_person(None, None)
        if self.model.rowCount():
            self.grid.selectionModel().setCurrentIndex(
                self.model.index(0, COL_COMPLETION),
                QItemSelectionModel.SelectionFlag.ClearAndSelect,
            )
        self._suggest_weight()
        self._update_preview()

    def _reload_tasks(self) -> None:
        current = self.grid.currentIndex()
        try:
            self.model.reload()
        except UserError as exc:
            self.status.emit(refusal_text(exc))
        if current.isValid() and current.row() < self.model.rowCount():
            self.grid.setCurrentIndex(self.model.index(current.row(), current.column()))
        self._update_preview()

    # ---- state

    def editable(self) -> bool:
        return self.summary is not None and inputs_editable(self.summary.state)

    def _apply_state(self) -> None:
        summary = self.summary
        editable = self.editable()
        reason = ""
        if summary is not None and not editable:
            reason = self.tr(
                "Key tasks can be changed while the cycle is a draft, open or in calibration; "
                "this cycle is {state}."
            ).format(state=state_label(summary.state))
        self.model.set_editable(editable, reason)
        hints = [reason] if reason else []
        if summary is not None and self._item is None:
            hints.append(
                self.tr(
                    "The cycle's scheme has no key-tasks item: tasks entered here do not count."
                )
            )
        self.state_hint.setText(" ".join(hints))
        self.state_hint.setVisible(bool(hints))
        for widget in (self.description, self.weight, self.add_button):
            widget.setEnabled(editable)
        self._update_actions()

    def _update_actions(self, *_args: object) -> None:
        editable = self.editable() and self.model.code is not None
        row = self.grid.currentIndex().row()
        count = self.model.rowCount()
        self.delete_action.setEnabled(editable and 0 <= row < count)
        self.up_action.setEnabled(editable and 0 < row < count)
        self.down_action.setEnabled(editable and 0 <= row < count - 1)
        self.add_button.setEnabled(editable)

    # ---- changing

    def add_task(self, description: str | None = None, weight: str | None = None) -> bool:
        """Add a task for the shown person from the add bar (or the given values)."""
        text = self.description.text() if description is None else description
        amount = (self.weight.text() if weight is None else weight).strip()
        if self.editable() and not amount:
            self.status.emit(self.tr("Give the new task a weight above 0"))
            self.weight.setFocus()
            return False
        row = self.model.add_task(text, amount)
        if row is None:
            self.description.setFocus()
            return False
        self.description.clear()
        self._suggest_weight()
        position = self.model.row_of(row.id)
        if position is not None:
            self.grid.selectionModel().setCurrentIndex(
                self.model.index(position, COL_COMPLETION),
                QItemSelectionModel.SelectionFlag.ClearAndSelect,
            )
        self.status.emit(
            self.tr("Added the key task {task} for {code}").format(
                task=row.description, code=self.model.code
            )
        )
        return True

    def selected_rows(self) -> list[int]:
        rows = {index.row() for index in self.grid.selectionModel().selectedIndexes()}
        current = self.grid.currentIndex()
        if not rows and current.isValid():
            rows = {current.row()}
        return sorted(rows)

    def delete_selected(self) -> int:
        rows = self.selected_rows()
        deleted = self.model.delete_rows(rows)
        if deleted:
            self.status.emit(self.tr("Deleted {n} key task(s)").format(n=deleted))
        return deleted

    def move_current(self, step: int) -> bool:
        current = self.grid.currentIndex()
        if not current.isValid():
            return False
        task_id = self.model.task_at(current.row()).id
        if not self.model.move_row(current.row(), step):
            return False
        position = self.model.row_of(task_id)
        if position is not None:
            self.grid.selectionModel().setCurrentIndex(
                self.model.index(position, current.column()),
                QItemSelectionModel.SelectionFlag.ClearAndSelect,
            )
        return True

    def _written(self, code: str) -> None:
        self._update_preview()
        self._suggest_weight()
        self._update_actions()
        self.data_changed.emit()

    def _suggest_weight(self) -> None:
        """What is left to 100 (the usual split), else 10."""
        total = sum((t.weight for t in self.model.tasks()), Decimal(0))
        left = Decimal(100) - total
        self.weight.setText(plain_number(left if left > 0 else Decimal(10)))

    # ---- the preview

    def _results_item(self) -> dict[str, Any] | None:
        code = self.model.code
        if self.results is None or code is None:
            return None
        row = self.results.row_for(code)
        if row is None:
            return None
        for item in row.card.get("items", []):
            if item.get("kind") == ItemKind.KEY_TASKS.value:
                return dict(item)
        return None

    def preview_text(self) -> str:
        """The item's score worked out from the tasks shown (appraisal-rules §5):
        Σ(weight × completion) ÷ Σweight, W × that ÷ 100, and the score in the results."""
        person = self.picker.current()
        if self.summary is None or person is None:
            return self.tr("Choose a cycle and a person to see their key tasks.")
        tasks: list[KeyTaskRow] = self.model.tasks()
        lines: list[str] = []
        if not tasks:
            lines.append(
                self.tr("{code} {name} has no key tasks: the item scores 0.").format(
                    code=person.code, name=person.name
                )
            )
        else:
            completion = key_tasks_completion(
                [KeyTask(t.description, t.weight, t.completion) for t in tasks]
            )
            parts = [
                f"{plain_number(t.weight)}×{format_completion(t.completion) or '0%'}" for t in tasks
            ]
            total = sum((t.weight for t in tasks), Decimal(0))
            percent = "" if completion is None else format_completion(completion)
            lines.append(
                self.tr(
                    "Completion Σ(weight × completion) ÷ Σweight = ({parts}) ÷ {total} = {p}"
                ).format(parts=" + ".join(parts), total=plain_number(total), p=percent)
            )
            unrated = sum(1 for t in tasks if t.completion is None)
            if unrated:
                lines.append(
                    self.tr("{n} of {m} task(s) not rated yet: counted as 0 %").format(
                        n=unrated, m=len(tasks)
                    )
                )
            if self._item is not None and completion is not None:
                weight = Decimal(str(self._item.get("weight", 0)))
                score = round_half_up(weight * completion / Decimal(100), 2)
                lines.append(
                    self.tr("{item}: {w} × {p} = {score} points").format(
                        item=self._item.get("name", ""),
                        w=plain_number(weight),
                        p=percent,
                        score=f"{score:.2f}",
                    )
                )
        item = self._results_item()
        if item is not None:
            lines.append(
                self.tr("In the current results: {score} points").format(
                    score=item.get("score", "")
                )
            )
        elif self.results is None and self._item is not None:
            lines.append(self.tr("Scoring…"))
        return "\n".join(lines)

    def _update_preview(self) -> None:
        self.preview.setText(self.preview_text())
        person = self.picker.current()
        if person is None:
            self.person_info.setText("")
            return
        parts = [person.unit]
        if self.results is not None:
            row = self.results.row_for(person.code)
            if row is not None:
                parts.append(
                    self.tr("total {total} · grade {grade}").format(
                        total=row.card.get("total", ""), grade=row.card.get("final_grade", "")
                    )
                )
        self.person_info.setText(" · ".join(p for p in parts if p))


def _title() -> str:
    return QCoreApplication.translate("CyclesPage", "Key tasks")


CYCLE_TAB = CycleTabSpec(
    key="key_tasks",
    order=TAB_ORDER["key_tasks"],
    title=_title,
    build=lambda host: KeyTasksTab(host),
)

__all__ = ["CYCLE_TAB", "KeyTasksTab", "ParticipantPicker", "key_tasks_item"]
