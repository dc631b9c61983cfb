"""The targets service: the grid, month/quarter/year edits, refusals, stale versions,
decomposition, reconciliation, levels, seasonality profiles and pro-rating."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from salesdesk.db.models import (
    AuditEntry,
    Customer,
    SalesCredit,
    SalesLine,
    Staff,
    Target,
    UnitMembership,
)
from salesdesk.domain.errors import StaleEditError, ValidationError
from salesdesk.domain.org import Role
from salesdesk.services.registry import Services
from salesdesk.services.staff import NewStaff, StaffRow
from salesdesk.services.targets import (
    YEAR_SLOT,
    AllocationMethod,
    DecomposeRequest,
    SeasonalityChoice,
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


def test_decompose_down_the_tree_to_people_and_sub_units(
    services: Services, small_org: dict[str, StaffRow]
) -> None:
    dept = unit_id(services, "销售部")
    east = unit_id(services, "销售部/华东区")
    group = unit_id(services, "销售部/华东区/一组")
    south = unit_id(services, "销售部/华南区")
    services.targets.set_values("revenue", [TargetEdit(Subject.unit(dept), "2026", D("1000.01"))])
    # 销售部 has no people of its own: its two regions are one share each; the odd cent
    # goes to the first.
    preview = services.targets.decompose_preview(DecomposeRequest(2026, "revenue", dept))
    assert [(line.subject, line.code, line.after_total) for line in preview.lines] == [
        (Subject.unit(east), "销售部/华东区", D("500.01")),
        (Subject.unit(south), "销售部/华南区", D("500.00")),
    ]
    # Even months to the cent: 500.01 / 12 = 41.67 × 9 (the earlier months first) + 41.66 × 3.
    assert preview.lines[0].after == (D("41.67"),) * 9 + (D("41.66"),) * 3
    changes = services.targets.decompose_apply(DecomposeRequest(2026, "revenue", dept))
    assert {c.subject for c in changes} == {Subject.unit(east), Subject.unit(south)}
    recon = {r.path: r for r in services.targets.reconciliation(2026, "revenue")}
    assert recon["销售部"].gap[YEAR_SLOT] == 0 and recon["销售部"].gap[0] == 0
    assert recon["销售部/华东区"].assigned[YEAR_SLOT] == D("500.01")

    # Next step down: 华东区 to its supervisor S001 and its team 一组 by past revenue, the
    # team's past actual being its members' (S002 300 + S003 100 against S001's 100).
    _sell(services, small_org["S001"], date(2025, 5, 1), "100", 1)
    _sell(services, small_org["S002"], date(2025, 3, 1), "300", 2)
    _sell(services, small_org["S003"], date(2025, 4, 1), "100", 3)
    share = DecomposeRequest(2026, "revenue", east, AllocationMethod.SHARE, share_period="2025")
    lines = services.targets.decompose_preview(share).lines
    assert [(line.code, line.weight, line.after_total) for line in lines] == [
        ("S001", D("100"), D("100.00")),
        ("销售部/华东区/一组", D("400"), D("400.01")),
    ]
    services.targets.decompose_apply(share)
    # And the team to its people: the unit's months written above are the total.
    services.targets.decompose_apply(DecomposeRequest(2026, "revenue", group))
    assert months_of(services, staff(small_org, "S002"))[YEAR_SLOT] == D("200.01")
    assert months_of(services, staff(small_org, "S003"))[YEAR_SLOT] == D("200.00")
    recon = {r.path: r for r in services.targets.reconciliation(2026, "revenue")}
    # Each part is split into months by its own profile: the years add up, the months may not.
    assert {path: r.gap[YEAR_SLOT] for path, r in recon.items()} == {
        "销售部": D(0),
        "销售部/华东区": D(0),
        "销售部/华东区/一组": D(0),
        "销售部/华南区": D("500.00"),
    }
    # Only the people: the whole of 华东区 to S001.
    alone = services.targets.decompose_preview(
        DecomposeRequest(2026, "revenue", east, to_sub_units=False)
    )
    assert [(line.code, line.after_total) for line in alone.lines] == [("S001", D("500.01"))]


def test_decompose_by_hand_to_a_sub_unit_and_seasonality_choice(
    services: Services, small_org: dict[str, StaffRow]
) -> None:
    east = unit_id(services, "销售部/华东区")
    group = Subject.unit(unit_id(services, "销售部/华东区/一组"))
    s1 = staff(small_org, "S001")
    services.targets.set_values("revenue", [TargetEdit(Subject.unit(east), "2026-Q1", D("900"))])
    heavy = services.targets.create_profile("March heavy", [1, 1, 4] + [1] * 9)
    services.targets.assign_profile(group, heavy.id)
    hand = {s1: D("300"), group: D("600")}
    own = services.targets.decompose_preview(
        DecomposeRequest(2026, "revenue", east, AllocationMethod.HAND, "2026-Q1", by_hand=hand)
    )
    # By each member's own profile: S001 even, 一组 its own (1:1:4).
    assert [line.after[:3] for line in own.lines] == [
        (D("100.00"), D("100.00"), D("100.00")),
        (D("100.00"), D("100.00"), D("400.00")),
    ]
    even = services.targets.decompose_preview(
        DecomposeRequest(
            2026,
            "revenue",
            east,
            AllocationMethod.HAND,
            "2026-Q1",
            by_hand=hand,
            seasonality=SeasonalityChoice.EVEN,
        )
    )
    assert even.lines[1].after[:3] == (D("200.00"),) * 3
    chosen = services.targets.decompose_preview(
        DecomposeRequest(
            2026,
            "revenue",
            east,
            AllocationMethod.HAND,
            "2026-Q1",
            by_hand=hand,
            seasonality=SeasonalityChoice.PROFILE,
            profile_id=heavy.id,
        )
    )
    assert chosen.lines[0].after[:3] == (D("50.00"), D("50.00"), D("200.00"))
    with pytest.raises(ValidationError, match="choose a seasonality profile"):
        services.targets.decompose_preview(
            DecomposeRequest(2026, "revenue", east, seasonality=SeasonalityChoice.PROFILE)
        )


def _move(services: Services, person: StaffRow, to_unit: int, day: date) -> None:
    """Record a move on `day` (the staff page moves people from the current month only)."""
    with services.database.transaction() as s:
        current = s.scalars(
            select(UnitMembership).where(
                UnitMembership.staff_id == person.id, UnitMembership.valid_to.is_(None)
            )
        ).one()
        current.valid_to = day
        s.add(UnitMembership(staff_id=person.id, unit_id=to_unit, valid_from=day))
        row = s.get(Staff, person.id)
        assert row is not None
        row.unit_id = to_unit


def test_mid_year_move_counts_in_the_old_team_until_it(
    services: Services, small_org: dict[str, StaffRow]
) -> None:
    south = unit_id(services, "销售部/华南区")
    group = unit_id(services, "销售部/华东区/一组")
    _move(services, small_org["S004"], group, date(2026, 7, 1))
    s4 = staff(small_org, "S004")
    services.targets.set_values(
        "revenue",
        [TargetEdit(s4, f"2026-{m:02d}", D("100.10")) for m in range(1, 13)]
        + [TargetEdit(staff(small_org, "S002"), "2026-01", D("50"))]
        + [TargetEdit(Subject.unit(south), "2026", D("1200"))],
    )
    grid = services.targets.grid(2026, "revenue")
    # Listed under the unit they are in now …
    assert grid.rows[(grid.position(s4) or 0) - 1].code == "S003"
    rows = {r.code: r for r in grid.rows if r.is_unit}
    # … but January–June count in 华南区's bottom-up and July–December in 一组's.
    assert rows["销售部/华南区"].members[:12] == (D("100.10"),) * 6 + (None,) * 6
    assert rows["销售部/华南区"].members[12:] == (D("300.30"), D("300.30"), None, None, D("600.60"))
    assert rows["销售部/华东区/一组"].members[:7] == (D("50.00"),) + (None,) * 5 + (D("100.10"),)
    assert rows["销售部/华东区/一组"].members[YEAR_SLOT] == D("650.60")
    assert rows["销售部/华南区"].gap[YEAR_SLOT] == D("599.40")
    assert rows["销售部/华南区"].gap[6] == D("100.00")
    assert rows["销售部"].members[YEAR_SLOT] == D("1850.60")  # 华南区 1200 assigned + 一组 650.60
    recon = {r.path: r for r in services.targets.reconciliation(2026, "revenue")}
    assert recon["销售部/华南区"].bottom_up[YEAR_SLOT] == D("600.60")
    # An edit patches the subtotals month by month, as a reload shows them.
    changes = services.targets.set_values(
        "revenue", [TargetEdit(s4, "2026-03", D("1")), TargetEdit(s4, "2026-09", D("2"))]
    )
    patched, _touched = grid.with_changes(changes)
    assert patched.rows == services.targets.grid(2026, "revenue").rows
    # The year before the move: all in 华南区, though listed under 一组.
    last_year = services.targets.grid(2025, "revenue")
    assert last_year.month_units == {small_org["S004"].id: (south,) * 12}


def test_profile_from_history_weights_and_assignment(
    services: Services, small_org: dict[str, StaffRow]
) -> None:
    assert services.targets.sales_years() == []
    _sell(services, small_org["S002"], date(2024, 1, 10), "100", 1)
    _sell(services, small_org["S002"], date(2025, 1, 10), "300", 2)
    _sell(services, small_org["S004"], date(2025, 2, 10), "200", 3)
    assert services.targets.sales_years() == [2024, 2025]
    # The whole company: January 200 on average, February 200; the others have no history.
    assert services.targets.history_weights([2024, 2025]) == (D("1.0000"),) * 12
    # S002 alone in 2025: January 300 is the only month with history.
    person = services.targets.history_weights([2025], staff_id=small_org["S002"].id)
    assert person[0] == D("1.0000") and person[1] == D("1.0000")
    south = unit_id(services, "销售部/华南区")
    weights = services.targets.history_weights([2024, 2025], unit_id=unit_id(services, "销售部"))
    assert weights[:2] == (D("1.0000"), D("1.0000"))
    s4 = staff(small_org, "S004")
    profile = services.targets.derive_profile(
        "South 2025", [2025], unit_id=south, assign_to=Subject.unit(south)
    )
    assert profile.derived_from == "2025" and profile.units == 1
    resolved = services.targets.profile_for(s4)
    assert resolved.profile is not None and resolved.profile.name == "South 2025"
    with pytest.raises(ValidationError, match="at least one"):
        services.targets.history_weights([])
