"""Reading the audit log: entries newest first (or oldest first), filtered by date range,
person, cycle, kind of change and search words, a page at a time, each described in words
in the current language (what kind of change, the person, cycle or object it concerns,
old → new).

Writing stays in :mod:`salesdesk.services.audit`, which every service imports; this module
reads, and may import those services' helpers without an import cycle.

The log of a big company holds millions of entries, so nothing here loads it whole: pages
are read by keyset (the time and id of the last row shown), counts and the filter choices
come from indexes, and the kinds of change seen are remembered up to the highest entry id
read (the log only ever grows).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, false, func, literal, or_, select, tuple_
from sqlalchemy.orm import Session

from salesdesk.db.models import (
    AuditEntry,
    Cycle,
    ImportBatch,
    Rating,
    Scheme,
    SeasonalityProfile,
    Staff,
)
from salesdesk.domain.org import Role
from salesdesk.domain.text import t
from salesdesk.domain.workflow import CycleState, state_label
from salesdesk.services.database import Database
from salesdesk.services.staff import unit_paths

# Rows a page (one fetch of the table, one step of an export) reads at a time.
PAGE_SIZE = 500
# Longest old or new value shown in the table's one-line "old → new"; the detail pane and
# the export have the whole text (a scheme's document is several kilobytes of JSON).
SHORT_VALUE = 60

# --------------------------------------------------------------------------- labels

# The kinds of object the log records (the `entity` column), in both languages.
ENTITY_LABELS: dict[str, tuple[str, str]] = {
    "staff": ("Staff", "人员"),
    "org_unit": ("Org unit", "组织单元"),
    "cycle": ("Cycle", "考核周期"),
    "appraisal": ("Appraisal", "考核对象"),
    "rating": ("Rating", "评分"),
    "key_task": ("Key task", "重点工作"),
    "adjustment": ("Adjustment", "加减分"),
    "interview": ("Interview", "绩效面谈"),
    "appeal": ("Appeal", "申诉"),
    "scheme": ("Scheme", "考核方案"),
    "seasonality_profile": ("Seasonality profile", "季节系数"),
    "target": ("Target", "目标"),
    "metric_value": ("Manual metric", "手工指标"),
    "sales_line": ("Sales line", "销售明细"),
    "customer": ("Customer", "客户"),
    "product_line": ("Product line", "产品线"),
    "region": ("Region", "区域"),
    "segment": ("Customer segment", "客户类别"),
    "import_batch": ("Import", "导入批次"),
    "setting": ("Setting", "设置"),
    "demo": ("Demo company", "演示数据"),
}

# What was done (the `action` column): English reads "Staff changed", Chinese "修改人员".
ACTION_LABELS: dict[str, tuple[str, str]] = {
    "create": ("created", "新增"),
    "update": ("changed", "修改"),
    "set": ("set", "设定"),
    "delete": ("deleted", "删除"),
    "rename": ("renamed", "重命名"),
    "move": ("moved", "移动"),
    "import": ("imported", "导入"),
    "undo": ("undone", "撤销"),
}
ACTION_ORDER = tuple(ACTION_LABELS)

# Field names as the user reads them; staff fields as the Staff page heads its columns.
STAFF_FIELD_LABELS: dict[str, tuple[str, str]] = {
    "code": ("code", "工号"),
    "name": ("name", "姓名"),
    "role": ("role", "角色"),
    "unit_id": ("unit", "部门"),
    "manager_id": ("manager", "上级"),
    "hire_date": ("hire date", "入职日期"),
    "leave_date": ("leave date", "离职日期"),
    "pay_base": ("pay base", "绩效工资基数"),
}
FIELD_LABELS: dict[str, tuple[str, str]] = {
    "name": ("name", "名称"),
    "state": ("state", "状态"),
    "override_grade": ("calibrated grade", "校准等级"),
    "rating": ("rating", "评分"),
    "comment": ("comment", "评语"),
    "description": ("description", "内容"),
    "weight": ("weight", "权重"),
    "completion": ("completion", "完成度"),
    "note": ("note", "备注"),
    "kind": ("kind", "类型"),
    "points": ("points", "分值"),
    "reason": ("reason", "原因"),
    "value": ("value", "数值"),
    "weights": ("weights", "月度系数"),
    "document": ("scheme content", "方案内容"),
    "parent": ("parent unit", "上级单元"),
    "seasonality_profile_id": ("seasonality profile", "季节系数"),
    "interview_date": ("interview date", "面谈日期"),
    "notes": ("notes", "面谈记录"),
    "improvement_goals": ("improvement goals", "改进目标"),
    "confirmed_on": ("confirmed on", "确认日期"),
    "refused": ("refused to sign", "拒绝签字"),
    "refusal_reason": ("reason for refusal", "拒签原因"),
    "filed_on": ("filed on", "申诉日期"),
    "grounds": ("grounds", "申诉理由"),
    "facts": ("facts found", "调查事实"),
    "resolution": ("resolution", "处理意见"),
    "outcome": ("outcome", "处理结果"),
    "decided_on": ("decided on", "处理日期"),
    "company_name": ("company name", "公司名称"),
}

# Coded values as the user reads them, per (entity, field).
VALUE_LABELS: dict[tuple[str, str], dict[str, tuple[str, str]]] = {
    ("adjustment", "kind"): {
        "bonus": ("bonus", "加分"),
        "deduction": ("deduction", "扣分"),
        "veto": ("veto", "否决"),
    },
    ("appeal", "outcome"): {
        "pending": ("pending", "待处理"),
        "upheld": ("upheld", "成立"),
        "rejected": ("rejected", "不成立"),
    },
    ("interview", "refused"): {"true": ("yes", "是"), "false": ("no", "否")},
}

# Entities that concern a person's appraisal in a cycle.
APPRAISAL_ENTITIES = frozenset(
    {"appraisal", "rating", "key_task", "adjustment", "interview", "appeal"}
)


def _pick(labels: tuple[str, str]) -> str:
    return t(*labels)


def entity_label(entity: str) -> str:
    """An entity (`staff`, `rating`, ...) in the current language; unknown ones as they are."""
    labels = ENTITY_LABELS.get(entity)
    return _pick(labels) if labels else entity


def action_label(action: str) -> str:
    labels = ACTION_LABELS.get(action)
    return _pick(labels) if labels else action


def kind_label(entity: str, action: str) -> str:
    """The kind of change in words: `Staff changed` / `修改人员`."""
    return t("{e} {a}", "{a}{e}", e=entity_label(entity), a=action_label(action))


def field_label(entity: str, name: str | None) -> str:
    """A changed field as the user reads it; target fields (`S0001 sales 2026-01`) and
    setting keys are already readable and stay as they are."""
    if not name:
        return ""
    if entity == "staff" and name in STAFF_FIELD_LABELS:
        return _pick(STAFF_FIELD_LABELS[name])
    labels = FIELD_LABELS.get(name)
    return _pick(labels) if labels else name


# --------------------------------------------------------------------------- DTOs


@dataclass(frozen=True)
class AuditQuery:
    """Which entries to list. Empty or None parts do not filter.

    `person` is a staff code or name (or `code name` as the person filter offers it): an
    exact code or name picks that person, other text everyone whose code or name holds it.
    `entity` and `action` are the log's codes (`staff`, `update`). Every word of `text`
    must appear in the entry: its user, field, values or reason, the person's code or name,
    the cycle's name, or the kind of change in either language.
    """

    date_from: date | None = None
    date_to: date | None = None  # inclusive
    person: str = ""
    cycle_id: int | None = None
    entity: str | None = None
    action: str | None = None
    text: str = ""
    newest_first: bool = True

    def is_filtered(self) -> bool:
        return bool(
            self.date_from
            or self.date_to
            or self.person.strip()
            or self.cycle_id is not None
            or self.entity
            or self.action
            or self.text.split()
        )


@dataclass(frozen=True)
class AuditCursor:
    """Where a page ended: the time and id of its last entry."""

    at: datetime
    id: int


@dataclass(frozen=True)
class AuditRow:
    """One entry of the log, described."""

    id: int
    at: datetime
    user: str
    action: str
    entity: str
    kind: str  # "Staff changed" / "修改人员"
    subject: str  # the person or object: "S0012 张伟 · 专业知识", a unit path, a cycle
    field: str  # the changed field in words; empty when the whole object changed
    old_value: str  # the value as the log holds it, ids shown as names
    new_value: str
    reason: str
    staff_code: str = ""
    staff_name: str = ""
    cycle_name: str = ""

    @property
    def cursor(self) -> AuditCursor:
        return AuditCursor(self.at, self.id)

    @property
    def what(self) -> str:
        """Kind, subject, field and cycle in one line: `Rating changed · S0012 张伟 ·
        专业知识 · rating · 2026-Q2 …` (the long cycle name last, where a narrow column
        cuts it rather than the field)."""
        parts = [self.kind, self.subject, self.field]
        if self.cycle_name and self.cycle_name not in self.subject:
            parts.append(self.cycle_name)
        return " · ".join(part for part in parts if part)

    @property
    def change(self) -> str:
        """Old → new on one line, long values cut (the whole text is in the fields)."""
        old, new = _short(self.old_value), _short(self.new_value)
        if not old and not new:
            return ""
        return f"{old or '—'} → {new or '—'}"


@dataclass(frozen=True)
class AuditListing:
    """The first page of a query, the number of entries it matches, and how to read the
    next pages (`by_time`: walk the time index rather than the person or cycle index)."""

    query: AuditQuery
    rows: tuple[AuditRow, ...]
    total: int
    by_time: bool

    @property
    def complete(self) -> bool:
        return len(self.rows) >= self.total


@dataclass(frozen=True)
class PersonChoice:
    staff_id: int
    code: str
    name: str

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"


@dataclass(frozen=True)
class CycleChoice:
    cycle_id: int
    name: str


@dataclass(frozen=True)
class KindChoice:
    entity: str
    action: str
    label: str


@dataclass(frozen=True)
class AuditChoices:
    """What the filters offer: the people, cycles and kinds of change in the log, and the
    dates of its first and last entries (None in an empty log)."""

    people: tuple[PersonChoice, ...]
    cycles: tuple[CycleChoice, ...]
    kinds: tuple[KindChoice, ...]
    first: date | None
    last: date | None
    total: int


def _short(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= SHORT_VALUE else line[: SHORT_VALUE - 1] + "…"


# --------------------------------------------------------------------------- filters


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _contains(column: Any, word: str) -> ColumnElement[bool]:
    # SQLite's LIKE ignores the case of ASCII letters, as the other pages' search does.
    result: ColumnElement[bool] = column.like(_like(word), escape="\\")
    return result


def _labels_holding(
    labels: dict[str, tuple[str, str]], word: str, *, codes: bool = True
) -> list[str]:
    folded = word.casefold()
    return [
        code
        for code, (en, zh) in labels.items()
        if folded in en.casefold() or folded in zh or (codes and folded in code)
    ]


def _kinds_holding(word: str) -> list[tuple[str, str]]:
    """(entity, action) pairs whose kind label holds `word` in either language."""
    folded = word.casefold()
    found = []
    for entity, (entity_en, entity_zh) in ENTITY_LABELS.items():
        for action, (action_en, action_zh) in ACTION_LABELS.items():
            english = f"{entity_en} {action_en}".casefold()
            if folded in english or folded in f"{action_zh}{entity_zh}":
                found.append((entity, action))
    return found


def _word_condition(word: str) -> ColumnElement[bool]:
    """An entry that holds `word` anywhere the user can see it."""
    pattern_columns = (
        AuditEntry.user,
        AuditEntry.field,
        AuditEntry.old_value,
        AuditEntry.new_value,
        AuditEntry.reason,
    )
    parts: list[ColumnElement[bool]] = [_contains(column, word) for column in pattern_columns]
    entities = _labels_holding(ENTITY_LABELS, word)
    if entities:
        parts.append(AuditEntry.entity.in_(entities))
    actions = _labels_holding(ACTION_LABELS, word)
    if actions:
        parts.append(AuditEntry.action.in_(actions))
    kinds = _kinds_holding(word)
    if kinds:
        parts.append(tuple_(AuditEntry.entity, AuditEntry.action).in_(kinds))
    fields = _labels_holding(FIELD_LABELS, word, codes=False)
    fields += _labels_holding(STAFF_FIELD_LABELS, word, codes=False)
    if fields:
        parts.append(AuditEntry.field.in_(sorted(set(fields))))
    people = select(Staff.id).where(or_(_contains(Staff.code, word), _contains(Staff.name, word)))
    parts.append(AuditEntry.staff_id.in_(people))
    cycles = select(Cycle.id).where(_contains(Cycle.name, word))
    parts.append(AuditEntry.cycle_id.in_(cycles))
    return or_(*parts)


def _person_condition(s: Session, text: str, staff_id: Any) -> ColumnElement[bool]:
    """Entries about the person `text` names: an exact code (also as `code name`), else an
    exact name, else everyone whose code or name holds the text."""
    wanted = text.strip()
    first = wanted.split()[0]
    ids = list(s.scalars(select(Staff.id).where(func.lower(Staff.code) == first.lower())))
    if not ids:
        ids = list(s.scalars(select(Staff.id).where(Staff.name == wanted)))
    if ids:
        result: ColumnElement[bool] = staff_id.in_(ids)
        return result
    people = select(Staff.id).where(
        or_(_contains(Staff.code, wanted), _contains(Staff.name, wanted))
    )
    result = staff_id.in_(people)
    return result


def _conditions(
    s: Session, query: AuditQuery, *, by_time: bool = False
) -> list[ColumnElement[bool]]:
    """The WHERE of `query`. `by_time`: written so that SQLite cannot use the person and
    cycle indexes (`staff_id + 0`), and walks the time index instead: with many matches it
    finds a page of them at once, where by the other index it would read all of them and
    sort them first."""
    staff_id: Any = AuditEntry.staff_id + 0 if by_time else AuditEntry.staff_id
    cycle_id: Any = AuditEntry.cycle_id + 0 if by_time else AuditEntry.cycle_id
    conditions: list[ColumnElement[bool]] = []
    if query.date_from is not None:
        conditions.append(AuditEntry.at >= datetime.combine(query.date_from, time.min))
    if query.date_to is not None:
        end = datetime.combine(query.date_to + timedelta(days=1), time.min)
        conditions.append(AuditEntry.at < end)
    if query.date_from and query.date_to and query.date_from > query.date_to:
        conditions.append(false())
    if query.person.strip():
        conditions.append(_person_condition(s, query.person, staff_id))
    if query.cycle_id is not None:
        conditions.append(cycle_id == query.cycle_id)
    if query.entity:
        conditions.append(AuditEntry.entity == query.entity)
    if query.action:
        conditions.append(AuditEntry.action == query.action)
    conditions.extend(_word_condition(word) for word in query.text.split())
    return conditions


ENTRY_COLUMNS = (
    AuditEntry.id,
    AuditEntry.at,
    AuditEntry.user,
    AuditEntry.action,
    AuditEntry.entity,
    AuditEntry.entity_id,
    AuditEntry.staff_id,
    AuditEntry.cycle_id,
    AuditEntry.field,
    AuditEntry.old_value,
    AuditEntry.new_value,
    AuditEntry.reason,
)


def _page_statement(
    conditions: Sequence[ColumnElement[bool]],
    query: AuditQuery,
    after: AuditCursor | None,
    limit: int,
) -> Any:
    statement = select(*ENTRY_COLUMNS).where(*conditions)
    key = tuple_(AuditEntry.at, AuditEntry.id)
    if after is not None:
        mark = tuple_(literal(after.at, AuditEntry.at.type), literal(after.id))
        statement = statement.where(key < mark if query.newest_first else key > mark)
    if query.newest_first:
        statement = statement.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    else:
        statement = statement.order_by(AuditEntry.at, AuditEntry.id)
    return statement.limit(limit)


# --------------------------------------------------------------------------- descriptions


class _Describer:
    """Turns raw entries into AuditRows, looking up the names they refer to in bulk."""

    def __init__(self, s: Session) -> None:
        self.s = s
        self._units: dict[int, str] | None = None

    def rows(self, entries: Sequence[Any]) -> list[AuditRow]:
        if not entries:
            return []
        staff_ids = {e.staff_id for e in entries if e.staff_id is not None}
        staff_ids |= {
            int(e.old_value)
            for e in entries
            if e.field == "manager_id" and e.old_value and e.old_value.isdigit()
        }
        staff_ids |= {
            int(e.new_value)
            for e in entries
            if e.field == "manager_id" and e.new_value and e.new_value.isdigit()
        }
        self.people = self._by_id(select(Staff.id, Staff.code, Staff.name), Staff.id, staff_ids)
        cycle_ids = {e.cycle_id for e in entries if e.cycle_id is not None}
        cycles = self._by_id(select(Cycle.id, Cycle.name), Cycle.id, cycle_ids)
        self.cycles = {key: str(row.name) for key, row in cycles.items()}
        self.objects = self._objects(entries)
        return [self._row(entry) for entry in entries]

    def _by_id(self, statement: Any, column: Any, ids: set[int]) -> dict[int, Any]:
        found: dict[int, Any] = {}
        wanted = sorted(ids)
        # SQLite takes at most 32,766 parameters; pages are far smaller, but stay safe.
        for start in range(0, len(wanted), 900):
            part = wanted[start : start + 900]
            found.update((row[0], row) for row in self.s.execute(statement.where(column.in_(part))))
        return found

    def units(self) -> dict[int, str]:
        if self._units is None:
            self._units = unit_paths(self.s)
        return self._units

    def _objects(self, entries: Sequence[Any]) -> dict[tuple[str, int], str]:
        """Names of the objects entries without a person or cycle are about."""
        wanted: dict[str, set[int]] = {}
        for e in entries:
            if e.entity_id is not None:
                wanted.setdefault(e.entity, set()).add(e.entity_id)
        names: dict[tuple[str, int], str] = {}
        lookups: dict[str, tuple[Any, Any]] = {
            "scheme": (select(Scheme.id, Scheme.name), Scheme.id),
            "seasonality_profile": (
                select(SeasonalityProfile.id, SeasonalityProfile.name),
                SeasonalityProfile.id,
            ),
            "import_batch": (select(ImportBatch.id, ImportBatch.file_name), ImportBatch.id),
            "rating": (select(Rating.id, Rating.item_name), Rating.id),
        }
        for entity, (statement, column) in lookups.items():
            if entity in wanted:
                for key, row in self._by_id(statement, column, wanted[entity]).items():
                    names[(entity, key)] = str(row[1])
        if "org_unit" in wanted:
            paths = self.units()
            for unit_id in wanted["org_unit"]:
                if unit_id in paths:
                    names[("org_unit", unit_id)] = paths[unit_id]
        return names

    def _person(self, staff_id: int | None) -> tuple[str, str]:
        row = self.people.get(staff_id) if staff_id is not None else None
        return (str(row.code), str(row.name)) if row is not None else ("", "")

    def _subject(self, e: Any, code: str, name: str, cycle: str) -> str:
        person = f"{code} {name}".strip()
        own = self.objects.get((e.entity, e.entity_id)) if e.entity_id is not None else None
        if e.entity == "cycle":
            return cycle or own or ""
        if e.entity in APPRAISAL_ENTITIES:
            return " · ".join(part for part in (person, own or "") if part)
        if e.entity == "staff":
            return person
        if e.entity == "setting":
            return ""
        return " · ".join(part for part in (own or "", person) if part)

    def _value(self, e: Any, value: str | None) -> str:
        """A stored value as the user reads it: ids as names, codes as labels."""
        if value is None:
            return ""
        name = e.field
        if name == "unit_id" and value.isdigit():
            return self.units().get(int(value), value)
        if name == "manager_id" and value.isdigit():
            code, person = self._person(int(value))
            return f"{code} {person}".strip() or value
        if name == "role" and e.entity == "staff":
            try:
                return Role(value).label()
            except ValueError:
                return value
        if name == "state" and e.entity == "cycle":
            try:
                return state_label(CycleState(value))
            except ValueError:
                return value
        coded = VALUE_LABELS.get((e.entity, name or ""), {}).get(value)
        return _pick(coded) if coded else value

    def _row(self, e: Any) -> AuditRow:
        code, name = self._person(e.staff_id)
        cycle = self.cycles.get(e.cycle_id, "") if e.cycle_id is not None else ""
        return AuditRow(
            id=e.id,
            at=e.at,
            user=e.user,
            action=e.action,
            entity=e.entity,
            kind=kind_label(e.entity, e.action),
            subject=self._subject(e, code, name, cycle),
            field=field_label(e.entity, e.field),
            old_value=self._value(e, e.old_value),
            new_value=self._value(e, e.new_value),
            reason=e.reason or "",
            staff_code=code,
            staff_name=name,
            cycle_name=cycle,
        )


# --------------------------------------------------------------------------- the service


class AuditService:
    """Lists and describes the audit log of one database."""

    def __init__(self, database: Database) -> None:
        self.db = database
        # The (entity, action) pairs seen in entries up to id `_kinds_upto`.
        self._kinds_lock = threading.Lock()
        self._kinds: set[tuple[str, str]] = set()
        self._kinds_upto = 0

    def count(self, query: AuditQuery = AuditQuery()) -> int:
        """How many entries match."""
        with self.db.reading() as s:
            return self._count(s, _conditions(s, query))

    @staticmethod
    def _count(s: Session, conditions: Sequence[ColumnElement[bool]]) -> int:
        statement = select(func.count()).select_from(AuditEntry).where(*conditions)
        return int(s.scalar(statement) or 0)

    def _plan(
        self, s: Session, query: AuditQuery, limit: int
    ) -> tuple[list[ColumnElement[bool]], int | None, bool]:
        """How to read `query` a page of `limit` at a time: the conditions, the count when
        it was needed to choose, and whether pages walk the time index (`_conditions`)."""
        conditions = _conditions(s, query)
        if not (query.person.strip() or query.cycle_id is not None):
            return conditions, None, True
        # Counted by the person or cycle index at once. n pages along the time index visit
        # about n·limit·all/total entries; by the other index all `total` for every page.
        total = self._count(s, conditions)
        by_time = total * total > limit * self._count(s, [])
        if by_time:
            conditions = _conditions(s, query, by_time=True)
        return conditions, total, by_time

    def listing(self, query: AuditQuery = AuditQuery(), *, limit: int = PAGE_SIZE) -> AuditListing:
        """The first page of `query`, how many entries it matches, and the reading plan
        for the next pages (`fetch(..., by_time=listing.by_time)`)."""
        with self.db.reading() as s:
            conditions, total, by_time = self._plan(s, query, limit)
            rows = self._fetch(s, conditions, query, None, limit)
            if total is None:
                # A short first page is all there is: a search for a rare word then reads
                # the log once, not twice.
                total = len(rows) if len(rows) < limit else self._count(s, conditions)
        return AuditListing(query=query, rows=tuple(rows), total=total, by_time=by_time)

    def fetch(
        self,
        query: AuditQuery,
        *,
        after: AuditCursor | None = None,
        limit: int = PAGE_SIZE,
        by_time: bool = True,
    ) -> list[AuditRow]:
        """The next `limit` entries of `query` after `after` (from the start without)."""
        with self.db.reading() as s:
            conditions = _conditions(s, query, by_time=by_time)
            return self._fetch(s, conditions, query, after, limit)

    @staticmethod
    def _fetch(
        s: Session,
        conditions: Sequence[ColumnElement[bool]],
        query: AuditQuery,
        after: AuditCursor | None,
        limit: int,
    ) -> list[AuditRow]:
        statement = _page_statement(conditions, query, after, limit)
        entries = s.execute(statement).all()
        return _Describer(s).rows(entries)

    def rows(self, query: AuditQuery = AuditQuery(), *, page: int = 2000) -> Iterator[AuditRow]:
        """Every entry of `query`, read a page at a time (for exports)."""
        with self.db.reading() as s:
            conditions, _total, _by_time = self._plan(s, query, page)
            after: AuditCursor | None = None
            while True:
                batch = self._fetch(s, conditions, query, after, page)
                yield from batch
                if len(batch) < page:
                    return
                after = batch[-1].cursor

    def choices(self) -> AuditChoices:
        """The people, cycles and kinds of change that appear in the log, for the filters."""
        with self.db.reading() as s:
            # EXISTS per person or cycle: one index probe each, where `IN (SELECT ...)`
            # would read the whole index of a million entries.
            about_person = select(AuditEntry.id).where(AuditEntry.staff_id == Staff.id)
            people = tuple(
                PersonChoice(r.id, r.code, r.name)
                for r in s.execute(
                    select(Staff.id, Staff.code, Staff.name)
                    .where(about_person.exists())
                    .order_by(Staff.code)
                )
            )
            about_cycle = select(AuditEntry.id).where(AuditEntry.cycle_id == Cycle.id)
            cycles = tuple(
                CycleChoice(r.id, r.name)
                for r in s.execute(
                    select(Cycle.id, Cycle.name)
                    .where(about_cycle.exists())
                    .order_by(Cycle.period.desc(), Cycle.id.desc())
                )
            )
            # Two queries: SQLite answers a lone min() or max() from the index at once, but
            # reads the whole index for both together.
            first = s.scalar(select(func.min(AuditEntry.at)))
            last = s.scalar(select(func.max(AuditEntry.at)))
            total = self._count(s, [])
            kinds = self._kinds_seen(s)
        return AuditChoices(
            people=people,
            cycles=cycles,
            kinds=tuple(
                KindChoice(entity, action, kind_label(entity, action))
                for entity, action in sorted(kinds, key=_kind_order)
            ),
            first=_as_date(first),
            last=_as_date(last),
            total=total,
        )

    def _kinds_seen(self, s: Session) -> set[tuple[str, str]]:
        """Distinct (entity, action) pairs: a scan of the whole log the first time, then of
        the entries added since (the log only grows; a restored, smaller one starts over)."""
        top = int(s.scalar(select(func.max(AuditEntry.id))) or 0)
        with self._kinds_lock:
            if top < self._kinds_upto:
                self._kinds, self._kinds_upto = set(), 0
            start, known = self._kinds_upto, set(self._kinds)
        if top > start:
            statement = (
                select(AuditEntry.entity, AuditEntry.action)
                .where(and_(AuditEntry.id > start, AuditEntry.id <= top))
                .distinct()
            )
            known.update((str(e), str(a)) for e, a in s.execute(statement))
            with self._kinds_lock:
                if top >= self._kinds_upto:
                    self._kinds, self._kinds_upto = known, top
        return known

    def describe_query(self, query: AuditQuery) -> list[tuple[str, str]]:
        """The filters of `query` in words, as (label, value) pairs (for an export's notes)."""
        cycle = ""
        if query.cycle_id is not None:
            with self.db.reading() as s:
                name = s.scalar(select(Cycle.name).where(Cycle.id == query.cycle_id))
            cycle = name or str(query.cycle_id)
        kind = ""
        if query.entity and query.action:
            kind = kind_label(query.entity, query.action)
        elif query.entity:
            kind = entity_label(query.entity)
        elif query.action:
            kind = action_label(query.action)
        every = t("(all)", "（全部）")
        return [
            (t("From", "开始日期"), query.date_from.isoformat() if query.date_from else every),
            (t("To", "结束日期"), query.date_to.isoformat() if query.date_to else every),
            (t("Person", "人员"), query.person.strip() or every),
            (t("Cycle", "考核周期"), cycle or every),
            (t("Kind of change", "变更类型"), kind or every),
            (t("Search", "搜索"), query.text.strip() or every),
            (
                t("Order", "排序"),
                t("newest first", "最新在前")
                if query.newest_first
                else t("oldest first", "最早在前"),
            ),
        ]


def _kind_order(kind: tuple[str, str]) -> tuple[int, str, int, str]:
    entity, action = kind
    entities = list(ENTITY_LABELS)
    entity_rank = entities.index(entity) if entity in ENTITY_LABELS else len(entities)
    action_rank = ACTION_ORDER.index(action) if action in ACTION_LABELS else len(ACTION_ORDER)
    return (entity_rank, entity, action_rank, action)


def _as_date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str) and value:
        return datetime.fromisoformat(value).date()
    return None


__all__ = [
    "ACTION_LABELS",
    "ENTITY_LABELS",
    "PAGE_SIZE",
    "AuditChoices",
    "AuditCursor",
    "AuditListing",
    "AuditQuery",
    "AuditRow",
    "AuditService",
    "CycleChoice",
    "KindChoice",
    "PersonChoice",
    "action_label",
    "entity_label",
    "field_label",
    "kind_label",
]
