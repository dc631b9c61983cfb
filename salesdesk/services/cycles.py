"""Appraisal cycles (appraisal-rules §6): create and open them with a snapshot of the scheme
and the targets, their participants, the state machine with audited moves back, the
calibration overrides, and the results — computed while the cycle runs, frozen when it is
confirmed, with a "data changed since confirmation" check afterwards."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, func, insert, literal, null, select, update
from sqlalchemy.orm import Session

from salesdesk.db.models import Appraisal, Cycle, CycleTarget, Metric, Scheme, Staff, Target
from salesdesk.domain.errors import NotFoundError, Problem, StaleEditError, ValidationError
from salesdesk.domain.grading import GRADES, check_override
from salesdesk.domain.periods import Period, PeriodKind, parse_period
from salesdesk.domain.text import t
from salesdesk.domain.workflow import (
    CycleState,
    check_move,
    overrides_editable,
    participants_editable,
    refuse_unless,
    results_frozen,
    state_label,
)
from salesdesk.services import audit
from salesdesk.services.cycle_scoring import (
    CycleResults,
    ParticipantInfo,
    Progress,
    load_participants,
    prepare_live_cycles,
    score_cycle,
    score_live,
)
from salesdesk.services.database import Database
from salesdesk.services.default_schemes import scheme_to_document
from salesdesk.services.staff import find_staff

PERIOD_KIND_OF = {
    "monthly": PeriodKind.MONTH,
    "quarterly": PeriodKind.QUARTER,
    "annual": PeriodKind.YEAR,
}
MAX_CYCLE_NAME = 128
MAX_LISTED = 10
"""At most this many people are named in a refusal; the rest are counted."""


@dataclass(frozen=True)
class CycleSummary:
    """One cycle as the cycle list shows it."""

    id: int
    name: str
    period: str
    cycle_type: str
    scheme: str
    state: str
    participants: int
    opened_at: datetime | None
    confirmed_at: datetime | None
    closed_at: datetime | None
    appeal_days: int
    decision_working_days: int
    prorate: bool
    version: int

    @property
    def state_label(self) -> str:
        return state_label(self.state)

    @property
    def confirmed_on(self) -> date | None:
        return None if self.confirmed_at is None else self.confirmed_at.date()

    def to_json_dict(self) -> dict[str, Any]:
        """A cycle as `salesdesk cycle list --json` writes it."""
        return {
            "id": self.id,
            "name": self.name,
            "period": self.period,
            "scheme": self.scheme,
            "state": self.state,
            "participants": self.participants,
        }


def default_cycle_name(scheme_name: str, period: str) -> str:
    """`2026-Q1 销售代表季度考核` for the scheme 销售代表季度考核方案 and 2026-Q1."""
    base = scheme_name.strip()
    for suffix in ("方案", " scheme", " Scheme"):
        if base.endswith(suffix) and len(base) > len(suffix):
            base = base[: -len(suffix)].strip()
            break
    return f"{period} {base}"[:MAX_CYCLE_NAME]


def find_cycle(session: Session, ref: str | int) -> Cycle:
    """A cycle by its id (a number) or its name; NotFoundError naming what exists."""
    cycle: Cycle | None = None
    text = str(ref).strip()
    if isinstance(ref, int) or text.isdigit():
        cycle = session.get(Cycle, int(text))
    if cycle is None:
        cycle = session.scalar(select(Cycle).where(Cycle.name == text))
    if cycle is None:
        names = session.scalars(select(Cycle.name).order_by(Cycle.id.desc()).limit(5)).all()
        message = t("no cycle {c}", "没有考核周期 {c}", c=ref)
        raise NotFoundError(
            message,
            problems=[
                Problem(
                    message,
                    field="cycle",
                    allowed=", ".join(names) or t("no cycles yet", "尚无考核周期"),
                )
            ],
        )
    return cycle


def _summary(session: Session, cycle: Cycle, count: int | None = None) -> CycleSummary:
    if count is None:
        count = int(
            session.scalar(select(func.count(Appraisal.id)).where(Appraisal.cycle_id == cycle.id))
            or 0
        )
    return CycleSummary(
        id=cycle.id,
        name=cycle.name,
        period=cycle.period,
        cycle_type=cycle.cycle_type,
        scheme=str(cycle.scheme_snapshot.get("name", "")),
        state=cycle.state,
        participants=count,
        opened_at=cycle.opened_at,
        confirmed_at=cycle.confirmed_at,
        closed_at=cycle.closed_at,
        appeal_days=cycle.appeal_days,
        decision_working_days=cycle.decision_working_days,
        prorate=cycle.prorate,
        version=cycle.version,
    )


def _weight_total(doc: dict[str, Any]) -> Decimal:
    return sum((Decimal(str(item["weight"])) for item in doc.get("items", [])), Decimal(0))


def _check_usable(doc: dict[str, Any]) -> None:
    """A scheme whose weights do not add up to 100 cannot open a cycle (§5)."""
    total = _weight_total(doc)
    if total != 100:
        off = abs(total - 100)
        raise ValidationError.single(
            t(
                "scheme {n}: item weights add up to {w}, {o} {d} 100 — fix the scheme first",
                "考核方案 {n} 的权重合计为 {w}，{d} 100 {o} 分——请先修改方案",
                n=doc.get("name", "?"),
                w=total,
                o=off,
                d=t("short of", "比") if total < 100 else t("over", "超出"),
            ),
            field="scheme",
            allowed=t("item weights adding up to exactly 100", "权重合计恰好为 100"),
        )


def _check_period(cycle_type: str, period: Period) -> None:
    wanted = PERIOD_KIND_OF[cycle_type]
    if period.kind is not wanted:
        examples = {
            PeriodKind.MONTH: "2026-03",
            PeriodKind.QUARTER: "2026-Q1",
            PeriodKind.YEAR: "2026",
        }
        raise ValidationError.single(
            t(
                "a {c} scheme needs a {k} period, not {p}",
                "{c}方案需要{k}期间，而不是 {p}",
                c=cycle_type,
                k=wanted.value,
                p=period.code,
            ),
            field="period",
            allowed=examples[wanted],
        )


def _target_periods(period: Period) -> list[str]:
    """The periods whose targets a cycle of `period` can use: its months, its quarters,
    itself and its year."""
    months = period.months()
    codes = [m.code for m in months]
    codes += list(dict.fromkeys(m.quarter_of().code for m in months))
    codes += [period.code, Period.of_year(period.year).code]
    return list(dict.fromkeys(codes))


class CyclesService:
    """The cycles of one database; each changing method is one audited transaction."""

    def __init__(self, database: Database) -> None:
        self._db = database
        self._shared: dict[str | int, list[ParticipantInfo]] | None = None

    # -- reading -------------------------------------------------------------------------

    @contextmanager
    def sharing_reads(self) -> Iterator[None]:
        """Inside the block a cycle's participants are read once and shared: a page that
        refreshes its tabs asks for them once a tab (7 reads, 1 s at 10,000 people). Only
        for a pass that changes nothing meanwhile."""
        outer = self._shared is not None
        if not outer:
            self._shared = {}
        try:
            yield
        finally:
            if not outer:
                self._shared = None

    def list_cycles(self) -> list[CycleSummary]:
        """Every cycle, newest period first."""
        with self._db.reading() as s:
            counts = dict(
                s.execute(
                    select(Appraisal.cycle_id, func.count(Appraisal.id)).group_by(
                        Appraisal.cycle_id
                    )
                ).all()
            )
            cycles = s.scalars(select(Cycle).order_by(Cycle.period.desc(), Cycle.id.desc())).all()
            return [_summary(s, c, int(counts.get(c.id, 0))) for c in cycles]

    def get(self, ref: str | int) -> CycleSummary:
        with self._db.reading() as s:
            return _summary(s, find_cycle(s, ref))

    def participants(self, ref: str | int) -> list[ParticipantInfo]:
        shared = self._shared
        if shared is not None and ref in shared:
            return list(shared[ref])
        with self._db.reading() as s:
            people = load_participants(s, find_cycle(s, ref).id)
        if shared is not None:
            shared[ref] = list(people)
        return people

    def snapshot(self, ref: str | int) -> dict[str, Any]:
        """The scheme document the cycle took when it opened."""
        with self._db.reading() as s:
            return dict(find_cycle(s, ref).scheme_snapshot)

    # -- creating ------------------------------------------------------------------------

    def create(
        self, scheme: str, period: str, *, name: str | None = None, reason: str = ""
    ) -> CycleSummary:
        """A draft cycle of `scheme` for `period` with its default participants: the active
        staff of the scheme's roles; joiners inside the period flagged partial period."""
        when = parse_period(period)
        with self._db.transaction() as s:
            row = s.scalar(select(Scheme).where(Scheme.name == scheme.strip()))
            if row is None:
                names = s.scalars(select(Scheme.name).order_by(Scheme.name)).all()
                message = t("no scheme named {n}", "没有名为 {n} 的考核方案", n=scheme)
                raise NotFoundError(
                    message, problems=[Problem(message, field="scheme", allowed=", ".join(names))]
                )
            doc = scheme_to_document(row)
            _check_usable(doc)
            _check_period(row.cycle_type, when)
            cycle_name = (name or "").strip() or default_cycle_name(row.name, when.code)
            if len(cycle_name) > MAX_CYCLE_NAME:
                raise ValidationError.single(
                    t("the cycle name is too long", "考核周期名称过长"),
                    field="name",
                    allowed=t("1–{n} characters", "1–{n} 个字符", n=MAX_CYCLE_NAME),
                )
            if s.scalar(select(Cycle.id).where(Cycle.name == cycle_name)) is not None:
                raise ValidationError.single(
                    t(
                        "a cycle named {n} already exists",
                        "已存在名为 {n} 的考核周期",
                        n=cycle_name,
                    ),
                    field="name",
                )
            cycle = Cycle(
                name=cycle_name,
                scheme_id=row.id,
                period=when.code,
                cycle_type=row.cycle_type,
                state=CycleState.DRAFT.value,
                scheme_snapshot=doc,
            )
            s.add(cycle)
            s.flush()
            roles = [str(r) for r in (row.roles or [row.role])]
            people = s.execute(
                select(Staff.id, Staff.unit_id, Staff.hire_date, Staff.leave_date).where(
                    Staff.role.in_(roles),
                    Staff.hire_date <= when.end,
                    (Staff.leave_date.is_(None)) | (Staff.leave_date >= when.end),
                )
            ).all()
            if people:
                s.execute(
                    insert(Appraisal),
                    [
                        {
                            "cycle_id": cycle.id,
                            "staff_id": p.id,
                            "unit_id": p.unit_id,
                            "partial_period": p.hire_date > when.start,
                            "added_by_hand": False,
                        }
                        for p in people
                    ],
                )
            audit.record(
                s,
                action="create",
                entity="cycle",
                entity_id=cycle.id,
                cycle_id=cycle.id,
                new=cycle.name,
                reason=reason,
            )
            return _summary(s, cycle, len(people))

    def open_cycle(
        self, scheme: str, period: str, *, name: str | None = None, reason: str = ""
    ) -> CycleSummary:
        """Create a cycle and open it (`salesdesk cycle open`)."""
        created = self.create(scheme, period, name=name, reason=reason)
        return self.advance(created.id, CycleState.OPEN, reason=reason)

    def delete(self, ref: str | int, reason: str = "") -> None:
        """Delete a draft cycle (a cycle that was opened keeps its trail: move it back or
        close it instead)."""
        with self._db.transaction() as s:
            cycle = find_cycle(s, ref)
            if cycle.state != CycleState.DRAFT:
                raise ValidationError.single(
                    t(
                        "only a draft cycle can be deleted; {n} is {s}",
                        "只能删除草稿状态的考核周期；{n} 处于{s}状态",
                        n=cycle.name,
                        s=state_label(cycle.state),
                    ),
                    field="state",
                )
            audit.record(
                s,
                action="delete",
                entity="cycle",
                entity_id=cycle.id,
                old=cycle.name,
                reason=reason,
            )
            s.delete(cycle)

    # -- participants --------------------------------------------------------------------

    def add_participant(self, ref: str | int, staff: str, reason: str = "") -> ParticipantInfo:
        """Add a person by hand (e.g. one who left before the period's end)."""
        with self._db.transaction() as s:
            cycle = find_cycle(s, ref)
            refuse_unless(
                participants_editable(cycle.state), cycle.state, t("participants", "参与人员")
            )
            person = find_staff(s, staff)
            if s.scalar(
                select(Appraisal.id).where(
                    Appraisal.cycle_id == cycle.id, Appraisal.staff_id == person.id
                )
            ):
                raise ValidationError.single(
                    t(
                        "{c} {n} is already in the cycle",
                        "{c} {n} 已在该考核周期中",
                        c=person.code,
                        n=person.name,
                    ),
                    field="staff",
                )
            period = parse_period(cycle.period)
            partial = person.hire_date > period.start or (
                person.leave_date is not None and person.leave_date < period.end
            )
            appraisal = Appraisal(
                cycle_id=cycle.id,
                staff_id=person.id,
                unit_id=person.unit_id,
                partial_period=partial,
                added_by_hand=True,
            )
            s.add(appraisal)
            s.flush()
            audit.record(
                s,
                action="create",
                entity="appraisal",
                entity_id=appraisal.id,
                staff_id=person.id,
                cycle_id=cycle.id,
                new=person.code,
                reason=reason,
            )
            return next(p for p in load_participants(s, cycle.id) if p.staff_id == person.id)

    def remove_participant(self, ref: str | int, staff: str, reason: str = "") -> None:
        with self._db.transaction() as s:
            cycle = find_cycle(s, ref)
            refuse_unless(
                participants_editable(cycle.state), cycle.state, t("participants", "参与人员")
            )
            person = find_staff(s, staff)
            appraisal = s.scalar(
                select(Appraisal).where(
                    Appraisal.cycle_id == cycle.id, Appraisal.staff_id == person.id
                )
            )
            if appraisal is None:
                raise NotFoundError(
                    t(
                        "{c} {n} is not in the cycle",
                        "{c} {n} 不在该考核周期中",
                        c=person.code,
                        n=person.name,
                    )
                )
            audit.record(
                s,
                action="delete",
                entity="appraisal",
                entity_id=appraisal.id,
                staff_id=person.id,
                cycle_id=cycle.id,
                old=person.code,
                reason=reason,
            )
            s.delete(appraisal)

    # -- workflow ------------------------------------------------------------------------

    def advance(
        self,
        ref: str | int,
        to: CycleState | str,
        *,
        reason: str = "",
        progress: Progress | None = None,
    ) -> CycleSummary:
        """Move a cycle through the workflow (appraisal-rules §6). Opening snapshots the
        scheme and the targets; confirming freezes the scores (refused while an item nobody
        rated remains); moving back needs a reason and un-freezes a confirmed cycle."""
        target = CycleState(to) if not isinstance(to, CycleState) else to
        with self._db.reading() as s:
            cycle = find_cycle(s, ref)
            cycle_id, current = cycle.id, CycleState(cycle.state)
        check_move(current, target, reason)
        results: CycleResults | None = None
        if target is CycleState.CONFIRMED and current is CycleState.CALIBRATION:
            results = score_live(self._db, cycle_id, progress=progress)
            _check_confirmable(results)
        with self._db.transaction() as s:
            cycle = find_cycle(s, cycle_id)
            if cycle.state != current.value:
                raise StaleEditError(t("the cycle", "考核周期"))
            if target is CycleState.OPEN and current is CycleState.DRAFT:
                _take_snapshot(s, cycle)
            move_in_session(s, cycle, target, reason=reason, results=results)
            s.flush()
            return _summary(s, cycle)

    # -- calibration ---------------------------------------------------------------------

    def set_override(
        self,
        ref: str | int,
        staff: str,
        grade: str | None,
        reason: str = "",
        *,
        expected_version: int | None = None,
    ) -> None:
        """A calibration override of a person's grade with a written reason (§7); `grade`
        None removes it. Only in calibration."""
        with self._db.transaction() as s:
            cycle = find_cycle(s, ref)
            refuse_unless(overrides_editable(cycle.state), cycle.state, t("grades", "等级"))
            person = find_staff(s, staff)
            appraisal = s.scalar(
                select(Appraisal).where(
                    Appraisal.cycle_id == cycle.id, Appraisal.staff_id == person.id
                )
            )
            if appraisal is None:
                raise NotFoundError(
                    t("{c} is not in the cycle", "{c} 不在该考核周期中", c=person.code)
                )
            if expected_version is not None and appraisal.version != expected_version:
                raise StaleEditError(t("the grade", "等级"))
            old = appraisal.override_grade
            if grade is None or grade == "":
                if not reason.strip() and old is not None:
                    reason = t("override removed", "撤销调整")
                appraisal.override_grade = None
                appraisal.override_reason = None
            else:
                grades = [str(g) for g, _ in cycle.scheme_snapshot.get("bands", [])] or list(GRADES)
                override = check_override(grade.strip().upper(), reason, grades)
                appraisal.override_grade = override.grade
                appraisal.override_reason = override.reason
            if old != appraisal.override_grade:
                audit.record(
                    s,
                    action="update",
                    entity="appraisal",
                    entity_id=appraisal.id,
                    staff_id=person.id,
                    cycle_id=cycle.id,
                    field="override_grade",
                    old=old,
                    new=appraisal.override_grade,
                    reason=appraisal.override_reason or reason,
                )

    # -- results -------------------------------------------------------------------------

    def results(self, ref: str | int, *, progress: Progress | None = None) -> CycleResults:
        """The cycle's scorecards: frozen when confirmed or closed, else computed now."""
        with self._db.reading() as s:
            cycle_id = find_cycle(s, ref).id
        return score_cycle(self._db, cycle_id, progress=progress)

    def prepare_live(
        self, *, progress: Progress | None = None, figures_only: threading.Event | None = None
    ) -> list[int]:
        """Score the open and calibrating cycles ahead of time (see
        `cycle_scoring.prepare_live_cycles`); the ids of those prepared."""
        return prepare_live_cycles(self._db, progress=progress, figures_only=figures_only)

    def data_changed(self, ref: str | int, *, progress: Progress | None = None) -> bool:
        """Whether the data behind a confirmed or closed cycle changed since it was
        confirmed (its frozen results stay as they were until it is reopened)."""
        with self._db.reading() as s:
            cycle = find_cycle(s, ref)
            cycle_id, state, stored = cycle.id, cycle.state, cycle.inputs_fingerprint
        if not results_frozen(state) or stored is None:
            return False
        return score_live(self._db, cycle_id, progress=progress).fingerprint() != stored


def _take_snapshot(s: Session, cycle: Cycle) -> None:
    """Opening: the scheme as it is now, and the targets of its metrics for the
    period, copied into the cycle (later edits never change it)."""
    if cycle.scheme_id is not None:
        scheme = s.get(Scheme, cycle.scheme_id)
        if scheme is not None:
            doc = scheme_to_document(scheme)
            _check_usable(doc)
            cycle.scheme_snapshot = doc
    doc = cycle.scheme_snapshot
    codes = sorted({str(i["metric"]) for i in doc.get("items", []) if i.get("kind") == "metric"})
    s.execute(delete(CycleTarget).where(CycleTarget.cycle_id == cycle.id))
    if not codes:
        return
    metric_ids = select(Metric.id).where(Metric.code.in_(codes))
    columns = [
        "cycle_id",
        "metric_id",
        "staff_id",
        "unit_id",
        "period",
        "product_line_id",
        "region_id",
        "segment_id",
        "value",
        "scope_key",
    ]
    source = select(
        literal(cycle.id),
        Target.metric_id,
        Target.staff_id,
        Target.unit_id,
        Target.period,
        Target.product_line_id,
        Target.region_id,
        Target.segment_id,
        Target.value,
        Target.scope_key,
    ).where(
        Target.metric_id.in_(metric_ids),
        Target.period.in_(_target_periods(parse_period(cycle.period))),
    )
    s.execute(insert(CycleTarget).from_select(columns, source))


def move_in_session(
    s: Session,
    cycle: Cycle,
    to: CycleState,
    *,
    reason: str = "",
    results: CycleResults | None = None,
    staff_id: int | None = None,
) -> None:
    """Move `cycle` to `to` inside the caller's transaction (the move already checked):
    stamps the dates, freezes the results when confirming (`results`: the scorecards to
    keep), un-freezes them when a confirmed or closed cycle goes back to calibration or
    open, and audits the move. An upheld appeal reopens a cycle through here too."""
    current = CycleState(cycle.state)
    now = datetime.now()
    if to is CycleState.OPEN and current is CycleState.DRAFT:
        cycle.opened_at = now
    elif to is CycleState.CONFIRMED and results is not None:
        _freeze(s, cycle, results)
        cycle.confirmed_at = now
        cycle.inputs_fingerprint = results.fingerprint()
    elif to is CycleState.CLOSED:
        cycle.closed_at = now
    if current in (CycleState.CONFIRMED, CycleState.CLOSED) and to in (
        CycleState.CALIBRATION,
        CycleState.OPEN,
    ):
        _unfreeze(s, cycle)
    if current is CycleState.CLOSED:
        cycle.closed_at = None
    cycle.state = to.value
    audit.record(
        s,
        action="update",
        entity="cycle",
        entity_id=cycle.id,
        cycle_id=cycle.id,
        staff_id=staff_id,
        field="state",
        old=current.value,
        new=to.value,
        reason=reason,
    )


def _check_confirmable(results: CycleResults) -> None:
    """Rule (§5.2): an appraisal with an item nobody rated cannot be confirmed."""
    if not results.unconfirmable:
        return
    problems = []
    for code in results.unconfirmable[:MAX_LISTED]:
        row = results.row_for(code)
        if row is None:
            continue
        unrated = [
            flag.split(":", 1)[1] for flag in row.card["flags"] if flag.startswith("unrated:")
        ]
        problems.append(
            Problem(
                t(
                    "{c} {n}: nobody rated {i}",
                    "{c} {n}：{i} 尚无人评分",
                    c=code,
                    n=row.participant.name,
                    i="、".join(unrated),
                ),
                field="ratings",
            )
        )
    more = len(results.unconfirmable) - len(problems)
    if more > 0:
        problems.append(Problem(t("… and {n} more", "……另有 {n} 人", n=more), field="ratings"))
    raise ValidationError(
        t(
            "the cycle cannot be confirmed: {n} appraisal(s) have items nobody rated",
            "考核周期不能确认：{n} 份考核有尚无人评分的项目",
            n=len(results.unconfirmable),
        ),
        problems=problems,
    )


def _freeze(s: Session, cycle: Cycle, results: CycleResults) -> None:
    """Confirming: every participant's scorecard, grades, coefficient, pay and rank kept,
    with the pay base and employment dates the pay was worked out with."""
    table = cast(Table, Appraisal.__table__)
    rows: list[dict[str, Any]] = []
    for row in results.rows:
        card = row.card
        rows.append(
            {
                "b_id": row.participant.appraisal_id,
                "b_card": card,
                "b_total": Decimal(card["total"]),
                "b_band": card["band_grade"],
                "b_distributed": card["distributed_grade"],
                "b_final": card["final_grade"],
                "b_coefficient": Decimal(card["coefficient"]),
                "b_pay": None
                if card["performance_pay"] is None
                else Decimal(card["performance_pay"]),
                "b_rank": card["rank"],
                "b_pay_base": row.participant.pay_base,
                "b_hire": row.participant.hire_date,
                "b_leave": row.participant.leave_date,
            }
        )
    if not rows:
        return
    statement = (
        update(table)
        .where(table.c.id == bindparam("b_id"))
        .values(
            scorecard=bindparam("b_card"),
            total=bindparam("b_total"),
            band_grade=bindparam("b_band"),
            distributed_grade=bindparam("b_distributed"),
            final_grade=bindparam("b_final"),
            coefficient=bindparam("b_coefficient"),
            performance_pay=bindparam("b_pay"),
            rank=bindparam("b_rank"),
            frozen_pay_base=bindparam("b_pay_base"),
            frozen_hire_date=bindparam("b_hire"),
            frozen_leave_date=bindparam("b_leave"),
            version=table.c.version + 1,
        )
    )
    for start in range(0, len(rows), 500):
        s.connection().execute(statement, rows[start : start + 500])


def _unfreeze(s: Session, cycle: Cycle) -> None:
    """Reopening: results are computed again from the data; the audit log keeps the move."""
    table = cast(Table, Appraisal.__table__)
    s.connection().execute(
        update(table)
        .where(table.c.cycle_id == cycle.id)
        .values(
            # SQL NULL, not the JSON value null (the JSON type writes None as 'null').
            scorecard=null(),
            total=None,
            band_grade=None,
            distributed_grade=None,
            final_grade=None,
            coefficient=None,
            performance_pay=None,
            rank=None,
            frozen_pay_base=None,
            frozen_hire_date=None,
            frozen_leave_date=None,
            version=table.c.version + 1,
        )
    )
    cycle.confirmed_at = None
    cycle.inputs_fingerprint = None


__all__: Sequence[str] = (
    "CycleSummary",
    "CyclesService",
    "default_cycle_name",
    "find_cycle",
)
