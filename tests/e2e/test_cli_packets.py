"""`salesdesk export packets` and `salesdesk import ratings PACKET.xlsx` as a user runs them:
a separate process on a copy of the demo company, one packet per rater (or one rater's),
a filled packet checked with --dry-run and imported, and an altered one refused with exit
status 2 and the reason."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import openpyxl
import pytest

from tests.e2e.cli import run_cli

CYCLE = "2026-Q2 销售代表季度考核"


@pytest.fixture
def db(demo_file: Path, tmp_path: Path) -> Path:
    path = tmp_path / "demo.db"
    shutil.copy(demo_file, path)
    return path


def ratings(db: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as connection:
        return connection.execute(
            "SELECT appraisal_id, item_name, rater_id, rater_role, rating, comment"
            " FROM ratings ORDER BY id"
        ).fetchall()


def test_export_fill_and_import_from_the_command_line(db: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    out = tmp_path / "packets"
    done = run_cli("export", "packets", CYCLE, "--out", out, "--db", db, home=home)
    assert done.returncode == 0, done.stderr
    files = sorted(p.name for p in out.iterdir())
    assert f"wrote {len(files)} rating packets to {out}" in done.stdout
    assert "S0002_石明成.xlsx" in files and len(files) > 20

    one = tmp_path / "one"
    done = run_cli(
        "export", "packets", CYCLE, "--out", one, "--rater", "S0002", "--lang", "zh", "--db", db,
        home=home,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "已导出 1 份评分表" in done.stdout
    packet = one / "S0002_石明成.xlsx"
    workbook = openpyxl.load_workbook(packet)
    assert workbook.sheetnames[0] == "填写说明"
    sheets = [ws for ws in workbook.worksheets[1:] if ws.sheet_state == "visible"]
    # Fill the first ratee's first item where S0002 has not rated yet.
    target = next(ws for ws in sheets if all(ws.cell(r, 3).value is None for r in range(8, 12)))
    target["C8"] = 4
    target["C9"] = 5
    target["D9"] = "主动协调交付，客户书面表扬"
    filled = tmp_path / "filled.xlsx"
    workbook.save(filled)

    before = ratings(db)
    done = run_cli("import", "ratings", filled, "--dry-run", "--db", db, home=home)
    assert done.returncode == 0, done.stderr
    assert "dry run, nothing written: added 2, replaced 0" in done.stdout
    assert ratings(db) == before
    done = run_cli("import", "ratings", filled, "--db", db, home=home)
    assert done.returncode == 0, done.stderr
    assert "added 2, replaced 0" in done.stdout
    after = ratings(db)
    assert after[: len(before)] == before
    assert [(r[1], r[3], r[4], r[5]) for r in after[len(before) :]] == [
        ("专业知识", "supervisor", 4, ""),
        ("沟通谈判能力", "supervisor", 5, "主动协调交付，客户书面表扬"),
    ]

    # The same packet with a renamed item is refused as a whole.
    target["A10"] = "合作"
    target["C10"] = 3
    workbook.save(tmp_path / "altered.xlsx")
    done = run_cli("import", "ratings", tmp_path / "altered.xlsx", "--db", db, home=home)
    assert done.returncode == 2
    assert "altered since it was issued; nothing was written" in done.stderr
    assert f"sheet '{target.title}', row 10" in done.stderr
    assert "item 合作 where the packet had 团队协作" in done.stderr
    assert ratings(db) == after


def test_a_confirmed_cycle_has_no_packets(db: Path, tmp_path: Path) -> None:
    done = run_cli(
        "export", "packets", "2026-Q1 销售代表季度考核", "--out", tmp_path / "q1", "--db", db,
        home=tmp_path / "home",
    )  # fmt: skip
    assert done.returncode == 2
    assert "is confirmed: it takes no more ratings" in done.stderr
