"""The published rules of a scheme (考核方案说明, reports.md "规则公开"): its items and
weights, each rule in words with worked examples scored by the scoring rules themselves,
rater weights, adjustments, grades and the appeal procedure — a PDF to hand to staff."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape
from typing import Any

from salesdesk.domain.default_schemes import RATER_ROLES
from salesdesk.domain.grading import GradingSettings
from salesdesk.domain.metrics import Aggregation, Direction, MetricDef, MetricUnit, Source
from salesdesk.domain.scoring import (
    TRIM_FROM,
    BandedRule,
    DirectRule,
    InterpolatedRule,
    ItemInputs,
    KeyTask,
    LinearRule,
    PerUnitRule,
    Rating,
    ThresholdRule,
    bonus_cap_of,
    format_metric_value,
    rater_weights_of,
    rule_from_document,
    score_item,
)
from salesdesk.domain.text import language, t
from salesdesk.domain.workflow import DEFAULT_APPEAL_DAYS, DEFAULT_DECISION_WORKING_DAYS
from salesdesk.reports.labels import (
    NO_VALUE,
    category_label,
    cycle_type_label,
    grade_name,
    plain_number,
    rater_role_label,
    rating_word,
    staff_role_label,
)
from salesdesk.reports.pdf import PageBands, PdfDocument, document_font_family, render_pdf

_ONE = Decimal(1)
_HUNDRED = Decimal(100)


@dataclass(frozen=True)
class WorkedExample:
    """One example of an item's rule: the explanation the scorecard would print for these
    inputs, and the item score — both from :func:`salesdesk.domain.scoring.score_item`,
    the function that scores every real scorecard."""

    explanation: str
    score: Decimal


@dataclass(frozen=True)
class ItemRules:
    """A scheme item as the published rules present it."""

    name: str
    weight: str
    category: str
    what: str
    rule: str
    examples: tuple[WorkedExample, ...]


# --------------------------------------------------------------------------- numbers


def _pct(fraction: Decimal) -> str:
    return f"{plain_number(fraction * _HUNDRED)}%"


def _metric_of(item: Mapping[str, Any], metrics: Mapping[str, MetricDef]) -> MetricDef:
    code = str(item.get("metric", ""))
    found = metrics.get(code)
    if found is not None:
        return found
    # A metric the database no longer knows: words and examples still read sensibly.
    return MetricDef(
        code, code, code, MetricUnit.POINTS, Direction.UP, Aggregation.SUM, Source.MANUAL
    )


def _example_figures(metric: MetricDef, a: Decimal) -> tuple[Decimal, Decimal]:
    """An actual and a target (in the metric's unit) whose achievement is exactly `a`."""
    base = {
        MetricUnit.MONEY: Decimal(100000),
        MetricUnit.PERCENT: Decimal("0.8"),
        MetricUnit.COUNT: Decimal(20),
        MetricUnit.POINTS: Decimal(80),
    }[metric.unit]
    if metric.direction is Direction.DOWN:
        # a = T ÷ A: the actual is the round number, the target follows.
        return base, base * a
    return base * a, base


def _achievement_points(rule: Any) -> list[Decimal]:
    """The achievements the examples show: a typical one, one past the cap, one too low."""
    if isinstance(rule, LinearRule):
        typical = Decimal("0.9") if rule.floor <= Decimal("0.9") <= rule.cap else rule.floor
        points = [typical, rule.cap + Decimal("0.1")]
        if rule.floor > Decimal("0.1"):
            points.append(rule.floor - Decimal("0.1"))
        return points
    if isinstance(rule, InterpolatedRule):
        points = []
        if rule.low < Decimal("0.9"):
            points.append(Decimal("0.9"))
        points.append(_ONE + (rule.high - _ONE) / 2 if rule.high > _ONE else _ONE)
        points.append(rule.low)
        return points
    if isinstance(rule, BandedRule):
        bands = sorted(rule.bands, key=lambda band: band[0], reverse=True)
        points = []
        if len(bands) >= 2:
            points.append((bands[0][0] + bands[1][0]) / 2)
        elif bands:
            points.append(bands[0][0])
        if bands and bands[-1][0] > Decimal("0.1"):
            points.append(bands[-1][0] - Decimal("0.1"))
        return points
    return [_ONE, Decimal("0.95")]


def _rule_words(rule: Any, metric: MetricDef) -> str:
    """A metric item's rule in words (appraisal-rules §5.1)."""
    if isinstance(rule, LinearRule):
        return t(
            "Achievement below {f} scores 0; otherwise the score is weight × achievement, "
            "counted up to {c}.",
            "达成率低于 {f} 不得分；达成 {f} 及以上按 权重 × 达成率 计分，最高按 {c} 计。",
            f=_pct(rule.floor),
            c=_pct(rule.cap),
        )
    if isinstance(rule, InterpolatedRule):
        return t(
            "Achievement of {l} or less scores 0; from {l} to 100% the score rises evenly "
            "to the full weight; above 100% it rises on to weight × {b} at {h} and stops "
            "there.",
            "达成率不高于 {l} 不得分；{l} 至 100% 之间按比例从 0 升到满分；超过 100% 继续加分，"
            "达成 {h} 时得 权重 × {b}，不再增加。",
            l=_pct(rule.low),
            h=_pct(rule.high),
            b=plain_number(_ONE + rule.bonus),
        )
    if isinstance(rule, BandedRule):
        bands = t("; ", "；").join(
            t(
                "achievement {a} or more: {f} of the weight",
                "达成 {a} 及以上得权重的 {f}",
                a=_pct(low),
                f=_pct(fraction),
            )
            for low, fraction in rule.bands
        )
        lowest = min((low for low, _ in rule.bands), default=_ONE)
        return t(
            "Scored by bands: {b}; below {l}: 0.",
            "按档计分：{b}；低于 {l} 不得分。",
            b=bands,
            l=_pct(lowest),
        )
    if isinstance(rule, ThresholdRule):
        return t(
            "Achievement of 100% or more scores the full weight; anything less scores 0.",
            "达成率达到 100% 得满分，否则不得分。",
        )
    if isinstance(rule, PerUnitRule):
        return t(
            "Full weight while the value stays at the baseline {b}; every whole {u} over it "
            "takes {p} point(s) off, down to 0.",
            "不超过基准 {b} 得满分；超过基准的部分每满 {u} 扣 {p} 分，扣完为止。",
            b=format_metric_value(metric.unit, rule.baseline),
            u=format_metric_value(metric.unit, rule.unit),
            p=plain_number(rule.points),
        )
    if isinstance(rule, DirectRule):
        return t(
            "The 0–100 result is converted to the weight: weight × result ÷ 100.",
            "按 0–100 分的结果折算：得分 = 权重 × 结果 ÷ 100。",
        )
    return ""


def _achievement_words(metric: MetricDef) -> str:
    if metric.direction is Direction.DOWN:
        return t(
            "lower is better: achievement = target ÷ actual (an actual of 0 counts as the "
            "rule's cap)",
            "越低越好：达成率 = 目标 ÷ 实际（实际为 0 时按封顶值计）",
        )
    return t("higher is better: achievement = actual ÷ target", "越高越好：达成率 = 实际 ÷ 目标")


def _unit_word(unit: MetricUnit) -> str:
    return {
        MetricUnit.MONEY: t("money", "金额"),
        MetricUnit.COUNT: t("count", "数量"),
        MetricUnit.PERCENT: t("percent", "百分比"),
        MetricUnit.POINTS: t("points", "分值"),
    }[unit]


def _metric_what(item: Mapping[str, Any], metric: MetricDef, rule: Any) -> str:
    name = metric.name_zh if language() == "zh" else metric.name_en
    scope = (
        t("the team's (the unit and its sub-units)", "团队（本部门及下级部门）")
        if item.get("scope") == "team"
        else t("own", "本人")
    )
    parts = [
        t(
            "Metric: {m} ({u}), {s}",
            "指标：{m}（{u}，{s}）",
            m=name,
            u=_unit_word(metric.unit),
            s=scope,
        )
    ]
    filters = item.get("filter") or {}
    if filters:
        parts.append(
            t("only", "仅限")
            + " "
            + t(", ", "、").join(str(v) for v in filters.values() if v not in (None, ""))
        )
    if not isinstance(rule, PerUnitRule | DirectRule):
        parts.append(_achievement_words(metric))
    return t("; ", "；").join(parts)


def _score(item: Mapping[str, Any], inputs: ItemInputs, **kwargs: Any) -> WorkedExample:
    result = score_item(item, inputs, **kwargs)
    return WorkedExample(result.explanation, result.score)


def _metric_examples(
    item: Mapping[str, Any], metric: MetricDef, rule: Any
) -> tuple[WorkedExample, ...]:
    metrics = {metric.code: metric}
    if isinstance(rule, PerUnitRule):
        over = rule.baseline + rule.unit * Decimal("2.5")
        return tuple(
            _score(item, ItemInputs(actual=actual), metrics=metrics)
            for actual in (rule.baseline, over)
        )
    if isinstance(rule, DirectRule):
        return (_score(item, ItemInputs(actual=Decimal("85.5")), metrics=metrics),)
    examples = []
    for a in _achievement_points(rule):
        actual, target = _example_figures(metric, a)
        examples.append(_score(item, ItemInputs(actual=actual, target=target), metrics=metrics))
    return tuple(examples)


def _rating_raters(item: Mapping[str, Any], weights: Mapping[str, Decimal]) -> list[str]:
    allowed = [str(r) for r in item.get("raters") or []] or list(RATER_ROLES)
    return [r for r in RATER_ROLES if r in allowed and weights.get(r, Decimal(0)) > 0]


def _rating_rules(
    item: Mapping[str, Any], weights: Mapping[str, Decimal]
) -> tuple[str, str, tuple[WorkedExample, ...]]:
    raters = _rating_raters(item, weights)
    who = t(", ", "、").join(rater_role_label(r) for r in raters) or NO_VALUE
    what = t("Rated 1–5 by: {r}", "评分人：{r}（1–5 分）", r=who)
    rule = t(
        "Each rater role's ratings are averaged (with {n} or more, the highest and the "
        "lowest are dropped first); the role means are weighted by the rater weights into "
        "the rating R; score = weight × R ÷ 5. A 5, or a 2 or below, needs a written example.",
        "各类评分人的评分分别取平均（{n} 人及以上时先去掉一个最高分和一个最低分），再按评分人权重"
        "加权得综合评分 R；得分 = 权重 × R ÷ 5。评 5 分或 2 分及以下须写明具体事例。",
        n=TRIM_FROM,
    )
    sample = {"supervisor": (4,), "peer": (3, 4), "self": (4,), "skip_level": (4,)}
    ratings = tuple(Rating(role, value) for role in raters for value in sample.get(role, (4,)))
    if not ratings:
        return what, rule, ()
    example = _score(item, ItemInputs(ratings=ratings), rater_weights=weights)
    return what, rule, (example,)


def _key_task_rules(item: Mapping[str, Any]) -> tuple[str, str, tuple[WorkedExample, ...]]:
    what = t(
        "The key tasks agreed with the supervisor for the period, each with a weight",
        "本期与上级约定的重点工作，每项有权重",
    )
    rule = t(
        "The supervisor sets each task's completion (0–100%); score = weight × "
        "Σ(task weight × completion) ÷ Σ task weights ÷ 100. A task not rated counts 0%; "
        "no key tasks scores 0.",
        "上级评定每项工作的完成度（0–100%）；得分 = 权重 × Σ(任务权重 × 完成度) ÷ Σ任务权重 ÷ 100。"
        "未评定的任务按 0% 计；没有重点工作的得 0 分。",
    )
    tasks = (
        KeyTask(t("task 1", "任务一"), Decimal(50), Decimal(90)),
        KeyTask(t("task 2", "任务二"), Decimal(50), Decimal(70)),
    )
    return what, rule, (_score(item, ItemInputs(tasks=tasks)),)


def _period_rules(item: Mapping[str, Any]) -> tuple[str, str, tuple[WorkedExample, ...]]:
    source = cycle_type_label(str(item.get("source", "quarterly")))
    what = t(
        "The person's confirmed {s} totals inside this period",
        "本期内本人已确认的{s}考核总分",
        s=source,
    )
    rule = t(
        "Score = weight × the mean of those totals ÷ 100; none scores 0.",
        "得分 = 权重 × 这些总分的平均值 ÷ 100；没有已确认的总分得 0 分。",
    )
    totals = (Decimal("88.5"), Decimal("92"), Decimal("85"), Decimal("90.25"))
    return what, rule, (_score(item, ItemInputs(period_totals=totals)),)


def item_rules(
    item: Mapping[str, Any],
    metrics: Mapping[str, MetricDef],
    rater_weights: Mapping[str, Decimal],
) -> ItemRules:
    """One item of a scheme document (data-exchange §3a) in words, with worked examples."""
    kind = item.get("kind")
    if kind == "metric":
        metric = _metric_of(item, metrics)
        rule = rule_from_document(item.get("rule") or {})
        what = _metric_what(item, metric, rule)
        words = _rule_words(rule, metric)
        examples = _metric_examples(item, metric, rule)
    elif kind == "rating":
        what, words, examples = _rating_rules(item, rater_weights)
    elif kind == "key_tasks":
        what, words, examples = _key_task_rules(item)
    else:
        what, words, examples = _period_rules(item)
    return ItemRules(
        name=str(item.get("name", "")),
        weight=str(item.get("weight", "")),
        category=category_label(str(item.get("category", ""))),
        what=what,
        rule=words,
        examples=examples,
    )


# --------------------------------------------------------------------------- html


def _text(value: object) -> str:
    return escape(str(value)).replace("\r\n", "\n").replace("\n", "<br/>")


def _table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    widths: Sequence[int] = (),
    numeric: Sequence[int] = (),
) -> str:
    columns = "".join(f'<col width="{w}%"/>' for w in widths)
    head = "".join(f"<th>{_text(h)}</th>" for h in headers)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="num">{cell}</td>' if index in numeric else f"<td>{cell}</td>"
            for index, cell in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return (
        '<table class="grid" width="100%" cellspacing="0" cellpadding="3">'
        f"{columns}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


STYLE = """
h1 { font-size: 16pt; font-weight: bold; text-align: center; margin: 0; }
h2 { font-size: 11pt; font-weight: bold; margin-top: 12px; margin-bottom: 4px; }
h3 { font-size: 9.5pt; font-weight: bold; margin-top: 8px; margin-bottom: 2px; }
p { margin-top: 2px; margin-bottom: 2px; }
.company { font-size: 11pt; text-align: center; }
.sub { text-align: center; color: #333333; }
table.grid { border-collapse: collapse; border-color: #777777; border-style: solid; }
table.grid th { background-color: #e8e8e8; font-weight: bold; border: 1px solid #777777; }
table.grid td { border: 1px solid #777777; }
.num { text-align: right; }
.example { color: #1f3a60; }
.note { font-size: 8pt; color: #222222; }
"""

_CHINESE_NUMERALS = "一二三四五六七八九十"


def _section(number: int, title: str) -> str:
    heading = t("{n}. {s}", "{c}、{s}", n=number, c=_CHINESE_NUMERALS[number - 1], s=title)
    return f"<h2>{_text(heading)}</h2>"


def _overview(items: Sequence[ItemRules], total: Decimal) -> str:
    rows = [
        [_text(n), _text(i.name), _text(i.category), _text(i.weight)]
        for n, i in enumerate(items, start=1)
    ]
    rows.append(
        ["", f"<b>{_text(t('Total', '合计'))}</b>", "", f"<b>{_text(plain_number(total))}</b>"]
    )
    return _table(
        [t("No.", "序号"), t("Item", "考核项"), t("Category", "类别"), t("Weight", "权重（分）")],
        rows,
        widths=(8, 50, 26, 16),
        numeric=(0, 3),
    )


def _item_block(number: int, item: ItemRules, levels: Mapping[str, Any] | None) -> str:
    title = t(
        "{n}. {i} (weight {w}, {c})", "{n}. {i}（权重 {w} 分，{c}）",
        n=number, i=item.name, w=item.weight, c=item.category,
    )  # fmt: skip
    parts = [f"<h3>{_text(title)}</h3>", f"<p>{_text(item.what)}</p>"]
    parts.append(f"<p>{_text(t('Rule: ', '规则：') + item.rule)}</p>")
    for example in item.examples:
        line = t("Example: {e}", "示例：{e}", e=example.explanation)
        parts.append(f'<p class="example">{_text(line)}</p>')
    if levels:
        rows = [
            [_text(f"{key} {rating_word(int(key))}"), _text(levels[key])]
            for key in sorted(levels, key=lambda k: -int(k))
            if str(key).isdigit()
        ]
        parts.append(
            _table([t("Rating", "评分"), t("Description", "行为描述")], rows, widths=(16, 84))
        )
    return "".join(parts)


def _rater_block(weights: Mapping[str, Decimal]) -> str:
    rows = [
        [_text(rater_role_label(r)), _text(plain_number(weights.get(r, Decimal(0))))]
        for r in RATER_ROLES
    ]
    note = t(
        "Only the roles that rated an item count: their weights are scaled up to 100 between them.",
        "只计实际评分的评分人类别：其权重按比例折算为合计 100。",
    )
    return _table(
        [t("Rater", "评分人"), t("Weight", "权重")], rows, widths=(50, 50), numeric=(1,)
    ) + (f'<p class="note">{_text(note)}</p>')


def _adjustment_block(cap: Decimal) -> str:
    lines = [
        t(
            "Bonus: points for a stated reason; all bonuses together count up to {c} points.",
            "加分：须写明原因；各项加分合计最多计 {c} 分。",
            c=plain_number(cap),
        ),
        t(
            "Deduction: points for a stated reason; no cap.",
            "扣分：须写明原因；不设上限。",
        ),
        t(
            "Veto: for a stated reason, the total becomes 0 and the grade the lowest, "
            "whatever else the appraisal holds.",
            "一票否决：须写明原因；总分记为 0，等级为最低等级，不论其他各项得分。",
        ),
        t(
            "Total = the sum of the item scores (each rounded half-up to 2 decimals) + "
            "counted bonus − deductions, not below 0; over-achievement can take it above 100.",
            "总分 = 各项得分（各自四舍五入保留两位小数）之和 + 计入的加分 − 扣分，不低于 0；"
            "超额完成时总分可超过 100。",
        ),
    ]
    return "".join(f"<p>{_text(line)}</p>" for line in lines)


def _grades_block(scheme: Mapping[str, Any]) -> str:
    settings = GradingSettings.from_scheme(scheme)
    rows = []
    bands = list(settings.bands)
    for index, (grade, low) in enumerate(bands):
        if index == len(bands) - 1:
            limit = t("below {v}", "低于 {v}", v=plain_number(bands[index - 1][1])) if index else ""
        else:
            limit = f"≥ {plain_number(low)}"
        share = settings.shares.get(grade)
        rows.append(
            [
                _text(grade),
                _text(grade_name(grade)),
                _text(limit),
                # As the scheme writes it (1.0, not 1): the number staff will see on forms.
                _text(f"{settings.coefficients.get(grade, Decimal(0)):f}"),
                _text(NO_VALUE if share is None else f"{plain_number(share)}%"),
            ]
        )
    table = _table(
        [
            t("Grade", "等级"),
            t("Meaning", "含义"),
            t("Total", "总分"),
            t("Coefficient", "绩效系数"),
            t("Distribution share", "分布比例"),
        ],
        rows,
        widths=(12, 22, 22, 20, 24),
        numeric=(3, 4),
    )
    mode = settings.mode.value
    mode_text = {
        "off": t(
            "Distribution: off — grades follow the bands only.",
            "强制分布：不启用，等级只按分数段确定。",
        ),
        "advisory": t(
            "Distribution: advisory — the counts per grade are shown beside the quotas "
            "(shares of the headcount, largest remainder) and excesses are flagged; grades "
            "are not changed.",
            "强制分布：参考模式——各等级人数与按比例计算的名额（最大余数法）对照显示，超出名额的予以提示，"
            "不改变等级。",
        ),
        "enforce": t(
            "Distribution: enforced — where more people hold S (then A) than the quota, the "
            "lowest-ranked of them move down one grade; equal totals move together. Other "
            "grades are not capped.",
            "强制分布：强制模式——S（其次 A）人数超过名额时，排名靠后者降一级；总分相同者一同调整。"
            "其他等级不设名额上限。",
        ),
    }.get(mode, mode)
    pay = t(
        "Performance pay = monthly pay base × months in the period × coefficient of the final "
        "grade (pro-rated by days employed for people who joined or left during the period). "
        "A grade can be calibrated by hand only with a written reason.",
        "绩效工资 = 月绩效工资基数 × 考核期月数 × 最终等级系数"
        "（期间内入职或离职者按在职天数折算）。"
        "校准调整等级须写明原因。",
    )
    return table + f"<p>{_text(mode_text)}</p><p>{_text(pay)}</p>"


def _appeal_block(appeal_days: int, decision_days: int) -> str:
    lines = [
        t(
            "After the results are confirmed, each person has an interview with their "
            "supervisor and confirms the result by signing (or states why they do not).",
            "考核结果确认后，由直接上级与本人进行绩效面谈，本人签字确认结果（不同意的写明理由）。",
        ),
        t(
            "Appeals: within {n} days of confirmation (that day included), in writing with "
            "the grounds. The facts are checked and the appeal is decided within {w} working "
            "days of filing: upheld — the cycle is reopened and the result changed, with an "
            "audit record; or rejected, with the reasons.",
            "申诉：结果确认后 {n} 日内（含当日）以书面形式提出并写明理由。"
            "公司核实情况，在收到申诉后 {w} 个工作日内作出决定："
            "申诉成立的，重新校准并修改结果，全程留痕；不成立的，说明理由。",
            n=appeal_days,
            w=decision_days,
        ),
    ]
    return "".join(f"<p>{_text(line)}</p>" for line in lines)


def rules_title() -> str:
    return t("Appraisal scheme: the rules", "考核方案说明")


def rules_html(
    scheme: Mapping[str, Any],
    metrics: Mapping[str, MetricDef],
    *,
    company: str = "",
    family: str | None = None,
    appeal_days: int = DEFAULT_APPEAL_DAYS,
    decision_working_days: int = DEFAULT_DECISION_WORKING_DAYS,
) -> str:
    """The published rules of a scheme document (data-exchange §3a) as HTML."""
    family = family or document_font_family()
    weights = rater_weights_of(scheme)
    items = [dict(i) for i in scheme.get("items", [])]
    described = [item_rules(i, metrics, weights) for i in items]
    total = sum((Decimal(str(i.get("weight", 0))) for i in items), Decimal(0))
    roles = scheme.get("roles") or [scheme.get("role", "")]
    applies = t(
        "For: {r} · Cycle: {c}",
        "适用岗位：{r} · 考核周期：{c}",
        r=t(", ", "、").join(staff_role_label(str(r)) for r in roles if r),
        c=cycle_type_label(str(scheme.get("cycle_type", ""))),
    )
    head = [
        f'<p class="company">{_text(company)}</p>' if company else "",
        f"<h1>{_text(rules_title())}</h1>",
        f'<p class="sub">{_text(scheme.get("name", ""))}</p>',
        f'<p class="sub">{_text(applies)}</p>',
    ]
    if scheme.get("description"):
        head.append(f"<p>{_text(scheme['description'])}</p>")
    item_blocks = "".join(
        _item_block(n, rules, raw.get("levels") if raw.get("kind") == "rating" else None)
        for n, (rules, raw) in enumerate(zip(described, items, strict=True), start=1)
    )
    sections = [
        (t("Items and weights", "考核项目与权重"), _overview(described, total)),
        (t("How each item is scored", "各项计分规则"), item_blocks),
        (t("Rater weights", "评分人权重"), _rater_block(weights)),
        (t("Bonuses, deductions and veto; the total", "加减分、一票否决与总分"),
         _adjustment_block(bonus_cap_of(scheme))),
        (t("Grades, coefficients and distribution", "等级、系数与强制分布"), _grades_block(scheme)),
        (t("Interview, sign-off and appeals", "面谈、确认与申诉"),
         _appeal_block(appeal_days, decision_working_days)),
    ]  # fmt: skip
    body = "".join(_section(n, title) + block for n, (title, block) in enumerate(sections, start=1))
    return (
        f"<html><head><style>{STYLE}</style></head><body style=\"font-family: '{family}';\">"
        + "".join(head)
        + body
        + "</body></html>"
    )


def render_rules(
    scheme: Mapping[str, Any], metrics: Mapping[str, MetricDef], *, company: str = ""
) -> PdfDocument:
    """The published rules of a scheme as an A4 PDF."""
    title = rules_title()
    name = str(scheme.get("name", ""))
    bands = PageBands(
        header_left=f"{company} · {title}" if company else title,
        header_right=name,
    )
    return render_pdf(
        rules_html(scheme, metrics, company=company), title=f"{title} {name}", bands=bands
    )
