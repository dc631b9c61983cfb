"""The 面谈 (interview and sign-off) tab of the Cycles page (appraisal-rules §6–7): for the
chosen participant the interview date, notes and improvement goals, and the employee's
confirmation date or refusal with its reason; beside it their final grade and development
flags (training, PIP, promotion candidate); above it the cycle's progress ("已面谈 25 / 30，
已确认 22，拒绝 1"). Interviews are recorded while the cycle is confirmed; each save is one
undo step."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, Qt, Signal
from PySide6.QtGui import QShowEvent, QUndoCommand
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import Shiboken

from salesdesk.domain.errors import UserError
from salesdesk.domain.workflow import CycleState, state_label
from salesdesk.services.cycle_scoring import CycleResults, ParticipantInfo
from salesdesk.services.cycles import CycleSummary
from salesdesk.services.interviews import InterviewRow, InterviewsService
from salesdesk.ui.delegates import DATE_FORMAT, parse_date_value, to_qdate
from salesdesk.ui.models.cycle_inputs import refusal_text
from salesdesk.ui.models.cycles import GRADE_COLOURS
from salesdesk.ui.operations import Operation, OperationCancelled, run_operation
from salesdesk.ui.pages.cycle_tabs import TAB_ORDER, CycleTabHost, CycleTabSpec
from salesdesk.ui.pages.cycle_tabs.key_tasks import ParticipantPicker
from salesdesk.ui.widgets import messages

MUTED_STYLE = "color: palette(placeholder-text);"
HINT_STYLE = "color: #a15c00;"
ERROR_STYLE = "color: #c62828;"
MAX_REASON = 500


@dataclass(frozen=True)
class InterviewValues:
    """What the interview form holds (refusal_reason None: not refused)."""

    interview_date: date | None = None
    notes: str = ""
    improvement_goals: str = ""
    confirmed_on: date | None = None
    refusal_reason: str | None = None

    @classmethod
    def of(cls, row: InterviewRow) -> InterviewValues:
        return cls(
            row.interview_date,
            row.notes,
            row.improvement_goals,
            row.confirmed_on,
            row.refusal_reason if row.refused else None,
        )


def development_lines(flags: list[str]) -> list[str]:
    """The development flags of a scorecard (appraisal-rules §7) in words."""
    lines: list[str] = []
    for flag in flags:
        if flag.startswith("training:"):
            lines.append(
                QCoreApplication.translate("InterviewsTab", "Training: {item}").format(
                    item=flag.split(":", 1)[1]
                )
            )
        elif flag == "pip":
            lines.append(
                QCoreApplication.translate(
                    "InterviewsTab", "Propose a performance improvement plan (PIP)"
                )
            )
        elif flag == "promotion_candidate":
            lines.append(QCoreApplication.translate("InterviewsTab", "Promotion candidate"))
    return lines


class InterviewCommand(QUndoCommand):
    """One saved interview form: undo writes back the form as it was before, redo the
    saved one (each with the record's current version). Pushed after the first save."""

    def __init__(
        self,
        tab: InterviewsTab,
        cycle_id: int,
        code: str,
        old: InterviewValues,
        new: InterviewValues,
        text: str,
    ) -> None:
        super().__init__(text)
        self.tab = tab
        self.cycle_id = cycle_id
        self.code = code
        self.old = old
        self.new = new
        self._applied = True

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        self.tab.write_interview(self.cycle_id, self.code, self.new)

    def undo(self) -> None:
        self.tab.write_interview(self.cycle_id, self.code, self.old)


class InterviewsTab(QWidget):
    """面谈: the participant picker and progress line, the interview form, and the
    person's result with their development flags."""

    status = Signal(str)
    data_changed = Signal()

    def __init__(self, host: CycleTabHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("interviewsTab")
        self.host = host
        self.interviews: InterviewsService = host.services.interviews
        self.summary: CycleSummary | None = None
        self.results: CycleResults | None = None
        self._loaded_cycle: int | None = None
        self._code: str | None = None
        self._row: InterviewRow | None = None
        self._records: dict[str, InterviewRow] = {}
        self._counting = False
        self._count_pending: list[ParticipantInfo] | None = None
        self._generation = 0
        self._switching = False
        # The background count of the cycle's interviews (tests wait for it).
        self.count_operation: Operation | None = None

        self.picker = ParticipantPicker("interviewPerson", self)
        self.progress = QLabel(self)
        self.progress.setObjectName("interviewProgress")
        self.progress.setStyleSheet("font-weight: 600;")
        self.progress.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.progress.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.state_hint = QLabel(self)
        self.state_hint.setObjectName("interviewsReadOnly")
        self.state_hint.setStyleSheet(HINT_STYLE)
        self.state_hint.setWordWrap(True)

        self._make_form()
        self._make_result_panel()
        self._build_layout()

        self.picker.person_changed.connect(self._person_chosen)
        self.set_cycle(None, None)

    # ---- building

    def _date_edit(self, name: str) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setObjectName(name)
        edit.setDisplayFormat(DATE_FORMAT)
        edit.setCalendarPopup(True)
        edit.setDate(QDate.currentDate())
        return edit

    def _make_form(self) -> None:
        self.held = QCheckBox(self.tr("Held on"), self)
        self.held.setObjectName("interviewHeld")
        self.interview_date = self._date_edit("interviewDate")
        self.held.toggled.connect(self._update_enabled)
        self.notes = QPlainTextEdit(self)
        self.notes.setObjectName("interviewNotes")
        self.notes.setTabChangesFocus(True)
        self.notes.setPlaceholderText(self.tr("What was discussed: results, strengths, gaps"))
        self.goals = QPlainTextEdit(self)
        self.goals.setObjectName("interviewGoals")
        self.goals.setTabChangesFocus(True)
        self.goals.setPlaceholderText(self.tr("Improvement goals for the next period"))

        self.pending_choice = QRadioButton(self.tr("Not yet"), self)
        self.pending_choice.setObjectName("signoffPending")
        self.confirmed_choice = QRadioButton(self.tr("Confirmed on"), self)
        self.confirmed_choice.setObjectName("signoffConfirmed")
        self.refused_choice = QRadioButton(self.tr("Refused, because"), self)
        self.refused_choice.setObjectName("signoffRefused")
        self.signoff = QButtonGroup(self)
        for button in (self.pending_choice, self.confirmed_choice, self.refused_choice):
            self.signoff.addButton(button)
            button.toggled.connect(self._update_enabled)
        self.confirmed_on = self._date_edit("signoffDate")
        self.refusal_reason = QLineEdit(self)
        self.refusal_reason.setObjectName("refusalReason")
        self.refusal_reason.setMaxLength(MAX_REASON)
        self.refusal_reason.setPlaceholderText(self.tr("Why the employee does not confirm"))

        self.save_button = QPushButton(self.tr("Save interview"), self)
        self.save_button.setObjectName("saveInterview")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(lambda: self.save())
        self.revert_button = QPushButton(self.tr("Discard changes"), self)
        self.revert_button.setObjectName("revertInterview")
        self.revert_button.clicked.connect(lambda: self._show_record())
        self.form_error = QLabel(self)
        self.form_error.setObjectName("interviewError")
        self.form_error.setStyleSheet(ERROR_STYLE)
        self.form_error.setWordWrap(True)
        self.form_error.setVisible(False)

    def _make_result_panel(self) -> None:
        self.grade = QLabel(self)
        self.grade.setObjectName("interviewGrade")
        self.grade.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.grade.setMinimumSize(56, 56)
        self.grade.setMaximumSize(56, 56)
        self.result_info = QLabel(self)
        self.result_info.setObjectName("interviewResult")
        self.result_info.setWordWrap(True)
        self.flags = QLabel(self)
        self.flags.setObjectName("interviewFlags")
        self.flags.setWordWrap(True)
        self.flags.setTextFormat(Qt.TextFormat.PlainText)
        self.pip_hint = QLabel(
            self.tr(
                "A PIP runs 30/60/90 days: the gaps, the goals, the support given, check-ins "
                "and both sides' sign-off. The app never proposes dismissal."
            ),
            self,
        )
        self.pip_hint.setObjectName("interviewPipHint")
        self.pip_hint.setWordWrap(True)
        self.pip_hint.setStyleSheet(MUTED_STYLE)

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.setContentsMargins(0, 4, 0, 0)
        top.addWidget(self.picker)
        top.addSpacing(10)
        top.addWidget(self.progress, 1)

        form_box = QGroupBox(self.tr("Interview and sign-off"), self)
        form = QFormLayout(form_box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        held_row = QHBoxLayout()
        held_row.addWidget(self.held)
        held_row.addWidget(self.interview_date)
        held_row.addStretch(1)
        form.addRow(self.tr("Interview:"), held_row)
        form.addRow(self.tr("Notes:"), self.notes)
        form.addRow(self.tr("Improvement goals:"), self.goals)
        signoff = QVBoxLayout()
        signoff.setSpacing(2)
        signoff.addWidget(self.pending_choice)
        confirmed_row = QHBoxLayout()
        confirmed_row.addWidget(self.confirmed_choice)
        confirmed_row.addWidget(self.confirmed_on)
        confirmed_row.addStretch(1)
        signoff.addLayout(confirmed_row)
        refused_row = QHBoxLayout()
        refused_row.addWidget(self.refused_choice)
        refused_row.addWidget(self.refusal_reason, 1)
        signoff.addLayout(refused_row)
        form.addRow(self.tr("Employee:"), signoff)
        form.addRow(self.form_error)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        form.addRow(buttons)

        result_box = QGroupBox(self.tr("Result and development"), self)
        result_layout = QVBoxLayout(result_box)
        grade_row = QHBoxLayout()
        grade_row.addWidget(self.grade)
        grade_row.addWidget(self.result_info, 1)
        result_layout.addLayout(grade_row)
        result_layout.addWidget(self.flags)
        result_layout.addWidget(self.pip_hint)
        result_layout.addStretch(1)

        # Explicit minimums: a narrow window clips the panels instead of growing.
        form_box.setMinimumSize(180, 200)
        result_box.setMinimumSize(110, 120)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setObjectName("interviewsSplitter")
        splitter.addWidget(form_box)
        splitter.addWidget(result_box)
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([620, 360])

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
            self._records = {}
            self._generation += 1
            self._counting = False
            self._count_pending = None
            self.picker.set_people([])
        elif summary.id != self._loaded_cycle:
            self._load_cycle(summary)
        elif results is None and not self.dirty():
            self._read_record()  # the page was refreshed
        self._apply_state()
        self._show_result()
        self._describe_progress()

    def refresh(self) -> None:
        if self.summary is None or self._loaded_cycle is None:
            return
        self._load_cycle(self.summary)

    def set_person(self, code: str | None) -> None:
        self.picker.set_code(code)

    def search(self, text: str) -> None:
        self.picker.set_search(text)

    # ---- loading

    def _load_cycle(self, summary: CycleSummary) -> None:
        self._loaded_cycle = summary.id
        try:
            people = self.host.services.cycles.participants(summary.id)
        except UserError as exc:
            self.status.emit(refusal_text(exc))
            people = []
        self._switching = True
        try:
            self.picker.set_people(
                people, prefer=self.picker.current_code() or self.host.current_person()
            )
        finally:
            self._switching = False
        self._code = self.picker.current_code()
        self._read_record()
        self._count(summary, people)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.ensure_counted()

    def ensure_counted(self) -> None:
        """Count the interviews if that waits for the tab to be shown."""
        pending = self._count_pending
        if pending is not None and self.summary is not None:
            self._start_count(self.summary, pending)

    def _count(self, summary: CycleSummary, people: list[ParticipantInfo]) -> None:
        """Read every participant's interview for the progress line — in the background
        once the tab is shown (one read of the whole cycle, still a while in a big
        cycle)."""
        self._generation += 1  # a count on its way for an older state is dropped
        previous = self.count_operation
        if previous is not None and previous.state.value == "running":
            previous.cancel()
        self._records = {}
        self._counting = True
        self._count_pending = list(people)
        if self.isVisible():
            self._start_count(summary, people)

    def _start_count(self, summary: CycleSummary, people: list[ParticipantInfo]) -> None:
        self._count_pending = None
        self._generation += 1
        generation = self._generation
        service = self.interviews
        cycle_id = summary.id
        codes = {p.staff_id: p.code for p in people}

        def work(progress: Any) -> dict[str, InterviewRow]:
            if progress(0, "") is False:
                raise OperationCancelled()
            return {
                codes[row.staff_id]: row
                for row in service.list_interviews(cycle_id)
                if row.staff_id in codes
            }

        def done(records: dict[str, InterviewRow]) -> None:
            if not Shiboken.isValid(self) or generation != self._generation:
                return
            self._counting = False
            self._records = {**records, **self._records}
            self._describe_progress()

        def failed(error: BaseException) -> None:
            if not Shiboken.isValid(self) or generation != self._generation:
                return
            self._counting = False
            self.status.emit(refusal_text(error) if isinstance(error, UserError) else str(error))
            self._describe_progress()

        self.count_operation = run_operation(
            self,
            work,
            title=self.tr("Counting interviews"),
            on_success=done,
            on_failure=failed,
            on_cancel=lambda: failed(OperationCancelled()),
            show_progress=False,
            show_errors=False,
        )
        self._describe_progress()

    def counted(self) -> bool:
        return not self._counting

    def _read_record(self) -> None:
        code = self._code
        self._row = None
        if self.summary is not None and code is not None:
            try:
                self._row = self.interviews.get_interview(self.summary.id, code)
            except UserError as exc:
                self.status.emit(refusal_text(exc))
        self._show_record()

    def _person_chosen(self, code: object) -> None:
        if self._switching:
            return
        wanted = None if code is None else str(code)
        previous = self._code
        if wanted == previous:
            return
        if previous is not None and self.dirty():
            person = self.picker.participant(previous)
            name = person.name if person is not None else ""
            if (
                messages.ask_yes_no(
                    self,
                    self.tr("Save the changes to the interview of {code} {name}?").format(
                        code=previous, name=name
                    ),
                    self.tr("Interview"),
                )
                and not self.save()
            ):
                # Refused: stay with the unsaved form, the reason is shown above it.
                self._switching = True
                try:
                    self.picker.set_code(previous)
                finally:
                    self._switching = False
                return
        self._code = wanted
        self._read_record()
        self._show_result()

    # ---- the form

    def form_values(self) -> InterviewValues:
        """What the form holds now."""
        return InterviewValues(
            parse_date_value(self.interview_date.date()) if self.held.isChecked() else None,
            self.notes.toPlainText().strip(),
            self.goals.toPlainText().strip(),
            parse_date_value(self.confirmed_on.date())
            if self.confirmed_choice.isChecked()
            else None,
            self.refusal_reason.text().strip() if self.refused_choice.isChecked() else None,
        )

    def saved_values(self) -> InterviewValues:
        return InterviewValues() if self._row is None else InterviewValues.of(self._row)

    def dirty(self) -> bool:
        """The form differs from the saved record."""
        if self._row is None or not self.editable():
            return False
        return self.form_values() != self.saved_values()

    def _show_record(self) -> None:
        values = self.saved_values()
        today = QDate.currentDate()
        self.held.setChecked(values.interview_date is not None)
        self.interview_date.setDate(
            to_qdate(values.interview_date) if values.interview_date else today
        )
        self.notes.setPlainText(values.notes)
        self.goals.setPlainText(values.improvement_goals)
        if values.refusal_reason is not None:
            self.refused_choice.setChecked(True)
        elif values.confirmed_on is not None:
            self.confirmed_choice.setChecked(True)
        else:
            self.pending_choice.setChecked(True)
        self.confirmed_on.setDate(to_qdate(values.confirmed_on) if values.confirmed_on else today)
        self.refusal_reason.setText(values.refusal_reason or "")
        self._show_error("")
        self._update_enabled()

    def _show_error(self, text: str) -> None:
        self.form_error.setText(text)
        self.form_error.setVisible(bool(text))

    # ---- state

    def editable(self) -> bool:
        return self.summary is not None and self.summary.state == CycleState.CONFIRMED.value

    def _apply_state(self) -> None:
        summary = self.summary
        hint = ""
        if summary is not None and summary.state == CycleState.CLOSED.value:
            hint = self.tr("The cycle is closed: its interviews are read-only.")
        elif summary is not None and not self.editable():
            hint = self.tr(
                "Interviews are recorded once the results are confirmed; this cycle is {state}."
            ).format(state=state_label(summary.state))
        self.state_hint.setText(hint)
        self.state_hint.setVisible(bool(hint))
        self._update_enabled()

    def _update_enabled(self, *_args: object) -> None:
        editable = self.editable() and self._code is not None
        for widget in (
            self.held,
            self.notes,
            self.goals,
            self.pending_choice,
            self.confirmed_choice,
            self.refused_choice,
            self.save_button,
            self.revert_button,
        ):
            widget.setEnabled(editable)
        self.notes.setReadOnly(not editable)
        self.goals.setReadOnly(not editable)
        self.interview_date.setEnabled(editable and self.held.isChecked())
        self.confirmed_on.setEnabled(editable and self.confirmed_choice.isChecked())
        self.refusal_reason.setEnabled(editable and self.refused_choice.isChecked())

    # ---- result and progress

    def _show_result(self) -> None:
        code = self._code
        row = None if self.results is None or code is None else self.results.row_for(code)
        if row is None:
            self.grade.setText("")
            self.grade.setStyleSheet("")
            waiting = self.summary is not None and code is not None and self.results is None
            self.result_info.setText(self.tr("Scoring…") if waiting else "")
            self.flags.setText("")
            self.pip_hint.setVisible(False)
            return
        card = row.card
        grade = str(card.get("final_grade") or "")
        colours = GRADE_COLOURS.get(grade, ("#333333", "#eeeeee"))
        self.grade.setText(grade)
        self.grade.setStyleSheet(
            f"font-size: 24pt; font-weight: 700; color: {colours[0]};"
            f" background: {colours[1]}; border-radius: 6px;"
        )
        info = [
            self.tr("{code} {name} · total {total} · rank {rank}").format(
                code=row.code,
                name=row.participant.name,
                total=card.get("total", ""),
                rank=card.get("rank", ""),
            )
        ]
        if card.get("band_grade") != grade:
            info.append(
                self.tr("band grade {band}, final {final}").format(
                    band=card.get("band_grade", ""), final=grade
                )
            )
        self.result_info.setText("\n".join(info))
        flags = [str(f) for f in card.get("flags", [])]
        lines = development_lines(flags)
        self.flags.setText(
            "\n".join(f"• {line}" for line in lines) if lines else self.tr("No development flags")
        )
        self.pip_hint.setVisible("pip" in flags)

    def progress_text(self) -> str:
        if self.summary is None:
            return ""
        if self._counting:
            return self.tr("Counting interviews…")
        records = list(self._records.values())
        done = sum(1 for r in records if r.interview_date is not None)
        confirmed = sum(1 for r in records if r.confirmed_on is not None)
        refused = sum(1 for r in records if r.refused)
        return self.tr(
            "Interviewed {done} / {total}, confirmed {confirmed}, refused {refused}"
        ).format(done=done, total=len(records), confirmed=confirmed, refused=refused)

    def _describe_progress(self) -> None:
        self.progress.setText(self.progress_text())

    # ---- saving

    def save(self) -> bool:
        """Save the form for the chosen person (one undo step); a refusal (a refusal
        without a reason, a cycle that is not confirmed) is shown and nothing is written."""
        code = self._code
        if self.summary is None or code is None:
            return False
        if not self.editable():
            self._show_error(self.state_hint.text())
            self.status.emit(self.state_hint.text())
            return False
        old = self.saved_values()
        new = self.form_values()
        if new == old:
            self.status.emit(self.tr("Nothing changed"))
            return True
        if not self.write_interview(self.summary.id, code, new, show_errors=True):
            return False
        person = self.picker.participant(code)
        text = self.tr("Interview of {code} {name}").format(
            code=code, name=person.name if person else ""
        )
        self.host.undo_stack.push(InterviewCommand(self, self.summary.id, code, old, new, text))
        self.status.emit(self.tr("Saved the interview of {code}").format(code=code))
        return True

    def write_interview(
        self, cycle_id: int, code: str, values: InterviewValues, *, show_errors: bool = False
    ) -> bool:
        """Write a whole form through the service with the record's current version (undo
        and redo come through here too)."""
        try:
            current = self.interviews.get_interview(cycle_id, code)
            row = self.interviews.set_interview(
                cycle_id,
                code,
                version=current.version,
                interview_date=values.interview_date,
                notes=values.notes,
                improvement_goals=values.improvement_goals,
                confirmed_on=values.confirmed_on,
                refusal_reason=values.refusal_reason,
            )
        except UserError as exc:
            self.status.emit(refusal_text(exc))
            if show_errors:
                self._show_error(refusal_text(exc))
            return False
        if self.summary is not None and self.summary.id == cycle_id:
            self._records[code] = row
            if code == self._code:
                self._row = row
                self._show_record()
            self._describe_progress()
        return True


def _title() -> str:
    return QCoreApplication.translate("CyclesPage", "Interviews")


CYCLE_TAB = CycleTabSpec(
    key="interviews",
    order=TAB_ORDER["interviews"],
    title=_title,
    build=lambda host: InterviewsTab(host),
)

__all__ = ["CYCLE_TAB", "InterviewCommand", "InterviewValues", "InterviewsTab"]
