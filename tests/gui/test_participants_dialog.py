"""The Participants dialog of the Cycles page on the demo company (an open 2026-Q2 and a
confirmed 2026-Q1 rep cycle): adding someone by hand makes them a participant flagged added
by hand; removing someone needs a reason (without one nothing changes); a confirmed cycle's
participants are read-only and the dialog says why; closing reloads and rescores."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QInputDialog
from pytestqt.qtbot import QtBot

from salesdesk.services.cycles import CycleSummary
from salesdesk.ui.dialogs.participants import ParticipantsDialog
from salesdesk.ui.main_window import MainWindow
from salesdesk.ui.pages.cycles import CyclesPage
from tests.gui.conftest import ShownMessages, finish

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")


@pytest.fixture
def window(make_window: Any, demo_file: Path, tmp_path: Path) -> MainWindow:
    path = tmp_path / "demo.db"
    shutil.copy(demo_file, path)
    main: MainWindow = make_window(path)
    return main


@pytest.fixture
def page(qtbot: QtBot, window: MainWindow) -> CyclesPage:
    window.show_page("cycles")
    cycles_page = window.pages["cycles"]
    assert isinstance(cycles_page, CyclesPage)
    cycles_page.refresh()
    finish(qtbot, cycles_page.results_operation)
    return cycles_page


def cycle_in(page: CyclesPage, state: str) -> CycleSummary:
    return next(c for c in page.cycles.list_cycles() if c.state == state)


def open_dialog(qtbot: QtBot, page: CyclesPage, state: str) -> ParticipantsDialog:
    cycle = cycle_in(page, state)
    assert page.select_cycle(cycle.id)
    finish(qtbot, page.results_operation)
    assert page.participants_action.isEnabled()
    page.participants_action.trigger()
    dialog = page.participants_dialog
    assert isinstance(dialog, ParticipantsDialog)
    assert dialog.cycle_id == cycle.id
    return dialog


def answer_reason(monkeypatch: pytest.MonkeyPatch, text: str) -> list[str]:
    """QInputDialog answers `text` at once; the prompts asked are recorded."""
    asked: list[str] = []

    def reply(_parent: object, _title: str, prompt: str, *_a: object, **_k: object) -> Any:
        asked.append(prompt)
        return text, True

    monkeypatch.setattr(QInputDialog, "getMultiLineText", staticmethod(reply))
    return asked


def test_adding_by_hand_makes_a_participant(
    qtbot: QtBot, page: CyclesPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = open_dialog(qtbot, page, "open")
    cycle_id = dialog.cycle_id
    before = {p.code for p in page.cycles.participants(cycle_id)}
    assert sorted(dialog.participant_codes()) == sorted(before)
    assert dialog.read_only_label.isHidden()
    dialog.show_left.setChecked(True)
    outside = dialog.available_codes()
    assert outside and not set(outside) & before
    code = outside[0]
    dialog.filter_edit.setText(code)
    assert dialog.available_codes() == [code]
    dialog.select([code], participants=False)
    assert dialog.add_button.isEnabled()
    asked = answer_reason(monkeypatch, "covers the east region this quarter")
    dialog.add_button.click()
    assert asked and code in asked[0]

    added = {p.code: p for p in page.cycles.participants(cycle_id)}
    assert set(added) == before | {code}
    assert added[code].added_by_hand
    assert code in dialog.participant_codes()
    assert code not in dialog.available_codes()
    assert dialog.changed

    dialog.close()
    finish(qtbot, page.results_operation)
    summary = page.current_cycle()
    assert summary is not None and summary.id == cycle_id
    assert summary.participants == len(before) + 1
    qtbot.waitUntil(lambda: page.current_results() is not None, timeout=20_000)
    results = page.current_results()
    assert results is not None and results.row_for(code) is not None


def test_removing_without_a_reason_is_refused(
    qtbot: QtBot,
    page: CyclesPage,
    monkeypatch: pytest.MonkeyPatch,
    shown_messages: ShownMessages,
) -> None:
    dialog = open_dialog(qtbot, page, "open")
    before = sorted(p.code for p in page.cycles.participants(dialog.cycle_id))
    code = before[0]
    dialog.select([code], participants=True)
    assert dialog.remove_button.isEnabled()
    answer_reason(monkeypatch, "   ")
    dialog.remove_button.click()
    assert sorted(p.code for p in page.cycles.participants(dialog.cycle_id)) == before
    assert any("needs a reason" in text for text in shown_messages.texts("warning"))
    assert code in dialog.participant_codes()
    assert not dialog.changed

    # With a reason the same removal goes through.
    assert dialog.remove_selected("left the sales team in April") == 1
    assert code not in {p.code for p in page.cycles.participants(dialog.cycle_id)}
    dialog.close()
    finish(qtbot, page.results_operation)


def test_a_confirmed_cycle_is_read_only(
    qtbot: QtBot,
    page: CyclesPage,
    monkeypatch: pytest.MonkeyPatch,
    shown_messages: ShownMessages,
) -> None:
    dialog = open_dialog(qtbot, page, "confirmed")
    before = sorted(p.code for p in page.cycles.participants(dialog.cycle_id))
    assert sorted(dialog.participant_codes()) == before
    assert not dialog.read_only_label.isHidden()
    assert "read-only" in dialog.read_only_label.text().lower()
    assert "confirmed" in dialog.read_only_label.text()
    dialog.select([before[0]], participants=True)
    dialog.select(dialog.available_codes()[:1], participants=False)
    assert not dialog.add_button.isEnabled()
    assert not dialog.remove_button.isEnabled()
    asked = answer_reason(monkeypatch, "a reason")
    assert dialog.remove_selected("a reason") == 0
    assert dialog.add_selected("a reason") == 0
    assert not asked
    assert sorted(p.code for p in page.cycles.participants(dialog.cycle_id)) == before
    assert shown_messages.texts("warning")
    dialog.close()
