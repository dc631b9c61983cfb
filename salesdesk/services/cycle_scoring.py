"""Scoring a cycle (appraisal-rules §5–7): gather each participant's inputs — actuals and
the cycle's snapshot targets, ratings, key tasks, adjustments, the confirmed totals of
shorter cycles, the previous cycle's grades — and hand them to the pure rules of
:mod:`salesdesk.domain.scoring` and :mod:`salesdesk.domain.grading`. No rule is computed
here.

The result is a :class:`CycleResults`: one scorecard per participant, written as the
`salesdesk score --json` document of data-exchange §5, and the distribution summary.
Confirmed cycles are read back from the scorecards frozen at confirmation.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from salesdesk.db.models import (
    Adjustment,
    Appraisal,
    CustomerSegment,
    Cycle,
    CycleFigures,
    KeyTask,
    ProductLine,
    Rating,
    Region,
    Staff,
)
from salesdesk.domain import grading, scoring
from salesdesk.domain.decimals import decimal_of
from salesdesk.domain.errors import UserError
from salesdesk.domain.periods import Period, days_overlap, parse_period
from salesdesk.domain.text import language, t
from salesdesk.domain.workflow import CycleState, results_frozen
from salesdesk.services.actuals import (
    ActualsService,
    Dimension,
    Figure,
    FigureRequest,
    load_metric_defs,
)
from salesdesk.services.database import Database
from salesdesk.services.import_common import paused_gc
from salesdesk.services.staff import unit_paths

log = logging.getLogger(__name__)

Progress = Callable[[int, str], bool]
"""`progress(percent, message) -> bool` (as imports use it): False asks scoring to stop."""


class ScoringCancelled(UserError):
    """Scoring was cancelled through its progress callback; nothing was written."""

    def __init__(self) -> None:
        super().__init__(t("scoring cancelled; nothing was written", "已取消计分，未写入任何数据"))


AFTER_FIGURES = 60
"""The progress a scoring reports once its actuals are ready (they report 0–55)."""


def _report(progress: Progress | None, percent: int, message: str) -> None:
    if progress is not None and progress(percent, message) is False:
        raise ScoringCancelled()


FINISHED_STATES = (CycleState.CONFIRMED.value, CycleState.CLOSED.value)


@dataclass(frozen=True)
class ParticipantInfo:
    """One participant of a cycle as its results show them."""

    appraisal_id: int
    staff_id: int
    code: str
    name: str
    role: str
    unit_id: int
    unit: str
    hire_date: date
    leave_date: date | None
    pay_base: Decimal
    partial_period: bool
    added_by_hand: bool
    override_grade: str | None
    override_reason: str | None
    version: int


_GRADE_FIELDS = ("band_grade", "distributed_grade", "final_grade")


class ResultRow:
    """One participant's scorecard (data-exchange §5 shape, decimals as strings).

    A row scored now keeps the graded result and writes its JSON shape only when it is
    asked for (a table of 10,000 shows a screenful); a frozen row holds the stored one."""

    __slots__ = ("_card", "graded", "participant")

    def __init__(
        self,
        participant: ParticipantInfo,
        card: dict[str, Any] | None = None,
        *,
        graded: grading.GradedResult | None = None,
    ) -> None:
        if card is None and graded is None:
            raise ValueError("a result row needs a scorecard")
        self.participant = participant
        self.graded = graded
        self._card = card

    @property
    def card(self) -> dict[str, Any]:
        if self._card is None:
            assert self.graded is not None
            self._card = {**_card_head(self.participant), **self.graded.to_json_dict()}
        return self._card

    @property
    def code(self) -> str:
        return self.participant.code

    @property
    def total(self) -> Decimal | None:
        total: Decimal | None = self.value("total")
        return total

    @property
    def final_grade(self) -> str | None:
        grade: str | None = self.value("final_grade")
        return grade

    @property
    def has_warnings(self) -> bool:
        return self.value("warnings") > 0

    def item_score(self, name: str) -> Decimal | None:
        """The printed score of the item called `name` (None: no such item). Read from the
        graded result when there is one: a table sorting 10,000 rows by an item does not
        write 10,000 scorecards out."""
        if self.graded is not None:
            for item in self.graded.scorecard.items:
                if item.name == name:
                    return item.score
            return None
        for entry in self.card.get("items", []):
            if entry.get("name") == name:
                return decimal_of(entry.get("score"))
        return None

    def value(self, key: str) -> Any:
        """A scorecard field as a value to compare: `rank` (int), `bonus`, `deduction`,
        `total`, `coefficient`, `performance_pay` (Decimal), `band_grade`,
        `distributed_grade`, `final_grade` (a letter) or `warnings` (their count); None
        when empty."""
        graded = self.graded
        if graded is None:
            raw = self.card.get(key)
            if key == "warnings":
                return len(raw or ())
            if key == "rank" or key in _GRADE_FIELDS:
                return raw or None
            return decimal_of(raw)
        if key == "warnings":
            return len(graded.warnings)
        if key in ("bonus", "deduction", "total"):
            return getattr(graded.scorecard, key)
        if key in _GRADE_FIELDS:
            return getattr(graded, key) or None
        if key in ("rank", "coefficient", "performance_pay"):
            return getattr(graded, key)
        raise KeyError(key)

    def __repr__(self) -> str:
        return f"ResultRow({self.code!r}, total={self.total})"


@dataclass(frozen=True)
class CycleResults:
    """A cycle's scorecards (best rank first) and its distribution summary."""

    cycle_id: int
    cycle: str
    period: str
    scheme: str
    state: str
    frozen: bool
    rows: tuple[ResultRow, ...]
    distribution: dict[str, Any]
    item_names: tuple[str, ...] = ()
    unconfirmable: tuple[str, ...] = field(default=())

    def row_for(self, code: str) -> ResultRow | None:
        for row in self.rows:
            if row.code == code:
                return row
        return None

    def to_json_dict(self) -> dict[str, Any]:
        """The `salesdesk score --json` document (data-exchange §5)."""
        return {
            "cycle": self.cycle,
            "period": self.period,
            "scheme": self.scheme,
            "state": self.state,
            "scorecards": [row.card for row in self.rows],
            "distribution": self.distribution,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_json_dict(), ensure_ascii=False, indent=1) + "\n"

    def fingerprint(self) -> str:
        """A digest of what the scorecards hold (items, adjustments, totals): a different
        one later means the data behind a confirmed cycle changed."""
        return fingerprint_of(row.card for row in self.rows)


def fingerprint_of(cards: Any) -> str:
    digest = hashlib.sha256()
    for card in cards:
        essential = {
            "staff_code": card.get("staff_code"),
            "items": [
                [i.get("name"), i.get("actual"), i.get("target"), i.get("score")]
                for i in card.get("items", [])
            ],
            "bonus": card.get("bonus"),
            "deduction": card.get("deduction"),
            "veto": card.get("veto"),
            "total": card.get("total"),
        }
        digest.update(json.dumps(essential, sort_keys=True, ensure_ascii=False).encode())
    return digest.hexdigest()


# --------------------------------------------------------------------------- loading


def load_participants(session: Session, cycle_id: int) -> list[ParticipantInfo]:
    """The participants of a cycle, by staff code (plain columns: an appraisal row also
    holds its frozen scorecard, which nobody here needs). A confirmed participant has the
    pay base and employment dates frozen with their scorecard, not the staff record's."""
    paths = unit_paths(session)
    rows = session.execute(
        select(
            Appraisal.id,
            Staff.id,
            Staff.code,
            Staff.name,
            Staff.role,
            Appraisal.unit_id,
            Staff.hire_date,
            Staff.leave_date,
            Staff.pay_base,
            Appraisal.partial_period,
            Appraisal.added_by_hand,
            Appraisal.override_grade,
            Appraisal.override_reason,
            Appraisal.version,
            Appraisal.frozen_hire_date,
            Appraisal.frozen_leave_date,
            Appraisal.frozen_pay_base,
        )
        .join(Staff, Staff.id == Appraisal.staff_id)
        .where(Appraisal.cycle_id == cycle_id)
        .order_by(Staff.code)
    ).all()
    return [
        ParticipantInfo(
            appraisal_id=r[0],
            staff_id=r[1],
            code=r[2],
            name=r[3],
            role=r[4],
            unit_id=r[5],
            unit=paths.get(r[5], ""),
            hire_date=r[6] if r[14] is None else r[14],
            leave_date=r[7] if r[14] is None else r[15],
            pay_base=r[8] if r[14] is None else r[16],
            partial_period=r[9],
            added_by_hand=r[10],
            override_grade=r[11],
            override_reason=r[12],
            version=r[13],
        )
        for r in rows
    ]


def _dimension(session: Session, item: Mapping[str, Any]) -> Dimension | None:
    """The item's product line / region / segment filter as ids; None when it names one
    this database does not know (the item then has no data)."""
    wanted = item.get("filter") or {}
    ids: dict[str, int | None] = {"product_line": None, "region": None, "segment": None}
    models: dict[str, Any] = {
        "product_line": ProductLine,
        "region": Region,
        "segment": CustomerSegment,
    }
    for key, model in models.items():
        name = wanted.get(key)
        if name in (None, ""):
            continue
        found = session.scalar(select(model.id).where(model.name == str(name)))
        if found is None:
            return None
        ids[key] = found
    return Dimension(ids["product_line"], ids["region"], ids["segment"])


@dataclass
class _Inputs:
    ratings: dict[tuple[int, str], list[scoring.Rating]] = field(default_factory=dict)
    tasks: dict[int, list[scoring.KeyTask]] = field(default_factory=dict)
    adjustments: dict[int, list[scoring.Adjustment]] = field(default_factory=dict)


def _load_inputs(session: Session, cycle_id: int) -> _Inputs:
    """Every rating, key task and adjustment of the cycle, read with plain selects (a
    cycle of 10,000 holds a few hundred thousand ratings)."""
    inputs = _Inputs()
    in_cycle = select(Appraisal.id).where(Appraisal.cycle_id == cycle_id)
    codes = dict(session.execute(select(Staff.id, Staff.code)).all())
    ratings = session.execute(
        select(
            Rating.appraisal_id,
            Rating.item_name,
            Rating.rater_role,
            Rating.rating,
            Rating.comment,
            Rating.rater_id,
        )
        .where(Rating.appraisal_id.in_(in_cycle))
        .order_by(Rating.id)
    ).all()
    for appraisal_id, item, role, value, comment, rater_id in ratings:
        inputs.ratings.setdefault((appraisal_id, item), []).append(
            scoring.Rating(role, value, comment, codes.get(rater_id, ""))
        )
    tasks = session.execute(
        select(KeyTask.appraisal_id, KeyTask.description, KeyTask.weight, KeyTask.completion)
        .where(KeyTask.appraisal_id.in_(in_cycle))
        .order_by(KeyTask.appraisal_id, KeyTask.position, KeyTask.id)
    ).all()
    for appraisal_id, description, weight, completion in tasks:
        inputs.tasks.setdefault(appraisal_id, []).append(
            scoring.KeyTask(description, weight, completion)
        )
    adjustments = session.execute(
        select(Adjustment.appraisal_id, Adjustment.kind, Adjustment.reason, Adjustment.points)
        .where(Adjustment.appraisal_id.in_(in_cycle))
        .order_by(Adjustment.id)
    ).all()
    for appraisal_id, kind, reason, points in adjustments:
        inputs.adjustments.setdefault(appraisal_id, []).append(
            scoring.Adjustment(scoring.AdjustmentKind(kind), reason, points)
        )
    return inputs


def _period_totals(
    session: Session, period: Period, source: str, staff_ids: Sequence[int]
) -> dict[int, list[Decimal]]:
    """Each person's confirmed totals of the `source`-type cycles inside `period`."""
    inside = [p.code for p in _sub_periods(period, source)]
    totals: dict[int, list[Decimal]] = {}
    rows = session.execute(
        select(Appraisal.staff_id, Appraisal.total, Cycle.period)
        .join(Cycle, Cycle.id == Appraisal.cycle_id)
        .where(
            Cycle.cycle_type == source,
            Cycle.state.in_(FINISHED_STATES),
            Cycle.period.in_(inside),
            Appraisal.total.is_not(None),
        )
        .order_by(Cycle.period, Cycle.id)
    ).all()
    wanted = set(staff_ids)
    for staff_id, total, _period in rows:
        if staff_id in wanted and total is not None:
            totals.setdefault(staff_id, []).append(total)
    return totals


def _sub_periods(period: Period, source: str) -> list[Period]:
    months = period.months()
    if source == "monthly":
        return months
    if source == "quarterly":
        return list(dict.fromkeys(m.quarter_of() for m in months))
    return [Period.of_year(period.year)]


def _previous_grades(
    session: Session, cycle: Cycle, period: Period, staff_ids: Sequence[int]
) -> dict[int, str]:
    """The final grades of the previous period's cycle of the same type (for the
    promotion-candidate flag: two A-or-better grades in a row)."""
    previous = period.previous().code
    rows = session.execute(
        select(Appraisal.staff_id, Appraisal.final_grade)
        .join(Cycle, Cycle.id == Appraisal.cycle_id)
        .where(
            Cycle.cycle_type == cycle.cycle_type,
            Cycle.period == previous,
            Cycle.state.in_(FINISHED_STATES),
            Appraisal.final_grade.is_not(None),
        )
        .order_by(Cycle.id)
    ).all()
    wanted = set(staff_ids)
    return {staff_id: str(grade) for staff_id, grade in rows if staff_id in wanted and grade}


# The actuals of a cycle's last scoring, per database and cycle, with the stamp of the
# data they came from: scoring again after a rating or an adjustment (the usual edit while
# a cycle runs) skips the ledger pass, the costly part of scoring a large cycle.
_FIGURES: dict[tuple[str, int], tuple[Any, dict[tuple[FigureRequest, str], Figure]]] = {}


# Changes to the appraisal inputs (ratings, key tasks, adjustments, interviews, appeals,
# participants, overrides, state moves) change no actual: their audit entries and import
# batches leave the actuals' stamp alone, so scoring again after a rating is entered reuses
# the actuals.
_INPUT_ENTITIES = ("rating", "key_task", "adjustment", "interview", "appeal", "appraisal", "cycle")
_INPUT_IMPORTS = ("ratings", "tasks", "adjustments")


def _data_stamp(session: Session, cycle_id: int) -> tuple[Any, ...]:
    """What changes whenever anything the actuals come from changes, read without a pass
    over the ledger: the highest ids of its lines, credits and receipts (new rows), the
    import batches (an import adds or replaces rows in a batch), the versions of the rows
    edited in place (manual values, staff, memberships, units, customers), the audit log
    of everything but the appraisal inputs — every other change is audited: an edit or a
    cleared manual value, an undone import (the only way ledger rows are deleted), undo
    and redo — and the cycle's opening (its target snapshot is retaken when it opens)."""
    from salesdesk.db.models import (
        AuditEntry,
        Customer,
        ImportBatch,
        MetricValue,
        OrgUnit,
        Receipt,
        SalesCredit,
        SalesLine,
        UnitMembership,
    )

    def shape(model: Any) -> Any:
        return select(func.count(model.id), func.max(model.id))

    def versions(model: Any) -> Any:
        return select(func.count(model.id), func.sum(model.version))

    parts: list[Any] = []
    for query in (
        select(
            select(func.max(SalesLine.id)).scalar_subquery(),
            select(func.max(SalesCredit.id)).scalar_subquery(),
            select(func.max(Receipt.id)).scalar_subquery(),
        ),
        shape(UnitMembership),
        shape(ImportBatch).where(ImportBatch.kind.not_in(_INPUT_IMPORTS)),
        # The newest such entry: read backwards from the end of the log (no pass over it).
        select(
            select(AuditEntry.id)
            .where(AuditEntry.entity.not_in(_INPUT_ENTITIES))
            .order_by(AuditEntry.id.desc())
            .limit(1)
            .scalar_subquery()
        ),
        versions(MetricValue),
        versions(Staff),
        versions(OrgUnit),
        versions(Customer),
        select(Cycle.opened_at).where(Cycle.id == cycle_id),
    ):
        parts.append(tuple(session.execute(query).one()))
    return tuple(parts)


# The scorecards of a cycle's last scoring, per database and cycle: a person whose inputs
# (figures, ratings, tasks, adjustments, earlier totals) are those of the last scoring keeps
# their scorecard, so scoring again after one rating rescores one person. Keyed by the
# scheme snapshot, the metric definitions and the language of the explanations.
_CARDS: dict[tuple[str, int], tuple[Any, dict[str, tuple[Any, scoring.Scorecard]]]] = {}
_CARDS_KEPT = 4


def _figures_text(figures: Mapping[tuple[FigureRequest, str], Figure]) -> str:
    requests = list(dict.fromkeys(request for request, _key in figures))
    index = {request: position for position, request in enumerate(requests)}

    def text(value: Decimal | None) -> str | None:
        return None if value is None else str(value)

    return json.dumps(
        {
            "requests": [
                [
                    r.metric,
                    r.team,
                    r.dimension.product_line_id,
                    r.dimension.region_id,
                    r.dimension.segment_id,
                ]
                for r in requests
            ],
            "figures": [
                [index[request], key, text(figure.actual), text(figure.target)]
                for (request, key), figure in figures.items()
            ],
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


def _figures_from_text(text: str) -> dict[tuple[FigureRequest, str], Figure]:
    doc = json.loads(text)
    requests = [
        FigureRequest(str(metric), bool(team), Dimension(line, region, segment))
        for metric, team, line, region, segment in doc["requests"]
    ]

    def value(raw: str | None) -> Decimal | None:
        return None if raw is None else Decimal(raw)

    return {
        (requests[position], str(key)): Figure(value(actual), value(target))
        for position, key, actual, target in doc["figures"]
    }


def _stored_figures(
    database: Database, cycle_id: int, digest: str
) -> dict[tuple[FigureRequest, str], Figure] | None:
    """The figures kept by an earlier scoring of the same data (None: none, or stale)."""
    with database.reading() as s:
        row = s.get(CycleFigures, cycle_id)
        if row is None or row.stamp != digest:
            return None
        text = row.figures
    try:
        return _figures_from_text(text)
    except (ValueError, KeyError, TypeError, ArithmeticError):
        log.warning("kept figures of cycle %s unreadable; computing them again", cycle_id)
        return None


def _store_figures(
    database: Database,
    cycle_id: int,
    digest: str,
    figures: Mapping[tuple[FigureRequest, str], Figure],
) -> None:
    """Keep the figures for the next session. A cache: when it cannot be written (the
    database is busy or read-only), scoring goes on without it."""
    text = _figures_text(figures)
    try:
        with database.transaction() as s:
            row = s.get(CycleFigures, cycle_id)
            if row is None:
                s.add(CycleFigures(cycle_id=cycle_id, stamp=digest, figures=text))
            else:
                row.stamp, row.figures, row.computed_at = digest, text, datetime.now()
    except SQLAlchemyError as exc:
        log.info("figures of cycle %s not kept: %s", cycle_id, exc)


class _Flight:
    """The one computation of a cycle's figures under way: a second scoring of the same
    cycle (the Cycles page while the figures are being prepared in the background) waits
    for it and takes its result, reporting its progress, instead of doing the work twice.
    While anyone waits, a Cancel of the scoring that computes stops it only once the
    figures are done (the page rescoring a cycle cancels its earlier scoring, and the new
    one waits for that one's figures)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.fraction = 0.0
        self.waiting = 0

    def wait(self, progress: Progress | None, message: str) -> None:
        """Take the lock, reporting the computation's progress meanwhile."""
        if self.lock.acquire(blocking=False):
            return
        with _FLIGHTS_GUARD:
            self.waiting += 1
        try:
            while not self.lock.acquire(timeout=0.1):
                _report(progress, int(55 * self.fraction), message)
        finally:
            with _FLIGHTS_GUARD:
                self.waiting -= 1


_FLIGHTS: dict[tuple[str, int], _Flight] = {}
_FLIGHTS_GUARD = threading.Lock()


def _flight(key: tuple[str, int]) -> _Flight:
    with _FLIGHTS_GUARD:
        flight = _FLIGHTS.get(key)
        if flight is None:
            flight = _FLIGHTS[key] = _Flight()
        return flight


def forget_figures() -> None:
    """Drop the cached actuals and scorecards (tests; a database replaced by a restore)."""
    _FIGURES.clear()
    _CARDS.clear()


# --------------------------------------------------------------------------- scoring


def _card_head(p: ParticipantInfo) -> dict[str, Any]:
    return {"staff_code": p.code, "name": p.name, "role": p.role, "unit": p.unit}


def days_employed(p: ParticipantInfo, period: Period) -> int:
    return days_overlap(period, p.hire_date, p.leave_date)


def score_live(
    database: Database,
    cycle_id: int,
    *,
    progress: Progress | None = None,
) -> CycleResults:
    """Score a cycle from the data as it is now (appraisal-rules §5–7).

    Scoring a large cycle makes millions of small objects, none in a reference cycle: the
    cyclic collector is paused meanwhile (it cost a quarter of the time at 10,000 people)."""
    with paused_gc():
        return _score_live(database, cycle_id, progress)


def _score_live(database: Database, cycle_id: int, progress: Progress | None) -> CycleResults:
    actuals = ActualsService(database)
    with database.reading() as s:
        cycle = s.get(Cycle, cycle_id)
        if cycle is None:
            raise LookupError(t("no such cycle", "没有该考核周期"))
        doc = cycle.scheme_snapshot
        period = parse_period(cycle.period)
        participants = load_participants(s, cycle_id)
        metric_items = [i for i in doc["items"] if i["kind"] == scoring.ItemKind.METRIC]
        dimensions = {str(i["name"]): _dimension(s, i) for i in metric_items}
        inputs = _load_inputs(s, cycle_id)
        staff_ids = [p.staff_id for p in participants]
        period_items = [i for i in doc["items"] if i["kind"] == scoring.ItemKind.PERIOD_RESULTS]
        period_totals = {
            str(i["name"]): _period_totals(s, period, str(i.get("source", "quarterly")), staff_ids)
            for i in period_items
        }
        previous = _previous_grades(s, cycle, period, staff_ids)
        meta = (cycle.name, cycle.period, _scheme_name(cycle), cycle.state, cycle.prorate)
        metric_defs = {m.code: m for m in load_metric_defs(s)}
        data_stamp = _data_stamp(s, cycle_id) if metric_items and participants else None
    _report(progress, 0, t("reading actuals and targets…", "正在读取实绩与目标…"))
    requests = {
        name: FigureRequest(
            str(item["metric"]), item.get("scope") == "team", dimensions[name] or Dimension()
        )
        for item in metric_items
        if dimensions[(name := str(item["name"]))] is not None
    }
    figures: dict[tuple[FigureRequest, str], Figure] = {}
    if requests and participants:
        codes = [p.code for p in participants]
        units = sorted({p.unit for p in participants})
        cache_key = (str(database.path), cycle_id)
        stamp = (data_stamp, tuple(requests.values()), tuple(codes), meta[4])
        reading = t("reading actuals and targets…", "正在读取实绩与目标…")
        flight = _flight(cache_key)
        flight.wait(progress, reading)
        try:
            cached = _FIGURES.get(cache_key)
            if cached is not None and cached[0] == stamp:
                figures = cached[1]
            else:
                digest = hashlib.sha256(repr(stamp).encode()).hexdigest()
                stored = _stored_figures(database, cycle_id, digest)
                if stored is not None:
                    figures = stored
                else:

                    def step(done: float) -> None:
                        flight.fraction = done
                        told = None if progress is None else progress(int(55 * done), reading)
                        if told is False and not flight.waiting:
                            raise ScoringCancelled()

                    flight.fraction = 0.0
                    figures = actuals.figures(
                        period,
                        requests.values(),
                        codes,
                        units,
                        cycle_id=cycle_id,
                        prorate=meta[4],
                        on_step=step,
                    )
                    _store_figures(database, cycle_id, digest, figures)
                _FIGURES[cache_key] = (stamp, figures)
        finally:
            flight.lock.release()
    _report(progress, AFTER_FIGURES, t("scoring…", "正在计分…"))
    count = max(len(participants), 1)
    scorer = scoring.SchemeScorer(doc, metric_defs)
    memo_key = (str(database.path), cycle_id)
    rules_key = (json.dumps(doc, sort_keys=True, default=str), repr(metric_defs), language())
    held = _CARDS.pop(memo_key, None)
    memo = held[1] if held is not None and held[0] == rules_key else {}
    kept: dict[str, tuple[Any, scoring.Scorecard]] = {}
    cards: dict[str, scoring.Scorecard] = {}
    pay: dict[str, grading.PayInput] = {}
    overrides: dict[str, grading.Override] = {}
    previous_by_code: dict[str, str | None] = {}
    by_code: dict[str, ParticipantInfo] = {}
    for done, p in enumerate(participants):
        if done % 250 == 0:
            _report(progress, AFTER_FIGURES + 35 * done // count, t("scoring…", "正在计分…"))
        by_code[p.code] = p
        item_inputs: dict[str, scoring.ItemInputs] = {}
        for item in doc["items"]:
            name = str(item["name"])
            kind = item["kind"]
            if kind == scoring.ItemKind.METRIC:
                request = requests.get(name)
                if request is None:
                    continue
                key = p.unit if request.team else p.code
                figure = figures.get((request, key))
                if figure is not None:
                    item_inputs[name] = scoring.ItemInputs(
                        actual=figure.actual, target=figure.target
                    )
            elif kind == scoring.ItemKind.RATING:
                item_inputs[name] = scoring.ItemInputs(
                    ratings=tuple(inputs.ratings.get((p.appraisal_id, name), ()))
                )
            elif kind == scoring.ItemKind.KEY_TASKS:
                item_inputs[name] = scoring.ItemInputs(
                    tasks=tuple(inputs.tasks.get(p.appraisal_id, ()))
                )
            else:
                item_inputs[name] = scoring.ItemInputs(
                    period_totals=tuple(period_totals[name].get(p.staff_id, ()))
                )
        adjustments = tuple(inputs.adjustments.get(p.appraisal_id, ()))
        person_key = (tuple(item_inputs.items()), adjustments)
        earlier = memo.get(p.code)
        if earlier is not None and earlier[0] == person_key:
            card = earlier[1]
        else:
            card = scorer.score(item_inputs, adjustments)
        cards[p.code] = card
        kept[p.code] = (person_key, card)
        partial = p.partial_period
        pay[p.code] = grading.PayInput(p.pay_base, days_employed(p, period) if partial else None)
        if p.override_grade and p.override_reason:
            overrides[p.code] = grading.Override(p.override_grade, p.override_reason)
        previous_by_code[p.code] = previous.get(p.staff_id)
    _CARDS[memo_key] = (rules_key, kept)
    while len(_CARDS) > _CARDS_KEPT:
        del _CARDS[next(iter(_CARDS))]
    graded = grading.grade_cycle(
        cards,
        grading.GradingSettings.from_scheme(doc),
        period,
        pay=pay,
        overrides=overrides,
        previous_grades=previous_by_code,
    )
    rows = []
    for result in graded.results:
        p = by_code[result.key]
        rows.append(ResultRow(p, graded=result))
    unconfirmable = tuple(code for code, card in cards.items() if not card.can_confirm)
    return CycleResults(
        cycle_id=cycle_id,
        cycle=meta[0],
        period=meta[1],
        scheme=meta[2],
        state=meta[3],
        frozen=False,
        rows=tuple(rows),
        distribution=graded.distribution.to_json_dict(),
        item_names=tuple(str(i["name"]) for i in doc["items"]),
        unconfirmable=tuple(sorted(unconfirmable)),
    )


def _scheme_name(cycle: Cycle) -> str:
    return str(cycle.scheme_snapshot.get("name", ""))


def score_frozen(database: Database, cycle_id: int) -> CycleResults:
    """The scorecards frozen when the cycle was confirmed."""
    with database.reading() as s:
        cycle = s.get(Cycle, cycle_id)
        assert cycle is not None
        participants = {p.appraisal_id: p for p in load_participants(s, cycle_id)}
        frozen = s.execute(
            select(Appraisal.id, Appraisal.scorecard).where(Appraisal.cycle_id == cycle_id)
        ).all()
        doc = cycle.scheme_snapshot
        meta = (cycle.name, cycle.period, _scheme_name(cycle), cycle.state)
    rows = [
        ResultRow(participants[appraisal_id], card)
        for appraisal_id, card in frozen
        if card is not None and appraisal_id in participants
    ]
    rows.sort(key=lambda r: (r.card.get("rank") or 0, r.code))
    settings = grading.GradingSettings.from_scheme(doc)
    quotas = grading.quota_counts(settings.shares, len(rows), settings.grades)
    summary = grading.distribution_summary(
        settings,
        quotas,
        {r.code: str(r.card["band_grade"]) for r in rows},
        {r.code: str(r.card["distributed_grade"]) for r in rows},
        {r.code: str(r.card["final_grade"]) for r in rows},
    )
    return CycleResults(
        cycle_id=cycle_id,
        cycle=meta[0],
        period=meta[1],
        scheme=meta[2],
        state=meta[3],
        frozen=True,
        rows=tuple(rows),
        distribution=summary.to_json_dict(),
        item_names=tuple(str(i["name"]) for i in doc["items"]),
    )


def score_cycle(
    database: Database,
    cycle_id: int,
    *,
    progress: Progress | None = None,
) -> CycleResults:
    """The cycle's results: frozen for confirmed and closed cycles, else computed now."""
    with database.reading() as s:
        cycle = s.get(Cycle, cycle_id)
        if cycle is None:
            raise LookupError(t("no such cycle", "没有该考核周期"))
        state = cycle.state
    if results_frozen(state):
        return score_frozen(database, cycle_id)
    return score_live(database, cycle_id, progress=progress)


LIVE_STATES = (CycleState.OPEN.value, CycleState.CALIBRATION.value)
"""The states in which a cycle's results are scored from the data and looked at often."""


class _GaveWay(Exception):
    """A preparation stops after the actuals: the user's own scoring does the rest."""


def prepare_live_cycles(
    database: Database,
    *,
    progress: Progress | None = None,
    figures_only: threading.Event | None = None,
) -> list[int]:
    """Score every open or calibrating cycle, newest first, so that the scoring the user
    asks for next finds the actuals and scorecards ready: the window runs this quietly in
    the background after the data changed. A cycle that cannot be scored (deleted
    meanwhile, a scheme that no longer checks out) is left for the user to see when they
    open it. Once `figures_only` is set (the user asked for a scoring, which waits for the
    actuals under way and scores itself), it stops after the actuals of the cycle at hand.
    Returns the ids of the cycles whose actuals are ready; stops (ScoringCancelled) when
    `progress` returns False."""
    with database.reading() as s:
        ids = list(
            s.scalars(
                select(Cycle.id).where(Cycle.state.in_(LIVE_STATES)).order_by(Cycle.id.desc())
            )
        )
    prepared = []
    for position, cycle_id in enumerate(ids):

        def part(percent: int, message: str, position: int = position) -> bool:
            if figures_only is not None and figures_only.is_set() and percent >= AFTER_FIGURES:
                raise _GaveWay()
            share = (100 * position + percent) // len(ids)
            return progress is None or progress(share, message)

        try:
            score_live(database, cycle_id, progress=part)
        except _GaveWay:
            prepared.append(cycle_id)
            break
        except ScoringCancelled:
            raise
        except (UserError, LookupError) as exc:
            log.info("cycle %s not prepared: %s", cycle_id, exc)
            continue
        prepared.append(cycle_id)
    return prepared
