"""The per-person inputs of an appraisal cycle: qualitative ratings (appraisal-rules §5.2),
key tasks (§5, key_tasks) and adjustments (§5.3).

Each change is one transaction, checked against the rules and against the cycle's state
(`domain.workflow.inputs_editable`: draft, open or calibration), version-guarded where it
edits a row the user saw, and audited (entity `rating` / `key_task` / `adjustment`, the
ratee as staff, field, old → new, reason).

Cycles are named by id or by name (`find_cycle`, the one of `services.cycles`, exported
here too); people by id, staff code or unique name (`find_staff`); a person in a cycle is
an Appraisal row (`find_participant`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from salesdesk.db.models import Adjustment, Appraisal, Cycle, KeyTask, Rating, Staff
from salesdesk.domain.default_schemes import RATER_ROLES
from salesdesk.domain.errors import (
    NotFoundError,
    Problem,
    StaleEditError,
    UserError,
    ValidationError,
)
from salesdesk.domain.scoring import (
    AdjustmentKind,
    ItemKind,
    check_adjustment,
    check_completion,
    check_rating,
)
from salesdesk.domain.text import t
from salesdesk.domain.workflow import inputs_editable, refuse_unless
from salesdesk.services import audit
from salesdesk.services.cycles import find_cycle
from salesdesk.services.database import Database
from salesdesk.services.staff import find_staff

POINT_PLACES = Decimal("0.01")


class _Unset(Enum):
    """Marks an edit argument left out (None is a value: a task not yet rated)."""

    UNSET = 0


UNSET = _Unset.UNSET

# --------------------------------------------------------------------------- vocabulary

_RATER_ROLE_WORDS: dict[str, str] = {
    "self": "self",
    "本人": "self",
    "自评": "self",
    "supervisor": "supervisor",
    "上级": "supervisor",
    "直接上级": "supervisor",
    "peer": "peer",
    "同事": "peer",
    "同级": "peer",
    "skiplevel": "skip_level",
    "隔级": "skip_level",
    "隔级上级": "skip_level",
}
RATER_ROLE_CHOICES = "本人/self, 上级/supervisor, 同事/peer, 隔级/skip-level"

_ADJUSTMENT_WORDS: dict[str, AdjustmentKind] = {
    "bonus": AdjustmentKind.BONUS,
    "加分": AdjustmentKind.BONUS,
    "加分项": AdjustmentKind.BONUS,
    "deduction": AdjustmentKind.DEDUCTION,
    "扣分": AdjustmentKind.DEDUCTION,
    "扣分项": AdjustmentKind.DEDUCTION,
    "减分": AdjustmentKind.DEDUCTION,
    "veto": AdjustmentKind.VETO,
    "否决": AdjustmentKind.VETO,
    "一票否决": AdjustmentKind.VETO,
}
ADJUSTMENT_KIND_CHOICES = "加分/bonus, 扣分/deduction, 否决/veto"

_WORD_NOISE = re.compile(r"[\s_\-]")


def _word(text: str) -> str:
    return _WORD_NOISE.sub("", text).casefold()


def parse_rater_role(text: str) -> str:
    """A rater role (self, supervisor, peer, skip_level) from its code or its Chinese name
    (本人, 上级, 同事, 隔级); ValidationError (field rater_role) for anything else."""
    role = _RATER_ROLE_WORDS.get(_word(str(text)))
    if role is None:
        raise ValidationError.single(
            t("unknown rater role {r}", "未知的评分人角色 {r}", r=text),
            field="rater_role",
            allowed=RATER_ROLE_CHOICES,
        )
    return role


def parse_adjustment_kind(text: str | AdjustmentKind) -> AdjustmentKind:
    """An adjustment kind from its code or its Chinese name (加分, 扣分, 否决);
    ValidationError (field kind) for anything else."""
    if isinstance(text, AdjustmentKind):
        return text
    kind = _ADJUSTMENT_WORDS.get(_word(str(text)))
    if kind is None:
        raise ValidationError.single(
            t("unknown adjustment kind {k}", "未知的调整类型 {k}", k=text),
            field="kind",
            allowed=ADJUSTMENT_KIND_CHOICES,
        )
    return kind


def role_label(role: str) -> str:
    """A rater role as the user reads it."""
    labels = {
        "self": ("self", "本人"),
        "supervisor": ("supervisor", "上级"),
        "peer": ("peer", "同事"),
        "skip_level": ("skip-level", "隔级"),
    }
    en, zh = labels.get(role, (role, role))
    return t(en, zh)


# --------------------------------------------------------------------------- look-ups


def _not_found(message: str, field: str, allowed: str | None = None) -> NotFoundError:
    return NotFoundError(message, problems=[Problem(message, field=field, allowed=allowed)])


def not_participant_message(staff_code: str, staff_name: str, cycle_name: str) -> str:
    return t(
        "{c} {n} is not a participant of the cycle {y}",
        "{c} {n} 不是考核周期“{y}”的考核对象",
        c=staff_code,
        n=staff_name,
        y=cycle_name,
    )


def find_participant(session: Session, cycle: Cycle, staff: Staff) -> Appraisal:
    """The appraisal of `staff` in `cycle`; ValidationError (field staff) when the person
    does not take part in the cycle."""
    appraisal = session.scalar(
        select(Appraisal).where(Appraisal.cycle_id == cycle.id, Appraisal.staff_id == staff.id)
    )
    if appraisal is None:
        raise ValidationError.single(
            not_participant_message(staff.code, staff.name, cycle.name),
            field="staff",
            allowed=t("a participant of the cycle", "该考核周期的考核对象"),
        )
    return appraisal


def scheme_items(cycle: Cycle) -> list[dict[str, Any]]:
    """The items of the scheme the cycle took when it opened."""
    items = (cycle.scheme_snapshot or {}).get("items", [])
    return [item for item in items if isinstance(item, dict)]


def rating_items(cycle: Cycle) -> dict[str, dict[str, Any]]:
    """The cycle's rating items by name, in the scheme's order."""
    return {
        str(item.get("name", "")): item
        for item in scheme_items(cycle)
        if item.get("kind") == ItemKind.RATING.value
    }


def match_rating_item(cycle: Cycle, name: str, *, field: str = "item") -> dict[str, Any]:
    """The rating item of the cycle's scheme called `name` (spaces and case aside);
    NotFoundError for an unknown item, ValidationError for an item that is not rated."""
    wanted = " ".join(str(name).split())
    items = {str(item.get("name", "")): item for item in scheme_items(cycle)}
    item = items.get(wanted)
    if item is None:
        folded = wanted.casefold()
        item = next((i for n, i in items.items() if " ".join(n.split()).casefold() == folded), None)
    rated = ", ".join(rating_items(cycle))
    if item is None:
        raise _not_found(
            t(
                "the cycle's scheme has no item {i}",
                "考核周期的方案中没有考核项“{i}”",
                i=name,
            ),
            field,
            rated or None,
        )
    if item.get("kind") != ItemKind.RATING.value:
        raise ValidationError.single(
            t(
                "{i} is not a rated item (it is scored from {k})",
                "“{i}”不是评分项（它按{k}计分）",
                i=item.get("name"),
                k=_kind_label(str(item.get("kind"))),
            ),
            field=field,
            allowed=rated or None,
        )
    return item


def _kind_label(kind: str) -> str:
    labels = {
        "metric": ("a metric", "指标"),
        "key_tasks": ("key tasks", "重点工作"),
        "period_results": ("period results", "期间考核结果"),
    }
    en, zh = labels.get(kind, (kind, kind))
    return t(en, zh)


def check_rater(
    item: Mapping[str, Any], ratee_id: int, rater_id: int, role: str, *, field: str = "rater_role"
) -> None:
    """A self rating is by the person themselves, and a person rates themselves only as
    self; an item with `raters` is rated by those roles only."""
    if role == "self" and rater_id != ratee_id:
        raise ValidationError.single(
            t(
                "a self rating must be by the person appraised",
                "“本人”评分只能由被考核人本人填写",
            ),
            field=field,
            allowed=t("supervisor, peer or skip-level", "上级、同事或隔级"),
        )
    if role != "self" and rater_id == ratee_id:
        raise ValidationError.single(
            t(
                "a person rates themselves only in the role self",
                "被考核人给自己评分时角色只能是“本人”",
            ),
            field=field,
            allowed=t("self", "本人"),
        )
    raters = [str(r) for r in item.get("raters") or []]
    if raters and role not in raters:
        raise ValidationError.single(
            t(
                "{i} is rated by {a} only, not by {r}",
                "“{i}”只由{a}评分，不由{r}评分",
                i=item.get("name"),
                a=t(", ", "、").join(role_label(r) for r in raters),
                r=role_label(role),
            ),
            field=field,
            allowed=", ".join(raters),
        )


# --------------------------------------------------------------------------- value checks


def to_decimal(value: object, field: str) -> Decimal:
    """A number given as a Decimal, an int or text; ValidationError otherwise."""
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int) and not isinstance(value, bool):
        number = Decimal(value)
    elif isinstance(value, str):
        try:
            number = Decimal(value.strip().rstrip("%％"))
        except InvalidOperation:
            number = Decimal("NaN")
    else:
        number = Decimal("NaN")
    if not number.is_finite():
        raise ValidationError.single(t("not a number: {v}", "不是数字：{v}", v=value), field=field)
    return number


def _two_places(number: Decimal, field: str, allowed: str) -> Decimal:
    if number != number.quantize(POINT_PLACES):
        raise ValidationError.single(
            t(
                "{v} has more than 2 decimals",
                "{v} 超过两位小数",
                v=format(number, "f"),
            ),
            field=field,
            allowed=allowed,
        )
    return number.quantize(POINT_PLACES)


def check_task_description(text: str) -> str:
    description = " ".join(str(text).split())
    if not description:
        raise ValidationError.single(
            t("a key task needs a description", "重点工作须填写内容"), field="description"
        )
    return description


def check_task_weight(value: object) -> Decimal:
    """A key task's weight: a number above 0 with at most 2 decimals."""
    allowed = t("a number above 0, at most 2 decimals", "大于 0 的数，最多两位小数")
    number = to_decimal(value, "weight")
    if number <= 0:
        raise ValidationError.single(
            t(
                "a key task's weight must be above 0, not {v}",
                "重点工作权重须大于 0，而不是 {v}",
                v=format(number, "f"),
            ),
            field="weight",
            allowed=allowed,
        )
    return _two_places(number, "weight", allowed)


def check_task_completion(value: object) -> Decimal | None:
    """A key task's completion: 0–100 (at most 2 decimals), or None while not rated."""
    if value is None:
        return None
    number = check_completion(to_decimal(value, "completion"))
    return _two_places(number, "completion", "0–100")


def check_adjustment_values(
    kind: AdjustmentKind | str, points: object, reason: str
) -> tuple[AdjustmentKind, Decimal, str]:
    """Rule (appraisal-rules §5.3) as `domain.scoring.check_adjustment` says, and a veto
    carries no points: (kind, points, reason), points 0 for a veto."""
    parsed = parse_adjustment_kind(kind)
    number = None if points is None else to_decimal(points, "points")
    if parsed is AdjustmentKind.VETO and number is not None and number != 0:
        raise ValidationError.single(
            t(
                "a veto carries no points (it sets the total to 0)",
                "一票否决不带分值（总分直接为 0）",
            ),
            field="points",
            allowed=t("empty", "留空"),
        )
    checked = check_adjustment(parsed, number, reason)
    return checked.kind, checked.points.quantize(POINT_PLACES), checked.reason


# --------------------------------------------------------------------------- rows


@dataclass(frozen=True)
class RatingItemRow:
    """A rated item of a cycle's scheme: who rates it and its 5-level anchors."""

    name: str
    category: str
    weight: Decimal
    raters: tuple[str, ...]
    levels: tuple[tuple[int, str], ...]


@dataclass(frozen=True)
class RatingRow:
    """One rater's rating of one item of one person."""

    id: int
    cycle_id: int
    staff_id: int
    item: str
    rater_id: int
    rater_code: str
    rater_name: str
    rater_role: str
    rating: int
    comment: str
    version: int


@dataclass(frozen=True)
class RatingChange:
    """One change of a batch (`AppraisalInputsService.apply_ratings`): `rater` rates
    `item` of `staff` in `rater_role` — `rating` with `comment`, or None to clear it —
    where the user saw the rating at `version` (None: they saw none)."""

    staff: str | int
    item: str
    rater: str | int
    rater_role: str
    rating: object | None
    comment: str = ""
    version: int | None = None


class RatingsRefusedError(ValidationError):
    """A batch of rating changes was refused and nothing was written: one problem per
    refused change (person, item, rater and why); `refused` pairs each change's position
    in the batch with its own error."""

    def __init__(self, refused: list[tuple[int, UserError]], problems: list[Problem]) -> None:
        message = (
            problems[0].message
            if len(problems) == 1
            else t(
                "{n} rating change(s) refused; nothing was written",
                "{n} 项评分修改被拒绝，未写入任何数据",
                n=len(problems),
            )
        )
        super().__init__(message, problems=problems)
        self.refused = refused

    @property
    def stale(self) -> bool:
        """Some change was refused because the rating changed elsewhere."""
        return any(isinstance(exc, StaleEditError) for _position, exc in self.refused)


@dataclass
class _RatingTarget:
    """A checked rating cell: the ratee's appraisal, the item, the rater in a role, and
    the rating there now (None when there is none)."""

    appraisal: Appraisal
    item: str
    rater: Staff
    role: str
    existing: Rating | None


def _staff_label(s: Session, ref: str | int) -> str:
    """A person as a refusal names them: code and name, or the reference as given."""
    try:
        staff = find_staff(s, ref)
    except UserError:
        return str(ref)
    return f"{staff.code} {staff.name}"


def _role_text(text: str) -> str:
    try:
        return role_label(parse_rater_role(text))
    except UserError:
        return str(text)


@dataclass(frozen=True)
class KeyTaskRow:
    """One key task of one person; completion None while not rated."""

    id: int
    cycle_id: int
    staff_id: int
    position: int
    description: str
    weight: Decimal
    completion: Decimal | None
    note: str
    version: int


@dataclass(frozen=True)
class AdjustmentRow:
    """A bonus, a deduction or a veto of one person (with their code and name), with its
    reason."""

    id: int
    cycle_id: int
    staff_id: int
    staff_code: str
    staff_name: str
    kind: AdjustmentKind
    points: Decimal
    reason: str
    created_at: datetime
    version: int


def _task_row(task: KeyTask, appraisal: Appraisal) -> KeyTaskRow:
    return KeyTaskRow(
        task.id,
        appraisal.cycle_id,
        appraisal.staff_id,
        task.position,
        task.description,
        task.weight,
        task.completion,
        task.note,
        task.version,
    )


def _adjustment_row(adjustment: Adjustment, appraisal: Appraisal, staff: Staff) -> AdjustmentRow:
    return AdjustmentRow(
        adjustment.id,
        appraisal.cycle_id,
        appraisal.staff_id,
        staff.code,
        staff.name,
        AdjustmentKind(adjustment.kind),
        adjustment.points,
        adjustment.reason,
        adjustment.created_at,
        adjustment.version,
    )


# --------------------------------------------------------------------------- service

_WHAT = {
    "rating": ("ratings", "评分"),
    "key_task": ("key tasks", "重点工作"),
    "adjustment": ("adjustments", "加减分"),
}


class AppraisalInputsService:
    """Ratings, key tasks and adjustments of the participants of a cycle."""

    def __init__(self, database: Database) -> None:
        self.db = database

    # ---- shared steps

    @staticmethod
    def _editable(cycle: Cycle, entity: str) -> None:
        refuse_unless(inputs_editable(cycle.state), cycle.state, t(*_WHAT[entity]))

    def _participant(
        self, s: Session, cycle_ref: str | int, staff_ref: str | int, entity: str | None
    ) -> tuple[Cycle, Appraisal, Staff]:
        """The cycle, the person's appraisal and the person; with `entity`, refused unless
        the cycle's inputs can change."""
        cycle = find_cycle(s, cycle_ref)
        if entity is not None:
            self._editable(cycle, entity)
        staff = find_staff(s, staff_ref)
        return cycle, find_participant(s, cycle, staff), staff

    def _owned(
        self, s: Session, model: Any, row_id: int, version: int, entity: str
    ) -> tuple[Any, Appraisal, Cycle]:
        """A row of `model` the user saw at `version`, its appraisal and cycle; refused when
        the cycle is read-only or the row changed (or went) since."""
        row = s.get(model, row_id)
        if row is None:
            raise StaleEditError(t(*_WHAT[entity]))
        appraisal = s.get_one(Appraisal, row.appraisal_id)
        cycle = s.get_one(Cycle, appraisal.cycle_id)
        self._editable(cycle, entity)
        if row.version != version:
            raise StaleEditError(t(*_WHAT[entity]))
        return row, appraisal, cycle

    @staticmethod
    def _flush(s: Session, entity: str) -> None:
        try:
            s.flush()
        except StaleDataError as exc:
            raise StaleEditError(t(*_WHAT[entity])) from exc

    @staticmethod
    def _audit(
        s: Session,
        action: str,
        entity: str,
        row_id: int,
        appraisal: Appraisal,
        field: str,
        old: object,
        new: object,
        reason: str,
    ) -> None:
        audit.record(
            s,
            action=action,
            entity=entity,
            entity_id=row_id,
            staff_id=appraisal.staff_id,
            cycle_id=appraisal.cycle_id,
            field=field,
            old=old,
            new=new,
            reason=reason,
        )

    # ---- ratings

    def rating_items(self, cycle_ref: str | int) -> list[RatingItemRow]:
        """The cycle's rated items, in the scheme's order."""
        with self.db.reading() as s:
            cycle = find_cycle(s, cycle_ref)
            rows: list[RatingItemRow] = []
            for name, item in rating_items(cycle).items():
                levels = item.get("levels") or {}
                rows.append(
                    RatingItemRow(
                        name,
                        str(item.get("category", "")),
                        Decimal(str(item.get("weight", 0))),
                        tuple(str(r) for r in item.get("raters") or []),
                        tuple(
                            sorted(
                                ((int(k), str(v)) for k, v in levels.items()),
                                reverse=True,
                            )
                        ),
                    )
                )
            return rows

    def list_ratings(self, cycle_ref: str | int, staff_ref: str | int) -> list[RatingRow]:
        """A person's ratings in a cycle: by item (the scheme's order), role, rater code."""
        with self.db.reading() as s:
            cycle, appraisal, _ = self._participant(s, cycle_ref, staff_ref, None)
            order = {name: i for i, name in enumerate(rating_items(cycle))}
            roles = {role: i for i, role in enumerate(RATER_ROLES)}
            rows = [
                self._rating_row(rating, appraisal, code, name)
                for rating, code, name in s.execute(
                    select(Rating, Staff.code, Staff.name)
                    .join(Staff, Staff.id == Rating.rater_id)
                    .where(Rating.appraisal_id == appraisal.id)
                ).all()
            ]
        rows.sort(
            key=lambda r: (
                order.get(r.item, len(order)),
                r.item,
                roles.get(r.rater_role, 9),
                r.rater_code,
            )
        )
        return rows

    @staticmethod
    def _rating_row(rating: Rating, appraisal: Appraisal, code: str, name: str) -> RatingRow:
        return RatingRow(
            rating.id,
            appraisal.cycle_id,
            appraisal.staff_id,
            rating.item_name,
            rating.rater_id,
            code,
            name,
            rating.rater_role,
            rating.rating,
            rating.comment,
            rating.version,
        )

    def set_rating(
        self,
        cycle_ref: str | int,
        staff_ref: str | int,
        item: str,
        rater_ref: str | int,
        rater_role: str,
        rating: object,
        comment: str = "",
        *,
        version: int | None,
        reason: str = "",
    ) -> RatingRow:
        """Set one rater's rating of one item of one person (appraisal-rules §5.2).

        `version` is the version of the rating the user saw, None when they saw none; a
        rating added, changed or removed elsewhere since is refused (StaleEditError).
        """
        with self.db.transaction() as s:
            cycle = find_cycle(s, cycle_ref)
            self._editable(cycle, "rating")
            change = RatingChange(staff_ref, item, rater_ref, rater_role, rating, comment, version)
            target = self._rating_target(s, cycle, change)
            return self._put_rating(s, target, rating, comment, version, reason)

    def clear_rating(self, rating_id: int, version: int, *, reason: str = "") -> None:
        """Remove a rating the user saw at `version`."""
        with self.db.transaction() as s:
            rating, appraisal, _ = self._owned(s, Rating, rating_id, version, "rating")
            self._delete_rating(s, rating, appraisal, reason)

    def apply_ratings(
        self, cycle_ref: str | int, changes: Sequence[RatingChange], *, reason: str = ""
    ) -> list[RatingRow | None]:
        """Set or clear (rating None) several ratings of a cycle in one transaction, each
        checked, audited and version-guarded as `set_rating` / `clear_rating` do; a clear
        of a rating that is not there (and was not seen) does nothing.

        All or nothing: when any change is refused, nothing is written and a
        RatingsRefusedError (a ValidationError) names every refused change — person, item,
        rater and why. A cycle whose inputs cannot change refuses the whole batch with the
        error `set_rating` gives. Returns, in the order of `changes`, the rating as written
        or None where it was cleared.
        """
        with self.db.transaction() as s:
            cycle = find_cycle(s, cycle_ref)
            self._editable(cycle, "rating")
            written: list[RatingRow | None] = []
            refused: list[tuple[int, RatingChange, UserError]] = []
            for position, change in enumerate(changes):
                try:
                    target = self._rating_target(s, cycle, change)
                    if change.rating is None:
                        self._remove_rating(s, target, change.version, reason)
                        written.append(None)
                    else:
                        written.append(
                            self._put_rating(
                                s, target, change.rating, change.comment, change.version, reason
                            )
                        )
                except UserError as exc:
                    refused.append((position, change, exc))
                    if not s.is_active:
                        # A failed flush ends the session's transaction: no more checks.
                        break
            if refused:
                raise RatingsRefusedError(
                    [(position, exc) for position, _change, exc in refused],
                    [self._refusal_problem(s, change, exc) for _p, change, exc in refused],
                )
            return written

    # ---- rating steps, shared by set_rating, clear_rating and apply_ratings

    def _rating_target(self, s: Session, cycle: Cycle, change: RatingChange) -> _RatingTarget:
        """Who rates what of whom, checked (appraisal-rules §5.2), with the rating there
        now (None when there is none)."""
        ratee = find_staff(s, change.staff)
        appraisal = find_participant(s, cycle, ratee)
        item_doc = match_rating_item(cycle, change.item)
        item_name = str(item_doc["name"])
        rater = find_staff(s, change.rater, field="rater")
        role = parse_rater_role(change.rater_role)
        check_rater(item_doc, ratee.id, rater.id, role)
        existing = s.scalar(
            select(Rating).where(
                Rating.appraisal_id == appraisal.id,
                Rating.item_name == item_name,
                Rating.rater_id == rater.id,
                Rating.rater_role == role,
            )
        )
        return _RatingTarget(appraisal, item_name, rater, role, existing)

    def _put_rating(
        self,
        s: Session,
        target: _RatingTarget,
        rating: object,
        comment: str,
        version: int | None,
        reason: str,
    ) -> RatingRow:
        """Create or replace the target's rating the user saw at `version`, audited."""
        value = check_rating(rating, comment)
        text = (comment or "").strip()
        appraisal, existing = target.appraisal, target.existing
        if (existing.version if existing is not None else None) != version:
            raise StaleEditError(t("rating", "评分"))
        if existing is None:
            existing = Rating(
                appraisal_id=appraisal.id,
                item_name=target.item,
                rater_id=target.rater.id,
                rater_role=target.role,
                rating=value,
                comment=text,
            )
            s.add(existing)
            self._flush(s, "rating")
            self._audit(
                s, "create", "rating", existing.id, appraisal, "rating", None, value, reason
            )
            if text:
                self._audit(
                    s, "create", "rating", existing.id, appraisal, "comment", None, text, reason
                )
        else:
            for field, old, new in (
                ("rating", existing.rating, value),
                ("comment", existing.comment, text),
            ):
                if old != new:
                    self._audit(
                        s, "update", "rating", existing.id, appraisal, field, old, new, reason
                    )
            if (existing.rating, existing.comment) != (value, text):
                existing.rating = value
                existing.comment = text
                existing.rated_at = datetime.now()
            self._flush(s, "rating")
        return self._rating_row(existing, appraisal, target.rater.code, target.rater.name)

    def _remove_rating(
        self, s: Session, target: _RatingTarget, version: int | None, reason: str
    ) -> None:
        """Remove the target's rating the user saw at `version` (None: they saw none, and
        then there must be none)."""
        existing = target.existing
        if (existing.version if existing is not None else None) != version:
            raise StaleEditError(t("rating", "评分"))
        if existing is not None:
            self._delete_rating(s, existing, target.appraisal, reason)

    def _delete_rating(self, s: Session, rating: Rating, appraisal: Appraisal, reason: str) -> None:
        self._audit(
            s, "delete", "rating", rating.id, appraisal, "rating", rating.rating, None, reason
        )
        if rating.comment:
            self._audit(
                s, "delete", "rating", rating.id, appraisal, "comment", rating.comment, None, reason
            )
        s.delete(rating)
        self._flush(s, "rating")

    @staticmethod
    def _refusal_problem(s: Session, change: RatingChange, exc: UserError) -> Problem:
        """A refused change of a batch as one problem: which person, item and rater, and
        why (with what is allowed, where the refusal says)."""
        detail = exc.problems[0] if exc.problems else None
        why = detail.message if detail is not None else exc.message
        if s.is_active:
            staff = _staff_label(s, change.staff)
            rater = _staff_label(s, change.rater)
        else:
            staff, rater = str(change.staff), str(change.rater)
        label = t(
            "{s} {i} · {r} ({o})",
            "{s} {i} · {r}（{o}）",
            s=staff,
            i=" ".join(str(change.item).split()),
            r=rater,
            o=_role_text(change.rater_role),
        )
        return Problem(
            t("{w}: {m}", "{w}：{m}", w=label, m=why),
            allowed=detail.allowed if detail is not None else None,
        )

    # ---- key tasks

    def list_tasks(self, cycle_ref: str | int, staff_ref: str | int) -> list[KeyTaskRow]:
        """A person's key tasks in a cycle, in their order."""
        with self.db.reading() as s:
            _, appraisal, _ = self._participant(s, cycle_ref, staff_ref, None)
            return [_task_row(task, appraisal) for task in self._tasks(s, appraisal)]

    @staticmethod
    def _tasks(s: Session, appraisal: Appraisal) -> list[KeyTask]:
        return list(
            s.scalars(
                select(KeyTask)
                .where(KeyTask.appraisal_id == appraisal.id)
                .order_by(KeyTask.position, KeyTask.id)
            )
        )

    @staticmethod
    def _refuse_duplicate_task(
        s: Session, appraisal: Appraisal, description: str, task_id: int | None
    ) -> None:
        query = select(KeyTask.id).where(
            KeyTask.appraisal_id == appraisal.id, KeyTask.description == description
        )
        if task_id is not None:
            query = query.where(KeyTask.id != task_id)
        if s.scalar(query.limit(1)) is not None:
            raise ValidationError.single(
                t(
                    "this person already has the key task {d}",
                    "此人已有重点工作“{d}”",
                    d=description,
                ),
                field="description",
                allowed=t("a description not used yet", "尚未使用的工作内容"),
            )

    def add_task(
        self,
        cycle_ref: str | int,
        staff_ref: str | int,
        description: str,
        weight: object,
        completion: object = None,
        note: str = "",
        *,
        reason: str = "",
    ) -> KeyTaskRow:
        """Add a key task at the end of the person's list."""
        with self.db.transaction() as s:
            _, appraisal, _ = self._participant(s, cycle_ref, staff_ref, "key_task")
            text = check_task_description(description)
            checked_weight = check_task_weight(weight)
            checked_completion = check_task_completion(completion)
            self._refuse_duplicate_task(s, appraisal, text, None)
            last = s.scalar(
                select(func.max(KeyTask.position)).where(KeyTask.appraisal_id == appraisal.id)
            )
            task = KeyTask(
                appraisal_id=appraisal.id,
                position=0 if last is None else int(last) + 1,
                description=text,
                weight=checked_weight,
                completion=checked_completion,
                note=(note or "").strip(),
            )
            s.add(task)
            self._flush(s, "key_task")
            for field in ("description", "weight", "completion", "note"):
                value = getattr(task, field)
                if value not in (None, ""):
                    self._audit(
                        s, "create", "key_task", task.id, appraisal, field, None, value, reason
                    )
            return _task_row(task, appraisal)

    def edit_task(
        self,
        task_id: int,
        version: int,
        *,
        description: str | _Unset = UNSET,
        weight: object = UNSET,
        completion: object = UNSET,
        note: str | _Unset = UNSET,
        reason: str = "",
    ) -> KeyTaskRow:
        """Change fields of a key task the user saw at `version` (completion None: not
        rated yet); every value checked, the whole edit refused if one is wrong."""
        with self.db.transaction() as s:
            task, appraisal, _ = self._owned(s, KeyTask, task_id, version, "key_task")
            new: dict[str, Any] = {}
            if not isinstance(description, _Unset):
                new["description"] = check_task_description(description)
                self._refuse_duplicate_task(s, appraisal, new["description"], task.id)
            if weight is not UNSET:
                new["weight"] = check_task_weight(weight)
            if completion is not UNSET:
                new["completion"] = check_task_completion(completion)
            if not isinstance(note, _Unset):
                new["note"] = (note or "").strip()
            for field, value in new.items():
                old = getattr(task, field)
                if old != value:
                    self._audit(
                        s, "update", "key_task", task.id, appraisal, field, old, value, reason
                    )
                    setattr(task, field, value)
            self._flush(s, "key_task")
            return _task_row(task, appraisal)

    def delete_task(self, task_id: int, version: int, *, reason: str = "") -> None:
        """Remove a key task the user saw at `version`; the others keep their order."""
        with self.db.transaction() as s:
            task, appraisal, _ = self._owned(s, KeyTask, task_id, version, "key_task")
            for field in ("description", "weight", "completion", "note"):
                value = getattr(task, field)
                if value not in (None, ""):
                    self._audit(
                        s, "delete", "key_task", task.id, appraisal, field, value, None, reason
                    )
            s.delete(task)
            self._flush(s, "key_task")

    def move_task(
        self, task_id: int, version: int, position: int, *, reason: str = ""
    ) -> list[KeyTaskRow]:
        """Move a key task to `position` (0 = first, clamped to the list) and number the
        person's tasks 0, 1, 2, ...; returns the list in its new order."""
        with self.db.transaction() as s:
            task, appraisal, _ = self._owned(s, KeyTask, task_id, version, "key_task")
            tasks = [other for other in self._tasks(s, appraisal) if other.id != task.id]
            tasks.insert(max(0, min(position, len(tasks))), task)
            for index, each in enumerate(tasks):
                if each.position != index:
                    self._audit(
                        s,
                        "update",
                        "key_task",
                        each.id,
                        appraisal,
                        "position",
                        each.position,
                        index,
                        reason,
                    )
                    each.position = index
            self._flush(s, "key_task")
            return [_task_row(each, appraisal) for each in tasks]

    # ---- adjustments

    def list_adjustments(self, cycle_ref: str | int, staff_ref: str | int) -> list[AdjustmentRow]:
        """A person's bonuses, deductions and vetoes in a cycle, oldest first."""
        with self.db.reading() as s:
            _, appraisal, staff = self._participant(s, cycle_ref, staff_ref, None)
            return [
                _adjustment_row(adjustment, appraisal, staff)
                for adjustment in s.scalars(
                    select(Adjustment)
                    .where(Adjustment.appraisal_id == appraisal.id)
                    .order_by(Adjustment.id)
                )
            ]

    def list_cycle_adjustments(self, cycle_ref: str | int) -> list[AdjustmentRow]:
        """Every bonus, deduction and veto of a cycle with the person, oldest first — one
        read for the whole cycle (what `list_adjustments` gives person by person)."""
        with self.db.reading() as s:
            cycle = find_cycle(s, cycle_ref)
            return [
                _adjustment_row(adjustment, appraisal, staff)
                for adjustment, appraisal, staff in s.execute(
                    select(Adjustment, Appraisal, Staff)
                    .join(Appraisal, Appraisal.id == Adjustment.appraisal_id)
                    .join(Staff, Staff.id == Appraisal.staff_id)
                    .where(Appraisal.cycle_id == cycle.id)
                    .order_by(Adjustment.id)
                ).all()
            ]

    def add_adjustment(
        self,
        cycle_ref: str | int,
        staff_ref: str | int,
        kind: AdjustmentKind | str,
        points: object,
        reason: str,
    ) -> AdjustmentRow:
        """Add a bonus or a deduction (points above 0) or a veto (no points), each with its
        reason (appraisal-rules §5.3)."""
        with self.db.transaction() as s:
            _, appraisal, staff = self._participant(s, cycle_ref, staff_ref, "adjustment")
            checked_kind, checked_points, text = check_adjustment_values(kind, points, reason)
            adjustment = Adjustment(
                appraisal_id=appraisal.id,
                kind=checked_kind.value,
                points=checked_points,
                reason=text,
            )
            s.add(adjustment)
            self._flush(s, "adjustment")
            self._audit(
                s,
                "create",
                "adjustment",
                adjustment.id,
                appraisal,
                "kind",
                None,
                checked_kind.value,
                text,
            )
            if checked_kind is not AdjustmentKind.VETO:
                self._audit(
                    s,
                    "create",
                    "adjustment",
                    adjustment.id,
                    appraisal,
                    "points",
                    None,
                    checked_points,
                    text,
                )
            return _adjustment_row(adjustment, appraisal, staff)

    def edit_adjustment(
        self,
        adjustment_id: int,
        version: int,
        *,
        kind: AdjustmentKind | str | _Unset = UNSET,
        points: object = UNSET,
        reason: str | _Unset = UNSET,
    ) -> AdjustmentRow:
        """Change an adjustment the user saw at `version`; the result is checked as a whole
        (a bonus turned into a veto loses its points only if they are given as None)."""
        with self.db.transaction() as s:
            adjustment, appraisal, _ = self._owned(
                s, Adjustment, adjustment_id, version, "adjustment"
            )
            old_kind = AdjustmentKind(adjustment.kind)
            new_kind = old_kind if isinstance(kind, _Unset) else parse_adjustment_kind(kind)
            if points is not UNSET:
                new_points: object = points
            elif new_kind is AdjustmentKind.VETO:
                new_points = None
            else:
                new_points = adjustment.points if old_kind is not AdjustmentKind.VETO else None
            new_reason = adjustment.reason if isinstance(reason, _Unset) else reason
            checked_kind, checked_points, text = check_adjustment_values(
                new_kind, new_points, new_reason
            )
            for field, old, value in (
                ("kind", adjustment.kind, checked_kind.value),
                ("points", adjustment.points, checked_points),
                ("reason", adjustment.reason, text),
            ):
                if old != value:
                    self._audit(
                        s, "update", "adjustment", adjustment.id, appraisal, field, old, value, text
                    )
                    setattr(adjustment, field, value)
            self._flush(s, "adjustment")
            return _adjustment_row(adjustment, appraisal, s.get_one(Staff, appraisal.staff_id))

    def delete_adjustment(self, adjustment_id: int, version: int, *, reason: str = "") -> None:
        """Remove an adjustment the user saw at `version`."""
        with self.db.transaction() as s:
            adjustment, appraisal, _ = self._owned(
                s, Adjustment, adjustment_id, version, "adjustment"
            )
            why = reason or adjustment.reason
            self._audit(
                s,
                "delete",
                "adjustment",
                adjustment.id,
                appraisal,
                "kind",
                adjustment.kind,
                None,
                why,
            )
            if adjustment.kind != AdjustmentKind.VETO.value:
                self._audit(
                    s,
                    "delete",
                    "adjustment",
                    adjustment.id,
                    appraisal,
                    "points",
                    adjustment.points,
                    None,
                    why,
                )
            s.delete(adjustment)
            self._flush(s, "adjustment")


__all__ = [
    "UNSET",
    "AdjustmentRow",
    "AppraisalInputsService",
    "KeyTaskRow",
    "RatingChange",
    "RatingItemRow",
    "RatingRow",
    "RatingsRefusedError",
    "check_adjustment_values",
    "check_rater",
    "check_task_completion",
    "check_task_description",
    "check_task_weight",
    "find_cycle",
    "find_participant",
    "find_staff",
    "match_rating_item",
    "not_participant_message",
    "parse_adjustment_kind",
    "parse_rater_role",
    "rating_items",
    "role_label",
    "scheme_items",
    "to_decimal",
]
