"""Import history: the batches imported so far, and undo of a whole batch.

Undo deletes what a batch added and puts back what it replaced (from ImportChange.old),
in one transaction, audited. It is refused, with the reason, when:

- the batch was undone already;
- a later batch (not undone) changed the same rows — undo the later batches first;
- a row was edited by hand after the import (its version moved on);
- something the batch added is still used by rows it did not add (a customer the next
  ledger import uses, a person another batch or a user gave a target, a unit somebody
  was moved to...);
- it wrote ratings, key tasks or adjustments of a cycle that is confirmed or closed now.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Date, Integer, delete, insert, select, update
from sqlalchemy.orm import Session

from salesdesk.db.models import (
    Adjustment,
    Appraisal,
    Customer,
    CustomerSegment,
    Cycle,
    CycleTarget,
    ImportBatch,
    ImportChange,
    KeyTask,
    MetricValue,
    OrgUnit,
    ProductLine,
    Rating,
    Receipt,
    Region,
    SalesCredit,
    SalesLine,
    Staff,
    Target,
    UnitMembership,
)
from salesdesk.db.types import ScaledDecimal
from salesdesk.domain.errors import NotFoundError, ValidationError
from salesdesk.domain.text import t
from salesdesk.domain.workflow import inputs_editable, state_label
from salesdesk.services import audit
from salesdesk.services.database import Database
from salesdesk.services.import_common import ADDED, REPLACED, chunks

MODELS: dict[str, Any] = {
    "staff": Staff,
    "unit_memberships": UnitMembership,
    "org_units": OrgUnit,
    "sales_lines": SalesLine,
    "receipts": Receipt,
    "targets": Target,
    "metric_values": MetricValue,
    "customers": Customer,
    "regions": Region,
    "product_lines": ProductLine,
    "customer_segments": CustomerSegment,
    "ratings": Rating,
    "key_tasks": KeyTask,
    "adjustments": Adjustment,
}
# Undone in this order: facts first, then what they refer to.
UNDO_ORDER = (
    "ratings",
    "key_tasks",
    "adjustments",
    "targets",
    "metric_values",
    "sales_lines",
    "receipts",
    "unit_memberships",
    "staff",
    "customers",
    "regions",
    "product_lines",
    "customer_segments",
    "org_units",
)
VERSIONED = frozenset({"targets", "metric_values", "staff", "ratings", "key_tasks", "adjustments"})
# The inputs of an appraisal: undone only while their cycle's inputs can change.
APPRAISAL_INPUTS = ("ratings", "key_tasks", "adjustments")


@dataclass(frozen=True)
class BatchRow:
    """One import batch as the history shows it."""

    id: int
    imported_at: datetime
    file_name: str
    kind: str
    sheet: str | None
    user: str
    added: int
    replaced: int
    skipped: int
    undone_at: datetime | None

    @property
    def undone(self) -> bool:
        return self.undone_at is not None


@dataclass(frozen=True)
class UndoResult:
    """What undoing a batch did: rows removed and rows put back."""

    batch_id: int
    removed: int
    restored: int

    def describe(self) -> str:
        return t(
            "batch {b} undone: removed {r}, restored {p}",
            "已撤销批次 {b}：删除 {r} 条，恢复 {p} 条",
            b=self.batch_id,
            r=self.removed,
            p=self.restored,
        )


def _refuse(message: str) -> ValidationError:
    return ValidationError.single(message, field="batch")


def _parse(model: Any, name: str, value: Any) -> Any:
    """A value from ImportChange.old back to what the column holds."""
    if value is None:
        return None
    column_type = model.__table__.columns[name].type
    if isinstance(column_type, ScaledDecimal):
        return Decimal(str(value))
    if isinstance(column_type, Date):
        return date.fromisoformat(str(value))
    if isinstance(column_type, Integer):
        return int(value)
    return value


class ImportHistoryService:
    """The list of import batches and undo of one."""

    def __init__(self, database: Database) -> None:
        self.db = database

    def list_batches(self) -> list[BatchRow]:
        """Every batch, the latest first."""
        with self.db.reading() as s:
            return [
                BatchRow(
                    b.id,
                    b.imported_at,
                    b.file_name,
                    b.kind,
                    b.sheet,
                    b.user,
                    b.rows_added,
                    b.rows_replaced,
                    b.rows_skipped,
                    b.undone_at,
                )
                for b in s.scalars(select(ImportBatch).order_by(ImportBatch.id.desc()))
            ]

    def undo_batch(self, batch_id: int) -> UndoResult:
        """Delete what the batch added and restore what it replaced (see the module doc)."""
        with self.db.transaction() as s:
            batch = s.get(ImportBatch, batch_id)
            if batch is None:
                raise NotFoundError(t("no import batch {b}", "没有导入批次 {b}", b=batch_id))
            if batch.undone_at is not None:
                raise _refuse(
                    t(
                        "batch {b} ({f}) was already undone on {d}",
                        "批次 {b}（{f}）已于 {d} 撤销",
                        b=batch_id,
                        f=batch.file_name,
                        d=batch.undone_at.isoformat(sep=" ", timespec="minutes"),
                    )
                )
            changes = list(
                s.execute(
                    select(
                        ImportChange.table_name,
                        ImportChange.row_id,
                        ImportChange.action,
                        ImportChange.old,
                    ).where(ImportChange.batch_id == batch_id)
                )
            )
            added: dict[str, list[int]] = {}
            replaced: dict[str, dict[int, dict[str, Any]]] = {}
            for table_name, row_id, action, old in changes:
                if action == ADDED:
                    added.setdefault(table_name, []).append(row_id)
                elif action == REPLACED:
                    replaced.setdefault(table_name, {})[row_id] = old or {}
            self._check_later_batches(s, batch, changes)
            self._check_versions(s, batch, added, replaced)
            self._check_cycles(s, added, replaced)
            removed = restored = 0
            for table_name in UNDO_ORDER:
                restored += self._restore(s, table_name, replaced.get(table_name, {}))
                # Checked in the state the undo has reached so far: what the batch itself
                # added or replaced no longer holds on to anything.
                self._check_references(s, table_name, added)
                removed += self._remove(s, table_name, added.get(table_name, []))
            batch.undone_at = datetime.now()
            result = UndoResult(batch_id, removed, restored)
            audit.record(
                s,
                action="undo",
                entity="import_batch",
                entity_id=batch_id,
                old=f"{batch.kind} {batch.file_name}",
                new=result.describe(),
                reason=t("undo of import {f}", "撤销导入 {f}", f=batch.file_name),
            )
            return result

    # ---- checks

    def _check_later_batches(self, s: Session, batch: ImportBatch, changes: Iterable[Any]) -> None:
        mine = {(c[0], c[1]) for c in changes}
        later: dict[int, str] = {}
        for table_name, row_id, later_id, file_name in s.execute(
            select(
                ImportChange.table_name,
                ImportChange.row_id,
                ImportChange.batch_id,
                ImportBatch.file_name,
            )
            .join(ImportBatch, ImportBatch.id == ImportChange.batch_id)
            .where(ImportChange.batch_id > batch.id, ImportBatch.undone_at.is_(None))
        ):
            if (table_name, row_id) in mine:
                later[later_id] = file_name
        if later:
            listed = ", ".join(f"{b} ({f})" for b, f in sorted(later.items(), reverse=True))
            raise _refuse(
                t(
                    "later imports changed the same rows: batch {l}; undo them first",
                    "之后的导入修改了相同的数据：批次 {l}；请先撤销它们",
                    l=listed,
                )
            )

    def _check_versions(
        self,
        s: Session,
        batch: ImportBatch,
        added: Mapping[str, list[int]],
        replaced: Mapping[str, Mapping[int, dict[str, Any]]],
    ) -> None:
        """Rows edited by hand after the import are not undone over the edit.

        A later batch that replaced a row and was undone since moved its version on twice
        (its write, then the undo's): that is not an edit by hand."""
        moved_on: dict[tuple[str, int], int] = {}
        for table_name, row_id in s.execute(
            select(ImportChange.table_name, ImportChange.row_id)
            .join(ImportBatch, ImportBatch.id == ImportChange.batch_id)
            .where(
                ImportChange.batch_id > batch.id,
                ImportBatch.undone_at.is_not(None),
                ImportChange.action == REPLACED,
                ImportChange.table_name.in_(sorted(VERSIONED)),
            )
        ).all():
            moved_on[(table_name, row_id)] = moved_on.get((table_name, row_id), 0) + 2
        for table_name in VERSIONED:
            model = MODELS[table_name]
            expected: dict[int, int] = dict.fromkeys(added.get(table_name, []), 1)
            for row_id, old in replaced.get(table_name, {}).items():
                if "version" in old:
                    expected[row_id] = int(old["version"]) + 1
            for row_id in expected:
                expected[row_id] += moved_on.get((table_name, row_id), 0)
            for part in chunks(list(expected)):
                for row_id, version in s.execute(
                    select(model.id, model.version).where(model.id.in_(part))
                ):
                    if version != expected[row_id]:
                        raise _refuse(
                            t(
                                "a {k} row the batch wrote was edited afterwards (id {i}); "
                                "change it back by hand instead",
                                "该批次写入的{k}数据之后被手工修改过（id {i}）；请改为手工调整",
                                k=table_name,
                                i=row_id,
                            )
                        )

    def _check_cycles(
        self,
        s: Session,
        added: Mapping[str, list[int]],
        replaced: Mapping[str, Mapping[int, dict[str, Any]]],
    ) -> None:
        """Ratings, key tasks and adjustments of a confirmed or closed cycle stay as they
        are (appraisal-rules §6)."""
        for table_name in APPRAISAL_INPUTS:
            model = MODELS[table_name]
            ids = [*added.get(table_name, []), *replaced.get(table_name, {})]
            for part in chunks(ids):
                for name, state in s.execute(
                    select(Cycle.name, Cycle.state)
                    .join(Appraisal, Appraisal.cycle_id == Cycle.id)
                    .join(model, model.appraisal_id == Appraisal.id)
                    .where(model.id.in_(part))
                    .distinct()
                ).all():
                    if not inputs_editable(state):
                        raise _refuse(
                            t(
                                "the batch changed the cycle {c}, which is {s} now; its "
                                "inputs can no longer change",
                                "该批次修改的考核周期“{c}”现处于{s}状态，其考核数据不能再修改",
                                c=name,
                                s=state_label(state),
                            )
                        )

    def _check_references(
        self, s: Session, table_name: str, added: Mapping[str, list[int]]
    ) -> None:
        """What the batch added (of `table_name`) may be removed only if nothing else
        uses it."""
        if not added.get(table_name):
            return
        own_lines = set(added.get("sales_lines", []))
        own_receipts = set(added.get("receipts", []))
        own_staff = set(added.get("staff", []))
        own_units = set(added.get("org_units", []))
        own_memberships = set(added.get("unit_memberships", []))

        def used(query: Any, own: set[int]) -> bool:
            return any(row_id not in own for row_id in s.scalars(query))

        def refuse(what: str) -> ValidationError:
            return _refuse(
                t(
                    "{w} that the batch added are used elsewhere; undo later imports or "
                    "remove what uses them first",
                    "该批次新增的{w}已被其他数据使用；请先撤销之后的导入或删除相关数据",
                    w=what,
                )
            )

        customers = added.get("customers", []) if table_name == "customers" else []
        for part in chunks(customers):
            if used(select(SalesLine.id).where(SalesLine.customer_id.in_(part)), own_lines) or used(
                select(Receipt.id).where(Receipt.customer_id.in_(part)), own_receipts
            ):
                raise refuse(t("customers", "客户"))
        own_customers = set(customers)
        for dimension, label, columns in (
            ("regions", t("regions", "区域"), ("region_id",)),
            ("product_lines", t("product lines", "产品线"), ("product_line_id",)),
            ("customer_segments", t("segments", "客户群"), ("segment_id",)),
        ):
            ids = added.get(table_name, []) if table_name == dimension else []
            for part in chunks(ids):
                for column in columns:
                    if (
                        used(
                            select(SalesLine.id).where(getattr(SalesLine, column).in_(part)),
                            own_lines,
                        )
                        or (
                            hasattr(Customer, column)
                            and used(
                                select(Customer.id).where(getattr(Customer, column).in_(part)),
                                own_customers,
                            )
                        )
                        or s.scalar(
                            select(Target.id).where(getattr(Target, column).in_(part)).limit(1)
                        )
                        is not None
                    ):
                        raise refuse(label)
        staff_ids = list(own_staff) if table_name == "staff" else []
        for part in chunks(staff_ids):
            checks = (
                select(Target.id).where(Target.staff_id.in_(part)),
                select(MetricValue.id).where(MetricValue.staff_id.in_(part)),
                select(SalesCredit.id).where(SalesCredit.staff_id.in_(part)),
                select(Receipt.id).where(Receipt.staff_id.in_(part)),
                select(Appraisal.id).where(Appraisal.staff_id.in_(part)),
                select(Rating.id).where(Rating.rater_id.in_(part)),
                select(Customer.id).where(Customer.owner_id.in_(part)),
                select(CycleTarget.id).where(CycleTarget.staff_id.in_(part)),
            )
            if any(s.scalar(q.limit(1)) is not None for q in checks) or used(
                select(Staff.id).where(Staff.manager_id.in_(part)), own_staff
            ):
                raise refuse(t("staff", "人员"))
            if used(
                select(UnitMembership.id).where(UnitMembership.staff_id.in_(part)),
                own_memberships,
            ):
                raise refuse(t("staff", "人员"))
        for part in chunks(list(own_units) if table_name == "org_units" else []):
            unit_checks = (
                select(Target.id).where(Target.unit_id.in_(part)),
                select(MetricValue.id).where(MetricValue.unit_id.in_(part)),
                select(Appraisal.id).where(Appraisal.unit_id.in_(part)),
                select(CycleTarget.id).where(CycleTarget.unit_id.in_(part)),
            )
            if (
                any(s.scalar(q.limit(1)) is not None for q in unit_checks)
                or used(select(Staff.id).where(Staff.unit_id.in_(part)), own_staff)
                or used(select(OrgUnit.id).where(OrgUnit.parent_id.in_(part)), own_units)
                or used(
                    select(UnitMembership.id).where(UnitMembership.unit_id.in_(part)),
                    own_memberships,
                )
            ):
                raise refuse(t("units", "部门"))

    # ---- undo

    def _remove(self, s: Session, table_name: str, ids: list[int]) -> int:
        if not ids:
            return 0
        model = MODELS[table_name]
        if table_name == "sales_lines":
            for part in chunks(ids):
                s.execute(delete(SalesCredit).where(SalesCredit.sales_line_id.in_(part)))
        if table_name == "staff":
            # People added together may manage one another: unlink before deleting.
            for part in chunks(ids):
                s.execute(update(Staff).where(Staff.id.in_(part)).values(manager_id=None))
        if table_name == "org_units":
            # Sub-units before their parents.
            remaining = set(ids)
            parents = dict(
                s.execute(select(OrgUnit.id, OrgUnit.parent_id).where(OrgUnit.id.in_(ids))).all()
            )
            while remaining:
                leaves = [u for u in remaining if not any(parents.get(o) == u for o in remaining)]
                s.execute(delete(OrgUnit).where(OrgUnit.id.in_(leaves)))
                remaining -= set(leaves)
            return len(ids)
        for part in chunks(ids):
            s.execute(delete(model).where(model.id.in_(part)))
        return len(ids)

    def _restore(self, s: Session, table_name: str, rows: Mapping[int, dict[str, Any]]) -> int:
        if not rows:
            return 0
        model = MODELS[table_name]
        columns = set(model.__table__.columns.keys()) - {"id", "version", "code"}
        if table_name in VERSIONED:
            # Through the ORM, so the version moves on like any other edit.
            for part in chunks(list(rows)):
                for obj in s.scalars(select(model).where(model.id.in_(part))):
                    for name, value in rows[obj.id].items():
                        if name in columns:
                            setattr(obj, name, _parse(model, name, value))
            s.flush()
            return len(rows)
        values = [
            {
                "id": row_id,
                **{
                    name: _parse(model, name, value)
                    for name, value in old.items()
                    if name in columns
                },
            }
            for row_id, old in rows.items()
        ]
        s.execute(update(model), values)
        if table_name == "sales_lines":
            credits = [
                {"sales_line_id": row_id, "staff_id": int(staff_id), "share": Decimal(share)}
                for row_id, old in rows.items()
                for staff_id, share in old.get("credits", [])
            ]
            for part in chunks(list(rows)):
                s.execute(delete(SalesCredit).where(SalesCredit.sales_line_id.in_(part)))
            if credits:
                s.execute(insert(SalesCredit), credits)
        return len(rows)
