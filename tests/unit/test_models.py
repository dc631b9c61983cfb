"""The models' constraints hold in the database itself, not only in the services."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm.exc import StaleDataError

from salesdesk.db.models import (
    Metric,
    OrgUnit,
    Rating,
    SalesCredit,
    SalesLine,
    Staff,
    Target,
    scope_key,
)
from salesdesk.services.database import Database


def _unit_and_staff(db: Database) -> tuple[int, int]:
    with db.transaction() as s:
        unit = OrgUnit(name="销售部")
        s.add(unit)
        s.flush()
        person = Staff(
            code="S1",
            name="张三",
            role="rep",
            unit_id=unit.id,
            hire_date=date(2024, 1, 1),
            pay_base=Decimal("3000.00"),
        )
        s.add(person)
        s.flush()
        return unit.id, person.id


def test_foreign_keys_are_enforced(database: Database) -> None:
    with pytest.raises(IntegrityError), database.transaction() as s:
        s.add(Staff(code="S9", name="x", role="rep", unit_id=999, hire_date=date(2024, 1, 1)))
        s.flush()


@pytest.mark.parametrize(
    ("change", "constraint"),
    [
        ({"role": "boss"}, "role"),
        ({"leave_date": date(2023, 1, 1)}, "leave_after_hire"),
        ({"pay_base": Decimal("-1")}, "pay_base_not_negative"),
    ],
)
def test_staff_checks(database: Database, change: dict[str, object], constraint: str) -> None:
    unit_id, _ = _unit_and_staff(database)
    values = {
        "code": "S2",
        "name": "李四",
        "role": "rep",
        "unit_id": unit_id,
        "hire_date": date(2024, 1, 1),
        **change,
    }
    with pytest.raises(IntegrityError, match=constraint), database.transaction() as s:
        s.add(Staff(**values))
        s.flush()


def test_staff_code_unique(database: Database) -> None:
    unit_id, _ = _unit_and_staff(database)
    with pytest.raises(IntegrityError), database.transaction() as s:
        s.add(
            Staff(code="S1", name="又一个", role="rep", unit_id=unit_id, hire_date=date(2024, 1, 1))
        )
        s.flush()


def test_money_is_exact_cents(database: Database) -> None:
    _, staff_id = _unit_and_staff(database)
    with database.transaction() as s:
        s.get(Staff, staff_id).pay_base = Decimal("1234567.89")  # type: ignore[union-attr]
    with database.reading() as s:
        assert s.get(Staff, staff_id).pay_base == Decimal("1234567.89")  # type: ignore[union-attr]
    with pytest.raises(StatementError, match="more than 2 decimals"), database.transaction() as s:
        s.get(Staff, staff_id).pay_base = Decimal("0.001")  # type: ignore[union-attr]
        s.flush()


def test_stale_write_is_refused(database: Database) -> None:
    """Two windows read the same row; the second write, based on the old version, must fail
    instead of overwriting the first."""
    _, staff_id = _unit_and_staff(database)
    with database.reading() as s:
        seen_by_second_window = s.get(Staff, staff_id)
    with database.transaction() as s:
        s.get(Staff, staff_id).name = "第一个窗口"  # type: ignore[union-attr]
    assert seen_by_second_window is not None
    with pytest.raises(StaleDataError), database.transaction() as s:
        s.add(seen_by_second_window)
        seen_by_second_window.name = "第二个窗口"
        s.flush()
    with database.reading() as s:
        assert s.get(Staff, staff_id).name == "第一个窗口"  # type: ignore[union-attr]


def test_target_scope_key_is_unique_even_with_null_dimensions(database: Database) -> None:
    _, staff_id = _unit_and_staff(database)
    with database.transaction() as s:
        metric_id = s.scalar(select(Metric.id).where(Metric.code == "revenue"))
        assert metric_id is not None
        key = scope_key(metric_id, staff_id, None, "2026-01")
        s.add(
            Target(
                metric_id=metric_id,
                staff_id=staff_id,
                period="2026-01",
                scope_key=key,
                value=Decimal("100"),
            )
        )
    with pytest.raises(IntegrityError), database.transaction() as s:
        s.add(
            Target(
                metric_id=metric_id,
                staff_id=staff_id,
                period="2026-01",
                scope_key=key,
                value=Decimal("200"),
            )
        )
        s.flush()
    with pytest.raises(IntegrityError, match="not_negative"), database.transaction() as s:
        s.add(
            Target(
                metric_id=metric_id,
                staff_id=staff_id,
                period="2026-02",
                scope_key=scope_key(metric_id, staff_id, None, "2026-02"),
                value=Decimal("-1"),
            )
        )
        s.flush()
    with pytest.raises(IntegrityError, match="one_subject"), database.transaction() as s:
        s.add(
            Target(
                metric_id=metric_id,
                period="2026-03",
                value=Decimal("1"),
                scope_key=scope_key(metric_id, None, None, "2026-03"),
            )
        )
        s.flush()


def test_rating_range_and_split_share(database: Database) -> None:
    from salesdesk.db.models import Appraisal, Customer, Cycle

    unit_id, staff_id = _unit_and_staff(database)
    with database.transaction() as s:
        cycle = Cycle(name="c", period="2026-Q1", cycle_type="quarterly", scheme_snapshot={})
        s.add(cycle)
        s.flush()
        appraisal = Appraisal(cycle_id=cycle.id, staff_id=staff_id, unit_id=unit_id)
        customer = Customer(name="甲公司")
        s.add_all([appraisal, customer])
        s.flush()
        appraisal_id, customer_id = appraisal.id, customer.id
    with pytest.raises(IntegrityError, match="rating_range"), database.transaction() as s:
        s.add(
            Rating(
                appraisal_id=appraisal_id,
                item_name="专业知识",
                rater_id=staff_id,
                rater_role="supervisor",
                rating=6,
            )
        )
        s.flush()
    with pytest.raises(IntegrityError, match="share_range"), database.transaction() as s:
        line = SalesLine(
            line_date=date(2026, 1, 5),
            order_no="SO1",
            line_key="SO1#1",
            customer_id=customer_id,
            amount=Decimal("10.00"),
        )
        line.credits.append(SalesCredit(staff_id=staff_id, share=Decimal("0")))
        s.add(line)
        s.flush()
