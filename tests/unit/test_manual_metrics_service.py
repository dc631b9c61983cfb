"""ManualMetricsService: the grid of a manual metric (rows, unit rows, quarter and year by
the metric's aggregation with missing months) and its edits (checks, all or nothing,
versions, audit)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from salesdesk.db.models import AuditEntry
from salesdesk.domain.errors import StaleEditError, ValidationError
from salesdesk.domain.metrics import Aggregation, MetricUnit
from salesdesk.services.manual_metrics import (
    ManualEdit,
    ManualMetricsService,
    Subject,
    aggregates,
    parse_manual_value,
)
from salesdesk.services.registry import Services
from salesdesk.services.staff import StaffRow

D = Decimal


@pytest.fixture
def service(services: Services) -> ManualMetricsService:
    return ManualMetricsService(services.database)


def staff(people: dict[str, StaffRow], code: str) -> Subject:
    return Subject("staff", people[code].id)


def edit(
    metric: str, subject: Subject, period: str, value: object, version: int | None = None
) -> ManualEdit:
    return ManualEdit(metric, subject, period, value, version)


def test_lists_the_manual_metrics(service: ManualMetricsService) -> None:
    metrics = {m.code: m for m in service.list_metrics()}
    assert "revenue" not in metrics and "collection_rate" not in metrics
    assert metrics["visits"].aggregation is Aggregation.SUM
    assert metrics["satisfaction"].unit is MetricUnit.POINTS
    assert metrics["overdue_receivables"].aggregation is Aggregation.LAST
    assert metrics["satisfaction"].name("zh") == "客户满意度"


def test_grid_groups_people_under_unit_rows(
    service: ManualMetricsService, small_org: dict[str, StaffRow]
) -> None:
    grid = service.grid("visits", 2026)
    assert [(r.subject.kind, r.code) for r in grid.rows] == [
        ("unit", "销售部"),
        ("unit", "销售部/华东区"),
        ("staff", "S001"),
        ("unit", "销售部/华东区/一组"),
        ("staff", "S002"),
        ("staff", "S003"),
        ("unit", "销售部/华南区"),
        ("staff", "S004"),
    ]
    assert [r.depth for r in grid.rows[:4]] == [0, 1, 2, 2]
    assert all(r.months == (None,) * 12 and r.year is None for r in grid.rows)


@pytest.mark.parametrize(
    ("aggregation", "q1", "q2", "year"),
    [
        (Aggregation.SUM, D(30), None, D(75)),
        (Aggregation.LAST, D(20), None, D(45)),
        (Aggregation.MEAN, D(15), None, D(25)),
    ],
)
def test_quarters_and_year_aggregate_missing_months(
    aggregation: Aggregation, q1: Decimal, q2: Decimal | None, year: Decimal
) -> None:
    months: list[Decimal | None] = [D(10), None, D(20)] + [None] * 3 + [None, D(45), None]
    months += [None] * 3
    quarters, total = aggregates(months, aggregation)
    assert quarters[0] == q1
    assert quarters[1] is q2 is None
    assert quarters[3] is None
    assert total == year


def test_set_values_writes_aggregates_and_audits(
    service: ManualMetricsService, services: Services, small_org: dict[str, StaffRow]
) -> None:
    s2 = staff(small_org, "S002")
    changes = service.set_values(
        [
            edit("satisfaction", s2, "2026-01", "90"),
            edit("satisfaction", s2, "2026-03", 81),
        ]
    )
    assert [(c.old, c.new, c.version) for c in changes] == [
        (None, D(90), 1),
        (None, D(81), 1),
    ]
    row = next(r for r in service.grid("satisfaction", 2026).rows if r.subject == s2)
    assert row.months[0] == D(90) and row.months[1] is None and row.months[2] == D(81)
    assert row.versions[:3] == (1, None, 1)
    assert row.quarters[0] == D("85.5")  # mean of the months with data
    assert row.year == D("85.5")
    # Change one, delete the other: versions are checked and move on.
    changes = service.set_values(
        [
            edit("satisfaction", s2, "2026-01", "92.5", 1),
            edit("satisfaction", s2, "2026-03", None, 1),
        ]
    )
    assert [(c.old, c.new, c.version) for c in changes] == [
        (D(90), D("92.5"), 2),
        (D(81), None, None),
    ]
    row = next(r for r in service.grid("satisfaction", 2026).rows if r.subject == s2)
    assert row.months[0] == D("92.5") and row.months[2] is None and row.year == D("92.5")
    with services.database.reading() as s:
        entries = s.scalars(
            select(AuditEntry).where(AuditEntry.entity == "metric_value").order_by(AuditEntry.id)
        ).all()
    assert [e.action for e in entries] == ["create", "create", "update", "delete"]
    assert entries[2].old_value == "S002 satisfaction 2026-01: 90"
    assert entries[2].new_value == "S002 satisfaction 2026-01: 92.5"
    assert entries[2].staff_id == s2.id


def test_unit_rows_hold_the_units_own_value(
    service: ManualMetricsService, services: Services, small_org: dict[str, StaffRow]
) -> None:
    south = next(u for u in services.staff.list_units() if u.name == "华南区")
    service.set_values([edit("visits", Subject("unit", south.id), "2026-04", "12")])
    rows = {r.code: r for r in service.grid("visits", 2026).rows}
    assert rows["销售部/华南区"].months[3] == D(12)
    assert rows["销售部/华南区"].quarters[1] == D(12)
    assert rows["S004"].months[3] is None


@pytest.mark.parametrize(
    ("unit", "raw", "expected"),
    [
        (MetricUnit.PERCENT, "95%", D("0.95")),
        (MetricUnit.PERCENT, "0.95", D("0.95")),
        (MetricUnit.PERCENT, D("1"), D("1")),
        (MetricUnit.PERCENT, "12.5 %", D("0.125")),
        (MetricUnit.POINTS, "87.5", D("87.5")),
        (MetricUnit.COUNT, "1,200", D(1200)),
        (MetricUnit.MONEY, "¥1,234.50", D("1234.5")),
        (MetricUnit.MONEY, "  ", None),
        (MetricUnit.COUNT, None, None),
    ],
)
def test_values_parse_by_unit(unit: MetricUnit, raw: object, expected: Decimal | None) -> None:
    assert parse_manual_value(unit, raw) == expected


@pytest.mark.parametrize(
    ("unit", "raw", "reason"),
    [
        (MetricUnit.PERCENT, "95", "more than 1"),
        (MetricUnit.PERCENT, "-1%", "negative"),
        (MetricUnit.POINTS, "101", "more than 100"),
        (MetricUnit.COUNT, "2.5", "not a whole number"),
        (MetricUnit.COUNT, "-3", "negative"),
        (MetricUnit.MONEY, "1.005", "too many decimals"),
        (MetricUnit.MONEY, "12%", "not a percent metric"),
        (MetricUnit.MONEY, "abc", "not a number"),
    ],
)
def test_values_refused_by_unit(unit: MetricUnit, raw: object, reason: str) -> None:
    with pytest.raises(ValidationError, match=reason) as caught:
        parse_manual_value(unit, raw)
    assert caught.value.problems[0].allowed


def test_refused_values_change_nothing_and_are_all_listed(
    service: ManualMetricsService, small_org: dict[str, StaffRow]
) -> None:
    s2, s3 = staff(small_org, "S002"), staff(small_org, "S003")
    with pytest.raises(ValidationError) as caught:
        service.set_values(
            [
                edit("complaint_ontime_rate", s2, "2026-01", "95%"),
                edit("complaint_ontime_rate", s2, "2026-02", "95"),
                edit("complaint_ontime_rate", s3, "2026-02", "lots"),
            ]
        )
    messages = [p.message for p in caught.value.problems]
    assert len(messages) == 2
    assert messages[0].startswith("S002 2026-02") and messages[1].startswith("S003 2026-02")
    grid = service.grid("complaint_ontime_rate", 2026)
    assert all(r.year is None for r in grid.rows)


def test_computed_metrics_are_refused(
    service: ManualMetricsService, small_org: dict[str, StaffRow]
) -> None:
    with pytest.raises(ValidationError, match="computed"):
        service.set_values([edit("revenue", staff(small_org, "S002"), "2026-01", "1")])


def test_stale_versions_are_refused(
    service: ManualMetricsService, small_org: dict[str, StaffRow]
) -> None:
    s2 = staff(small_org, "S002")
    service.set_values([edit("visits", s2, "2026-05", "3")])
    # Another window set it too: this one saw no value.
    with pytest.raises(StaleEditError, match="changed elsewhere"):
        service.set_values([edit("visits", s2, "2026-05", "4", None)])
    service.set_values([edit("visits", s2, "2026-05", "5", 1)])
    with pytest.raises(StaleEditError):
        service.set_values([edit("visits", s2, "2026-05", "6", 1)])
    row = next(r for r in service.grid("visits", 2026).rows if r.subject == s2)
    assert row.months[4] == D(5) and row.versions[4] == 2


def test_people_outside_the_year_are_hidden_unless_asked(
    service: ManualMetricsService, services: Services, small_org: dict[str, StaffRow]
) -> None:
    from datetime import date

    s4 = small_org["S004"]
    services.staff.update_staff(s4.id, s4.version, leave_date=date(2025, 6, 30))
    codes = [r.code for r in service.grid("visits", 2026).rows]
    assert "S004" not in codes
    assert "S004" in [r.code for r in service.grid("visits", 2026, include_left=True).rows]
    left = next(r for r in service.grid("visits", 2025).rows if r.code == "S004")
    assert left.left
