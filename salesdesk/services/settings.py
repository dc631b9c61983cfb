"""Company-wide settings kept in the database (company name, language override)."""

from __future__ import annotations

from salesdesk.db.models import Setting
from salesdesk.domain.org import check_name
from salesdesk.services import audit
from salesdesk.services.database import Database

COMPANY_NAME = "company_name"


class SettingsService:
    def __init__(self, database: Database) -> None:
        self.db = database

    def get(self, key: str, default: str = "") -> str:
        with self.db.reading() as s:
            row = s.get(Setting, key)
            return row.value if row is not None else default

    def set(self, key: str, value: str) -> None:
        with self.db.transaction() as s:
            row = s.get(Setting, key)
            old = row.value if row is not None else None
            if row is None:
                s.add(Setting(key=key, value=value))
            else:
                row.value = value
            if old != value:
                audit.record(s, action="update", entity="setting", field=key, old=old, new=value)

    def company_name(self) -> str:
        return self.get(COMPANY_NAME)

    def set_company_name(self, name: str) -> None:
        self.set(COMPANY_NAME, check_name(name, "company"))
