"""Grading (appraisal-rules §7): bands, coefficients, largest-remainder quotas, forced
distribution, calibration, ranks, performance pay and development flags of a whole cycle.

Everything here is a pure function of scorecards (:mod:`salesdesk.domain.scoring`) and the
scheme's settings; the grade order is the order of the scheme's bands, best first (S, A,
B, C, D by default), so "down" means towards the end of that order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Any

from salesdesk.domain.decimals import ZERO, round_half_up
from salesdesk.domain.default_schemes import (
    DEFAULT_BANDS,
    DEFAULT_COEFFICIENTS,
    DEFAULT_DISTRIBUTION,
    GRADES,
)
from salesdesk.domain.errors import ValidationError
from salesdesk.domain.periods import Period
from salesdesk.domain.scoring import SCORE_PLACES, ItemKind, ItemResult, Scorecard
from salesdesk.domain.text import t

ENFORCED_GRADES = ("S", "A")
"""The grades `enforce` caps at their quota (appraisal-rules §7): S and A only."""
PIP_GRADES = ("C", "D")
PROMOTION_GRADES = ("S", "A")
CAPABILITY = "capability"
TRAINING_RATING = Decimal(2)
"""A capability item rated this or lower puts the person on the training list."""

FLAG_PARTIAL_PERIOD = "partial_period"
FLAG_PIP = "pip"
FLAG_PROMOTION = "promotion_candidate"
TRAINING_FLAG_PREFIX = "training:"


class DistributionMode(StrEnum):
    OFF = "off"
    ADVISORY = "advisory"
    ENFORCE = "enforce"


def _decimal(raw: Any) -> Decimal:
    if isinstance(raw, bool | float):
        raise ValueError(f"not a decimal: {raw!r}")
    return Decimal(str(raw).strip())


@dataclass(frozen=True)
class GradingSettings:
    """A scheme's grade bands (grade, minimum total; best first), coefficients and
    distribution (appraisal-rules §7; defaults S ≥ 95, A ≥ 85, B ≥ 70, C ≥ 60, D below;
    1.5 / 1.2 / 1.0 / 0.7 / 0; shares 10 / 20 / 40 / 20 / 10, mode advisory)."""

    bands: tuple[tuple[str, Decimal], ...] = tuple(
        (grade, Decimal(low)) for grade, low in DEFAULT_BANDS
    )
    coefficients: Mapping[str, Decimal] = field(
        default_factory=lambda: {g: Decimal(c) for g, c in DEFAULT_COEFFICIENTS.items()}
    )
    mode: DistributionMode = DistributionMode.ADVISORY
    shares: Mapping[str, Decimal] = field(
        default_factory=lambda: {g: Decimal(s) for g, s in DEFAULT_DISTRIBUTION["shares"].items()}
    )

    @property
    def grades(self) -> tuple[str, ...]:
        """The grades, best first."""
        return tuple(grade for grade, _ in self.bands)

    @property
    def lowest_grade(self) -> str:
        return self.bands[-1][0]

    @classmethod
    def from_scheme(cls, scheme: Mapping[str, Any]) -> GradingSettings:
        """The settings of a scheme document (data-exchange §3a), defaults where it has none."""
        bands = tuple(
            (str(grade), _decimal(low)) for grade, low in scheme.get("bands", DEFAULT_BANDS)
        )
        coefficients = {
            str(g): _decimal(c) for g, c in scheme.get("coefficients", DEFAULT_COEFFICIENTS).items()
        }
        distribution = scheme.get("distribution", DEFAULT_DISTRIBUTION)
        mode = DistributionMode(distribution.get("mode", DEFAULT_DISTRIBUTION["mode"]))
        shares = {
            str(g): _decimal(s)
            for g, s in distribution.get("shares", DEFAULT_DISTRIBUTION["shares"]).items()
        }
        return cls(bands=bands, coefficients=coefficients, mode=mode, shares=shares)


# --------------------------------------------------------------------------- bands


def band_grade(total: Decimal, bands: Sequence[tuple[str, Decimal]]) -> str:
    """Rule (appraisal-rules §5.4, §7): the grade of the first band (best first) whose
    minimum the total, rounded half-up to 2 decimals, reaches; the last band otherwise."""
    rounded = round_half_up(total, SCORE_PLACES)
    for grade, low in bands:
        if rounded >= low:
            return grade
    return bands[-1][0]


def coefficient_for(grade: str, coefficients: Mapping[str, Decimal]) -> Decimal:
    """Rule (appraisal-rules §7): the bonus coefficient of a grade (default S 1.5, A 1.2,
    B 1.0, C 0.7, D 0)."""
    return coefficients[grade]


# --------------------------------------------------------------------------- quotas


def quota_counts(
    shares: Mapping[str, Decimal | int], headcount: int, grades: Sequence[str] | None = None
) -> dict[str, int]:
    """Rule (appraisal-rules §7): quota counts from the distribution shares by the
    largest-remainder method.

    Each grade gets ⌊headcount × share ÷ Σshares⌋; the people left over go one each to the
    grades with the largest remainders; equal remainders go to the better grade first
    (the order of `grades`, default the order of `shares`). The counts add up to the
    headcount. Arithmetic is exact (fractions), so equal remainders are truly equal.
    """
    order = list(grades) if grades is not None else list(shares)
    if headcount < 0:
        raise ValueError("headcount must be ≥ 0")
    exact = {g: Fraction(Decimal(shares.get(g, 0))) for g in order}
    if any(v < 0 for v in exact.values()):
        raise ValueError("shares must be ≥ 0")
    total = sum(exact.values(), Fraction(0))
    if headcount == 0:
        return dict.fromkeys(order, 0)
    if total == 0:
        raise ValueError("shares add up to 0")
    wanted = {g: headcount * exact[g] / total for g in order}
    counts = {g: int(wanted[g]) for g in order}  # floor: wanted ≥ 0
    left = headcount - sum(counts.values())
    by_remainder = sorted(
        range(len(order)), key=lambda i: (-(wanted[order[i]] - counts[order[i]]), i)
    )
    for i in by_remainder[:left]:
        counts[order[i]] += 1
    return counts


# --------------------------------------------------------------------------- ranks


def competition_ranks(totals: Mapping[str, Decimal]) -> dict[str, int]:
    """Rule (appraisal-rules §7, ranking): rank by total, highest first; equal totals share
    a rank and the next rank skips (standard competition ranking: 1, 2, 2, 4)."""
    ordered = sorted(totals.values(), reverse=True)
    first_place: dict[Decimal, int] = {}
    for position, total in enumerate(ordered, start=1):
        first_place.setdefault(total, position)
    return {key: first_place[total] for key, total in totals.items()}


# --------------------------------------------------------------------------- distribution


def enforce_distribution(
    grades: Mapping[str, str],
    totals: Mapping[str, Decimal],
    quotas: Mapping[str, int],
    order: Sequence[str],
    *,
    capped: Sequence[str] = ENFORCED_GRADES,
    fixed: Iterable[str] = (),
) -> dict[str, str]:
    """Rule (appraisal-rules §7, `enforce`): cap the grades in `capped` (S and A) at their
    quotas, best grade first.

    Where more people hold a capped grade than its quota, the lowest-ranked of them (by
    total) move down one grade — S to A, then A to B — and people with equal totals move
    together: a tie straddling the cut moves down as a whole, so the grade may end up
    below its quota but never above it. People in `fixed` (vetoed) are never moved.
    Nobody is ever moved up.
    """
    result = dict(grades)
    fixed_set = set(fixed)
    for grade in capped:
        if grade not in order or order.index(grade) + 1 >= len(order):
            continue
        lower = order[order.index(grade) + 1]
        holders = [key for key, g in result.items() if g == grade and key not in fixed_set]
        quota = quotas.get(grade, 0)
        excess = sum(1 for g in result.values() if g == grade) - quota
        if excess <= 0:
            continue
        # Lowest totals first; whole tie groups move until the excess is gone.
        holders.sort(key=lambda key: totals[key])
        moved = 0
        index = 0
        while moved < excess and index < len(holders):
            tie_total = totals[holders[index]]
            while index < len(holders) and totals[holders[index]] == tie_total:
                result[holders[index]] = lower
                moved += 1
                index += 1
    return result


# --------------------------------------------------------------------------- calibration


@dataclass(frozen=True)
class Override:
    """A final grade set by hand in calibration, with the written reason."""

    grade: str
    reason: str


def check_override(grade: str, reason: str, grades: Sequence[str] = GRADES) -> Override:
    """Rule (appraisal-rules §7, calibration): an override names one of the scheme's grades
    and carries a written reason. Raises ValidationError otherwise."""
    if grade not in grades:
        raise ValidationError.single(
            t("unknown grade {g}", "未知等级 {g}", g=grade),
            field="grade",
            allowed=", ".join(grades),
        )
    if not reason or not reason.strip():
        raise ValidationError.single(
            t(
                "a grade set by hand needs a written reason",
                "手动调整等级必须写明原因",
            ),
            field="reason",
        )
    return Override(grade, reason.strip())


# --------------------------------------------------------------------------- pay


def performance_pay(
    pay_base: Decimal,
    months: int,
    coefficient: Decimal,
    *,
    days_employed: int | None = None,
    days_in_period: int | None = None,
) -> Decimal:
    """Rule (appraisal-rules §7): performance pay = pay base × months in the period ×
    coefficient of the final grade; for a partial period × days employed in the period ÷
    days in the period; rounded half-up to the cent once, at the end."""
    amount = pay_base * months * coefficient
    if days_employed is not None:
        if not days_in_period:
            raise ValueError("a partial period needs the days in the period")
        amount = amount * days_employed / days_in_period
    result = round_half_up(amount, 2)
    return abs(result) if result == 0 else result


@dataclass(frozen=True)
class PayInput:
    """What a person's performance pay needs besides the grade: the monthly pay base and,
    for a person flagged partial period, the days employed in the period."""

    pay_base: Decimal
    days_employed: int | None = None


# --------------------------------------------------------------------------- development


def training_items(items: Iterable[ItemResult]) -> list[str]:
    """Rule (appraisal-rules §7, development): every capability item rated ≤ 2 (its item
    rating R) puts the person on the training list with that item."""
    return [
        item.name
        for item in items
        if item.kind is ItemKind.RATING
        and item.category == CAPABILITY
        and item.actual is not None
        and item.actual <= TRAINING_RATING
    ]


def development_flags(
    items: Iterable[ItemResult], final_grade: str, previous_grade: str | None
) -> list[str]:
    """Rule (appraisal-rules §7, development): ``training:<item>`` for each capability item
    rated ≤ 2; ``pip`` (performance improvement plan) for a C or D grade;
    ``promotion_candidate`` for an A-or-better grade after an A-or-better grade in the
    previous cycle of the same type. Nothing here ever proposes dismissal."""
    flags = [TRAINING_FLAG_PREFIX + name for name in training_items(items)]
    if final_grade in PIP_GRADES:
        flags.append(FLAG_PIP)
    if final_grade in PROMOTION_GRADES and previous_grade in PROMOTION_GRADES:
        flags.append(FLAG_PROMOTION)
    return flags


# --------------------------------------------------------------------------- a whole cycle


@dataclass(frozen=True)
class GradedResult:
    """One person's graded appraisal: the scorecard, the band, distributed and final
    grades (all kept visible), the override reason, coefficient, pay, rank and flags."""

    key: str
    scorecard: Scorecard
    band_grade: str
    distributed_grade: str
    final_grade: str
    coefficient: Decimal
    performance_pay: Decimal | None
    rank: int
    flags: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    override_reason: str | None = None

    @property
    def total(self) -> Decimal:
        return self.scorecard.total

    def to_json_dict(self) -> dict[str, Any]:
        """The scorecard as data-exchange §5 writes it, from ``items`` on, with grades,
        coefficient, pay and rank filled in (the service adds staff_code, name, role, unit)."""
        data = self.scorecard.to_json_dict()
        data.update(
            band_grade=self.band_grade,
            distributed_grade=self.distributed_grade,
            final_grade=self.final_grade,
            coefficient=str(self.coefficient),
            performance_pay=None
            if self.performance_pay is None
            else format(self.performance_pay, "f"),
            rank=self.rank,
            warnings=list(self.warnings),
            flags=list(self.flags),
        )
        return data


@dataclass(frozen=True)
class GradeCount:
    """One grade's line of the distribution summary."""

    grade: str
    share: Decimal
    quota: int
    band_count: int
    distributed_count: int
    final_count: int
    excess: bool

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "grade": self.grade,
            "share": str(self.share),
            "quota": self.quota,
            "count_before": self.band_count,
            "count_after": self.distributed_count,
            "count_final": self.final_count,
            "excess": self.excess,
        }


@dataclass(frozen=True)
class DistributionSummary:
    """The distribution of a cycle (appraisal-rules §7): per grade the share, the quota,
    the count by band, after distribution and final, and whether it is over its quota."""

    mode: DistributionMode
    headcount: int
    grades: tuple[GradeCount, ...]

    @property
    def excess_grades(self) -> tuple[str, ...]:
        return tuple(row.grade for row in self.grades if row.excess)

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "mode": self.mode.value,
            "headcount": self.headcount,
            "grades": [row.to_json_dict() for row in self.grades],
        }


@dataclass(frozen=True)
class CycleGrading:
    """The graded results of a cycle (best rank first) and its distribution summary."""

    results: tuple[GradedResult, ...]
    distribution: DistributionSummary

    def by_key(self) -> dict[str, GradedResult]:
        return {result.key: result for result in self.results}


def grade_cycle(
    scorecards: Mapping[str, Scorecard],
    settings: GradingSettings,
    period: Period,
    *,
    pay: Mapping[str, PayInput] | None = None,
    overrides: Mapping[str, Override] | None = None,
    previous_grades: Mapping[str, str | None] | None = None,
) -> CycleGrading:
    """Grade a whole cycle (appraisal-rules §7).

    `scorecards` are keyed by person (staff code). Steps: band grade from the rounded
    total (a veto: the lowest grade); quotas from the shares by largest remainder over all
    participants; the distributed grade (`off` and `advisory`: the band grade; `enforce`:
    S and A capped, ties moving together, vetoed people staying lowest); the final grade
    (a calibration override where there is one — never for a vetoed person, whose
    override is ignored with a warning); rank (competition ranking by total); coefficient
    and performance pay of the final grade (people without a pay input get none; a pay
    input with days employed is a partial period and adds the flag ``partial_period``);
    development flags (`previous_grades`: the final grades of the previous cycle of the
    same type).

    Excess flags: `advisory` flags each grade whose band count is over its quota;
    `enforce` each grade still over its quota after distribution (only B, C and D can
    be); `off` flags nothing (the quotas are still shown).
    """
    pay = pay or {}
    overrides = overrides or {}
    previous_grades = previous_grades or {}
    order = settings.grades
    lowest = settings.lowest_grade
    totals = {key: card.total for key, card in scorecards.items()}
    vetoed = {key for key, card in scorecards.items() if card.veto}

    bands = {
        key: lowest if key in vetoed else band_grade(card.total, settings.bands)
        for key, card in scorecards.items()
    }
    quotas = quota_counts(settings.shares, len(scorecards), order)
    if settings.mode is DistributionMode.ENFORCE:
        distributed = enforce_distribution(bands, totals, quotas, order, fixed=vetoed)
    else:
        distributed = dict(bands)
    ranks = competition_ranks(totals)

    results: list[GradedResult] = []
    finals: dict[str, str] = {}
    for key, card in scorecards.items():
        warnings = list(card.warnings)
        final = distributed[key]
        reason: str | None = None
        override = overrides.get(key)
        if override is not None:
            if key in vetoed:
                warnings.append(
                    t(
                        "calibration override to {g} ignored: a veto keeps the lowest grade",
                        "校准调整为 {g} 未生效：一票否决者保持最低等级",
                        g=override.grade,
                    )
                )
            else:
                final, reason = override.grade, override.reason
        finals[key] = final
        coefficient = coefficient_for(final, settings.coefficients)
        flags = list(card.flags)
        amount: Decimal | None = None
        person_pay = pay.get(key)
        if person_pay is not None:
            amount = performance_pay(
                person_pay.pay_base,
                period.month_count,
                coefficient,
                days_employed=person_pay.days_employed,
                days_in_period=period.days,
            )
            if person_pay.days_employed is not None and FLAG_PARTIAL_PERIOD not in flags:
                flags.insert(0, FLAG_PARTIAL_PERIOD)
        for flag in development_flags(card.items, final, previous_grades.get(key)):
            if flag not in flags:
                flags.append(flag)
        results.append(
            GradedResult(
                key=key,
                scorecard=card,
                band_grade=bands[key],
                distributed_grade=distributed[key],
                final_grade=final,
                coefficient=coefficient,
                performance_pay=amount,
                rank=ranks[key],
                flags=tuple(flags),
                warnings=tuple(warnings),
                override_reason=reason,
            )
        )
    results.sort(key=lambda r: (r.rank, r.key))
    summary = distribution_summary(settings, quotas, bands, distributed, finals)
    return CycleGrading(tuple(results), summary)


def _count(grades: Mapping[str, str], grade: str) -> int:
    return sum(1 for g in grades.values() if g == grade)


def distribution_summary(
    settings: GradingSettings,
    quotas: Mapping[str, int],
    bands: Mapping[str, str],
    distributed: Mapping[str, str],
    finals: Mapping[str, str],
) -> DistributionSummary:
    """The per-grade summary of a cycle's distribution (see :func:`grade_cycle` for when a
    grade is flagged as over its quota)."""
    rows = []
    for grade in settings.grades:
        band_count = _count(bands, grade)
        distributed_count = _count(distributed, grade)
        quota = quotas.get(grade, 0)
        if settings.mode is DistributionMode.ADVISORY:
            excess = band_count > quota
        elif settings.mode is DistributionMode.ENFORCE:
            excess = distributed_count > quota
        else:
            excess = False
        rows.append(
            GradeCount(
                grade=grade,
                share=settings.shares.get(grade, ZERO),
                quota=quota,
                band_count=band_count,
                distributed_count=distributed_count,
                final_count=_count(finals, grade),
                excess=excess,
            )
        )
    return DistributionSummary(settings.mode, len(bands), tuple(rows))
