"""The Cycles page on the demo company (a confirmed 2026-Q1 and an open 2026-Q2 rep cycle):
the results table equals the service's scorecards, sorts numerically and follows the search
box and the grade filter; the state bar offers exactly the allowed moves, a move back needs
a reason, confirming runs in the background and lists why it is refused; calibration
overrides change the final grade and the counts; confirmed cycles are read-only and say
when their data changed; the scorecard dialog explains every item."""

from __future__ import annotations

import shutil
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from salesdesk.app import build_main_window
from salesdesk.db.models import Adjustment, Appraisal, SchemeItem
from salesdesk.domain.workflow import allowed_moves
from salesdesk.services.cycles import CycleSummary
from salesdesk.ui.dialogs.move_back import MoveBackDialog
from salesdesk.ui.main_window import MainWindow
from salesdesk.ui.models.cycles import COL_CODE, COL_NAME, SORT_ROLE
from salesdesk.ui.operations import Operation, running_operations
from salesdesk.ui.pages.cycle_tabs.calibration import CalibrationTab
from salesdesk.ui.pages.cycles import CyclesPage
from tests.gui.conftest import ShownMessages, finish

Display = Qt.ItemDataRole.DisplayRole
shows_dialog = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")
REP_Q = "销售代表季度考核方案"


@pytest.fixture
def demo_path(demo_file: Path, tmp_path: Path) -> Path:
    path = tmp_path / "demo.db"
    shutil.copy(demo_file, path)
    return path


@pytest.fixture
def window(make_window: Any, demo_path: Path) -> MainWindow:
    main: MainWindow = make_window(demo_path)
    return main


@pytest.fixture
def page(qtbot: QtBot, window: MainWindow) -> CyclesPage:
    """The Cycles page shown in the main window with the open 2026-Q2 cycle scored."""
    window.show_page("cycles")
    cycles_page = window.pages["cycles"]
    assert isinstance(cycles_page, CyclesPage)
    cycles_page.refresh()
    finish(qtbot, cycles_page.results_operation)
    assert current(cycles_page).state == "open"
    return cycles_page


def current(page: CyclesPage) -> CycleSummary:
    summary = page.current_cycle()
    assert summary is not None
    return summary


def cycle_in(page: CyclesPage, state: str) -> CycleSummary:
    return next(c for c in page.cycles.list_cycles() if c.state == state)


def show(qtbot: QtBot, page: CyclesPage, cycle: CycleSummary) -> None:
    assert page.select_cycle(cycle.id)
    finish(qtbot, page.results_operation)
    assert page.current_results() is not None


def wait_scored(qtbot: QtBot, page: CyclesPage) -> None:
    """Wait for the rescoring a change started (and for its result to be shown)."""
    finish(qtbot, page.results_operation)
    qtbot.waitUntil(lambda: page.current_results() is not None, timeout=20_000)


def move(qtbot: QtBot, page: CyclesPage, target: str, reason: str = "") -> None:
    """Move the current cycle and wait until it is shown rescored."""
    operation = page.move_to(target, reason)
    finish(qtbot, operation)
    wait_scored(qtbot, page)


def shown_rows(page: CyclesPage, column: int) -> list[Any]:
    proxy = page.results_tab.proxy
    return [proxy.index(r, column).data(Display) for r in range(proxy.rowCount())]


def calibration(page: CyclesPage) -> CalibrationTab:
    tab = page.tab("calibration")
    assert isinstance(tab, CalibrationTab)
    return tab


def test_hooks(page: CyclesPage, window: MainWindow) -> None:
    assert page.objectName() == "page_cycles"
    assert window.findChild(CyclesPage, "page_cycles") is page
    assert page.cycle_list.objectName() == "cycleList"
    assert page.main_view() is page.results_tab.table
    assert page.results_tab.table.objectName() == "cycleResultsTable"
    assert [a.text() for a in page.toolbar_actions()] == ["New cycle…", "Delete draft", "Refresh"]
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())][:1] == ["Results"]
    assert "Calibration" in [page.tabs.tabText(i) for i in range(page.tabs.count())]
    listed = [page.list_model.cycle_at(r) for r in range(page.list_model.rowCount())]
    assert [c.state for c in listed] == ["open", "confirmed"]
    assert "open" in page.cycle_list.model().index(0, 0).data(Display)
    assert window.status_counts.text().endswith("2026-Q2 appraisal open")


def test_results_table_equals_the_service(page: CyclesPage, window: MainWindow) -> None:
    results = window.services.cycles.results(current(page).id)
    model = page.results_tab.table.model()
    assert model.rowCount() == len(results.rows) == 29
    total = page.results_tab.model.column("total")
    final = page.results_tab.model.column("final_grade")
    for position, row in enumerate(results.rows):
        assert model.index(position, COL_CODE).data(Display) == row.code
        assert model.index(position, total).data(Display) == f"{Decimal(row.card['total']):,.2f}"
        assert model.index(position, final).data(Display) == row.card["final_grade"]
    assert "29 people" in page.results_tab.info.text()


def test_sorting_by_total_is_numeric(qtbot: QtBot, page: CyclesPage) -> None:
    table = page.results_tab.table
    column = page.results_tab.model.column("total")
    header = table.horizontalHeader()
    header.setSortIndicator(column, Qt.SortOrder.AscendingOrder)  # what a header click does
    ascending = [Decimal(t.replace(",", "")) for t in shown_rows(page, column)]
    assert ascending == sorted(ascending)
    header.setSortIndicator(column, Qt.SortOrder.DescendingOrder)
    descending = [Decimal(t.replace(",", "")) for t in shown_rows(page, column)]
    assert descending == sorted(ascending, reverse=True)
    proxy = page.results_tab.proxy
    assert all(
        isinstance(proxy.index(r, column).data(SORT_ROLE), Decimal) for r in range(proxy.rowCount())
    )


def test_search_box_filters_the_results(page: CyclesPage, window: MainWindow) -> None:
    results = page.current_results()
    assert results is not None
    person = results.rows[3].participant
    window.search_box.setText(person.code)
    assert shown_rows(page, COL_CODE) == [person.code]
    window.search_box.setText(person.name)
    assert person.name in shown_rows(page, COL_NAME)
    window.search_box.setText("华东区")
    assert len(shown_rows(page, COL_CODE)) == sum(
        1 for r in results.rows if "华东区" in r.participant.unit
    )
    window.search_box.clear()
    assert len(shown_rows(page, COL_CODE)) == len(results.rows)


def test_grade_filter(page: CyclesPage) -> None:
    results = page.current_results()
    assert results is not None
    combo = page.results_tab.grade_filter
    combo.setCurrentIndex(combo.findData("C"))
    final = page.results_tab.model.column("final_grade")
    shown = shown_rows(page, final)
    assert shown and set(shown) == {"C"}
    assert len(shown) == sum(1 for r in results.rows if r.card["final_grade"] == "C")
    combo.setCurrentIndex(0)
    assert len(shown_rows(page, final)) == len(results.rows)


def test_state_buttons_are_the_allowed_moves(qtbot: QtBot, page: CyclesPage) -> None:
    assert page.state_bar.targets() == [s.value for s in allowed_moves("open")]
    assert [b.objectName() for b in page.move_buttons()] == ["move_calibration", "move_draft"]
    assert "font-weight: 600" in page.state_bar.steps[allowed_moves("draft")[0]].styleSheet()
    show(qtbot, page, cycle_in(page, "confirmed"))
    assert page.state_bar.targets() == [s.value for s in allowed_moves("confirmed")]


def test_moving_back_without_a_reason_changes_nothing(
    qtbot: QtBot, page: CyclesPage, window: MainWindow
) -> None:
    cycle = current(page)
    assert page.move_to("draft", "   ") is None
    assert window.services.cycles.get(cycle.id).state == "open"
    assert "needs a reason" in window.status_message.text()


@shows_dialog
def test_moving_back_asks_for_a_reason(qtbot: QtBot, page: CyclesPage, window: MainWindow) -> None:
    cycle = current(page)
    button = next(b for b in page.move_buttons() if b.property("target_state") == "draft")
    button.click()
    dialog = page.move_dialog
    assert isinstance(dialog, MoveBackDialog)
    assert not dialog.ok_button().isEnabled()
    dialog.accept()  # refused: still open, nothing moved
    assert dialog.isVisible() and window.services.cycles.get(cycle.id).state == "open"
    dialog.reason_edit.setPlainText("目标录入有误，需要重新快照")
    assert dialog.ok_button().isEnabled()
    dialog.ok_button().click()
    finish(qtbot, page.operation)
    assert window.services.cycles.get(cycle.id).state == "draft"
    qtbot.waitUntil(lambda: current(page).state == "draft")
    assert page.state_bar.targets() == [s.value for s in allowed_moves("draft")]
    assert page.delete_action.isEnabled()


def test_forward_move_and_status_bar(qtbot: QtBot, page: CyclesPage, window: MainWindow) -> None:
    button = next(b for b in page.move_buttons() if b.property("target_state") == "calibration")
    button.click()
    finish(qtbot, page.operation)
    wait_scored(qtbot, page)
    assert current(page).state == "calibration"
    assert window.services.cycles.get(current(page).id).state == "calibration"
    assert window.status_counts.text().endswith("2026-Q2 appraisal calibration")
    assert "is now calibration" in window.status_message.text()
    assert calibration(page).apply_button.isEnabled()


def test_confirming_lists_the_items_nobody_rated(
    qtbot: QtBot, page: CyclesPage, window: MainWindow, shown_messages: ShownMessages
) -> None:
    move(qtbot, page, "calibration")
    results = page.current_results()
    assert results is not None and results.unconfirmable
    operation = page.request_move("confirmed")
    assert isinstance(operation, Operation)
    finish(qtbot, operation)
    assert operation.state.value == "failed"
    warning = shown_messages.texts("warning")[-1]
    assert "cannot be confirmed" in warning
    first = results.row_for(results.unconfirmable[0])
    assert first is not None and f"{first.code} {first.participant.name}: nobody rated" in warning
    assert window.services.cycles.get(current(page).id).state == "calibration"
    assert any("Confirm the results" in t for t in shown_messages.texts("question"))


def test_an_override_changes_the_final_grade_and_the_counts(
    qtbot: QtBot, page: CyclesPage, window: MainWindow
) -> None:
    move(qtbot, page, "calibration")
    results = page.current_results()
    assert results is not None
    last = results.rows[-1]
    assert last.card["final_grade"] == "D"
    before = {g["grade"]: g["count_final"] for g in results.distribution["grades"]}
    tab = calibration(page)
    assert page.results_tab.select_person(last.code)
    assert page.results_tab.adjust_action.isEnabled()
    page.results_tab.adjust_action.trigger()  # the results table's context menu
    assert page.tabs.currentWidget() is tab and tab.person.currentData() == last.code
    tab.grade.setCurrentIndex(tab.grade.findData("B"))
    tab.reason.setText("")
    assert not tab.apply_override()  # no reason: refused, nothing changes
    assert "reason" in window.status_message.text()
    assert window.services.cycles.participants(current(page).id)[0].override_grade is None

    tab.reason.setText("大客户年中转移至其他区域，业绩口径调整")
    assert tab.apply_override()
    wait_scored(qtbot, page)
    model = page.results_tab.model
    position = model.row_of(last.code)
    assert position is not None
    assert model.index(position, model.column("final_grade")).data(Display) == "B"
    assert model.index(position, model.column("band_grade")).data(Display) == "D"
    counts = {g["grade"]: g["count_final"] for g in tab.distribution_model.grades()}
    assert counts["B"] == before["B"] + 1 and counts["D"] == before["D"] - 1
    assert tab.chart.values()["Final"] == [counts[g] for g in tab.chart.grades()]
    assert tab.overrides_model.codes() == [last.code]
    assert page.results_tab.current_code() == last.code  # still chosen after rescoring

    page.undo_stack.undo()
    wait_scored(qtbot, page)
    position = model.row_of(last.code)
    assert position is not None
    assert model.index(position, model.column("final_grade")).data(Display) == "D"
    assert tab.overrides_model.codes() == []


def test_a_confirmed_cycle_is_read_only(qtbot: QtBot, page: CyclesPage) -> None:
    show(qtbot, page, cycle_in(page, "confirmed"))
    tab = calibration(page)
    assert page.read_only()
    assert not page.results_tab.adjust_action.isEnabled()
    for widget in (tab.person, tab.grade, tab.reason, tab.apply_button, tab.remove_button):
        assert not widget.isEnabled()
    assert "calibration only" in tab.state_hint.text()
    assert not page.delete_action.isEnabled()
    assert "read-only" in page.read_only_label.text()
    assert tab.overrides_model.rowCount() == 1  # the demo's calibrated person
    assert not tab.apply_override()
    finish(qtbot, page.check_operation)
    assert page.data_changed_since_confirmation() is False
    assert not page.notice.isVisibleTo(page)


def test_data_changed_since_confirmation_shows_a_notice(
    qtbot: QtBot, page: CyclesPage, window: MainWindow
) -> None:
    confirmed = cycle_in(page, "confirmed")
    with window.services.database.transaction() as s:
        appraisal = s.scalars(
            select(Appraisal).where(Appraisal.cycle_id == confirmed.id).order_by(Appraisal.id)
        ).first()
        assert appraisal is not None
        s.add(Adjustment(appraisal_id=appraisal.id, kind="deduction", points=3, reason="迟到"))
    show(qtbot, page, confirmed)
    finish(qtbot, page.check_operation)
    assert page.data_changed_since_confirmation() is True
    assert page.notice.isVisibleTo(page)
    assert "changed since confirmation" in page.notice.text()


def test_confirming_in_the_background(qtbot: QtBot, page: CyclesPage, window: MainWindow) -> None:
    """The confirmed demo cycle moved back (with a reason) and confirmed again."""
    show(qtbot, page, cycle_in(page, "confirmed"))
    move(qtbot, page, "calibration", "复核校准结果")
    assert current(page).state == "calibration" and not page.read_only()
    assert calibration(page).apply_button.isEnabled()
    operation = page.request_move("confirmed")
    assert isinstance(operation, Operation) and operation.cancellable
    finish(qtbot, operation)
    assert operation.state.value == "succeeded"
    wait_scored(qtbot, page)
    assert current(page).state == "confirmed"
    results = page.current_results()
    assert results is not None and results.frozen
    assert not calibration(page).apply_button.isEnabled()


@shows_dialog
def test_scorecard_explains_every_item(qtbot: QtBot, page: CyclesPage) -> None:
    results = page.current_results()
    assert results is not None
    table = page.results_tab.table
    index = table.model().index(2, COL_NAME)
    table.doubleClicked.emit(index)
    dialog = page.scorecard_dialog
    assert dialog is not None and dialog.isVisible()
    code = index.data(Qt.ItemDataRole.UserRole + 2)
    row = results.row_for(code)
    assert row is not None and dialog.row().code == code
    text = dialog.plain_text()
    for item in row.card["items"]:
        assert item["name"] in text
        assert item["explanation"] in text
        for warning in item["warnings"]:
            assert warning in text
    assert f"{Decimal(row.card['total']):,.2f}" in text
    assert "Band" in text and "Distributed" in text and "Final" in text
    dialog.next_button.click()
    assert dialog.row().code == table.model().index(3, COL_NAME).data(Qt.ItemDataRole.UserRole + 2)
    dialog.close()


@shows_dialog
def test_scorecard_says_flags_in_words(qtbot: QtBot, page: CyclesPage) -> None:
    show(qtbot, page, cycle_in(page, "confirmed"))
    results = page.current_results()
    assert results is not None
    flagged = next(r for r in results.rows if "pip" in r.card["flags"])
    dialog = page.show_scorecard(flagged.code)
    assert dialog is not None
    assert "Performance improvement plan (PIP) proposed" in dialog.plain_text()
    assert "frozen at confirmation" in dialog.plain_text()
    dialog.close()


@shows_dialog
def test_new_cycle_dialog_and_deleting_a_draft(
    qtbot: QtBot, page: CyclesPage, window: MainWindow
) -> None:
    with window.services.database.transaction() as s:
        item = s.scalars(select(SchemeItem).where(SchemeItem.name == "团队协作")).first()
        assert item is not None
        item.weight = Decimal(0)  # the rep scheme now adds up to 95
    dialog = page.open_new_cycle()
    assert not dialog.is_enabled(REP_Q)
    assert dialog.disabled_reason(REP_Q) == "weights add up to 95, 5 short of 100"
    supervisors = "销售主管季度考核方案"
    assert dialog.is_enabled(supervisors)
    dialog.scheme.setCurrentIndex(dialog.scheme.findData(supervisors, Qt.ItemDataRole.UserRole))
    dialog.period.setCurrentText("2026-03")
    assert dialog.name.text() == "2026-03 销售主管季度考核"
    dialog.ok_button().click()  # a quarterly scheme needs a quarter: refused in the dialog
    assert dialog.isVisible() and dialog.error.isVisible()
    dialog.period.setCurrentText("2026-Q1")
    assert dialog.name.text() == "2026-Q1 销售主管季度考核"
    dialog.ok_button().click()
    assert not dialog.isVisible()
    wait_scored(qtbot, page)
    created = current(page)
    assert created.name == "2026-Q1 销售主管季度考核" and created.state == "draft"
    assert created.participants > 0
    assert page.state_bar.targets() == ["open"]
    assert page.delete_action.isEnabled()
    assert page.delete_cycle()
    assert created.id not in [c.id for c in window.services.cycles.list_cycles()]
    assert current(page).id != created.id


def test_chinese_labels(qtbot: QtBot, chinese: None, demo_path: Path) -> None:
    window = build_main_window(demo_path)
    qtbot.addWidget(window)
    try:
        cycles_page = window.pages["cycles"]
        assert isinstance(cycles_page, CyclesPage)
        cycles_page.refresh()
        finish(qtbot, cycles_page.results_operation)
        assert window.status_counts.text().endswith("2026-Q2 考核进行中")
        model = cycles_page.results_tab.model
        assert model.headerData(model.column("final_grade"), Qt.Orientation.Horizontal) == "最终"
        assert [b.text() for b in cycles_page.move_buttons()] == ["进入校准", "退回草稿…"]
        tabs = [cycles_page.tabs.tabText(i) for i in range(cycles_page.tabs.count())]
        assert tabs[0] == "结果" and "校准" in tabs
        assert "进行中" in cycles_page.cycle_list.model().index(0, 0).data(Display)
    finally:
        for operation in running_operations():
            finish(qtbot, operation)
        window.shutdown()


def test_cancelling_a_confirmation_leaves_the_cycle_as_it_was(
    qtbot: QtBot, page: CyclesPage, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    show(qtbot, page, cycle_in(page, "confirmed"))
    move(qtbot, page, "calibration", "复核校准结果")
    real_advance = page.cycles.advance

    def advance_until_cancelled(ref: Any, to: Any, *, reason: str = "", progress: Any) -> Any:
        # Scoring that reports progress until the user presses Cancel.
        for _ in range(2000):
            if progress(10, "scoring…") is False:
                break
            time.sleep(0.005)
        return real_advance(ref, to, reason=reason, progress=progress)

    monkeypatch.setattr(page.cycles, "advance", advance_until_cancelled)
    operation = page.request_move("confirmed")
    assert isinstance(operation, Operation)
    operation.cancel()  # what the progress dialog's Cancel button does
    finish(qtbot, operation)
    assert operation.state.value == "cancelled"
    assert window.services.cycles.get(current(page).id).state == "calibration"
    assert "did not move" in window.status_message.text()


def test_refreshing_reads_the_participants_once_for_all_tabs(
    qtbot: QtBot, page: CyclesPage, participant_reads: list[int]
) -> None:
    page.refresh()
    finish(qtbot, page.results_operation)
    assert participant_reads == [current(page).id]
    listed = [
        len(getattr(widget, "_people", None) or getattr(widget, "_participants", None) or ())
        for widget in page.tab_widgets
        if hasattr(widget, "_people") or hasattr(widget, "_participants")
    ]
    assert len(listed) >= 3 and set(listed) == {current(page).participants}  # all tabs have them


def test_hidden_tabs_reload_when_shown_not_while_the_page_refreshes(
    qtbot: QtBot, window: MainWindow, page: CyclesPage
) -> None:
    """A refresh reloads the tab on show; the others, stale, reload when next shown (a
    renamed member of staff then appears renamed among the raters)."""
    ratings = page.tab("ratings")
    assert ratings is not None and page.tabs.currentWidget() is page.results_tab
    services = window.services
    rater = services.staff.list_staff(include_left=False)[0]
    refreshed: list[str] = []
    real_refresh = ratings.refresh  # type: ignore[attr-defined]

    def spying() -> None:
        refreshed.append("ratings")
        real_refresh()

    ratings.refresh = spying  # type: ignore[attr-defined]
    services.staff.update_staff(rater.id, rater.version, name="改名测试")
    page.refresh()
    finish(qtbot, page.results_operation)
    assert refreshed == []
    page.tabs.setCurrentWidget(ratings)
    assert refreshed == ["ratings"]
    combo = ratings.rater_person  # type: ignore[attr-defined]
    assert combo.itemText(combo.findData(rater.id)) == f"{rater.code} 改名测试"
    page.tabs.setCurrentWidget(page.results_tab)
    page.tabs.setCurrentWidget(ratings)
    assert refreshed == ["ratings"]  # once: it was not stale any more
