"""Metric definitions (appraisal-rules §3): the built-in catalogue and its vocabulary."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class MetricUnit(StrEnum):
    MONEY = "money"
    COUNT = "count"
    PERCENT = "percent"
    POINTS = "points"


class Direction(StrEnum):
    UP = "up"
    DOWN = "down"


class Aggregation(StrEnum):
    SUM = "sum"
    LAST = "last"
    MEAN = "mean"
    RATIO = "ratio"


class Source(StrEnum):
    LEDGER = "ledger"
    RECEIPTS = "receipts"
    DERIVED = "derived"
    MANUAL = "manual"


@dataclass(frozen=True)
class MetricDef:
    """What a metric means: how it is measured and how its months combine."""

    code: str
    name_zh: str
    name_en: str
    unit: MetricUnit
    direction: Direction
    aggregation: Aggregation
    source: Source
    numerator: str | None = None
    denominator: str | None = None


_M, _C, _P, _PT = MetricUnit.MONEY, MetricUnit.COUNT, MetricUnit.PERCENT, MetricUnit.POINTS
_UP, _DOWN = Direction.UP, Direction.DOWN
_SUM, _LAST, _MEAN, _RATIO = Aggregation.SUM, Aggregation.LAST, Aggregation.MEAN, Aggregation.RATIO

BUILTIN_METRICS: tuple[MetricDef, ...] = (
    MetricDef("revenue", "销售额", "Revenue", _M, _UP, _SUM, Source.LEDGER),
    MetricDef("gross_profit", "毛利额", "Gross profit", _M, _UP, _SUM, Source.LEDGER),
    MetricDef(
        "gross_margin_rate",
        "毛利率",
        "Gross margin rate",
        _P,
        _UP,
        _RATIO,
        Source.DERIVED,
        "gross_profit",
        "revenue",
    ),
    MetricDef("orders", "订单数", "Orders", _C, _UP, _SUM, Source.LEDGER),
    MetricDef("new_customers", "新客户数", "New customers", _C, _UP, _SUM, Source.LEDGER),
    MetricDef("collections", "回款额", "Collections", _M, _UP, _SUM, Source.RECEIPTS),
    MetricDef("amount_due", "应回款额", "Amount due", _M, _UP, _SUM, Source.RECEIPTS),
    MetricDef(
        "collection_rate",
        "回款率",
        "Collection rate",
        _P,
        _UP,
        _RATIO,
        Source.DERIVED,
        "collections",
        "amount_due",
    ),
    MetricDef(
        "revenue_growth",
        "销售增长率",
        "Revenue growth",
        _P,
        _UP,
        _RATIO,
        Source.DERIVED,
        "revenue",
        "revenue",
    ),
    MetricDef(
        "overdue_receivables", "逾期应收款", "Overdue receivables", _M, _DOWN, _LAST, Source.MANUAL
    ),
    MetricDef("visits", "有效拜访数", "Effective visits", _C, _UP, _SUM, Source.MANUAL),
    MetricDef(
        "satisfaction", "客户满意度", "Customer satisfaction", _PT, _UP, _MEAN, Source.MANUAL
    ),
    MetricDef(
        "complaint_ontime_rate",
        "投诉处理及时率",
        "Complaints handled on time",
        _P,
        _UP,
        _MEAN,
        Source.MANUAL,
    ),
    MetricDef(
        "sales_expense_ratio", "销售费用率", "Sales expense ratio", _P, _DOWN, _MEAN, Source.MANUAL
    ),
    MetricDef(
        "report_ontime_rate",
        "报表及时准确率",
        "Reports on time and accurate",
        _P,
        _UP,
        _MEAN,
        Source.MANUAL,
    ),
    MetricDef(
        "contract_accuracy",
        "合同审核准确率",
        "Contract review accuracy",
        _P,
        _UP,
        _MEAN,
        Source.MANUAL,
    ),
    MetricDef(
        "order_ontime_rate",
        "订单/报价处理及时率",
        "Orders and quotes on time",
        _P,
        _UP,
        _MEAN,
        Source.MANUAL,
    ),
    MetricDef(
        "staff_turnover", "核心人员流失率", "Key staff turnover", _P, _DOWN, _MEAN, Source.MANUAL
    ),
)

BUILTIN_BY_CODE: dict[str, MetricDef] = {m.code: m for m in BUILTIN_METRICS}
