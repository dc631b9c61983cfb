"""The default schemes of appraisal-rules §8, the scheme document check, and their
installation in a new database."""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from salesdesk.db.models import Scheme, SchemeItem
from salesdesk.domain.default_schemes import check_scheme_document, default_scheme_documents
from salesdesk.domain.metrics import BUILTIN_BY_CODE
from salesdesk.services.database import Database, open_database
from salesdesk.services.default_schemes import install_default_schemes, scheme_to_document

DOCS = default_scheme_documents()
NAMES = [doc["name"] for doc in DOCS]


RISING = [["0.8", "0.6"], ["1.0", "1.0"]]
SWAPPED_GRADES = [["S", "85"], ["A", "95"], ["B", "70"], ["C", "60"], ["D", "0"]]
RATERS_110 = {"supervisor": 70, "peer": 20, "self": 20}


def _doc(name: str) -> dict[str, Any]:
    return copy.deepcopy(next(doc for doc in DOCS if doc["name"] == name))


@pytest.mark.parametrize("doc", DOCS, ids=NAMES)
def test_each_default_scheme_passes_the_check(doc: dict[str, Any]) -> None:
    assert check_scheme_document(doc) == []
    assert sum(Decimal(str(item["weight"])) for item in doc["items"]) == 100
    for item in doc["items"]:
        if item["kind"] == "metric":
            assert item["metric"] in BUILTIN_BY_CODE
        if item["kind"] == "rating":
            assert list(item["levels"]) == ["5", "4", "3", "2", "1"]
            assert all(len(text) >= 10 for text in item["levels"].values())


def test_the_six_schemes_of_section_8() -> None:
    assert NAMES == [
        "销售代表月度考核方案",
        "销售代表季度考核方案",
        "销售主管季度考核方案",
        "销售支持季度考核方案",
        "销售总监年度考核方案",
        "销售人员年度考核方案",
    ]
    kinds = {(doc["role"], doc["cycle_type"]) for doc in DOCS}
    assert kinds == {
        ("rep", "monthly"),
        ("rep", "quarterly"),
        ("supervisor", "quarterly"),
        ("support", "quarterly"),
        ("director", "annual"),
        ("rep", "annual"),
    }
    annual = _doc("销售人员年度考核方案")
    assert annual["roles"] == ["rep", "supervisor", "support"]
    first = annual["items"][0]
    assert (first["kind"], first["weight"]) == ("period_results", 60)
    for doc in DOCS:
        assert doc["rater_weights"] == {"supervisor": 70, "peer": 20, "self": 10, "skip_level": 0}
        assert doc["bands"] == [["S", "95"], ["A", "85"], ["B", "70"], ["C", "60"], ["D", "0"]]
        assert doc["coefficients"] == {"S": "1.5", "A": "1.2", "B": "1.0", "C": "0.7", "D": "0"}
        assert doc["distribution"]["shares"] == {"S": 10, "A": 20, "B": 40, "C": 20, "D": 10}
        assert doc["bonus_cap"] == "10"
        for item in doc["items"]:
            if item["kind"] == "period_results":
                assert doc["cycle_type"] == "annual" and item["source"] == "quarterly"


def test_weights_and_rules_follow_section_8() -> None:
    monthly = {i["metric"]: (i["weight"], i["rule"]["type"]) for i in DOCS[0]["items"]}
    assert monthly == {
        "revenue": (50, "linear"),
        "orders": (15, "linear"),
        "new_customers": (15, "banded"),
        "visits": (10, "linear"),
        "collection_rate": (10, "linear"),
    }
    quarterly = {i["name"]: i for i in _doc("销售代表季度考核方案")["items"]}
    assert quarterly["客户满意度"]["rule"] == {"type": "direct"}
    overdue = quarterly["逾期应收款"]["rule"]
    assert overdue["type"] == "per_unit" and Decimal(overdue["unit"]) == 10000
    supervisor = _doc("销售主管季度考核方案")
    team_items = [i for i in supervisor["items"] if i["kind"] == "metric"]
    assert all(i["scope"] == "team" for i in team_items)
    support = {i["name"]: i for i in _doc("销售支持季度考核方案")["items"]}
    assert support["内部客户满意度"]["raters"] == ["peer"]
    assert support["内部客户满意度"]["weight"] == 15


def test_documents_are_fresh_copies() -> None:
    first = default_scheme_documents()
    first[0]["items"][0]["weight"] = 1
    assert default_scheme_documents()[0]["items"][0]["weight"] == 50


# --------------------------------------------------------------------------- the check


def test_weights_off_by_some_points_say_by_how_much() -> None:
    doc = _doc("销售代表月度考核方案")
    doc["items"][0]["weight"] = 45
    problems = check_scheme_document(doc)
    assert problems == ["item weights add up to 95: 5 short of 100"]
    doc["items"][0]["weight"] = "52.5"
    assert check_scheme_document(doc) == ["item weights add up to 102.5: 2.5 over 100"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["items"][0].update(metric="turnover"), "unknown metric turnover"),
        (lambda d: d["items"][0].update(rule={"type": "magic"}), "unknown rule magic"),
        (
            lambda d: d["items"][0].update(rule={"type": "linear", "floor": "1.5", "cap": "1.2"}),
            "floor",
        ),
        (
            lambda d: d["items"][2].update(rule={"type": "banded", "bands": RISING}),
            "bands",
        ),
        (lambda d: d["items"][0].update(rule={"type": "per_unit"}), "lower-is-better"),
        (lambda d: d["items"][0].update(rule={"type": "direct"}), "0–100 point"),
        (lambda d: d["items"][0].update(rule={"type": "linear", "floor": 0.6}), "not a decimal"),
        (lambda d: d["items"][0].update(scope="region"), "scope"),
        (lambda d: d["items"][0].update(colour="red"), "no key colour"),
        (lambda d: d.update(bands=SWAPPED_GRADES), "descending"),
        (lambda d: d.update(rater_weights=RATERS_110), "rater weights add up to 110"),
        (lambda d: d.update(cycle_type="weekly"), "unknown cycle type"),
        (lambda d: d.update(role="ceo"), "unknown role"),
        (lambda d: d["distribution"].update(mode="strict"), "distribution mode"),
        (lambda d: d["items"][1].update(name=d["items"][0]["name"]), "used twice"),
    ],
)  # fmt: skip
def test_broken_documents_are_refused_with_the_reason(change: Any, expected: str) -> None:
    doc = _doc("销售代表月度考核方案")
    change(doc)
    problems = check_scheme_document(doc)
    assert problems, "a broken document must be refused"
    assert any(expected in problem for problem in problems), problems


def test_period_results_must_come_from_a_shorter_cycle() -> None:
    doc = _doc("销售人员年度考核方案")
    doc["items"][0]["source"] = "annual"
    assert any("shorter" in p for p in check_scheme_document(doc))


def test_rating_levels_need_all_five_texts() -> None:
    doc = _doc("销售代表季度考核方案")
    rating = next(i for i in doc["items"] if i["kind"] == "rating")
    del rating["levels"]["3"]
    assert any("levels" in p for p in check_scheme_document(doc))


def test_own_metrics_can_be_allowed() -> None:
    doc = _doc("销售代表月度考核方案")
    doc["items"][3]["metric"] = "demo_calls"
    assert check_scheme_document(doc) != []
    assert check_scheme_document(doc, known_metrics={*BUILTIN_BY_CODE, "demo_calls"}) == []


def test_not_an_object() -> None:
    assert check_scheme_document(["not", "a", "scheme"]) != []


# --------------------------------------------------------------------------- installing


def test_a_new_database_holds_the_six_schemes_once(db_path: Path, database: Database) -> None:
    with database.reading() as s:
        assert sorted(s.scalars(select(Scheme.name))) == sorted(NAMES)
        assert s.scalar(select(func.count()).select_from(SchemeItem)) == sum(
            len(doc["items"]) for doc in DOCS
        )
    database.close()
    again = open_database(db_path)
    try:
        with again.transaction() as s:
            assert s.scalar(select(func.count()).select_from(Scheme)) == 6
            assert install_default_schemes(s) == 0
    finally:
        again.close()


def test_rows_turn_back_into_the_same_documents(database: Database) -> None:
    with database.reading() as s:
        schemes = list(s.scalars(select(Scheme).order_by(Scheme.id)))
        docs = [scheme_to_document(scheme) for scheme in schemes]
        annual = next(x for x in schemes if x.name == "销售人员年度考核方案")
        assert annual.role == "rep" and annual.roles == ["rep", "supervisor", "support"]
        assert all(x.builtin for x in schemes)
        weights = [sum((i.weight for i in x.items), Decimal(0)) for x in schemes]
    assert docs == DOCS
    assert weights == [Decimal(100)] * 6
