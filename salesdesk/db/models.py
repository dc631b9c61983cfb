"""SQLAlchemy 2.0 typed models for the whole appraisal domain (appraisal-rules §1–7).

Conventions:
- money in integer cents (`Money()`), metric values and targets in millionths (`Value()`),
  scores, weights and points in hundredths (`Points()`): exact on every dialect;
- rows that users edit carry `version` (SQLAlchemy `version_id_col`), so a write based
  on a stale row fails instead of overwriting another window's edit;
- enumerations are short strings guarded by CHECK constraints;
- uniqueness over nullable dimensions uses a computed, non-null `scope_key` column,
  because NULLs never collide in a UNIQUE index on SQLite or PostgreSQL.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship

from salesdesk.db.types import Money, Points, Value

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ROLES = ("rep", "supervisor", "support", "director")
CYCLE_TYPES = ("monthly", "quarterly", "annual")
CYCLE_STATES = ("draft", "open", "calibration", "confirmed", "closed")
RATER_ROLES = ("self", "supervisor", "peer", "skip_level")
GRADES = ("S", "A", "B", "C", "D")


def _one_of(column: str, values: tuple[str, ...], name: str) -> CheckConstraint:
    listed = ", ".join(f"'{v}'" for v in values)
    return CheckConstraint(f"{column} IN ({listed})", name=name)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: dict[Any, Any] = {dict[str, Any]: JSON, list[Any]: JSON}


class Versioned:
    """Optimistic concurrency: every UPDATE checks and bumps `version`."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.version}


# --------------------------------------------------------------------------- settings


class Setting(Base):
    """Company-wide settings (company name, language override, defaults)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, nullable=False, default="")


# --------------------------------------------------------------------------- organisation


class OrgUnit(Versioned, Base):
    """A node of the org tree: company → sales department → regions/teams (any depth)."""

    __tablename__ = "org_units"
    __table_args__ = (UniqueConstraint("parent_id", "name", name="uq_org_units_parent_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("org_units.id"), index=True)
    name: Mapped[str] = mapped_column(String(64), nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"))
    seasonality_profile_id: Mapped[int | None] = mapped_column(
        ForeignKey("seasonality_profiles.id")
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=datetime.now)

    parent: Mapped[OrgUnit | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[OrgUnit]] = relationship(back_populates="parent")


class Staff(Versioned, Base):
    """A staff member (appraisal-rules §1). Never deleted once referenced; marked as left."""

    __tablename__ = "staff"
    __table_args__ = (
        _one_of("role", ROLES, "role"),
        CheckConstraint("pay_base >= 0", name="pay_base_not_negative"),
        CheckConstraint("leave_date IS NULL OR leave_date >= hire_date", name="leave_after_hire"),
        CheckConstraint("manager_id IS NULL OR manager_id <> id", name="not_own_manager"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), nullable=False, unique=True)
    name: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    role: Mapped[str] = mapped_column(String(16), nullable=False)
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"), nullable=False, index=True)
    manager_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    hire_date: Mapped[date] = mapped_column(Date, nullable=False)
    leave_date: Mapped[date | None] = mapped_column(Date)
    pay_base: Mapped[Decimal] = mapped_column(Money(), nullable=False, default=Decimal("0"))
    seasonality_profile_id: Mapped[int | None] = mapped_column(
        ForeignKey("seasonality_profiles.id")
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=datetime.now)

    unit: Mapped[OrgUnit] = relationship(foreign_keys=[unit_id])
    manager: Mapped[Staff | None] = relationship(remote_side=[id], foreign_keys=[manager_id])


class UnitMembership(Base):
    """A person's membership of an org unit over dates: moves keep earlier months counted
    in the old unit (appraisal-rules §1). `valid_to` is exclusive; NULL means current."""

    __tablename__ = "unit_memberships"
    __table_args__ = (
        CheckConstraint("valid_to IS NULL OR valid_to > valid_from", name="valid_range"),
        Index("ix_unit_memberships_staff_from", "staff_id", "valid_from"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), nullable=False)
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"), nullable=False, index=True)
    valid_from: Mapped[date] = mapped_column(Date, nullable=False)
    valid_to: Mapped[date | None] = mapped_column(Date)


# --------------------------------------------------------------------------- dimensions


class Region(Versioned, Base):
    """区域."""

    __tablename__ = "regions"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), nullable=False, unique=True)
    name: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)


class ProductLine(Versioned, Base):
    """产品线."""

    __tablename__ = "product_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), nullable=False, unique=True)
    name: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)


class CustomerSegment(Versioned, Base):
    """客户群, e.g. 重点客户 KA / 普通客户."""

    __tablename__ = "customer_segments"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), nullable=False, unique=True)
    name: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)


class Customer(Versioned, Base):
    """A customer with its segment and region."""

    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str | None] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(128), nullable=False, unique=True)
    segment_id: Mapped[int | None] = mapped_column(ForeignKey("customer_segments.id"))
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))


# --------------------------------------------------------------------------- metrics


class Metric(Versioned, Base):
    """A metric (appraisal-rules §3): built-in or a user's own manual metric."""

    __tablename__ = "metrics"
    __table_args__ = (
        _one_of("unit", ("money", "count", "percent", "points"), "unit"),
        _one_of("direction", ("up", "down"), "direction"),
        _one_of("aggregation", ("sum", "last", "mean", "ratio"), "aggregation"),
        _one_of("source", ("ledger", "receipts", "derived", "manual"), "source"),
        CheckConstraint(
            "aggregation <> 'ratio' OR (numerator IS NOT NULL AND denominator IS NOT NULL)",
            name="ratio_has_parts",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), nullable=False, unique=True)
    name_zh: Mapped[str] = mapped_column(String(64), nullable=False)
    name_en: Mapped[str] = mapped_column(String(64), nullable=False)
    unit: Mapped[str] = mapped_column(String(16), nullable=False)
    direction: Mapped[str] = mapped_column(String(8), nullable=False, default="up")
    aggregation: Mapped[str] = mapped_column(String(8), nullable=False, default="sum")
    numerator: Mapped[str | None] = mapped_column(String(40))
    denominator: Mapped[str | None] = mapped_column(String(40))
    source: Mapped[str] = mapped_column(String(16), nullable=False, default="manual")
    builtin: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class SeasonalityProfile(Versioned, Base):
    """Twelve month weights (decimal strings) used to split year or quarter targets."""

    __tablename__ = "seasonality_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    weights: Mapped[list[Any]] = mapped_column(JSON, nullable=False)
    derived_from: Mapped[str | None] = mapped_column(String(64))


class ImportBatch(Base):
    """One import of one file: its counts, and whether it was undone."""

    __tablename__ = "import_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    file_name: Mapped[str] = mapped_column(String(260), nullable=False)
    file_sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    sheet: Mapped[str | None] = mapped_column(String(64))
    imported_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=datetime.now)
    user: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    rows_added: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    rows_replaced: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    rows_skipped: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    undone_at: Mapped[datetime | None] = mapped_column(DateTime)


class ImportChange(Base):
    """What one import row did, so the whole batch can be undone: the row it added, or the
    values it replaced (`old`, JSON)."""

    __tablename__ = "import_changes"
    __table_args__ = (Index("ix_import_changes_batch", "batch_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(
        ForeignKey("import_batches.id", ondelete="CASCADE"), nullable=False
    )
    table_name: Mapped[str] = mapped_column(String(40), nullable=False)
    row_id: Mapped[int] = mapped_column(Integer, nullable=False)
    action: Mapped[str] = mapped_column(String(8), nullable=False)  # added | replaced
    old: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class _SubjectScoped:
    """A value for (metric, subject, period), the subject a person or an org unit, optionally
    narrowed to one product line, region or customer segment."""

    metric_id: Mapped[int] = mapped_column(ForeignKey("metrics.id"), nullable=False)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_units.id"))
    period: Mapped[str] = mapped_column(String(8), nullable=False)
    product_line_id: Mapped[int | None] = mapped_column(ForeignKey("product_lines.id"))
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"))
    segment_id: Mapped[int | None] = mapped_column(ForeignKey("customer_segments.id"))
    # "m<metric>|s<staff>|u<unit>|<period>|p<pl>|r<region>|g<segment>": unique even with NULLs.
    scope_key: Mapped[str] = mapped_column(String(96), nullable=False, unique=True)


def scope_key(
    metric_id: int,
    staff_id: int | None,
    unit_id: int | None,
    period: str,
    product_line_id: int | None = None,
    region_id: int | None = None,
    segment_id: int | None = None,
) -> str:
    """The unique key of a target or a manual metric value."""

    def part(tag: str, value: int | None) -> str:
        return f"{tag}{value if value is not None else ''}"

    return "|".join(
        [
            part("m", metric_id),
            part("s", staff_id),
            part("u", unit_id),
            period,
            part("p", product_line_id),
            part("r", region_id),
            part("g", segment_id),
        ]
    )


class Target(Versioned, _SubjectScoped, Base):
    """A target value or level (appraisal-rules §4). Never negative."""

    __tablename__ = "targets"
    __table_args__ = (
        CheckConstraint("value >= 0", name="not_negative"),
        CheckConstraint("(staff_id IS NULL) <> (unit_id IS NULL)", name="one_subject"),
        Index("ix_targets_metric_period", "metric_id", "period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[Decimal] = mapped_column(Value(), nullable=False)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"))


class MetricValue(Versioned, _SubjectScoped, Base):
    """A manual metric value for one month (visits, satisfaction, on-time rates, ...)."""

    __tablename__ = "metric_values"
    __table_args__ = (
        CheckConstraint("(staff_id IS NULL) <> (unit_id IS NULL)", name="one_subject"),
        Index("ix_metric_values_metric_period", "metric_id", "period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[Decimal] = mapped_column(Value(), nullable=False)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"))


class SalesLine(Base):
    """A sales line from the ERP ledger; negative amounts are returns."""

    __tablename__ = "sales_lines"
    __table_args__ = (
        # A period's lines are read from the index alone (what scoring and the actuals read
        # of a line; migration 0004), and the new-customer rule's "last line before" is one
        # seek per customer.
        Index(
            "ix_sales_lines_date_figures",
            "line_date",
            "id",
            "customer_id",
            "amount",
            "cost",
            "order_no",
        ),
        Index("ix_sales_lines_customer_date", "customer_id", "line_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    line_date: Mapped[date] = mapped_column(Date, nullable=False)
    order_no: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    line_no: Mapped[str | None] = mapped_column(String(32))
    # (order number, line number) or (order number, hash of the row's content): importing
    # the same ledger twice finds every line already there.
    line_key: Mapped[str] = mapped_column(String(128), nullable=False, unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), nullable=False)
    product_line_id: Mapped[int | None] = mapped_column(ForeignKey("product_lines.id"))
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"))
    segment_id: Mapped[int | None] = mapped_column(ForeignKey("customer_segments.id"))
    amount: Mapped[Decimal] = mapped_column(Money(), nullable=False)
    cost: Mapped[Decimal | None] = mapped_column(Money())
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"), index=True)

    credits: Mapped[list[SalesCredit]] = relationship(
        back_populates="line", cascade="all, delete-orphan"
    )


class SalesCredit(Base):
    """Split credit: the share (percent, the shares of a line add up to 100) a person gets."""

    __tablename__ = "sales_credits"
    __table_args__ = (
        UniqueConstraint("sales_line_id", "staff_id", name="uq_sales_credits_line_staff"),
        CheckConstraint("share > 0 AND share <= 10000", name="share_range"),
        Index("ix_sales_credits_staff", "staff_id"),
        # A line's credits read from the index alone (migration 0004).
        Index("ix_sales_credits_line_figures", "sales_line_id", "staff_id", "share"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sales_line_id: Mapped[int] = mapped_column(
        ForeignKey("sales_lines.id", ondelete="CASCADE"), nullable=False
    )
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), nullable=False)
    share: Mapped[Decimal] = mapped_column(Points(), nullable=False, default=Decimal("100"))

    line: Mapped[SalesLine] = relationship(back_populates="credits")


class Receipt(Base):
    """A receipt (回款) with the amount that was due, if the ERP says."""

    __tablename__ = "receipts"
    __table_args__ = (
        Index("ix_receipts_staff_date", "staff_id", "receipt_date"),
        # A period's receipts read from the index alone (migration 0004).
        Index(
            "ix_receipts_date_figures",
            "receipt_date",
            "staff_id",
            "amount",
            "amount_due",
            "customer_id",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    receipt_date: Mapped[date] = mapped_column(Date, nullable=False)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), nullable=False)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), nullable=False)
    amount: Mapped[Decimal] = mapped_column(Money(), nullable=False)
    amount_due: Mapped[Decimal | None] = mapped_column(Money())
    receipt_key: Mapped[str] = mapped_column(String(128), nullable=False, unique=True)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"), index=True)


# --------------------------------------------------------------------------- schemes


class Scheme(Versioned, Base):
    """A scheme (考核方案) for one role and one cycle type (appraisal-rules §5)."""

    __tablename__ = "schemes"
    __table_args__ = (
        _one_of("role", ROLES, "role"),
        _one_of("cycle_type", CYCLE_TYPES, "cycle_type"),
        CheckConstraint("bonus_cap >= 0", name="bonus_cap_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(96), nullable=False, unique=True)
    role: Mapped[str] = mapped_column(String(16), nullable=False)
    # The roles a scheme is for: the annual scheme covers reps, supervisors and support.
    roles: Mapped[list[Any]] = mapped_column(JSON, nullable=False, default=list)
    cycle_type: Mapped[str] = mapped_column(String(16), nullable=False)
    bonus_cap: Mapped[Decimal] = mapped_column(Points(), nullable=False, default=Decimal("10"))
    rater_weights: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    bands: Mapped[list[Any]] = mapped_column(JSON, nullable=False)
    coefficients: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    distribution: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    builtin: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=datetime.now)

    items: Mapped[list[SchemeItem]] = relationship(
        back_populates="scheme", cascade="all, delete-orphan", order_by="SchemeItem.position"
    )


class SchemeItem(Versioned, Base):
    """One item of a scheme: a metric with a rule, a rated item, key tasks or period results."""

    __tablename__ = "scheme_items"
    __table_args__ = (
        _one_of("category", ("result", "customer_process", "team", "capability"), "category"),
        _one_of("kind", ("metric", "rating", "key_tasks", "period_results"), "kind"),
        _one_of("scope", ("own", "team"), "scope"),
        CheckConstraint("weight >= 0", name="weight_not_negative"),
        UniqueConstraint("scheme_id", "name", name="uq_scheme_items_scheme_name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    scheme_id: Mapped[int] = mapped_column(
        ForeignKey("schemes.id", ondelete="CASCADE"), nullable=False, index=True
    )
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    name: Mapped[str] = mapped_column(String(96), nullable=False)
    category: Mapped[str] = mapped_column(String(24), nullable=False)
    weight: Mapped[Decimal] = mapped_column(Points(), nullable=False)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    metric_code: Mapped[str | None] = mapped_column(String(40))
    scope: Mapped[str] = mapped_column(String(8), nullable=False, default="own")
    filter: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)
    rule: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)
    levels: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)
    # For qualitative items: which rater roles rate it (empty: the scheme's rater weights).
    raters: Mapped[list[Any]] = mapped_column(JSON, nullable=False, default=list)
    source: Mapped[str | None] = mapped_column(String(16))
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")

    scheme: Mapped[Scheme] = relationship(back_populates="items")


# --------------------------------------------------------------------------- cycles


class Cycle(Versioned, Base):
    """One scheme run for one period, with snapshots taken when it opened (§6)."""

    __tablename__ = "cycles"
    __table_args__ = (
        _one_of("state", CYCLE_STATES, "state"),
        _one_of("cycle_type", CYCLE_TYPES, "cycle_type"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(128), nullable=False, unique=True)
    scheme_id: Mapped[int | None] = mapped_column(ForeignKey("schemes.id", ondelete="SET NULL"))
    period: Mapped[str] = mapped_column(String(8), nullable=False)
    cycle_type: Mapped[str] = mapped_column(String(16), nullable=False)
    state: Mapped[str] = mapped_column(String(16), nullable=False, default="draft")
    scheme_snapshot: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    prorate: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    appeal_days: Mapped[int] = mapped_column(Integer, nullable=False, default=7)
    decision_working_days: Mapped[int] = mapped_column(Integer, nullable=False, default=10)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=datetime.now)
    opened_at: Mapped[datetime | None] = mapped_column(DateTime)
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    # A fingerprint of the inputs when confirmed: a different one later means
    # "data changed since confirmation".
    inputs_fingerprint: Mapped[str | None] = mapped_column(String(64))


class CycleTarget(_SubjectScoped, Base):
    """The targets a cycle took when it opened: later target edits never change it."""

    __tablename__ = "cycle_targets"
    __table_args__ = (UniqueConstraint("cycle_id", "scope_key", name="uq_cycle_targets_cycle_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(
        ForeignKey("cycles.id", ondelete="CASCADE"), nullable=False, index=True
    )
    value: Mapped[Decimal] = mapped_column(Value(), nullable=False)
    # Per cycle, not globally, unique: the same target is in many cycles.
    scope_key: Mapped[str] = mapped_column(String(96), nullable=False)


class CycleFigures(Base):
    """The actuals and targets a cycle's last scoring read, with a digest of what they came
    from (the data stamp): scoring again in another session, or after a restart, reuses
    them while that data is unchanged. A cache: dropping a row loses nothing."""

    __tablename__ = "cycle_figures"

    cycle_id: Mapped[int] = mapped_column(
        ForeignKey("cycles.id", ondelete="CASCADE"), primary_key=True
    )
    stamp: Mapped[str] = mapped_column(String(64), nullable=False)
    figures: Mapped[str] = mapped_column(Text, nullable=False)
    computed_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=datetime.now)


class Appraisal(Versioned, Base):
    """One participant of a cycle, with the scores frozen when the cycle was confirmed."""

    __tablename__ = "appraisals"
    __table_args__ = (
        UniqueConstraint("cycle_id", "staff_id", name="uq_appraisals_cycle_staff"),
        CheckConstraint(
            "band_grade IS NULL OR band_grade IN ('S', 'A', 'B', 'C', 'D')", name="band_grade"
        ),
        CheckConstraint(
            "final_grade IS NULL OR final_grade IN ('S', 'A', 'B', 'C', 'D')", name="final_grade"
        ),
        CheckConstraint(
            "override_grade IS NULL OR override_grade IN ('S', 'A', 'B', 'C', 'D')",
            name="override_grade",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(
        ForeignKey("cycles.id", ondelete="CASCADE"), nullable=False, index=True
    )
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), nullable=False, index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"), nullable=False)
    partial_period: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    added_by_hand: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    override_grade: Mapped[str | None] = mapped_column(String(1))
    override_reason: Mapped[str | None] = mapped_column(Text)
    # Frozen at confirmation: the whole scorecard as score --json gives it.
    scorecard: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    total: Mapped[Decimal | None] = mapped_column(Points())
    band_grade: Mapped[str | None] = mapped_column(String(1))
    distributed_grade: Mapped[str | None] = mapped_column(String(1))
    final_grade: Mapped[str | None] = mapped_column(String(1))
    coefficient: Mapped[Decimal | None] = mapped_column(Points())
    performance_pay: Mapped[Decimal | None] = mapped_column(Money())
    rank: Mapped[int | None] = mapped_column(Integer)
    # Frozen at confirmation too: the terms the pay was worked out with (the staff record
    # may change later; the pay sheet of a confirmed cycle keeps showing these).
    frozen_pay_base: Mapped[Decimal | None] = mapped_column(Money())
    frozen_hire_date: Mapped[date | None] = mapped_column(Date)
    frozen_leave_date: Mapped[date | None] = mapped_column(Date)


class Rating(Versioned, Base):
    """A qualitative rating 1–5 by one rater in one role (appraisal-rules §5.2)."""

    __tablename__ = "ratings"
    __table_args__ = (
        CheckConstraint("rating BETWEEN 1 AND 5", name="rating_range"),
        _one_of("rater_role", RATER_ROLES, "rater_role"),
        UniqueConstraint(
            "appraisal_id",
            "item_name",
            "rater_id",
            "rater_role",
            name="uq_ratings_appraisal_item_rater",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    appraisal_id: Mapped[int] = mapped_column(
        ForeignKey("appraisals.id", ondelete="CASCADE"), nullable=False, index=True
    )
    item_name: Mapped[str] = mapped_column(String(96), nullable=False)
    rater_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), nullable=False)
    rater_role: Mapped[str] = mapped_column(String(16), nullable=False)
    rating: Mapped[int] = mapped_column(Integer, nullable=False)
    comment: Mapped[str] = mapped_column(Text, nullable=False, default="")
    rated_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=datetime.now)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"))


class KeyTask(Versioned, Base):
    """A key task (重点工作) of one person in one cycle, with its completion 0–100 %."""

    __tablename__ = "key_tasks"
    __table_args__ = (
        CheckConstraint("weight > 0", name="weight_positive"),
        # Stored in hundredths (Points): 0–100 % is 0–10000.
        CheckConstraint(
            "completion IS NULL OR (completion >= 0 AND completion <= 10000)",
            name="completion_range_hundredths",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    appraisal_id: Mapped[int] = mapped_column(
        ForeignKey("appraisals.id", ondelete="CASCADE"), nullable=False, index=True
    )
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    description: Mapped[str] = mapped_column(Text, nullable=False)
    weight: Mapped[Decimal] = mapped_column(Points(), nullable=False)
    completion: Mapped[Decimal | None] = mapped_column(Points())
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"))


class Adjustment(Versioned, Base):
    """A bonus, a deduction or a veto, always with a reason (appraisal-rules §5.3)."""

    __tablename__ = "adjustments"
    __table_args__ = (
        _one_of("kind", ("bonus", "deduction", "veto"), "kind"),
        CheckConstraint("points >= 0", name="points_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    appraisal_id: Mapped[int] = mapped_column(
        ForeignKey("appraisals.id", ondelete="CASCADE"), nullable=False, index=True
    )
    kind: Mapped[str] = mapped_column(String(12), nullable=False)
    points: Mapped[Decimal] = mapped_column(Points(), nullable=False, default=Decimal("0"))
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=datetime.now)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"))


class Interview(Versioned, Base):
    """The interview and sign-off (绩效面谈 / 结果确认) of one appraisal."""

    __tablename__ = "interviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    appraisal_id: Mapped[int] = mapped_column(
        ForeignKey("appraisals.id", ondelete="CASCADE"), nullable=False, unique=True
    )
    interview_date: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")
    improvement_goals: Mapped[str] = mapped_column(Text, nullable=False, default="")
    confirmed_on: Mapped[date | None] = mapped_column(Date)
    refused: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    refusal_reason: Mapped[str] = mapped_column(Text, nullable=False, default="")


class Appeal(Versioned, Base):
    """An appeal (申诉) against a confirmed result, with its deadlines (appraisal-rules §6)."""

    __tablename__ = "appeals"
    __table_args__ = (_one_of("outcome", ("pending", "upheld", "rejected"), "outcome"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    appraisal_id: Mapped[int] = mapped_column(
        ForeignKey("appraisals.id", ondelete="CASCADE"), nullable=False, index=True
    )
    filed_on: Mapped[date] = mapped_column(Date, nullable=False)
    grounds: Mapped[str] = mapped_column(Text, nullable=False)
    facts: Mapped[str] = mapped_column(Text, nullable=False, default="")
    resolution: Mapped[str] = mapped_column(Text, nullable=False, default="")
    outcome: Mapped[str] = mapped_column(String(12), nullable=False, default="pending")
    decided_on: Mapped[date | None] = mapped_column(Date)


class DevelopmentPlan(Versioned, Base):
    """The development trail: a PIP (30/60/90 days), training, or transfer (§7)."""

    __tablename__ = "development_plans"
    __table_args__ = (_one_of("kind", ("pip", "training", "transfer"), "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    appraisal_id: Mapped[int] = mapped_column(
        ForeignKey("appraisals.id", ondelete="CASCADE"), nullable=False, index=True
    )
    kind: Mapped[str] = mapped_column(String(12), nullable=False)
    # PIP: gaps, goals, support, check-ins (30/60/90), sign-off dates of both sides.
    details: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=datetime.now)


# --------------------------------------------------------------------------- audit


class AuditEntry(Base):
    """Every change: who (the OS user), when, what, old → new, and why."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_at", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=datetime.now)
    user: Mapped[str] = mapped_column(String(64), nullable=False)
    action: Mapped[str] = mapped_column(String(32), nullable=False)
    entity: Mapped[str] = mapped_column(String(32), nullable=False)
    entity_id: Mapped[int | None] = mapped_column(Integer)
    staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff.id", ondelete="SET NULL"), index=True
    )
    cycle_id: Mapped[int | None] = mapped_column(
        ForeignKey("cycles.id", ondelete="SET NULL"), index=True
    )
    field: Mapped[str | None] = mapped_column(String(40))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
