"""Decide…: an appeal decided upheld (成立) or rejected (驳回) with its resolution
(appraisal-rules §6). Choosing upheld says that the cycle goes back to calibration so the
result can be changed; a refusal keeps the dialog open with the reason."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from salesdesk.services.interviews import AppealOutcome, AppealRow
from salesdesk.ui.delegates import DATE_FORMAT, parse_date_value, to_qdate

# decide(outcome, resolution, decided_on) -> None when decided, "" when the user backed
# out of a warning, else why it was refused.
DecideAppeal = Callable[[AppealOutcome, str, date], str | None]


class DecideAppealDialog(QDialog):
    """Upheld or rejected, the resolution (prefilled with the one recorded) and the day."""

    def __init__(
        self,
        appeal: AppealRow,
        decide: DecideAppeal,
        *,
        cycle_name: str,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("decideAppealDialog")
        self.setWindowTitle(self.tr("Decide the appeal"))
        self.appeal = appeal
        self._decide = decide

        heading = QLabel(
            self.tr("{code} {name}, filed {filed}, decision due {due}").format(
                code=appeal.staff_code,
                name=appeal.staff_name,
                filed=appeal.filed_on.isoformat(),
                due=appeal.decision_due.isoformat(),
            ),
            self,
        )
        heading.setStyleSheet("font-weight: 600;")
        grounds = QLabel(appeal.grounds, self)
        grounds.setWordWrap(True)
        facts = QLabel(appeal.facts or self.tr("(no facts recorded yet)"), self)
        facts.setWordWrap(True)

        self.upheld_choice = QRadioButton(self.tr("Upheld"), self)
        self.upheld_choice.setObjectName("appealUpheld")
        self.rejected_choice = QRadioButton(self.tr("Rejected"), self)
        self.rejected_choice.setObjectName("appealRejected")
        self.outcomes = QButtonGroup(self)
        self.outcomes.addButton(self.upheld_choice)
        self.outcomes.addButton(self.rejected_choice)
        self.rejected_choice.setChecked(True)
        self.resolution = QPlainTextEdit(self)
        self.resolution.setObjectName("appealResolution")
        self.resolution.setTabChangesFocus(True)
        self.resolution.setPlainText(appeal.resolution)
        self.resolution.setPlaceholderText(self.tr("The decision and what follows (required)"))
        self.resolution.setMinimumHeight(80)
        self.decided_on = QDateEdit(self)
        self.decided_on.setObjectName("appealDecidedOn")
        self.decided_on.setDisplayFormat(DATE_FORMAT)
        self.decided_on.setCalendarPopup(True)
        self.decided_on.setDate(to_qdate(today))
        self.decided_on.setMaximumDate(to_qdate(today))

        self.upheld_note = QLabel(
            self.tr(
                "Upheld moves {cycle} back to calibration so the result can be changed; "
                "it has to be confirmed again afterwards."
            ).format(cycle=cycle_name),
            self,
        )
        self.upheld_note.setObjectName("appealUpheldNote")
        self.upheld_note.setWordWrap(True)
        self.upheld_note.setStyleSheet("color: #a15c00;")
        self.error = QLabel(self)
        self.error.setObjectName("decideAppealError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828;")

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Decide"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        outcome_row = QHBoxLayout()
        outcome_row.addWidget(self.upheld_choice)
        outcome_row.addWidget(self.rejected_choice)
        outcome_row.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("Grounds:"), grounds)
        form.addRow(self.tr("Facts found:"), facts)
        form.addRow(self.tr("Outcome:"), outcome_row)
        form.addRow(self.tr("Resolution:"), self.resolution)
        form.addRow(self.tr("Decided on:"), self.decided_on)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.upheld_note)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.upheld_choice.toggled.connect(self._update_note)
        self._update_note()
        self._show_error("")
        self.resize(520, 380)

    def outcome(self) -> AppealOutcome:
        return AppealOutcome.UPHELD if self.upheld_choice.isChecked() else AppealOutcome.REJECTED

    def _update_note(self, *_args: object) -> None:
        self.upheld_note.setVisible(self.upheld_choice.isChecked())

    def submit(self) -> bool:
        """Decide; the dialog closes only when the decision was recorded."""
        day = parse_date_value(self.decided_on.date()) or date.today()
        refusal = self._decide(self.outcome(), self.resolution.toPlainText(), day)
        if refusal is not None:
            self._show_error(refusal)
            return False
        self.accept()
        return True

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))


__all__ = ["DecideAppeal", "DecideAppealDialog"]
