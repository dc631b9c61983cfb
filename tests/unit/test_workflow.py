"""The cycle workflow rules (appraisal-rules §6)."""

from __future__ import annotations

from datetime import date

import pytest

from salesdesk.domain.errors import ValidationError
from salesdesk.domain.text import set_language
from salesdesk.domain.workflow import (
    CycleState,
    allowed_moves,
    appeal_deadline,
    check_move,
    decision_due,
    parse_state,
    state_label,
)


def test_states_parse_from_codes_and_labels_in_both_languages() -> None:
    assert parse_state("confirmed") is CycleState.CONFIRMED
    assert parse_state(" Calibration ") is CycleState.CALIBRATION
    assert parse_state("已关闭") is CycleState.CLOSED
    with pytest.raises(ValidationError) as refused:
        parse_state("finished")
    assert refused.value.field == "state"


def test_labels_follow_the_language() -> None:
    assert state_label("open") == "open"
    set_language("zh")
    try:
        assert state_label(CycleState.OPEN) == "进行中"
    finally:
        set_language("en")


def test_forward_one_step_back_anywhere_but_draft_only_from_open() -> None:
    assert allowed_moves("draft") == (CycleState.OPEN,)
    assert allowed_moves("open") == (CycleState.CALIBRATION, CycleState.DRAFT)
    assert allowed_moves("closed") == (
        CycleState.CONFIRMED,
        CycleState.CALIBRATION,
        CycleState.OPEN,
    )
    check_move("calibration", "confirmed", "")
    with pytest.raises(ValidationError):
        check_move("open", "confirmed", "")
    with pytest.raises(ValidationError) as refused:
        check_move("confirmed", "calibration", "  ")
    assert refused.value.field == "reason"


def test_deadlines() -> None:
    assert appeal_deadline(date(2026, 4, 8)) == date(2026, 4, 15)
    # Filed on Friday 3 April 2026: ten working days later is Friday 17 April.
    assert decision_due(date(2026, 4, 3)) == date(2026, 4, 17)
