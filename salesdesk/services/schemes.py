"""Schemes (考核方案, appraisal-rules §5): list, read, check, export and import them as
scheme JSON documents (data-exchange §3a), copy and delete them."""

from __future__ import annotations

import copy as _copy
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from salesdesk.db.models import Cycle, Metric, Scheme
from salesdesk.domain.default_schemes import MAX_SCHEME_NAME, check_scheme_document
from salesdesk.domain.errors import NotFoundError, Problem, ValidationError
from salesdesk.domain.text import t
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

    @property
    def weights_ok(self) -> bool:
        """Whether the item weights add up to exactly 100 (needed to open a cycle)."""
        return self.weight_total == 100


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
    )


def _refused(message: str, reasons: list[str]) -> ValidationError:
    return ValidationError(message, problems=[Problem(reason) for reason in reasons])


class SchemesService:
    """Schemes of one database; each method is one transaction, changes are audited."""

    def __init__(self, database: Database) -> None:
        self._db = database

    # -- reading -------------------------------------------------------------------------

    @staticmethod
    def _find(session: Session, name: str) -> Scheme:
        scheme = session.scalar(select(Scheme).where(Scheme.name == name.strip()))
        if scheme is None:
            raise NotFoundError(t("no scheme named {n}", "没有名为 {n} 的考核方案", n=name))
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

    def summary(self, name: str) -> SchemeSummary:
        with self._db.reading() as s:
            scheme = self._find(s, name)
            return _summary(scheme, self._used_by(s, scheme.id))

    def get(self, name: str) -> dict[str, Any]:
        """The scheme as a JSON document (data-exchange §3a)."""
        with self._db.reading() as s:
            return scheme_to_document(self._find(s, name))

    def validate(self, doc: Any) -> list[str]:
        """Everything wrong with a document (empty when it can be imported), checked
        against the metrics this database knows."""
        with self._db.reading() as s:
            return check_scheme_document(doc, known_metrics=self._metric_codes(s))

    @staticmethod
    def _metric_codes(session: Session) -> set[str]:
        return set(session.scalars(select(Metric.code)))

    def export_json(self, name: str) -> str:
        """The scheme as JSON text: UTF-8 characters kept, indent 1, decimals as strings."""
        return json.dumps(self.get(name), ensure_ascii=False, indent=1) + "\n"

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
            existing.items.clear()
            s.flush()
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
            s.flush()
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

    def copy(self, name: str, new_name: str) -> SchemeSummary:
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

    def delete(self, name: str) -> None:
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
