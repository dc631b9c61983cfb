"""`salesdesk scheme export` / `scheme import` as a user runs them (data-exchange §1, §3a)."""

from __future__ import annotations

import json
from pathlib import Path
from subprocess import CompletedProcess

import pytest

from tests.e2e.cli import run_cli

REP = "销售代表季度考核方案"


def run(*args: str | Path, cwd: Path, lang: str = "en_US.UTF-8") -> CompletedProcess[str]:
    return run_cli(*args, home=cwd / "home", lang=lang, cwd=cwd)


@pytest.fixture
def exported(tmp_path: Path) -> Path:
    result = run("scheme", "export", REP, "--out", "x.json", "--db", "db", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return tmp_path / "x.json"


def test_export_then_import_under_a_new_name(tmp_path: Path, exported: Path) -> None:
    text = exported.read_text(encoding="utf-8")
    doc = json.loads(text)
    assert doc["name"] == REP and doc["bonus_cap"] == "10"
    assert REP in text  # not \\u escapes
    doc["name"] = "销售代表季度考核方案（新）"
    (tmp_path / "new.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    result = run("--db", "db", "scheme", "import", "new.json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "销售代表季度考核方案（新）" in result.stdout
    again = run("scheme", "export", doc["name"], "--out", "y.json", "--db", "db", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    copy = json.loads((tmp_path / "y.json").read_text(encoding="utf-8"))
    copy["name"] = REP
    assert copy == json.loads(text)


def test_round_trip_with_replace_changes_nothing(tmp_path: Path, exported: Path) -> None:
    refused = run("scheme", "import", "x.json", "--db", "db", cwd=tmp_path)
    assert refused.returncode == 2
    assert "already exists" in refused.stderr
    result = run("scheme", "import", "x.json", "--replace", "--db", "db", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    again = run("scheme", "export", REP, "--out", "y.json", "--db", "db", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "y.json").read_bytes() == exported.read_bytes()


def test_a_file_that_is_not_json_exits_2(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    result = run("scheme", "import", "bad.json", "--db", "db", cwd=tmp_path)
    assert result.returncode == 2
    assert "bad.json" in result.stderr and "not a JSON file" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_file_that_breaks_the_rules_exits_2_with_every_reason(
    tmp_path: Path, exported: Path
) -> None:
    doc = json.loads(exported.read_text(encoding="utf-8"))
    doc["name"] = "坏方案"
    metric = next(item for item in doc["items"] if item["kind"] == "metric")
    metric["weight"] -= 5
    metric["rule"] = {"type": "magic"}
    (tmp_path / "broken.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    result = run("scheme", "import", "broken.json", "--db", "db", cwd=tmp_path)
    assert result.returncode == 2
    assert "broken.json" in result.stderr
    assert "5 short of 100" in result.stderr
    assert "unknown rule magic" in result.stderr
    zh = run("scheme", "import", "broken.json", "--db", "db", cwd=tmp_path, lang="zh_CN.UTF-8")
    assert zh.returncode == 2
    assert "距 100 还差 5 分" in zh.stderr


def test_missing_file_and_unknown_scheme_exit_2(tmp_path: Path) -> None:
    missing = run("scheme", "import", "nowhere.json", "--db", "db", cwd=tmp_path)
    assert missing.returncode == 2 and "nowhere.json" in missing.stderr
    unknown = run("scheme", "export", "没有这个方案", "--out", "z.json", "--db", "db", cwd=tmp_path)
    assert unknown.returncode == 2 and "没有这个方案" in unknown.stderr
    assert not (tmp_path / "z.json").exists()
