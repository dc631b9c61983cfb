"""Shared fixtures: a fresh database per test, English messages, an isolated data folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from salesdesk.domain.org import Role
from salesdesk.domain.text import set_language
from salesdesk.services.database import Database, open_database
from salesdesk.services.registry import Services
from salesdesk.services.staff import NewStaff, StaffRow


@pytest.fixture(autouse=True)
def _isolated(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test touches the real per-user data folder; messages are in English."""
    monkeypatch.setenv("SALESDESK_HOME", str(tmp_path_factory.mktemp("home")))
    set_language("en")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "salesdesk.db"


@pytest.fixture
def database(db_path: Path) -> Iterator[Database]:
    db = open_database(db_path)
    yield db
    db.close()


@pytest.fixture
def services(db_path: Path) -> Iterator[Services]:
    svc = Services.open(db_path)
    yield svc
    svc.close()


@pytest.fixture
def small_org(services: Services) -> dict[str, StaffRow]:
    """销售部/华东区/一组 and 销售部/华南区 with a supervisor and three reps."""
    staff = services.staff
    dept = staff.create_unit(None, "销售部")
    east = staff.create_unit(dept.id, "华东区")
    group = staff.create_unit(east.id, "一组")
    south = staff.create_unit(dept.id, "华南区")
    boss = staff.create_staff(
        NewStaff(
            "S001", "王强", Role.SUPERVISOR, east.id, date(2020, 3, 1), pay_base=Decimal("5000")
        )
    )
    people = {"S001": boss}
    for code, name, unit in (
        ("S002", "李娜", group.id),
        ("S003", "张伟", group.id),
        ("S004", "刘洋", south.id),
    ):
        people[code] = staff.create_staff(
            NewStaff(
                code,
                name,
                Role.REP,
                unit,
                date(2023, 1, 9),
                manager_id=boss.id,
                pay_base=Decimal("3000.00"),
            )
        )
    return people


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 40-staff demo company (a confirmed 2026-Q1 and an open 2026-Q2 rep cycle), built
    once per test run; tests that change it work on a copy."""
    from salesdesk.services.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    build_demo(path, staff=40, seed=1)
    return path


@pytest.fixture
def participant_reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The cycle id of every read of a cycle's participants by CyclesService, from the
    moment this fixture is set up."""
    import salesdesk.services.cycles as cycles_module

    reads: list[int] = []
    real_load = cycles_module.load_participants

    def counting(session: Any, cycle_id: int) -> Any:
        reads.append(cycle_id)
        return real_load(session, cycle_id)

    monkeypatch.setattr(cycles_module, "load_participants", counting)
    return reads
