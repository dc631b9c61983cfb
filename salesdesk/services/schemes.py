"""Schemes (考核方案, appraisal-rules §5): list, read, check, export and import them as
scheme JSON documents (data-exchange §3a); create, edit, rename, copy and delete them.

The scheme editor stores documents that keep every rule of `check_scheme_document` except
the item weight total: a scheme may sit at 95 / 100 while someone works on it, and such a
scheme cannot open a cycle (`SchemeSummary.weights_ok`). Cycles keep the snapshot they took
when they opened, so editing a scheme that cycles use is allowed.
"""

from __future__ import annotations

import copy as _copy
import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from salesdesk.db.models import CustomerSegment, Cycle, Metric, ProductLine, Region, Scheme
from salesdesk.domain.default_schemes import MAX_SCHEME_NAME, check_scheme_document
from salesdesk.domain.errors import (
    FileRefusedError,
    NotFoundError,
    Problem,
    StaleEditError,
    ValidationError,
)
from salesdesk.domain.metrics import Direction, MetricUnit
from salesdesk.domain.text import language, t
from salesdesk.services import audit
from salesdesk.services.database import Database
from salesdesk.services.default_schemes import scheme_from_document, scheme_to_document


@dataclass(frozen=True)
class SchemeSummary:
    """One scheme as the scheme list shows it."""

    id: int
    name: str
    role: str
    roles: tuple[str, ...]
    cycle_type: str
    weight_total: Decimal
    item_count: int
    used_by: int
    builtin: bool
    version: int = 0

    @property
    def weights_ok(self) -> bool:
        """Whether the item weights add up to exactly 100 (needed to open a cycle)."""
        return self.weight_total == 100


@dataclass(frozen=True)
class SchemeMetric:
    """A metric a scheme item can name, with what the editor needs to know about it."""

    code: str
    name_zh: str
    name_en: str
    unit: MetricUnit
    direction: Direction

    @property
    def name(self) -> str:
        """The name in the language of messages."""
        return self.name_zh if language() == "zh" else self.name_en


@dataclass(frozen=True)
class FilterChoices:
    """The names an item's filter can take: product lines, regions, customer segments."""

    product_line: tuple[str, ...] = ()
    region: tuple[str, ...] = ()
    segment: tuple[str, ...] = ()


# Storage limits of the editor beyond the scheme rules: scores are kept in hundredths.
MAX_ITEM_WEIGHT = Decimal(100)
MAX_BONUS_CAP = Decimal(100)
_HUNDREDTH = Decimal("0.01")


def _summary(scheme: Scheme, used_by: int) -> SchemeSummary:
    return SchemeSummary(
        id=scheme.id,
        name=scheme.name,
        role=scheme.role,
        roles=tuple(str(r) for r in (scheme.roles or [scheme.role])),
        cycle_type=scheme.cycle_type,
        weight_total=sum((item.weight for item in scheme.items), Decimal(0)),
        item_count=len(scheme.items),
        used_by=used_by,
        builtin=scheme.builtin,
        version=scheme.version,
    )


def _refused(message: str, reasons: list[str]) -> ValidationError:
    return ValidationError(message, problems=[Problem(reason) for reason in reasons])


def _not_saved(name: Any, reasons: list[str]) -> ValidationError:
    """The refusal of an edited scheme: one reason stands alone (it is what the status bar
    shows); several are listed under a heading."""
    if len(reasons) == 1:
        return ValidationError.single(reasons[0])
    return _refused(
        t(
            "scheme {n} not saved: {c} problems",
            "考核方案 {n} 未保存：{c} 处问题",
            n=name if isinstance(name, str) else "?",
            c=len(reasons),
        ),
        reasons,
    )


def _exact(value: Any) -> Decimal | None:
    """A decimal from a JSON integer or string, as `check_scheme_document` reads one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            return None
        return number if number.is_finite() else None
    return None


def _valid_weight(value: Any) -> bool:
    number = _exact(value)
    if number is None or number < 0:
        return False
    try:
        return number == number.quantize(_HUNDREDTH)
    except InvalidOperation:
        return False


def _weights_made_whole(doc: Any) -> Any:
    """A copy of `doc` whose valid item weights add up to exactly 100 (the first one 100,
    the others 0); invalid weights stay as they are. Checking it finds every problem of
    `doc` except the weight total, which the editor lets a stored scheme have."""
    if not isinstance(doc, Mapping) or not isinstance(doc.get("items"), list):
        return doc
    items: list[Any] = []
    whole = False
    for item in doc["items"]:
        if isinstance(item, Mapping) and _valid_weight(item.get("weight")):
            item = {**item, "weight": 0 if whole else 100}
            whole = True
        items.append(item)
    return {**doc, "items": items}


def _storage_problems(doc: Any) -> list[str]:
    """What a document may not hold even though no scheme rule forbids it: an item weight
    over 100 or a bonus cap over 100 or finer than hundredths (scores are kept in
    hundredths of a point)."""
    if not isinstance(doc, Mapping):
        return []
    problems: list[str] = []
    items = doc.get("items")
    for number, item in enumerate(items if isinstance(items, list) else [], start=1):
        if not isinstance(item, Mapping):
            continue
        weight = _exact(item.get("weight"))
        if weight is not None and weight > MAX_ITEM_WEIGHT:
            problems.append(
                t(
                    "item {n} ({name}): weight {w} is over 100",
                    "第 {n} 项（{name}）：权重 {w} 超过 100",
                    n=number,
                    name=item.get("name", ""),
                    w=item.get("weight"),
                )
            )
    cap = _exact(doc.get("bonus_cap", "0"))
    if cap is not None and cap >= 0:
        try:
            fine = cap != cap.quantize(_HUNDREDTH)
        except InvalidOperation:
            fine = True
        if fine or cap > MAX_BONUS_CAP:
            problems.append(
                t(
                    "bonus cap must be 0–100 points with at most 2 decimals",
                    "加分上限须为 0–100 分，最多两位小数",
                )
            )
    return problems


class SchemesService:
    """Schemes of one database; each method is one transaction, changes are audited."""

    def __init__(self, database: Database) -> None:
        self._db = database

    # -- reading -------------------------------------------------------------------------

    @staticmethod
    def _find(session: Session, scheme_ref: int | str) -> Scheme:
        """The scheme of this id, or of this name."""
        if isinstance(scheme_ref, int):
            found = session.get(Scheme, scheme_ref)
            if found is None:
                raise NotFoundError(t("the scheme no longer exists", "该考核方案已不存在"))
            return found
        scheme = session.scalar(select(Scheme).where(Scheme.name == scheme_ref.strip()))
        if scheme is None:
            raise NotFoundError(t("no scheme named {n}", "没有名为 {n} 的考核方案", n=scheme_ref))
        return scheme

    @staticmethod
    def _used_by(session: Session, scheme_id: int) -> int:
        return int(
            session.scalar(select(func.count(Cycle.id)).where(Cycle.scheme_id == scheme_id)) or 0
        )

    def list_schemes(self) -> list[SchemeSummary]:
        """Every scheme, by name, with its weight total and how many cycles use it."""
        with self._db.reading() as s:
            counts: dict[int, int] = {}
            for scheme_id, count in s.execute(
                select(Cycle.scheme_id, func.count(Cycle.id))
                .where(Cycle.scheme_id.is_not(None))
                .group_by(Cycle.scheme_id)
            ):
                if scheme_id is not None:
                    counts[scheme_id] = int(count)
            schemes = s.scalars(select(Scheme).order_by(Scheme.name)).all()
            return [_summary(scheme, counts.get(scheme.id, 0)) for scheme in schemes]

    def summary(self, name: int | str) -> SchemeSummary:
        """The scheme (by name or id) as the scheme list shows it."""
        with self._db.reading() as s:
            scheme = self._find(s, name)
            return _summary(scheme, self._used_by(s, scheme.id))

    def get(self, name: int | str) -> dict[str, Any]:
        """The scheme (by name or id) as a JSON document (data-exchange §3a)."""
        with self._db.reading() as s:
            return scheme_to_document(self._find(s, name))

    def validate(self, doc: Any, *, allow_incomplete_weights: bool = False) -> list[str]:
        """Everything wrong with a document (empty when it can be imported), checked
        against the metrics this database knows. With `allow_incomplete_weights`, what
        the editor may store: everything but an item weight total other than 100."""
        with self._db.reading() as s:
            return self._problems(s, doc, allow_incomplete_weights=allow_incomplete_weights)

    def _problems(self, session: Session, doc: Any, *, allow_incomplete_weights: bool) -> list[str]:
        known = self._metric_codes(session)
        if not allow_incomplete_weights:
            return check_scheme_document(doc, known_metrics=known)
        problems = check_scheme_document(_weights_made_whole(doc), known_metrics=known)
        return problems + _storage_problems(doc)

    def metrics(self) -> list[SchemeMetric]:
        """The metrics a scheme item can name, in the catalogue's order."""
        with self._db.reading() as s:
            rows = s.scalars(select(Metric).order_by(Metric.position, Metric.code)).all()
            return [
                SchemeMetric(
                    code=m.code,
                    name_zh=m.name_zh,
                    name_en=m.name_en,
                    unit=MetricUnit(m.unit),
                    direction=Direction(m.direction),
                )
                for m in rows
            ]

    def filter_choices(self) -> FilterChoices:
        """The product lines, regions and customer segments an item's filter can name."""
        with self._db.reading() as s:
            return FilterChoices(
                product_line=tuple(s.scalars(select(ProductLine.name).order_by(ProductLine.code))),
                region=tuple(s.scalars(select(Region.name).order_by(Region.code))),
                segment=tuple(
                    s.scalars(select(CustomerSegment.name).order_by(CustomerSegment.code))
                ),
            )

    @staticmethod
    def _metric_codes(session: Session) -> set[str]:
        return set(session.scalars(select(Metric.code)))

    def export_json(self, name: int | str) -> str:
        """The scheme as JSON text: UTF-8 characters kept, indent 1, decimals as strings."""
        return json.dumps(self.get(name), ensure_ascii=False, indent=1) + "\n"

    def write_json_file(self, name: int | str, path: Path | str) -> Path:
        """Write the scheme's JSON text (UTF-8) to a file; returns the path written."""
        target = Path(path)
        text = self.export_json(name)
        try:
            target.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise FileRefusedError(
                t(
                    "{f}: cannot be written ({e})",
                    "{f}：无法写入（{e}）",
                    f=target.name,
                    e=exc.strerror or exc,
                )
            ) from exc
        return target

    @staticmethod
    def read_json_file(path: Path | str) -> Any:
        """The document in a scheme JSON file (UTF-8, with or without a BOM); a file that
        cannot be read or is not JSON is refused with the reason."""
        source = Path(path)
        try:
            text = source.read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise FileRefusedError(
                t(
                    "{f}: cannot be read ({e})",
                    "{f}：无法读取（{e}）",
                    f=source.name,
                    e=exc.strerror or exc,
                )
            ) from exc
        except UnicodeDecodeError:
            raise FileRefusedError(
                t("{f}: not a UTF-8 text file", "{f}：不是 UTF-8 文本文件", f=source.name)
            ) from None
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise FileRefusedError(
                t(
                    "{f}: not a JSON file (line {l}: {m})",
                    "{f}：不是 JSON 文件（第 {l} 行：{m}）",
                    f=source.name,
                    l=exc.lineno,
                    m=exc.msg,
                )
            ) from None

    # -- changing ------------------------------------------------------------------------

    def import_document(self, doc: Any, *, replace: bool = False) -> SchemeSummary:
        """Add the scheme a document describes; with `replace`, put it in place of the
        scheme of that name (refused while a cycle uses it). A document that breaks a rule
        is refused with every reason."""
        with self._db.transaction() as s:
            problems = check_scheme_document(doc, known_metrics=self._metric_codes(s))
            if problems:
                name = doc.get("name") if isinstance(doc, dict) else None
                raise _refused(
                    t(
                        "scheme {n} refused: {c} problem(s)",
                        "考核方案 {n} 被拒绝：{c} 处问题",
                        n=name if isinstance(name, str) else "?",
                        c=len(problems),
                    ),
                    problems,
                )
            new = scheme_from_document(doc)
            existing = s.scalar(select(Scheme).where(Scheme.name == new.name))
            if existing is None:
                s.add(new)
                s.flush()
                audit.record(
                    s,
                    action="create",
                    entity="scheme",
                    entity_id=new.id,
                    new=new.name,
                    reason=t("imported", "导入"),
                )
                return _summary(new, 0)
            if not replace:
                raise ValidationError.single(
                    t(
                        "a scheme named {n} already exists (use replace to overwrite it)",
                        "已存在名为 {n} 的考核方案（如需覆盖请选择替换）",
                        n=new.name,
                    ),
                    field="name",
                )
            used = self._used_by(s, existing.id)
            if used:
                raise ValidationError.single(
                    t(
                        "scheme {n} is used by {c} cycle(s) and cannot be replaced",
                        "考核方案 {n} 已被 {c} 个考核周期使用，不能替换",
                        n=new.name,
                        c=used,
                    ),
                    field="name",
                )
            old_doc = json.dumps(scheme_to_document(existing), ensure_ascii=False)
            _put_in_place(s, existing, new)
            new_doc = json.dumps(scheme_to_document(existing), ensure_ascii=False)
            if new_doc != old_doc:
                audit.record(
                    s,
                    action="update",
                    entity="scheme",
                    entity_id=existing.id,
                    field="document",
                    old=old_doc,
                    new=new_doc,
                    reason=t("imported", "导入"),
                )
            return _summary(existing, 0)

    def create(self, doc: Any, *, builtin: bool = False, reason: str = "") -> SchemeSummary:
        """Add a scheme from a document the editor may store (every rule but the weight
        total); refused with every reason, or when the name is taken."""
        with self._db.transaction() as s:
            problems = self._problems(s, doc, allow_incomplete_weights=True)
            if problems:
                raise _not_saved(doc.get("name") if isinstance(doc, Mapping) else None, problems)
            new = scheme_from_document(dict(doc), builtin=builtin)
            self._refuse_taken_name(s, new.name)
            s.add(new)
            s.flush()
            audit.record(
                s,
                action="create",
                entity="scheme",
                entity_id=new.id,
                new=new.name,
                reason=reason or t("created", "新建"),
            )
            return _summary(new, 0)

    def update(
        self,
        scheme: int | str,
        doc: Any,
        *,
        expected_version: int | None = None,
        reason: str = "",
    ) -> SchemeSummary:
        """Put `doc` in place of the scheme (by id or name): its settings and items, and its
        name when the document names it otherwise. The document must keep every rule but
        the weight total; a scheme cycles use may be edited (they keep their snapshot).
        With `expected_version`, a scheme changed since then is refused ("changed
        elsewhere"). Audited with the documents before and after; no change, no entry."""
        with self._db.transaction() as s:
            existing = self._find(s, scheme)
            if expected_version is not None and existing.version != expected_version:
                raise StaleEditError(t("scheme {n}", "考核方案 {n}", n=existing.name))
            problems = self._problems(s, doc, allow_incomplete_weights=True)
            if problems:
                raise _not_saved(doc.get("name") if isinstance(doc, Mapping) else None, problems)
            new = scheme_from_document(dict(doc), builtin=existing.builtin)
            if new.name != existing.name:
                self._refuse_taken_name(s, new.name)
            before = scheme_to_document(existing)
            if scheme_to_document(new) == before:
                return _summary(existing, self._used_by(s, existing.id))
            old_name = existing.name
            existing.name = new.name
            _put_in_place(s, existing, new)
            # Items are rows of their own: bump the scheme's version on every change, so a
            # stale editor elsewhere is refused whatever it changed.
            flag_modified(existing, "distribution")
            s.flush()
            after = scheme_to_document(existing)
            if old_name != existing.name:
                audit.record(
                    s,
                    action="rename",
                    entity="scheme",
                    entity_id=existing.id,
                    field="name",
                    old=old_name,
                    new=existing.name,
                    reason=reason,
                )
            if {**before, "name": ""} != {**after, "name": ""}:
                audit.record(
                    s,
                    action="update",
                    entity="scheme",
                    entity_id=existing.id,
                    field="document",
                    old=json.dumps(before, ensure_ascii=False),
                    new=json.dumps(after, ensure_ascii=False),
                    reason=reason or t("edited", "编辑"),
                )
            return _summary(existing, self._used_by(s, existing.id))

    def rename(
        self, scheme: int | str, new_name: str, *, expected_version: int | None = None
    ) -> SchemeSummary:
        """Give a scheme another name (cycles keep theirs and their snapshot)."""
        doc = self.get(scheme)
        doc["name"] = new_name.strip() if isinstance(new_name, str) else new_name
        return self.update(scheme, doc, expected_version=expected_version)

    @staticmethod
    def _refuse_taken_name(session: Session, name: str) -> None:
        if session.scalar(select(Scheme.id).where(Scheme.name == name)) is not None:
            raise ValidationError.single(
                t("a scheme named {n} already exists", "已存在名为 {n} 的考核方案", n=name),
                field="name",
            )

    def copy(self, name: int | str, new_name: str) -> SchemeSummary:
        """A copy of a scheme under a new name (not built in)."""
        with self._db.transaction() as s:
            source = self._find(s, name)
            doc = _copy.deepcopy(scheme_to_document(source))
            doc["name"] = new_name.strip()
            if not doc["name"] or len(doc["name"]) > MAX_SCHEME_NAME:
                raise ValidationError.single(
                    t(
                        "the scheme needs a name of 1–{n} characters",
                        "方案名称须为 1–{n} 个字符",
                        n=MAX_SCHEME_NAME,
                    ),
                    field="name",
                )
            if s.scalar(select(Scheme.id).where(Scheme.name == doc["name"])) is not None:
                raise ValidationError.single(
                    t(
                        "a scheme named {n} already exists",
                        "已存在名为 {n} 的考核方案",
                        n=doc["name"],
                    ),
                    field="name",
                )
            # A copy keeps what the source holds, even a weight total not yet 100: the
            # editor is where it is fixed.
            new = scheme_from_document(doc)
            s.add(new)
            s.flush()
            audit.record(
                s,
                action="create",
                entity="scheme",
                entity_id=new.id,
                old=source.name,
                new=new.name,
                reason=t("copied", "复制"),
            )
            return _summary(new, 0)

    def delete(self, name: int | str) -> None:
        """Delete a scheme; refused while a cycle uses it."""
        with self._db.transaction() as s:
            scheme = self._find(s, name)
            used = self._used_by(s, scheme.id)
            if used:
                raise ValidationError.single(
                    t(
                        "scheme {n} is used by {c} cycle(s) and cannot be deleted",
                        "考核方案 {n} 已被 {c} 个考核周期使用，不能删除",
                        n=scheme.name,
                        c=used,
                    ),
                    field="name",
                )
            audit.record(s, action="delete", entity="scheme", entity_id=scheme.id, old=scheme.name)
            s.delete(scheme)


def _put_in_place(session: Session, existing: Scheme, new: Scheme) -> None:
    """Give `existing` the settings and items of `new` (a transient row that is emptied)."""
    existing.items.clear()
    session.flush()
    for attribute in (
        "role",
        "roles",
        "cycle_type",
        "description",
        "bonus_cap",
        "rater_weights",
        "bands",
        "coefficients",
        "distribution",
    ):
        setattr(existing, attribute, getattr(new, attribute))
    for item in list(new.items):
        new.items.remove(item)
        existing.items.append(item)
    session.flush()
