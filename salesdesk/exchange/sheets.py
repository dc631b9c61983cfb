"""The import sheets of every kind (data-exchange §3): columns, headers, synonyms and
template hints, shared by the readers, the templates and the exports.

A synonym holds in every sheet where its column appears: 日期 takes the ledger's and the
receipts' synonyms alike, 业务员 takes 销售员 in receipts as in the ledger.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal

from salesdesk.domain.org import ROLE_LABELS_EN, ROLE_LABELS_ZH, Role
from salesdesk.domain.text import language
from salesdesk.exchange.columns import CellFormat, Column, SheetSpec, Validation

IMPORT_KINDS = (
    "staff",
    "targets",
    "ledger",
    "receipts",
    "metrics",
    "ratings",
    "tasks",
    "adjustments",
)

_TEXT, _DATE, _MONEY, _NUMBER, _WHOLE = (
    CellFormat.TEXT,
    CellFormat.DATE,
    CellFormat.MONEY,
    CellFormat.NUMBER,
    CellFormat.WHOLE,
)
_EXAMPLE_DAY = date(2026, 3, 5)
_EXAMPLE_CYCLE = "2026-Q1 销售代表季度考核"
_EXAMPLE_CUSTOMER = "上海明达机械有限公司"

# Synonyms by canonical Chinese header: the same in every sheet the column appears in.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "日期": ("单据日期", "开票日期", "订单日期", "收款日期", "回款日期"),
    "单号": ("订单号", "单据编号", "发票号"),
    "业务员": ("销售员", "销售人员", "工号"),
    "客户": ("客户名称",),
    "客户群": ("客户分类",),
    "区域": ("地区",),
    "产品线": ("存货分类", "产品类别"),
    "金额": ("销售额", "价税合计", "含税金额", "无税金额"),
    "成本": ("成本金额",),
    "毛利": ("毛利额",),
    "回款金额": ("收款金额", "实收金额"),
    "应收金额": ("应回款金额",),
}


def _col(
    key: str,
    zh: str,
    en: str,
    *,
    required: bool = True,
    note: tuple[str, str] = ("", ""),
    example: object = None,
    validation: Validation | Callable[[], Validation] | None = None,
    cell_format: CellFormat = _TEXT,
) -> Column:
    return Column(
        key=key,
        zh=zh,
        en=en,
        synonyms=SYNONYMS.get(zh, ()),
        required=required,
        note_en=note[0],
        note_zh=note[1],
        example=example,
        validation=validation,
        cell_format=cell_format,
    )


def role_choices() -> tuple[str, ...]:
    """The role names a template offers, in the language of the messages."""
    labels = ROLE_LABELS_ZH if language() == "zh" else ROLE_LABELS_EN
    return tuple(labels[role] for role in Role)


def _role_validation() -> Validation:
    return Validation.choice(*role_choices())


_NOT_NEGATIVE = Validation.number(minimum=0)
_DAY = Validation.day()

STAFF = SheetSpec(
    kind="staff",
    title_en="Staff",
    title_zh="人员",
    columns=(
        _col(
            "code",
            "工号",
            "code",
            note=("Unique staff code, e.g. S0012", "唯一的员工工号，如 S0012"),
            example="S0001",
        ),
        _col("name", "姓名", "name", note=("Full name", "姓名"), example="张伟"),
        _col(
            "role",
            "角色",
            "role",
            note=(
                "销售代表/rep, 销售主管/supervisor, 销售支持/support, 销售总监/director "
                "(also 客户经理, 销售经理, 销售助理, 销售内勤)",
                "销售代表、销售主管、销售支持、销售总监（也可写客户经理、销售经理、销售助理、"
                "销售内勤，或英文 rep/supervisor/support/director）",
            ),
            example="销售代表",
            validation=_role_validation,
        ),
        _col(
            "unit",
            "部门",
            "unit",
            note=(
                "Unit path; missing units are created, e.g. 销售部/华东区/一组",
                "部门路径，不存在的部门会自动建立，如 销售部/华东区/一组",
            ),
            example="销售部/华东区/一组",
        ),
        _col(
            "manager",
            "上级工号",
            "manager",
            required=False,
            note=(
                "Manager's staff code (or unique name); may be a row further down",
                "上级的工号（或唯一的姓名）；可以是本表后面的行",
            ),
            example=None,
        ),
        _col(
            "hire_date",
            "入职日期",
            "hire date",
            note=("Date, e.g. 2024-03-01", "日期，如 2024-03-01"),
            example=date(2024, 3, 1),
            validation=_DAY,
            cell_format=_DATE,
        ),
        _col(
            "leave_date",
            "离职日期",
            "leave date",
            required=False,
            note=("Empty while employed", "在职者留空"),
            validation=_DAY,
            cell_format=_DATE,
        ),
        _col(
            "pay_base",
            "绩效工资基数",
            "pay base",
            required=False,
            note=(
                "Monthly performance pay base, an amount ≥ 0",
                "每月绩效工资基数，≥ 0 的金额",
            ),
            example=Decimal("3000.00"),
            validation=_NOT_NEGATIVE,
            cell_format=_MONEY,
        ),
    ),
)

_SUBJECT_NOTE_STAFF = (
    "Staff code (or unique name); or fill 部门",
    "员工工号（或唯一姓名）；或填部门",
)
_SUBJECT_NOTE_UNIT = ("Unit path, for a unit's own value", "部门路径（部门自身的数值）")

TARGETS = SheetSpec(
    kind="targets",
    title_en="Targets",
    title_zh="目标",
    columns=(
        _col("staff", "工号", "code", required=False, note=_SUBJECT_NOTE_STAFF, example="S0001"),
        _col("unit", "部门", "unit", required=False, note=_SUBJECT_NOTE_UNIT),
        _col(
            "metric",
            "指标",
            "metric",
            note=(
                "Metric code or Chinese name, e.g. revenue / 销售额",
                "指标代码或中文名，如 销售额",
            ),
            example="销售额",
        ),
        _col(
            "period",
            "期间",
            "period",
            note=("2026-03, 2026-Q1 or 2026", "期间：2026-03、2026-Q1 或 2026"),
            example="2026-03",
        ),
        _col("product_line", "产品线", "product line", required=False),
        _col("region", "区域", "region", required=False),
        _col("segment", "客户群", "segment", required=False),
        _col(
            "target",
            "目标值",
            "target",
            note=("Target value ≥ 0; a percent as 0.95 or 95%", "目标值 ≥ 0；百分比写 0.95 或 95%"),
            example=Decimal("150000.00"),
            validation=_NOT_NEGATIVE,
            cell_format=_NUMBER,
        ),
    ),
    any_of=(("staff", "unit"),),
)

TARGETS_WIDE = SheetSpec(
    kind="targets",
    title_en="Targets",
    title_zh="目标",
    columns=(
        *(c for c in TARGETS.columns if c.key not in ("period", "target")),
        _col("year", "年度", "year", note=("Year, e.g. 2026", "年度，如 2026"), example=2026),
    ),
    any_of=(("staff", "unit"),),
    keep_extra=True,
)

_MONTHS_EN = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_CN = re.compile(r"^(\d{1,2})月(?:份)?$")
_MONTH_CODE = re.compile(r"^(\d{4})[-/.年](\d{1,2})月?$")


def month_header(text: str) -> tuple[int | None, int] | None:
    """A wide target sheet's month column: `3月` → (None, 3), `Mar` → (None, 3),
    `2026-03` → (2026, 3); None for any other header."""
    value = "".join(str(text).split()).casefold()
    match = _MONTH_CN.match(value)
    if match and 1 <= int(match.group(1)) <= 12:
        return None, int(match.group(1))
    for index, name in enumerate(_MONTHS_EN, start=1):
        if value in (name, name + "."):
            return None, index
    match = _MONTH_CODE.match(value)
    if match and 1 <= int(match.group(2)) <= 12:
        return int(match.group(1)), int(match.group(2))
    return None


LEDGER = SheetSpec(
    kind="ledger",
    title_en="Sales ledger",
    title_zh="销售明细",
    columns=(
        _col("date", "日期", "date", example=_EXAMPLE_DAY, validation=_DAY, cell_format=_DATE),
        _col("order_no", "单号", "order no", example="SO20260305001"),
        _col("line_no", "行号", "line no", required=False, example=1, cell_format=_WHOLE),
        _col(
            "staff",
            "业务员",
            "salesperson",
            note=("Staff code or unique name", "业务员工号或唯一姓名"),
            example="S0001",
        ),
        _col("customer", "客户", "customer", example=_EXAMPLE_CUSTOMER),
        _col("segment", "客户群", "segment", required=False, example="重点客户"),
        _col("region", "区域", "region", required=False, example="华东"),
        _col("product_line", "产品线", "product line", example="工业泵"),
        _col(
            "amount",
            "金额",
            "amount",
            note=("Negative for returns", "退货为负数"),
            example=Decimal("12000.00"),
            cell_format=_MONEY,
        ),
        _col(
            "cost", "成本", "cost", required=False, example=Decimal("8000.00"), cell_format=_MONEY
        ),
        _col("gross_profit", "毛利", "gross profit", required=False, cell_format=_MONEY),
        _col(
            "allocation",
            "分成比例",
            "allocation",
            required=False,
            note=("Percent of the line credited, default 100", "分成百分比，默认 100"),
            example=100,
            validation=Validation.number(0, 100),
            cell_format=_NUMBER,
        ),
    ),
)

RECEIPTS = SheetSpec(
    kind="receipts",
    title_en="Receipts",
    title_zh="回款",
    columns=(
        _col("date", "日期", "date", example=date(2026, 3, 20), validation=_DAY, cell_format=_DATE),
        _col("staff", "业务员", "salesperson", example="S0001"),
        _col("customer", "客户", "customer", example=_EXAMPLE_CUSTOMER),
        _col(
            "amount",
            "回款金额",
            "amount received",
            example=Decimal("10000.00"),
            cell_format=_MONEY,
        ),
        _col(
            "amount_due",
            "应收金额",
            "amount due",
            required=False,
            example=Decimal("12000.00"),
            validation=_NOT_NEGATIVE,
            cell_format=_MONEY,
        ),
    ),
)

METRICS = SheetSpec(
    kind="metrics",
    title_en="Metric values",
    title_zh="指标数值",
    columns=(
        _col("staff", "工号", "code", required=False, note=_SUBJECT_NOTE_STAFF, example="S0001"),
        _col("unit", "部门", "unit", required=False, note=_SUBJECT_NOTE_UNIT),
        _col(
            "period",
            "期间",
            "period",
            note=("A month, e.g. 2026-03", "月份，如 2026-03"),
            example="2026-03",
        ),
        _col(
            "metric",
            "指标",
            "metric",
            note=("Metric code or Chinese name", "指标代码或中文名"),
            example="有效拜访数",
        ),
        _col(
            "value",
            "数值",
            "value",
            note=("A percent as 0.95 or 95%", "百分比写 0.95 或 95%"),
            example=25,
            cell_format=_NUMBER,
        ),
    ),
    any_of=(("staff", "unit"),),
)

RATER_ROLES_ZH = ("本人", "上级", "同事", "隔级")

RATINGS = SheetSpec(
    kind="ratings",
    title_en="Ratings",
    title_zh="评分",
    columns=(
        _col("cycle", "考核周期", "cycle", example=_EXAMPLE_CYCLE),
        _col(
            "ratee",
            "被考核人",
            "ratee",
            note=("Staff code or unique name", "工号或唯一姓名"),
            example="S0001",
        ),
        _col(
            "rater",
            "评分人",
            "rater",
            note=("Staff code or unique name", "工号或唯一姓名"),
            example="S0002",
        ),
        _col(
            "rater_role",
            "评分人角色",
            "rater role",
            note=(
                "本人/self, 上级/supervisor, 同事/peer, 隔级/skip-level",
                "本人、上级、同事、隔级",
            ),
            example="上级",
            validation=Validation.choice(
                *RATER_ROLES_ZH, "self", "supervisor", "peer", "skip-level"
            ),
        ),
        _col("item", "考核项", "item", example="专业知识"),
        _col(
            "rating",
            "评分",
            "rating",
            note=("A whole number 1–5", "1–5 的整数"),
            example=4,
            validation=Validation.whole(1, 5),
            cell_format=_WHOLE,
        ),
        _col("comment", "评语", "comment", required=False, example="熟悉产品，能独立答疑"),
    ),
)

TASKS = SheetSpec(
    kind="tasks",
    title_en="Key tasks",
    title_zh="重点工作",
    columns=(
        _col("cycle", "考核周期", "cycle", example=_EXAMPLE_CYCLE),
        _col("staff", "工号", "staff", example="S0001"),
        _col("task", "重点工作", "task", example="开拓华东区新代理商"),
        _col(
            "weight",
            "权重",
            "weight",
            example=50,
            validation=Validation.number(0, 100),
            cell_format=_NUMBER,
        ),
        _col(
            "completion",
            "完成度",
            "completion",
            required=False,
            note=("0–100, with or without %; empty until rated", "0–100，可带 %；评定前留空"),
            validation=Validation.number(0, 100),
            cell_format=_NUMBER,
        ),
        _col("note", "说明", "note", required=False, example="3 月底前完成签约"),
    ),
)

ADJUSTMENT_KINDS_ZH = ("加分", "扣分", "否决")

ADJUSTMENTS = SheetSpec(
    kind="adjustments",
    title_en="Adjustments",
    title_zh="加减分",
    columns=(
        _col("cycle", "考核周期", "cycle", example=_EXAMPLE_CYCLE),
        _col("staff", "工号", "staff", example="S0001"),
        _col(
            "kind",
            "类型",
            "kind",
            note=("加分/bonus, 扣分/deduction, 否决/veto", "加分、扣分或否决"),
            example="加分",
            validation=Validation.choice(*ADJUSTMENT_KINDS_ZH, "bonus", "deduction", "veto"),
        ),
        _col(
            "points",
            "分值",
            "points",
            required=False,
            note=("Points ≥ 0; empty for a veto", "分值 ≥ 0；否决留空"),
            example=2,
            validation=_NOT_NEGATIVE,
            cell_format=_NUMBER,
        ),
        _col("reason", "原因", "reason", note=("Required", "必填"), example="获得重点客户书面表扬"),
    ),
)

SHEETS: dict[str, SheetSpec] = {
    "staff": STAFF,
    "targets": TARGETS,
    "ledger": LEDGER,
    "receipts": RECEIPTS,
    "metrics": METRICS,
    "ratings": RATINGS,
    "tasks": TASKS,
    "adjustments": ADJUSTMENTS,
}
