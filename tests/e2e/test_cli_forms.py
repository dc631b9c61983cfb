"""`salesdesk export forms` and `salesdesk export rules` as a user runs them: a separate
process with no display, no QT_QPA_PLATFORM and no system fonts at all, so the Chinese in
the PDFs can only come from the font SalesDesk ships; every number is the one `salesdesk
score --json` prints for the same cycle."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pypdf
import pytest

CYCLE = "2026-Q1 销售代表季度考核"
SCHEME = "销售代表季度考核方案"

FONTLESS_CONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><cachedir>{cache}</cachedir></fontconfig>
"""


@pytest.fixture
def company(demo_file: Path, tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    """A copy of the demo company, a data folder, and an environment without a display or
    any system font (fontconfig is given a configuration that lists no font folder)."""
    db = tmp_path / "公司" / "demo.db"
    db.parent.mkdir()
    shutil.copy(demo_file, db)
    config = tmp_path / "fonts.conf"
    config.write_text(FONTLESS_CONFIG.format(cache=tmp_path / "fc-cache"), encoding="utf-8")
    env = {
        **os.environ,
        "SALESDESK_HOME": str(tmp_path / "home"),
        "LANG": "C.UTF-8",  # always installed; Qt warns on a locale that is missing
        "LC_ALL": "C.UTF-8",
        "PYTHONIOENCODING": "utf-8",
        "FONTCONFIG_FILE": str(config),
    }
    for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY", "LANGUAGE"):
        env.pop(name, None)
    return db, tmp_path, env


def run(env: dict[str, str], *args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "salesdesk", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=180,
        check=False,
    )


def _ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr + result.stdout
    # Qt warnings (a missing font, no platform plugin) would show on stderr.
    assert result.stderr == "", result.stderr
    return result.stdout


def _text(path: Path) -> str:
    return "".join(re.sub(r"\s+", "", page.extract_text()) for page in pypdf.PdfReader(path).pages)


def _font_names(path: Path) -> set[str]:
    names = set()
    for page in pypdf.PdfReader(path).pages:
        fonts = page["/Resources"].get_object().get("/Font", {}).get_object()
        for ref in fonts.values():
            font = ref.get_object()
            descriptor = font["/DescendantFonts"].get_object()[0].get_object()["/FontDescriptor"]
            assert "/FontFile2" in descriptor.get_object(), "the font program is embedded"
            names.add(str(font["/BaseFont"]))
    return names


def test_export_forms_headless_without_system_fonts(
    company: tuple[Path, Path, dict[str, str]],
) -> None:
    db, folder, env = company
    document: dict[str, Any] = json.loads(_ok(run(env, "score", CYCLE, "--json", "--db", db)))
    cards = document["scorecards"]
    out = folder / "考核表 2026-Q1"
    stdout = _ok(run(env, "export", "forms", CYCLE, "--out", out, "--db", db, "--lang", "zh"))
    assert stdout.strip() == f"已导出 {len(cards)} 份考核表到 {out}"
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(f"{c['staff_code']}_{c['name']}.pdf" for c in cards)

    first = cards[0]
    path = out / f"{first['staff_code']}_{first['name']}.pdf"
    assert _font_names(path) == {"/WenQuanYiMicroHei"}
    text = _text(path)
    assert "绩效考核表" in text and first["name"] in text
    assert f"总分{first['total']}" in text
    assert f"绩效系数{first['coefficient']}" in text
    for item in first["items"]:
        assert re.sub(r"\s+", "", item["explanation"]) in text


def test_export_rules_and_refusals(company: tuple[Path, Path, dict[str, str]]) -> None:
    db, folder, env = company
    out = folder / "规则" / "考核方案说明.pdf"
    stdout = _ok(run(env, "export", "rules", SCHEME, "--out", out, "--db", db, "--lang", "zh"))
    assert stdout.strip() == f"已导出考核方案说明到 {out}"
    assert _font_names(out) == {"/WenQuanYiMicroHei"}
    text = _text(out)
    assert "考核方案说明" in text and "示例：销售额90,000.00(目标100,000.00)" in text

    missing = run(env, "export", "forms", "没有的周期", "--out", folder / "x", "--db", db)
    assert missing.returncode == 2
    assert "no cycle 没有的周期" in missing.stderr
    assert not (folder / "x").exists()
    unknown = run(env, "export", "rules", "没有的方案", "--out", folder / "y.pdf", "--db", db)
    assert unknown.returncode == 2 and "no scheme named 没有的方案" in unknown.stderr
