"""Build a database holding a realistic demo company (`salesdesk demo`).

The demo is deterministic: the same seed gives the same company, people, ledger, receipts,
targets and manual metric values, anchored to the calendar years 2025 and 2026 (never to
today's date). It is built into a temporary file next to the target and moved into place
only when complete, so a cancelled or failed build leaves nothing behind. Rows go in with
bulk Core inserts in batches, so `--staff 10000` stays practical for benchmarks.
"""

from __future__ import annotations

import calendar
import contextlib
import os
import random
import secrets
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from salesdesk.db.models import (
    Base,
    Customer,
    CustomerSegment,
    Metric,
    MetricValue,
    OrgUnit,
    ProductLine,
    Receipt,
    Region,
    SalesCredit,
    SalesLine,
    SeasonalityProfile,
    Setting,
    Staff,
    Target,
    UnitMembership,
    scope_key,
)
from salesdesk.domain.errors import UserError
from salesdesk.domain.text import t
from salesdesk.services import audit
from salesdesk.services.database import Database, open_database

Progress = Callable[[int, str], bool]

COMPANY_NAME = "华信工业设备有限公司"
YEARS = (2025, 2026)
MONTHS: tuple[tuple[int, int], ...] = tuple((y, m) for y in YEARS for m in range(1, 13))
FIRST_DAY = date(YEARS[0], 1, 1)
LAST_DAY = date(YEARS[-1], 12, 31)
BATCH_ROWS = 20_000

# Month weights in permille of an average month: Chinese New Year makes February the
# weakest month, year-end budgets make November and December the strongest. Sum 12,000.
SEASONALITY_PERMILLE = (800, 600, 950, 1000, 1000, 1050, 950, 950, 1050, 1000, 1200, 1450)
SEASONALITY_NAME = "销售季节性（春节淡季、年末旺季）"


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


REGIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = tuple(
    (code, name, tuple(cities.split()))
    for code, name, cities in (
        ("EAST", "华东区", "上海 苏州 杭州 宁波 南京 无锡 常州 合肥 绍兴 嘉兴"),
        ("SOUTH", "华南区", "广州 深圳 东莞 佛山 厦门 珠海 中山 惠州 福州 泉州"),
        ("NORTH", "华北区", "北京 天津 石家庄 唐山 济南 青岛 太原 保定 廊坊 烟台"),
        ("CENTRAL", "华中区", "武汉 长沙 郑州 南昌 宜昌 株洲 洛阳 襄阳 岳阳 九江"),
        ("SOUTHWEST", "西南区", "成都 重庆 昆明 贵阳 绵阳 南宁 柳州 遵义 宜宾 德阳"),
        ("NORTHWEST", "西北区", "西安 兰州 银川 西宁 乌鲁木齐 宝鸡 咸阳 榆林 延安 天水"),
        ("NORTHEAST", "东北区", "沈阳 大连 长春 哈尔滨 吉林 鞍山 大庆 营口 锦州 齐齐哈尔"),
    )
)

# (code, name, share of lines in percent, margin range in permille)
PRODUCT_LINES: tuple[tuple[str, str, int, tuple[int, int]], ...] = (
    ("PUMP", "工业泵", 45, (200, 320)),
    ("VALVE", "阀门", 35, (250, 360)),
    ("SERVICE", "配件服务", 20, (300, 400)),
)
SEGMENTS = (("KA", "重点客户"), ("NORMAL", "普通客户"))

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红鹏辉建文斌宇浩凯健俊帆帅旭宁龙林欢"
    "阳佳晨雪琳晶丹飞波宏峰亮新成志婷倩颖蕾慧莉博瑞欣悦思雨梓睿子若嘉泽晓一可铭天海云立永春冬"
    "秋雅琪婧"
)
BRANDS = _words(
    "恒达 华宇 金源 鑫泰 宏远 中联 永盛 天润 海川 瑞丰 东方 新锐 "
    "安泰 博远 力拓 盛达 正泰 汇通 卓越 宝德 远航 德信 凯盛 昌盛 "
    "信达 荣华 明珠 长城 华兴 鼎盛 金桥 通达 振华 众诚 顺发 联创 "
    "嘉禾 久益 丰源 和信 华泰 万通 银河 星辰 蓝天 绿源 金石 伟业 "
    "宏基 新华 泰山 天成 同创 永信 盛世 聚力 弘毅 创新 国泰 华峰 "
)
INDUSTRIES = _words(
    "机械制造 化工 水务 电力工程 环保科技 能源 食品 制药 钢铁 纸业 石化 建材 冶金 纺织 热电 "
)
SUFFIXES = ("有限公司", "股份有限公司", "集团有限公司")

ROLE_PAY: dict[str, tuple[int, int]] = {
    "rep": (3000, 5000),
    "supervisor": (6000, 8000),
    "support": (2500, 3500),
    "director": (12000, 15000),
}

CN_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 12 → 十二, 103 → 一百零三 (for team names like 十二组), up to 9999."""
    if not 0 < n < 10000:
        return str(n)
    if n < 10:
        return CN_DIGITS[n]
    if n < 20:
        return "十" + (CN_DIGITS[n - 10] if n > 10 else "")
    text = ""
    pending_zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // value % 10
        if digit:
            if pending_zero and text:
                text += "零"
            text += CN_DIGITS[digit] + unit
            pending_zero = False
        elif text:
            pending_zero = True
    return text


class DemoCancelled(UserError):
    """The demo build was cancelled through its progress callback; nothing was written."""

    def __init__(self) -> None:
        super().__init__(
            t("demo cancelled; nothing was written", "已取消生成演示数据，未写入任何内容")
        )


@dataclass(frozen=True)
class DemoSummary:
    """What a demo build wrote, how long it took and how large the file is."""

    path: Path
    seed: int
    company: str
    staff: int
    units: int
    customers: int
    sales_lines: int
    receipts: int
    targets: int
    metric_values: int
    seconds: float
    file_bytes: int

    @property
    def megabytes(self) -> float:
        return self.file_bytes / 1_000_000

    def describe(self) -> str:
        return t(
            "Demo company {c} written to {p} (seed {s}): {staff:,} staff in {u:,} org units, "
            "{cu:,} customers, {l:,} sales lines, {r:,} receipts, {tg:,} targets, "
            "{mv:,} manual metric values and the default schemes; {sec:.1f} s, {mb:.1f} MB.",
            "演示公司“{c}”已写入 {p}（随机种子 {s}）：{staff:,} 名人员、{u:,} 个部门、"
            "{cu:,} 个客户、{l:,} 条销售明细、{r:,} 条回款、{tg:,} 条目标、{mv:,} 条手工指标值，"
            "以及默认考核方案；用时 {sec:.1f} 秒，文件 {mb:.1f} MB。",
            c=self.company,
            p=self.path,
            s=self.seed,
            staff=self.staff,
            u=self.units,
            cu=self.customers,
            l=self.sales_lines,
            r=self.receipts,
            tg=self.targets,
            mv=self.metric_values,
            sec=self.seconds,
            mb=self.megabytes,
        )


# --------------------------------------------------------------------------- plan


@dataclass(slots=True)
class _Unit:
    id: int
    parent_id: int | None
    name: str
    region_id: int | None


@dataclass(slots=True)
class _Person:
    id: int
    code: str
    name: str
    role: str
    unit_id: int
    hire: date
    leave: date | None = None
    manager_id: int | None = None
    pay_base: int = 0
    # (unit id, valid from, valid to exclusive or None), oldest first.
    memberships: list[tuple[int, date, date | None]] = field(default_factory=list)
    strength: int = 1000  # permille of an average rep's order volume
    growth: int = 1000  # permille of 2025 order size reached in 2026

    def active_days(self, start: date, end: date) -> tuple[date, date] | None:
        """The part of [start, end] this person was employed, or None."""
        lo = max(start, self.hire)
        hi = min(end, self.leave) if self.leave is not None else end
        return (lo, hi) if lo <= hi else None

    def unit_on(self, day: date) -> int:
        for unit_id, valid_from, valid_to in self.memberships:
            if valid_from <= day and (valid_to is None or day < valid_to):
                return unit_id
        return self.memberships[-1][0] if day >= self.hire else self.memberships[0][0]


@dataclass(slots=True)
class _Customer:
    id: int
    code: str
    name: str
    segment_id: int
    region_id: int
    owner_id: int
    start: int  # month index of the first purchase (0 = already a customer in 2025-01)
    transfer: tuple[int, int] | None = None  # (from month index, new owner id)

    def owner_at(self, month: int) -> int:
        if self.transfer is not None and month >= self.transfer[0]:
            return self.transfer[1]
        return self.owner_id


def _month_bounds(index: int) -> tuple[date, date]:
    year, month = MONTHS[index]
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _month_index(day: date) -> int:
    return (day.year - YEARS[0]) * 12 + day.month - 1


def _money(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)


def split_by_weights(total: int, weights: Sequence[int]) -> list[int]:
    """Split a whole number of units (cents, counts) over weights, largest remainder first
    (equal remainders: the earlier position first); zero weights get nothing."""
    weight_sum = sum(weights)
    if weight_sum <= 0:
        raise ValueError("weights must have a positive sum")
    base = [total * w // weight_sum for w in weights]
    remainders = [total * w % weight_sum for w in weights]
    left = total - sum(base)
    order = sorted(range(len(weights)), key=lambda i: (-remainders[i], i))
    for i in order[:left]:
        base[i] += 1
    return base


def _round_to(value: int, step: int) -> int:
    """Half-up to a multiple of `step`, never below 0."""
    return max(0, (value + step // 2) // step * step)


class _Cancel(Exception):
    pass


class _DemoBuilder:
    """Plans the demo company with one seeded RNG and writes it in bulk."""

    def __init__(self, database: Database, staff: int, seed: int, progress: Progress | None):
        self.db = database
        self.staff_count = staff
        self.rng = random.Random(seed)
        self.progress = progress
        self.units: list[_Unit] = []
        self.people: list[_Person] = []
        self.customers: list[_Customer] = []
        self.regions: list[tuple[int, str, str, tuple[str, ...]]] = []
        self.product_lines: list[tuple[int, int, tuple[int, int]]] = []  # id, share, margins
        self.segment_ids: dict[str, int] = {}
        self.metric_ids: dict[str, int] = {}
        self.dept_id = 0
        self.support_unit_id: int | None = None
        self.teams: list[_Unit] = []
        self.region_units: list[_Unit] = []
        self.supervisor_of: dict[int, int] = {}  # team unit id → supervisor id
        self.counts: dict[str, int] = {
            "sales_lines": 0,
            "receipts": 0,
            "targets": 0,
            "metric_values": 0,
        }
        # Per (person id, year): the year's actuals, to set plausible targets afterwards.
        self.actual_revenue: dict[tuple[int, int], int] = {}
        self.actual_profit: dict[tuple[int, int], int] = {}
        self.actual_orders: dict[tuple[int, int], int] = {}

    # ---- helpers

    def _report(self, percent: int, message: str) -> None:
        if self.progress is not None and self.progress(percent, message) is False:
            raise _Cancel

    def _insert(self, session: Session, model: type[Any], rows: list[dict[str, Any]]) -> None:
        if rows:
            session.execute(insert(model.__table__), rows)
            rows.clear()

    def _date_between(self, lo: date, hi: date) -> date:
        return lo + timedelta(days=self.rng.randint(0, (hi - lo).days))

    def _pay(self, role: str) -> int:
        lo, hi = ROLE_PAY[role]
        return self.rng.randrange(lo, hi + 1, 100)

    # ---- the whole build

    def build(self) -> None:
        self._report(2, t("planning the organisation", "规划组织架构"))
        with self.db.transaction() as session:
            self.metric_ids = dict(session.execute(select(Metric.code, Metric.id)).all())
            self._dimensions(session)
            self._organisation(session)
        self._report(8, t("customers", "客户"))
        with self.db.transaction() as session:
            self._customers(session)
        self._ledger()
        self._report(85, t("targets", "目标"))
        with self.db.transaction() as session:
            self._targets(session)
        self._report(90, t("manual metric values", "手工指标值"))
        with self.db.transaction() as session:
            self._metric_values(session)
        self._report(93, t("appraisal cycles", "考核周期"))
        from salesdesk.services.demo_cycles import build_demo_cycles

        build_demo_cycles(self.db, self.rng)
        with self.db.transaction() as session:
            audit.record(
                session,
                action="create",
                entity="demo",
                new=t("demo company, {n} staff", "演示公司，{n} 名人员", n=len(self.people)),
            )

    # ---- dimensions and organisation

    def _dimensions(self, session: Session) -> None:
        session.add(Setting(key="company_name", value=COMPANY_NAME))
        rows = [
            {"id": i, "code": code, "name": name}
            for i, (code, name, _, _) in enumerate(PRODUCT_LINES, start=1)
        ]
        self._insert(session, ProductLine, rows)
        self.product_lines = [
            (i, share, margins) for i, (_, _, share, margins) in enumerate(PRODUCT_LINES, start=1)
        ]
        rows = [{"id": i, "code": code, "name": name} for i, (code, name) in enumerate(SEGMENTS, 1)]
        self._insert(session, CustomerSegment, rows)
        self.segment_ids = {code: i for i, (code, _) in enumerate(SEGMENTS, 1)}
        weights = [format(Decimal(w).scaleb(-3), "f") for w in SEASONALITY_PERMILLE]
        self._insert(
            session,
            SeasonalityProfile,
            [{"id": 1, "name": SEASONALITY_NAME, "weights": weights, "derived_from": None}],
        )

    def _shape(self) -> tuple[int, int, int]:
        """How many support staff, teams and reps `staff_count` people make."""
        n = self.staff_count
        support = 0 if n < 6 else max(1, round(n * 0.07))
        remaining = n - 1 - support
        if remaining <= 0:
            return support, 0, 0
        teams = max(1, min(6, remaining // 6)) if remaining < 84 else round(remaining / 13)
        return support, teams, remaining - teams

    def _organisation(self, session: Session) -> None:
        support, team_count, rep_count = self._shape()
        region_count = 3 if team_count <= 18 else min(len(REGIONS), -(-team_count // 6))
        unit_id = 0

        def add_unit(parent: int | None, name: str, region: int | None) -> _Unit:
            nonlocal unit_id
            unit_id += 1
            unit = _Unit(unit_id, parent, name, region)
            self.units.append(unit)
            return unit

        dept = add_unit(None, "销售部", None)
        self.dept_id = dept.id
        region_rows = []
        for index, (code, name, cities) in enumerate(REGIONS[:region_count], start=1):
            self.regions.append((index, code, name, cities))
            region_rows.append({"id": index, "code": code, "name": name})
            self.region_units.append(add_unit(dept.id, name, index))
        self._insert(session, Region, region_rows)
        per_region = [0] * region_count
        for team_index in range(team_count):
            region = team_index % region_count
            per_region[region] += 1
            number = chinese_number(per_region[region])
            self.teams.append(add_unit(self.region_units[region].id, f"{number}组", region + 1))
        if support:
            self.support_unit_id = add_unit(dept.id, "销售支持组", None).id

        names = self._names()
        people: list[_Person] = []

        def add_person(role: str, unit: int, hire: date) -> _Person:
            person = _Person(
                id=len(people) + 1,
                code=f"S{len(people) + 1:04d}",
                name=next(names),
                role=role,
                unit_id=unit,
                hire=hire,
                pay_base=self._pay(role),
            )
            person.memberships.append((unit, hire, None))
            people.append(person)
            return person

        rng = self.rng
        director = add_person(
            "director", dept.id, self._date_between(date(2010, 3, 1), date(2015, 12, 31))
        )
        # Reps are dealt round the teams; the special cases (hired in 2025 or 2026, left in
        # 2026, moved between teams) are drawn from them.
        reps_per_team = (
            [
                rep_count // team_count + (1 if i < rep_count % team_count else 0)
                for i in range(team_count)
            ]
            if team_count
            else []
        )
        reps: list[_Person] = []
        for team, count in zip(self.teams, reps_per_team, strict=True):
            boss = add_person(
                "supervisor", team.id, self._date_between(date(2012, 1, 1), date(2020, 12, 31))
            )
            boss.manager_id = director.id
            self.supervisor_of[team.id] = boss.id
            for _ in range(count):
                rep = add_person(
                    "rep", team.id, self._date_between(date(2014, 1, 1), date(2024, 6, 30))
                )
                rep.manager_id = boss.id
                rep.strength = rng.randint(700, 1300)
                rep.growth = rng.randint(950, 1200)
                reps.append(rep)
        for _ in range(support):
            helper = add_person(
                "support",
                self.support_unit_id or dept.id,
                self._date_between(date(2016, 1, 1), date(2024, 10, 31)),
            )
            helper.manager_id = director.id

        if reps:
            special = max(1, round(len(reps) * 0.06)) if len(reps) >= 5 else 0
            leavers = max(1, round(len(reps) * 0.05)) if len(reps) >= 5 else 0
            drawn = rng.sample(range(len(reps)), min(len(reps), 2 * special + leavers + 1))
            for i in drawn[:special]:  # hired during 2025
                self._rehire(reps[i], self._date_between(date(2025, 3, 1), date(2025, 10, 31)))
            for i in drawn[special : 2 * special]:  # hired during 2026: a partial period
                self._rehire(reps[i], self._date_between(date(2026, 1, 12), date(2026, 6, 30)))
            for i in drawn[2 * special : 2 * special + leavers]:
                reps[i].leave = self._date_between(date(2026, 3, 10), date(2026, 9, 30))
            if len(self.teams) >= 2 and len(drawn) > 2 * special + leavers:
                self._move(reps[drawn[2 * special + leavers]], date(2025, 7, 1))
        self.people = people

        self._insert(
            session,
            OrgUnit,
            [
                {
                    "id": u.id,
                    "parent_id": u.parent_id,
                    "name": u.name,
                    "position": i,
                    "region_id": u.region_id,
                    "seasonality_profile_id": 1,
                }
                for i, u in enumerate(self.units)
            ],
        )
        rows = [
            {
                "id": p.id,
                "code": p.code,
                "name": p.name,
                "role": p.role,
                "unit_id": p.unit_id,
                "manager_id": None,
                "hire_date": p.hire,
                "leave_date": p.leave,
                "pay_base": Decimal(p.pay_base),
            }
            for p in people
        ]
        for start in range(0, len(rows), BATCH_ROWS):
            self._insert(session, Staff, rows[start : start + BATCH_ROWS])
        # Managers once everyone exists (a manager may come later in the list).
        staff_table = Base.metadata.tables[Staff.__tablename__]
        managers = [{"staff_id": p.id, "manager_id": p.manager_id} for p in people if p.manager_id]
        if managers:
            session.execute(
                update(staff_table).where(staff_table.c.id == bindparam("staff_id")), managers
            )
        memberships = [
            {"staff_id": p.id, "unit_id": unit, "valid_from": start, "valid_to": end}
            for p in people
            for unit, start, end in p.memberships
        ]
        for start in range(0, len(memberships), BATCH_ROWS):
            self._insert(session, UnitMembership, memberships[start : start + BATCH_ROWS])

    def _rehire(self, person: _Person, hire: date) -> None:
        person.hire = hire
        person.memberships = [(person.unit_id, hire, None)]

    def _move(self, person: _Person, effective: date) -> None:
        """Move a rep to another team (same region where there is one) from `effective`."""
        old = next(u for u in self.teams if u.id == person.unit_id)
        candidates = [u for u in self.teams if u.region_id == old.region_id and u.id != old.id]
        if not candidates:
            candidates = [u for u in self.teams if u.id != old.id]
        new = self.rng.choice(candidates)
        person.memberships = [(old.id, person.hire, effective), (new.id, effective, None)]
        person.unit_id = new.id
        person.manager_id = self.supervisor_of[new.id]

    def _names(self) -> Iterator[str]:
        rng = self.rng
        seen: set[str] = set()
        while True:
            given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.65 else "")
            name = rng.choice(SURNAMES) + given
            if name not in seen:
                seen.add(name)
                yield name

    # ---- customers

    def _customers(self, session: Session) -> None:
        rng = self.rng
        seen: set[str] = set()
        team_region = {u.id: u.region_id for u in self.teams}
        cities = {rid: c for rid, _, _, c in self.regions}
        rows: list[dict[str, Any]] = []
        reps = [p for p in self.people if p.role == "rep"]
        by_team: dict[int, list[_Person]] = {}
        for rep in reps:
            by_team.setdefault(rep.memberships[0][0], []).append(rep)

        def new_name(region_id: int) -> str:
            for _ in range(40):
                name = (
                    rng.choice(cities[region_id])
                    + rng.choice(BRANDS)
                    + rng.choice(INDUSTRIES)
                    + rng.choice(SUFFIXES)
                )
                if name not in seen:
                    seen.add(name)
                    return name
            base = rng.choice(cities[region_id]) + rng.choice(BRANDS) + rng.choice(INDUSTRIES)
            number = 2
            while f"{base}{chinese_number(number)}厂" in seen:
                number += 1
            name = f"{base}{chinese_number(number)}厂"
            seen.add(name)
            return name

        def add(owner: _Person, start: int) -> _Customer:
            region_id = team_region[owner.memberships[0][0]] or 1
            number = len(self.customers) + 1
            customer = _Customer(
                id=number,
                code=f"C{number:06d}",
                name=new_name(region_id),
                segment_id=self.segment_ids["KA" if rng.random() < 0.2 else "NORMAL"],
                region_id=region_id,
                owner_id=owner.id,
                start=start,
            )
            self.customers.append(customer)
            return customer

        for rep in reps:
            first = max(0, _month_index(rep.hire)) if rep.hire >= FIRST_DAY else 0
            last = _month_index(rep.leave) if rep.leave is not None else len(MONTHS) - 1
            initial = rng.randint(4, 6) if first == 0 else rng.randint(2, 3)
            owned = [add(rep, first) for _ in range(initial)]
            for year_start in (0, 12):
                lo, hi = max(first + 1, year_start), min(last, year_start + 11)
                if lo > hi:
                    continue
                for _ in range(rng.randint(2, 3)):
                    owned.append(add(rep, rng.randint(lo, hi)))
            if rep.leave is not None:
                # A leaver's customers go to a colleague of the same team from the next month.
                team = rep.memberships[-1][0]
                heirs = [
                    p
                    for p in by_team.get(team, [])
                    if p is not rep and p.leave is None and p.hire <= rep.leave
                ] or [self.people[self.supervisor_of[team] - 1]]
                heir = rng.choice(heirs)
                for customer in owned:
                    customer.transfer = (last + 1, heir.id)
        for customer in self.customers:
            rows.append(
                {
                    "id": customer.id,
                    "code": customer.code,
                    "name": customer.name,
                    "segment_id": customer.segment_id,
                    "region_id": customer.region_id,
                    "owner_id": customer.transfer[1] if customer.transfer else customer.owner_id,
                }
            )
            if len(rows) >= BATCH_ROWS:
                self._insert(session, Customer, rows)
        self._insert(session, Customer, rows)

    # ---- ledger and receipts

    def _ledger(self) -> None:
        rng = self.rng
        reps = {p.id: p for p in self.people if p.role == "rep"}
        pl_ids = [pl[0] for pl in self.product_lines]
        pl_weights = [pl[1] for pl in self.product_lines]
        margins = {pl[0]: pl[2] for pl in self.product_lines}
        ka = self.segment_ids["KA"]
        line_id = 0
        order_seq = dict.fromkeys(YEARS, 0)
        # Net invoiced amount per (customer, month): receipts follow once a month is final.
        invoiced: dict[tuple[int, int], int] = {}
        # Receipts due in later months (the overdue remainders), by receipt month.
        receipt_seq = 0
        lines: list[dict[str, Any]] = []
        credits: list[dict[str, Any]] = []
        receipts: list[dict[str, Any]] = []

        def receipt(day: date, staff_id: int, customer: _Customer, amount: int, due: int) -> None:
            nonlocal receipt_seq
            receipt_seq += 1
            receipts.append(
                {
                    "receipt_date": day,
                    "staff_id": staff_id,
                    "customer_id": customer.id,
                    "amount": _money(amount),
                    "amount_due": _money(due),
                    "receipt_key": f"HK{day.year}-{receipt_seq:07d}",
                }
            )

        for month in range(len(MONTHS)):
            self._report(
                10 + 75 * month // len(MONTHS),
                t(
                    "ledger {y}-{m:02d}",
                    "销售明细 {y}-{m:02d}",
                    y=MONTHS[month][0],
                    m=MONTHS[month][1],
                ),
            )
            year = MONTHS[month][0]
            month_start, month_end = _month_bounds(month)
            season = SEASONALITY_PERMILLE[MONTHS[month][1] - 1]
            owned: dict[int, list[_Customer]] = {}
            for customer in self.customers:
                if customer.start <= month:
                    owned.setdefault(customer.owner_at(month), []).append(customer)
            team_members: dict[int, list[int]] = {}
            for rep in reps.values():
                if rep.active_days(month_start, month_end) is not None:
                    team_members.setdefault(rep.unit_on(month_start), []).append(rep.id)

            for rep in reps.values():
                span = rep.active_days(month_start, month_end)
                mine = owned.get(rep.id)
                if span is None or not mine:
                    continue
                first_day, last_day = span
                days = (last_day - first_day).days + 1
                # Orders this month: ~5 for an average rep in an average month.
                expected = 5 * season * rep.strength * days // (month_end.day * 1000)
                orders = expected // 1000 + (1 if rng.randrange(1000) < expected % 1000 else 0)
                newcomers = [c for c in mine if c.start == month]
                orders = max(orders, len(newcomers))
                team = team_members.get(rep.unit_on(first_day), [])
                key = (rep.id, year)
                for n in range(orders):
                    if n < len(newcomers):
                        customer = newcomers[n]
                    else:
                        customer = rng.choice(mine)
                        if customer.segment_id != ka and rng.random() < 0.3:
                            customer = rng.choice(mine)  # key accounts order more often
                    order_seq[year] += 1
                    order_no = f"SO{year}-{order_seq[year]:06d}"
                    day = self._date_between(first_day, last_day)
                    shares: list[tuple[int, int]] = [(rep.id, 100)]
                    partners = [s for s in team if s != rep.id]
                    if partners and rng.random() < 0.06:
                        lead = rng.choice((60, 50))
                        shares = [(rep.id, lead), (rng.choice(partners), 100 - lead)]
                    self.actual_orders[key] = self.actual_orders.get(key, 0) + 1
                    for line_no in range(1, 1 + rng.choice((1, 1, 1, 2, 2, 3))):
                        product = rng.choices(pl_ids, pl_weights)[0]
                        if customer.segment_id == ka:
                            amount = rng.randint(2_000_000, 12_000_000)
                        else:
                            amount = rng.randint(300_000, 4_000_000)
                        if year == YEARS[-1]:
                            amount = amount * rep.growth // 1000
                        margin = rng.randint(*margins[product])
                        cost = amount - amount * margin // 1000
                        line_id += 1
                        lines.append(
                            self._line(
                                line_id,
                                day,
                                order_no,
                                str(line_no),
                                customer,
                                product,
                                amount,
                                cost,
                            )
                        )
                        for staff_id, share in shares:
                            credits.append(
                                {
                                    "sales_line_id": line_id,
                                    "staff_id": staff_id,
                                    "share": Decimal(share),
                                }
                            )
                        invoiced[(customer.id, month)] = (
                            invoiced.get((customer.id, month), 0) + amount
                        )
                        self._tally(shares, year, amount, amount - cost)
                        if rng.random() < 0.05:  # a return of part or all of the line
                            back = day + timedelta(days=rng.randint(7, 45))
                            if back <= LAST_DAY:
                                part = rng.choice((1, 2, 3, 5))
                                r_amount = -(amount // part)
                                r_cost = -(cost // part)
                                line_id += 1
                                lines.append(
                                    self._line(
                                        line_id,
                                        back,
                                        order_no,
                                        f"R{line_no}",
                                        customer,
                                        product,
                                        r_amount,
                                        r_cost,
                                    )
                                )
                                for staff_id, share in shares:
                                    credits.append(
                                        {
                                            "sales_line_id": line_id,
                                            "staff_id": staff_id,
                                            "share": Decimal(share),
                                        }
                                    )
                                r_month = _month_index(back)
                                invoiced[(customer.id, r_month)] = (
                                    invoiced.get((customer.id, r_month), 0) + r_amount
                                )
                                self._tally(shares, back.year, r_amount, r_amount - r_cost)

            # Every line dated in this month exists now: bill its net amount.
            for customer in self.customers:
                net = invoiced.pop((customer.id, month), 0)
                if net <= 0:
                    continue
                terms = 2 if customer.segment_id == ka else 1
                due_month = month + terms
                if due_month >= len(MONTHS):
                    continue  # not due before the end of the demo
                self._collect(customer, due_month, net, receipt)

            with self.db.transaction() as session:
                for start in range(0, len(lines), BATCH_ROWS):
                    self._insert(session, SalesLine, lines[start : start + BATCH_ROWS])
                for start in range(0, len(credits), BATCH_ROWS):
                    self._insert(session, SalesCredit, credits[start : start + BATCH_ROWS])
                for start in range(0, len(receipts), BATCH_ROWS):
                    self.counts["receipts"] += len(receipts[start : start + BATCH_ROWS])
                    self._insert(session, Receipt, receipts[start : start + BATCH_ROWS])
            self.counts["sales_lines"] = line_id
            lines.clear()
            credits.clear()
            receipts.clear()

    def _line(
        self,
        line_id: int,
        day: date,
        order_no: str,
        line_no: str,
        customer: _Customer,
        product: int,
        amount: int,
        cost: int,
    ) -> dict[str, Any]:
        return {
            "id": line_id,
            "line_date": day,
            "order_no": order_no,
            "line_no": line_no,
            "line_key": f"{order_no}#{line_no}",
            "customer_id": customer.id,
            "product_line_id": product,
            "region_id": customer.region_id,
            "segment_id": customer.segment_id,
            "amount": _money(amount),
            "cost": _money(cost),
        }

    def _tally(self, shares: list[tuple[int, int]], year: int, amount: int, profit: int) -> None:
        for staff_id, share in shares:
            key = (staff_id, year)
            self.actual_revenue[key] = self.actual_revenue.get(key, 0) + amount * share // 100
            self.actual_profit[key] = self.actual_profit.get(key, 0) + profit * share // 100

    def _collect(
        self,
        customer: _Customer,
        due_month: int,
        net: int,
        receipt: Callable[[date, int, _Customer, int, int], None],
    ) -> None:
        """Receipts for `net` due in `due_month`: most paid in full on time, some partly,
        some late (the remainder arrives one to three months later, with nothing due)."""
        rng = self.rng
        start, end = _month_bounds(due_month)
        owner = customer.owner_at(due_month)
        roll = rng.random()
        if roll < 0.82:
            receipt(self._date_between(start.replace(day=5), end), owner, customer, net, net)
            return
        if roll < 0.94:
            paid = net * rng.choice((5, 7, 9)) // 10
        elif roll < 0.97:
            paid = net * 3 // 10
        else:
            paid = 0
        receipt(self._date_between(start.replace(day=5), end), owner, customer, paid, net)
        late = due_month + rng.randint(1, 3)
        if late < len(MONTHS) and paid < net:
            lo, hi = _month_bounds(late)
            receipt(self._date_between(lo, hi), customer.owner_at(late), customer, net - paid, 0)

    # ---- targets

    def _targets(self, session: Session) -> None:
        rng = self.rng
        m = self.metric_ids
        rows: list[dict[str, Any]] = []
        profile = list(SEASONALITY_PERMILLE)

        def flush() -> None:
            self.counts["targets"] += len(rows)
            self._insert(session, Target, rows)

        def add(
            metric: str, period: str, value: Decimal, staff: int | None, unit: int | None
        ) -> None:
            metric_id = m[metric]
            rows.append(
                {
                    "metric_id": metric_id,
                    "staff_id": staff,
                    "unit_id": unit,
                    "period": period,
                    "value": value,
                    "scope_key": scope_key(metric_id, staff, unit, period),
                }
            )
            if len(rows) >= BATCH_ROWS:
                flush()

        def monthly(
            metric: str, year: int, total: int, weights: list[int], scale: int, **subject: Any
        ) -> None:
            parts = split_by_weights(total, weights)
            for month, part in enumerate(parts, start=1):
                if weights[month - 1]:
                    value = Decimal(part).scaleb(-scale) if scale else Decimal(part)
                    add(
                        metric,
                        f"{year}-{month:02d}",
                        value,
                        subject.get("staff"),
                        subject.get("unit"),
                    )

        # The year totals planned per subject (money in cents), rolled up to the units.
        planned: dict[tuple[str, int, int], int] = {}  # (metric, unit id, year) → total
        unit_members: dict[int, list[int]] = {}
        parent = {u.id: u.parent_id for u in self.units}

        # Customers each rep plans to win in each year (the ones won in the demo).
        acquired: dict[tuple[int, int], int] = {}
        for customer in self.customers:
            if customer.start > 0:
                key = (customer.owner_id, MONTHS[customer.start][0])
                acquired[key] = acquired.get(key, 0) + 1
        team_ids = {u.id for u in self.teams}
        reps = [p for p in self.people if p.role == "rep"]
        for rep in reps:
            for year in YEARS:
                employed = [
                    rep.active_days(*_month_bounds(i)) is not None
                    for i in range(len(MONTHS))
                    if MONTHS[i][0] == year
                ]
                if not any(employed):
                    continue
                weights = [w if on else 0 for w, on in zip(profile, employed, strict=True)]
                key = (rep.id, year)
                factor = rng.randint(90, 112)
                revenue = _round_to(self.actual_revenue.get(key, 0) * factor // 100, 1_000_000)
                profit = _round_to(self.actual_profit.get(key, 0) * factor // 100, 100_000)
                orders = max(1, self.actual_orders.get(key, 0) * factor // 100)
                new = max(1, acquired.get(key, 0) + rng.randint(0, 1))
                collections = _round_to(revenue * rng.randint(90, 97) // 100, 1_000_000)
                totals = {
                    "revenue": (revenue, 2),
                    "gross_profit": (profit, 2),
                    "orders": (orders, 0),
                    "new_customers": (new, 0),
                    "collections": (collections, 2),
                }
                # New customers are planned per quarter (a whole number each), so every
                # quarter the rep works has a target of at least one.
                quarter_weights = [0] * 12
                for quarter in range(4):
                    worked = [q for q in range(quarter * 3, quarter * 3 + 3) if employed[q]]
                    if worked:
                        quarter_weights[worked[len(worked) // 2]] = 1
                totals["new_customers"] = (max(new, sum(quarter_weights)), 0)
                home = rep.unit_id
                for metric, (total, scale) in totals.items():
                    spread = quarter_weights if metric == "new_customers" else weights
                    monthly(metric, year, total, spread, scale, staff=rep.id)
                    planned[(metric, home, year)] = planned.get((metric, home, year), 0) + total
                visits = rng.randrange(15, 26)
                even = [1 if on else 0 for on in employed]
                monthly("visits", year, visits * sum(even), even, 0, staff=rep.id)
                add("collection_rate", str(year), Decimal("0.95"), rep.id, None)
                add(
                    "gross_margin_rate",
                    str(year),
                    Decimal(rng.randint(26, 32)).scaleb(-2),
                    rep.id,
                    None,
                )
                add("overdue_receivables", str(year), Decimal(0), rep.id, None)
                add("satisfaction", str(year), Decimal(90), rep.id, None)
            unit_members.setdefault(rep.unit_id, []).append(rep.id)

        # Top-down unit targets: each team's a little above the sum of its members' (the
        # reconciliation shows the gap); regions and the department likewise above theirs.
        steps = {
            "revenue": (1_000_000, 2),
            "gross_profit": (100_000, 2),
            "orders": (1, 0),
            "new_customers": (1, 0),
            "collections": (1_000_000, 2),
        }
        tiers = [self.teams, self.region_units, [u for u in self.units if u.id == self.dept_id]]
        for depth, tier in enumerate(tiers):
            for unit in tier:
                for year in YEARS:
                    for metric, (step, scale) in steps.items():
                        below = planned.get((metric, unit.id, year), 0)
                        if depth:
                            below = sum(
                                planned.get((metric, child.id, year), 0)
                                for child in self.units
                                if parent[child.id] == unit.id
                            )
                        total = below * rng.randint(100, 105) // 100
                        total = _round_to(total, step) if step > 1 else total
                        if depth:
                            total = max(total, below)
                        planned[(metric, unit.id, year)] = total
                        if total:
                            monthly(metric, year, total, profile, scale, unit=unit.id)
                    add("collection_rate", str(year), Decimal("0.95"), None, unit.id)
                    add("gross_margin_rate", str(year), Decimal("0.29"), None, unit.id)
                    if unit.id in team_ids or unit.id == self.dept_id:
                        add("sales_expense_ratio", str(year), Decimal("0.05"), None, unit.id)
                    if unit.id in team_ids:
                        add("staff_turnover", str(year), Decimal("0.05"), None, unit.id)
        for person in self.people:
            if person.role == "support":
                for year in YEARS:
                    add("order_ontime_rate", str(year), Decimal("0.95"), person.id, None)
                    add("contract_accuracy", str(year), Decimal("0.98"), person.id, None)
                    add("report_ontime_rate", str(year), Decimal("0.95"), person.id, None)
        flush()

    # ---- manual metric values

    def _metric_values(self, session: Session) -> None:
        rng = self.rng
        m = self.metric_ids
        rows: list[dict[str, Any]] = []

        def add(
            metric: str, month: int, value: Decimal, staff: int | None, unit: int | None
        ) -> None:
            metric_id = m[metric]
            period = f"{MONTHS[month][0]}-{MONTHS[month][1]:02d}"
            rows.append(
                {
                    "metric_id": metric_id,
                    "staff_id": staff,
                    "unit_id": unit,
                    "period": period,
                    "value": value,
                    "scope_key": scope_key(metric_id, staff, unit, period),
                }
            )
            if len(rows) >= BATCH_ROWS:
                self.counts["metric_values"] += len(rows)
                self._insert(session, MetricValue, rows)

        def permille(lo: int, hi: int) -> Decimal:
            return Decimal(rng.randint(lo, hi)).scaleb(-3)

        for month in range(len(MONTHS)):
            bounds = _month_bounds(month)
            for person in self.people:
                if person.active_days(*bounds) is None:
                    continue
                if person.role == "rep":
                    add("visits", month, Decimal(rng.randint(10, 30)), person.id, None)
                    add(
                        "satisfaction",
                        month,
                        Decimal(rng.randint(780, 990)).scaleb(-1),
                        person.id,
                        None,
                    )
                    overdue = 0 if rng.random() < 0.65 else rng.randint(2, 80) * 1000
                    add("overdue_receivables", month, Decimal(overdue), person.id, None)
                elif person.role == "support":
                    add("order_ontime_rate", month, permille(880, 1000), person.id, None)
                    add("contract_accuracy", month, permille(920, 1000), person.id, None)
                    add("report_ontime_rate", month, permille(850, 1000), person.id, None)
            for team in self.teams:
                add("sales_expense_ratio", month, permille(35, 75), None, team.id)
                turnover = Decimal(0) if rng.random() < 0.85 else permille(50, 150)
                add("staff_turnover", month, turnover, None, team.id)
            add("sales_expense_ratio", month, permille(40, 60), None, self.dept_id)
        self.counts["metric_values"] += len(rows)
        self._insert(session, MetricValue, rows)


# --------------------------------------------------------------------------- entry point


def _remove_database_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        candidate = path.with_name(path.name + suffix)
        with contextlib.suppress(FileNotFoundError):
            candidate.unlink()


def build_demo(
    path: Path,
    *,
    staff: int = 40,
    seed: int = 1,
    replace: bool = False,
    progress: Progress | None = None,
) -> DemoSummary:
    """Create a database at `path` holding the demo company; the same seed gives the same
    data. Refuses to overwrite a non-empty file unless `replace`. `progress(percent,
    message)` returning False cancels: DemoCancelled is raised and nothing is left behind."""
    started = time.perf_counter()
    target = Path(path).expanduser()
    if staff < 1:
        raise UserError(t("the demo needs at least 1 staff member", "演示数据至少需要 1 名人员"))
    if target.exists() and target.stat().st_size > 0 and not replace:
        raise UserError(
            t(
                "{p} already exists; choose another file or replace it",
                "{p} 已存在；请另选文件或选择替换",
                p=target,
            )
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    # A name of our own (not mkstemp, whose file is private to the owner): the database is
    # created with the usual permissions, as any other database file would be.
    temp = target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.building")
    database: Database | None = None
    try:
        database = open_database(temp)
        builder = _DemoBuilder(database, staff, seed, progress)
        builder.build()
        with database.reading() as session:
            units = int(session.scalar(select(func.count()).select_from(OrgUnit)) or 0)
        database.close()
        database = None
        builder._report(99, t("finishing", "完成"))
        if replace:
            _remove_database_files(target)
        os.replace(temp, target)
    except _Cancel:
        if database is not None:
            database.close()
        _remove_database_files(temp)
        raise DemoCancelled() from None
    except BaseException:
        if database is not None:
            database.close()
        _remove_database_files(temp)
        raise
    _remove_database_files_quietly(temp)
    return DemoSummary(
        path=target,
        seed=seed,
        company=COMPANY_NAME,
        staff=len(builder.people),
        units=units,
        customers=len(builder.customers),
        sales_lines=builder.counts["sales_lines"],
        receipts=builder.counts["receipts"],
        targets=builder.counts["targets"],
        metric_values=builder.counts["metric_values"],
        seconds=time.perf_counter() - started,
        file_bytes=target.stat().st_size,
    )


def _remove_database_files_quietly(temp: Path) -> None:
    """Left-over -wal/-shm files of the temporary name (the main file has been moved)."""
    for suffix in ("-wal", "-shm"):
        leftover = temp.with_name(temp.name + suffix)
        if leftover.exists():
            leftover.unlink()
