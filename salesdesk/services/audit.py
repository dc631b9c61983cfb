"""The audit log: who (the OS user), when, what, old → new, and why."""

from __future__ import annotations

import getpass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from salesdesk.db.models import AuditEntry


def current_user() -> str:
    """The operating-system user: who made a change."""
    try:
        return getpass.getuser()
    except Exception:  # no user name in some service accounts; still audit
        return "unknown"


def audit_text(value: object) -> str | None:
    """How a value is written in the audit log."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def entry(
    *,
    action: str,
    entity: str,
    entity_id: int | None = None,
    staff_id: int | None = None,
    cycle_id: int | None = None,
    field: str | None = None,
    old: object = None,
    new: object = None,
    reason: str = "",
    at: datetime | None = None,
    user: str | None = None,
) -> dict[str, Any]:
    """The column values of one audit entry (for `record`, or a bulk insert of many)."""
    return {
        "at": at or datetime.now(),
        "user": user if user is not None else current_user(),
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "staff_id": staff_id,
        "cycle_id": cycle_id,
        "field": field,
        "old_value": audit_text(old),
        "new_value": audit_text(new),
        "reason": reason,
    }


def record(session: Session, **values: Any) -> None:
    """Add one audit entry in the caller's transaction (arguments as for `entry`)."""
    session.add(AuditEntry(**entry(**values)))


def record_many(session: Session, entries: list[dict[str, Any]]) -> None:
    """Add many entries made by `entry` in one INSERT (imports write thousands)."""
    if entries:
        session.execute(insert(AuditEntry), entries)
