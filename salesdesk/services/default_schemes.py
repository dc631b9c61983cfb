"""The default schemes of appraisal-rules §8, installed in every new database, and the
conversion between Scheme rows and scheme JSON documents (data-exchange §3a)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from salesdesk.db.models import Scheme, SchemeItem
from salesdesk.domain.default_schemes import (
    DEFAULT_BANDS,
    DEFAULT_BONUS_CAP,
    DEFAULT_COEFFICIENTS,
    DEFAULT_DISTRIBUTION,
    DEFAULT_RATER_WEIGHTS,
    default_scheme_documents,
)


def _number(value: Any) -> Decimal:
    return Decimal(str(value).strip())


def _json_number(value: Decimal) -> int | str:
    """A weight or points value as the document writes it: a whole number as an integer,
    anything else as a decimal string (never a binary float)."""
    if value == value.to_integral_value():
        return int(value)
    return format(value.normalize(), "f")


def scheme_from_document(doc: dict[str, Any], *, builtin: bool = False) -> Scheme:
    """A new Scheme row (with its items, not yet added to a session) from a document that
    passed `check_scheme_document`."""
    scheme = Scheme(
        name=doc["name"].strip(),
        role=doc["role"],
        roles=list(doc.get("roles") or [doc["role"]]),
        cycle_type=doc["cycle_type"],
        description=doc.get("description", ""),
        bonus_cap=_number(doc.get("bonus_cap", DEFAULT_BONUS_CAP)),
        rater_weights=dict(doc.get("rater_weights", DEFAULT_RATER_WEIGHTS)),
        bands=[list(band) for band in doc.get("bands", DEFAULT_BANDS)],
        coefficients=dict(doc.get("coefficients", DEFAULT_COEFFICIENTS)),
        distribution=dict(doc.get("distribution", DEFAULT_DISTRIBUTION)),
        builtin=builtin,
    )
    for position, item in enumerate(doc["items"]):
        kind = item["kind"]
        scheme.items.append(
            SchemeItem(
                position=position,
                name=item["name"].strip(),
                category=item["category"],
                weight=_number(item["weight"]),
                kind=kind,
                metric_code=item.get("metric") if kind == "metric" else None,
                scope=item.get("scope", "own") if kind == "metric" else "own",
                filter=dict(item.get("filter", {})),
                rule=dict(item.get("rule", {})),
                levels=dict(item.get("levels", {})),
                raters=list(item.get("raters", [])),
                source=item.get("source") if kind == "period_results" else None,
                description=item.get("description", ""),
            )
        )
    return scheme


def item_to_document(item: SchemeItem) -> dict[str, Any]:
    """One scheme item in the document shape; optional keys only where they say something."""
    doc: dict[str, Any] = {
        "name": item.name,
        "category": item.category,
        "weight": _json_number(item.weight),
        "kind": item.kind,
    }
    if item.kind == "metric":
        doc["metric"] = item.metric_code
        doc["scope"] = item.scope
        if item.filter:
            doc["filter"] = dict(item.filter)
        doc["rule"] = dict(item.rule)
    elif item.kind == "rating":
        if item.levels:
            doc["levels"] = dict(item.levels)
        if item.raters:
            doc["raters"] = list(item.raters)
    elif item.kind == "period_results":
        doc["source"] = item.source
    if item.description:
        doc["description"] = item.description
    return doc


def scheme_to_document(scheme: Scheme) -> dict[str, Any]:
    """A Scheme row as a scheme JSON document (data-exchange §3a), items in their order."""
    return {
        "name": scheme.name,
        "role": scheme.role,
        "roles": list(scheme.roles or [scheme.role]),
        "cycle_type": scheme.cycle_type,
        "description": scheme.description,
        "bonus_cap": format(scheme.bonus_cap.normalize(), "f"),
        "rater_weights": dict(scheme.rater_weights),
        "bands": [list(band) for band in scheme.bands],
        "coefficients": dict(scheme.coefficients),
        "distribution": dict(scheme.distribution),
        "items": [
            item_to_document(item) for item in sorted(scheme.items, key=lambda i: i.position)
        ],
    }


def install_default_schemes(session: Session) -> int:
    """Add the default schemes of appraisal-rules §8 that are not there yet (by name);
    returns how many were added. Runs in the caller's transaction."""
    existing = set(session.scalars(select(Scheme.name)))
    added = 0
    for doc in default_scheme_documents():
        if doc["name"] in existing:
            continue
        session.add(scheme_from_document(doc, builtin=True))
        added += 1
    return added
