"""File appeal…: a participant's appeal against the confirmed result (appraisal-rules §6) —
the person, the day it was received and the grounds; the filing deadline is shown, and a
refusal (after the deadline, an empty ground, a cycle that is not confirmed) keeps the
dialog open with the reason."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from salesdesk.services.cycle_scoring import ParticipantInfo
from salesdesk.ui.delegates import DATE_FORMAT, parse_date_value, to_qdate

# file(code, grounds, filed_on) -> None when filed, else why it was refused.
FileAppeal = Callable[[str, str, date], str | None]


class FileAppealDialog(QDialog):
    """Person, filed on (default today) and grounds; OK files through `file_appeal`."""

    def __init__(
        self,
        people: Sequence[ParticipantInfo],
        file_appeal: FileAppeal,
        *,
        deadline: date | None,
        today: date,
        person: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("fileAppealDialog")
        self.setWindowTitle(self.tr("File an appeal"))
        self._file = file_appeal

        self.person = QComboBox(self)
        self.person.setObjectName("appealPerson")
        self.person.setEditable(True)
        self.person.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = self.person.completer()
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        for each in people:
            self.person.addItem(f"{each.code} {each.name}", each.code)
        position = self.person.findData(person) if person is not None else -1
        self.person.setCurrentIndex(max(position, 0) if self.person.count() else -1)

        self.filed_on = QDateEdit(self)
        self.filed_on.setObjectName("appealFiledOn")
        self.filed_on.setDisplayFormat(DATE_FORMAT)
        self.filed_on.setCalendarPopup(True)
        self.filed_on.setDate(to_qdate(today))
        self.filed_on.setMaximumDate(to_qdate(today))  # received, so not in the future
        self.filed_on.setToolTip(self.tr("The day the appeal was received"))

        self.grounds = QPlainTextEdit(self)
        self.grounds.setObjectName("appealGrounds")
        self.grounds.setTabChangesFocus(True)
        self.grounds.setPlaceholderText(self.tr("What the employee disputes and why (required)"))
        self.grounds.setMinimumHeight(90)

        self.deadline = QLabel(self)
        self.deadline.setObjectName("appealDialogDeadline")
        if deadline is not None:
            self.deadline.setText(
                self.tr("Appeals close on {date}").format(date=deadline.isoformat())
            )
            self.deadline.setStyleSheet("font-weight: 600;")
        self.error = QLabel(self)
        self.error.setObjectName("appealDialogError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828;")
        self.error.setVisible(False)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("File appeal"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.tr("Person:"), self.person)
        form.addRow(self.tr("Filed on:"), self.filed_on)
        form.addRow(self.tr("Grounds:"), self.grounds)
        layout = QVBoxLayout(self)
        layout.addWidget(self.deadline)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(480, 300)

    def chosen_code(self) -> str | None:
        code = self.person.currentData()
        return None if code is None else str(code)

    def submit(self) -> bool:
        """File the appeal; the dialog closes only when it was accepted."""
        code = self.chosen_code()
        if code is None:
            self._show_error(self.tr("Choose the person who appeals"))
            return False
        day = parse_date_value(self.filed_on.date()) or date.today()
        refusal = self._file(code, self.grounds.toPlainText(), day)
        if refusal is not None:
            self._show_error(refusal)
            return False
        self.accept()
        return True

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def set_filed_on(self, day: date) -> None:
        self.filed_on.setDate(QDate(day.year, day.month, day.day))


__all__ = ["FileAppeal", "FileAppealDialog"]
