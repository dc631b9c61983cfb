"""Rating packets (reports.md "Rating packets"): one workbook per rater to fill in offline,
and the import of a packet that comes back.

Who rates whom (`assign_raters`): every participant rates themselves (self), their
manager rates them (supervisor), the manager's manager too (skip-level), and the other
participants of their org unit in the cycle rate them as peers — each pair in one role,
the first of self, supervisor, skip-level, peer that applies. A role is asked for an item
when the item names it among its raters, or, for an item that names none, when the
scheme gives the role a weight above 0 (appraisal-rules §5: a role of weight 0 would not
count). People who have left rate nobody. A rating already stored shows in its rater's
packet (and keeps that rater on it, in that role, where the rules above would not put
them), so a packet exported again shows what is there.

A packet coming back goes through the ratings import (`imports_appraisal`), once its
identity is checked: the cycle (id and name: a packet of another database is refused)
must still take inputs, and the grid must be as issued. Empty ratings are skipped; the
rest is all or nothing, audited, one batch that can be undone.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from salesdesk.db.models import Appraisal, Cycle, Rating, Staff
from salesdesk.domain.default_schemes import RATER_ROLES
from salesdesk.domain.errors import PacketRefusedError, Problem, UserError, ValidationError
from salesdesk.domain.scoring import rater_weights_of
from salesdesk.domain.text import t
from salesdesk.domain.workflow import CycleState, inputs_editable, state_label
from salesdesk.exchange.packets import (
    HEADER_ROW,
    Packet,
    PacketContents,
    PacketItem,
    PacketSheet,
    grid_problems,
    is_packet,
    packet_file_name,
    read_packet,
    write_packet,
)
from salesdesk.exchange.reader import Row, Table
from salesdesk.exchange.sheets import RATINGS
from salesdesk.services.appraisal_inputs import rating_items, role_label
from salesdesk.services.cycles import find_cycle
from salesdesk.services.database import Database
from salesdesk.services.import_common import ImportReport, Progress, ProgressReporter
from salesdesk.services.imports_appraisal import import_rating_tables
from salesdesk.services.staff import find_staff, unit_paths

__all__ = [
    "PacketsCancelled",
    "assign_raters",
    "build_packets",
    "export_packets",
    "import_packet",
    "is_packet",
]

# The order sheets come in and the role a pair gets when several apply.
ROLE_ORDER = ("self", "supervisor", "skip_level", "peer")
_EDITABLE_STATES = ", ".join(
    f"{s.value} ({state_label(s)})" for s in CycleState if inputs_editable(s)
)


class PacketsCancelled(UserError):
    """The export was cancelled through its progress callback; no packet was written."""

    def __init__(self) -> None:
        super().__init__(t("export cancelled; no packet was written", "已取消导出，未写出评分表"))


# --------------------------------------------------------------------------- who rates whom


@dataclass(frozen=True)
class Participant:
    """A participant of a cycle as the assignment of raters sees them."""

    staff_id: int
    unit_id: int
    manager_id: int | None


def assign_raters(
    participants: Sequence[Participant],
    manager_of: Mapping[int, int | None],
    roles: Collection[str],
    can_rate: Callable[[int], bool] = lambda _staff_id: True,
) -> dict[tuple[int, int], str]:
    """(rater, ratee) → rater role, for the roles in `roles`: self; the ratee's manager as
    supervisor; the manager's manager as skip-level; the other participants of the
    ratee's org unit as peers. Each pair gets the first role of self, supervisor,
    skip-level, peer that applies; people `can_rate` refuses (they left) rate nobody."""
    pairs: dict[tuple[int, int], str] = {}

    def put(rater: int | None, ratee: int, role: str) -> None:
        if rater is None or role not in roles or not can_rate(rater):
            return
        if (rater == ratee) != (role == "self"):
            return
        pairs.setdefault((rater, ratee), role)

    by_unit: dict[int, list[int]] = {}
    for person in participants:
        by_unit.setdefault(person.unit_id, []).append(person.staff_id)
    for person in participants:
        ratee = person.staff_id
        put(ratee, ratee, "self")
        put(person.manager_id, ratee, "supervisor")
        if person.manager_id is not None:
            put(manager_of.get(person.manager_id), ratee, "skip_level")
        for peer in by_unit[person.unit_id]:
            put(peer, ratee, "peer")
    return pairs


def _asks(item: Mapping[str, Any], role: str, weights: Mapping[str, Decimal]) -> bool:
    raters = [str(r) for r in item.get("raters") or []]
    if raters:
        return role in raters
    return weights.get(role, Decimal(0)) > 0


def _anchors(item: Mapping[str, Any]) -> tuple[tuple[int, str], ...]:
    levels = item.get("levels") or {}
    anchors: list[tuple[int, str]] = []
    for key, text in levels.items():
        try:
            anchors.append((int(key), str(text)))
        except (TypeError, ValueError):
            continue
    return tuple(sorted(anchors, reverse=True))


# --------------------------------------------------------------------------- export


def _editable_cycle(cycle: Cycle) -> None:
    if not inputs_editable(cycle.state):
        raise ValidationError.single(
            t(
                "the cycle {c} is {s}: it takes no more ratings",
                "考核周期“{c}”处于{s}状态，不再接受评分",
                c=cycle.name,
                s=state_label(cycle.state),
            ),
            field="cycle",
            allowed=_EDITABLE_STATES,
        )


def build_packets(
    database: Database, cycle_ref: str | int, *, rater: str | None = None
) -> list[Packet]:
    """The packets of a cycle, one per rater (by staff code), each with a sheet per ratee
    (self first, then supervisor, skip-level and peer sheets by ratee code) holding the
    items the rater rates in that role and the ratings already stored. With `rater`, only
    that person's packet."""
    with database.reading() as s:
        cycle = find_cycle(s, cycle_ref)
        _editable_cycle(cycle)
        items = rating_items(cycle)
        if not items:
            raise ValidationError.single(
                t(
                    "the scheme of the cycle {c} has no rated items: nothing to rate",
                    "考核周期“{c}”的方案没有评分项：无需评分",
                    c=cycle.name,
                ),
                field="cycle",
            )
        only = find_staff(s, rater, field="rater").id if rater is not None else None
        return _packets(s, cycle, items, only)


def _packets(
    s: Session, cycle: Cycle, items: Mapping[str, dict[str, Any]], only: int | None
) -> list[Packet]:
    weights = rater_weights_of(cycle.scheme_snapshot or {})
    people = {
        row.id: row
        for row in s.execute(
            select(Staff.id, Staff.code, Staff.name, Staff.manager_id, Staff.leave_date)
        )
    }
    appraisals = s.execute(
        select(Appraisal.id, Appraisal.staff_id, Appraisal.unit_id).where(
            Appraisal.cycle_id == cycle.id
        )
    ).all()
    ratee_of = {appraisal_id: staff_id for appraisal_id, staff_id, _unit in appraisals}
    unit_of = {staff_id: unit_id for _id, staff_id, unit_id in appraisals}
    today = date.today()

    def can_rate(staff_id: int) -> bool:
        leave = people[staff_id].leave_date
        return leave is None or leave > today

    pairs = assign_raters(
        [Participant(ratee, unit, people[ratee].manager_id) for ratee, unit in unit_of.items()],
        {staff_id: row.manager_id for staff_id, row in people.items()},
        [role for role in RATER_ROLES if any(_asks(i, role, weights) for i in items.values())],
        can_rate,
    )
    stored: dict[tuple[int, int, str], dict[str, tuple[int, str]]] = {}
    for appraisal_id, item, rater_id, role, value, comment in s.execute(
        select(
            Rating.appraisal_id,
            Rating.item_name,
            Rating.rater_id,
            Rating.rater_role,
            Rating.rating,
            Rating.comment,
        )
        .join(Appraisal, Appraisal.id == Rating.appraisal_id)
        .where(Appraisal.cycle_id == cycle.id)
    ):
        ratee = ratee_of[appraisal_id]
        stored.setdefault((rater_id, ratee, role), {})[item] = (value, comment)
    for rater_id, ratee, role in sorted(stored, key=lambda k: ROLE_ORDER.index(k[2])):
        if can_rate(rater_id):
            pairs.setdefault((rater_id, ratee), role)

    paths = unit_paths(s)
    order = {role: i for i, role in enumerate(ROLE_ORDER)}
    sheets: dict[int, list[tuple[tuple[int, str], PacketSheet]]] = {}
    for (rater_id, ratee), role in pairs.items():
        if only is not None and rater_id != only:
            continue
        ratings = stored.get((rater_id, ratee, role), {})
        names = [
            name for name, item in items.items() if _asks(item, role, weights) or name in ratings
        ]
        if not names:
            continue
        person = people[ratee]
        sheet = PacketSheet(
            ratee_code=person.code,
            ratee_name=person.name,
            ratee_unit=paths.get(unit_of[ratee], ""),
            role=role,
            role_label=role_label(role),
            items=tuple(
                PacketItem(
                    name,
                    _anchors(items[name]),
                    ratings[name][0] if name in ratings else None,
                    ratings[name][1] if name in ratings else "",
                )
                for name in names
            ),
        )
        sheets.setdefault(rater_id, []).append(((order[role], person.code), sheet))
    if only is not None and only not in sheets:
        raise ValidationError.single(
            t(
                "{c} {n} rates nobody in the cycle {y}",
                "{c} {n} 在考核周期“{y}”中没有需要评分的对象",
                c=people[only].code,
                n=people[only].name,
                y=cycle.name,
            ),
            field="rater",
        )
    return [
        Packet(
            cycle_id=cycle.id,
            cycle_name=cycle.name,
            period=cycle.period,
            rater_code=people[rater_id].code,
            rater_name=people[rater_id].name,
            sheets=tuple(sheet for _key, sheet in sorted(found, key=lambda pair: pair[0])),
        )
        for rater_id, found in sorted(sheets.items(), key=lambda kv: people[kv[0]].code)
    ]


def export_packets(
    database: Database,
    cycle_ref: str | int,
    out_dir: Path | str,
    *,
    rater: str | None = None,
    progress: Progress | None = None,
) -> list[Path]:
    """Write one packet per rater of a cycle (`<工号>_<姓名>.xlsx`) into `out_dir`; with
    `rater`, only that rater's. Every packet is written to a temporary folder first and
    moved into place when all are done, so a failed or cancelled export leaves no half
    set behind. Returns the files written, by rater code."""
    report = ProgressReporter(progress, every=1)
    report.step(0, t("reading the cycle", "读取考核周期"))
    packets = build_packets(database, cycle_ref, rater=rater)
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".packets-", dir=out))
    except OSError as exc:
        raise UserError(t("{f}: cannot write: {e}", "{f}：无法写入：{e}", f=out, e=exc)) from None
    try:
        names: list[str] = []
        for index, packet in enumerate(packets):
            _step(report, 5 + 90 * index // len(packets), packet)
            name = packet_file_name(packet.rater_code, packet.rater_name, names)
            names.append(name)
            try:
                write_packet(packet, staging / name)
            except OSError as exc:
                raise UserError(
                    t("{f}: cannot write: {e}", "{f}：无法写入：{e}", f=out / name, e=exc)
                ) from None
        written: list[Path] = []
        for name in names:
            target = out / name
            try:
                os.replace(staging / name, target)
            except OSError as exc:
                raise UserError(
                    t(
                        "{f}: cannot write (is it open in Excel?): {e}",
                        "{f}：无法写入（文件是否在 Excel 中打开？）：{e}",
                        f=target,
                        e=exc,
                    )
                ) from None
            written.append(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    report.step(100, t("done", "完成"))
    return written


def _step(report: ProgressReporter, percent: int, packet: Packet) -> None:
    try:
        report.step(
            percent,
            t("writing {c} {n}", "正在写出 {c} {n}", c=packet.rater_code, n=packet.rater_name),
        )
    except UserError:
        raise PacketsCancelled() from None


# --------------------------------------------------------------------------- import


def import_packet(
    database: Database,
    path: Path | str,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Import a filled packet: refused as a whole (PacketRefusedError, nothing written) when
    it belongs to another cycle or database, its cycle takes no more ratings, or its grid
    was altered; otherwise its ratings go through the ratings import (ImportFailed with
    sheet, row and column for a bad rating or a missing comment)."""
    reporter = ProgressReporter(progress)
    file = Path(path)
    reporter.step(0, t("reading {f}", "读取 {f}", f=file.name))
    contents = read_packet(file)
    identity = contents.identity
    if not identity.intact():
        raise _refusal(file, grid_problems(contents))
    with database.reading() as s:
        _check_identity(s, file, contents)
    problems = grid_problems(contents)
    if problems:
        raise _refusal(file, problems)
    tables = [_table(contents, name) for name in identity.sheets()]
    return import_rating_tables(
        database,
        file,
        tables,
        label=t(
            "rating packet {c} {n}",
            "评分表 {c} {n}",
            c=identity.rater_code,
            n=identity.rater_name,
        ),
        dry_run=dry_run,
        reporter=reporter,
    )


def _refusal(file: Path, problems: list[Problem]) -> PacketRefusedError:
    return PacketRefusedError(
        t(
            "{f}: the rating packet was altered since it was issued; nothing was written",
            "{f}：评分表在发出后被改动；未写入任何数据",
            f=file.name,
        ),
        problems=problems,
    )


def _refuse(file: Path, message: str, allowed: str | None = None) -> PacketRefusedError:
    text = t(
        "{f}: rating packet refused: {r}; nothing was written",
        "{f}：评分表被拒绝：{r}；未写入任何数据",
        f=file.name,
        r=message,
    )
    return PacketRefusedError(text, problems=[Problem(text, allowed=allowed)])


def _check_identity(s: Session, file: Path, contents: PacketContents) -> None:
    """The packet's cycle is this database's cycle of that id and name, still taking
    ratings, and its rater is in this database."""
    identity = contents.identity
    cycle = s.get(Cycle, identity.cycle_id)
    if cycle is None or cycle.name != identity.cycle_name:
        here = (
            t(
                "cycle {i} of this database is {m}",
                "本数据库的考核周期 {i} 是“{m}”",
                i=identity.cycle_id,
                m=cycle.name,
            )
            if cycle is not None
            else t(
                "this database has no cycle {i}",
                "本数据库没有编号为 {i} 的考核周期",
                i=identity.cycle_id,
            )
        )
        raise _refuse(
            file,
            t(
                "it is for the cycle {n} (id {i}) of another database or cycle: {h}",
                "它属于其他数据库或考核周期的“{n}”（编号 {i}）：{h}",
                n=identity.cycle_name,
                i=identity.cycle_id,
                h=here,
            ),
        )
    if not inputs_editable(cycle.state):
        raise _refuse(
            file,
            t(
                "the cycle {c} is {s} and takes no more ratings",
                "考核周期“{c}”处于{s}状态，不再接受评分",
                c=cycle.name,
                s=state_label(cycle.state),
            ),
            _EDITABLE_STATES,
        )
    if s.scalar(select(Staff.id).where(Staff.code == identity.rater_code)) is None:
        raise _refuse(
            file,
            t(
                "its rater {c} is not in this database",
                "其评分人 {c} 不在本数据库中",
                c=identity.rater_code,
            ),
        )


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


_KEYS = ("cycle", "ratee", "rater", "rater_role", "item", "rating", "comment")


def _table(contents: PacketContents, name: str) -> Table:
    """A ratee sheet as a table of the ratings import: one row per filled rating, the ratee,
    role and item as issued (the grid is checked), problems named by the sheet's own
    row numbers and headers."""
    identity = contents.identity
    sheet = contents.sheet(name)
    assert sheet is not None  # the grid check found every issued sheet
    issued = {g.row: g for g in identity.grid if g.sheet == name}
    headers = {key: label for key, label in sheet.labels.items() if label}
    headers.update(item=sheet.columns[0], rating=sheet.columns[2], comment=sheet.columns[3])
    rows = []
    for found in sheet.rows:
        if _blank(found.rating) and "rating" not in found.faults:
            continue
        grid = issued[found.row]
        rows.append(
            Row(
                found.row,
                {
                    "cycle": str(identity.cycle_id),
                    "ratee": grid.ratee,
                    "rater": identity.rater_code,
                    "rater_role": grid.role,
                    "item": grid.item,
                    "rating": found.rating,
                    "comment": found.comment,
                },
                found.faults,
            )
        )
    return Table(
        spec=RATINGS,
        file_name=contents.file_name,
        sheet=name,
        header_row=HEADER_ROW,
        columns={key: index for index, key in enumerate(_KEYS)},
        headers=headers,
        rows=tuple(rows),
    )
