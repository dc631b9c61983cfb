"""The appraisal form (绩效考核表, reports.md): one A4 PDF per participant to discuss and
sign, every number taken from their scorecard as `salesdesk score --json` gives it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from html import escape
from typing import Any

from salesdesk.domain.metrics import MetricUnit
from salesdesk.domain.text import t
from salesdesk.domain.workflow import state_label
from salesdesk.reports.labels import (
    NO_VALUE,
    adjustment_label,
    as_printed,
    flag_label,
    fraction_percent,
    grade_label,
    metric_value,
    plain_number,
    rater_role_label,
    staff_role_label,
)
from salesdesk.reports.pdf import PageBands, PdfDocument, document_font_family, render_pdf

RATER_ORDER = ("supervisor", "peer", "self", "skip_level")


@dataclass(frozen=True)
class FormRating:
    """One rating of the person (who rated is not printed: peers rate in confidence)."""

    item: str
    role: str
    rating: int
    comment: str = ""


@dataclass(frozen=True)
class FormTask:
    description: str
    weight: Decimal
    completion: Decimal | None
    note: str = ""


@dataclass(frozen=True)
class FormAdjustment:
    kind: str
    points: Decimal
    reason: str


@dataclass(frozen=True)
class FormInterview:
    interview_date: date | None = None
    notes: str = ""
    improvement_goals: str = ""
    confirmed_on: date | None = None
    refused: bool = False
    refusal_reason: str = ""


@dataclass(frozen=True)
class AppraisalForm:
    """Everything one person's form prints. `card` is their scorecard exactly as
    `salesdesk score --json` writes it: the form prints its numbers and never adds any."""

    company: str
    cycle: str
    period: str
    state: str
    scheme: str
    code: str
    name: str
    unit: str
    role: str
    manager: str
    skip_level_manager: str
    card: Mapping[str, Any]
    item_units: Mapping[str, MetricUnit] = field(default_factory=dict)
    rater_roles: tuple[str, ...] = ("supervisor", "peer", "self")
    bonus_cap: str = ""
    ratings: tuple[FormRating, ...] = ()
    tasks: tuple[FormTask, ...] = ()
    adjustments: tuple[FormAdjustment, ...] = ()
    interview: FormInterview | None = None
    override_reason: str | None = None
    appeal_deadline: date | None = None
    appeal_days: int = 7
    decision_working_days: int = 10


# --------------------------------------------------------------------------- html pieces


def _text(value: object) -> str:
    """Typed text as HTML: escaped, line breaks kept."""
    return escape(str(value)).replace("\r\n", "\n").replace("\n", "<br/>")


def _date(value: date | None) -> str:
    return value.isoformat() if value is not None else NO_VALUE


def _row(cells: Sequence[str], *, tag: str = "td", classes: Sequence[str] = ()) -> str:
    parts = []
    for index, cell in enumerate(cells):
        css = classes[index] if index < len(classes) and classes[index] else ""
        attribute = f' class="{css}"' if css else ""
        parts.append(f"<{tag}{attribute}>{cell}</{tag}>")
    return "<tr>" + "".join(parts) + "</tr>"


def _table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    widths: Sequence[int] = (),
    classes: Sequence[str] = (),
) -> str:
    """A ruled table whose header row repeats on every page it flows onto."""
    columns = "".join(f'<col width="{w}%"/>' for w in widths)
    head = _row([_text(h) for h in headers], tag="th")
    body = "".join(_row(row, classes=classes) for row in rows)
    return (
        '<table class="grid" width="100%" cellspacing="0" cellpadding="3">'
        f"{columns}<thead>{head}</thead><tbody>{body}</tbody></table>"
    )


STYLE = """
body { color: #000000; }
h1 { font-size: 16pt; font-weight: bold; text-align: center; margin: 0; }
h2 { font-size: 10.5pt; font-weight: bold; margin-top: 10px; margin-bottom: 4px; }
p { margin-top: 2px; margin-bottom: 2px; }
.company { font-size: 11pt; text-align: center; }
.sub { text-align: center; color: #333333; }
table.grid { border-collapse: collapse; border-color: #777777; border-style: solid; }
table.grid th { background-color: #e8e8e8; font-weight: bold; border: 1px solid #777777; }
table.grid td { border: 1px solid #777777; }
table.head td { padding: 3px; }
.label { background-color: #f2f2f2; font-weight: bold; }
.num { text-align: right; }
.small { font-size: 7.5pt; color: #222222; }
.warn { color: #a04000; }
.total { font-size: 12pt; font-weight: bold; }
.note { font-size: 8pt; color: #222222; }
"""


_CHINESE_NUMERALS = "一二三四五六七八九十"


def _section(number: int, title: str) -> str:
    heading = t("{n}. {s}", "{c}、{s}", n=number, c=_CHINESE_NUMERALS[number - 1], s=title)
    return f"<h2>{_text(heading)}</h2>"


def _header_block(form: AppraisalForm) -> str:
    def pair(label: str, value: str) -> list[str]:
        return [_text(label), _text(value or NO_VALUE)]

    rows = [
        pair(t("Cycle", "考核周期"), form.cycle) + pair(t("Period", "考核期间"), form.period),
        pair(t("Name", "姓名"), form.name) + pair(t("Staff code", "工号"), form.code),
        pair(t("Unit", "部门"), form.unit) + pair(t("Role", "岗位"), staff_role_label(form.role)),
        pair(t("Manager", "直接上级"), form.manager)
        + pair(t("Skip-level manager", "隔级上级"), form.skip_level_manager),
    ]
    body = "".join(_row(r, classes=("label", "", "label", "")) for r in rows)
    return (
        '<table class="grid head" width="100%" cellspacing="0" cellpadding="4">'
        '<col width="14%"/><col width="36%"/><col width="14%"/><col width="36%"/>'
        f"{body}</table>"
    )


def _item_values(item: Mapping[str, Any], unit: MetricUnit | None) -> tuple[str, str, str]:
    """Actual, target and achievement of an item as printed (nothing recomputed: percent
    values only have their decimal point moved)."""
    kind = item.get("kind")
    actual, target = item.get("actual"), item.get("target")
    if kind == "key_tasks":
        shown_actual = NO_VALUE if actual is None else f"{actual}%"
        return shown_actual, NO_VALUE, NO_VALUE
    if kind == "rating":
        shown = NO_VALUE if actual is None else t("{r} of 5", "{r} / 5", r=actual)
        return shown, NO_VALUE, NO_VALUE
    if kind == "period_results":
        return as_printed(actual), NO_VALUE, NO_VALUE
    achievement = item.get("achievement")
    return (
        metric_value(actual, unit),
        metric_value(target, unit),
        NO_VALUE if achievement is None else fraction_percent(achievement),
    )


def _items_block(form: AppraisalForm) -> str:
    rows = []
    for item in form.card.get("items", []):
        name = str(item.get("name", ""))
        actual, target, achievement = _item_values(item, form.item_units.get(name))
        explanation = _text(item.get("explanation", ""))
        for warning in item.get("warnings") or []:
            explanation += f'<br/><span class="warn">{_text(t("Warning: ", "注意："))}'
            explanation += f"{_text(warning)}</span>"
        rows.append(
            [
                _text(name),
                _text(item.get("weight", "")),
                _text(actual),
                _text(target),
                _text(achievement),
                f"<b>{_text(as_printed(item.get('score')))}</b>",
                f'<span class="small">{explanation}</span>',
            ]
        )
    return _table(
        [
            t("Item", "考核项"),
            t("Weight", "权重"),
            t("Actual", "实际"),
            t("Target", "目标"),
            t("Achievement", "达成率"),
            t("Score", "得分"),
            t("How it was scored", "计分说明"),
        ],
        rows,
        widths=(14, 6, 12, 12, 8, 7, 41),
        classes=("", "num", "num", "num", "num", "num", ""),
    )


def _ratings_block(form: AppraisalForm) -> str:
    rated = [i for i in form.card.get("items", []) if i.get("kind") == "rating"]
    if not rated:
        return ""
    present = {r.role for r in form.ratings}
    roles = [r for r in RATER_ORDER if r in form.rater_roles or r in present]
    roles += sorted(present - set(roles))
    by_cell: dict[tuple[str, str], list[int]] = {}
    for rating in form.ratings:
        by_cell.setdefault((rating.item, rating.role), []).append(rating.rating)
    separator = t(", ", "、")
    rows = []
    for item in rated:
        name = str(item.get("name", ""))
        cells = [_text(name)]
        for role in roles:
            values = by_cell.get((name, role), [])
            cells.append(_text(separator.join(str(v) for v in values) or NO_VALUE))
        cells.append(_text(as_printed(item.get("actual"))))
        cells.append(f"<b>{_text(as_printed(item.get('score')))}</b>")
        rows.append(cells)
    width = max(8, 48 // max(1, len(roles)))
    table = _table(
        [t("Item", "考核项")]
        + [rater_role_label(r) for r in roles]
        + [t("Rating R (1–5)", "综合评分 R（1–5）"), t("Score", "得分")],
        rows,
        widths=(22, *([width] * len(roles)), 16, 10),
        classes=("", *(["num"] * len(roles)), "num", "num"),
    )
    comments = [r for r in form.ratings if r.comment.strip()]
    if comments:
        table += "<p></p>" + _table(
            [t("Item", "考核项"), t("Rater", "评价人"), t("Rating", "评分"), t("Comment", "评语")],
            [
                [_text(r.item), _text(rater_role_label(r.role)), _text(r.rating), _text(r.comment)]
                for r in comments
            ],
            widths=(22, 12, 8, 58),
            classes=("", "", "num", ""),
        )
    note = t(
        "Each rater role's ratings are averaged, then weighted by the scheme's rater weights; "
        "peers' names are not printed.",
        "各类评价人的评分先分别取平均，再按方案的评价人权重加权；同事评价不署名。",
    )
    return table + f'<p class="note">{_text(note)}</p>'


def _adjustments_block(form: AppraisalForm) -> str:
    card = form.card
    parts = []
    if form.adjustments:
        parts.append(
            _table(
                [t("Kind", "类型"), t("Points", "分值"), t("Reason", "原因")],
                [
                    [
                        _text(adjustment_label(a.kind)),
                        _text(NO_VALUE if a.kind == "veto" else plain_number(a.points)),
                        _text(a.reason),
                    ]
                    for a in form.adjustments
                ],
                widths=(14, 10, 76),
                classes=("", "num", ""),
            )
        )
    else:
        parts.append(
            f"<p>{_text(t('No bonuses, deductions or vetoes.', '无加分、扣分或一票否决。'))}</p>"
        )
    veto = t("yes", "是") if card.get("veto") else t("no", "否")
    summary = t(
        "Bonus counted: {b} (cap {c}) · Deductions: {d} · Veto: {v}",
        "计入加分：{b}（上限 {c} 分） · 扣分：{d} · 一票否决：{v}",
        b=as_printed(card.get("bonus")),
        c=form.bonus_cap or NO_VALUE,
        d=as_printed(card.get("deduction")),
        v=veto,
    )
    parts.append(f"<p>{_text(summary)}</p>")
    return "".join(parts)


def _result_block(form: AppraisalForm) -> str:
    card = form.card
    cells = [
        _text(t("Total", "总分")),
        f'<span class="total">{_text(as_printed(card.get("total")))}</span>',
        _text(t("Grade", "等级")),
        f'<span class="total">{_text(grade_label(card.get("final_grade")))}</span>',
        _text(t("Coefficient", "绩效系数")),
        f'<span class="total">{_text(as_printed(card.get("coefficient")))}</span>',
    ]
    table = (
        '<table class="grid head" width="100%" cellspacing="0" cellpadding="5">'
        + _row(cells, classes=("label", "", "label", "", "label", ""))
        + "</table>"
    )
    notes = []
    band, distributed = card.get("band_grade"), card.get("distributed_grade")
    final = card.get("final_grade")
    if band != final or distributed != final:
        notes.append(
            t(
                "Grade by band: {b}; after the distribution: {d}; final: {f}",
                "按分数段等级：{b}；分布后等级：{d}；最终等级：{f}",
                b=grade_label(band),
                d=grade_label(distributed),
                f=grade_label(final),
            )
        )
    if form.override_reason:
        notes.append(t("Calibrated: {r}", "校准调整原因：{r}", r=form.override_reason))
    rank = card.get("rank")
    if rank is not None:
        notes.append(t("Rank in the cycle: {r}", "本周期排名：第 {r} 名", r=rank))
    notes += [flag_label(str(f)) for f in card.get("flags") or []]
    notes += [t("Warning: ", "注意：") + str(w) for w in card.get("warnings") or []]
    return table + "".join(f'<p class="note">{_text(n)}</p>' for n in notes)


def _tasks_block(form: AppraisalForm) -> str:
    if not form.tasks:
        if not any(i.get("kind") == "key_tasks" for i in form.card.get("items", [])):
            return ""  # the scheme has no key tasks: no section for them
        return f"<p>{_text(t('No key tasks.', '无重点工作。'))}</p>"
    rows = [
        [
            _text(number),
            _text(task.description),
            _text(plain_number(task.weight)),
            _text(
                t("not rated", "未评定")
                if task.completion is None
                else f"{plain_number(task.completion)}%"
            ),
            _text(task.note),
        ]
        for number, task in enumerate(form.tasks, start=1)
    ]
    return _table(
        [
            t("No.", "序号"),
            t("Key task", "工作内容"),
            t("Weight", "权重"),
            t("Completion", "完成度"),
            t("Note", "备注"),
        ],
        rows,
        widths=(6, 52, 9, 11, 22),
        classes=("num", "", "num", "num", ""),
    )


def _interview_block(form: AppraisalForm) -> str:
    interview = form.interview or FormInterview()
    if interview.refused:
        sign_off = t("refused: {r}", "拒绝确认：{r}", r=interview.refusal_reason or NO_VALUE)
    elif interview.confirmed_on is not None:
        sign_off = t("confirmed on {d}", "已于 {d} 确认", d=_date(interview.confirmed_on))
    else:
        sign_off = t("not confirmed yet", "尚未确认")
    blank = "<br/><br/>"
    rows = [
        [_text(t("Interview date", "面谈日期")), _text(_date(interview.interview_date))],
        [_text(t("Notes", "面谈记录")), _text(interview.notes) or blank],
        [_text(t("Improvement goals", "改进目标")), _text(interview.improvement_goals) or blank],
        [_text(t("Employee's sign-off", "员工确认")), _text(sign_off)],
    ]
    body = "".join(_row(r, classes=("label", "")) for r in rows)
    return (
        '<table class="grid head" width="100%" cellspacing="0" cellpadding="4">'
        f'<col width="18%"/><col width="82%"/>{body}</table>'
    )


def _signatures_block(form: AppraisalForm) -> str:
    def cell(title: str, name: str) -> str:
        who = _text(t(" ({n})", "（{n}）", n=name)) if name else ""
        signature = t("Signature: ____________________", "签字：____________________")
        day = t("Date: ______________", "日期：______年____月____日")
        return f"<b>{_text(title)}</b>{who}<br/><br/><br/>{_text(signature)}<br/><br/>{_text(day)}"

    cells = [
        cell(t("Employee", "员工本人"), form.name),
        cell(t("Supervisor", "直接上级"), form.manager),
        cell(t("Skip-level manager", "隔级上级"), form.skip_level_manager),
    ]
    # One row: Qt moves a table row to the next page whole, so the three never part.
    return (
        '<table class="grid" width="100%" cellspacing="0" cellpadding="6">'
        '<col width="33%"/><col width="34%"/><col width="33%"/>' + _row(cells) + "</table>"
    )


def _appeal_block(form: AppraisalForm) -> str:
    if form.appeal_deadline is not None:
        text = t(
            "If you disagree with this result, you may appeal in writing, stating your "
            "grounds, until {d} (within {n} days of confirmation, that day included). The "
            "appeal is decided within {w} working days of filing; an upheld appeal reopens "
            "the cycle and the change is recorded.",
            "如对考核结果有异议，可在 {d}（含当日，即结果确认后 {n} 日内）前"
            "提出书面申诉并写明理由。"
            "公司在收到申诉后 {w} 个工作日内作出决定；申诉成立的，重新校准并修改结果，全程留痕。",
            d=form.appeal_deadline.isoformat(),
            n=form.appeal_days,
            w=form.decision_working_days,
        )
    else:
        text = t(
            "The result is not confirmed yet. Once it is, you may appeal in writing within "
            "{n} days of confirmation; the appeal is decided within {w} working days of filing.",
            "本考核结果尚未确认。结果确认后 {n} 日内可提出书面申诉并写明理由；公司在收到申诉后 "
            "{w} 个工作日内作出决定。",
            n=form.appeal_days,
            w=form.decision_working_days,
        )
    return f"<p>{_text(text)}</p>"


def form_title() -> str:
    return t("Performance appraisal form", "绩效考核表")


def form_html(form: AppraisalForm, family: str | None = None) -> str:
    """The form as HTML for a QTextDocument (A4 portrait)."""
    family = family or document_font_family()
    state = state_label(form.state) if form.state else ""
    subtitle = f"{form.cycle} · {form.period}" + (f" · {state}" if state else "")
    sections = [
        (t("Items", "考核项目"), _items_block(form)),
        (t("Ratings", "评分汇总"), _ratings_block(form)),
        (t("Bonuses, deductions and veto", "加减分与一票否决"), _adjustments_block(form)),
        (t("Result", "考核结果"), _result_block(form)),
        (t("Key tasks", "重点工作"), _tasks_block(form)),
        (t("Interview", "绩效面谈"), _interview_block(form)),
        (t("Signatures", "签字确认"), _signatures_block(form)),
        (t("Appeals", "申诉须知"), _appeal_block(form)),
    ]
    body = "".join(
        _section(number, title) + block
        for number, (title, block) in enumerate(((s, b) for s, b in sections if b), start=1)
    )
    return (
        f"<html><head><style>{STYLE}</style></head><body style=\"font-family: '{family}';\">"
        f'<p class="company">{_text(form.company)}</p>'
        f"<h1>{_text(form_title())}</h1>"
        f'<p class="sub">{_text(subtitle)}</p><p></p>'
        f"{_header_block(form)}{body}</body></html>"
    )


def render_form(form: AppraisalForm) -> PdfDocument:
    """The person's form as an A4 PDF, with their name and code on every page."""
    title = form_title()
    bands = PageBands(
        header_left=f"{form.company} · {title}" if form.company else title,
        header_right=f"{form.code} {form.name}",
        footer_left=form.cycle,
    )
    return render_pdf(form_html(form), title=f"{title} {form.code} {form.name}", bands=bands)
