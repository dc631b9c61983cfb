"""Organisation rules: roles, staff fields, unit paths, manager chains (appraisal-rules §1)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from enum import StrEnum

from salesdesk.domain.errors import ValidationError
from salesdesk.domain.text import language, t


class Role(StrEnum):
    """The seed's four roles."""

    REP = "rep"
    SUPERVISOR = "supervisor"
    SUPPORT = "support"
    DIRECTOR = "director"

    @property
    def label_zh(self) -> str:
        return ROLE_LABELS_ZH[self]

    @property
    def label_en(self) -> str:
        return ROLE_LABELS_EN[self]

    def label(self) -> str:
        return self.label_zh if language() == "zh" else self.label_en


ROLE_LABELS_ZH = {
    Role.REP: "销售代表",
    Role.SUPERVISOR: "销售主管",
    Role.SUPPORT: "销售支持",
    Role.DIRECTOR: "销售总监",
}
ROLE_LABELS_EN = {
    Role.REP: "Sales rep",
    Role.SUPERVISOR: "Supervisor",
    Role.SUPPORT: "Sales support",
    Role.DIRECTOR: "Director",
}
_ROLE_SYNONYMS: dict[str, Role] = {
    "rep": Role.REP,
    "salesrep": Role.REP,
    "销售代表": Role.REP,
    "客户经理": Role.REP,
    "销售专员": Role.REP,
    "supervisor": Role.SUPERVISOR,
    "manager": Role.SUPERVISOR,
    "销售主管": Role.SUPERVISOR,
    "销售经理": Role.SUPERVISOR,
    "support": Role.SUPPORT,
    "salessupport": Role.SUPPORT,
    "销售支持": Role.SUPPORT,
    "销售支持专员": Role.SUPPORT,
    "销售助理": Role.SUPPORT,
    "销售内勤": Role.SUPPORT,
    "director": Role.DIRECTOR,
    "salesdirector": Role.DIRECTOR,
    "销售总监": Role.DIRECTOR,
    "销售负责人": Role.DIRECTOR,
}
ALLOWED_ROLES = "销售代表/rep, 销售主管/supervisor, 销售支持/support, 销售总监/director"


def parse_role(text: str) -> Role:
    """A role from its code, its Chinese or English label, or a synonym (data-exchange §3)."""
    key = "".join(str(text).split()).lower().replace("_", "").replace("-", "")
    role = _ROLE_SYNONYMS.get(key)
    if role is None:
        for candidate in Role:
            if key in (candidate.value, candidate.label_en.replace(" ", "").lower()):
                return candidate
        raise ValidationError.single(
            t("unknown role: {v}", "未知角色：{v}", v=text), field="role", allowed=ALLOWED_ROLES
        )
    return role


UNIT_PATH_SEPARATOR = "/"
MAX_CODE_LENGTH = 32
MAX_NAME_LENGTH = 64


def split_unit_path(path: str) -> list[str]:
    """`销售部/华东区/一组` → ['销售部', '华东区', '一组']; also accepts \\ and ／ as separators."""
    normalised = str(path).replace("\\", "/").replace("／", "/").replace(">", "/")
    parts = [part.strip() for part in normalised.split("/")]
    parts = [part for part in parts if part]
    if not parts:
        raise ValidationError.single(
            t("empty unit path", "部门路径为空"), field="unit", allowed="销售部/华东区/一组"
        )
    return parts


def check_staff_code(code: str) -> str:
    """A staff code (工号): non-empty free text without line breaks, at most 32 characters."""
    value = str(code).strip()
    if not value:
        raise ValidationError.single(t("staff code is required", "工号不能为空"), field="code")
    if len(value) > MAX_CODE_LENGTH or any(ch in value for ch in "\r\n\t"):
        raise ValidationError.single(
            t("staff code not allowed: {v}", "工号不合规：{v}", v=value),
            field="code",
            allowed=t(
                "up to {n} characters on one line", "最多 {n} 个字符，不含换行", n=MAX_CODE_LENGTH
            ),
        )
    return value


def check_name(name: str, field: str = "name") -> str:
    value = " ".join(str(name).split())
    if not value:
        raise ValidationError.single(t("name is required", "名称不能为空"), field=field)
    if len(value) > MAX_NAME_LENGTH:
        raise ValidationError.single(
            t("name too long", "名称过长"),
            field=field,
            allowed=t("up to {n} characters", "最多 {n} 个字符", n=MAX_NAME_LENGTH),
        )
    return value


def check_employment_dates(hire_date: date | None, leave_date: date | None) -> None:
    """Hire date is required; a leave date may not be before it."""
    if hire_date is None:
        raise ValidationError.single(
            t("hire date is required", "入职日期不能为空"), field="hire_date", allowed="2026-03-05"
        )
    if leave_date is not None and leave_date < hire_date:
        raise ValidationError.single(
            t(
                "leave date {l} is before hire date {h}",
                "离职日期 {l} 早于入职日期 {h}",
                l=leave_date.isoformat(),
                h=hire_date.isoformat(),
            ),
            field="leave_date",
            allowed=t("on or after the hire date", "不早于入职日期"),
        )


def check_pay_base(value: Decimal) -> Decimal:
    """The monthly performance pay base: money, not negative, to the cent."""
    if value < 0 or value != value.quantize(Decimal("0.01")):
        raise ValidationError.single(
            t("pay base not allowed: {v}", "绩效工资基数不合规：{v}", v=value),
            field="pay_base",
            allowed=t("an amount ≥ 0 with at most 2 decimals", "≥ 0 的金额，最多两位小数"),
        )
    if value >= Decimal("100000000"):
        raise ValidationError.single(
            t("pay base too large: {v}", "绩效工资基数过大：{v}", v=value),
            field="pay_base",
            allowed=t("below 100,000,000", "小于 100,000,000"),
        )
    return value


def check_manager_chain(
    staff_key: str, manager_key: str | None, manager_of: Callable[[str], str | None]
) -> None:
    """Refuse a manager that would make a cycle (someone managing themselves, directly or not).

    `manager_of(key)` gives the current manager of any staff member (None at the top).
    """
    if manager_key is None:
        return
    seen = {staff_key}
    current: str | None = manager_key
    while current is not None:
        if current in seen:
            raise ValidationError.single(
                t(
                    "{m} cannot be the manager of {s}: that makes a loop of managers",
                    "{m} 不能作为 {s} 的上级：上级关系会形成循环",
                    m=manager_key,
                    s=staff_key,
                ),
                field="manager",
                allowed=t("someone not reporting to this person", "不在此人下属链中的人员"),
            )
        seen.add(current)
        current = manager_of(current)


def check_unit_move(
    unit_id: int, new_parent_id: int | None, parent_of: Mapping[int, int | None]
) -> None:
    """Refuse moving an org unit under itself or one of its own sub-units."""
    current = new_parent_id
    while current is not None:
        if current == unit_id:
            raise ValidationError.single(
                t(
                    "a unit cannot be moved under itself or its own sub-unit",
                    "部门不能移到自身或其下级部门之下",
                ),
                field="parent",
            )
        current = parent_of.get(current)
