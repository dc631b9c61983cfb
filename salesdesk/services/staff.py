"""Staff and org units: list, add, edit, move, mark as left — each change one transaction,
checked against the rules of appraisal-rules §1 and audited."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from salesdesk.db.models import (
    Appraisal,
    Customer,
    MetricValue,
    OrgUnit,
    Rating,
    Receipt,
    SalesCredit,
    Staff,
    Target,
    UnitMembership,
)
from salesdesk.domain.errors import NotFoundError, Problem, StaleEditError, ValidationError
from salesdesk.domain.org import (
    Role,
    check_employment_dates,
    check_manager_chain,
    check_name,
    check_pay_base,
    check_staff_code,
    check_unit_move,
    parse_role,
)
from salesdesk.domain.text import t
from salesdesk.services import audit
from salesdesk.services.database import Database

STAFF_FIELDS = (
    "code",
    "name",
    "role",
    "unit_id",
    "manager_id",
    "hire_date",
    "leave_date",
    "pay_base",
)


@dataclass(frozen=True)
class StaffRow:
    """One staff member as the staff table shows it."""

    id: int
    code: str
    name: str
    role: Role
    unit_id: int
    unit_path: str
    manager_id: int | None
    manager_code: str | None
    manager_name: str | None
    hire_date: date
    leave_date: date | None
    pay_base: Decimal
    version: int

    @property
    def has_left(self) -> bool:
        return self.leave_date is not None and self.leave_date <= date.today()

    def value(self, name: str) -> Any:
        return getattr(self, name)


@dataclass(frozen=True)
class UnitNode:
    """One org unit with its place in the tree and its head counts (active staff)."""

    id: int
    parent_id: int | None
    name: str
    path: str
    position: int
    own_count: int
    total_count: int
    version: int


@dataclass(frozen=True)
class NewStaff:
    """What it takes to add a staff member."""

    code: str
    name: str
    role: Role
    unit_id: int
    hire_date: date
    manager_id: int | None = None
    leave_date: date | None = None
    pay_base: Decimal = Decimal("0")


@dataclass(frozen=True)
class StaffEdit:
    """Changes to one staff member, based on the version the user saw."""

    staff_id: int
    version: int
    changes: Mapping[str, Any] = field(default_factory=dict)


# --------------------------------------------------------------------------- queries


def unit_paths(session: Session) -> dict[int, str]:
    """Every unit's full path (`销售部/华东区/一组`)."""
    rows = session.execute(select(OrgUnit.id, OrgUnit.parent_id, OrgUnit.name)).all()
    parent = {r.id: r.parent_id for r in rows}
    name = {r.id: r.name for r in rows}
    paths: dict[int, str] = {}

    def path_of(unit_id: int) -> str:
        if unit_id in paths:
            return paths[unit_id]
        chain: list[str] = []
        current: int | None = unit_id
        guard = 0
        while current is not None and guard < 1000:
            chain.append(name[current])
            current = parent[current]
            guard += 1
        paths[unit_id] = "/".join(reversed(chain))
        return paths[unit_id]

    for unit_id in name:
        path_of(unit_id)
    return paths


def _not_found(message: str, field: str, allowed: str | None = None) -> NotFoundError:
    return NotFoundError(message, problems=[Problem(message, field=field, allowed=allowed)])


def find_staff(session: Session, ref: str | int, *, field: str = "staff") -> Staff:
    """A staff member by id (an int), staff code or unique name (a string)."""
    if isinstance(ref, int) and not isinstance(ref, bool):
        staff = session.get(Staff, ref)
        if staff is None:
            raise _not_found(
                t("no staff member with id {i}", "没有编号为 {i} 的人员", i=ref), field
            )
        return staff
    text = " ".join(str(ref).split())
    found = session.scalar(select(Staff).where(Staff.code == text)) if text else None
    if found is not None:
        return found
    named = list(session.scalars(select(Staff).where(Staff.name == text).order_by(Staff.code)))
    if len(named) == 1:
        return named[0]
    if named:
        raise ValidationError.single(
            t(
                "{m} names several people ({c}); give the staff code",
                "{m} 对应多人（{c}）；请填写工号",
                m=text,
                c=", ".join(p.code for p in named),
            ),
            field=field,
            allowed=t("a staff code", "工号"),
        )
    raise _not_found(
        t("no staff member {m}", "没有工号或姓名为 {m} 的人员", m=ref),
        field,
        t("the code or unique name of a staff member", "人员的工号或唯一姓名"),
    )


def _to_row(staff: Staff, paths: Mapping[int, str], managers: Mapping[int, Staff]) -> StaffRow:
    manager = managers.get(staff.manager_id) if staff.manager_id is not None else None
    return StaffRow(
        id=staff.id,
        code=staff.code,
        name=staff.name,
        role=Role(staff.role),
        unit_id=staff.unit_id,
        unit_path=paths.get(staff.unit_id, ""),
        manager_id=staff.manager_id,
        manager_code=manager.code if manager else None,
        manager_name=manager.name if manager else None,
        hire_date=staff.hire_date,
        leave_date=staff.leave_date,
        pay_base=staff.pay_base,
        version=staff.version,
    )


def find_unit_by_path(session: Session, parts: Sequence[str]) -> OrgUnit | None:
    parent: int | None = None
    unit: OrgUnit | None = None
    for part in parts:
        unit = session.scalars(
            select(OrgUnit).where(
                OrgUnit.parent_id.is_(None) if parent is None else OrgUnit.parent_id == parent,
                OrgUnit.name == part,
            )
        ).first()
        if unit is None:
            return None
        parent = unit.id
    return unit


def ensure_unit_path(session: Session, parts: Sequence[str]) -> tuple[OrgUnit, list[str]]:
    """The unit at `parts`, creating missing units; returns it and the paths it created."""
    parent: OrgUnit | None = None
    created: list[str] = []
    for depth, part in enumerate(parts):
        name = check_name(part, "unit")
        condition = (
            OrgUnit.parent_id.is_(None) if parent is None else OrgUnit.parent_id == parent.id
        )
        unit = session.scalars(select(OrgUnit).where(condition, OrgUnit.name == name)).first()
        if unit is None:
            siblings = session.scalar(select(func.count()).select_from(OrgUnit).where(condition))
            unit = OrgUnit(
                parent_id=parent.id if parent else None, name=name, position=int(siblings or 0)
            )
            session.add(unit)
            session.flush()
            created.append("/".join(parts[: depth + 1]))
            audit.record(
                session,
                action="create",
                entity="org_unit",
                entity_id=unit.id,
                new="/".join(parts[: depth + 1]),
            )
        parent = unit
    assert parent is not None
    return parent, created


def _is_referenced(session: Session, staff_id: int) -> bool:
    checks = (
        select(Target.id).where(Target.staff_id == staff_id),
        select(MetricValue.id).where(MetricValue.staff_id == staff_id),
        select(SalesCredit.id).where(SalesCredit.staff_id == staff_id),
        select(Receipt.id).where(Receipt.staff_id == staff_id),
        select(Appraisal.id).where(Appraisal.staff_id == staff_id),
        select(Rating.id).where(Rating.rater_id == staff_id),
        select(Staff.id).where(Staff.manager_id == staff_id),
        select(Customer.id).where(Customer.owner_id == staff_id),
    )
    return any(session.scalar(query.limit(1)) is not None for query in checks)


def move_membership(session: Session, staff: Staff, unit_id: int, effective: date) -> None:
    """Record a move to `unit_id` from `effective` on, keeping earlier months in the old unit."""
    current = session.scalars(
        select(UnitMembership)
        .where(UnitMembership.staff_id == staff.id, UnitMembership.valid_to.is_(None))
        .order_by(UnitMembership.valid_from.desc())
    ).first()
    if current is not None and current.unit_id == unit_id:
        return
    if current is not None:
        if current.valid_from >= effective:
            # A correction within the same month: the earlier unit never really held them.
            current.unit_id = unit_id
            return
        current.valid_to = effective
    session.add(UnitMembership(staff_id=staff.id, unit_id=unit_id, valid_from=effective))


def first_of_month(day: date) -> date:
    return day.replace(day=1)


# --------------------------------------------------------------------------- service


class StaffService:
    """Staff and org units of one database."""

    def __init__(self, database: Database) -> None:
        self.db = database

    # ---- reading

    def list_staff(self, *, include_left: bool = True) -> list[StaffRow]:
        with self.db.reading() as s:
            paths = unit_paths(s)
            staff = list(s.scalars(select(Staff).order_by(Staff.code)))
            by_id = {p.id: p for p in staff}
            rows = [_to_row(p, paths, by_id) for p in staff]
        if not include_left:
            rows = [r for r in rows if not r.has_left]
        return rows

    def get(self, staff_id: int) -> StaffRow:
        with self.db.reading() as s:
            return self._row(s, staff_id)

    def find_by_code(self, code: str) -> StaffRow | None:
        with self.db.reading() as s:
            staff_id = s.scalar(select(Staff.id).where(Staff.code == code))
            return self._row(s, staff_id) if staff_id is not None else None

    def list_units(self) -> list[UnitNode]:
        today = date.today()
        with self.db.reading() as s:
            paths = unit_paths(s)
            units = list(s.scalars(select(OrgUnit).order_by(OrgUnit.position, OrgUnit.name)))
            counts: dict[int, int] = dict(
                s.execute(
                    select(Staff.unit_id, func.count())
                    .where((Staff.leave_date.is_(None)) | (Staff.leave_date > today))
                    .group_by(Staff.unit_id)
                ).all()
            )
        children: dict[int | None, list[int]] = {}
        for unit in units:
            children.setdefault(unit.parent_id, []).append(unit.id)

        totals: dict[int, int] = {}

        def total(unit_id: int) -> int:
            if unit_id not in totals:
                totals[unit_id] = counts.get(unit_id, 0) + sum(
                    total(c) for c in children.get(unit_id, [])
                )
            return totals[unit_id]

        return [
            UnitNode(
                u.id,
                u.parent_id,
                u.name,
                paths[u.id],
                u.position,
                counts.get(u.id, 0),
                total(u.id),
                u.version,
            )
            for u in units
        ]

    def summary(self) -> dict[str, int]:
        """Counts for the status bar: active staff, units, regions."""
        today = date.today()
        from salesdesk.db.models import Region

        with self.db.reading() as s:
            active = s.scalar(
                select(func.count())
                .select_from(Staff)
                .where((Staff.leave_date.is_(None)) | (Staff.leave_date > today))
            )
            units = s.scalar(select(func.count()).select_from(OrgUnit))
            regions = s.scalar(select(func.count()).select_from(Region))
        return {"staff": int(active or 0), "units": int(units or 0), "regions": int(regions or 0)}

    # ---- staff changes

    def create_staff(self, new: NewStaff) -> StaffRow:
        with self.db.transaction() as s:
            staff = self._create(s, new)
            return self._row(s, staff.id)

    def _create(self, s: Session, new: NewStaff) -> Staff:
        values = self._checked(
            s,
            None,
            {
                "code": new.code,
                "name": new.name,
                "role": new.role,
                "unit_id": new.unit_id,
                "manager_id": new.manager_id,
                "hire_date": new.hire_date,
                "leave_date": new.leave_date,
                "pay_base": new.pay_base,
            },
        )
        staff = Staff(**values)
        s.add(staff)
        s.flush()
        s.add(UnitMembership(staff_id=staff.id, unit_id=staff.unit_id, valid_from=staff.hire_date))
        audit.record(
            s,
            action="create",
            entity="staff",
            entity_id=staff.id,
            staff_id=staff.id,
            new=f"{staff.code} {staff.name}",
        )
        return staff

    def update_staff(self, staff_id: int, version: int, **changes: Any) -> StaffRow:
        """Change fields of one person; refused as a whole if any value breaks a rule."""
        return self.apply_edits([StaffEdit(staff_id, version, changes)])[0]

    def apply_edits(self, edits: Iterable[StaffEdit]) -> list[StaffRow]:
        """Apply several edits in one transaction (a pasted block): all or nothing.

        A refused value raises ValidationError listing every refused cell.
        """
        edits = list(edits)
        problems: list[Problem] = []
        with self.db.transaction() as s:
            touched: list[int] = []
            for edit in edits:
                try:
                    self._apply(s, edit)
                    touched.append(edit.staff_id)
                except ValidationError as exc:
                    code = s.scalar(select(Staff.code).where(Staff.id == edit.staff_id))
                    for problem in exc.problems or [Problem(exc.message)]:
                        problems.append(
                            replace(
                                problem, row=None, sheet=None, message=f"{code}: {problem.message}"
                            )
                        )
            if problems:
                if len(problems) == 1:
                    raise ValidationError(problems[0].message, problems=problems)
                raise ValidationError(
                    t(
                        "{n} value(s) refused; nothing was changed",
                        "{n} 个值被拒绝，未做任何修改",
                        n=len(problems),
                    ),
                    problems=problems,
                )
            try:
                s.flush()
            except StaleDataError as exc:
                raise StaleEditError(t("staff", "人员")) from exc
            return [self._row(s, staff_id) for staff_id in touched]

    def _apply(self, s: Session, edit: StaffEdit) -> None:
        staff = s.get(Staff, edit.staff_id)
        if staff is None:
            raise NotFoundError(t("no such staff member", "人员不存在"))
        if staff.version != edit.version:
            raise StaleEditError(f"{staff.code}")
        unknown = set(edit.changes) - set(STAFF_FIELDS)
        if unknown:
            raise ValidationError.single(f"unknown field(s): {sorted(unknown)}")
        current = {name: getattr(staff, name) for name in STAFF_FIELDS}
        merged = {**current, **edit.changes}
        values = self._checked(s, staff, merged)
        for name in STAFF_FIELDS:
            if values[name] != current[name]:
                if name == "unit_id":
                    move_membership(s, staff, values[name], first_of_month(date.today()))
                audit.record(
                    s,
                    action="update",
                    entity="staff",
                    entity_id=staff.id,
                    staff_id=staff.id,
                    field=name,
                    old=current[name],
                    new=values[name],
                )
                setattr(staff, name, values[name])

    def mark_left(self, staff_id: int, version: int, leave_date: date) -> StaffRow:
        return self.update_staff(staff_id, version, leave_date=leave_date)

    def delete_staff(self, staff_id: int, version: int) -> None:
        """Remove a person entered by mistake; refused once anything refers to them."""
        with self.db.transaction() as s:
            staff = s.get(Staff, staff_id)
            if staff is None:
                return
            if staff.version != version:
                raise StaleEditError(staff.code)
            if _is_referenced(s, staff_id):
                raise ValidationError.single(
                    t(
                        "{c} has targets, actuals or appraisals; mark them as left instead",
                        "{c} 已有目标、实绩或考核记录，只能标记为离职",
                        c=staff.code,
                    ),
                    field="code",
                )
            s.execute(delete(UnitMembership).where(UnitMembership.staff_id == staff_id))
            audit.record(
                s,
                action="delete",
                entity="staff",
                entity_id=staff.id,
                old=f"{staff.code} {staff.name}",
            )
            s.delete(staff)

    def restore_staff(self, row: StaffRow) -> StaffRow:
        """Put back a person removed by `delete_staff` (undo of an add's undo)."""
        return self.create_staff(
            NewStaff(
                row.code,
                row.name,
                row.role,
                row.unit_id,
                row.hire_date,
                row.manager_id,
                row.leave_date,
                row.pay_base,
            )
        )

    # ---- org units

    def create_unit(self, parent_id: int | None, name: str) -> UnitNode:
        with self.db.transaction() as s:
            clean = check_name(name, "unit")
            self._check_sibling_name(s, parent_id, clean, None)
            siblings = s.scalar(
                select(func.count())
                .select_from(OrgUnit)
                .where(
                    OrgUnit.parent_id.is_(None)
                    if parent_id is None
                    else OrgUnit.parent_id == parent_id
                )
            )
            unit = OrgUnit(parent_id=parent_id, name=clean, position=int(siblings or 0))
            s.add(unit)
            s.flush()
            audit.record(
                s, action="create", entity="org_unit", entity_id=unit.id, new=unit_paths(s)[unit.id]
            )
            unit_id = unit.id
        return self._unit(unit_id)

    def rename_unit(self, unit_id: int, version: int, name: str) -> UnitNode:
        with self.db.transaction() as s:
            unit = self._locked_unit(s, unit_id, version)
            clean = check_name(name, "unit")
            self._check_sibling_name(s, unit.parent_id, clean, unit.id)
            audit.record(
                s,
                action="rename",
                entity="org_unit",
                entity_id=unit.id,
                field="name",
                old=unit.name,
                new=clean,
            )
            unit.name = clean
        return self._unit(unit_id)

    def move_unit(self, unit_id: int, version: int, new_parent_id: int | None) -> UnitNode:
        with self.db.transaction() as s:
            unit = self._locked_unit(s, unit_id, version)
            parents = dict(s.execute(select(OrgUnit.id, OrgUnit.parent_id)).all())
            check_unit_move(unit_id, new_parent_id, parents)
            if new_parent_id is not None and new_parent_id not in parents:
                raise NotFoundError(t("no such unit", "部门不存在"))
            self._check_sibling_name(s, new_parent_id, unit.name, unit.id)
            old_path = unit_paths(s)[unit.id]
            unit.parent_id = new_parent_id
            s.flush()
            audit.record(
                s,
                action="move",
                entity="org_unit",
                entity_id=unit.id,
                field="parent",
                old=old_path,
                new=unit_paths(s)[unit.id],
            )
        return self._unit(unit_id)

    def delete_unit(self, unit_id: int, version: int) -> None:
        """Remove an empty unit (no sub-units, no staff, no history)."""
        with self.db.transaction() as s:
            unit = self._locked_unit(s, unit_id, version)
            in_use = any(
                s.scalar(q.limit(1)) is not None
                for q in (
                    select(OrgUnit.id).where(OrgUnit.parent_id == unit_id),
                    select(Staff.id).where(Staff.unit_id == unit_id),
                    select(UnitMembership.id).where(UnitMembership.unit_id == unit_id),
                    select(Target.id).where(Target.unit_id == unit_id),
                    select(MetricValue.id).where(MetricValue.unit_id == unit_id),
                    select(Appraisal.id).where(Appraisal.unit_id == unit_id),
                )
            )
            if in_use:
                raise ValidationError.single(
                    t(
                        "{n} is not empty; it cannot be removed",
                        "{n} 不为空，不能删除",
                        n=unit.name,
                    ),
                    field="unit",
                )
            audit.record(
                s, action="delete", entity="org_unit", entity_id=unit.id, old=unit_paths(s)[unit.id]
            )
            s.delete(unit)

    # ---- helpers

    def _unit(self, unit_id: int) -> UnitNode:
        for node in self.list_units():
            if node.id == unit_id:
                return node
        raise NotFoundError(t("no such unit", "部门不存在"))

    def _locked_unit(self, s: Session, unit_id: int, version: int) -> OrgUnit:
        unit = s.get(OrgUnit, unit_id)
        if unit is None:
            raise NotFoundError(t("no such unit", "部门不存在"))
        if unit.version != version:
            raise StaleEditError(unit.name)
        return unit

    def _check_sibling_name(
        self, s: Session, parent_id: int | None, name: str, own_id: int | None
    ) -> None:
        condition = (
            OrgUnit.parent_id.is_(None) if parent_id is None else OrgUnit.parent_id == parent_id
        )
        clash = s.scalar(select(OrgUnit.id).where(condition, OrgUnit.name == name))
        if clash is not None and clash != own_id:
            raise ValidationError.single(
                t("there is already a unit named {n} here", "同级已有名为 {n} 的部门", n=name),
                field="unit",
                allowed=t("a name not used by a sibling", "同级未使用的名称"),
            )

    def _row(self, s: Session, staff_id: int) -> StaffRow:
        staff = s.get(Staff, staff_id)
        if staff is None:
            raise NotFoundError(t("no such staff member", "人员不存在"))
        managers = {staff.manager_id: staff.manager} if staff.manager is not None else {}
        return _to_row(staff, unit_paths(s), managers)  # type: ignore[arg-type]

    def _checked(
        self, s: Session, staff: Staff | None, values: Mapping[str, Any]
    ) -> dict[str, Any]:
        """Normalise and check a whole staff record; raises ValidationError on the first
        broken rule, naming the field and what is allowed."""
        own_id = staff.id if staff is not None else None
        code = check_staff_code(values["code"])
        clash = s.scalar(select(Staff.id).where(Staff.code == code))
        if clash is not None and clash != own_id:
            raise ValidationError.single(
                t("staff code {c} is already used", "工号 {c} 已被使用", c=code),
                field="code",
                allowed=t("a code no one else has", "未被他人使用的工号"),
            )
        name = check_name(values["name"])
        role = values["role"] if isinstance(values["role"], Role) else parse_role(values["role"])
        unit_id = values["unit_id"]
        if unit_id is None or s.get(OrgUnit, unit_id) is None:
            raise ValidationError.single(
                t("unit is required", "部门不能为空"),
                field="unit_id",
                allowed=t("an existing unit", "已有的部门"),
            )
        hire_date, leave_date = values["hire_date"], values["leave_date"]
        check_employment_dates(hire_date, leave_date)
        pay_base = check_pay_base(Decimal(values["pay_base"])).quantize(Decimal("0.01"))
        manager_id = values["manager_id"]
        if manager_id is not None:
            if s.get(Staff, manager_id) is None:
                raise ValidationError.single(t("no such manager", "上级不存在"), field="manager_id")
            if own_id is not None:
                managers = dict(s.execute(select(Staff.id, Staff.manager_id)).all())
                codes = dict(s.execute(select(Staff.id, Staff.code)).all())
                by_code = {c: i for i, c in codes.items()}

                def manager_of(key: str) -> str | None:
                    boss = managers.get(by_code[key])
                    return codes[boss] if boss is not None else None

                check_manager_chain(codes[own_id], codes[manager_id], manager_of)
        return {
            "code": code,
            "name": name,
            "role": role.value,
            "unit_id": unit_id,
            "manager_id": manager_id,
            "hire_date": hire_date,
            "leave_date": leave_date,
            "pay_base": pay_base,
        }
