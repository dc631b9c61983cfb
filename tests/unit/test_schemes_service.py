"""SchemesService: scheme JSON round trips, the rules a document must keep, copy, delete."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from salesdesk.db.models import AuditEntry, Cycle, Scheme
from salesdesk.domain.default_schemes import default_scheme_documents
from salesdesk.domain.errors import NotFoundError, UserError
from salesdesk.services.database import Database
from salesdesk.services.schemes import SchemesService

REP = "销售代表季度考核方案"


@pytest.fixture
def schemes(database: Database) -> SchemesService:
    return SchemesService(database)


def _doc(schemes: SchemesService, name: str = REP) -> dict[str, Any]:
    return copy.deepcopy(schemes.get(name))


def _first_metric(doc: dict[str, Any]) -> dict[str, Any]:
    return next(item for item in doc["items"] if item["kind"] == "metric")


def _use_in_cycle(database: Database, name: str) -> None:
    with database.transaction() as s:
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


def _refusal(schemes: SchemesService, doc: dict[str, Any], **kw: Any) -> str:
    with pytest.raises(UserError) as info:
        schemes.import_document(doc, **kw)
    return str(info.value)


@pytest.mark.parametrize("name", [doc["name"] for doc in default_scheme_documents()])
def test_round_trip_of_every_default_scheme(schemes: SchemesService, name: str) -> None:
    first = schemes.export_json(name)
    doc = json.loads(first)
    doc["name"] = "副本 " + name
    summary = schemes.import_document(doc)
    assert summary.name == "副本 " + name
    assert summary.weight_total == Decimal(100) and summary.weights_ok
    again = json.loads(schemes.export_json(summary.name))
    again["name"] = name
    assert again == json.loads(first)
    # the whole text, not only the parsed value, is the same apart from the name
    assert schemes.export_json(summary.name).replace("副本 " + name, name) == first


def test_export_shape_keeps_decimals_as_strings(schemes: SchemesService) -> None:
    text = schemes.export_json(REP)
    assert "销售代表" in text  # ensure_ascii=False
    assert text.startswith('{\n "name"')  # indent 1
    doc = json.loads(text)
    assert isinstance(doc["bonus_cap"], str)
    assert all(isinstance(low, str) for _, low in doc["bands"])
    assert all(isinstance(v, str) for v in doc["coefficients"].values())
    for item in doc["items"]:
        if item["kind"] == "metric":
            for key, value in item["rule"].items():
                if key != "type":
                    assert not isinstance(value, float)


def test_replace_with_the_same_document_changes_nothing(
    schemes: SchemesService, database: Database
) -> None:
    before = schemes.export_json(REP)
    with database.reading() as s:
        audits = len(s.scalars(select(AuditEntry)).all())
    summary = schemes.import_document(json.loads(before), replace=True)
    assert summary.name == REP
    assert schemes.export_json(REP) == before
    with database.reading() as s:
        assert len(s.scalars(select(AuditEntry)).all()) == audits


def test_replace_changes_the_scheme_and_is_audited(
    schemes: SchemesService, database: Database
) -> None:
    doc = _doc(schemes)
    doc["bonus_cap"] = "5"
    schemes.import_document(doc, replace=True)
    assert schemes.get(REP)["bonus_cap"] == "5"
    with database.reading() as s:
        entry = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry is not None and entry.entity == "scheme" and entry.action == "update"


def test_weights_95_say_5_short(schemes: SchemesService) -> None:
    doc = _doc(schemes)
    doc["name"] = "新方案"
    item = _first_metric(doc)
    item["weight"] = item["weight"] - 5
    message = _refusal(schemes, doc)
    assert "95" in message and "5 short of 100" in message
    assert all(s.name != "新方案" for s in schemes.list_schemes())


def test_weights_over_100_say_by_how_much(schemes: SchemesService) -> None:
    doc = _doc(schemes)
    doc["name"] = "新方案"
    item = _first_metric(doc)
    item["weight"] = str(Decimal(item["weight"]) + Decimal("2.5"))  # decimals as strings
    assert "2.5 over 100" in _refusal(schemes, doc)


def test_unknown_metric_is_refused(schemes: SchemesService) -> None:
    doc = _doc(schemes)
    doc["name"] = "新方案"
    _first_metric(doc)["metric"] = "no_such_metric"
    assert "no_such_metric" in _refusal(schemes, doc)


def test_unknown_rule_type_is_refused(schemes: SchemesService) -> None:
    doc = _doc(schemes)
    doc["name"] = "新方案"
    _first_metric(doc)["rule"] = {"type": "magic"}
    assert "unknown rule magic" in _refusal(schemes, doc)


def test_grade_bands_out_of_order_are_refused(schemes: SchemesService) -> None:
    doc = _doc(schemes)
    doc["name"] = "新方案"
    doc["bands"] = [["S", "85"], ["A", "95"], ["B", "70"], ["C", "60"], ["D", "0"]]
    assert "descending order" in _refusal(schemes, doc)


def test_rule_bands_out_of_order_are_refused(schemes: SchemesService) -> None:
    doc = _doc(schemes)
    doc["name"] = "新方案"
    _first_metric(doc)["rule"] = {"type": "banded", "bands": [["0.8", "0.6"], ["1.0", "1.0"]]}
    assert "bands must be" in _refusal(schemes, doc)


def test_every_reason_is_listed(schemes: SchemesService) -> None:
    doc = _doc(schemes)
    doc["name"] = "新方案"
    metric = _first_metric(doc)
    metric["metric"] = "no_such_metric"
    metric["weight"] -= 5
    doc["rater_weights"] = {"supervisor": 60, "peer": 20, "self": 10}
    message = _refusal(schemes, doc)
    assert "no_such_metric" in message
    assert "5 short of 100" in message
    assert "rater weights add up to 90" in message


def test_not_an_object_is_refused(schemes: SchemesService) -> None:
    assert "JSON object" in _refusal(schemes, [1, 2])  # type: ignore[arg-type]


def test_duplicate_name_is_refused(schemes: SchemesService) -> None:
    assert "already exists" in _refusal(schemes, _doc(schemes))


def test_replacing_a_scheme_a_cycle_uses_is_refused(
    schemes: SchemesService, database: Database
) -> None:
    _use_in_cycle(database, REP)
    assert "used by 1 cycle" in _refusal(schemes, _doc(schemes), replace=True)
    with pytest.raises(UserError, match="used by 1 cycle"):
        schemes.delete(REP)
    summary = next(s for s in schemes.list_schemes() if s.name == REP)
    assert summary.used_by == 1


def test_list_copy_and_delete(schemes: SchemesService, database: Database) -> None:
    names = [s.name for s in schemes.list_schemes()]
    assert REP in names and names == sorted(names)
    rep = next(s for s in schemes.list_schemes() if s.name == REP)
    assert rep.builtin and rep.role == "rep" and rep.cycle_type == "quarterly"
    assert rep.weight_total == 100 and rep.used_by == 0 and rep.item_count > 0
    copied = schemes.copy(REP, "销售代表季度考核方案（试行）")
    assert not copied.builtin and copied.weight_total == 100
    original = _doc(schemes)
    duplicate = schemes.get(copied.name)
    duplicate["name"] = REP
    assert duplicate == original
    with pytest.raises(UserError, match="already exists"):
        schemes.copy(REP, copied.name)
    with pytest.raises(UserError, match="1–96"):
        schemes.copy(REP, "  ")
    schemes.delete(copied.name)
    assert copied.name not in [s.name for s in schemes.list_schemes()]
    with pytest.raises(NotFoundError):
        schemes.get(copied.name)
    with database.reading() as s:
        actions = [
            e.action for e in s.scalars(select(AuditEntry).where(AuditEntry.entity == "scheme"))
        ]
    assert actions == ["create", "delete"]


def test_validate_uses_the_database_metrics(schemes: SchemesService) -> None:
    doc = _doc(schemes)
    assert schemes.validate(doc) == []
    _first_metric(doc)["metric"] = "no_such_metric"
    assert len(schemes.validate(doc)) == 1


def test_chinese_messages(schemes: SchemesService) -> None:
    from salesdesk.domain.text import set_language

    doc = _doc(schemes)
    doc["name"] = "新方案"
    _first_metric(doc)["weight"] -= 5
    set_language("zh")
    try:
        message = _refusal(schemes, doc)
    finally:
        set_language("en")
    assert "距 100 还差 5 分" in message and "被拒绝" in message
