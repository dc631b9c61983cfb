"""`salesdesk export report` and `salesdesk export paysheet` as a user runs them: a separate
process on a copy of the demo company; the files are read back with python-calamine (the
reader the importers use) and compared with `salesdesk score --json` of the same cycle."""

from __future__ import annotations

import json
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from python_calamine import CalamineWorkbook

from salesdesk.reports.workbook import HEADER_ROW
from tests.e2e.cli import run_cli

Q1 = "2026-Q1 销售代表季度考核"
Q2 = "2026-Q2 销售代表季度考核"


def run(*args: str | Path, home: Path) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, home=home)


def _ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr + result.stdout
    return result.stdout


@pytest.fixture
def db(demo_file: Path, tmp_path: Path) -> Path:
    path = tmp_path / "demo.db"
    shutil.copy(demo_file, path)
    return path


def sheet(path: Path, name: str) -> tuple[list[str], list[dict[str, Any]]]:
    """Header and rows of a sheet (under the title block), as calamine reads them."""
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name).to_python()
    headers = [str(h) for h in rows[HEADER_ROW - 1] if h != ""]
    body = []
    for row in rows[HEADER_ROW:]:
        if all(v == "" for v in row):
            break
        body.append(dict(zip(headers, row[: len(headers)], strict=True)))
    return headers, body


def same(value: Any, expected: str | None) -> bool:
    if expected is None:
        return value == ""
    return Decimal(str(value)) == Decimal(expected)


@pytest.mark.parametrize("cycle", [Q1, Q2], ids=["confirmed", "open"])
def test_report_equals_score_json(db: Path, tmp_path: Path, cycle: str) -> None:
    out = tmp_path / "out" / "report.xlsx"
    stdout = _ok(run("export", "report", cycle, "--out", out, "--db", db, home=tmp_path))
    score = json.loads(_ok(run("score", cycle, "--json", "--db", db, home=tmp_path)))
    cards = score["scorecards"]
    assert f"wrote the report of {len(cards)} people" in stdout
    _headers, rows = sheet(out, "Summary")
    assert [r["Code"] for r in rows] == [c["staff_code"] for c in cards]
    for row, card in zip(rows, cards, strict=True):
        assert same(row["Total"], card["total"])
        assert same(row["Performance pay"], card["performance_pay"])
        assert row["Final grade"] == card["final_grade"]
        for item in card["items"]:
            assert same(row[item["name"]], item["score"])
    _headers, grades = sheet(out, "Distribution")
    assert [g["Final count"] for g in grades] == [
        g["count_final"] for g in score["distribution"]["grades"]
    ]


def test_paysheet_in_chinese_with_its_total(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "pay.xlsx"
    stdout = _ok(
        run("export", "paysheet", Q1, "--out", out, "--lang", "zh", "--db", db, home=tmp_path)
    )
    assert "已导出 30 人的绩效工资表" in stdout
    score = json.loads(_ok(run("score", Q1, "--json", "--db", db, home=tmp_path)))
    assert CalamineWorkbook.from_path(str(out)).sheet_names == ["绩效工资表"]
    headers, rows = sheet(out, "绩效工资表")
    assert headers[0] == "工号" and headers[-1] == "绩效工资"
    *people, total = rows
    pays = {c["staff_code"]: c["performance_pay"] for c in score["scorecards"]}
    assert {p["工号"]: Decimal(str(p["绩效工资"])) for p in people} == {
        code: Decimal(pay) for code, pay in pays.items()
    }
    assert total["工号"] == "合计"
    assert Decimal(str(total["绩效工资"])) == sum(Decimal(p) for p in pays.values())


def test_refusals_exit_2_and_write_nothing(db: Path, tmp_path: Path) -> None:
    bad_name = run("export", "report", Q1, "--out", tmp_path / "r.xls", "--db", db, home=tmp_path)
    assert bad_name.returncode == 2
    assert ".xlsx" in bad_name.stderr
    unknown = run(
        "export",
        "paysheet",
        "no such cycle",
        "--out",
        tmp_path / "p.xlsx",
        "--db",
        db,
        home=tmp_path,
    )
    assert unknown.returncode == 2
    assert "no such cycle" in unknown.stderr
    assert not (tmp_path / "r.xls").exists() and not (tmp_path / "p.xlsx").exists()
