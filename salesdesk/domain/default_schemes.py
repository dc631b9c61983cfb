"""The default schemes of appraisal-rules §8 as scheme JSON documents (data-exchange §3a),
and the check every scheme document must pass before it is used.

The documents are plain data: decimals are strings, weights and rater weights whole
numbers. `check_scheme_document` is the rule of appraisal-rules §5 and data-exchange §3a:
weights add up to exactly 100, metrics and rules are known, rule parameters make sense,
bands run in descending order.
"""

from __future__ import annotations

import copy
from collections.abc import Collection, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from salesdesk.domain.metrics import BUILTIN_BY_CODE, Direction, MetricUnit
from salesdesk.domain.org import Role
from salesdesk.domain.text import t

CYCLE_TYPES = ("monthly", "quarterly", "annual")
CATEGORIES = ("result", "customer_process", "team", "capability")
ITEM_KINDS = ("metric", "rating", "key_tasks", "period_results")
SCOPES = ("own", "team")
FILTER_KEYS = ("product_line", "region", "segment")
RATER_ROLES = ("supervisor", "peer", "self", "skip_level")
GRADES = ("S", "A", "B", "C", "D")
DISTRIBUTION_MODES = ("off", "advisory", "enforce")
LEVEL_KEYS = ("5", "4", "3", "2", "1")

# Parameters of each rule type with their defaults (appraisal-rules §5.1).
RULE_PARAMETERS: dict[str, dict[str, Any]] = {
    "linear": {"floor": "0.6", "cap": "1.2"},
    "interpolated": {"low": "0.6", "high": "1.2", "bonus": "0.2"},
    "banded": {"bands": [["1.0", "1.0"], ["0.9", "0.8"], ["0.8", "0.6"], ["0.7", "0.4"]]},
    "threshold": {},
    "per_unit": {"baseline": "0", "unit": "10000", "points": "1"},
    "direct": {},
}

SCHEME_KEYS = frozenset(
    {
        "name",
        "role",
        "roles",
        "cycle_type",
        "description",
        "bonus_cap",
        "rater_weights",
        "bands",
        "coefficients",
        "distribution",
        "items",
    }
)
ITEM_KEYS: dict[str, frozenset[str]] = {
    "metric": frozenset({"metric", "scope", "filter", "rule"}),
    "rating": frozenset({"levels", "raters"}),
    "key_tasks": frozenset(),
    "period_results": frozenset({"source"}),
}
COMMON_ITEM_KEYS = frozenset({"name", "category", "weight", "kind", "description"})
MAX_ITEM_NAME = 96
MAX_SCHEME_NAME = 96

# --------------------------------------------------------------------------- defaults

DEFAULT_RATER_WEIGHTS: dict[str, int] = {"supervisor": 70, "peer": 20, "self": 10, "skip_level": 0}
DEFAULT_BANDS: list[list[str]] = [["S", "95"], ["A", "85"], ["B", "70"], ["C", "60"], ["D", "0"]]
DEFAULT_COEFFICIENTS: dict[str, str] = {"S": "1.5", "A": "1.2", "B": "1.0", "C": "0.7", "D": "0"}
DEFAULT_DISTRIBUTION: dict[str, Any] = {
    "mode": "advisory",
    "shares": {"S": 10, "A": 20, "B": 40, "C": 20, "D": 10},
}
DEFAULT_BONUS_CAP = "10"

LINEAR: dict[str, Any] = {"type": "linear", "floor": "0.6", "cap": "1.2"}
BANDED: dict[str, Any] = {
    "type": "banded",
    "bands": [["1.0", "1.0"], ["0.9", "0.8"], ["0.8", "0.6"], ["0.7", "0.4"]],
}
DIRECT: dict[str, Any] = {"type": "direct"}
# Overdue receivables: one point off per 10,000 yuan overdue (50,000 yuan takes all 5).
OVERDUE_PER_UNIT: dict[str, Any] = {
    "type": "per_unit",
    "baseline": "0",
    "unit": "10000",
    "points": "1",
}


def _metric(
    name: str,
    category: str,
    weight: int,
    metric: str,
    rule: Mapping[str, Any],
    *,
    scope: str = "own",
    description: str = "",
) -> dict[str, Any]:
    item: dict[str, Any] = {
        "name": name,
        "category": category,
        "weight": weight,
        "kind": "metric",
        "metric": metric,
        "scope": scope,
        "rule": dict(rule),
    }
    if description:
        item["description"] = description
    return item


def _rating(
    name: str,
    category: str,
    weight: int,
    levels: Mapping[str, str],
    *,
    raters: list[str] | None = None,
    description: str = "",
) -> dict[str, Any]:
    item: dict[str, Any] = {
        "name": name,
        "category": category,
        "weight": weight,
        "kind": "rating",
        "levels": dict(levels),
    }
    if raters:
        item["raters"] = list(raters)
    if description:
        item["description"] = description
    return item


def _key_tasks(weight: int) -> dict[str, Any]:
    return {
        "name": "重点工作推进",
        "category": "result",
        "weight": weight,
        "kind": "key_tasks",
        "description": "本期与上级约定的重点工作，按各项权重与完成度计分",
    }


def _period_results(weight: int) -> dict[str, Any]:
    return {
        "name": "季度考核结果",
        "category": "result",
        "weight": weight,
        "kind": "period_results",
        "source": "quarterly",
        "description": "本年度各季度已确认考核总分的平均值",
    }


# 5-level anchors (5 卓越, 4 良好, 3 合格, 2 待改进, 1 不合格) of the qualitative items.

PROFESSIONAL_KNOWLEDGE = {
    "5": "精通公司全部产品线与主要竞品的性能、价格和适用工况，"
    "能独立为重点客户设计选型与整体解决方案，并常被同事请教",
    "4": "熟悉主营产品线的技术参数与应用场景，能准确选型报价，"
    "了解主要竞品差异，偶需技术支持协助复杂方案",
    "3": "掌握所负责产品的基本参数、价格政策和常见应用，能完成常规选型与报价，复杂问题需请教他人",
    "2": "对产品参数和价格政策掌握不全，选型或报价出现过错误，需要较多指导才能回答客户问题",
    "1": "不熟悉产品基本知识，多次因选型、报价错误造成客户投诉或退货",
}
NEGOTIATION = {
    "5": "能准确把握客户决策链和关键需求，在价格、付款条件上守住底线并促成大单，"
    "谈判成功率在团队中领先",
    "4": "沟通清晰有条理，能有效处理客户异议，多数谈判在授权范围内达成有利条件",
    "3": "能按流程与客户沟通并完成常规商务谈判，表达基本清楚，偶有异议处理不到位",
    "2": "沟通缺乏准备，常因让步过快或表达不清影响成交或回款条件",
    "1": "沟通方式不当，多次引发客户不满或丢失订单",
}
TEAMWORK = {
    "5": "主动分享客户资源和成功经验，积极支援同事的重点项目，跨部门协作中常起牵头作用",
    "4": "乐于配合同事与支持部门，按时交接信息，能在团队需要时承担额外工作",
    "3": "能完成分内的协作事项，与同事和支持部门关系正常，无推诿",
    "2": "协作被动，信息交接不及时，偶有与同事争抢客户或推诿责任",
    "1": "经常拒绝配合，损害团队利益或破坏团队氛围",
}
ETHICS_PRICING = {
    "5": "严格执行价格与折扣审批、合同和信用政策，主动识别并上报违规风险，是团队的合规榜样",
    "4": "始终在授权范围内报价和签约，费用报销真实规范，无任何违规记录",
    "3": "基本遵守价格政策和公司制度，偶有流程疏漏但及时纠正，未造成损失",
    "2": "出现越权让价、未审批承诺账期或费用报销不规范等情况，经提醒后改正",
    "1": "存在私自降价、虚报费用、收受回扣或泄露客户信息等严重违规行为",
}
LEADERSHIP = {
    "5": "能把公司目标清晰分解到人并跟踪落实，团队士气高、执行力强，困难时期仍带领团队超额完成目标",
    "4": "目标分解合理，例会与过程管理规范，能及时发现并解决团队问题，团队稳定",
    "3": "能组织团队完成日常销售管理，按时分解目标和召开例会，管理基本到位",
    "2": "目标分解粗放，过程跟踪不足，团队问题发现晚、处理慢",
    "1": "缺乏管理措施，团队目标失控，成员士气低落或冲突频发",
}
COACHING = {
    "5": "为每位成员制定针对性的成长计划并定期陪访辅导，本期有下属明显进步或获得晋升",
    "4": "定期开展陪访和一对一辅导，新人能按期独立开展业务",
    "3": "能完成公司要求的培训与绩效面谈，对下属的问题给予一般性指导",
    "2": "辅导流于形式，很少陪访，新人上手慢或流失",
    "1": "不关注下属成长，未进行任何辅导或绩效面谈",
}
CROSS_TEAM = {
    "5": "主动协调区域、产品、财务等部门资源解决团队的关键问题，推动跨团队项目落地",
    "4": "与其他团队和职能部门沟通顺畅，能为团队争取所需支持",
    "3": "能按要求配合其他团队和部门的工作，协作无明显障碍",
    "2": "与其他团队或部门协作不畅，存在本位主义，需上级出面协调",
    "1": "经常与其他团队或部门发生冲突，影响公司整体业务",
}
INTERNAL_SATISFACTION = {
    "5": "销售同事高度认可：响应迅速、资料准确，常主动提醒风险和跟进进度，是前线的得力后盾",
    "4": "响应及时，报价、合同和数据准确，同事反馈满意",
    "3": "能按时完成同事提出的支持需求，偶有延误或需返工",
    "2": "响应较慢或差错较多，销售同事多次反映需要催办",
    "1": "经常延误或出错，影响订单签订或客户关系",
}
RESPONSIBILITY = {
    "5": "对经手的合同、报价和数据负责到底，主动发现流程漏洞并提出改进，从不需要催办",
    "4": "工作认真细致，承诺事项按时完成，出现问题主动承担并补救",
    "3": "能完成岗位职责内的工作，差错在可接受范围内",
    "2": "工作需要督促，出现差错时有推诿现象",
    "1": "责任心差，多次因疏忽造成合同、发货或数据错误",
}
COMMUNICATION = {
    "5": "与销售、财务、仓储、客户沟通高效，能把复杂信息整理得清楚准确，化解多方分歧",
    "4": "沟通及时清楚，信息传递准确，能协调各方按时完成事务",
    "3": "能正常沟通与传递信息，基本不出现误解",
    "2": "沟通不够及时或表达不清，偶尔造成信息遗漏",
    "1": "沟通障碍明显，多次因信息传递错误影响工作",
}
STRATEGY_LEADERSHIP = {
    "5": "准确研判市场与竞争态势，制定的区域、产品线与客户策略有效落地，部门业绩和利润双双超额增长",
    "4": "年度策略清晰可行，资源配置合理，重大项目推进有力，部门目标基本达成",
    "3": "能制定并执行年度销售计划，部门运作平稳",
    "2": "策略缺乏针对性或调整滞后，资源配置失衡，部分区域业绩明显下滑",
    "1": "缺乏明确的销售策略，部门目标严重落空",
}
TALENT_DEVELOPMENT = {
    "5": "建立了完善的招聘、培训和梯队培养机制，核心人员稳定，本年度培养出多名可独当一面的主管",
    "4": "培训和辅导体系运作良好，关键岗位有后备人选，核心人员流失低",
    "3": "能完成年度招聘和培训计划，团队人员基本稳定",
    "2": "人才培养投入不足，关键岗位缺少后备，核心人员流失偏高",
    "1": "忽视团队建设，核心人员大量流失，影响业务开展",
}
COMPLIANCE_VALUES = {
    "5": "以身作则践行公司价值观，建立并执行严格的价格、合同和费用管控，部门全年无违规事件",
    "4": "重视合规，部门价格和费用管理规范，出现的问题能及时处理",
    "3": "遵守公司制度和价值观，部门偶有小的违规但已纠正",
    "2": "对部门违规行为管控不力，发生过造成损失的违规事件",
    "1": "本人或纵容部门发生严重违规、违背公司价值观的行为",
}
PROFESSIONAL_CAPABILITY = {
    "5": "专业能力在部门内领先，全年持续学习并能把经验沉淀为方法或培训教材，带动他人提升",
    "4": "专业能力扎实，能独立处理岗位内的复杂问题，全年有明显进步",
    "3": "具备岗位所需的专业能力，能胜任日常工作",
    "2": "专业能力存在明显短板，需在他人指导下完成部分工作",
    "1": "专业能力不能满足岗位要求，经培训后仍无改善",
}
TEAM_CONTRIBUTION = {
    "5": "全年在客户资源共享、新人带教或跨部门项目中有突出贡献，受到同事普遍认可",
    "4": "积极参与团队活动和协作，对团队目标达成有明显贡献",
    "3": "能配合团队工作，完成团队分配的任务",
    "2": "较少参与团队协作，对团队目标贡献有限",
    "1": "只顾个人利益，对团队造成负面影响",
}
VALUES = {
    "5": "始终以客户为中心、诚信守规，在困难情况下仍坚守原则，是公司价值观的践行标杆",
    "4": "认同并践行公司价值观，工作中诚信、敬业、守规",
    "3": "基本遵守公司价值观和行为规范",
    "2": "偶有与公司价值观不符的言行，经提醒后改正",
    "1": "行为严重违背公司价值观或职业道德",
}


def _scheme(
    name: str,
    role: str,
    cycle_type: str,
    items: list[dict[str, Any]],
    *,
    roles: list[str] | None = None,
    description: str = "",
) -> dict[str, Any]:
    return {
        "name": name,
        "role": role,
        "roles": list(roles or [role]),
        "cycle_type": cycle_type,
        "description": description,
        "bonus_cap": DEFAULT_BONUS_CAP,
        "rater_weights": dict(DEFAULT_RATER_WEIGHTS),
        "bands": [list(band) for band in DEFAULT_BANDS],
        "coefficients": dict(DEFAULT_COEFFICIENTS),
        "distribution": copy.deepcopy(DEFAULT_DISTRIBUTION),
        "items": items,
    }


_DEFAULT_SCHEMES: tuple[dict[str, Any], ...] = (
    _scheme(
        "销售代表月度考核方案",
        "rep",
        "monthly",
        [
            _metric("销售额达成率", "result", 50, "revenue", LINEAR),
            _metric("订单数", "result", 15, "orders", LINEAR),
            _metric("新客户开发", "customer_process", 15, "new_customers", BANDED),
            _metric("有效拜访数", "customer_process", 10, "visits", LINEAR),
            _metric("回款率", "result", 10, "collection_rate", LINEAR),
        ],
        description="销售代表短期业绩跟踪与激励：销售额、订单、新客户、拜访与回款",
    ),
    _scheme(
        "销售代表季度考核方案",
        "rep",
        "quarterly",
        [
            _metric("销售额达成率", "result", 25, "revenue", LINEAR),
            _metric("回款率", "result", 15, "collection_rate", LINEAR),
            _metric("毛利率", "result", 10, "gross_margin_rate", LINEAR),
            _metric("新客户开发", "customer_process", 10, "new_customers", BANDED),
            _key_tasks(10),
            _metric(
                "客户满意度",
                "customer_process",
                5,
                "satisfaction",
                DIRECT,
                description="客户满意度调查得分（0–100 分）",
            ),
            _metric(
                "逾期应收款",
                "customer_process",
                5,
                "overdue_receivables",
                OVERDUE_PER_UNIT,
                description="季末逾期应收款每 10,000 元扣 1 分，扣完为止",
            ),
            _rating("专业知识", "capability", 5, PROFESSIONAL_KNOWLEDGE),
            _rating("沟通谈判能力", "capability", 5, NEGOTIATION),
            _rating("团队协作", "capability", 5, TEAMWORK),
            _rating("职业操守与价格纪律", "capability", 5, ETHICS_PRICING),
        ],
        description="销售代表季度综合考核：业绩结果、客户与过程、重点工作和能力态度",
    ),
    _scheme(
        "销售主管季度考核方案",
        "supervisor",
        "quarterly",
        [
            _metric("团队销售额达成率", "result", 25, "revenue", LINEAR, scope="team"),
            _metric("团队回款率", "result", 15, "collection_rate", LINEAR, scope="team"),
            _metric("团队毛利率", "result", 10, "gross_margin_rate", LINEAR, scope="team"),
            _metric("销售费用率", "result", 10, "sales_expense_ratio", LINEAR, scope="team"),
            _metric(
                "团队新客户开发", "customer_process", 10, "new_customers", BANDED, scope="team"
            ),
            _key_tasks(10),
            _metric("核心人员流失率", "team", 5, "staff_turnover", LINEAR, scope="team"),
            _rating("团队领导力", "team", 5, LEADERSHIP),
            _rating("辅导培养", "team", 5, COACHING),
            _rating("跨团队协作", "capability", 5, CROSS_TEAM),
        ],
        description="销售主管季度考核：团队业绩、费用与人员稳定、团队管理能力",
    ),
    _scheme(
        "销售支持季度考核方案",
        "support",
        "quarterly",
        [
            _metric("订单/报价处理及时率", "customer_process", 20, "order_ontime_rate", LINEAR),
            _metric("合同审核准确率", "customer_process", 20, "contract_accuracy", LINEAR),
            _metric("报表及时准确率", "customer_process", 20, "report_ontime_rate", LINEAR),
            _rating(
                "内部客户满意度",
                "customer_process",
                15,
                INTERNAL_SATISFACTION,
                raters=["peer"],
                description="由所支持的销售同事评价",
            ),
            _key_tasks(10),
            _rating("责任心", "capability", 5, RESPONSIBILITY),
            _rating("沟通协调", "capability", 5, COMMUNICATION),
            _rating("团队协作", "capability", 5, TEAMWORK),
        ],
        description="销售支持专员季度考核：订单合同报表的及时准确、内部客户满意度",
    ),
    _scheme(
        "销售总监年度考核方案",
        "director",
        "annual",
        [
            _metric("部门销售额达成率", "result", 25, "revenue", LINEAR, scope="team"),
            _metric("部门毛利额达成率", "result", 20, "gross_profit", LINEAR, scope="team"),
            _metric("部门回款率", "result", 15, "collection_rate", LINEAR, scope="team"),
            _metric("部门销售费用率", "result", 10, "sales_expense_ratio", LINEAR, scope="team"),
            _period_results(10),
            _rating("战略规划与领导力", "team", 10, STRATEGY_LEADERSHIP),
            _rating("人才培养", "team", 5, TALENT_DEVELOPMENT),
            _rating("合规与价值观", "capability", 5, COMPLIANCE_VALUES),
        ],
        description="销售总监年度考核：部门业绩与利润、回款与费用、战略与团队建设",
    ),
    _scheme(
        "销售人员年度考核方案",
        "rep",
        "annual",
        [
            _period_results(60),
            _rating("专业能力", "capability", 15, PROFESSIONAL_CAPABILITY),
            _rating("团队贡献", "team", 15, TEAM_CONTRIBUTION),
            _rating("价值观", "capability", 10, VALUES),
        ],
        roles=["rep", "supervisor", "support"],
        description="销售代表、主管与支持人员年度考核：四个季度结果的平均与年度能力评价",
    ),
)


def default_scheme_documents() -> list[dict[str, Any]]:
    """The six default schemes of appraisal-rules §8 (fresh copies: callers may edit them)."""
    return copy.deepcopy(list(_DEFAULT_SCHEMES))


# --------------------------------------------------------------------------- checking


def _decimal(value: Any) -> Decimal | None:
    """A decimal from a JSON string or integer; None for anything else (floats included:
    a binary float is not an exact decimal)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            return None
        return number if number.is_finite() else None
    return None


def _fmt(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def _check_rule(
    where: str, rule: Any, metric_unit: MetricUnit | None, direction: Direction | None
) -> list[str]:
    if not isinstance(rule, Mapping):
        return [t("{w}: a metric item needs a rule", "{w}：指标项必须有计分规则", w=where)]
    kind = rule.get("type")
    if kind not in RULE_PARAMETERS:
        return [
            t(
                "{w}: unknown rule {r} (allowed: {a})",
                "{w}：未知计分规则 {r}（允许：{a}）",
                w=where,
                r=kind,
                a=", ".join(RULE_PARAMETERS),
            )
        ]
    problems: list[str] = []
    allowed = set(RULE_PARAMETERS[kind])
    unknown = sorted(set(rule) - allowed - {"type"})
    if unknown:
        problems.append(
            t(
                "{w}: rule {r} has no parameter {p}",
                "{w}：计分规则 {r} 没有参数 {p}",
                w=where,
                r=kind,
                p=", ".join(unknown),
            )
        )
    params = {**RULE_PARAMETERS[kind], **{k: v for k, v in rule.items() if k in allowed}}
    if kind == "banded":
        problems.extend(_check_rule_bands(where, params["bands"]))
        return problems
    numbers: dict[str, Decimal] = {}
    for key in allowed:
        number = _decimal(params[key])
        if number is None:
            problems.append(
                t(
                    "{w}: rule parameter {p} is not a decimal: {v!r}",
                    "{w}：规则参数 {p} 不是数字：{v!r}",
                    w=where,
                    p=key,
                    v=params[key],
                )
            )
        else:
            numbers[key] = number
    if problems:
        return problems

    def bad(why: str) -> str:
        return t("{w}: rule {r}: {why}", "{w}：计分规则 {r}：{why}", w=where, r=kind, why=why)

    if kind == "linear" and not (0 <= numbers["floor"] <= 1 <= numbers["cap"]):
        problems.append(bad(t("needs 0 ≤ floor ≤ 1 ≤ cap", "须 0 ≤ 下限 ≤ 1 ≤ 封顶")))
    if kind == "interpolated" and not (
        0 <= numbers["low"] < 1 < numbers["high"] and numbers["bonus"] >= 0
    ):
        problems.append(
            bad(t("needs 0 ≤ low < 1 < high, bonus ≥ 0", "须 0 ≤ 下限 < 1 < 上限，奖励 ≥ 0"))
        )
    if kind == "per_unit":
        if numbers["baseline"] < 0 or numbers["unit"] <= 0 or numbers["points"] <= 0:
            problems.append(
                bad(
                    t(
                        "needs baseline ≥ 0, unit > 0, points > 0",
                        "须基准 ≥ 0、单位 > 0、每单位扣分 > 0",
                    )
                )
            )
        if direction is not None and direction is not Direction.DOWN:
            problems.append(bad(t("only for lower-is-better metrics", "只适用于越低越好的指标")))
    if kind == "direct" and metric_unit is not None and metric_unit is not MetricUnit.POINTS:
        problems.append(bad(t("only for 0–100 point metrics", "只适用于 0–100 分制的指标")))
    return problems


def _check_rule_bands(where: str, bands: Any) -> list[str]:
    message = t(
        "{w}: bands must be a non-empty list of [min achievement, fraction], min descending, "
        "fraction 0–1 and not rising",
        "{w}：分档须为非空的 [最低达成率, 得分比例] 列表，达成率从高到低，比例在 0–1 之间且不递增",
        w=where,
    )
    if not isinstance(bands, list) or not bands:
        return [message]
    previous: tuple[Decimal, Decimal] | None = None
    for band in bands:
        if not isinstance(band, list | tuple) or len(band) != 2:
            return [message]
        low, fraction = _decimal(band[0]), _decimal(band[1])
        if low is None or fraction is None or low < 0 or not 0 <= fraction <= 1:
            return [message]
        if previous is not None and (low >= previous[0] or fraction > previous[1]):
            return [message]
        previous = (low, fraction)
    return []


def _check_weights_table(
    what: str, table: Any, keys: tuple[str, ...], *, require_all: bool
) -> tuple[list[str], Decimal]:
    problems: list[str] = []
    total = Decimal(0)
    if not isinstance(table, Mapping):
        return [t("{w} must be an object", "{w} 必须是对象", w=what)], total
    unknown = sorted(set(table) - set(keys))
    if unknown:
        problems.append(
            t(
                "{w}: unknown key(s) {k} (allowed: {a})",
                "{w}：未知键 {k}（允许：{a}）",
                w=what,
                k=", ".join(map(str, unknown)),
                a=", ".join(keys),
            )
        )
    missing = [k for k in keys if k not in table]
    if require_all and missing:
        problems.append(t("{w}: missing {k}", "{w}：缺少 {k}", w=what, k=", ".join(missing)))
    for key in keys:
        if key not in table:
            continue
        number = _decimal(table[key])
        if number is None or number < 0:
            problems.append(
                t(
                    "{w}: {k} must be a number ≥ 0, not {v!r}",
                    "{w}：{k} 必须是 ≥ 0 的数字，而不是 {v!r}",
                    w=what,
                    k=key,
                    v=table[key],
                )
            )
        else:
            total += number
    return problems, total


def check_scheme_document(
    doc: Any, *, known_metrics: Mapping[str, Any] | Collection[str] | None = None
) -> list[str]:
    """Everything wrong with a scheme document (data-exchange §3a); empty when it is usable.

    Rules (appraisal-rules §5): item weights add up to exactly 100 (the message says by how
    much they are off); each metric item names a known metric and a known rule with
    sensible parameters; rater weights add up to 100; grade bands S, A, B, C, D run in
    descending order; distribution shares add up to 100. `known_metrics` are the metric
    codes in use (default: the built-in ones); a rule's fit to the metric (per_unit for
    lower-is-better metrics, direct for 0–100 point metrics) is checked for built-ins.
    """
    if not isinstance(doc, Mapping):
        return [t("a scheme must be a JSON object", "考核方案必须是 JSON 对象")]
    metrics = set(known_metrics) if known_metrics is not None else set(BUILTIN_BY_CODE)
    problems: list[str] = []

    unknown = sorted(set(doc) - SCHEME_KEYS)
    if unknown:
        problems.append(t("unknown key(s): {k}", "未知的键：{k}", k=", ".join(map(str, unknown))))
    name = doc.get("name")
    if not isinstance(name, str) or not name.strip() or len(name) > MAX_SCHEME_NAME:
        problems.append(
            t(
                "the scheme needs a name of 1–{n} characters",
                "方案名称须为 1–{n} 个字符",
                n=MAX_SCHEME_NAME,
            )
        )
    roles_allowed = [role.value for role in Role]
    role = doc.get("role")
    if role not in roles_allowed:
        problems.append(
            t(
                "unknown role {r} (allowed: {a})",
                "未知角色 {r}（允许：{a}）",
                r=role,
                a=", ".join(roles_allowed),
            )
        )
    roles = doc.get("roles", [role])
    if not isinstance(roles, list) or not roles or any(r not in roles_allowed for r in roles):
        problems.append(
            t(
                "roles must be a list of {a}",
                "适用角色须为以下角色的列表：{a}",
                a=", ".join(roles_allowed),
            )
        )
    elif role in roles_allowed and role not in roles:
        problems.append(t("roles must include the role {r}", "适用角色须包含主角色 {r}", r=role))
    cycle_type = doc.get("cycle_type")
    if cycle_type not in CYCLE_TYPES:
        problems.append(
            t(
                "unknown cycle type {c} (allowed: {a})",
                "未知考核周期类型 {c}（允许：{a}）",
                c=cycle_type,
                a=", ".join(CYCLE_TYPES),
            )
        )
    if "description" in doc and not isinstance(doc["description"], str):
        problems.append(t("description must be text", "说明必须是文本"))
    bonus_cap = _decimal(doc.get("bonus_cap", DEFAULT_BONUS_CAP))
    if bonus_cap is None or bonus_cap < 0:
        problems.append(t("bonus cap must be a number ≥ 0", "加分上限必须是 ≥ 0 的数字"))

    found, total = _check_weights_table(
        t("rater weights", "评分人权重"),
        doc.get("rater_weights", DEFAULT_RATER_WEIGHTS),
        RATER_ROLES,
        require_all=False,
    )
    problems.extend(found)
    if not found and total != 100:
        problems.append(
            t(
                "rater weights add up to {s}, not 100",
                "评分人权重合计为 {s}，而不是 100",
                s=_fmt(total),
            )
        )
    problems.extend(_check_grade_bands(doc.get("bands", DEFAULT_BANDS)))
    found, _ = _check_weights_table(
        t("coefficients", "绩效系数"),
        doc.get("coefficients", DEFAULT_COEFFICIENTS),
        GRADES,
        require_all=True,
    )
    problems.extend(found)
    problems.extend(_check_distribution(doc.get("distribution", DEFAULT_DISTRIBUTION)))
    problems.extend(_check_items(doc.get("items"), cycle_type, metrics))
    return problems


def _check_grade_bands(bands: Any) -> list[str]:
    message = t(
        "grade bands must be [[S, min], [A, min], [B, min], [C, min], [D, min]] with the "
        "minimum totals in descending order",
        "等级分档须为 [[S, 最低分], [A, …], [B, …], [C, …], [D, …]]，最低分从高到低",
    )
    if not isinstance(bands, list) or len(bands) != len(GRADES):
        return [message]
    previous: Decimal | None = None
    for grade, band in zip(GRADES, bands, strict=True):
        if not isinstance(band, list | tuple) or len(band) != 2 or band[0] != grade:
            return [message]
        low = _decimal(band[1])
        if low is None or low < 0 or (previous is not None and low >= previous):
            return [message]
        previous = low
    return []


def _check_distribution(distribution: Any) -> list[str]:
    if not isinstance(distribution, Mapping):
        return [t("distribution must be an object", "强制分布设置必须是对象")]
    problems: list[str] = []
    mode = distribution.get("mode", "advisory")
    if mode not in DISTRIBUTION_MODES:
        problems.append(
            t(
                "unknown distribution mode {m} (allowed: {a})",
                "未知的强制分布方式 {m}（允许：{a}）",
                m=mode,
                a=", ".join(DISTRIBUTION_MODES),
            )
        )
    found, total = _check_weights_table(
        t("distribution shares", "强制分布比例"),
        distribution.get("shares", DEFAULT_DISTRIBUTION["shares"]),
        GRADES,
        require_all=True,
    )
    problems.extend(found)
    if not found and total != 100:
        problems.append(
            t(
                "distribution shares add up to {s}, not 100",
                "强制分布比例合计为 {s}，而不是 100",
                s=_fmt(total),
            )
        )
    unknown = sorted(set(distribution) - {"mode", "shares"})
    if unknown:
        problems.append(
            t(
                "distribution: unknown key(s) {k}",
                "强制分布：未知的键 {k}",
                k=", ".join(map(str, unknown)),
            )
        )
    return problems


def _check_items(items: Any, cycle_type: Any, metrics: set[str]) -> list[str]:
    if not isinstance(items, list) or not items:
        return [t("the scheme has no items", "方案没有考核项")]
    problems: list[str] = []
    total = Decimal(0)
    names: set[str] = set()
    for number, item in enumerate(items, start=1):
        if not isinstance(item, Mapping):
            problems.append(t("item {n} must be an object", "第 {n} 项必须是对象", n=number))
            continue
        name = item.get("name")
        where = t("item {n}", "第 {n} 项", n=number)
        if isinstance(name, str) and name.strip():
            where = t("item {n} ({name})", "第 {n} 项（{name}）", n=number, name=name)
            if name in names:
                problems.append(t("{w}: the name is used twice", "{w}：名称重复", w=where))
            names.add(name)
            if len(name) > MAX_ITEM_NAME:
                problems.append(t("{w}: name too long", "{w}：名称过长", w=where))
        else:
            problems.append(t("{w}: needs a name", "{w}：缺少名称", w=where))
        if item.get("category") not in CATEGORIES:
            problems.append(
                t(
                    "{w}: unknown category {c} (allowed: {a})",
                    "{w}：未知类别 {c}（允许：{a}）",
                    w=where,
                    c=item.get("category"),
                    a=", ".join(CATEGORIES),
                )
            )
        weight = _decimal(item.get("weight"))
        if weight is None or weight < 0 or weight != weight.quantize(Decimal("0.01")):
            problems.append(
                t(
                    "{w}: weight must be a number ≥ 0 with at most 2 decimals",
                    "{w}：权重须为 ≥ 0 且最多两位小数的数字",
                    w=where,
                )
            )
        else:
            total += weight
        kind = item.get("kind")
        if kind not in ITEM_KINDS:
            problems.append(
                t(
                    "{w}: unknown kind {k} (allowed: {a})",
                    "{w}：未知考核项类型 {k}（允许：{a}）",
                    w=where,
                    k=kind,
                    a=", ".join(ITEM_KINDS),
                )
            )
            continue
        unknown = sorted(set(item) - COMMON_ITEM_KEYS - ITEM_KEYS[kind])
        if unknown:
            problems.append(
                t(
                    "{w}: a {k} item has no key {u}",
                    "{w}：{k} 类型的考核项没有键 {u}",
                    w=where,
                    k=kind,
                    u=", ".join(map(str, unknown)),
                )
            )
        if "description" in item and not isinstance(item["description"], str):
            problems.append(t("{w}: description must be text", "{w}：说明必须是文本", w=where))
        if kind == "metric":
            problems.extend(_check_metric_item(where, item, metrics))
        elif kind == "rating":
            problems.extend(_check_rating_item(where, item))
        elif kind == "period_results":
            problems.extend(_check_period_results(where, item, cycle_type))
    if total > 100:
        problems.append(
            t(
                "item weights add up to {s}: {d} over 100",
                "考核项权重合计为 {s}：超出 100 {d} 分",
                s=_fmt(total),
                d=_fmt(total - 100),
            )
        )
    elif total < 100:
        problems.append(
            t(
                "item weights add up to {s}: {d} short of 100",
                "考核项权重合计为 {s}：距 100 还差 {d} 分",
                s=_fmt(total),
                d=_fmt(100 - total),
            )
        )
    return problems


def _check_metric_item(where: str, item: Mapping[str, Any], metrics: set[str]) -> list[str]:
    problems: list[str] = []
    code = item.get("metric")
    definition = BUILTIN_BY_CODE.get(code) if isinstance(code, str) else None
    if not isinstance(code, str) or code not in metrics:
        problems.append(t("{w}: unknown metric {m}", "{w}：未知指标 {m}", w=where, m=code))
    if item.get("scope", "own") not in SCOPES:
        problems.append(
            t(
                "{w}: scope must be own or team",
                "{w}：范围须为 own（本人）或 team（团队）",
                w=where,
            )
        )
    narrowing = item.get("filter", {})
    if not isinstance(narrowing, Mapping) or any(
        key not in FILTER_KEYS or not isinstance(value, str) or not value.strip()
        for key, value in narrowing.items()
    ):
        problems.append(
            t(
                "{w}: filter may name a product_line, region and segment only",
                "{w}：筛选只能指定 product_line（产品线）、region（区域）、segment（客户群）",
                w=where,
            )
        )
    problems.extend(
        _check_rule(
            where,
            item.get("rule"),
            definition.unit if definition else None,
            definition.direction if definition else None,
        )
    )
    return problems


def _check_rating_item(where: str, item: Mapping[str, Any]) -> list[str]:
    problems: list[str] = []
    levels = item.get("levels", {})
    if not isinstance(levels, Mapping) or (
        levels
        and (
            set(levels) != set(LEVEL_KEYS)
            or any(not isinstance(text, str) or not text.strip() for text in levels.values())
        )
    ):
        problems.append(
            t(
                "{w}: levels must give a text for each of 5, 4, 3, 2, 1",
                "{w}：等级描述须为 5、4、3、2、1 各级给出文字",
                w=where,
            )
        )
    raters = item.get("raters", [])
    if not isinstance(raters, list) or any(r not in RATER_ROLES for r in raters):
        problems.append(
            t(
                "{w}: raters must be a list of {a}",
                "{w}：评分人须为以下角色的列表：{a}",
                w=where,
                a=", ".join(RATER_ROLES),
            )
        )
    return problems


def _check_period_results(where: str, item: Mapping[str, Any], cycle_type: Any) -> list[str]:
    source = item.get("source")
    if (
        source not in CYCLE_TYPES
        or cycle_type not in CYCLE_TYPES
        or CYCLE_TYPES.index(source) >= CYCLE_TYPES.index(cycle_type)
    ):
        return [
            t(
                "{w}: source must be a cycle type shorter than the scheme's ({c})",
                "{w}：来源须为比本方案（{c}）更短的考核周期类型",
                w=where,
                c=cycle_type,
            )
        ]
    return []
