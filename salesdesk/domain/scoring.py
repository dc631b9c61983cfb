"""Scoring (appraisal-rules §5): metric rules, ratings, key tasks, period results,
adjustments and totals, each score with a one-line explanation; the scorecard of
data-exchange §5 (its grade, pay and rank fields are filled in by :mod:`grading`).

Every rule is a pure function on ``Decimal``; item scores are rounded half-up to 2
decimals only where §5.4 says (the printed item score), and the total is the sum of the
printed item scores, so a printed scorecard always adds up. Messages, warnings and
explanations are in the app language (:func:`salesdesk.domain.text.t`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal, getcontext
from enum import StrEnum
from functools import lru_cache
from typing import Any

from salesdesk.domain.aggregation import achievement, value_text
from salesdesk.domain.decimals import ZERO, format_money, round_half_up
from salesdesk.domain.default_schemes import (
    DEFAULT_BONUS_CAP,
    DEFAULT_RATER_WEIGHTS,
    RATER_ROLES,
    RULE_PARAMETERS,
)
from salesdesk.domain.errors import ValidationError
from salesdesk.domain.metrics import BUILTIN_BY_CODE, Direction, MetricDef, MetricUnit
from salesdesk.domain.text import language, t

SCORE_PLACES = 2
ACHIEVEMENT_PLACES = 4
_ONE = Decimal(1)
_FIVE = Decimal(5)
_HUNDRED = Decimal(100)

# --------------------------------------------------------------------------- vocabulary


class ItemKind(StrEnum):
    METRIC = "metric"
    RATING = "rating"
    KEY_TASKS = "key_tasks"
    PERIOD_RESULTS = "period_results"


class AdjustmentKind(StrEnum):
    BONUS = "bonus"
    DEDUCTION = "deduction"
    VETO = "veto"


UNRATED_FLAG_PREFIX = "unrated:"
"""Flag of an item nobody rated (``unrated:<item name>``): the appraisal cannot be confirmed."""

_ROLE_LABELS: dict[str, tuple[str, str]] = {
    "supervisor": ("supervisor", "上级"),
    "peer": ("peer", "同事"),
    "self": ("self", "本人"),
    "skip_level": ("skip-level", "隔级"),
}
_SOURCE_LABELS: dict[str, tuple[str, str]] = {
    "monthly": ("monthly", "月度"),
    "quarterly": ("quarterly", "季度"),
    "annual": ("annual", "年度"),
}


def no_target_warning() -> str:
    """The warning of an item scored 0 for want of a target (§5.1)."""
    return t("no target", "无目标")


def no_data_warning() -> str:
    """The warning of an item scored 0 for want of an actual (§5.1)."""
    return t("no data", "无数据")


# --------------------------------------------------------------------------- number text


@lru_cache(maxsize=4096)
def _plain(value: Decimal) -> str:
    """A decimal as people write it: no exponent, no trailing zeros (20, 0.6, 7.5).
    (Cached: weights, means and parameters repeat across a cycle's thousands of cards;
    equal decimals write the same, whatever their exponent.)"""
    if value == 0:
        return "0"
    return format(value.normalize(), "f")


def _factor(value: Decimal) -> str:
    """A factor in an explanation: half-up to 4 decimals, trailing zeros dropped (0.9684)."""
    return _plain(round_half_up(value, ACHIEVEMENT_PLACES))


def _percent(fraction: Decimal, places: int = 1) -> str:
    """A fraction as a percentage with `places` decimals (0.9684 → 96.8%)."""
    return f"{round_half_up(fraction * _HUNDRED, places)}%"


@lru_cache(maxsize=256)
def _limit_percent(fraction: Decimal) -> str:
    """A rule parameter as a percentage without needless decimals (0.6 → 60%). (Cached:
    a scheme has a handful of parameters; equal decimals write the same.)"""
    return f"{_plain(fraction * _HUNDRED)}%"


def _score_text(score: Decimal) -> str:
    return format(round_half_up(score, SCORE_PLACES), "f")


def format_metric_value(unit: MetricUnit, value: Decimal) -> str:
    """A metric value in an explanation: money with thousands separators and 2 decimals,
    percent (held as a fraction) with 1 decimal, counts whole (2 decimals only when a
    manual count is not whole), points as entered (up to 2 decimals)."""
    if unit is MetricUnit.MONEY:
        return format_money(value)
    if unit is MetricUnit.PERCENT:
        return _percent(value)
    if unit is MetricUnit.COUNT:
        rounded = round_half_up(value, 2)
        if rounded == rounded.to_integral_value():
            return f"{rounded.quantize(_ONE):,}"
        return f"{rounded:,}"
    return _plain(round_half_up(value, 2))


def _metric_name(metric: MetricDef) -> str:
    return metric.name_zh if language() == "zh" else metric.name_en


def _role_label(role: str) -> str:
    en, zh = _ROLE_LABELS.get(role, (role, role))
    return t(en, zh)


# --------------------------------------------------------------------------- rules (§5.1)


@dataclass(frozen=True)
class LinearRule:
    """`linear`: 0 below the floor, else W × min(a, cap)."""

    floor: Decimal = Decimal("0.6")
    cap: Decimal = Decimal("1.2")


@dataclass(frozen=True)
class InterpolatedRule:
    """`interpolated`: 0 up to `low`, rising to W at a = 1, then to W × (1 + bonus) at `high`."""

    low: Decimal = Decimal("0.6")
    high: Decimal = Decimal("1.2")
    bonus: Decimal = Decimal("0.2")


@dataclass(frozen=True)
class BandedRule:
    """`banded`: W × the fraction of the first band (min a, fraction) with a ≥ min."""

    bands: tuple[tuple[Decimal, Decimal], ...] = (
        (Decimal("1.0"), Decimal("1.0")),
        (Decimal("0.9"), Decimal("0.8")),
        (Decimal("0.8"), Decimal("0.6")),
        (Decimal("0.7"), Decimal("0.4")),
    )


@dataclass(frozen=True)
class ThresholdRule:
    """`threshold`: W if a ≥ 1, else 0."""


@dataclass(frozen=True)
class PerUnitRule:
    """`per_unit`: W − points × ⌊max(0, A − baseline) ÷ unit⌋, not below 0 (↓ metrics)."""

    baseline: Decimal = Decimal("0")
    unit: Decimal = Decimal("10000")
    points: Decimal = Decimal("1")


@dataclass(frozen=True)
class DirectRule:
    """`direct`: W × min(A, 100) ÷ 100 (0–100 point metrics)."""


Rule = LinearRule | InterpolatedRule | BandedRule | ThresholdRule | PerUnitRule | DirectRule
AchievementRule = LinearRule | InterpolatedRule | BandedRule | ThresholdRule
"""The rules that score the achievement a (and so need a target)."""


def _param(doc: Mapping[str, Any], key: str, rule_type: str) -> Decimal:
    raw = doc.get(key, RULE_PARAMETERS[rule_type][key])
    if isinstance(raw, bool | float):
        raise ValueError(f"rule parameter {key} must be a decimal string, not {raw!r}")
    return Decimal(str(raw).strip())


def rule_from_document(doc: Mapping[str, Any]) -> Rule:
    """The scoring rule of a scheme item's ``rule`` object (data-exchange §3a); parameters
    left out take the defaults of appraisal-rules §5.1. The document is assumed to have
    passed :func:`~salesdesk.domain.default_schemes.check_scheme_document`; anything
    unreadable raises ValueError."""
    rule_type = doc.get("type")
    if rule_type == "linear":
        return LinearRule(_param(doc, "floor", "linear"), _param(doc, "cap", "linear"))
    if rule_type == "interpolated":
        return InterpolatedRule(
            _param(doc, "low", rule_type),
            _param(doc, "high", rule_type),
            _param(doc, "bonus", rule_type),
        )
    if rule_type == "banded":
        raw = doc.get("bands", RULE_PARAMETERS["banded"]["bands"])
        return BandedRule(tuple((Decimal(str(lo)), Decimal(str(fr))) for lo, fr in raw))
    if rule_type == "threshold":
        return ThresholdRule()
    if rule_type == "per_unit":
        return PerUnitRule(
            _param(doc, "baseline", rule_type),
            _param(doc, "unit", rule_type),
            _param(doc, "points", rule_type),
        )
    if rule_type == "direct":
        return DirectRule()
    raise ValueError(f"unknown scoring rule {rule_type!r}")


def rule_cap(rule: AchievementRule) -> Decimal:
    """The achievement of a ↓ metric whose actual is 0 (§5.1: "the rule's cap").

    linear: its cap; interpolated: its `high`; banded (no cap of its own): the top band's
    minimum, so the best band applies; threshold: 1 (met).
    """
    if isinstance(rule, LinearRule):
        return rule.cap
    if isinstance(rule, InterpolatedRule):
        return rule.high
    if isinstance(rule, BandedRule):
        return max((low for low, _ in rule.bands), default=_ONE)
    return _ONE


def linear_score(weight: Decimal, a: Decimal, floor: Decimal, cap: Decimal) -> Decimal:
    """Rule `linear` (appraisal-rules §5.1): 0 if a < floor, else W × min(a, cap)."""
    if a < floor:
        return ZERO
    return weight * min(a, cap)


def interpolated_score(
    weight: Decimal, a: Decimal, low: Decimal, high: Decimal, bonus: Decimal
) -> Decimal:
    """Rule `interpolated` (appraisal-rules §5.1): 0 if a ≤ low; W × (a − low)/(1 − low) if
    a < 1; W × (1 + bonus × (min(a, high) − 1)/(high − 1)) if a ≥ 1."""
    if a <= low:
        return ZERO
    if a < 1:
        return weight * (a - low) / (1 - low)
    return weight * (1 + bonus * (min(a, high) - 1) / (high - 1))


def banded_fraction(a: Decimal, bands: Sequence[tuple[Decimal, Decimal]]) -> Decimal | None:
    """The fraction of the first band (min a, fraction) with a ≥ min; None below them all."""
    for low, fraction in bands:
        if a >= low:
            return fraction
    return None


def banded_score(weight: Decimal, a: Decimal, bands: Sequence[tuple[Decimal, Decimal]]) -> Decimal:
    """Rule `banded` (appraisal-rules §5.1): W × the fraction of the first band with a ≥ its
    minimum (bands in the scheme's order, highest first), else 0."""
    fraction = banded_fraction(a, bands)
    return ZERO if fraction is None else weight * fraction


def threshold_score(weight: Decimal, a: Decimal) -> Decimal:
    """Rule `threshold` (appraisal-rules §5.1): W if a ≥ 1, else 0."""
    return weight if a >= 1 else ZERO


def per_unit_units(actual: Decimal, baseline: Decimal, unit: Decimal) -> int:
    """⌊max(0, A − baseline) ÷ unit⌋: the whole units over the baseline."""
    return int((max(ZERO, actual - baseline) / unit).to_integral_value(rounding=ROUND_FLOOR))


def per_unit_score(
    weight: Decimal, actual: Decimal, baseline: Decimal, unit: Decimal, points: Decimal
) -> Decimal:
    """Rule `per_unit` (appraisal-rules §5.1), for ↓ metrics whose target is 0 or a baseline:
    W − points × ⌊max(0, A − baseline) ÷ unit⌋, not below 0."""
    return max(ZERO, weight - points * per_unit_units(actual, baseline, unit))


def direct_score(weight: Decimal, actual: Decimal) -> Decimal:
    """Rule `direct` (appraisal-rules §5.1), for 0–100 point metrics: W × min(A, 100) ÷ 100
    (a negative value, which a 0–100 metric cannot hold, counts as 0)."""
    return weight * max(ZERO, min(actual, _HUNDRED)) / _HUNDRED


def achievement_score(rule: AchievementRule, weight: Decimal, a: Decimal) -> Decimal:
    """The unrounded item score of an achievement rule for achievement `a`."""
    if isinstance(rule, LinearRule):
        return linear_score(weight, a, rule.floor, rule.cap)
    if isinstance(rule, InterpolatedRule):
        return interpolated_score(weight, a, rule.low, rule.high, rule.bonus)
    if isinstance(rule, BandedRule):
        return banded_score(weight, a, rule.bands)
    return threshold_score(weight, a)


# --------------------------------------------------------------------------- item results


@dataclass(frozen=True)
class ItemResult:
    """One scored item of a scorecard: the numbers used, the printed score (half-up to 2
    decimals), a one-line explanation and any warnings.

    `actual` is the metric value for metric items, the item rating R (1–5) for rating
    items, the weighted completion (0–100) for key tasks and the mean total for period
    results; `unit` says how a metric's values are written.
    """

    name: str
    weight: Decimal
    kind: ItemKind
    score: Decimal
    explanation: str
    metric: str | None = None
    actual: Decimal | None = None
    target: Decimal | None = None
    achievement: Decimal | None = None
    warnings: tuple[str, ...] = ()
    category: str = ""
    unit: MetricUnit | None = None
    flags: tuple[str, ...] = ()

    def to_json_dict(self) -> dict[str, Any]:
        """The item as data-exchange §5 writes it (decimals as strings, null for none)."""
        return {
            "name": self.name,
            "weight": _weight_json(self.weight),
            "kind": self.kind.value,
            "metric": self.metric,
            "actual": self._value_json(self.actual),
            "target": self._value_json(self.target),
            "achievement": _fixed(self.achievement, ACHIEVEMENT_PLACES),
            "score": _fixed(self.score, SCORE_PLACES),
            "explanation": self.explanation,
            "warnings": list(self.warnings),
        }

    def _value_json(self, value: Decimal | None) -> str | None:
        if self.unit is not None:
            return value_text(self.unit, value)
        return _fixed(value, 2)


def _fixed(value: Decimal | None, places: int) -> str | None:
    if value is None:
        return None
    rounded = round_half_up(value, places)
    return format(abs(rounded) if rounded == 0 else rounded, "f")


def _weight_json(weight: Decimal) -> int | str:
    """A weight as the scheme JSON writes it: a whole number, or a string with its decimals."""
    if weight == weight.to_integral_value():
        return int(weight)
    return _plain(weight)


def _item_score(raw: Decimal) -> Decimal:
    """Rule (appraisal-rules §5.4): an item score is rounded half-up to 2 decimals."""
    return round_half_up(raw, SCORE_PLACES)


def score_metric_item(
    name: str,
    weight: Decimal,
    metric: MetricDef,
    rule: Rule,
    actual: Decimal | None,
    target: Decimal | None,
    *,
    category: str = "",
) -> ItemResult:
    """Rules of appraisal-rules §5.1: score a metric item by its rule and explain it.

    a = A ÷ T for ↑ metrics and T ÷ A for ↓ metrics; a ↓ metric with A = 0 achieves the
    rule's cap (:func:`rule_cap`). A missing actual ("no data"), a missing target or a
    target of 0 on an ↑ metric ("no target") score 0 with a visible warning. `per_unit`
    and `direct` do not use the target, so they need none (the baseline is the rule's
    parameter); they report no achievement.
    """
    unit = metric.unit
    common: dict[str, Any] = {
        "name": name,
        "weight": weight,
        "kind": ItemKind.METRIC,
        "metric": metric.code,
        "actual": actual,
        "target": target,
        "category": category,
        "unit": unit,
    }
    value_text_ = "—" if actual is None else format_metric_value(unit, actual)
    target_text = "—" if target is None else format_metric_value(unit, target)
    label = _metric_name(metric)

    if isinstance(rule, PerUnitRule | DirectRule):
        head = f"{label} {value_text_}"
        if target is not None:
            head += t(" (target {v})", " (目标 {v})", v=target_text)
        if actual is None:
            return ItemResult(
                score=ZERO,
                explanation=t("{h} → no data → 0", "{h} → 无数据 → 0", h=head),
                warnings=(no_data_warning(),),
                **common,
            )
        if isinstance(rule, DirectRule):
            return _direct_result(common, head, weight, actual)
        return _per_unit_result(common, label, value_text_, weight, actual, rule, unit)

    head = t("{n} {a} (target {t})", "{n} {a} (目标 {t})", n=label, a=value_text_, t=target_text)
    warnings: list[str] = []
    if target is None:
        warnings.append(no_target_warning())
    if actual is None:
        warnings.append(no_data_warning())
    if warnings:
        why = " · ".join(warnings)
        return ItemResult(
            score=ZERO,
            explanation=f"{head} → {why} → 0",
            warnings=tuple(warnings),
            **common,
        )
    assert actual is not None and target is not None
    cap = rule_cap(rule)
    if metric.direction is Direction.UP and target == 0:
        return ItemResult(
            score=ZERO,
            explanation=t(
                "{h} → no target (the target is 0) → 0",
                "{h} → 无目标（目标为 0，无法计算达成）→ 0",
                h=head,
            ),
            warnings=(no_target_warning(),),
            **common,
        )
    a = achievement(actual, target, metric.direction, cap=cap)
    assert a is not None
    a_text = t("achievement {p}", "达成 {p}", p=_percent(a))
    if metric.direction is Direction.DOWN and actual <= 0:
        a_text = t(
            "achievement {p} (actual 0: the rule's cap)",
            "达成 {p}（实际为 0，取封顶值）",
            p=_percent(a),
        )
    raw = achievement_score(rule, weight, a)
    score = _item_score(raw)
    step = _achievement_step(rule, weight, a, score)
    return ItemResult(
        score=score,
        explanation=f"{head} → {a_text}{step}",
        achievement=a,
        **common,
    )


def _achievement_step(rule: AchievementRule, weight: Decimal, a: Decimal, score: Decimal) -> str:
    """The part of an explanation after the achievement: the comparison and the arithmetic."""
    w, s = _plain(weight), _score_text(score)
    if isinstance(rule, LinearRule):
        if a < rule.floor:
            return f" < {_limit_percent(rule.floor)} → 0"
        if a > rule.cap:
            capped = t("cap", "封顶")
            return f" > {capped} {_limit_percent(rule.cap)} → {w} × {_plain(rule.cap)} = {s}"
        return f" ≥ {_limit_percent(rule.floor)} → {w} × {_factor(a)} = {s}"
    if isinstance(rule, InterpolatedRule):
        low, high = _plain(rule.low), _plain(rule.high)
        if a <= rule.low:
            return f" ≤ {_limit_percent(rule.low)} → 0"
        if a < 1:
            return f" → {w} × ({_factor(a)} − {low}) ÷ (1 − {low}) = {s}"
        used = _factor(min(a, rule.high))
        note = ""
        if a > rule.high:
            note = f" > {t('cap', '封顶')} {_limit_percent(rule.high)}"
        bonus = _plain(rule.bonus)
        return f"{note} → {w} × (1 + {bonus} × ({used} − 1) ÷ ({high} − 1)) = {s}"
    if isinstance(rule, BandedRule):
        for band_min, fraction in rule.bands:
            if a >= band_min:
                return f" ≥ {_limit_percent(band_min)} → {w} × {_plain(fraction)} = {s}"
        lowest = min((band_min for band_min, _ in rule.bands), default=_ONE)
        return f" < {_limit_percent(lowest)} → 0"
    if a >= 1:
        return f" ≥ 100% → {s}"
    return " < 100% → 0"


def _direct_result(
    common: dict[str, Any], head: str, weight: Decimal, actual: Decimal
) -> ItemResult:
    score = _item_score(direct_score(weight, actual))
    # The actual as the head shows it (a mean of months can have many decimals).
    w, v = _plain(weight), _plain(round_half_up(actual, 2))
    if actual > _HUNDRED:
        arithmetic = f"{w} × min({v}, 100) ÷ 100"
    elif actual < 0:
        arithmetic = f"{w} × max({v}, 0) ÷ 100"
    else:
        arithmetic = f"{w} × {v} ÷ 100"
    return ItemResult(
        score=score, explanation=f"{head} → {arithmetic} = {_score_text(score)}", **common
    )


def _per_unit_result(
    common: dict[str, Any],
    label: str,
    actual_text: str,
    weight: Decimal,
    actual: Decimal,
    rule: PerUnitRule,
    unit: MetricUnit,
) -> ItemResult:
    raw = per_unit_score(weight, actual, rule.baseline, rule.unit, rule.points)
    score = _item_score(raw)
    units = per_unit_units(actual, rule.baseline, rule.unit)
    baseline = format_metric_value(unit, rule.baseline)
    step = format_metric_value(unit, rule.unit)
    w, p = _plain(weight), _plain(rule.points)
    head = t(
        "{n} {a} (baseline {b}, {p} point(s) per {u})",
        "{n} {a} (基准 {b}，每 {u} 扣 {p} 分)",
        n=label,
        a=actual_text,
        b=baseline,
        p=p,
        u=step,
    )
    if units == 0:
        tail = t(
            "not a whole unit over the baseline → {w}",
            "未超过基准一个单位 → {w}",
            w=_score_text(score),
        )
        return ItemResult(score=score, explanation=f"{head} → {tail}", **common)
    floor_text = f"⌊({actual_text} − {baseline}) ÷ {step}⌋ = {units}"
    arithmetic = f"{w} − {p} × {units}"
    if weight - rule.points * units < 0:
        result = f"{arithmetic} < 0 → 0"
    else:
        result = f"{arithmetic} = {_score_text(score)}"
    return ItemResult(score=score, explanation=f"{head} → {floor_text} → {result}", **common)


# --------------------------------------------------------------------------- ratings (§5.2)

RATING_LABELS: dict[int, tuple[str, str]] = {
    5: ("outstanding", "卓越"),
    4: ("good", "良好"),
    3: ("meets expectations", "合格"),
    2: ("needs improvement", "待改进"),
    1: ("unsatisfactory", "不合格"),
}
TRIM_FROM = 5
"""A rater role with this many ratings of an item or more drops its highest and lowest."""


@dataclass(frozen=True)
class Rating:
    """One rater's rating of one item: the rater's role, the rating 1–5 and the comment."""

    role: str
    value: int
    comment: str = ""
    rater: str = ""


def _shown_rating(value: object) -> str:
    """A refused rating as the user typed it (7, 4.5, "good"), not as Python writes it."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, str):
        return f"“{value}”"
    return str(value)


def check_rating(value: object, comment: str | None = None) -> int:
    """Rule (appraisal-rules §5.2): a rating is a whole number 1–5, and a 5 or a rating of
    2 and below carries a written example (comment); otherwise it is refused.

    Returns the rating; raises ValidationError saying what is wrong and what is allowed.
    """
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        number = int(value)
    elif isinstance(value, str) and value.strip().isdigit():
        number = int(value.strip())
    if number is None or not 1 <= number <= 5:
        raise ValidationError.single(
            t(
                "a rating must be a whole number from 1 to 5, not {v}",
                "评分须为 1–5 的整数，而不是 {v}",
                v=_shown_rating(value),
            ),
            field="rating",
            allowed="1, 2, 3, 4, 5",
        )
    if (number == 5 or number <= 2) and not (comment or "").strip():
        label_en, label_zh = RATING_LABELS[number]
        raise ValidationError.single(
            t(
                "a rating of {n} ({l}) needs a written example in the comment",
                "评分 {n}（{z}）必须在评语中写明具体事例",
                n=number,
                l=label_en,
                z=label_zh,
            ),
            field="comment",
            allowed=t(
                "3 or 4 without a comment; 5, 2 or 1 with one",
                "3、4 分可不写评语；5、2、1 分须写评语",
            ),
        )
    return number


def role_mean(values: Sequence[int]) -> Decimal:
    """Rule (appraisal-rules §5.2): the mean of one rater role's ratings of an item; with
    5 or more ratings, the single highest and single lowest are dropped first."""
    if not values:
        raise ValueError("role_mean needs at least one rating")
    kept = sorted(values)
    if len(kept) >= TRIM_FROM:
        kept = kept[1:-1]
    return Decimal(sum(kept)) / Decimal(len(kept))


@dataclass(frozen=True)
class RoleMean:
    """One rater role's part of an item rating: its mean, its weight, how many rated."""

    role: str
    mean: Decimal
    weight: Decimal
    count: int

    @property
    def trimmed(self) -> bool:
        return self.count >= TRIM_FROM


def role_means(
    ratings: Iterable[Rating],
    rater_weights: Mapping[str, Decimal | int],
    raters: Collection[str] | None = None,
) -> list[RoleMean]:
    """Per-role means of an item's ratings, in the order supervisor, peer, self,
    skip-level; only roles the item lets rate (`raters`, default all) are counted."""
    by_role: dict[str, list[int]] = {}
    for rating in ratings:
        if raters and rating.role not in raters:
            continue
        by_role.setdefault(rating.role, []).append(rating.value)
    order = [r for r in RATER_ROLES if r in by_role] + sorted(set(by_role) - set(RATER_ROLES))
    means: list[RoleMean] = []
    for role in order:
        values = by_role[role]
        weight = Decimal(rater_weights.get(role, 0))
        means.append(RoleMean(role, role_mean(values), weight, len(values)))
    return means


def item_rating(means: Sequence[RoleMean]) -> Decimal | None:
    """Rule (appraisal-rules §5.2): R = the rater-weight-weighted mean over the roles that
    rated the item, weights renormalised over those roles; None when no role with a weight
    above 0 rated it."""
    total_weight = sum((m.weight for m in means), ZERO)
    if total_weight <= 0:
        return None
    return sum((m.mean * m.weight for m in means), ZERO) / total_weight


def rating_score(weight: Decimal, rating: Decimal) -> Decimal:
    """Rule (appraisal-rules §5.2): item score = W × R ÷ 5."""
    return weight * rating / _FIVE


def score_rating_item(
    name: str,
    weight: Decimal,
    ratings: Iterable[Rating],
    rater_weights: Mapping[str, Decimal | int] | None = None,
    *,
    raters: Sequence[str] | None = None,
    category: str = "",
) -> ItemResult:
    """Rules of appraisal-rules §5.2: score a qualitative item from its ratings.

    Per role the ratings are averaged (trimmed at 5 or more), R is the weighted mean over
    the roles that rated (weights renormalised), score = W × R ÷ 5. `raters` restricts the
    roles that rate this item (ratings from other roles are left out, with a warning).
    An item nobody rated — or rated only by roles whose weight is 0 — scores 0 with a
    warning and the flag ``unrated:<name>`` that blocks confirmation.
    """
    weights = DEFAULT_RATER_WEIGHTS if rater_weights is None else rater_weights
    all_ratings = list(ratings)
    means = role_means(all_ratings, weights, raters)
    warnings: list[str] = []
    if raters:
        stray = sorted({r.role for r in all_ratings if r.role not in raters})
        if stray:
            warnings.append(
                t(
                    "ratings by {r} left out: this item is rated by {a} only",
                    "{r}的评分未计入：本项只由{a}评分",
                    r=", ".join(_role_label(r) for r in stray),
                    a=", ".join(_role_label(r) for r in raters),
                )
            )
    rating = item_rating(means)
    common: dict[str, Any] = {
        "name": name,
        "weight": weight,
        "kind": ItemKind.RATING,
        "category": category,
    }
    if rating is None:
        if means:
            why = t(
                "rated only by roles whose weight is 0",
                "只有权重为 0 的评分人评分",
            )
        else:
            why = t("nobody rated this item", "无人评分")
        warnings.append(why)
        return ItemResult(
            score=ZERO,
            explanation=t(
                "{n}: {w} → 0 (cannot be confirmed until rated)",
                "{n}：{w} → 0（评分完成前不能确认）",
                n=name,
                w=why,
            ),
            warnings=tuple(warnings),
            flags=(UNRATED_FLAG_PREFIX + name,),
            **common,
        )
    score = _item_score(rating_score(weight, rating))
    parts = []
    for m in means:
        note = ""
        if m.trimmed:
            note = t(
                ", {c} ratings less highest and lowest",
                "，{c} 人评分去掉最高最低",
                c=m.count,
            )
        parts.append(
            t(
                "{role} mean {m} (weight {w}{note})",
                "{role}均分 {m}（权重 {w}{note}）",
                role=_role_label(m.role),
                m=_factor(m.mean),
                w=_plain(m.weight),
                note=note,
            )
        )
    counted = [m for m in means if m.weight > 0]
    total_weight = sum((m.weight for m in counted), ZERO)
    sum_text = " + ".join(f"{_factor(m.mean)}×{_plain(m.weight)}" for m in counted)
    r_text = _factor(rating)
    explanation = t(
        "{n}: {parts} → R = ({s}) ÷ {tw} = {r} → {w} × {r} ÷ 5 = {sc}",
        "{n}：{parts} → R = ({s}) ÷ {tw} = {r} → {w} × {r} ÷ 5 = {sc}",
        n=name,
        parts=t(", ", "、").join(parts),
        s=sum_text,
        tw=_plain(total_weight),
        r=r_text,
        w=_plain(weight),
        sc=_score_text(score),
    )
    return ItemResult(
        score=score,
        explanation=explanation,
        actual=rating,
        warnings=tuple(warnings),
        **common,
    )


# --------------------------------------------------------------------------- key tasks (§5)


@dataclass(frozen=True)
class KeyTask:
    """One key task (重点工作) of a person: a weight inside the item and a completion
    0–100 set by the supervisor (None: not rated yet)."""

    description: str
    weight: Decimal
    completion: Decimal | None = None


def check_completion(value: Decimal) -> Decimal:
    """A key task's completion must be a number from 0 to 100 (appraisal-rules §5)."""
    if not value.is_finite() or not 0 <= value <= 100:
        raise ValidationError.single(
            t(
                "completion must be from 0 to 100, not {v}",
                "完成度须在 0–100 之间，而不是 {v}",
                v=value,
            ),
            field="completion",
            allowed="0–100",
        )
    return value


def _task_completion_text(task: KeyTask) -> str:
    if task.completion is None:
        return t("0% (not rated)", "0%（未评）")
    return f"{_plain(task.completion)}%"


def key_tasks_completion(tasks: Sequence[KeyTask]) -> Decimal | None:
    """Σ(weight × completion) ÷ Σweight (0–100), an unrated task counting 0; None when
    there are no tasks or their weights add up to 0."""
    total_weight = sum((task.weight for task in tasks), ZERO)
    if not tasks or total_weight <= 0:
        return None
    done = sum((task.weight * (task.completion or ZERO) for task in tasks), ZERO)
    return done / total_weight


def key_tasks_score(weight: Decimal, tasks: Sequence[KeyTask]) -> Decimal:
    """Rule (appraisal-rules §5, key_tasks): item score = W × Σ(weight × completion) ÷
    Σweight ÷ 100; a task not yet rated counts 0 %; no tasks scores 0."""
    completion = key_tasks_completion(tasks)
    return ZERO if completion is None else weight * completion / _HUNDRED


def score_key_tasks_item(
    name: str, weight: Decimal, tasks: Sequence[KeyTask], *, category: str = ""
) -> ItemResult:
    """Score a key_tasks item (appraisal-rules §5) with its explanation and warnings: one
    warning per task not yet rated (counted as 0 %), one when there are no tasks."""
    common: dict[str, Any] = {
        "name": name,
        "weight": weight,
        "kind": ItemKind.KEY_TASKS,
        "category": category,
    }
    completion = key_tasks_completion(tasks)
    if completion is None:
        why = (
            t("no key tasks", "没有重点工作")
            if not tasks
            else t("the key tasks' weights add up to 0", "重点工作权重合计为 0")
        )
        return ItemResult(
            score=ZERO,
            explanation=t("{n}: {w} → 0", "{n}：{w} → 0", n=name, w=why),
            warnings=(why,),
            **common,
        )
    warnings = tuple(
        t(
            "key task not rated yet, counted as 0 %: {d}",
            "重点工作尚未评定完成度，按 0% 计：{d}",
            d=task.description,
        )
        for task in tasks
        if task.completion is None
    )
    score = _item_score(weight * completion / _HUNDRED)
    terms = " + ".join(f"{_plain(task.weight)}×{_task_completion_text(task)}" for task in tasks)
    total_weight = sum((task.weight for task in tasks), ZERO)
    explanation = t(
        "{n}: {c} task(s), ({terms}) ÷ {tw} = {p} → {w} × {f} = {s}",
        "{n}：{c} 项重点工作，({terms}) ÷ {tw} = {p} → {w} × {f} = {s}",
        n=name,
        c=len(tasks),
        terms=terms,
        tw=_plain(total_weight),
        p=_percent(completion / _HUNDRED),
        w=_plain(weight),
        f=_factor(completion / _HUNDRED),
        s=_score_text(score),
    )
    return ItemResult(
        score=score, explanation=explanation, actual=completion, warnings=warnings, **common
    )


# --------------------------------------------------------------------------- period results


def period_results_score(weight: Decimal, totals: Sequence[Decimal]) -> Decimal:
    """Rule (appraisal-rules §5, period_results): W × mean ÷ 100, the mean taken over the
    person's confirmed totals from the shorter cycle type inside the period.

    Reading: totals are on a 100-point scale, so an item of weight W contributes W × mean
    ÷ 100 (a mean of 88 in a 60-point item gives 52.8). No totals score 0.
    """
    if not totals:
        return ZERO
    mean = sum(totals, ZERO) / Decimal(len(totals))
    return weight * mean / _HUNDRED


def score_period_results_item(
    name: str,
    weight: Decimal,
    totals: Sequence[Decimal],
    *,
    source: str = "quarterly",
    category: str = "",
) -> ItemResult:
    """Score a period_results item (appraisal-rules §5) with its explanation; no confirmed
    totals → 0 with a warning."""
    common: dict[str, Any] = {
        "name": name,
        "weight": weight,
        "kind": ItemKind.PERIOD_RESULTS,
        "category": category,
    }
    src_en, src_zh = _SOURCE_LABELS.get(source, (source, source))
    if not totals:
        why = t(
            "no confirmed {s} totals in the period",
            "本期没有已确认的{z}考核总分",
            s=src_en,
            z=src_zh,
        )
        return ItemResult(
            score=ZERO,
            explanation=t("{n}: {w} → 0", "{n}：{w} → 0", n=name, w=why),
            warnings=(why,),
            **common,
        )
    mean = sum(totals, ZERO) / Decimal(len(totals))
    score = _item_score(period_results_score(weight, totals))
    explanation = t(
        "{n}: mean of {c} {s} total(s) {v} = {m} → {w} × {m} ÷ 100 = {sc}",
        "{n}：{c} 个{z}总分 {v} 的平均 {m} → {w} × {m} ÷ 100 = {sc}",
        n=name,
        c=len(totals),
        s=src_en,
        z=src_zh,
        v=t(", ", "、").join(_plain(total) for total in totals),
        m=_factor(mean),
        w=_plain(weight),
        sc=_score_text(score),
    )
    return ItemResult(score=score, explanation=explanation, actual=mean, **common)


# --------------------------------------------------------------------------- adjustments (§5.3)


@dataclass(frozen=True)
class Adjustment:
    """A bonus (加分) or deduction (扣分) of some points, or a veto (一票否决), with a reason."""

    kind: AdjustmentKind
    reason: str
    points: Decimal = ZERO


def check_adjustment(kind: AdjustmentKind | str, points: Decimal | None, reason: str) -> Adjustment:
    """Rule (appraisal-rules §5.3): every adjustment has a written reason; a bonus or a
    deduction has points > 0 (at most 2 decimals), a veto none. Raises ValidationError."""
    try:
        kind = AdjustmentKind(kind)
    except ValueError:
        raise ValidationError.single(
            t("unknown adjustment {k}", "未知的调整类型 {k}", k=kind),
            field="kind",
            allowed="bonus/加分, deduction/扣分, veto/否决",
        ) from None
    if not reason or not reason.strip():
        raise ValidationError.single(
            t("an adjustment needs a reason", "加减分与否决都必须写明原因"), field="reason"
        )
    if kind is AdjustmentKind.VETO:
        return Adjustment(kind, reason.strip())
    if (
        points is None
        or not points.is_finite()
        or points <= 0
        or points != points.quantize(Decimal("0.01"))
    ):
        raise ValidationError.single(
            t(
                "points must be a number above 0 with at most 2 decimals",
                "分值须为大于 0、最多两位小数的数字",
            ),
            field="points",
        )
    return Adjustment(kind, reason.strip(), points)


def counted_bonus(points: Iterable[Decimal], cap: Decimal) -> Decimal:
    """Rule (appraisal-rules §5.3): bonus points count up to the scheme's bonus cap (the
    sum is capped, not each bonus)."""
    return min(sum(points, ZERO), cap)


def scorecard_total(
    item_scores: Iterable[Decimal], bonus: Decimal, deduction: Decimal, *, veto: bool = False
) -> Decimal:
    """Rule (appraisal-rules §5.3–5.4): the total is the sum of the item scores rounded
    half-up to 2 decimals + counted bonus − deductions, not below 0; a veto makes it 0.
    Totals above 100 are possible."""
    if veto:
        return round_half_up(ZERO, SCORE_PLACES)
    total = ZERO
    for score in item_scores:
        total += _item_score(score)
    total = total + bonus - deduction
    return round_half_up(max(ZERO, total), SCORE_PLACES)


# --------------------------------------------------------------------------- scorecard


@dataclass(frozen=True)
class Scorecard:
    """One person's scored appraisal: item results, counted bonus, deductions, veto and
    total (appraisal-rules §5.3–5.4), with warnings and flags.

    `bonus` is the bonus that counts (capped); `bonus_claimed` the sum before the cap.
    Flags ``unrated:<item>`` block confirmation (:attr:`can_confirm`).
    """

    items: tuple[ItemResult, ...]
    bonus: Decimal
    deduction: Decimal
    veto: bool
    total: Decimal
    warnings: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    bonus_claimed: Decimal = ZERO
    adjustments: tuple[Adjustment, ...] = field(default=())

    @property
    def can_confirm(self) -> bool:
        """False while an item nobody rated remains (appraisal-rules §5.2)."""
        return not any(flag.startswith(UNRATED_FLAG_PREFIX) for flag in self.flags)

    @property
    def veto_reasons(self) -> tuple[str, ...]:
        return tuple(a.reason for a in self.adjustments if a.kind is AdjustmentKind.VETO)

    def to_json_dict(self) -> dict[str, Any]:
        """The scorecard as data-exchange §5 writes it, from ``items`` on (the service puts
        staff_code, name, role and unit first). Grade, coefficient, pay and rank are null
        here; :class:`salesdesk.domain.grading.GradedResult` fills them in."""
        return {
            "items": [item.to_json_dict() for item in self.items],
            "bonus": _fixed(self.bonus, SCORE_PLACES),
            "deduction": _fixed(self.deduction, SCORE_PLACES),
            "veto": self.veto,
            "total": _fixed(self.total, SCORE_PLACES),
            "band_grade": None,
            "distributed_grade": None,
            "final_grade": None,
            "coefficient": None,
            "performance_pay": None,
            "rank": None,
            "warnings": list(self.warnings),
            "flags": list(self.flags),
        }


def build_scorecard(
    items: Sequence[ItemResult],
    adjustments: Sequence[Adjustment] = (),
    *,
    bonus_cap: Decimal = Decimal(DEFAULT_BONUS_CAP),
    flags: Sequence[str] = (),
    warnings: Sequence[str] = (),
) -> Scorecard:
    """Rules of appraisal-rules §5.3–5.4: put item results and adjustments together.

    Bonuses count up to `bonus_cap` (a warning says when the cap cut them); deductions
    count in full; a veto sets the total to 0 (the lowest grade follows in grading). The
    scorecard's warnings are the given ones, then each item's (prefixed by its name);
    its flags the given ones, then the items' (``unrated:<item>``).
    """
    claimed = deducted = ZERO
    veto = False
    for adjustment in adjustments:
        if adjustment.kind is AdjustmentKind.BONUS:
            claimed += adjustment.points
        elif adjustment.kind is AdjustmentKind.DEDUCTION:
            deducted += adjustment.points
        elif adjustment.kind is AdjustmentKind.VETO:
            veto = True
    bonus = round_half_up(counted_bonus([claimed], bonus_cap), SCORE_PLACES)
    deduction = round_half_up(deducted, SCORE_PLACES)
    total = scorecard_total([item.score for item in items], bonus, deduction, veto=veto)
    all_warnings = list(warnings)
    all_flags = list(flags)
    for item in items:
        for warning in item.warnings:
            all_warnings.append(t("{n}: {w}", "{n}：{w}", n=item.name, w=warning))
        all_flags.extend(item.flags)
    if claimed > bonus_cap:
        all_warnings.append(
            t(
                "bonus of {c} points capped at {cap}",
                "加分合计 {c} 分，按上限计 {cap} 分",
                c=_plain(claimed),
                cap=_plain(bonus_cap),
            )
        )
    for adjustment in adjustments:
        if adjustment.kind is AdjustmentKind.VETO:
            all_warnings.append(
                t(
                    "veto: {r} — total 0, lowest grade",
                    "一票否决：{r}——总分为 0，等级为最低",
                    r=adjustment.reason,
                )
            )
    return Scorecard(
        items=tuple(items),
        bonus=bonus,
        deduction=deduction,
        veto=veto,
        total=total,
        warnings=tuple(all_warnings),
        flags=tuple(dict.fromkeys(all_flags)),
        bonus_claimed=claimed,
        adjustments=tuple(adjustments),
    )


# --------------------------------------------------------------------------- whole schemes


@dataclass(frozen=True)
class ItemInputs:
    """What one person has for one scheme item: actual and target (metric items), ratings
    (rating items), key tasks, or confirmed totals of the shorter cycles (period results)."""

    actual: Decimal | None = None
    target: Decimal | None = None
    ratings: tuple[Rating, ...] = ()
    tasks: tuple[KeyTask, ...] = ()
    period_totals: tuple[Decimal, ...] = ()


def _decimal_setting(raw: Any) -> Decimal:
    if isinstance(raw, bool | float):
        raise ValueError(f"not a decimal: {raw!r}")
    return Decimal(str(raw).strip())


def rater_weights_of(scheme: Mapping[str, Any]) -> dict[str, Decimal]:
    """The scheme's rater weights (default: supervisor 70, peer 20, self 10, skip-level 0)."""
    raw = scheme.get("rater_weights", DEFAULT_RATER_WEIGHTS)
    return {role: _decimal_setting(raw.get(role, 0)) for role in RATER_ROLES}


def bonus_cap_of(scheme: Mapping[str, Any]) -> Decimal:
    """The scheme's bonus cap (default 10 points)."""
    return _decimal_setting(scheme.get("bonus_cap", DEFAULT_BONUS_CAP))


@dataclass(frozen=True)
class _PreparedItem:
    name: str
    weight: Decimal
    category: str
    kind: ItemKind
    metric: MetricDef | None = None
    rule: Rule | None = None
    raters: tuple[str, ...] | None = None
    source: str = "quarterly"


def _prepare_item(item: Mapping[str, Any], metrics: Mapping[str, MetricDef]) -> _PreparedItem:
    kind = ItemKind(item["kind"])
    common: dict[str, Any] = {
        "name": str(item["name"]),
        "weight": _decimal_setting(item["weight"]),
        "category": str(item.get("category", "")),
        "kind": kind,
    }
    if kind is ItemKind.METRIC:
        return _PreparedItem(
            **common, metric=metrics[item["metric"]], rule=rule_from_document(item["rule"])
        )
    if kind is ItemKind.RATING:
        return _PreparedItem(**common, raters=tuple(item.get("raters") or ()) or None)
    if kind is ItemKind.PERIOD_RESULTS:
        return _PreparedItem(**common, source=str(item.get("source", "quarterly")))
    return _PreparedItem(**common)


def _score_prepared(
    item: _PreparedItem, inputs: ItemInputs, rater_weights: Mapping[str, Decimal | int] | None
) -> ItemResult:
    if item.kind is ItemKind.METRIC:
        assert item.metric is not None and item.rule is not None
        return score_metric_item(
            item.name,
            item.weight,
            item.metric,
            item.rule,
            inputs.actual,
            inputs.target,
            category=item.category,
        )
    if item.kind is ItemKind.RATING:
        return score_rating_item(
            item.name,
            item.weight,
            inputs.ratings,
            rater_weights,
            raters=item.raters,
            category=item.category,
        )
    if item.kind is ItemKind.KEY_TASKS:
        return score_key_tasks_item(item.name, item.weight, inputs.tasks, category=item.category)
    return score_period_results_item(
        item.name, item.weight, inputs.period_totals, source=item.source, category=item.category
    )


def score_item(
    item: Mapping[str, Any],
    inputs: ItemInputs,
    *,
    rater_weights: Mapping[str, Decimal | int] | None = None,
    metrics: Mapping[str, MetricDef] = BUILTIN_BY_CODE,
) -> ItemResult:
    """Score one scheme item (data-exchange §3a shape) by its kind."""
    return _score_prepared(_prepare_item(item, metrics), inputs, rater_weights)


class _NotMemoised(Exception):
    """Inputs of a type the memo of :class:`SchemeScorer` does not key (scored afresh)."""


def _exact(value: Decimal | None) -> str:
    """A decimal as a memo key part that keeps everything a rule may write or carry: its
    exact text (sign, digits and exponent, so 2.5 and 2.50 differ); "" for None."""
    if value is None:
        return ""
    if type(value) is not Decimal:
        raise _NotMemoised
    return str(value)


def _inputs_key(kind: ItemKind, inputs: ItemInputs) -> tuple[Any, ...]:
    """What an item's result depends on among `inputs`, as a hashable key: the actual and
    target of a metric item, the (role, rating) pairs of a rating item (the rater and the
    comment play no part in the score), the tasks of a key_tasks item, the totals of a
    period_results item. Raises _NotMemoised for inputs of unexpected types."""
    if kind is ItemKind.METRIC:
        return (_exact(inputs.actual), _exact(inputs.target))
    if kind is ItemKind.RATING:
        ratings = inputs.ratings
        if type(ratings) is not tuple:
            raise _NotMemoised
        key = tuple([(r.role, r.value) for r in ratings])
        for role, value in key:
            if type(role) is not str or type(value) is not int:
                raise _NotMemoised
        return key
    if kind is ItemKind.KEY_TASKS:
        tasks = inputs.tasks
        if type(tasks) is not tuple:
            raise _NotMemoised
        for task in tasks:
            if type(task.description) is not str:
                raise _NotMemoised
        return tuple([(k.description, _exact(k.weight), _exact(k.completion)) for k in tasks])
    totals = inputs.period_totals
    if type(totals) is not tuple:
        raise _NotMemoised
    return tuple([_exact(total) for total in totals])


_MEMO_LIMIT = 200_000
"""Item results a :class:`SchemeScorer` keeps at most (a few per person of a 50,000 cycle);
beyond that, results are still computed, just not kept."""


class SchemeScorer:
    """A scheme document read once (weights, rules, rater weights, bonus cap), to score
    many people under it (a cycle of 10,000 reads the scheme once, not 10,000 times).

    Item results are pure functions of the item, the person's inputs for it, the app
    language (and the decimal context), and many people share inputs (the same ratings, a
    team's figures, a target), so the scorer keeps each result it computed by (item,
    language, decimal context, exact inputs) and hands the same, immutable
    :class:`ItemResult` to everyone with those inputs. The scheme's items and rater weights
    are not to be changed once a scorer has been made.
    """

    def __init__(
        self, scheme: Mapping[str, Any], metrics: Mapping[str, MetricDef] = BUILTIN_BY_CODE
    ) -> None:
        self.items = tuple(_prepare_item(item, metrics) for item in scheme["items"])
        self.rater_weights = rater_weights_of(scheme)
        self.bonus_cap = bonus_cap_of(scheme)
        self._memo: dict[tuple[Any, ...], ItemResult] = {}

    def score(
        self,
        inputs: Mapping[str, ItemInputs],
        adjustments: Sequence[Adjustment] = (),
        *,
        flags: Sequence[str] = (),
        warnings: Sequence[str] = (),
    ) -> Scorecard:
        """One person's scorecard: every item scored from `inputs` (keyed by item name; an
        item without inputs is scored on nothing, so it shows its "no data" / "no target" /
        unrated warning), then adjustments and total (§5)."""
        empty = ItemInputs()
        context = getcontext()
        setting = (language(), context.prec, context.rounding)
        memo = self._memo
        results: list[ItemResult] = []
        for index, item in enumerate(self.items):
            item_inputs = inputs.get(item.name, empty)
            try:
                key: tuple[Any, ...] | None = (index, setting, _inputs_key(item.kind, item_inputs))
            except _NotMemoised:
                key = None
            result = None if key is None else memo.get(key)
            if result is None:
                result = _score_prepared(item, item_inputs, self.rater_weights)
                if key is not None and len(memo) < _MEMO_LIMIT:
                    memo[key] = result
            results.append(result)
        return build_scorecard(
            results, adjustments, bonus_cap=self.bonus_cap, flags=flags, warnings=warnings
        )


def score_scheme(
    scheme: Mapping[str, Any],
    inputs: Mapping[str, ItemInputs],
    adjustments: Sequence[Adjustment] = (),
    *,
    metrics: Mapping[str, MetricDef] = BUILTIN_BY_CODE,
    flags: Sequence[str] = (),
    warnings: Sequence[str] = (),
) -> Scorecard:
    """One person's scorecard under a scheme document (see :class:`SchemeScorer`)."""
    return SchemeScorer(scheme, metrics).score(inputs, adjustments, flags=flags, warnings=warnings)
