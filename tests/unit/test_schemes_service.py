"""SchemesService: scheme JSON round trips, the rules a document must keep, copy, delete."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from salesdesk.db.models import AuditEntry, Cycle, Scheme
from salesdesk.domain.default_schemes import default_scheme_documents
from salesdesk.domain.errors import FileRefusedError, NotFoundError, StaleEditError, UserError
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


# --------------------------------------------------------------------------- editing


def _audits(database: Database) -> list[AuditEntry]:
    with database.reading() as s:
        return list(
            s.scalars(
                select(AuditEntry).where(AuditEntry.entity == "scheme").order_by(AuditEntry.id)
            )
        )


def _update_refusal(schemes: SchemesService, doc: dict[str, Any], **kw: Any) -> str:
    with pytest.raises(UserError) as info:
        schemes.update(REP, doc, **kw)
    return str(info.value)


def test_update_stores_a_scheme_at_95_which_then_cannot_open_a_cycle(
    schemes: SchemesService, database: Database
) -> None:
    from salesdesk.services.cycles import CyclesService

    doc = _doc(schemes)
    _first_metric(doc)["weight"] -= 5
    before = schemes.summary(REP)
    summary = schemes.update(REP, doc, expected_version=before.version)
    assert summary.weight_total == Decimal(95) and not summary.weights_ok
    assert summary.version > before.version
    assert schemes.get(REP) == doc
    listed = next(s for s in schemes.list_schemes() if s.name == REP)
    assert not listed.weights_ok
    # the full check still says what is wrong; the editor's check does not
    assert any("5 short of 100" in p for p in schemes.validate(doc))
    assert schemes.validate(doc, allow_incomplete_weights=True) == []
    with pytest.raises(UserError, match="fix the scheme first"):
        CyclesService(database).create(REP, "2026-Q1")


def test_update_keeps_every_other_rule_and_writes_nothing_when_refused(
    schemes: SchemesService, database: Database
) -> None:
    original = _doc(schemes)
    version = schemes.summary(REP).version
    audits = len(_audits(database))
    doc = _doc(schemes)
    _first_metric(doc)["weight"] -= 5
    _first_metric(doc)["rule"] = {"type": "linear", "floor": "1.5", "cap": "1.2"}
    message = _update_refusal(schemes, doc)
    assert "needs 0 ≤ floor ≤ 1 ≤ cap" in message
    assert "short of 100" not in message  # the weight total is the one rule let through
    doc = _doc(schemes)
    doc["rater_weights"] = {"supervisor": 60, "peer": 20, "self": 10, "skip_level": 0}
    assert "rater weights add up to 90" in _update_refusal(schemes, doc)
    doc = _doc(schemes)
    doc["distribution"] = {"mode": "enforce", "shares": {"S": 10, "A": 20, "B": 40, "C": 20}}
    assert "missing D" in _update_refusal(schemes, doc)
    assert schemes.get(REP) == original
    assert schemes.summary(REP).version == version
    assert len(_audits(database)) == audits


def test_several_reasons_are_listed_and_one_stands_alone(schemes: SchemesService) -> None:
    doc = _doc(schemes)
    _first_metric(doc)["metric"] = "no_such_metric"
    single = _update_refusal(schemes, doc)
    assert single.startswith("item ") and "no_such_metric" in single and "\n" not in single
    doc["bonus_cap"] = "-1"
    several = _update_refusal(schemes, doc)
    assert "2 problems" in several.splitlines()[0]
    assert "no_such_metric" in several and "bonus cap" in several


def test_invalid_weights_are_not_hidden_by_the_weight_total_allowance(
    schemes: SchemesService,
) -> None:
    doc = _doc(schemes)
    metric = _first_metric(doc)
    for bad in (-5, "abc", 2.5, "1.234", True):
        metric["weight"] = bad
        assert "weight must be a number" in _update_refusal(schemes, doc), bad


def test_storage_limits_are_refused_not_crashed(schemes: SchemesService) -> None:
    doc = _doc(schemes)
    _first_metric(doc)["weight"] = "1000"
    assert "is over 100" in _update_refusal(schemes, doc)
    doc = _doc(schemes)
    doc["bonus_cap"] = "0.001"
    assert "at most 2 decimals" in _update_refusal(schemes, doc)
    doc["bonus_cap"] = "1000"
    assert "0–100" in _update_refusal(schemes, doc)


def test_update_of_a_stale_version_is_refused(schemes: SchemesService) -> None:
    version = schemes.summary(REP).version
    doc = _doc(schemes)
    doc["bonus_cap"] = "5"
    schemes.update(REP, doc, expected_version=version)
    doc["bonus_cap"] = "6"
    with pytest.raises(StaleEditError):
        schemes.update(REP, doc, expected_version=version)
    assert schemes.get(REP)["bonus_cap"] == "5"


def test_editing_a_scheme_a_cycle_uses_is_allowed_and_audited(
    schemes: SchemesService, database: Database
) -> None:
    _use_in_cycle(database, REP)
    old = _doc(schemes)
    doc = _doc(schemes)
    _first_metric(doc)["rule"] = {"type": "linear", "floor": "0.5", "cap": "1.3"}
    summary = schemes.update(REP, doc, reason="Edit cap")
    assert summary.used_by == 1
    entry = _audits(database)[-1]
    assert (entry.action, entry.field, entry.reason) == ("update", "document", "Edit cap")
    assert json.loads(entry.old_value or "") == old
    assert json.loads(entry.new_value or "") == doc
    # the same document again changes nothing and is not audited
    count = len(_audits(database))
    again = schemes.update(REP, doc)
    assert again.version == summary.version and len(_audits(database)) == count
    # replacing by import stays refused while a cycle uses it
    assert "used by 1 cycle" in _refusal(schemes, _doc(schemes), replace=True)


def test_rename_by_id_and_name(schemes: SchemesService, database: Database) -> None:
    scheme_id = schemes.summary(REP).id
    renamed = schemes.rename(scheme_id, "  销售代表季度考核方案（新）  ")
    assert renamed.id == scheme_id and renamed.name == "销售代表季度考核方案（新）"
    assert schemes.get(scheme_id)["name"] == renamed.name
    entry = _audits(database)[-1]
    assert (entry.action, entry.old_value, entry.new_value) == ("rename", REP, renamed.name)
    other = next(s.name for s in schemes.list_schemes() if s.name != renamed.name)
    with pytest.raises(UserError, match="already exists"):
        schemes.rename(scheme_id, other)
    with pytest.raises(UserError, match="1–96"):
        schemes.rename(scheme_id, " ")
    with pytest.raises(NotFoundError):
        schemes.rename(REP, "x")


def test_create_allows_incomplete_weights_but_not_a_taken_name(
    schemes: SchemesService, database: Database
) -> None:
    doc = _doc(schemes)
    doc["name"] = "草稿方案"
    _first_metric(doc)["weight"] -= 5
    created = schemes.create(doc)
    assert created.name == "草稿方案" and not created.weights_ok and not created.builtin
    assert _audits(database)[-1].action == "create"
    with pytest.raises(UserError, match="already exists"):
        schemes.create(doc)
    doc["name"] = "另一个"
    doc["items"] = []
    with pytest.raises(UserError, match="no items"):
        schemes.create(doc)


def test_json_files(schemes: SchemesService, tmp_path: Path) -> None:
    written = schemes.write_json_file(REP, tmp_path / "rep.json")
    assert written.read_text(encoding="utf-8") == schemes.export_json(REP)
    assert schemes.read_json_file(written) == schemes.get(REP)
    bom = tmp_path / "bom.json"
    bom.write_bytes(b"\xef\xbb\xbf" + written.read_bytes())
    assert schemes.read_json_file(bom) == schemes.get(REP)
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(FileRefusedError, match="not a JSON file"):
        schemes.read_json_file(bad)
    with pytest.raises(FileRefusedError, match="cannot be read"):
        schemes.read_json_file(tmp_path / "missing.json")
    with pytest.raises(FileRefusedError, match="cannot be written"):
        schemes.write_json_file(REP, tmp_path / "no" / "such" / "folder.json")


def test_metrics_and_filter_choices(schemes: SchemesService) -> None:
    metrics = {m.code: m for m in schemes.metrics()}
    assert metrics["revenue"].name == "Revenue"
    assert metrics["overdue_receivables"].direction.value == "down"
    assert metrics["satisfaction"].unit.value == "points"
    choices = schemes.filter_choices()
    assert choices.product_line == () and choices.region == () and choices.segment == ()
