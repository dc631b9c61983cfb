"""The Participants dialog of a cycle (appraisal-rules §6): the cycle's participants (工号,
姓名, 部门, partial period, added by hand) beside the staff not in the cycle (filtered by a
search box; people who left are shown on request), with Add → and ← Remove.

Participants change only while the cycle is a draft or open; otherwise the dialog shows
them read-only and says why. Adding someone asks for a reason (optional), removing someone
asks for one and refuses to go on without it; every change goes through the cycles service
(one audited transaction each) and a refusal is shown with the service's reason.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QItemSelectionModel, QSortFilterProxyModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain.errors import UserError
from salesdesk.domain.workflow import participants_editable, state_label
from salesdesk.services.cycles import CyclesService, CycleSummary
from salesdesk.services.staff import StaffRow, StaffService
from salesdesk.ui.models.staff_model import role_label
from salesdesk.ui.widgets import messages

MAX_REASON = 500
CODE_ROLE = Qt.ItemDataRole.UserRole + 1
CHECK = "✓"
READ_ONLY_STYLE = "color: #5d6d7e; font-style: italic;"


def _item(text: str, code: str) -> QStandardItem:
    item = QStandardItem(text)
    item.setEditable(False)
    item.setData(code, CODE_ROLE)
    return item


def _table(parent: QWidget, name: str, model: QSortFilterProxyModel) -> QTableView:
    table = QTableView(parent)
    table.setObjectName(name)
    table.setModel(model)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    table.setSortingEnabled(True)
    table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class ParticipantsDialog(QDialog):
    """Shows and edits the participants of one cycle. `changed` is True once a participant
    was added or removed (the page then reloads the cycle and rescores it)."""

    def __init__(
        self,
        cycles: CyclesService,
        staff: StaffService,
        summary: CycleSummary,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("participantsDialog")
        self.setWindowTitle(self.tr("Participants of {cycle}").format(cycle=summary.name))
        self.setMinimumSize(860, 480)
        self.cycles = cycles
        self.staff = staff
        self.summary = summary
        self.cycle_id = summary.id
        self.editable = participants_editable(summary.state)
        self.changed = False

        self.participants_model = QStandardItemModel(0, 5, self)
        self.participants_model.setHorizontalHeaderLabels(
            [
                self.tr("Code"),
                self.tr("Name"),
                self.tr("Unit"),
                self.tr("Partial period"),
                self.tr("Added by hand"),
            ]
        )
        self.participants_proxy = QSortFilterProxyModel(self)
        self.participants_proxy.setSourceModel(self.participants_model)
        self.available_model = QStandardItemModel(0, 5, self)
        self.available_model.setHorizontalHeaderLabels(
            [
                self.tr("Code"),
                self.tr("Name"),
                self.tr("Unit"),
                self.tr("Role"),
                self.tr("Left on"),
            ]
        )
        self.available_proxy = QSortFilterProxyModel(self)
        self.available_proxy.setSourceModel(self.available_model)
        self.available_proxy.setFilterKeyColumn(-1)
        self.available_proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

        self.participants_table = _table(self, "participantsTable", self.participants_proxy)
        self.available_table = _table(self, "availableStaffTable", self.available_proxy)

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("participantsFilter")
        self.filter_edit.setPlaceholderText(self.tr("Filter by code, name or unit"))
        self.filter_edit.setClearButtonEnabled(True)
        self.show_left = QCheckBox(self.tr("Show people who left"), self)
        self.show_left.setObjectName("participantsShowLeft")

        self.add_button = QPushButton(self.tr("Add →"), self)
        self.add_button.setObjectName("addParticipantButton")
        self.remove_button = QPushButton(self.tr("← Remove"), self)
        self.remove_button.setObjectName("removeParticipantButton")

        self.read_only_label = QLabel(self)
        self.read_only_label.setObjectName("participantsReadOnly")
        self.read_only_label.setWordWrap(True)
        self.read_only_label.setStyleSheet(READ_ONLY_STYLE)
        if not self.editable:
            self.read_only_label.setText(
                self.tr(
                    "Read-only: participants can be changed only while the cycle is a draft "
                    "or open; {cycle} is {state}."
                ).format(cycle=summary.name, state=state_label(summary.state))
            )
        self.read_only_label.setVisible(not self.editable)
        self.participants_count = QLabel(self)
        self.participants_count.setObjectName("participantsCount")
        self.available_count = QLabel(self)
        self.available_count.setObjectName("availableCount")
        note = QLabel(
            self.tr(
                "Adding someone by hand asks for a reason; removing someone needs one. "
                "Every change is kept in the audit log."
            ),
            self,
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(placeholder-text);")

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)

        left = QVBoxLayout()
        left.addWidget(self.participants_count)
        left.addWidget(self.participants_table, 1)
        middle = QVBoxLayout()
        middle.addStretch(1)
        middle.addWidget(self.add_button)
        middle.addWidget(self.remove_button)
        middle.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.available_count)
        filters = QHBoxLayout()
        filters.addWidget(self.filter_edit, 1)
        filters.addWidget(self.show_left)
        right.addLayout(filters)
        right.addWidget(self.available_table, 1)
        grid = QGridLayout()
        grid.addLayout(left, 0, 0)
        grid.addLayout(middle, 0, 1)
        grid.addLayout(right, 0, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(2, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.read_only_label)
        layout.addLayout(grid, 1)
        if self.editable:
            layout.addWidget(note)
        else:
            note.setVisible(False)
        layout.addWidget(self.buttons)

        self.filter_edit.textChanged.connect(self._filter_changed)
        self.show_left.toggled.connect(lambda _on: self.reload())
        self.add_button.clicked.connect(lambda: self.add_selected())
        self.remove_button.clicked.connect(lambda: self.remove_selected())
        self.available_table.doubleClicked.connect(lambda _i: self.add_selected())
        self.participants_table.selectionModel().selectionChanged.connect(
            lambda *_a: self._update_buttons()
        )
        self.available_table.selectionModel().selectionChanged.connect(
            lambda *_a: self._update_buttons()
        )
        self.reload()

    # ---- reading

    def participant_codes(self) -> list[str]:
        return [
            str(self.participants_model.item(r, 0).data(CODE_ROLE))
            for r in range(self.participants_model.rowCount())
        ]

    def available_codes(self) -> list[str]:
        """The staff not in the cycle as the filter shows them."""
        return [
            str(self.available_proxy.index(r, 0).data(CODE_ROLE))
            for r in range(self.available_proxy.rowCount())
        ]

    def reload(self) -> None:
        """Read the participants and the staff again."""
        try:
            participants = self.cycles.participants(self.cycle_id)
            people = self.staff.list_staff(include_left=True)
        except UserError as exc:
            messages.show_user_error(self, exc, self.windowTitle())
            return
        self.participants_model.removeRows(0, self.participants_model.rowCount())
        for p in participants:
            self.participants_model.appendRow(
                [
                    _item(p.code, p.code),
                    _item(p.name, p.code),
                    _item(p.unit, p.code),
                    _item(CHECK if p.partial_period else "", p.code),
                    _item(CHECK if p.added_by_hand else "", p.code),
                ]
            )
        inside = {p.code for p in participants}
        self._fill_available([r for r in people if r.code not in inside])
        self.participants_count.setText(
            self.tr("Participants: {count}").format(count=len(participants))
        )
        self._update_buttons()

    def _fill_available(self, people: Sequence[StaffRow]) -> None:
        self.available_model.removeRows(0, self.available_model.rowCount())
        for row in people:
            if row.has_left and not self.show_left.isChecked():
                continue
            left_on = "" if row.leave_date is None else row.leave_date.isoformat()
            self.available_model.appendRow(
                [
                    _item(row.code, row.code),
                    _item(row.name, row.code),
                    _item(row.unit_path, row.code),
                    _item(role_label(row.role), row.code),
                    _item(left_on, row.code),
                ]
            )
        self._count_available()

    def _count_available(self) -> None:
        self.available_count.setText(
            self.tr("Not in the cycle: {count}").format(count=self.available_proxy.rowCount())
        )

    def _filter_changed(self, text: str) -> None:
        self.available_proxy.setFilterFixedString(text.strip())
        self._count_available()
        self._update_buttons()

    def _selected(self, table: QTableView) -> list[str]:
        rows = table.selectionModel().selectedRows(0)
        codes = [str(index.data(CODE_ROLE)) for index in sorted(rows, key=lambda i: i.row())]
        return list(dict.fromkeys(codes))

    def _update_buttons(self) -> None:
        self.add_button.setEnabled(self.editable and bool(self._selected(self.available_table)))
        self.remove_button.setEnabled(
            self.editable and bool(self._selected(self.participants_table))
        )

    def select(self, codes: Sequence[str], *, participants: bool) -> None:
        """Select the rows of `codes` in one of the tables (tests and keyboard users)."""
        table = self.participants_table if participants else self.available_table
        model = table.model()
        table.clearSelection()
        wanted = set(codes)
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for r in range(model.rowCount()):
            index = model.index(r, 0)
            if index.data(CODE_ROLE) in wanted:
                table.selectionModel().select(index, flags)
        self._update_buttons()

    # ---- changing

    def ask_reason(self, title: str, prompt: str) -> str | None:
        """The reason typed by the user (None when cancelled)."""
        text, ok = QInputDialog.getMultiLineText(self, title, prompt)
        return text.strip()[:MAX_REASON] if ok else None

    def add_selected(self, reason: str | None = None) -> int:
        """Add the chosen staff by hand (asking for an optional reason); returns how many
        were added."""
        codes = self._selected(self.available_table)
        if not codes or not self._check_editable():
            return 0
        if reason is None:
            reason = self.ask_reason(
                self.tr("Add to the cycle"),
                self.tr("Why are {people} added by hand? (optional)").format(
                    people=", ".join(codes)
                ),
            )
            if reason is None:
                return 0
        return self._apply(codes, reason.strip(), adding=True)

    def remove_selected(self, reason: str | None = None) -> int:
        """Remove the chosen participants; a reason is required (without one nothing
        changes). Returns how many were removed."""
        codes = self._selected(self.participants_table)
        if not codes or not self._check_editable():
            return 0
        if reason is None:
            reason = self.ask_reason(
                self.tr("Remove from the cycle"),
                self.tr("Why are {people} removed from the cycle? (required)").format(
                    people=", ".join(codes)
                ),
            )
            if reason is None:
                return 0
        if not reason.strip():
            messages.show_user_error(
                self,
                self.tr("Removing a participant needs a reason; nobody was removed."),
                self.tr("Remove from the cycle"),
            )
            return 0
        return self._apply(codes, reason.strip(), adding=False)

    def _check_editable(self) -> bool:
        if self.editable:
            return True
        messages.show_user_error(self, self.read_only_label.text(), self.windowTitle())
        return False

    def _apply(self, codes: Sequence[str], reason: str, *, adding: bool) -> int:
        done = 0
        refusals: list[str] = []
        for code in codes:
            try:
                if adding:
                    self.cycles.add_participant(self.cycle_id, code, reason=reason)
                else:
                    self.cycles.remove_participant(self.cycle_id, code, reason=reason)
            except UserError as exc:
                refusals.append(str(exc).splitlines()[0])
                continue
            done += 1
        if done:
            self.changed = True
        self.reload()
        if refusals:
            title = self.tr("Add to the cycle") if adding else self.tr("Remove from the cycle")
            messages.show_user_error(self, "\n".join(refusals), title)
        return done


__all__ = ["ParticipantsDialog"]
