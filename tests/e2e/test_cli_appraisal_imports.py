"""`salesdesk import ratings|tasks|adjustments` as a user runs it: a separate process, the
dry run, the import, the same file again, and a bad file refused with exit status 2 and
every problem named by sheet, row and column."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from salesdesk.domain.org import Role
from salesdesk.services.database import open_database
from salesdesk.services.staff import NewStaff, StaffService
from tests.e2e.cli import run_cli
from tests.unit.test_appraisal_inputs import CYCLE, make_cycle
from tests.unit.workbooks import write_xlsx

run = run_cli


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A database with a supervisor, two reps and an open cycle the reps take part in."""
    path = tmp_path / "cycle.db"
    database = open_database(path)
    try:
        staff = StaffService(database)
        unit = staff.create_unit(None, "销售部")
        hired = date(2024, 3, 1)
        boss = staff.create_staff(NewStaff("S001", "王强", Role.SUPERVISOR, unit.id, hired))
        reps = [
            staff.create_staff(NewStaff(code, name, Role.REP, unit.id, hired, manager_id=boss.id))
            for code, name in (("S002", "李娜"), ("S003", "张伟"))
        ]
        make_cycle(database, [r.id for r in reps])
    finally:
        database.close()
    return path


def _count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as connection:
        return int(connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


@pytest.mark.parametrize(
    ("kind", "table", "rows"),
    [
        (
            "ratings",
            "ratings",
            [
                ["考核周期", "被考核人", "评分人", "评分人角色", "考核项", "评分", "评语"],
                [CYCLE, "S002", "S001", "上级", "专业知识", 4, None],
                [CYCLE, "S003", "王强", "supervisor", "团队协作", 5, "主动分享客户资源"],
            ],
        ),
        (
            "tasks",
            "key_tasks",
            [
                ["考核周期", "工号", "重点工作", "权重", "完成度", "说明"],
                [CYCLE, "S002", "开拓华东区新代理商", 60, "80%", None],
                [CYCLE, "S003", "新人带教", 40, None, "带两名新人"],
            ],
        ),
        (
            "adjustments",
            "adjustments",
            [
                ["cycle", "staff", "kind", "points", "reason"],
                [CYCLE, "S002", "bonus", 2, "获得重点客户书面表扬"],
                [CYCLE, "S003", "veto", None, "私自降价"],
            ],
        ),
    ],
)
def test_import_dry_run_then_for_real_then_again(
    db: Path, tmp_path: Path, kind: str, table: str, rows: list[list[object]]
) -> None:
    home = tmp_path / "home"
    path = write_xlsx(tmp_path / f"{kind}.xlsx", rows)

    dry = run("import", kind, path, "--dry-run", "--db", db, home=home)
    assert dry.returncode == 0, dry.stderr
    assert "dry run" in dry.stdout and "added 2" in dry.stdout
    assert _count(db, table) == 0

    real = run("import", kind, path, "--db", db, home=home)
    assert real.returncode == 0, real.stderr
    assert "added 2, replaced 0, skipped 0" in real.stdout
    assert _count(db, table) == 2 and _count(db, "import_batches") == 1

    again = run("import", kind, path, "--db", db, home=home)
    assert again.returncode == 0, again.stderr
    assert "added 0, replaced 0, skipped 2" in again.stdout
    assert _count(db, table) == 2 and _count(db, "import_batches") == 1


def test_bad_ratings_file_exits_2_naming_each_cell(db: Path, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "bad.xlsx",
        [
            ["考核周期", "被考核人", "评分人", "评分人角色", "考核项", "评分", "评语"],
            [CYCLE, "S002", "S001", "上级", "专业知识", 4, None],
            [CYCLE, "S002", "S001", "上级", "团队协作", 7, None],
            [CYCLE, "S002", "S001", "上级", "沟通谈判能力", 1, None],
        ],
        sheet="评分",
    )
    result = run("import", "ratings", path, "--db", db, home=tmp_path / "home")
    assert result.returncode == 2
    assert "bad.xlsx: 2 error(s) in the ratings import; nothing was written" in result.stderr
    assert "sheet '评分', row 3, column '评分'" in result.stderr
    assert "sheet '评分', row 4, column '评语'" in result.stderr
    assert _count(db, "ratings") == 0
