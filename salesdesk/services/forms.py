"""Exporting a cycle's appraisal forms (one PDF per participant, `<工号>_<姓名>.pdf`) and a
scheme's published rules (考核方案说明) as a PDF (reports.md).

The forms print each person's scorecard as `salesdesk score --json` gives it (the frozen
one of a confirmed cycle), with the inputs behind it: ratings, key tasks, adjustments and
the interview. Files are written whole or not at all: the forms go to a hidden folder
beside the target and are moved into place when every one is done; the rules go to a
temporary file that is renamed.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from salesdesk.db.models import Adjustment, Appraisal, Interview, KeyTask, Rating, Setting, Staff
from salesdesk.domain.default_schemes import RATER_ROLES
from salesdesk.domain.errors import NotFoundError, Problem, UserError
from salesdesk.domain.metrics import MetricDef, MetricUnit
from salesdesk.domain.scoring import bonus_cap_of, rater_weights_of
from salesdesk.domain.text import t
from salesdesk.domain.workflow import appeal_deadline, results_frozen
from salesdesk.exchange.files import cannot_write, write_atomically
from salesdesk.exchange.packets import safe_file_stem
from salesdesk.reports.forms import (
    AppraisalForm,
    FormAdjustment,
    FormInterview,
    FormRating,
    FormTask,
    render_form,
)
from salesdesk.reports.labels import plain_number
from salesdesk.reports.rules_doc import render_rules
from salesdesk.services.actuals import load_metric_defs
from salesdesk.services.cycle_scoring import CycleResults, ResultRow, ScoringCancelled
from salesdesk.services.cycles import CyclesService, find_cycle
from salesdesk.services.database import Database
from salesdesk.services.interviews import confirmation_date
from salesdesk.services.schemes import SchemesService
from salesdesk.services.settings import COMPANY_NAME

Progress = Callable[[int, str], bool]
"""`progress(percent, message) -> bool`: False cancels the export (nothing is written)."""

# Scoring a cycle that is not confirmed takes the first part of the progress bar.
_SCORING_SHARE = 30


class ExportCancelled(UserError):
    """The export was cancelled through its progress callback; no file was written."""

    def __init__(self) -> None:
        super().__init__(t("export cancelled; no file was written", "已取消导出，未写出任何文件"))


def _step(progress: Progress | None, percent: int, message: str) -> None:
    if progress is not None and progress(max(0, min(100, percent)), message) is False:
        raise ExportCancelled()


def _done(progress: Progress | None) -> None:
    """The end of an export: files are in place, so a late Cancel has nothing to undo."""
    if progress is not None:
        progress(100, t("done", "完成"))


def _scaled(progress: Progress | None, low: int, high: int) -> Progress | None:
    if progress is None:
        return None

    def scaled(percent: int, message: str) -> bool:
        return progress(low + (high - low) * max(0, min(100, percent)) // 100, message)

    return scaled


# --------------------------------------------------------------------------- file names


def form_file_name(code: str, name: str, taken: Iterable[str] = ()) -> str:
    """`<工号>_<姓名>.pdf`, safe for Windows and unique (case aside) among `taken`."""
    stem = safe_file_stem(f"{code}_{name}")
    used = {n.casefold() for n in taken}
    candidate, number = f"{stem}.pdf", 1
    while candidate.casefold() in used:
        number += 1
        candidate = f"{stem}_{number}.pdf"
    return candidate


# --------------------------------------------------------------------------- what forms show


@dataclass(frozen=True)
class _CycleContext:
    """What every form of a cycle shares, and each person's inputs, read in one go."""

    company: str
    cycle: str
    period: str
    state: str
    scheme: str
    item_units: Mapping[str, MetricUnit]
    rater_roles: tuple[str, ...]
    bonus_cap: str
    appeal_deadline: date | None
    appeal_days: int
    decision_working_days: int
    managers: Mapping[int, tuple[str, str]]
    ratings: Mapping[int, tuple[FormRating, ...]]
    tasks: Mapping[int, tuple[FormTask, ...]]
    adjustments: Mapping[int, tuple[FormAdjustment, ...]]
    interviews: Mapping[int, FormInterview]

    def form_for(self, row: ResultRow) -> AppraisalForm:
        person = row.participant
        manager, skip_level = self.managers.get(person.staff_id, ("", ""))
        return AppraisalForm(
            company=self.company,
            cycle=self.cycle,
            period=self.period,
            state=self.state,
            scheme=self.scheme,
            code=person.code,
            name=person.name,
            unit=person.unit,
            role=person.role,
            manager=manager,
            skip_level_manager=skip_level,
            card=row.card,
            item_units=self.item_units,
            rater_roles=self.rater_roles,
            bonus_cap=self.bonus_cap,
            ratings=self.ratings.get(person.appraisal_id, ()),
            tasks=self.tasks.get(person.appraisal_id, ()),
            adjustments=self.adjustments.get(person.appraisal_id, ()),
            interview=self.interviews.get(person.appraisal_id),
            override_reason=person.override_reason if person.override_grade else None,
            appeal_deadline=self.appeal_deadline,
            appeal_days=self.appeal_days,
            decision_working_days=self.decision_working_days,
        )


def _managers(s: Session, staff_ids: set[int]) -> dict[int, tuple[str, str]]:
    """Each person's manager and skip-level manager (their manager's manager), by name."""
    people = {
        staff_id: (name, manager_id)
        for staff_id, name, manager_id in s.execute(select(Staff.id, Staff.name, Staff.manager_id))
    }
    found: dict[int, tuple[str, str]] = {}
    for staff_id in staff_ids:
        manager_id = people.get(staff_id, ("", None))[1]
        manager_name, skip_id = people.get(manager_id, ("", None)) if manager_id else ("", None)
        skip_name = people[skip_id][0] if skip_id in people else ""
        found[staff_id] = (manager_name, skip_name)
    return found


def _inputs(
    s: Session, cycle_id: int, appraisal_ids: set[int], item_order: Mapping[str, int]
) -> tuple[
    dict[int, tuple[FormRating, ...]],
    dict[int, tuple[FormTask, ...]],
    dict[int, tuple[FormAdjustment, ...]],
    dict[int, FormInterview],
]:
    in_cycle = select(Appraisal.id).where(Appraisal.cycle_id == cycle_id)
    roles = {role: i for i, role in enumerate(RATER_ROLES)}
    ratings: dict[int, list[tuple[Any, FormRating]]] = {}
    for appraisal_id, item, role, value, comment, rater_code in s.execute(
        select(
            Rating.appraisal_id,
            Rating.item_name,
            Rating.rater_role,
            Rating.rating,
            Rating.comment,
            Staff.code,
        )
        .join(Staff, Staff.id == Rating.rater_id)
        .where(Rating.appraisal_id.in_(in_cycle))
    ):
        if appraisal_id in appraisal_ids:
            key = (item_order.get(item, len(item_order)), item, roles.get(role, 9), rater_code)
            ratings.setdefault(appraisal_id, []).append(
                (key, FormRating(item, role, value, comment))
            )
    tasks: dict[int, list[FormTask]] = {}
    for task in s.scalars(
        select(KeyTask)
        .where(KeyTask.appraisal_id.in_(in_cycle))
        .order_by(KeyTask.appraisal_id, KeyTask.position, KeyTask.id)
    ):
        if task.appraisal_id in appraisal_ids:
            tasks.setdefault(task.appraisal_id, []).append(
                FormTask(task.description, task.weight, task.completion, task.note)
            )
    adjustments: dict[int, list[FormAdjustment]] = {}
    for adjustment in s.scalars(
        select(Adjustment).where(Adjustment.appraisal_id.in_(in_cycle)).order_by(Adjustment.id)
    ):
        if adjustment.appraisal_id in appraisal_ids:
            adjustments.setdefault(adjustment.appraisal_id, []).append(
                FormAdjustment(adjustment.kind, adjustment.points, adjustment.reason)
            )
    interviews: dict[int, FormInterview] = {}
    for interview in s.scalars(select(Interview).where(Interview.appraisal_id.in_(in_cycle))):
        if interview.appraisal_id in appraisal_ids:
            interviews[interview.appraisal_id] = FormInterview(
                interview.interview_date,
                interview.notes,
                interview.improvement_goals,
                interview.confirmed_on,
                interview.refused,
                interview.refusal_reason,
            )
    return (
        {
            k: tuple(r for _key, r in sorted(v, key=lambda pair: pair[0]))
            for k, v in ratings.items()
        },
        {k: tuple(v) for k, v in tasks.items()},
        {k: tuple(v) for k, v in adjustments.items()},
        interviews,
    )


def _item_units(
    items: Sequence[Mapping[str, Any]], metrics: Sequence[MetricDef]
) -> dict[str, MetricUnit]:
    units = {metric.code: metric.unit for metric in metrics}
    return {
        str(item["name"]): units[str(item["metric"])]
        for item in items
        if item.get("kind") == "metric" and str(item.get("metric")) in units
    }


def _load_context(
    database: Database, results: CycleResults, rows: Sequence[ResultRow]
) -> _CycleContext:
    with database.reading() as s:
        cycle = find_cycle(s, results.cycle_id)
        snapshot = cycle.scheme_snapshot
        items = list(snapshot.get("items", []))
        weights = rater_weights_of(snapshot)
        company = s.get(Setting, COMPANY_NAME)
        deadline = None
        if results_frozen(cycle.state) and cycle.confirmed_at is not None:
            deadline = appeal_deadline(confirmation_date(cycle), cycle.appeal_days)
        appraisal_ids = {row.participant.appraisal_id for row in rows}
        ratings, tasks, adjustments, interviews = _inputs(
            s,
            cycle.id,
            appraisal_ids,
            {str(item.get("name")): i for i, item in enumerate(items)},
        )
        return _CycleContext(
            company=company.value if company is not None else "",
            cycle=results.cycle,
            period=results.period,
            state=results.state,
            scheme=results.scheme,
            item_units=_item_units(items, load_metric_defs(s)),
            rater_roles=tuple(role for role in RATER_ROLES if weights.get(role, 0) > 0),
            bonus_cap=plain_number(bonus_cap_of(snapshot)),
            appeal_deadline=deadline,
            appeal_days=cycle.appeal_days,
            decision_working_days=cycle.decision_working_days,
            managers=_managers(s, {row.participant.staff_id for row in rows}),
            ratings=ratings,
            tasks=tasks,
            adjustments=adjustments,
            interviews=interviews,
        )


def _chosen_rows(results: CycleResults, codes: Sequence[str] | None) -> list[ResultRow]:
    if codes is None:
        return list(results.rows)
    wanted = [str(code).strip() for code in codes]
    by_code = {row.code: row for row in results.rows}
    missing = [code for code in wanted if code not in by_code]
    if missing:
        message = t(
            "not a participant of {c}: {m}",
            "不是考核周期“{c}”的参与人：{m}",
            c=results.cycle,
            m=", ".join(missing),
        )
        raise NotFoundError(message, problems=[Problem(message, field="staff")])
    chosen = set(wanted)
    return [row for row in results.rows if row.code in chosen]


# --------------------------------------------------------------------------- exports


def export_forms(
    database: Database,
    cycle_ref: str | int,
    out_dir: Path | str,
    *,
    progress: Progress | None = None,
    codes: Sequence[str] | None = None,
) -> list[Path]:
    """Write the appraisal form of every participant of a cycle (or of the staff `codes`)
    into `out_dir` as `<工号>_<姓名>.pdf`, in rank order; returns the files written.

    All forms are written to a hidden folder inside `out_dir` and moved into place when
    the last is done, so a cancelled or failed export leaves no form behind."""
    _step(progress, 0, t("reading the cycle", "读取考核周期"))
    try:
        results = CyclesService(database).results(
            cycle_ref, progress=_scaled(progress, 0, _SCORING_SHARE)
        )
    except ScoringCancelled:
        raise ExportCancelled() from None
    rows = _chosen_rows(results, codes)
    context = _load_context(database, results, rows)
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".forms-", dir=out))
    except OSError as exc:
        raise cannot_write(out, exc, pdf=True) from None
    try:
        names: list[str] = []
        for index, row in enumerate(rows):
            person = row.participant
            _step(
                progress,
                _SCORING_SHARE + (100 - _SCORING_SHARE) * index // max(1, len(rows)),
                t("writing {c} {n}", "正在写出 {c} {n}", c=person.code, n=person.name),
            )
            name = form_file_name(person.code, person.name, names)
            names.append(name)
            pdf = render_form(context.form_for(row))
            try:
                (staging / name).write_bytes(pdf.data)
            except OSError as exc:
                raise cannot_write(out / name, exc, pdf=True) from None
        # The last chance to cancel: after this, forms are put in place.
        _step(progress, 99, t("putting the forms in place", "正在保存考核表"))
        written: list[Path] = []
        for name in names:
            target = out / name
            try:
                os.replace(staging / name, target)
            except OSError as exc:
                raise cannot_write(target, exc, pdf=True) from None
            written.append(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    _done(progress)
    return written


def _scheme_document(database: Database, scheme_ref: str | int) -> dict[str, Any]:
    schemes = SchemesService(database)
    try:
        return schemes.get(scheme_ref)
    except NotFoundError:
        # A number typed on the command line is an id when no scheme has it as its name.
        if isinstance(scheme_ref, str) and scheme_ref.strip().isdigit():
            return schemes.get(int(scheme_ref.strip()))
        raise


def export_rules(
    database: Database,
    scheme_ref: str | int,
    out: Path | str,
    *,
    progress: Progress | None = None,
) -> Path:
    """Write a scheme's published rules (考核方案说明) to `out` as a PDF; returns the path.
    The file is written under a temporary name and renamed, so it is whole or absent."""
    _step(progress, 0, t("reading the scheme", "读取考核方案"))
    scheme = _scheme_document(database, scheme_ref)
    with database.reading() as s:
        metrics = {metric.code: metric for metric in load_metric_defs(s)}
        company = s.get(Setting, COMPANY_NAME)
        company_name = company.value if company is not None else ""
    target = Path(out)
    if target.is_dir():
        raise UserError(
            t(
                "{f} is a folder; give a file name such as rules.pdf",
                "{f} 是文件夹；请给出文件名，例如 考核方案说明.pdf",
                f=target,
            )
        )
    _step(progress, 20, t("laying out the rules", "正在排版"))
    pdf = render_rules(scheme, metrics, company=company_name)
    _step(progress, 90, t("writing {f}", "正在写出 {f}", f=target.name))
    write_atomically(target, lambda file: file.write_bytes(pdf.data), pdf=True)
    _done(progress)
    return target
