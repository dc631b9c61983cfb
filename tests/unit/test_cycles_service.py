"""Cycles (appraisal-rules §6): opening with snapshots, participants, the state machine with
audited moves back, confirmation that freezes the scores, and calibration overrides."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, func, select

from salesdesk.db.models import (
    Appraisal,
    AuditEntry,
    Cycle,
    CycleFigures,
    CycleTarget,
    Metric,
    MetricValue,
    Rating,
    SchemeItem,
    Staff,
    Target,
)
from salesdesk.domain.errors import NotFoundError, UserError, ValidationError
from salesdesk.domain.periods import parse_period
from salesdesk.domain.scoring import SchemeScorer
from salesdesk.domain.text import set_language
from salesdesk.domain.workflow import CycleState
from salesdesk.services.actuals import ActualsService
from salesdesk.services.appraisal_inputs import AppraisalInputsService
from salesdesk.services.cycle_scoring import ScoringCancelled, _figures_from_text, forget_figures
from salesdesk.services.cycles import CyclesService, CycleSummary, default_cycle_name
from salesdesk.services.database import Database, open_database

REP_Q = "销售代表季度考核方案"


@pytest.fixture
def database(demo_file: Path, tmp_path: Path) -> Iterator[Database]:
    path = tmp_path / "demo.db"
    shutil.copy(demo_file, path)
    db = open_database(path)
    with db.transaction() as s:
        # The demo's own cycles go; each test builds the cycles it needs.
        s.execute(delete(Cycle))
    yield db
    db.close()


@pytest.fixture
def cycles(database: Database) -> CyclesService:
    return CyclesService(database)


@pytest.fixture
def figures_computed(monkeypatch: pytest.MonkeyPatch) -> list[int | None]:
    """The cycle id of every computation of actuals from the ledger, as it happens."""
    computed: list[int | None] = []
    real_figures = ActualsService.figures

    def counting(self: ActualsService, *args: Any, **kwargs: Any) -> Any:
        computed.append(kwargs.get("cycle_id"))
        return real_figures(self, *args, **kwargs)

    monkeypatch.setattr(ActualsService, "figures", counting)
    return computed


@pytest.fixture
def people_scored(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One entry for every scorecard worked out by the rules."""
    scored: list[int] = []
    real_score = SchemeScorer.score

    def counting(self: SchemeScorer, *args: Any, **kwargs: Any) -> Any:
        scored.append(1)
        return real_score(self, *args, **kwargs)

    monkeypatch.setattr(SchemeScorer, "score", counting)
    return scored


def _rate_everyone(database: Database, cycle_id: int, rating: int = 3) -> None:
    """A supervisor rating of `rating` for every rated item of every participant."""
    with database.transaction() as s:
        cycle = s.get(Cycle, cycle_id)
        assert cycle is not None
        items = [i["name"] for i in cycle.scheme_snapshot["items"] if i["kind"] == "rating"]
        rater = s.scalar(select(Staff.id).where(Staff.role == "supervisor").limit(1))
        for appraisal in s.scalars(select(Appraisal).where(Appraisal.cycle_id == cycle_id)):
            for item in items:
                s.add(
                    Rating(
                        appraisal_id=appraisal.id,
                        item_name=item,
                        rater_id=rater,
                        rater_role="supervisor",
                        rating=rating,
                        comment="",
                    )
                )


def test_default_name_drops_the_word_scheme() -> None:
    assert default_cycle_name(REP_Q, "2026-Q1") == "2026-Q1 销售代表季度考核"


def test_open_takes_active_reps_and_snapshots(cycles: CyclesService, database: Database) -> None:
    summary = cycles.open_cycle(REP_Q, "2026-Q1")
    assert summary.state == "open"
    assert summary.name == "2026-Q1 销售代表季度考核"
    q1 = parse_period("2026-Q1")
    with database.reading() as s:
        expected = set(
            s.scalars(
                select(Staff.code).where(
                    Staff.role == "rep",
                    Staff.hire_date <= q1.end,
                    (Staff.leave_date.is_(None)) | (Staff.leave_date >= q1.end),
                )
            )
        )
        snapshot_targets = s.scalar(
            select(func.count(CycleTarget.id)).where(CycleTarget.cycle_id == summary.id)
        )
    people = cycles.participants(summary.id)
    assert {p.code for p in people} == expected
    assert summary.participants == len(expected) > 0
    for p in people:
        assert p.partial_period == (p.hire_date > q1.start)
    assert snapshot_targets and snapshot_targets > 0
    assert cycles.snapshot(summary.id)["name"] == REP_Q


def test_a_cycle_is_found_by_id_or_name(cycles: CyclesService) -> None:
    summary = cycles.open_cycle(REP_Q, "2026-Q1")
    assert cycles.get(summary.id).name == summary.name
    assert cycles.get(summary.name).id == summary.id
    with pytest.raises(NotFoundError):
        cycles.get("2030-Q1 nothing")


def test_a_scheme_off_100_cannot_open_a_cycle(cycles: CyclesService, database: Database) -> None:
    with database.transaction() as s:
        item = s.scalars(select(SchemeItem).where(SchemeItem.name == "团队协作")).first()
        assert item is not None
        item.weight = Decimal(0)
    with pytest.raises(ValidationError) as refused:
        cycles.open_cycle(REP_Q, "2026-Q1")
    assert "95" in str(refused.value) and "5" in str(refused.value)
    assert cycles.list_cycles() == []


def test_the_period_must_match_the_cycle_type(cycles: CyclesService) -> None:
    with pytest.raises(ValidationError) as refused:
        cycles.open_cycle(REP_Q, "2026-03")
    assert refused.value.field == "period"
    assert cycles.list_cycles() == []


def test_moves_follow_the_state_machine_and_back_needs_a_reason(
    cycles: CyclesService, database: Database
) -> None:
    with database.reading() as s:
        before = s.scalar(select(func.max(AuditEntry.id))) or 0
    cycle = cycles.open_cycle(REP_Q, "2026-Q1")
    with pytest.raises(ValidationError):
        cycles.advance(cycle.id, CycleState.CONFIRMED)  # skips calibration
    cycles.advance(cycle.id, "calibration")
    with pytest.raises(ValidationError) as refused:
        cycles.advance(cycle.id, "open")
    assert refused.value.field == "reason"
    cycles.advance(cycle.id, "open", reason="late ratings")
    with database.reading() as s:
        moves = s.execute(
            select(AuditEntry.old_value, AuditEntry.new_value, AuditEntry.reason)
            .where(
                AuditEntry.entity == "cycle",
                AuditEntry.field == "state",
                AuditEntry.entity_id == cycle.id,
                AuditEntry.id > before,
            )
            .order_by(AuditEntry.id)
        ).all()
    assert [tuple(m) for m in moves] == [
        ("draft", "open", ""),
        ("open", "calibration", ""),
        ("calibration", "open", "late ratings"),
    ]


def test_confirm_is_refused_while_an_item_is_unrated(
    cycles: CyclesService, database: Database
) -> None:
    cycle = cycles.open_cycle(REP_Q, "2026-Q1")
    cycles.advance(cycle.id, "calibration")
    with pytest.raises(ValidationError) as refused:
        cycles.advance(cycle.id, "confirmed")
    assert "专业知识" in str(refused.value) or "nobody rated" in str(refused.value)
    assert cycles.get(cycle.id).state == "calibration"
    with database.reading() as s:
        assert s.scalar(select(func.count()).where(Appraisal.scorecard.is_not(None))) == 0


def _confirmed(cycles: CyclesService, database: Database) -> int:
    cycle = cycles.open_cycle(REP_Q, "2026-Q1")
    _rate_everyone(database, cycle.id)
    cycles.advance(cycle.id, "calibration")
    cycles.advance(cycle.id, "confirmed")
    return cycle.id


def test_confirming_freezes_and_later_actuals_only_raise_a_notice(
    cycles: CyclesService, database: Database
) -> None:
    cycle_id = _confirmed(cycles, database)
    frozen = cycles.results(cycle_id)
    assert frozen.frozen
    assert not cycles.data_changed(cycle_id)
    first = frozen.rows[0]
    # A later manual value changes the person's satisfaction for the quarter.
    with database.transaction() as s:
        staff = s.scalar(select(Staff).where(Staff.code == first.code))
        metric = s.scalar(select(Metric).where(Metric.code == "satisfaction"))
        assert staff is not None and metric is not None
        rows = s.scalars(
            select(MetricValue).where(
                MetricValue.staff_id == staff.id,
                MetricValue.metric_id == metric.id,
                MetricValue.period.in_(["2026-01", "2026-02", "2026-03"]),
            )
        ).all()
        assert rows
        for row in rows:
            row.value = Decimal(0)
    again = cycles.results(cycle_id)
    assert again.to_json_dict() == frozen.to_json_dict()
    assert cycles.data_changed(cycle_id)
    # Reopening recomputes from the data as it is now.
    cycles.advance(cycle_id, "calibration", reason="satisfaction survey corrected")
    live = cycles.results(cycle_id)
    assert not live.frozen
    card = live.row_for(first.code)
    assert card is not None
    satisfaction = next(i for i in card.card["items"] if i["metric"] == "satisfaction")
    assert satisfaction["score"] == "0.00"


def test_frozen_results_match_the_live_ones_at_confirmation(
    cycles: CyclesService, database: Database
) -> None:
    cycle = cycles.open_cycle(REP_Q, "2026-Q1")
    _rate_everyone(database, cycle.id, 4)
    cycles.advance(cycle.id, "calibration")
    live = cycles.results(cycle.id)
    cycles.advance(cycle.id, "confirmed")
    frozen = cycles.results(cycle.id)
    assert frozen.frozen and not live.frozen
    assert [r.card for r in frozen.rows] == [r.card for r in live.rows]
    assert frozen.distribution == live.distribution
    with database.reading() as s:
        totals = dict(
            s.execute(
                select(Staff.code, Appraisal.total)
                .join(Staff, Staff.id == Appraisal.staff_id)
                .where(Appraisal.cycle_id == cycle.id)
            ).all()
        )
    assert {r.code: Decimal(r.card["total"]) for r in live.rows} == totals


def test_targets_edited_after_opening_do_not_change_the_cycle(
    cycles: CyclesService, database: Database
) -> None:
    cycle = cycles.open_cycle(REP_Q, "2026-Q1")
    before = cycles.results(cycle.id)
    with database.transaction() as s:
        revenue = s.scalar(select(Metric.id).where(Metric.code == "revenue"))
        for target in s.scalars(
            select(Target).where(
                Target.metric_id == revenue, Target.period.in_(["2026-01", "2026-02", "2026-03"])
            )
        ):
            target.value = target.value * 2
    after = cycles.results(cycle.id)
    assert [r.card["items"][0]["target"] for r in after.rows] == [
        r.card["items"][0]["target"] for r in before.rows
    ]


def test_overrides_need_calibration_and_a_reason(cycles: CyclesService, database: Database) -> None:
    with database.reading() as s:
        before = s.scalar(select(func.max(AuditEntry.id))) or 0
    cycle = cycles.open_cycle(REP_Q, "2026-Q1")
    code = cycles.participants(cycle.id)[0].code
    with pytest.raises(UserError):
        cycles.set_override(cycle.id, code, "A", "great quarter")  # still open
    cycles.advance(cycle.id, "calibration")
    with pytest.raises(ValidationError) as refused:
        cycles.set_override(cycle.id, code, "A", "")
    assert refused.value.field == "reason"
    cycles.set_override(cycle.id, code, "A", "won the key account")
    row = cycles.results(cycle.id).row_for(code)
    assert row is not None
    assert row.card["final_grade"] == "A"
    assert row.card["band_grade"] != "A"  # the demo's unrated quarter keeps totals low
    assert row.card["coefficient"] == "1.2"
    cycles.set_override(cycle.id, code, None)
    row = cycles.results(cycle.id).row_for(code)
    assert row is not None and row.card["final_grade"] == row.card["band_grade"]
    with database.reading() as s:
        changes = s.execute(
            select(AuditEntry.old_value, AuditEntry.new_value).where(
                AuditEntry.field == "override_grade", AuditEntry.id > before
            )
        ).all()
    assert [tuple(c) for c in changes] == [(None, "A"), ("A", None)]


def test_participants_by_hand(cycles: CyclesService, database: Database) -> None:
    with database.transaction() as s:
        leaver = s.scalar(select(Staff).where(Staff.role == "rep").order_by(Staff.code))
        assert leaver is not None
        leaver.leave_date = date(2026, 2, 10)
        code = leaver.code
    cycle = cycles.create(REP_Q, "2026-Q1")
    assert code not in {p.code for p in cycles.participants(cycle.id)}
    added = cycles.add_participant(cycle.id, code, reason="worked most of the quarter")
    assert added.added_by_hand and added.partial_period
    with pytest.raises(ValidationError):
        cycles.add_participant(cycle.id, code)
    cycles.remove_participant(cycle.id, code, reason="mistake")
    assert code not in {p.code for p in cycles.participants(cycle.id)}
    cycles.advance(cycle.id, "open")
    cycles.advance(cycle.id, "calibration")
    with pytest.raises(UserError):
        cycles.add_participant(cycle.id, code)


def test_only_drafts_are_deleted(cycles: CyclesService) -> None:
    draft = cycles.create(REP_Q, "2026-Q2")
    opened = cycles.open_cycle(REP_Q, "2026-Q1")
    with pytest.raises(ValidationError):
        cycles.delete(opened.id)
    cycles.delete(draft.id)
    assert [c.id for c in cycles.list_cycles()] == [opened.id]


def test_closing_and_reopening_a_closed_cycle(cycles: CyclesService, database: Database) -> None:
    cycle_id = _confirmed(cycles, database)
    frozen = cycles.results(cycle_id).to_json_dict()
    closed = cycles.advance(cycle_id, "closed")
    assert closed.closed_at is not None
    with pytest.raises(ValidationError):
        cycles.advance(cycle_id, "confirmed")  # no reason
    reopened = cycles.advance(cycle_id, "confirmed", reason="appeal upheld")
    assert reopened.closed_at is None and reopened.confirmed_at is not None
    again = cycles.results(cycle_id).to_json_dict()
    assert again["scorecards"] == frozen["scorecards"]
    assert again["state"] == "confirmed"


def test_scoring_again_sees_changed_actuals_and_ratings(
    cycles: CyclesService, database: Database
) -> None:
    """The actuals of the last scoring are reused only while their data is unchanged."""
    cycle = cycles.open_cycle(REP_Q, "2026-Q1")
    first = cycles.results(cycle.id)
    code = first.rows[0].code

    def item(results: object, name: str) -> dict[str, str]:
        row = results.row_for(code)  # type: ignore[attr-defined]
        return next(i for i in row.card["items"] if i["name"] == name)

    assert item(first, "专业知识")["score"] == "0.00"
    with database.transaction() as s:
        staff = s.scalar(select(Staff).where(Staff.code == code))
        metric = s.scalar(select(Metric).where(Metric.code == "satisfaction"))
        assert staff is not None and metric is not None
        for row in s.scalars(
            select(MetricValue).where(
                MetricValue.staff_id == staff.id,
                MetricValue.metric_id == metric.id,
                MetricValue.period.in_(["2026-01", "2026-02", "2026-03"]),
            )
        ):
            row.value = Decimal(50)
    _rate_everyone(database, cycle.id, 5)
    again = cycles.results(cycle.id)
    assert item(again, "客户满意度")["actual"] == "50.00"
    assert item(again, "客户满意度")["score"] == "2.50"  # 5 × 50 ÷ 100
    assert item(again, "专业知识")["score"] == "5.00"  # 5 × 5 ÷ 5


def test_entering_ratings_reuses_the_actuals_and_a_data_change_does_not(
    cycles: CyclesService, database: Database, figures_computed: list[int | None]
) -> None:
    """Scoring again after a rating (audited, as every change is) skips the actuals pass;
    a change of a manual value is seen at once."""
    computed = figures_computed
    forget_figures()
    cycle = cycles.open_cycle(REP_Q, "2026-Q1")
    first = cycles.results(cycle.id)
    assert len(computed) == 1
    code = first.rows[0].code
    with database.reading() as s:
        rater = s.scalar(select(Staff.code).where(Staff.role == "supervisor").limit(1))
    assert rater is not None
    AppraisalInputsService(database).set_rating(
        cycle.id, code, "专业知识", rater, "supervisor", 4, "", version=None
    )
    again = cycles.results(cycle.id)
    assert len(computed) == 1  # the actuals were reused
    card = again.row_for(code)
    assert card is not None
    assert next(i for i in card.card["items"] if i["name"] == "专业知识")["score"] == "4.00"
    with database.transaction() as s:
        value = s.scalars(select(MetricValue)).first()
        assert value is not None
        value.value = value.value + 1
    cycles.results(cycle.id)
    assert len(computed) == 2  # a data change: computed afresh


def test_the_actuals_are_kept_for_the_next_session_while_their_data_is_unchanged(
    cycles: CyclesService, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    computed: list[dict[Any, Any]] = []
    real_figures = ActualsService.figures

    def recording(self: ActualsService, *args: Any, **kwargs: Any) -> Any:
        figures = real_figures(self, *args, **kwargs)
        computed.append(figures)
        return figures

    monkeypatch.setattr(ActualsService, "figures", recording)
    forget_figures()
    cycle = cycles.open_cycle(REP_Q, "2026-Q1")
    first = cycles.results(cycle.id)
    assert len(computed) == 1
    forget_figures()  # as after a restart: nothing in memory
    again = cycles.results(cycle.id)
    assert len(computed) == 1  # read back from the database instead
    assert again.to_json_dict() == first.to_json_dict()
    with database.reading() as s:
        kept = s.get(CycleFigures, cycle.id)
        assert kept is not None
        # Every figure comes back exactly, exponent and all.
        assert repr(_figures_from_text(kept.figures)) == repr(computed[0])
    with database.transaction() as s:
        value = s.scalars(select(MetricValue)).first()
        assert value is not None
        value.value = value.value + 1
    forget_figures()
    cycles.results(cycle.id)
    assert len(computed) == 2  # the data changed: computed afresh and kept again
    with database.transaction() as s:
        row = s.get(CycleFigures, cycle.id)
        assert row is not None
        row.figures = "not json"  # a damaged cache entry is computed again, not trusted
    forget_figures()
    assert cycles.results(cycle.id).to_json_dict() == cycles.results(cycle.id).to_json_dict()
    assert len(computed) == 3


def test_scoring_again_rescores_only_the_people_whose_inputs_changed(
    cycles: CyclesService, database: Database, people_scored: list[int]
) -> None:
    scored = people_scored
    forget_figures()
    cycle = cycles.open_cycle(REP_Q, "2026-Q1")
    first = cycles.results(cycle.id)
    people = len(first.rows)
    assert len(scored) == people > 1
    code = first.rows[-1].code
    with database.reading() as s:
        rater = s.scalar(select(Staff.code).where(Staff.role == "supervisor").limit(1))
    assert rater is not None
    AppraisalInputsService(database).set_rating(
        cycle.id, code, "专业知识", rater, "supervisor", 5, "客户方案讲解清楚", version=None
    )
    again = cycles.results(cycle.id)
    assert len(scored) == people + 1  # only the person rated was scored again
    forget_figures()
    fresh = cycles.results(cycle.id)
    assert again.to_json_dict() == fresh.to_json_dict()
    assert again.row_for(code) != first.row_for(code)
    set_language("zh")
    try:
        chinese = cycles.results(cycle.id)  # explanations follow the language
        assert len(scored) == 3 * people + 1
        assert (
            chinese.rows[0].card["items"][0]["explanation"]
            != fresh.rows[0].card["items"][0]["explanation"]
        )
    finally:
        set_language("en")


def test_an_upheld_appeal_reopens_the_cycle_and_releases_its_frozen_results(
    cycles: CyclesService, database: Database
) -> None:
    from salesdesk.services.interviews import InterviewsService

    cycle_id = _confirmed(cycles, database)
    code = cycles.participants(cycle_id)[0].code
    appeals = InterviewsService(database)
    appeal = appeals.file_appeal(cycle_id, code, "回款统计口径有误")
    appeals.decide_appeal(appeal.id, appeal.version, "upheld", "核实后予以更正")
    summary = cycles.get(cycle_id)
    assert summary.state == "calibration" and summary.confirmed_at is None
    assert not cycles.results(cycle_id).frozen
    with database.reading() as s:
        assert s.scalar(select(func.count()).where(Appraisal.scorecard.is_not(None))) == 0
        last = s.scalars(
            select(AuditEntry).where(AuditEntry.field == "state").order_by(AuditEntry.id.desc())
        ).first()
    assert last is not None
    assert (last.old_value, last.new_value, last.reason) == (
        "confirmed",
        "calibration",
        "回款统计口径有误",
    )


def test_scoring_reports_progress_through_the_actuals_and_can_be_cancelled_there(
    cycles: CyclesService, database: Database
) -> None:
    """The actuals are most of a first scoring: progress moves while they are computed,
    and a Cancel there stops the scoring with nothing kept."""
    forget_figures()
    cycle = cycles.open_cycle(REP_Q, "2026-Q1")
    seen: list[tuple[int, str]] = []

    def watch(percent: int, message: str) -> bool:
        seen.append((percent, message))
        return True

    cycles.results(cycle.id, progress=watch)
    percents = [p for p, _ in seen]
    assert percents == sorted(percents)
    reading = {p for p, m in seen if m.startswith("reading actuals")}
    assert len(reading) >= 4 and 0 in reading and max(reading) >= 50  # steps, not one jump
    assert any(m.startswith("scoring") for _, m in seen)

    forget_figures()
    with database.transaction() as s:
        s.execute(delete(CycleFigures))  # as after a data change: nothing kept to reuse
    calls: list[int] = []

    def cancel_midway(percent: int, message: str) -> bool:
        calls.append(percent)
        return not (message.startswith("reading actuals") and 0 < percent < 50)

    with pytest.raises(ScoringCancelled):
        cycles.results(cycle.id, progress=cancel_midway)
    assert not any(p >= 55 for p in calls)  # stopped inside the actuals
    with database.reading() as s:
        assert s.get(CycleFigures, cycle.id) is None  # nothing half-computed was kept
    forget_figures()
    assert cycles.results(cycle.id).to_json_dict() == cycles.results(cycle.id).to_json_dict()


def test_preparing_scores_the_open_cycles_so_the_next_scoring_reuses_their_actuals(
    cycles: CyclesService, database: Database, figures_computed: list[int | None]
) -> None:
    """What the window does in the background after the data changed: the open and
    calibrating cycles are scored, newest first; a confirmed one is left alone; the user's
    scoring afterwards computes no actuals."""
    computed = figures_computed
    forget_figures()
    confirmed = _confirmed(cycles, database)
    q2 = cycles.open_cycle(REP_Q, "2026-Q2")
    computed.clear()
    forget_figures()
    with database.transaction() as s:
        s.execute(delete(CycleFigures))
    seen: list[int] = []
    assert cycles.prepare_live(progress=lambda p, _m: seen.append(p) or True) == [q2.id]
    assert computed == [q2.id]
    assert seen == sorted(seen) and seen[-1] >= 60  # through the actuals into the rules
    prepared = cycles.results(q2.id)
    assert computed == [q2.id]  # the user's scoring found them ready
    forget_figures()
    assert prepared.to_json_dict() == cycles.results(q2.id).to_json_dict()
    assert cycles.get(confirmed).state == "confirmed"

    with pytest.raises(ScoringCancelled):
        cycles.prepare_live(progress=lambda _p, _m: False)


def _unscored_cycle(cycles: CyclesService, database: Database) -> CycleSummary:
    """The rep cycle of 2026-Q1, opened, with no actuals computed for it anywhere."""
    cycle = cycles.open_cycle(REP_Q, "2026-Q1")
    forget_figures()
    with database.transaction() as s:
        s.execute(delete(CycleFigures))
    return cycle


class _HeldFigures:
    """ActualsService.figures made to wait: each call counts in `computed`, sets `started`
    and waits for `release` before computing; it reports progress `step_before` it waits
    and `step_after` (each if given)."""

    def __init__(
        self,
        monkeypatch: pytest.MonkeyPatch,
        *,
        step_before: float | None = None,
        step_after: float | None = None,
    ) -> None:
        self.started, self.release = threading.Event(), threading.Event()
        self.computed: list[int] = []
        self._monkeypatch = monkeypatch
        self._real = real = ActualsService.figures

        def held(service: ActualsService, *args: Any, **kwargs: Any) -> Any:
            self.computed.append(1)
            if step_before is not None:
                kwargs["on_step"](step_before)
            self.started.set()
            assert self.release.wait(10)
            if step_after is not None:
                kwargs["on_step"](step_after)
            return real(service, *args, **kwargs)

        monkeypatch.setattr(ActualsService, "figures", held)

    def undo(self) -> None:
        """The real figures again."""
        self._monkeypatch.setattr(ActualsService, "figures", self._real)


def test_a_scoring_asked_for_while_the_actuals_are_prepared_waits_for_them(
    cycles: CyclesService, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Cycles page opened while the background preparation computes the same cycle's
    actuals: it waits (reporting progress, and can be cancelled) and takes the result
    instead of reading the ledger a second time."""
    cycle = _unscored_cycle(cycles, database)
    held = _HeldFigures(monkeypatch, step_before=0.4)
    started, release, computed = held.started, held.release, held.computed
    background: list[Any] = []
    worker = threading.Thread(target=lambda: background.append(cycles.prepare_live()))
    worker.start()
    try:
        assert started.wait(10)
        # A Cancel while waiting stops this scoring only.
        with pytest.raises(ScoringCancelled):
            cycles.results(cycle.id, progress=lambda percent, _m: percent != 22)
        waited: list[int] = []

        def watch(percent: int, message: str) -> bool:
            waited.append(percent)
            if len(waited) == 3:
                release.set()  # the preparation finishes while this one waits
            return True

        results = cycles.results(cycle.id, progress=watch)
    finally:
        release.set()
        worker.join(10)
    assert background == [[cycle.id]]
    assert computed == [1]  # one ledger pass for both
    assert 22 in waited  # the preparation's progress (40 % of the actuals' 55 %)
    forget_figures()
    held.undo()
    assert results.to_json_dict() == cycles.results(cycle.id).to_json_dict()


def test_a_confirmed_pay_sheet_keeps_the_pay_base_and_days_it_was_confirmed_with(
    cycles: CyclesService, database: Database
) -> None:
    """A raise and a changed leave date entered after confirmation change neither the
    frozen pay nor the base and days the pay sheet shows beside it; reopening takes them
    up."""
    from salesdesk.services.report_workbook import load_paysheet

    def sheet(cycle_id: int) -> dict[str, Any]:
        return {line.code: line for line in load_paysheet(database, cycles.results(cycle_id)).lines}

    def set_terms(code: str, leave: date, raise_by: Decimal) -> Decimal:
        with database.transaction() as s:
            staff = s.scalar(select(Staff).where(Staff.code == code))
            assert staff is not None
            staff.leave_date = leave
            staff.pay_base = staff.pay_base + raise_by
            return staff.pay_base

    cycle = cycles.open_cycle(REP_Q, "2026-Q1")
    period = parse_period("2026-Q1")
    code = cycles.participants(cycle.id)[0].code
    # Leaving on 28 February: pro-rated over the days employed.
    base = set_terms(code, date(2026, 2, 28), Decimal(0))
    with database.transaction() as s:
        s.execute(
            Appraisal.__table__.update()
            .where(Appraisal.cycle_id == cycle.id)
            .where(
                Appraisal.staff_id == select(Staff.id).where(Staff.code == code).scalar_subquery()
            )
            .values(partial_period=True)
        )
    _rate_everyone(database, cycle.id)
    cycles.advance(cycle.id, "calibration")
    cycles.advance(cycle.id, "confirmed")
    before = sheet(cycle.id)
    assert (before[code].pay_base, before[code].days_employed) == (base, 31 + 28)

    raised = set_terms(code, date(2026, 3, 20), Decimal("1000.00"))
    assert sheet(cycle.id) == before  # base, days and pay exactly as confirmed

    cycles.advance(cycle.id, "calibration", reason="离职日期更正，重新核算")
    line = sheet(cycle.id)[code]
    assert (line.pay_base, line.days_employed) == (raised, 31 + 28 + 20)
    assert line.days_in_period == period.days


def test_participants_are_read_once_while_reads_are_shared(
    cycles: CyclesService, participant_reads: list[int]
) -> None:
    cycle = cycles.open_cycle(REP_Q, "2026-Q1")
    reads = participant_reads
    fresh = cycles.participants(cycle.id)
    with cycles.sharing_reads():
        first = cycles.participants(cycle.id)
        first.clear()  # a caller's list is its own
        with cycles.sharing_reads():
            again = cycles.participants(cycle.id)
    assert reads == [cycle.id, cycle.id]
    assert again == fresh
    cycles.participants(cycle.id)
    assert reads == [cycle.id] * 3  # outside the block every call reads


def test_a_cancelled_scoring_finishes_the_actuals_another_scoring_waits_for(
    cycles: CyclesService, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page rescoring a cycle cancels its earlier scoring; when the new one waits for
    that scoring's actuals, they are finished (once) and only then does the earlier one
    stop. With nobody waiting, a Cancel stops the actuals at once."""
    cycle = _unscored_cycle(cycles, database)
    # Once released, the computation reports progress: the earlier scoring is cancelled by then.
    held = _HeldFigures(monkeypatch, step_after=0.5)
    started, release, computed = held.started, held.release, held.computed
    cancelled = threading.Event()
    outcome: list[BaseException] = []

    def earlier() -> None:
        try:
            cycles.results(cycle.id, progress=lambda _p, _m: not cancelled.is_set())
        except BaseException as exc:  # handed to the test thread
            outcome.append(exc)

    worker = threading.Thread(target=earlier)
    worker.start()
    try:
        assert started.wait(10)
        cancelled.set()

        def waiting(_percent: int, _message: str) -> bool:
            from salesdesk.services.cycle_scoring import _FLIGHTS

            if any(flight.waiting for flight in _FLIGHTS.values()):
                release.set()  # the earlier one goes on once this one waits for it
            return True

        results = cycles.results(cycle.id, progress=waiting)
    finally:
        release.set()
        worker.join(10)
    assert len(outcome) == 1 and isinstance(outcome[0], ScoringCancelled)
    assert computed == [1]  # the actuals were computed once, for the one who waited
    forget_figures()
    held.undo()
    assert results.to_json_dict() == cycles.results(cycle.id).to_json_dict()


def test_a_preparation_told_to_give_way_stops_after_the_actuals(
    cycles: CyclesService, database: Database, people_scored: list[int]
) -> None:
    """The user's own scoring has started: the preparation finishes the actuals at hand
    (which that scoring waits for) and scores nobody."""
    cycle = _unscored_cycle(cycles, database)
    scored = people_scored
    figures_only = threading.Event()
    figures_only.set()
    assert cycles.prepare_live(figures_only=figures_only) == [cycle.id]
    assert scored == []
    with database.reading() as s:
        assert s.get(CycleFigures, cycle.id) is not None  # the actuals are kept
    assert cycles.prepare_live() == [cycle.id]
    assert len(scored) == cycle.participants > 0
