"""Interview and sign-off (绩效面谈 / 结果确认) and appeals (申诉) of a confirmed cycle
(appraisal-rules §6).

An interview records the date, notes, improvement goals and either the employee's
confirmation date or their refusal with a reason; it is kept while the cycle is
confirmed. An appeal is filed while the cycle is confirmed, no later than
`appeal_deadline(confirmation date, cycle.appeal_days)`; its facts and resolution are
recorded, and it is decided upheld or rejected with a resolution. Upheld moves a confirmed
cycle back to calibration (the appeal's grounds as the reason, audited) so the result can
be changed. A decision is due `decision_due(filed on, cycle.decision_working_days)` —
working days — and an undecided appeal past it is overdue.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from salesdesk.db.models import Appeal, Appraisal, Cycle, Interview, Staff
from salesdesk.domain.errors import StaleEditError, ValidationError
from salesdesk.domain.text import t
from salesdesk.domain.workflow import (
    CycleState,
    appeal_deadline,
    check_move,
    decision_due,
    is_overdue,
    refuse_unless,
)
from salesdesk.services import audit
from salesdesk.services.appraisal_inputs import find_cycle, find_participant, find_staff
from salesdesk.services.cycles import move_in_session
from salesdesk.services.database import Database


class AppealOutcome(StrEnum):
    PENDING = "pending"
    UPHELD = "upheld"
    REJECTED = "rejected"


_OUTCOME_WORDS = {
    "upheld": AppealOutcome.UPHELD,
    "成立": AppealOutcome.UPHELD,
    "申诉成立": AppealOutcome.UPHELD,
    "支持": AppealOutcome.UPHELD,
    "rejected": AppealOutcome.REJECTED,
    "驳回": AppealOutcome.REJECTED,
    "不成立": AppealOutcome.REJECTED,
    "申诉不成立": AppealOutcome.REJECTED,
}


def parse_outcome(text: str | AppealOutcome) -> AppealOutcome:
    """A decision's outcome: upheld (成立) or rejected (驳回)."""
    if isinstance(text, AppealOutcome) and text is not AppealOutcome.PENDING:
        return text
    outcome = _OUTCOME_WORDS.get("".join(str(text).split()).casefold())
    if outcome is None:
        raise ValidationError.single(
            t("unknown outcome {o}", "未知的申诉结论 {o}", o=text),
            field="outcome",
            allowed="upheld/成立, rejected/驳回",
        )
    return outcome


@dataclass(frozen=True)
class InterviewRow:
    """The interview and sign-off of one participant; version None while none is recorded."""

    cycle_id: int
    staff_id: int
    interview_date: date | None
    notes: str
    improvement_goals: str
    confirmed_on: date | None
    refused: bool
    refusal_reason: str
    version: int | None


@dataclass(frozen=True)
class AppealRow:
    """One appeal with its decision date and whether it is overdue."""

    id: int
    cycle_id: int
    staff_id: int
    staff_code: str
    staff_name: str
    filed_on: date
    grounds: str
    facts: str
    resolution: str
    outcome: AppealOutcome
    decided_on: date | None
    decision_due: date
    overdue: bool
    version: int

    @property
    def decided(self) -> bool:
        return self.outcome is not AppealOutcome.PENDING


def _interview_row(cycle_id: int, staff_id: int, interview: Interview | None) -> InterviewRow:
    if interview is None:
        return InterviewRow(cycle_id, staff_id, None, "", "", None, False, "", None)
    return InterviewRow(
        cycle_id,
        staff_id,
        interview.interview_date,
        interview.notes,
        interview.improvement_goals,
        interview.confirmed_on,
        interview.refused,
        interview.refusal_reason,
        interview.version,
    )


def _refuse_unless_confirmed(cycle: Cycle, what: str) -> None:
    refuse_unless(cycle.state == CycleState.CONFIRMED.value, cycle.state, what)


def confirmation_date(cycle: Cycle) -> date:
    """The day the cycle was confirmed; refused when it has none recorded."""
    if cycle.confirmed_at is None:
        raise ValidationError.single(
            t(
                "the cycle {c} has no confirmation date",
                "考核周期“{c}”没有确认日期",
                c=cycle.name,
            ),
            field="state",
        )
    return cycle.confirmed_at.date()


class InterviewsService:
    """Interviews and appeals of the participants of confirmed cycles."""

    def __init__(self, database: Database) -> None:
        self.db = database

    @staticmethod
    def _flush(s: Session, what: str) -> None:
        try:
            s.flush()
        except StaleDataError as exc:
            raise StaleEditError(what) from exc

    # ---- interviews

    def get_interview(self, cycle_ref: str | int, staff_ref: str | int) -> InterviewRow:
        """The interview of a participant (empty, version None, while none is recorded)."""
        with self.db.reading() as s:
            cycle = find_cycle(s, cycle_ref)
            appraisal = find_participant(s, cycle, find_staff(s, staff_ref))
            interview = s.scalar(select(Interview).where(Interview.appraisal_id == appraisal.id))
            return _interview_row(cycle.id, appraisal.staff_id, interview)

    def list_interviews(self, cycle_ref: str | int) -> list[InterviewRow]:
        """The interview of every participant of a cycle, by staff code (empty, version
        None, where none is recorded) — one read for the whole cycle (what
        `get_interview` gives person by person)."""
        with self.db.reading() as s:
            cycle = find_cycle(s, cycle_ref)
            return [
                _interview_row(cycle.id, staff_id, interview)
                for staff_id, interview in s.execute(
                    select(Appraisal.staff_id, Interview)
                    .join(Staff, Staff.id == Appraisal.staff_id)
                    .outerjoin(Interview, Interview.appraisal_id == Appraisal.id)
                    .where(Appraisal.cycle_id == cycle.id)
                    .order_by(Staff.code)
                ).all()
            ]

    def set_interview(
        self,
        cycle_ref: str | int,
        staff_ref: str | int,
        *,
        version: int | None,
        interview_date: date | None = None,
        notes: str = "",
        improvement_goals: str = "",
        confirmed_on: date | None = None,
        refusal_reason: str | None = None,
        reason: str = "",
    ) -> InterviewRow:
        """Record the whole interview form of a participant (appraisal-rules §6).

        `confirmed_on` is the day the employee confirmed the result; `refusal_reason` not
        None means they refused it, and then it must say why. The two exclude each other.
        `version` is that of the record the user saw (None: they saw none).
        """
        with self.db.transaction() as s:
            cycle = find_cycle(s, cycle_ref)
            _refuse_unless_confirmed(cycle, t("the interview", "绩效面谈"))
            appraisal = find_participant(s, cycle, find_staff(s, staff_ref))
            refused = refusal_reason is not None
            why = (refusal_reason or "").strip()
            if refused and not why:
                raise ValidationError.single(
                    t("a refusal needs a reason", "拒绝确认须写明原因"),
                    field="refusal_reason",
                )
            if refused and confirmed_on is not None:
                raise ValidationError.single(
                    t(
                        "the employee either confirms the result or refuses it, not both",
                        "员工只能确认或拒绝确认考核结果，不能两者都填",
                    ),
                    field="confirmed_on",
                    allowed=t(
                        "a confirmation date, or a refusal with its reason",
                        "确认日期，或拒绝确认及原因",
                    ),
                )
            interview = s.scalar(select(Interview).where(Interview.appraisal_id == appraisal.id))
            if (interview.version if interview is not None else None) != version:
                raise StaleEditError(t("interview", "绩效面谈"))
            values: dict[str, object] = {
                "interview_date": interview_date,
                "notes": notes.strip(),
                "improvement_goals": improvement_goals.strip(),
                "confirmed_on": confirmed_on,
                "refused": refused,
                "refusal_reason": why,
            }
            action = "update"
            if interview is None:
                action = "create"
                interview = Interview(appraisal_id=appraisal.id)
                s.add(interview)
                before: dict[str, object] = {
                    "interview_date": None,
                    "notes": "",
                    "improvement_goals": "",
                    "confirmed_on": None,
                    "refused": False,
                    "refusal_reason": "",
                }
            else:
                before = {name: getattr(interview, name) for name in values}
            for name, value in values.items():
                setattr(interview, name, value)
            self._flush(s, t("interview", "绩效面谈"))
            for name, value in values.items():
                if before[name] != value:
                    audit.record(
                        s,
                        action=action,
                        entity="interview",
                        entity_id=interview.id,
                        staff_id=appraisal.staff_id,
                        cycle_id=cycle.id,
                        field=name,
                        old=before[name],
                        new=value,
                        reason=reason,
                    )
            return _interview_row(cycle.id, appraisal.staff_id, interview)

    # ---- appeals

    def appeal_deadline(self, cycle_ref: str | int) -> date:
        """The last day an appeal against the cycle's confirmed result may be filed."""
        with self.db.reading() as s:
            cycle = find_cycle(s, cycle_ref)
            return appeal_deadline(confirmation_date(cycle), cycle.appeal_days)

    def file_appeal(
        self,
        cycle_ref: str | int,
        staff_ref: str | int,
        grounds: str,
        *,
        filed_on: date | None = None,
    ) -> AppealRow:
        """File a participant's appeal (appraisal-rules §6): only in a confirmed cycle,
        with grounds, no earlier than the confirmation and no later than its deadline."""
        day = filed_on or date.today()
        with self.db.transaction() as s:
            cycle = find_cycle(s, cycle_ref)
            _refuse_unless_confirmed(cycle, t("appeals", "申诉"))
            staff = find_staff(s, staff_ref)
            appraisal = find_participant(s, cycle, staff)
            text = grounds.strip()
            if not text:
                raise ValidationError.single(
                    t("an appeal needs its grounds", "申诉须写明理由"), field="grounds"
                )
            confirmed = confirmation_date(cycle)
            deadline = appeal_deadline(confirmed, cycle.appeal_days)
            window = t(
                "{a} to {b}",
                "{a} 至 {b}",
                a=confirmed.isoformat(),
                b=deadline.isoformat(),
            )
            if day < confirmed:
                raise ValidationError.single(
                    t(
                        "an appeal cannot be filed before the result was confirmed on {c}",
                        "考核结果于 {c} 确认，申诉不能早于确认日期",
                        c=confirmed.isoformat(),
                    ),
                    field="filed_on",
                    allowed=window,
                )
            if day > deadline:
                raise ValidationError.single(
                    t(
                        "the appeal period ended on {d} ({n} days after confirmation on {c})",
                        "申诉期已于 {d} 结束（确认日期 {c} 后 {n} 天内）",
                        d=deadline.isoformat(),
                        n=cycle.appeal_days,
                        c=confirmed.isoformat(),
                    ),
                    field="filed_on",
                    allowed=window,
                )
            appeal = Appeal(appraisal_id=appraisal.id, filed_on=day, grounds=text)
            s.add(appeal)
            s.flush()
            for name, value in (("filed_on", day), ("grounds", text)):
                audit.record(
                    s,
                    action="create",
                    entity="appeal",
                    entity_id=appeal.id,
                    staff_id=staff.id,
                    cycle_id=cycle.id,
                    field=name,
                    new=value,
                    reason=text,
                )
            return self._row(appeal, cycle, staff, date.today())

    def record_findings(
        self,
        appeal_id: int,
        version: int,
        *,
        facts: str | None = None,
        resolution: str | None = None,
    ) -> AppealRow:
        """Record the facts found and the (proposed) resolution of a pending appeal; None
        leaves a field as it is."""
        with self.db.transaction() as s:
            appeal, cycle, staff = self._pending(s, appeal_id, version)
            changes = {
                name: value.strip()
                for name, value in (("facts", facts), ("resolution", resolution))
                if value is not None
            }
            self._apply(s, appeal, cycle, staff, changes, "")
            return self._row(appeal, cycle, staff, date.today())

    def decide_appeal(
        self,
        appeal_id: int,
        version: int,
        outcome: AppealOutcome | str,
        resolution: str | None = None,
        *,
        decided_on: date | None = None,
    ) -> AppealRow:
        """Decide a pending appeal upheld or rejected, with a resolution (the one given, or
        the one recorded before). Upheld moves a confirmed cycle back to calibration, the
        appeal's grounds as the reason, in the same transaction."""
        day = decided_on or date.today()
        with self.db.transaction() as s:
            appeal, cycle, staff = self._pending(s, appeal_id, version)
            decision = parse_outcome(outcome)
            text = (resolution if resolution is not None else appeal.resolution).strip()
            if not text:
                raise ValidationError.single(
                    t("a decision needs its resolution", "申诉处理须写明处理意见"),
                    field="resolution",
                )
            if day < appeal.filed_on:
                raise ValidationError.single(
                    t(
                        "the decision date is before the appeal was filed on {f}",
                        "处理日期早于申诉日期 {f}",
                        f=appeal.filed_on.isoformat(),
                    ),
                    field="decided_on",
                    allowed=t("{f} or later", "{f} 或之后", f=appeal.filed_on.isoformat()),
                )
            reopen = decision is AppealOutcome.UPHELD and cycle.state == CycleState.CONFIRMED.value
            if reopen:
                check_move(cycle.state, CycleState.CALIBRATION, appeal.grounds)
            self._apply(
                s,
                appeal,
                cycle,
                staff,
                {"resolution": text, "outcome": decision.value, "decided_on": day},
                text,
            )
            if reopen:
                # The same move as CyclesService.advance: frozen results are released so
                # the result can be changed, and the move is audited.
                move_in_session(
                    s, cycle, CycleState.CALIBRATION, reason=appeal.grounds, staff_id=staff.id
                )
                self._flush(s, t("cycle", "考核周期"))
            return self._row(appeal, cycle, staff, date.today())

    def list_appeals(self, cycle_ref: str | int, *, today: date | None = None) -> list[AppealRow]:
        """A cycle's appeals, oldest first, each with its decision date and whether it is
        overdue on `today` (default: the real today)."""
        day = today or date.today()
        with self.db.reading() as s:
            cycle = find_cycle(s, cycle_ref)
            return [
                self._row(appeal, cycle, staff, day)
                for appeal, staff in s.execute(
                    select(Appeal, Staff)
                    .join(Appraisal, Appraisal.id == Appeal.appraisal_id)
                    .join(Staff, Staff.id == Appraisal.staff_id)
                    .where(Appraisal.cycle_id == cycle.id)
                    .order_by(Appeal.filed_on, Appeal.id)
                ).all()
            ]

    def get_appeal(self, appeal_id: int, *, today: date | None = None) -> AppealRow:
        with self.db.reading() as s:
            appeal, cycle, staff = self._load(s, appeal_id)
            return self._row(appeal, cycle, staff, today or date.today())

    # ---- appeal helpers

    @staticmethod
    def _row(appeal: Appeal, cycle: Cycle, staff: Staff, today: date) -> AppealRow:
        outcome = AppealOutcome(appeal.outcome)
        days = cycle.decision_working_days
        return AppealRow(
            appeal.id,
            cycle.id,
            staff.id,
            staff.code,
            staff.name,
            appeal.filed_on,
            appeal.grounds,
            appeal.facts,
            appeal.resolution,
            outcome,
            appeal.decided_on,
            decision_due(appeal.filed_on, days),
            is_overdue(appeal.filed_on, today, outcome is not AppealOutcome.PENDING, days),
            appeal.version,
        )

    @staticmethod
    def _load(s: Session, appeal_id: int) -> tuple[Appeal, Cycle, Staff]:
        appeal = s.get(Appeal, appeal_id)
        if appeal is None:
            raise StaleEditError(t("appeal", "申诉"))
        appraisal = s.get_one(Appraisal, appeal.appraisal_id)
        return appeal, s.get_one(Cycle, appraisal.cycle_id), s.get_one(Staff, appraisal.staff_id)

    def _pending(self, s: Session, appeal_id: int, version: int) -> tuple[Appeal, Cycle, Staff]:
        """An undecided appeal the user saw at `version`, in a cycle that is not closed."""
        appeal, cycle, staff = self._load(s, appeal_id)
        refuse_unless(cycle.state != CycleState.CLOSED.value, cycle.state, t("appeals", "申诉"))
        if appeal.version != version:
            raise StaleEditError(t("appeal", "申诉"))
        if appeal.outcome != AppealOutcome.PENDING.value:
            raise ValidationError.single(
                t(
                    "the appeal was already decided ({o}) on {d}",
                    "该申诉已于 {d} 处理（{o}）",
                    o=appeal.outcome,
                    d=appeal.decided_on.isoformat() if appeal.decided_on else "",
                ),
                field="outcome",
            )
        return appeal, cycle, staff

    def _apply(
        self,
        s: Session,
        appeal: Appeal,
        cycle: Cycle,
        staff: Staff,
        changes: Mapping[str, object],
        reason: str,
    ) -> None:
        for name, value in changes.items():
            old = getattr(appeal, name)
            if old == value:
                continue
            audit.record(
                s,
                action="update",
                entity="appeal",
                entity_id=appeal.id,
                staff_id=staff.id,
                cycle_id=cycle.id,
                field=name,
                old=old,
                new=value,
                reason=reason,
            )
            setattr(appeal, name, value)
        self._flush(s, t("appeal", "申诉"))
