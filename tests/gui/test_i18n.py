"""Translations ship complete: every string of the interface has a finished Chinese
translation, the English plural forms are there, and the .qm files match their sources."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from salesdesk.ui import i18n


def test_every_chinese_string_is_translated() -> None:
    missing = i18n.unfinished(i18n.ZH_TS)
    assert missing == [], "run `python -m salesdesk.ui.i18n --update` and translate these"


def test_english_plural_forms_are_filled_in() -> None:
    assert i18n.unfinished(i18n.EN_TS) == []


def test_code_has_no_strings_missing_from_the_ts(tmp_path: Path) -> None:
    """lupdate on the current code finds nothing new: the .ts is up to date."""
    for ts, plurals_only in ((i18n.ZH_TS, False), (i18n.EN_TS, True)):
        copy = tmp_path / ts.name
        shutil.copyfile(ts, copy)
        i18n.run_lupdate(copy, plurals_only=plurals_only)
        assert i18n.unfinished(copy) == [], f"strings in the code but not translated in {ts.name}"


@pytest.mark.parametrize("ts", [i18n.ZH_TS, i18n.EN_TS], ids=lambda p: p.name)
def test_qm_is_built_from_the_current_ts(tmp_path: Path, ts: Path) -> None:
    fresh = tmp_path / ts.with_suffix(".qm").name
    i18n.run_lrelease(ts, fresh)
    assert ts.with_suffix(".qm").read_bytes() == fresh.read_bytes(), (
        "the .qm is stale: run `python -m salesdesk.ui.i18n --update`"
    )


def test_chinese_translator_loads(qapp: object) -> None:
    from PySide6.QtCore import QCoreApplication

    app = QCoreApplication.instance()
    assert app is not None
    i18n.install_translators(app, "zh")
    try:
        assert QCoreApplication.translate("MainWindow", "Staff") == "人员"
        # Qt's own strings (standard buttons) come from qtbase_zh_CN.qm.
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    finally:
        i18n.install_translators(app, "en")
    assert QCoreApplication.translate("MainWindow", "Staff") == "Staff"
