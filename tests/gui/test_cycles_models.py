"""The Cycles page's models: they pass Qt's model tests, show what CyclesService returns
(every scorecard, its item scores, totals and grades), sort numbers as numbers, filter by
search words and grade, and flag grades over their quota."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from salesdesk.services.cycle_scoring import CycleResults, ResultRow
from salesdesk.services.registry import Services
from salesdesk.ui.models.cycles import (
    CODE_ROLE,
    COL_CODE,
    COL_FIRST_ITEM,
    COL_NAME,
    COL_RANK,
    COL_UNIT,
    DIST_BEFORE,
    DIST_FINAL,
    DIST_GRADE,
    DIST_QUOTA,
    SORT_ROLE,
    TAIL_COLUMNS,
    CycleListModel,
    DistributionModel,
    OverridesModel,
    ResultsFilterProxy,
    ResultsModel,
    flag_text,
    format_coefficient,
    format_percent,
    format_score,
)

Display = Qt.ItemDataRole.DisplayRole


@pytest.fixture
def demo(demo_file: Path, tmp_path: Path) -> Iterator[Services]:
    path = tmp_path / "demo.db"
    shutil.copy(demo_file, path)
    services = Services.open(path)
    yield services
    services.close()


def cycle_results(services: Services, state: str) -> CycleResults:
    cycle = next(c for c in services.cycles.list_cycles() if c.state == state)
    return services.cycles.results(cycle.id)


def test_cycle_list_model(qtmodeltester: Any, demo: Services, english: None) -> None:
    model = CycleListModel()
    qtmodeltester.check(model)
    cycles = demo.cycles.list_cycles()
    model.set_cycles(cycles)
    qtmodeltester.check(model)
    assert model.rowCount() == len(cycles) == 2
    text = model.index(0, 0).data(Display)
    assert text.splitlines()[0] == cycles[0].name
    assert "2026-Q2 · open · 29 people" in text
    assert model.index(0, 0).data(Qt.ItemDataRole.DecorationRole) is not None
    assert model.row_of(cycles[1].id) == 1


def test_results_model_shows_every_scorecard(qtmodeltester: Any, demo: Services) -> None:
    results = cycle_results(demo, "open")
    model = ResultsModel()
    qtmodeltester.check(model)
    model.set_results(results)
    qtmodeltester.check(model)
    items = results.item_names
    assert model.columnCount() == COL_FIRST_ITEM + len(items) + len(TAIL_COLUMNS)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers[:COL_FIRST_ITEM] == ["Rank", "Code", "Name", "Unit"]
    assert headers[COL_FIRST_ITEM : COL_FIRST_ITEM + len(items)] == list(items)
    assert headers[-9:] == [
        "Bonus",
        "Deduction",
        "Total",
        "Band",
        "Distributed",
        "Final",
        "Coefficient",
        "Performance pay",
        "Warnings",
    ]
    assert model.rowCount() == len(results.rows)
    for position, row in enumerate(results.rows):
        card = row.card

        def cell(column: int, position: int = position) -> Any:
            return model.index(position, column).data(Display)

        assert cell(COL_RANK) == str(card["rank"])
        assert cell(COL_CODE) == row.code
        assert cell(COL_NAME) == row.participant.name
        assert cell(COL_UNIT) == row.participant.unit
        for offset, item in enumerate(card["items"]):
            assert cell(COL_FIRST_ITEM + offset) == f"{Decimal(item['score']):,.2f}"
            tip = model.index(position, COL_FIRST_ITEM + offset).data(Qt.ItemDataRole.ToolTipRole)
            assert item["explanation"] in tip
        assert cell(model.column("total")) == f"{Decimal(card['total']):,.2f}"
        assert cell(model.column("final_grade")) == card["final_grade"]
        assert cell(model.column("band_grade")) == card["band_grade"]
        assert model.index(position, 0).data(CODE_ROLE) == row.code
        warnings = model.index(position, model.column("warnings"))
        assert warnings.data(Display) == (str(len(card["warnings"])) if card["warnings"] else "")
        if card["warnings"]:
            assert warnings.data(Qt.ItemDataRole.DecorationRole) is not None
            assert card["warnings"][0] in warnings.data(Qt.ItemDataRole.ToolTipRole)


def test_money_has_thousands_separators_and_numbers_align_right(demo: Services) -> None:
    results = cycle_results(demo, "confirmed")
    model = ResultsModel()
    model.set_results(results)
    pay = model.index(0, model.column("performance_pay"))
    expected = Decimal(results.rows[0].card["performance_pay"])
    assert expected >= 1000
    assert pay.data(Display) == f"{expected:,.2f}" and "," in pay.data(Display)
    right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    assert pay.data(Qt.ItemDataRole.TextAlignmentRole) == right
    assert model.index(0, model.column("total")).data(Qt.ItemDataRole.TextAlignmentRole) == right


def test_grades_are_coloured(demo: Services) -> None:
    results = cycle_results(demo, "confirmed")
    model = ResultsModel()
    model.set_results(results)
    colours: dict[str, str] = {}
    for row in range(model.rowCount()):
        index = model.index(row, model.column("final_grade"))
        colours[index.data(Display)] = index.data(Qt.ItemDataRole.ForegroundRole).color().name()
    assert colours["S"] == "#a87400"  # gold
    assert colours["A"] == "#2e7d32"  # green
    assert colours["B"] == "#1565c0"  # blue
    assert colours["C"] == "#d35400"  # orange


def test_proxy_sorts_numbers_as_numbers(qtmodeltester: Any, demo: Services) -> None:
    results = cycle_results(demo, "confirmed")
    model = ResultsModel()
    model.set_results(results)
    proxy = ResultsFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    for key in ("total", "performance_pay"):
        column = model.column(key)
        proxy.sort(column, Qt.SortOrder.AscendingOrder)
        values = [proxy.index(r, column).data(SORT_ROLE) for r in range(proxy.rowCount())]
        assert all(isinstance(v, Decimal) for v in values)
        assert values == sorted(values)
    pay = model.column("performance_pay")
    shown = [proxy.index(r, pay).data(Display) for r in range(proxy.rowCount())]
    assert shown != sorted(shown)  # as text "10,800.00" < "9,000.00": numbers, not text
    proxy.sort(COL_RANK, Qt.SortOrder.DescendingOrder)
    ranks = [proxy.index(r, COL_RANK).data(SORT_ROLE) for r in range(proxy.rowCount())]
    assert ranks == sorted(ranks, reverse=True)


def test_live_rows_compare_as_their_written_scorecards_do(demo: Services) -> None:
    """Sorting reads a live row's graded result instead of writing its scorecard out; the
    values must be those its scorecard (and so a frozen row) gives."""
    results = cycle_results(demo, "open")
    assert results.rows and all(row.graded is not None for row in results.rows)
    for row in results.rows:
        written = ResultRow(row.participant, row.card)
        for key in ("rank", *TAIL_COLUMNS):
            assert row.value(key) == written.value(key), (row.code, key)
        for name in results.item_names:
            assert row.item_score(name) == written.item_score(name) is not None
        assert row.item_score("no such item") is None is written.item_score("no such item")


def test_sorting_puts_empty_cells_last_both_ways_and_keeps_selections(
    qtmodeltester: Any, demo: Services
) -> None:
    results = cycle_results(demo, "confirmed")
    unpaid = {row.code for row in results.rows[::7]}
    rows = tuple(
        ResultRow(row.participant, {**row.card, "performance_pay": None})
        if row.code in unpaid
        else row
        for row in results.rows
    )
    model = ResultsModel()
    model.set_results(replace(results, rows=rows))
    qtmodeltester.check(model)
    pay = model.column("performance_pay")
    held = QPersistentModelIndex(model.index(3, COL_CODE))
    held_code = held.data(CODE_ROLE)
    for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
        model.sort(pay, order)
        values = [model.index(r, pay).data(SORT_ROLE) for r in range(model.rowCount())]
        paid = [v for v in values if v is not None]
        assert values == paid + [None] * len(unpaid)
        assert paid == sorted(paid, reverse=order == Qt.SortOrder.DescendingOrder)
        assert held.data(CODE_ROLE) == held_code  # the selection follows its person
    # Ties keep their order: sorting by final grade keeps rank order inside each grade.
    model.sort(COL_RANK, Qt.SortOrder.AscendingOrder)
    model.sort(model.column("final_grade"), Qt.SortOrder.AscendingOrder)
    ranks: dict[str, list[int]] = {}
    for r in range(model.rowCount()):
        grade = model.index(r, model.column("final_grade")).data(Display)
        ranks.setdefault(grade, []).append(model.index(r, COL_RANK).data(SORT_ROLE))
    assert len(ranks) > 1 and all(values == sorted(values) for values in ranks.values())
    # A new scoring comes in sorted as the user left it.
    model.set_results(results)
    values = [model.index(r, model.column("final_grade")).data(SORT_ROLE) for r in range(5)]
    assert values == sorted(values)


def test_proxy_filters_by_words_and_grade(demo: Services) -> None:
    results = cycle_results(demo, "confirmed")
    model = ResultsModel()
    model.set_results(results)
    proxy = ResultsFilterProxy()
    proxy.setSourceModel(model)
    first = results.rows[0]
    proxy.set_search(first.participant.name)
    assert [proxy.index(r, COL_CODE).data(Display) for r in range(proxy.rowCount())] == [
        r.code for r in results.rows if first.participant.name in r.participant.name
    ]
    proxy.set_search("华南区")
    assert proxy.rowCount() == sum(1 for r in results.rows if "华南区" in r.participant.unit) > 0
    proxy.set_search("")
    proxy.set_grade("A")
    final = model.column("final_grade")
    shown = [proxy.index(r, final).data(Display) for r in range(proxy.rowCount())]
    assert shown and set(shown) == {"A"}
    a_count = next(g for g in results.distribution["grades"] if g["grade"] == "A")
    assert len(shown) == a_count["count_final"]
    proxy.set_grade(ResultsFilterProxy.WARNINGS)
    assert proxy.rowCount() == sum(1 for r in results.rows if r.has_warnings)
    proxy.set_grade(None)
    assert proxy.rowCount() == len(results.rows)


def test_distribution_model_flags_excess(qtmodeltester: Any, demo: Services) -> None:
    results = cycle_results(demo, "confirmed")
    model = DistributionModel()
    qtmodeltester.check(model)
    model.set_distribution(results.distribution)
    qtmodeltester.check(model)
    grades = results.distribution["grades"]
    assert model.rowCount() == len(grades)
    for row, grade in enumerate(grades):
        assert model.index(row, DIST_GRADE).data(Display) == grade["grade"]
        assert model.index(row, DIST_QUOTA).data(Display) == str(grade["quota"])
        assert model.index(row, DIST_BEFORE).data(Display) == str(grade["count_before"])
        assert model.index(row, DIST_FINAL).data(Display) == str(grade["count_final"])
        foreground = model.index(row, DIST_FINAL).data(Qt.ItemDataRole.ForegroundRole)
        if grade["excess"]:
            assert foreground.color().name() == "#c62828"
            assert "quota" in model.index(row, DIST_FINAL).data(Qt.ItemDataRole.ToolTipRole)
        else:
            assert foreground is None
    assert any(g["excess"] for g in grades)


def test_overrides_model(qtmodeltester: Any, demo: Services) -> None:
    results = cycle_results(demo, "confirmed")
    model = OverridesModel()
    qtmodeltester.check(model)
    model.set_results(results)
    qtmodeltester.check(model)
    overridden = [r for r in results.rows if r.participant.override_grade]
    assert overridden and model.codes() == [r.code for r in overridden]
    row = overridden[0]
    values = [model.index(0, c).data(Display) for c in range(model.columnCount())]
    assert values == [
        f"{row.code} {row.participant.name}",
        row.card["band_grade"],
        row.card["distributed_grade"],
        row.card["final_grade"],
        row.participant.override_reason,
    ]
    model.set_results(None)
    assert model.rowCount() == 0
    assert model.index(0, 0) == QModelIndex()


def test_formats_and_flags_in_words() -> None:
    assert format_score("1204.5") == "1,204.50"
    assert format_score(None) == ""
    assert format_percent("0.96835") == "96.8%"
    assert format_percent("0.96850") == "96.9%"  # half up
    assert format_coefficient("1.5") == "1.5"
    assert format_coefficient("1") == "1.0"
    assert format_coefficient("0") == "0.0"
    assert flag_text("pip").startswith("Performance improvement plan")
    assert flag_text("training:专业知识") == "Training: 专业知识"
    assert flag_text("promotion_candidate").startswith("Promotion candidate")
    assert flag_text("partial_period").startswith("Partial period")
    assert flag_text("something_new") == "something_new"
