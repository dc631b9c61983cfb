"""The 评分 (ratings) tab of the Cycles page on the demo company (an open 2026-Q2 cycle where
some people are rated, a confirmed 2026-Q1): a typed rating is written through the service
and undone as one step; a 5 without a written example is refused unless the comment dialog
gets one; a pasted block with one bad value, or one the service refuses, writes nothing
and names it; Delete clears; raters get columns; the comment panel edits comments; the
confirmed cycle refuses edits and says why; R and the score follow once the page has
rescored."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QLineEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from salesdesk.db.models import AuditEntry
from salesdesk.services.appraisal_inputs import RatingRow
from salesdesk.services.cycle_scoring import ParticipantInfo
from salesdesk.services.cycles import CycleSummary
from salesdesk.services.registry import Services
from salesdesk.ui.main_window import MainWindow
from salesdesk.ui.models.ratings import (
    COL_FIRST_RATER,
    COL_ITEM,
    COL_R,
    COL_SCORE,
    COL_WEIGHT,
    COMMENT_ROLE,
    CommentRequest,
    RaterColumn,
    RatingsModel,
)
from salesdesk.ui.operations import running_operations
from salesdesk.ui.pages.cycle_tabs import ratings as ratings_tab
from salesdesk.ui.pages.cycle_tabs.ratings import RatingsTab
from salesdesk.ui.pages.cycles import CyclesPage
from tests.gui.conftest import ShownMessages, finish

Display = Qt.ItemDataRole.DisplayRole
Edit = Qt.ItemDataRole.EditRole
Tooltip = Qt.ItemDataRole.ToolTipRole


@pytest.fixture
def window(qtbot: QtBot, make_window: Any, demo_file: Path, tmp_path: Path) -> Iterator[MainWindow]:
    path = tmp_path / "demo.db"
    shutil.copy(demo_file, path)
    main: MainWindow = make_window(path)
    yield main
    # Background work (a rescoring) ends before the database closes.
    for operation in running_operations():
        finish(qtbot, operation)


@pytest.fixture
def page(qtbot: QtBot, window: MainWindow) -> CyclesPage:
    """The Cycles page with the open 2026-Q2 cycle scored and the ratings tab current."""
    window.show_page("cycles")
    cycles_page = window.pages["cycles"]
    assert isinstance(cycles_page, CyclesPage)
    cycles_page.refresh()
    finish(qtbot, cycles_page.results_operation)
    summary = cycles_page.current_cycle()
    assert summary is not None and summary.state == "open"
    cycles_page.tabs.setCurrentWidget(tab_of(cycles_page))
    return cycles_page


@pytest.fixture
def tab(page: CyclesPage) -> RatingsTab:
    return tab_of(page)


@pytest.fixture
def services(window: MainWindow) -> Services:
    return window.services


@pytest.fixture
def auto_comment(monkeypatch: pytest.MonkeyPatch) -> list[CommentRequest]:
    """The comment dialog answers "签下全年最大订单" at once; the requests are recorded."""
    asked: list[CommentRequest] = []

    def ask(_parent: object, request: CommentRequest, _person: str) -> str | None:
        asked.append(request)
        return "签下全年最大订单"

    monkeypatch.setattr(ratings_tab.CommentDialog, "ask", staticmethod(ask))
    return asked


@pytest.fixture
def cancel_comment(monkeypatch: pytest.MonkeyPatch) -> list[CommentRequest]:
    """The comment dialog is cancelled."""
    asked: list[CommentRequest] = []

    def ask(_parent: object, request: CommentRequest, _person: str) -> str | None:
        asked.append(request)
        return None

    monkeypatch.setattr(ratings_tab.CommentDialog, "ask", staticmethod(ask))
    return asked


# --------------------------------------------------------------------------- helpers


def tab_of(page: CyclesPage) -> RatingsTab:
    widget = page.tab("ratings")
    assert isinstance(widget, RatingsTab)
    return widget


def cycle(page: CyclesPage) -> CycleSummary:
    summary = page.current_cycle()
    assert summary is not None
    return summary


def participant(services: Services, cycle_id: int, *, rated: bool) -> ParticipantInfo:
    """The first participant with (or without) ratings in the cycle."""
    return next(
        p
        for p in services.cycles.participants(cycle_id)
        if bool(services.appraisal_inputs.list_ratings(cycle_id, p.code)) == rated
    )


def ratings(services: Services, cycle_id: int, code: str) -> list[RatingRow]:
    return services.appraisal_inputs.list_ratings(cycle_id, code)


def show(tab: RatingsTab, code: str) -> None:
    tab.select_person(code)
    assert tab.current_code() == code and tab.model.staff == code


def column_of(tab: RatingsTab, code: str, role: str) -> int:
    for position, rater in enumerate(tab.model.raters()):
        if (rater.code, rater.role) == (code, role):
            return COL_FIRST_RATER + position
    raise AssertionError(f"no column for {code} as {role}")


def cell(tab: RatingsTab, row: int, code: str, role: str) -> QModelIndex:
    return tab.model.index(row, column_of(tab, code, role))


def select_block(tab: RatingsTab, top_left: QModelIndex, bottom_right: QModelIndex) -> None:
    tab.grid.setCurrentIndex(top_left)
    tab.grid.selectionModel().select(
        QItemSelection(top_left, bottom_right), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )


def type_into(qtbot: QtBot, tab: RatingsTab, text: str) -> None:
    """Type into the grid's current cell and press Enter, as a user does: the first key
    opens the cell editor, Enter commits it."""
    qtbot.keyClicks(tab.grid, text)
    assert tab.grid.state() == QAbstractItemView.State.EditingState
    (editor,) = tab.grid.viewport().findChildren(QLineEdit)
    assert editor.text() == text
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # The delegate commits on the next turn of the event loop.
    qtbot.waitUntil(lambda: tab.grid.state() != QAbstractItemView.State.EditingState)


def wait_scored(qtbot: QtBot, page: CyclesPage) -> None:
    finish(qtbot, page.results_operation)
    qtbot.waitUntil(lambda: page.current_results() is not None, timeout=20_000)


def manager_code(services: Services, person: ParticipantInfo) -> str:
    row = services.staff.find_by_code(person.code)
    assert row is not None and row.manager_code is not None
    return row.manager_code


# --------------------------------------------------------------------------- the tab and the model


def test_hooks_columns_and_anchors(page: CyclesPage, tab: RatingsTab, services: Services) -> None:
    titles = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert titles.index("Ratings") == titles.index("Results") + 1
    assert tab.grid.objectName() == "ratingsGrid"
    assert page.main_view() is tab.grid
    person = participant(services, cycle(page).id, rated=True)
    show(tab, person.code)
    items = services.appraisal_inputs.rating_items(cycle(page).id)
    model = tab.model
    assert [model.index(r, COL_ITEM).data(Display) for r in range(model.rowCount())] == [
        i.name for i in items
    ]
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(COL_FIRST_RATER)]
    assert headers == ["Item", "Weight", "R", "Score"]
    assert model.index(0, COL_WEIGHT).data(Display) == f"{items[0].weight.normalize():f}"
    rated = {(r.rater_code, r.rater_role) for r in ratings(services, cycle(page).id, person.code)}
    assert {(r.code, r.role) for r in model.raters()} == rated
    self_column = column_of(tab, person.code, "self")
    assert model.headerData(self_column, Qt.Orientation.Horizontal) == f"{person.name}\nSelf"
    # The anchors of the current item, the current rating's level highlighted.
    for rows in ratings(services, cycle(page).id, person.code):
        if rows.item == items[0].name and rows.rater_role == "self":
            tab.grid.setCurrentIndex(model.index(0, self_column))
            assert model.index(0, self_column).data(Display) == str(rows.rating)
            assert "#e1ecfa" in tab.anchor_labels[rows.rating].styleSheet()
    assert dict(items[0].levels)[5] in tab.anchor_labels[5].text()
    assert items[0].name in tab.anchors_box.title()


def test_model_passes_the_model_tester(
    qtmodeltester: Any, window: MainWindow, english: None
) -> None:
    services = window.services
    open_cycle = next(c for c in services.cycles.list_cycles() if c.state == "open")
    model = RatingsModel(services.appraisal_inputs)
    qtmodeltester.check(model)
    model.set_cycle(open_cycle.id, services.appraisal_inputs.rating_items(open_cycle.id))
    model.set_editable(True)
    qtmodeltester.check(model)
    person = participant(services, open_cycle.id, rated=True)
    model.set_person(person.code, person.staff_id, person.name)
    qtmodeltester.check(model)
    assert model.rowCount() == 4 and model.columnCount() == COL_FIRST_RATER + 4
    results = services.cycles.results(open_cycle.id)
    card_row = results.row_for(person.code)
    assert card_row is not None
    model.set_scores(card_row.card["items"])
    qtmodeltester.check(model)
    first = card_row.card["items"][[i["name"] for i in card_row.card["items"]].index("专业知识")]
    assert model.index(0, COL_R).data(Display) == first["actual"]
    assert model.index(0, COL_SCORE).data(Display) == first["score"]
    assert not model.flags(model.index(0, COL_SCORE)) & Qt.ItemFlag.ItemIsEditable
    assert model.flags(model.index(0, COL_FIRST_RATER)) & Qt.ItemFlag.ItemIsEditable


def test_typed_rating_is_written_and_undone(
    page: CyclesPage, tab: RatingsTab, services: Services
) -> None:
    cycle_id = cycle(page).id
    person = participant(services, cycle_id, rated=False)
    show(tab, person.code)
    boss = manager_code(services, person)
    # The person and their manager have columns before anyone rated.
    assert [(r.code, r.role) for r in tab.model.raters()] == [
        (person.code, "self"),
        (boss, "supervisor"),
    ]
    messages: list[str] = []
    tab.status.connect(messages.append)
    changed: list[bool] = []
    tab.data_changed.connect(lambda: changed.append(True))
    index = cell(tab, 0, boss, "supervisor")
    assert tab.grid.model().setData(index, "4", Edit)
    written = ratings(services, cycle_id, person.code)
    assert [(r.item, r.rater_code, r.rater_role, r.rating) for r in written] == [
        ("专业知识", boss, "supervisor", 4)
    ]
    assert index.data(Display) == "4"
    assert changed == [True]
    assert "4 Good" in messages[-1]
    assert page.undo_stack.count() == 1
    page.undo_stack.undo()
    assert ratings(services, cycle_id, person.code) == []
    assert index.data(Display) == ""
    page.undo_stack.redo()
    assert [r.rating for r in ratings(services, cycle_id, person.code)] == [4]
    assert index.data(Display) == "4"


def test_five_without_a_comment_is_refused(
    page: CyclesPage, tab: RatingsTab, services: Services, cancel_comment: list[CommentRequest]
) -> None:
    cycle_id = cycle(page).id
    person = participant(services, cycle_id, rated=False)
    show(tab, person.code)
    messages: list[str] = []
    tab.status.connect(messages.append)
    index = cell(tab, 1, person.code, "self")
    assert not tab.model.setData(index, "5", Edit)
    assert len(cancel_comment) == 1  # the dialog was asked, and cancelled
    assert ratings(services, cycle_id, person.code) == []
    assert index.data(Display) == ""
    assert "needs a written example" in index.data(Tooltip)
    assert "needs a written example" in messages[-1]
    assert page.undo_stack.count() == 0
    # A 2 asks too; a 3 does not.
    assert not tab.model.setData(index, "2", Edit)
    assert len(cancel_comment) == 2
    assert tab.model.setData(index, "3", Edit)
    assert len(cancel_comment) == 2
    assert "needs a written example" not in index.data(Tooltip)


def test_the_comment_dialog_gives_the_example(
    page: CyclesPage, tab: RatingsTab, services: Services, auto_comment: list[CommentRequest]
) -> None:
    cycle_id = cycle(page).id
    person = participant(services, cycle_id, rated=False)
    show(tab, person.code)
    items = services.appraisal_inputs.rating_items(cycle_id)
    index = cell(tab, 1, person.code, "self")
    assert tab.model.setData(index, "5", Edit)
    (request,) = auto_comment
    assert (request.rating, request.item.name) == (5, items[1].name)
    assert request.anchor == dict(items[1].levels)[5]
    (row,) = ratings(services, cycle_id, person.code)
    assert (row.rating, row.comment) == (5, "签下全年最大订单")
    assert index.data(COMMENT_ROLE) == "签下全年最大订单"
    assert "签下全年最大订单" in index.data(Tooltip)
    tab.grid.setCurrentIndex(index)
    assert tab.comment_edit.toPlainText() == "签下全年最大订单"
    # The comment is there now: a 1 on the same cell keeps it and asks nothing more.
    assert tab.model.setData(index, "1", Edit)
    assert len(auto_comment) == 1
    assert [(r.rating, r.comment) for r in ratings(services, cycle_id, person.code)] == [
        (1, "签下全年最大订单")
    ]


def test_model_without_a_dialog_refuses_a_five(window: MainWindow, english: None) -> None:
    services = window.services
    open_cycle = next(c for c in services.cycles.list_cycles() if c.state == "open")
    person = participant(services, open_cycle.id, rated=False)
    model = RatingsModel(services.appraisal_inputs)
    model.set_cycle(open_cycle.id, services.appraisal_inputs.rating_items(open_cycle.id))
    model.set_editable(True)
    me = RaterColumn(person.staff_id, person.code, person.name, "self")
    model.set_person(person.code, person.staff_id, person.name, [me])
    index = model.index(0, COL_FIRST_RATER)
    assert not model.setData(index, "5", Edit)
    assert "needs a written example" in model.index(0, COL_FIRST_RATER).data(Tooltip)
    assert not model.setData(index, "seven", Edit)
    assert "whole number from 1 to 5" in index.data(Tooltip)
    assert ratings(services, open_cycle.id, person.code) == []
    assert model.setData(index, (5, "带新人完成首单"), Edit)
    assert [(r.rating, r.comment) for r in ratings(services, open_cycle.id, person.code)] == [
        (5, "带新人完成首单")
    ]


def test_paste_with_an_invalid_value_changes_nothing(
    page: CyclesPage, tab: RatingsTab, services: Services, shown_messages: ShownMessages
) -> None:
    cycle_id = cycle(page).id
    person = participant(services, cycle_id, rated=False)
    show(tab, person.code)
    start = cell(tab, 0, person.code, "self")
    select_block(tab, start, start)
    assert tab.grid.paste("4\t3\n7\t4\n") == 0
    assert ratings(services, cycle_id, person.code) == []
    warning = shown_messages.texts("warning")[-1]
    assert "7" in warning and "1 to 5" in warning
    assert f"{person.code} 沟通谈判能力" in warning  # the refused cell is named
    assert page.undo_stack.count() == 0
    # A good block is written as one undo step.
    assert tab.grid.paste("4\t3\n3\t4\n") == 4
    assert sorted(r.rating for r in ratings(services, cycle_id, person.code)) == [3, 3, 4, 4]
    assert page.undo_stack.count() == 1
    page.undo_stack.undo()
    assert ratings(services, cycle_id, person.code) == []
    # A block the service refuses — one of its cells was rated elsewhere since it was
    # shown — writes no rating at all, not even one put back afterwards.
    key = tab.model.key_at(cell(tab, 1, person.code, "self"))
    assert key is not None
    elsewhere = services.appraisal_inputs.set_rating(
        cycle_id, person.code, key.item, key.rater_id, key.role, 4, version=None
    )
    written = rating_audit_count(services)
    select_block(tab, start, start)
    assert tab.grid.paste("4\t3\n3\t4\n") == 0
    assert ratings(services, cycle_id, person.code) == [elsewhere]
    assert rating_audit_count(services) == written
    warning = shown_messages.texts("warning")[-1]
    assert "changed elsewhere" in warning and f"{person.code} " in warning
    assert (page.undo_stack.count(), page.undo_stack.index()) == (1, 0)
    # The grid was read again: it shows the rating given elsewhere.
    assert cell(tab, 1, person.code, "self").data(Display) == "4"


def rating_audit_count(services: Services) -> int:
    """How many audit entries the ratings have: every write of a rating leaves some."""
    with services.database.reading() as s:
        return (
            s.scalar(
                select(func.count()).select_from(AuditEntry).where(AuditEntry.entity == "rating")
            )
            or 0
        )


def test_delete_clears_and_undo_restores(
    page: CyclesPage, tab: RatingsTab, services: Services
) -> None:
    cycle_id = cycle(page).id
    person = participant(services, cycle_id, rated=True)
    show(tab, person.code)
    before = ratings(services, cycle_id, person.code)
    commented = next(r for r in before if r.comment)
    row = tab.model.row_of(commented.item)
    assert row is not None
    index = cell(tab, row, commented.rater_code, commented.rater_role)
    select_block(tab, index, index)
    assert tab.grid.clear_selection_cells() == 1
    after = ratings(services, cycle_id, person.code)
    assert len(after) == len(before) - 1
    assert all(r.id != commented.id for r in after)
    assert index.data(Display) == ""
    page.undo_stack.undo()
    restored = ratings(services, cycle_id, person.code)
    assert len(restored) == len(before)
    assert any(
        (r.item, r.rater_id, r.rating, r.comment)
        == (commented.item, commented.rater_id, commented.rating, commented.comment)
        for r in restored
    )
    assert index.data(COMMENT_ROLE) == commented.comment


def test_adding_a_rater_column(page: CyclesPage, tab: RatingsTab, services: Services) -> None:
    cycle_id = cycle(page).id
    person = participant(services, cycle_id, rated=False)
    show(tab, person.code)
    colleague = next(
        p.code for p in services.cycles.participants(cycle_id) if p.code != person.code
    )
    assert tab.add_rater("peer", colleague)
    column = column_of(tab, colleague, "peer")
    assert tab.grid.currentIndex().column() == column
    assert tab.model.setData(tab.model.index(2, column), "4", Edit)
    (row,) = ratings(services, cycle_id, person.code)
    assert (row.rater_code, row.rater_role, row.rating) == (colleague, "peer", 4)
    # A person rates themselves only as self.
    messages: list[str] = []
    tab.status.connect(messages.append)
    assert not tab.add_rater("peer", person.code)
    assert "only as Self" in messages[-1]
    # The column stays when the person is shown again.
    show(tab, participant(services, cycle_id, rated=True).code)
    show(tab, person.code)
    assert column_of(tab, colleague, "peer")


def test_role_defaults_in_the_rater_bar(
    page: CyclesPage, tab: RatingsTab, services: Services
) -> None:
    person = participant(services, cycle(page).id, rated=False)
    show(tab, person.code)
    boss = services.staff.find_by_code(manager_code(services, person))
    assert boss is not None
    tab.rater_role.setCurrentIndex(tab.rater_role.findData("supervisor"))
    assert tab.rater_person.currentData() == boss.id
    tab.rater_role.setCurrentIndex(tab.rater_role.findData("self"))
    assert tab.rater_person.currentData() == person.staff_id
    assert not tab.rater_person.isEnabled()


def test_comment_panel_edits_the_comment(
    page: CyclesPage, tab: RatingsTab, services: Services
) -> None:
    cycle_id = cycle(page).id
    person = participant(services, cycle_id, rated=True)
    show(tab, person.code)
    five = next(r for r in ratings(services, cycle_id, person.code) if r.rating == 5)
    row = tab.model.row_of(five.item)
    assert row is not None
    index = cell(tab, row, five.rater_code, five.rater_role)
    tab.grid.setCurrentIndex(index)
    assert tab.comment_edit.toPlainText() == five.comment
    assert tab.save_comment_button.isEnabled()
    tab.comment_edit.setPlainText("季度回款率第一")
    assert tab.save_comment()
    changed = next(r for r in ratings(services, cycle_id, person.code) if r.id == five.id)
    assert changed.comment == "季度回款率第一"
    # A 5 cannot lose its example.
    tab.comment_edit.setPlainText("  ")
    assert not tab.save_comment()
    assert "needs a written example" in index.data(Tooltip)
    page.undo_stack.undo()
    restored = next(r for r in ratings(services, cycle_id, person.code) if r.id == five.id)
    assert restored.comment == five.comment


def test_confirmed_cycle_is_read_only(
    qtbot: QtBot, page: CyclesPage, tab: RatingsTab, services: Services
) -> None:
    confirmed = next(c for c in services.cycles.list_cycles() if c.state == "confirmed")
    assert page.select_cycle(confirmed.id)
    wait_scored(qtbot, page)
    person = participant(services, confirmed.id, rated=True)
    show(tab, person.code)
    before = ratings(services, confirmed.id, person.code)
    messages: list[str] = []
    tab.status.connect(messages.append)
    index = tab.model.index(0, COL_FIRST_RATER)
    assert not tab.model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert index.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert not tab.model.setData(index, "3", Edit)
    assert "cannot be changed while the cycle is confirmed" in messages[-1]
    assert "cannot be changed" in index.data(Tooltip)
    assert ratings(services, confirmed.id, person.code) == before
    assert tab.read_only_hint.isVisible() or tab.read_only_hint.text()
    assert not tab.add_rater_button.isEnabled()
    # Typing into the grid says why instead of doing nothing.
    tab.grid.setCurrentIndex(index)
    qtbot.keyClick(tab.grid, Qt.Key.Key_4)
    assert "cannot be changed" in messages[-1]
    assert ratings(services, confirmed.id, person.code) == before
    # The frozen scores are shown beside the items.
    results = page.current_results()
    assert results is not None
    card = results.row_for(person.code)
    assert card is not None
    scores = {i["name"]: i["score"] for i in card.card["items"]}
    assert tab.model.index(0, COL_SCORE).data(Display) == scores[tab.model.items()[0].name]


def test_score_column_follows_a_rating(
    qtbot: QtBot, page: CyclesPage, tab: RatingsTab, services: Services
) -> None:
    cycle_id = cycle(page).id
    person = participant(services, cycle_id, rated=False)
    show(tab, person.code)
    score = tab.model.index(0, COL_SCORE)
    assert score.data(Display) == "0.00"
    assert tab.model.index(0, COL_R).data(Display) == ""
    assert tab.model.setData(cell(tab, 0, person.code, "self"), "4", Edit)
    wait_scored(qtbot, page)
    # Only the self rating: R = 4, score = 5 × 4 ÷ 5.
    qtbot.waitUntil(lambda: score.data(Display) == "4.00", timeout=20_000)
    assert tab.model.index(0, COL_R).data(Display) == "4.00"
    results = page.current_results()
    assert results is not None
    row = results.row_for(person.code)
    assert row is not None
    assert {i["name"]: i["score"] for i in row.card["items"]}["专业知识"] == "4.00"


def test_typing_in_the_grid_writes_and_moves_down(
    qtbot: QtBot, window: MainWindow, page: CyclesPage, tab: RatingsTab, services: Services
) -> None:
    window.show()
    qtbot.waitExposed(window)
    cycle_id = cycle(page).id
    person = participant(services, cycle_id, rated=False)
    show(tab, person.code)
    index = cell(tab, 0, person.code, "self")
    tab.grid.setCurrentIndex(index)
    type_into(qtbot, tab, "4")
    assert [r.rating for r in ratings(services, cycle_id, person.code)] == [4]
    assert tab.grid.currentIndex().row() == 1
    assert tab.grid.currentIndex().column() == index.column()


def test_typed_five_in_the_grid_asks_for_the_example(
    qtbot: QtBot,
    window: MainWindow,
    page: CyclesPage,
    tab: RatingsTab,
    services: Services,
    auto_comment: list[CommentRequest],
) -> None:
    window.show()
    qtbot.waitExposed(window)
    cycle_id = cycle(page).id
    person = participant(services, cycle_id, rated=False)
    show(tab, person.code)
    tab.grid.setCurrentIndex(cell(tab, 2, person.code, "self"))
    type_into(qtbot, tab, "5")
    # The dialog opens once the editor has closed.
    qtbot.waitUntil(lambda: bool(ratings(services, cycle_id, person.code)), timeout=5_000)
    (row,) = ratings(services, cycle_id, person.code)
    assert (row.rating, row.comment) == (5, "签下全年最大订单")
    assert len(auto_comment) == 1


def test_results_selection_and_undo_follow_the_person(
    page: CyclesPage, tab: RatingsTab, services: Services
) -> None:
    cycle_id = cycle(page).id
    first = participant(services, cycle_id, rated=False)
    second = participant(services, cycle_id, rated=True)
    page.results_tab.select_person(second.code)
    assert tab.current_code() == second.code
    show(tab, first.code)
    assert tab.model.setData(cell(tab, 0, first.code, "self"), "3", Edit)
    # The page repeats its person (e.g. after rescoring): the tab stays where the user is.
    tab.set_person(second.code)
    assert tab.current_code() == first.code
    show(tab, second.code)
    page.undo_stack.undo()  # the rating of the first person: shown again, and gone
    assert tab.current_code() == first.code
    assert ratings(services, cycle_id, first.code) == []


def test_search_narrows_the_people(page: CyclesPage, tab: RatingsTab, services: Services) -> None:
    people = services.cycles.participants(cycle(page).id)
    wanted = people[5]
    page.search(wanted.name)
    codes = [tab.person.itemData(i) for i in range(tab.person.count())]
    assert wanted.code in codes
    assert all(wanted.name in tab.person.itemText(i) for i in range(tab.person.count()))
    assert tab.current_code() == wanted.code
    page.search("")
    assert tab.person.count() == len(people)
    assert tab.current_code() == wanted.code
