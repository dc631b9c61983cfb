"""Import history and undo of a batch: the exact previous state comes back, out-of-order
and repeated undos are refused, staff batches too; every kind's template imports."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from salesdesk.db.models import AuditEntry, OrgUnit, Staff, Target, UnitMembership
from salesdesk.domain.errors import ValidationError
from salesdesk.exchange.templates import write_template
from salesdesk.services.import_history import ImportHistoryService
from salesdesk.services.imports import import_file
from salesdesk.services.registry import Services
from salesdesk.services.staff import StaffRow
from tests.unit.test_ledger_import import GOOD, ledger, snapshot
from tests.unit.workbooks import STAFF_HEADERS, write_xlsx


def _targets(services: Services) -> list[tuple[object, ...]]:
    with services.database.reading() as s:
        return sorted((t.scope_key, t.value, t.batch_id) for t in s.scalars(select(Target)))


def test_undo_restores_the_exact_previous_state(
    services: Services, small_org: dict[str, StaffRow], tmp_path: Path
) -> None:
    database = services.database
    history = ImportHistoryService(database)
    empty = snapshot(database)
    first = import_file(database, "ledger", ledger(tmp_path, GOOD))
    after_first = snapshot(database)
    changed = [list(r) for r in GOOD]
    changed[0][8] = 12500
    changed[2][10], changed[3][10] = 50, 50
    changed.append(["2026-03-09", "SO003", 1, "S004", "新客户", "普通客户", "华南", "仪表",
                    100, 50, None])  # fmt: skip
    second = import_file(database, "ledger", ledger(tmp_path, changed, "b.xlsx"))
    assert (second.added, second.replaced) == (1, 2)

    with pytest.raises(ValidationError, match=f"batch {second.batch_id} .*undo them first"):
        history.undo_batch(first.batch_id or 0)
    batches = history.list_batches()
    assert [b.id for b in batches] == [second.batch_id, first.batch_id]
    assert (batches[0].kind, batches[0].added, batches[0].replaced, batches[0].undone) == (
        "ledger",
        1,
        2,
        False,
    )

    result = history.undo_batch(second.batch_id or 0)
    assert (result.removed, result.restored) == (1 + 1 + 2 + 1, 2)  # line, customer, dims
    state = snapshot(database)
    assert {k: v for k, v in state.items() if k not in ("batches", "changes", "audit")} == {
        k: v for k, v in after_first.items() if k not in ("batches", "changes", "audit")
    }
    with pytest.raises(ValidationError, match="already undone"):
        history.undo_batch(second.batch_id or 0)
    history.undo_batch(first.batch_id or 0)
    state = snapshot(database)
    assert {k: v for k, v in state.items() if k not in ("batches", "changes", "audit")} == {
        k: v for k, v in empty.items() if k not in ("batches", "changes", "audit")
    }
    assert all(b.undone for b in history.list_batches())
    with database.reading() as s:
        assert (
            s.scalar(
                select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "undo")
            )
            == 2
        )
    # undone: the same file imports again
    assert import_file(database, "ledger", ledger(tmp_path, GOOD)).added == 4


def test_undo_of_replaced_targets_and_hand_edits(
    services: Services, small_org: dict[str, StaffRow], tmp_path: Path
) -> None:
    database = services.database
    history = ImportHistoryService(database)
    headers = ["工号", "指标", "期间", "目标值"]
    one = import_file(
        database,
        "targets",
        write_xlsx(tmp_path / "a.xlsx", [headers, ["S002", "销售额", "2026-Q1", 300]]),
    )
    before = _targets(services)
    two = import_file(
        database,
        "targets",
        write_xlsx(tmp_path / "b.xlsx", [headers, ["S002", "销售额", "2026-Q1", 600]]),
    )
    assert two.replaced == 3
    history.undo_batch(two.batch_id or 0)
    assert _targets(services) == before
    with database.transaction() as s:
        target = s.scalars(select(Target)).first()
        assert target is not None
        target.value = target.value + 1  # an edit by hand after the import
    with pytest.raises(ValidationError, match="edited afterwards"):
        history.undo_batch(one.batch_id or 0)


def test_undo_of_a_staff_batch(
    services: Services, small_org: dict[str, StaffRow], tmp_path: Path
) -> None:
    database = services.database
    history = ImportHistoryService(database)

    def state() -> tuple[object, ...]:
        with database.reading() as s:
            return (
                sorted(
                    (p.code, p.name, p.unit_id, p.manager_id, p.pay_base)
                    for p in s.scalars(select(Staff))
                ),
                sorted((u.name, u.parent_id) for u in s.scalars(select(OrgUnit))),
                sorted(
                    (m.staff_id, m.unit_id, m.valid_to) for m in s.scalars(select(UnitMembership))
                ),
            )

    before = state()
    path = write_xlsx(
        tmp_path / "staff.xlsx",
        [
            STAFF_HEADERS,
            ["S002", "李娜", "销售代表", "销售部/华北区", "S001", "2023-01-09", None, 3500],
            ["S010", "新人", "销售代表", "销售部/华北区", "S002", "2026-01-05", None, 3000],
        ],
    )
    report = import_file(database, "staff", path)
    assert (report.added, report.replaced) == (1, 1)
    history.undo_batch(report.batch_id or 0)
    assert state() == before

    again = import_file(database, "staff", path)
    import_file(
        database,
        "targets",
        write_xlsx(
            tmp_path / "t.xlsx",
            [["工号", "指标", "期间", "目标值"], ["S010", "销售额", "2026-03", 1]],
        ),
    )
    with pytest.raises(ValidationError, match=r"undo them first|used elsewhere"):
        history.undo_batch(again.batch_id or 0)


@pytest.mark.parametrize("kind", ["targets", "ledger", "receipts", "metrics"])
def test_each_template_with_its_example_row_imports(
    services: Services, small_org: dict[str, StaffRow], tmp_path: Path, kind: str
) -> None:
    import_file(
        services.database,
        "staff",
        write_xlsx(
            tmp_path / "s.xlsx",
            [STAFF_HEADERS, ["S0001", "样例", "销售代表", "销售部", None, "2024-03-01", None, 0]],
        ),
    )
    path = write_template(kind, tmp_path / f"{kind}.xlsx")
    report = import_file(services.database, kind, path)
    assert report.added >= 1 and report.batch_id is not None
