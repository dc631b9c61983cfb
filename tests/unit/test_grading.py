"""Grading (appraisal-rules §7): bands, coefficients, largest-remainder quotas, advisory and
enforced distribution, calibration, ranks, performance pay and development flags —
hand-worked examples and property tests."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesdesk.domain.default_schemes import default_scheme_documents
from salesdesk.domain.errors import ValidationError
from salesdesk.domain.grading import (
    DistributionMode,
    GradingSettings,
    Override,
    PayInput,
    band_grade,
    check_override,
    coefficient_for,
    competition_ranks,
    development_flags,
    enforce_distribution,
    grade_cycle,
    performance_pay,
    quota_counts,
)
from salesdesk.domain.periods import Period
from salesdesk.domain.scoring import (
    Adjustment,
    AdjustmentKind,
    ItemKind,
    ItemResult,
    Rating,
    Scorecard,
    build_scorecard,
    score_rating_item,
)

D = Decimal
ORDER = ("S", "A", "B", "C", "D")
DEFAULT = GradingSettings()
SHARES = {"S": 10, "A": 20, "B": 40, "C": 20, "D": 10}
Q1 = Period.quarter(2026, 1)  # 90 days: 31 + 28 + 31


def card(total: str, *, veto: bool = False, items: tuple[ItemResult, ...] = ()) -> Scorecard:
    """A scorecard whose single item scores `total` (so the total is exactly that)."""
    item = ItemResult(name="t", weight=D(100), kind=ItemKind.METRIC, score=D(total), explanation="")
    adjustments = [Adjustment(AdjustmentKind.VETO, "违规")] if veto else []
    return build_scorecard([item, *items], adjustments)


def settings(mode: DistributionMode) -> GradingSettings:
    return GradingSettings(mode=mode)


# --------------------------------------------------------------------------- bands


@pytest.mark.parametrize(
    ("total", "grade"),
    [
        ("120", "S"),
        ("95", "S"),
        ("94.99", "A"),
        ("94.995", "S"),  # rounded half-up to 95.00 first
        ("85", "A"),
        ("84.99", "B"),
        ("70", "B"),
        ("60", "C"),
        ("59.99", "D"),
        ("0", "D"),
    ],
)
def test_default_bands(total: str, grade: str) -> None:
    assert band_grade(D(total), DEFAULT.bands) == grade


def test_coefficients() -> None:
    expected = {"S": "1.5", "A": "1.2", "B": "1.0", "C": "0.7", "D": "0"}
    assert {g: str(coefficient_for(g, DEFAULT.coefficients)) for g in ORDER} == expected


def test_settings_from_every_default_scheme() -> None:
    for doc in default_scheme_documents():
        parsed = GradingSettings.from_scheme(doc)
        assert parsed.grades == ORDER
        assert parsed.mode is DistributionMode.ADVISORY
        assert sum(parsed.shares.values()) == 100
        assert parsed == DEFAULT
    custom = GradingSettings.from_scheme(
        {
            "distribution": {
                "mode": "enforce",
                "shares": {"S": 5, "A": 25, "B": 40, "C": 20, "D": 10},
            }
        }
    )
    assert custom.mode is DistributionMode.ENFORCE and custom.shares["S"] == 5


# --------------------------------------------------------------------------- quotas


def test_quotas_for_seven_people() -> None:
    # 7 × 10/20/40/20/10 % = 0.7 / 1.4 / 2.8 / 1.4 / 0.7 → floors 0 / 1 / 2 / 1 / 0 = 4;
    # 3 left go by remainder: B (.8), then S and D tie at .7 — the better grade first, and
    # both fit (3 places) → S 1, A 1, B 3, C 1, D 1 = 7. A and C (.4) get nothing more.
    assert quota_counts(SHARES, 7, ORDER) == {"S": 1, "A": 1, "B": 3, "C": 1, "D": 1}


def test_quotas_tie_goes_to_the_better_grade() -> None:
    # 3 × shares = 0.3 / 0.6 / 1.2 / 0.6 / 0.3 → floors 0 / 0 / 1 / 0 / 0; 2 left:
    # remainders A .6 = C .6 (tie: A first, then C) → S 0, A 1, B 1, C 1, D 0.
    assert quota_counts(SHARES, 3, ORDER) == {"S": 0, "A": 1, "B": 1, "C": 1, "D": 0}
    # 2 people → 0.2 / 0.4 / 0.8 / 0.4 / 0.2 → B (.8), then A (.4) before C (.4).
    assert quota_counts(SHARES, 2, ORDER) == {"S": 0, "A": 1, "B": 1, "C": 0, "D": 0}
    # 5 people → 0.5 / 1 / 2 / 1 / 0.5 → S (.5) before D (.5).
    assert quota_counts(SHARES, 5, ORDER) == {"S": 1, "A": 1, "B": 2, "C": 1, "D": 0}


def test_quotas_exact_and_empty() -> None:
    assert quota_counts(SHARES, 10, ORDER) == {"S": 1, "A": 2, "B": 4, "C": 2, "D": 1}
    assert quota_counts(SHARES, 0, ORDER) == dict.fromkeys(ORDER, 0)


@given(
    cuts=st.lists(st.integers(min_value=0, max_value=1000), min_size=4, max_size=4),
    headcount=st.integers(min_value=0, max_value=500),
)
def test_quotas_add_up_to_the_headcount(cuts: list[int], headcount: int) -> None:
    # Shares summing to exactly 100 (one decimal place): four cut points on 0–100.0.
    points = [0, *sorted(cuts), 1000]
    shares = {g: D(points[i + 1] - points[i]) / 10 for i, g in enumerate(ORDER)}
    assert sum(shares.values()) == 100
    counts = quota_counts(shares, headcount, ORDER)
    assert sum(counts.values()) == headcount
    for grade in ORDER:  # each count is its exact share rounded down or up
        exact = shares[grade] * headcount / 100
        assert exact - 1 < counts[grade] <= exact + 1


# --------------------------------------------------------------------------- ranks


def test_competition_ranking() -> None:
    totals = {"a": D("90"), "b": D("85"), "c": D("85"), "d": D("80")}
    assert competition_ranks(totals) == {"a": 1, "b": 2, "c": 2, "d": 4}


@given(st.dictionaries(st.text(max_size=3), st.integers(0, 10).map(D), max_size=12))
def test_rank_is_one_plus_the_people_strictly_ahead(totals: dict[str, Decimal]) -> None:
    ranks = competition_ranks(totals)
    for key, total in totals.items():
        assert ranks[key] == 1 + sum(1 for other in totals.values() if other > total)


# --------------------------------------------------------------------------- distribution


def _ten(totals: list[str]) -> dict[str, Scorecard]:
    return {f"S{i:03d}": card(total) for i, total in enumerate(totals, start=1)}


def test_advisory_shows_counts_beside_quotas_and_flags_each_excess() -> None:
    # 10 people, quotas S1 A2 B4 C2 D1; bands: S 3, A 2, B 2, C 1, D 2 → S and D over.
    cards = _ten(["98", "97", "96", "90", "86", "75", "72", "65", "50", "40"])
    graded = grade_cycle(cards, settings(DistributionMode.ADVISORY), Q1)
    rows = {row.grade: row for row in graded.distribution.grades}
    assert {g: (r.quota, r.band_count, r.distributed_count) for g, r in rows.items()} == {
        "S": (1, 3, 3),
        "A": (2, 2, 2),
        "B": (4, 2, 2),
        "C": (2, 1, 1),
        "D": (1, 2, 2),
    }
    assert graded.distribution.excess_grades == ("S", "D")
    # advisory changes nobody's grade
    assert all(r.band_grade == r.distributed_grade == r.final_grade for r in graded.results)


def test_off_mode_flags_nothing() -> None:
    cards = _ten(["98", "97", "96", "90", "86", "75", "72", "65", "50", "40"])
    graded = grade_cycle(cards, settings(DistributionMode.OFF), Q1)
    assert graded.distribution.excess_grades == ()
    assert graded.distribution.to_json_dict()["mode"] == "off"


def test_enforce_moves_the_lowest_ranked_down_then_caps_a() -> None:
    # 10 people, quotas S1 A2. Band S: 98, 97, 96 → 2 too many: 96 and 97 move to A.
    # A now: 97, 96 (from S), 90, 86 → 2 too many: 86 and 90 move to B.
    cards = _ten(["98", "97", "96", "90", "86", "75", "72", "65", "50", "40"])
    graded = grade_cycle(cards, settings(DistributionMode.ENFORCE), Q1).by_key()
    assert [graded[f"S{i:03d}"].distributed_grade for i in range(1, 11)] == [
        "S", "A", "A", "B", "B", "B", "B", "C", "D", "D"
    ]  # fmt: skip
    assert graded["S002"].band_grade == "S"


def test_enforce_moves_a_tie_straddling_the_s_cut_down_as_a_whole() -> None:
    # Quota S = 1. Band S: 98, 98, 96 → 2 too many. The 96 moves first (1 moved); the cut
    # then falls inside the tie at 98, so both 98s move too: S ends with 0 (never 2).
    # A then holds 98, 98, 96 + band A 90 → quota 2: 90 and 96 move to B; the 98s stay A.
    cards = _ten(["98", "98", "96", "90", "75", "74", "72", "65", "50", "40"])
    graded = grade_cycle(cards, settings(DistributionMode.ENFORCE), Q1)
    by_key = graded.by_key()
    assert [by_key[k].distributed_grade for k in ("S001", "S002", "S003", "S004")] == [
        "A",
        "A",
        "B",
        "B",
    ]
    rows = {row.grade: row for row in graded.distribution.grades}
    assert (rows["S"].quota, rows["S"].band_count, rows["S"].distributed_count) == (1, 3, 0)
    assert (rows["A"].quota, rows["A"].band_count, rows["A"].distributed_count) == (2, 1, 2)
    assert rows["B"].distributed_count == 5
    assert rows["B"].excess  # B 5 > 4 is not capped by enforce, only flagged
    data = graded.distribution.to_json_dict()
    assert data["grades"][0] == {
        "grade": "S",
        "share": "10",
        "quota": 1,
        "count_before": 3,
        "count_after": 0,
        "count_final": 0,
        "excess": False,
    }


def test_vetoed_people_stay_lowest_and_overrides_cannot_lift_them() -> None:
    cards = _ten(["98", "90", "80", "75", "72", "70", "65", "62", "50", "40"])
    cards["S001"] = card("98", veto=True)  # total becomes 0
    graded = grade_cycle(
        cards,
        settings(DistributionMode.ENFORCE),
        Q1,
        overrides={"S001": Override("A", "复核后认定")},
    ).by_key()
    vetoed = graded["S001"]
    assert vetoed.total == 0
    assert (vetoed.band_grade, vetoed.distributed_grade, vetoed.final_grade) == ("D", "D", "D")
    assert vetoed.override_reason is None
    assert any("veto" in w for w in vetoed.warnings)
    assert "pip" in vetoed.flags


def test_calibration_override_keeps_all_three_grades() -> None:
    cards = _ten(["98", "97", "96", "90", "86", "75", "72", "65", "50", "40"])
    graded = grade_cycle(
        cards,
        settings(DistributionMode.ENFORCE),
        Q1,
        overrides={"S002": Override("S", "年度最大合同，校准会一致同意")},
    )
    person = graded.by_key()["S002"]
    assert (person.band_grade, person.distributed_grade, person.final_grade) == ("S", "A", "S")
    assert person.override_reason == "年度最大合同，校准会一致同意"
    assert person.coefficient == D("1.5")
    rows = {row.grade: row for row in graded.distribution.grades}
    assert (rows["S"].distributed_count, rows["S"].final_count) == (1, 2)
    data = person.to_json_dict()
    assert (data["band_grade"], data["distributed_grade"], data["final_grade"]) == ("S", "A", "S")


def test_check_override() -> None:
    assert check_override("B", " 客户投诉 ") == Override("B", "客户投诉")
    with pytest.raises(ValidationError):
        check_override("B", "  ")
    with pytest.raises(ValidationError):
        check_override("E", "x")


# --------------------------------------------------------------------------- pay


def test_performance_pay_full_period() -> None:
    # 3000 × 3 months × 1.2 = 10800.00
    assert performance_pay(D(3000), 3, D("1.2")) == D("10800.00")


def test_performance_pay_rounds_half_up_to_the_cent() -> None:
    # 1000.15 × 1 × 0.7 = 700.105 → 700.11 (half-up; banker's rounding would give 700.10)
    assert performance_pay(D("1000.15"), 1, D("0.7")) == D("700.11")


def test_performance_pay_pro_rated_for_a_partial_period() -> None:
    # Q1 2026 = 90 days; joined 2026-02-13 → employed 16 + 31 = 47 days.
    # 2345.67 × 3 × 1.2 = 8444.412; × 47 ÷ 90 = 4409.8596 → 4409.86
    assert performance_pay(D("2345.67"), 3, D("1.2"), days_employed=47, days_in_period=90) == D(
        "4409.86"
    )


def test_pay_and_partial_flag_in_a_cycle() -> None:
    cards = {"S001": card("90"), "S002": card("90"), "S003": card("50")}
    graded = grade_cycle(
        cards,
        settings(DistributionMode.OFF),
        Q1,
        pay={
            "S001": PayInput(D(3000)),
            "S002": PayInput(D("2345.67"), days_employed=47),
            "S003": PayInput(D(3000)),
        },
    ).by_key()
    assert graded["S001"].performance_pay == D("10800.00")  # A: 3000 × 3 × 1.2
    assert graded["S002"].performance_pay == D("4409.86")
    assert graded["S002"].flags[0] == "partial_period"
    assert graded["S003"].performance_pay == D("0.00")  # D: coefficient 0
    assert graded["S001"].to_json_dict()["performance_pay"] == "10800.00"
    assert graded["S001"].to_json_dict()["coefficient"] == "1.2"
    assert graded["S001"].rank == graded["S002"].rank == 1 and graded["S003"].rank == 3


def test_no_pay_input_means_no_pay() -> None:
    graded = grade_cycle({"S001": card("90")}, DEFAULT, Q1).by_key()
    assert graded["S001"].performance_pay is None
    assert graded["S001"].to_json_dict()["performance_pay"] is None


# --------------------------------------------------------------------------- development


def _rated(name: str, category: str, value: int) -> ItemResult:
    return score_rating_item(name, D(5), [Rating("supervisor", value, "例")], category=category)


def test_training_for_each_capability_item_rated_two_or_below() -> None:
    items = [
        _rated("专业知识", "capability", 2),
        _rated("沟通谈判能力", "capability", 1),
        _rated("团队协作", "capability", 3),
        _rated("团队领导力", "team", 1),  # not a capability item
    ]
    assert development_flags(items, "B", None) == ["training:专业知识", "training:沟通谈判能力"]


def test_pip_for_c_or_d_and_promotion_after_two_a_or_better() -> None:
    assert development_flags([], "C", None) == ["pip"]
    assert development_flags([], "D", "S") == ["pip"]
    assert development_flags([], "A", "S") == ["promotion_candidate"]
    assert development_flags([], "S", "A") == ["promotion_candidate"]
    assert development_flags([], "A", "B") == []
    assert development_flags([], "S", None) == []
    assert development_flags([], "B", "A") == []


def test_cycle_flags_and_json() -> None:
    weak = _rated("专业知识", "capability", 2)  # 5 × 2 ÷ 5 = 2
    cards = {"S001": card("90", items=(weak,)), "S002": card("62")}  # 92 → A; 62 → C
    graded = grade_cycle(cards, DEFAULT, Q1, previous_grades={"S001": "S", "S002": "A"})
    by_key = graded.by_key()
    assert by_key["S001"].flags == ("training:专业知识", "promotion_candidate")
    assert by_key["S002"].flags == ("pip",)
    allowed = ("partial_period", "training:", "pip", "promotion_candidate", "unrated:")
    for result in graded.results:
        assert all(flag.startswith(allowed) for flag in result.flags)
        assert not any("dismiss" in flag for flag in result.flags)
    data = by_key["S001"].to_json_dict()
    assert list(data) == [
        "items", "bonus", "deduction", "veto", "total", "band_grade", "distributed_grade",
        "final_grade", "coefficient", "performance_pay", "rank", "warnings", "flags",
    ]  # fmt: skip
    assert (data["total"], data["final_grade"], data["rank"]) == ("92.00", "A", 1)
    assert [r.key for r in graded.results] == ["S001", "S002"]


# --------------------------------------------------------------------------- enforcement laws

# Totals from a small set so that ties are common.
_totals = st.sampled_from([D(x) for x in ("99", "97", "97", "95", "92", "88", "85", "80", "60")])


@given(totals=st.lists(_totals, min_size=0, max_size=25))
def test_enforcement_laws(totals: list[Decimal]) -> None:
    """The invariant tested, for S then A (the capped grades), with g the grade and
    "entering g" the people in g when its cap is applied (band g, plus for A those moved
    down from S):

    1. nobody ends above their band grade (enforcement never raises a grade);
    2. equal totals end in equal grades (a tie is never split);
    3. at most quota(g) people end in g — a tie at the cut moves down whole, so it never
       leaves g over quota; it may leave g under quota;
    4. those who left g all have lower totals than everyone who stayed in g;
    5. nobody left g needlessly: if anyone left, putting back the best tie group that
       left would put g over its quota;
    6. B, C and D are never changed except by receiving people from above.
    """
    keys = [f"P{i:02d}" for i in range(len(totals))]
    by_key = dict(zip(keys, totals, strict=True))
    bands = {k: band_grade(v, DEFAULT.bands) for k, v in by_key.items()}
    quotas = quota_counts(DEFAULT.shares, len(keys), ORDER)
    after = enforce_distribution(bands, by_key, quotas, ORDER)

    for k in keys:
        assert ORDER.index(after[k]) >= ORDER.index(bands[k])  # 1
        if bands[k] not in ("S", "A"):
            assert after[k] == bands[k]  # 6
    for a in keys:
        for b in keys:
            if by_key[a] == by_key[b]:
                assert after[a] == after[b]  # 2
    for grade in ("S", "A"):
        level = ORDER.index(grade)
        entering = [
            k for k in keys if ORDER.index(bands[k]) <= level and ORDER.index(after[k]) >= level
        ]
        stayed = [k for k in entering if after[k] == grade]
        left = [k for k in entering if after[k] != grade]
        assert len(stayed) <= quotas[grade]  # 3
        if left:
            best_left = max(by_key[k] for k in left)
            assert all(by_key[s] > best_left for s in stayed)  # 4
            best_group = sum(1 for k in left if by_key[k] == best_left)
            assert len(stayed) + best_group > quotas[grade]  # 5


@given(total=st.decimals(min_value=0, max_value=150, places=2))
def test_coefficients_map_from_the_band(total: Decimal) -> None:
    expected = (
        D("1.5") if total >= 95 else
        D("1.2") if total >= 85 else
        D("1.0") if total >= 70 else
        D("0.7") if total >= 60 else
        D("0")
    )  # fmt: skip
    assert coefficient_for(band_grade(total, DEFAULT.bands), DEFAULT.coefficients) == expected


@given(totals=st.lists(_totals, min_size=1, max_size=20))
def test_cycle_counts_add_up(totals: list[Decimal]) -> None:
    cards = {f"P{i:02d}": card(str(v)) for i, v in enumerate(totals)}
    graded = grade_cycle(cards, settings(DistributionMode.ENFORCE), Q1)
    rows = graded.distribution.grades
    n = len(totals)
    assert sum(r.quota for r in rows) == n
    assert sum(r.band_count for r in rows) == n
    assert sum(r.distributed_count for r in rows) == n
    assert Counter(r.final_grade for r in graded.results) == {
        r.grade: r.final_count for r in rows if r.final_count
    }
