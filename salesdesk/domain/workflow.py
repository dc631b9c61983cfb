"""The workflow of an appraisal cycle (appraisal-rules §6): states, allowed moves, what can
be edited in each state, and the deadlines of appeals."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from salesdesk.domain.errors import ValidationError
from salesdesk.domain.text import t


class CycleState(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CALIBRATION = "calibration"
    CONFIRMED = "confirmed"
    CLOSED = "closed"


ORDER: tuple[CycleState, ...] = tuple(CycleState)

DEFAULT_APPEAL_DAYS = 7
DEFAULT_DECISION_WORKING_DAYS = 10


# Each state as the user reads it: (English, Chinese).
_LABELS: dict[CycleState, tuple[str, str]] = {
    CycleState.DRAFT: ("draft", "草稿"),
    CycleState.OPEN: ("open", "进行中"),
    CycleState.CALIBRATION: ("calibration", "校准"),
    CycleState.CONFIRMED: ("confirmed", "已确认"),
    CycleState.CLOSED: ("closed", "已关闭"),
}


def state_label(state: CycleState | str) -> str:
    """The state as the user reads it (草稿 → 进行中 → 校准 → 已确认 → 已关闭)."""
    return t(*_LABELS[CycleState(state)])


def parse_state(text: str) -> CycleState:
    """A state from its code or its label in either language."""
    wanted = text.strip()
    for state in CycleState:
        if wanted.lower() == state.value or wanted in _LABELS[state]:
            return state
    raise ValidationError.single(
        t("unknown state: {s}", "未知状态：{s}", s=text),
        field="state",
        allowed=", ".join(s.value for s in CycleState),
    )


def is_forward(current: CycleState, target: CycleState) -> bool:
    return ORDER.index(target) > ORDER.index(current)


def allowed_moves(current: CycleState | str) -> tuple[CycleState, ...]:
    """Rule (appraisal-rules §6): forward one step at a time; back to any earlier state
    with a reason, except that only an open cycle goes back to draft (a draft holds no
    entered data yet, so nothing of a later state is thrown away silently)."""
    state = CycleState(current)
    index = ORDER.index(state)
    moves: list[CycleState] = []
    if index + 1 < len(ORDER):
        moves.append(ORDER[index + 1])
    for earlier in reversed(ORDER[:index]):
        if earlier is CycleState.DRAFT and state is not CycleState.OPEN:
            continue
        moves.append(earlier)
    return tuple(moves)


def check_move(current: CycleState | str, target: CycleState | str, reason: str) -> None:
    """Refuse a move the state machine does not allow, or a move back without a reason."""
    state, wanted = CycleState(current), CycleState(target)
    if wanted is state:
        raise ValidationError.single(
            t("the cycle is already {s}", "考核周期已是{s}状态", s=state_label(state)),
            field="state",
        )
    allowed = allowed_moves(state)
    if wanted not in allowed:
        raise ValidationError.single(
            t(
                "a cycle cannot move from {a} to {b}",
                "考核周期不能从{a}直接转为{b}",
                a=state_label(state),
                b=state_label(wanted),
            ),
            field="state",
            allowed=", ".join(f"{s.value} ({state_label(s)})" for s in allowed),
        )
    if not is_forward(state, wanted) and not reason.strip():
        raise ValidationError.single(
            t(
                "moving a cycle back to {b} needs a reason",
                "将考核周期退回{b}须填写原因",
                b=state_label(wanted),
            ),
            field="reason",
        )


def inputs_editable(state: CycleState | str) -> bool:
    """Ratings, key tasks and adjustments can change while the cycle is a draft, open or
    in calibration; confirmed and closed cycles are read-only."""
    return CycleState(state) in (CycleState.DRAFT, CycleState.OPEN, CycleState.CALIBRATION)


def participants_editable(state: CycleState | str) -> bool:
    """Participants are added and removed while the cycle is a draft or open."""
    return CycleState(state) in (CycleState.DRAFT, CycleState.OPEN)


def overrides_editable(state: CycleState | str) -> bool:
    """Calibration overrides are set in calibration only."""
    return CycleState(state) is CycleState.CALIBRATION


def results_frozen(state: CycleState | str) -> bool:
    """Confirmed and closed cycles keep the scores frozen at confirmation."""
    return CycleState(state) in (CycleState.CONFIRMED, CycleState.CLOSED)


def refuse_unless(allowed: bool, state: CycleState | str, what: str) -> None:
    """Refuse an edit of `what` that the cycle's state does not allow."""
    if not allowed:
        raise ValidationError.single(
            t(
                "{w} cannot be changed while the cycle is {s}",
                "考核周期处于{s}状态，不能修改{w}",
                w=what,
                s=state_label(state),
            ),
            field="state",
        )


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days (Monday–Friday) after `start`."""
    current = start
    left = days
    while left > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            left -= 1
    return current


def appeal_deadline(confirmed_on: date, appeal_days: int = DEFAULT_APPEAL_DAYS) -> date:
    """Rule (appraisal-rules §6): an appeal may be filed up to `appeal_days` calendar days
    after confirmation (default 7), the last day included."""
    return confirmed_on + timedelta(days=appeal_days)


def decision_due(filed_on: date, working_days: int = DEFAULT_DECISION_WORKING_DAYS) -> date:
    """Rule (appraisal-rules §6): an appeal is decided within 10 working days of filing."""
    return add_working_days(filed_on, working_days)


def is_overdue(filed_on: date, today: date, decided: bool, working_days: int = 10) -> bool:
    """An undecided appeal past its decision date is overdue."""
    return not decided and today > decision_due(filed_on, working_days)
