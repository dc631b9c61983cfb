"""Scoring (appraisal-rules §5): every metric rule by hand-worked examples, ↓ metrics,
missing data, ratings, key tasks, period results, adjustments, totals and the scorecard
JSON (data-exchange §5) — and property tests that a printed scorecard adds up."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesdesk.domain.default_schemes import default_scheme_documents
from salesdesk.domain.errors import ValidationError
from salesdesk.domain.metrics import BUILTIN_BY_CODE
from salesdesk.domain.scoring import (
    AchievementRule,
    Adjustment,
    AdjustmentKind,
    BandedRule,
    DirectRule,
    InterpolatedRule,
    ItemInputs,
    ItemKind,
    ItemResult,
    KeyTask,
    LinearRule,
    PerUnitRule,
    Rating,
    SchemeScorer,
    ThresholdRule,
    build_scorecard,
    check_adjustment,
    check_completion,
    check_rating,
    counted_bonus,
    format_metric_value,
    item_rating,
    role_mean,
    role_means,
    rule_cap,
    rule_from_document,
    score_key_tasks_item,
    score_metric_item,
    score_period_results_item,
    score_rating_item,
    score_scheme,
    scorecard_total,
)
from salesdesk.domain.text import set_language

D = Decimal
M = BUILTIN_BY_CODE
REVENUE = M["revenue"]  # money ↑
COLLECTION = M["collection_rate"]  # percent ↑ (values are fractions)
NEW_CUSTOMERS = M["new_customers"]  # count ↑
EXPENSE = M["sales_expense_ratio"]  # percent ↓
OVERDUE = M["overdue_receivables"]  # money ↓
SATISFACTION = M["satisfaction"]  # points 0–100 ↑


def metric_score(
    rule: Any, weight: str, actual: str | None, target: str | None, metric: Any = None
) -> Decimal:
    result = score_metric_item(
        "item",
        D(weight),
        metric or COLLECTION,
        rule,
        None if actual is None else D(actual),
        None if target is None else D(target),
    )
    return result.score


# --------------------------------------------------------------------------- linear


def test_linear_worked_example_with_chinese_explanation() -> None:
    # W = 20, A = 92 %, T = 95 % → a = 0.92 ÷ 0.95 = 0.968421… ≥ floor 0.6, ≤ cap 1.2
    # → 20 × 0.968421… = 19.368… → 19.37 (half-up).
    set_language("zh")
    result = score_metric_item("回款率", D(20), COLLECTION, LinearRule(), D("0.92"), D("0.95"))
    assert result.score == D("19.37")
    assert result.achievement is not None
    assert round(result.achievement, 4) == D("0.9684")
    assert (
        result.explanation == "回款率 92.0% (目标 95.0%) → 达成 96.8% ≥ 60% → 20 × 0.9684 = 19.37"
    )
    assert result.warnings == ()


def test_linear_explanation_in_english_uses_the_metric_name() -> None:
    result = score_metric_item("回款率", D(20), COLLECTION, LinearRule(), D("0.92"), D("0.95"))
    assert result.explanation == (
        "Collection rate 92.0% (target 95.0%) → achievement 96.8% ≥ 60% → 20 × 0.9684 = 19.37"
    )


@pytest.mark.parametrize(
    ("actual", "expected"),
    [
        ("0.59", "0"),  # a = 0.59 < floor 0.6 → 0
        ("0.6", "12.00"),  # a = 0.6 = floor → 20 × 0.6 = 12
        ("1", "20.00"),  # a = 1 → 20
        ("1.2", "24.00"),  # a = cap → 20 × 1.2 = 24
        ("1.5", "24.00"),  # a = 1.5 > cap → 20 × 1.2 = 24
    ],
)
def test_linear_floor_and_cap(actual: str, expected: str) -> None:
    assert metric_score(LinearRule(), "20", actual, "1") == D(expected)


def test_linear_with_custom_floor_and_cap() -> None:
    # floor 0.8, cap 1.1: a = 0.79 → 0; a = 1.3 → 10 × 1.1 = 11
    rule = LinearRule(floor=D("0.8"), cap=D("1.1"))
    assert metric_score(rule, "10", "0.79", "1") == 0
    assert metric_score(rule, "10", "1.3", "1") == D("11.00")


def test_linear_capped_explanation() -> None:
    result = score_metric_item("x", D(20), COLLECTION, LinearRule(), D("1.5"), D("1"))
    assert result.explanation.endswith("achievement 150.0% > cap 120% → 20 × 1.2 = 24.00")


def test_rounding_is_half_up() -> None:
    # W = 5, a = 0.825 → 5 × 0.825 = 4.125 exactly → half-up 4.13 (banker's would be 4.12).
    assert metric_score(LinearRule(), "5", "0.825", "1") == D("4.13")


# --------------------------------------------------------------------------- interpolated


@pytest.mark.parametrize(
    ("actual", "expected"),
    [
        ("0.6", "0"),  # a ≤ low 0.6 → 0
        ("0.8", "12.50"),  # 25 × (0.8 − 0.6) ÷ (1 − 0.6) = 25 × 0.5 = 12.5
        ("0.99", "24.38"),  # 25 × 0.39 ÷ 0.4 = 24.375 → 24.38
        ("1", "25.00"),  # a = 1 → 25 × (1 + 0.2 × 0 ÷ 0.2) = 25
        ("1.1", "27.50"),  # 25 × (1 + 0.2 × 0.1 ÷ 0.2) = 25 × 1.1 = 27.5
        ("1.5", "30.00"),  # min(1.5, high 1.2) → 25 × (1 + 0.2) = 30
    ],
)
def test_interpolated(actual: str, expected: str) -> None:
    assert metric_score(InterpolatedRule(), "25", actual, "1") == D(expected)


def test_interpolated_explanation() -> None:
    result = score_metric_item("x", D(25), REVENUE, InterpolatedRule(), D("800000"), D("1000000"))
    assert result.explanation == (
        "Revenue 800,000.00 (target 1,000,000.00) → achievement 80.0% → "
        "25 × (0.8 − 0.6) ÷ (1 − 0.6) = 12.50"
    )


# --------------------------------------------------------------------------- banded


@pytest.mark.parametrize(
    ("actual", "expected"),
    [
        ("12", "10.00"),  # a = 1.2 ≥ 1.0 → 10 × 1.0
        ("10", "10.00"),  # a = 1.0 exactly: the top band → 10
        ("9.99", "8.00"),  # a = 0.999 < 1.0, ≥ 0.9 → 10 × 0.8
        ("9", "8.00"),  # a = 0.9 exactly → 0.8
        ("8", "6.00"),  # a = 0.8 → 0.6
        ("7", "4.00"),  # a = 0.7 → 0.4
        ("6.99", "0"),  # a = 0.699 below every band → 0
    ],
)
def test_banded_edges(actual: str, expected: str) -> None:
    assert metric_score(BandedRule(), "10", actual, "10", NEW_CUSTOMERS) == D(expected)


def test_banded_explanation_uses_counts_as_integers() -> None:
    result = score_metric_item("x", D(10), NEW_CUSTOMERS, BandedRule(), D(8), D(10))
    assert (
        result.explanation
        == "New customers 8 (target 10) → achievement 80.0% ≥ 80% → 10 × 0.6 = 6.00"
    )
    low = score_metric_item("x", D(10), NEW_CUSTOMERS, BandedRule(), D(6), D(10))
    assert low.explanation.endswith("achievement 60.0% < 70% → 0")


# --------------------------------------------------------------------------- threshold


def test_threshold() -> None:
    # W if a ≥ 1, else 0.
    assert metric_score(ThresholdRule(), "10", "1", "1") == D("10.00")
    assert metric_score(ThresholdRule(), "10", "0.9999", "1") == 0
    assert metric_score(ThresholdRule(), "10", "3", "1") == D("10.00")


# --------------------------------------------------------------------------- per_unit


@pytest.mark.parametrize(
    ("actual", "expected"),
    [
        ("0", "5.00"),  # nothing overdue → 5
        ("9999.99", "5.00"),  # ⌊9999.99 ÷ 10000⌋ = 0 → 5
        ("35000", "2.00"),  # ⌊35000 ÷ 10000⌋ = 3 → 5 − 1 × 3 = 2
        ("49999.99", "1.00"),  # ⌊4.999999⌋ = 4 → 1
        ("50000", "0.00"),  # 5 → 0
        ("95000", "0.00"),  # 9 → 5 − 9 = −4, not below 0 → 0
    ],
)
def test_per_unit_floors(actual: str, expected: str) -> None:
    assert metric_score(PerUnitRule(), "5", actual, None, OVERDUE) == D(expected)


def test_per_unit_with_baseline_and_fractional_points() -> None:
    # baseline 20000, unit 5000, 0.5 points: A = 37000 → ⌊17000 ÷ 5000⌋ = 3 → 5 − 1.5 = 3.5
    rule = PerUnitRule(baseline=D(20000), unit=D(5000), points=D("0.5"))
    assert metric_score(rule, "5", "37000", "20000", OVERDUE) == D("3.50")
    # A below the baseline → max(0, A − baseline) = 0 → full 5
    assert metric_score(rule, "5", "1000", "20000", OVERDUE) == D("5.00")


def test_per_unit_explanation_and_no_target_needed() -> None:
    set_language("zh")
    result = score_metric_item("逾期应收款", D(5), OVERDUE, PerUnitRule(), D(35000), None)
    assert result.warnings == ()
    assert result.achievement is None
    assert result.explanation == (
        "逾期应收款 35,000.00 (基准 0.00，每 10,000.00 扣 1 分) → "
        "⌊(35,000.00 − 0.00) ÷ 10,000.00⌋ = 3 → 5 − 1 × 3 = 2.00"
    )
    floored = score_metric_item("逾期应收款", D(5), OVERDUE, PerUnitRule(), D(95000), None)
    assert floored.explanation.endswith("5 − 1 × 9 < 0 → 0")


def test_per_unit_without_actual_is_no_data() -> None:
    result = score_metric_item("x", D(5), OVERDUE, PerUnitRule(), None, D(0))
    assert result.score == 0
    assert result.warnings == ("no data",)


# --------------------------------------------------------------------------- direct


@pytest.mark.parametrize(
    ("actual", "expected"),
    [
        ("88.5", "4.43"),  # 5 × 88.5 ÷ 100 = 4.425 → half-up 4.43
        ("100", "5.00"),  # 5 × 100 ÷ 100
        ("120", "5.00"),  # min(120, 100) → 5
        ("0", "0.00"),
    ],
)
def test_direct_caps_at_100(actual: str, expected: str) -> None:
    assert metric_score(DirectRule(), "5", actual, None, SATISFACTION) == D(expected)


def test_direct_explanation() -> None:
    result = score_metric_item("x", D(5), SATISFACTION, DirectRule(), D(120), D(90))
    assert result.explanation == (
        "Customer satisfaction 120 (target 90) → 5 × min(120, 100) ÷ 100 = 5.00"
    )


# --------------------------------------------------------------------------- ↓ metrics


def test_lower_is_better_achievement_is_target_over_actual() -> None:
    # expense ratio T = 5 %, A = 4 % → a = 0.05 ÷ 0.04 = 1.25 > cap → 10 × 1.2 = 12
    assert metric_score(LinearRule(), "10", "0.04", "0.05", EXPENSE) == D("12.00")
    # A = 6.25 % → a = 0.05 ÷ 0.0625 = 0.8 → 10 × 0.8 = 8
    assert metric_score(LinearRule(), "10", "0.0625", "0.05", EXPENSE) == D("8.00")
    # A = 10 % → a = 0.5 < 0.6 → 0
    assert metric_score(LinearRule(), "10", "0.10", "0.05", EXPENSE) == 0


@pytest.mark.parametrize(
    ("rule", "expected_a", "expected"),
    [
        (LinearRule(), "1.2", "12.00"),  # cap 1.2 → 10 × 1.2
        (InterpolatedRule(), "1.2", "12.00"),  # high 1.2 → 10 × (1 + 0.2)
        (BandedRule(), "1.0", "10.00"),  # top band's min 1.0 → 10 × 1.0
        (ThresholdRule(), "1", "10.00"),  # a = 1 → W
    ],
)
def test_zero_actual_on_a_lower_is_better_metric_achieves_the_cap(
    rule: Any, expected_a: str, expected: str
) -> None:
    result = score_metric_item("x", D(10), EXPENSE, rule, D(0), D("0.05"))
    assert result.achievement == D(expected_a)
    assert result.score == D(expected)
    assert result.warnings == ()
    assert "actual 0: the rule's cap" in result.explanation
    assert rule_cap(rule) == D(expected_a)


def test_lower_is_better_target_zero_with_some_actual_achieves_zero() -> None:
    # T = 0 on a ↓ metric does not divide by T: a = 0 ÷ A = 0 → 0, no warning.
    result = score_metric_item("x", D(10), EXPENSE, LinearRule(), D("0.02"), D(0))
    assert result.score == 0
    assert result.achievement == 0
    assert result.warnings == ()


# --------------------------------------------------------------------------- missing data


def test_missing_target_scores_zero_with_a_warning() -> None:
    result = score_metric_item("回款率", D(20), COLLECTION, LinearRule(), D("0.9"), None)
    assert (result.score, result.warnings) == (D(0), ("no target",))
    assert result.explanation == "Collection rate 90.0% (target —) → no target → 0"


def test_missing_actual_scores_zero_with_a_warning() -> None:
    result = score_metric_item("回款率", D(20), COLLECTION, LinearRule(), None, D("0.95"))
    assert (result.score, result.warnings) == (D(0), ("no data",))


def test_missing_both_warns_twice_in_chinese() -> None:
    set_language("zh")
    result = score_metric_item("回款率", D(20), COLLECTION, LinearRule(), None, None)
    assert result.warnings == ("无目标", "无数据")
    assert result.score == 0


def test_target_zero_on_an_upward_metric_is_no_target() -> None:
    result = score_metric_item("x", D(20), REVENUE, LinearRule(), D(500), D(0))
    assert (result.score, result.warnings) == (D(0), ("no target",))
    assert result.achievement is None
    assert "the target is 0" in result.explanation


def test_direct_without_actual_is_no_data() -> None:
    result = score_metric_item("x", D(5), SATISFACTION, DirectRule(), None, None)
    assert (result.score, result.warnings) == (D(0), ("no data",))


# --------------------------------------------------------------------------- formats, rules


def test_format_metric_value_by_unit() -> None:
    assert format_metric_value(REVENUE.unit, D("1234567.5")) == "1,234,567.50"
    assert format_metric_value(COLLECTION.unit, D("0.9684")) == "96.8%"
    assert format_metric_value(NEW_CUSTOMERS.unit, D("1200")) == "1,200"
    assert format_metric_value(SATISFACTION.unit, D("88.50")) == "88.5"


def test_rule_from_document_reads_parameters_and_defaults() -> None:
    assert rule_from_document({"type": "linear"}) == LinearRule()
    assert rule_from_document({"type": "linear", "floor": "0.5", "cap": "1.5"}) == LinearRule(
        D("0.5"), D("1.5")
    )
    assert rule_from_document({"type": "banded", "bands": [["1.0", "1.0"], ["0.5", "0.6"]]}) == (
        BandedRule(((D("1.0"), D("1.0")), (D("0.5"), D("0.6"))))
    )
    assert rule_from_document({"type": "per_unit", "unit": "5000"}) == PerUnitRule(unit=D(5000))
    assert rule_from_document({"type": "threshold"}) == ThresholdRule()
    assert rule_from_document({"type": "direct"}) == DirectRule()
    assert rule_from_document({"type": "interpolated"}) == InterpolatedRule()
    with pytest.raises(ValueError):
        rule_from_document({"type": "magic"})


def test_every_default_scheme_rule_parses() -> None:
    for doc in default_scheme_documents():
        for item in doc["items"]:
            if item["kind"] == "metric":
                rule_from_document(item["rule"])


# --------------------------------------------------------------------------- ratings


@pytest.mark.parametrize(("value", "comment"), [(3, ""), (4, None), (5, "签下年度大单"), (1, "x")])
def test_check_rating_accepts(value: int, comment: str | None) -> None:
    assert check_rating(value, comment) == value


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0, "0"),
        (6, "6"),
        (3.5, "3.5"),
        (True, "True"),
        ("x", "“x”"),
        (D("2.5"), "2.5"),
        (D(7), "7"),
    ],
)
def test_check_rating_refuses_non_whole_or_out_of_range(value: object, shown: str) -> None:
    with pytest.raises(ValidationError) as caught:
        check_rating(value, "comment")
    # The value as the user typed it, never Python's spelling (Decimal('7')).
    assert str(caught.value).split("not ", 1)[1].startswith(shown)


@pytest.mark.parametrize("value", [5, 2, 1])
def test_check_rating_needs_a_comment_for_five_and_two_and_below(value: int) -> None:
    with pytest.raises(ValidationError) as caught:
        check_rating(value, "  ")
    assert "written example" in str(caught.value)
    set_language("zh")
    with pytest.raises(ValidationError) as caught:
        check_rating(value, None)
    assert "评语" in str(caught.value)


def test_role_mean_trims_only_from_five_ratings() -> None:
    # 4 ratings: plain mean (1 + 3 + 4 + 5) ÷ 4 = 3.25
    assert role_mean([1, 3, 4, 5]) == D("3.25")
    # 5 ratings: drop one 1 and one 5 → (3 + 3 + 4) ÷ 3 = 3.333…
    assert role_mean([5, 1, 3, 3, 4]) == D(10) / D(3)
    # Only a single highest and lowest go, even when repeated: [5, 5, 5, 1, 1] → (5 + 5 + 1) ÷ 3
    assert role_mean([5, 5, 5, 1, 1]) == D(11) / D(3)


def test_one_role_only_is_renormalised() -> None:
    # Only peers rated (weight 20 of 100) → renormalised to 100 %: R = peer mean 4
    # → W = 15 → 15 × 4 ÷ 5 = 12.
    result = score_rating_item("内部客户满意度", D(15), [Rating("peer", 4), Rating("peer", 4)])
    assert result.score == D("12.00")
    assert result.actual == D(4)


def test_rater_mix_with_trimmed_peers() -> None:
    # supervisor 4 (70); peers [5, 4, 1, 3, 3] → drop 5 and 1 → (4 + 3 + 3) ÷ 3 = 3.3333 (20);
    # self 5 (10) → R = (4 × 70 + 3.3333 × 20 + 5 × 10) ÷ 100 = 3.96667 → W = 5 → 3.97.
    ratings = [Rating("supervisor", 4), Rating("self", 5, "x")]
    ratings += [Rating("peer", v, "x") for v in (5, 4, 1, 3, 3)]
    result = score_rating_item("专业知识", D(5), ratings, category="capability")
    assert result.score == D("3.97")
    assert result.explanation == (
        "专业知识: supervisor mean 4 (weight 70), peer mean 3.3333 (weight 20, 5 ratings less "
        "highest and lowest), self mean 5 (weight 10) → R = (4×70 + 3.3333×20 + 5×10) ÷ 100 "
        "= 3.9667 → 5 × 3.9667 ÷ 5 = 3.97"
    )


def test_supervisor_and_peer_only_renormalise_over_ninety() -> None:
    # R = (4 × 70 + 3 × 20) ÷ 90 = 340 ÷ 90 = 3.777… → W = 10 → 7.555… → 7.56
    result = score_rating_item("x", D(10), [Rating("supervisor", 4), Rating("peer", 3)])
    assert result.score == D("7.56")
    assert "÷ 90" in result.explanation


def test_item_restricted_to_some_roles_leaves_others_out_with_a_warning() -> None:
    ratings = [Rating("peer", 4), Rating("supervisor", 1, "x")]
    result = score_rating_item("内部客户满意度", D(15), ratings, raters=["peer"])
    assert result.score == D("12.00")  # only the peer's 4 counts → 15 × 4 ÷ 5
    assert len(result.warnings) == 1 and "left out" in result.warnings[0]


def test_nobody_rated_scores_zero_and_blocks_confirmation() -> None:
    result = score_rating_item("团队协作", D(5), [])
    assert result.score == 0
    assert result.warnings == ("nobody rated this item",)
    assert result.flags == ("unrated:团队协作",)
    card = build_scorecard([result])
    assert not card.can_confirm
    assert "unrated:团队协作" in card.flags


def test_rated_only_by_zero_weight_roles_counts_as_unrated() -> None:
    # skip-level weighs 0 by default: its ratings cannot make an item rating.
    result = score_rating_item("x", D(5), [Rating("skip_level", 4)])
    assert result.score == 0
    assert result.flags == ("unrated:x",)


def test_role_means_and_item_rating() -> None:
    means = role_means([Rating("self", 3), Rating("supervisor", 5)], {"supervisor": 70, "self": 10})
    assert [m.role for m in means] == ["supervisor", "self"]
    # (5 × 70 + 3 × 10) ÷ 80 = 380 ÷ 80 = 4.75
    assert item_rating(means) == D("4.75")
    assert item_rating([]) is None


# --------------------------------------------------------------------------- key tasks


def test_key_tasks_with_an_unrated_task() -> None:
    # weights 40 / 30 / 30, completion 100 / 50 / not rated (0)
    # → (4000 + 1500 + 0) ÷ 100 = 55 % → 10 × 55 ÷ 100 = 5.50
    tasks = [
        KeyTask("华东新代理", D(40), D(100)),
        KeyTask("重点客户回款", D(30), D(50)),
        KeyTask("CRM 上线", D(30)),
    ]
    result = score_key_tasks_item("重点工作推进", D(10), tasks)
    assert result.score == D("5.50")
    assert result.actual == D(55)
    assert result.warnings == ("key task not rated yet, counted as 0 %: CRM 上线",)
    assert result.explanation == (
        "重点工作推进: 3 task(s), (40×100% + 30×50% + 30×0% (not rated)) ÷ 100 = 55.0% "
        "→ 10 × 0.55 = 5.50"
    )


def test_key_tasks_unequal_weights_round_half_up() -> None:
    # weights 1 / 2, completion 90 / 45 → (90 + 90) ÷ 3 = 60 → 10 × 0.6 = 6
    tasks = [KeyTask("a", D(1), D(90)), KeyTask("b", D(2), D(45))]
    assert score_key_tasks_item("k", D(10), tasks).score == D("6.00")
    # weights 1 / 1 / 1, completion 100 / 100 / 5 → 205 ÷ 3 = 68.333… → 7 × 0.68333 = 4.7833 → 4.78
    tasks = [KeyTask("a", D(1), D(100)), KeyTask("b", D(1), D(100)), KeyTask("c", D(1), D(5))]
    assert score_key_tasks_item("k", D(7), tasks).score == D("4.78")


def test_no_key_tasks_scores_zero_with_a_warning() -> None:
    result = score_key_tasks_item("重点工作推进", D(10), [])
    assert (result.score, result.warnings) == (D(0), ("no key tasks",))


def test_check_completion() -> None:
    assert check_completion(D(100)) == 100
    for bad in (D(-1), D("100.01")):
        with pytest.raises(ValidationError):
            check_completion(bad)


# --------------------------------------------------------------------------- period results


def test_period_results_mean_of_confirmed_totals() -> None:
    # mean (88 + 90.5 + 85 + 92) ÷ 4 = 88.875 → 60 × 88.875 ÷ 100 = 53.325 → half-up 53.33
    totals = [D(88), D("90.5"), D(85), D(92)]
    result = score_period_results_item("季度考核结果", D(60), totals)
    assert result.score == D("53.33")
    assert result.actual == D("88.875")
    assert result.explanation == (
        "季度考核结果: mean of 4 quarterly total(s) 88, 90.5, 85, 92 = 88.875 "
        "→ 60 × 88.875 ÷ 100 = 53.33"
    )


def test_period_results_without_totals() -> None:
    result = score_period_results_item("季度考核结果", D(60), [])
    assert result.score == 0
    assert result.warnings == ("no confirmed quarterly totals in the period",)


# --------------------------------------------------------------------------- adjustments, total


def _item(score: str, name: str = "i") -> ItemResult:
    return ItemResult(
        name=name, weight=D(100), kind=ItemKind.METRIC, score=D(score), explanation=""
    )


def test_bonus_is_capped_and_deductions_are_not() -> None:
    # bonuses 6 + 7 = 13 → counted 10 (cap); deductions 3 + 4.5 = 7.5 (no cap)
    # total = 80.25 + 10 − 7.5 = 82.75
    adjustments = [
        Adjustment(AdjustmentKind.BONUS, "大单", D(6)),
        Adjustment(AdjustmentKind.BONUS, "新市场", D(7)),
        Adjustment(AdjustmentKind.DEDUCTION, "迟交报表", D(3)),
        Adjustment(AdjustmentKind.DEDUCTION, "报价差错", D("4.5")),
    ]
    card = build_scorecard([_item("80.25")], adjustments, bonus_cap=D(10))
    assert (card.bonus, card.bonus_claimed, card.deduction) == (D("10.00"), D(13), D("7.50"))
    assert card.total == D("82.75")
    assert any("capped at 10" in w for w in card.warnings)
    assert counted_bonus([D(3), D(4)], D(10)) == D(7)


def test_veto_makes_the_total_zero() -> None:
    adjustments = [
        Adjustment(AdjustmentKind.BONUS, "大单", D(5)),
        Adjustment(AdjustmentKind.VETO, "收受回扣"),
    ]
    card = build_scorecard([_item("99.00")], adjustments)
    assert card.veto and card.total == D("0.00")
    assert card.veto_reasons == ("收受回扣",)
    assert card.to_json_dict()["veto"] is True


def test_total_is_not_below_zero_and_may_exceed_100() -> None:
    low = build_scorecard([_item("5.00")], [Adjustment(AdjustmentKind.DEDUCTION, "x", D(20))])
    assert low.total == D("0.00")
    high = build_scorecard([_item("110.00")], [Adjustment(AdjustmentKind.BONUS, "x", D(5))])
    assert high.total == D("115.00")


def test_total_sums_the_rounded_item_scores() -> None:
    # 19.365 + 19.365 unrounded would be 38.73; the rounded items 19.37 + 19.37 = 38.74.
    assert scorecard_total([D("19.365"), D("19.365")], D(0), D(0)) == D("38.74")


def test_check_adjustment() -> None:
    assert check_adjustment("bonus", D("2.5"), " 大单 ") == Adjustment(
        AdjustmentKind.BONUS, "大单", D("2.5")
    )
    assert check_adjustment("veto", None, "违规").points == 0
    for kind, points, reason in [
        ("bonus", D(2), " "),
        ("bonus", D(0), "x"),
        ("deduction", D(-1), "x"),
        ("deduction", D("0.001"), "x"),
        ("bonus", None, "x"),
        ("gift", D(1), "x"),
    ]:
        with pytest.raises(ValidationError):
            check_adjustment(kind, points, reason)


# --------------------------------------------------------------------------- scorecard JSON


def test_scorecard_json_matches_data_exchange() -> None:
    revenue = score_metric_item(
        "销售额达成率", D(30), REVENUE, LinearRule(), D("123456"), D("150000")
    )
    # a = 123456 ÷ 150000 = 0.82304 → 30 × 0.82304 = 24.6912 → 24.69
    rating = score_rating_item("专业知识", D(8), [])
    card = build_scorecard([revenue, rating], [Adjustment(AdjustmentKind.BONUS, "x", D(2))])
    data = card.to_json_dict()
    assert data["items"][0] == {
        "name": "销售额达成率",
        "weight": 30,
        "kind": "metric",
        "metric": "revenue",
        "actual": "123456.00",
        "target": "150000.00",
        "achievement": "0.8230",
        "score": "24.69",
        "explanation": revenue.explanation,
        "warnings": [],
    }
    assert data["items"][1]["metric"] is None
    assert data["items"][1]["actual"] is None
    assert data["items"][1]["score"] == "0.00"
    assert data["bonus"] == "2.00" and data["deduction"] == "0.00"
    assert data["total"] == "26.69"
    assert data["veto"] is False
    for key in ("band_grade", "distributed_grade", "final_grade", "coefficient", "rank"):
        assert data[key] is None
    assert data["flags"] == ["unrated:专业知识"]
    assert data["warnings"] == ["专业知识: nobody rated this item"]


def test_percent_actual_is_written_as_a_fraction_with_four_decimals() -> None:
    item = score_metric_item("回款率", D(20), COLLECTION, LinearRule(), D("0.92"), D("0.95"))
    data = item.to_json_dict()
    assert (data["actual"], data["target"], data["achievement"]) == ("0.9200", "0.9500", "0.9684")


def test_score_scheme_with_the_reps_quarterly_default() -> None:
    scheme = next(d for d in default_scheme_documents() if d["name"] == "销售代表季度考核方案")
    inputs = {
        "销售额达成率": ItemInputs(actual=D(300000), target=D(300000)),  # 25 × 1 = 25
        "回款率": ItemInputs(actual=D("0.95"), target=D("0.95")),  # 15
        "毛利率": ItemInputs(actual=D("0.18"), target=D("0.20")),  # 10 × 0.9 = 9
        "新客户开发": ItemInputs(actual=D(4), target=D(5)),  # a 0.8 → 10 × 0.6 = 6
        "重点工作推进": ItemInputs(tasks=(KeyTask("a", D(1), D(80)),)),  # 10 × 0.8 = 8
        "客户满意度": ItemInputs(actual=D(90)),  # 5 × 90 ÷ 100 = 4.5
        "逾期应收款": ItemInputs(actual=D(12000), target=D(0)),  # 5 − 1 = 4
        "专业知识": ItemInputs(ratings=(Rating("supervisor", 4),)),  # 5 × 4 ÷ 5 = 4
        "沟通谈判能力": ItemInputs(ratings=(Rating("supervisor", 3),)),  # 3
        "团队协作": ItemInputs(ratings=(Rating("supervisor", 4),)),  # 4
        "职业操守与价格纪律": ItemInputs(ratings=(Rating("supervisor", 5, "x"),)),  # 5
    }
    card = score_scheme(scheme, inputs)
    # 25 + 15 + 9 + 6 + 8 + 4.5 + 4 + 4 + 3 + 4 + 5 = 87.5
    assert [str(i.score) for i in card.items] == [
        "25.00", "15.00", "9.00", "6.00", "8.00", "4.50", "4.00", "4.00", "3.00", "4.00", "5.00"
    ]  # fmt: skip
    assert card.total == D("87.50")
    assert card.can_confirm and card.warnings == ()


def test_score_scheme_item_without_inputs_warns() -> None:
    scheme = next(d for d in default_scheme_documents() if d["name"] == "销售代表月度考核方案")
    card = score_scheme(scheme, {})
    assert card.total == 0
    assert all(item.warnings for item in card.items)


# --------------------------------------------------------------------------- properties

_decimals = st.decimals(
    min_value=0, max_value=1000, places=2, allow_nan=False, allow_infinity=False
)
_rules: st.SearchStrategy[AchievementRule] = st.sampled_from(
    [LinearRule(), InterpolatedRule(), BandedRule(), ThresholdRule()]
)


@st.composite
def _metric_items(draw: st.DrawFn) -> ItemResult:
    metric = draw(st.sampled_from([REVENUE, COLLECTION, EXPENSE, NEW_CUSTOMERS]))
    weight = draw(st.integers(min_value=0, max_value=50))
    actual = draw(st.none() | _decimals)
    target = draw(st.none() | _decimals)
    rule = draw(_rules)
    return score_metric_item("x", D(weight), metric, rule, actual, target)


@given(
    items=st.lists(_metric_items(), max_size=8),
    bonuses=st.lists(st.decimals(min_value="0.01", max_value=20, places=2), max_size=3),
    deductions=st.lists(st.decimals(min_value="0.01", max_value=50, places=2), max_size=3),
    cap=st.decimals(min_value=0, max_value=15, places=0),
)
def test_a_total_equals_the_sum_of_its_printed_parts(
    items: list[ItemResult], bonuses: list[Decimal], deductions: list[Decimal], cap: Decimal
) -> None:
    adjustments = [Adjustment(AdjustmentKind.BONUS, "b", p) for p in bonuses]
    adjustments += [Adjustment(AdjustmentKind.DEDUCTION, "d", p) for p in deductions]
    data = build_scorecard(items, adjustments, bonus_cap=cap).to_json_dict()
    printed = sum((D(item["score"]) for item in data["items"]), D(0))
    expected = max(D(0), printed + D(data["bonus"]) - D(data["deduction"]))
    assert D(data["total"]) == expected
    assert D(data["bonus"]) <= cap


@given(
    weight=st.integers(min_value=0, max_value=100),
    actual=_decimals,
    target=st.decimals(min_value="0.01", max_value=1000, places=2),
    rule=_rules,
)
def test_an_achievement_score_stays_between_zero_and_the_capped_weight(
    weight: int, actual: Decimal, target: Decimal, rule: Any
) -> None:
    result = score_metric_item("x", D(weight), REVENUE, rule, actual, target)
    assert 0 <= result.score <= round(D(weight) * D("1.2"), 2)
    assert result.score == round(result.score, 2)


_REP_SCHEME = next(d for d in default_scheme_documents() if d["name"] == "销售代表季度考核方案")
_amounts = st.sampled_from([None, D(0), D("0.00"), D("2.5"), D("2.50"), D(90), D(300000)])
_person_ratings = st.lists(
    st.builds(
        Rating,
        st.sampled_from(["supervisor", "peer", "self"]),
        st.integers(min_value=1, max_value=5),
        st.sampled_from(["", "例子", "another example"]),
        st.sampled_from(["", "M001", "M002"]),
    ),
    max_size=4,
).map(tuple)


@st.composite
def _people(draw: st.DrawFn) -> dict[str, ItemInputs]:
    inputs: dict[str, ItemInputs] = {}
    for item in _REP_SCHEME["items"]:
        if item["kind"] == ItemKind.METRIC:
            inputs[item["name"]] = ItemInputs(actual=draw(_amounts), target=draw(_amounts))
        elif item["kind"] == ItemKind.RATING:
            inputs[item["name"]] = ItemInputs(ratings=draw(_person_ratings))
        elif item["kind"] == ItemKind.KEY_TASKS:
            completion = draw(st.sampled_from([None, D(80), D("80.0"), D(100)]))
            inputs[item["name"]] = ItemInputs(tasks=(KeyTask("客户拓展", D(1), completion),))
    return inputs


@given(people=st.lists(_people(), min_size=2, max_size=6), chinese=st.booleans())
def test_a_scorer_gives_each_person_what_a_fresh_one_would(
    people: list[dict[str, ItemInputs]], chinese: bool
) -> None:
    """SchemeScorer keeps item results to hand to everyone with the same inputs: whoever
    was scored before, and in whichever language, a person's scorecard is the one a
    scorer made just for them would give (2.5 and 2.50 stay apart, comments and raters
    play no part in a score)."""
    shared = SchemeScorer(_REP_SCHEME)
    try:
        for index, inputs in enumerate(people):
            set_language("zh" if chinese and index % 2 else "en")
            kept = shared.score(inputs)
            fresh = SchemeScorer(_REP_SCHEME).score(inputs)
            assert kept == fresh
            assert kept.to_json_dict() == fresh.to_json_dict()
    finally:
        set_language("en")
