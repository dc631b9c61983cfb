"""The words printed reports use for the scheme's and scorecard's codes (roles, grades,
categories, adjustments, flags), in the language of messages, and numbers as printed."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from salesdesk.domain.metrics import MetricUnit
from salesdesk.domain.org import Role
from salesdesk.domain.text import t

NO_VALUE = "—"

_RATER_ROLES: dict[str, tuple[str, str]] = {
    "supervisor": ("Supervisor", "上级"),
    "peer": ("Peers", "同事"),
    "self": ("Self", "本人"),
    "skip_level": ("Skip-level", "隔级上级"),
}
_GRADES: dict[str, tuple[str, str]] = {
    "S": ("outstanding", "卓越"),
    "A": ("excellent", "优秀"),
    "B": ("good", "良好"),
    "C": ("needs improvement", "待改进"),
    "D": ("unsatisfactory", "不合格"),
}
_CATEGORIES: dict[str, tuple[str, str]] = {
    "result": ("Results", "业绩结果"),
    "customer_process": ("Customers & process", "客户与过程"),
    "team": ("Team management", "团队管理"),
    "capability": ("Capability & attitude", "能力态度"),
}
_ADJUSTMENTS: dict[str, tuple[str, str]] = {
    "bonus": ("Bonus", "加分"),
    "deduction": ("Deduction", "扣分"),
    "veto": ("Veto", "一票否决"),
}
_CYCLE_TYPES: dict[str, tuple[str, str]] = {
    "monthly": ("monthly", "月度"),
    "quarterly": ("quarterly", "季度"),
    "annual": ("annual", "年度"),
}
_RATINGS: dict[int, tuple[str, str]] = {
    5: ("outstanding", "卓越"),
    4: ("good", "良好"),
    3: ("meets expectations", "合格"),
    2: ("needs improvement", "待改进"),
    1: ("unsatisfactory", "不合格"),
}


def _pick(table: dict[str, tuple[str, str]], code: str) -> str:
    en, zh = table.get(code, (code, code))
    return t(en, zh)


def rater_role_label(role: str) -> str:
    return _pick(_RATER_ROLES, role)


def grade_name(grade: str) -> str:
    """The grade's word (S 卓越 …); unknown grades as they are."""
    return _pick(_GRADES, grade)


def grade_label(grade: str | None) -> str:
    """`A 优秀` / `A (excellent)`; a dash for no grade."""
    if not grade:
        return NO_VALUE
    if grade not in _GRADES:
        return grade
    return t("{g} ({n})", "{g} {n}", g=grade, n=grade_name(grade))


def category_label(category: str) -> str:
    return _pick(_CATEGORIES, category)


def adjustment_label(kind: str) -> str:
    return _pick(_ADJUSTMENTS, kind)


def cycle_type_label(cycle_type: str) -> str:
    return _pick(_CYCLE_TYPES, cycle_type)


def rating_word(value: int) -> str:
    en, zh = _RATINGS.get(value, (str(value), str(value)))
    return t(en, zh)


def staff_role_label(role: str) -> str:
    try:
        return Role(role).label()
    except ValueError:
        return role


def flag_label(flag: str) -> str:
    """A scorecard flag (data-exchange §5) in words."""
    if flag == "partial_period":
        return t(
            "partial period (joined or left during the period; pay prorated)",
            "期间内入职或离职（绩效工资按在职天数折算）",
        )
    if flag == "pip":
        return t("performance improvement plan (PIP) proposed", "建议制定绩效改进计划（PIP）")
    if flag == "promotion_candidate":
        return t(
            "promotion candidate (two A-or-better grades in a row)",
            "晋升候选（连续两期 A 及以上）",
        )
    kind, _, item = flag.partition(":")
    if kind == "training" and item:
        return t("training: {i}", "培训需求：{i}", i=item)
    if kind == "unrated" and item:
        return t("nobody rated {i} yet", "{i} 尚无人评分", i=item)
    return flag


# --------------------------------------------------------------------------- numbers


def _decimal(text: object) -> Decimal | None:
    if text is None or isinstance(text, bool | float):
        return None
    try:
        value = Decimal(str(text))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def plain_number(value: Decimal) -> str:
    """A decimal as people write it: no exponent, no trailing zeros (20, 0.6, 7.5)."""
    if value == 0:
        return "0"
    return format(value.normalize(), "f")


def grouped(text: object) -> str:
    """A number as the scorecard holds it, with thousands separators and exactly its
    decimals (`1200825.15` → `1,200,825.15`); a dash for none."""
    value = _decimal(text)
    if value is None:
        return NO_VALUE if text is None else str(text)
    return f"{value:,f}"


def fraction_percent(text: object) -> str:
    """A fraction as a percentage, the decimal point moved and nothing rounded
    (`1.3272` → `132.72%`); a dash for none."""
    value = _decimal(text)
    if value is None:
        return NO_VALUE if text is None else str(text)
    return f"{value.scaleb(2):f}%"


def as_printed(text: object) -> str:
    """A number exactly as the scorecard holds it; a dash for none."""
    return NO_VALUE if text is None else str(text)


def metric_value(text: object, unit: MetricUnit | None) -> str:
    """An actual or a target as printed: money grouped, a percent metric (held as a
    fraction) as a percentage, counts and points as they are."""
    if unit is MetricUnit.MONEY:
        return grouped(text)
    if unit is MetricUnit.PERCENT:
        return fraction_percent(text)
    return as_printed(text)
