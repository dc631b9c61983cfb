"""The command line as a user runs it: a separate process, exit codes, UTF-8 output."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.e2e.cli import run_cli

run = run_cli


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


def test_db_before_or_after_the_command(tmp_path: Path, home: Path) -> None:
    before = tmp_path / "张伟" / "a.db"
    after = tmp_path / "张伟" / "b.db"
    first = run("--db", before, "info", "--json", home=home)
    second = run("info", "--db", after, "--json", home=home)
    assert first.returncode == 0, first.stderr
    assert second.returncode == 0, second.stderr
    assert json.loads(first.stdout)["database"] == str(before)
    assert json.loads(second.stdout)["database"] == str(after)
    assert before.exists() and after.exists()


def test_default_database_lives_in_the_data_folder(home: Path) -> None:
    result = run("info", "--json", home=home)
    assert result.returncode == 0, result.stderr
    assert Path(json.loads(result.stdout)["database"]) == home / "salesdesk.db"
    assert (home / "salesdesk.db").exists()


def test_bad_usage_exits_2(home: Path) -> None:
    result = run("frobnicate", home=home)
    assert result.returncode == 2
    assert "invalid choice" in result.stderr
    missing = run("template", "staff", home=home)
    assert missing.returncode == 2
    assert "--out" in missing.stderr


def test_bad_input_exits_2_with_a_message_in_chinese(tmp_path: Path, home: Path) -> None:
    not_db = tmp_path / "笔记.db"
    not_db.write_text("not a database", encoding="utf-8")
    result = run("--db", not_db, "info", home=home, lang="zh_CN.UTF-8")
    assert result.returncode == 2
    assert "不是 SalesDesk 数据库" in result.stderr
    assert "Traceback" not in result.stderr


def test_backup_and_restore_round_trip(tmp_path: Path, home: Path) -> None:
    db = tmp_path / "live.db"
    assert run("--db", db, "info", home=home).returncode == 0
    with sqlite3.connect(db) as raw:
        raw.execute("INSERT INTO settings (key, value) VALUES ('company_name', '华信')")
    backup = tmp_path / "备份" / "copy.db"
    result = run("--db", db, "backup", "--out", backup, home=home)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(db) as raw:
        raw.execute("UPDATE settings SET value = '改过' WHERE key = 'company_name'")
    result = run("--db", db, "restore", backup, home=home)
    assert result.returncode == 0, result.stderr
    info = json.loads(run("--db", db, "info", "--json", home=home).stdout)
    assert info["company"] == "华信"


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path: Path, home: Path) -> None:
    db = tmp_path / "live.db"
    assert run("--db", db, "info", home=home).returncode == 0
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    result = run("--db", db, "restore", junk, home=home)
    assert result.returncode == 2
    assert "backup" in result.stderr or "damaged" in result.stderr
    assert run("--db", db, "info", home=home).returncode == 0


def test_backup_of_a_missing_database_is_refused(tmp_path: Path, home: Path) -> None:
    result = run("--db", tmp_path / "nothing.db", "backup", "--out", tmp_path / "x.db", home=home)
    assert result.returncode == 2
    assert not (tmp_path / "nothing.db").exists()
