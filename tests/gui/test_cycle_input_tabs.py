"""The Cycles page's input tabs on the demo company (a confirmed 2026-Q1 cycle with
interviews and one rejected appeal, an open 2026-Q2 cycle whose key tasks are not rated
yet): 重点工作 edits reach the database through the model as one undo step and the score
preview follows, refusals write nothing; 加扣分 refuses an adjustment without a reason and a
veto with points; 面谈 refuses a refusal without its reason and counts the progress; 申诉
refuses filing in an open cycle and after the deadline, shows overdue appeals, and an
upheld decision moves the cycle back to calibration."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, QModelIndex, Qt
from pytestqt.qtbot import QtBot

from salesdesk.services.cycles import CycleSummary
from salesdesk.services.interviews import AppealOutcome
from salesdesk.services.registry import Services
from salesdesk.ui.main_window import MainWindow
from salesdesk.ui.models.cycle_inputs import (
    ADJ_COL_POINTS,
    ADJ_COL_REASON,
    APPEAL_COL_OVERDUE,
    COL_COMPLETION,
    COL_DESCRIPTION,
    COL_WEIGHT,
    AdjustmentsModel,
    AdjustmentsProxy,
    AppealsModel,
    KeyTasksModel,
    PersonAdjustment,
)
from salesdesk.ui.pages.cycle_tabs import adjustments, appeals, interviews, key_tasks
from salesdesk.ui.pages.cycle_tabs.adjustments import AdjustmentsTab
from salesdesk.ui.pages.cycle_tabs.appeals import AppealsTab
from salesdesk.ui.pages.cycle_tabs.interviews import InterviewsTab
from salesdesk.ui.pages.cycle_tabs.key_tasks import KeyTasksTab
from salesdesk.ui.pages.cycles import CyclesPage
from tests.gui.conftest import ShownMessages, finish

Display = Qt.ItemDataRole.DisplayRole
Edit = Qt.ItemDataRole.EditRole
Tip = Qt.ItemDataRole.ToolTipRole
shows_dialog = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")


@pytest.fixture
def window(qtbot: QtBot, make_window: Any, demo_file: Path, tmp_path: Path) -> MainWindow:
    path = tmp_path / "demo.db"
    shutil.copy(demo_file, path)
    main: MainWindow = make_window(path)
    # Shown, so the tabs read what they show when they are shown, as for the user.
    main.show()
    qtbot.waitExposed(main)
    return main


@pytest.fixture
def page(qtbot: QtBot, window: MainWindow) -> CyclesPage:
    """The Cycles page with the open 2026-Q2 cycle scored."""
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


def wait_scored(qtbot: QtBot, page: CyclesPage) -> None:
    finish(qtbot, page.results_operation)
    qtbot.waitUntil(lambda: page.current_results() is not None, timeout=20_000)


def show_confirmed(qtbot: QtBot, page: CyclesPage) -> CycleSummary:
    confirmed = next(c for c in page.cycles.list_cycles() if c.state == "confirmed")
    assert page.select_cycle(confirmed.id)
    wait_scored(qtbot, page)
    return confirmed


def key_tasks_tab(page: CyclesPage) -> KeyTasksTab:
    tab = page.tab("key_tasks")
    assert isinstance(tab, KeyTasksTab)
    return tab


def adjustments_tab(qtbot: QtBot, page: CyclesPage) -> AdjustmentsTab:
    """The 加扣分 tab, shown, with the cycle's adjustments read (in the background)."""
    tab = page.tab("adjustments")
    assert isinstance(tab, AdjustmentsTab)
    page.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(tab.loaded, timeout=20_000)
    return tab


def interviews_tab(qtbot: QtBot, page: CyclesPage) -> InterviewsTab:
    """The 面谈 tab, shown, with the cycle's interviews counted (in the background)."""
    tab = page.tab("interviews")
    assert isinstance(tab, InterviewsTab)
    page.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(tab.counted, timeout=20_000)
    return tab


def test_adjustments_and_interviews_are_read_when_shown(page: CyclesPage) -> None:
    adjusted = page.tab("adjustments")
    counted = page.tab("interviews")
    assert isinstance(adjusted, AdjustmentsTab) and isinstance(counted, InterviewsTab)
    assert not adjusted.loaded() and adjusted.load_operation is None
    assert not counted.counted() and counted.count_operation is None


def appeals_tab(page: CyclesPage) -> AppealsTab:
    tab = page.tab("appeals")
    assert isinstance(tab, AppealsTab)
    return tab


def cell(tab: KeyTasksTab, row: int, column: int) -> QModelIndex:
    model = tab.grid.model()
    return model.index(row, column)


# --------------------------------------------------------------------------- the tabs


def test_the_tabs_join_the_page_in_order(page: CyclesPage) -> None:
    titles = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    wanted = ["Key tasks", "Adjustments", "Interviews", "Appeals"]
    assert [t for t in titles if t in wanted] == wanted
    assert titles.index("Key tasks") < titles.index("Calibration") < titles.index("Interviews")
    assert key_tasks_tab(page).main_view().objectName() == "keyTasksGrid"


def test_titles_in_chinese(chinese: None) -> None:
    titles = [m.CYCLE_TAB.title() for m in (key_tasks, adjustments, interviews, appeals)]
    assert titles == ["重点工作", "加扣分", "面谈", "申诉"]


def test_models_pass_the_model_tester(qtmodeltester: Any, demo_file: Path, tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    shutil.copy(demo_file, path)
    services = Services.open(path)
    try:
        confirmed = next(c for c in services.cycles.list_cycles() if c.state == "confirmed")
        people = services.cycles.participants(confirmed.id)
        tasks = KeyTasksModel(services.appraisal_inputs)
        tasks.set_person(confirmed.id, people[0].code, people[0].name)
        assert tasks.rowCount() > 0
        qtmodeltester.check(tasks)

        rows = [
            PersonAdjustment(p.code, p.name, row)
            for p in people
            for row in services.appraisal_inputs.list_adjustments(confirmed.id, p.code)
        ]
        adjusted = AdjustmentsModel(services.appraisal_inputs)
        adjusted.set_rows(confirmed.id, rows, {p.code: p.name for p in people})
        assert adjusted.rowCount() == 4
        qtmodeltester.check(adjusted)
        proxy = AdjustmentsProxy()
        proxy.setSourceModel(adjusted)
        qtmodeltester.check(proxy)

        appealed = AppealsModel()
        appealed.set_appeals(services.interviews.list_appeals(confirmed.id))
        assert appealed.rowCount() == 1
        qtmodeltester.check(appealed)
    finally:
        services.close()


# --------------------------------------------------------------------------- key tasks


def test_completion_edit_writes_and_the_preview_follows(
    qtbot: QtBot, page: CyclesPage, window: MainWindow
) -> None:
    tab = key_tasks_tab(page)
    summary = current(page)
    code = tab.picker.current_code()
    assert code is not None
    tasks = window.services.appraisal_inputs.list_tasks(summary.id, code)
    assert tasks and all(t.completion is None for t in tasks)
    assert "not rated yet" in tab.preview.text()

    assert tab.grid.model().setData(cell(tab, 0, COL_COMPLETION), "90", Edit)
    stored = window.services.appraisal_inputs.list_tasks(summary.id, code)
    assert stored[0].completion == Decimal("90")
    assert cell(tab, 0, COL_COMPLETION).data(Display) == "90.0%"
    completion = stored[0].weight * 90 / sum(t.weight for t in stored)
    assert f"= {completion:.1f}%" in tab.preview.text()
    assert page.undo_stack.count() == 1

    # The page rescores; the score in the results follows the edit.
    wait_scored(qtbot, page)
    results = page.current_results()
    assert results is not None
    row = results.row_for(code)
    assert row is not None
    item = next(i for i in row.card["items"] if i["kind"] == "key_tasks")
    expected = (Decimal(item["weight"]) * completion / 100).quantize(Decimal("0.01"))
    assert Decimal(item["score"]) == expected
    assert f"In the current results: {item['score']} points" in tab.preview.text()

    page.undo_stack.undo()
    assert window.services.appraisal_inputs.list_tasks(summary.id, code)[0].completion is None
    assert cell(tab, 0, COL_COMPLETION).data(Display) == ""
    page.undo_stack.redo()
    assert window.services.appraisal_inputs.list_tasks(summary.id, code)[0].completion == 90


def test_weight_zero_is_refused_with_nothing_written(page: CyclesPage, window: MainWindow) -> None:
    tab = key_tasks_tab(page)
    summary = current(page)
    code = tab.picker.current_code()
    assert code is not None
    before = window.services.appraisal_inputs.list_tasks(summary.id, code)
    messages: list[str] = []
    tab.status.connect(messages.append)
    assert not tab.grid.model().setData(cell(tab, 0, COL_WEIGHT), "0", Edit)
    assert window.services.appraisal_inputs.list_tasks(summary.id, code) == before
    assert cell(tab, 0, COL_WEIGHT).data(Display) == f"{before[0].weight.normalize():f}"
    assert "above 0" in str(cell(tab, 0, COL_WEIGHT).data(Tip))
    assert messages and "above 0" in messages[-1]
    assert page.undo_stack.count() == 0
    # A completion over 100 likewise.
    assert not tab.grid.model().setData(cell(tab, 0, COL_COMPLETION), "150", Edit)
    assert window.services.appraisal_inputs.list_tasks(summary.id, code) == before


def test_a_pasted_block_with_a_refused_cell_changes_nothing(
    page: CyclesPage, window: MainWindow, shown_messages: ShownMessages
) -> None:
    tab = key_tasks_tab(page)
    summary = current(page)
    code = tab.picker.current_code()
    assert code is not None
    before = window.services.appraisal_inputs.list_tasks(summary.id, code)
    assert len(before) >= 2
    tab.grid.setCurrentIndex(cell(tab, 0, COL_COMPLETION))
    assert tab.grid.paste("80\n101") == 0
    assert window.services.appraisal_inputs.list_tasks(summary.id, code) == before
    assert shown_messages.texts("warning")
    assert tab.grid.paste("80\n60") == 2
    after = window.services.appraisal_inputs.list_tasks(summary.id, code)
    assert [t.completion for t in after[:2]] == [80, 60]
    page.undo_stack.undo()  # the block is one step
    undone = window.services.appraisal_inputs.list_tasks(summary.id, code)
    assert [t.completion for t in undone] == [t.completion for t in before]


def test_add_move_delete_and_undo(page: CyclesPage, window: MainWindow) -> None:
    tab = key_tasks_tab(page)
    summary = current(page)
    code = tab.picker.current_code()
    assert code is not None
    inputs = window.services.appraisal_inputs
    before = [t.description for t in inputs.list_tasks(summary.id, code)]

    assert not tab.add_task("   ", "10")  # a description is required
    assert not tab.add_task("开拓两家新的重点客户", "0")  # weight above 0
    assert [t.description for t in inputs.list_tasks(summary.id, code)] == before
    assert tab.add_task("开拓两家新的重点客户", "20")
    assert [t.description for t in inputs.list_tasks(summary.id, code)] == [
        *before,
        "开拓两家新的重点客户",
    ]
    assert tab.model.rowCount() == len(before) + 1

    tab.grid.setCurrentIndex(cell(tab, len(before), COL_DESCRIPTION))
    assert tab.move_current(-1)
    moved = [t.description for t in inputs.list_tasks(summary.id, code)]
    assert moved[-2] == "开拓两家新的重点客户"
    assert tab.grid.currentIndex().row() == len(before) - 1

    tab.grid.setCurrentIndex(cell(tab, 0, COL_DESCRIPTION))
    tab.grid.clearSelection()
    first = tab.model.task_at(0)
    assert tab.delete_selected() == 1
    assert first.description not in [t.description for t in inputs.list_tasks(summary.id, code)]

    page.undo_stack.undo()  # the deleted task comes back at its place, completion and all
    restored = inputs.list_tasks(summary.id, code)
    assert [t.description for t in restored] == moved
    assert (restored[0].weight, restored[0].completion) == (first.weight, first.completion)
    page.undo_stack.undo()  # the move
    assert [t.description for t in inputs.list_tasks(summary.id, code)][
        -1
    ] == "开拓两家新的重点客户"
    page.undo_stack.undo()  # the add
    assert [t.description for t in inputs.list_tasks(summary.id, code)] == before
    page.undo_stack.redo()
    page.undo_stack.redo()
    page.undo_stack.redo()
    assert len(inputs.list_tasks(summary.id, code)) == len(before)
    assert "开拓两家新的重点客户" in [t.description for t in inputs.list_tasks(summary.id, code)]


def test_a_task_changed_elsewhere_is_refused_and_reloaded(
    page: CyclesPage, window: MainWindow
) -> None:
    tab = key_tasks_tab(page)
    task = tab.model.task_at(0)
    window.services.appraisal_inputs.edit_task(task.id, task.version, note="改过")
    assert not tab.grid.model().setData(cell(tab, 0, COL_COMPLETION), "50", Edit)
    assert tab.model.task_at(0).note == "改过"
    assert tab.model.task_at(0).completion is None


def test_follows_the_person_chosen_on_the_page(qtbot: QtBot, page: CyclesPage) -> None:
    results = page.current_results()
    assert results is not None
    code = results.rows[5].code
    assert page.results_tab.select_person(code)
    tab = key_tasks_tab(page)
    assert tab.picker.current_code() == code
    assert tab.model.code == code


def test_confirmed_cycle_is_read_only_with_the_reason(qtbot: QtBot, page: CyclesPage) -> None:
    show_confirmed(qtbot, page)
    tab = key_tasks_tab(page)
    assert tab.model.rowCount() > 0
    index = cell(tab, 0, COL_COMPLETION)
    assert not tab.grid.model().flags(index) & Qt.ItemFlag.ItemIsEditable
    assert not tab.grid.model().setData(index, "10", Edit)
    assert "this cycle is confirmed" in tab.state_hint.text()
    assert not tab.add_button.isEnabled()
    assert "In the current results" in tab.preview.text()


# --------------------------------------------------------------------------- adjustments


def test_adjustment_refusals_write_nothing(
    qtbot: QtBot, page: CyclesPage, window: MainWindow
) -> None:
    tab = adjustments_tab(qtbot, page)
    summary = current(page)
    code = tab.person.itemData(0)
    messages: list[str] = []
    tab.status.connect(messages.append)
    assert not tab.add_adjustment(code, "bonus", "3", "  ")
    assert "reason" in messages[-1]
    assert not tab.add_adjustment(code, "veto", "5", "严重违规")
    assert "no points" in messages[-1]
    assert not tab.add_adjustment(code, "deduction", "0", "迟交报表")
    assert window.services.appraisal_inputs.list_adjustments(summary.id, code) == []
    assert tab.model.rowCount() == 0
    assert page.undo_stack.count() == 0


def test_adding_a_bonus_counts_up_to_the_cap(
    qtbot: QtBot, page: CyclesPage, window: MainWindow
) -> None:
    tab = adjustments_tab(qtbot, page)
    summary = current(page)
    code = str(tab.person.itemData(2))
    tab.person.setCurrentIndex(2)
    tab.kind.setCurrentIndex(tab.kind.findData("bonus"))
    tab.points.setText("12")
    tab.reason.setText("季度销售冠军")
    assert tab.add_from_form()
    stored = window.services.appraisal_inputs.list_adjustments(summary.id, code)
    assert [(a.kind.value, a.points, a.reason) for a in stored] == [
        ("bonus", Decimal("12.00"), "季度销售冠军")
    ]
    assert tab.model.rowCount() == 1
    wait_scored(qtbot, page)
    results = page.current_results()
    assert results is not None
    row = results.row_for(code)
    assert row is not None and row.card["bonus"] == "10.00"
    assert "bonus cap 10 points" in tab.info.text()
    assert "counted in the results 10.00" in tab.form_info.text()
    assert "2.00 over the cap" in tab.form_info.text()

    # Points edited in the table, then undone.
    points = tab.proxy.index(0, ADJ_COL_POINTS)
    assert tab.table.model().setData(points, "4", Edit)
    assert window.services.appraisal_inputs.list_adjustments(summary.id, code)[0].points == 4
    assert not tab.table.model().setData(tab.proxy.index(0, ADJ_COL_REASON), "", Edit)
    assert window.services.appraisal_inputs.list_adjustments(summary.id, code)[0].reason
    page.undo_stack.undo()
    assert window.services.appraisal_inputs.list_adjustments(summary.id, code)[0].points == 12
    page.undo_stack.undo()
    assert window.services.appraisal_inputs.list_adjustments(summary.id, code) == []
    assert tab.model.rowCount() == 0
    page.undo_stack.redo()
    assert len(window.services.appraisal_inputs.list_adjustments(summary.id, code)) == 1


def test_a_veto_has_no_points_and_delete_undoes(
    qtbot: QtBot, page: CyclesPage, window: MainWindow
) -> None:
    tab = adjustments_tab(qtbot, page)
    summary = current(page)
    tab.kind.setCurrentIndex(tab.kind.findData("veto"))
    assert not tab.points.isEnabled()
    code = str(tab.person.currentData())
    assert tab.add_adjustment(code, "veto", None, "伪造客户签字")
    points = tab.proxy.index(0, ADJ_COL_POINTS)
    assert points.data(Display) == "—"
    assert not tab.table.model().flags(points) & Qt.ItemFlag.ItemIsEditable
    tab.table.setCurrentIndex(tab.proxy.index(0, ADJ_COL_REASON))
    assert tab.delete_selected() == 1
    assert window.services.appraisal_inputs.list_adjustments(summary.id, code) == []
    page.undo_stack.undo()
    restored = window.services.appraisal_inputs.list_adjustments(summary.id, code)
    assert [(a.kind.value, a.reason) for a in restored] == [("veto", "伪造客户签字")]


def test_adjustments_filter_by_person_and_read_only_when_confirmed(
    qtbot: QtBot, page: CyclesPage
) -> None:
    show_confirmed(qtbot, page)
    tab = adjustments_tab(qtbot, page)
    assert tab.model.rowCount() == 4
    codes = {tab.model.row_at(r).code for r in range(tab.model.rowCount())}
    chosen = sorted(codes)[0]
    tab.filter.setCurrentIndex(tab.filter.findData(chosen))
    assert tab.proxy.rowCount() == 1
    tab.filter.setCurrentIndex(0)
    assert tab.proxy.rowCount() == 4
    assert not tab.add_button.isEnabled()
    assert "this cycle is confirmed" in tab.state_hint.text()
    assert not tab.table.model().setData(tab.proxy.index(0, ADJ_COL_REASON), "新的理由", Edit)
    assert not tab.add_adjustment(chosen, "bonus", "1", "理由")


# --------------------------------------------------------------------------- interviews


def test_interview_refusal_needs_a_reason(
    qtbot: QtBot, page: CyclesPage, window: MainWindow
) -> None:
    summary = show_confirmed(qtbot, page)
    tab = interviews_tab(qtbot, page)
    records = {
        p.code: window.services.interviews.get_interview(summary.id, p.code)
        for p in tab.picker.people()
    }
    done = sum(1 for r in records.values() if r.interview_date is not None)
    confirmed = sum(1 for r in records.values() if r.confirmed_on is not None)
    refused = sum(1 for r in records.values() if r.refused)
    assert tab.progress.text() == (
        f"Interviewed {done} / {len(records)}, confirmed {confirmed}, refused {refused}"
    )
    code = next(c for c, r in records.items() if r.version is None)
    tab.set_person(code)
    assert tab.save_button.isEnabled()
    tab.held.setChecked(True)
    tab.interview_date.setDate(QDate(2026, 4, 12))
    tab.notes.setPlainText("回顾本季度业绩")
    tab.goals.setPlainText("提升回款率")
    tab.refused_choice.setChecked(True)
    assert not tab.save()
    assert "reason" in tab.form_error.text()
    assert window.services.interviews.get_interview(summary.id, code).version is None

    tab.refusal_reason.setText("不认同新客户数的统计")
    assert tab.save()
    stored = window.services.interviews.get_interview(summary.id, code)
    assert stored.refused and stored.refusal_reason == "不认同新客户数的统计"
    assert stored.interview_date == date(2026, 4, 12) and stored.confirmed_on is None
    assert tab.progress.text() == (
        f"Interviewed {done + 1} / {len(records)}, confirmed {confirmed}, refused {refused + 1}"
    )

    # Confirmation replaces the refusal (the two exclude each other).
    tab.confirmed_choice.setChecked(True)
    tab.confirmed_on.setDate(QDate(2026, 4, 13))
    assert tab.save()
    stored = window.services.interviews.get_interview(summary.id, code)
    assert not stored.refused and stored.confirmed_on == date(2026, 4, 13)

    page.undo_stack.undo()
    stored = window.services.interviews.get_interview(summary.id, code)
    assert stored.refused and stored.confirmed_on is None
    assert tab.refused_choice.isChecked()


def test_interview_shows_the_grade_and_development_flags(qtbot: QtBot, page: CyclesPage) -> None:
    show_confirmed(qtbot, page)
    tab = interviews_tab(qtbot, page)
    results = page.current_results()
    assert results is not None
    pip = next(r for r in results.rows if "pip" in r.card["flags"])
    tab.set_person(pip.code)
    assert tab.grade.text() == pip.card["final_grade"]
    assert "Propose a performance improvement plan (PIP)" in tab.flags.text()
    assert tab.pip_hint.isVisibleTo(tab)
    plain = next(r for r in results.rows if not r.card["flags"])
    tab.set_person(plain.code)
    assert tab.flags.text() == "No development flags"


def test_unsaved_interview_is_saved_when_switching_person(
    qtbot: QtBot, page: CyclesPage, window: MainWindow, shown_messages: ShownMessages
) -> None:
    summary = show_confirmed(qtbot, page)
    tab = interviews_tab(qtbot, page)
    first = tab.picker.current_code()
    assert first is not None
    tab.goals.setPlainText("下季度新开两家重点客户")
    tab.picker.step(1)
    assert shown_messages.texts("question")
    assert window.services.interviews.get_interview(summary.id, first).improvement_goals == (
        "下季度新开两家重点客户"
    )


def test_interviews_only_while_confirmed(qtbot: QtBot, page: CyclesPage) -> None:
    tab = interviews_tab(qtbot, page)
    assert "once the results are confirmed; this cycle is open" in tab.state_hint.text()
    assert not tab.save_button.isEnabled()
    assert not tab.save()


# --------------------------------------------------------------------------- appeals


def test_filing_in_an_open_cycle_is_refused(page: CyclesPage, window: MainWindow) -> None:
    tab = appeals_tab(page)
    summary = current(page)
    code = window.services.cycles.participants(summary.id)[0].code
    assert not tab.file_button.isEnabled()
    assert "this cycle is open" in tab.state_hint.text()
    refusal = tab.file_appeal(code, "结果有误")
    assert refusal is not None and "open" in refusal
    assert window.services.interviews.list_appeals(summary.id) == []


@shows_dialog
def test_filing_after_the_deadline_is_refused_and_old_appeals_are_overdue(
    qtbot: QtBot, page: CyclesPage, window: MainWindow
) -> None:
    summary = show_confirmed(qtbot, page)
    tab = appeals_tab(page)
    deadline = window.services.interviews.appeal_deadline(summary.id)
    assert tab.deadline.text() == f"Appeals close on {deadline.isoformat()}"
    assert tab.model.rowCount() == 1

    tab.today = lambda: deadline + timedelta(days=30)
    dialog = tab.open_file_dialog()
    assert dialog is not None
    code = window.services.cycles.participants(summary.id)[3].code
    dialog.person.setCurrentIndex(dialog.person.findData(code))
    dialog.grounds.setPlainText("新客户统计漏了一家")
    assert not dialog.submit()
    assert f"ended on {deadline.isoformat()}" in dialog.error.text()
    assert dialog.isVisible()
    assert len(window.services.interviews.list_appeals(summary.id)) == 1

    dialog.set_filed_on(deadline - timedelta(days=1))
    assert dialog.submit()
    appealed = window.services.interviews.list_appeals(summary.id, today=tab.today())
    assert len(appealed) == 2 and appealed[-1].staff_code == code
    assert appealed[-1].overdue
    row = tab.model.row_of(appealed[-1].id)
    assert row is not None
    overdue = tab.model.index(row, APPEAL_COL_OVERDUE)
    assert "overdue" in overdue.data(Display)
    assert overdue.data(Qt.ItemDataRole.ForegroundRole).color().name() == "#c62828"
    assert "1 pending, 1 overdue" in tab.counts.text()


@shows_dialog
def test_upheld_appeal_reopens_the_cycle_to_calibration(
    qtbot: QtBot, page: CyclesPage, window: MainWindow, shown_messages: ShownMessages
) -> None:
    summary = show_confirmed(qtbot, page)
    tab = appeals_tab(page)
    deadline = window.services.interviews.appeal_deadline(summary.id)
    code = window.services.cycles.participants(summary.id)[5].code
    assert tab.file_appeal(code, "回款统计口径有误", deadline) is None
    appeal = tab.current_appeal()
    assert appeal is not None and appeal.staff_code == code

    tab.facts.setPlainText("核对回款记录")
    tab.resolution.setPlainText("更正回款率后重新计分")
    assert tab.save_findings()
    stored = window.services.interviews.get_appeal(appeal.id)
    assert (stored.facts, stored.resolution) == ("核对回款记录", "更正回款率后重新计分")

    # Saying no to the warning changes nothing.
    shown_messages.answer = shown_messages.answer.No
    assert tab.decide(appeal.id, AppealOutcome.UPHELD, "更正回款率") == ""
    assert window.services.cycles.get(summary.id).state == "confirmed"

    shown_messages.answer = shown_messages.answer.Yes
    dialog = tab.open_decide_dialog()
    assert dialog is not None
    dialog.upheld_choice.setChecked(True)
    assert dialog.upheld_note.isVisibleTo(dialog)
    assert dialog.submit()
    assert any("back to calibration" in t for t in shown_messages.texts("question"))
    assert window.services.cycles.get(summary.id).state == "calibration"
    decided = window.services.interviews.get_appeal(appeal.id)
    assert decided.outcome is AppealOutcome.UPHELD
    # The page reloaded the cycle: its state and every tab follow.
    assert current(page).state == "calibration"
    wait_scored(qtbot, page)
    assert not tab.file_button.isEnabled()
    row = tab.model.row_of(appeal.id)
    assert row is not None
    assert tab.model.index(row, 5).data(Display) == "Upheld"
    assert key_tasks_tab(page).model.editable()
