"""The ERP imports of sales lines (ledger) and receipts (data-exchange §3).

Both are all or nothing, report every problem with sheet, row and column, create the
customers, regions, product lines and segments a file names (listed in the report, also
in a dry run), and change nothing when the same file comes again.

Ledger lines
------------
A line is keyed by (单号, 行号) as `SO1#1`. Without a 行号 column (or with the cell
empty) the key is the order number and a hash of the line's content (date, customer,
product line, region, segment, amount, cost; not the salesperson or the share), with
`-2`, `-3`, ... for the second and later identical rows of one order, so importing the
same export twice finds every line again. A line whose key exists is skipped when
nothing differs and replaced (old values kept for undo) when its content or its credits
differ; a content-keyed line that changes gets a new key and comes in as a new line.

Split credit (appraisal-rules §3): a line credited to several people is given as several
rows of the same (单号, 行号), each repeating the line (the whole amount and cost) with
its own 业务员 and 分成比例 — the way one duplicates a row of an ERP export in Excel and
changes the salesperson. The shares of one line must add up to 100 (an error names the
rows otherwise), each person once per line; rows of one line must agree on everything
else. A row without 分成比例 (or with the column absent) has share 100. Without a line
number, identical rows of one order that all have share 100 are separate lines; with
other shares they are one split line. 分成比例 is in percent points: `50` or `50%`.

Amounts (金额; negative for returns), cost (成本, or 毛利 from which cost = amount −
gross profit; 成本 wins when both are given) are rounded half-up to the cent. A known
customer's own segment and region are used where the row gives none; the columns of a
row never change the customer itself. A new customer takes the segment and region of the
first row that names it. Customers, regions, product lines and segments are named by
name or code (case-insensitive).

Receipts
--------
Keyed by their content: date, salesperson (by code), customer (by name), amount received,
amount due, and the occurrence among identical rows of the file. A receipt is never
replaced: the same content again is skipped, different content is another receipt.

Audit: one entry per created customer or dimension, one per replaced line, and one for
the batch; added lines and receipts are traced by the batch's ImportChange rows (an audit
entry for each of 100,000 lines would only bury the entries that matter).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from salesdesk.db.models import (
    Customer,
    CustomerSegment,
    ProductLine,
    Receipt,
    Region,
    SalesCredit,
    SalesLine,
)
from salesdesk.domain.decimals import CENT, money
from salesdesk.domain.errors import Problem
from salesdesk.domain.text import t
from salesdesk.exchange.reader import Table, read_table
from salesdesk.exchange.sheets import LEDGER, RECEIPTS
from salesdesk.services.database import Database
from salesdesk.services.import_common import (
    ADDED,
    REPLACED,
    SKIPPED,
    FieldChange,
    ImportReport,
    NewItem,
    PlannedRow,
    ProgressReporter,
    Recorder,
    StaffLookup,
    chunks,
    close_batch,
    collapse_spaces,
    core_table,
    fail,
    open_batch,
    paused_gc,
    sha256_of,
)

HUNDRED = Decimal(100)
SHARE_PLACES = Decimal("0.01")
MAX_ORDER_NO = 64
MAX_LINE_NO = 32
MAX_CUSTOMER = 128
MAX_DIMENSION = 64
MAX_CODE = 32
WRITE_CHUNK = 5000


# --------------------------------------------------------------------------- dimensions


class Dimension:
    """Regions, product lines, segments or customers by name or code, read once.

    A name not found gets a negative placeholder id; `create` inserts the new ones and
    maps the placeholders to their real ids."""

    def __init__(self, kind: str, model: Any, rows: Iterable[Sequence[Any]]) -> None:
        self.kind = kind
        self.model = model
        self.ids: dict[str, int] = {}
        self.name_of: dict[int, str] = {}
        self.codes: set[str] = set()
        self.new: dict[int, str] = {}
        # A file names the same few items on every row: each text is looked up once.
        self._resolved: dict[str, int] = {}
        by_code: dict[str, int] = {}
        for row in rows:
            item_id, code, name = row[0], row[1], row[2]
            self.name_of[item_id] = name
            self.ids[collapse_spaces(name).casefold()] = item_id
            if code:
                self.codes.add(str(code).casefold())
                by_code[str(code).casefold()] = item_id
        for code, item_id in by_code.items():
            self.ids.setdefault(code, item_id)

    def resolve(self, text: str) -> int:
        found = self._resolved.get(text)
        if found is not None:
            return found
        key = collapse_spaces(text).casefold()
        found = self.ids.get(key)
        if found is None:
            found = -(len(self.new) + 1)
            self.new[found] = collapse_spaces(text)
            self.name_of[found] = self.new[found]
            self.ids[key] = found
        self._resolved[text] = found
        return found

    def new_items(self) -> list[NewItem]:
        return [NewItem(self.kind, name) for name in self.new.values()]

    def fresh_code(self, name: str) -> str:
        """A code for a new item: its name (cut to 32 characters) if free, else numbered."""
        code = name[:MAX_CODE]
        number = 2
        while code.casefold() in self.codes:
            suffix = f"~{number}"
            code = name[: MAX_CODE - len(suffix)] + suffix
            number += 1
        self.codes.add(code.casefold())
        return code

    def create(
        self, s: Session, record: Recorder, extra: dict[int, dict[str, Any]] | None = None
    ) -> dict[int, int]:
        """Insert the new items; placeholder → real id (real ids map to themselves)."""
        mapping: dict[int, int] = {}
        if not self.new:
            return mapping
        placeholders = list(self.new)
        values = []
        for placeholder in placeholders:
            name = self.new[placeholder]
            row: dict[str, Any] = {"name": name}
            if self.model is Customer:
                row["code"] = None
            else:
                row["code"] = self.fresh_code(name)
            if extra is not None:
                row.update(extra.get(placeholder, {}))
            values.append(row)
        table = self.model.__tablename__
        new_ids = list(
            s.scalars(
                insert(self.model).returning(self.model.id, sort_by_parameter_order=True), values
            )
        )
        for placeholder, row, new_id in zip(placeholders, values, new_ids, strict=True):
            mapping[placeholder] = new_id
            self.name_of[new_id] = row["name"]
            record.change(table, new_id, ADDED)
            record.audit(action="create", entity=self.kind, entity_id=new_id, new=row["name"])
        return mapping


def _dimensions(s: Session) -> tuple[Dimension, Dimension, Dimension]:
    return (
        Dimension(
            "product_line",
            ProductLine,
            s.execute(select(ProductLine.id, ProductLine.code, ProductLine.name)),
        ),
        Dimension("region", Region, s.execute(select(Region.id, Region.code, Region.name))),
        Dimension(
            "segment",
            CustomerSegment,
            s.execute(select(CustomerSegment.id, CustomerSegment.code, CustomerSegment.name)),
        ),
    )


class Customers(Dimension):
    """Customers by name or code, with their own segment and region."""

    def __init__(self, s: Session) -> None:
        rows = s.execute(
            select(
                Customer.id, Customer.code, Customer.name, Customer.segment_id, Customer.region_id
            )
        ).all()
        super().__init__("customer", Customer, rows)
        self.segment_of: dict[int, int | None] = {r[0]: r[3] for r in rows}
        self.region_of: dict[int, int | None] = {r[0]: r[4] for r in rows}

    def resolve(self, text: str) -> int:
        found = super().resolve(text)
        if found < 0 and found not in self.segment_of:
            self.segment_of[found] = None
            self.region_of[found] = None
        return found


def _new_items(*dimensions: Dimension) -> list[NewItem]:
    items: list[NewItem] = []
    for dimension in dimensions:
        items.extend(dimension.new_items())
    return items


def _remap(value: int | None, mapping: dict[int, int]) -> int | None:
    if value is None or value >= 0:
        return value
    return mapping[value]


def _text_or_report(cells: Any, key: str, limit: int, *, required: bool) -> str | None:
    text: str | None = cells.text(key, required=required, max_length=limit)
    if text is not None:
        text = collapse_spaces(text)
    return text


def _money(value: Decimal) -> Decimal:
    """`domain.decimals.money` of a Decimal (half-up to the cent), without its conversions:
    it runs for every amount of a 100,000-line file."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _digest(parts: Iterable[object]) -> str:
    joined = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.blake2b(joined.encode("utf-8"), digest_size=8).hexdigest()


# --------------------------------------------------------------------------- ledger


@dataclass(slots=True)
class _LedgerRow:
    row: int
    order_no: str
    line_no: str | None
    day: date
    staff_id: int
    customer_id: int
    product_line_id: int
    region_id: int | None
    segment_id: int | None
    amount: Decimal
    cost: Decimal | None
    share: Decimal


@dataclass
class _Line:
    """One sales line to be: its key, content, credits and the file rows it came from."""

    key: str
    first: _LedgerRow
    rows: list[int]
    credits: list[tuple[int, Decimal]]
    action: str = ADDED
    existing_id: int | None = None
    old: dict[str, Any] | None = None
    changes: tuple[FieldChange, ...] = ()


@dataclass
class _LedgerPlan:
    lines: list[_Line]
    customers: Customers
    product_lines: Dimension
    regions: Dimension
    segments: Dimension
    new_items: list[NewItem] = field(default_factory=list)

    def changes(self) -> bool:
        return bool(self.new_items) or any(line.action != SKIPPED for line in self.lines)

    def report(self, table: Table, *, dry_run: bool, batch_id: int | None = None) -> ImportReport:
        names = self.customers.name_of
        rows = tuple(
            PlannedRow(
                line.first.row,
                line.key,
                names.get(line.first.customer_id, ""),
                line.action,
                line.changes,
            )
            for line in self.lines
        )
        return ImportReport.from_rows(
            "ledger",
            table.file_name,
            table.sheet,
            dry_run=dry_run,
            rows=rows,
            batch_id=batch_id,
            new_items=tuple(self.new_items),
        )


def import_ledger(
    database: Database, file: Path, dry_run: bool, sheet: str | None, reporter: ProgressReporter
) -> ImportReport:
    """The sales-ledger import (see the module docstring)."""
    with paused_gc():
        return _import_ledger(database, file, dry_run, sheet, reporter)


def _import_ledger(
    database: Database, file: Path, dry_run: bool, sheet: str | None, reporter: ProgressReporter
) -> ImportReport:
    reporter.step(0, t("reading {f}", "读取 {f}", f=file.name))
    table = read_table(file, LEDGER, sheet=sheet)
    if dry_run:
        with database.reading() as s:
            plan = _plan_ledger(s, table, reporter)
            reporter.step(100, t("done", "完成"))
            return plan.report(table, dry_run=True)
    digest = sha256_of(file)
    with database.transaction() as s:
        plan = _plan_ledger(s, table, reporter)
        if not plan.changes():
            reporter.step(100, t("done", "完成"))
            return plan.report(table, dry_run=False)
        batch_id = _write_ledger(s, plan, table, digest, reporter)
        reporter.step(100, t("done", "完成"))
        return plan.report(table, dry_run=False, batch_id=batch_id)


def _parse_ledger(
    s: Session, table: Table, problems: list[Problem], reporter: ProgressReporter
) -> tuple[list[_LedgerRow], Customers, Dimension, Dimension, Dimension]:
    staff = StaffLookup(s)
    customers = Customers(s)
    product_lines, regions, segments = _dimensions(s)
    has_line = table.has("line_no")
    has_region, has_segment = table.has("region"), table.has("segment")
    has_cost, has_profit = table.has("cost"), table.has("gross_profit")
    has_share = table.has("allocation")
    parsed: list[_LedgerRow] = []
    total = len(table.rows)
    message = t("checking rows", "检查数据行")
    for index, row in enumerate(table.rows):
        reporter.rows(index, total, 30, 60, message)
        cells = table.cells(row, problems)
        day = cells.date("date", required=True)
        order_no = _text_or_report(cells, "order_no", MAX_ORDER_NO, required=True)
        line_no = (
            _text_or_report(cells, "line_no", MAX_LINE_NO, required=False) if has_line else None
        )
        staff_id = staff.resolve(cells, "staff")
        customer_text = _text_or_report(cells, "customer", MAX_CUSTOMER, required=True)
        pl_text = _text_or_report(cells, "product_line", MAX_DIMENSION, required=True)
        region_text = (
            _text_or_report(cells, "region", MAX_DIMENSION, required=False) if has_region else None
        )
        segment_text = (
            _text_or_report(cells, "segment", MAX_DIMENSION, required=False)
            if has_segment
            else None
        )
        amount = cells.decimal("amount", required=True)
        cost = cells.decimal("cost") if has_cost else None
        profit = cells.decimal("gross_profit") if has_profit and cost is None else None
        share = HUNDRED
        if has_share:
            given = cells.decimal("allocation", percent="points")
            if given is not None:
                given = given.quantize(SHARE_PLACES)
                if not 0 < given <= HUNDRED:
                    cells.report(
                        "allocation",
                        t("share {v} is out of range", "分成比例 {v} 超出范围", v=given),
                        t("more than 0, at most 100 (percent)", "大于 0、不超过 100（百分比）"),
                    )
                else:
                    share = given
        if cells.failed:
            continue
        assert day is not None and order_no is not None and staff_id is not None
        assert customer_text is not None and pl_text is not None and amount is not None
        amount = _money(amount)
        if cost is not None:
            cost = _money(cost)
        elif profit is not None:
            cost = amount - _money(profit)
        customer_id = customers.resolve(customer_text)
        region_id = regions.resolve(region_text) if region_text else None
        segment_id = segments.resolve(segment_text) if segment_text else None
        if customer_id < 0:
            # A new customer takes the segment and region of the first row naming one.
            if customers.segment_of.get(customer_id) is None and segment_id is not None:
                customers.segment_of[customer_id] = segment_id
            if customers.region_of.get(customer_id) is None and region_id is not None:
                customers.region_of[customer_id] = region_id
        parsed.append(
            _LedgerRow(
                row.number,
                order_no,
                line_no,
                day,
                staff_id,
                customer_id,
                product_lines.resolve(pl_text),
                region_id,
                segment_id,
                amount,
                cost,
                share,
            )
        )
    # Where a row names no segment or region, the customer's own apply.
    for item in parsed:
        if item.region_id is None:
            item.region_id = customers.region_of.get(item.customer_id)
        if item.segment_id is None:
            item.segment_id = customers.segment_of.get(item.customer_id)
    return parsed, customers, product_lines, regions, segments


_CONTENT_FIELDS = (
    ("date", "line_date"),
    ("customer", "customer_id"),
    ("product_line", "product_line_id"),
    ("region", "region_id"),
    ("segment", "segment_id"),
    ("amount", "amount"),
    ("cost", "cost"),
)


def _content(item: _LedgerRow) -> tuple[object, ...]:
    return (
        item.day,
        item.customer_id,
        item.product_line_id,
        item.region_id,
        item.segment_id,
        item.amount,
        item.cost,
    )


def _group_lines(
    table: Table,
    parsed: list[_LedgerRow],
    plan_names: tuple[Customers, Dimension, Dimension, Dimension],
    problems: list[Problem],
) -> list[_Line]:
    customers, product_lines, regions, segments = plan_names
    share_column = "allocation" if table.has("allocation") else "staff"
    groups: dict[tuple[str, str, bool], list[_LedgerRow]] = {}
    for item in parsed:
        if item.line_no is not None:
            key = (item.order_no, item.line_no, True)
        else:
            key = (
                item.order_no,
                _digest(
                    (
                        item.day.isoformat(),
                        customers.name_of[item.customer_id],
                        product_lines.name_of[item.product_line_id],
                        regions.name_of.get(item.region_id, "") if item.region_id else "",
                        segments.name_of.get(item.segment_id, "") if item.segment_id else "",
                        item.amount,
                        item.cost,
                    )
                ),
                False,
            )
        groups.setdefault(key, []).append(item)
    lines: list[_Line] = []
    for (order_no, tag, numbered), items in groups.items():
        first = items[0]
        if not numbered and len(items) > 1 and all(i.share == HUNDRED for i in items):
            for n, item in enumerate(items, start=1):
                suffix = "" if n == 1 else f"-{n}"
                lines.append(
                    _Line(
                        f"{order_no}#~{tag}{suffix}",
                        item,
                        [item.row],
                        [(item.staff_id, item.share)],
                    )
                )
            continue
        if len(items) == 1 and first.share == HUNDRED:
            # One row crediting one person in full (most lines): nothing to check.
            lines.append(
                _Line(
                    f"{order_no}#{tag}" if numbered else f"{order_no}#~{tag}",
                    first,
                    [first.row],
                    [(first.staff_id, first.share)],
                )
            )
            continue
        label = (
            t("order {o} line {l}", "单号 {o} 行号 {l}", o=order_no, l=tag)
            if numbered
            else t("order {o}", "单号 {o}", o=order_no)
        )
        bad = False
        content = _content(first)
        for item in items[1:]:
            other = _content(item)
            if other != content:
                differing = next(
                    name
                    for (name, _), a, b in zip(_CONTENT_FIELDS, content, other, strict=True)
                    if a != b
                )
                problems.append(
                    table.problem(
                        item.row,
                        differing,
                        t(
                            "{l} is also in row {r} with a different {c}; the rows of one "
                            "line differ only in salesperson and share",
                            "{l} 也在第 {r} 行，但{c}不同；"
                            "同一行的各行只能在业务员和分成比例上不同",
                            l=label,
                            r=first.row,
                            c=table.header(differing),
                        ),
                    )
                )
                bad = True
        seen: dict[int, int] = {}
        for item in items:
            if item.staff_id in seen:
                problems.append(
                    table.problem(
                        item.row,
                        "staff",
                        t(
                            "{l}: this salesperson is already credited in row {r}",
                            "{l}：该业务员已在第 {r} 行分成",
                            l=label,
                            r=seen[item.staff_id],
                        ),
                        t("each person once per line", "每人每行只出现一次"),
                    )
                )
                bad = True
            else:
                seen[item.staff_id] = item.row
        total = sum((i.share for i in items), Decimal(0))
        if total != HUNDRED:
            rows = ", ".join(str(i.row) for i in items)
            problems.append(
                table.problem(
                    first.row,
                    share_column,
                    t(
                        "{l}: the shares in rows {rows} add up to {s}, not 100",
                        "{l}：第 {rows} 行的分成比例合计为 {s}，不是 100",
                        l=label,
                        rows=rows,
                        s=format(total.normalize(), "f"),
                    ),
                    t("shares of one line adding up to 100", "同一行的分成比例合计为 100"),
                )
            )
            bad = True
        if bad:
            continue
        line_key = f"{order_no}#{tag}" if numbered else f"{order_no}#~{tag}"
        lines.append(
            _Line(line_key, first, [i.row for i in items], [(i.staff_id, i.share) for i in items])
        )
    return lines


_LINE_COLUMNS = (
    "line_date",
    "order_no",
    "line_no",
    "customer_id",
    "product_line_id",
    "region_id",
    "segment_id",
    "amount",
    "cost",
    "batch_id",
)


def _plan_ledger(s: Session, table: Table, reporter: ProgressReporter) -> _LedgerPlan:
    """Check every row against the file and the database and decide what each line does.

    Raises ImportFailed with every problem; reads the database a fixed number of times
    plus one query per 500 order numbers (to find the lines already there)."""
    problems: list[Problem] = []
    parsed, customers, product_lines, regions, segments = _parse_ledger(
        s, table, problems, reporter
    )
    lines = _group_lines(table, parsed, (customers, product_lines, regions, segments), problems)
    if problems:
        raise fail("ledger", table, problems)
    reporter.step(60, t("comparing with the database", "与数据库比对"))
    existing = _existing_lines(s, sorted({line.first.order_no for line in lines}))
    staff_codes = StaffLookup(s).code_of if existing else {}
    for line in lines:
        old = existing.get(line.key)
        if old is None:
            continue
        line.existing_id = old["id"]
        first = line.first
        new = {
            "line_date": first.day,
            "customer_id": first.customer_id,
            "product_line_id": first.product_line_id,
            "region_id": first.region_id,
            "segment_id": first.segment_id,
            "amount": first.amount,
            "cost": first.cost,
        }
        changes: list[FieldChange] = []
        names = {
            "customer_id": customers.name_of,
            "product_line_id": product_lines.name_of,
            "region_id": regions.name_of,
            "segment_id": segments.name_of,
        }
        for (column_key, name), value in zip(_CONTENT_FIELDS, new.values(), strict=True):
            if old[name] != value:
                shown = names.get(name)
                changes.append(
                    FieldChange(
                        column_key,
                        table.header(column_key),
                        _named(old[name], shown),
                        _named(value, shown),
                    )
                )
        old_credits = sorted(old["credits"])
        new_credits = sorted(line.credits)
        if old_credits != new_credits:
            changes.append(
                FieldChange(
                    "allocation",
                    table.header("allocation")
                    if table.has("allocation")
                    else table.header("staff"),
                    _credits_text(old_credits, staff_codes),
                    _credits_text(new_credits, staff_codes),
                )
            )
        if changes:
            line.action = REPLACED
            line.changes = tuple(changes)
            line.old = {
                **{k: _json(old[k]) for k in _LINE_COLUMNS},
                "credits": [[staff_id, format(share, "f")] for staff_id, share in old["credits"]],
            }
        else:
            line.action = SKIPPED
    plan = _LedgerPlan(lines, customers, product_lines, regions, segments)
    plan.new_items = _new_items(product_lines, regions, segments, customers)
    return plan


def _show(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _named(value: object, names: dict[int, str] | None) -> str:
    if names is not None and isinstance(value, int):
        return names.get(value, "")
    return _show(value)


def _json(value: object) -> Any:
    if value is None or isinstance(value, int | str):
        return value
    return _show(value)


def _credits_text(credits: Sequence[tuple[int, Decimal]], codes: dict[int, str]) -> str:
    return ", ".join(
        f"{codes.get(staff_id, staff_id)} {share.normalize():f}%" for staff_id, share in credits
    )


def _existing_lines(s: Session, order_numbers: Sequence[str]) -> dict[str, dict[str, Any]]:
    """The lines of these orders already in the database, with their credits, by key."""
    found: dict[str, dict[str, Any]] = {}
    by_id: dict[int, dict[str, Any]] = {}
    columns = [getattr(SalesLine, name) for name in _LINE_COLUMNS]
    for part in chunks(order_numbers):
        for row in s.execute(
            select(SalesLine.id, SalesLine.line_key, *columns).where(SalesLine.order_no.in_(part))
        ):
            values = dict(zip(("id", "line_key", *_LINE_COLUMNS), row, strict=True))
            values["credits"] = []
            found[row.line_key] = values
            by_id[row.id] = values
        for line_id, staff_id, share in s.execute(
            select(SalesCredit.sales_line_id, SalesCredit.staff_id, SalesCredit.share)
            .join(SalesLine, SalesLine.id == SalesCredit.sales_line_id)
            .where(SalesLine.order_no.in_(part))
        ):
            by_id[line_id]["credits"].append((staff_id, share))
    return found


def _write_ledger(
    s: Session, plan: _LedgerPlan, table: Table, digest: str, reporter: ProgressReporter
) -> int:
    reporter.step(70, t("writing", "写入"))
    batch, record = open_batch(s, "ledger", table, digest)
    pl_map = plan.product_lines.create(s, record)
    region_map = plan.regions.create(s, record)
    segment_map = plan.segments.create(s, record)
    extra = {
        placeholder: {
            "segment_id": _remap(plan.customers.segment_of.get(placeholder), segment_map),
            "region_id": _remap(plan.customers.region_of.get(placeholder), region_map),
        }
        for placeholder in plan.customers.new
    }
    customer_map = plan.customers.create(s, record, extra)

    def values(line: _Line) -> dict[str, Any]:
        first = line.first
        return {
            "line_date": first.day,
            "order_no": first.order_no,
            "line_no": first.line_no,
            "customer_id": _remap(first.customer_id, customer_map),
            "product_line_id": _remap(first.product_line_id, pl_map),
            "region_id": _remap(first.region_id, region_map),
            "segment_id": _remap(first.segment_id, segment_map),
            "amount": first.amount,
            "cost": first.cost,
            "batch_id": batch.id,
        }

    added = [line for line in plan.lines if line.action == ADDED]
    replaced = [line for line in plan.lines if line.action == REPLACED]
    total = max(len(added), 1)
    for start in range(0, len(added), WRITE_CHUNK):
        reporter.step(70 + 10 * start // total, t("writing sales lines", "写入销售明细"))
        part = added[start : start + WRITE_CHUNK]
        rows = [{**values(line), "line_key": line.key} for line in part]
        # Core executemany (no RETURNING, no ORM bookkeeping per row): the fast path; the
        # new ids come back by key in one query on the batch.
        s.execute(insert(core_table(SalesLine)), rows)
    id_of: dict[str, int] = {
        key: line_id
        for key, line_id in s.execute(
            select(SalesLine.line_key, SalesLine.id).where(SalesLine.batch_id == batch.id)
        )
    }
    for start in range(0, len(added), WRITE_CHUNK):
        reporter.step(80 + 15 * start // total, t("writing sales credits", "写入业绩分成"))
        part = added[start : start + WRITE_CHUNK]
        credits: list[dict[str, Any]] = []
        for line in part:
            line_id = id_of[line.key]
            record.change("sales_lines", line_id, ADDED)
            credits.extend(
                {"sales_line_id": line_id, "staff_id": staff_id, "share": share}
                for staff_id, share in line.credits
            )
        s.execute(insert(core_table(SalesCredit)), credits)
    if replaced:
        ids = [line.existing_id for line in replaced if line.existing_id is not None]
        for part_ids in chunks(ids):
            s.execute(delete(SalesCredit).where(SalesCredit.sales_line_id.in_(part_ids)))
        s.execute(
            update(SalesLine),
            [{"id": line.existing_id, **values(line)} for line in replaced],
        )
        credits = []
        for line in replaced:
            assert line.existing_id is not None
            record.change("sales_lines", line.existing_id, REPLACED, line.old)
            credits.extend(
                {"sales_line_id": line.existing_id, "staff_id": staff_id, "share": share}
                for staff_id, share in line.credits
            )
            for change in line.changes:
                record.audit(
                    action="update",
                    entity="sales_line",
                    entity_id=line.existing_id,
                    field=change.field,
                    old=f"{line.key}: {change.old}",
                    new=change.new,
                )
        s.execute(insert(core_table(SalesCredit)), credits)
    reporter.step(96, t("recording the batch", "记录导入批次"))
    added_count, replaced_count = len(added), len(replaced)
    close_batch(
        s,
        batch,
        record,
        ImportReport(
            "ledger",
            table.file_name,
            table.sheet,
            False,
            added_count,
            replaced_count,
            len(plan.lines) - added_count - replaced_count,
            new_items=tuple(plan.new_items),
        ),
    )
    return batch.id


# --------------------------------------------------------------------------- receipts


@dataclass(slots=True)
class _ReceiptRow:
    row: int
    day: date
    staff_id: int
    customer_id: int
    amount: Decimal
    amount_due: Decimal | None
    key: str = ""
    action: str = ADDED


@dataclass
class _ReceiptPlan:
    receipts: list[_ReceiptRow]
    customers: Customers
    staff_codes: dict[int, str]

    def report(self, table: Table, *, dry_run: bool, batch_id: int | None = None) -> ImportReport:
        rows = tuple(
            PlannedRow(
                r.row,
                self.staff_codes.get(r.staff_id, ""),
                f"{self.customers.name_of.get(r.customer_id, '')} {r.day.isoformat()} {r.amount:f}",
                r.action,
            )
            for r in self.receipts
        )
        return ImportReport.from_rows(
            "receipts",
            table.file_name,
            table.sheet,
            dry_run=dry_run,
            rows=rows,
            batch_id=batch_id,
            new_items=tuple(self.customers.new_items()),
        )


def import_receipts(
    database: Database, file: Path, dry_run: bool, sheet: str | None, reporter: ProgressReporter
) -> ImportReport:
    """The receipts import (see the module docstring)."""
    reporter.step(0, t("reading {f}", "读取 {f}", f=file.name))
    table = read_table(file, RECEIPTS, sheet=sheet)
    if dry_run:
        with database.reading() as s:
            plan = _plan_receipts(s, table, reporter)
            reporter.step(100, t("done", "完成"))
            return plan.report(table, dry_run=True)
    digest = sha256_of(file)
    with database.transaction() as s:
        plan = _plan_receipts(s, table, reporter)
        report = plan.report(table, dry_run=False)
        if not report.changed:
            reporter.step(100, t("done", "完成"))
            return report
        reporter.step(70, t("writing", "写入"))
        batch, record = open_batch(s, "receipts", table, digest)
        customer_map = plan.customers.create(s, record)
        added = [r for r in plan.receipts if r.action == ADDED]
        for part in chunks(added, WRITE_CHUNK):
            rows = [
                {
                    "receipt_date": r.day,
                    "staff_id": r.staff_id,
                    "customer_id": _remap(r.customer_id, customer_map),
                    "amount": r.amount,
                    "amount_due": r.amount_due,
                    "receipt_key": r.key,
                    "batch_id": batch.id,
                }
                for r in part
            ]
            s.execute(insert(core_table(Receipt)), rows)
        for receipt_id in s.scalars(select(Receipt.id).where(Receipt.batch_id == batch.id)):
            record.change("receipts", receipt_id, ADDED)
        close_batch(s, batch, record, plan.report(table, dry_run=False))
        reporter.step(100, t("done", "完成"))
        return plan.report(table, dry_run=False, batch_id=batch.id)


def _plan_receipts(s: Session, table: Table, reporter: ProgressReporter) -> _ReceiptPlan:
    problems: list[Problem] = []
    staff = StaffLookup(s)
    customers = Customers(s)
    has_due = table.has("amount_due")
    parsed: list[_ReceiptRow] = []
    total = len(table.rows)
    message = t("checking rows", "检查数据行")
    for index, row in enumerate(table.rows):
        reporter.rows(index, total, 30, 60, message)
        cells = table.cells(row, problems)
        day = cells.date("date", required=True)
        staff_id = staff.resolve(cells, "staff")
        customer_text = _text_or_report(cells, "customer", MAX_CUSTOMER, required=True)
        amount = cells.decimal("amount", required=True)
        due = cells.decimal("amount_due", minimum=0) if has_due else None
        if cells.failed:
            continue
        assert day is not None and staff_id is not None and customer_text is not None
        assert amount is not None
        parsed.append(
            _ReceiptRow(
                row.number,
                day,
                staff_id,
                customers.resolve(customer_text),
                money(amount),
                money(due) if due is not None else None,
            )
        )
    if problems:
        raise fail("receipts", table, problems)
    reporter.step(60, t("comparing with the database", "与数据库比对"))
    seen: dict[str, int] = {}
    for item in parsed:
        content = _digest(
            (
                item.day.isoformat(),
                staff.code_of[item.staff_id],
                customers.name_of[item.customer_id],
                item.amount,
                item.amount_due,
            )
        )
        seen[content] = seen.get(content, 0) + 1
        item.key = f"r:{content}" + ("" if seen[content] == 1 else f"-{seen[content]}")
    keys = [item.key for item in parsed]
    existing: set[str] = set()
    for part in chunks(keys):
        existing.update(s.scalars(select(Receipt.receipt_key).where(Receipt.receipt_key.in_(part))))
    for item in parsed:
        if item.key in existing:
            item.action = SKIPPED
    return _ReceiptPlan(parsed, customers, staff.code_of)
