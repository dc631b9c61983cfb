"""The Schemes page: edits of the items table through the view's model reach the database
as one undo step each, refused values change nothing and say why, the weight total says
how far it is from 100, the rule chart draws the domain's scores, the settings keep the
scheme rules, and the scheme list's actions (new, copy, rename, delete, import, export)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from salesdesk.db.models import AuditEntry, Cycle, Scheme
from salesdesk.domain.scoring import (
    achievement_score,
    direct_score,
    per_unit_score,
    rule_from_document,
)
from salesdesk.services.registry import Services
from salesdesk.ui.main_window import MainWindow
from salesdesk.ui.models.schemes import (
    COL_KIND,
    COL_METRIC,
    COL_NAME,
    COL_PARAMETERS,
    COL_RULE,
    COL_WEIGHT,
    ItemsFilterProxy,
    SchemeItemsModel,
    SchemeListModel,
    SchemeListProxy,
    parameters_text,
    parse_parameters,
)
from salesdesk.ui.pages.schemes import SchemesPage

REP = "销售代表季度考核方案"
DIRECTOR = "销售总监年度考核方案"
Edit = Qt.ItemDataRole.EditRole
Display = Qt.ItemDataRole.DisplayRole


@pytest.fixture
def page(qtbot: QtBot, services: Services, english: None) -> SchemesPage:
    widget = SchemesPage(services)
    qtbot.addWidget(widget)
    widget.select_scheme(services.schemes.summary(REP).id)
    return widget


def statuses(page: SchemesPage) -> list[str]:
    seen: list[str] = []
    page.status.connect(seen.append)
    return seen


def row_of(page: SchemesPage, name: str) -> int:
    for row in range(page.model.rowCount()):
        if page.model.index(row, COL_NAME).data(Display) == name:
            return row
    raise AssertionError(f"{name} is not an item")


def cell(page: SchemesPage, name: str, column: int) -> QModelIndex:
    """The view-model index of an item's cell."""
    model = page.table.model()
    for row in range(model.rowCount()):
        if model.index(row, COL_NAME).data(Display) == name:
            return model.index(row, column)
    raise AssertionError(f"{name} is not shown")


def stored_item(services: Services, name: str, scheme: str = REP) -> dict[str, Any]:
    return next(i for i in services.schemes.get(scheme)["items"] if i["name"] == name)


def use_in_cycle(services: Services, name: str) -> None:
    with services.database.transaction() as s:
        scheme = s.scalars(select(Scheme).where(Scheme.name == name)).one()
        s.add(
            Cycle(
                name=f"2026-Q1 {name}",
                scheme_id=scheme.id,
                period="2026-Q1",
                cycle_type=scheme.cycle_type,
                scheme_snapshot={},
            )
        )


def set_current(page: SchemesPage, index: QModelIndex) -> None:
    """Make a cell current with only it selected (as a click does)."""
    page.table.selectionModel().setCurrentIndex(
        index, QItemSelectionModel.SelectionFlag.ClearAndSelect
    )


def choose_item(page: SchemesPage, name: str) -> None:
    set_current(page, cell(page, name, COL_NAME))


# --------------------------------------------------------------------------- hooks, models


def test_main_window_shows_the_page_with_its_hooks(main_window: MainWindow) -> None:
    main_window.show_page("schemes")
    page = main_window.pages["schemes"]
    assert isinstance(page, SchemesPage)
    assert page.objectName() == "page_schemes"
    table = page.main_view()
    assert table is page.table and table.objectName() == "schemeItemsTable"
    assert main_window.findChild(SchemesPage, "page_schemes") is page
    headers = [
        table.model().headerData(c, Qt.Orientation.Horizontal, Display)
        for c in range(table.model().columnCount())
    ]
    assert headers == [
        "Name",
        "Category",
        "Weight",
        "Kind",
        "Metric",
        "Scope",
        "Rule",
        "Parameters",
    ]
    assert [a.text() for a in page.toolbar_actions()] == [
        "New scheme…",
        "Copy…",
        "Rename…",
        "Delete scheme",
        "Import JSON…",
        "Export JSON…",
    ]
    assert page.title() == "Schemes"
    assert page.list_proxy.rowCount() == 6
    assert page.model.rowCount() > 0


def test_models_pass_the_model_checks(qtmodeltester: Any, page: SchemesPage) -> None:
    qtmodeltester.check(page.list_model)
    qtmodeltester.check(page.list_proxy)
    qtmodeltester.check(page.model)
    qtmodeltester.check(page.proxy)


def test_fresh_models_pass_the_model_checks(qtmodeltester: Any, services: Services) -> None:
    items = SchemeItemsModel(services.schemes)
    qtmodeltester.check(items)  # nothing loaded
    items.load(services.schemes.summary(DIRECTOR).id)
    qtmodeltester.check(items)
    listed = SchemeListModel(services.schemes)
    listed.reload()
    proxy = SchemeListProxy()
    proxy.setSourceModel(listed)
    proxy.set_search("年度")
    qtmodeltester.check(proxy)
    assert proxy.rowCount() == 2
    filtered = ItemsFilterProxy()
    filtered.setSourceModel(items)
    filtered.set_search("部门")
    qtmodeltester.check(filtered)
    assert 0 < filtered.rowCount() < items.rowCount()


def test_items_show_the_scheme(page: SchemesPage, services: Services) -> None:
    doc = services.schemes.get(REP)
    assert page.model.rowCount() == len(doc["items"])
    row = row_of(page, "销售额达成率")
    index = page.model.index(row, 0)
    assert [page.model.index(row, c).data(Display) for c in range(8)] == [
        "销售额达成率",
        "Results",
        "25",
        "Metric",
        "Revenue",
        "Own",
        "Linear",
        "floor 0.6, cap 1.2",
    ]
    assert page.model.flags(index.siblingAtColumn(COL_RULE)) & Qt.ItemFlag.ItemIsEditable
    rated = row_of(page, "专业知识")
    assert page.model.index(rated, COL_KIND).data(Display) == "Rated"
    assert not page.model.flags(page.model.index(rated, COL_RULE)) & Qt.ItemFlag.ItemIsEditable
    assert page.total_label.text() == "Total 100 / 100"
    assert page.total_label.property("weightsOk") is True


# --------------------------------------------------------------------------- editing


def test_weight_edit_writes_database_total_label_and_undoes(
    page: SchemesPage, services: Services
) -> None:
    model = page.table.model()
    assert model.setData(cell(page, "销售额达成率", COL_WEIGHT), "20", Edit)
    assert stored_item(services, "销售额达成率")["weight"] == 20
    assert services.schemes.summary(REP).weight_total == Decimal(95)
    assert page.total_label.text() == "Total 95 / 100, 5 short"
    assert page.total_label.property("weightsOk") is False
    assert "#b22222" in page.total_label.styleSheet()
    # the scheme list marks the blocked scheme
    position = page.list_model.row_of(services.schemes.summary(REP).id)
    assert position is not None
    name_cell = page.list_model.index(position, SchemeListModel.COL_NAME)
    assert name_cell.data(Qt.ItemDataRole.DecorationRole) is not None
    assert "5 short of 100" in name_cell.data(Qt.ItemDataRole.ToolTipRole)
    assert page.undo_stack.count() == 1
    page.undo_stack.undo()
    assert stored_item(services, "销售额达成率")["weight"] == 25
    assert page.total_label.text() == "Total 100 / 100"
    assert name_cell.data(Qt.ItemDataRole.DecorationRole) is None
    page.undo_stack.redo()
    assert stored_item(services, "销售额达成率")["weight"] == 20
    # over 100 says by how much
    assert model.setData(cell(page, "销售额达成率", COL_WEIGHT), "32.5", Edit)
    assert page.total_label.text() == "Total 107.5 / 100, 7.5 over"
    assert stored_item(services, "销售额达成率")["weight"] == "32.5"


def test_weight_total_in_chinese(qtbot: QtBot, services: Services, chinese: None) -> None:
    widget = SchemesPage(services)
    qtbot.addWidget(widget)
    widget.select_scheme(services.schemes.summary(REP).id)
    assert widget.table.model().headerData(0, Qt.Orientation.Horizontal, Display) == "名称"
    assert widget.table.model().setData(cell(widget, "销售额达成率", COL_WEIGHT), "20", Edit)
    assert widget.total_label.text() == "合计 95 / 100，还差 5"
    assert "#b22222" in widget.total_label.styleSheet()
    assert widget.table.model().setData(cell(widget, "销售额达成率", COL_WEIGHT), "30", Edit)
    assert widget.total_label.text() == "合计 105 / 100，超出 5"


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        (COL_PARAMETERS, "floor 1.5, cap 1.2", "needs 0 ≤ floor ≤ 1 ≤ cap"),
        (COL_PARAMETERS, "ceiling 2", "rule Linear has no parameter ceiling"),
        (COL_PARAMETERS, "floor abc", "not a parameter"),
        (COL_WEIGHT, "-5", "weight must be a number ≥ 0"),
        (COL_WEIGHT, "2.555", "at most 2 decimals"),
        (COL_WEIGHT, "lots", "not a number: lots"),
        (COL_RULE, "per_unit", "only for lower-is-better metrics"),
        (COL_RULE, "magic", "unknown rule: magic"),
        (COL_METRIC, "no such metric", "unknown metric"),
        (COL_NAME, "回款率", "the name is used twice"),
        (COL_NAME, "", "needs a name"),
    ],
)
def test_refused_edit_keeps_old_value_and_says_why(
    page: SchemesPage, services: Services, column: int, value: str, reason: str
) -> None:
    seen = statuses(page)
    before = services.schemes.get(REP)
    version = services.schemes.summary(REP).version
    index = cell(page, "销售额达成率", column)
    shown = index.data(Display)
    assert not page.table.model().setData(index, value, Edit)
    assert services.schemes.get(REP) == before
    assert services.schemes.summary(REP).version == version
    index = cell(page, "销售额达成率", column)
    assert index.data(Display) == shown
    assert reason in index.data(Qt.ItemDataRole.ToolTipRole)
    assert index.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert seen and reason in seen[-1]
    assert page.undo_stack.count() == 0
    if column == COL_WEIGHT:
        # a good value of the same cell clears the refusal
        assert page.table.model().setData(cell(page, "销售额达成率", COL_WEIGHT), "24", Edit)
        tooltip = cell(page, "销售额达成率", column).data(Qt.ItemDataRole.ToolTipRole)
        assert reason not in (tooltip or "")
        assert cell(page, "销售额达成率", column).data(Qt.ItemDataRole.BackgroundRole) is None


def test_parameters_text_and_rule_change(page: SchemesPage, services: Services) -> None:
    model = page.table.model()
    assert model.setData(cell(page, "销售额达成率", COL_PARAMETERS), "cap 130%", Edit)
    assert stored_item(services, "销售额达成率")["rule"] == {
        "type": "linear",
        "floor": "0.6",
        "cap": "1.3",
    }
    assert model.setData(cell(page, "销售额达成率", COL_RULE), "banded", Edit)
    assert stored_item(services, "销售额达成率")["rule"]["type"] == "banded"
    assert model.setData(cell(page, "销售额达成率", COL_PARAMETERS), "1: 1, 0.8: 0.5", Edit)
    assert stored_item(services, "销售额达成率")["rule"] == {
        "type": "banded",
        "bands": [["1", "1"], ["0.8", "0.5"]],
    }
    assert cell(page, "销售额达成率", COL_PARAMETERS).data(Display) == "1: 1, 0.8: 0.5"
    # rising bands break the rule
    assert not model.setData(cell(page, "销售额达成率", COL_PARAMETERS), "0.8: 0.5, 1: 1", Edit)
    assert page.undo_stack.count() == 3
    for _ in range(3):
        page.undo_stack.undo()
    assert stored_item(services, "销售额达成率")["rule"] == {
        "type": "linear",
        "floor": "0.6",
        "cap": "1.2",
    }


def test_parse_parameters_reads_what_people_type() -> None:
    assert parse_parameters("per_unit", "baseline 0, unit 10,000, points 1.5", {}) == {
        "type": "per_unit",
        "baseline": "0",
        "unit": "10000",
        "points": "1.5",
    }
    assert parse_parameters("linear", "", {"floor": "0.5"}) == {
        "type": "linear",
        "floor": "0.6",
        "cap": "1.2",
    }
    assert parse_parameters("interpolated", "bonus=0.3; high 1.5", {"low": "0.5"})["low"] == "0.5"
    text = parameters_text({"type": "interpolated", "low": "0.6", "high": "1.2", "bonus": "0.2"})
    assert text == "low 0.6, high 1.2, bonus 0.2"


def test_kind_change_undoes_with_the_metric_and_rule(page: SchemesPage, services: Services) -> None:
    original = stored_item(services, "回款率")
    assert page.table.model().setData(cell(page, "回款率", COL_KIND), "rating", Edit)
    changed = stored_item(services, "回款率")
    assert changed["kind"] == "rating" and "rule" not in changed and "metric" not in changed
    assert not page.model.flags(cell(page, "回款率", COL_RULE)) & Qt.ItemFlag.ItemIsEditable
    page.undo_stack.undo()
    assert stored_item(services, "回款率") == original
    # a metric item made from a rated one starts with a metric and the linear rule
    assert page.table.model().setData(cell(page, "专业知识", COL_KIND), "Metric", Edit)
    made = stored_item(services, "专业知识")
    assert made["metric"] == "revenue" and made["rule"]["type"] == "linear"


def test_paste_block_is_one_undo_step(page: SchemesPage, services: Services) -> None:
    set_current(page, cell(page, "销售额达成率", COL_WEIGHT))
    first, second = (page.model.item(r)["name"] for r in (0, 1))
    assert page.table.paste("30\n10\n") == 2
    assert stored_item(services, first)["weight"] == 30
    assert stored_item(services, second)["weight"] == 10
    assert page.undo_stack.count() == 1
    page.undo_stack.undo()
    assert stored_item(services, first)["weight"] == 25
    assert stored_item(services, second)["weight"] == 15


def test_paste_with_one_bad_cell_changes_nothing(
    page: SchemesPage, services: Services, shown_messages: Any
) -> None:
    before = services.schemes.get(REP)
    set_current(page, cell(page, "销售额达成率", COL_WEIGHT))
    assert page.table.paste("30\nabc\n") == 0
    assert services.schemes.get(REP) == before
    assert page.undo_stack.count() == 0
    assert any("not a number: abc" in text for text in shown_messages.texts())


def test_edit_of_a_scheme_changed_elsewhere_reloads(page: SchemesPage, services: Services) -> None:
    seen = statuses(page)
    doc = services.schemes.get(REP)
    doc["bonus_cap"] = "5"
    services.schemes.update(REP, doc)  # another window
    assert not page.table.model().setData(cell(page, "销售额达成率", COL_WEIGHT), "20", Edit)
    assert "changed elsewhere" in seen[-1]
    assert stored_item(services, "销售额达成率")["weight"] == 25
    assert page.settings_panel.bonus_cap.text() == "5"
    assert page.table.model().setData(cell(page, "销售额达成率", COL_WEIGHT), "20", Edit)


def test_editing_a_scheme_cycles_use_is_audited(page: SchemesPage, services: Services) -> None:
    use_in_cycle(services, REP)
    page.refresh()
    assert "used by 1 cycle" in page.scheme_info.text()
    assert page.table.model().setData(cell(page, "回款率", COL_PARAMETERS), "floor 0.7", Edit)
    with services.database.reading() as s:
        entry = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry is not None and (entry.entity, entry.action) == ("scheme", "update")
    assert "Edit 回款率 Parameters" in entry.reason
    assert '"floor": "0.7"' in (entry.new_value or "")


# --------------------------------------------------------------------------- items


def test_add_move_and_delete_items(page: SchemesPage, services: Services) -> None:
    count = page.model.rowCount()
    choose_item(page, "销售额达成率")
    row = page.add_item()
    assert row == 1 and page.model.rowCount() == count + 1
    names = [i["name"] for i in services.schemes.get(REP)["items"]]
    assert names[1] == "New item"
    assert stored_item(services, "New item")["weight"] == 0
    assert page.current_item_row() == 1
    assert page.move_item(-1)
    assert services.schemes.get(REP)["items"][0]["name"] == "New item"
    assert page.current_item_row() == 0
    assert not page.move_item(-1)  # already first
    assert page.delete_items() == 1
    assert services.schemes.get(REP)["items"][0]["name"] == "销售额达成率"
    assert page.undo_stack.count() == 3
    for _ in range(3):
        page.undo_stack.undo()
    assert page.model.rowCount() == count
    assert "New item" not in [i["name"] for i in services.schemes.get(REP)["items"]]


def test_the_last_item_cannot_be_deleted(
    page: SchemesPage, services: Services, shown_messages: Any
) -> None:
    page.table.selectAll()
    assert page.delete_items() == 0
    assert any("no items" in text for text in shown_messages.texts())
    assert page.model.rowCount() == len(services.schemes.get(REP)["items"])


def test_search_filters_items(page: SchemesPage) -> None:
    page.search("回款")
    shown = [page.proxy.index(r, COL_NAME).data() for r in range(page.proxy.rowCount())]
    assert shown and all("回款" in name for name in shown)
    # editing through the filtered view reaches the right item
    assert page.table.model().setData(page.proxy.index(0, COL_WEIGHT), "14", Edit)
    assert page.model.item(row_of(page, shown[0]))["weight"] == 14
    page.search("")
    assert page.proxy.rowCount() == page.model.rowCount()


def test_item_details_filter_and_levels(page: SchemesPage, services: Services) -> None:
    choose_item(page, "销售额达成率")
    details = page.details
    assert details.filter_group.isVisibleTo(page)
    details.filter_boxes["product_line"].setEditText("工业泵")
    assert page.apply_item_details()
    assert stored_item(services, "销售额达成率")["filter"] == {"product_line": "工业泵"}
    choose_item(page, "专业知识")
    assert details.levels_group.isVisibleTo(page) and not details.filter_group.isVisibleTo(page)
    details.level_edits["3"].setPlainText("")
    assert not page.apply_item_details()
    assert "levels must give a text for each of 5, 4, 3, 2, 1" in details.message.text()
    assert stored_item(services, "专业知识")["levels"]["3"]
    details.revert()
    details.rater_boxes["supervisor"].setChecked(True)
    assert page.apply_item_details()
    assert stored_item(services, "专业知识")["raters"] == ["supervisor"]
    page.undo_stack.undo()
    assert "raters" not in stored_item(services, "专业知识")


# --------------------------------------------------------------------------- the chart


def test_chart_points_are_the_domains_scores(page: SchemesPage, services: Services) -> None:
    choose_item(page, "销售额达成率")
    item = stored_item(services, "销售额达成率")
    rule = rule_from_document(item["rule"])
    points = page.chart.curve.points()
    assert len(points) > 100
    curve = page.chart.rule_curve()
    assert curve is not None and curve.axis == "achievement"
    assert points[0].x() == 0 and points[-1].x() == 150
    for point, (a, score) in zip(points, curve.points, strict=True):
        assert score == achievement_score(rule, Decimal(25), a)  # type: ignore[arg-type]
        assert point.x() == pytest.approx(float(a * 100))
        assert point.y() == pytest.approx(float(score))
    assert page.chart.x_axis.titleText() == "Achievement (%)"
    assert max(p.y() for p in points) == pytest.approx(30)  # 25 × cap 1.2
    # the chart follows an edit of the parameters
    assert page.table.model().setData(cell(page, "销售额达成率", COL_PARAMETERS), "cap 1.5", Edit)
    assert max(p.y() for p in page.chart.curve.points()) == pytest.approx(37.5)
    # a banded rule draws square steps at its minimums
    choose_item(page, "新客户开发")
    banded = rule_from_document(stored_item(services, "新客户开发")["rule"])
    curve = page.chart.rule_curve()
    assert curve is not None
    for a, score in curve.points:
        assert score == achievement_score(banded, Decimal(10), a)  # type: ignore[arg-type]
    xs = [float(a) for a, _ in curve.points]
    assert 0.9 in xs and 0.899 in xs


def test_chart_of_per_unit_and_direct_rules(page: SchemesPage, services: Services) -> None:
    choose_item(page, "逾期应收款")
    rule = stored_item(services, "逾期应收款")["rule"]
    assert rule["type"] == "per_unit"
    curve = page.chart.rule_curve()
    assert curve is not None and curve.axis == "over_baseline"
    assert page.chart.x_axis.titleText() == "Actual over the baseline"
    for x, score in curve.points:
        assert score == per_unit_score(
            Decimal(5), x, Decimal(rule["baseline"]), Decimal(rule["unit"]), Decimal(rule["points"])
        )
    assert curve.points[-1][1] == 0  # the curve reaches 0 points
    choose_item(page, "客户满意度")
    curve = page.chart.rule_curve()
    assert curve is not None and curve.axis == "points"
    assert page.chart.x_axis.titleText() == "Actual (points, 0–100)"
    assert all(score == direct_score(Decimal(5), x) for x, score in curve.points)
    assert curve.points[-1] == (Decimal(100), Decimal(5))
    # an item without a rule says so instead
    choose_item(page, "专业知识")
    assert page.chart.rule_curve() is None and page.chart.curve.count() == 0
    assert "rated 1–5" in page.chart.chart().title()


# --------------------------------------------------------------------------- settings


def test_rater_weights_must_add_up_to_100(page: SchemesPage, services: Services) -> None:
    seen = statuses(page)
    panel = page.settings_panel
    before = services.schemes.get(REP)
    assert page.apply_settings()  # nothing changed: nothing stored, no undo step
    assert services.schemes.get(REP) == before and page.undo_stack.count() == 0
    panel.rater_edits["supervisor"].setText("60")
    assert panel.rater_total.text() == "Total 90"
    assert not page.apply_settings()
    assert "rater weights add up to 90, not 100" in panel.message.text()
    assert "rater weights add up to 90" in seen[-1]
    assert services.schemes.get(REP) == before
    assert page.undo_stack.count() == 0
    panel.rater_edits["peer"].setText("30")
    assert page.apply_settings()
    assert services.schemes.get(REP)["rater_weights"] == {
        "supervisor": 60,
        "peer": 30,
        "self": 10,
        "skip_level": 0,
    }
    page.undo_stack.undo()
    assert services.schemes.get(REP)["rater_weights"]["supervisor"] == 70
    assert panel.rater_edits["supervisor"].text() == "70"


def test_grades_distribution_and_bonus_cap(page: SchemesPage, services: Services) -> None:
    panel = page.settings_panel
    panel.band_edits["A"].setText("96")
    assert not page.apply_settings()
    assert "descending order" in panel.message.text()
    panel.revert()
    assert panel.message.text() == ""
    panel.share_edits["S"].setText("15")
    assert not page.apply_settings()
    assert "distribution shares add up to 105" in panel.message.text()
    panel.share_edits["B"].setText("35")
    panel.mode_box.setCurrentIndex(panel.mode_box.findData("enforce"))
    panel.coefficient_edits["S"].setText("1.6")
    panel.bonus_cap.setText("8")
    assert page.apply_settings()
    doc = services.schemes.get(REP)
    assert doc["distribution"] == {
        "mode": "enforce",
        "shares": {"S": 15, "A": 20, "B": 35, "C": 20, "D": 10},
    }
    assert doc["coefficients"]["S"] == "1.6" and doc["bonus_cap"] == "8"
    panel.bonus_cap.setText("lots")
    assert not page.apply_settings()
    assert "not a number: lots" in panel.message.text()
    assert services.schemes.get(REP)["bonus_cap"] == "8"


# --------------------------------------------------------------------------- scheme actions


def test_new_copy_rename_and_undo(page: SchemesPage, services: Services) -> None:
    created = page.new_scheme(REP, "销售代表季度考核方案（2027）")
    assert created is not None and page.model.scheme_id() == created.id
    assert services.schemes.get(created.name)["items"] == services.schemes.get(REP)["items"]
    assert page.rename_scheme("试行方案")
    assert services.schemes.summary(created.id).name == "试行方案"
    assert page.scheme_heading.text() == "试行方案"
    copied = page.copy_scheme("试行方案二")
    assert copied is not None
    assert page.undo_stack.count() == 3
    page.undo_stack.undo()  # the copy goes
    assert "试行方案二" not in [s.name for s in services.schemes.list_schemes()]
    page.undo_stack.undo()  # the rename is taken back
    assert services.schemes.summary(created.id).name == "销售代表季度考核方案（2027）"
    page.undo_stack.undo()  # the new scheme goes
    assert len(services.schemes.list_schemes()) == 6
    page.undo_stack.redo()
    assert "销售代表季度考核方案（2027）" in [s.name for s in services.schemes.list_schemes()]
    page.undo_stack.redo()  # rename again, on the re-created scheme
    assert "试行方案" in [s.name for s in services.schemes.list_schemes()]


def test_copy_with_a_taken_name_is_refused(
    page: SchemesPage, services: Services, shown_messages: Any
) -> None:
    assert page.copy_scheme(DIRECTOR) is None
    assert any("already exists" in text for text in shown_messages.texts())
    assert page.undo_stack.count() == 0


def test_delete_is_refused_while_a_cycle_uses_the_scheme(
    page: SchemesPage, services: Services, shown_messages: Any
) -> None:
    use_in_cycle(services, REP)
    page.refresh()
    seen = statuses(page)
    assert not page.delete_scheme()
    assert "used by 1 cycle(s) and cannot be deleted" in seen[-1]
    assert any("cannot be deleted" in text for text in shown_messages.texts("warning"))
    assert REP in [s.name for s in services.schemes.list_schemes()]
    assert "cannot be deleted" in page.delete_action.toolTip()


def test_delete_and_undo(page: SchemesPage, services: Services) -> None:
    page.select_scheme(services.schemes.summary(DIRECTOR).id)
    before = services.schemes.get(DIRECTOR)
    assert page.delete_scheme()
    assert DIRECTOR not in [s.name for s in services.schemes.list_schemes()]
    assert page.model.scheme_id() is not None  # another scheme is shown
    page.undo_stack.undo()
    assert services.schemes.get(DIRECTOR) == before
    assert services.schemes.summary(DIRECTOR).builtin
    assert page.model.scheme_summary() is not None
    assert page.model.scheme_summary().name == DIRECTOR  # type: ignore[union-attr]


def test_export_and_import_json(
    page: SchemesPage, services: Services, tmp_path: Path, shown_messages: Any
) -> None:
    written = page.export_json(tmp_path / "rep")
    assert written == tmp_path / "rep.json"
    doc = json.loads(written.read_text(encoding="utf-8"))
    assert doc == services.schemes.get(REP)
    doc["name"] = "导入的方案"
    (tmp_path / "new.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    imported = page.import_json(tmp_path / "new.json")
    assert imported is not None and page.model.scheme_id() == imported.id
    # the same name again: replaced when the user agrees
    doc["bonus_cap"] = "5"
    (tmp_path / "new.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert page.import_json(tmp_path / "new.json", replace=True) is not None
    assert services.schemes.get("导入的方案")["bonus_cap"] == "5"
    page.undo_stack.undo()
    assert services.schemes.get("导入的方案")["bonus_cap"] == "10"
    page.undo_stack.undo()
    assert "导入的方案" not in [s.name for s in services.schemes.list_schemes()]
    # a file that breaks a rule is refused with the reason
    doc["items"][0]["weight"] = 1
    (tmp_path / "bad.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert page.import_json(tmp_path / "bad.json") is None
    assert any("short of 100" in text for text in shown_messages.texts("warning"))
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    assert page.import_json(tmp_path / "broken.json") is None
    assert any("not a JSON file" in text for text in shown_messages.texts("warning"))


def test_choosing_a_scheme_in_the_list_shows_it(page: SchemesPage, services: Services) -> None:
    director = services.schemes.summary(DIRECTOR)
    position = page.list_model.row_of(director.id)
    assert position is not None
    index = page.list_proxy.mapFromSource(page.list_model.index(position, 0))
    page.scheme_list.selectionModel().setCurrentIndex(
        index,
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    assert page.model.scheme_id() == director.id
    assert page.scheme_heading.text() == DIRECTOR
    assert page.model.rowCount() == len(services.schemes.get(DIRECTOR)["items"])
    # undoing an edit of another scheme shows that scheme again
    assert page.table.model().setData(page.proxy.index(0, COL_WEIGHT), "20", Edit)
    page.select_scheme(services.schemes.summary(REP).id)
    page.undo_stack.undo()
    assert page.model.scheme_id() == director.id
    assert page.total_label.text() == "Total 100 / 100"


def test_selection_of_rows_for_delete(page: SchemesPage, services: Services) -> None:
    count = page.model.rowCount()
    top = cell(page, "销售额达成率", COL_NAME)
    bottom = page.proxy.index(1, COL_WEIGHT)
    set_current(page, top)
    page.table.selectionModel().select(
        QItemSelection(top, bottom), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )
    assert page.delete_items() == 2
    assert len(services.schemes.get(REP)["items"]) == count - 2
    assert page.undo_stack.count() == 1
