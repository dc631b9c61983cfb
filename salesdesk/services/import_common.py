"""What every import kind shares: the report it returns, progress and cancellation, the
batch record (ImportBatch + ImportChange + bulk audit) and look-ups of staff, units,
metrics and dimensions loaded once per import (never a query per row)."""

from __future__ import annotations

import gc
import hashlib
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table as SqlTable
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from salesdesk.db.models import (
    Base,
    ImportBatch,
    ImportChange,
    Metric,
    OrgUnit,
    SeasonalityProfile,
    Staff,
)
from salesdesk.domain.errors import ImportFailed, Problem, UserError
from salesdesk.domain.org import split_unit_path
from salesdesk.domain.text import t
from salesdesk.exchange.reader import RowCells, Table
from salesdesk.services import audit
from salesdesk.services.staff import unit_paths

# Beyond this many problems the rest are counted, not listed: a wrong file can have an
# error in every one of a million rows.
MAX_LISTED_PROBLEMS = 1000
ADDED, REPLACED, SKIPPED = "added", "replaced", "skipped"
# Rows per bulk INSERT statement and per IN (...) list: well inside every database's
# limit on the parameters of one statement.
CHUNK = 500

Progress = Callable[[int, str], bool]
"""`progress(percent, message) -> bool`: False asks the import to stop (nothing is written)."""


class ImportCancelled(UserError):
    """The import was cancelled through its progress callback; nothing was written."""

    def __init__(self) -> None:
        super().__init__(t("import cancelled; nothing was written", "已取消导入，未写入任何数据"))


class ProgressReporter:
    """Calls a progress callback (if any) and raises ImportCancelled when it says stop.

    `rows(i, n, lo, hi, message)` reports row `i` of `n` mapped into [lo, hi] percent, at
    most every `every` rows, so 100,000 rows cost a few dozen callbacks.
    """

    def __init__(self, progress: Progress | None, every: int = 2000) -> None:
        self.progress = progress
        self.every = every

    def step(self, percent: int, message: str) -> None:
        if self.progress is not None and self.progress(max(0, min(100, percent)), message) is False:
            raise ImportCancelled()

    def rows(self, index: int, total: int, lo: int, hi: int, message: str) -> None:
        if self.progress is None or index % self.every:
            return
        self.step(lo + (hi - lo) * index // max(total, 1), message)


# --------------------------------------------------------------------------- report


@dataclass(frozen=True)
class FieldChange:
    """One field an import replaces: its key, its column header, old and new as text."""

    field: str
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class PlannedRow:
    """What one row of the file (or one value it sets) does: the GUI's preview.

    `code` names what the row is about (a staff code, an order line `SO1#1`, a subject),
    `name` describes it (a person's name, a customer, `revenue 2026-03`)."""

    row: int
    code: str
    name: str
    action: str  # added | replaced | skipped
    changes: tuple[FieldChange, ...] = ()


NEW_ITEM_LABELS = {
    "org_unit": ("units", "部门"),
    "customer": ("customers", "客户"),
    "region": ("regions", "区域"),
    "product_line": ("product lines", "产品线"),
    "segment": ("customer segments", "客户群"),
}


@dataclass(frozen=True)
class NewItem:
    """Something an import creates because the file names it: a customer, region, ..."""

    kind: str  # customer | region | product_line | segment | org_unit
    name: str


@dataclass(frozen=True)
class ImportReport:
    """What an import did (or, in a dry run, would do).

    `new_units` lists the org units a staff file creates; `new_items` the customers,
    regions, product lines and segments a ledger or receipts file creates (in the order
    they are created)."""

    kind: str
    file_name: str
    sheet: str
    dry_run: bool
    added: int
    replaced: int
    skipped: int
    new_units: tuple[str, ...] = ()
    rows: tuple[PlannedRow, ...] = ()
    batch_id: int | None = None
    new_items: tuple[NewItem, ...] = ()

    @classmethod
    def from_rows(
        cls,
        kind: str,
        file_name: str,
        sheet: str,
        *,
        dry_run: bool,
        rows: tuple[PlannedRow, ...],
        batch_id: int | None,
        new_items: tuple[NewItem, ...] = (),
    ) -> ImportReport:
        """The report of planned rows, with the added/replaced/skipped counts taken from them."""
        added, replaced, skipped = count_actions(rows)
        return cls(
            kind=kind,
            file_name=file_name,
            sheet=sheet,
            dry_run=dry_run,
            added=added,
            replaced=replaced,
            skipped=skipped,
            rows=rows,
            batch_id=batch_id,
            new_items=new_items,
        )

    @property
    def changed(self) -> bool:
        return bool(self.added or self.replaced or self.new_units or self.new_items)

    def created(self, kind: str) -> tuple[str, ...]:
        """The names of the new things of one kind (`customer`, `region`, ...)."""
        return tuple(item.name for item in self.new_items if item.kind == kind)

    def describe(self) -> str:
        """One line for the command line: `added 3, replaced 1, skipped 38; new units: …`."""
        text = t(
            "added {a}, replaced {r}, skipped {s}",
            "新增 {a}，替换 {r}，跳过 {s}",
            a=self.added,
            r=self.replaced,
            s=self.skipped,
        )
        if self.new_units:
            text += t("; new units: {u}", "；新部门：{u}", u=", ".join(self.new_units))
        for kind, (en, zh) in NEW_ITEM_LABELS.items():
            names = self.created(kind)
            if names:
                text += t("; new {k}: {n}", "；新{k}：{n}", k=t(en, zh), n=", ".join(names))
        if self.dry_run:
            text = t("dry run, nothing written: {x}", "试运行，未写入任何数据：{x}", x=text)
        return text


_bulk_jobs = 0
_bulk_lock = threading.Lock()


def bulk_work_running() -> bool:
    """Whether a bulk job has the collector paused (a GUI-thread collector then waits)."""
    return _bulk_jobs > 0


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a bulk job builds millions of small
    objects (rows, decimals, tuples — none in a cycle, so reference counting frees them).

    Each collection walks every live object, and the collector runs again and again as the
    objects pile up: a quarter of a 10,000-person actuals listing went to it. Nothing is
    leaked: collection resumes afterwards (unless it was already off). While the job runs
    `bulk_work_running()` is true, so the desktop's own collector holds off too."""
    global _bulk_jobs
    with _bulk_lock:
        _bulk_jobs += 1
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
        with _bulk_lock:
            _bulk_jobs -= 1


def sha256_of(file: Path) -> str:
    digest = hashlib.sha256()
    with file.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def fail(kind: str, table: Table, problems: list[Problem]) -> ImportFailed:
    """ImportFailed with every problem (sorted by row), the first thousand listed."""
    problems = sorted(problems, key=lambda p: p.row or 0)
    listed = problems[:MAX_LISTED_PROBLEMS]
    if len(problems) > MAX_LISTED_PROBLEMS:
        listed.append(
            Problem(
                t(
                    "… and {n} more problems not listed",
                    "……另有 {n} 处问题未列出",
                    n=len(problems) - MAX_LISTED_PROBLEMS,
                ),
                sheet=table.sheet,
            )
        )
    return ImportFailed(kind, table.file_name, listed)


def count_actions(rows: Iterable[PlannedRow]) -> tuple[int, int, int]:
    added = replaced = skipped = 0
    for row in rows:
        if row.action == ADDED:
            added += 1
        elif row.action == REPLACED:
            replaced += 1
        else:
            skipped += 1
    return added, replaced, skipped


# --------------------------------------------------------------------------- batch record


def json_value(value: object) -> Any:
    """A column value as ImportChange.old keeps it (JSON): decimals and dates as text."""
    if value is None or isinstance(value, bool | int | str):
        return value
    return audit.audit_text(value)


def old_values(row: Mapping[str, Any] | Base, columns: Sequence[str]) -> dict[str, Any]:
    """The named columns of a row (an ORM object or a mapping) for ImportChange.old."""
    if isinstance(row, Base):
        return {name: json_value(getattr(row, name)) for name in columns}
    return {name: json_value(row[name]) for name in columns}


class Recorder:
    """What a batch changed (for undo) and its audit trail, written in bulk at the end:
    one INSERT per table however many rows (the entries are those `audit.record` makes)."""

    def __init__(self, batch_id: int, reason: str) -> None:
        self.batch_id = batch_id
        self.reason = reason
        self.user = audit.current_user()
        self.at = datetime.now()
        self.changes: list[dict[str, Any]] = []
        self.entries: list[dict[str, Any]] = []

    def change(
        self, table_name: str, row_id: int, action: str, old: dict[str, Any] | None = None
    ) -> None:
        self.changes.append(
            {
                "batch_id": self.batch_id,
                "table_name": table_name,
                "row_id": row_id,
                "action": action,
                "old": old,
            }
        )

    def audit(
        self,
        *,
        action: str,
        entity: str,
        entity_id: int | None = None,
        staff_id: int | None = None,
        field: str | None = None,
        old: object = None,
        new: object = None,
    ) -> None:
        self.entries.append(
            audit.entry(
                action=action,
                entity=entity,
                entity_id=entity_id,
                staff_id=staff_id,
                field=field,
                old=old,
                new=new,
                reason=self.reason,
                at=self.at,
                user=self.user,
            )
        )

    def write(self, s: Session) -> None:
        # Rows without old values leave the column NULL. Core executemany: no per-row ORM
        # bookkeeping, which costs more than the database's own work.
        bare = [
            {k: v for k, v in c.items() if k != "old"} for c in self.changes if c["old"] is None
        ]
        full = [c for c in self.changes if c["old"] is not None]
        for rows in (bare, full):
            for start in range(0, len(rows), 10 * CHUNK):
                s.execute(insert(core_table(ImportChange)), rows[start : start + 10 * CHUNK])
        for start in range(0, len(self.entries), 5 * CHUNK):
            audit.record_many(s, self.entries[start : start + 5 * CHUNK])


def open_batch(s: Session, kind: str, table: Table, digest: str) -> tuple[ImportBatch, Recorder]:
    """The ImportBatch row of an import (flushed, so it has an id) and its recorder."""
    batch = ImportBatch(
        kind=kind,
        file_name=table.file_name[:260],
        file_sha256=digest,
        sheet=table.sheet[:64],
        user=audit.current_user()[:64],
    )
    s.add(batch)
    s.flush()
    return batch, Recorder(batch.id, t("import of {f}", "导入 {f}", f=table.file_name))


def close_batch(s: Session, batch: ImportBatch, record: Recorder, report: ImportReport) -> None:
    """Counts on the batch, the batch's audit entry, and every change and entry written."""
    batch.rows_added = report.added
    batch.rows_replaced = report.replaced
    batch.rows_skipped = report.skipped
    record.audit(action="import", entity="import_batch", entity_id=batch.id, new=report.describe())
    record.write(s)


def core_table(model: type[Base]) -> SqlTable:
    """The Core table of a model: bulk inserts through it skip the ORM's per-row work."""
    return cast(SqlTable, model.__table__)


def chunks(values: Sequence[Any], size: int = CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


# --------------------------------------------------------------------------- look-ups


def collapse_spaces(text: str) -> str:
    # Letters and digits only (most names and codes): no space to collapse.
    if text.isalnum():
        return text
    return " ".join(text.split())


class StaffLookup:
    """Staff by code or by unique name, loaded once (data-exchange §2)."""

    def __init__(self, s: Session) -> None:
        self.by_code: dict[str, int] = {}
        self.code_of: dict[int, str] = {}
        self.name_of: dict[int, str] = {}
        self._by_name: dict[str, list[str]] = {}
        for staff_id, code, name in s.execute(select(Staff.id, Staff.code, Staff.name)):
            self.by_code[code] = staff_id
            self.code_of[staff_id] = code
            self.name_of[staff_id] = name
            self._by_name.setdefault(collapse_spaces(name), []).append(code)
        self._cache: dict[str, tuple[int | None, str | None]] = {}

    def find(self, text: str) -> tuple[int | None, str | None]:
        """(staff id, None) or (None, why not)."""
        found = self._cache.get(text)
        if found is not None:
            return found
        if text in self.by_code:
            found = (self.by_code[text], None)
        else:
            named = sorted(self._by_name.get(collapse_spaces(text), []))
            if len(named) == 1:
                found = (self.by_code[named[0]], None)
            elif named:
                found = (
                    None,
                    t(
                        "{m} names several people ({c}); give the staff code",
                        "{m} 对应多人（{c}）；请填写工号",
                        m=text,
                        c=", ".join(named),
                    ),
                )
            else:
                found = (None, t("no staff member {m}", "没有工号或姓名为 {m} 的人员", m=text))
        self._cache[text] = found
        return found

    def resolve(self, cells: RowCells, key: str, *, required: bool = True) -> int | None:
        """The staff id a cell names; unknown or ambiguous → a problem at that cell."""
        text = cells.text(key, required=required)
        if text is None:
            return None
        staff_id, why = self.find(text)
        if why is not None:
            cells.report(
                key,
                why,
                t("the code or unique name of a staff member", "人员的工号或唯一姓名"),
            )
        return staff_id


def normalise_path(text: str) -> str:
    return "/".join(split_unit_path(text))


class UnitLookup:
    """Org units by full path (`销售部/华东区`), loaded once."""

    def __init__(self, s: Session) -> None:
        self.path_of = unit_paths(s)
        self.by_path = {path: unit_id for unit_id, path in self.path_of.items()}
        self.parent_of: dict[int, int | None] = {}
        self.profile_of: dict[int, int | None] = {}
        for unit_id, parent_id, profile_id in s.execute(
            select(OrgUnit.id, OrgUnit.parent_id, OrgUnit.seasonality_profile_id)
        ):
            self.parent_of[unit_id] = parent_id
            self.profile_of[unit_id] = profile_id

    def resolve(self, cells: RowCells, key: str) -> int | None:
        text = cells.text(key)
        if text is None:
            return None
        try:
            path = normalise_path(text)
        except UserError as exc:
            cells.report(key, exc.message, "销售部/华东区")
            return None
        unit_id = self.by_path.get(path)
        if unit_id is None:
            cells.report(
                key,
                t("no unit {p}", "没有部门 {p}", p=path),
                t("the full path of an existing unit", "已有部门的完整路径"),
            )
        return unit_id

    def profile_for_unit(self, unit_id: int | None) -> int | None:
        """The seasonality profile of a unit: its own, else its nearest parent's."""
        guard = 0
        while unit_id is not None and guard < 1000:
            profile = self.profile_of.get(unit_id)
            if profile is not None:
                return profile
            unit_id = self.parent_of.get(unit_id)
            guard += 1
        return None


@dataclass(frozen=True)
class MetricInfo:
    id: int
    code: str
    name_zh: str
    name_en: str
    unit: str
    aggregation: str
    source: str


class MetricLookup:
    """Metrics by code, Chinese or English name (case-insensitive), loaded once."""

    def __init__(self, s: Session) -> None:
        self.by_key: dict[str, MetricInfo] = {}
        self.all: list[MetricInfo] = []
        for row in s.execute(
            select(
                Metric.id,
                Metric.code,
                Metric.name_zh,
                Metric.name_en,
                Metric.unit,
                Metric.aggregation,
                Metric.source,
            ).order_by(Metric.position, Metric.id)
        ):
            info = MetricInfo(*row)
            self.all.append(info)
        # Codes first, so a code wins over someone else's name.
        for info in reversed(self.all):
            for name in (info.name_en, info.name_zh):
                self.by_key[collapse_spaces(name).casefold()] = info
        for info in reversed(self.all):
            self.by_key[info.code.casefold()] = info

    def resolve(self, cells: RowCells, key: str, *, manual_only: bool = False) -> MetricInfo | None:
        text = cells.text(key, required=True)
        if text is None:
            return None
        info = self.by_key.get(collapse_spaces(text).casefold())
        candidates = [m for m in self.all if not manual_only or m.source == "manual"]
        allowed = ", ".join(f"{m.code}/{m.name_zh}" for m in candidates[:30])
        if info is None:
            cells.report(key, t("no metric {m}", "没有指标 {m}", m=text), allowed)
            return None
        if manual_only and info.source != "manual":
            cells.report(
                key,
                t(
                    "{m} is computed from the {s}, not entered by hand",
                    "{m} 由{s}计算得出，不能手工录入",
                    m=text,
                    s=t(*_SOURCE_NAMES.get(info.source, (info.source, info.source))),
                ),
                allowed,
            )
            return None
        return info


_SOURCE_NAMES = {
    "ledger": ("sales ledger", "销售明细"),
    "receipts": ("receipts", "回款记录"),
    "derived": ("other metrics", "其他指标"),
}


def load_profiles(s: Session) -> dict[int, tuple[Decimal, ...]]:
    """Every seasonality profile's twelve weights by id."""
    return {
        profile_id: tuple(Decimal(str(w)) for w in weights)
        for profile_id, weights in s.execute(
            select(SeasonalityProfile.id, SeasonalityProfile.weights)
        )
    }


def staff_profiles(s: Session) -> dict[int, tuple[int | None, int]]:
    """(own seasonality profile, unit) of every staff member."""
    return {
        staff_id: (profile_id, unit_id)
        for staff_id, profile_id, unit_id in s.execute(
            select(Staff.id, Staff.seasonality_profile_id, Staff.unit_id)
        )
    }


def day_text(value: date | None) -> str:
    return value.isoformat() if value is not None else ""
