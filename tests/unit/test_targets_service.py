"""The targets service: the grid, month/quarter/year edits, refusals, stale versions,
decomposition, reconciliation, levels, seasonality profiles and pro-rating."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from salesdesk.db.models import AuditEntry, Customer, SalesCredit, SalesLine, Target
from salesdesk.domain.errors import StaleEditError, ValidationError
from salesdesk.domain.org import Role
from salesdesk.services.registry import Services
from salesdesk.services.staff import NewStaff, StaffRow
from salesdesk.services.targets import (
    YEAR_SLOT,
    AllocationMethod,
    DecomposeRequest,
    Subject,
    TargetEdit,
)

D = Decimal


def staff(people: dict[str, StaffRow], code: str) -> Subject:
    return Subject.staff(people[code].id)


def unit_id(services: Services, path: str) -> int:
    return next(u.id for u in services.staff.list_units() if u.path == path)


def months_of(services: Services, subject: Subject, metric: str = "revenue") -> list[Any]:
    grid = services.targets.grid(2026, metric, level="people", include_left=True)
    row = grid.rows[grid.position(subject) or 0]
    assert row.subject == subject
    return list(row.values)


def test_grid_groups_people_under_units(services: Services, small_org: dict[str, StaffRow]) -> None:
    grid = services.targets.grid(2026, "revenue")
    assert [(r.kind.value, r.code) for r in grid.rows] == [
        ("unit", "销售部"),
        ("unit", "销售部/华东区"),
        ("staff", "S001"),
        ("unit", "销售部/华东区/一组"),
        ("staff", "S002"),
        ("staff", "S003"),
        ("unit", "销售部/华南区"),
        ("staff", "S004"),
    ]
    assert all(v is None for v in grid.rows[2].values)
    units = services.targets.grid(2026, "revenue", level="units")
    assert [r.code for r in units.rows] == [
        "销售部",
        "销售部/华东区",
        "销售部/华东区/一组",
        "销售部/华南区",
    ]


def test_month_edits_add_up_to_quarter_and_year(
    services: Services, small_org: dict[str, StaffRow]
) -> None:
    s2 = staff(small_org, "S002")
    changes = services.targets.set_values(
        "revenue",
        [TargetEdit(s2, "2026-01", D("100.50")), TargetEdit(s2, "2026-02", D("200"))],
    )
    assert [(c.period, c.old, c.new) for c in changes] == [
        ("2026-01", None, D("100.50")),
        ("2026-02", None, D("200")),
    ]
    values = months_of(services, s2)
    assert values[12] == D("300.50") and values[YEAR_SLOT] == D("300.50")
    assert values[13] is None
    grid = services.targets.grid(2026, "revenue")
    team = grid.rows[grid.position(Subject.unit(unit_id(services, "销售部/华东区/一组"))) or 0]
    assert team.values[0] == D("100.50") and team.gap[0] is None
    audit = services.database
    with audit.reading() as s:
        entries = s.scalars(select(AuditEntry).where(AuditEntry.entity == "target")).all()
    assert {(e.old_value, e.new_value) for e in entries} == {(None, "100.50"), (None, "200")}


def test_year_edit_resplits_in_proportion_to_the_cent(
    services: Services, small_org: dict[str, StaffRow]
) -> None:
    s2 = staff(small_org, "S002")
    services.targets.set_values(
        "revenue", [TargetEdit(s2, f"2026-{m:02d}", D(1)) for m in (1, 2, 3)]
    )
    services.targets.set_values("revenue", [TargetEdit(s2, "2026", D("100.00"))])
    values = months_of(services, s2)
    assert values[:3] == [D("33.34"), D("33.33"), D("33.33")]
    assert values[3:12] == [D("0.00")] * 9 or values[3:12] == [None] * 9
    assert values[YEAR_SLOT] == D("100.00")


def test_all_zero_months_resplit_by_profile(
    services: Services, small_org: dict[str, StaffRow]
) -> None:
    s3 = staff(small_org, "S003")
    profile = services.targets.create_profile("Q1 heavy", [2, 1, 1] + [0] * 9)
    services.targets.assign_profile(s3, profile.id)
    services.targets.set_values("revenue", [TargetEdit(s3, "2026-Q1", D("1000"))])
    assert months_of(services, s3)[:3] == [D("500.00"), D("250.00"), D("250.00")]
    # The quarter total changed again: in proportion to the months now there.
    services.targets.set_values("revenue", [TargetEdit(s3, "2026-Q1", D("2000"))])
    assert months_of(services, s3)[:3] == [D("1000.00"), D("500.00"), D("500.00")]


def test_refusals_list_every_cell_and_write_nothing(
    services: Services, small_org: dict[str, StaffRow]
) -> None:
    s2, s3 = staff(small_org, "S002"), staff(small_org, "S003")
    with pytest.raises(ValidationError) as caught:
        services.targets.set_values(
            "revenue",
            [
                TargetEdit(s2, "2026-01", D("10")),
                TargetEdit(s2, "2026-02", D("-1")),
                TargetEdit(s3, "2026-03", D("1.005")),
            ],
        )
    text = str(caught.value)
    assert "S002 2026-02" in text and "S003 2026-03" in text and "2 value(s) refused" in text
    with pytest.raises(ValidationError, match="whole number"):
        services.targets.set_values("orders", [TargetEdit(s2, "2026-01", D("1.5"))])
    with services.database.reading() as s:
        assert s.scalars(select(Target)).all() == []


def test_stale_version_is_refused(services: Services, small_org: dict[str, StaffRow]) -> None:
    s2 = staff(small_org, "S002")
    first = services.targets.set_values("revenue", [TargetEdit(s2, "2026-01", D("10"))])[0]
    services.targets.set_values(
        "revenue", [TargetEdit(s2, "2026-01", D("20"), versions={"2026-01": first.version})]
    )
    with pytest.raises(StaleEditError, match="changed elsewhere"):
        services.targets.set_values(
            "revenue", [TargetEdit(s2, "2026-01", D("30"), versions={"2026-01": first.version})]
        )
    assert months_of(services, s2)[0] == D("20.00")


def test_undo_by_setting_old_values_back_deletes(
    services: Services, small_org: dict[str, StaffRow]
) -> None:
    s2 = staff(small_org, "S002")
    changes = services.targets.set_values("revenue", [TargetEdit(s2, "2026-Q1", D("90"))])
    assert len(changes) == 3
    services.targets.set_values(
        "revenue", [TargetEdit(c.subject, c.period, c.old) for c in changes]
    )
    assert months_of(services, s2)[:3] == [None, None, None]


def test_levels_inherit_from_year_and_quarter(
    services: Services, small_org: dict[str, StaffRow]
) -> None:
    s2 = staff(small_org, "S002")
    services.targets.set_values(
        "collection_rate",
        [TargetEdit(s2, "2026", D("0.95")), TargetEdit(s2, "2026-Q2", D("0.9"))],
    )
    services.targets.set_values("collection_rate", [TargetEdit(s2, "2026-01", D("0.97"))])
    grid = services.targets.grid(2026, "collection_rate")
    row = grid.rows[grid.position(s2) or 0]
    assert row.values[0] == D("0.97") and not row.inherited[0]
    assert row.values[1] == D("0.95") and row.inherited[1]
    assert row.values[3] == D("0.9") and row.inherited[3]
    assert row.values[YEAR_SLOT] == D("0.95") and not row.inherited[YEAR_SLOT]


def test_decompose_even_and_by_hand(services: Services, small_org: dict[str, StaffRow]) -> None:
    group = unit_id(services, "销售部/华东区/一组")
    services.targets.set_values("revenue", [TargetEdit(Subject.unit(group), "2026", D("1000.01"))])
    request = DecomposeRequest(2026, "revenue", group)
    preview = services.targets.decompose_preview(request)
    assert preview.total == D("1000.01")
    # The odd cent goes to the lower staff code.
    assert [(line.code, line.after_total) for line in preview.lines] == [
        ("S002", D("500.01")),
        ("S003", D("500.00")),
    ]
    assert sum(v for v in preview.lines[0].after if v is not None) == D("500.01")
    assert months_of(services, staff(small_org, "S002"))[0] is None  # nothing written yet
    changes = services.targets.decompose_apply(request)
    assert len(changes) == 24
    assert months_of(services, staff(small_org, "S002"))[YEAR_SLOT] == D("500.01")
    recon = {r.path: r for r in services.targets.reconciliation(2026, "revenue")}
    assert recon["销售部/华东区/一组"].gap[YEAR_SLOT] == 0
    hand = DecomposeRequest(
        2026,
        "revenue",
        group,
        AllocationMethod.HAND,
        by_hand={small_org["S002"].id: D("600"), small_org["S003"].id: D("400")},
    )
    with pytest.raises(ValidationError, match="still to allocate"):
        services.targets.decompose_preview(hand)
    ok = DecomposeRequest(
        2026,
        "revenue",
        group,
        AllocationMethod.HAND,
        by_hand={small_org["S002"].id: D("600.01"), small_org["S003"].id: D("400")},
    )
    assert [line.after_total for line in services.targets.decompose_preview(ok).lines] == [
        D("600.01"),
        D("400"),
    ]


def _sell(services: Services, person: StaffRow, day: date, amount: str, n: int) -> None:
    with services.database.transaction() as s:
        customer = s.scalars(select(Customer).where(Customer.name == "客户")).first()
        if customer is None:
            customer = Customer(name="客户")
            s.add(customer)
            s.flush()
        line = SalesLine(
            line_date=day,
            order_no=f"O{n}",
            line_key=f"O{n}|1",
            customer_id=customer.id,
            amount=D(amount),
        )
        s.add(line)
        s.flush()
        s.add(SalesCredit(sales_line_id=line.id, staff_id=person.id, share=D(100)))


def test_decompose_by_past_share(services: Services, small_org: dict[str, StaffRow]) -> None:
    _sell(services, small_org["S002"], date(2025, 3, 1), "300", 1)
    _sell(services, small_org["S003"], date(2025, 4, 1), "100", 2)
    group = unit_id(services, "销售部/华东区/一组")
    services.targets.set_values("revenue", [TargetEdit(Subject.unit(group), "2026", D("1000"))])
    preview = services.targets.decompose_preview(
        DecomposeRequest(2026, "revenue", group, AllocationMethod.SHARE, share_period="2025")
    )
    assert [line.after_total for line in preview.lines] == [D("750.00"), D("250.00")]
    assert not preview.fell_back_to_even
    nothing = services.targets.decompose_preview(
        DecomposeRequest(2026, "revenue", group, AllocationMethod.SHARE, share_period="2024")
    )
    assert nothing.fell_back_to_even


def test_reconciliation_shows_gaps(services: Services, small_org: dict[str, StaffRow]) -> None:
    east = unit_id(services, "销售部/华东区")
    group = unit_id(services, "销售部/华东区/一组")
    services.targets.set_values(
        "revenue",
        [
            TargetEdit(Subject.unit(east), "2026-01", D("500")),
            TargetEdit(Subject.unit(group), "2026-01", D("300")),
            TargetEdit(staff(small_org, "S001"), "2026-01", D("100")),
            TargetEdit(staff(small_org, "S002"), "2026-01", D("250")),
        ],
    )
    rows = {r.path: r for r in services.targets.reconciliation(2026, "revenue")}
    assert rows["销售部/华东区"].bottom_up[0] == D("400.00")  # S001 + 一组's assigned
    assert rows["销售部/华东区"].gap[0] == D("100.00")
    assert rows["销售部/华东区/一组"].gap[0] == D("50.00")
    assert rows["销售部/华东区/一组"].gap[YEAR_SLOT] == D("50.00")
    assert rows["销售部"].gap[0] is None and not rows["销售部"].has_gap
    # The grid recomputes its subtotals after an edit without reading them back.
    grid = services.targets.grid(2026, "revenue")
    changes = services.targets.set_values(
        "revenue", [TargetEdit(staff(small_org, "S003"), "2026-01", D("50"))]
    )
    patched, touched = grid.with_changes(changes)
    fresh = services.targets.grid(2026, "revenue")
    assert patched.rows == fresh.rows and touched


def test_profiles_crud_and_history(services: Services, small_org: dict[str, StaffRow]) -> None:
    profile = services.targets.create_profile("Flat", [1] * 12)
    assert services.targets.list_profiles()[0].name == "Flat"
    with pytest.raises(ValidationError):
        services.targets.create_profile("Flat", [1] * 12)
    with pytest.raises(ValidationError):
        services.targets.create_profile("Bad", [1] * 11)
    updated = services.targets.update_profile(profile.id, profile.version, weights=[2] + [1] * 11)
    assert updated.weights[0] == 2 and updated.version == profile.version + 1
    with pytest.raises(StaleEditError):
        services.targets.update_profile(profile.id, profile.version, name="Other")
    group = Subject.unit(unit_id(services, "销售部/华东区/一组"))
    assert services.targets.assign_profile(group, profile.id) is None
    resolved = services.targets.profile_for(staff(small_org, "S002"))
    assert resolved.profile is not None and resolved.profile.id == profile.id and not resolved.own
    with pytest.raises(ValidationError, match="used by"):
        services.targets.delete_profile(profile.id, updated.version)
    services.targets.assign_profile(group, None)
    services.targets.delete_profile(profile.id, updated.version)
    assert services.targets.list_profiles() == []

    _sell(services, small_org["S002"], date(2024, 1, 10), "100", 1)
    _sell(services, small_org["S002"], date(2025, 1, 10), "300", 2)
    _sell(services, small_org["S003"], date(2025, 2, 10), "200", 3)
    derived = services.targets.derive_profile("History", [2024, 2025])
    # January averages 200, February 200 (one year with a value), the rest have none.
    assert derived.weights[0] == derived.weights[1] == D(1)
    assert derived.derived_from == "2024, 2025"


def test_prorating_counts_months_with_15_days(services: Services) -> None:
    unit = services.staff.create_unit(None, "销售部")
    joiner = services.staff.create_staff(
        NewStaff("S010", "新人", Role.REP, unit.id, date(2026, 2, 14))
    )
    late = services.staff.create_staff(
        NewStaff("S011", "晚到", Role.REP, unit.id, date(2026, 2, 15))
    )
    for person in (joiner, late):
        services.targets.set_values(
            "revenue", [TargetEdit(Subject.staff(person.id), "2026-Q1", D("300"))]
        )
    # Feb 14–28 is 15 days employed: February counts in full; January does not.
    joined = services.targets.effective_target(joiner.id, "revenue", "2026-Q1")
    assert joined.value == D("200.00") and joined.full == D("300.00") and joined.prorated
    assert joined.months_counted == ("2026-02", "2026-03")
    # Feb 15–28 is 14 days: only March counts.
    later = services.targets.effective_target(late.id, "revenue", "2026-Q1")
    assert later.value == D("100.00") and later.months_counted == ("2026-03",)
    off = services.targets.effective_target(joiner.id, "revenue", "2026-Q1", prorate=False)
    assert off.value == D("300.00") and not off.prorated
